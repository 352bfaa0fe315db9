//! Bid charts: the monthly FTE and headcount plan, and the price build-up.

use super::{ceiling, fitted};
use crate::report::format;
use crate::report::{Chart, Colour, Mark, Panel, XAxis, YFormat};
use crate::scenario::Scenario;

/// The months of the term at 1, 2, …, with the launch (the classes trained before go-live) at 0.
fn month_axis(result: &crate::bid::BidResult) -> XAxis {
    let n = result.months.len();
    let every = n.div_ceil(12).max(1);
    XAxis {
        title: "Month of the contract (launch: the classes trained before go-live)".into(),
        range: (-0.5, n as f64 + 0.5),
        ticks: std::iter::once((0.0, "Launch".to_string()))
            .chain(
                result
                    .months
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| k % every == 0)
                    .map(|(k, m)| (k as f64 + 1.0, m.label.clone())),
            )
            .collect(),
        separators: vec![0.5],
    }
}

pub(super) fn bid_footnote(scenario: &Scenario, result: &crate::bid::BidResult) -> String {
    format!(
        "Scenario {} · {} months from {} · monthly Erlang plans of the scenario's pattern · staffsim {}",
        scenario.name,
        result.months.len(),
        result
            .months
            .first()
            .map_or(String::new(), |m| m.label.clone()),
        env!("CARGO_PKG_VERSION")
    )
}

/// The monthly FTE plan: required and effective FTE and headcount on an axis fitted to them,
/// and the hires of each month as labelled bars from zero in a panel of their own.
///
/// Over 80 lines: one chart literal, panel by panel.
pub fn bid_fte(scenario: &Scenario, result: &crate::bid::BidResult) -> Chart {
    let at = |f: &dyn Fn(&crate::bid::BidMonth) -> f64| -> Vec<(f64, Option<f64>)> {
        result
            .months
            .iter()
            .enumerate()
            .map(|(k, m)| (k as f64 + 1.0, Some(f(m))))
            .collect()
    };
    let levels = fitted(
        result
            .months
            .iter()
            .flat_map(|m| [f64::from(m.headcount), m.required_fte, m.effective_fte]),
    );
    let hires: Vec<(f64, f64)> = std::iter::once((0.0, f64::from(result.launch_hires)))
        .chain(
            result
                .months
                .iter()
                .enumerate()
                .map(|(k, m)| (k as f64 + 1.0, f64::from(m.hires))),
        )
        .collect();
    let hires_top = ceiling(hires.iter().map(|h| h.1 * 1.12), 5.0);
    let whole = |v: f64| {
        if (v - v.round()).abs() < 0.05 {
            format!("{v:.0}")
        } else {
            format!("{v:.1}")
        }
    };
    Chart {
        title: "Monthly FTE and headcount plan".into(),
        subtitle: format!(
            "Required FTE from Erlang, productive FTE after training and ramp, headcount on payroll; {} launch hires, then the hires of each month; {} FTE-months of bench beyond the requirement",
            whole(f64::from(result.launch_hires)),
            whole(result.bench_fte)
        ),
        footnote: bid_footnote(scenario, result),
        x: month_axis(result),
        panels: vec![
            Panel {
                y_title: "FTE".into(),
                y_range: levels,
                y_format: YFormat::Number,
                marks: vec![
                    Mark::Line {
                        label: "Headcount (paid)".into(),
                        points: at(&|m| f64::from(m.headcount)),
                        colour: Colour::Orange,
                        dashed: false,
                    },
                    Mark::Line {
                        label: "Effective FTE".into(),
                        points: at(&|m| m.effective_fte),
                        colour: Colour::Green,
                        dashed: false,
                    },
                    Mark::Line {
                        label: "Required FTE".into(),
                        points: at(&|m| m.required_fte),
                        colour: Colour::Blue,
                        dashed: true,
                    },
                ],
            },
            Panel {
                y_title: "Hires".into(),
                y_range: (0.0, hires_top),
                y_format: YFormat::Number,
                marks: vec![
                    Mark::Bars {
                        label: String::new(),
                        bars: hires
                            .iter()
                            .filter(|h| h.1 > 0.0)
                            .map(|&(x, h)| (x - 0.3, x + 0.3, 0.0, h))
                            .collect(),
                        colour: Colour::Purple,
                    },
                    Mark::Labels {
                        labels: hires
                            .iter()
                            .filter(|h| h.1 >= 0.05)
                            .map(|&(x, h)| (x, h, whole(h)))
                            .collect(),
                    },
                ],
            },
        ],
    }
}

