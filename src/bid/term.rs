//! The term simulated at a staffing: each month's model at the agents its hiring plan puts on
//! the phones, its replications on its own streams, the miss rule and the credit shares — and
//! the search for the smallest uplift of [`UPLIFTS`] whose months hold the bound.

use super::credits::{breaches_first, month_gain_share, replication_credits};
use super::hiring::{Hiring, hire};
use super::months::MonthPlan;
use super::shared::*;

/// A staffing uplift worked through: the months hired for it, the hiring, and its simulated risk.
#[derive(Clone)]
pub(super) struct Priced {
    pub(super) months: Vec<BidMonth>,
    pub(super) hiring: Hiring,
    pub(super) tally: risk::Tally,
}

/// What simulating the term needs, gathered once for every uplift tried.
pub(super) struct Term<'a> {
    pub(super) scenario: &'a Scenario,
    pub(super) config: &'a BidConfig,
    pub(super) monthly: &'a [MonthPlan],
    /// The months at the plain Erlang requirement.
    pub(super) base: &'a [BidMonth],
    pub(super) options: SimOptions,
    pub(super) progress: &'a dyn Progress,
    /// Each month's label, for the search's steps and messages.
    pub(super) labels: Vec<String>,
    /// Each month's share of the term's handled contacts (its share of the fees).
    fee_share: Vec<f64>,
    /// Each month's contacts to reach (a campaign's target).
    month_contacts: Vec<f64>,
}

/// The smallest uplift that holds the bound, and what was priced there.
pub(super) struct Search {
    /// The uplift found, `None` when none of [`UPLIFTS`] holds the bound.
    pub(super) staffing_uplift_for_bound: Option<f64>,
    /// The uplift priced: the one found, else the largest.
    pub(super) uplift: f64,
    /// The months, hiring and risk tally at `uplift`.
    pub(super) priced: Priced,
    /// Every uplift tried, in order.
    pub(super) steps: Vec<risk::RiskStep>,
}

impl<'a> Term<'a> {
    pub(super) fn new(
        scenario: &'a Scenario,
        config: &'a BidConfig,
        monthly: &'a [MonthPlan],
        base: &'a [BidMonth],
        options: SimOptions,
        progress: &'a dyn Progress,
    ) -> Self {
        let handled: f64 = base.iter().map(|m| m.handled).sum::<f64>().max(1e-9);
        Term {
            scenario,
            config,
            monthly,
            base,
            options,
            progress,
            labels: base.iter().map(|m| m.label.clone()).collect(),
            fee_share: base.iter().map(|m| m.handled / handled).collect(),
            month_contacts: monthly
                .iter()
                .map(|m| m.scenario.open_intervals().map(|d| d.volume).sum())
                .collect(),
        }
    }

    /// Month `m` staffed with `agents` per interval, with the bid's daily forecast error.
    fn model(&self, m: usize, agents: &[u32]) -> Result<sim::SimModel> {
        let mut s = self.monthly[m].scenario.clone();
        s.simulation.volume_cv = self
            .config
            .volume_cv
            .unwrap_or(self.scenario.simulation.volume_cv);
        sim::SimModel::new(&s, agents)
    }

