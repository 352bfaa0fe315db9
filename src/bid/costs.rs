//! The `[[bid.cost_line]]`s: team leaders by span of control, analysts per FTE, seats shared
//! across shifts, costs per hire, per month and one-off — each added to the months it falls in
//! (or the transition) and kept by name for the cost build-up.

use super::shared::*;
use crate::scenario::{CostLine, CostPer};

/// A line's cost in month `m`: its units that month (all sites', or its site's) × its cost.
///
/// # Formula
///
/// per agent `⌈headcount ÷ ratio⌉ × c`; per FTE `required FTE ÷ ratio × c`; per seat
/// `⌈headcount ÷ seat_sharing⌉ × c`; per hire `hires × c`; per month `c`; one-off `0` (it is
/// in the transition).
pub(super) fn line_cost(line: &CostLine, month: &BidMonth, sites: &[SiteResult], m: usize) -> f64 {
    let site = line.site.map(|s| &sites[s]);
    let headcount = f64::from(site.map_or(month.headcount, |s| s.monthly_headcount[m]));
    let hires = f64::from(site.map_or(month.hires, |s| s.monthly_hires[m]));
    let fte = month.required_fte * site.map_or(1.0, |s| s.workload_share);
    match line.per {
        CostPer::Agent => (headcount / line.ratio).ceil() * line.cost,
        CostPer::Fte => fte / line.ratio * line.cost,
        CostPer::Seat => (headcount / line.seat_sharing).ceil() * line.cost,
        CostPer::Hire => hires * line.cost,
        CostPer::Month => line.cost,
        CostPer::OneOff => 0.0,
    }
}

/// A line's cost in the transition: the launch hires (per hire) or the one-off cost.
fn transition_cost(line: &CostLine, sites: &[SiteResult]) -> f64 {
    match line.per {
        CostPer::Hire => {
            let launch: u32 = match line.site {
                Some(s) => sites[s].launch_hires_by_month.iter().sum(),
                None => sites.iter().map(|s| s.launch_hires).sum(),
            };
            f64::from(launch) * line.cost
        }
        CostPer::OneOff => line.cost,
        _ => 0.0,
    }
}

/// Adds every cost line to the months' cost; returns each line's cost in the term and in the
/// transition (which the caller adds to the transition).
pub(super) fn add_cost_lines(
    config: &BidConfig,
    months: &mut [BidMonth],
    sites: &[SiteResult],
) -> Vec<(f64, f64)> {
    config
        .finance
        .cost_lines
        .iter()
        .map(|line| {
            let mut term = 0.0;
            for (m, month) in months.iter_mut().enumerate() {
                let cost = line_cost(line, month, sites, m);
                month.cost += cost;
                term += cost;
            }
            (term, transition_cost(line, sites))
        })
        .collect()
}
