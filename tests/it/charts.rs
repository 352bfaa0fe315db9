//! The charts a proposal team pastes: nothing clipped, legends that match the lines.

use crate::common::{repo, scratch};

use staffsim::plan::plan;
use staffsim::present::{self, charts};
use staffsim::report::{Chart, Colour, Mark, Panel, XAxis, YFormat};
use staffsim::scenario::Scenario;
use staffsim::sim::{SimOptions, simulate};

/// Every chart `run` draws for the bundled scenario at `path`, with few replications.
/// The report's charts of the scenario at `path` (simulated with 4 replications, seed 1), built
/// once per scenario for all the tests that read them.
fn report_charts(path: &str) -> &'static [(String, Chart)] {
    type Charts = Vec<(String, Chart)>;
    static BUILT: std::sync::Mutex<Vec<(String, &'static std::sync::OnceLock<Charts>)>> =
        std::sync::Mutex::new(Vec::new());
    let cell = {
        let mut built = BUILT.lock().unwrap();
        match built.iter().find(|(p, _)| p == path) {
            Some((_, cell)) => *cell,
            None => {
                let cell: &'static std::sync::OnceLock<Charts> =
                    Box::leak(Box::new(std::sync::OnceLock::new()));
                built.push((path.to_string(), cell));
                cell
            }
        }
    };
    cell.get_or_init(|| build_report_charts(path))
}

fn build_report_charts(path: &str) -> Vec<(String, Chart)> {
    let scenario = Scenario::load(&repo(path)).unwrap();
    let planned = plan(&scenario).unwrap();
    let options = SimOptions {
        replications: 4,
        seed: 1,
        threads: None,
        ledger: None,
    };
    let agents: Vec<u32> = planned.intervals.iter().map(|i| i.staffed_agents).collect();
    let simulated = simulate(&scenario, &agents, options, &|| {}).unwrap();
    let ctx = charts::Context {
        scenario: &scenario,
        plan: &planned,
        simulation: Some(&simulated),
    };
    let mut all = present::all_charts(&ctx);
    if let Some(config) = &scenario.sweep {
        let result = staffsim::sweep::sweep(&scenario, config, options, &|| {}).unwrap();
        all.push((
            "sweep-front".into(),
            charts::sweep_front(&scenario, &result),
        ));
        all.push((
            "sweep-confidence".into(),
            charts::sweep_confidence(&scenario, &result),
        ));
    }
    if scenario.bid.is_some() {
        let result = staffsim::bid::bid(&scenario, options, &|| {}).unwrap();
        all.push(("bid-fte".into(), charts::bid_fte(&scenario, &result)));
        all.push(("bid-price".into(), charts::bid_price(&scenario, &result)));
    }
    if scenario.schedule.is_some() {
        let options = staffsim::schedule::ScheduleOptions {
            sim: options,
            objective: None,
        };
        let result = staffsim::schedule::schedule(&scenario, options, &|| {}).unwrap();
        all.push((
            "schedule".into(),
            charts::schedule(&scenario, &result).unwrap(),
        ));
    }
    all
}

#[test]
fn no_title_subtitle_or_footnote_of_the_bundled_reports_runs_off_the_chart() {
    for scenario in [
        "scenarios/holiday-peak.toml",
        "scenarios/bpo-bid-baseline.toml",
    ] {
        for (name, chart) in report_charts(scenario) {
            assert!(
                chart.overflowing_text().is_empty(),
                "{scenario} {name}: {:?}",
                chart.overflowing_text()
            );
        }
    }
}

fn one_line_chart(subtitle: &str, dashed: bool) -> Chart {
    Chart {
        title: "A chart".into(),
        subtitle: subtitle.into(),
        footnote: "Footnote".into(),
        x: XAxis {
            title: "x".into(),
            range: (0.0, 10.0),
            ticks: vec![(0.0, "0".into()), (10.0, "10".into())],
            separators: vec![],
        },
        panels: vec![Panel {
            y_title: "y".into(),
            y_range: (0.0, 1.0),
            y_format: YFormat::Percent,
            marks: vec![Mark::Line {
                label: "Series".into(),
                points: (0..=10).map(|x| (f64::from(x), Some(0.5))).collect(),
                colour: Colour::Vermillion,
                dashed,
            }],
        }],
    }
}

