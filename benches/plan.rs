//! End-to-end plan of a one-year, 15-minute scenario: parse the scenario and its 35,040-row CSV,
//! solve every interval, write the per-interval CSV.
//!
//! `cargo bench --bench plan`

use criterion::{Criterion, criterion_group, criterion_main};
use staffsim::plan::plan;
use staffsim::report::write_csv;
use staffsim::scenario::Scenario;
use std::fmt::Write;
use std::path::PathBuf;

/// Writes a year of 15-minute volumes (1-450 contacts) and a scenario for them; returns its path.
fn year_scenario() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("staffsim-bench-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut csv = String::from("start,volume\n");
    let mut start = jiff::civil::date(2027, 1, 1).at(0, 0, 0, 0);
    let mut state: u64 = 42;
    for i in 0..35_040 {
        let slot = (i % 96) as f64 / 96.0;
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let jitter = (state >> 40) as f64 / (1u64 << 24) as f64;
        let volume = (1.0
            + 449.0 * (std::f64::consts::PI * slot).sin().powi(2) * (0.85 + 0.15 * jitter))
            .round();
        writeln!(csv, "{},{volume}", start.strftime("%Y-%m-%dT%H:%M")).unwrap();
        start = start.saturating_add(jiff::SignedDuration::from_mins(15));
    }
    std::fs::write(dir.join("year.csv"), csv).unwrap();
    let scenario = "name = \"year\"\n[centre]\ninterval = \"15m\"\n[forecast]\ncsv = \"year.csv\"\n\
                    [handle_time]\naht = \"300s\"\n[target]\nservice_level = 0.8\nwithin = \"20s\"\n\
                    [shrinkage]\ntotal = 0.3\n[cost]\nhourly_cost = 20\n";
    let path = dir.join("year.toml");
    std::fs::write(&path, scenario).unwrap();
    path
}

fn plan_a_year(c: &mut Criterion) {
    let path = year_scenario();
    let out = path.with_file_name("plan.csv");
    c.bench_function(
        "plan 35,040 intervals end to end (parse, solve, write CSV)",
        |b| {
            b.iter(|| {
                let scenario = Scenario::load(&path).unwrap();
                let plan = plan(&scenario).unwrap();
                write_csv(&out, &plan.interval_rows(&scenario)).unwrap();
                plan.totals.offered
            })
        },
    );
    let scenario = Scenario::load(&path).unwrap();
    c.bench_function("plan 35,040 intervals: load scenario and CSV only", |b| {
        b.iter(|| Scenario::load(&path).unwrap().intervals.len())
    });
    c.bench_function("plan 35,040 intervals: solve only", |b| {
        b.iter(|| plan(&scenario).unwrap().totals.offered)
    });
}

criterion_group!(benches, plan_a_year);
criterion_main!(benches);
