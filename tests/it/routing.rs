//! Agents with several skills: the multi-skill simulation against its exact limits (one group
//! with every skill is one pooled Erlang C queue; a group per queue is each queue's own Erlang
//! C), the same numbers at any thread count, and every bad `[[group]]` refused naming its field.

use crate::common::{repo, scratch, staffsim, stderr};
use serde_json::Value;
use staffsim::queueing::{QueueModel, SlDefinition};
use staffsim::units::Seconds;
use std::path::{Path, PathBuf};

/// `simulate --json` of `portfolio` with `args`.
fn simulate(portfolio: &Path, args: &[&str]) -> Value {
    let output = staffsim()
        .arg("simulate")
        .arg(portfolio)
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Erlang C's service level within 20 s for `calls` per 30 minutes of 180 s on `agents`.
fn erlang_c(calls: f64, agents: u32) -> f64 {
    let load = calls * 180.0 / 1800.0;
    QueueModel::new(load, Seconds(180.0), None)
        .unwrap()
        .performance_at(&[agents], Seconds(20.0), SlDefinition::Offered)[0]
        .service_level
}

fn interval_of(estimate: &Value) -> (f64, f64) {
    let ci = &estimate["ci95"];
    (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap())
}

#[test]
fn one_group_with_every_skill_gives_each_queue_the_pooled_erlang_c_service_level() {
    let result = simulate(&repo("tests/data/skills/pooled.toml"), &[]);
    // Two queues of 100 calls per half hour, both taken by 24 agents: one queue of 200 calls.
    let pooled = erlang_c(200.0, 24);
    for queue in result["queues"].as_array().unwrap() {
        let (lo, hi) = interval_of(&queue["service_level"]);
        assert!(
            (lo..=hi).contains(&pooled),
            "{}: pooled Erlang C {pooled} outside [{lo}, {hi}]",
            queue["queue"]
        );
    }
    // Occupancy is the load over the agents: 20 Erlangs on 24.
    let (lo, hi) = interval_of(&result["groups"][0]["occupancy"]);
    assert!((lo..=hi).contains(&(20.0 / 24.0)), "[{lo}, {hi}]");
    let handled = &result["groups"][0]["handled"];
    assert!(
        handled["voice-a"].as_f64().unwrap() > 0.0 && handled["voice-b"].as_f64().unwrap() > 0.0
    );
}

#[test]
fn a_group_per_queue_gives_each_queue_its_own_erlang_c_service_level() {
    let result = simulate(&repo("tests/data/skills/dedicated.toml"), &[]);
    let alone = erlang_c(100.0, 14);
    assert!(
        (alone - 0.88835).abs() < 1e-4,
        "the reference case: {alone}"
    );
    for queue in result["queues"].as_array().unwrap() {
        let (lo, hi) = interval_of(&queue["service_level"]);
        assert!(
            (lo..=hi).contains(&alone),
            "{}: {alone} outside [{lo}, {hi}]",
            queue["queue"]
        );
    }
    // 28 dedicated agents for what 24 pooled agents serve at about 81 %.
    let hours = result["totals"]["agent_hours"].as_f64().unwrap();
    assert!((hours - 2.0 * 14.0 * 200.0).abs() < 1e-6, "{hours}");
}

#[test]
fn the_same_seed_gives_the_same_numbers_on_one_thread_or_two() {
    let portfolio = repo("tests/data/skills/pooled.toml");
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("wall_seconds");
        v
    };
    let one = strip(simulate(
        &portfolio,
        &["--threads", "1", "--replications", "6"],
    ));
    let two = strip(simulate(
        &portfolio,
        &["--threads", "2", "--replications", "6"],
    ));
    assert_eq!(one, two);
    assert_eq!(one["replications"], 6);
}

/// A portfolio of the two voice queues with `groups` (and `routing`), written in `dir`.
fn portfolio_with(dir: &Path, groups: &str) -> PathBuf {
    for q in ["voice-a", "voice-b"] {
        let text = std::fs::read_to_string(repo(&format!("tests/data/skills/{q}.toml")))
            .unwrap()
            .replace(
                "../contract/stationary.csv",
                &repo("tests/data/contract/stationary.csv")
                    .display()
                    .to_string(),
            );
        std::fs::write(dir.join(format!("{q}.toml")), text).unwrap();
    }
    let path = dir.join("blend.toml");
    std::fs::write(
        &path,
        format!("name = \"blend\"\n[[queue]]\nscenario = \"voice-a.toml\"\n[[queue]]\nscenario = \"voice-b.toml\"\n{groups}"),
    )
    .unwrap();
    path
}

