//! `[roster]`: the people who work the `[schedule]` templates — a staff list (`agents.csv`), the
//! contracts they work under, and how the roster is judged.
//!
//! ```toml
//! [roster]
//! agents = "agents.csv"          # id,name,contract,skills,unavailable
//! objective = "cover"            # or "cost"
//! absence = 0.08                 # rostered heads cover requirement ÷ (1 − absence)
//!
//! [[roster.contract]]
//! name = "full-time"
//! days_per_week = 5              # or min_days / max_days
//! hours_per_week = "37.5h"       # or min_hours / max_hours
//! min_rest = "11h"
//! max_consecutive_days = 6
//! days_off_together = true
//! weekends_off = "1 in 2"
//! max_start_change = "2h"
//! templates = ["early", "day", "late"]
//! ```

use super::check::Fields;
use super::days::{self, DaySet};
use super::schedule::ScheduleConfig;
use super::schema::{RawContract, RawRoster, RosterObjective};
use crate::error::{Error, Result};
use crate::units::Seconds;
use std::path::Path;

/// One contract's rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    /// Its name, as the staff list gives it.
    pub name: String,
    /// Days worked in each calendar week: (fewest, most).
    pub days: (u32, u32),
    /// Paid hours in each calendar week: (fewest, most), in seconds.
    pub hours: (Seconds, Seconds),
    /// Least time from the end of one shift to the start of the next.
    pub min_rest: Seconds,
    /// Most days worked in a row.
    pub max_consecutive_days: u32,
    /// Each calendar week's days off include two in a row.
    pub days_off_together: bool,
    /// Saturday and Sunday both off at least `.0` times in every `.1` calendar weeks.
    pub weekends_off: Option<(u32, u32)>,
    /// The most a shift's start may move from one worked day to the next.
    pub max_start_change: Option<Seconds>,
    /// The `[schedule]` templates it may work (indices).
    pub templates: Vec<usize>,
}

/// One person on the staff list.
#[derive(Debug, Clone, PartialEq)]
pub struct Agent {
    /// Unique id.
    pub id: String,
    /// Name, for the roster and their calendar.
    pub name: String,
    /// Index into [`RosterConfig::contracts`].
    pub contract: usize,
    /// Queue names they take; empty: the scenario's queue.
    pub skills: Vec<String>,
    /// Days they cannot work: leave, training, fixed days off.
    pub unavailable: DaySet,
    /// The staff list's line, for messages.
    pub line: usize,
}

/// `[roster]`, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterConfig {
    /// The staff list.
    pub agents: Vec<Agent>,
    /// How the roster is judged.
    pub objective: RosterObjective,
    /// Expected unplanned absence: heads rostered per head needed is `1 ÷ (1 − absence)`.
    pub absence: f64,
    /// The contracts.
    pub contracts: Vec<Contract>,
    /// The staff list file.
    pub agents_file: std::path::PathBuf,
    /// Why the staff list is not loaded (the file is not there), or `None`. Only `roster` and
    /// the report's roster need it, so its absence stops them alone: a scenario copied without
    /// its staff list still plans, simulates and schedules.
    pub staff_missing: Option<String>,
}

impl RosterConfig {
    /// Loads the staff list from `text` (the file `file`), checked line by line, replacing any
    /// loaded before; `queue` is the scenario's name.
    ///
    /// # Errors
    /// [`Error::Input`] naming the file and line of the first bad entry.
    pub fn load_staff(&mut self, text: &str, file: &str, queue: &str) -> Result<()> {
        self.agents = staff_list(text, file, &self.contracts, queue)?;
        self.staff_missing = None;
        Ok(())
    }
}

/// The largest staff list.
pub(crate) const MAX_AGENTS: usize = 10_000;

