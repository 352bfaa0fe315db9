//! The main job, `staffsim run`: plan and simulate a scenario, then write a complete report —
//! `summary.md`, `summary.json`, `intervals.csv`, `workbook.xlsx` and `charts/*.png|svg` — into
//! one folder.
//!
//! The folder is claimed before any work (see [`folder`]: only an absent or empty folder or an
//! earlier staffsim report is replaced), the report is written into a hidden staging folder
//! beside it and swapped in once complete: a failed or killed run leaves the previous report.

pub mod folder;
mod portfolio;
mod routing;

pub use portfolio::{PortfolioReport, run_portfolio};
pub use routing::{RoutingReport, run_routing};

use crate::bid::BidResult;
use crate::error::{Error, Result};
use crate::plan::{self, Plan, PlanSummary};
use crate::present::{Extras, all_charts, charts, html, interval_rows, markdown, workbook};
use crate::progress::Progress;
use crate::report::{write_atomically, write_csv};
use crate::scenario::Scenario;
use crate::schedule::{ScheduleOptions, ScheduleResult};
use crate::sim::summary::SimulationSummary;
use crate::sim::{self, SimOptions, SimulationResult};
use crate::sweep::SweepResult;
use folder::ReportFolder;
use folder::names;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The bundled holiday-peak scenario, so `staffsim run` works from any directory.
pub const BUNDLED_SCENARIO: &str = include_str!("../../scenarios/holiday-peak.toml");

/// The bundled scenario's staff list, built into the binary with it.
pub const BUNDLED_STAFF: &str = include_str!("../../scenarios/holiday-peak-staff.csv");

/// The bundled scenario, parsed, with its staff list.
pub fn bundled_scenario() -> Result<Scenario> {
    let mut scenario = Scenario::from_toml(BUNDLED_SCENARIO, Path::new("holiday-peak.toml"))?;
    let name = scenario.name.clone();
    if let Some(roster) = &mut scenario.roster {
        roster.load_staff(BUNDLED_STAFF, "holiday-peak-staff.csv", &name)?;
    }
    Ok(scenario)
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
    /// The schedule, when the scenario has a `[schedule]`.
    pub schedule: Option<ScheduleResult>,
    /// The roster of people, when the scenario has a `[roster]` with its staff list.
    pub roster: Option<crate::people::RosterResult>,
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
    /// The schedule, as `schedule --json` prints it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<serde_json::Value>,
    /// The roster of people, as `roster --json` prints it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roster: Option<&'a crate::people::RosterResult>,
    /// Plan against actual, as `actuals --json` prints it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actuals: Option<&'a crate::actuals::ActualsReport>,
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
    let Computed {
        plan,
        simulation,
        simulation_seconds,
        sweep,
        bid,
        schedule,
        roster,
        actuals,
    } = compute(scenario, options, progress)?;
    let staging = claim.staging()?;
    let extras = Extras {
        sweep: sweep.as_ref(),
        bid: bid.as_ref(),
        schedule: schedule.as_ref(),
        roster: roster.as_ref(),
        actuals: actuals.as_ref(),
    };
    let written = write_report(
        scenario,
        &plan,
        &simulation,
        extras,
        output.workbook,
        &staging,
    )
    .and_then(|done| match folder::interrupt_hook().as_deref() {
        Some("fail") => Err(Error::Write {
            path: staging.clone(),
            source: std::io::Error::other("failing as the test hook asks"),
        }),
        _ => Ok(done),
    });
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
        schedule,
        roster,
    })
}

/// Everything one scenario's report shows, before it is written.
pub(crate) struct Computed {
    pub(crate) plan: Plan,
    pub(crate) simulation: SimulationResult,
    pub(crate) simulation_seconds: f64,
    pub(crate) sweep: Option<SweepResult>,
    pub(crate) bid: Option<BidResult>,
    pub(crate) schedule: Option<ScheduleResult>,
    pub(crate) roster: Option<crate::people::RosterResult>,
    pub(crate) actuals: Option<crate::actuals::ActualsReport>,
}

