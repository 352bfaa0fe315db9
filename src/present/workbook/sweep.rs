//! The Sweep sheet: one row per option of the scenario's sweep.

use super::book::*;

/// Sweep: every option.
pub(super) fn sweep_sheet(
    workbook: &mut Workbook,
    book: &Book,
    sweep: &SweepResult,
) -> Result<(), XlsxError> {
    let Book { f, .. } = book;
    let Formats {
        header,
        percent,
        number,
        money,
        ..
    } = f;

    let ws = workbook.add_worksheet();
    ws.set_name("Sweep")?;
    let headers = [
        "Option",
        "Paid hours",
        "FTE",
        "Peak agents",
        "Cost",
        "Cost per contact",
        "Erlang service level",
        "Simulated service level",
        "SL 95 % low",
        "SL 95 % high",
        "P(day meets target)",
        "Simulated abandoned",
        "Pareto front",
        "Recommended",
    ];
    header_row(ws, 0, &headers, header)?;
    ws.set_column_width(0, 40)?;
    for c in 1..headers.len() as u16 {
        ws.set_column_width(c, 13)?;
    }
    ws.set_freeze_panes(1, 1)?;
    for (k, o) in sweep.options.iter().enumerate() {
        let row = k as u32 + 1;
        ws.write_string(row, 0, &o.label)?;
        ws.write_number_with_format(row, 1, o.paid_hours, number)?;
        ws.write_number_with_format(row, 2, o.fte, number)?;
        ws.write_number(row, 3, f64::from(o.peak_agents))?;
        ws.write_number_with_format(row, 4, o.cost, money)?;
        if let Some(c) = o.cost_per_contact {
            ws.write_number_with_format(row, 5, c, money)?;
        }
        if let Some(sl) = o.erlang_service_level {
            ws.write_number_with_format(row, 6, sl, percent)?;
        }
        if let Some(e) = o.service_level {
            ws.write_number_with_format(row, 7, e.mean, percent)?;
            if let Some([lo, hi]) = e.ci95 {
                ws.write_number_with_format(row, 8, lo, percent)?;
                ws.write_number_with_format(row, 9, hi, percent)?;
            }
        }
        ws.write_number_with_format(row, 10, o.p_meet_target, percent)?;
        if let Some(e) = o.abandon_rate {
            ws.write_number_with_format(row, 11, e.mean, percent)?;
        }
        ws.write_boolean(row, 12, o.pareto)?;
        ws.write_boolean(
            row,
            13,
            sweep.recommended.iter().any(|(_, r)| *r == Some(k)),
        )?;
    }
    ws.autofilter(0, 0, sweep.options.len() as u32, headers.len() as u16 - 1)?;
    Ok(())
}
