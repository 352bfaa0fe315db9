//! `[bid]`: the terms of a contract bid — its months, sites, classes, SLAs, holidays and price.

use super::schema::{PriceRisk, RawBid, RawGainShare, Release, SlaKpi};
use crate::error::{Error, Result};
use crate::units::Seconds;
use jiff::civil::Date;

/// Weeks in an average month (52 / 12): a month's paid hours per FTE from the weekly hours.
const WEEKS_PER_MONTH: f64 = 52.0 / 12.0;

/// A contact-centre site in the bid's mix.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// "onshore", "nearshore", "offshore", or a city.
    pub name: String,
    /// Loaded cost per paid hour.
    pub hourly_cost: f64,
    /// Share of the contacts handled there.
    pub share: f64,
    /// Handle time there × this (productivity: 1.10 is 10 % slower than the scenario's AHT).
    pub aht_multiplier: f64,
    /// Monthly attrition of tenured staff there.
    pub attrition: f64,
    /// Monthly attrition there in a hire's first `new_hire_months`.
    pub new_hire_attrition: f64,
    /// Yearly wage rise, on the term's anniversaries.
    pub escalation: f64,
    /// The currency `hourly_cost` is paid in.
    pub cost_currency: String,
    /// Client currency per unit of `cost_currency` at the start.
    pub fx_rate: f64,
    /// The exchange rate's assumed yearly move (compounded monthly).
    pub fx_drift: f64,
}

impl Site {
    /// Its loaded cost per paid hour in month `m` of the term (0-based; the months before
    /// go-live pay month 0's), in the client's currency.
    ///
    /// # Formula
    ///
    /// `hourly_cost × fx_rate × (1 + fx_drift)^(m/12) × (1 + escalation)^⌊m/12⌋`
    pub fn hourly_cost_at(&self, m: usize) -> f64 {
        let years = m as f64 / 12.0;
        self.hourly_cost
            * self.fx_rate
            * (1.0 + self.fx_drift).powf(years)
            * (1.0 + self.escalation).powi((m / 12) as i32)
    }

    /// The share of a month's tenure-k cohort still there after month k (k = 0 is the month of
    /// the hire's start): `1 − new_hire_attrition` in the first `new_hire_months`, then
    /// `1 − attrition`.
    pub fn retention(&self, new_hire_months: u32, k: usize) -> f64 {
        if k < new_hire_months as usize {
            1.0 - self.new_hire_attrition
        } else {
            1.0 - self.attrition
        }
    }
}

/// A gain-share term: a bonus (or malus) on the month's fee per KPI point better (or worse) than
/// the target, capped either way.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GainShare {
    /// The KPI measured.
    pub kpi: SlaKpi,
    /// Neither bonus nor malus at this value.
    pub target: f64,
    /// Share of the month's fee per point: a percentage point of service level or abandonment,
    /// a second of ASA.
    pub per_point: f64,
    /// The bonus and the malus are each at most this share of the month's fee.
    pub cap: f64,
}

impl GainShare {
    /// Points better than the target: above it for service level, below it for ASA and
    /// abandonment.
    pub fn points_better(&self, value: f64) -> f64 {
        match self.kpi {
            SlaKpi::ServiceLevel => (value - self.target) * 100.0,
            SlaKpi::AbandonRate => (self.target - value) * 100.0,
            SlaKpi::Asa => self.target - value,
        }
    }

    /// The month's bonus (positive) or malus (negative) as a share of its fee; 0 when the KPI is
    /// undefined.
    ///
    /// # Formula
    ///
    /// `g = clamp(per_point × points_better, −cap, cap)`.
    pub fn share(&self, value: Option<f64>) -> f64 {
        value.map_or(0.0, |v| {
            (self.per_point * self.points_better(v)).clamp(-self.cap, self.cap)
        })
    }
}

impl BidConfig {
    /// The client's currency: `[bid] currency`, else the scenario's `cost`.
    pub fn client_currency(&self, cost: &str) -> String {
        self.finance
            .currency
            .clone()
            .unwrap_or_else(|| cost.to_string())
    }
}

