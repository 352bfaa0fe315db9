//! The Bid sheet: the months with a total row, then the price block as live formulas.

use super::book::*;

/// Bid: the months, their totals, and the prices as live formulas over them: change the margin,
/// a month's cost or handled contacts and the revenue, the prices and every month's fee follow.
///
/// # Formulas
///
/// `total cost = Σ cost + transition`, `revenue = total cost ÷ (1 − margin − included × (κ − γ))`
/// with κ the simulated expected credits and γ the expected gain-share per unit of revenue,
/// `expected credits = κ × revenue`, `expected gain-share = γ × revenue`, prices are revenue
/// ÷ Σ required FTE-months, Σ handled contacts and Σ handled minutes; the hybrid base is
/// `share × revenue ÷ months` and its per-contact rate `(1 − share) × revenue ÷ Σ handled`; a
/// month's fee is its handled contacts × the price per contact.
pub(super) fn bid_sheet(
    workbook: &mut Workbook,
    book: &Book,
    bid: &BidResult,
) -> Result<(), XlsxError> {
    let ws = workbook.add_worksheet();
    ws.set_name("Bid")?;
    header_row(ws, 0, &MONTH_COLUMNS, &book.f.header)?;
    ws.set_column_width(0, 28)?;
    for c in 1..MONTH_COLUMNS.len() as u16 {
        ws.set_column_width(c, 14)?;
    }
    ws.set_freeze_panes(1, 1)?;
    let n = bid.months.len() as u32;
    // Excel rows: months 2..=n+1, totals n+2, then the price block from n+4.
    let block = Block {
        months: n,
        total_row: n + 1,
        first: n + 3,
    };
    month_rows(ws, book.f, bid, &block)?;
    total_row(ws, book.f, bid, &block)?;
    let hybrid_share = book
        .scenario
        .bid
        .as_ref()
        .map_or(0.0, |c| c.hybrid_base_share);
    for (k, label) in BID_BLOCK.iter().enumerate() {
        let row = block.first + k as u32;
        ws.write_string_with_format(row, 0, *label, &book.f.bold)?;
        match block_input(label, bid, hybrid_share, book.f) {
            Some((v, format)) => ws.write_number_with_format(row, 2, v, format)?,
            None => {
                let (text, v, format) = block_formula(label, bid, &block, book.f);
                ws.write_formula_with_format(row, 2, formula(text, v), format)?
            }
        };
    }
    Ok(())
}

/// The month table's columns.
const MONTH_COLUMNS: [&str; 19] = [
    "Month",
    "Volume",
    "Handled",
    "Handled minutes",
    "Required FTE",
    "Effective FTE",
    "Hires",
    "Leavers",
    "Headcount",
    "Paid hours",
    "Labour cost",
    "Cost",
    "Fee",
    "P(miss SLA)",
    "P(miss) 95 % low",
    "P(miss) 95 % high",
    "Hours per FTE",
    "Bench FTE",
    "Bench cost",
];

/// Where the sheet's parts lie (0-based rows).
struct Block {
    /// Months in the term.
    months: u32,
    /// The month table's total row.
    total_row: u32,
    /// The price block's first row.
    first: u32,
}

impl Block {
    /// The absolute reference of the price block's value labelled `label`.
    fn value(&self, label: &str) -> String {
        let k = BID_BLOCK
            .iter()
            .position(|l| *l == label)
            .expect("a label of the price block");
        format!("$C${}", self.first + k as u32 + 1)
    }

    /// The month table's total in column `col`.
    fn total(&self, col: &str) -> String {
        format!("{col}{}", self.total_row + 1)
    }
}

/// A formula with its cached result.
fn formula(text: String, result: f64) -> Formula {
    Formula::new(text).set_result(result.to_string())
}

