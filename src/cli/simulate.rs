//! `staffsim simulate SCENARIO`: discrete-event simulation of the scenario's staffing, set beside
//! the interval-by-interval Erlang prediction.

use super::progress::run_with_progress;
use super::{args, emit, emit_json, is_stdout, one_stdout, percent_ci, warn_all};
use clap::Args;
use staffsim::plan::{self, Plan, Totals};
use staffsim::present::charts;
use staffsim::present::interval_rows;
use staffsim::report::format;
use staffsim::report::{Align, Table, write_csv};
use staffsim::scenario::Scenario;
use staffsim::sim::summary::summary;
use staffsim::sim::{Estimate, KpiEstimates, SimulationResult};
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  # Simulate the holiday week with the scenario's replications and seed
  staffsim simulate scenarios/holiday-peak.toml

  # 500 replications with another seed, every interval to CSV, the run as JSON
  staffsim simulate scenarios/holiday-peak.toml --replications 500 --seed 42 --csv sim.csv --json";

/// Arguments of `staffsim simulate`.
#[derive(Debug, Args)]
pub(super) struct SimulateArgs {
    /// The scenario file (TOML).
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,

    #[command(flatten)]
    sim: args::SimFlags,

    /// Write every open interval's simulated KPIs (with 95 % intervals) and the Erlang
    /// prediction as CSV to PATH.
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,

    /// Draw the service level by interval (simulated, with its 95 % band, against Erlang and
    /// the target) to PATH (.png or .svg).
    #[arg(long, value_name = "PATH")]
    chart: Option<PathBuf>,

    /// Print the run as one JSON object and nothing else on stdout.
    #[arg(long)]
    json: bool,
}

/// Runs `staffsim simulate`.
pub(super) fn run(args: SimulateArgs) -> anyhow::Result<()> {
    one_stdout(args.json, "--csv", args.csv.as_deref())?;
    super::outputs_not_inputs(
        &staffsim::scenario::input_files(&args.scenario),
        &[
            ("--csv", args.csv.as_deref()),
            ("--chart", args.chart.as_deref()),
        ],
    )?;
    let scenario = match super::input::load(&args.scenario)? {
        super::input::Input::Scenario(scenario) => *scenario,
        super::input::Input::Portfolio(portfolio) => {
            super::input::refuse_files(&[
                ("--csv", args.csv.is_some()),
                ("--chart", args.chart.is_some()),
            ])?;
            return super::portfolio::simulate(&portfolio, args.json, |s| {
                args.sim
                    .options(s.simulation.replications, s.simulation.seed)
            });
        }
    };
    warn_all(&scenario.warnings);
    let plan = plan::plan(&scenario)?;
    let options = args
        .sim
        .options(scenario.simulation.replications, scenario.simulation.seed);
    let result = run_with_progress(&scenario, &plan, options)?;
    if result.contacts_stranded > 0 && !scenario.channel.is_deferrable() {
        eprintln!(
            "warning: {} contacts were still waiting at the end with no agents to answer them; counted as abandoned",
            result.contacts_stranded
        );
    }
    if let Some(path) = &args.csv {
        write_csv(path, &interval_rows(&plan, &result))?;
    }
    if let Some(path) = &args.chart {
        let ctx = charts::Context {
            scenario: &scenario,
            plan: &plan,
            simulation: Some(&result),
        };
        charts::service_level(&ctx).save_styled(path, &scenario.report.style)?;
    }
    if is_stdout(args.csv.as_deref()) {
        return Ok(());
    }
    if args.json {
        emit_json(&summary(&scenario, &plan, &result))
    } else {
        emit(&render(&scenario, &plan, &result))
    }
}

fn seconds_ci(e: Option<Estimate>) -> String {
    e.map_or("–".into(), |e| format::seconds_ci(e.mean, e.ci95, 1))
}

fn percent(x: Option<f64>) -> String {
    x.map_or("–".into(), |x| format::percent(x, 1))
}

fn render(scenario: &Scenario, plan: &Plan, result: &SimulationResult) -> String {
    if scenario.channel.is_deferrable() {
        return render_deferrable(scenario, plan, result);
    }
    if scenario.channel.outbound().is_some() {
        return render_campaign(scenario, plan, result);
    }
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
    out.push_str(&kpi_table(
        "offered",
        ["service level", "ASA", "abandoned", "occupancy"],
        "Erlang",
        plan,
        result,
        row,
    ));
    out.push_str(&format!(
        "\n{:.0} contacts per replication; {} events in {:.2} s ({:.1} million events/s)\n",
        result.contacts_offered(),
        result.events,
        result.wall_seconds,
        result.events_per_second() / 1e6
    ));
    out
}

