//! The main job end to end, and the charts alone.
//!
//! `cargo bench --bench run`

use criterion::{Criterion, criterion_group, criterion_main};
use staffsim::job;
use staffsim::plan::plan;
use staffsim::present::charts;
use staffsim::sim::{SimOptions, simulate};

fn main_job(c: &mut Criterion) {
    let scenario = job::bundled_scenario().unwrap();
    let dir = std::env::temp_dir().join(format!("staffsim-bench-run-{}", std::process::id()));
    let options = SimOptions {
        replications: 200,
        seed: scenario.simulation.seed,
        threads: None,
        ledger: None,
    };
    let mut group = c.benchmark_group("staffsim run holiday-peak");
    group.sample_size(10);
    group.bench_function("200 replications, full report", |b| {
        b.iter(|| {
            job::run(
                &scenario,
                &job::OutputOptions {
                    folder: dir.join("holiday-peak"),
                    force: false,
                    workbook: true,
                },
                options,
                &|| {},
            )
            .unwrap()
            .files
            .len()
        })
    });

    let plan = plan(&scenario).unwrap();
    let agents: Vec<u32> = plan.intervals.iter().map(|i| i.staffed_agents).collect();
    let result = simulate(&scenario, &agents, options, &|| {}).unwrap();
    let ctx = charts::Context {
        scenario: &scenario,
        plan: &plan,
        simulation: Some(&result),
    };
    let all = staffsim::present::all_charts(&ctx);
    std::fs::create_dir_all(&dir).unwrap();
    group.bench_function(format!("draw {} charts as PNG and SVG", all.len()), |b| {
        b.iter(|| {
            for (stem, chart) in &all {
                chart.save(&dir.join(format!("{stem}.png"))).unwrap();
                chart.save(&dir.join(format!("{stem}.svg"))).unwrap();
            }
        })
    });
    group.finish();
}

criterion_group!(benches, main_job);
criterion_main!(benches);
