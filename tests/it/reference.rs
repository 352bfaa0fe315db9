//! Every case in `tests/data/erlang-cases.json` (exact values from 50-digit arithmetic): relative
//! 1e-9 for probabilities and times, absolute 1e-12 near zero, exact agent counts.

use serde_json::Value;
use staffsim::queueing::{
    Constraints, ErlangA, ErlangB, ErlangC, QueueModel, ServiceTarget, SlDefinition,
};
use staffsim::units::Seconds;

fn cases(model: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/erlang-cases.json"
    ))
    .expect("tests/data/erlang-cases.json is part of the repository");
    let all: Value = serde_json::from_str(&text).unwrap();
    all[model].as_array().unwrap().clone()
}

fn num(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("field {key} missing in {v}"))
}

fn assert_close(id: &str, what: &str, actual: f64, expected: f64) {
    let ok = if expected.abs() < 1e-3 {
        (actual - expected).abs() <= 1e-12 || (actual - expected).abs() <= 1e-9 * expected.abs()
    } else {
        (actual - expected).abs() <= 1e-9 * expected.abs()
    };
    assert!(
        ok,
        "{id} {what}: got {actual:.17e}, expected {expected:.17e} (relative error {:.2e})",
        ((actual - expected) / expected).abs()
    );
}

fn load_of(inputs: &Value) -> f64 {
    num(inputs, "volume") * num(inputs, "aht_s") / num(inputs, "interval_s")
}

fn target(inputs: &Value, definition: SlDefinition) -> Constraints {
    Constraints {
        target: Some(
            ServiceTarget::new(
                num(inputs, "target_sl"),
                Seconds(num(inputs, "within_s")),
                definition,
            )
            .unwrap(),
        ),
        max_occupancy: inputs["max_occupancy"].as_f64(),
        ..Constraints::default()
    }
}

#[test]
fn erlang_c_matches_every_reference_case() {
    for case in cases("erlang_c") {
        let id = case["id"].as_str().unwrap();
        let (inputs, expected) = (&case["inputs"], &case["expected"]);
        let load = load_of(inputs);
        assert_close(
            id,
            "offered load",
            load,
            num(expected, "offered_load_erlangs"),
        );
        let model = ErlangC::new(load, Seconds(num(inputs, "aht_s"))).unwrap();
        let agents = num(inputs, "agents") as u32;
        let p = model.performance(
            agents,
            Seconds(num(inputs, "within_s")),
            SlDefinition::Offered,
        );
        assert_eq!(
            p.stable,
            expected["stable"].as_bool().unwrap(),
            "{id} stable"
        );
        assert_close(id, "p_wait", p.p_wait, num(expected, "p_wait"));
        assert_close(
            id,
            "service level",
            p.service_level,
            num(expected, "service_level"),
        );
        assert_close(
            id,
            "ASA",
            p.asa.unwrap().get(),
            num(expected, "asa_seconds"),
        );
        assert_close(id, "occupancy", p.occupancy, num(expected, "occupancy"));

        let solved = QueueModel::ErlangC(model)
            .required_agents(&target(inputs, SlDefinition::Offered))
            .unwrap();
        assert_eq!(
            solved.agents,
            num(expected, "agents_for_target") as u32,
            "{id} agents for target"
        );
        assert_close(
            id,
            "SL at target agents",
            solved.service_level,
            num(expected, "service_level_at_target_agents"),
        );
    }
}

#[test]
fn erlang_b_matches_every_reference_case() {
    for case in cases("erlang_b") {
        let id = case["id"].as_str().unwrap();
        let (inputs, expected) = (&case["inputs"], &case["expected"]);
        assert_close(
            id,
            "offered load",
            load_of(inputs),
            num(inputs, "offered_load_erlangs"),
        );
        let model = ErlangB::new(num(inputs, "offered_load_erlangs")).unwrap();
        assert_close(
            id,
            "blocking",
            model.blocking(num(inputs, "lines") as u32),
            num(expected, "blocking"),
        );
        let lines = model
            .lines_for_blocking(num(inputs, "target_blocking"))
            .unwrap();
        assert_eq!(
            lines,
            num(expected, "lines_for_target") as u32,
            "{id} lines for target"
        );
    }
}

#[test]
fn erlang_a_matches_every_reference_case() {
    for case in cases("erlang_a") {
        let id = case["id"].as_str().unwrap();
        let (inputs, expected) = (&case["inputs"], &case["expected"]);
        let model = ErlangA::new(
            load_of(inputs),
            Seconds(num(inputs, "aht_s")),
            Seconds(num(inputs, "patience_s")),
        )
        .unwrap();
        let agents = num(inputs, "agents") as u32;
        let within = Seconds(num(inputs, "within_s"));
        let offered = model.performance(agents, within, SlDefinition::Offered);
        let answered = model.performance(agents, within, SlDefinition::Answered);
        assert!(offered.stable, "{id}: Erlang A is always stable");
        assert_close(id, "p_wait", offered.p_wait, num(expected, "p_wait"));
        assert_close(
            id,
            "abandon rate",
            offered.abandon_rate.unwrap(),
            num(expected, "abandon_rate"),
        );
        assert_close(
            id,
            "SL offered",
            offered.service_level,
            num(expected, "service_level_offered"),
        );
        assert_close(
            id,
            "SL answered",
            answered.service_level,
            num(expected, "service_level_answered"),
        );
        assert_close(
            id,
            "ASA",
            offered.asa.unwrap().get(),
            num(expected, "asa_seconds"),
        );
        assert_close(
            id,
            "occupancy",
            offered.occupancy,
            num(expected, "occupancy"),
        );
        if let Some(agents_for_target) = expected.get("agents_for_target_offered") {
            let solved = QueueModel::ErlangA(model)
                .required_agents(&target(inputs, SlDefinition::Offered))
                .unwrap();
            assert_eq!(
                solved.agents,
                agents_for_target.as_u64().unwrap() as u32,
                "{id} agents for target"
            );
        }
    }
}
