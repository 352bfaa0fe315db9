//! The workbook of a shared-agents report: the queues' KPIs, the groups' hours, occupancy and
//! what they took, and the groups' optimised staffing interval by interval beside the bounds.

use super::book::{Formats, header_row};
use crate::routing::{RoutingResult, SkillOptimization};
use rust_xlsxwriter::{Worksheet, XlsxError};

/// Sheets Queues, Groups and Staffing, as bytes.
pub(crate) fn routing_workbook(
    simulation: &RoutingResult,
    optimization: &SkillOptimization,
    currency: &str,
) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new(currency);
    let mut workbook = super::new_workbook();
    queues_sheet(workbook.add_worksheet(), simulation, &f)?;
    groups_sheet(workbook.add_worksheet(), simulation, &f)?;
    staffing_sheet(workbook.add_worksheet(), optimization, &f)?;
    workbook.save_to_buffer()
}

/// Each queue's KPIs at the groups' staffing, with their 95 % intervals.
fn queues_sheet(ws: &mut Worksheet, r: &RoutingResult, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name("Queues")?;
    let headers = [
        "Queue",
        "Channel",
        "Offered",
        "Answered",
        "Service level",
        "95 % low",
        "95 % high",
        "ASA (s)",
        "Abandoned",
        "Backlog at the end",
    ];
    header_row(ws, 0, &headers, &f.header)?;
    for c in 0..headers.len() as u16 {
        ws.set_column_width(c, 14)?;
    }
    ws.set_freeze_panes(1, 1)?;
    for (k, q) in r.queues.iter().enumerate() {
        let row = k as u32 + 1;
        ws.write_string(row, 0, &q.queue)?;
        ws.write_string(row, 1, q.channel)?;
        ws.write_number_with_format(row, 2, q.offered, &f.whole)?;
        ws.write_number_with_format(row, 3, q.answered, &f.whole)?;
        if let Some(e) = q.service_level {
            ws.write_number_with_format(row, 4, e.mean, &f.percent)?;
            if let Some([lo, hi]) = e.ci95 {
                ws.write_number_with_format(row, 5, lo, &f.percent)?;
                ws.write_number_with_format(row, 6, hi, &f.percent)?;
            }
        }
        if let Some(e) = q.asa_seconds {
            ws.write_number_with_format(row, 7, e.mean, &f.seconds)?;
        }
        if let Some(e) = q.abandon_rate {
            ws.write_number_with_format(row, 8, e.mean, &f.percent)?;
        }
        if let Some(b) = q.backlog_at_end {
            ws.write_number_with_format(row, 9, b, &f.number)?;
        }
    }
    Ok(())
}

/// Each group's agent-hours, occupancy, labour cost and contacts taken from each queue.
fn groups_sheet(ws: &mut Worksheet, r: &RoutingResult, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name("Groups")?;
    let queues: Vec<&str> = r.queues.iter().map(|q| q.queue.as_str()).collect();
    let mut headers = vec!["Group", "Agent-hours", "Occupancy", "Labour cost"];
    headers.extend(queues.iter().copied());
    header_row(ws, 0, &headers, &f.header)?;
    for c in 0..headers.len() as u16 {
        ws.set_column_width(c, 14)?;
    }
    ws.set_freeze_panes(1, 1)?;
    for (k, g) in r.groups.iter().enumerate() {
        let row = k as u32 + 1;
        ws.write_string(row, 0, &g.group)?;
        ws.write_number_with_format(row, 1, g.agent_hours, &f.number)?;
        if let Some(e) = g.occupancy {
            ws.write_number_with_format(row, 2, e.mean, &f.percent)?;
        }
        if let Some(c) = g.labour_cost {
            ws.write_number_with_format(row, 3, c, &f.money)?;
        }
        for (c, q) in queues.iter().enumerate() {
            if let Some(n) = g.handled.get(*q) {
                ws.write_number_with_format(row, 4 + c as u16, *n, &f.whole)?;
            }
        }
    }
    Ok(())
}

/// The optimised agents of every group interval by interval, then the totals beside the
/// dedicated and pooled bounds.
fn staffing_sheet(ws: &mut Worksheet, o: &SkillOptimization, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name("Staffing")?;
    let mut headers = vec!["Interval start"];
    headers.extend(o.groups.iter().map(|g| g.group.as_str()));
    header_row(ws, 0, &headers, &f.header)?;
    ws.set_column_width(0, 18)?;
    ws.set_freeze_panes(1, 1)?;
    let intervals = o.groups.first().map_or(0, |g| g.intervals.len());
    for k in 0..intervals {
        let row = k as u32 + 1;
        ws.write_string(row, 0, &o.groups[0].intervals[k].start)?;
        for (c, g) in o.groups.iter().enumerate() {
            ws.write_number(row, 1 + c as u16, f64::from(g.intervals[k].agents))?;
        }
    }
    let mut row = intervals as u32 + 2;
    for (label, hours, cost) in [
        ("Optimised", o.agent_hours, o.cost),
        ("Dedicated teams", o.dedicated.agent_hours, o.dedicated.cost),
        (
            "Pooled bound",
            o.pooled_bound.agent_hours,
            o.pooled_bound.cost,
        ),
    ] {
        ws.write_string_with_format(row, 0, label, &f.bold)?;
        ws.write_number_with_format(row, 1, hours, &f.number)?;
        if let Some(c) = cost {
            ws.write_number_with_format(row, 2, c, &f.money)?;
        }
        row += 1;
    }
    ws.write_string(row, 1, "agent-hours")?;
    ws.write_string(row, 2, "cost")?;
    Ok(())
}
