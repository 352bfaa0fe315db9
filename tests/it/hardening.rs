//! Hostile inputs: nothing panics, nothing hangs, nothing is silently wrong. Each test names the
//! finding it guards against; every command runs under a time limit.

#[allow(unused_imports)]
use crate::common::Edited;
use crate::common::{repo, scratch, staffsim, stderr};

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

/// `erlang` at 100 contacts per 30 minutes with a 180 s AHT, then `rest`.
fn erlang_100<'a>(rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = crate::common::ERLANG_100.to_vec();
    args.extend_from_slice(rest);
    args
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
        .edited("stationary.csv", "dup.csv");
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

/// The stationary Erlang C contract scenario copied into `dir` with `edit` applied to its text.
fn contract_copy(dir: &Path, edit: impl Fn(String) -> String) -> String {
    std::fs::copy(
        repo("tests/data/contract/stationary.csv"),
        dir.join("stationary.csv"),
    )
    .unwrap();
    let text =
        std::fs::read_to_string(repo("tests/data/contract/stationary-erlang-c.toml")).unwrap();
    std::fs::write(dir.join("s.toml"), edit(text)).unwrap();
    dir.join("s.toml").display().to_string()
}

#[test]
fn erlang_c_refuses_an_occupancy_cap_it_cannot_meet_instead_of_claiming_ten_million_agents() {
    let dir = scratch("occupancy");
    let output = run_in(
        &dir,
        &erlang_100(&["--target", "80/20", "--max-occupancy", "1e-9", "--json"]),
    );
    assert_refused(&output, &["max occupancy must be from 0.05 to 1"]);
    assert!(output.stdout.is_empty());
}

#[test]
fn caps_only_floating_point_underflow_could_meet_are_refused_naming_the_flag() {
    let dir = scratch("underflow");
    for (extra, flag) in [
        (vec!["--target", "80/20", "--max-asa", "0"], "--max-asa"),
        (
            vec!["--agents", "300", "--within", "20s", "--max-asa", "0"],
            "--max-asa",
        ),
        (
            vec!["--patience", "60s", "--max-abandon", "0"],
            "--max-abandon",
        ),
        (vec!["--patience", "60s", "--target", "100/20"], "--target"),
        (vec!["--target", "100/20"], "--target"),
    ] {
        assert_refused(&run_in(&dir, &erlang_100(&extra)), &[flag]);
    }
    let scenario = contract_copy(&dir, |t| {
        t.edited("service_level = 0.80", "service_level = 1.0")
    });
    assert_refused(
        &run_in(&dir, &["plan", &scenario]),
        &["[target] service_level", "(0, 1)"],
    );
}

#[test]
fn simulated_proportions_keep_their_confidence_intervals_within_zero_and_one() {
    let dir = scratch("ci");
    let scenario = contract_copy(&dir, |t| t.edited("agents = 14", "agents = 11"));
    let output = run_in(
        &dir,
        &["simulate", &scenario, "--replications", "2", "--json"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    fn walk(value: &Value, key: &str, checked: &mut usize) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    let proportion = ["service_level", "abandon_rate", "occupancy", "p_wait"]
                        .iter()
                        .any(|p| k.contains(p));
                    walk(v, if proportion { k } else { key }, checked);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, key, checked)),
            Value::Number(n) if !key.is_empty() => {
                let x = n.as_f64().unwrap();
                assert!((0.0..=1.0).contains(&x), "{key} = {x}");
                *checked += 1;
            }
            _ => {}
        }
    }
    let mut checked = 0;
    walk(&json, "", &mut checked);
    assert!(checked >= 8, "checked {checked} numbers");
}

#[test]
fn a_report_without_patience_does_not_say_callers_hang_up() {
    let dir = scratch("hang-up");
    let scenario = contract_copy(&dir, |t| t);
    let out = dir.join("r");
    let output = staffsim()
        .args(["run", &scenario, "--replications", "2", "--out"])
        .arg(&out)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(!summary.contains("hang up"), "{summary}");
    assert!(summary.contains("wait as long as it takes"));
}

#[test]
fn a_forecast_with_every_history_day_excluded_is_refused_not_zero_with_a_perfect_wape() {
    let dir = scratch("excluded");
    std::fs::copy(
        repo("scenarios/forecast-demo-history.csv"),
        dir.join("forecast-demo-history.csv"),
    )
    .unwrap();
    let dates: Vec<String> = (0..84)
        .map(|d| {
            let date: jiff::civil::Date = "2026-01-05".parse().unwrap();
            format!(
                "\"{}\"",
                date.checked_add(jiff::Span::new().days(d)).unwrap()
            )
        })
        .collect();
    let text = std::fs::read_to_string(repo("scenarios/forecast-demo.toml"))
        .unwrap()
        .edited(
            "exclude = [\"2026-02-04\", \"2026-03-11\"]",
            &format!("exclude = [{}]", dates.join(", ")),
        );
    std::fs::write(dir.join("f.toml"), text).unwrap();
    assert_refused(
        &run_in(&dir, &["plan", "f.toml"]),
        &["[forecast] history", "0 days with observations"],
    );
}

