//! Contract sizing and pricing over a term: monthly FTE from Erlang, hiring through training and
//! ramp against attrition, cost by site mix, prices at a margin, and the risk of SLA credits from
//! simulated months with forecast error.
//!
//! The scenario's forecast is the shape of a typical stretch of the contract (its intraday and
//! weekly pattern, handle times, patience, target). Each month of the term is that stretch scaled
//! to the month's volume and planned with Erlang, so economies of scale are kept month by month.

mod costs;
mod credits;
pub mod finance;
mod hiring;
mod months;
mod price;
mod result;
pub mod risk;
pub mod sensitivity;
mod shared;
mod term;

use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::scenario::{BidConfig, Scenario};
use crate::sim::SimOptions;

pub use credits::{breaches_first, kpi_value, month_gain_share, replication_credits};
use hiring::*;
pub use hiring::{blended_hourly_cost, blended_hourly_cost_at, productivity, training_months};
pub use months::{MonthPlan, hours_per_fte, months, requirement_months};
use term::{Priced, Search, Term};

pub use result::{
    BidMonth, BidMonthRow, BidResult, BidTotals, SiteResult, TrainingClass, Unadjusted,
};
pub use shared::{UPLIFTS, month_seed, monthly_error};

/// The bid at the plain requirement, priced at the margin alone, for comparison.
fn unadjusted(config: &BidConfig, base: &[BidMonth]) -> Unadjusted {
    let mut months = base.to_vec();
    let hiring = hire(config, &mut months);
    let total_cost = months.iter().map(|m| m.cost).sum::<f64>() + hiring.transition_cost;
    let revenue = total_cost / (1.0 - config.margin);
    let sum = |f: &dyn Fn(&BidMonth) -> f64| months.iter().map(f).sum::<f64>().max(1e-9);
    Unadjusted {
        total_cost,
        revenue,
        price_per_fte_month: revenue / sum(&|m| m.required_fte),
        price_per_contact: revenue / sum(&|m| m.handled),
        price_per_minute: revenue / sum(&|m| m.handled_minutes),
        launch_hires: hiring.launch_hires,
    }
}

/// Sizes and prices the bid in `scenario`'s `[bid]`. The SLA risk is simulated with `options`
/// (callers pass `[bid] replications` unless the user overrides them).
///
/// The outline: plan each month on its calendar with Erlang ([`months()`]); the months at the
/// plain requirement (`months::requirement_months`); the smallest uplift of [`UPLIFTS`] whose
/// hiring plan, simulated month by month at the staffing it puts on the phones, holds the bound
/// (`term::Term::search`, decided by [`risk::run`]); the same bid at the plain requirement
/// for comparison; then the price, so the margin holds after the expected credits (or shows
/// what they take). The result's literal is most of this function's length.
///
/// Over 80 lines: the outline ends in the one literal of [`BidResult`], a field a line.
pub fn bid(scenario: &Scenario, options: SimOptions, progress: &dyn Progress) -> Result<BidResult> {
    if options.replications == 0 {
        return Err(Error::invalid("replications", 0, "at least 1"));
    }
    let (config, monthly, base) = planned_months(scenario)?;
    let term = config.term_months as usize;
    let blended_hourly_cost = blended_hourly_cost(config);
    let simulated = Term::new(scenario, config, &monthly, &base, options, progress);
    let Search {
        staffing_uplift_for_bound,
        uplift,
        priced: Priced {
            mut months,
            hiring,
            tally,
        },
        steps: risk_search,
    } = simulated.search()?;
    let (bound, labels) = (config.max_p_miss, &simulated.labels);
    let (kappa, gamma) = tally.shares_per_replication();
    if staffing_uplift_for_bound.is_none() && kappa <= 0.0 {
        // Nothing holds and no credit prices the misses: a price here would claim a risk it
        // does not carry.
        return Err(price::unpriced_misses(
            scenario, config, &tally, uplift, labels,
        ));
    }
    tally.fill(&mut months);
    let total_cost = months.iter().map(|m| m.cost).sum::<f64>() + hiring.transition_cost;
    let price::Revenue {
        revenue,
        expected_sla_credits,
        expected_gain_share,
    } = price::revenue(scenario, config, total_cost, (kappa, gamma))?;
    let fte_months: f64 = months.iter().map(|m| m.required_fte).sum();
    let handled: f64 = months.iter().map(|m| m.handled).sum();
    let minutes: f64 = months.iter().map(|m| m.handled_minutes).sum();
    let currency = config.client_currency(&scenario.cost.currency);
    let priced = finance::Priced {
        config,
        hiring: &hiring,
        total_cost,
        revenue,
        expected_sla_credits,
        expected_gain_share,
        currency: currency.clone(),
        seed: options.seed,
    };
    let finance = finance::finance(&priced, &mut months);
    let mut result = BidResult {
        classes: hiring.classes,
        launch_hires: hiring.launch_hires,
        launch_classes: hiring.launch_classes,
        transition_cost: hiring.transition_cost,
        recruit_months_before_start: (training_months(config) + config.hiring_lead_months as usize)
            as u32,
        total_cost,
        bench_fte: months.iter().map(|m| m.bench_fte).sum(),
        bench_cost: months.iter().map(|m| m.bench_cost).sum(),
        release: config.release,
        margin: config.margin,
        margin_after_expected_credits: (revenue - total_cost - expected_sla_credits) / revenue,
        expected_margin: (revenue - total_cost - expected_sla_credits + expected_gain_share)
            / revenue,
        expected_gain_share,
        sites: hiring.sites,
        price_risk: config.price_risk,
        revenue,
        cost_per_handled_contact: total_cost / handled.max(1e-9),
        price_per_fte_month: revenue / fte_months.max(1e-9),
        price_per_contact: revenue / handled.max(1e-9),
        price_per_minute: revenue / minutes.max(1e-9),
        price_per_resolved_contact: revenue / (handled * scenario.simulation.fcr).max(1e-9),
        hybrid_base_per_month: config.hybrid_base_share * revenue / term as f64,
        hybrid_per_contact: (1.0 - config.hybrid_base_share) * revenue / handled.max(1e-9),
        blended_hourly_cost,
        p_miss_sla: months.iter().map(|m| m.p_miss_sla).sum::<f64>() / term as f64,
        p_every_month_misses: tally.every_month_missed as f64 / tally.replications as f64,
        risk_replications: tally.replications,
        risk_decided: tally.overall(bound) != risk::Verdict::Undecided,
        risk_search,
        expected_sla_credits,
        fte_at_bound: staffing_uplift_for_bound.map(|_| fte_months / term as f64),
        staffing_uplift_for_bound,
        staffing_uplift: uplift,
        max_p_miss: config.max_p_miss,
        unadjusted: unadjusted(config, &base),
        currency,
        months,
        finance,
        sensitivity: Vec::new(),
    };
    result.sensitivity = sensitivity::sensitivity(scenario, &result)?;
    Ok(result)
}

