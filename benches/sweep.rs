//! A sweep of 50 options of the holiday-peak week: simulated contacts per second, on 1 and 2
//! threads (and more where the machine has them).
//!
//! `cargo bench --bench sweep`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use staffsim::job;
use staffsim::scenario::SweepConfig;
use staffsim::sim::SimOptions;
use staffsim::sweep;

/// 5 requirement multipliers × 5 agent additions × 2 AHT multipliers = 50 options.
fn fifty_options() -> SweepConfig {
    SweepConfig {
        requirement_multiplier: vec![0.9, 0.95, 1.0, 1.05, 1.1],
        agents_added: vec![0, 1, 2, 3, 4],
        aht_multiplier: vec![1.0, 1.1],
        hours_per_fte_week: 37.5,
        ..SweepConfig::default()
    }
}

fn sweep_fifty(c: &mut Criterion) {
    let scenario = job::bundled_scenario().unwrap();
    let config = fifty_options();
    assert_eq!(sweep::grid(&config).len(), 50);
    let replications = 20;
    let probe = SimOptions {
        replications,
        seed: 1,
        threads: Some(1),
        ledger: None,
    };
    let contacts = sweep::sweep(&scenario, &config, probe, &|| {})
        .unwrap()
        .contacts_simulated;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut group = c.benchmark_group(format!(
        "sweep 50 options x {replications} replications, holiday-peak"
    ));
    group.sample_size(10);
    group.throughput(Throughput::Elements(contacts));
    for threads in [1, 2, 4, 8, 16].into_iter().filter(|t| *t <= cores) {
        let options = SimOptions {
            replications,
            seed: 1,
            threads: Some(threads),
            ledger: None,
        };
        group.bench_function(format!("{threads} threads"), |b| {
            b.iter(|| {
                sweep::sweep(&scenario, &config, options, &|| {})
                    .unwrap()
                    .contacts_simulated
            })
        });
    }
    group.finish();
}

/// `sweep --optimize` on six queues served by six groups with two skills each in a chain, one
/// day of 30-minute intervals, 40 replications an iteration, on every core.
fn optimize_groups(c: &mut Criterion) {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/skills/chain-day.toml");
    let portfolio = staffsim::portfolio::Portfolio::load(&path).unwrap();
    let options = SimOptions {
        replications: 40,
        seed: 11,
        threads: None,
        ledger: None,
    };
    let mut group = c.benchmark_group("optimise six groups over a day");
    group.sample_size(10);
    group.bench_function("chain-day", |b| {
        b.iter(|| {
            staffsim::routing::optimize(&portfolio, options, &|| {})
                .unwrap()
                .agent_hours
        })
    });
    group.finish();
}

criterion_group!(benches, sweep_fifty, optimize_groups);
criterion_main!(benches);
