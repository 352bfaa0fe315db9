//! Shift-scheduling benchmarks: the integer programme of `staffsim schedule` on a week and on
//! four weeks of 15-minute intervals, 08:00–22:00, with three template families (4 h, 6 h and
//! 8 h) starting every 30 minutes from 06:00 (63 starts a day), with and without a 30-minute
//! unpaid break placed in a 2-hour window.
//!
//! `cargo bench --bench schedule`. The evaluation simulation is off (0 replications): what is
//! timed is planning the requirement, building the columns, solving and assembling.

use criterion::{Criterion, criterion_group, criterion_main};
use staffsim::scenario::Scenario;
use staffsim::schedule::{ScheduleOptions, schedule};
use staffsim::sim::SimOptions;
use std::hint::black_box;
use std::path::Path;

/// A centre open 08:00–22:00 over `days` days, staffed by Erlang C, with the three families.
fn scenario(days: u32, breaks: bool) -> Scenario {
    let shares: Vec<String> = (0..56)
        .map(|k| {
            let x = (k as f64 + 0.5) / 56.0;
            format!(
                "{:.3}",
                2.0 + 6.0 * (std::f64::consts::PI * x).sin().powi(2)
            )
        })
        .collect();
    let break_section = if breaks {
        "[[schedule.template.break]]\nlength = \"30m\"\nearliest = \"2h\"\nlatest = \"4h\"\n"
    } else {
        ""
    };
    let mut text = format!(
        r#"name = "bench"
[centre]
interval = "15m"
[forecast.profile]
start = "2027-01-04"
days = {days}
open = "08:00"
close = "22:00"
daily_volume = 4000
day_of_week = [1.0, 0.96, 0.93, 0.92, 0.9, 0.7, 0.6]
intraday = [{}]
[handle_time]
aht = "300s"
distribution = "exponential"
[target]
service_level = 0.8
within = "20s"
[shrinkage]
breaks = 0.06
absenteeism = 0.08
[cost]
hourly_cost = 22
[schedule]
"#,
        shares.join(", ")
    );
    for (name, length, last) in [
        ("four", "4h", "18:00"),
        ("six", "6h", "16:00"),
        ("eight", "8h", "14:00"),
    ] {
        text.push_str(&format!(
            "[[schedule.template]]\nname = \"{name}\"\nstart_from = \"06:00\"\nstart_to = \"{last}\"\nstart_every = \"30m\"\nlength = \"{length}\"\n"
        ));
        if name != "four" {
            text.push_str(break_section);
        }
    }
    Scenario::from_toml(&text, Path::new("bench.toml")).expect("the bench scenario loads")
}

fn options() -> ScheduleOptions {
    ScheduleOptions {
        sim: SimOptions {
            replications: 0,
            seed: 1,
            threads: None,
            ledger: None,
        },
        objective: None,
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("schedule");
    group.sample_size(10);
    for (label, days, breaks) in [
        ("one week, 63 starts a day, no breaks", 7, false),
        (
            "one week, 63 starts a day, a 30-min break in a 2-h window",
            7,
            true,
        ),
        ("four weeks, 63 starts a day, no breaks", 28, false),
    ] {
        let s = scenario(days, breaks);
        let result = schedule(&s, options(), &|| {}).expect("schedules");
        eprintln!(
            "{label}: cost {:.0}, lower bound {:.0}, gap {:.3} %, optimal {}, {} shifts, solve {:.3} s",
            result.cost,
            result.lower_bound_cost,
            result.gap * 100.0,
            result.optimal,
            result.shifts.len(),
            result.solve_seconds
        );
        group.bench_function(label, |b| {
            b.iter(|| schedule(black_box(&s), options(), &|| {}).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
