//! Erlang C: the M/M/n queue, where every contact waits until answered.

use super::erlang_b::{blocking, inverse_blocking};
use super::{Performance, SlDefinition, check_load, check_positive_duration};
use crate::error::Result;
use crate::units::Seconds;

/// The Erlang C (M/M/n) model: Poisson arrivals, exponential handle times with mean `AHT`,
/// `n` agents, one FCFS queue, no abandonment.
///
/// # Formula
///
/// With offered load `A` and `n > A` agents (Erlang 1917; Cooper 1981, §5.2; Gans, Koole and
/// Mandelbaum, *Telephone call centers*, 2003):
///
/// ```text
/// P(wait)  = C(n, A) = n·B(n, A) / (n − A·(1 − B(n, A)))        (from Erlang B, no factorials)
/// SL(T)    = P(W ≤ T) = 1 − C(n, A) · exp(−(n − A) · T / AHT)
/// ASA      = E[W]     = C(n, A) · AHT / (n − A)
/// occupancy          = A / n
/// ```
///
/// With `n ≤ A` the queue is unstable: it grows without bound. staffsim then reports
/// `stable = false`, SL 0, P(wait) 1, occupancy 1 and no ASA, never NaN. Every contact is
/// eventually answered, so the service level is the same under every [`SlDefinition`].
///
/// # Examples
///
/// ```
/// use staffsim::{queueing::ErlangC, units::Seconds};
/// // 100 contacts per 30 min, AHT 180 s: 10 Erlangs. 14 agents answer 88.8 % within 20 s.
/// let model = ErlangC::new(10.0, Seconds(180.0)).unwrap();
/// assert!((model.service_level(14, Seconds(20.0)) - 0.888_350_019_179_466_9).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangC {
    load_erlangs: f64,
    aht: Seconds,
}

impl ErlangC {
    /// An M/M/n queue offered `load_erlangs` Erlangs with mean handle time `aht`.
    pub fn new(load_erlangs: f64, aht: Seconds) -> Result<Self> {
        check_load(load_erlangs)?;
        check_positive_duration("AHT", aht)?;
        Ok(Self { load_erlangs, aht })
    }

    /// The offered load in Erlangs.
    pub fn load_erlangs(&self) -> f64 {
        self.load_erlangs
    }

    /// The mean handle time.
    pub fn aht(&self) -> Seconds {
        self.aht
    }

    /// True when `agents` can carry the load: `agents > A`, or there is no load at all.
    pub fn is_stable(&self, agents: u32) -> bool {
        self.load_erlangs == 0.0 || f64::from(agents) > self.load_erlangs
    }

    /// The fraction of contacts answered within `within`; 0 when unstable.
    pub fn service_level(&self, agents: u32, within: Seconds) -> f64 {
        self.performance(agents, within, SlDefinition::Offered)
            .service_level
    }

    /// Answered load ÷ agents: `A / n`, capped at 1 when unstable, 0 with no agents.
    pub fn occupancy(&self, agents: u32) -> f64 {
        occupancy(agents, self.load_erlangs)
    }

    /// Every KPI at `agents` agents, with the service level measured against `within`.
    pub fn performance(
        &self,
        agents: u32,
        within: Seconds,
        definition: SlDefinition,
    ) -> Performance {
        let b = blocking(agents, self.load_erlangs);
        self.performance_from_blocking(agents, b, within, definition)
    }

    /// The fewest agents, from `min_agents` up to `limit`, that keep the queue stable and meet
    /// an optional service level `(target, within)` and an optional ASA cap; with their KPIs
    /// against `within` (or T = 0 without a target).
    ///
    /// Starts at the first stable level `max(⌊A⌋ + 1, min_agents)` and steps the reciprocal
    /// Erlang B recursion one agent at a time, so a solve is O(agents). Each step tests the
    /// constraints without a division or an exponential, using `C = n / ((n − A)/B + A)`:
    ///
    /// ```text
    /// SL ≥ s     ⇔  n · e^{−(n−A)T/AHT}  ≤ (1 − s) · ((n − A)/B + A)
    /// ASA ≤ m    ⇔  n · AHT              ≤ m · (n − A) · ((n − A)/B + A)
    /// ```
    ///
    /// with `e^{−(n−A)T/AHT}` carried from one step to the next by one multiplication.
    pub(crate) fn fewest_agents(
        &self,
        min_agents: u32,
        target: Option<(f64, Seconds)>,
        max_asa: Option<Seconds>,
        limit: u32,
    ) -> Option<Performance> {
        let a = self.load_erlangs;
        let report_within = target.map_or(Seconds(0.0), |(_, within)| within);
        let found = |agents: u32, b: f64| {
            self.performance_from_blocking(agents, b, report_within, SlDefinition::Offered)
        };
        if a == 0.0 {
            return (min_agents <= limit).then(|| found(min_agents, blocking(min_agents, a)));
        }
        // The first stable level; `as` saturates, so huge loads cannot wrap.
        let start = ((a.floor() as u32).saturating_add(1)).max(min_agents);
        if start > limit {
            return None;
        }
        let aht = self.aht.get();
        let (shortfall, within) = match target {
            Some((service_level, within)) => (1.0 - service_level, within.get()),
            None => (1.0, 0.0),
        };
        let step_decay = (-within / aht).exp();
        let mut decay = (-(f64::from(start) - a) * within / aht).exp();
        let inverse_load = 1.0 / a;
        let mut inverse = inverse_blocking(start, a);
        for agents in start..=limit {
            let n = f64::from(agents);
            let surplus = n - a;
            let denominator = surplus * inverse + a; // n / C
            let meets_sl = n * decay <= shortfall * denominator;
            let meets_asa = max_asa.is_none_or(|max| n * aht <= max.get() * surplus * denominator);
            if meets_sl && meets_asa {
                return Some(found(agents, 1.0 / inverse));
            }
            decay *= step_decay;
            inverse = 1.0 + (n + 1.0) * inverse_load * inverse;
        }
        None
    }

