//! `[channel]`: what kind of work the queue carries.

use super::check::Fields;
use super::schema::{ChannelKind, RawChannel};
use crate::error::{Error, Result};
use crate::queueing::MAX_CONCURRENCY;
use crate::units::Seconds;

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
    /// Email: deferrable contacts worked from a backlog, oldest first, within hours or days.
    Email,
    /// Back-office: deferrable items (cases, claims, orders), the same model as email, priced
    /// per transaction.
    Backoffice,
}

impl Channel {
    /// The name in JSON and reports: "voice", "chat", "email" or "backoffice".
    pub fn kind(&self) -> &'static str {
        match self {
            Channel::Voice => "voice",
            Channel::Chat { .. } => "chat",
            Channel::Email => "email",
            Channel::Backoffice => "backoffice",
        }
    }

    /// Handle-time multiples by concurrency: `[1.0]` for every channel but chat.
    pub fn aht_factors(&self) -> &[f64] {
        match self {
            Channel::Chat { aht_factors, .. } => aht_factors,
            _ => &[1.0],
        }
    }

    /// True for work that waits in a backlog (email, back-office) rather than a live queue.
    pub fn is_deferrable(&self) -> bool {
        matches!(self, Channel::Email | Channel::Backoffice)
    }

    /// What one unit of work is called in reports: "contacts", "sessions" or "items".
    pub fn unit(&self) -> &'static str {
        match self {
            Channel::Voice | Channel::Email => "contacts",
            Channel::Chat { .. } => "sessions",
            Channel::Backoffice => "items",
        }
    }

    /// The response-time target when `[target] within` is absent: 20 s live, 24 h for email,
    /// 48 h for back-office.
    pub fn default_within(&self) -> Seconds {
        match self {
            Channel::Voice | Channel::Chat { .. } => Seconds(20.0),
            Channel::Email => Seconds(24.0 * 3600.0),
            Channel::Backoffice => Seconds(48.0 * 3600.0),
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
        ChannelKind::Email | ChannelKind::Backoffice => {
            if raw.concurrency.is_some() || raw.aht_by_concurrency.is_some() {
                return Err(Error::input(
                    fields.at("[channel] concurrency"),
                    "concurrency and aht_by_concurrency are for kind = \"chat\"",
                ));
            }
            Ok(if raw.kind == ChannelKind::Email {
                Channel::Email
            } else {
                Channel::Backoffice
            })
        }
        other => Err(Error::input(
            fields.at("[channel] kind"),
            format!(
                "\"{}\" is not supported yet: staffsim plans and simulates \"voice\", \"chat\", \"email\" and \"backoffice\"",
                other.as_str()
            ),
        )),
    }
}
