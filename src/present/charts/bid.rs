//! Bid charts: the monthly FTE and headcount plan, and the price build-up.

use super::ceiling;
use crate::report::format;
use crate::report::{Chart, Colour, Mark, Panel, XAxis, YFormat};
use crate::scenario::Scenario;

fn month_axis(result: &crate::bid::BidResult) -> XAxis {
    let n = result.months.len();
    let every = n.div_ceil(12).max(1);
    XAxis {
        title: "Month of the contract".into(),
        range: (0.5, n as f64 + 0.5),
        ticks: result
            .months
            .iter()
            .enumerate()
            .filter(|(k, _)| k % every == 0)
            .map(|(k, m)| (k as f64 + 1.0, m.label.clone()))
            .collect(),
        separators: Vec::new(),
    }
}

fn bid_footnote(scenario: &Scenario, result: &crate::bid::BidResult) -> String {
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

/// The monthly FTE plan: required and effective FTE, headcount, and hires.
pub fn bid_fte(scenario: &Scenario, result: &crate::bid::BidResult) -> Chart {
    let at = |f: &dyn Fn(&crate::bid::BidMonth) -> f64| -> Vec<(f64, Option<f64>)> {
        result
            .months
            .iter()
            .enumerate()
            .map(|(k, m)| (k as f64 + 1.0, Some(f(m))))
            .collect()
    };
    let top = ceiling(
        result
            .months
            .iter()
            .flat_map(|m| [m.headcount, m.required_fte, m.hires]),
        5.0,
    );
    Chart {
        title: "Monthly FTE and headcount plan".into(),
        subtitle: format!(
            "Required FTE from Erlang, productive FTE after training and ramp, headcount on payroll with {:.1} launch hires",
            result.launch_hires
        ),
        footnote: bid_footnote(scenario, result),
        x: month_axis(result),
        panels: vec![Panel {
            y_title: "FTE".into(),
            y_range: (0.0, top),
            y_format: YFormat::Number,
            marks: vec![
                Mark::Points {
                    label: "Hires".into(),
                    points: result
                        .months
                        .iter()
                        .enumerate()
                        .map(|(k, m)| (k as f64 + 1.0, m.hires))
                        .collect(),
                    colour: Colour::Purple,
                    size: 6,
                },
                Mark::Line {
                    label: "Headcount (paid)".into(),
                    points: at(&|m| m.headcount),
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
        }],
    }
}

/// The price build-up per handled contact: labour, overheads, transition, margin.
pub fn bid_price(scenario: &Scenario, result: &crate::bid::BidResult) -> Chart {
    let handled: f64 = result
        .months
        .iter()
        .map(|m| m.handled)
        .sum::<f64>()
        .max(1e-9);
    let labour: f64 = result.months.iter().map(|m| m.labour_cost).sum::<f64>() / handled;
    let overheads: f64 = result
        .months
        .iter()
        .map(|m| m.cost - m.labour_cost)
        .sum::<f64>()
        / handled;
    let transition = result.transition_cost / handled;
    let margin = (result.revenue - result.total_cost) / handled;
    let steps = [
        ("Labour", labour, Colour::Blue),
        ("Overheads", overheads, Colour::Orange),
        ("Transition", transition, Colour::Purple),
        ("Margin", margin, Colour::Green),
    ];
    let mut marks = Vec::new();
    let mut values = Vec::new();
    let mut base = 0.0;
    for (k, (name, value, colour)) in steps.iter().enumerate() {
        let x = k as f64 + 1.0;
        marks.push(Mark::Rects {
            label: format!("{name} {}", format::money(*value, &result.currency)),
            rects: vec![(x - 0.35, x + 0.35, base, base + value)],
            colour: *colour,
        });
        base += value;
        values.push((x, base, format::money(*value, &result.currency)));
    }
    values.push((
        5.0,
        result.price_per_contact,
        format::money(result.price_per_contact, &result.currency),
    ));
    marks.push(Mark::Rects {
        label: format!(
            "Price {}",
            format::money(result.price_per_contact, &result.currency)
        ),
        rects: vec![(4.65, 5.35, 0.0, result.price_per_contact)],
        colour: Colour::Vermillion,
    });
    marks.push(Mark::Labels { labels: values });
    Chart {
        title: "Price build-up per handled contact".into(),
        subtitle: format!(
            "From cost to price at a {:.0} % margin: {} per contact, {} per FTE-month, {} per minute",
            result.margin * 100.0,
            format::money(result.price_per_contact, &result.currency),
            format::money(result.price_per_fte_month, &result.currency),
            format::money(result.price_per_minute, &result.currency)
        ),
        footnote: bid_footnote(scenario, result),
        x: XAxis {
            title: "Component".into(),
            range: (0.4, 5.6),
            ticks: ["Labour", "Overheads", "Transition", "Margin", "Price"]
                .iter()
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
