//! Outbound campaigns: agents who dial out to reach a target number of right-party contacts.
//!
//! # Preview dialling
//!
//! Each agent dials one record at a time and waits for the outcome. A dial reaches a right
//! party with probability `r` (the contact rate, the *answer success rate*); an unanswered or
//! wrong-party attempt costs `d` seconds (`dial_seconds`); a right-party contact costs the
//! handle time `h` (talk and wrap). Attempts are independent, so the unanswered attempts before
//! each contact are geometric with mean `1/r − 1`, and one contact costs on average
//!
//! ```text
//! w = h + (1/r − 1) × d                 agent-seconds per right-party contact
//! ```
//!
//! `C` contacts in an interval of length `L` are a workload `W = C × w`, and the campaign needs
//! `n = ⌈W ÷ (L × ρ)⌉` agents, with `ρ` the occupancy cap (1 without one). Dials are `C ÷ r`;
//! nobody is abandoned, since the agent is on the line before it rings.
//!
//! # Predictive dialling
//!
//! The dialler places calls ahead of free agents; a right party who answers when every agent is
//! busy is abandoned (a "nuisance call", capped by regulators at 3 % of connected calls). The
//! plan takes the dialler's connects as a Poisson stream at a constant pacing within the
//! interval (open-loop pacing) offered to `n` agents with no queue: an M/G/n/n loss system,
//! whose blocking is Erlang B at the connected load `A = λ_c × h`, whatever the handle-time
//! distribution (the Erlang B formula is insensitive to it; Cooper 1981, §3.3). The carried
//! load `A (1 − B(n, A))` rises with `A`, and so does the blocking, so the dialler's best pacing
//! within a cap `β` is the `A*(n)` with `B(n, A*) = β`, and `n` agents reach at most
//! `A*(n) (1 − β) L ÷ h` contacts. The plan takes the fewest agents that reach `C`, and paces
//! them at the `A ≤ A*(n)` whose carried load is exactly `C h ÷ L`, so abandonment is at most the
//! cap. Closed-loop diallers that watch agents' states do better than Poisson pacing: this plan
//! is the conservative one, and the simulation tests it under the same pacing.

use super::ErlangB;

/// Bisection steps when solving for a load: 200 halvings reach any double.
const BISECTION_STEPS: usize = 200;

/// The agent-seconds one right-party contact costs under preview dialling:
/// `aht + (1/contact_rate − 1) × dial_seconds`.
pub fn preview_seconds_per_contact(aht_seconds: f64, contact_rate: f64, dial_seconds: f64) -> f64 {
    aht_seconds + (1.0 / contact_rate - 1.0) * dial_seconds
}

/// The connected load (Erlangs) at which `agents` see blocking `cap`: the dialler's fastest
/// pacing within the abandonment cap, `A*` with `B(agents, A*) = cap`. Zero agents carry nothing.
pub fn predictive_max_load(agents: u32, cap: f64) -> f64 {
    if agents == 0 {
        return 0.0;
    }
    let blocking = |a: f64| ErlangB::new(a).map_or(1.0, |b| b.blocking(agents));
    // B(n, A) rises from 0 to 1 with A; the bracket doubles until it holds the cap.
    let mut high = f64::from(agents);
    while blocking(high) < cap && high < super::MAX_LOAD_ERLANGS / 2.0 {
        high *= 2.0;
    }
    let mut low = 0.0;
    for _ in 0..BISECTION_STEPS {
        let mid = 0.5 * (low + high);
        if mid <= low || mid >= high {
            break;
        }
        if blocking(mid) <= cap {
            low = mid;
        } else {
            high = mid;
        }
    }
    low
}

/// How a predictive dialler paces `agents` to reach `carried` Erlangs of right-party talk
/// (contacts × AHT ÷ L) within the abandonment cap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pacing {
    /// The connected load the dialler offers the agents, Erlangs.
    pub connected_load: f64,
    /// Blocked connects ÷ connects: the dialler's abandonment.
    pub abandon_rate: f64,
    /// The load carried by the agents: `connected_load × (1 − abandon_rate)`.
    pub carried_load: f64,
}

