//! `[bid]`'s finance terms: discounting and payment terms, the client's currency and how the price
//! moves over the term, volume bands, cost lines and the sensitivity inputs. The sites' own
//! currency, exchange rate and wage escalation live on [`super::Site`].

use super::schema::{CostPer, PriceBasis, RawBid, RawCostLine, RawSensitivity, RawVolumeBands};
use crate::error::{Error, Result};

/// Volume bands priced per contact: the client pays the base price within `band` of the
/// forecast, `above` × it for contacts beyond the band's top, `below` × it for every contact when
/// the month falls under the band, and for at least `minimum_commitment` of the forecast.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct VolumeBands {
    /// Half-width of the band, a share of the forecast month.
    pub band: f64,
    /// Price multiplier on contacts above the band.
    pub above: f64,
    /// Price multiplier on every contact of a month below the band.
    pub below: f64,
    /// The client pays for at least this share of the forecast.
    pub minimum_commitment: f64,
    /// Simulated terms for the band outcomes.
    pub replications: u32,
}

impl VolumeBands {
    /// A month's revenue at base price `price` per contact when `actual` contacts come against
    /// `forecast`.
    ///
    /// # Formula
    ///
    /// `v = max(actual, c·F)`; `v > (1+b)·F`: `p·(1+b)·F + above·p·(v − (1+b)·F)`;
    /// `v < (1−b)·F`: `below·p·v`; otherwise `p·v`.
    pub fn revenue(&self, price: f64, forecast: f64, actual: f64) -> f64 {
        let billed = actual.max(self.minimum_commitment * forecast);
        let (top, bottom) = ((1.0 + self.band) * forecast, (1.0 - self.band) * forecast);
        if billed > top {
            price * top + self.above * price * (billed - top)
        } else if billed < bottom {
            self.below * price * billed
        } else {
            price * billed
        }
    }
}

/// A named cost the pricing model builds up, per what it is counted on.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CostLine {
    /// Its name in the build-up.
    pub name: String,
    /// What it is counted per.
    pub per: CostPer,
    /// One per this many (agents, FTE).
    pub ratio: f64,
    /// Agents per seat across shifts.
    pub seat_sharing: f64,
    /// Cost per unit per month (agent, FTE, seat, month) or per occurrence (hire, one-off).
    pub cost: f64,
    /// Only this site's people (index into the sites); `None`: every site's.
    pub site: Option<usize>,
}

/// An input the sensitivity moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SensitivityInput {
    /// Handle time × (1 + change).
    Aht,
    /// Annual attrition + change (points), every site.
    Attrition,
    /// Volume × (1 + change), priced at the bid's prices (under its bands).
    Volume,
    /// Every site's hourly cost × (1 + change).
    Wages,
}

/// The bid's finance terms.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Finance {
    /// Annual rate for NPV.
    pub discount_rate: f64,
    /// Revenue is received this many days after the month it is invoiced for.
    pub payment_terms_days: u32,
    /// The client's currency; `None`: `[cost] currency`.
    pub currency: Option<String>,
    /// One price over the term, or one per contract year.
    pub price_basis: PriceBasis,
    /// Volume bands, when the contract has them.
    pub volume_bands: Option<VolumeBands>,
    /// The cost build-up's lines.
    pub cost_lines: Vec<CostLine>,
    /// Each sensitivity input with its low and high change.
    pub sensitivity: Vec<(SensitivityInput, f64, f64)>,
}

/// Simulated terms for the volume bands unless `[bid.volume_bands] replications` says.
pub const DEFAULT_BAND_REPLICATIONS: u32 = 10_000;

/// `[bid]`'s finance terms checked; `at` names a field in its file.
///
/// # Errors
/// [`Error::Input`] naming the field out of range.
pub(super) fn finance(raw: &RawBid, at: &dyn Fn(&str) -> String) -> Result<Finance> {
    let discount_rate = raw.discount_rate.unwrap_or(0.0);
    if !(0.0..=1.0).contains(&discount_rate) {
        return Err(Error::input(
            at("discount_rate"),
            format!("must be an annual rate from 0 to 1 (0.10 for 10 %), got {discount_rate}"),
        ));
    }
    if raw.payment_terms_days > 365 {
        return Err(Error::input(
            at("payment_terms_days"),
            format!("must be 0 to 365 days, got {}", raw.payment_terms_days),
        ));
    }
    Ok(Finance {
        discount_rate,
        payment_terms_days: raw.payment_terms_days,
        currency: raw.currency.clone(),
        price_basis: raw.price_basis,
        volume_bands: raw.volume_bands.map(|b| volume_bands(b, at)).transpose()?,
        cost_lines: raw
            .cost_line
            .iter()
            .map(|line| cost_line(line, raw, at))
            .collect::<Result<_>>()?,
        sensitivity: sensitivity(raw.sensitivity.unwrap_or_default(), at)?,
    })
}

