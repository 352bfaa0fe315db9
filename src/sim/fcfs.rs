//! One replication: a single FCFS queue with time-varying staffing, simulated contact by contact.
//!
//! # Method
//!
//! Under first-come-first-served a contact's fate depends only on the contacts that arrived
//! before it, so contacts can be taken one at a time in arrival order — the multi-server
//! recursion of Kiefer and Wolfowitz (*On the theory of queues with many servers*, Trans. AMS
//! 78, 1955), extended to impatience. The state is each agent's next free time `f`, in a
//! min-heap. A contact arriving at `a` with patience `p` would start at
//!
//! `s = max(a, min f)`
//!
//! It is answered when `s − a ≤ p` (a start and an abandonment at the same instant go to the
//! start); the agent is then free at `s + h`. Otherwise it abandons at `a + p` and leaves the
//! agents as they were. Service starts in arrival order never decrease, which is what makes the
//! recursion exact; patience is drawn only for contacts that have to wait.
//!
//! Staffing changes at interval boundaries, applied in time order as soon as the next arrival or
//! a waiting contact's start reaches them. When staffing falls, idle agents go at once and busy
//! ones finish their contact first: the agents that leave are the ones next free, exactly as an
//! event-driven simulation would choose them. When the centre closes or the horizon ends,
//! arrivals stop and the agents on the phones clear the queue, then go. At one instant a
//! boundary comes first, then agents finishing, then arrivals (retries and repeats before fresh
//! ones).
//!
//! Fresh arrivals are a Poisson process, piecewise constant per interval (drawn afresh from each
//! boundary, valid because it is memoryless). Retries and repeat contacts wait in a small heap
//! and join the arrival order when their time comes.
//!
//! Nothing is stored per contact beyond the service starts and abandonment times of the contacts
//! still waiting (to know the queue's length): statistics are streamed into per-interval
//! counters, keyed by the interval in which the contact arrived (agent time by the interval in
//! which it is spent).

use super::agents::FreeTimes;
use super::model::SimModel;
use super::replication::{
    IntervalCounters, Replication, SimRng, day_factors, next_arrival_after, replication_rng,
};
use rand::RngExt;
use rand_distr::{Distribution, Exp1};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
/// A time as heap key: a non-negative `f64` orders as its bits do.
#[inline]
fn key(time: f64) -> Reverse<u64> {
    Reverse((time + 0.0).to_bits())
}

#[inline]
fn time_of(key: &Reverse<u64>) -> f64 {
    f64::from_bits(key.0)
}

/// The state of the centre during a replication.
struct Centre<'a> {
    model: &'a SimModel,
    rng: SimRng,
    counters: Vec<IntervalCounters>,
    /// Each agent on the phones: the time it is next free (in the past when idle).
    free_at: FreeTimes,
    /// Busy agents who go home when they finish: the time they do.
    leaving: Vec<f64>,
    /// Closed or past the horizon: the agents clear the queue, then go.
    draining: bool,
    /// Boundaries applied so far; boundary `j` starts interval `j` (`j = n` ends the horizon).
    entered: usize,
    /// The time of boundary `entered` (infinite once the horizon's is applied).
    next_boundary: f64,
    /// Service starts of the contacts that waited (non-decreasing), and the abandonment times of
    /// those that gave up: a contact is in the queue from its arrival until then.
    leave_queue_served: VecDeque<f64>,
    leave_queue_abandoned: BinaryHeap<Reverse<u64>>,
    /// Retries and repeat contacts not yet arrived.
    returns: BinaryHeap<Reverse<u64>>,
    events: u64,
    stranded: u32,
    /// Deferrable work only: a difference array over boundaries of the contacts waiting at
    /// each (a contact waits at boundary `j` when it arrived before it and starts after it).
    backlog_diff: Vec<i64>,
}

/// Runs replication `replication` of `model` with base seed `seed` on the FCFS engine.
pub(super) fn run_fcfs_replication(model: &SimModel, seed: u64, replication: u64) -> Replication {
    let mut centre = Centre::new(model, replication_rng(seed, replication));
    centre.run();
    centre.finish()
}

