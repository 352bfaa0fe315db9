//! `staffsim run [SCENARIO]`: the main job — plan, simulate, and write the full report.

use super::{args, emit, emit_json, progress::progress_bar, warn_all};
use clap::Args;
use staffsim::job;
use std::path::PathBuf;
use std::time::Instant;

pub(super) const EXAMPLES: &str = "\
Examples:
  # The bundled holiday-peak scenario, into output/holiday-peak/
  staffsim run

  # Your own scenario, into a folder of your choice, with 500 replications
  staffsim run my-centre.toml --out reports/december --replications 500";

/// Arguments of `staffsim run`.
#[derive(Debug, Args)]
pub(super) struct RunArgs {
    /// The scenario file (TOML); without it, the bundled holiday-peak scenario.
    #[arg(value_name = "SCENARIO")]
    scenario: Option<PathBuf>,

    /// The report folder (default: output/<scenario-name>/). Only an absent or empty folder or
    /// an earlier staffsim report is replaced, and only once the new report is complete.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,

    /// Write the report into an --out folder that holds other files: the report's own files
    /// are replaced, everything else is left alone.
    #[arg(long)]
    force: bool,

    /// Leave out workbook.xlsx (for horizons longer than Excel's 1,048,576 rows).
    #[arg(long)]
    no_workbook: bool,

    #[command(flatten)]
    sim: args::SimFlags,

    /// On a portfolio with [[group]]s: add to the report what N agents of GROUP trained on SKILL
    /// (a queue's name) too would change, queue by queue.
    #[arg(long, value_name = "GROUP:SKILL:N", value_parser = staffsim::portfolio::CrossTraining::parse)]
    cross_train: Option<staffsim::portfolio::CrossTraining>,

    /// Print what was written as one JSON object.
    #[arg(long)]
    json: bool,

    #[command(flatten)]
    shard: super::shard::ShardFlags,
}

#[derive(serde::Serialize)]
struct RunJson {
    scenario: String,
    folder: String,
    files: Vec<String>,
    wall_seconds: f64,
    simulation_seconds: f64,
    chart_seconds: f64,
}

/// Runs `staffsim run`.
pub(super) fn run(args: RunArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let session = args.shard.begin("run", args.scenario.as_deref())?;
    let scenario = match &args.scenario {
        Some(path) => match super::input::load(path)? {
            super::input::Input::Scenario(scenario) => *scenario,
            super::input::Input::Portfolio(portfolio) => {
                if portfolio.skills.is_some() {
                    if let Some(session) = &session {
                        return session.refuse_portfolio();
                    }
                    return run_routing(&portfolio, &args, started);
                }
                no_cross_training(&args)?;
                return run_portfolio(&portfolio, &args, started, session);
            }
        },
        None => job::bundled_scenario()?,
    };
    no_cross_training(&args)?;
    warn_all(&scenario.warnings);
    let options = args
        .sim
        .options(scenario.simulation.replications, scenario.simulation.seed);
    let (bar, tick) = progress_bar();
    if let Some(session) = session {
        let recorded = job::shard(&scenario, options, &tick);
        bar.finish_and_clear();
        recorded?;
        return session.finish(options);
    }
    let output = output_of(&args, &scenario.name);
    let report = job::run(&scenario, &output, options, &tick);
    bar.finish_and_clear();
    let report = report?;
    let json = RunJson::new(
        &scenario.name,
        (&report.folder, &report.files),
        started,
        (report.simulation_seconds, report.chart_seconds),
    );
    if args.json {
        return emit_json(&json);
    }
    let files = json.files;
    let t = &report.plan.totals;
    let r = &report.simulation.run;
    let mut out = format!(
        "{}: simulated service level {} (Erlang {}), {} replications; report in {}\n",
        scenario.name,
        r.service_level
            .map_or("–".into(), |e| staffsim::report::format::percent(
                e.mean, 1
            )),
        t.service_level
            .map_or("–".into(), |s| staffsim::report::format::percent(s, 1)),
        report.simulation.replications,
        report.folder.display()
    );
    for file in &files {
        out.push_str(&format!("  {file}\n"));
    }
    out.push_str(&format!(
        "done in {:.2} s (simulation {:.2} s, charts {:.2} s)\n",
        started.elapsed().as_secs_f64(),
        report.simulation_seconds,
        report.chart_seconds
    ));
    emit(&out)
}

