//! `staffsim actuals`: an interval report against a flat forecast of 10 contacts per half hour
//! (`tests/data/actuals/flat.toml`), every figure derived by hand here; the model's prediction
//! at the planned agents against `plan`'s own; and every bad report refused naming its line.

use crate::common::{json_of, repo, scratch, staffsim, stderr};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn actuals(report: &Path, args: &[&str]) -> Value {
    json_of(
        staffsim()
            .arg("actuals")
            .arg(repo("tests/data/actuals/flat.toml"))
            .arg(report)
            .arg("--json")
            .args(args),
    )
}

fn close(a: &Value, b: f64) -> bool {
    (a.as_f64().unwrap_or(f64::NAN) - b).abs() < 1e-12
}

#[test]
fn wape_bias_mape_aht_and_service_level_equal_a_hand_computation() {
    let dir = scratch("actuals-hand");
    // Four half hours of Monday against 10 each; an Excel export: BOM, CRLF, its own headers.
    let report = write(
        &dir,
        "acd.csv",
        "\u{feff}Interval,Calls,Handled,Abandoned,AHT,Within,Agents\r\n\
         2027-03-01T08:00,12,11,1,330,9,3\r\n\
         2027-03-01T08:30,8,8,0,330,8,3\r\n\
         2027-03-01T09:00,10,10,0,330,7,3\r\n\
         2027-03-01T09:30,15,13,2,330,10,4\r\n",
    );
    let r = actuals(
        &report,
        &[
            "--columns",
            "start=Interval,offered=Calls,handled=Handled,abandoned=Abandoned,aht_seconds=AHT,answered_within_target=Within,agents_staffed=Agents",
        ],
    );
    // WAPE = (2 + 2 + 0 + 5) ÷ 45; bias = (45 − 40) ÷ 40; MAPE = (2/12 + 2/8 + 0 + 5/15) ÷ 4.
    assert!(close(&r["wape"], 9.0 / 45.0), "{}", r["wape"]);
    assert!(close(&r["bias"], 5.0 / 40.0));
    assert!(close(
        &r["mape"],
        (2.0 / 12.0 + 2.0 / 8.0 + 5.0 / 15.0) / 4.0
    ));
    // Every interval at 330 s against 300 s.
    assert!(close(&r["aht_variance"], 0.1));
    // Achieved: answered within 20 s ÷ offered = 34 ÷ 45.
    assert!(close(&r["service_level"], 34.0 / 45.0));
    assert_eq!(r["intervals_reported"], 4);
    let days = r["days"].as_array().unwrap();
    assert_eq!(days.len(), 1);
    assert!(close(&days[0]["offered"], 45.0) && close(&days[0]["forecast"], 40.0));
    let worst = r["worst_intervals"].as_array().unwrap();
    assert_eq!(worst[0]["start"], "2027-03-01T09:30");
    assert_eq!(worst[0]["agents_staffed"], 4.0);
}

#[test]
fn at_the_forecast_and_the_planned_agents_the_prediction_is_the_plans_own() {
    let dir = scratch("actuals-plan");
    let plan = staffsim()
        .arg("plan")
        .arg(repo("tests/data/actuals/flat.toml"))
        .arg("--csv")
        .arg("-")
        .output()
        .unwrap();
    assert!(plan.status.success(), "{}", stderr(&plan));
    let text = String::from_utf8(plan.stdout).unwrap();
    let mut report = String::from("start,offered,aht_seconds,agents_staffed\n");
    let mut expected = Vec::new();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        report.push_str(&format!(
            "{},{},{},{}\n",
            cells[0], cells[1], cells[2], cells[5]
        ));
        expected.push(cells[7].parse::<f64>().unwrap());
    }
    let r = actuals(&write(&dir, "exact.csv", &report), &[]);
    assert!(close(&r["wape"], 0.0) && close(&r["bias"], 0.0));
    assert!(close(&r["variance_cost"]["cost"], 0.0));
    for (interval, sl) in r["intervals"].as_array().unwrap().iter().zip(expected) {
        assert!(
            close(&interval["predicted_service_level"], sl),
            "{interval}"
        );
    }
}

#[test]
fn a_busier_morning_needs_more_agents_and_costs_the_difference() {
    let dir = scratch("actuals-busier");
    let report = write(
        &dir,
        "busy.csv",
        "start,offered\n2027-03-02T08:00,30\n2027-03-02T08:30,30\n",
    );
    let r = actuals(&report, &[]);
    let vc = &r["variance_cost"];
    let more = vc["required_agent_hours_actual"].as_f64().unwrap()
        - vc["required_agent_hours_forecast"].as_f64().unwrap();
    assert!(more > 0.0, "{vc}");
    assert!(close(&vc["cost"], more * 20.0));
    // No answered-within column: no achieved service level, and the prediction at the planned
    // agents falls below the target.
    assert!(r["service_level"].is_null());
    assert!(r["predicted_service_level"].as_f64().unwrap() < 0.8);
}

