//! Generating a forecast from a profile: daily volume × day-of-week factor × intraday curve.

use super::clock::ClockTime;
use super::series::{Interval, IntervalSeries};
use crate::error::{Error, Result};
use crate::units::Seconds;
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

/// A forecast profile: `days` days from `start`, open from `open` to `close` each day.
///
/// # Formula
///
/// ```text
/// volume(day, k) = daily_volume × day_of_week[weekday(day)] × share[k] / Σ share
/// ```
///
/// where `k` runs over the open intervals of the day. `share` may give one value per open interval
/// or one per open hour (each hour's share is spread evenly over its intervals); without it the
/// day is flat. A day-of-week factor of 0 closes that weekday.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The first day.
    pub start: Date,
    /// How many days.
    pub days: u32,
    /// Opening time, on the interval grid.
    pub open: ClockTime,
    /// Closing time, on the interval grid, after `open`.
    pub close: ClockTime,
    /// Contacts on a day whose factor is 1.
    pub daily_volume: f64,
    /// Factors for Monday … Sunday.
    pub day_of_week: [f64; 7],
    /// Shares of the day's volume per open interval or per open hour.
    pub intraday: Option<Vec<f64>>,
}

impl Profile {
    /// The generated series: whole days of `length` intervals, closed outside opening hours.
    ///
    /// Errors name the profile field to fix (`location` prefixes them, e.g. the scenario file).
    pub fn series(&self, length: Seconds, location: &str) -> Result<IntervalSeries> {
        let at = |field: &str| format!("{location}: [forecast.profile] {field}");
        let step = super::series::interval_seconds(length)
            .map_err(|m| Error::input(format!("{location}: [centre] interval"), m))?;
        for (field, time) in [("open", self.open), ("close", self.close)] {
            if time.seconds() % step != 0 {
                return Err(Error::input(
                    at(field),
                    format!("{time} is not on the {length} interval grid"),
                ));
            }
        }
        if self.close <= self.open {
            return Err(Error::input(
                at("close"),
                format!(
                    "closing time {} must be after opening time {}",
                    self.close, self.open
                ),
            ));
        }
        if self.days == 0 {
            return Err(Error::input(at("days"), "must be at least 1"));
        }
        if !(self.daily_volume.is_finite() && self.daily_volume >= 0.0) {
            return Err(Error::input(
                at("daily_volume"),
                "must be a number of contacts ≥ 0",
            ));
        }
        if let Some(bad) = self
            .day_of_week
            .iter()
            .find(|f| !(f.is_finite() && **f >= 0.0))
        {
            return Err(Error::input(
                at("day_of_week"),
                format!("factor {bad} must be ≥ 0"),
            ));
        }
        let open_intervals = ((self.close.seconds() - self.open.seconds()) / step) as usize;
        let shares = expand_shares(self.intraday.as_deref(), open_intervals, step)
            .map_err(|m| Error::input(at("intraday"), m))?;

        let per_day = (crate::units::SECONDS_PER_DAY / step) as usize;
        if per_day.saturating_mul(self.days as usize) > super::series::MAX_INTERVALS {
            return Err(Error::input(
                at("days"),
                format!(
                    "{} days of {length} intervals is more than {} intervals",
                    self.days,
                    super::series::MAX_INTERVALS
                ),
            ));
        }
        let mut intervals = Vec::with_capacity(per_day * self.days as usize);
        for day in 0..self.days {
            let date = self
                .start
                .checked_add(i64::from(day).days())
                .map_err(|_| Error::input(at("days"), "runs past the end of the calendar"))?;
            let factor = self.day_of_week[weekday_index(date.weekday())];
            for slot in 0..per_day {
                let second = slot as u32 * step;
                let start = date
                    .to_datetime(jiff::civil::Time::midnight())
                    .saturating_add(i64::from(second).seconds());
                let k = (second >= self.open.seconds() && second < self.close.seconds())
                    .then(|| ((second - self.open.seconds()) / step) as usize);
                intervals.push(match k {
                    Some(k) if factor > 0.0 => {
                        Interval::open(start, self.daily_volume * factor * shares[k])
                    }
                    _ => Interval::closed(start),
                });
            }
        }
        Ok(IntervalSeries { length, intervals })
    }
}

