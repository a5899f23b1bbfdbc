//! Schema and migrations, versioned by `PRAGMA user_version`.
//!
//! Each entry of `MIGRATIONS` takes a file from version i to i + 1. A file newer than
//! this build is refused untouched; an older one is copied to `FILE.bak-vN` first (or,
//! when that name is taken, to the first free `FILE.bak-vN-2`, `-3`, …).

use std::path::Path;

use rusqlite::Connection;

use super::{StoreError, private_file};

/// SQL of each version step; index 0 creates version 1.
const MIGRATIONS: &[&str] = &[
    // v1: jobs (the projection), events (append-only, hash-chained), technicians.
    r"
    CREATE TABLE technicians (
        name        TEXT PRIMARY KEY,
        created_at  INTEGER NOT NULL
    );
    CREATE TABLE jobs (
        id               INTEGER PRIMARY KEY,
        customer         TEXT NOT NULL,
        contract         TEXT,
        priority         TEXT NOT NULL,
        type             TEXT,
        asset            TEXT,
        site             TEXT,
        summary          TEXT NOT NULL,
        technician       TEXT REFERENCES technicians(name),
        status           TEXT NOT NULL CHECK (status IN ('open', 'paused', 'resolved')),
        created_at       INTEGER NOT NULL,
        created_by       TEXT NOT NULL,
        responded_at     INTEGER,
        attended_at      INTEGER,
        resolved_at      INTEGER,
        paused_at        INTEGER,
        pause_reason     TEXT,
        escalation_level INTEGER NOT NULL DEFAULT 0,
        escalated_at     INTEGER,
        escalated_by     TEXT,
        acked_level      INTEGER NOT NULL DEFAULT 0,
        tier             TEXT NOT NULL,
        windows          TEXT NOT NULL,
        policy_hash      TEXT NOT NULL,
        clock_log        TEXT NOT NULL DEFAULT '[]',
        last_event_at    INTEGER NOT NULL,
        event_count      INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX jobs_open ON jobs(status) WHERE status <> 'resolved';
    CREATE INDEX jobs_customer_created ON jobs(customer COLLATE NOCASE, created_at);
    CREATE INDEX jobs_contract_created ON jobs(contract COLLATE NOCASE, created_at);
    CREATE INDEX jobs_created ON jobs(created_at);
    CREATE INDEX jobs_technician ON jobs(technician COLLATE NOCASE) WHERE technician IS NOT NULL;
    CREATE TABLE events (
        id          INTEGER PRIMARY KEY,
        job         INTEGER NOT NULL REFERENCES jobs(id),
        kind        TEXT NOT NULL,
        at          INTEGER NOT NULL,
        recorded_at INTEGER NOT NULL,
        actor       TEXT NOT NULL,
        data        TEXT NOT NULL,
        prev_hash   TEXT NOT NULL,
        hash        TEXT NOT NULL
    );
    CREATE INDEX events_job ON events(job, id);
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only: they cannot be changed'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only: they cannot be deleted'); END;
    ",
    // v2: technicians can be retired without losing their history.
    r"
    ALTER TABLE technicians ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
    ",
    // v3: alerts. Each crossing's key is unique, so it is recorded once however many
    // processes watch; per user, the newest alert event delivered and the reminders sent.
    r"
    CREATE TABLE alert_keys (
        job       INTEGER NOT NULL REFERENCES jobs(id),
        slot      TEXT NOT NULL,
        threshold INTEGER NOT NULL,
        cycle     INTEGER NOT NULL,
        event     INTEGER NOT NULL,
        PRIMARY KEY (job, slot, threshold, cycle)
    ) WITHOUT ROWID;
    CREATE TABLE alert_cursors (
        who        TEXT PRIMARY KEY,
        last_event INTEGER NOT NULL,
        at         INTEGER NOT NULL
    );
    CREATE TABLE reminders (
        who   TEXT NOT NULL,
        job   INTEGER NOT NULL,
        level INTEGER NOT NULL,
        round INTEGER NOT NULL,
        at    INTEGER NOT NULL,
        PRIMARY KEY (who, job, level, round)
    ) WITHOUT ROWID;
    CREATE INDEX events_alerts ON events(id) WHERE kind IN ('alert', 'escalated');
    ",
    // v4: alerts claimed by a user but not yet delivered, with the claiming process. A
    // process killed between its claim and its delivery leaves its rows here; the next
    // process of that user delivers them, so a kill never loses an alert.
    r"
    CREATE TABLE alert_pending (
        who   TEXT NOT NULL,
        event INTEGER NOT NULL,
        owner TEXT NOT NULL,
        at    INTEGER NOT NULL,
        PRIMARY KEY (who, event)
    ) WITHOUT ROWID;
    ",
    // v5: fewer, cheaper index entries per job; each costs a B-tree descent on every
    // insert, which is what bounds a bulk import (BENCHMARKS.md, issue 3).
    // - Open jobs keyed by id: new jobs append at the end, a pause or resume leaves the
    //   entry alone (it was keyed by status), and reads come back in id order.
    // - No index on the technician alone: its readers filter open jobs (through
    //   `jobs_open`) or a report's id range, which scans by id anyway.
    // - No index on created_at alone: only an export of a date range over all
    //   customers used it; that export scans by id and filters.
    r"
    DROP INDEX jobs_open;
    CREATE INDEX jobs_open ON jobs(id) WHERE status <> 'resolved';
    DROP INDEX jobs_technician;
    DROP INDEX jobs_created;
    ",
    // v6: cancelled jobs (a status the v1 CHECK refuses: SQLite cannot alter a CHECK,
    // so the table is rebuilt, with foreign keys off around this step), open jobs as
    // exactly open or paused, and the few `revoked` events found without a scan.
    r"
    DROP TABLE IF EXISTS jobs_v6;
    CREATE TABLE jobs_v6 (
        id               INTEGER PRIMARY KEY,
        customer         TEXT NOT NULL,
        contract         TEXT,
        priority         TEXT NOT NULL,
        type             TEXT,
        asset            TEXT,
        site             TEXT,
        summary          TEXT NOT NULL,
        technician       TEXT REFERENCES technicians(name),
        status           TEXT NOT NULL CHECK (status IN ('open', 'paused', 'resolved', 'cancelled')),
        created_at       INTEGER NOT NULL,
        created_by       TEXT NOT NULL,
        responded_at     INTEGER,
        attended_at      INTEGER,
        resolved_at      INTEGER,
        paused_at        INTEGER,
        pause_reason     TEXT,
        escalation_level INTEGER NOT NULL DEFAULT 0,
        escalated_at     INTEGER,
        escalated_by     TEXT,
        acked_level      INTEGER NOT NULL DEFAULT 0,
        tier             TEXT NOT NULL,
        windows          TEXT NOT NULL,
        policy_hash      TEXT NOT NULL,
        clock_log        TEXT NOT NULL DEFAULT '[]',
        last_event_at    INTEGER NOT NULL,
        event_count      INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO jobs_v6 (id, customer, contract, priority, type, asset, site, summary, technician, status, created_at, created_by, responded_at, attended_at, resolved_at, paused_at, pause_reason, escalation_level, escalated_at, escalated_by, acked_level, tier, windows, policy_hash, clock_log, last_event_at, event_count)
        SELECT id, customer, contract, priority, type, asset, site, summary, technician, status, created_at, created_by, responded_at, attended_at, resolved_at, paused_at, pause_reason, escalation_level, escalated_at, escalated_by, acked_level, tier, windows, policy_hash, clock_log, last_event_at, event_count FROM jobs;
    DROP TABLE jobs;
    ALTER TABLE jobs_v6 RENAME TO jobs;
    CREATE INDEX jobs_customer_created ON jobs(customer COLLATE NOCASE, created_at);
    CREATE INDEX jobs_contract_created ON jobs(contract COLLATE NOCASE, created_at);
    CREATE INDEX jobs_open ON jobs(id) WHERE status IN ('open', 'paused');
    CREATE INDEX IF NOT EXISTS events_revoked ON events(job) WHERE kind = 'revoked';
    ",
    // v7: `INSERT OR REPLACE` would overwrite an event: SQLite's REPLACE deletes the old
    // row without firing delete triggers (recursive_triggers is off). A new event gets
    // its id from SQLite, which a BEFORE trigger sees as -1: that one needs no lookup.
    r"
    CREATE TRIGGER events_no_replace BEFORE INSERT ON events
        WHEN NEW.id <> -1 AND EXISTS (SELECT 1 FROM events WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, 'events are append-only: an event with this id exists and cannot be replaced'); END;
    ",
    // v8: who acknowledged a job's escalation and when, for the escalations view: filled
    // from the latest acknowledgement not revoked since.
    r"
    ALTER TABLE jobs ADD COLUMN acked_by TEXT;
    ALTER TABLE jobs ADD COLUMN acked_at INTEGER;
    UPDATE jobs SET (acked_by, acked_at) = (
        SELECT e.actor, e.at FROM events e
        WHERE e.job = jobs.id AND e.kind = 'acknowledged'
          AND e.id NOT IN (SELECT json_extract(r.data, '$.event') FROM events r INDEXED BY events_revoked
                           WHERE r.kind = 'revoked' AND r.job = jobs.id)
        ORDER BY e.id DESC LIMIT 1)
    WHERE acked_level > 0;
    ",
    // v9: mail to job. Each message taken once by its Message-ID (or a hash of its
    // bytes), whatever route it came by; held mail keeps its bytes for a dispatcher;
    // the ingest log records every outcome, ignored auto-replies too. IF NOT EXISTS: a
    // file whose version number was set back by hand (as tests do) keeps its tables.
    r"
    CREATE TABLE IF NOT EXISTS mail_messages (
        message_id TEXT PRIMARY KEY,
        outcome    TEXT NOT NULL,
        job        INTEGER REFERENCES jobs(id),
        at         INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS mail_messages_job ON mail_messages(job) WHERE job IS NOT NULL;
    CREATE TABLE IF NOT EXISTS mail_held (
        id         INTEGER PRIMARY KEY,
        message_id TEXT NOT NULL UNIQUE,
        reason     TEXT NOT NULL,
        sender     TEXT,
        subject    TEXT,
        receipt    INTEGER NOT NULL,
        raw        BLOB NOT NULL,
        held_at    INTEGER NOT NULL,
        job        INTEGER REFERENCES jobs(id)
    );
    CREATE TABLE IF NOT EXISTS mail_log (
        id         INTEGER PRIMARY KEY,
        at         INTEGER NOT NULL,
        message_id TEXT NOT NULL,
        source     TEXT NOT NULL,
        sender     TEXT,
        subject    TEXT,
        outcome    TEXT NOT NULL,
        job        INTEGER,
        detail     TEXT
    );
    ",
    // v10: the outbox: mail to send (a customer's acknowledgement), one per job and kind
    // however many ingesters queue it, claimed for a while by the one sending it, tried
    // again after a failure.
    r"
    CREATE TABLE outbox (
        job         INTEGER NOT NULL REFERENCES jobs(id),
        kind        TEXT NOT NULL CHECK (kind IN ('ack')),
        sender      TEXT NOT NULL,
        recipient   TEXT NOT NULL,
        message     BLOB NOT NULL,
        queued_at   INTEGER NOT NULL,
        due_at      INTEGER NOT NULL,
        attempts    INTEGER NOT NULL DEFAULT 0,
        sent_at     INTEGER,
        last_error  TEXT,
        PRIMARY KEY (job, kind)
    );
    CREATE INDEX outbox_due ON outbox (due_at) WHERE sent_at IS NULL;
    ",
    // v11: the outbox tells what it is doing: claimed_at while a sender holds a message
    // (`mail outbox` shows it as sending), failed_at once it was given up (a relay that
    // refuses for good, e.g. a wrong password, is not asked hourly forever).
    r"
    ALTER TABLE outbox ADD COLUMN claimed_at INTEGER;
    ALTER TABLE outbox ADD COLUMN failed_at INTEGER;
    ",
    // v12: the HTTP API. Tokens are kept as the SHA-256 of their secret, never the
    // secret; a job posted with an external id is remembered per caller, so the same
    // post again finds the same job instead of logging a second one. IF NOT EXISTS: the
    // tests that rebuild an older file by hand leave these tables in place.
    r"
    CREATE TABLE IF NOT EXISTS tokens (
        id           INTEGER PRIMARY KEY,
        kind         TEXT NOT NULL CHECK (kind IN ('user', 'customer', 'integration')),
        name         TEXT NOT NULL,
        customer     TEXT,
        hash         TEXT NOT NULL UNIQUE,
        created_at   INTEGER NOT NULL,
        expires_at   INTEGER,
        revoked_at   INTEGER,
        last_used_at INTEGER,
        CHECK ((kind = 'user') = (customer IS NULL))
    );
    CREATE TABLE IF NOT EXISTS api_external_ids (
        caller      TEXT NOT NULL,
        external_id TEXT NOT NULL,
        job         INTEGER NOT NULL REFERENCES jobs(id),
        PRIMARY KEY (caller, external_id)
    ) WITHOUT ROWID;
    ",
    // v13: webhooks out. The routes are what the policy's [[webhooks]] ask for (as data:
    // a receiver, an event kind, maybe a customer), kept by whoever loaded the policy
    // last; the trigger queues a delivery row in the very transaction that appends an
    // event of a wanted kind, whichever path appends it.
    r"
    CREATE TABLE webhook_routes (
        hook     TEXT NOT NULL,
        kind     TEXT NOT NULL,
        customer TEXT
    );
    CREATE TABLE webhook_outbox (
        id           INTEGER PRIMARY KEY,
        event        INTEGER NOT NULL REFERENCES events(id),
        hook         TEXT NOT NULL,
        kind         TEXT NOT NULL,
        queued_at    INTEGER NOT NULL,
        due_at       INTEGER NOT NULL,
        attempts     INTEGER NOT NULL DEFAULT 0,
        claimed_at   INTEGER,
        delivered_at INTEGER,
        dead_at      INTEGER,
        last_error   TEXT,
        body         TEXT,
        UNIQUE (event, hook)
    );
    CREATE INDEX webhook_outbox_due ON webhook_outbox (hook, due_at)
        WHERE delivered_at IS NULL AND dead_at IS NULL;
    CREATE TRIGGER webhook_queue AFTER INSERT ON events
        WHEN NEW.kind IN ('created', 'alert', 'escalated', 'acknowledged', 'resolved')
    BEGIN
        INSERT OR IGNORE INTO webhook_outbox (event, hook, kind, queued_at, due_at)
        SELECT NEW.id, r.hook, r.kind, NEW.recorded_at, NEW.recorded_at
        FROM webhook_routes r
        WHERE r.kind = CASE WHEN NEW.kind = 'alert'
                            THEN coalesce(json_extract(NEW.data, '$.kind'), '')
                            ELSE NEW.kind END
          AND (r.customer IS NULL OR r.customer = (SELECT customer FROM jobs WHERE id = NEW.job));
    END;
    ",
];

/// The triggers that keep events append-only, each with what it refuses and the SQL
/// that puts it back (`verify` names a missing one).
pub const APPEND_ONLY_TRIGGERS: &[(&str, &str, &str)] = &[
    (
        "events_no_update",
        "changing an event in place",
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only: they cannot be changed'); END;",
    ),
    (
        "events_no_delete",
        "deleting an event",
        "CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only: they cannot be deleted'); END;",
    ),
    (
        "events_no_replace",
        "overwriting an event with INSERT OR REPLACE",
        "CREATE TRIGGER events_no_replace BEFORE INSERT ON events WHEN NEW.id <> -1 AND EXISTS (SELECT 1 FROM events WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'events are append-only: an event with this id exists and cannot be replaced'); END;",
    ),
];

/// The steps that rebuild a table others refer to: run with foreign keys off (the
/// pragma is a no-op inside a transaction). The copy keeps every id, so what referred
/// to a row before still does.
const REBUILDS: &[i64] = &[6];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the file to [`VERSION`]: refuses newer files, backs up older ones first.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let found = version(conn)?;
    if found > VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: VERSION,
        });
    }
    if found == VERSION {
        return Ok(());
    }
    if found > 0 {
        backup(conn, path, found)?;
    }
    let rebuild = REBUILDS.iter().any(|v| *v > found);
    if rebuild {
        conn.pragma_update(None, "foreign_keys", "OFF")?;
    }
    let done = run_steps(conn);
    if rebuild {
        conn.pragma_update(None, "foreign_keys", "ON")?;
    }
    done
}

