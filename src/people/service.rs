//! The rostered people simulated: each replication draws who is absent (each person's each
//! shift missed with the `[roster] absence` probability, on its own stream), takes them off
//! the phones, and simulates the day — each day's service level and the share of replications
//! in which it meets the target, as `schedule --objective service` judges a day.

use super::model::Problem;
use crate::error::Result;
use crate::progress::Progress;
use crate::rng::{Domain, stream};
use crate::sim::SimOptions;
use rand::RngExt;

/// One day of the roster, simulated with absence.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RosterDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The day's service level, mean and 95 % interval over replications.
    pub service_level: Option<crate::sim::Estimate>,
    /// Share of replications whose day met the target.
    pub p_meet_target: f64,
    /// Replications with contacts that day.
    pub replications: u64,
}

/// Simulates `rows` of `problem` with absence drawn per agent-shift (see the module docs);
/// each open day's [`RosterDay`].
///
/// # Errors
/// The simulation's; [`crate::error::Error::Cancelled`].
pub(crate) fn simulate(
    problem: &Problem,
    rows: &[Vec<Option<u32>>],
    rostered: &[u32],
    options: SimOptions,
    progress: &dyn Progress,
) -> Result<Vec<RosterDay>> {
    let absence = problem.config.absence;
    let seed = options.seed;
    let vary = |r: u64, agents: &mut [u32]| {
        if absence <= 0.0 {
            return;
        }
        let mut rng = stream(seed, Domain::Absence, r);
        for row in rows {
            for &w in row.iter().flatten() {
                if rng.random::<f64>() < absence {
                    for &k in &problem.ways[w as usize].covers {
                        agents[k] = agents[k].saturating_sub(1);
                    }
                }
            }
        }
    };
    let days =
        crate::sim::day_confidence_varying(problem.scenario, rostered, &vary, options, progress)?;
    Ok(problem
        .dates
        .iter()
        .zip(days)
        .filter_map(|(date, day)| {
            day.map(|d| RosterDay {
                date: date.to_string(),
                service_level: d.service_level,
                p_meet_target: d.p_meet_target(),
                replications: d.replications,
            })
        })
        .collect())
}
