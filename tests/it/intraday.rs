//! `staffsim intraday`: a day whose morning runs 12 % over forecast with handle times 8 % over;
//! the re-forecast recovers both, and the extra agents it recommends, added to the plan, hold
//! the rest of the day at the target when `simulate` runs the adjusted day on its own.

use crate::common::{assert_refused, json_of, repo, scratch, staffsim, stderr};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The morning of `tests/data/actuals/day.toml` up to `until` (HH:MM), at 1.12 × its 100
/// contacts and 1.08 × its 300 s.
fn morning(dir: &Path, until: &str) -> PathBuf {
    let mut text = String::from("start,offered,aht_seconds\n");
    for half_hour in 0..16 {
        let (h, m) = (8 + half_hour / 2, 30 * (half_hour % 2));
        let at = format!("{h:02}:{m:02}");
        if at.as_str() >= until {
            break;
        }
        text.push_str(&format!(
            "2027-03-01T{at},{},{}\n",
            100.0 * 1.12,
            300.0 * 1.08
        ));
    }
    let path = dir.join("morning.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn intraday(report: &Path, args: &[&str]) -> Value {
    json_of(
        staffsim()
            .arg("intraday")
            .arg(repo("tests/data/actuals/day.toml"))
            .arg(report)
            .arg("--json")
            .args(args),
    )
}

#[test]
fn the_re_forecast_recovers_the_multipliers_and_the_extra_agents_hold_the_target_in_simulate() {
    let dir = scratch("intraday-recover");
    let report = morning(&dir, "11:00");
    for method in ["ratio", "smoothed"] {
        let r = intraday(&report, &["--now", "11:00", "--method", method]);
        let (v, a) = (
            r["volume_ratio"].as_f64().unwrap(),
            r["aht_ratio"].as_f64().unwrap(),
        );
        assert!((v / 1.12 - 1.0).abs() < 0.02, "{method}: volume × {v}");
        assert!((a / 1.08 - 1.0).abs() < 0.02, "{method}: AHT × {a}");
    }
    // At 11:15 the interval in progress is the rest of the day's first.
    let mid = intraday(&report, &["--now", "11:15"]);
    let first_rest = mid["intervals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| !i["reforecast"].is_null())
        .unwrap();
    assert_eq!(first_rest["start"], "2027-03-01T11:00");
    assert_eq!(mid["action"]["from"], "11:30");
    let r = intraday(&report, &["--now", "11:00", "--from", "12:00"]);
    let rest = &r["rest_of_day"];
    assert!(rest["service_level_now"].as_f64().unwrap() < 0.8, "{rest}");
    assert_eq!(r["action"]["kind"], "add");
    let added = r["action"]["agents"].as_i64().unwrap();
    assert!(added > 0);
    // Every interval of the rest of the day has its simulated service level before and after.
    for i in r["intervals"].as_array().unwrap() {
        let rest = !i["reforecast"].is_null();
        assert_eq!(rest, i["service_level_before"].is_number(), "{i}");
        assert_eq!(rest, i["service_level_after"].is_number(), "{i}");
    }
    // 08:00-12:00 is a closed span for the action: agents from 12:00 to the close.
    assert_eq!(r["action"]["from"], "12:00");
    // Cost: the agents × 4 paid hours to the close × EUR 20.
    assert!((r["action"]["cost"].as_f64().unwrap() - added as f64 * 4.0 * 20.0).abs() < 1e-9);
    // The adjusted rest of the day as a scenario of its own: the re-forecast volume and AHT and
    // the agents after the action, simulated by `simulate`.
    let mut csv = String::from("start,volume,aht,agents\n");
    for i in r["intervals"].as_array().unwrap() {
        let Some(volume) = i["reforecast"].as_f64() else {
            continue;
        };
        csv.push_str(&format!(
            "{},{},{},{}\n",
            i["start"].as_str().unwrap(),
            volume,
            300.0 * r["aht_ratio"].as_f64().unwrap(),
            i["staffed_after"]
        ));
    }
    std::fs::write(dir.join("rest.csv"), csv).unwrap();
    let scenario = std::fs::read_to_string(repo("tests/data/actuals/day.toml"))
        .unwrap()
        .replace(
            "[forecast.profile]\nstart = \"2027-03-01\"            # a Monday\ndays = 1\nopen = \"08:00\"\nclose = \"16:00\"\ndaily_volume = 1600\n",
            "[forecast]\ncsv = \"rest.csv\"\n",
        )
        .replace("method = \"erlang-a\"", "method = \"csv\"");
    std::fs::write(dir.join("rest.toml"), scenario).unwrap();
    let output = staffsim()
        .arg("simulate")
        .arg(dir.join("rest.toml"))
        .args(["--json", "--replications", "400", "--seed", "5"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let sim: Value = serde_json::from_slice(&output.stdout).unwrap();
    let sl = &sim["service_level"];
    let (mean, hi) = (
        sl["mean"].as_f64().unwrap(),
        sl["ci95"][1].as_f64().unwrap(),
    );
    assert!(
        hi >= 0.8 && mean > 0.78,
        "simulate gives {sl} with {added} added"
    );
}

#[test]
fn an_overstaffed_afternoon_sends_agents_home_and_keeps_the_target() {
    let dir = scratch("intraday-vto");
    // A quiet morning: half the forecast.
    let text: String = std::iter::once("start,offered\n".to_string())
        .chain((0..6).map(|k| format!("2027-03-01T{:02}:{:02},50\n", 8 + k / 2, 30 * (k % 2))))
        .collect();
    let report = dir.join("quiet.csv");
    std::fs::write(&report, text).unwrap();
    let r = intraday(&report, &["--now", "11:00"]);
    assert!((r["volume_ratio"].as_f64().unwrap() - 0.5).abs() < 1e-12);
    assert_eq!(r["action"]["kind"], "vto", "{}", r["action"]);
    assert!(r["action"]["agents"].as_i64().unwrap() < 0);
    assert!(r["rest_of_day"]["service_level_after"].as_f64().unwrap() >= 0.8);
}

#[test]
fn a_time_outside_the_day_or_a_report_of_several_days_is_refused() {
    let dir = scratch("intraday-bad");
    let report = morning(&dir, "11:00");
    for (args, says) in [
        (vec!["--now", "18:00"], "--now"),
        (vec!["--now", "08:00"], "--now"),
        (vec!["--now", "15:45"], "last interval"),
        (vec!["--now", "11:00", "--from", "10:00"], "--from"),
    ] {
        let output = staffsim()
            .arg("intraday")
            .arg(repo("tests/data/actuals/day.toml"))
            .arg(&report)
            .args(&args)
            .output()
            .unwrap();
        assert_refused(&output, says, &format!("{args:?}"));
    }
}