impl Computed {
    pub(crate) fn extras(&self) -> Extras<'_> {
        Extras {
            sweep: self.sweep.as_ref(),
            bid: self.bid.as_ref(),
            schedule: self.schedule.as_ref(),
            roster: self.roster.as_ref(),
            actuals: self.actuals.as_ref(),
        }
    }
}

/// A shard's share of `run` on `scenario` (see [`crate::sim::ledger`]): the simulation, the
/// sweep and the bid recorded in `options.ledger`; the rest of the report — the schedule, the
/// roster, the actuals, the charts and documents — is made whole by the merge.
pub fn shard(scenario: &Scenario, options: SimOptions, progress: &dyn Progress) -> Result<()> {
    let plan = plan::plan(scenario)?;
    let agents: Vec<u32> = plan.intervals.iter().map(|i| i.staffed_agents).collect();
    sim::simulate(scenario, &agents, options, progress)?;
    if let Some(config) = &scenario.sweep {
        crate::sweep::sweep(scenario, config, sweep_options(config, options), progress)?;
    }
    if let Some(config) = &scenario.bid {
        crate::bid::shard(scenario, bid_options(config, options), progress)?;
    }
    Ok(())
}

/// The options of a scenario's `[sweep]`: its own replications, else the run's.
fn sweep_options(config: &crate::scenario::SweepConfig, options: SimOptions) -> SimOptions {
    SimOptions {
        replications: config.replications.unwrap_or(options.replications),
        ..options
    }
}

/// The options of a scenario's `[bid]` risk run: its replications.
fn bid_options(config: &crate::scenario::BidConfig, options: SimOptions) -> SimOptions {
    SimOptions {
        replications: config.replications,
        ..options
    }
}

/// Plans and simulates `scenario`, with its sweep, bid and schedule when it asks for them.
pub(crate) fn compute(
    scenario: &Scenario,
    options: SimOptions,
    progress: &dyn Progress,
) -> Result<Computed> {
    let plan = plan::plan(scenario)?;
    let agents: Vec<u32> = plan.intervals.iter().map(|i| i.staffed_agents).collect();
    let started = Instant::now();
    let simulation = sim::simulate(scenario, &agents, options, progress)?;
    let simulation_seconds = started.elapsed().as_secs_f64();
    let sweep = match &scenario.sweep {
        Some(config) => Some(crate::sweep::sweep(
            scenario,
            config,
            sweep_options(config, options),
            progress,
        )?),
        None => None,
    };
    let bid = match &scenario.bid {
        Some(config) => Some(crate::bid::bid(
            scenario,
            bid_options(config, options),
            progress,
        )?),
        None => None,
    };

    // The schedule's and the roster's checks are not sharded: they run whole, at a merge too.
    let options = SimOptions {
        ledger: None,
        ..options
    };
    let schedule = match &scenario.schedule {
        Some(_) => Some(crate::schedule::schedule(
            scenario,
            ScheduleOptions {
                sim: options,
                objective: None,
            },
            progress,
        )?),
        None => None,
    };
    // The people, when their staff list is there (a scenario copied without it still runs).
    let roster = match &scenario.roster {
        Some(config) if config.staff_missing.is_none() => Some(crate::people::roster(
            scenario,
            crate::people::RosterOptions {
                seed: options.seed,
                moves: None,
                time_limit: None,
                sim: options,
            },
            progress,
        )?),
        _ => None,
    };
    let actuals = match &scenario.actuals {
        Some(source) => {
            let columns = match &source.columns {
                Some(text) => crate::actuals::ColumnMap::parse(text)?,
                None => crate::actuals::ColumnMap::default(),
            };
            let rows = crate::actuals::reader::read(&source.path, &columns)?;
            Some(crate::actuals::compare(
                scenario,
                &rows,
                &source.path.display().to_string(),
            )?)
        }
        None => None,
    };

    Ok(Computed {
        plan,
        simulation,
        simulation_seconds,
        sweep,
        bid,
        schedule,
        roster,
        actuals,
    })
}

