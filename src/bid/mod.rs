//! Contract sizing and pricing over a term: monthly FTE from Erlang, hiring through training and
//! ramp against attrition, cost by site mix, prices at a margin, and the risk of SLA credits from
//! simulated months with forecast error.
//!
//! The scenario's forecast is the shape of a typical stretch of the contract (its intraday and
//! weekly pattern, handle times, patience, target). Each month of the term is that stretch scaled
//! to the month's volume and planned with Erlang, so economies of scale are kept month by month.

use crate::error::{Error, Result};
use crate::plan::{self, Plan};
use crate::progress::Progress;
use crate::scenario::{BidConfig, Scenario, Staffing};
use crate::sim::{self, SimOptions};
use crate::units::Seconds;

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
    /// New hires starting this month.
    pub hires: f64,
    /// Leavers this month.
    pub leavers: f64,
    /// Headcount on payroll.
    pub headcount: f64,
    /// Paid hours (headcount × paid hours per FTE-month).
    pub paid_hours: f64,
    /// Labour cost at the blended site rate.
    pub labour_cost: f64,
    /// Labour cost plus overheads.
    pub cost: f64,
    /// The month's fee at the per-contact price.
    pub fee: f64,
    /// Probability that the month's simulated service level misses the target.
    pub p_miss_sla: f64,
}

/// The whole bid.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BidResult {
    /// The months of the term.
    pub months: Vec<BidMonth>,
    /// Hires before the first month (the launch team) and what training them costs.
    pub launch_hires: f64,
    /// Cost of paying the launch team before go-live.
    pub transition_cost: f64,
    /// Recruiting must start this many months before month 1: time to full productivity plus the
    /// hiring lead time.
    pub recruit_months_before_start: u32,
    /// Σ monthly cost + transition cost.
    pub total_cost: f64,
    /// Target margin on price.
    pub margin: f64,
    /// Revenue that earns the margin: total cost ÷ (1 − margin).
    pub revenue: f64,
    /// Revenue ÷ Σ required FTE-months.
    pub price_per_fte_month: f64,
    /// Revenue ÷ Σ handled contacts.
    pub price_per_contact: f64,
    /// Revenue ÷ Σ handled minutes.
    pub price_per_minute: f64,
    /// Hybrid model: fixed fee per month …
    pub hybrid_base_per_month: f64,
    /// … plus this per handled contact.
    pub hybrid_per_contact: f64,
    /// Loaded cost per paid hour, weighted by the site mix.
    pub blended_hourly_cost: f64,
    /// Mean over months of the probability of missing the monthly SLA.
    pub p_miss_sla: f64,
    /// Expected credits over the term (capped).
    pub expected_sla_credits: f64,
    /// Staffing × this (on the Erlang requirement) keeps every month's P(miss) within the bound.
    pub staffing_uplift_for_bound: Option<f64>,
    /// Σ required FTE-months at that uplift ÷ months: the average FTE to staff.
    pub fte_at_bound: Option<f64>,
    /// The bound asked.
    pub max_p_miss: f64,
    /// Currency of the money fields.
    pub currency: String,
}

/// Productivity in each month of tenure k = 0, 1, 2, … (training, then the ramp, then 1).
///
/// # Formula
///
/// `p_k = ∫_k^{k+1} q(t) dt`, where `q(t) = 0` during training (`t < weeks / (52/12)`), then
/// `ramp[j]` in the j-th month after training, then 1.
pub fn productivity(training_weeks: f64, ramp: &[f64], months: usize) -> Vec<f64> {
    let training = training_weeks * 12.0 / 52.0;
    let q = |t: f64| {
        if t < training {
            0.0
        } else {
            ramp.get(((t - training).floor()) as usize)
                .copied()
                .unwrap_or(1.0)
        }
    };
    const STEPS: usize = 400;
    (0..months)
        .map(|k| {
            (0..STEPS)
                .map(|s| q(k as f64 + (s as f64 + 0.5) / STEPS as f64))
                .sum::<f64>()
                / STEPS as f64
        })
        .collect()
}

/// Staffing uplifts on the riskiest month's Erlang requirement tried, in order, when the bid's
/// own staffing misses the SLA more often than `max_p_miss` allows: fine steps near 1 (where a
/// bid is priced), coarser beyond; past × 1.5 the bid is flagged as having no uplift in range.
const UPLIFTS: [f64; 9] = [1.02, 1.04, 1.06, 1.08, 1.10, 1.15, 1.20, 1.30, 1.50];

