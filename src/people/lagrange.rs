//! A lower bound on the shortfall by **Lagrangian relaxation** of the cover constraints.
//!
//! # Formula
//!
//! For any price `u_k ∈ [0, 1]` on each interval's heads,
//!
//! ```text
//! short ≥ Σ_k u_k·T_k − Σ_agents max_{their rosters} Σ_{k covered} u_k
//! ```
//!
//! because `short_k ≥ T_k − cover_k` and `short_k ≥ 0` make `Σ_k short_k ≥ Σ_k u_k·(T_k −
//! cover_k)` for every roster, and no roster gives an agent more than its best. The best is
//! taken over a superset of the agent's legal rosters, which keeps the bound valid: one way a
//! day from its options (the day's best under the prices), its contract's fewest and most days
//! in each week, its most days in a row, two days off together in each full week, and its
//! weekends-off rule, all followed exactly by dynamic programming over the days ([`best_roster`]);
//! rest, hours and start changes are dropped. These are the rules that shape
//! which days can be worked: under "five days, two off together, six in a row, one weekend in
//! two", a full-timer who works a Saturday cannot work the next week's Monday to Friday, which no
//! day-by-day count sees.
//!
//! The prices are improved by subgradient steps (Held, Wolfe & Crowder, *Math. Programming* 6,
//! 1974), with Polyak's step towards the search's shortfall, so the bound approaches the
//! linear-programming bound of the model over each agent's legal rosters (Geoffrion, *Math.
//! Programming Study* 2, 1974: the Lagrangian dual equals the LP over their convex hull).

use super::model::Problem;
use std::collections::HashMap;

/// Subgradient steps at most.
const STEPS: usize = 600;

/// Longest run of days in a row, and longest weekends-off window, the dynamic programme
/// follows; a longer rule is dropped (a superset of rosters: the bound stays valid).
const MOST_TRACKED: u32 = 14;
const MOST_WEEKEND_WINDOW: u32 = 7;

/// The Lagrangian bound on the shortfall, in agent-intervals (see the module docs), improved
/// towards `upper` (the search's shortfall) for at most [`STEPS`] steps.
pub(crate) fn lagrangian_short(problem: &Problem, upper: u64) -> u64 {
    let target: Vec<f64> = problem.target.iter().map(|&t| f64::from(t)).collect();
    let classes = classes(problem);
    // Each contract's ways on each day (an agent's options on a day are its contract's ways,
    // or none when unavailable).
    let mut ways_of = vec![vec![Vec::new(); problem.dates.len()]; problem.config.contracts.len()];
    for (w, way) in problem.ways.iter().enumerate() {
        for (c, contract) in problem.config.contracts.iter().enumerate() {
            if contract.templates.contains(&way.template) {
                ways_of[c][way.day].push(w);
            }
        }
    }
    let mut price: Vec<f64> = target.iter().map(|&t| t.min(1.0)).collect();
    let (mut best, mut scale, mut since_better) = (f64::NEG_INFINITY, 2.0f64, 0);
    let mut value = vec![0.0f64; problem.ways.len()];
    let mut cover = vec![0.0f64; target.len()];
    let mut picks = Vec::new();
    for _ in 0..STEPS {
        for (v, way) in value.iter_mut().zip(&problem.ways) {
            *v = way.covers.iter().map(|&k| price[k]).sum();
        }
        cover.iter_mut().for_each(|c| *c = 0.0);
        let mut agents_best = 0.0;
        // Each contract's best way on each day, and its value.
        let contract_best: Vec<Vec<Option<(f64, usize)>>> = ways_of
            .iter()
            .map(|days| {
                days.iter()
                    .map(|ways| {
                        let x = ways
                            .iter()
                            .copied()
                            .max_by(|&x, &y| value[x].total_cmp(&value[y]))?;
                        Some((value[x], x))
                    })
                    .collect()
            })
            .collect();
        for class in &classes {
            let best = &contract_best[problem.config.agents[class.agent].contract];
            // A class's best: its contract's, on the days it may work.
            let day_best: Vec<Option<(f64, usize)>> = best
                .iter()
                .zip(&class.works)
                .map(|(b, &works)| b.filter(|_| works))
                .collect();
            picks.clear();
            let count = class.count as f64;
            agents_best += count * best_roster(problem, class.agent, &day_best, &mut picks);
            for &x in &picks {
                for &k in &problem.ways[x].covers {
                    cover[k] += count;
                }
            }
        }
        let dual = price.iter().zip(&target).map(|(u, t)| u * t).sum::<f64>() - agents_best;
        if dual > best + 1e-9 {
            (best, since_better) = (dual, 0);
        } else {
            since_better += 1;
            if since_better >= 20 {
                (scale, since_better) = (scale / 2.0, 0);
            }
        }
        // Rounding: the shortfall is whole agent-intervals.
        if (best - 1e-6).ceil() >= upper as f64 || scale < 1e-4 {
            break;
        }
        let slope: Vec<f64> = target.iter().zip(&cover).map(|(t, c)| t - c).collect();
        let norm: f64 = slope.iter().map(|g| g * g).sum();
        if norm <= 0.0 {
            break;
        }
        let step = scale * ((upper as f64).max(best.max(0.0) + 1.0) - dual) / norm;
        for (u, g) in price.iter_mut().zip(&slope) {
            *u = (*u + step * g).clamp(0.0, 1.0);
        }
    }
    ((best - 1e-6).ceil().max(0.0) as u64).min(upper)
}

