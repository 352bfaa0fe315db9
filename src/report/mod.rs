//! Presenting results: aligned text tables for the terminal, and CSV files written atomically.
//!
//! Nothing here knows about queueing or scenarios; it formats plain strings, numbers and rows.

mod output;
mod table;

pub use output::{csv_bytes, write_atomically, write_csv};
pub use table::{Align, Table};
