//! `[schedule]`: the shift templates a centre offers, from which `staffsim schedule` picks whole
//! agents per start to cover the requirement at least cost.

use super::Staffing;
use super::check::Fields;
use super::days::{self, DaySet};
use super::schema::{RawSchedule, RawTemplate, ScheduleKeep, ScheduleObjective};
use crate::error::{Error, Result};
use crate::forecast::ClockTime;
use crate::units::{SECONDS_PER_DAY, Seconds};

/// What the schedule optimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Objective {
    /// Every open interval staffed at or above its requirement, at least cost.
    Cover,
    /// At least cost such that every open day's simulated P(meet target) reaches the confidence.
    Service,
}

/// The validated `[schedule]`.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleConfig {
    /// What to optimise.
    pub objective: Objective,
    /// Keep the scenario's roster and only add shifts.
    pub keep_roster: bool,
    /// The most agents on the phones in any interval (roster included).
    pub max_agents: Option<u32>,
    /// The shifts on offer.
    pub templates: Vec<Template>,
}

/// A shift on offer: its starts, length, days, cost and breaks.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// Its name in reports and in `--roster-out`.
    pub name: String,
    /// Every start time of day it may take.
    pub starts: Vec<ClockTime>,
    /// Length, at most 24 h; may run past midnight.
    pub length: Seconds,
    /// The days it may be worked.
    pub days: DaySet,
    /// Cost per paid hour; `None` uses `[cost] hourly_cost`.
    pub hourly_cost: Option<f64>,
    /// Fewest agents per start (on every day it is offered).
    pub min_agents: u32,
    /// Most agents per start.
    pub max_agents: Option<u32>,
    /// Breaks the optimiser places.
    pub breaks: Vec<BreakRule>,
}

/// A break placed by the optimiser inside a window of the shift.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreakRule {
    /// How long.
    pub length: Seconds,
    /// The window opens this long after the shift's start …
    pub earliest: Seconds,
    /// … and closes this long after it: the break lies wholly inside.
    pub latest: Seconds,
    /// Paid (counts in paid hours) or not.
    pub paid: bool,
}

/// Builds `[schedule]` for a horizon of `interval`-long intervals and its `staffing`.
pub(super) fn from_raw(
    raw: &RawSchedule,
    interval: Seconds,
    staffing: &Staffing,
    fields: Fields,
) -> Result<ScheduleConfig> {
    let keep_roster = raw.keep == ScheduleKeep::Roster;
    if keep_roster && !matches!(staffing, Staffing::Roster(_)) {
        return Err(Error::input(
            fields.at("[schedule] keep"),
            "\"roster\" keeps the scenario's roster, but [staffing] has none: set method = \"roster\" with [[staffing.shift]] entries, or keep = \"none\"",
        ));
    }
    if let Some(n) = raw.max_agents
        && n > crate::queueing::MAX_SERVERS
    {
        return Err(Error::input(
            fields.at("[schedule] max_agents"),
            format!(
                "must be at most {} agents an interval, got {n}",
                crate::queueing::MAX_SERVERS
            ),
        ));
    }
    if raw.template.is_empty() {
        return Err(Error::input(
            fields.at("[schedule]"),
            "needs at least one [[schedule.template]]",
        ));
    }
    let templates = raw
        .template
        .iter()
        .enumerate()
        .map(|(k, t)| template(k, t, interval, fields))
        .collect::<Result<Vec<_>>>()?;
    let ways: u64 = templates.iter().map(|t| t.ways_per_day(interval)).sum();
    if ways > MAX_WAYS_PER_DAY {
        return Err(Error::input(
            fields.at("[[schedule.template]]"),
            format!(
                "the {} templates give up to {ways} ways to work a day (starts × break placements), more than the {MAX_WAYS_PER_DAY} the optimiser takes: fewer templates, starts or break positions",
                templates.len()
            ),
        ));
    }
    for (k, t) in templates.iter().enumerate() {
        if templates[..k].iter().any(|o| o.name == t.name) {
            return Err(Error::input(
                fields.at(&format!("[[schedule.template]] #{} name", k + 1)),
                format!("'{}' is already the name of another template", t.name),
            ));
        }
    }
    Ok(ScheduleConfig {
        objective: match raw.objective {
            ScheduleObjective::Cover => Objective::Cover,
            ScheduleObjective::Service => Objective::Service,
        },
        keep_roster,
        max_agents: raw.max_agents,
        templates,
    })
}

/// The most ways to work the templates on one day: every start of every template offered that
/// day times every placement of its breaks. Each is a column of the scheduling programme, so
/// this bounds its size (and memory) per day before anything is built.
pub(super) const MAX_WAYS_PER_DAY: u64 = 20_000;

