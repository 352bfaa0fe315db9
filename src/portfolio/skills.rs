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
    /// Agents on the phones in each interval of the horizon: `agents` whenever one of its
    /// queues is open (none otherwise), or as its CSV or shifts give them.
    pub agents: Vec<u32>,
    /// Cost of a paid agent hour; the first skill's queue's `[cost]` rate when not given.
    pub hourly_cost: Option<f64>,
    /// Shift templates to schedule the group's requirement on (`[group.schedule]`).
    pub schedule: Option<crate::scenario::ScheduleConfig>,
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
    agents: Option<u32>,
    csv: Option<std::path::PathBuf>,
    #[serde(default)]
    shift: Vec<toml::Value>,
    hourly_cost: Option<f64>,
    #[serde(default)]
    skill: Vec<RawSkill>,
    schedule: Option<toml::Value>,
}

/// `[[group.skill]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSkill {
    queue: String,
    aht_multiplier: Option<f64>,
    concurrency: Option<u32>,
}

/// What a skill needs to know of a queue: its name, whether it is chat, and its scenario (its
/// horizon and opening hours).
pub(super) struct QueueFacts<'a> {
    pub(super) name: &'a str,
    pub(super) chat: bool,
    pub(super) scenario: &'a crate::scenario::Scenario,
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
    skill_entries(k, raw, &mut skills, queues, file)?;
    if let Some(c) = raw.hourly_cost
        && !(c.is_finite() && (0.0..=1e6).contains(&c))
    {
        return Err(Error::input(
            at("hourly_cost"),
            format!("must be from 0 to 1,000,000 per hour, got {c}"),
        ));
    }
    let agents = agents(k, raw, &skills, queues, file)?;
    if let Some(most) = agents.iter().copied().max()
        && most > crate::queueing::MAX_SERVERS
    {
        return Err(Error::input(
            at("agents"),
            format!(
                "{most} agents is more than the {} staffsim models",
                crate::queueing::MAX_SERVERS
            ),
        ));
    }
    let schedule = raw
        .schedule
        .as_ref()
        .map(|value| {
            let label = format!("{file}: [[group]] {} schedule", k + 1);
            crate::scenario::schedule_config(value, &label, queues[skills[0].queue].scenario)
        })
        .transpose()?;
    Ok(Group {
        name: raw.name.clone(),
        skills,
        agents,
        hourly_cost: raw.hourly_cost,
        schedule,
    })
}

