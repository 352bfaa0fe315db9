//! `staffsim roster`: people under contracts, checked against brute force, by an independent
//! checker fed broken rosters, and end to end from the command line.

use crate::common::{repo, scratch, staffsim, stderr};
use serde_json::Value;
use std::path::Path;

/// `roster --json` of `scenario`, with `args`.
fn roster(scenario: &Path, args: &[&str]) -> Value {
    let output = staffsim()
        .arg("roster")
        .arg(scenario)
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The plan's requirement per open half hour of `small.toml`, in order, by day.
fn small_requirement() -> Vec<Vec<u32>> {
    let dir = scratch("roster-small-plan");
    let csv = dir.join("plan.csv");
    let output = staffsim()
        .arg("plan")
        .arg(repo("tests/data/roster/small.toml"))
        .arg("--csv")
        .arg(&csv)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut days: Vec<Vec<u32>> = vec![Vec::new(); 3];
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let day: usize = cells[0][8..10].parse::<usize>().unwrap() - 1;
        days[day].push(cells[4].parse().unwrap());
    }
    assert!(days.iter().all(|d| d.len() == 16), "{days:?}");
    days
}

#[test]
fn a_small_roster_is_as_short_as_the_brute_force_optimum_and_holds_every_rule() {
    // small.toml: three days 08:00-16:00 in half hours; 4-hour shifts at 08:00 (slots 0-7) or
    // 12:00 (slots 8-15); at most two days each; 18 h of rest, so a 12:00 shift is not followed
    // by an 08:00 one the next day; Ana is away on day 3, Ben on day 2, Cy on day 1.
    let need = small_requirement();
    let away = [
        [false, false, true],
        [false, true, false],
        [true, false, false],
        [false; 3],
    ];
    // Every row an agent may work: per day off (0), 08:00 (1) or 12:00 (2).
    let rows = |agent: usize| -> Vec<[u8; 3]> {
        let mut all = Vec::new();
        for code in 0..27u32 {
            let row = [(code % 3) as u8, (code / 3 % 3) as u8, (code / 9) as u8];
            let days = row.iter().filter(|&&s| s > 0).count();
            let away_ok = (0..3).all(|d| row[d] == 0 || !away[agent][d]);
            let rest_ok = (0..2).all(|d| !(row[d] == 2 && row[d + 1] == 1));
            if days <= 2 && away_ok && rest_ok {
                all.push(row);
            }
        }
        all
    };
    let options: Vec<Vec<[u8; 3]>> = (0..4).map(rows).collect();
    let mut best = u32::MAX;
    for a in &options[0] {
        for b in &options[1] {
            for c in &options[2] {
                for d in &options[3] {
                    let mut short = 0;
                    for day in 0..3 {
                        for (slot, needed) in need[day].iter().enumerate() {
                            let shift = if slot < 8 { 1 } else { 2 };
                            let heads =
                                [a, b, c, d].iter().filter(|r| r[day] == shift).count() as u32;
                            short += needed.saturating_sub(heads);
                        }
                    }
                    best = best.min(short);
                }
            }
        }
    }
    let result = roster(&repo("tests/data/roster/small.toml"), &[]);
    let short = result["coverage"]["short_agent_hours"].as_f64().unwrap();
    assert_eq!(
        short,
        f64::from(best) * 0.5,
        "brute force: {best} half hours short"
    );
    assert_eq!(result["rules"]["violations"], serde_json::json!([]));
    // The bound is a bound.
    assert!(result["lower_bound"]["short_agent_hours"].as_f64().unwrap() <= short);
}

#[test]
fn the_lagrangian_bound_proves_a_weekend_rotation_roster_optimal() {
    // rotation.toml: ten full-timers, five days a week, two days off together, at most six in a
    // row, a weekend off in every two, seven heads every day for three weeks. Whoever works a
    // Saturday must work Sunday too (the two days off together) and cannot then work the next
    // Monday to Friday (seven in a row), so the first two Saturdays go short: only a bound that
    // follows the rules day by day sees it.
    let result = roster(&repo("tests/data/roster/rotation.toml"), &[]);
    assert_eq!(result["rules"]["violations"], serde_json::json!([]));
    let short = result["coverage"]["short_agent_hours"].as_f64().unwrap();
    assert!(short > 0.0, "{result}");
    assert_eq!(
        result["lower_bound"]["short_agent_hours"].as_f64().unwrap(),
        short
    );
    assert_eq!(result["gap"]["short_agent_hours"].as_f64().unwrap(), 0.0);
    // Fifteen days each at 8 h and USD 20: the fewest days at the cheapest shift.
    assert_eq!(
        result["lower_bound"]["cost"].as_f64().unwrap(),
        10.0 * 15.0 * 8.0 * 20.0
    );
    assert!(result["cost"].as_f64().unwrap() >= 24_000.0);
}

