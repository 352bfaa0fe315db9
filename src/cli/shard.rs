//! `--shard K/N` and `--partial PATH` on `simulate`, `sweep`, `bid` and `run`; and `staffsim
//! merge PARTS…`, which runs the parts' command again with every simulated step answered from
//! the parts (see `staffsim::sim::ledger`), so it prints and writes what the command alone would.

use super::UsageError;
use clap::Args;
use staffsim::shard::{self, Part, PartHeader, ShardSpec};
use staffsim::sim::SimOptions;
use staffsim::sim::ledger::{Ledger, Shard};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

/// The process's ledger: a shard's, or a merge's; unset for a run in one piece.
static LEDGER: OnceLock<Ledger> = OnceLock::new();

/// The ledger the simulation options carry (see [`super::args::SimFlags::options`]).
pub(super) fn ledger() -> Option<&'static Ledger> {
    LEDGER.get()
}

fn install(ledger: Ledger) -> anyhow::Result<()> {
    LEDGER
        .set(ledger)
        .map_err(|_| anyhow::anyhow!("a shard or merge is already under way in this process"))
}

/// The flags of a sharded run.
#[derive(Debug, Args)]
pub(super) struct ShardFlags {
    /// Do only shard K of N (K from 0 to N − 1) of the simulated work and write its partial
    /// result for `staffsim merge`; `auto` takes the index from a Slurm array
    /// (SLURM_ARRAY_TASK_ID), `auto/N` from a Kubernetes Indexed Job (JOB_COMPLETION_INDEX) or
    /// an AWS Batch array (AWS_BATCH_JOB_ARRAY_INDEX) of N.
    #[arg(long, value_name = "K/N|auto[/N]")]
    shard: Option<ShardSpec>,

    /// Where the shard writes its partial result: a file, or a folder (an existing one, or a
    /// path ending in /) to hold it as <command>-part-K-of-N.json, the default name.
    #[arg(long, value_name = "PATH", requires = "shard")]
    partial: Option<PathBuf>,
}

/// `options` with its ledger, if any, scoped to `scope`: one queue's steps named apart from the
/// other queues' in a command that runs each queue the same way. (The scoped ledger lives as long
/// as the process, as the ledger it wraps does.)
pub(super) fn scoped(options: SimOptions, scope: &str) -> SimOptions {
    let ledger = options.ledger.map(|inner| {
        &*Box::leak(Box::new(Ledger::Scoped {
            inner,
            scope: scope.to_string(),
        }))
    });
    SimOptions { ledger, ..options }
}

/// A shard under way.
pub(super) struct Session {
    shard: Shard,
    path: PathBuf,
    command: &'static str,
    scenario: Option<PathBuf>,
    /// The scenario's SHA-256 as the shard found it before any work (`None` when its files
    /// could not be read then: the loader says why, in its own words).
    scenario_sha256: Option<String>,
    started: Instant,
}

impl ShardFlags {
    /// Whether `--shard` was given.
    pub(super) fn given(&self) -> bool {
        self.shard.is_some()
    }

    /// With `--shard`, the shard this process is, its ledger installed; `None` without.
    pub(super) fn begin(
        &self,
        command: &'static str,
        scenario: Option<&Path>,
    ) -> anyhow::Result<Option<Session>> {
        let Some(spec) = self.shard else {
            return Ok(None);
        };
        let shard = spec.resolve(&|name| std::env::var(name).ok())?;
        let name = format!("{command}-part-{}-of-{}.json", shard.index, shard.count);
        // A folder (as a container without a shell is given, one for every task) holds the
        // part under its default name.
        let path = match &self.partial {
            Some(path) if path.is_dir() || path.to_string_lossy().ends_with('/') => {
                std::fs::create_dir_all(path).map_err(|e| {
                    anyhow::Error::new(e).context(format!("cannot create {}", path.display()))
                })?;
                path.join(name)
            }
            Some(path) => path.clone(),
            None => PathBuf::from(name),
        };
        if let Some(scenario) = scenario {
            super::outputs_not_inputs(
                &staffsim::scenario::input_files(scenario),
                &[("--partial", Some(&path))],
            )?;
        }
        let scenario_sha256 = match scenario {
            Some(path) => shard::scenario_sha256(path).ok(),
            None => Some(bundled_sha256()),
        };
        install(Ledger::shard(shard))?;
        Ok(Some(Session {
            shard,
            path,
            command,
            scenario: scenario.map(std::path::absolute).transpose()?,
            scenario_sha256,
            started: Instant::now(),
        }))
    }
}