/// The `[[group.skill]]` entries of group `k`: each names one of its skills, and may set its
/// handle-time multiplier (above 0, at most 100) and, on chat only, its concurrency.
fn skill_entries(
    k: usize,
    raw: &RawGroup,
    skills: &mut [Skill],
    queues: &[QueueFacts],
    file: &str,
) -> Result<()> {
    let at = |field: &str| format!("{file}: [[group]] {} {field}", k + 1);
    let queue_of = |name: &str, at: &str| {
        queues
            .iter()
            .position(|q| q.name == name)
            .ok_or_else(|| Error::input(at, format!("'{name}' names no queue of the portfolio")))
    };
    for (j, s) in raw.skill.iter().enumerate() {
        let field = |name: &str| format!("skill #{} {name}", j + 1);
        let queue = queue_of(&s.queue, &at(&field("queue")))?;
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
        let max = crate::queueing::MAX_CONCURRENCY;
        if let Some(c) = s.concurrency.filter(|c| !(1..=max).contains(c)) {
            return Err(Error::input(
                at(&field("concurrency")),
                format!("must be 1 to {max} sessions per agent, got {c}"),
            ));
        }
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
    Ok(())
}

/// The group's agents in each interval, from exactly one of `agents` (whenever one of its
/// queues is open), `csv` (`start,agents` rows; intervals not listed have none) and
/// `[[group.shift]]` (as `[[staffing.shift]]`).
fn agents(
    k: usize,
    raw: &RawGroup,
    skills: &[Skill],
    queues: &[QueueFacts],
    file: &str,
) -> Result<Vec<u32>> {
    let at = |field: &str| format!("{file}: [[group]] {} {field}", k + 1);
    let horizon = queues[0].scenario;
    match (raw.agents, &raw.csv, raw.shift.is_empty()) {
        (Some(n), None, true) => Ok((0..horizon.intervals.len())
            .map(|i| {
                let open = skills.iter().any(|s| {
                    queues[s.queue]
                        .scenario
                        .intervals
                        .get(i)
                        .is_some_and(|d| d.open)
                });
                if open { n } else { 0 }
            })
            .collect()),
        (None, Some(csv), true) => {
            let base = std::path::Path::new(file)
                .parent()
                .unwrap_or(std::path::Path::new("."));
            read_agents_csv(&base.join(csv), horizon)
        }
        (None, None, false) => crate::scenario::shift_agents(
            &raw.shift,
            file,
            &format!("[[group]] {} shift", k + 1),
            horizon,
        ),
        _ => Err(Error::input(
            at("agents"),
            "give the group's agents one way: `agents = N`, `csv = \"file.csv\"` (start,agents) or [[group.shift]] entries",
        )),
    }
}

/// A `start,agents` CSV over `horizon`'s intervals: each start one of its intervals', each
/// agents a whole number; intervals not listed have none.
fn read_agents_csv(
    path: &std::path::Path,
    horizon: &crate::scenario::Scenario,
) -> Result<Vec<u32>> {
    let name = path.display().to_string();
    let mut reader = ::csv::ReaderBuilder::new()
        .trim(::csv::Trim::All)
        .from_reader(crate::input::open(path)?);
    let headers = reader
        .headers()
        .map_err(|e| Error::input(format!("{name}:1"), e.to_string()))?
        .clone();
    let column = |n: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(n));
    let (Some(start_col), Some(agents_col)) = (column("start"), column("agents")) else {
        return Err(Error::input(
            format!("{name}:1"),
            "needs a 'start' and an 'agents' column",
        ));
    };
    let index: std::collections::HashMap<jiff::civil::DateTime, usize> = horizon
        .intervals
        .iter()
        .enumerate()
        .map(|(i, d)| (d.start, i))
        .collect();
    let mut agents = vec![0; horizon.intervals.len()];
    for record in reader.records() {
        let record = record.map_err(|e| Error::input(&name, e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let at = |col: usize| format!("{name}:{line}: column {}", col + 1);
        let text = record.get(start_col).unwrap_or("");
        let start =
            crate::forecast::parse_start(text).map_err(|m| Error::input(at(start_col), m))?;
        let Some(&i) = index.get(&start) else {
            return Err(Error::input(
                at(start_col),
                format!("{start} is not the start of an interval of the queues' horizon"),
            ));
        };
        let text = record.get(agents_col).unwrap_or("");
        agents[i] = text.parse::<u32>().map_err(|_| {
            Error::input(
                at(agents_col),
                format!("'{text}' is not a whole number of agents ≥ 0"),
            )
        })?;
    }
    Ok(agents)
}

/// `n` agents of one group trained on one more skill: what `simulate --cross-train` compares.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CrossTraining {
    /// The group the agents come from.
    pub group: String,
    /// The queue they learn, taken last in their priority order.
    pub skill: String,
    /// How many, in every interval the group has them.
    pub agents: u32,
}

impl CrossTraining {
    /// Parses `GROUP:SKILL:N` (the last two colons split it, so a group's name may hold one).
    ///
    /// # Errors
    /// A message naming what is missing or not a whole number above 0.
    pub fn parse(text: &str) -> std::result::Result<Self, String> {
        let mut parts = text.rsplitn(3, ':');
        let (Some(n), Some(skill), Some(group)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!(
                "'{text}' is not GROUP:SKILL:N (e.g. chat:voice-en:10)"
            ));
        };
        let agents =
            n.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                format!("'{n}' in '{text}' is not a whole number of agents above 0")
            })?;
        Ok(CrossTraining {
            group: group.to_string(),
            skill: skill.to_string(),
            agents,
        })
    }
}

impl super::Portfolio {
    /// This portfolio with `change.agents` agents of `change.group` moved into a new group
    /// (`GROUP+SKILL`) that has the group's skills and `change.skill` after them; in each
    /// interval at most the agents the group has there move.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] naming `--cross-train` when the portfolio has no groups, the
    /// group or the queue does not exist, or the group has the skill already.
    pub fn cross_trained(&self, change: &CrossTraining) -> Result<Self> {
        let invalid = |allowed: String| {
            Error::invalid(
                "--cross-train",
                format!("{}:{}:{}", change.group, change.skill, change.agents),
                allowed,
            )
        };
        let skills = self
            .skills
            .as_ref()
            .ok_or_else(|| invalid("used on a portfolio with [[group]]s".into()))?;
        let names: Vec<&str> = skills.groups.iter().map(|g| g.name.as_str()).collect();
        let g = names
            .iter()
            .position(|n| *n == change.group)
            .ok_or_else(|| invalid(format!("a group of the portfolio: {}", names.join(", "))))?;
        let queue = self
            .queues
            .iter()
            .position(|q| q.name == change.skill)
            .ok_or_else(|| invalid("a skill naming one of the portfolio's queues".into()))?;
        let group = &skills.groups[g];
        if group.skills.iter().any(|s| s.queue == queue) {
            return Err(invalid(format!(
                "a skill group '{}' does not have yet",
                group.name
            )));
        }
        let moved: Vec<u32> = group.agents.iter().map(|&a| a.min(change.agents)).collect();
        let mut trained = group.clone();
        trained.name = format!("{}+{}", group.name, change.skill);
        trained.skills.push(Skill {
            queue,
            aht_multiplier: 1.0,
            concurrency: None,
        });
        trained.agents = moved.clone();
        let mut portfolio = self.clone();
        let groups = &mut portfolio.skills.as_mut().expect("groups").groups;
        for (a, m) in groups[g].agents.iter_mut().zip(&moved) {
            *a -= m;
        }
        groups.insert(g + 1, trained);
        Ok(portfolio)
    }
}
