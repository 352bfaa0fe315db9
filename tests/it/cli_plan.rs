//! `staffsim plan` from the command line: outputs, and every kind of bad input.

#[allow(unused_imports)]
use crate::common::Edited;
use crate::common::{scratch, staffsim};

use serde_json::Value;
use std::path::{Path, PathBuf};

const GOOD_CSV: &str =
    "start,volume\n2027-02-01T09:00,40\n2027-02-01T09:30,100\n2027-02-01T10:00,250\n";

const GOOD_TOML: &str = r#"name = "small"
[centre]
interval = "30m"
[forecast]
csv = "small.csv"
[handle_time]
aht = "180s"
[target]
service_level = 0.8
within = "20s"
[shrinkage]
breaks = 0.1
absenteeism = 0.15
[cost]
currency = "GBP"
hourly_cost = 20.0
"#;

/// Writes the scenario and CSV into a fresh folder and returns the scenario's path.
fn setup(test: &str, toml: &str, csv: &str) -> PathBuf {
    let dir = scratch(test);
    std::fs::write(dir.join("small.csv"), csv).unwrap();
    let path = dir.join("small.toml");
    std::fs::write(&path, toml).unwrap();
    path
}

/// Exit 2, one line on stderr, mentioning every `needle`.
fn rejects(scenario: &Path, needles: &[&str]) {
    let csv_out = scenario.with_file_name("out.csv");
    let output = staffsim()
        .arg("plan")
        .arg(scenario)
        .arg("--csv")
        .arg(&csv_out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "expected exit 2, stderr: {stderr}"
    );
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "one line expected:\n{stderr}"
    );
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "stderr should mention {needle:?}: {stderr}"
        );
    }
    assert!(
        !csv_out.exists(),
        "a failed run must not leave a CSV behind"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn plan_json_reports_the_contract_totals() {
    let path = setup("json", GOOD_TOML, GOOD_CSV);
    let output = staffsim()
        .arg("plan")
        .arg(&path)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    for field in [
        "intervals",
        "offered",
        "required_agent_hours",
        "scheduled_agent_hours",
        "labour_cost",
        "cost_per_contact",
        "service_level",
        "peak_required_agents",
        "currency",
    ] {
        assert!(
            json.get(field).is_some_and(|v| !v.is_null()),
            "{field} missing in {json}"
        );
    }
    assert_eq!(json["intervals"], 3);
    assert_eq!(json["offered"], 390.0);
    assert_eq!(json["currency"], "GBP");
    let paid = json["scheduled_agent_hours"].as_f64().unwrap();
    assert!((json["required_agent_hours"].as_f64().unwrap() / 0.75 - paid).abs() < 1e-9);
    assert!((json["labour_cost"].as_f64().unwrap() - paid * 20.0).abs() < 1e-6);
}

#[test]
fn plan_csv_has_one_row_per_open_interval_with_the_contract_columns() {
    let path = setup("csv", GOOD_TOML, GOOD_CSV);
    let out = path.with_file_name("plan.csv");
    staffsim()
        .arg("plan")
        .arg(&path)
        .arg("--csv")
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    for column in [
        "start",
        "volume",
        "aht_seconds",
        "required_agents",
        "scheduled_agents",
        "service_level",
        "asa_seconds",
        "occupancy",
        "p_wait",
        "abandon_rate",
    ] {
        assert!(
            header.contains(&column),
            "missing column {column}: {header:?}"
        );
    }
    assert_eq!(text.lines().count(), 4);
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with("2027-02-01T09:00,40")
    );
}

