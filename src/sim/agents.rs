//! The agents on the phones as a min-heap of the times they are next free.
//!
//! Agents are interchangeable, so only the times matter. The hot operation is "the first agent
//! free takes a contact and is next free at its end": `replace_first`, done the way Floyd's
//! heapsort does it — walk the hole down to a leaf along the smallest children (a choice made
//! without a branch), then sift the new time up the few levels it needs (a contact's end is
//! usually later than most agents' free times). The heap is 4-ary, half as deep as a binary one.
//! A textbook binary sift-down branches unpredictably at every level; with it the heap was half
//! the simulator's time.

/// A non-negative time as an integer that orders the same way.
#[inline]
fn key(time: f64) -> u64 {
    (time + 0.0).to_bits()
}

/// The agents' next free times (seconds, non-negative).
#[derive(Debug, Clone, Default)]
pub(super) struct FreeTimes {
    keys: Vec<u64>,
}

impl FreeTimes {
    /// Every agent goes.
    pub(super) fn clear(&mut self) {
        self.keys.clear();
    }

    /// Agents on the phones.
    #[inline]
    pub(super) fn len(&self) -> usize {
        self.keys.len()
    }

    /// The earliest free time, if there is an agent.
    #[inline]
    pub(super) fn first(&self) -> Option<f64> {
        self.keys.first().map(|&k| f64::from_bits(k))
    }

    /// Adds an agent free at `time`.
    pub(super) fn push(&mut self, time: f64) {
        self.keys.push(key(time));
        let last = self.keys.len() - 1;
        super::heap::sift_up(&mut self.keys, last, key(time));
    }

    /// Removes the agent free first and returns its time.
    pub(super) fn pop(&mut self) -> Option<f64> {
        let last = self.keys.pop()?;
        if self.keys.is_empty() {
            return Some(f64::from_bits(last));
        }
        let first = self.keys[0];
        super::heap::fill_from_top(&mut self.keys, last);
        Some(f64::from_bits(first))
    }

    /// The agent free first is next free at `time` instead.
    ///
    /// # Panics
    /// With no agents.
    #[inline]
    pub(super) fn replace_first(&mut self, time: f64) {
        assert!(!self.keys.is_empty(), "replace_first needs an agent");
        super::heap::fill_from_top(&mut self.keys, key(time));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn times_come_out_in_order_through_any_mix_of_operations() {
        let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(5);
        let mut heap = FreeTimes::default();
        let mut model: Vec<f64> = Vec::new();
        for _ in 0..20_000 {
            let time = f64::from(rng.random_range(0..1000u32)) * 0.5;
            match rng.random_range(0..3u8) {
                0 => {
                    heap.push(time);
                    model.push(time);
                }
                1 => {
                    model.sort_by(f64::total_cmp);
                    let expected = (!model.is_empty()).then(|| model.remove(0));
                    assert_eq!(heap.pop(), expected);
                }
                _ if !model.is_empty() => {
                    model.sort_by(f64::total_cmp);
                    model[0] = time;
                    heap.replace_first(time);
                }
                _ => {}
            }
            model.sort_by(f64::total_cmp);
            assert_eq!(heap.first(), model.first().copied());
            assert_eq!(heap.len(), model.len());
        }
    }

    #[test]
    fn zero_and_negative_zero_are_the_same_time() {
        let mut heap = FreeTimes::default();
        heap.push(1.0);
        heap.push(-0.0);
        assert_eq!(heap.pop(), Some(0.0));
        assert_eq!(heap.pop(), Some(1.0));
        assert_eq!(heap.pop(), None);
    }
}
