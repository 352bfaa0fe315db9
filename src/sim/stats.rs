//! From counters to KPIs with confidence intervals across replications.
//!
//! A KPI's estimate is the mean over replications of each replication's own value (a replication
//! in which the KPI is undefined — an interval with no contacts — is left out), with a 95 %
//! Student-t interval from their spread: `mean ± t₀.₉₇₅,ᵣ₋₁ · s / √r`.
//!
//! The interval is clipped to what the quantity can take: [0, 1] for proportions (service
//! level, abandonment, occupancy, P(wait)), [0, ∞) for times and counts. With few replications
//! the symmetric t interval can reach past those bounds (−7 % with two replications); clipping
//! keeps it honest without changing the mean. Reports say so in their footnotes.

use super::exact::ExactSum;
use super::replication::IntervalCounters;
use crate::queueing::SlDefinition;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// A mean over replications with its 95 % confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Estimate {
    /// Mean over the replications in which the quantity is defined.
    pub mean: f64,
    /// 95 % confidence interval; `None` with fewer than two replications.
    pub ci95: Option<[f64; 2]>,
    /// Replications that contributed.
    #[serde(skip)]
    pub n: u32,
}

/// The running sum and sum of squares of a quantity over replications, exactly (see
/// [`ExactSum`]): the same whatever the order of the replications or how they were split over
/// threads or shards, so [`Running::merge`] of the parts is the whole run, bit for bit.
///
/// # Formula
///
/// mean = Σx / n, s² = (Σx² − (Σx)²/n) / (n − 1), with Σx and Σx² exact and x² rounded once.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(from = "(u32, ExactSum, ExactSum)", into = "(u32, ExactSum, ExactSum)")]
pub struct Running {
    n: u32,
    sum: ExactSum,
    sum_of_squares: ExactSum,
}

/// A part holds thousands of these: written as `[n, Σx, Σx²]`.
impl From<Running> for (u32, ExactSum, ExactSum) {
    fn from(r: Running) -> Self {
        (r.n, r.sum, r.sum_of_squares)
    }
}

impl From<(u32, ExactSum, ExactSum)> for Running {
    fn from((n, sum, sum_of_squares): (u32, ExactSum, ExactSum)) -> Self {
        Running {
            n,
            sum,
            sum_of_squares,
        }
    }
}

impl Running {
    /// Adds one replication's value; `None` (undefined) is skipped.
    pub fn push(&mut self, value: Option<f64>) {
        if let Some(x) = value {
            self.n += 1;
            self.sum.add(x);
            self.sum_of_squares.add(x * x);
        }
    }

    /// Adds the replications of another run of the same quantity.
    pub fn merge(&mut self, other: &Running) {
        self.n += other.n;
        self.sum.merge(&other.sum);
        self.sum_of_squares.merge(&other.sum_of_squares);
    }

    /// The estimate of a non-negative quantity (a time, a count), its interval clipped at 0;
    /// `None` when no replication defined it.
    pub fn estimate(&self) -> Option<Estimate> {
        self.estimate_within(0.0, f64::INFINITY)
    }

    /// The estimate of a proportion, its interval clipped to [0, 1].
    pub fn estimate_fraction(&self) -> Option<Estimate> {
        self.estimate_within(0.0, 1.0)
    }

    /// The estimate with its interval clipped to `[low, high]`.
    fn estimate_within(&self, low: f64, high: f64) -> Option<Estimate> {
        if self.n == 0 {
            return None;
        }
        let n = f64::from(self.n);
        let mean = self.sum.value() / n;
        let ci95 = (self.n >= 2).then(|| {
            let sum = self.sum.value();
            let variance = (self.sum_of_squares.value() - sum * sum / n) / (n - 1.0);
            let sd = variance.max(0.0).sqrt();
            let t = StudentsT::new(0.0, 1.0, f64::from(self.n - 1))
                .expect("degrees of freedom ≥ 1")
                .inverse_cdf(0.975);
            let half = t * sd / n.sqrt();
            [(mean - half).max(low), (mean + half).min(high)]
        });
        Some(Estimate {
            mean,
            ci95,
            n: self.n,
        })
    }
}

/// The KPIs of one replication over some intervals (one, a day, or the run).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Kpis {
    /// Contacts offered.
    pub offered: f64,
    /// Contacts answered.
    pub answered: f64,
    /// Answered within T ÷ the definition's denominator.
    pub service_level: Option<f64>,
    /// Mean wait of answered contacts.
    pub asa: Option<f64>,
    /// Abandoned ÷ offered.
    pub abandon_rate: Option<f64>,
    /// Busy ÷ staffed agent time.
    pub occupancy: Option<f64>,
    /// Waited ÷ offered.
    pub p_wait: Option<f64>,
    /// The longest queue.
    pub longest_queue: f64,
    /// Deferrable work only: items waiting at the close (of the interval, the day's last open
    /// interval, or the horizon).
    pub backlog: Option<f64>,
    /// Outbound only: right-party contacts put through to an agent.
    pub contacts: Option<f64>,
    /// Outbound only: dials placed.
    pub dials: Option<f64>,
}

impl Kpis {
    /// KPIs from counters.
    pub fn of(c: &IntervalCounters, definition: SlDefinition) -> Self {
        let ratio = |num: f64, den: f64| (den > 0.0).then(|| num / den);
        let offered = f64::from(c.offered);
        let denominator = match definition {
            SlDefinition::Offered => offered,
            SlDefinition::Answered => f64::from(c.answered),
            SlDefinition::OfferedMinusShortAbandons => offered - f64::from(c.abandoned_within),
        };
        Kpis {
            offered,
            answered: f64::from(c.answered),
            service_level: ratio(f64::from(c.answered_within), denominator),
            asa: ratio(c.wait_answered, f64::from(c.answered)),
            abandon_rate: ratio(f64::from(c.abandoned), offered),
            occupancy: ratio(c.busy_seconds, c.staffed_seconds),
            p_wait: ratio(f64::from(c.waited), offered),
            longest_queue: f64::from(c.longest_queue),
            backlog: None,
            contacts: None,
            dials: None,
        }
    }
}

