//! Interval history: observed volumes on a regular grid, with gaps.

use super::csv::{Columns, check_span, parse_rows};
use crate::error::{Error, Result};
use crate::units::Seconds;
use jiff::civil::{Date, DateTime};
use std::path::Path;

/// A run of missing intervals in a history.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Gap {
    /// Start of the first missing interval.
    pub from: String,
    /// How many intervals are missing.
    pub intervals: usize,
}

/// Observed volumes (and handle times) per interval, on a regular grid from the first row to the
/// last; `None` where the file has no row (a gap) or the date is left out of fitting.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// Start of the first interval.
    pub start: DateTime,
    /// Interval length; divides a day.
    pub length: Seconds,
    /// Contacts per interval.
    pub volume: Vec<Option<f64>>,
    /// AHT per interval, when the file has an `aht` column.
    pub aht: Option<Vec<Option<f64>>>,
    /// The gaps in the file.
    pub gaps: Vec<Gap>,
}

impl History {
    /// Reads a history CSV; `columns` names the time and volume columns.
    pub fn read(path: &Path, columns: &Columns) -> Result<Self> {
        Self::from_reader(
            crate::input::open(path)?,
            super::csv::rows_hint(path),
            &path.display().to_string(),
            columns,
        )
    }

    /// Parses a history CSV: rows may be missing (gaps are reported), but every row must sit on
    /// one grid whose spacing — the most common gap between rows — divides a day.
    pub fn parse(bytes: &[u8], name: &str, columns: &Columns) -> Result<Self> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        Self::from_reader(bytes, 0, name, columns)
    }

    /// Over 80 lines: one streaming pass that checks the grid, the gaps and the day's length as
    /// rows arrive.
    fn from_reader(
        source: impl std::io::Read,
        rows_hint: usize,
        name: &str,
        columns: &Columns,
    ) -> Result<Self> {
        let rows = parse_rows(source, rows_hint, name, columns, &mut |_, _| Ok(()))?;
        let at = |line: u64| format!("{name}:{line}: {}", rows.start_column);
        let mut steps: std::collections::BTreeMap<i64, usize> = Default::default();
        for pair in rows.rows.windows(2) {
            let step = pair[1].1.start.duration_since(pair[0].1.start).as_secs();
            if step <= 0 {
                return Err(Error::input(
                    at(pair[1].0),
                    format!(
                        "{} is not after {}: rows must be in time order",
                        pair[1].1.start, pair[0].1.start
                    ),
                ));
            }
            *steps.entry(step).or_default() += 1;
        }
        // The most common spacing (the smaller on a tie) is the grid; a gap is a whole number of it.
        let length = steps
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map_or(f64::INFINITY, |(step, _)| *step as f64);
        if rows.rows.len() < 2 || !length.is_finite() {
            return Err(Error::input(name, "a history needs at least two rows"));
        }
        if length < 60.0 || Seconds::DAY.get() % length != 0.0 {
            return Err(Error::input(
                name,
                format!(
                    "rows are {} apart, which does not divide a day: use 5m, 10m, 15m, 30m or 1h",
                    Seconds(length)
                ),
            ));
        }
        let first = rows.rows[0].1.start;
        let seconds_of_day = f64::from(first.hour()) * Seconds::HOUR.get()
            + f64::from(first.minute()) * 60.0
            + f64::from(first.second());
        if seconds_of_day % length != 0.0 {
            return Err(Error::input(
                at(rows.rows[0].0),
                format!("{first} is not on the {} grid of the file", Seconds(length)),
            ));
        }
        check_span(&rows.rows, name, Seconds(length))?;
        let last = rows.rows[rows.rows.len() - 1].1.start;
        let n = (last.duration_since(first).as_secs_f64() / length).round() as usize + 1;
        let mut volume = vec![None; n];
        let mut aht = rows.has_aht.then(|| vec![None; n]);
        for (line, interval) in &rows.rows {
            let offset = interval.start.duration_since(first).as_secs_f64() / length;
            if offset.fract() != 0.0 {
                return Err(Error::input(
                    at(*line),
                    format!(
                        "{} is off the {} grid of the file",
                        interval.start,
                        Seconds(length)
                    ),
                ));
            }
            let k = offset as usize;
            volume[k] = Some(interval.volume);
            if let Some(aht) = &mut aht {
                aht[k] = interval.aht.map(Seconds::get);
            }
        }
        let mut history = History {
            start: first,
            length: Seconds(length),
            volume,
            aht,
            gaps: Vec::new(),
        };
        let mut k = 0;
        while k < history.volume.len() {
            if history.volume[k].is_none() {
                let from = k;
                while k < history.volume.len() && history.volume[k].is_none() {
                    k += 1;
                }
                history.gaps.push(Gap {
                    from: history.time(from).strftime("%Y-%m-%dT%H:%M").to_string(),
                    intervals: k - from,
                });
            } else {
                k += 1;
            }
        }
        Ok(history)
    }

    /// Intervals per day.
    pub fn slots_per_day(&self) -> usize {
        (Seconds::DAY.get() / self.length.get()) as usize
    }

    /// Start of interval `i` (which may lie beyond the history, for forecasts).
    pub fn time(&self, i: usize) -> DateTime {
        self.start
            .saturating_add(jiff::SignedDuration::from_secs_f64(
                self.length.get() * i as f64,
            ))
    }

    /// Position of interval `i` in its week: Monday 00:00 is 0.
    pub fn week_slot(&self, i: usize) -> usize {
        let spd = self.slots_per_day();
        let first = self.start;
        let first_slot = super::profile::weekday_index(first.weekday()) * spd
            + ((f64::from(first.hour()) * Seconds::HOUR.get() + f64::from(first.minute()) * 60.0)
                / self.length.get()) as usize;
        (first_slot + i) % (7 * spd)
    }

    /// Leaves these dates out of fitting (their volumes become missing); returns how many
    /// intervals were left out.
    pub fn exclude(&mut self, dates: &[Date]) -> usize {
        let mut left_out = 0;
        for i in 0..self.volume.len() {
            if self.volume[i].is_some() && dates.contains(&self.time(i).date()) {
                self.volume[i] = None;
                left_out += 1;
            }
        }
        left_out
    }

    /// Intervals observed (not missing).
    pub fn observed(&self) -> usize {
        self.volume.iter().filter(|v| v.is_some()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_are_kept_on_the_grid_and_reported() {
        let text = "when,calls\n2026-01-05T00:00,3\n2026-01-05T00:15,4\n2026-01-05T01:00,5\n";
        let columns = Columns {
            time: "when".into(),
            volume: "calls".into(),
        };
        let h = History::parse(text.as_bytes(), "h.csv", &columns).unwrap();
        assert_eq!(h.length, Seconds(900.0));
        assert_eq!(h.volume, vec![Some(3.0), Some(4.0), None, None, Some(5.0)]);
        assert_eq!(
            h.gaps,
            vec![Gap {
                from: "2026-01-05T00:30".into(),
                intervals: 2
            }]
        );
        assert_eq!(
            h.week_slot(4),
            4,
            "Monday 01:00 is the fifth quarter hour of the week"
        );
    }

    #[test]
    fn off_grid_rows_are_rejected_with_their_line() {
        let text = "start,volume\n2026-01-05T00:00,3\n2026-01-05T00:15,4\n2026-01-05T00:40,5\n";
        let err = History::parse(text.as_bytes(), "h.csv", &Columns::default())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("h.csv:"), "{err}");
    }
}
