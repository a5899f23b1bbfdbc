//! `ingest maildir`: every message in `DIR/new`, moved to `DIR/cur` only after what it
//! made is committed and synced to disk. A crash between the commit and the move leaves
//! the file in `new`; the next run finds its Message-ID taken (a duplicate, no second
//! job) and moves it. The sync is one per batch ([`take_file`] many, then
//! [`Store::make_durable`], then [`settle`] each), so a power cut cannot leave a file in
//! `cur` whose job the disk never got.

use std::path::{Path, PathBuf};

use slawatch_core::policy::Policy;
use slawatch_store::Store;

use super::{IngestError, Outcome, Source, ingest};

/// What became of one file.
pub enum FileOutcome {
    Taken(Outcome),
    /// Not a mail: left in `new` (never lost), with the reason.
    NotMail(String),
}

/// The files waiting in `dir/new`, oldest name first (Maildir names start with the time).
///
/// # Errors
/// The directory cannot be read.
pub fn waiting(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("new"))?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .collect();
    files.sort();
    Ok(files)
}

/// Ingests one file of `dir/new`; it stays there until [`settle`] after the batch's sync.
///
/// # Errors
/// The store failed (the file stays in `new`), or the file could not be read.
pub fn take_file(
    store: &mut Store,
    policy: &Policy,
    file: &Path,
    now: i64,
    read_limit: u64,
) -> Result<FileOutcome, String> {
    let meta = std::fs::metadata(file).map_err(|e| format!("{}: {e}", file.display()))?;
    if meta.len() > read_limit {
        return Ok(FileOutcome::NotMail(format!(
            "larger than {} MiB: left in new/",
            read_limit >> 20
        )));
    }
    let raw = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    // The delivery time: when the server wrote the file.
    let delivered = meta
        .modified()
        .ok()
        .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
        .and_then(|d| i64::try_from(d.as_secs()).ok())
        .unwrap_or(now);
    let out = match ingest(store, policy, &raw, delivered, now, &Source::Maildir) {
        Ok(o) => o,
        Err(IngestError::NotMail(why)) => return Ok(FileOutcome::NotMail(why)),
        Err(IngestError::Store(e)) => return Err(format!("{e} — {} stays in new/", file.display())),
    };
    Ok(FileOutcome::Taken(out))
}

/// Moves a taken file to `dir/cur`, seen: only once its commit is durable.
///
/// # Errors
/// The file could not be moved (it stays in `new`, a duplicate at the next run).
pub fn settle(dir: &Path, file: &Path) -> Result<(), String> {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // `:2,S`: the Maildir info of a message seen.
    let base = name.split(':').next().unwrap_or_default();
    let target = dir.join("cur").join(format!("{base}:2,S"));
    std::fs::rename(file, &target).map_err(|e| {
        format!(
            "{}: taken, but cannot move it to {}: {e} — the next run finds it taken and moves it",
            file.display(),
            target.display()
        )
    })
}
