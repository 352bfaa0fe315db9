//! Drawing a chart with plotters: the header, the stacked panels and their axes, every mark,
//! and the PNG encoding.

use super::axes::{format_number, spread_labels};
use super::legend::{has_legend, legend_clash, legend_corner, legend_size, with_legend_room};
use super::model::*;
use super::text::{Header, MARGIN_LEFT, text_width};

/// Pixel sizes at the chart's scale: lengths by the style's scale, text and the room kept for
/// it by the page's text size too.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    scale: f64,
    text: f64,
}

impl Sizes {
    fn of(style: &Style) -> Self {
        Self {
            scale: style.scale(),
            text: style.text(),
        }
    }
    /// A length, signed.
    fn px(self, v: i32) -> i32 {
        (f64::from(v) * self.scale).round() as i32
    }
    /// A length, unsigned.
    fn pu(self, v: u32) -> u32 {
        (f64::from(v) * self.scale).round() as u32
    }
    /// A text size or text room, unsigned.
    fn fu(self, v: u32) -> u32 {
        (f64::from(v) * self.scale * self.text).round() as u32
    }
    /// A text room, signed.
    fn fx(self, v: i32) -> i32 {
        (f64::from(v) * self.scale * self.text).round() as i32
    }
}

/// A drawing error as text.
fn err<E: std::error::Error + Send + Sync>(error: DrawingAreaErrorKind<E>) -> String {
    error.to_string()
}

impl Chart {
    /// Draws the chart on `root`; returns, per panel, how many data points its legend covers
    /// (0 where it has none).
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        style: &Style,
    ) -> Result<Vec<usize>, String> {
        let size = Sizes::of(style);
        let (width, _) = root.dim_in_pixel();
        root.fill(&WHITE).map_err(err)?;
        let footer_room = style.logo.as_ref().map_or(0, |l| l.width + size.pu(24));
        let header = self.header(width, footer_room, style);
        draw_titles(root, &header, size)?;
        let bottom = draw_footer(root, &header, style, size)?;
        let body = root.margin(header.height, size.pu(56), bottom, size.pu(48));
        let areas = body.split_evenly((self.panels.len().max(1), 1));
        let mut clashes = Vec::with_capacity(self.panels.len());
        for (index, (area, panel)) in areas.iter().zip(&self.panels).enumerate() {
            clashes.push(self.draw_panel(root, area, index, panel, style)?);
        }
        Ok(clashes)
    }

    /// Draws one panel: its legend placed clear of the data (or given headroom), its mesh, the
    /// x axis under the last panel, and its marks. Returns how many data points the legend
    /// covers.
    fn draw_panel<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        area: &DrawingArea<DB, Shift>,
        index: usize,
        panel: &Panel,
        style: &Style,
    ) -> Result<usize, String> {
        let size = Sizes::of(style);
        let last = index + 1 == self.panels.len();
        let (x0, x1) = self.x.range;
        let x_label_room = if last {
            size.fu(76) + self.extra_tick_room(size) as u32
        } else {
            size.pu(16)
        };
        // The plotting area in pixels: the panel less its margins and label areas.
        let (area_w, area_h) = area.dim_in_pixel();
        let plot_px = (
            f64::from(area_w) - f64::from(2 * size.pu(12) + size.fu(110)),
            f64::from(area_h) - f64::from(2 * size.pu(12) + x_label_room),
        );
        let legend_px = legend_size(panel, size.fu(20));
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
        let clash = if covered > 0 && has_legend(panel) {
            legend_clash(panel, self.x.range, legend_px, plot_px, spot)
        } else {
            0
        };
        let (y0, y1) = panel.y_range;
        let mut chart = ChartBuilder::on(area)
            .margin(size.pu(12))
            .x_label_area_size(x_label_room)
            .y_label_area_size(size.fu(110))
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err)?;
        // Ticks in the legend's headroom are left unlabelled: the axis reads to the data's own
        // range (e.g. 100 %).
        draw_mesh(&mut chart, panel, self.panels[index].y_range.1, size)?;
        self.draw_x_axis(root, &mut chart, last, size)?;
        let mut labelled = false;
        for mark in &panel.marks {
            labelled |= draw_mark(&mut chart, mark, (y0, y1), style).map_err(err)?;
        }
        if labelled {
            chart
                .configure_series_labels()
                .position(legend_at)
                .background_style(WHITE.mix(0.88))
                .border_style(RGBColor(210, 210, 210))
                .label_font(
                    ("sans-serif", size.fu(20))
                        .into_font()
                        .color(&Colour::Black.rgb()),
                )
                .margin(size.pu(12))
                .draw()
                .map_err(err)?;
        }
        Ok(clash)
    }

    /// Room for tick labels beyond one line (a date and a special day's name run over two).
    fn extra_tick_room(&self, size: Sizes) -> i32 {
        let tick_lines = self
            .x
            .ticks
            .iter()
            .map(|(_, label)| label.lines().count().max(1))
            .max()
            .unwrap_or(1) as i32;
        (tick_lines - 1) * size.fx(24)
    }

    /// The x axis, drawn by hand: a grid line at every tick, exactly where the caller wants them
    /// (clock times, dates), not where a "nice number" algorithm would put them, and the
    /// separators; under the last panel, the tick labels spread so none overlaps, and the title.
    fn draw_x_axis<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &mut Chart2d<'_, DB>,
        last: bool,
        size: Sizes,
    ) -> Result<(), String> {
        let (x0, x1) = self.x.range;
        let (y0, y1) = (chart.y_range().start, chart.y_range().end);
        for (x, _) in &self.x.ticks {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(*x, y0), (*x, y1)],
                    RGBColor(232, 232, 232),
                )))
                .map_err(err)?;
        }
        if last {
            self.draw_tick_labels(root, chart, size)?;
        }
        for &x in &self.x.separators {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x, y0), (x, y1)],
                    ShapeStyle::from(&RGBColor(185, 185, 185)).stroke_width(size.pu(1)),
                )))
                .map_err(err)?;
        }
        if !last {
            return Ok(());
        }
        let (left, py) = chart.backend_coord(&(x0, y0));
        let (right, _) = chart.backend_coord(&(x1, y0));
        root.draw(&Text::new(
            self.x.title.clone(),
            (
                (left + right) / 2,
                py + size.fx(44) + self.extra_tick_room(size),
            ),
            ("sans-serif", size.fu(24))
                .into_font()
                .color(&Colour::Black.rgb())
                .pos(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(err)?;
        Ok(())
    }

    /// The tick labels under the last panel, spread so none overlaps.
    fn draw_tick_labels<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &Chart2d<'_, DB>,
        size: Sizes,
    ) -> Result<(), String> {
        let (x0, x1) = self.x.range;
        let y0 = chart.y_range().start;
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
                    .map(|l| text_width(l, size.fu(20), false) as i32)
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let bounds = (left - size.px(40), right + size.px(40));
        let placed = spread_labels(&centres, &widths, size.px(14), bounds);
        let tick_font = ("sans-serif", size.fu(20))
            .into_font()
            .color(&RGBColor(60, 60, 60))
            .pos(Pos::new(HPos::Center, VPos::Top));
        for ((_, label), at) in self.x.ticks.iter().zip(placed) {
            for (n, line) in label.lines().enumerate() {
                root.draw(&Text::new(
                    line.to_string(),
                    (at, py + size.px(10) + n as i32 * size.fx(24)),
                    tick_font.clone(),
                ))
                .map_err(err)?;
            }
        }
        Ok(())
    }
}