#[test]
fn a_long_subtitle_wraps_instead_of_being_clipped() {
    let long = "Cost against the share of simulated days meeting the target, for every option of the sweep, with the recommended option marked and the Pareto front drawn through the options no other beats on both cost and service";
    let chart = one_line_chart(long, false);
    assert!(chart.overflowing_text().is_empty());
    let dir = scratch("wrap");
    let path = dir.join("wrapped.svg");
    chart.save(&path).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.contains("Cost against the share"), "first line drawn");
    assert!(
        svg.contains("on both cost and service"),
        "last words drawn on a later line"
    );
    let unbreakable = one_line_chart(&"x".repeat(400), false);
    assert_eq!(
        unbreakable.overflowing_text().len(),
        1,
        "a word wider than the chart is reported"
    );
}

/// The lengths of the vermillion strokes a chart's SVG draws that the same chart without a
/// legend label does not: its legend swatch.
fn swatch_lengths(dashed: bool) -> Vec<i64> {
    let dir = scratch("swatch");
    let strokes = |labelled: bool| -> Vec<String> {
        let mut chart = one_line_chart("s", dashed);
        if !labelled && let Mark::Line { label, .. } = &mut chart.panels[0].marks[0] {
            label.clear();
        }
        let path = dir.join(format!("swatch-{dashed}-{labelled}.svg"));
        chart.save(&path).unwrap();
        std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .filter(|l| l.contains("<polyline") && l.contains("#D55E00"))
            .map(str::to_string)
            .collect()
    };
    let plain = strokes(false);
    strokes(true)
        .into_iter()
        .filter(|l| !plain.contains(l))
        .map(|l| {
            let points = l
                .split("points=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let xs: Vec<i64> = points
                .split_whitespace()
                .map(|p| p.split(',').next().unwrap().parse().unwrap())
                .collect();
            xs[xs.len() - 1] - xs[0]
        })
        .filter(|length| *length > 0)
        .collect()
}

#[test]
fn legend_swatches_are_dashed_exactly_where_their_lines_are() {
    assert_eq!(swatch_lengths(false), vec![23], "one solid stroke");
    assert_eq!(swatch_lengths(true), vec![9, 9], "two dashes");
}

/// Every value a panel draws (lines, bands, points, reference lines).
fn panel_values(panel: &Panel) -> Vec<f64> {
    panel.marks.iter().flat_map(Mark::y_values).collect()
}

#[test]
fn share_axes_are_fitted_to_their_data_not_run_from_zero_to_one_hundred() {
    let fitted = [
        "service-level",
        "occupancy",
        "sweep-front",
        "sweep-confidence",
    ];
    let mut checked = 0;
    for scenario in [
        "scenarios/holiday-peak.toml",
        "scenarios/bpo-bid-baseline.toml",
    ] {
        for (name, chart) in report_charts(scenario) {
            let panels: Vec<&Panel> = if fitted.contains(&name.as_str()) {
                vec![&chart.panels[0]]
            } else if name.starts_with("special-day") {
                vec![&chart.panels[1]]
            } else {
                continue;
            };
            for panel in panels {
                let values = panel_values(panel);
                let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let (y0, y1) = panel.y_range;
                assert!(
                    y0 <= lo && hi <= y1,
                    "{scenario} {name}: data {lo}–{hi} outside {y0}–{y1}"
                );
                assert!(
                    y0 >= lo - 0.1 - 1e-9,
                    "{scenario} {name}: axis from {y0} for data from {lo}"
                );
                assert!(
                    y1 - y0 >= 0.2 - 1e-9,
                    "{scenario} {name}: axis {y0}–{y1} too narrow"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 8, "checked {checked} panels");
}

#[test]
fn the_staffing_curve_marks_which_constraint_sets_the_requirement() {
    let charts = report_charts("scenarios/bpo-bid-baseline.toml");
    let (_, curve) = charts
        .iter()
        .find(|(name, _)| name == "staffing-curve")
        .expect("a staffing curve");
    let labels: Vec<&str> = curve.panels[0]
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Line { label, .. } => Some(label.as_str()),
            _ => None,
        })
        .collect();
    let binding: Vec<&&str> = labels
        .iter()
        .filter(|l| l.ends_with("sets the requirement"))
        .collect();
    assert_eq!(binding.len(), 1, "{labels:?}");
    assert!(
        labels.iter().any(|l| l.contains("service level needs")),
        "{labels:?}"
    );
    assert!(
        labels.iter().any(|l| l.contains("occupancy ≤ 88 % needs")),
        "{labels:?}"
    );
    assert!(curve.subtitle.contains("is set by"), "{}", curve.subtitle);
}

#[test]
fn the_four_week_baseline_is_charted_by_day_with_its_worst_week_interval_by_interval() {
    let charts = report_charts("scenarios/bpo-bid-baseline.toml");
    let find = |stem: &str| {
        charts
            .iter()
            .find(|(name, _)| name == stem)
            .map(|(_, chart)| chart)
            .unwrap_or_else(|| panic!("no {stem} chart"))
    };
    for stem in ["service-level", "staffing", "occupancy"] {
        let chart = find(stem);
        assert!(chart.title.contains("by day"), "{stem}: {}", chart.title);
        assert_eq!(chart.x.range, (0.0, 28.0), "{stem}: one unit per day");
    }
    let closed = find("service-level").panels[0]
        .marks
        .iter()
        .find_map(|m| match m {
            Mark::Rects { label, rects, .. } if label == "Closed" => Some(rects.len()),
            _ => None,
        });
    assert_eq!(
        closed,
        Some(8),
        "the eight weekend days are shaded as closed"
    );
    let week = find("service-level-worst-week");
    assert!(week.title.contains("worst week"), "{}", week.title);
    let days_shown = week.x.separators.len() + 1;
    assert!(
        days_shown <= 7,
        "the worst week shows at most 7 days, got {days_shown}"
    );
    let holiday = report_charts("scenarios/holiday-peak.toml");
    assert!(
        holiday
            .iter()
            .any(|(name, c)| name == "service-level" && !c.title.contains("by day")),
        "a one-week horizon stays interval by interval"
    );
}

#[test]
fn over_four_weeks_speed_of_answer_and_abandonment_are_charted_by_day_too() {
    let charts = report_charts("scenarios/bpo-bid-baseline.toml");
    let chart = &charts
        .iter()
        .find(|(name, _)| name == "asa-abandonment")
        .expect("an asa-abandonment chart")
        .1;
    assert_eq!(chart.x.range, (0.0, 28.0), "one unit per day");
    assert!(chart.title.contains("by day"), "{}", chart.title);
    for panel in &chart.panels {
        let points = panel
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Line { points, .. } => Some(points.len()),
                _ => None,
            })
            .max();
        assert_eq!(points, Some(28), "{}: one point per day", panel.y_title);
    }
}

