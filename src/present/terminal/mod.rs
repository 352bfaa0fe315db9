//! What the subcommands print: each command's result as text for a terminal. The CLI parses,
//! runs and writes files; the words and tables are here, beside the report's other renderings.

mod actuals;
mod bid;
mod bid_finance;
mod erlang;
mod forecast;
mod intraday;
mod plan;
mod portfolio;
mod roster;
mod routing;
mod schedule;
mod shared;
mod simulate;
mod sweep;

pub use actuals::actuals;
pub use bid::{bid, bid_portfolio};
pub use bid_finance::finance as bid_finance;
pub use erlang::erlang;
pub use forecast::forecast;
pub use intraday::intraday;
pub use plan::plan;
pub use portfolio::{portfolio_plan, portfolio_simulation};
pub use roster::roster;
pub use routing::{
    bounds, cross_training, routing, shared_bid, shared_roster, shared_schedule,
    skill_optimization, skill_sweep,
};
pub use schedule::schedule;
pub use simulate::simulation;
pub use sweep::{optimization, sweep, sweep_portfolio};
