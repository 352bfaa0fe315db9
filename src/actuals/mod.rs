//! What happened against the plan: an ACD interval report read ([`reader`]) and set beside the
//! scenario's forecast and plan — forecast accuracy (WAPE, bias, MAPE), handle-time variance,
//! agents staffed against required and planned, the service level achieved against what the
//! model predicts at the agents staffed and the volume and handle time that came (is the model
//! right?), and what the variance cost.
//!
//! # Formulas
//!
//! Over the intervals with actuals: `WAPE = Σ|A − F| ÷ ΣA`, `bias = Σ(A − F) ÷ ΣF`, `MAPE =
//! mean |A − F| ÷ A` over intervals with A > 0 (Hyndman & Koehler, *Int. J. Forecasting* 22,
//! 2006: WAPE is the scale-free measure that survives quiet intervals); `AHT variance = (Σ
//! A·aht_A ÷ ΣA) ÷ (Σ A·aht_F ÷ ΣA) − 1`.

pub mod intraday;
pub mod reader;

use crate::error::{Error, Result};
use crate::scenario::{Scenario, Staffing};
use crate::units::Seconds;
use jiff::civil::DateTime;
pub use reader::{ActualRow, ColumnMap};

/// One interval with actuals.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ActualInterval {
    /// `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// Contacts offered.
    pub offered: f64,
    /// The forecast.
    pub forecast: f64,
    /// Actual AHT, seconds (the forecast's where the report has none).
    pub aht_seconds: f64,
    /// The forecast's AHT, seconds.
    pub forecast_aht_seconds: f64,
    /// Agents staffed, as reported.
    pub agents_staffed: Option<f64>,
    /// Agents the target needed at the volume and AHT that came.
    pub required_agents: u32,
    /// Agents the plan put on the phones.
    pub planned_agents: u32,
    /// Achieved: answered within the target ÷ the scenario's denominator.
    pub service_level: Option<f64>,
    /// What the model predicts at the agents staffed (planned where not reported), the volume
    /// and the AHT that came.
    pub predicted_service_level: f64,
}

/// One day's figures.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ActualDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Σ offered.
    pub offered: f64,
    /// Σ forecast over the same intervals.
    pub forecast: f64,
    /// The day's WAPE.
    pub wape: Option<f64>,
    /// The day's bias.
    pub bias: Option<f64>,
    /// Achieved, over the day's intervals that report it.
    pub service_level: Option<f64>,
    /// Predicted, weighted by offered.
    pub predicted_service_level: Option<f64>,
}

/// The requirement the forecast gave against the one the actuals needed, and its cost.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct VarianceCost {
    /// Σ required agents × interval hours at the forecast.
    pub required_agent_hours_forecast: f64,
    /// … at the volume and AHT that came.
    pub required_agent_hours_actual: f64,
    /// Their difference at `[cost] hourly_cost` (positive: the actuals needed more).
    pub cost: f64,
}

/// `staffsim actuals --json`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ActualsReport {
    /// The scenario.
    pub scenario: String,
    /// Intervals with actuals.
    pub intervals_reported: usize,
    /// Σ|A − F| ÷ ΣA.
    pub wape: Option<f64>,
    /// Σ(A − F) ÷ ΣF.
    pub bias: Option<f64>,
    /// Mean |A − F| ÷ A over intervals with A > 0.
    pub mape: Option<f64>,
    /// Volume-weighted actual AHT ÷ forecast AHT − 1.
    pub aht_variance: Option<f64>,
    /// Σ offered.
    pub offered: f64,
    /// Σ forecast.
    pub forecast: f64,
    /// Achieved over the horizon's reported intervals.
    pub service_level: Option<f64>,
    /// Predicted, weighted by offered.
    pub predicted_service_level: Option<f64>,
    /// What the variance cost.
    pub variance_cost: VarianceCost,
    /// Each day with actuals.
    pub days: Vec<ActualDay>,
    /// Each interval with actuals.
    pub intervals: Vec<ActualInterval>,
    /// The ten intervals furthest from the forecast, worst first.
    pub worst_intervals: Vec<ActualInterval>,
    /// The currency of `variance_cost`.
    pub currency: String,
}

