//! A portfolio's staffing by day, stacked by channel.

use super::ceiling;
use crate::plan::Plan;
use crate::portfolio::Portfolio;
use crate::report::{Chart, Colour, Mark, Panel, XAxis, YFormat};
use jiff::civil::Date;

/// The colour of a channel's stack.
fn colour(channel: &str) -> Colour {
    match channel {
        "voice" => Colour::Blue,
        "chat" => Colour::Orange,
        "email" => Colour::Green,
        "backoffice" => Colour::Purple,
        _ => Colour::Sky,
    }
}

/// Paid agent-hours per day, one stacked bar per day with a segment per channel (the queues of a
/// channel added), for `portfolio` planned as `plans` (one per queue, in order).
///
/// Over 80 lines: one chart literal after the day-by-channel sums.
pub fn portfolio_staffing(portfolio: &Portfolio, plans: &[Plan]) -> Chart {
    let mut dates: Vec<Date> = plans
        .iter()
        .flat_map(|p| p.days.iter().map(|d| d.date))
        .collect();
    dates.sort();
    dates.dedup();
    let mut channels: Vec<&'static str> = Vec::new();
    for q in &portfolio.queues {
        let kind = q.scenario.channel.kind();
        if !channels.contains(&kind) {
            channels.push(kind);
        }
    }
    // hours[channel][day]
    let mut hours = vec![vec![0.0; dates.len()]; channels.len()];
    for (q, plan) in portfolio.queues.iter().zip(plans) {
        let c = channels
            .iter()
            .position(|&k| k == q.scenario.channel.kind())
            .unwrap_or(0);
        for day in &plan.days {
            if let Ok(d) = dates.binary_search(&day.date) {
                hours[c][d] += day.totals.scheduled_agent_hours;
            }
        }
    }
    let mut base = vec![0.0; dates.len()];
    let mut marks = Vec::with_capacity(channels.len() + 1);
    for (c, channel) in channels.iter().enumerate() {
        let bars = (0..dates.len())
            .filter(|&d| hours[c][d] > 0.0)
            .map(|d| {
                let x = d as f64 + 1.0;
                (x - 0.36, x + 0.36, base[d], base[d] + hours[c][d])
            })
            .collect();
        for d in 0..dates.len() {
            base[d] += hours[c][d];
        }
        marks.push(Mark::Bars {
            label: (*channel).to_string(),
            bars,
            colour: colour(channel),
        });
    }
    marks.push(Mark::Labels {
        labels: base
            .iter()
            .enumerate()
            .filter(|(_, h)| **h > 0.0)
            .map(|(d, &h)| (d as f64 + 1.0, h, crate::report::thousands(h)))
            .collect(),
    });
    let total: f64 = base.iter().sum();
    let many = dates.len() > 14;
    let ticks = dates
        .iter()
        .enumerate()
        .filter(|(d, _)| !many || d % 7 == 0)
        .map(|(d, date)| (d as f64 + 1.0, date.strftime("%a %-d %b").to_string()))
        .collect();
    let first = dates.first().map(|d| d.strftime("%-d %b").to_string());
    let last = dates.last().map(|d| d.strftime("%-d %b %Y").to_string());
    Chart {
        title: "Paid agent-hours by channel".into(),
        subtitle: format!(
            "{} with dedicated agents, each planned by its own model; {} paid agent-hours in all",
            crate::report::format::count_of(portfolio.queues.len() as u64, "queue"),
            crate::report::thousands(total)
        ),
        footnote: format!(
            "Portfolio {} · {} – {} · staffsim {}",
            portfolio.name,
            first.unwrap_or_default(),
            last.unwrap_or_default(),
            env!("CARGO_PKG_VERSION")
        ),
        x: XAxis {
            title: "Day".into(),
            range: (0.4, dates.len() as f64 + 0.6),
            ticks,
            separators: Vec::new(),
        },
        panels: vec![Panel {
            y_title: "Paid agent-hours".into(),
            y_range: (0.0, ceiling(base.iter().map(|h| h * 1.1), 10.0)),
            y_format: YFormat::Number,
            marks,
        }],
    }
}