#[test]
fn plan_prints_a_daily_table_and_the_peak() {
    let path = setup("human", GOOD_TOML, GOOD_CSV);
    let output = staffsim().arg("plan").arg(&path).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.lines().any(|l| l.starts_with("2027-02-01")),
        "{stdout}"
    );
    assert!(stdout.lines().any(|l| l.starts_with("total")), "{stdout}");
    // The peak is the 10:00 interval: 250 contacts × 180 s over 30 minutes is 25 erlangs, and
    // Erlang C by hand (C(n, A) e^{−(n−A)·20/180} ≤ 0.2) first holds 80/20 at 30 agents.
    let peak = stdout
        .lines()
        .find(|l| l.starts_with("peak"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        peak.contains("2027-02-01T10:00") && peak.contains("needs 30 agents"),
        "{peak}"
    );
}

#[test]
fn the_bundled_scenarios_plan() {
    for name in [
        "holiday-peak",
        "bpo-bid-baseline",
        "chat-holiday",
        "email-week",
        "outbound-renewals",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{name}.toml"));
        let output = staffsim()
            .arg("plan")
            .arg(&path)
            .arg("--json")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["scenario"], name);
        assert!(json["labour_cost"].as_f64().unwrap() > 0.0);
    }
}

#[test]
fn a_missing_scenario_file_is_named() {
    let dir = scratch("missing");
    rejects(&dir.join("nope.toml"), &["nope.toml"]);
}

#[test]
fn a_missing_forecast_csv_is_named() {
    let path = setup(
        "missing-csv",
        &GOOD_TOML.edited("small.csv", "absent.csv"),
        GOOD_CSV,
    );
    rejects(&path, &["absent.csv"]);
}

#[test]
fn an_unknown_field_is_named_with_its_line() {
    let path = setup(
        "typo",
        &GOOD_TOML.edited("service_level = 0.8", "service_levle = 0.8"),
        GOOD_CSV,
    );
    rejects(&path, &["small.toml:9:1", "service_levle"]);
}

#[test]
fn a_wrong_type_is_named_with_its_line() {
    let path = setup(
        "type",
        &GOOD_TOML.edited("hourly_cost = 20.0", "hourly_cost = \"twenty\""),
        GOOD_CSV,
    );
    rejects(&path, &["small.toml:16:15", "twenty"]);
}

#[test]
fn a_toml_syntax_error_gives_line_and_column() {
    let path = setup(
        "syntax",
        &GOOD_TOML.edited("within = \"20s\"", "within = \"20s"),
        GOOD_CSV,
    );
    rejects(&path, &["small.toml:10:"]);
}

#[test]
fn negative_or_non_numeric_volume_names_the_csv_line_and_column() {
    let path = setup("negative", GOOD_TOML, &GOOD_CSV.edited(",100", ",-100"));
    rejects(&path, &["small.csv:3", "column 2 (volume)"]);
    let path = setup("nan", GOOD_TOML, &GOOD_CSV.edited(",100", ",lots"));
    rejects(&path, &["small.csv:3", "column 2 (volume)"]);
}

#[test]
fn uneven_spacing_names_the_line() {
    let path = setup("uneven", GOOD_TOML, &GOOD_CSV.edited("T10:00", "T10:10"));
    rejects(&path, &["small.csv:4", "uneven spacing"]);
}

#[test]
fn spacing_that_differs_from_the_centre_interval_is_rejected() {
    let path = setup("spacing", &GOOD_TOML.edited("\"30m\"", "\"15m\""), GOOD_CSV);
    rejects(&path, &["small.csv:3", "[centre] interval"]);
}

#[test]
fn an_invalid_date_is_rejected() {
    let path = setup(
        "date",
        GOOD_TOML,
        &GOOD_CSV.edited("2027-02-01T09:30", "2027-02-30T09:30"),
    );
    rejects(&path, &["small.csv:3", "column 1 (start)"]);
    let special =
        format!("{GOOD_TOML}[[special_days]]\ndate = \"2027-13-01\"\nvolume_multiplier = 2\n");
    let path = setup("special-date", &special, GOOD_CSV);
    rejects(&path, &["small.toml:18:", "2027-13-01"]);
}

