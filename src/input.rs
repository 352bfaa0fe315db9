//! Reading input files with a size cap, checked while streaming.
//!
//! Every file staffsim reads (scenarios, interval CSVs, histories, handle-time samples, special
//! days) goes through [`open`] or [`read`]: a file larger than the cap (default
//! [`DEFAULT_MAX_INPUT_BYTES`], raised with the CLI's `--max-input-size`) or holding a NUL byte
//! (`/dev/zero`, a binary file given by mistake) is refused as soon as the reader gets there,
//! never after loading gigabytes.

use crate::error::{Error, Result};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The default cap on one input file: 1 GiB.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 1 << 30;

static MAX_INPUT_BYTES: AtomicU64 = AtomicU64::new(DEFAULT_MAX_INPUT_BYTES);

/// Sets the cap on one input file for the rest of the process (the CLI's `--max-input-size`).
pub fn set_max_input_bytes(bytes: u64) {
    MAX_INPUT_BYTES.store(bytes, Ordering::Relaxed);
}

/// The cap on one input file.
pub fn max_input_bytes() -> u64 {
    MAX_INPUT_BYTES.load(Ordering::Relaxed)
}

/// A reader that counts what it reads and fails once past the cap or at a NUL byte.
#[derive(Debug)]
pub struct CheckedReader<R> {
    inner: R,
    path: PathBuf,
    read: u64,
    cap: u64,
    /// Text files refuse NUL bytes; binary ones (a logo) do not.
    text: bool,
}

impl<R: Read> Read for CheckedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(at) = buf[..n].iter().position(|b| *b == 0).filter(|_| self.text) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "it holds a NUL byte at byte {}: it is not a text file",
                    self.read + at as u64 + 1
                ),
            ));
        }
        self.read += n as u64;
        if self.read > self.cap {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "it is larger than the input limit of {} bytes: raise it with --max-input-size",
                    self.cap
                ),
            ));
        }
        Ok(n)
    }
}

impl<R> CheckedReader<R> {
    /// The file being read.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn read_error(path: &Path, source: std::io::Error) -> Error {
    Error::Read {
        path: path.to_path_buf(),
        source,
    }
}

/// `file` behind the process's cap; `text` adds the NUL check.
fn checked(file: std::fs::File, path: &Path, text: bool) -> CheckedReader<std::fs::File> {
    CheckedReader {
        inner: file,
        path: path.to_path_buf(),
        read: 0,
        cap: max_input_bytes(),
        text,
    }
}

/// Opens `path` for streaming through the cap and the NUL check, buffered, with a UTF-8
/// byte-order mark (as Excel writes) skipped.
pub fn open(path: &Path) -> Result<BufReader<CheckedReader<std::fs::File>>> {
    let file = std::fs::File::open(path).map_err(|e| read_error(path, e))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(read_error(
            path,
            std::io::Error::other("it is a folder, not a file"),
        ));
    }
    let mut reader = BufReader::with_capacity(64 * 1024, checked(file, path, true));
    let head = reader.fill_buf().map_err(|e| read_error(path, e))?;
    if head.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    Ok(reader)
}

/// Reads all of a binary file (an image) through the size cap, without the NUL check.
pub fn read_binary(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| read_error(path, e))?;
    let mut bytes = Vec::new();
    checked(file, path, false)
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(path, e))?;
    Ok(bytes)
}

/// Reads all of `path` through [`open`].
pub fn read(path: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open(path)?
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(path, e))?;
    Ok(bytes)
}

/// The cap on a scenario or portfolio file (TOML), whatever `--max-input-size` says: parsing
/// TOML takes several times its size in memory, and a scenario's intervals belong in a CSV,
/// which streams.
pub const MAX_SCENARIO_BYTES: u64 = 64 << 20;

/// Reads all of the scenario or portfolio file `path` as UTF-8 text, through [`open`] and
/// refused past [`MAX_SCENARIO_BYTES`].
pub fn read_text(path: &Path) -> Result<String> {
    let cap = MAX_SCENARIO_BYTES.min(max_input_bytes());
    if let Ok(meta) = std::fs::metadata(path)
        && meta.is_file()
        && meta.len() > cap
    {
        return Err(read_error(
            path,
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "it is {} bytes, more than a scenario file may be ({cap}): put the intervals in a CSV ([forecast] csv), which streams",
                    meta.len()
                ),
            ),
        ));
    }
    let mut bytes = Vec::new();
    let mut reader = open(path)?;
    reader.get_mut().cap = cap;
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(path, e))?;
    String::from_utf8(bytes).map_err(|e| {
        read_error(
            path,
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "it is not UTF-8 text (byte {}): save it as UTF-8",
                    e.utf8_error().valid_up_to() + 1
                ),
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_byte_is_refused_where_it_is() {
        let mut reader = CheckedReader {
            inner: &b"start,volume\n\0\0"[..],
            path: PathBuf::from("f.csv"),
            read: 0,
            cap: 1 << 20,
            text: true,
        };
        let err = reader.read_to_end(&mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("byte 14"), "{err}");
    }

    #[test]
    fn reading_past_the_cap_fails_without_reading_on() {
        let mut reader = CheckedReader {
            inner: std::io::repeat(b'x'),
            path: PathBuf::from("big"),
            read: 0,
            cap: 100_000,
            text: true,
        };
        let err = reader.read_to_end(&mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("--max-input-size"), "{err}");
        assert!(reader.read <= 100_000 + 64 * 1024);
    }

    #[cfg(unix)]
    #[test]
    fn dev_zero_is_refused_at_once() {
        let err = read(Path::new("/dev/zero")).unwrap_err();
        assert!(format!("{err:?}").contains("NUL"), "{err:?}");
    }
}
