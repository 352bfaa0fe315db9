//! Interval forecasts: the series of contact volumes (and optionally handle times and agents) per
//! 15- or 30-minute interval that everything else staffs, read from CSV or generated from a
//! profile, with special days laid on top.
//!
//! Also forecasting: reading a history with gaps, four forecasting methods chosen by a
//! rolling-origin backtest, accuracy against the Poisson floor, and synthetic histories.
//!
//! Knows nothing of scenarios: callers pass paths, lengths and multipliers.

mod clock;
mod csv;
mod history;
mod horizon;
mod methods;
mod profile;
mod series;
mod special_days;
mod synth;

pub use clock::{ClockTime, parse_date};
pub(crate) use csv::parse_start;
pub use csv::{Columns, parse_interval_csv, read_interval_csv};
pub(crate) use csv::{csv_row_error, csv_with_headers};
pub use history::{Gap, History};
pub use horizon::{ForecastDay, ForecastRow, Uplift, read_uplifts};
pub use methods::{Accuracy, Backtest, Forecast, HwParams, Method, accuracy, fit};
pub use profile::{Profile, weekday};
pub use series::{Interval, IntervalSeries, MAX_INTERVALS, interval_seconds};
pub use special_days::{SpecialDay, apply_special_days};
pub use synth::{Synthesis, expected, synthesize};