#[test]
fn closed_days_show_as_labelled_slots_and_special_days_are_named_on_the_axis() {
    let charts = report_charts("scenarios/holiday-peak.toml");
    for stem in ["staffing", "service-level", "occupancy", "asa-abandonment"] {
        let chart = &charts.iter().find(|(name, _)| name == stem).unwrap().1;
        let labels: Vec<&str> = chart.x.ticks.iter().map(|t| t.1.as_str()).collect();
        assert!(
            labels.contains(&"Fri 25 Dec\nChristmas Day, closed"),
            "{stem}: {labels:?}"
        );
        assert!(
            labels.contains(&"Sat 26 Dec\nBoxing Day"),
            "{stem}: {labels:?}"
        );
        assert!(labels.iter().all(|l| !l.contains("  ")), "{labels:?}");
        for panel in &chart.panels {
            let closed: Vec<(f64, f64)> = panel
                .marks
                .iter()
                .filter_map(|m| match m {
                    Mark::Rects {
                        rects,
                        colour: Colour::Grey,
                        ..
                    } => Some(rects.iter().map(|r| (r.0, r.1))),
                    _ => None,
                })
                .flatten()
                .collect();
            assert_eq!(closed.len(), 1, "{stem}: one closed slot, Christmas Day");
            let christmas = chart
                .x
                .ticks
                .iter()
                .find(|t| t.1.contains("Christmas Day"))
                .unwrap()
                .0;
            assert!(closed[0].0 < christmas && christmas < closed[0].1);
        }
    }
}