/// Replications simulated together in the SLA-risk estimate: memory is bounded by this, not by
/// the replication count.
const REPLICATION_BLOCK: u64 = 4096;

/// Consecutive blocks of at most [`REPLICATION_BLOCK`] replications covering `0..replications`.
fn replication_blocks(replications: u32) -> impl Iterator<Item = std::ops::Range<u64>> {
    let n = u64::from(replications);
    (0..n.div_ceil(REPLICATION_BLOCK))
        .map(move |b| b * REPLICATION_BLOCK..((b + 1) * REPLICATION_BLOCK).min(n))
}

/// Sizes and prices the bid in `scenario`'s `[bid]`. The SLA risk is simulated with `options`
/// (callers pass `[bid] replications` unless the user overrides them).
pub fn bid(scenario: &Scenario, options: SimOptions, progress: &dyn Progress) -> Result<BidResult> {
    let config = scenario
        .bid
        .as_ref()
        .ok_or_else(|| Error::input(scenario.source.display(), "no [bid] section"))?;
    let shrinkage = config
        .shrinkage
        .unwrap_or(scenario.shrinkage.total.fraction());
    let term = config.term_months as usize;
    let monthly = months(scenario)?;
    let plans: Vec<(&Scenario, &Plan)> = monthly.iter().map(|m| (&m.scenario, &m.plan)).collect();

    let blended_hourly_cost: f64 = config.sites.iter().map(|s| s.hourly_cost * s.share).sum();
    let mut months: Vec<BidMonth> = plans
        .iter()
        .enumerate()
        .map(|(m, (s, p))| {
            let per_month = monthly[m].horizons_per_month;
            let t = &p.totals;
            let required_agent_hours = t.required_agent_hours * per_month;
            let handled = t.answered * per_month;
            let aht = s
                .open_intervals()
                .map(|i| i.aht.get() * i.volume)
                .sum::<f64>()
                / t.offered.max(1e-9);
            BidMonth {
                month: m as u32 + 1,
                label: monthly[m].label.clone(),
                volume: config.monthly_volume[m],
                handled,
                handled_minutes: handled * aht / 60.0,
                required_agent_hours,
                required_fte: required_agent_hours / (1.0 - shrinkage) / config.hours_per_fte_month,
                effective_fte: 0.0,
                hires: 0.0,
                leavers: 0.0,
                headcount: 0.0,
                paid_hours: 0.0,
                labour_cost: 0.0,
                cost: 0.0,
                fee: 0.0,
                p_miss_sla: 0.0,
            }
        })
        .collect();

    let (launch_hires, transition_cost) = hire(config, &mut months, blended_hourly_cost);
    let monthly_cost: f64 = months.iter().map(|m| m.cost).sum();
    let total_cost = monthly_cost + transition_cost;
    let revenue = total_cost / (1.0 - config.margin);
    let fte_months: f64 = months.iter().map(|m| m.required_fte).sum();
    let handled: f64 = months.iter().map(|m| m.handled).sum();
    let minutes: f64 = months.iter().map(|m| m.handled_minutes).sum();
    let price_per_contact = revenue / handled.max(1e-9);
    for month in &mut months {
        month.fee = month.handled * price_per_contact;
    }

    // SLA risk: simulate each month at the Erlang staffing, with forecast error, in blocks of
    // replications; each replication's credits over the term are capped before averaging.
    let volume_cv = config.volume_cv.unwrap_or(scenario.simulation.volume_cv);
    if options.replications == 0 {
        return Err(Error::invalid("replications", 0, "at least 1"));
    }
    let misses = |s: &Scenario, p: &Plan, uplift: f64, block: std::ops::Range<u64>| {
        misses(s, p, uplift, volume_cv, options, block, progress)
    };
    let cap = config.sla_credit_cap * revenue;
    let mut months_missed = vec![0u64; term];
    let mut capped_credits = 0.0;
    for block in replication_blocks(options.replications) {
        let mut credit = vec![0.0; (block.end - block.start) as usize];
        for ((month, missed), &(s, p)) in months.iter().zip(&mut months_missed).zip(&plans) {
            for (credit, miss) in credit.iter_mut().zip(misses(s, p, 1.0, block.clone())?) {
                if miss {
                    *credit += config.sla_credit * month.fee;
                    *missed += 1;
                }
            }
        }
        capped_credits += credit.iter().map(|c| c.min(cap)).sum::<f64>();
    }
    let replications = f64::from(options.replications);
    for (month, missed) in months.iter_mut().zip(&months_missed) {
        month.p_miss_sla = *missed as f64 / replications;
    }
    let expected_sla_credits = capped_credits / replications;
    let p_miss_sla = months.iter().map(|m| m.p_miss_sla).sum::<f64>() / term as f64;

    // The uplift that keeps the riskiest month within the bound, searched on that month.
    let riskiest = (0..term)
        .max_by(|&a, &b| {
            months[a]
                .p_miss_sla
                .total_cmp(&months[b].p_miss_sla)
                .then(months[a].volume.total_cmp(&months[b].volume))
        })
        .unwrap_or(0);
    let mut staffing_uplift_for_bound = None;
    if months[riskiest].p_miss_sla <= config.max_p_miss {
        staffing_uplift_for_bound = Some(1.0);
    } else {
        let (s, p) = plans[riskiest];
        for uplift in UPLIFTS {
            let mut missed = 0u64;
            for block in replication_blocks(options.replications) {
                missed += misses(s, p, uplift, block)?
                    .into_iter()
                    .filter(|m| *m)
                    .count() as u64;
            }
            if missed as f64 / replications <= config.max_p_miss {
                staffing_uplift_for_bound = Some(uplift);
                break;
            }
        }
    }
    Ok(BidResult {
        launch_hires,
        transition_cost,
        recruit_months_before_start: (months_to_full_productivity(config)
            + config.hiring_lead_months as usize) as u32,
        total_cost,
        margin: config.margin,
        revenue,
        price_per_fte_month: revenue / fte_months.max(1e-9),
        price_per_contact,
        price_per_minute: revenue / minutes.max(1e-9),
        hybrid_base_per_month: config.hybrid_base_share * revenue / term as f64,
        hybrid_per_contact: (1.0 - config.hybrid_base_share) * revenue / handled.max(1e-9),
        blended_hourly_cost,
        p_miss_sla,
        expected_sla_credits,
        fte_at_bound: staffing_uplift_for_bound.map(|u| u * fte_months / term as f64),
        staffing_uplift_for_bound,
        max_p_miss: config.max_p_miss,
        currency: scenario.cost.currency.clone(),
        months,
    })
}

