//! The report's charts, built from a scenario, its plan and its simulation (and a sweep, a bid
//! or a forecast): one file per subject. Every builder returns a plain-data [`Chart`](crate::report::Chart) that the
//! report layer draws; nothing here writes files.
//!
//! Time axes run over the *open* intervals only — closed nights and closed days are left out,
//! with a separator between days — and are labelled with clock times (one day) or dates (several).

mod bid;
mod curves;
mod forecast;
mod intervals;
mod special_days;
mod sweep;
mod timeline;

pub use bid::{bid_fte, bid_price};
pub use curves::{peak_curve, staffing_curve};
pub use forecast::forecast;
pub use intervals::{asa_abandonment, occupancy, service_level, staffing};
pub use special_days::special_days;
pub use sweep::{optimized_staffing, sweep_confidence, sweep_front};

use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::sim::SimulationResult;

/// What every chart's footnote and subtitle need to know.
pub struct Context<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its plan.
    pub plan: &'a Plan,
    /// Its simulation, when one was run.
    pub simulation: Option<&'a SimulationResult>,
}

impl Context<'_> {
    /// "holiday-peak · Erlang A interval by interval; simulation, 200 replications (seed 2026) · 21 Dec 2026 – 27 Dec 2026 · staffsim 0.1.0"
    pub fn footnote(&self) -> String {
        let first = self.scenario.intervals.first().map(|i| i.start.date());
        let last = self.scenario.intervals.last().map(|i| i.start.date());
        let dates = match (first, last) {
            (Some(a), Some(b)) if a == b => a.strftime("%a %-d %b %Y").to_string(),
            (Some(a), Some(b)) => format!("{} – {}", a.strftime("%-d %b"), b.strftime("%-d %b %Y")),
            _ => String::new(),
        };
        let simulation = self
            .simulation
            .map(|s| {
                format!(
                    "; simulation, {} replications (seed {})",
                    s.replications, s.seed
                )
            })
            .unwrap_or_default();
        format!(
            "Scenario {} · {} interval by interval{simulation} · {dates} · staffsim {}",
            self.scenario.name,
            self.plan.model,
            env!("CARGO_PKG_VERSION")
        )
    }

    pub(super) fn target_text(&self) -> String {
        let t = self.scenario.target.service;
        format!("{:.0}/{}", t.service_level() * 100.0, t.within().get())
    }
}

/// The largest value of a series, rounded up for an axis.
pub(super) fn ceiling(values: impl Iterator<Item = f64>, floor: f64) -> f64 {
    let max = values.filter(|v| v.is_finite()).fold(floor, f64::max);
    let magnitude = 10f64.powf(max.log10().floor());
    let step = if max / magnitude > 5.0 {
        magnitude
    } else {
        magnitude / 2.0
    };
    ((max * 1.08) / step).ceil() * step
}

/// A padded range around values.
pub(super) fn span(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.06).max(hi.abs() * 0.01).max(1e-6);
    ((lo - pad).max(0.0), hi + pad)
}