/// The title and subtitle lines, from the top left.
fn draw_titles<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    header: &Header,
    size: Sizes,
) -> Result<(), String> {
    let margin_left = size.px(MARGIN_LEFT);
    let mut y = size.px(26);
    for line in &header.title {
        root.draw(&Text::new(
            line.clone(),
            (margin_left, y),
            ("sans-serif", header.title_size)
                .into_font()
                .style(FontStyle::Bold)
                .color(&Colour::Black.rgb()),
        ))
        .map_err(err)?;
        y += header.title_size as i32 + size.px(8);
    }
    y += size.px(6);
    for line in &header.subtitle {
        root.draw(&Text::new(
            line.clone(),
            (margin_left, y),
            ("sans-serif", header.subtitle_size)
                .into_font()
                .color(&Colour::Grey.rgb()),
        ))
        .map_err(err)?;
        y += header.subtitle_size as i32 + size.px(8);
    }
    Ok(())
}

/// The footnote lines and the logo, from the bottom; returns the room they take.
fn draw_footer<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    header: &Header,
    style: &Style,
    size: Sizes,
) -> Result<u32, String> {
    let (width, height) = root.dim_in_pixel();
    let margin_left = size.px(MARGIN_LEFT);
    let line_gap = size.fx(24);
    let footnote_top = height as i32 - size.px(38) - (header.footnote.len() as i32 - 1) * line_gap;
    for (n, line) in header.footnote.iter().enumerate() {
        root.draw(&Text::new(
            line.clone(),
            (margin_left, footnote_top + n as i32 * line_gap),
            ("sans-serif", header.footnote_size)
                .into_font()
                .color(&Colour::Grey.rgb()),
        ))
        .map_err(err)?;
    }
    let mut bottom = size.pu(24) + (header.footnote.len() as u32 - 1) * line_gap as u32;
    if let Some(logo) = &style.logo {
        let at = (
            width as i32 - margin_left - logo.width as i32,
            height as i32 - size.px(12) - logo.height as i32,
        );
        if let Some(image) = BitMapElement::<_, plotters::backend::RGBPixel>::with_owned_buffer(
            at,
            (logo.width, logo.height),
            logo.rgb.clone(),
        ) {
            root.draw(&image).map_err(err)?;
        }
        bottom = bottom.max(logo.height + size.pu(12) - size.pu(14));
    }
    Ok(bottom)
}