#[test]
fn intraday_shares_near_the_largest_float_still_give_the_days_volume() {
    let dir = scratch("huge-shares");
    let scenario = profile_scenario(&dir, "15m", "");
    let text = std::fs::read_to_string(&scenario).unwrap().edited(
        "day_of_week",
        "intraday = [1e308, 1e308, 1e308, 1e308]\nday_of_week",
    );
    std::fs::write(&scenario, text).unwrap();
    let output = run_in(&dir, &["plan", &scenario, "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        (json["offered"].as_f64().unwrap() - 100.0).abs() < 1e-9,
        "{}",
        json["offered"]
    );
}

#[test]
fn costs_that_would_print_as_infinity_and_names_that_cannot_be_written_are_refused_at_load() {
    let dir = scratch("load-limits");
    let cost = contract_copy(&dir, |t| format!("{t}\n[cost]\nhourly_cost = 1e308\n"));
    assert_refused(&run_in(&dir, &["plan", &cost]), &["[cost] hourly_cost"]);
    let nul = contract_copy(&dir, |t| {
        t.edited("name = \"stationary-erlang-c\"", "name = \"a\\u0000b\"")
    });
    assert_refused(&run_in(&dir, &["plan", &nul]), &["name", "control"]);
    let long = contract_copy(&dir, |t| {
        t.edited(
            "description = \"Constant load, exponential handle times, no abandonment: the Erlang C check.\"",
            &format!("description = \"{}\"", "x".repeat(1_000_000)),
        )
    });
    assert_refused(&run_in(&dir, &["plan", &long]), &["description", "4000"]);
}

#[test]
fn a_retry_storm_is_refused_at_load_instead_of_running_for_hours() {
    let dir = scratch("storm");
    let storm = contract_copy(&dir, |t| {
        format!("{t}\n[patience]\ndistribution = \"exponential\"\nmean = \"1s\"\nretry_probability = 0.9999999999\nretry_delay = \"0s\"\n")
            .edited("agents = 14", "agents = 1")
    });
    assert_refused(
        &run_in(&dir, &["simulate", &storm]),
        &["[patience] retry_probability"],
    );
    let instant = contract_copy(&dir, |t| {
        format!(
            "{t}\n[patience]\ndistribution = \"exponential\"\nmean = \"60s\"\nretry_probability = 0.5\nretry_delay = \"0s\"\n"
        )
    });
    assert_refused(
        &run_in(&dir, &["simulate", &instant]),
        &["[patience] retry_delay"],
    );
}

/// A profile scenario of `days` days of 24-hour 5-minute intervals at `daily` contacts a day.
fn long_scenario(dir: &Path, days: u32, daily: f64, extra: &str) -> String {
    let text = format!(
        "name = \"long\"\n[centre]\ninterval = \"5m\"\n[forecast.profile]\nstart = \"2026-01-05\"\ndays = {days}\nopen = \"00:00\"\nclose = \"24:00\"\ndaily_volume = {daily}\nday_of_week = [1, 1, 1, 1, 1, 1, 1]\n[handle_time]\naht = \"300s\"\n[target]\nservice_level = 0.8\nwithin = \"20s\"\n{extra}"
    );
    let path = dir.join(format!("long-{days}.toml"));
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn a_run_beyond_excels_row_limit_is_refused_before_any_work_and_names_no_workbook() {
    let dir = scratch("excel");
    let scenario = long_scenario(&dir, 3700, 1000.0, "");
    let started = std::time::Instant::now();
    let output = run_in(&dir, &["run", &scenario, "--out", "r"]);
    assert_refused(&output, &["1048576", "--no-workbook"]);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "refused at load, not after simulating"
    );
    assert!(!dir.join("r").exists());
}

#[test]
fn a_scenario_with_every_day_closed_is_refused_at_load() {
    let dir = scratch("closed");
    let scenario = profile_scenario(&dir, "15m", "");
    let text = std::fs::read_to_string(&scenario).unwrap().edited(
        "day_of_week = [1, 1, 1, 1, 1, 1, 1]",
        "day_of_week = [0, 0, 0, 0, 0, 0, 0]",
    );
    std::fs::write(&scenario, text).unwrap();
    for command in ["plan", "simulate", "run"] {
        assert_refused(
            &run_in(&dir, &[command, &scenario]),
            &["every interval is closed"],
        );
    }
}

#[test]
fn a_year_of_five_minute_intervals_at_36_million_contacts_a_day_plans_in_seconds() {
    let dir = scratch("heavy-plan");
    let scenario = long_scenario(&dir, 365, 36_000_000.0, "");
    let output = run_in(&dir, &["plan", &scenario, "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!((json["offered"].as_f64().unwrap() / 365.0 - 36e6).abs() < 1.0);
}

#[test]
fn erlang_ranges_and_curves_far_beyond_the_load_are_capped_or_cheap() {
    let dir = scratch("erlang-bounds");
    assert_refused(
        &run_in(
            &dir,
            &[
                "erlang",
                "--volume",
                "1",
                "--interval",
                "30m",
                "--aht",
                "180s",
                "--agents",
                "0..100000",
                "--within",
                "20s",
            ],
        ),
        &["--agents", "10,000"],
    );
    assert_refused(
        &run_in(
            &dir,
            &[
                "erlang",
                "--volume",
                "100000000",
                "--interval",
                "30m",
                "--aht",
                "18s",
                "--patience",
                "60s",
                "--agents",
                "990000..999999",
                "--within",
                "20s",
            ],
        ),
        &["useful band"],
    );
    let chart = dir.join("curve.svg");
    let output = run_in(
        &dir,
        &erlang_100(&[
            "--agents",
            "10000000",
            "--within",
            "20s",
            "--chart",
            chart.to_str().unwrap(),
        ]),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::metadata(&chart).unwrap().len() > 1000);
}

/// Whether `args`, at the most replications allowed, is still working after 2 s inside a
/// 1 GiB address space: memory that grew with the replications (results kept per replication, or
/// allocated up front) fails an allocation and aborts long before; streaming in blocks keeps
/// running. One run, one limit: no sampling of memory against a clock.
#[cfg(target_os = "linux")]
fn streams_within_a_gigabyte(args: &[&str]) {
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg("ulimit -v 1048576 && exec timeout 2 \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_staffsim"))
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(124),
        "{args:?} should still be working at 2 s: {}",
        stderr(&output)
    );
}

#[cfg(target_os = "linux")]
#[test]
fn sweep_and_bid_at_the_most_replications_stream_in_bounded_memory() {
    let most = staffsim::sim::MAX_REPLICATIONS.to_string();
    let sweep = repo("scenarios/holiday-peak.toml");
    streams_within_a_gigabyte(&["sweep", sweep.to_str().unwrap(), "--replications", &most]);
    let bid = repo("scenarios/bpo-bid-baseline.toml");
    let tight = scratch("bid-tight").join("bid.toml");
    let text = std::fs::read_to_string(&bid).unwrap();
    // A bound no staffing decides early: every step runs to the replication cap.
    std::fs::write(
        &tight,
        crate::common::edited(&text, "max_p_miss = 0.10", "max_p_miss = 0.001"),
    )
    .unwrap();
    streams_within_a_gigabyte(&["bid", tight.to_str().unwrap(), "--replications", &most]);
}

#[test]
fn synthesize_refuses_the_fitting_flags_it_would_ignore() {
    let dir = scratch("synth-flags");
    for flag in [["--horizon", "7d"], ["--method", "holt-winters"]] {
        let output = run_in(
            &dir,
            &["forecast", "--synthesize", "h.csv", flag[0], flag[1]],
        );
        assert_refused(&output, &[flag[0]]);
        assert!(!dir.join("h.csv").exists());
    }
}

/// Runs staffsim with `args` in `dir` under a 4 GB address-space cap and a 10 s limit, as the
/// hostile-input review did: whatever it is asked, it must answer 0, 1 or 2 within them.
fn run_capped(dir: &Path, args: &[&str]) -> std::process::Output {
    let output = std::process::Command::new("bash")
        .current_dir(dir)
        .arg("-c")
        .arg("ulimit -v 4194304 && exec timeout -s KILL 10 \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_staffsim"))
        .args(args)
        .output()
        .unwrap();
    let code = output.status.code();
    assert!(
        matches!(code, Some(0..=2)),
        "{args:?} ended with {:?} (124/137: over 10 s; none: killed): {}",
        output.status,
        stderr(&output)
    );
    output
}

