//! `[centre]`, `[forecast]` and `[[special_days]]`: the interval series the scenario plans,
//! from a CSV, a profile or a history (forecast at load), with AHT filled in and special days
//! laid over it.

use super::ForecastSummary;
use super::check::Fields;
use super::schema::{RawScenario, RawSpecialDay};
use crate::error::{Error, Result};
use crate::forecast::{self, IntervalSeries, Profile, SpecialDay, apply_special_days};
use crate::units::Seconds;
use std::path::Path;

/// The forecast as the rest of the scenario sees it.
#[derive(Debug)]
pub(super) struct Forecasted {
    /// Every interval of the horizon, AHT set where open, special days applied.
    pub(super) series: IntervalSeries,
    /// The interval length.
    pub(super) interval: Seconds,
    /// The special days.
    pub(super) special_days: Vec<SpecialDay>,
    /// How the forecast was fitted, when it came from history.
    pub(super) fit: Option<ForecastSummary>,
}

/// Builds the forecast of `raw`; relative paths are resolved against `base`.
pub(super) fn from_raw(
    raw: &RawScenario,
    base: &Path,
    fields: Fields,
    warnings: &mut Vec<String>,
) -> Result<Forecasted> {
    check_sources(raw, fields, warnings)?;
    // The forecast, on its interval grid.
    let (mut series, fit) = match (
        &raw.forecast.csv,
        &raw.forecast.profile,
        &raw.forecast.history,
    ) {
        (Some(csv), None, None) => (
            forecast::read_interval_csv(&base.join(csv), raw.centre.interval)?,
            None,
        ),
        (None, Some(p), None) => (from_profile(p, raw, fields)?, None),
        (None, None, Some(history)) => {
            let (series, fit) = from_history(&base.join(history), raw, fields)?;
            (series, Some(fit))
        }
        _ => {
            return Err(Error::input(
                fields.at("[forecast]"),
                "no forecast: set csv = \"file.csv\", history = \"history.csv\" or a [forecast.profile]",
            ));
        }
    };
    let interval = series.length;
    forecast::interval_seconds(interval).map_err(|m| {
        Error::input(
            fields.at("[forecast]"),
            format!("the forecast's intervals are {interval} long: {m}"),
        )
    })?;
    fill_aht(raw, &mut series, fields)?;
    let special_days = special_days(raw, &mut series, fields, warnings)?;
    Ok(Forecasted {
        series,
        interval,
        special_days,
        fit,
    })
}

/// One source of forecast at most; history's own settings only with history; a valid
/// `[centre] interval`.
fn check_sources(raw: &RawScenario, fields: Fields, warnings: &mut Vec<String>) -> Result<()> {
    let sources = [
        raw.forecast.csv.is_some(),
        raw.forecast.profile.is_some(),
        raw.forecast.history.is_some(),
    ];
    if sources.iter().filter(|s| **s).count() > 1 {
        return Err(Error::input(
            fields.at("[forecast]"),
            "give one of csv, history or [forecast.profile]",
        ));
    }
    if raw.forecast.history.is_none()
        && (raw.forecast.horizon.is_some() || raw.forecast.method.is_some())
    {
        warnings.push("[forecast] horizon and method are only used with history".to_string());
    }
    if let Some(interval) = raw.centre.interval {
        forecast::interval_seconds(interval)
            .map_err(|m| Error::input(fields.at("[centre] interval"), m))?;
    }
    Ok(())
}

/// `[forecast.profile]`: daily volume × day of week × intraday shape over the open hours.
fn from_profile(
    p: &super::schema::RawProfile,
    raw: &RawScenario,
    fields: Fields,
) -> Result<IntervalSeries> {
    let interval = raw.centre.interval.ok_or_else(|| {
        Error::input(
            fields.at("[centre] interval"),
            "is required with [forecast.profile]",
        )
    })?;
    let day_of_week: [f64; 7] = p.day_of_week.as_slice().try_into().map_err(|_| {
        Error::input(
            fields.at("[forecast.profile] day_of_week"),
            format!("needs 7 factors, Monday first; got {}", p.day_of_week.len()),
        )
    })?;
    let profile = Profile {
        start: p.start.0,
        days: p.days,
        open: p.open.0,
        close: p.close.0,
        daily_volume: p.daily_volume,
        day_of_week,
        intraday: p.intraday.clone(),
    };
    profile.series(interval, fields.file)
}

