//! A portfolio's own `[sweep]` over shared agents: each combination of volume, handle time and
//! agents added simulated with the same seeds (common random numbers: the contacts differ only by
//! the combination), so the options compare on the same luck.

use super::{QueueOutcome, simulate};
use crate::error::{Error, Result};
use crate::portfolio::Portfolio;
use crate::progress::Progress;
use crate::sim::SimOptions;

/// One combination simulated.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GridOption {
    /// Every queue's volume × this.
    pub volume_multiplier: f64,
    /// Every queue's handle time × this.
    pub aht_multiplier: f64,
    /// Agents added to every group in every interval it is on the phones.
    pub agents_added: i32,
    /// Σ groups' agent-hours on the phones.
    pub agent_hours: f64,
    /// Σ groups' labour cost; `None` unless every group has a rate.
    pub labour_cost: Option<f64>,
    /// Each queue's simulated KPIs, as `simulate` reports them.
    pub queues: Vec<QueueOutcome>,
}

/// The grid simulated: what `sweep --json` prints for a portfolio with groups.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SkillSweep {
    /// The portfolio.
    pub portfolio: String,
    /// Replications per combination.
    pub replications: u32,
    /// Base seed.
    pub seed: u64,
    /// Every combination, volume first, then handle time, then agents added.
    pub options: Vec<GridOption>,
}

/// One CSV row: a queue under one combination.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GridRow {
    /// Every queue's volume × this.
    pub volume_multiplier: f64,
    /// Every queue's handle time × this.
    pub aht_multiplier: f64,
    /// Agents added to every group.
    pub agents_added: i32,
    /// Σ groups' agent-hours.
    pub agent_hours: f64,
    /// Σ groups' labour cost (empty without rates).
    pub labour_cost: Option<f64>,
    /// The queue.
    pub queue: String,
    /// Its service level, mean over replications.
    pub service_level: Option<f64>,
    /// Its ASA in seconds.
    pub asa_seconds: Option<f64>,
    /// Its abandonment (live work).
    pub abandon_rate: Option<f64>,
}

impl SkillSweep {
    /// Every queue under every combination, for `--csv`.
    pub fn rows(&self) -> Vec<GridRow> {
        self.options
            .iter()
            .flat_map(|o| {
                o.queues.iter().map(|q| GridRow {
                    volume_multiplier: o.volume_multiplier,
                    aht_multiplier: o.aht_multiplier,
                    agents_added: o.agents_added,
                    agent_hours: o.agent_hours,
                    labour_cost: o.labour_cost,
                    queue: q.queue.clone(),
                    service_level: q.service_level.map(|e| e.mean),
                    asa_seconds: q.asa_seconds.map(|e| e.mean),
                    abandon_rate: q.abandon_rate.map(|e| e.mean),
                })
            })
            .collect()
    }
}

/// Simulates every combination of `portfolio`'s `[sweep]` (`options.replications` each).
///
/// # Errors
/// [`Error::Input`] without groups or without a `[sweep]`; the simulation's errors.
pub fn sweep(
    portfolio: &Portfolio,
    options: SimOptions,
    progress: &dyn Progress,
) -> Result<SkillSweep> {
    let (Some(_), Some(grid)) = (&portfolio.skills, &portfolio.sweep) else {
        return Err(Error::input(
            portfolio.source.display(),
            "has no [sweep] for its [[group]]s: add one (e.g. volume_multiplier = [1.0, 1.3], agents_added = [0, 2]) or use --optimize",
        ));
    };
    let mut rows = Vec::new();
    for (volume, aht, added) in grid.options() {
        let mut option = portfolio.clone();
        for queue in &mut option.queues {
            for i in &mut queue.scenario.intervals {
                i.volume *= volume;
                i.aht = crate::units::Seconds(i.aht.get() * aht);
            }
        }
        if let Some(skills) = &mut option.skills {
            for group in &mut skills.groups {
                for a in &mut group.agents {
                    if *a > 0 {
                        *a = (i64::from(*a) + i64::from(added)).max(0) as u32;
                    }
                }
            }
        }
        let result = simulate(&option, options, progress)?;
        rows.push(GridOption {
            volume_multiplier: volume,
            aht_multiplier: aht,
            agents_added: added,
            agent_hours: result.totals.agent_hours,
            labour_cost: result.totals.labour_cost,
            queues: result.queues,
        });
    }
    Ok(SkillSweep {
        portfolio: portfolio.name.clone(),
        replications: options.replications,
        seed: options.seed,
        options: rows,
    })
}