/// The terms of a contract bid.
#[derive(Debug, Clone, PartialEq)]
pub struct BidConfig {
    /// Contract length.
    pub term_months: u32,
    /// First month of the term.
    pub start: Option<Date>,
    /// Contacts per month, one per month of the term.
    pub monthly_volume: Vec<f64>,
    /// AHT for the term (default: the scenario's).
    pub aht: Option<Seconds>,
    /// Paid hours per FTE per month.
    pub hours_per_fte_month: f64,
    /// Shrinkage for the term (default: the scenario's).
    pub shrinkage: Option<f64>,
    /// Monthly attrition, as a share of headcount (each site may set its own).
    pub attrition: f64,
    /// Months of tenure (from the start of training) in which `new_hire_attrition` applies.
    pub new_hire_months: u32,
    /// Weeks of training before a new hire takes contacts.
    pub training_weeks: f64,
    /// Productivity of a new hire in each month after training, before reaching 1.
    pub ramp: Vec<f64>,
    /// Months between deciding to hire and the hire's first day.
    pub hiring_lead_months: u32,
    /// Where the agents sit and what they cost; shares add up to 1.
    pub sites: Vec<Site>,
    /// Fixed overheads per month.
    pub overheads_per_month: f64,
    /// Target margin on price.
    pub margin: f64,
    /// Share of the price that is a fixed monthly base in the hybrid model.
    pub hybrid_base_share: f64,
    /// Share of the monthly fee credited when the month misses the SLA.
    pub sla_credit: f64,
    /// Credits over the term are capped at this share of the term's fees.
    pub sla_credit_cap: f64,
    /// The highest acceptable probability that a month misses the SLA.
    pub max_p_miss: f64,
    /// Forecast error for the simulated months (default: `[simulation] volume_cv`).
    pub volume_cv: Option<f64>,
    /// The most replications of the term the risk run may simulate; it stops earlier once every
    /// month's P(miss) is decided against the bound.
    pub replications: u32,
    /// New hires start in classes of at least `.0` and at most `.1` people.
    pub class_size: (u32, u32),
    /// Classes start at most every this many months (from `class_every`, in weeks); 1 = any
    /// month that needs hires ("as needed").
    pub class_every_months: usize,
    /// Monthly forecast error: each simulated month's volume is multiplied by a lognormal draw
    /// with mean 1 and this coefficient of variation.
    pub monthly_cv: f64,
    /// Correlation of the monthly errors across the term: 0 independent months, 1 one shared
    /// error for the whole term.
    pub month_correlation: f64,
    /// Recruiting cost per hire.
    pub cost_per_hire: f64,
    /// Trainer cost per class.
    pub trainer_cost_per_class: f64,
    /// Whether expected SLA credits are priced in or shown as margin erosion.
    pub price_risk: PriceRisk,
    /// Whether people beyond the requirement stay paid (attrition) or leave the cost base.
    pub release: Release,
    /// Paid hours of an FTE on a working day (`[cost] hours_per_fte_week` ÷ 5) when the month's
    /// hours follow the calendar; `None` when `hours_per_fte_month` was given, which then holds
    /// for every month.
    pub hours_per_fte_day: Option<f64>,
    /// Public holidays of the term: their dates' volume and handle time multiplied, or closed.
    pub holidays: Vec<crate::forecast::SpecialDay>,
    /// The contract's SLAs: each KPI with its tiered credits; without `[[bid.sla]]`, one service
    /// level tier at the target crediting `sla_credit`.
    pub slas: Vec<Sla>,
    /// Gain-share terms: a bonus or malus per KPI point.
    pub gain_share: Vec<GainShare>,
    /// Discounting, payment terms, currency, price basis, volume bands, cost lines, sensitivity.
    pub finance: super::Finance,
    /// The staffing × the Erlang requirement to price at, instead of searching for the smallest
    /// that holds the risk bound.
    pub staffing_uplift: Option<f64>,
}

/// One SLA of the contract: a KPI, tiered credits, and earn-back.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Sla {
    /// The KPI judged.
    pub kpi: SlaKpi,
    /// (threshold, credit as a share of the month's fee), from the mildest breach to the worst:
    /// the month's credit is that of the worst threshold breached.
    pub tiers: Vec<(f64, f64)>,
    /// A credit is returned when the next this-many months all meet this SLA (0: never).
    pub earn_back_months: u32,
}

