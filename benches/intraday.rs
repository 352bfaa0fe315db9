//! `staffsim intraday` on the bundled holiday-peak Monday at 11:00 (15-minute intervals, the
//! morning 12 % over forecast and handle times 8 % over): the re-forecast, the re-plan, the
//! simulation at the planned staffing and the search for the extra agents, at 200 replications.
//!
//! `cargo bench --bench intraday`

use criterion::{Criterion, criterion_group, criterion_main};
use staffsim::actuals::ActualRow;
use staffsim::actuals::intraday::{Ask, Method, intraday};
use staffsim::job;
use staffsim::sim::SimOptions;
use std::hint::black_box;

fn rest_of_day(c: &mut Criterion) {
    let scenario = job::bundled_scenario().unwrap();
    let monday = scenario.days()[0].clone();
    let rows: Vec<ActualRow> = monday
        .intervals
        .clone()
        .filter(|&k| scenario.intervals[k].open && scenario.intervals[k].start.hour() < 11)
        .enumerate()
        .map(|(line, k)| {
            let i = &scenario.intervals[k];
            ActualRow {
                line: line as u64 + 2,
                start: i.start,
                offered: i.volume * 1.12,
                handled: None,
                abandoned: None,
                aht_seconds: Some(i.aht.get() * 1.08),
                answered_within_target: None,
                agents_staffed: None,
            }
        })
        .collect();
    let ask = Ask {
        now: "11:00".parse().unwrap(),
        method: Method::Ratio,
        from: None,
        sim: SimOptions {
            replications: 200,
            seed: 1,
            threads: None,
            ledger: None,
        },
    };
    let mut group = c.benchmark_group("intraday holiday-peak Monday at 11:00, 200 replications");
    group.sample_size(10);
    group.bench_function(
        "re-forecast, re-plan, simulate and find the extra agents",
        |b| b.iter(|| black_box(intraday(&scenario, &rows, ask, "bench").unwrap())),
    );
    group.finish();
}

criterion_group!(benches, rest_of_day);
criterion_main!(benches);
