//! What the terminal renderers share: a simulated share with its interval.

/// A simulated share with its interval, one decimal; "–" where undefined.
pub(super) fn percent_ci(e: Option<crate::sim::Estimate>) -> String {
    e.map_or("–".into(), |e| {
        crate::report::format::percent_ci(e.mean, e.ci95, 1)
    })
}
