//! The bid's finance in summary.md: payback, NPV and IRR, the prices by year, the volume bands,
//! the cost build-up, each site's P&L and the margin's sensitivity.

use super::page::*;
use crate::bid::BidResult;
use crate::scenario::SensitivityInput;

/// The finance section under the bid.
pub(super) fn finance(r: &BidResult, md: &mut String) {
    let f = &r.finance;
    let c = &r.currency;
    let _ = writeln!(md, "### Cash flow and finance\n");
    let _ = writeln!(md, "| | |\n| --- | --- |");
    let _ = writeln!(
        md,
        "| Payback | {} |",
        f.payback_month
            .map_or("not within the cash flow".to_string(), |m| format!(
                "month {m} ({})",
                f.cash_flow[m as usize].label
            ))
    );
    let _ = writeln!(
        md,
        "| NPV at {} a year | {} |",
        format::percent(f.discount_rate, 1),
        money_whole(f.npv, c)
    );
    let _ = writeln!(
        md,
        "| IRR | {} |",
        f.irr.map_or("none".to_string(), |i| format!(
            "{} a year",
            format::percent(i, 1)
        ))
    );
    let _ = writeln!(
        md,
        "| Payment terms | {} days after each month |",
        f.payment_terms_days
    );
    for y in &f.prices_by_year {
        let _ = writeln!(
            md,
            "| Price, year {} | {} per handled contact, {} per FTE-month |",
            y.year,
            format::money(y.price_per_contact, c),
            money_whole(y.price_per_fte_month, c)
        );
    }
    if let Some(b) = &f.volume_bands {
        let _ = writeln!(
            md,
            "| Revenue under volume bands | {} expected (5–95 %: {} – {}) against {} at the forecast |",
            money_whole(b.expected_revenue, c),
            money_whole(b.revenue_p5, c),
            money_whole(b.revenue_p95, c),
            money_whole(b.forecast_revenue, c)
        );
    }
    tables(r, md);
}

/// The cost build-up, the sites' P&L and the sensitivity as tables.
fn tables(r: &BidResult, md: &mut String) {
    let (f, c) = (&r.finance, &r.currency);
    let _ = writeln!(md, "\n| Cost line | Cost | Share |\n| --- | ---: | ---: |");
    for l in &f.cost_build_up {
        let _ = writeln!(
            md,
            "| {} | {} | {} |",
            l.line,
            money_whole(l.cost, c),
            format::percent(l.cost / r.total_cost.max(1e-9), 1)
        );
    }
    let _ = writeln!(
        md,
        "| **Total** | **{}** | 100 % |",
        money_whole(r.total_cost, c)
    );
    let _ = writeln!(
        md,
        "\n| Site | Revenue | Cost | Margin |\n| --- | ---: | ---: | ---: |"
    );
    for s in &r.sites {
        let (revenue, cost) = f
            .sites_pnl
            .iter()
            .filter(|p| p.site == s.name)
            .fold((0.0, 0.0), |(a, b), p| (a + p.revenue, b + p.cost));
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |",
            s.name,
            money_whole(revenue, c),
            money_whole(cost, c),
            if revenue > 0.0 {
                format::percent((revenue - cost) / revenue, 1)
            } else {
                "–".into()
            }
        );
    }
    if !r.sensitivity.is_empty() {
        let _ = writeln!(
            md,
            "\n| Sensitivity | Low | Margin | High | Margin |\n| --- | ---: | ---: | ---: | ---: |"
        );
        for s in &r.sensitivity {
            let change = |x: f64| match s.input {
                SensitivityInput::Attrition => format!("{:+.1} points a year", x * 100.0),
                _ => format!("{:+.1} %", x * 100.0),
            };
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} |",
                format!("{:?}", s.input).to_lowercase(),
                change(s.low),
                format::percent(s.margin_low, 1),
                change(s.high),
                format::percent(s.margin_high, 1)
            );
        }
    }
    md.push('\n');
}
