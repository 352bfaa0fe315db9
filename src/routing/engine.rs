//! One replication of a multi-skill portfolio: contacts of several queues, agents in groups with
//! several skills, routed event by event.
//!
//! # Method
//!
//! A discrete-event simulation: the calendar holds interval boundaries, service ends and each
//! queue's next arrival (at one instant in that order). Each queue waits first come, first
//! served. A contact arriving finds a free agent with its skill by the arrival rule
//! (`specialist-first`: the fewest skills, then the longest idle; `longest-idle`); otherwise it
//! waits until an agent takes it or its patience runs out. An agent who frees takes, among the
//! queues of its skills with work waiting, live work before deferrable items, and then the first
//! queue in its priority order (`priority`) or the contact that has waited longest
//! (`oldest-first`); with nothing waiting it becomes idle.
//!
//! Chat sessions share an agent up to its group's concurrency for the queue (`[[group.skill]]
//! concurrency`, else the queue's `[channel] concurrency`) and never share it with a call
//! or an item: a new chat goes to an idle agent (by the arrival rule), else to the least-loaded
//! agent already holding that queue's chats with a slot free; an agent whose session ends takes
//! the queue's next waiting chat, and one freed to take chats fills its slots. A session's handle
//! time is the queue's AHT × the factor of the agent's load once it holds it (`[channel]
//! aht_by_concurrency`), as in the single-queue chat engine; occupancy counts slots in use.
//!
//! Patience is drawn at arrival and abandonment is settled when an agent next looks at the
//! queue: a contact whose patience ran out before an agent took it abandoned at that moment,
//! which is exactly when it would have left. A contact's handle time is drawn at arrival as a
//! unit-mean factor of its queue's distribution; the agent who takes it works for the factor ×
//! the queue's AHT in the contact's arrival interval × the group's multiplier for that skill.
//!
//! Staffing changes at interval boundaries: agents joining look for work at once; when a group
//! shrinks, idle agents go first and busy ones when they finish. When all of a group's queues
//! close (and at the horizon's end) its agents clear the live work waiting in their skills, then
//! go; email and back-office items wait for the next opening.
//!
//! Each queue draws its arrivals from a stream of its own and its contacts' handle times and
//! patience from another (`rng::Domain::QueueArrivals`, `QueueDraws`), both from the
//! replication's seed: a queue's contacts are the same whatever the staffing, which is what a
//! comparison of staffings by common random numbers needs.

use super::model::SkillModel;
use crate::portfolio::{Arrival, FreeAgent};
use crate::rng::{self, Domain, SimRng};
use crate::sim::{Calendar, IntervalCounters, Packed, day_factors, next_arrival_after};
use std::collections::VecDeque;

/// What one group did in one interval.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupCounters {
    /// Agent-seconds on the phones.
    pub staffed_seconds: f64,
    /// Agent-seconds busy.
    pub busy_seconds: f64,
    /// Contacts it took, by queue.
    pub handled: Vec<u32>,
}

/// The outcome of one replication.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillReplication {
    /// `queues[q][k]`: queue `q`'s contacts that arrived in interval `k`.
    pub queues: Vec<Vec<IntervalCounters>>,
    /// `groups[g][k]`: group `g` in interval `k`.
    pub groups: Vec<Vec<GroupCounters>>,
    /// Events processed.
    pub events: u64,
    /// Items still waiting at the end (deferrable work: the backlog) and live contacts left
    /// with no agent (counted as abandoned).
    pub stranded: Vec<u32>,
}

/// An event on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Event {
    /// Boundary `j` starts interval `j` (`j = n` ends the horizon).
    Boundary(u32),
    /// Agent `a` finishes its contact.
    End(u32),
    /// Queue `q`'s next arrival.
    Arrival(u32),
}

impl Packed for Event {
    fn pack(self) -> u64 {
        match self {
            Event::Boundary(j) => u64::from(j),
            Event::End(a) => (1 << 62) | u64::from(a),
            Event::Arrival(q) => (2 << 62) | u64::from(q),
        }
    }
    fn unpack(code: u64) -> Self {
        let id = (code & 0xFFFF_FFFF) as u32;
        match code >> 62 {
            0 => Event::Boundary(id),
            1 => Event::End(id),
            _ => Event::Arrival(id),
        }
    }
}

