//! Chat: agents who hold several sessions at once, each session slower the more the agent holds.

use super::erlang_a::ErlangA;
use super::erlang_b::blocking;
use super::erlang_c::ErlangC;
use super::{Performance, SlDefinition, check_load, check_positive_duration};
use crate::error::{Error, Result};
use crate::units::Seconds;

/// The most sessions one agent may hold.
pub const MAX_CONCURRENCY: u32 = 20;

/// A chat queue: Poisson arrivals at rate `λ`, `N` agents who each hold up to `c` sessions,
/// routing to the least-loaded agent, one FCFS queue for the first response, and optionally
/// exponential patience (mean `1/θ`) while waiting for it.
///
/// # Formula
///
/// A session's handle time is exponential with mean `a_j` when its agent holds `j` sessions
/// (`aht_by_concurrency`), so an agent holding `j` finishes one at rate `j / a_j`. Least-loaded
/// routing keeps the loads level: with `k = N·m + r` sessions in service (`0 ≤ r < N`), `r`
/// agents hold `m + 1` and the rest `m`. The number of sessions is then a birth–death chain
/// (the state-dependent M/M/N·c chain of chat staffing; Tezcan and Zhang, *Routing and staffing
/// in customer service chat systems with impatient customers*, Operations Research 2014):
///
/// ```text
/// μ(k)      = r·(m + 1)/a_{m+1} + (N − r)·m/a_m          k ≤ K = N·c
/// π_{k+1}   = π_k · λ / μ(k+1)                            k < K
/// π_{K+j+1} = π_{K+j} · λ / (M + (j+1)·θ)                 M = μ(K) = N·c / a_c
/// ```
///
/// A contact that arrives below `K` gets an agent at once; one that arrives behind `j` others
/// waits exactly as in Erlang A with `M` in place of `n·μ`. So the states below the top enter
/// only through `b = π_K / Σ_{k≤K} π_k`, from the recursion `S_0 = 1, S_k = 1 + S_{k−1}·μ(k)/λ`
/// (`b = 1/S_K`, Erlang B's when `μ(k) = k/a`), and the waiting part is [`ErlangA`]'s sums (or,
/// without patience, Erlang C's closed forms with `M` for `n·μ`). Occupancy is the mean number
/// of sessions in service ÷ `N·c`.
///
/// The level loads are exact for routing that always sends a new session to an agent with the
/// fewest; after a completion loads may be uneven until the next arrivals level them, so with
/// handle times that grow with concurrency the chain is a (close) approximation — the
/// simulator holds the exact behaviour. With one handle time for every level the chain is
/// exactly M/M/(N·c)(+M): concurrency 1 is Erlang C or A.
///
/// # Examples
///
/// ```
/// use staffsim::{queueing::{Chat, SlDefinition}, units::Seconds};
/// // 90 chats an hour, sessions of 6, 7.5 and 9 minutes at 1, 2 and 3 at once, 2-minute patience.
/// let chat = Chat::new(
///     90.0 / 3600.0,
///     vec![Seconds(360.0), Seconds(450.0), Seconds(540.0)],
///     Some(Seconds(120.0)),
/// ).unwrap();
/// // The fewest agents answering 80 % within a minute, and what one fewer would give.
/// let n = chat.fewest_agents(0.8, Seconds(60.0), SlDefinition::Offered, 1000).unwrap();
/// let sl = |agents| chat.performance(agents, Seconds(60.0), SlDefinition::Offered).service_level;
/// assert!(sl(n) >= 0.8 && sl(n - 1) < 0.8);
/// println!("{n} agents: {:.1} % within 60 s", 100.0 * sl(n));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Chat {
    arrivals_per_second: f64,
    /// Seconds; the first `concurrency` are used.
    aht_by_concurrency: [f64; MAX_CONCURRENCY as usize],
    concurrency: u32,
    patience: Option<Seconds>,
    /// One handle time for every level: the chain is M/M/(N·c).
    flat: bool,
}

