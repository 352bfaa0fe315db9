//! The plan of deferrable work (email, back-office): agents from the fluid backlog model
//! ([`crate::queueing::backlog`]) instead of a per-interval steady state, and each interval's
//! KPIs from the backlog's trajectory at the staffed agents.

use super::{IntervalPlan, Model, Plan};
use crate::error::Result;
use crate::queueing::Performance;
use crate::queueing::backlog::{self, Deadline, DeferredDemand, FluidInterval};
use crate::scenario::Scenario;
use crate::units::Seconds;

/// The work of `scenario` interval by interval: closed intervals bring none.
fn demand(scenario: &Scenario) -> Vec<DeferredDemand> {
    scenario
        .intervals
        .iter()
        .map(|d| DeferredDemand {
            items: if d.open { d.volume } else { 0.0 },
            aht: d.aht,
            open: d.open,
        })
        .collect()
}

/// The scenario's response-time target as the backlog model's deadline.
fn deadline(scenario: &Scenario) -> Deadline {
    Deadline {
        within: scenario.target.service.within(),
        clock: scenario.target.clock,
    }
}

/// The backlog over the whole horizon when every open interval has the same agents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlatOutcome {
    /// Agents in every open interval.
    pub agents: u32,
    /// Share of the horizon's items picked up within the deadline (or still waiting at its end
    /// but not yet due), in [0, 1].
    pub within_share: f64,
    /// Items still waiting when the horizon ends.
    pub backlog_at_end: f64,
}

/// The backlog of `scenario` (email or back-office) over its horizon at each flat staffing
/// level of `levels`, agents working at most the occupancy cap of their time (as the plan).
///
/// # Formula
///
/// The fluid trajectory of [`backlog::fluid_run`] with `agents` in every open interval;
/// `within_share = Σ within / Σ items`, `backlog_at_end` the last interval's backlog.
pub fn at_flat_staffing(scenario: &Scenario, levels: &[u32]) -> Vec<FlatOutcome> {
    let demand = demand(scenario);
    let deadline = deadline(scenario);
    let share = scenario.target.max_occupancy.unwrap_or(1.0);
    let items: f64 = demand.iter().map(|d| d.items).sum();
    levels
        .iter()
        .map(|&agents| {
            let staffed: Vec<u32> = demand
                .iter()
                .map(|d| if d.open { agents } else { 0 })
                .collect();
            let run = backlog::fluid_run(&demand, scenario.interval, &staffed, deadline, share);
            let within: f64 = run.iter().map(|f| f.within).sum();
            FlatOutcome {
                agents,
                within_share: if items > 0.0 {
                    (within / items).clamp(0.0, 1.0)
                } else {
                    1.0
                },
                backlog_at_end: run.last().map_or(0.0, |f| f.backlog_at_end),
            }
        })
        .collect()
}

/// Plans `scenario`, whose channel is email or back-office.
pub(super) fn plan(scenario: &Scenario) -> Result<Plan> {
    let length = scenario.interval;
    let demand = demand(scenario);
    let deadline = deadline(scenario);
    // Agents can be busy at most the occupancy cap of their time; all of it without one.
    let share = scenario.target.max_occupancy.unwrap_or(1.0);
    let horizon = length.get() * scenario.intervals.len() as f64;
    if deadline.within.get() >= horizon {
        return Err(crate::error::Error::input(
            format!("{}: [target] within", scenario.source.display()),
            format!(
                "the deadline {} is not shorter than the {} horizon: nothing falls due inside it, so no staffing can be judged; plan a horizon longer than the deadline",
                deadline.within,
                Seconds(horizon)
            ),
        ));
    }
    let required = backlog::required_agents(&demand, length, deadline, share);
    if let Some(most) = required.iter().copied().max()
        && most > crate::queueing::MAX_SERVERS
    {
        return Err(crate::error::Error::Infeasible {
            limit: u64::from(crate::queueing::MAX_SERVERS),
            what: format!(
                "the backlog's work at an occupancy cap of {}",
                crate::report::format::percent(share, 1)
            ),
        });
    }
    let staffed: Vec<u32> = scenario
        .intervals
        .iter()
        .zip(&required)
        .map(|(d, &r)| match d.given_agents {
            Some(_) if !d.open => 0,
            Some(agents) => agents,
            None => r,
        })
        .collect();
    // Agents work at most the occupancy cap of their time, the share the team was sized for:
    // the plan holds the cap it is given; per interval the response-time target (and any ASA
    // cap) is judged.
    let run = backlog::fluid_run(&demand, length, &staffed, deadline, share);
    let constraints = crate::queueing::Constraints {
        max_occupancy: None,
        ..scenario.constraints()
    };
    let intervals = scenario
        .intervals
        .iter()
        .zip(&demand)
        .zip(required.iter().zip(&staffed))
        .zip(&run)
        .map(|(((d, work), (&required, &staffed)), fluid)| {
            let performance = performance(work, staffed, fluid, length, scenario);
            let meets_target = !d.open || work.items == 0.0 || constraints.are_met_by(&performance);
            IntervalPlan {
                start: d.start,
                open: d.open,
                volume: work.items,
                aht: d.aht,
                required_agents: required,
                staffed_agents: staffed,
                scheduled_agents: scenario.shrinkage.total.fte(staffed),
                performance,
                meets_target,
                special_day: d.special_day,
            }
        })
        .collect::<Vec<_>>();
    let mut plan = super::assemble(scenario, Model::Backlog, intervals);
    backlog_by_day(scenario, &demand, &run, &mut plan);
    Ok(plan)
}

