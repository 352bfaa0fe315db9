//! Contract sizing and pricing over a term: monthly FTE from Erlang, hiring through training and
//! ramp against attrition, cost by site mix, prices at a margin, and the risk of SLA credits from
//! simulated months with forecast error.
//!
//! The scenario's forecast is the shape of a typical stretch of the contract (its intraday and
//! weekly pattern, handle times, patience, target). Each month of the term is that stretch scaled
//! to the month's volume and planned with Erlang, so economies of scale are kept month by month.

mod credits;
mod hiring;
mod months;
pub mod risk;
mod term;

use crate::error::{Error, Result};
use crate::plan::{self, Plan};
use crate::progress::Progress;
use crate::queueing::outbound::campaign_meets;
use crate::report::format;
use crate::scenario::{BidConfig, PriceRisk, Scenario, Staffing};
use crate::scenario::{Sla, SlaKpi};
use crate::sim::{self, Kpis, SimOptions};
use crate::units::Seconds;
use rayon::prelude::*;
use risk::wilson;

use credits::*;
pub use credits::{month_gain_share, replication_credits};
use hiring::*;
pub use hiring::{productivity, training_months};
use months::*;
pub use months::{MonthPlan, months};
use term::{Search, Term};

/// One month of the term.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BidMonth {
    /// 1-based month of the term.
    pub month: u32,
    /// "2027-01", or "M1" without a start date.
    pub label: String,
    /// Contacts offered.
    pub volume: f64,
    /// Contacts answered (Erlang).
    pub handled: f64,
    /// Handled minutes (answered × AHT).
    pub handled_minutes: f64,
    /// Agent-hours on the phones the Erlang plan requires.
    pub required_agent_hours: f64,
    /// Productive FTE required: required hours ÷ (1 − shrinkage) ÷ paid hours per FTE-month.
    pub required_fte: f64,
    /// Productive FTE available (hires discounted for training and ramp).
    pub effective_fte: f64,
    /// Paid hours of one FTE this month: its working days (Monday to Friday, `[bid.holidays]`
    /// off) × the daily contracted hours, or `hours_per_fte_month` when given.
    pub hours_per_fte: f64,
    /// Productive FTE beyond the requirement (a launch class sized for the ramp, classes
    /// rounded up): max(0, effective − required).
    pub bench_fte: f64,
    /// What the bench costs: bench FTE × hours per FTE × the blended hourly cost (with
    /// `release = "redeploy"`, taken out of the month's cost).
    pub bench_cost: f64,
    /// New hires starting (training) this month, whole people.
    pub hires: u32,
    /// Training classes starting this month.
    pub classes: u32,
    /// Leavers this month, whole people.
    pub leavers: u32,
    /// Headcount on payroll, whole people.
    pub headcount: u32,
    /// Paid hours (headcount × paid hours per FTE-month).
    pub paid_hours: f64,
    /// Labour cost at the blended site rate.
    pub labour_cost: f64,
    /// Labour cost plus overheads, recruiting and trainers.
    pub cost: f64,
    /// The month's fee at the per-contact price.
    pub fee: f64,
    /// Probability that the month's simulated service level misses the target, at the staffing
    /// the hiring plan puts on the phones.
    pub p_miss_sla: f64,
    /// Its 95 % interval (Wilson).
    pub p_miss_sla_ci95: [f64; 2],
}

/// One row of `bid --csv` and `bid-months.csv`: a month, its 95 % interval as two columns.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BidMonthRow {
    /// 1-based month.
    pub month: u32,
    /// Label.
    pub label: String,
    /// Contacts offered.
    pub volume: f64,
    /// Contacts answered.
    pub handled: f64,
    /// Handled minutes.
    pub handled_minutes: f64,
    /// Agent-hours required.
    pub required_agent_hours: f64,
    /// Productive FTE required.
    pub required_fte: f64,
    /// Productive FTE available.
    pub effective_fte: f64,
    /// Paid hours of one FTE this month.
    pub hours_per_fte: f64,
    /// Productive FTE beyond the requirement.
    pub bench_fte: f64,
    /// The bench's cost.
    pub bench_cost: f64,
    /// Hires.
    pub hires: u32,
    /// Classes starting.
    pub classes: u32,
    /// Leavers.
    pub leavers: u32,
    /// Headcount.
    pub headcount: u32,
    /// Paid hours.
    pub paid_hours: f64,
    /// Labour cost.
    pub labour_cost: f64,
    /// Cost.
    pub cost: f64,
    /// Fee.
    pub fee: f64,
    /// P(miss SLA).
    pub p_miss_sla: f64,
    /// Its 95 % interval, low end.
    pub p_miss_sla_lo: f64,
    /// Its 95 % interval, high end.
    pub p_miss_sla_hi: f64,
}

