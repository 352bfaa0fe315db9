//! One replication: the event loop of a single FCFS queue with time-varying staffing.
//!
//! Three streams of events are merged by time: interval boundaries (staffing changes), fresh
//! arrivals (a Poisson process, piecewise constant per interval, regenerated at each boundary —
//! valid because it is memoryless), and the calendar (service ends, abandonments, retries and
//! repeat contacts). At equal times boundaries come first, then calendar events (service ends,
//! then retries and repeats, then abandonments in queue order), then fresh arrivals.
//!
//! Nothing is stored per contact beyond the contacts waiting in the queue: statistics are
//! streamed into per-interval counters, keyed by the interval in which the contact arrived
//! (agent time by the interval in which it is spent).

use super::calendar::{Calendar, Packed};
use super::model::SimModel;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Exp1, Gamma};
use std::collections::VecDeque;

/// The random-number generator of one replication: portable and fast.
pub(super) type SimRng = rand::rngs::Xoshiro256PlusPlus;

/// The generator for replication `replication` of a run with base seed `seed`: a SplitMix64
/// mix of both, so streams are independent of how replications are spread over threads.
pub fn replication_rng(seed: u64, replication: u64) -> SimRng {
    let mut z = seed
        ^ replication
            .wrapping_add(1)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    SimRng::seed_from_u64(z ^ (z >> 31))
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
}

impl IntervalCounters {
    /// Adds another interval's counts (for days and runs); the longest queue is the larger.
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
    }
}

/// The outcome of one replication.
#[derive(Debug, Clone, PartialEq)]
pub struct Replication {
    /// One entry per interval of the model.
    pub intervals: Vec<IntervalCounters>,
    /// Events processed (arrivals, service ends, abandonments, boundaries).
    pub events: u64,
    /// Contacts still queued at the end (only when the last agents were zero); counted as abandoned.
    pub stranded: u32,
}

/// What the calendar holds. Simultaneous events come out in this order: service ends (the agent
/// is free first), then retries and repeats, then abandonments in queue order.
#[derive(Debug, Clone, Copy)]
enum Event {
    ServiceEnd,
    /// The queue position (sequence number) of a waiting contact whose patience runs out.
    Abandon(u64),
    /// A retry or repeat contact arriving.
    Arrival,
}

impl Packed for Event {
    #[inline]
    fn pack(self) -> u64 {
        match self {
            Event::ServiceEnd => 0,
            Event::Arrival => 1,
            Event::Abandon(sequence) => sequence + 2,
        }
    }