/// Where each actual row lies in the scenario: its interval, checked to be on the grid, in the
/// horizon, and at the scenario's interval length.
fn place(scenario: &Scenario, rows: &[ActualRow], name: &str) -> Result<Vec<usize>> {
    let length = scenario.interval.get() as i64;
    if let Some(step) = rows
        .windows(2)
        .map(|w| w[1].start.duration_since(w[0].start).as_secs())
        .min()
        && step < length
    {
        return Err(Error::input(
            name,
            format!(
                "rows {step} s apart against the scenario's {length} s intervals: report at the scenario's interval length"
            ),
        ));
    }
    let first = scenario.intervals.first().map(|i| i.start);
    let index: std::collections::HashMap<DateTime, usize> = scenario
        .intervals
        .iter()
        .enumerate()
        .map(|(k, i)| (i.start, k))
        .collect();
    rows.iter()
        .map(|row| {
            index.get(&row.start).copied().ok_or_else(|| {
                let from = first.map(|f| f.to_string()).unwrap_or_default();
                let off_grid = first.is_some_and(|f| {
                    let s = row.start.duration_since(f).as_secs();
                    s.rem_euclid(length) != 0
                });
                Error::input(
                    format!("{name}:{}", row.line),
                    if off_grid {
                        format!(
                            "{} is not on the scenario's {}-minute interval grid (from {from})",
                            row.start,
                            length / 60
                        )
                    } else {
                        format!(
                            "{} is outside the scenario's horizon ({from} to {})",
                            row.start,
                            scenario
                                .intervals
                                .last()
                                .map(|i| i.start.to_string())
                                .unwrap_or_default()
                        )
                    },
                )
            })
        })
        .collect()
}

/// Sets `rows` beside `scenario`'s forecast and plan (see the module docs); `name` names the
/// report in messages.
///
/// # Errors
/// [`Error::Input`] on a row off the scenario's grid or horizon, or a report at another interval
/// length; the plan's errors.
///
/// Over 80 lines: the two plans, then one pass over the rows and one over the days.
pub fn compare(scenario: &Scenario, rows: &[ActualRow], name: &str) -> Result<ActualsReport> {
    let at = place(scenario, rows, name)?;
    let plan = crate::plan::plan(scenario)?;
    // The scenario as it happened: the volume and AHT that came, the agents staffed.
    let mut actual = scenario.clone();
    for i in actual.intervals.iter_mut().zip(&plan.intervals) {
        i.0.given_agents = Some(i.1.staffed_agents);
    }
    for (row, &k) in rows.iter().zip(&at) {
        let i = &mut actual.intervals[k];
        i.volume = row.offered;
        i.open |= row.offered > 0.0;
        if let Some(aht) = row.aht_seconds.filter(|a| *a > 0.0) {
            i.aht = Seconds(aht);
        }
        if let Some(agents) = row.agents_staffed {
            i.given_agents = Some(agents.round() as u32);
        }
    }
    actual.staffing = Staffing::Given("actuals".into());
    let replanned = crate::plan::plan(&actual)?;
    let hours = scenario.interval.hours();
    let sl_definition = scenario.target.service.definition();
    let intervals: Vec<ActualInterval> = rows
        .iter()
        .zip(&at)
        .map(|(row, &k)| {
            let (f, a) = (&scenario.intervals[k], &actual.intervals[k]);
            let denominator = match sl_definition {
                crate::queueing::SlDefinition::Answered => {
                    row.handled.or(row.abandoned.map(|ab| row.offered - ab))
                }
                _ => Some(row.offered),
            };
            ActualInterval {
                start: crate::plan::format_start(f.start),
                offered: row.offered,
                forecast: if f.open { f.volume } else { 0.0 },
                aht_seconds: a.aht.get(),
                forecast_aht_seconds: f.aht.get(),
                agents_staffed: row.agents_staffed,
                required_agents: replanned.intervals[k].required_agents,
                planned_agents: plan.intervals[k].staffed_agents,
                service_level: row
                    .answered_within_target
                    .zip(denominator.filter(|d| *d > 0.0))
                    .map(|(w, d)| w / d),
                predicted_service_level: replanned.intervals[k].performance.service_level,
            }
        })
        .collect();
    let required = |p: &crate::plan::Plan| -> f64 {
        at.iter()
            .map(|&k| f64::from(p.intervals[k].required_agents) * hours)
            .sum()
    };
    let (forecast_hours, actual_hours) = (required(&plan), required(&replanned));
    let mut worst = intervals.clone();
    worst.sort_by(|a, b| {
        (b.offered - b.forecast)
            .abs()
            .total_cmp(&(a.offered - a.forecast).abs())
    });
    worst.truncate(10);
    let summary = Summary::of(&intervals, rows);
    Ok(ActualsReport {
        scenario: scenario.name.clone(),
        intervals_reported: rows.len(),
        wape: summary.wape,
        bias: summary.bias,
        mape: summary.mape,
        aht_variance: summary.aht_variance,
        offered: summary.offered,
        forecast: summary.forecast,
        service_level: summary.service_level,
        predicted_service_level: summary.predicted,
        variance_cost: VarianceCost {
            required_agent_hours_forecast: forecast_hours,
            required_agent_hours_actual: actual_hours,
            cost: (actual_hours - forecast_hours) * scenario.cost.hourly_cost.unwrap_or(0.0),
        },
        days: days(&intervals, rows),
        intervals,
        worst_intervals: worst,
        currency: scenario.cost.currency.clone(),
    })
}