impl Sla {
    /// Whether `value` breaches `threshold` for this KPI: below it for service level, above it
    /// for ASA and abandonment.
    pub fn breaches(&self, value: f64, threshold: f64) -> bool {
        match self.kpi {
            SlaKpi::ServiceLevel => value < threshold,
            SlaKpi::Asa | SlaKpi::AbandonRate => value > threshold,
        }
    }

    /// The credit share of a month whose KPI is `value` (`None`: the KPI is undefined, no credit).
    pub fn credit(&self, value: Option<f64>) -> f64 {
        let Some(v) = value else { return 0.0 };
        self.tiers
            .iter()
            .filter(|(t, _)| self.breaches(v, *t))
            .map(|(_, c)| *c)
            .fold(0.0, f64::max)
    }
}

/// The largest training class a bid takes.
const MAX_CLASS_SIZE: u32 = 1_000;

/// The default cap on a bid's risk replications: enough that a month near a 10 % bound is
/// decided with a 95 % interval of at most ±3 points (the run usually stops far sooner).
pub(super) const DEFAULT_BID_REPLICATIONS: u32 = 400;

/// The volume of every month of the term: `monthly_volume` as given (one per month), or
/// `base_monthly_volume` grown by `growth` a month and shaped by `seasonality` (12 factors,
/// January first) from the start month; every volume ≥ 0.
fn monthly_volume(raw: &RawBid, at: &dyn Fn(&str) -> String) -> Result<Vec<f64>> {
    let term = raw.term_months;
    let monthly_volume = match (&raw.monthly_volume, raw.base_monthly_volume) {
        (Some(v), None) => {
            if v.len() != term as usize {
                return Err(Error::input(
                    at("monthly_volume"),
                    format!(
                        "needs one volume per month of the term ({term}), got {}",
                        v.len()
                    ),
                ));
            }
            v.clone()
        }
        (None, Some(base)) => {
            let seasonality = raw.seasonality.clone().unwrap_or_else(|| vec![1.0; 12]);
            if seasonality.len() != 12 {
                return Err(Error::input(
                    at("seasonality"),
                    format!("needs 12 factors, January first; got {}", seasonality.len()),
                ));
            }
            let first_month = raw.start.map_or(0, |d| d.0.month() as usize - 1);
            (0..term as usize)
                .map(|m| {
                    base * (1.0 + raw.growth).powi(m as i32) * seasonality[(first_month + m) % 12]
                })
                .collect()
        }
        _ => {
            return Err(Error::input(
                at("monthly_volume"),
                "give either monthly_volume = [...] or base_monthly_volume (with growth and seasonality)",
            ));
        }
    };
    if let Some(v) = monthly_volume
        .iter()
        .find(|v| !(v.is_finite() && **v >= 0.0))
    {
        return Err(Error::input(
            at("monthly_volume"),
            format!("volumes must be ≥ 0, got {v}"),
        ));
    }
    Ok(monthly_volume)
}