/// Builds `[roster]` over `schedule`'s templates; `base` anchors the staff list's path and
/// `queue` is the scenario's name (the skill an empty `skills` means).
pub(super) fn from_raw(
    raw: &RawRoster,
    schedule: Option<&ScheduleConfig>,
    base: &Path,
    queue: &str,
    fields: Fields,
) -> Result<RosterConfig> {
    let Some(schedule) = schedule else {
        return Err(Error::input(
            fields.at("[roster]"),
            "rosters people on the [schedule] templates: add [[schedule.template]] entries",
        ));
    };
    if !(0.0..0.9).contains(&raw.absence) {
        return Err(fields.invalid("[roster] absence", raw.absence, "from 0 to under 0.9"));
    }
    if raw.contract.is_empty() {
        return Err(Error::input(
            fields.at("[[roster.contract]]"),
            "a roster needs at least one contract",
        ));
    }
    let mut contracts: Vec<Contract> = Vec::with_capacity(raw.contract.len());
    for (k, c) in raw.contract.iter().enumerate() {
        let contract = contract(c, k, schedule, &fields)?;
        if contracts.iter().any(|other| other.name == contract.name) {
            return Err(Error::input(
                fields.at(&format!("[[roster.contract]] {} name", k + 1)),
                format!("two contracts are named '{}'", contract.name),
            ));
        }
        contracts.push(contract);
    }
    let agents_file = base.join(&raw.agents);
    let mut config = RosterConfig {
        agents: Vec::new(),
        objective: raw.objective,
        absence: raw.absence,
        contracts,
        staff_missing: None,
        agents_file: agents_file.clone(),
    };
    let file = agents_file.display().to_string();
    if agents_file.is_file() {
        let text = crate::input::read_text(&agents_file)?;
        config.load_staff(&text, &file, queue)?;
    } else {
        config.staff_missing = Some(format!(
            "[roster] agents: '{file}' does not exist or is not a file"
        ));
    }
    Ok(config)
}

/// One contract checked against the templates it may work.
///
/// Over 80 lines: each field of the contract checked in the order of the file.
fn contract(
    c: &RawContract,
    k: usize,
    schedule: &ScheduleConfig,
    fields: &Fields,
) -> Result<Contract> {
    let at = |field: &str| fields.at(&format!("[[roster.contract]] '{}' {field}", c.name));
    if c.name.trim().is_empty() {
        return Err(Error::input(
            fields.at(&format!("[[roster.contract]] {} name", k + 1)),
            "must not be empty",
        ));
    }
    let (days, hours) = days_and_hours(c, &at)?;
    let min_rest = c.min_rest.unwrap_or(Seconds(0.0));
    if min_rest.get() < 0.0 || min_rest.get() > 7.0 * 24.0 * 3600.0 {
        return Err(Error::input(at("min_rest"), "must be 0 to 168 h"));
    }
    if min_rest.get() >= 24.0 * 3600.0 && days.0 == 7 {
        return Err(Error::input(
            at("min_rest"),
            format!(
                "{} h of rest between shifts leaves no day for a shift every day: 7 days a week cannot be worked",
                min_rest.hours()
            ),
        ));
    }
    let max_consecutive_days = c.max_consecutive_days.unwrap_or(7 * 53);
    if max_consecutive_days == 0 && days.0 > 0 {
        return Err(Error::input(
            at("max_consecutive_days"),
            "0 days in a row leaves no day to work",
        ));
    }
    let weekends_off = c
        .weekends_off
        .as_deref()
        .map(|w| weekends(w).ok_or_else(|| Error::input(at("weekends_off"), format!("'{w}' is not 'N in M' (e.g. \"1 in 2\": Saturday and Sunday off at least once every 2 weeks) with 1 ≤ N ≤ M ≤ 52"))))
        .transpose()?;
    if c.days_off_together && days.0 > 5 {
        return Err(Error::input(
            at("days_off_together"),
            format!(
                "{} days worked a week leave no two days off in a row",
                days.0
            ),
        ));
    }
    let templates = match &c.templates {
        None => (0..schedule.templates.len()).collect(),
        Some(names) => names
            .iter()
            .map(|n| {
                schedule
                    .templates
                    .iter()
                    .position(|t| &t.name == n)
                    .ok_or_else(|| {
                        Error::input(
                            at("templates"),
                            format!("'{n}' names no [[schedule.template]]"),
                        )
                    })
            })
            .collect::<Result<Vec<usize>>>()?,
    };
    if templates.is_empty() {
        return Err(Error::input(
            at("templates"),
            "no template fits: list at least one [[schedule.template]] it may work",
        ));
    }
    check_hours(c, days, hours, &templates, schedule, &at)?;
    Ok(Contract {
        name: c.name.clone(),
        days,
        hours,
        min_rest,
        max_consecutive_days,
        days_off_together: c.days_off_together,
        weekends_off,
        max_start_change: c.max_start_change,
        templates,
    })
}

