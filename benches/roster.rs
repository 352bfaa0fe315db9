//! Roster benchmark: 200 named agents under three contracts (full-time, part-time, weekend)
//! rostered over four weeks of 15-minute intervals, 07:00–22:00, on three templates (early and
//! late 8-hour shifts with a 30-minute unpaid break placed in a 2-hour window, a 4-hour part
//! shift starting every hour), with the search's default moves.
//!
//! `cargo bench --bench roster`. What is timed is planning the requirement, building every way
//! to work, the bounds, the search and the independent check (the simulation with absence is
//! off: 0 replications).

use criterion::{Criterion, criterion_group, criterion_main};
use staffsim::people::{RosterOptions, roster};
use staffsim::scenario::Scenario;
use std::hint::black_box;
use std::path::Path;

/// The four-week scenario and its 200-person staff list.
fn scenario() -> Scenario {
    let text = r#"name = "bench"
[centre]
interval = "15m"
[forecast.profile]
start = "2027-01-04"
days = 28
open = "07:00"
close = "22:00"
daily_volume = 7500
day_of_week = [1.15, 1.05, 1.0, 1.0, 0.95, 0.7, 0.55]
[handle_time]
aht = "300s"
distribution = "exponential"
[target]
service_level = 0.8
within = "20s"
[staffing]
method = "erlang-c"
[cost]
hourly_cost = 20
[simulation]
seed = 5

[schedule]
[[schedule.template]]
name = "early"
start_from = "07:00"
start_to = "10:00"
start_every = "30m"
length = "8h"
[[schedule.template.break]]
length = "30m"
earliest = "3h"
latest = "5h30m"
[[schedule.template]]
name = "late"
start_from = "11:00"
start_to = "14:00"
start_every = "30m"
length = "8h"
[[schedule.template.break]]
length = "30m"
earliest = "3h"
latest = "5h30m"
[[schedule.template]]
name = "part"
start_from = "07:00"
start_to = "18:00"
start_every = "1h"
length = "4h"

[roster]
agents = "bench-staff.csv"
absence = 0.06
[[roster.contract]]
name = "full-time"
days_per_week = 5
hours_per_week = "37.5h"
min_rest = "11h"
max_consecutive_days = 6
days_off_together = true
weekends_off = "1 in 2"
max_start_change = "2h"
templates = ["early", "late"]
[[roster.contract]]
name = "part-time"
min_days = 3
max_days = 5
min_hours = "12h"
max_hours = "20h"
min_rest = "11h"
templates = ["part"]
[[roster.contract]]
name = "weekend"
min_days = 2
max_days = 3
min_hours = "15h"
max_hours = "22.5h"
min_rest = "11h"
templates = ["early", "late"]
"#;
    let mut staff = String::from("id,name,contract,skills,unavailable\n");
    for k in 0..200 {
        let (contract, unavailable) = match k {
            0..=119 if k % 15 == 0 => ("full-time", "2027-01-18..2027-01-22"),
            0..=119 => ("full-time", ""),
            120..=169 => ("part-time", if k % 4 == 0 { "sat;sun" } else { "" }),
            _ => ("weekend", "mon;tue"),
        };
        staff.push_str(&format!("E{k:03},Agent {k},{contract},,{unavailable}\n"));
    }
    let mut scenario = Scenario::from_toml(text, Path::new("bench.toml")).unwrap();
    let name = scenario.name.clone();
    scenario
        .roster
        .as_mut()
        .unwrap()
        .load_staff(&staff, "bench-staff.csv", &name)
        .unwrap();
    scenario
}

fn bench(c: &mut Criterion) {
    let scenario = scenario();
    let mut group = c.benchmark_group("roster");
    group.sample_size(10);
    group.bench_function("200 agents, 4 weeks of 15 minutes, three contracts", |b| {
        b.iter(|| {
            let options = RosterOptions {
                seed: 5,
                moves: None,
                time_limit: None,
                sim: staffsim::sim::SimOptions {
                    replications: 0,
                    seed: 5,
                    threads: None,
                    ledger: None,
                },
            };
            black_box(roster(&scenario, options, &|| {}).unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
