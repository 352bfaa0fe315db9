//! The scenario file: one TOML file that describes a centre, its forecast, special days, handle
//! times, patience, target, shrinkage, staffing, cost and simulation settings.
//!
//! [`Scenario::load`] parses the file once and validates everything — including reading the
//! forecast CSV and laying the special days over it — before any work starts. Every error names
//! the file and the line (TOML syntax and type errors) or the section and field (range errors).

mod bid;
mod branding;
mod channel;
mod check;
mod days;
mod economics;
mod finance;
mod forecast_source;
mod handling;
mod identity;
mod people;
mod roster;
mod schedule;
mod schema;
mod shrinkage;
mod simulation;
mod staffing;
mod sweep;
mod target;
mod validate;

use crate::error::{Error, Result};
use crate::forecast::{self, IntervalSeries, SpecialDay};
use crate::queueing::{Constraints, ServiceTarget};
use crate::units::{Seconds, Shrinkage};
use check::Fields;
use jiff::civil::DateTime;
use schema::RawScenario;
use std::path::{Path, PathBuf};

pub use bid::{BidConfig, GainShare, Site, Sla};
pub use branding::Branding;
pub use channel::{Channel, DEFAULT_DIAL_SECONDS, DEFAULT_MAX_ABANDON, Outbound};
pub use days::DaySet;
pub use finance::{CostLine, DEFAULT_BAND_REPLICATIONS, Finance, SensitivityInput, VolumeBands};
pub(crate) use people::group_rosters;
pub use people::{Agent, Contract, GroupFacts, RosterConfig, paid_seconds};
pub use roster::{Shift, ShiftBreak, shift_agents};
pub use schedule::{BreakRule, Objective, ScheduleConfig, Template, schedule_config};
pub(crate) use schema::RawRoster;
pub use schema::{CostPer, Pacing, PriceBasis, PriceRisk, Release, RosterObjective, SlaKpi};
pub use simulation::MAX_REPLICATIONS;
pub use sweep::SweepConfig;
use validate::{short, toml_error, validate};

/// One calendar day of a scenario's horizon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    /// The date.
    pub date: jiff::civil::Date,
    /// Indices of its intervals in [`Scenario::intervals`].
    pub intervals: std::ops::Range<usize>,
}

/// `[actuals]`: where the interval report is (relative to the scenario) and its header names.
#[derive(Debug, Clone, PartialEq)]
pub struct ActualsSource {
    /// The report.
    pub path: std::path::PathBuf,
    /// `column=Header,…` as `staffsim actuals --columns` takes it.
    pub columns: Option<String>,
}

/// A validated scenario, ready to plan or simulate.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Short name; names the output folder. Defaults to the file name without `.toml`.
    pub name: String,
    /// One line for reports.
    pub description: String,
    /// The scenario file.
    pub source: PathBuf,
    /// Interval length.
    pub interval: Seconds,
    /// Every interval of the horizon, in order, with special days applied.
    pub intervals: Vec<IntervalDemand>,
    /// The special days, as referenced by [`IntervalDemand::special_day`].
    pub special_days: Vec<SpecialDay>,
    /// The kind of work: voice (the default) or chat.
    pub channel: Channel,
    /// Handle-time distribution (its mean is each interval's AHT).
    pub handle_time: HandleTime,
    /// Caller patience.
    pub patience: Patience,
    /// The service target and limits.
    pub target: Target,
    /// Shrinkage, in total and by component.
    pub shrinkage: ShrinkageBreakdown,
    /// How agents are decided.
    pub staffing: Staffing,
    /// Labour cost.
    pub cost: Cost,
    /// Simulation settings.
    pub simulation: Simulation,
    /// The staffing sweep, if the scenario asks for one.
    pub sweep: Option<SweepConfig>,
    /// The contract bid, if the scenario asks for one.
    pub bid: Option<BidConfig>,
    /// The shift templates to schedule from, if the scenario has `[schedule]`.
    pub schedule: Option<ScheduleConfig>,
    /// The people who work the templates, if the scenario has `[roster]`.
    pub roster: Option<RosterConfig>,
    /// An ACD interval report to set against the plan, if the scenario has `[actuals]`.
    pub actuals: Option<ActualsSource>,
    /// How the forecast was made, when it was fitted from `[forecast] history`.
    pub forecast: Option<ForecastSummary>,
    /// `[report]`: title, client and chart style.
    pub report: Branding,
    /// Things worth knowing that are not errors, e.g. a special day outside the horizon.
    pub warnings: Vec<String>,
}

