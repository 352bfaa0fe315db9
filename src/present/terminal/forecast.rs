//! A forecast as text: the history read, every method's backtest against the Poisson floor,
//! and the forecast day by day.

use crate::forecast::{Forecast, History};
use crate::report::format;
use crate::report::{Align, Table};

/// A forecast as text: the history, each method's backtest, and the forecast day by day.
pub fn forecast(history: &History, f: &Forecast, left_out: usize) -> String {
    let n = history.volume.len();
    let mut out = format!(
        "history: {} intervals of {} from {} ({} missing in {} gaps, {} left out as special days)\n\
         method: {} (chosen by a backtest from {} rolling origins, one week ahead each)\n\n",
        n,
        history.length,
        history.start.strftime("%Y-%m-%d %H:%M"),
        history.gaps.iter().map(|g| g.intervals).sum::<usize>(),
        history.gaps.len(),
        left_out,
        f.method,
        f.origins
    );
    let mut table = Table::new([
        ("method", Align::Left),
        ("WAPE interval", Align::Right),
        ("daily", Align::Right),
        ("weekly", Align::Right),
        ("MAPE", Align::Right),
        ("bias", Align::Right),
        ("Poisson floor", Align::Right),
        ("× floor", Align::Right),
    ]);
    let pct = |x: f64| format::percent(x, 1);
    for b in &f.backtests {
        table.row([
            b.method.to_string(),
            pct(b.interval.wape),
            pct(b.daily.wape),
            pct(b.weekly.wape),
            pct(b.interval.mape),
            format!("{:+.1} %", b.interval.bias * 100.0),
            pct(b.interval.poisson_floor),
            format!(
                "{:.2}",
                b.interval.wape / b.interval.poisson_floor.max(1e-12)
            ),
        ]);
    }
    out.push_str(&table.to_string());
    out.push('\n');
    out.push_str(&days(history, f).to_string());
    out
}

/// The forecast day by day with the 95 % band of each day's total.
fn days(history: &History, f: &Forecast) -> Table {
    let mut days = Table::new([
        ("forecast day", Align::Left),
        ("contacts", Align::Right),
        ("95 % low", Align::Right),
        ("95 % high", Align::Right),
    ]);
    for day in f.days(history) {
        days.row([
            day.date.strftime("%a %Y-%m-%d").to_string(),
            format!("{:.0}", day.volume),
            format!("{:.0}", day.low),
            format!("{:.0}", day.high),
        ]);
    }
    days
}