/// Running estimates of every KPI.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RunningKpis {
    offered: Running,
    answered: Running,
    service_level: Running,
    asa: Running,
    abandon_rate: Running,
    occupancy: Running,
    p_wait: Running,
    longest_queue: Running,
    backlog: Running,
    contacts: Running,
    dials: Running,
}

impl RunningKpis {
    /// Adds one replication's KPIs.
    pub fn push(&mut self, k: &Kpis) {
        self.offered.push(Some(k.offered));
        self.answered.push(Some(k.answered));
        self.service_level.push(k.service_level);
        self.asa.push(k.asa);
        self.abandon_rate.push(k.abandon_rate);
        self.occupancy.push(k.occupancy);
        self.p_wait.push(k.p_wait);
        self.longest_queue.push(Some(k.longest_queue));
        self.backlog.push(k.backlog);
        self.contacts.push(k.contacts);
        self.dials.push(k.dials);
    }

    /// Adds the replications of another run of the same intervals.
    pub fn merge(&mut self, other: &RunningKpis) {
        let pairs = [
            (&mut self.offered, &other.offered),
            (&mut self.answered, &other.answered),
            (&mut self.service_level, &other.service_level),
            (&mut self.asa, &other.asa),
            (&mut self.abandon_rate, &other.abandon_rate),
            (&mut self.occupancy, &other.occupancy),
            (&mut self.p_wait, &other.p_wait),
            (&mut self.longest_queue, &other.longest_queue),
            (&mut self.backlog, &other.backlog),
            (&mut self.contacts, &other.contacts),
            (&mut self.dials, &other.dials),
        ];
        for (mine, theirs) in pairs {
            mine.merge(theirs);
        }
    }

    /// The estimates so far.
    pub fn estimates(&self) -> KpiEstimates {
        KpiEstimates {
            offered: self.offered.estimate(),
            answered: self.answered.estimate(),
            service_level: self.service_level.estimate_fraction(),
            asa_seconds: self.asa.estimate(),
            abandon_rate: self.abandon_rate.estimate_fraction(),
            occupancy: self.occupancy.estimate_fraction(),
            p_wait: self.p_wait.estimate_fraction(),
            longest_queue: self.longest_queue.estimate(),
            backlog_at_close: self.backlog.estimate(),
            contacts: self.contacts.estimate(),
            dials: self.dials.estimate(),
        }
    }
}

/// Estimated KPIs; `None` where no replication defined them. Serialises as the JSON contract's
/// KPI objects (`service_level`, `asa_seconds`, `abandon_rate`, `occupancy`, `p_wait`, each
/// `{"mean", "ci95"}` or null); `offered` and `longest_queue` are reported elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct KpiEstimates {
    /// Contacts offered per replication.
    #[serde(skip)]
    pub offered: Option<Estimate>,
    /// Contacts answered per replication.
    #[serde(skip)]
    pub answered: Option<Estimate>,
    /// Service level under the scenario's definition.
    pub service_level: Option<Estimate>,
    /// ASA, seconds.
    pub asa_seconds: Option<Estimate>,
    /// Abandonment rate.
    pub abandon_rate: Option<Estimate>,
    /// Occupancy.
    pub occupancy: Option<Estimate>,
    /// Probability of waiting.
    pub p_wait: Option<Estimate>,
    /// Longest queue.
    #[serde(skip)]
    pub longest_queue: Option<Estimate>,
    /// Deferrable work only: items waiting at closing (absent for live channels).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backlog_at_close: Option<Estimate>,
    /// Outbound only: right-party contacts reached (absent for other channels).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Estimate>,
    /// Outbound only: dials placed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dials: Option<Estimate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proportions_interval_stays_within_zero_and_one() {
        let mut running = Running::default();
        running.push(Some(0.0));
        running.push(Some(0.5));
        let e = running.estimate_fraction().unwrap();
        let [lo, hi] = e.ci95.unwrap();
        assert_eq!(e.mean, 0.25);
        assert_eq!(lo, 0.0, "t interval alone would reach -2.9");
        assert!(hi <= 1.0);
        let mut near_one = Running::default();
        near_one.push(Some(1.0));
        near_one.push(Some(0.6));
        assert_eq!(near_one.estimate_fraction().unwrap().ci95.unwrap()[1], 1.0);
        assert!(
            near_one.estimate().unwrap().ci95.unwrap()[1] > 1.0,
            "times are not capped at 1"
        );
    }

    #[test]
    fn the_interval_is_the_student_t_interval() {
        let mut r = Running::default();
        for x in [1.0, 2.0, 3.0, 4.0] {
            r.push(Some(x));
        }
        r.push(None);
        let e = r.estimate().unwrap();
        assert_eq!(e.n, 4);
        assert!((e.mean - 2.5).abs() < 1e-15);
        // s = 1.290994, t(0.975, 3) = 3.182446
        let half = 3.182_446_305_284_263 * 1.290_994_448_735_805_6 / 2.0;
        let [lo, hi] = e.ci95.unwrap();
        assert!((lo - (2.5 - half)).abs() < 1e-9 && (hi - (2.5 + half)).abs() < 1e-9);
    }

    #[test]
    fn one_replication_has_no_interval_and_none_has_no_estimate() {
        let mut r = Running::default();
        assert!(r.estimate().is_none());
        r.push(Some(0.5));
        assert_eq!(r.estimate().unwrap().ci95, None);
    }
}
