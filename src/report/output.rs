//! Writing output files so that a failure never leaves a half-written file behind, and nothing
//! staffsim did not write is ever destroyed.
//!
//! What [`write_atomically`] does depends on what is at the path, the way careful tools (`cp`,
//! `install`, cargo) treat a destination:
//!
//! | at the path | what happens |
//! | --- | --- |
//! | nothing | the file is written under a temporary name beside it, then renamed into place |
//! | a regular file | replaced the same way, keeping its permissions; a read-only file is refused |
//! | a symbolic link | its target is written by these same rules (the link stays a link); a link to nothing is refused |
//! | a FIFO or a character device (`/dev/null`, a terminal) | written into directly, never replaced |
//! | `-` | standard output |
//! | a folder, a socket, a block device | refused |
//!
//! Temporary files are named `.NAME.staffsim-tmp-PID`; ones left by a process that no longer
//! runs (an interrupted run) are removed the next time the same file is written.

use crate::error::{Error, Result};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The marker in temporary file names, so that staffsim only ever cleans up its own.
const TEMPORARY_MARKER: &str = ".staffsim-tmp-";

/// Writes `bytes` to `path` without ever leaving a half-written file, following the rules in the
/// module documentation. `-` writes to standard output.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.as_os_str() == "-" {
        let mut stdout = std::io::stdout().lock();
        return stdout
            .write_all(bytes)
            .and_then(|()| stdout.flush())
            .map_err(|source| write_error(path, source));
    }
    match destination(path)? {
        Destination::File { path, permissions } => replace_file(&path, bytes, permissions.as_ref()),
        Destination::Stream(stream) => fs::OpenOptions::new()
            .write(true)
            .open(&stream)
            .and_then(|mut file| file.write_all(bytes).and_then(|()| file.flush()))
            .map_err(|source| write_error(&stream, source)),
    }
}

/// Refuses to write `output` (given as `flag`) where it is one of `inputs` (as
/// [`crate::scenario::input_files`] lists them): `plan s.toml --csv forecast.csv` would replace
/// the forecast it planned from. The same file is recognised through links and other spellings.
pub fn refuse_input(flag: &str, output: &Path, inputs: &[(String, PathBuf)]) -> Result<()> {
    if output.as_os_str() == "-" {
        return Ok(());
    }
    for (what, input) in inputs {
        if same_file(output, input) {
            return Err(Error::invalid(
                flag,
                output.display(),
                format!(
                    "a file other than {what} it reads ({}): an output never replaces an input",
                    input.display()
                ),
            ));
        }
    }
    Ok(())
}

/// Whether two paths name one existing file (the same device and inode on Unix; the same
/// canonical path elsewhere).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(a), fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
    }
}

/// Where the bytes for a path go.
enum Destination {
    /// A regular file (new or existing) at this real path, replaced through a temporary file.
    File {
        path: PathBuf,
        permissions: Option<fs::Permissions>,
    },
    /// Something to write into directly: a FIFO or a character device.
    Stream(PathBuf),
}

fn write_error(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

fn refuse(path: &Path, why: &str) -> Error {
    write_error(path, std::io::Error::other(why.to_string()))
}

/// Classifies what is at `path`, following symbolic links to their target.
fn destination(path: &Path) -> Result<Destination> {
    let link = match fs::symlink_metadata(path) {
        Ok(meta) => meta.file_type().is_symlink(),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Destination::File {
                path: path.to_path_buf(),
                permissions: None,
            });
        }
        Err(err) => return Err(write_error(path, err)),
    };
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(err) if link && err.kind() == std::io::ErrorKind::NotFound => {
            return Err(refuse(
                path,
                "it is a symbolic link to a file that does not exist; remove the link or give another path",
            ));
        }
        Err(err) => return Err(write_error(path, err)),
    };
    let kind = meta.file_type();
    if kind.is_file() {
        if meta.permissions().readonly() {
            return Err(refuse(
                path,
                "it is read-only; make it writable or give another path",
            ));
        }
        let real = if link {
            fs::canonicalize(path).map_err(|err| write_error(path, err))?
        } else {
            path.to_path_buf()
        };
        return Ok(Destination::File {
            path: real,
            permissions: Some(meta.permissions()),
        });
    }
    if kind.is_dir() {
        return Err(refuse(path, "it is a folder; give a file name"));
    }
    if is_stream(&kind) {
        return Ok(Destination::Stream(path.to_path_buf()));
    }
    Err(refuse(
        path,
        "it is not a regular file, a FIFO or a character device; give another path",
    ))
}

#[cfg(unix)]
fn is_stream(kind: &fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    kind.is_fifo() || kind.is_char_device()
}

#[cfg(not(unix))]
fn is_stream(_kind: &fs::FileType) -> bool {
    false
}

/// Writes `bytes` to a temporary file beside `path`, syncs it and renames it over `path`. On
/// failure the temporary file is removed and `path` is untouched.
fn replace_file(path: &Path, bytes: &[u8], permissions: Option<&fs::Permissions>) -> Result<()> {
    remove_stale_temporaries(path);
    let temporary = temporary_path(path);
    let fail = |source: std::io::Error| {
        let _ = fs::remove_file(&temporary);
        write_error(path, source)
    };
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .map_err(|source| write_error(path, source))?;
    file.write_all(bytes)
        .and_then(|()| match permissions {
            Some(p) => file.set_permissions(p.clone()),
            None => Ok(()),
        })
        .and_then(|()| file.sync_all())
        .map_err(fail)?;
    drop(file);
    fs::rename(&temporary, path).map_err(fail)
}