/// The forecast fitted from a history at load time.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ForecastSummary {
    /// The method the backtest chose (or the one forced).
    pub method: forecast::Method,
    /// Its backtest WAPE per interval.
    pub backtest_wape: f64,
    /// The Poisson floor of that WAPE.
    pub poisson_floor_wape: f64,
    /// Intervals of history.
    pub history_intervals: usize,
}

/// One interval's demand, resolved: volume and AHT after special days.
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalDemand {
    /// Local start time.
    pub start: DateTime,
    /// Contacts offered.
    pub volume: f64,
    /// Average handle time.
    pub aht: Seconds,
    /// False outside opening hours or on a closed day.
    pub open: bool,
    /// Index into [`Scenario::special_days`].
    pub special_day: Option<usize>,
    /// Agents on the phones when staffing is given (constant, csv, roster); `None` for Erlang
    /// staffing, where the plan decides.
    pub given_agents: Option<u32>,
}

/// The handle-time distribution; its mean is the interval's AHT.
#[derive(Debug, Clone, PartialEq)]
pub enum HandleTime {
    /// Exponential (cv = 1), as Erlang C and A assume.
    Exponential,
    /// Lognormal with this coefficient of variation.
    Lognormal {
        /// Standard deviation ÷ mean.
        cv: f64,
    },
    /// Gamma with this coefficient of variation.
    Gamma {
        /// Standard deviation ÷ mean.
        cv: f64,
    },
    /// Every contact takes exactly the AHT.
    Fixed,
    /// Observed handle times, resampled and scaled so that their mean is the interval's AHT.
    Empirical {
        /// The observed handle times in seconds (at least one, all > 0).
        samples: std::sync::Arc<[f64]>,
    },
}

/// How long callers wait before hanging up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Patience {
    /// Nobody abandons.
    None,
    /// Exponential with this mean (Erlang A's assumption).
    Exponential {
        /// Mean patience.
        mean: Seconds,
    },
    /// Lognormal with this mean and coefficient of variation.
    Lognormal {
        /// Mean patience.
        mean: Seconds,
        /// Standard deviation ÷ mean.
        cv: f64,
    },
}

impl Patience {
    /// The mean patience, if callers abandon at all.
    pub fn mean(&self) -> Option<Seconds> {
        match *self {
            Patience::None => None,
            Patience::Exponential { mean } | Patience::Lognormal { mean, .. } => Some(mean),
        }
    }
}

/// The service target and the limits the staffing must respect.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    /// Service level, threshold and definition.
    pub service: ServiceTarget,
    /// Occupancy ≤ this.
    pub max_occupancy: Option<f64>,
    /// ASA ≤ this.
    pub max_asa: Option<Seconds>,
    /// Abandonment ≤ this.
    pub max_abandon: Option<f64>,
    /// The share of simulated days that must meet the target for a sweep to recommend an option.
    pub confidence: f64,
    /// Whether that share is asked of every open day or pooled over the horizon.
    pub confidence_per: ConfidencePer,
    /// How deferrable work's response time is counted (calendar or open hours).
    pub clock: crate::queueing::backlog::Clock,
}

/// Where `[target] confidence` applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConfidencePer {
    /// Every open day on its own must meet the target on that share of replications.
    #[default]
    Day,
    /// The share is pooled over all (replication, open day) pairs.
    Horizon,
}

impl Target {
    /// The constraints for the queueing solvers.
    pub fn constraints(&self) -> Constraints {
        Constraints {
            target: Some(self.service),
            max_occupancy: self.max_occupancy,
            max_asa: self.max_asa,
            max_abandon: self.max_abandon,
        }
    }
}

