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

mod columns;
mod roster_out;
mod solve;

pub use columns::{breaks_mid_window, template_cover};
pub use roster_out::roster_fragment;

use crate::error::{Error, Result};
use crate::plan::{self, Plan};
use crate::progress::Progress;
use crate::scenario::{Objective, Scenario, ScheduleConfig};
use crate::sim::{DayConfidence, Estimate, SimOptions, day_confidence};
use columns::Columns;
use jiff::civil::{Date, DateTime};
use std::time::Instant;

/// A break as scheduled.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScheduledBreak {
    /// `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// `YYYY-MM-DDTHH:MM`.
    pub end: String,
    /// Paid or not.
    pub paid: bool,
}

/// Agents on one start of one template, with one placement of its breaks.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScheduledShift {
    /// The date it starts on.
    pub date: String,
    /// The template's name.
    pub template: String,
    /// `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// `YYYY-MM-DDTHH:MM`.
    pub end: String,
    /// Agents on the phones on it (whole).
    pub agents: u32,
    /// Its breaks.
    pub breaks: Vec<ScheduledBreak>,
    /// Paid hours, shrinkage included.
    pub paid_hours: f64,
    /// `paid_hours × hourly cost`; `None` without a rate.
    pub cost: Option<f64>,
    /// Offsets of the breaks from the start, seconds (for `--roster-out`).
    #[serde(skip)]
    pub(crate) break_offsets: Vec<(f64, f64, bool)>,
    /// The shift's start and length (for `--roster-out`).
    #[serde(skip)]
    pub(crate) start_at: DateTime,
    #[serde(skip)]
    pub(crate) length_seconds: f64,
}

/// One day of the schedule: its cost and service, before (the kept roster) and after.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScheduleDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Cost of the day's scheduled shifts.
    pub cost: f64,
    /// Erlang service level of the day at the scheduled staffing (roster included).
    pub erlang_service_level: Option<f64>,
    /// Simulated service level of the day.
    pub simulated_service_level: Option<Estimate>,
    /// Share of replications in which the day met the target.
    pub p_meet_target: Option<f64>,
    /// With `keep = "roster"`: the day's shifts added and their totals, and its service before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub added: Option<DayAdded>,
}

impl ScheduleDay {
    /// The day's service level with the schedule: simulated where a simulation ran, else Erlang.
    pub fn service_level(&self) -> Option<f64> {
        self.simulated_service_level
            .map(|e| e.mean)
            .or(self.erlang_service_level)
    }
}

impl DayAdded {
    /// The day's service level with today's roster alone: simulated, else Erlang.
    pub fn service_level_before(&self) -> Option<f64> {
        self.simulated_service_level_before
            .map(|e| e.mean)
            .or(self.erlang_service_level_before)
    }
}

/// What one day adds to the kept roster, and its service before.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DayAdded {
    /// Shifts added that day.
    pub shifts: usize,
    /// Agents on the phones × hours added.
    pub agent_hours: f64,
    /// Agents added (people on the added shifts).
    pub heads: u32,
    /// Paid hours added.
    pub paid_hours: f64,
    /// Cost added.
    pub cost: f64,
    /// The day's Erlang service level with the roster alone.
    pub erlang_service_level_before: Option<f64>,
    /// The day's simulated service level with the roster alone.
    pub simulated_service_level_before: Option<Estimate>,
    /// P(meet target) with the roster alone.
    pub p_meet_target_before: Option<f64>,
}

/// Totals of what a schedule adds to the kept roster.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Added {
    /// Shifts added.
    pub shifts: usize,
    /// Agents on the phones × hours.
    pub agent_hours: f64,
    /// Paid hours.
    pub paid_hours: f64,
    /// People on the added shifts.
    pub heads: u32,
    /// Cost.
    pub cost: f64,
}

