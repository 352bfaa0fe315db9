//! Channels other than voice: chat with concurrency, through `plan` and `simulate`.

mod common;
use common::{scratch, staffsim, stderr};
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
        ("kind = \"email\"", "[channel] kind"),
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