impl Session {
    /// Refuses a portfolio this command does not shard.
    pub(super) fn refuse_portfolio(&self) -> anyhow::Result<()> {
        Err(UsageError(format!(
            "--shard splits one queue's scenario, a portfolio under `simulate` (without --cross-train) and `bid`, and a portfolio of dedicated teams under `run`; `{}` of this portfolio runs whole: leave out --shard",
            self.command
        ))
        .into())
    }

    /// Writes the shard's part: what made it and every step it recorded.
    pub(super) fn finish(self, options: SimOptions) -> anyhow::Result<()> {
        let ledger = ledger().ok_or_else(|| anyhow::anyhow!("the shard's ledger is gone"))?;
        let steps = ledger.take_recorded();
        let scenario_sha256 = match (&self.scenario_sha256, &self.scenario) {
            (Some(hash), _) => hash.clone(),
            (None, Some(path)) => shard::scenario_sha256(path)?,
            (None, None) => bundled_sha256(),
        };
        let part = Part {
            header: PartHeader {
                format: shard::FORMAT.into(),
                version: shard::VERSION,
                staffsim: env!("CARGO_PKG_VERSION").into(),
                command: command_line(self.scenario.as_deref()),
                scenario: self.scenario.clone(),
                scenario_sha256,
                seed: options.seed,
                replications: options.replications,
                shard: self.shard,
                wall_seconds: self.started.elapsed().as_secs_f64(),
                cpu_seconds: shard::cpu_seconds(),
            },
            steps,
        };
        part.write(&self.path)?;
        eprintln!(
            "shard {} of {}: {} in {:.2} s; part written to {}",
            self.shard.index,
            self.shard.count,
            steps_done(&part.steps),
            part.header.wall_seconds,
            self.path.display()
        );
        Ok(())
    }
}

/// What a shard's steps did, in a line: each step's tasks, or for many steps (a bid's uplifts,
/// a portfolio's queues) how many there were and their tasks when they all had the same.
fn steps_done(steps: &[staffsim::sim::ledger::Step]) -> String {
    let each = |s: &staffsim::sim::ledger::Step| {
        format!("tasks {}–{} of {}", s.done[0], s.done[1], s.tasks)
    };
    match steps {
        [] => "nothing to simulate".into(),
        [..] if steps.len() <= 4 => steps
            .iter()
            .map(|s| format!("{} {}", s.key, each(s)))
            .collect::<Vec<_>>()
            .join(", "),
        [first, ..] if steps.iter().all(|s| each(s) == each(first)) => {
            format!("{} steps, each {}", steps.len(), each(first))
        }
        _ => format!("{} steps", steps.len()),
    }
}

/// The SHA-256 of the bundled scenario and its staff list.
fn bundled_sha256() -> String {
    shard::text_sha256(&[
        staffsim::job::BUNDLED_SCENARIO,
        staffsim::job::BUNDLED_STAFF,
    ])
}

/// This process's command line less the program, `--shard` and `--partial`, with the scenario's
/// path made absolute.
fn command_line(scenario: Option<&Path>) -> Vec<String> {
    let mut args = std::env::args_os().skip(1).peekable();
    let mut kept = Vec::new();
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy().into_owned();
        if text == "--shard" || text == "--partial" {
            args.next();
            continue;
        }
        if text.starts_with("--shard=") || text.starts_with("--partial=") {
            continue;
        }
        let absolute = scenario.filter(|s| {
            std::path::absolute(Path::new(&arg)).is_ok_and(|a| a == *s) && !text.starts_with('-')
        });
        kept.push(match absolute {
            Some(path) => path.display().to_string(),
            None => text,
        });
    }
    kept
}

/// Arguments of `staffsim merge`.
#[derive(Debug, Args)]
pub(super) struct MergeArgs {
    /// The part files the shards wrote, one per shard, in any order; a folder stands for every
    /// *.json file in it.
    #[arg(value_name = "PARTS", required = true)]
    parts: Vec<PathBuf>,