/// A schedule and how it performs.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScheduleResult {
    /// "cover" or "service".
    pub objective: Objective,
    /// "none" or "roster".
    pub keep: &'static str,
    /// The shifts chosen (with `keep = "roster"`, the shifts added to the roster).
    pub shifts: Vec<ScheduledShift>,
    /// Σ required agents × hours over open intervals.
    pub required_agent_hours: f64,
    /// Σ agents on the phones × hours (breaks excluded, roster included).
    pub scheduled_agent_hours: f64,
    /// Σ agents above the requirement × hours.
    pub over_coverage_agent_hours: f64,
    /// Σ agents short of the requirement × hours.
    pub under_coverage_agent_hours: f64,
    /// Paid hours of the scheduled shifts.
    pub paid_hours: f64,
    /// People on the scheduled shifts (one per agent per shift).
    pub heads: u32,
    /// Cost of the scheduled shifts (paid hours when no hourly cost is given).
    pub cost: f64,
    /// The cost of the covering schedule the integer programme found (the `service` search
    /// starts from it).
    pub cover_cost: f64,
    /// The integer programme's proven lower bound on the cost of covering the requirement.
    pub lower_bound_cost: f64,
    /// `(cost − lower bound) ÷ cost` of the covering schedule.
    pub gap: f64,
    /// Whether the covering schedule is proven optimal.
    pub optimal: bool,
    /// Seconds the integer programme took.
    pub solve_seconds: f64,
    /// Day by day.
    pub days: Vec<ScheduleDay>,
    /// With `keep = "roster"`: what the schedule adds.
    pub added: Option<Added>,
    /// The currency of the costs.
    pub currency: String,
    /// Under objective `service`: the open days still short of the confidence (empty when met).
    pub short_days: Vec<String>,
    /// Warnings (breaks and a single shrinkage total).
    #[serde(skip)]
    pub warnings: Vec<String>,
    /// Per interval of the scenario: the agents required.
    #[serde(skip)]
    pub required: Vec<u32>,
    /// Per interval: the kept roster's agents on the phones (0 without `keep = "roster"`).
    #[serde(skip)]
    pub roster: Vec<u32>,
    /// Per interval: agents on the phones in all, roster and schedule.
    #[serde(skip)]
    pub coverage: Vec<u32>,
}

/// One row of `schedule --csv` and `schedule.csv`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ShiftRow {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The template.
    pub template: String,
    /// `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// `YYYY-MM-DDTHH:MM`.
    pub end: String,
    /// Agents.
    pub agents: u32,
    /// Paid hours.
    pub paid_hours: f64,
    /// Cost (empty without a rate).
    pub cost: Option<f64>,
}

impl ScheduleResult {
    /// The JSON of `schedule --json` and of `schedule` in summary.json.
    pub fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("a schedule serialises")
    }

    /// One row per scheduled shift.
    pub fn csv_rows(&self) -> Vec<ShiftRow> {
        self.shifts
            .iter()
            .map(|s| ShiftRow {
                date: s.date.clone(),
                template: s.template.clone(),
                start: s.start.clone(),
                end: s.end.clone(),
                agents: s.agents,
                paid_hours: crate::plan::round6(s.paid_hours),
                cost: s.cost.map(crate::plan::round6),
            })
            .collect()
    }
}

/// How `schedule` runs: the simulation that evaluates it, and the objective if overridden.
#[derive(Debug, Clone, Copy)]
pub struct ScheduleOptions {
    /// Replications, seed and threads of the evaluating simulation.
    pub sim: SimOptions,
    /// The objective, when the command line overrides `[schedule] objective`.
    pub objective: Option<Objective>,
}

/// The largest number of simulated evaluations the `service` search makes.
const MAX_SERVICE_EVALUATIONS: usize = 60;

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

/// A schedule's performance: per interval agents, the plan at them, per day confidence.
#[derive(Debug, Clone)]
struct Evaluation {
    coverage: Vec<u32>,
    plan: Plan,
    days: Vec<Option<DayConfidence>>,
}

