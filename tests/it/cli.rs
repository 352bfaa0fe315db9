//! The `staffsim` command line, end to end: one behaviour per test, named as a sentence.

use crate::common::staffsim;

use predicates::prelude::*;
use serde_json::Value;

fn erlang_json(extra: &[&str]) -> Value {
    let output = staffsim()
        .args(crate::common::ERLANG_100)
        .args(extra)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is exactly one JSON value")
}

fn close(actual: &Value, expected: f64) -> bool {
    (actual.as_f64().unwrap() - expected).abs() <= 1e-9 * expected.abs()
}

#[test]
fn erlang_target_solves_for_fewest_agents_with_every_contract_field() {
    let json = erlang_json(&["--target", "80/20"]);
    for field in [
        "agents",
        "offered_load_erlangs",
        "service_level",
        "sl_definition",
        "asa_seconds",
        "p_wait",
        "occupancy",
        "abandon_rate",
        "blocking",
        "fte",
        "stable",
        "meets_target",
    ] {
        assert!(json.get(field).is_some(), "missing field {field} in {json}");
    }
    assert_eq!(json["agents"], 14);
    assert!(close(&json["offered_load_erlangs"], 10.0));
    assert!(close(&json["service_level"], 0.888_350_019_179_466_9));
    assert!(close(&json["asa_seconds"], 7.835_937_011_777_243));
    assert_eq!(json["sl_definition"], "offered");
    assert_eq!(json["stable"], true);
    for null in ["abandon_rate", "blocking", "fte", "meets_target"] {
        assert!(json[null].is_null(), "{null} should be null: {json}");
    }
}

#[test]
fn erlang_agents_with_target_reports_whether_the_target_is_met() {
    assert_eq!(
        erlang_json(&["--agents", "13", "--target", "80/20"])["meets_target"],
        false
    );
    assert_eq!(
        erlang_json(&["--agents", "14", "--target", "80/20"])["meets_target"],
        true
    );
}

#[test]
fn erlang_agent_range_prints_one_row_per_staffing_level() {
    let json = erlang_json(&["--agents", "10..20", "--within", "20s"]);
    let rows = json.as_array().expect("a range gives a JSON array");
    assert_eq!(rows.len(), 11);
    let agents: Vec<u64> = rows.iter().map(|r| r["agents"].as_u64().unwrap()).collect();
    assert_eq!(agents, (10..=20).collect::<Vec<_>>());
    assert!(close(&rows[3]["service_level"], 0.795_594_788_417_783_1));

    staffsim()
        .args(crate::common::ERLANG_100)
        .args(["--agents", "12..14", "--within", "20"])
        .assert()
        .success()
        .stdout(predicate::str::contains("79.56 %").and(predicate::str::contains("88.84 %")))
        .stdout(predicate::function(|out: &str| {
            out.lines()
                .filter(|l| l.trim_start().starts_with(char::is_numeric))
                .count()
                == 3
        }));
}

#[test]
fn erlang_patience_switches_to_erlang_a() {
    let json = erlang_json(&["--agents", "14", "--within", "20", "--patience", "2m"]);
    assert_eq!(json["model"], "erlang-a");
    assert!(close(&json["abandon_rate"], 0.022_839_286_531_818_77));
    assert!(close(&json["service_level"], 0.932_729_580_698_059_7));
    let answered = erlang_json(&[
        "--agents",
        "14",
        "--within",
        "20",
        "--patience",
        "120",
        "--sl-definition",
        "answered",
    ]);
    assert_eq!(answered["sl_definition"], "answered");
    assert!(close(&answered["service_level"], 0.954_530_373_399_453_8));
}

#[test]
fn erlang_lines_and_shrinkage_add_blocking_and_fte() {
    let json = erlang_json(&["--target", "80/20", "--lines", "15", "--shrinkage", "30%"]);
    assert_eq!(json["lines"], 15);
    assert!(json["blocking"].as_f64().unwrap() > 0.0);
    assert!(close(&json["fte"], 20.0));
}

#[test]
fn erlang_overload_is_reported_as_unstable_with_a_warning_not_nan() {
    let output = staffsim()
        .args(crate::common::ERLANG_100)
        .args(["--agents", "9", "--within", "20", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["stable"], false);
    assert_eq!(json["service_level"], 0.0);
    assert_eq!(json["p_wait"], 1.0);
    assert_eq!(json["occupancy"], 1.0);
    assert!(json["asa_seconds"].is_null());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("warning:") && stderr.contains("grows without bound"),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&output.stdout).contains("NaN"));
}

