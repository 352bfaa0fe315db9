//! Presenting results: aligned text tables for the terminal (CSV, JSON and charts join later).
//!
//! Nothing here knows about queueing or scenarios; it formats plain strings and numbers.

mod table;

pub use table::{Align, Table};