impl<'a> Centre<'a> {
    fn new(model: &'a SimModel, rng: SimRng) -> Self {
        Centre {
            model,
            rng,
            counters: vec![IntervalCounters::default(); model.intervals.len()],
            free_at: FreeTimes::default(),
            leaving: Vec::new(),
            draining: false,
            entered: 0,
            next_boundary: 0.0,
            leave_queue_served: VecDeque::new(),
            leave_queue_abandoned: BinaryHeap::new(),
            returns: BinaryHeap::new(),
            events: 0,
            stranded: 0,
            backlog_diff: if model.deferral.is_some() {
                vec![0; model.intervals.len() + 2]
            } else {
                Vec::new()
            },
        }
    }

    /// Applies the boundaries left (the horizon's last): the last agents clear the queue.
    fn finish(mut self) -> Replication {
        while self.entered <= self.model.intervals.len() {
            self.enter_next();
        }
        if !self.backlog_diff.is_empty() {
            let mut waiting = 0i64;
            for (j, counters) in self.counters.iter_mut().enumerate() {
                waiting += self.backlog_diff[j + 1];
                counters.backlog_at_end = waiting.max(0) as u32;
            }
        }
        Replication {
            intervals: self.counters,
            events: self.events,
            stranded: self.stranded,
        }
    }

    fn run(&mut self) {
        let model = self.model;
        let length = model.interval_seconds;
        let day_factor = day_factors(model, &mut self.rng);
        for (i, interval) in model.intervals.iter().enumerate() {
            let end = (i + 1) as f64 * length;
            let rate = interval.rate * day_factor[interval.day];
            let mut next = self.next_arrival_after(i as f64 * length, rate);
            loop {
                // Retries and repeats due by the next fresh arrival come first; in a closed
                // interval nobody is there to take them.
                while let Some(due) = self.returns.peek().map(time_of) {
                    if due > next || due >= end {
                        break;
                    }
                    self.returns.pop();
                    if interval.open {
                        self.offer(due, i);
                    }
                }
                if next >= end {
                    break;
                }
                self.offer(next, i);
                next = self.next_arrival_after(next, rate);
            }
        }
    }

    fn next_arrival_after(&mut self, time: f64, rate: f64) -> f64 {
        next_arrival_after(&mut self.rng, time, rate)
    }

    /// Whether a boundary not yet applied comes at or before `time` (an infinite `time` reaches
    /// all of them).
    #[inline]
    fn boundary_by(&self, time: f64) -> bool {
        self.next_boundary <= time && self.entered <= self.model.intervals.len()
    }

    /// A contact arriving at `arrival` in interval `interval`: answered or abandoned.
    fn offer(&mut self, arrival: f64, interval: usize) {
        while self.boundary_by(arrival) {
            self.enter_next();
        }
        self.events += 1;
        self.counters[interval].offered += 1;
        if let Some(campaign) = &self.model.outbound {
            // The right party's dial, and the unanswered ones before it.
            let failures = campaign.failures.sample(&mut self.rng);
            let counters = &mut self.counters[interval];
            counters.dials = counters
                .dials
                .saturating_add(1 + failures.min(u64::from(u32::MAX)) as u32);
        }
        // The first agent free, once the boundaries before then have changed the staffing.
        let start = loop {
            let free = self.free_at.first().unwrap_or(f64::INFINITY);
            let start = if free > arrival { free } else { arrival };
            if self.boundary_by(start) {
                self.enter_next();
            } else {
                break start;
            }
        };
        let wait = start - arrival;
        if wait > 0.0 {
            let model = self.model;
            if !self.backlog_diff.is_empty() {
                self.count_backlog(arrival, start);
            }
            let patience = model.patience.sample(&mut self.rng);
            self.join_queue(arrival, interval);
            if wait > patience || !start.is_finite() {
                let counters = &mut self.counters[interval];
                counters.abandoned += 1;
                if patience.is_finite() {
                    let gives_up = arrival + patience;
                    self.leave_queue_abandoned.push(key(gives_up));
                    self.events += 1;
                    if patience <= model.within {
                        counters.abandoned_within += 1;
                    }
                    if model.retry_probability > 0.0
                        && self.rng.random::<f64>() < model.retry_probability
                    {
                        self.schedule_return(gives_up, model.retry_delay);
                    }
                } else {
                    // No agent will ever come: it waits until the end, counted as abandoned.
                    self.leave_queue_abandoned.push(key(f64::INFINITY));
                    self.stranded += 1;
                }
                return;
            }
            self.leave_queue_served.push_back(start);
        }
        self.serve(interval, start, wait);
    }

