//! The scenario file as written: serde structs that mirror the TOML, with defaults. Unknown fields
//! are errors. [`super::Scenario`] validates these into the configuration the rest of staffsim
//! uses; nothing outside this module sees them.

use crate::forecast::{ClockTime, parse_date};
use crate::queueing::SlDefinition;
use crate::units::{SECONDS_PER_HOUR, Seconds};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScenario {
    pub name: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub centre: RawCentre,
    pub forecast: RawForecast,
    #[serde(default)]
    pub special_days: Vec<RawSpecialDay>,
    #[serde(default)]
    pub handle_time: RawHandleTime,
    #[serde(default)]
    pub patience: RawPatience,
    #[serde(default)]
    pub target: RawTarget,
    #[serde(default)]
    pub shrinkage: BTreeMap<String, f64>,
    #[serde(default)]
    pub staffing: RawStaffing,
    #[serde(default)]
    pub cost: RawCost,
    #[serde(default)]
    pub simulation: RawSimulation,
    pub sweep: Option<RawSweep>,
    pub bid: Option<RawBid>,
    pub schedule: Option<RawSchedule>,
    pub roster: Option<RawRoster>,
    pub actuals: Option<RawActuals>,
    #[serde(default)]
    pub report: RawReport,
    pub channel: Option<RawChannel>,
    pub outbound: Option<RawOutbound>,
}

/// `[outbound]`: an outbound campaign's target and dialler.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOutbound {
    pub target_contacts: Option<f64>,
    pub contact_rate: Option<f64>,
    pub dial_seconds: Option<Seconds>,
    #[serde(default)]
    pub pacing: Pacing,
    pub max_abandon: Option<f64>,
}

/// How an outbound campaign dials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pacing {
    /// One dial per free agent, who waits for the outcome.
    #[default]
    Preview,
    /// The dialler dials ahead of free agents; a right party with no free agent is abandoned.
    Predictive,
}

impl Pacing {
    /// The name in scenario files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Pacing::Preview => "preview",
            Pacing::Predictive => "predictive",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum ChannelKind {
    #[default]
    Voice,
    Chat,
    Email,
    Backoffice,
    Outbound,
}

impl ChannelKind {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Voice => "voice",
            ChannelKind::Chat => "chat",
            ChannelKind::Email => "email",
            ChannelKind::Backoffice => "backoffice",
            ChannelKind::Outbound => "outbound",
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChannel {
    #[serde(default)]
    pub kind: ChannelKind,
    pub concurrency: Option<u32>,
    pub aht_by_concurrency: Option<Vec<Seconds>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReport {
    pub title: Option<String>,
    pub client: Option<String>,
    pub brand_color: Option<String>,
    pub logo: Option<PathBuf>,
    pub size: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSweep {
    #[serde(default)]
    pub agents_added: Vec<i32>,
    #[serde(default)]
    pub requirement_multiplier: Vec<f64>,
    #[serde(default)]
    pub shift_agents: BTreeMap<String, Vec<u32>>,
    #[serde(default)]
    pub volume_multiplier: Vec<f64>,
    #[serde(default)]
    pub aht_multiplier: Vec<f64>,
    #[serde(default)]
    pub shrinkage: Vec<f64>,
    #[serde(default)]
    pub patience: Vec<Seconds>,
    pub replications: Option<u32>,
    pub hours_per_fte_week: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSite {
    pub name: String,
    pub hourly_cost: f64,
    pub share: f64,
    #[serde(default = "unit")]
    pub aht_multiplier: f64,
    pub attrition: Option<f64>,
    pub new_hire_attrition: Option<f64>,
    pub cost_currency: Option<String>,
    pub fx: Option<RawFx>,
    pub escalation: Option<f64>,
}

/// `[actuals]`: an ACD interval report for the run's plan-vs-actual section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawActuals {
    pub csv: String,
    pub columns: Option<String>,
}

/// A site's exchange rate: client currency per unit of its cost currency, and its assumed move.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFx {
    pub rate: f64,
    #[serde(default)]
    pub annual_drift: f64,
}

/// `[bid.volume_bands]`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVolumeBands {
    pub band: f64,
    #[serde(default = "unit")]
    pub above: f64,
    #[serde(default = "unit")]
    pub below: f64,
    #[serde(default)]
    pub minimum_commitment: f64,
    pub replications: Option<u32>,
}

/// What a `[[bid.cost_line]]` is counted per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum CostPer {
    /// People on payroll (headcount), one per `ratio` of them, rounded up: team leaders.
    #[serde(alias = "agents")]
    #[serde(rename = "agent")]
    Agent,
    /// Required FTE, one per `ratio`: QA, WFM analysts.
    #[serde(rename = "fte")]
    Fte,
    /// Seats: headcount ÷ `seat_sharing`, rounded up.
    #[serde(alias = "seats")]
    #[serde(rename = "seat")]
    Seat,
    /// Each hire, once (launch hires in the transition).
    #[serde(alias = "hires")]
    #[serde(rename = "hire")]
    Hire,
    /// Every month of the term.
    #[serde(rename = "month")]
    Month,
    /// Once, at the start (in the transition).
    #[serde(rename = "one-off")]
    OneOff,
}

/// `[[bid.cost_line]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCostLine {
    pub name: String,
    pub per: CostPer,
    pub ratio: Option<f64>,
    pub seat_sharing: Option<f64>,
    pub monthly_cost: Option<f64>,
    pub cost: Option<f64>,
    pub site: Option<String>,
}

