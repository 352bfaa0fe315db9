//! A bid for a portfolio whose queues share agents: the blended teams' FTE and cost month by
//! month, each queue's share of them (its channel's FTE, cost and price), and each queue's risk of
//! missing its SLA, against the same queues bid as dedicated teams.
//!
//! # Method
//!
//! Every queue's `[bid]` builds its months as a single-queue bid does ([`crate::bid::months`]:
//! the scenario's weekly pattern on the month's own calendar, scaled to the month's volume). Then,
//! month by month:
//!
//! 1. **A typical week at the month's volume**: the portfolio's own stretch with each interval's
//!    volume and handle time taken from the month's first ordinary day of the same weekday (a
//!    one-day stretch: the month's first ordinary day).
//! 2. **Its groups optimised** as `sweep --optimize` does ([`fn@super::optimize`]), from the previous
//!    month's optimum (the first month from the pooled start): every queue meets its target in
//!    every interval of the week.
//! 3. **The week's staffing laid over the month**, weekday by weekday and slot by slot; a group
//!    is on while one of its queues is open. A `[[bid.holidays]]` day is staffed as its weekday,
//!    so a busier holiday shows in the risk, not in the staffing.
//! 4. **FTE and cost**: a group's agent-hours ÷ (1 − shrinkage) ÷ the month's paid hours per FTE,
//!    at the group's `hourly_cost` (else its first skill's queue's site mix); shrinkage and
//!    paid hours from its first skill's queue's `[bid]`. Each group's FTE and cost are shared
//!    over its queues by the work it did for each (contacts taken × handle time × the group's
//!    multiplier), and each queue adds its own `overheads_per_month`.
//!
//! **Risk**: every month is simulated whole at that staffing, with each queue's monthly forecast
//! error ([`crate::bid::monthly_error`]; the draw is shared by the queues, so a client's
//! channels rise and fall together, the harder case for shared agents) and its daily error.
//! Replications run in blocks as the single-queue bid's risk run does ([`crate::bid::risk`]):
//! after [`risk::FIRST_LOOK`] and then every [`risk::BLOCK`], until every queue's every month is
//! decided against its `max_p_miss`, or the replication cap. A queue misses a month when its
//! SLA's mildest tier is breached (or, without SLAs, its service level is below target); its
//! credits and gain-share follow its `[bid]` terms, priced in as a single-queue bid prices them.
//!
//! Not modelled here (the single-queue bid's): the hiring plan — attrition, training classes,
//! ramp and bench. The blended figures are the staffing on the phones each month; the dedicated
//! comparison is costed the same way, at each queue's plain Erlang requirement.

use super::{SkillModel, optimize_from, run_replication};
use crate::bid::{self, MonthPlan, risk};
use crate::error::{Error, Result};
use crate::portfolio::Portfolio;
use crate::progress::Progress;
use crate::scenario::{BidConfig, PriceRisk, Scenario};
use crate::sim::{ExactSum, IntervalCounters, Kpis, SimOptions};
use std::collections::HashMap;

/// One group in one month.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SharedBidGroupMonth {
    /// The group.
    pub group: String,
    /// Agent-hours on the phones.
    pub agent_hours: f64,
    /// Paid FTE: agent-hours ÷ (1 − shrinkage) ÷ paid hours per FTE.
    pub fte: f64,
    /// Labour cost.
    pub cost: f64,
}

/// One queue in one month.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SharedBidQueueMonth {
    /// The queue.
    pub queue: String,
    /// Contacts forecast for the month.
    pub volume: f64,
    /// Contacts handled, mean over the risk replications.
    pub handled: f64,
    /// Its share of the groups' FTE, by the work they did for it.
    pub fte: f64,
    /// Its share of the groups' cost, plus its own overheads.
    pub cost: f64,
    /// FTE as a dedicated team at its plain Erlang requirement.
    pub dedicated_fte: f64,
    /// P(the month misses its SLA).
    pub p_miss_sla: f64,
    /// Its 95 % Wilson interval.
    pub p_miss_sla_ci95: [f64; 2],
}

/// One month of the term.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SharedBidMonth {
    /// 1-based.
    pub month: u32,
    /// `2027-06`, or `M1` without a start date.
    pub label: String,
    /// Each group.
    pub groups: Vec<SharedBidGroupMonth>,
    /// Each queue.
    pub queues: Vec<SharedBidQueueMonth>,
    /// Σ groups' FTE.
    pub fte: f64,
    /// Σ groups' cost and the queues' overheads.
    pub cost: f64,
    /// Σ queues' FTE as dedicated teams.
    pub dedicated_fte: f64,
}