/// A shard's share of the bid in `scenario` (see [`crate::sim::ledger`]): the months planned
/// as [`bid`] plans them, then every replication of the shard's share simulated at every
/// staffing the risk search could try, recorded in `options.ledger`. The bid is decided and
/// priced at the merge.
pub fn shard(scenario: &Scenario, options: SimOptions, progress: &dyn Progress) -> Result<()> {
    let (config, monthly, base) = planned_months(scenario)?;
    Term::new(scenario, config, &monthly, &base, options, progress).record_every_uplift()
}

/// The `[bid]` of `scenario`, its months planned on their calendars ([`months()`]) and the
/// months at the plain Erlang requirement.
pub(crate) fn planned_months(
    scenario: &Scenario,
) -> Result<(&BidConfig, Vec<MonthPlan>, Vec<BidMonth>)> {
    let config = scenario
        .bid
        .as_ref()
        .ok_or_else(|| Error::input(scenario.source.display(), "no [bid] section"))?;
    let monthly = months(scenario)?;
    let base = requirement_months(scenario, config, &monthly)?;
    Ok((config, monthly, base))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Sla, SlaKpi};
    use crate::sim::Kpis;

    fn kpis(service_level: f64, asa: f64) -> Kpis {
        Kpis {
            offered: 1000.0,
            answered: 980.0,
            service_level: Some(service_level),
            asa: Some(asa),
            abandon_rate: Some(0.02),
            occupancy: Some(0.8),
            p_wait: Some(0.3),
            longest_queue: 10.0,
            backlog: None,
            contacts: None,
            dials: None,
        }
    }

    #[test]
    fn tiered_credits_and_earn_back_check_by_hand_over_three_months() {
        let service = Sla {
            kpi: SlaKpi::ServiceLevel,
            tiers: vec![(0.80, 0.02), (0.75, 0.05)],
            earn_back_months: 1,
        };
        let asa = Sla {
            kpi: SlaKpi::Asa,
            tiers: vec![(30.0, 0.01), (60.0, 0.03)],
            earn_back_months: 0,
        };
        // Month 1: SL 0.78 (first tier, 2 %), ASA 25 s (met). Month 2 meets both, so month 1's
        // credit is earned back. Month 2: SL 0.82, ASA 70 s (second ASA tier, 3 %, no earn-back).
        // Month 3: SL 0.70 (second tier, 5 %): the last month cannot earn back.
        let months = [kpis(0.78, 25.0), kpis(0.82, 70.0), kpis(0.70, 20.0)];
        let credits = replication_credits(&[service.clone(), asa.clone()], &months);
        let expected = [0.0, 0.03, 0.05];
        for (c, e) in credits.iter().zip(expected) {
            assert!((c - e).abs() < 1e-12, "{credits:?}");
        }
        // Without earn-back, month 1 keeps its 2 %.
        let strict = Sla {
            earn_back_months: 0,
            ..service
        };
        let credits = replication_credits(&[strict, asa], &months);
        assert!((credits[0] - 0.02).abs() < 1e-12, "{credits:?}");
    }

    #[test]
    fn productivity_is_zero_in_training_then_ramps_to_one() {
        let p = productivity(52.0 / 12.0 * 2.0, &[0.5, 0.8], 6); // two months of training
        assert!(p[0].abs() < 1e-12 && p[1].abs() < 1e-12);
        assert!((p[2] - 0.5).abs() < 1e-9 && (p[3] - 0.8).abs() < 1e-9);
        assert!((p[4] - 1.0).abs() < 1e-9);
        let none = productivity(0.0, &[], 3);
        assert!(none.iter().all(|x| (x - 1.0).abs() < 1e-12));
    }
}
