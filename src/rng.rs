//! Every random stream in the crate: one generator type and one way to derive a stream from the
//! run's seed, what the stream is for and its index — so streams never depend on how work is
//! spread over threads or machines, and streams of different purposes never coincide. It depends
//! on nothing in the crate, so the forecast (a synthetic history) and the simulation both draw
//! from it.

use rand::SeedableRng;

/// The generator of one stream: xoshiro256++, portable and fast.
pub type SimRng = rand::rngs::Xoshiro256PlusPlus;

/// What a stream is for. Each purpose salts the seed with its own constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    /// Replication `index` of a simulation: arrivals, handle times, patience, day errors.
    Replication,
    /// Month `index` of a bid's term: the seed its replications run from.
    BidMonth,
    /// The bid's term-wide volume error of replication `index`, shared by every month.
    TermVolume,
    /// A month's own volume error of replication `index` (from the month's seed).
    MonthVolume,
    /// A synthetic history (`staffsim forecast --synthesize`); index 0.
    Synthesis,
    /// Queue `index`'s arrivals in one replication of a multi-skill portfolio (from the
    /// replication's seed).
    QueueArrivals,
    /// Queue `index`'s contacts' handle times and patience in one replication of a multi-skill
    /// portfolio (from the replication's seed).
    QueueDraws,
    /// The roster search's moves (`staffsim roster`); index 0.
    Roster,
    /// Agent-day `index`'s absence when a roster is simulated (from the replication's seed).
    Absence,
}

impl Domain {
    /// The constant XORed into the seed (0 for replications, so their streams are the plain mix
    /// of seed and index).
    const fn salt(self) -> u64 {
        match self {
            Domain::Replication => 0,
            Domain::BidMonth => 0xD1B5_4A32_D192_ED03,
            Domain::TermVolume => 0x5EED_0F7E_A11E_7E4D,
            Domain::MonthVolume => 0x0BAD_C0DE_0F0E_CA57,
            Domain::Synthesis => 0x5A17_4E5E_0F00_D5ED,
            Domain::QueueArrivals => 0xA4B1_7A15_0F0E_0E01,
            Domain::QueueDraws => 0xD4A3_5F0C_0A7E_0E02,
            Domain::Roster => 0x2057_E25E_A2C4_0003,
            Domain::Absence => 0xAB5E_0CE0_DA7A_0004,
        }
    }
}

/// The seed of stream `index` of `domain` in a run with base seed `seed`.
///
/// # Formula
///
/// `x = seed ⊕ salt(domain) ⊕ (index + 1)·0x9E3779B97F4A7C15`, then SplitMix64's finaliser:
/// `z = (x ⊕ x≫30)·0xBF58476D1CE4E5B9`, `z = (z ⊕ z≫27)·0x94D049BB133111EB`, `z ⊕ z≫31`
/// (Steele, Lea and Flood, *Fast splittable pseudorandom number generators*, OOPSLA 2014).
pub fn seed_of(seed: u64, domain: Domain, index: u64) -> u64 {
    let mut z = seed ^ domain.salt() ^ index.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generator of stream `index` of `domain` in a run with base seed `seed`.
pub fn stream(seed: u64, domain: Domain, index: u64) -> SimRng {
    SimRng::seed_from_u64(seed_of(seed, domain, index))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn streams_differ_by_index_and_by_purpose_and_repeat_for_the_same_ones() {
        let first = |mut r: SimRng| r.random::<u64>();
        assert_eq!(
            first(stream(7, Domain::Replication, 3)),
            first(stream(7, Domain::Replication, 3))
        );
        let mut seen = std::collections::HashSet::new();
        for domain in [
            Domain::Replication,
            Domain::BidMonth,
            Domain::TermVolume,
            Domain::MonthVolume,
            Domain::Synthesis,
            Domain::QueueArrivals,
            Domain::QueueDraws,
        ] {
            for index in 0..100 {
                assert!(
                    seen.insert(first(stream(7, domain, index))),
                    "{domain:?} {index}"
                );
            }
        }
    }

    #[test]
    fn the_mix_is_splitmix64s_finaliser() {
        // SplitMix64 seeded with 0 first returns 0xE220A8397B1DCDAF (its reference sequence):
        // the finaliser of 0 + φ, which is stream 0 of seed 0.
        assert_eq!(seed_of(0, Domain::Replication, 0), 0xE220_A839_7B1D_CDAF);
    }
}
