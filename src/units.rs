//! Units that appear everywhere: durations in seconds (and how users write them), and shrinkage.
//!
//! Every time in staffsim is a [`Seconds`]. Users write durations as `20`, `20s`, `3m`, `30min`,
//! `1h` or `1.5h`; a plain number means seconds. Parsing is strict: a duration must be finite and
//! non-negative, and the caller decides whether zero is allowed.

use std::fmt;
use std::str::FromStr;

/// Seconds in a minute.
pub const SECONDS_PER_MINUTE: u32 = 60;

/// Seconds in an hour.
pub const SECONDS_PER_HOUR: u32 = 3_600;

/// Seconds in a day (local clock time: no daylight-saving days).
pub const SECONDS_PER_DAY: u32 = 86_400;

/// A duration in seconds.
///
/// A thin newtype so that a handle time can never be passed where a volume is expected.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Seconds(pub f64);

impl Seconds {
    /// One hour.
    pub const HOUR: Seconds = Seconds(SECONDS_PER_HOUR as f64);

    /// One day.
    pub const DAY: Seconds = Seconds(SECONDS_PER_DAY as f64);

    /// The duration as a plain number of seconds.
    pub fn get(self) -> f64 {
        self.0
    }

    /// The duration in hours.
    pub fn hours(self) -> f64 {
        self.0 / Self::HOUR.0
    }
}

impl fmt::Display for Seconds {
    /// As a planner writes it, and as it parses back: `1800 s` prints as `30m`, `3600 s` as
    /// `1h`, `19800 s` as `5h30m`, `20 s` as `20s`; a value too small or too large to read in
    /// digits in exponent form (`1e-308s`, for messages only: it does not parse back).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        if s != 0.0 && !(1e-3..1e12).contains(&s.abs()) {
            write!(f, "{s:e}s")
        } else if s >= Self::HOUR.0 && s % 60.0 == 0.0 {
            let hours = (s / Self::HOUR.0).floor();
            let minutes = (s - hours * Self::HOUR.0) / 60.0;
            if minutes == 0.0 {
                write!(f, "{hours}h")
            } else {
                write!(f, "{hours}h{minutes}m")
            }
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

/// `"1.5 h"` as `("1.5", "h")`: the number before the first letter and the unit from it on, both
/// trimmed. Shared by every parser of quantities with units (durations, byte sizes).
pub fn split_number_and_unit(text: &str) -> (&str, &str) {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    (number.trim(), unit)
}

impl FromStr for Seconds {
    type Err = DurationError;

    /// Parses `20`, `20s`, `20sec`, `3m`, `30min`, `1h`, `1.5h`, `2hr`, `1d` (case-insensitive,
    /// optional space before the unit), and sums of them: `5h30m`, `1h 15m`. Negative, infinite
    /// and NaN values are rejected.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || DurationError {
            text: text.to_string(),
        };
        let mut rest = text.trim();
        if rest.is_empty() {
            return Err(err());
        }
        let mut total = 0.0;
        while !rest.is_empty() {
            let (number, after) = split_number_and_unit(rest);
            let unit_len = after
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(after.len());
            let (unit, tail) = after.split_at(unit_len);
            let value: f64 = number.parse().map_err(|_| err())?;
            if value < 0.0 {
                return Err(err());
            }
            let scale = match unit.to_ascii_lowercase().as_str() {
                "" | "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
                "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
                "h" | "hr" | "hrs" | "hour" | "hours" => Seconds::HOUR.0,
                "d" | "day" | "days" => Seconds::DAY.0,
                "w" | "wk" | "week" | "weeks" => 7.0 * Seconds::DAY.0,
                _ => return Err(err()),
            };
            // A bare number must stand alone: "5h30" is ambiguous.
            if unit.is_empty() && total > 0.0 {
                return Err(err());
            }
            total += value * scale;
            rest = tail.trim_start();
            if unit.is_empty() && !rest.is_empty() {
                return Err(err());
            }
        }
        if !total.is_finite() || total < 0.0 {
            return Err(err());
        }
        Ok(Seconds(total))
    }
}

