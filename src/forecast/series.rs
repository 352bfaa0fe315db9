//! A uniform grid of intervals.

use crate::units::Seconds;
use jiff::civil::{Date, DateTime};

/// The most intervals a series may hold: 20 years of 5-minute intervals. Guards against a typo
/// (`days = 1000000`, a date in the wrong century) turning into gigabytes of intervals.
pub const MAX_INTERVALS: usize = 2_102_400;

use crate::units::{SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE};

/// Checks an interval length: a whole number of seconds, at least a minute, that divides a day
/// (5m, 10m, 15m, 30m, 1h, but also 90s or 22m30s). Returns it in whole seconds.
///
/// Sub-second and fractional lengths are refused rather than rounded: every interval start is a
/// whole second of local time, so plans and CSVs line up exactly with the clock.
pub fn interval_seconds(length: Seconds) -> Result<u32, String> {
    let seconds = length.get();
    if !(seconds.fract() == 0.0 && (60.0..=f64::from(SECONDS_PER_DAY)).contains(&seconds)) {
        return Err(format!(
            "{length} is not a whole number of seconds from 1m to 1d: use e.g. 5m, 15m, 30m or 1h"
        ));
    }
    let seconds = seconds as u32;
    if !SECONDS_PER_DAY.is_multiple_of(seconds) {
        return Err(format!(
            "{length} does not divide a day into whole intervals: use e.g. 5m, 15m, 30m or 1h"
        ));
    }
    Ok(seconds)
}

/// Milliseconds of local clock time since 0000-03-01, for comparing and spacing interval starts
/// without calendar arithmetic: days from the civil date by Howard Hinnant's `days_from_civil`,
/// plus the time of day. Local time has no time zone here, so every day has 86,400 seconds.
pub(super) fn civil_millis(at: DateTime) -> i64 {
    let (y, m, d) = (
        i64::from(at.year()),
        i64::from(at.month()),
        i64::from(at.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era;
    let seconds = i64::from(at.hour()) * i64::from(SECONDS_PER_HOUR)
        + i64::from(at.minute()) * i64::from(SECONDS_PER_MINUTE)
        + i64::from(at.second());
    (days * i64::from(SECONDS_PER_DAY) + seconds) * 1000
        + i64::from(at.subsec_nanosecond()) / 1_000_000
}

/// One interval of the forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct Interval {
    /// Local start time.
    pub start: DateTime,
    /// Contacts offered in the interval.
    pub volume: f64,
    /// Average handle time for the interval, when the forecast gives one.
    pub aht: Option<Seconds>,
    /// Agents on the phones, when the forecast gives them (`[staffing] method = "csv"`).
    pub agents: Option<u32>,
    /// False outside opening hours and on closed days: no contacts, no agents.
    pub open: bool,
    /// The index of the special day covering this interval, if any.
    pub special_day: Option<usize>,
}

impl Interval {
    /// An open interval with this volume and nothing else set.
    pub fn open(start: DateTime, volume: f64) -> Self {
        Self {
            start,
            volume,
            aht: None,
            agents: None,
            open: true,
            special_day: None,
        }
    }

    /// A closed interval: no volume, no agents.
    pub fn closed(start: DateTime) -> Self {
        Self {
            open: false,
            agents: Some(0),
            ..Self::open(start, 0.0)
        }
    }

    /// The calendar date of the start.
    pub fn date(&self) -> Date {
        self.start.date()
    }
}

/// Consecutive intervals of one length, without gaps (closed time is present as closed intervals).
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalSeries {
    /// The length of every interval.
    pub length: Seconds,
    /// The intervals, in time order.
    pub intervals: Vec<Interval>,
}

impl IntervalSeries {
    /// The distinct dates covered, in order.
    pub fn dates(&self) -> Vec<Date> {
        let mut dates: Vec<Date> = Vec::new();
        for interval in &self.intervals {
            let date = interval.date();
            if dates.last() != Some(&date) {
                dates.push(date);
            }
        }
        dates
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_milliseconds_agree_with_calendar_arithmetic() {
        let base: DateTime = "1999-12-31T23:59:59".parse().unwrap();
        for later in [
            "2000-01-01T00:00:00",
            "2000-02-29T12:00:00",
            "2000-03-01T00:00:00",
            "2100-03-01T00:15:00.250",
            "1601-01-01T00:00:00",
        ] {
            let later: DateTime = later.parse().unwrap();
            let exact = later.duration_since(base).as_millis() as i64;
            assert_eq!(civil_millis(later) - civil_millis(base), exact, "{later}");
        }
    }
}
