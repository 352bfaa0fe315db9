//! The schedule chart: agents on the phones against the requirement by interval, with the
//! shifts beneath as a compact Gantt — one bar per template and start, labelled with its agents.

use super::timeline::{Timeline, timeline};
use crate::error::Result;
use crate::plan;
use crate::report::{Chart, Colour, Mark, Panel, YFormat};
use crate::scenario::Scenario;
use crate::schedule::ScheduleResult;

const BAR_COLOURS: [Colour; 5] = [
    Colour::Blue,
    Colour::Orange,
    Colour::Purple,
    Colour::Sky,
    Colour::Vermillion,
];

/// Coverage against requirement, and the shifts.
pub fn schedule(scenario: &Scenario, result: &ScheduleResult) -> Result<Chart> {
    let staffed = scenario.with_agents(&result.coverage, "schedule");
    let plan = plan::plan(&staffed)?;
    let t = timeline(&plan, scenario.interval);
    let keep = result.keep == "roster";
    let marks = coverage(result, &t, &plan.model.to_string());
    let top = super::ceiling(
        result
            .coverage
            .iter()
            .chain(&result.required)
            .map(|v| f64::from(*v)),
        5.0,
    );
    let Gantt {
        marks: gantt,
        rows,
        most,
        labelled,
    } = gantt(scenario, result, &t);
    let added = if keep { "added " } else { "" };
    let chart = Chart {
        title: if keep {
            "Shifts to add to today's roster".into()
        } else {
            "Schedule: coverage against requirement".into()
        },
        subtitle: format!(
            "{} {added}shifts, {} agents, {} — agents on the phones against the {} requirement; each bar a shift (breaks are gaps), {}",
            result.shifts.len(),
            result.heads,
            crate::report::format::money_whole(result.cost, &result.currency),
            plan.model,
            if labelled {
                "labelled with its agents"
            } else {
                "thicker for more agents (the largest: {most})"
            }
            .replace("{most}", &most.to_string())
        ),
        footnote: format!(
            "Scenario {} · schedule solved to a {} gap{} · staffsim {}",
            scenario.name,
            crate::report::format::percent(result.gap, 2),
            if result.optimal { " (optimal)" } else { "" },
            env!("CARGO_PKG_VERSION")
        ),
        x: t.axis.clone(),
        panels: vec![
            Panel {
                y_title: "Agents on the phones".into(),
                y_range: (0.0, top),
                y_format: YFormat::Number,
                marks,
            },
            Panel {
                y_title: if keep {
                    "Added shifts".into()
                } else {
                    "Shifts".into()
                },
                y_range: (0.3, rows.max(1) as f64 + 1.0),
                y_format: YFormat::Rows,
                marks: gantt,
            },
        ],
    };
    Ok(t.shade_closed(chart))
}

/// The agents on the phones (and today's roster, when kept) against the requirement, with the
/// shortfall shaded.
fn coverage(result: &ScheduleResult, t: &Timeline, model: &str) -> Vec<Mark> {
    let keep = result.keep == "roster";
    let mut marks = Vec::new();
    let shortfall: Vec<(f64, f64, f64, f64)> = t
        .open
        .iter()
        .filter(|&&(i, _)| result.coverage[i] < result.required[i])
        .map(|&(i, x)| {
            (
                x,
                x + 1.0,
                f64::from(result.coverage[i]),
                f64::from(result.required[i]),
            )
        })
        .collect();
    marks.push(Mark::Rects {
        label: "Short of the requirement".into(),
        rects: shortfall,
        colour: Colour::Vermillion,
    });
    if keep {
        marks.push(Mark::Line {
            label: "Today's roster".into(),
            points: t.steps(|i| Some(f64::from(result.roster[i]))),
            colour: Colour::Grey,
            dashed: false,
        });
    }
    marks.push(Mark::Line {
        label: if keep {
            "Roster + added shifts".into()
        } else {
            "Scheduled".into()
        },
        points: t.steps(|i| Some(f64::from(result.coverage[i]))),
        colour: Colour::Green,
        dashed: false,
    });
    marks.push(Mark::Line {
        label: format!("Required ({model})"),
        points: t.steps(|i| Some(f64::from(result.required[i]))),
        colour: Colour::Blue,
        dashed: true,
    });
    marks
}

/// The Gantt's marks, its rows, the most agents on one shift, and whether the bars are
/// labelled.
struct Gantt {
    marks: Vec<Mark>,
    rows: usize,
    most: u32,
    labelled: bool,
}

