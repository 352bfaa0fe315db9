//! Erlang engine benchmarks: a year of interval solves, and single evaluations at scale.
//!
//! `cargo bench --bench erlang`

use criterion::{Criterion, criterion_group, criterion_main};
use staffsim::queueing::{Constraints, ErlangA, ErlangC, QueueModel, ServiceTarget, SlDefinition};
use staffsim::units::Seconds;
use std::hint::black_box;

/// 35,040 fifteen-minute volumes between 1 and 450: an intraday curve times a weekly pattern,
/// with a deterministic jitter.
fn year_of_volumes() -> Vec<f64> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..35_040)
        .map(|i| {
            let slot = (i % 96) as f64 / 96.0;
            let day = (i / 96) % 7;
            let intraday = (std::f64::consts::PI * slot).sin().powi(2);
            let weekly = if day >= 5 { 0.6 } else { 1.0 };
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let jitter = (state >> 40) as f64 / (1u64 << 24) as f64; // [0, 1)
            (1.0 + 449.0 * intraday * weekly * (0.85 + 0.15 * jitter)).round()
        })
        .collect()
}

fn solve_a_year(c: &mut Criterion) {
    let volumes = year_of_volumes();
    let target = ServiceTarget::new(0.8, Seconds(20.0), SlDefinition::Offered).unwrap();
    let constraints = Constraints {
        target: Some(target),
        ..Constraints::default()
    };
    let (interval, aht) = (Seconds(900.0), Seconds(300.0));
    c.bench_function(
        "erlang_c solve 35,040 intervals (1-450 contacts, AHT 300 s, 80/20)",
        |b| {
            b.iter(|| {
                let mut total = 0u64;
                for &volume in &volumes {
                    let load = volume * aht.get() / interval.get();
                    let model = QueueModel::ErlangC(ErlangC::new(load, aht).unwrap());
                    total += u64::from(
                        model
                            .required_agents(black_box(&constraints))
                            .unwrap()
                            .agents,
                    );
                }
                total
            })
        },
    );
}

fn evaluate_at_scale(c: &mut Criterion) {
    let within = Seconds(20.0);
    let aht = Seconds(300.0);
    for agents in [1_000u32, 20_000] {
        let load = f64::from(agents) * 0.97;
        let erlang_c = ErlangC::new(load, aht).unwrap();
        c.bench_function(&format!("erlang_c evaluate {agents} agents"), |b| {
            b.iter(|| erlang_c.performance(black_box(agents), within, SlDefinition::Offered))
        });
        let erlang_a = ErlangA::new(load, aht, Seconds(120.0)).unwrap();
        c.bench_function(&format!("erlang_a evaluate {agents} agents"), |b| {
            b.iter(|| erlang_a.performance(black_box(agents), within, SlDefinition::Offered))
        });
    }
}

criterion_group!(benches, solve_a_year, evaluate_at_scale);
criterion_main!(benches);