#[test]
fn the_fte_plan_fits_its_axis_to_the_fte_and_draws_hires_as_bars_from_zero() {
    let charts = report_charts("scenarios/bpo-bid-baseline.toml");
    let chart = &charts.iter().find(|(name, _)| name == "bid-fte").unwrap().1;
    let (lo, hi) = chart.panels[0].y_range;
    let values = panel_values(&chart.panels[0]);
    let (min, max) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    assert!(
        lo > 0.0 && lo <= min && hi >= max,
        "{lo}–{hi} for {min}–{max}"
    );
    assert!(
        hi - lo < 1.6 * (max - min),
        "{lo}–{hi} is fitted to {min}–{max}"
    );
    let hires = &chart.panels[1];
    assert_eq!(hires.y_range.0, 0.0, "hires are counted from zero");
    assert!(
        hires
            .marks
            .iter()
            .any(|m| matches!(m, Mark::Bars { bars, .. } if !bars.is_empty()))
    );
}

/// Writes a `width × height` PNG of one colour.
fn solid_png(path: &std::path::Path, (width, height): (u32, u32), rgb: [u8; 3]) {
    let file = std::fs::File::create(path).unwrap();
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), width, height);
    encoder.set_color(png::ColorType::Rgb);
    let mut writer = encoder.write_header().unwrap();
    let data: Vec<u8> = (0..width * height).flat_map(|_| rgb).collect();
    writer.write_image_data(&data).unwrap();
}

/// A decoded RGB PNG: (width, height, pixels).
fn decode_png(path: &std::path::Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buffer = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buffer).unwrap();
    buffer.truncate(frame.buffer_size());
    (frame.width, frame.height, buffer)
}

fn count_colour(pixels: &[u8], rgb: [u8; 3]) -> usize {
    pixels.chunks(3).filter(|p| *p == rgb).count()
}

#[test]
fn report_section_sets_the_title_client_size_brand_colour_and_logo() {
    let dir = scratch("branding");
    std::fs::copy(
        repo("tests/data/contract/stationary.csv"),
        dir.join("stationary.csv"),
    )
    .unwrap();
    solid_png(&dir.join("logo.png"), (400, 100), [0, 255, 127]);
    let toml = std::fs::read_to_string(repo("tests/data/contract/stationary-erlang-c.toml"))
        .unwrap()
        + "\n[report]\ntitle = \"Acme support: staffing proposal\"\nclient = \"Acme Retail\"\nbrand_color = \"#7A1F5C\"\nlogo = \"logo.png\"\nsize = \"1920x1080\"\n";
    std::fs::write(dir.join("s.toml"), toml).unwrap();
    let out = dir.join("report");
    crate::common::run_report(&dir.join("s.toml"), &out, 2);
    let (width, height, pixels) = decode_png(&out.join("charts/service-level.png"));
    assert_eq!((width, height), (1920, 1080));
    assert!(
        count_colour(&pixels, [0x7A, 0x1F, 0x5C]) > 200,
        "the brand colour draws the main series"
    );
    assert_eq!(
        count_colour(&pixels, [0, 114, 178]),
        0,
        "the house blue is replaced"
    );
    let logo = count_colour(&pixels, [0, 255, 127]);
    assert!(logo > 5_000, "the logo is in the footer ({logo} pixels)");
    let bottom_rows = &pixels[(height as usize - 120) * width as usize * 3..];
    assert_eq!(
        count_colour(bottom_rows, [0, 255, 127]),
        logo,
        "only in the footer"
    );
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(summary.starts_with("# Acme support: staffing proposal"));
    assert!(summary.contains("Prepared for Acme Retail"));
    let svg = std::fs::read_to_string(out.join("charts/staffing.svg")).unwrap();
    assert!(
        svg.contains("Prepared for Acme Retail"),
        "the client is in every footnote"
    );
}

