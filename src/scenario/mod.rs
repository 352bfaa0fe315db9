//! The scenario file: one TOML file that describes a centre, its forecast, special days, handle
//! times, patience, target, shrinkage, staffing, cost and simulation settings.
//!
//! [`Scenario::load`] parses the file once and validates everything — including reading the
//! forecast CSV and laying the special days over it — before any work starts. Every error names
//! the file and the line (TOML syntax and type errors) or the section and field (range errors).

mod roster;
mod schema;
mod target;
mod terms;

use crate::error::{Error, Result};
use crate::forecast::{self, IntervalSeries, Profile, SpecialDay, apply_special_days};
use crate::queueing::{Constraints, ServiceTarget};
use crate::units::{Seconds, Shrinkage};
use jiff::civil::DateTime;
use schema::{HandleTimeKind, PatienceKind, RawScenario, StaffingMethod};
use std::path::{Path, PathBuf};

pub use roster::Shift;
pub use terms::{BidConfig, Site, SweepConfig};

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
    /// How the forecast was made, when it was fitted from `[forecast] history`.
    pub forecast: Option<ForecastSummary>,
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
        let raw: RawScenario = toml::from_str(text).map_err(|err| toml_error(&file, text, &err))?;
        validate(raw, path)
    }

    /// The constraints the plan solves for.
    pub fn constraints(&self) -> Constraints {
        self.target.constraints()
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
fn toml_error(file: &str, text: &str, err: &toml::de::Error) -> Error {
    let message = err.message().trim().replace('\n', " ");
    match err.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            Error::input(format!("{file}:{line}:{column}"), message)
        }
        None => Error::input(file, message),
    }
}

/// The most a paid hour may cost: keeps every cost total finite and printable.
const MAX_HOURLY_COST: f64 = 1e6;

/// The most fixed overheads may be over a horizon.
const MAX_FIXED_OVERHEADS: f64 = 1e15;

/// The lowest first-contact resolution simulated: 1 − fcr of answered contacts come back, so
/// 1 % means a hundred returns per contact on average.
const MIN_FCR: f64 = 0.01;

/// The highest retry probability simulated (a hundred retries per abandoned caller on average).
const MAX_RETRY_PROBABILITY: f64 = 0.99;

/// Longest scenario name: it names the report folder.
const MAX_NAME_CHARS: usize = 100;

/// Longest description: it goes into report headings and one workbook cell.
const MAX_DESCRIPTION_CHARS: usize = 4000;

