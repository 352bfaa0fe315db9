//! Rosters: shifts that put agents on the phones.
//!
//! A shift starts at a clock time, lasts a duration (it may run past midnight), works on some
//! weekdays, and puts `agents` agents on the phones. Like the `agents` column of a forecast CSV and
//! `method = "constant"`, these are agents on the phones, net of shrinkage: paid heads are
//! `agents / (1 − shrinkage)`. An agent counts in an interval only when the shift covers the whole
//! interval.

use super::schema::RawShift;
use crate::error::{Error, Result};
use crate::forecast::{ClockTime, IntervalSeries};
use crate::units::Seconds;

/// One shift pattern of a roster.
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    /// A label for reports.
    pub name: String,
    /// Start time of day.
    pub start: ClockTime,
    /// Length; may run past midnight.
    pub length: Seconds,
    /// Works on these weekdays, Monday = 0 … Sunday = 6.
    pub days: [bool; 7],
    /// Agents on the phones during the shift.
    pub agents: u32,
}

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

pub(super) fn shift(k: usize, raw: &RawShift, file: &str) -> Result<Shift> {
    let at = |name: &str| format!("{file}: [[staffing.shift]] #{} {name}", k + 1);
    if !(raw.length.get() > 0.0 && raw.length <= Seconds::DAY) {
        return Err(Error::input(
            at("length"),
            format!("must be between 0 and 24h, got {}", raw.length),
        ));
    }
    let mut days = [raw.days.is_none(); 7];
    for name in raw.days.iter().flatten() {
        match name.trim().to_ascii_lowercase().as_str() {
            "all" | "every day" | "daily" => days = [true; 7],
            "weekdays" => days[..5].fill(true),
            "weekend" => days[5..].fill(true),
            day => {
                let index = DAY_NAMES
                    .iter()
                    .position(|d| day.starts_with(d))
                    .ok_or_else(|| {
                        Error::input(
                            at("days"),
                            format!(
                                "'{name}' is not a day: use mon … sun, weekdays, weekend or all"
                            ),
                        )
                    })?;
                days[index] = true;
            }
        }
    }
    Ok(Shift {
        name: raw
            .name
            .clone()
            .unwrap_or_else(|| format!("shift {}", k + 1)),
        start: raw.start.0,
        length: raw.length,
        days,
        agents: raw.agents,
    })
}

/// Agents on the phones in each interval of `series` (closed intervals get 0).
pub(super) fn agents_per_interval(shifts: &[Shift], series: &IntervalSeries) -> Vec<u32> {
    let mut agents = vec![0u32; series.intervals.len()];
    let Some(first) = series.intervals.first() else {
        return agents;
    };
    let origin = first.start;
    let step = series.length.get();
    let count = agents.len() as i64;
    let dates = series.dates();
    // The day before the first also counts: its night shift may run into the horizon.
    let days = dates[0]
        .yesterday()
        .into_iter()
        .chain(dates.iter().copied());
    for date in days {
        let weekday = crate::forecast::weekday(date);
        for shift in shifts.iter().filter(|s| s.days[weekday]) {
            let midnight = date.to_datetime(jiff::civil::Time::midnight());
            let offset =
                midnight.duration_since(origin).as_secs_f64() + f64::from(shift.start.seconds());
            // Intervals fully inside [offset, offset + length).
            let first = (offset / step).ceil() as i64;
            let last = ((offset + shift.length.get()) / step).floor() as i64; // exclusive
            for i in first.max(0)..last.min(count) {
                agents[i as usize] += shift.agents;
            }
        }
    }
    for (a, interval) in agents.iter_mut().zip(&series.intervals) {
        if !interval.open {
            *a = 0;
        }
    }
    agents
}
