//! One replication of a chat queue: agents who hold up to `c` sessions at once.
//!
//! An event loop (the voice engine's recursion needs one session per agent): interval boundaries,
//! fresh arrivals and the calendar (session ends, abandonments, retries and repeats) merged by
//! time; at one instant boundaries first, then calendar events (session ends, then returns, then
//! abandonments in queue order), then fresh arrivals.
//!
//! **Routing**: a new session goes to the least-loaded agent with a free slot (agents are kept in
//! buckets by their number of sessions). **Handle time**: a session's handle time is drawn when
//! it starts, from the handle-time distribution with mean the interval's AHT × the factor of the
//! agent's concurrency once it holds the new session (`[channel] aht_by_concurrency`); it does
//! not change if the agent's load changes later. **Staffing**: when it falls, agents with no
//! session leave at once and then the least-loaded stop taking sessions and leave when their
//! last ends; when it rises, agents due to leave stay first, then new ones start. When the
//! centre closes the agents on duty clear the queue, then go. **Agent time**: staffed is agents
//! present × time; busy is sessions in service × time ÷ `c`, so occupancy is the share of
//! session slots in use.

use super::calendar::{Calendar, Packed};
use super::model::SimModel;
use super::replication::{
    IntervalCounters, Replication, SimRng, day_factors, next_arrival_after, replication_rng,
};
use rand::RngExt;
use rand_distr::{Distribution, Exp1};
use std::collections::VecDeque;

#[derive(Debug, Clone, Copy)]
enum Event {
    /// A session of this agent ends.
    SessionEnd(u32),
    /// A retry or repeat contact arrives.
    Arrival,
    /// The waiting contact with this queue sequence number runs out of patience.
    Abandon(u64),
}

/// Codes: session ends below 2³², then arrivals, then abandonments in queue order.
const ARRIVAL: u64 = 1 << 32;

impl Packed for Event {
    fn pack(self) -> u64 {
        match self {
            Event::SessionEnd(agent) => u64::from(agent),
            Event::Arrival => ARRIVAL,
            Event::Abandon(sequence) => ARRIVAL + 1 + sequence,
        }
    }