/// Accuracy and service over a set of intervals.
struct Summary {
    offered: f64,
    forecast: f64,
    wape: Option<f64>,
    bias: Option<f64>,
    mape: Option<f64>,
    aht_variance: Option<f64>,
    service_level: Option<f64>,
    predicted: Option<f64>,
}

impl Summary {
    fn of(intervals: &[ActualInterval], rows: &[ActualRow]) -> Self {
        let offered: f64 = intervals.iter().map(|i| i.offered).sum();
        let forecast: f64 = intervals.iter().map(|i| i.forecast).sum();
        let absolute: f64 = intervals
            .iter()
            .map(|i| (i.offered - i.forecast).abs())
            .sum();
        let ratio = |a: f64, b: f64| (b > 0.0).then(|| a / b);
        let busy: Vec<f64> = intervals
            .iter()
            .filter(|i| i.offered > 0.0)
            .map(|i| (i.offered - i.forecast).abs() / i.offered)
            .collect();
        let weighted = |f: &dyn Fn(&ActualInterval) -> f64| {
            ratio(intervals.iter().map(|i| i.offered * f(i)).sum(), offered)
        };
        let has_aht = rows.iter().any(|r| r.aht_seconds.is_some());
        let aht_variance = weighted(&|i| i.aht_seconds)
            .zip(weighted(&|i| i.forecast_aht_seconds))
            .filter(|_| has_aht)
            .map(|(a, f)| a / f - 1.0);
        // Achieved: Σ within ÷ Σ denominators, over the intervals that report it.
        let reported: Vec<&ActualInterval> = intervals
            .iter()
            .filter(|i| i.service_level.is_some())
            .collect();
        let service_level = ratio(
            reported
                .iter()
                .map(|i| i.service_level.unwrap_or(0.0) * i.offered)
                .sum(),
            reported.iter().map(|i| i.offered).sum(),
        );
        Summary {
            offered,
            forecast,
            wape: ratio(absolute, offered),
            bias: ratio(offered - forecast, forecast),
            mape: (!busy.is_empty()).then(|| busy.iter().sum::<f64>() / busy.len() as f64),
            aht_variance,
            service_level,
            predicted: weighted(&|i| i.predicted_service_level),
        }
    }
}

/// The intervals grouped by date.
fn days(intervals: &[ActualInterval], rows: &[ActualRow]) -> Vec<ActualDay> {
    let mut out: Vec<ActualDay> = Vec::new();
    let mut start = 0;
    while start < intervals.len() {
        let date = rows[start].start.date();
        let end = (start..rows.len())
            .find(|&k| rows[k].start.date() != date)
            .unwrap_or(rows.len());
        let s = Summary::of(&intervals[start..end], &rows[start..end]);
        out.push(ActualDay {
            date: date.to_string(),
            offered: s.offered,
            forecast: s.forecast,
            wape: s.wape,
            bias: s.bias,
            service_level: s.service_level,
            predicted_service_level: s.predicted,
        });
        start = end;
    }
    out
}