impl BidResult {
    /// The first month of the highest P(miss): the one the risk bound was decided on.
    pub fn riskiest_month(&self) -> &BidMonth {
        self.months.iter().fold(&self.months[0], |worst, m| {
            if m.p_miss_sla > worst.p_miss_sla {
                m
            } else {
                worst
            }
        })
    }

    /// The months as CSV rows.
    pub fn month_rows(&self) -> Vec<BidMonthRow> {
        self.months
            .iter()
            .map(|m| BidMonthRow {
                month: m.month,
                label: m.label.clone(),
                volume: m.volume,
                handled: m.handled,
                handled_minutes: m.handled_minutes,
                required_agent_hours: m.required_agent_hours,
                required_fte: m.required_fte,
                effective_fte: m.effective_fte,
                hours_per_fte: m.hours_per_fte,
                bench_fte: m.bench_fte,
                bench_cost: m.bench_cost,
                hires: m.hires,
                classes: m.classes,
                leavers: m.leavers,
                headcount: m.headcount,
                paid_hours: m.paid_hours,
                labour_cost: m.labour_cost,
                cost: m.cost,
                fee: m.fee,
                p_miss_sla: m.p_miss_sla,
                p_miss_sla_lo: m.p_miss_sla_ci95[0],
                p_miss_sla_hi: m.p_miss_sla_ci95[1],
            })
            .collect()
    }
}

/// A training class.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TrainingClass {
    /// The month it starts: "2026-12", or "M0", "M-1" … before month 1 without a start date.
    pub start: String,
    /// The site it trains for.
    pub site: String,
    /// People in it.
    pub size: u32,
}

/// One site's part of the bid over the term.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SiteResult {
    /// The site.
    pub name: String,
    /// Its share of the contacts.
    pub share: f64,
    /// Its share of the work: share × AHT multiplier, normalised.
    pub workload_share: f64,
    /// Handle time there × this.
    pub aht_multiplier: f64,
    /// Monthly attrition of tenured staff.
    pub attrition: f64,
    /// Monthly attrition in a hire's first months.
    pub new_hire_attrition: f64,
    /// Loaded cost per paid hour.
    pub hourly_cost: f64,
    /// Σ productive FTE-months it must cover.
    pub required_fte_months: f64,
    /// Of its hires, the launch team.
    pub launch_hires: u32,
    /// Hires over the term, launch team included.
    pub hires: u32,
    /// Leavers over the term.
    pub leavers: u32,
    /// Paid hours over the term (after go-live).
    pub paid_hours: f64,
    /// Their cost.
    pub labour_cost: f64,
    /// The launch team's wages, recruiting and trainers before go-live.
    pub transition_cost: f64,
}

/// The bid's figures at the plain Erlang requirement (uplift 1, no risk priced), to compare.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Unadjusted {
    /// Σ monthly cost + transition.
    pub total_cost: f64,
    /// Total cost ÷ (1 − margin).
    pub revenue: f64,
    /// Revenue ÷ Σ required FTE-months.
    pub price_per_fte_month: f64,
    /// Revenue ÷ Σ handled contacts.
    pub price_per_contact: f64,
    /// Revenue ÷ Σ handled minutes.
    pub price_per_minute: f64,
    /// Launch hires.
    pub launch_hires: u32,
}

