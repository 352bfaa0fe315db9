//! The what-if page's levers: changes to a copy of a scenario, never to the file.
//!
//! Volume and AHT (as `[forecast] volume_multiplier` and `aht_multiplier`), target,
//! shrinkage, patience, occupancy cap, a roster shift's agents, a special day's multipliers and
//! the bid's margin and credits are edits of the scenario's TOML, checked by the same validation
//! as a file (so a lever out of range is refused naming the field). Agents added per interval
//! or on a schedule template are added to the staffing the scenario gives (its roster, or its
//! Erlang requirement).

use crate::error::{Error, Result};
use crate::forecast::ClockTime;
use crate::plan::Plan;
use crate::report::format::count_of;
use crate::scenario::{Scenario, Staffing};
use crate::units::Seconds;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// What the page changes; every lever is optional and absent means "as the file says".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Levers {
    /// Every interval's volume × this.
    pub volume: Option<f64>,
    /// Every interval's AHT × this.
    pub aht: Option<f64>,
    /// Total shrinkage, in [0, 1).
    pub shrinkage: Option<f64>,
    /// Target service level.
    pub service_level: Option<f64>,
    /// Target threshold, seconds.
    pub within_seconds: Option<f64>,
    /// Mean patience, seconds (exponential when the file has no `[patience]`).
    pub patience_seconds: Option<f64>,
    /// Occupancy cap.
    pub max_occupancy: Option<f64>,
    /// Agents added to every open interval.
    pub agents_added: Option<u32>,
    /// Agents added to (or, negative, taken from) roster shift k (0-based, file order).
    pub shift_agents: BTreeMap<usize, i64>,
    /// Agents added on `[schedule]` templates, each from one of its starts.
    pub template_agents: Vec<TemplateAgents>,
    /// Special day k's (0-based, file order) volume multiplier.
    pub special_day_volume: BTreeMap<usize, f64>,
    /// Special day k's AHT multiplier.
    pub special_day_aht: BTreeMap<usize, f64>,
    /// `[bid] margin`.
    pub margin: Option<f64>,
    /// `[bid] sla_credit`.
    pub sla_credit: Option<f64>,
    /// `[bid] sla_credit_cap`.
    pub sla_credit_cap: Option<f64>,
}

/// Agents added working one `[[schedule.template]]` from one of its starts, on every day of
/// the horizon the template is offered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateAgents {
    /// The template (0-based, file order).
    pub template: usize,
    /// One of its start times, "HH:MM".
    pub start: String,
    /// How many agents.
    pub agents: u32,
}

/// The most agents a lever may put on a shift or add to an interval.
const MAX_ADDED: u32 = 100_000;

/// Checks a multiplier lever's range.
fn multiplier(name: &str, value: Option<f64>) -> Result<()> {
    match value {
        Some(x) if !(x.is_finite() && (0.05..=20.0).contains(&x)) => Err(Error::invalid(
            format!("the {name} lever"),
            // 1e308 as 1e308, not three hundred digits.
            if x.abs() >= 1e6 {
                format!("{x:e}")
            } else {
                x.to_string()
            },
            "a multiplier from 0.05 to 20",
        )),
        _ => Ok(()),
    }
}