/// One group over the term.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SharedBidGroup {
    /// The group.
    pub group: String,
    /// Its queues, in priority order.
    pub skills: Vec<String>,
    /// Agent-hours on the phones over the term.
    pub agent_hours: f64,
    /// Mean paid FTE over the months.
    pub fte: f64,
    /// The most paid FTE in a month.
    pub peak_fte: f64,
    /// Labour cost over the term.
    pub cost: f64,
    /// Cost of a paid hour.
    pub hourly_cost: f64,
}

/// One queue (one channel's work) over the term.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SharedBidQueue {
    /// The queue.
    pub queue: String,
    /// Its channel.
    pub channel: &'static str,
    /// What it is priced by: "contact", "session", "transaction".
    pub unit: &'static str,
    /// Contacts handled over the term.
    pub handled: f64,
    /// Mean FTE over the months (its share of the groups').
    pub fte: f64,
    /// Cost over the term.
    pub cost: f64,
    /// Revenue over the term, holding the margin (after the expected credits when priced in).
    pub revenue: f64,
    /// Revenue ÷ handled.
    pub price_per_unit: f64,
    /// Mean over the months of P(the month misses its SLA).
    pub p_miss_sla: f64,
    /// The month with the highest P(miss).
    pub riskiest_month: String,
    /// Its P(miss).
    pub riskiest_p_miss_sla: f64,
    /// Expected SLA credits over the term.
    pub expected_sla_credits: f64,
    /// Expected gain-share over the term (negative: a malus).
    pub expected_gain_share: f64,
    /// Mean FTE as a dedicated team at its plain Erlang requirement.
    pub dedicated_fte: f64,
    /// Cost over the term as a dedicated team, costed the same way.
    pub dedicated_cost: f64,
}

/// The whole term.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SharedBidTotals {
    /// Mean paid FTE over the months.
    pub fte: f64,
    /// Cost over the term.
    pub cost: f64,
    /// Revenue over the term.
    pub revenue: f64,
    /// Contacts handled over the term.
    pub handled: f64,
    /// Mean FTE as dedicated teams.
    pub dedicated_fte: f64,
    /// Cost as dedicated teams.
    pub dedicated_cost: f64,
    /// Dedicated FTE − blended FTE (negative when sharing needs more).
    pub fte_saved: f64,
    /// Expected SLA credits over the term.
    pub expected_sla_credits: f64,
}

/// A multi-skill portfolio's bid: what `bid --json` prints for it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SharedBid {
    /// The portfolio.
    pub portfolio: String,
    /// Months in the term.
    pub term_months: u32,
    /// The first queue's currency.
    pub currency: String,
    /// Replications of the risk run.
    pub risk_replications: u64,
    /// Replications per iteration of each month's optimisation.
    pub optimisation_replications: u32,
    /// Base seed.
    pub seed: u64,
    /// Each group over the term.
    pub groups: Vec<SharedBidGroup>,
    /// Each queue over the term.
    pub queues: Vec<SharedBidQueue>,
    /// The totals.
    pub totals: SharedBidTotals,
    /// Each month.
    pub months: Vec<SharedBidMonth>,
}

/// One CSV row: a queue in a month.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SharedBidRow {
    /// 1-based.
    pub month: u32,
    /// `2027-06`, or `M1`.
    pub label: String,
    /// The queue.
    pub queue: String,
    /// Contacts forecast.
    pub volume: f64,
    /// Contacts handled, mean over the risk replications.
    pub handled: f64,
    /// Its share of the groups' FTE.
    pub fte: f64,
    /// Its share of the groups' cost, plus its overheads.
    pub cost: f64,
    /// FTE as a dedicated team.
    pub dedicated_fte: f64,
    /// P(the month misses its SLA).
    pub p_miss_sla: f64,
    /// Lower end of its 95 % Wilson interval.
    pub p_miss_sla_ci95_lo: f64,
    /// Upper end.
    pub p_miss_sla_ci95_hi: f64,
}

impl SharedBid {
    /// Every queue in every month, for `--csv`.
    pub fn month_rows(&self) -> Vec<SharedBidRow> {
        self.months
            .iter()
            .flat_map(|m| {
                m.queues.iter().map(|q| SharedBidRow {
                    month: m.month,
                    label: m.label.clone(),
                    queue: q.queue.clone(),
                    volume: q.volume,
                    handled: q.handled,
                    fte: q.fte,
                    cost: q.cost,
                    dedicated_fte: q.dedicated_fte,
                    p_miss_sla: q.p_miss_sla,
                    p_miss_sla_ci95_lo: q.p_miss_sla_ci95[0],
                    p_miss_sla_ci95_hi: q.p_miss_sla_ci95[1],
                })
            })
            .collect()
    }
}

