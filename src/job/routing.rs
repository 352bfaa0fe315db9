//! `staffsim run` on a portfolio whose agents are shared in groups: the queues and groups
//! simulated together at the groups' staffing, the groups optimised, the bounds, and the report
//! (summary.md, report.html, summary.json, the flow and staffings charts, workbook.xlsx), claimed,
//! staged and published as one folder.

use super::OutputOptions;
use super::folder::{ReportFolder, names};
use crate::error::{Error, Result};
use crate::portfolio::CrossTraining;
use crate::portfolio::Portfolio;
use crate::present::charts;
use crate::progress::Progress;
use crate::report::{Chart, format, write_atomically};
use crate::routing::{RoutingResult, SkillOptimization};

/// The portfolio simulated with some agents cross-trained.
struct CrossTrained {
    change: CrossTraining,
    after: RoutingResult,
}
use crate::sim::SimOptions;
use std::fmt::Write;
use std::path::PathBuf;

/// What a shared-agents run produced.
#[derive(Debug)]
pub struct RoutingReport {
    /// The folder written.
    pub folder: PathBuf,
    /// Every file written, relative to `folder`.
    pub files: Vec<PathBuf>,
    /// The simulation at the groups' staffing.
    pub simulation: RoutingResult,
    /// The groups optimised.
    pub optimization: SkillOptimization,
    /// Seconds spent drawing and writing the charts.
    pub chart_seconds: f64,
}

