//! What every section of summary.md shares: the page's data and the number formats.

pub(super) use crate::plan::{Plan, format_start};
pub(super) use crate::present::assumptions::{handle_time_name, target_words};
pub(super) use crate::report::format::{self, money_whole};
pub(super) use crate::report::{Chart, thousands};
pub(super) use crate::scenario::{Channel, Scenario};
pub(super) use crate::sim::{Estimate, SimulationResult};
pub(super) use std::fmt::Write;

pub(super) fn pct(x: f64) -> String {
    format::percent(x, 1)
}

pub(super) fn secs(x: f64) -> String {
    format::seconds(x, 1)
}

pub(super) fn pct_ci(e: Option<Estimate>) -> String {
    e.map_or("–".into(), |e| format::percent_ci(e.mean, e.ci95, 1))
}

pub(super) fn secs_ci(e: Option<Estimate>) -> String {
    e.map_or("–".into(), |e| format::seconds_ci(e.mean, e.ci95, 1))
}

/// What every section of the report reads.
#[derive(Clone, Copy)]
pub(super) struct Page<'a> {
    pub(super) scenario: &'a Scenario,
    pub(super) plan: &'a Plan,
    pub(super) sim: &'a SimulationResult,
    pub(super) extras: crate::present::Extras<'a>,
    pub(super) charts: &'a [(String, Chart)],
    pub(super) target: crate::queueing::ServiceTarget,
    pub(super) horizon: &'a str,
    pub(super) currency: &'a str,
}