fn run_steps(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // Re-read under the write lock: another process may have migrated meanwhile.
    let found = version(&tx)?;
    for (i, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .skip(usize::try_from(found).unwrap_or(0))
    {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    tx.commit()?;
    Ok(())
}

/// Copies the store to `FILE.bak-vN` before migrating it, owner-only: VACUUM INTO
/// fills a fresh empty file (created exclusively, never through a link) with a
/// consistent copy even with a WAL beside, which then takes the first free name of
/// `FILE.bak-vN`, `FILE.bak-vN-2`, …: an older backup (or anything planted there) is
/// kept as it is, and the user is told where this one went.
fn backup(conn: &Connection, path: &Path, found: i64) -> Result<(), StoreError> {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let base = path.with_file_name(format!("{name}.bak-v{found}"));
    let failed = |e: &dyn std::fmt::Display| StoreError::Backup {
        path: base.clone(),
        reason: e.to_string(),
    };
    let (file, tmp) = private_file::temp_beside(&base).map_err(|e| failed(&e))?;
    drop(file);
    let kept = conn
        .execute(
            "VACUUM INTO ?1",
            [super::file_faults::sqlite_path(&tmp).to_string_lossy().as_ref()],
        )
        .map_err(|e| failed(&e))
        .and_then(|_| private_file::keep_under_free_name(&tmp, &base).map_err(|e| failed(&e)));
    let kept = match kept {
        Ok(k) => k,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    if kept != base {
        super::note(format!(
            "{}: upgraded from schema v{found}; {} was already there (from an earlier upgrade, or not a backup at all) and is left as it is — the copy of the store from before this upgrade is {}",
            path.display(),
            base.display(),
            kept.display()
        ));
    }
    Ok(())
}

/// Creates the schema of an older `version` in an empty database: for migration tests.
///
/// # Errors
/// SQLite errors.
pub fn create_at_version(conn: &Connection, version: i64) -> Result<(), StoreError> {
    for (i, sql) in MIGRATIONS
        .iter()
        .take(usize::try_from(version).unwrap_or(0))
        .enumerate()
    {
        conn.execute_batch(sql)?;
        conn.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    Ok(())
}
