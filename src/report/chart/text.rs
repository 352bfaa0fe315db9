//! Text on a chart: the house sizes, measuring and wrapping, the embedded fonts, and the
//! header (title, subtitle, footnote) laid out for a canvas.

use super::model::*;

/// Left (and right) margin of the header and footnote text, in pixels.
pub(super) const MARGIN_LEFT: i32 = 48;
/// Title size in pixels, before shrinking to fit.
pub(super) const TITLE_SIZE: u32 = 44;
/// Subtitle size in pixels.
pub(super) const SUBTITLE_SIZE: u32 = 26;
/// Footnote size in pixels.
pub(super) const FOOTNOTE_SIZE: u32 = 19;

/// The header and footnote of a chart, laid out.
pub(super) struct Header {
    pub(super) title_size: u32,
    pub(super) subtitle_size: u32,
    pub(super) footnote_size: u32,
    pub(super) title: Vec<String>,
    pub(super) subtitle: Vec<String>,
    pub(super) footnote: Vec<String>,
    /// Pixels from the top to where the panels start.
    pub(super) height: u32,
}

/// The width of `text` in pixels at `size`, as drawn.
pub(super) fn text_width(text: &str, size: u32, bold: bool) -> u32 {
    let font = ("sans-serif", size).into_font();
    let font = if bold {
        font.style(FontStyle::Bold)
    } else {
        font
    };
    font.box_size(text).map_or(0, |(w, _)| w)
}

/// `text` broken at spaces into lines at most `room` pixels wide (a single longer word stays
/// whole, for [`Chart::overflowing_text`] to report).
pub(super) fn wrap(text: &str, size: u32, bold: bool, room: u32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, size, bold) > room {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

pub(super) static FONTS: Once = Once::new();

pub(super) fn register_fonts() {
    FONTS.call_once(|| {
        // The bytes are DejaVu's own: registration cannot fail for them.
        let _ = register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular());
        let _ = register_font("sans-serif", FontStyle::Bold, dejavu::sans::bold());
    });
}

impl Chart {
    /// The title, subtitle and footnote laid out for a canvas `width` pixels wide: a title too
    /// long for one line is set smaller (down to 32 px), then wrapped; the subtitle and footnote
    /// wrap at words. Nothing is clipped; [`Chart::overflowing_text`] reports what still would be.
    pub(super) fn header(&self, width: u32, footer_room: u32, style: &Style) -> Header {
        register_fonts();
        let k = f64::from(width) / f64::from(CHART_SIZE.0);
        let px = |v: u32| (f64::from(v) * k).round() as u32;
        let fu = |v: u32| (f64::from(v) * k * style.text()).round() as u32;
        let room = width.saturating_sub(2 * px(MARGIN_LEFT as u32));
        let (subtitle_size, footnote_size) = (fu(SUBTITLE_SIZE), fu(FOOTNOTE_SIZE));
        let mut title_size = fu(TITLE_SIZE);
        while title_size > fu(32) && text_width(&self.title, title_size, true) > room {
            title_size -= 2;
        }
        // On the page the title and subtitle are the page's own heading and paragraph.
        let (title, subtitle) = if style.page {
            (Vec::new(), Vec::new())
        } else {
            (
                wrap(&self.title, title_size, true, room),
                wrap(&self.subtitle, subtitle_size, false, room),
            )
        };
        let footnote = wrap(
            &self.footnote,
            footnote_size,
            false,
            room.saturating_sub(footer_room),
        );
        let height = px(26)
            + title.len() as u32 * (title_size + px(8))
            + px(6)
            + subtitle.len() as u32 * (subtitle_size + px(8))
            + px(8);
        Header {
            title_size,
            subtitle_size,
            footnote_size,
            title,
            subtitle,
            footnote,
            height: if style.page {
                px(24)
            } else {
                height.max(px(124))
            },
        }
    }

    /// Lines of the title, subtitle or footnote that would run past the canvas even after
    /// wrapping (a single word wider than the chart): empty for a chart fit to show.
    pub fn overflowing_text(&self) -> Vec<String> {
        let (width, _) = CHART_SIZE;
        let room = width - 2 * MARGIN_LEFT as u32;
        let header = self.header(width, 0, &Style::default());
        let mut out = Vec::new();
        for (lines, size, bold) in [
            (&header.title, header.title_size, true),
            (&header.subtitle, SUBTITLE_SIZE, false),
            (&header.footnote, FOOTNOTE_SIZE, false),
        ] {
            out.extend(
                lines
                    .iter()
                    .filter(|l| text_width(l, size, bold) > room)
                    .cloned(),
            );
        }
        out
    }
}
