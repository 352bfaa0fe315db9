//! `staffsim intraday SCENARIO ACTUALS.csv --now 11:00`: the rest of today re-forecast from the
//! day's actuals, re-planned, and what to do about it.

use super::{args, emit, emit_json};
use clap::Args;
use staffsim::actuals::intraday::{self, Ask, Method};
use staffsim::forecast::ClockTime;
use staffsim::present::{charts, terminal};
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  # 11:00 on a busy Monday: the afternoon re-forecast, and the agents that bring it back
  staffsim intraday scenarios/holiday-peak.toml monday-so-far.csv --now 11:00

  # Weighting the last hour most, extra shifts from 14:00, as JSON and a chart
  staffsim intraday plan.toml today.csv --now 11:00 --method smoothed --from 14:00 --json --chart today.png";

/// Arguments of `staffsim intraday`.
#[derive(Debug, Args)]
pub(super) struct IntradayArgs {
    /// The scenario file (TOML) whose forecast and plan the day runs on.
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,

    /// The day's interval report so far, as `staffsim actuals` reads it.
    #[arg(value_name = "ACTUALS")]
    actuals: PathBuf,

    /// The time now, HH:MM: intervals that end by then are what happened.
    #[arg(long, value_name = "HH:MM")]
    now: ClockTime,

    /// ratio: the rest × actual ÷ forecast so far; smoothed: the same, the latest intervals
    /// weighted most.
    #[arg(long, value_enum, default_value = "ratio")]
    method: Method,

    /// Extra agents start (or go home) at HH:MM (default: the first interval from --now); with
    /// [schedule], a template must start there.
    #[arg(long, value_name = "HH:MM")]
    from: Option<ClockTime>,

    /// The report's own header names: column=Header pairs, e.g. offered=Calls.
    #[arg(long, value_name = "MAP")]
    columns: Option<String>,

    /// Draw the actual, forecast and re-forecast volume, and the agents before and after, to PATH.
    #[arg(long, value_name = "PATH")]
    chart: Option<PathBuf>,

    /// Print the answer as one JSON object and nothing else on stdout.
    #[arg(long)]
    json: bool,

    /// Replications, seed and threads of the rest of the day's simulation.
    #[command(flatten)]
    sim: args::SimFlags,
}

/// Runs `staffsim intraday`.
pub(super) fn run(args: IntradayArgs) -> anyhow::Result<()> {
    let mut inputs = staffsim::scenario::input_files(&args.scenario);
    inputs.push(("ACTUALS".into(), args.actuals.clone()));
    super::outputs_not_inputs(&inputs, &[("--chart", args.chart.as_deref())])?;
    let (scenario, rows) =
        super::actuals::load(&args.scenario, &args.actuals, args.columns.as_deref())?;
    let ask = Ask {
        now: args.now,
        method: args.method,
        from: args.from,
        sim: args
            .sim
            .options(scenario.simulation.replications, scenario.simulation.seed),
    };
    let answer = intraday::intraday(&scenario, &rows, ask, &args.actuals.display().to_string())?;
    if let Some(path) = &args.chart {
        charts::intraday(&scenario, &answer).save_styled(path, &scenario.report.style)?;
    }
    if args.json {
        emit_json(&answer)
    } else {
        emit(&terminal::intraday(&answer))
    }
}