/// The months, one row each; a month's fee is a formula over the price per contact.
fn month_rows(
    ws: &mut rust_xlsxwriter::Worksheet,
    f: &Formats,
    bid: &BidResult,
    block: &Block,
) -> Result<(), XlsxError> {
    for (k, m) in bid.months.iter().enumerate() {
        let row = k as u32 + 1;
        ws.write_string(row, 0, &m.label)?;
        ws.write_number_with_format(row, 1, m.volume, &f.whole)?;
        ws.write_number_with_format(row, 2, m.handled, &f.whole)?;
        ws.write_number_with_format(row, 3, m.handled_minutes, &f.whole)?;
        for (c, v) in [
            (4, m.required_fte),
            (5, m.effective_fte),
            (6, f64::from(m.hires)),
            (7, f64::from(m.leavers)),
            (8, f64::from(m.headcount)),
        ] {
            ws.write_number_with_format(row, c, v, &f.number)?;
        }
        ws.write_number_with_format(row, 9, m.paid_hours, &f.whole)?;
        ws.write_number_with_format(row, 10, m.labour_cost, &f.money)?;
        ws.write_number_with_format(row, 11, m.cost, &f.money)?;
        // A yearly price basis bills each year at its own price (the Cash flow sheet's inputs).
        let price = match bid.finance.price_basis {
            crate::scenario::PriceBasis::Level => block.value("Price per handled contact"),
            crate::scenario::PriceBasis::Yearly => {
                let year = &bid.finance.prices_by_year[k / 12];
                year.price_per_contact.to_string()
            }
        };
        let fee = format!("=C{}*{}", row + 1, price);
        ws.write_formula_with_format(row, 12, formula(fee, m.fee), &f.money)?;
        ws.write_number_with_format(row, 13, m.p_miss_sla, &f.percent)?;
        ws.write_number_with_format(row, 14, m.p_miss_sla_ci95[0], &f.percent)?;
        ws.write_number_with_format(row, 15, m.p_miss_sla_ci95[1], &f.percent)?;
        ws.write_number_with_format(row, 16, m.hours_per_fte, &f.number)?;
        ws.write_number_with_format(row, 17, m.bench_fte, &f.number)?;
        ws.write_number_with_format(row, 18, m.bench_cost, &f.money)?;
    }
    Ok(())
}

/// The total row: sums over the months.
fn total_row(
    ws: &mut rust_xlsxwriter::Worksheet,
    f: &Formats,
    bid: &BidResult,
    block: &Block,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(block.total_row, 0, "Total", &f.bold)?;
    let months_sum =
        |f: &dyn Fn(&crate::bid::BidMonth) -> f64| bid.months.iter().map(f).sum::<f64>();
    for (c, col, result, format) in [
        (1, "B", months_sum(&|m| m.volume), &f.whole),
        (2, "C", months_sum(&|m| m.handled), &f.whole),
        (3, "D", months_sum(&|m| m.handled_minutes), &f.whole),
        (4, "E", months_sum(&|m| m.required_fte), &f.number),
        (9, "J", months_sum(&|m| m.paid_hours), &f.whole),
        (10, "K", months_sum(&|m| m.labour_cost), &f.money),
        (11, "L", months_sum(&|m| m.cost), &f.money),
        (12, "M", months_sum(&|m| m.fee), &f.money),
    ] {
        let sum = format!("=SUM({col}2:{col}{})", block.months + 1);
        ws.write_formula_with_format(block.total_row, c, formula(sum, result), format)?;
    }
    Ok(())
}

/// A price-block row that is an input (a value, no formula), if `label` is one.
fn block_input<'f>(
    label: &str,
    bid: &BidResult,
    hybrid_share: f64,
    f: &'f Formats,
) -> Option<(f64, &'f Format)> {
    let per_revenue = |x: f64| {
        if bid.revenue > 0.0 {
            x / bid.revenue
        } else {
            0.0
        }
    };
    Some(match label {
        "Launch hires" => (f64::from(bid.launch_hires), &f.number),
        "Transition cost" => (bid.transition_cost, &f.money),
        "Margin (input)" => (bid.margin, &f.percent),
        "Hybrid base share (input)" => (hybrid_share, &f.percent),
        "Expected credits per unit of revenue (simulated)" => {
            (per_revenue(bid.expected_sla_credits), &f.percent)
        }
        "Expected gain-share per unit of revenue (simulated)" => {
            (per_revenue(bid.expected_gain_share), &f.percent)
        }
        "Credits priced in (1) or shown (0)" => (
            f64::from(u8::from(
                bid.price_risk == crate::scenario::PriceRisk::Include,
            )),
            &f.number,
        ),
        "P(a month misses the SLA)" => (bid.p_miss_sla, &f.percent),
        _ => return None,
    })
}

