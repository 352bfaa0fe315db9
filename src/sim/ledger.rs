//! Runs split into shards: which tasks fall to a shard, what a shard records, and how the
//! records of every shard answer for the whole run.
//!
//! A computation that can be sharded names each of its simulated **steps** (`"simulate"`,
//! `"sweep"`, `"bid uplift 1.05"`) with its task count, and hands [`step`] a function that
//! simulates a range of the tasks into statistics. Whole, the function runs on every task. In a
//! shard it runs on the shard's share and the [`Ledger`] keeps its statistics for the part file;
//! at a merge the ledger answers from the parts, merged, and nothing is simulated.
//!
//! Every statistic a step keeps is a count or an [`ExactSum`](super::ExactSum), so parts merge
//! by adding field by field ([`merge_statistics`]) and the merge is the whole run, bit for bit,
//! however the tasks were split: every random stream comes from (seed, domain, task), never from
//! what ran before it.

use super::exact::ExactSum;
use crate::error::{Error, Result};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Mutex;

/// Shard `index` of `count` (0-based, as Slurm's, Kubernetes' and AWS Batch's array indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    /// This shard, `0..count`.
    pub index: u32,
    /// How many shards share the run.
    pub count: u32,
}

impl Shard {
    /// Shard `index` of `count`, checked.
    pub fn new(index: u32, count: u32) -> Result<Self> {
        if count == 0 || index >= count {
            return Err(Error::invalid(
                "--shard",
                format!("{index}/{count}"),
                "K/N with N ≥ 1 and K from 0 to N − 1 (the array index, counted from 0)",
            ));
        }
        Ok(Shard { index, count })
    }

    /// The tasks of `0..tasks` that fall to this shard: ⌊k·T/N⌋ .. ⌊(k+1)·T/N⌋, contiguous, the
    /// shards' shares differing by at most one task and together covering every task once.
    pub fn range(&self, tasks: u64) -> Range<u64> {
        let at = |k: u32| (u128::from(tasks) * u128::from(k) / u128::from(self.count)) as u64;
        at(self.index)..at(self.index + 1)
    }
}

/// One step's statistics as a shard recorded them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Step {
    /// The step's name, unique within a command.
    pub key: String,
    /// The step's tasks over the whole run.
    pub tasks: u64,
    /// The tasks this shard did.
    pub done: [u64; 2],
    /// The statistics: counts and exact sums only.
    pub statistics: Value,
}

/// Where the statistics of a sharded run's steps go to or come from.
pub enum Ledger {
    /// A shard: each step runs on the shard's share and is recorded.
    Shard {
        /// Which shard.
        shard: Shard,
        /// The steps recorded, in the order they ran.
        steps: Mutex<Vec<Step>>,
    },
    /// A merge: each step is answered from the parts' statistics, already added up.
    Merge {
        /// Per step: its task count and its merged statistics.
        steps: BTreeMap<String, (u64, Value)>,
    },
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ledger::Shard { shard, .. } => {
                write!(f, "Ledger::Shard({}/{})", shard.index, shard.count)
            }
            Ledger::Merge { steps } => write!(f, "Ledger::Merge({} steps)", steps.len()),
        }
    }
}

/// Ledgers are compared by identity (options holding the same ledger are the same options).
impl PartialEq for Ledger {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Ledger {
    /// A shard's ledger, empty.
    pub fn shard(shard: Shard) -> Self {
        Ledger::Shard {
            shard,
            steps: Mutex::new(Vec::new()),
        }
    }

    /// The steps a shard recorded (none at a merge).
    pub fn recorded(&self) -> Vec<Step> {
        match self {
            Ledger::Shard { steps, .. } => steps.lock().map(|s| s.clone()).unwrap_or_default(),
            Ledger::Merge { .. } => Vec::new(),
        }
    }