#[test]
fn every_bad_group_is_refused_with_exit_2_naming_its_field() {
    let dir = scratch("routing-bad");
    let both = "[[group]]\nname = \"g\"\nskills = [\"voice-a\", \"voice-b\"]\nagents = 10\n";
    for (groups, needle) in [
        (
            "[[group]]\nname = \"g\"\nskills = [\"voice-a\", \"spanish\"]\nagents = 10\n",
            "[[group]] 1 skills: 'spanish' names no queue",
        ),
        (
            "[[group]]\nname = \"g\"\nskills = [\"voice-a\"]\nagents = 10\n",
            "no group has the skill 'voice-b'",
        ),
        (
            "[[group]]\nname = \"g\"\nskills = []\nagents = 10\n",
            "[[group]] 1 skills: a group needs at least one skill",
        ),
        (
            "[[group]]\nname = \"g\"\nskills = [\"voice-a\", \"voice-b\", \"voice-a\"]\nagents = 10\n",
            "'voice-a' is listed twice",
        ),
        (
            &format!("{both}{both}"),
            "[[group]] 2 name: two groups are named 'g'",
        ),
        (
            &format!("{both}[[group.skill]]\nqueue = \"voice-a\"\nconcurrency = 2\n"),
            "skill #1 concurrency: 'voice-a' is not a chat queue",
        ),
        (
            &format!("{both}[[group.skill]]\nqueue = \"voice-a\"\nconcurrency = 0\n"),
            "skill #1 concurrency: must be 1 to",
        ),
        (
            &format!("{both}[[group.skill]]\nqueue = \"voice-a\"\naht_multiplier = 0\n"),
            "skill #1 aht_multiplier: must be a multiplier above 0",
        ),
        (
            &format!("{both}[routing]\narrival = \"random\"\n"),
            "unknown variant `random`",
        ),
        (
            "[routing]\nfree_agent = \"priority\"\n",
            "[routing]: routes contacts to [[group]]s",
        ),
    ] {
        let path = portfolio_with(&dir, groups);
        let output = staffsim().arg("simulate").arg(&path).output().unwrap();
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{groups}: {message}");
        assert!(message.contains(needle), "{needle}: {message}");
        assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    }
}

#[test]
fn a_sweep_on_groups_without_a_grid_asks_for_one_or_the_optimiser() {
    let output = staffsim()
        .arg("sweep")
        .arg(repo("tests/data/skills/pooled.toml"))
        .output()
        .unwrap();
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert!(
        message.contains("has no [sweep] for its [[group]]s") && message.contains("--optimize"),
        "{message}"
    );
}

/// `plan --json` of one queue's scenario: its peak requirement as a dedicated team.
fn dedicated_requirement(scenario: &str) -> u64 {
    let output = staffsim()
        .arg("plan")
        .arg(repo(scenario))
        .arg("--json")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let plan: Value = serde_json::from_slice(&output.stdout).unwrap();
    plan["peak_required_agents"].as_u64().unwrap()
}

#[test]
fn a_blended_team_keeps_voice_at_target_and_email_in_its_deadline_with_fewer_agents_than_two_teams()
{
    let result = simulate(
        &repo("tests/data/skills/blend.toml"),
        &["--replications", "40"],
    );
    let (voice, email) = (&result["queues"][0], &result["queues"][1]);
    assert_eq!(voice["queue"], "voice-a");
    // Voice: 80 % within 20 s; email: 90 % picked up within 24 hours.
    let (voice_lo, _) = interval_of(&voice["service_level"]);
    let (email_lo, _) = interval_of(&email["service_level"]);
    assert!(voice_lo >= 0.80, "voice {voice}");
    assert!(email_lo >= 0.90, "email {email}");
    // Email is taken between calls: both queues were worked by the one group.
    let handled = &result["groups"][0]["handled"];
    assert!(handled["email"].as_f64().unwrap() > 0.99 * email["offered"].as_f64().unwrap() - 10.0);
    let blended = result["totals"]["agent_hours"].as_f64().unwrap() / 200.0;
    let dedicated = dedicated_requirement("tests/data/skills/voice-a.toml")
        + dedicated_requirement("tests/data/skills/email.toml");
    assert!(
        blended < dedicated as f64,
        "{blended} blended agents against {dedicated} in two teams"
    );
}