/// `dir/.name.staffsim-tmp-<pid>`: hidden, unique per process, on the same file system as `path`.
fn temporary_path(path: &Path) -> PathBuf {
    path.with_file_name(format!(
        ".{}{TEMPORARY_MARKER}{}",
        file_name(path),
        std::process::id()
    ))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned())
}

/// Removes `.name.staffsim-tmp-PID` files beside `path` left by processes that no longer run.
fn remove_stale_temporaries(path: &Path) {
    let prefix = format!(".{}{TEMPORARY_MARKER}", file_name(path));
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(&prefix)
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let regular = entry.file_type().is_ok_and(|t| t.is_file());
        if regular && !process_is_running(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether a process with this id runs. Where that cannot be told (no `/proc`), assume it does,
/// so that nothing is removed that might still be in use.
pub(crate) fn process_is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// Serialises `rows` as CSV with a header row from the struct's field names.
pub fn csv_bytes<T: serde::Serialize>(rows: &[T]) -> Result<Vec<u8>> {
    let csv_error =
        |message: String| write_error(Path::new("<csv>"), std::io::Error::other(message));
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer
            .serialize(row)
            .map_err(|e| csv_error(e.to_string()))?;
    }
    writer.into_inner().map_err(|e| csv_error(e.to_string()))
}

/// `value` as pretty-printed JSON with a final newline. Negative zero is written as `0` (a
/// rounded `-0.0` means nothing to a reader), and non-finite numbers, which JSON cannot hold,
/// are already `null` by serde_json's rules.
pub fn json_pretty<T: serde::Serialize + ?Sized>(value: &T) -> Result<String> {
    fn normalise(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Number(n) if n.as_f64() == Some(0.0) && n.is_f64() => {
                *value = serde_json::Value::from(0.0);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(normalise),
            serde_json::Value::Object(map) => map.values_mut().for_each(normalise),
            _ => {}
        }
    }
    let json_error = |e: serde_json::Error| {
        write_error(Path::new("<json>"), std::io::Error::other(e.to_string()))
    };
    let mut tree = serde_json::to_value(value).map_err(json_error)?;
    normalise(&mut tree);
    let mut text = serde_json::to_string_pretty(&tree).map_err(json_error)?;
    text.push('\n');
    Ok(text)
}

/// Writes `rows` as a CSV file by the rules of [`write_atomically`].
pub fn write_csv<T: serde::Serialize>(path: &Path, rows: &[T]) -> Result<()> {
    write_atomically(path, &csv_bytes(rows)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("staffsim-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_write_into_a_missing_folder_fails_and_leaves_nothing() {
        let dir = scratch("missing");
        let path = dir.join("missing").join("out.csv");
        assert!(write_atomically(&path, b"x").is_err());
        assert!(!path.exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_completed_write_replaces_the_old_file_and_leaves_no_temporary() {
        let dir = scratch("ok");
        let path = dir.join("out.csv");
        write_atomically(&path, b"old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_stale_temporary_of_a_dead_process_is_removed_and_a_foreign_file_is_kept() {
        let dir = scratch("stale");
        let path = dir.join("out.csv");
        // pid 0 is never a user process; u32::MAX - 1 is far above pid_max.
        let stale = dir.join(format!(".out.csv{TEMPORARY_MARKER}{}", u32::MAX - 1));
        let foreign = dir.join(".out.csv.tmp-notes");
        fs::write(&stale, b"half").unwrap();
        fs::write(&foreign, b"mine").unwrap();
        write_atomically(&path, b"new").unwrap();
        if Path::new("/proc/self").exists() {
            assert!(!stale.exists(), "the stale temporary is cleaned up");
        }
        assert_eq!(fs::read(&foreign).unwrap(), b"mine");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_has_its_target_written_and_stays_a_link() {
        let dir = scratch("link");
        let target = dir.join("target.csv");
        let link = dir.join("link.csv");
        fs::write(&target, b"old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomically(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&target).unwrap(), b"new");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_symlink_a_folder_and_a_read_only_file_are_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("refuse");
        let link = dir.join("dangling.csv");
        std::os::unix::fs::symlink(dir.join("nothing"), &link).unwrap();
        let err = write_atomically(&link, b"x").unwrap_err();
        assert!(format!("{:?}", err).contains("symbolic link"));
        assert!(write_atomically(&dir, b"x").is_err());
        let locked = dir.join("locked.csv");
        fs::write(&locked, b"keep").unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o444)).unwrap();
        assert!(write_atomically(&locked, b"x").is_err());
        assert_eq!(fs::read(&locked).unwrap(), b"keep");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_character_device_is_written_into_not_replaced() {
        write_atomically(Path::new("/dev/null"), b"discarded").unwrap();
        assert!(!fs::metadata("/dev/null").unwrap().file_type().is_file());
    }

    #[test]
    fn json_never_carries_a_negative_zero() {
        let text =
            json_pretty(&serde_json::json!({"bias": -0.0, "list": [-0.0, 1.5], "n": 0})).unwrap();
        assert!(!text.contains("-0"), "{text}");
        assert!(text.contains("1.5"));
    }

    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        let dir = scratch("perm");
        let path = dir.join("out.csv");
        fs::write(&path, b"old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
            write_atomically(&path, b"new").unwrap();
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
