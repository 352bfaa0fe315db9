//! A portfolio of queues: a file that lists scenarios (`[[queue]] scenario = "voice.toml"`)
//! instead of being one, planned and simulated queue by queue with dedicated agents, and
//! totalled across them.
//!
//! Each queue keeps its own agents (shared agents across queues are a later step). Queues must
//! share one interval length, so their staffing curves add up interval by interval. A queue is a
//! scenario: a portfolio listed as a queue is refused, so portfolios nest one level and cannot
//! include themselves, directly or through another file.

mod grid;
mod skills;

pub use grid::GroupSweep;
pub use skills::{Arrival, CrossTraining, FreeAgent, Group, Routing, Skill, Skills};

use crate::error::{Error, Result};
use crate::plan::{Plan, PlanSummary};
pub use crate::scenario::is_portfolio;
use crate::scenario::{Inherited, Scenario};
use crate::sim::SimulationResult;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// One queue of a portfolio: its name and its validated scenario.
#[derive(Debug, Clone)]
pub struct Queue {
    /// Unique within the portfolio: `[[queue]] name`, or the scenario's name.
    pub name: String,
    /// The queue's scenario.
    pub scenario: Scenario,
}

/// A validated portfolio.
#[derive(Debug, Clone)]
pub struct Portfolio {
    /// `name`, or the file name without `.toml`.
    pub name: String,
    /// One line for reports.
    pub description: String,
    /// The portfolio file.
    pub source: PathBuf,
    /// The queues, in file order.
    pub queues: Vec<Queue>,
    /// Agents with several skills shared across the queues (`[[group]]` and `[routing]`);
    /// `None`: dedicated teams, each queue staffed by its own `[staffing]`.
    pub skills: Option<Skills>,
    /// The portfolio's own `[sweep]` (with groups only: dedicated queues sweep their own).
    pub sweep: Option<GroupSweep>,
    /// The people who work the groups (`[roster]`, with groups only).
    pub roster: Option<GroupRosters>,
}

