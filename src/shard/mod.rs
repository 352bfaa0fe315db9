//! Runs beyond one machine: the shard a process is (`--shard K/N`, or the array index its
//! scheduler sets), the part file it writes, and the reading of a set of parts into the ledger a
//! merge answers from (see [`crate::sim::ledger`]).
//!
//! A part is one JSON object: what made it (staffsim's version, the command line, the
//! scenario's SHA-256 over every file it reads, the seed and the replications), which shard of
//! how many it is, and each step's statistics — counts and exact sums, never means. Parts that
//! belong together have the same everything but the shard; a merge refuses any other set,
//! naming the part and what differs.

use crate::error::{Error, Result};
use crate::sim::ledger::{Ledger, Shard, Statistics, Step};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a part file says it is, in its `format` field.
pub const FORMAT: &str = "staffsim partial result";

/// The part format's version: parts of another version are refused.
pub const VERSION: u32 = 1;

/// How a process is told its shard: `K/N`, or `auto` (or `auto/N`) from the scheduler's array
/// index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardSpec {
    /// Given on the command line.
    Fixed(Shard),
    /// From the environment; with the count when the scheduler does not set it.
    Auto(Option<u32>),
}

impl std::str::FromStr for ShardSpec {
    type Err = String;

    /// `K/N` (K from 0 to N − 1), `auto` or `auto/N`.
    fn from_str(text: &str) -> std::result::Result<Self, String> {
        let usage = || {
            "must be K/N (shard K of N, K from 0 to N − 1), auto (Slurm's array) or auto/N \
             (Kubernetes' or AWS Batch's array of N)"
                .to_string()
        };
        let (index, count) = match text.trim().split_once('/') {
            Some((index, count)) => (index.trim(), Some(count.trim())),
            None => (text.trim(), None),
        };
        let count = match count {
            Some(count) => Some(count.parse::<u32>().map_err(|_| usage())?),
            None => None,
        };
        if index == "auto" {
            return Ok(ShardSpec::Auto(count));
        }
        let index = index.parse::<u32>().map_err(|_| usage())?;
        let count = count.ok_or_else(usage)?;
        Shard::new(index, count)
            .map(ShardSpec::Fixed)
            .map_err(|e| e.to_string())
    }
}

impl ShardSpec {
    /// The shard, reading `auto` from `env` (the process environment, or a test's): Slurm's
    /// `SLURM_ARRAY_TASK_ID` − `SLURM_ARRAY_TASK_MIN` of `SLURM_ARRAY_TASK_COUNT`, Kubernetes'
    /// `JOB_COMPLETION_INDEX` or AWS Batch's `AWS_BATCH_JOB_ARRAY_INDEX` (these two need
    /// `auto/N`: they do not say the array's size).
    pub fn resolve(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<Shard> {
        let count = match self {
            ShardSpec::Fixed(shard) => return Ok(*shard),
            ShardSpec::Auto(count) => *count,
        };
        let number =
            |name: &str| -> Result<Option<u32>> {
                match env(name) {
                    None => Ok(None),
                    Some(text) => text.trim().parse::<u32>().map(Some).map_err(|_| {
                        Error::invalid(name, text, "a whole number (the array index)")
                    }),
                }
            };
        if let Some(id) = number("SLURM_ARRAY_TASK_ID")? {
            let first = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let slurm_count = number("SLURM_ARRAY_TASK_COUNT")?;
            let count = match (count, slurm_count) {
                (Some(n), Some(m)) if n != m => {
                    return Err(Error::invalid(
                        "--shard",
                        format!("auto/{n}"),
                        format!("the array's size, which Slurm says is {m}"),
                    ));
                }
                (Some(n), _) | (None, Some(n)) => n,
                (None, None) => return Err(needs_count("SLURM_ARRAY_TASK_COUNT")),
            };
            let index = id.checked_sub(first).ok_or_else(|| {
                Error::invalid("SLURM_ARRAY_TASK_ID", id, format!("at least {first}"))
            })?;
            return Shard::new(index, count);
        }
        for name in ["JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"] {
            if let Some(index) = number(name)? {
                return Shard::new(index, count.ok_or_else(|| needs_count(name))?);
            }
        }
        Err(Error::invalid(
            "--shard",
            "auto",
            "run in an array job: none of SLURM_ARRAY_TASK_ID (Slurm), JOB_COMPLETION_INDEX \
             (a Kubernetes Indexed Job) or AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch) is set",
        ))
    }
}

fn needs_count(variable: &str) -> Error {
    Error::invalid(
        "--shard",
        "auto",
        format!("auto/N: {variable} gives the index but not how many shards there are"),
    )
}

/// What made a part, and which shard it is.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PartHeader {
    /// [`FORMAT`].
    pub format: String,
    /// [`VERSION`].
    pub version: u32,
    /// The staffsim that wrote it.
    pub staffsim: String,
    /// The command line that made it, less the program, `--shard` and `--partial`, with the
    /// scenario's path absolute: what a merge runs again, answered from the parts.
    pub command: Vec<String>,
    /// The scenario's path, absolute (`None`: the bundled scenario).
    pub scenario: Option<PathBuf>,
    /// SHA-256 over the scenario and every file it reads, in hex.
    pub scenario_sha256: String,
    /// The base seed.
    pub seed: u64,
    /// The replications.
    pub replications: u32,
    /// Which shard of how many.
    pub shard: Shard,
    /// The shard's wall-clock seconds.
    pub wall_seconds: f64,
    /// The shard's CPU seconds (user and system, every thread), where the system says.
    pub cpu_seconds: Option<f64>,
}