/// A price-block row that is a formula: its text, its cached result and its format. Its
/// formulas are listed in the doc of [`bid_sheet`].
///
/// Over 80 lines: a table of the price block's formulas, one arm per row, beside each other as the
/// sheet shows them.
fn block_formula<'f>(
    label: &str,
    bid: &BidResult,
    block: &Block,
    f: &'f Formats,
) -> (String, f64, &'f Format) {
    let value = |label: &str| block.value(label);
    let revenue = value("Revenue");
    let guarded = |denominator: String, numerator: String| {
        format!("=IF({denominator}>0,{numerator}/{denominator},0)")
    };
    let credits_share = value("Expected credits per unit of revenue (simulated)");
    let gain_share = value("Expected gain-share per unit of revenue (simulated)");
    match label {
        "Total cost" => (
            format!("={}+{}", block.total("L"), value("Transition cost")),
            bid.total_cost,
            &f.money,
        ),
        "Revenue" => (
            format!(
                "={}/(1-{}-{included}*{credits_share}+{included}*{gain_share})",
                value("Total cost"),
                value("Margin (input)"),
                included = value("Credits priced in (1) or shown (0)"),
            ),
            bid.revenue,
            &f.money,
        ),
        "Expected SLA credits" => (
            format!("={credits_share}*{revenue}"),
            bid.expected_sla_credits,
            &f.money,
        ),
        "Margin after expected credits" => (
            format!(
                "=({revenue}-{}-{})/{revenue}",
                value("Total cost"),
                value("Expected SLA credits")
            ),
            bid.margin_after_expected_credits,
            &f.percent,
        ),
        "Expected gain-share" => (
            format!("={gain_share}*{revenue}"),
            bid.expected_gain_share,
            &f.money,
        ),
        "Margin after expected credits and gain-share" => (
            format!(
                "=({revenue}-{}-{}+{})/{revenue}",
                value("Total cost"),
                value("Expected SLA credits"),
                value("Expected gain-share")
            ),
            bid.expected_margin,
            &f.percent,
        ),
        "Cost per handled contact" => (
            guarded(block.total("C"), value("Total cost")),
            bid.cost_per_handled_contact,
            &f.money,
        ),
        "Price per FTE-month" => (
            guarded(block.total("E"), revenue),
            bid.price_per_fte_month,
            &f.money,
        ),
        "Price per handled contact" => (
            guarded(block.total("C"), revenue),
            bid.price_per_contact,
            &f.money,
        ),
        "Price per handled minute" => (
            guarded(block.total("D"), revenue),
            bid.price_per_minute,
            &f.money,
        ),
        "Hybrid: base per month" => (
            format!(
                "={}*{revenue}/{}",
                value("Hybrid base share (input)"),
                block.months
            ),
            bid.hybrid_base_per_month,
            &f.money,
        ),
        "Hybrid: per handled contact" => (
            guarded(
                block.total("C"),
                format!("(1-{})*{revenue}", value("Hybrid base share (input)")),
            ),
            bid.hybrid_per_contact,
            &f.money,
        ),
        other => unreachable!("{other} is neither an input nor a formula of the price block"),
    }
}

/// The rows of the Bid sheet's price block, in order: inputs, then formulas over them.
pub(super) const BID_BLOCK: [&str; 20] = [
    "Launch hires",
    "Transition cost",
    "Margin (input)",
    "Hybrid base share (input)",
    "Expected credits per unit of revenue (simulated)",
    "Expected gain-share per unit of revenue (simulated)",
    "Credits priced in (1) or shown (0)",
    "Total cost",
    "Revenue",
    "Expected SLA credits",
    "Margin after expected credits",
    "Expected gain-share",
    "Margin after expected credits and gain-share",
    "Cost per handled contact",
    "Price per FTE-month",
    "Price per handled contact",
    "Price per handled minute",
    "Hybrid: base per month",
    "Hybrid: per handled contact",
    "P(a month misses the SLA)",
];