impl Chat {
    /// A chat queue with `arrivals_per_second`, the session handle time at each concurrency
    /// (`aht_by_concurrency[j − 1]` when the agent holds `j`; its length is the concurrency), and
    /// the mean patience (`None`: nobody leaves before the first response).
    pub fn new(
        arrivals_per_second: f64,
        aht_by_concurrency: Vec<Seconds>,
        patience: Option<Seconds>,
    ) -> Result<Self> {
        let concurrency = aht_by_concurrency.len();
        if concurrency == 0 || concurrency > MAX_CONCURRENCY as usize {
            return Err(Error::invalid(
                "concurrency",
                concurrency,
                format!("1 to {MAX_CONCURRENCY} sessions per agent"),
            ));
        }
        for aht in &aht_by_concurrency {
            check_positive_duration("aht_by_concurrency", *aht)?;
        }
        if let Some(patience) = patience {
            check_positive_duration("patience", patience)?;
        }
        check_load(arrivals_per_second * aht_by_concurrency[0].get())?;
        let flat = aht_by_concurrency
            .iter()
            .all(|a| *a == aht_by_concurrency[0]);
        let mut seconds = [0.0; MAX_CONCURRENCY as usize];
        for (s, a) in seconds.iter_mut().zip(&aht_by_concurrency) {
            *s = a.get();
        }
        Ok(Self {
            arrivals_per_second,
            aht_by_concurrency: seconds,
            concurrency: concurrency as u32,
            patience,
            flat,
        })
    }

    /// Sessions one agent may hold.
    pub fn concurrency(&self) -> u32 {
        self.concurrency
    }

    /// The offered load in session-Erlangs at concurrency 1: `λ · a_1`.
    pub fn load_erlangs(&self) -> f64 {
        self.arrivals_per_second * self.aht_by_concurrency[0]
    }

    /// The rate (per second) at which `agents` agents finish sessions with `k` in service.
    fn completion_rate(&self, agents: u32, k: u64) -> f64 {
        let n = u64::from(agents);
        let (m, r) = (k / n, k % n);
        let rate = |j: u64| {
            if j == 0 {
                0.0
            } else {
                j as f64 / self.aht_by_concurrency[j as usize - 1]
            }
        };
        let fuller = if r > 0 { r as f64 * rate(m + 1) } else { 0.0 };
        fuller + (n - r) as f64 * rate(m)
    }

    /// `b = π_K / Σ_{k≤K} π_k` and the mean sessions in service among the states below `K`.
    fn below_top(&self, agents: u32) -> (f64, f64) {
        let top = u64::from(agents) * u64::from(self.concurrency());
        let lambda = self.arrivals_per_second;
        // S_k = Σ_{i≤k} π_i / π_k and T_k = Σ_{i≤k} i·π_i / π_k, rescaled together.
        let (mut s, mut t) = (1.0_f64, 0.0_f64);
        for k in 1..=top {
            let ratio = self.completion_rate(agents, k) / lambda;
            s = 1.0 + s * ratio;
            t = k as f64 + t * ratio;
            if s > 1e250 {
                // π_K is negligible beside the states below: b = 0 to double precision.
                let mean_below = t / s;
                return (0.0, mean_below);
            }
        }
        let below = s - 1.0;
        let mean_below = if below > 0.0 {
            (t - top as f64) / below
        } else {
            0.0
        };
        (1.0 / s, mean_below)
    }

    /// Every KPI with `agents` agents, the first response measured against `within`.
    pub fn performance(
        &self,
        agents: u32,
        within: Seconds,
        definition: SlDefinition,
    ) -> Performance {
        let a = self.load_erlangs();
        let unit = Seconds(self.aht_by_concurrency[0]);
        let slots = u64::from(agents) * u64::from(self.concurrency());
        if a == 0.0 {
            return Performance {
                agents,
                offered_load_erlangs: 0.0,
                p_wait: 0.0,
                service_level: 1.0,
                within,
                sl_definition: definition,
                asa: Some(Seconds(0.0)),
                occupancy: 0.0,
                abandon_rate: self.patience.map(|_| 0.0),
                stable: true,
            };
        }
        // b, the full-concurrency rate in units of a_1, and (when sessions slow with
        // concurrency) the mean sessions in service below the top.
        let (b, top_rate, mean_below) = if agents == 0 {
            (1.0, 0.0, None)
        } else if self.flat {
            (blocking(slots as u32, a), slots as f64, None)
        } else {
            let (b, mean_below) = self.below_top(agents);
            let full = self.completion_rate(agents, slots) * unit.get();
            (b, full, Some(mean_below))
        };
        let (p_wait, service_level, asa, abandon_rate, stable) = match self.patience {
            Some(patience) => {
                let queue = ErlangA::new(a, unit, patience).expect("validated in Chat::new");
                let w = queue.waiting(top_rate, b, within, definition);
                (w.p_wait, w.service_level, w.asa, Some(w.abandon_rate), true)
            }
            None => match ErlangC::new(a, unit)
                .expect("validated in Chat::new")
                .waiting(top_rate, b, within)
            {
                Some((p_wait, sl, asa)) => (p_wait, sl, Some(asa), None, true),
                None => (1.0, 0.0, None, None, false),
            },
        };
        let occupancy = if slots == 0 {
            0.0
        } else if !stable {
            1.0
        } else {
            match mean_below {
                // One handle time: sessions in service are the answered load (Little).
                None => (1.0 - abandon_rate.unwrap_or(0.0)) * a / slots as f64,
                Some(below) => ((1.0 - p_wait) * below + p_wait * slots as f64) / slots as f64,
            }
        };
        Performance {
            agents,
            offered_load_erlangs: a,
            p_wait,
            service_level,
            within,
            sl_definition: definition,
            asa,
            occupancy: occupancy.clamp(0.0, 1.0),
            abandon_rate,
            stable,
        }
    }

