//! `plan` and `simulate` on a portfolio of queues: each queue as on its own, and the totals.

use super::{emit, emit_json};
use staffsim::plan::{Plan, PlanSummary};
use staffsim::portfolio::{self, ChannelTotals, Portfolio, Totals};
use staffsim::report::format::count_of;
use staffsim::report::{Align, Table};
use staffsim::sim::SimulationResult;
use std::path::Path;

/// A queue's JSON with its name first.
fn queue_json(name: &str, value: impl serde::Serialize) -> anyhow::Result<serde_json::Value> {
    let mut object = serde_json::Map::new();
    object.insert("queue".into(), name.into());
    if let serde_json::Value::Object(fields) = serde_json::to_value(value)? {
        object.extend(fields);
    }
    Ok(serde_json::Value::Object(object))
}

/// The portfolio's totals object: the totals and, under `by_channel`, each channel's.
fn totals_json(portfolio: &Portfolio, figures: &[Totals]) -> anyhow::Result<serde_json::Value> {
    let mut totals = serde_json::to_value(portfolio::totals(figures))?;
    totals["by_channel"] = serde_json::to_value(portfolio::by_channel(&portfolio.queues, figures))?;
    Ok(totals)
}

/// `head` (e.g. `{"queue", "channel"}`) followed by the fields of `body`, a JSON object.
pub(super) fn queue_entry(
    mut head: serde_json::Value,
    body: serde_json::Value,
) -> serde_json::Value {
    if let (Some(to), serde_json::Value::Object(from)) = (head.as_object_mut(), body) {
        to.extend(from);
    }
    head
}

/// Prints `{"portfolio", "queues", "totals"}` with `totals` as given.
pub(super) fn emit_with_totals(
    portfolio: &Portfolio,
    queues: Vec<serde_json::Value>,
    totals: serde_json::Value,
) -> anyhow::Result<()> {
    emit_json(&serde_json::json!({
        "portfolio": portfolio.name,
        "queues": queues,
        "totals": totals,
    }))
}

/// Each queue's own text under a `== queue NAME (channel)` line.
pub(super) fn queue_sections(portfolio: &Portfolio, render: impl Fn(usize) -> String) -> String {
    let mut out = String::new();
    for (k, q) in portfolio.queues.iter().enumerate() {
        out.push_str(&format!(
            "== queue {} ({})\n",
            q.name,
            q.scenario.channel.kind()
        ));
        out.push_str(&render(k));
        out.push('\n');
    }
    out
}

/// Prints `{"portfolio", "queues", "totals"}`.
fn emit_portfolio_json(
    portfolio: &Portfolio,
    queues: Vec<serde_json::Value>,
    figures: &[Totals],
) -> anyhow::Result<()> {
    emit_with_totals(portfolio, queues, totals_json(portfolio, figures)?)
}

/// `plan` on a portfolio, with its stacked-by-channel staffing chart to `chart`.
pub(super) fn plan(portfolio: &Portfolio, json: bool, chart: Option<&Path>) -> anyhow::Result<()> {
    let plans = portfolio::plan(portfolio)?;
    if let Some(path) = chart {
        staffsim::present::charts::portfolio_staffing(portfolio, &plans).save(path)?;
    }
    let summaries: Vec<PlanSummary> = portfolio
        .queues
        .iter()
        .zip(&plans)
        .map(|(q, p)| p.summary(&q.scenario))
        .collect();
    let figures: Vec<Totals> = summaries
        .iter()
        .zip(&portfolio.queues)
        .map(|(s, q)| Totals::planned(s, &q.scenario))
        .collect();
    if json {
        let queues = portfolio
            .queues
            .iter()
            .zip(&summaries)
            .map(|(q, s)| queue_json(&q.name, s))
            .collect::<anyhow::Result<Vec<_>>>()?;
        return emit_portfolio_json(portfolio, queues, &figures);
    }
    let mut table = Table::new([
        ("queue", Align::Left),
        ("channel", Align::Left),
        ("model", Align::Left),
        ("offered", Align::Right),
        ("handled", Align::Right),
        ("required agent-h", Align::Right),
        ("paid agent-h", Align::Right),
        ("FTE", Align::Right),
        ("cost", Align::Right),
        ("per contact", Align::Right),
        ("key KPI", Align::Left),
        ("peak agents", Align::Right),
    ]);
    for ((q, p), f) in portfolio.queues.iter().zip(&plans).zip(&figures) {
        table.row([
            q.name.clone(),
            q.scenario.channel.kind().to_string(),
            p.model.to_string(),
            format!("{:.0}", f.offered),
            format!("{:.0}", f.answered),
            format!("{:.1}", f.required_agent_hours),
            format!("{:.1}", f.scheduled_agent_hours),
            format!("{:.1}", f.fte),
            money(f.total_cost, &q.scenario.cost.currency),
            per_contact(f.total_cost, f.answered),
            key_kpi(&q.scenario, p),
            p.totals.peak_required_agents.to_string(),
        ]);
    }
    let mut out = header(portfolio, "plan");
    out.push_str(&table.to_string());
    out.push_str(&footer(portfolio, &figures));
    emit(&out)
}