/// The pacing that carries `carried` Erlangs with `agents` — or, when they cannot within the
/// cap, the fastest pacing the cap allows (the campaign then falls short of its target).
pub fn predictive_pacing(agents: u32, carried: f64, cap: f64) -> Pacing {
    let at = |a: f64| {
        let b = if agents == 0 {
            1.0
        } else {
            ErlangB::new(a).map_or(1.0, |e| e.blocking(agents))
        };
        Pacing {
            connected_load: a,
            abandon_rate: if a > 0.0 { b } else { 0.0 },
            carried_load: a * (1.0 - b),
        }
    };
    let ceiling = predictive_max_load(agents, cap);
    if carried <= 0.0 || agents == 0 {
        return at(0.0);
    }
    if at(ceiling).carried_load <= carried {
        return at(ceiling);
    }
    // The carried load rises with the connected load: bisect on [carried, ceiling].
    let (mut low, mut high) = (carried.min(ceiling), ceiling);
    for _ in 0..BISECTION_STEPS {
        let mid = 0.5 * (low + high);
        if mid <= low || mid >= high {
            break;
        }
        if at(mid).carried_load < carried {
            low = mid;
        } else {
            high = mid;
        }
    }
    at(high)
}

/// The fewest agents whose predictive dialler carries `carried` Erlangs with abandonment at most
/// `cap` and occupancy (carried ÷ agents) at most `max_occupancy`.
pub fn predictive_agents(carried: f64, cap: f64, max_occupancy: f64) -> u32 {
    if carried <= 0.0 {
        return 0;
    }
    let mut n = ((carried / max_occupancy).ceil() as u32).max(1);
    while predictive_max_load(n, cap) * (1.0 - cap) < carried {
        n += 1;
    }
    n
}

/// Whether a stretch of a campaign (a day, a month) whose target was `target` right-party
/// contacts met it: abandonment within `cap` (no connects, no abandonment), and the contacts
/// reached no further below the target than two Poisson standard deviations,
/// `target − 2√target` — the noise of the dialler's connects, not a shortfall of agents.
pub fn campaign_meets(contacts: f64, target: f64, abandon_rate: Option<f64>, cap: f64) -> bool {
    contacts >= target - 2.0 * target.sqrt() && abandon_rate.is_none_or(|a| a <= cap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preview_contact_costs_its_handle_time_and_the_unanswered_dials_before_it() {
        // 25 % reach a right party: 3 unanswered dials of 20 s before each 300 s contact.
        assert_eq!(preview_seconds_per_contact(300.0, 0.25, 20.0), 360.0);
        assert_eq!(preview_seconds_per_contact(300.0, 1.0, 20.0), 300.0);
    }

    #[test]
    fn the_fastest_pacing_sees_exactly_the_cap() {
        for n in [1, 5, 20, 100] {
            let a = predictive_max_load(n, 0.03);
            let b = ErlangB::new(a).unwrap().blocking(n);
            assert!((b - 0.03).abs() < 1e-12, "n = {n}: B = {b}");
        }
        assert_eq!(predictive_max_load(0, 0.03), 0.0);
    }

    #[test]
    fn the_pacing_carries_the_target_within_the_cap() {
        // 20 agents reach A* = 14.0 Erlangs at 3 %, carrying 13.58: 12 is within reach.
        let p = predictive_pacing(20, 12.0, 0.03);
        assert!((p.carried_load - 12.0).abs() < 1e-9);
        assert!(p.abandon_rate <= 0.03);
        let b = ErlangB::new(p.connected_load).unwrap().blocking(20);
        assert!((b - p.abandon_rate).abs() < 1e-15);
        // Too few agents: the dialler holds the cap and carries what it can.
        let short = predictive_pacing(10, 14.0, 0.03);
        assert!((short.abandon_rate - 0.03).abs() < 1e-12);
        assert!(short.carried_load < 10.0);
    }

    #[test]
    fn the_predictive_requirement_is_the_fewest_agents_that_carry_the_target() {
        let carried = 14.0;
        let n = predictive_agents(carried, 0.03, 1.0);
        assert!(predictive_max_load(n, 0.03) * 0.97 >= carried);
        assert!(predictive_max_load(n - 1, 0.03) * 0.97 < carried);
        // A looser cap never needs more agents; an occupancy cap may need more.
        assert!(predictive_agents(carried, 0.10, 1.0) <= n);
        assert!(predictive_agents(carried, 0.03, 0.5) >= 28);
    }
}
