//! The report folder: claimed, staged and swapped so that nothing staffsim did not write is ever
//! lost, and a kill at any instant leaves a complete report.
//!
//! # Ownership
//!
//! A report folder carries a manifest, [`MANIFEST`], listing every file staffsim wrote into it.
//! `run --out DIR` writes only into a `DIR` that is absent, empty, or a staffsim report holding
//! nothing but what its manifest lists. Any other folder is refused; with `--force` the report is
//! written *into* it, replacing only files of the names a report consists of (and removing only
//! files the previous manifest listed), so the user's own files stay. Symbolic links, read-only
//! folders and anything that is not a folder are refused.
//!
//! # The swap
//!
//! The report is written into a hidden staging folder beside `DIR`
//! (`.DIR.staffsim-staging-PID`), then swapped in:
//!
//! - on Linux by one atomic `renameat2(RENAME_EXCHANGE)`: at every instant either the old or the
//!   new complete report is at `DIR`; the old one, now at the staging name, is removed after;
//! - elsewhere (or on a file system without exchange) by two renames, `DIR` to
//!   `.DIR.staffsim-old-PID`, then staging to `DIR`. A kill between them leaves the old report
//!   at the backup name, and the next run on `DIR` puts it back before doing anything else.
//!
//! # Concurrency and leftovers
//!
//! Runs on one `DIR` serialise on an advisory lock, `.DIR.staffsim-lock` beside it. Holding it, a
//! run restores an interrupted swap and removes the staging and backup folders that earlier,
//! interrupted runs left (only those whose manifest or emptiness shows staffsim made them). A
//! failed run removes its staging folder and the parent folders it created.

use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The manifest's file name inside a report folder.
pub const MANIFEST: &str = ".staffsim-report";

/// The manifest's first line. Each line after it is `FINGERPRINT PATH`: a file staffsim wrote,
/// with the [`fingerprint`] of what it wrote. A file counts as staffsim's only while its content
/// still has that fingerprint, so a manifest edited to list a user's file (or an absolute path)
/// never gets that file replaced or removed. Manifests of earlier versions, which listed bare
/// paths, are not trusted.
const MANIFEST_HEADER: &str =
    "# staffsim report v2: the files staffsim wrote here, with their content fingerprints";

/// Environment variable for tests only: `swap` stops the process between the two renames of the
/// fallback swap, `exchange` right after the atomic exchange, before the old report is removed;
/// `fail` makes the run fail once the report is staged. Read by [`interrupt_hook`] only.
const INTERRUPT_HOOK: &str = "STAFFSIM_TEST_INTERRUPT";

/// The test hook's value, in builds with debug assertions (the tests' builds) only: a release
/// build compiles the read away and never stops or fails on purpose.
pub(crate) fn interrupt_hook() -> Option<String> {
    if cfg!(debug_assertions) {
        std::env::var(INTERRUPT_HOOK).ok()
    } else {
        None
    }
}

/// How the claimed folder is to receive the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Nothing at the path yet.
    New,
    /// An empty folder or an earlier staffsim report: replaced as a whole.
    Replace,
    /// `--force` on a folder with other files: the report's files are moved in one by one.
    Merge,
}

/// A report folder claimed for one run: locked, checked, and cleaned of earlier leftovers.
#[derive(Debug)]
pub struct ReportFolder {
    target: PathBuf,
    parent: PathBuf,
    name: String,
    mode: Mode,
    /// Folders this run created above the target, deepest first, removed if the run fails.
    created: Vec<PathBuf>,
    lock_path: PathBuf,
    /// Held for the life of the claim; the OS releases it if the process dies.
    _lock: fs::File,
}

fn write_error(path: &Path, why: impl Into<String>) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(why.into()),
    }
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

