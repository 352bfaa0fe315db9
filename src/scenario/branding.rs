//! `[report]`: how the report is titled and branded — a title, the client it is for, one accent
//! colour, a footer logo and the chart size — so a proposal team gets on-brand charts without an
//! image editor.

use super::check::Fields;
use super::schema::RawReport;
use crate::error::{Error, Result};
use crate::report::{Logo, Style};
use std::path::Path;

/// The chart sizes offered: slides, full HD, and retina slides.
const SIZES: [(&str, (u32, u32)); 3] = [
    ("1600x900", (1600, 900)),
    ("1920x1080", (1920, 1080)),
    ("3200x1800", (3200, 1800)),
];

/// The largest logo, in pixels at 1600×900 (scaled with the chart).
const LOGO_BOX: (u32, u32) = (240, 56);

/// The report's title, client and chart style.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Branding {
    /// Replaces "NAME — staffing report" at the top of the report.
    pub title: Option<String>,
    /// "Prepared for CLIENT" under the title and in every chart's footnote.
    pub client: Option<String>,
    /// Size, accent colour and logo of every chart.
    pub style: Style,
}

/// Builds `[report]`; the logo is read relative to `base`.
pub(super) fn from_raw(raw: &RawReport, base: &Path, fields: Fields) -> Result<Branding> {
    for (name, text) in [("title", &raw.title), ("client", &raw.client)] {
        if let Some(text) = text
            && (text.chars().count() > 200 || text.chars().any(char::is_control))
        {
            return Err(fields.invalid(
                &format!("[report] {name}"),
                format!("{} characters", text.chars().count()),
                "one line of at most 200 characters",
            ));
        }
    }
    let size = match &raw.size {
        None => None,
        Some(text) => Some(
            SIZES
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(text.trim()))
                .map(|(_, size)| *size)
                .ok_or_else(|| {
                    fields.invalid(
                        "[report] size",
                        text,
                        "\"1600x900\", \"1920x1080\" or \"3200x1800\"",
                    )
                })?,
        ),
    };
    let accent = raw
        .brand_color
        .as_deref()
        .map(|text| {
            parse_colour(text).ok_or_else(|| {
                fields.invalid(
                    "[report] brand_color",
                    text,
                    "a colour written #RRGGBB, e.g. \"#7A1F5C\"",
                )
            })
        })
        .transpose()?;
    let scale = f64::from(size.unwrap_or((1600, 900)).0) / 1600.0;
    let logo = raw
        .logo
        .as_ref()
        .map(|path| read_logo(&base.join(path), scale, fields))
        .transpose()?;
    Ok(Branding {
        title: raw.title.clone(),
        client: raw.client.clone(),
        style: Style {
            size,
            accent,
            logo,
            page: false,
        },
    })
}

/// `#RRGGBB` (or `RRGGBB`).
fn parse_colour(text: &str) -> Option<[u8; 3]> {
    let hex = text.trim().strip_prefix('#').unwrap_or(text.trim());
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// Reads a PNG logo, flattens any transparency onto white, and shrinks it (nearest pixel) to fit
/// the footer's logo box at `scale`.
fn read_logo(path: &Path, scale: f64, fields: Fields) -> Result<Logo> {
    let bad = |why: String| {
        Error::input(
            fields.at("[report] logo"),
            format!("{}: {why}", path.display()),
        )
    };
    let bytes = crate::input::read_binary(path).map_err(|e| {
        let cause = std::error::Error::source(&e).map_or_else(String::new, |c| c.to_string());
        bad(format!("cannot read it ({cause})"))
    })?;
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder
        .read_info()
        .map_err(|e| bad(format!("not a PNG image ({e})")))?;
    let (width, height) = (reader.info().width, reader.info().height);
    if width == 0 || height == 0 || u64::from(width) * u64::from(height) > 50_000_000 {
        return Err(bad(format!("{width}×{height} pixels is not a logo")));
    }
    let mut buffer = vec![0; reader.output_buffer_size()];
    let frame = reader
        .next_frame(&mut buffer)
        .map_err(|e| bad(format!("cannot decode it ({e})")))?;
    let channels = frame.color_type.samples();
    let rgb_at = |x: u32, y: u32| -> [u8; 3] {
        let i = (y as usize * frame.line_size) + x as usize * channels;
        let px = &buffer[i..i + channels];
        let (rgb, alpha) = match channels {
            1 => ([px[0]; 3], 255),
            2 => ([px[0]; 3], px[1]),
            3 => ([px[0], px[1], px[2]], 255),
            _ => ([px[0], px[1], px[2]], px[3]),
        };
        let a = f64::from(alpha) / 255.0;
        rgb.map(|c| (f64::from(c) * a + 255.0 * (1.0 - a)).round() as u8)
    };
    let box_w = (f64::from(LOGO_BOX.0) * scale).round();
    let box_h = (f64::from(LOGO_BOX.1) * scale).round();
    let shrink = (box_w / f64::from(width))
        .min(box_h / f64::from(height))
        .min(1.0);
    let (w, h) = (
        ((f64::from(width) * shrink).round() as u32).max(1),
        ((f64::from(height) * shrink).round() as u32).max(1),
    );
    let mut rgb = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let sx = ((f64::from(x) + 0.5) / shrink)
                .floor()
                .min(f64::from(width - 1)) as u32;
            let sy = ((f64::from(y) + 0.5) / shrink)
                .floor()
                .min(f64::from(height - 1)) as u32;
            rgb.extend(rgb_at(sx, sy));
        }
    }
    Ok(Logo {
        width: w,
        height: h,
        rgb,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: Fields = Fields { file: "s.toml" };

    fn build(toml: &str) -> std::result::Result<Branding, String> {
        from_raw(&toml::from_str(toml).unwrap(), Path::new("."), FIELDS).map_err(|e| e.to_string())
    }

    #[test]
    fn colours_and_sizes_are_read_or_refused_with_what_is_allowed() {
        let b =
            build("brand_color = \"#7A1F5C\"\nsize = \"1920x1080\"\nclient = \"Acme\"").unwrap();
        assert_eq!(b.style.accent, Some([0x7A, 0x1F, 0x5C]));
        assert_eq!(b.style.size, Some((1920, 1080)));
        assert_eq!(b.client.as_deref(), Some("Acme"));
        assert!(
            build("brand_color = \"purple\"")
                .unwrap_err()
                .contains("#RRGGBB")
        );
        assert!(
            build("size = \"800x600\"")
                .unwrap_err()
                .contains("\"1600x900\"")
        );
        assert!(
            build("logo = \"missing.png\"")
                .unwrap_err()
                .contains("[report] logo")
        );
        assert_eq!(build("").unwrap(), Branding::default());
    }
}
