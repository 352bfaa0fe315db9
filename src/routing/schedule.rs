//! Shifts for shared agents: each group with `[group.schedule]` templates gets whole shifts
//! covering its optimised requirement, interval by interval, at least cost (the scheduler's
//! covering programme); the queues are then simulated at the scheduled coverage.

use super::optimize::optimize;
use super::{QueueOutcome, SkillModel, run};
use crate::error::{Error, Result};
use crate::portfolio::Portfolio;
use crate::progress::Progress;
use crate::schedule::{ScheduledShift, schedule_requirement};
use crate::sim::SimOptions;

/// One group's schedule.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupSchedule {
    /// The group.
    pub group: String,
    /// The shifts, in order of start.
    pub shifts: Vec<ScheduledShift>,
    /// Agents on the shifts.
    pub heads: u32,
    /// Paid hours of the shifts.
    pub paid_hours: f64,
    /// Their cost at the group's rate (or the templates' own).
    pub cost: f64,
    /// Agent-hours the optimiser required of the group.
    pub required_agent_hours: f64,
    /// Agent-hours the shifts put on the phones.
    pub scheduled_agent_hours: f64,
    /// The covering programme's gap to its lower bound.
    pub gap: f64,
    /// Whether the covering schedule is proven optimal.
    pub optimal: bool,
}

/// The groups' shifts and the queues at them: what `schedule --json` prints for a portfolio
/// with groups.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SharedSchedule {
    /// The portfolio.
    pub portfolio: String,
    /// Each group with templates, scheduled.
    pub groups: Vec<GroupSchedule>,
    /// Groups without templates keep the optimiser's staffing, interval by interval.
    pub unscheduled: Vec<String>,
    /// Each queue simulated at the scheduled coverage.
    pub queues: Vec<QueueOutcome>,
}

/// Schedules every group with templates on its optimised requirement and simulates the queues at
/// the coverage.
///
/// # Errors
/// [`Error::Input`] when no group has `[group.schedule]`; the optimiser's, the scheduler's and
/// the simulation's.
pub fn schedule_groups(
    portfolio: &Portfolio,
    options: SimOptions,
    progress: &dyn Progress,
) -> Result<SharedSchedule> {
    let skills = portfolio
        .skills
        .as_ref()
        .ok_or_else(|| Error::input(portfolio.source.display(), "has no [[group]] to schedule"))?;
    if skills.groups.iter().all(|g| g.schedule.is_none()) {
        return Err(Error::input(
            format!("{}: [[group]]", portfolio.source.display()),
            "no group has a [group.schedule] with [[group.schedule.template]] entries to schedule on",
        ));
    }
    let optimized = optimize(portfolio, options, progress)?;
    let mut coverage: Vec<Vec<u32>> = Vec::with_capacity(skills.groups.len());
    let mut groups = Vec::new();
    let mut unscheduled = Vec::new();
    for (g, group) in skills.groups.iter().enumerate() {
        let required: Vec<u32> = optimized.groups[g]
            .intervals
            .iter()
            .map(|i| i.agents)
            .collect();
        let Some(config) = &group.schedule else {
            unscheduled.push(group.name.clone());
            coverage.push(required);
            continue;
        };
        let scenario = super::group_scenario(portfolio, g);
        let result = schedule_requirement(&scenario, config, required, progress)?;
        groups.push(GroupSchedule {
            group: group.name.clone(),
            heads: result.heads,
            paid_hours: result.paid_hours,
            cost: result.cost,
            required_agent_hours: result.required_agent_hours,
            scheduled_agent_hours: result.scheduled_agent_hours,
            gap: result.gap,
            optimal: result.optimal,
            shifts: result.shifts,
        });
        coverage.push(result.coverage);
    }
    let model = SkillModel::new(portfolio, skills, Some(&coverage))?;
    let (simulated, _) = run(portfolio, &model, options, progress)?;
    Ok(SharedSchedule {
        portfolio: portfolio.name.clone(),
        groups,
        unscheduled,
        queues: simulated.queues,
    })
}
