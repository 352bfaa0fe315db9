//! Hostile inputs: nothing panics, nothing hangs, nothing is silently wrong. Each test names the
//! finding it guards against; every command runs under a time limit.

mod common;
use common::{repo, scratch, staffsim};

use serde_json::Value;
use std::path::Path;
use std::time::Duration;

/// Runs staffsim with `args` in `dir` under a time limit.
fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    staffsim()
        .current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts exit code 2 with one error line containing every one of `parts`.
fn assert_refused(output: &std::process::Output, parts: &[&str]) {
    let message = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert_eq!(
        message.lines().filter(|l| l.starts_with("error")).count(),
        1,
        "{message}"
    );
    assert!(!message.contains("panicked"), "{message}");
    for part in parts {
        assert!(message.contains(part), "'{part}' not in: {message}");
    }
}

/// A one-day profile scenario with `[centre] interval = interval`, plus `extra` TOML.
fn profile_scenario(dir: &Path, interval: &str, extra: &str) -> String {
    let text = format!(
        r#"name = "p"
[centre]
interval = "{interval}"
[forecast.profile]
start = "2026-01-05"
days = 1
open = "08:00"
close = "09:00"
daily_volume = 100
day_of_week = [1, 1, 1, 1, 1, 1, 1]
[handle_time]
aht = "180s"
[target]
service_level = 0.8
within = "20s"
{extra}
"#
    );
    let path = dir.join("p.toml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn sub_second_and_fractional_intervals_are_refused_not_truncated_or_panicking() {
    let dir = scratch("sub-second");
    for interval in ["0.5s", "0.75s", "1.5s", "22.5s"] {
        let scenario = profile_scenario(&dir, interval, "");
        let output = run_in(&dir, &["plan", &scenario]);
        assert_refused(&output, &["[centre] interval", interval]);
    }
}

#[test]
fn intervals_of_whole_seconds_print_their_seconds_in_the_csv() {
    let dir = scratch("ninety");
    let scenario = profile_scenario(&dir, "90s", "");
    let output = run_in(&dir, &["plan", &scenario, "--csv", "-"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let csv = String::from_utf8_lossy(&output.stdout);
    let starts: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(starts.len(), 40, "an hour of 90 s intervals");
    assert_eq!(starts[1], "2026-01-05T08:01:30");
    assert_eq!(starts[39], "2026-01-05T08:58:30");
}

#[test]
fn a_duplicate_timestamp_on_line_3_of_a_huge_csv_is_reported_at_line_3_without_reading_on() {
    let dir = scratch("dup");
    let mut csv = String::from("start,volume\n2026-01-01T09:00,1\n2026-01-01T09:00,2\n");
    for _ in 0..400_000 {
        csv.push_str("2026-01-01T09:30,3\n");
    }
    std::fs::write(dir.join("dup.csv"), csv).unwrap();
    std::fs::copy(
        repo("tests/data/contract/stationary-erlang-c.toml"),
        dir.join("s.toml"),
    )
    .unwrap();
    let toml = std::fs::read_to_string(dir.join("s.toml"))
        .unwrap()
        .replace("stationary.csv", "dup.csv");
    std::fs::write(dir.join("s.toml"), toml).unwrap();
    let output = run_in(&dir, &["plan", "s.toml"]);
    assert_refused(&output, &["dup.csv:3", "not after"]);
}

#[cfg(unix)]
#[test]
fn dev_zero_as_scenario_csv_history_or_special_days_is_refused_at_once() {
    let dir = scratch("zero");
    assert_refused(&run_in(&dir, &["plan", "/dev/zero"]), &["/dev/zero", "NUL"]);
    assert_refused(&run_in(&dir, &["forecast", "/dev/zero"]), &["NUL"]);
    let csv_scenario = dir.join("csv.toml");
    std::fs::write(
        &csv_scenario,
        "name = \"c\"\n[forecast]\ncsv = \"/dev/zero\"\n[handle_time]\naht = \"180s\"\n[target]\nservice_level = 0.8\nwithin = \"20s\"\n",
    )
    .unwrap();
    assert_refused(
        &run_in(&dir, &["plan", csv_scenario.to_str().unwrap()]),
        &["NUL"],
    );
    let history = repo("scenarios/forecast-demo-history.csv");
    assert_refused(
        &run_in(
            &dir,
            &[
                "forecast",
                history.to_str().unwrap(),
                "--special-days",
                "/dev/zero",
            ],
        ),
        &["NUL"],
    );
    let history_scenario = dir.join("history.toml");
    std::fs::write(
        &history_scenario,
        "name = \"h\"\n[forecast]\nhistory = \"/dev/zero\"\n[handle_time]\naht = \"180s\"\n[target]\nservice_level = 0.8\nwithin = \"20s\"\n",
    )
    .unwrap();
    assert_refused(
        &run_in(&dir, &["plan", history_scenario.to_str().unwrap()]),
        &["NUL"],
    );
}

#[test]
fn an_input_larger_than_the_cap_is_refused_naming_the_flag_that_raises_it() {
    let dir = scratch("cap");
    let scenario = repo("tests/data/contract/stationary-erlang-c.toml");
    let output = run_in(
        &dir,
        &["plan", scenario.to_str().unwrap(), "--max-input-size", "1k"],
    );
    assert_refused(&output, &["--max-input-size", "stationary"]);
    let output = run_in(
        &dir,
        &[
            "plan",
            scenario.to_str().unwrap(),
            "--max-input-size",
            "1MB",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn a_time_zone_offset_in_a_csv_timestamp_is_refused_not_dropped() {
    let dir = scratch("tz");
    for stamp in [
        "2026-01-01T09:00+01:00",
        "2026-01-01T09:00Z",
        "2026-01-01 09:00-05:00",
    ] {
        std::fs::write(
            dir.join("tz.csv"),
            format!("start,volume\n{stamp},1\n2026-01-01T09:30,1\n"),
        )
        .unwrap();
        std::fs::write(
            dir.join("s.toml"),
            "name = \"t\"\n[forecast]\ncsv = \"tz.csv\"\n[handle_time]\naht = \"180s\"\n[target]\nservice_level = 0.8\nwithin = \"20s\"\n",
        )
        .unwrap();
        assert_refused(
            &run_in(&dir, &["plan", "s.toml"]),
            &["tz.csv:2", "time-zone"],
        );
    }
}

#[test]
fn json_outputs_never_carry_negative_zero() {
    let dir = scratch("negzero");
    let scenario = repo("tests/data/contract/stationary-erlang-c.toml");
    for args in [
        vec!["plan", scenario.to_str().unwrap(), "--json"],
        vec![
            "erlang",
            "--volume",
            "0",
            "--interval",
            "30m",
            "--aht",
            "180s",
            "--agents",
            "0..3",
            "--within",
            "20s",
            "--json",
        ],
    ] {
        let output = run_in(&dir, &args);
        assert!(output.status.success(), "{}", stderr(&output));
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(!text.contains("-0.0"), "{text}");
        let _: Value = serde_json::from_str(&text).unwrap();
    }
}