#[test]
fn schedules_too_fine_or_too_many_to_build_are_refused_naming_the_field() {
    let dir = scratch("schedule-bombs");
    for (path, says) in crate::common::schedule_reproducers(&dir) {
        for command in ["plan", "schedule"] {
            let output = run_capped(&dir, &[command, &path]);
            assert_refused(&output, &[says]);
        }
    }
}

#[test]
fn every_reproducer_of_the_hostile_review_is_refused_within_ten_seconds_under_4_gb() {
    let dir = scratch("reproducers");
    // The files the review named, refused where they are pointless.
    for (file, command, code, says) in crate::common::reproducers(&dir) {
        let output = run_capped(&dir, &[command, &file]);
        assert_eq!(
            output.status.code(),
            Some(code),
            "{command} {file}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(says),
            "{command} {file}: {}",
            stderr(&output)
        );
        assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    }
    // 2³² − 1 replications, and a 1.1 GB scenario under a 2 GB input cap (a sparse file: no
    // disk is used, and nothing of it is read).
    let holiday = repo("scenarios/holiday-peak.toml").display().to_string();
    let output = run_capped(
        &dir,
        &["simulate", &holiday, "--replications", "4294967295"],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let big = dir.join("big.toml");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(1_100 << 20)
        .unwrap();
    let output = run_capped(
        &dir,
        &[
            "plan",
            "--max-input-size",
            "2GB",
            &big.display().to_string(),
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("more than a scenario file may be"),
        "{}",
        stderr(&output)
    );
}
