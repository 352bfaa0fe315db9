//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses its own subset

pub(crate) mod xlsx;

use std::path::{Path, PathBuf};

/// The `staffsim` binary under test.
pub(crate) fn staffsim() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("staffsim").unwrap()
}

/// A fresh, empty scratch folder for one test, unique to this test binary and process.
pub(crate) fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "staffsim-{}-{test}-{}",
        env!("CARGO_CRATE_NAME"),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `staffsim run SCENARIO --replications N --out OUT` and asserts it succeeds.
pub(crate) fn run_report(scenario: &Path, out: &Path, replications: u32) {
    let output = staffsim()
        .arg("run")
        .arg(scenario)
        .args(["--replications", &replications.to_string(), "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

/// A path inside the repository.
pub(crate) fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// `erlang` at 100 contacts per 30 minutes with a 180 s AHT: the worked example's interval.
pub(crate) const ERLANG_100: [&str; 7] = [
    "erlang",
    "--volume",
    "100",
    "--interval",
    "30m",
    "--aht",
    "180s",
];

/// A finished command's stderr as text.
pub(crate) fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `command`, asserts it succeeds, and reads what it printed as JSON.
pub(crate) fn json_of(command: &mut assert_cmd::Command) -> serde_json::Value {
    let output = command.output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Asserts `output` is a refusal of bad usage or input: exit code 2, with `says` in its
/// message; `case` names the case in a failure.
pub(crate) fn assert_refused(output: &std::process::Output, says: &str, case: &str) {
    assert_eq!(output.status.code(), Some(2), "{case}: {}", stderr(output));
    assert!(
        stderr(output).contains(says),
        "{case}: expected {says:?} in {}",
        stderr(output)
    );
}

/// `text` with `from` replaced by `to`, failing the test when `from` is not there: an edit of a
/// bundled scenario must not silently do nothing when the scenario changes.
pub(crate) fn edited(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the text no longer holds {from:?}");
    text.replace(from, to)
}

/// The Wilson 95 % interval of `k` successes in `n` trials, from the formula (Wilson 1927), for
/// checking the intervals staffsim prints: `(p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) ÷ (1 + z²/n)`.
pub(crate) fn wilson_95(k: u64, n: u64) -> [f64; 2] {
    let z = 1.959_963_984_540_054_f64;
    let (p, n) = (k as f64 / n as f64, n as f64);
    let centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / (1.0 + z * z / n);
    [(centre - half).max(0.0), (centre + half).min(1.0)]
}

/// A bundled scenario with `from` replaced by `to`, written to `dir/name`.
pub(crate) fn bundled_with(dir: &Path, bundled: &str, name: &str, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(repo(bundled)).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, edited(&text, from, to)).unwrap();
    path.display().to_string()
}

/// The hostile review's reproducers (scenario files that are pointless or would abort), each as (file, command, exit code, what the error names).
pub(crate) fn reproducers(dir: &Path) -> Vec<(String, &'static str, i32, &'static str)> {
    let email = "scenarios/email-week.toml";
    let outbound = "scenarios/outbound-renewals.toml";
    let bid = "scenarios/bpo-bid-baseline.toml";
    let voice = "tests/data/contract/stationary-erlang-a.toml";
    for file in ["intraday-peak.csv", "stationary.csv"] {
        std::fs::copy(repo(&format!("tests/data/contract/{file}")), dir.join(file)).unwrap();
    }
    let csv = std::fs::read_to_string(repo("tests/data/contract/intraday-peak.csv")).unwrap();
    let doubled: Vec<String> = csv
        .lines()
        .enumerate()
        .map(|(k, l)| {
            if k == 0 {
                format!("{l},volume")
            } else {
                format!("{l},999")
            }
        })
        .collect();
    std::fs::write(dir.join("dup.csv"), doubled.join("\n")).unwrap();
    vec![
        (
            bundled_with(
                dir,
                "tests/data/contract/intraday-peak.toml",
                "dup.toml",
                "intraday-peak.csv",
                "dup.csv",
            ),
            "plan",
            2,
            "the header names 'volume' 2 times",
        ),
        (
            bundled_with(
                dir,
                "scenarios/holiday-peak.toml",
                "min.toml",
                "length = \"8h\"\ndays = [\"weekdays\", \"sun\"]",
                "length = \"8h\"\ndays = [\"weekdays\", \"sun\"]\nmin_agents = 2147483648",
            ),
            "schedule",
            2,
            "min_agents: must be at most 100000",
        ),
        (
            bundled_with(
                dir,
                email,
                "deadline.toml",
                "within = \"24h\"",
                "within = \"400h\"",
            ),
            "plan",
            2,
            "[target] within: the deadline 400h is not shorter than the 168h horizon",
        ),
        (
            bundled_with(
                dir,
                email,
                "deadline-sim.toml",
                "within = \"24h\"",
                "within = \"400h\"",
            ),
            "simulate",
            2,
            "[target] within",
        ),
        (
            bundled_with(
                dir,
                bid,
                "zero.toml",
                "base_monthly_volume = 112000",
                "base_monthly_volume = 0",
            ),
            "bid",
            2,
            "the term handles 0 contacts",
        ),
        (
            bundled_with(
                dir,
                email,
                "occupancy.toml",
                "max_occupancy = 0.95",
                "max_occupancy = 1e-9",
            ),
            "plan",
            2,
            "[target] max_occupancy: must be from 0.05 to 1",
        ),
        (
            bundled_with(dir, voice, "tiny.toml", "mean = \"120s\"", "mean = 1e-308"),
            "plan",
            2,
            "[patience] mean: must be from 1s to 24h",
        ),
        (
            bundled_with(
                dir,
                voice,
                "huge.toml",
                "mean = \"120s\"",
                "mean = 4294967296",
            ),
            "plan",
            2,
            "[patience] mean",
        ),
        (
            bundled_with(
                dir,
                bid,
                "class.toml",
                "class_size = { min = 8, max = 20 }",
                "class_size = { min = 1000000000, max = 1000000000 }",
            ),
            "bid",
            2,
            "class_size: needs 1 ≤ min ≤ max ≤ 1000",
        ),
        (
            bundled_with(
                dir,
                outbound,
                "rate.toml",
                "contact_rate = 0.22",
                "contact_rate = 1e-9",
            ),
            "simulate",
            2,
            "[outbound] contact_rate",
        ),
        (
            bundled_with(
                dir,
                bid,
                "fte.toml",
                "hours_per_fte_week = 37.5",
                "hours_per_fte_week = 1e-308",
            ),
            "bid",
            2,
            "[cost] hours_per_fte_week: must be paid hours from 1 to 168",
        ),
        (
            bundled_with(
                dir,
                outbound,
                "target.toml",
                "target_contacts = 3000",
                "target_contacts = 1000000000",
            ),
            "simulate",
            2,
            "[outbound] target_contacts",
        ),
        (
            bundled_with(
                dir,
                outbound,
                "target308.toml",
                "target_contacts = 3000",
                "target_contacts = 1e308",
            ),
            "plan",
            2,
            "[outbound] target_contacts",
        ),
        (
            bundled_with(
                dir,
                email,
                "email32.toml",
                "daily_volume = 1200",
                "daily_volume = 4294967296",
            ),
            "simulate",
            1,
            "no staffing up to 10000000 agents",
        ),
        (
            bundled_with(
                dir,
                email,
                "email-sim.toml",
                "daily_volume = 1200",
                "daily_volume = 40000000",
            ),
            "simulate",
            2,
            "more than the 20000000 a simulation takes",
        ),
        (
            bundled_with(
                dir,
                bid,
                "term.toml",
                "term_months = 24",
                "term_months = 240",
            ),
            "bid",
            2,
            "[bid] term_months: must be 1 to 120",
        ),
    ]
}

/// The schedule reproducers: holiday-peak with a start step, a break length or a shift length
/// that rounds to zero intervals, and three free breaks whose placements multiply without
/// bound; each as (file, what the error names).
pub(crate) fn schedule_reproducers(dir: &Path) -> Vec<(String, &'static str)> {
    let holiday = "scenarios/holiday-peak.toml";
    let flex = "start_every = \"30m\"\nlength = \"8h\"\ndays = [\"weekdays\", \"sun\"]";
    let window = "length = \"30m\"\nearliest = \"3h\"\nlatest = \"5h30m\"";
    let free = "length = \"15m\"\nearliest = \"0s\"\nlatest = \"8h\"";
    vec![
        (
            bundled_with(
                dir,
                holiday,
                "every.toml",
                flex,
                &flex.replace("\"30m\"", "1e-7"),
            ),
            "start_every: must be a whole number of 15m intervals",
        ),
        (
            bundled_with(
                dir,
                holiday,
                "breaks.toml",
                window,
                &[free; 3].join("\n[[schedule.template.break]]\n"),
            ),
            "#1 break: 13 starts × up to 32768 placements",
        ),
        (
            bundled_with(
                dir,
                holiday,
                "tiny-break.toml",
                window,
                &window.replace("\"30m\"", "1e-308"),
            ),
            "break #1 length: must be a whole number of 15m intervals, got 1e-308s",
        ),
        (
            bundled_with(
                dir,
                holiday,
                "shift.toml",
                flex,
                &flex.replace("\"8h\"", "1e-308"),
            ),
            "#1 length: must be a whole number of 15m intervals, got 1e-308s",
        ),
    ]
}

/// Says that `test` skipped and why, past the test harness's capture (it captures `eprintln!`
/// of passing tests, so a skip would read as a plain "ok"): straight to the process's stderr.
/// Under `STAFFSIM_REQUIRE_BROWSER=1` (as `.ci/run` sets once Chromium is installed) a skip is
/// a failure instead.
pub(crate) fn skip_without_browser(test: &str, why: &str) {
    if std::env::var("STAFFSIM_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!("STAFFSIM_REQUIRE_BROWSER=1, but {test} cannot run: {why}");
    }
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "\ntest {test} ... SKIPPED: {why}");
}

/// [`edited`] as a method: `text.edited(from, to)` fails the test when `from` is not in `text`.
pub(crate) trait Edited {
    /// `self` with `from` replaced by `to`; `from` must be there.
    fn edited(&self, from: &str, to: &str) -> String;
}

impl<T: AsRef<str> + ?Sized> Edited for T {
    fn edited(&self, from: &str, to: &str) -> String {
        edited(self.as_ref(), from, to)
    }
}

/// The bundled bpo-bid-baseline over its first 6 months, with its bid's risk run capped at 40
/// replications, for tests of a bid's structure and plumbing (the risk run's own decisions are
/// tested in `tests/bid.rs`): 24 months decided to ±5 points cost a test seconds it need not pay.
pub(crate) fn bpo_bid_quick() -> String {
    let text = std::fs::read_to_string(repo("scenarios/bpo-bid-baseline.toml")).unwrap();
    let text = edited(&text, "term_months = 24", "term_months = 6");
    edited(
        &text,
        "max_p_miss = 0.10",
        "max_p_miss = 0.10\nreplications = 40",
    )
}

/// [`bpo_bid_quick`] written into `dir`, as `bpo-bid-baseline.toml`.
pub(crate) fn bpo_bid_quick_in(dir: &Path) -> PathBuf {
    let path = dir.join("bpo-bid-baseline.toml");
    std::fs::write(&path, bpo_bid_quick()).unwrap();
    path
}
