//! The interval plan: for every interval of a scenario, the agents required to meet the target,
//! the agents staffed, their paid (scheduled) equivalent after shrinkage, the expected KPIs, and
//! the cost — with per-day and whole-horizon totals.
//!
//! Each interval is treated as a steady state of its own (Erlang C, or Erlang A when callers
//! abandon). Queues that carry over from one interval to the next are the simulator's business.

pub mod deferred;
pub mod outbound;
mod summary;

pub use summary::{DaySummary, IntervalRow, PlanSummary, format_start, round6};

use crate::cost;
use crate::error::Result;
use crate::queueing::{Performance, QueueModel, SlDefinition, offered_load_erlangs};
use crate::scenario::{Scenario, Staffing};
use crate::units::Seconds;
use jiff::civil::{Date, DateTime};
use rayon::prelude::*;

pub use crate::queueing::Model;

/// Intervals planned per parallel task: large enough that scheduling costs nothing next to the
/// solves (a year of 15-minute intervals is 35,040).
const PARALLEL_CHUNK: usize = 1024;

/// One interval of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalPlan {
    /// Local start time.
    pub start: DateTime,
    /// False outside opening hours and on closed days (such intervals carry no load and no agents).
    pub open: bool,
    /// Contacts offered, after special days.
    pub volume: f64,
    /// Average handle time, after special days.
    pub aht: Seconds,
    /// The fewest agents on the phones that meet every constraint of the target.
    pub required_agents: u32,
    /// Agents on the phones: the requirement under Erlang staffing, else the scenario's agents.
    pub staffed_agents: u32,
    /// Paid agents behind the staffed ones: `staffed / (1 − shrinkage)`.
    pub scheduled_agents: f64,
    /// KPIs at the staffed agents.
    pub performance: Performance,
    /// Whether the staffed agents meet every constraint.
    pub meets_target: bool,
    /// Index into the scenario's special days.
    pub special_day: Option<usize>,
}

impl IntervalPlan {
    /// Contacts answered (offered minus abandoned).
    pub fn answered(&self) -> f64 {
        self.volume * (1.0 - self.performance.abandon_rate.unwrap_or(0.0))
    }
}

/// Sums over a set of intervals: a day, or the whole horizon.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct Totals {
    /// Open intervals.
    pub intervals: usize,
    /// Contacts offered.
    pub offered: f64,
    /// Contacts answered.
    pub answered: f64,
    /// Σ required agents × interval hours.
    pub required_agent_hours: f64,
    /// Σ staffed agents × interval hours.
    pub staffed_agent_hours: f64,
    /// Σ scheduled (paid) agents × interval hours.
    pub scheduled_agent_hours: f64,
    /// `scheduled_agent_hours × hourly_cost`; `None` without `[cost] hourly_cost`.
    pub labour_cost: Option<f64>,
    /// `labour_cost ÷ answered`.
    pub cost_per_contact: Option<f64>,
    /// Service level over the intervals: answered within T ÷ the definition's denominator.
    pub service_level: Option<f64>,
    /// Mean wait of answered contacts; `None` when an interval is unstable or nothing is answered.
    pub asa_seconds: Option<f64>,
    /// Busy ÷ staffed agent time.
    pub occupancy: Option<f64>,
    /// Abandoned ÷ offered; `None` under Erlang C.
    pub abandon_rate: Option<f64>,
    /// The largest requirement, and when.
    pub peak_required_agents: u32,
    /// Start of the first interval with the largest requirement.
    #[serde(skip)]
    pub peak_start: Option<DateTime>,
    /// Open intervals whose staffed agents miss the target.
    pub intervals_below_target: usize,
    /// Deferrable work only: items waiting when the day (or horizon) opens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backlog_at_open: Option<f64>,
    /// Deferrable work only: items waiting when the day (or horizon) closes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backlog_at_close: Option<f64>,
    /// Deferrable work only: the age of the oldest item waiting at closing (the horizon's:
    /// the largest of its days).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oldest_age_at_close_seconds: Option<f64>,
    /// Outbound only: the right-party contacts the campaign sets out to reach.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_contacts: Option<f64>,
    /// Outbound only: dials placed (connects ÷ contact rate).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dials: Option<f64>,
}

