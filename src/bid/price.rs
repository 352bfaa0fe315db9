//! The price: revenue so the margin holds after the expected SLA credits (when priced in) and
//! the expected gain-share, and the refusal to price a risk nothing carries.

use super::risk::{Tally, wilson};
use crate::error::{Error, Result};
use crate::report::format;
use crate::scenario::{BidConfig, PriceRisk, Scenario};

/// The revenue of a bid and what it expects to pay and earn.
pub(super) struct Revenue {
    /// Revenue over the term.
    pub(super) revenue: f64,
    /// κ × revenue.
    pub(super) expected_sla_credits: f64,
    /// γ × revenue.
    pub(super) expected_gain_share: f64,
}

/// The revenue that holds the margin.
///
/// # Formula
/// `revenue = total cost ÷ (1 − margin − κ + γ)` with credits priced in, `total cost ÷
/// (1 − margin)` when only shown; κ and γ are the simulated expected credits and gain-share
/// per unit of revenue.
///
/// # Errors
/// [`Error::Input`] on `[bid] margin` when margin, credits and malus leave under 1 % to price.
pub(super) fn revenue(
    scenario: &Scenario,
    config: &BidConfig,
    total_cost: f64,
    (kappa, gamma): (f64, f64),
) -> Result<Revenue> {
    let denominator = match config.price_risk {
        PriceRisk::Include => 1.0 - config.margin - kappa + gamma,
        PriceRisk::Show => 1.0 - config.margin,
    };
    if denominator <= 0.01 {
        return Err(Error::input(
            format!("{}: [bid] margin", scenario.source.display()),
            format!(
                "a {} margin plus expected SLA credits and gain-share malus of {} of revenue leave nothing to price: lower the margin or the credits, or staff up",
                format::percent(config.margin, 1),
                format::percent(kappa - gamma, 1)
            ),
        ));
    }
    let revenue = total_cost / denominator;
    let expected_sla_credits = kappa * revenue;
    let expected_gain_share = gamma * revenue;
    Ok(Revenue {
        revenue,
        expected_sla_credits,
        expected_gain_share,
    })
}

/// Why no price is given when no staffing up to the largest uplift holds the bound and no SLA
/// credit prices the misses: the worst month's P(miss) and what to change.
pub(super) fn unpriced_misses(
    scenario: &Scenario,
    config: &BidConfig,
    tally: &Tally,
    uplift: f64,
    labels: &[String],
) -> Error {
    let worst = tally.worst_month();
    Error::input(
        format!("{}: [bid] max_p_miss", scenario.source.display()),
        format!(
            "no staffing up to × {uplift:.2} of the Erlang requirement keeps P(miss) ≤ {} in every month: {} misses in {} ({} replications) at × {uplift:.2}, and no SLA credit prices the misses; add [[bid.sla]] credits (or [bid] sla_credit), raise max_p_miss, or check the target and patience",
            format::percent(config.max_p_miss, 0),
            labels[worst],
            format::percent_ci(
                tally.p_miss(worst),
                Some(wilson(tally.missed[worst], tally.replications)),
                1
            ),
            tally.replications,
        ),
    )
}
