//! `staffsim simulate` from the command line.

use crate::common::staffsim;

use serde_json::Value;
use std::path::{Path, PathBuf};

fn contract(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/contract/{name}.toml"))
}

#[test]
fn simulate_json_follows_the_contract() {
    let output = staffsim()
        .arg("simulate")
        .arg(contract("stationary-erlang-a"))
        .args(["--replications", "8", "--seed", "5", "--json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("stdout is one JSON object");
    assert_eq!(json["replications"], 8);
    assert_eq!(json["seed"], 5);
    assert!(json["contacts_offered"].as_f64().unwrap() > 39_000.0);
    // The scenario is a stationary M/M/n+M queue, where Erlang A is exact: each KPI's exact
    // value lies inside the simulated 95 % interval (seed 5), and the interval has width.
    for kpi in ["service_level", "asa_seconds", "abandon_rate", "occupancy"] {
        let exact = json["erlang"][kpi]
            .as_f64()
            .unwrap_or_else(|| panic!("erlang.{kpi} in {json}"));
        let ci = json[kpi]["ci95"].as_array().unwrap();
        let (lo, hi) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
        assert!(lo < hi, "{kpi}: a degenerate interval [{lo}, {hi}]");
        assert!(
            lo <= exact && exact <= hi,
            "{kpi}: Erlang A {exact} outside [{lo}, {hi}]"
        );
    }
    assert!(json["events_per_second"].as_f64().unwrap() > 0.0);
    assert!(json["wall_seconds"].as_f64().unwrap() > 0.0);
}

#[test]
fn simulate_csv_lists_every_interval_with_its_interval_and_the_erlang_prediction() {
    let dir = std::env::temp_dir().join(format!("staffsim-cli-sim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("sim.csv");
    staffsim()
        .arg("simulate")
        .arg(contract("intraday-peak"))
        .args(["--replications", "10", "--csv"])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    for column in [
        "start",
        "offered",
        "staffed_agents",
        "required_agents",
        "service_level",
        "service_level_lo",
        "service_level_hi",
        "asa_seconds",
        "abandon_rate",
        "occupancy",
        "erlang_service_level",
    ] {
        assert!(header.contains(&column), "missing {column}: {header:?}");
    }
    assert_eq!(text.lines().count(), 49);
}

#[test]
fn simulate_prints_days_beside_the_erlang_prediction() {
    let output = staffsim()
        .arg("simulate")
        .arg(contract("intraday-peak"))
        .args(["--replications", "10"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    // The day's row: its date, the simulated service level with its interval, then Erlang's.
    let day = stdout
        .lines()
        .find(|l| l.starts_with("2027-03-01"))
        .unwrap_or_else(|| panic!("no day row in {stdout}"));
    let interval = regex_like_interval(day).unwrap_or_else(|| panic!("no [lo–hi] in {day}"));
    assert!(interval.0 < interval.1, "{day}");
    assert!(stdout.contains("Erlang"), "{stdout}");
}

/// The first `[lo–hi]` in `line`, as numbers.
fn regex_like_interval(line: &str) -> Option<(f64, f64)> {
    let inside = line.split_once('[')?.1.split_once(']')?.0;
    let (lo, hi) = inside.split_once('–')?;
    Some((lo.trim().parse().ok()?, hi.trim().parse().ok()?))
}

fn rejects(args: &[&str], needle: &str) {
    let output = staffsim().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains(needle), "{needle} not in {stderr}");
}

#[test]
fn simulate_rejects_bad_flags_and_missing_files() {
    let scenario = contract("intraday-peak");
    let scenario = scenario.to_str().unwrap();
    rejects(
        &["simulate", scenario, "--replications", "0"],
        "--replications",
    );
    rejects(&["simulate", scenario, "--seed", "abc"], "--seed");
    rejects(&["simulate", scenario, "--threads", "0"], "--threads");
    rejects(
        &["simulate", "no-such-scenario.toml"],
        "no-such-scenario.toml",
    );
}