#[test]
fn bars_and_the_recommended_option_carry_value_labels() {
    let charts = report_charts("scenarios/bpo-bid-baseline.toml");
    let labels = |stem: &str| -> Vec<String> {
        charts
            .iter()
            .find(|(name, _)| name == stem)
            .map(|(_, c)| {
                c.panels[0]
                    .marks
                    .iter()
                    .filter_map(|m| match m {
                        Mark::Labels { labels } | Mark::Notes { notes: labels } => {
                            Some(labels.iter().map(|l| l.2.clone()))
                        }
                        _ => None,
                    })
                    .flatten()
                    .collect()
            })
            .unwrap_or_default()
    };
    // Labour, bench, overheads, recruiting, trainers, transition, SLA credits, margin, price.
    let price = labels("bid-price");
    assert_eq!(price.len(), 9, "{price:?}");
    let (_, chart) = charts.iter().find(|(name, _)| name == "bid-price").unwrap();
    let names: Vec<&str> = chart.x.ticks.iter().map(|t| t.1.as_str()).collect();
    assert_eq!(
        names,
        [
            "Labour",
            "Bench",
            "Overheads",
            "Recruiting",
            "Trainers",
            "Transition",
            "SLA credits",
            "Margin",
            "Price"
        ]
    );
    // The components stack up to the price: each label is a rounded value, so their sum is
    // within half a cent per component of it.
    let cents = |l: &str| {
        l.trim_start_matches("EUR ")
            .replace(',', "")
            .parse::<f64>()
            .unwrap()
    };
    let stacked: f64 = price[..8].iter().map(|l| cents(l)).sum();
    assert!(
        (stacked - cents(&price[8])).abs() <= 8.0 * 0.005 + 1e-9,
        "{price:?}"
    );
    assert!(price.iter().all(|l| l.starts_with("EUR ")), "{price:?}");
    let front = labels("sweep-front");
    assert!(
        !front.is_empty() && front.iter().all(|l| l.ends_with('%')),
        "{front:?}"
    );
}

#[test]
fn each_scenario_variant_has_its_own_front_and_its_recommendation_lies_on_it() {
    let charts = report_charts("scenarios/bpo-bid-baseline.toml");
    let (_, front) = charts.iter().find(|(n, _)| n == "sweep-front").unwrap();
    let marks = &front.panels[0].marks;
    let fronts: Vec<&Vec<(f64, Option<f64>)>> = marks
        .iter()
        .filter_map(|m| match m {
            Mark::Line { label, points, .. } if label.starts_with("Front: ") => Some(points),
            _ => None,
        })
        .collect();
    assert_eq!(fronts.len(), 2, "the baseline sweeps two volume variants");
    let recommended = marks
        .iter()
        .find_map(|m| match m {
            Mark::Points { label, points, .. } if label == "Recommended" => Some(points),
            _ => None,
        })
        .unwrap();
    for (x, y) in recommended {
        assert!(
            fronts.iter().any(|f| f.contains(&(*x, Some(*y)))),
            "the recommended option at {x}, {y} is on its variant's front"
        );
    }
}

#[test]
fn the_staffing_curve_is_drawn_at_the_plans_own_peak_interval() {
    // Several intervals of the four-week baseline share the largest requirement: the chart and
    // the report's peak must break the tie the same way (the first).
    let scenario = Scenario::load(&repo("scenarios/bpo-bid-baseline.toml")).unwrap();
    let planned = plan(&scenario).unwrap();
    let peak = planned.totals.peak_start.unwrap();
    let most = planned.totals.peak_required_agents;
    let ties = planned
        .intervals
        .iter()
        .filter(|i| i.required_agents == most)
        .count();
    assert!(ties > 1, "the baseline has tied peaks");
    let charts = report_charts("scenarios/bpo-bid-baseline.toml");
    let curve = &charts
        .iter()
        .find(|(n, _)| n == "staffing-curve")
        .unwrap()
        .1;
    let when = peak.strftime("%a %-d %b %H:%M").to_string();
    assert!(curve.title.contains(&when), "{} vs {when}", curve.title);
}

#[test]
fn the_price_build_up_bars_stand_side_by_side_under_their_labels() {
    let charts = report_charts("scenarios/bpo-bid-baseline.toml");
    let chart = &charts.iter().find(|(n, _)| n == "bid-price").unwrap().1;
    let mut spans: Vec<(f64, f64)> = chart.panels[0]
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Bars { bars, .. } => Some(bars.iter().map(|b| (b.0, b.1))),
            _ => None,
        })
        .flatten()
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(
        spans.len(),
        chart.x.ticks.len(),
        "one bar per component and the price"
    );
    assert!(
        spans.windows(2).all(|w| w[0].1 <= w[1].0),
        "bars overlap: {spans:?}"
    );
    for ((x, _), (a, b)) in chart.x.ticks.iter().zip(&spans) {
        assert!(a < x && x < b, "the bar under {x} spans {a}–{b}");
    }
}

