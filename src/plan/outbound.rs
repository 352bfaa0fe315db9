//! The plan of an outbound campaign: agents from the dialler model
//! ([`crate::queueing::outbound`]) instead of a queue, the forecast's volume read as the
//! right-party contacts to reach.

use super::{IntervalPlan, Model, Plan};
use crate::queueing::outbound::{
    predictive_agents, predictive_pacing, preview_seconds_per_contact,
};
use crate::queueing::{Performance, SlDefinition};
use crate::scenario::{IntervalDemand, Outbound, Pacing, Scenario};
use crate::units::Seconds;

/// One interval of the campaign at `agents`: the KPIs, the connects the dialler makes (the
/// plan's "offered") and the right-party contacts reached (its "answered").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CampaignInterval {
    /// KPIs: abandonment and service level are the dialler's; occupancy counts dialling.
    pub performance: Performance,
    /// Right-party connects: contacts reached plus those the dialler abandoned.
    pub connects: f64,
    /// Right-party contacts put through to an agent.
    pub contacts: f64,
}

/// The campaign's interval `demand` staffed with `agents`, whose target is `demand.volume`
/// contacts in `length`.
pub fn interval_at(
    outbound: &Outbound,
    demand: &IntervalDemand,
    agents: u32,
    length: Seconds,
    within: Seconds,
) -> CampaignInterval {
    let target = if demand.open { demand.volume } else { 0.0 };
    let aht = demand.aht.get();
    let capacity = f64::from(agents) * length.get();
    let (load, abandon, contacts, busy) = match outbound.pacing {
        Pacing::Preview => {
            let per_contact = preview_seconds_per_contact(
                aht,
                outbound.contact_rate,
                outbound.dial_seconds.get(),
            );
            let contacts = target.min(capacity / per_contact);
            (
                contacts * per_contact / length.get(),
                0.0,
                contacts,
                contacts * per_contact,
            )
        }
        Pacing::Predictive => {
            let carried = target * aht / length.get();
            let pacing = predictive_pacing(agents, carried, outbound.max_abandon);
            let contacts = pacing.carried_load * length.get() / aht;
            (
                pacing.connected_load,
                pacing.abandon_rate,
                contacts,
                contacts * aht,
            )
        }
    };
    let connects = if abandon < 1.0 {
        contacts / (1.0 - abandon)
    } else {
        0.0
    };
    CampaignInterval {
        performance: Performance {
            agents,
            offered_load_erlangs: load,
            p_wait: abandon,
            service_level: 1.0 - abandon,
            within,
            sl_definition: SlDefinition::Offered,
            asa: Some(Seconds(0.0)),
            occupancy: if capacity > 0.0 {
                (busy / capacity).clamp(0.0, 1.0)
            } else {
                0.0
            },
            abandon_rate: Some(abandon),
            stable: true,
        },
        connects,
        contacts,
    }
}

/// The fewest agents that reach `demand.volume` contacts within the dialler's abandonment cap
/// and the target's occupancy cap.
pub fn required_agents(
    outbound: &Outbound,
    demand: &IntervalDemand,
    length: Seconds,
    max_occupancy: f64,
) -> u32 {
    if !demand.open || demand.volume <= 0.0 {
        return 0;
    }
    let aht = demand.aht.get();
    match outbound.pacing {
        Pacing::Preview => {
            let per_contact = preview_seconds_per_contact(
                aht,
                outbound.contact_rate,
                outbound.dial_seconds.get(),
            );
            let workload = demand.volume * per_contact / (length.get() * max_occupancy);
            // A hair of tolerance so that an exact whole workload is not rounded up.
            (workload - 1e-9).ceil().max(1.0) as u32
        }
        Pacing::Predictive => predictive_agents(
            demand.volume * aht / length.get(),
            outbound.max_abandon,
            max_occupancy,
        ),
    }
}

/// Plans `scenario`, an outbound campaign.
pub(super) fn plan(scenario: &Scenario, outbound: &Outbound) -> Plan {
    let length = scenario.interval;
    let within = scenario.target.service.within();
    let share = scenario.target.max_occupancy.unwrap_or(1.0);
    let intervals: Vec<IntervalPlan> = scenario
        .intervals
        .iter()
        .map(|demand| {
            let required = required_agents(outbound, demand, length, share);
            let staffed = match demand.given_agents {
                Some(agents) if demand.open => agents,
                Some(_) => 0,
                None => required,
            };
            let at = interval_at(outbound, demand, staffed, length, within);
            let target = if demand.open { demand.volume } else { 0.0 };
            let meets_target = !demand.open
                || target == 0.0
                || (at.contacts >= target * (1.0 - 1e-9)
                    && at.performance.abandon_rate.unwrap_or(0.0) <= outbound.max_abandon + 1e-12);
            IntervalPlan {
                start: demand.start,
                open: demand.open,
                volume: at.connects,
                aht: demand.aht,
                required_agents: required,
                staffed_agents: staffed,
                scheduled_agents: scenario.shrinkage.total.fte(staffed),
                performance: at.performance,
                meets_target,
                special_day: demand.special_day,
            }
        })
        .collect();
    let model = match outbound.pacing {
        Pacing::Preview => Model::Preview,
        Pacing::Predictive => Model::Predictive,
    };
    let rate = outbound.contact_rate;
    let campaign = |range: std::ops::Range<usize>| {
        let target: f64 = scenario.intervals[range.clone()]
            .iter()
            .filter(|d| d.open)
            .map(|d| d.volume)
            .sum();
        let connects: f64 = intervals[range].iter().map(|i| i.volume).sum();
        (super::round6(target), super::round6(connects / rate))
    };
    let days: Vec<(f64, f64)> = scenario
        .days()
        .into_iter()
        .map(|day| campaign(day.intervals))
        .collect();
    let (target, dials) = campaign(0..scenario.intervals.len());
    let mut plan = super::assemble(scenario, model, intervals);
    for ((target, dials), day_plan) in days.into_iter().zip(plan.days.iter_mut()) {
        day_plan.totals.target_contacts = Some(target);
        day_plan.totals.dials = Some(dials);
    }
    plan.totals.target_contacts = Some(target);
    plan.totals.dials = Some(dials);
    plan
}