/// Agents alike for the bound: one contract, the same days they may work and the same most
/// days each week.
struct Class {
    /// One of them.
    agent: usize,
    /// How many.
    count: usize,
    /// The days they may work.
    works: Vec<bool>,
}

/// The agents grouped into [`Class`]es, in the order of their first agent.
fn classes(problem: &Problem) -> Vec<Class> {
    let mut classes: Vec<Class> = Vec::new();
    let mut index: HashMap<(usize, Vec<bool>, Vec<u32>), usize> = HashMap::new();
    for (a, agent) in problem.config.agents.iter().enumerate() {
        let works: Vec<bool> = problem.options[a].iter().map(|o| !o.is_empty()).collect();
        let most: Vec<u32> = (0..problem.weeks())
            .map(|w| problem.week_maximum(a, w).0)
            .collect();
        let key = (agent.contract, works.clone(), most);
        let i = *index.entry(key).or_insert_with(|| {
            classes.push(Class {
                agent: a,
                count: 0,
                works,
            });
            classes.len() - 1
        });
        classes[i].count += 1;
    }
    classes
}

/// One state of [`best_roster`]'s programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Day {
    /// Days worked so far this week.
    days: u32,
    /// Days worked in a row up to today.
    run: u32,
    /// Today is off (reset on Mondays: a pair must lie inside the week).
    off: bool,
    /// This week had two days off in a row.
    pair: bool,
    /// This Saturday is worked (full weeks under a weekends-off rule).
    saturday: bool,
    /// The last weeks' weekends off, newest in the lowest bit.
    weekends: u32,
}

/// An agent's programme: its rules, and its [`Day`]s packed into dense indices.
struct Programme {
    /// Most days in a row + 1 (1: not followed).
    runs: u32,
    /// Weeks a weekends-off window remembers (m − 1).
    weekend_bits: u32,
    /// The weekends-off rule (n in every m), when followed.
    weekends_off: Option<(u32, u32)>,
    days_off_together: bool,
}

/// Where a day lies: its place in its calendar week, and that week's bounds.
struct Position {
    /// Monday 0 … Sunday 6 in a full week; from the horizon's first day in a partial one.
    weekday: usize,
    full: bool,
    most: u32,
    fewest: u32,
    /// Full weeks ended before this day.
    full_weeks_seen: usize,
}

impl Programme {
    fn new(contract: &crate::scenario::Contract) -> Self {
        let track_run = contract.max_consecutive_days <= MOST_TRACKED;
        let weekends_off = contract
            .weekends_off
            .filter(|&(_, m)| m <= MOST_WEEKEND_WINDOW);
        Programme {
            runs: if track_run {
                contract.max_consecutive_days + 1
            } else {
                1
            },
            weekend_bits: weekends_off.map_or(0, |(_, m)| m - 1),
            weekends_off,
            days_off_together: contract.days_off_together,
        }
    }
    fn states(&self) -> usize {
        (64 * self.runs as usize) << self.weekend_bits
    }
    fn pack(&self, s: Day) -> usize {
        let flags = u32::from(s.off) | u32::from(s.pair) << 1 | u32::from(s.saturday) << 2;
        (((s.weekends * 8 + flags) * self.runs + s.run) * 8 + s.days) as usize
    }
    fn unpack(&self, i: usize) -> Day {
        let i = i as u32;
        let (days, rest) = (i % 8, i / 8);
        let (run, rest) = (rest % self.runs, rest / self.runs);
        let (flags, weekends) = (rest % 8, rest / 8);
        Day {
            days,
            run,
            off: flags & 1 == 1,
            pair: flags & 2 == 2,
            saturday: flags & 4 == 4,
            weekends,
        }
    }

