//! Shift scheduling: from the plan's requirement to whole agents on the shift templates of
//! `[schedule]`, at least cost — the roster a planner can publish.
//!
//! The outline: the requirement is the plan's (`required_agents`, Erlang C or A as the scenario
//! says); with `keep = "roster"` the scenario's roster stays and only its shortfall is to be
//! covered; `columns` lists every way an agent can work a template (date, start, break
//! placement); `solve` picks whole agents per column by integer programming; the schedule is
//! then evaluated interval by interval (Erlang) and day by day (simulation), and with objective
//! `service` adjusted until every open day meets the target on `[target] confidence` of its
//! replications.
//!
//! # Breaks and shrinkage
//!
//! A shift's agents are agents on the phones, as in `[[staffing.shift]]`: the rest of shrinkage
//! (absence, training, meetings) is paid for as `paid hours = agents × paid shift hours ÷
//! (1 − s)`. Explicit breaks take agents off the phones for their length, so when any template
//! has breaks, `s` is the `[shrinkage]` total *less its components named "break…"*; breaks are
//! never counted twice. A single shrinkage total with explicit breaks is taken as excluding
//! breaks (a warning says so).

mod assemble;
pub(crate) mod columns;
mod evaluation;
mod result;
mod roster_out;
mod service;
mod solve;

pub use columns::{breaks_mid_window, template_cover};
pub use result::{
    Added, DayAdded, ScheduleDay, ScheduleResult, ScheduledBreak, ScheduledShift, ShiftRow,
};
pub use roster_out::roster_fragment;

use crate::error::{Error, Result};
use crate::plan;
use crate::progress::Progress;
use crate::scenario::{Objective, Scenario, ScheduleConfig};
use crate::sim::SimOptions;
use assemble::{Assembly, assemble};
use columns::Columns;
use evaluation::{Evaluation, evaluate};
use service::ServiceSearch;
use std::time::Instant;

/// How `schedule` runs: the simulation that evaluates it, and the objective if overridden.
#[derive(Debug, Clone, Copy)]
pub struct ScheduleOptions {
    /// Replications, seed and threads of the evaluating simulation.
    pub sim: SimOptions,
    /// The objective, when the command line overrides `[schedule] objective`.
    pub objective: Option<Objective>,
}

/// The shrinkage paid time carries beyond explicit breaks, and a warning when that is a guess.
fn shrinkage_beyond_breaks(scenario: &Scenario, config: &ScheduleConfig) -> (f64, Option<String>) {
    let total = scenario.shrinkage.total.fraction();
    if !config.templates.iter().any(|t| !t.breaks.is_empty()) {
        return (total, None);
    }
    if scenario.shrinkage.components.is_empty() {
        return (
            total,
            Some(
                "[schedule] templates have explicit breaks and [shrinkage] is a single total: it is taken as excluding breaks; list its components (breaks = …) to have them taken out".to_string(),
            ),
        );
    }
    (scenario.shrinkage.beyond_breaks(), None)
}

/// The most ways to work the templates over the whole horizon (every start of every template on
/// every day it is offered, times its break placements): the programme's columns, bounded
/// before any is built.
pub const MAX_WAYS: u64 = 500_000;

/// Refuses a schedule whose programme would have more than [`MAX_WAYS`] columns.
fn check_size(scenario: &Scenario, config: &ScheduleConfig) -> Result<()> {
    let ways: u64 = scenario
        .days()
        .iter()
        .flat_map(|day| {
            config
                .templates
                .iter()
                .filter(move |t| t.days.contains(day.date))
        })
        .map(|t| t.ways_per_day(scenario.interval))
        .fold(0u64, u64::saturating_add);
    if ways > MAX_WAYS {
        return Err(Error::input(
            format!("{}: [schedule]", scenario.source.display()),
            format!(
                "the templates give up to {ways} ways to work the horizon's {} days (starts × break placements × days), more than the {MAX_WAYS} the optimiser takes: schedule a shorter horizon, or offer fewer starts or break positions",
                scenario.days().len()
            ),
        ));
    }
    Ok(())
}

/// Schedules `scenario` by its `[schedule]`.
///
/// Over 80 lines: the outline of the scheduler (requirement, columns, solve, evaluate, search,
/// assemble), each step a call with its error context.
pub fn schedule(
    scenario: &Scenario,
    options: ScheduleOptions,
    progress: &dyn Progress,
) -> Result<ScheduleResult> {
    let config = scenario.schedule.as_ref().ok_or_else(|| {
        Error::input(
            scenario.source.display(),
            "has no [schedule]: add [[schedule.template]] entries to schedule from",
        )
    })?;
    check_size(scenario, config)?;
    let objective = options.objective.unwrap_or(config.objective);
    let plan = plan::plan(scenario)?;
    let required: Vec<u32> = plan
        .intervals
        .iter()
        .map(|i| if i.open { i.required_agents } else { 0 })
        .collect();
    let roster: Vec<u32> = if config.keep_roster {
        plan.intervals
            .iter()
            .map(|i| if i.open { i.staffed_agents } else { 0 })
            .collect()
    } else {
        vec![0; required.len()]
    };
    solve_and_assemble(
        scenario,
        config,
        objective,
        (required, roster),
        options,
        progress,
    )
}