/// A part file: its header and its steps' statistics.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Part {
    /// What made it.
    #[serde(flatten)]
    pub header: PartHeader,
    /// The steps, in the order they ran.
    pub steps: Vec<Step>,
}

impl Part {
    /// Writes the part to `path`, atomically.
    pub fn write(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_vec(self).map_err(|e| Error::Write {
            path: path.to_path_buf(),
            source: std::io::Error::other(e),
        })?;
        crate::report::write_atomically(path, &json)
    }
}

/// SHA-256, in hex, over every file the scenario at `path` reads (the scenario first), each
/// preceded by its length: parts from scenarios that differ in any byte do not merge.
pub fn scenario_sha256(path: &Path) -> Result<String> {
    let mut hasher = Sha256::new();
    for (_, file) in crate::scenario::input_files(path) {
        let bytes = crate::input::read_binary(&file)?;
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    Ok(hex(&hasher.finalize()))
}

/// SHA-256, in hex, of text given whole (the bundled scenario and its staff list).
pub fn text_sha256(texts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for text in texts {
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    }
    hex(&hasher.finalize())
}

/// This process's CPU time so far, user and system, every thread (`None` where unknown).
pub fn cpu_seconds() -> Option<f64> {
    #[cfg(target_os = "linux")]
    {
        // /proc/self/stat: fields 14 and 15 (utime, stime) in clock ticks, after the command
        // name in parentheses.
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let ticks: f64 =
            fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
        Some(ticks / rustix::param::clock_ticks_per_second() as f64)
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A set of parts read and checked: what made them, and the ledger that answers the merge.
#[derive(Debug)]
pub struct Parts {
    /// The first part's header (the others agree with it but for the shard and timings).
    pub header: PartHeader,
    /// The merged steps.
    pub ledger: Ledger,
    /// Σ of the shards' wall-clock seconds.
    pub wall_seconds: f64,
    /// Σ of the shards' CPU seconds, when every part says.
    pub cpu_seconds: Option<f64>,
}

/// Reads the parts at `paths` one at a time (memory holds one part and the running sums),
/// checks that they belong together — one format, staffsim, command, scenario, seed and
/// replication count, and every shard present once — and adds up their steps.
pub fn read_parts(paths: &[PathBuf]) -> Result<Parts> {
    let mut first: Option<(PathBuf, PartHeader)> = None;
    let mut seen: BTreeMap<u32, PathBuf> = BTreeMap::new();
    let mut steps: BTreeMap<String, (u64, Statistics)> = BTreeMap::new();
    let mut keys: Option<Vec<String>> = None;
    let (mut wall_seconds, mut cpu_seconds) = (0.0, Some(0.0));
    for path in paths {
        let part = read_part(path)?;
        let header = &part.header;
        if let Some(earlier) = seen.insert(header.shard.index, path.clone()) {
            return Err(part_error(
                path,
                format!(
                    "shard {} of {} is given twice: here and in {}",
                    header.shard.index,
                    header.shard.count,
                    earlier.display()
                ),
            ));
        }
        match &first {
            None => first = Some((path.clone(), header.clone())),
            Some((first_path, expected)) => belongs_with(path, header, first_path, expected)?,
        }
        let mut these: Vec<String> = part.steps.iter().map(|s| s.key.clone()).collect();
        these.sort();
        match &keys {
            None => keys = Some(these),
            Some(expected) if *expected != these => {
                return Err(part_error(
                    path,
                    "its steps differ from the other parts': they were made by another command",
                ));
            }
            Some(_) => {}
        }
        wall_seconds += header.wall_seconds;
        cpu_seconds = cpu_seconds.zip(header.cpu_seconds).map(|(a, b)| a + b);
        for step in part.steps {
            merge_step(&mut steps, step, path)?;
        }
    }
    let (_, header) = first.ok_or_else(|| Error::invalid("PARTS", "none", "at least one part"))?;
    let absent = u64::from(header.shard.count) - seen.len() as u64;
    if absent > 0 {
        // Name the first few (a count of millions is legal, and its list is not).
        let mut missing: Vec<String> = (0..header.shard.count)
            .filter(|k| !seen.contains_key(k))
            .take(10)
            .map(|k| k.to_string())
            .collect();
        if absent > 10 {
            missing.push(format!("and {} more", absent - 10));
        }
        return Err(Error::input(
            "the parts",
            format!(
                "shard {} of {} is missing (shards are numbered from 0)",
                missing.join(", "),
                header.shard.count
            ),
        ));
    }
    let steps = steps
        .into_iter()
        .map(|(key, (tasks, sums))| (key, (tasks, sums.into_value())))
        .collect();
    Ok(Parts {
        header,
        ledger: Ledger::Merge { steps },
        wall_seconds,
        cpu_seconds,
    })
}

/// Reads one part, refusing a file that is not a whole part of this format's version.
pub fn read_part(path: &Path) -> Result<Part> {
    let reader = crate::input::open(path)?;
    let part: Part = serde_json::from_reader(reader).map_err(|e| {
        let why = if e.is_eof() {
            "it ends too soon: a truncated part (was its shard still running, or its copy cut short?)"
                .to_string()
        } else {
            format!("it is not a staffsim part ({e})")
        };
        part_error(path, why)
    })?;
    let shard = part.header.shard;
    if Shard::new(shard.index, shard.count).is_err() {
        return Err(part_error(
            path,
            format!("it says it is shard {} of {}", shard.index, shard.count),
        ));
    }
    if part.header.format != FORMAT || part.header.version != VERSION {
        return Err(part_error(
            path,
            format!(
                "it is a {:?} of version {}; this staffsim reads {FORMAT:?} version {VERSION}",
                part.header.format, part.header.version
            ),
        ));
    }
    Ok(part)
}

/// Whether the part at `path` belongs with the first part read; names the first difference.
fn belongs_with(
    path: &Path,
    header: &PartHeader,
    first_path: &Path,
    first: &PartHeader,
) -> Result<()> {
    let checks: [(&str, String, String); 6] = [
        ("staffsim", header.staffsim.clone(), first.staffsim.clone()),
        (
            "scenario",
            header.scenario_sha256.clone(),
            first.scenario_sha256.clone(),
        ),
        ("seed", header.seed.to_string(), first.seed.to_string()),
        (
            "replications",
            header.replications.to_string(),
            first.replications.to_string(),
        ),
        (
            "shard count",
            header.shard.count.to_string(),
            first.shard.count.to_string(),
        ),
        ("command", header.command.join(" "), first.command.join(" ")),
    ];
    for (what, here, there) in checks {
        if here != there {
            let what = if what == "scenario" {
                "scenario (SHA-256 of its files)"
            } else {
                what
            };
            return Err(part_error(
                path,
                format!(
                    "its {what} is {here} but {} has {there}: the parts are of different runs",
                    first_path.display()
                ),
            ));
        }
    }
    Ok(())
}

/// Adds one part's step into the merged steps.
fn merge_step(
    steps: &mut BTreeMap<String, (u64, Statistics)>,
    step: Step,
    path: &Path,
) -> Result<()> {
    match steps.get_mut(&step.key) {
        None => {
            let sums = Statistics::new(step.statistics, &step.key)
                .map_err(|e| part_error(path, e.to_string()))?;
            steps.insert(step.key, (step.tasks, sums));
        }
        Some((tasks, statistics)) => {
            if *tasks != step.tasks {
                return Err(part_error(
                    path,
                    format!(
                        "its step {:?} has {} tasks, the other parts' {tasks}",
                        step.key, step.tasks
                    ),
                ));
            }
            statistics
                .add(step.statistics, &step.key)
                .map_err(|e| part_error(path, e.to_string()))?;
        }
    }
    Ok(())
}

fn part_error(path: &Path, message: impl Into<String>) -> Error {
    Error::input(path.display(), message.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn a_shard_is_read_as_k_of_n_or_from_the_schedulers_array_index() {
        let fixed: ShardSpec = "2/7".parse().unwrap();
        assert_eq!(fixed.resolve(&env(&[])).unwrap(), Shard::new(2, 7).unwrap());
        assert!("7/7".parse::<ShardSpec>().is_err());
        assert!("2".parse::<ShardSpec>().is_err());
        assert!("x/3".parse::<ShardSpec>().is_err());
        let auto: ShardSpec = "auto".parse().unwrap();
        let slurm = env(&[
            ("SLURM_ARRAY_TASK_ID", "4"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "5"),
        ]);
        assert_eq!(auto.resolve(&slurm).unwrap(), Shard::new(3, 5).unwrap());
        let k8s = env(&[("JOB_COMPLETION_INDEX", "2")]);
        assert!(auto.resolve(&k8s).is_err(), "Kubernetes needs auto/N");
        let auto3: ShardSpec = "auto/3".parse().unwrap();
        assert_eq!(auto3.resolve(&k8s).unwrap(), Shard::new(2, 3).unwrap());
        let aws = env(&[("AWS_BATCH_JOB_ARRAY_INDEX", "0")]);
        assert_eq!(auto3.resolve(&aws).unwrap(), Shard::new(0, 3).unwrap());
        assert!(auto.resolve(&env(&[])).is_err(), "no array: an error");
        assert!(
            "auto/4"
                .parse::<ShardSpec>()
                .unwrap()
                .resolve(&slurm)
                .is_err(),
            "a count that contradicts Slurm's"
        );
    }
}
