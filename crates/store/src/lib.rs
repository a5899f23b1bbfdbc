//! The job store: one SQLite file with an append-only, hash-chained event log and a
//! `jobs` projection kept in step with it. No SQL lives outside this module.

mod actions;
mod alerts;
mod batch;
mod bulk;
mod checkpoint;
mod closed;
mod events;
mod external;
mod feed;
mod fields;
mod file_faults;
mod head;
mod history;
mod import;
mod job_read;
mod job_rows;
mod mail;
mod names;
mod outbox;
mod pending;
mod pipe;
pub mod private_file;
mod queries;
pub mod schema;
mod shares;
mod tokens;
mod verify;
mod webhooks;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

pub use alerts::{AlertFate, Claimed};
pub use batch::Batch;
pub use external::{Logged, Repeat};
pub use feed::FeedEvent;
pub use head::HeadCheck;
pub use import::{ImportReport, RejectedRow};
pub use mail::{HeldMail, MailEntry, MailLogRow, MailTake, Taken};
pub use outbox::{OutboxKind, OutboxRow, OutboxState, Outgoing};
pub use queries::{JobFilter, NameMatch};
pub use shares::{by_shares, cores};
pub use tokens::{NewToken, TokenKind, TokenRow};
pub use verify::{VerifyProblem, VerifyReport};
pub use webhooks::{DeliveryRow, DeliveryState, WebhookClaim, WebhookRoute, WebhookStatus};

/// What can go wrong with the store, in words a dispatcher can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: no job store here — run `slawatch init` (or log a job first: `slawatch log …`), or pass --db FILE"
    )]
    Missing { path: PathBuf },
    #[error("{path}: not a slawatch store (the file is not an SQLite database) — check --db / SLAWATCH_DB")]
    NotAStore { path: PathBuf },
    #[error(
        "{path}: not a regular file (it is a {kind}), so it cannot be a store — a store is an SQLite file: pass --db with the path of a file (a new store is created there by the first `slawatch log`), or leave --db and SLAWATCH_DB unset for the default"
    )]
    NotAFile {
        path: PathBuf,
        kind: private_file::FileKind,
    },
    #[error(
        "{path}: a symbolic link to a file that does not exist — slawatch does not create a store through a link; pass the real path with --db, or remove the link"
    )]
    DanglingLink { path: PathBuf },
    #[error(
        "{path}: written by a newer slawatch (schema v{found}, this build knows up to v{supported}) — upgrade slawatch; the file was not touched"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "could not back up the store to {path} before migrating: {reason} — free some disk space or check permissions"
    )]
    Backup { path: PathBuf, reason: String },
    #[error("job {0} does not exist — `slawatch list --all` shows the job ids")]
    NoSuchJob(i64),
    /// An action that is not allowed now (illegal transition, bad time, unknown reason).
    #[error("{0}")]
    Refused(String),
    /// The acting user lacks the role the action needs (the message names it).
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Match(#[from] slawatch_core::policy::MatchError),
    /// Locked by another connection past the timeout (the path is added by [`StoreError::at`]).
    #[error("the store is busy: another slawatch held the lock for too long — try again")]
    Busy,
    #[error(
        "{path}: the store is busy — another process has held its lock for over {} s; nothing was recorded, try again when it is done (a long import, or a stuck program holding the file?)",
        BUSY_TIMEOUT_MS / 1000
    )]
    Locked { path: PathBuf },
    #[error(
        "{path}: the store is read-only for you (no write permission on the file or its directory) — nothing was recorded; reading commands still work; to record, get write access (chmod u+w FILE and its directory) or run as the store's owner"
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "{path}: cannot open the store ({detail}) — check that you may read it and write to it and its directory (ls -l), or pass another --db"
    )]
    CannotOpen { path: PathBuf, detail: String },
    #[error(
        "{path}: could not write the store ({detail}) — is the disk full, or a file size limit (ulimit -f) reached? This write was not recorded and the store is as it was before it; free some space and try again"
    )]
    WriteFailed { path: PathBuf, detail: String },
    #[error(
        "{path}: the store is damaged ({detail}) — nothing was changed; restore it from a backup (a copy that `slawatch --db COPY verify` accepts)"
    )]
    Damaged { path: PathBuf, detail: String },
    #[error(
        "{reason}\nThe rows up to line {line} were imported before that ({imported} jobs, ids up to {last_id}) and stay: once the problem is solved, import only the rows after line {line}"
    )]
    ImportStopped {
        imported: usize,
        last_id: i64,
        line: usize,
        reason: Box<StoreError>,
    },
    #[error(
        "{path}: the file is empty (0 bytes), so it holds no jobs — if it was a store that got cut short, restore it from a backup; to start a new store, remove the empty file"
    )]
    Empty { path: PathBuf },
    /// A bug in slawatch itself (a worker thread failed), not a problem with the data.
    #[error("internal error: {0} — please report this")]
    Internal(String),
    #[error("store: {0}")]
    Sqlite(rusqlite::Error),
    #[error("store: {0}")]
    Io(#[from] std::io::Error),
}

