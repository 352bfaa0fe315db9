//! Reading interval CSV files: `start, volume[, aht][, agents]`.

use super::series::{Interval, IntervalSeries, MAX_INTERVALS, civil_millis};
use crate::error::{Error, Result};
use crate::units::Seconds;
use jiff::civil::DateTime;
use std::path::Path;

/// The columns staffsim understands; headers match case-insensitively, other columns are ignored.
const START: &str = "start";
const VOLUME: &str = "volume";
const AHT: &str = "aht";
const AGENTS: &str = "agents";

/// Reads an interval CSV.
///
/// - A header row names the columns: `start` (ISO 8601 local date-time, `2026-12-24T09:00`, or with
///   a space instead of the `T`), `volume` (contacts offered, ≥ 0), optional `aht` (seconds, > 0;
///   blank cells fall back to the scenario's AHT) and optional `agents` (agents on the phones).
///   Header case does not matter; unknown columns are ignored.
/// - The interval length is the spacing of the rows. It must be uniform within a day; from one
///   day to the next the rows may skip closed hours (a gap of whole intervals), which become closed
///   intervals. With `expected`, the spacing must equal it.
/// - Excel-saved files load: a UTF-8 byte-order mark, CRLF line ends, blank trailing lines and
///   rows of empty cells are all accepted.
///
/// Every error names the file, the line and the column.
pub fn read_interval_csv(path: &Path, expected: Option<Seconds>) -> Result<IntervalSeries> {
    interval_csv(
        crate::input::open(path)?,
        rows_hint(path),
        &path.display().to_string(),
        expected,
    )
}

/// About the shortest row of an interval CSV (`2026-12-24T09:00,12` and a line end): a file's
/// length over this bounds its rows, so they are read without reallocating.
const BYTES_PER_ROW: usize = 20;

/// At most how many rows the file at `path` holds, by its length.
pub(crate) fn rows_hint(path: &Path) -> usize {
    std::fs::metadata(path).map_or(0, |m| m.len() as usize / BYTES_PER_ROW)
}

/// [`read_interval_csv`] on bytes already in memory; `name` is used in error messages.
pub fn parse_interval_csv(
    bytes: &[u8],
    name: &str,
    expected: Option<Seconds>,
) -> Result<IntervalSeries> {
    interval_csv(
        bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes),
        bytes.len() / BYTES_PER_ROW,
        name,
        expected,
    )
}

/// The interval CSV from a stream, each row checked against the grid as it is read.
fn interval_csv(
    source: impl std::io::Read,
    rows_hint: usize,
    name: &str,
    expected: Option<Seconds>,
) -> Result<IntervalSeries> {
    let mut grid = Grid {
        length: expected.map(Seconds::get),
        expected,
        last_millis: None,
        gaps: false,
    };
    let rows = parse_rows(
        source,
        rows_hint,
        name,
        &Columns::default(),
        &mut |rows, start_column| grid.check(rows, name, start_column),
    )?;
    let gaps = grid.gaps;
    let Some(length) = grid.length.map(Seconds) else {
        return Err(Error::input(
            name,
            "one row only: the interval length cannot be inferred; set [centre] interval",
        ));
    };
    check_span(&rows.rows, name, length)?;
    Ok(IntervalSeries {
        length,
        intervals: if gaps {
            fill_day_gaps(rows.rows, length)
        } else {
            // Without gaps the rows' own allocation becomes the series.
            rows.rows
                .into_iter()
                .map(|(_, interval)| interval)
                .collect()
        },
    })
}

/// Which header names hold the time and the volume (case-insensitive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// The local start date-time column.
    pub time: String,
    /// The contacts column.
    pub volume: String,
}

impl Default for Columns {
    fn default() -> Self {
        Self {
            time: START.to_string(),
            volume: VOLUME.to_string(),
        }
    }
}

/// Parsed rows with their line numbers, and how to name the time column in errors.
pub(crate) struct Rows {
    pub rows: Vec<(u64, Interval)>,
    pub start_column: String,
    pub has_aht: bool,
}

