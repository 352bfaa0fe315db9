//! The simulation as JSON (`simulate --json`, `summary.json`) and as CSV rows, each result set
//! beside the interval-by-interval Erlang prediction.

use super::{Estimate, KpiEstimates, SimulationResult};
use crate::plan::{Plan, Totals, format_start};
use crate::scenario::Scenario;

/// Each KPI as `{"mean": x, "ci95": [lo, hi]}` (an [`Estimate`] serialises that way), or null.
#[derive(Debug, serde::Serialize)]
pub struct KpiSet {
    /// Service level under the scenario's definition.
    pub service_level: Option<Estimate>,
    /// Mean wait of answered contacts, seconds.
    pub asa_seconds: Option<Estimate>,
    /// Abandoned ÷ offered.
    pub abandon_rate: Option<Estimate>,
    /// Busy ÷ staffed agent time.
    pub occupancy: Option<Estimate>,
    /// Share of contacts that waited.
    pub p_wait: Option<Estimate>,
}

impl KpiSet {
    /// From estimates.
    pub fn of(k: &KpiEstimates) -> Self {
        Self {
            service_level: k.service_level,
            asa_seconds: k.asa_seconds,
            abandon_rate: k.abandon_rate,
            occupancy: k.occupancy,
            p_wait: k.p_wait,
        }
    }
}

/// What the interval-by-interval Erlang plan predicted for the same staffing.
#[derive(Debug, serde::Serialize)]
pub struct Prediction {
    /// The analytic model.
    pub model: crate::queueing::Model,
    /// Service level under the scenario's definition.
    pub service_level: Option<f64>,
    /// Mean wait of answered contacts, seconds.
    pub asa_seconds: Option<f64>,
    /// Abandoned ÷ offered.
    pub abandon_rate: Option<f64>,
    /// Busy ÷ staffed agent time.
    pub occupancy: Option<f64>,
}

impl Prediction {
    /// From plan totals.
    pub fn of(model: crate::queueing::Model, t: &Totals) -> Self {
        Self {
            model,
            service_level: t.service_level,
            asa_seconds: t.asa_seconds,
            abandon_rate: t.abandon_rate.or(Some(0.0)),
            occupancy: t.occupancy,
        }
    }
}

/// One day of the simulation beside its Erlang prediction.
#[derive(Debug, serde::Serialize)]
pub struct DayJson {
    /// The date.
    pub date: String,
    /// Contacts offered (mean per replication).
    pub offered: Option<f64>,
    /// The simulated KPIs.
    #[serde(flatten)]
    pub kpis: KpiSet,
    /// The Erlang prediction for the same staffing.
    pub erlang: Prediction,
}

/// `simulate --json`: the run's KPIs, the Erlang prediction and every day.
#[derive(Debug, serde::Serialize)]
pub struct SimulationSummary {
    /// Scenario name.
    pub scenario: String,
    /// Replications simulated.
    pub replications: u32,
    /// Base seed.
    pub seed: u64,
    /// Mean contacts offered per replication (retries and repeats included).
    pub contacts_offered: f64,
    /// Contacts simulated over all replications.
    pub contacts_simulated: u64,
    /// What the service level divides by.
    pub sl_definition: String,
    /// The service-level threshold, seconds.
    pub within_seconds: f64,
    /// The simulated KPIs.
    #[serde(flatten)]
    pub kpis: KpiSet,
    /// The Erlang prediction for the same staffing.
    pub erlang: Prediction,
    /// Simulation speed.
    pub events_per_second: f64,
    /// Wall-clock seconds spent simulating.
    pub wall_seconds: f64,
    /// Per-day results.
    pub days: Vec<DayJson>,
}

/// The JSON summary of a simulation of `scenario` beside its `plan`.
pub fn summary(scenario: &Scenario, plan: &Plan, result: &SimulationResult) -> SimulationSummary {
    SimulationSummary {
        scenario: scenario.name.clone(),
        replications: result.replications,
        seed: result.seed,
        contacts_offered: result.contacts_offered(),
        contacts_simulated: result.contacts_simulated,
        sl_definition: scenario.target.service.definition().to_string(),
        within_seconds: scenario.target.service.within().get(),
        kpis: KpiSet::of(&result.run),
        erlang: Prediction::of(plan.model, &plan.totals),
        events_per_second: result.events_per_second(),
        wall_seconds: result.wall_seconds,
        days: result
            .days
            .iter()
            .zip(&plan.days)
            .map(|(d, p)| DayJson {
                date: d.date.to_string(),
                offered: d.kpis.offered.map(|o| o.mean),
                kpis: KpiSet::of(&d.kpis),
                erlang: Prediction::of(plan.model, &p.totals),
            })
            .collect(),
    }
}