impl Levers {
    /// The scenario of `text` (at `path`, relative paths in it resolved from there) with the
    /// levers applied. The text's own mistakes are reported at their line and column, exactly
    /// as the CLI reports them.
    pub fn apply(&self, text: &str, path: &Path) -> Result<Scenario> {
        let plain = Scenario::from_toml(text, path)?;
        multiplier("volume", self.volume)?;
        multiplier("AHT", self.aht)?;
        for (k, x) in self.special_day_volume.iter().chain(&self.special_day_aht) {
            multiplier(&format!("special day {}", k + 1), Some(*x))?;
        }
        let mut scenario = if self.edits_toml() {
            let mut table: toml::Table = toml::from_str(text)
                .map_err(|e| Error::input(path.display().to_string(), e.message().to_string()))?;
            self.edit(&mut table, &plain)?;
            let edited = toml::to_string(&table)
                .map_err(|e| Error::input(path.display().to_string(), e.to_string()))?;
            Scenario::from_toml(&edited, path)?
        } else {
            plain
        };
        let mut extra = vec![0u32; scenario.intervals.len()];
        let mut labels = Vec::new();
        if let Some(added) = self.agents_added.filter(|&n| n > 0) {
            if added > MAX_ADDED {
                return Err(Error::invalid(
                    "the agents-added lever",
                    added,
                    format!("from 0 to {MAX_ADDED}"),
                ));
            }
            extra.iter_mut().for_each(|x| *x += added);
            labels.push(format!("{} an interval", count_of(added, "agent")));
        }
        for lever in self.template_agents.iter().filter(|l| l.agents > 0) {
            let (name, cover) = template_cover(&scenario, lever)?;
            for (x, c) in extra.iter_mut().zip(cover) {
                *x = x.saturating_add(c.saturating_mul(lever.agents));
            }
            labels.push(format!(
                "{} on {name} from {}",
                count_of(lever.agents, "agent"),
                lever.start
            ));
        }
        if let Some(&most) = extra.iter().max().filter(|&&n| n > MAX_ADDED) {
            return Err(Error::invalid(
                "the agents-added levers together",
                format!("{most} agents in an interval"),
                format!("at most {MAX_ADDED} added to an interval"),
            ));
        }
        if !labels.is_empty() {
            add_agents(&mut scenario, &extra, &labels.join(", "))?;
        }
        Ok(scenario)
    }

    /// The scenario text with the levers written into it, for *Save*: it loads, plans and
    /// simulates exactly as the page's state does. Agents added go into the roster as shifts
    /// (a 24-hour shift every day for agents added to every interval, the template's shift on
    /// its days with its breaks mid-window for template agents) or into a constant staffing's
    /// count; a staffing they cannot be written into (Erlang, a CSV's agents) is refused,
    /// naming the lever. Without levers the text is saved as it is, comments and all.
    ///
    /// The text at `path` is to be written at `destination`: relative paths in it (a forecast
    /// or handle-time CSV, a history, a logo) are re-based to stay pointing at the same files.
    pub fn saved(&self, text: &str, path: &Path, destination: &Path) -> Result<String> {
        let plain = Scenario::from_toml(text, path)?;
        let mut table: toml::Table = toml::from_str(text)
            .map_err(|e| Error::input(path.display().to_string(), e.message().to_string()))?;
        let moved = rebase(&mut table, path, destination);
        let levers = *self != Levers::default();
        if !levers && !moved {
            return Ok(text.to_string());
        }
        if levers {
            self.apply(text, path)?; // the page's own checks of every lever
        }
        self.edit(&mut table, &plain)?;
        self.write_agents(&mut table, &plain, path)?;
        let body = toml::to_string(&table)
            .map_err(|e| Error::input(path.display().to_string(), e.to_string()))?;
        let what = match (levers, moved) {
            (true, true) => " with the page's levers written in and its relative paths re-based",
            (true, false) => " with the page's levers written in",
            _ => " with its relative paths re-based",
        };
        let saved = format!(
            "# Saved by `staffsim serve` from {}{what}.\n\n{body}",
            path.display()
        );
        // What is written must load where it is written: the same validation as any file.
        Scenario::from_toml(&saved, destination)?;
        Ok(saved)
    }