/// A check run on the rows read so far each time a row is added (the newest is last), with the
/// name of the start column for messages: so a bad line 3 is reported at line 3, whatever follows.
pub(crate) type RowCheck<'a> = dyn FnMut(&[(u64, Interval)], &str) -> Result<()> + 'a;

/// Reads and checks every row as it streams in: each start after the one before, at most
/// [`MAX_INTERVALS`](MAX_INTERVALS) rows, and `check` on every new row.
///
/// Over 80 lines: the streaming read loop: each row checked in order as it arrives, the checks each
/// a call.
pub(crate) fn parse_rows(
    source: impl std::io::Read,
    rows_hint: usize,
    name: &str,
    columns: &Columns,
    check: &mut RowCheck,
) -> Result<Rows> {
    // Only the header is trimmed by the reader; of each row, only the cells used are trimmed.
    let (mut reader, headers) = csv_with_headers(source, ::csv::Trim::Headers, name)?;
    let layout = layout(&headers, name, columns)?;
    let start_col = layout.start;
    let start_column = format!("column {} ({})", start_col + 1, &headers[start_col]);

    let mut rows: Vec<(u64, Interval)> = Vec::with_capacity(rows_hint.min(MAX_INTERVALS));
    // One byte record reused for every row, and only the cells used are checked as UTF-8: the
    // reader allocates nothing per row.
    let mut record = ::csv::ByteRecord::new();
    loop {
        let more = reader
            .read_byte_record(&mut record)
            .map_err(|e| csv_row_error(name, &e))?;
        if !more {
            break;
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|cell| cell.trim_ascii().is_empty()) {
            continue;
        }
        let at = |col: usize| format!("{name}:{line}: column {} ({})", col + 1, &headers[col]);
        let cell = |col: usize| -> Result<&str> {
            std::str::from_utf8(record.get(col).unwrap_or(b"").trim_ascii()).map_err(|_| {
                Error::input(at(col), "the file is not UTF-8 text: save it as CSV UTF-8")
            })
        };

        let interval = parse_row(&layout, &cell, &at)?;
        if let Some((_, previous)) = rows.last()
            && interval.start <= previous.start
        {
            return Err(Error::input(
                at(start_col),
                format!(
                    "{} is not after {} on the row before: rows must be in time order, one per interval",
                    interval.start, previous.start
                ),
            ));
        }
        if rows.len() == MAX_INTERVALS {
            return Err(Error::input(
                format!("{name}:{line}"),
                format!(
                    "more than {} rows (20 years of 5-minute intervals): split the file",
                    MAX_INTERVALS
                ),
            ));
        }
        rows.push((line, interval));
        check(&rows, &start_column)?;
    }
    if rows.is_empty() {
        return Err(Error::input(
            name,
            "no intervals: the file has a header but no rows",
        ));
    }
    Ok(Rows {
        rows,
        start_column,
        has_aht: layout.aht.is_some(),
    })
}

/// Where the columns staffsim reads are, 0-based.
#[derive(Debug, Clone, Copy)]
struct Layout {
    start: usize,
    volume: usize,
    aht: Option<usize>,
    agents: Option<usize>,
}

