//! Where a field sits in the scenario file, and the one range check every section uses.

use crate::error::{Error, Result};

/// The scenario file, for locating fields in messages: `file: [section] field`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Fields<'a> {
    /// The file as the user named it.
    pub(super) file: &'a str,
}

impl Fields<'_> {
    /// `file: name`.
    pub(super) fn at(&self, name: &str) -> String {
        format!("{}: {name}", self.file)
    }

    /// The error for `value` at `name`: "must be {allowed}, got {value}", so every range message
    /// names what is allowed.
    pub(super) fn invalid(
        &self,
        name: &str,
        value: impl std::fmt::Display,
        allowed: &str,
    ) -> Error {
        Error::input(self.at(name), format!("must be {allowed}, got {value}"))
    }

    /// `value` when `ok`, else [`Fields::invalid`].
    pub(super) fn require(&self, name: &str, value: f64, ok: bool, allowed: &str) -> Result<f64> {
        if ok && !value.is_nan() {
            return Ok(value);
        }
        // Huge and tiny values in exponent form: "got 1e308", not 309 digits.
        let magnitude = value.abs();
        if magnitude >= 1e15 || (magnitude > 0.0 && magnitude < 1e-6) {
            Err(self.invalid(name, format!("{value:e}"), allowed))
        } else {
            Err(self.invalid(name, value, allowed))
        }
    }

    /// `value` when it lies in `range`, else [`Fields::invalid`].
    pub(super) fn in_range(
        &self,
        name: &str,
        value: f64,
        range: impl std::ops::RangeBounds<f64>,
        allowed: &str,
    ) -> Result<f64> {
        self.require(name, value, range.contains(&value), allowed)
    }
}

/// An [`Error::InvalidParameter`] from a lower layer (the queueing constructors), relocated to
/// `location`, keeping its "must be …, got …" message.
pub(super) fn at_field(location: String) -> impl FnOnce(Error) -> Error {
    move |err| match err {
        Error::InvalidParameter { value, allowed, .. } => {
            Error::input(location, format!("must be {allowed}, got {value}"))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_outside_its_range_is_refused_naming_the_field_the_range_and_the_value() {
        let fields = Fields { file: "s.toml" };
        let err = fields
            .in_range("[cost] hourly_cost", -1.0, 0.0..=10.0, "from 0 to 10")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "s.toml: [cost] hourly_cost: must be from 0 to 10, got -1"
        );
        assert!(fields.in_range("x", f64::NAN, .., "a number").is_err());
        assert_eq!(fields.in_range("x", 3.0, 0.0..=10.0, "").unwrap(), 3.0);
    }
}