#[test]
fn bad_reports_are_refused_with_exit_2_naming_the_line() {
    let dir = scratch("actuals-bad");
    let cases = [
        (
            "start,offered,handled\n2027-03-01T08:00,10,12\n",
            "acd.csv:2",
            "more than the 10 offered",
        ),
        ("start,offered\n2027-03-01T08:00,-3\n", "acd.csv:2", "≥ 0"),
        (
            "start,offered\n2027-03-01T08:00,10\n2027-03-01T08:15,10\n",
            "acd.csv",
            "900 s apart",
        ),
        (
            "start,offered\n2027-03-01T08:10,10\n",
            "acd.csv:2",
            "not on the scenario's 30-minute",
        ),
        (
            "start,offered\n2027-04-01T08:00,10\n",
            "acd.csv:2",
            "outside the scenario's horizon",
        ),
        (
            "start,calls\n2027-03-01T08:00,10\n",
            "acd.csv:1",
            "no 'offered' column",
        ),
        (
            "start,offered\n2027-03-01T08:30,10\n2027-03-01T08:00,10\n",
            "acd.csv:3",
            "time order",
        ),
        (
            "start,offered,handled,abandoned\n2027-03-01T08:00,10,8,4\n",
            "acd.csv:2",
            "add up to more",
        ),
    ];
    for (k, (text, at, says)) in cases.iter().enumerate() {
        let sub = dir.join(k.to_string());
        std::fs::create_dir_all(&sub).unwrap();
        let report = write(&sub, "acd.csv", text);
        let output = staffsim()
            .arg("actuals")
            .arg(repo("tests/data/actuals/flat.toml"))
            .arg(&report)
            .output()
            .unwrap();
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "case {k}: {err}");
        assert!(err.contains(at) && err.contains(says), "case {k}: {err}");
    }
    let output = staffsim()
        .arg("actuals")
        .arg(repo("tests/data/actuals/flat.toml"))
        .arg(write(
            &dir,
            "ok.csv",
            "start,offered\n2027-03-01T08:00,10\n",
        ))
        .args(["--columns", "calls=Calls"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--columns"), "{}", stderr(&output));
}

#[test]
fn actuals_write_intervals_as_csv_and_a_chart() {
    let dir = scratch("actuals-files");
    let report = write(
        &dir,
        "acd.csv",
        "start,offered,answered_within_target\n2027-03-01T08:00,12,9\n2027-03-01T08:30,8,8\n",
    );
    let output = staffsim()
        .arg("actuals")
        .arg(repo("tests/data/actuals/flat.toml"))
        .arg(&report)
        .arg("--csv")
        .arg(dir.join("variance.csv"))
        .arg("--chart")
        .arg(dir.join("day.svg"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let csv = std::fs::read_to_string(dir.join("variance.csv")).unwrap();
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("start,offered,forecast,aht_seconds")
    );
    assert_eq!(lines.count(), 2);
    let svg = std::fs::read_to_string(dir.join("day.svg")).unwrap();
    assert!(svg.contains("Actuals against the plan"));
    let text = String::from_utf8(output.stdout).unwrap();
    // (2 + 2) ÷ 20.
    assert!(text.contains("WAPE 20.0 %"), "{text}");
}

#[test]
fn run_reports_plan_against_actual_when_the_scenario_names_its_actuals() {
    let dir = scratch("actuals-run");
    let text = std::fs::read_to_string(repo("tests/data/actuals/flat.toml")).unwrap();
    let scenario = write(
        &dir,
        "flat.toml",
        &format!("{text}\n[actuals]\ncsv = \"acd.csv\"\ncolumns = \"offered=Calls\"\n"),
    );
    write(
        &dir,
        "acd.csv",
        "start,Calls\n2027-03-01T08:00,12\n2027-03-01T08:30,8\n",
    );
    let out = dir.join("report");
    crate::common::run_report(&scenario, &out, 8);
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    // (2 + 2) ÷ 20.
    assert!(
        close(&summary["actuals"]["wape"], 0.2),
        "{}",
        summary["actuals"]
    );
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains("## Plan against actual"), "{md}");
    assert!(out.join("charts/actuals.svg").exists());
}

#[test]
fn forecast_learns_from_an_acd_export_as_from_the_same_history() {
    let dir = scratch("actuals-forecast");
    let history = dir.join("history.csv");
    let made = staffsim()
        .args(["forecast", "--synthesize"])
        .arg(&history)
        .args(["--weeks", "6", "--seed", "3"])
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", stderr(&made));
    // The same rows as an ACD export: its own headers, offered and AHT.
    let text = std::fs::read_to_string(&history).unwrap();
    let export: String = text
        .lines()
        .enumerate()
        .map(|(k, line)| {
            if k == 0 {
                "Interval,Calls,AHT\n".to_string()
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    let acd = write(&dir, "acd.csv", &export);
    let forecast = |args: &[&std::ffi::OsStr]| {
        let output = staffsim()
            .arg("forecast")
            .args(args)
            .arg("--json")
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        output.stdout
    };
    let from_history = forecast(&[history.as_os_str()]);
    let from_actuals = forecast(&[
        acd.as_os_str(),
        "--actuals".as_ref(),
        "--columns".as_ref(),
        "start=Interval,offered=Calls,aht_seconds=AHT".as_ref(),
    ]);
    assert_eq!(from_history, from_actuals);
}
