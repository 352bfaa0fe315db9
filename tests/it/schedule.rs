//! `staffsim schedule`: the integer programme against brute force, coverage, breaks, the kept
//! roster, `--roster-out` round trips, the service objective, reproducibility and bad input.

#[allow(unused_imports)]
use crate::common::Edited;
use crate::common::{repo, scratch, staffsim, stderr};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A one-day, one-hour-interval centre open 08:00–14:00 staffed by Erlang C, with `schedule`
/// appended.
fn small_scenario(dir: &Path, schedule: &str) -> PathBuf {
    let text = format!(
        r#"name = "small"
[centre]
interval = "1h"
[forecast.profile]
start = "2027-03-01"
days = 1
open = "08:00"
close = "14:00"
daily_volume = 60
intraday = [1, 2, 3, 3, 2, 1]
[handle_time]
aht = "600s"
distribution = "exponential"
[target]
service_level = 0.8
within = "20s"
[shrinkage]
absenteeism = 0.1
[cost]
hourly_cost = 20
{schedule}"#
    );
    let path = dir.join("small.toml");
    std::fs::write(&path, text).unwrap();
    path
}

const SMALL_TEMPLATES: &str = r#"
[schedule]
[[schedule.template]]
name = "long"
start = "08:00"
length = "6h"
[[schedule.template.break]]
length = "1h"
earliest = "2h"
latest = "4h"
[[schedule.template]]
name = "morning"
start_from = "08:00"
start_to = "09:00"
start_every = "1h"
length = "3h"
hourly_cost = 22
[[schedule.template]]
name = "late"
start = "11:00"
length = "3h"
hourly_cost = 25
[[schedule.template]]
name = "short"
start_from = "10:00"
start_to = "12:00"
length = "2h"
hourly_cost = 30
"#;

fn json(args: &[&str], scenario: &Path) -> Value {
    let output = staffsim()
        .args(["schedule", "--json"])
        .args(args)
        .arg(scenario)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The plan's open intervals: (start, required agents, staffed agents).
fn plan_rows(scenario: &Path) -> Vec<(String, u32, u32)> {
    let output = staffsim()
        .args(["plan", "--csv", "-"])
        .arg(scenario)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (start, required, staffed) = (col("start"), col("required_agents"), col("staffed_agents"));
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[start].to_string(),
                f[required].parse().unwrap(),
                f[staffed].parse().unwrap(),
            )
        })
        .collect()
}

fn required(scenario: &Path) -> Vec<u32> {
    plan_rows(scenario).into_iter().map(|r| r.1).collect()
}

#[test]
fn the_solver_finds_the_brute_force_optimum_of_a_small_day() {
    let dir = scratch("brute");
    let scenario = small_scenario(&dir, SMALL_TEMPLATES);
    let need = required(&scenario);
    assert_eq!(need.len(), 6);
    // Every column by hand: (hours covered 0..6 from 08:00, paid hours, rate).
    let s = 1.0 / (1.0 - 0.1);
    let mut columns: Vec<(Vec<usize>, f64)> = vec![
        (vec![0, 1, 3, 4, 5], 20.0 * 5.0 * s), // long, break 10:00
        (vec![0, 1, 2, 4, 5], 20.0 * 5.0 * s), // long, break 11:00
        (vec![0, 1, 2], 22.0 * 3.0 * s),       // morning 08:00
        (vec![1, 2, 3], 22.0 * 3.0 * s),       // morning 09:00
        (vec![3, 4, 5], 25.0 * 3.0 * s),       // late 11:00
    ];
    for start in 2..=4 {
        columns.push((vec![start, start + 1], 30.0 * 2.0 * s)); // short 10:00–12:00
    }
    let top = *need.iter().max().unwrap() as usize;
    let mut best = f64::INFINITY;
    let mut counts = vec![0usize; columns.len()];
    'search: loop {
        let mut cover = [0usize; 6];
        for (c, &n) in columns.iter().zip(&counts) {
            for &i in &c.0 {
                cover[i] += n;
            }
        }
        if cover.iter().zip(&need).all(|(c, r)| *c >= *r as usize) {
            let cost: f64 = columns
                .iter()
                .zip(&counts)
                .map(|(c, &n)| c.1 * n as f64)
                .sum();
            best = best.min(cost);
        }
        for count in counts.iter_mut() {
            *count += 1;
            if *count <= top {
                continue 'search;
            }
            *count = 0;
        }
        break;
    }
    let result = json(&["--replications", "2"], &scenario);
    let cost = result["cost"].as_f64().unwrap();
    assert!(
        (cost - best).abs() < 1e-6 * best,
        "solver {cost} against brute force {best}"
    );
    assert_eq!(result["optimal"], true);
    assert!(result["lower_bound_cost"].as_f64().unwrap() <= cost + 1e-6);
    for shift in result["shifts"].as_array().unwrap() {
        assert!(
            shift["agents"].as_u64().unwrap() >= 1,
            "whole agents: {shift}"
        );
    }
}