    /// Print the merged result as JSON (as the command with --json prints it).
    #[arg(long)]
    json: bool,

    /// For parts of `run`: the report folder (as `run --out`).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub(super) const EXAMPLES: &str = "\
Examples:
  # Four shards of a simulation, then the merge (prints what `staffsim simulate` prints)
  for k in 0 1 2 3; do staffsim simulate scenarios/holiday-peak.toml --shard $k/4 --partial part-$k.json; done
  staffsim merge part-*.json --json

  # A Slurm array job: each task reads its index from SLURM_ARRAY_TASK_ID
  staffsim run scenarios/holiday-peak.toml --shard auto --partial parts/run-$SLURM_ARRAY_TASK_ID.json
  staffsim merge parts/run-*.json --out output/holiday-peak";

/// Runs `staffsim merge`: the parts read and checked, then their command run again on them.
pub(super) fn run(args: MergeArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let parts = shard::read_parts(&part_files(&args.parts)?)?;
    let header = &parts.header;
    let now = match &header.scenario {
        Some(path) => shard::scenario_sha256(path)?,
        None => bundled_sha256(),
    };
    if now != header.scenario_sha256 {
        return Err(UsageError(format!(
            "{} has changed since the shards ran (its files' SHA-256 was {}, now {now}): run the shards again",
            header
                .scenario
                .as_ref()
                .map_or("the bundled scenario".into(), |p| p.display().to_string()),
            header.scenario_sha256
        ))
        .into());
    }
    let argv = merged_command(&header.command, &args)?;
    let cli = <super::Cli as clap::Parser>::try_parse_from(&argv).map_err(|e| {
        UsageError(format!(
            "the parts' command line `staffsim {}` does not parse here: {e}",
            header.command.join(" ")
        ))
    })?;
    // Say what is about to run: the parts' command line decides what is printed and written.
    eprintln!(
        "merging {} parts: staffsim {}",
        parts.header.shard.count,
        argv[1..]
            .iter()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    );
    let (wall_seconds, cpu_seconds) = (parts.wall_seconds, parts.cpu_seconds);
    let header = parts.header.clone();
    install(parts.ledger)?;
    super::dispatch(cli)?;
    eprintln!(
        "merged {} parts of `staffsim {}` (seed {}, {} replications): the shards took {:.2} s{} together; the merge {:.2} s",
        header.shard.count,
        header.command.first().map_or("", String::as_str),
        header.seed,
        header.replications,
        wall_seconds,
        cpu_seconds.map_or(String::new(), |c| format!(" ({c:.2} s of CPU)")),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The part files `paths` name: each file, and each folder's *.json files in name order.
fn part_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| anyhow::Error::new(e).context(format!("cannot read {}", path.display())))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
            .collect();
        if inside.is_empty() {
            return Err(UsageError(format!("{} holds no part (*.json)", path.display())).into());
        }
        inside.sort();
        files.extend(inside);
    }
    Ok(files)
}

/// The parts' command line with merge's `--json` and `--out` put in.
fn merged_command(command: &[String], args: &MergeArgs) -> anyhow::Result<Vec<OsString>> {
    let name = command.first().map(String::as_str).unwrap_or("");
    if !["simulate", "sweep", "bid", "run"].contains(&name) {
        return Err(UsageError(format!(
            "the parts are of `staffsim {name}`, which is not sharded"
        ))
        .into());
    }
    let mut argv: Vec<OsString> = vec!["staffsim".into()];
    let mut rest = command.iter();
    while let Some(arg) = rest.next() {
        if args.out.is_some() && arg == "--out" {
            rest.next();
            continue;
        }
        if args.out.is_some() && arg.starts_with("--out=") {
            continue;
        }
        argv.push(arg.into());
    }
    if args.json && !command.iter().any(|a| a == "--json") {
        argv.push("--json".into());
    }
    if let Some(out) = &args.out {
        if name != "run" {
            return Err(UsageError(format!(
                "--out names a report folder: it is for parts of `staffsim run`, these are of `staffsim {name}`"
            ))
            .into());
        }
        argv.push("--out".into());
        argv.push(out.into());
    }
    Ok(argv)
}