/// Agents on the phones per interval from `agents` per column, plus the roster.
fn coverage(columns: &Columns, agents: &[u32], roster: &[u32]) -> Vec<u32> {
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

fn evaluate(
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

/// The `service` search: from the covering optimum, add the cheapest shift where a day falls
/// short of the confidence and take agents off days with room to spare, checking every change
/// by simulation with the same random numbers.
struct ServiceSearch<'a> {
    scenario: &'a Scenario,
    columns: &'a Columns,
    bounds: &'a solve::Bounds,
    room: Option<&'a [u32]>,
    confidence: f64,
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

    fn run(
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

/// Everything [`assemble`] turns into a [`ScheduleResult`].
struct Assembly<'a> {
    scenario: &'a Scenario,
    config: &'a ScheduleConfig,
    objective: Objective,
    columns: &'a Columns,
    agents: &'a [u32],
    required: Vec<u32>,
    roster: Vec<u32>,
    evaluation: Evaluation,
    before: Option<Evaluation>,
    lower_bound: f64,
    cover_cost: f64,
    optimal: bool,
    solve_seconds: f64,
    short_days: Vec<String>,
    warnings: Vec<String>,
}

fn minute(t: DateTime) -> String {
    t.strftime("%Y-%m-%dT%H:%M").to_string()
}

fn assemble(a: Assembly) -> ScheduleResult {
    let scenario = a.scenario;
    let hours = scenario.interval.hours();
    let has_rate = scenario.cost.hourly_cost.is_some()
        || a.config.templates.iter().all(|t| t.hourly_cost.is_some());
    let mut shifts: Vec<(usize, ScheduledShift)> = a
        .columns
        .columns
        .iter()
        .zip(a.agents)
        .filter(|(_, n)| **n > 0)
        .map(|(c, &n)| {
            let start = &a.columns.starts[c.start];
            let template = &a.config.templates[start.template];
            let paid_hours = f64::from(n) * c.paid_hours;
            let shift = ScheduledShift {
                date: start.date.to_string(),
                template: template.name.clone(),
                start: minute(start.start),
                end: minute(start.end),
                agents: n,
                breaks: c
                    .breaks
                    .iter()
                    .map(|(s, e, paid)| ScheduledBreak {
                        start: minute(*s),
                        end: minute(*e),
                        paid: *paid,
                    })
                    .collect(),
                paid_hours,
                cost: has_rate.then_some(paid_hours * c.rate),
                break_offsets: c
                    .breaks
                    .iter()
                    .map(|(s, e, paid)| {
                        let offset = s.duration_since(start.start).as_secs_f64();
                        (offset, e.duration_since(*s).as_secs_f64(), *paid)
                    })
                    .collect(),
                start_at: start.start,
                length_seconds: template.length.get(),
            };
            (c.start, shift)
        })
        .collect();
    shifts.sort_by(|x, y| (&x.1.start, x.0, &x.1.template).cmp(&(&y.1.start, y.0, &y.1.template)));
    let shifts: Vec<ScheduledShift> = shifts.into_iter().map(|(_, s)| s).collect();

    let open = |i: usize| scenario.intervals[i].open;
    let n = a.required.len();
    let sum =
        |f: &dyn Fn(usize) -> f64| (0..n).filter(|&i| open(i)).map(f).sum::<f64>() * hours + 0.0;
    let coverage = &a.evaluation.coverage;
    let required_agent_hours = sum(&|i| f64::from(a.required[i]));
    let scheduled_agent_hours = sum(&|i| f64::from(coverage[i]));
    let over = sum(&|i| f64::from(coverage[i].saturating_sub(a.required[i])));
    let under = sum(&|i| f64::from(a.required[i].saturating_sub(coverage[i])));
    let paid_hours: f64 = shifts.iter().map(|s| s.paid_hours).sum::<f64>() + 0.0;
    let cost: f64 = shifts
        .iter()
        .map(|s| s.cost.unwrap_or(s.paid_hours))
        .sum::<f64>()
        + 0.0;
    let heads = shifts.iter().map(|s| s.agents).sum();

    let calendar = scenario.days();
    let day_sl = |e: &Evaluation, d: usize| e.plan.days[d].totals.service_level;
    let days: Vec<ScheduleDay> = calendar
        .iter()
        .enumerate()
        .map(|(d, day)| {
            let date = day.date.to_string();
            let today: Vec<&ScheduledShift> = shifts.iter().filter(|s| s.date == date).collect();
            // `+ 0.0`: an empty sum of f64 is −0.0.
            let day_cost = today
                .iter()
                .map(|s| s.cost.unwrap_or(s.paid_hours))
                .sum::<f64>()
                + 0.0;
            let confidence = a.evaluation.days[d].as_ref();
            let added = a.before.as_ref().map(|before| DayAdded {
                shifts: today.len(),
                agent_hours: day
                    .intervals
                    .clone()
                    .filter(|&i| open(i))
                    .map(|i| f64::from(coverage[i] - a.roster[i]))
                    .sum::<f64>()
                    * hours
                    + 0.0,
                heads: today.iter().map(|s| s.agents).sum(),
                paid_hours: today.iter().map(|s| s.paid_hours).sum::<f64>() + 0.0,
                cost: day_cost,
                erlang_service_level_before: day_sl(before, d),
                simulated_service_level_before: before.days[d]
                    .as_ref()
                    .and_then(|c| c.service_level),
                p_meet_target_before: before.days[d].as_ref().map(DayConfidence::p_meet_target),
            });
            ScheduleDay {
                date,
                cost: day_cost,
                erlang_service_level: day_sl(&a.evaluation, d),
                simulated_service_level: confidence.and_then(|c| c.service_level),
                p_meet_target: confidence.map(DayConfidence::p_meet_target),
                added,
            }
        })
        .collect();
    let added = a.before.as_ref().map(|_| Added {
        shifts: shifts.len(),
        agent_hours: sum(&|i| f64::from(coverage[i] - a.roster[i])),
        paid_hours,
        heads,
        cost,
    });
    let gap = if a.cover_cost > 0.0 {
        (a.cover_cost - a.lower_bound) / a.cover_cost
    } else {
        0.0
    };
    ScheduleResult {
        objective: a.objective,
        keep: if a.config.keep_roster {
            "roster"
        } else {
            "none"
        },
        shifts,
        required_agent_hours,
        scheduled_agent_hours,
        over_coverage_agent_hours: over,
        under_coverage_agent_hours: under,
        paid_hours,
        heads,
        cost,
        cover_cost: a.cover_cost,
        lower_bound_cost: a.lower_bound,
        gap,
        optimal: a.optimal,
        solve_seconds: a.solve_seconds,
        days,
        added,
        currency: scenario.cost.currency.clone(),
        short_days: a.short_days,
        warnings: a.warnings,
        required: a.required,
        roster: a.roster,
        coverage: a.evaluation.coverage,
    }
}
