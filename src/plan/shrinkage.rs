//! Shrinkage: the share of paid time in which agents are not available for contacts.

use crate::error::{Error, Result};

/// The fraction of paid agent time lost to breaks, meetings, training, absence and the like.
///
/// # Formula
///
/// An agent is on the phones for `1 − s` of paid time, so covering `n` agents on the phones takes
///
/// ```text
/// FTE = n / (1 − s)
/// ```
///
/// paid agents, unrounded (rounding is a rostering decision, not a staffing one).
///
/// # Examples
///
/// ```
/// use staffsim::plan::Shrinkage;
/// let shrinkage = Shrinkage::new(0.3).unwrap();
/// assert!((shrinkage.fte(14) - 20.0).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Shrinkage(f64);

impl Shrinkage {
    /// A shrinkage fraction in `[0, 1)`.
    pub fn new(fraction: f64) -> Result<Self> {
        if (0.0..1.0).contains(&fraction) {
            Ok(Self(fraction))
        } else {
            Err(Error::invalid("shrinkage", fraction, "in [0, 1)"))
        }
    }

    /// The fraction of paid time lost.
    pub fn fraction(self) -> f64 {
        self.0
    }

    /// Paid agents (FTE) needed to keep `agents` on the phones.
    pub fn fte(self, agents: u32) -> f64 {
        self.fte_for(f64::from(agents))
    }

    /// Paid agents needed to keep a possibly fractional number of agents on the phones.
    pub fn fte_for(self, agents: f64) -> f64 {
        agents / (1.0 - self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinkage_must_leave_some_time_on_the_phones() {
        assert!(Shrinkage::new(1.0).is_err());
        assert!(Shrinkage::new(-0.1).is_err());
        assert!(Shrinkage::new(f64::NAN).is_err());
        assert_eq!(Shrinkage::new(0.0).unwrap().fte(7), 7.0);
    }
}
