//! What every sheet shares: the workbook's cell formats, the report's data the sheets are written
//! from, and the header row. The sheets import this file, never `mod.rs`.

pub(super) use crate::bid::BidResult;
pub(super) use crate::error::Result;
pub(super) use crate::plan::IntervalPlan;
pub(super) use crate::plan::Plan;
pub(super) use crate::present::ReportRow;
pub(super) use crate::scenario::Scenario;
pub(super) use crate::schedule::ScheduleResult;
pub(super) use crate::sim::{Estimate, SimulationResult};
pub(super) use crate::sweep::SweepResult;
pub(super) use rust_xlsxwriter::{
    Chart, ChartLine, ChartLineDashType, ChartType, ExcelDateTime, Format, FormatAlign, Formula,
    Workbook, XlsxError,
};

/// The number formats every sheet uses.
pub(super) struct Formats {
    pub(super) bold: Format,
    pub(super) header: Format,
    pub(super) percent: Format,
    pub(super) seconds: Format,
    pub(super) number: Format,
    pub(super) whole: Format,
    pub(super) money: Format,
    pub(super) when: Format,
    /// A date alone (the schedule's shift dates).
    pub(super) day: Format,
    /// A time of day alone (the schedule's starts and ends).
    pub(super) clock: Format,
    pub(super) title: Format,
}

impl Formats {
    pub(super) fn new(currency: &str) -> Self {
        Self {
            bold: Format::new().set_bold(),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color("#DDEBF7"),
            percent: Format::new().set_num_format("0.0%"),
            seconds: Format::new().set_num_format("0.0\" s\""),
            number: Format::new().set_num_format("#,##0.0"),
            whole: Format::new().set_num_format("#,##0"),
            money: Format::new().set_num_format(format!("#,##0.00\" {currency}\"")),
            when: Format::new().set_num_format("ddd dd mmm yyyy hh:mm"),
            day: Format::new().set_num_format("ddd dd mmm yyyy"),
            clock: Format::new().set_num_format("hh:mm"),
            title: Format::new().set_bold().set_font_size(16),
        }
    }
}

/// What every sheet reads.
pub(super) struct Book<'a> {
    pub(super) scenario: &'a Scenario,
    pub(super) plan: &'a Plan,
    pub(super) sim: &'a SimulationResult,
    pub(super) rows: &'a [ReportRow],
    pub(super) f: &'a Formats,
}

/// Writes `headers` across `row` in the header format.
pub(super) fn header_row(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    headers: &[&str],
    header: &Format,
) -> Result<(), XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, header)?;
    }
    Ok(())
}
