//! What a finance director asks of a priced bid: the price year by year, the cash flow with its
//! payback month, NPV and IRR, each site's P&L, the revenue under volume bands, and the cost
//! build-up line by line. Everything here follows from the priced months; nothing is simulated
//! again but the volume bands' months (from `[bid.forecast_error]`).

use super::hiring::{BuildUp, Hiring};
use super::shared::*;
use crate::scenario::{Finance, PriceBasis};

/// Average days in a month (365.25 ÷ 12): payment terms in months.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

pub use super::result::{
    BandRevenue, CashMonth, CostBuildUpLine, FinanceResult, SitePnl, YearPrice,
};

/// What [`finance`] reads from the priced bid.
pub(super) struct Priced<'a> {
    pub(super) config: &'a BidConfig,
    pub(super) hiring: &'a Hiring,
    pub(super) total_cost: f64,
    pub(super) revenue: f64,
    pub(super) expected_sla_credits: f64,
    pub(super) expected_gain_share: f64,
    pub(super) currency: String,
    pub(super) seed: u64,
}

/// Sets each month's fee at its year's price (`price_basis`) and works out the finance views.
pub(super) fn finance(p: &Priced, months: &mut [BidMonth]) -> FinanceResult {
    let f: &Finance = &p.config.finance;
    let prices_by_year = set_fees(p, months);
    let cash_flow = cash_flow(p, months);
    let payback_month = cash_flow
        .iter()
        .find(|c| c.month >= 1 && c.cumulative >= 0.0)
        .map(|c| c.month);
    let nets: Vec<f64> = cash_flow.iter().map(|c| c.net).collect();
    FinanceResult {
        client_currency: p.currency.clone(),
        discount_rate: f.discount_rate,
        payment_terms_days: f.payment_terms_days,
        payback_month,
        npv: npv(&nets, f.discount_rate),
        irr: irr(&nets),
        cash_flow,
        price_basis: f.price_basis,
        prices_by_year,
        sites_pnl: sites_pnl(p, months),
        volume_bands: f.volume_bands.map(|b| band_revenue(p, months, &b)),
        cost_build_up: cost_build_up(p, months),
    }
}

/// The net present value of month-end flows `nets[t]` at an annual `rate`.
///
/// # Formula
///
/// `NPV = Σ_t net_t ÷ (1 + rate)^(t/12)`
pub fn npv(nets: &[f64], rate: f64) -> f64 {
    nets.iter()
        .enumerate()
        .map(|(t, n)| n / (1.0 + rate).powf(t as f64 / 12.0))
        .sum()
}

