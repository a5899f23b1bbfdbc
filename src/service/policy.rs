//! The policy the dashboard and `watch` run on: where it comes from, reading it, and
//! noticing an edit (the one watcher both use; an edit applies live, a broken edit
//! keeps the policy in force).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use slawatch_core::policy::{Policy, PolicyErrors, parse_policy};

/// Where the policy comes from.
#[derive(Debug, Clone)]
pub enum PolicySource {
    /// A file, watched: edits apply live.
    File(PathBuf),
    /// Text compiled into the binary (the demo).
    Builtin(&'static str),
}

/// The largest policy file read: thousands of contracts fit in a few MiB; more is
/// the wrong file (a log, a database, a disk image).
pub const POLICY_MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Why a policy file cannot be used.
#[derive(Debug)]
pub enum LoadError {
    /// The file cannot be read.
    Unreadable(std::io::Error),
    /// Not a regular file (a FIFO would wait for a writer for ever, `/dev/zero` never
    /// ends): what it is instead.
    NotAFile(&'static str),
    /// Larger than [`POLICY_MAX_BYTES`]: its size, in bytes.
    TooBig(u64),
    /// The policy is invalid: every problem, each at its file:line:col.
    Invalid(PolicyErrors),
}

impl LoadError {
    /// The problem and how to fix it, for a file that is not read (not for `Invalid`).
    #[must_use]
    pub fn describe(&self, path: &Path) -> String {
        let p = path.display();
        match self {
            Self::Unreadable(e) => format!("cannot read {p}: {e}"),
            Self::NotAFile(kind) => format!(
                "{p} is not a regular file (it is a {kind}) — a policy must be a regular file such as sla.toml"
            ),
            Self::TooBig(n) => format!(
                "{p} is {:.1} MiB — a policy may be at most {} MiB; is it the right file?",
                *n as f64 / 1_048_576.0,
                POLICY_MAX_BYTES / 1_048_576
            ),
            Self::Invalid(e) => e.to_string(),
        }
    }
}

fn kind_of(t: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_dir() {
        "directory"
    } else if t.is_fifo() {
        "FIFO"
    } else if t.is_char_device() {
        "character device"
    } else if t.is_block_device() {
        "block device"
    } else if t.is_socket() {
        "socket"
    } else {
        "special file"
    }
}

/// The text of a policy file: a regular file, at most [`POLICY_MAX_BYTES`].
pub(crate) fn read_text(path: &Path) -> Result<String, LoadError> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    // Opened without blocking: opening a FIFO waits for a writer otherwise. The type is
    // then checked on the open file, so it cannot be swapped after the check.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(LoadError::Unreadable)?;
    let meta = file.metadata().map_err(LoadError::Unreadable)?;
    if !meta.is_file() {
        return Err(LoadError::NotAFile(kind_of(meta.file_type())));
    }
    if meta.len() > POLICY_MAX_BYTES {
        return Err(LoadError::TooBig(meta.len()));
    }
    // Bounded too while reading: the file may grow after the check.
    let mut bytes = Vec::new();
    file.take(POLICY_MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(LoadError::Unreadable)?;
    if bytes.len() as u64 > POLICY_MAX_BYTES {
        return Err(LoadError::TooBig(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        LoadError::Unreadable(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            e.utf8_error(),
        ))
    })
}

/// The one way a policy file is read and validated (the command line, the dashboard and
/// `watch` each say the error in their own words).
///
/// # Errors
/// The file cannot be read, is not a regular file, is too big, or the policy is invalid.
pub fn load(path: &Path) -> Result<Policy, LoadError> {
    let text = read_text(path)?;
    let mut policy = parse_policy(&path.display().to_string(), &text).map_err(LoadError::Invalid)?;
    anchor(&mut policy, path.parent().unwrap_or(Path::new(".")));
    Ok(policy)
}

/// The policy's file paths (`[mail.acknowledge]` `password_file`, `ca`) written relative
/// are the policy file's directory's, wherever slawatch is started from.
fn anchor(policy: &mut Policy, dir: &Path) {
    use slawatch_core::policy::mail::PasswordSource;
    let Some(ack) = policy.mail.acknowledge.as_mut() else {
        return;
    };
    if let Some(ca) = ack.ca.as_mut()
        && ca.is_relative()
    {
        *ca = dir.join(&*ca);
    }
    if let Some(login) = ack.login.as_mut()
        && let PasswordSource::File(f) = &mut login.password
        && f.is_relative()
    {
        *f = dir.join(&*f);
    }
}

/// Reads and validates the policy; the error says what is wrong and where.
///
/// # Errors
/// The file cannot be read, or the policy is invalid.
pub fn read_policy(src: &PolicySource) -> Result<Policy, String> {
    match src {
        PolicySource::Builtin(text) => parse_policy("sla.toml.example", text).map_err(|e| e.to_string()),
        PolicySource::File(p) => load(p).map_err(|e| e.describe(p)),
    }
}

/// Notices edits of the policy file by its modification time.
#[derive(Debug)]
pub struct PolicyWatch {
    source: PolicySource,
    mtime: Option<SystemTime>,
}

impl PolicyWatch {
    /// Watches `source` from its state now (the policy already read is current).
    #[must_use]
    pub fn new(source: PolicySource) -> Self {
        let mtime = Self::mtime(&source);
        Self { source, mtime }
    }

    fn mtime(source: &PolicySource) -> Option<SystemTime> {
        match source {
            PolicySource::File(f) => std::fs::metadata(f).and_then(|m| m.modified()).ok(),
            PolicySource::Builtin(_) => None,
        }
    }

    /// The policy as edited since the last call, or why the edit cannot be used;
    /// `None` when the file did not change.
    pub fn poll(&mut self) -> Option<Result<Policy, String>> {
        let m = Self::mtime(&self.source);
        if m == self.mtime {
            return None;
        }
        self.mtime = m;
        Some(read_policy(&self.source))
    }
}