    /// The fewest agents, up to `limit`, whose first-response service level within `within`
    /// reaches `target`; `None` when even `limit` agents fall short.
    pub fn fewest_agents(
        &self,
        target: f64,
        within: Seconds,
        definition: SlDefinition,
        limit: u32,
    ) -> Option<u32> {
        super::first_level_where(0, limit, |agents| {
            let p = self.performance(agents, within, definition);
            p.stable && p.service_level >= target
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queueing::{ErlangA, ErlangC};

    const T: Seconds = Seconds(30.0);

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn concurrency_one_is_erlang_a_to_1e12() {
        for (volume_per_hour, agents) in [(60.0, 4), (300.0, 30), (1000.0, 95), (1000.0, 80)] {
            let lambda = volume_per_hour / 3600.0;
            let chat = Chat::new(lambda, vec![Seconds(300.0)], Some(Seconds(90.0))).unwrap();
            let erlang = ErlangA::new(lambda * 300.0, Seconds(300.0), Seconds(90.0)).unwrap();
            for definition in [SlDefinition::Offered, SlDefinition::Answered] {
                let (c, e) = (
                    chat.performance(agents, T, definition),
                    erlang.performance(agents, T, definition),
                );
                assert!(
                    close(c.service_level, e.service_level, 1e-12),
                    "{c:?} {e:?}"
                );
                assert!(close(c.p_wait, e.p_wait, 1e-12));
                assert!(close(
                    c.abandon_rate.unwrap(),
                    e.abandon_rate.unwrap(),
                    1e-12
                ));
                assert!(close(c.asa.unwrap().get(), e.asa.unwrap().get(), 1e-9));
                assert!(close(c.occupancy, e.occupancy, 1e-12));
            }
        }
    }

    #[test]
    fn concurrency_one_without_patience_is_erlang_c_to_1e12() {
        let lambda = 400.0 / 3600.0;
        let chat = Chat::new(lambda, vec![Seconds(240.0)], None).unwrap();
        let erlang = ErlangC::new(lambda * 240.0, Seconds(240.0)).unwrap();
        for agents in [27, 28, 30, 35] {
            let (c, e) = (
                chat.performance(agents, T, SlDefinition::Offered),
                erlang.performance(agents, T, SlDefinition::Offered),
            );
            assert!(
                close(c.service_level, e.service_level, 1e-12),
                "{c:?} {e:?}"
            );
            assert!(close(c.p_wait, e.p_wait, 1e-12));
            assert!(close(c.asa.unwrap().get(), e.asa.unwrap().get(), 1e-9));
            assert!(close(c.occupancy, e.occupancy, 1e-12));
        }
        let overloaded = chat.performance(26, T, SlDefinition::Offered);
        assert!(!overloaded.stable && overloaded.service_level == 0.0);
    }

    /// The chain summed state by state (truncated far into the tail), without patience: P(wait),
    /// P(wait ≤ T) from the Erlang(j + 1, M) wait behind j, and the mean sessions in service.
    fn brute_force(chat: &Chat, agents: u32, t: f64) -> (f64, f64, f64) {
        let top = u64::from(agents) * u64::from(chat.concurrency());
        let lambda = chat.arrivals_per_second;
        let full = chat.completion_rate(agents, top);
        let mut pi = vec![1.0_f64];
        for k in 1..top + 4000 {
            let rate = chat.completion_rate(agents, k.min(top));
            pi.push(pi[k as usize - 1] * lambda / rate);
        }
        let total: f64 = pi.iter().sum();
        let p = |k: usize| pi[k] / total;
        let p_wait: f64 = (top as usize..pi.len()).map(p).sum();
        // P(W > t | j ahead) = P(Poisson(M t) ≤ j).
        let x = full * t;
        let mut poisson_term = (-x).exp();
        let mut poisson_cdf = poisson_term;
        let mut late = 0.0;
        for j in 0..pi.len() - top as usize {
            late += p(top as usize + j) * poisson_cdf;
            poisson_term *= x / (j + 1) as f64;
            poisson_cdf += poisson_term;
        }
        let sessions: f64 = (0..pi.len())
            .map(|k| p(k) * (k as u64).min(top) as f64)
            .sum();
        (p_wait, 1.0 - late, sessions / top as f64)
    }

    #[test]
    fn the_chain_agrees_with_a_state_by_state_sum_when_sessions_slow_with_concurrency() {
        let aht = vec![Seconds(360.0), Seconds(450.0), Seconds(540.0)];
        let chat = Chat::new(120.0 / 3600.0, aht, None).unwrap();
        for agents in [7, 8, 10] {
            let p = chat.performance(agents, T, SlDefinition::Offered);
            let (p_wait, sl, occupancy) = brute_force(&chat, agents, T.get());
            assert!(
                close(p.p_wait, p_wait, 1e-10),
                "{agents}: {p:?} vs {p_wait}"
            );
            assert!(close(p.service_level, sl, 1e-10), "{agents}: {p:?} vs {sl}");
            assert!(
                close(p.occupancy, occupancy, 1e-10),
                "{agents}: {p:?} vs {occupancy}"
            );
        }
    }

    #[test]
    fn with_patience_the_chain_abandons_as_a_state_by_state_sum_says() {
        let aht = vec![Seconds(300.0), Seconds(390.0)];
        let patience = 150.0;
        let chat = Chat::new(200.0 / 3600.0, aht, Some(Seconds(patience))).unwrap();
        for agents in [3, 6, 9] {
            let top = u64::from(agents) * 2;
            let lambda = chat.arrivals_per_second;
            let mut pi = vec![1.0_f64];
            for k in 1..top + 3000 {
                let waiting = k.saturating_sub(top) as f64;
                let rate = chat.completion_rate(agents, k.min(top)) + waiting / patience;
                pi.push(pi[k as usize - 1] * lambda / rate);
            }
            let total: f64 = pi.iter().sum();
            let p_wait = pi[top as usize..].iter().sum::<f64>() / total;
            let queue: f64 = (top as usize..pi.len())
                .map(|k| (k - top as usize) as f64 * pi[k] / total)
                .sum();
            // Abandonments per second = θ · E[queue]; as a share of arrivals:
            let abandon = queue / patience / lambda;
            let p = chat.performance(agents, T, SlDefinition::Offered);
            assert!(
                close(p.p_wait, p_wait, 1e-10),
                "{agents}: {p:?} vs {p_wait}"
            );
            assert!(
                close(p.abandon_rate.unwrap(), abandon, 1e-10),
                "{agents}: {p:?} vs {abandon}"
            );
        }
    }

    #[test]
    fn more_concurrency_never_needs_more_agents_when_sessions_do_not_slow() {
        let mut previous = u32::MAX;
        for concurrency in 1..=6 {
            let chat = Chat::new(
                500.0 / 3600.0,
                vec![Seconds(420.0); concurrency],
                Some(Seconds(180.0)),
            )
            .unwrap();
            let agents = chat
                .fewest_agents(0.8, Seconds(60.0), SlDefinition::Offered, 10_000)
                .unwrap();
            assert!(
                agents <= previous,
                "concurrency {concurrency}: {agents} > {previous}"
            );
            previous = agents;
        }
        assert!(
            previous < 20,
            "six sessions each need far fewer agents: {previous}"
        );
    }

    #[test]
    fn slower_sessions_at_higher_concurrency_need_more_agents_than_flat_ones() {
        let flat = Chat::new(200.0 / 3600.0, vec![Seconds(360.0); 3], None).unwrap();
        let slowing = Chat::new(
            200.0 / 3600.0,
            vec![Seconds(360.0), Seconds(450.0), Seconds(540.0)],
            None,
        )
        .unwrap();
        let need = |c: &Chat| {
            c.fewest_agents(0.8, T, SlDefinition::Offered, 1000)
                .unwrap()
        };
        assert!(need(&slowing) > need(&flat));
    }

    #[test]
    fn a_concurrency_out_of_range_or_a_non_positive_handle_time_is_refused() {
        assert!(Chat::new(0.1, vec![], None).is_err());
        assert!(Chat::new(0.1, vec![Seconds(60.0); 21], None).is_err());
        assert!(Chat::new(0.1, vec![Seconds(60.0), Seconds(0.0)], None).is_err());
        assert!(Chat::new(0.1, vec![Seconds(60.0)], Some(Seconds(-1.0))).is_err());
    }
}
