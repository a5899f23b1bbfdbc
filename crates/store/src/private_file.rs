//! Files that hold customer data — reports, exports, the store's backups — written so
//! that nobody else can read them and nobody can aim them elsewhere: the bytes go to a
//! fresh owner-only (0600) file in the target's directory, created exclusively (so never
//! through a planted link), which is then renamed over the target. A symbolic link at
//! the target is refused, never written through; an older file's mode is never kept; a
//! reader never sees half a file. The one helper every writer of such files uses.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// What is at a path that slawatch will not treat as a file to write or a store to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Directory,
    Fifo,
    CharDevice,
    BlockDevice,
    Socket,
    Other,
}

impl FileKind {
    /// The kind of a non-regular, non-link file.
    #[must_use]
    pub fn of(t: std::fs::FileType) -> Self {
        if t.is_dir() {
            return FileKind::Directory;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return FileKind::Fifo;
            }
            if t.is_char_device() {
                return FileKind::CharDevice;
            }
            if t.is_block_device() {
                return FileKind::BlockDevice;
            }
            if t.is_socket() {
                return FileKind::Socket;
            }
        }
        FileKind::Other
    }

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Directory => "directory",
            FileKind::Fifo => "named pipe (FIFO)",
            FileKind::CharDevice => "character device",
            FileKind::BlockDevice => "block device",
            FileKind::Socket => "socket",
            FileKind::Other => "special file",
        }
    }
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a private file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PrivateFileError {
    #[error(
        "{path}: is a symbolic link — slawatch does not write through links (one could point at any file of yours); pass the real path, or remove the link first"
    )]
    Symlink { path: PathBuf },
    #[error(
        "{path}: is a {kind}, not a regular file — pass the path of a file to write (it is created, or replaced)"
    )]
    NotAFile { path: PathBuf, kind: FileKind },
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

impl PrivateFileError {
    /// True when the path the user gave is the problem (exit code 2).
    #[must_use]
    pub fn is_user_error(&self) -> bool {
        !matches!(self, PrivateFileError::Io { .. })
    }
}

/// A file being written; it appears at its target on [`PrivateFile::commit`] and not
/// before. Dropped uncommitted, it leaves nothing behind (the target is as it was).
pub struct PrivateFile {
    file: File,
    target: PathBuf,
    /// The temporary name, until renamed; `None` when writing a FIFO or a character
    /// device in place (`--out /dev/null`): nothing is created there, so nothing to hide.
    tmp: Option<PathBuf>,
}

impl PrivateFile {
    /// Starts writing `target`.
    ///
    /// # Errors
    /// [`PrivateFileError::Symlink`] for a link at `target`, [`PrivateFileError::NotAFile`]
    /// for a directory, block device or socket, [`PrivateFileError::Io`] otherwise.
    pub fn create(target: &Path) -> Result<Self, PrivateFileError> {
        let io = |source| PrivateFileError::Io {
            path: target.to_path_buf(),
            source,
        };
        match std::fs::symlink_metadata(target) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(PrivateFileError::Symlink {
                    path: target.to_path_buf(),
                });
            }
            Ok(m) if !m.is_file() => return in_place(target, &m),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(e)),
        }
        let (file, tmp) = temp_beside(target).map_err(io)?;
        Ok(Self {
            file,
            target: target.to_path_buf(),
            tmp: Some(tmp),
        })
    }

    /// Puts the written bytes at the target (the file is complete on disk first).
    ///
    /// # Errors
    /// [`PrivateFileError::Io`]; the target is then as it was.
    pub fn commit(mut self) -> Result<(), PrivateFileError> {
        let target = self.target.clone();
        let io = |source| PrivateFileError::Io {
            path: target.clone(),
            source,
        };
        self.file.flush().map_err(io)?;
        let Some(tmp) = self.tmp.take() else {
            return Ok(());
        };
        let done = self
            .file
            .sync_all()
            .and_then(|()| std::fs::rename(&tmp, &self.target));
        if let Err(e) = done {
            let _ = std::fs::remove_file(&tmp);
            return Err(io(e));
        }
        sync_dir(&self.target);
        Ok(())
    }
}

