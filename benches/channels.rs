//! Channel simulators and portfolios: chat sessions per second on one core, a year of email in
//! 15-minute intervals, outbound campaigns, and the bundled omnichannel portfolio.
//!
//! `cargo bench --bench channels`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use staffsim::plan::plan;
use staffsim::portfolio::Portfolio;
use staffsim::scenario::Scenario;
use staffsim::sim::{SimModel, SimOptions, run_replication, simulate};
use std::path::{Path, PathBuf};

fn bundled(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{name}.toml"))
}

fn agents(scenario: &Scenario) -> Vec<u32> {
    plan(scenario)
        .unwrap()
        .intervals
        .iter()
        .map(|i| i.staffed_agents)
        .collect()
}

/// One replication of `scenario` on one core, with its contacts as the throughput.
fn one_replication(c: &mut Criterion, label: &str, scenario: &Scenario) {
    let model = SimModel::new(scenario, &agents(scenario)).unwrap();
    let contacts: u32 = run_replication(&model, 1, 0)
        .intervals
        .iter()
        .map(|c| c.offered)
        .sum();
    let mut group = c.benchmark_group(format!("one replication, one core: {label}"));
    group.throughput(Throughput::Elements(u64::from(contacts)));
    group.sample_size(20);
    let mut k = 0;
    group.bench_function("contacts", |b| {
        b.iter(|| {
            k += 1;
            run_replication(&model, 1, k).events
        })
    });
    group.finish();
}

fn chat(c: &mut Criterion) {
    let scenario = Scenario::load(&bundled("chat-holiday")).unwrap();
    one_replication(c, "chat-holiday (sessions)", &scenario);
}

/// A year of email, 08:00–20:00 in 15-minute intervals, closed Sundays, 24-hour deadline.
fn email_year(c: &mut Criterion) {
    let text = r#"name = "email-year"
[centre]
interval = "15m"
[forecast.profile]
start = "2027-01-04"
days = 365
open = "08:00"
close = "20:00"
daily_volume = 2400
day_of_week = [1.3, 1.1, 1.0, 1.0, 0.9, 0.5, 0.0]
[channel]
kind = "email"
[handle_time]
aht = "6m"
distribution = "lognormal"
cv = 0.8
[target]
service_level = 0.9
within = "24h"
max_occupancy = 0.95
"#;
    let scenario = Scenario::from_toml(text, Path::new("email-year.toml")).unwrap();
    one_replication(c, "a year of email in 15-minute intervals", &scenario);
}

fn outbound(c: &mut Criterion) {
    let predictive = Scenario::load(&bundled("outbound-renewals")).unwrap();
    one_replication(c, "outbound-renewals, predictive (connects)", &predictive);
    let text = std::fs::read_to_string(bundled("outbound-renewals"))
        .unwrap()
        .replace("pacing = \"predictive\"", "pacing = \"preview\"")
        .replace("max_abandon = 0.03", "");
    let preview = Scenario::from_toml(&text, &bundled("outbound-renewals")).unwrap();
    one_replication(c, "outbound-renewals, preview (contacts)", &preview);
}

/// The bundled portfolio: every queue planned and simulated with its own replications.
fn portfolio(c: &mut Criterion) {
    let portfolio = Portfolio::load(&bundled("omnichannel-bid")).unwrap();
    let mut group = c.benchmark_group("omnichannel-bid portfolio");
    group.sample_size(10);
    group.bench_function("plan and simulate every queue", |b| {
        b.iter(|| {
            let mut events = 0;
            for queue in &portfolio.queues {
                let s = &queue.scenario;
                let options = SimOptions {
                    replications: s.simulation.replications,
                    seed: s.simulation.seed,
                    threads: None,
                    ledger: None,
                };
                events += simulate(s, &agents(s), options, &|| {}).unwrap().events;
            }
            events
        })
    });
    group.finish();
}

criterion_group!(benches, chat, email_year, outbound, portfolio);
criterion_main!(benches);
