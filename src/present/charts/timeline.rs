//! The compressed time axis of interval charts: open intervals only, with day separators and
//! clock-time or date labels.

use crate::plan::Plan;
use crate::queueing::Model;
use crate::report::{Colour, Mark, XAxis};
use crate::scenario::Scenario;
use crate::sim::Estimate;
use crate::units::Seconds;
use jiff::civil::DateTime;

/// Positions of the open intervals on a compressed time axis: interval k spans [k, k + 1).
pub(super) struct Timeline {
    /// (index into the plan's intervals, position of its start)
    pub(super) open: Vec<(usize, f64)>,
    pub(super) axis: XAxis,
}

impl Timeline {
    pub(super) fn new(starts: &[(usize, DateTime)], interval: Seconds) -> Self {
        let open: Vec<(usize, f64)> = starts
            .iter()
            .enumerate()
            .map(|(k, (i, _))| (*i, k as f64))
            .collect();
        let mut day_starts: Vec<(f64, DateTime)> = Vec::new();
        for (k, (_, start)) in starts.iter().enumerate() {
            if day_starts
                .last()
                .is_none_or(|(_, d)| d.date() != start.date())
            {
                day_starts.push((k as f64, *start));
            }
        }
        let n = open.len() as f64;
        let (ticks, separators) = if day_starts.len() <= 1 {
            // One day: a tick on the hour, every hour or every two.
            let hours = n * interval.hours();
            let every = if hours > 14.0 { 2 } else { 1 };
            let ticks = starts
                .iter()
                .enumerate()
                .filter(|(_, (_, s))| s.minute() == 0 && s.hour() % every == 0)
                .map(|(k, (_, s))| (k as f64, s.strftime("%H:%M").to_string()))
                .chain(std::iter::once((n, end_label(starts, interval))))
                .collect();
            (ticks, Vec::new())
        } else {
            // One label per day, centred on the day's open hours (every few days on long horizons).
            let every = day_starts.len().div_ceil(14);
            let ticks = day_starts
                .iter()
                .enumerate()
                .filter(|(d, _)| d % every == 0)
                .map(|(d, (k, s))| {
                    let end = day_starts.get(d + 1).map_or(n, |(next, _)| *next);
                    ((k + end) / 2.0, s.strftime("%a %-d %b").to_string())
                })
                .collect();
            let separators = day_starts.iter().skip(1).map(|(k, _)| *k).collect();
            (ticks, separators)
        };
        let title = if day_starts.len() <= 1 {
            format!(
                "Time of day, {} ({} intervals)",
                starts
                    .first()
                    .map(|(_, s)| s.strftime("%a %-d %b %Y").to_string())
                    .unwrap_or_default(),
                interval
            )
        } else {
            format!("Date (open hours only; {} intervals)", interval)
        };
        Timeline {
            open,
            axis: XAxis {
                title,
                range: (0.0, n.max(1.0)),
                ticks,
                separators,
            },
        }
    }

    /// Points at interval midpoints.
    pub(super) fn line(&self, value: impl Fn(usize) -> Option<f64>) -> Vec<(f64, Option<f64>)> {
        self.open
            .iter()
            .map(|&(i, x)| (x + 0.5, value(i)))
            .collect()
    }

    /// A step line: flat across each interval, breaking where the value is undefined.
    pub(super) fn steps(&self, value: impl Fn(usize) -> Option<f64>) -> Vec<(f64, Option<f64>)> {
        self.open
            .iter()
            .flat_map(|&(i, x)| [(x, value(i)), (x + 1.0, value(i))])
            .collect()
    }

    /// A simulated KPI: its 95 % band (labelled `band_label`, "" for none) and its mean.
    pub(super) fn simulated(
        &self,
        estimate: impl Fn(usize) -> Option<Estimate>,
        colour: Colour,
        band_label: &str,
    ) -> [Mark; 2] {
        [
            Mark::Band {
                label: band_label.to_string(),
                points: self.band(&estimate),
                colour,
            },
            Mark::Line {
                label: "Simulated".into(),
                points: self.line(|i| estimate(i).map(|e| e.mean)),
                colour,
                dashed: false,
            },
        ]
    }

    /// The interval-by-interval prediction of a KPI, dashed orange.
    pub(super) fn predicted(&self, model: Model, value: impl Fn(usize) -> Option<f64>) -> Mark {
        Mark::Line {
            label: format!("{model} prediction"),
            points: self.line(value),
            colour: Colour::Orange,
            dashed: true,
        }
    }

    pub(super) fn band(
        &self,
        estimate: impl Fn(usize) -> Option<Estimate>,
    ) -> Vec<(f64, Option<(f64, f64)>)> {
        self.open
            .iter()
            .map(|&(i, x)| {
                (
                    x + 0.5,
                    estimate(i).and_then(|e| e.ci95).map(|[lo, hi]| (lo, hi)),
                )
            })
            .collect()
    }
}

fn end_label(starts: &[(usize, DateTime)], interval: Seconds) -> String {
    starts
        .last()
        .map(|(_, s)| {
            s.saturating_add(jiff::SignedDuration::from_secs_f64(interval.get()))
                .strftime("%H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

pub(super) fn timeline(plan: &Plan, scenario: &Scenario) -> Timeline {
    let starts: Vec<(usize, DateTime)> = plan
        .intervals
        .iter()
        .enumerate()
        .filter(|(_, i)| i.open)
        .map(|(k, i)| (k, i.start))
        .collect();
    Timeline::new(&starts, scenario.interval)
}
