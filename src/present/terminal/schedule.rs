//! A schedule as text: each day's shifts, what it adds to today's roster, and the coverage,
//! cost and the solver's bound.

use crate::report::format::{money, money_whole, percent};
use crate::report::{Align, Table};
use crate::scenario::{Objective, Scenario};
use crate::schedule::{Added, ScheduleResult};

/// "Sat 26 Dec 2026 — Boxing Day".
fn day_heading(scenario: &Scenario, date: &str) -> String {
    let Ok(day) = date.parse::<jiff::civil::Date>() else {
        return date.to_string();
    };
    let special = scenario
        .special_day_on(day)
        .map(|s| format!(" — {}", s.name))
        .unwrap_or_default();
    format!("{}{special}", day.strftime("%a %-d %b %Y"))
}

/// The text report: per day the shifts and the day's cover, the added-versus-today table when
/// the roster is kept, then the totals and the solver's bound.
pub fn schedule(scenario: &Scenario, r: &ScheduleResult) -> String {
    let c = &r.currency;
    let objective = match r.objective {
        Objective::Cover => "cover every interval's requirement at least cost",
        Objective::Service => "meet the target on every day at least cost",
    };
    let mut out = format!(
        "{} — schedule: {objective}{}\n",
        scenario.name,
        if r.keep == "roster" {
            ", keeping today's roster and adding shifts"
        } else {
            ""
        }
    );
    out.push_str(&shifts_by_day(scenario, r));
    if let Some(added) = &r.added {
        out.push_str(&added_table(scenario, r, added));
    }
    out.push_str(&format!(
        "\ncoverage         {:.1} agent-hours on the phones for {:.1} required; {:.1} over, {:.1} short\n\
         shifts           {} shifts, {} agents, {:.1} paid hours, {}\n\
         solver           covering schedule {}, lower bound {}, gap {} ({}), {:.2} s\n",
        r.scheduled_agent_hours,
        r.required_agent_hours,
        r.over_coverage_agent_hours,
        r.under_coverage_agent_hours,
        r.shifts.len(),
        r.heads,
        r.paid_hours,
        money_whole(r.cost, c),
        money_whole(r.cover_cost, c),
        money_whole(r.lower_bound_cost, c),
        percent(r.gap, 2),
        if r.optimal { "optimal" } else { "within the gap" },
        r.solve_seconds
    ));
    if r.objective == Objective::Service {
        if r.short_days.is_empty() {
            out.push_str(&format!(
                "service          every open day meets the target on at least {} of simulated days\n",
                percent(scenario.target.confidence, 0)
            ));
        } else {
            out.push_str(&format!(
                "service          still short on {} after the search's limit: the best schedule found is shown\n",
                r.short_days.join(", ")
            ));
        }
    }
    out
}

/// Per day, the shifts: template, times, breaks, agents and cost.
fn shifts_by_day(scenario: &Scenario, r: &ScheduleResult) -> String {
    let c = &r.currency;
    let mut out = String::new();
    for day in &r.days {
        let shifts: Vec<_> = r.shifts.iter().filter(|s| s.date == day.date).collect();
        if shifts.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{}\n", day_heading(scenario, &day.date)));
        let mut table = Table::new([
            ("template", Align::Left),
            ("start", Align::Left),
            ("end", Align::Left),
            ("breaks", Align::Left),
            ("agents", Align::Right),
            ("paid hours", Align::Right),
            ("cost", Align::Right),
        ]);
        for s in shifts {
            let breaks: Vec<String> = s
                .breaks
                .iter()
                .map(|b| format!("{}–{}", &b.start[11..], &b.end[11..]))
                .collect();
            table.row([
                s.template.clone(),
                s.start[11..].to_string(),
                s.end[11..].to_string(),
                if breaks.is_empty() {
                    "–".to_string()
                } else {
                    breaks.join(", ")
                },
                s.agents.to_string(),
                format!("{:.1}", s.paid_hours),
                s.cost.map_or("–".into(), |v| money(v, c)),
            ]);
        }
        out.push_str(&table.to_string());
    }
    out
}

/// What the schedule adds to today's roster, day by day, with service before and after.
fn added_table(scenario: &Scenario, r: &ScheduleResult, added: &Added) -> String {
    let c = &r.currency;
    let mut out = String::new();
    out.push_str("\nAdded versus today's roster\n");
    let mut table = Table::new([
        ("date", Align::Left),
        ("shifts", Align::Right),
        ("agents", Align::Right),
        ("agent-hours", Align::Right),
        ("paid hours", Align::Right),
        ("cost", Align::Right),
        ("SL before → after", Align::Right),
        ("P(meet) before → after", Align::Right),
    ]);
    let pct = |v: Option<f64>| v.map_or("–".to_string(), |v| percent(v, 0));
    for (day, calendar) in r.days.iter().zip(scenario.days()) {
        let Some(a) = &day.added else { continue };
        if !calendar
            .intervals
            .clone()
            .any(|i| scenario.intervals[i].open)
        {
            continue;
        }
        let sl_before = a.service_level_before();
        let sl_after = day.service_level();
        table.row([
            day.date.clone(),
            a.shifts.to_string(),
            a.heads.to_string(),
            format!("{:.1}", a.agent_hours),
            format!("{:.1}", a.paid_hours),
            money_whole(a.cost, c),
            format!("{} → {}", pct(sl_before), pct(sl_after)),
            format!(
                "{} → {}",
                pct(a.p_meet_target_before),
                pct(day.p_meet_target)
            ),
        ]);
    }
    table.row([
        "total".to_string(),
        added.shifts.to_string(),
        added.heads.to_string(),
        format!("{:.1}", added.agent_hours),
        format!("{:.1}", added.paid_hours),
        money_whole(added.cost, c),
        String::new(),
        String::new(),
    ]);
    out.push_str(&table.to_string());
    out
}
