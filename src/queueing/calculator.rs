//! The Erlang calculator behind `staffsim erlang`: one queue in one interval, evaluated at the
//! staffing levels asked for, solved for the fewest agents meeting every constraint, or priced
//! as Erlang B blocking on a number of lines.

use super::{Constraints, ErlangB, Performance, QueueModel, SlDefinition};
use crate::error::{Error, Result};
use crate::units::{Seconds, Shrinkage};
use std::ops::RangeInclusive;

/// What the calculator is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Evaluate these staffing levels.
    Evaluate(RangeInclusive<u32>),
    /// Find the fewest agents meeting the constraints.
    Solve,
    /// Only Erlang B blocking for the lines given.
    BlockingOnly,
}

impl Mode {
    /// Whether the answer is a curve over several staffing levels.
    pub fn is_curve(&self) -> bool {
        matches!(self, Mode::Evaluate(range) if range.start() != range.end())
    }
}

/// One validated calculation: the queue, the question and the constraints.
#[derive(Debug, Clone)]
pub struct Calculation {
    /// Contacts offered in the interval.
    pub volume: f64,
    /// The interval's length.
    pub interval: Seconds,
    /// Average handle time.
    pub aht: Seconds,
    /// Mean patience (Erlang A), if callers abandon.
    pub patience: Option<Seconds>,
    /// The queue model the load and patience give.
    pub model: QueueModel,
    /// What is asked.
    pub mode: Mode,
    /// The service-level threshold.
    pub within: Seconds,
    /// How the service level counts abandoned contacts.
    pub definition: SlDefinition,
    /// The target and limits.
    pub constraints: Constraints,
    /// Shrinkage, to turn agents into paid FTE.
    pub shrinkage: Option<Shrinkage>,
    /// Lines for Erlang B blocking.
    pub lines: Option<u32>,
}

/// One staffing level's results: the JSON contract of `staffsim erlang --json`. Fields that do
/// not apply are `null`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CalculatorRow {
    /// Agents on the phones (`null` for blocking alone).
    pub agents: Option<u32>,
    /// Offered load in Erlangs.
    pub offered_load_erlangs: f64,
    /// Service level within `within_seconds`.
    pub service_level: Option<f64>,
    /// How the service level counts abandoned contacts.
    pub sl_definition: SlDefinition,
    /// The threshold.
    pub within_seconds: f64,
    /// Average speed of answer (`null` when unstable).
    pub asa_seconds: Option<f64>,
    /// Probability of waiting.
    pub p_wait: Option<f64>,
    /// Agent occupancy.
    pub occupancy: Option<f64>,
    /// Abandonment (Erlang A).
    pub abandon_rate: Option<f64>,
    /// Lines for Erlang B.
    pub lines: Option<u32>,
    /// Erlang B blocking on those lines.
    pub blocking: Option<f64>,
    /// Shrinkage.
    pub shrinkage: Option<f64>,
    /// Paid FTE behind the agents: agents ÷ (1 − shrinkage).
    pub fte: Option<f64>,
    /// Whether the queue is stable (load below agents, or patience given).
    pub stable: Option<bool>,
    /// Whether the level meets every constraint (evaluations with constraints only).
    pub meets_target: Option<bool>,
    /// "erlang-b", "erlang-c", "erlang-a" or "chat".
    pub model: &'static str,
    /// Whether this is the solved level.
    pub solved: bool,
    /// The inputs, echoed.
    pub volume: f64,
    /// The interval, in seconds.
    pub interval_seconds: f64,
    /// AHT, in seconds.
    pub aht_seconds: f64,
    /// Mean patience, in seconds.
    pub patience_seconds: Option<f64>,
    /// The target service level.
    pub target_service_level: Option<f64>,
}

/// The most agent-levels × agents an Erlang A range may cost (each level is O(agents + queue)):
/// about a minute of work. Erlang C ranges cost one recursion and need no cap.
pub const MAX_ERLANG_A_RANGE_WORK: u64 = 200_000_000;

