//! `staffsim simulate SCENARIO`: discrete-event simulation of the scenario's staffing, set beside
//! the interval-by-interval Erlang prediction.

use super::{emit, warn_all};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use staffsim::plan::{self, Plan, Totals, format_start};
use staffsim::report::{Align, Table, write_csv};
use staffsim::scenario::Scenario;
use staffsim::sim::{self, Estimate, KpiEstimates, SimOptions, SimulationResult};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

pub const EXAMPLES: &str = "\
Examples:
  # Simulate the holiday week with the scenario's replications and seed
  staffsim simulate scenarios/holiday-peak.toml

  # 500 replications with another seed, every interval to CSV, the run as JSON
  staffsim simulate scenarios/holiday-peak.toml --replications 500 --seed 42 --csv sim.csv --json";

/// Arguments of `staffsim simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// The scenario file (TOML).
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,

    /// Replications of the horizon (overrides [simulation] replications).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    replications: Option<u32>,

    /// Base seed (overrides [simulation] seed): the same seed gives the same numbers on any
    /// number of threads.
    #[arg(long, value_name = "SEED")]
    seed: Option<u64>,

    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,

    /// Write every open interval's simulated KPIs (with 95 % intervals) and the Erlang
    /// prediction as CSV to PATH.
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,

    /// Print the run as one JSON object and nothing else on stdout.
    #[arg(long)]
    json: bool,
}

/// Runs `staffsim simulate`.
pub fn run(args: SimulateArgs) -> anyhow::Result<()> {
    let scenario = Scenario::load(&args.scenario)?;
    warn_all(&scenario.warnings);
    let plan = plan::plan(&scenario)?;
    let options = SimOptions {
        replications: args
            .replications
            .unwrap_or(scenario.simulation.replications),
        seed: args.seed.unwrap_or(scenario.simulation.seed),
        threads: args.threads.map(usize::from),
    };
    let result = run_with_progress(&scenario, &plan, options)?;
    if result.contacts_stranded > 0 {
        eprintln!(
            "warning: {} contacts were still waiting at the end with no agents to answer them; counted as abandoned",
            result.contacts_stranded
        );
    }
    if let Some(path) = &args.csv {
        write_csv(path, &interval_rows(&plan, &result))?;
    }
    if args.json {
        emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&summary(&scenario, &plan, &result))?
        ))
    } else {
        emit(&render(&scenario, &plan, &result))
    }
}