/// A contract's days and paid hours a week: exact, or a range (both checked).
fn days_and_hours(
    c: &RawContract,
    at: &dyn Fn(&str) -> String,
) -> Result<((u32, u32), (Seconds, Seconds))> {
    let days = match (c.days_per_week, c.min_days, c.max_days) {
        (Some(d), None, None) => (d, d),
        (None, min, max) => (min.unwrap_or(0), max.unwrap_or(7)),
        _ => {
            return Err(Error::input(
                at("days_per_week"),
                "give days_per_week, or min_days / max_days, not both",
            ));
        }
    };
    if days.0 > days.1 || days.1 > 7 {
        return Err(Error::input(
            at("days_per_week"),
            format!(
                "days per week must be 0 to 7 with min ≤ max, got {} to {}",
                days.0, days.1
            ),
        ));
    }
    let week = Seconds(7.0 * 24.0 * 3600.0);
    let hours = match (c.hours_per_week, c.min_hours, c.max_hours) {
        (Some(h), None, None) => (h, h),
        (None, min, max) => (min.unwrap_or(Seconds(0.0)), max.unwrap_or(week)),
        _ => {
            return Err(Error::input(
                at("hours_per_week"),
                "give hours_per_week, or min_hours / max_hours, not both",
            ));
        }
    };
    if hours.0.get() > hours.1.get() || hours.0.get() < 0.0 || hours.1.get() > week.get() {
        return Err(Error::input(
            at("hours_per_week"),
            format!(
                "hours per week must be 0 to 168 h with min ≤ max, got {} to {} h",
                hours.0.hours(),
                hours.1.hours()
            ),
        ));
    }
    Ok((days, hours))
}

/// `"N in M"`.
fn weekends(text: &str) -> Option<(u32, u32)> {
    let (n, m) = text.split_once(" in ")?;
    let (n, m): (u32, u32) = (n.trim().parse().ok()?, m.trim().parse().ok()?);
    (1 <= n && n <= m && m <= 52).then_some((n, m))
}

/// Refuses hours no number of the contract's shifts can make: some number of days `d` in its
/// range must reach its hours with shifts of its templates' paid lengths.
fn check_hours(
    c: &RawContract,
    days: (u32, u32),
    hours: (Seconds, Seconds),
    templates: &[usize],
    schedule: &ScheduleConfig,
    at: &dyn Fn(&str) -> String,
) -> Result<()> {
    let paid: Vec<f64> = templates
        .iter()
        .map(|&t| paid_seconds(&schedule.templates[t]))
        .collect();
    let shortest = paid.iter().copied().fold(f64::INFINITY, f64::min);
    let longest = paid.iter().copied().fold(0.0, f64::max);
    let fits = (days.0..=days.1).any(|d| {
        let d = f64::from(d);
        d * shortest <= hours.1.get() + 1e-6 && d * longest >= hours.0.get() - 1e-6
    });
    if !fits {
        return Err(Error::input(
            at("hours_per_week"),
            format!(
                "no number of its shifts makes its hours: {} to {} days of {}–{} paid hours cannot give {} to {} h a week (templates {})",
                days.0,
                days.1,
                shortest / 3600.0,
                longest / 3600.0,
                hours.0.hours(),
                hours.1.hours(),
                c.templates.as_ref().map_or("all".into(), |t| t.join(", "))
            ),
        ));
    }
    Ok(())
}