/// The whole bid.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BidResult {
    /// The months of the term.
    pub months: Vec<BidMonth>,
    /// The training classes of the term, launch classes first.
    pub classes: Vec<TrainingClass>,
    /// Hires before the first month (the launch team, in training until go-live).
    pub launch_hires: u32,
    /// The classes they train in.
    pub launch_classes: u32,
    /// Cost of paying the launch team before go-live.
    pub transition_cost: f64,
    /// Recruiting must start this many months before month 1: time to full productivity plus the
    /// hiring lead time.
    pub recruit_months_before_start: u32,
    /// Σ monthly cost + transition cost.
    pub total_cost: f64,
    /// Σ over the months of the bench: FTE-months beyond the requirement.
    pub bench_fte: f64,
    /// Σ over the months of the bench's cost (paid with `release = "attrition"`, out of the cost
    /// base with `"redeploy"`).
    pub bench_cost: f64,
    /// What becomes of the bench.
    pub release: crate::scenario::Release,
    /// Target margin on price.
    pub margin: f64,
    /// What is left after expected SLA credits: (revenue − total cost − expected credits) ÷
    /// revenue.
    pub margin_after_expected_credits: f64,
    /// Expected net gain-share over the term: bonuses less maluses (negative: a net malus).
    pub expected_gain_share: f64,
    /// What is left after expected credits and gain-share: (revenue − total cost − expected
    /// credits + expected gain-share) ÷ revenue; the target margin when risk is included.
    pub expected_margin: f64,
    /// Each site's share of the work, hires, hours and cost.
    pub sites: Vec<SiteResult>,
    /// "include": the price keeps the target margin after expected credits and gain-share;
    /// "show": the price earns the target margin before them.
    pub price_risk: PriceRisk,
    /// Revenue: total cost ÷ (1 − margin − κ + γ) when risk is included (κ expected credits and
    /// γ expected gain-share per unit revenue), total cost ÷ (1 − margin) when shown.
    pub revenue: f64,
    /// Total cost ÷ Σ handled contacts.
    pub cost_per_handled_contact: f64,
    /// Revenue ÷ Σ required FTE-months.
    pub price_per_fte_month: f64,
    /// Revenue ÷ Σ handled contacts.
    pub price_per_contact: f64,
    /// Revenue ÷ Σ handled minutes.
    pub price_per_minute: f64,
    /// Outcome-based: revenue ÷ Σ resolved contacts (handled × `[simulation] fcr`, the share
    /// resolved at first contact).
    pub price_per_resolved_contact: f64,
    /// Hybrid model: fixed fee per month …
    pub hybrid_base_per_month: f64,
    /// … plus this per handled contact.
    pub hybrid_per_contact: f64,
    /// Loaded cost per paid hour, weighted by each site's share of the work.
    pub blended_hourly_cost: f64,
    /// Mean over months of the probability of missing the monthly SLA.
    pub p_miss_sla: f64,
    /// The probability that every month of the term misses together (forecast errors correlated
    /// across months raise it).
    pub p_every_month_misses: f64,
    /// Expected credits over the term (capped).
    pub expected_sla_credits: f64,
    /// The staffing × the Erlang requirement the bid is priced at: the smallest of × 0.80 …
    /// × 2.00 whose hiring plan keeps every month's simulated P(miss) within the bound (a binary
    /// search over the grid, so both ways from × 1; see [`risk`]); `None` when even × 2.00 does
    /// not, and the bid is priced there with the credits it expects.
    pub staffing_uplift_for_bound: Option<f64>,
    /// Σ required FTE-months at that uplift ÷ months: the average FTE to staff.
    pub fte_at_bound: Option<f64>,
    /// The bound asked.
    pub max_p_miss: f64,
    /// Replications behind every month's P(miss) (the run stops once every month is decided
    /// against the bound, at most `[bid] replications`).
    pub risk_replications: u64,
    /// Whether every month's P(miss) is decided against the bound; `false` when the replication
    /// cap came first and some month's 95 % interval still straddles it.
    pub risk_decided: bool,
    /// Every staffing the risk search tried, in the order tried; the accepted one's figures are
    /// the months' P(miss).
    pub risk_search: Vec<risk::RiskStep>,
    /// The same bid at the plain requirement.
    pub unadjusted: Unadjusted,
    /// Currency of the money fields.
    pub currency: String,
}

/// Staffing uplifts on the Erlang requirement the risk search chooses from, ascending: a bid may
/// be priced below the requirement when the requirement is more than the risk bound needs.
pub const UPLIFTS: [f64; 16] = [
    0.80, 0.85, 0.90, 0.95, 1.00, 1.02, 1.04, 1.06, 1.08, 1.10, 1.15, 1.20, 1.30, 1.50, 1.75, 2.00,
];

/// A staffing uplift worked through: the months hired for it, the hiring, and its simulated risk.
#[derive(Clone)]
struct Priced {
    months: Vec<BidMonth>,
    hiring: Hiring,
    tally: risk::Tally,
}

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

/// Agents on the phones per interval when the hiring plan staffs `ratio` × the month's Erlang
/// requirement (productive FTE ÷ required FTE at the plain requirement), to the nearest agent.
fn on_the_phones(plan: &Plan, ratio: f64) -> Vec<u32> {
    plan.intervals
        .iter()
        .map(|i| (f64::from(i.required_agents) * ratio).round().max(0.0) as u32)
        .collect()
}

/// The seed of month `m`'s replications: months draw independent streams (one seed for every
/// month would correlate their misses and understate capped credits), and every staffing tried
/// for one month sees the same stream (common random numbers).
fn month_seed(seed: u64, month: usize) -> u64 {
    sim::rng::seed_of(seed, sim::rng::Domain::BidMonth, month as u64)
}