/// A contact waiting.
#[derive(Debug, Clone, Copy)]
struct Waiting {
    arrival: f64,
    /// When its patience runs out (infinite: it never does).
    deadline: f64,
    /// Its handle time as a multiple of its queue's AHT.
    work: f64,
    /// The interval it arrived in.
    interval: u32,
}

/// One agent.
#[derive(Debug, Clone, Copy)]
struct Agent {
    group: u32,
    /// Set when the agent is on the phones (busy or idle); false once it left.
    present: bool,
    /// Chat sessions held (0: idle or on one call or item).
    sessions: u32,
    /// The chat queue of those sessions.
    chat_queue: u32,
}

/// Per group: who is idle (longest idle first), how many are present and busy, and what is
/// pending.
#[derive(Debug, Clone, Default)]
struct GroupState {
    idle: VecDeque<(f64, u32)>,
    /// Agents holding chat sessions.
    chatting: Vec<u32>,
    present: u32,
    /// Agents busy: one per call or item, sessions ÷ concurrency per chat agent.
    busy: f64,
    /// Busy agents who go when they finish.
    leaving: u32,
    /// All its queues closed (or the horizon over): its agents clear live work, then go.
    draining: bool,
}

struct Centre<'a> {
    model: &'a SkillModel,
    calendar: Calendar<Event>,
    arrivals: Vec<SimRng>,
    draws: Vec<SimRng>,
    /// Each queue's day factors (forecast error).
    day_factors: Vec<Vec<f64>>,
    next_arrival: Vec<f64>,
    waiting: Vec<VecDeque<Waiting>>,
    agents: Vec<Agent>,
    /// Agents' slots free for reuse.
    vacant: Vec<u32>,
    groups: Vec<GroupState>,
    /// Groups with each queue as a skill, as (group, its number of skills).
    takers: Vec<Vec<(u32, usize)>>,
    queue_counters: Vec<Vec<IntervalCounters>>,
    group_counters: Vec<Vec<GroupCounters>>,
    /// The interval now (`n` after the horizon).
    now_interval: usize,
    last_time: f64,
    events: u64,
}

/// Runs replication `replication` of `model` with base seed `seed`.
pub fn run_replication(model: &SkillModel, seed: u64, replication: u64) -> SkillReplication {
    let base = rng::seed_of(seed, Domain::Replication, replication);
    let mut centre = Centre::new(model, base);
    centre.run();
    centre.finish()
}

impl<'a> Centre<'a> {
    fn new(model: &'a SkillModel, base: u64) -> Self {
        let queues = model.queues.len();
        let mut arrivals: Vec<SimRng> = (0..queues as u64)
            .map(|q| rng::stream(base, Domain::QueueArrivals, q))
            .collect();
        let day_factors = model
            .queues
            .iter()
            .zip(arrivals.iter_mut())
            .map(|(q, r)| day_factors(&q.sim, r))
            .collect();
        let mut takers = vec![Vec::new(); queues];
        for (g, group) in model.groups.iter().enumerate() {
            for &(q, _) in &group.skills {
                takers[q].push((g as u32, group.skills.len()));
            }
        }
        let queue_handled = vec![0; queues];
        Centre {
            model,
            calendar: Calendar::default(),
            arrivals,
            draws: (0..queues as u64)
                .map(|q| rng::stream(base, Domain::QueueDraws, q))
                .collect(),
            day_factors,
            next_arrival: vec![f64::INFINITY; queues],
            waiting: vec![VecDeque::new(); queues],
            agents: Vec::new(),
            vacant: Vec::new(),
            groups: vec![GroupState::default(); model.groups.len()],
            takers,
            queue_counters: vec![vec![IntervalCounters::default(); model.intervals]; queues],
            group_counters: vec![
                vec![
                    GroupCounters {
                        handled: queue_handled,
                        ..GroupCounters::default()
                    };
                    model.intervals
                ];
                model.groups.len()
            ],
            now_interval: 0,
            last_time: 0.0,
            events: 0,
        }
    }

    fn run(&mut self) {
        self.calendar.schedule(0.0, Event::Boundary(0));
        while let Some((time, event)) = self.calendar.pop() {
            self.advance_to(time);
            match event {
                Event::Boundary(j) => self.boundary(j as usize, time),
                Event::End(a) => self.end(a, time),
                Event::Arrival(q) => {
                    // A stale arrival (redrawn at a boundary since) is skipped.
                    if self.next_arrival[q as usize].to_bits() != time.to_bits() {
                        continue;
                    }
                    self.arrival(q as usize, time);
                }
            }
            self.events += 1;
        }
    }