/// A portfolio's `[roster]`: each group's people and contracts.
#[derive(Debug, Clone)]
pub struct GroupRosters {
    /// Per group, in file order: its people under their contracts on its templates; `None`
    /// when nobody on the staff list has its skills.
    pub groups: Vec<Option<crate::scenario::RosterConfig>>,
    /// Why the staff list is not loaded (the file is not there), or `None`.
    pub staff_missing: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPortfolio {
    name: Option<String>,
    #[serde(default)]
    description: String,
    queue: Vec<RawQueue>,
    #[serde(default)]
    group: Vec<skills::RawGroup>,
    routing: Option<Routing>,
    sweep: Option<grid::RawGroupSweep>,
    roster: Option<crate::scenario::RawRoster>,
    /// Read and checked by [`Inherited::from_portfolio`].
    #[serde(rename = "cost")]
    _cost: Option<serde::de::IgnoredAny>,
    #[serde(rename = "bid")]
    _bid: Option<serde::de::IgnoredAny>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQueue {
    scenario: PathBuf,
    name: Option<String>,
}

impl Portfolio {
    /// Reads and validates a portfolio file and every queue's scenario.
    pub fn load(path: &Path) -> Result<Self> {
        let text = crate::input::read_text(path)?;
        Self::from_toml(&text, path)
    }

    /// Parses and validates portfolio text; `path` names the file and anchors the queues' paths.
    ///
    /// Over 80 lines: checks each field of the portfolio file in the order of the file, each a few
    /// lines.
    pub fn from_toml(text: &str, path: &Path) -> Result<Self> {
        let file = path.display().to_string();
        let at = |field: &str| format!("{file}: {field}");
        let raw: RawPortfolio =
            toml::from_str(text).map_err(|e| Error::input(&file, e.message().to_string()))?;
        let inherited = Inherited::from_portfolio(text, path)?;
        if raw.queue.is_empty() {
            return Err(Error::input(
                at("[[queue]]"),
                "a portfolio needs at least one queue",
            ));
        }
        let base = path.parent().unwrap_or(Path::new("."));
        let own = path.canonicalize().ok();
        let mut queues: Vec<Queue> = Vec::with_capacity(raw.queue.len());
        for (k, q) in raw.queue.iter().enumerate() {
            let field = at(&format!("[[queue]] {} scenario", k + 1));
            let queue_path = base.join(&q.scenario);
            if !queue_path.is_file() {
                return Err(Error::input(
                    field,
                    format!("'{}' does not exist or is not a file", queue_path.display()),
                ));
            }
            if own.is_some() && queue_path.canonicalize().ok() == own {
                return Err(Error::input(field, "the portfolio includes itself"));
            }
            let queue_text = crate::input::read_text(&queue_path)?;
            if is_portfolio(&queue_text) {
                return Err(Error::input(
                    field,
                    format!(
                        "'{}' is itself a portfolio: a queue must be a scenario (portfolios nest one level)",
                        queue_path.display()
                    ),
                ));
            }
            let scenario = Scenario::from_toml_inheriting(&queue_text, &queue_path, &inherited)?;
            let name = q.name.clone().unwrap_or_else(|| scenario.name.clone());
            if name.trim().is_empty() {
                return Err(Error::input(
                    at(&format!("[[queue]] {} name", k + 1)),
                    "must not be empty",
                ));
            }
            if queues.iter().any(|other| other.name == name) {
                return Err(Error::input(
                    at(&format!("[[queue]] {} name", k + 1)),
                    format!("two queues are named '{name}': give each a unique name"),
                ));
            }
            if let Some(first) = queues.first()
                && first.scenario.interval != scenario.interval
            {
                return Err(Error::input(
                    field,
                    format!(
                        "queue '{name}' has {} intervals and '{}' has {}: a portfolio's queues share one interval length",
                        scenario.interval, first.name, first.scenario.interval
                    ),
                ));
            }
            if let Some(first) = queues
                .iter()
                .find(|q| q.scenario.cost.hourly_cost.is_some())
                && scenario.cost.hourly_cost.is_some()
                && first.scenario.cost.currency != scenario.cost.currency
            {
                return Err(Error::input(
                    at(&format!("[[queue]] {} scenario", k + 1)),
                    format!(
                        "queue '{name}' costs in {} and '{}' in {}: a portfolio's costs add up in one currency",
                        scenario.cost.currency, first.name, first.scenario.cost.currency
                    ),
                ));
            }
            queues.push(Queue { name, scenario });
        }
        let name = match raw.name {
            Some(name) if !name.trim().is_empty() => name,
            Some(_) => return Err(Error::input(at("name"), "must not be empty")),
            None => path
                .file_stem()
                .map_or("portfolio".into(), |s| s.to_string_lossy().into_owned()),
        };
        let skills = shared_agents(raw.group, raw.routing, &queues, &file)?;
        let sweep = group_sweep(raw.sweep, skills.is_some(), &file)?;
        let roster = group_rosters(raw.roster, skills.as_ref(), &queues, base, &file)?;
        Ok(Portfolio {
            name,
            description: raw.description,
            source: path.to_path_buf(),
            queues,
            skills,
            sweep,
            roster,
        })
    }

    /// Warnings of every queue, prefixed with the queue's name; with groups, a note that the
    /// queues' own `[staffing]` is not used.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings: Vec<String> = self
            .queues
            .iter()
            .flat_map(|q| {
                q.scenario
                    .warnings
                    .iter()
                    .map(move |w| format!("{}: {w}", q.name))
            })
            .collect();
        if self.skills.is_some() {
            warnings.push(
                "the queues' own [staffing] is not used: the portfolio's [[group]]s staff them"
                    .to_string(),
            );
        }
        warnings
    }
}

/// The portfolio's own `[sweep]`: only with groups.
fn group_sweep(
    raw: Option<grid::RawGroupSweep>,
    has_groups: bool,
    file: &str,
) -> Result<Option<GroupSweep>> {
    Ok(match (raw, has_groups) {
        (None, _) => None,
        (Some(_), false) => {
            return Err(Error::input(
                format!("{file}: [sweep]"),
                "a portfolio's own [sweep] is the grid for shared agents ([[group]]s); dedicated queues sweep with their own scenario's [sweep]",
            ));
        }
        (Some(raw), true) => Some(GroupSweep::of(raw, file)?),
    })
}

/// The portfolio's `[roster]` over its groups (see [`crate::scenario::group_rosters`]).
fn group_rosters(
    raw: Option<crate::scenario::RawRoster>,
    skills: Option<&Skills>,
    queues: &[Queue],
    base: &Path,
    file: &str,
) -> Result<Option<GroupRosters>> {
    Ok(match (raw, skills) {
        (None, _) => None,
        (Some(_), None) => {
            return Err(Error::input(
                format!("{file}: [roster]"),
                "a portfolio's [roster] is for people with several skills ([[group]]s); dedicated queues roster their own scenario's [roster]",
            ));
        }
        (Some(raw), Some(skills)) => {
            let facts: Vec<crate::scenario::GroupFacts> = skills
                .groups
                .iter()
                .map(|g| crate::scenario::GroupFacts {
                    name: &g.name,
                    skills: g
                        .skills
                        .iter()
                        .map(|s| queues[s.queue].name.as_str())
                        .collect(),
                    schedule: g.schedule.as_ref(),
                    queue: &queues[g.skills[0].queue].name,
                })
                .collect();
            let (groups, staff_missing) = crate::scenario::group_rosters(&raw, &facts, base, file)?;
            Some(GroupRosters {
                groups,
                staff_missing,
            })
        }
    })
}

/// The portfolio's `[[group]]`s and `[routing]` over its `queues`: `None` without groups
/// (dedicated teams); `[routing]` alone is refused.
fn shared_agents(
    groups: Vec<skills::RawGroup>,
    routing: Option<Routing>,
    queues: &[Queue],
    file: &str,
) -> Result<Option<Skills>> {
    Ok(match (groups.is_empty(), routing) {
        (true, None) => None,
        (true, Some(_)) => {
            return Err(Error::input(
                format!("{file}: [routing]"),
                "routes contacts to [[group]]s of agents: declare the groups, or remove [routing]",
            ));
        }
        (false, routing) => {
            let facts: Vec<skills::QueueFacts> = queues
                .iter()
                .map(|q| skills::QueueFacts {
                    name: &q.name,
                    chat: matches!(q.scenario.channel, crate::scenario::Channel::Chat { .. }),
                    scenario: &q.scenario,
                })
                .collect();
            Some(skills::skills(&groups, routing, &facts, file)?)
        }
    })
}

/// Totals across a portfolio's queues (or one channel's queues).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Totals {
    /// Σ required agents × interval hours.
    pub required_agent_hours: f64,
    /// Σ paid (scheduled) agents × interval hours.
    pub scheduled_agent_hours: f64,
    /// Σ full-time equivalents: each queue's paid hours ÷ (its `[cost] hours_per_fte_week` ×
    /// the working weeks of its horizon, [`Scenario::fte_weeks`]).
    pub fte: f64,
    /// Σ labour cost; `None` unless every queue has `[cost] hourly_cost`.
    pub labour_cost: Option<f64>,
    /// Σ labour cost and fixed overheads; `None` unless every queue has a cost.
    pub total_cost: Option<f64>,
    /// Contacts (sessions, items) offered.
    pub offered: f64,
    /// Answered (handled; for outbound, right-party contacts reached).
    pub answered: f64,
    /// `total_cost ÷ answered`: blended across channels.
    pub cost_per_contact: Option<f64>,
}

