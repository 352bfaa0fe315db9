//! Analytic queueing models for one interval in steady state: Erlang B (loss), Erlang C (M/M/n,
//! callers wait forever), Erlang A (M/M/n+M, callers abandon) and chat (agents holding several
//! sessions), plus the staffing solvers — and the fluid backlog of deferrable work (email,
//! back-office), which carries from one interval to the next ([`backlog`]).
//!
//! Everything here takes plain numbers — an offered load, a handle time, a patience — and knows
//! nothing of scenarios or files. Probabilities are `f64` in `[0, 1]`; times are [`Seconds`].
//! Nothing here returns NaN: an unstable Erlang C queue is reported with `stable == false`,
//! service level 0, P(wait) 1, occupancy 1 and no ASA.

pub mod backlog;
pub mod calculator;
mod chat;
mod erlang_a;
mod erlang_b;
mod erlang_c;
pub mod outbound;
mod staffing;

pub use chat::{Chat, MAX_CONCURRENCY};
pub use erlang_a::ErlangA;
pub use erlang_b::{BlockingSteps, ErlangB, MAX_SERVERS};
pub use erlang_c::ErlangC;
pub use staffing::{Constraints, Model, QueueModel, ServiceTarget};

use crate::error::{Error, Result};
use crate::units::Seconds;
use std::fmt;
use std::str::FromStr;

/// The first level from `min` up to `limit` at which `accept` holds, assuming that once it holds
/// it holds at every larger level; `None` when it fails even at `limit`. Doubles, then bisects:
/// O(log n) probes.
pub(crate) fn first_level_where(
    min: u32,
    limit: u32,
    mut accept: impl FnMut(u32) -> bool,
) -> Option<u32> {
    if accept(min) {
        return Some(min);
    }
    // Invariant: `low` is rejected, `high` (once found) is accepted.
    let mut low = min;
    let mut high = low.max(1);
    loop {
        high = high.saturating_mul(2).min(limit);
        if accept(high) {
            break;
        }
        if high >= limit {
            return None;
        }
        low = high;
    }
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if accept(mid) {
            high = mid;
        } else {
            low = mid;
        }
    }
    Some(high)
}

/// The offered load in Erlangs: the average number of contacts in service if every contact were
/// answered at once.
///
/// # Formula
///
/// ```text
/// A = λ · AHT = volume / interval_length · AHT
/// ```
///
/// # Examples
///
/// ```
/// use staffsim::{queueing::offered_load_erlangs, units::Seconds};
/// // 100 contacts in 30 minutes with a 3-minute handle time: 10 Erlangs.
/// assert_eq!(offered_load_erlangs(100.0, Seconds(1800.0), Seconds(180.0)), 10.0);
/// ```
pub fn offered_load_erlangs(volume: f64, interval: Seconds, aht: Seconds) -> f64 {
    volume * aht.get() / interval.get()
}

/// Which contacts count in the denominator of the service level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlDefinition {
    /// Answered within T ÷ offered (abandoned contacts count as failures). The default.
    #[default]
    Offered,
    /// Answered within T ÷ answered (abandoned contacts are ignored).
    Answered,
    /// Answered within T ÷ (offered − abandoned within T): short abandons are forgiven.
    OfferedMinusShortAbandons,
}

impl SlDefinition {
    /// The name used on the command line, in scenario files and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            SlDefinition::Offered => "offered",
            SlDefinition::Answered => "answered",
            SlDefinition::OfferedMinusShortAbandons => "offered_minus_short_abandons",
        }
    }
}

impl fmt::Display for SlDefinition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SlDefinition {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "offered" => Ok(SlDefinition::Offered),
            "answered" => Ok(SlDefinition::Answered),
            "offered_minus_short_abandons" => Ok(SlDefinition::OfferedMinusShortAbandons),
            _ => Err(format!(
                "'{text}' is not a service-level definition: use offered, answered or offered_minus_short_abandons"
            )),
        }
    }
}

/// The steady-state performance of one interval at a given number of agents.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Performance {
    /// Agents on the phones.
    pub agents: u32,
    /// Offered load `A` in Erlangs.
    pub offered_load_erlangs: f64,
    /// Probability that an arriving contact has to wait (all agents busy).
    pub p_wait: f64,
    /// Fraction answered within [`Performance::within`], under [`Performance::sl_definition`].
    pub service_level: f64,
    /// The service-level threshold `T`.
    pub within: Seconds,
    /// The denominator of the service level.
    pub sl_definition: SlDefinition,
    /// Average speed of answer: the mean wait of *answered* contacts; `None` when the queue is
    /// unstable (the wait grows without bound) or nobody is answered.
    pub asa: Option<Seconds>,
    /// Busy agent time ÷ staffed agent time: answered load ÷ agents.
    pub occupancy: f64,
    /// Abandoned ÷ offered; `None` for models without abandonment (Erlang C).
    pub abandon_rate: Option<f64>,
    /// False when the load cannot be carried: Erlang C with `A ≥ agents`.
    pub stable: bool,
}

/// The largest offered load the models accept: far beyond any single queue (the largest centres
/// carry a few thousand Erlangs), small enough that every computation stays in seconds.
pub const MAX_LOAD_ERLANGS: f64 = 1_000_000.0;

/// Rejects loads that are negative, NaN, infinite or beyond [`MAX_LOAD_ERLANGS`].
fn check_load(load_erlangs: f64) -> Result<()> {
    if load_erlangs.is_finite() && (0.0..=MAX_LOAD_ERLANGS).contains(&load_erlangs) {
        Ok(())
    } else {
        Err(Error::invalid(
            "offered load (volume × AHT ÷ interval)",
            load_erlangs,
            "a non-negative number of Erlangs up to 1,000,000",
        ))
    }
}

/// Rejects durations that are zero, negative, NaN or infinite.
fn check_positive_duration(name: &str, value: Seconds) -> Result<()> {
    if value.get().is_finite() && value.get() > 0.0 {
        Ok(())
    } else {
        Err(Error::invalid(
            name,
            value.get(),
            "a positive, finite duration",
        ))
    }
}
