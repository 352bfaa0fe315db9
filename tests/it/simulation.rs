//! The simulator against theory (fixed seeds, so every run is the same), its reproducibility, its
//! bookkeeping, and the carry-over effect that Erlang cannot see.

#[allow(unused_imports)]
use crate::common::Edited;
use crate::common::scratch;

use staffsim::plan::plan;
use staffsim::scenario::Scenario;
use staffsim::sim::{Estimate, SimOptions, SimulationResult, simulate};
use std::path::{Path, PathBuf};

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Simulates a scenario with its own staffing.
fn run(
    scenario: &Scenario,
    replications: u32,
    seed: u64,
    threads: Option<usize>,
) -> SimulationResult {
    let agents: Vec<u32> = plan(scenario)
        .unwrap()
        .intervals
        .iter()
        .map(|i| i.staffed_agents)
        .collect();
    let options = SimOptions {
        replications,
        seed,
        threads,
        ledger: None,
    };
    simulate(scenario, &agents, options, &|| {}).unwrap()
}

fn contains(estimate: Option<Estimate>, value: f64) -> bool {
    let [lo, hi] = estimate.unwrap().ci95.unwrap();
    lo <= value && value <= hi
}

fn close(estimate: Option<Estimate>, value: f64, tolerance: f64) -> bool {
    (estimate.unwrap().mean - value).abs() <= tolerance
}

// Erlang C, 100 contacts / 30 min, AHT 180 s, 14 agents (tests/data/erlang-cases.json, C03).
const C_SL: f64 = 0.888_350_019_179_466_9;
const C_ASA: f64 = 7.835_937_011_777_243;
const C_OCCUPANCY: f64 = 0.714_285_714_285_714_3;
const C_P_WAIT: f64 = 0.174_131_933_595_049_83;

#[test]
fn stationary_erlang_c_agrees_with_theory_within_tolerance() {
    let scenario = Scenario::load(&data("tests/data/contract/stationary-erlang-c.toml")).unwrap();
    let s = scenario.simulation;
    let result = run(&scenario, s.replications, s.seed, None);
    assert!(
        close(result.run.service_level, C_SL, 0.01),
        "{:?}",
        result.run.service_level
    );
    assert!(
        close(result.run.asa_seconds, C_ASA, 0.08 * C_ASA),
        "{:?}",
        result.run.asa_seconds
    );
    assert!(
        close(result.run.occupancy, C_OCCUPANCY, 0.005),
        "{:?}",
        result.run.occupancy
    );
    assert!(
        close(result.run.p_wait, C_P_WAIT, 0.01),
        "{:?}",
        result.run.p_wait
    );
    assert_eq!(result.run.abandon_rate.unwrap().mean, 0.0);
}

#[test]
fn stationary_erlang_c_theory_lies_inside_the_reported_intervals() {
    let scenario = Scenario::load(&data("tests/data/contract/stationary-erlang-c.toml")).unwrap();
    let result = run(&scenario, 200, scenario.simulation.seed, None);
    assert!(
        contains(result.run.service_level, C_SL),
        "{:?}",
        result.run.service_level
    );
    assert!(
        contains(result.run.asa_seconds, C_ASA),
        "{:?}",
        result.run.asa_seconds
    );
    assert!(
        contains(result.run.occupancy, C_OCCUPANCY),
        "{:?}",
        result.run.occupancy
    );
    assert!(
        contains(result.run.p_wait, C_P_WAIT),
        "{:?}",
        result.run.p_wait
    );
}

// Erlang A, as above with exponential patience of mean 120 s (erlang-cases.json, A01).
const A_SL: f64 = 0.932_729_580_698_059_7;
const A_ABANDON: f64 = 0.022_839_286_531_818_77;
const A_ASA: f64 = 2.345_375_234_152_170_3;
const A_OCCUPANCY: f64 = 0.697_971_938_191_558;