/// The paid length of one shift of `template`: its length less its unpaid breaks.
pub fn paid_seconds(template: &super::Template) -> f64 {
    template.length.get()
        - template
            .breaks
            .iter()
            .filter(|b| !b.paid)
            .map(|b| b.length.get())
            .sum::<f64>()
}

/// Reads the staff list `text` (the file `file`): `id,name,contract,skills,unavailable`, a header
/// first; every line checked (the file and line named in errors).
fn staff_list(text: &str, file: &str, contracts: &[Contract], queue: &str) -> Result<Vec<Agent>> {
    let names: Vec<&str> = contracts.iter().map(|c| c.name.as_str()).collect();
    staff_rows(
        text,
        file,
        &names,
        &|agent, at| match agent.skills.iter().find(|s| *s != queue) {
            Some(unknown) => Err(Error::input(
                at,
                format!(
                    "agent '{}' has the skill '{unknown}': this scenario's queue is '{queue}'",
                    agent.id
                ),
            )),
            None => Ok(()),
        },
    )
}

/// The staff list's rows: each agent's contract by its index in `names`, each row checked by
/// `check` (its skills).
///
/// Over 80 lines: the header, then each line's fields checked in the order of the file.
fn staff_rows(
    text: &str,
    file: &str,
    names: &[&str],
    check: &dyn Fn(&Agent, &str) -> Result<()>,
) -> Result<Vec<Agent>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::input(file, e.to_string()))?
        .clone();
    let expected = ["id", "name", "contract", "skills", "unavailable"];
    if headers.iter().collect::<Vec<_>>() != expected {
        return Err(Error::input(
            format!("{file}:1"),
            format!(
                "the header must be {}, got {}",
                expected.join(","),
                headers.iter().collect::<Vec<_>>().join(",")
            ),
        ));
    }
    let mut agents: Vec<Agent> = Vec::new();
    for (k, record) in reader.records().enumerate() {
        let line = k + 2;
        let at = format!("{file}:{line}");
        let record = record.map_err(|e| Error::input(&at, e.to_string()))?;
        let (id, name, contract, skills, unavailable) =
            (&record[0], &record[1], &record[2], &record[3], &record[4]);
        if id.is_empty() {
            return Err(Error::input(&at, "id must not be empty"));
        }
        if let Some(first) = agents.iter().find(|a| a.id == id) {
            return Err(Error::input(
                &at,
                format!(
                    "agent id '{id}' is also on line {}: ids are unique",
                    first.line
                ),
            ));
        }
        let skills: Vec<String> = skills
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let mut set = DaySet::default();
        for entry in unavailable
            .split(';')
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            days::add(&mut set, entry, &format!("{at}: agent '{id}' unavailable"))?;
        }
        let mut agent = Agent {
            id: id.to_string(),
            name: name.to_string(),
            contract: 0,
            skills,
            unavailable: set,
            line,
        };
        check(&agent, &at)?;
        agent.contract = names.iter().position(|c| *c == contract).ok_or_else(|| {
            Error::input(
                &at,
                format!(
                    "agent '{id}' has contract '{contract}', which no [[roster.contract]] names ({})",
                    names.join(", ")
                ),
            )
        })?;
        agents.push(agent);
        if agents.len() > MAX_AGENTS {
            return Err(Error::input(
                file,
                format!("more than {MAX_AGENTS} agents: roster a smaller team at a time"),
            ));
        }
    }
    if agents.is_empty() {
        return Err(Error::input(file, "the staff list has no agents"));
    }
    Ok(agents)
}

