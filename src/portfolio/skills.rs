//! Agents with several skills: a portfolio's `[[group]]`s of agents, each serving some of its
//! queues in a priority order, and the `[routing]` rules that pair contacts with agents.
//!
//! ```toml
//! [[group]]
//! name = "voice-chat"
//! skills = ["voice-en", "chat-en"]   # queue names, in this group's priority order
//! agents = 20                         # on the phones whenever one of its queues is open
//! hourly_cost = 22.0
//!
//! [[group.skill]]                     # optional: a slower hand on a second skill
//! queue = "chat-en"
//! aht_multiplier = 1.2
//!
//! [routing]
//! arrival = "specialist-first"        # or "longest-idle"
//! free_agent = "priority"             # or "oldest-first"
//! ```
//!
//! With groups, the queues' own `[staffing]` is not used; without them a portfolio is dedicated
//! teams, each queue with its own agents.

use crate::error::{Error, Result};
use serde::Deserialize;

/// The agents of a multi-skill portfolio and how contacts reach them.
#[derive(Debug, Clone, PartialEq)]
pub struct Skills {
    /// The groups, in file order.
    pub groups: Vec<Group>,
    /// The routing rules.
    pub routing: Routing,
}

/// A group of agents with the same skills.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Unique within the portfolio.
    pub name: String,
    /// The queues it serves, in its priority order.
    pub skills: Vec<Skill>,
    /// Agents on the phones whenever one of its queues is open.
    pub agents: u32,
    /// Cost of a paid agent hour; the first skill's queue's `[cost]` rate when not given.
    pub hourly_cost: Option<f64>,
}

/// One skill of a group: a queue, and how fast the group handles it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Skill {
    /// The queue's index in the portfolio.
    pub queue: usize,
    /// The queue's handle times × this, for this group (1: as the queue's own agents).
    pub aht_multiplier: f64,
    /// Chat sessions an agent of this group holds at once, when the group says so.
    pub concurrency: Option<u32>,
}

/// How a new contact finds a free agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Arrival {
    /// The free agent with the fewest skills, then the longest idle: generalists are kept for
    /// the work only they can take.
    #[default]
    SpecialistFirst,
    /// The free agent idle the longest, whatever its skills.
    LongestIdle,
}

/// What a freed agent takes next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FreeAgent {
    /// The head of the first queue in its skills' order that has work waiting.
    #[default]
    Priority,
    /// The contact that has waited the longest across its skills.
    OldestFirst,
}

/// `[routing]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Routing {
    /// How a new contact finds a free agent.
    #[serde(default)]
    pub arrival: Arrival,
    /// What a freed agent takes next. Real-time work always comes before email and
    /// back-office items, whichever rule.
    #[serde(default)]
    pub free_agent: FreeAgent,
}

/// `[[group]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGroup {
    name: String,
    skills: Vec<String>,
    agents: u32,
    hourly_cost: Option<f64>,
    #[serde(default)]
    skill: Vec<RawSkill>,
}

/// `[[group.skill]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSkill {
    queue: String,
    aht_multiplier: Option<f64>,
    concurrency: Option<u32>,
}

/// What a skill needs to know of a queue: its name and whether it is chat.
pub(super) struct QueueFacts<'a> {
    pub(super) name: &'a str,
    pub(super) chat: bool,
}