/// `[[bid.sites]]` checked: at least one, each with a cost, a share, an AHT multiplier and
/// attrition rates in range, and shares that add up to 1.
fn check_sites(
    raw: &RawBid,
    fields: super::check::Fields,
    at: &dyn Fn(&str) -> String,
    client: &str,
) -> Result<()> {
    fields.require(
        "[bid] escalation",
        raw.escalation,
        (-0.5..=1.0).contains(&raw.escalation),
        "a yearly wage rise from −0.5 to 1, e.g. 0.03",
    )?;
    if raw.sites.is_empty() {
        return Err(Error::input(
            at("sites"),
            "needs at least one site: [[bid.sites]] name = \"nearshore\", hourly_cost = 19.8, share = 1.0",
        ));
    }
    for site in &raw.sites {
        let valid = (0.0..=1e6).contains(&site.hourly_cost) && (0.0..=1.0).contains(&site.share);
        if !valid {
            return Err(Error::input(
                at("sites"),
                format!(
                    "site '{}' needs hourly_cost from 0 to 1,000,000 and share in [0, 1]",
                    site.name
                ),
            ));
        }
        let here = |f: &str| format!("[[bid.sites]] '{}' {f}", site.name);
        fields.require(
            &here("aht_multiplier"),
            site.aht_multiplier,
            site.aht_multiplier > 0.0 && site.aht_multiplier <= 10.0,
            "in (0, 10], e.g. 1.1 for handle times 10 % longer there",
        )?;
        if let Some(fx) = site.fx {
            fields.require(
                &here("fx.rate"),
                fx.rate,
                fx.rate > 0.0 && fx.rate <= 1e6,
                "client currency per unit of the site's, more than 0",
            )?;
            fields.require(
                &here("fx.annual_drift"),
                fx.annual_drift,
                fx.annual_drift > -1.0 && fx.annual_drift <= 1.0,
                "a yearly move in (−1, 1], e.g. 0.02",
            )?;
        }
        if let (Some(own), None) = (&site.cost_currency, site.fx)
            && own != client
        {
            return Err(Error::input(
                here("fx"),
                format!(
                    "its costs are in {own} and the client pays in {client}: give fx = {{ rate = …, annual_drift = … }} ({client} per {own})"
                ),
            ));
        }
        if let Some(e) = site.escalation {
            fields.require(
                &here("escalation"),
                e,
                (-0.5..=1.0).contains(&e),
                "a yearly wage rise from −0.5 to 1, e.g. 0.03",
            )?;
        }
        for (name, value) in [
            ("attrition", site.attrition),
            ("new_hire_attrition", site.new_hire_attrition),
        ] {
            if let Some(v) = value {
                fields.require(
                    &here(name),
                    v,
                    (0.0..1.0).contains(&v),
                    "a monthly share in [0, 1)",
                )?;
            }
        }
    }
    let shares: f64 = raw.sites.iter().map(|s| s.share).sum();
    if (shares - 1.0).abs() > 1e-6 {
        return Err(Error::input(
            at("sites"),
            format!("site shares add up to {shares}, not 1"),
        ));
    }
    Ok(())
}

/// `[[bid.gain_share]]` number `k` validated.
fn gain_share(k: usize, raw: &RawGainShare, fields: super::check::Fields) -> Result<GainShare> {
    let here = |f: &str| format!("[[bid.gain_share]] #{} {f}", k + 1);
    let (range, allowed) = match raw.kpi {
        SlaKpi::Asa => (0.0..=86_400.0, "seconds from 0 to 86,400"),
        SlaKpi::ServiceLevel | SlaKpi::AbandonRate => (0.0..=1.0, "a share in [0, 1], e.g. 0.80"),
    };
    fields.require(
        &here("target"),
        raw.target,
        range.contains(&raw.target),
        allowed,
    )?;
    fields.require(
        &here("per_point"),
        raw.per_point,
        (0.0..=1.0).contains(&raw.per_point),
        "a share of the month's fee per point in [0, 1], e.g. 0.005",
    )?;
    let cap = raw.cap.unwrap_or(1.0);
    fields.require(
        &here("cap"),
        cap,
        (0.0..=1.0).contains(&cap),
        "a share of the month's fee in [0, 1]",
    )?;
    Ok(GainShare {
        kpi: raw.kpi,
        target: raw.target,
        per_point: raw.per_point,
        cap,
    })
}

