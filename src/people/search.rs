//! The roster search: a greedy start, then a late-acceptance hill climb (Burke and Bykov, 2017)
//! over single agents' days.
//!
//! # Score
//!
//! A roster is judged lexicographically: first the **rules broken** (weighted by how far: a day
//! or an hour short or over, a rest short by some hours), then the **shortfall** (Σ over
//! intervals of heads missing against ⌈requirement ÷ (1 − absence)⌉), then the **cost**. The
//! search adds them up with weights that keep the order ([`RULE_WEIGHT`], [`SHORT_WEIGHT`]).
//!
//! # Moves
//!
//! Each move changes one or two agents and is scored by its change alone (the intervals its
//! shifts cover, and the changed agents' rules): another way to work a day (a start or break
//! placement of the same template, another template, or the day off), a shift moved to a day
//! off of the same week, or two agents' shifts on one day swapped. A move is kept when it is no
//! worse than the current roster or than the roster [`HISTORY`] moves ago. The search runs a
//! fixed number of moves for a given size (so the same seed gives the same roster whatever the
//! machine), unless it reaches the lower bound first or the time limit stops it.

use super::model::Problem;
use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::rng::{Domain, SimRng, stream};
use rand::RngExt;
use std::time::{Duration, Instant};

/// Weight of one unit of broken rule (a day, an hour, one rest or pattern breach).
pub const RULE_WEIGHT: f64 = 1e9;

/// Weight of one agent-interval short.
pub const SHORT_WEIGHT: f64 = 1e4;

/// Late-acceptance history length.
pub const HISTORY: usize = 2_000;

/// Moves per agent-day the search runs.
pub const MOVES_PER_AGENT_DAY: u64 = 20_000;

/// The most moves one search runs.
pub const MAX_MOVES: u64 = 60_000_000;

/// Agent `a`'s shift on each day: a way, or the day off.
pub(crate) type Row = Vec<Option<u32>>;

/// How the search ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stop {
    /// It ran its moves.
    Moves,
    /// It reached the lower bound: nothing better exists.
    Bound,
    /// The time limit stopped it: the roster may differ with a longer limit.
    TimeLimit,
}

/// The search's outcome.
pub(crate) struct Found {
    pub(crate) rows: Vec<Row>,
    pub(crate) moves: u64,
    pub(crate) stop: Stop,
}

/// The state being searched: rows, heads per interval, and each agent's rule penalty.
struct State<'p, 'a> {
    problem: &'p Problem<'a>,
    rows: Vec<Row>,
    heads: Vec<u32>,
    penalty: Vec<f64>,
}

impl<'p, 'a> State<'p, 'a> {
    fn new(problem: &'p Problem<'a>, rows: Vec<Row>) -> Self {
        let mut heads = vec![0u32; problem.target.len()];
        for row in &rows {
            for w in row.iter().flatten() {
                for &k in &problem.ways[*w as usize].covers {
                    heads[k] += 1;
                }
            }
        }
        let penalty = rows
            .iter()
            .enumerate()
            .map(|(a, row)| rule_penalty(problem, a, row))
            .collect();
        State {
            problem,
            rows,
            heads,
            penalty,
        }
    }

    fn short(&self) -> u64 {
        self.problem
            .target
            .iter()
            .zip(&self.heads)
            .map(|(&t, &h)| u64::from(t.saturating_sub(h)))
            .sum()
    }

    fn cost(&self) -> f64 {
        self.rows
            .iter()
            .flatten()
            .flatten()
            .map(|&w| self.problem.ways[w as usize].cost())
            .sum()
    }

    fn score(&self) -> f64 {
        self.penalty.iter().sum::<f64>() * RULE_WEIGHT
            + self.short() as f64 * SHORT_WEIGHT
            + self.cost()
    }

    /// Applies agent `a`'s day going from `old` to `new` to the heads per interval; the change in
    /// shortfall and cost.
    fn cover_delta(&mut self, old: Option<u32>, new: Option<u32>) -> f64 {
        let ways = &self.problem.ways;
        let target = &self.problem.target;
        let mut delta = 0.0;
        if let Some(w) = old {
            for &k in &ways[w as usize].covers {
                if self.heads[k] <= target[k] {
                    delta += SHORT_WEIGHT;
                }
                self.heads[k] -= 1;
            }
            delta -= ways[w as usize].cost();
        }
        if let Some(w) = new {
            for &k in &ways[w as usize].covers {
                if self.heads[k] < target[k] {
                    delta -= SHORT_WEIGHT;
                }
                self.heads[k] += 1;
            }
            delta += ways[w as usize].cost();
        }
        delta
    }