/// The report's charts: the plan's and simulation's, then each extra's.
fn report_charts(
    ctx: &charts::Context,
    extras: Extras,
) -> Result<Vec<(String, crate::report::Chart)>> {
    let scenario = ctx.scenario;
    let mut charts = all_charts(ctx);
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
        charts.push(("bid-cash-flow".into(), charts::bid_cash_flow(scenario, bid)));
        charts.push((
            "bid-cost-build-up".into(),
            charts::bid_cost_build_up(scenario, bid),
        ));
        if !bid.sensitivity.is_empty() {
            charts.push(("bid-tornado".into(), charts::bid_tornado(scenario, bid)));
        }
    }
    if let Some(schedule) = extras.schedule {
        charts.push(("schedule".into(), charts::schedule(scenario, schedule)?));
    }
    if let Some(roster) = extras.roster {
        charts.push(("roster".into(), charts::roster(scenario, roster)));
    }
    if let Some(actuals) = extras.actuals {
        charts.push(("actuals".into(), charts::actuals(scenario, actuals)));
    }
    Ok(charts)
}

/// Over 80 lines: the report's files written in the order the folder lists them, each a few lines.
pub(crate) fn write_report(
    scenario: &Scenario,
    plan: &Plan,
    simulation: &SimulationResult,
    extras: Extras,
    with_workbook: bool,
    staging: &Path,
) -> Result<(Vec<PathBuf>, f64)> {
    let mut files = vec![PathBuf::from(names::INTERVALS_CSV)];
    write_csv(
        &staging.join(names::INTERVALS_CSV),
        &interval_rows(plan, simulation),
    )?;

    let charts_dir = staging.join(names::CHARTS);
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
    let charts = report_charts(&ctx, extras)?;
    let mut chart_files = Vec::new();
    for (stem, chart) in &charts {
        for extension in ["png", "svg"] {
            let name = PathBuf::from(names::CHARTS).join(format!("{stem}.{extension}"));
            chart.save_styled(&staging.join(&name), &scenario.report.style)?;
            chart_files.push(name);
        }
    }
    let chart_seconds = started.elapsed().as_secs_f64();

    let plan_summary = plan.summary(scenario);
    let simulation_summary = sim::summary::summary(scenario, plan, simulation);
    if let Some(bid) = extras.bid {
        write_csv(&staging.join(names::BID_MONTHS_CSV), &bid.month_rows())?;
        files.push(PathBuf::from(names::BID_MONTHS_CSV));
    }
    if let Some(schedule) = extras.schedule {
        write_csv(&staging.join(names::SCHEDULE_CSV), &schedule.csv_rows())?;
        files.push(PathBuf::from(names::SCHEDULE_CSV));
    }
    if let Some(roster) = extras.roster {
        write_csv(&staging.join(names::ROSTER_CSV), &roster.shift_rows())?;
        files.push(PathBuf::from(names::ROSTER_CSV));
    }
    let markdown = markdown::render(scenario, plan, simulation, extras, &charts);
    write_atomically(&staging.join(names::SUMMARY_MD), markdown.as_bytes())?;
    let page = html::render(
        &markdown::title(scenario),
        &markdown,
        &charts,
        &scenario.report.style,
    );
    write_atomically(&staging.join(names::REPORT_HTML), page.as_bytes())?;
    files.push(PathBuf::from(names::SUMMARY_MD));
    files.push(PathBuf::from(names::REPORT_HTML));
    if with_workbook {
        let workbook = workbook::build(scenario, plan, simulation, extras)?;
        write_atomically(&staging.join(names::WORKBOOK), &workbook)?;
        files.push(PathBuf::from(names::WORKBOOK));
    }
    files.extend(chart_files);
    files.push(PathBuf::from(names::SUMMARY_JSON));
    let summary = JobSummary {
        scenario: &scenario.name,
        description: &scenario.description,
        staffsim_version: env!("CARGO_PKG_VERSION"),
        plan: plan_summary,
        simulation: simulation_summary,
        forecast: scenario.forecast,
        sweep: extras.sweep.map(SweepResult::json),
        bid: extras.bid.cloned(),
        schedule: extras.schedule.map(ScheduleResult::json),
        roster: extras.roster,
        actuals: extras.actuals,
        files: files.iter().map(|f| f.display().to_string()).collect(),
    };
    let json = crate::report::json_pretty(&summary)?;
    write_atomically(&staging.join(names::SUMMARY_JSON), json.as_bytes())?;
    Ok((files, chart_seconds))
}
