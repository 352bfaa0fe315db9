//! Units that appear everywhere: durations in seconds, and how users write them.
//!
//! Every time in staffsim is a [`Seconds`]. Users write durations as `20`, `20s`, `3m`, `30min`,
//! `1h` or `1.5h`; a plain number means seconds. Parsing is strict: a duration must be finite and
//! non-negative, and the caller decides whether zero is allowed.

use std::fmt;
use std::str::FromStr;

/// A duration in seconds.
///
/// A thin newtype so that a handle time can never be passed where a volume is expected.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Seconds(pub f64);

impl Seconds {
    /// The duration as a plain number of seconds.
    pub fn get(self) -> f64 {
        self.0
    }

    /// The duration in hours.
    pub fn hours(self) -> f64 {
        self.0 / 3600.0
    }
}

impl fmt::Display for Seconds {
    /// Shortest faithful form: `1800 s` prints as `30m`, `3600 s` as `1h`, `20 s` as `20s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        if s >= 3600.0 && s % 3600.0 == 0.0 {
            write!(f, "{}h", s / 3600.0)
        } else if s >= 60.0 && s % 60.0 == 0.0 {
            write!(f, "{}m", s / 60.0)
        } else {
            write!(f, "{s}s")
        }
    }
}

/// Why a duration did not parse.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("'{text}' is not a duration: write seconds (20 or 20s), minutes (3m, 30min) or hours (1h)")]
pub struct DurationError {
    text: String,
}

impl FromStr for Seconds {
    type Err = DurationError;

    /// Parses `20`, `20s`, `20sec`, `3m`, `30min`, `1h`, `1.5h`, `2hr`, `1d` (case-insensitive,
    /// optional space before the unit). Negative, infinite and NaN values are rejected.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || DurationError {
            text: text.to_string(),
        };
        let trimmed = text.trim();
        let split = trimmed
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(trimmed.len());
        let (number, unit) = trimmed.split_at(split);
        let value: f64 = number.trim().parse().map_err(|_| err())?;
        let scale = match unit.to_ascii_lowercase().as_str() {
            "" | "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
            "d" | "day" | "days" => 86_400.0,
            _ => return Err(err()),
        };
        let seconds = value * scale;
        if !seconds.is_finite() || seconds < 0.0 {
            return Err(err());
        }
        Ok(Seconds(seconds))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers_are_seconds_and_units_scale() {
        let cases = [
            ("20", 20.0),
            ("20s", 20.0),
            ("3m", 180.0),
            ("30min", 1800.0),
            ("1h", 3600.0),
            ("1.5h", 5400.0),
            (" 45 s ", 45.0),
            ("2HR", 7200.0),
            ("1d", 86_400.0),
        ];
        for (text, expected) in cases {
            assert_eq!(
                text.parse::<Seconds>().unwrap(),
                Seconds(expected),
                "{text}"
            );
        }
    }

    #[test]
    fn malformed_and_negative_durations_are_rejected() {
        for text in ["", "s", "-5s", "abc", "5 weeks", "NaN", "inf", "1e400"] {
            assert!(text.parse::<Seconds>().is_err(), "{text} should not parse");
        }
    }

    #[test]
    fn display_picks_the_largest_whole_unit() {
        assert_eq!(Seconds(1800.0).to_string(), "30m");
        assert_eq!(Seconds(3600.0).to_string(), "1h");
        assert_eq!(Seconds(20.0).to_string(), "20s");
        assert_eq!(Seconds(90.0).to_string(), "90s");
    }
}