#[test]
fn stationary_erlang_a_agrees_with_theory_and_inside_the_intervals() {
    let scenario = Scenario::load(&data("tests/data/contract/stationary-erlang-a.toml")).unwrap();
    let s = scenario.simulation;
    let result = run(&scenario, s.replications, s.seed, None);
    assert!(
        close(result.run.service_level, A_SL, 0.01),
        "{:?}",
        result.run.service_level
    );
    assert!(
        close(result.run.abandon_rate, A_ABANDON, 0.003),
        "{:?}",
        result.run.abandon_rate
    );
    assert!(
        close(result.run.asa_seconds, A_ASA, 0.1 * A_ASA),
        "{:?}",
        result.run.asa_seconds
    );
    assert!(
        close(result.run.occupancy, A_OCCUPANCY, 0.005),
        "{:?}",
        result.run.occupancy
    );

    let result = run(&scenario, 200, s.seed, None);
    assert!(
        contains(result.run.service_level, A_SL),
        "{:?}",
        result.run.service_level
    );
    assert!(
        contains(result.run.abandon_rate, A_ABANDON),
        "{:?}",
        result.run.abandon_rate
    );
    assert!(
        contains(result.run.asa_seconds, A_ASA),
        "{:?}",
        result.run.asa_seconds
    );
    assert!(
        contains(result.run.occupancy, A_OCCUPANCY),
        "{:?}",
        result.run.occupancy
    );
}

#[test]
fn the_same_seed_gives_identical_results_on_one_and_two_threads() {
    let scenario = Scenario::load(&data("tests/data/contract/intraday-peak.toml")).unwrap();
    let one = run(&scenario, 24, 99, Some(1));
    let two = run(&scenario, 24, 99, Some(2));
    assert_eq!(one.intervals, two.intervals);
    assert_eq!(one.days, two.days);
    assert_eq!(one.run, two.run);
    assert_eq!(one.events, two.events);
    let other = run(&scenario, 24, 100, Some(2));
    assert_ne!(one.run, other.run, "another seed must give other numbers");
}

#[test]
fn every_contact_is_answered_or_abandoned_and_the_queue_ends_empty() {
    let dir = scratch("conservation");
    std::fs::copy(
        data("tests/data/contract/intraday-peak.csv"),
        dir.join("intraday-peak.csv"),
    )
    .unwrap();
    let text = std::fs::read_to_string(data("tests/data/contract/intraday-peak.toml")).unwrap();
    // Lognormal patience, retries and repeat contacts, forecast error: every path of the engine.
    let text = text
        .edited("distribution = \"exponential\"\nmean = \"90s\"", "distribution = \"lognormal\"\nmean = \"90s\"\ncv = 1.5\nretry_probability = 0.4\nretry_delay = \"3m\"")
        .edited("replications = 200", "replications = 30\nvolume_cv = 0.2\nfcr = 0.8\nrepeat_delay = \"30m\"");
    let path = dir.join("busy.toml");
    std::fs::write(&path, text).unwrap();
    let scenario = Scenario::load(&path).unwrap();
    assert!(scenario.simulation.retry_probability > 0.0 && scenario.simulation.fcr < 1.0);
    let result = run(&scenario, 30, 5, None);
    assert!(
        result.contacts_simulated > 30 * 2558,
        "retries and repeats add contacts"
    );
    assert_eq!(result.contacts_resolved, result.contacts_simulated);
    assert_eq!(result.contacts_stranded, 0);
}

#[test]
fn intraday_peak_reports_every_interval_beside_the_erlang_prediction() {
    let scenario = Scenario::load(&data("tests/data/contract/intraday-peak.toml")).unwrap();
    let plan = plan(&scenario).unwrap();
    let result = run(&scenario, 50, scenario.simulation.seed, None);
    assert_eq!(result.intervals.len(), 48);
    assert_eq!(plan.intervals.len(), 48);
    for (simulated, predicted) in result.intervals.iter().zip(&plan.intervals) {
        assert_eq!(simulated.start, predicted.start);
        assert_eq!(simulated.agents, predicted.staffed_agents);
        assert!(simulated.kpis.service_level.is_some());
    }
}

/// One overloaded half hour between normal ones, no abandonment, exponential handle times.
fn carry_over_scenario(dir: &Path) -> Scenario {
    std::fs::write(
        dir.join("spike.csv"),
        "start,volume\n2027-05-03T09:00,100\n2027-05-03T09:30,100\n2027-05-03T10:00,200\n2027-05-03T10:30,100\n2027-05-03T11:00,100\n",
    )
    .unwrap();
    let text = "[forecast]\ncsv = \"spike.csv\"\n[handle_time]\naht = \"180s\"\ndistribution = \"exponential\"\n\
                [staffing]\nmethod = \"constant\"\nagents = 14\n[simulation]\nreplications = 400\nseed = 3\n";
    let path = dir.join("spike.toml");
    std::fs::write(&path, text).unwrap();
    Scenario::load(&path).unwrap()
}

