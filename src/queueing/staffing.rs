//! Staffing solvers: the fewest agents that meet every constraint a planner sets.

use super::erlang_b::MAX_SERVERS;
use super::{Chat, ErlangA, ErlangC, Performance, SlDefinition};
use crate::error::{Error, Result};
use crate::units::Seconds;

/// A service-level target: `service_level` of contacts answered within `within`, e.g. 80/20.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceTarget {
    service_level: f64,
    within: Seconds,
    definition: SlDefinition,
}

impl ServiceTarget {
    /// A target fraction in (0, 1) answered within a non-negative threshold.
    ///
    /// 100 % is refused: with any contacts offered, some wait longer than any threshold with
    /// positive probability, so no finite staffing guarantees it (a solver would only "meet" it
    /// where floating point rounds 1 − ε to 1).
    pub fn new(service_level: f64, within: Seconds, definition: SlDefinition) -> Result<Self> {
        if !(service_level > 0.0 && service_level < 1.0) {
            return Err(Error::invalid(
                "service-level target",
                service_level,
                "in (0, 1), e.g. 0.8 (100 % cannot be guaranteed by any staffing; use e.g. 0.999)",
            ));
        }
        if !(within.get().is_finite() && within.get() >= 0.0) {
            return Err(Error::invalid(
                "target threshold",
                within.get(),
                "a non-negative duration",
            ));
        }
        Ok(Self {
            service_level,
            within,
            definition,
        })
    }

    /// The target fraction, e.g. 0.8.
    pub fn service_level(&self) -> f64 {
        self.service_level
    }

    /// The threshold `T`, e.g. 20 s.
    pub fn within(&self) -> Seconds {
        self.within
    }

    /// The denominator of the service level.
    pub fn definition(&self) -> SlDefinition {
        self.definition
    }
}

/// Every limit a staffing level must satisfy; `None` means unconstrained.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Constraints {
    /// Service level ≥ target.
    pub target: Option<ServiceTarget>,
    /// Occupancy ≤ this fraction, in (0, 1].
    pub max_occupancy: Option<f64>,
    /// ASA ≤ this.
    pub max_asa: Option<Seconds>,
    /// Abandoned ÷ offered ≤ this fraction, in [0, 1].
    pub max_abandon: Option<f64>,
}

impl Constraints {
    /// Checks the ranges: occupancy in (0, 1], ASA > 0, abandonment in (0, 1].
    ///
    /// An ASA cap of 0 and an abandonment cap of 0 are refused for the reason a 100 % service
    /// level is: with any contacts, the mean wait and the share abandoning are positive at every
    /// staffing level, and only floating-point underflow would "meet" them.
    pub fn validate(&self) -> Result<()> {
        if let Some(occ) = self.max_occupancy
            && !(0.05..=1.0).contains(&occ)
        {
            return Err(Error::invalid(
                "max occupancy",
                occ,
                "from 0.05 to 1 (no centre runs its agents busy less than 5 % of the time)",
            ));
        }
        if let Some(asa) = self.max_asa
            && !(asa.get().is_finite() && asa.get() > 0.0)
        {
            return Err(Error::invalid(
                "max ASA",
                asa.get(),
                "a duration > 0, e.g. 30s (no staffing makes the mean wait exactly 0)",
            ));
        }
        if let Some(ab) = self.max_abandon
            && !(ab > 0.0 && ab <= 1.0)
        {
            return Err(Error::invalid(
                "max abandonment",
                ab,
                "in (0, 1], e.g. 0.05 (no staffing makes abandonment exactly 0)",
            ));
        }
        Ok(())
    }

    /// True when no constraint is set.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// True when `performance` (measured against this target's threshold and definition)
    /// satisfies every constraint. An unstable queue never does.
    pub fn are_met_by(&self, performance: &Performance) -> bool {
        performance.stable
            && self
                .target
                .is_none_or(|t| performance.service_level >= t.service_level)
            && self
                .max_occupancy
                .is_none_or(|max| performance.occupancy <= max)
            && self
                .max_asa
                .is_none_or(|max| performance.asa.is_some_and(|asa| asa <= max))
            && self
                .max_abandon
                .is_none_or(|max| performance.abandon_rate.unwrap_or(0.0) <= max)
    }

    /// The threshold and definition KPIs should be measured against (`within` when no target).
    fn measure(&self, within: Seconds) -> (Seconds, SlDefinition) {
        match self.target {
            Some(t) => (t.within, t.definition),
            None => (within, SlDefinition::Offered),
        }
    }
}

