//! Channels other than voice: chat with concurrency, email and back-office backlogs, through
//! `plan` and `simulate`.

#[allow(unused_imports)]
use crate::common::Edited;
use crate::common::{repo, scratch, staffsim, stderr};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A day of chat, 08:00–20:00 in 30-minute intervals, with `channel` as the `[channel]` body.
fn chat(channel: &str) -> String {
    format!(
        r#"name = "chat"
[centre]
interval = "30m"
[forecast.profile]
start = "2027-01-04"
days = 1
open = "08:00"
close = "20:00"
daily_volume = 2400
[channel]
{channel}
[handle_time]
aht = "6m"
distribution = "exponential"
[patience]
distribution = "exponential"
mean = "3m"
[target]
service_level = 0.8
within = "60s"
[staffing]
method = "erlang-a"
[simulation]
replications = 100
seed = 5
"#
    )
}

/// `plan` on `text` exits 2 with one line naming `field`.
fn assert_plan_refuses(dir: &Path, text: &str, field: &str) {
    let output = staffsim()
        .arg("plan")
        .arg(write(dir, "bad.toml", text))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{text}: {}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains(field), "{field}: {message}");
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn json(command: &str, path: &Path) -> Value {
    let output = staffsim()
        .args([command, path.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn chat_at_concurrency_one_plans_exactly_as_voice() {
    let dir = scratch("chat-one");
    let chat_plan = json(
        "plan",
        &write(&dir, "chat.toml", &chat("kind = \"chat\"\nconcurrency = 1")),
    );
    let voice_text = chat("kind = \"voice\"");
    let voice_plan = json("plan", &write(&dir, "voice.toml", &voice_text));
    assert_eq!(chat_plan["channel"], "chat");
    assert_eq!(voice_plan["channel"], "voice");
    assert_eq!(voice_plan["model"], "Erlang A");
    for field in [
        "required_agent_hours",
        "service_level",
        "occupancy",
        "abandon_rate",
    ] {
        let (c, v) = (
            chat_plan[field].as_f64().unwrap(),
            voice_plan[field].as_f64().unwrap(),
        );
        assert!(
            (c - v).abs() <= 1e-12 * v.abs().max(1.0),
            "{field}: {c} vs {v}"
        );
    }
}

#[test]
fn more_concurrency_needs_fewer_agents_and_the_simulation_agrees_with_the_plan() {
    let dir = scratch("chat-three");
    let one = json(
        "plan",
        &write(&dir, "one.toml", &chat("kind = \"chat\"\nconcurrency = 1")),
    );
    let three_text =
        chat("kind = \"chat\"\nconcurrency = 3\naht_by_concurrency = [\"6m\", \"7.5m\", \"9m\"]");
    let three_path = write(&dir, "three.toml", &three_text);
    let three = json("plan", &three_path);
    assert_eq!(three["model"], "Chat");
    let hours = |p: &Value| p["required_agent_hours"].as_f64().unwrap();
    assert!(
        hours(&three) < 0.6 * hours(&one),
        "three sessions each, even slower: {} vs {}",
        hours(&three),
        hours(&one)
    );
    let simulated = json("simulate", &three_path);
    assert_eq!(simulated["channel"], "chat");
    let sl = simulated["service_level"]["mean"].as_f64().unwrap();
    let erlang = simulated["erlang"]["service_level"].as_f64().unwrap();
    assert!(
        (sl - erlang).abs() < 0.02,
        "simulated {sl} vs chain {erlang}"
    );
    let offered = simulated["contacts_offered"].as_f64().unwrap();
    assert!((offered - 2400.0).abs() < 30.0, "{offered}");
}

#[test]
fn bad_channels_are_refused_naming_the_field() {
    let dir = scratch("chat-bad");
    for (body, field) in [
        ("kind = \"chat\"\nconcurrency = 0", "[channel] concurrency"),
        ("kind = \"chat\"\nconcurrency = 21", "[channel] concurrency"),
        (
            "kind = \"chat\"\nconcurrency = 2\naht_by_concurrency = [\"6m\", \"7m\", \"8m\"]",
            "[channel] aht_by_concurrency",
        ),
        (
            "kind = \"chat\"\nconcurrency = 2\naht_by_concurrency = [\"6m\", \"0s\"]",
            "[channel] aht_by_concurrency",
        ),
        ("kind = \"voice\"\nconcurrency = 2", "[channel] concurrency"),
        ("kind = \"email\"", "[patience] distribution"),
        ("kind = \"fax\"", "expected one of `voice`, `chat`"),
    ] {
        let output = staffsim()
            .arg("plan")
            .arg(write(&dir, "bad.toml", &chat(body)))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{body}: {}", stderr(&output));
        let message = stderr(&output);
        assert!(message.contains(field), "{body}: {message}");
        assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    }
}

/// A week of email, 08:00–18:00 in 15-minute intervals with a morning peak, closed Sunday, with
/// `target` as the `[target]` body.
fn email(kind: &str, target: &str) -> String {
    format!(
        r#"name = "{kind}"
[centre]
interval = "15m"
[forecast.profile]
start = "2027-03-01"
days = 7
open = "08:00"
close = "18:00"
daily_volume = 3000
day_of_week = [1.3, 1.1, 1.0, 1.0, 0.9, 0.6, 0.0]
intraday = [10, 9, 8, 7, 6, 5, 4, 3, 3, 2]
[channel]
kind = "{kind}"
[handle_time]
aht = "6m"
distribution = "lognormal"
cv = 0.8
[target]
{target}
[shrinkage]
total = 0.3
[simulation]
replications = 40
seed = 3
"#
    )
}

/// Σ volume × AHT in hours.
fn workload_hours(plan: &Value) -> f64 {
    plan["offered"].as_f64().unwrap() * 6.0 / 60.0
}

#[test]
fn email_with_a_24_hour_deadline_needs_about_its_workload_and_a_1_hour_deadline_more() {
    let dir = scratch("email-deadlines");
    let day = json(
        "plan",
        &write(
            &dir,
            "day.toml",
            &email("email", "service_level = 0.9\nwithin = \"24h\""),
        ),
    );
    let hour = json(
        "plan",
        &write(
            &dir,
            "hour.toml",
            &email("email", "service_level = 0.9\nwithin = \"1h\""),
        ),
    );
    assert_eq!(day["channel"], "email");
    assert_eq!(day["model"], "Backlog (fluid)");
    let work = workload_hours(&day);
    let [long, short] = [&day, &hour].map(|p| p["required_agent_hours"].as_f64().unwrap());
    // The fluid plan never does less than the work, and a day's deadline levels it so that
    // whole agents round up by little.
    assert!(
        long >= work - 1e-9 && long <= work * 1.03,
        "{long} h for {work} h of work"
    );
    // An hour's deadline follows the morning peak: a higher peak, and more rounding.
    assert!(short > long, "{short} h against {long} h");
    let peak = |p: &Value| p["peak_required_agents"].as_u64().unwrap();
    assert!(
        peak(&hour) > peak(&day) + 5,
        "{} against {}",
        peak(&hour),
        peak(&day)
    );
    // Every item is planned within its deadline, and a day's deadline carries a backlog over
    // the night (Monday's work spills into Tuesday) where an hour's does not.
    for plan in [&day, &hour] {
        assert!((plan["service_level"].as_f64().unwrap() - 1.0).abs() < 1e-9);
        assert_eq!(plan["intervals_below_target"], 0);
    }
    assert!(day["days"][0]["backlog_at_close"].as_f64().unwrap() > 100.0);
    assert!(hour["days"][0]["backlog_at_close"].as_f64().unwrap() < 1e-6);
    assert!(day["days"][1]["backlog_at_open"] == day["days"][0]["backlog_at_close"]);
    assert!(
        day["days"][0]["oldest_age_at_close_seconds"]
            .as_f64()
            .unwrap()
            > 3600.0
    );
    assert!(hour.get("abandon_rate").is_none_or(Value::is_null));
}

#[test]
fn simulated_email_loses_nothing_overnight_and_meets_the_plans_deadline() {
    let dir = scratch("email-sim");
    let path = write(
        &dir,
        "email.toml",
        &email("email", "service_level = 0.9\nwithin = \"24h\""),
    );
    let plan = json("plan", &path);
    let sim = json("simulate", &path);
    assert_eq!(sim["channel"], "email");
    // Conservation: nothing abandons, and an item is either handled or still waiting at the
    // end (counted there); on a week that ends on a closed Sunday after a light Saturday,
    // every item carried over a night is handled.
    assert!(
        sim["abandon_rate"].is_null(),
        "email has no abandonment: {}",
        sim["abandon_rate"]
    );
    assert_eq!(
        sim["backlog_at_close"]["mean"], 0.0,
        "nothing left at the end"
    );
    let offered = sim["contacts_offered"].as_f64().unwrap();
    let planned = plan["offered"].as_f64().unwrap();
    assert!(
        (offered - planned).abs() < 0.01 * planned,
        "{offered} vs {planned}"
    );
    let sl = &sim["service_level"];
    assert!(sl["ci95"][0].as_f64().unwrap() > 0.99, "{sl}");
    // Monday's backlog at closing, simulated, agrees with the fluid plan within 15 %.
    let simulated = sim["days"][0]["backlog_at_close"]["mean"].as_f64().unwrap();
    let fluid = plan["days"][0]["backlog_at_close"].as_f64().unwrap();
    assert!(
        (simulated - fluid).abs() < 0.15 * fluid,
        "{simulated} vs {fluid}"
    );
    // And the mean response, too.
    let response = sim["asa_seconds"]["mean"].as_f64().unwrap();
    let fluid_response = plan["asa_seconds"].as_f64().unwrap();
    assert!(
        (response - fluid_response).abs() < 0.15 * fluid_response,
        "{response} vs {fluid_response}"
    );
}

#[test]
fn back_office_counts_open_hours_and_defaults_to_two_days() {
    let dir = scratch("backoffice");
    let calendar = json(
        "plan",
        &write(
            &dir,
            "cal.toml",
            &email("backoffice", "service_level = 0.9"),
        ),
    );
    assert_eq!(calendar["channel"], "backoffice");
    assert_eq!(calendar["target_within_seconds"], 48.0 * 3600.0);
    // 10 open hours of deadline: on the open-hours clock the night does not count, so the work
    // must be done sooner than 10 calendar hours would allow (which spans the night).
    let open = json(
        "plan",
        &write(
            &dir,
            "open.toml",
            &email(
                "backoffice",
                "service_level = 0.9\nwithin = \"10h\"\nclock = \"open_hours\"",
            ),
        ),
    );
    let wall = json(
        "plan",
        &write(
            &dir,
            "wall.toml",
            &email("backoffice", "service_level = 0.9\nwithin = \"10h\""),
        ),
    );
    let oldest = |p: &Value| p["oldest_age_at_close_seconds"].as_f64().unwrap();
    assert!(oldest(&open) > 0.0);
    // With a 10-hour calendar deadline and a 10-hour day, nothing can wait overnight.
    assert!(wall["days"][0]["backlog_at_close"].as_f64().unwrap() < 1e-6);
    assert!(open["days"][0]["backlog_at_close"].as_f64().unwrap() > 1.0);
}

#[test]
fn deferrable_work_refuses_patience_and_deadlines_shorter_than_an_interval() {
    let dir = scratch("email-bad");
    let with_patience = email("email", "within = \"4h\"")
        + "[patience]\ndistribution = \"exponential\"\nmean = \"1h\"\n";
    for (text, field) in [
        (email("email", "within = \"10m\""), "[target] within"),
        (with_patience, "[patience] distribution"),
        (
            email("email", "within = \"4h\"\nclock = \"weekly\""),
            "weekly",
        ),
    ] {
        assert_plan_refuses(&dir, &text, field);
    }
}

/// A day of outbound dialling, 09:00–17:00 in 30-minute intervals (flat), with `outbound` as the
/// `[outbound]` body and `extra` appended.
fn campaign(outbound: &str, extra: &str) -> String {
    format!(
        r#"name = "campaign"
[centre]
interval = "30m"
[forecast.profile]
start = "2027-04-05"
days = 2
open = "09:00"
close = "17:00"
daily_volume = 1
[channel]
kind = "outbound"
[outbound]
{outbound}
[handle_time]
aht = "5m"
distribution = "exponential"
[simulation]
replications = 200
seed = 3
{extra}"#
    )
}

#[test]
fn a_preview_campaign_needs_its_workload_by_hand_and_dials_one_in_contact_rate() {
    let dir = scratch("outbound-preview");
    // 800 contacts a day over 16 intervals: 50 per interval, each 300 s of talk and
    // (1/0.25 − 1) × 20 s = 60 s of unanswered dials: 50 × 360 s ÷ 1800 s = 10 agents exactly.
    let plan = json(
        "plan",
        &write(
            &dir,
            "preview.toml",
            &campaign(
                "target_contacts = 800\ncontact_rate = 0.25\ndial_seconds = \"20s\"",
                "",
            ),
        ),
    );
    assert_eq!(plan["channel"], "outbound");
    assert_eq!(plan["model"], "Preview dialling");
    assert_eq!(plan["peak_required_agents"], 10);
    assert!(
        (plan["required_agent_hours"].as_f64().unwrap() - 2.0 * 16.0 * 10.0 * 0.5).abs() < 1e-9
    );
    assert!((plan["target_contacts"].as_f64().unwrap() - 1600.0).abs() < 1e-6);
    assert!((plan["answered"].as_f64().unwrap() - 1600.0).abs() < 1e-6);
    assert!((plan["dials"].as_f64().unwrap() - 6400.0).abs() < 1e-6);
    assert_eq!(plan["abandon_rate"], 0.0);
    assert!((plan["occupancy"].as_f64().unwrap() - 1.0).abs() < 1e-9);
    // An occupancy cap of 80 % needs ⌈10 ÷ 0.8⌉ = 13 agents.
    let capped = json(
        "plan",
        &write(
            &dir,
            "capped.toml",
            &campaign(
                "target_contacts = 800\ncontact_rate = 0.25\ndial_seconds = \"20s\"",
                "[target]\nmax_occupancy = 0.8\n",
            ),
        ),
    );
    assert_eq!(capped["peak_required_agents"], 13);
    // Simulated, the campaign reaches its contacts with the dials the contact rate implies.
    let sim = json(
        "simulate",
        &write(
            &dir,
            "preview-sim.toml",
            &campaign(
                "target_contacts = 800\ncontact_rate = 0.25\ndial_seconds = \"20s\"",
                "[target]\nmax_occupancy = 0.9\n",
            ),
        ),
    );
    let mean = |v: &Value| v["mean"].as_f64().unwrap();
    let contacts = mean(&sim["contacts"]);
    assert!((contacts - 1600.0).abs() < 16.0, "contacts {contacts}");
    let dials = mean(&sim["dials"]);
    assert!((dials / contacts - 4.0).abs() < 0.1, "dials {dials}");
    assert_eq!(mean(&sim["abandon_rate"]), 0.0);
}

#[test]
fn a_predictive_dialler_abandons_no_more_than_its_cap_at_the_planned_staffing() {
    let dir = scratch("outbound-predictive");
    let path = write(
        &dir,
        "predictive.toml",
        &campaign(
            "target_contacts = 4000\ncontact_rate = 0.2\npacing = \"predictive\"\nmax_abandon = 0.03",
            "",
        ),
    );
    let plan = json("plan", &path);
    assert_eq!(plan["model"], "Predictive dialler (Erlang B)");
    let planned = plan["abandon_rate"].as_f64().unwrap();
    assert!(planned <= 0.03 && planned > 0.0, "planned {planned}");
    // 250 contacts of 300 s per interval: 41.7 Erlangs carried; Poisson pacing at 3 % needs more.
    let peak = plan["peak_required_agents"].as_u64().unwrap();
    assert!((44..=52).contains(&peak), "peak {peak}");
    let sim = json("simulate", &path);
    let abandon = &sim["abandon_rate"];
    let mean = abandon["mean"].as_f64().unwrap();
    let [lo, hi] = [
        abandon["ci95"][0].as_f64().unwrap(),
        abandon["ci95"][1].as_f64().unwrap(),
    ];
    assert!(mean <= 0.03, "simulated abandonment {mean}");
    // The cap holds with confidence: the whole 95 % interval is within 3 % plus its own noise.
    assert!(lo < hi && hi <= 0.035, "simulated abandonment [{lo}, {hi}]");
    assert!(
        (mean - planned).abs() < 0.006,
        "simulated {mean} against planned {planned}"
    );
    let contacts = sim["contacts"]["mean"].as_f64().unwrap();
    assert!(
        (contacts - 8000.0).abs() < 0.02 * 8000.0,
        "contacts {contacts}"
    );
    // Fewer agents than the plan: the dialler holds the cap and falls short of the target.
    let short = json(
        "plan",
        &write(
            &dir,
            "short.toml",
            &campaign(
                "target_contacts = 4000\ncontact_rate = 0.2\npacing = \"predictive\"",
                &format!("[staffing]\nmethod = \"constant\"\nagents = {}\n", peak - 6),
            ),
        ),
    );
    assert!(short["answered"].as_f64().unwrap() < 8000.0);
    assert!(short["abandon_rate"].as_f64().unwrap() <= 0.03 + 1e-12);
    assert!(short["intervals_below_target"].as_u64().unwrap() > 0);
}

#[test]
fn bad_campaigns_are_refused_naming_the_field() {
    let dir = scratch("outbound-bad");
    for (text, field) in [
        (campaign("contact_rate = 0", ""), "[outbound] contact_rate"),
        (
            campaign("contact_rate = 1.5", ""),
            "[outbound] contact_rate",
        ),
        (
            campaign("target_contacts = 100", ""),
            "[outbound] contact_rate",
        ),
        (
            campaign("contact_rate = 0.3\nmax_abandon = 0.03", ""),
            "[outbound] max_abandon",
        ),
        (
            campaign("contact_rate = 0.3\ndial_seconds = \"-5s\"", ""),
            "bad.toml:14:16: '-5s'",
        ),
        (
            campaign(
                "contact_rate = 0.3",
                "[patience]\ndistribution = \"exponential\"\nmean = \"1m\"\n",
            ),
            "[patience] distribution",
        ),
        (
            campaign("contact_rate = 0.3", "").edited("kind = \"outbound\"", "kind = \"voice\""),
            "[outbound]",
        ),
        (
            campaign("contact_rate = 0.3\npacing = \"progressive\"", ""),
            "progressive",
        ),
    ] {
        assert_plan_refuses(&dir, &text, field);
    }
}

#[test]
fn the_report_speaks_each_channels_language() {
    let dir = scratch("channel-reports");
    for (scenario, says) in [
        (
            "email-week",
            [
                "Mean response",
                "picked up within 24h",
                "Backlog at the horizon's end",
            ],
        ),
        (
            "outbound-renewals",
            [
                "Dialler abandonment",
                "Right-party contacts",
                "right-party contacts to reach",
            ],
        ),
    ] {
        let out = dir.join(scenario);
        crate::common::run_report(
            &crate::common::repo(&format!("scenarios/{scenario}.toml")),
            &out,
            4,
        );
        let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
        for words in says {
            assert!(
                summary.contains(words),
                "{scenario}: no '{words}' in\n{summary}"
            );
        }
        assert!(
            !summary.contains("| ASA |"),
            "{scenario}: a wait in seconds"
        );
        let chart = std::fs::read_to_string(out.join("charts/staffing.svg")).unwrap();
        let caption = match scenario {
            "email-week" => "requirement for 90 % within 24h",
            _ => "contacts within 3 % abandonment",
        };
        assert!(
            chart.contains(caption),
            "{scenario}: no '{caption}' in the staffing chart"
        );
    }
}

#[test]
fn back_office_holds_its_occupancy_cap_and_reports_unfinished_work_as_backlog_not_abandonment() {
    let path = repo("scenarios/omnichannel/backoffice.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("max_occupancy = 0.95"), "the bundled cap");
    let plan = json("plan", &path);
    let occupancy = plan["occupancy"].as_f64().unwrap();
    assert!(
        occupancy <= 0.95 + 1e-9,
        "the plan holds its cap: {occupancy}"
    );
    assert!(occupancy > 0.90, "and uses it: {occupancy}");
    let sim = json("simulate", &path);
    // Nobody hangs up on a back-office item: no abandonment anywhere, and what is left at the
    // horizon's end is the backlog (items per replication), not a share of the offered.
    assert!(sim["abandon_rate"].is_null(), "{}", sim["abandon_rate"]);
    for day in sim["days"].as_array().unwrap() {
        assert!(day["abandon_rate"].is_null(), "{day}");
    }
    // The bundled week ends on a busy Friday: work is left, and it is counted as items.
    let left = sim["backlog_at_close"]["mean"].as_f64().unwrap();
    assert!(left > 1.0, "{}", sim["backlog_at_close"]);
}

#[test]
fn chat_handle_times_by_concurrency_that_disagree_with_the_aht_say_which_times_are_used() {
    let dir = scratch("chat-aht-warning");
    let text = std::fs::read_to_string(repo("scenarios/omnichannel/chat.toml")).unwrap();
    let path = write(
        &dir,
        "chat.toml",
        &text.edited(
            "aht_by_concurrency = [\"7m\", \"8.5m\"]",
            "aht_by_concurrency = [\"6m\", \"9m\"]",
        ),
    );
    let output = staffsim().arg("plan").arg(&path).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    // 7m × 9/6 = 10m30s at two sessions: the ratios of the list on the forecast's 7m.
    assert!(
        stderr(&output).contains("aht_by_concurrency starts at 6m but [handle_time] aht is 7m: only its ratios count, so one session takes 7m, 630s"),
        "{}",
        stderr(&output)
    );
    // The bundled chat, whose list starts at its AHT, plans without a warning.
    let quiet = staffsim()
        .arg("plan")
        .arg(repo("scenarios/omnichannel/chat.toml"))
        .output()
        .unwrap();
    assert!(
        !stderr(&quiet).contains("aht_by_concurrency"),
        "{}",
        stderr(&quiet)
    );
}