/// Bids `portfolio`, whose queues share agents in `[[group]]`s: see the module docs. `options`
/// caps the risk run's replications and seeds everything; each month's optimisation uses the
/// first queue's `[simulation] replications`.
///
/// # Errors
/// [`Error::Input`] without groups, when a queue has no `[bid]`, or when the queues' terms
/// differ; the months', the optimiser's and the simulation's errors; [`Error::Cancelled`].
pub fn bid(
    portfolio: &Portfolio,
    options: SimOptions,
    progress: &dyn Progress,
) -> Result<SharedBid> {
    let Some(skills) = &portfolio.skills else {
        return Err(Error::input(
            portfolio.source.display(),
            "has no [[group]]: its queues are bid as dedicated teams",
        ));
    };
    if options.replications == 0 {
        return Err(Error::invalid("replications", 0, "at least 1"));
    }
    let configs = terms(portfolio)?;
    let term = configs[0].term_months as usize;
    let monthly: Vec<Vec<MonthPlan>> = portfolio
        .queues
        .iter()
        .map(|q| bid::months(&q.scenario))
        .collect::<Result<_>>()?;
    let dedicated: Vec<Vec<bid::BidMonth>> = portfolio
        .queues
        .iter()
        .zip(&configs)
        .zip(&monthly)
        .map(|((q, c), m)| bid::requirement_months(&q.scenario, c, m))
        .collect::<Result<_>>()?;
    let stretch = Stretch::of(&portfolio.queues[0].scenario);
    // The optimisation runs whole in every shard and at the merge (each of its steps is decided
    // on every replication of the one before); only the risk run is sharded.
    let optimise = SimOptions {
        replications: portfolio.queues[0].scenario.simulation.replications,
        ledger: None,
        ..options
    };
    let mut previous: Option<Vec<Vec<u32>>> = None;
    let mut months = Vec::with_capacity(term);
    for m in 0..term {
        let week = typical_week(portfolio, &monthly, &configs, m, &stretch);
        let found = optimize_from(&week, previous.take(), optimise, progress)?;
        let agents: Vec<Vec<u32>> = found
            .groups
            .iter()
            .map(|g| g.intervals.iter().map(|i| i.agents).collect())
            .collect();
        let month = month_portfolio(portfolio, &monthly, &configs, m);
        let staffing = lay_over(&agents, &month, &stretch);
        months.push((month, staffing));
        previous = Some(agents);
    }
    let models: Vec<SkillModel> = months
        .iter()
        .map(|(p, agents)| SkillModel::new(p, skills, Some(agents)))
        .collect::<Result<_>>()?;
    let fee_share: Vec<Vec<f64>> = dedicated
        .iter()
        .map(|d| {
            let total: f64 = d.iter().map(|m| m.handled).sum::<f64>().max(1e-9);
            d.iter().map(|m| m.handled / total).collect()
        })
        .collect();
    let risk = Risk {
        portfolio,
        configs: &configs,
        models: &models,
        fee_share: &fee_share,
        options,
    }
    .run(progress)?;
    Ok(assemble(
        portfolio,
        &configs,
        (&monthly, &dedicated, &months),
        &risk,
        (options, optimise),
    ))
}

/// Every queue's `[bid]`, checked to share one term: the same number of months from the same
/// start.
fn terms(portfolio: &Portfolio) -> Result<Vec<&BidConfig>> {
    let mut configs: Vec<&BidConfig> = Vec::with_capacity(portfolio.queues.len());
    for q in &portfolio.queues {
        let Some(config) = &q.scenario.bid else {
            return Err(Error::input(
                format!("{}: queue '{}'", portfolio.source.display(), q.name),
                format!(
                    "{} has no [bid] section: every queue of a bid portfolio needs one (a portfolio's [bid] gives the shared terms; each queue's file its volume)",
                    q.scenario.source.display()
                ),
            ));
        };
        if let Some(first) = configs.first().copied()
            && (first.term_months, first.start) != (config.term_months, config.start)
        {
            return Err(Error::input(
                format!("{}: queue '{}' [bid]", portfolio.source.display(), q.name),
                format!(
                    "its term ({} months from {}) differs from '{}''s ({} months from {}): queues sharing agents share one term; set term_months and start in the portfolio's [bid]",
                    config.term_months,
                    config
                        .start
                        .map_or("the forecast's month".into(), |d| d.to_string()),
                    portfolio.queues[0].name,
                    first.term_months,
                    first
                        .start
                        .map_or("the forecast's month".into(), |d| d.to_string()),
                ),
            ));
        }
        configs.push(config);
    }
    Ok(configs)
}