/// Which analytic model a plan or a curve uses. Displays and serialises as "Erlang C" /
/// "Erlang A", as the plan's JSON has always written it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Model {
    /// M/M/n: nobody abandons.
    #[serde(rename = "Erlang C")]
    ErlangC,
    /// M/M/n+M: exponential patience.
    #[serde(rename = "Erlang A")]
    ErlangA,
    /// Agents holding several chat sessions ([`Chat`]).
    #[serde(rename = "Chat")]
    Chat,
    /// Deferrable work carried as a fluid backlog ([`crate::queueing::backlog`]).
    #[serde(rename = "Backlog (fluid)")]
    Backlog,
    /// An outbound campaign dialled one record per free agent ([`crate::queueing::outbound`]).
    #[serde(rename = "Preview dialling")]
    Preview,
    /// An outbound campaign paced by a predictive dialler: Erlang B loss at the connected load.
    #[serde(rename = "Predictive dialler (Erlang B)")]
    Predictive,
}

impl std::fmt::Display for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Model::ErlangC => "Erlang C",
            Model::ErlangA => "Erlang A",
            Model::Chat => "Chat",
            Model::Backlog => "Backlog (fluid)",
            Model::Preview => "Preview dialling",
            Model::Predictive => "Predictive dialler (Erlang B)",
        })
    }
}

/// An analytic model of one interval: Erlang C, or Erlang A when callers abandon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum QueueModel {
    /// M/M/n: nobody abandons.
    ErlangC(ErlangC),
    /// M/M/n+M: exponential patience.
    ErlangA(ErlangA),
    /// Chat: several sessions per agent.
    Chat(Chat),
}

impl QueueModel {
    /// Erlang C for a load and AHT, or Erlang A when a patience is given.
    pub fn new(load_erlangs: f64, aht: Seconds, patience: Option<Seconds>) -> Result<Self> {
        Ok(match patience {
            None => QueueModel::ErlangC(ErlangC::new(load_erlangs, aht)?),
            Some(p) => QueueModel::ErlangA(ErlangA::new(load_erlangs, aht, p)?),
        })
    }

    /// The model of one interval of a channel: voice as [`QueueModel::new`]; chat with the
    /// interval's `aht` as one session's handle time at concurrency 1 and `aht_factors[j − 1]`
    /// × `aht` at concurrency `j`.
    pub fn for_channel(
        load_erlangs: f64,
        aht: Seconds,
        patience: Option<Seconds>,
        aht_factors: &[f64],
    ) -> Result<Self> {
        if aht_factors.len() <= 1 {
            return Self::new(load_erlangs, aht, patience);
        }
        let sessions = aht_factors.iter().map(|f| Seconds(f * aht.get())).collect();
        Ok(QueueModel::Chat(Chat::new(
            load_erlangs / aht.get(),
            sessions,
            patience,
        )?))
    }

    /// Which model this is.
    pub fn kind(&self) -> Model {
        match self {
            QueueModel::ErlangC(_) => Model::ErlangC,
            QueueModel::ErlangA(_) => Model::ErlangA,
            QueueModel::Chat(_) => Model::Chat,
        }
    }

    /// The offered load in Erlangs.
    pub fn load_erlangs(&self) -> f64 {
        match self {
            QueueModel::ErlangC(m) => m.load_erlangs(),
            QueueModel::ErlangA(m) => m.load_erlangs(),
            QueueModel::Chat(m) => m.load_erlangs(),
        }
    }

    /// Every KPI at `agents`, with the service level against `within` under `definition`.
    pub fn performance(
        &self,
        agents: u32,
        within: Seconds,
        definition: SlDefinition,
    ) -> Performance {
        match self {
            QueueModel::ErlangC(m) => m.performance(agents, within, definition),
            QueueModel::ErlangA(m) => m.performance(agents, within, definition),
            QueueModel::Chat(m) => m.performance(agents, within, definition),
        }
    }