    #[inline]
    fn unpack(code: u64) -> Self {
        match code {
            0 => Event::ServiceEnd,
            1 => Event::Arrival,
            sequence => Event::Abandon(sequence - 2),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Waiting {
    arrival: f64,
    interval: u32,
    abandoned: bool,
}

/// The state of the centre during a replication.
struct Centre<'a> {
    model: &'a SimModel,
    rng: SimRng,
    calendar: Calendar<Event>,
    counters: Vec<IntervalCounters>,
    now: f64,
    /// The interval the clock is in (== number of intervals after the horizon).
    clock: usize,
    busy: u32,
    idle: u32,
    /// Busy agents who leave when they finish their contact.
    to_leave: u32,
    /// Closed or past the horizon: agents clear the queue, then go.
    draining: bool,
    queue: VecDeque<Waiting>,
    /// Sequence number of `queue[0]`.
    head: u64,
    /// Waiting contacts that have not abandoned.
    live: u32,
    events: u64,
}

/// Runs replication `replication` of `model` with base seed `seed`.
pub fn run_replication(model: &SimModel, seed: u64, replication: u64) -> Replication {
    let mut centre = Centre {
        model,
        rng: replication_rng(seed, replication),
        calendar: Calendar::default(),
        counters: vec![IntervalCounters::default(); model.intervals.len()],
        now: 0.0,
        clock: 0,
        busy: 0,
        idle: 0,
        to_leave: 0,
        draining: false,
        queue: VecDeque::new(),
        head: 0,
        live: 0,
        events: 0,
    };
    centre.run();
    let stranded = centre.strand_remaining();
    Replication {
        intervals: centre.counters,
        events: centre.events,
        stranded,
    }
}

impl Centre<'_> {
    fn run(&mut self) {
        let model = self.model;
        let n = model.intervals.len();
        if n == 0 {
            return;
        }
        let length = model.interval_seconds;
        let horizon = model.horizon();
        // Forecast error: one Gamma(1/cv², cv²) multiplier per day, mean 1.
        let day_factor: Vec<f64> = if model.volume_cv > 0.0 {
            let shape = 1.0 / (model.volume_cv * model.volume_cv);
            let gamma = Gamma::new(shape, 1.0 / shape).expect("volume_cv > 0 was validated");
            (0..model.days)
                .map(|_| gamma.sample(&mut self.rng))
                .collect()
        } else {
            vec![1.0; model.days]
        };
        let rate_of = |i: usize| model.intervals[i].rate * day_factor[model.intervals[i].day];

        self.enter_interval(0);
        let mut rate = rate_of(0);
        let mut next_arrival = self.next_arrival_after(0.0, rate);
        let mut next_boundary = length;

        loop {
            let next_event = self.calendar.next_time().unwrap_or(f64::INFINITY);
            if next_boundary <= next_event
                && next_boundary <= next_arrival
                && next_boundary.is_finite()
            {
                self.advance(next_boundary);
                self.events += 1;
                self.clock += 1;
                if self.clock < n {
                    self.enter_interval(self.clock);
                    rate = rate_of(self.clock);
                    next_arrival = self.next_arrival_after(next_boundary, rate);
                    next_boundary = (self.clock + 1) as f64 * length;
                } else {
                    // The horizon ends: arrivals stop, the last agents clear the queue.
                    self.start_draining();
                    next_arrival = f64::INFINITY;
                    next_boundary = f64::INFINITY;
                }
            } else if next_event <= next_arrival {
                if !next_event.is_finite() {
                    break;
                }
                let (time, event) = self
                    .calendar
                    .pop()
                    .expect("a finite next time means an event");
                self.advance(time);
                self.events += 1;
                match event {
                    Event::ServiceEnd => self.service_end(),
                    Event::Abandon(sequence) => self.abandon(sequence),
                    Event::Arrival => {
                        if time < horizon && model.intervals[self.clock].open {
                            self.arrival();
                        }
                    }
                }
            } else {
                self.advance(next_arrival);
                self.events += 1;
                self.arrival();
                next_arrival = self.next_arrival_after(next_arrival, rate);
            }
        }
    }

    fn next_arrival_after(&mut self, time: f64, rate: f64) -> f64 {
        if rate > 0.0 {
            let gap: f64 = Exp1.sample(&mut self.rng);
            time + gap / rate
        } else {
            f64::INFINITY
        }
    }

    /// Moves the clock, charging staffed and busy agent time to the current interval.
    #[inline]
    fn advance(&mut self, time: f64) {
        let elapsed = time - self.now;
        if let Some(c) = self.counters.get_mut(self.clock) {
            c.staffed_seconds += f64::from(self.busy + self.idle) * elapsed;
            c.busy_seconds += f64::from(self.busy) * elapsed;
        }
        self.now = time;
    }

    /// Applies interval `i`'s staffing.
    fn enter_interval(&mut self, i: usize) {
        let interval = &self.model.intervals[i];
        if !interval.open {
            self.start_draining();
            return;
        }
        self.draining = false;
        let target = interval.agents;
        let effective = self.busy + self.idle - self.to_leave;
        if target >= effective {
            let mut add = target - effective;
            let stay = add.min(self.to_leave);
            self.to_leave -= stay;
            add -= stay;
            self.idle += add;
            while self.idle > 0 && self.live > 0 {
                self.idle -= 1;
                self.serve_next();
            }
        } else {
            let mut remove = effective - target;
            let leave_now = remove.min(self.idle);
            self.idle -= leave_now;
            remove -= leave_now;
            self.to_leave += remove;
        }
    }

    fn start_draining(&mut self) {
        self.draining = true;
        self.to_leave = 0;
        self.idle = 0; // idle agents only exist when the queue is empty: they go home
    }

    fn arrival(&mut self) {
        let interval = self.clock;
        let counters = &mut self.counters[interval];
        counters.offered += 1;
        if self.idle > 0 {
            self.idle -= 1;
            self.start_service(interval, 0.0);
            return;
        }
        counters.waited += 1;
        let sequence = self.head + self.queue.len() as u64;
        self.queue.push_back(Waiting {
            arrival: self.now,
            interval: interval as u32,
            abandoned: false,
        });
        self.live += 1;
        counters.longest_queue = counters.longest_queue.max(self.live);
        let patience = self.model.patience.sample(&mut self.rng);
        if patience.is_finite() {
            self.calendar
                .schedule(self.now + patience, Event::Abandon(sequence));
        }
    }

    fn start_service(&mut self, interval: usize, wait: f64) {
        let model = self.model;
        let handle = model
            .service
            .sample(&mut self.rng, model.intervals[interval].aht);
        let counters = &mut self.counters[interval];
        counters.answered += 1;
        counters.wait_answered += wait;
        if wait <= model.within {
            counters.answered_within += 1;
        }
        counters.handle += handle;
        self.busy += 1;
        let end = self.now + handle;
        self.calendar.schedule(end, Event::ServiceEnd);
        if model.fcr < 1.0 && self.rng.random::<f64>() >= model.fcr {
            self.schedule_return(end, model.repeat_delay);
        }
    }

    /// A retry or repeat contact after an exponential delay, if it falls inside the horizon.
    fn schedule_return(&mut self, from: f64, mean_delay: f64) {
        let delay: f64 = Exp1.sample(&mut self.rng);
        let time = from + mean_delay * delay;
        if time < self.model.horizon() {
            self.calendar.schedule(time, Event::Arrival);
        }
    }

    fn service_end(&mut self) {
        self.busy -= 1;
        if self.draining {
            if self.live > 0 {
                self.serve_next();
            }
        } else if self.to_leave > 0 {
            self.to_leave -= 1;
        } else if self.live > 0 {
            self.serve_next();
        } else {
            self.idle += 1;
        }
    }

    /// Gives the first live waiting contact to a free agent.
    fn serve_next(&mut self) {
        while let Some(waiting) = self.queue.pop_front() {
            self.head += 1;
            if !waiting.abandoned {
                self.live -= 1;
                let wait = self.now - waiting.arrival;
                self.start_service(waiting.interval as usize, wait);
                return;
            }
        }
        unreachable!("serve_next is only called with live contacts waiting");
    }

    fn abandon(&mut self, sequence: u64) {
        let Some(index) = sequence.checked_sub(self.head) else {
            return; // already answered
        };
        let waiting = &mut self.queue[index as usize];
        waiting.abandoned = true;
        self.live -= 1;
        let counters = &mut self.counters[waiting.interval as usize];
        counters.abandoned += 1;
        if self.now - waiting.arrival <= self.model.within {
            counters.abandoned_within += 1;
        }
        while self.queue.front().is_some_and(|w| w.abandoned) {
            self.queue.pop_front();
            self.head += 1;
        }
        if self.model.retry_probability > 0.0
            && self.rng.random::<f64>() < self.model.retry_probability
        {
            self.schedule_return(self.now, self.model.retry_delay);
        }
    }

    /// Contacts left waiting with no agent to clear them count as abandoned.
    fn strand_remaining(&mut self) -> u32 {
        let mut stranded = 0;
        for waiting in self.queue.drain(..).filter(|w| !w.abandoned) {
            self.counters[waiting.interval as usize].abandoned += 1;
            stranded += 1;
        }
        self.live = 0;
        stranded
    }
}