/// Whether each simulated replication in `replications` of a month misses the target, with the
/// month staffed at `uplift` × its Erlang requirement and daily forecast error of `volume_cv`.
pub fn misses(
    month: &Scenario,
    plan: &Plan,
    uplift: f64,
    volume_cv: f64,
    options: SimOptions,
    replications: std::ops::Range<u64>,
    progress: &dyn Progress,
) -> Result<Vec<bool>> {
    let mut s = month.clone();
    s.simulation.volume_cv = volume_cv;
    let target = s.target.service.service_level();
    let agents: Vec<u32> = plan
        .intervals
        .iter()
        .map(|i| (f64::from(i.required_agents) * uplift).ceil() as u32)
        .collect();
    Ok(
        sim::replication_service_levels(&s, &agents, options, replications, progress)?
            .into_iter()
            .map(|sl| sl.is_some_and(|sl| sl < target))
            .collect(),
    )
}

/// One month of the term: the scenario scaled to the month's volume, and its Erlang plan.
#[derive(Debug, Clone)]
pub struct MonthPlan {
    /// `2027-01`, or `M1` without a start date.
    pub label: String,
    /// How many scenario horizons make up the month (days in the month ÷ days in the horizon):
    /// the plan's hours times this are the month's hours.
    pub horizons_per_month: f64,
    /// The scenario scaled to the month's volume.
    pub scenario: Scenario,
    /// Its Erlang plan.
    pub plan: Plan,
}

/// Each month of the term as the scenario scaled to the month's volume, with its Erlang plan.
pub fn months(scenario: &Scenario) -> Result<Vec<MonthPlan>> {
    let config = scenario
        .bid
        .as_ref()
        .ok_or_else(|| Error::input(scenario.source.display(), "no [bid] section"))?;
    let horizon_days = scenario.intervals.len() as f64 * scenario.interval.hours() / 24.0;
    let base_volume: f64 = scenario.open_intervals().map(|i| i.volume).sum();
    if base_volume <= 0.0 {
        return Err(Error::input(
            scenario.source.display(),
            "the forecast has no volume to scale into months",
        ));
    }
    (0..config.term_months as usize)
        .map(|m| {
            let (label, days) = match config.start {
                Some(start) => match start
                    .first_of_month()
                    .checked_add(jiff::Span::new().months(m as i64))
                {
                    Ok(d) => (
                        d.strftime("%Y-%m").to_string(),
                        f64::from(d.days_in_month()),
                    ),
                    Err(_) => (format!("M{}", m + 1), 365.25 / 12.0),
                },
                None => (format!("M{}", m + 1), 365.25 / 12.0),
            };
            let scale = config.monthly_volume[m] / (base_volume * days / horizon_days);
            let month = scaled(scenario, scale, config.aht);
            let plan = plan::plan(&month)?;
            Ok(MonthPlan {
                label,
                horizons_per_month: days / horizon_days,
                scenario: month,
                plan,
            })
        })
        .collect()
}

