//! An ACD interval report read as it streams in: `start,offered,handled,abandoned,aht_seconds,
//! answered_within_target,agents_staffed` (every column but `start` and `offered` optional,
//! headers mapped with `--columns offered=Calls,…`), every row checked — counts ≥ 0, handled and
//! abandoned within offered, rows in time order — and named by file and line when wrong.

use crate::error::{Error, Result};
use crate::forecast::{csv_row_error, csv_with_headers, parse_start};
use jiff::civil::DateTime;
use std::path::Path;

/// The columns an interval report has, in this order.
pub const COLUMNS: [&str; 7] = [
    "start",
    "offered",
    "handled",
    "abandoned",
    "aht_seconds",
    "answered_within_target",
    "agents_staffed",
];

/// What each column is called in the file (`--columns offered=Calls,aht_seconds=AHT`).
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnMap {
    /// The header of each of [`COLUMNS`], in order.
    pub names: [String; 7],
}

impl Default for ColumnMap {
    fn default() -> Self {
        ColumnMap {
            names: COLUMNS.map(str::to_string),
        }
    }
}

impl ColumnMap {
    /// Parses `column=Header,column=Header…`.
    ///
    /// # Errors
    /// [`Error::Input`] on `--columns` naming an unknown column or missing its `=`.
    pub fn parse(text: &str) -> Result<Self> {
        let mut map = ColumnMap::default();
        for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((column, header)) = pair.split_once('=') else {
                return Err(Error::input(
                    "--columns",
                    format!("'{pair}' is not column=Header (e.g. offered=Calls)"),
                ));
            };
            let Some(k) = COLUMNS.iter().position(|c| *c == column.trim()) else {
                return Err(Error::input(
                    "--columns",
                    format!(
                        "'{}' is no column of an interval report: {}",
                        column.trim(),
                        COLUMNS.join(", ")
                    ),
                ));
            };
            map.names[k] = header.trim().to_string();
        }
        Ok(map)
    }
}

/// One interval as the ACD reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct ActualRow {
    /// Line in the file.
    pub line: u64,
    /// Interval start (local).
    pub start: DateTime,
    /// Contacts offered.
    pub offered: f64,
    /// Contacts handled.
    pub handled: Option<f64>,
    /// Contacts abandoned.
    pub abandoned: Option<f64>,
    /// Average handle time, seconds.
    pub aht_seconds: Option<f64>,
    /// Contacts answered within the service-level threshold.
    pub answered_within_target: Option<f64>,
    /// Agents staffed (on the phones), on average over the interval.
    pub agents_staffed: Option<f64>,
}

/// The most rows an interval report may have (20 years of 5-minute intervals).
pub const MAX_ROWS: usize = crate::forecast::MAX_INTERVALS;

/// Reads an interval report (capped as every input; BOM and CRLF as Excel writes them).
///
/// # Errors
/// [`Error::Input`] naming the file, line and column of the first bad cell or row.
pub fn read(path: &Path, columns: &ColumnMap) -> Result<Vec<ActualRow>> {
    parse(
        crate::input::open(path)?,
        &path.display().to_string(),
        columns,
    )
}