impl ReportFolder {
    /// Claims `target` for a report. `force` allows writing into a folder that holds files
    /// staffsim did not write (those files are left alone).
    pub fn claim(target: &Path, force: bool) -> Result<Self> {
        let name = target
            .file_name()
            .filter(|n| *n != "." && *n != "..")
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                write_error(
                    target,
                    "--out must name a folder (not `.`, `..` or a root); e.g. --out output/my-report",
                )
            })?;
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let created = create_parents(&parent).map_err(|err| io_error(target, err))?;
        let lock_path = parent.join(format!(".{name}.staffsim-lock"));
        let lock = match lock_folder(&lock_path) {
            Ok(lock) => lock,
            Err(err) => {
                remove_created(&created);
                return Err(io_error(target, err));
            }
        };
        let mut folder = ReportFolder {
            target: target.to_path_buf(),
            parent,
            name,
            mode: Mode::New,
            created,
            lock_path,
            _lock: lock,
        };
        match folder.prepare(force) {
            Ok(mode) => {
                folder.mode = mode;
                Ok(folder)
            }
            Err(err) => Err(err),
        }
    }

    /// The folder the report goes to.
    pub fn path(&self) -> &Path {
        &self.target
    }

    /// Restores an interrupted swap, removes leftovers, and decides how the report goes in.
    fn prepare(&self, force: bool) -> Result<Mode> {
        self.restore_interrupted_swap()?;
        self.remove_leftovers();
        let target = &self.target;
        let meta = match fs::symlink_metadata(target) {
            Ok(meta) => meta,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Mode::New),
            Err(err) => return Err(io_error(target, err)),
        };
        if meta.file_type().is_symlink() {
            return Err(write_error(
                target,
                "it is a symbolic link; give the folder it points to as --out",
            ));
        }
        if !meta.is_dir() {
            return Err(write_error(
                target,
                "it is a file, not a folder: choose another --out",
            ));
        }
        if meta.permissions().readonly() {
            return Err(write_error(
                target,
                "the folder is read-only; make it writable or choose another --out",
            ));
        }
        let present = list_files(target).map_err(|err| io_error(target, err))?;
        if present.is_empty() {
            return Ok(Mode::Replace);
        }
        let listed = read_manifest(target).unwrap_or_default();
        let foreign: Vec<&PathBuf> = present
            .iter()
            .filter(|p| p.as_os_str() != MANIFEST && !listed.contains(*p))
            .collect();
        if foreign.is_empty() {
            return Ok(Mode::Replace);
        }
        if force {
            return Ok(Mode::Merge);
        }
        let what = if listed.is_empty() {
            "it is not a staffsim report"
        } else {
            "it holds files staffsim did not write"
        };
        Err(write_error(
            target,
            format!(
                "{what} ({} file{}, e.g. {}); refusing to replace it: choose another --out, or add --force to write the report into it, replacing only the report's own files",
                foreign.len(),
                if foreign.len() == 1 { "" } else { "s" },
                foreign[0].display()
            ),
        ))
    }

    /// A fresh, empty staging folder beside the target.
    pub fn staging(&self) -> Result<PathBuf> {
        let staging = self.sibling("staging");
        fs::create_dir(&staging).map_err(|err| io_error(&self.target, err))?;
        Ok(staging)
    }

    /// Puts the complete report in `staging` (whose files are `files`, relative to it) in place
    /// of the target, and writes its manifest.
    pub fn publish(self, staging: &Path, files: &[PathBuf]) -> Result<()> {
        let result = self.publish_inner(staging, files);
        if result.is_err() {
            let _ = fs::remove_dir_all(staging);
        }
        result
    }

    fn publish_inner(&self, staging: &Path, files: &[PathBuf]) -> Result<()> {
        write_manifest(staging, files)?;
        match self.mode {
            Mode::New => {
                fs::rename(staging, &self.target).map_err(|err| io_error(&self.target, err))
            }
            Mode::Replace => self.swap(staging),
            Mode::Merge => self.merge(staging, files),
        }
    }

    /// Swaps the staging folder with the existing target, atomically where the OS can.
    fn swap(&self, staging: &Path) -> Result<()> {
        let hook = interrupt_hook();
        if hook.as_deref() != Some("swap") {
            match exchange(staging, &self.target) {
                Ok(()) => {
                    if hook.as_deref() == Some("exchange") {
                        std::process::exit(137);
                    }
                    let _ = fs::remove_dir_all(staging);
                    return Ok(());
                }
                Err(err) if exchange_unsupported(&err) => {}
                Err(err) => return Err(io_error(&self.target, err)),
            }
        }
        let backup = self.sibling("old");
        fs::rename(&self.target, &backup).map_err(|err| io_error(&self.target, err))?;
        if hook.as_deref() == Some("swap") {
            std::process::exit(137);
        }
        if let Err(err) = fs::rename(staging, &self.target) {
            let _ = fs::rename(&backup, &self.target);
            return Err(io_error(&self.target, err));
        }
        let _ = fs::remove_dir_all(&backup);
        Ok(())
    }

    /// `--force`: moves the report's files into the target one by one (each rename atomic),
    /// then removes files the previous manifest listed that this report no longer has.
    fn merge(&self, staging: &Path, files: &[PathBuf]) -> Result<()> {
        let previous = read_manifest(&self.target).unwrap_or_default();
        for file in files
            .iter()
            .chain(std::iter::once(&PathBuf::from(MANIFEST)))
        {
            let to = self.target.join(file);
            no_link_between(&self.target, file)?;
            if let Some(folder) = to.parent() {
                fs::create_dir_all(folder).map_err(|err| io_error(folder, err))?;
            }
            if fs::symlink_metadata(&to).is_ok_and(|m| m.is_dir()) {
                return Err(write_error(
                    &to,
                    "a folder stands where the report puts a file; move it or choose another --out",
                ));
            }
            fs::rename(staging.join(file), &to).map_err(|err| io_error(&to, err))?;
        }
        let current: BTreeSet<&PathBuf> = files.iter().collect();
        for old in previous.iter().filter(|p| !current.contains(p)) {
            let _ = fs::remove_file(self.target.join(old));
        }
        let _ = fs::remove_dir_all(staging);
        Ok(())
    }

    /// Gives up the claim after a failure: removes `staging`; dropping the claim removes the
    /// folders this run created.
    pub fn abandon(self, staging: &Path) {
        let _ = fs::remove_dir_all(staging);
    }

    /// `parent/.name.staffsim-<what>-<pid>`.
    fn sibling(&self, what: &str) -> PathBuf {
        self.parent.join(format!(
            ".{}.staffsim-{what}-{}",
            self.name,
            std::process::id()
        ))
    }

    /// Leftovers of earlier runs on this target: `(kind, path)` for staging and backup folders.
    fn leftovers(&self) -> Vec<(String, PathBuf)> {
        let prefix = format!(".{}.staffsim-", self.name);
        let Ok(entries) = fs::read_dir(&self.parent) else {
            return Vec::new();
        };
        let mut found: Vec<(String, PathBuf)> = entries
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                let rest = name.strip_prefix(&prefix)?;
                let (kind, pid) = rest.split_once('-')?;
                pid.parse::<u32>().ok()?;
                let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                (is_dir && (kind == "staging" || kind == "old"))
                    .then(|| (kind.to_string(), entry.path()))
            })
            .collect();
        found.sort();
        found
    }

    /// A kill between the two renames of the fallback swap left the target absent and the old
    /// report at a backup name: put it back.
    fn restore_interrupted_swap(&self) -> Result<()> {
        if fs::symlink_metadata(&self.target).is_ok() {
            return Ok(());
        }
        let backup = self
            .leftovers()
            .into_iter()
            .find(|(kind, path)| kind == "old" && read_manifest(path).is_some());
        if let Some((_, backup)) = backup {
            fs::rename(&backup, &self.target).map_err(|err| io_error(&self.target, err))?;
        }
        Ok(())
    }

    /// Removes staging and backup folders of earlier runs (we hold the lock, so none is in use)
    /// that staffsim demonstrably made: empty, or holding only what a manifest lists.
    fn remove_leftovers(&self) {
        for (_, path) in self.leftovers() {
            let owned = match (list_files(&path), read_manifest(&path)) {
                (Ok(present), Some(listed)) => present
                    .iter()
                    .all(|p| p.as_os_str() == MANIFEST || listed.contains(p)),
                (Ok(present), None) => present.iter().all(|p| is_report_file(p)),
                (Err(_), _) => false,
            };
            if owned {
                let _ = fs::remove_dir_all(&path);
            }
        }
    }
}