    /// Tries changes to agents' days (`changes`: agent, day, new shift); keeps them when
    /// `accept(delta)`; returns the delta.
    fn try_changes(
        &mut self,
        changes: &[(usize, usize, Option<u32>)],
        accept: &mut dyn FnMut(f64) -> bool,
    ) -> f64 {
        let mut delta = 0.0;
        let mut undo = Vec::with_capacity(changes.len());
        for &(a, d, new) in changes {
            let old = self.rows[a][d];
            delta += self.cover_delta(old, new);
            self.rows[a][d] = new;
            undo.push((a, d, old));
        }
        let mut touched: Vec<usize> = changes.iter().map(|c| c.0).collect();
        touched.sort_unstable();
        touched.dedup();
        let mut penalties = Vec::with_capacity(touched.len());
        for &a in &touched {
            let p = rule_penalty(self.problem, a, &self.rows[a]);
            delta += (p - self.penalty[a]) * RULE_WEIGHT;
            penalties.push(p);
        }
        if accept(delta) {
            for (a, p) in touched.into_iter().zip(penalties) {
                self.penalty[a] = p;
            }
        } else {
            for &(a, d, old) in undo.iter().rev() {
                let now = self.rows[a][d];
                self.cover_delta(now, old);
                self.rows[a][d] = old;
            }
        }
        delta
    }
}

/// Agent `a`'s rules broken in `row`, weighted by how far (see the module docs).
pub(crate) fn rule_penalty(problem: &Problem, a: usize, row: &[Option<u32>]) -> f64 {
    let config = problem.config;
    let contract = &config.contracts[config.agents[a].contract];
    let ways = &problem.ways;
    let weeks = problem.weeks();
    let mut days = vec![0u32; weeks];
    let mut hours = vec![0.0f64; weeks];
    let mut p = 0.0;
    let mut run = 0u32;
    let mut last: Option<&super::model::Way> = None;
    for (d, shift) in row.iter().enumerate() {
        match shift {
            Some(w) => {
                let way = &ways[*w as usize];
                days[problem.week[d]] += 1;
                hours[problem.week[d]] += way.paid_seconds / 3600.0;
                run += 1;
                if run > contract.max_consecutive_days {
                    p += 1.0;
                }
                if let Some(prev) = last {
                    let rest = (way.from - prev.to) as f64;
                    if rest < contract.min_rest.get() {
                        p += 1.0 + (contract.min_rest.get() - rest) / 3600.0;
                    }
                    if let Some(max) = contract.max_start_change
                        && prev.day + 1 == d
                    {
                        let change = (way.start_seconds - prev.start_seconds).abs() as f64;
                        if change > max.get() {
                            p += 1.0 + (change - max.get()) / 3600.0;
                        }
                    }
                }
                last = Some(way);
            }
            None => run = 0,
        }
    }
    for w in 0..weeks {
        let (max_days, max_seconds) = problem.week_maximum(a, w);
        let over_days = f64::from(days[w].saturating_sub(max_days));
        let over_hours = (hours[w] - max_seconds / 3600.0 - 1e-6).max(0.0);
        p += over_days + over_hours;
        if problem.full_week[w] {
            let (min_days, min_seconds) = problem.week_minimum(a, w);
            p += f64::from(min_days.saturating_sub(days[w]));
            p += (min_seconds / 3600.0 - hours[w] - 1e-6).max(0.0);
            if contract.days_off_together && !two_off_in_a_row(problem, row, w) {
                p += 1.0;
            }
        }
    }
    if let Some((n, m)) = contract.weekends_off {
        p += weekends_short(problem, row, n, m) as f64;
    }
    p
}

/// Whether full week `w` has two days off in a row (Monday to Sunday).
pub(crate) fn two_off_in_a_row(problem: &Problem, row: &[Option<u32>], w: usize) -> bool {
    problem.week_days[w]
        .clone()
        .zip(problem.week_days[w].clone().skip(1))
        .any(|(a, b)| row[a].is_none() && row[b].is_none())
}

