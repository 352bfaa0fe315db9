//! `staffsim sweep SCENARIO`: compare staffing options in parallel, or `--optimize` the staffing
//! interval by interval in simulation.

use super::{
    UsageError, args, emit, emit_json, is_stdout, one_stdout, progress::progress_bar, warn_all,
};
use clap::Args;
use staffsim::present::{charts, terminal};
use staffsim::report::write_csv;
use staffsim::scenario::Scenario;
use staffsim::sim::Estimate;
use staffsim::sweep::{self, Optimization, SweepResult, SweepTotals};
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  # Every option of the scenario's [sweep], simulated with common random numbers
  staffsim sweep scenarios/holiday-peak.toml

  # The same as JSON, with the cost-vs-service front as a chart
  staffsim sweep scenarios/holiday-peak.toml --json --chart front.png

  # Staffing that meets the target in simulation, interval by interval
  staffsim sweep scenarios/holiday-peak.toml --optimize --csv optimised.csv";

/// Arguments of `staffsim sweep`.
#[derive(Debug, Args)]
pub(super) struct SweepArgs {
    /// The scenario file (TOML), with a [sweep] section unless --optimize.
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,

    /// Find per-interval staffing that meets the target in simulation (starting from the Erlang
    /// plan), and show how it differs from the interval-by-interval plan.
    #[arg(long)]
    optimize: bool,

    #[command(flatten)]
    sim: args::SimFlags,

    /// Write the options (or, with --optimize, the intervals) as CSV to PATH.
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,

    /// Draw the cost-vs-service front (or, with --optimize, required vs optimised agents) to PATH.
    #[arg(long, value_name = "PATH")]
    chart: Option<PathBuf>,

    /// Print one JSON object and nothing else on stdout.
    #[arg(long)]
    json: bool,

    #[command(flatten)]
    shard: super::shard::ShardFlags,
}

/// Runs `staffsim sweep`.
pub(super) fn run(args: SweepArgs) -> anyhow::Result<()> {
    one_stdout(args.json, "--csv", args.csv.as_deref())?;
    super::outputs_not_inputs(
        &staffsim::scenario::input_files(&args.scenario),
        &[
            ("--csv", args.csv.as_deref()),
            ("--chart", args.chart.as_deref()),
        ],
    )?;
    if args.optimize && args.shard.given() {
        return Err(UsageError(
            "--optimize cannot be sharded: each step of its search is decided on every replication of the step before; shard a [sweep] instead, whose options are all known in advance".into(),
        )
        .into());
    }
    let session = args.shard.begin("sweep", Some(&args.scenario))?;
    let scenario = match super::input::load(&args.scenario)? {
        super::input::Input::Scenario(scenario) => *scenario,
        super::input::Input::Portfolio(portfolio) => {
            if let Some(session) = &session {
                return session.refuse_portfolio();
            }
            if portfolio.skills.is_some() && args.optimize {
                return optimize_groups(&portfolio, &args);
            }
            if portfolio.skills.is_some() {
                if args.chart.is_some() {
                    return Err(UsageError(
                        "--chart draws one queue's cost-vs-service front: a portfolio with groups has one front per queue; use --csv (every queue under every combination) and chart it, or run `staffsim run` for the shared-agents report".into(),
                    )
                    .into());
                }
                return sweep_groups(&portfolio, &args);
            }
            super::input::refuse_files(&[
                ("--csv", args.csv.is_some()),
                ("--chart", args.chart.is_some()),
                ("--optimize", args.optimize),
            ])?;
            return run_portfolio(&portfolio, &args);
        }
    };
    warn_all(&scenario.warnings);
    if args.optimize {
        if scenario.channel.outbound().is_some() || scenario.channel.is_deferrable() {
            return Err(UsageError(format!(
                "--optimize tunes a live queue's service level interval by interval; {} is {} work, planned exactly by its own model: sweep it with a [sweep] section instead",
                args.scenario.display(),
                scenario.channel.kind()
            ))
            .into());
        }
        return run_optimize(&scenario, &args);
    }
    let Some(config) = scenario.sweep.clone() else {
        return Err(UsageError(format!(
            "{} has no [sweep] section: add one (e.g. requirement_multiplier = [1.0, 1.1]) or use --optimize",
            args.scenario.display()
        ))
        .into());
    };
    let options = args.sim.options(
        config
            .replications
            .unwrap_or(scenario.simulation.replications),
        scenario.simulation.seed,
    );
    let (bar, tick) = progress_bar();
    let result = sweep::sweep(&scenario, &config, options, &tick);
    bar.finish_and_clear();
    let result = result?;
    if let Some(session) = session {
        return session.finish(options);
    }
    if let Some(path) = &args.csv {
        write_csv(path, &csv_rows(&result))?;
    }
    if let Some(path) = &args.chart {
        charts::sweep_front(&scenario, &result).save_styled(path, &scenario.report.style)?;
    }
    if is_stdout(args.csv.as_deref()) {
        return Ok(());
    }
    if args.json {
        emit_json(&result.json())
    } else {
        emit(&terminal::sweep(&scenario, &result))
    }
}