    /// Replication `r` of month `m`: with a monthly forecast error, the month's arrival rates
    /// are scaled by the replication's draw first.
    fn replicate(&self, m: usize, model: &sim::SimModel, r: u64) -> Kpis {
        let seed = month_seed(self.options.seed, m);
        let replication = if self.config.monthly_cv > 0.0 {
            let factor = monthly_error(self.config, self.options.seed, m, r);
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
        let definition = self.scenario.target.service.definition();
        sim::campaign_kpis(model, Kpis::of(&total, definition), &total)
    }

    /// Whether month `m` missed with `k`: any SLA's mildest tier breached; without SLAs, its
    /// service level below the target — for a campaign, its contacts short of the target beyond
    /// the dialler's Poisson noise (2√target) or its abandonment above the cap.
    fn missed(&self, m: usize, k: &Kpis) -> bool {
        let slas = &self.config.slas;
        if let (Some(dialler), true) = (self.scenario.channel.outbound(), slas.is_empty()) {
            return !campaign_meets(
                k.contacts.unwrap_or(0.0),
                self.month_contacts[m],
                k.abandon_rate,
                dialler.max_abandon,
            );
        }
        if slas.is_empty() {
            let target = self.scenario.target.service.service_level();
            return k.service_level.is_some_and(|sl| sl < target);
        }
        slas.iter().any(|sla| breaches_first(sla, k))
    }

    /// One replication's credits (capped) and gain-share, as shares of the term's fees.
    fn shares(&self, row: &[Kpis]) -> risk::Shares {
        let config = self.config;
        let credit: f64 = replication_credits(&config.slas, row)
            .iter()
            .zip(&self.fee_share)
            .map(|(c, f)| c * f)
            .sum();
        let gain = row
            .iter()
            .zip(&self.fee_share)
            .map(|(k, f)| f * month_gain_share(&config.gain_share, k))
            .sum();
        (credit.min(config.sla_credit_cap), gain)
    }

    /// What the hiring plan for `uplift` puts on the phones, and every month simulated there on
    /// its own stream until each month is decided against the bound (see [`risk`]).
    pub(super) fn priced_at(&self, uplift: f64) -> Result<Priced> {
        let (config, options) = (self.config, self.options);
        let term = config.term_months as usize;
        let mut months = self.base.to_vec();
        for month in &mut months {
            month.required_fte *= uplift;
            month.required_agent_hours *= uplift;
        }
        let hiring = hire(config, &mut months);
        let models: Vec<sim::SimModel> = months
            .iter()
            .enumerate()
            .map(|(m, month)| {
                let ratio = month.effective_fte / self.base[m].required_fte.max(1e-9);
                self.model(m, &on_the_phones(&self.monthly[m].plan, ratio))
            })
            .collect::<Result<_>>()?;
        let cap = u64::from(options.replications);
        let tally = match options.ledger {
            // Alone, the run stops at the first block that decides every month.
            None => risk::run(term, cap, config.max_p_miss, &|range| {
                let mut block = [risk::BlockTally::new(term)];
                self.count(&models, range, &mut block, &|_| 0)?;
                let [block] = block;
                Ok(block)
            })?,
            // Sharded, every block up to the cap is counted, each shard its share, and the run
            // is decided on them at the merge.
            Some(ledger) => {
                let ends = risk::block_ends(cap);
                let blocks = sim::ledger::step(Some(ledger), &uplift_key(uplift), cap, |range| {
                    let mut blocks = vec![risk::BlockTally::new(term); ends.len()];
                    self.count(&models, range, &mut blocks, &|r| {
                        ends.partition_point(|end| *end <= r)
                    })?;
                    Ok(blocks)
                })?;
                risk::run(term, cap, config.max_p_miss, &|range| {
                    let at = ends.partition_point(|end| *end < range.end);
                    Ok(blocks.get(at).cloned().unwrap_or_default())
                })?
            }
        };
        Ok(Priced {
            months,
            hiring,
            tally,
        })
    }

    /// Simulates replications `range` of every month with `models` and counts each replication
    /// (its months, its misses and shares) into `blocks[block_of(r)]`.
    fn count(
        &self,
        models: &[sim::SimModel],
        range: std::ops::Range<u64>,
        blocks: &mut [risk::BlockTally],
        block_of: &(dyn Fn(u64) -> usize + Sync),
    ) -> Result<()> {
        let (options, progress) = (self.options, self.progress);
        let term = self.config.term_months as usize;
        let n = (range.end - range.start) as usize;
        progress.add_work((n * term) as u64);
        sim::on_threads(options.threads, || {
            // Replication-major, every month of each replication; a row is counted once whole.
            let mut row = Vec::with_capacity(term);
            sim::in_order(
                0..(n * term) as u64,
                16,
                progress,
                |k| {
                    let (r, m) = (k as usize / term, k as usize % term);
                    self.replicate(m, &models[m], range.start + r as u64)
                },
                |k, month| {
                    row.push(month);
                    if row.len() == term {
                        let r = range.start + k / term as u64;
                        let shares = self.shares(&row);
                        blocks[block_of(r)].count(&row, &|m, k| self.missed(m, k), shares);
                        row.clear();
                    }
                },
            )
        })?
    }

    /// Records every uplift the search could try (only the pinned one when the staffing is
    /// pinned): a shard cannot know which the search will reach, so it counts them all.
    pub(super) fn record_every_uplift(&self) -> Result<()> {
        match self.config.staffing_uplift {
            Some(uplift) => self.priced_at(uplift).map(|_| ()),
            None => UPLIFTS
                .iter()
                .try_for_each(|u| self.priced_at(*u).map(|_| ())),
        }
    }

    /// Binary search over [`UPLIFTS`] for the smallest uplift whose staffing holds the bound
    /// (P(miss) falls with staffing), from × 1 first: most bids land next to it, and a staffing
    /// that misses stops at its first deciding block.
    pub(super) fn search(&self) -> Result<Search> {
        let bound = self.config.max_p_miss;
        if let Some(uplift) = self.config.staffing_uplift {
            // Pinned: priced there, the bound held or not.
            let priced = self.priced_at(uplift)?;
            let step = risk::RiskStep::of(uplift, &priced.tally, &self.labels, bound);
            return Ok(Search {
                staffing_uplift_for_bound: priced.tally.accepted(bound).then_some(uplift),
                uplift,
                priced,
                steps: vec![step],
            });
        }
        let mut steps = Vec::new();
        let mut tried: Vec<Option<Priced>> = vec![None; UPLIFTS.len()];
        let mut accepts = |k: usize| -> Result<bool> {
            let priced = self.priced_at(UPLIFTS[k])?;
            steps.push(risk::RiskStep::of(
                UPLIFTS[k],
                &priced.tally,
                &self.labels,
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
        let chosen = lo.min(UPLIFTS.len() - 1);
        let uplift = UPLIFTS[chosen];
        let priced = match tried[chosen].take() {
            Some(priced) => priced,
            None => self.priced_at(uplift)?,
        };
        Ok(Search {
            staffing_uplift_for_bound: (lo < UPLIFTS.len()).then(|| UPLIFTS[lo]),
            uplift,
            priced,
            steps,
        })
    }
}

/// The ledger's name for the risk run at `uplift`.
fn uplift_key(uplift: f64) -> String {
    format!("bid uplift {uplift}")
}
