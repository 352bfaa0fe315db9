//! A bid's finance views as text: the cash flow with payback, NPV and IRR; the price year by
//! year; the revenue under volume bands; the cost build-up; each site's P&L; the sensitivity.

use crate::bid::BidResult;
use crate::report::format::percent;
use crate::report::{Align, Table, thousands};
use crate::scenario::{PriceBasis, SensitivityInput};

/// The finance views, after the bid's money and clauses.
pub fn finance(r: &BidResult) -> String {
    let f = &r.finance;
    let c = &r.currency;
    let mut out = String::from("\n");
    let payback = f
        .payback_month
        .map_or("never within the cash flow".to_string(), |m| {
            let label = &f.cash_flow[m as usize].label;
            format!("in month {m} ({label})")
        });
    out.push_str(&format!(
        "cash flow        payback {payback} · NPV {c} {} at {} a year · IRR {} · revenue received {} days after each month, the transition at month 0\n",
        thousands(f.npv),
        percent(f.discount_rate, 1),
        f.irr.map_or("none (the flows never change sign)".into(), |i| format!("{} a year", percent(i, 1))),
        f.payment_terms_days,
    ));
    for y in &f.prices_by_year {
        out.push_str(&format!(
            "price year {:<5} {c} {:.3} per handled contact · {c} {} per FTE-month · {c} {:.4} per handled minute ({})\n",
            y.year,
            y.price_per_contact,
            thousands(y.price_per_fte_month),
            y.price_per_minute,
            match f.price_basis {
                PriceBasis::Level => "one price over the term",
                PriceBasis::Yearly => "the year priced at its own escalated cost",
            }
        ));
    }
    if let Some(b) = &f.volume_bands {
        out.push_str(&format!(
            "volume bands     expected revenue {c} {} (5–95 %: {c} {} – {c} {}) against {c} {} at the forecast; {} of months below the band, {} above ({} simulated terms)\n",
            thousands(b.expected_revenue),
            thousands(b.revenue_p5),
            thousands(b.revenue_p95),
            thousands(b.forecast_revenue),
            percent(b.share_of_months_below, 1),
            percent(b.share_of_months_above, 1),
            b.replications
        ));
    }
    out.push_str(&build_up(r));
    out.push_str(&sites(r));
    out.push_str(&sensitivity(r));
    out.push_str(&cash_table(r));
    out
}

fn build_up(r: &BidResult) -> String {
    let mut table = Table::new([
        ("cost build-up", Align::Left),
        (&format!("cost ({})", r.currency), Align::Right),
        ("share", Align::Right),
    ]);
    for l in &r.finance.cost_build_up {
        table.row([
            l.line.clone(),
            thousands(l.cost),
            percent(l.cost / r.total_cost.max(1e-9), 1),
        ]);
    }
    table.row(["total".into(), thousands(r.total_cost), "100.0 %".into()]);
    format!("\n{table}")
}

fn sites(r: &BidResult) -> String {
    let mut table = Table::new([
        ("site P&L", Align::Left),
        ("revenue", Align::Right),
        ("cost", Align::Right),
        ("margin", Align::Right),
    ]);
    for s in &r.sites {
        let rows = r.finance.sites_pnl.iter().filter(|p| p.site == s.name);
        let (revenue, cost) = rows.fold((0.0, 0.0), |(a, b), p| (a + p.revenue, b + p.cost));
        table.row([
            s.name.clone(),
            thousands(revenue),
            thousands(cost),
            if revenue > 0.0 {
                percent((revenue - cost) / revenue, 1)
            } else {
                "—".into()
            },
        ]);
    }
    format!("\n{table}")
}

fn sensitivity(r: &BidResult) -> String {
    if r.sensitivity.is_empty() {
        return String::new();
    }
    let mut table = Table::new([
        ("sensitivity", Align::Left),
        ("low", Align::Right),
        ("margin", Align::Right),
        ("high", Align::Right),
        ("margin", Align::Right),
    ]);
    let change = |input: SensitivityInput, x: f64| match input {
        SensitivityInput::Attrition => format!("{:+.1} points a year", x * 100.0),
        _ => format!("{:+.1} %", x * 100.0),
    };
    for s in &r.sensitivity {
        table.row([
            serde_json::to_string(&s.input)
                .unwrap_or_default()
                .trim_matches('"')
                .to_string(),
            change(s.input, s.low),
            percent(s.margin_low, 1),
            change(s.input, s.high),
            percent(s.margin_high, 1),
        ]);
    }
    format!(
        "\n{table}each end a re-run of the months at the bid's staffing, billed at its prices; expected margin {}\n",
        percent(r.expected_margin, 1)
    )
}

fn cash_table(r: &BidResult) -> String {
    let mut table = Table::new([
        ("cash flow", Align::Left),
        ("costs", Align::Right),
        ("invoiced", Align::Right),
        ("received", Align::Right),
        ("net", Align::Right),
        ("cumulative", Align::Right),
    ]);
    for m in &r.finance.cash_flow {
        table.row([
            m.label.clone(),
            thousands(m.costs),
            thousands(m.revenue_invoiced),
            thousands(m.revenue_received),
            thousands(m.net),
            thousands(m.cumulative),
        ]);
    }
    format!("\n{table}")
}
