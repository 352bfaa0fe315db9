//! `staffsim actuals SCENARIO ACTUALS.csv`: an ACD interval report against the scenario's
//! forecast and plan.

use super::{UsageError, emit, emit_json, is_stdout, one_stdout, warn_all};
use clap::Args;
use staffsim::actuals::{self, ColumnMap};
use staffsim::present::{charts, terminal};
use staffsim::report::write_csv;
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  # Yesterday's ACD export against the plan
  staffsim actuals scenarios/holiday-peak.toml acd-export.csv

  # Headers named by the ACD, the intervals as CSV, the day as a chart
  staffsim actuals plan.toml export.csv --columns offered=Calls,aht_seconds=AHT --csv variance.csv --chart day.png";

/// Arguments of `staffsim actuals`.
#[derive(Debug, Args)]
pub(super) struct ActualsArgs {
    /// The scenario file (TOML) whose forecast and plan the actuals are set against.
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,

    /// The interval report: start,offered[,handled,abandoned,aht_seconds,answered_within_target,agents_staffed].
    #[arg(value_name = "ACTUALS")]
    actuals: PathBuf,

    /// The report's own header names: column=Header pairs, e.g. offered=Calls,aht_seconds=AHT.
    #[arg(long, value_name = "MAP")]
    columns: Option<String>,

    /// Write one row per interval to PATH (- for stdout).
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,

    /// Draw actual against forecast volume, and achieved against predicted service level, to PATH.
    #[arg(long, value_name = "PATH")]
    chart: Option<PathBuf>,

    /// Print the comparison as one JSON object and nothing else on stdout.
    #[arg(long)]
    json: bool,
}

/// Runs `staffsim actuals`.
pub(super) fn run(args: ActualsArgs) -> anyhow::Result<()> {
    one_stdout(args.json, "--csv", args.csv.as_deref())?;
    let mut inputs = staffsim::scenario::input_files(&args.scenario);
    inputs.push(("ACTUALS".into(), args.actuals.clone()));
    super::outputs_not_inputs(
        &inputs,
        &[
            ("--csv", args.csv.as_deref()),
            ("--chart", args.chart.as_deref()),
        ],
    )?;
    let (scenario, rows) = load(&args.scenario, &args.actuals, args.columns.as_deref())?;
    let report = actuals::compare(&scenario, &rows, &args.actuals.display().to_string())?;
    if let Some(path) = &args.csv {
        write_csv(path, &report.intervals)?;
    }
    if let Some(path) = &args.chart {
        charts::actuals(&scenario, &report).save_styled(path, &scenario.report.style)?;
    }
    if is_stdout(args.csv.as_deref()) {
        return Ok(());
    }
    if args.json {
        emit_json(&report)
    } else {
        emit(&terminal::actuals(&report))
    }
}

/// The scenario (one queue's: a portfolio is refused) and the interval report read with the
/// `--columns` map, for `actuals` and `intraday`.
pub(super) fn load(
    scenario: &std::path::Path,
    report: &std::path::Path,
    columns: Option<&str>,
) -> anyhow::Result<(staffsim::scenario::Scenario, Vec<actuals::ActualRow>)> {
    let columns = match columns {
        Some(text) => ColumnMap::parse(text)?,
        None => ColumnMap::default(),
    };
    let scenario = match super::input::load(scenario)? {
        super::input::Input::Scenario(scenario) => *scenario,
        super::input::Input::Portfolio(_) => {
            return Err(UsageError(format!(
                "{}: actuals are one queue's: run it on the queue's scenario with its report",
                scenario.display()
            ))
            .into());
        }
    };
    warn_all(&scenario.warnings);
    let rows = actuals::reader::read(report, &columns)?;
    Ok((scenario, rows))
}