/// The holiday scenario with its [staffing] replaced by `roster`.
fn with_roster(dir: &Path, roster: &str) -> PathBuf {
    let text = std::fs::read_to_string(repo("scenarios/holiday-peak.toml")).unwrap();
    let before = &text[..text.find("[staffing]").unwrap()];
    let after = &text[text.find("[cost]").unwrap()..];
    let path = dir.join("holiday-peak.toml");
    std::fs::write(&path, format!("{before}{roster}\n{after}")).unwrap();
    path
}

#[test]
fn the_published_roster_covers_every_interval_keeps_todays_shifts_and_places_breaks_in_their_windows()
 {
    let dir = scratch("roster-out");
    let bundled = repo("scenarios/holiday-peak.toml");
    let roster_path = dir.join("roster.toml");
    let output = staffsim()
        .args(["schedule", "--json", "--replications", "2", "--roster-out"])
        .arg(&roster_path)
        .arg(&bundled)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let result: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(result["keep"], "roster");
    assert!(result["shifts"].as_array().unwrap().len() > 5);
    // Today's roster is in the published one unchanged.
    let roster = std::fs::read_to_string(&roster_path).unwrap();
    for kept in [
        "early",
        "day",
        "mid",
        "late",
        "weekend early",
        "weekend late",
    ] {
        assert!(roster.contains(&format!("name = \"{kept}\"\n")), "{roster}");
    }
    assert!(roster.contains(
        "name = \"early\"\nstart = \"08:00\"\nlength = \"8h\"\ndays = [\"weekdays\"]\nagents = 15"
    ));
    // Planned as a roster, it covers every open interval's requirement and never has fewer
    // agents than today's roster; its agent-hours are the schedule's (the round trip).
    let published = with_roster(&dir, &roster);
    let today = plan_rows(&bundled);
    let after = plan_rows(&published);
    assert_eq!(today.len(), after.len());
    let mut agent_quarters = 0u64;
    for (t, a) in today.iter().zip(&after) {
        assert_eq!(t.0, a.0);
        assert!(a.2 >= t.2, "{}: {} < {}", a.0, a.2, t.2);
        assert!(a.2 >= a.1, "{}: {} agents for {} required", a.0, a.2, a.1);
        agent_quarters += u64::from(a.2);
    }
    let scheduled = result["scheduled_agent_hours"].as_f64().unwrap();
    assert!(
        (agent_quarters as f64 / 4.0 - scheduled).abs() < 1e-6,
        "{agent_quarters} vs {scheduled}"
    );
    // Breaks lie inside their templates' windows: 3h to 5h30m after the start.
    let minutes = |t: &str| {
        let t: jiff::civil::DateTime = t.parse().unwrap();
        t.duration_since(jiff::civil::DateTime::constant(2026, 1, 1, 0, 0, 0, 0))
            .as_secs()
            / 60
    };
    let mut breaks = 0;
    for shift in result["shifts"].as_array().unwrap() {
        let start = minutes(shift["start"].as_str().unwrap());
        for b in shift["breaks"].as_array().unwrap() {
            let (bs, be) = (
                minutes(b["start"].as_str().unwrap()),
                minutes(b["end"].as_str().unwrap()),
            );
            assert!(bs - start >= 180 && be - start <= 330, "{shift}");
            assert_eq!(be - bs, 30);
            breaks += 1;
        }
    }
    assert!(breaks > 0, "the holiday shifts carry breaks");
    // Boxing Day's added shifts are dated: only that day gains the holiday templates.
    assert!(
        result["shifts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["template"].as_str().unwrap().starts_with("holiday"))
            .all(|s| s["date"] == "2026-12-26")
    );
}

#[test]
fn a_dated_roster_shift_works_only_on_its_dates() {
    let dir = scratch("dated");
    let roster = r#"[staffing]
method = "roster"
[[staffing.shift]]
name = "all week"
start = "08:00"
length = "14h"
agents = 10
[[staffing.shift]]
name = "boxing day only"
start = "10:00"
length = "4h"
dates = ["2026-12-26"]
agents = 7
[[staffing.shift.break]]
offset = "2h"
length = "1h"
"#;
    let scenario = with_roster(&dir, roster);
    for (start, _, staffed) in plan_rows(&scenario) {
        let on = ("2026-12-26T10:00"..="2026-12-26T11:45").contains(&start.as_str())
            || ("2026-12-26T13:00"..="2026-12-26T13:45").contains(&start.as_str());
        assert_eq!(staffed, if on { 17 } else { 10 }, "{start}");
    }
}

#[test]
fn the_service_objective_ends_with_every_day_at_its_confidence_and_the_same_schedule_on_any_thread_count()
 {
    let bundled = repo("scenarios/holiday-peak.toml");
    let run = |threads: &str| {
        let mut v = json(
            &[
                "--objective",
                "service",
                "--replications",
                "60",
                "--seed",
                "4",
                "--threads",
                threads,
            ],
            &bundled,
        );
        v.as_object_mut().unwrap().remove("solve_seconds");
        v
    };
    let one = run("1");
    assert_eq!(one["objective"], "service");
    assert_eq!(
        one["short_days"].as_array().unwrap().len(),
        0,
        "{}",
        one["short_days"]
    );
    // Every open day meets its confidence; only the closed Christmas Day has no P(meet).
    for day in one["days"].as_array().unwrap() {
        match day["p_meet_target"].as_f64() {
            Some(p) => assert!(p >= 0.9, "{}: {p}", day["date"]),
            None => assert_eq!(
                day["date"], "2026-12-25",
                "an open day without P(meet): {day}"
            ),
        }
    }
    assert_eq!(
        one,
        run("2"),
        "the same seed gives the same schedule on 1 and 2 threads"
    );
    // Cheaper than covering every interval: shortfalls are allowed where they do no harm.
    let cover = json(&["--replications", "2"], &bundled);
    assert!(one["cost"].as_f64().unwrap() <= cover["cost"].as_f64().unwrap());
}

fn refused(dir: &Path, schedule: &str, needles: &[&str]) {
    let scenario = small_scenario(dir, schedule);
    let output = staffsim().arg("schedule").arg(&scenario).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    for needle in needles {
        assert!(message.contains(needle), "{needle} not in {message}");
    }
}

#[test]
fn bad_schedules_are_refused_naming_the_field_or_the_interval() {
    let dir = scratch("bad");
    let template = |extra: &str| {
        format!("[schedule]\n[[schedule.template]]\nname = \"t\"\nstart = \"08:00\"\n{extra}")
    };
    refused(&dir, &template("length = \"25h\""), &["#1 length", "24h"]);
    refused(
        &dir,
        &template(
            "length = \"6h\"\n[[schedule.template.break]]\nlength = \"1h\"\nearliest = \"5h\"\nlatest = \"7h\"",
        ),
        &["break #1 latest", "past the end"],
    );
    refused(
        &dir,
        &template(
            "length = \"6h\"\n[[schedule.template.break]]\nlength = \"2h\"\nearliest = \"2h\"\nlatest = \"3h\"",
        ),
        &["break #1 length", "longer than its window"],
    );
    refused(
        &dir,
        "[schedule]\n[[schedule.template]]\nstart_from = \"12:00\"\nstart_to = \"08:00\"\nlength = \"2h\"",
        &["start_from", "after start_to"],
    );
    refused(
        &dir,
        &template("length = \"2h\""),
        &["no template covers 2027-03-01T10:00"],
    );
    refused(
        &dir,
        "[schedule]\nmax_agents = 1\n[[schedule.template]]\nstart = \"08:00\"\nlength = \"6h\"",
        &["max_agents", "below the requirement", "2027-03-01T"],
    );
    refused(
        &dir,
        &format!(
            "keep = \"roster\"\n{}",
            &template("length = \"6h\"")["[schedule]\n".len()..]
        )
        .edited("keep", "[schedule]\nkeep"),
        &["[schedule] keep", "no"],
    );
    refused(
        &dir,
        &template("length = \"6h\"\ndays = [\"someday\"]"),
        &["days", "'someday' is not a day"],
    );
}

#[test]
fn run_puts_the_boxing_day_shifts_in_the_report() {
    let out = scratch("run").join("report");
    let output = staffsim()
        .args(["run", "--replications", "8", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let schedule = &summary["schedule"];
    assert_eq!(schedule["keep"], "roster");
    let boxing = schedule["days"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["date"] == "2026-12-26")
        .unwrap();
    assert!(boxing["added"]["heads"].as_u64().unwrap() > 10, "{boxing}");
    assert!(boxing["added"]["cost"].as_f64().unwrap() > 0.0);
    let csv = std::fs::read_to_string(out.join("schedule.csv")).unwrap();
    assert!(
        csv.starts_with("date,template,start,end,agents,paid_hours,cost\n"),
        "{csv}"
    );
    assert!(csv.contains("2026-12-26,holiday"));
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains("## Shifts to add to today's roster"), "{md}");
    assert!(md.contains("Sat 26 Dec (Boxing Day)"));
    assert!(out.join("charts/schedule.png").is_file());
    let files: Vec<&str> = summary["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(files.contains(&"schedule.csv") && files.contains(&"charts/schedule.svg"));
}

#[test]
fn per_day_confidence_is_never_above_the_pooled_share_and_names_the_worst_day() {
    let dir = scratch("confidence");
    let text = std::fs::read_to_string(repo("scenarios/holiday-peak.toml")).unwrap();
    let pooled = text.edited(
        "max_occupancy = 0.90",
        "max_occupancy = 0.90\nconfidence_per = \"horizon\"",
    );
    let path = dir.join("pooled.toml");
    std::fs::write(&path, pooled).unwrap();
    let sweep = |scenario: &Path| -> Value {
        let output = staffsim()
            .args(["sweep", "--json", "--replications", "20", "--seed", "5"])
            .arg(scenario)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let per_day = sweep(&repo("scenarios/holiday-peak.toml"));
    let horizon = sweep(&path);
    let options = |v: &Value| v["options"].as_array().unwrap().clone();
    let mut strictly_below = 0;
    for (d, h) in options(&per_day).iter().zip(options(&horizon)) {
        let (pd, ph) = (
            d["p_meet_target"].as_f64().unwrap(),
            h["p_meet_target"].as_f64().unwrap(),
        );
        assert!(
            pd <= ph + 1e-12,
            "{}: per day {pd} above pooled {ph}",
            d["label"]
        );
        strictly_below += usize::from(pd < ph);
        assert!(d["worst_day"].is_string(), "{d}");
    }
    assert!(
        strictly_below > 0,
        "some option has a day worse than the week"
    );
}

#[test]
fn a_roster_out_plans_at_the_paid_hours_the_schedule_priced_breaks_counted_once() {
    let dir = scratch("roster-out-hours");
    let text = std::fs::read_to_string(repo("scenarios/holiday-peak.toml")).unwrap();
    let scenario = dir.join("all.toml");
    std::fs::write(
        &scenario,
        crate::common::edited(&text, "keep = \"roster\"", "keep = \"none\""),
    )
    .unwrap();
    let roster = dir.join("roster.toml");
    let output = staffsim()
        .arg("schedule")
        .arg(&scenario)
        .arg("--roster-out")
        .arg(&roster)
        .arg("--json")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let schedule: Value = serde_json::from_slice(&output.stdout).unwrap();
    // The scenario with its [staffing] replaced by the published roster, as the file says.
    let published = std::fs::read_to_string(&roster).unwrap();
    let edited = std::fs::read_to_string(&scenario).unwrap();
    let (from, to) = (
        edited.find("\n[staffing]").unwrap() + 1,
        edited.find("\n[cost]").unwrap() + 1,
    );
    let staffing = &published[published.find("\n[staffing]").unwrap() + 1..];
    let planned = dir.join("planned.toml");
    std::fs::write(
        &planned,
        format!("{}{staffing}\n{}", &edited[..from], &edited[to..]),
    )
    .unwrap();
    let output = staffsim()
        .arg("plan")
        .arg(&planned)
        .arg("--json")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let plan: Value = serde_json::from_slice(&output.stdout).unwrap();
    let (paid, priced) = (
        plan["scheduled_agent_hours"].as_f64().unwrap(),
        schedule["paid_hours"].as_f64().unwrap(),
    );
    // Breaks are placed in the shifts: the plan's paid hours carry only the shrinkage beyond
    // them (holiday-peak lists breaks = 0.0833 among its components), as the schedule does.
    assert!(
        (paid - priced).abs() < 1e-6 * priced,
        "plan {paid} vs schedule {priced}"
    );
}