    /// P(wait), service level and ASA of a birth–death chain whose waiting part is this queue's:
    /// every state below the top weighs `1/b − 1` times the top state, and in the top state
    /// contacts leave service at `rate` per AHT (`n` for Erlang C; a chat queue's
    /// full-concurrency rate in [`super::Chat`]). `None` when `rate ≤ A`: the queue is unstable.
    pub(crate) fn waiting(
        &self,
        rate: f64,
        b: f64,
        within: Seconds,
    ) -> Option<(f64, f64, Seconds)> {
        let a = self.load_erlangs;
        if a == 0.0 {
            return Some((0.0, 1.0, Seconds(0.0)));
        }
        if rate <= a {
            return None;
        }
        let p_wait = rate * b / (rate - a * (1.0 - b));
        let surplus = rate - a;
        let sl = 1.0 - p_wait * (-surplus * within.get() / self.aht.get()).exp();
        Some((p_wait, sl, Seconds(p_wait * self.aht.get() / surplus)))
    }

    /// The KPIs at `agents`, given `b = B(agents, A)` from a recursion the caller is stepping.
    pub(crate) fn performance_from_blocking(
        &self,
        agents: u32,
        b: f64,
        within: Seconds,
        definition: SlDefinition,
    ) -> Performance {
        let a = self.load_erlangs;
        let stable = self.is_stable(agents);
        let (p_wait, service_level, asa) = match self.waiting(f64::from(agents), b, within) {
            Some((p_wait, sl, asa)) => (p_wait, sl, Some(asa)),
            None => (1.0, 0.0, None),
        };
        Performance {
            agents,
            offered_load_erlangs: a,
            p_wait,
            service_level,
            within,
            sl_definition: definition,
            asa,
            occupancy: occupancy(agents, a),
            abandon_rate: None,
            stable,
        }
    }
}

/// `A / n` capped at 1; 0 with no agents.
fn occupancy(agents: u32, load: f64) -> f64 {
    if agents == 0 {
        0.0
    } else {
        (load / f64::from(agents)).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overloaded_queue_is_unstable_with_zero_service_and_no_asa() {
        let model = ErlangC::new(10.0, Seconds(180.0)).unwrap();
        for agents in [0, 5, 10] {
            let p = model.performance(agents, Seconds(20.0), SlDefinition::Offered);
            assert!(!p.stable);
            assert_eq!(p.service_level, 0.0);
            assert_eq!(p.p_wait, 1.0);
            assert_eq!(p.asa, None);
            assert!(!p.occupancy.is_nan());
        }
        assert_eq!(model.occupancy(10), 1.0);
    }

    #[test]
    fn zero_load_needs_nobody_and_waits_for_nothing() {
        let model = ErlangC::new(0.0, Seconds(180.0)).unwrap();
        let p = model.performance(0, Seconds(20.0), SlDefinition::Offered);
        assert!(p.stable);
        assert_eq!((p.p_wait, p.service_level, p.occupancy), (0.0, 1.0, 0.0));
        assert_eq!(p.asa, Some(Seconds(0.0)));
    }

    #[test]
    fn a_hundred_thousand_erlangs_stay_finite_and_sensible() {
        let model = ErlangC::new(100_000.0, Seconds(300.0)).unwrap();
        let p = model.performance(100_300, Seconds(20.0), SlDefinition::Offered);
        assert!(p.stable && p.p_wait > 0.0 && p.p_wait < 1.0);
        assert!(p.service_level > 0.0 && p.service_level < 1.0);
    }

    #[test]
    fn a_zero_aht_is_rejected() {
        assert!(ErlangC::new(1.0, Seconds(0.0)).is_err());
    }
}