#[test]
fn the_checker_finds_every_rule_a_roster_breaks() {
    use staffsim::people::{AgentRoster, RosterShift, Violation, check::check};
    let scenario =
        staffsim::scenario::Scenario::load(&repo("scenarios/holiday-peak.toml")).unwrap();
    let config = scenario.roster.as_ref().unwrap();
    let schedule = scenario.schedule.as_ref().unwrap();
    let at = |date: &str, time: &str| -> jiff::civil::DateTime {
        format!("{date}T{time}").parse().unwrap()
    };
    let shift = |date: &str, start: &str, end_date: &str, end: &str, template: usize| RosterShift {
        date: date.into(),
        start: start.into(),
        end: end.into(),
        template: schedule.templates[template].name.clone(),
        breaks: Vec::new(),
        paid_hours: 7.5,
        from: at(date, start),
        to: at(end_date, end),
        break_times: Vec::new(),
        template_index: template,
        covers: Vec::new(),
    };
    // A001, full-time: six days (Mon-Thu, Sat, Sun) with the "part-time" template on Monday,
    // Tuesday's shift 9 h after Monday's ends, Wednesday starting 5 h later than Tuesday, and no
    // two days off in a row.
    let a001 = AgentRoster {
        id: "A001".into(),
        name: "Ana A.".into(),
        contract: "full-time".into(),
        shifts: vec![
            shift("2026-12-21", "14:00", "2026-12-21", "22:00", 1),
            shift("2026-12-22", "07:00", "2026-12-22", "15:00", 0),
            shift("2026-12-23", "12:00", "2026-12-23", "20:00", 0),
            shift("2026-12-24", "08:00", "2026-12-24", "16:00", 0),
            shift("2026-12-26", "08:00", "2026-12-26", "16:00", 2),
            shift("2026-12-27", "08:00", "2026-12-27", "16:00", 0),
        ],
        paid_hours: 45.0,
        days_worked: 6,
    };
    // A004 is away Monday to Wednesday and works Tuesday.
    let a004 = AgentRoster {
        id: "A004".into(),
        name: "David V.".into(),
        contract: "full-time".into(),
        shifts: vec![shift("2026-12-22", "08:00", "2026-12-22", "16:00", 0)],
        paid_hours: 7.5,
        days_worked: 1,
    };
    let mut agents: Vec<AgentRoster> = config
        .agents
        .iter()
        .map(|a| AgentRoster {
            id: a.id.clone(),
            name: a.name.clone(),
            contract: String::new(),
            shifts: Vec::new(),
            paid_hours: 0.0,
            days_worked: 0,
        })
        .collect();
    agents[0] = a001;
    agents[3] = a004;
    let closed = ["2026-12-25".parse().unwrap()];
    let horizon = (
        "2026-12-21".parse().unwrap(),
        "2026-12-27".parse().unwrap(),
        &closed[..],
    );
    let found = check(config, schedule, "holiday-peak", horizon, &agents[..4]);
    let rules = |agent: &str| -> Vec<&str> {
        found
            .iter()
            .filter(|v| v.agent == agent)
            .map(|v| v.rule)
            .collect()
    };
    let a001 = rules("A001");
    for rule in [
        "template",
        "rest",
        "start_change",
        "days",
        "hours",
        "days_off_together",
    ] {
        assert!(a001.contains(&rule), "{rule} not found in {found:?}");
    }
    // A004's leave (Monday to Wednesday) and the closed Christmas Day count as four days
    // worked: one day is owed, and the one worked is on leave.
    assert_eq!(rules("A004"), ["availability"], "{found:?}");
    // A002 has no shift in a full week with Christmas closed: four days and 30 h are owed.
    let a002: Vec<&Violation> = found.iter().filter(|v| v.agent == "A002").collect();
    assert_eq!(a002.len(), 2, "{found:?}");
    assert!(a002[0].detail.contains("fewer than 4"), "{found:?}");
    assert!(a002[1].detail.contains("fewer than 30.00"), "{found:?}");
}

