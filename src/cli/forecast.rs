//! `staffsim forecast HISTORY.csv`: fit, backtest and forecast interval volumes; or
//! `--synthesize` a history.

use super::{UsageError, args, emit, emit_json, is_stdout, one_stdout};
use clap::Args;
use staffsim::forecast::{self, Columns, History, Method, Synthesis};
use staffsim::present::terminal;
use staffsim::report::{write_atomically, write_csv};
use staffsim::units::Seconds;
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  # A synthetic 16-week history to try things on
  staffsim forecast --synthesize history.csv --weeks 16 --seed 7

  # Forecast the next two weeks, choosing the method by backtest
  staffsim forecast history.csv --horizon 14d --csv forecast.csv --chart forecast.png

  # An export with its own column names, holidays left out of fitting
  staffsim forecast export.csv --time-column Interval --volume-column Offered --special-days holidays.csv

  # The ACD's interval reports, as `staffsim actuals` reads them, as the history
  staffsim forecast acd-export.csv --actuals --columns offered=Calls,aht_seconds=AHT";

/// Arguments of `staffsim forecast`.
#[derive(Debug, Args)]
pub(super) struct ForecastArgs {
    /// The interval history (CSV with start, volume and optionally aht).
    #[arg(value_name = "HISTORY.csv", required_unless_present = "synthesize")]
    history: Option<PathBuf>,

    /// How far ahead to forecast: 14d, 7d, 36h …
    #[arg(long, value_name = "DURATION", default_value = "14d", value_parser = args::positive_duration)]
    horizon: Seconds,

    /// Force a method instead of choosing by backtest: seasonal-naive, weighted-average,
    /// holt-winters or daily-profile.
    #[arg(long, value_name = "METHOD", value_parser = parse_method)]
    method: Option<Method>,

    /// The history's time column.
    #[arg(long, value_name = "NAME", default_value = "start")]
    time_column: String,

    /// The history is an ACD interval report, read as `staffsim actuals` reads it
    /// (start, offered, aht_seconds…): offered is the volume, aht_seconds the handle time.
    #[arg(long, conflicts_with_all = ["time_column", "volume_column"])]
    actuals: bool,

    /// With --actuals: the report's own header names, e.g. offered=Calls,aht_seconds=AHT.
    #[arg(long, value_name = "MAP", requires = "actuals")]
    columns: Option<String>,

    /// The history's volume column.
    #[arg(long, value_name = "NAME", default_value = "volume")]
    volume_column: String,

    /// A CSV of special dates (column `date`, optional `uplift`): left out of fitting, and their
    /// forecast multiplied by the uplift.
    #[arg(long, value_name = "FILE")]
    special_days: Option<PathBuf>,

    /// Write the forecast in the scenario CSV format (start, volume, aht, volume_lo, volume_hi).
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,

    /// Draw the last weeks of history, the forecast and its 95 % band (.png or .svg).
    #[arg(long, value_name = "PATH")]
    chart: Option<PathBuf>,

    /// Print one JSON object and nothing else on stdout.
    #[arg(long)]
    json: bool,

    /// Write a synthetic history to OUT.csv instead (weekly and intraday seasonality, trend,
    /// holidays, Poisson noise).
    #[arg(
        long,
        value_name = "OUT.csv",
        conflicts_with_all = ["history", "horizon", "method", "time_column", "volume_column", "special_days", "csv", "chart"]
    )]
    synthesize: Option<PathBuf>,

    /// Weeks of synthetic history.
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u32).range(3..=520))]
    weeks: u32,

    /// Seed of the synthetic noise.
    #[arg(long, value_name = "SEED", default_value_t = 1)]
    seed: u64,
}

fn parse_method(text: &str) -> Result<Method, String> {
    text.parse()
}

