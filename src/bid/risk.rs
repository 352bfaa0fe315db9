//! A bid's SLA risk, decided the way it is reported.
//!
//! A staffing uplift is judged by simulating **every month of the term at the staffing the hiring
//! plan for that uplift puts on the phones**: the same engine, the same random streams and the
//! same miss rule as the figures the bid reports. Replications run jointly (replication `r` holds
//! every month, so credits with earn-back and a term cap can be counted), looked at after
//! [`FIRST_LOOK`] replications and then every [`BLOCK`], and stop as soon as every month is decided against the bound `max_p_miss`:
//!
//! - a month **holds** when the upper end of its 95 % Wilson interval is at or below the bound,
//!   or when the interval is narrower than ±[`precision`] (5 points, or half a smaller bound)
//!   and the estimate is at or below it;
//! - it **misses** when the lower end is above the bound, or when the interval is that narrow
//!   and the estimate is above it;
//! - otherwise it is **undecided**, and the next block is run, up to the replication cap.
//!
//! A step stops at the first month that misses. The accepted step's tally *is* the bid's risk:
//! the P(miss) the search accepted is the P(miss) reported. Decisions are taken at block
//! boundaries only and each block is folded in replication order, so the result is the same on
//! any number of threads.

use crate::error::Result;
use crate::sim::{ExactSum, Kpis};

/// Replications simulated together before the decision is looked at again: 40 is the fewest that
/// can show a 10 % bound holds (0 misses in 40 has a 95 % Wilson upper end of 8.8 %).
pub const BLOCK: u64 = 40;

/// The first look comes after this many replications: a staffing far short of the bound is
/// decided there (9 misses in 10 has a 95 % Wilson lower end of 60 %).
pub const FIRST_LOOK: u64 = 10;

/// A month is decided once its 95 % interval is at most this wide on either side (±5 points), or
/// half the bound when that is narrower (a 2 % bound is decided to ±1 point).
pub const PRECISION: f64 = 0.05;

/// The half-width at which a month is decided against `bound`: [`PRECISION`] or `bound ÷ 2`.
pub fn precision(bound: f64) -> f64 {
    PRECISION.min(bound / 2.0)
}

/// The Wilson 95 % interval of `k` successes in `n` trials.
///
/// # Formula
///
/// `(p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) ÷ (1 + z²/n)`, with the ends at 0 and 1 exact when
/// `k = 0` or `k = n` (Wilson 1927; Brown, Cai & DasGupta 2001).
pub fn wilson(k: u64, n: u64) -> [f64; 2] {
    if n == 0 {
        return [0.0, 1.0];
    }
    let (z, n_f) = (crate::units::Z_95, n as f64);
    let p = k as f64 / n_f;
    let centre = (p + z * z / (2.0 * n_f)) / (1.0 + z * z / n_f);
    let half = z * ((p * (1.0 - p) + z * z / (4.0 * n_f)) / n_f).sqrt() / (1.0 + z * z / n_f);
    let lo = if k == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let hi = if k == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    [lo, hi]
}

/// What the replications so far say of a month against the bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// P(miss) is at or below the bound.
    Holds,
    /// P(miss) is above the bound.
    Misses,
    /// The interval still straddles the bound and is wider than ±[`precision`].
    Undecided,
}

/// The verdict on `missed` misses in `n` replications against `bound` (see the module docs).
pub fn verdict(missed: u64, n: u64, bound: f64) -> Verdict {
    let [lo, hi] = wilson(missed, n);
    let p = missed as f64 / n.max(1) as f64;
    if n > 0 && hi <= bound {
        Verdict::Holds
    } else if n > 0 && lo > bound {
        Verdict::Misses
    } else if n > 0 && (hi - lo) / 2.0 <= precision(bound) {
        if p <= bound {
            Verdict::Holds
        } else {
            Verdict::Misses
        }
    } else {
        Verdict::Undecided
    }
}

/// Replications of a whole term at one staffing, counted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tally {
    /// Replications run.
    pub replications: u64,
    /// Per month: replications in which it missed.
    pub missed: Vec<u64>,
    /// Replications in which every month missed.
    pub every_month_missed: u64,
    /// Σ over replications of the term's capped credits as a share of revenue.
    pub credit_shares: ExactSum,
    /// Σ over replications of the term's gain-share as a share of revenue.
    pub gain_shares: ExactSum,
}

impl Tally {
    /// Expected credits and gain-share per unit of revenue (κ, γ): their shares of the fees,
    /// averaged over the replications.
    pub(crate) fn shares_per_replication(&self) -> (f64, f64) {
        let n = self.replications as f64;
        (self.credit_shares.value() / n, self.gain_shares.value() / n)
    }

