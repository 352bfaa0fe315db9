//! The Summary sheet: the KPIs, cost as live formulas over the inputs, and a native chart of
//! service level by interval against the target.

use super::book::*;
use super::intervals::{interval_column, kpi_labels};

/// Summary: KPIs, staffing, cost (as formulas over their inputs) and a native chart.
pub(super) fn summary_sheet(workbook: &mut Workbook, book: &Book) -> Result<(), XlsxError> {
    let ws = workbook.add_worksheet();
    ws.set_name("Summary")?;
    ws.set_column_width(0, 34)?;
    for (c, width) in [(1, 16), (2, 16), (3, 16), (4, 18)] {
        ws.set_column_width(c, width)?;
    }
    ws.write_string_with_format(
        0,
        0,
        crate::present::markdown::title(book.scenario),
        &book.f.title,
    )?;
    ws.write_string(1, 0, &book.scenario.description)?;
    kpi_rows(ws, book)?;
    let rows = figure_rows(ws, book)?;
    cost_formulas(ws, book, &rows)?;
    ws.insert_chart(19, 0, &service_level_chart(book)?)?;
    Ok(())
}

/// The KPIs, simulated with their 95 % interval beside the plan's prediction (rows 4 to 8).
fn kpi_rows(ws: &mut rust_xlsxwriter::Worksheet, book: &Book) -> Result<(), XlsxError> {
    let Book {
        scenario,
        plan,
        sim,
        f,
        ..
    } = book;
    let Formats {
        header,
        percent,
        seconds,
        ..
    } = f;
    for (c, h) in [
        "KPI",
        "Simulated",
        "95 % low",
        "95 % high",
        &plan.model.to_string(),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(3, c as u16, *h, header)?;
    }
    let t = &plan.totals;
    let r = &sim.run;
    let [sl_label, asa_label, abandon_label, occupancy_label] = kpi_labels(scenario);
    let kpis: [(&str, Option<Estimate>, Option<f64>, &Format); 4] = [
        (sl_label, r.service_level, t.service_level, percent),
        (asa_label, r.asa_seconds, t.asa_seconds, seconds),
        (
            abandon_label,
            r.abandon_rate,
            t.abandon_rate.or(Some(0.0)),
            percent,
        ),
        (occupancy_label, r.occupancy, t.occupancy, percent),
    ];
    for (k, (name, estimate, predicted, format)) in kpis.iter().enumerate() {
        let row = 4 + k as u32;
        ws.write_string(row, 0, *name)?;
        if let Some(e) = estimate {
            ws.write_number_with_format(row, 1, e.mean, format)?;
            if let Some([lo, hi]) = e.ci95 {
                ws.write_number_with_format(row, 2, lo, format)?;
                ws.write_number_with_format(row, 3, hi, format)?;
            }
        }
        if let Some(p) = predicted {
            ws.write_number_with_format(row, 4, *p, format)?;
        }
    }
    Ok(())
}

/// The rows the cost formulas read and write, as written.
struct FigureRows {
    paid: u32,
    labour: u32,
    total: u32,
    per_contact: u32,
    /// Where the next line goes.
    next: u32,
}

/// Staffing and cost figures, a line each from row 9; returns where the cost lines went.
fn figure_rows(ws: &mut rust_xlsxwriter::Worksheet, book: &Book) -> Result<FigureRows, XlsxError> {
    let Book {
        scenario,
        plan,
        sim,
        f,
        ..
    } = book;
    let Formats {
        bold,
        number,
        whole,
        money,
        ..
    } = f;
    let t = &plan.totals;
    let mut row = 9;
    // Each line returns the row it wrote, so the formulas below point at the rows as written.
    let mut line =
        |ws: &mut rust_xlsxwriter::Worksheet, label: &str, value: Option<f64>, format: &Format| {
            let written = row;
            let result = ws.write_string_with_format(row, 0, label, bold).map(|_| ());
            let result = result.and_then(|()| match value {
                Some(v) => ws.write_number_with_format(row, 1, v, format).map(|_| ()),
                None => ws.write_string(row, 1, "–").map(|_| ()),
            });
            row += 1;
            result.map(|()| written)
        };
    line(ws, "Contacts offered", Some(t.offered), whole)?;
    line(
        ws,
        "Required agent-hours",
        Some(t.required_agent_hours),
        number,
    )?;
    line(
        ws,
        "Staffed agent-hours",
        Some(t.staffed_agent_hours),
        number,
    )?;
    let paid_row = line(
        ws,
        "Paid agent-hours",
        Some(t.scheduled_agent_hours),
        number,
    )?;
    line(
        ws,
        "Peak required agents",
        Some(f64::from(t.peak_required_agents)),
        whole,
    )?;
    let labour_row = line(ws, "Labour cost", t.labour_cost, money)?;
    let total_row = line(
        ws,
        "Total cost (with overheads)",
        t.labour_cost.map(|c| c + scenario.cost.fixed_overheads),
        money,
    )?;
    let per_contact_row = line(
        ws,
        "Labour cost per contact answered",
        t.cost_per_contact,
        money,
    )?;
    line(ws, "Replications", Some(f64::from(sim.replications)), whole)?;
    Ok(FigureRows {
        paid: paid_row,
        labour: labour_row,
        total: total_row,
        per_contact: per_contact_row,
        next: row,
    })
}