/// The portfolio's stretch (its first queue's horizon, which every queue shares): where each
/// weekday and time of day falls in it.
struct Stretch {
    /// (weekday, seconds after midnight) → the stretch's first interval there; weekday 0 for
    /// every date of a one-day stretch.
    slots: HashMap<(usize, i64), usize>,
    /// A one-day stretch: a typical day for every weekday.
    one_day: bool,
}

impl Stretch {
    fn of(scenario: &Scenario) -> Self {
        let one_day = scenario.span_days() <= 1;
        let mut stretch = Stretch {
            slots: HashMap::new(),
            one_day,
        };
        for (k, i) in scenario.intervals.iter().enumerate() {
            stretch.slots.entry(stretch.key(i.start)).or_insert(k);
        }
        stretch
    }

    /// Where `at` falls: its weekday (0 in a one-day stretch) and its seconds after midnight.
    fn key(&self, at: jiff::civil::DateTime) -> (usize, i64) {
        let t = at.time();
        let secs = i64::from(t.hour()) * 3600 + i64::from(t.minute()) * 60 + i64::from(t.second());
        let weekday = if self.one_day {
            0
        } else {
            crate::forecast::weekday(at.date())
        };
        (weekday, secs)
    }
}

/// The portfolio at month `m`'s volume over its own stretch: each interval's volume, handle time
/// and opening from the month's first ordinary day (not a `[[bid.holidays]]` day) of the same
/// weekday and time of day; closed where the month has none.
fn typical_week(
    portfolio: &Portfolio,
    monthly: &[Vec<MonthPlan>],
    configs: &[&BidConfig],
    m: usize,
    stretch: &Stretch,
) -> Portfolio {
    let mut week = portfolio.clone();
    for (q, queue) in week.queues.iter_mut().enumerate() {
        let month = &monthly[q][m].scenario;
        let mut first: HashMap<(usize, i64), usize> = HashMap::new();
        for (j, i) in month.intervals.iter().enumerate() {
            if configs[q].holidays.iter().any(|h| h.covers(i.start.date())) {
                continue;
            }
            first.entry(stretch.key(i.start)).or_insert(j);
        }
        for i in &mut queue.scenario.intervals {
            match first.get(&stretch.key(i.start)) {
                Some(&j) => {
                    let source = &month.intervals[j];
                    i.volume = source.volume;
                    i.aht = source.aht;
                    i.open = source.open;
                }
                None => {
                    i.volume = 0.0;
                    i.open = false;
                }
            }
            i.special_day = None;
            i.given_agents = None;
        }
        queue.scenario.simulation.volume_cv = 0.0;
    }
    week
}

/// The portfolio over month `m`: each queue its month's scenario with the bid's daily forecast
/// error; the groups' own agents are unused (the staffing is laid over).
fn month_portfolio(
    portfolio: &Portfolio,
    monthly: &[Vec<MonthPlan>],
    configs: &[&BidConfig],
    m: usize,
) -> Portfolio {
    let mut month = portfolio.clone();
    for (q, queue) in month.queues.iter_mut().enumerate() {
        let mut scenario = monthly[q][m].scenario.clone();
        scenario.simulation.volume_cv = configs[q]
            .volume_cv
            .unwrap_or(portfolio.queues[q].scenario.simulation.volume_cv);
        queue.scenario = scenario;
    }
    let intervals = month.queues[0].scenario.intervals.len();
    if let Some(skills) = &mut month.skills {
        for group in &mut skills.groups {
            group.agents = vec![0; intervals];
        }
    }
    month
}

/// The week's staffing (`week[g][k]`) over the month's intervals, weekday by weekday and slot by
/// slot; a group is on only while one of its queues is open.
fn lay_over(week: &[Vec<u32>], month: &Portfolio, stretch: &Stretch) -> Vec<Vec<u32>> {
    let skills = month.skills.as_ref().expect("groups");
    let intervals = &month.queues[0].scenario.intervals;
    skills
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| {
            intervals
                .iter()
                .enumerate()
                .map(|(j, i)| {
                    let open = group
                        .skills
                        .iter()
                        .any(|s| month.queues[s.queue].scenario.intervals[j].open);
                    match stretch.slots.get(&stretch.key(i.start)) {
                        Some(&k) if open => week[g][k],
                        _ => 0,
                    }
                })
                .collect()
        })
        .collect()
}

/// A month of the term as a portfolio, and its groups' agents (`agents[g][k]`).
type StaffedMonth = (Portfolio, Vec<Vec<u32>>);