    /// Marks a contact waiting at every boundary strictly between its arrival and its start
    /// (to the end when it never starts).
    fn count_backlog(&mut self, arrival: f64, start: f64) {
        let length = self.model.interval_seconds;
        let last = self.backlog_diff.len() - 1;
        let first = ((arrival / length).floor() as usize + 1).min(last);
        let past = if start.is_finite() {
            ((start / length).ceil() as usize).min(last)
        } else {
            last
        };
        if past > first {
            self.backlog_diff[first] += 1;
            self.backlog_diff[past] -= 1;
        }
    }

    /// Counts a contact that has to wait, and the queue it joins.
    fn join_queue(&mut self, arrival: f64, interval: usize) {
        while self
            .leave_queue_served
            .front()
            .is_some_and(|&t| t <= arrival)
        {
            self.leave_queue_served.pop_front();
        }
        while self
            .leave_queue_abandoned
            .peek()
            .is_some_and(|k| time_of(k) <= arrival)
        {
            self.leave_queue_abandoned.pop();
        }
        let queue = self.leave_queue_served.len() + self.leave_queue_abandoned.len() + 1;
        let counters = &mut self.counters[interval];
        counters.waited += 1;
        counters.longest_queue = counters.longest_queue.max(queue as u32);
    }

    /// The first agent free takes the contact at `start`.
    fn serve(&mut self, interval: usize, start: f64, wait: f64) {
        let model = self.model;
        let handle = model
            .service
            .sample(&mut self.rng, model.intervals[interval].aht);
        let end = start + handle;
        let wait = model.wait_on_clock(wait, start);
        self.counters[interval].count_answered(wait, model.within, handle);
        self.free_at.replace_first(end);
        self.events += 1;
        // The boundaries up to `start` are applied and the next is later: `start` falls in the
        // interval of the last one.
        self.charge_busy(self.entered - 1, start, end);
        if model.fcr < 1.0 && self.rng.random::<f64>() >= model.fcr {
            self.schedule_return(end, model.repeat_delay);
        }
    }

    /// Charges agent time busy from `from` (in interval `k`) to `to` to the intervals it falls
    /// in (in a closed interval the agents clearing the queue are there only while busy).
    #[inline]
    fn charge_busy(&mut self, mut k: usize, from: f64, to: f64) {
        if to <= self.next_boundary && !self.draining {
            // Most contacts end in the open interval they start in.
            self.counters[k].busy_seconds += to - from;
            return;
        }
        let length = self.model.interval_seconds;
        let mut time = from;
        while time < to && k < self.counters.len() {
            let edge = ((k + 1) as f64 * length).min(to);
            let counters = &mut self.counters[k];
            counters.busy_seconds += edge - time;
            if self.model.drains_at(k) {
                counters.staffed_seconds += edge - time;
            }
            time = edge;
            k += 1;
        }
    }

    /// A retry or repeat contact after an exponential delay, if it falls inside the horizon.
    fn schedule_return(&mut self, from: f64, mean_delay: f64) {
        let delay: f64 = Exp1.sample(&mut self.rng);
        let time = from + mean_delay * delay;
        if time < self.model.horizon() {
            self.returns.push(key(time));
        }
    }

