//! The page's answers cached by state: the newest [`CACHE_ENTRIES`] kept, and each state worked
//! out once however many ask for it at the same time.

use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::{Arc, Mutex};

/// Answers kept per kind (plans, simulations, bids, sweeps, schedules).
pub(super) const CACHE_ENTRIES: usize = 64;

/// Answers by state key, oldest dropped first once full, and a gate per state being worked
/// out.
#[derive(Debug, Default)]
pub(super) struct Cache {
    order: VecDeque<u64>,
    values: HashMap<u64, Arc<Value>>,
    gates: HashMap<u64, Arc<tokio::sync::Mutex<()>>>,
}

impl Cache {
    /// The answer for `key`, if kept.
    pub(super) fn get(&self, key: u64) -> Option<Arc<Value>> {
        self.values.get(&key).cloned()
    }

    /// Keeps `value` for `key`, dropping the oldest beyond [`CACHE_ENTRIES`].
    pub(super) fn put(&mut self, key: u64, value: Arc<Value>) {
        if self.values.insert(key, value).is_none() {
            self.order.push_back(key);
        }
        while self.order.len() > CACHE_ENTRIES {
            if let Some(old) = self.order.pop_front() {
                self.values.remove(&old);
            }
        }
    }
}

/// The answer for `key` from `cache`, or else worked out by `work` and kept; with whether it
/// came from the cache. Concurrent asks for one key wait for the first to finish and take its
/// answer, so a state is worked out once however many ask for it at once. Errors are not kept
/// (a busy simulation slot is not an answer): the next ask in line works it out again.
pub(super) async fn once<E>(
    cache: &Mutex<Cache>,
    key: u64,
    work: impl Future<Output = Result<Value, E>>,
) -> Result<(Arc<Value>, bool), E> {
    let kept = || cache.lock().expect("cache").get(key);
    if let Some(hit) = kept() {
        return Ok((hit, true));
    }
    let gate = cache
        .lock()
        .expect("cache")
        .gates
        .entry(key)
        .or_default()
        .clone();
    let _turn = gate.lock().await;
    if let Some(hit) = kept() {
        return Ok((hit, true));
    }
    let answer = work.await.map(Arc::new);
    // Kept before the gate goes, so an ask arriving in between finds the answer.
    let mut cache = cache.lock().expect("cache");
    if let Ok(answer) = &answer {
        cache.put(key, answer.clone());
    }
    cache.gates.remove(&key);
    Ok((answer?, false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[test]
    fn the_cache_keeps_the_newest_answers() {
        let mut cache = Cache::default();
        for k in 0..(CACHE_ENTRIES as u64 + 5) {
            cache.put(k, Arc::new(json!(k)));
        }
        assert!(cache.get(0).is_none());
        assert_eq!(
            cache.get(CACHE_ENTRIES as u64 + 4).as_deref(),
            Some(&json!(CACHE_ENTRIES + 4))
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_asks_for_one_state_work_it_out_once_and_errors_are_not_kept() {
        let cache = Arc::new(Mutex::new(Cache::default()));
        let worked = Arc::new(AtomicU32::new(0));
        let asks: Vec<_> = (0..16)
            .map(|_| {
                let (cache, worked) = (cache.clone(), worked.clone());
                tokio::spawn(async move {
                    once(&cache, 7, async {
                        worked.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        Ok::<_, String>(json!("answer"))
                    })
                    .await
                })
            })
            .collect();
        let mut from_cache = 0;
        for ask in asks {
            let (answer, hit) = ask.await.unwrap().unwrap();
            assert_eq!(*answer, json!("answer"));
            from_cache += usize::from(hit);
        }
        assert_eq!(worked.load(Ordering::SeqCst), 1);
        assert_eq!(from_cache, 15);
        // A failure is answered but not kept: the next ask works it out.
        let failed = once(&cache, 8, async { Err::<Value, _>("busy") }).await;
        assert_eq!(failed.unwrap_err(), "busy");
        let (_, hit) = once(&cache, 8, async { Ok::<_, &str>(json!(1)) })
            .await
            .unwrap();
        assert!(!hit);
        assert!(cache.lock().unwrap().gates.is_empty());
    }
}
