//! Simulator throughput: contacts per second on one core (one queue, and six queues with
//! shared agents), and replications across threads.
//!
//! `cargo bench --bench sim`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use staffsim::plan::plan;
use staffsim::scenario::Scenario;
use staffsim::sim::{SimModel, SimOptions, run_replication, simulate};
use std::path::Path;

fn scenario(name: &str) -> Scenario {
    Scenario::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/contract/{name}.toml")),
    )
    .unwrap()
}

fn agents(scenario: &Scenario) -> Vec<u32> {
    plan(scenario)
        .unwrap()
        .intervals
        .iter()
        .map(|i| i.staffed_agents)
        .collect()
}

fn one_core(c: &mut Criterion) {
    for name in ["stationary-erlang-a", "stationary-erlang-c"] {
        let scenario = scenario(name);
        let model = SimModel::new(&scenario, &agents(&scenario)).unwrap();
        let contacts: u32 = run_replication(&model, 1, 0)
            .intervals
            .iter()
            .map(|c| c.offered)
            .sum();
        let mut group = c.benchmark_group(format!("one replication, one core: {name}"));
        group.throughput(Throughput::Elements(u64::from(contacts)));
        let mut k = 0;
        group.bench_function("contacts", |b| {
            b.iter(|| {
                k += 1;
                run_replication(&model, 1, k).events
            })
        });
        group.finish();
    }
}

fn threads(c: &mut Criterion) {
    let scenario = scenario("stationary-erlang-a");
    let agents = agents(&scenario);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut group = c.benchmark_group("32 replications of stationary-erlang-a");
    group.sample_size(10);
    for threads in [1, 2, 4, 8, 16].into_iter().filter(|t| *t <= cores) {
        let options = SimOptions {
            replications: 32,
            seed: 1,
            threads: Some(threads),
            ledger: None,
        };
        group.bench_function(format!("{threads} threads"), |b| {
            b.iter(|| {
                simulate(&scenario, &agents, options, &|| {})
                    .unwrap()
                    .events
            })
        });
    }
    group.finish();
}

/// The multi-skill engine on one core: six voice queues of 10 Erlangs and six groups of 11
/// agents with two skills each in a chain (`tests/data/skills/chain.toml`), 200 hours.
fn multi_skill(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/skills/chain.toml");
    let portfolio = staffsim::portfolio::Portfolio::load(&path).unwrap();
    let skills = portfolio.skills.as_ref().unwrap();
    let model = staffsim::routing::SkillModel::new(&portfolio, skills, None).unwrap();
    let contacts: u32 = staffsim::routing::run_replication(&model, 1, 0)
        .queues
        .iter()
        .flatten()
        .map(|c| c.offered)
        .sum();
    let mut group = c.benchmark_group("one replication, one core: six queues, six groups");
    group.throughput(Throughput::Elements(u64::from(contacts)));
    group.sample_size(20);
    let mut k = 0;
    group.bench_function("contacts", |b| {
        b.iter(|| {
            k += 1;
            staffsim::routing::run_replication(&model, 1, k).events
        })
    });
    group.finish();
}

criterion_group!(benches, one_core, threads, multi_skill);
criterion_main!(benches);