#[test]
fn the_routing_rules_do_what_they_say() {
    let dir = scratch("routing-rules");
    // Specialists take only voice-a; generalists take voice-b first, then voice-a.
    let run = |arrival: &str, free_agent: &str| {
        let path = portfolio_with(
            &dir,
            &format!(
                "[[group]]\nname = \"specialists\"\nskills = [\"voice-a\"]\nagents = 12\n\
                 [[group]]\nname = \"generalists\"\nskills = [\"voice-b\", \"voice-a\"]\nagents = 14\n\
                 [routing]\narrival = \"{arrival}\"\nfree_agent = \"{free_agent}\"\n"
            ),
        );
        simulate(&path, &[])
    };
    let sl = |r: &Value, q: usize| interval_of(&r["queues"][q]["service_level"]);
    let generalists_took_a = |r: &Value| r["groups"][1]["handled"]["voice-a"].as_f64().unwrap();
    let specialist_first = run("specialist-first", "priority");
    let longest_idle = run("longest-idle", "priority");
    // Specialist-first sends voice-a to the specialists while any is free, keeping the
    // generalists for voice-b: they take far less voice-a, and voice-b is answered faster.
    assert!(
        generalists_took_a(&specialist_first) < 0.75 * generalists_took_a(&longest_idle),
        "{} against {}",
        generalists_took_a(&specialist_first),
        generalists_took_a(&longest_idle)
    );
    assert!(sl(&specialist_first, 1).0 > sl(&longest_idle, 1).1);
    // Priority: a freed generalist takes voice-b first, so voice-b does better and voice-a worse
    // than when it takes whichever contact has waited longest.
    let oldest_first = run("specialist-first", "oldest-first");
    assert!(sl(&specialist_first, 1).0 > sl(&oldest_first, 1).1);
    assert!(sl(&oldest_first, 0).0 > sl(&specialist_first, 0).1);
}

#[test]
fn a_blended_team_over_open_and_closed_hours_clears_its_calls_and_carries_email_overnight() {
    let dir = scratch("routing-hours");
    let path = dir.join("week.toml");
    std::fs::write(
        &path,
        format!(
            "name = \"week\"\n[[queue]]\nscenario = {:?}\nname = \"voice\"\n[[queue]]\nscenario = {:?}\nname = \"email\"\n\
             [[group]]\nname = \"voice\"\nskills = [\"voice\"]\nagents = 60\n\
             [[group]]\nname = \"blended\"\nskills = [\"voice\", \"email\"]\nagents = 25\n",
            repo("scenarios/omnichannel/voice.toml"),
            repo("scenarios/omnichannel/email.toml"),
        ),
    )
    .unwrap();
    let result = simulate(&path, &["--replications", "10"]);
    let (voice, email) = (&result["queues"][0], &result["queues"][1]);
    // Calls left at a closing are served before the agents go: nothing is stranded, and all but
    // the callers who hang up are answered.
    let offered = voice["offered"].as_f64().unwrap();
    let abandoned = voice["abandon_rate"]["mean"].as_f64().unwrap() * offered;
    assert!((voice["answered"].as_f64().unwrap() + abandoned - offered).abs() < 1.0);
    // Email arriving after the last call waits for the next opening, and is done by the end.
    assert!(email["answered"].as_f64().unwrap() > 0.99 * email["offered"].as_f64().unwrap());
    assert!(
        email["abandon_rate"].is_null(),
        "nobody hangs up on an email"
    );
    let handled = &result["groups"][1]["handled"];
    assert!(handled["email"].as_f64().unwrap() > 0.0 && handled["voice"].as_f64().unwrap() > 0.0);
    // The voice group is on the phones only while voice is open: its hours are its agents ×
    // the open hours, plus the minutes spent clearing the calls left at each closing.
    let open_hours = 60.0
        * staffsim::scenario::Scenario::load(&repo("scenarios/omnichannel/voice.toml"))
            .unwrap()
            .intervals
            .iter()
            .filter(|i| i.open)
            .count() as f64
        * 0.5;
    let hours = result["groups"][0]["agent_hours"].as_f64().unwrap();
    assert!(
        hours >= open_hours && hours < open_hours * 1.01,
        "{hours} against {open_hours}"
    );
}

#[test]
fn plan_sets_the_groups_between_the_dedicated_and_the_pooled_requirement() {
    let output = staffsim()
        .arg("plan")
        .arg(repo("tests/data/skills/pooled.toml"))
        .arg("--json")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let bounds: Value = serde_json::from_slice(&output.stdout).unwrap();
    let required = |calls: f64| {
        let load = calls * 180.0 / 1800.0;
        let target =
            staffsim::queueing::ServiceTarget::new(0.8, Seconds(20.0), SlDefinition::Offered)
                .unwrap();
        let constraints = staffsim::queueing::Constraints {
            target: Some(target),
            max_occupancy: None,
            max_asa: None,
            max_abandon: None,
        };
        QueueModel::new(load, Seconds(180.0), None)
            .unwrap()
            .required_agents(&constraints)
            .unwrap()
            .agents
    };
    // Each queue alone needs its own Erlang C requirement; pooled, one queue of both.
    let (alone, pooled) = (required(100.0), required(200.0));
    assert!(pooled < 2 * alone, "{pooled} against 2 × {alone}");
    for interval in bounds["intervals"].as_array().unwrap() {
        assert_eq!(interval["dedicated"], 2 * alone);
        assert_eq!(interval["pooled"], pooled);
        assert_eq!(interval["groups"], 24);
    }
    let hours = bounds["interval_hours"].as_f64().unwrap();
    let n = bounds["intervals"].as_array().unwrap().len() as f64;
    assert_eq!(
        bounds["pooled_agent_hours"].as_f64().unwrap(),
        f64::from(pooled) * hours * n
    );
}

