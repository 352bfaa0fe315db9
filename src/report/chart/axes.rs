//! Axes: tick labels spread apart where they crowd, round numeric ticks, and the numbers on them.

/// Centres for labels of `widths` pixels wanted at `centres` (in ascending order), moved apart
/// just enough that neighbours keep `gap` pixels between them and all stay within `bounds`:
/// a forward pass pushes crowded labels right, a backward pass pulls them back from the right
/// edge. Labels that fit where they are do not move.
pub(super) fn spread_labels(
    centres: &[i32],
    widths: &[i32],
    gap: i32,
    (lo, hi): (i32, i32),
) -> Vec<i32> {
    let mut at: Vec<i32> = centres.to_vec();
    let half = |k: usize| widths[k] / 2;
    for k in 0..at.len() {
        let floor = if k == 0 {
            lo + half(0)
        } else {
            at[k - 1] + half(k - 1) + gap + half(k)
        };
        at[k] = at[k].max(floor);
    }
    for k in (0..at.len()).rev() {
        let ceiling = if k + 1 == at.len() {
            hi - half(k)
        } else {
            at[k + 1] - half(k + 1) - gap - half(k)
        };
        at[k] = at[k].min(ceiling);
    }
    at
}

/// 1234.5 → "1,235"; 12.5 → "12.5"; 0.25 → "0.25".
pub(super) fn format_number(v: f64) -> String {
    if v.abs() >= 1000.0 {
        crate::report::format::thousands(v)
    } else if v.fract().abs() < 1e-9 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// Ticks at round steps between `lo` and `hi` (at most about 12), labelled by `format`.
pub fn numeric_ticks(lo: f64, hi: f64, format: impl Fn(f64) -> String) -> Vec<(f64, String)> {
    let span = (hi - lo).abs().max(f64::MIN_POSITIVE);
    let magnitude = 10f64.powf(span.log10().floor());
    let step = [0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| span / s <= 12.0)
        .unwrap_or(magnitude * 10.0);
    let first = (lo / step).ceil();
    (0..)
        .map(|k| (first + f64::from(k)) * step)
        .take_while(|x| *x <= hi + step * 1e-9)
        .map(|x| (x, format(x)))
        .collect()
}

/// Formats a number for an axis: thousands grouped, trailing zeros dropped.
pub fn axis_number(v: f64) -> String {
    format_number(v)
}
