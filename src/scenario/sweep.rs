//! `[sweep]`: the staffing options a sweep compares, every combination of the values given.

use super::schema::RawSweep;
use crate::error::{Error, Result};
use crate::units::Seconds;

/// The axes of a staffing sweep; the options are every combination of the values given.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SweepConfig {
    /// Agents added to every open interval (may be negative).
    pub agents_added: Vec<i32>,
    /// Staffing = ⌈Erlang requirement × m⌉ (replaces the scenario's staffing).
    pub requirement_multiplier: Vec<f64>,
    /// Per-shift agent counts to try, by shift name (roster staffing).
    pub shift_agents: Vec<(String, Vec<u32>)>,
    /// Volume × this (spike size).
    pub volume_multiplier: Vec<f64>,
    /// AHT × this.
    pub aht_multiplier: Vec<f64>,
    /// Total shrinkage.
    pub shrinkage: Vec<f64>,
    /// Mean patience.
    pub patience: Vec<Seconds>,
    /// Replications per option (default: `[simulation] replications`).
    pub replications: Option<u32>,
    /// Paid hours per FTE per week, to express paid hours as FTE (default `[cost]`'s).
    pub hours_per_fte_week: f64,
}

/// Every axis's values in range: multipliers in (0, 100], agents added within ±100,000,
/// shrinkage in [0, 1), patience above 0.
fn check_axes(raw: &RawSweep, at: &dyn Fn(&str) -> String) -> Result<()> {
    let positive = |name: &str, values: &[f64]| -> Result<()> {
        match values.iter().find(|v| !(v.is_finite() && **v > 0.0)) {
            Some(v) => Err(Error::input(
                at(name),
                format!("values must be > 0, got {v}"),
            )),
            None => Ok(()),
        }
    };
    positive("requirement_multiplier", &raw.requirement_multiplier)?;
    positive("volume_multiplier", &raw.volume_multiplier)?;
    positive("aht_multiplier", &raw.aht_multiplier)?;
    for (name, values) in [
        ("requirement_multiplier", &raw.requirement_multiplier),
        ("volume_multiplier", &raw.volume_multiplier),
        ("aht_multiplier", &raw.aht_multiplier),
    ] {
        if let Some(v) = values.iter().find(|v| **v > 100.0) {
            return Err(Error::input(
                at(name),
                format!("values must be at most 100, got {v}"),
            ));
        }
    }
    if let Some(a) = raw.agents_added.iter().find(|a| a.unsigned_abs() > 100_000) {
        return Err(Error::input(
            at("agents_added"),
            format!("values must be within ±100,000, got {a}"),
        ));
    }
    if let Some(v) = raw.shrinkage.iter().find(|v| !(0.0..1.0).contains(*v)) {
        return Err(Error::input(
            at("shrinkage"),
            format!("values must be in [0, 1), got {v}"),
        ));
    }
    if let Some(p) = raw.patience.iter().find(|p| p.get() <= 0.0) {
        return Err(Error::input(
            at("patience"),
            format!("values must be > 0, got {p}"),
        ));
    }
    Ok(())
}

/// `[sweep]` validated: every axis in its range, at most a bounded number of options.
pub(super) fn sweep(raw: &RawSweep, file: &str, hours_per_fte_week: f64) -> Result<SweepConfig> {
    let at = |f: &str| format!("{file}: [sweep] {f}");
    check_axes(raw, &at)?;
    if raw
        .replications
        .is_some_and(|n| !(1..=super::MAX_REPLICATIONS).contains(&n))
    {
        return Err(Error::input(
            at("replications"),
            format!("must be from 1 to {}", super::MAX_REPLICATIONS),
        ));
    }
    let hours_per_fte_week = raw.hours_per_fte_week.unwrap_or(hours_per_fte_week);
    if !(hours_per_fte_week > 0.0 && hours_per_fte_week <= 168.0) {
        return Err(Error::input(
            at("hours_per_fte_week"),
            "must be between 0 and 168",
        ));
    }
    let config = SweepConfig {
        agents_added: raw.agents_added.clone(),
        requirement_multiplier: raw.requirement_multiplier.clone(),
        shift_agents: raw
            .shift_agents
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        volume_multiplier: raw.volume_multiplier.clone(),
        aht_multiplier: raw.aht_multiplier.clone(),
        shrinkage: raw.shrinkage.clone(),
        patience: raw.patience.clone(),
        replications: raw.replications,
        hours_per_fte_week,
    };
    let options = [
        config.agents_added.len(),
        config.requirement_multiplier.len(),
        config.volume_multiplier.len(),
        config.aht_multiplier.len(),
        config.shrinkage.len(),
        config.patience.len(),
    ]
    .into_iter()
    .chain(config.shift_agents.iter().map(|(_, v)| v.len()))
    .map(|n| n.max(1))
    .product::<usize>();
    if options > 10_000 {
        return Err(Error::input(
            format!("{file}: [sweep]"),
            format!("{options} options is more than 10,000: sweep fewer values"),
        ));
    }
    Ok(config)
}