/// The Gantt: rows by template and clock start; a bar from the shift's first to its last open
/// interval on the compressed axis, one colour per template.
fn gantt(scenario: &Scenario, result: &ScheduleResult, t: &Timeline) -> Gantt {
    let starts: Vec<jiff::civil::DateTime> = scenario.intervals.iter().map(|i| i.start).collect();
    // Interval index → its position on the axis (closed intervals have none).
    let mut position: Vec<Option<f64>> = vec![None; starts.len()];
    for &(i, x) in &t.open {
        position[i] = Some(x);
    }
    let length = scenario.interval.get();
    // A moment `offset` seconds after `start` on the compressed axis: its interval's position
    // plus the fraction of the interval gone (`None` in a closed interval).
    let axis_at = |start: jiff::civil::DateTime, offset: f64| -> Option<f64> {
        let at = start.saturating_add(jiff::SignedDuration::from_secs_f64(offset));
        let i = starts.partition_point(|s| *s <= at).checked_sub(1)?;
        let into = at.duration_since(starts[i]).as_secs_f64();
        Some(position[i]? + (into / length).clamp(0.0, 1.0))
    };
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut bars: Vec<Vec<(f64, f64, f64, f64)>> = Vec::new();
    let mut labels = Vec::new();
    let mut templates: Vec<String> = Vec::new();
    let most = result.shifts.iter().map(|s| s.agents).max().unwrap_or(1);
    for shift in &result.shifts {
        let key = (shift.template.clone(), shift.start[11..].to_string());
        let row = rows.iter().position(|r| *r == key).unwrap_or_else(|| {
            rows.push(key.clone());
            rows.len() - 1
        });
        if !templates.contains(&shift.template) {
            templates.push(shift.template.clone());
            bars.push(Vec::new());
        }
        let colour_index = templates.iter().position(|n| *n == shift.template).unwrap();
        let end = shift
            .start_at
            .saturating_add(jiff::SignedDuration::from_secs_f64(shift.length_seconds));
        let first = starts.partition_point(|s| *s < shift.start_at);
        let inside: Vec<f64> = (first..starts.len())
            .take_while(|&i| starts[i] < end)
            .filter_map(|i| position[i])
            .collect();
        let (Some(x0), Some(x1)) = (
            inside.iter().copied().reduce(f64::min),
            inside.iter().copied().reduce(f64::max),
        ) else {
            continue;
        };
        let y = row as f64 + 1.0;
        // Thickness grows with the agents on the shift (a thin bar for one, the full row for
        // the most); labels name them where rows leave room for text.
        let half = 0.12 + 0.3 * f64::from(shift.agents) / f64::from(most.max(1));
        let pieces = with_breaks_as_gaps((x0, x1 + 1.0), shift, &axis_at);
        bars[colour_index].extend(pieces.into_iter().map(|(p, q)| (p, q, y - half, y + half)));
        labels.push(((x0 + x1 + 1.0) / 2.0, y + half, shift.agents.to_string()));
    }
    let mut gantt: Vec<Mark> = templates
        .iter()
        .zip(bars)
        .enumerate()
        .map(|(k, (name, bars))| Mark::Bars {
            label: name.clone(),
            bars,
            colour: BAR_COLOURS[k % BAR_COLOURS.len()],
        })
        .collect();
    const MOST_LABELLED_ROWS: usize = 10;
    let labelled = rows.len() <= MOST_LABELLED_ROWS;
    if labelled {
        gantt.push(Mark::Labels { labels });
    }
    Gantt {
        marks: gantt,
        rows: rows.len(),
        most,
        labelled,
    }
}

/// The bar `(x0, x1)` of `shift` cut by its breaks, each a gap at its place within its
/// intervals (`axis_at` places a moment on the compressed axis).
fn with_breaks_as_gaps(
    bar: (f64, f64),
    shift: &crate::schedule::ScheduledShift,
    axis_at: &dyn Fn(jiff::civil::DateTime, f64) -> Option<f64>,
) -> Vec<(f64, f64)> {
    let mut pieces = vec![bar];
    for &(offset, length, _) in &shift.break_offsets {
        let (Some(a), Some(b)) = (
            axis_at(shift.start_at, offset),
            axis_at(shift.start_at, offset + length),
        ) else {
            continue;
        };
        pieces = pieces
            .into_iter()
            .flat_map(|(p, q)| {
                if b <= p || a >= q {
                    vec![(p, q)]
                } else {
                    [(p, a), (b, q)]
                        .into_iter()
                        .filter(|(l, r)| r > l)
                        .collect()
                }
            })
            .collect();
    }
    pieces
}