/// The backlog at each day's opening and closing, and the oldest item's age at closing, into
/// the days' and the horizon's totals.
fn backlog_by_day(
    scenario: &Scenario,
    demand: &[DeferredDemand],
    run: &[backlog::FluidInterval],
    plan: &mut Plan,
) {
    let days = scenario.days();
    let mut carried = 0.0;
    let mut oldest_overall: f64 = 0.0;
    for (day, day_plan) in days.iter().zip(plan.days.iter_mut()) {
        let open: Vec<usize> = day.intervals.clone().filter(|&k| demand[k].open).collect();
        let at_open = match open.first() {
            Some(&k) if k > 0 => run[k - 1].backlog_at_end,
            Some(_) => 0.0,
            None => carried,
        };
        let last = open.last().map_or(day.intervals.end - 1, |&k| k);
        let at_close = run[last].backlog_at_end;
        let oldest = run[last].oldest_age_at_end;
        carried = run[day.intervals.end - 1].backlog_at_end;
        if !open.is_empty() {
            oldest_overall = oldest_overall.max(oldest);
        }
        let totals = &mut day_plan.totals;
        totals.backlog_at_open = Some(super::round6(at_open));
        totals.backlog_at_close = Some(super::round6(at_close));
        totals.oldest_age_at_close_seconds = Some(super::round6(oldest));
    }
    let first_open = plan.days.first().and_then(|d| d.totals.backlog_at_open);
    let last_close = plan.days.last().and_then(|d| d.totals.backlog_at_close);
    plan.totals.backlog_at_open = first_open;
    plan.totals.backlog_at_close = last_close;
    plan.totals.oldest_age_at_close_seconds = Some(super::round6(oldest_overall));
}

/// One interval's KPIs in the fluid run, for the items that arrived in it.
fn performance(
    work: &DeferredDemand,
    staffed: u32,
    fluid: &FluidInterval,
    length: Seconds,
    scenario: &Scenario,
) -> Performance {
    let service = scenario.target.service;
    let items = work.items;
    let fraction = |x: f64| {
        if items > 0.0 {
            (x / items).clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    let capacity = f64::from(staffed) * length.get();
    Performance {
        agents: staffed,
        offered_load_erlangs: items * work.aht.get() / length.get(),
        p_wait: fraction(fluid.waited),
        service_level: if items > 0.0 {
            fraction(fluid.within)
        } else {
            1.0
        },
        within: service.within(),
        sl_definition: service.definition(),
        asa: Some(Seconds(if fluid.handled > 0.0 {
            fluid.response_seconds / fluid.handled
        } else {
            0.0
        })),
        occupancy: if capacity > 0.0 {
            (fluid.busy_seconds / capacity).clamp(0.0, 1.0)
        } else {
            0.0
        },
        abandon_rate: None,
        stable: true,
    }
}
