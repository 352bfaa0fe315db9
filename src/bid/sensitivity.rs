//! The margin against each `[bid.sensitivity]` input: every bar a re-run of the bid's months with
//! that one input changed — each month planned again with Erlang, hired for again at the staffing
//! the bid is priced at, costed again (sites, escalation, exchange rates, cost lines) — and billed
//! at the bid's prices (under its volume bands). Wages and attrition change no month's volume or
//! handle time, so their re-runs start from the bid's planned months. The expected credits and
//! gain-share stay at the bid's share of revenue: the risk is not simulated again.

use super::hiring::hire;
use super::months::{months, requirement_months};
use super::shared::*;
use crate::scenario::SensitivityInput;

pub use super::result::SensitivityBar;

/// The scenario with `input` moved by `change` (see [`SensitivityInput`]).
pub fn moved(scenario: &Scenario, input: SensitivityInput, change: f64) -> Scenario {
    let mut s = scenario.clone();
    let Some(config) = s.bid.as_mut() else {
        return s;
    };
    match input {
        SensitivityInput::Aht => {
            for i in &mut s.intervals {
                i.aht = Seconds(i.aht.get() * (1.0 + change));
            }
            config.aht = config.aht.map(|a| Seconds(a.get() * (1.0 + change)));
        }
        SensitivityInput::Attrition => {
            // Monthly ↔ annual: a = 1 − (1 − m)^12.
            let shift = |monthly: f64| {
                let annual = 1.0 - (1.0 - monthly).powi(12);
                let moved = (annual + change).clamp(0.0, 0.999);
                1.0 - (1.0 - moved).powf(1.0 / 12.0)
            };
            for site in &mut config.sites {
                site.attrition = shift(site.attrition);
                site.new_hire_attrition = shift(site.new_hire_attrition);
            }
        }
        SensitivityInput::Volume => {
            for v in &mut config.monthly_volume {
                *v *= 1.0 + change;
            }
        }
        SensitivityInput::Wages => {
            for site in &mut config.sites {
                site.hourly_cost *= 1.0 + change;
            }
        }
    }
    s
}

/// The bid's expected margin with the months, hiring and cost of `scenario` at `uplift`, billed
/// at `prices` per contact against the `forecast` handled contacts of the bid, with `net_risk`
/// (expected credits less gain-share) as a share of revenue.
///
/// # Formula
///
/// `margin = (revenue × (1 − net_risk) − cost) ÷ revenue`, `revenue = Σ_m bill(p_m, F_m, H_m)`
/// (`bill` the volume bands' rule, or `p_m × H_m` without bands).
pub fn margin_at(
    scenario: &Scenario,
    uplift: f64,
    prices: &[f64],
    forecast: &[f64],
    net_risk: f64,
) -> Result<f64> {
    let (config, _, base) = super::planned_months(scenario)?;
    Ok(margin_of(config, base, uplift, prices, forecast, net_risk))
}

/// [`margin_at`] from the months at the plain requirement: hired for at `uplift`, costed and
/// billed.
fn margin_of(
    config: &BidConfig,
    mut months: Vec<BidMonth>,
    uplift: f64,
    prices: &[f64],
    forecast: &[f64],
    net_risk: f64,
) -> f64 {
    for month in &mut months {
        month.required_fte *= uplift;
        month.required_agent_hours *= uplift;
    }
    let hiring = hire(config, &mut months);
    let cost = months.iter().map(|m| m.cost).sum::<f64>() + hiring.transition_cost;
    let bands = config.finance.volume_bands;
    let revenue: f64 = months
        .iter()
        .enumerate()
        .map(|(m, month)| match bands {
            Some(b) => b.revenue(prices[m], forecast[m], month.handled),
            None => prices[m] * month.handled,
        })
        .sum();
    (revenue * (1.0 - net_risk) - cost) / revenue.max(1e-9)
}

/// Every input's bar, the inputs and their ends re-run in parallel.
pub(super) fn sensitivity(scenario: &Scenario, bid: &BidResult) -> Result<Vec<SensitivityBar>> {
    let Some(config) = &scenario.bid else {
        return Ok(Vec::new());
    };
    let prices: Vec<f64> = bid
        .months
        .iter()
        .map(|m| m.fee / m.handled.max(1e-9))
        .collect();
    let forecast: Vec<f64> = bid.months.iter().map(|m| m.handled).collect();
    let net_risk = (bid.expected_sla_credits - bid.expected_gain_share) / bid.revenue.max(1e-9);
    let runs: Vec<(SensitivityInput, f64)> = config
        .finance
        .sensitivity
        .iter()
        .flat_map(|&(input, low, high)| [(input, low), (input, high)])
        .collect();
    // Wages and attrition change neither the volume nor the handle time: their months are the
    // bid's own, planned once.
    let planned = runs
        .iter()
        .any(|(input, _)| matches!(input, SensitivityInput::Wages | SensitivityInput::Attrition))
        .then(|| requirement_months(scenario, config, &months(scenario)?))
        .transpose()?;
    let margins: Vec<f64> = runs
        .par_iter()
        .map(|&(input, change)| {
            let moved = moved(scenario, input, change);
            let uplift = bid.staffing_uplift;
            match (&planned, &moved.bid) {
                (Some(base), Some(config))
                    if matches!(input, SensitivityInput::Wages | SensitivityInput::Attrition) =>
                {
                    Ok(margin_of(
                        config,
                        base.clone(),
                        uplift,
                        &prices,
                        &forecast,
                        net_risk,
                    ))
                }
                _ => margin_at(&moved, uplift, &prices, &forecast, net_risk),
            }
        })
        .collect::<Result<_>>()?;
    Ok(config
        .finance
        .sensitivity
        .iter()
        .zip(margins.chunks(2))
        .map(|(&(input, low, high), m)| SensitivityBar {
            input,
            low,
            high,
            margin_low: m[0],
            margin_high: m[1],
        })
        .collect())
}