    /// Accrues agent time up to `time` in the interval now.
    fn advance_to(&mut self, time: f64) {
        let elapsed = time - self.last_time;
        if elapsed > 0.0 && self.now_interval < self.model.intervals {
            for (g, state) in self.groups.iter().enumerate() {
                let c = &mut self.group_counters[g][self.now_interval];
                c.staffed_seconds += elapsed * f64::from(state.present);
                c.busy_seconds += elapsed * state.busy;
            }
        }
        self.last_time = time;
    }

    /// Boundary `j`: arrival rates and staffing of interval `j`, or the horizon's end.
    fn boundary(&mut self, j: usize, time: f64) {
        let n = self.model.intervals;
        self.now_interval = j;
        let end = time + self.model.interval_seconds;
        for q in 0..self.model.queues.len() {
            self.next_arrival[q] = f64::INFINITY;
            if j < n {
                let sim = &self.model.queues[q].sim;
                let interval = &sim.intervals[j];
                let rate = if interval.open {
                    interval.rate * self.day_factors[q][interval.day]
                } else {
                    0.0
                };
                let next = next_arrival_after(&mut self.arrivals[q], time, rate);
                if next < end {
                    self.next_arrival[q] = next;
                    self.calendar.schedule(next, Event::Arrival(q as u32));
                }
            }
        }
        for g in 0..self.model.groups.len() {
            let target = if j < n {
                self.model.groups[g].agents[j]
            } else {
                0
            };
            self.staff(g, target, target == 0, time);
        }
        if j < n {
            self.calendar.schedule(end, Event::Boundary(j as u32 + 1));
        }
    }

    /// Sets group `g`'s agents to `target`; with `drain`, those left clear the live work
    /// waiting in their skills, then go.
    fn staff(&mut self, g: usize, target: u32, drain: bool, time: f64) {
        let state = &mut self.groups[g];
        debug_assert!(state.busy >= -1e-9);
        state.draining = drain;
        let staying = state.present - state.leaving;
        if target >= staying {
            let keep = (target - staying).min(state.leaving);
            state.leaving -= keep;
            for _ in 0..target - staying - keep {
                let a = self.hire(g);
                self.free(a, time);
            }
            return;
        }
        let mut surplus = staying - target;
        while surplus > 0 {
            let Some((_, a)) = state.idle.pop_back() else {
                break;
            };
            self.agents[a as usize].present = false;
            self.vacant.push(a);
            state.present -= 1;
            surplus -= 1;
        }
        if !drain {
            state.leaving += surplus;
        }
        // Draining: the busy stay until the live work is cleared (see `free`).
    }

    /// A new agent of group `g`, present and not yet busy or idle.
    fn hire(&mut self, g: usize) -> u32 {
        let agent = Agent {
            group: g as u32,
            present: true,
            sessions: 0,
            chat_queue: 0,
        };
        self.groups[g].present += 1;
        match self.vacant.pop() {
            Some(a) => {
                self.agents[a as usize] = agent;
                a
            }
            None => {
                self.agents.push(agent);
                (self.agents.len() - 1) as u32
            }
        }
    }

    /// Agent `a` finishes its contact (or one of its chat sessions) at `time`.
    fn end(&mut self, a: u32, time: f64) {
        let g = self.agents[a as usize].group as usize;
        let agent = self.agents[a as usize];
        if agent.sessions > 0 {
            let q = agent.chat_queue as usize;
            let c = self.model.groups[g].concurrency[q];
            self.groups[g].busy -= 1.0 / f64::from(c);
            self.agents[a as usize].sessions -= 1;
            if self.agents[a as usize].sessions > 0 {
                // A slot freed: another chat of the same queue, unless agents are leaving.
                if self.groups[g].leaving == 0 && self.head(q, time).is_some() {
                    let contact = self.waiting[q].pop_front().expect("a chat waits");
                    self.start(a, q, contact, time);
                }
                return;
            }
            let chatting = &mut self.groups[g].chatting;
            if let Some(i) = chatting.iter().position(|&x| x == a) {
                chatting.swap_remove(i);
            }
        } else {
            self.groups[g].busy -= 1.0;
        }
        let state = &mut self.groups[g];
        if state.leaving > 0 {
            state.leaving -= 1;
            state.present -= 1;
            self.agents[a as usize].present = false;
            self.vacant.push(a);
            return;
        }
        self.free(a, time);
    }