/// Weekends off missing against "n in every m weeks": each run of m full weeks (fewer over a
/// shorter horizon, needing what the unseen weeks could not give) short of n weekends off.
pub(crate) fn weekends_short(problem: &Problem, row: &[Option<u32>], n: u32, m: u32) -> u32 {
    let weeks: Vec<usize> = (0..problem.weeks())
        .filter(|&w| problem.full_week[w])
        .collect();
    let off: Vec<bool> = weeks
        .iter()
        .map(|&w| {
            // Saturday and Sunday of a full week are its last two days.
            let end = problem.week_days[w].end;
            row[end - 2].is_none() && row[end - 1].is_none()
        })
        .collect();
    let m = m as usize;
    if off.is_empty() {
        return 0;
    }
    if off.len() < m {
        let needed = (n as usize).saturating_sub(m - off.len());
        let have = off.iter().filter(|x| **x).count();
        return needed.saturating_sub(have) as u32;
    }
    off.windows(m)
        .map(|w| (n as usize).saturating_sub(w.iter().filter(|x| **x).count()) as u32)
        .sum()
}

/// The greedy start: for each agent and calendar week, its fewest days that can make its hours,
/// on the days with the most need left, each on the way that covers the most need left.
fn greedy(problem: &Problem) -> Vec<Row> {
    let config = problem.config;
    let mut heads = vec![0u32; problem.target.len()];
    let mut rows = Vec::with_capacity(config.agents.len());
    for (a, agent) in config.agents.iter().enumerate() {
        let contract = &config.contracts[agent.contract];
        let longest = contract
            .templates
            .iter()
            .map(|&t| crate::scenario::paid_seconds(&problem.schedule.templates[t]))
            .fold(0.0, f64::max);
        let days_needed = (contract.days.0..=contract.days.1)
            .find(|&d| f64::from(d) * longest >= contract.hours.0.get() - 1e-6)
            .unwrap_or(contract.days.1);
        let mut row: Row = vec![None; problem.dates.len()];
        for w in 0..problem.weeks() {
            let mut days: Vec<usize> = (0..problem.dates.len())
                .filter(|&d| problem.week[d] == w && !problem.options[a][d].is_empty())
                .collect();
            let need = |d: usize, heads: &[u32]| -> u64 {
                problem.options[a][d]
                    .iter()
                    .map(|&way| gain(problem, way, heads))
                    .max()
                    .unwrap_or(0)
            };
            days.sort_by_key(|&d| std::cmp::Reverse(need(d, &heads)));
            let take = (days_needed as usize).min(days.len());
            let mut chosen: Vec<usize> = days[..take].to_vec();
            chosen.sort_unstable();
            for d in chosen {
                let best = problem.options[a][d].iter().copied().max_by(|&x, &y| {
                    gain(problem, x, &heads)
                        .cmp(&gain(problem, y, &heads))
                        .then(
                            problem.ways[y as usize]
                                .cost()
                                .total_cmp(&problem.ways[x as usize].cost()),
                        )
                });
                if let Some(way) = best {
                    for &k in &problem.ways[way as usize].covers {
                        heads[k] += 1;
                    }
                    row[d] = Some(way);
                }
            }
        }
        rows.push(row);
    }
    rows
}

/// Agent-intervals of need a way would cover with `heads` already there.
fn gain(problem: &Problem, way: u32, heads: &[u32]) -> u64 {
    problem.ways[way as usize]
        .covers
        .iter()
        .filter(|&&k| heads[k] < problem.target[k])
        .count() as u64
}