/// Validates the groups and the routing of a portfolio (`file`) over its `queues`.
///
/// # Errors
/// [`Error::Input`] naming the field: a skill naming no queue, a queue no group serves, a group
/// with no skills or a skill twice, two groups with one name, a concurrency on a non-chat skill,
/// an `aht_multiplier` or `hourly_cost` that is not positive and finite.
pub(super) fn skills(
    groups: &[RawGroup],
    routing: Option<Routing>,
    queues: &[QueueFacts],
    file: &str,
) -> Result<Skills> {
    let mut checked: Vec<Group> = Vec::with_capacity(groups.len());
    for (k, raw) in groups.iter().enumerate() {
        let group = group(k, raw, queues, file)?;
        if checked.iter().any(|g| g.name == group.name) {
            return Err(Error::input(
                format!("{file}: [[group]] {} name", k + 1),
                format!(
                    "two groups are named '{}': give each a unique name",
                    group.name
                ),
            ));
        }
        checked.push(group);
    }
    if let Some(unserved) = (0..queues.len()).find(|&q| {
        !checked
            .iter()
            .any(|g| g.skills.iter().any(|s| s.queue == q))
    }) {
        return Err(Error::input(
            format!("{file}: [[group]]"),
            format!(
                "no group has the skill '{}': every queue needs agents who take it",
                queues[unserved].name
            ),
        ));
    }
    Ok(Skills {
        groups: checked,
        routing: routing.unwrap_or_default(),
    })
}

/// One `[[group]]`, the `k`-th from 0.
fn group(k: usize, raw: &RawGroup, queues: &[QueueFacts], file: &str) -> Result<Group> {
    let at = |field: &str| format!("{file}: [[group]] {} {field}", k + 1);
    if raw.name.trim().is_empty() {
        return Err(Error::input(at("name"), "must not be empty"));
    }
    if raw.skills.is_empty() {
        return Err(Error::input(
            at("skills"),
            "a group needs at least one skill: the names of the queues its agents take",
        ));
    }
    let queue_of = |name: &str, field: &str| {
        queues.iter().position(|q| q.name == name).ok_or_else(|| {
            let names: Vec<&str> = queues.iter().map(|q| q.name).collect();
            Error::input(
                at(field),
                format!(
                    "'{name}' names no queue of the portfolio (its queues: {})",
                    names.join(", ")
                ),
            )
        })
    };
    let mut skills: Vec<Skill> = Vec::with_capacity(raw.skills.len());
    for name in &raw.skills {
        let queue = queue_of(name, "skills")?;
        if skills.iter().any(|s| s.queue == queue) {
            return Err(Error::input(
                at("skills"),
                format!("'{name}' is listed twice: list each skill once, in priority order"),
            ));
        }
        skills.push(Skill {
            queue,
            aht_multiplier: 1.0,
            concurrency: None,
        });
    }
    for (j, s) in raw.skill.iter().enumerate() {
        let field = |name: &str| format!("skill #{} {name}", j + 1);
        let queue = queue_of(&s.queue, &field("queue"))?;
        let Some(skill) = skills.iter_mut().find(|x| x.queue == queue) else {
            return Err(Error::input(
                at(&field("queue")),
                format!("'{}' is not among this group's skills", s.queue),
            ));
        };
        if let Some(m) = s.aht_multiplier {
            if !(m.is_finite() && m > 0.0 && m <= 100.0) {
                return Err(Error::input(
                    at(&field("aht_multiplier")),
                    format!("must be a multiplier above 0 and at most 100, got {m}"),
                ));
            }
            skill.aht_multiplier = m;
        }
        skill.concurrency = s.concurrency;
        if s.concurrency.is_some() && !queues[queue].chat {
            return Err(Error::input(
                at(&field("concurrency")),
                format!(
                    "'{}' is not a chat queue: only chat sessions share an agent",
                    s.queue
                ),
            ));
        }
    }
    if let Some(c) = raw.hourly_cost
        && !(c.is_finite() && (0.0..=1e6).contains(&c))
    {
        return Err(Error::input(
            at("hourly_cost"),
            format!("must be from 0 to 1,000,000 per hour, got {c}"),
        ));
    }
    if raw.agents > crate::queueing::MAX_SERVERS {
        return Err(Error::input(
            at("agents"),
            format!(
                "{} agents is more than the {} staffsim models",
                raw.agents,
                crate::queueing::MAX_SERVERS
            ),
        ));
    }
    Ok(Group {
        name: raw.name.clone(),
        skills,
        agents: raw.agents,
        hourly_cost: raw.hourly_cost,
    })
}