/// Monday = 0 … Sunday = 6.
pub(crate) fn weekday_index(day: Weekday) -> usize {
    day.to_monday_zero_offset() as usize
}

/// The weekday of `date`, Monday = 0 … Sunday = 6.
pub fn weekday(date: Date) -> usize {
    weekday_index(date.weekday())
}

/// Normalised shares, one per open interval, from per-interval or per-hour shares.
pub(crate) fn expand_shares(
    shares: Option<&[f64]>,
    open_intervals: usize,
    step: u32,
) -> Result<Vec<f64>, String> {
    let Some(shares) = shares else {
        return Ok(vec![1.0 / open_intervals as f64; open_intervals]);
    };
    if let Some(bad) = shares.iter().find(|s| !(s.is_finite() && **s >= 0.0)) {
        return Err(format!("share {bad} must be ≥ 0"));
    }
    let hourly = crate::units::SECONDS_PER_HOUR.is_multiple_of(step);
    let per_hour = (crate::units::SECONDS_PER_HOUR / step).max(1) as usize;
    let expanded: Vec<f64> = if shares.len() == open_intervals {
        shares.to_vec()
    } else if hourly && shares.len() * per_hour == open_intervals {
        shares
            .iter()
            .flat_map(|s| std::iter::repeat_n(s / per_hour as f64, per_hour))
            .collect()
    } else {
        return Err(format!(
            "has {} shares, but the day has {open_intervals} open intervals{}: give one share per interval or per hour",
            shares.len(),
            if hourly && open_intervals.is_multiple_of(per_hour) {
                format!(" ({} hours)", open_intervals / per_hour)
            } else {
                String::new()
            }
        ));
    };
    // Scaled by the largest first, so shares near f64::MAX (1e308) cannot overflow the sum to
    // infinity and turn every share into 0.
    let largest = expanded.iter().copied().fold(0.0, f64::max);
    if largest <= 0.0 {
        return Err("shares add up to 0: at least one must be positive".into());
    }
    let scaled: Vec<f64> = expanded.iter().map(|s| s / largest).collect();
    let total: f64 = scaled.iter().sum();
    Ok(scaled.iter().map(|s| s / total).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> Profile {
        Profile {
            start: "2026-12-21".parse().unwrap(), // a Monday
            days: 7,
            open: "08:00".parse().unwrap(),
            close: "10:00".parse().unwrap(),
            daily_volume: 100.0,
            day_of_week: [1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.0],
            intraday: Some(vec![1.0, 3.0]),
        }
    }

    #[test]
    fn volumes_are_daily_times_weekday_times_share() {
        let series = profile().series(Seconds(1800.0), "s.toml").unwrap();
        assert_eq!(series.intervals.len(), 7 * 48);
        let monday: Vec<f64> = series.intervals[..48]
            .iter()
            .filter(|i| i.open)
            .map(|i| i.volume)
            .collect();
        assert_eq!(monday, vec![12.5, 12.5, 37.5, 37.5]);
        let saturday: f64 = series.intervals[5 * 48..6 * 48]
            .iter()
            .map(|i| i.volume)
            .sum();
        assert!((saturday - 50.0).abs() < 1e-12);
        assert!(
            series.intervals[6 * 48..].iter().all(|i| !i.open),
            "Sunday is closed"
        );
    }

    #[test]
    fn shares_near_the_largest_float_still_split_the_day() {
        let mut p = profile();
        p.intraday = Some(vec![1e308, 1e308, 1e308, 1e308]);
        let series = p.series(Seconds(1800.0), "s.toml").unwrap();
        let monday: f64 = series.intervals[..48].iter().map(|i| i.volume).sum();
        assert!((monday - 100.0).abs() < 1e-9, "{monday}");
    }

    #[test]
    fn share_counts_that_fit_neither_intervals_nor_hours_are_rejected() {
        let mut p = profile();
        p.intraday = Some(vec![1.0, 2.0, 3.0]);
        let err = p.series(Seconds(900.0), "s.toml").unwrap_err().to_string();
        assert!(
            err.contains("[forecast.profile] intraday") && err.contains("8 open intervals"),
            "{err}"
        );
    }
}
