//! People with several skills: a portfolio's `[roster]`, each person in the group whose skills
//! are theirs, rostered on the group's templates against the group's optimised requirement; then
//! the queues simulated at the rostered heads (the multi-skill simulation is the coverage
//! check: a person covers only the queues of their skills), each person's each shift missed at
//! the `absence` rate in every replication, on a stream of its own.

use super::optimize::optimize;
use super::{QueueOutcome, SkillModel, run_varying};
use crate::error::{Error, Result};
use crate::people::{RosterOptions, RosterResult, roster_requirement};
use crate::portfolio::Portfolio;
use crate::progress::Progress;
use crate::rng::{Domain, stream};
use crate::sim::SimOptions;
use rand::RngExt;

/// One group's people rostered.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupRoster {
    /// The group.
    pub group: String,
    /// Its roster, as `roster --json` prints one queue's.
    #[serde(flatten)]
    pub roster: RosterResult,
}

/// A multi-skill portfolio's people: what `roster --json` prints for it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SharedRoster {
    /// The portfolio.
    pub portfolio: String,
    /// Each group with people on the staff list.
    pub groups: Vec<GroupRoster>,
    /// Groups nobody on the staff list works: they keep the optimiser's staffing.
    pub unrostered: Vec<String>,
    /// Each queue simulated at the rostered heads.
    pub queues: Vec<QueueOutcome>,
}

/// Group `g` as the scenario its people are rostered in: named for its first skill's queue (the
/// skill its people's checks use), with the group's templates and people; `None` when nobody on
/// the staff list works it.
pub fn group_roster_scenario(portfolio: &Portfolio, g: usize) -> Option<crate::scenario::Scenario> {
    let group = &portfolio.skills.as_ref()?.groups[g];
    let config = portfolio.roster.as_ref()?.groups[g].as_ref()?;
    let mut scenario = super::group_scenario(portfolio, g);
    scenario.schedule = group.schedule.clone();
    scenario.roster = Some(config.clone());
    Some(scenario)
}

/// Rosters every group's people on its optimised requirement and simulates the queues at the
/// heads rostered.
///
/// # Errors
/// [`Error::Input`] without a `[roster]` or its staff list; the optimiser's, the roster's and
/// the simulation's.
pub fn roster_groups(
    portfolio: &Portfolio,
    options: SimOptions,
    progress: &dyn Progress,
) -> Result<SharedRoster> {
    let (Some(skills), Some(rosters)) = (&portfolio.skills, &portfolio.roster) else {
        return Err(Error::input(
            portfolio.source.display(),
            "has no [roster] for its [[group]]s: add [roster] agents = \"agents.csv\" (skills as queue names) and [[roster.contract]] entries",
        ));
    };
    if let Some(missing) = &rosters.staff_missing {
        return Err(Error::input(portfolio.source.display(), missing.clone()));
    }
    let optimized = optimize(portfolio, options, progress)?;
    let mut coverage = Vec::with_capacity(skills.groups.len());
    let (mut groups, mut unrostered) = (Vec::new(), Vec::new());
    for (g, group) in skills.groups.iter().enumerate() {
        let required: Vec<u32> = optimized.groups[g]
            .intervals
            .iter()
            .map(|i| i.agents)
            .collect();
        let Some(scenario) = group_roster_scenario(portfolio, g) else {
            unrostered.push(group.name.clone());
            coverage.push(required);
            continue;
        };
        let roster = roster_requirement(
            &scenario,
            required,
            RosterOptions {
                seed: options.seed,
                moves: None,
                time_limit: None,
                sim: SimOptions {
                    replications: 0,
                    ..options
                },
            },
            progress,
        )?;
        coverage.push(roster.coverage.rostered.clone());
        groups.push(GroupRoster {
            group: group.name.clone(),
            roster,
        });
    }
    // Each replication: each rostered person's each shift missed at the absence rate.
    let absence = rosters
        .groups
        .iter()
        .flatten()
        .map(|c| c.absence)
        .next()
        .unwrap_or(0.0);
    let shifts: Vec<(usize, Vec<usize>)> = skills
        .groups
        .iter()
        .enumerate()
        .filter_map(|(g, group)| {
            groups
                .iter()
                .find(|r| r.group == group.name)
                .map(|r| (g, r))
        })
        .flat_map(|(g, r)| {
            r.roster
                .agents
                .iter()
                .flat_map(|a| &a.shifts)
                .map(move |s| (g, s.covers.clone()))
        })
        .collect();
    let vary = |r: u64, agents: &mut [Vec<u32>]| {
        let mut rng = stream(options.seed, Domain::Absence, r);
        for (g, covers) in &shifts {
            if rng.random::<f64>() < absence {
                for &k in covers {
                    agents[*g][k] = agents[*g][k].saturating_sub(1);
                }
            }
        }
    };
    let model = SkillModel::new(portfolio, skills, Some(&coverage))?;
    let varying: Option<super::Vary> = (absence > 0.0).then_some(&vary);
    let (simulated, _) = run_varying(portfolio, &model, varying, options, progress)?;
    Ok(SharedRoster {
        portfolio: portfolio.name.clone(),
        groups,
        unrostered,
        queues: simulated.queues,
    })
}