#[test]
fn a_special_day_is_drawn_against_a_like_day_and_its_subtitle_states_the_plotted_ratio() {
    let charts = report_charts("scenarios/holiday-peak.toml");
    let volumes = |chart: &Chart, series: usize| -> f64 {
        match &chart.panels[0].marks[series] {
            Mark::Line { points, .. } => points.iter().filter_map(|p| p.1).sum(),
            other => panic!("{other:?}"),
        }
    };
    // Boxing Day is the horizon's only Saturday: it is drawn against the same Saturday without
    // it, whose volume is exactly the day's ÷ 1.80 (not a Sunday, at 2.16×).
    let (_, boxing) = charts
        .iter()
        .find(|(_, c)| c.title.starts_with("Boxing Day"))
        .expect("a Boxing Day chart");
    assert_eq!(
        boxing.title,
        "Boxing Day against the same Saturday without it"
    );
    let ratio = volumes(boxing, 1) / volumes(boxing, 0);
    assert!((ratio - 1.80).abs() < 1e-9, "{ratio}");
    assert!(
        boxing.subtitle.contains("× 1.80 of the baseline's"),
        "{}",
        boxing.subtitle
    );
    // Christmas Eve is the week's only Thursday too: × 0.70 of the same Thursday.
    let (_, eve) = charts
        .iter()
        .find(|(_, c)| c.title.starts_with("Christmas Eve"))
        .expect("a Christmas Eve chart");
    assert_eq!(
        eve.title,
        "Christmas Eve against the same Thursday without it"
    );
    let ratio = volumes(eve, 1) / volumes(eve, 0);
    assert!((ratio - 0.70).abs() < 1e-9, "{ratio}");
    assert!(
        eve.subtitle.contains("× 0.70 of the baseline's"),
        "{}",
        eve.subtitle
    );
    // Over two weeks there is a normal Saturday (2 January): Boxing Day is drawn against it,
    // and the subtitle states the ratio the chart plots.
    let dir = scratch("two-weeks");
    let text = std::fs::read_to_string(repo("scenarios/holiday-peak.toml")).unwrap();
    let path = dir.join("two-weeks.toml");
    std::fs::write(
        &path,
        crate::common::edited(&text, "days = 7\n", "days = 14\n"),
    )
    .unwrap();
    let scenario = Scenario::load(&path).unwrap();
    let planned = plan(&scenario).unwrap();
    let ctx = charts::Context {
        scenario: &scenario,
        plan: &planned,
        simulation: None,
    };
    let (_, boxing) = charts::special_days(&ctx)
        .into_iter()
        .find(|(_, c)| c.title.starts_with("Boxing Day"))
        .expect("a Boxing Day chart");
    assert_eq!(boxing.title, "Boxing Day against a normal Saturday");
    let ratio = volumes(&boxing, 1) / volumes(&boxing, 0);
    assert!(
        boxing
            .subtitle
            .contains(&format!("× {ratio:.2} of the baseline's")),
        "{ratio}: {}",
        boxing.subtitle
    );
}

#[test]
fn no_outbound_chart_draws_a_service_level_target_the_campaign_does_not_have() {
    let charts = report_charts("scenarios/outbound-renewals.toml");
    assert!(charts.len() > 3, "{}", charts.len());
    for (name, chart) in charts {
        for panel in &chart.panels {
            for mark in &panel.marks {
                if let Mark::HLine { label, .. } = mark {
                    assert!(!label.starts_with("Target"), "{name}: {label}");
                }
            }
        }
    }
    // A voice queue keeps its target line.
    let voice = report_charts("tests/data/contract/stationary-erlang-a.toml");
    let has_target = voice.iter().any(|(_, c)| {
        c.panels
            .iter()
            .flat_map(|p| &p.marks)
            .any(|m| matches!(m, Mark::HLine { label, .. } if label.starts_with("Target")))
    });
    assert!(has_target, "the voice queue's charts draw its target");
}

