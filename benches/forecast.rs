//! Fit and backtest on two years of 15-minute history (70,080 intervals), one core.
//!
//! `cargo bench --bench forecast`

use criterion::{Criterion, criterion_group, criterion_main};
use staffsim::forecast::{Columns, History, Synthesis, fit, synthesize};

fn two_years(c: &mut Criterion) {
    let synthesis = Synthesis {
        start: "2025-01-06".parse().unwrap(),
        weeks: 105,
        interval_minutes: 15,
        daily_volume: 3000.0,
        weekly_growth: 0.003,
        seed: 1,
    };
    let text: String = synthesize(&synthesis)
        .lines()
        .take(70_080 + 1)
        .map(|l| format!("{l}\n"))
        .collect();
    let history = History::parse(text.as_bytes(), "bench.csv", &Columns::default()).unwrap();
    assert_eq!(history.volume.len(), 70_080);
    let mut group = c.benchmark_group("forecast two years of 15-minute history (70,080 intervals)");
    group.sample_size(10);
    group.bench_function("parse, fit four methods, backtest, forecast 14 days", |b| {
        b.iter(|| {
            let h = History::parse(text.as_bytes(), "bench.csv", &Columns::default()).unwrap();
            fit(&h, 14 * 96, None).unwrap().volume.len()
        })
    });
    group.bench_function("fit only", |b| {
        b.iter(|| fit(&history, 14 * 96, None).unwrap().volume.len())
    });
    group.finish();
}

criterion_group!(benches, two_years);
criterion_main!(benches);