/// One day's totals.
#[derive(Debug, Clone, PartialEq)]
pub struct DayPlan {
    /// The date.
    pub date: Date,
    /// The special day's name, if the date is special.
    pub special_day: Option<String>,
    /// The day's totals.
    pub totals: Totals,
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The analytic model every interval was planned with.
    pub model: Model,
    /// Every interval of the horizon, closed ones included.
    pub intervals: Vec<IntervalPlan>,
    /// Per-day totals, in date order.
    pub days: Vec<DayPlan>,
    /// Whole-horizon totals.
    pub totals: Totals,
}

/// Plans every interval of `scenario`.
///
/// Required agents are solved by Erlang C, or by Erlang A with the mean patience when the method
/// is `erlang-a` — or when the agents are given (constant, csv, roster) and callers abandon, so
/// that given staffing is judged with the abandonment it will see.
///
/// Email and back-office work is planned as a fluid backlog instead (see
/// [`crate::queueing::backlog`]).
pub fn plan(scenario: &Scenario) -> Result<Plan> {
    if scenario.channel.is_deferrable() {
        return deferred::plan(scenario);
    }
    if let Some(dialler) = scenario.channel.outbound() {
        return Ok(outbound::plan(scenario, dialler));
    }
    let constraints = scenario.constraints();
    let patience = match scenario.staffing {
        Staffing::ErlangC => None,
        _ => scenario.patience.mean(),
    };
    let within = scenario.target.service.within();
    let definition = scenario.target.service.definition();
    // A roster whose shifts place breaks has them off the phones already: its paid time carries
    // only the shrinkage beyond them (as `staffsim schedule` prices the same shifts).
    let shrinkage = match &scenario.staffing {
        Staffing::Roster(shifts) if shifts.iter().any(|s| !s.breaks.is_empty()) => {
            crate::units::Shrinkage::new(scenario.shrinkage.beyond_breaks())?
        }
        _ => scenario.shrinkage.total,
    };
    let aht_factors = scenario.channel.aht_factors();
    let model = if aht_factors.len() > 1 {
        Model::Chat
    } else if patience.is_some() {
        Model::ErlangA
    } else {
        Model::ErlangC
    };

    // Each interval is solved on its own: in parallel, collected in order, so the plan is the
    // same on any number of threads.
    let plan_interval = |demand: &crate::scenario::IntervalDemand| -> Result<IntervalPlan> {
        let load = if demand.open {
            offered_load_erlangs(demand.volume, scenario.interval, demand.aht)
        } else {
            0.0
        };
        let model = QueueModel::for_channel(load, demand.aht, patience, aht_factors)?;
        let required = model.required_agents(&constraints)?;
        let (staffed, performance) = match demand.given_agents {
            Some(agents) if demand.open => (agents, model.performance(agents, within, definition)),
            Some(_) => (0, model.performance(0, within, definition)),
            None => (required.agents, required),
        };
        let meets_target =
            !demand.open || demand.volume == 0.0 || constraints.are_met_by(&performance);
        Ok(IntervalPlan {
            start: demand.start,
            open: demand.open,
            volume: if demand.open { demand.volume } else { 0.0 },
            aht: demand.aht,
            required_agents: required.agents,
            staffed_agents: staffed,
            scheduled_agents: shrinkage.fte(staffed),
            performance,
            meets_target,
            special_day: demand.special_day,
        })
    };
    // Collected as results first: an indexed parallel collect writes each in place, where a
    // fallible collect would gather chunks and copy them again.
    let solved: Vec<Result<IntervalPlan>> = scenario
        .intervals
        .par_iter()
        .with_min_len(PARALLEL_CHUNK)
        .map(plan_interval)
        .collect();
    let intervals = solved.into_iter().collect::<Result<Vec<_>>>()?;
    Ok(assemble(scenario, model, intervals))
}

