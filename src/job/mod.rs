//! The main job, `staffsim run`: plan and simulate a scenario, then write a complete report —
//! `summary.md`, `summary.json`, `intervals.csv`, `workbook.xlsx` and `charts/*.png|svg` — into
//! one folder.
//!
//! The folder is claimed before any work (see [`folder`]: only an absent or empty folder or an
//! earlier staffsim report is replaced), the report is written into a hidden staging folder
//! beside it and swapped in once complete: a failed or killed run leaves the previous report.

pub mod charts;
pub mod folder;
mod markdown;
mod workbook;

use crate::bid::BidResult;
use crate::error::{Error, Result};
use crate::plan::{self, Plan, PlanSummary, format_start, round6};
use crate::progress::Progress;
use crate::report::{Chart, write_atomically, write_csv};
use crate::scenario::Scenario;
use crate::sim::summary::SimulationSummary;
use crate::sim::{self, Estimate, SimOptions, SimulationResult};
use crate::sweep::SweepResult;
use folder::ReportFolder;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The bundled holiday-peak scenario, so `staffsim run` works from any directory.
pub const BUNDLED_SCENARIO: &str = include_str!("../../scenarios/holiday-peak.toml");

/// The bundled scenario, parsed.
pub fn bundled_scenario() -> Result<Scenario> {
    Scenario::from_toml(BUNDLED_SCENARIO, Path::new("holiday-peak.toml"))
}

/// What a run produced.
#[derive(Debug)]
pub struct JobReport {
    /// The folder written.
    pub folder: PathBuf,
    /// Every file written, relative to `folder`.
    pub files: Vec<PathBuf>,
    /// The plan.
    pub plan: Plan,
    /// The simulation.
    pub simulation: SimulationResult,
    /// Seconds spent drawing charts.
    pub chart_seconds: f64,
    /// Seconds spent simulating.
    pub simulation_seconds: f64,
    /// The sweep, when the scenario has a `[sweep]`.
    pub sweep: Option<SweepResult>,
    /// The bid, when the scenario has a `[bid]`.
    pub bid: Option<BidResult>,
}

/// `summary.json`: the plan and the simulation exactly as `plan --json` and `simulate --json`
/// print them, plus what was written.
#[derive(Debug, serde::Serialize)]
pub struct JobSummary<'a> {
    /// Scenario name.
    pub scenario: &'a str,
    /// Scenario description.
    pub description: &'a str,
    /// The staffsim version that wrote the report.
    pub staffsim_version: &'static str,
    /// The plan's totals.
    pub plan: PlanSummary,
    /// The simulation's KPIs.
    pub simulation: SimulationSummary,
    /// How the forecast was fitted, when the scenario forecasts from history.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast: Option<crate::scenario::ForecastSummary>,
    /// The sweep, as `sweep --json` prints it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sweep: Option<serde_json::Value>,
    /// The bid, as `bid --json` prints it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bid: Option<BidResult>,
    /// Files in the report folder.
    pub files: Vec<String>,
}

/// Where and how `run` writes its report.
#[derive(Debug, Clone)]
pub struct OutputOptions {
    /// The report folder.
    pub folder: PathBuf,
    /// Write into a folder that holds files staffsim did not write (leaving them alone).
    pub force: bool,
    /// Write `workbook.xlsx` (Excel's row limit is checked before any work).
    pub workbook: bool,
}

