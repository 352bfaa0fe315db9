//! Writing output files so that a failure never leaves a half-written file behind.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into place once
/// complete: readers see the old file or the new one, never a partial one. On failure the
/// temporary file is removed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let temporary = temporary_path(path);
    let fail = |source: std::io::Error| {
        let _ = std::fs::remove_file(&temporary);
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    };
    let mut file = std::fs::File::create(&temporary).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(fail)?;
    drop(file);
    std::fs::rename(&temporary, path).map_err(fail)
}

/// `dir/.name.tmp-<pid>`: hidden, unique per process, on the same file system as `path`.
fn temporary_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Serialises `rows` as CSV with a header row from the struct's field names.
pub fn csv_bytes<T: serde::Serialize>(rows: &[T]) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.serialize(row).map_err(|e| Error::Write {
            path: PathBuf::from("<csv>"),
            source: std::io::Error::other(e.to_string()),
        })?;
    }
    writer.into_inner().map_err(|e| Error::Write {
        path: PathBuf::from("<csv>"),
        source: std::io::Error::other(e.to_string()),
    })
}

/// Writes `rows` as a CSV file, atomically.
pub fn write_csv<T: serde::Serialize>(path: &Path, rows: &[T]) -> Result<()> {
    write_atomically(path, &csv_bytes(rows)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_into_a_missing_folder_fails_and_leaves_nothing() {
        let dir = std::env::temp_dir().join(format!("staffsim-atomic-{}", std::process::id()));
        let path = dir.join("missing").join("out.csv");
        assert!(write_atomically(&path, b"x").is_err());
        assert!(!path.exists());
    }

    #[test]
    fn a_completed_write_replaces_the_old_file() {
        let dir = std::env::temp_dir().join(format!("staffsim-atomic-ok-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.csv");
        write_atomically(&path, b"old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let leftovers = std::fs::read_dir(&dir).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary files remain");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
