//! Text on bitmap charts, placed glyph by glyph where the font says.
//!
//! plotters 0.3.7 rasterises each glyph of a string at the pen position *without* its left side
//! bearing (it ignores the outline's `px_bounds().min.x`) and truncates the pen to whole pixels,
//! so on PNGs a capital J (negative bearing in DejaVu Sans) stands off from the word before it
//! — "Mon 4  Jan" — and spacing wobbles by a pixel. SVGs are unaffected: the browser sets their
//! text. [`GlyphFix`] wraps a bitmap backend and draws text itself with `ab_glyph`: the pen kept
//! in fractions of a pixel, each glyph at its true bounds, everything else passed through.

use ab_glyph::{Font, FontRef, ScaleFont, point};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle,
};
use std::sync::OnceLock;

/// DejaVu Sans regular and bold, parsed once.
fn fonts() -> &'static (FontRef<'static>, FontRef<'static>) {
    static FONTS: OnceLock<(FontRef<'static>, FontRef<'static>)> = OnceLock::new();
    FONTS.get_or_init(|| {
        // The bytes are DejaVu's own, embedded in the binary: they always parse.
        let parse = |bytes: &'static [u8]| FontRef::try_from_slice(bytes).expect("DejaVu parses");
        (parse(dejavu::sans::regular()), parse(dejavu::sans::bold()))
    })
}

/// A drawing backend that sets text correctly and leaves everything else to `B`.
pub(super) struct GlyphFix<B>(pub(super) B);

impl<B: DrawingBackend> DrawingBackend for GlyphFix<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        self.0.estimate_text_size(text, style)
    }

    /// The anchor and rotation logic of plotters' default `draw_text`, with the glyphs of
    /// [`layout`].
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let ((min_x, min_y), (max_x, max_y)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let transform = style.transform();
        let (w, h) = self.get_size();
        let bold = matches!(style.style(), FontStyle::Bold);
        let mut result = Ok(());
        layout(text, style.size(), bold, |x, y, coverage| {
            if result.is_err() {
                return;
            }
            let (x, y) = transform.transform(x + dx - min_x, y + dy - min_y);
            let (x, y) = (pos.0 + x, pos.1 + y);
            if x >= 0 && x < w as i32 && y >= 0 && y < h as i32 {
                let pixel = BackendColor {
                    alpha: color.alpha * f64::from(coverage),
                    rgb: color.rgb,
                };
                result = self.0.draw_pixel((x, y), pixel);
            }
        });
        result
    }
}

/// Calls `pixel(x, y, coverage)` for every pixel of `text` set at `size` pixels, with the pen
/// starting at x = 0 and the baseline where plotters puts it (half the size down from the top),
/// so text sits exactly where plotters' own layout boxes expect it.
pub(super) fn layout(text: &str, size: f64, bold: bool, mut pixel: impl FnMut(i32, i32, f32)) {
    let (regular, bold_font) = fonts();
    let font = if bold { bold_font } else { regular };
    let scaled = font.as_scaled(size as f32);
    let mut pen = 0f32;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = previous {
            pen += scaled.kern(p, id);
        }
        previous = Some(id);
        let glyph = id.with_scale_and_position(size as f32, point(pen, 0.0));
        if let Some(outline) = font.outline_glyph(glyph) {
            let bounds = outline.px_bounds();
            let top = (size as f32 / 2.0 + bounds.min.y) as i32;
            let left = bounds.min.x as i32;
            outline.draw(|x, y, coverage| pixel(left + x as i32, top + y as i32, coverage));
        }
        pen += scaled.h_advance(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns holding ink, left to right, for text set at 20 px.
    fn ink_columns(text: &str) -> Vec<i32> {
        let mut columns = std::collections::BTreeSet::new();
        layout(text, 20.0, false, |x, _, c| {
            if c > 0.0 {
                columns.insert(x);
            }
        });
        columns.into_iter().collect()
    }

    #[test]
    fn each_glyph_starts_at_the_pen_plus_its_left_side_bearing() {
        // DejaVu's J reaches left of its pen position (a negative bearing), its D starts right
        // of it: drawn where the font says, "4 Jan" and "4 Dec" keep one word space each.
        let (regular, _) = fonts();
        let scaled = regular.as_scaled(20.0);
        for (text, letter) in [("4 Jan", 'J'), ("4 Dec", 'D')] {
            let pen =
                scaled.h_advance(scaled.glyph_id('4')) + scaled.h_advance(scaled.glyph_id(' '));
            let bearing = scaled.h_side_bearing(scaled.glyph_id(letter));
            let expected = (pen + bearing).floor() as i32;
            let columns = ink_columns(text);
            let four_ends = ink_columns("4").into_iter().max().unwrap();
            let letter_starts = columns.into_iter().find(|&x| x > four_ends + 1).unwrap();
            assert!(
                letter_starts == expected,
                "{text}: {letter} starts at {letter_starts} px, the font puts it at {expected} px"
            );
        }
        assert!(scaled.h_side_bearing(scaled.glyph_id('J')) < 0.0);
    }
}