#[test]
fn erlang_constraints_raise_the_requirement() {
    let json = erlang_json(&["--target", "80/20", "--max-asa", "2s"]);
    assert!(json["agents"].as_u64().unwrap() > 14);
    assert!(json["asa_seconds"].as_f64().unwrap() <= 2.0);
    let capped = staffsim()
        .args([
            "erlang",
            "--volume",
            "400",
            "--interval",
            "30m",
            "--aht",
            "257s",
            "--target",
            "80/20",
            "--max-occupancy",
            "85%",
            "--json",
        ])
        .output()
        .unwrap();
    let capped: Value = serde_json::from_slice(&capped.stdout).unwrap();
    assert_eq!(capped["agents"], 68);
}

/// Runs a bad command line and checks: exit code 2, exactly one line on stderr, naming `flag`.
fn rejects(args: &[&str], flag: &str) {
    let output = staffsim().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{args:?} should exit 2");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "{args:?}: one line expected, got:\n{stderr}"
    );
    assert!(stderr.starts_with("error:"), "{stderr}");
    assert!(
        stderr.contains(flag),
        "{args:?}: message should name {flag}: {stderr}"
    );
    assert!(output.stdout.is_empty());
}

fn with(flag: &str, value: &str) -> Vec<String> {
    let mut args: Vec<String> = [
        "erlang",
        "--volume",
        "100",
        "--interval",
        "30m",
        "--aht",
        "180s",
        "--target",
        "80/20",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Some(i) = args.iter().position(|a| a == flag) {
        args[i + 1] = value.to_string();
    } else {
        args.extend([flag.to_string(), value.to_string()]);
    }
    args
}

#[test]
fn erlang_rejects_each_bad_input_with_exit_2_and_the_flag_named() {
    let cases = [
        ("--volume", "-5"),
        ("--volume", "lots"),
        ("--interval", "0"),
        ("--interval", "-30m"),
        ("--aht", "0s"),
        ("--aht", "-180"),
        ("--patience", "0"),
        ("--patience", "-2m"),
        ("--shrinkage", "1"),
        ("--shrinkage", "-0.1"),
        ("--shrinkage", "150%"),
        ("--target", "80"),
        ("--target", "0/20"),
        ("--target", "120/20"),
        ("--target", "eighty/20"),
        ("--max-occupancy", "0"),
        ("--max-occupancy", "1.5"),
        ("--max-abandon", "-0.1"),
        ("--agents", "-3"),
        ("--agents", "20..10"),
        ("--sl-definition", "sometimes"),
        ("--lines", "-1"),
    ];
    for (flag, value) in cases {
        let args = with(flag, value);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        rejects(&args, flag);
    }
}

#[test]
fn an_erlang_a_range_of_hours_of_work_is_refused_naming_the_useful_band() {
    let args = [
        "erlang",
        "--volume",
        "100000",
        "--interval",
        "30m",
        "--aht",
        "300s",
        "--patience",
        "60s",
        "--within",
        "20s",
        "--agents",
        "20000..29999",
    ];
    rejects(&args, "--agents");
    let output = staffsim().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    // 16,667 Erlangs: the band is load ± 6 √load, the upper end with 10 agents to spare.
    let load = 100_000.0 * 300.0 / 1800.0_f64;
    let (lo, hi) = (
        (load - 6.0 * load.sqrt()).floor(),
        (load + 6.0 * load.sqrt() + 10.0).ceil(),
    );
    assert!(stderr.contains(&format!("about {lo}..{hi}")), "{stderr}");
}

#[test]
fn erlang_rejects_missing_required_flags() {
    rejects(
        &[
            "erlang",
            "--interval",
            "30m",
            "--aht",
            "180s",
            "--target",
            "80/20",
        ],
        "--volume",
    );
    rejects(
        &[
            "erlang", "--volume", "100", "--aht", "180s", "--target", "80/20",
        ],
        "--interval",
    );
    rejects(
        &[
            "erlang",
            "--volume",
            "100",
            "--interval",
            "30m",
            "--target",
            "80/20",
        ],
        "--aht",
    );
    rejects(
        &[
            "erlang",
            "--volume",
            "100",
            "--interval",
            "30m",
            "--aht",
            "180s",
        ],
        "--target",
    );
    rejects(
        &[
            "erlang",
            "--volume",
            "100",
            "--interval",
            "30m",
            "--aht",
            "180s",
            "--agents",
            "14",
        ],
        "--within",
    );
}

#[test]
fn erlang_help_shows_an_example() {
    staffsim()
        .args(["erlang", "--help"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Examples:").and(predicate::str::contains("--target 80/20")),
        );
}
