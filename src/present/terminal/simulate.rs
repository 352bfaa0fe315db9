//! A simulation as text: per day, each KPI simulated (with its 95 % interval) beside the plan's
//! prediction, in the channel's terms.

use super::shared::percent_ci;
use crate::plan::{Plan, Totals};
use crate::report::format;
use crate::report::{Align, Table};
use crate::scenario::Scenario;
use crate::sim::{Estimate, KpiEstimates, SimulationResult};

/// Seconds with their interval.
fn seconds_ci(e: Option<Estimate>) -> String {
    e.map_or("–".into(), |e| format::seconds_ci(e.mean, e.ci95, 1))
}

/// A share with one decimal, "–" where undefined.
fn percent(x: Option<f64>) -> String {
    x.map_or("–".into(), |x| format::percent(x, 1))
}

/// A simulation as text, day by day beside the plan, in the channel's terms: a live queue's
/// service and abandonment, a backlog's response times, or a campaign's reach.
pub fn simulation(scenario: &Scenario, plan: &Plan, result: &SimulationResult) -> String {
    if scenario.channel.is_deferrable() {
        return render_deferrable(scenario, plan, result);
    }
    if scenario.channel.outbound().is_some() {
        return render_campaign(scenario, plan, result);
    }
    let service = scenario.target.service;
    let mut out = format!(
        "{} — simulation, {} replications, seed {}\nservice level: answered within {} s ({}); [95 % confidence intervals]; Erlang = {} interval by interval\n\n",
        scenario.name,
        result.replications,
        result.seed,
        service.within().get(),
        service.definition(),
        plan.model,
    );
    let row = |label: String, k: &KpiEstimates, t: &Totals| {
        vec![
            label,
            k.offered.map_or("0".into(), |o| format!("{:.0}", o.mean)),
            percent_ci(k.service_level),
            percent(t.service_level),
            seconds_ci(k.asa_seconds),
            t.asa_seconds.map_or("∞".into(), |a| format!("{a:.1} s")),
            percent_ci(k.abandon_rate),
            percent(t.abandon_rate.or(Some(0.0))),
            percent_ci(k.occupancy),
            percent(t.occupancy),
        ]
    };
    out.push_str(&kpi_table(
        "offered",
        ["service level", "ASA", "abandoned", "occupancy"],
        "Erlang",
        plan,
        result,
        row,
    ));
    out.push_str(&format!(
        "\n{:.0} contacts per replication; {} events in {:.2} s ({:.1} million events/s)\n",
        result.contacts_offered(),
        result.events,
        result.wall_seconds,
        result.events_per_second() / 1e6
    ));
    out
}

/// Email and back-office: response times in hours and the backlog at closing instead of
/// abandonment, against the fluid plan.
fn render_deferrable(scenario: &Scenario, plan: &Plan, result: &SimulationResult) -> String {
    let service = scenario.target.service;
    let unit = scenario.channel.unit();
    let mut out = format!(
        "{} — {} simulation, {} replications, seed {}\nservice level: {unit} picked up within {} on the {} clock; [95 % confidence intervals]; fluid = the backlog plan\n\n",
        scenario.name,
        scenario.channel.kind(),
        result.replications,
        result.seed,
        service.within(),
        scenario.target.clock.in_words(),
    );
    let hours_ci =
        |e: Option<Estimate>| e.map_or("–".into(), |e| format::hours_ci(e.mean, e.ci95, 1));
    let count_ci =
        |e: Option<Estimate>| e.map_or("–".into(), |e| format::count_ci(e.mean, e.ci95));
    let row = |label: String, k: &KpiEstimates, t: &Totals| {
        vec![
            label,
            k.offered.map_or("0".into(), |o| format!("{:.0}", o.mean)),
            percent_ci(k.service_level),
            percent(t.service_level),
            hours_ci(k.asa_seconds),
            t.asa_seconds.map_or("–".into(), |a| format::hours(a, 1)),
            count_ci(k.backlog_at_close),
            t.backlog_at_close.map_or("–".into(), |b| format!("{b:.0}")),
            percent_ci(k.occupancy),
            percent(t.occupancy),
        ]
    };
    out.push_str(&kpi_table(
        "offered",
        [
            "service level",
            "mean response",
            "backlog at close",
            "occupancy",
        ],
        "fluid",
        plan,
        result,
        row,
    ));
    out.push_str(&format!(
        "\n{:.0} {unit} per replication; {:.1} still waiting at the horizon's end; {} events in {:.2} s\n",
        result.contacts_offered(),
        result.contacts_stranded as f64 / f64::from(result.replications),
        result.events,
        result.wall_seconds,
    ));
    out
}

/// Outbound: right-party contacts reached and dials placed, the dialler's abandonment and the
/// agents' occupancy, against the plan.
fn render_campaign(scenario: &Scenario, plan: &Plan, result: &SimulationResult) -> String {
    let mut out = format!(
        "{} — outbound simulation, {} replications, seed {}\nconnects = right parties the dialler reached; contacts = those put through to an agent; [95 % confidence intervals]; plan = {}\n\n",
        scenario.name, result.replications, result.seed, plan.model,
    );
    let count_ci =
        |e: Option<Estimate>| e.map_or("–".into(), |e| format::count_ci(e.mean, e.ci95));
    let row = |label: String, k: &KpiEstimates, t: &Totals| {
        vec![
            label,
            k.offered.map_or("0".into(), |o| format!("{:.0}", o.mean)),
            count_ci(k.contacts),
            format!("{:.0}", t.answered),
            count_ci(k.dials),
            t.dials.map_or("–".into(), |d| format!("{d:.0}")),
            percent_ci(k.abandon_rate),
            percent(t.abandon_rate),
            percent_ci(k.occupancy),
            percent(t.occupancy),
        ]
    };
    out.push_str(&kpi_table(
        "connects",
        ["contacts", "dials", "abandoned", "occupancy"],
        "plan",
        plan,
        result,
        row,
    ));
    out.push_str(&format!(
        "\n{:.0} connects per replication; {} events in {:.2} s\n",
        result.contacts_offered(),
        result.events,
        result.wall_seconds,
    ));
    out
}

/// The per-day table: date, offered, then each of four KPIs simulated beside the plan's
/// `theory` value; one row per open day and a total, each from `row`.
fn kpi_table(
    offered: &str,
    kpis: [&str; 4],
    theory: &str,
    plan: &Plan,
    result: &SimulationResult,
    row: impl Fn(String, &KpiEstimates, &Totals) -> Vec<String>,
) -> String {
    let mut headers = vec![("date", Align::Left), (offered, Align::Right)];
    for kpi in kpis {
        headers.extend([(kpi, Align::Right), (theory, Align::Right)]);
    }
    let mut table = Table::new(headers);
    for (day, predicted) in result.days.iter().zip(&plan.days) {
        if predicted.totals.intervals > 0 {
            table.row(row(day.date.to_string(), &day.kpis, &predicted.totals));
        }
    }
    table.row(row("total".into(), &result.run, &plan.totals));
    table.to_string()
}