/// One open interval, simulated and predicted.
#[derive(Debug, serde::Serialize)]
pub struct SimulatedIntervalRow {
    /// Local start of the interval.
    pub start: String,
    /// Contacts offered (mean per replication).
    pub offered: f64,
    /// Agents on the phones.
    pub agents: u32,
    /// Service level under the scenario's definition.
    pub service_level: Option<f64>,
    /// Lower 95 % bound of the service level.
    pub service_level_lo: Option<f64>,
    /// Upper 95 % bound of the service level.
    pub service_level_hi: Option<f64>,
    /// Mean wait of answered contacts, seconds.
    pub asa_seconds: Option<f64>,
    /// Lower 95 % bound of the ASA.
    pub asa_seconds_lo: Option<f64>,
    /// Upper 95 % bound of the ASA.
    pub asa_seconds_hi: Option<f64>,
    /// Abandoned ÷ offered.
    pub abandon_rate: Option<f64>,
    /// Lower 95 % bound of the abandonment rate.
    pub abandon_rate_lo: Option<f64>,
    /// Upper 95 % bound of the abandonment rate.
    pub abandon_rate_hi: Option<f64>,
    /// Busy ÷ staffed agent time.
    pub occupancy: Option<f64>,
    /// Lower 95 % bound of the occupancy.
    pub occupancy_lo: Option<f64>,
    /// Upper 95 % bound of the occupancy.
    pub occupancy_hi: Option<f64>,
    /// Share of contacts that waited.
    pub p_wait: Option<f64>,
    /// Mean longest queue.
    pub longest_queue: Option<f64>,
    /// Erlang service level at the same staffing.
    pub erlang_service_level: f64,
    /// Erlang ASA at the same staffing.
    pub erlang_asa_seconds: Option<f64>,
    /// Erlang abandonment at the same staffing.
    pub erlang_abandon_rate: f64,
    /// Erlang occupancy at the same staffing.
    pub erlang_occupancy: f64,
}

/// The open intervals of a simulation, each beside its Erlang prediction.
pub fn interval_rows(plan: &Plan, result: &SimulationResult) -> Vec<SimulatedIntervalRow> {
    let mean = |e: Option<Estimate>| e.map(|e| e.mean);
    let lo = |e: Option<Estimate>| e.and_then(|e| e.ci95).map(|c| c[0]);
    let hi = |e: Option<Estimate>| e.and_then(|e| e.ci95).map(|c| c[1]);
    result
        .intervals
        .iter()
        .zip(&plan.intervals)
        .filter(|(s, _)| s.open)
        .map(|(s, p)| {
            let k = &s.kpis;
            SimulatedIntervalRow {
                start: format_start(s.start),
                offered: mean(k.offered).unwrap_or(0.0),
                agents: s.agents,
                service_level: mean(k.service_level),
                service_level_lo: lo(k.service_level),
                service_level_hi: hi(k.service_level),
                asa_seconds: mean(k.asa_seconds),
                asa_seconds_lo: lo(k.asa_seconds),
                asa_seconds_hi: hi(k.asa_seconds),
                abandon_rate: mean(k.abandon_rate),
                abandon_rate_lo: lo(k.abandon_rate),
                abandon_rate_hi: hi(k.abandon_rate),
                occupancy: mean(k.occupancy),
                occupancy_lo: lo(k.occupancy),
                occupancy_hi: hi(k.occupancy),
                p_wait: mean(k.p_wait),
                longest_queue: mean(k.longest_queue),
                erlang_service_level: p.performance.service_level,
                erlang_asa_seconds: p.performance.asa.map(|a| a.get()),
                erlang_abandon_rate: p.performance.abandon_rate.unwrap_or(0.0),
                erlang_occupancy: p.performance.occupancy,
            }
        })
        .collect()
}