    /// Writes the agents levers into `table`'s `[staffing]`: as roster shifts, or into a
    /// constant staffing's count; refused for a staffing they cannot be written into.
    fn write_agents(&self, table: &mut toml::Table, plain: &Scenario, path: &Path) -> Result<()> {
        let added = self.agents_added.filter(|&n| n > 0);
        let placed: Vec<&TemplateAgents> = self
            .template_agents
            .iter()
            .filter(|l| l.agents > 0)
            .collect();
        if added.is_some() || !placed.is_empty() {
            let staffing = table
                .get_mut("staffing")
                .and_then(|s| s.as_table_mut())
                .ok_or_else(|| Error::input(path.display().to_string(), "has no [staffing]"))?;
            match &plain.staffing {
                Staffing::Constant(n) if placed.is_empty() => {
                    let agents = i64::from(*n) + i64::from(added.unwrap_or(0));
                    staffing.insert("agents".into(), toml::Value::Integer(agents));
                }
                Staffing::Roster(_) => {
                    let mut shifts = Vec::new();
                    if let Some(n) = added {
                        shifts.push(roster_shift(
                            "agents added (what-if)",
                            "00:00",
                            "24h",
                            None,
                            n,
                            &[],
                        ));
                    }
                    for lever in placed {
                        let (template, _) = template_of(plain, lever)?;
                        let breaks: Vec<(f64, f64, bool)> =
                            crate::schedule::breaks_mid_window(template, plain.interval.get())
                                .iter()
                                .zip(&template.breaks)
                                .map(|(offset, rule)| (*offset, rule.length.get(), rule.paid))
                                .collect();
                        shifts.push(roster_shift(
                            &format!("{} from {} (what-if)", template.name, lever.start),
                            &lever.start,
                            &template.length.to_string(),
                            Some(&template.days),
                            lever.agents,
                            &breaks,
                        ));
                    }
                    if let Some(list) = staffing.get_mut("shift").and_then(|s| s.as_array_mut()) {
                        list.extend(shifts);
                    }
                }
                other => {
                    return Err(Error::invalid(
                        "Save with agents added",
                        format!("staffing method \"{}\"", other.method()),
                        "a roster or a constant staffing to write them into (export the report instead, or set the agents levers to 0)",
                    ));
                }
            }
        }
        Ok(())
    }

    /// Whether any lever is an edit of the TOML: every lever but the agents ones.
    fn edits_toml(&self) -> bool {
        let edits = Levers {
            agents_added: None,
            template_agents: Vec::new(),
            ..self.clone()
        };
        edits != Levers::default()
    }

    /// Writes the levers into the scenario's TOML `table` (`plain` is the scenario without
    /// them): volume and AHT multiply the file's own multipliers; shrinkage, target and
    /// patience replace theirs; shifts, special days and the bid's terms are edited in place.
    fn edit(&self, table: &mut toml::Table, plain: &Scenario) -> Result<()> {
        let number = |x: f64| toml::Value::Float(x);
        // Volume and AHT: the file's own [forecast] multipliers × the lever.
        for (lever, key) in [
            (self.volume, "volume_multiplier"),
            (self.aht, "aht_multiplier"),
        ] {
            if let Some(x) = lever {
                let forecast = section(table, "forecast");
                let own = forecast
                    .get(key)
                    .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
                    .unwrap_or(1.0);
                forecast.insert(key.into(), number(own * x));
            }
        }
        if let Some(x) = self.shrinkage {
            let mut total = toml::Table::new();
            total.insert("total".into(), number(x));
            table.insert("shrinkage".into(), toml::Value::Table(total));
        }
        if let Some(x) = self.service_level {
            section(table, "target").insert("service_level".into(), number(x));
        }
        if let Some(x) = self.within_seconds {
            section(table, "target").insert("within".into(), number(x));
        }
        if let Some(x) = self.max_occupancy {
            section(table, "target").insert("max_occupancy".into(), number(x));
        }
        if let Some(x) = self.patience_seconds {
            let patience = section(table, "patience");
            patience
                .entry("distribution")
                .or_insert_with(|| toml::Value::String("exponential".into()));
            patience.insert("mean".into(), number(x));
        }
        if !self.shift_agents.is_empty() {
            self.edit_shifts(table, plain)?;
        }
        self.edit_special_days(table)?;
        for (value, key) in [
            (self.margin, "margin"),
            (self.sla_credit, "sla_credit"),
            (self.sla_credit_cap, "sla_credit_cap"),
        ] {
            if let Some(x) = value {
                if plain.bid.is_none() {
                    return Err(Error::invalid(
                        format!("the {key} lever"),
                        x,
                        "used with a [bid] section",
                    ));
                }
                section(table, "bid").insert(key.into(), number(x));
            }
        }
        Ok(())
    }