    /// Agent `a`, free at `time`, takes the next contact of its skills, becomes idle, or (its
    /// group draining with no live work waiting) goes.
    fn free(&mut self, a: u32, time: f64) {
        let g = self.agents[a as usize].group as usize;
        let draining = self.groups[g].draining;
        match self.next_for(g, time, draining) {
            Some(q) => {
                let contact = self.waiting[q].pop_front().expect("a contact waits");
                self.start(a, q, contact, time);
                // A chat agent fills its free slots with the queue's waiting chats.
                let c = self.model.groups[g].concurrency[q];
                while c > 1 && self.agents[a as usize].sessions < c && self.head(q, time).is_some()
                {
                    let contact = self.waiting[q].pop_front().expect("a chat waits");
                    self.start(a, q, contact, time);
                }
            }
            None if draining => {
                let state = &mut self.groups[g];
                state.present -= 1;
                self.agents[a as usize].present = false;
                self.vacant.push(a);
            }
            None => self.groups[g].idle.push_back((time, a)),
        }
    }

    /// The queue whose head group `g`'s freed agent takes at `time`: live work first, then by
    /// the routing rule; deferrable items only when no live work waits (and not while
    /// draining).
    fn next_for(&mut self, g: usize, time: f64, draining: bool) -> Option<usize> {
        let model = self.model;
        let skills = &model.groups[g].skills;
        for live in [true, false] {
            if !live && draining {
                return None;
            }
            let mut best: Option<(usize, f64)> = None;
            for &(q, _) in skills {
                if model.queues[q].live != live {
                    continue;
                }
                let Some(head) = self.head(q, time) else {
                    continue;
                };
                match model.routing.free_agent {
                    FreeAgent::Priority => return Some(q),
                    FreeAgent::OldestFirst => {
                        if best.is_none_or(|(_, at)| head < at) {
                            best = Some((q, head));
                        }
                    }
                }
            }
            if let Some((q, _)) = best {
                return Some(q);
            }
        }
        None
    }

    /// The arrival time of queue `q`'s first contact still waiting at `time`; those whose
    /// patience ran out before are counted abandoned (at that moment) and dropped.
    fn head(&mut self, q: usize, time: f64) -> Option<f64> {
        let within = self.model.queues[q].sim.within;
        while let Some(first) = self.waiting[q].front() {
            if first.deadline >= time {
                return Some(first.arrival);
            }
            let c = &mut self.queue_counters[q][first.interval as usize];
            c.abandoned += 1;
            if first.deadline - first.arrival <= within {
                c.abandoned_within += 1;
            }
            self.waiting[q].pop_front();
        }
        None
    }

    /// Agent `a` starts on `contact` of queue `q` at `time`.
    fn start(&mut self, a: u32, q: usize, contact: Waiting, time: f64) {
        let g = self.agents[a as usize].group as usize;
        let model = self.model;
        let queue = &model.queues[q];
        let k = contact.interval as usize;
        let multiplier = model.groups[g]
            .skills
            .iter()
            .find(|s| s.0 == q)
            .map_or(1.0, |s| s.1);
        let c = model.groups[g].concurrency[q];
        let factor = if c > 1 {
            let agent = &mut self.agents[a as usize];
            if agent.sessions == 0 {
                self.groups[g].chatting.push(a);
            }
            agent.sessions += 1;
            agent.chat_queue = q as u32;
            self.groups[g].busy += 1.0 / f64::from(c);
            // Beyond the queue's own levels (a group holding more), the last level's factor.
            let levels = &queue.sim.sessions;
            levels[(agent.sessions as usize - 1).min(levels.len() - 1)]
        } else {
            self.groups[g].busy += 1.0;
            1.0
        };
        let handle = contact.work * queue.sim.intervals[k].aht * multiplier * factor;
        let wait = queue.sim.wait_on_clock(time - contact.arrival, time);
        self.queue_counters[q][k].count_answered(wait, queue.sim.within, handle);
        if time > contact.arrival {
            self.queue_counters[q][k].waited += 1;
        }
        let at = self.now_interval.min(model.intervals - 1);
        self.group_counters[g][at].handled[q] += 1;
        self.calendar.schedule(time + handle, Event::End(a));
    }