/// Simulates `portfolio`'s queues and groups with `options`, optimises the groups, and writes
/// the report into `output.folder`.
///
/// # Errors
/// The simulation's and the optimiser's; [`Error::Write`] and the folder's refusals.
pub fn run_routing(
    portfolio: &Portfolio,
    output: &OutputOptions,
    options: SimOptions,
    cross_train: Option<&CrossTraining>,
    progress: &dyn Progress,
) -> Result<RoutingReport> {
    if portfolio.skills.is_none() {
        return Err(Error::input(
            portfolio.source.display(),
            "has no [[group]]: its queues have dedicated agents",
        ));
    }
    let trained = cross_train
        .map(|c| portfolio.cross_trained(c))
        .transpose()?;
    let claim = ReportFolder::claim(&output.folder, output.force)?;
    let simulation = crate::routing::simulate(portfolio, options, progress)?;
    let cross = match (cross_train, &trained) {
        (Some(change), Some(trained)) => Some(CrossTrained {
            change: change.clone(),
            after: crate::routing::simulate(trained, options, progress)?,
        }),
        _ => None,
    };
    let optimization = crate::routing::optimize(portfolio, options, progress)?;
    let staging = claim.staging()?;
    let written = write_all(
        portfolio,
        (&simulation, &optimization, cross.as_ref()),
        &staging,
        output.workbook,
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
    Ok(RoutingReport {
        folder,
        files,
        simulation,
        optimization,
        chart_seconds,
    })
}

/// Writes the charts, summary.md, report.html and summary.json into `staging`.
fn write_all(
    portfolio: &Portfolio,
    (simulation, optimization, cross): (&RoutingResult, &SkillOptimization, Option<&CrossTrained>),
    staging: &std::path::Path,
    workbook: bool,
) -> Result<(Vec<PathBuf>, f64)> {
    let started = std::time::Instant::now();
    let style = portfolio.queues[0].scenario.report.style.clone();
    let charts_dir = staging.join(names::CHARTS);
    std::fs::create_dir_all(&charts_dir).map_err(|source| Error::Write {
        path: charts_dir.clone(),
        source,
    })?;
    let skills = portfolio.skills.as_ref().expect("checked by run_routing");
    let plans = crate::portfolio::plan(portfolio)?;
    let bounds = crate::routing::bounds(portfolio, skills, &plans)?;
    let interval = portfolio.queues[0].scenario.interval;
    let charts: Vec<(String, Chart)> = vec![
        ("flow".into(), charts::routing_flow(simulation)),
        (
            "staffings".into(),
            charts::routing_staffings(simulation, optimization),
        ),
        (
            "bounds".into(),
            charts::routing_bounds(&plans, interval, &bounds, Some(optimization)),
        ),
    ];
    let mut files = Vec::new();
    for (stem, chart) in &charts {
        for extension in ["png", "svg"] {
            let name = PathBuf::from(names::CHARTS).join(format!("{stem}.{extension}"));
            chart.save_styled(&staging.join(&name), &style)?;
            files.push(name);
        }
    }
    let chart_seconds = started.elapsed().as_secs_f64();
    let mut markdown = summary(portfolio, simulation, optimization);
    if let Some(cross) = cross {
        cross_training_section(&mut markdown, simulation, cross);
    }
    write_atomically(&staging.join(names::SUMMARY_MD), markdown.as_bytes())?;
    let page = crate::present::html::render(
        &format!("{} — shared agents", portfolio.name),
        &markdown,
        &charts,
        &style,
    );
    write_atomically(&staging.join(names::REPORT_HTML), page.as_bytes())?;
    files.extend([
        PathBuf::from(names::SUMMARY_MD),
        PathBuf::from(names::REPORT_HTML),
        PathBuf::from(names::SUMMARY_JSON),
    ]);
    let json = serde_json::json!({
        "portfolio": portfolio.name,
        "staffsim_version": env!("CARGO_PKG_VERSION"),
        "simulation": simulation,
        "optimization": optimization,
        "cross_training": cross.map(|c| serde_json::json!({ "cross_trained": c.change, "after": c.after })),
        "files": files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>(),
    });
    let json = crate::report::json_pretty(&json)?;
    write_atomically(&staging.join(names::SUMMARY_JSON), json.as_bytes())?;
    if workbook {
        let currency = &portfolio.queues[0].scenario.cost.currency;
        let bytes = crate::present::workbook::routing_workbook(simulation, optimization, currency)
            .map_err(|e| Error::Write {
                path: names::WORKBOOK.into(),
                source: std::io::Error::other(e.to_string()),
            })?;
        write_atomically(&staging.join(names::WORKBOOK), &bytes)?;
        files.push(PathBuf::from(names::WORKBOOK));
    }
    Ok((files, chart_seconds))
}

/// summary.md: the queues, the groups, who takes what, and what sharing saves.
fn summary(
    portfolio: &Portfolio,
    simulation: &RoutingResult,
    optimization: &SkillOptimization,
) -> String {
    let mut md = format!("# {} — shared agents\n\n", portfolio.name);
    if !portfolio.description.is_empty() {
        let _ = writeln!(md, "> {}\n", portfolio.description);
    }
    let _ = writeln!(
        md,
        "{} served by {} of agents with several skills, simulated contact by contact over {} replications (seed {}): \
         a new contact goes to the {} free agent with its skill, a freed agent takes {} (live work always before email and back-office).\n",
        format::count_of(simulation.queues.len() as u64, "queue"),
        format::count_of(simulation.groups.len() as u64, "group"),
        simulation.replications,
        simulation.seed,
        match portfolio.skills.as_ref().map(|s| s.routing.arrival) {
            Some(crate::portfolio::Arrival::LongestIdle) => "longest-idle",
            _ => "most specialised (then longest-idle)",
        },
        match portfolio.skills.as_ref().map(|s| s.routing.free_agent) {
            Some(crate::portfolio::FreeAgent::OldestFirst) => "the contact that has waited longest",
            _ => "the first queue in its priority order with work",
        },
    );
    queues_section(&mut md, simulation);
    days_section(&mut md, simulation);
    groups_section(&mut md, simulation);
    savings_section(&mut md, simulation, optimization);
    md
}

/// Each queue's KPIs at the groups' staffing.
fn queues_section(md: &mut String, r: &RoutingResult) {
    let pct = |e: Option<crate::sim::Estimate>| {
        e.map_or("–".into(), |e| format::percent_ci(e.mean, e.ci95, 1))
    };
    let _ = writeln!(md, "## Queues\n");
    let _ = writeln!(
        md,
        "| Queue | Channel | Offered | Answered | Service level [95 %] | ASA | Abandoned |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |"
    );
    for q in &r.queues {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} |",
            q.queue,
            q.channel,
            format::thousands(q.offered),
            format::thousands(q.answered),
            pct(q.service_level),
            q.asa_seconds
                .map_or("–".into(), |e| format::seconds_ci(e.mean, e.ci95, 1)),
            pct(q.abandon_rate),
        );
    }
    md.push('\n');
}

/// Each day's service level per queue, when the horizon has more than one day.
fn days_section(md: &mut String, r: &RoutingResult) {
    if r.days.len() < 2 {
        return;
    }
    let queues: Vec<&str> = r.queues.iter().map(|q| q.queue.as_str()).collect();
    let _ = writeln!(md, "## Service level by day\n");
    let _ = writeln!(
        md,
        "| Day | {} |\n| --- |{}",
        queues.join(" | "),
        " ---: |".repeat(queues.len())
    );
    for day in &r.days {
        let cells: Vec<String> = day
            .queues
            .iter()
            .map(|q| {
                q.service_level
                    .map_or("–".into(), |e| format::percent(e.mean, 1))
            })
            .collect();
        let _ = writeln!(md, "| {} | {} |", day.date, cells.join(" | "));
    }
    md.push('\n');
}

