//! The forecast chart: recent history, the forecast and its prediction band.

use crate::forecast::{Forecast, History};
use crate::report::{Chart, Colour, Mark, Panel, XAxis, YFormat};
use std::path::Path;

/// The last four weeks of history, the forecast and its 95 % band; `path` names the history in
/// the footnote.
pub fn forecast(history: &History, f: &Forecast, path: &Path) -> Chart {
    let n = history.volume.len();
    let spd = history.slots_per_day();
    let shown = (28 * spd).min(n);
    let first = n - shown;
    let x = |i: usize| (i as f64 - n as f64) / spd as f64; // days relative to the forecast start
    let past: Vec<(f64, Option<f64>)> = (first..n).map(|i| (x(i), history.volume[i])).collect();
    let future: Vec<(f64, Option<f64>)> = (0..f.volume.len())
        .map(|k| (x(n + k), Some(f.volume[k])))
        .collect();
    let band: Vec<(f64, Option<(f64, f64)>)> = (0..f.volume.len())
        .map(|k| (x(n + k), Some((f.low[k], f.high[k]))))
        .collect();
    let top = history.volume[first..]
        .iter()
        .flatten()
        .copied()
        .chain(f.high.iter().copied())
        .fold(1.0, f64::max)
        * 1.05;
    let (lo, hi) = (x(first), x(n + f.volume.len()));
    let every = (((hi - lo) / 10.0).ceil() as usize).max(1);
    let ticks = (first..n + f.volume.len())
        .filter(|&i| history.week_slot(i).is_multiple_of(spd))
        .enumerate()
        .filter(|(d, _)| d % every == 0)
        .map(|(_, i)| (x(i), history.time(i).strftime("%-d %b").to_string()))
        .collect();
    let best = &f.backtests[0];
    Chart {
        title: "Interval volume: history and forecast".into(),
        subtitle: format!(
            "{} forecast with its 95 % interval; backtest WAPE {} against a Poisson floor of {}",
            f.method,
            crate::report::format::percent(best.interval.wape, 1),
            crate::report::format::percent(best.interval.poisson_floor, 1)
        ),
        footnote: format!(
            "History {} · {} intervals of {} · staffsim {}",
            path.display(),
            n,
            history.length,
            env!("CARGO_PKG_VERSION")
        ),
        x: XAxis {
            title: "Date".into(),
            range: (lo, hi),
            ticks,
            separators: vec![0.0],
        },
        panels: vec![Panel {
            y_title: format!("Contacts per {} interval", history.length),
            y_range: (0.0, top),
            y_format: YFormat::Number,
            marks: vec![
                Mark::Line {
                    label: "History".into(),
                    points: past,
                    colour: Colour::Grey,
                    dashed: false,
                },
                Mark::Band {
                    label: "95 % prediction interval".into(),
                    points: band,
                    colour: Colour::Blue,
                },
                Mark::Line {
                    label: "Forecast".into(),
                    points: future,
                    colour: Colour::Blue,
                    dashed: false,
                },
            ],
        }],
    }
}