#[test]
fn shrinkage_adding_up_to_one_is_rejected() {
    let path = setup(
        "shrinkage",
        &GOOD_TOML.edited("absenteeism = 0.15", "absenteeism = 0.9"),
        GOOD_CSV,
    );
    rejects(&path, &["small.toml", "[shrinkage]", "below 1"]);
}

#[test]
fn a_target_outside_zero_to_one_is_rejected() {
    for bad in ["0", "1.5", "80"] {
        let path = setup(
            &format!("target-{bad}"),
            &GOOD_TOML.edited("service_level = 0.8", &format!("service_level = {bad}")),
            GOOD_CSV,
        );
        rejects(&path, &["small.toml", "[target] service_level"]);
    }
}

#[test]
fn aht_given_nowhere_is_rejected() {
    let path = setup("aht", &GOOD_TOML.edited("aht = \"180s\"", ""), GOOD_CSV);
    rejects(&path, &["small.toml", "[handle_time] aht", "nowhere"]);
}

#[test]
fn an_unwritable_csv_path_fails_with_exit_1_and_leaves_nothing() {
    let path = setup("unwritable", GOOD_TOML, GOOD_CSV);
    let out = path.with_file_name("no-such-folder").join("plan.csv");
    let output = staffsim()
        .arg("plan")
        .arg(&path)
        .arg("--csv")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot write") && stderr.contains("plan.csv"),
        "{stderr}"
    );
    assert!(!out.exists());
}

fn plan_json(scenario: &Path) -> Value {
    let out = staffsim()
        .arg("plan")
        .arg(scenario)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn forecast_multipliers_scale_every_intervals_volume_and_handle_time() {
    let plain = plan_json(&setup("multipliers-plain", GOOD_TOML, GOOD_CSV));
    let toml = GOOD_TOML.edited(
        "csv = \"small.csv\"",
        "csv = \"small.csv\"\nvolume_multiplier = 1.5\naht_multiplier = 2",
    );
    let scaled = plan_json(&setup("multipliers-scaled", &toml, GOOD_CSV));
    let f = |v: &Value, key: &str| v[key].as_f64().unwrap();
    // 390 contacts × 1.5; the workload (contacts × AHT) × 3.
    assert!((f(&plain, "offered") - 390.0).abs() < 1e-9);
    assert!((f(&scaled, "offered") - 585.0).abs() < 1e-9);
    // Interval by interval in --csv: volume × 1.5, AHT × 2.
    let rows = |test: &str, toml: &str| -> Vec<(f64, f64)> {
        let scenario = setup(test, toml, GOOD_CSV);
        let csv = scenario.with_file_name("plan.csv");
        let out = staffsim()
            .arg("plan")
            .arg(&scenario)
            .arg("--csv")
            .arg(&csv)
            .output()
            .unwrap();
        assert!(out.status.success());
        std::fs::read_to_string(&csv)
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| {
                let cells: Vec<f64> = l
                    .split(',')
                    .skip(1)
                    .take(2)
                    .map(|c| c.parse().unwrap())
                    .collect();
                (cells[0], cells[1])
            })
            .collect()
    };
    let (before, after) = (
        rows("multipliers-csv-plain", GOOD_TOML),
        rows("multipliers-csv", &toml),
    );
    assert_eq!(before.len(), 3);
    for ((volume, aht), (volume_after, aht_after)) in before.iter().zip(&after) {
        assert!((volume_after - 1.5 * volume).abs() < 1e-6);
        assert!((aht_after - 2.0 * aht).abs() < 1e-9);
    }
    for bad in ["0", "101", "-1"] {
        let toml = GOOD_TOML.edited(
            "csv = \"small.csv\"",
            &format!("csv = \"small.csv\"\nvolume_multiplier = {bad}"),
        );
        rejects(
            &setup(&format!("multipliers-bad{bad}"), &toml, GOOD_CSV),
            &["[forecast] volume_multiplier", "from 0.01 to 100"],
        );
    }
}
