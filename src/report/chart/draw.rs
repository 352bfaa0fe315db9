//! Drawing a chart with plotters: the header, the stacked panels and their axes, every mark,
//! and the PNG encoding.

use super::axes::{format_number, spread_labels};
use super::legend::{has_legend, legend_clash, legend_corner, legend_size, with_legend_room};
use super::model::*;
use super::text::{MARGIN_LEFT, text_width};

impl Chart {
    /// Draws the chart on `root`; returns, per panel, how many data points its legend covers
    /// (0 where it has none).
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        style: &Style,
    ) -> Result<Vec<usize>, String> {
        let mut clashes = Vec::with_capacity(self.panels.len());
        let e = |err: DrawingAreaErrorKind<DB::ErrorType>| err.to_string();
        let (width, height) = root.dim_in_pixel();
        let k = style.scale();
        let px = |v: i32| (f64::from(v) * k).round() as i32;
        let pu = |v: u32| (f64::from(v) * k).round() as u32;
        // Text sizes, and the room kept for text: larger on the page.
        let fu = |v: u32| (f64::from(v) * k * style.text()).round() as u32;
        let fx = |v: i32| (f64::from(v) * k * style.text()).round() as i32;
        let black = Colour::Black.rgb();
        let grey = Colour::Grey.rgb();
        root.fill(&WHITE).map_err(e)?;
        let footer_room = style.logo.as_ref().map_or(0, |l| l.width + pu(24));
        let header = self.header(width, footer_room, style);
        let margin_left = px(MARGIN_LEFT);
        let mut y = px(26);
        for line in &header.title {
            root.draw(&Text::new(
                line.clone(),
                (margin_left, y),
                ("sans-serif", header.title_size)
                    .into_font()
                    .style(FontStyle::Bold)
                    .color(&black),
            ))
            .map_err(e)?;
            y += header.title_size as i32 + px(8);
        }
        y += px(6);
        for line in &header.subtitle {
            root.draw(&Text::new(
                line.clone(),
                (margin_left, y),
                ("sans-serif", header.subtitle_size)
                    .into_font()
                    .color(&grey),
            ))
            .map_err(e)?;
            y += header.subtitle_size as i32 + px(8);
        }
        let line_gap = fx(24);
        let footnote_top = height as i32 - px(38) - (header.footnote.len() as i32 - 1) * line_gap;
        for (n, line) in header.footnote.iter().enumerate() {
            root.draw(&Text::new(
                line.clone(),
                (margin_left, footnote_top + n as i32 * line_gap),
                ("sans-serif", header.footnote_size)
                    .into_font()
                    .color(&grey),
            ))
            .map_err(e)?;
        }
        let mut bottom = pu(24) + (header.footnote.len() as u32 - 1) * line_gap as u32;
        if let Some(logo) = &style.logo {
            let at = (
                width as i32 - margin_left - logo.width as i32,
                height as i32 - px(12) - logo.height as i32,
            );
            if let Some(image) = BitMapElement::<_, plotters::backend::RGBPixel>::with_owned_buffer(
                at,
                (logo.width, logo.height),
                logo.rgb.clone(),
            ) {
                root.draw(&image).map_err(e)?;
            }
            bottom = bottom.max(logo.height + pu(12) - pu(14));
        }

        let body = root.margin(header.height, pu(56), bottom, pu(48));
        let areas = body.split_evenly((self.panels.len().max(1), 1));
        let tick_font = ("sans-serif", fu(20))
            .into_font()
            .color(&RGBColor(60, 60, 60))
            .pos(Pos::new(HPos::Center, VPos::Top));
        // Tick labels may run over two lines (a date and a special day's name).
        let tick_lines = self
            .x
            .ticks
            .iter()
            .map(|(_, label)| label.lines().count().max(1))
            .max()
            .unwrap_or(1) as i32;
        let tick_line_gap = fx(24);
        let extra_tick_room = (tick_lines - 1) * tick_line_gap;
        for (index, (area, panel)) in areas.iter().zip(&self.panels).enumerate() {
            let last = index + 1 == self.panels.len();
            let (x0, x1) = self.x.range;
            let x_label_room = if last {
                fu(76) + extra_tick_room as u32
            } else {
                pu(16)
            };
            // The plotting area in pixels: the panel less its margins and label areas.
            let (area_w, area_h) = area.dim_in_pixel();
            let plot_px = (
                f64::from(area_w) - f64::from(2 * pu(12) + fu(110)),
                f64::from(area_h) - f64::from(2 * pu(12) + x_label_room),
            );
            let legend_px = legend_size(panel, fu(20));
            let (legend_at, covered, spot) = legend_corner(panel, self.x.range, legend_px, plot_px);
            // No clear spot inside the data: room above it for the legend instead.
            let roomy = (covered > 0)
                .then(|| with_legend_room(panel, self.x.range, legend_px, plot_px))
                .flatten();
            let (panel, (legend_at, covered, spot)) = match &roomy {
                Some(roomy) => (
                    roomy,
                    legend_corner(roomy, self.x.range, legend_px, plot_px),
                ),
                None => (panel, (legend_at, covered, spot)),
            };
            // A spot that covers nothing covers no data either: count the data only otherwise.
            clashes.push(if covered > 0 && has_legend(panel) {
                legend_clash(panel, self.x.range, legend_px, plot_px, spot)
            } else {
                0
            });
            let (y0, y1) = panel.y_range;
            let mut chart = ChartBuilder::on(area)
                .margin(pu(12))
                .x_label_area_size(x_label_room)
                .y_label_area_size(fu(110))
                .build_cartesian_2d(x0..x1, y0..y1)
                .map_err(e)?;
            let y_format = panel.y_format;
            // Ticks in the legend's headroom are left unlabelled: the axis reads to the data's
            // own range (e.g. 100 %).
            let labelled_top = self.panels[index].y_range.1;
            let y_label = move |v: &f64| {
                if *v > labelled_top + 1e-9 * labelled_top.abs().max(1.0) {
                    return String::new();
                }
                match y_format {
                    YFormat::Percent => crate::report::format::percent(*v, 0),
                    YFormat::Number => format_number(*v),
                    YFormat::Seconds => format!("{} s", format_number(*v)),
                    YFormat::Rows => String::new(),
                }
            };
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(0)
                .y_labels(6)
                .y_label_formatter(&y_label)
                .y_desc(panel.y_title.clone())
                .bold_line_style(RGBColor(226, 226, 226))
                .light_line_style(RGBColor(246, 246, 246))
                .axis_style(RGBColor(150, 150, 150))
                .axis_desc_style(("sans-serif", fu(24)).into_font().color(&black))
                .label_style(
                    ("sans-serif", fu(20))
                        .into_font()
                        .color(&RGBColor(60, 60, 60)),
                )
                .draw()
                .map_err(e)?;

            // The x axis is drawn by hand: ticks exactly where the caller wants them (clock
            // times, dates), not where a "nice number" algorithm would put them.
            for (x, _) in &self.x.ticks {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(*x, y0), (*x, y1)],
                        RGBColor(232, 232, 232),
                    )))
                    .map_err(e)?;
            }
            if last {
                let (left, py) = chart.backend_coord(&(x0, y0));
                let (right, _) = chart.backend_coord(&(x1, y0));
                let centres: Vec<i32> = self
                    .x
                    .ticks
                    .iter()
                    .map(|(x, _)| chart.backend_coord(&(*x, y0)).0)
                    .collect();
                let widths: Vec<i32> = self
                    .x
                    .ticks
                    .iter()
                    .map(|(_, label)| {
                        label
                            .lines()
                            .map(|l| text_width(l, fu(20), false) as i32)
                            .max()
                            .unwrap_or(0)
                    })
                    .collect();
                let bounds = (left - px(40), right + px(40));
                let placed = spread_labels(&centres, &widths, px(14), bounds);
                for ((_, label), at) in self.x.ticks.iter().zip(placed) {
                    for (n, line) in label.lines().enumerate() {
                        root.draw(&Text::new(
                            line.to_string(),
                            (at, py + px(10) + n as i32 * tick_line_gap),
                            tick_font.clone(),
                        ))
                        .map_err(e)?;
                    }
                }
            }
            for &x in &self.x.separators {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(x, y0), (x, y1)],
                        ShapeStyle::from(&RGBColor(185, 185, 185)).stroke_width(pu(1)),
                    )))
                    .map_err(e)?;
            }
            if last {
                let (left, bottom) = chart.backend_coord(&(x0, y0));
                let (right, _) = chart.backend_coord(&(x1, y0));
                root.draw(&Text::new(
                    self.x.title.clone(),
                    ((left + right) / 2, bottom + fx(44) + extra_tick_room),
                    ("sans-serif", fu(24))
                        .into_font()
                        .color(&black)
                        .pos(Pos::new(HPos::Center, VPos::Top)),
                ))
                .map_err(e)?;
            }
            let mut labelled = false;
            for mark in &panel.marks {
                labelled |= draw_mark(&mut chart, mark, (y0, y1), style).map_err(e)?;
            }
            if labelled {
                chart
                    .configure_series_labels()
                    .position(legend_at)
                    .background_style(WHITE.mix(0.88))
                    .border_style(RGBColor(210, 210, 210))
                    .label_font(("sans-serif", fu(20)).into_font().color(&black))
                    .margin(pu(12))
                    .draw()
                    .map_err(e)?;
            }
        }
        Ok(clashes)
    }
}

