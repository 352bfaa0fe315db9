//! Sharded runs: `simulate`, `sweep`, `bid` and `run` on bundled scenarios split into N = 1, 2,
//! 3 and 7 shards, each a separate process told its index the way Slurm, Kubernetes or AWS Batch
//! tell an array task, then merged: the merge prints (and writes) exactly what the command prints
//! in one piece, timings aside. And every set of parts that does not belong together is refused
//! with a message naming the part and the difference.

use crate::common::{assert_refused, repo, scratch, staffsim, stderr};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The variables array schedulers set, removed from every command here so that a test run
/// inside a real array job is not told its index.
const ARRAY_VARIABLES: [&str; 6] = [
    "SLURM_ARRAY_TASK_ID",
    "SLURM_ARRAY_TASK_COUNT",
    "SLURM_ARRAY_TASK_MIN",
    "SLURM_ARRAY_TASK_MAX",
    "JOB_COMPLETION_INDEX",
    "AWS_BATCH_JOB_ARRAY_INDEX",
];

/// How a shard learns its index.
#[derive(Debug, Clone, Copy)]
enum Scheduler {
    /// `sbatch --array=FIRST-LAST`: `--shard auto`.
    Slurm { first: u32 },
    /// A Kubernetes Indexed Job: `--shard auto/N`.
    Kubernetes,
    /// An AWS Batch array job: `--shard auto/N`.
    AwsBatch,
}

fn command(args: &[&str]) -> assert_cmd::Command {
    let mut cmd = staffsim();
    for name in ARRAY_VARIABLES {
        cmd.env_remove(name);
    }
    cmd.env("SOURCE_DATE_EPOCH", "1800000000").args(args);
    cmd
}

/// What `args` prints in one piece.
fn whole(args: &[&str]) -> Vec<u8> {
    let output = command(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    output.stdout
}

/// Runs `args` as `shards` shards under `scheduler`, each writing its part into `dir`; the parts.
fn shards(args: &[&str], shards: u32, scheduler: Scheduler, dir: &Path) -> Vec<PathBuf> {
    let mut parts = Vec::new();
    for k in 0..shards {
        let part = dir.join(format!("part-{k}-of-{shards}.json"));
        let mut cmd = command(args);
        cmd.arg("--partial").arg(&part);
        match scheduler {
            Scheduler::Slurm { first } => {
                cmd.arg("--shard")
                    .arg("auto")
                    .env("SLURM_ARRAY_TASK_ID", (first + k).to_string())
                    .env("SLURM_ARRAY_TASK_MIN", first.to_string())
                    .env("SLURM_ARRAY_TASK_MAX", (first + shards - 1).to_string())
                    .env("SLURM_ARRAY_TASK_COUNT", shards.to_string());
            }
            Scheduler::Kubernetes => {
                cmd.arg("--shard")
                    .arg(format!("auto/{shards}"))
                    .env("JOB_COMPLETION_INDEX", k.to_string());
            }
            Scheduler::AwsBatch => {
                cmd.arg("--shard")
                    .arg(format!("auto/{shards}"))
                    .env("AWS_BATCH_JOB_ARRAY_INDEX", k.to_string());
            }
        }
        let output = cmd.output().unwrap();
        assert!(output.status.success(), "shard {k}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(&format!("shard {k} of {shards}")),
            "each shard says what it did: {}",
            stderr(&output)
        );
        assert!(
            output.stdout.is_empty(),
            "a shard prints no result of its own"
        );
        parts.push(part);
    }
    // The merge takes the parts in any order.
    parts.reverse();
    parts
}

/// `staffsim merge PARTS… EXTRA`: its output, checked to have succeeded and reported the merge.
fn merge(parts: &[PathBuf], extra: &[&str]) -> Vec<u8> {
    let output = command(&["merge"])
        .args(parts)
        .args(extra)
        .output()
        .unwrap();
    assert!(output.status.success(), "merge: {}", stderr(&output));
    assert!(
        stderr(&output).contains(&format!("merged {} parts", parts.len())),
        "{}",
        stderr(&output)
    );
    output.stdout
}

/// The timings in staffsim's JSON: how long the work took here, never a result.
const TIMINGS: [&str; 5] = [
    "wall_seconds",
    "solve_seconds",
    "simulation_seconds",
    "chart_seconds",
    "seconds_per_replication",
];

/// JSON text less every timing: [`TIMINGS`] and rates per second.
fn without_timings(json: &[u8]) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.retain(|k, _| !TIMINGS.contains(&k.as_str()) && !k.ends_with("per_second"));
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value: Value = serde_json::from_slice(json).unwrap();
    strip(&mut value);
    value
}

