//! A bid as text: the term month by month, the money, the clauses and the risk bound; and a
//! portfolio of bids, each priced by its natural unit.

use crate::bid::{BidResult, BidTotals, UPLIFTS};
use crate::portfolio::Portfolio;
use crate::report::format::{self, count_of, grouped, percent_ci};
use crate::report::{Align, Table, thousands};
use crate::scenario::{PriceRisk, Release, Scenario};

/// A bid as text: the months, then the money, the clauses that apply and the risk bound.
pub fn bid(scenario: &Scenario, r: &BidResult) -> String {
    let mut out = months(scenario, r);
    out.push_str(&money(scenario, r));
    out.push_str(&clauses(scenario, r));
    out.push_str(&risk_bound(scenario, r));
    out.push_str(&super::bid_finance::finance(r));
    out
}

/// The heading and the month-by-month table.
fn months(scenario: &Scenario, r: &BidResult) -> String {
    let c = &r.currency;
    let mut out = format!(
        "{} — bid over {} months, margin {}, blended cost {c} {:.2} per paid hour\n\n",
        scenario.name,
        r.months.len(),
        crate::report::format::percent(r.margin, 0),
        r.blended_hourly_cost
    );
    let mut table = Table::new([
        ("month", Align::Left),
        ("volume", Align::Right),
        ("required FTE", Align::Right),
        ("effective FTE", Align::Right),
        ("hires", Align::Right),
        ("leavers", Align::Right),
        ("headcount", Align::Right),
        ("paid hours", Align::Right),
        ("cost", Align::Right),
        ("P(miss SLA)", Align::Right),
    ]);
    for m in &r.months {
        table.row([
            m.label.clone(),
            thousands(m.volume),
            format!("{:.1}", m.required_fte),
            format!("{:.1}", m.effective_fte),
            m.hires.to_string(),
            m.leavers.to_string(),
            m.headcount.to_string(),
            thousands(m.paid_hours),
            thousands(m.cost),
            percent_ci(m.p_miss_sla, Some(m.p_miss_sla_ci95), 1),
        ]);
    }
    out.push_str(&table.to_string());
    out
}

/// Launch, cost, revenue, prices and the SLA risk, with the plain-Erlang comparison.
fn money(scenario: &Scenario, r: &BidResult) -> String {
    let c = &r.currency;
    let has_credits = scenario.bid.as_ref().is_some_and(|b| !b.slas.is_empty());
    let riskiest = r.riskiest_month();
    format!(
        "\nlaunch team      {} hires in {}, training until go-live (recruiting from {} ahead), {c} {} for their training wages, recruiting and trainers\n\
         total cost       {c} {} ({c} {:.3} per handled contact)\n\
         revenue          {c} {}: {} margin {} (target {}{})\n\
         price            {c} {} per FTE-month · {c} {:.3} per handled contact · {c} {:.4} per handled minute · {c} {:.3} per resolved contact\n\
         hybrid           {c} {} a month plus {c} {:.3} per handled contact\n\
         SLA risk         P(a month misses) {} on average, at the staffing the hiring plan puts on the phones; riskiest month {} at {} over {} replications\n\
         unadjusted       at the plain Erlang requirement: total cost {c} {}, {c} {:.3} per handled contact, {} launch hires\n",
        r.launch_hires,
        count_of(r.launch_classes, "class"),
        count_of(r.recruit_months_before_start as u64, "month"),
        thousands(r.transition_cost),
        thousands(r.total_cost),
        r.cost_per_handled_contact,
        thousands(r.revenue),
        crate::report::format::percent(r.margin_after_expected_credits, 1),
        if has_credits {
            format!(
                "after expected SLA credits of {c} {}",
                thousands(r.expected_sla_credits)
            )
        } else {
            "(the terms credit no SLA miss)".to_string()
        },
        crate::report::format::percent(r.margin, 0),
        match (has_credits, r.price_risk) {
            (false, _) => "",
            (true, PriceRisk::Include) => ", credits priced in",
            (true, PriceRisk::Show) => ", credits shown, not priced",
        },
        grouped(r.price_per_fte_month, 2),
        r.price_per_contact,
        r.price_per_minute,
        r.price_per_resolved_contact,
        thousands(r.hybrid_base_per_month),
        r.hybrid_per_contact,
        crate::report::format::percent(r.p_miss_sla, 1),
        riskiest.label,
        percent_ci(riskiest.p_miss_sla, Some(riskiest.p_miss_sla_ci95), 1),
        r.risk_replications,
        thousands(r.unadjusted.total_cost),
        r.unadjusted.price_per_contact,
        r.unadjusted.launch_hires
    )
}