fn validate(raw: RawScenario, path: &Path) -> Result<Scenario> {
    let file = path.display().to_string();
    let field = |name: &str| format!("{file}: {name}");
    let fraction_error = |name: &str, value: f64, allowed: &str| {
        Error::input(field(name), format!("must be {allowed}, got {value}"))
    };
    let mut warnings = Vec::new();

    // The forecast, on its interval grid.
    let base = path.parent().unwrap_or(Path::new("."));
    let sources = [
        raw.forecast.csv.is_some(),
        raw.forecast.profile.is_some(),
        raw.forecast.history.is_some(),
    ];
    if sources.iter().filter(|s| **s).count() > 1 {
        return Err(Error::input(
            field("[forecast]"),
            "give one of csv, history or [forecast.profile]",
        ));
    }
    if raw.forecast.history.is_none()
        && (raw.forecast.horizon.is_some() || raw.forecast.method.is_some())
    {
        warnings.push("[forecast] horizon and method are only used with history".to_string());
    }
    if let Some(interval) = raw.centre.interval {
        forecast::interval_seconds(interval)
            .map_err(|m| Error::input(field("[centre] interval"), m))?;
    }
    let mut forecast_fit = None;
    let mut series: IntervalSeries = match (
        &raw.forecast.csv,
        &raw.forecast.profile,
        &raw.forecast.history,
    ) {
        (Some(csv), None, None) => {
            forecast::read_interval_csv(&base.join(csv), raw.centre.interval)?
        }
        (None, Some(p), None) => {
            let interval = raw.centre.interval.ok_or_else(|| {
                Error::input(
                    field("[centre] interval"),
                    "is required with [forecast.profile]",
                )
            })?;
            let day_of_week: [f64; 7] = p.day_of_week.as_slice().try_into().map_err(|_| {
                Error::input(
                    field("[forecast.profile] day_of_week"),
                    format!("needs 7 factors, Monday first; got {}", p.day_of_week.len()),
                )
            })?;
            let profile = Profile {
                start: p.start.0,
                days: p.days,
                open: p.open.0,
                close: p.close.0,
                daily_volume: p.daily_volume,
                day_of_week,
                intraday: p.intraday.clone(),
            };
            profile.series(interval, &file)?
        }
        (None, None, Some(history)) => {
            let method = match &raw.forecast.method {
                None => None,
                Some(m) if m == "auto" => None,
                Some(m) => Some(
                    m.parse::<forecast::Method>()
                        .map_err(|msg| Error::input(field("[forecast] method"), msg))?,
                ),
            };
            let mut history =
                forecast::History::read(&base.join(history), &forecast::Columns::default())?;
            let excluded: Vec<jiff::civil::Date> =
                raw.forecast.exclude.iter().map(|d| d.0).collect();
            history.exclude(&excluded);
            if let Some(expected) = raw.centre.interval
                && expected != history.length
            {
                return Err(Error::input(
                    field("[centre] interval"),
                    format!(
                        "is {expected} but the history's rows are {} apart",
                        history.length
                    ),
                ));
            }
            let horizon = raw
                .forecast
                .horizon
                .unwrap_or(Seconds(14.0 * Seconds::DAY.get()));
            let steps = (horizon.get() / history.length.get()).ceil() as usize;
            if steps == 0 || steps > forecast::MAX_INTERVALS {
                return Err(Error::input(
                    field("[forecast] horizon"),
                    "must be between one interval and 20 years",
                ));
            }
            let fitted = forecast::fit(&history, steps, method).map_err(|e| match e {
                Error::Input { message, .. } => Error::input(field("[forecast] history"), message),
                other => other,
            })?;
            let n = history.volume.len();
            let intervals = (0..steps)
                .map(|k| {
                    let mut interval =
                        forecast::Interval::open(history.time(n + k), fitted.volume[k]);
                    interval.aht = fitted.aht.as_ref().map(|a| Seconds(a[k]));
                    interval
                })
                .collect();
            forecast_fit = Some(ForecastSummary {
                method: fitted.method,
                backtest_wape: fitted.backtests[0].interval.wape,
                poisson_floor_wape: fitted.backtests[0].interval.poisson_floor,
                history_intervals: n,
            });
            IntervalSeries {
                length: history.length,
                intervals,
            }
        }
        _ => {
            return Err(Error::input(
                field("[forecast]"),
                "no forecast: set csv = \"file.csv\", history = \"history.csv\" or a [forecast.profile]",
            ));
        }
    };
    let interval = series.length;
    forecast::interval_seconds(interval).map_err(|m| {
        Error::input(
            field("[forecast]"),
            format!("the forecast's intervals are {interval} long: {m}"),
        )
    })?;

    // AHT: the CSV's per-interval column, else [handle_time] aht.
    let default_aht = raw.handle_time.aht;
    if let Some(aht) = default_aht
        && aht.get() <= 0.0
    {
        return Err(Error::input(
            field("[handle_time] aht"),
            "must be greater than zero",
        ));
    }
    if default_aht.is_none()
        && let Some(i) = series.intervals.iter().find(|i| i.open && i.aht.is_none())
    {
        return Err(Error::input(
            field("[handle_time] aht"),
            format!(
                "AHT is given nowhere for the interval starting {}: set [handle_time] aht or fill the forecast's aht column",
                i.start
            ),
        ));
    }
    for i in &mut series.intervals {
        i.aht = i.aht.or(default_aht);
    }

    // Special days.
    let special_days = raw
        .special_days
        .iter()
        .enumerate()
        .map(|(k, d)| special_day(k, d, &file))
        .collect::<Result<Vec<_>>>()?;
    let dates = series.dates();
    for day in &special_days {
        if !dates.iter().any(|d| day.covers(*d)) {
            warnings.push(format!(
                "special day '{}' ({} to {}) falls outside the forecast ({} to {})",
                day.name,
                day.from,
                day.to,
                dates[0],
                dates[dates.len() - 1]
            ));
        }
    }
    apply_special_days(&mut series, &special_days, &file)?;

    let handle_time = match (raw.handle_time.distribution, raw.handle_time.cv) {
        (HandleTimeKind::Exponential, None | Some(1.0)) => HandleTime::Exponential,
        (HandleTimeKind::Exponential, Some(cv)) => {
            return Err(Error::input(
                field("[handle_time] cv"),
                format!(
                    "an exponential distribution has cv = 1, got {cv}: choose lognormal or gamma for another cv"
                ),
            ));
        }
        (HandleTimeKind::Fixed, _) => HandleTime::Fixed,
        (HandleTimeKind::Empirical, _) => {
            let csv = raw.handle_time.csv.as_ref().ok_or_else(|| {
                Error::input(
                    field("[handle_time] csv"),
                    "distribution = \"empirical\" needs csv = \"handle-times.csv\" (observed handle times in seconds)",
                )
            })?;
            HandleTime::Empirical {
                samples: read_handle_times(&base.join(csv))?.into(),
            }
        }
        (kind, cv) => {
            let cv = cv.unwrap_or(1.0);
            if !(0.001..=100.0).contains(&cv) {
                return Err(fraction_error(
                    "[handle_time] cv",
                    cv,
                    "between 0.001 and 100",
                ));
            }
            if kind == HandleTimeKind::Gamma {
                HandleTime::Gamma { cv }
            } else {
                HandleTime::Lognormal { cv }
            }
        }
    };

    let patience = match raw.patience.distribution {
        PatienceKind::None => Patience::None,
        kind => {
            let mean = raw.patience.mean.ok_or_else(|| {
                Error::input(
                    field("[patience] mean"),
                    "is required when callers abandon, e.g. mean = \"120s\"",
                )
            })?;
            if mean.get() <= 0.0 {
                return Err(Error::input(
                    field("[patience] mean"),
                    "must be greater than zero",
                ));
            }
            match kind {
                PatienceKind::Exponential => Patience::Exponential { mean },
                _ => {
                    let cv = raw.patience.cv.unwrap_or(1.0);
                    if !(0.001..=100.0).contains(&cv) {
                        return Err(fraction_error("[patience] cv", cv, "between 0.001 and 100"));
                    }
                    Patience::Lognormal { mean, cv }
                }
            }
        }
    };

    let target = target::from_raw(
        &raw.target,
        patience != Patience::None,
        &file,
        &mut warnings,
    )?;

    let shrinkage = shrinkage(&raw.shrinkage, &file)?;

    let staffing = match raw.staffing.method {
        StaffingMethod::ErlangC => Staffing::ErlangC,
        StaffingMethod::ErlangA => {
            if patience == Patience::None {
                return Err(Error::input(
                    field("[staffing] method"),
                    "\"erlang-a\" needs callers who abandon: set [patience] distribution and mean",
                ));
            }
            Staffing::ErlangA
        }
        StaffingMethod::Constant => Staffing::Constant(raw.staffing.agents.ok_or_else(|| {
            Error::input(
                field("[staffing] agents"),
                "is required with method = \"constant\"",
            )
        })?),
        StaffingMethod::Csv => {
            if raw.forecast.csv.is_none() {
                return Err(Error::input(
                    field("[staffing] method"),
                    "\"csv\" takes agents from the forecast CSV's agents column, but the forecast is a profile",
                ));
            }
            if let Some(i) = series
                .intervals
                .iter()
                .find(|i| i.open && i.agents.is_none())
            {
                return Err(Error::input(
                    field("[staffing] method"),
                    format!(
                        "\"csv\" needs an agents value in every row of the forecast CSV; the interval starting {} has none",
                        i.start
                    ),
                ));
            }
            Staffing::Csv
        }
        StaffingMethod::Roster => {
            let shifts = raw
                .staffing
                .shift
                .iter()
                .enumerate()
                .map(|(k, s)| roster::shift(k, s, &file))
                .collect::<Result<Vec<_>>>()?;
            if shifts.is_empty() {
                return Err(Error::input(
                    field("[staffing]"),
                    "method = \"roster\" needs at least one [[staffing.shift]]",
                ));
            }
            Staffing::Roster(shifts)
        }
    };
    if raw.staffing.agents.is_some() && !matches!(staffing, Staffing::Constant(_)) {
        warnings.push(format!(
            "[staffing] agents is ignored with method = \"{}\"",
            staffing.method()
        ));
    }

    let given: Option<Vec<u32>> = match &staffing {
        Staffing::ErlangC | Staffing::ErlangA => None,
        Staffing::Constant(n) => Some(vec![*n; series.intervals.len()]),
        Staffing::Csv => Some(
            series
                .intervals
                .iter()
                .map(|i| i.agents.unwrap_or(0))
                .collect(),
        ),
        Staffing::Roster(shifts) => Some(roster::agents_per_interval(shifts, &series)),
        Staffing::Given(_) => None,
    };

    if let Some(most) = given.as_ref().and_then(|g| g.iter().max())
        && *most > crate::queueing::MAX_SERVERS
    {
        return Err(Error::input(
            field("[staffing]"),
            format!(
                "{most} agents in one interval is more than the {} staffsim models",
                crate::queueing::MAX_SERVERS
            ),
        ));
    }
    if !series.intervals.iter().any(|i| i.open) {
        return Err(Error::input(
            field("[forecast]"),
            "every interval is closed (closed days, zero day-of-week factors or special days that close): nothing to plan",
        ));
    }
    let intervals = series
        .intervals
        .iter()
        .enumerate()
        .map(|(k, i)| IntervalDemand {
            start: i.start,
            volume: i.volume,
            aht: i.aht.unwrap_or(Seconds(1.0)),
            open: i.open,
            special_day: i.special_day,
            given_agents: given.as_ref().map(|g| if i.open { g[k] } else { 0 }),
        })
        .collect();

    // Costs are bounded so that every total (hours over 20 years × rate) stays a finite number
    // that prints: no "USD inf".
    let cost = &raw.cost;
    if let Some(c) = cost.hourly_cost
        && !(0.0..=MAX_HOURLY_COST).contains(&c)
    {
        return Err(fraction_error(
            "[cost] hourly_cost",
            c,
            "a cost per paid hour from 0 to 1,000,000",
        ));
    }
    if !(0.0..=MAX_FIXED_OVERHEADS).contains(&cost.fixed_overheads) {
        return Err(fraction_error(
            "[cost] fixed_overheads",
            cost.fixed_overheads,
            "from 0 to 1e15",
        ));
    }
    let sim = &raw.simulation;
    if sim.replications == 0 {
        return Err(Error::input(
            field("[simulation] replications"),
            "must be at least 1",
        ));
    }
    if !(sim.volume_cv == 0.0 || (0.001..=10.0).contains(&sim.volume_cv)) {
        return Err(fraction_error(
            "[simulation] volume_cv",
            sim.volume_cv,
            "0, or between 0.001 and 10",
        ));
    }
    if !(sim.fcr >= MIN_FCR && sim.fcr <= 1.0) {
        return Err(fraction_error(
            "[simulation] fcr",
            sim.fcr,
            "in [0.01, 1]: below 1 %, each contact returns 100 times or more on average",
        ));
    }
    if !(0.0..=MAX_RETRY_PROBABILITY).contains(&raw.patience.retry_probability) {
        return Err(fraction_error(
            "[patience] retry_probability",
            raw.patience.retry_probability,
            "in [0, 0.99]: above that, each abandoned caller retries 100 times or more on average, a storm no centre sees",
        ));
    }
    if raw.patience.retry_probability > 0.0 && raw.patience.retry_delay.get() < 1.0 {
        return Err(Error::input(
            field("[patience] retry_delay"),
            format!(
                "must be at least 1s when callers retry, got {}: instant retries make a storm of events without end",
                raw.patience.retry_delay
            ),
        ));
    }
    if sim.fcr < 1.0 && raw.simulation.repeat_delay.get() < 1.0 {
        return Err(Error::input(
            field("[simulation] repeat_delay"),
            format!(
                "must be at least 1s when contacts come back (fcr < 1), got {}",
                raw.simulation.repeat_delay
            ),
        ));
    }
    if raw.handle_time.csv.is_some() && !matches!(handle_time, HandleTime::Empirical { .. }) {
        warnings
            .push("[handle_time] csv is only used with distribution = \"empirical\"".to_string());
    }

    let name = raw.name.unwrap_or_else(|| {
        path.file_stem().map_or_else(
            || "scenario".to_string(),
            |s| s.to_string_lossy().into_owned(),
        )
    });
    if name.is_empty()
        || name.contains(['/', '\\'])
        || name.chars().any(char::is_control)
        || name == "."
        || name == ".."
        || name.chars().count() > MAX_NAME_CHARS
    {
        return Err(Error::input(
            field("name"),
            format!(
                "'{}' cannot name an output folder: use up to {MAX_NAME_CHARS} letters, digits, spaces and dashes, no / \\ or control characters",
                name.escape_debug()
            ),
        ));
    }
    if raw.description.chars().count() > MAX_DESCRIPTION_CHARS
        || raw
            .description
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(Error::input(
            field("description"),
            format!(
                "must be at most {MAX_DESCRIPTION_CHARS} characters of text without control characters (a report cell holds 32,767); got {} characters",
                raw.description.chars().count()
            ),
        ));
    }

    let sweep = raw
        .sweep
        .as_ref()
        .map(|s| terms::sweep(s, &file))
        .transpose()?;
    if let Some(sweep) = &sweep {
        for (name, _) in &sweep.shift_agents {
            let known = match &staffing {
                Staffing::Roster(shifts) => shifts.iter().any(|s| &s.name == name),
                _ => false,
            };
            if !known {
                return Err(Error::input(
                    field("[sweep] shift_agents"),
                    format!(
                        "'{name}' is not a shift of the roster: name shifts from [[staffing.shift]] (method = \"roster\")"
                    ),
                ));
            }
        }
    }
    let bid = raw
        .bid
        .as_ref()
        .map(|b| terms::bid(b, &file, sim.replications))
        .transpose()?;

    Ok(Scenario {
        name,
        description: raw.description,
        source: path.to_path_buf(),
        interval,
        intervals,
        special_days,
        handle_time,
        patience,
        target,
        shrinkage,
        staffing,
        cost: Cost {
            currency: cost.currency.clone(),
            hourly_cost: cost.hourly_cost,
            fixed_overheads: cost.fixed_overheads,
        },
        simulation: Simulation {
            replications: sim.replications,
            seed: sim.seed,
            volume_cv: sim.volume_cv,
            fcr: sim.fcr,
            repeat_delay: sim.repeat_delay,
            retry_probability: raw.patience.retry_probability,
            retry_delay: raw.patience.retry_delay,
        },
        sweep,
        bid,
        forecast: forecast_fit,
        warnings,
    })
}