/// `[[bid.sla]]` validated, or the one-tier shorthand of `sla_credit` at the target.
fn slas(raw: &RawBid, at: &dyn Fn(&str) -> String, target: f64) -> Result<Vec<Sla>> {
    if raw.sla.is_empty() {
        return Ok(if raw.sla_credit > 0.0 {
            vec![Sla {
                kpi: SlaKpi::ServiceLevel,
                tiers: vec![(target, raw.sla_credit)],
                earn_back_months: 0,
            }]
        } else {
            Vec::new()
        });
    }
    raw.sla
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let here = |f: &str| at(&format!("sla #{} {f}", k + 1));
            if s.tiers.is_empty() {
                return Err(Error::input(here("tiers"), "needs at least one tier"));
            }
            let below = s.kpi == SlaKpi::ServiceLevel;
            let mut tiers = Vec::new();
            for (t, tier) in s.tiers.iter().enumerate() {
                let threshold = match (below, tier.below, tier.above) {
                    (true, Some(v), None) | (false, None, Some(v)) => v,
                    _ => {
                        return Err(Error::input(
                            here(&format!("tiers #{}", t + 1)),
                            if below {
                                "a service-level tier is {below = 0.80, credit = 0.02}"
                            } else {
                                "an ASA or abandonment tier is {above = 30, credit = 0.02}"
                            },
                        ));
                    }
                };
                if !(0.0..=1.0).contains(&tier.credit) {
                    return Err(Error::input(
                        here(&format!("tiers #{} credit", t + 1)),
                        format!("must be a share of the month's fee in [0, 1], got {}", tier.credit),
                    ));
                }
                if !threshold.is_finite() || threshold < 0.0 {
                    return Err(Error::input(
                        here(&format!("tiers #{}", t + 1)),
                        format!("threshold must be ≥ 0, got {threshold}"),
                    ));
                }
                if let Some(&(previous, credit)) = tiers.last() {
                    let ordered = if below { threshold < previous } else { threshold > previous };
                    if !ordered || tier.credit < credit {
                        return Err(Error::input(
                            here("tiers"),
                            if below {
                                "must run from the mildest breach down (below = 0.80, then 0.75 …) with credits not falling"
                            } else {
                                "must run from the mildest breach up (above = 30, then 60 …) with credits not falling"
                            },
                        ));
                    }
                }
                tiers.push((threshold, tier.credit));
            }
            Ok(Sla {
                kpi: s.kpi,
                tiers,
                earn_back_months: s.earn_back_months,
            })
        })
        .collect()
}

/// `[bid] staffing_uplift`, 0.5 to 3 when given.
fn staffing_uplift(raw: &RawBid, at: &dyn Fn(&str) -> String) -> Result<Option<f64>> {
    match raw.staffing_uplift {
        Some(u) if !(0.5..=3.0).contains(&u) => Err(Error::input(
            at("staffing_uplift"),
            format!("must be 0.5 to 3 (× the Erlang requirement), got {u}"),
        )),
        u => Ok(u),
    }
}

/// The validated `[bid]`: every field checked, defaults filled in.
///
/// Over 80 lines because it ends in the one literal of [`BidConfig`], a field a line; the
/// checks are each a call.
pub(super) fn bid(
    raw: &RawBid,
    file: &str,
    target_service_level: f64,
    hours_per_fte_week: f64,
    cost_currency: &str,
) -> Result<BidConfig> {
    let at = |f: &str| format!("{file}: [bid] {f}");
    let currency = raw.currency.as_deref().unwrap_or(cost_currency);
    let term = raw.term_months;
    if !(1..=120).contains(&term) {
        return Err(Error::input(
            at("term_months"),
            format!("must be 1 to 120 months (ten years), got {term}"),
        ));
    }
    let monthly_volume = monthly_volume(raw, &at)?;
    // Every range names what is allowed, through the scenario's one range check.
    let fields = super::check::Fields { file };
    let hours_per_fte_month = raw
        .hours_per_fte_month
        .unwrap_or(hours_per_fte_week * WEEKS_PER_MONTH);
    check_ranges(raw, fields, hours_per_fte_month)?;
    check_sites(raw, fields, &at, currency)?;
    let new_hire_attrition = new_hire_attrition(raw, fields)?;
    let replications = raw.replications.unwrap_or(DEFAULT_BID_REPLICATIONS);
    if !(1..=super::MAX_REPLICATIONS).contains(&replications) {
        return Err(Error::input(
            at("replications"),
            format!("must be from 1 to {}", super::MAX_REPLICATIONS),
        ));
    }
    let class_size = class_size(raw, &at)?;
    let (monthly_cv, month_correlation) = forecast_error(raw, fields)?;
    let class_every_months = class_every(raw, fields)?;
    for (name, value) in [
        ("cost_per_hire", raw.cost_per_hire),
        ("trainer_cost_per_class", raw.trainer_cost_per_class),
    ] {
        fields.require(
            &format!("[bid] {name}"),
            value,
            (0.0..=1e9).contains(&value),
            "from 0 to 1e9",
        )?;
    }
    Ok(BidConfig {
        term_months: term,
        start: raw.start.map(|d| d.0),
        monthly_volume,
        aht: raw.aht,
        hours_per_fte_month,
        shrinkage: raw.shrinkage,
        attrition: raw.attrition,
        new_hire_months: raw.new_hire_months,
        training_weeks: raw.training_weeks,
        ramp: raw.ramp.clone(),
        hiring_lead_months: raw.hiring_lead_months,
        sites: sites(raw, new_hire_attrition, currency),
        finance: super::finance::finance(raw, &at)?,
        staffing_uplift: staffing_uplift(raw, &at)?,
        overheads_per_month: raw.overheads_per_month,
        margin: raw.margin,
        hybrid_base_share: raw.hybrid_base_share.unwrap_or(0.5),
        sla_credit: raw.sla_credit,
        sla_credit_cap: raw.sla_credit_cap,
        class_size,
        class_every_months,
        monthly_cv,
        month_correlation,
        cost_per_hire: raw.cost_per_hire,
        trainer_cost_per_class: raw.trainer_cost_per_class,
        price_risk: raw.price_risk,
        release: raw.release,
        hours_per_fte_day: raw
            .hours_per_fte_month
            .is_none()
            .then_some(hours_per_fte_week / 5.0),
        slas: slas(raw, &at, target_service_level)?,
        gain_share: raw
            .gain_share
            .iter()
            .enumerate()
            .map(|(k, g)| gain_share(k, g, fields))
            .collect::<Result<_>>()?,
        holidays: holidays(raw, file)?,
        max_p_miss: raw.max_p_miss,
        volume_cv: raw
            .forecast_error
            .and_then(|e| e.daily_cv)
            .or(raw.volume_cv),
        replications,
    })
}

