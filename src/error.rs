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

    /// A problem in an input file, located as precisely as possible (`file:line:column`, or
    /// `file: [section] field`).
    #[error("{location}: {message}")]
    Input {
        /// Where: the file, and the line, column or field.
        location: String,
        /// What is wrong and what is allowed.
        message: String,
    },

    /// An input file could not be read (missing, unreadable, not UTF-8). The cause is the
    /// error's [`source`](std::error::Error::source), not part of its message, so that a chain
    /// printed with `{:#}` names it once.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },

    /// An output file could not be written.
    #[error("cannot write {path}")]
    Write {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },

    /// The schedule's integer programme could not be solved.
    #[error("the schedule solver failed: {0}")]
    Solver(String),

    /// The caller cancelled the work (the what-if page's cancel button).
    #[error("cancelled")]
    Cancelled,

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

    /// Shorthand for [`Error::Input`].
    pub fn input(location: impl ToString, message: impl Into<String>) -> Self {
        Error::Input {
            location: location.to_string(),
            message: message.into(),
        }
    }

    /// True when the error is the user's input (exit code 2) rather than a runtime failure (1).
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            Error::InvalidParameter { .. } | Error::Input { .. } | Error::Read { .. }
        )
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