#[test]
fn the_holiday_peak_staff_get_their_week_with_two_days_off_together_and_every_rule_held() {
    let result = roster(&repo("scenarios/holiday-peak.toml"), &[]);
    assert_eq!(result["rules"]["violations"], serde_json::json!([]));
    let agents = result["agents"].as_array().unwrap();
    assert_eq!(agents.len(), 90);
    for agent in agents {
        let hours = agent["paid_hours"].as_f64().unwrap();
        match agent["contract"].as_str().unwrap() {
            // Five days of 7.5 paid hours, less a day for each day on leave or closed.
            "full-time" => assert!((7.5 - 1e-9..=37.5 + 1e-9).contains(&hours), "{agent}"),
            "part-time" => assert!((12.0 - 1e-9..=20.0 + 1e-9).contains(&hours), "{agent}"),
            other => panic!("contract {other}"),
        }
        for shift in agent["shifts"].as_array().unwrap() {
            assert_ne!(
                shift["date"], "2026-12-25",
                "Christmas Day is closed: {agent}"
            );
        }
    }
    // Each open day simulated with the people absent at 8 %: Christmas Day is closed.
    let days: Vec<&str> = result["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        days,
        [
            "2026-12-21",
            "2026-12-22",
            "2026-12-23",
            "2026-12-24",
            "2026-12-26",
            "2026-12-27"
        ]
    );
    for day in result["days"].as_array().unwrap() {
        let p = day["p_meet_target"].as_f64().unwrap();
        let sl = &day["service_level"];
        let (mean, lo, hi) = (
            sl["mean"].as_f64().unwrap(),
            sl["ci95"][0].as_f64().unwrap(),
            sl["ci95"][1].as_f64().unwrap(),
        );
        assert!(
            (0.0..=1.0).contains(&p) && lo <= mean && mean <= hi,
            "{day}"
        );
    }
    let coverage = &result["coverage"];
    assert!(
        result["lower_bound"]["short_agent_hours"].as_f64().unwrap()
            <= coverage["short_agent_hours"].as_f64().unwrap()
    );
    assert!(result["cost"].as_f64().unwrap() >= result["lower_bound"]["cost"].as_f64().unwrap());
}

