//! Progress of long work, reported to whoever shows it (the CLI's progress bar).
//!
//! Work is counted in units (one replication of one option, say). A computation that learns it
//! has more to do than first announced (the bid's staffing-uplift probes) says so with
//! [`Progress::add_work`], so the total shown always equals the work done when it ends.

/// Receives progress from long computations.
pub trait Progress: Sync {
    /// One unit of work finished.
    fn tick(&self);

    /// `units` more units of work than announced so far will be done.
    fn add_work(&self, units: u64) {
        let _ = units;
    }

    /// Whoever shows the progress no longer wants the result: a simulation checks between
    /// blocks of replications and stops with [`crate::error::Error::Cancelled`].
    fn cancelled(&self) -> bool {
        false
    }
}

/// Any `Fn()` counts ticks and ignores announcements: `&|| {}` reports nothing.
impl<F: Fn() + Sync> Progress for F {
    fn tick(&self) {
        self()
    }
}
