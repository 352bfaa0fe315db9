//! Simulation-based iterative staffing (Feldman, Mandelbaum, Massey and Whitt, *Staffing of
//! time-varying queues to achieve time-stable performance*, Management Science 2008): start from
//! the interval-by-interval Erlang plan, simulate, add an agent where an interval misses the
//! target, take one away where the interval has room to spare, and repeat until nothing changes.
//! Every iteration uses the same replication seeds, so a change is the staffing's, not the noise's.

use crate::error::Result;
use crate::plan::{self, Plan};
use crate::progress::Progress;
use crate::queueing::QueueModel;
use crate::scenario::Scenario;
use crate::sim::{SimOptions, SimulationResult, simulate};
use jiff::civil::DateTime;

/// One interval of an optimised staffing.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OptimizedInterval {
    /// Local start.
    #[serde(serialize_with = "serialize_start")]
    pub start: DateTime,
    /// The interval-by-interval Erlang requirement.
    pub erlang_agents: u32,
    /// The staffing that meets the target in simulation.
    pub optimized_agents: u32,
    /// Simulated service level at the optimised staffing.
    pub service_level: Option<f64>,
}

fn serialize_start<S: serde::Serializer>(start: &DateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&plan::format_start(*start))
}

/// The outcome of an optimisation.
#[derive(Debug, Clone)]
pub struct Optimization {
    /// Iterations run (each one simulation of all replications).
    pub iterations: u32,
    /// True when the last iteration changed nothing.
    pub converged: bool,
    /// The Erlang plan.
    pub erlang: Plan,
    /// The plan of the optimised staffing.
    pub optimized: Plan,
    /// The simulation of the optimised staffing.
    pub simulation: SimulationResult,
    /// Per open interval.
    pub intervals: Vec<OptimizedInterval>,
}

/// The most iterations before giving up on convergence.
pub(super) const MAX_ITERATIONS: u32 = 40;

/// Headroom above the goal an interval's simulated service level must keep, after the Erlang
/// loss of one agent, before that agent is removed. Two points of service level is about two
/// standard errors of an interval's mean SL at typical replication counts, so the optimiser does
/// not remove agents on noise and oscillate between iterations.
const REMOVAL_MARGIN: f64 = 0.02;

/// Finds per-interval staffing that meets the target in simulation.
///
/// Over 80 lines: the optimiser's loop (simulate, compare with the target's margin, move agents,
/// stop) reads best whole.
pub fn optimize(
    scenario: &Scenario,
    options: SimOptions,
    progress: &dyn Progress,
) -> Result<Optimization> {
    let erlang = plan::plan(scenario)?;
    let target = scenario.target.service;
    let goal = target.service_level();
    let patience = scenario.patience.mean();
    let mut agents: Vec<u32> = erlang
        .intervals
        .iter()
        .map(|i| if i.open { i.required_agents } else { 0 })
        .collect();
    let mut raised = vec![false; agents.len()];
    let mut iterations = 0;
    let mut converged = false;
    let mut simulation = simulate(scenario, &agents, options, progress)?;
    while iterations < MAX_ITERATIONS {
        iterations += 1;
        let mut changed = false;
        for (k, interval) in erlang.intervals.iter().enumerate() {
            if !interval.open || interval.volume <= 0.0 {
                continue;
            }
            let Some(sl) = simulation.intervals[k].kpis.service_level.map(|e| e.mean) else {
                continue;
            };
            if sl < goal {
                agents[k] += 1;
                raised[k] = true;
                changed = true;
            } else if !raised[k] && agents[k] > 0 {
                // Remove an agent only where the Erlang loss of one agent still leaves room.
                let load = interval.performance.offered_load_erlangs;
                let model = QueueModel::for_channel(
                    load,
                    interval.aht,
                    patience,
                    scenario.channel.aht_factors(),
                )?;
                let loss = model
                    .performance(agents[k], target.within(), target.definition())
                    .service_level
                    - model
                        .performance(agents[k] - 1, target.within(), target.definition())
                        .service_level;
                if sl - loss >= goal + REMOVAL_MARGIN {
                    agents[k] -= 1;
                    changed = true;
                }
            }
        }
        if !changed {
            converged = true;
            break;
        }
        simulation = simulate(scenario, &agents, options, progress)?;
    }
    let optimized = plan::plan(&scenario.with_agents(&agents, "optimised in simulation"))?;
    let intervals = erlang
        .intervals
        .iter()
        .zip(&agents)
        .zip(&simulation.intervals)
        .filter(|((e, _), _)| e.open)
        .map(|((e, &n), s)| OptimizedInterval {
            start: e.start,
            erlang_agents: e.required_agents,
            optimized_agents: n,
            service_level: s.kpis.service_level.map(|e| e.mean),
        })
        .collect();
    Ok(Optimization {
        iterations,
        converged,
        erlang,
        optimized,
        simulation,
        intervals,
    })
}
