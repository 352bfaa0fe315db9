//! SLA credits and gain-share: what a simulated month's KPIs cost or earn under the contract's
//! terms.

use super::shared::*;

/// A month's gain-share as a share of its fee: the sum over the terms of each term's bonus
/// (positive) or malus (negative).
pub fn month_gain_share(terms: &[crate::scenario::GainShare], k: &Kpis) -> f64 {
    terms.iter().map(|g| g.share(kpi_value(g.kpi, k))).sum()
}

/// The value of `kpi` in a month's KPIs.
pub fn kpi_value(kpi: SlaKpi, k: &Kpis) -> Option<f64> {
    match kpi {
        SlaKpi::ServiceLevel => k.service_level,
        SlaKpi::Asa => k.asa,
        SlaKpi::AbandonRate => k.abandon_rate,
    }
}

/// Whether a month breaches `sla`'s mildest tier (a miss even when that tier credits 0).
pub fn breaches_first(sla: &Sla, k: &Kpis) -> bool {
    match (sla.tiers.first(), kpi_value(sla.kpi, k)) {
        (Some(&(threshold, _)), Some(v)) => sla.breaches(v, threshold),
        _ => false,
    }
}

/// One replication's credits, month by month, as shares of each month's fee: for every SLA the
/// credit of the worst tier its KPI breaches, returned when the next `earn_back_months` months
/// all meet that SLA (a month near the end of the term cannot earn back).
///
/// # Formula
///
/// `credit_m = Σ_s c_s(KPI_{s,m}) × [not earned back]`, with `c_s` the tier credit and a credit
/// earned back when `∀ j ∈ 1..=N_s: month m + j meets s`.
pub fn replication_credits(slas: &[Sla], months: &[Kpis]) -> Vec<f64> {
    let mut credits = vec![0.0; months.len()];
    for sla in slas {
        let meets: Vec<bool> = months.iter().map(|k| !breaches_first(sla, k)).collect();
        for (m, k) in months.iter().enumerate() {
            let credit = sla.credit(kpi_value(sla.kpi, k));
            if credit <= 0.0 {
                continue;
            }
            let n = sla.earn_back_months as usize;
            let earned_back =
                n > 0 && m + n < months.len() && meets[m + 1..=m + n].iter().all(|x| *x);
            if !earned_back {
                credits[m] += credit;
            }
        }
    }
    credits
}
