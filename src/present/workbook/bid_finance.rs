//! The bid's Cash flow, P&L and Cost build-up sheets: the months' costs and fees as inputs, and
//! everything derived from them as live formulas — change a month's cost, the discount rate or a
//! site's cost and the cumulative position, payback, NPV, margins and totals follow.
//!
//! # Formulas
//!
//! Cash flow: `invoiced = fee − (credits − gain-share) × fee ÷ Σ fee`; `received_t =
//! invoiced_{t − lag}`; `net = received − costs`; `cumulative_t = cumulative_{t−1} + net_t`;
//! `payback` the first month ≥ 1 whose cumulative is ≥ 0; `NPV = Σ net_t ÷ (1 + r)^(t/12)`;
//! `IRR = (1 + IRR(monthly nets))^12 − 1`. P&L: `revenue = fee × contact share`, `margin =
//! (revenue − cost) ÷ revenue`. Cost build-up: the total is the sum of the lines.

use super::book::*;

fn formula(text: String, result: f64) -> Formula {
    Formula::new(text).set_result(result.to_string())
}

/// The Cash flow sheet (see the module docs).
///
/// Over 80 lines: the inputs block, then one row of formulas per month, column by column.
pub(super) fn cash_flow_sheet(
    workbook: &mut Workbook,
    book: &Book,
    bid: &BidResult,
) -> Result<(), XlsxError> {
    let f = book.f;
    let fin = &bid.finance;
    let ws = workbook.add_worksheet();
    ws.set_name("Cash flow")?;
    ws.set_column_width(0, 34)?;
    for c in 1..10u16 {
        ws.set_column_width(c, 15)?;
    }
    // Inputs and results, labelled in column A, values in column B (rows 1-8).
    let lag = crate::bid::finance::payment_lag_months(fin.payment_terms_days);
    let fees: f64 = bid.months.iter().map(|m| m.fee).sum();
    let inputs: [(&str, f64, &Format); 4] = [
        ("Discount rate (annual)", fin.discount_rate, &f.percent),
        ("Payment lag (months)", lag as f64, &f.number),
        (
            "Expected credits less gain-share",
            bid.expected_sla_credits - bid.expected_gain_share,
            &f.money,
        ),
        ("Σ fees", fees, &f.money),
    ];
    for (k, (label, v, format)) in inputs.iter().enumerate() {
        ws.write_string_with_format(k as u32, 0, *label, &f.bold)?;
        ws.write_number_with_format(k as u32, 1, *v, format)?;
    }
    let first = 8u32; // the table's header row (0-based); months from row first + 1
    let n = fin.cash_flow.len() as u32;
    let last = first + n; // 0-based row of the last month
    let headers = [
        "Month",
        "Label",
        "Fee",
        "Costs",
        "Invoiced",
        "Received",
        "Net",
        "Cumulative",
        "Payback so far",
        "Discounted net",
    ];
    header_row(ws, first, &headers, &f.header)?;
    for (k, c) in fin.cash_flow.iter().enumerate() {
        let row = first + 1 + k as u32;
        let r = row + 1; // Excel row
        let fee = if (1..=bid.months.len()).contains(&(c.month as usize)) {
            bid.months[c.month as usize - 1].fee
        } else {
            0.0
        };
        ws.write_number(row, 0, f64::from(c.month))?;
        ws.write_string(row, 1, &c.label)?;
        ws.write_number_with_format(row, 2, fee, &f.money)?;
        ws.write_number_with_format(row, 3, c.costs, &f.money)?;
        ws.write_formula_with_format(
            row,
            4,
            formula(format!("=C{r}-B3*C{r}/B4"), c.revenue_invoiced),
            &f.money,
        )?;
        let received = if k >= lag {
            format!("=E{}", r - lag as u32)
        } else {
            "=0".to_string()
        };
        ws.write_formula_with_format(row, 5, formula(received, c.revenue_received), &f.money)?;
        ws.write_formula_with_format(row, 6, formula(format!("=F{r}-D{r}"), c.net), &f.money)?;
        let cumulative = if k == 0 {
            format!("=G{r}")
        } else {
            format!("=H{}+G{r}", r - 1)
        };
        ws.write_formula_with_format(row, 7, formula(cumulative, c.cumulative), &f.money)?;
        let so_far = fin
            .payback_month
            .filter(|&p| p <= c.month)
            .map_or(0.0, f64::from);
        let payback = if k == 0 {
            "=0".to_string()
        } else {
            format!("=IF(I{}>0,I{},IF(H{r}<0,0,A{r}))", r - 1, r - 1)
        };
        ws.write_formula_with_format(row, 8, formula(payback, so_far), &f.number)?;
        let discounted = c.net / (1.0 + fin.discount_rate).powf(f64::from(c.month) / 12.0);
        ws.write_formula_with_format(
            row,
            9,
            formula(format!("=G{r}/(1+$B$1)^(A{r}/12)"), discounted),
            &f.money,
        )?;
    }
    results(ws, f, bid, (first + 2, last + 1))?;
    ws.set_freeze_panes(first + 1, 2)?;
    Ok(())
}