    fn unpack(code: u64) -> Self {
        match code {
            c if c < ARRIVAL => Event::SessionEnd(c as u32),
            ARRIVAL => Event::Arrival,
            c => Event::Abandon(c - ARRIVAL - 1),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Waiting {
    arrival: f64,
    interval: u32,
    abandoned: bool,
}

#[derive(Debug, Clone, Copy, Default)]
struct Agent {
    sessions: u32,
    /// Takes no new session and leaves when its last ends.
    leaving: bool,
    /// On duty (false: a free record to reuse).
    present: bool,
    /// Position in its load bucket (when present and not leaving).
    slot: usize,
}

struct Centre<'a> {
    model: &'a SimModel,
    concurrency: usize,
    rng: SimRng,
    calendar: Calendar<Event>,
    counters: Vec<IntervalCounters>,
    now: f64,
    clock: usize,
    agents: Vec<Agent>,
    /// Agents taking sessions, by their number of sessions (0 ..= c).
    by_load: Vec<Vec<u32>>,
    free_records: Vec<u32>,
    present: u32,
    leaving: u32,
    sessions: u32,
    draining: bool,
    queue: VecDeque<Waiting>,
    head: u64,
    live: u32,
    events: u64,
}

/// Runs replication `replication` of the chat queue `model` (its `sessions` factors give the
/// concurrency) with base seed `seed`.
pub(super) fn run_chat_replication(model: &SimModel, seed: u64, replication: u64) -> Replication {
    let concurrency = model.sessions.len();
    let mut centre = Centre {
        model,
        concurrency,
        rng: replication_rng(seed, replication),
        calendar: Calendar::default(),
        counters: vec![IntervalCounters::default(); model.intervals.len()],
        now: 0.0,
        clock: 0,
        agents: Vec::new(),
        by_load: vec![Vec::new(); concurrency + 1],
        free_records: Vec::new(),
        present: 0,
        leaving: 0,
        sessions: 0,
        draining: false,
        queue: VecDeque::new(),
        head: 0,
        live: 0,
        events: 0,
    };
    centre.run();
    let stranded = centre.strand_remaining();
    let slots = concurrency as f64;
    for c in &mut centre.counters {
        c.busy_seconds /= slots;
    }
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
        let day_factor = day_factors(model, &mut self.rng);
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
                    self.start_draining();
                    next_arrival = f64::INFINITY;
                    next_boundary = f64::INFINITY;
                }
            } else if next_event <= next_arrival {
                if !next_event.is_finite() {
                    break;
                }
                let (time, event) = self.calendar.pop().expect("a finite next time");
                self.advance(time);
                self.events += 1;
                match event {
                    Event::SessionEnd(agent) => self.session_end(agent),
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
        next_arrival_after(&mut self.rng, time, rate)
    }

    fn advance(&mut self, time: f64) {
        let elapsed = time - self.now;
        if let Some(c) = self.counters.get_mut(self.clock) {
            c.staffed_seconds += f64::from(self.present) * elapsed;
            // Session-seconds; divided by `c` once, at the end (a division per event was a
            // tenth of the loop).
            c.busy_seconds += f64::from(self.sessions) * elapsed;
        }
        self.now = time;
    }

    /// Puts `agent` in the bucket of its load.
    fn bucket_in(&mut self, agent: u32) {
        let load = self.agents[agent as usize].sessions as usize;
        self.agents[agent as usize].slot = self.by_load[load].len();
        self.by_load[load].push(agent);
    }

    /// Takes `agent` out of its load bucket.
    fn bucket_out(&mut self, agent: u32) {
        let record = self.agents[agent as usize];
        let bucket = &mut self.by_load[record.sessions as usize];
        let moved = *bucket.last().expect("the agent is in its bucket");
        bucket.swap_remove(record.slot);
        if moved != agent {
            self.agents[moved as usize].slot = record.slot;
        }
    }

    /// The least-loaded agent with a free slot.
    fn least_loaded(&self) -> Option<u32> {
        self.by_load[..self.concurrency]
            .iter()
            .find_map(|bucket| bucket.last().copied())
    }

    fn add_agent(&mut self) {
        let agent = self.free_records.pop().unwrap_or_else(|| {
            self.agents.push(Agent::default());
            (self.agents.len() - 1) as u32
        });
        self.agents[agent as usize] = Agent {
            sessions: 0,
            leaving: false,
            present: true,
            slot: 0,
        };
        self.present += 1;
        self.bucket_in(agent);
    }

    fn remove_agent(&mut self, agent: u32) {
        self.agents[agent as usize].present = false;
        self.present -= 1;
        self.free_records.push(agent);
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
        let mut active = self.present - self.leaving;
        // Agents due to leave stay first (the most loaded: they hold the most work), then new.
        while active < target && self.leaving > 0 {
            let agent = (0..self.agents.len() as u32)
                .filter(|&a| {
                    let r = self.agents[a as usize];
                    r.present && r.leaving
                })
                .max_by_key(|&a| self.agents[a as usize].sessions)
                .expect("a leaving agent is present");
            self.agents[agent as usize].leaving = false;
            self.leaving -= 1;
            self.bucket_in(agent);
            active += 1;
        }
        while active < target {
            self.add_agent();
            active += 1;
        }
        // Too many: the least loaded go, idle ones at once.
        while active > target {
            let agent = self.by_load.iter().find_map(|b| b.last().copied());
            let Some(agent) = agent else { break };
            self.bucket_out(agent);
            if self.agents[agent as usize].sessions == 0 {
                self.remove_agent(agent);
            } else {
                self.agents[agent as usize].leaving = true;
                self.leaving += 1;
            }
            active -= 1;
        }
        self.serve_waiting();
    }

    /// Closed or past the horizon: everyone on duty clears the queue; idle agents go home.
    fn start_draining(&mut self) {
        self.draining = true;
        for agent in 0..self.agents.len() as u32 {
            let record = self.agents[agent as usize];
            if record.present && record.leaving {
                self.agents[agent as usize].leaving = false;
                self.bucket_in(agent);
            }
        }
        self.leaving = 0;
        self.serve_waiting();
        while let Some(agent) = self.by_load[0].last().copied() {
            self.bucket_out(agent);
            self.remove_agent(agent);
        }
    }

    fn arrival(&mut self) {
        let interval = self.clock;
        self.counters[interval].offered += 1;
        if self.live == 0
            && let Some(agent) = self.least_loaded()
        {
            self.start_session(agent, interval, 0.0);
            return;
        }
        let counters = &mut self.counters[interval];
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

    fn start_session(&mut self, agent: u32, interval: usize, wait: f64) {
        let model = self.model;
        self.bucket_out(agent);
        self.agents[agent as usize].sessions += 1;
        let load = self.agents[agent as usize].sessions as usize;
        self.bucket_in(agent);
        self.sessions += 1;
        let mean = model.intervals[interval].aht * model.sessions[load - 1];
        let handle = model.service.sample(&mut self.rng, mean);
        self.counters[interval].count_answered(wait, model.within, handle);
        let end = self.now + handle;
        self.calendar.schedule(end, Event::SessionEnd(agent));
        if model.fcr < 1.0 && self.rng.random::<f64>() >= model.fcr {
            self.schedule_return(end, model.repeat_delay);
        }
    }

    fn schedule_return(&mut self, from: f64, mean_delay: f64) {
        let delay: f64 = Exp1.sample(&mut self.rng);
        let time = from + mean_delay * delay;
        if time < self.model.horizon() {
            self.calendar.schedule(time, Event::Arrival);
        }
    }

    fn session_end(&mut self, agent: u32) {
        self.sessions -= 1;
        let record = self.agents[agent as usize];
        if record.leaving {
            self.agents[agent as usize].sessions -= 1;
            if record.sessions == 1 {
                self.agents[agent as usize].leaving = false;
                self.leaving -= 1;
                self.remove_agent(agent);
            }
            return;
        }
        self.bucket_out(agent);
        self.agents[agent as usize].sessions -= 1;
        self.bucket_in(agent);
        self.serve_waiting();
        if self.draining && self.live == 0 && self.agents[agent as usize].sessions == 0 {
            self.bucket_out(agent);
            self.remove_agent(agent);
        }
    }

    /// Gives waiting contacts, oldest first, to the least-loaded agents with a free slot.
    fn serve_waiting(&mut self) {
        while self.live > 0 {
            let Some(agent) = self.least_loaded() else {
                return;
            };
            let waiting = loop {
                let w = self.queue.pop_front().expect("live contacts wait");
                self.head += 1;
                if !w.abandoned {
                    break w;
                }
            };
            self.live -= 1;
            let wait = self.now - waiting.arrival;
            self.start_session(agent, waiting.interval as usize, wait);
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queueing::{Chat, ErlangA, SlDefinition};
    use crate::sim::model::{PatienceSampler, ServiceSampler, SimInterval};
    use crate::units::Seconds;

    const AHT: f64 = 360.0;
    const PATIENCE: f64 = 120.0;
    const WITHIN: f64 = 60.0;

    /// Eight open hours of a stationary chat queue: `per_hour` arrivals, `agents`, session
    /// factors `sessions`, exponential handle times and patience.
    fn stationary(per_hour: f64, agents: u32, sessions: Vec<f64>) -> SimModel {
        SimModel {
            interval_seconds: 1800.0,
            intervals: (0..16)
                .map(|_| SimInterval {
                    rate: per_hour / 3600.0,
                    aht: AHT,
                    agents,
                    open: true,
                    day: 0,
                })
                .collect(),
            days: 1,
            within: WITHIN,
            service: ServiceSampler::Exponential,
            patience: PatienceSampler::Exponential(PATIENCE),
            volume_cv: 0.0,
            fcr: 1.0,
            repeat_delay: 0.0,
            retry_probability: 0.0,
            retry_delay: 0.0,
            sessions,
            deferral: None,
            outbound: None,
        }
    }

    /// Service level and abandonment over 200 replications, pooled.
    fn simulated(model: &SimModel) -> (f64, f64, IntervalCounters) {
        let mut total = IntervalCounters::default();
        for r in 0..200 {
            let replication = run_chat_replication(model, 17, r);
            for c in &replication.intervals {
                total.absorb(c);
            }
            assert_eq!(replication.stranded, 0);
        }
        let offered = f64::from(total.offered);
        (
            f64::from(total.answered_within) / offered,
            f64::from(total.abandoned) / offered,
            total,
        )
    }

    #[test]
    fn with_one_session_per_agent_the_chat_engine_agrees_with_erlang_a() {
        let model = stationary(300.0, 33, vec![1.0]);
        let (sl, abandon, total) = simulated(&model);
        let erlang = ErlangA::new(30.0, Seconds(AHT), Seconds(PATIENCE))
            .unwrap()
            .performance(33, Seconds(WITHIN), SlDefinition::Offered);
        assert!(
            (sl - erlang.service_level).abs() < 0.02,
            "{sl} vs {erlang:?}"
        );
        assert!((abandon - erlang.abandon_rate.unwrap()).abs() < 0.01);
        assert_eq!(total.offered, total.answered + total.abandoned);
    }

    #[test]
    fn at_concurrency_two_and_three_the_simulation_agrees_with_the_chain_within_two_points() {
        for factors in [vec![1.0, 1.25], vec![1.0, 1.25, 1.5]] {
            let c = factors.len() as u32;
            let agents = if c == 2 { 14 } else { 11 };
            let model = stationary(240.0, agents, factors.clone());
            let (sl, abandon, total) = simulated(&model);
            let aht = factors.iter().map(|f| Seconds(f * AHT)).collect();
            let chat = Chat::new(240.0 / 3600.0, aht, Some(Seconds(PATIENCE))).unwrap();
            let analytic = chat.performance(agents, Seconds(WITHIN), SlDefinition::Offered);
            assert!(
                (sl - analytic.service_level).abs() < 0.02,
                "concurrency {c}: simulated {sl}, chain {analytic:?}"
            );
            assert!(
                (abandon - analytic.abandon_rate.unwrap()).abs() < 0.02,
                "concurrency {c}: simulated {abandon}, chain {analytic:?}"
            );
            let occupancy = total.busy_seconds / total.staffed_seconds;
            assert!(
                (occupancy - analytic.occupancy).abs() < 0.03,
                "concurrency {c}: occupancy {occupancy} vs {analytic:?}"
            );
        }
    }

    #[test]
    fn when_staffing_falls_agents_finish_their_sessions_and_take_no_new_ones() {
        let mut model = stationary(400.0, 20, vec![1.0, 1.2, 1.4]);
        for i in &mut model.intervals[8..] {
            i.agents = 4;
        }
        let replication = run_chat_replication(&model, 3, 0);
        let after = replication.intervals[9];
        // Four agents' time, plus only what the leavers needed to finish (at most a few
        // sessions' length each); no session is cut short.
        assert!(
            after.staffed_seconds < 4.0 * 1800.0 + 16.0 * 3.0 * AHT,
            "{after:?}"
        );
        let total: IntervalCounters =
            replication
                .intervals
                .iter()
                .fold(IntervalCounters::default(), |mut t, c| {
                    t.absorb(c);
                    t
                });
        assert_eq!(total.offered, total.answered + total.abandoned);
    }
}
