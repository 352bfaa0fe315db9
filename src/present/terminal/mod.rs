//! What the subcommands print: each command's result as text for a terminal. The CLI parses,
//! runs and writes files; the words and tables are here, beside the report's other renderings.

mod bid;
mod erlang;
mod forecast;

pub use bid::{bid, bid_portfolio};
pub use erlang::erlang;
pub use forecast::forecast;

mod plan;
mod portfolio;
mod schedule;
mod simulate;
mod sweep;

pub use plan::plan;
pub use portfolio::{portfolio_plan, portfolio_simulation, queue_sections};
pub use schedule::schedule;
pub use simulate::simulation;
pub use sweep::{optimization, sweep, sweep_portfolio};

/// A simulated share with its interval, one decimal; "–" where undefined.
fn percent_ci(e: Option<crate::sim::Estimate>) -> String {
    e.map_or("–".into(), |e| {
        crate::report::format::percent_ci(e.mean, e.ci95, 1)
    })
}