impl Drop for ReportFolder {
    /// Releases the claim: removes the lock file (still holding the lock, see `lock_folder`)
    /// and, when the run wrote nothing, the parent folders it created.
    fn drop(&mut self) {
        if cfg!(unix) {
            let _ = fs::remove_file(&self.lock_path);
        }
        if self.mode == Mode::New && !self.target.exists() {
            remove_created(&self.created);
        }
    }
}

/// Refuses a symbolic link at any folder between `target` and its `file` (relative): `--force`
/// writes into the target, never through a link out of it.
fn no_link_between(target: &Path, file: &Path) -> Result<()> {
    let mut at = target.to_path_buf();
    let folders = file.parent().into_iter().flat_map(|p| p.components());
    for part in folders.chain(file.file_name().map(std::path::Component::Normal)) {
        at.push(part);
        if fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(write_error(
                &at,
                "is a symbolic link: the report is not written through it; remove it or choose another --out",
            ));
        }
    }
    Ok(())
}

/// Whether a path in a staging folder without a manifest (one interrupted before publishing) is
/// a file a report consists of.
fn is_report_file(path: &Path) -> bool {
    let name = path.to_string_lossy();
    let top = [
        names::SUMMARY_MD,
        names::REPORT_HTML,
        names::SUMMARY_JSON,
        names::INTERVALS_CSV,
        names::WORKBOOK,
        names::BID_MONTHS_CSV,
        names::SCHEDULE_CSV,
        names::ROSTER_CSV,
    ];
    top.contains(&name.as_ref())
        || (name.starts_with(&format!("{}/", names::CHARTS))
            && (name.ends_with(".png") || name.ends_with(".svg")))
        || name.contains(".staffsim-tmp-")
}

