//! Outputs never destroy what staffsim did not write, and a killed or failed run leaves a complete
//! report: the report folder's ownership, its swap, its lock, and single-file outputs.

use crate::common::{repo, scratch, staffsim, stderr};

use std::fs;
use std::path::{Path, PathBuf};

/// A small scenario whose report takes about a second.
fn scenario() -> PathBuf {
    repo("tests/data/contract/stationary-erlang-c.toml")
}

/// `staffsim run` of the small scenario into `out`, with extra arguments and environment.
fn run_into(out: &Path, extra: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut command = staffsim();
    command
        .arg("run")
        .arg(scenario())
        .arg("--out")
        .arg(out)
        .args(["--replications", "2"])
        .args(extra);
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

/// Every file a complete report of the small scenario holds, present and non-empty.
fn assert_complete_report(folder: &Path) {
    for file in [
        ".staffsim-report",
        "summary.md",
        "summary.json",
        "intervals.csv",
        "workbook.xlsx",
        "charts/service-level.png",
        "charts/staffing.svg",
    ] {
        let size = fs::metadata(folder.join(file))
            .map(|m| m.len())
            .unwrap_or(0);
        assert!(size > 0, "{file} missing or empty in {}", folder.display());
    }
}

/// Names in `dir` that start with a dot (staging, backups, locks, temporaries).
fn hidden_entries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

#[test]
fn run_refuses_a_folder_holding_a_user_file_and_the_file_survives() {
    let dir = scratch("user-file");
    let out = dir.join("d");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("thesis.txt"), "precious").unwrap();
    let output = run_into(&out, &[], &[]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains("thesis.txt") && message.contains("--force"),
        "{message}"
    );
    assert_eq!(
        fs::read_to_string(out.join("thesis.txt")).unwrap(),
        "precious"
    );
    assert_eq!(fs::read_dir(&out).unwrap().count(), 1);
    assert!(
        hidden_entries(&dir).is_empty(),
        "{:?}",
        hidden_entries(&dir)
    );
}