/// Simulates with a progress bar on stderr that appears only once the run has taken a second
/// (and never when stderr is not a terminal).
pub fn run_with_progress(
    scenario: &Scenario,
    plan: &Plan,
    options: SimOptions,
) -> anyhow::Result<SimulationResult> {
    let bar = ProgressBar::with_draw_target(
        Some(u64::from(options.replications)),
        ProgressDrawTarget::hidden(),
    );
    bar.set_style(
        ProgressStyle::with_template("simulating {bar:40} {pos}/{len} replications, {eta} left")
            .expect("a valid template"),
    );
    let started = Instant::now();
    let shown = AtomicBool::new(false);
    let tick = || {
        bar.inc(1);
        if !shown.load(Ordering::Relaxed) && started.elapsed() > Duration::from_secs(1) {
            shown.store(true, Ordering::Relaxed);
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    };
    let agents: Vec<u32> = plan.intervals.iter().map(|i| i.staffed_agents).collect();
    let result = sim::simulate(scenario, &agents, options, &tick);
    bar.finish_and_clear();
    Ok(result?)
}

/// `{"mean": x, "ci95": [lo, hi]}`, or null.
#[derive(Debug, serde::Serialize)]
struct Kpi {
    mean: f64,
    ci95: Option<[f64; 2]>,
}

fn kpi(estimate: Option<Estimate>) -> Option<Kpi> {
    estimate.map(|e| Kpi {
        mean: e.mean,
        ci95: e.ci95,
    })
}

#[derive(Debug, serde::Serialize)]
struct KpiSet {
    service_level: Option<Kpi>,
    asa_seconds: Option<Kpi>,
    abandon_rate: Option<Kpi>,
    occupancy: Option<Kpi>,
    p_wait: Option<Kpi>,
}

impl KpiSet {
    fn of(k: &KpiEstimates) -> Self {
        Self {
            service_level: kpi(k.service_level),
            asa_seconds: kpi(k.asa_seconds),
            abandon_rate: kpi(k.abandon_rate),
            occupancy: kpi(k.occupancy),
            p_wait: kpi(k.p_wait),
        }
    }
}

/// What the interval-by-interval Erlang plan predicted for the same staffing.
#[derive(Debug, serde::Serialize)]
struct Prediction {
    model: &'static str,
    service_level: Option<f64>,
    asa_seconds: Option<f64>,
    abandon_rate: Option<f64>,
    occupancy: Option<f64>,
}

impl Prediction {
    fn of(model: &'static str, t: &Totals) -> Self {
        Self {
            model,
            service_level: t.service_level,
            asa_seconds: t.asa_seconds,
            abandon_rate: t.abandon_rate.or(Some(0.0)),
            occupancy: t.occupancy,
        }
    }
}

#[derive(Debug, serde::Serialize)]
struct DayJson {
    date: String,
    offered: Option<f64>,
    #[serde(flatten)]
    kpis: KpiSet,
    erlang: Prediction,
}

#[derive(Debug, serde::Serialize)]
struct SimulateJson {
    scenario: String,
    replications: u32,
    seed: u64,
    /// Mean contacts offered per replication (retries and repeats included).
    contacts_offered: f64,
    contacts_simulated: u64,
    sl_definition: String,
    within_seconds: f64,
    #[serde(flatten)]
    kpis: KpiSet,
    erlang: Prediction,
    events_per_second: f64,
    wall_seconds: f64,
    days: Vec<DayJson>,
}

fn summary(scenario: &Scenario, plan: &Plan, result: &SimulationResult) -> SimulateJson {
    SimulateJson {
        scenario: scenario.name.clone(),
        replications: result.replications,
        seed: result.seed,
        contacts_offered: result.contacts_offered(),
        contacts_simulated: result.contacts_simulated,
        sl_definition: scenario.target.service.definition().to_string(),
        within_seconds: scenario.target.service.within().get(),
        kpis: KpiSet::of(&result.run),
        erlang: Prediction::of(plan.model, &plan.totals),
        events_per_second: result.events_per_second(),
        wall_seconds: result.wall_seconds,
        days: result
            .days
            .iter()
            .zip(&plan.days)
            .map(|(d, p)| DayJson {
                date: d.date.to_string(),
                offered: d.kpis.offered.map(|o| o.mean),
                kpis: KpiSet::of(&d.kpis),
                erlang: Prediction::of(plan.model, &p.totals),
            })
            .collect(),
    }
}

/// One open interval, simulated and predicted.
#[derive(Debug, serde::Serialize)]
struct IntervalRow {
    start: String,
    offered: f64,
    agents: u32,
    service_level: Option<f64>,
    service_level_lo: Option<f64>,
    service_level_hi: Option<f64>,
    asa_seconds: Option<f64>,
    asa_seconds_lo: Option<f64>,
    asa_seconds_hi: Option<f64>,
    abandon_rate: Option<f64>,
    abandon_rate_lo: Option<f64>,
    abandon_rate_hi: Option<f64>,
    occupancy: Option<f64>,
    occupancy_lo: Option<f64>,
    occupancy_hi: Option<f64>,
    p_wait: Option<f64>,
    longest_queue: Option<f64>,
    erlang_service_level: f64,
    erlang_asa_seconds: Option<f64>,
    erlang_abandon_rate: f64,
    erlang_occupancy: f64,
}

fn interval_rows(plan: &Plan, result: &SimulationResult) -> Vec<IntervalRow> {
    let mean = |e: Option<Estimate>| e.map(|e| e.mean);
    let lo = |e: Option<Estimate>| e.and_then(|e| e.ci95).map(|c| c[0]);
    let hi = |e: Option<Estimate>| e.and_then(|e| e.ci95).map(|c| c[1]);
    result
        .intervals
        .iter()
        .zip(&plan.intervals)
        .filter(|(s, _)| s.open)
        .map(|(s, p)| {
            let k = &s.kpis;
            IntervalRow {
                start: format_start(s.start),
                offered: mean(k.offered).unwrap_or(0.0),
                agents: s.agents,
                service_level: mean(k.service_level),
                service_level_lo: lo(k.service_level),
                service_level_hi: hi(k.service_level),
                asa_seconds: mean(k.asa_seconds),
                asa_seconds_lo: lo(k.asa_seconds),
                asa_seconds_hi: hi(k.asa_seconds),
                abandon_rate: mean(k.abandon_rate),
                abandon_rate_lo: lo(k.abandon_rate),
                abandon_rate_hi: hi(k.abandon_rate),
                occupancy: mean(k.occupancy),
                occupancy_lo: lo(k.occupancy),
                occupancy_hi: hi(k.occupancy),
                p_wait: mean(k.p_wait),
                longest_queue: mean(k.longest_queue),
                erlang_service_level: p.performance.service_level,
                erlang_asa_seconds: p.performance.asa.map(|a| a.get()),
                erlang_abandon_rate: p.performance.abandon_rate.unwrap_or(0.0),
                erlang_occupancy: p.performance.occupancy,
            }
        })
        .collect()
}

fn percent_ci(e: Option<Estimate>) -> String {
    match e {
        Some(Estimate {
            mean,
            ci95: Some([lo, hi]),
            ..
        }) => {
            format!(
                "{:.1} % [{:.1}–{:.1}]",
                mean * 100.0,
                lo * 100.0,
                hi * 100.0
            )
        }
        Some(e) => format!("{:.1} %", e.mean * 100.0),
        None => "–".into(),
    }
}

fn seconds_ci(e: Option<Estimate>) -> String {
    match e {
        Some(Estimate {
            mean,
            ci95: Some([lo, hi]),
            ..
        }) => format!("{mean:.1} s [{lo:.1}–{hi:.1}]"),
        Some(e) => format!("{:.1} s", e.mean),
        None => "–".into(),
    }
}

fn percent(x: Option<f64>) -> String {
    x.map_or("–".into(), |x| format!("{:.1} %", x * 100.0))
}

fn render(scenario: &Scenario, plan: &Plan, result: &SimulationResult) -> String {
    let service = scenario.target.service;
    let mut out = format!(
        "{} — simulation, {} replications, seed {}\nservice level: answered within {} s ({}); [95 % confidence intervals]; Erlang = {} interval by interval\n\n",
        scenario.name,
        result.replications,
        result.seed,
        service.within().get(),
        service.definition(),
        plan.model,
    );
    let mut table = Table::new([
        ("date", Align::Left),
        ("offered", Align::Right),
        ("service level", Align::Right),
        ("Erlang", Align::Right),
        ("ASA", Align::Right),
        ("Erlang", Align::Right),
        ("abandoned", Align::Right),
        ("Erlang", Align::Right),
        ("occupancy", Align::Right),
        ("Erlang", Align::Right),
    ]);
    let row = |label: String, k: &KpiEstimates, t: &Totals| {
        vec![
            label,
            k.offered.map_or("0".into(), |o| format!("{:.0}", o.mean)),
            percent_ci(k.service_level),
            percent(t.service_level),
            seconds_ci(k.asa_seconds),
            t.asa_seconds.map_or("∞".into(), |a| format!("{a:.1} s")),
            percent_ci(k.abandon_rate),
            percent(t.abandon_rate.or(Some(0.0))),
            percent_ci(k.occupancy),
            percent(t.occupancy),
        ]
    };
    for (day, predicted) in result.days.iter().zip(&plan.days) {
        if predicted.totals.intervals > 0 {
            table.row(row(day.date.to_string(), &day.kpis, &predicted.totals));
        }
    }
    table.row(row("total".into(), &result.run, &plan.totals));
    out.push_str(&table.to_string());
    out.push_str(&format!(
        "\n{:.0} contacts per replication; {} events in {:.2} s ({:.1} million events/s)\n",
        result.contacts_offered(),
        result.events,
        result.wall_seconds,
        result.events_per_second() / 1e6
    ));
    out
}
