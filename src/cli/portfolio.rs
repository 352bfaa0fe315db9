//! `plan` and `simulate` on a portfolio of queues: each queue as on its own, and the totals.

use super::{emit, emit_json};
use staffsim::plan::PlanSummary;
use staffsim::portfolio::{self, Portfolio, Totals};
use staffsim::present::terminal;
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
    emit(&terminal::portfolio_plan(portfolio, &plans, &figures))
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
        // Each queue's steps under its own name, should the run be sharded.
        let options = super::shard::scoped(options(&q.scenario), &q.name);
        results.push(super::progress::run_with_progress(&q.scenario, p, options)?);
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
    emit(&terminal::portfolio_simulation(
        portfolio, &plans, &results, &figures,
    ))
}

/// `simulate` on a portfolio whose queues share agents in `[[group]]`s: one simulation of every
/// queue and group together.
pub(super) fn simulate_shared(
    portfolio: &Portfolio,
    json: bool,
    options: staffsim::sim::SimOptions,
    cross_train: Option<&staffsim::portfolio::CrossTraining>,
) -> anyhow::Result<()> {
    let trained = cross_train
        .map(|c| portfolio.cross_trained(c))
        .transpose()?;
    let (bar, tick) = super::progress::progress_bar();
    let result = staffsim::routing::simulate(portfolio, options, &tick);
    let after = match (&result, &trained) {
        (Ok(_), Some(trained)) => Some(staffsim::routing::simulate(trained, options, &tick)),
        _ => None,
    };
    bar.finish_and_clear();
    let result = result?;
    match (after.transpose()?, cross_train) {
        (Some(after), Some(change)) => {
            if json {
                return emit_json(&serde_json::json!({
                    "cross_trained": change,
                    "before": result,
                    "after": after,
                }));
            }
            emit(&terminal::cross_training(change, &result, &after))
        }
        _ if json => emit_json(&result),
        _ => emit(&terminal::routing(&result)),
    }
}
