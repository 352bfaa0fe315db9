//! Deferrable work (email, back-office): a backlog that carries across intervals, closed hours
//! and days, handled oldest first, with a response-time deadline of hours or days.
//!
//! # Model
//!
//! A deterministic **fluid** model: within each interval items arrive at a constant rate (the
//! forecast's volume spread evenly), every item is `aht` of agent work, and `n` agents process
//! work at `n × productive_share` agent-seconds per second, oldest item first. Nothing abandons.
//! An item's response time runs from its arrival until an agent picks it up, on the target's
//! clock (calendar time, or open hours only).
//!
//! **Requirement.** Interval `i`'s work `w_i = volume_i × aht_i` may be done in any open interval
//! that starts at or after `i` and ends by `start_i + D` on the clock (its *deadline window*).
//! The plan spreads `w_i` evenly over the open time of its window and staffs each open interval
//! with the fewest whole agents that carry what is spread onto it:
//!
//! ```text
//! r_j = Σ_{i : j ∈ window(i)} w_i ÷ |window(i)|,   n_j = ⌈ r_j ÷ (L × productive_share) ⌉
//! ```
//!
//! This is feasible under oldest-first processing: for any times `s < t`, the capacity in
//! `(s, t]` is at least the work spread there, which is at least the work that arrived in
//! `(s, t − D]` (its windows lie inside `(s, t]`), so everything due by `t` is done by `t`. It
//! is also smooth — `r` is a moving average of the workload over the deadline — so a long
//! deadline levels the day and a short one follows the arrivals. Work whose window holds no open
//! interval (it arrives too close to closing for any open time before its deadline) is spread
//! onto the first open interval after it and counts as late; work whose window runs past the
//! horizon is spread over its whole window as if the horizon went on (on the calendar clock the
//! part beyond counts at the horizon's share of open intervals), and what lands beyond is left
//! in the backlog at the horizon's end — a week's plan does not squeeze Friday's late work into
//! Friday's last hour.
//!
//! **Trajectory.** Given agents per interval, [`fluid_run`] follows the backlog exactly as a
//! fluid, with each interval's arrivals taken as [`PARCELS`] equal parcels at the starts of
//! equal sub-intervals (a parcel's response is timed from its sub-interval's start, so it is
//! never understated), a parcel's items picked up evenly while it is worked: per interval it reports the items handled within the deadline, their
//! mean response, the agents' busy time, and the backlog and oldest item's age at its end.

use crate::units::Seconds;

/// Parcels per interval in the fluid trajectory: each interval's arrivals are `PARCELS` equal
/// lots arriving at the starts of equal sub-intervals.
pub const PARCELS: usize = 6;

/// How the response-time deadline is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    /// Wall-clock time: nights and closed days count.
    #[default]
    Calendar,
    /// Only open intervals count: "2 business days".
    OpenHours,
}

impl Clock {
    /// The name in scenario files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Clock::Calendar => "calendar",
            Clock::OpenHours => "open_hours",
        }
    }

    /// The name in prose: "calendar" or "open hours".
    pub fn in_words(self) -> &'static str {
        match self {
            Clock::Calendar => "calendar",
            Clock::OpenHours => "open hours",
        }
    }
}

/// One interval of deferrable demand.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeferredDemand {
    /// Items arriving in the interval.
    pub items: f64,
    /// Agent work per item.
    pub aht: Seconds,
    /// Whether agents work in the interval.
    pub open: bool,
}

/// The deadline: every item should be picked up within `within` on `clock`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Deadline {
    /// The response time.
    pub within: Seconds,
    /// How it is counted.
    pub clock: Clock,
}

/// Times on a horizon of equal intervals, measured on either clock.
#[derive(Debug, Clone)]
pub struct OpenClock {
    length: f64,
    /// `open_before[k]`: open seconds before interval `k` starts (one more entry than intervals).
    open_before: Vec<f64>,
    open: Vec<bool>,
}

impl OpenClock {
    /// The clock of intervals of `length` seconds, open where `open` says.
    pub fn new(length: f64, open: impl IntoIterator<Item = bool>) -> Self {
        let open: Vec<bool> = open.into_iter().collect();
        let mut open_before = Vec::with_capacity(open.len() + 1);
        let mut total = 0.0;
        open_before.push(total);
        for &o in &open {
            if o {
                total += length;
            }
            open_before.push(total);
        }
        Self {
            length,
            open_before,
            open,
        }
    }

