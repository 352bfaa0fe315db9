//! The Intervals sheet: one row per open interval, its columns one table of header, number
//! format and value.

use super::book::*;

/// Intervals: one row per open interval, from the column table.
pub(super) fn intervals_sheet(workbook: &mut Workbook, book: &Book) -> Result<(), XlsxError> {
    let Book {
        scenario,
        plan,
        rows,
        f,
        ..
    } = book;
    let Formats {
        header,
        percent,
        seconds,
        number,
        whole,
        when,
        ..
    } = f;
    let n = rows.len() as u32;
    let ws = workbook.add_worksheet();
    ws.set_name("Intervals")?;
    let target = scenario.target.service.service_level();
    let columns = interval_columns(target);
    for (c, column) in columns.iter().enumerate() {
        ws.write_string_with_format(
            0,
            c as u16,
            in_channel_terms(column.header, scenario),
            header,
        )?;
        ws.set_column_width(c as u16, if c == 0 { 22 } else { 13 })?;
    }
    ws.set_freeze_panes(1, 1)?;
    for (k, (r, p)) in rows
        .iter()
        .zip(plan.intervals.iter().filter(|i| i.open))
        .enumerate()
    {
        let row = k as u32 + 1;
        for (c, column) in columns.iter().enumerate() {
            let c = c as u16;
            match (column.value)(r, p) {
                Cell::When(s) => {
                    let start =
                        ExcelDateTime::from_ymd(s.year() as u16, s.month() as u8, s.day() as u8)?
                            .and_hms(s.hour() as u16, s.minute() as u8, s.second() as u8)?;
                    ws.write_datetime_with_format(row, c, &start, when)?;
                }
                Cell::Number(Some(v)) => {
                    let format = match column.format {
                        NumberFormat::Percent => &percent,
                        NumberFormat::Seconds => &seconds,
                        NumberFormat::Decimal => &number,
                        NumberFormat::Whole => &whole,
                    };
                    ws.write_number_with_format(row, c, v, format)?;
                }
                Cell::Number(None) => {}
                Cell::Flag(Some(b)) => {
                    ws.write_boolean(row, c, b)?;
                }
                Cell::Flag(None) => {}
            }
        }
    }
    ws.autofilter(0, 0, n, columns.len() as u16 - 1)?;
    Ok(())
}

/// How a column's numbers are shown.
#[derive(Debug, Clone, Copy)]
pub(super) enum NumberFormat {
    Percent,
    Seconds,
    Decimal,
    Whole,
}

/// One cell of the Intervals sheet.
pub(super) enum Cell {
    When(jiff::civil::DateTime),
    Number(Option<f64>),
    Flag(Option<bool>),
}

/// One column of the Intervals sheet: its header, its number format and its value. The sheet is
/// written from this table and the native chart finds its series by header, so the two cannot
/// drift apart.
pub(super) struct Column {
    pub(super) header: &'static str,
    pub(super) format: NumberFormat,
    pub(super) value: Box<CellValue>,
}

/// What a column holds for one interval (its report row and its plan).
pub(super) type CellValue = dyn Fn(&ReportRow, &IntervalPlan) -> Cell;

pub(super) fn column(
    header: &'static str,
    format: NumberFormat,
    value: impl Fn(&ReportRow, &IntervalPlan) -> Cell + 'static,
) -> Column {
    Column {
        header,
        format,
        value: Box::new(value),
    }
}

/// The Intervals sheet's columns, in order; `target` is the service-level target.
pub(super) fn interval_columns(target: f64) -> Vec<Column> {
    use NumberFormat::{Decimal, Percent, Seconds, Whole};
    let n = |v: f64| Cell::Number(Some(v));
    vec![
        column("Start", Decimal, |_, p| Cell::When(p.start)),
        column("Volume", Decimal, move |r, _| n(r.volume)),
        column("AHT (s)", Decimal, move |r, _| n(r.aht_seconds)),
        column("Required agents", Whole, move |r, _| {
            n(f64::from(r.required_agents))
        }),
        column("Staffed agents", Whole, move |r, _| {
            n(f64::from(r.staffed_agents))
        }),
        column("Paid agents", Decimal, move |r, _| n(r.scheduled_agents)),
        column("Erlang service level", Percent, move |r, _| {
            n(r.erlang_service_level)
        }),
        column("Simulated service level", Percent, |r, _| {
            Cell::Number(r.service_level)
        }),
        column("SL 95 % low", Percent, |r, _| {
            Cell::Number(r.service_level_lo)
        }),
        column("SL 95 % high", Percent, |r, _| {
            Cell::Number(r.service_level_hi)
        }),
        column("Erlang ASA (s)", Seconds, |r, _| {
            Cell::Number(r.erlang_asa_seconds)
        }),
        column("Simulated ASA (s)", Seconds, |r, _| {
            Cell::Number(r.asa_seconds)
        }),
        column("Erlang abandoned", Percent, move |r, _| {
            n(r.erlang_abandon_rate)
        }),
        column("Simulated abandoned", Percent, |r, _| {
            Cell::Number(r.abandon_rate)
        }),
        column("Erlang occupancy", Percent, move |r, _| {
            n(r.erlang_occupancy)
        }),
        column("Simulated occupancy", Percent, |r, _| {
            Cell::Number(r.occupancy)
        }),
        column("Longest queue (mean)", Decimal, |r, _| {
            Cell::Number(r.longest_queue)
        }),
        column("Meets target (simulated)", Decimal, move |r, _| {
            Cell::Flag(r.service_level.map(|sl| sl >= target))
        }),
        column("Target", Percent, move |_, _| n(target)),
    ]
}

/// The Summary sheet's four KPI labels (service level, ASA, abandonment, occupancy) in the
/// words of the scenario's channel.
pub(super) fn kpi_labels(scenario: &crate::scenario::Scenario) -> [&'static str; 4] {
    let w = crate::present::vocabulary::words(&scenario.channel);
    [w.service_level, w.speed, w.abandoned, w.occupancy]
}

/// An Intervals sheet header in the words of the scenario's channel: "Erlang" is the plan's
/// model only for voice, and ASA is a mean response for deferrable work, a first response for
/// chat. Positions do not change, so the native chart still finds its series.
pub(super) fn in_channel_terms(header: &str, scenario: &crate::scenario::Scenario) -> String {
    use crate::scenario::Channel;
    let channel = &scenario.channel;
    let speed = crate::present::vocabulary::words(channel).speed_column;
    let planned = || {
        header
            .replace("Erlang ", "Planned ")
            .replace("ASA (s)", speed)
    };
    match channel {
        Channel::Voice => header.to_string(),
        Channel::Chat { .. } => planned(),
        Channel::Email | Channel::Backoffice => planned()
            .replace("service level", "handled within target")
            .replace("SL 95 %", "Within target 95 %"),
        Channel::Outbound(_) => planned().replace("abandoned", "dialler abandoned"),
    }
}

/// The position of the Intervals sheet's column with this header; a header it does not have is
/// an error, never column 0.
pub(super) fn interval_column(header: &str) -> Result<u16, XlsxError> {
    interval_columns(0.0)
        .iter()
        .position(|c| c.header == header)
        .map(|c| c as u16)
        .ok_or_else(|| {
            XlsxError::ParameterError(format!("the Intervals sheet has no column '{header}'"))
        })
}
