//! The channel's words, decided in one exhaustive match: what the reports call the work and each
//! KPI for voice, chat, email, back-office and outbound. A new channel cannot be added without
//! saying how its reports speak.

use crate::scenario::Channel;

/// What the reports call a channel's work and KPIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Words {
    /// The work itself, plural: "calls", "chats", "emails", "items", "connects".
    pub(crate) work: &'static str,
    /// What the service level counts, before "within T": "Answered", "First response",
    /// "Picked up", "Connects put through".
    pub(crate) served: &'static str,
    /// The service-level KPI.
    pub(crate) service_level: &'static str,
    /// The speed KPI (ASA and its kin).
    pub(crate) speed: &'static str,
    /// The abandonment KPI.
    pub(crate) abandoned: &'static str,
    /// The occupancy KPI.
    pub(crate) occupancy: &'static str,
    /// The Intervals sheet's speed column.
    pub(crate) speed_column: &'static str,
    /// The volume offered, as a KPI: "Contacts offered", "Sessions offered", …
    pub(crate) offered: &'static str,
}

/// The words of `channel`.
pub(crate) fn words(channel: &Channel) -> Words {
    match channel {
        Channel::Voice => Words {
            work: "calls",
            served: "Answered",
            service_level: "Service level",
            speed: "ASA",
            abandoned: "Abandoned",
            occupancy: "Occupancy",
            speed_column: "ASA (s)",
            offered: "Contacts offered",
        },
        Channel::Chat { .. } => Words {
            work: "chats",
            served: "First response",
            service_level: "Service level (first response)",
            speed: "Mean first response (s)",
            abandoned: "Abandoned chats",
            occupancy: "Occupancy (session slots)",
            speed_column: "first response (s)",
            offered: "Sessions offered",
        },
        Channel::Email | Channel::Backoffice => Words {
            work: if matches!(channel, Channel::Email) {
                "emails"
            } else {
                "items"
            },
            served: "Picked up",
            service_level: "Handled within the response time",
            speed: "Mean response (s)",
            abandoned: "Abandoned (none: work waits)",
            occupancy: "Occupancy",
            speed_column: "mean response (s)",
            offered: if matches!(channel, Channel::Email) {
                "Contacts offered"
            } else {
                "Items offered"
            },
        },
        Channel::Outbound(_) => Words {
            work: "connects",
            served: "Connects put through",
            service_level: "Connects answered at once",
            speed: "Wait of answered connects (s)",
            abandoned: "Dialler abandonment",
            occupancy: "Occupancy (with dialling)",
            speed_column: "wait (s)",
            offered: "Connects (right parties reached)",
        },
    }
}