/// The most agents a template may put on one start (its `min_agents` and `max_agents`).
const MAX_AGENTS_PER_START: u32 = 100_000;

/// Whether `seconds` is a whole number of intervals (zero included).
fn aligned(seconds: f64, interval: Seconds) -> bool {
    let n = seconds / interval.get();
    (n - n.round()).abs() < 1e-9
}

/// Whether `seconds` is a whole number of intervals, at least one: a length or a step of
/// 1e-7 s rounds to zero intervals and is refused.
fn whole_intervals(seconds: f64, interval: Seconds) -> bool {
    aligned(seconds, interval) && (seconds / interval.get()).round() >= 1.0
}

impl Template {
    /// An upper bound on the placements of its breaks: each break's positions in its window on
    /// the interval grid, multiplied (overlapping placements are dropped later).
    pub fn placement_bound(&self, interval: Seconds) -> u64 {
        self.breaks.iter().fold(1u64, |ways, b| {
            let positions = ((b.latest.get() - b.earliest.get() - b.length.get()) / interval.get())
                .round() as u64
                + 1;
            ways.saturating_mul(positions)
        })
    }

    /// An upper bound on the ways to work it on one day it is offered.
    pub fn ways_per_day(&self, interval: Seconds) -> u64 {
        (self.starts.len() as u64).saturating_mul(self.placement_bound(interval))
    }
}

