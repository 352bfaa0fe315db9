//! A bid's finance charts: the cost build-up as a waterfall where every line is named, the
//! margin's sensitivity as a tornado (the inputs sorted by their swing), and the cash flow with
//! its cumulative position.

use super::bid::{bid_footnote, waterfall};
use crate::bid::BidResult;
use crate::report::format;
use crate::report::{Chart, Colour, Mark, Panel, XAxis, YFormat};
use crate::scenario::{Scenario, SensitivityInput};

/// The cost build-up, line by line, to the total cost.
pub fn bid_cost_build_up(scenario: &Scenario, r: &BidResult) -> Chart {
    let lines = &r.finance.cost_build_up;
    let palette = [Colour::Blue, Colour::Sky, Colour::Orange, Colour::Purple];
    let steps: Vec<(&str, f64, Colour)> = lines
        .iter()
        .enumerate()
        .map(|(k, l)| {
            let colour = if l.cost < 0.0 {
                Colour::Green
            } else {
                palette[k % palette.len()]
            };
            (l.line.as_str(), l.cost, colour)
        })
        .collect();
    let money = |v: f64| format::money_whole(v, &r.currency);
    let marks = waterfall(&steps, r.total_cost, &money);
    let labour: f64 = r.sites.iter().map(|s| s.labour_cost).sum();
    Chart {
        title: "Cost build-up over the term".into(),
        subtitle: format!(
            "Every line named, to the total cost of {}; labour on the phones is {} of it",
            money(r.total_cost),
            format::percent(labour / r.total_cost.max(1e-9), 1)
        ),
        footnote: bid_footnote(scenario, r),
        x: XAxis {
            title: "Cost line".into(),
            range: (0.4, steps.len() as f64 + 1.6),
            ticks: steps
                .iter()
                .map(|(label, ..)| *label)
                .chain(["Total cost"])
                .enumerate()
                .map(|(k, l)| (k as f64 + 1.0, l.to_string()))
                .collect(),
            separators: Vec::new(),
        },
        panels: vec![Panel {
            y_title: r.currency.clone(),
            y_range: (0.0, r.total_cost * 1.12),
            y_format: YFormat::Number,
            marks,
        }],
    }
}

/// A padded range around values that may be negative (a margin, a cash position), rounded out to
/// a round step (1, 2 or 5 × 10^k) giving at least five steps.
fn signed_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((0.0f64, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
    let range = (hi - lo).max(1e-9);
    let (lo, hi) = (lo - range * 0.06, hi + range * 0.1);
    let magnitude = 10f64.powf((hi - lo).log10().floor());
    let step = [5.0, 2.0, 1.0, 0.5, 0.2, 0.1]
        .iter()
        .map(|m| m * magnitude)
        .find(|step| (hi - lo) / step >= 5.0)
        .unwrap_or(magnitude / 10.0);
    let round = |v: f64, up: bool| {
        let k = v / step;
        if up {
            k.ceil() * step
        } else {
            k.floor() * step
        }
    };
    (round(lo, false).min(0.0), round(hi, true))
}

/// An input's name and its change, as an axis reads them.
fn input_name(input: SensitivityInput) -> &'static str {
    match input {
        SensitivityInput::Aht => "Handle time",
        SensitivityInput::Attrition => "Attrition",
        SensitivityInput::Volume => "Volume",
        SensitivityInput::Wages => "Wages",
    }
}

fn change(input: SensitivityInput, x: f64) -> String {
    match input {
        SensitivityInput::Attrition => format!("{:+.0} pts", x * 100.0),
        _ => format!("{:+.0} %", x * 100.0),
    }
}

