//! `[channel]`: what kind of work the queue carries.

use super::check::Fields;
use super::schema::{ChannelKind, Pacing, RawChannel, RawOutbound};
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
    /// Outbound: agents dial out to reach the forecast's right-party contacts.
    Outbound(Outbound),
}

/// An outbound campaign's dialler (`[outbound]`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outbound {
    /// Share of dials that reach a right party (the answer success rate), in (0, 1].
    pub contact_rate: f64,
    /// Agent time per unanswered or wrong-party attempt (preview dialling).
    pub dial_seconds: Seconds,
    /// Preview or predictive.
    pub pacing: Pacing,
    /// Predictive only: the most connected calls that may find no free agent (0.03).
    pub max_abandon: f64,
}

/// The regulators' cap on a predictive dialler's abandoned calls: 3 % of connected calls
/// (Ofcom's persistent-misuse policy; the US TCPA's safe harbour).
pub const DEFAULT_MAX_ABANDON: f64 = 0.03;

/// Agent time per unanswered attempt when `dial_seconds` is absent: ringing out plus logging
/// the outcome.
pub const DEFAULT_DIAL_SECONDS: Seconds = Seconds(20.0);

impl Channel {
    /// The name in JSON and reports: "voice", "chat", "email" or "backoffice".
    pub fn kind(&self) -> &'static str {
        match self {
            Channel::Voice => "voice",
            Channel::Chat { .. } => "chat",
            Channel::Email => "email",
            Channel::Backoffice => "backoffice",
            Channel::Outbound(_) => "outbound",
        }
    }

    /// The campaign's dialler, for outbound.
    pub fn outbound(&self) -> Option<&Outbound> {
        match self {
            Channel::Outbound(o) => Some(o),
            _ => None,
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
            Channel::Voice | Channel::Email | Channel::Outbound(_) => "contacts",
            Channel::Chat { .. } => "sessions",
            Channel::Backoffice => "items",
        }
    }

    /// What one unit of the channel's work is priced as in a bid: a contact, a session, a
    /// transaction (back-office) or a right-party contact (outbound).
    pub fn priced_unit(&self) -> &'static str {
        match self {
            Channel::Voice | Channel::Email => "contact",
            Channel::Chat { .. } => "session",
            Channel::Backoffice => "transaction",
            Channel::Outbound(_) => "right-party contact",
        }
    }

    /// The response-time target when `[target] within` is absent: 20 s live, 24 h for email,
    /// 48 h for back-office.
    pub fn default_within(&self) -> Seconds {
        match self {
            Channel::Voice | Channel::Chat { .. } | Channel::Outbound(_) => Seconds(20.0),
            Channel::Email => Seconds(24.0 * 3600.0),
            Channel::Backoffice => Seconds(48.0 * 3600.0),
        }
    }
}

/// `[channel]` and `[outbound]`; absent is voice.
pub(super) fn from_raw(
    raw: Option<&RawChannel>,
    outbound: Option<&RawOutbound>,
    fields: Fields,
) -> Result<Channel> {
    let kind = raw.map_or(ChannelKind::Voice, |r| r.kind);
    if outbound.is_some() && kind != ChannelKind::Outbound {
        return Err(Error::input(
            fields.at("[outbound]"),
            format!(
                "is for [channel] kind = \"outbound\", and this queue is {}",
                kind.as_str()
            ),
        ));
    }
    let Some(raw) = raw else {
        return Ok(Channel::Voice);
    };
    match raw.kind {
        ChannelKind::Voice => {
            no_sessions(raw, fields)?;
            Ok(Channel::Voice)
        }
        ChannelKind::Chat => chat(raw, fields),
        ChannelKind::Email | ChannelKind::Backoffice => {
            no_sessions(raw, fields)?;
            Ok(if raw.kind == ChannelKind::Email {
                Channel::Email
            } else {
                Channel::Backoffice
            })
        }
        ChannelKind::Outbound => {
            no_sessions(raw, fields)?;
            let Some(outbound) = outbound else {
                return Err(Error::input(
                    fields.at("[outbound]"),
                    "an outbound campaign needs [outbound] with at least contact_rate (the share of dials that reach a right party)",
                ));
            };
            Ok(Channel::Outbound(dialler(outbound, fields)?))
        }
    }
}

/// A chat queue: its concurrency, and each level's handle time relative to one session (levels
/// not given repeat the last).
fn chat(raw: &RawChannel, fields: Fields) -> Result<Channel> {
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

/// Concurrency and handle times by concurrency belong to chat alone.
fn no_sessions(raw: &RawChannel, fields: Fields) -> Result<()> {
    if raw.concurrency.is_some() || raw.aht_by_concurrency.is_some() {
        return Err(Error::input(
            fields.at("[channel] concurrency"),
            "concurrency and aht_by_concurrency are for kind = \"chat\"",
        ));
    }
    Ok(())
}

/// `[outbound]`'s dialler fields (the target is applied to the forecast by the caller).
fn dialler(raw: &RawOutbound, fields: Fields) -> Result<Outbound> {
    let Some(rate) = raw.contact_rate else {
        return Err(Error::input(
            fields.at("[outbound] contact_rate"),
            "is required: the share of dials that reach a right party, in (0, 1]",
        ));
    };
    let contact_rate = fields.in_range(
        "[outbound] contact_rate",
        rate,
        0.001..=1.0,
        "a share of dials from 0.001 to 1 (below one in a thousand, no campaign is worth dialling)",
    )?;
    let dial = raw.dial_seconds.unwrap_or(DEFAULT_DIAL_SECONDS).get();
    fields.in_range(
        "[outbound] dial_seconds",
        dial,
        0.0..=86_400.0,
        "a duration from 0 to 24h",
    )?;
    let max_abandon = match raw.max_abandon {
        Some(cap) => {
            if raw.pacing == Pacing::Preview {
                return Err(Error::input(
                    fields.at("[outbound] max_abandon"),
                    "is for pacing = \"predictive\": a preview dialler abandons nobody",
                ));
            }
            fields.in_range(
                "[outbound] max_abandon",
                cap,
                1e-6..=0.5,
                "a share of connected calls from 0.000001 to 0.5",
            )?
        }
        None => DEFAULT_MAX_ABANDON,
    };
    Ok(Outbound {
        contact_rate,
        dial_seconds: Seconds(dial),
        pacing: raw.pacing,
        max_abandon,
    })
}
