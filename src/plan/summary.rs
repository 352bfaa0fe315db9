//! The plan as rows and summaries for CSV and JSON output.

use super::{Plan, Totals};
use crate::scenario::Scenario;
use crate::units::Seconds;
use jiff::civil::DateTime;

/// `2026-12-24T09:00`: the interval CSV's own format.
///
/// Seconds are written when they are not zero (intervals of 90 s, say), so a start is never cut.
pub fn format_start(start: DateTime) -> String {
    if start.second() == 0 {
        start.strftime("%Y-%m-%dT%H:%M").to_string()
    } else {
        start.strftime("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

/// One open interval of the plan, as a CSV row.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IntervalRow {
    /// Local start time.
    pub start: String,
    /// Contacts offered.
    pub volume: f64,
    /// Average handle time.
    pub aht_seconds: f64,
    /// Offered load.
    pub offered_load_erlangs: f64,
    /// Agents needed on the phones.
    pub required_agents: u32,
    /// Agents on the phones.
    pub staffed_agents: u32,
    /// Paid agents: staffed ÷ (1 − shrinkage).
    pub scheduled_agents: f64,
    /// Expected service level at the staffed agents.
    pub service_level: f64,
    /// Expected ASA; empty when unstable.
    pub asa_seconds: Option<f64>,
    /// Expected occupancy.
    pub occupancy: f64,
    /// Probability of waiting.
    pub p_wait: f64,
    /// Abandoned ÷ offered; empty under Erlang C.
    pub abandon_rate: Option<f64>,
    /// Whether the staffed agents meet the target.
    pub meets_target: bool,
    /// The special day's name, if any.
    pub special_day: String,
}

/// One day's totals, for JSON.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DaySummary {
    /// The date.
    pub date: String,
    /// The special day's name, if any.
    pub special_day: Option<String>,
    /// The totals.
    #[serde(flatten)]
    pub totals: Totals,
}

/// The plan's totals and context, for `plan --json` and `summary.json`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PlanSummary {
    /// The scenario's name.
    pub scenario: String,
    /// "voice" or "chat".
    pub channel: &'static str,
    /// "Erlang C", "Erlang A" or "Chat".
    pub model: crate::queueing::Model,
    /// How agents were decided.
    pub staffing_method: &'static str,
    /// Target service level.
    pub target_service_level: f64,
    /// Target threshold.
    pub target_within_seconds: f64,
    /// Service-level definition.
    pub sl_definition: String,
    /// Total shrinkage.
    pub shrinkage: f64,
    /// Interval length.
    pub interval_seconds: f64,
    /// Currency of the costs.
    pub currency: String,
    /// The whole-horizon totals.
    #[serde(flatten)]
    pub totals: Totals,
    /// Fixed overheads added to the labour cost.
    pub fixed_overheads: f64,
    /// Labour cost plus fixed overheads.
    pub total_cost: Option<f64>,
    /// The start of the peak interval, as written in the CSV.
    pub peak_interval: Option<String>,
    /// Starts of the open intervals that miss the target.
    pub below_target: Vec<String>,
    /// Per-day totals.
    pub days: Vec<DaySummary>,
}

impl Plan {
    /// The open intervals as CSV rows.
    pub fn interval_rows(&self, scenario: &Scenario) -> Vec<IntervalRow> {
        self.intervals
            .iter()
            .filter(|i| i.open)
            .map(|i| IntervalRow {
                start: format_start(i.start),
                volume: round6(i.volume),
                aht_seconds: round6(i.aht.get()),
                offered_load_erlangs: round6(i.performance.offered_load_erlangs),
                required_agents: i.required_agents,
                staffed_agents: i.staffed_agents,
                scheduled_agents: round6(i.scheduled_agents),
                service_level: i.performance.service_level,
                asa_seconds: i.performance.asa.map(Seconds::get),
                occupancy: i.performance.occupancy,
                p_wait: i.performance.p_wait,
                abandon_rate: i.performance.abandon_rate,
                meets_target: i.meets_target,
                special_day: i
                    .special_day
                    .map(|k| scenario.special_days[k].name.clone())
                    .unwrap_or_default(),
            })
            .collect()
    }

    /// The totals and their context.
    pub fn summary(&self, scenario: &Scenario) -> PlanSummary {
        let service = scenario.target.service;
        PlanSummary {
            scenario: scenario.name.clone(),
            channel: scenario.channel.kind(),
            model: self.model,
            staffing_method: scenario.staffing.method(),
            target_service_level: service.service_level(),
            target_within_seconds: service.within().get(),
            sl_definition: service.definition().to_string(),
            shrinkage: scenario.shrinkage.total.fraction(),
            interval_seconds: scenario.interval.get(),
            currency: scenario.cost.currency.clone(),
            totals: self.totals.clone(),
            fixed_overheads: scenario.cost.fixed_overheads,
            total_cost: self
                .totals
                .labour_cost
                .map(|c| c + scenario.cost.fixed_overheads),
            peak_interval: self.totals.peak_start.map(format_start),
            below_target: self
                .intervals
                .iter()
                .filter(|i| i.open && !i.meets_target)
                .map(|i| format_start(i.start))
                .collect(),
            days: self
                .days
                .iter()
                .map(|d| DaySummary {
                    date: d.date.to_string(),
                    special_day: d.special_day.clone(),
                    totals: d.totals.clone(),
                })
                .collect(),
        }
    }
}

/// Rounds to 6 decimals, so that products like 330 × 1.15 print as 379.5, not 379.49999999999994.
/// Probabilities and times stay at full precision.
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
