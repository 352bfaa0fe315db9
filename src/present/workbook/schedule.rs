//! The Schedule sheet: one row per shift with dates and times as Excel values, the totals, the
//! solver's bound and gap, and what the shifts add to today's roster.

use super::book::*;

/// Schedule: one row per shift with its cost as a formula (paid hours × the rate), a total
/// row, and with `keep = "roster"` what each day adds and its service before and after.
pub(super) fn schedule_sheet(
    workbook: &mut Workbook,
    book: &Book,
    schedule: &ScheduleResult,
) -> Result<(), XlsxError> {
    let Book { f, .. } = book;
    let header = &f.header;
    let ws = workbook.add_worksheet();
    ws.set_name("Schedule")?;
    let headers = [
        "Date",
        "Template",
        "Start",
        "End",
        "Breaks",
        "Agents",
        "Paid hours",
        "Rate per paid hour",
        "Cost",
    ];
    header_row(ws, 0, &headers, header)?;
    for c in 0..headers.len() as u16 {
        ws.set_column_width(c, if c == 4 { 22 } else { 16 })?;
    }
    ws.set_freeze_panes(1, 0)?;
    shift_rows(ws, f, schedule)?;
    let row = totals_and_bound(ws, f, schedule)?;
    if schedule.added.is_some() {
        added_rows(ws, f, schedule, row + 1)?;
    }
    Ok(())
}

/// A formula with its cached result.
fn formula(text: String, result: f64) -> Formula {
    Formula::new(text).set_result(result.to_string())
}

/// One row per shift: dates and times as Excel dates and times (sortable, filterable; text
/// only if a value does not parse), the cost as paid hours × the rate.
fn shift_rows(
    ws: &mut rust_xlsxwriter::Worksheet,
    f: &Formats,
    schedule: &ScheduleResult,
) -> Result<(), XlsxError> {
    let Formats {
        number,
        money,
        day,
        clock,
        ..
    } = f;
    for (k, s) in schedule.shifts.iter().enumerate() {
        let row = k as u32 + 1;
        let breaks: Vec<String> = s
            .breaks
            .iter()
            .map(|b| format!("{}–{}", &b.start[11..], &b.end[11..]))
            .collect();
        match s.date.parse::<jiff::civil::Date>() {
            Ok(d) => {
                let date =
                    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                ws.write_datetime_with_format(row, 0, &date, day)?;
            }
            Err(_) => {
                ws.write_string(row, 0, &s.date)?;
            }
        }
        ws.write_string(row, 1, &s.template)?;
        for (c, at) in [(2u16, &s.start), (3, &s.end)] {
            match at.parse::<jiff::civil::DateTime>() {
                Ok(t) => {
                    let time = ExcelDateTime::from_hms(
                        t.hour() as u16,
                        t.minute() as u8,
                        t.second() as u8,
                    )?;
                    ws.write_datetime_with_format(row, c, &time, clock)?;
                }
                Err(_) => {
                    ws.write_string(row, c, at.get(11..).unwrap_or(at))?;
                }
            }
        }
        ws.write_string(row, 4, breaks.join(", "))?;
        ws.write_number(row, 5, f64::from(s.agents))?;
        ws.write_number_with_format(row, 6, s.paid_hours, number)?;
        if let Some(cost) = s.cost {
            let rate = if s.paid_hours > 0.0 {
                cost / s.paid_hours
            } else {
                0.0
            };
            ws.write_number_with_format(row, 7, rate, money)?;
            ws.write_formula_with_format(
                row,
                8,
                formula(format!("=G{0}*H{0}", row + 1), cost),
                money,
            )?;
        }
    }
    Ok(())
}

/// The total row, then the solver's bound, the gap and the coverage; returns the next row.
fn totals_and_bound(
    ws: &mut rust_xlsxwriter::Worksheet,
    f: &Formats,
    schedule: &ScheduleResult,
) -> Result<u32, XlsxError> {
    let Formats {
        bold,
        percent,
        number,
        money,
        ..
    } = f;
    let n = schedule.shifts.len() as u32;
    let total = n + 1;
    ws.write_string_with_format(total, 0, "Total", bold)?;
    for (c, col, value, format) in [
        (5u16, "F", f64::from(schedule.heads), number),
        (6, "G", schedule.paid_hours, number),
        (8, "I", schedule.cost, money),
    ] {
        ws.write_formula_with_format(
            total,
            c,
            formula(format!("=SUM({col}2:{col}{})", n + 1), value),
            format,
        )?;
    }
    let mut row = total + 2;
    for (label, value, format) in [
        (
            "Lower bound on the covering cost",
            schedule.lower_bound_cost,
            money,
        ),
        ("Gap", schedule.gap, percent),
        (
            "Required agent-hours",
            schedule.required_agent_hours,
            number,
        ),
        (
            "Agent-hours on the phones",
            schedule.scheduled_agent_hours,
            number,
        ),
        (
            "Over the requirement",
            schedule.over_coverage_agent_hours,
            number,
        ),
        (
            "Short of the requirement",
            schedule.under_coverage_agent_hours,
            number,
        ),
    ] {
        ws.write_string_with_format(row, 0, label, bold)?;
        ws.write_number_with_format(row, 2, value, format)?;
        row += 1;
    }
    Ok(row)
}

/// What each day adds to today's roster, with service before and after, from `row`.
fn added_rows(
    ws: &mut rust_xlsxwriter::Worksheet,
    f: &Formats,
    schedule: &ScheduleResult,
    mut row: u32,
) -> Result<(), XlsxError> {
    let Formats {
        header,
        percent,
        number,
        money,
        ..
    } = f;
    let headers = [
        "Day",
        "Shifts added",
        "Agents",
        "Agent-hours",
        "Paid hours",
        "Cost",
        "SL before",
        "SL after",
        "P(meet) before",
        "P(meet) after",
    ];
    header_row(ws, row, &headers, header)?;
    for day in &schedule.days {
        let Some(a) = &day.added else { continue };
        row += 1;
        ws.write_string(row, 0, &day.date)?;
        ws.write_number(row, 1, a.shifts as f64)?;
        ws.write_number(row, 2, f64::from(a.heads))?;
        ws.write_number_with_format(row, 3, a.agent_hours, number)?;
        ws.write_number_with_format(row, 4, a.paid_hours, number)?;
        ws.write_number_with_format(row, 5, a.cost, money)?;
        let before = a.service_level_before();
        let after = day.service_level();
        for (c, v) in [
            (6, before),
            (7, after),
            (8, a.p_meet_target_before),
            (9, day.p_meet_target),
        ] {
            if let Some(v) = v {
                ws.write_number_with_format(row, c, v, percent)?;
            }
        }
    }
    Ok(())
}
