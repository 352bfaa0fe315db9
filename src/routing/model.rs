//! What one replication of a multi-skill portfolio simulates: each queue's arrivals, handle
//! times and patience (its scenario's own simulation model), each group's agents interval by
//! interval, and the routing rules — built once, shared by every replication.

use crate::error::{Error, Result};
use crate::portfolio::{Portfolio, Routing, Skills};
use crate::queueing::SlDefinition;
use crate::scenario::Channel;
use crate::sim::SimModel;

/// One queue as the multi-skill engine sees it.
#[derive(Debug, Clone)]
pub(super) struct QueueModel {
    /// The queue's own model: rates, handle times, patience, threshold, forecast error.
    pub(super) sim: SimModel,
    /// Live work (voice, chat) rather than deferrable (email, back-office): a freed agent takes
    /// live work first, and deferrable items wait through closed hours.
    pub(super) live: bool,
    /// How the service level counts abandoned contacts.
    pub(super) definition: SlDefinition,
    /// Chat sessions an agent holds at once by the queue's `[channel]` (1: one contact per
    /// agent); a group may hold its own ([`GroupModel::concurrency`]).
    pub(super) concurrency: u32,
}

/// One group of agents.
#[derive(Debug, Clone)]
pub(super) struct GroupModel {
    /// Its skills in priority order: the queue and the handle-time multiplier.
    pub(super) skills: Vec<(usize, f64)>,
    /// `concurrency[q]`: sessions of queue `q` one of its agents holds at once (the group's own
    /// for the skill, else the queue's; 1 for calls and items).
    pub(super) concurrency: Vec<u32>,
    /// Agents on the phones in each interval (the group's own, or a staffing being tried).
    pub(super) agents: Vec<u32>,
}

/// Everything a replication needs.
#[derive(Debug, Clone)]
pub struct SkillModel {
    pub(super) interval_seconds: f64,
    pub(super) intervals: usize,
    pub(super) queues: Vec<QueueModel>,
    pub(super) groups: Vec<GroupModel>,
    pub(super) routing: Routing,
}

impl SkillModel {
    /// Days of the horizon (the first queue's calendar, which every queue shares).
    pub(super) fn days(&self) -> usize {
        self.queues.first().map_or(0, |q| q.sim.days)
    }

    /// The model of `portfolio` staffed by its groups (`agents[g][k]`: group `g`'s agents in
    /// interval `k`; `None`: each group's own `agents` while one of its queues is open).
    ///
    /// # Errors
    /// [`Error::Input`] for what the multi-skill engine does not simulate yet: outbound
    /// campaigns, redials and repeat contacts; and queues whose horizons differ.
    pub fn new(
        portfolio: &Portfolio,
        skills: &Skills,
        agents: Option<&[Vec<u32>]>,
    ) -> Result<Self> {
        let first = &portfolio.queues[0].scenario;
        let intervals = first.intervals.len();
        let queues = portfolio
            .queues
            .iter()
            .map(|q| queue_model(portfolio, q))
            .collect::<Result<Vec<_>>>()?;
        let groups = skills
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| GroupModel {
                skills: group
                    .skills
                    .iter()
                    .map(|s| (s.queue, s.aht_multiplier))
                    .collect(),
                concurrency: (0..queues.len())
                    .map(|q| {
                        group
                            .skills
                            .iter()
                            .find(|s| s.queue == q)
                            .and_then(|s| s.concurrency)
                            .unwrap_or(queues[q].concurrency)
                    })
                    .collect(),
                agents: match agents {
                    Some(given) => given[g].clone(),
                    None => group.agents.clone(),
                },
            })
            .collect();
        Ok(SkillModel {
            interval_seconds: first.interval.get(),
            intervals,
            queues,
            groups,
            routing: skills.routing,
        })
    }
}

/// One queue's model, or why the multi-skill engine does not simulate it yet: an outbound
/// campaign, redials and repeat contacts, or a horizon other than the first queue's.
fn queue_model(portfolio: &Portfolio, q: &crate::portfolio::Queue) -> Result<QueueModel> {
    let first = &portfolio.queues[0].scenario;
    let intervals = first.intervals.len();
    let s = &q.scenario;
    let at = format!("{}: queue '{}'", portfolio.source.display(), q.name);
    let unsupported = match &s.channel {
        Channel::Outbound(_) => Some("an outbound campaign (its dialler)".to_string()),
        _ if s.simulation.retry_probability > 0.0 || s.simulation.fcr < 1.0 => {
            Some("redials and repeat contacts ([simulation] retry_probability, fcr)".into())
        }
        _ => None,
    };
    if let Some(what) = unsupported {
        return Err(Error::input(
            at,
            format!(
                "agents shared by [[group]]s are not simulated with {what} yet: plan that queue as its own team"
            ),
        ));
    }
    if s.intervals.len() != intervals
        || s.intervals.first().map(|i| i.start) != first.intervals.first().map(|i| i.start)
    {
        return Err(Error::input(
            at,
            format!(
                "its horizon differs from '{}''s: queues served by shared agents need one horizon (same start, same intervals)",
                portfolio.queues[0].name
            ),
        ));
    }
    Ok(QueueModel {
        sim: SimModel::new(s, &vec![0; intervals])?,
        live: !s.channel.is_deferrable(),
        definition: s.target.service.definition(),
        concurrency: match &s.channel {
            Channel::Chat { concurrency, .. } => *concurrency,
            _ => 1,
        },
    })
}