/// Observed handle times: the `handle_time` (or `seconds`) column, else the first column, in seconds.
fn read_handle_times(path: &Path) -> Result<Vec<f64>> {
    let name = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(crate::input::open(path)?);
    let headers = reader
        .headers()
        .map_err(|e| Error::input(format!("{name}:1"), e.to_string()))?
        .clone();
    let column = headers
        .iter()
        .position(|h| h.eq_ignore_ascii_case("handle_time") || h.eq_ignore_ascii_case("seconds"))
        .unwrap_or(0);
    let mut samples = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::input(&name, e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = record.get(column).unwrap_or("");
        if cell.is_empty() {
            continue;
        }
        match cell.parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 => samples.push(v),
            _ => {
                return Err(Error::input(
                    format!("{name}:{line}: column {}", column + 1),
                    format!("'{cell}' is not a handle time: it must be a number of seconds > 0"),
                ));
            }
        }
    }
    if samples.is_empty() {
        return Err(Error::input(
            name,
            "no handle times: the file needs at least one row",
        ));
    }
    Ok(samples)
}

fn special_day(k: usize, raw: &schema::RawSpecialDay, file: &str) -> Result<SpecialDay> {
    let at = |name: &str| format!("{file}: [[special_days]] #{} {name}", k + 1);
    let (from, to) = match (raw.date, raw.from, raw.to) {
        (Some(d), None, None) => (d.0, d.0),
        (None, Some(f), Some(t)) => (f.0, t.0),
        (None, Some(f), None) => (f.0, f.0),
        _ => {
            return Err(Error::input(
                at("date"),
                "give either date = \"YYYY-MM-DD\" or from = … and to = …",
            ));
        }
    };
    if to < from {
        return Err(Error::input(
            at("to"),
            format!("{to} is before from = {from}"),
        ));
    }
    if !(raw.volume_multiplier.is_finite() && raw.volume_multiplier >= 0.0) {
        return Err(Error::input(
            at("volume_multiplier"),
            format!("must be ≥ 0, got {}", raw.volume_multiplier),
        ));
    }
    if !(raw.aht_multiplier.is_finite() && raw.aht_multiplier > 0.0) {
        return Err(Error::input(
            at("aht_multiplier"),
            format!("must be > 0, got {}", raw.aht_multiplier),
        ));
    }
    Ok(SpecialDay {
        name: raw.name.clone().unwrap_or_else(|| from.to_string()),
        from,
        to,
        volume_multiplier: raw.volume_multiplier,
        aht_multiplier: raw.aht_multiplier,
        closed: raw.closed,
        intraday: raw.intraday.clone(),
    })
}

