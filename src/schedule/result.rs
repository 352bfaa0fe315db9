//! What a schedule reports: its shifts and breaks, each day with what it adds to today's
//! roster, the totals and the solver's bound.

use crate::scenario::Objective;
use crate::sim::Estimate;
use jiff::civil::DateTime;

/// A break as scheduled.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScheduledBreak {
    /// `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// `YYYY-MM-DDTHH:MM`.
    pub end: String,
    /// Paid or not.
    pub paid: bool,
}

/// Agents on one start of one template, with one placement of its breaks.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScheduledShift {
    /// The date it starts on.
    pub date: String,
    /// The template's name.
    pub template: String,
    /// `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// `YYYY-MM-DDTHH:MM`.
    pub end: String,
    /// Agents on the phones on it (whole).
    pub agents: u32,
    /// Its breaks.
    pub breaks: Vec<ScheduledBreak>,
    /// Paid hours, shrinkage included.
    pub paid_hours: f64,
    /// `paid_hours × hourly cost`; `None` without a rate.
    pub cost: Option<f64>,
    /// Offsets of the breaks from the start, seconds (for `--roster-out`).
    #[serde(skip)]
    pub(crate) break_offsets: Vec<(f64, f64, bool)>,
    /// The shift's start and length (for `--roster-out`).
    #[serde(skip)]
    pub(crate) start_at: DateTime,
    #[serde(skip)]
    pub(crate) length_seconds: f64,
}

/// One day of the schedule: its cost and service, before (the kept roster) and after.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScheduleDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Cost of the day's scheduled shifts.
    pub cost: f64,
    /// Erlang service level of the day at the scheduled staffing (roster included).
    pub erlang_service_level: Option<f64>,
    /// Simulated service level of the day.
    pub simulated_service_level: Option<Estimate>,
    /// Share of replications in which the day met the target.
    pub p_meet_target: Option<f64>,
    /// With `keep = "roster"`: the day's shifts added and their totals, and its service before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub added: Option<DayAdded>,
}

impl ScheduleDay {
    /// The day's service level with the schedule: simulated where a simulation ran, else Erlang.
    pub fn service_level(&self) -> Option<f64> {
        self.simulated_service_level
            .map(|e| e.mean)
            .or(self.erlang_service_level)
    }
}

impl DayAdded {
    /// The day's service level with today's roster alone: simulated, else Erlang.
    pub fn service_level_before(&self) -> Option<f64> {
        self.simulated_service_level_before
            .map(|e| e.mean)
            .or(self.erlang_service_level_before)
    }
}

/// What one day adds to the kept roster, and its service before.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DayAdded {
    /// Shifts added that day.
    pub shifts: usize,
    /// Agents on the phones × hours added.
    pub agent_hours: f64,
    /// Agents added (people on the added shifts).
    pub heads: u32,
    /// Paid hours added.
    pub paid_hours: f64,
    /// Cost added.
    pub cost: f64,
    /// The day's Erlang service level with the roster alone.
    pub erlang_service_level_before: Option<f64>,
    /// The day's simulated service level with the roster alone.
    pub simulated_service_level_before: Option<Estimate>,
    /// P(meet target) with the roster alone.
    pub p_meet_target_before: Option<f64>,
}

/// Totals of what a schedule adds to the kept roster.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Added {
    /// Shifts added.
    pub shifts: usize,
    /// Agents on the phones × hours.
    pub agent_hours: f64,
    /// Paid hours.
    pub paid_hours: f64,
    /// People on the added shifts.
    pub heads: u32,
    /// Cost.
    pub cost: f64,
}

/// A schedule and how it performs.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScheduleResult {
    /// "cover" or "service".
    pub objective: Objective,
    /// "none" or "roster".
    pub keep: &'static str,
    /// The shifts chosen (with `keep = "roster"`, the shifts added to the roster).
    pub shifts: Vec<ScheduledShift>,
    /// Σ required agents × hours over open intervals.
    pub required_agent_hours: f64,
    /// Σ agents on the phones × hours (breaks excluded, roster included).
    pub scheduled_agent_hours: f64,
    /// Σ agents above the requirement × hours.
    pub over_coverage_agent_hours: f64,
    /// Σ agents short of the requirement × hours.
    pub under_coverage_agent_hours: f64,
    /// Paid hours of the scheduled shifts.
    pub paid_hours: f64,
    /// People on the scheduled shifts (one per agent per shift).
    pub heads: u32,
    /// Cost of the scheduled shifts (paid hours when no hourly cost is given).
    pub cost: f64,
    /// The cost of the covering schedule the integer programme found (the `service` search
    /// starts from it).
    pub cover_cost: f64,
    /// The integer programme's proven lower bound on the cost of covering the requirement.
    pub lower_bound_cost: f64,
    /// `(cost − lower bound) ÷ cost` of the covering schedule.
    pub gap: f64,
    /// Whether the covering schedule is proven optimal.
    pub optimal: bool,
    /// Seconds the integer programme took.
    pub solve_seconds: f64,
    /// Day by day.
    pub days: Vec<ScheduleDay>,
    /// With `keep = "roster"`: what the schedule adds.
    pub added: Option<Added>,
    /// The currency of the costs.
    pub currency: String,
    /// Under objective `service`: the open days still short of the confidence (empty when met).
    pub short_days: Vec<String>,
    /// Warnings (breaks and a single shrinkage total).
    #[serde(skip)]
    pub warnings: Vec<String>,
    /// Per interval of the scenario: the agents required.
    #[serde(skip)]
    pub required: Vec<u32>,
    /// Per interval: the kept roster's agents on the phones (0 without `keep = "roster"`).
    #[serde(skip)]
    pub roster: Vec<u32>,
    /// Per interval: agents on the phones in all, roster and schedule.
    #[serde(skip)]
    pub coverage: Vec<u32>,
}

/// One row of `schedule --csv` and `schedule.csv`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ShiftRow {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The template.
    pub template: String,
    /// `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// `YYYY-MM-DDTHH:MM`.
    pub end: String,
    /// Agents.
    pub agents: u32,
    /// Paid hours.
    pub paid_hours: f64,
    /// Cost (empty without a rate).
    pub cost: Option<f64>,
}

impl ScheduleResult {
    /// The JSON of `schedule --json` and of `schedule` in summary.json.
    pub fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("a schedule serialises")
    }

    /// One row per scheduled shift.
    pub fn csv_rows(&self) -> Vec<ShiftRow> {
        self.shifts
            .iter()
            .map(|s| ShiftRow {
                date: s.date.clone(),
                template: s.template.clone(),
                start: s.start.clone(),
                end: s.end.clone(),
                agents: s.agents,
                paid_hours: crate::plan::round6(s.paid_hours),
                cost: s.cost.map(crate::plan::round6),
            })
            .collect()
    }
}
