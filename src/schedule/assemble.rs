//! A solved and evaluated schedule assembled into its report: the shifts in order, the day by
//! day figures, the totals and the solver's gap.

use super::columns::Columns;
use super::evaluation::Evaluation;
use super::result::{Added, DayAdded, ScheduleDay, ScheduleResult, ScheduledBreak, ScheduledShift};
use crate::scenario::{Objective, Scenario, ScheduleConfig};
use crate::sim::DayConfidence;
use jiff::civil::DateTime;

/// Everything [`assemble`] turns into a [`ScheduleResult`].
pub(super) struct Assembly<'a> {
    pub(super) scenario: &'a Scenario,
    pub(super) config: &'a ScheduleConfig,
    pub(super) objective: Objective,
    pub(super) columns: &'a Columns,
    pub(super) agents: &'a [u32],
    pub(super) required: Vec<u32>,
    pub(super) roster: Vec<u32>,
    pub(super) evaluation: Evaluation,
    pub(super) before: Option<Evaluation>,
    pub(super) lower_bound: f64,
    pub(super) cover_cost: f64,
    pub(super) optimal: bool,
    pub(super) solve_seconds: f64,
    pub(super) short_days: Vec<String>,
    pub(super) warnings: Vec<String>,
}

fn minute(t: DateTime) -> String {
    t.strftime("%Y-%m-%dT%H:%M").to_string()
}

/// The report of a solved, evaluated schedule.
pub(super) fn assemble(a: Assembly) -> ScheduleResult {
    let scenario = a.scenario;
    let hours = scenario.interval.hours();
    let shifts = shifts(&a);
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

    let days = days(&a, &shifts);
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

/// The scheduled shifts with their breaks, paid hours and cost (where a rate is known), in
/// order of start.
fn shifts(a: &Assembly) -> Vec<ScheduledShift> {
    let has_rate = a.scenario.cost.hourly_cost.is_some()
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
    shifts.into_iter().map(|(_, s)| s).collect()
}

/// Each day of the horizon: its cost and service, and with a roster kept what it adds and its
/// service before.
fn days(a: &Assembly, shifts: &[ScheduledShift]) -> Vec<ScheduleDay> {
    let scenario = a.scenario;
    let hours = scenario.interval.hours();
    let open = |i: usize| scenario.intervals[i].open;
    let coverage = &a.evaluation.coverage;
    let calendar = scenario.days();
    let day_sl = |e: &Evaluation, d: usize| e.plan.days[d].totals.service_level;
    calendar
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
        .collect()
}
