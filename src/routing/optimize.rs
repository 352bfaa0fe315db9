//! Staffing the groups: the cheapest whole agents per group per interval such that every queue
//! meets its target in every interval, found by simulation with common random numbers.
//!
//! # Method
//!
//! A pooled start, then a local search (Wallace and Whitt, 2005, §4–5). The start pools the live
//! queues the groups link (two live queues are linked when a group has both skills): each such
//! set's pooled requirement ([`mod@super::bounds`]) is split over its groups in proportion to the
//! load they can take, and each email or back-office queue's own requirement over the groups with
//! its skill (see `start`). Queues no group links are not pooled, so a portfolio whose groups
//! share only deferrable work starts from its live queues' own requirements.
//! Then, every iteration simulating all replications with the same seeds (a change is the
//! staffing's, not the noise's):
//!
//! - where a queue misses its target in an interval, agents are added to the cheapest group
//!   with that skill (on a tie the fewest skills, the least contested, then the fewest agents
//!   there): one per [`STEP_SHARE`] of the shortfall, at least one; from then on the interval
//!   only gains agents;
//! - where every queue a group serves meets its target with [`REMOVAL_MARGIN`] to spare, and the
//!   search has added no one in the interval, agents of the costliest such group (the most
//!   staffed on a tie) are taken away: one, and one more per [`STEP_SHARE`] beyond the margin.
//!
//! Each interval so moves down until a queue misses, then up until every queue meets: the search
//! converges.
//!
//! The search stops when an iteration changes nothing, or after [`MAX_ITERATIONS`].

use super::bounds::bounds;
use super::model::SkillModel;
use super::{QueueOutcome, run};
use crate::error::{Error, Result};
use crate::portfolio::Portfolio;
use crate::progress::Progress;
use crate::sim::SimOptions;

/// The most iterations before giving up on convergence.
pub const MAX_ITERATIONS: u32 = 40;

/// Service level above each target, in every queue a group serves, before one of its agents is
/// taken away: about two standard errors of an interval's mean at typical replication counts.
pub const REMOVAL_MARGIN: f64 = 0.03;

/// Service-level gap per agent moved at once: a queue 25 points short gains 3 agents in one
/// iteration, one with 25 points to spare beyond the margin loses 3.
pub const STEP_SHARE: f64 = 0.10;

/// One interval of a group's staffing.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupInterval {
    /// Local start.
    pub start: String,
    /// Agents on the phones.
    pub agents: u32,
}

/// One group's optimised staffing.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupStaffing {
    /// The group.
    pub group: String,
    /// Agent-hours on the phones.
    pub agent_hours: f64,
    /// Their labour cost (as `simulate` counts it); `None` without a rate.
    pub cost: Option<f64>,
    /// Each interval.
    pub intervals: Vec<GroupInterval>,
}

/// Agent-hours and their cost.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Staffing {
    /// Agent-hours on the phones.
    pub agent_hours: f64,
    /// At the optimised staffing's cost per agent-hour; `None` without a rate.
    pub cost: Option<f64>,
}

/// The optimised staffing of a multi-skill portfolio: what `sweep --optimize --json` prints.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SkillOptimization {
    /// The portfolio.
    pub portfolio: String,
    /// Iterations run (each one simulation of all replications).
    pub iterations: u32,
    /// True when the last iteration changed nothing.
    pub converged: bool,
    /// Replications per iteration.
    pub replications: u32,
    /// Each group's staffing.
    pub groups: Vec<GroupStaffing>,
    /// Σ the groups' agent-hours.
    pub agent_hours: f64,
    /// Σ the groups' labour cost.
    pub cost: Option<f64>,
    /// Each queue's simulated KPIs at the optimum, as `simulate` reports them.
    pub queues: Vec<QueueOutcome>,
    /// Every agent with every skill: the pooled requirement.
    pub pooled_bound: Staffing,
    /// Each queue its own team.
    pub dedicated: Staffing,
}