/// The plan of `intervals`, with its per-day and whole-horizon totals.
fn assemble(scenario: &Scenario, model: Model, intervals: Vec<IntervalPlan>) -> Plan {
    let definition = scenario.target.service.definition();
    let hours = scenario.interval.hours();
    let hourly_cost = scenario.cost.hourly_cost;
    let days = scenario
        .days()
        .into_iter()
        .map(|day| {
            let slice = &intervals[day.intervals];
            DayPlan {
                date: day.date,
                special_day: slice[0]
                    .special_day
                    .map(|k| scenario.special_days[k].name.clone()),
                totals: totals(slice, hours, hourly_cost, definition),
            }
        })
        .collect();
    Plan {
        model,
        totals: totals(&intervals, hours, hourly_cost, definition),
        intervals,
        days,
    }
}

/// Totals over `intervals` (closed ones contribute nothing), in one pass. Sums start from +0.0
/// so that an empty day totals 0, not the -0 of `Iterator::sum`.
///
/// Over 80 lines: one pass over the intervals accumulating every total, so each is summed exactly
/// once in one order.
fn totals(
    intervals: &[IntervalPlan],
    hours: f64,
    hourly_cost: Option<f64>,
    definition: SlDefinition,
) -> Totals {
    #[derive(Default)]
    struct Sums {
        intervals: usize,
        offered: f64,
        answered: f64,
        required: f64,
        staffed: f64,
        scheduled: f64,
        /// Σ weight and Σ SL × weight over intervals with contacts (weight per the definition).
        weight: f64,
        within: f64,
        /// Σ ASA × answered over intervals with contacts; `None` once one is unstable.
        wait: Option<f64>,
        busy: f64,
        abandonment: bool,
        below_target: usize,
    }
    let mut sum = Sums {
        wait: Some(0.0),
        ..Sums::default()
    };
    let mut peak: Option<&IntervalPlan> = None;
    for i in intervals.iter().filter(|i| i.open) {
        let answered = i.answered();
        let staffed = f64::from(i.staffed_agents);
        sum.intervals += 1;
        sum.offered += i.volume;
        sum.answered += answered;
        sum.required += f64::from(i.required_agents);
        sum.staffed += staffed;
        sum.scheduled += i.scheduled_agents;
        sum.busy += i.performance.occupancy * staffed;
        sum.abandonment |= i.performance.abandon_rate.is_some();
        sum.below_target += usize::from(!i.meets_target);
        if i.volume > 0.0 {
            let weight = match definition {
                SlDefinition::Answered => answered,
                _ => i.volume,
            };
            sum.weight += weight;
            sum.within += i.performance.service_level * weight;
            sum.wait = sum
                .wait
                .zip(i.performance.asa)
                .map(|(total, asa)| total + asa.get() * answered);
        }
        if peak.is_none_or(|p| i.required_agents > p.required_agents) {
            peak = Some(i);
        }
    }
    let scheduled_agent_hours = sum.scheduled * hours;
    let labour_cost = hourly_cost.map(|c| cost::labour_cost(scheduled_agent_hours, c));
    Totals {
        intervals: sum.intervals,
        offered: sum.offered,
        answered: sum.answered,
        required_agent_hours: sum.required * hours,
        staffed_agent_hours: sum.staffed * hours,
        scheduled_agent_hours,
        labour_cost,
        cost_per_contact: labour_cost.and_then(|c| cost::per_contact(c, sum.answered)),
        service_level: (sum.weight > 0.0).then(|| sum.within / sum.weight),
        asa_seconds: sum
            .wait
            .filter(|_| sum.answered > 0.0)
            .map(|wait| wait / sum.answered),
        occupancy: (sum.staffed > 0.0).then(|| sum.busy / sum.staffed),
        abandon_rate: (sum.abandonment && sum.offered > 0.0)
            .then(|| (sum.offered - sum.answered) / sum.offered),
        peak_required_agents: peak.map_or(0, |p| p.required_agents),
        peak_start: peak.map(|p| p.start),
        intervals_below_target: sum.below_target,
        backlog_at_open: None,
        backlog_at_close: None,
        oldest_age_at_close_seconds: None,
        target_contacts: None,
        dials: None,
    }
}
