//! The `service` objective's search: from the covering optimum, shifts added where a day falls
//! short of the confidence and agents taken off days with room, every change checked by
//! simulation with the same random numbers.

use super::columns::Columns;
use super::evaluation::{Evaluation, coverage};
use super::solve;
use crate::error::Result;
use crate::scenario::Scenario;
use jiff::civil::Date;

/// The largest number of simulated evaluations the `service` search makes.
const MAX_SERVICE_EVALUATIONS: usize = 60;

/// The `service` search: from the covering optimum, add the cheapest shift where a day falls
/// short of the confidence and take agents off days with room to spare, checking every change
/// by simulation with the same random numbers.
pub(super) struct ServiceSearch<'a> {
    pub(super) scenario: &'a Scenario,
    pub(super) columns: &'a Columns,
    pub(super) bounds: &'a solve::Bounds,
    pub(super) room: Option<&'a [u32]>,
    pub(super) confidence: f64,
}

impl ServiceSearch<'_> {
    fn day_of(&self, column: usize) -> Date {
        self.columns.starts[self.columns.columns[column].start].date
    }

    fn short(&self, e: &Evaluation) -> Vec<usize> {
        e.days
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                d.as_ref()
                    .is_some_and(|d| d.p_meet_target() < self.confidence)
            })
            .map(|(k, _)| k)
            .collect()
    }

    /// Whether `delta` agents more on `column` keep its start within its bounds and, when adding,
    /// every interval it covers within the cap; `scheduled` is the schedule's own coverage at
    /// `agents` (needed only to add under a cap).
    fn fits(&self, agents: &[u32], scheduled: Option<&[u32]>, column: usize, delta: i64) -> bool {
        let start = self.columns.columns[column].start;
        let total: i64 = self.columns.starts[start]
            .columns
            .iter()
            .map(|&j| i64::from(agents[j]))
            .sum::<i64>()
            + delta;
        let (min, max) = self.bounds[start];
        if total < i64::from(min) || max.is_some_and(|m| total > i64::from(m)) {
            return false;
        }
        if delta > 0
            && let (Some(room), Some(coverage)) = (self.room, scheduled)
        {
            return self.columns.columns[column]
                .covers
                .iter()
                .all(|&i| i64::from(coverage[i]) + delta <= i64::from(room[i]));
        }
        true
    }

    /// The cheapest column that covers the open interval of `day` with the lowest Erlang
    /// service level at the current staffing.
    fn cheapest_for(&self, e: &Evaluation, agents: &[u32], day: usize) -> Option<usize> {
        let range = self.scenario.days()[day].intervals.clone();
        let worst = range
            .filter(|&i| e.plan.intervals[i].open && e.plan.intervals[i].volume > 0.0)
            .min_by(|&a, &b| {
                let sl = |i: usize| e.plan.intervals[i].performance.service_level;
                sl(a).total_cmp(&sl(b))
            })?;
        // The schedule's coverage at `agents`, once, for the cap check of every candidate.
        let scheduled = self
            .room
            .map(|room| coverage(self.columns, agents, &vec![0; room.len()]));
        (0..self.columns.columns.len())
            .filter(|&j| {
                self.columns.columns[j].covers.contains(&worst)
                    && self.fits(agents, scheduled.as_deref(), j, 1)
            })
            .min_by(|&a, &b| {
                let cost = |j: usize| self.columns.columns[j].cost();
                cost(a).total_cmp(&cost(b))
            })
    }

    /// Repairs short days, then trims days with room; returns the agents per column, their
    /// evaluation and the days still short.
    pub(super) fn run(
        &self,
        mut agents: Vec<u32>,
        mut evaluation: Evaluation,
        evaluate: &dyn Fn(&[u32]) -> Result<Evaluation>,
    ) -> Result<(Vec<u32>, Evaluation, Vec<String>)> {
        let days = self.scenario.days();
        let mut evaluations = 0;
        // Repair: one shift more on every short day, until none is short.
        loop {
            let short = self.short(&evaluation);
            if short.is_empty() || evaluations >= MAX_SERVICE_EVALUATIONS {
                break;
            }
            let mut changed = false;
            for &d in &short {
                if let Some(j) = self.cheapest_for(&evaluation, &agents, d) {
                    agents[j] += 1;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
            evaluation = evaluate(&agents)?;
            evaluations += 1;
        }
        // Trim: on days with room, take one agent off the costliest shift of the day while the
        // day (and every other day) still meets the confidence.
        let mut frozen = vec![false; agents.len()];
        while evaluations < MAX_SERVICE_EVALUATIONS {
            let candidate = (0..agents.len())
                .filter(|&j| agents[j] > 0 && !frozen[j] && self.fits(&agents, None, j, -1))
                .filter(|&j| {
                    let d = days.iter().position(|x| x.date == self.day_of(j));
                    d.and_then(|d| evaluation.days[d].as_ref())
                        .is_some_and(|c| c.p_meet_target() >= self.confidence)
                })
                .max_by(|&a, &b| {
                    let cost = |j: usize| self.columns.columns[j].cost();
                    cost(a).total_cmp(&cost(b))
                });
            let Some(j) = candidate else { break };
            agents[j] -= 1;
            let trial = evaluate(&agents)?;
            evaluations += 1;
            // Trimming never trades one short day for another: a change stands only when every
            // day still meets the confidence.
            if self.short(&evaluation).is_empty() && self.short(&trial).is_empty() {
                evaluation = trial;
            } else {
                agents[j] += 1;
                frozen[j] = true;
            }
        }
        let short = self
            .short(&evaluation)
            .into_iter()
            .map(|d| days[d].date.to_string())
            .collect();
        Ok((agents, evaluation, short))
    }
}
