//! Per-day confidence: for a staffing, the share of replications in which each day's service
//! level meets the target — what `[target] confidence` is asked of, day by day.

use super::{Estimate, IntervalCounters, Kpis, Running, SimModel, SimOptions, run_replication};
use crate::error::Result;
use crate::progress::Progress;
use crate::scenario::Scenario;

/// One open day's simulated confidence at a staffing: the share of replications whose day met
/// the target, and the day's simulated service level.
#[derive(Debug, Clone, PartialEq)]
pub struct DayConfidence {
    /// Replications whose day met the target.
    pub meeting: u64,
    /// Replications in which the day had contacts.
    pub replications: u64,
    /// The day's simulated service level across replications.
    pub service_level: Option<Estimate>,
}

impl DayConfidence {
    /// `meeting ÷ replications`.
    pub fn p_meet_target(&self) -> f64 {
        if self.replications == 0 {
            0.0
        } else {
            self.meeting as f64 / self.replications as f64
        }
    }
}

/// Simulates `scenario` with `agents` on the phones and returns, for every day of the horizon,
/// its [`DayConfidence`] (`None` for a day without contacts). Replications use the base seed as
/// in `sweep`, so two staffings compared this way see the same random numbers; they are folded
/// in order, so the result does not depend on the thread count.
pub fn day_confidence(
    scenario: &Scenario,
    agents: &[u32],
    options: SimOptions,
    progress: &dyn Progress,
) -> Result<Vec<Option<DayConfidence>>> {
    day_confidence_varying(scenario, agents, &|_, _| {}, options, progress)
}

/// [`day_confidence`] where replication `r`'s staffing is `agents` changed by `vary(r, agents)`
/// (people absent that day, say): each replication on its own copy of the model.
pub fn day_confidence_varying(
    scenario: &Scenario,
    agents: &[u32],
    vary: &(dyn Fn(u64, &mut [u32]) + Sync),
    options: SimOptions,
    progress: &dyn Progress,
) -> Result<Vec<Option<DayConfidence>>> {
    let model = SimModel::new(scenario, agents)?;
    let definition = scenario.target.service.definition();
    let target = scenario.target.service.service_level();
    let replications = u64::from(options.replications);
    progress.add_work(replications);
    let folded = super::on_threads(options.threads, || {
        let mut levels: Vec<Running> = vec![Running::default(); model.days];
        let mut counts = vec![(0u64, 0u64); model.days];
        super::replicate::in_order(
            0..replications,
            16,
            progress,
            |r| {
                let mut staffed: Vec<u32> = model.intervals.iter().map(|i| i.agents).collect();
                vary(r, &mut staffed);
                let replication = if staffed
                    .iter()
                    .zip(&model.intervals)
                    .all(|(a, i)| *a == i.agents)
                {
                    run_replication(&model, options.seed, r)
                } else {
                    let mut varied = model.clone();
                    for (i, a) in varied.intervals.iter_mut().zip(staffed) {
                        i.agents = a;
                    }
                    run_replication(&varied, options.seed, r)
                };
                let mut day = vec![IntervalCounters::default(); model.days];
                for (c, i) in replication.intervals.iter().zip(&model.intervals) {
                    day[i.day].absorb(c);
                }
                day.iter()
                    .map(|c| Kpis::of(c, definition).service_level)
                    .collect::<Vec<Option<f64>>>()
            },
            |_, replication| {
                for (d, sl) in replication.into_iter().enumerate() {
                    if let Some(sl) = sl {
                        levels[d].push(Some(sl));
                        counts[d].0 += u64::from(sl >= target);
                        counts[d].1 += 1;
                    }
                }
            },
        )
        .map(|()| (levels, counts))
    })??;
    let (levels, counts) = folded;
    Ok(levels
        .into_iter()
        .zip(counts)
        .map(|(level, (meeting, n))| {
            (n > 0).then(|| DayConfidence {
                meeting,
                replications: n,
                service_level: level.estimate_fraction(),
            })
        })
        .collect())
}
