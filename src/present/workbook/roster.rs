//! The Roster sheet: one row per person and shift, with dates and times as Excel values, each
//! person's contract and paid hours.

use super::book::*;

/// Roster: one row per agent-shift (id, name, contract, date, template, start, end, breaks, paid
/// hours), a total, and people with no shift listed with their contract.
pub(super) fn roster_sheet(
    workbook: &mut Workbook,
    book: &Book,
    roster: &crate::people::RosterResult,
) -> Result<(), XlsxError> {
    let Book { f, .. } = book;
    let ws = workbook.add_worksheet();
    ws.set_name("Roster")?;
    let headers = [
        "Agent",
        "Name",
        "Contract",
        "Date",
        "Template",
        "Start",
        "End",
        "Breaks",
        "Paid hours",
    ];
    header_row(ws, 0, &headers, &f.header)?;
    for (c, width) in [12u16, 18, 14, 12, 16, 8, 8, 26, 11].iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let mut row = 1u32;
    for agent in &roster.agents {
        if agent.shifts.is_empty() {
            ws.write_string(row, 0, &agent.id)?;
            ws.write_string(row, 1, &agent.name)?;
            ws.write_string(row, 2, &agent.contract)?;
            ws.write_string(row, 4, "no shift")?;
            row += 1;
        }
        for s in &agent.shifts {
            ws.write_string(row, 0, &agent.id)?;
            ws.write_string(row, 1, &agent.name)?;
            ws.write_string(row, 2, &agent.contract)?;
            let d = s.from.date();
            let date = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(row, 3, &date, &f.day)?;
            ws.write_string(row, 4, &s.template)?;
            for (c, t) in [(5u16, s.from), (6, s.to)] {
                let time =
                    ExcelDateTime::from_hms(t.hour() as u16, t.minute() as u8, t.second() as u8)?;
                ws.write_datetime_with_format(row, c, &time, &f.clock)?;
            }
            let breaks: Vec<String> = s
                .breaks
                .iter()
                .map(|b| format!("{}–{}{}", b.start, b.end, if b.paid { " paid" } else { "" }))
                .collect();
            ws.write_string(row, 7, breaks.join(", "))?;
            ws.write_number_with_format(row, 8, s.paid_hours, &f.number)?;
            row += 1;
        }
    }
    ws.write_string_with_format(row, 0, "Total", &f.bold)?;
    ws.write_formula_with_format(
        row,
        8,
        Formula::new(format!("=SUM(I2:I{row})")).set_result(
            roster
                .agents
                .iter()
                .map(|a| a.paid_hours)
                .sum::<f64>()
                .to_string(),
        ),
        &f.number,
    )?;
    Ok(())
}