/// The rates, shares, hours and money of `[bid]` within their ranges.
///
/// Over 80 lines because it is a flat list of independent checks, one per field, in the order
/// of the file: splitting it would only scatter the list.
fn check_ranges(
    raw: &RawBid,
    fields: super::check::Fields,
    hours_per_fte_month: f64,
) -> Result<()> {
    let check = |name: &str, v: f64, ok: bool, allowed: &str| {
        fields.require(&format!("[bid] {name}"), v, ok, allowed)
    };
    check(
        "growth",
        raw.growth,
        raw.growth.is_finite() && raw.growth > -1.0,
        "a monthly growth above -1 (−100 %), e.g. 0.01",
    )?;
    check(
        "hours_per_fte_month",
        hours_per_fte_month,
        hours_per_fte_month > 0.0 && hours_per_fte_month <= 744.0,
        "paid hours in (0, 744], e.g. 160",
    )?;
    if let Some(s) = raw.shrinkage {
        check("shrinkage", s, (0.0..1.0).contains(&s), "in [0, 1)")?;
    }
    check(
        "attrition",
        raw.attrition,
        (0.0..1.0).contains(&raw.attrition),
        "a monthly share in [0, 1), e.g. 0.035",
    )?;
    check(
        "training_weeks",
        raw.training_weeks,
        (0.0..=52.0).contains(&raw.training_weeks),
        "weeks in [0, 52]",
    )?;
    if let Some(r) = raw.ramp.iter().find(|r| !(**r > 0.0 && **r <= 1.0)) {
        return Err(fields.invalid("[bid] ramp", r, "productivities in (0, 1]"));
    }
    check(
        "margin",
        raw.margin,
        (0.0..1.0).contains(&raw.margin),
        "in [0, 1), e.g. 0.15",
    )?;
    let base_share = raw.hybrid_base_share.unwrap_or(0.5);
    check(
        "hybrid_base_share",
        base_share,
        (0.0..=1.0).contains(&base_share),
        "in [0, 1]",
    )?;
    check(
        "sla_credit",
        raw.sla_credit,
        (0.0..=1.0).contains(&raw.sla_credit),
        "a share of the month's fee in [0, 1]",
    )?;
    check(
        "sla_credit_cap",
        raw.sla_credit_cap,
        (0.0..=1.0).contains(&raw.sla_credit_cap),
        "a share of the term's fees in [0, 1]",
    )?;
    check(
        "max_p_miss",
        raw.max_p_miss,
        raw.max_p_miss > 0.0 && raw.max_p_miss < 1.0,
        "a probability in (0, 1), e.g. 0.1",
    )?;
    check(
        "overheads_per_month",
        raw.overheads_per_month,
        (0.0..=1e15).contains(&raw.overheads_per_month),
        "from 0 to 1e15",
    )?;
    if let Some(cv) = raw
        .forecast_error
        .and_then(|e| e.daily_cv)
        .or(raw.volume_cv)
    {
        check(
            "volume_cv",
            cv,
            cv == 0.0 || (0.001..=10.0).contains(&cv),
            "0, or between 0.001 and 10",
        )?;
    }
    Ok(())
}