    /// Each shift lever's agents added to its `[[staffing.shift]]`, within 0 to `MAX_ADDED`.
    fn edit_shifts(&self, table: &mut toml::Table, plain: &Scenario) -> Result<()> {
        let Staffing::Roster(shifts) = &plain.staffing else {
            return Err(Error::invalid(
                "the shift lever",
                "a shift",
                "used with a roster ([staffing] method = \"roster\")",
            ));
        };
        let list = section(table, "staffing")
            .get_mut("shift")
            .and_then(|s| s.as_array_mut())
            .ok_or_else(|| Error::invalid("the shift lever", "a shift", "a [[staffing.shift]]"))?;
        for (&k, &delta) in &self.shift_agents {
            let (Some(shift), Some(entry)) = (shifts.get(k), list.get_mut(k)) else {
                return Err(Error::invalid(
                    "the shift lever",
                    k + 1,
                    format!("a shift from 1 to {}", shifts.len()),
                ));
            };
            let agents = i64::from(shift.agents) + delta;
            if !(0..=i64::from(MAX_ADDED)).contains(&agents) {
                return Err(Error::invalid(
                    format!("shift '{}' agents", shift.name),
                    agents,
                    format!("from 0 to {MAX_ADDED}"),
                ));
            }
            if let Some(t) = entry.as_table_mut() {
                t.insert("agents".into(), toml::Value::Integer(agents));
            }
        }
        Ok(())
    }

    /// The special-day levers' multipliers written into their `[[special_days]]`.
    fn edit_special_days(&self, table: &mut toml::Table) -> Result<()> {
        let number = |x: f64| toml::Value::Float(x);
        for (levers, key) in [
            (&self.special_day_volume, "volume_multiplier"),
            (&self.special_day_aht, "aht_multiplier"),
        ] {
            if levers.is_empty() {
                continue;
            }
            let days = table
                .get_mut("special_days")
                .and_then(|d| d.as_array_mut())
                .ok_or_else(|| {
                    Error::invalid("the special-day lever", "a day", "a [[special_days]] entry")
                })?;
            let count = days.len();
            for (&k, &x) in levers {
                let day = days
                    .get_mut(k)
                    .and_then(|d| d.as_table_mut())
                    .ok_or_else(|| {
                        Error::invalid(
                            "the special-day lever",
                            k + 1,
                            format!("a special day from 1 to {count}"),
                        )
                    })?;
                day.insert(key.into(), number(x));
            }
        }
        Ok(())
    }
}

/// The table `name` of `table`, made (or made a table) if need be.
fn section<'a>(table: &'a mut toml::Table, name: &str) -> &'a mut toml::Table {
    let entry = table
        .entry(name)
        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    if !entry.is_table() {
        *entry = toml::Value::Table(toml::Table::new());
    }
    entry.as_table_mut().expect("a table")
}

/// Re-bases the relative paths of a scenario moving from `from` to `to` (both files, relative
/// to one folder or absolute) so they name the same files; whether any changed.
fn rebase(table: &mut toml::Table, from: &Path, to: &Path) -> bool {
    let (source, target) = (
        from.parent().unwrap_or(Path::new("")),
        to.parent().unwrap_or(Path::new("")),
    );
    if source == target {
        return false;
    }
    // Up from the target's folder to the common root, then down to the source's folder.
    let up: std::path::PathBuf = target.components().map(|_| "..").collect();
    let mut moved = false;
    for (section, key) in [
        ("forecast", "csv"),
        ("forecast", "history"),
        ("handle_time", "csv"),
        ("report", "logo"),
    ] {
        let Some(value) = table
            .get_mut(section)
            .and_then(|s| s.as_table_mut())
            .and_then(|s| s.get_mut(key))
        else {
            continue;
        };
        let Some(file) = value.as_str().map(Path::new).filter(|p| p.is_relative()) else {
            continue;
        };
        let rebased = up.join(source).join(file);
        *value = toml::Value::String(rebased.to_string_lossy().replace('\\', "/"));
        moved = true;
    }
    moved
}