impl Calculation {
    /// The rows answering the calculation: one per staffing level evaluated, or the one solved
    /// level, or one row of blocking alone.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for an Erlang A range costing more than
    /// [`MAX_ERLANG_A_RANGE_WORK`] (naming the band where the service level moves), and the
    /// solver's errors when no staffing meets the constraints.
    pub fn evaluate(&self) -> Result<Vec<CalculatorRow>> {
        let blocking = match self.lines {
            Some(lines) => Some(ErlangB::new(self.model.load_erlangs())?.blocking(lines)),
            None => None,
        };
        let performances: Vec<Option<Performance>> = match &self.mode {
            Mode::Evaluate(range) => {
                self.check_range_work(range)?;
                let levels: Vec<u32> = range.clone().collect();
                self.model
                    .performance_at(&levels, self.within, self.definition)
                    .into_iter()
                    .map(Some)
                    .collect()
            }
            Mode::Solve => vec![Some(self.model.required_agents(&self.constraints)?)],
            Mode::BlockingOnly => vec![None],
        };
        Ok(performances
            .into_iter()
            .map(|p| self.row(p, blocking))
            .collect())
    }

    /// The row of one staffing level's performance (`None`: blocking alone).
    fn row(&self, p: Option<Performance>, blocking: Option<f64>) -> CalculatorRow {
        let evaluating = matches!(self.mode, Mode::Evaluate(_));
        CalculatorRow {
            agents: p.map(|p| p.agents),
            offered_load_erlangs: self.model.load_erlangs(),
            service_level: p.map(|p| p.service_level),
            sl_definition: self.definition,
            within_seconds: self.within.get(),
            asa_seconds: p.and_then(|p| p.asa).map(Seconds::get),
            p_wait: p.map(|p| p.p_wait),
            occupancy: p.map(|p| p.occupancy),
            abandon_rate: p.and_then(|p| p.abandon_rate),
            lines: self.lines,
            blocking,
            shrinkage: self.shrinkage.map(Shrinkage::fraction),
            fte: p.and_then(|p| self.shrinkage.map(|s| s.fte(p.agents))),
            stable: p.map(|p| p.stable),
            meets_target: p
                .filter(|_| evaluating && !self.constraints.is_empty())
                .map(|p| self.constraints.are_met_by(&p)),
            model: match self.model {
                QueueModel::ErlangC(_) if p.is_none() => "erlang-b",
                QueueModel::ErlangC(_) => "erlang-c",
                QueueModel::ErlangA(_) => "erlang-a",
                QueueModel::Chat(_) => "chat",
            },
            solved: matches!(self.mode, Mode::Solve),
            volume: self.volume,
            interval_seconds: self.interval.get(),
            aht_seconds: self.aht.get(),
            patience_seconds: self.patience.map(Seconds::get),
            target_service_level: self.constraints.target.map(|t| t.service_level()),
        }
    }

    /// Refuses an Erlang A range whose work would run for many minutes, naming the band where
    /// the service level actually moves: about load ± 6 √load.
    fn check_range_work(&self, range: &RangeInclusive<u32>) -> Result<()> {
        let QueueModel::ErlangA(_) = self.model else {
            return Ok(());
        };
        let levels = u64::from(range.end() - range.start()) + 1;
        if levels.saturating_mul(u64::from(*range.end()).max(1)) <= MAX_ERLANG_A_RANGE_WORK {
            return Ok(());
        }
        let load = self.model.load_erlangs();
        let spread = 6.0 * load.sqrt();
        Err(Error::invalid(
            "--agents",
            format!(
                "{}..{} ({levels} Erlang A evaluations at up to {} agents, hours of work)",
                range.start(),
                range.end(),
                range.end()
            ),
            format!(
                "narrowed to the useful band, about {}..{} for {load:.0} Erlangs",
                (load - spread).max(0.0).floor(),
                (load + spread + 10.0).ceil()
            ),
        ))
    }

    /// The staffing levels a chart of this calculation spans: the range asked for, or a band of
    /// about ±2 √n around the one level evaluated or solved.
    pub fn chart_range(&self, rows: &[CalculatorRow]) -> RangeInclusive<u32> {
        match &self.mode {
            Mode::Evaluate(range) if self.mode.is_curve() => range.clone(),
            _ => {
                let n = rows.first().and_then(|r| r.agents).unwrap_or(0);
                let width = (f64::from(n).sqrt() * 2.0).ceil().max(5.0) as u32;
                n.saturating_sub(width)..=n + width
            }
        }
    }
}