/// The annual internal rate of return of month-end flows: the rate where [`npv`] is 0, by
/// bisection on (−99 %, 10,000 %); `None` when the NPV has the same sign at both ends (flows
/// that never change sign).
pub fn irr(nets: &[f64]) -> Option<f64> {
    let (mut lo, mut hi) = (-0.99, 100.0);
    let (f_lo, f_hi) = (npv(nets, lo), npv(nets, hi));
    if !(f_lo.is_finite() && f_hi.is_finite()) || f_lo.signum() == f_hi.signum() {
        return None;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if npv(nets, mid).signum() == f_lo.signum() {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(0.5 * (lo + hi))
}

/// The months after an invoice its payment lands in (month-end flows): ⌈days ÷ 30.4375⌉.
pub fn payment_lag_months(days: u32) -> usize {
    (f64::from(days) / DAYS_PER_MONTH - 1e-9).ceil().max(0.0) as usize
}

/// Sets each month's fee at its year's price and returns the prices by year.
///
/// # Formula
///
/// Level: `p = revenue ÷ Σ handled`. Yearly: year y's revenue is `(cost_y + transition ×
/// handled_y ÷ handled) × revenue ÷ total cost` — the same markup on each year's own cost — so
/// the years add up to the level revenue.
fn set_fees(p: &Priced, months: &mut [BidMonth]) -> Vec<YearPrice> {
    let handled: f64 = months.iter().map(|m| m.handled).sum::<f64>().max(1e-9);
    let transition = p.hiring.transition_cost;
    let markup = p.revenue / p.total_cost.max(1e-9);
    let years = months.len().div_ceil(12);
    (0..years)
        .map(|y| {
            let span = y * 12..((y + 1) * 12).min(months.len());
            let year = &months[span.clone()];
            let sum = |f: &dyn Fn(&BidMonth) -> f64| year.iter().map(f).sum::<f64>();
            let h = sum(&|m| m.handled);
            let cost = sum(&|m| m.cost) + transition * h / handled;
            let revenue = match p.config.finance.price_basis {
                PriceBasis::Level => p.revenue * h / handled,
                PriceBasis::Yearly => cost * markup,
            };
            let price = revenue / h.max(1e-9);
            let row = YearPrice {
                year: y as u32 + 1,
                months: year.len() as u32,
                cost,
                revenue,
                price_per_contact: price,
                price_per_fte_month: revenue / sum(&|m| m.required_fte).max(1e-9),
                price_per_minute: revenue / sum(&|m| m.handled_minutes).max(1e-9),
            };
            for m in &mut months[span] {
                m.fee = m.handled * price;
            }
            row
        })
        .collect()
}

/// The cash flow: the transition's costs in month 0; each month's costs in it and its invoice
/// (fee less its share of the expected credits, plus its share of the expected gain-share, by
/// fee) received [`payment_lag_months`] later; months past the term while receipts come in.
fn cash_flow(p: &Priced, months: &[BidMonth]) -> Vec<CashMonth> {
    let lag = payment_lag_months(p.config.finance.payment_terms_days);
    let fees: f64 = months.iter().map(|m| m.fee).sum::<f64>().max(1e-9);
    let invoiced: Vec<f64> = months
        .iter()
        .map(|m| m.fee - (p.expected_sla_credits - p.expected_gain_share) * m.fee / fees)
        .collect();
    let last = months.len() + lag;
    let mut cumulative = 0.0;
    (0..=last)
        .map(|t| {
            let (label, costs) = match t {
                0 => ("transition".to_string(), p.hiring.transition_cost),
                t if t <= months.len() => (months[t - 1].label.clone(), months[t - 1].cost),
                t => (super::hiring::month_label(p.config, t as i64 - 1), 0.0),
            };
            let revenue_invoiced = if (1..=months.len()).contains(&t) {
                invoiced[t - 1]
            } else {
                0.0
            };
            let revenue_received = t
                .checked_sub(lag)
                .filter(|&m| (1..=months.len()).contains(&m))
                .map_or(0.0, |m| invoiced[m - 1]);
            let net = revenue_received - costs;
            cumulative += net;
            CashMonth {
                month: t as u32,
                label,
                costs,
                revenue_invoiced,
                revenue_received,
                net,
                cumulative,
            }
        })
        .collect()
}

/// Each site's P&L: its revenue by its share of the contacts; its own costs (wages, recruiting,
/// trainers, its cost lines) and the shared ones (overheads, lines for every site, the bench
/// released) by its share of the work; the transition first. The costs add up to the total.
fn sites_pnl(p: &Priced, months: &[BidMonth]) -> Vec<SitePnl> {
    let config = p.config;
    let sites = &p.hiring.sites;
    let lines = &config.finance.cost_lines;
    let mut rows = Vec::new();
    // The transition: each site's own, its one-off and launch-hire lines, the rest shared.
    let own_transition: f64 = sites.iter().map(|s| s.transition_cost).sum();
    let scoped = |s: Option<usize>, k: usize| lines[k].site == s;
    let line_transition = |k: usize| p.hiring.build_up.lines[k].1;
    let shared_transition = p.hiring.transition_cost
        - own_transition
        - (0..lines.len())
            .filter(|&k| lines[k].site.is_some())
            .map(line_transition)
            .sum::<f64>();
    for (i, site) in sites.iter().enumerate() {
        let cost = site.transition_cost
            + (0..lines.len())
                .filter(|&k| scoped(Some(i), k))
                .map(line_transition)
                .sum::<f64>()
            + shared_transition * site.workload_share;
        rows.push(pnl(&site.name, "transition", 0.0, cost));
    }
    for (m, month) in months.iter().enumerate() {
        let own: Vec<f64> = (0..sites.len())
            .map(|i| {
                sites[i].monthly_cost[m]
                    + lines
                        .iter()
                        .filter(|l| l.site == Some(i))
                        .map(|l| super::costs::line_cost(l, month, &p.hiring.sites, m))
                        .sum::<f64>()
            })
            .collect();
        let shared = month.cost - own.iter().sum::<f64>();
        for (i, site) in sites.iter().enumerate() {
            let cost = own[i] + shared * site.workload_share;
            rows.push(pnl(&site.name, &month.label, month.fee * site.share, cost));
        }
    }
    rows
}

fn pnl(site: &str, month: &str, revenue: f64, cost: f64) -> SitePnl {
    SitePnl {
        site: site.to_string(),
        month: month.to_string(),
        revenue,
        cost,
        margin: (revenue > 0.0).then(|| (revenue - cost) / revenue),
    }
}

/// The revenue under volume bands: each simulated term draws every month's volume factor as the
/// risk simulation does ([`monthly_error`]), bills the month at its price under the bands, and
/// sums the term.
fn band_revenue(
    p: &Priced,
    months: &[BidMonth],
    bands: &crate::scenario::VolumeBands,
) -> BandRevenue {
    let r = bands.replications;
    let prices: Vec<f64> = months.iter().map(|m| m.fee / m.handled.max(1e-9)).collect();
    let outcomes: Vec<(f64, u32, u32)> = (0..u64::from(r))
        .into_par_iter()
        .map(|rep| {
            let (mut revenue, mut below, mut above) = (0.0, 0, 0);
            for (m, month) in months.iter().enumerate() {
                let factor = super::monthly_error(p.config, p.seed, m, rep);
                let forecast = month.handled;
                revenue += bands.revenue(prices[m], forecast, forecast * factor);
                below += u32::from(factor < 1.0 - bands.band);
                above += u32::from(factor > 1.0 + bands.band);
            }
            (revenue, below, above)
        })
        .collect();
    let mut revenues: Vec<f64> = outcomes.iter().map(|o| o.0).collect();
    revenues.sort_by(f64::total_cmp);
    let quantile = |q: f64| revenues[((q * f64::from(r)).ceil() as usize).clamp(1, r as usize) - 1];
    let month_count = (months.len() as f64 * f64::from(r)).max(1.0);
    BandRevenue {
        expected_revenue: revenues.iter().sum::<f64>() / f64::from(r),
        revenue_p5: quantile(0.05),
        revenue_p95: quantile(0.95),
        forecast_revenue: months.iter().map(|m| m.fee).sum(),
        share_of_months_below: outcomes.iter().map(|o| f64::from(o.1)).sum::<f64>() / month_count,
        share_of_months_above: outcomes.iter().map(|o| f64::from(o.2)).sum::<f64>() / month_count,
        replications: r,
    }
}

/// The cost build-up: labour by site, the launch team's wages, recruiting, trainers, overheads,
/// each cost line, and the bench released (negative), summing to the total cost.
fn cost_build_up(p: &Priced, months: &[BidMonth]) -> Vec<CostBuildUpLine> {
    let BuildUp {
        transition_wages,
        recruiting,
        trainers,
        bench_released,
        lines,
    } = &p.hiring.build_up;
    let mut out: Vec<CostBuildUpLine> = p
        .hiring
        .sites
        .iter()
        .map(|s| line(&format!("labour: {}", s.name), s.labour_cost))
        .collect();
    out.push(line("transition wages", *transition_wages));
    out.push(line("recruiting", *recruiting));
    out.push(line("trainers", *trainers));
    if p.config.overheads_per_month > 0.0 {
        out.push(line(
            "overheads",
            p.config.overheads_per_month * months.len() as f64,
        ));
    }
    for (l, (term, transition)) in p.config.finance.cost_lines.iter().zip(lines) {
        out.push(line(&l.name, term + transition));
    }
    if *bench_released > 0.0 {
        out.push(line("bench released to other work", -bench_released));
    }
    out
}

fn line(name: &str, cost: f64) -> CostBuildUpLine {
    CostBuildUpLine {
        line: name.to_string(),
        cost,
    }
}