    /// The state after a day worked or off from `s` (already reset on a Monday), or `None` when
    /// a rule forbids it.
    fn next(&self, s: Day, worked: bool, at: &Position) -> Option<Day> {
        let mut t = s;
        if worked {
            if s.days + 1 > at.most || (self.runs > 1 && s.run + 1 >= self.runs) {
                return None;
            }
            (t.days, t.run, t.off) = (s.days + 1, (s.run + 1) % self.runs, false);
        } else {
            t.pair |= s.off && at.weekday > 0;
            (t.run, t.off) = (0, true);
        }
        if at.full && self.weekends_off.is_some() && at.weekday == 5 {
            t.saturday = worked;
        }
        if at.full && at.weekday == 6 {
            if t.days < at.fewest || (self.days_off_together && !t.pair) {
                return None;
            }
            if let Some((n, m)) = self.weekends_off {
                let off = !t.saturday && !worked;
                let window = t.weekends.count_ones() + u32::from(off);
                if at.full_weeks_seen + 1 >= m as usize && window < n {
                    return None;
                }
                let keep = (1u32 << self.weekend_bits) - 1;
                t.weekends = ((t.weekends << 1) | u32::from(off)) & keep;
                t.saturday = false;
            }
        }
        Some(t)
    }
}

/// Agent `a`'s most value under the prices over a superset of its legal rosters (see the module
/// docs): `day_best` is the best way of each day it may work, with its value. The ways picked
/// are pushed onto `picks`.
fn best_roster(
    problem: &Problem,
    a: usize,
    day_best: &[Option<(f64, usize)>],
    picks: &mut Vec<usize>,
) -> f64 {
    let programme = Programme::new(&problem.config.contracts[problem.config.agents[a].contract]);
    let states = programme.states();
    let start = Day {
        days: 0,
        run: 0,
        off: false,
        pair: false,
        saturday: false,
        weekends: 0,
    };
    let mut value = vec![f64::NEG_INFINITY; states];
    value[programme.pack(start)] = 0.0;
    // Per day and state: the state before and whether the day is worked.
    let mut came: Vec<Vec<(u32, bool)>> = Vec::with_capacity(day_best.len());
    let mut full_weeks_seen = 0usize;
    for (d, best) in day_best.iter().enumerate() {
        let w = problem.week[d];
        let full = problem.full_week[w];
        let at = Position {
            weekday: d - problem.week_days[w].start,
            full,
            most: problem.week_maximum(a, w).0,
            fewest: if full {
                problem.week_minimum(a, w).0
            } else {
                0
            },
            full_weeks_seen,
        };
        let mut next = vec![f64::NEG_INFINITY; states];
        let mut from = vec![(0u32, false); states];
        for (index, &v) in value.iter().enumerate() {
            if v == f64::NEG_INFINITY {
                continue;
            }
            let mut s = programme.unpack(index);
            if at.weekday == 0 {
                (s.days, s.off, s.pair, s.saturday) = (0, false, false, false);
            }
            for (worked, gain) in [(false, Some(0.0)), (true, best.map(|b| b.0))] {
                let (Some(gain), Some(t)) = (gain, programme.next(s, worked, &at)) else {
                    continue;
                };
                let j = programme.pack(t);
                if v + gain > next[j] {
                    (next[j], from[j]) = (v + gain, (index as u32, worked));
                }
            }
        }
        if full && at.weekday == 6 {
            full_weeks_seen += 1;
        }
        value = next;
        came.push(from);
    }
    // Fewer full weeks than a weekends-off window: the checker asks n less the weeks unseen.
    let needed = programme.weekends_off.map_or(0, |(n, m)| {
        (m as usize)
            .checked_sub(full_weeks_seen)
            .map_or(0, |unseen| (n as usize).saturating_sub(unseen))
    });
    let end = (0..states)
        .filter(|&j| programme.unpack(j).weekends.count_ones() as usize >= needed)
        .max_by(|&x, &y| value[x].total_cmp(&value[y]));
    let Some(end) = end.filter(|&j| value[j] > f64::NEG_INFINITY) else {
        return 0.0;
    };
    let mut j = end;
    for d in (0..day_best.len()).rev() {
        let (prev, worked) = came[d][j];
        if worked && let Some((_, x)) = day_best[d] {
            picks.push(x);
        }
        j = prev as usize;
    }
    value[end]
}
