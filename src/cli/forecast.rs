//! `staffsim forecast HISTORY.csv`: fit, backtest and forecast interval volumes; or
//! `--synthesize` a history.

use super::{UsageError, args, emit, emit_json, is_stdout, one_stdout};
use clap::Args;
use staffsim::forecast::{self, Columns, Forecast, History, Method, Synthesis};
use staffsim::report::{Align, Table, write_atomically, write_csv};
use staffsim::units::Seconds;
use std::path::{Path, PathBuf};

pub(super) const EXAMPLES: &str = "\
Examples:
  # A synthetic 16-week history to try things on
  staffsim forecast --synthesize history.csv --weeks 16 --seed 7

  # Forecast the next two weeks, choosing the method by backtest
  staffsim forecast history.csv --horizon 14d --csv forecast.csv --chart forecast.png

  # An export with its own column names, holidays left out of fitting
  staffsim forecast export.csv --time-column Interval --volume-column Offered --special-days holidays.csv";

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
        return emit(&format!(
            "wrote {} weeks of 15-minute history to {} (holidays at 40 %: {})\n",
            args.weeks,
            out.display(),
            holidays
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let path = args
        .history
        .as_ref()
        .expect("clap requires HISTORY without --synthesize");
    let columns = Columns {
        time: args.time_column.clone(),
        volume: args.volume_column.clone(),
    };
    let mut history = History::read(path, &columns)?;
    let special = match &args.special_days {
        Some(file) => read_special_days(file)?,
        None => Vec::new(),
    };
    let dates: Vec<jiff::civil::Date> = special.iter().map(|(d, _)| *d).collect();
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
    let n = history.volume.len();
    for (k, v) in result.volume.iter_mut().enumerate() {
        if let Some((_, uplift)) = special
            .iter()
            .find(|(d, _)| *d == history.time(n + k).date())
        {
            *v *= uplift;
            result.low[k] *= uplift;
            result.high[k] *= uplift;
        }
    }
    if let Some(out) = &args.csv {
        write_csv(out, &rows(&history, &result))?;
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
    emit(&render(&history, &result, left_out))
}

/// `date[,uplift]` rows.
fn read_special_days(path: &Path) -> anyhow::Result<Vec<(jiff::civil::Date, f64)>> {
    let name = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(staffsim::input::open(path)?);
    let headers = reader.headers()?.clone();
    let col = |n: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(n));
    let Some(date_col) = col("date") else {
        return Err(staffsim::Error::input(format!("{name}:1"), "no 'date' column").into());
    };
    let uplift_col = col("uplift");
    let mut days = Vec::new();
    for record in reader.records() {
        let record = record?;
        let line = record.position().map_or(0, |p| p.line());
        let date = forecast::parse_date(record.get(date_col).unwrap_or("")).map_err(|m| {
            staffsim::Error::input(format!("{name}:{line}: column {} (date)", date_col + 1), m)
        })?;
        let uplift = match uplift_col
            .and_then(|c| record.get(c))
            .filter(|s| !s.is_empty())
        {
            Some(text) => match text.parse::<f64>() {
                Ok(u) if u.is_finite() && u >= 0.0 => u,
                _ => {
                    return Err(staffsim::Error::input(
                        format!(
                            "{name}:{line}: column {} (uplift)",
                            uplift_col.unwrap_or(0) + 1
                        ),
                        format!("'{text}' is not an uplift: it must be a multiplier ≥ 0"),
                    )
                    .into());
                }
            },
            None => 1.0,
        };
        days.push((date, uplift));
    }
    Ok(days)
}

#[derive(serde::Serialize)]
struct Row {
    start: String,
    volume: f64,
    aht: Option<f64>,
    volume_lo: f64,
    volume_hi: f64,
}

fn rows(history: &History, f: &Forecast) -> Vec<Row> {
    let n = history.volume.len();
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    (0..f.volume.len())
        .map(|k| Row {
            start: history.time(n + k).strftime("%Y-%m-%dT%H:%M").to_string(),
            volume: round(f.volume[k]),
            aht: f.aht.as_ref().map(|a| round(a[k])),
            volume_lo: round(f.low[k]),
            volume_hi: round(f.high[k]),
        })
        .collect()
}

fn render(history: &History, f: &Forecast, left_out: usize) -> String {
    let n = history.volume.len();
    let mut out = format!(
        "history: {} intervals of {} from {} ({} missing in {} gaps, {} left out as special days)\n\
         method: {} (chosen by a backtest from {} rolling origins, one week ahead each)\n\n",
        n,
        history.length,
        history.start.strftime("%Y-%m-%d %H:%M"),
        history.gaps.iter().map(|g| g.intervals).sum::<usize>(),
        history.gaps.len(),
        left_out,
        f.method,
        f.origins
    );
    let mut table = Table::new([
        ("method", Align::Left),
        ("WAPE interval", Align::Right),
        ("daily", Align::Right),
        ("weekly", Align::Right),
        ("MAPE", Align::Right),
        ("bias", Align::Right),
        ("Poisson floor", Align::Right),
        ("× floor", Align::Right),
    ]);
    let pct = |x: f64| staffsim::report::format::percent(x, 1);
    for b in &f.backtests {
        table.row([
            b.method.to_string(),
            pct(b.interval.wape),
            pct(b.daily.wape),
            pct(b.weekly.wape),
            pct(b.interval.mape),
            format!("{:+.1} %", b.interval.bias * 100.0),
            pct(b.interval.poisson_floor),
            format!(
                "{:.2}",
                b.interval.wape / b.interval.poisson_floor.max(1e-12)
            ),
        ]);
    }
    out.push_str(&table.to_string());
    let mut days = Table::new([
        ("forecast day", Align::Left),
        ("contacts", Align::Right),
        ("95 % low", Align::Right),
        ("95 % high", Align::Right),
    ]);
    let mut k = 0;
    while k < f.volume.len() {
        let date = history.time(n + k).date();
        let end = (k..f.volume.len())
            .find(|&j| history.time(n + j).date() != date)
            .unwrap_or(f.volume.len());
        // The day's band from the intervals' variances (independent errors), not their bounds.
        let total: f64 = f.volume[k..end].iter().sum();
        let variance: f64 = (k..end)
            .map(|j| ((f.high[j] - f.volume[j]) / staffsim::units::Z_95).powi(2))
            .sum();
        let half = staffsim::units::Z_95 * variance.sqrt();
        days.row([
            date.strftime("%a %Y-%m-%d").to_string(),
            format!("{total:.0}"),
            format!("{:.0}", (total - half).max(0.0)),
            format!("{:.0}", total + half),
        ]);
        k = end;
    }
    out.push('\n');
    out.push_str(&days.to_string());
    out
}
