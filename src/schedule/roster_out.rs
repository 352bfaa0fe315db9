//! `--roster-out`: the schedule as `[staffing]` with `[[staffing.shift]]` entries (dated, with
//! their breaks) that `plan`, `simulate`, `sweep` and `run` read like any roster.

use super::result::ScheduleResult;
use crate::scenario::{Scenario, Staffing};
use std::fmt::Write;

/// A duration as the scenario writes it: "8h", "450m" or "20s".
fn duration(seconds: f64) -> String {
    let s = seconds.round() as i64;
    if s % 3600 == 0 {
        format!("{}h", s / 3600)
    } else if s % 60 == 0 {
        format!("{}m", s / 60)
    } else {
        format!("{s}s")
    }
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The TOML fragment: `[staffing] method = "roster"`, the kept roster's shifts as they were
/// (with `keep = "roster"`), then one dated shift per scheduled shift.
pub fn roster_fragment(scenario: &Scenario, result: &ScheduleResult) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Roster from `staffsim schedule` for scenario {} (objective {}, keep {}).\n# Replace the scenario's [staffing] section with this one.\n",
        scenario.name,
        serde_json::to_value(result.objective)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        result.keep
    );
    out.push_str("[staffing]\nmethod = \"roster\"\n");
    if result.keep == "roster"
        && let Staffing::Roster(shifts) = &scenario.staffing
    {
        for shift in shifts {
            let _ = write!(
                out,
                "\n[[staffing.shift]]\nname = {}\nstart = \"{}\"\nlength = \"{}\"\n",
                quoted(&shift.name),
                shift.start,
                duration(shift.length.get())
            );
            let names: Vec<String> = shift.days.to_names().iter().map(|d| quoted(d)).collect();
            if shift.days.is_dated() {
                let _ = writeln!(out, "dates = [{}]", names.join(", "));
            } else {
                let _ = writeln!(out, "days = [{}]", names.join(", "));
            }
            let _ = writeln!(out, "agents = {}", shift.agents);
            for b in &shift.breaks {
                let _ = write!(
                    out,
                    "[[staffing.shift.break]]\noffset = \"{}\"\nlength = \"{}\"\npaid = {}\n",
                    duration(b.offset.get()),
                    duration(b.length.get()),
                    b.paid
                );
            }
        }
    }
    for shift in &result.shifts {
        let _ = write!(
            out,
            "\n[[staffing.shift]]\nname = {}\nstart = \"{}\"\nlength = \"{}\"\ndates = [\"{}\"]\nagents = {}\n",
            quoted(&format!("{} {}", shift.template, shift.start)),
            shift.start_at.strftime("%H:%M"),
            duration(shift.length_seconds),
            shift.date,
            shift.agents
        );
        for (offset, length, paid) in &shift.break_offsets {
            let _ = write!(
                out,
                "[[staffing.shift.break]]\noffset = \"{}\"\nlength = \"{}\"\npaid = {paid}\n",
                duration(*offset),
                duration(*length)
            );
        }
    }
    out
}
