//! What shared agents must number, without simulating: for each interval, the **dedicated**
//! requirement (each queue planned alone with its own model, added up) and the **pooled** one
//! (every agent with every skill: the live queues merged into one), with the groups' agents
//! between them.
//!
//! # Pooled
//!
//! The live queues' loads add up into one queue: `λ = Σ λ_q`, handle time the volume-weighted mean
//! `Σ λ_q·AHT_q·s_q ÷ λ` of the agent time each contact holds (`s_q = 1` for a call, `f_c ÷ c` for
//! a chat session at concurrency `c` with handle-time factor `f_c`), planned by Erlang C (Erlang A
//! when every live queue has the same exponential patience) against each queue's own target and
//! limits in turn, the largest requirement kept, and never more than the live queues' own teams
//! need (agents with every skill could work as those teams). Email and back-office work is left
//! out: the pooled team takes it in the live queues' idle time, so it can only add agents. With one
//! handle-time distribution and one target across the queues this is a lower bound on any routing's
//! requirement (Wallace and Whitt, 2005, §2); with mixed handle times it is the all-skills
//! reference, not a proof.

use crate::error::Result;
use crate::plan::Plan;
use crate::portfolio::{Portfolio, Skills};
use crate::queueing::QueueModel;
use crate::scenario::Patience;
use crate::units::Seconds;

/// One interval's three staffings.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BoundInterval {
    /// Local start, `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// Σ each queue's own required agents.
    pub dedicated: u32,
    /// The live queues merged into one, every agent with every skill.
    pub pooled: u32,
    /// The groups' agents on the phones.
    pub groups: u32,
}

/// The three staffings over the horizon, in agent-hours.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Bounds {
    /// The portfolio's name.
    pub portfolio: String,
    /// Hours per interval.
    pub interval_hours: f64,
    /// Σ dedicated requirement × interval hours.
    pub dedicated_agent_hours: f64,
    /// Σ pooled requirement × interval hours.
    pub pooled_agent_hours: f64,
    /// Σ the groups' agents × interval hours.
    pub group_agent_hours: f64,
    /// Each interval.
    pub intervals: Vec<BoundInterval>,
}

/// The dedicated and pooled requirements of `portfolio`, whose queues are planned as `plans`,
/// beside its groups' agents.
///
/// # Errors
/// Those of the queue model on a merged load beyond what staffsim solves.
pub fn bounds(portfolio: &Portfolio, skills: &Skills, plans: &[Plan]) -> Result<Bounds> {
    let first = &portfolio.queues[0].scenario;
    let hours = first.interval.hours();
    let live: Vec<usize> = (0..portfolio.queues.len())
        .filter(|&q| !portfolio.queues[q].scenario.channel.is_deferrable())
        .collect();
    let patience = shared_patience(portfolio, &live);
    let mut intervals = Vec::with_capacity(first.intervals.len());
    for (k, interval) in first.intervals.iter().enumerate() {
        let dedicated: u32 = plans.iter().map(|p| p.intervals[k].required_agents).sum();
        let pooled = pooled(portfolio, plans, &live, patience, k)?;
        let groups = skills.groups.iter().map(|g| g.agents[k]).sum();
        intervals.push(BoundInterval {
            start: crate::plan::format_start(interval.start),
            dedicated,
            pooled,
            groups,
        });
    }
    let total = |f: fn(&BoundInterval) -> u32| {
        intervals.iter().map(|i| f64::from(f(i))).sum::<f64>() * hours
    };
    Ok(Bounds {
        portfolio: portfolio.name.clone(),
        interval_hours: hours,
        dedicated_agent_hours: total(|i| i.dedicated),
        pooled_agent_hours: total(|i| i.pooled),
        group_agent_hours: total(|i| i.groups),
        intervals,
    })
}

/// The pooled requirement of `queues` (live ones) in interval `k`: their loads merged into one
/// queue planned against each one's target and limits, the largest kept, and never more than
/// their own teams' requirements added up (see the module docs).
///
/// # Errors
/// Those of the queue model on a merged load beyond what staffsim solves.
pub(super) fn pooled(
    portfolio: &Portfolio,
    plans: &[Plan],
    queues: &[usize],
    patience: Option<Seconds>,
    k: usize,
) -> Result<u32> {
    let length = portfolio.queues[0].scenario.interval.get();
    let (mut volume, mut work) = (0.0, 0.0);
    for &q in queues {
        let scenario = &portfolio.queues[q].scenario;
        let demand = &scenario.intervals[k];
        if demand.open {
            volume += demand.volume;
            work += demand.volume * demand.aht.get() * agent_share(&scenario.channel);
        }
    }
    if volume <= 0.0 {
        return Ok(0);
    }
    let model = QueueModel::new(work / length, Seconds(work / volume), patience)?;
    let mut pooled = 0;
    for &q in queues {
        let constraints = portfolio.queues[q].scenario.target.constraints();
        pooled = pooled.max(model.required_agents(&constraints)?.agents);
    }
    // Agents with every skill could work as the queues' own teams.
    let own: u32 = queues
        .iter()
        .map(|&q| plans[q].intervals[k].required_agents)
        .sum();
    Ok(pooled.min(own))
}

/// The share of an agent one contact of `channel` holds for its handle time: a chat session
/// `f_c ÷ c` at the queue's concurrency `c` (its handle time stretched by `f_c`, the agent shared
/// by `c` sessions); a call, 1.
fn agent_share(channel: &crate::scenario::Channel) -> f64 {
    match channel {
        crate::scenario::Channel::Chat { concurrency, .. } => {
            let c = (*concurrency).max(1);
            let factors = channel.aht_factors();
            let f = factors
                .get(c as usize - 1)
                .or(factors.last())
                .copied()
                .unwrap_or(1.0);
            f / f64::from(c)
        }
        _ => 1.0,
    }
}

/// The live queues' patience when they all share one exponential mean; otherwise none (Erlang C).
pub(super) fn shared_patience(portfolio: &Portfolio, live: &[usize]) -> Option<Seconds> {
    let mut means = live
        .iter()
        .map(|&q| match portfolio.queues[q].scenario.patience {
            Patience::Exponential { mean } => Some(mean),
            _ => None,
        });
    let first = means.next()??;
    means
        .all(|m| m.is_some_and(|m| (m.get() - first.get()).abs() < 1e-9))
        .then_some(first)
}
