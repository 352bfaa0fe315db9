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
    let Book { scenario, f, .. } = book;
    let Formats {
        bold,
        header,
        percent,
        number,
        whole,
        money,
        ..
    } = f;
    let config = scenario.bid.as_ref();
    let hybrid_share = config.map_or(0.0, |c| c.hybrid_base_share);

    let ws = workbook.add_worksheet();
    ws.set_name("Bid")?;
    let headers = [
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
    header_row(ws, 0, &headers, header)?;
    ws.set_column_width(0, 28)?;
    for c in 1..headers.len() as u16 {
        ws.set_column_width(c, 14)?;
    }
    ws.set_freeze_panes(1, 1)?;
    let n = bid.months.len() as u32;
    // Excel rows: months 2..=n+1, totals n+2, then the price block from n+4.
    let total_row = n + 1;
    let first = n + 3;
    let cell = |row: u32, col: &str| format!("{col}{}", row + 1);
    let value = |label: &str| -> String {
        let k = BID_BLOCK
            .iter()
            .position(|l| *l == label)
            .expect("a label of the price block");
        format!("$C${}", first + k as u32 + 1)
    };
    let formula = |text: String, result: f64| Formula::new(text).set_result(result.to_string());
    for (k, m) in bid.months.iter().enumerate() {
        let row = k as u32 + 1;
        ws.write_string(row, 0, &m.label)?;
        ws.write_number_with_format(row, 1, m.volume, whole)?;
        ws.write_number_with_format(row, 2, m.handled, whole)?;
        ws.write_number_with_format(row, 3, m.handled_minutes, whole)?;
        for (c, v) in [
            (4, m.required_fte),
            (5, m.effective_fte),
            (6, f64::from(m.hires)),
            (7, f64::from(m.leavers)),
            (8, f64::from(m.headcount)),
        ] {
            ws.write_number_with_format(row, c, v, number)?;
        }
        ws.write_number_with_format(row, 9, m.paid_hours, whole)?;
        ws.write_number_with_format(row, 10, m.labour_cost, money)?;
        ws.write_number_with_format(row, 11, m.cost, money)?;
        ws.write_formula_with_format(
            row,
            12,
            formula(
                format!("={}*{}", cell(row, "C"), value("Price per handled contact")),
                m.fee,
            ),
            money,
        )?;
        ws.write_number_with_format(row, 13, m.p_miss_sla, percent)?;
        ws.write_number_with_format(row, 14, m.p_miss_sla_ci95[0], percent)?;
        ws.write_number_with_format(row, 15, m.p_miss_sla_ci95[1], percent)?;
        ws.write_number_with_format(row, 16, m.hours_per_fte, number)?;
        ws.write_number_with_format(row, 17, m.bench_fte, number)?;
        ws.write_number_with_format(row, 18, m.bench_cost, money)?;
    }
    ws.write_string_with_format(total_row, 0, "Total", bold)?;
    let sum = |col: &str, result: f64| formula(format!("=SUM({col}2:{col}{})", n + 1), result);
    let months_sum =
        |f: &dyn Fn(&crate::bid::BidMonth) -> f64| bid.months.iter().map(f).sum::<f64>();
    for (c, col, result, format) in [
        (1, "B", months_sum(&|m| m.volume), whole),
        (2, "C", months_sum(&|m| m.handled), whole),
        (3, "D", months_sum(&|m| m.handled_minutes), whole),
        (4, "E", months_sum(&|m| m.required_fte), number),
        (9, "J", months_sum(&|m| m.paid_hours), whole),
        (10, "K", months_sum(&|m| m.labour_cost), money),
        (11, "L", months_sum(&|m| m.cost), money),
        (12, "M", months_sum(&|m| m.fee), money),
    ] {
        ws.write_formula_with_format(total_row, c, sum(col, result), format)?;
    }
    let totals = |col: &str| cell(total_row, col);
    let guarded = |denominator: String, numerator: String| {
        format!("=IF({denominator}>0,{numerator}/{denominator},0)")
    };
    let revenue = value("Revenue");
    for (k, label) in BID_BLOCK.iter().enumerate() {
        let row = first + k as u32;
        ws.write_string_with_format(row, 0, *label, bold)?;
        // (formula, value, format); no formula for an input.
        let input = |v: f64, format| (None, v, format);
        let live = |text: String, v: f64, format| (Some(text), v, format);
        let (text, v, format): (Option<String>, f64, &Format) = match *label {
            "Launch hires" => input(f64::from(bid.launch_hires), number),
            "Transition cost" => input(bid.transition_cost, money),
            "Margin (input)" => input(bid.margin, percent),
            "Hybrid base share (input)" => input(hybrid_share, percent),
            "Total cost" => live(
                format!("={}+{}", totals("L"), value("Transition cost")),
                bid.total_cost,
                money,
            ),
            "Expected credits per unit of revenue (simulated)" => input(
                if bid.revenue > 0.0 {
                    bid.expected_sla_credits / bid.revenue
                } else {
                    0.0
                },
                percent,
            ),
            "Expected gain-share per unit of revenue (simulated)" => input(
                if bid.revenue > 0.0 {
                    bid.expected_gain_share / bid.revenue
                } else {
                    0.0
                },
                percent,
            ),
            "Credits priced in (1) or shown (0)" => input(
                if bid.price_risk == crate::scenario::PriceRisk::Include {
                    1.0
                } else {
                    0.0
                },
                number,
            ),
            "Revenue" => live(
                format!(
                    "={}/(1-{}-{included}*{}+{included}*{})",
                    value("Total cost"),
                    value("Margin (input)"),
                    value("Expected credits per unit of revenue (simulated)"),
                    value("Expected gain-share per unit of revenue (simulated)"),
                    included = value("Credits priced in (1) or shown (0)"),
                ),
                bid.revenue,
                money,
            ),
            "Expected SLA credits" => live(
                format!(
                    "={}*{revenue}",
                    value("Expected credits per unit of revenue (simulated)")
                ),
                bid.expected_sla_credits,
                money,
            ),
            "Margin after expected credits" => live(
                format!(
                    "=({revenue}-{}-{})/{revenue}",
                    value("Total cost"),
                    value("Expected SLA credits")
                ),
                bid.margin_after_expected_credits,
                percent,
            ),
            "Expected gain-share" => live(
                format!(
                    "={}*{revenue}",
                    value("Expected gain-share per unit of revenue (simulated)")
                ),
                bid.expected_gain_share,
                money,
            ),
            "Margin after expected credits and gain-share" => live(
                format!(
                    "=({revenue}-{}-{}+{})/{revenue}",
                    value("Total cost"),
                    value("Expected SLA credits"),
                    value("Expected gain-share")
                ),
                bid.expected_margin,
                percent,
            ),
            "Cost per handled contact" => live(
                guarded(totals("C"), value("Total cost")),
                bid.cost_per_handled_contact,
                money,
            ),
            "Price per FTE-month" => live(
                guarded(totals("E"), revenue.clone()),
                bid.price_per_fte_month,
                money,
            ),
            "Price per handled contact" => live(
                guarded(totals("C"), revenue.clone()),
                bid.price_per_contact,
                money,
            ),
            "Price per handled minute" => live(
                guarded(totals("D"), revenue.clone()),
                bid.price_per_minute,
                money,
            ),
            "Hybrid: base per month" => live(
                format!("={}*{revenue}/{n}", value("Hybrid base share (input)")),
                bid.hybrid_base_per_month,
                money,
            ),
            "Hybrid: per handled contact" => live(
                guarded(
                    totals("C"),
                    format!("(1-{})*{revenue}", value("Hybrid base share (input)")),
                ),
                bid.hybrid_per_contact,
                money,
            ),
            "P(a month misses the SLA)" => input(bid.p_miss_sla, percent),
            other => unreachable!("{other} is not in the price block"),
        };
        match text {
            Some(text) => ws.write_formula_with_format(row, 2, formula(text, v), format)?,
            None => ws.write_number_with_format(row, 2, v, format)?,
        };
    }
    Ok(())
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
