//! Rosters: shifts that put agents on the phones.
//!
//! A shift starts at a clock time, lasts a duration (it may run past midnight), works on some
//! weekdays, and puts `agents` agents on the phones. Like the `agents` column of a forecast CSV and
//! `method = "constant"`, these are agents on the phones, net of shrinkage: paid heads are
//! `agents / (1 − shrinkage)`. An agent counts in an interval only when the shift covers the whole
//! interval.

use super::days::{self, DaySet};
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
    /// The days it works: weekdays, dates and date ranges (`days` and `dates` in the file).
    pub days: DaySet,
    /// Agents on the phones during the shift.
    pub agents: u32,
    /// Breaks at fixed offsets from the start: an agent on break is not on the phones.
    pub breaks: Vec<ShiftBreak>,
}

/// A break at a fixed place in a shift.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShiftBreak {
    /// From the shift's start to the break's.
    pub offset: Seconds,
    /// How long.
    pub length: Seconds,
    /// Paid (counts in paid hours) or not.
    pub paid: bool,
}

pub(super) fn shift(k: usize, raw: &RawShift, file: &str, section: &str) -> Result<Shift> {
    let at = |name: &str| format!("{file}: {section} #{} {name}", k + 1);
    if !(raw.length.get() > 0.0 && raw.length <= Seconds::DAY) {
        return Err(Error::input(
            at("length"),
            format!("must be between 0 and 24h, got {}", raw.length),
        ));
    }
    // `days` names weekdays (and may name dates); `dates` names dates only. Neither: every day.
    let mut days = match (&raw.days, &raw.dates) {
        (None, Some(_)) => DaySet::default(),
        (days, _) => days::parse(days.as_deref(), &at("days"))?,
    };
    for entry in raw.dates.iter().flatten() {
        if !entry.trim().starts_with(|c: char| c.is_ascii_digit()) {
            return Err(Error::input(
                at("dates"),
                format!("'{entry}' is not a date: write 2026-12-26 or 2026-12-24..2026-12-26"),
            ));
        }
        days::add(&mut days, entry, &at("dates"))?;
    }
    let mut breaks = Vec::with_capacity(raw.breaks.len());
    for (b, raw_break) in raw.breaks.iter().enumerate() {
        let end = raw_break.offset.get() + raw_break.length.get();
        if raw_break.length.get() <= 0.0 || end > raw.length.get() {
            return Err(Error::input(
                at(&format!("break #{}", b + 1)),
                format!(
                    "must lie inside the {} shift: offset {} + length {} runs past its end",
                    raw.length, raw_break.offset, raw_break.length
                ),
            ));
        }
        breaks.push(ShiftBreak {
            offset: raw_break.offset,
            length: raw_break.length,
            paid: raw_break.paid,
        });
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
        breaks,
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
        for shift in shifts.iter().filter(|s| s.days.contains(date)) {
            let midnight = date.to_datetime(jiff::civil::Time::midnight());
            let offset =
                midnight.duration_since(origin).as_secs_f64() + f64::from(shift.start.seconds());
            // Intervals fully inside [offset, offset + length) and touching no break.
            let first = (offset / step).ceil() as i64;
            let last = ((offset + shift.length.get()) / step).floor() as i64; // exclusive
            for i in first.max(0)..last.min(count) {
                let (a, b) = (i as f64 * step - offset, (i + 1) as f64 * step - offset);
                let on_break = shift
                    .breaks
                    .iter()
                    .any(|br| a < br.offset.get() + br.length.get() && br.offset.get() < b);
                if !on_break {
                    agents[i as usize] += shift.agents;
                }
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

/// Agents on the phones in each interval of `scenario` from `shifts` written as
/// `[[staffing.shift]]` entries under `section` (a portfolio's `[[group]] N shift`), `file` naming
/// where they were read.
///
/// # Errors
/// [`Error::Input`] naming the shift and field, as `[[staffing.shift]]`'s.
pub fn shift_agents(
    shifts: &[toml::Value],
    file: &str,
    section: &str,
    scenario: &super::Scenario,
) -> Result<Vec<u32>> {
    let parsed = shifts
        .iter()
        .enumerate()
        .map(|(k, value)| {
            let raw: RawShift = value.clone().try_into().map_err(|e: toml::de::Error| {
                Error::input(
                    format!("{file}: {section} #{}", k + 1),
                    e.message().to_string(),
                )
            })?;
            shift(k, &raw, file, section)
        })
        .collect::<Result<Vec<_>>>()?;
    let series = IntervalSeries {
        length: scenario.interval,
        intervals: scenario
            .intervals
            .iter()
            .map(|d| {
                let mut interval = crate::forecast::Interval::open(d.start, d.volume);
                interval.open = d.open;
                interval
            })
            .collect(),
    };
    Ok(agents_per_interval(&parsed, &series))
}
