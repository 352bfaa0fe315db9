//! `report.html` in a real browser: headless Chromium renders it to PDF and to its DOM; the page
//! fetches nothing, shows every chart, logs no console error and prints to a sensible number of
//! A4 pages.
//!
//! Without Chromium the browser half is skipped with a message on stderr — unless
//! `STAFFSIM_REQUIRE_BROWSER=1` (set by `.ci/run` once it has installed Chromium), when a missing
//! browser fails the test.

use crate::common::scratch;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The bid baseline's report (4 weeks, sweep and bid: the longest bundled report).
fn report(dir: &Path) -> PathBuf {
    let out = dir.join("report");
    crate::common::run_report(&crate::common::bpo_bid_quick_in(dir), &out, 4);
    out
}

/// The chart stems `run` wrote (each has a PNG and an SVG in `charts/`).
fn chart_stems(report: &Path) -> Vec<String> {
    let mut stems: Vec<String> = std::fs::read_dir(report.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    stems.sort();
    stems
}

#[test]
fn the_html_report_is_self_contained_and_holds_every_chart_inline() {
    let dir = scratch("html-static");
    let report = report(&dir);
    let page = std::fs::read_to_string(report.join("report.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    let lower = page.to_ascii_lowercase();
    for forbidden in [
        "<script",
        "<link",
        "<img",
        "<iframe",
        "@import",
        "url(",
        "src=\"http",
        "href=\"http",
    ] {
        assert!(
            !lower.contains(forbidden),
            "the page must not fetch anything: found {forbidden}"
        );
    }
    let stems = chart_stems(&report);
    assert!(stems.len() >= 9, "{stems:?}");
    for stem in &stems {
        let figure = format!("<figure class=\"chart\" id=\"chart-{stem}\"><svg");
        assert!(page.contains(&figure), "chart {stem} is not inline");
    }
    for section in [
        "The question",
        "Assumptions",
        "Results",
        "Staffing options",
        "The bid",
    ] {
        assert!(page.contains(section), "section {section} missing");
    }
}

fn chromium() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("CHROMIUM").map(PathBuf::from),
        Some(PathBuf::from("/usr/bin/chromium")),
        Some(PathBuf::from("/usr/bin/chromium-browser")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_file())
}

/// Headless Chromium on `page` with the flags a closed network needs, plus `extra`.
fn headless(browser: &Path, profile: &Path, page: &Path, extra: &[String]) -> std::process::Output {
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap()
}

#[test]
fn the_html_report_renders_in_headless_chromium_to_a_few_a4_pages() {
    let Some(browser) = chromium() else {
        crate::common::skip_without_browser(
            "the_html_report_renders_in_headless_chromium_to_a_few_a4_pages",
            "no Chromium found (install Debian's chromium, or set CHROMIUM)",
        );
        return;
    };
    let dir = scratch("html-browser");
    let report = report(&dir);
    let page = report.join("report.html");

    let pdf = dir.join("report.pdf");
    let printed = headless(
        &browser,
        &dir.join("profile-pdf"),
        &page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
    );
    let log = String::from_utf8_lossy(&printed.stderr).into_owned();
    assert!(pdf.is_file(), "no PDF: {log}");
    let bytes = std::fs::read(&pdf).unwrap();
    let pages = bytes
        .windows(11)
        .filter(|w| w.starts_with(b"/Type /Page") && w[10] != b's')
        .count();
    assert!((5..=20).contains(&pages), "{pages} pages");

    let dom = headless(
        &browser,
        &dir.join("profile-dom"),
        &page,
        &["--dump-dom".into()],
    );
    let rendered = String::from_utf8_lossy(&dom.stdout);
    for stem in chart_stems(&report) {
        assert!(
            rendered.contains(&format!("id=\"chart-{stem}\"")),
            "chart {stem} missing from the rendered page"
        );
    }
    assert!(rendered.matches("<svg").count() >= chart_stems(&report).len());
    for log in [log, String::from_utf8_lossy(&dom.stderr).into_owned()] {
        let errors: Vec<&str> = log
            .lines()
            .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
            .collect();
        assert!(errors.is_empty(), "console errors: {errors:?}");
    }
}
