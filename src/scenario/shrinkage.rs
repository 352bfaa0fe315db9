//! `[shrinkage]`: the share of paid time not on the phones.

use super::ShrinkageBreakdown;
use crate::error::{Error, Result};
use crate::units::Shrinkage;

/// `[shrinkage]`: either `total = x`, or named components that add up.
pub(super) fn from_raw(
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

#[cfg(test)]
mod tests {
    use super::*;

    fn build(toml: &str) -> String {
        from_raw(&toml::from_str(toml).unwrap(), "s.toml")
            .map(|b| format!("{:.2}", b.total.fraction()))
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn components_add_up_and_must_stay_below_one() {
        assert_eq!(build("breaks = 0.1\nmeetings = 0.05"), "0.15");
        assert_eq!(build("total = 0.3"), "0.30");
        assert!(build("total = 0.3\nbreaks = 0.1").contains("not both"));
        assert!(build("breaks = 0.6\ntraining = 0.5").contains("add up to"));
        assert!(
            build("breaks = 1")
                .contains("[shrinkage] breaks: must be a fraction of paid time in [0, 1)")
        );
    }
}
