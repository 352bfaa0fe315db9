//! Presenting results: aligned text tables for the terminal, CSV files and charts written
//! atomically.
//!
//! Nothing here knows about queueing or scenarios; it formats plain strings, numbers and rows.

mod chart;
pub mod format;
mod glyphs;
mod output;
mod table;

pub use chart::{
    CHART_SIZE, Chart, Colour, Logo, Mark, Panel, Style, XAxis, YFormat, axis_number, numeric_ticks,
};
pub use format::thousands;
pub use output::{csv_bytes, json_pretty, refuse_input, write_atomically, write_csv};
pub use table::{Align, Table};