#[derive(serde::Serialize)]
struct OptionRow<'a> {
    option: &'a str,
    paid_hours: f64,
    fte: f64,
    peak_agents: u32,
    cost: f64,
    cost_per_contact: Option<f64>,
    erlang_service_level: Option<f64>,
    service_level: Option<f64>,
    service_level_lo: Option<f64>,
    service_level_hi: Option<f64>,
    p_meet_target: f64,
    worst_day: Option<&'a str>,
    asa_seconds: Option<f64>,
    abandon_rate: Option<f64>,
    occupancy: Option<f64>,
    pareto: bool,
    recommended: bool,
}

fn csv_rows(result: &SweepResult) -> Vec<OptionRow<'_>> {
    let mean = |e: Option<Estimate>| e.map(|e| e.mean);
    result
        .options
        .iter()
        .enumerate()
        .map(|(k, o)| OptionRow {
            option: &o.label,
            paid_hours: o.paid_hours,
            fte: o.fte,
            peak_agents: o.peak_agents,
            cost: o.cost,
            cost_per_contact: o.cost_per_contact,
            erlang_service_level: o.erlang_service_level,
            service_level: mean(o.service_level),
            service_level_lo: o.service_level.and_then(|e| e.ci95).map(|c| c[0]),
            service_level_hi: o.service_level.and_then(|e| e.ci95).map(|c| c[1]),
            p_meet_target: o.p_meet_target,
            worst_day: o.worst_day.as_deref(),
            asa_seconds: mean(o.asa_seconds),
            abandon_rate: mean(o.abandon_rate),
            occupancy: mean(o.occupancy),
            pareto: o.pareto,
            recommended: result.recommended.iter().any(|(_, r)| *r == Some(k)),
        })
        .collect()
}

fn run_optimize(scenario: &Scenario, args: &SweepArgs) -> anyhow::Result<()> {
    let options = args
        .sim
        .options(scenario.simulation.replications, scenario.simulation.seed);
    let (bar, tick) = progress_bar();
    let result = sweep::optimize(scenario, options, &tick);
    bar.finish_and_clear();
    let result = result?;
    if let Some(path) = &args.csv {
        write_csv(path, &result.intervals)?;
    }
    if let Some(path) = &args.chart {
        charts::optimized_staffing(scenario, &result).save_styled(path, &scenario.report.style)?;
    }
    if is_stdout(args.csv.as_deref()) {
        return Ok(());
    }
    if args.json {
        emit_json(&optimize_json(scenario, &result))
    } else {
        emit(&terminal::optimization(scenario, &result))
    }
}

fn optimize_json(scenario: &Scenario, r: &Optimization) -> serde_json::Value {
    let (e, o) = (&r.erlang.totals, &r.optimized.totals);
    serde_json::json!({
        "scenario": scenario.name,
        "iterations": r.iterations,
        "converged": r.converged,
        "erlang_agent_hours": e.required_agent_hours,
        "optimized_agent_hours": o.staffed_agent_hours,
        "extra_agent_hours": o.staffed_agent_hours - e.required_agent_hours,
        "erlang_paid_hours": e.required_agent_hours / (1.0 - scenario.shrinkage.total.fraction()),
        "optimized_paid_hours": o.scheduled_agent_hours,
        "extra_cost": scenario.cost.hourly_cost.map(|c| (o.scheduled_agent_hours - e.required_agent_hours / (1.0 - scenario.shrinkage.total.fraction())) * c),
        "service_level": r.simulation.run.service_level,
        "intervals": r.intervals,
    })
}

