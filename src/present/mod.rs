//! Turning results into what people read: the report's charts, its rows, `summary.md` and
//! `workbook.xlsx`. Used by the CLI (each subcommand's `--chart`) and by the main job; knows
//! nothing of files or folders, which are the job's and the report layer's business.

pub mod charts;
pub(crate) mod markdown;
pub(crate) mod workbook;

use crate::bid::BidResult;
use crate::plan::{Plan, format_start, round6};
use crate::report::Chart;
use crate::sim::{Estimate, SimulationResult};
use crate::sweep::SweepResult;

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
