//! The command line: one file per subcommand, each holding its argument struct and the glue that
//! turns arguments into a validated request for the library and prints the result. No maths here.

mod actuals;
mod args;
mod bid;
mod erlang;
mod forecast;
mod input;
mod intraday;
mod plan;
mod portfolio;
mod progress;
mod roster;
mod run;
mod schedule;
mod serve;
mod shard;
mod simulate;
mod sweep;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Workforce forecasting and staffing for contact centres.
#[derive(Debug, Parser)]
#[command(name = "staffsim", version, about, long_about = None, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,

    /// The largest input file (scenario, CSV, history) read: e.g. 2GB, 500MB, 4GiB or bytes.
    /// Default 1GiB.
    #[arg(long, global = true, value_name = "SIZE", value_parser = args::byte_size)]
    max_input_size: Option<u64>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// One interval: evaluate a number of agents (or a range) or solve for the fewest that meet a
    /// target, by Erlang C, or Erlang A when callers abandon.
    #[command(after_help = erlang::EXAMPLES)]
    Erlang(erlang::ErlangArgs),

    /// Interval-by-interval analytic plan for a scenario: required agents, FTE, KPIs, cost.
    #[command(after_help = plan::EXAMPLES)]
    Plan(plan::PlanArgs),

    /// Discrete-event simulation of the scenario's staffing, with confidence intervals, beside
    /// the Erlang prediction.
    #[command(after_help = simulate::EXAMPLES)]
    Simulate(simulate::SimulateArgs),

    /// Parallel sweep over the scenario's staffing options, or --optimize the staffing in
    /// simulation.
    #[command(after_help = sweep::EXAMPLES)]
    Sweep(sweep::SweepArgs),

    /// Fit and forecast interval volumes from history, choosing the method by backtest; or
    /// --synthesize a history.
    #[command(after_help = forecast::EXAMPLES)]
    Forecast(forecast::ForecastArgs),

    /// Contract sizing and pricing over a term: monthly FTE, hiring, cost, prices at a margin,
    /// SLA risk.
    #[command(after_help = bid::EXAMPLES)]
    Bid(bid::BidArgs),

    /// Shift scheduling: whole agents on the [schedule] templates that cover the requirement
    /// (or hold the target every day) at least cost; the roster to publish.
    #[command(after_help = schedule::EXAMPLES)]
    Schedule(schedule::ScheduleArgs),

    /// Rosters of people: each agent on the staff list given shifts under their contract's
    /// rules (rest, days off, hours), covering the requirement; CSV, calendars, a chart.
    #[command(after_help = roster::EXAMPLES)]
    Roster(roster::RosterArgs),

    /// What happened against the plan: an ACD interval report against the scenario's forecast
    /// (WAPE, bias), plan (agents) and model (service level predicted at the agents staffed).
    #[command(after_help = actuals::EXAMPLES)]
    Actuals(actuals::ActualsArgs),

    /// The rest of today: re-forecast from the day's actuals up to --now, re-planned and
    /// simulated, with the extra agents (or VTO) that bring it to the target.
    #[command(after_help = intraday::EXAMPLES)]
    Intraday(intraday::IntradayArgs),

    /// The main job: plan, simulate and write a complete report (summary, charts, CSV,
    /// workbook) into output/<scenario-name>/. Without SCENARIO, the bundled holiday-peak scenario.
    #[command(after_help = run::EXAMPLES)]
    Run(run::RunArgs),

    /// Merge the partial results of a sharded simulate, sweep, bid or run (--shard K/N) into
    /// exactly what the command prints and writes in one piece.
    #[command(after_help = shard::EXAMPLES)]
    Merge(shard::MergeArgs),

    /// The what-if page: a local web server where levers change a copy of a scenario and the
    /// plan, charts, simulation, bid and report follow.
    #[command(after_help = serve::EXAMPLES)]
    Serve(serve::ServeArgs),
}

/// An input error found after clap parsed the flags: a bad combination of flags, for example.
/// Maps to exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct UsageError(pub String);