/// `[bid.sensitivity]`: each input's low and high change.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSensitivity {
    pub aht: Option<[f64; 2]>,
    pub attrition: Option<[f64; 2]>,
    pub volume: Option<[f64; 2]>,
    pub wages: Option<[f64; 2]>,
}

/// How the price moves over the term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PriceBasis {
    /// One price that holds over the whole term.
    #[default]
    Level,
    /// Each contract year priced at its own (escalated) cost.
    Yearly,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBid {
    pub term_months: u32,
    pub start: Option<TomlDate>,
    pub monthly_volume: Option<Vec<f64>>,
    pub base_monthly_volume: Option<f64>,
    #[serde(default)]
    pub growth: f64,
    pub seasonality: Option<Vec<f64>>,
    pub aht: Option<Seconds>,
    pub hours_per_fte_month: Option<f64>,
    pub shrinkage: Option<f64>,
    #[serde(default)]
    pub attrition: f64,
    pub new_hire_attrition: Option<f64>,
    #[serde(default = "default_new_hire_months")]
    pub new_hire_months: u32,
    #[serde(default)]
    pub training_weeks: f64,
    #[serde(default)]
    pub ramp: Vec<f64>,
    #[serde(default)]
    pub hiring_lead_months: u32,
    #[serde(default)]
    pub sites: Vec<RawSite>,
    #[serde(default)]
    pub overheads_per_month: f64,
    #[serde(default = "default_margin")]
    pub margin: f64,
    #[serde(default)]
    pub hybrid_base_share: Option<f64>,
    #[serde(default)]
    pub sla_credit: f64,
    #[serde(default = "unit")]
    pub sla_credit_cap: f64,
    #[serde(default = "default_max_p_miss")]
    pub max_p_miss: f64,
    pub volume_cv: Option<f64>,
    pub replications: Option<u32>,
    pub class_size: Option<RawClassSize>,
    pub class_every: Option<Seconds>,
    pub forecast_error: Option<RawForecastError>,
    #[serde(default)]
    pub cost_per_hire: f64,
    #[serde(default)]
    pub trainer_cost_per_class: f64,
    #[serde(default)]
    pub price_risk: PriceRisk,
    #[serde(default)]
    pub release: Release,
    #[serde(default)]
    pub holidays: Vec<RawSpecialDay>,
    #[serde(default)]
    pub sla: Vec<RawSla>,
    #[serde(default)]
    pub gain_share: Vec<RawGainShare>,
    pub staffing_uplift: Option<f64>,
    pub discount_rate: Option<f64>,
    #[serde(default)]
    pub payment_terms_days: u32,
    #[serde(default)]
    pub escalation: f64,
    pub currency: Option<String>,
    #[serde(default)]
    pub price_basis: PriceBasis,
    pub volume_bands: Option<RawVolumeBands>,
    #[serde(default)]
    pub cost_line: Vec<RawCostLine>,
    pub sensitivity: Option<RawSensitivity>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGainShare {
    pub kpi: SlaKpi,
    pub target: f64,
    pub per_point: f64,
    pub cap: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSla {
    pub kpi: SlaKpi,
    pub tiers: Vec<RawTier>,
    #[serde(default)]
    pub earn_back_months: u32,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTier {
    pub below: Option<f64>,
    pub above: Option<f64>,
    pub credit: f64,
}

/// The KPI a contract's SLA judges a month on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaKpi {
    /// The month's service level (tiers `below`).
    ServiceLevel,
    /// The month's average speed of answer in seconds (tiers `above`).
    Asa,
    /// The month's abandonment rate (tiers `above`).
    AbandonRate,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawForecastError {
    pub daily_cv: Option<f64>,
    #[serde(default)]
    pub monthly_cv: f64,
    #[serde(default)]
    pub month_correlation: f64,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawClassSize {
    pub min: u32,
    pub max: u32,
}

/// What becomes of people the hiring plan has beyond the requirement (a launch class sized for
/// the ramp, say): the bench.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Release {
    /// They stay on this contract's payroll until attrition takes them: the bench is paid.
    #[default]
    Attrition,
    /// They move to other work: the bench leaves this contract's cost base.
    Redeploy,
}

/// How expected SLA credits enter the price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PriceRisk {
    /// Price so the target margin holds after expected credits.
    #[default]
    Include,
    /// Quote at the target margin and show what expected credits take from it.
    Show,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCentre {
    pub interval: Option<Seconds>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawForecast {
    pub csv: Option<PathBuf>,
    pub profile: Option<RawProfile>,
    pub history: Option<PathBuf>,
    pub horizon: Option<Seconds>,
    pub method: Option<String>,
    #[serde(default)]
    pub exclude: Vec<TomlDate>,
    pub volume_multiplier: Option<f64>,
    pub aht_multiplier: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProfile {
    pub start: TomlDate,
    #[serde(default = "one")]
    pub days: u32,
    #[serde(default = "default_open")]
    pub open: TomlClock,
    #[serde(default = "default_close")]
    pub close: TomlClock,
    pub daily_volume: f64,
    #[serde(default = "flat_week")]
    pub day_of_week: Vec<f64>,
    pub intraday: Option<Vec<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSpecialDay {
    pub name: Option<String>,
    pub date: Option<TomlDate>,
    pub from: Option<TomlDate>,
    pub to: Option<TomlDate>,
    #[serde(default = "unit")]
    pub volume_multiplier: f64,
    #[serde(default = "unit")]
    pub aht_multiplier: f64,
    #[serde(default)]
    pub closed: bool,
    pub intraday: Option<Vec<f64>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum HandleTimeKind {
    Exponential,
    #[default]
    Lognormal,
    Gamma,
    Fixed,
    Empirical,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHandleTime {
    pub aht: Option<Seconds>,
    #[serde(default)]
    pub distribution: HandleTimeKind,
    pub cv: Option<f64>,
    pub csv: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum PatienceKind {
    #[default]
    None,
    Exponential,
    Lognormal,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPatience {
    #[serde(default)]
    pub distribution: PatienceKind,
    pub mean: Option<Seconds>,
    pub cv: Option<f64>,
    #[serde(default)]
    pub retry_probability: f64,
    #[serde(default = "default_retry_delay")]
    pub retry_delay: Seconds,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTarget {
    #[serde(default = "default_service_level")]
    pub service_level: f64,
    /// Absent: 20 s for voice and chat, 24 h for email, 48 h for back-office.
    pub within: Option<Seconds>,
    #[serde(default)]
    pub clock: crate::queueing::backlog::Clock,
    #[serde(default)]
    pub sl_definition: SlDefinition,
    pub max_occupancy: Option<f64>,
    pub max_asa: Option<Seconds>,
    pub max_abandon: Option<f64>,
    #[serde(default = "default_confidence")]
    pub confidence: f64,
    #[serde(default)]
    pub confidence_per: super::ConfidencePer,
}

fn default_confidence() -> f64 {
    0.9
}

impl Default for RawTarget {
    fn default() -> Self {
        Self {
            service_level: default_service_level(),
            within: None,
            clock: crate::queueing::backlog::Clock::Calendar,
            sl_definition: SlDefinition::Offered,
            max_occupancy: None,
            max_asa: None,
            max_abandon: None,
            confidence: default_confidence(),
            confidence_per: super::ConfidencePer::Day,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum StaffingMethod {
    #[default]
    ErlangC,
    ErlangA,
    Constant,
    Csv,
    Roster,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStaffing {
    #[serde(default)]
    pub method: StaffingMethod,
    pub agents: Option<u32>,
    #[serde(default)]
    pub shift: Vec<RawShift>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawShift {
    pub name: Option<String>,
    pub start: TomlClock,
    pub length: Seconds,
    pub days: Option<Vec<String>>,
    pub dates: Option<Vec<String>>,
    pub agents: u32,
    #[serde(default, rename = "break")]
    pub breaks: Vec<RawShiftBreak>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawShiftBreak {
    pub offset: Seconds,
    pub length: Seconds,
    #[serde(default)]
    pub paid: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum ScheduleObjective {
    #[default]
    Cover,
    Service,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum ScheduleKeep {
    #[default]
    None,
    Roster,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSchedule {
    #[serde(default)]
    pub objective: ScheduleObjective,
    #[serde(default)]
    pub keep: ScheduleKeep,
    pub max_agents: Option<u32>,
    #[serde(default)]
    pub template: Vec<RawTemplate>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTemplate {
    pub name: Option<String>,
    pub start: Option<TomlClock>,
    pub start_from: Option<TomlClock>,
    pub start_to: Option<TomlClock>,
    pub start_every: Option<Seconds>,
    pub length: Seconds,
    pub days: Option<Vec<String>>,
    pub hourly_cost: Option<f64>,
    pub min_agents: Option<u32>,
    pub max_agents: Option<u32>,
    #[serde(default, rename = "break")]
    pub breaks: Vec<RawTemplateBreak>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTemplateBreak {
    pub length: Seconds,
    pub earliest: Seconds,
    pub latest: Seconds,
    #[serde(default)]
    pub paid: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCost {
    #[serde(default = "default_currency")]
    pub currency: String,
    pub hourly_cost: Option<f64>,
    #[serde(default)]
    pub fixed_overheads: f64,
    pub hours_per_fte_week: Option<f64>,
}

impl Default for RawCost {
    fn default() -> Self {
        Self {
            currency: default_currency(),
            hourly_cost: None,
            fixed_overheads: 0.0,
            hours_per_fte_week: None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSimulation {
    #[serde(default = "default_replications")]
    pub replications: u32,
    #[serde(default = "default_seed")]
    pub seed: u64,
    #[serde(default)]
    pub volume_cv: f64,
    #[serde(default = "unit")]
    pub fcr: f64,
    #[serde(default = "default_repeat_delay")]
    pub repeat_delay: Seconds,
}

impl Default for RawSimulation {
    fn default() -> Self {
        Self {
            replications: default_replications(),
            seed: default_seed(),
            volume_cv: 0.0,
            fcr: 1.0,
            repeat_delay: default_repeat_delay(),
        }
    }
}

fn one() -> u32 {
    1
}
fn unit() -> f64 {
    1.0
}
fn flat_week() -> Vec<f64> {
    vec![1.0; 7]
}
fn default_open() -> TomlClock {
    TomlClock(ClockTime::from_seconds(8 * SECONDS_PER_HOUR).expect("08:00"))
}
fn default_close() -> TomlClock {
    TomlClock(ClockTime::from_seconds(20 * SECONDS_PER_HOUR).expect("20:00"))
}
fn default_service_level() -> f64 {
    0.8
}
fn default_currency() -> String {
    "USD".to_string()
}
fn default_replications() -> u32 {
    100
}
fn default_seed() -> u64 {
    1
}
fn default_new_hire_months() -> u32 {
    3
}
fn default_margin() -> f64 {
    0.15
}
fn default_max_p_miss() -> f64 {
    0.1
}
fn default_retry_delay() -> Seconds {
    Seconds(300.0)
}
fn default_repeat_delay() -> Seconds {
    Seconds::DAY
}

/// A date written `"2026-12-24"` or as an unquoted TOML date `2026-12-24`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct TomlDate(pub jiff::civil::Date);

/// A clock time written `"08:00"` or as an unquoted TOML time `08:00:00`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct TomlClock(pub ClockTime);

/// Reads a string, or the text of a TOML date/time (which toml hands over as a one-entry map).
struct TextOrTomlDatetime(&'static str);

impl<'de> serde::de::Visitor<'de> for TextOrTomlDatetime {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<String, E> {
        Ok(text.to_string())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        match map.next_entry::<String, String>()? {
            Some((_, text)) => Ok(text),
            None => Err(serde::de::Error::custom(self.0)),
        }
    }
}

impl<'de> Deserialize<'de> for TomlDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text =
            deserializer.deserialize_any(TextOrTomlDatetime("a date such as \"2026-12-24\""))?;
        parse_date(&text)
            .map(TomlDate)
            .map_err(serde::de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for TomlClock {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text =
            deserializer.deserialize_any(TextOrTomlDatetime("a clock time such as \"08:00\""))?;
        text.parse::<ClockTime>()
            .map(TomlClock)
            .map_err(serde::de::Error::custom)
    }
}

/// `[roster]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRoster {
    pub(super) agents: std::path::PathBuf,
    #[serde(default)]
    pub(super) objective: RosterObjective,
    #[serde(default)]
    pub(super) absence: f64,
    #[serde(default)]
    pub(super) contract: Vec<RawContract>,
}

/// `[[roster.contract]]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawContract {
    pub(super) name: String,
    pub(super) days_per_week: Option<u32>,
    pub(super) min_days: Option<u32>,
    pub(super) max_days: Option<u32>,
    pub(super) hours_per_week: Option<Seconds>,
    pub(super) min_hours: Option<Seconds>,
    pub(super) max_hours: Option<Seconds>,
    pub(super) min_rest: Option<Seconds>,
    pub(super) max_consecutive_days: Option<u32>,
    #[serde(default)]
    pub(super) days_off_together: bool,
    pub(super) weekends_off: Option<String>,
    pub(super) max_start_change: Option<Seconds>,
    pub(super) templates: Option<Vec<String>>,
}

/// How a roster is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RosterObjective {
    /// The least shortfall against the requirement, then the least cost.
    #[default]
    Cover,
    /// Every interval covered at the least cost; where that is impossible, say where.
    Cost,
}