/// Shrinkage as a total and the named components it was built from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShrinkageBreakdown {
    /// The total fraction of paid time off the phones.
    pub total: Shrinkage,
    /// Named components (breaks, meetings, …) that add up to the total; empty when a total was given.
    pub components: Vec<(String, f64)>,
}

impl ShrinkageBreakdown {
    /// The shrinkage paid time carries beyond explicit breaks: the total less the components
    /// named `break…`. Where shifts place their breaks explicitly, those intervals are already
    /// off the phones, and counting the breaks again in shrinkage would pay for them twice. A
    /// single total (no components) is taken as excluding breaks.
    pub fn beyond_breaks(&self) -> f64 {
        let breaks: f64 = self
            .components
            .iter()
            .filter(|(name, _)| name.to_ascii_lowercase().starts_with("break"))
            .map(|(_, v)| v)
            .sum();
        (self.total.fraction() - breaks).max(0.0)
    }
}

/// How the number of agents per interval is decided.
#[derive(Debug, Clone, PartialEq)]
pub enum Staffing {
    /// The fewest agents meeting the target by Erlang C.
    ErlangC,
    /// The fewest agents meeting the target by Erlang A (needs patience).
    ErlangA,
    /// The same number of agents in every open interval.
    Constant(u32),
    /// The forecast CSV's `agents` column.
    Csv,
    /// Agents from shifts.
    Roster(Vec<Shift>),
    /// Agents decided outside the scenario file: a sweep option or an optimised staffing.
    Given(String),
}

impl Staffing {
    /// The method's name as written in the scenario.
    pub fn method(&self) -> &'static str {
        match self {
            Staffing::ErlangC => "erlang-c",
            Staffing::ErlangA => "erlang-a",
            Staffing::Constant(_) => "constant",
            Staffing::Csv => "csv",
            Staffing::Roster(_) => "roster",
            Staffing::Given(_) => "given",
        }
    }

    /// True when the scenario gives the agents rather than asking the plan to decide.
    pub fn is_given(&self) -> bool {
        !matches!(self, Staffing::ErlangC | Staffing::ErlangA)
    }
}

/// Labour cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Cost {
    /// Currency code for reports, e.g. "EUR".
    pub currency: String,
    /// Loaded cost per paid agent hour; `None` when not given (costs are then not reported).
    pub hourly_cost: Option<f64>,
    /// Fixed overheads for the whole horizon, added to the total cost.
    pub fixed_overheads: f64,
    /// Paid hours of one FTE in a week: the one figure that turns paid hours into FTE for the
    /// sweep and (× 52 / 12 a month) for the bid.
    pub hours_per_fte_week: f64,
}

/// Simulation settings, including the caller behaviour only the simulator models.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Simulation {
    /// Independent replications of the horizon.
    pub replications: u32,
    /// Base seed; replication k uses a stream derived from (seed, k).
    pub seed: u64,
    /// Forecast error: each day's volume is multiplied by a Gamma draw with mean 1 and this cv.
    pub volume_cv: f64,
    /// First-contact resolution: a share 1 − fcr of answered contacts come back.
    pub fcr: f64,
    /// Mean (exponential) delay before a repeat contact.
    pub repeat_delay: Seconds,
    /// Probability that an abandoned caller tries again.
    pub retry_probability: f64,
    /// Mean (exponential) delay before a retry.
    pub retry_delay: Seconds,
}

impl Scenario {
    /// Reads, parses and validates a scenario file (and the forecast CSV it names).
    pub fn load(path: &Path) -> Result<Self> {
        Self::from_toml(&crate::input::read_text(path)?, path)
    }

