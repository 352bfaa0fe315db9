//! `staffsim run` on a portfolio: each queue's full report in its own subfolder, and the
//! portfolio's summary (per-channel section, totals, the stacked-by-channel staffing chart)
//! at the top, claimed, staged and published as one report.

use super::folder::{ReportFolder, names};
use super::{OutputOptions, compute, write_report};
use crate::error::{Error, Result};
use crate::plan::{Plan, PlanSummary};
use crate::portfolio::Queue;
use crate::portfolio::{self, Portfolio, Totals};
use crate::present::charts;
use crate::progress::Progress;
use crate::report::{thousands, write_atomically};
use crate::sim::{SimOptions, SimulationResult};
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What a portfolio run produced.
#[derive(Debug)]
pub struct PortfolioReport {
    /// The folder written.
    pub folder: PathBuf,
    /// Every file written, relative to `folder`.
    pub files: Vec<PathBuf>,
    /// Each queue's subfolder, plan and simulation, in order.
    pub queues: Vec<(String, Plan, SimulationResult)>,
    /// Seconds spent simulating, all queues.
    pub simulation_seconds: f64,
    /// Seconds spent drawing charts, all queues.
    pub chart_seconds: f64,
}

/// A queue's subfolder: its name with anything but letters, digits, `-` and `_` as `-`.
fn subfolder(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Plans, simulates and writes the report of every queue of `portfolio`, and the portfolio's
/// summary, into `output.folder`; each queue simulated with `options(queue)`.
pub fn run_portfolio(
    portfolio: &Portfolio,
    output: &OutputOptions,
    options: &dyn Fn(&Queue) -> SimOptions,
    progress: &dyn Progress,
) -> Result<PortfolioReport> {
    let mut folders: Vec<String> = Vec::new();
    for q in &portfolio.queues {
        let folder = subfolder(&q.name);
        if folders.contains(&folder) {
            return Err(Error::input(
                portfolio.source.display().to_string(),
                format!("two queues' names give one report folder '{folder}': rename one"),
            ));
        }
        folders.push(folder);
        if output.workbook {
            crate::present::workbook::check_fits(&q.scenario)?;
        }
    }
    let claim = ReportFolder::claim(&output.folder, output.force)?;
    let mut computed = Vec::with_capacity(portfolio.queues.len());
    for q in &portfolio.queues {
        computed.push(compute(&q.scenario, options(q), progress)?);
    }
    let staging = claim.staging()?;
    let written = write_all(portfolio, &folders, &computed, output.workbook, &staging);
    let (files, chart_seconds) = match written {
        Ok(done) => done,
        Err(err) => {
            claim.abandon(&staging);
            return Err(err);
        }
    };
    let folder = claim.path().to_path_buf();
    claim.publish(&staging, &files)?;
    let simulation_seconds = computed.iter().map(|c| c.simulation_seconds).sum();
    Ok(PortfolioReport {
        folder,
        files,
        queues: folders
            .into_iter()
            .zip(computed)
            .map(|(f, c)| (f, c.plan, c.simulation))
            .collect(),
        simulation_seconds,
        chart_seconds,
    })
}

fn write_all(
    portfolio: &Portfolio,
    folders: &[String],
    computed: &[super::Computed],
    with_workbook: bool,
    staging: &Path,
) -> Result<(Vec<PathBuf>, f64)> {
    let mut files = Vec::new();
    let mut chart_seconds = 0.0;
    for ((q, folder), c) in portfolio.queues.iter().zip(folders).zip(computed) {
        let dir = staging.join(folder);
        std::fs::create_dir(&dir).map_err(|source| Error::Write {
            path: dir.clone(),
            source,
        })?;
        let (queue_files, seconds) = write_report(
            &q.scenario,
            &c.plan,
            &c.simulation,
            c.extras(),
            with_workbook,
            &dir,
        )?;
        chart_seconds += seconds;
        files.extend(queue_files.into_iter().map(|f| Path::new(folder).join(f)));
    }
    let started = Instant::now();
    let (chart, style) = channels_chart(portfolio, computed, staging, &mut files)?;
    chart_seconds += started.elapsed().as_secs_f64();

    let summaries: Vec<PlanSummary> = portfolio
        .queues
        .iter()
        .zip(computed)
        .map(|(q, c)| c.plan.summary(&q.scenario))
        .collect();
    let figures: Vec<Totals> = summaries
        .iter()
        .zip(computed)
        .zip(&portfolio.queues)
        .map(|((s, c), q)| Totals::simulated(s, &q.scenario, &c.simulation))
        .collect();
    let markdown = render(portfolio, folders, computed, &figures);
    write_atomically(&staging.join(names::SUMMARY_MD), markdown.as_bytes())?;
    let page = crate::present::html::render(
        &format!("{} — portfolio report", portfolio.name),
        &markdown,
        &[("channels".to_string(), chart)],
        &style,
    );
    write_atomically(&staging.join(names::REPORT_HTML), page.as_bytes())?;
    files.push(PathBuf::from(names::SUMMARY_MD));
    files.push(PathBuf::from(names::REPORT_HTML));
    files.push(PathBuf::from(names::SUMMARY_JSON));
    let summary = summary_json(portfolio, folders, computed, &figures, &files)?;
    let json = crate::report::json_pretty(&summary)?;
    write_atomically(&staging.join(names::SUMMARY_JSON), json.as_bytes())?;
    Ok((files, chart_seconds))
}

/// The stacked staffing chart by channel, written as PNG and SVG under `charts/`; the chart and
/// the style it was drawn in (the first queue's).
fn channels_chart(
    portfolio: &Portfolio,
    computed: &[super::Computed],
    staging: &Path,
    files: &mut Vec<PathBuf>,
) -> Result<(crate::report::Chart, crate::report::Style)> {
    let plans: Vec<Plan> = computed.iter().map(|c| c.plan.clone()).collect();
    let chart = charts::portfolio_staffing(portfolio, &plans);
    let style = portfolio
        .queues
        .first()
        .map(|q| q.scenario.report.style.clone())
        .unwrap_or_default();
    let charts_dir = staging.join(names::CHARTS);
    std::fs::create_dir_all(&charts_dir).map_err(|source| Error::Write {
        path: charts_dir.clone(),
        source,
    })?;
    for extension in ["png", "svg"] {
        let name = PathBuf::from(names::CHARTS).join(format!("channels.{extension}"));
        chart.save_styled(&staging.join(&name), &style)?;
        files.push(name);
    }
    Ok((chart, style))
}

/// `summary.json`: each queue's plan and simulation, the totals with each channel's, and the
/// files written.
fn summary_json(
    portfolio: &Portfolio,
    folders: &[String],
    computed: &[super::Computed],
    figures: &[Totals],
    files: &[PathBuf],
) -> Result<serde_json::Value> {
    let queues: Vec<serde_json::Value> = portfolio
        .queues
        .iter()
        .zip(folders)
        .zip(computed)
        .map(|((q, folder), c)| {
            serde_json::json!({
                "queue": q.name,
                "folder": folder,
                "plan": c.plan.summary(&q.scenario),
                "simulation": crate::sim::summary::summary(&q.scenario, &c.plan, &c.simulation),
            })
        })
        .collect();
    let mut totals = serde_json::to_value(portfolio::totals(figures))
        .map_err(|e| Error::invalid("portfolio totals", e, "serialisable"))?;
    totals["by_channel"] = serde_json::to_value(portfolio::by_channel(&portfolio.queues, figures))
        .map_err(|e| Error::invalid("portfolio totals", e, "serialisable"))?;
    Ok(serde_json::json!({
        "portfolio": portfolio.name,
        "description": portfolio.description,
        "staffsim_version": env!("CARGO_PKG_VERSION"),
        "queues": queues,
        "totals": totals,
        "files": files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>(),
    }))
}

/// The portfolio's `summary.md`: totals, a per-channel section, each queue's line with a link to
/// its own report, and the stacked staffing chart.
fn render(
    portfolio: &Portfolio,
    folders: &[String],
    computed: &[super::Computed],
    figures: &[Totals],
) -> String {
    let currency = portfolio
        .queues
        .first()
        .map_or(String::new(), |q| q.scenario.cost.currency.clone());
    let money = |x: Option<f64>| x.map_or("–".into(), |c| format!("{currency} {}", thousands(c)));
    let per = |c: Option<f64>, n: f64| {
        c.filter(|_| n > 0.0)
            .map_or("–".into(), |c| format!("{currency} {:.2}", c / n))
    };
    let mut md = format!("# {} — portfolio report\n\n", portfolio.name);
    if !portfolio.description.is_empty() {
        let _ = writeln!(md, "> {}\n", portfolio.description);
    }
    let t = portfolio::totals(figures);
    let _ = writeln!(
        md,
        "{}, each with its dedicated agents, planned by its own model and simulated on its own. \
         In all: **{} paid agent-hours** ({} required on the phones; {:.1} FTE), **{}**, {} handled, **{} per contact** blended.\n",
        crate::report::format::count_of(portfolio.queues.len() as u64, "queue"),
        thousands(t.scheduled_agent_hours),
        thousands(t.required_agent_hours),
        t.fte,
        money(t.total_cost),
        thousands(t.answered),
        per(t.total_cost, t.answered),
    );
    let _ = writeln!(md, "## By channel\n");
    let _ = writeln!(
        md,
        "| Channel | Queues | Handled | Paid agent-hours | FTE | Cost | Cost per contact |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for c in portfolio::by_channel(&portfolio.queues, figures) {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {:.1} | {} | {} |",
            c.channel,
            c.queues,
            thousands(c.totals.answered),
            thousands(c.totals.scheduled_agent_hours),
            c.totals.fte,
            money(c.totals.total_cost),
            per(c.totals.total_cost, c.totals.answered),
        );
    }
    let _ = writeln!(
        md,
        "\n![Paid agent-hours by channel](charts/channels.png)\n"
    );
    queue_table(portfolio, folders, computed, figures, &mut md);
    let _ = writeln!(
        md,
        "\nShared agents across queues are not modelled yet: each queue's agents serve only it."
    );
    md
}

