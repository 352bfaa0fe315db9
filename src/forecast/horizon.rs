//! A fitted forecast laid over the calendar after the history: date uplifts
//! (`staffsim forecast --special-days`), day totals with their 95 % band, and the rows of the
//! forecast CSV.

use super::csv::{csv_message, csv_with_headers};
use super::{Forecast, History, parse_date};
use crate::error::{Error, Result};
use crate::units::Z_95;
use jiff::civil::Date;
use std::path::Path;

/// A date whose forecast volume is multiplied by `factor` (a holiday at 0.4, a sale at 1.8).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Uplift {
    /// The day.
    pub date: Date,
    /// Volume × this, ≥ 0; 1 when the file gives none.
    pub factor: f64,
}

/// Reads a `date[,uplift]` CSV (headers named `date` and, optionally, `uplift`, in any case).
///
/// # Errors
/// [`Error::Input`] naming the file, the line and the column for a missing `date` column, a
/// date that does not parse, or an uplift that is not a multiplier ≥ 0.
pub fn read_uplifts(path: &Path) -> Result<Vec<Uplift>> {
    let name = path.display().to_string();
    let (mut reader, headers) =
        csv_with_headers(crate::input::open(path)?, ::csv::Trim::All, &name)?;
    let column = |n: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(n));
    let Some(date_col) = column("date") else {
        return Err(Error::input(format!("{name}:1"), "no 'date' column"));
    };
    let uplift_col = column("uplift");
    let mut uplifts = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::input(&name, csv_message(&e)))?;
        let line = record.position().map_or(0, |p| p.line());
        let at = |col: usize, what: &str| format!("{name}:{line}: column {} ({what})", col + 1);
        let date = parse_date(record.get(date_col).unwrap_or(""))
            .map_err(|m| Error::input(at(date_col, "date"), m))?;
        let factor = match uplift_col.and_then(|c| Some((c, record.get(c)?))) {
            Some((_, "")) | None => 1.0,
            Some((col, text)) => match text.parse::<f64>() {
                Ok(u) if u.is_finite() && u >= 0.0 => u,
                _ => {
                    return Err(Error::input(
                        at(col, "uplift"),
                        format!("'{text}' is not an uplift: it must be a multiplier ≥ 0"),
                    ));
                }
            },
        };
        uplifts.push(Uplift { date, factor });
    }
    Ok(uplifts)
}

/// One forecast day: its volume and the 95 % band of the day's total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForecastDay {
    /// The day.
    pub date: Date,
    /// Contacts forecast.
    pub volume: f64,
    /// Lower bound, ≥ 0.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

/// One forecast interval: a row of `staffsim forecast --csv`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ForecastRow {
    /// Local start, `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// Contacts forecast.
    pub volume: f64,
    /// AHT forecast, when the history has AHT.
    pub aht: Option<f64>,
    /// Lower 95 % bound.
    pub volume_lo: f64,
    /// Upper 95 % bound.
    pub volume_hi: f64,
}

impl Forecast {
    /// Multiplies the forecast (and its band) on each uplift's date; dates outside the horizon
    /// are ignored.
    pub fn apply_uplifts(&mut self, history: &History, uplifts: &[Uplift]) {
        let n = history.volume.len();
        for k in 0..self.volume.len() {
            let date = history.time(n + k).date();
            if let Some(u) = uplifts.iter().find(|u| u.date == date) {
                self.volume[k] *= u.factor;
                self.low[k] *= u.factor;
                self.high[k] *= u.factor;
            }
        }
    }

    /// The forecast day by day.
    ///
    /// # Formula
    /// The day's band comes from its intervals' variances, taken as independent, not from
    /// adding their bounds: σ_j = (high_j − f_j) ÷ z, band = Σ f_j ± z √(Σ σ_j²), z = `Z_95`.
    pub fn days(&self, history: &History) -> Vec<ForecastDay> {
        let n = history.volume.len();
        let mut days = Vec::new();
        let mut k = 0;
        while k < self.volume.len() {
            let date = history.time(n + k).date();
            let end = (k..self.volume.len())
                .find(|&j| history.time(n + j).date() != date)
                .unwrap_or(self.volume.len());
            let volume: f64 = self.volume[k..end].iter().sum();
            let variance: f64 = (k..end)
                .map(|j| ((self.high[j] - self.volume[j]) / Z_95).powi(2))
                .sum();
            let half = Z_95 * variance.sqrt();
            days.push(ForecastDay {
                date,
                volume,
                low: (volume - half).max(0.0),
                high: volume + half,
            });
            k = end;
        }
        days
    }

    /// The forecast interval by interval, rounded to thousandths.
    pub fn rows(&self, history: &History) -> Vec<ForecastRow> {
        let n = history.volume.len();
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        (0..self.volume.len())
            .map(|k| ForecastRow {
                start: history.time(n + k).strftime("%Y-%m-%dT%H:%M").to_string(),
                volume: round(self.volume[k]),
                aht: self.aht.as_ref().map(|a| round(a[k])),
                volume_lo: round(self.low[k]),
                volume_hi: round(self.high[k]),
            })
            .collect()
    }
}
