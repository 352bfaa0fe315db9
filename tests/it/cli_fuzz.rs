//! The binary under random numbers and scenario fields: it never panics, exits 0, 1 or 2 with a
//! one-line error, and every probability and confidence bound in its JSON lies in [0, 1].
//!
//! Each case spawns the binary, so the case counts are small and the seeds fixed: CI is
//! deterministic; raise `PROPTEST_CASES` locally to search harder.

use crate::common::{scratch, staffsim};

use proptest::prelude::*;
use serde_json::Value;
use std::time::Duration;

/// Keys whose numbers (and `ci95` bounds beneath them) are probabilities or shares.
const PROPORTIONS: [&str; 8] = [
    "service_level",
    "abandon_rate",
    "occupancy",
    "p_wait",
    "blocking",
    "p_meet_target",
    "p_miss_sla",
    "target_service_level",
];

/// Every number under a proportion key, with its path, for the assertion message.
fn proportions(value: &Value, path: &str, inside: bool, out: &mut Vec<(String, f64)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let is = PROPORTIONS
                    .iter()
                    .any(|p| key.ends_with(p) || key.starts_with(p));
                proportions(v, &format!("{path}.{key}"), inside || is, out);
            }
        }
        Value::Array(items) => {
            for (k, v) in items.iter().enumerate() {
                proportions(v, &format!("{path}[{k}]"), inside, out);
            }
        }
        Value::Number(n) if inside => out.push((path.to_string(), n.as_f64().unwrap())),
        _ => {}
    }
}

/// Runs staffsim and checks the contract every run must keep; returns the JSON when it succeeded.
fn check_run(args: &[String]) -> Result<Option<Value>, TestCaseError> {
    let output = staffsim()
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    prop_assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    let code = output.status.code();
    prop_assert!(
        matches!(code, Some(0..=2)),
        "{args:?}: exit {code:?}: {stderr}"
    );
    if code != Some(0) {
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| !l.starts_with("warning"))
            .collect();
        prop_assert_eq!(errors.len(), 1, "{:?}: {}", args, stderr);
        prop_assert!(errors[0].starts_with("error"), "{args:?}: {stderr}");
        return Ok(None);
    }
    let json: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| TestCaseError::fail(format!("{args:?}: not JSON: {e}")))?;
    let mut found = Vec::new();
    proportions(&json, "", false, &mut found);
    for (path, x) in found {
        prop_assert!((0.0..=1.0).contains(&x), "{args:?}: {path} = {x}");
    }
    Ok(Some(json))
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (0.0f64..5000.0).prop_map(|x| format!("{x:.3}")),
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("1e308".to_string()),
        Just("NaN".to_string()),
        Just("1e-300".to_string()),
    ]
}

fn duration() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u32..3600).prop_map(|s| format!("{s}s")),
        Just("0".to_string()),
        Just("30m".to_string()),
        Just("-5s".to_string()),
        Just("1e9h".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        rng_seed: proptest::test_runner::RngSeed::Fixed(10),
        ..ProptestConfig::default()
    })]

    #[test]
    fn erlang_keeps_the_contract_for_any_numbers(
        volume in number(),
        interval in duration(),
        aht in duration(),
        agents in prop_oneof![(0u32..400).prop_map(|a| a.to_string()), (0u32..300).prop_map(|a| format!("{a}..{}", a + 30))],
        patience in prop::option::of(duration()),
        target in prop::option::of((1u32..100, 0u32..120).prop_map(|(sl, t)| format!("{sl}/{t}"))),
        occupancy in prop::option::of(prop_oneof![Just("0.85"), Just("1e-9"), Just("0")]),
        lines in prop::option::of(0u32..200),
        solve in any::<bool>(),
    ) {
        let mut args: Vec<String> = ["erlang", "--json", "--volume", &volume, "--interval", &interval, "--aht", &aht]
            .iter().map(|s| s.to_string()).collect();
        match (&target, solve) {
            (Some(t), true) => args.extend(["--target".into(), t.clone()]),
            (Some(t), false) => args.extend(["--agents".into(), agents.clone(), "--target".into(), t.clone()]),
            (None, _) => args.extend(["--agents".into(), agents.clone(), "--within".into(), "20s".into()]),
        }
        if let Some(p) = &patience {
            args.extend(["--patience".into(), p.clone()]);
        }
        if let Some(o) = occupancy {
            args.extend(["--max-occupancy".into(), o.to_string()]);
        }
        if let Some(l) = lines {
            args.extend(["--lines".into(), l.to_string()]);
        }
        check_run(&args)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        rng_seed: proptest::test_runner::RngSeed::Fixed(11),
        ..ProptestConfig::default()
    })]

    #[test]
    fn plan_and_simulate_keep_the_contract_for_odd_scenario_fields(
        interval in prop_oneof![Just("15m"), Just("30m"), Just("90s"), Just("7s"), Just("0.5s")],
        daily in prop_oneof![Just(0.0), Just(50.0), Just(3000.0), Just(-1.0), Just(1e12)],
        aht in prop_oneof![Just("300s"), Just("0"), Just("2h")],
        sl in prop_oneof![Just(0.8), Just(1.0), Just(0.0), Just(0.999)],
        patience in prop_oneof![Just(""), Just("[patience]\ndistribution = \"exponential\"\nmean = \"60s\"\n"), Just("[patience]\ndistribution = \"exponential\"\nmean = \"0.001s\"\nretry_probability = 0.5\nretry_delay = \"2s\"\n")],
        shrinkage in prop_oneof![Just(0.0), Just(0.3), Just(0.99), Just(1.0)],
        hourly in prop_oneof![Just(20.0), Just(0.0), Just(1e308)],
        staffing in prop_oneof![Just("erlang-c"), Just("constant")],
        agents in 0u32..60,
    ) {
        let dir = scratch("fuzz-scenario");
        let text = format!(
            "name = \"f\"\n[centre]\ninterval = \"{interval}\"\n[forecast.profile]\nstart = \"2026-01-05\"\ndays = 2\nopen = \"08:00\"\nclose = \"12:00\"\ndaily_volume = {daily}\nday_of_week = [1, 1, 1, 1, 1, 1, 1]\n[handle_time]\naht = \"{aht}\"\n[target]\nservice_level = {sl}\nwithin = \"20s\"\n{patience}[shrinkage]\ntotal = {shrinkage}\n[staffing]\nmethod = \"{staffing}\"\nagents = {agents}\n[cost]\nhourly_cost = {hourly}\n"
        );
        let path = dir.join("f.toml");
        std::fs::write(&path, text).unwrap();
        let path = path.display().to_string();
        check_run(&["plan".into(), path.clone(), "--json".into()])?;
        check_run(&["simulate".into(), path, "--json".into(), "--replications".into(), "2".into()])?;
    }
}
