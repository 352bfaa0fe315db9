//! Erlang A: the M/M/n+M queue, where waiting callers hang up after an exponential patience.

use super::erlang_b::blocking;
use super::{Performance, SlDefinition, check_load, check_positive_duration};
use crate::error::Result;
use crate::units::Seconds;

/// The Erlang A (M/M/n+M, Palm 1943) model: Poisson arrivals at rate `λ`, exponential handle
/// times with mean `1/μ = AHT`, `n` agents, one FCFS queue, and exponential patience with mean
/// `1/θ`. Waiting callers abandon when their patience runs out, so the queue is stable at any load.
///
/// # Formula
///
/// The number in system is a birth–death chain (Palm 1943; Garnett, Mandelbaum and Reiman,
/// *Designing a call center with impatient customers*, MSOM 2002):
///
/// ```text
/// π_k     ∝ A^k / k!                                   k ≤ n
/// π_{n+j} = π_n · Π_{i=1..j} λ / (nμ + iθ)             j ≥ 0 waiting
/// ```
///
/// The states below `n` are summed through Erlang B (`Σ_{k≤n} π_k = π_n / B(n, A)`), so no factorial
/// is ever formed. A caller who arrives behind `j` others advances one place at rate
/// `nμ + iθ` (an answer, or an abandonment ahead) and hangs up at rate `θ`. Its stage times are
/// exponential and independent of which event ends them, which gives, exactly:
///
/// ```text
/// P(answered | j)            = nμ / (nμ + (j+1)θ)                       (the product telescopes)
/// P(answered ≤ T | j)        = P(answered | j) · P(Σ_{i=1..j+1} Exp(nμ + iθ) ≤ T)
///                            = P(answered | j) · (1 − I_x(nμ/θ + 1, j + 1)),   x = e^{−θT}
/// E[W; answered | j]         = P(answered | j) · Σ_{i=1..j+1} 1 / (nμ + iθ)
/// P(abandon ≤ T | j)         = 1 − P(answered ≤ T | j) − x · I_x(nμ/θ, j + 1)
/// ```
///
/// where `I_x(a, m)` is the regularised incomplete beta function, a negative-binomial CDF for
/// integer `m`, stepped in `j` by its term recursion. Then, over arrivals (PASTA):
///
/// ```text
/// P(wait)           = Σ_j π_{n+j}
/// abandon_rate      = Σ_j π_{n+j} · (1 − P(answered | j))
/// SL offered        = (1 − P(wait)) + Σ_j π_{n+j} · P(answered ≤ T | j)
/// SL answered       = SL offered / (1 − abandon_rate)
/// SL offered − short abandons = SL offered / (1 − Σ_j π_{n+j} · P(abandon ≤ T | j))
/// ASA               = Σ_j π_{n+j} · E[W; answered | j] / (1 − abandon_rate)
/// occupancy         = (1 − abandon_rate) · A / n
/// ```
///
/// The sums run until the remaining tail is below 1e-17 of the total, with rescaling so that a
/// deeply overloaded queue neither overflows nor underflows. When the equilibrium queue
/// `(A − n)/θ` exceeds 5·10⁷ callers the fluid limit (Whitt 2004) replaces the sums. Cost: O(n) for `B(n, A)` plus
/// O(queue length) for the sums.
///
/// # Examples
///
/// ```
/// use staffsim::{queueing::{ErlangA, SlDefinition}, units::Seconds};
/// // 10 Erlangs, AHT 180 s, mean patience 120 s, 14 agents.
/// let model = ErlangA::new(10.0, Seconds(180.0), Seconds(120.0)).unwrap();
/// let p = model.performance(14, Seconds(20.0), SlDefinition::Offered);
/// assert!((p.abandon_rate.unwrap() - 0.022_839_286_531_818_77).abs() < 1e-12);
/// assert!((p.service_level - 0.932_729_580_698_059_7).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangA {
    load_erlangs: f64,
    aht: Seconds,
    patience: Seconds,
}

impl ErlangA {
    /// An M/M/n+M queue offered `load_erlangs` Erlangs, with mean handle time `aht` and mean
    /// patience `patience`.
    pub fn new(load_erlangs: f64, aht: Seconds, patience: Seconds) -> Result<Self> {
        check_load(load_erlangs)?;
        check_positive_duration("AHT", aht)?;
        check_positive_duration("patience", patience)?;
        Ok(Self {
            load_erlangs,
            aht,
            patience,
        })
    }

    /// The offered load in Erlangs.
    pub fn load_erlangs(&self) -> f64 {
        self.load_erlangs
    }

    /// The mean handle time.
    pub fn aht(&self) -> Seconds {
        self.aht
    }

