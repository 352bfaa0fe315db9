//! Turning required agents into paid staff: shrinkage and FTE.

mod shrinkage;

pub use shrinkage::Shrinkage;