/// Parses the command line. On `--help`/`--version` prints and returns exit code 0; on a usage
/// error prints one line naming the flag and returns exit code 2.
pub(crate) fn parse() -> Result<Cli, ExitCode> {
    Cli::try_parse().map_err(|err| {
        use clap::error::ErrorKind;
        match err.kind() {
            ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                // Best effort: a closed stdout is not worth a panic.
                let _ = err.print();
                if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                }
            }
            _ => {
                eprintln!("{}", clap_one_line(&err));
                ExitCode::from(2)
            }
        }
    })
}

/// Runs the parsed subcommand.
pub(crate) fn dispatch(cli: Cli) -> anyhow::Result<()> {
    if let Some(bytes) = cli.max_input_size {
        staffsim::input::set_max_input_bytes(bytes);
    }
    match cli.command {
        Command::Erlang(args) => erlang::run(args),
        Command::Plan(args) => plan::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Sweep(args) => sweep::run(args),
        Command::Bid(args) => bid::run(args),
        Command::Merge(args) => shard::run(args),
        Command::Forecast(args) => forecast::run(args),
        Command::Schedule(args) => schedule::run(args),
        Command::Roster(args) => roster::run(args),
        Command::Actuals(args) => actuals::run(args),
        Command::Intraday(args) => intraday::run(args),
        Command::Run(args) => run::run(args),
        Command::Serve(args) => serve::run(args),
    }
}

/// Exit code 2 for input errors (ours or the library's), 1 for everything else.
pub(crate) fn exit_code(err: &anyhow::Error) -> ExitCode {
    let input = err.chain().any(|cause| {
        cause.downcast_ref::<UsageError>().is_some()
            || cause
                .downcast_ref::<staffsim::Error>()
                .is_some_and(staffsim::Error::is_input)
    });
    ExitCode::from(if input { 2 } else { 1 })
}

/// Writes `text` to stdout. A closed pipe (`staffsim ... | head`) is not an error.
pub(crate) fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(err.into()),
        _ => Ok(()),
    }
}

/// Prints `value` as the one JSON object on stdout.
pub(crate) fn emit_json<T: serde::Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    emit(&staffsim::report::json_pretty(value)?)
}

/// Whether a `--csv` (or other file) path is `-`, standard output.
pub(crate) fn is_stdout(path: Option<&std::path::Path>) -> bool {
    path.is_some_and(|p| p.as_os_str() == "-")
}

/// Standard output carries one thing: `--json` and a `-` path for a file output conflict.
pub(crate) fn one_stdout(
    json: bool,
    flag: &str,
    path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    if json && is_stdout(path) {
        return Err(UsageError(format!(
            "{flag} - and --json both write to standard output: give {flag} a file name or drop --json"
        ))
        .into());
    }
    Ok(())
}

/// Refuses any of `outputs` (flag, path) that is a file the scenario at `scenario` reads (the
/// scenario, the files it names, a portfolio's queues), before any work: an output never
/// replaces an input.
pub(crate) fn outputs_not_inputs(
    inputs: &[(String, std::path::PathBuf)],
    outputs: &[(&str, Option<&std::path::Path>)],
) -> anyhow::Result<()> {
    for (flag, path) in outputs {
        if let Some(path) = path {
            staffsim::report::refuse_input(flag, path, inputs)?;
        }
    }
    Ok(())
}

/// Prints each warning on stderr.
pub(crate) fn warn_all(warnings: &[String]) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
}

/// The error and its causes on one line.
pub(crate) fn one_line(err: &anyhow::Error) -> String {
    format!("{err:#}").replace('\n', " ")
}

/// Clap's multi-line message squeezed onto one line: the error and the flags it names, without
/// the usage block.
fn clap_one_line(err: &clap::Error) -> String {
    let rendered = err.render().to_string();
    let mut parts = Vec::new();
    for line in rendered.lines() {
        let line = line.trim();
        if line.starts_with("Usage:") || line.starts_with("For more information") {
            break;
        }
        if !line.is_empty() {
            parts.push(line.to_string());
        }
    }
    let mut text = parts.join(" ");
    text.push_str(" (see --help)");
    text
}
