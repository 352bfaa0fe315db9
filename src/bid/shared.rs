//! What every step of the bid shares: the imports, the uplift grid, and the simulation helpers
//! (each month's seed and volume error, the agents a hiring plan puts on the phones). The steps
//! import this file, never `mod.rs`.

pub(super) use super::result::*;
pub(super) use super::risk;
pub(super) use crate::error::{Error, Result};
pub(super) use crate::plan::{self, Plan};
pub(super) use crate::progress::Progress;
pub(super) use crate::queueing::outbound::campaign_meets;
pub(super) use crate::scenario::{BidConfig, Scenario, Staffing};
pub(super) use crate::scenario::{Sla, SlaKpi};
pub(super) use crate::sim::{self, Kpis, SimOptions};
pub(super) use crate::units::Seconds;
pub(super) use rayon::prelude::*;

/// Staffing uplifts on the Erlang requirement the risk search chooses from, ascending: a bid may
/// be priced below the requirement when the requirement is more than the risk bound needs.
pub const UPLIFTS: [f64; 16] = [
    0.80, 0.85, 0.90, 0.95, 1.00, 1.02, 1.04, 1.06, 1.08, 1.10, 1.15, 1.20, 1.30, 1.50, 1.75, 2.00,
];

/// Agents on the phones per interval when the hiring plan staffs `ratio` × the month's Erlang
/// requirement (productive FTE ÷ required FTE at the plain requirement), to the nearest agent.
pub(super) fn on_the_phones(plan: &Plan, ratio: f64) -> Vec<u32> {
    plan.intervals
        .iter()
        .map(|i| (f64::from(i.required_agents) * ratio).round().max(0.0) as u32)
        .collect()
}

/// The seed of month `m`'s replications: months draw independent streams (one seed for every
/// month would correlate their misses and understate capped credits), and every staffing tried
/// for one month sees the same stream (common random numbers).
pub fn month_seed(seed: u64, month: usize) -> u64 {
    sim::rng::seed_of(seed, sim::rng::Domain::BidMonth, month as u64)
}

/// Replication `r`'s volume factor for month `m`: lognormal with mean 1 and cv `monthly_cv`,
/// from `Z = √ρ · Z_r + √(1 − ρ) · Z_{r,m}` — a term-wide normal shared by every month of the
/// replication and one of the month's own, mixed by `month_correlation` ρ.
///
/// # Formula
///
/// `σ² = ln(1 + cv²)`, factor `= exp(σ Z − σ²/2)`.
pub fn monthly_error(config: &BidConfig, seed: u64, month: usize, replication: u64) -> f64 {
    use rand_distr::{Distribution, StandardNormal};
    let rho = config.month_correlation;
    use sim::rng::{Domain, stream};
    let mut shared = stream(seed, Domain::TermVolume, replication);
    let mut own = stream(month_seed(seed, month), Domain::MonthVolume, replication);
    let z_shared: f64 = StandardNormal.sample(&mut shared);
    let z_own: f64 = StandardNormal.sample(&mut own);
    let z = rho.sqrt() * z_shared + (1.0 - rho).sqrt() * z_own;
    let sigma2 = (1.0 + config.monthly_cv * config.monthly_cv).ln();
    (sigma2.sqrt() * z - sigma2 / 2.0).exp()
}