/// What the risk run found, per queue and month: counts and exact sums, so the blocks a shard
/// records add up to the whole run's (see [`crate::sim::ledger`]).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct RiskTally {
    replications: u64,
    /// `missed[q][m]`.
    missed: Vec<Vec<u64>>,
    /// `answered[q][m]`: Σ over replications.
    answered: Vec<Vec<u64>>,
    /// `handled[m][g][q]`: Σ over replications.
    handled: Vec<Vec<Vec<u64>>>,
    /// Σ over replications of each queue's capped credits, as a share of its fees.
    credit_shares: Vec<ExactSum>,
    /// Σ over replications of each queue's gain-share, as a share of its fees.
    gain_shares: Vec<ExactSum>,
}

impl RiskTally {
    /// Adds another block's counts; the replications become `end`.
    fn add(&mut self, block: &RiskTally, end: u64) {
        let add = |a: &mut [Vec<u64>], b: &[Vec<u64>]| {
            for (a, b) in a.iter_mut().flatten().zip(b.iter().flatten()) {
                *a += b;
            }
        };
        add(&mut self.missed, &block.missed);
        add(&mut self.answered, &block.answered);
        for (a, b) in self.handled.iter_mut().zip(&block.handled) {
            add(a, b);
        }
        for (a, b) in self.credit_shares.iter_mut().zip(&block.credit_shares) {
            a.merge(b);
        }
        for (a, b) in self.gain_shares.iter_mut().zip(&block.gain_shares) {
            a.merge(b);
        }
        self.replications = end;
    }
}

/// Where the risk run's blocks end: after [`risk::FIRST_LOOK`] replications, then every
/// [`risk::BLOCK`] more, the last at the cap.
fn block_ends(cap: u64) -> Vec<u64> {
    let mut ends = Vec::new();
    let mut next = risk::FIRST_LOOK.min(cap);
    loop {
        ends.push(next);
        if next >= cap {
            return ends;
        }
        next = (next + risk::BLOCK).min(cap);
    }
}

/// One month of one replication: each queue's KPIs and what each group took.
struct MonthOutcome {
    kpis: Vec<Kpis>,
    handled: Vec<Vec<u32>>,
}

/// The risk run's inputs.
struct Risk<'a> {
    portfolio: &'a Portfolio,
    configs: &'a [&'a BidConfig],
    models: &'a [SkillModel],
    fee_share: &'a [Vec<f64>],
    options: SimOptions,
}