#[test]
fn run_refuses_the_working_directory_with_the_scenario_in_it() {
    let dir = scratch("pwd");
    fs::copy(scenario(), dir.join("s.toml")).unwrap();
    fs::copy(
        repo("tests/data/contract/stationary.csv"),
        dir.join("stationary.csv"),
    )
    .unwrap();
    fs::write(dir.join("notes.md"), "mine").unwrap();
    let output = staffsim()
        .current_dir(&dir)
        .args(["run", "s.toml", "--replications", "2", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    for file in ["s.toml", "stationary.csv", "notes.md"] {
        assert!(dir.join(file).is_file(), "{file} was removed");
    }
    let output = staffsim()
        .current_dir(&dir)
        .args(["run", "s.toml", "--replications", "2", "--out", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("--out must name a folder"));
}

#[test]
fn run_replaces_its_own_report_and_force_writes_beside_user_files() {
    let dir = scratch("own");
    let out = dir.join("r");
    assert!(run_into(&out, &[], &[]).status.success());
    assert_complete_report(&out);
    let first = fs::read(out.join("summary.json")).unwrap();
    let again = run_into(&out, &["--seed", "3"], &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_ne!(fs::read(out.join("summary.json")).unwrap(), first);

    fs::write(out.join("notes.txt"), "mine").unwrap();
    fs::write(out.join("charts/logo.png"), "mine too").unwrap();
    let refused = run_into(&out, &[], &[]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("did not write"),
        "{}",
        stderr(&refused)
    );
    let forced = run_into(&out, &["--force"], &[]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_complete_report(&out);
    assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
    assert_eq!(
        fs::read_to_string(out.join("charts/logo.png")).unwrap(),
        "mine too"
    );
    assert!(
        hidden_entries(&dir).is_empty(),
        "{:?}",
        hidden_entries(&dir)
    );
}

#[test]
fn an_empty_folder_is_filled_and_an_out_that_is_a_symlink_is_refused() {
    let dir = scratch("empty");
    let out = dir.join("empty");
    fs::create_dir(&out).unwrap();
    assert!(run_into(&out, &[], &[]).status.success());
    assert_complete_report(&out);
    #[cfg(unix)]
    {
        let link = dir.join("link");
        std::os::unix::fs::symlink(&out, &link).unwrap();
        let output = run_into(&link, &[], &[]);
        assert_eq!(output.status.code(), Some(1));
        assert!(
            stderr(&output).contains("symbolic link"),
            "{}",
            stderr(&output)
        );
        assert_complete_report(&out);
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_report_folder_is_refused_and_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("read-only");
    let out = dir.join("r");
    assert!(run_into(&out, &[], &[]).status.success());
    let before = fs::read(out.join("summary.json")).unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o555)).unwrap();
    let output = run_into(&out, &["--seed", "5"], &[]);
    fs::set_permissions(&out, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("read-only"), "{}", stderr(&output));
    assert_eq!(fs::read(out.join("summary.json")).unwrap(), before);
    assert!(
        hidden_entries(&dir).is_empty(),
        "{:?}",
        hidden_entries(&dir)
    );
}

#[test]
fn a_kill_between_the_swap_renames_leaves_the_old_report_which_the_next_run_restores() {
    let dir = scratch("kill-swap");
    let out = dir.join("r");
    assert!(run_into(&out, &[], &[]).status.success());
    let old = fs::read(out.join("summary.json")).unwrap();

    let killed = run_into(
        &out,
        &["--seed", "3"],
        &[("STAFFSIM_TEST_INTERRUPT", "swap")],
    );
    assert_eq!(killed.status.code(), Some(137), "stopped at the hook");
    let backup = hidden_entries(&dir)
        .into_iter()
        .find(|n| n.starts_with(".r.staffsim-old-"))
        .expect("the old report waits under its backup name");
    assert_complete_report(&dir.join(&backup));

    // The next run puts the old report back before anything else; failing afterwards, it leaves
    // exactly that report in place.
    let failed = run_into(
        &out,
        &["--seed", "4"],
        &[("STAFFSIM_TEST_INTERRUPT", "fail")],
    );
    assert_eq!(failed.status.code(), Some(1));
    assert_complete_report(&out);
    assert_eq!(fs::read(out.join("summary.json")).unwrap(), old);
    assert!(
        hidden_entries(&dir).is_empty(),
        "{:?}",
        hidden_entries(&dir)
    );

    assert!(run_into(&out, &["--seed", "4"], &[]).status.success());
    assert_complete_report(&out);
    assert_ne!(fs::read(out.join("summary.json")).unwrap(), old);
}

#[test]
fn a_kill_after_the_atomic_exchange_leaves_the_new_report_and_the_next_run_cleans_up() {
    let dir = scratch("kill-exchange");
    let out = dir.join("r");
    assert!(run_into(&out, &[], &[]).status.success());
    let old = fs::read(out.join("summary.json")).unwrap();
    let killed = run_into(
        &out,
        &["--seed", "3"],
        &[("STAFFSIM_TEST_INTERRUPT", "exchange")],
    );
    assert_eq!(killed.status.code(), Some(137));
    assert_complete_report(&out);
    if cfg!(target_os = "linux") {
        assert_ne!(
            fs::read(out.join("summary.json")).unwrap(),
            old,
            "the new report is in"
        );
    }
    assert!(run_into(&out, &[], &[]).status.success());
    assert!(
        hidden_entries(&dir).is_empty(),
        "{:?}",
        hidden_entries(&dir)
    );
}

#[test]
fn stale_staging_folders_and_temporaries_of_earlier_runs_are_removed_but_foreign_ones_kept() {
    let dir = scratch("stale");
    let out = dir.join("r");
    let stale = dir.join(".r.staffsim-staging-4000001");
    fs::create_dir_all(stale.join("charts")).unwrap();
    fs::write(stale.join("intervals.csv"), "half").unwrap();
    fs::write(stale.join("charts/staffing.png"), "half").unwrap();
    let foreign = dir.join(".r.staffsim-staging-4000002");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("diary.txt"), "not staffsim's").unwrap();
    let csv = dir.join("plan.csv");
    let tmp = dir.join(".plan.csv.staffsim-tmp-4000003");
    fs::write(&tmp, "half-written").unwrap();

    assert!(run_into(&out, &[], &[]).status.success());
    assert!(
        !stale.exists(),
        "the interrupted run's staging folder is gone"
    );
    assert!(
        foreign.join("diary.txt").is_file(),
        "a folder staffsim did not make is kept"
    );
    let planned = staffsim()
        .arg("plan")
        .arg(scenario())
        .arg("--csv")
        .arg(&csv)
        .output()
        .unwrap();
    assert!(planned.status.success());
    if Path::new("/proc/self").exists() {
        assert!(!tmp.exists(), "the interrupted write's temporary is gone");
    }
}

#[test]
fn concurrent_runs_on_one_out_serialise_and_leave_one_complete_report() {
    let dir = scratch("race");
    let out = dir.join("r");
    let spawn = |seed: &str| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("staffsim"))
            .arg("run")
            .arg(scenario())
            .arg("--out")
            .arg(&out)
            .args(["--replications", "2", "--seed", seed])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let runs: Vec<_> = ["1", "2", "3"].iter().map(|s| spawn(s)).collect();
    for run in runs {
        let output = run.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
    }
    assert_complete_report(&out);
    assert!(
        hidden_entries(&dir).is_empty(),
        "{:?}",
        hidden_entries(&dir)
    );
}

#[test]
fn a_failed_run_removes_the_parent_folders_it_created() {
    let dir = scratch("parents");
    let out = dir.join("a/b/c/report");
    let output = run_into(&out, &[], &[("STAFFSIM_TEST_INTERRUPT", "fail")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        !dir.join("a").exists(),
        "a, a/b and a/b/c were made by the failed run"
    );
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 0);
}

#[cfg(unix)]
#[test]
fn a_fifo_given_as_csv_receives_the_csv_and_stays_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let dir = scratch("fifo");
    let fifo = dir.join("plan.fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    let output = staffsim()
        .arg("plan")
        .arg(scenario())
        .arg("--csv")
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let csv = reader.join().unwrap();
    assert!(csv.starts_with("start,"), "{}", &csv[..csv.len().min(80)]);
    assert_eq!(csv.lines().count(), 401, "header and 400 intervals");
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

#[cfg(unix)]
#[test]
fn a_symlink_given_as_chart_or_csv_has_its_target_written() {
    let dir = scratch("symlink");
    let target = dir.join("real.csv");
    fs::write(&target, "old").unwrap();
    let link = dir.join("link.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let output = staffsim()
        .arg("plan")
        .arg(scenario())
        .arg("--csv")
        .arg(&link)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(fs::read_to_string(&target).unwrap().starts_with("start,"));
}

#[test]
fn a_folder_given_as_csv_is_refused_and_left_alone() {
    let dir = scratch("csv-folder");
    let folder = dir.join("plan.csv");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("keep.txt"), "x").unwrap();
    let output = staffsim()
        .arg("plan")
        .arg(scenario())
        .arg("--csv")
        .arg(&folder)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("folder"), "{}", stderr(&output));
    assert!(folder.join("keep.txt").is_file());
}

#[test]
fn csv_dash_writes_the_csv_on_stdout() {
    let output = staffsim()
        .arg("plan")
        .arg(scenario())
        .args(["--csv", "-"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("start,"),
        "only the CSV on stdout: {stdout:.80}"
    );
    assert_eq!(stdout.lines().count(), 401);
}

#[test]
fn a_missing_file_names_its_os_cause_once() {
    let output = staffsim()
        .args(["plan", "/nonexistent/scenario.toml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert_eq!(message.matches("os error 2").count(), 1, "{message}");
}

/// The folder's own manifest with `lines` added (each as written: a bare path, as manifests
/// before fingerprints listed files, or `FINGERPRINT PATH`).
fn crafted_manifest(folder: &Path, lines: &[String]) {
    let own = fs::read_to_string(folder.join(".staffsim-report")).unwrap();
    let header = own.lines().next().unwrap().to_string();
    let mut text = own;
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    assert!(text.starts_with(&header));
    fs::write(folder.join(".staffsim-report"), text).unwrap();
}

#[test]
fn a_crafted_manifest_never_gets_a_users_file_replaced_or_removed() {
    let dir = scratch("crafted");
    let out = dir.join("r");
    assert!(run_into(&out, &[], &[]).status.success());
    // A file outside the folder, listed by its absolute path and by a climb out of the folder.
    let outside = dir.join("precious.txt");
    fs::write(&outside, "keep me").unwrap();
    // A user's file inside the folder, listed by name with a made-up fingerprint.
    fs::write(out.join("notes.txt"), "mine").unwrap();
    let absolute = outside.display().to_string();
    crafted_manifest(
        &out,
        &[
            absolute.clone(),
            format!("7-0000000000000000 {absolute}"),
            "7-0000000000000000 ../precious.txt".to_string(),
            "notes.txt".to_string(),
            "4-0000000000000000 notes.txt".to_string(),
        ],
    );
    // Without --force the folder holds a file staffsim did not write: refused, nothing touched.
    let refused = run_into(&out, &[], &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("notes.txt"),
        "{}",
        stderr(&refused)
    );
    // With --force the report is written beside them, and neither goes.
    let forced = run_into(&out, &["--force"], &[]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_complete_report(&out);
    assert_eq!(fs::read_to_string(&outside).unwrap(), "keep me");
    assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
    // A report file the user edited since is no longer staffsim's either.
    fs::write(out.join("summary.md"), "my edits").unwrap();
    let edited = run_into(&out, &[], &[]);
    assert_eq!(edited.status.code(), Some(1), "{}", stderr(&edited));
    assert_eq!(
        fs::read_to_string(out.join("summary.md")).unwrap(),
        "my edits"
    );
}

#[cfg(unix)]
#[test]
fn force_never_writes_through_a_link_out_of_the_folder() {
    let dir = scratch("charts-link");
    let out = dir.join("r");
    let elsewhere = dir.join("elsewhere");
    fs::create_dir_all(&out).unwrap();
    fs::create_dir_all(&elsewhere).unwrap();
    fs::write(out.join("notes.txt"), "mine").unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("charts")).unwrap();
    let forced = run_into(&out, &["--force"], &[]);
    assert_eq!(forced.status.code(), Some(1), "{}", stderr(&forced));
    assert!(
        stderr(&forced).contains("symbolic link"),
        "{}",
        stderr(&forced)
    );
    assert_eq!(
        fs::read_dir(&elsewhere).unwrap().count(),
        0,
        "nothing written through the link"
    );
}

#[test]
fn an_output_that_is_one_of_the_commands_inputs_is_refused_and_the_input_kept() {
    let dir = scratch("own-input");
    for file in ["intraday-peak.toml", "intraday-peak.csv"] {
        fs::copy(repo(&format!("tests/data/contract/{file}")), dir.join(file)).unwrap();
    }
    let holiday = fs::read_to_string(repo("scenarios/holiday-peak.toml")).unwrap();
    fs::write(dir.join("holiday.toml"), &holiday).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("intraday-peak.csv"), dir.join("link.csv")).unwrap();
    let history = staffsim()
        .current_dir(&dir)
        .args(["forecast", "--synthesize", "h.csv", "--weeks", "4"])
        .output()
        .unwrap();
    assert!(history.status.success(), "{}", stderr(&history));
    let mut cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            vec!["plan", "intraday-peak.toml", "--csv", "intraday-peak.csv"],
            "--csv",
            "intraday-peak.csv",
        ),
        (
            vec![
                "simulate",
                "intraday-peak.toml",
                "--replications",
                "2",
                "--csv",
                "./intraday-peak.csv",
            ],
            "--csv",
            "intraday-peak.csv",
        ),
        (
            vec![
                "plan",
                "intraday-peak.toml",
                "--chart",
                "intraday-peak.toml",
            ],
            "--chart",
            "intraday-peak.toml",
        ),
        (
            vec!["schedule", "holiday.toml", "--roster-out", "holiday.toml"],
            "--roster-out",
            "holiday.toml",
        ),
        (
            vec!["forecast", "h.csv", "--csv", "h.csv"],
            "--csv",
            "h.csv",
        ),
    ];
    if cfg!(unix) {
        cases.push((
            vec!["plan", "intraday-peak.toml", "--csv", "link.csv"],
            "--csv",
            "intraday-peak.csv",
        ));
    }
    for (args, flag, input) in cases {
        let before = fs::read(dir.join(input)).unwrap();
        let output = staffsim().current_dir(&dir).args(&args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        let message = stderr(&output);
        assert!(
            message.contains(flag) && message.contains("never replaces an input"),
            "{message}"
        );
        assert_eq!(
            fs::read(dir.join(input)).unwrap(),
            before,
            "{args:?} changed {input}"
        );
    }
}