/// One CSV row: a group's agents in one interval.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupIntervalRow {
    /// Local start.
    pub start: String,
    /// The group.
    pub group: String,
    /// Agents on the phones.
    pub agents: u32,
}

impl SkillOptimization {
    /// Every group's agents interval by interval, for `--csv`: interval-major, groups in file
    /// order.
    pub fn interval_rows(&self) -> Vec<GroupIntervalRow> {
        let intervals = self.groups.first().map_or(0, |g| g.intervals.len());
        (0..intervals)
            .flat_map(|k| {
                self.groups.iter().map(move |g| GroupIntervalRow {
                    start: g.intervals[k].start.clone(),
                    group: g.group.clone(),
                    agents: g.intervals[k].agents,
                })
            })
            .collect()
    }
}

/// Finds the cheapest staffing per group per interval that meets every queue's target in
/// simulation.
///
/// # Errors
/// [`Error::Input`] without `[[group]]`; the simulation's errors.
pub fn optimize(
    portfolio: &Portfolio,
    options: SimOptions,
    progress: &dyn Progress,
) -> Result<SkillOptimization> {
    optimize_from(portfolio, None, options, progress)
}

/// [`optimize`] from `start` (`agents[g][k]`, e.g. a neighbouring month's optimum) instead of
/// the pooled start.
///
/// # Errors
/// As [`optimize`]; [`Error::Input`] when `start` does not have every group's every interval.
pub fn optimize_from(
    portfolio: &Portfolio,
    start_at: Option<Vec<Vec<u32>>>,
    options: SimOptions,
    progress: &dyn Progress,
) -> Result<SkillOptimization> {
    let Some(skills) = &portfolio.skills else {
        return Err(Error::input(
            portfolio.source.display(),
            "has no [[group]]: `sweep --optimize` on a portfolio staffs its shared agents",
        ));
    };
    let plans = crate::portfolio::plan(portfolio)?;
    let bound = bounds(portfolio, skills, &plans)?;
    let mut agents = match start_at {
        Some(given) => {
            let intervals = bound.intervals.len();
            if given.len() != skills.groups.len() || given.iter().any(|g| g.len() != intervals) {
                return Err(Error::input(
                    portfolio.source.display(),
                    "a starting staffing needs every group's agents in every interval",
                ));
            }
            given
        }
        None => start(portfolio, &plans)?,
    };
    let mut raised = vec![false; bound.intervals.len()];
    let goals: Vec<f64> = portfolio
        .queues
        .iter()
        .map(|q| q.scenario.target.service.service_level())
        .collect();
    let rate = |g: usize| super::group_rate(portfolio, g);
    let mut iterations = 0;
    let mut converged = false;
    let (mut result, mut sl) = run(
        portfolio,
        &SkillModel::new(portfolio, skills, Some(&agents))?,
        options,
        progress,
    )?;
    while iterations < MAX_ITERATIONS {
        iterations += 1;
        let mut changed = false;
        for k in 0..bound.intervals.len() {
            changed |= step(k, &mut agents, &mut raised, &sl, &goals, portfolio, &rate);
        }
        if !changed {
            converged = true;
            break;
        }
        (result, sl) = run(
            portfolio,
            &SkillModel::new(portfolio, skills, Some(&agents))?,
            options,
            progress,
        )?;
    }
    Ok(staffing_found(
        portfolio,
        &agents,
        &bound,
        (iterations, converged, options.replications),
        result.queues,
    ))
}