impl Risk<'_> {
    /// Replication `r` of month `m`: every queue's rates × the replication's monthly error.
    fn replicate(&self, m: usize, r: u64) -> MonthOutcome {
        let mut model = self.models[m].clone();
        for (q, queue) in model.queues.iter_mut().enumerate() {
            let config = self.configs[q];
            if config.monthly_cv > 0.0 {
                let factor = bid::monthly_error(config, self.options.seed, m, r);
                for i in &mut queue.sim.intervals {
                    i.rate *= factor;
                }
            }
        }
        let seed = bid::month_seed(self.options.seed, m);
        let replication = run_replication(&model, seed, r);
        let kpis = replication
            .queues
            .iter()
            .enumerate()
            .map(|(q, intervals)| {
                let mut total = IntervalCounters::default();
                for c in intervals {
                    total.absorb(c);
                }
                Kpis::of(&total, model.queues[q].definition)
            })
            .collect();
        let handled = replication
            .groups
            .iter()
            .map(|intervals| {
                let mut took = vec![0u32; model.queues.len()];
                for c in intervals {
                    for (q, n) in c.handled.iter().enumerate() {
                        took[q] += n;
                    }
                }
                took
            })
            .collect();
        MonthOutcome { kpis, handled }
    }

    /// Whether queue `q` missed a month with `k`: an SLA's mildest tier breached; without SLAs,
    /// its service level below target.
    fn missed(&self, q: usize, k: &Kpis) -> bool {
        let slas = &self.configs[q].slas;
        if slas.is_empty() {
            let target = self.portfolio.queues[q]
                .scenario
                .target
                .service
                .service_level();
            return k.service_level.is_some_and(|sl| sl < target);
        }
        slas.iter().any(|sla| bid::breaches_first(sla, k))
    }

    /// Runs blocks of replications until every queue's every month is decided against its bound,
    /// or the cap. Sharded, every block to the cap is counted, each shard its share, and the
    /// run is decided on them at the merge.
    fn run(&self, progress: &dyn Progress) -> Result<RiskTally> {
        let queues = self.portfolio.queues.len();
        let ends = block_ends(u64::from(self.options.replications));
        let recorded = match self.options.ledger {
            None => None,
            Some(ledger) => {
                let cap = u64::from(self.options.replications);
                Some(crate::sim::ledger::step(
                    Some(ledger),
                    "shared-agents bid risk",
                    cap,
                    |range| {
                        let mut blocks = vec![self.empty(); ends.len()];
                        self.count(range, progress, &mut blocks, &|r| {
                            ends.partition_point(|end| *end <= r)
                        })?;
                        Ok(blocks)
                    },
                )?)
            }
        };
        let mut tally = self.empty();
        for (b, end) in ends.iter().enumerate() {
            let block = match &recorded {
                Some(blocks) => blocks[b].clone(),
                None => {
                    let mut one = [self.empty()];
                    self.count(tally.replications..*end, progress, &mut one, &|_| 0)?;
                    let [one] = one;
                    one
                }
            };
            tally.add(&block, *end);
            let decided = (0..queues).all(|q| {
                (0..self.models.len()).all(|m| {
                    risk::verdict(tally.missed[q][m], *end, self.configs[q].max_p_miss)
                        != risk::Verdict::Undecided
                })
            });
            if decided {
                break;
            }
        }
        Ok(tally)
    }

    /// A tally with nothing counted.
    fn empty(&self) -> RiskTally {
        let (queues, term) = (self.portfolio.queues.len(), self.models.len());
        let groups = self.models[0].groups.len();
        RiskTally {
            replications: 0,
            missed: vec![vec![0; term]; queues],
            answered: vec![vec![0; term]; queues],
            handled: vec![vec![vec![0; queues]; groups]; term],
            credit_shares: vec![ExactSum::default(); queues],
            gain_shares: vec![ExactSum::default(); queues],
        }
    }

    /// Simulates replications `range` of every month and counts each replication into
    /// `blocks[block_of(r)]`.
    fn count(
        &self,
        range: std::ops::Range<u64>,
        progress: &dyn Progress,
        blocks: &mut [RiskTally],
        block_of: &(dyn Fn(u64) -> usize + Sync),
    ) -> Result<()> {
        let term = self.models.len() as u64;
        let (from, n) = (range.start, range.end - range.start);
        progress.add_work(n * term);
        let mut row = Vec::with_capacity(term as usize);
        crate::sim::on_threads(self.options.threads, || {
            crate::sim::in_order(
                0..n * term,
                4,
                progress,
                |k| self.replicate((k % term) as usize, from + k / term),
                |k, month| {
                    row.push(month);
                    if row.len() as u64 == term {
                        self.fold(&row, &mut blocks[block_of(from + k / term)]);
                        row.clear();
                    }
                },
            )
        })?
    }

    /// Adds one replication's months.
    fn fold(&self, row: &[MonthOutcome], tally: &mut RiskTally) {
        for (q, config) in self.configs.iter().enumerate() {
            let kpis: Vec<Kpis> = row.iter().map(|month| month.kpis[q]).collect();
            for (m, k) in kpis.iter().enumerate() {
                tally.missed[q][m] += u64::from(self.missed(q, k));
                tally.answered[q][m] += k.answered as u64;
            }
            let credit: f64 = bid::replication_credits(&config.slas, &kpis)
                .iter()
                .zip(&self.fee_share[q])
                .map(|(c, f)| c * f)
                .sum();
            tally.credit_shares[q].add(credit.min(config.sla_credit_cap));
            tally.gain_shares[q].add(
                kpis.iter()
                    .zip(&self.fee_share[q])
                    .map(|(k, f)| f * bid::month_gain_share(&config.gain_share, k))
                    .sum::<f64>(),
            );
        }
        for (m, month) in row.iter().enumerate() {
            for (g, took) in month.handled.iter().enumerate() {
                for (q, n) in took.iter().enumerate() {
                    tally.handled[m][g][q] += u64::from(*n);
                }
            }
        }
    }
}

/// What the term's figures are made from: the portfolio, its terms, the months and the risk run.
struct Costing<'a> {
    portfolio: &'a Portfolio,
    configs: &'a [&'a BidConfig],
    monthly: &'a [Vec<MonthPlan>],
    dedicated: &'a [Vec<bid::BidMonth>],
    risk: &'a RiskTally,
}