    /// Every KPI at each of `agents` (ascending), as [`QueueModel::performance`] gives them.
    ///
    /// Erlang C steps the Erlang B recursion once up to the largest level, picking off each
    /// level on the way: O(max agents) for the whole list, not per level, so a curve at ten
    /// million agents costs one recursion. Erlang A evaluates each level.
    pub fn performance_at(
        &self,
        agents: &[u32],
        within: Seconds,
        definition: SlDefinition,
    ) -> Vec<Performance> {
        match self {
            QueueModel::ErlangC(m) => {
                let mut steps = super::erlang_b::BlockingSteps::new(m.load_erlangs());
                let mut at = 0u32;
                let mut b = steps.next().unwrap_or(1.0);
                agents
                    .iter()
                    .map(|&n| {
                        debug_assert!(n >= at, "levels must ascend");
                        while at < n {
                            b = steps.next().unwrap_or(0.0);
                            at += 1;
                        }
                        if m.load_erlangs() == 0.0 {
                            m.performance(n, within, definition)
                        } else {
                            m.performance_from_blocking(n, b, within, definition)
                        }
                    })
                    .collect()
            }
            QueueModel::ErlangA(_) | QueueModel::Chat(_) => agents
                .iter()
                .map(|&n| self.performance(n, within, definition))
                .collect(),
        }
    }

    /// The fewest agents that meet every constraint, with their performance.
    ///
    /// With no constraints at all this is the fewest agents that keep the queue stable. With
    /// contacts offered the answer is at least one agent: under Erlang A, zero agents would
    /// "meet" an occupancy or abandonment cap only because everyone abandons.
    /// Erlang C steps the Erlang B recursion one agent at a time from `⌊A⌋ + 1` (or from
    /// `⌈A / max_occupancy⌉`), so a solve is O(agents); Erlang A doubles and bisects.
    pub fn required_agents(&self, constraints: &Constraints) -> Result<Performance> {
        constraints.validate()?;
        let (within, definition) = constraints.measure(Seconds(0.0));
        let load = self.load_erlangs();
        if load == 0.0 {
            return Ok(self.performance(0, within, definition));
        }
        let found = match self {
            QueueModel::ErlangC(m) => {
                // Occupancy A / n ≤ max is the staffing floor ⌈A / max⌉, checked in floating
                // point exactly as `are_met_by` will check it.
                let floor = constraints
                    .max_occupancy
                    .map_or(0, |max| occupancy_floor(load, max));
                let target = constraints.target.map(|t| (t.service_level(), t.within()));
                m.fewest_agents(floor, target, constraints.max_asa, MAX_SERVERS)
                    .map(|p| Performance {
                        sl_definition: definition,
                        ..p
                    })
            }
            QueueModel::ErlangA(m) => m
                .first_agents_where(1, within, definition, MAX_SERVERS, |p| {
                    constraints.are_met_by(p)
                })
                .map(|agents| m.performance(agents, within, definition)),
            QueueModel::Chat(m) => super::first_level_where(1, MAX_SERVERS, |agents| {
                constraints.are_met_by(&m.performance(agents, within, definition))
            })
            .map(|agents| m.performance(agents, within, definition)),
        };
        // Every answer is checked against every constraint as the evaluator checks it, so the
        // solver can never report a staffing level that `--agents` would say misses (an occupancy
        // floor clamped at the search limit, say).
        match found.filter(|p| constraints.are_met_by(p)) {
            Some(performance) => Ok(performance),
            None => Err(Error::Infeasible {
                limit: u64::from(MAX_SERVERS),
                what: describe(constraints),
            }),
        }
    }
}

/// The fewest agents `n` with `load / n ≤ max_occupancy`, as computed in floating point.
fn occupancy_floor(load: f64, max_occupancy: f64) -> u32 {
    let limit = f64::from(MAX_SERVERS);
    let mut agents = (load / max_occupancy).ceil().clamp(1.0, limit) as u32;
    while agents < MAX_SERVERS && load / f64::from(agents) > max_occupancy {
        agents += 1;
    }
    while agents > 1 && load / f64::from(agents - 1) <= max_occupancy {
        agents -= 1;
    }
    agents
}

/// "80 % within 20s, occupancy ≤ 85 %", for error messages.
fn describe(constraints: &Constraints) -> String {
    let mut parts = Vec::new();
    if let Some(t) = constraints.target {
        parts.push(format!(
            "{} within {}",
            crate::report::format::share(t.service_level),
            t.within
        ));
    }
    if let Some(occ) = constraints.max_occupancy {
        parts.push(format!("occupancy ≤ {}", crate::report::format::share(occ)));
    }
    if let Some(asa) = constraints.max_asa {
        parts.push(format!("ASA ≤ {asa}"));
    }
    if let Some(ab) = constraints.max_abandon {
        parts.push(format!(
            "abandonment ≤ {}",
            crate::report::format::share(ab)
        ));
    }
    if parts.is_empty() {
        "a stable queue".to_string()
    } else {
        parts.join(", ")
    }
}