    /// The mean patience of a waiting caller.
    pub fn patience(&self) -> Seconds {
        self.patience
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

    /// Abandoned ÷ offered.
    pub fn abandon_rate(&self, agents: u32) -> f64 {
        self.queue_sums(f64::from(agents), blocking(agents, self.load_erlangs), 0.0)
            .abandon
    }

    /// The KPIs at `agents`, given `b = B(agents, A)`.
    pub(crate) fn performance_from_blocking(
        &self,
        agents: u32,
        b: f64,
        within: Seconds,
        definition: SlDefinition,
    ) -> Performance {
        let a = self.load_erlangs;
        let waiting = self.waiting(f64::from(agents), b, within, definition);
        let occupancy = if agents == 0 {
            0.0
        } else {
            ((1.0 - waiting.abandon_rate) * a / f64::from(agents)).min(1.0)
        };
        Performance {
            agents,
            offered_load_erlangs: a,
            p_wait: waiting.p_wait,
            service_level: waiting.service_level,
            within,
            sl_definition: definition,
            asa: waiting.asa,
            occupancy,
            abandon_rate: Some(waiting.abandon_rate),
            stable: true,
        }
    }

    /// The waiting KPIs of a birth–death chain whose waiting part is this queue's: every state
    /// below the top (where an arrival is answered at once) weighs `1/b − 1` times the top
    /// state, and in the top state contacts leave service at `rate` per AHT (`n` for Erlang A;
    /// a chat queue's full-concurrency rate in [`super::Chat`]).
    pub(crate) fn waiting(
        &self,
        rate: f64,
        b: f64,
        within: Seconds,
        definition: SlDefinition,
    ) -> Waiting {
        let sums = self.queue_sums(rate, b, within.get() / self.aht.get());
        let answered = 1.0 - sums.abandon;
        let service_level = match definition {
            SlDefinition::Offered => sums.answered_within,
            SlDefinition::Answered if answered > 0.0 => sums.answered_within / answered,
            SlDefinition::OfferedMinusShortAbandons if sums.short_abandon < 1.0 => {
                sums.answered_within / (1.0 - sums.short_abandon)
            }
            _ => 0.0,
        };
        Waiting {
            p_wait: sums.p_wait,
            service_level: service_level.clamp(0.0, 1.0),
            asa: (answered > 0.0)
                .then(|| Seconds(sums.wait_of_answered / answered * self.aht.get())),
            abandon_rate: sums.abandon,
        }
    }

    /// The fewest agents whose KPIs satisfy `accept`, assuming that once a staffing level is
    /// accepted every larger one is too (service level rises, ASA, abandonment and occupancy fall).
    ///
    /// Doubles the staffing until `accept` holds, then bisects; each probe costs O(n + queue
    /// length), so a solve costs O((n + queue length) · log n).
    pub(crate) fn first_agents_where(
        &self,
        min_agents: u32,
        within: Seconds,
        definition: SlDefinition,
        limit: u32,
        mut accept: impl FnMut(&Performance) -> bool,
    ) -> Option<u32> {
        super::first_level_where(min_agents, limit, |agents| {
            accept(&self.performance(agents, within, definition))
        })
    }

    /// Sums over the waiting states `n + j`, j = 0, 1, 2, …, all in units of the AHT
    /// (μ = 1, λ = A, θ = AHT / patience, `t` = T / AHT); `n` is the rate at which the top state
    /// answers (the agents, for Erlang A).
    ///
    /// Over 80 lines: one numerically careful pass over the waiting states (log-space terms, the
    /// cut-off and the tail) whose invariants must be read together.
    fn queue_sums(&self, n: f64, b: f64, t: f64) -> QueueSums {
        let a = self.load_erlangs;
        if a == 0.0 {
            return QueueSums {
                p_wait: 0.0,
                abandon: 0.0,
                answered_within: 1.0,
                short_abandon: 0.0,
                wait_of_answered: 0.0,
            };
        }
        let theta = self.aht.get() / self.patience.get();
        if (a - n) / theta > FLUID_QUEUE {
            return fluid_sums(a, n, theta, t);
        }
        let x = (-theta * t).exp();
        // (1 − x) / θ, accurate when θ·t is tiny.
        let g = if theta * t > 0.0 {
            -(-theta * t).exp_m1() / theta
        } else {
            0.0
        };

        // Weights r_j = π_{n+j} / π_n, held as r_j · e^{−log_scale}.
        let mut r = 1.0_f64;
        let mut log_scale = 0.0_f64;
        let mut s_wait = 0.0; // Σ r_j
        let mut s_abandon = 0.0; // Σ r_j (1 − P(answered | j))
        let mut s_answered_within = 0.0; // Σ r_j P(answered ≤ T | j)
        let mut s_short_abandon = 0.0; // Σ r_j P(abandon ≤ T | j)
        let mut s_wait_answered = 0.0; // Σ r_j E[W; answered | j]
        let mut harmonic = 0.0; // Σ_{i=1..j+1} 1/(n + iθ)

        // Negative-binomial CDFs I_x(n/θ + 1, j + 1) (stages including one's own patience) and
        // I_x(n/θ, j + 1) (stages of the virtual wait), each as scaled term + cumulative sum.
        let mut own = ScaledCdf::new(-(n + theta) * t);
        let mut virtual_wait = ScaledCdf::new(-n * t);

        for j in 0u64.. {
            let k = (j + 1) as f64;
            let inv = 1.0 / (n + k * theta);
            let p_answered = n * inv;
            harmonic += inv;
            let answered_within = p_answered * (1.0 - own.cdf()).max(0.0);
            let wait_beyond_t = 1.0 - virtual_wait.cdf();
            let short_abandon = (1.0 - answered_within - x * (1.0 - wait_beyond_t)).max(0.0);

            s_wait += r;
            s_abandon += r * (k * theta * inv);
            s_answered_within += r * answered_within;
            s_short_abandon += r * short_abandon;
            s_wait_answered += r * p_answered * harmonic;

            // Advance both CDFs to j + 1: the term ratios are (n/θ + m)(1−x)/m and
            // (n/θ + m − 1)(1−x)/m, written with g = (1−x)/θ.
            own.step((n + k * theta) * g / k);
            virtual_wait.step((n + (k - 1.0) * theta) * g / k);

            let ratio = a * inv;
            r *= ratio;
            if ratio < 1.0 {
                let tail = r / ((1.0 - ratio) * (1.0 - ratio));
                if tail <= 1e-17 * s_wait {
                    break;
                }
            }
            if r > RESCALE {
                r /= RESCALE;
                s_wait /= RESCALE;
                s_abandon /= RESCALE;
                s_answered_within /= RESCALE;
                s_short_abandon /= RESCALE;
                s_wait_answered /= RESCALE;
                log_scale += RESCALE.ln();
            }
        }

        // π_n = B / ((1 − B) + B·Σ r_j), with the scale folded in.
        let below = (1.0 - b) * (-log_scale).exp();
        let denominator = below + b * s_wait;
        let w = if denominator > 0.0 {
            b / denominator
        } else {
            0.0
        };
        let p_no_wait = if denominator > 0.0 {
            below / denominator
        } else {
            1.0
        };
        QueueSums {
            p_wait: (w * s_wait).min(1.0),
            abandon: (w * s_abandon).clamp(0.0, 1.0),
            answered_within: (p_no_wait + w * s_answered_within).clamp(0.0, 1.0),
            short_abandon: (w * s_short_abandon).clamp(0.0, 1.0),
            wait_of_answered: w * s_wait_answered,
        }
    }
}

const RESCALE: f64 = 1e250;

/// Beyond this many waiting callers at equilibrium the exact sums would take seconds; the queue is
/// then so long that its fluid limit is exact to well within a part in ten thousand.
const FLUID_QUEUE: f64 = 5e7;

/// The efficiency-driven fluid limit of a deeply overloaded M/M/n+M queue (Whitt, *Efficiency-
/// driven heavy-traffic approximations for many-server queues with abandonments*, Management
/// Science 2004): everyone waits; the queue settles where abandonments shed the excess load, so a
/// fraction `n/A` is answered, each after the same wait `w = ln(A/n)/θ`.
fn fluid_sums(a: f64, n: f64, theta: f64, t: f64) -> QueueSums {
    let answered = (n / a).min(1.0);
    let wait = if n > 0.0 {
        (a / n).ln() / theta
    } else {
        f64::INFINITY
    };
    QueueSums {
        p_wait: 1.0,
        abandon: 1.0 - answered,
        answered_within: if wait <= t { answered } else { 0.0 },
        short_abandon: 1.0 - (-theta * t.min(wait)).exp(),
        wait_of_answered: if answered > 0.0 { answered * wait } else { 0.0 },
    }
}

/// Per-arrival probabilities summed over the queue states, as fractions of offered contacts.
/// The waiting KPIs of [`ErlangA::waiting`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Waiting {
    pub(crate) p_wait: f64,
    pub(crate) service_level: f64,
    pub(crate) asa: Option<Seconds>,
    pub(crate) abandon_rate: f64,
}