    /// Parses and validates scenario text; `path` names the file in errors and anchors relative
    /// paths.
    pub fn from_toml(text: &str, path: &Path) -> Result<Self> {
        let file = path.display().to_string();
        let raw: RawScenario = toml::from_str(text).map_err(|err| {
            if is_portfolio(text) {
                Error::input(
                    &file,
                    "is a portfolio of queues ([[queue]]): `staffsim plan`, `simulate`, `sweep`, `bid` and `run` take a portfolio; `schedule` takes one queue's scenario",
                )
            } else {
                toml_error(&file, text, &err)
            }
        })?;
        validate(raw, path)
    }

    /// Parses and validates a portfolio queue's scenario text, which takes the portfolio's
    /// `[cost]` and `[bid]` keys it does not set itself (see [`Inherited`]).
    pub fn from_toml_inheriting(text: &str, path: &Path, inherited: &Inherited) -> Result<Self> {
        let file = path.display().to_string();
        // The queue's own text first, so its mistakes are reported at their line and column.
        let own = toml::from_str::<RawScenario>(text);
        if inherited.is_empty() {
            return validate(own.map_err(|err| toml_error(&file, text, &err))?, path);
        }
        let mut table: toml::Table =
            toml::from_str(text).map_err(|err| toml_error(&file, text, &err))?;
        let mut sections = Vec::new();
        let mut overrides = Vec::new();
        for (section, keys) in [("cost", &inherited.cost), ("bid", &inherited.bid)] {
            let Some(keys) = keys else { continue };
            sections.push(format!("[{section}]"));
            let entry = table
                .entry(section)
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            if let toml::Value::Table(own_keys) = entry {
                for (key, value) in keys {
                    match own_keys.get(key) {
                        None => {
                            own_keys.insert(key.clone(), value.clone());
                        }
                        Some(own) if own != value => overrides.push(format!(
                            "[{section}] {key} is the queue's own, not the portfolio's {}",
                            short(value)
                        )),
                        Some(_) => {}
                    }
                }
            }
        }
        let from = format!(
            "with {} from the portfolio {}",
            sections.join(" and "),
            inherited.source.display()
        );
        // A key the queue lacks (say `[bid] term_months`) may come from the portfolio; any
        // other mistake in the queue's text is reported where it is.
        let merged: RawScenario = match serde::Deserialize::deserialize(toml::Value::Table(table)) {
            Ok(merged) => merged,
            Err(err) => {
                return Err(match own {
                    Err(own) if own.span().is_some() => toml_error(&file, text, &own),
                    _ => {
                        let err: toml::de::Error = err;
                        Error::input(&file, format!("{} ({from})", err.message().trim()))
                    }
                });
            }
        };
        let mut scenario = validate(merged, path).map_err(|err| match err {
            Error::Input { location, message } => Error::Input {
                location,
                message: format!("{message} ({from})"),
            },
            Error::InvalidParameter {
                name,
                value,
                allowed,
            } => Error::InvalidParameter {
                name: format!("{name} ({from})"),
                value,
                allowed,
            },
            other => other,
        })?;
        scenario.warnings.extend(overrides);
        Ok(scenario)
    }

    /// The constraints the plan solves for.
    pub fn constraints(&self) -> Constraints {
        self.target.constraints()
    }

    /// The calendar days of the horizon, in order, each with the indices of its intervals: the
    /// one day index that plans, simulations and sweeps share.
    pub fn days(&self) -> Vec<Day> {
        let mut days: Vec<Day> = Vec::new();
        for (k, interval) in self.intervals.iter().enumerate() {
            let date = interval.start.date();
            match days.last_mut() {
                Some(day) if day.date == date => day.intervals.end = k + 1,
                _ => days.push(Day {
                    date,
                    intervals: k..k + 1,
                }),
            }
        }
        days
    }

    /// The working weeks of one FTE over the horizon, to turn paid hours into FTE
    /// (`FTE = paid hours ÷ (hours_per_fte_week × fte_weeks)`).
    ///
    /// Over a week or more, the calendar weeks from the first day to the last, open or not (a
    /// CSV without its closed Sundays covers the same weeks as a profile with them). Two to six
    /// days are one week whose other days are closed (a Monday-to-Saturday CSV is a week). One
    /// day is a typical working day, a fifth of a working week, so its FTE is the people that
    /// day needs.
    pub fn fte_weeks(&self) -> f64 {
        match self.span_days() {
            0 | 1 => 0.2,
            2..=6 => 1.0,
            span => f64::from(span) / 7.0,
        }
    }