/// Payback, NPV and IRR as formulas over the month rows `top..=bottom` (Excel rows).
fn results(
    ws: &mut rust_xlsxwriter::Worksheet,
    f: &Formats,
    bid: &BidResult,
    (top, bottom): (u32, u32),
) -> Result<(), XlsxError> {
    let fin = &bid.finance;
    let results: [(&str, String, f64, &Format); 3] = [
        (
            "Payback month (0: not reached)",
            format!("=I{bottom}"),
            fin.payback_month.map_or(0.0, f64::from),
            &f.number,
        ),
        ("NPV", format!("=SUM(J{top}:J{bottom})"), fin.npv, &f.money),
        (
            "IRR (annual)",
            format!("=(1+IRR(G{top}:G{bottom}))^12-1"),
            fin.irr.unwrap_or(0.0),
            &f.percent,
        ),
    ];
    for (k, (label, text, v, format)) in results.into_iter().enumerate() {
        let row = 4 + k as u32;
        ws.write_string_with_format(row, 0, label, &f.bold)?;
        ws.write_formula_with_format(row, 1, formula(text, v), format)?;
    }
    Ok(())
}

/// The P&L sheet: each site's months (the transition first), revenue and margin as formulas,
/// and each site's total.
pub(super) fn pnl_sheet(
    workbook: &mut Workbook,
    book: &Book,
    bid: &BidResult,
) -> Result<(), XlsxError> {
    let f = book.f;
    let ws = workbook.add_worksheet();
    ws.set_name("P&L")?;
    ws.set_column_width(0, 18)?;
    for c in 1..7u16 {
        ws.set_column_width(c, 15)?;
    }
    header_row(
        ws,
        0,
        &[
            "Site",
            "Month",
            "Fee",
            "Contact share",
            "Revenue",
            "Cost",
            "Margin",
        ],
        &f.header,
    )?;
    let mut row = 1u32;
    for site in &bid.sites {
        let start = row + 1;
        for p in bid.finance.sites_pnl.iter().filter(|p| p.site == site.name) {
            let r = row + 1;
            let fee = bid
                .months
                .iter()
                .find(|m| m.label == p.month)
                .map_or(0.0, |m| m.fee);
            ws.write_string(row, 0, &p.site)?;
            ws.write_string(row, 1, &p.month)?;
            ws.write_number_with_format(row, 2, fee, &f.money)?;
            ws.write_number_with_format(row, 3, site.share, &f.percent)?;
            ws.write_formula_with_format(
                row,
                4,
                formula(format!("=C{r}*D{r}"), p.revenue),
                &f.money,
            )?;
            ws.write_number_with_format(row, 5, p.cost, &f.money)?;
            ws.write_formula_with_format(
                row,
                6,
                formula(
                    format!("=IF(E{r}>0,(E{r}-F{r})/E{r},0)"),
                    p.margin.unwrap_or(0.0),
                ),
                &f.percent,
            )?;
            row += 1;
        }
        let (r, end) = (row + 1, row);
        let (revenue, cost) = bid
            .finance
            .sites_pnl
            .iter()
            .filter(|p| p.site == site.name)
            .fold((0.0, 0.0), |(a, b), p| (a + p.revenue, b + p.cost));
        ws.write_string_with_format(row, 0, format!("{} total", site.name), &f.bold)?;
        ws.write_formula_with_format(
            row,
            4,
            formula(format!("=SUM(E{start}:E{end})"), revenue),
            &f.money,
        )?;
        ws.write_formula_with_format(
            row,
            5,
            formula(format!("=SUM(F{start}:F{end})"), cost),
            &f.money,
        )?;
        let margin = if revenue > 0.0 {
            (revenue - cost) / revenue
        } else {
            0.0
        };
        ws.write_formula_with_format(
            row,
            6,
            formula(format!("=IF(E{r}>0,(E{r}-F{r})/E{r},0)"), margin),
            &f.percent,
        )?;
        row += 2;
    }
    ws.set_freeze_panes(1, 2)?;
    Ok(())
}

/// The Cost build-up sheet: each line, and the total as their sum.
pub(super) fn build_up_sheet(
    workbook: &mut Workbook,
    book: &Book,
    bid: &BidResult,
) -> Result<(), XlsxError> {
    let f = book.f;
    let ws = workbook.add_worksheet();
    ws.set_name("Cost build-up")?;
    ws.set_column_width(0, 36)?;
    ws.set_column_width(1, 16)?;
    header_row(ws, 0, &["Line", "Cost"], &f.header)?;
    let lines = &bid.finance.cost_build_up;
    for (k, l) in lines.iter().enumerate() {
        ws.write_string(k as u32 + 1, 0, &l.line)?;
        ws.write_number_with_format(k as u32 + 1, 1, l.cost, &f.money)?;
    }
    let row = lines.len() as u32 + 1;
    ws.write_string_with_format(row, 0, "Total cost", &f.bold)?;
    ws.write_formula_with_format(
        row,
        1,
        formula(format!("=SUM(B2:B{row})"), bid.total_cost),
        &f.money,
    )?;
    Ok(())
}