/// `staffsim run` on a portfolio: every queue's report in its subfolder, the portfolio's at the top.
fn run_portfolio(
    portfolio: &staffsim::portfolio::Portfolio,
    args: &RunArgs,
    started: Instant,
    session: Option<super::shard::Session>,
) -> anyhow::Result<()> {
    let output = output_of(args, &portfolio.name);
    let (bar, tick) = progress_bar();
    // Each queue's steps under its name, should the run be sharded.
    let options = |q: &staffsim::portfolio::Queue| {
        let simulation = &q.scenario.simulation;
        let options = args.sim.options(simulation.replications, simulation.seed);
        super::shard::scoped(options, &q.name)
    };
    if let Some(session) = session {
        for q in &portfolio.queues {
            if let Err(err) = job::shard(&q.scenario, options(q), &tick) {
                bar.finish_and_clear();
                return Err(err.into());
            }
        }
        bar.finish_and_clear();
        return session.finish(options(&portfolio.queues[0]));
    }
    let report = job::run_portfolio(portfolio, &output, &options, &tick);
    bar.finish_and_clear();
    let report = report?;
    let json = RunJson::new(
        &portfolio.name,
        (&report.folder, &report.files),
        started,
        (report.simulation_seconds, report.chart_seconds),
    );
    if args.json {
        return emit_json(&json);
    }
    let files = json.files;
    let mut out = format!(
        "{}: portfolio of {}; report in {}\n",
        portfolio.name,
        staffsim::report::format::count_of(report.queues.len() as u64, "queue"),
        report.folder.display()
    );
    for (folder, plan, simulation) in &report.queues {
        out.push_str(&format!(
            "  {folder}/: {}, simulated service level {}, {} replications\n",
            plan.model,
            simulation.run.service_level.map_or("–".into(), |e| {
                staffsim::report::format::percent(e.mean, 1)
            }),
            simulation.replications
        ));
    }
    out.push_str(&format!(
        "  {} files; summary in {}\n",
        files.len(),
        report.folder.join("summary.md").display()
    ));
    out.push_str(&format!(
        "done in {:.2} s (simulation {:.2} s, charts {:.2} s)\n",
        started.elapsed().as_secs_f64(),
        report.simulation_seconds,
        report.chart_seconds
    ));
    emit(&out)
}

/// `run` on a portfolio whose agents are shared in groups.
fn run_routing(
    portfolio: &staffsim::portfolio::Portfolio,
    args: &RunArgs,
    started: Instant,
) -> anyhow::Result<()> {
    let output = output_of(args, &portfolio.name);
    let first = &portfolio.queues[0].scenario.simulation;
    let options = args.sim.options(first.replications, first.seed);
    let (bar, tick) = progress_bar();
    let report = job::run_routing(
        portfolio,
        &output,
        options,
        args.cross_train.as_ref(),
        &tick,
    );
    bar.finish_and_clear();
    let report = report?;
    let json = RunJson::new(
        &portfolio.name,
        (&report.folder, &report.files),
        started,
        (report.simulation.wall_seconds, report.chart_seconds),
    );
    if args.json {
        return emit_json(&json);
    }
    let files = json.files;
    let o = &report.optimization;
    emit(&format!(
        "{}: {} shared by {}; report in {}\n  optimised: {} agent-hours against {} for dedicated teams (pooled bound {})\n  {} files; summary in {}\ndone in {:.2} s\n",
        portfolio.name,
        staffsim::report::format::count_of(report.simulation.queues.len() as u64, "queue"),
        staffsim::report::format::count_of(report.simulation.groups.len() as u64, "group"),
        report.folder.display(),
        staffsim::report::format::grouped(o.agent_hours, 1),
        staffsim::report::format::grouped(o.dedicated.agent_hours, 1),
        staffsim::report::format::grouped(o.pooled_bound.agent_hours, 1),
        files.len(),
        report.folder.join("summary.md").display(),
        started.elapsed().as_secs_f64()
    ))
}

/// `--cross-train` moves agents between groups: refused without them.
fn no_cross_training(args: &RunArgs) -> anyhow::Result<()> {
    if args.cross_train.is_some() {
        return Err(super::UsageError(
            "--cross-train moves agents between the [[group]]s of a portfolio: give it one".into(),
        )
        .into());
    }
    Ok(())
}

/// Where and how `run` writes the report of `name`: `--out`, or `output/NAME`.
fn output_of(args: &RunArgs, name: &str) -> job::OutputOptions {
    job::OutputOptions {
        folder: args
            .out
            .clone()
            .unwrap_or_else(|| PathBuf::from("output").join(name)),
        force: args.force,
        workbook: !args.no_workbook,
    }
}

impl RunJson {
    /// What was written into `folder` (`files` relative to it), and the time taken since
    /// `started`, of which simulating and charting.
    fn new(
        name: &str,
        (folder, files): (&std::path::Path, &[PathBuf]),
        started: Instant,
        (simulation_seconds, chart_seconds): (f64, f64),
    ) -> Self {
        RunJson {
            scenario: name.to_string(),
            folder: folder.display().to_string(),
            files: files
                .iter()
                .map(|f| folder.join(f).display().to_string())
                .collect(),
            wall_seconds: started.elapsed().as_secs_f64(),
            simulation_seconds,
            chart_seconds,
        }
    }
}