impl From<slawatch_core::job::JobError> for StoreError {
    fn from(e: slawatch_core::job::JobError) -> Self {
        match e {
            slawatch_core::job::JobError::Refused(m) => StoreError::Refused(m),
            slawatch_core::job::JobError::Forbidden(m) => StoreError::Forbidden(m),
            slawatch_core::job::JobError::Match(m) => StoreError::Match(m),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => StoreError::Busy,
            _ => StoreError::Sqlite(e),
        }
    }
}

impl StoreError {
    /// True when the user's input or data caused it (exit code 2).
    #[must_use]
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            StoreError::Missing { .. }
                | StoreError::NotAStore { .. }
                | StoreError::NotAFile { .. }
                | StoreError::DanglingLink { .. }
                | StoreError::TooNew { .. }
                | StoreError::Damaged { .. }
                | StoreError::Empty { .. }
                | StoreError::NoSuchJob(_)
                | StoreError::Refused(_)
                | StoreError::Forbidden(_)
                | StoreError::Match(_)
        )
    }
}

/// An open job store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// How long a writer waits for another one before giving up.
const BUSY_TIMEOUT_MS: u64 = 10_000;

impl Store {
    /// Opens the store at `path`, creating it (owner-only) when missing.
    ///
    /// # Errors
    /// [`StoreError`] naming the file and what to do.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if path.exists() {
            // An empty file is taken as a new store here: another process may have
            // just created it (logging the first job), and it holds nothing to lose.
            // Opening it for reading (`open_existing`) refuses it instead, so a store
            // cut to nothing is noticed by `list` and `verify`.
            match file_faults::check_header(path) {
                Err(StoreError::Empty { .. }) => {}
                other => other?,
            }
        } else {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            create_store_file(path)?;
        }
        Self::open_with(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )
        .map_err(|e| e.at(path))
    }

    /// Opens an existing store; a missing file is an error, not a new store.
    ///
    /// A store this user may read but not write (a read-only file or directory) opens
    /// for reading; a write then fails with [`StoreError::ReadOnly`].
    ///
    /// # Errors
    /// [`StoreError::Missing`] and the errors of [`Store::open`].
    pub fn open_existing(path: &Path) -> Result<Self, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        file_faults::check_header(path)?;
        match Self::open_with(path, OpenFlags::SQLITE_OPEN_READ_WRITE) {
            // In a directory it may not write to, SQLite cannot create the `-wal` and
            // `-shm` files a WAL store needs: read the file as it is on disk.
            Err(e) if file_faults::is_read_only(&e) => Self::open_read_only(path).map_err(|_| e.at(path)),
            other => other.map_err(|e| e.at(path)),
        }
    }

    /// Opens `path` immutable: nothing is ever written, not even the `-shm` file.
    fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        let flags =
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(file_faults::immutable_uri(path), flags)?;
        let found = schema::version(&conn)?;
        if found != schema::VERSION {
            // Migrating needs writing: say the store is read-only.
            return Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
            });
        }
        Ok(Self {
            conn,
            path: path.to_path_buf(),
        })
    }

    fn open_with(path: &Path, flags: OpenFlags) -> Result<Self, StoreError> {
        // No SQLITE_OPEN_URI: `--db` is a path, always. As a URI, `file:x?mode=memory`
        // would keep nothing and `?nolock=1` would turn locking off.
        let flags = flags | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(file_faults::sqlite_path(path), flags)?;
        conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS))?;
        let not_a_store = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotAStore {
                path: path.to_path_buf(),
            },
            _ => StoreError::from(e),
        };
        // The first read of the header tells whether this is SQLite at all.
        let found = schema::version(&conn).map_err(|e| match e {
            StoreError::Sqlite(e) => not_a_store(e),
            other => other,
        })?;
        // Refuse a newer file before any pragma could rewrite its header.
        if found > schema::VERSION {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found,
                supported: schema::VERSION,
            });
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(not_a_store)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Bulk writes touch many index pages; a 64 MiB page cache keeps them in memory.
        conn.pragma_update(None, "cache_size", -65_536)?;
        // Reads through a memory map skip a copy per page (listing scans many rows).
        conn.pragma_update(None, "mmap_size", 1_i64 << 30)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&mut conn, path)?;
        Ok(Self {
            conn,
            path: path.to_path_buf(),
        })
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Makes every commit so far survive a power loss, not only a crash of the process.
    ///
    /// Commits run with `synchronous = NORMAL` in WAL mode: durable against a killed
    /// process, but the WAL is synced only at checkpoints. A source that then deletes or
    /// flags its copy (a Maildir rename, an IMAP `\Seen`, an MTA told exit 0) calls this
    /// first: one sync of the WAL for a whole batch instead of one per commit.
    ///
    /// # Errors
    /// [`StoreError::WriteFailed`] when the file system refuses the sync.
    pub fn make_durable(&self) -> Result<(), StoreError> {
        let mut wal = self.path.clone().into_os_string();
        wal.push("-wal");
        let wal = PathBuf::from(wal);
        // The WAL holds the commits since the last checkpoint; without one (just
        // checkpointed, or another journal mode) they are in the database file itself.
        let target = if wal.exists() { wal } else { self.path.clone() };
        std::fs::File::open(&target)
            .and_then(|f| f.sync_data())
            .map_err(|e| StoreError::WriteFailed {
                path: target.clone(),
                detail: format!("cannot sync it to disk: {e}"),
            })
    }

    /// Changes whenever another connection commits: cheap "anything new?" for readers.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// For one pass over many rows (a report): no memory map and a small page cache, so
    /// reading a whole large file does not make the process hold it.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn stream_reads(&self) -> Result<(), StoreError> {
        self.conn.pragma_update(None, "mmap_size", 0)?;
        self.conn.pragma_update(None, "cache_size", -8192)?;
        Ok(())
    }

    /// For a short-lived connection that reads one range once (a share of the open
    /// jobs at start-up): a page cache of 2 MiB instead of 64. Its pages are allocated
    /// on the reading thread and freed when the connection closes, and the allocator
    /// cannot give back a thread's freed memory that lies between what it still holds:
    /// a full cache stayed behind as tens of megabytes of the dashboard's resident size.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn small_cache(&self) -> Result<(), StoreError> {
        self.conn.pragma_update(None, "cache_size", -2048)?;
        Ok(())
    }

    /// The raw connection, for tests that tamper with the file behind slawatch's back.
    #[doc(hidden)]
    #[must_use]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// Creates a new store's empty file, readable by the owner only (a store holds
/// customer data), never through a link.
fn create_store_file(path: &Path) -> Result<(), StoreError> {
    match private_file::create_new(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            match std::fs::symlink_metadata(path) {
                // Another process created it a moment ago: open it as theirs.
                Ok(m) if m.is_file() => Ok(()),
                Ok(m) if m.file_type().is_symlink() => Err(StoreError::DanglingLink {
                    path: path.to_path_buf(),
                }),
                Ok(m) => Err(StoreError::NotAFile {
                    path: path.to_path_buf(),
                    kind: private_file::FileKind::of(m.file_type()),
                }),
                Err(e) => Err(e.into()),
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// What the store did on its own that its user should hear of (a migration's backup
/// under an unusual name), for the program to say; the store itself prints nothing.
static NOTES: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

pub(crate) fn note(text: String) {
    if let Ok(mut notes) = NOTES.lock() {
        notes.push(text);
    }
}

/// The notes gathered so far (see [`NOTES`]), oldest first; each is returned once.
#[must_use]
pub fn take_notes() -> Vec<String> {
    NOTES
        .lock()
        .map(|mut n| std::mem::take(&mut *n))
        .unwrap_or_default()
}