/// For N = 1, 2, 3 and 7, the merged JSON of `args` sharded is the whole run's, timings aside.
fn merged_equals_whole(test: &str, args: &[&str], schedulers: &[Scheduler]) {
    let expected = without_timings(&whole(args));
    for (n, scheduler) in [1, 2, 3, 7].into_iter().zip(schedulers.iter().cycle()) {
        let dir = scratch(&format!("{test}-{n}"));
        let parts = shards(args, n, *scheduler, &dir);
        let merged = without_timings(&merge(&parts, &[]));
        assert!(
            merged == expected,
            "{args:?} in {n} shards ({scheduler:?}) differs from the whole run"
        );
    }
}

#[test]
fn a_simulation_merged_from_any_number_of_shards_is_the_whole_simulation() {
    let scenario = repo("scenarios/holiday-peak.toml");
    let args = [
        "simulate",
        scenario.to_str().unwrap(),
        "--replications",
        "9",
        "--json",
    ];
    merged_equals_whole(
        "shard-simulate",
        &args,
        &[
            Scheduler::Slurm { first: 0 },
            Scheduler::Kubernetes,
            Scheduler::AwsBatch,
        ],
    );
}

#[test]
fn a_simulation_of_shared_agents_merged_from_any_number_of_shards_is_the_whole_simulation() {
    let portfolio = repo("scenarios/omnichannel-blend.toml");
    let args = [
        "simulate",
        portfolio.to_str().unwrap(),
        "--replications",
        "4",
        "--json",
    ];
    merged_equals_whole(
        "shard-shared-agents",
        &args,
        &[Scheduler::Kubernetes, Scheduler::Slurm { first: 0 }],
    );
}

#[test]
fn a_bid_of_shared_agents_merged_from_any_number_of_shards_is_the_whole_bid() {
    // The bundled omnichannel-blend over two months, its optimisation at 10 replications: each
    // shard optimises every month whole, then simulates its share of the risk run.
    let dir = scratch("shard-shared-bid");
    std::fs::create_dir_all(dir.join("omnichannel")).unwrap();
    let shorter = |from: &str, to: &Path| {
        let text = std::fs::read_to_string(repo(from)).unwrap();
        let text = text
            .replace("term_months = 12", "term_months = 2")
            .replace("replications = 50", "replications = 10");
        std::fs::write(to, text).unwrap();
    };
    shorter("scenarios/omnichannel-blend.toml", &dir.join("blend.toml"));
    for queue in ["voice", "chat", "email", "backoffice"] {
        let file = format!("omnichannel/{queue}.toml");
        shorter(&format!("scenarios/{file}"), &dir.join(&file));
    }
    let portfolio = dir.join("blend.toml");
    let args = [
        "bid",
        portfolio.to_str().unwrap(),
        "--replications",
        "3",
        "--json",
    ];
    merged_equals_whole(
        "shard-shared-bid",
        &args,
        &[Scheduler::Slurm { first: 0 }, Scheduler::AwsBatch],
    );
}

#[test]
fn a_portfolio_of_dedicated_teams_merged_from_any_number_of_shards_is_the_whole_portfolio() {
    // Each queue's steps under its name: the four queues' simulations, and their four bids.
    let portfolio = repo("scenarios/omnichannel-bid.toml");
    let path = portfolio.to_str().unwrap();
    let simulate = ["simulate", path, "--replications", "4", "--json"];
    merged_equals_whole(
        "shard-teams-simulate",
        &simulate,
        &[Scheduler::AwsBatch, Scheduler::Kubernetes],
    );
    let bid = ["bid", path, "--replications", "3", "--json"];
    merged_equals_whole(
        "shard-teams-bid",
        &bid,
        &[Scheduler::Slurm { first: 1 }, Scheduler::Kubernetes],
    );
}

#[test]
fn a_sweep_merged_from_any_number_of_shards_is_the_whole_sweep() {
    let scenario = repo("scenarios/holiday-peak.toml");
    let args = [
        "sweep",
        scenario.to_str().unwrap(),
        "--replications",
        "5",
        "--json",
    ];
    merged_equals_whole(
        "shard-sweep",
        &args,
        &[Scheduler::Kubernetes, Scheduler::Slurm { first: 1 }],
    );
}

