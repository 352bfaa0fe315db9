//! `staffsim simulate SCENARIO`: discrete-event simulation of the scenario's staffing, set beside
//! the interval-by-interval Erlang prediction.

use super::progress::run_with_progress;
use super::{args, emit, emit_json, is_stdout, one_stdout, warn_all};
use clap::Args;
use staffsim::plan;
use staffsim::present::interval_rows;
use staffsim::present::{charts, terminal};
use staffsim::report::write_csv;
use staffsim::sim::summary::summary;
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  # Simulate the holiday week with the scenario's replications and seed
  staffsim simulate scenarios/holiday-peak.toml

  # 500 replications with another seed, every interval to CSV, the run as JSON
  staffsim simulate scenarios/holiday-peak.toml --replications 500 --seed 42 --csv sim.csv --json";

/// Arguments of `staffsim simulate`.
#[derive(Debug, Args)]
pub(super) struct SimulateArgs {
    /// The scenario file (TOML).
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,

    #[command(flatten)]
    sim: args::SimFlags,

    /// Write every open interval's simulated KPIs (with 95 % intervals) and the Erlang
    /// prediction as CSV to PATH.
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,

    /// Draw the service level by interval (simulated, with its 95 % band, against Erlang and
    /// the target) to PATH (.png or .svg).
    #[arg(long, value_name = "PATH")]
    chart: Option<PathBuf>,

    /// On a portfolio with [[group]]s: simulate it as it is and with N agents of GROUP trained
    /// on SKILL (a queue's name) too, and print both side by side.
    #[arg(long, value_name = "GROUP:SKILL:N", value_parser = staffsim::portfolio::CrossTraining::parse)]
    cross_train: Option<staffsim::portfolio::CrossTraining>,

    /// Print the run as one JSON object and nothing else on stdout.
    #[arg(long)]
    json: bool,

    #[command(flatten)]
    shard: super::shard::ShardFlags,
}

/// Runs `staffsim simulate`.
pub(super) fn run(args: SimulateArgs) -> anyhow::Result<()> {
    one_stdout(args.json, "--csv", args.csv.as_deref())?;
    super::outputs_not_inputs(
        &staffsim::scenario::input_files(&args.scenario),
        &[
            ("--csv", args.csv.as_deref()),
            ("--chart", args.chart.as_deref()),
        ],
    )?;
    let session = args.shard.begin("simulate", Some(&args.scenario))?;
    let scenario = match super::input::load(&args.scenario)? {
        super::input::Input::Scenario(scenario) => *scenario,
        super::input::Input::Portfolio(portfolio) => {
            if let Some(session) = session {
                return shard_portfolio(&portfolio, &args, session);
            }
            super::input::refuse_files(&[
                ("--csv", args.csv.is_some()),
                ("--chart", args.chart.is_some()),
            ])?;
            if portfolio.skills.is_some() {
                let first = &portfolio.queues[0].scenario.simulation;
                let options = args.sim.options(first.replications, first.seed);
                return super::portfolio::simulate_shared(
                    &portfolio,
                    args.json,
                    options,
                    args.cross_train.as_ref(),
                );
            }
            return super::portfolio::simulate(&portfolio, args.json, |s| {
                args.sim
                    .options(s.simulation.replications, s.simulation.seed)
            });
        }
    };
    if args.cross_train.is_some() {
        return Err(super::UsageError(
            "--cross-train moves agents between the [[group]]s of a portfolio: give it one".into(),
        )
        .into());
    }
    warn_all(&scenario.warnings);
    let plan = plan::plan(&scenario)?;
    let options = args
        .sim
        .options(scenario.simulation.replications, scenario.simulation.seed);
    let result = run_with_progress(&scenario, &plan, options)?;
    if let Some(session) = session {
        return session.finish(options);
    }
    if result.contacts_stranded > 0 && !scenario.channel.is_deferrable() {
        eprintln!(
            "warning: {} contacts were still waiting at the end with no agents to answer them; counted as abandoned",
            result.contacts_stranded
        );
    }
    if let Some(path) = &args.csv {
        write_csv(path, &interval_rows(&plan, &result))?;
    }
    if let Some(path) = &args.chart {
        let ctx = charts::Context {
            scenario: &scenario,
            plan: &plan,
            simulation: Some(&result),
        };
        charts::service_level(&ctx).save_styled(path, &scenario.report.style)?;
    }
    if is_stdout(args.csv.as_deref()) {
        return Ok(());
    }
    if args.json {
        emit_json(&summary(&scenario, &plan, &result))
    } else {
        emit(&terminal::simulation(&scenario, &plan, &result))
    }
}

/// A shard of a portfolio simulated and written as a part: its shared agents (its [[group]]s)
/// together, or each queue's dedicated team under the queue's name.
fn shard_portfolio(
    portfolio: &staffsim::portfolio::Portfolio,
    args: &SimulateArgs,
    session: super::shard::Session,
) -> anyhow::Result<()> {
    if args.cross_train.is_some() {
        return session.refuse_portfolio();
    }
    let first = &portfolio.queues[0].scenario.simulation;
    let options = args.sim.options(first.replications, first.seed);
    if portfolio.skills.is_some() {
        let (bar, tick) = super::progress::progress_bar();
        let simulated = staffsim::routing::simulate(portfolio, options, &tick);
        bar.finish_and_clear();
        simulated?;
    } else {
        let plans = staffsim::portfolio::plan(portfolio)?;
        for (q, plan) in portfolio.queues.iter().zip(&plans) {
            let queue = args.sim.options(
                q.scenario.simulation.replications,
                q.scenario.simulation.seed,
            );
            run_with_progress(&q.scenario, plan, super::shard::scoped(queue, &q.name))?;
        }
    }
    session.finish(options)
}