/// The price build-up per handled contact as a waterfall: labour on the requirement, the bench,
/// overheads, recruiting and trainers during the term, the launch's transition, expected SLA
/// credits and margin stacked up to the price, each bar labelled with its value.
pub fn bid_price(scenario: &Scenario, result: &crate::bid::BidResult) -> Chart {
    let steps = price_steps(scenario, result);
    let has_gain_share = steps.iter().any(|(label, ..)| *label == "Gain-share");
    let money = |v: f64| format::money(v, &result.currency);
    let marks = waterfall(&steps, result.price_per_contact, &money);
    Chart {
        title: "Price build-up per handled contact".into(),
        subtitle: format!(
            "From cost to price: {} margin after expected SLA credits{}; {} per contact, {} per FTE-month, {} per minute",
            format::percent(result.expected_margin, 1),
            if has_gain_share {
                " and gain-share"
            } else {
                ""
            },
            money(result.price_per_contact),
            money(result.price_per_fte_month),
            money(result.price_per_minute)
        ),
        footnote: bid_footnote(scenario, result),
        x: XAxis {
            title: "Component".into(),
            range: (0.4, steps.len() as f64 + 1.6),
            ticks: steps
                .iter()
                .map(|(label, ..)| *label)
                .chain(["Price"])
                .enumerate()
                .map(|(k, l)| (k as f64 + 1.0, l.to_string()))
                .collect(),
            separators: Vec::new(),
        },
        panels: vec![Panel {
            y_title: format!("{} per handled contact", result.currency),
            y_range: (0.0, result.price_per_contact * 1.15),
            y_format: YFormat::Number,
            marks,
        }],
    }
}

/// The price per handled contact, component by component: labour on the requirement, the
/// bench (when paid), overheads, recruiting and trainers during the term, the launch's
/// transition, expected SLA credits, gain-share (a bonus a step down, a malus a step up) and
/// margin.
fn price_steps(
    scenario: &Scenario,
    result: &crate::bid::BidResult,
) -> Vec<(&'static str, f64, Colour)> {
    let handled: f64 = result
        .months
        .iter()
        .map(|m| m.handled)
        .sum::<f64>()
        .max(1e-9);
    let labour: f64 = result.months.iter().map(|m| m.labour_cost).sum::<f64>() / handled;
    // The months' cost is labour, overheads and each month's recruiting and trainers; the bench
    // (when paid) is the part of labour beyond the requirement.
    let config = scenario.bid.as_ref();
    let hires: f64 = result.months.iter().map(|m| f64::from(m.hires)).sum();
    let classes: f64 = result.months.iter().map(|m| f64::from(m.classes)).sum();
    let recruiting = hires * config.map_or(0.0, |c| c.cost_per_hire) / handled;
    let trainers = classes * config.map_or(0.0, |c| c.trainer_cost_per_class) / handled;
    let bench = match result.release {
        crate::scenario::Release::Attrition => result.bench_cost / handled,
        crate::scenario::Release::Redeploy => 0.0,
    };
    let labour = labour - bench;
    let overheads: f64 = result
        .months
        .iter()
        .map(|m| m.cost - m.labour_cost)
        .sum::<f64>()
        / handled
        - recruiting
        - trainers;
    let transition = result.transition_cost / handled;
    let credits = result.expected_sla_credits / handled;
    let gain = result.expected_gain_share / handled;
    let margin = (result.revenue - result.total_cost - result.expected_sla_credits
        + result.expected_gain_share)
        / handled;
    let mut steps = vec![
        ("Labour", labour, Colour::Blue),
        ("Bench", bench, Colour::Grey),
        ("Overheads", overheads, Colour::Orange),
        // Recruiting, trainers and the launch's transition are one family: getting people.
        ("Recruiting", recruiting, Colour::Purple),
        ("Trainers", trainers, Colour::Purple),
        ("Transition", transition, Colour::Purple),
        ("SLA credits", credits, Colour::Sky),
    ];
    // An expected bonus is earned on top of the price, so the price needs that much less (a
    // step down); an expected malus is a step up.
    let has_gain_share = scenario
        .bid
        .as_ref()
        .is_some_and(|b| !b.gain_share.is_empty());
    if has_gain_share {
        steps.push(("Gain-share", -gain, Colour::Grey));
    }
    steps.push(("Margin", margin, Colour::Green));
    steps
}

/// The waterfall's marks: each step a bar from the running total, labelled with its value and
/// joined to the next by a thin connector, then the price bar.
pub(super) fn waterfall(
    steps: &[(&str, f64, Colour)],
    price: f64,
    money: &dyn Fn(f64) -> String,
) -> Vec<Mark> {
    let mut marks = Vec::new();
    let mut values = Vec::new();
    let mut base: f64 = 0.0;
    for (k, (_, value, colour)) in steps.iter().enumerate() {
        let x = k as f64 + 1.0;
        let (lo, hi) = (base.min(base + value), base.max(base + value));
        marks.push(Mark::Bars {
            label: String::new(),
            bars: vec![(x - 0.35, x + 0.35, lo, hi)],
            colour: *colour,
        });
        base += value;
        let label = if *value < 0.0 {
            format!("−{}", money(-value))
        } else {
            money(*value)
        };
        values.push((x, hi, label));
        // A thin connector from the top of this bar to the next one's base.
        marks.push(Mark::Line {
            label: String::new(),
            points: vec![(x + 0.35, Some(base)), (x + 0.65, Some(base))],
            colour: Colour::Grey,
            dashed: false,
        });
    }
    // The price bar stands after the last component.
    let price_at = steps.len() as f64 + 1.0;
    values.push((price_at, price, money(price)));
    marks.push(Mark::Bars {
        label: String::new(),
        bars: vec![(price_at - 0.35, price_at + 0.35, 0.0, price)],
        colour: Colour::Vermillion,
    });
    marks.push(Mark::Labels { labels: values });
    marks
}