/// Email and back-office: response times in hours and the backlog at closing instead of
/// abandonment, against the fluid plan.
fn render_deferrable(scenario: &Scenario, plan: &Plan, result: &SimulationResult) -> String {
    let service = scenario.target.service;
    let unit = scenario.channel.unit();
    let mut out = format!(
        "{} — {} simulation, {} replications, seed {}\nservice level: {unit} picked up within {} on the {} clock; [95 % confidence intervals]; fluid = the backlog plan\n\n",
        scenario.name,
        scenario.channel.kind(),
        result.replications,
        result.seed,
        service.within(),
        scenario.target.clock.in_words(),
    );
    let hours_ci =
        |e: Option<Estimate>| e.map_or("–".into(), |e| format::hours_ci(e.mean, e.ci95, 1));
    let count_ci =
        |e: Option<Estimate>| e.map_or("–".into(), |e| format::count_ci(e.mean, e.ci95));
    let row = |label: String, k: &KpiEstimates, t: &Totals| {
        vec![
            label,
            k.offered.map_or("0".into(), |o| format!("{:.0}", o.mean)),
            percent_ci(k.service_level),
            percent(t.service_level),
            hours_ci(k.asa_seconds),
            t.asa_seconds.map_or("–".into(), |a| format::hours(a, 1)),
            count_ci(k.backlog_at_close),
            t.backlog_at_close.map_or("–".into(), |b| format!("{b:.0}")),
            percent_ci(k.occupancy),
            percent(t.occupancy),
        ]
    };
    out.push_str(&kpi_table(
        "offered",
        [
            "service level",
            "mean response",
            "backlog at close",
            "occupancy",
        ],
        "fluid",
        plan,
        result,
        row,
    ));
    out.push_str(&format!(
        "\n{:.0} {unit} per replication; {:.1} still waiting at the horizon's end; {} events in {:.2} s\n",
        result.contacts_offered(),
        result.contacts_stranded as f64 / f64::from(result.replications),
        result.events,
        result.wall_seconds,
    ));
    out
}

/// Outbound: right-party contacts reached and dials placed, the dialler's abandonment and the
/// agents' occupancy, against the plan.
fn render_campaign(scenario: &Scenario, plan: &Plan, result: &SimulationResult) -> String {
    let mut out = format!(
        "{} — outbound simulation, {} replications, seed {}\nconnects = right parties the dialler reached; contacts = those put through to an agent; [95 % confidence intervals]; plan = {}\n\n",
        scenario.name, result.replications, result.seed, plan.model,
    );
    let count_ci =
        |e: Option<Estimate>| e.map_or("–".into(), |e| format::count_ci(e.mean, e.ci95));
    let row = |label: String, k: &KpiEstimates, t: &Totals| {
        vec![
            label,
            k.offered.map_or("0".into(), |o| format!("{:.0}", o.mean)),
            count_ci(k.contacts),
            format!("{:.0}", t.answered),
            count_ci(k.dials),
            t.dials.map_or("–".into(), |d| format!("{d:.0}")),
            percent_ci(k.abandon_rate),
            percent(t.abandon_rate),
            percent_ci(k.occupancy),
            percent(t.occupancy),
        ]
    };
    out.push_str(&kpi_table(
        "connects",
        ["contacts", "dials", "abandoned", "occupancy"],
        "plan",
        plan,
        result,
        row,
    ));
    out.push_str(&format!(
        "\n{:.0} connects per replication; {} events in {:.2} s\n",
        result.contacts_offered(),
        result.events,
        result.wall_seconds,
    ));
    out
}

/// The per-day table: date, offered, then each of four KPIs simulated beside the plan's
/// `theory` value; one row per open day and a total, each from `row`.
fn kpi_table(
    offered: &str,
    kpis: [&str; 4],
    theory: &str,
    plan: &Plan,
    result: &SimulationResult,
    row: impl Fn(String, &KpiEstimates, &Totals) -> Vec<String>,
) -> String {
    let mut headers = vec![("date", Align::Left), (offered, Align::Right)];
    for kpi in kpis {
        headers.extend([(kpi, Align::Right), (theory, Align::Right)]);
    }
    let mut table = Table::new(headers);
    for (day, predicted) in result.days.iter().zip(&plan.days) {
        if predicted.totals.intervals > 0 {
            table.row(row(day.date.to_string(), &day.kpis, &predicted.totals));
        }
    }
    table.row(row("total".into(), &result.run, &plan.totals));
    table.to_string()
}
