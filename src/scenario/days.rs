//! Which days a shift or a schedule template works: weekday names, dates and date ranges.
//!
//! `days = ["weekdays", "sat", "2026-12-26", "2026-12-28..2026-12-31"]` — a day matches when its
//! weekday is named or it falls in one of the dates or ranges.

use crate::error::{Error, Result};
use crate::forecast::parse_date;
use jiff::civil::Date;

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A set of days: weekdays (Monday = 0) and inclusive date ranges.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DaySet {
    /// Weekdays that always match, Monday = 0 … Sunday = 6.
    pub weekdays: [bool; 7],
    /// Inclusive date ranges that match whatever their weekday.
    pub dates: Vec<(Date, Date)>,
}

impl DaySet {
    /// Every day.
    pub fn all() -> Self {
        DaySet {
            weekdays: [true; 7],
            dates: Vec::new(),
        }
    }

    /// Whether `date` is in the set.
    pub fn contains(&self, date: Date) -> bool {
        self.weekdays[crate::forecast::weekday(date)]
            || self.dates.iter().any(|(a, b)| (*a..=*b).contains(&date))
    }

    /// True when the set names dates only (no weekday).
    pub fn is_dated(&self) -> bool {
        !self.weekdays.iter().any(|d| *d)
    }

    /// The set as the scenario writes it: `["weekdays", "2026-12-26"]`.
    pub fn to_names(&self) -> Vec<String> {
        let mut names = Vec::new();
        if self.weekdays == [true; 7] {
            names.push("all".to_string());
        } else if self.weekdays == [true, true, true, true, true, false, false] {
            names.push("weekdays".to_string());
        } else if self.weekdays == [false, false, false, false, false, true, true] {
            names.push("weekend".to_string());
        } else {
            for (k, on) in self.weekdays.iter().enumerate() {
                if *on {
                    names.push(DAY_NAMES[k].to_string());
                }
            }
        }
        for (a, b) in &self.dates {
            names.push(if a == b {
                a.to_string()
            } else {
                format!("{a}..{b}")
            });
        }
        names
    }
}

/// Parses one entry of a `days` list into `set`: a weekday name, `weekdays`, `weekend`, `all`, a
/// date `2026-12-26` or a range `2026-12-24..2026-12-26`. `at` names the field in errors.
pub(super) fn add(set: &mut DaySet, entry: &str, at: &str) -> Result<()> {
    let text = entry.trim();
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        let (from, to) = match text.split_once("..") {
            Some((a, b)) => (a, b),
            None => (text, text),
        };
        let parse = |t: &str| parse_date(t).map_err(|e| Error::input(at, e));
        let (from, to) = (parse(from)?, parse(to)?);
        if to < from {
            return Err(Error::input(
                at,
                format!("the range '{text}' ends before it starts"),
            ));
        }
        set.dates.push((from, to));
        return Ok(());
    }
    match text.to_ascii_lowercase().as_str() {
        "all" | "every day" | "daily" => set.weekdays = [true; 7],
        "weekdays" => set.weekdays[..5].fill(true),
        "weekend" => set.weekdays[5..].fill(true),
        day => {
            let index = DAY_NAMES
                .iter()
                .position(|d| day.len() >= 3 && day.starts_with(d))
                .ok_or_else(|| {
                    Error::input(
                        at,
                        format!(
                            "'{entry}' is not a day: use mon … sun, weekdays, weekend, all, a date (2026-12-26) or a range (2026-12-24..2026-12-26)"
                        ),
                    )
                })?;
            set.weekdays[index] = true;
        }
    }
    Ok(())
}

/// The set of `entries`, or every day when there are none.
pub(super) fn parse(entries: Option<&[String]>, at: &str) -> Result<DaySet> {
    match entries {
        None => Ok(DaySet::all()),
        Some(entries) => {
            let mut set = DaySet::default();
            for entry in entries {
                add(&mut set, entry, at)?;
            }
            Ok(set)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_mix_weekday_names_dates_and_ranges() {
        let set = parse(
            Some(&[
                "weekdays".into(),
                "2026-12-26".into(),
                "2027-01-01..2027-01-02".into(),
            ]),
            "f",
        )
        .unwrap();
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert!(set.contains(d("2026-12-21"))); // a Monday
        assert!(set.contains(d("2026-12-26"))); // a Saturday, named
        assert!(!set.contains(d("2026-12-27"))); // a Sunday
        assert!(set.contains(d("2027-01-02")));
        assert_eq!(
            set.to_names(),
            ["weekdays", "2026-12-26", "2027-01-01..2027-01-02"]
        );
        let err = parse(Some(&["someday".into()]), "f: days")
            .unwrap_err()
            .to_string();
        assert!(err.contains("'someday' is not a day"), "{err}");
        assert!(parse(Some(&["2026-12-26..2026-12-24".into()]), "f").is_err());
    }
}
