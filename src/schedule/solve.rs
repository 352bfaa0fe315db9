//! The integer programme: minimise Σ cost × agents over the columns, subject to coverage of
//! every open interval's requirement, per-start bounds and the cap on agents per interval.
//!
//! # Formulation
//!
//! `min Σ_j c_j x_j` subject to `Σ_{j ∋ i} x_j ≥ need_i` for every open interval i,
//! `Σ_{j ∋ i} x_j ≤ cap − roster_i` when `[schedule] max_agents` is set, and
//! `min_s ≤ Σ_{j ∈ s} x_j ≤ max_s` for every start s, with `x_j` whole. Without breaks each column
//! covers consecutive intervals, the coverage matrix has the consecutive-ones property and is
//! totally unimodular, so the LP relaxation's vertex optimum is already whole and the first node
//! proves optimality; breaks break that property and branch & bound closes the gap.
//!
//! Solved with [microlp](https://docs.rs/microlp) (pure Rust simplex with branch & bound, builds
//! with `cargo build` alone), stopping at a relative gap of 0.4 % or after a fixed number of
//! nodes — a node budget rather than a time limit, so the same input gives the same schedule on
//! every machine.

use super::columns::Columns;
use crate::error::{Error, Result};
use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem, SolveOptions};

/// The relative gap at which the search stops.
pub(super) const MIP_GAP: f64 = 0.004;

/// The branch-and-bound nodes the search may use.
const NODE_LIMIT: u64 = 20_000;

/// The solver's answer: agents per column, the cost, its proven lower bound.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Solved {
    pub(super) agents: Vec<u32>,
    pub(super) cost: f64,
    pub(super) lower_bound: f64,
    pub(super) optimal: bool,
}

/// Per-start bounds: (min, max).
pub(super) type Bounds = Vec<(u32, Option<u32>)>;

/// Solves the programme for `columns` with `need` per interval, per-start `bounds` and, per
/// interval, the room under the cap (`None`: no cap).
///
/// Over 80 lines: builds one integer programme (variables, bounds, one row per interval, the cap)
/// and reads its answer back: the model reads best in one place.
pub(super) fn solve(
    columns: &Columns,
    need: &[u32],
    bounds: &Bounds,
    room: Option<&[u32]>,
) -> Result<Solved> {
    let mut problem = Problem::new(OptimizationDirection::Minimize);
    let top = need.iter().copied().max().unwrap_or(0).max(1);
    let vars: Vec<microlp::Variable> = columns
        .columns
        .iter()
        .map(|c| {
            let (min, max) = bounds[c.start];
            let single = columns.starts[c.start].columns.len() == 1;
            let upper = max.unwrap_or(top).max(min).min(i32::MAX as u32) as i32;
            let lower = if single { min as i32 } else { 0 };
            problem.add_integer_var(c.cost(), (lower, upper))
        })
        .collect();
    // Per-start bounds over break placements.
    for (s, start) in columns.starts.iter().enumerate() {
        if start.columns.len() < 2 {
            continue;
        }
        let sum: LinearExpr = start.columns.iter().map(|&j| (vars[j], 1.0)).collect();
        let (min, max) = bounds[s];
        if min > 0 {
            problem.add_constraint(sum.clone(), ComparisonOp::Ge, f64::from(min));
        }
        if let Some(max) = max {
            problem.add_constraint(sum, ComparisonOp::Le, f64::from(max));
        }
    }
    // Coverage (and the cap) per interval.
    let mut covering: Vec<Vec<usize>> = vec![Vec::new(); need.len()];
    for (j, c) in columns.columns.iter().enumerate() {
        for &i in &c.covers {
            covering[i].push(j);
        }
    }
    for (i, js) in covering.iter().enumerate() {
        if need[i] > 0 {
            let sum: LinearExpr = js.iter().map(|&j| (vars[j], 1.0)).collect();
            problem.add_constraint(sum, ComparisonOp::Ge, f64::from(need[i]));
        }
        if let Some(room) = room
            && !js.is_empty()
        {
            let sum: LinearExpr = js.iter().map(|&j| (vars[j], 1.0)).collect();
            problem.add_constraint(sum, ComparisonOp::Le, f64::from(room[i]));
        }
    }
    if columns.columns.is_empty() {
        return Ok(Solved {
            agents: Vec::new(),
            cost: 0.0,
            lower_bound: 0.0,
            optimal: true,
        });
    }
    let mut options = SolveOptions::default();
    options.mip_gap = MIP_GAP;
    options.node_limit = Some(NODE_LIMIT);
    let outcome = problem
        .solve_with(options)
        .map_err(|e| match e {
            microlp::Error::Infeasible => Error::input(
                "[schedule]",
                "no schedule meets every interval's requirement within the templates' min_agents and max_agents and [schedule] max_agents",
            ),
            other => Error::Solver(other.to_string()),
        })?;
    let stats = outcome.stats();
    let solution = outcome.solution().ok_or_else(|| {
        Error::Solver(format!("no whole schedule found within {NODE_LIMIT} nodes"))
    })?;
    let agents: Vec<u32> = vars
        .iter()
        .map(|&v| solution.var_value(v).round().max(0.0) as u32)
        .collect();
    let cost: f64 = agents
        .iter()
        .zip(&columns.columns)
        .map(|(&n, c)| f64::from(n) * c.cost())
        .sum();
    let lower_bound = stats.best_bound.unwrap_or(cost).min(cost);
    let gap = if cost > 0.0 {
        (cost - lower_bound) / cost
    } else {
        0.0
    };
    Ok(Solved {
        agents,
        cost,
        lower_bound,
        optimal: gap <= 1e-9,
    })
}
