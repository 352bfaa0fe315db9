//! A portfolio's own `[sweep]`: the what-if grid for queues that share agents — every queue's
//! volume and handle time scaled, every group's agents moved, each combination simulated on the
//! same contacts.
//!
//! ```toml
//! [sweep]
//! volume_multiplier = [1.0, 1.3]    # every queue's volume × this (a spike)
//! aht_multiplier = [1.0, 1.1]       # every queue's handle time × this
//! agents_added = [0, 2, 4]          # to every group, in every interval it is on the phones
//! replications = 40                 # optional: the first queue's [simulation] replications
//! ```

use crate::error::{Error, Result};
use serde::Deserialize;

/// The most combinations one grid may hold.
pub(super) const MAX_OPTIONS: usize = 1_000;

/// A validated grid: every axis at least one value.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSweep {
    /// Every queue's volume × this.
    pub volume_multiplier: Vec<f64>,
    /// Every queue's handle time × this.
    pub aht_multiplier: Vec<f64>,
    /// Agents added to every group in every interval it is on the phones (may be negative; a
    /// group never goes below none).
    pub agents_added: Vec<i32>,
    /// Replications per combination; `None`: the first queue's `[simulation] replications`.
    pub replications: Option<u32>,
}

/// `[sweep]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGroupSweep {
    volume_multiplier: Option<Vec<f64>>,
    aht_multiplier: Option<Vec<f64>>,
    agents_added: Option<Vec<i32>>,
    replications: Option<u32>,
}

impl GroupSweep {
    /// Checks `raw` (`file` names it): multipliers in (0, 100], agents added within ±100,000,
    /// replications from 1 to [`crate::sim::MAX_REPLICATIONS`], at most [`MAX_OPTIONS`]
    /// combinations.
    pub(super) fn of(raw: RawGroupSweep, file: &str) -> Result<Self> {
        let at = |field: &str| format!("{file}: [sweep] {field}");
        let multipliers = |name: &str, values: Option<Vec<f64>>| -> Result<Vec<f64>> {
            let values = values.unwrap_or_else(|| vec![1.0]);
            if values.is_empty() {
                return Err(Error::input(at(name), "needs at least one value"));
            }
            match values
                .iter()
                .find(|v| !(v.is_finite() && **v > 0.0 && **v <= 100.0))
            {
                Some(v) => Err(Error::input(
                    at(name),
                    format!("values must be in (0, 100], got {v}"),
                )),
                None => Ok(values),
            }
        };
        let volume_multiplier = multipliers("volume_multiplier", raw.volume_multiplier)?;
        let aht_multiplier = multipliers("aht_multiplier", raw.aht_multiplier)?;
        let agents_added = raw.agents_added.unwrap_or_else(|| vec![0]);
        if agents_added.is_empty() {
            return Err(Error::input(at("agents_added"), "needs at least one value"));
        }
        if let Some(v) = agents_added.iter().find(|v| v.abs() > 100_000) {
            return Err(Error::input(
                at("agents_added"),
                format!("values must be within ±100,000, got {v}"),
            ));
        }
        let max = crate::sim::MAX_REPLICATIONS;
        if let Some(r) = raw.replications.filter(|r| !(1..=max).contains(r)) {
            return Err(Error::input(
                at("replications"),
                format!("must be from 1 to {max}, got {r}"),
            ));
        }
        let options = volume_multiplier.len() * aht_multiplier.len() * agents_added.len();
        if options > MAX_OPTIONS {
            return Err(Error::input(
                format!("{file}: [sweep]"),
                format!("{options} combinations: at most {MAX_OPTIONS}; shorten an axis"),
            ));
        }
        Ok(GroupSweep {
            volume_multiplier,
            aht_multiplier,
            agents_added,
            replications: raw.replications,
        })
    }

    /// Every combination, volume first, then handle time, then agents added.
    pub fn options(&self) -> Vec<(f64, f64, i32)> {
        let mut all = Vec::new();
        for &v in &self.volume_multiplier {
            for &a in &self.aht_multiplier {
                for &n in &self.agents_added {
                    all.push((v, a, n));
                }
            }
        }
        all
    }
}