/// Searches from the greedy start for `moves` moves (see the module docs), or until the score
/// reaches `floor` or `time_limit` passes.
pub(crate) fn search(
    problem: &Problem,
    seed: u64,
    moves: u64,
    floor: f64,
    time_limit: Option<Duration>,
    progress: &dyn Progress,
) -> Result<Found> {
    let started = Instant::now();
    let mut state = State::new(problem, greedy(problem));
    let agents = problem.config.agents.len();
    let days = problem.dates.len();
    let mut rng: SimRng = stream(seed, Domain::Roster, 0);
    let mut current = state.score();
    let mut best = current;
    let mut best_rows = state.rows.clone();
    let mut history = vec![current; HISTORY];
    let chunk = 1u64 << 14;
    progress.add_work(moves.div_ceil(chunk));
    let mut stop = Stop::Moves;
    let mut done = 0;
    while done < moves {
        if done % chunk == 0 && done > 0 {
            progress.tick();
            if progress.cancelled() {
                return Err(Error::Cancelled);
            }
            if time_limit.is_some_and(|limit| started.elapsed() >= limit) {
                stop = Stop::TimeLimit;
                break;
            }
        }
        if best <= floor + 1e-6 {
            stop = Stop::Bound;
            break;
        }
        let slot = (done % HISTORY as u64) as usize;
        let bar = current.max(history[slot]);
        let changes = propose(problem, &state, &mut rng, agents, days);
        if !changes.is_empty() {
            let delta = state.try_changes(&changes, &mut |delta| current + delta <= bar + 1e-9);
            if current + delta <= bar + 1e-9 {
                current += delta;
                if current < best - 1e-9 {
                    best = current;
                    best_rows.clone_from(&state.rows);
                }
            }
        }
        history[slot] = current;
        done += 1;
    }
    Ok(Found {
        rows: best_rows,
        moves: done,
        stop,
    })
}

/// A week re-planned for agent `a`: as many days worked as now, on other days — two days off in
/// a row where the week has room — each worked day keeping its shift, or taking the template and
/// nearest start of the agent's nearest shift (so the hours and the start times hold).
fn replan_week(
    problem: &Problem,
    state: &State,
    rng: &mut SimRng,
    a: usize,
    week: usize,
) -> Vec<(usize, usize, Option<u32>)> {
    let row = &state.rows[a];
    let days: Vec<usize> = (0..row.len())
        .filter(|&d| problem.week[d] == week)
        .collect();
    let workable: Vec<usize> = days
        .iter()
        .copied()
        .filter(|&d| !problem.options[a][d].is_empty())
        .collect();
    let worked = days.iter().filter(|&&d| row[d].is_some()).count();
    if worked == 0 || workable.len() <= worked {
        return Vec::new();
    }
    // Off: a random pair of neighbouring days first, when two can be spared, then at random.
    let mut off: Vec<usize> = Vec::new();
    if days.len() - worked >= 2 {
        let first = rng.random_range(0..days.len() - 1);
        off.extend([days[first], days[first + 1]]);
    }
    let mut pool: Vec<usize> = days.iter().copied().filter(|d| !off.contains(d)).collect();
    let mut on: Vec<usize> = Vec::new();
    while on.len() < worked && !pool.is_empty() {
        let pick = pool.swap_remove(rng.random_range(0..pool.len()));
        if !problem.options[a][pick].is_empty() {
            on.push(pick);
        }
    }
    if on.len() < worked {
        return Vec::new();
    }
    // The shift each newly worked day copies: the template and start of the nearest shift.
    let nearest = |d: usize| -> Option<u32> {
        (1..row.len()).find_map(|gap| {
            [d.checked_sub(gap), Some(d + gap)]
                .into_iter()
                .flatten()
                .filter(|&e| e < row.len())
                .find_map(|e| row[e])
        })
    };
    let mut changes = Vec::new();
    for &d in &days {
        let new = if !on.contains(&d) {
            None
        } else if let Some(w) = row[d] {
            Some(w)
        } else {
            let model = nearest(d).map(|w| &problem.ways[w as usize]);
            problem.options[a][d].iter().copied().min_by_key(|&w| {
                let way = &problem.ways[w as usize];
                model.map_or(0, |m| {
                    i64::from(way.template != m.template) * 1_000_000
                        + (way.start_seconds - m.start_seconds).abs()
                })
            })
        };
        if new != row[d] {
            changes.push((a, d, new));
        }
    }
    changes
}