/// `sweep` on a portfolio: each queue's own `[sweep]`, and the totals of the recommended options.
fn run_portfolio(
    portfolio: &staffsim::portfolio::Portfolio,
    args: &SweepArgs,
) -> anyhow::Result<()> {
    let mut results = Vec::with_capacity(portfolio.queues.len());
    for q in &portfolio.queues {
        let Some(config) = &q.scenario.sweep else {
            return Err(UsageError(format!(
                "{}: queue '{}' ({}) has no [sweep] section: every queue of a swept portfolio needs one",
                args.scenario.display(),
                q.name,
                q.scenario.source.display()
            ))
            .into());
        };
        let options = args.sim.options(
            config
                .replications
                .unwrap_or(q.scenario.simulation.replications),
            q.scenario.simulation.seed,
        );
        let (bar, tick) = progress_bar();
        let result = sweep::sweep(&q.scenario, config, options, &tick);
        bar.finish_and_clear();
        results.push(result?);
    }
    let totals = SweepTotals::of(&results);
    if args.json {
        let queues = portfolio
            .queues
            .iter()
            .zip(&results)
            .map(|(q, r)| {
                super::portfolio::queue_entry(
                    serde_json::json!({ "queue": q.name, "channel": q.scenario.channel.kind() }),
                    r.json(),
                )
            })
            .collect::<Vec<_>>();
        return super::portfolio::emit_with_totals(
            portfolio,
            queues,
            serde_json::to_value(totals)?,
        );
    }
    emit(&terminal::sweep_portfolio(portfolio, &results, &totals))
}

/// `sweep --optimize` on a portfolio whose agents are shared in groups: each group's agents per
/// interval, by simulation.
fn optimize_groups(
    portfolio: &staffsim::portfolio::Portfolio,
    args: &SweepArgs,
) -> anyhow::Result<()> {
    let first = &portfolio.queues[0].scenario.simulation;
    let options = args.sim.options(first.replications, first.seed);
    let (bar, tick) = progress_bar();
    let result = staffsim::routing::optimize(portfolio, options, &tick);
    bar.finish_and_clear();
    let result = result?;
    if let Some(path) = &args.csv {
        write_csv(path, &result.interval_rows())?;
    }
    if let Some(path) = &args.chart {
        let skills = portfolio.skills.as_ref().expect("groups");
        let plans = staffsim::portfolio::plan(portfolio)?;
        let bounds = staffsim::routing::bounds(portfolio, skills, &plans)?;
        let scenario = &portfolio.queues[0].scenario;
        charts::routing_bounds(&plans, scenario.interval, &bounds, Some(&result))
            .save_styled(path, &scenario.report.style)?;
    }
    if is_stdout(args.csv.as_deref()) {
        return Ok(());
    }
    if args.json {
        emit_json(&result)
    } else {
        emit(&terminal::skill_optimization(&result))
    }
}

/// `sweep` on a portfolio with groups: its own `[sweep]` grid, each combination simulated on the
/// same contacts.
fn sweep_groups(
    portfolio: &staffsim::portfolio::Portfolio,
    args: &SweepArgs,
) -> anyhow::Result<()> {
    let Some(grid) = &portfolio.sweep else {
        return Err(UsageError(format!(
            "{} has no [sweep] for its [[group]]s: add one (e.g. volume_multiplier = [1.0, 1.3], agents_added = [0, 2]) or use --optimize",
            portfolio.source.display()
        ))
        .into());
    };
    let first = &portfolio.queues[0].scenario;
    let options = args.sim.options(
        grid.replications.unwrap_or(first.simulation.replications),
        first.simulation.seed,
    );
    let (bar, tick) = progress_bar();
    let result = staffsim::routing::grid::sweep(portfolio, options, &tick);
    bar.finish_and_clear();
    let result = result?;
    if let Some(path) = &args.csv {
        write_csv(path, &result.rows())?;
    }
    if is_stdout(args.csv.as_deref()) {
        return Ok(());
    }
    if args.json {
        emit_json(&result)
    } else {
        emit(&terminal::skill_sweep(&result))
    }
}
