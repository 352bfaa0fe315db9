//! Contract sizing and pricing over a term: monthly FTE from Erlang, hiring through training and
//! ramp against attrition, cost by site mix, prices at a margin, and the risk of SLA credits from
//! simulated months with forecast error.
//!
//! The scenario's forecast is the shape of a typical stretch of the contract (its intraday and
//! weekly pattern, handle times, patience, target). Each month of the term is that stretch scaled
//! to the month's volume and planned with Erlang, so economies of scale are kept month by month.

pub mod risk;

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
/// The outline: plan each month with Erlang; find the staffing uplift the risk bound needs (on
/// the riskiest month, both ways from × 1); hire whole people in classes for that staffing;
/// simulate every month at the staffing the hiring plan actually puts on the phones, each month
/// on its own random stream; price so the margin holds after the expected credits (or show
/// what they take).
pub fn bid(scenario: &Scenario, options: SimOptions, progress: &dyn Progress) -> Result<BidResult> {
    let config = scenario
        .bid
        .as_ref()
        .ok_or_else(|| Error::input(scenario.source.display(), "no [bid] section"))?;
    if options.replications == 0 {
        return Err(Error::invalid("replications", 0, "at least 1"));
    }
    let shrinkage = config
        .shrinkage
        .unwrap_or(scenario.shrinkage.total.fraction());
    let term = config.term_months as usize;
    let monthly = months(scenario)?;
    let blended_hourly_cost = blended_hourly_cost(config);
    let base: Vec<BidMonth> = monthly
        .iter()
        .enumerate()
        .map(|(m, month)| {
            let (s, p) = (&month.scenario, &month.plan);
            let per_month = month.horizons_per_month;
            let t = &p.totals;
            let required_agent_hours = t.required_agent_hours * per_month;
            let handled = t.answered * per_month;
            let aht = s
                .open_intervals()
                .map(|i| i.aht.get() * i.volume)
                .sum::<f64>()
                / t.offered.max(1e-9);
            let hours_per_fte = hours_per_fte(config, scenario, m);
            BidMonth {
                month: m as u32 + 1,
                label: month.label.clone(),
                volume: config.monthly_volume[m],
                handled,
                handled_minutes: handled * aht / 60.0,
                required_agent_hours,
                required_fte: required_agent_hours / (1.0 - shrinkage) / hours_per_fte,
                effective_fte: 0.0,
                hours_per_fte,
                bench_fte: 0.0,
                bench_cost: 0.0,
                hires: 0,
                classes: 0,
                leavers: 0,
                headcount: 0,
                paid_hours: 0.0,
                labour_cost: 0.0,
                cost: 0.0,
                fee: 0.0,
                p_miss_sla: 0.0,
                p_miss_sla_ci95: [0.0, 1.0],
            }
        })
        .collect();

    let handled_over_term: f64 = base.iter().map(|m| m.handled).sum();
    if handled_over_term < 1.0 {
        return Err(Error::input(
            format!("{}: [bid] monthly_volume", scenario.source.display()),
            format!(
                "the term handles {handled_over_term:.0} contacts: a contract with no volume has no price per contact, minute or FTE; give the months their volume"
            ),
        ));
    }
    let volume_cv = config.volume_cv.unwrap_or(scenario.simulation.volume_cv);
    let replications = u64::from(options.replications);
    let definition = scenario.target.service.definition();
    // Month m staffed with `agents` per interval, with the bid's daily forecast error.
    let month_model = |m: usize, agents: &[u32]| -> Result<sim::SimModel> {
        let mut s = monthly[m].scenario.clone();
        s.simulation.volume_cv = volume_cv;
        sim::SimModel::new(&s, agents)
    };
    // Replication r of month m: with a monthly forecast error, the month's arrival rates are
    // scaled by the replication's draw first.
    let replicate = |m: usize, model: &sim::SimModel, r: u64| -> Kpis {
        let seed = month_seed(options.seed, m);
        let replication = if config.monthly_cv > 0.0 {
            let factor = monthly_error(config, options.seed, m, r);
            let mut scaled = model.clone();
            for i in &mut scaled.intervals {
                i.rate *= factor;
            }
            sim::run_replication(&scaled, seed, r)
        } else {
            sim::run_replication(model, seed, r)
        };
        let mut total = sim::IntervalCounters::default();
        for c in &replication.intervals {
            total.absorb(c);
        }
        sim::campaign_kpis(model, Kpis::of(&total, definition), &total)
    };
    // A month misses when any SLA's mildest tier is breached; without SLAs, when its service
    // level is below the target — for a campaign, when it falls short of its contacts beyond
    // the dialler's Poisson noise (2√target) or abandons more than the cap.
    let target = scenario.target.service.service_level();
    let month_contacts: Vec<f64> = monthly
        .iter()
        .map(|m| m.scenario.open_intervals().map(|d| d.volume).sum())
        .collect();
    let missed = |m: usize, k: &Kpis| -> bool {
        if let (Some(dialler), true) = (scenario.channel.outbound(), config.slas.is_empty()) {
            return !campaign_meets(
                k.contacts.unwrap_or(0.0),
                month_contacts[m],
                k.abandon_rate,
                dialler.max_abandon,
            );
        }
        if config.slas.is_empty() {
            return k.service_level.is_some_and(|sl| sl < target);
        }
        config.slas.iter().any(|sla| breaches_first(sla, k))
    };
    // What the hiring plan for `uplift` puts on the phones, and every month simulated there on
    // its own stream, until each month is decided against the bound (see [`risk`]).
    let fee_share: Vec<f64> = {
        let handled: f64 = base.iter().map(|m| m.handled).sum::<f64>().max(1e-9);
        base.iter().map(|m| m.handled / handled).collect()
    };
    let labels: Vec<String> = base.iter().map(|m| m.label.clone()).collect();
    let bound = config.max_p_miss;
    let priced_at = |uplift: f64| -> Result<Priced> {
        let mut months = base.clone();
        for month in &mut months {
            month.required_fte *= uplift;
            month.required_agent_hours *= uplift;
        }
        let hiring = hire(config, &mut months);
        let models: Vec<sim::SimModel> = months
            .iter()
            .enumerate()
            .map(|(m, month)| {
                let ratio = month.effective_fte / base[m].required_fte.max(1e-9);
                month_model(m, &on_the_phones(&monthly[m].plan, ratio))
            })
            .collect::<Result<_>>()?;
        // One block of the risk run: replication-major, every month of each replication.
        let block = |range: std::ops::Range<u64>| -> Result<Vec<Kpis>> {
            let n = (range.end - range.start) as usize;
            progress.add_work((n * term) as u64);
            sim::on_threads(options.threads, || {
                let mut kpis = Vec::with_capacity(n * term);
                sim::in_order(
                    0..(n * term) as u64,
                    16,
                    progress,
                    |k| {
                        let (r, m) = (k as usize / term, k as usize % term);
                        replicate(m, &models[m], range.start + r as u64)
                    },
                    |_, month| kpis.push(month),
                )
                .map(|()| kpis)
            })?
        };
        let shares = |row: &[Kpis]| -> risk::Shares {
            let credit: f64 = replication_credits(&config.slas, row)
                .iter()
                .zip(&fee_share)
                .map(|(c, f)| c * f)
                .sum();
            let gain = row
                .iter()
                .zip(&fee_share)
                .map(|(k, f)| f * month_gain_share(&config.gain_share, k))
                .sum();
            (credit.min(config.sla_credit_cap), gain)
        };
        let tally = risk::run(term, replications, bound, &block, &missed, &shares)?;
        Ok(Priced {
            months,
            hiring,
            tally,
        })
    };

    // Binary search for the smallest uplift whose staffing holds the bound (P(miss) falls with
    // staffing), from × 1 first: most bids land next to it, and a staffing that misses stops at
    // its first deciding block.
    let mut risk_search = Vec::new();
    let mut tried: Vec<Option<Priced>> = vec![None; UPLIFTS.len()];
    let mut accepts = |k: usize| -> Result<bool> {
        let priced = priced_at(UPLIFTS[k])?;
        risk_search.push(risk::RiskStep::of(
            UPLIFTS[k],
            &priced.tally,
            &labels,
            bound,
        ));
        let accepted = priced.tally.accepted(bound);
        tried[k] = Some(priced);
        Ok(accepted)
    };
    let one = UPLIFTS.iter().position(|u| *u == 1.0).unwrap_or(0);
    let (mut lo, mut hi) = if accepts(one)? {
        (0, one)
    } else {
        (one + 1, UPLIFTS.len())
    };
    while lo < hi {
        let mid = (lo + hi) / 2;
        if accepts(mid)? {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    let staffing_uplift_for_bound = (lo < UPLIFTS.len()).then(|| UPLIFTS[lo]);
    let chosen = lo.min(UPLIFTS.len() - 1);
    let uplift = UPLIFTS[chosen];
    let Priced {
        mut months,
        hiring,
        tally,
    } = match tried[chosen].take() {
        Some(priced) => priced,
        None => priced_at(uplift)?,
    };
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
    // The plan at the plain requirement, for comparison.
    let unadjusted_months = {
        let mut months = base.clone();
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
    };
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

/// A month's gain-share as a share of its fee: the sum over the terms of each term's bonus
/// (positive) or malus (negative).
pub fn month_gain_share(terms: &[crate::scenario::GainShare], k: &Kpis) -> f64 {
    terms.iter().map(|g| g.share(kpi_value(g.kpi, k))).sum()
}

/// The value of `kpi` in a month's KPIs.
fn kpi_value(kpi: SlaKpi, k: &Kpis) -> Option<f64> {
    match kpi {
        SlaKpi::ServiceLevel => k.service_level,
        SlaKpi::Asa => k.asa,
        SlaKpi::AbandonRate => k.abandon_rate,
    }
}

/// Whether a month breaches `sla`'s mildest tier (a miss even when that tier credits 0).
fn breaches_first(sla: &Sla, k: &Kpis) -> bool {
    match (sla.tiers.first(), kpi_value(sla.kpi, k)) {
        (Some(&(threshold, _)), Some(v)) => sla.breaches(v, threshold),
        _ => false,
    }
}

/// One replication's credits, month by month, as shares of each month's fee: for every SLA the
/// credit of the worst tier its KPI breaches, returned when the next `earn_back_months` months
/// all meet that SLA (a month near the end of the term cannot earn back).
///
/// # Formula
///
/// `credit_m = Σ_s c_s(KPI_{s,m}) × [not earned back]`, with `c_s` the tier credit and a credit
/// earned back when `∀ j ∈ 1..=N_s: month m + j meets s`.
pub fn replication_credits(slas: &[Sla], months: &[Kpis]) -> Vec<f64> {
    let mut credits = vec![0.0; months.len()];
    for sla in slas {
        let meets: Vec<bool> = months.iter().map(|k| !breaches_first(sla, k)).collect();
        for (m, k) in months.iter().enumerate() {
            let credit = sla.credit(kpi_value(sla.kpi, k));
            if credit <= 0.0 {
                continue;
            }
            let n = sla.earn_back_months as usize;
            let earned_back =
                n > 0 && m + n < months.len() && meets[m + 1..=m + n].iter().all(|x| *x);
            if !earned_back {
                credits[m] += credit;
            }
        }
    }
    credits
}

/// One month of the term: the scenario scaled to the month's volume, and its Erlang plan.
#[derive(Debug, Clone)]
pub struct MonthPlan {
    /// `2027-01`, or `M1` without a start date.
    pub label: String,
    /// How many of the month's scenarios make up the month: 1, since each month is built on its
    /// own calendar days (kept for callers that scale a plan's hours to the month).
    pub horizons_per_month: f64,
    /// The month as a scenario: its calendar days, the scenario's pattern, the month's volume.
    pub scenario: Scenario,
    /// Its Erlang plan.
    pub plan: Plan,
}

/// Per weekday and time of day: Σ volume, Σ volume × AHT, Σ AHT, rows, open.
type SlotSums = (f64, f64, f64, u32, bool);

/// The scenario's typical week: for each weekday and time of day, the mean volume and handle
/// time over the stretch's calendar days of that weekday (a weekday with no rows is closed).
/// Special days of the stretch are left out, so a holiday in the sample does not shape every
/// month. A one-day stretch is a typical day: every weekday takes it.
struct WeekPattern {
    /// Per weekday (Monday = 0): (seconds after midnight, mean volume, mean AHT, open).
    days: [Vec<(i64, f64, f64, bool)>; 7],
}

impl WeekPattern {
    fn of(scenario: &Scenario) -> Self {
        use std::collections::BTreeMap;
        let first = scenario.intervals.first().map(|i| i.start.date());
        let last = scenario.intervals.last().map(|i| i.start.date());
        let mut occurrences = [0u32; 7];
        let mut special = std::collections::HashSet::new();
        for i in &scenario.intervals {
            if i.special_day.is_some() {
                special.insert(i.start.date());
            }
        }
        let short = scenario.span_days() <= 1;
        // The weekday an interval's date counts as: its own, or all one for a one-day stretch.
        let weekday = |d: jiff::civil::Date| {
            if short {
                0
            } else {
                crate::forecast::weekday(d)
            }
        };
        if let (Some(a), Some(b)) = (first, last) {
            let mut d = a;
            loop {
                if !special.contains(&d) {
                    occurrences[weekday(d)] += 1;
                }
                match d.tomorrow() {
                    Ok(next) if d < b => d = next,
                    _ => break,
                }
            }
        }
        // (weekday, slot) → (Σ volume, Σ volume × AHT, Σ AHT, rows, open)
        let mut slots: [BTreeMap<i64, SlotSums>; 7] = Default::default();
        for i in &scenario.intervals {
            let date = i.start.date();
            if special.contains(&date) {
                continue;
            }
            let w = weekday(date);
            let t = i.start.time();
            let slot =
                i64::from(t.hour()) * 3600 + i64::from(t.minute()) * 60 + i64::from(t.second());
            let e = slots[w].entry(slot).or_insert((0.0, 0.0, 0.0, 0, false));
            let v = if i.open { i.volume } else { 0.0 };
            e.0 += v;
            e.1 += v * i.aht.get();
            e.2 += i.aht.get();
            e.3 += 1;
            e.4 |= i.open;
        }
        let days = std::array::from_fn(|w| {
            let w = if short { 0 } else { w };
            let n = f64::from(occurrences[w].max(1));
            slots[w]
                .iter()
                .map(|(&slot, &(v, va, a, rows, open))| {
                    let aht = if v > 0.0 {
                        va / v
                    } else {
                        a / f64::from(rows.max(1))
                    };
                    (slot, v / n, aht, open)
                })
                .collect()
        });
        WeekPattern { days }
    }
}

/// The calendar days of month `m` of the term: from `[bid] start`, or from the first of the
/// scenario's first month when the bid has no start.
fn month_dates(
    config: &BidConfig,
    scenario: &Scenario,
    m: usize,
) -> (String, Vec<jiff::civil::Date>) {
    let anchor = config
        .start
        .or_else(|| scenario.intervals.first().map(|i| i.start.date()))
        .map(|d| d.first_of_month());
    let Some(first) = anchor.and_then(|a| a.checked_add(jiff::Span::new().months(m as i64)).ok())
    else {
        return (format!("M{}", m + 1), Vec::new());
    };
    let label = if config.start.is_some() {
        first.strftime("%Y-%m").to_string()
    } else {
        format!("M{}", m + 1)
    };
    let dates = (0..i64::from(first.days_in_month()))
        .filter_map(|d| first.checked_add(jiff::Span::new().days(d)).ok())
        .collect();
    (label, dates)
}

/// Each month of the term built from its real calendar days: the scenario's weekday pattern and
/// intraday shape on that month's dates, `[bid] holidays` applied, the month's volume spread over
/// its open days; with its Erlang plan. A pattern given as a CSV (closed hours and days absent)
/// and as a profile (closed intervals present) build the same months.
pub fn months(scenario: &Scenario) -> Result<Vec<MonthPlan>> {
    let config = scenario
        .bid
        .as_ref()
        .ok_or_else(|| Error::input(scenario.source.display(), "no [bid] section"))?;
    let base_volume: f64 = scenario.open_intervals().map(|i| i.volume).sum();
    if base_volume <= 0.0 {
        return Err(Error::input(
            scenario.source.display(),
            "the forecast has no volume to scale into months",
        ));
    }
    let pattern = WeekPattern::of(scenario);
    // Months are planned in parallel: each is a whole Erlang plan of its own.
    (0..config.term_months as usize)
        .into_par_iter()
        .map(|m| {
            let (label, dates) = month_dates(config, scenario, m);
            let mut intervals = Vec::new();
            for date in &dates {
                let holiday = config.holidays.iter().find(|h| h.covers(*date));
                let midnight = date.to_datetime(jiff::civil::Time::midnight());
                for &(slot, volume, aht, open) in &pattern.days[crate::forecast::weekday(*date)] {
                    let closed = holiday.is_some_and(|h| h.closed);
                    let (vm, am) = holiday.map_or((1.0, 1.0), |h| (h.volume_multiplier, h.aht_multiplier));
                    intervals.push(crate::scenario::IntervalDemand {
                        start: midnight.saturating_add(jiff::SignedDuration::from_secs(slot)),
                        volume: if open && !closed { volume * vm } else { 0.0 },
                        aht: Seconds(aht * am),
                        open: open && !closed,
                        special_day: None,
                        given_agents: None,
                    });
                }
            }
            if !intervals.iter().any(|i| i.open) {
                return Err(Error::input(
                    format!("{}: [bid]", scenario.source.display()),
                    format!("month {label} has no open interval: the pattern or the holidays close every day"),
                ));
            }
            let mut month = scenario.clone();
            month.intervals = intervals;
            month.special_days = Vec::new();
            let volume: f64 = month.open_intervals().map(|i| i.volume).sum();
            let scale = if volume > 0.0 { config.monthly_volume[m] / volume } else { 0.0 };
            let mut month = scaled(&month, scale, config.aht);
            // The sites share one queue: a contact's handle time is the site mix's.
            let site_aht: f64 = config.sites.iter().map(|s| s.share * s.aht_multiplier).sum();
            for i in &mut month.intervals {
                i.aht = Seconds(i.aht.get() * site_aht);
            }
            let plan = plan::plan(&month)?;
            Ok(MonthPlan {
                label,
                horizons_per_month: 1.0,
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

/// Whole months of training before go-live: a hire starts training this many months before
/// the month they first take contacts in.
pub fn training_months(config: &BidConfig) -> usize {
    (config.training_weeks * 12.0 / 52.0 - 1e-9).ceil().max(0.0) as usize
}

/// What hiring for the term produced beyond the months' own figures.
#[derive(Debug, Clone, PartialEq)]
struct Hiring {
    launch_hires: u32,
    launch_classes: u32,
    transition_cost: f64,
    classes: Vec<TrainingClass>,
    sites: Vec<SiteResult>,
}

/// The label of the month `k` months after the term's first (negative: before it).
fn month_label(config: &BidConfig, k: i64) -> String {
    match config
        .start
        .map(|s| s.first_of_month().checked_add(jiff::Span::new().months(k)))
    {
        Some(Ok(d)) => d.strftime("%Y-%m").to_string(),
        _ => format!("M{}", k + 1),
    }
}

/// Each site's share of the work: its share of the contacts × its handle-time multiplier,
/// normalised (`f_s = share_s × m_s ÷ Σ share × m`).
fn workload_shares(config: &BidConfig) -> Vec<f64> {
    let total: f64 = config
        .sites
        .iter()
        .map(|s| s.share * s.aht_multiplier)
        .sum::<f64>()
        .max(1e-12);
    config
        .sites
        .iter()
        .map(|s| s.share * s.aht_multiplier / total)
        .collect()
}

/// The loaded cost per paid hour weighted by each site's share of the work:
/// `Σ_s f_s × hourly_cost_s`.
fn blended_hourly_cost(config: &BidConfig) -> f64 {
    config
        .sites
        .iter()
        .zip(workload_shares(config))
        .map(|(s, f)| s.hourly_cost * f)
        .sum()
}

/// One site's hiring over the term, by month of the plan (the `offset` months before go-live
/// first).
struct SiteHiring {
    /// People starting training in each month of the plan.
    cohorts: Vec<u32>,
    /// Productive FTE in each month of the term.
    effective_fte: Vec<f64>,
    /// Headcount at the end of each month of the plan.
    headcount: Vec<u32>,
}

/// Hires whole people at `site`, in classes, month by month so its productive FTE covers
/// `required_fte` (one per month of the term).
///
/// A hire needed in month t starts training ⌈training⌉ months earlier, so training ends by t and
/// the ramp happens on live work (a ramping hire counts at its productivity, so more heads cover
/// the same FTE). The classes that start before month 1 are the launch team. A cohort of n hires
/// has `round(n × Π_{j<k} r_j)` people k months on, `r_j` the site's retention in tenure month j
/// (new-hire attrition in the first `new_hire_months`, then tenured attrition), so headcount,
/// leavers and hires are whole. Hires in a month fill classes of at most `class_size.max`, and a
/// class smaller than `class_size.min` is filled up to it. With `class_every`, classes start only
/// every that many months; a month between class starts is covered by the class before it.
fn hire_site(config: &BidConfig, site: &crate::scenario::Site, required_fte: &[f64]) -> SiteHiring {
    let term = required_fte.len();
    let offset = training_months(config);
    let span = term + offset;
    let p = productivity(config.training_weeks, &config.ramp, span + 1);
    // kept[k]: the share of a cohort still there k months after it starts.
    let mut kept = vec![1.0; span + 1];
    for k in 1..=span {
        kept[k] = kept[k - 1] * site.retention(config.new_hire_months, k - 1);
    }
    let survivors = |n: u32, age: usize| (f64::from(n) * kept[age]).round() as u32;
    let (class_min, class_max) = config.class_size;
    let mut cohorts = vec![0u32; span];
    let every = config.class_every_months.max(1);
    for (m, &required) in required_fte.iter().enumerate() {
        let t = m + offset;
        // The cohort that starts training `offset` months before t, or the last class start
        // allowed by `class_every` before it (those hires are further along by t).
        let h = m - m % every;
        let per_hire = p[t - h].max(1e-9);
        // Whole hires, then classes: never fewer than the shortfall needs.
        let mut n = 0u32;
        loop {
            let short = required - effective_with(&cohorts, h, n, t, &survivors, &p);
            if short <= 1e-9 {
                break;
            }
            n += (short / per_hire).ceil().max(1.0) as u32;
        }
        if n > 0 {
            let classes = n.div_ceil(class_max);
            n = n.max(classes * class_min);
        }
        cohorts[h] += n;
    }
    let headcount = (0..span)
        .map(|t| (0..=t).map(|h| survivors(cohorts[h], t - h)).sum())
        .collect();
    let effective_fte = (offset..span)
        .map(|t| effective_with(&cohorts, 0, 0, t, &survivors, &p))
        .collect();
    SiteHiring {
        cohorts,
        effective_fte,
        headcount,
    }
}

/// Classes for `n` hires starting together.
fn class_count(config: &BidConfig, n: u32) -> u32 {
    if n == 0 {
        0
    } else {
        n.div_ceil(config.class_size.1)
    }
}

/// Hires for every site (each its share of the work, its own attrition and wage) and fills the
/// months' hires, classes, leavers, headcount, paid hours, effective FTE and cost with the sums;
/// the launch team's wages until go-live, recruiting and trainers are the transition cost.
fn hire(config: &BidConfig, months: &mut [BidMonth]) -> Hiring {
    let offset = training_months(config);
    let shares = workload_shares(config);
    let per_start = |n: u32| {
        f64::from(n) * config.cost_per_hire
            + f64::from(class_count(config, n)) * config.trainer_cost_per_class
    };
    for month in months.iter_mut() {
        month.effective_fte = 0.0;
        month.hires = 0;
        month.classes = 0;
        month.leavers = 0;
        month.headcount = 0;
        month.paid_hours = 0.0;
        month.labour_cost = 0.0;
        month.cost = config.overheads_per_month;
    }
    let mut hiring = Hiring {
        launch_hires: 0,
        launch_classes: 0,
        transition_cost: 0.0,
        classes: Vec::new(),
        sites: Vec::new(),
    };
    for (site, &share) in config.sites.iter().zip(&shares) {
        let required: Vec<f64> = months.iter().map(|m| m.required_fte * share).collect();
        let plan = hire_site(config, site, &required);
        let rate = site.hourly_cost;
        for (h, &n) in plan.cohorts.iter().enumerate() {
            let count = class_count(config, n);
            for c in 0..count {
                hiring.classes.push(TrainingClass {
                    start: month_label(config, h as i64 - offset as i64),
                    site: site.name.clone(),
                    size: n / count + u32::from(c < n % count),
                });
            }
        }
        let launch = &plan.cohorts[..offset.min(plan.cohorts.len())];
        let launch_hires: u32 = launch.iter().sum();
        hiring.launch_hires += launch_hires;
        hiring.launch_classes += launch.iter().map(|&n| class_count(config, n)).sum::<u32>();
        let transition: f64 = (0..offset)
            .map(|t| {
                f64::from(plan.headcount[t]) * config.hours_per_fte_month * rate
                    + per_start(plan.cohorts[t])
            })
            .sum();
        hiring.transition_cost += transition;
        let mut result = SiteResult {
            name: site.name.clone(),
            share: site.share,
            workload_share: share,
            aht_multiplier: site.aht_multiplier,
            attrition: site.attrition,
            new_hire_attrition: site.new_hire_attrition,
            hourly_cost: rate,
            required_fte_months: required.iter().sum(),
            launch_hires,
            hires: plan.cohorts.iter().sum(),
            leavers: 0,
            paid_hours: 0.0,
            labour_cost: 0.0,
            transition_cost: transition,
        };
        for (m, month) in months.iter_mut().enumerate() {
            let t = m + offset;
            let hires = plan.cohorts.get(t).copied().unwrap_or(0);
            let headcount = plan.headcount[t];
            let before = if t > 0 { plan.headcount[t - 1] } else { 0 };
            let leavers = (before + hires).saturating_sub(headcount);
            let paid_hours = f64::from(headcount) * month.hours_per_fte;
            month.effective_fte += plan.effective_fte[m];
            month.hires += hires;
            month.classes += class_count(config, hires);
            month.leavers += leavers;
            month.headcount += headcount;
            month.paid_hours += paid_hours;
            month.labour_cost += paid_hours * rate;
            month.cost += paid_hours * rate + per_start(hires);
            result.leavers += leavers;
            result.paid_hours += paid_hours;
            result.labour_cost += paid_hours * rate;
        }
        hiring.sites.push(result);
    }
    // The bench: productive FTE beyond the requirement, paid at the blended rate (or, released
    // to other work, out of this contract's cost).
    let blended = blended_hourly_cost(config);
    for month in months.iter_mut() {
        month.bench_fte = (month.effective_fte - month.required_fte).max(0.0);
        month.bench_cost = month.bench_fte * month.hours_per_fte * blended;
        if config.release == crate::scenario::Release::Redeploy {
            month.paid_hours -= month.bench_fte * month.hours_per_fte;
            month.labour_cost -= month.bench_cost;
            month.cost -= month.bench_cost;
        }
    }
    hiring
}

/// Paid hours of one FTE in month `m`: with calendar hours, the month's working days (Monday to
/// Friday, less the `[[bid.holidays]]` falling on them) × the daily contracted hours
/// (`[cost] hours_per_fte_week` ÷ 5); otherwise `hours_per_fte_month`.
///
/// # Formula
///
/// `h_m = |{d ∈ month m : weekday(d) ≤ Friday, d not a holiday}| × hours_per_fte_week ÷ 5`
fn hours_per_fte(config: &BidConfig, scenario: &Scenario, m: usize) -> f64 {
    let Some(per_day) = config.hours_per_fte_day else {
        return config.hours_per_fte_month;
    };
    let (_, dates) = month_dates(config, scenario, m);
    if dates.is_empty() {
        return config.hours_per_fte_month;
    }
    let working = dates
        .iter()
        .filter(|d| crate::forecast::weekday(**d) < 5)
        .filter(|d| !config.holidays.iter().any(|h| h.covers(**d)))
        .count();
    working as f64 * per_day
}

/// Productive FTE in month `t` with `extra` more hires in cohort `h`.
fn effective_with(
    cohorts: &[u32],
    h: usize,
    extra: u32,
    t: usize,
    survivors: &dyn Fn(u32, usize) -> u32,
    p: &[f64],
) -> f64 {
    (0..=t)
        .map(|c| {
            let n = cohorts[c] + if c == h { extra } else { 0 };
            f64::from(survivors(n, t - c)) * p[t - c]
        })
        .sum()
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