/// The header's layout: start and volume required, AHT and agents optional, none named twice
/// (it would be read from one of them silently).
fn layout(headers: &::csv::StringRecord, name: &str, columns: &Columns) -> Result<Layout> {
    // A column staffsim reads, named twice, would be read from one of them silently.
    for column in [columns.time.as_str(), columns.volume.as_str(), AHT, AGENTS] {
        let at: Vec<usize> = (0..headers.len())
            .filter(|&k| headers[k].eq_ignore_ascii_case(column))
            .collect();
        if at.len() > 1 {
            return Err(Error::input(
                format!("{name}:1"),
                format!(
                    "the header names '{column}' {} times (columns {}): keep one",
                    at.len(),
                    at.iter()
                        .map(|k| (k + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            ));
        }
    }
    let find = |column: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(column));
    let (start_col, volume_col) = match (find(&columns.time), find(&columns.volume)) {
        (Some(s), Some(v)) => (s, v),
        (s, _) => {
            let missing = if s.is_none() {
                &columns.time
            } else {
                &columns.volume
            };
            return Err(Error::input(
                format!("{name}:1"),
                format!(
                    "no '{missing}' column in the header (found: {}); the columns are start, volume and optionally aht, agents",
                    headers.iter().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    };
    Ok(Layout {
        start: start_col,
        volume: volume_col,
        aht: find(AHT),
        agents: find(AGENTS),
    })
}

/// One row's interval: its start, volume ≥ 0, and its AHT > 0 and whole agents ≥ 0 where the
/// columns exist and the cells are not empty. `cell` reads a trimmed cell, `at` names it.
fn parse_row<'r>(
    layout: &Layout,
    cell: &dyn Fn(usize) -> Result<&'r str>,
    at: &dyn Fn(usize) -> String,
) -> Result<Interval> {
    let Layout {
        start: start_col,
        volume: volume_col,
        aht: aht_col,
        agents: agents_col,
    } = *layout;
    let start = parse_start(cell(start_col)?).map_err(|m| Error::input(at(start_col), m))?;
    let text = cell(volume_col)?;
    let volume = match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => v,
        _ => {
            return Err(Error::input(
                at(volume_col),
                format!("'{text}' is not a volume: it must be a number of contacts ≥ 0"),
            ));
        }
    };
    let mut interval = Interval::open(start, volume);
    if let Some(col) = aht_col {
        let text = cell(col)?;
        if !text.is_empty() {
            interval.aht = match text.parse::<f64>() {
                Ok(v) if v.is_finite() && v > 0.0 => Some(Seconds(v)),
                _ => {
                    return Err(Error::input(
                        at(col),
                        format!("'{text}' is not an AHT: it must be a number of seconds > 0"),
                    ));
                }
            };
        }
    }
    if let Some(col) = agents_col {
        let text = cell(col)?;
        if !text.is_empty() {
            interval.agents = match text.parse::<f64>() {
                Ok(v) if v >= 0.0 && v.fract() == 0.0 && v <= f64::from(u32::MAX) => Some(v as u32),
                _ => {
                    return Err(Error::input(
                        at(col),
                        format!(
                            "'{text}' is not a number of agents: it must be a whole number ≥ 0"
                        ),
                    ));
                }
            };
        }
    }
    Ok(interval)
}

/// Rejects files whose first and last rows are further apart than [`MAX_INTERVALS`] intervals.
///
/// [`MAX_INTERVALS`]: MAX_INTERVALS
pub(crate) fn check_span(rows: &[(u64, Interval)], name: &str, length: Seconds) -> Result<()> {
    let (first, last) = (rows[0].1.start, rows[rows.len() - 1].1.start);
    let span = last.duration_since(first).as_secs_f64() / length.get() + 1.0;
    if span > MAX_INTERVALS as f64 {
        return Err(Error::input(
            name,
            format!(
                "{first} to {last} in {length} intervals is more than {} intervals",
                MAX_INTERVALS
            ),
        ));
    }
    Ok(())
}

/// A CSV reader over `source` (rows of any length, `trim` as asked) and its header row, a header
/// it cannot read located at line 1 of `name`.
pub(crate) fn csv_with_headers<R: std::io::Read>(
    source: R,
    trim: ::csv::Trim,
    name: &str,
) -> Result<(::csv::Reader<R>, ::csv::StringRecord)> {
    let mut reader = ::csv::ReaderBuilder::new()
        .trim(trim)
        .flexible(true)
        .from_reader(source);
    let headers = reader
        .headers()
        .map_err(|e| Error::input(format!("{name}:1"), csv_message(&e)))?
        .clone();
    Ok((reader, headers))
}

/// A row the CSV reader could not read, located at its line of `name` when the reader knows it.
pub(crate) fn csv_row_error(name: &str, err: &::csv::Error) -> Error {
    match err.position() {
        Some(p) => Error::input(format!("{name}:{}", p.line()), csv_message(err)),
        None => Error::input(name, csv_message(err)),
    }
}

pub(crate) fn csv_message(err: &::csv::Error) -> String {
    match err.kind() {
        ::csv::ErrorKind::Utf8 { .. } => {
            "the file is not UTF-8 text: save it as CSV UTF-8".to_string()
        }
        _ => err.to_string(),
    }
}

/// `2026-12-24T09:00`, `2026-12-24 09:00`, with or without seconds.
///
/// A time-zone offset or zone (`Z`, `+01:00`, `[Europe/Paris]`) is refused rather than dropped:
/// intervals are local clock times, and an offset would silently shift them.
pub(crate) fn parse_start(text: &str) -> Result<DateTime, String> {
    if let Some(start) = parse_start_fast(text.as_bytes()) {
        return Ok(start);
    }
    let normalised = text.replacen(' ', "T", 1);
    if let Some((_, time)) = normalised.split_once(['T', 't'])
        && time.contains(['Z', 'z', '+', '-', '['])
    {
        return Err(format!(
            "'{text}' carries a time-zone offset: write local clock time without one, e.g. 2026-12-24T09:00"
        ));
    }
    normalised.parse::<DateTime>().map_err(|_| {
        format!("'{text}' is not a date-time: write ISO 8601 local time, e.g. 2026-12-24T09:00")
    })
}

/// The common forms `YYYY-MM-DDTHH:MM` and `YYYY-MM-DDTHH:MM:SS` (or a space for the `T`),
/// read digit by digit; `None` sends anything else (or an invalid date) to the full parser,
/// which gives the error message.
fn parse_start_fast(b: &[u8]) -> Option<DateTime> {
    if !(b.len() == 16 || b.len() == 19)
        || b[4] != b'-'
        || b[7] != b'-'
        || !(b[10] == b'T' || b[10] == b' ')
        || b[13] != b':'
        || (b.len() == 19 && b[16] != b':')
    {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<i16> {
        b[range].iter().try_fold(0i16, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + i16::from(d - b'0'))
        })
    };
    let second = if b.len() == 19 { digits(17..19)? } else { 0 };
    DateTime::new(
        digits(0..4)?,
        digits(5..7)? as i8,
        digits(8..10)? as i8,
        digits(11..13)? as i8,
        digits(14..16)? as i8,
        second as i8,
        0,
    )
    .ok()
}

/// The interval grid as the rows reveal it, checked row by row while the file streams in.
struct Grid {
    /// Seconds between rows: `expected`, else the first two rows' spacing.
    length: Option<f64>,
    /// `[centre] interval`, when set.
    expected: Option<Seconds>,
    /// The previous row's start in [`civil_millis`], so each start is converted once.
    last_millis: Option<i64>,
    /// Whether closed hours were skipped between days somewhere.
    gaps: bool,
}

impl Grid {
    /// Checks the newest row: the first two rows set the interval length (which must equal
    /// `expected` when given); every later row follows the one before by one interval, or, from
    /// one day to the next, by a whole number of intervals (closed hours skipped).
    fn check(&mut self, rows: &[(u64, Interval)], name: &str, start_column: &str) -> Result<()> {
        let Some((line, b)) = rows.last() else {
            return Ok(());
        };
        let millis = civil_millis(b.start);
        let Some(previous) = self.last_millis.replace(millis) else {
            return Ok(());
        };
        let a = &rows[rows.len() - 2].1;
        let at = || format!("{name}:{line}: {start_column}");
        let step = (millis - previous) as f64 / 1000.0;
        let length = *self.length.get_or_insert(step);
        if rows.len() == 2
            && let Some(expected) = self.expected
            && step != expected.get()
        {
            return Err(Error::input(
                at(),
                format!(
                    "rows are {} apart but [centre] interval is {}: the interval length must match the file",
                    Seconds(step),
                    expected
                ),
            ));
        }
        if step == length {
            return Ok(());
        }
        let whole_intervals = step / length;
        if b.date() > a.date() && whole_intervals.fract() == 0.0 && whole_intervals >= 1.0 {
            self.gaps = true;
            return Ok(());
        }
        Err(Error::input(
            at(),
            format!(
                "uneven spacing: {} follows {} ({} apart), but intervals are {} long",
                b.start,
                a.start,
                Seconds(step),
                Seconds(length)
            ),
        ))
    }
}

/// Turns the rows into a gapless series: closed hours skipped between days become closed intervals.
///
/// Without gaps (the common case) the rows' own allocation is reused.
fn fill_day_gaps(rows: Vec<(u64, Interval)>, length: Seconds) -> Vec<Interval> {
    let step = jiff::SignedDuration::from_secs_f64(length.get());
    let step_millis = (length.get() * 1000.0).round() as i64;
    let gapless = rows
        .windows(2)
        .all(|pair| civil_millis(pair[1].1.start) - civil_millis(pair[0].1.start) == step_millis);
    if gapless {
        return rows.into_iter().map(|(_, interval)| interval).collect();
    }
    let mut intervals: Vec<Interval> = Vec::with_capacity(rows.len());
    let mut last_millis = None;
    for (_, interval) in rows {
        let millis = civil_millis(interval.start);
        if let (Some(last), Some(previous)) = (intervals.last(), last_millis)
            && millis - previous > step_millis
        {
            let mut next = last.start.saturating_add(step);
            while next < interval.start {
                intervals.push(Interval::closed(next));
                next = next.saturating_add(step);
            }
        }
        last_millis = Some(millis);
        intervals.push(interval);
    }
    intervals
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<IntervalSeries> {
        parse_interval_csv(text.as_bytes(), "f.csv", None)
    }

    #[test]
    fn excel_saved_files_load() {
        let text = "\u{feff}Start,VOLUME,Aht\r\n2026-12-24T09:00,10,200\r\n2026-12-24T09:15,12,\r\n,,\r\n\r\n";
        let series = parse(text).unwrap();
        assert_eq!(series.length, Seconds(900.0));
        assert_eq!(series.intervals.len(), 2);
        assert_eq!(series.intervals[0].aht, Some(Seconds(200.0)));
        assert_eq!(series.intervals[1].aht, None);
        assert_eq!(series.intervals.iter().map(|i| i.volume).sum::<f64>(), 22.0);
    }

    #[test]
    fn overnight_gaps_become_closed_intervals() {
        let text = "start,volume\n2026-12-24 21:00,5\n2026-12-24 22:00,4\n2026-12-25 07:00,3\n2026-12-25 08:00,3\n";
        let series = parse(text).unwrap();
        assert_eq!(series.length, Seconds(3600.0));
        assert_eq!(series.intervals.len(), 12);
        assert_eq!(series.intervals.iter().filter(|i| !i.open).count(), 8);
    }

    #[test]
    fn every_error_names_file_line_and_column() {
        let cases = [
            (
                "start,volume\n2026-12-24T09:00,-3\n",
                "f.csv:2: column 2 (volume)",
            ),
            (
                "start,volume\n2026-12-24T09:00,abc\n",
                "f.csv:2: column 2 (volume)",
            ),
            (
                "start,volume\n2026-13-24T09:00,3\n",
                "f.csv:2: column 1 (start)",
            ),
            (
                "start,volume\n2026-12-24T09:00,3\n2026-12-24T09:15,3\n2026-12-24T09:40,3\n",
                "f.csv:4: column 1 (start)",
            ),
            (
                "start,volume,agents\n2026-12-24T09:00,3,1.5\n2026-12-24T09:15,3,2\n",
                "f.csv:2: column 3 (agents)",
            ),
            (
                "start,volume,aht\n2026-12-24T09:00,3,0\n2026-12-24T09:15,3,2\n",
                "f.csv:2: column 3 (aht)",
            ),
            ("when,volume\n2026-12-24T09:00,3\n", "f.csv:1"),
        ];
        for (text, location) in cases {
            let err = parse(text).unwrap_err().to_string();
            assert!(
                err.starts_with(location),
                "{err} should start with {location}"
            );
        }
    }

    #[test]
    fn spacing_must_match_the_expected_interval() {
        let text = "start,volume\n2026-12-24T09:00,3\n2026-12-24T09:15,3\n";
        let err = parse_interval_csv(text.as_bytes(), "f.csv", Some(Seconds(1800.0))).unwrap_err();
        assert!(
            err.to_string().contains("[centre] interval is 30m"),
            "{err}"
        );
    }
}