/// [`read`] from any reader, `name` naming it in messages.
///
/// # Errors
/// As [`read`].
pub fn parse(
    source: impl std::io::Read,
    name: &str,
    columns: &ColumnMap,
) -> Result<Vec<ActualRow>> {
    let (mut reader, headers) = csv_with_headers(source, ::csv::Trim::All, name)?;
    let find = |k: usize| {
        headers.iter().position(|h| {
            h.trim_start_matches('\u{feff}')
                .eq_ignore_ascii_case(&columns.names[k])
        })
    };
    let at: Vec<Option<usize>> = (0..COLUMNS.len()).map(find).collect();
    for k in 0..2 {
        if at[k].is_none() {
            return Err(Error::input(
                format!("{name}:1"),
                format!(
                    "no '{}' column in the header (found: {}); map it with --columns {}=YourHeader",
                    columns.names[k],
                    headers.iter().collect::<Vec<_>>().join(", "),
                    COLUMNS[k]
                ),
            ));
        }
    }
    let mut rows: Vec<ActualRow> = Vec::new();
    let mut record = ::csv::StringRecord::new();
    loop {
        let more = reader
            .read_record(&mut record)
            .map_err(|e| csv_row_error(name, &e))?;
        if !more {
            break;
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        let line = record.position().map_or(0, |p| p.line());
        let row = read_row(&record, &at, columns, &format!("{name}:{line}"), line)?;
        if let Some(previous) = rows.last()
            && row.start <= previous.start
        {
            return Err(Error::input(
                format!("{name}:{line}: column '{}'", columns.names[0]),
                format!(
                    "{} is not after {} on line {}: rows must be in time order, one per interval",
                    row.start, previous.start, previous.line
                ),
            ));
        }
        if rows.len() == MAX_ROWS {
            return Err(Error::input(
                format!("{name}:{line}"),
                "too many rows: split the file",
            ));
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(Error::input(
            name,
            "no intervals: the file has a header but no rows",
        ));
    }
    Ok(rows)
}

/// One row read and checked: counts ≥ 0, handled and abandoned within offered, answered within
/// the target within answered; `at` is where each column is, `place` names the line.
fn read_row(
    record: &::csv::StringRecord,
    at: &[Option<usize>],
    columns: &ColumnMap,
    place: &str,
    line: u64,
) -> Result<ActualRow> {
    let here = |k: usize| format!("{place}: column '{}'", columns.names[k]);
    let cell = |k: usize| at[k].and_then(|c| record.get(c)).filter(|t| !t.is_empty());
    let count = |k: usize| -> Result<Option<f64>> {
        let Some(text) = cell(k) else { return Ok(None) };
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
            _ => Err(Error::input(
                here(k),
                format!("'{text}' is not a count: it must be a number ≥ 0"),
            )),
        }
    };
    let start = parse_start(cell(0).unwrap_or("")).map_err(|m| Error::input(here(0), m))?;
    let Some(offered) = count(1)? else {
        return Err(Error::input(
            here(1),
            "is empty: every interval needs its offered contacts",
        ));
    };
    let row = ActualRow {
        line,
        start,
        offered,
        handled: count(2)?,
        abandoned: count(3)?,
        aht_seconds: count(4)?,
        answered_within_target: count(5)?,
        agents_staffed: count(6)?,
    };
    for (k, value) in [(2, row.handled), (3, row.abandoned)] {
        if let Some(v) = value.filter(|v| *v > offered + 1e-9) {
            return Err(Error::input(
                here(k),
                format!("{v} is more than the {offered} offered"),
            ));
        }
    }
    if let (Some(h), Some(a)) = (row.handled, row.abandoned)
        && h + a > offered + 1e-9
    {
        return Err(Error::input(
            here(3),
            format!("handled {h} and abandoned {a} add up to more than the {offered} offered"),
        ));
    }
    if let Some(w) = row.answered_within_target
        && w > row.handled.unwrap_or(offered) + 1e-9
    {
        return Err(Error::input(
            here(5),
            format!("{w} answered within the target is more than were answered"),
        ));
    }
    if row.aht_seconds == Some(0.0) && row.handled.unwrap_or(offered) > 0.0 {
        return Err(Error::input(here(4), "is 0 while contacts were handled"));
    }
    Ok(row)
}

/// An interval report as a forecasting history: offered as the volume, `aht_seconds` as the
/// handle time, on the grid and with the gaps [`crate::forecast::History`] finds (rows re-read
/// through its reader, so a report and a history CSV are held to the same rules).
///
/// # Errors
/// As [`read`], and the history reader's (a grid that does not divide a day, a too long span).
pub fn history(path: &Path, columns: &ColumnMap) -> Result<crate::forecast::History> {
    use std::fmt::Write;
    let rows = read(path, columns)?;
    let has_aht = rows.iter().any(|r| r.aht_seconds.is_some());
    let mut text = String::from(if has_aht {
        "start,volume,aht\n"
    } else {
        "start,volume\n"
    });
    for r in &rows {
        let _ = write!(text, "{},{}", crate::plan::format_start(r.start), r.offered);
        if has_aht {
            let _ = write!(
                text,
                ",{}",
                r.aht_seconds.map_or(String::new(), |a| a.to_string())
            );
        }
        text.push('\n');
    }
    crate::forecast::History::parse(
        text.as_bytes(),
        &path.display().to_string(),
        &crate::forecast::Columns::default(),
    )
}