/// The search's start, `agents[g][k]`. The live queues fall into the sets the groups link (two
/// live queues are linked when a group has both skills); in each interval each set's pooled
/// requirement ([`super::bounds::pooled`]) is split over the groups in proportion to the load
/// they can take of it (each queue's load shared equally by the groups with its skill), and each
/// email or back-office queue's own requirement is split equally over the groups with its skill,
/// largest remainders rounded up. Queues no group links are not pooled with each other: their
/// agents cannot be shared.
///
/// # Errors
/// Those of the queue model on a merged load beyond what staffsim solves.
fn start(portfolio: &Portfolio, plans: &[crate::plan::Plan]) -> Result<Vec<Vec<u32>>> {
    let skills = portfolio.skills.as_ref().expect("groups");
    let (groups, queues) = (skills.groups.len(), portfolio.queues.len());
    let intervals = portfolio.queues[0].scenario.intervals.len();
    let live = |q: usize| !portfolio.queues[q].scenario.channel.is_deferrable();
    let serves = |g: usize, q: usize| skills.groups[g].skills.iter().any(|s| s.queue == q);
    let takers: Vec<Vec<usize>> = (0..queues)
        .map(|q| (0..groups).filter(|&g| serves(g, q)).collect())
        .collect();
    // The sets of linked live queues: each queue's set's smallest member.
    let mut set: Vec<usize> = (0..queues).collect();
    let find = |set: &[usize], mut q: usize| {
        while set[q] != q {
            q = set[q];
        }
        q
    };
    for group in &skills.groups {
        let mut linked = group.skills.iter().map(|s| s.queue).filter(|&q| live(q));
        if let Some(first) = linked.next() {
            for q in linked {
                let (a, b) = (find(&set, first), find(&set, q));
                set[a.max(b)] = a.min(b);
            }
        }
    }
    let mut sets: Vec<Vec<usize>> = Vec::new();
    for q in (0..queues).filter(|&q| live(q)) {
        let root = find(&set, q);
        match sets.iter_mut().find(|s| find(&set, s[0]) == root) {
            Some(s) => s.push(q),
            None => sets.push(vec![q]),
        }
    }
    let patience: Vec<_> = sets
        .iter()
        .map(|s| super::bounds::shared_patience(portfolio, s))
        .collect();
    let mut agents = vec![vec![0u32; intervals]; groups];
    for k in 0..intervals {
        for (members, patience) in sets.iter().zip(&patience) {
            let target = super::bounds::pooled(portfolio, plans, members, *patience, k)?;
            let mut share = vec![0.0; groups];
            for &q in members {
                let demand = &portfolio.queues[q].scenario.intervals[k];
                if demand.open {
                    for &g in &takers[q] {
                        share[g] += demand.volume * demand.aht.get() / takers[q].len() as f64;
                    }
                }
            }
            add_split(&mut agents, k, target, &share);
        }
        for q in (0..queues).filter(|&q| !live(q)) {
            let mut share = vec![0.0; groups];
            for &g in &takers[q] {
                share[g] = 1.0;
            }
            add_split(
                &mut agents,
                k,
                plans[q].intervals[k].required_agents,
                &share,
            );
        }
    }
    Ok(agents)
}