/// `[forecast] history`: the history fitted (or the method given), backtested, and forecast
/// over the horizon after it, with the fit's summary.
fn from_history(
    path: &Path,
    raw: &RawScenario,
    fields: Fields,
) -> Result<(IntervalSeries, ForecastSummary)> {
    let method = match &raw.forecast.method {
        None => None,
        Some(m) if m == "auto" => None,
        Some(m) => Some(
            m.parse::<forecast::Method>()
                .map_err(|msg| Error::input(fields.at("[forecast] method"), msg))?,
        ),
    };
    let mut history = forecast::History::read(path, &forecast::Columns::default())?;
    let excluded: Vec<jiff::civil::Date> = raw.forecast.exclude.iter().map(|d| d.0).collect();
    history.exclude(&excluded);
    if let Some(expected) = raw.centre.interval
        && expected != history.length
    {
        return Err(Error::input(
            fields.at("[centre] interval"),
            format!(
                "is {expected} but the history's rows are {} apart",
                history.length
            ),
        ));
    }
    let horizon = raw
        .forecast
        .horizon
        .unwrap_or(Seconds(14.0 * Seconds::DAY.get()));
    let steps = (horizon.get() / history.length.get()).ceil() as usize;
    if steps == 0 || steps > forecast::MAX_INTERVALS {
        return Err(Error::input(
            fields.at("[forecast] horizon"),
            "must be between one interval and 20 years",
        ));
    }
    let fitted = forecast::fit(&history, steps, method).map_err(|e| match e {
        Error::Input { message, .. } => Error::input(fields.at("[forecast] history"), message),
        other => other,
    })?;
    let n = history.volume.len();
    let intervals = (0..steps)
        .map(|k| {
            let mut interval = forecast::Interval::open(history.time(n + k), fitted.volume[k]);
            interval.aht = fitted.aht.as_ref().map(|a| Seconds(a[k]));
            interval
        })
        .collect();
    let fit = ForecastSummary {
        method: fitted.method,
        backtest_wape: fitted.backtests[0].interval.wape,
        poisson_floor_wape: fitted.backtests[0].interval.poisson_floor,
        history_intervals: n,
    };
    let series = IntervalSeries {
        length: history.length,
        intervals,
    };
    Ok((series, fit))
}

/// AHT: the CSV's per-interval column, else `[handle_time] aht`; every open interval has one.
fn fill_aht(raw: &RawScenario, series: &mut IntervalSeries, fields: Fields) -> Result<()> {
    let default_aht = raw.handle_time.aht;
    if let Some(aht) = default_aht
        && aht.get() <= 0.0
    {
        return Err(Error::input(
            fields.at("[handle_time] aht"),
            "must be greater than zero",
        ));
    }
    if default_aht.is_none()
        && let Some(i) = series.intervals.iter().find(|i| i.open && i.aht.is_none())
    {
        return Err(Error::input(
            fields.at("[handle_time] aht"),
            format!(
                "AHT is given nowhere for the interval starting {}: set [handle_time] aht or fill the forecast's aht column",
                i.start
            ),
        ));
    }
    for i in &mut series.intervals {
        i.aht = i.aht.or(default_aht);
    }

    Ok(())
}

