//! The what-if page's levers: changes to a copy of a scenario, never to the file.
//!
//! Target, shrinkage, patience, occupancy cap, a roster shift's agents, a special day's
//! multipliers and the bid's margin and credits are edits of the scenario's TOML, checked by the
//! same validation as a file (so a lever out of range is refused naming the field). Volume and
//! AHT multiply every interval of the loaded scenario; agents added per interval are added to
//! the staffing the scenario gives (its roster, or its Erlang requirement).

use crate::error::{Error, Result};
use crate::plan::Plan;
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

/// Checks a multiplier lever's range.
fn multiplier(name: &str, value: Option<f64>) -> Result<()> {
    match value {
        Some(x) if !(x.is_finite() && (0.05..=20.0).contains(&x)) => Err(Error::invalid(
            format!("the {name} lever"),
            x,
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
        for interval in &mut scenario.intervals {
            if let Some(x) = self.volume {
                interval.volume *= x;
            }
            if let Some(x) = self.aht {
                interval.aht = Seconds(interval.aht.get() * x);
            }
        }
        if let Some(added) = self.agents_added.filter(|&n| n > 0) {
            add_agents(&mut scenario, added)?;
        }
        Ok(scenario)
    }

    fn edits_toml(&self) -> bool {
        self.shrinkage.is_some()
            || self.service_level.is_some()
            || self.within_seconds.is_some()
            || self.patience_seconds.is_some()
            || self.max_occupancy.is_some()
            || !self.shift_agents.is_empty()
            || !self.special_day_volume.is_empty()
            || !self.special_day_aht.is_empty()
            || self.margin.is_some()
            || self.sla_credit.is_some()
            || self.sla_credit_cap.is_some()
    }

    fn edit(&self, table: &mut toml::Table, plain: &Scenario) -> Result<()> {
        fn section<'a>(table: &'a mut toml::Table, name: &str) -> &'a mut toml::Table {
            let entry = table
                .entry(name)
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            if !entry.is_table() {
                *entry = toml::Value::Table(toml::Table::new());
            }
            entry.as_table_mut().expect("a table")
        }
        let number = |x: f64| toml::Value::Float(x);
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
                .ok_or_else(|| {
                    Error::invalid("the shift lever", "a shift", "a [[staffing.shift]]")
                })?;
            for (&k, &delta) in &self.shift_agents {
                let (Some(shift), Some(entry)) = (shifts.get(k), list.get_mut(k)) else {
                    return Err(Error::invalid(
                        "the shift lever",
                        k + 1,
                        format!("a shift from 1 to {}", shifts.len()),
                    ));
                };
                let agents = i64::from(shift.agents) + delta;
                if !(0..=100_000).contains(&agents) {
                    return Err(Error::invalid(
                        format!("shift '{}' agents", shift.name),
                        agents,
                        "from 0 to 100000",
                    ));
                }
                if let Some(t) = entry.as_table_mut() {
                    t.insert("agents".into(), toml::Value::Integer(agents));
                }
            }
        }
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
}

/// Adds `added` agents to every open interval of the staffing the scenario gives: its roster,
/// constant or CSV agents, or else its Erlang requirement.
fn add_agents(scenario: &mut Scenario, added: u32) -> Result<()> {
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
    for (interval, agents) in scenario.intervals.iter_mut().zip(base) {
        interval.given_agents = Some(if interval.open { agents + added } else { 0 });
    }
    scenario.staffing = Staffing::Given(format!(
        "{} + {added} agent{} an interval",
        scenario.staffing.method(),
        if added == 1 { "" } else { "s" }
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holiday_peak() -> (String, std::path::PathBuf) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/holiday-peak.toml");
        (std::fs::read_to_string(&path).unwrap(), path)
    }

    #[test]
    fn no_levers_give_the_file_itself() {
        let (text, path) = holiday_peak();
        let a = Levers::default().apply(&text, &path).unwrap();
        let b = Scenario::load(&path).unwrap();
        assert_eq!(a.intervals, b.intervals);
    }

    #[test]
    fn volume_and_a_shift_change_the_copy_the_plan_sees() {
        let (text, path) = holiday_peak();
        let base = crate::plan::plan(&Scenario::load(&path).unwrap()).unwrap();
        let levers = Levers {
            volume: Some(1.2),
            shift_agents: BTreeMap::from([(4, 6)]),
            ..Levers::default()
        };
        let scenario = levers.apply(&text, &path).unwrap();
        let plan = crate::plan::plan(&scenario).unwrap();
        assert!((plan.totals.offered - 1.2 * base.totals.offered).abs() < 1e-6);
        assert!(plan.totals.staffed_agent_hours > base.totals.staffed_agent_hours);
    }

    #[test]
    fn agents_added_raise_every_open_interval_by_that_many() {
        let (text, path) = holiday_peak();
        let base = crate::plan::plan(&Scenario::load(&path).unwrap()).unwrap();
        let levers = Levers {
            agents_added: Some(3),
            ..Levers::default()
        };
        let plan = crate::plan::plan(&levers.apply(&text, &path).unwrap()).unwrap();
        for (a, b) in plan.intervals.iter().zip(&base.intervals) {
            if a.open {
                assert_eq!(a.staffed_agents, b.staffed_agents + 3);
            }
        }
    }

    #[test]
    fn a_lever_out_of_range_is_refused_naming_the_field() {
        let (text, path) = holiday_peak();
        let levers = Levers {
            service_level: Some(1.5),
            ..Levers::default()
        };
        let err = levers.apply(&text, &path).unwrap_err().to_string();
        assert!(err.contains("service_level"), "{err}");
        let levers = Levers {
            volume: Some(-1.0),
            ..Levers::default()
        };
        assert!(levers.apply(&text, &path).unwrap_err().is_input());
    }
}