/// The names of a report's files: what `run` writes and what a later run may replace.
pub(super) mod names {
    /// The one-page report.
    pub(crate) const SUMMARY_MD: &str = "summary.md";
    /// The same report as a web page.
    pub(crate) const REPORT_HTML: &str = "report.html";
    /// The plan and the simulation as JSON.
    pub(crate) const SUMMARY_JSON: &str = "summary.json";
    /// One row per open interval.
    pub(crate) const INTERVALS_CSV: &str = "intervals.csv";
    /// The Excel workbook.
    pub(crate) const WORKBOOK: &str = "workbook.xlsx";
    /// The bid's months.
    pub(crate) const BID_MONTHS_CSV: &str = "bid-months.csv";
    /// The schedule's shifts.
    pub(crate) const SCHEDULE_CSV: &str = "schedule.csv";
    /// The roster's shifts, one row per agent-shift.
    pub(crate) const ROSTER_CSV: &str = "roster.csv";
    /// The folder of PNG and SVG charts.
    pub(crate) const CHARTS: &str = "charts";
}

/// Creates `folder` and the missing folders above it; returns those it created, deepest first.
fn create_parents(folder: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut missing = Vec::new();
    let mut at = Some(folder);
    while let Some(path) = at {
        if path.as_os_str().is_empty() || fs::symlink_metadata(path).is_ok() {
            break;
        }
        missing.push(path.to_path_buf());
        at = path.parent();
    }
    fs::create_dir_all(folder)?;
    Ok(missing)
}

fn remove_created(created: &[PathBuf]) {
    for folder in created {
        if fs::remove_dir(folder).is_err() {
            break;
        }
    }
}

