//! Where a panel's legend goes: the spot that covers the fewest drawn points, or room made
//! above the data when no spot is clear; and how many points it still covers.

use super::model::*;
use super::text::text_width;

/// Where a panel's legend goes: the spot — a corner first, else an edge middle, the centre or
/// a quarter point — whose box covers the fewest drawn points. Lines are sampled along their segments,
/// not only at their vertices, so a line that dives through a corner between two points (a
/// collapse in service level) keeps the legend away. `legend_px` is the legend's estimated size
/// and `plot_px` the plotting area's, in pixels.
pub(super) fn legend_corner(
    panel: &Panel,
    (x0, x1): (f64, f64),
    legend_px: (f64, f64),
    plot_px: (f64, f64),
) -> (SeriesLabelPosition, usize, (f64, f64)) {
    // Candidate spots as fractions of the free room (x from the left, y from the bottom):
    // the corners first, then the edge middles, the centre, and the quarter points.
    let mut spots: Vec<(f64, f64)> = vec![
        (1.0, 1.0),
        (0.0, 1.0),
        (1.0, 0.0),
        (0.0, 0.0),
        (0.5, 1.0),
        (0.5, 0.0),
        (1.0, 0.5),
        (0.0, 0.5),
        (0.5, 0.5),
    ];
    for fx in [0.25, 0.75] {
        for fy in [1.0, 0.0, 0.75, 0.25, 0.5] {
            spots.push((fx, fy));
        }
    }
    for fy in [0.75, 0.25] {
        for fx in [1.0, 0.0, 0.5] {
            spots.push((fx, fy));
        }
    }
    let points = drawn_points(panel, (x0, x1));
    let (covered, (fx, fy)) = spots
        .into_iter()
        .map(|spot| {
            let inside = legend_box(panel, (x0, x1), legend_px, plot_px, spot);
            (points.iter().filter(|p| inside(p)).count(), spot)
        })
        .min_by_key(|&(covered, _)| covered)
        .unwrap_or((0, (1.0, 1.0)));
    // plotters places the legend's top-left corner in pixels within the plotting area.
    let free = (
        (plot_px.0 - legend_px.0 - 10.0).max(0.0),
        (plot_px.1 - legend_px.1 - 10.0).max(0.0),
    );
    (
        SeriesLabelPosition::Coordinate(
            (5.0 + fx * free.0).round() as i32,
            (5.0 + (1.0 - fy) * free.1).round() as i32,
        ),
        covered,
        (fx, fy),
    )
}

/// Whether a point lies in the legend's box at the spot `(fx, fy)` (fractions of the free room,
/// x from the left, y from the bottom), in data units, with the 12-px margin plotters leaves
/// around the legend.
fn legend_box(
    panel: &Panel,
    (x0, x1): (f64, f64),
    legend_px: (f64, f64),
    plot_px: (f64, f64),
    (fx, fy): (f64, f64),
) -> impl Fn(&(f64, f64)) -> bool {
    let (y0, y1) = panel.y_range;
    let w = (x1 - x0) * ((legend_px.0 + 24.0) / plot_px.0.max(1.0)).min(0.9);
    let h = (y1 - y0) * ((legend_px.1 + 24.0) / plot_px.1.max(1.0)).min(0.9);
    let (xa, ya) = (x0 + fx * (x1 - x0 - w), y0 + fy * (y1 - y0 - h));
    move |(x, y)| (xa..=xa + w).contains(x) && (ya..=ya + h).contains(y)
}

/// How many of the points that `panel`'s data marks draw (backdrops left out) a legend at the
/// spot `(fx, fy)` would cover.
pub(super) fn legend_clash(
    panel: &Panel,
    x_range: (f64, f64),
    legend_px: (f64, f64),
    plot_px: (f64, f64),
    spot: (f64, f64),
) -> usize {
    let inside = legend_box(panel, x_range, legend_px, plot_px, spot);
    data_points(panel, x_range)
        .iter()
        .filter(|p| inside(p))
        .count()
}

/// The points `panel`'s data marks draw: every mark but the full-height backdrops.
fn data_points(panel: &Panel, x_range: (f64, f64)) -> Vec<(f64, f64)> {
    let data = Panel {
        marks: panel
            .marks
            .iter()
            .filter(|m| !is_backdrop(m, panel.y_range))
            .cloned()
            .collect(),
        ..panel.clone()
    };
    drawn_points(&data, x_range)
}

/// Whether a mark is a full-height background (a closed period's shading): the legend may lie
/// over it, and it reaches any headroom added above the data.
pub(super) fn is_backdrop(mark: &Mark, (y0, y1): (f64, f64)) -> bool {
    match mark {
        Mark::Rects { rects, .. } => rects.iter().all(|r| r.2 <= y0 && r.3 >= y1),
        _ => false,
    }
}