/// `[[special_days]]`, checked, warned about when outside the forecast, and laid over it.
fn special_days(
    raw: &RawScenario,
    series: &mut IntervalSeries,
    fields: Fields,
    warnings: &mut Vec<String>,
) -> Result<Vec<SpecialDay>> {
    let special_days = raw
        .special_days
        .iter()
        .enumerate()
        .map(|(k, d)| special_day(k, d, fields.file, "[[special_days]]"))
        .collect::<Result<Vec<_>>>()?;
    let dates = series.dates();
    for day in &special_days {
        if !dates.iter().any(|d| day.covers(*d)) {
            warnings.push(format!(
                "special day '{}' ({} to {}) falls outside the forecast ({} to {})",
                day.name,
                day.from,
                day.to,
                dates[0],
                dates[dates.len() - 1]
            ));
        }
    }
    apply_special_days(series, &special_days, fields.file)?;

    Ok(special_days)
}

/// The largest special-day multiplier: a spike of a million times a normal day is a typo.
const MAX_MULTIPLIER: f64 = 1e6;

/// One `[[special_days]]` (or `[[bid.holidays]]`, named by `section`) entry, the `k`-th counted
/// from 0.
pub(super) fn special_day(
    k: usize,
    raw: &RawSpecialDay,
    file: &str,
    section: &str,
) -> Result<SpecialDay> {
    let at = |name: &str| format!("{file}: {section} #{} {name}", k + 1);
    let (from, to) = match (raw.date, raw.from, raw.to) {
        (Some(d), None, None) => (d.0, d.0),
        (None, Some(f), Some(t)) => (f.0, t.0),
        (None, Some(f), None) => (f.0, f.0),
        _ => {
            return Err(Error::input(
                at("date"),
                "give either date = \"YYYY-MM-DD\" or from = … and to = …",
            ));
        }
    };
    if to < from {
        return Err(Error::input(
            at("to"),
            format!("{to} is before from = {from}"),
        ));
    }
    let fields = Fields { file };
    let entry = |name: &str| format!("[[special_days]] #{} {name}", k + 1);
    fields.in_range(
        &entry("volume_multiplier"),
        raw.volume_multiplier,
        0.0..MAX_MULTIPLIER,
        "≥ 0 and below 1e6",
    )?;
    fields.require(
        &entry("aht_multiplier"),
        raw.aht_multiplier,
        raw.aht_multiplier > 0.0 && raw.aht_multiplier < MAX_MULTIPLIER,
        "> 0 and below 1e6",
    )?;
    Ok(SpecialDay {
        name: raw.name.clone().unwrap_or_else(|| from.to_string()),
        from,
        to,
        volume_multiplier: raw.volume_multiplier,
        aht_multiplier: raw.aht_multiplier,
        closed: raw.closed,
        intraday: raw.intraday.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(toml: &str) -> String {
        special_day(
            0,
            &toml::from_str(toml).unwrap(),
            "s.toml",
            "[[special_days]]",
        )
        .map(|d| format!("{} {} {}", d.name, d.from, d.to))
        .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn a_special_day_needs_a_date_or_an_ordered_range_and_sane_multipliers() {
        assert_eq!(
            day("date = \"2026-12-26\""),
            "2026-12-26 2026-12-26 2026-12-26"
        );
        assert!(day("").contains("[[special_days]] #1 date"));
        assert!(day("from = \"2026-12-26\"\nto = \"2026-12-24\"").contains("is before"));
        assert!(
            day("date = \"2026-12-26\"\nvolume_multiplier = -1")
                .contains("#1 volume_multiplier: must be ≥ 0")
        );
        assert!(
            day("date = \"2026-12-26\"\naht_multiplier = 0")
                .contains("#1 aht_multiplier: must be > 0")
        );
    }

    #[test]
    fn two_forecast_sources_are_refused() {
        let raw: RawScenario =
            toml::from_str("[forecast]\ncsv = \"a.csv\"\nhistory = \"h.csv\"\n").unwrap();
        let err = from_raw(
            &raw,
            Path::new("."),
            Fields { file: "s.toml" },
            &mut Vec::new(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("give one of csv, history or [forecast.profile]"),
            "{err}"
        );
    }
}
