//! A portfolio as text: each queue's line, the totals and each channel's.

use crate::plan::Plan;
use crate::portfolio::{self, ChannelTotals, Portfolio, Totals};
use crate::report::format::{self, count_of};
use crate::report::{Align, Table};
use crate::sim::SimulationResult;

/// `plan` on a portfolio: a line per queue, then the totals.
pub fn portfolio_plan(portfolio: &Portfolio, plans: &[Plan], figures: &[Totals]) -> String {
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
    for ((q, p), f) in portfolio.queues.iter().zip(plans).zip(figures) {
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
    out.push_str(&footer(portfolio, figures));
    out
}

/// `simulate` on a portfolio: a line per queue, simulated against planned, then the totals.
pub fn portfolio_simulation(
    portfolio: &Portfolio,
    plans: &[Plan],
    results: &[SimulationResult],
    figures: &[Totals],
) -> String {
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
    for (((q, p), r), f) in portfolio.queues.iter().zip(plans).zip(results).zip(figures) {
        table.row([
            q.name.clone(),
            q.scenario.channel.kind().to_string(),
            r.replications.to_string(),
            format!("{:.0}", f.offered),
            format!("{:.0}", f.answered),
            super::shared::percent_ci(r.run.service_level),
            p.totals
                .service_level
                .map_or("–".into(), |s| format::percent(s, 1)),
            super::shared::percent_ci(r.run.occupancy),
            p.totals
                .occupancy
                .map_or("–".into(), |o| format::percent(o, 1)),
        ]);
    }
    let mut out = header(portfolio, "simulation");
    out.push_str(&table.to_string());
    out.push_str(&footer(portfolio, figures));
    out.push_str(
        "\nEach queue is simulated on its own with its dedicated agents; offered and handled are means over replications.\n",
    );
    out
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
fn key_kpi(scenario: &crate::scenario::Scenario, p: &Plan) -> String {
    let t = &p.totals;
    let pct = |x: Option<f64>| x.map_or("–".into(), |x| format::percent(x, 1));
    if scenario.channel.is_deferrable() {
        format!(
            "{} within {}, mean response {}",
            pct(t.service_level),
            scenario.target.service.within(),
            t.asa_seconds.map_or("–".into(), |a| format::hours(a, 1))
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