struct QueueSums {
    p_wait: f64,
    abandon: f64,
    answered_within: f64,
    short_abandon: f64,
    /// E[W; answered] in AHTs.
    wait_of_answered: f64,
}

/// A negative-binomial CDF `Σ_{m≤j} p_m` stepped term by term, where `p_0 = e^{log_p0}` may be far
/// below the smallest double: terms are held scaled by `e^{−offset}` until they become representable.
struct ScaledCdf {
    term: f64,
    cumulative: f64,
    offset: f64,
    factor: f64,
}

impl ScaledCdf {
    fn new(log_p0: f64) -> Self {
        Self {
            term: 1.0,
            cumulative: 1.0,
            offset: log_p0,
            factor: log_p0.exp(),
        }
    }

    fn cdf(&self) -> f64 {
        (self.cumulative * self.factor).min(1.0)
    }

    fn step(&mut self, ratio: f64) {
        self.term *= ratio;
        self.cumulative += self.term;
        if self.cumulative > 1e280 {
            self.term *= 1e-280;
            self.cumulative *= 1e-280;
            self.offset += 280.0 * std::f64::consts::LN_10;
            self.factor = self.offset.exp();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_agents_lose_every_caller() {
        let model = ErlangA::new(5.0, Seconds(180.0), Seconds(60.0)).unwrap();
        let p = model.performance(0, Seconds(20.0), SlDefinition::Answered);
        assert_eq!(p.p_wait, 1.0);
        assert!((p.abandon_rate.unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(p.service_level, 0.0);
        assert_eq!(p.occupancy, 0.0);
        assert_eq!(
            p.asa, None,
            "nobody is answered: there is no mean wait of the answered"
        );
    }

    #[test]
    fn deep_overload_with_long_patience_stays_finite() {
        // 2,000 Erlangs on 1,000 agents, patience 10 hours: a queue of tens of thousands.
        let model = ErlangA::new(2000.0, Seconds(300.0), Seconds(36_000.0)).unwrap();
        let p = model.performance(1000, Seconds(20.0), SlDefinition::Offered);
        assert!((p.abandon_rate.unwrap() - 0.5).abs() < 1e-3, "{p:?}");
        assert!(p.service_level >= 0.0 && p.service_level < 1e-6);
        assert!((p.occupancy - 1.0).abs() < 1e-3);
        assert!(p.asa.unwrap().get().is_finite());
    }

    #[test]
    fn a_queue_of_hundreds_of_millions_takes_the_fluid_limit_and_agrees_with_the_exact_sums() {
        // Exact sums just below the fluid threshold, fluid just above: they must agree.
        let (aht, n) = (180.0, 1000u32);
        let patience = |queue: f64, a: f64| Seconds(aht * queue / (a - f64::from(n)));
        let a = 2000.0;
        let exact = ErlangA::new(a, Seconds(aht), patience(4.9e7, a))
            .unwrap()
            .performance(n, Seconds(20.0), SlDefinition::Offered);
        let fluid = ErlangA::new(a, Seconds(aht), patience(5.1e7, a))
            .unwrap()
            .performance(n, Seconds(20.0), SlDefinition::Offered);
        assert!(
            (exact.abandon_rate.unwrap() - fluid.abandon_rate.unwrap()).abs() < 1e-4,
            "{exact:?} {fluid:?}"
        );
        let (we, wf) = (exact.asa.unwrap().get(), fluid.asa.unwrap().get());
        assert!((we / wf - 1.0).abs() < 0.05, "ASA {we} vs {wf}");
        assert_eq!(fluid.service_level, 0.0);
    }

    #[test]
    fn abandonment_equals_theta_times_mean_queue_over_lambda() {
        // Little: abandons per unit time = θ·E[Q] = λ·P(abandon).
        let (a, aht, patience, n) = (10.0, 180.0, 120.0, 12u32);
        let model = ErlangA::new(a, Seconds(aht), Seconds(patience)).unwrap();
        let abandon = model.abandon_rate(n);
        // E[Q] by brute force over the birth–death chain.
        let (lambda, mu, theta) = (a / aht, 1.0 / aht, 1.0 / patience);
        let mut weights = vec![1.0_f64];
        for k in 1..400 {
            let down = if k <= n as usize {
                k as f64 * mu
            } else {
                n as f64 * mu + (k - n as usize) as f64 * theta
            };
            let next = weights[k - 1] * lambda / down;
            weights.push(next);
        }
        let total: f64 = weights.iter().sum();
        let mean_queue: f64 = weights
            .iter()
            .enumerate()
            .map(|(k, w)| k.saturating_sub(n as usize) as f64 * w / total)
            .sum();
        assert!((abandon - theta * mean_queue / lambda).abs() < 1e-13);
    }
}