#[test]
fn a_chat_queue_counts_in_the_pooled_bound_at_its_sessions_share_of_an_agent() {
    // One chat queue at two sessions per agent: the pooled figure is the chat model's own
    // requirement (agents with every skill could work as its team), where counting each session
    // as a whole agent would double it.
    let output = staffsim()
        .arg("plan")
        .arg(repo("tests/data/skills/chat-alone.toml"))
        .arg("--json")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let bounds: Value = serde_json::from_slice(&output.stdout).unwrap();
    for interval in bounds["intervals"].as_array().unwrap() {
        let (dedicated, pooled) = (
            interval["dedicated"].as_u64().unwrap(),
            interval["pooled"].as_u64().unwrap(),
        );
        assert!(dedicated > 0 && pooled == dedicated, "{interval}");
    }
}

#[test]
fn plan_writes_the_bounds_of_shared_agents_as_csv_and_as_a_chart() {
    let dir = scratch("routing-plan-files");
    let (csv, chart) = (dir.join("bounds.csv"), dir.join("bounds.svg"));
    let output = staffsim()
        .arg("plan")
        .arg(repo("tests/data/skills/pooled.toml"))
        .arg("--csv")
        .arg(&csv)
        .arg("--chart")
        .arg(&chart)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("start,dedicated,pooled,groups"));
    let rows: Vec<&str> = lines.collect();
    assert!(
        !rows.is_empty() && rows.iter().all(|r| r.ends_with(",24")),
        "{text}"
    );
    let svg = std::fs::read_to_string(&chart).unwrap();
    for label in ["Dedicated teams", "Pooled bound", "Groups as given"] {
        assert!(svg.contains(label), "{label}");
    }
}