/// Plans, simulates and writes the report for `scenario` into `output.folder`.
///
/// The folder is claimed first, so a folder that may not be written is refused before any work.
pub fn run(
    scenario: &Scenario,
    output: &OutputOptions,
    options: SimOptions,
    progress: &dyn Progress,
) -> Result<JobReport> {
    if output.workbook {
        workbook::check_fits(scenario)?;
    }
    let claim = ReportFolder::claim(&output.folder, output.force)?;
    let plan = plan::plan(scenario)?;
    let agents: Vec<u32> = plan.intervals.iter().map(|i| i.staffed_agents).collect();
    let started = Instant::now();
    let simulation = sim::simulate(scenario, &agents, options, progress)?;
    let simulation_seconds = started.elapsed().as_secs_f64();
    let sweep = match &scenario.sweep {
        Some(config) => {
            let sweep_options = SimOptions {
                replications: config.replications.unwrap_or(options.replications),
                ..options
            };
            Some(crate::sweep::sweep(
                scenario,
                config,
                sweep_options,
                progress,
            )?)
        }
        None => None,
    };
    let bid = match &scenario.bid {
        Some(config) => {
            let bid_options = SimOptions {
                replications: config.replications,
                ..options
            };
            Some(crate::bid::bid(scenario, bid_options, progress)?)
        }
        None => None,
    };

    let staging = claim.staging()?;
    let extras = Extras {
        sweep: sweep.as_ref(),
        bid: bid.as_ref(),
    };
    let written = write_report(
        scenario,
        &plan,
        &simulation,
        extras,
        output.workbook,
        &staging,
    )
    .and_then(
        |done| match std::env::var(folder::INTERRUPT_HOOK).as_deref() {
            Ok("fail") => Err(Error::Write {
                path: staging.clone(),
                source: std::io::Error::other("failing as the test hook asks"),
            }),
            _ => Ok(done),
        },
    );
    let (files, chart_seconds) = match written {
        Ok(done) => done,
        Err(err) => {
            claim.abandon(&staging);
            return Err(err);
        }
    };
    let folder = claim.path().to_path_buf();
    claim.publish(&staging, &files)?;
    Ok(JobReport {
        folder,
        files,
        plan,
        simulation,
        chart_seconds,
        simulation_seconds,
        sweep,
        bid,
    })
}

/// The optional parts of a report.
#[derive(Debug, Clone, Copy)]
pub struct Extras<'a> {
    /// The sweep.
    pub sweep: Option<&'a SweepResult>,
    /// The bid.
    pub bid: Option<&'a BidResult>,
}

/// Every chart of the report, by file stem.
pub fn all_charts(ctx: &charts::Context) -> Vec<(String, Chart)> {
    let mut all = vec![
        ("staffing".to_string(), charts::staffing(ctx)),
        ("service-level".to_string(), charts::service_level(ctx)),
        ("occupancy".to_string(), charts::occupancy(ctx)),
        ("asa-abandonment".to_string(), charts::asa_abandonment(ctx)),
    ];
    if let Some(curve) = charts::peak_curve(ctx) {
        all.push(("staffing-curve".to_string(), curve));
    }
    all.extend(charts::special_days(ctx));
    all
}

fn write_report(
    scenario: &Scenario,
    plan: &Plan,
    simulation: &SimulationResult,
    extras: Extras,
    with_workbook: bool,
    staging: &Path,
) -> Result<(Vec<PathBuf>, f64)> {
    let mut files = vec![PathBuf::from("intervals.csv")];
    write_csv(
        &staging.join("intervals.csv"),
        &interval_rows(plan, simulation),
    )?;

    let charts_dir = staging.join("charts");
    std::fs::create_dir_all(&charts_dir).map_err(|source| Error::Write {
        path: charts_dir.clone(),
        source,
    })?;
    let ctx = charts::Context {
        scenario,
        plan,
        simulation: Some(simulation),
    };
    let started = Instant::now();
    let mut charts = all_charts(&ctx);
    if let Some(sweep) = extras.sweep {
        charts.push(("sweep-front".into(), charts::sweep_front(scenario, sweep)));
        charts.push((
            "sweep-confidence".into(),
            charts::sweep_confidence(scenario, sweep),
        ));
    }
    if let Some(bid) = extras.bid {
        charts.push(("bid-fte".into(), charts::bid_fte(scenario, bid)));
        charts.push(("bid-price".into(), charts::bid_price(scenario, bid)));
    }
    let mut chart_files = Vec::new();
    for (stem, chart) in &charts {
        for extension in ["png", "svg"] {
            let name = PathBuf::from("charts").join(format!("{stem}.{extension}"));
            chart.save(&staging.join(&name))?;
            chart_files.push(name);
        }
    }
    let chart_seconds = started.elapsed().as_secs_f64();

    let plan_summary = plan.summary(scenario);
    let simulation_summary = sim::summary::summary(scenario, plan, simulation);
    if let Some(bid) = extras.bid {
        write_csv(&staging.join("bid-months.csv"), &bid.months)?;
        files.push(PathBuf::from("bid-months.csv"));
    }
    let markdown = markdown::render(scenario, plan, simulation, extras, &charts);
    write_atomically(&staging.join("summary.md"), markdown.as_bytes())?;
    files.push(PathBuf::from("summary.md"));
    if with_workbook {
        let workbook = workbook::build(scenario, plan, simulation, extras)?;
        write_atomically(&staging.join("workbook.xlsx"), &workbook)?;
        files.push(PathBuf::from("workbook.xlsx"));
    }
    files.extend(chart_files);
    files.push(PathBuf::from("summary.json"));
    let summary = JobSummary {
        scenario: &scenario.name,
        description: &scenario.description,
        staffsim_version: env!("CARGO_PKG_VERSION"),
        plan: plan_summary,
        simulation: simulation_summary,
        forecast: scenario.forecast,
        sweep: extras.sweep.map(SweepResult::json),
        bid: extras.bid.cloned(),
        files: files.iter().map(|f| f.display().to_string()).collect(),
    };
    let json = crate::report::json_pretty(&summary)?;
    write_atomically(&staging.join("summary.json"), json.as_bytes())?;
    Ok((files, chart_seconds))
}

