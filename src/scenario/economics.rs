//! `[cost]`: what a paid hour costs and the fixed overheads.

use super::Cost;
use super::check::Fields;
use super::schema::RawCost;
use crate::error::Result;

/// The most a paid hour may cost: keeps every cost total finite and printable.
const MAX_HOURLY_COST: f64 = 1e6;

/// Paid hours of an FTE in a week when `[cost] hours_per_fte_week` is not given.
const DEFAULT_HOURS_PER_FTE_WEEK: f64 = 40.0;

/// The most fixed overheads may be over a horizon.
const MAX_FIXED_OVERHEADS: f64 = 1e15;

/// Builds `[cost]`. Costs are bounded so that every total (hours over 20 years × rate) stays a
/// finite number that prints: no "USD inf".
pub(super) fn from_raw(raw: &RawCost, fields: Fields) -> Result<Cost> {
    if let Some(c) = raw.hourly_cost {
        fields.in_range(
            "[cost] hourly_cost",
            c,
            0.0..=MAX_HOURLY_COST,
            "a cost per paid hour from 0 to 1,000,000",
        )?;
    }
    fields.in_range(
        "[cost] fixed_overheads",
        raw.fixed_overheads,
        0.0..=MAX_FIXED_OVERHEADS,
        "from 0 to 1e15",
    )?;
    let hours_per_fte_week = raw.hours_per_fte_week.unwrap_or(DEFAULT_HOURS_PER_FTE_WEEK);
    fields.require(
        "[cost] hours_per_fte_week",
        hours_per_fte_week,
        (1.0..=168.0).contains(&hours_per_fte_week),
        "paid hours from 1 to 168, e.g. 37.5",
    )?;
    Ok(Cost {
        currency: raw.currency.clone(),
        hourly_cost: raw.hourly_cost,
        fixed_overheads: raw.fixed_overheads,
        hours_per_fte_week,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(toml: &str) -> Result<Cost> {
        from_raw(&toml::from_str(toml).unwrap(), Fields { file: "s.toml" })
    }

    #[test]
    fn costs_beyond_what_prints_as_a_number_are_refused() {
        let err = build("hourly_cost = 1e308").unwrap_err().to_string();
        assert_eq!(
            err,
            "s.toml: [cost] hourly_cost: must be a cost per paid hour from 0 to 1,000,000, got 1e308"
        );
        assert!(build("hourly_cost = -1").is_err());
        assert!(
            build("fixed_overheads = -5")
                .unwrap_err()
                .to_string()
                .contains("[cost] fixed_overheads")
        );
    }

    #[test]
    fn a_plain_cost_is_kept() {
        let cost = build("currency = \"EUR\"\nhourly_cost = 24.5").unwrap();
        assert_eq!(cost.hourly_cost, Some(24.5));
        assert_eq!(cost.currency, "EUR");
    }
}
