//! `[simulation]` and the retry settings of `[patience]`: replications, seed, forecast error,
//! repeat contacts and retries, bounded so that no setting makes a storm of events.

use super::Simulation;
use super::check::Fields;
use super::schema::{RawPatience, RawSimulation};
use crate::error::Result;

/// The most replications any command simulates: beyond this a 95 % interval narrows by less
/// than a third of a percent of its width per doubling, and the run would take hours.
pub const MAX_REPLICATIONS: u32 = 100_000;

/// The lowest first-contact resolution simulated: 1 − fcr of answered contacts come back, so
/// 1 % means a hundred returns per contact on average.
const MIN_FCR: f64 = 0.01;

/// The highest retry probability simulated (a hundred retries per abandoned caller on average).
const MAX_RETRY_PROBABILITY: f64 = 0.99;

/// Builds the simulation settings from `[simulation]` and `[patience]`'s retries.
pub(super) fn from_raw(
    raw: &RawSimulation,
    patience: &RawPatience,
    fields: Fields,
) -> Result<Simulation> {
    if !(1..=MAX_REPLICATIONS).contains(&raw.replications) {
        return Err(fields.invalid(
            "[simulation] replications",
            raw.replications,
            &format!("from 1 to {}", MAX_REPLICATIONS),
        ));
    }
    fields.require(
        "[simulation] volume_cv",
        raw.volume_cv,
        raw.volume_cv == 0.0 || (0.001..=10.0).contains(&raw.volume_cv),
        "0, or between 0.001 and 10",
    )?;
    fields.in_range(
        "[simulation] fcr",
        raw.fcr,
        MIN_FCR..=1.0,
        "in [0.01, 1]: below 1 %, each contact returns 100 times or more on average",
    )?;
    fields.in_range(
        "[patience] retry_probability",
        patience.retry_probability,
        0.0..=MAX_RETRY_PROBABILITY,
        "in [0, 0.99]: above that, each abandoned caller retries 100 times or more on average, a storm no centre sees",
    )?;
    if patience.retry_probability > 0.0 && patience.retry_delay.get() < 1.0 {
        return Err(fields.invalid(
            "[patience] retry_delay",
            patience.retry_delay,
            "at least 1s when callers retry: instant retries make a storm of events without end",
        ));
    }
    if raw.fcr < 1.0 && raw.repeat_delay.get() < 1.0 {
        return Err(fields.invalid(
            "[simulation] repeat_delay",
            raw.repeat_delay,
            "at least 1s when contacts come back (fcr < 1)",
        ));
    }
    Ok(Simulation {
        replications: raw.replications,
        seed: raw.seed,
        volume_cv: raw.volume_cv,
        fcr: raw.fcr,
        repeat_delay: raw.repeat_delay,
        retry_probability: patience.retry_probability,
        retry_delay: patience.retry_delay,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(simulation: &str, patience: &str) -> String {
        from_raw(
            &toml::from_str(simulation).unwrap(),
            &toml::from_str(patience).unwrap(),
            Fields { file: "s.toml" },
        )
        .map(|s| format!("ok {}", s.replications))
        .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn every_rejection_names_its_field_and_what_is_allowed() {
        for (simulation, patience, expected) in [
            (
                "replications = 0",
                "",
                "[simulation] replications: must be from 1 to 100000, got 0",
            ),
            (
                "volume_cv = 20",
                "",
                "[simulation] volume_cv: must be 0, or between 0.001 and 10, got 20",
            ),
            ("fcr = 0.001", "", "[simulation] fcr: must be in [0.01, 1]"),
            (
                "",
                "retry_probability = 0.9999999999",
                "[patience] retry_probability: must be in [0, 0.99]",
            ),
            (
                "",
                "retry_probability = 0.5\nretry_delay = \"0s\"",
                "[patience] retry_delay: must be at least 1s",
            ),
            (
                "fcr = 0.9\nrepeat_delay = 0",
                "",
                "[simulation] repeat_delay: must be at least 1s",
            ),
        ] {
            let got = build(simulation, patience);
            assert!(got.starts_with(&format!("s.toml: {expected}")), "{got}");
        }
    }

    #[test]
    fn the_defaults_simulate() {
        assert!(build("", "").starts_with("ok "));
    }
}