    /// Calendar days from the first interval's date to the last's, both counted, open or not.
    pub fn span_days(&self) -> i32 {
        span_days(&self.intervals)
    }

    /// Open intervals only.
    pub fn open_intervals(&self) -> impl Iterator<Item = &IntervalDemand> {
        self.intervals.iter().filter(|i| i.open)
    }

    /// Agents on the phones in each interval under `shifts` (0 when closed).
    pub fn roster_agents(&self, shifts: &[Shift]) -> Vec<u32> {
        let series = IntervalSeries {
            length: self.interval,
            intervals: self
                .intervals
                .iter()
                .map(|i| forecast::Interval {
                    start: i.start,
                    volume: i.volume,
                    aht: Some(i.aht),
                    agents: None,
                    open: i.open,
                    special_day: i.special_day,
                })
                .collect(),
        };
        roster::agents_per_interval(shifts, &series)
    }

    /// The special day covering `date`, if any.
    pub fn special_day_on(&self, date: jiff::civil::Date) -> Option<&SpecialDay> {
        self.special_days.iter().find(|s| s.covers(date))
    }

    /// The same scenario with these agents on the phones in each interval (0 when closed),
    /// described as `what`.
    pub fn with_agents(&self, agents: &[u32], what: impl Into<String>) -> Scenario {
        let mut variant = self.clone();
        for (demand, &n) in variant.intervals.iter_mut().zip(agents) {
            demand.given_agents = Some(if demand.open { n } else { 0 });
        }
        variant.staffing = Staffing::Given(what.into());
        variant
    }
}

/// A TOML error on one line: `file:line:column: message`.
/// Calendar days from the first interval's date to the last's, both counted, open or not.
/// Sets every open day's right-party contacts to `per_day` (× its special day's volume
/// multiplier), keeping the forecast's intraday shape; a day the forecast leaves empty gets an
/// even spread over its open intervals.
fn spread_daily_target(intervals: &mut [IntervalDemand], per_day: f64, special: &[SpecialDay]) {
    let mut first = 0;
    while first < intervals.len() {
        let date = intervals[first].start.date();
        let end = first
            + intervals[first..]
                .iter()
                .take_while(|i| i.start.date() == date)
                .count();
        let day = &mut intervals[first..end];
        let multiplier = day[0]
            .special_day
            .map_or(1.0, |k| special[k].volume_multiplier);
        let target = per_day * multiplier;
        let shape: f64 = day.iter().filter(|i| i.open).map(|i| i.volume).sum();
        let open = day.iter().filter(|i| i.open).count();
        for i in day.iter_mut().filter(|i| i.open) {
            i.volume = if shape > 0.0 {
                target * i.volume / shape
            } else {
                target / open as f64
            };
        }
        first = end;
    }
}

/// The keys of a scenario that name files to read, as `(section, key)`: resolved from the
/// scenario's folder.
pub const NAMED_FILES: [(&str, &str); 5] = [
    ("forecast", "csv"),
    ("forecast", "history"),
    ("handle_time", "csv"),
    ("report", "logo"),
    ("roster", "agents"),
];

/// The files a scenario's text names (see [`NAMED_FILES`]), as written, with the key naming
/// each (`"[forecast] csv"`); text that is not TOML names none.
pub fn named_files(text: &str) -> Vec<(String, String)> {
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    NAMED_FILES
        .iter()
        .filter_map(|(section, key)| {
            let value = table.get(*section)?.get(*key)?.as_str()?;
            Some((format!("[{section}] {key}"), value.to_string()))
        })
        .collect()
}

/// Every file a run of the scenario at `path` reads: the scenario, the files it names and, for a
/// portfolio, each queue's scenario and the files that one names. Outputs must not be one of
/// them. A file that cannot be read contributes only itself.
pub fn input_files(path: &Path) -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    collect_inputs(path, &mut files, 0);
    files
}

