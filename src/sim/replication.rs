//! What every engine shares: the random streams of a replication, the forecast error drawn per
//! day, Poisson arrivals, and the per-interval counters a replication returns.

use super::model::SimModel;
pub(super) use super::rng::{self, SimRng};
use rand_distr::{Distribution, Exp1, Gamma};

/// The generator of replication `replication` of a run with base seed `seed` (see [`rng`]).
pub fn replication_rng(seed: u64, replication: u64) -> SimRng {
    rng::stream(seed, rng::Domain::Replication, replication)
}

/// Forecast error: one Gamma(1/cv², cv²) volume multiplier per day of `model`, mean 1 (all 1
/// without error).
pub fn day_factors(model: &SimModel, rng: &mut SimRng) -> Vec<f64> {
    if model.volume_cv > 0.0 {
        let shape = 1.0 / (model.volume_cv * model.volume_cv);
        let gamma = Gamma::new(shape, 1.0 / shape).expect("volume_cv > 0 was validated");
        (0..model.days).map(|_| gamma.sample(rng)).collect()
    } else {
        vec![1.0; model.days]
    }
}

/// The next Poisson arrival after `time` at `rate` per second (never, at rate 0).
#[inline]
pub fn next_arrival_after(rng: &mut SimRng, time: f64, rate: f64) -> f64 {
    if rate > 0.0 {
        let gap: f64 = Exp1.sample(rng);
        time + gap / rate
    } else {
        f64::INFINITY
    }
}

/// What happened in one interval of one replication.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct IntervalCounters {
    /// Contacts that arrived (fresh, retries and repeats).
    pub offered: u32,
    /// Of those, answered.
    pub answered: u32,
    /// Answered after waiting at most T.
    pub answered_within: u32,
    /// Abandoned (or still waiting when the simulation ended with no agents).
    pub abandoned: u32,
    /// Abandoned after waiting at most T.
    pub abandoned_within: u32,
    /// Contacts that had to wait (found no free agent).
    pub waited: u32,
    /// Σ waits of answered contacts, seconds.
    pub wait_answered: f64,
    /// Σ handle times of answered contacts, seconds.
    pub handle: f64,
    /// Agent-seconds on the phones during the interval.
    pub staffed_seconds: f64,
    /// Agent-seconds busy during the interval.
    pub busy_seconds: f64,
    /// The most contacts waiting at once during the interval.
    pub longest_queue: u32,
    /// Deferrable work only: items waiting at the interval's end (0 otherwise).
    pub backlog_at_end: u32,
    /// Outbound only: dials placed for the contacts that arrived (0 otherwise).
    pub dials: u32,
}

impl IntervalCounters {
    /// Counts a contact answered after `wait` (within the threshold `within` or not), handled in
    /// `handle` seconds.
    #[inline]
    pub fn count_answered(&mut self, wait: f64, within: f64, handle: f64) {
        self.answered += 1;
        self.wait_answered += wait;
        if wait <= within {
            self.answered_within += 1;
        }
        self.handle += handle;
    }

    /// Adds another interval's counts (for days and runs); the longest queue is the larger.
    /// Backlogs add up, which is meaningful only across replications of one interval.
    pub fn absorb(&mut self, other: &IntervalCounters) {
        self.offered += other.offered;
        self.answered += other.answered;
        self.answered_within += other.answered_within;
        self.abandoned += other.abandoned;
        self.abandoned_within += other.abandoned_within;
        self.waited += other.waited;
        self.wait_answered += other.wait_answered;
        self.handle += other.handle;
        self.staffed_seconds += other.staffed_seconds;
        self.busy_seconds += other.busy_seconds;
        self.longest_queue = self.longest_queue.max(other.longest_queue);
        self.backlog_at_end += other.backlog_at_end;
        self.dials += other.dials;
    }
}

/// The outcome of one replication.
#[derive(Debug, Clone, PartialEq)]
pub struct Replication {
    /// One entry per interval of the model.
    pub intervals: Vec<IntervalCounters>,
    /// Events processed: arrivals, service ends, abandonments and interval boundaries.
    pub events: u64,
    /// Contacts still queued at the end (only when the last agents were zero); counted as abandoned.
    pub stranded: u32,
}