impl Costing<'_> {
    /// Queue `q`'s shrinkage: its `[bid]`'s, else its scenario's.
    fn shrinkage(&self, q: usize) -> f64 {
        self.configs[q]
            .shrinkage
            .unwrap_or(self.portfolio.queues[q].scenario.shrinkage.total.fraction())
    }

    /// Group `g`'s cost of a paid hour: its own, else its first skill's queue's site mix.
    fn rate(&self, g: usize) -> f64 {
        let group = &self.portfolio.skills.as_ref().expect("groups").groups[g];
        group
            .hourly_cost
            .unwrap_or_else(|| bid::blended_hourly_cost(self.configs[group.skills[0].queue]))
    }

    /// Month `m` staffed with `agents[g][k]`: its groups' hours, FTE and cost, and each queue's
    /// share of them.
    ///
    /// Over 80 lines: the groups' rows, the work they did, then the queues' rows from it.
    fn month(&self, m: usize, agents: &[Vec<u32>]) -> SharedBidMonth {
        let (portfolio, configs, monthly, dedicated, risk) = (
            self.portfolio,
            self.configs,
            self.monthly,
            self.dedicated,
            self.risk,
        );
        let skills = portfolio.skills.as_ref().expect("groups");
        let n = risk.replications.max(1) as f64;
        let hours = portfolio.queues[0].scenario.interval.hours();
        let shrinkage = |q: usize| self.shrinkage(q);
        let rate = |g: usize| self.rate(g);
        let groups: Vec<SharedBidGroupMonth> = skills
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                let first = group.skills[0].queue;
                let agent_hours = agents[g].iter().map(|&a| f64::from(a)).sum::<f64>() * hours;
                let paid = agent_hours / (1.0 - shrinkage(first));
                let per_fte =
                    bid::hours_per_fte(configs[first], &portfolio.queues[first].scenario, m);
                SharedBidGroupMonth {
                    group: group.name.clone(),
                    agent_hours,
                    fte: paid / per_fte,
                    cost: paid * rate(g),
                }
            })
            .collect();
        // Each group's work for each queue: contacts taken × handle time × its multiplier.
        let work: Vec<Vec<f64>> = skills
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                (0..portfolio.queues.len())
                    .map(|q| {
                        let multiplier = group
                            .skills
                            .iter()
                            .find(|s| s.queue == q)
                            .map_or(0.0, |s| s.aht_multiplier);
                        risk.handled[m][g][q] as f64
                            * mean_aht(&monthly[q][m].scenario)
                            * multiplier
                    })
                    .collect()
            })
            .collect();
        let queues: Vec<SharedBidQueueMonth> = portfolio
            .queues
            .iter()
            .enumerate()
            .map(|(q, queue)| {
                let (mut fte, mut cost) = (0.0, configs[q].overheads_per_month);
                for (g, row) in groups.iter().enumerate() {
                    let share = work_share(&work[g], q, &skills.groups[g]);
                    fte += row.fte * share;
                    cost += row.cost * share;
                }
                SharedBidQueueMonth {
                    queue: queue.name.clone(),
                    volume: configs[q].monthly_volume[m],
                    handled: risk.answered[q][m] as f64 / n,
                    fte,
                    cost,
                    dedicated_fte: dedicated[q][m].required_fte,
                    p_miss_sla: risk.missed[q][m] as f64 / n,
                    p_miss_sla_ci95: risk::wilson(risk.missed[q][m], risk.replications),
                }
            })
            .collect();
        let cost = groups.iter().map(|g| g.cost).sum::<f64>()
            + configs.iter().map(|c| c.overheads_per_month).sum::<f64>();
        SharedBidMonth {
            month: m as u32 + 1,
            label: monthly[0][m].label.clone(),
            fte: groups.iter().map(|g| g.fte).sum(),
            cost,
            dedicated_fte: queues.iter().map(|q| q.dedicated_fte).sum(),
            groups,
            queues,
        }
    }

    /// Each group over the term.
    fn groups(&self, rows: &[SharedBidMonth]) -> Vec<SharedBidGroup> {
        let (portfolio, skills) = (
            self.portfolio,
            self.portfolio.skills.as_ref().expect("groups"),
        );
        let term = rows.len().max(1) as f64;
        let rate = |g: usize| self.rate(g);
        skills
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| SharedBidGroup {
                group: group.name.clone(),
                skills: group
                    .skills
                    .iter()
                    .map(|s| portfolio.queues[s.queue].name.clone())
                    .collect(),
                agent_hours: rows.iter().map(|r| r.groups[g].agent_hours).sum(),
                fte: rows.iter().map(|r| r.groups[g].fte).sum::<f64>() / term,
                peak_fte: rows.iter().map(|r| r.groups[g].fte).fold(0.0, f64::max),
                cost: rows.iter().map(|r| r.groups[g].cost).sum(),
                hourly_cost: rate(g),
            })
            .collect()
    }

    /// Each queue over the term: its cost, price and risk, against its dedicated team.
    fn queues(&self, rows: &[SharedBidMonth]) -> Vec<SharedBidQueue> {
        let (portfolio, configs, dedicated, risk) =
            (self.portfolio, self.configs, self.dedicated, self.risk);
        let n = risk.replications.max(1) as f64;
        let term = rows.len().max(1) as f64;
        let shrinkage = |q: usize| self.shrinkage(q);
        portfolio
            .queues
            .iter()
            .enumerate()
            .map(|(q, queue)| {
                let config = configs[q];
                let cost: f64 = rows.iter().map(|r| r.queues[q].cost).sum();
                let handled: f64 = rows.iter().map(|r| r.queues[q].handled).sum();
                let (kappa, gamma) = (
                    risk.credit_shares[q].value() / n,
                    risk.gain_shares[q].value() / n,
                );
                let denominator = match config.price_risk {
                    PriceRisk::Include => 1.0 - config.margin - kappa + gamma,
                    PriceRisk::Show => 1.0 - config.margin,
                }
                .max(0.01);
                let revenue = cost / denominator;
                let riskiest = (0..rows.len())
                    .max_by(|&a, &b| {
                        rows[a].queues[q]
                            .p_miss_sla
                            .total_cmp(&rows[b].queues[q].p_miss_sla)
                    })
                    .unwrap_or(0);
                let dedicated_cost: f64 = dedicated[q]
                    .iter()
                    .map(|d| {
                        d.required_agent_hours / (1.0 - shrinkage(q))
                            * bid::blended_hourly_cost(config)
                            + config.overheads_per_month
                    })
                    .sum();
                SharedBidQueue {
                    queue: queue.name.clone(),
                    channel: queue.scenario.channel.kind(),
                    unit: queue.scenario.channel.priced_unit(),
                    handled,
                    fte: rows.iter().map(|r| r.queues[q].fte).sum::<f64>() / term,
                    cost,
                    revenue,
                    price_per_unit: revenue / handled.max(1e-9),
                    p_miss_sla: rows.iter().map(|r| r.queues[q].p_miss_sla).sum::<f64>() / term,
                    riskiest_month: rows
                        .get(riskiest)
                        .map_or(String::new(), |r| r.label.clone()),
                    riskiest_p_miss_sla: rows.get(riskiest).map_or(0.0, |r| r.queues[q].p_miss_sla),
                    expected_sla_credits: kappa * revenue,
                    expected_gain_share: gamma * revenue,
                    dedicated_fte: dedicated[q].iter().map(|d| d.required_fte).sum::<f64>() / term,
                    dedicated_cost,
                }
            })
            .collect()
    }
}