#[test]
fn a_bid_merged_from_any_number_of_shards_is_the_whole_bid() {
    // Unpinned: every shard simulates every uplift the search could try, and the merge runs
    // the search on their counts.
    let scenario = repo("scenarios/bpo-bid-finance.toml");
    let args = [
        "bid",
        scenario.to_str().unwrap(),
        "--replications",
        "3",
        "--json",
    ];
    merged_equals_whole(
        "shard-bid",
        &args,
        &[Scheduler::AwsBatch, Scheduler::Slurm { first: 0 }],
    );
}

/// Every file under `dir`, relative, with its bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                found.push((path.strip_prefix(dir).unwrap().to_path_buf(), bytes));
            }
        }
    }
    found.sort();
    found
}

/// For N = 1, 2, 3 and 7, the report `run` with `args` writes merged from shards is the one it
/// writes whole, file for file.
fn report_merged_equals_whole(test: &str, args: &[&str], schedulers: &[Scheduler]) {
    let dir = scratch(test);
    let out = dir.join("whole");
    whole(&[args, &["--out", out.to_str().unwrap()]].concat());
    let expected = files(&out);
    assert!(expected.iter().any(|(p, _)| p.ends_with("summary.md")));
    for (n, scheduler) in [1, 2, 3, 7].into_iter().zip(schedulers.iter().cycle()) {
        let parts_dir = scratch(&format!("{test}-{n}"));
        let parts = shards(args, n, *scheduler, &parts_dir);
        let merged_out = parts_dir.join("merged");
        merge(&parts, &["--out", merged_out.to_str().unwrap()]);
        assert_same_report(&merged_out, &expected, &format!("{n} shards"));
    }
}

#[test]
fn a_report_merged_from_any_number_of_shards_is_the_whole_report_folder() {
    let scenario = repo("scenarios/holiday-peak.toml");
    let args = ["run", scenario.to_str().unwrap(), "--replications", "6"];
    report_merged_equals_whole(
        "shard-run",
        &args,
        &[
            Scheduler::Slurm { first: 0 },
            Scheduler::Kubernetes,
            Scheduler::Slurm { first: 1 },
        ],
    );
}

#[test]
fn a_portfolio_report_merged_from_any_number_of_shards_is_the_whole_report_folder() {
    // Two dedicated teams: a report folder per queue and the portfolio's own.
    let dir = scratch("shard-run-teams-input");
    let portfolio = dir.join("teams.toml");
    let queue = |name: &str| repo(&format!("tests/data/skills/{name}.toml"));
    std::fs::write(
        &portfolio,
        format!(
            "name = \"two teams\"\n[[queue]]\nscenario = {:?}\n[[queue]]\nscenario = {:?}\n",
            queue("voice-a"),
            queue("voice-b")
        ),
    )
    .unwrap();
    let args = ["run", portfolio.to_str().unwrap(), "--replications", "5"];
    report_merged_equals_whole(
        "shard-run-teams",
        &args,
        &[Scheduler::Kubernetes, Scheduler::AwsBatch],
    );
}

/// The report folder at `merged` holds `expected`'s files with their bytes, timings aside.
fn assert_same_report(merged: &Path, expected: &[(PathBuf, Vec<u8>)], label: &str) {
    let merged = files(merged);
    assert_eq!(
        merged.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        expected.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        "{label}: the same files"
    );
    for ((path, bytes), (_, expected_bytes)) in merged.iter().zip(expected) {
        let name = path.to_string_lossy();
        if name.ends_with("summary.json") {
            assert_eq!(
                without_timings(bytes),
                without_timings(expected_bytes),
                "{label}: {name}"
            );
        } else if name.contains("staffsim-report") {
            // The folder's manifest: each file's size and hash, summary.json's timings aside.
            let lines = |b: &[u8]| -> Vec<String> {
                String::from_utf8_lossy(b)
                    .lines()
                    .filter(|l| !l.ends_with("summary.json"))
                    .map(String::from)
                    .collect()
            };
            assert_eq!(lines(bytes), lines(expected_bytes), "{label}: {name}");
        } else {
            assert!(
                bytes == expected_bytes,
                "{label}: {name} differs from the whole run's"
            );
        }
    }
}

/// Says that the Slurm test skipped and why, past the harness's capture; under
/// `STAFFSIM_REQUIRE_SLURM=1` (as `.ci/run` sets once its cluster is up) a skip is a failure.
fn skip_without_slurm(why: &str) {
    if std::env::var("STAFFSIM_REQUIRE_SLURM").as_deref() == Ok("1") {
        panic!("STAFFSIM_REQUIRE_SLURM=1, but the Slurm test cannot run: {why}");
    }
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr().lock(),
        "\ntest shard::a_slurm_array_and_its_dependent_merge_job_write_the_whole_report ... SKIPPED: {why}"
    );
}