/// One `[[schedule.template]]`, the `k`-th from 0: its length, starts, days, rate, agents a start
/// and break rules, and no more ways to work it a day than the optimiser takes.
fn template(k: usize, raw: &RawTemplate, interval: Seconds, fields: Fields) -> Result<Template> {
    let at = |name: &str| fields.at(&format!("[[schedule.template]] #{} {name}", k + 1));
    let name = raw
        .name
        .clone()
        .unwrap_or_else(|| format!("template {}", k + 1));
    let length = raw.length.get();
    if !(length > 0.0 && length <= f64::from(SECONDS_PER_DAY)) {
        return Err(Error::input(
            at("length"),
            format!("must be more than 0 and at most 24h, got {}", raw.length),
        ));
    }
    if !whole_intervals(length, interval) {
        return Err(Error::input(
            at("length"),
            format!(
                "must be a whole number of {interval} intervals, got {}",
                raw.length
            ),
        ));
    }
    let starts = starts(raw, interval, &at)?;
    let days = days::parse(raw.days.as_deref(), &at("days"))?;
    let hourly_cost = raw
        .hourly_cost
        .map(|c| {
            fields.in_range(
                &format!("[[schedule.template]] #{} hourly_cost", k + 1),
                c,
                0.0..=1e6,
                "between 0 and 1,000,000 per hour",
            )
        })
        .transpose()?;
    let min_agents = agents_per_start(raw, &at)?;
    let breaks = raw
        .breaks
        .iter()
        .enumerate()
        .map(|(b, rb)| {
            break_rule(rb, raw.length, interval, &|name| {
                at(&format!("break #{} {name}", b + 1))
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let template = Template {
        name,
        starts,
        length: raw.length,
        days,
        hourly_cost,
        min_agents,
        max_agents: raw.max_agents,
        breaks,
    };
    let ways = template.ways_per_day(interval);
    if ways > MAX_WAYS_PER_DAY {
        return Err(Error::input(
            at("break"),
            format!(
                "{} starts × up to {} placements of its breaks is {ways} ways to work it a day, more than the {MAX_WAYS_PER_DAY} the optimiser takes: narrow the break windows, use fewer breaks or fewer starts",
                template.starts.len(),
                template.placement_bound(interval)
            ),
        ));
    }
    Ok(template)
}

/// The template's starts: one `start`, or every `start_every` from `start_from` to `start_to`,
/// each on an interval boundary of the day.
fn starts(
    raw: &RawTemplate,
    interval: Seconds,
    at: &dyn Fn(&str) -> String,
) -> Result<Vec<ClockTime>> {
    let starts = match (raw.start, raw.start_from, raw.start_to) {
        (Some(start), None, None) => vec![start.0],
        (None, Some(from), Some(to)) => {
            if from.0.seconds() > to.0.seconds() {
                return Err(Error::input(
                    at("start_from"),
                    format!("{} is after start_to {}", from.0, to.0),
                ));
            }
            let every = raw.start_every.unwrap_or(interval);
            if !whole_intervals(every.get(), interval) {
                return Err(Error::input(
                    at("start_every"),
                    format!("must be a whole number of {interval} intervals, got {every}"),
                ));
            }
            let mut starts = Vec::new();
            let mut s = f64::from(from.0.seconds());
            while s <= f64::from(to.0.seconds()) + 1e-9 {
                starts.push(ClockTime::from_seconds(s.round() as u32).expect("within the day"));
                s += every.get();
            }
            starts
        }
        (None, None, None) => {
            return Err(Error::input(
                at("start"),
                "is required: a start (\"08:00\") or start_from and start_to (with start_every)",
            ));
        }
        _ => {
            return Err(Error::input(
                at("start"),
                "give either start, or start_from and start_to (with start_every), not both or half",
            ));
        }
    };
    if raw.start.is_some() && raw.start_every.is_some() {
        return Err(Error::input(
            at("start_every"),
            "goes with start_from and start_to, not with start",
        ));
    }
    for s in &starts {
        if !aligned(f64::from(s.seconds()), interval) || s.seconds() >= SECONDS_PER_DAY {
            return Err(Error::input(
                at("start"),
                format!("{s} does not fall on a {interval} interval boundary of the day"),
            ));
        }
    }
    Ok(starts)
}

/// `min_agents` (0 when not given) and `max_agents`, each at most a start's cap and in order.
fn agents_per_start(raw: &RawTemplate, at: &dyn Fn(&str) -> String) -> Result<u32> {
    let min_agents = raw.min_agents.unwrap_or(0);
    for (field, value) in [
        ("min_agents", Some(min_agents)),
        ("max_agents", raw.max_agents),
    ] {
        if let Some(n) = value
            && n > MAX_AGENTS_PER_START
        {
            return Err(Error::input(
                at(field),
                format!("must be at most {MAX_AGENTS_PER_START} agents a start, got {n}"),
            ));
        }
    }
    if let Some(max) = raw.max_agents
        && max < min_agents
    {
        return Err(Error::input(
            at("max_agents"),
            format!("{max} is below min_agents {min_agents}"),
        ));
    }
    Ok(min_agents)
}

/// One break rule: a whole number of intervals long, its window on the grid, inside the shift
/// of `length` and at least as long as the break.
fn break_rule(
    rb: &super::schema::RawTemplateBreak,
    length: Seconds,
    interval: Seconds,
    at: &dyn Fn(&str) -> String,
) -> Result<BreakRule> {
    if !whole_intervals(rb.length.get(), interval) {
        return Err(Error::input(
            at("length"),
            format!(
                "must be a whole number of {interval} intervals, got {}",
                rb.length
            ),
        ));
    }
    for (field, value) in [("earliest", rb.earliest), ("latest", rb.latest)] {
        if !aligned(value.get(), interval) {
            return Err(Error::input(
                at(field),
                format!("must be a whole number of {interval} intervals, got {value}"),
            ));
        }
    }
    if rb.latest.get() > length.get() {
        return Err(Error::input(
            at("latest"),
            format!(
                "{} is past the end of the {} shift: the break must lie inside it",
                rb.latest, length
            ),
        ));
    }
    if rb.latest.get() - rb.earliest.get() < rb.length.get() {
        return Err(Error::input(
            at("length"),
            format!(
                "{} is longer than its window {} to {}",
                rb.length, rb.earliest, rb.latest
            ),
        ));
    }
    Ok(BreakRule {
        length: rb.length,
        earliest: rb.earliest,
        latest: rb.latest,
        paid: rb.paid,
    })
}

/// A `[schedule]`-shaped table read elsewhere (a portfolio's `[group.schedule]`, named by
/// `file`), validated over `scenario`'s intervals: shift templates to cover a requirement with.
/// Only the covering objective is taken and nothing is kept: the requirement is the caller's.
///
/// # Errors
/// [`Error::Input`] naming the field, as `[schedule]`'s; `objective = "service"` or
/// `keep = "roster"`, which need a queue's own simulation or roster.
pub fn schedule_config(
    value: &toml::Value,
    file: &str,
    scenario: &super::Scenario,
) -> Result<ScheduleConfig> {
    let raw: RawSchedule = value
        .clone()
        .try_into()
        .map_err(|e: toml::de::Error| Error::input(file, e.message().to_string()))?;
    if raw.objective != ScheduleObjective::Cover || raw.keep != ScheduleKeep::None {
        return Err(Error::input(
            file,
            "a group's schedule covers its requirement: objective = \"cover\" and keep = \"none\" only",
        ));
    }
    from_raw(&raw, scenario.interval, &Staffing::ErlangC, Fields { file })
}
