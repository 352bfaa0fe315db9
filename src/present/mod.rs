//! Turning results into what people read: the report's charts, its rows, `summary.md`,
//! `report.html` and `workbook.xlsx`. Used by the CLI (each subcommand's `--chart`) and by the main job; knows
//! nothing of files or folders, which are the job's and the report layer's business.

pub(crate) mod assumptions;
pub mod charts;
pub(crate) mod html;
pub(crate) mod markdown;
pub mod terminal;
pub(crate) mod vocabulary;
pub(crate) mod workbook;

use crate::bid::BidResult;
use crate::plan::{Plan, format_start, round6};
use crate::report::Chart;
use crate::schedule::ScheduleResult;
use crate::sim::{Estimate, SimulationResult};
use crate::sweep::SweepResult;

/// What sharing agents saves against dedicated teams, in words: "saves 120.0 agent-hours
/// (2.5 %)", or "costs 23.5 agent-hours (0.5 %) more" when the shared staffing needs more.
pub(crate) fn sharing_saves(dedicated_agent_hours: f64, shared_agent_hours: f64) -> String {
    let saved = dedicated_agent_hours - shared_agent_hours;
    let share = crate::report::format::percent(saved.abs() / dedicated_agent_hours.max(1e-9), 1);
    let hours = crate::report::format::grouped(saved.abs(), 1);
    if saved >= 0.0 {
        format!("saves {hours} agent-hours ({share})")
    } else {
        format!("costs {hours} agent-hours ({share}) more")
    }
}

/// The optional parts of a report.
#[derive(Debug, Clone, Copy)]
pub struct Extras<'a> {
    /// The sweep.
    pub sweep: Option<&'a SweepResult>,
    /// The bid.
    pub bid: Option<&'a BidResult>,
    /// The schedule.
    pub schedule: Option<&'a ScheduleResult>,
    /// The roster of people.
    pub roster: Option<&'a crate::people::RosterResult>,
    /// Plan against actual.
    pub actuals: Option<&'a crate::actuals::ActualsReport>,
}

/// Every chart of the report, by file stem.
///
/// Over more than a week the staffing, service-level and occupancy charts are daily and the worst
/// week follows interval by interval (`*-worst-week`).
pub fn all_charts(ctx: &charts::Context) -> Vec<(String, Chart)> {
    let mut all = if charts::is_long(ctx) {
        let mut daily = vec![
            ("staffing".to_string(), charts::daily_staffing(ctx)),
            (
                "service-level".to_string(),
                charts::daily_service_level(ctx),
            ),
            ("occupancy".to_string(), charts::daily_occupancy(ctx)),
        ];
        if let Some((plan, simulation, label)) = charts::worst_week(ctx) {
            let week = charts::Context {
                scenario: ctx.scenario,
                plan: &plan,
                simulation: simulation.as_ref(),
            };
            let mut service = charts::service_level(&week);
            service.title = format!("Service level by interval, worst week ({label})");
            let mut staffing = charts::staffing(&week);
            staffing.title = format!("Staffing by interval, worst week ({label})");
            daily.push(("service-level-worst-week".to_string(), service));
            daily.push(("staffing-worst-week".to_string(), staffing));
        }
        daily.push((
            "asa-abandonment".to_string(),
            charts::in_channel_terms(charts::daily_asa_abandonment(ctx), ctx.scenario, true),
        ));
        daily
    } else {
        vec![
            ("staffing".to_string(), charts::staffing(ctx)),
            ("service-level".to_string(), charts::service_level(ctx)),
            ("occupancy".to_string(), charts::occupancy(ctx)),
            (
                "asa-abandonment".to_string(),
                charts::in_channel_terms(charts::asa_abandonment(ctx), ctx.scenario, false),
            ),
        ]
    };
    if let Some(curve) = charts::peak_curve(ctx) {
        all.push(("staffing-curve".to_string(), curve));
    }
    all.extend(charts::special_days(ctx));
    all
}

