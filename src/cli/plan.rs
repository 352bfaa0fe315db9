//! `staffsim plan SCENARIO`: the interval-by-interval analytic plan.

use super::{emit, emit_json, is_stdout, one_stdout, warn_all};
use clap::Args;
use staffsim::plan;
use staffsim::present::{charts, terminal};
use staffsim::report::write_csv;
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  # The plan for the bundled holiday week, as a daily table
  staffsim plan scenarios/holiday-peak.toml

  # Every interval as CSV, and the totals as JSON
  staffsim plan scenarios/holiday-peak.toml --csv plan.csv --json";

/// Arguments of `staffsim plan`.
#[derive(Debug, Args)]
pub(super) struct PlanArgs {
    /// The scenario file (TOML).
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,

    /// Write the per-interval plan (open intervals) as CSV to PATH.
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,

    /// Draw required vs staffed agents to PATH (.png or .svg).
    #[arg(long, value_name = "PATH")]
    chart: Option<PathBuf>,

    /// Print the totals as one JSON object and nothing else on stdout.
    #[arg(long)]
    json: bool,
}

/// Runs `staffsim plan`.
pub(super) fn run(args: PlanArgs) -> anyhow::Result<()> {
    one_stdout(args.json, "--csv", args.csv.as_deref())?;
    super::outputs_not_inputs(
        &staffsim::scenario::input_files(&args.scenario),
        &[
            ("--csv", args.csv.as_deref()),
            ("--chart", args.chart.as_deref()),
        ],
    )?;
    let scenario = match super::input::load(&args.scenario)? {
        super::input::Input::Scenario(scenario) => *scenario,
        super::input::Input::Portfolio(portfolio) => {
            if let Some(skills) = &portfolio.skills {
                let plans = staffsim::portfolio::plan(&portfolio)?;
                let bounds = staffsim::routing::bounds(&portfolio, skills, &plans)?;
                if let Some(path) = &args.csv {
                    write_csv(path, &bounds.intervals)?;
                }
                if let Some(path) = &args.chart {
                    let first = &portfolio.queues[0].scenario;
                    charts::routing_bounds(&plans, first.interval, &bounds, None)
                        .save_styled(path, &first.report.style)?;
                }
                if is_stdout(args.csv.as_deref()) {
                    return Ok(());
                }
                return if args.json {
                    emit_json(&bounds)
                } else {
                    emit(&terminal::bounds(&bounds))
                };
            }
            super::input::refuse_files(&[("--csv", args.csv.is_some())])?;
            return super::portfolio::plan(&portfolio, args.json, args.chart.as_deref());
        }
    };
    warn_all(&scenario.warnings);
    let plan = plan::plan(&scenario)?;
    if let Some(path) = &args.csv {
        write_csv(path, &plan.interval_rows(&scenario))?;
    }
    if let Some(path) = &args.chart {
        let ctx = charts::Context {
            scenario: &scenario,
            plan: &plan,
            simulation: None,
        };
        charts::staffing(&ctx).save_styled(path, &scenario.report.style)?;
    }
    let summary = plan.summary(&scenario);
    if is_stdout(args.csv.as_deref()) {
        return Ok(());
    }
    if args.json {
        emit_json(&summary)
    } else {
        emit(&terminal::plan(&scenario, &plan, &summary))
    }
}