    /// Applies the next boundary: the staffing of the interval it starts, or closing.
    fn enter_next(&mut self) {
        let model = self.model;
        let n = model.intervals.len();
        let j = self.entered;
        self.entered += 1;
        self.events += 1;
        let length = model.interval_seconds;
        let at = j as f64 * length;
        self.next_boundary = if j < n {
            (j + 1) as f64 * length
        } else {
            f64::INFINITY
        };
        // Agents who left on finishing a contact were on the phones until then (an agent
        // finishing at the boundary itself is still there when it is applied).
        if j > 0 {
            let before = &mut self.counters[j - 1];
            self.leaving.retain(|&free| {
                if free < at {
                    before.staffed_seconds -= at - free;
                }
                free >= at
            });
        }
        if j == n && model.deferral.is_some() {
            // Deferrable work: the horizon ends, everyone goes, and what waits stays waiting.
            self.leaving.clear();
            self.free_at.clear();
            return;
        }
        let open = j < n && !model.drains_at(j);
        if !open {
            // Closed or past the horizon: everyone busy clears the queue; the idle go home.
            for free in self.leaving.drain(..) {
                self.free_at.push(free);
            }
            self.pop_free_before(at);
            self.draining = true;
            return;
        }
        if self.draining {
            // Agents who finished clearing the queue went home then.
            self.pop_free_before(at);
            self.draining = false;
        }
        let target = model.intervals[j].agents as usize;
        let present = self.free_at.len() + self.leaving.len();
        for free in self.leaving.drain(..) {
            self.free_at.push(free);
        }
        if present >= target {
            // The agents next free leave: idle ones now, busy ones when they finish.
            for _ in target..present {
                let free = self.free_at.pop().unwrap_or(at);
                if free >= at {
                    self.leaving.push(free);
                }
            }
        } else {
            for _ in present..target {
                self.free_at.push(at);
            }
        }
        let on_phones = self.free_at.len() + self.leaving.len();
        self.counters[j].staffed_seconds += on_phones as f64 * length;
    }