/// The months, groups, queues and totals from the staffing and the risk run.
fn assemble(
    portfolio: &Portfolio,
    configs: &[&BidConfig],
    (monthly, dedicated, months): (&[Vec<MonthPlan>], &[Vec<bid::BidMonth>], &[StaffedMonth]),
    risk: &RiskTally,
    (options, optimise): (SimOptions, SimOptions),
) -> SharedBid {
    let costing = Costing {
        portfolio,
        configs,
        monthly,
        dedicated,
        risk,
    };
    let rows: Vec<SharedBidMonth> = months
        .iter()
        .enumerate()
        .map(|(m, (_, agents))| costing.month(m, agents))
        .collect();
    let term = rows.len().max(1) as f64;
    let groups = costing.groups(&rows);
    let queues = costing.queues(&rows);
    let fte = rows.iter().map(|r| r.fte).sum::<f64>() / term;
    let dedicated_fte = queues.iter().map(|q| q.dedicated_fte).sum::<f64>();
    let totals = SharedBidTotals {
        fte,
        cost: rows.iter().map(|r| r.cost).sum(),
        revenue: queues.iter().map(|q| q.revenue).sum(),
        handled: queues.iter().map(|q| q.handled).sum(),
        dedicated_fte,
        dedicated_cost: queues.iter().map(|q| q.dedicated_cost).sum(),
        fte_saved: dedicated_fte - fte,
        expected_sla_credits: queues.iter().map(|q| q.expected_sla_credits).sum(),
    };
    SharedBid {
        portfolio: portfolio.name.clone(),
        term_months: configs[0].term_months,
        currency: portfolio.queues[0].scenario.cost.currency.clone(),
        risk_replications: risk.replications,
        optimisation_replications: optimise.replications,
        seed: options.seed,
        groups,
        queues,
        totals,
        months: rows,
    }
}

/// Queue `q`'s share of a group's hours: its share of the work the group did (`work[q]`), or of
/// its skills equally when the group took nothing.
fn work_share(work: &[f64], q: usize, group: &crate::portfolio::Group) -> f64 {
    let total: f64 = work.iter().sum();
    if total > 0.0 {
        work[q] / total
    } else if group.skills.iter().any(|s| s.queue == q) {
        1.0 / group.skills.len() as f64
    } else {
        0.0
    }
}

/// The volume-weighted mean handle time of a scenario's open intervals, in seconds.
fn mean_aht(scenario: &Scenario) -> f64 {
    let (volume, work) = scenario.open_intervals().fold((0.0, 0.0), |(v, w), i| {
        (v + i.volume, w + i.volume * i.aht.get())
    });
    if volume > 0.0 { work / volume } else { 0.0 }
}
