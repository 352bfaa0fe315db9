//! `[channel]`: what kind of work the queue carries.

use super::check::Fields;
use super::schema::{ChannelKind, RawChannel};
use crate::error::{Error, Result};
use crate::queueing::MAX_CONCURRENCY;

/// The kind of work a scenario's queue carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Channel {
    /// Inbound calls: one contact per agent. The default.
    Voice,
    /// Chat: an agent holds up to `concurrency` sessions.
    Chat {
        /// Sessions one agent may hold.
        concurrency: u32,
        /// A session's handle time as a multiple of the interval's AHT when its agent holds
        /// 1, 2, … sessions (the first is 1).
        aht_factors: Vec<f64>,
    },
}

impl Channel {
    /// The name in JSON and reports: "voice" or "chat".
    pub fn kind(&self) -> &'static str {
        match self {
            Channel::Voice => "voice",
            Channel::Chat { .. } => "chat",
        }
    }

    /// Handle-time multiples by concurrency: `[1.0]` for voice.
    pub fn aht_factors(&self) -> &[f64] {
        match self {
            Channel::Voice => &[1.0],
            Channel::Chat { aht_factors, .. } => aht_factors,
        }
    }
}

/// `[channel]`; absent is voice.
pub(super) fn from_raw(raw: Option<&RawChannel>, fields: Fields) -> Result<Channel> {
    let Some(raw) = raw else {
        return Ok(Channel::Voice);
    };
    match raw.kind {
        ChannelKind::Voice => {
            if raw.concurrency.is_some() || raw.aht_by_concurrency.is_some() {
                return Err(Error::input(
                    fields.at("[channel] concurrency"),
                    "concurrency and aht_by_concurrency are for kind = \"chat\"",
                ));
            }
            Ok(Channel::Voice)
        }
        ChannelKind::Chat => {
            let concurrency = raw.concurrency.unwrap_or(1);
            if !(1..=MAX_CONCURRENCY).contains(&concurrency) {
                return Err(Error::input(
                    fields.at("[channel] concurrency"),
                    format!("must be 1 to {MAX_CONCURRENCY} sessions per agent, got {concurrency}"),
                ));
            }
            let given = raw.aht_by_concurrency.clone().unwrap_or_default();
            if given.len() > concurrency as usize {
                return Err(Error::input(
                    fields.at("[channel] aht_by_concurrency"),
                    format!(
                        "has {} handle times for a concurrency of {concurrency}: give at most one per level",
                        given.len()
                    ),
                ));
            }
            if let Some(bad) = given
                .iter()
                .find(|a| !(a.get().is_finite() && a.get() > 0.0))
            {
                return Err(Error::input(
                    fields.at("[channel] aht_by_concurrency"),
                    format!("must be positive durations, got {}", bad.get()),
                ));
            }
            // Relative to the first; levels not given repeat the last.
            let first = given.first().map_or(1.0, |a| a.get());
            let aht_factors = (0..concurrency as usize)
                .map(|j| {
                    given
                        .get(j)
                        .or(given.last())
                        .map_or(1.0, |a| a.get() / first)
                })
                .collect();
            Ok(Channel::Chat {
                concurrency,
                aht_factors,
            })
        }
        other => Err(Error::input(
            fields.at("[channel] kind"),
            format!(
                "\"{}\" is not supported yet: staffsim plans and simulates \"voice\" and \"chat\"",
                other.as_str()
            ),
        )),
    }
}