#[test]
fn a_scenario_copied_without_its_staff_list_still_plans_and_roster_names_the_missing_file() {
    let dir = scratch("roster-missing-staff");
    let path = dir.join("small.toml");
    std::fs::copy(repo("tests/data/roster/small.toml"), &path).unwrap();
    let plan = staffsim().arg("plan").arg(&path).output().unwrap();
    assert!(plan.status.success(), "{}", stderr(&plan));
    let output = staffsim().arg("roster").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("small-staff.csv' does not exist"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_same_seed_gives_the_same_roster() {
    let path = repo("tests/data/roster/small.toml");
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("wall_seconds");
        v
    };
    assert_eq!(
        strip(roster(&path, &["--seed", "11"])),
        strip(roster(&path, &["--seed", "11"]))
    );
}

#[test]
fn roster_writes_shifts_as_csv_a_calendar_per_agent_and_a_chart() {
    let dir = scratch("roster-files");
    let (csv, ics, chart) = (
        dir.join("shifts.csv"),
        dir.join("calendars"),
        dir.join("roster.svg"),
    );
    let output = staffsim()
        .arg("roster")
        .arg(repo("tests/data/roster/small.toml"))
        .arg("--csv")
        .arg(&csv)
        .arg("--ics")
        .arg(&ics)
        .arg("--chart")
        .arg(&chart)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "agent_id,name,date,start,end,template,breaks,paid_hours"
    );
    assert_eq!(lines.len(), 1 + 8, "four agents, two shifts each: {text}");
    let calendar = std::fs::read_to_string(ics.join("a.ics")).unwrap();
    assert!(
        calendar.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
        "{calendar}"
    );
    assert_eq!(calendar.matches("BEGIN:VEVENT").count(), 2, "{calendar}");
    assert!(calendar.lines().all(|l| l.len() <= 75), "{calendar}");
    assert!(calendar.contains("DTSTART:20270301T"), "{calendar}");
    assert_eq!(std::fs::read_dir(&ics).unwrap().count(), 4);
    let svg = std::fs::read_to_string(&chart).unwrap();
    assert!(svg.contains("Who works when") && svg.contains("Heads rostered"));
    // A second run into the same calendar folder is refused: it is not empty any more.
    let again = staffsim()
        .arg("roster")
        .arg(repo("tests/data/roster/small.toml"))
        .arg("--ics")
        .arg(&ics)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("is not empty"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn every_bad_roster_input_is_refused_with_exit_2_naming_the_agent_or_field() {
    let dir = scratch("roster-bad");
    let scenario = std::fs::read_to_string(repo("tests/data/roster/small.toml")).unwrap();
    let staff = "id,name,contract,skills,unavailable\na,Ana,short,,\n";
    let cases: Vec<(String, String, &str)> = vec![
        (
            scenario.clone(),
            "id,name,contract,skills,unavailable\na,Ana,long,,\n".into(),
            "contract 'long'",
        ),
        (
            scenario.clone(),
            "id,name,contract,skills,unavailable\na,Ana,short,,\na,Al,short,,\n".into(),
            "'a' is also on line 2",
        ),
        (
            scenario.clone(),
            "id,name,contract,skills,unavailable\na,Ana,short,spanish,\n".into(),
            "the skill 'spanish'",
        ),
        (
            scenario.clone(),
            "id,name,contract,skills,unavailable\na,Ana,short,,someday\n".into(),
            "'someday' is not a day",
        ),
        (
            scenario
                .replace("max_days = 2", "days_per_week = 7")
                .replace("min_rest = \"18h\"", "min_rest = \"24h\""),
            staff.into(),
            "min_rest",
        ),
        (
            scenario.replace(
                "max_days = 2",
                "days_per_week = 2\nhours_per_week = \"20h\"",
            ),
            staff.into(),
            "no number of its shifts makes its hours",
        ),
        (
            scenario.replace("max_days = 2", "max_days = 2\ntemplates = [\"night\"]"),
            staff.into(),
            "'night' names no [[schedule.template]]",
        ),
        (
            format!(
                "{}{}",
                &scenario[..scenario.find("[schedule]").unwrap()],
                &scenario[scenario.find("[roster]").unwrap()..]
            ),
            staff.into(),
            "rosters people on the [schedule] templates",
        ),
    ];
    for (k, (text, staff, needle)) in cases.iter().enumerate() {
        let path = dir.join(format!("case{k}.toml"));
        std::fs::write(&path, text).unwrap();
        std::fs::write(dir.join("small-staff.csv"), staff).unwrap();
        let output = staffsim().arg("roster").arg(&path).output().unwrap();
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "case {k}: {message}");
        assert!(message.contains(needle), "case {k}: {needle}: {message}");
        assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    }
}

#[test]
fn run_reports_the_roster_from_any_directory_as_roster_gives_it() {
    let dir = scratch("roster-run");
    let out = dir.join("report");
    let output = staffsim()
        .current_dir(&dir)
        .args(["run", "--replications", "2", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let reported = &summary["roster"];
    assert_eq!(reported["agents"].as_array().unwrap().len(), 90);
    // The same people, the same seed: the report's roster is `staffsim roster`'s.
    let alone = roster(&repo("scenarios/holiday-peak.toml"), &[]);
    assert_eq!(reported["agents"], alone["agents"]);
    assert_eq!(reported["coverage"], alone["coverage"]);
    let csv = std::fs::read_to_string(out.join("roster.csv")).unwrap();
    assert!(csv.starts_with("agent_id,name,date,start,end,template,breaks,paid_hours\n"));
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains("## The roster: who works when"), "{md}");
    assert!(out.join("charts/roster.png").is_file());
    let sheet = crate::common::xlsx::sheet(&out.join("workbook.xlsx"), "Roster");
    assert_eq!(sheet.text("A1"), Some("Agent"));
    assert_eq!(sheet.text("A2"), Some("A001"));
}

#[test]
fn the_cost_objective_says_where_the_people_cannot_cover() {
    let dir = scratch("roster-cost");
    let text = std::fs::read_to_string(repo("tests/data/roster/small.toml"))
        .unwrap()
        .replace("[roster]\n", "[roster]\nobjective = \"cost\"\n");
    std::fs::write(dir.join("small.toml"), text).unwrap();
    std::fs::copy(
        repo("tests/data/roster/small-staff.csv"),
        dir.join("small-staff.csv"),
    )
    .unwrap();
    let output = staffsim()
        .arg("roster")
        .arg(dir.join("small.toml"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("these people cannot cover every interval under their rules; short"),
        "{text}"
    );
    assert!(text.contains("2027-03-0"), "{text}");
}

#[test]
fn people_with_several_skills_are_rostered_in_their_group_and_the_queues_hold_at_their_heads() {
    let result = roster(&repo("tests/data/skills/people.toml"), &[]);
    let groups = result["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    for (group, prefix) in groups.iter().zip(["b", "s"]) {
        // Each person is in the group whose skills are theirs: q1;q2 → both, q2 → second.
        for agent in group["agents"].as_array().unwrap() {
            assert!(agent["id"].as_str().unwrap().starts_with(prefix), "{agent}");
        }
        assert_eq!(
            group["rules"]["violations"],
            serde_json::json!([]),
            "{group}"
        );
        assert_eq!(
            group["coverage"]["short_agent_hours"], 0.0,
            "{}",
            group["group"]
        );
    }
    // Every group holds at least its optimised requirement: every queue meets 80/20.
    for queue in result["queues"].as_array().unwrap() {
        let sl = queue["service_level"]["mean"].as_f64().unwrap();
        assert!(sl >= 0.8, "{queue}");
    }
    // Every group's people in one CSV and a calendar each.
    let dir = scratch("roster-people-files");
    let output = staffsim()
        .arg("roster")
        .arg(repo("tests/data/skills/people.toml"))
        .arg("--csv")
        .arg(dir.join("shifts.csv"))
        .arg("--ics")
        .arg(dir.join("calendars"))
        .arg("--chart")
        .arg(dir.join("roster.svg"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    // The chart: a pair of panels per group, each named for its group.
    let svg = std::fs::read_to_string(dir.join("roster.svg")).unwrap();
    for group in groups {
        let name = group["group"].as_str().unwrap();
        assert!(svg.contains(&format!("{name} people")), "{name}");
        assert!(svg.contains(&format!("{name} heads")), "{name}");
    }
    let shifts: u64 = groups
        .iter()
        .flat_map(|g| g["agents"].as_array().unwrap())
        .map(|a| a["days_worked"].as_u64().unwrap())
        .sum();
    let csv = std::fs::read_to_string(dir.join("shifts.csv")).unwrap();
    assert_eq!(csv.lines().count() as u64, 1 + shifts);
    assert_eq!(
        std::fs::read_dir(dir.join("calendars")).unwrap().count(),
        96
    );
}

#[test]
fn a_person_whose_skills_no_group_has_is_refused_naming_them() {
    let dir = scratch("roster-people-bad");
    for file in ["people.toml", "day-voice.toml", "day.csv"] {
        std::fs::copy(repo(&format!("tests/data/skills/{file}")), dir.join(file)).unwrap();
    }
    std::fs::write(
        dir.join("people-staff.csv"),
        "id,name,contract,skills,unavailable\nb1,Bo,day,q1;q2,\nx1,Xu,day,q1,\n",
    )
    .unwrap();
    let output = staffsim()
        .arg("roster")
        .arg(dir.join("people.toml"))
        .output()
        .unwrap();
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert!(
        message.contains("people-staff.csv:3")
            && message.contains("agent 'x1' has the skills 'q1', which no [[group]] has"),
        "{message}"
    );
}

#[test]
fn people_with_several_skills_are_simulated_with_their_absence_drawn() {
    // Half the rostered shifts missed: the 96 people cannot be doubled up, and the queues fall
    // well below 80/20, where every shift worked holds them above it (the test before).
    let dir = scratch("roster-people-absence");
    for file in ["day-voice.toml", "day.csv", "people-staff.csv"] {
        std::fs::copy(repo(&format!("tests/data/skills/{file}")), dir.join(file)).unwrap();
    }
    let text = std::fs::read_to_string(repo("tests/data/skills/people.toml"))
        .unwrap()
        .replace("[roster]\n", "[roster]\nabsence = 0.5\n");
    std::fs::write(dir.join("people.toml"), text).unwrap();
    let result = roster(&dir.join("people.toml"), &[]);
    for queue in result["queues"].as_array().unwrap() {
        let hi = queue["service_level"]["ci95"][1].as_f64().unwrap();
        assert!(hi < 0.8, "{queue}");
    }
}
