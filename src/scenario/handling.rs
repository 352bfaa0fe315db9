//! `[handle_time]` and `[patience]`: the distributions the simulation draws from.

use super::check::Fields;
use super::schema::{HandleTimeKind, PatienceKind, RawHandleTime, RawPatience};
use super::{HandleTime, Patience};
use crate::error::{Error, Result};
use std::path::Path;

/// The coefficients of variation the samplers accept: narrower is a fixed time, wider has no
/// centre people recognise.
const CV_RANGE: std::ops::RangeInclusive<f64> = 0.001..=100.0;

/// `[handle_time]`; an empirical distribution's CSV is read relative to `base`.
pub(super) fn handle_time(raw: &RawHandleTime, base: &Path, fields: Fields) -> Result<HandleTime> {
    Ok(match (raw.distribution, raw.cv) {
        (HandleTimeKind::Exponential, None | Some(1.0)) => HandleTime::Exponential,
        (HandleTimeKind::Exponential, Some(cv)) => {
            return Err(Error::input(
                fields.at("[handle_time] cv"),
                format!(
                    "an exponential distribution has cv = 1, got {cv}: choose lognormal or gamma for another cv"
                ),
            ));
        }
        (HandleTimeKind::Fixed, _) => HandleTime::Fixed,
        (HandleTimeKind::Empirical, _) => {
            let csv = raw.csv.as_ref().ok_or_else(|| {
                Error::input(
                    fields.at("[handle_time] csv"),
                    "distribution = \"empirical\" needs csv = \"handle-times.csv\" (observed handle times in seconds)",
                )
            })?;
            HandleTime::Empirical {
                samples: read_handle_times(&base.join(csv))?.into(),
            }
        }
        (kind, cv) => {
            let cv = fields.in_range(
                "[handle_time] cv",
                cv.unwrap_or(1.0),
                CV_RANGE,
                "between 0.001 and 100",
            )?;
            if kind == HandleTimeKind::Gamma {
                HandleTime::Gamma { cv }
            } else {
                HandleTime::Lognormal { cv }
            }
        }
    })
}

/// `[patience]`.
pub(super) fn patience(raw: &RawPatience, fields: Fields) -> Result<Patience> {
    Ok(match raw.distribution {
        PatienceKind::None => Patience::None,
        kind => {
            let mean = raw.mean.ok_or_else(|| {
                Error::input(
                    fields.at("[patience] mean"),
                    "is required when callers abandon, e.g. mean = \"120s\"",
                )
            })?;
            if !(1.0..=86_400.0).contains(&mean.get()) {
                return Err(fields.invalid(
                    "[patience] mean",
                    mean,
                    "from 1s to 24h (callers who wait longer never hang up: leave [patience] out)",
                ));
            }
            match kind {
                PatienceKind::Exponential => Patience::Exponential { mean },
                _ => {
                    let cv = fields.in_range(
                        "[patience] cv",
                        raw.cv.unwrap_or(1.0),
                        CV_RANGE,
                        "between 0.001 and 100",
                    )?;
                    Patience::Lognormal { mean, cv }
                }
            }
        }
    })
}

/// Observed handle times: the `handle_time` (or `seconds`) column, else the first column, in seconds.
fn read_handle_times(path: &Path) -> Result<Vec<f64>> {
    let name = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(crate::input::open(path)?);
    let headers = reader
        .headers()
        .map_err(|e| Error::input(format!("{name}:1"), e.to_string()))?
        .clone();
    let named =
        |h: &str| h.eq_ignore_ascii_case("handle_time") || h.eq_ignore_ascii_case("seconds");
    if headers.iter().filter(|h| named(h)).count() > 1 {
        return Err(Error::input(
            format!("{name}:1"),
            "the header names the handle time (handle_time or seconds) more than once: keep one",
        ));
    }
    let column = headers
        .iter()
        .position(|h| h.eq_ignore_ascii_case("handle_time") || h.eq_ignore_ascii_case("seconds"))
        .unwrap_or(0);
    let mut samples = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::input(&name, e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = record.get(column).unwrap_or("");
        if cell.is_empty() {
            continue;
        }
        match cell.parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 => samples.push(v),
            _ => {
                return Err(Error::input(
                    format!("{name}:{line}: column {}", column + 1),
                    format!("'{cell}' is not a handle time: it must be a number of seconds > 0"),
                ));
            }
        }
    }
    if samples.is_empty() {
        return Err(Error::input(
            name,
            "no handle times: the file needs at least one row",
        ));
    }
    Ok(samples)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: Fields = Fields { file: "s.toml" };

    fn handle(toml: &str) -> String {
        handle_time(&toml::from_str(toml).unwrap(), Path::new("."), FIELDS)
            .map(|h| format!("{h:?}"))
            .unwrap_or_else(|e| e.to_string())
    }

    fn wait(toml: &str) -> String {
        patience(&toml::from_str(toml).unwrap(), FIELDS)
            .map(|p| format!("{p:?}"))
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn handle_time_rejections_name_the_field() {
        assert!(handle("distribution = \"exponential\"\ncv = 0.5").contains("[handle_time] cv"));
        assert!(
            handle("distribution = \"gamma\"\ncv = 150").contains("between 0.001 and 100, got 150")
        );
        assert!(handle("distribution = \"empirical\"").contains("[handle_time] csv"));
        assert!(handle("distribution = \"lognormal\"\ncv = 0.6").starts_with("Lognormal"));
    }

    #[test]
    fn patience_needs_a_mean_from_a_second_to_a_day_and_a_sane_cv() {
        assert!(wait("distribution = \"exponential\"").contains("[patience] mean: is required"));
        for mean in ["0", "0.5", "1e-308", "86401", "4294967296"] {
            let message = wait(&format!("distribution = \"exponential\"\nmean = {mean}"));
            assert!(
                message.contains("must be from 1s to 24h"),
                "{mean}: {message}"
            );
        }
        for mean in ["1", "86400"] {
            let ok = wait(&format!("distribution = \"exponential\"\nmean = {mean}"));
            assert!(ok.starts_with("Exponential"), "{mean}: {ok}");
        }
        assert!(
            wait("distribution = \"lognormal\"\nmean = \"90s\"\ncv = 0").contains("[patience] cv")
        );
        assert_eq!(wait(""), "None");
    }
}
