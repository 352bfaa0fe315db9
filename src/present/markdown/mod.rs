//! `summary.md`: the one-page report.

use crate::plan::Plan;
use crate::report::Chart;
use crate::scenario::{Channel, Scenario};
use crate::sim::SimulationResult;
use std::fmt::Write;

mod actuals;
mod assumptions;
mod bid_finance;
mod decisions;
mod page;
mod results;

use assumptions::*;
use decisions::*;
use page::*;
use results::*;

/// The report's title: `[report] title`, else "NAME — staffing report".
pub(crate) fn title(scenario: &Scenario) -> String {
    scenario
        .report
        .title
        .clone()
        .unwrap_or_else(|| format!("{} — staffing report", scenario.name))
}

/// The report as Markdown: a heading, then one section after another.
pub(crate) fn render(
    scenario: &Scenario,
    plan: &Plan,
    sim: &SimulationResult,
    extras: super::Extras,
    charts: &[(String, Chart)],
) -> String {
    let target = scenario.target.service;
    let first = plan.intervals.first().map(|i| i.start.date());
    let last = plan.intervals.last().map(|i| i.start.date());
    let horizon = match (first, last) {
        (Some(a), Some(b)) if a == b => a.strftime("%a %-d %b %Y").to_string(),
        (Some(a), Some(b)) => format!(
            "{} to {}",
            a.strftime("%a %-d %b"),
            b.strftime("%a %-d %b %Y")
        ),
        _ => String::new(),
    };
    let currency = &scenario.cost.currency;
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", title(scenario));
    if let Some(client) = &scenario.report.client {
        let _ = writeln!(md, "**Prepared for {client}**\n");
    }
    if !scenario.description.is_empty() {
        let _ = writeln!(md, "> {}\n", scenario.description);
    }
    let page = Page {
        scenario,
        plan,
        sim,
        extras,
        charts,
        target,
        horizon: &horizon,
        currency,
    };
    for section in [
        question,
        assumptions,
        results,
        where_missed,
        sweep_options,
        schedule,
        roster,
        bid,
        actuals::actuals,
        chart_list,
    ] {
        section(&page, &mut md);
    }
    md
}

/// The question the report answers.
fn question(p: &Page, md: &mut String) {
    let Page {
        scenario,
        plan,
        sim,
        target,
        horizon,
        ..
    } = *p;
    let _ = writeln!(md, "## The question\n");
    if scenario.channel != Channel::Voice && !matches!(scenario.channel, Channel::Chat { .. }) {
        let _ = writeln!(
            md,
            "Does this staffing meet **{}** from {horizon}? Answered two ways: interval by interval with **{}**, and by **simulating the whole horizon {} times** (seed {}) with {} handle times{}.\n",
            target_words(scenario),
            plan.model,
            sim.replications,
            sim.seed,
            handle_time_name(&scenario.handle_time),
            if scenario.channel.is_deferrable() {
                ", the backlog carried across intervals, nights and closed days"
            } else {
                ""
            },
        );
        return;
    }
    let _ = writeln!(
        md,
        "Does this staffing answer **{:.0} % of contacts within {} s** ({} definition) from {horizon}? \
         Answered two ways: interval by interval with **{}**, as an Erlang spreadsheet would, and by \
         **simulating the whole horizon {} times** (seed {}), with queues carried over from one interval \
         to the next, {} handle times and {}.\n",
        target.service_level() * 100.0,
        target.within().get(),
        target.definition(),
        plan.model,
        sim.replications,
        sim.seed,
        handle_time_name(&scenario.handle_time),
        if scenario.patience.mean().is_some() {
            "callers who hang up when kept waiting too long"
        } else {
            "callers who wait as long as it takes (no [patience] is set)"
        },
    );
}

/// Every chart, with its title and subtitle.
fn chart_list(p: &Page, md: &mut String) {
    let Page {
        scenario, charts, ..
    } = *p;
    let _ = writeln!(md, "## Charts\n");
    for (stem, chart) in charts {
        let _ = writeln!(
            md,
            "### {}\n\n{}\n\n![{}](charts/{stem}.png)\n",
            chart.title, chart.subtitle, chart.title
        );
    }
    let _ = writeln!(
        md,
        "---\nWritten by staffsim {} from scenario `{}`. Each chart is also in `charts/` as SVG; every interval is in `intervals.csv` and `workbook.xlsx`.",
        env!("CARGO_PKG_VERSION"),
        scenario.name
    );
}