/// Each group's hours, occupancy and what it took, and the flow chart.
fn groups_section(md: &mut String, r: &RoutingResult) {
    let _ = writeln!(md, "## Groups: who takes what\n");
    let queues: Vec<&str> = r.queues.iter().map(|q| q.queue.as_str()).collect();
    let _ = writeln!(
        md,
        "| Group | Agent-hours | Occupancy [95 %] | {} |\n| --- | ---: | ---: |{}",
        queues.join(" | "),
        " ---: |".repeat(queues.len())
    );
    for g in &r.groups {
        let took: Vec<String> = queues
            .iter()
            .map(|q| {
                g.handled
                    .get(*q)
                    .map_or("–".into(), |n| format::thousands(*n))
            })
            .collect();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |",
            g.group,
            format::grouped(g.agent_hours, 1),
            g.occupancy
                .map_or("–".into(), |e| format::percent_ci(e.mean, e.ci95, 1)),
            took.join(" | ")
        );
    }
    let _ = writeln!(
        md,
        "\nContacts taken, mean per replication.\n\n![Who takes what](charts/flow.png)\n"
    );
}

/// The four staffings side by side and what cross-training saves.
fn savings_section(md: &mut String, r: &RoutingResult, o: &SkillOptimization) {
    let _ = writeln!(md, "## What sharing agents saves\n");
    let _ = writeln!(
        md,
        "| Staffing | Agent-hours | Cost |\n| --- | ---: | ---: |"
    );
    let money = |c: Option<f64>| c.map_or("–".into(), format::thousands);
    for (label, hours, cost) in [
        (
            "Dedicated teams (each queue alone)",
            o.dedicated.agent_hours,
            o.dedicated.cost,
        ),
        (
            "The groups as given",
            r.totals.agent_hours,
            r.totals.labour_cost,
        ),
        ("The groups optimised in simulation", o.agent_hours, o.cost),
        (
            "Pooled bound (every agent every skill)",
            o.pooled_bound.agent_hours,
            o.pooled_bound.cost,
        ),
    ] {
        let _ = writeln!(
            md,
            "| {label} | {} | {} |",
            format::grouped(hours, 1),
            money(cost)
        );
    }
    let _ = writeln!(
        md,
        "\nOptimised, the groups need **{} agent-hours: sharing {} against dedicated teams ({})**, against a pooled bound of {}; {}.\n\n![What sharing agents saves](charts/staffings.png)\n\n![Shared agents against their bounds](charts/bounds.png)\n",
        format::grouped(o.agent_hours, 1),
        crate::present::sharing_saves(o.dedicated.agent_hours, o.agent_hours),
        format::grouped(o.dedicated.agent_hours, 1),
        format::grouped(o.pooled_bound.agent_hours, 1),
        if o.converged {
            format!(
                "every queue meets its target in every interval ({} iterations, converged)",
                o.iterations
            )
        } else {
            format!(
                "the search stopped at its limit of {} iterations, so some interval may still miss",
                o.iterations
            )
        },
    );
}

/// What cross-training some agents changes, queue by queue.
fn cross_training_section(md: &mut String, before: &RoutingResult, cross: &CrossTrained) {
    let c = &cross.change;
    let pct = |e: Option<crate::sim::Estimate>| {
        e.map_or("–".into(), |e| format::percent_ci(e.mean, e.ci95, 1))
    };
    let _ = writeln!(
        md,
        "## Cross-training {} agents of {} on {}\n\nThe same contacts, with {} agents of '{}' moved into a group '{}+{}' that also takes '{}' (last in its order):\n",
        c.agents, c.group, c.skill, c.agents, c.group, c.group, c.skill, c.skill
    );
    let _ = writeln!(
        md,
        "| Queue | Service level before | After | Abandoned before | After |\n| --- | ---: | ---: | ---: | ---: |"
    );
    for (b, a) in before.queues.iter().zip(&cross.after.queues) {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            b.queue,
            pct(b.service_level),
            pct(a.service_level),
            pct(b.abandon_rate),
            pct(a.abandon_rate)
        );
    }
    md.push('\n');
}
