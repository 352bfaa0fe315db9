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