/// One `[[staffing.shift]]` entry: every day when `days` is `None`; breaks as (offset, length,
/// paid) in seconds.
fn roster_shift(
    name: &str,
    start: &str,
    length: &str,
    days: Option<&crate::scenario::DaySet>,
    agents: u32,
    breaks: &[(f64, f64, bool)],
) -> toml::Value {
    let mut shift = toml::Table::new();
    shift.insert("name".into(), name.into());
    shift.insert("start".into(), start.into());
    shift.insert("length".into(), length.into());
    if let Some(days) = days {
        let names: Vec<toml::Value> = days.to_names().into_iter().map(Into::into).collect();
        let key = if days.is_dated() { "dates" } else { "days" };
        shift.insert(key.into(), toml::Value::Array(names));
    }
    shift.insert("agents".into(), toml::Value::Integer(i64::from(agents)));
    if !breaks.is_empty() {
        let list = breaks
            .iter()
            .map(|(offset, length, paid)| {
                let mut b = toml::Table::new();
                b.insert("offset".into(), Seconds(*offset).to_string().into());
                b.insert("length".into(), Seconds(*length).to_string().into());
                b.insert("paid".into(), (*paid).into());
                toml::Value::Table(b)
            })
            .collect();
        shift.insert("break".into(), toml::Value::Array(list));
    }
    toml::Value::Table(shift)
}

/// A template lever's template and start, checked: a template of `[schedule]`, one of its
/// starts, at most [`MAX_ADDED`] agents.
fn template_of<'a>(
    scenario: &'a Scenario,
    lever: &TemplateAgents,
) -> Result<(&'a crate::scenario::Template, ClockTime)> {
    let templates = scenario
        .schedule
        .as_ref()
        .map_or(&[][..], |s| &s.templates[..]);
    let Some(template) = templates.get(lever.template) else {
        return Err(if templates.is_empty() {
            Error::invalid(
                "the schedule-template lever",
                lever.template + 1,
                "used with a [schedule] section",
            )
        } else {
            Error::invalid(
                "the schedule-template lever",
                lever.template + 1,
                format!("a template from 1 to {}", templates.len()),
            )
        });
    };
    if lever.agents > MAX_ADDED {
        return Err(Error::invalid(
            format!("template '{}' agents", template.name),
            lever.agents,
            format!("from 0 to {MAX_ADDED}"),
        ));
    }
    let start = lever
        .start
        .parse::<ClockTime>()
        .ok()
        .filter(|t| template.starts.contains(t))
        .ok_or_else(|| {
            Error::invalid(
                format!("template '{}' start", template.name),
                &lever.start,
                "one of its start times",
            )
        })?;
    Ok((template, start))
}

/// What one agent on a template lever covers in each interval, and the template's name.
fn template_cover(scenario: &Scenario, lever: &TemplateAgents) -> Result<(String, Vec<u32>)> {
    let (template, start) = template_of(scenario, lever)?;
    Ok((
        template.name.clone(),
        crate::schedule::template_cover(scenario, template, start),
    ))
}

