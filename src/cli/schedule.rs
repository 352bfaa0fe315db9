//! `staffsim schedule SCENARIO`: whole agents on the shift templates of `[schedule]`.

use super::{args, emit, emit_json, is_stdout, one_stdout, progress::progress_bar, warn_all};
use clap::{Args, ValueEnum};
use staffsim::present::{charts, terminal};
use staffsim::report::{write_atomically, write_csv};
use staffsim::scenario::{Objective, Scenario};
use staffsim::schedule::{self, ScheduleOptions};
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  # What to add to the holiday week's roster, and what it costs
  staffsim schedule scenarios/holiday-peak.toml

  # Hold 80/20 on 90 % of simulated days, each day on its own
  staffsim schedule scenarios/holiday-peak.toml --objective service

  # Publish: the shifts as CSV and as a roster the other commands read
  staffsim schedule scenarios/holiday-peak.toml --csv shifts.csv --roster-out roster.toml";

/// `--objective`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum ObjectiveArg {
    /// Every open interval staffed at or above its requirement, at least cost.
    Cover,
    /// At least cost with every open day meeting the target on [target] confidence of its
    /// simulated replications.
    Service,
}

/// Arguments of `staffsim schedule`.
#[derive(Debug, Args)]
pub(super) struct ScheduleArgs {
    /// The scenario file (TOML) with a [schedule] section.
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,

    /// What to optimise (overrides [schedule] objective).
    #[arg(long, value_enum)]
    objective: Option<ObjectiveArg>,

    /// Write one row per scheduled shift to PATH (- for stdout).
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,

    /// Write the schedule as [[staffing.shift]] entries (dated, with breaks) to PATH.
    #[arg(long, value_name = "PATH")]
    roster_out: Option<PathBuf>,

    /// Draw coverage against requirement with the shifts beneath to PATH (.png or .svg).
    #[arg(long, value_name = "PATH")]
    chart: Option<PathBuf>,

    /// Print the schedule as one JSON object and nothing else on stdout.
    #[arg(long)]
    json: bool,

    /// Replications, seed and threads of the simulation that evaluates the schedule.
    #[command(flatten)]
    sim: args::SimFlags,
}

/// Runs `staffsim schedule`.
pub(super) fn run(args: ScheduleArgs) -> anyhow::Result<()> {
    one_stdout(args.json, "--csv", args.csv.as_deref())?;
    super::outputs_not_inputs(
        &staffsim::scenario::input_files(&args.scenario),
        &[
            ("--csv", args.csv.as_deref()),
            ("--roster-out", args.roster_out.as_deref()),
            ("--chart", args.chart.as_deref()),
        ],
    )?;
    let text = staffsim::input::read_text(&args.scenario)?;
    if staffsim::portfolio::is_portfolio(&text) {
        let portfolio = staffsim::portfolio::Portfolio::from_toml(&text, &args.scenario)?;
        if portfolio.skills.is_some() {
            return schedule_groups(&portfolio, &args);
        }
    }
    let scenario = Scenario::load(&args.scenario)?;
    warn_all(&scenario.warnings);
    if scenario.schedule.is_none() {
        return Err(super::UsageError(format!(
            "{} has no [schedule] section: add [[schedule.template]] entries (name, start, length, days) to schedule from",
            args.scenario.display()
        ))
        .into());
    }
    let options = ScheduleOptions {
        sim: args
            .sim
            .options(scenario.simulation.replications, scenario.simulation.seed),
        objective: args.objective.map(|o| match o {
            ObjectiveArg::Cover => Objective::Cover,
            ObjectiveArg::Service => Objective::Service,
        }),
    };
    let (bar, tick) = progress_bar();
    let result = schedule::schedule(&scenario, options, &tick);
    bar.finish_and_clear();
    let result = result?;
    warn_all(&result.warnings);
    if let Some(path) = &args.csv {
        write_csv(path, &result.csv_rows())?;
    }
    if let Some(path) = &args.roster_out {
        write_atomically(
            path,
            schedule::roster_fragment(&scenario, &result).as_bytes(),
        )?;
    }
    if let Some(path) = &args.chart {
        charts::schedule(&scenario, &result)?.save_styled(path, &scenario.report.style)?;
    }
    if is_stdout(args.csv.as_deref()) {
        return Ok(());
    }
    if args.json {
        emit_json(&result.json())
    } else {
        emit(&terminal::schedule(&scenario, &result))
    }
}

/// `schedule` on a portfolio whose agents are shared in groups: each group with templates
/// scheduled on its optimised requirement, the queues simulated at the shifts.
fn schedule_groups(
    portfolio: &staffsim::portfolio::Portfolio,
    args: &ScheduleArgs,
) -> anyhow::Result<()> {
    super::input::refuse_files(&[
        ("--csv", args.csv.is_some()),
        ("--roster-out", args.roster_out.is_some()),
        ("--chart", args.chart.is_some()),
    ])?;
    warn_all(&portfolio.warnings());
    let first = &portfolio.queues[0].scenario.simulation;
    let options = args.sim.options(first.replications, first.seed);
    let (bar, tick) = progress_bar();
    let result = staffsim::routing::schedule_groups(portfolio, options, &tick);
    bar.finish_and_clear();
    let result = result?;
    if args.json {
        emit_json(&result)
    } else {
        emit(&terminal::shared_schedule(&result))
    }
}
