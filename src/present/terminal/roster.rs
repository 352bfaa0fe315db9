//! A roster of people as text: each agent's days (shift times, off, unavailable), then coverage
//! against the requirement, the bounds, and the rules checked.

use crate::people::RosterResult;
use crate::report::format;
use crate::report::{Align, Table};
use crate::scenario::Scenario;

/// The most days drawn as a grid; longer horizons list each agent's totals.
const GRID_DAYS: usize = 14;

/// The roster as text.
pub fn roster(scenario: &Scenario, r: &RosterResult) -> String {
    let days = scenario.days();
    let mut out = format!(
        "{} — {} rostered over {} days ({} objective, {} absence allowed for)\n\n",
        r.scenario,
        format::count_of(r.agents.len() as u64, "agent"),
        days.len(),
        match r.objective {
            crate::scenario::RosterObjective::Cover => "cover",
            crate::scenario::RosterObjective::Cost => "cost",
        },
        format::percent(r.absence, 1)
    );
    out.push_str(&agent_table(scenario, r));
    let c = &r.coverage;
    out.push_str(&format!(
        "\ncoverage  {} agent-hours short in {} intervals (no roster is short of fewer than {}), {} over\ncost      {} (no roster holding every rule costs under {}: gap {})\n",
        format::grouped(c.short_agent_hours, 2),
        c.intervals_short,
        format::grouped(r.lower_bound.short_agent_hours, 2),
        format::grouped(c.over_agent_hours, 2),
        format::thousands(r.cost),
        format::thousands(r.lower_bound.cost),
        format::percent(r.gap.cost_share, 1),
    ));
    out.push_str(&short_and_days(r));
    if r.rules.violations.is_empty() {
        out.push_str("rules     every rule held (checked independently of the search)\n");
    } else {
        out.push_str(&format!(
            "rules     {} broken (checked independently of the search):\n",
            r.rules.violations.len()
        ));
        for v in &r.rules.violations {
            out.push_str(&format!("          {} {}: {}\n", v.agent, v.rule, v.detail));
        }
    }
    out.push_str(&format!(
        "search    {} moves (seed {}), {}, {:.1} s\n",
        format::thousands(r.moves as f64),
        r.seed,
        match r.stopped {
            crate::people::Stop::Moves => "ran its moves",
            crate::people::Stop::Bound => "stopped at the lower bound: nothing better exists",
            crate::people::Stop::TimeLimit =>
                "stopped by the time limit (a longer limit may find better)",
        },
        r.wall_seconds
    ));
    out
}

/// Each agent's days (a grid up to [`GRID_DAYS`] days, their totals beyond).
fn agent_table(scenario: &Scenario, r: &RosterResult) -> String {
    let days = scenario.days();
    let mut out = String::new();
    let config = scenario.roster.as_ref();
    if days.len() <= GRID_DAYS {
        let mut columns: Vec<(String, Align)> = vec![
            ("agent".into(), Align::Left),
            ("contract".into(), Align::Left),
        ];
        columns.extend(
            days.iter()
                .map(|d| (d.date.strftime("%a %-d").to_string(), Align::Left)),
        );
        columns.push(("hours".into(), Align::Right));
        let mut table = Table::new(columns.iter().map(|(t, a)| (t.as_str(), *a)));
        for (k, a) in r.agents.iter().enumerate() {
            let mut row = vec![format!("{} {}", a.id, a.name), a.contract.clone()];
            for day in &days {
                let date = day.date.to_string();
                let cell = match a.shifts.iter().find(|s| s.date == date) {
                    Some(s) => format!("{}–{}", s.start, s.end),
                    None if config.is_some_and(|c| c.agents[k].unavailable.contains(day.date)) => {
                        "away".into()
                    }
                    None => "off".into(),
                };
                row.push(cell);
            }
            row.push(format::grouped(a.paid_hours, 1));
            table.row(row);
        }
        out.push_str(&table.to_string());
    } else {
        let mut table = Table::new([
            ("agent", Align::Left),
            ("contract", Align::Left),
            ("days", Align::Right),
            ("paid hours", Align::Right),
        ]);
        for a in &r.agents {
            table.row([
                format!("{} {}", a.id, a.name),
                a.contract.clone(),
                a.days_worked.to_string(),
                format::grouped(a.paid_hours, 1),
            ]);
        }
        out.push_str(&table.to_string());
    }
    out
}

/// Where the roster is short, and each day simulated with absence.
fn short_and_days(r: &RosterResult) -> String {
    let c = &r.coverage;
    let mut out = String::new();
    if !c.short_spans.is_empty() {
        let mut worst = c.short_spans.clone();
        worst.sort_by(|a, b| b.agent_hours.total_cmp(&a.agent_hours));
        let shown = worst.len().min(8);
        out.push_str(&format!(
            "{}, the largest {shown} of {}:\n",
            match r.objective {
                crate::scenario::RosterObjective::Cost =>
                    "these people cannot cover every interval under their rules; short",
                crate::scenario::RosterObjective::Cover => "short",
            },
            worst.len()
        ));
        for span in &worst[..shown] {
            out.push_str(&format!(
                "          {} {}–{}: up to {}, {} agent-hours\n",
                span.date,
                span.from,
                span.to,
                format::count_of(span.most_short, "head"),
                format::grouped(span.agent_hours, 2)
            ));
        }
    }
    if !r.days.is_empty() {
        out.push_str(&format!(
            "\nsimulated with {} of the people absent (each shift missed at that rate), {} replications:\n",
            format::percent(r.absence, 1),
            r.days.first().map_or(0, |d| d.replications)
        ));
        let mut table = Table::new([
            ("date", Align::Left),
            ("service level", Align::Right),
            ("P(meets target)", Align::Right),
        ]);
        for d in &r.days {
            table.row([
                d.date.clone(),
                super::shared::percent_ci(d.service_level),
                format::percent(d.p_meet_target, 0),
            ]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
    }
    out
}