#[test]
fn a_slurm_array_and_its_dependent_merge_job_write_the_whole_report() {
    let up = std::process::Command::new("sinfo")
        .args(["-h", "-o", "%t"])
        .output();
    match up {
        Err(_) => {
            return skip_without_slurm(
                "no Slurm here (sinfo is not installed); .ci/run starts one",
            );
        }
        Ok(out) if !String::from_utf8_lossy(&out.stdout).contains("idle") => {
            return skip_without_slurm("Slurm has no idle node (is the cluster up? .ci/slurm-up)");
        }
        Ok(_) => {}
    }
    let scenario = repo("scenarios/holiday-peak.toml");
    let dir = scratch("shard-slurm");
    let whole_out = dir.join("whole");
    let args = ["run", scenario.to_str().unwrap(), "--replications", "6"];
    whole(&[&args[..], &["--out", whole_out.to_str().unwrap()]].concat());
    let merged_out = dir.join("merged");
    let output = std::process::Command::new(repo("deploy/slurm/submit.sh"))
        .env("STAFFSIM", assert_cmd::cargo::cargo_bin("staffsim"))
        .env("SOURCE_DATE_EPOCH", "1800000000")
        .current_dir(&dir)
        .args(["-n", "3", "-p"])
        .arg(dir.join("parts"))
        .arg("-r")
        .arg(dir.join("merge.out"))
        .arg("-m")
        .arg(format!("--out {}", merged_out.display()))
        .args(["--wait", "--"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "sbatch: {}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(&output)
    );
    let log = std::fs::read_to_string(dir.join("merge.out.log")).unwrap_or_default();
    assert!(
        log.contains("merged 3 parts"),
        "the merge job's messages: {log}"
    );
    assert_same_report(&merged_out, &files(&whole_out), "Slurm, 3 tasks");
}

/// Three parts of a short simulation of `scenario` in `dir`, with `extra` arguments.
fn three_parts(dir: &Path, scenario: &Path, extra: &[&str]) -> Vec<PathBuf> {
    let args = [
        &[
            "simulate",
            scenario.to_str().unwrap(),
            "--replications",
            "6",
        ][..],
        extra,
    ]
    .concat();
    (0..3)
        .map(|k| {
            let part = dir.join(format!("p{k}.json"));
            let output = command(&args)
                .arg("--shard")
                .arg(format!("{k}/3"))
                .arg("--partial")
                .arg(&part)
                .output()
                .unwrap();
            assert!(output.status.success(), "{}", stderr(&output));
            part
        })
        .collect()
}

/// `staffsim merge PARTS`, expected to fail with exit code 2 and `needle` in its message.
fn refused(parts: &[PathBuf], needle: &str) {
    let output = command(&["merge"]).args(parts).output().unwrap();
    assert_refused(&output, needle, "merge");
    assert!(output.stdout.is_empty(), "a refused merge prints no result");
}

#[test]
fn parts_that_do_not_belong_together_are_refused_naming_the_part_and_the_difference() {
    let dir = scratch("shard-refused");
    let scenario = dir.join("holiday-peak.toml");
    std::fs::copy(repo("scenarios/holiday-peak.toml"), &scenario).unwrap();
    let staff = repo("scenarios/holiday-peak-staff.csv");
    std::fs::copy(staff, dir.join("holiday-peak-staff.csv")).unwrap();
    let parts = three_parts(&dir, &scenario, &[]);

    refused(
        &[parts[0].clone(), parts[2].clone()],
        "shard 1 of 3 is missing",
    );
    refused(
        &[
            parts[0].clone(),
            parts[1].clone(),
            parts[1].clone(),
            parts[2].clone(),
        ],
        "shard 1 of 3 is given twice",
    );

    let seeded = scratch("shard-refused-seed");
    let other_seed = three_parts(&seeded, &scenario, &["--seed", "99"]);
    refused(
        &[parts[0].clone(), other_seed[1].clone(), parts[2].clone()],
        "its seed is 99",
    );

    let other = scratch("shard-refused-scenario");
    let edited = other.join("holiday-peak.toml");
    let text = std::fs::read_to_string(&scenario).unwrap();
    std::fs::write(&edited, text.clone() + "\n# edited\n").unwrap();
    std::fs::copy(
        repo("scenarios/holiday-peak-staff.csv"),
        other.join("holiday-peak-staff.csv"),
    )
    .unwrap();
    let other_scenario = three_parts(&other, &edited, &[]);
    refused(
        &[
            parts[0].clone(),
            parts[1].clone(),
            other_scenario[2].clone(),
        ],
        "its scenario (SHA-256 of its files) is",
    );

    let truncated = dir.join("truncated.json");
    let bytes = std::fs::read(&parts[1]).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    refused(
        &[parts[0].clone(), truncated.clone(), parts[2].clone()],
        "truncated",
    );

    let not_a_part = dir.join("not-a-part.json");
    std::fs::write(&not_a_part, "{\"hello\": 1}").unwrap();
    refused(&[not_a_part], "not a staffsim part");

    // A part that claims a shard count of billions, or a shard past its count.
    let forged = |index: u64, count: u64| -> PathBuf {
        let mut part: Value = serde_json::from_slice(&std::fs::read(&parts[0]).unwrap()).unwrap();
        part["shard"] = serde_json::json!({"index": index, "count": count});
        let path = dir.join(format!("forged-{index}-{count}.json"));
        std::fs::write(&path, serde_json::to_vec(&part).unwrap()).unwrap();
        path
    };
    refused(
        &[forged(0, 4_000_000_000)],
        "and 3999999989 more of 4000000000 is missing",
    );
    refused(&[forged(5, 3)], "it says it is shard 5 of 3");

    // The scenario changed after the shards ran: the merge would not be of what they ran.
    std::fs::write(&scenario, text + "\n# changed\n").unwrap();
    refused(&parts, "has changed since the shards ran");
}

#[test]
fn a_shard_is_refused_where_it_cannot_be_honoured() {
    let scenario = repo("scenarios/holiday-peak.toml");
    let path = scenario.to_str().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (&["simulate", path, "--shard", "3/3"], "--shard"),
        (
            &["simulate", path, "--shard", "auto"],
            "SLURM_ARRAY_TASK_ID",
        ),
        (
            &["sweep", path, "--optimize", "--shard", "0/2"],
            "--optimize cannot be sharded",
        ),
        (&["simulate", path, "--partial", "p.json"], "--shard"),
        (
            &["simulate", path, "--shard", "auto"],
            "JOB_COMPLETION_INDEX",
        ),
    ];
    for (args, needle) in cases {
        let output = command(args).output().unwrap();
        assert_refused(&output, needle, &format!("{args:?}"));
    }
    // The part never replaces the scenario or a file it reads.
    let dir = scratch("shard-partial-input");
    let copy = dir.join("holiday-peak.toml");
    std::fs::copy(&scenario, &copy).unwrap();
    std::fs::copy(
        repo("scenarios/holiday-peak-staff.csv"),
        dir.join("holiday-peak-staff.csv"),
    )
    .unwrap();
    let before = std::fs::read(&copy).unwrap();
    let output = command(&[
        "simulate",
        copy.to_str().unwrap(),
        "--shard",
        "0/2",
        "--partial",
    ])
    .arg(&copy)
    .output()
    .unwrap();
    assert_refused(&output, "--partial", "--partial naming the scenario");
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        before,
        "the scenario is untouched"
    );
    // Kubernetes' index without the count.
    let output = command(&["simulate", path, "--shard", "auto"])
        .env("JOB_COMPLETION_INDEX", "1")
        .output()
        .unwrap();
    assert_refused(&output, "auto/N", "Kubernetes' index without the count");
    // A portfolio's sweep, and the report of shared agents, are not sharded.
    let teams = repo("scenarios/omnichannel-bid.toml");
    let shared = repo("scenarios/omnichannel-blend.toml");
    for (command_name, portfolio) in [("run", &shared), ("sweep", &teams), ("sweep", &shared)] {
        let output = command(&[command_name, portfolio.to_str().unwrap(), "--shard", "0/2"])
            .output()
            .unwrap();
        assert_refused(&output, "of this portfolio runs whole", command_name);
    }
    // --out is for parts of `run`.
    let dir = scratch("shard-out-refused");
    let parts = three_parts(&dir, &scenario, &[]);
    let output = command(&["merge"])
        .args(&parts)
        .arg("--out")
        .arg(dir.join("report"))
        .output()
        .unwrap();
    assert_refused(&output, "--out", "merge --out on parts of simulate");
}