#[test]
fn the_chat_staffing_curve_starts_below_the_target_so_its_crossing_shows() {
    let charts = report_charts("scenarios/chat-holiday.toml");
    let (_, curve) = charts
        .iter()
        .find(|(name, _)| name == "staffing-curve")
        .expect("a staffing curve");
    let Mark::Line { points, .. } = &curve.panels[0].marks[0] else {
        panic!("{:?}", curve.panels[0].marks[0]);
    };
    let first = points.iter().find_map(|p| p.1).unwrap();
    let last = points.iter().rev().find_map(|p| p.1).unwrap();
    assert!(
        first < 0.80 && last > 0.80,
        "from {first} to {last}: the 80 % crossing is drawn"
    );
}

#[test]
fn the_service_level_axis_speaks_the_channels_words() {
    for (path, words) in [
        ("scenarios/chat-holiday.toml", "First response within 60 s"),
        ("scenarios/holiday-peak.toml", "Answered within 20 s"),
        ("scenarios/email-week.toml", "Picked up within 24h"),
    ] {
        let charts = report_charts(path);
        let (_, chart) = charts
            .iter()
            .find(|(name, _)| name == "service-level")
            .unwrap_or_else(|| panic!("{path}: no service-level chart"));
        assert_eq!(chart.panels[0].y_title, words, "{path}");
    }
}

#[test]
fn no_legend_lies_over_the_data_of_any_bundled_report() {
    for scenario in [
        "scenarios/holiday-peak.toml",
        "scenarios/chat-holiday.toml",
        "scenarios/email-week.toml",
        "scenarios/outbound-renewals.toml",
        "scenarios/bpo-bid-baseline.toml",
        "scenarios/omnichannel/backoffice.toml",
    ] {
        for (name, chart) in report_charts(scenario) {
            let clashes = chart.legend_clashes().unwrap();
            assert!(
                clashes.iter().all(|&c| c == 0),
                "{scenario} {name}: the legends cover {clashes:?} drawn points by panel"
            );
        }
    }
}

#[test]
fn the_schedule_gantt_draws_breaks_as_gaps_and_labels_no_row_numbers() {
    let charts = report_charts("scenarios/holiday-peak.toml");
    let (_, chart) = charts.iter().find(|(n, _)| n == "schedule").unwrap();
    let gantt = &chart.panels[1];
    assert_eq!(
        gantt.y_format,
        YFormat::Rows,
        "rows carry no numeric labels"
    );
    // Boxing Day's 8-hour "holiday day" shifts carry a 30-minute break: each such shift is
    // drawn as two bars on one row, 30 minutes (two 15-minute slots) apart.
    let Some(Mark::Bars { bars, .. }) = gantt
        .marks
        .iter()
        .find(|m| matches!(m, Mark::Bars { label, .. } if label == "holiday day"))
    else {
        panic!("no holiday day bars");
    };
    // One row per template and start, and one bar height per break placement on it.
    let mut rows: std::collections::BTreeMap<(i64, i64), Vec<(f64, f64)>> = Default::default();
    for &(x0, x1, y0, y1) in bars {
        rows.entry(((y0 * 1000.0).round() as i64, (y1 * 1000.0).round() as i64))
            .or_default()
            .push((x0, x1));
    }
    assert!(!rows.is_empty());
    for pieces in rows.values_mut() {
        pieces.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert_eq!(pieces.len(), 2, "one break splits each shift: {pieces:?}");
        let gap = pieces[1].0 - pieces[0].1;
        assert!((gap - 2.0).abs() < 1e-9, "a 30-minute gap, got {gap} slots");
        let worked = (pieces[0].1 - pieces[0].0) + (pieces[1].1 - pieces[1].0);
        assert!(
            (worked - 30.0).abs() < 1e-9,
            "7h30 worked, got {worked} slots"
        );
    }
}