    /// Adds the block `block` of replications, which ends at replication `end`.
    fn absorb(&mut self, block: &BlockTally, end: u64) {
        for (total, missed) in self.missed.iter_mut().zip(&block.missed) {
            *total += missed;
        }
        self.every_month_missed += block.every_month_missed;
        self.credit_shares.merge(&block.credit_shares);
        self.gain_shares.merge(&block.gain_shares);
        self.replications = end;
    }

    /// Sets each month's P(miss) and its 95 % interval (Wilson).
    pub(crate) fn fill(&self, months: &mut [super::BidMonth]) {
        for (m, month) in months.iter_mut().enumerate() {
            month.p_miss_sla = self.p_miss(m);
            month.p_miss_sla_ci95 = wilson(self.missed[m], self.replications);
        }
    }

    /// Month `m`'s P(miss).
    pub fn p_miss(&self, m: usize) -> f64 {
        self.missed[m] as f64 / self.replications.max(1) as f64
    }

    /// Month `m`'s verdict against `bound`.
    pub fn verdict(&self, m: usize, bound: f64) -> Verdict {
        verdict(self.missed[m], self.replications, bound)
    }

    /// The month with the highest P(miss) (the first on ties).
    pub fn worst_month(&self) -> usize {
        (0..self.missed.len()).fold(0, |worst, m| {
            if self.missed[m] > self.missed[worst] {
                m
            } else {
                worst
            }
        })
    }

    /// The staffing's verdict: misses when any month misses, holds when every month holds,
    /// undecided otherwise.
    pub fn overall(&self, bound: f64) -> Verdict {
        let verdicts: Vec<Verdict> = (0..self.missed.len())
            .map(|m| self.verdict(m, bound))
            .collect();
        if verdicts.contains(&Verdict::Misses) {
            Verdict::Misses
        } else if verdicts.iter().all(|v| *v == Verdict::Holds) {
            Verdict::Holds
        } else {
            Verdict::Undecided
        }
    }

    /// Whether the bid may be priced at this staffing: no month misses and, if some are still
    /// undecided at the replication cap, each one's estimate is at or below the bound.
    pub fn accepted(&self, bound: f64) -> bool {
        self.overall(bound) != Verdict::Misses
            && (0..self.missed.len()).all(|m| self.p_miss(m) <= bound)
    }
}

/// What one replication of the term contributes beyond its misses: (credit share, gain share).
pub type Shares = (f64, f64);

/// What a block of replications adds to a [`Tally`]: counts and exact sums only, so the blocks
/// that shards record add up to the whole run's (see [`crate::sim::ledger`]).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct BlockTally {
    /// Per month: replications in which it missed.
    pub missed: Vec<u64>,
    /// Replications in which every month missed.
    pub every_month_missed: u64,
    /// Σ of the replications' credit shares.
    pub credit_shares: ExactSum,
    /// Σ of the replications' gain shares.
    pub gain_shares: ExactSum,
}

impl BlockTally {
    /// An empty block of a term of `months` months.
    pub fn new(months: usize) -> Self {
        BlockTally {
            missed: vec![0; months],
            ..BlockTally::default()
        }
    }

    /// Counts one replication: `row` holds its months, `missed(m, kpis)` is the miss rule and
    /// `shares` its credit and gain shares.
    pub fn count(&mut self, row: &[Kpis], missed: &dyn Fn(usize, &Kpis) -> bool, shares: Shares) {
        let mut all = true;
        for (m, k) in row.iter().enumerate() {
            let miss = missed(m, k);
            self.missed[m] += u64::from(miss);
            all &= miss;
        }
        self.every_month_missed += u64::from(all);
        self.credit_shares.add(shares.0);
        self.gain_shares.add(shares.1);
    }
}

/// Where the run's blocks end: after [`FIRST_LOOK`] replications, then every [`BLOCK`], the last
/// at `max_replications`.
pub fn block_ends(max_replications: u64) -> Vec<u64> {
    let mut ends = Vec::new();
    let mut end = 0;
    while end < max_replications {
        end = if end == 0 {
            FIRST_LOOK
        } else {
            (end / BLOCK + 1) * BLOCK
        }
        .min(max_replications);
        ends.push(end);
    }
    ends
}

/// Runs replications of a term of `months` months in blocks (see [`block_ends`]) until every
/// month is decided against `bound` or `max_replications` have run; `block(range)` counts
/// replications `range`.
pub fn run(
    months: usize,
    max_replications: u64,
    bound: f64,
    block: &dyn Fn(std::ops::Range<u64>) -> Result<BlockTally>,
) -> Result<Tally> {
    let mut tally = Tally {
        missed: vec![0; months],
        ..Tally::default()
    };
    for end in block_ends(max_replications) {
        let counted = block(tally.replications..end)?;
        tally.absorb(&counted, end);
        if tally.overall(bound) != Verdict::Undecided {
            break;
        }
    }
    Ok(tally)
}