/// Replication `r`'s volume factor for month `m`: lognormal with mean 1 and cv `monthly_cv`,
/// from `Z = √ρ · Z_r + √(1 − ρ) · Z_{r,m}` — a term-wide normal shared by every month of the
/// replication and one of the month's own, mixed by `month_correlation` ρ.
///
/// # Formula
///
/// `σ² = ln(1 + cv²)`, factor `= exp(σ Z − σ²/2)`.
fn monthly_error(config: &BidConfig, seed: u64, month: usize, replication: u64) -> f64 {
    use rand_distr::{Distribution, StandardNormal};
    let rho = config.month_correlation;
    use sim::rng::{Domain, stream};
    let mut shared = stream(seed, Domain::TermVolume, replication);
    let mut own = stream(month_seed(seed, month), Domain::MonthVolume, replication);
    let z_shared: f64 = StandardNormal.sample(&mut shared);
    let z_own: f64 = StandardNormal.sample(&mut own);
    let z = rho.sqrt() * z_shared + (1.0 - rho).sqrt() * z_own;
    let sigma2 = (1.0 + config.monthly_cv * config.monthly_cv).ln();
    (sigma2.sqrt() * z - sigma2 / 2.0).exp()
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
pub fn bid(scenario: &Scenario, options: SimOptions, progress: &dyn Progress) -> Result<BidResult> {
    let config = scenario
        .bid
        .as_ref()
        .ok_or_else(|| Error::input(scenario.source.display(), "no [bid] section"))?;
    if options.replications == 0 {
        return Err(Error::invalid("replications", 0, "at least 1"));
    }
    let term = config.term_months as usize;
    let monthly = months(scenario)?;
    let blended_hourly_cost = blended_hourly_cost(config);
    let base = requirement_months(scenario, config, &monthly)?;
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
    let kappa = tally.credit_shares / tally.replications as f64;
    let gamma = tally.gain_shares / tally.replications as f64;
    if staffing_uplift_for_bound.is_none() && kappa <= 0.0 {
        // Nothing holds and no credit prices the misses: a price here would claim a risk it
        // does not carry.
        let worst = tally.worst_month();
        return Err(Error::input(
            format!("{}: [bid] max_p_miss", scenario.source.display()),
            format!(
                "no staffing up to × {uplift:.2} of the Erlang requirement keeps P(miss) ≤ {} in every month: {} misses in {} ({} replications) at × {uplift:.2}, and no SLA credit prices the misses; add [[bid.sla]] credits (or [bid] sla_credit), raise max_p_miss, or check the target and patience",
                format::percent(bound, 0),
                labels[worst],
                format::percent_ci(
                    tally.p_miss(worst),
                    Some(wilson(tally.missed[worst], tally.replications)),
                    1
                ),
                tally.replications,
            ),
        ));
    }
    let unadjusted_months = unadjusted(config, &base);
    let every_month_missed = tally.every_month_missed;
    for (m, month) in months.iter_mut().enumerate() {
        month.p_miss_sla = tally.p_miss(m);
        month.p_miss_sla_ci95 = wilson(tally.missed[m], tally.replications);
    }
    let monthly_cost: f64 = months.iter().map(|m| m.cost).sum();
    let total_cost = monthly_cost + hiring.transition_cost;
    let denominator = match config.price_risk {
        PriceRisk::Include => 1.0 - config.margin - kappa + gamma,
        PriceRisk::Show => 1.0 - config.margin,
    };
    if denominator <= 0.01 {
        return Err(Error::input(
            format!("{}: [bid] margin", scenario.source.display()),
            format!(
                "a {:.0} % margin plus expected SLA credits and gain-share malus of {:.1} % of revenue leave nothing to price: lower the margin or the credits, or staff up",
                config.margin * 100.0,
                (kappa - gamma) * 100.0
            ),
        ));
    }
    let revenue = total_cost / denominator;
    let expected_sla_credits = kappa * revenue;
    let expected_gain_share = gamma * revenue;
    let fte_months: f64 = months.iter().map(|m| m.required_fte).sum();
    let handled: f64 = months.iter().map(|m| m.handled).sum();
    let minutes: f64 = months.iter().map(|m| m.handled_minutes).sum();
    let price_per_contact = revenue / handled.max(1e-9);
    for month in &mut months {
        month.fee = month.handled * price_per_contact;
    }
    let p_miss_sla = months.iter().map(|m| m.p_miss_sla).sum::<f64>() / term as f64;
    Ok(BidResult {
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
        price_per_contact,
        price_per_minute: revenue / minutes.max(1e-9),
        price_per_resolved_contact: revenue / (handled * scenario.simulation.fcr).max(1e-9),
        hybrid_base_per_month: config.hybrid_base_share * revenue / term as f64,
        hybrid_per_contact: (1.0 - config.hybrid_base_share) * revenue / handled.max(1e-9),
        blended_hourly_cost,
        p_miss_sla,
        p_every_month_misses: every_month_missed as f64 / tally.replications as f64,
        risk_replications: tally.replications,
        risk_decided: tally.overall(bound) != risk::Verdict::Undecided,
        risk_search,
        expected_sla_credits,
        fte_at_bound: staffing_uplift_for_bound.map(|_| fte_months / term as f64),
        staffing_uplift_for_bound,
        max_p_miss: config.max_p_miss,
        unadjusted: unadjusted_months,
        currency: scenario.cost.currency.clone(),
        months,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
