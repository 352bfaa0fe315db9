//! Sharding: what splitting a simulation into shards costs beside running it whole (each shard
//! simulating its share, recording its statistics and writing its part; then the merge), and
//! how long a merge of 1,000 parts takes.
//!
//! `cargo bench --bench shard`

use criterion::{Criterion, criterion_group, criterion_main};
use staffsim::plan::plan;
use staffsim::scenario::Scenario;
use staffsim::shard::{self, Part, PartHeader};
use staffsim::sim::ledger::{Ledger, Shard};
use staffsim::sim::{SimOptions, simulate};
use std::path::{Path, PathBuf};

fn holiday_peak() -> (Scenario, Vec<u32>) {
    let scenario =
        Scenario::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/holiday-peak.toml"))
            .unwrap();
    let agents = plan(&scenario)
        .unwrap()
        .intervals
        .iter()
        .map(|i| i.staffed_agents)
        .collect();
    (scenario, agents)
}

fn options(replications: u32, ledger: Option<&'static Ledger>) -> SimOptions {
    SimOptions {
        replications,
        seed: 7,
        threads: Some(1),
        ledger,
    }
}

/// Shard `index` of `count` of `replications` replications, simulated and written to `dir`.
fn write_part(
    (scenario, agents): &(Scenario, Vec<u32>),
    replications: u32,
    shard: Shard,
    dir: &Path,
) -> PathBuf {
    let ledger: &'static Ledger = Box::leak(Box::new(Ledger::shard(shard)));
    simulate(
        scenario,
        agents,
        options(replications, Some(ledger)),
        &|| {},
    )
    .unwrap();
    let part = Part {
        header: PartHeader {
            format: shard::FORMAT.into(),
            version: shard::VERSION,
            staffsim: env!("CARGO_PKG_VERSION").into(),
            command: vec!["simulate".into()],
            scenario: None,
            scenario_sha256: "bench".into(),
            seed: 7,
            replications,
            shard,
            wall_seconds: 0.0,
            cpu_seconds: None,
        },
        steps: ledger.take_recorded(),
    };
    let path = dir.join(format!("part-{}.json", shard.index));
    part.write(&path).unwrap();
    path
}

/// The parts at `paths` merged and the simulation answered from them.
fn merge(case: &(Scenario, Vec<u32>), replications: u32, paths: &[PathBuf]) -> f64 {
    let parts = shard::read_parts(paths).unwrap();
    let ledger: &'static Ledger = Box::leak(Box::new(parts.ledger));
    let result = simulate(
        &case.0,
        &case.1,
        options(replications, Some(ledger)),
        &|| {},
    )
    .unwrap();
    result.run.service_level.unwrap().mean
}

fn seven_shards_against_whole(c: &mut Criterion) {
    let case = holiday_peak();
    let replications = 700;
    let dir = std::env::temp_dir().join("staffsim-bench-shard-7");
    std::fs::create_dir_all(&dir).unwrap();
    let mut group = c.benchmark_group("holiday-peak, 700 replications, one core");
    group.sample_size(10);
    group.bench_function("whole", |b| {
        b.iter(|| simulate(&case.0, &case.1, options(replications, None), &|| {}).unwrap())
    });
    group.bench_function("7 shards written, then merged", |b| {
        b.iter(|| {
            let paths: Vec<PathBuf> = (0..7)
                .map(|k| write_part(&case, replications, Shard::new(k, 7).unwrap(), &dir))
                .collect();
            merge(&case, replications, &paths)
        })
    });
    group.finish();
}

fn merge_of_a_thousand_parts(c: &mut Criterion) {
    let case = holiday_peak();
    let replications = 1000;
    let dir = std::env::temp_dir().join("staffsim-bench-shard-1000");
    std::fs::create_dir_all(&dir).unwrap();
    let paths: Vec<PathBuf> = (0..1000)
        .map(|k| write_part(&case, replications, Shard::new(k, 1000).unwrap(), &dir))
        .collect();
    let mut group = c.benchmark_group("merge");
    group.sample_size(10);
    group.bench_function("1,000 parts of holiday-peak (a replication each)", |b| {
        b.iter(|| merge(&case, replications, &paths))
    });
    group.finish();
}

criterion_group!(
    benches,
    seven_shards_against_whole,
    merge_of_a_thousand_parts
);
criterion_main!(benches);
