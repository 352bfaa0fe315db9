//! Dates and clock times as scenario files write them.

use crate::units::{SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE};
use jiff::civil::Date;
use std::fmt;
use std::str::FromStr;

/// A time of day as seconds after midnight, `00:00` to `24:00` inclusive (so a day can close at
/// midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClockTime(u32);

impl ClockTime {
    /// Seconds after midnight.
    pub fn seconds(self) -> u32 {
        self.0
    }

    /// From seconds after midnight, at most 86,400.
    pub fn from_seconds(seconds: u32) -> Option<Self> {
        (seconds <= SECONDS_PER_DAY).then_some(Self(seconds))
    }
}

impl FromStr for ClockTime {
    type Err = String;

    /// `HH:MM` or `HH:MM:SS`, 24-hour clock, up to `24:00`.
    fn from_str(text: &str) -> Result<Self, String> {
        let err = || format!("'{text}' is not a clock time: write HH:MM, e.g. 08:00 or 22:30");
        let parts: Vec<&str> = text.trim().split(':').collect();
        if !(2..=3).contains(&parts.len()) {
            return Err(err());
        }
        let field = |s: &str, max: u32| s.parse::<u32>().ok().filter(|v| *v <= max && s.len() == 2);
        let hours = field(parts[0], 24).or_else(|| {
            parts[0]
                .parse::<u32>()
                .ok()
                .filter(|h| *h < 10 && parts[0].len() == 1)
        });
        let minutes = field(parts[1], 59);
        let seconds = if parts.len() == 3 {
            field(parts[2], 59)
        } else {
            Some(0)
        };
        match (hours, minutes, seconds) {
            (Some(h), Some(m), Some(s)) if h < 24 || (m == 0 && s == 0) => {
                Ok(Self(h * SECONDS_PER_HOUR + m * SECONDS_PER_MINUTE + s))
            }
            _ => Err(err()),
        }
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}:{:02}",
            self.0 / SECONDS_PER_HOUR,
            self.0 % SECONDS_PER_HOUR / SECONDS_PER_MINUTE
        )
    }
}

/// Parses an ISO 8601 calendar date, `2026-12-24`.
pub fn parse_date(text: &str) -> Result<Date, String> {
    text.trim()
        .parse::<Date>()
        .map_err(|_| format!("'{text}' is not a valid date: write YYYY-MM-DD, e.g. 2026-12-24"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_run_from_midnight_to_midnight() {
        assert_eq!("08:00".parse::<ClockTime>().unwrap().seconds(), 8 * 3600);
        assert_eq!(
            "22:30".parse::<ClockTime>().unwrap().seconds(),
            22 * 3600 + 1800
        );
        assert_eq!("24:00".parse::<ClockTime>().unwrap().seconds(), 86_400);
        assert_eq!(
            "8:15".parse::<ClockTime>().unwrap().seconds(),
            8 * 3600 + 900
        );
        for bad in ["24:30", "25:00", "08:60", "8", "08-00", "", "aa:bb"] {
            assert!(bad.parse::<ClockTime>().is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_must_exist() {
        assert!(parse_date("2026-12-24").is_ok());
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("24/12/2026").is_err());
    }
}