/// Opens the lock file and takes an exclusive advisory lock, waiting for another run to finish.
///
/// The holder removes the file when done, so a waiter may wake holding a lock on a file that is
/// no longer at `path`: it then tries again on the file now there (the usual lock-file protocol).
fn lock_folder(path: &Path) -> std::io::Result<fs::File> {
    let mut told = false;
    loop {
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                if !told {
                    eprintln!(
                        "waiting for another staffsim run on the same --out to finish ({})",
                        path.display()
                    );
                    told = true;
                }
                file.lock()?;
            }
            Err(fs::TryLockError::Error(err)) => return Err(err),
        }
        if still_at(&file, path) {
            return Ok(file);
        }
    }
}

/// Whether the open `file` is still the file at `path`.
#[cfg(unix)]
fn still_at(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_file: &fs::File, _path: &Path) -> bool {
    true
}

/// Every file below `folder`, relative to it, with `/` separators. Folders are not listed, so a
/// folder holding only listed files counts as owned.
fn list_files(folder: &Path) -> std::io::Result<BTreeSet<PathBuf>> {
    fn walk(root: &Path, at: &Path, out: &mut BTreeSet<PathBuf>) -> std::io::Result<()> {
        for entry in fs::read_dir(at)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                walk(root, &path, out)?;
            } else {
                out.insert(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
            }
        }
        Ok(())
    }
    let mut out = BTreeSet::new();
    walk(folder, folder, &mut out)?;
    Ok(out)
}

/// A file's content as `LENGTH-FNV1A64` (hex): the Fowler–Noll–Vo 1a hash, offset basis
/// `0xcbf29ce484222325`, prime `0x100000001b3`, over every byte. Not cryptographic: it tells a
/// file staffsim wrote from one put or edited there since, which is all ownership needs.
/// `None` for anything but a regular file (a link, a folder, a FIFO) or an unreadable one.
fn fingerprint(path: &Path) -> Option<String> {
    if !fs::symlink_metadata(path).ok()?.is_file() {
        return None;
    }
    let bytes = fs::read(path).ok()?;
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    Some(format!("{}-{hash:016x}", bytes.len()))
}

/// A manifest path that names a file inside the folder: relative, plain names only.
fn plain_relative(line: &str) -> Option<PathBuf> {
    let path = Path::new(line);
    let plain = !line.is_empty()
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    plain.then(|| path.to_path_buf())
}

/// The files of `folder` that its manifest lists and that still hold what staffsim wrote, or
/// `None` where there is no valid manifest.
fn read_manifest(folder: &Path) -> Option<BTreeSet<PathBuf>> {
    let text = fs::read_to_string(folder.join(MANIFEST)).ok()?;
    let mut lines = text.lines();
    (lines.next()? == MANIFEST_HEADER).then(|| {
        lines
            .filter_map(|l| l.split_once(' '))
            .filter_map(|(print, path)| Some((print, plain_relative(path)?)))
            .filter(|(print, path)| fingerprint(&folder.join(path)).as_deref() == Some(*print))
            .map(|(_, path)| path)
            .collect()
    })
}

fn write_manifest(folder: &Path, files: &[PathBuf]) -> Result<()> {
    let mut text = format!("{MANIFEST_HEADER}\n");
    for file in files {
        let print = fingerprint(&folder.join(file)).ok_or_else(|| {
            write_error(
                &folder.join(file),
                "the report file just written cannot be read back",
            )
        })?;
        text.push_str(&format!(
            "{print} {}\n",
            file.to_string_lossy().replace('\\', "/")
        ));
    }
    crate::report::write_atomically(&folder.join(MANIFEST), text.as_bytes())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// The file system or kernel cannot exchange: fall back to two renames.
fn exchange_unsupported(err: &std::io::Error) -> bool {
    matches!(
        err.kind(),
        std::io::ErrorKind::Unsupported | std::io::ErrorKind::InvalidInput
    ) || err.raw_os_error() == Some(38) // ENOSYS
}
