//! The interval plan: for every interval of a scenario, the agents required to meet the target,
//! the agents staffed, their paid (scheduled) equivalent after shrinkage, the expected KPIs, and
//! the cost — with per-day and whole-horizon totals.
//!
//! Each interval is treated as a steady state of its own (Erlang C, or Erlang A when callers
//! abandon). Queues that carry over from one interval to the next are the simulator's business.

mod summary;

pub use summary::{DaySummary, IntervalRow, PlanSummary, format_start, round6};

use crate::cost;
use crate::error::Result;
use crate::queueing::{Performance, QueueModel, SlDefinition, offered_load_erlangs};
use crate::scenario::{Scenario, Staffing};
use crate::units::Seconds;
use jiff::civil::{Date, DateTime};
use std::ops::Add;

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
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
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
    /// "Erlang C" or "Erlang A".
    pub model: &'static str,
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
pub fn plan(scenario: &Scenario) -> Result<Plan> {
    let constraints = scenario.constraints();
    let patience = match scenario.staffing {
        Staffing::ErlangC => None,
        _ => scenario.patience.mean(),
    };
    let within = scenario.target.service.within();
    let definition = scenario.target.service.definition();
    let shrinkage = scenario.shrinkage.total;
    let mut model_name = if patience.is_some() {
        "Erlang A"
    } else {
        "Erlang C"
    };

    let mut intervals = Vec::with_capacity(scenario.intervals.len());
    for demand in &scenario.intervals {
        let load = if demand.open {
            offered_load_erlangs(demand.volume, scenario.interval, demand.aht)
        } else {
            0.0
        };
        let model = QueueModel::new(load, demand.aht, patience)?;
        model_name = model.name();
        let required = model.required_agents(&constraints)?;
        let (staffed, performance) = match demand.given_agents {
            Some(agents) if demand.open => (agents, model.performance(agents, within, definition)),
            Some(_) => (0, model.performance(0, within, definition)),
            None => (required.agents, required),
        };
        let meets_target =
            !demand.open || demand.volume == 0.0 || constraints.are_met_by(&performance);
        intervals.push(IntervalPlan {
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
        });
    }

    let hours = scenario.interval.hours();
    let hourly_cost = scenario.cost.hourly_cost;
    let mut days = Vec::new();
    let mut from = 0;
    while from < intervals.len() {
        let date = intervals[from].start.date();
        let to = from
            + intervals[from..]
                .iter()
                .take_while(|i| i.start.date() == date)
                .count();
        let slice = &intervals[from..to];
        days.push(DayPlan {
            date,
            special_day: slice[0]
                .special_day
                .map(|k| scenario.special_days[k].name.clone()),
            totals: totals(slice, hours, hourly_cost, definition),
        });
        from = to;
    }
    Ok(Plan {
        model: model_name,
        totals: totals(&intervals, hours, hourly_cost, definition),
        intervals,
        days,
    })
}

/// Totals over `intervals` (closed ones contribute nothing). Sums fold from +0.0 so that an
/// empty day totals 0, not the -0 of `Iterator::sum`.
fn totals(
    intervals: &[IntervalPlan],
    hours: f64,
    hourly_cost: Option<f64>,
    definition: SlDefinition,
) -> Totals {
    let open: Vec<&IntervalPlan> = intervals.iter().filter(|i| i.open).collect();
    let offered: f64 = open.iter().map(|i| i.volume).fold(0.0, f64::add);
    let answered: f64 = open.iter().map(|i| i.answered()).fold(0.0, f64::add);
    let required_agent_hours = open
        .iter()
        .map(|i| f64::from(i.required_agents))
        .fold(0.0, f64::add)
        * hours;
    let staffed_agent_hours = open
        .iter()
        .map(|i| f64::from(i.staffed_agents))
        .fold(0.0, f64::add)
        * hours;
    let scheduled_agent_hours = open.iter().map(|i| i.scheduled_agents).fold(0.0, f64::add) * hours;
    let labour_cost = hourly_cost.map(|c| cost::labour_cost(scheduled_agent_hours, c));
    let with_contacts: Vec<&&IntervalPlan> = open.iter().filter(|i| i.volume > 0.0).collect();

    // Answered within T, and the denominator the definition divides by, summed over intervals.
    let weight = |i: &IntervalPlan| match definition {
        SlDefinition::Answered => i.answered(),
        _ => i.volume,
    };
    let denominator = with_contacts.iter().map(|i| weight(i)).fold(0.0, f64::add);
    let service_level = (denominator > 0.0).then(|| {
        with_contacts
            .iter()
            .map(|i| i.performance.service_level * weight(i))
            .fold(0.0, f64::add)
            / denominator
    });
    let asa_seconds =
        if with_contacts.iter().any(|i| i.performance.asa.is_none()) || answered <= 0.0 {
            None
        } else {
            Some(
                with_contacts
                    .iter()
                    .map(|i| i.performance.asa.map_or(0.0, Seconds::get) * i.answered())
                    .fold(0.0, f64::add)
                    / answered,
            )
        };
    let busy: f64 = open
        .iter()
        .map(|i| i.performance.occupancy * f64::from(i.staffed_agents))
        .fold(0.0, f64::add);
    let staffed: f64 = open
        .iter()
        .map(|i| f64::from(i.staffed_agents))
        .fold(0.0, f64::add);
    let abandonment = open.iter().any(|i| i.performance.abandon_rate.is_some());
    let peak = open
        .iter()
        .fold(None::<&&IntervalPlan>, |best, i| match best {
            Some(b) if b.required_agents >= i.required_agents => Some(b),
            _ => Some(i),
        });
    Totals {
        intervals: open.len(),
        offered,
        answered,
        required_agent_hours,
        staffed_agent_hours,
        scheduled_agent_hours,
        labour_cost,
        cost_per_contact: labour_cost.and_then(|c| cost::per_contact(c, answered)),
        service_level,
        asa_seconds,
        occupancy: (staffed > 0.0).then(|| busy / staffed),
        abandon_rate: (abandonment && offered > 0.0).then(|| (offered - answered) / offered),
        peak_required_agents: peak.map_or(0, |p| p.required_agents),
        peak_start: peak.map(|p| p.start),
        intervals_below_target: open.iter().filter(|i| !i.meets_target).count(),
    }
}
