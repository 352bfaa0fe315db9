//! Special days: holidays and events laid over the normal forecast as multipliers.

use super::profile::expand_shares;
use super::series::IntervalSeries;
use crate::error::{Error, Result};
use jiff::civil::Date;

/// A date or date range whose volume and handle time differ from the normal forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecialDay {
    /// A label for reports, e.g. "Boxing Day".
    pub name: String,
    /// First date covered.
    pub from: Date,
    /// Last date covered (inclusive).
    pub to: Date,
    /// Volume × this, ≥ 0.
    pub volume_multiplier: f64,
    /// AHT × this, > 0.
    pub aht_multiplier: f64,
    /// Closed all day: no contacts, no agents.
    pub closed: bool,
    /// Reshapes the day's (multiplied) volume over its open intervals: shares per open interval
    /// or per open hour.
    pub intraday: Option<Vec<f64>>,
}

impl SpecialDay {
    /// True when `date` falls in this special day's range.
    pub fn covers(&self, date: Date) -> bool {
        self.from <= date && date <= self.to
    }
}

/// Applies special days to a series: multiplies volume (and the AHT, where the series has one),
/// closes closed days, reshapes days with their own intraday curve, and marks each interval with
/// the index of its special day. Returns an error naming `[[special_days]]` entry `k` (1-based)
/// when two entries overlap or an intraday curve does not fit.
pub fn apply_special_days(
    series: &mut IntervalSeries,
    days: &[SpecialDay],
    location: &str,
) -> Result<()> {
    let at = |k: usize, field: &str| format!("{location}: [[special_days]] #{} {field}", k + 1);
    for (k, day) in days.iter().enumerate() {
        if let Some(j) = days[..k]
            .iter()
            .position(|other| other.from <= day.to && day.from <= other.to)
        {
            return Err(Error::input(
                at(k, "date"),
                format!(
                    "overlaps [[special_days]] #{} ({}): each date may be special once",
                    j + 1,
                    days[j].name
                ),
            ));
        }
    }
    let step = series.length.get() as u32;
    for date in series.dates() {
        let Some(k) = days.iter().position(|d| d.covers(date)) else {
            continue;
        };
        let day = &days[k];
        let indices: Vec<usize> = (0..series.intervals.len())
            .filter(|&i| series.intervals[i].date() == date)
            .collect();
        let open: Vec<usize> = indices
            .iter()
            .copied()
            .filter(|&i| series.intervals[i].open)
            .collect();
        let reshaped = match (&day.intraday, day.closed) {
            (Some(shares), false) if !open.is_empty() => Some(
                expand_shares(Some(shares), open.len(), step)
                    .map_err(|m| Error::input(at(k, "intraday"), m))?,
            ),
            _ => None,
        };
        let day_total: f64 = open
            .iter()
            .map(|&i| series.intervals[i].volume)
            .sum::<f64>()
            * day.volume_multiplier;
        for &i in &indices {
            let interval = &mut series.intervals[i];
            interval.special_day = Some(k);
            if day.closed {
                interval.open = false;
                interval.volume = 0.0;
                interval.agents = Some(0);
                continue;
            }
            interval.volume *= day.volume_multiplier;
            interval.aht = interval
                .aht
                .map(|a| crate::units::Seconds(a.get() * day.aht_multiplier));
        }
        if let Some(shares) = reshaped {
            for (&i, share) in open.iter().zip(shares) {
                series.intervals[i].volume = day_total * share;
            }
        }
    }
    Ok(())
}
