//! Rosters of people: named agents under contracts and work rules, each given at most one shift
//! a day on the `[schedule]` templates, to meet the plan's requirement — the roster a planner
//! sends to each person.
//!
//! The outline: the plan's requirement per interval, raised for unplanned absence
//! (`⌈required ÷ (1 − absence)⌉` heads); every way to work each template on each day
//! (`model`); lower bounds on the shortfall and cost (`bound`); a greedy start and a
//! late-acceptance search over the agents' days ([`search`]); then every rule checked again by
//! an independent checker ([`check`]), whose findings are the roster's `violations`.

mod bound;
pub mod check;
pub mod ics;
mod lagrange;
mod model;
pub mod result;
pub mod search;
mod service;

pub use result::{
    AgentRoster, Coverage, Gap, LowerBound, RosterBreak, RosterResult, RosterShift, Rules,
    ShiftCsvRow, Violation,
};
pub use search::Stop;
pub use service::RosterDay;

use crate::error::Result;
use crate::progress::Progress;
use crate::scenario::Scenario;
use std::time::{Duration, Instant};

/// How the search runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RosterOptions {
    /// Seed of the search's moves.
    pub seed: u64,
    /// Moves to run; `None`: [`search::MOVES_PER_AGENT_DAY`] per agent-day, at most
    /// [`search::MAX_MOVES`].
    pub moves: Option<u64>,
    /// Wall-clock limit; the search stops there (and says so).
    pub time_limit: Option<Duration>,
    /// The simulation of the rostered people with absence (0 replications: none).
    pub sim: crate::sim::SimOptions,
}

/// Rosters `scenario`'s `[roster]` people on its `[schedule]` templates.
///
/// # Errors
/// [`crate::error::Error::Input`] without `[schedule]` or `[roster]`; the plan's errors;
/// [`crate::error::Error::Cancelled`] when `progress` asks.
pub fn roster(
    scenario: &Scenario,
    options: RosterOptions,
    progress: &dyn Progress,
) -> Result<RosterResult> {
    let plan = crate::plan::plan(scenario)?;
    let required: Vec<u32> = plan
        .intervals
        .iter()
        .map(|i| if i.open { i.required_agents } else { 0 })
        .collect();
    roster_requirement(scenario, required, options, progress)
}

/// [`roster`] against `required` agents on the phones per interval (a group's optimised
/// requirement when agents are shared) instead of the plan's.
///
/// # Errors
/// As [`roster`].
pub fn roster_requirement(
    scenario: &Scenario,
    required: Vec<u32>,
    options: RosterOptions,
    progress: &dyn Progress,
) -> Result<RosterResult> {
    let started = Instant::now();
    let problem = model::Problem::new(scenario, required)?;
    let bound = bound::bound(&problem);
    let agent_days = (problem.config.agents.len() * problem.dates.len()) as u64;
    let moves = options
        .moves
        .unwrap_or((search::MOVES_PER_AGENT_DAY * agent_days).min(search::MAX_MOVES));
    let floor = bound.short as f64 * search::SHORT_WEIGHT + bound.cost;
    let found = search::search(
        &problem,
        options.seed,
        moves,
        floor,
        options.time_limit,
        progress,
    )?;
    let (agents, coverage, cost) = result::agents_and_coverage(&problem, &found.rows);
    let days = if options.sim.replications > 0 {
        service::simulate(
            &problem,
            &found.rows,
            &coverage.rostered,
            options.sim,
            progress,
        )?
    } else {
        Vec::new()
    };
    let config = problem.config;
    let closed: Vec<jiff::civil::Date> = scenario
        .days()
        .iter()
        .filter(|day| !day.intervals.clone().any(|k| scenario.intervals[k].open))
        .map(|day| day.date)
        .collect();
    let horizon = (
        problem.dates[0],
        *problem.dates.last().expect("a day"),
        closed.as_slice(),
    );
    let violations = check::check(config, problem.schedule, &scenario.name, horizon, &agents);
    let h = problem.interval_hours;
    let found_short = (coverage.short_agent_hours / h).round() as u64;
    // The relaxation's rosters keep the rules: it bounds a roster that keeps them too.
    let short_bound = if found_short > bound.short && violations.is_empty() {
        bound
            .short
            .max(lagrange::lagrangian_short(&problem, found_short))
    } else {
        bound.short
    };
    let lower_bound = result::LowerBound {
        short_agent_hours: short_bound as f64 * h,
        cost: bound.cost,
    };
    Ok(RosterResult {
        scenario: scenario.name.clone(),
        objective: config.objective,
        absence: config.absence,
        gap: result::Gap {
            short_agent_hours: (coverage.short_agent_hours - lower_bound.short_agent_hours)
                .max(0.0),
            cost_share: if cost > 0.0 {
                ((cost - lower_bound.cost) / cost).max(0.0)
            } else {
                0.0
            },
        },
        lower_bound,
        agents,
        coverage,
        cost,
        rules: result::Rules { violations },
        days,
        moves: found.moves,
        stopped: found.stop,
        seed: options.seed,
        wall_seconds: started.elapsed().as_secs_f64(),
    })
}