fn volume_bands(b: RawVolumeBands, at: &dyn Fn(&str) -> String) -> Result<VolumeBands> {
    let checks = [
        (
            "band",
            b.band,
            (0.0..1.0).contains(&b.band),
            "a share in [0, 1), e.g. 0.10 for ±10 %",
        ),
        (
            "above",
            b.above,
            b.above > 0.0 && b.above <= 10.0,
            "a price multiplier in (0, 10]",
        ),
        (
            "below",
            b.below,
            b.below > 0.0 && b.below <= 10.0,
            "a price multiplier in (0, 10]",
        ),
        (
            "minimum_commitment",
            b.minimum_commitment,
            (0.0..=1.0).contains(&b.minimum_commitment),
            "a share of the forecast in [0, 1]",
        ),
    ];
    for (name, value, ok, range) in checks {
        if !ok || !value.is_finite() {
            return Err(Error::input(
                at(&format!("volume_bands.{name}")),
                format!("must be {range}, got {value}"),
            ));
        }
    }
    let replications = b.replications.unwrap_or(DEFAULT_BAND_REPLICATIONS);
    if !(1..=1_000_000).contains(&replications) {
        return Err(Error::input(
            at("volume_bands.replications"),
            format!("must be 1 to 1,000,000, got {replications}"),
        ));
    }
    Ok(VolumeBands {
        band: b.band,
        above: b.above,
        below: b.below,
        minimum_commitment: b.minimum_commitment,
        replications,
    })
}

fn cost_line(line: &RawCostLine, raw: &RawBid, at: &dyn Fn(&str) -> String) -> Result<CostLine> {
    let here = |f: &str| at(&format!("cost_line '{}' {f}", line.name));
    let monthly = matches!(
        line.per,
        CostPer::Agent | CostPer::Fte | CostPer::Seat | CostPer::Month
    );
    let (wanted, cost) = if monthly {
        ("monthly_cost", line.monthly_cost)
    } else {
        ("cost", line.cost)
    };
    let unwanted = if monthly {
        line.cost
    } else {
        line.monthly_cost
    };
    let Some(cost) = cost.filter(|_| unwanted.is_none()) else {
        return Err(Error::input(
            here(wanted),
            format!(
                "a line per {} takes `{wanted}` (and not the other): e.g. {wanted} = 4200.0",
                serde_json::to_string(&line.per)
                    .unwrap_or_default()
                    .trim_matches('"')
            ),
        ));
    };
    if !(0.0..=1e9).contains(&cost) {
        return Err(Error::input(
            here(wanted),
            format!("must be 0 to 1e9, got {cost}"),
        ));
    }
    let ratio = line.ratio.unwrap_or(1.0);
    let seat_sharing = line.seat_sharing.unwrap_or(1.0);
    for (name, value) in [("ratio", ratio), ("seat_sharing", seat_sharing)] {
        if !(value > 0.0 && value <= 1e6) {
            return Err(Error::input(
                here(name),
                format!("must be more than 0 (one per that many), got {value}"),
            ));
        }
    }
    let site =
        match &line.site {
            None => None,
            Some(name) => Some(raw.sites.iter().position(|s| &s.name == name).ok_or_else(
                || Error::input(here("site"), format!("'{name}' is no [[bid.sites]] name")),
            )?),
        };
    Ok(CostLine {
        name: line.name.clone(),
        per: line.per,
        ratio,
        seat_sharing,
        cost,
        site,
    })
}

fn sensitivity(
    raw: RawSensitivity,
    at: &dyn Fn(&str) -> String,
) -> Result<Vec<(SensitivityInput, f64, f64)>> {
    let inputs = [
        (SensitivityInput::Aht, "aht", raw.aht, -0.9, 5.0),
        (
            SensitivityInput::Attrition,
            "attrition",
            raw.attrition,
            -1.0,
            1.0,
        ),
        (SensitivityInput::Volume, "volume", raw.volume, -0.9, 5.0),
        (SensitivityInput::Wages, "wages", raw.wages, -0.9, 5.0),
    ];
    let mut out = Vec::new();
    for (input, name, value, lo, hi) in inputs {
        if let Some([low, high]) = value {
            let ok = [low, high].iter().all(|v| (lo..=hi).contains(v)) && low <= high;
            if !ok {
                return Err(Error::input(
                    at(&format!("sensitivity.{name}")),
                    format!(
                        "must be [low, high] with low ≤ high, each from {lo} to {hi}, got [{low}, {high}]"
                    ),
                ));
            }
            out.push((input, low, high));
        }
    }
    Ok(out)
}
