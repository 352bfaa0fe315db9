//! # staffsim
//!
//! Workforce forecasting and staffing for contact centres: exact Erlang B, C and A, interval
//! staffing plans, discrete-event simulation, sweeps, bids and shift schedules.
//!
//! The library does all the work; the `staffsim` binary only parses arguments and prints.
//! Modules depend downward only:
//!
//! ```text
//! job  →  present  →  people, schedule, sweep, bid  →  sim  →  plan  →  scenario  →  queueing, forecast  →  report, cost, input, progress, units, error (leaves)
//! ```
//!
//! Start with [`queueing`]: [`queueing::ErlangC`], [`queueing::ErlangA`], [`queueing::ErlangB`]
//! and the solver [`queueing::QueueModel::required_agents`].

pub mod actuals;
pub mod bid;
pub mod cost;
pub mod error;
pub mod forecast;
pub mod input;
pub mod job;
pub mod people;
pub mod plan;
pub mod portfolio;
pub mod present;
pub mod progress;
pub mod queueing;
pub mod report;
pub mod rng;
pub mod routing;
pub mod scenario;
pub mod schedule;
pub mod serve;
pub mod shard;
pub mod sim;
pub mod sweep;
pub mod units;

pub use error::{Error, Result};