/// Scenario files write durations as strings (`"15m"`, `"240s"`) or as plain numbers of seconds.
impl<'de> serde::Deserialize<'de> for Seconds {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Seconds;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a duration such as \"20s\", \"15m\", \"1h\" or a number of seconds")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Seconds, E> {
                text.parse().map_err(E::custom)
            }

            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Seconds, E> {
                if value.is_finite() && value >= 0.0 {
                    Ok(Seconds(value))
                } else {
                    Err(E::custom(format!(
                        "{value} is not a duration: it must be ≥ 0 seconds"
                    )))
                }
            }

            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Seconds, E> {
                self.visit_f64(value as f64)
            }

            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Seconds, E> {
                self.visit_f64(value as f64)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Shrinkage: the fraction of paid agent time lost to breaks, meetings, training, absence and the like.
///
/// # Formula
///
/// An agent is on the phones for `1 − s` of paid time, so covering `n` agents on the phones takes
///
/// ```text
/// FTE = n / (1 − s)
/// ```
///
/// paid agents, unrounded (rounding is a rostering decision, not a staffing one).
///
/// # Examples
///
/// ```
/// use staffsim::units::Shrinkage;
/// let shrinkage = Shrinkage::new(0.3).unwrap();
/// assert!((shrinkage.fte(14) - 20.0).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Shrinkage(f64);

impl Shrinkage {
    /// A shrinkage fraction in `[0, 1)`.
    pub fn new(fraction: f64) -> crate::error::Result<Self> {
        if (0.0..1.0).contains(&fraction) {
            Ok(Self(fraction))
        } else {
            Err(crate::error::Error::invalid(
                "shrinkage",
                fraction,
                "in [0, 1)",
            ))
        }
    }

    /// The fraction of paid time lost.
    pub fn fraction(self) -> f64 {
        self.0
    }

    /// Paid agents (FTE) needed to keep `agents` on the phones.
    pub fn fte(self, agents: u32) -> f64 {
        self.fte_for(f64::from(agents))
    }

    /// Paid agents needed to keep a possibly fractional number of agents on the phones.
    pub fn fte_for(self, agents: f64) -> f64 {
        agents / (1.0 - self.0)
    }
}

/// The standard normal's 97.5 % quantile, Φ⁻¹(0.975): a two-sided 95 % interval spans ± `Z_95`
/// standard errors (the Wilson intervals of a bid's P(miss), a forecast's prediction band).
pub const Z_95: f64 = 1.959_963_984_540_054;

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
            ("5h30m", 19_800.0),
            ("1h 15m", 4_500.0),
            ("2m30s", 150.0),
            ("8w", 8.0 * 7.0 * 86_400.0),
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
        for text in [
            "",
            "s",
            "-5s",
            "abc",
            "5 fortnights",
            "NaN",
            "inf",
            "1e400",
            "5h30",
            "5h-30m",
            "30 5m",
        ] {
            assert!(text.parse::<Seconds>().is_err(), "{text} should not parse");
        }
    }

    #[test]
    fn shrinkage_must_leave_some_time_on_the_phones() {
        assert!(Shrinkage::new(1.0).is_err());
        assert!(Shrinkage::new(-0.1).is_err());
        assert!(Shrinkage::new(f64::NAN).is_err());
        assert_eq!(Shrinkage::new(0.0).unwrap().fte(7), 7.0);
    }

    #[test]
    fn display_picks_the_largest_whole_unit() {
        assert_eq!(Seconds(1800.0).to_string(), "30m");
        assert_eq!(Seconds(3600.0).to_string(), "1h");
        assert_eq!(Seconds(20.0).to_string(), "20s");
        assert_eq!(Seconds(90.0).to_string(), "90s");
        assert_eq!(
            Seconds(19_800.0).to_string(),
            "5h30m",
            "as a planner writes it"
        );
        assert_eq!(Seconds(1e-308).to_string(), "1e-308s");
        for s in [19_800.0, 5_400.0, 86_400.0, 7.5, 0.25] {
            let text = Seconds(s).to_string();
            assert_eq!(
                text.parse::<Seconds>().unwrap(),
                Seconds(s),
                "{text} parses back"
            );
        }
    }
}