/// One open interval of the report: plan and simulation side by side.
#[derive(Debug, serde::Serialize)]
pub struct ReportRow {
    /// Local start.
    pub start: String,
    /// Contacts offered (forecast, after special days).
    pub volume: f64,
    /// AHT.
    pub aht_seconds: f64,
    /// Agents required by Erlang.
    pub required_agents: u32,
    /// Agents on the phones.
    pub staffed_agents: u32,
    /// Paid agents.
    pub scheduled_agents: f64,
    /// Erlang service level at the staffed agents.
    pub erlang_service_level: f64,
    /// Simulated service level.
    pub service_level: Option<f64>,
    /// Lower 95 % bound.
    pub service_level_lo: Option<f64>,
    /// Upper 95 % bound.
    pub service_level_hi: Option<f64>,
    /// Erlang ASA.
    pub erlang_asa_seconds: Option<f64>,
    /// Simulated ASA.
    pub asa_seconds: Option<f64>,
    /// Erlang abandonment.
    pub erlang_abandon_rate: f64,
    /// Simulated abandonment.
    pub abandon_rate: Option<f64>,
    /// Erlang occupancy.
    pub erlang_occupancy: f64,
    /// Simulated occupancy.
    pub occupancy: Option<f64>,
    /// Simulated mean longest queue.
    pub longest_queue: Option<f64>,
}

/// The rows of `intervals.csv` and of the workbook's Intervals sheet.
pub fn interval_rows(plan: &Plan, simulation: &SimulationResult) -> Vec<ReportRow> {
    let mean = |e: Option<Estimate>| e.map(|e| e.mean);
    plan.intervals
        .iter()
        .zip(&simulation.intervals)
        .filter(|(p, _)| p.open)
        .map(|(p, s)| ReportRow {
            start: format_start(p.start),
            volume: round6(p.volume),
            aht_seconds: round6(p.aht.get()),
            required_agents: p.required_agents,
            staffed_agents: p.staffed_agents,
            scheduled_agents: round6(p.scheduled_agents),
            erlang_service_level: p.performance.service_level,
            service_level: mean(s.kpis.service_level),
            service_level_lo: s.kpis.service_level.and_then(|e| e.ci95).map(|c| c[0]),
            service_level_hi: s.kpis.service_level.and_then(|e| e.ci95).map(|c| c[1]),
            erlang_asa_seconds: p.performance.asa.map(|a| a.get()),
            asa_seconds: mean(s.kpis.asa_seconds),
            erlang_abandon_rate: p.performance.abandon_rate.unwrap_or(0.0),
            abandon_rate: mean(s.kpis.abandon_rate),
            erlang_occupancy: p.performance.occupancy,
            occupancy: mean(s.kpis.occupancy),
            longest_queue: mean(s.kpis.longest_queue),
        })
        .collect()
}
