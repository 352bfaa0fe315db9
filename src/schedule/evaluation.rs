//! A schedule evaluated: agents on the phones per interval, the Erlang plan at them, and each
//! day's confidence of meeting the target by simulation.

use super::columns::Columns;
use crate::error::Result;
use crate::plan::{self, Plan};
use crate::progress::Progress;
use crate::scenario::Scenario;
use crate::sim::{DayConfidence, SimOptions, day_confidence};

/// A schedule's performance: per interval agents, the plan at them, per day confidence.
#[derive(Debug, Clone)]
pub(super) struct Evaluation {
    pub(super) coverage: Vec<u32>,
    pub(super) plan: Plan,
    pub(super) days: Vec<Option<DayConfidence>>,
}

/// Agents on the phones per interval from `agents` per column, plus the roster.
pub(super) fn coverage(columns: &Columns, agents: &[u32], roster: &[u32]) -> Vec<u32> {
    let mut coverage = roster.to_vec();
    for (c, &n) in columns.columns.iter().zip(agents) {
        if n > 0 {
            for &i in &c.covers {
                coverage[i] += n;
            }
        }
    }
    coverage
}

/// Evaluates `agents` per column on top of `roster`.
pub(super) fn evaluate(
    scenario: &Scenario,
    columns: &Columns,
    agents: &[u32],
    roster: &[u32],
    sim: SimOptions,
    progress: &dyn Progress,
) -> Result<Evaluation> {
    let coverage = coverage(columns, agents, roster);
    let staffed = scenario.with_agents(&coverage, "schedule");
    let plan = plan::plan(&staffed)?;
    let days = if sim.replications > 0 {
        day_confidence(&staffed, &coverage, sim, progress)?
    } else {
        vec![None; scenario.days().len()]
    };
    Ok(Evaluation {
        coverage,
        plan,
        days,
    })
}