/// Runs `staffsim forecast`.
pub(super) fn run(args: ForecastArgs) -> anyhow::Result<()> {
    one_stdout(args.json, "--csv", args.csv.as_deref())?;
    one_stdout(args.json, "--synthesize", args.synthesize.as_deref())?;
    let inputs: Vec<(String, std::path::PathBuf)> = [
        ("the history", args.history.as_ref()),
        ("the special days", args.special_days.as_ref()),
    ]
    .into_iter()
    .filter_map(|(what, path)| Some((what.to_string(), path?.clone())))
    .collect();
    super::outputs_not_inputs(
        &inputs,
        &[
            ("--csv", args.csv.as_deref()),
            ("--chart", args.chart.as_deref()),
        ],
    )?;
    if let Some(out) = &args.synthesize {
        return synthesize(out, &args);
    }
    let path = args
        .history
        .as_ref()
        .expect("clap requires HISTORY without --synthesize");
    let columns = Columns {
        time: args.time_column.clone(),
        volume: args.volume_column.clone(),
    };
    let mut history = if args.actuals {
        let map = match &args.columns {
            Some(text) => staffsim::actuals::ColumnMap::parse(text)?,
            None => staffsim::actuals::ColumnMap::default(),
        };
        staffsim::actuals::reader::history(path, &map)?
    } else {
        History::read(path, &columns)?
    };
    let uplifts = match &args.special_days {
        Some(file) => forecast::read_uplifts(file)?,
        None => Vec::new(),
    };
    let dates: Vec<jiff::civil::Date> = uplifts.iter().map(|u| u.date).collect();
    let left_out = history.exclude(&dates);
    let horizon = (args.horizon.get() / history.length.get()).ceil() as usize;
    if horizon == 0 || horizon > 366 * history.slots_per_day() {
        return Err(UsageError(format!(
            "--horizon must be between one interval and a year, got {}",
            args.horizon
        ))
        .into());
    }
    let mut result = forecast::fit(&history, horizon, args.method)?;
    result.apply_uplifts(&history, &uplifts);
    let n = history.volume.len();
    if let Some(out) = &args.csv {
        write_csv(out, &result.rows(&history))?;
    }
    if let Some(out) = &args.chart {
        staffsim::present::charts::forecast(&history, &result, path).save(out)?;
    }
    let best = &result.backtests[0];
    if is_stdout(args.csv.as_deref()) {
        return Ok(());
    }
    if args.json {
        let json = serde_json::json!({
            "method": result.method,
            "intervals": result.volume.len(),
            "interval_seconds": history.length.get(),
            "forecast_start": history.time(n).strftime("%Y-%m-%dT%H:%M").to_string(),
            "backtest_wape": best.interval.wape,
            "poisson_floor_wape": best.interval.poisson_floor,
            "backtest_origins": result.origins,
            "backtests": result.backtests,
            "holt_winters": result.holt_winters,
            "history_intervals": n,
            "gaps": history.gaps,
            "left_out_intervals": left_out,
            "forecast_volume": result.volume.iter().sum::<f64>(),
        });
        return emit_json(&json);
    }
    emit(&terminal::forecast(&history, &result, left_out))
}

/// `--synthesize`: writes a history with known weekly and daily patterns, holidays and growth.
fn synthesize(out: &std::path::Path, args: &ForecastArgs) -> anyhow::Result<()> {
    let synthesis = Synthesis {
        start: "2026-01-05".parse().expect("a valid date"),
        weeks: args.weeks,
        interval_minutes: 15,
        daily_volume: 3000.0,
        weekly_growth: 0.003,
        seed: args.seed,
    };
    write_atomically(out, forecast::synthesize(&synthesis).as_bytes())?;
    let (_, holidays) = forecast::expected(&synthesis);
    if is_stdout(Some(out)) {
        return Ok(());
    }
    if args.json {
        let json = serde_json::json!({
            "file": out.display().to_string(),
            "weeks": args.weeks,
            "seed": args.seed,
            "interval_seconds": 900,
            "holidays": holidays.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        });
        return emit_json(&json);
    }
    emit(&format!(
        "wrote {} weeks of 15-minute history to {} (holidays at 40 %: {})\n",
        args.weeks,
        out.display(),
        holidays
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    ))
}
