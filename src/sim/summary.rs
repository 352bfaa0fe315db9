//! The simulation as JSON (`simulate --json`, `summary.json`) and as CSV rows, each result set
//! beside the interval-by-interval Erlang prediction.

use super::{KpiEstimates, SimulationResult};
use crate::plan::{Plan, Totals};
use crate::scenario::Scenario;

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
    pub kpis: KpiEstimates,
    /// The Erlang prediction for the same staffing.
    pub erlang: Prediction,
}

/// `simulate --json`: the run's KPIs, the Erlang prediction and every day.
#[derive(Debug, serde::Serialize)]
pub struct SimulationSummary {
    /// Scenario name.
    pub scenario: String,
    /// "voice" or "chat".
    pub channel: &'static str,
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
    pub kpis: KpiEstimates,
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
        channel: scenario.channel.kind(),
        replications: result.replications,
        seed: result.seed,
        contacts_offered: result.contacts_offered(),
        contacts_simulated: result.contacts_simulated,
        sl_definition: scenario.target.service.definition().to_string(),
        within_seconds: scenario.target.service.within().get(),
        kpis: result.run,
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
                kpis: d.kpis,
                erlang: Prediction::of(plan.model, &p.totals),
            })
            .collect(),
    }
}