/// One channel's totals within a portfolio.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ChannelTotals {
    /// "voice", "chat", "email", "backoffice" or "outbound".
    pub channel: &'static str,
    /// Queues of this channel.
    pub queues: usize,
    /// Their totals.
    #[serde(flatten)]
    pub totals: Totals,
}

impl Totals {
    /// A queue's planned figures.
    pub fn planned(summary: &PlanSummary, scenario: &Scenario) -> Self {
        let t = &summary.totals;
        Totals {
            required_agent_hours: t.required_agent_hours,
            scheduled_agent_hours: t.scheduled_agent_hours,
            fte: t.scheduled_agent_hours
                / (scenario.cost.hours_per_fte_week * scenario.fte_weeks()),
            labour_cost: t.labour_cost,
            total_cost: summary.total_cost,
            offered: t.offered,
            answered: t.answered,
            cost_per_contact: summary
                .total_cost
                .and_then(|c| crate::cost::per_contact(c, t.answered)),
        }
    }

    /// A queue's simulated figures: the plan's hours and cost, the simulated contacts (means
    /// over replications).
    pub fn simulated(
        summary: &PlanSummary,
        scenario: &Scenario,
        result: &SimulationResult,
    ) -> Self {
        let answered = result.run.answered.map_or(0.0, |e| e.mean);
        Totals {
            offered: result.run.offered.map_or(0.0, |e| e.mean),
            answered,
            cost_per_contact: summary
                .total_cost
                .and_then(|c| crate::cost::per_contact(c, answered)),
            ..Self::planned(summary, scenario)
        }
    }
}

/// The totals of queues' `figures`.
pub fn totals<'a>(figures: impl IntoIterator<Item = &'a Totals>) -> Totals {
    let mut t = Totals {
        required_agent_hours: 0.0,
        scheduled_agent_hours: 0.0,
        fte: 0.0,
        labour_cost: Some(0.0),
        total_cost: Some(0.0),
        offered: 0.0,
        answered: 0.0,
        cost_per_contact: None,
    };
    for f in figures {
        t.required_agent_hours += f.required_agent_hours;
        t.scheduled_agent_hours += f.scheduled_agent_hours;
        t.fte += f.fte;
        t.labour_cost = t.labour_cost.zip(f.labour_cost).map(|(a, b)| a + b);
        t.total_cost = t.total_cost.zip(f.total_cost).map(|(a, b)| a + b);
        t.offered += f.offered;
        t.answered += f.answered;
    }
    t.cost_per_contact = t
        .total_cost
        .and_then(|c| crate::cost::per_contact(c, t.answered));
    t
}

/// Totals by channel, in the order channels first appear among `queues`.
pub fn by_channel(queues: &[Queue], figures: &[Totals]) -> Vec<ChannelTotals> {
    let mut channels: Vec<&'static str> = Vec::new();
    for q in queues {
        let kind = q.scenario.channel.kind();
        if !channels.contains(&kind) {
            channels.push(kind);
        }
    }
    channels
        .into_iter()
        .map(|channel| {
            let of: Vec<&Totals> = queues
                .iter()
                .zip(figures)
                .filter(|(q, _)| q.scenario.channel.kind() == channel)
                .map(|(_, f)| f)
                .collect();
            ChannelTotals {
                channel,
                queues: of.len(),
                totals: totals(of),
            }
        })
        .collect()
}

/// Plans every queue.
pub fn plan(portfolio: &Portfolio) -> Result<Vec<Plan>> {
    portfolio
        .queues
        .iter()
        .map(|q| crate::plan::plan(&q.scenario))
        .collect()
}
