//! Runs split into shards: which tasks fall to a shard, what a shard records, and how the
//! records of every shard answer for the whole run.
//!
//! A computation that can be sharded names each of its simulated **steps** (`"simulate"`,
//! `"sweep"`, `"bid uplift 1.05"`) with its task count, and hands [`step`] a function that
//! simulates a range of the tasks into statistics. Whole, the function runs on every task. In a
//! shard it runs on the shard's share and the [`Ledger`] keeps its statistics for the part file;
//! at a merge the ledger answers from the parts, merged, and nothing is simulated.
//!
//! Every statistic a step keeps is a count or an [`ExactSum`], so parts merge
//! by adding field by field ([`Statistics`]) and the merge is the whole run, bit for bit,
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
    /// Another ledger with every step's name prefixed by `scope`: one queue's steps in a
    /// command that simulates several queues the same way.
    Scoped {
        /// The ledger the steps go to.
        inner: &'static Ledger,
        /// The prefix, e.g. the queue's name.
        scope: String,
    },
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ledger::Shard { shard, .. } => {
                write!(f, "Ledger::Shard({}/{})", shard.index, shard.count)
            }
            Ledger::Merge { steps } => write!(f, "Ledger::Merge({} steps)", steps.len()),
            Ledger::Scoped { inner, scope } => write!(f, "{inner:?} scoped to {scope:?}"),
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

    /// The steps a shard recorded, handed over (none at a merge, none the second time).
    pub fn take_recorded(&self) -> Vec<Step> {
        match self {
            Ledger::Shard { steps, .. } => steps
                .lock()
                .map(|mut s| std::mem::take(&mut *s))
                .unwrap_or_default(),
            Ledger::Merge { .. } | Ledger::Scoped { .. } => Vec::new(),
        }
    }

    /// The shard this ledger records (`None` at a merge).
    pub fn shard_of(&self) -> Option<Shard> {
        match self {
            Ledger::Shard { shard, .. } => Some(*shard),
            Ledger::Merge { .. } => None,
            Ledger::Scoped { inner, .. } => inner.shard_of(),
        }
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
        Some(Ledger::Scoped { inner, scope }) => {
            step(Some(*inner), &format!("{scope}: {key}"), tasks, simulate)
        }
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
            S::deserialize(value).map_err(|e| shape(key, &e))
        }
    }
}

fn shape(key: &str, cause: &dyn std::fmt::Display) -> Error {
    Error::input(
        "the parts",
        format!("the statistics of {key:?} do not read back ({cause})"),
    )
}

/// Statistics being added up part by part: the shape of the parts' JSON, with every count and
/// exact sum read once (not re-read and re-written at every part). Counts add, exact sums add
/// exactly, lists and records add element by element; any other difference in shape means the
/// parts do not belong together.
#[derive(Debug, Clone)]
pub struct Statistics(Node);

#[derive(Debug, Clone)]
enum Node {
    Count(u64),
    Sum(ExactSum),
    List(Vec<Node>),
    Record(Vec<(String, Node)>),
    Fixed(Value),
}

impl Statistics {
    /// The first part's statistics of the step `key`.
    pub fn new(value: Value, key: &str) -> Result<Self> {
        Node::of(value).map(Statistics).ok_or_else(|| differ(key))
    }

    /// Adds another part's statistics of the step `key`.
    pub fn add(&mut self, value: Value, key: &str) -> Result<()> {
        self.0.add(value).ok_or_else(|| differ(key))
    }

    /// The sums, as the statistics' JSON.
    pub fn into_value(self) -> Value {
        self.0.into_value()
    }
}

fn differ(key: &str) -> Error {
    Error::input(
        "the parts",
        format!(
            "the statistics of {key:?} differ in shape between parts, or are not counts and exact sums"
        ),
    )
}

impl Node {
    fn of(value: Value) -> Option<Node> {
        Some(match value {
            Value::Number(n) => Node::Count(n.as_u64()?),
            Value::String(text) => Node::Sum(ExactSum::from_text(&text)?),
            Value::Array(items) => {
                Node::List(items.into_iter().map(Node::of).collect::<Option<_>>()?)
            }
            Value::Object(map) => Node::Record(
                map.into_iter()
                    .map(|(k, v)| Node::of(v).map(|n| (k, n)))
                    .collect::<Option<_>>()?,
            ),
            other => Node::Fixed(other),
        })
    }

    fn add(&mut self, value: Value) -> Option<()> {
        match (self, value) {
            (Node::Count(a), Value::Number(b)) => *a = a.checked_add(b.as_u64()?)?,
            (Node::Sum(a), Value::String(b)) => a.merge(&ExactSum::from_text(&b)?),
            (Node::List(a), Value::Array(b)) if a.len() == b.len() => {
                for (a, b) in a.iter_mut().zip(b) {
                    a.add(b)?;
                }
            }
            (Node::Record(a), Value::Object(b)) if a.len() == b.len() => {
                // Both in key order (serde_json's maps are sorted).
                for ((name, a), (other, b)) in a.iter_mut().zip(b) {
                    if *name != other {
                        return None;
                    }
                    a.add(b)?;
                }
            }
            (Node::Fixed(a), b) if *a == b => {}
            _ => return None,
        }
        Some(())
    }

    fn into_value(self) -> Value {
        match self {
            Node::Count(n) => n.into(),
            Node::Sum(s) => s.to_text().into(),
            Node::List(items) => items.into_iter().map(Node::into_value).collect(),
            Node::Record(fields) => Value::Object(
                fields
                    .into_iter()
                    .map(|(k, n)| (k, n.into_value()))
                    .collect(),
            ),
            Node::Fixed(v) => v,
        }
    }
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
        let a = serde_json::json!({"n": 2, "sum": "3", "per_day": [[1, 2], [0, 1]]});
        let b = serde_json::json!({"n": 5, "sum": "fp1", "per_day": [[1, 1], [3, 4]]});
        let mut sums = Statistics::new(a, "test").unwrap();
        sums.add(b, "test").unwrap();
        assert_eq!(
            sums.clone().into_value(),
            serde_json::json!({"n": 7, "sum": "f3", "per_day": [[2, 3], [3, 5]]})
        );
        let other = serde_json::json!({"n": 5, "sum": "ff", "per_day": [[1, 1]]});
        assert!(sums.add(other, "test").is_err());
        let renamed = serde_json::json!({"m": 5, "sum": "ff", "per_day": [[1, 1], [3, 4]]});
        assert!(sums.add(renamed, "test").is_err());
        assert!(Statistics::new(serde_json::json!({"n": 1.5}), "test").is_err());
    }

    #[test]
    fn a_step_runs_whole_records_a_shard_and_answers_a_merge() {
        let sum_of = |r: Range<u64>| -> Result<u64> { Ok(r.sum()) };
        assert_eq!(step(None, "k", 10, sum_of).unwrap(), 45);
        let mut merged: Option<Statistics> = None;
        for index in 0..3 {
            let ledger = Ledger::shard(Shard::new(index, 3).unwrap());
            step(Some(&ledger), "k", 10, sum_of).unwrap();
            let recorded = ledger.take_recorded().remove(0).statistics;
            match &mut merged {
                None => merged = Some(Statistics::new(recorded, "k").unwrap()),
                Some(m) => m.add(recorded, "k").unwrap(),
            }
        }
        let ledger = Ledger::Merge {
            steps: BTreeMap::from([("k".to_string(), (10, merged.unwrap().into_value()))]),
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