/// New hires' own attrition (the term's when not given) and how long it lasts.
fn new_hire_attrition(raw: &RawBid, fields: super::check::Fields) -> Result<f64> {
    let new_hire_attrition = raw.new_hire_attrition.unwrap_or(raw.attrition);
    fields.require(
        "[bid] new_hire_attrition",
        new_hire_attrition,
        (0.0..1.0).contains(&new_hire_attrition),
        "a monthly share in [0, 1), e.g. 0.08",
    )?;
    if raw.new_hire_months > 36 {
        return Err(fields.invalid(
            "[bid] new_hire_months",
            raw.new_hire_months,
            "months from 0 to 36",
        ));
    }
    Ok(new_hire_attrition)
}

/// The training class's size bounds, `(min, max)`; unbounded when not given.
fn class_size(raw: &RawBid, at: &dyn Fn(&str) -> String) -> Result<(u32, u32)> {
    Ok(match raw.class_size {
        None => (1, u32::MAX),
        Some(c) if c.min == 0 || c.min > c.max || c.max > MAX_CLASS_SIZE => {
            return Err(Error::input(
                at("class_size"),
                format!(
                    "needs 1 ≤ min ≤ max ≤ {MAX_CLASS_SIZE}, got min = {} and max = {}",
                    c.min, c.max
                ),
            ));
        }
        Some(c) => (c.min, c.max),
    })
}

/// The monthly forecast error's cv and month-to-month correlation; none when not given.
fn forecast_error(raw: &RawBid, fields: super::check::Fields) -> Result<(f64, f64)> {
    let check = |name: &str, v: f64, ok: bool, allowed: &str| {
        fields.require(&format!("[bid] {name}"), v, ok, allowed)
    };
    Ok(match raw.forecast_error {
        None => (0.0, 0.0),
        Some(e) => {
            check(
                "forecast_error monthly_cv",
                e.monthly_cv,
                (0.0..=2.0).contains(&e.monthly_cv),
                "in [0, 2], e.g. 0.05",
            )?;
            check(
                "forecast_error month_correlation",
                e.month_correlation,
                (0.0..=1.0).contains(&e.month_correlation),
                "in [0, 1]: 0 independent months, 1 one shared error",
            )?;
            (e.monthly_cv, e.month_correlation)
        }
    })
}

/// At most one class every this many months (from `class_every`, a duration): 1 when not given.
fn class_every(raw: &RawBid, fields: super::check::Fields) -> Result<usize> {
    let check = |name: &str, v: f64, ok: bool, allowed: &str| {
        fields.require(&format!("[bid] {name}"), v, ok, allowed)
    };
    Ok(match raw.class_every {
        None => 1,
        Some(every) => {
            let weeks = every.get() / (7.0 * 86_400.0);
            check(
                "class_every",
                weeks,
                weeks > 0.0 && weeks <= 104.0,
                "a duration up to 104 weeks, e.g. \"8w\"",
            )?;
            ((weeks * 12.0 / 52.0 - 1e-9).ceil() as usize).max(1)
        }
    })
}