/// [`input_files`]' walk: a queue already seen is read once, and the walk goes no deeper than a
/// portfolio's queues (a portfolio naming itself, however spelled, ends there).
fn collect_inputs(path: &Path, files: &mut Vec<(String, PathBuf)>, depth: usize) {
    if depth > 2 || files.iter().any(|(_, seen)| seen == path) {
        return;
    }
    files.push(("the scenario".to_string(), path.to_path_buf()));
    let Ok(text) = crate::input::read_text(path) else {
        return;
    };
    let folder = path.parent().unwrap_or(Path::new(""));
    for (key, value) in named_files(&text) {
        files.push((key, folder.join(value)));
    }
    if let Ok(table) = text.parse::<toml::Table>()
        && let Some(queues) = table.get("queue").and_then(|q| q.as_array())
    {
        for queue in queues.iter().filter_map(|q| q.get("scenario")?.as_str()) {
            collect_inputs(&folder.join(queue), files, depth + 1);
        }
    }
}

/// True when `text` is a portfolio of queues rather than a scenario: a TOML document with
/// `[[queue]]` tables ([`crate::portfolio`] loads it).
pub fn is_portfolio(text: &str) -> bool {
    text.parse::<toml::Table>()
        .is_ok_and(|table| table.contains_key("queue"))
}

fn span_days(intervals: &[IntervalDemand]) -> i32 {
    match (intervals.first(), intervals.last()) {
        (Some(first), Some(last)) => (last.start.date() - first.start.date()).get_days() + 1,
        _ => 0,
    }
}

/// The `[cost]` and `[bid]` a portfolio writes once for all its queues: a queue takes every key
/// it does not set itself (its own keys win, and a key such as `[[bid.sla]]` is replaced whole,
/// not merged), so the contract's term, margin, holidays and SLAs are written once and each
/// queue keeps its own volume and wage.
#[derive(Debug, Clone, Default)]
pub struct Inherited {
    cost: Option<toml::Table>,
    bid: Option<toml::Table>,
    source: PathBuf,
}

impl Inherited {
    /// The `[cost]` and `[bid]` of portfolio text, checked as a scenario's are (a portfolio's
    /// `[bid]` must name its `term_months`), with errors at their line and column.
    pub fn from_portfolio(text: &str, path: &Path) -> Result<Self> {
        #[derive(serde::Deserialize)]
        struct Sections {
            #[serde(rename = "cost")]
            _cost: Option<schema::RawCost>,
            #[serde(rename = "bid")]
            _bid: Option<schema::RawBid>,
        }
        #[derive(serde::Deserialize)]
        struct Tables {
            cost: Option<toml::Table>,
            bid: Option<toml::Table>,
        }
        let file = path.display().to_string();
        let _: Sections = toml::from_str(text).map_err(|err| toml_error(&file, text, &err))?;
        let tables: Tables = toml::from_str(text).map_err(|err| toml_error(&file, text, &err))?;
        // What is one queue's by nature: writing it once would copy it into every queue.
        let own_keys = [
            ("cost", &tables.cost, &["fixed_overheads"][..]),
            (
                "bid",
                &tables.bid,
                &[
                    "monthly_volume",
                    "base_monthly_volume",
                    "aht",
                    "overheads_per_month",
                ][..],
            ),
        ];
        for (section, keys, per_queue) in own_keys {
            if let Some(key) = per_queue
                .iter()
                .find(|k| keys.as_ref().is_some_and(|t| t.contains_key(**k)))
            {
                return Err(Error::input(
                    format!("{file}: [{section}] {key}"),
                    "is each queue's own: give it in the queue's file (a portfolio's [cost] and [bid] hold what every queue shares)",
                ));
            }
        }
        Ok(Inherited {
            cost: tables.cost,
            bid: tables.bid,
            source: path.to_path_buf(),
        })
    }

    /// Nothing to inherit.
    pub fn is_empty(&self) -> bool {
        self.cost.is_none() && self.bid.is_none()
    }
}