    /// Whether this ledger records a shard's share (rather than answering a merge).
    pub fn is_shard(&self) -> bool {
        matches!(self, Ledger::Shard { .. })
    }
}

/// Runs the step `key` of `tasks` tasks: `simulate(range)` on every task without a ledger, on
/// the shard's share in a shard (recorded), and not at all at a merge, where the parts' merged
/// statistics answer.
pub fn step<S: Serialize + DeserializeOwned>(
    ledger: Option<&Ledger>,
    key: &str,
    tasks: u64,
    simulate: impl FnOnce(Range<u64>) -> Result<S>,
) -> Result<S> {
    match ledger {
        None => simulate(0..tasks),
        Some(Ledger::Shard { shard, steps }) => {
            let range = shard.range(tasks);
            let statistics = simulate(range.clone())?;
            let value = serde_json::to_value(&statistics).map_err(|e| shape(key, &e))?;
            if let Ok(mut steps) = steps.lock() {
                steps.push(Step {
                    key: key.to_string(),
                    tasks,
                    done: [range.start, range.end],
                    statistics: value,
                });
            }
            Ok(statistics)
        }
        Some(Ledger::Merge { steps }) => {
            let (recorded, value) = steps.get(key).ok_or_else(|| {
                Error::input(
                    "the parts",
                    format!(
                        "they hold no statistics for {key:?}: they were made by another command or staffsim version"
                    ),
                )
            })?;
            if *recorded != tasks {
                return Err(Error::input(
                    "the parts",
                    format!("{key:?} has {recorded} tasks in the parts but {tasks} here"),
                ));
            }
            serde_json::from_value(value.clone()).map_err(|e| shape(key, &e))
        }
    }
}

fn shape(key: &str, cause: &dyn std::fmt::Display) -> Error {
    Error::input(
        "the parts",
        format!("the statistics of {key:?} do not read back ({cause})"),
    )
}

/// Adds the statistics `from` into `into`, field by field: counts add, exact sums (hex strings)
/// add exactly, lists and records add element by element; any other difference in shape means
/// the parts do not belong together, and is named with `key`.
pub fn merge_statistics(into: &mut Value, from: Value, key: &str) -> Result<()> {
    let differ = || {
        Error::input(
            "the parts",
            format!("the statistics of {key:?} differ in shape between parts"),
        )
    };
    match (into, from) {
        (Value::Number(a), Value::Number(b)) => {
            let sum = a
                .as_u64()
                .zip(b.as_u64())
                .and_then(|(a, b)| a.checked_add(b))
                .ok_or_else(differ)?;
            *a = sum.into();
        }
        (Value::String(a), Value::String(b)) => {
            let mut sum = ExactSum::from_hex(a).ok_or_else(differ)?;
            sum.merge(&ExactSum::from_hex(&b).ok_or_else(differ)?);
            *a = sum.to_hex();
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (a, b) in a.iter_mut().zip(b) {
                merge_statistics(a, b, key)?;
            }
        }
        (Value::Object(a), Value::Object(b)) if a.len() == b.len() => {
            for (name, b) in b {
                merge_statistics(a.get_mut(&name).ok_or_else(differ)?, b, key)?;
            }
        }
        (Value::Null, Value::Null) => {}
        (Value::Bool(a), Value::Bool(b)) if *a == b => {}
        _ => return Err(differ()),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shards_cover_every_task_once_in_order() {
        for tasks in [0, 1, 5, 200, 1001] {
            for count in [1, 2, 3, 7, 64] {
                let mut next = 0;
                for index in 0..count {
                    let range = Shard::new(index, count).unwrap().range(tasks);
                    assert_eq!(range.start, next);
                    assert!(range.end - range.start <= tasks.div_ceil(u64::from(count)));
                    next = range.end;
                }
                assert_eq!(next, tasks, "{tasks} tasks over {count}");
            }
        }
        assert!(Shard::new(3, 3).is_err());
        assert!(Shard::new(0, 0).is_err());
    }

    #[test]
    fn statistics_merge_by_adding_and_refuse_other_shapes() {
        let mut a = serde_json::json!({"n": 2, "sum": "3", "per_day": [[1, 2], [0, 1]]});
        let b = serde_json::json!({"n": 5, "sum": "ff", "per_day": [[1, 1], [3, 4]]});
        merge_statistics(&mut a, b, "test").unwrap();
        assert_eq!(
            a,
            serde_json::json!({"n": 7, "sum": "102", "per_day": [[2, 3], [3, 5]]})
        );
        let other = serde_json::json!({"n": 5, "sum": "ff", "per_day": [[1, 1]]});
        assert!(merge_statistics(&mut a, other, "test").is_err());
        assert!(merge_statistics(&mut a, serde_json::json!({"n": 1.5}), "test").is_err());
    }

    #[test]
    fn a_step_runs_whole_records_a_shard_and_answers_a_merge() {
        let sum_of = |r: Range<u64>| -> Result<u64> { Ok(r.sum()) };
        assert_eq!(step(None, "k", 10, sum_of).unwrap(), 45);
        let mut merged: Option<Value> = None;
        for index in 0..3 {
            let ledger = Ledger::shard(Shard::new(index, 3).unwrap());
            step(Some(&ledger), "k", 10, sum_of).unwrap();
            let recorded = ledger.recorded().remove(0).statistics;
            match &mut merged {
                None => merged = Some(recorded),
                Some(m) => merge_statistics(m, recorded, "k").unwrap(),
            }
        }
        let ledger = Ledger::Merge {
            steps: BTreeMap::from([("k".to_string(), (10, merged.unwrap()))]),
        };
        let answered: u64 = step(Some(&ledger), "k", 10, |_| -> Result<u64> {
            panic!("a merge simulates nothing")
        })
        .unwrap();
        assert_eq!(answered, 45);
        assert!(step(Some(&ledger), "k", 11, sum_of).is_err());
        assert!(step(Some(&ledger), "other", 10, sum_of).is_err());
    }
}