/// Adds `target` agents to interval `k`, split over the groups in proportion to `share`, largest
/// remainders rounded up.
fn add_split(agents: &mut [Vec<u32>], k: usize, target: u32, share: &[f64]) {
    let total: f64 = share.iter().sum();
    if total <= 0.0 || target == 0 {
        return;
    }
    let exact: Vec<f64> = share
        .iter()
        .map(|s| f64::from(target) * s / total)
        .collect();
    let mut given: Vec<u32> = exact.iter().map(|x| x.floor() as u32).collect();
    let mut order: Vec<usize> = (0..share.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    let mut left = target - given.iter().sum::<u32>();
    for g in order {
        if left == 0 {
            break;
        }
        if share[g] > 0.0 {
            given[g] += 1;
            left -= 1;
        }
    }
    for (g, n) in given.into_iter().enumerate() {
        agents[g][k] += n;
    }
}

/// One interval's move: an agent added where a queue misses its target, else one taken away
/// from a group all of whose queues have room; whether anything changed.
fn step(
    k: usize,
    agents: &mut [Vec<u32>],
    raised: &mut [bool],
    sl: &[Vec<Option<f64>>],
    goals: &[f64],
    portfolio: &Portfolio,
    rate: &dyn Fn(usize) -> Option<f64>,
) -> bool {
    let skills = portfolio.skills.as_ref().expect("groups");
    let serves = |g: usize, q: usize| skills.groups[g].skills.iter().any(|s| s.queue == q);
    let missing = (0..goals.len()).find(|&q| sl[q][k].is_some_and(|s| s < goals[q]));
    if let Some(q) = missing {
        let cheapest = (0..skills.groups.len())
            .filter(|&g| serves(g, q))
            .min_by(|&a, &b| {
                let cost = |g: usize| rate(g).unwrap_or(1.0);
                cost(a)
                    .total_cmp(&cost(b))
                    .then(
                        skills.groups[a]
                            .skills
                            .len()
                            .cmp(&skills.groups[b].skills.len()),
                    )
                    .then(agents[a][k].cmp(&agents[b][k]))
            });
        if let Some(g) = cheapest {
            // Far below the target, several agents at once: one per STEP_SHARE of the gap.
            let gap = goals[q] - sl[q][k].unwrap_or(goals[q]);
            agents[g][k] += (gap / STEP_SHARE).ceil().max(1.0) as u32;
            raised[k] = true;
            return true;
        }
        return false;
    }
    let roomy = |g: usize| {
        skills.groups[g]
            .skills
            .iter()
            .all(|s| sl[s.queue][k].is_none_or(|v| v >= goals[s.queue] + REMOVAL_MARGIN))
    };
    if raised[k] {
        return false;
    }
    let spare = (0..skills.groups.len())
        .filter(|&g| agents[g][k] > 0 && roomy(g))
        .max_by(|&a, &b| {
            let cost = |g: usize| rate(g).unwrap_or(1.0);
            cost(a)
                .total_cmp(&cost(b))
                .then(agents[a][k].cmp(&agents[b][k]))
        });
    if let Some(g) = spare {
        // Far above, several at once: one more per STEP_SHARE of room beyond the margin.
        let room = skills.groups[g]
            .skills
            .iter()
            .filter_map(|s| sl[s.queue][k].map(|v| v - goals[s.queue] - REMOVAL_MARGIN))
            .fold(1.0_f64, f64::min);
        let take = 1 + (room / STEP_SHARE).floor().max(0.0) as u32;
        agents[g][k] -= take.min(agents[g][k]);
        return true;
    }
    false
}

/// The optimisation's report: each group's staffing and cost, the bounds at the same cost per
/// agent-hour, and the queues at the optimum.
fn staffing_found(
    portfolio: &Portfolio,
    agents: &[Vec<u32>],
    bound: &super::Bounds,
    (iterations, converged, replications): (u32, bool, u32),
    queues: Vec<QueueOutcome>,
) -> SkillOptimization {
    let skills = portfolio.skills.as_ref().expect("groups");
    let rate = |g: usize| super::group_rate(portfolio, g);
    let hours = bound.interval_hours;
    let groups: Vec<GroupStaffing> = skills
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| {
            let agent_hours = agents[g].iter().map(|&n| f64::from(n)).sum::<f64>() * hours;
            let shrinkage = &portfolio.queues[group.skills[0].queue]
                .scenario
                .shrinkage
                .total;
            GroupStaffing {
                group: group.name.clone(),
                agent_hours,
                cost: rate(g).map(|r| shrinkage.fte(1) * agent_hours * r),
                intervals: bound
                    .intervals
                    .iter()
                    .zip(&agents[g])
                    .map(|(i, &n)| GroupInterval {
                        start: i.start.clone(),
                        agents: n,
                    })
                    .collect(),
            }
        })
        .collect();
    let agent_hours: f64 = groups.iter().map(|g| g.agent_hours).sum();
    let cost: Option<f64> = groups.iter().map(|g| g.cost).sum();
    let per_hour = cost.map(|c| c / agent_hours.max(1e-9));
    let at = |h: f64| Staffing {
        agent_hours: h,
        cost: per_hour.map(|p| p * h),
    };
    SkillOptimization {
        portfolio: portfolio.name.clone(),
        iterations,
        converged,
        replications,
        groups,
        agent_hours,
        cost,
        queues,
        pooled_bound: at(bound.pooled_agent_hours),
        dedicated: at(bound.dedicated_agent_hours),
    }
}
