//! The bid's finance views on the bundled bpo-bid-finance (24 months, two sites, six cost lines,
//! volume bands over 10,000 simulated terms, four sensitivity inputs): the bid with its staffing
//! pinned (one risk run of 20 replications), with and without the sensitivity's eight re-runs,
//! and one re-run alone.
//!
//! `cargo bench --bench bid_finance`

use criterion::{Criterion, criterion_group, criterion_main};
use staffsim::bid;
use staffsim::scenario::{Scenario, SensitivityInput};
use staffsim::sim::SimOptions;
use std::hint::black_box;

fn scenario() -> Scenario {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bpo-bid-finance.toml");
    let mut scenario = Scenario::load(&path).unwrap();
    let config = scenario.bid.as_mut().unwrap();
    config.staffing_uplift = Some(1.02);
    config.replications = 20;
    scenario
}

fn finance(c: &mut Criterion) {
    let with = scenario();
    let mut without = with.clone();
    without.bid.as_mut().unwrap().finance.sensitivity.clear();
    let options = SimOptions {
        replications: 20,
        seed: 7,
        threads: None,
        ledger: None,
    };
    let base = bid::bid(&with, options, &|| {}).unwrap();
    let prices: Vec<f64> = base.months.iter().map(|m| m.fee / m.handled).collect();
    let forecast: Vec<f64> = base.months.iter().map(|m| m.handled).collect();
    let mut group = c.benchmark_group("bid bpo-bid-finance, staffing pinned, 20 replications");
    group.sample_size(10);
    group.bench_function("with the sensitivity (8 re-runs)", |b| {
        b.iter(|| black_box(bid::bid(&with, options, &|| {}).unwrap()))
    });
    group.bench_function("without it", |b| {
        b.iter(|| black_box(bid::bid(&without, options, &|| {}).unwrap()))
    });
    group.bench_function("one re-run (volume +15 %)", |b| {
        let moved = bid::sensitivity::moved(&with, SensitivityInput::Volume, 0.15);
        b.iter(|| {
            black_box(bid::sensitivity::margin_at(&moved, 1.02, &prices, &forecast, 0.0).unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, finance);
criterion_main!(benches);