/// `simulate` on a portfolio: each queue with its own replications and seed (or the flags').
pub(super) fn simulate(
    portfolio: &Portfolio,
    json: bool,
    options: impl Fn(&staffsim::scenario::Scenario) -> staffsim::sim::SimOptions,
) -> anyhow::Result<()> {
    let plans = portfolio::plan(portfolio)?;
    let mut results: Vec<SimulationResult> = Vec::with_capacity(plans.len());
    for (q, p) in portfolio.queues.iter().zip(&plans) {
        results.push(super::progress::run_with_progress(
            &q.scenario,
            p,
            options(&q.scenario),
        )?);
    }
    let summaries: Vec<PlanSummary> = portfolio
        .queues
        .iter()
        .zip(&plans)
        .map(|(q, p)| p.summary(&q.scenario))
        .collect();
    let figures: Vec<Totals> = summaries
        .iter()
        .zip(&results)
        .zip(&portfolio.queues)
        .map(|((s, r), q)| Totals::simulated(s, &q.scenario, r))
        .collect();
    if json {
        let queues = portfolio
            .queues
            .iter()
            .zip(&plans)
            .zip(&results)
            .map(|((q, p), r)| {
                queue_json(&q.name, staffsim::sim::summary::summary(&q.scenario, p, r))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        return emit_portfolio_json(portfolio, queues, &figures);
    }
    let mut table = Table::new([
        ("queue", Align::Left),
        ("channel", Align::Left),
        ("replications", Align::Right),
        ("offered", Align::Right),
        ("handled", Align::Right),
        ("service level", Align::Right),
        ("plan", Align::Right),
        ("occupancy", Align::Right),
        ("plan", Align::Right),
    ]);
    for (((q, p), r), f) in portfolio
        .queues
        .iter()
        .zip(&plans)
        .zip(&results)
        .zip(&figures)
    {
        table.row([
            q.name.clone(),
            q.scenario.channel.kind().to_string(),
            r.replications.to_string(),
            format!("{:.0}", f.offered),
            format!("{:.0}", f.answered),
            super::percent_ci(r.run.service_level),
            p.totals
                .service_level
                .map_or("–".into(), |s| staffsim::report::format::percent(s, 1)),
            super::percent_ci(r.run.occupancy),
            p.totals
                .occupancy
                .map_or("–".into(), |o| staffsim::report::format::percent(o, 1)),
        ]);
    }
    let mut out = header(portfolio, "simulation");
    out.push_str(&table.to_string());
    out.push_str(&footer(portfolio, &figures));
    out.push_str(
        "\nEach queue is simulated on its own with its dedicated agents; offered and handled are means over replications.\n",
    );
    emit(&out)
}

fn header(portfolio: &Portfolio, what: &str) -> String {
    let mut out = format!(
        "{} — portfolio {what}, {}",
        portfolio.name,
        count_of(portfolio.queues.len() as u64, "queue")
    );
    if !portfolio.description.is_empty() {
        out.push_str(&format!(" — {}", portfolio.description));
    }
    out.push_str("\n\n");
    out
}

/// The totals and the by-channel lines.
fn footer(portfolio: &Portfolio, figures: &[Totals]) -> String {
    let currency = portfolio
        .queues
        .first()
        .map_or(String::new(), |q| q.scenario.cost.currency.clone());
    let t = portfolio::totals(figures);
    let mut out = format!(
        "\ntotal         {:.1} required agent-hours, {:.1} paid ({:.1} FTE); {} offered, {} handled; cost {}, {} per contact (blended)\n",
        t.required_agent_hours,
        t.scheduled_agent_hours,
        t.fte,
        t.offered.round(),
        t.answered.round(),
        money(t.total_cost, &currency),
        per_contact(t.total_cost, t.answered),
    );
    for ChannelTotals {
        channel,
        queues,
        totals,
    } in portfolio::by_channel(&portfolio.queues, figures)
    {
        out.push_str(&format!(
            "{channel:<13} {queues} queue{}: {:.1} paid agent-hours ({:.1} FTE), {} handled, cost {}, {} per contact\n",
            if queues == 1 { "" } else { "s" },
            totals.scheduled_agent_hours,
            totals.fte,
            totals.answered.round(),
            money(totals.total_cost, &currency),
            per_contact(totals.total_cost, totals.answered),
        ));
    }
    out
}

fn money(x: Option<f64>, currency: &str) -> String {
    x.map_or("–".into(), |c| format!("{c:.0} {currency}"))
}

fn per_contact(cost: Option<f64>, answered: f64) -> String {
    cost.filter(|_| answered > 0.0)
        .map_or("–".into(), |c| format!("{:.2}", c / answered))
}

/// The KPI a planner reads first for the queue's channel.
fn key_kpi(scenario: &staffsim::scenario::Scenario, p: &Plan) -> String {
    let t = &p.totals;
    let pct = |x: Option<f64>| x.map_or("–".into(), |x| staffsim::report::format::percent(x, 1));
    if scenario.channel.is_deferrable() {
        format!(
            "{} within {}, mean response {}",
            pct(t.service_level),
            scenario.target.service.within(),
            t.asa_seconds
                .map_or("–".into(), |a| staffsim::report::format::hours(a, 1))
        )
    } else if scenario.channel.outbound().is_some() {
        format!("abandonment {}", pct(t.abandon_rate))
    } else {
        format!(
            "SL {} within {} s",
            pct(t.service_level),
            scenario.target.service.within().get()
        )
    }
}