#[test]
fn a_backlog_carries_over_into_the_next_interval_where_erlang_sees_none() {
    let scenario = carry_over_scenario(&scratch("carry"));
    let plan = plan(&scenario).unwrap();
    assert!(
        !plan.intervals[2].performance.stable,
        "Erlang calls the spike unstable"
    );
    let erlang_next = plan.intervals[3].performance.service_level;
    assert!(
        (erlang_next - 0.888_350_019_179_466_9).abs() < 1e-12,
        "and the next interval fine"
    );

    let result = run(&scenario, 400, 3, None);
    let next = result.intervals[3].kpis.service_level.unwrap();
    let [_, hi] = next.ci95.unwrap();
    assert!(
        hi < erlang_next - 0.2,
        "the backlog pulls the next interval down: {next:?} vs Erlang {erlang_next}"
    );
    let before = result.intervals[1].kpis.service_level.unwrap();
    assert!(
        (before.mean - erlang_next).abs() < 0.03,
        "before the spike the simulation agrees: {before:?}"
    );
}

#[test]
fn when_staffing_falls_busy_agents_finish_their_contacts_before_leaving() {
    let dir = scratch("fall");
    std::fs::write(dir.join("fall.csv"), "start,volume,agents\n2027-05-03T09:00,380,20\n2027-05-03T09:30,10,5\n2027-05-03T10:00,10,5\n").unwrap();
    let text = "[forecast]\ncsv = \"fall.csv\"\n[handle_time]\naht = \"600s\"\ndistribution = \"fixed\"\n[staffing]\nmethod = \"csv\"\n";
    let path = dir.join("fall.toml");
    std::fs::write(&path, text).unwrap();
    let scenario = Scenario::load(&path).unwrap();
    let agents: Vec<u32> = scenario
        .intervals
        .iter()
        .map(|i| i.given_agents.unwrap())
        .collect();
    let model = staffsim::sim::SimModel::new(&scenario, &agents).unwrap();
    let replication = staffsim::sim::run_replication(&model, 11, 0);
    let second = replication.intervals[1];
    // At 09:30 all 20 agents are busy and the queue is long: 15 must go. Each leaves when its
    // current contact ends — so the interval gets 5 agents' time plus some, but at most one
    // more contact (600 s) from each of the 15 — and none of them takes a new contact.
    let extra = second.staffed_seconds - 5.0 * 1800.0;
    assert!(extra > 0.0 && extra <= 15.0 * 600.0, "{second:?}");
    assert!(
        (second.busy_seconds - second.staffed_seconds).abs() < 1e-6,
        "with a queue, nobody idles: {second:?}"
    );
    // Nobody is interrupted: every answered contact got its full handle time.
    let answered: u32 = replication.intervals.iter().map(|c| c.answered).sum();
    let handled: f64 = replication.intervals.iter().map(|c| c.handle).sum();
    assert!((handled - f64::from(answered) * 600.0).abs() < 1e-6);
}

#[test]
fn every_handle_time_distribution_is_scaled_to_the_interval_aht() {
    let dir = scratch("distributions");
    std::fs::write(
        dir.join("flat.csv"),
        "start,volume,aht\n2027-05-03T09:00,200,240\n2027-05-03T09:30,200,360\n",
    )
    .unwrap();
    std::fs::write(dir.join("observed.csv"), "handle_time\n100\n200\n600\n").unwrap();
    for distribution in [
        "distribution = \"exponential\"",
        "distribution = \"lognormal\"\ncv = 1.2",
        "distribution = \"gamma\"\ncv = 0.5",
        "distribution = \"fixed\"",
        "distribution = \"empirical\"\ncsv = \"observed.csv\"",
    ] {
        let text = format!(
            "[forecast]\ncsv = \"flat.csv\"\n[handle_time]\n{distribution}\n[staffing]\nmethod = \"constant\"\nagents = 60\n"
        );
        let path = dir.join("d.toml");
        std::fs::write(&path, text).unwrap();
        let scenario = Scenario::load(&path).unwrap();
        let agents: Vec<u32> = scenario
            .intervals
            .iter()
            .map(|i| i.given_agents.unwrap())
            .collect();
        let model = staffsim::sim::SimModel::new(&scenario, &agents).unwrap();
        let (mut answered, mut handle) = ([0u32; 2], [0.0f64; 2]);
        for k in 0..40 {
            let r = staffsim::sim::run_replication(&model, 8, k);
            for i in 0..2 {
                answered[i] += r.intervals[i].answered;
                handle[i] += r.intervals[i].handle;
            }
        }
        for (i, aht) in [240.0, 360.0].into_iter().enumerate() {
            let mean = handle[i] / f64::from(answered[i]);
            assert!(
                (mean / aht - 1.0).abs() < 0.04,
                "{distribution}: mean handle {mean} vs AHT {aht}"
            );
        }
    }
}