/// One group of a portfolio, as its people need it: its name, its skills (queue names) and its
/// shift templates.
pub struct GroupFacts<'a> {
    /// The group's name.
    pub name: &'a str,
    /// Its queues, by name.
    pub skills: Vec<&'a str>,
    /// Its `[group.schedule]`.
    pub schedule: Option<&'a ScheduleConfig>,
    /// The queue name its people's checks use (its first skill).
    pub queue: &'a str,
}

/// The group of `groups` whose skills are `agent`'s, as a set.
fn group_of(groups: &[GroupFacts], agent: &Agent) -> Option<usize> {
    let mut theirs: Vec<&str> = agent.skills.iter().map(String::as_str).collect();
    theirs.sort_unstable();
    groups.iter().position(|g| {
        let mut skills = g.skills.clone();
        skills.sort_unstable();
        skills == theirs
    })
}

/// A portfolio's `[roster]` over its groups: each person belongs to the group whose skills are
/// theirs (as a set), and each group's contracts work its own templates (the names a contract
/// lists that the group has). `None` for a group nobody belongs to; with the staff list missing,
/// none loaded and why.
///
/// # Errors
/// [`Error::Input`] for a person whose skills no group has, people in a group without
/// templates, and every error of a scenario's `[roster]`.
///
/// Over 80 lines: the staff list read once, then each group's people and contracts in turn.
pub(crate) fn group_rosters(
    raw: &RawRoster,
    groups: &[GroupFacts],
    base: &Path,
    file: &str,
) -> Result<(Vec<Option<RosterConfig>>, Option<String>)> {
    let fields = Fields { file };
    if !(0.0..0.9).contains(&raw.absence) {
        return Err(fields.invalid("[roster] absence", raw.absence, "from 0 to under 0.9"));
    }
    let agents_file = base.join(&raw.agents);
    let shown = agents_file.display().to_string();
    if !agents_file.is_file() {
        return Ok((
            groups.iter().map(|_| None).collect(),
            Some(format!(
                "[roster] agents: '{shown}' does not exist or is not a file"
            )),
        ));
    }
    let text = crate::input::read_text(&agents_file)?;
    let names: Vec<&str> = raw.contract.iter().map(|c| c.name.as_str()).collect();
    let agents = staff_rows(
        &text,
        &shown,
        &names,
        &|agent, at| match group_of(groups, agent) {
            Some(_) => Ok(()),
            None => Err(Error::input(
                at,
                format!(
                    "agent '{}' has the skills '{}', which no [[group]] has ({})",
                    agent.id,
                    agent.skills.join(";"),
                    groups
                        .iter()
                        .map(|g| format!("{}: {}", g.name, g.skills.join(";")))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        },
    )?;
    let mut configs = Vec::with_capacity(groups.len());
    for (g, group) in groups.iter().enumerate() {
        let members: Vec<Agent> = agents
            .iter()
            .filter(|a| group_of(groups, a) == Some(g))
            .cloned()
            .collect();
        if members.is_empty() {
            configs.push(None);
            continue;
        }
        let Some(schedule) = group.schedule else {
            return Err(Error::input(
                fields.at(&format!("[[group]] '{}'", group.name)),
                format!(
                    "{} on the staff list work this group, which has no [group.schedule] templates to roster them on",
                    members.len()
                ),
            ));
        };
        let mut contracts = Vec::with_capacity(raw.contract.len());
        for (k, c) in raw.contract.iter().enumerate() {
            // The names this group has; the contract's own when none (to say which is missing).
            let mut own = c.clone();
            if let Some(names) = &c.templates {
                let here: Vec<String> = names
                    .iter()
                    .filter(|n| schedule.templates.iter().any(|t| &t.name == *n))
                    .cloned()
                    .collect();
                if !here.is_empty() {
                    own.templates = Some(here);
                }
            }
            contracts.push(contract(&own, k, schedule, &fields)?);
        }
        configs.push(Some(RosterConfig {
            agents: members,
            objective: raw.objective,
            absence: raw.absence,
            contracts,
            agents_file: agents_file.clone(),
            staff_missing: None,
        }));
    }
    Ok((configs, None))
}
