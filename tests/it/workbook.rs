//! workbook.xlsx read back: the cost and price cells are formulas that, recomputed from the
//! cells they reference, give the figures of summary.json; the Assumptions sheet lists every
//! input.

use crate::common::xlsx::{Sheet, sheet};
use crate::common::{repo, scratch};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;

fn run(scenario: &str, test: &str) -> (PathBuf, Value) {
    let dir = scratch(test);
    let out = dir.join("report");
    // The bid's risk run capped: these tests read its cells, not its precision.
    let path = if scenario.ends_with("bpo-bid-baseline.toml") {
        crate::common::bpo_bid_quick_in(&dir)
    } else {
        repo(scenario)
    };
    crate::common::run_report(&path, &out, 8);
    let summary =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    (out.join("workbook.xlsx"), summary)
}

/// The bundled bid scenario's report, run once for the tests that read it.
fn bid_report() -> &'static (PathBuf, Value) {
    static REPORT: std::sync::OnceLock<(PathBuf, Value)> = std::sync::OnceLock::new();
    REPORT.get_or_init(|| run("scenarios/bpo-bid-baseline.toml", "bid"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// The value column of the row labelled `label` in column A, recomputed.
fn labelled(sheet: &Sheet, label: &str, column: &str) -> (String, f64) {
    let row = sheet
        .row_of("A", label)
        .unwrap_or_else(|| panic!("no row {label}"));
    let reference = format!("{column}{row}");
    (reference.clone(), sheet.evaluate(&reference))
}

#[test]
fn the_bid_sheets_revenue_and_prices_are_formulas_that_recompute_to_the_bid_in_summary_json() {
    let (workbook, summary) = bid_report();
    let bid = &summary["bid"];
    let sheet = sheet(workbook, "Bid");
    for (label, key, formula) in [
        ("Total cost", "total_cost", true),
        ("Revenue", "revenue", true),
        ("Price per FTE-month", "price_per_fte_month", true),
        ("Price per handled contact", "price_per_contact", true),
        ("Price per handled minute", "price_per_minute", true),
        ("Hybrid: base per month", "hybrid_base_per_month", true),
        ("Hybrid: per handled contact", "hybrid_per_contact", true),
        ("Transition cost", "transition_cost", false),
        ("Margin (input)", "margin", false),
        ("Expected SLA credits", "expected_sla_credits", true),
        (
            "Margin after expected credits",
            "margin_after_expected_credits",
            true,
        ),
        ("Cost per handled contact", "cost_per_handled_contact", true),
    ] {
        let (reference, value) = labelled(&sheet, label, "C");
        let expected = bid[key].as_f64().unwrap();
        assert!(
            close(value, expected),
            "{label} ({reference}): {value} ≠ {expected}"
        );
        assert_eq!(
            sheet.formula(&reference).is_some(),
            formula,
            "{label} is {}",
            if formula { "a formula" } else { "an input" }
        );
    }
    // Every month's fee is its handled contacts at the price per contact, and the fees add up
    // to the revenue.
    let months = bid["months"].as_array().unwrap();
    for (k, month) in months.iter().enumerate() {
        let fee = sheet.evaluate(&format!("M{}", k + 2));
        assert!(
            close(fee, month["fee"].as_f64().unwrap()),
            "month {k}: {fee}"
        );
    }
    let (_, fees) = labelled(&sheet, "Total", "M");
    assert!(
        close(fees, bid["revenue"].as_f64().unwrap()),
        "Σ fees {fees}"
    );
}

#[test]
fn a_gain_share_bids_revenue_formula_prices_in_the_expected_bonus() {
    // The bundled bid with a service-level gain-share: its revenue, bonus and expected margin
    // recompute from the sheet's own cells.
    let dir = scratch("gain-share-workbook");
    let text = crate::common::bpo_bid_quick()
        + "\n[[bid.gain_share]]\nkpi = \"service_level\"\ntarget = 0.85\nper_point = 0.003\ncap = 0.02\n";
    let scenario = dir.join("gain-share.toml");
    std::fs::write(&scenario, text).unwrap();
    let out = dir.join("report");
    crate::common::run_report(&scenario, &out, 8);
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let bid = &summary["bid"];
    assert!(bid["expected_gain_share"].as_f64().unwrap() > 0.0, "{bid}");
    let sheet = sheet(&out.join("workbook.xlsx"), "Bid");
    for (label, key) in [
        ("Revenue", "revenue"),
        ("Expected gain-share", "expected_gain_share"),
        (
            "Margin after expected credits and gain-share",
            "expected_margin",
        ),
        ("Price per handled contact", "price_per_contact"),
    ] {
        let (reference, value) = labelled(&sheet, label, "C");
        assert!(sheet.formula(&reference).is_some(), "{label} is a formula");
        let expected = bid[key].as_f64().unwrap();
        assert!(close(value, expected), "{label}: {value} ≠ {expected}");
    }
}

#[test]
fn the_summary_sheets_costs_recompute_from_paid_hours_and_the_hourly_rate() {
    let (workbook, summary) = run("scenarios/holiday-peak.toml", "summary");
    let assumptions = sheet(&workbook, "Assumptions");
    let row = assumptions
        .row_of("A", "Schedule")
        .expect("the holiday week's [schedule] is among the assumptions");
    assert!(
        (row..row + 8).any(|r| assumptions
            .text(&format!("B{r}"))
            .is_some_and(|t| t.starts_with("Template holiday"))),
        "its templates are listed"
    );
    let plan = &summary["plan"];
    let sheet = sheet(&workbook, "Summary");
    for (label, key) in [
        ("Labour cost", "labour_cost"),
        ("Total cost (with overheads)", "total_cost"),
        ("Labour cost per contact answered", "cost_per_contact"),
    ] {
        let (reference, value) = labelled(&sheet, label, "B");
        assert!(sheet.formula(&reference).is_some(), "{label} is a formula");
        let expected = plan[key].as_f64().unwrap();
        assert!(close(value, expected), "{label}: {value} ≠ {expected}");
    }
}

/// The Assumptions sheet as (section, input) → value.
fn assumption_rows(workbook: &std::path::Path) -> HashMap<(String, String), String> {
    let sheet = sheet(workbook, "Assumptions");
    let mut section = String::new();
    let mut found = HashMap::new();
    for r in 2..400 {
        let text = |c: &str| sheet.text(&format!("{c}{r}")).unwrap_or("").to_string();
        if !text("A").is_empty() {
            section = text("A");
        }
        if !text("B").is_empty() {
            found.insert((section.clone(), text("B")), text("C"));
        }
    }
    found
}

#[test]
fn the_assumptions_sheet_lists_every_section_of_the_scenario_including_the_bid() {
    let (workbook, _) = bid_report();
    let found = assumption_rows(workbook);
    let value = |section: &str, input: &str| {
        found
            .get(&(section.to_string(), input.to_string()))
            .unwrap_or_else(|| panic!("no {section} / {input} in {found:?}"))
            .as_str()
    };
    for section in [
        "Horizon",
        "Handling",
        "Target",
        "Shrinkage",
        "Staffing",
        "Cost",
        "Simulation",
        "Sweep",
        "Bid",
        "Report",
    ] {
        assert!(
            found.keys().any(|(s, _)| s == section),
            "no {section} section"
        );
    }
    assert_eq!(value("Bid", "Term"), "6 months");
    assert_eq!(value("Bid", "Margin"), "15 %");
    assert_eq!(value("Bid", "Class size"), "8 to 20");
    assert!(
        found
            .keys()
            .any(|(s, i)| s == "Bid" && i.starts_with("SLA "))
    );
    assert!(
        found
            .keys()
            .any(|(s, i)| s == "Bid" && i.starts_with("Holiday "))
    );
    assert!(
        found
            .keys()
            .any(|(s, i)| s == "Bid" && i.starts_with("Site "))
    );
    assert_eq!(value("Simulation", "Replications"), "8");
    assert!(value("Handling", "Patience").contains("mean"));
}

#[test]
fn the_schedule_sheet_holds_excel_dates_and_times_not_text() {
    let (workbook, _) = run("scenarios/holiday-peak.toml", "schedule-dates");
    let schedule = sheet(&workbook, "Schedule");
    // Excel counts days from 1899-12-30; the holiday week runs 21 to 27 December 2026.
    let epoch: jiff::civil::Date = "1899-12-30".parse().unwrap();
    let serial = |d: &str| (d.parse::<jiff::civil::Date>().unwrap() - epoch).get_days() as f64;
    let date = schedule.evaluate("A2");
    assert!(
        (serial("2026-12-21")..=serial("2026-12-27")).contains(&date) && date.fract() == 0.0,
        "A2 = {:?}",
        schedule.text("A2")
    );
    // Starts and ends are fractions of a day on the 15-minute grid, the end after the start
    // or past midnight.
    for cell in ["C2", "D2"] {
        let t = schedule.evaluate(cell);
        assert!(
            (0.0..1.0).contains(&t),
            "{cell} = {:?}",
            schedule.text(cell)
        );
        let quarters = t * 96.0;
        assert!((quarters - quarters.round()).abs() < 1e-6, "{cell} = {t}");
    }
}

#[test]
fn summary_md_states_each_assumption_in_the_workbooks_words() {
    let (workbook, _) = run("scenarios/holiday-peak.toml", "assumption-words");
    let sheet = assumption_rows(&workbook);
    let md = std::fs::read_to_string(workbook.with_file_name("summary.md")).unwrap();
    let table = md
        .split("## Assumptions")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").nth(1))
        .expect("summary.md has an Assumptions table");
    let mut section = String::new();
    let mut rows = 0;
    for line in table.lines().skip(2) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        let [s, input, value] = cells[..] else {
            panic!("not a three-cell row: {line}")
        };
        if !s.is_empty() {
            section = s.to_string();
        }
        let key = (section.clone(), input.to_string());
        assert_eq!(
            sheet.get(&key).map(String::as_str),
            Some(value),
            "{key:?} reads differently in the workbook"
        );
        rows += 1;
    }
    for (section, input) in [
        ("Horizon", "Dates"),
        ("Target", "Service"),
        ("Shrinkage", "Total"),
        ("Special days", "Boxing Day"),
        ("Staffing", "Shift early"),
        ("Cost", "Hourly cost (paid hour)"),
    ] {
        assert!(
            table.contains(&format!("| {input} |")),
            "summary.md lacks {section} / {input}"
        );
    }
    assert!(
        rows >= 20 && rows < sheet.len(),
        "{rows} of {} rows",
        sheet.len()
    );
}