impl Write for PrivateFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.file.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Drop for PrivateFile {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Writes `bytes` to `target` as [`PrivateFile`] does.
///
/// # Errors
/// As [`PrivateFile::create`] and [`PrivateFile::commit`].
pub fn write(target: &Path, bytes: &[u8]) -> Result<(), PrivateFileError> {
    let mut f = PrivateFile::create(target)?;
    f.write_all(bytes).map_err(|source| PrivateFileError::Io {
        path: target.to_path_buf(),
        source,
    })?;
    f.commit()
}

/// A FIFO or a character device the user named is written where it is: nothing is
/// created, so there is no mode to get wrong. Anything else that is not a file is refused.
fn in_place(target: &Path, seen: &std::fs::Metadata) -> Result<PrivateFile, PrivateFileError> {
    let kind = FileKind::of(seen.file_type());
    if !matches!(kind, FileKind::Fifo | FileKind::CharDevice) {
        return Err(PrivateFileError::NotAFile {
            path: target.to_path_buf(),
            kind,
        });
    }
    let io = |source| PrivateFileError::Io {
        path: target.to_path_buf(),
        source,
    };
    let file = OpenOptions::new().write(true).open(target).map_err(io)?;
    // The open follows links: make sure it opened what was looked at, not a link put
    // there since.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let opened = file.metadata().map_err(io)?;
        if (opened.dev(), opened.ino()) != (seen.dev(), seen.ino()) {
            return Err(PrivateFileError::Symlink {
                path: target.to_path_buf(),
            });
        }
    }
    Ok(PrivateFile {
        file,
        target: target.to_path_buf(),
        tmp: None,
    })
}

/// The directory a path's file lives in (`.` for a bare name).
fn dir_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A new, empty, owner-only file beside `target` under a name nobody else holds:
/// `.NAME.PID-N.tmp`, created exclusively (`O_EXCL` never follows a link).
pub(crate) fn temp_beside(target: &Path) -> io::Result<(File, PathBuf)> {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = target
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let dir = dir_of(target);
    let pid = std::process::id();
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.{pid}-{n}.tmp"));
        match create_new(&tmp) {
            Ok(f) => return Ok((f, tmp)),
            // A leftover of an earlier process with this pid: take the next number.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100_000 => {}
            Err(e) => return Err(e),
        }
    }
}

/// Creates `path` new, empty and owner-only; an existing file or link there is an error.
pub(crate) fn create_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Gives the finished file `tmp` the first name of `base`, `base-2`, `base-3`, … that
/// is free, never replacing anything there (a file or a link); returns the name taken.
pub(crate) fn keep_under_free_name(tmp: &Path, base: &Path) -> io::Result<PathBuf> {
    let name = base
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    for n in 1..10_000 {
        let candidate = if n == 1 {
            base.to_path_buf()
        } else {
            base.with_file_name(format!("{name}-{n}"))
        };
        // A hard link never replaces what is at its new name, even a dangling link.
        match std::fs::hard_link(tmp, &candidate) {
            Ok(()) => {
                let _ = std::fs::remove_file(tmp);
                sync_dir(&candidate);
                return Ok(candidate);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            // A file system without hard links: a rename onto a name seen free.
            Err(_) if std::fs::symlink_metadata(&candidate).is_err() => {
                std::fs::rename(tmp, &candidate)?;
                sync_dir(&candidate);
                return Ok(candidate);
            }
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{}: every name up to -9999 is taken", base.display()),
    ))
}

/// Makes a rename or link in `path`'s directory durable; best effort (some file
/// systems cannot sync a directory, and the data itself is already on disk).
fn sync_dir(path: &Path) {
    if let Ok(d) = File::open(dir_of(path)) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn an_uncommitted_file_leaves_nothing_and_the_target_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        std::fs::write(&target, "old").unwrap();
        let mut f = PrivateFile::create(&target).unwrap();
        f.write_all(b"new").unwrap();
        drop(f);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_committed_file_is_owner_only_whatever_was_there() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o666)).unwrap();
        write(&target, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_free_name_never_replaces_a_file_or_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("x.bak");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &base).unwrap();
        std::fs::write(dir.path().join("x.bak-2"), "older").unwrap();
        let (_, tmp) = temp_beside(&base).unwrap();
        let kept = keep_under_free_name(&tmp, &base).unwrap();
        assert_eq!(kept, dir.path().join("x.bak-3"));
        assert!(!dir.path().join("nowhere").exists());
        assert!(!tmp.exists());
    }
}