/// `panel` with room above its data for a legend of `legend_px` in a plot of `plot_px` pixels,
/// when no spot inside the data leaves the legend clear of it: the y range grows upwards just
/// enough that the legend's box fits above the highest point drawn (backdrops reach the new
/// top), and its new top is returned with it. `None` when a clear spot exists or the room
/// would take more than half the panel.
pub(super) fn with_legend_room(
    panel: &Panel,
    x_range: (f64, f64),
    legend_px: (f64, f64),
    plot_px: (f64, f64),
) -> Option<Panel> {
    let (y0, y1) = panel.y_range;
    let share = (legend_px.1 + 24.0) / plot_px.1.max(1.0);
    if share >= 0.5 || y1 <= y0 {
        return None;
    }
    let top = data_points(panel, x_range)
        .into_iter()
        .map(|(_, y)| y.clamp(y0, y1))
        .fold(y0, f64::max);
    // The legend's share of the new range lies above `top`, with 2 % to spare.
    let new_top = (top - (share + 0.02) * y0) / (1.0 - share - 0.02);
    let mut roomy = panel.clone();
    roomy.y_range = (y0, new_top.max(y1));
    // A level above the old top was off the chart: it stays off.
    roomy
        .marks
        .retain(|m| !matches!(m, Mark::HLine { y, .. } if *y > y1));
    for mark in &mut roomy.marks {
        if is_backdrop(mark, (y0, y1))
            && let Mark::Rects { rects, .. } = mark
        {
            rects.iter_mut().for_each(|r| r.3 = new_top.max(y1));
        } else {
            // What ran off the old top stays cut there, out of the legend's room.
            mark.map_y(|y| y.min(y1));
        }
    }
    Some(roomy)
}

/// The points a panel's marks draw, in data units, with lines sampled along their segments.
pub(super) fn drawn_points(panel: &Panel, (x0, x1): (f64, f64)) -> Vec<(f64, f64)> {
    let mut points: Vec<(f64, f64)> = Vec::new();
    let step = (x1 - x0) / 400.0;
    let along = |points: &mut Vec<(f64, f64)>, a: (f64, f64), b: (f64, f64)| {
        let n = (((b.0 - a.0).abs() / step).ceil() as usize).clamp(1, 400);
        for k in 0..=n {
            let t = k as f64 / n as f64;
            points.push((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t));
        }
    };
    for mark in &panel.marks {
        match mark {
            Mark::Line { points: p, .. } => {
                for segment in segments(p) {
                    for pair in segment.windows(2) {
                        along(&mut points, pair[0], pair[1]);
                    }
                    if let [only] = segment.as_slice() {
                        along(&mut points, *only, *only);
                    }
                }
            }
            Mark::Band { points: p, .. } => {
                for segment in band_segments(p) {
                    for pair in segment.windows(2) {
                        along(&mut points, (pair[0].0, pair[0].1), (pair[1].0, pair[1].1));
                        along(&mut points, (pair[0].0, pair[0].2), (pair[1].0, pair[1].2));
                    }
                }
            }
            Mark::Points { points: p, .. } => points.extend(p.iter().copied()),
            Mark::Labels { labels } | Mark::Notes { notes: labels } => {
                points.extend(labels.iter().map(|(x, y, _)| (*x, *y)))
            }
            Mark::HLine { y, .. } => along(&mut points, (x0, *y), (x1, *y)),
            Mark::Rects { rects, .. } | Mark::Bars { bars: rects, .. } => {
                for &(xa, xb, ya, yb) in rects {
                    for i in 0..=4 {
                        for j in 0..=4 {
                            let (fx, fy) = (f64::from(i) / 4.0, f64::from(j) / 4.0);
                            points.push((xa + (xb - xa) * fx, ya + (yb - ya) * fy));
                        }
                    }
                }
            }
        }
    }
    points
}

/// Whether any mark of `panel` is named in a legend.
pub(super) fn has_legend(panel: &Panel) -> bool {
    panel.marks.iter().any(|m| match m {
        Mark::Line { label, .. }
        | Mark::Band { label, .. }
        | Mark::Rects { label, .. }
        | Mark::Bars { label, .. }
        | Mark::Points { label, .. }
        | Mark::HLine { label, .. } => !label.is_empty(),
        Mark::Labels { .. } | Mark::Notes { .. } => false,
    })
}

/// The legend's size in pixels for the labelled marks of `panel` at text `size`.
pub(super) fn legend_size(panel: &Panel, size: u32) -> (f64, f64) {
    let labels: Vec<&str> = panel
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Line { label, .. }
            | Mark::Band { label, .. }
            | Mark::Rects { label, .. }
            | Mark::Bars { label, .. }
            | Mark::Points { label, .. }
            | Mark::HLine { label, .. } => (!label.is_empty()).then_some(label.as_str()),
            Mark::Labels { .. } | Mark::Notes { .. } => None,
        })
        .collect();
    let widest = labels
        .iter()
        .map(|l| text_width(l, size, false))
        .max()
        .unwrap_or(0);
    let line = f64::from(size) * 1.15;
    (
        f64::from(widest) + 2.2 * f64::from(size) + 24.0,
        labels.len() as f64 * line + 24.0,
    )
}