/// Adds `extra[i]` agents to open interval `i` of the staffing the scenario gives: its roster,
/// constant or CSV agents, or else its Erlang requirement.
fn add_agents(scenario: &mut Scenario, extra: &[u32], label: &str) -> Result<()> {
    let given = scenario.intervals.iter().any(|i| i.given_agents.is_some());
    let base: Vec<u32> = if given {
        scenario
            .intervals
            .iter()
            .map(|i| i.given_agents.unwrap_or(0))
            .collect()
    } else {
        let plan: Plan = crate::plan::plan(scenario)?;
        plan.intervals.iter().map(|i| i.staffed_agents).collect()
    };
    for ((interval, agents), added) in scenario.intervals.iter_mut().zip(base).zip(extra) {
        interval.given_agents = Some(if interval.open {
            agents.saturating_add(*added)
        } else {
            0
        });
    }
    scenario.staffing = Staffing::Given(format!("{} + {label}", scenario.staffing.method()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{Time, date};

    fn holiday_peak() -> (String, std::path::PathBuf) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/holiday-peak.toml");
        (std::fs::read_to_string(&path).unwrap(), path)
    }

    fn agents(scenario: &Scenario) -> Vec<u32> {
        scenario
            .intervals
            .iter()
            .map(|i| i.given_agents.unwrap_or(0))
            .collect()
    }

    #[test]
    fn template_agents_work_its_hours_on_its_days_with_the_break_mid_window() {
        let (text, path) = holiday_peak();
        let plain = Levers::default().apply(&text, &path).unwrap();
        let levers = Levers {
            template_agents: vec![
                // "flex day": 8 h from 08:00 on weekdays and Sunday, a 30-minute break in
                // 3 h .. 5 h 30 after the start, so mid-window at 12:00-12:30.
                TemplateAgents {
                    template: 0,
                    start: "08:00".into(),
                    agents: 3,
                },
                // "holiday part-time": 4 h from 14:00, Boxing Day only, no break.
                TemplateAgents {
                    template: 3,
                    start: "14:00".into(),
                    agents: 2,
                },
            ],
            ..Levers::default()
        };
        let moved = levers.apply(&text, &path).unwrap();
        let (t08, t12, t1230, t14, t16, t18) = (
            Time::constant(8, 0, 0, 0),
            Time::constant(12, 0, 0, 0),
            Time::constant(12, 30, 0, 0),
            Time::constant(14, 0, 0, 0),
            Time::constant(16, 0, 0, 0),
            Time::constant(18, 0, 0, 0),
        );
        let flex_days = [21, 22, 23, 24, 27].map(|d| date(2026, 12, d));
        for ((interval, before), after) in plain
            .intervals
            .iter()
            .zip(agents(&plain))
            .zip(agents(&moved))
        {
            let (day, time) = (interval.start.date(), interval.start.time());
            let mut expected = before;
            if interval.open {
                if flex_days.contains(&day)
                    && ((t08..t12).contains(&time) || (t1230..t16).contains(&time))
                {
                    expected += 3;
                }
                if day == date(2026, 12, 26) && (t14..t18).contains(&time) {
                    expected += 2;
                }
            }
            assert_eq!(after, expected, "{}", interval.start);
        }
        // Christmas Day is closed: the flex day is offered but adds nobody.
        assert!(
            moved
                .intervals
                .iter()
                .filter(|i| i.start.date() == date(2026, 12, 25))
                .all(|i| i.given_agents == Some(0))
        );
        let Staffing::Given(label) = &moved.staffing else {
            panic!("{:?}", moved.staffing)
        };
        assert_eq!(
            label,
            "roster + 3 agents on flex day from 08:00, 2 agents on holiday part-time from 14:00"
        );
    }

    #[test]
    fn levers_out_of_range_are_refused_naming_them() {
        let (text, path) = holiday_peak();
        let twice = TemplateAgents {
            template: 0,
            start: "08:00".into(),
            agents: MAX_ADDED,
        };
        for (levers, says) in [
            (
                Levers {
                    template_agents: vec![twice.clone(), twice],
                    ..Levers::default()
                },
                "the agents-added levers together must be at most 100000 added to an interval, got 200000 agents in an interval",
            ),
            (
                Levers {
                    volume: Some(1e308),
                    ..Levers::default()
                },
                "the volume lever must be a multiplier from 0.05 to 20, got 1e308",
            ),
            (
                Levers {
                    agents_added: Some(MAX_ADDED + 1),
                    ..Levers::default()
                },
                "the agents-added lever must be from 0 to 100000, got 100001",
            ),
        ] {
            assert_eq!(levers.apply(&text, &path).unwrap_err().to_string(), says);
        }
    }

    #[test]
    fn a_template_lever_refuses_a_start_the_template_does_not_offer() {
        let (text, path) = holiday_peak();
        for (template, start, says) in [
            (0, "07:00", "template 'flex day' start"),
            (0, "8 o'clock", "template 'flex day' start"),
            (9, "08:00", "a template from 1 to 4"),
        ] {
            let levers = Levers {
                template_agents: vec![TemplateAgents {
                    template,
                    start: start.into(),
                    agents: 1,
                }],
                ..Levers::default()
            };
            let message = levers.apply(&text, &path).unwrap_err().to_string();
            assert!(message.contains(says), "{message}");
        }
    }
}