/// The scenario with every volume × `scale`, and every AHT rescaled so the open-interval mean is
/// `aht` (when given).
fn scaled(scenario: &Scenario, scale: f64, aht: Option<Seconds>) -> Scenario {
    let mut s = scenario.clone();
    let volume: f64 = s.open_intervals().map(|i| i.volume).sum();
    let mean_aht = s
        .open_intervals()
        .map(|i| i.aht.get() * i.volume)
        .sum::<f64>()
        / volume.max(1e-9);
    let aht_factor = aht.map_or(1.0, |a| a.get() / mean_aht.max(1e-9));
    for i in &mut s.intervals {
        i.volume *= scale;
        i.aht = Seconds(i.aht.get() * aht_factor);
    }
    if s.staffing.is_given() {
        // A bid staffs to the requirement: agents given for the scenario would not scale with
        // the volume.
        s.staffing = match s.patience.mean() {
            Some(_) => Staffing::ErlangA,
            None => Staffing::ErlangC,
        };
        for i in &mut s.intervals {
            i.given_agents = None;
        }
    }
    s
}

/// Months from a hire's first day to full productivity: ⌈training + ramp⌉.
pub fn months_to_full_productivity(config: &BidConfig) -> usize {
    (config.training_weeks * 12.0 / 52.0 + config.ramp.len() as f64).ceil() as usize
}

/// Hires month by month so effective FTE covers the requirement; fills hires, leavers, headcount,
/// paid hours and cost. Returns the launch team (hired before month 1) and its pre-start cost.
///
/// A hire is timed to be fully productive (trained and ramped) in the month that needs them:
/// `⌈training + ramp⌉` months ahead, partly productive before. The launch team is hired that far
/// ahead of month 1 and paid through training as the transition cost.
fn hire(config: &BidConfig, months: &mut [BidMonth], rate: f64) -> (f64, f64) {
    let term = months.len();
    let full_months = months_to_full_productivity(config);
    // Cohorts indexed by start month: index 0 is `full_months` before month 1.
    let offset = full_months;
    let span = term + offset + 1;
    let p = productivity(config.training_weeks, &config.ramp, span);
    let keep = 1.0 - config.attrition;
    let mut cohorts = vec![0.0; span];
    let at = |cohorts: &[f64], t: usize, f: &dyn Fn(usize) -> f64| -> f64 {
        (0..=t)
            .map(|h| cohorts[h] * keep.powi((t - h) as i32) * f(t - h))
            .sum()
    };
    for (m, month) in months.iter().enumerate() {
        let t = m + offset; // cohort index of this month
        let effective = at(&cohorts, t, &|k| p[k]);
        let short = month.required_fte - effective;
        if short > 1e-9 {
            let h = t - full_months;
            let per_hire = keep.powi((t - h) as i32) * p[t - h];
            let per_hire = if per_hire > 1e-9 { per_hire } else { 1.0 };
            cohorts[h] += short / per_hire;
        }
    }
    let headcount = |t: usize| at(&cohorts, t, &|_| 1.0);
    let launch_hires: f64 = cohorts[..offset].iter().sum();
    let transition_cost: f64 = (0..offset)
        .map(|t| headcount(t) * config.hours_per_fte_month * rate)
        .sum();
    for (m, month) in months.iter_mut().enumerate() {
        let t = m + offset;
        month.effective_fte = at(&cohorts, t, &|k| p[k]);
        month.hires = cohorts[t];
        month.headcount = headcount(t);
        month.leavers = if t > 0 {
            headcount(t - 1) * config.attrition
        } else {
            0.0
        };
        month.paid_hours = month.headcount * config.hours_per_fte_month;
        month.labour_cost = month.paid_hours * rate;
        month.cost = month.labour_cost + config.overheads_per_month;
    }
    (launch_hires, transition_cost)
}

#[cfg(test)]
mod tests {
    use super::*;

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
