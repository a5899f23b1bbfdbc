//! What can be wrong with the store file itself — cut short, emptied, read-only, on a
//! full disk, locked — found before SQLite touches it where possible, and SQLite's own
//! failures turned into messages that name the file and say what to do.

use std::io::Read;
use std::path::Path;

use rusqlite::ErrorCode;

use super::StoreError;

const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Checks an existing file's SQLite header against its length, without opening it
/// through SQLite (which could write to it). A file cut short is refused here: SQLite
/// would read the missing pages as garbage and fail later with less helpful words.
pub(crate) fn check_header(path: &Path) -> Result<(), StoreError> {
    let damaged = |detail: String| StoreError::Damaged {
        path: path.to_path_buf(),
        detail,
    };
    let Ok(meta) = std::fs::metadata(path) else {
        // Unreadable metadata: let the open say why.
        return Ok(());
    };
    if meta.is_dir() {
        return Err(StoreError::NotAStore {
            path: path.to_path_buf(),
        });
    }
    // A FIFO, a device, a socket: never opened (reading a FIFO would wait for a writer
    // for ever), and never "empty": there is nothing to restore.
    if !meta.is_file() {
        return Err(StoreError::NotAFile {
            path: path.to_path_buf(),
            kind: super::private_file::FileKind::of(meta.file_type()),
        });
    }
    let len = meta.len();
    if len == 0 {
        return Err(StoreError::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut head = [0_u8; 100];
    let mut read = 0;
    // Unreadable (permissions, a device): let the open say why.
    let Ok(mut f) = std::fs::File::open(path) else {
        return Ok(());
    };
    while read < head.len() {
        match f.read(&mut head[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(_) => return Ok(()),
        }
    }
    let head = &head[..read];
    let prefix = head.len().min(MAGIC.len());
    if head[..prefix] != MAGIC[..prefix] {
        // Not SQLite at all: the open reports it as such.
        return Ok(());
    }
    if head.len() < 100 {
        return Err(damaged(format!(
            "only {len} bytes, less than an SQLite header: the file was cut short"
        )));
    }
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    if page_size < 512 || !page_size.is_power_of_two() {
        return Err(damaged(format!(
            "its header names a page size of {page_size} bytes"
        )));
    }
    if len % page_size != 0 {
        return Err(damaged(format!(
            "{len} bytes is not a whole number of {page_size}-byte pages: the file was cut short"
        )));
    }
    // The page count in the header is valid only when written with the current change
    // counter, and a write-ahead log may still hold pages a checkpoint had not finished
    // copying: only then is a shorter file certainly cut short.
    let word = |at: usize| u32::from_be_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    let pages = u64::from(word(28));
    let counted = word(24) == word(92) && pages > 0;
    let wal = path.with_file_name(format!(
        "{}-wal",
        path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
    ));
    let wal_holds_pages = std::fs::metadata(wal).is_ok_and(|m| m.len() > 0);
    if counted && !wal_holds_pages && len < pages * page_size {
        return Err(damaged(format!(
            "{len} bytes where its header says {} ({pages} pages): the file was cut short",
            pages * page_size
        )));
    }
    Ok(())
}

/// `path` as SQLite must be given it to take it as a path: this build of SQLite reads
/// any name that starts with `file:` as a URI (`file:x?mode=memory` would keep nothing,
/// `?nolock=1` would turn locking off), so a relative name gets a `./` in front.
pub(crate) fn sqlite_path(path: &Path) -> std::path::PathBuf {
    if path.is_relative() {
        Path::new(".").join(path)
    } else {
        path.to_path_buf()
    }
}

/// `file:` URI of `path` opened immutable: read-only, no `-wal`/`-shm` files needed,
/// for a store in a directory this user may not write to.
pub(crate) fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for b in path.as_os_str().as_encoded_bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'.' | b'-' | b'_' | b'~' => {
                uri.push(char::from(*b));
            }
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// True for the failures that mean "this user cannot write here", on open.
pub(crate) fn is_read_only(e: &StoreError) -> bool {
    match e {
        StoreError::ReadOnly { .. } => true,
        StoreError::Sqlite(e) => matches!(
            e.sqlite_error_code(),
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen)
        ),
        _ => false,
    }
}

impl StoreError {
    /// The same failure, said of the file at `path`: the store's locking, permission,
    /// disk and damage failures name the file and what to do; others are unchanged.
    #[must_use]
    pub fn at(self, path: &Path) -> Self {
        let path = path.to_path_buf();
        let e = match self {
            StoreError::Busy => return StoreError::Locked { path },
            StoreError::Sqlite(e) => e,
            other => return other,
        };
        let detail = e.to_string();
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked { path },
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
            Some(ErrorCode::CannotOpen) => StoreError::CannotOpen { path, detail },
            Some(ErrorCode::DiskFull | ErrorCode::SystemIoFailure) => {
                StoreError::WriteFailed { path, detail }
            }
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                StoreError::Damaged { path, detail }
            }
            // A value that does not decode (a row read from a damaged page).
            _ if matches!(e, rusqlite::Error::FromSqlConversionFailure(..)) => {
                StoreError::Damaged { path, detail }
            }
            _ => StoreError::Sqlite(e),
        }
    }
}
