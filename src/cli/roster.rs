//! `staffsim roster SCENARIO`: named agents under their contracts on the `[schedule]`
//! templates, each with a schedule they can be sent.

use super::{
    UsageError, args, emit, emit_json, is_stdout, one_stdout, progress::progress_bar, warn_all,
};
use clap::Args;
use staffsim::people::{self, RosterOptions};
use staffsim::present::{charts, terminal};
use staffsim::report::{write_atomically, write_csv};
use std::path::{Path, PathBuf};

pub(super) const EXAMPLES: &str = "\
Examples:
  # Each person's week on the holiday-peak templates, with their days off
  staffsim roster scenarios/holiday-peak.toml

  # The shifts as CSV, a calendar file per person, the roster as a chart
  staffsim roster scenarios/holiday-peak.toml --csv shifts.csv --ics calendars --chart roster.png";

/// Arguments of `staffsim roster`.
#[derive(Debug, Args)]
pub(super) struct RosterArgs {
    /// The scenario file (TOML) with [schedule] templates and a [roster].
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,

    /// Write one row per agent-shift to PATH (- for stdout).
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,

    /// Write one iCalendar file per agent (ID.ics) into DIR, a new or empty folder.
    #[arg(long, value_name = "DIR")]
    ics: Option<PathBuf>,

    /// Draw the agents' days and the coverage against the requirement to PATH (.png or .svg).
    #[arg(long, value_name = "PATH")]
    chart: Option<PathBuf>,

    /// Print the roster as one JSON object and nothing else on stdout.
    #[arg(long)]
    json: bool,

    /// Replications, seed and threads of the simulation of the rostered people with absence;
    /// the seed is the search's too (default: the scenario's [simulation] seed).
    #[command(flatten)]
    sim: args::SimFlags,

    /// Moves the search runs (default: 20,000 per agent-day, at most 60 million).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000_000))]
    moves: Option<u64>,

    /// Stop the search after this long, e.g. 60s (the roster then may differ run to run).
    #[arg(long, value_name = "DURATION", value_parser = args::positive_duration)]
    time_limit: Option<staffsim::units::Seconds>,
}

/// Runs `staffsim roster`.
pub(super) fn run(args: RosterArgs) -> anyhow::Result<()> {
    one_stdout(args.json, "--csv", args.csv.as_deref())?;
    super::outputs_not_inputs(
        &staffsim::scenario::input_files(&args.scenario),
        &[
            ("--csv", args.csv.as_deref()),
            ("--chart", args.chart.as_deref()),
            ("--ics", args.ics.as_deref()),
        ],
    )?;
    if let Some(dir) = &args.ics {
        fresh_folder(dir)?;
    }
    let scenario = match super::input::load(&args.scenario)? {
        super::input::Input::Scenario(scenario) => *scenario,
        super::input::Input::Portfolio(portfolio) => return roster_portfolio(&portfolio, &args),
    };
    warn_all(&scenario.warnings);
    let sim = args
        .sim
        .options(scenario.simulation.replications, scenario.simulation.seed);
    let options = RosterOptions {
        seed: sim.seed,
        sim,
        moves: args.moves,
        time_limit: args
            .time_limit
            .map(|t| std::time::Duration::from_secs_f64(t.get())),
    };
    let (bar, tick) = progress_bar();
    let result = people::roster(&scenario, options, &tick);
    bar.finish_and_clear();
    let result = result?;
    if let Some(path) = &args.csv {
        write_csv(path, &result.shift_rows())?;
    }
    if let Some(dir) = &args.ics {
        std::fs::create_dir_all(dir)?;
        for agent in &result.agents {
            let name = format!("{}.ics", file_safe(&agent.id));
            write_atomically(
                &dir.join(name),
                people::ics::calendar(&scenario.name, agent).as_bytes(),
            )?;
        }
    }
    if let Some(path) = &args.chart {
        charts::roster(&scenario, &result).save_styled(path, &scenario.report.style)?;
    }
    if is_stdout(args.csv.as_deref()) {
        return Ok(());
    }
    if args.json {
        emit_json(&result)
    } else {
        emit(&terminal::roster(&scenario, &result))
    }
}

/// `roster` on a portfolio whose queues share agents: each group's people, then the queues.
fn roster_portfolio(
    portfolio: &staffsim::portfolio::Portfolio,
    args: &RosterArgs,
) -> anyhow::Result<()> {
    if portfolio.skills.is_none() {
        return Err(UsageError(format!(
                "{}: a portfolio of dedicated queues is rostered queue by queue: run `staffsim roster` on each queue's scenario",
                portfolio.source.display()
            ))
            .into());
    }
    let first = &portfolio.queues[0].scenario.simulation;
    let options = args.sim.options(first.replications, first.seed);
    let (bar, tick) = progress_bar();
    let result = staffsim::routing::people::roster_groups(portfolio, options, &tick);
    bar.finish_and_clear();
    let result = result?;
    if let Some(path) = &args.csv {
        let rows: Vec<_> = result
            .groups
            .iter()
            .flat_map(|g| g.roster.shift_rows())
            .collect();
        write_csv(path, &rows)?;
    }
    if let Some(dir) = &args.ics {
        std::fs::create_dir_all(dir)?;
        for agent in result.groups.iter().flat_map(|g| &g.roster.agents) {
            write_atomically(
                &dir.join(format!("{}.ics", file_safe(&agent.id))),
                people::ics::calendar(&portfolio.name, agent).as_bytes(),
            )?;
        }
    }
    if let Some(path) = &args.chart {
        let style = &portfolio.queues[0].scenario.report.style;
        charts::shared_roster(portfolio, &result).save_styled(path, style)?;
    }
    if is_stdout(args.csv.as_deref()) {
        return Ok(());
    }
    if args.json {
        emit_json(&result)
    } else {
        emit(&terminal::shared_roster(&result))
    }
}

/// Refuses a folder that holds anything (staffsim never replaces what it did not write) or a
/// path that is not a folder.
fn fresh_folder(dir: &Path) -> anyhow::Result<()> {
    match std::fs::symlink_metadata(dir) {
        Err(_) => Ok(()),
        Ok(meta) if meta.is_dir() => {
            if std::fs::read_dir(dir)?.next().is_some() {
                Err(UsageError(format!(
                    "--ics: '{}' is not empty: name a new or empty folder (staffsim does not replace files it did not write)",
                    dir.display()
                ))
                .into())
            } else {
                Ok(())
            }
        }
        Ok(_) => Err(UsageError(format!(
            "--ics: '{}' exists and is not a folder",
            dir.display()
        ))
        .into()),
    }
}

/// An id as a file name: letters, digits, `-` and `_` kept, anything else `_`.
fn file_safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
