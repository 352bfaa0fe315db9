//! The library's error type.
//!
//! Every message names what to fix: the parameter (or flag, or field), the value given and what
//! is allowed. The binary maps [`Error::is_input`] errors to exit code 2 and the rest to 1.

/// Everything that can go wrong inside staffsim.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A parameter is outside its domain, e.g. a negative volume or a shrinkage of 1.
    #[error("{name} must be {allowed}, got {value}")]
    InvalidParameter {
        /// The parameter, flag or field as the user knows it.
        name: String,
        /// The offending value, as given.
        value: String,
        /// What is allowed, phrased to complete "must be ...".
        allowed: String,
    },

    /// No staffing level up to the search limit meets every constraint.
    #[error("no staffing up to {limit} agents meets {what}")]
    Infeasible {
        /// The largest staffing level tried.
        limit: u64,
        /// The constraint that could not be met.
        what: String,
    },
}

impl Error {
    /// Shorthand for [`Error::InvalidParameter`].
    pub fn invalid(
        name: impl Into<String>,
        value: impl ToString,
        allowed: impl Into<String>,
    ) -> Self {
        Error::InvalidParameter {
            name: name.into(),
            value: value.to_string(),
            allowed: allowed.into(),
        }
    }

    /// True when the error is the user's input (exit code 2) rather than a runtime failure (1).
    pub fn is_input(&self) -> bool {
        matches!(self, Error::InvalidParameter { .. })
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