    /// Open seconds from the horizon's start to `time` (seconds from the start).
    pub fn open_seconds_until(&self, time: f64) -> f64 {
        let n = self.open.len();
        let k = ((time / self.length).floor().max(0.0) as usize).min(n);
        let mut seconds = self.open_before[k];
        if k < n && self.open[k] {
            seconds += (time - k as f64 * self.length).clamp(0.0, self.length);
        }
        seconds
    }

    /// The time from `from` to `to` (seconds from the start) on `clock`.
    pub fn elapsed(&self, clock: Clock, from: f64, to: f64) -> f64 {
        match clock {
            Clock::Calendar => to - from,
            Clock::OpenHours => self.open_seconds_until(to) - self.open_seconds_until(from),
        }
    }
}

/// The agent-seconds of work each open interval must carry so that every item meets `deadline`
/// (see the module's *Requirement*): one value per interval, 0 when closed.
pub fn spread_work(demand: &[DeferredDemand], length: Seconds, deadline: Deadline) -> Vec<f64> {
    let n = demand.len();
    let length = length.get();
    // Open intervals in order, and the count of open intervals before each index.
    let open_index: Vec<usize> = (0..n).filter(|&k| demand[k].open).collect();
    let mut opens_before = Vec::with_capacity(n + 1);
    opens_before.push(0usize);
    for d in demand {
        let last = *opens_before.last().unwrap_or(&0);
        opens_before.push(last + usize::from(d.open));
    }
    let per_window = (deadline.within.get() / length + 1e-9).floor() as usize;
    // Difference array over open-interval positions.
    let mut diff = vec![0.0; open_index.len() + 1];
    for (i, d) in demand.iter().enumerate() {
        let work = d.items * d.aht.get();
        if work <= 0.0 {
            continue;
        }
        // The first open interval at or after i, as a position among open intervals.
        let first = opens_before[i];
        if first >= open_index.len() {
            continue; // nothing open after it: left in the backlog at the end
        }
        let last = match deadline.clock {
            // Open intervals j ≥ i ending by start_i + D: index j ≤ i + per_window − 1.
            Clock::Calendar => {
                let last_index = (i + per_window).min(n); // exclusive bound on interval indices
                opens_before[last_index]
            }
            // The next `per_window` open intervals counted from i.
            Clock::OpenHours => (first + per_window).min(open_index.len()),
        };
        // The window's size in open intervals: where it runs past the horizon, the part beyond
        // counts too (on the calendar clock at the horizon's share of open intervals), and the
        // work that lands there is carried past the horizon's end.
        let beyond = match deadline.clock {
            Clock::Calendar => {
                (i + per_window).saturating_sub(n) as f64 * open_index.len() as f64 / n as f64
            }
            Clock::OpenHours => (first + per_window).saturating_sub(open_index.len()) as f64,
        };
        // Positions first..last (exclusive); empty: late, onto the first open interval.
        let inside = last.saturating_sub(first);
        let last = last.max(first + 1);
        let size = if inside == 0 {
            1.0
        } else {
            inside as f64 + beyond
        };
        let share = work / size;
        diff[first] += share;
        diff[last] -= share;
    }
    let mut spread = vec![0.0; n];
    let mut running = 0.0;
    for (p, &k) in open_index.iter().enumerate() {
        running += diff[p];
        spread[k] = running.max(0.0);
    }
    spread
}

/// The fewest whole agents per interval that carry [`spread_work`] at `productive_share` of
/// their time (e.g. the occupancy cap; 1 when none).
pub fn required_agents(
    demand: &[DeferredDemand],
    length: Seconds,
    deadline: Deadline,
    productive_share: f64,
) -> Vec<u32> {
    let capacity = length.get() * productive_share;
    spread_work(demand, length, deadline)
        .into_iter()
        .map(|work| {
            let agents = work / capacity;
            // A hair of tolerance so that exactly 12 agents' work does not ask for 13.
            (agents - 1e-9).ceil().max(0.0) as u32
        })
        .collect()
}