/// `sweep --optimize --json` of a bundled test portfolio.
fn optimized(name: &str) -> Value {
    let output = staffsim()
        .args(["sweep", "--optimize", "--json"])
        .arg(repo(&format!("tests/data/skills/{name}.toml")))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn agents_with_two_skills_in_a_chain_staff_almost_as_few_as_agents_with_every_skill() {
    // Wallace and Whitt (2005): six queues of equal load and handle time, agents with two skills
    // in a chain (1-2, 2-3, …, 6-1), optimised, come within a few percent of the all-skills team
    // and well under dedicated teams.
    let chain = optimized("chain-day");
    let all = optimized("all-skills-day");
    for result in [&chain, &all] {
        assert_eq!(result["converged"], true, "{}", result["portfolio"]);
        for queue in result["queues"].as_array().unwrap() {
            assert!(
                queue["service_level"]["mean"].as_f64().unwrap() >= 0.80,
                "{queue}"
            );
        }
    }
    let hours = |r: &Value| r["agent_hours"].as_f64().unwrap();
    let dedicated = chain["dedicated"]["agent_hours"].as_f64().unwrap();
    assert!(
        hours(&chain) <= 1.05 * hours(&all),
        "{} against {}",
        hours(&chain),
        hours(&all)
    );
    assert!(
        hours(&chain) <= 0.90 * dedicated,
        "{} against {dedicated}",
        hours(&chain)
    );
    // The all-skills team lands on the pooled requirement, within an agent in a few intervals.
    let pooled = all["pooled_bound"]["agent_hours"].as_f64().unwrap();
    assert!(
        (hours(&all) - pooled).abs() <= 0.02 * pooled,
        "{} against {pooled}",
        hours(&all)
    );
    // Each group's staffing is there interval by interval, and adds up.
    let group = &chain["groups"][0];
    let n: u64 = group["intervals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["agents"].as_u64().unwrap())
        .sum();
    assert_eq!(group["agent_hours"].as_f64().unwrap(), n as f64 * 0.5);
}

#[test]
fn run_on_shared_agents_writes_the_queues_the_groups_and_what_sharing_saves() {
    let dir = scratch("routing-run");
    let out = dir.join("report");
    let output = staffsim()
        .arg("run")
        .arg(repo("tests/data/skills/chain-day.toml"))
        .arg("--out")
        .arg(&out)
        .arg("--json")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let run: Value = serde_json::from_slice(&output.stdout).unwrap();
    let files: Vec<&str> = run["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    for name in [
        "summary.md",
        "report.html",
        "summary.json",
        "charts/flow.png",
        "charts/staffings.svg",
        "charts/bounds.png",
    ] {
        assert!(
            files.iter().any(|f| f.ends_with(name)),
            "no {name} in {files:?}"
        );
        assert!(out.join(name).is_file(), "{name}");
    }
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    // The report's optimisation is `sweep --optimize`'s, to the agent-hour.
    assert_eq!(
        summary["optimization"]["agent_hours"],
        optimized("chain-day")["agent_hours"]
    );
    assert_eq!(summary["simulation"]["queues"].as_array().unwrap().len(), 6);
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    for section in [
        "## Queues",
        "## Groups: who takes what",
        "## What sharing agents saves",
    ] {
        assert!(md.contains(section), "{section}");
    }
    assert!(
        md.contains("| Pooled bound (every agent every skill) | 1,584.0 |"),
        "{md}"
    );
}

#[test]
fn a_groups_agents_from_a_csv_or_shifts_staff_it_as_the_same_agents_given_as_a_number() {
    let dir = scratch("routing-staffing");
    let starts: Vec<String> = std::fs::read_to_string(repo("tests/data/contract/stationary.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    let csv: String = std::iter::once("start,agents".to_string())
        .chain(starts.iter().map(|s| format!("{s},14")))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.join("a-agents.csv"), csv).unwrap();
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("wall_seconds");
        v
    };
    let run = |a: &str, b: &str| {
        let path = portfolio_with(
            &dir,
            &format!(
                "[[group]]\nname = \"a\"\nskills = [\"voice-a\"]\n{a}\n[[group]]\nname = \"b\"\nskills = [\"voice-b\"]\n{b}\n"
            ),
        );
        strip(simulate(&path, &["--replications", "4"]))
    };
    let numbers = run("agents = 14", "agents = 14");
    let given = run(
        "csv = \"a-agents.csv\"",
        "[[group.shift]]\nstart = \"00:00\"\nlength = \"24h\"\nagents = 14",
    );
    assert_eq!(numbers, given);
    // One way at a time; a CSV row outside the horizon is named by its line.
    let path = portfolio_with(
        &dir,
        "[[group]]\nname = \"g\"\nskills = [\"voice-a\", \"voice-b\"]\nagents = 10\ncsv = \"a-agents.csv\"\n",
    );
    let output = staffsim().arg("simulate").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("give the group's agents one way"),
        "{}",
        stderr(&output)
    );
    std::fs::write(dir.join("bad.csv"), "start,agents\n2031-01-01T00:00,3\n").unwrap();
    let path = portfolio_with(
        &dir,
        "[[group]]\nname = \"g\"\nskills = [\"voice-a\", \"voice-b\"]\ncsv = \"bad.csv\"\n",
    );
    let output = staffsim().arg("simulate").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("bad.csv:2: column 1")
            && stderr(&output).contains("not the start of an interval"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn chat_sessions_share_an_agent_up_to_the_queues_concurrency() {
    // 100 chats per half hour of 6 minutes on 12 agents holding two sessions each: with handle
    // times that do not depend on the load, 24 session slots are Erlang C's 24 servers.
    let result = simulate(&repo("tests/data/skills/chat-alone.toml"), &[]);
    let slots = QueueModel::new(20.0, Seconds(360.0), None)
        .unwrap()
        .performance_at(&[24], Seconds(60.0), SlDefinition::Offered)[0]
        .service_level;
    let (lo, hi) = interval_of(&result["queues"][0]["service_level"]);
    assert!((lo..=hi).contains(&slots), "{slots} outside [{lo}, {hi}]");
    // Occupancy counts session slots in use: 20 Erlangs of sessions on 24 slots.
    let (lo, hi) = interval_of(&result["groups"][0]["occupancy"]);
    assert!((lo..=hi).contains(&(20.0 / 24.0)), "[{lo}, {hi}]");
}

#[test]
fn a_group_may_hold_more_chat_sessions_than_the_queues_own_agents() {
    // 8 agents at three sessions each (the queue's own agents hold two): 24 session slots, the
    // same Erlang C as 12 agents at two, and occupancy the load over those slots.
    let result = simulate(&repo("tests/data/skills/chat-three.toml"), &[]);
    let slots = QueueModel::new(20.0, Seconds(360.0), None)
        .unwrap()
        .performance_at(&[24], Seconds(60.0), SlDefinition::Offered)[0]
        .service_level;
    let (lo, hi) = interval_of(&result["queues"][0]["service_level"]);
    assert!((lo..=hi).contains(&slots), "{slots} outside [{lo}, {hi}]");
    let (lo, hi) = interval_of(&result["groups"][0]["occupancy"]);
    assert!((lo..=hi).contains(&(20.0 / 24.0)), "[{lo}, {hi}]");
    assert_eq!(
        result["groups"][0]["agent_hours"].as_f64().unwrap(),
        8.0 * 200.0
    );
}

#[test]
fn the_optimised_groups_are_written_as_csv_and_drawn_against_their_bounds() {
    let dir = scratch("routing-optimize-files");
    let (csv, chart) = (dir.join("groups.csv"), dir.join("groups.svg"));
    let output = staffsim()
        .arg("sweep")
        .arg("--optimize")
        .arg(repo("tests/data/skills/chain-day.toml"))
        .arg("--csv")
        .arg(&csv)
        .arg("--chart")
        .arg(&chart)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("start,group,agents"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 48 * 6, "a day of half hours, six groups");
    // The rows add up to the optimum's agent-hours (half-hour intervals).
    let hours: f64 = rows
        .iter()
        .map(|r| r[2].parse::<f64>().unwrap() * 0.5)
        .sum();
    let optimum = optimized("chain-day")["agent_hours"].as_f64().unwrap();
    assert!((hours - optimum).abs() < 1e-9, "{hours} against {optimum}");
    let svg = std::fs::read_to_string(&chart).unwrap();
    assert!(svg.contains("Groups optimised") && svg.contains("Pooled bound"));
}

#[test]
fn the_optimised_groups_are_the_same_on_one_thread_or_two() {
    let run = |threads: &str| {
        let output = staffsim()
            .args(["sweep", "--optimize", "--json", "--threads", threads])
            .arg(repo("tests/data/skills/chain-day.toml"))
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        serde_json::from_slice::<Value>(&output.stdout).unwrap()
    };
    assert_eq!(run("1"), run("2"));
}

#[test]
fn each_group_with_templates_gets_shifts_covering_its_requirement_and_the_queues_hold_at_them() {
    let output = staffsim()
        .args(["schedule", "--json"])
        .arg(repo("tests/data/skills/chain-day-shifts.toml"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let result: Value = serde_json::from_slice(&output.stdout).unwrap();
    let groups = result["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 6);
    for g in groups {
        let (scheduled, required) = (
            g["scheduled_agent_hours"].as_f64().unwrap(),
            g["required_agent_hours"].as_f64().unwrap(),
        );
        assert!(scheduled >= required, "{g}");
        let heads: u64 = g["shifts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["agents"].as_u64().unwrap())
            .sum();
        assert_eq!(heads, g["heads"].as_u64().unwrap());
        // 8-hour shifts on the hour: paid hours are 8 per agent.
        assert_eq!(g["paid_hours"].as_f64().unwrap(), 8.0 * heads as f64);
    }
    for queue in result["queues"].as_array().unwrap() {
        assert!(
            queue["service_level"]["mean"].as_f64().unwrap() >= 0.80,
            "{queue}"
        );
    }
    // Without templates anywhere, there is nothing to schedule: said, exit 2.
    let output = staffsim()
        .arg("schedule")
        .arg(repo("tests/data/skills/chain-day.toml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no group has a [group.schedule]"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn cross_training_agents_of_one_group_on_another_queue_shows_both_queues_before_and_after() {
    let dir = scratch("routing-cross-train");
    // Voice-b is understaffed (12 agents for 10 Erlangs), voice-a has room (15).
    let path = portfolio_with(
        &dir,
        "[[group]]\nname = \"a\"\nskills = [\"voice-a\"]\nagents = 15\n\
         [[group]]\nname = \"b\"\nskills = [\"voice-b\"]\nagents = 12\n",
    );
    let result = simulate(&path, &["--cross-train", "a:voice-b:5"]);
    let (before, after) = (&result["before"], &result["after"]);
    assert_eq!(result["cross_trained"]["agents"], 5);
    let sl = |r: &Value, q: usize| interval_of(&r["queues"][q]["service_level"]);
    // Voice-b gains from the five, voice-a gives up a little: both outside each other's interval.
    assert!(
        sl(after, 1).0 > sl(before, 1).1,
        "voice-b {:?} → {:?}",
        sl(before, 1),
        sl(after, 1)
    );
    assert!(
        sl(after, 0).1 < sl(before, 0).0,
        "voice-a {:?} → {:?}",
        sl(before, 0),
        sl(after, 0)
    );
    // The same contacts, and the same agents: five moved into a group with both skills.
    assert_eq!(
        before["queues"][1]["offered"],
        after["queues"][1]["offered"]
    );
    assert_eq!(
        before["totals"]["agent_hours"],
        after["totals"]["agent_hours"]
    );
    let trained = &after["groups"][1];
    assert_eq!(trained["group"], "a+voice-b");
    assert_eq!(trained["agent_hours"].as_f64().unwrap(), 5.0 * 200.0);
    // The run report adds the same comparison.
    let out = dir.join("report");
    let output = staffsim()
        .arg("run")
        .arg(&path)
        .args([
            "--cross-train",
            "a:voice-b:5",
            "--replications",
            "20",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(
        md.contains("## Cross-training 5 agents of a on voice-b"),
        "{md}"
    );
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(
        summary["cross_training"]["after"]["queues"],
        after["queues"]
    );
    // A skill the group has, an unknown group, or a scenario: refused, naming the flag.
    for (target, args) in [
        (&path, ["--cross-train", "a:voice-a:5"]),
        (&path, ["--cross-train", "c:voice-b:5"]),
    ] {
        let output = staffsim()
            .arg("simulate")
            .arg(target)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert!(
            stderr(&output).contains("--cross-train"),
            "{}",
            stderr(&output)
        );
    }
}

/// `bid --json` of `portfolio`, with `args`.
fn shared_bid(portfolio: &Path, args: &[&str]) -> Value {
    let output = staffsim()
        .arg("bid")
        .arg(portfolio)
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn a_bid_on_shared_agents_costs_the_groups_hours_and_shares_them_over_the_queues_by_their_work() {
    let bid = shared_bid(&repo("tests/data/skills/blend-bid.toml"), &[]);
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.abs().max(1.0);
    let months = bid["months"].as_array().unwrap();
    assert_eq!(months.len(), 3);
    assert_eq!(months[1]["label"], "2027-02");
    for month in months {
        let group = &month["groups"][0];
        let hours = group["agent_hours"].as_f64().unwrap();
        // The portfolio's [bid]: 30 % shrinkage, 150 paid hours per FTE, the site at 20 an hour.
        assert!(hours > 0.0);
        assert!(
            close(group["fte"].as_f64().unwrap(), hours / 0.7 / 150.0),
            "{group}"
        );
        assert!(
            close(group["cost"].as_f64().unwrap(), hours / 0.7 * 20.0),
            "{group}"
        );
        let queues = month["queues"].as_array().unwrap();
        let sum = |field: &str| {
            queues
                .iter()
                .map(|q| q[field].as_f64().unwrap())
                .sum::<f64>()
        };
        assert!(close(sum("fte"), month["fte"].as_f64().unwrap()), "{month}");
        assert!(
            close(sum("cost"), month["cost"].as_f64().unwrap()),
            "{month}"
        );
        for q in queues {
            let p = q["p_miss_sla"].as_f64().unwrap();
            let ci = q["p_miss_sla_ci95"].as_array().unwrap();
            assert!(
                ci[0].as_f64().unwrap() <= p && p <= ci[1].as_f64().unwrap(),
                "{q}"
            );
            // Nobody abandons on these queues: every contact forecast is handled, up to the
            // monthly forecast error's mean over the replications.
            let (handled, volume) = (
                q["handled"].as_f64().unwrap(),
                q["volume"].as_f64().unwrap(),
            );
            assert!((handled / volume - 1.0).abs() < 0.05, "{q}");
        }
    }
    // Priced at the 20 % margin with no credits to price: revenue = cost ÷ 0.8, per contact.
    for q in bid["queues"].as_array().unwrap() {
        let (cost, revenue) = (q["cost"].as_f64().unwrap(), q["revenue"].as_f64().unwrap());
        assert!(close(revenue, cost / 0.8), "{q}");
        let handled = q["handled"].as_f64().unwrap();
        assert!(
            close(q["price_per_unit"].as_f64().unwrap() * handled, revenue),
            "{q}"
        );
        assert_eq!(q["unit"], "contact");
    }
    let totals = &bid["totals"];
    assert!(close(
        totals["fte_saved"].as_f64().unwrap(),
        totals["dedicated_fte"].as_f64().unwrap() - totals["fte"].as_f64().unwrap()
    ));
}

#[test]
fn a_bid_on_shared_agents_writes_every_queue_in_every_month_as_csv_and_draws_the_groups_fte() {
    let dir = scratch("routing-bid-csv");
    let csv = dir.join("months.csv");
    let output = staffsim()
        .arg("bid")
        .arg(repo("tests/data/skills/blend-bid.toml"))
        .arg("--csv")
        .arg(&csv)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "month,label,queue,volume,handled,fte,cost,dedicated_fte,p_miss_sla,p_miss_sla_ci95_lo,p_miss_sla_ci95_hi"
    );
    assert_eq!(lines.len(), 1 + 3 * 2, "{text}");
    assert!(lines[1].starts_with("1,2027-01,voice-a,20000"), "{text}");
    let chart = dir.join("fte.svg");
    let output = staffsim()
        .arg("bid")
        .arg(repo("tests/data/skills/blend-bid.toml"))
        .arg("--chart")
        .arg(&chart)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let svg = std::fs::read_to_string(&chart).unwrap();
    for label in ["Group blended", "Dedicated teams", "2027-03"] {
        assert!(svg.contains(label), "{label}");
    }
}

#[test]
fn a_bid_on_shared_agents_is_the_same_on_one_thread_or_two() {
    let path = repo("tests/data/skills/blend-bid.toml");
    assert_eq!(
        shared_bid(&path, &["--threads", "1"]),
        shared_bid(&path, &["--threads", "2"])
    );
}

#[test]
fn a_bid_on_shared_agents_refuses_queues_whose_terms_differ() {
    let dir = scratch("routing-bid-terms");
    for file in ["voice-a-bid.toml", "email-bid.toml"] {
        let mut text = std::fs::read_to_string(repo(&format!("tests/data/skills/{file}"))).unwrap();
        text = text.replace(
            "../contract/",
            &format!("{}/", repo("tests/data/contract").display()),
        );
        if file == "email-bid.toml" {
            text = text.replace("[bid]\n", "[bid]\nterm_months = 6\n");
        }
        std::fs::write(dir.join(file), text).unwrap();
    }
    std::fs::copy(
        repo("tests/data/skills/blend-bid.toml"),
        dir.join("blend-bid.toml"),
    )
    .unwrap();
    let output = staffsim()
        .arg("bid")
        .arg(dir.join("blend-bid.toml"))
        .output()
        .unwrap();
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert!(
        message.contains("queue 'email' [bid]") && message.contains("share one term"),
        "{message}"
    );
}

#[test]
fn a_sweep_grid_on_groups_gives_each_combination_its_erlang_c_service_level() {
    let output = staffsim()
        .arg("sweep")
        .arg(repo("tests/data/skills/dedicated-grid.toml"))
        .arg("--json")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let grid: Value = serde_json::from_slice(&output.stdout).unwrap();
    let options = grid["options"].as_array().unwrap();
    assert_eq!(options.len(), 4);
    for option in options {
        let volume = option["volume_multiplier"].as_f64().unwrap();
        let added = option["agents_added"].as_i64().unwrap() as u32;
        // A group per queue: each queue is its own Erlang C at the combination's load and agents.
        let expected = erlang_c(100.0 * volume, 14 + added);
        for queue in option["queues"].as_array().unwrap() {
            let (lo, hi) = interval_of(&queue["service_level"]);
            assert!(
                (lo..=hi).contains(&expected),
                "{option}: Erlang C {expected} outside [{lo}, {hi}]"
            );
        }
        let hours = option["agent_hours"].as_f64().unwrap();
        assert!(
            (hours - 2.0 * f64::from(14 + added) * 200.0).abs() < 1e-6,
            "{hours}"
        );
    }
}

#[test]
fn a_sweep_grid_on_groups_writes_every_queue_under_every_combination_as_csv() {
    let dir = scratch("routing-grid-csv");
    let csv = dir.join("grid.csv");
    let output = staffsim()
        .arg("sweep")
        .arg(repo("tests/data/skills/dedicated-grid.toml"))
        .arg("--csv")
        .arg(&csv)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "volume_multiplier,aht_multiplier,agents_added,agent_hours,labour_cost,queue,service_level,asa_seconds,abandon_rate"
    );
    assert_eq!(lines.len(), 1 + 4 * 2, "{text}");
    // The last combination: volume × 1.1 and one more agent in each group (15 × 2 × 200 hours).
    assert!(lines[8].starts_with("1.1,1.0,1,6000.0,"), "{text}");
}

#[test]
fn a_portfolio_sweep_grid_is_refused_without_groups_or_with_a_bad_axis() {
    let dir = scratch("routing-grid-bad");
    let grid = std::fs::read_to_string(repo("tests/data/skills/dedicated-grid.toml")).unwrap();
    let skills = repo("tests/data/skills");
    let grid = grid.replace(
        "scenario = \"",
        &format!("scenario = \"{}/", skills.display()),
    );
    let cases = [
        (
            grid.replace("agents_added = [0, 1]", "agents_added = [0, 200000]"),
            "[sweep] agents_added",
        ),
        (
            grid.replace(
                "volume_multiplier = [1.0, 1.1]",
                "volume_multiplier = [0.0]",
            ),
            "[sweep] volume_multiplier",
        ),
        (grid.replace("[sweep]", "[sweep]\nspeed = 1"), "speed"),
        (
            grid[..grid.find("[[group]]").unwrap()].to_string() + "[sweep]\nagents_added = [1]\n",
            "for shared agents",
        ),
    ];
    for (k, (text, field)) in cases.iter().enumerate() {
        let path = dir.join(format!("case{k}.toml"));
        std::fs::write(&path, text).unwrap();
        let output = staffsim().arg("sweep").arg(&path).output().unwrap();
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "case {k}: {message}");
        assert!(message.contains(field), "case {k}: {message}");
    }
}

#[test]
fn the_bundled_blended_omnichannel_portfolio_shares_email_across_its_three_groups() {
    let result = simulate(
        &repo("scenarios/omnichannel-blend.toml"),
        &["--replications", "2"],
    );
    let queues: Vec<&str> = result["queues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["queue"].as_str().unwrap())
        .collect();
    assert_eq!(queues, ["voice", "chat", "email", "back-office"]);
    for group in result["groups"].as_array().unwrap() {
        assert!(group["handled"]["email"].as_f64().unwrap() > 0.0, "{group}");
    }
}