pub(super) type Chart2d<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Draws one mark; returns whether it added a legend entry.
pub(super) fn draw_mark<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart2d<'a, DB>,
    mark: &Mark,
    (y0, y1): (f64, f64),
    look: &Style,
) -> Result<bool, DrawingAreaErrorKind<DB::ErrorType>> {
    let clamp = |y: f64| y.clamp(y0, y1);
    let k = look.scale();
    let pu = |v: u32| ((f64::from(v) * k).round() as u32).max(1);
    let fu = |v: u32| ((f64::from(v) * k * look.text()).round() as u32).max(1);
    match mark {
        Mark::Line {
            label,
            points,
            colour,
            dashed,
        } => {
            // Thick polylines spike at sharp corners (miter joins): dense, jagged series are
            // drawn thin.
            let width = if points.len() > 600 { pu(1) } else { pu(3) };
            let style = ShapeStyle::from(&look.colour(*colour)).stroke_width(width);
            let legend_style = ShapeStyle::from(&look.colour(*colour)).stroke_width(pu(3));
            let dashed_legend = *dashed;
            let mut first = true;
            for segment in segments(points) {
                let segment: Vec<(f64, f64)> =
                    segment.into_iter().map(|(x, y)| (x, clamp(y))).collect();
                // A thick polyline is drawn as separate two-point strokes: plotters joins
                // polyline corners with miters, which spike past the data at steep turns (an
                // ASA curve "below 0 s", a dip in a monotone service level).
                let drawn = if *dashed {
                    chart.draw_series(DashedLineSeries::new(segment, 12, 8, style))?
                } else if width > 1 && segment.len() > 1 {
                    chart.draw_series(
                        segment
                            .windows(2)
                            .map(|pair| PathElement::new(vec![pair[0], pair[1]], style)),
                    )?
                } else {
                    chart.draw_series(LineSeries::new(segment, style))?
                };
                if first && !label.is_empty() {
                    drawn.label(label.clone()).legend(move |(x, y)| {
                        let [a, b] = swatch_strokes(dashed_legend);
                        EmptyElement::at((x, y))
                            + PathElement::new(a, legend_style)
                            + PathElement::new(b, legend_style)
                    });
                }
                first = false;
            }
            Ok(!label.is_empty())
        }
        Mark::Band {
            label,
            points,
            colour,
        } => {
            let fill = look.colour(*colour).mix(0.22);
            let mut first = true;
            for segment in band_segments(points) {
                let mut outline: Vec<(f64, f64)> =
                    segment.iter().map(|(x, lo, _)| (*x, clamp(*lo))).collect();
                outline.extend(segment.iter().rev().map(|(x, _, hi)| (*x, clamp(*hi))));
                let drawn =
                    chart.draw_series(std::iter::once(Polygon::new(outline, fill.filled())))?;
                if first && !label.is_empty() {
                    drawn.label(label.clone()).legend(move |(x, y)| {
                        Rectangle::new([(x, y - 8), (x + 22, y + 8)], fill.filled())
                    });
                }
                first = false;
            }
            Ok(!label.is_empty())
        }
        Mark::Rects {
            label,
            rects,
            colour,
        } => {
            let fill = look.colour(*colour).mix(0.28);
            let drawn = chart.draw_series(rects.iter().map(|&(x0, x1, ya, yb)| {
                Rectangle::new([(x0, clamp(ya)), (x1, clamp(yb))], fill.filled())
            }))?;
            if !label.is_empty() && !rects.is_empty() {
                drawn.label(label.clone()).legend(move |(x, y)| {
                    Rectangle::new([(x, y - 8), (x + 22, y + 8)], fill.filled())
                });
                return Ok(true);
            }
            Ok(false)
        }
        Mark::Bars {
            label,
            bars,
            colour,
        } => {
            let fill = look.colour(*colour).mix(0.9);
            let edge = ShapeStyle::from(&look.colour(*colour)).stroke_width(pu(2));
            let drawn = chart.draw_series(bars.iter().map(|&(x0, x1, ya, yb)| {
                Rectangle::new([(x0, clamp(ya)), (x1, clamp(yb))], fill.filled())
            }))?;
            if !label.is_empty() && !bars.is_empty() {
                drawn.label(label.clone()).legend(move |(x, y)| {
                    Rectangle::new([(x, y - 8), (x + 22, y + 8)], fill.filled())
                });
            }
            chart.draw_series(bars.iter().map(|&(x0, x1, ya, yb)| {
                Rectangle::new([(x0, clamp(ya)), (x1, clamp(yb))], edge)
            }))?;
            Ok(!label.is_empty() && !bars.is_empty())
        }
        Mark::Points {
            label,
            points,
            colour,
            size,
        } => {
            let style = look.colour(*colour).filled();
            let size = pu(*size) as i32;
            let drawn = chart.draw_series(
                points
                    .iter()
                    .map(|&(x, y)| Circle::new((x, clamp(y)), size, style)),
            )?;
            if !label.is_empty() && !points.is_empty() {
                drawn
                    .label(label.clone())
                    .legend(move |(x, y)| Circle::new((x + 11, y), size, style));
                return Ok(true);
            }
            Ok(false)
        }
        Mark::Labels { labels } => {
            let font = ("sans-serif", fu(20))
                .into_font()
                .style(FontStyle::Bold)
                .color(&RGBColor(30, 30, 30))
                .pos(Pos::new(HPos::Center, VPos::Bottom));
            chart.draw_series(labels.iter().map(|(x, y, text)| {
                EmptyElement::at((*x, clamp(*y)))
                    + Text::new(text.clone(), (0, -(pu(8) as i32)), font.clone())
            }))?;
            Ok(false)
        }
        Mark::Notes { notes } => {
            let x_range = chart.x_range();
            let right_third = x_range.start + (x_range.end - x_range.start) * 2.0 / 3.0;
            for (x, y, text) in notes {
                let left = *x > right_third;
                let font = ("sans-serif", fu(20))
                    .into_font()
                    .style(FontStyle::Bold)
                    .color(&RGBColor(30, 30, 30))
                    .pos(Pos::new(
                        if left { HPos::Right } else { HPos::Left },
                        VPos::Top,
                    ));
                let dx = if left {
                    -(pu(14) as i32)
                } else {
                    pu(14) as i32
                };
                chart.draw_series(std::iter::once(
                    EmptyElement::at((*x, clamp(*y)))
                        + Text::new(text.clone(), (dx, pu(10) as i32), font),
                ))?;
            }
            Ok(false)
        }
        Mark::HLine { label, y, colour } => {
            let style = ShapeStyle::from(&look.colour(*colour)).stroke_width(pu(2));
            let (x0, x1) = {
                let range = chart.x_range();
                (range.start, range.end)
            };
            let drawn = chart.draw_series(DashedLineSeries::new(
                vec![(x0, *y), (x1, *y)],
                14,
                10,
                style,
            ))?;
            if !label.is_empty() {
                drawn.label(label.clone()).legend(move |(x, y)| {
                    let [a, b] = swatch_strokes(true);
                    EmptyElement::at((x, y))
                        + PathElement::new(a, style)
                        + PathElement::new(b, style)
                });
            }
            Ok(!label.is_empty())
        }
    }
}

/// The two strokes of a legend swatch for a line, relative to its anchor: one 22-pixel stroke
/// (and an empty one) when solid, two dashes when dashed, so the legend shows the line as drawn.
pub(super) fn swatch_strokes(dashed: bool) -> [Vec<(i32, i32)>; 2] {
    if dashed {
        [vec![(0, 0), (9, 0)], vec![(14, 0), (23, 0)]]
    } else {
        [vec![(0, 0), (23, 0)], vec![(23, 0), (23, 0)]]
    }
}

/// RGB pixels to PNG bytes.
pub(super) fn encode_png(pixels: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(pixels).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(bytes)
}