/// `[shrinkage]`: either `total = x`, or named components that add up.
fn shrinkage(
    raw: &std::collections::BTreeMap<String, f64>,
    file: &str,
) -> Result<ShrinkageBreakdown> {
    let at = |name: &str| format!("{file}: [shrinkage] {name}");
    for (name, value) in raw {
        if !(value.is_finite() && (0.0..1.0).contains(value)) {
            return Err(Error::input(
                at(name),
                format!("must be a fraction of paid time in [0, 1), got {value}"),
            ));
        }
    }
    if let Some(total) = raw.get("total") {
        if raw.len() > 1 {
            return Err(Error::input(
                at("total"),
                "give either total or named components (breaks, meetings, …), not both",
            ));
        }
        return Ok(ShrinkageBreakdown {
            total: Shrinkage::new(*total)?,
            components: Vec::new(),
        });
    }
    let sum = raw.values().fold(0.0, |total, v| total + v);
    if sum >= 1.0 {
        return Err(Error::input(
            format!("{file}: [shrinkage]"),
            format!("components add up to {sum}: shrinkage must be below 1 (100 % of paid time)"),
        ));
    }
    Ok(ShrinkageBreakdown {
        total: Shrinkage::new(sum)?,
        components: raw.iter().map(|(k, v)| (k.clone(), *v)).collect(),
    })
}
