//! WAL checkpoints of a bulk load, on a thread and connection of their own.
//!
//! SQLite normally checkpoints inside the commit that grows the WAL past 1,000 pages:
//! for a bulk load, at every commit, copying the whole batch into the database file
//! while the writer waits (a sixth of its time). Here the writer's automatic
//! checkpoints are off and a second connection copies each committed batch while the
//! writer goes on with the next. The WAL can only start over from its beginning when
//! everything in it has been copied at the moment a write transaction begins, which a
//! writer that never pauses does not allow; so every [`SYNC_EVERY`] commits the writer
//! waits for the copy to finish, which bounds the WAL to that many batches.

use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use rusqlite::{Connection, OpenFlags};

/// Commits between waits for a finished checkpoint (the WAL's bound, in batches).
const SYNC_EVERY: usize = 4;

/// The writer's handle on the checkpointing thread.
pub(crate) struct Checkpoints {
    ask: Option<Sender<()>>,
    done: Option<Receiver<()>>,
    in_flight: bool,
    commits: usize,
}

impl Checkpoints {
    /// Call after each commit: starts a checkpoint of what is committed, once the
    /// previous one is done; every [`SYNC_EVERY`] commits, waits for it to finish.
    pub(crate) fn committed(&mut self) {
        self.commits += 1;
        self.wait();
        if let Some(ask) = &self.ask {
            self.in_flight = ask.send(()).is_ok();
        }
        if self.commits.is_multiple_of(SYNC_EVERY) {
            self.wait();
        }
    }

    fn wait(&mut self) {
        if self.in_flight {
            self.in_flight = false;
            // A checkpointer that died answers nothing more: go on without it; the
            // WAL is copied when the store is closed.
            if let Some(done) = &self.done
                && done.recv().is_err()
            {
                self.ask = None;
                self.done = None;
            }
        }
    }
}

fn checkpointer(path: &Path, ask: &Receiver<()>, done: &Sender<()>) {
    // A path, never a URI (see `file_faults::sqlite_path`).
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let Ok(conn) = Connection::open_with_flags(super::file_faults::sqlite_path(path), flags) else {
        return;
    };
    while ask.recv().is_ok() {
        // PASSIVE never waits for the writer. A checkpoint that fails (a full disk)
        // leaves its pages in the WAL for the next one; the writer's own errors are
        // what the user hears about.
        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        if done.send(()).is_err() {
            return;
        }
    }
}

/// Runs the bulk load `f` on `conn` (the store at `path`) with its checkpoints done
/// by another thread; `f` calls [`Checkpoints::committed`] after each commit.
///
/// # Errors
/// `f`'s, or SQLite's when switching the automatic checkpoints off or on.
pub(crate) fn in_background<R, E: From<rusqlite::Error>>(
    conn: &mut Connection,
    path: &Path,
    f: impl FnOnce(&mut Connection, &mut Checkpoints) -> Result<R, E>,
) -> Result<R, E> {
    conn.pragma_update(None, "wal_autocheckpoint", 0)?;
    let result = thread::scope(|s| {
        let (ask, ask_rx) = channel();
        let (done_tx, done) = channel();
        let thread = s.spawn(move || checkpointer(path, &ask_rx, &done_tx));
        let mut ck = Checkpoints {
            ask: Some(ask),
            done: Some(done),
            in_flight: false,
            commits: 0,
        };
        let result = f(conn, &mut ck);
        // Let the last checkpoint finish, then hang up: the thread ends. A panic in it
        // (none is expected) is not the load's failure: the store closes it.
        ck.wait();
        drop(ck);
        let _ = thread.join();
        result
    });
    // SQLite's default again, for whatever this connection does next.
    let restored = conn.pragma_update(None, "wal_autocheckpoint", 1000);
    let result = result?;
    restored?;
    Ok(result)
}
