//! The standard streams when nobody is listening: a message for stderr never becomes a
//! panic (`eprintln!` panics when stderr is a pipe whose reader has gone), and a closed
//! fd 0, 1 or 2 (`2>&-`) is never handed to a file slawatch opens, where a message
//! meant for stderr would then land.

use std::io::Write;

/// Writes one line to stderr; a stderr nobody reads any more is not a failure of the
/// command (its exit code says how it went).
pub fn say(args: std::fmt::Arguments<'_>) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|()| err.write_all(b"\n"));
}

/// `eprintln!` that never panics: see [`say`].
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::service::stdio::say(format_args!($($arg)*))
    };
}

/// Fills fds 0, 1 and 2 with `/dev/null` where they are closed (SQLite does the same for
/// its own files), so that the store, a report or a policy never opens as fd 2. Call
/// first thing in `main`.
pub fn fill_closed_std_fds() {
    #[cfg(unix)]
    {
        use std::os::fd::{AsRawFd, IntoRawFd};
        for _ in 0..3 {
            let Ok(f) = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open("/dev/null")
            else {
                return;
            };
            if f.as_raw_fd() > 2 {
                // fds 0 to 2 are all open: this one is not needed.
                return;
            }
            // It took the place of a closed standard stream: keep it open for good.
            let _ = f.into_raw_fd();
        }
    }
}
