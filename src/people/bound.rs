//! What no roster can beat: a lower bound on the shortfall and on the cost.
//!
//! # Shortfall
//!
//! Built up from three bounds, each valid alone, on each part of the horizon:
//! - **by interval**: an interval short of more heads than agents who could be there at all
//!   (available that day, with a way of their contract's templates covering it) stays short by
//!   the difference: `Σ_k max(0, T_k − U_k)`;
//! - **by day**: each agent works at most one shift a day, covering at most the most intervals
//!   one of its ways started that day covers (plus what a shift from the day before carries
//!   past midnight), so a day is short of at least its need less that capacity; the day's bound
//!   is the larger of this and the interval bound over the day;
//! - **by week**: each agent works at most its contract's most days a week (less the days
//!   credited), its best days' ways at most, so a week is short of at least its need less that
//!   capacity; the week's bound is the larger of this and the sum of its days' bounds.
//!
//! The bound is the sum over weeks.
//!
//! After the search, [`super::lagrange`] gives a stronger one.
//!
//! # Cost
//!
//! Every agent is paid, in every full week, at least its contract's fewest hours (less what its
//! leave takes) at the cheapest rate of its templates, and at least its fewest days at the
//! cheapest shift it could work.

use super::model::Problem;

/// The bounds, in agent-intervals and in cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Bound {
    pub(crate) short: u64,
    pub(crate) cost: f64,
}

/// The lower bounds of `problem` (see the module docs).
pub(crate) fn bound(problem: &Problem) -> Bound {
    let intervals = problem.target.len();
    let days = problem.dates.len();
    let day_of = day_of_interval(problem);
    let weeks = problem.weeks();
    let mut reachable = vec![0u64; intervals];
    // Per day: the most intervals each agent could cover, summed; per week the same under the
    // contract's most days.
    let mut day_capacity = vec![0u64; days];
    let mut week_capacity = vec![0u64; weeks];
    let mut cost = 0.0;
    for (a, agent) in problem.config.agents.iter().enumerate() {
        let contract = &problem.config.contracts[agent.contract];
        let mut covers = vec![false; intervals];
        // The most intervals a way started on each day covers, and the most it covers of the
        // next day (a shift past midnight).
        let mut best_by_day = vec![0u64; days];
        let mut spill = vec![0u64; days];
        for (d, options) in problem.options[a].iter().enumerate() {
            for &w in options {
                let way = &problem.ways[w as usize];
                best_by_day[d] = best_by_day[d].max(way.covers.len() as u64);
                let next = way.covers.iter().filter(|&&k| day_of[k] != Some(d)).count();
                spill[d] = spill[d].max(next as u64);
                for &k in &way.covers {
                    covers[k] = true;
                }
            }
        }
        for d in 0..days {
            day_capacity[d] += best_by_day[d] + d.checked_sub(1).map_or(0, |e| spill[e]);
        }
        for (k, c) in covers.iter().enumerate() {
            reachable[k] += u64::from(*c);
        }
        for (w, capacity) in week_capacity.iter_mut().enumerate() {
            let mut best: Vec<u64> = (0..days)
                .filter(|&d| problem.week[d] == w)
                .map(|d| best_by_day[d])
                .collect();
            best.sort_unstable_by(|x, y| y.cmp(x));
            let most = problem.week_maximum(a, w).0 as usize;
            let first = (0..days).find(|&d| problem.week[d] == w);
            let carried = first.and_then(|d| d.checked_sub(1)).map_or(0, |e| spill[e]);
            *capacity += best.iter().take(most).sum::<u64>() + carried;
        }
        let cheapest = contract
            .templates
            .iter()
            .map(|&t| {
                problem.schedule.templates[t]
                    .hourly_cost
                    .unwrap_or(problem.scenario.cost.hourly_cost.unwrap_or(0.0))
            })
            .fold(f64::INFINITY, f64::min);
        // The cheapest shift the agent could work on any day.
        let cheapest_shift = problem.options[a]
            .iter()
            .flatten()
            .map(|&w| problem.ways[w as usize].cost())
            .fold(f64::INFINITY, f64::min);
        for w in (0..weeks).filter(|&w| problem.full_week[w]) {
            let (days, seconds) = problem.week_minimum(a, w);
            let by_hours = if cheapest.is_finite() {
                seconds / 3600.0 * cheapest
            } else {
                0.0
            };
            let by_days = if cheapest_shift.is_finite() {
                f64::from(days) * cheapest_shift
            } else {
                0.0
            };
            cost += by_hours.max(by_days);
        }
    }
    // Each day's need and interval bound, by the day of each interval.
    let (mut need, mut by_interval) = (vec![0u64; days], vec![0u64; days]);
    for (k, (&t, &r)) in problem.target.iter().zip(&reachable).enumerate() {
        if let Some(d) = day_of[k] {
            need[d] += u64::from(t);
            by_interval[d] += u64::from(t).saturating_sub(r);
        }
    }
    let day_bound: Vec<u64> = (0..days)
        .map(|d| by_interval[d].max(need[d].saturating_sub(day_capacity[d])))
        .collect();
    let short = (0..weeks)
        .map(|w| {
            let in_week = (0..days).filter(|&d| problem.week[d] == w);
            let days_sum: u64 = in_week.clone().map(|d| day_bound[d]).sum();
            let week_need: u64 = in_week.map(|d| need[d]).sum();
            days_sum.max(week_need.saturating_sub(week_capacity[w]))
        })
        .sum();
    Bound { short, cost }
}

/// The day (index into the horizon's dates) of each interval.
fn day_of_interval(problem: &Problem) -> Vec<Option<usize>> {
    problem
        .scenario
        .intervals
        .iter()
        .map(|i| problem.dates.iter().position(|d| *d == i.start.date()))
        .collect()
}
