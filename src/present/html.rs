//! `report.html`: the report as one self-contained page — the same text and tables as
//! `summary.md`, every chart inline as SVG, inline CSS, no script and no external request — that
//! reads on screen and prints to A4 or Letter from any browser.
//!
//! The page is the summary's Markdown rendered by pulldown-cmark, with each chart image replaced
//! by the chart's own SVG, so the page and `summary.md` can never say different things.

use crate::report::{Chart, Style};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

/// The page's style: readable on screen, and A4/Letter print with charts kept whole.
const STYLE: &str = r#"
:root { --ink: #1b1b1b; --muted: #5a5a5a; --rule: #d8d8d8; --accent: #0072b2; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: var(--ink);
       max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.9rem; margin: 0 0 .6rem; border-bottom: 3px solid var(--accent); padding-bottom: .4rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .6rem; color: var(--accent); }
h3 { font-size: 1.08rem; margin: 1.4rem 0 .3rem; }
blockquote { margin: 0 0 1rem; color: var(--muted); font-style: italic; border: 0; padding: 0; }
table { border-collapse: collapse; margin: .6rem 0 1.2rem; width: 100%; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .32rem .55rem; text-align: left; vertical-align: top; }
th { background: #f3f6f9; font-weight: 600; }
td:not(:first-child) { font-variant-numeric: tabular-nums; }
code { font-size: .9em; background: #f3f3f3; padding: 0 .2em; border-radius: 3px; }
figure.chart { margin: .4rem 0 1.6rem; }
figure.chart svg { width: 100%; height: auto; display: block; border: 1px solid var(--rule); }
hr { border: 0; border-top: 1px solid var(--rule); margin: 2rem 0 1rem; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  figure.chart, table { break-inside: avoid; }
  figure.chart svg { border: 0; }
}
"#;

/// The page for `title`, from the summary's Markdown and the charts it shows (by file stem).
///
/// An image whose target is `charts/STEM.png` becomes a figure holding that chart's SVG; any
/// other image is dropped rather than fetched.
pub(crate) fn render(
    title: &str,
    markdown: &str,
    charts: &[(String, Chart)],
    style: &Style,
) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    let mut events = Vec::new();
    let mut skipping_image = false;
    // The page prints each chart's title and subtitle: the drawing leaves them out.
    let page_style = Style {
        page: true,
        ..style.clone()
    };
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                skipping_image = true;
                let stem = dest_url
                    .strip_prefix("charts/")
                    .and_then(|f| f.strip_suffix(".png"))
                    .unwrap_or("");
                if let Some((_, chart)) = charts.iter().find(|(s, _)| s == stem)
                    && let Ok(svg) = chart.svg_styled(&page_style)
                {
                    events.push(Event::Html(
                        format!(
                            "<figure class=\"chart\" id=\"chart-{stem}\">{}</figure>",
                            strip_xml_declaration(&svg)
                        )
                        .into(),
                    ));
                }
            }
            Event::End(TagEnd::Image) => skipping_image = false,
            _ if skipping_image => {}
            other => events.push(other),
        }
    }
    let mut body = String::new();
    html::push_html(&mut body, events.into_iter());
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"staffsim {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        escape(title)
    )
}

/// An SVG document without its `<?xml …?>` line, for embedding in HTML.
fn strip_xml_declaration(svg: &str) -> &str {
    match svg.strip_prefix("<?xml") {
        Some(rest) => rest
            .split_once("?>")
            .map_or(svg, |(_, body)| body.trim_start()),
        None => svg,
    }
}

/// Text escaped for HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Colour, Mark, Panel, XAxis, YFormat};

    fn chart() -> Chart {
        Chart {
            title: "Service level".into(),
            subtitle: "s".into(),
            footnote: "f".into(),
            x: XAxis {
                title: "x".into(),
                range: (0.0, 1.0),
                ticks: vec![],
                separators: vec![],
            },
            panels: vec![Panel {
                y_title: "y".into(),
                y_range: (0.0, 1.0),
                y_format: YFormat::Percent,
                marks: vec![Mark::HLine {
                    label: "Target".into(),
                    y: 0.8,
                    colour: Colour::Black,
                }],
            }],
        }
    }

    #[test]
    fn charts_are_inlined_as_svg_and_nothing_is_fetched() {
        let markdown = "# Report <x>\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n![SL](charts/service-level.png)\n\n![elsewhere](https://example.com/x.png)\n";
        let page = render(
            "Report <x>",
            markdown,
            &[("service-level".into(), chart())],
            &Style::default(),
        );
        assert!(page.contains("<title>Report &lt;x&gt;</title>"));
        assert!(page.contains("<table>") && page.contains("<td>2</td>"));
        assert!(page.contains("<figure class=\"chart\" id=\"chart-service-level\"><svg"));
        assert!(!page.contains("<img"), "no image is fetched");
        assert!(!page.contains("https://"), "no external reference");
        assert!(!page.contains("<?xml"), "SVG declarations are stripped");
    }

    /// The `font-size` values of an SVG's text.
    fn font_sizes(svg: &str) -> Vec<f64> {
        svg.split("font-size=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next()?.parse().ok())
            .collect()
    }

    #[test]
    fn the_page_draws_each_chart_without_repeating_its_title_and_with_text_that_reads() {
        let markdown = "### Service level\n\nsubtitle\n\n![SL](charts/service-level.png)\n";
        let mut titled = chart();
        titled.title = "Service level by interval".into();
        titled.subtitle = "Share answered within 20 s".into();
        let page = render(
            "R",
            markdown,
            &[("service-level".into(), titled.clone())],
            &Style::default(),
        );
        let svg = &page[page.find("<svg").unwrap()..page.find("</svg>").unwrap()];
        assert!(
            !svg.contains("Service level by interval"),
            "the page's heading is the title"
        );
        assert!(
            !svg.contains("Share answered within 20 s"),
            "and its paragraph the subtitle"
        );
        // Shown about 900 px wide, a 1600-px drawing's text is scaled by 900/1600: to read at
        // 12 px or more it is drawn at 12 × 1600/900 ≈ 21.3 px or more.
        let sizes = font_sizes(svg);
        assert!(!sizes.is_empty());
        let smallest = sizes.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(
            smallest * 900.0 / 1600.0 >= 12.0,
            "smallest text {smallest} px"
        );
        // The image files keep the title in the drawing, at the house size.
        let file = titled.svg().unwrap();
        assert!(file.contains("Service level by interval"));
        let smallest = font_sizes(&file).into_iter().fold(f64::INFINITY, f64::min);
        assert!(
            smallest < 21.3,
            "the files' text is the house size, got {smallest}"
        );
    }
}
