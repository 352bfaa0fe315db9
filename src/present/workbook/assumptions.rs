//! The Assumptions sheet: every scenario input, by section.

use super::book::*;
use crate::present::assumptions::assumptions;

/// Assumptions: every input of the scenario ([`crate::present::assumptions`]), grouped by section
/// as in the scenario file, so a reader of the workbook can rebuild the run.
pub(super) fn assumptions_sheet(workbook: &mut Workbook, book: &Book) -> Result<(), XlsxError> {
    let Book {
        scenario,
        plan,
        sim,
        f,
        ..
    } = book;
    let Formats { header, bold, .. } = f;
    let ws = workbook.add_worksheet();
    ws.set_name("Assumptions")?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 34)?;
    ws.set_column_width(2, 70)?;
    header_row(ws, 0, &["Section", "Input", "Value"], header)?;
    let mut row = 1u32;
    for section in assumptions(scenario, plan, sim) {
        for (k, item) in section.items.iter().enumerate() {
            if k == 0 {
                ws.write_string_with_format(row, 0, section.name, bold)?;
            }
            ws.write_string(row, 1, &item.input)?;
            ws.write_string(row, 2, &item.value)?;
            row += 1;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}