#[test]
fn the_backlog_staffing_curve_is_the_backlog_models_own() {
    use staffsim::plan::deferred::at_flat_staffing;
    let path = repo("scenarios/email-week.toml");
    let scenario = Scenario::load(&path).unwrap();
    let charts = report_charts("scenarios/email-week.toml");
    let (_, curve) = charts
        .iter()
        .find(|(n, _)| n == "staffing-curve")
        .expect("email has a staffing curve");
    assert_eq!(curve.x.title, "Agents in every open interval");
    assert_eq!(curve.panels[0].y_title, "Picked up within 24h");
    assert!(curve.panels[1].y_title.starts_with("Backlog at the end"));
    // The marked flat staffing is the fewest that holds the 90 % target.
    let flat = curve.panels[0]
        .marks
        .iter()
        .find_map(|m| match m {
            Mark::Line { label, points, .. } if label.ends_with("hold the target") => {
                Some(points[0].0 as u32)
            }
            _ => None,
        })
        .expect("the flat staffing is marked");
    let at = at_flat_staffing(&scenario, &[flat - 1, flat]);
    let target = scenario.target.service.service_level();
    assert!(at[1].within_share >= target, "{:?}", at[1]);
    assert!(at[0].within_share < target, "{:?}", at[0]);
    // Work is conserved: with nobody working, every item is left at the end; with N agents at
    // most N × open time × the occupancy cap of work is done, so at least the rest is left.
    let items: f64 = scenario
        .intervals
        .iter()
        .filter(|d| d.open)
        .map(|d| d.volume)
        .sum();
    let none = at_flat_staffing(&scenario, &[0]);
    assert!(
        (none[0].backlog_at_end - items).abs() < 1e-6 * items,
        "{none:?}"
    );
    let open_seconds =
        scenario.intervals.iter().filter(|d| d.open).count() as f64 * scenario.interval.get();
    let cap = scenario.target.max_occupancy.unwrap_or(1.0);
    let shortest = scenario
        .intervals
        .iter()
        .map(|d| d.aht.get())
        .fold(f64::INFINITY, f64::min);
    let few = at_flat_staffing(&scenario, &[3]);
    let most_handled = 3.0 * open_seconds * cap / shortest;
    assert!(
        few[0].backlog_at_end >= items - most_handled - 1e-6,
        "{few:?}: {items} items, at most {most_handled} handled"
    );
    assert!(at_flat_staffing(&scenario, &[10_000])[0].backlog_at_end < 1e-6);
}

#[test]
fn the_outbound_staffing_curve_is_the_diallers_at_the_peak() {
    use staffsim::plan::outbound::interval_at;
    let path = repo("scenarios/outbound-renewals.toml");
    let scenario = Scenario::load(&path).unwrap();
    let planned = plan(&scenario).unwrap();
    let charts = report_charts("scenarios/outbound-renewals.toml");
    let (_, curve) = charts
        .iter()
        .find(|(n, _)| n == "staffing-curve")
        .expect("outbound has a staffing curve");
    assert_eq!(curve.x.title, "Agents on the campaign");
    assert_eq!(curve.panels[0].y_title, "Contacts reached");
    assert_eq!(curve.panels[1].y_title, "Dialler abandonment");
    let need = curve.panels[0]
        .marks
        .iter()
        .find_map(|m| match m {
            Mark::Line { label, points, .. } if label.ends_with("reach the target") => {
                Some(points[0].0 as u32)
            }
            _ => None,
        })
        .expect("the requirement is marked");
    let peak = planned
        .intervals
        .iter()
        .position(|i| Some(i.start) == planned.totals.peak_start)
        .unwrap();
    assert_eq!(need, planned.intervals[peak].required_agents);
    // At the marked staffing the dialler reaches the target within its abandonment cap; one
    // agent fewer does not.
    let outbound = scenario.channel.outbound().unwrap();
    let demand = &scenario.intervals[peak];
    let within = scenario.target.service.within();
    let at = |agents| interval_at(outbound, demand, agents, scenario.interval, within);
    let (enough, short) = (at(need), at(need - 1));
    assert!(
        enough.contacts >= demand.volume * (1.0 - 1e-9),
        "{enough:?}"
    );
    assert!(enough.performance.abandon_rate.unwrap() <= outbound.max_abandon + 1e-12);
    assert!(
        short.contacts < demand.volume * (1.0 - 1e-9)
            || short.performance.abandon_rate.unwrap() > outbound.max_abandon + 1e-12,
        "{short:?}"
    );
}