/// One interval of the fluid trajectory.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FluidInterval {
    /// Items that arrived in the interval.
    pub items: f64,
    /// Of those, picked up within the deadline, or still waiting at the horizon's end but not
    /// yet due.
    pub within: f64,
    /// Of those, picked up before the horizon ended.
    pub handled: f64,
    /// Σ response times of those handled, seconds on the deadline's clock.
    pub response_seconds: f64,
    /// Of those, the share that waited at all (found older work ahead of it).
    pub waited: f64,
    /// Agent-seconds spent working in the interval.
    pub busy_seconds: f64,
    /// Items waiting at the interval's end.
    pub backlog_at_end: f64,
    /// Age of the oldest item waiting at the interval's end, seconds of calendar time (0 when
    /// none waits).
    pub oldest_age_at_end: f64,
}

/// A lot of items that arrived together and are still (partly) waiting.
struct Parcel {
    interval: usize,
    arrival: f64,
    /// Items left, and agent work per item.
    items: f64,
    aht: f64,
}

/// Follows the backlog when `agents[k]` agents work interval `k` at `productive_share` (see the
/// module's *Trajectory*).
///
/// Over 80 lines: one pass of the fluid model whose queue and age bookkeeping must be read together
/// (see the module's *Trajectory*).
pub fn fluid_run(
    demand: &[DeferredDemand],
    length: Seconds,
    agents: &[u32],
    deadline: Deadline,
    productive_share: f64,
) -> Vec<FluidInterval> {
    let length = length.get();
    let clock = OpenClock::new(length, demand.iter().map(|d| d.open));
    let within = deadline.within.get();
    let mut out = vec![FluidInterval::default(); demand.len()];
    let mut queue: std::collections::VecDeque<Parcel> = std::collections::VecDeque::new();
    let sub = length / PARCELS as f64;
    for (k, d) in demand.iter().enumerate() {
        let start = k as f64 * length;
        let end = start + length;
        out[k].items = d.items;
        let arrivals = (0..PARCELS).map(|p| Parcel {
            interval: k,
            arrival: start + p as f64 * sub,
            items: d.items / PARCELS as f64,
            aht: d.aht.get(),
        });
        if d.items > 0.0 {
            queue.extend(arrivals);
        }
        let rate = if d.open {
            f64::from(agents.get(k).copied().unwrap_or(0)) * productive_share
        } else {
            0.0
        };
        let mut time = start;
        if rate > 0.0 {
            while let Some(front) = queue.front_mut() {
                if front.arrival >= end {
                    break;
                }
                if front.arrival > time {
                    time = front.arrival; // idle until it arrives
                }
                let work = front.items * front.aht;
                let room = (end - time) * rate;
                let done_work = work.min(room);
                let took = done_work / rate;
                let items = done_work / front.aht;
                // Its items are picked up evenly from `time` to `time + took`: response of the
                // middle one.
                let picked = time + 0.5 * took;
                let response = clock
                    .elapsed(deadline.clock, front.arrival, picked)
                    .max(0.0);
                let record = &mut out[front.interval];
                record.handled += items;
                record.response_seconds += response * items;
                if response <= within + 1e-9 {
                    record.within += items;
                }
                if time > front.arrival + 1e-9 {
                    record.waited += items;
                }
                out[k].busy_seconds += done_work;
                time += took;
                front.items -= items;
                if front.items <= 1e-12 * (1.0 + items) {
                    queue.pop_front();
                } else {
                    break; // the interval's capacity is spent
                }
            }
        }
        out[k].backlog_at_end = queue.iter().map(|p| p.items).sum::<f64>().max(0.0) + 0.0;
        out[k].oldest_age_at_end = queue.front().map_or(0.0, |p| end - p.arrival);
    }
    // Items still waiting at the horizon's end whose deadline lies beyond it are not late (the
    // plan spread them past the end): they count as within.
    let horizon = demand.len() as f64 * length;
    for p in &queue {
        if clock.elapsed(deadline.clock, p.arrival, horizon) <= within + 1e-9 {
            out[p.interval].within += p.items;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(items: &[f64], open: impl Fn(usize) -> bool) -> Vec<DeferredDemand> {
        items
            .iter()
            .enumerate()
            .map(|(k, &items)| DeferredDemand {
                items,
                aht: Seconds(360.0),
                open: open(k),
            })
            .collect()
    }

    const HOUR: Seconds = Seconds(3600.0);

    #[test]
    fn a_deadline_of_one_interval_staffs_each_interval_for_its_own_work() {
        // 10 items × 6 min = 1 agent-hour per hour.
        let demand = day(&[10.0, 20.0, 0.0], |_| true);
        let deadline = Deadline {
            within: HOUR,
            clock: Clock::Calendar,
        };
        assert_eq!(required_agents(&demand, HOUR, deadline, 1.0), vec![1, 2, 0]);
    }

    #[test]
    fn a_long_deadline_spreads_the_work_over_its_window() {
        // 30 items in the first hour, 3 agent-hours, with a 3-hour deadline: 1 agent each hour.
        let demand = day(&[30.0, 0.0, 0.0, 0.0], |_| true);
        let deadline = Deadline {
            within: Seconds(3.0 * 3600.0),
            clock: Clock::Calendar,
        };
        let spread = spread_work(&demand, HOUR, deadline);
        assert_eq!(spread, vec![3600.0, 3600.0, 3600.0, 0.0]);
        let run = fluid_run(&demand, HOUR, &[1, 1, 1, 0], deadline, 1.0);
        // Everything handled within three hours; the backlog falls by 10 items an hour.
        assert!((run[0].within - 30.0).abs() < 1e-9, "{run:?}");
        let backlogs: Vec<f64> = run.iter().map(|r| r.backlog_at_end).collect();
        for (got, want) in backlogs.iter().zip([20.0, 10.0, 0.0, 0.0]) {
            assert!((got - want).abs() < 1e-9, "{backlogs:?}");
        }
    }

    #[test]
    fn work_arriving_before_a_closed_night_is_carried_and_handled_oldest_first() {
        // Open, closed, closed, open: 10 items at the end of day one wait for the morning.
        let demand = day(&[20.0, 0.0, 0.0, 10.0], |k| k == 0 || k == 3);
        let deadline = Deadline {
            within: Seconds(4.0 * 3600.0),
            clock: Clock::Calendar,
        };
        let run = fluid_run(&demand, HOUR, &[1, 0, 0, 2], deadline, 1.0);
        assert!((run[0].backlog_at_end - 10.0).abs() < 1e-9);
        assert!((run[2].backlog_at_end - 10.0).abs() < 1e-9);
        assert!(run[2].oldest_age_at_end > 2.0 * 3600.0);
        // In the morning the 10 old items go first (the first hour's capacity is 20 items).
        assert!((run[0].handled - 20.0).abs() < 1e-9);
        assert!((run[3].handled - 10.0).abs() < 1e-9);
        assert!(run[0].response_seconds / 20.0 > run[3].response_seconds / 10.0);
        assert_eq!(run[3].backlog_at_end, 0.0);
    }

    #[test]
    fn the_open_hours_clock_does_not_count_the_night() {
        let clock = OpenClock::new(3600.0, [true, false, false, true]);
        assert_eq!(
            clock.elapsed(Clock::OpenHours, 1800.0, 3.5 * 3600.0),
            3600.0
        );
        assert_eq!(
            clock.elapsed(Clock::Calendar, 1800.0, 3.5 * 3600.0),
            3.0 * 3600.0
        );
    }

    #[test]
    fn the_spread_plan_meets_every_deadline_in_the_fluid_run() {
        let items = [
            5.0, 40.0, 80.0, 60.0, 30.0, 10.0, 0.0, 0.0, 25.0, 70.0, 20.0, 5.0,
        ];
        let demand = day(&items, |k| !(6..8).contains(&k));
        for hours in [1.0, 2.0, 5.0, 24.0] {
            let deadline = Deadline {
                within: Seconds(hours * 3600.0),
                clock: Clock::OpenHours,
            };
            let agents = required_agents(&demand, HOUR, deadline, 1.0);
            let run = fluid_run(&demand, HOUR, &agents, deadline, 1.0);
            let (within, handled, total) = run.iter().fold((0.0, 0.0, 0.0), |(w, h, t), r| {
                (w + r.within, h + r.handled, t + r.items)
            });
            // Nothing is late; what is not handled waits past the horizon, not yet due.
            assert!(within >= total - 1e-6, "{hours} h: {within} of {total}");
            let carried = run.last().unwrap().backlog_at_end;
            assert!(
                (handled + carried - total).abs() < 1e-6,
                "{hours} h: {handled} + {carried} of {total}"
            );
            if hours <= 2.0 {
                assert!(
                    carried < 1e-6,
                    "short deadlines end inside the day: {carried}"
                );
            }
        }
    }
}
