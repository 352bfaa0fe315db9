//! `[target]`: the service target and the limits staffing must respect.
//!
//! The ranges are the queueing layer's own ([`ServiceTarget::new`], [`Constraints::validate`]):
//! this builder only names the field in the file when one is out of range.

use super::Target;
use super::check::at_field;
use super::schema::RawTarget;
use crate::error::{Error, Result};
use crate::queueing::{Constraints, ServiceTarget, SlDefinition};
use crate::units::Seconds;

/// Builds the validated [`Target`]; `file` prefixes error locations. Warns (into `warnings`)
/// when an SL definition other than `offered` is given to a queue where nobody abandons.
pub(super) fn from_raw(
    raw: &RawTarget,
    abandons: bool,
    default_within: Seconds,
    file: &str,
    warnings: &mut Vec<String>,
) -> Result<Target> {
    let field = |name: &str| format!("{file}: [target] {name}");
    let service = ServiceTarget::new(
        raw.service_level,
        raw.within.unwrap_or(default_within),
        raw.sl_definition,
    )
    .map_err(at_field(field("service_level")))?;
    let checks: [(&str, Constraints); 3] = [
        (
            "max_occupancy",
            Constraints {
                max_occupancy: raw.max_occupancy,
                ..Constraints::default()
            },
        ),
        (
            "max_asa",
            Constraints {
                max_asa: raw.max_asa,
                ..Constraints::default()
            },
        ),
        (
            "max_abandon",
            Constraints {
                max_abandon: raw.max_abandon,
                ..Constraints::default()
            },
        ),
    ];
    for (name, constraint) in checks {
        constraint.validate().map_err(at_field(field(name)))?;
    }
    if !(raw.confidence > 0.0 && raw.confidence < 1.0) {
        return Err(Error::input(
            field("confidence"),
            format!("must be in (0, 1), e.g. 0.9, got {}", raw.confidence),
        ));
    }
    if raw.sl_definition != SlDefinition::Offered && !abandons {
        warnings.push(format!(
            "[target] sl_definition = \"{}\" equals \"offered\" when nobody abandons",
            raw.sl_definition
        ));
    }
    Ok(Target {
        service,
        max_occupancy: raw.max_occupancy,
        max_asa: raw.max_asa,
        max_abandon: raw.max_abandon,
        confidence: raw.confidence,
        confidence_per: raw.confidence_per,
        clock: raw.clock,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(edit: impl FnOnce(&mut RawTarget)) -> Result<Target> {
        let mut raw = RawTarget::default();
        edit(&mut raw);
        from_raw(&raw, true, Seconds(20.0), "s.toml", &mut Vec::new())
    }

    fn message(edit: impl FnOnce(&mut RawTarget)) -> String {
        build(edit).unwrap_err().to_string()
    }

    #[test]
    fn the_defaults_are_eighty_in_twenty() {
        let target = build(|_| {}).unwrap();
        assert_eq!(target.service.service_level(), 0.8);
        assert_eq!(target.service.within(), Seconds(20.0));
    }

    #[test]
    fn a_service_level_of_one_or_more_is_refused_naming_the_field_and_what_is_allowed() {
        let err = message(|t| t.service_level = 1.0);
        assert!(
            err.starts_with("s.toml: [target] service_level: must be in (0, 1)"),
            "{err}"
        );
        assert!(err.ends_with("got 1"), "{err}");
    }

    #[test]
    fn zero_caps_on_asa_and_abandonment_are_refused() {
        let err = message(|t| t.max_asa = Some(Seconds(0.0)));
        assert!(
            err.contains("[target] max_asa: must be a duration > 0"),
            "{err}"
        );
        let err = message(|t| t.max_abandon = Some(0.0));
        assert!(
            err.contains("[target] max_abandon: must be in (0, 1]"),
            "{err}"
        );
    }

    #[test]
    fn occupancy_and_confidence_outside_their_ranges_are_refused() {
        assert!(message(|t| t.max_occupancy = Some(1.5)).contains("[target] max_occupancy"));
        assert!(message(|t| t.confidence = 1.0).contains("[target] confidence: must be in (0, 1)"));
    }

    #[test]
    fn an_answered_definition_without_abandonment_warns() {
        let mut raw = RawTarget {
            sl_definition: SlDefinition::Answered,
            ..RawTarget::default()
        };
        let mut warnings = Vec::new();
        raw.service_level = 0.9;
        from_raw(&raw, false, Seconds(20.0), "s.toml", &mut warnings).unwrap();
        assert_eq!(warnings.len(), 1);
    }
}