/// One open interval of the report: the plan and the simulation side by side. The one row type
/// of `intervals.csv`, `simulate --csv` and the workbook's Intervals sheet.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReportRow {
    /// Local start.
    pub start: String,
    /// Contacts offered by the forecast (after special days).
    pub volume: f64,
    /// Contacts offered in the simulation, mean per replication (retries and repeats included).
    pub offered: f64,
    /// AHT.
    pub aht_seconds: f64,
    /// Agents required by Erlang.
    pub required_agents: u32,
    /// Agents on the phones.
    pub staffed_agents: u32,
    /// Paid agents behind them.
    pub scheduled_agents: f64,
    /// Simulated service level.
    pub service_level: Option<f64>,
    /// Lower 95 % bound.
    pub service_level_lo: Option<f64>,
    /// Upper 95 % bound.
    pub service_level_hi: Option<f64>,
    /// Erlang service level at the staffed agents.
    pub erlang_service_level: f64,
    /// Simulated ASA.
    pub asa_seconds: Option<f64>,
    /// Lower 95 % bound.
    pub asa_seconds_lo: Option<f64>,
    /// Upper 95 % bound.
    pub asa_seconds_hi: Option<f64>,
    /// Erlang ASA.
    pub erlang_asa_seconds: Option<f64>,
    /// Simulated abandonment.
    pub abandon_rate: Option<f64>,
    /// Lower 95 % bound.
    pub abandon_rate_lo: Option<f64>,
    /// Upper 95 % bound.
    pub abandon_rate_hi: Option<f64>,
    /// Erlang abandonment.
    pub erlang_abandon_rate: f64,
    /// Simulated occupancy.
    pub occupancy: Option<f64>,
    /// Lower 95 % bound.
    pub occupancy_lo: Option<f64>,
    /// Upper 95 % bound.
    pub occupancy_hi: Option<f64>,
    /// Erlang occupancy.
    pub erlang_occupancy: f64,
    /// Simulated share of contacts that waited.
    pub p_wait: Option<f64>,
    /// Simulated mean longest queue.
    pub longest_queue: Option<f64>,
}

/// The report rows of every open interval.
pub fn interval_rows(plan: &Plan, simulation: &SimulationResult) -> Vec<ReportRow> {
    let mean = |e: Option<Estimate>| e.map(|e| e.mean);
    let lo = |e: Option<Estimate>| e.and_then(|e| e.ci95).map(|c| c[0]);
    let hi = |e: Option<Estimate>| e.and_then(|e| e.ci95).map(|c| c[1]);
    plan.intervals
        .iter()
        .zip(&simulation.intervals)
        .filter(|(p, _)| p.open)
        .map(|(p, s)| {
            let k = &s.kpis;
            ReportRow {
                start: format_start(p.start),
                volume: round6(p.volume),
                offered: mean(k.offered).unwrap_or(0.0),
                aht_seconds: round6(p.aht.get()),
                required_agents: p.required_agents,
                staffed_agents: p.staffed_agents,
                scheduled_agents: round6(p.scheduled_agents),
                service_level: mean(k.service_level),
                service_level_lo: lo(k.service_level),
                service_level_hi: hi(k.service_level),
                erlang_service_level: p.performance.service_level,
                asa_seconds: mean(k.asa_seconds),
                asa_seconds_lo: lo(k.asa_seconds),
                asa_seconds_hi: hi(k.asa_seconds),
                erlang_asa_seconds: p.performance.asa.map(|a| a.get()),
                abandon_rate: mean(k.abandon_rate),
                abandon_rate_lo: lo(k.abandon_rate),
                abandon_rate_hi: hi(k.abandon_rate),
                erlang_abandon_rate: p.performance.abandon_rate.unwrap_or(0.0),
                occupancy: mean(k.occupancy),
                occupancy_lo: lo(k.occupancy),
                occupancy_hi: hi(k.occupancy),
                erlang_occupancy: p.performance.occupancy,
                p_wait: mean(k.p_wait),
                longest_queue: mean(k.longest_queue),
            }
        })
        .collect()
}