/// The expected margin against each sensitivity input: a bar from the bid's margin to the
/// margin at the input's low end and one to its high end, the widest swing first.
pub fn bid_tornado(scenario: &Scenario, r: &BidResult) -> Chart {
    let mut bars = r.sensitivity.clone();
    bars.sort_by(|a, b| {
        let swing =
            |s: &crate::bid::sensitivity::SensitivityBar| (s.margin_high - s.margin_low).abs();
        swing(b).total_cmp(&swing(a))
    });
    let base = r.expected_margin;
    let bar = |k: usize, m: f64, side: f64| {
        let x = k as f64 + 1.0 + side * 0.19;
        (x - 0.17, x + 0.17, base.min(m), base.max(m))
    };
    let labels: Vec<(f64, f64, String)> = bars
        .iter()
        .enumerate()
        .flat_map(|(k, s)| {
            [(-1.0, s.margin_low, s.low), (1.0, s.margin_high, s.high)].map(|(side, m, x)| {
                (
                    k as f64 + 1.0 + side * 0.19,
                    base.max(m),
                    format!("{}: {}", change(s.input, x), format::percent(m, 1)),
                )
            })
        })
        .collect();
    let range = signed_range(
        bars.iter()
            .flat_map(|s| [s.margin_low, s.margin_high])
            .chain([base]),
    );
    Chart {
        title: "Margin sensitivity".into(),
        subtitle: format!(
            "Expected margin {} at the bid's prices; each bar a re-run of the months with one input moved, the widest swing first",
            format::percent(base, 1)
        ),
        footnote: bid_footnote(scenario, r),
        x: XAxis {
            title: "Input (low end left, high end right)".into(),
            range: (0.4, bars.len() as f64 + 0.6),
            ticks: bars
                .iter()
                .enumerate()
                .map(|(k, s)| (k as f64 + 1.0, input_name(s.input).to_string()))
                .collect(),
            separators: Vec::new(),
        },
        panels: vec![Panel {
            y_title: "Expected margin".into(),
            y_range: range,
            y_format: YFormat::Percent,
            marks: vec![
                Mark::Bars {
                    label: "Input at its low end".into(),
                    bars: bars
                        .iter()
                        .enumerate()
                        .map(|(k, s)| bar(k, s.margin_low, -1.0))
                        .collect(),
                    colour: Colour::Sky,
                },
                Mark::Bars {
                    label: "Input at its high end".into(),
                    bars: bars
                        .iter()
                        .enumerate()
                        .map(|(k, s)| bar(k, s.margin_high, 1.0))
                        .collect(),
                    colour: Colour::Orange,
                },
                Mark::HLine {
                    label: "The bid's expected margin".into(),
                    y: base,
                    colour: Colour::Black,
                },
                Mark::Labels { labels },
            ],
        }],
    }
}

/// The cash flow: each month's net as a bar, the cumulative position as a line, payback marked.
pub fn bid_cash_flow(scenario: &Scenario, r: &BidResult) -> Chart {
    let f = &r.finance;
    let (positive, negative): (Vec<_>, Vec<_>) = f.cash_flow.iter().partition(|c| c.net >= 0.0);
    let bars = |months: Vec<&crate::bid::finance::CashMonth>| -> Vec<(f64, f64, f64, f64)> {
        months
            .iter()
            .map(|c| {
                let x = f64::from(c.month);
                (x - 0.35, x + 0.35, c.net.min(0.0), c.net.max(0.0))
            })
            .collect()
    };
    let range = signed_range(f.cash_flow.iter().flat_map(|c| [c.net, c.cumulative]));
    let n = f.cash_flow.len();
    let every = n.div_ceil(12).max(1);
    let money = |v: f64| format::money_whole(v, &r.currency);
    Chart {
        title: "Cash flow and payback".into(),
        subtitle: format!(
            "Costs when incurred, revenue when received ({} days after each month); payback {}, NPV {} at {} a year, IRR {}",
            f.payment_terms_days,
            f.payback_month
                .map_or("not reached".into(), |m| format!("in month {m}")),
            money(f.npv),
            format::percent(f.discount_rate, 0),
            f.irr.map_or("none".into(), |i| format!(
                "{} a year",
                format::percent(i, 1)
            ))
        ),
        footnote: bid_footnote(scenario, r),
        x: XAxis {
            title: "Month of the contract (0: the transition before go-live)".into(),
            range: (-0.6, n as f64 - 0.4),
            ticks: f
                .cash_flow
                .iter()
                .filter(|c| (c.month as usize).is_multiple_of(every))
                .map(|c| (f64::from(c.month), c.label.clone()))
                .collect(),
            separators: Vec::new(),
        },
        panels: vec![Panel {
            y_title: r.currency.clone(),
            y_range: range,
            y_format: YFormat::Number,
            marks: vec![
                Mark::Bars {
                    label: "Net in the month (in)".into(),
                    bars: bars(positive),
                    colour: Colour::Green,
                },
                Mark::Bars {
                    label: "Net in the month (out)".into(),
                    bars: bars(negative),
                    colour: Colour::Vermillion,
                },
                Mark::Line {
                    label: "Cumulative position".into(),
                    points: f
                        .cash_flow
                        .iter()
                        .map(|c| (f64::from(c.month), Some(c.cumulative)))
                        .collect(),
                    colour: Colour::Blue,
                    dashed: false,
                },
                Mark::HLine {
                    label: String::new(),
                    y: 0.0,
                    colour: Colour::Grey,
                },
            ],
        }],
    }
}