    /// Removes the agents free before `time`.
    fn pop_free_before(&mut self, time: f64) {
        while self.free_at.first().is_some_and(|free| free < time) {
            self.free_at.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::model::{PatienceSampler, ServiceSampler, SimInterval};

    /// Half-hour intervals with these agents (0 = closed), 300-second handle times, nobody
    /// abandons, answered within 20 s counts.
    fn model(agents: &[u32]) -> SimModel {
        SimModel {
            interval_seconds: 1800.0,
            intervals: agents
                .iter()
                .map(|&a| SimInterval {
                    rate: 0.0,
                    aht: 300.0,
                    agents: a,
                    open: a > 0,
                    day: 0,
                })
                .collect(),
            days: 1,
            within: 20.0,
            service: ServiceSampler::Fixed,
            patience: PatienceSampler::None,
            volume_cv: 0.0,
            fcr: 1.0,
            repeat_delay: 0.0,
            retry_probability: 0.0,
            retry_delay: 0.0,
            sessions: vec![1.0],
            deferral: None,
            outbound: None,
        }
    }

    fn offered(model: &SimModel, arrivals: &[(f64, usize)]) -> Replication {
        let mut centre = Centre::new(model, replication_rng(1, 0));
        for &(time, interval) in arrivals {
            centre.offer(time, interval);
        }
        centre.finish()
    }

    #[test]
    fn one_agent_serves_contacts_in_arrival_order_and_the_queue_is_counted() {
        let m = model(&[1, 1]);
        let r = offered(&m, &[(0.0, 0), (100.0, 0), (200.0, 0)]);
        let c = r.intervals[0];
        // Starts at 0, 300 and 600: waits 0, 200 and 400.
        assert_eq!((c.offered, c.answered, c.answered_within), (3, 3, 1));
        assert_eq!((c.waited, c.longest_queue), (2, 2));
        assert_eq!(c.wait_answered, 600.0);
        assert_eq!((c.busy_seconds, c.staffed_seconds), (900.0, 1800.0));
        assert_eq!(r.intervals[1].staffed_seconds, 1800.0);
        // 3 arrivals, 3 service ends, 3 boundaries.
        assert_eq!(r.events, 9);
    }

    #[test]
    fn when_staffing_falls_the_agent_next_free_leaves_and_takes_no_new_contact() {
        let m = model(&[2, 1]);
        // Both agents busy over the 1800 s boundary, until 2000 and 2050; one must go.
        let r = offered(&m, &[(1700.0, 0), (1750.0, 0), (1900.0, 1)]);
        let [first, second] = [r.intervals[0], r.intervals[1]];
        assert_eq!(first.busy_seconds, 150.0);
        assert_eq!(first.staffed_seconds, 3600.0);
        // The agent free at 2000 goes home; the 1900 contact waits for the other, free at 2050.
        assert_eq!(second.wait_answered, 150.0);
        assert_eq!(second.staffed_seconds, 1800.0 + 200.0);
        assert_eq!(second.busy_seconds, 200.0 + 250.0 + 300.0);
    }

    #[test]
    fn when_the_centre_closes_the_agents_clear_the_queue_then_go() {
        let m = model(&[1, 0, 1]);
        let r = offered(&m, &[(1700.0, 0), (1750.0, 0), (3700.0, 2)]);
        let [open, closed, reopened] = [r.intervals[0], r.intervals[1], r.intervals[2]];
        // The 1750 contact is answered at 2000 by the agent still on the phones.
        assert_eq!((open.answered, open.wait_answered), (2, 250.0));
        assert_eq!(
            (closed.busy_seconds, closed.staffed_seconds),
            (500.0, 500.0)
        );
        // After reopening, a fresh agent answers at once.
        assert_eq!((reopened.answered, reopened.waited), (1, 0));
        assert_eq!(reopened.staffed_seconds, 1800.0);
    }

    #[test]
    fn with_no_agents_ever_a_patient_contact_is_stranded_and_counted_abandoned() {
        let m = model(&[0, 0]);
        let mut open = m.clone();
        open.intervals[0].open = true;
        let r = offered(&open, &[(10.0, 0)]);
        assert_eq!((r.intervals[0].abandoned, r.stranded), (1, 1));
    }

    #[test]
    fn staffing_that_rises_takes_the_waiting_contact_at_the_boundary() {
        let mut m = model(&[1, 2]);
        m.patience = PatienceSampler::Exponential(1e12);
        // The agent is busy 1600..1900; the 1700 contact gets the new agent at 1800.
        let r = offered(&m, &[(1600.0, 0), (1700.0, 0)]);
        assert_eq!(r.intervals[0].wait_answered, 100.0);
        assert_eq!(r.intervals[0].busy_seconds, 200.0);
        assert_eq!(r.intervals[1].busy_seconds, 100.0 + 300.0);
    }

    /// `model(agents)` as deferrable work: the queue waits through closed intervals.
    fn deferrable(agents: &[u32], open_hours: bool) -> SimModel {
        let mut m = model(agents);
        m.within = 3600.0;
        m.deferral = Some(crate::sim::Deferral {
            open_hours: open_hours.then(|| {
                crate::queueing::backlog::OpenClock::new(1800.0, agents.iter().map(|&a| a > 0))
            }),
        });
        m
    }

    #[test]
    fn deferrable_work_waits_overnight_and_is_taken_oldest_first_in_the_morning() {
        let m = deferrable(&[1, 0, 0, 1], false);
        // The agent is busy 1700..2000 and goes home; 1750 and 1790 wait for the reopening.
        let r = offered(&m, &[(1700.0, 0), (1750.0, 0), (1790.0, 0)]);
        let c = r.intervals[0];
        assert_eq!((c.offered, c.answered, r.stranded), (3, 3, 0));
        // Oldest first: 1750 starts at 5400, 1790 at 5700.
        assert_eq!(c.wait_answered, (5400.0 - 1750.0) + (5700.0 - 1790.0));
        let backlog: Vec<u32> = r.intervals.iter().map(|c| c.backlog_at_end).collect();
        // 1750 starts at 5400 itself, so only 1790 is still waiting at that boundary.
        assert_eq!(backlog, vec![2, 2, 1, 0]);
        // Within an hour of calendar time: only the first.
        assert_eq!(c.answered_within, 1);
        // Nobody is on the phones while closed: only the agent finishing 1800..2000.
        assert_eq!(r.intervals[1].staffed_seconds, 200.0);
    }

    #[test]
    fn on_the_open_hours_clock_the_closed_night_does_not_count() {
        let m = deferrable(&[1, 0, 0, 1], true);
        let r = offered(&m, &[(1700.0, 0), (1750.0, 0), (1790.0, 0)]);
        let c = r.intervals[0];
        // Open-hours waits: 50 and 300 + 10 seconds.
        assert_eq!(c.wait_answered, 50.0 + 310.0);
        assert_eq!(c.answered_within, 3);
    }

    #[test]
    fn deferrable_work_left_at_the_horizons_end_stays_in_the_backlog() {
        let m = deferrable(&[1, 0], false);
        let r = offered(&m, &[(1700.0, 0), (1750.0, 0)]);
        assert_eq!((r.intervals[0].answered, r.stranded), (1, 1));
        assert_eq!(r.intervals[1].backlog_at_end, 1);
    }
}