/// With an hourly rate, the cost cells become live formulas over their inputs (written below
/// the figures), so a planner can change the rate or the overheads in the workbook and see the
/// cost follow.
fn cost_formulas(
    ws: &mut rust_xlsxwriter::Worksheet,
    book: &Book,
    rows: &FigureRows,
) -> Result<(), XlsxError> {
    let Book {
        scenario, plan, f, ..
    } = book;
    let Formats {
        bold, whole, money, ..
    } = f;
    let t = &plan.totals;
    let Some(rate) = scenario.cost.hourly_cost else {
        return Ok(());
    };
    // The cell of column B on a row, in Excel's A1 notation.
    let b = |row: u32| format!("B{}", row + 1);
    let mut row = rows.next;
    let mut input =
        |ws: &mut rust_xlsxwriter::Worksheet, label: &str, value: f64, format: &Format| {
            let written = row;
            row += 1;
            ws.write_string_with_format(written, 0, label, bold)?;
            ws.write_number_with_format(written, 1, value, format)?;
            Ok::<_, XlsxError>(b(written))
        };
    let hourly = input(ws, "Hourly cost (input)", rate, money)?;
    let overheads = input(
        ws,
        "Fixed overheads (input)",
        scenario.cost.fixed_overheads,
        money,
    )?;
    let answered = input(ws, "Contacts answered", t.answered, whole)?;
    let (paid, labour_cell) = (b(rows.paid), b(rows.labour));
    let labour = t.scheduled_agent_hours * rate;
    let formula = |text: String, result: f64| Formula::new(text).set_result(result.to_string());
    ws.write_formula_with_format(
        rows.labour,
        1,
        formula(format!("={paid}*{hourly}"), labour),
        money,
    )?;
    ws.write_formula_with_format(
        rows.total,
        1,
        formula(
            format!("={labour_cell}+{overheads}"),
            labour + scenario.cost.fixed_overheads,
        ),
        money,
    )?;
    if let Some(per_contact) = t.cost_per_contact {
        ws.write_formula_with_format(
            rows.per_contact,
            1,
            formula(
                format!("=IF({answered}>0,{labour_cell}/{answered},\"–\")"),
                per_contact,
            ),
            money,
        )?;
    }
    Ok(())
}

/// A native chart of service level by interval against the target, from the Intervals sheet's
/// columns found by header.
fn service_level_chart(book: &Book) -> Result<Chart, XlsxError> {
    let Book {
        scenario,
        plan,
        rows,
        ..
    } = book;
    let n = rows.len() as u32;
    let simulated = interval_column("Simulated service level")?;
    let erlang = interval_column("Erlang service level")?;
    let target_column = interval_column("Target")?;
    let mut chart = Chart::new(ChartType::Line);
    chart.title().set_name("Service level by interval");
    chart
        .add_series()
        .set_name("Simulated")
        .set_categories(("Intervals", 1, 0, n, 0))
        .set_values(("Intervals", 1, simulated, n, simulated))
        .set_format(ChartLine::new().set_color("#0072B2").set_width(2.0));
    chart
        .add_series()
        .set_name(&format!("{} prediction", plan.model))
        .set_categories(("Intervals", 1, 0, n, 0))
        .set_values(("Intervals", 1, erlang, n, erlang))
        .set_format(
            ChartLine::new()
                .set_color("#E69F00")
                .set_dash_type(ChartLineDashType::Dash),
        );
    chart
        .add_series()
        .set_name("Target")
        .set_categories(("Intervals", 1, 0, n, 0))
        .set_values(("Intervals", 1, target_column, n, target_column))
        .set_format(
            ChartLine::new()
                .set_color("#141414")
                .set_dash_type(ChartLineDashType::LongDash),
        );
    chart
        .x_axis()
        .set_name("Interval start")
        .set_num_format("ddd hh:mm");
    chart
        .y_axis()
        .set_name(&format!(
            "Answered within {} s",
            scenario.target.service.within().get()
        ))
        .set_num_format("0%")
        .set_min(0.0)
        .set_max(1.0);
    chart.set_width(960).set_height(420);
    Ok(chart)
}
