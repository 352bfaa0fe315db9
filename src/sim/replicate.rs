//! The one runner of parallel replications: tasks run in blocks across the current rayon pool
//! and their results are folded **in task order**, so a run gives the same numbers whatever the
//! thread count (the determinism guarantee lives here), and memory holds one block at a time
//! whatever the replication count. `simulate`, day confidence, `sweep` and the bid's risk run
//! all go through it; a sharded run must too.

use crate::error::{Error, Result};
use crate::progress::Progress;
use rayon::prelude::*;
use std::ops::Range;

/// Runs `work(k)` for every task `k` of `tasks` and hands each result to `fold(k, result)` in
/// ascending `k`. Tasks run in blocks of `per_thread` × the pool's threads (a few large results
/// per thread — a replication's interval counters — or many small ones — a sweep option's
/// outcome); each finished task ticks `progress`, and a cancelled `progress` stops the run
/// between blocks with [`Error::Cancelled`].
pub fn in_order<T: Send>(
    tasks: Range<u64>,
    per_thread: u64,
    progress: &dyn Progress,
    work: impl Fn(u64) -> T + Sync + Send,
    mut fold: impl FnMut(u64, T),
) -> Result<()> {
    let block = (rayon::current_num_threads() as u64 * per_thread).max(per_thread.max(1));
    let mut start = tasks.start;
    while start < tasks.end {
        if progress.cancelled() {
            return Err(Error::Cancelled);
        }
        let end = (start + block).min(tasks.end);
        let results: Vec<T> = (start..end)
            .into_par_iter()
            .map(|k| {
                let result = work(k);
                progress.tick();
                result
            })
            .collect();
        for (k, result) in (start..end).zip(results) {
            fold(k, result);
        }
        start = end;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_folded_in_task_order_on_any_pool() {
        for threads in [1, 2, 3, 7] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut seen = Vec::new();
            pool.install(|| in_order(3..103, 4, &|| {}, |k| k * k, |k, r| seen.push((k, r))))
                .unwrap();
            let expected: Vec<(u64, u64)> = (3..103).map(|k| (k, k * k)).collect();
            assert_eq!(seen, expected, "{threads} threads");
        }
    }

    #[test]
    fn a_cancelled_run_stops_before_its_next_block() {
        struct Cancelled;
        impl Progress for Cancelled {
            fn tick(&self) {}
            fn cancelled(&self) -> bool {
                true
            }
        }
        let mut folded = 0;
        let result = in_order(0..10, 1, &Cancelled, |k| k, |_, _| folded += 1);
        assert!(matches!(result, Err(Error::Cancelled)));
        assert_eq!(folded, 0);
    }
}