/// Whole weeks exchanged, day for day: agent `a`'s `week` with another full week of its own
/// (`own`), or with another agent's same week (same contract). Each keeps its week's days and
/// hours, and which weekends are worked moves — the only way to the rotation a weekends-off rule
/// needs, which single days cannot reach without breaking it on the way.
fn swap_weeks(
    problem: &Problem,
    state: &State,
    rng: &mut SimRng,
    a: usize,
    week: usize,
    own: bool,
) -> Vec<(usize, usize, Option<u32>)> {
    let weeks = problem.weeks();
    let (b, other) = if own {
        (a, rng.random_range(0..weeks))
    } else {
        (rng.random_range(0..problem.config.agents.len()), week)
    };
    let agents = &problem.config.agents;
    if (a, week) == (b, other)
        || !problem.full_week[week]
        || !problem.full_week[other]
        || agents[a].contract != agents[b].contract
    {
        return Vec::new();
    }
    let (from, to) = (
        problem.week_days[week].start,
        problem.week_days[other].start,
    );
    let mut changes = Vec::new();
    for i in 0..7 {
        let (d, e) = (from + i, to + i);
        let (x, y) = (state.rows[a][d], state.rows[b][e]);
        if x == y {
            continue;
        }
        // Each takes the other's way as the same template and start on its own day.
        let (Some(new_x), Some(new_y)) = (same_way(problem, a, d, y), same_way(problem, b, e, x))
        else {
            return Vec::new();
        };
        changes.push((a, d, new_x));
        changes.push((b, e, new_y));
    }
    changes
}

/// Agent `a`'s way on day `d` with the template, start time and break offsets of `way` (any
/// day), or the day off; `None` when `a` has no such way that day.
fn same_way(problem: &Problem, a: usize, d: usize, way: Option<u32>) -> Option<Option<u32>> {
    let Some(w) = way else {
        return Some(None);
    };
    let shape = problem.ways[w as usize].shape;
    problem.options[a][d]
        .iter()
        .copied()
        .find(|&x| problem.ways[x as usize].shape == shape)
        .map(Some)
}

/// One move: the changes it makes (agent, day, new shift).
fn propose(
    problem: &Problem,
    state: &State,
    rng: &mut SimRng,
    agents: usize,
    days: usize,
) -> Vec<(usize, usize, Option<u32>)> {
    let a = rng.random_range(0..agents);
    let d = rng.random_range(0..days);
    let options = &problem.options[a][d];
    let current = state.rows[a][d];
    let kind = rng.random_range(0..14u32);
    if kind >= 12 {
        return swap_weeks(problem, state, rng, a, problem.week[d], kind == 12);
    }
    if kind >= 10 {
        return replan_week(problem, state, rng, a, problem.week[d]);
    }
    match (kind, current) {
        // Another way on the same day: most often the same template (the same hours).
        (0..=4, Some(w)) => {
            if options.is_empty() {
                return Vec::new();
            }
            let template = problem.ways[w as usize].template;
            let pick = options[rng.random_range(0..options.len())];
            if kind <= 2 && problem.ways[pick as usize].template != template {
                return Vec::new();
            }
            vec![(a, d, Some(pick))]
        }
        (5, Some(_)) => vec![(a, d, None)],
        (0..=5, None) => {
            if options.is_empty() {
                return Vec::new();
            }
            vec![(a, d, Some(options[rng.random_range(0..options.len())]))]
        }
        // A shift moved to a day off of the same week, at the same template.
        (6..=7, Some(w)) => {
            let week = problem.week[d];
            let off: Vec<usize> = problem.week_days[week]
                .clone()
                .filter(|&e| state.rows[a][e].is_none())
                .collect();
            if off.is_empty() {
                return Vec::new();
            }
            let e = off[rng.random_range(0..off.len())];
            let template = problem.ways[w as usize].template;
            let same: Vec<u32> = problem.options[a][e]
                .iter()
                .copied()
                .filter(|&x| problem.ways[x as usize].template == template)
                .collect();
            if same.is_empty() {
                return Vec::new();
            }
            vec![
                (a, d, None),
                (a, e, Some(same[rng.random_range(0..same.len())])),
            ]
        }
        // Two agents' shifts on one day swapped, when each may work the other's.
        _ => {
            let b = rng.random_range(0..agents);
            let other = state.rows[b][d];
            if b == a || other == current {
                return Vec::new();
            }
            let allowed = |agent: usize, way: Option<u32>| {
                way.is_none_or(|w| problem.options[agent][d].contains(&w))
            };
            if !allowed(a, other) || !allowed(b, current) {
                return Vec::new();
            }
            vec![(a, d, other), (b, d, current)]
        }
    }
}