/// The y axis and its grid: labels formatted for the panel, none above `labelled_top`.
fn draw_mesh<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    panel: &Panel,
    labelled_top: f64,
    size: Sizes,
) -> Result<(), String> {
    let y_format = panel.y_format;
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
        .axis_desc_style(
            ("sans-serif", size.fu(24))
                .into_font()
                .color(&Colour::Black.rgb()),
        )
        .label_style(
            ("sans-serif", size.fu(20))
                .into_font()
                .color(&RGBColor(60, 60, 60)),
        )
        .draw()
        .map_err(err)
}

pub(super) type Chart2d<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// The result of drawing a mark: whether it added a legend entry.
type Drawn<DB> = Result<bool, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A mark's pen: its sizes at the chart's scale (never below a pixel), and the panel's y range
/// to clamp to.
#[derive(Debug, Clone, Copy)]
struct Pen {
    size: Sizes,
    y: (f64, f64),
}

impl Pen {
    fn pu(self, v: u32) -> u32 {
        self.size.pu(v).max(1)
    }
    fn fu(self, v: u32) -> u32 {
        self.size.fu(v).max(1)
    }
    fn clamp(self, y: f64) -> f64 {
        y.clamp(self.y.0, self.y.1)
    }
}

/// Draws one mark; returns whether it added a legend entry.
///
/// Over 80 lines: one match arm per kind of mark, each drawing it or calling the function that
/// does.
pub(super) fn draw_mark<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart2d<'a, DB>,
    mark: &Mark,
    y: (f64, f64),
    look: &Style,
) -> Drawn<DB> {
    let pen = Pen {
        size: Sizes::of(look),
        y,
    };
    match mark {
        Mark::Line {
            label,
            points,
            colour,
            dashed,
        } => draw_line(chart, label, points, look.colour(*colour), *dashed, pen),
        Mark::Band {
            label,
            points,
            colour,
        } => draw_band(chart, label, points, look.colour(*colour), pen),
        Mark::Rects {
            label,
            rects,
            colour,
        } => draw_rects(
            chart,
            label,
            rects,
            (look.colour(*colour).mix(0.28), None),
            pen,
        ),
        Mark::Bars {
            label,
            bars,
            colour,
        } => {
            let edge = ShapeStyle::from(&look.colour(*colour)).stroke_width(pen.pu(2));
            draw_rects(
                chart,
                label,
                bars,
                (look.colour(*colour).mix(0.9), Some(edge)),
                pen,
            )
        }
        Mark::Points {
            label,
            points,
            colour,
            size,
        } => {
            let style = look.colour(*colour).filled();
            let size = pen.pu(*size) as i32;
            let drawn = chart.draw_series(
                points
                    .iter()
                    .map(|&(x, y)| Circle::new((x, pen.clamp(y)), size, style)),
            )?;
            if label.is_empty() || points.is_empty() {
                return Ok(false);
            }
            drawn
                .label(label.clone())
                .legend(move |(x, y)| Circle::new((x + 11, y), size, style));
            Ok(true)
        }
        Mark::Labels { labels } => draw_labels(chart, labels, pen),
        Mark::Notes { notes } => draw_notes(chart, notes, pen),
        Mark::HLine { label, y, colour } => {
            let style = ShapeStyle::from(&look.colour(*colour)).stroke_width(pen.pu(2));
            let range = chart.x_range();
            let line = vec![(range.start, *y), (range.end, *y)];
            let drawn = chart.draw_series(DashedLineSeries::new(line, 14, 10, style))?;
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

/// A line, broken at its gaps, clamped to the panel.
fn draw_line<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart2d<'a, DB>,
    label: &str,
    points: &[(f64, Option<f64>)],
    colour: RGBColor,
    dashed: bool,
    pen: Pen,
) -> Drawn<DB> {
    // Thick polylines spike at sharp corners (miter joins): dense, jagged series are drawn thin.
    let width = if points.len() > 600 {
        pen.pu(1)
    } else {
        pen.pu(3)
    };
    let style = ShapeStyle::from(&colour).stroke_width(width);
    let legend_style = ShapeStyle::from(&colour).stroke_width(pen.pu(3));
    let mut first = true;
    for segment in segments(points) {
        let segment: Vec<(f64, f64)> = segment
            .into_iter()
            .map(|(x, y)| (x, pen.clamp(y)))
            .collect();
        // A thick polyline is drawn as separate two-point strokes: plotters joins polyline
        // corners with miters, which spike past the data at steep turns (an ASA curve "below
        // 0 s", a dip in a monotone service level).
        let drawn = if dashed {
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
            drawn.label(label.to_string()).legend(move |(x, y)| {
                let [a, b] = swatch_strokes(dashed);
                EmptyElement::at((x, y))
                    + PathElement::new(a, legend_style)
                    + PathElement::new(b, legend_style)
            });
        }
        first = false;
    }
    Ok(!label.is_empty())
}

/// A shaded band between a low and a high line, broken at its gaps.
fn draw_band<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart2d<'a, DB>,
    label: &str,
    points: &[(f64, Option<(f64, f64)>)],
    colour: RGBColor,
    pen: Pen,
) -> Drawn<DB> {
    let fill = colour.mix(0.22);
    let mut first = true;
    for segment in band_segments(points) {
        let mut outline: Vec<(f64, f64)> = segment
            .iter()
            .map(|(x, lo, _)| (*x, pen.clamp(*lo)))
            .collect();
        outline.extend(segment.iter().rev().map(|(x, _, hi)| (*x, pen.clamp(*hi))));
        let drawn = chart.draw_series(std::iter::once(Polygon::new(outline, fill.filled())))?;
        if first && !label.is_empty() {
            drawn
                .label(label.to_string())
                .legend(move |(x, y)| Rectangle::new([(x, y - 8), (x + 22, y + 8)], fill.filled()));
        }
        first = false;
    }
    Ok(!label.is_empty())
}

/// Filled rectangles `(x0, x1, y_a, y_b)`, with an edge for bars.
fn draw_rects<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart2d<'a, DB>,
    label: &str,
    rects: &[(f64, f64, f64, f64)],
    (fill, edge): (RGBAColor, Option<ShapeStyle>),
    pen: Pen,
) -> Drawn<DB> {
    let drawn = chart.draw_series(rects.iter().map(|&(x0, x1, ya, yb)| {
        Rectangle::new([(x0, pen.clamp(ya)), (x1, pen.clamp(yb))], fill.filled())
    }))?;
    let labelled = !label.is_empty() && !rects.is_empty();
    if labelled {
        drawn
            .label(label.to_string())
            .legend(move |(x, y)| Rectangle::new([(x, y - 8), (x + 22, y + 8)], fill.filled()));
    }
    if let Some(edge) = edge {
        chart.draw_series(rects.iter().map(|&(x0, x1, ya, yb)| {
            Rectangle::new([(x0, pen.clamp(ya)), (x1, pen.clamp(yb))], edge)
        }))?;
    }
    Ok(labelled)
}

