//! The event calendar: a binary heap ordered by time, then by insertion order, so that events
//! scheduled for the same instant come out first-in, first-out.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A scheduled event: when, in which order it was scheduled, and what.
#[derive(Debug, Clone, Copy)]
struct Entry<E> {
    time: f64,
    sequence: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl<E> Eq for Entry<E> {}

impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<E> Ord for Entry<E> {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest time, then the lowest sequence.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .total_cmp(&self.time)
            .then_with(|| other.sequence.cmp(&self.sequence))
    }
}

/// Future events in time order; ties in scheduling order.
#[derive(Debug, Clone)]
pub struct Calendar<E> {
    heap: BinaryHeap<Entry<E>>,
    scheduled: u64,
}

impl<E> Default for Calendar<E> {
    fn default() -> Self {
        Self {
            heap: BinaryHeap::new(),
            scheduled: 0,
        }
    }
}

impl<E: Copy> Calendar<E> {
    /// Schedules `event` at `time` (seconds, finite).
    pub fn schedule(&mut self, time: f64, event: E) {
        debug_assert!(time.is_finite(), "events need finite times");
        self.heap.push(Entry {
            time,
            sequence: self.scheduled,
            event,
        });
        self.scheduled += 1;
    }

    /// The time of the next event, if any.
    pub fn next_time(&self) -> Option<f64> {
        self.heap.peek().map(|e| e.time)
    }

    /// Removes and returns the next event.
    pub fn pop(&mut self) -> Option<(f64, E)> {
        self.heap.pop().map(|e| (e.time, e.event))
    }

    /// True when nothing is scheduled.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_come_out_in_time_order_and_ties_first_in_first_out() {
        let mut calendar = Calendar::default();
        calendar.schedule(5.0, 'a');
        calendar.schedule(1.0, 'b');
        calendar.schedule(5.0, 'c');
        calendar.schedule(3.0, 'd');
        calendar.schedule(5.0, 'e');
        let order: Vec<char> = std::iter::from_fn(|| calendar.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, vec!['b', 'd', 'a', 'c', 'e']);
        assert!(calendar.is_empty());
    }
}