    /// An arrival of queue `q` at `time`: to a free agent with the skill by the arrival rule,
    /// or into the queue.
    fn arrival(&mut self, q: usize, time: f64) {
        let model = self.model;
        let queue = &model.queues[q];
        let k = self.now_interval;
        let draws = &mut self.draws[q];
        let work = queue.sim.service.sample(draws, 1.0);
        let patience = queue.sim.patience.sample(draws);
        self.queue_counters[q][k].offered += 1;
        let contact = Waiting {
            arrival: time,
            deadline: time + patience,
            work,
            interval: k as u32,
        };
        // An idle agent by the arrival rule, else (chat) a free session slot.
        let agent = match self.free_agent_for(q) {
            Some(g) => self.groups[g].idle.pop_front().map(|(_, a)| a),
            None => self.chat_slot_for(q),
        };
        match agent {
            Some(a) => self.start(a, q, contact, time),
            None if patience <= 0.0 => {
                let c = &mut self.queue_counters[q][k];
                c.abandoned += 1;
                c.abandoned_within += 1;
            }
            None => self.waiting[q].push_back(contact),
        }
        // The next arrival, within the interval.
        let sim = &queue.sim;
        let interval = &sim.intervals[k];
        let rate = interval.rate * self.day_factors[q][interval.day];
        let end = (k + 1) as f64 * model.interval_seconds;
        let next = next_arrival_after(&mut self.arrivals[q], time, rate);
        self.next_arrival[q] = f64::INFINITY;
        if next < end {
            self.next_arrival[q] = next;
            self.calendar.schedule(next, Event::Arrival(q as u32));
        }
    }

    /// The least-loaded agent holding chats of queue `q` with a slot free, in a group with its
    /// skill whose agents are not leaving.
    fn chat_slot_for(&self, q: usize) -> Option<u32> {
        let groups = &self.model.groups;
        self.takers[q]
            .iter()
            .map(|&(g, _)| g as usize)
            .filter(|&g| groups[g].concurrency[q] > 1 && self.groups[g].leaving == 0)
            .flat_map(|g| {
                let c = groups[g].concurrency[q];
                self.groups[g].chatting.iter().copied().filter(move |&a| {
                    let agent = &self.agents[a as usize];
                    agent.chat_queue as usize == q && agent.sessions < c
                })
            })
            .min_by_key(|&a| self.agents[a as usize].sessions)
    }

    /// The group whose idle agent takes a new contact of queue `q`, by the arrival rule.
    fn free_agent_for(&self, q: usize) -> Option<usize> {
        let mut best: Option<(usize, usize, f64)> = None;
        for &(g, skills) in &self.takers[q] {
            let Some(&(since, _)) = self.groups[g as usize].idle.front() else {
                continue;
            };
            let better = match (self.model.routing.arrival, best) {
                (_, None) => true,
                (Arrival::SpecialistFirst, Some((_, s, t))) => {
                    skills < s || (skills == s && since < t)
                }
                (Arrival::LongestIdle, Some((_, _, t))) => since < t,
            };
            if better {
                best = Some((g as usize, skills, since));
            }
        }
        best.map(|(g, _, _)| g)
    }

    /// The counters, with what is left waiting: live contacts past their patience abandoned,
    /// the rest stranded (abandoned too, with no agent left); deferrable items the backlog.
    fn finish(mut self) -> SkillReplication {
        let mut stranded = vec![0; self.model.queues.len()];
        for (q, waiting) in self.waiting.iter().enumerate() {
            let queue = &self.model.queues[q];
            for contact in waiting {
                let c = &mut self.queue_counters[q][contact.interval as usize];
                if !queue.live {
                    stranded[q] += 1;
                } else if contact.deadline.is_finite() {
                    c.abandoned += 1;
                    if contact.deadline - contact.arrival <= queue.sim.within {
                        c.abandoned_within += 1;
                    }
                } else {
                    c.abandoned += 1;
                    stranded[q] += 1;
                }
            }
        }
        SkillReplication {
            queues: self.queue_counters,
            groups: self.group_counters,
            events: self.events,
            stranded,
        }
    }
}
