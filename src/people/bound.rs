//! What no roster can beat: a lower bound on the shortfall and on the cost.
//!
//! # Shortfall
//!
//! The larger of two bounds, each valid alone:
//! - **by interval**: an interval short of more heads than agents who could be there at all
//!   (available that day, with a way of their contract's templates covering it) stays short by
//!   the difference: `Σ_k max(0, T_k − U_k)`;
//! - **by capacity**: every agent covers at most its most days a week × the most intervals one
//!   of its ways covers, so `Σ_k T_k − Σ_a cap_a` heads are missing at least.
//!
//! # Cost
//!
//! Every agent is paid at least its contract's fewest hours in every full week (less what its
//! unavailable days take), at the cheapest rate of its templates.

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
    let mut reachable = vec![0u64; intervals];
    let mut capacity: u64 = 0;
    let mut cost = 0.0;
    for (a, agent) in problem.config.agents.iter().enumerate() {
        let contract = &problem.config.contracts[agent.contract];
        let mut covers = vec![false; intervals];
        let mut longest = 0usize;
        let mut available = vec![0u32; problem.weeks()];
        for (d, options) in problem.options[a].iter().enumerate() {
            if !options.is_empty() {
                available[problem.week[d]] += 1;
            }
            for &w in options {
                let way = &problem.ways[w as usize];
                longest = longest.max(way.covers.len());
                for &k in &way.covers {
                    covers[k] = true;
                }
            }
        }
        for (k, c) in covers.iter().enumerate() {
            reachable[k] += u64::from(*c);
        }
        capacity += available
            .iter()
            .map(|&n| u64::from(n.min(contract.days.1)) * longest as u64)
            .sum::<u64>();
        let cheapest = contract
            .templates
            .iter()
            .map(|&t| {
                problem.schedule.templates[t]
                    .hourly_cost
                    .unwrap_or(problem.scenario.cost.hourly_cost.unwrap_or(0.0))
            })
            .fold(f64::INFINITY, f64::min);
        let fewest: f64 = (0..problem.weeks())
            .filter(|&w| problem.full_week[w])
            .map(|w| problem.week_minimum(a, w).1 / 3600.0)
            .sum();
        if cheapest.is_finite() {
            cost += fewest * cheapest;
        }
    }
    let by_interval: u64 = problem
        .target
        .iter()
        .zip(&reachable)
        .map(|(&t, &r)| u64::from(t).saturating_sub(r))
        .sum();
    let needed: u64 = problem.target.iter().map(|&t| u64::from(t)).sum();
    Bound {
        short: by_interval.max(needed.saturating_sub(capacity)),
        cost,
    }
}