/// Bold labels centred above their points.
fn draw_labels<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart2d<'a, DB>,
    labels: &[(f64, f64, String)],
    pen: Pen,
) -> Drawn<DB> {
    let font = ("sans-serif", pen.fu(20))
        .into_font()
        .style(FontStyle::Bold)
        .color(&RGBColor(30, 30, 30))
        .pos(Pos::new(HPos::Center, VPos::Bottom));
    chart.draw_series(labels.iter().map(|(x, y, text)| {
        EmptyElement::at((*x, pen.clamp(*y)))
            + Text::new(text.clone(), (0, -(pen.pu(8) as i32)), font.clone())
    }))?;
    Ok(false)
}

/// Bold notes beside their points: to the right, or to the left in the chart's right third.
fn draw_notes<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart2d<'a, DB>,
    notes: &[(f64, f64, String)],
    pen: Pen,
) -> Drawn<DB> {
    let x_range = chart.x_range();
    let right_third = x_range.start + (x_range.end - x_range.start) * 2.0 / 3.0;
    for (x, y, text) in notes {
        let left = *x > right_third;
        let font = ("sans-serif", pen.fu(20))
            .into_font()
            .style(FontStyle::Bold)
            .color(&RGBColor(30, 30, 30))
            .pos(Pos::new(
                if left { HPos::Right } else { HPos::Left },
                VPos::Top,
            ));
        let dx = if left {
            -(pen.pu(14) as i32)
        } else {
            pen.pu(14) as i32
        };
        chart.draw_series(std::iter::once(
            EmptyElement::at((*x, pen.clamp(*y)))
                + Text::new(text.clone(), (dx, pen.pu(10) as i32), font),
        ))?;
    }
    Ok(false)
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