/// Schedules `config`'s templates over `scenario`'s intervals to cover `required` agents per
/// interval (a group's requirement in a portfolio whose agents are shared), by the covering
/// objective, with nothing kept. The result's daily service levels are `scenario`'s own at the
/// coverage, not the group's: a group's service is its queues', which the caller simulates.
///
/// # Errors
/// Those of [`schedule`].
pub fn schedule_requirement(
    scenario: &Scenario,
    config: &ScheduleConfig,
    required: Vec<u32>,
    progress: &dyn Progress,
) -> Result<ScheduleResult> {
    check_size(scenario, config)?;
    let roster = vec![0; required.len()];
    let options = ScheduleOptions {
        sim: SimOptions {
            replications: 0,
            seed: 0,
            threads: None,
            ledger: None,
        },
        objective: Some(Objective::Cover),
    };
    solve_and_assemble(
        scenario,
        config,
        Objective::Cover,
        (required, roster),
        options,
        progress,
    )
}

/// The columns, the covering programme, the service search when asked, and the report.
fn solve_and_assemble(
    scenario: &Scenario,
    config: &ScheduleConfig,
    objective: Objective,
    (required, roster): (Vec<u32>, Vec<u32>),
    options: ScheduleOptions,
    progress: &dyn Progress,
) -> Result<ScheduleResult> {
    let need: Vec<u32> = required
        .iter()
        .zip(&roster)
        .map(|(r, k)| r.saturating_sub(*k))
        .collect();
    let (shrinkage, warning) = shrinkage_beyond_breaks(scenario, config);
    let rate = scenario.cost.hourly_cost;
    let columns = columns::build(scenario, config, &need, shrinkage, rate.unwrap_or(1.0));
    check_coverable(scenario, config, &columns, &need, &required)?;
    let bounds: solve::Bounds = columns
        .starts
        .iter()
        .map(|s| {
            let t = &config.templates[s.template];
            (t.min_agents, t.max_agents)
        })
        .collect();
    let room: Option<Vec<u32>> = config
        .max_agents
        .map(|cap| roster.iter().map(|k| cap.saturating_sub(*k)).collect());
    let started = Instant::now();
    let solved = solve::solve(&columns, &need, &bounds, room.as_deref())?;
    let solve_seconds = started.elapsed().as_secs_f64();

    let mut agents = solved.agents.clone();
    let evaluate = |agents: &[u32]| -> Result<Evaluation> {
        evaluate(scenario, &columns, agents, &roster, options.sim, progress)
    };
    let mut evaluation = evaluate(&agents)?;
    let mut short_days = Vec::new();
    if objective == Objective::Service {
        let search = ServiceSearch {
            scenario,
            columns: &columns,
            bounds: &bounds,
            room: room.as_deref(),
            confidence: scenario.target.confidence,
        };
        (agents, evaluation, short_days) = search.run(agents, evaluation, &evaluate)?;
    }
    let before = if config.keep_roster {
        Some(evaluate(&vec![0; agents.len()])?)
    } else {
        None
    };
    Ok(assemble(Assembly {
        scenario,
        config,
        objective,
        columns: &columns,
        agents: &agents,
        required,
        roster,
        evaluation,
        before,
        lower_bound: solved.lower_bound,
        cover_cost: solved.cost,
        optimal: solved.optimal,
        solve_seconds,
        short_days,
        warnings: warning.into_iter().collect(),
    }))
}

/// Refuses, naming the interval, requirements no template can cover or the cap forbids.
fn check_coverable(
    scenario: &Scenario,
    config: &ScheduleConfig,
    columns: &Columns,
    need: &[u32],
    required: &[u32],
) -> Result<()> {
    let mut covered = vec![false; need.len()];
    for c in &columns.columns {
        for &i in &c.covers {
            covered[i] = true;
        }
    }
    let when = |i: usize| {
        scenario.intervals[i]
            .start
            .strftime("%Y-%m-%dT%H:%M")
            .to_string()
    };
    if let Some(i) = (0..need.len()).find(|&i| need[i] > 0 && !covered[i]) {
        return Err(Error::input(
            format!("{}: [schedule]", scenario.source.display()),
            format!(
                "no template covers {} ({} agents required): add a template (or a start) whose shift spans it, or move a break",
                when(i),
                need[i]
            ),
        ));
    }
    if let Some(cap) = config.max_agents
        && let Some(i) = (0..required.len()).find(|&i| required[i] > cap)
    {
        return Err(Error::input(
            format!("{}: [schedule] max_agents", scenario.source.display()),
            format!(
                "{cap} is below the requirement of {} agents at {}",
                required[i],
                when(i)
            ),
        ));
    }
    Ok(())
}