/// A line per queue: its channel, model, offered, key KPI and occupancy, and a link to its
/// report.
fn queue_table(
    portfolio: &Portfolio,
    folders: &[String],
    computed: &[super::Computed],
    figures: &[Totals],
    md: &mut String,
) {
    let pct = |e: Option<crate::sim::Estimate>| {
        e.map_or("–".into(), |e| crate::report::format::percent(e.mean, 1))
    };
    let _ = writeln!(*md, "## Queues\n");
    let _ = writeln!(
        *md,
        "| Queue | Channel | Model | Offered | Key KPI (simulated) | Occupancy (simulated) | Report |\n| --- | --- | --- | ---: | --- | ---: | --- |"
    );
    for ((q, folder), (c, f)) in portfolio
        .queues
        .iter()
        .zip(folders)
        .zip(computed.iter().zip(figures))
    {
        let r = &c.simulation.run;
        let kpi = key_kpi(&q.scenario, r);
        let _ = writeln!(
            *md,
            "| {} | {} | {} | {} | {kpi} | {} | [{folder}/report.html]({folder}/report.html) |",
            q.name,
            q.scenario.channel.kind(),
            c.plan.model,
            thousands(f.offered),
            pct(r.occupancy),
        );
    }
}

/// The KPI a planner reads first for the queue's channel, simulated: response within the target
/// for a backlog, dialler abandonment for a campaign, service level and abandonment live.
fn key_kpi(scenario: &crate::scenario::Scenario, r: &crate::sim::KpiEstimates) -> String {
    let pct = |e: Option<crate::sim::Estimate>| {
        e.map_or("–".into(), |e| crate::report::format::percent(e.mean, 1))
    };
    if scenario.channel.is_deferrable() {
        format!(
            "{} within {}; mean response {}",
            pct(r.service_level),
            scenario.target.service.within(),
            r.asa_seconds
                .map_or("–".into(), |e| crate::report::format::hours(e.mean, 1))
        )
    } else if scenario.channel.outbound().is_some() {
        format!("dialler abandonment {}", pct(r.abandon_rate))
    } else {
        format!(
            "{} within {} s; abandoned {}",
            pct(r.service_level),
            scenario.target.service.within().get(),
            pct(r.abandon_rate)
        )
    }
}