/// Gain-share, the bench and each site, where they apply.
fn clauses(scenario: &Scenario, r: &BidResult) -> String {
    let c = &r.currency;
    let mut out = String::new();
    if scenario
        .bid
        .as_ref()
        .is_some_and(|b| !b.gain_share.is_empty())
    {
        out.push_str(&format!(
            "gain-share       expected {} {c} {} over the term: {} margin after credits and gain-share\n",
            if r.expected_gain_share >= 0.0 { "bonus" } else { "malus" },
            thousands(r.expected_gain_share.abs()),
            crate::report::format::percent(r.expected_margin, 1)
        ));
    }
    if r.bench_fte > 0.05 {
        out.push_str(&format!(
            "bench            {:.1} FTE-months beyond the requirement (launch classes sized for the ramp, whole classes), {c} {} {}\n",
            r.bench_fte,
            thousands(r.bench_cost),
            match r.release {
                Release::Attrition => "paid until attrition takes them (release = \"attrition\")",
                Release::Redeploy => "out of this contract's cost: redeployed (release = \"redeploy\")",
            }
        ));
    }
    if r.sites.len() > 1 {
        for s in &r.sites {
            out.push_str(&format!(
                "site {:<11} {:.0} % of contacts, {:.0} % of the work (AHT × {:.2}), attrition {:.1} % a month ({:.1} % new hires), {} hires, {c} {:.2} per paid hour, labour {c} {} after go-live\n",
                s.name,
                s.share * 100.0,
                s.workload_share * 100.0,
                s.aht_multiplier,
                s.attrition * 100.0,
                s.new_hire_attrition * 100.0,
                s.hires,
                s.hourly_cost,
                thousands(s.labour_cost),
            ));
        }
    }
    out
}

/// The staffing the risk bound priced, how it differs from the sweep's, and whether the
/// replications decided it.
fn risk_bound(scenario: &Scenario, r: &BidResult) -> String {
    let mut out = String::new();
    let (lowest, highest) = (UPLIFTS[0], UPLIFTS[UPLIFTS.len() - 1]);
    match (r.staffing_uplift_for_bound, r.fte_at_bound) {
        (Some(u), Some(fte)) => out.push_str(&format!(
            "risk bound       priced at staffing × {u:.2} of the Erlang requirement ({fte:.1} FTE on average), the least of × {lowest:.2} … × {highest:.2} whose hiring plan keeps every month's P(miss) ≤ {}\n",
            crate::report::format::percent(r.max_p_miss, 0)
        )),
        _ => out.push_str(&format!(
            "risk bound       no staffing up to × {highest:.2} keeps every month's P(miss) ≤ {}: priced at × {highest:.2} with the SLA credits it expects\n",
            crate::report::format::percent(r.max_p_miss, 0)
        )),
    }
    if scenario.sweep.is_some() {
        out.push_str(&format!(
            "basis            the bid staffs so each month's SLA holds with P(miss) ≤ {}; `staffsim sweep` recommends the cheapest option holding the per-day target on [target] confidence of days: different questions, so their staffing multiples may differ\n",
            crate::report::format::percent(r.max_p_miss, 0)
        ));
    }
    if !r.risk_decided {
        out.push_str(&format!(
            "warning          {} replications leave some month's P(miss) undecided against the {} bound (its 95 % interval straddles it and is wider than ±5 points): raise --replications\n",
            r.risk_replications,
            crate::report::format::percent(r.max_p_miss, 0)
        ));
    }
    out
}

/// `bid` on a portfolio: each queue's bid under its own heading, then a price line per queue in
/// its natural unit and the totals.
pub fn bid_portfolio(portfolio: &Portfolio, results: &[BidResult], totals: &BidTotals) -> String {
    let mut out = super::portfolio::queue_sections(portfolio, |k| {
        bid(&portfolio.queues[k].scenario, &results[k])
    });
    let currency = results
        .first()
        .map_or(String::new(), |r| r.currency.clone());
    out.push_str(&format!("portfolio {}\n", portfolio.name));
    for (q, r) in portfolio.queues.iter().zip(results) {
        out.push_str(&format!(
            "  {:<14} {currency} {:.3} per {} · {currency} {} per FTE-month · revenue {currency} {}\n",
            q.name,
            r.price_per_contact,
            q.scenario.channel.priced_unit(),
            grouped(r.price_per_fte_month, 2),
            thousands(r.revenue)
        ));
    }
    let share = |m: Option<f64>| m.map_or("–".into(), |m| format::percent(m, 1));
    out.push_str(&format!(
        "  total          cost {currency} {}, revenue {currency} {} ({} margin, {} after expected SLA credits of {currency} {}), {} handled, {} per handled unit blended\n",
        thousands(totals.total_cost),
        thousands(totals.revenue),
        share(totals.margin),
        share(totals.margin_after_expected_credits),
        thousands(totals.expected_sla_credits),
        thousands(totals.handled),
        totals
            .price_per_handled_unit
            .map_or("–".into(), |p| format!("{currency} {p:.3}")),
    ));
    out
}