/// The sites, each with its attrition (the term's when not given) and its new hires' (the
/// site's own attrition, unless the term gives new hires one, else the term's new-hire rate).
fn sites(raw: &RawBid, new_hire_attrition: f64, currency: &str) -> Vec<Site> {
    raw.sites
        .iter()
        .map(|s| Site {
            name: s.name.clone(),
            hourly_cost: s.hourly_cost,
            share: s.share,
            aht_multiplier: s.aht_multiplier,
            attrition: s.attrition.unwrap_or(raw.attrition),
            new_hire_attrition: s
                .new_hire_attrition
                .or(s.attrition.filter(|_| raw.new_hire_attrition.is_none()))
                .unwrap_or(new_hire_attrition),
            escalation: s.escalation.unwrap_or(raw.escalation),
            cost_currency: s
                .cost_currency
                .clone()
                .unwrap_or_else(|| currency.to_string()),
            fx_rate: s.fx.map_or(1.0, |f| f.rate),
            fx_drift: s.fx.map_or(0.0, |f| f.annual_drift),
        })
        .collect()
}

/// `[[bid.holidays]]`: days with their own volume and AHT, or closed.
fn holidays(raw: &RawBid, file: &str) -> Result<Vec<crate::forecast::SpecialDay>> {
    raw.holidays
        .iter()
        .enumerate()
        .map(|(k, h)| super::forecast_source::special_day(k, h, file, "[[bid.holidays]]"))
        .collect()
}

#[cfg(test)]
mod bid_tests {
    use super::*;

    fn bid_with(extra: &str) -> String {
        let text = format!(
            "term_months = 2\nmonthly_volume = [1000, 1000]\n{extra}\n[[sites]]\nname = \"a\"\nhourly_cost = 20\nshare = 1\n"
        );
        bid(&toml::from_str(&text).unwrap(), "s.toml", 0.8, 40.0, "USD")
            .map(|b| format!("ok {}", b.term_months))
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn every_bid_range_names_what_is_allowed() {
        assert_eq!(bid_with(""), "ok 2");
        for (extra, expected) in [
            (
                "margin = 1.5",
                "s.toml: [bid] margin: must be in [0, 1), e.g. 0.15, got 1.5",
            ),
            (
                "attrition = -0.1",
                "s.toml: [bid] attrition: must be a monthly share in [0, 1), e.g. 0.035, got -0.1",
            ),
            (
                "max_p_miss = 0",
                "s.toml: [bid] max_p_miss: must be a probability in (0, 1), e.g. 0.1, got 0",
            ),
            (
                "ramp = [0.5, 2]",
                "s.toml: [bid] ramp: must be productivities in (0, 1], got 2",
            ),
        ] {
            assert_eq!(bid_with(extra), expected);
        }
    }

    #[test]
    fn gain_share_pays_per_point_better_than_target_capped_either_way() {
        let sl = GainShare {
            kpi: SlaKpi::ServiceLevel,
            target: 0.80,
            per_point: 0.004,
            cap: 0.03,
        };
        // 83 % is 3 points better: 1.2 % of the fee; 70 % is 10 points worse: −4 %, capped −3 %.
        assert!((sl.share(Some(0.83)) - 0.012).abs() < 1e-12);
        assert!((sl.share(Some(0.70)) + 0.03).abs() < 1e-12);
        assert_eq!(sl.share(None), 0.0);
        // ASA and abandonment are better below the target; an ASA point is a second.
        let asa = GainShare {
            kpi: SlaKpi::Asa,
            target: 30.0,
            per_point: 0.001,
            cap: 1.0,
        };
        assert!((asa.share(Some(25.0)) - 0.005).abs() < 1e-12);
        let abandon = GainShare {
            kpi: SlaKpi::AbandonRate,
            target: 0.05,
            per_point: 0.01,
            cap: 1.0,
        };
        assert!((abandon.share(Some(0.07)) + 0.02).abs() < 1e-12);
    }

    #[test]
    fn bid_hours_per_fte_month_default_to_the_weekly_hours_times_52_over_12() {
        let text = "term_months = 1\nmonthly_volume = [1000]\n[[sites]]\nname = \"a\"\nhourly_cost = 20\nshare = 1\n";
        let config = bid(&toml::from_str(text).unwrap(), "s.toml", 0.8, 37.5, "USD").unwrap();
        assert!((config.hours_per_fte_month - 162.5).abs() < 1e-12);
    }
}