/// One staffing the search tried, as the bid reports it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RiskStep {
    /// Staffing × the Erlang requirement the hiring plan was built for.
    pub uplift: f64,
    /// Replications simulated (every month of the term in each).
    pub replications: u64,
    /// The month with the highest P(miss).
    pub worst_month: String,
    /// Its P(miss).
    pub p_miss: f64,
    /// Its 95 % interval (Wilson).
    pub p_miss_ci95: [f64; 2],
    /// The staffing's verdict against the bound.
    pub verdict: Verdict,
    /// Whether the bid may be priced here.
    pub accepted: bool,
}

impl RiskStep {
    /// The step a tally at `uplift` makes, with the months' labels.
    pub fn of(uplift: f64, tally: &Tally, labels: &[String], bound: f64) -> Self {
        let worst = tally.worst_month();
        RiskStep {
            uplift,
            replications: tally.replications,
            worst_month: labels.get(worst).cloned().unwrap_or_default(),
            p_miss: tally.p_miss(worst),
            p_miss_ci95: wilson(
                tally.missed.get(worst).copied().unwrap_or(0),
                tally.replications,
            ),
            verdict: tally.overall(bound),
            accepted: tally.accepted(bound),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_the_published_intervals() {
        // Brown, Cai & DasGupta (2001), and the closed form by hand: 0 of 40 → [0, 0.0876];
        // 4 of 40 → [0.0396, 0.2306]; 50 of 100 → [0.4038, 0.5962].
        let close =
            |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).abs() < 5e-4 && (a[1] - b[1]).abs() < 5e-4;
        assert!(close(wilson(0, 40), [0.0, 0.0876]), "{:?}", wilson(0, 40));
        assert!(
            close(wilson(4, 40), [0.0396, 0.2306]),
            "{:?}",
            wilson(4, 40)
        );
        assert!(
            close(wilson(50, 100), [0.4038, 0.5962]),
            "{:?}",
            wilson(50, 100)
        );
        assert_eq!(wilson(7, 7)[1], 1.0);
    }

    #[test]
    fn a_month_holds_misses_or_waits_for_more_replications() {
        assert_eq!(verdict(0, 40, 0.10), Verdict::Holds);
        assert_eq!(verdict(0, 8, 0.10), Verdict::Undecided, "0 of 8: [0, 32 %]");
        assert_eq!(verdict(40, 40, 0.10), Verdict::Misses);
        assert_eq!(verdict(4, 40, 0.10), Verdict::Undecided);
        // 30 of 400 = 7.5 %, interval ±2.6 points: decided on the estimate.
        assert_eq!(verdict(30, 400, 0.10), Verdict::Holds);
        assert_eq!(verdict(46, 400, 0.10), Verdict::Misses);
        // A 2 % bound is decided to ±1 point: 2 in 80 (2.5 %, ±4 points) is not yet a miss.
        assert_eq!(verdict(2, 80, 0.02), Verdict::Undecided);
    }

    #[test]
    fn blocks_end_at_the_first_look_then_every_block_up_to_the_cap() {
        assert_eq!(block_ends(130), vec![10, 40, 80, 120, 130]);
        assert_eq!(block_ends(8), vec![8]);
        assert_eq!(block_ends(0), Vec::<u64>::new());
    }

    #[test]
    fn the_run_stops_at_the_first_block_that_decides_every_month() {
        let kpis = |miss: bool| Kpis {
            offered: 100.0,
            answered: 100.0,
            service_level: Some(if miss { 0.5 } else { 0.9 }),
            asa: None,
            abandon_rate: None,
            occupancy: None,
            p_wait: None,
            longest_queue: 0.0,
            backlog: None,
            contacts: None,
            dials: None,
        };
        // Month 0 never misses, month 1 misses one replication in 20.
        let missed = |_: usize, k: &Kpis| k.service_level.is_some_and(|s| s < 0.8);
        let block = |r: std::ops::Range<u64>| -> Result<BlockTally> {
            let mut counted = BlockTally::new(2);
            for r in r {
                counted.count(&[kpis(false), kpis(r % 20 == 0)], &missed, (0.0, 0.0));
            }
            Ok(counted)
        };
        let tally = run(2, 1000, 0.10, &block).unwrap();
        // 5 % misses: 2 in 40 and 4 in 80 straddle the bound, 6 in 120 is decided (±4.1 points).
        assert_eq!(tally.missed[0], 0);
        assert_eq!(tally.verdict(1, 0.10), Verdict::Holds);
        assert_eq!(tally.replications, 120, "6 misses in 120: ±4.1 points");
        assert_eq!(tally.missed[1], tally.replications / 20);
        let shy = run(2, 8, 0.10, &block).unwrap();
        assert_eq!(shy.replications, 8);
        assert_eq!(
            shy.overall(0.10),
            Verdict::Undecided,
            "1 miss in 8 is 12.5 %, [2, 47 %]"
        );
        assert!(
            !shy.accepted(0.10),
            "an undecided month above the bound is not accepted"
        );
    }
}
