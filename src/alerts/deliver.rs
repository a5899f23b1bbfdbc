//! Sending notices: the desktop (notify-rust over D-Bus), the terminal (OSC 9, OSC 777
//! or the bell) and the policy's command hook. Nothing here may hang its caller: every
//! outside call has a timeout, and a failure is reported, never fatal.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use slawatch_core::alerts::{HOOK_FIELDS, Notice, NoticeUrgency, SAFE_FIELD_PREFIX, safe_field_value};
use slawatch_core::policy::{NotifyConfig, TerminalNotify};
use slawatch_core::text::escape_markup;

/// A notification server that does not answer within this is treated as absent (a hung
/// server would otherwise block forever: D-Bus calls have no timeout of their own).
pub const DESKTOP_TIMEOUT: Duration = Duration::from_secs(2);
/// How long the command hook may run.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(10);
/// After a failed desktop send, try the desktop again this much later.
const DESKTOP_RETRY_SECS: i64 = 300;

/// Where terminal notifications are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TerminalSink {
    /// Standard output (the dashboard owns the terminal).
    Stdout,
    /// Standard error when it is a terminal (`watch`, whose stdout is the log).
    Stderr,
    /// Nowhere (tests).
    None,
}

/// What happened to one notice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delivery {
    pub desktop: bool,
    pub terminal: bool,
    /// The command hook ran and succeeded.
    pub command: bool,
    /// Problems worth telling the user once (desktop off and why, a failing hook).
    pub problems: Vec<String>,
}

/// Sends notices by the policy's `[notify]` methods, remembering whether the desktop works.
#[derive(Debug)]
pub struct Deliverer {
    cfg: NotifyConfig,
    sink: TerminalSink,
    /// Why desktop notifications are off, and when to try again.
    desktop_off: Option<(String, i64)>,
    icon: Option<String>,
}

/// The terminal sequence for `n` (text is already inert: no control characters).
#[must_use]
pub fn terminal_sequence(method: TerminalNotify, n: &Notice) -> Option<String> {
    let first = n.body.lines().next().unwrap_or("");
    // `;` separates OSC 777's fields.
    let clean = |s: &str| s.replace(['\x1b', '\x07', '\u{9c}'], "").replace(';', ",");
    match method {
        TerminalNotify::Osc9 => Some(format!("\x1b]9;{}: {}\x07", clean(&n.summary), clean(first))),
        TerminalNotify::Osc777 => Some(format!(
            "\x1b]777;notify;{};{}\x07",
            clean(&n.summary),
            clean(first)
        )),
        TerminalNotify::Bell => Some("\x07".to_owned()),
        TerminalNotify::Off => None,
    }
}

/// The icon, written once to the cache directory (a notification names it by path).
fn icon_path() -> Option<String> {
    const ICON: &[u8] = include_bytes!("../../assets/slawatch-icon.png");
    let dir: PathBuf = dirs::cache_dir()?.join("slawatch");
    let path = dir.join("slawatch-icon.png");
    if std::fs::metadata(&path).map(|m| m.len()).ok() != Some(ICON.len() as u64) {
        std::fs::create_dir_all(&dir).ok()?;
        // The one writer of files: never through a link planted in the cache directory.
        crate::service::files::write(&path, ICON).ok()?;
    }
    Some(path.to_string_lossy().into_owned())
}

/// Why there can be no desktop notification at all, before trying.
fn no_bus() -> Option<String> {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    if set("DBUS_SESSION_BUS_ADDRESS") {
        return None;
    }
    // zbus also finds the bus at $XDG_RUNTIME_DIR/bus.
    let runtime_bus = std::env::var_os("XDG_RUNTIME_DIR").map(|d| PathBuf::from(d).join("bus"));
    if runtime_bus.is_some_and(|p| p.exists()) {
        return None;
    }
    Some("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)".to_owned())
}

impl Deliverer {
    #[must_use]
    pub fn new(cfg: NotifyConfig, sink: TerminalSink) -> Self {
        Self {
            desktop_off: None,
            icon: if cfg.desktop { icon_path() } else { None },
            cfg,
            sink,
        }
    }

    /// Why desktop notifications are off, if they are.
    #[must_use]
    pub fn desktop_off(&self) -> Option<&str> {
        self.desktop_off.as_ref().map(|(why, _)| why.as_str())
    }

    /// Takes in an edited policy's methods.
    pub fn set_config(&mut self, cfg: NotifyConfig) {
        if cfg.desktop && self.icon.is_none() {
            self.icon = icon_path();
        }
        self.cfg = cfg;
    }

    async fn desktop(&self, n: &Notice) -> Result<(), String> {
        let mut note = notify_rust::Notification::new();
        note.appname("slawatch")
            .summary(&n.summary)
            .body(&escape_markup(&n.body))
            .urgency(match n.urgency {
                NoticeUrgency::Critical => notify_rust::Urgency::Critical,
                NoticeUrgency::Normal => notify_rust::Urgency::Normal,
            });
        if let Some(icon) = &self.icon {
            note.icon(icon);
        }
        match tokio::time::timeout(DESKTOP_TIMEOUT, note.show_async()).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(format!("the notification server refused: {e}")),
            Err(_) => Err(format!(
                "the notification server did not answer within {} s",
                DESKTOP_TIMEOUT.as_secs()
            )),
        }
    }

    fn terminal(&self, method: TerminalNotify, n: &Notice) -> bool {
        let Some(seq) = terminal_sequence(method, n) else {
            return false;
        };
        let written = match self.sink {
            TerminalSink::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(seq.as_bytes()).and_then(|()| out.flush())
            }
            TerminalSink::Stderr if std::io::stderr().is_terminal() => {
                let mut err = std::io::stderr().lock();
                err.write_all(seq.as_bytes()).and_then(|()| err.flush())
            }
            TerminalSink::Stderr | TerminalSink::None => return false,
        };
        written.is_ok()
    }

    async fn command(&self, n: &Notice) -> Result<(), String> {
        let Some((program, args)) = self.cfg.command.split_first() else {
            return Ok(());
        };
        let mut cmd = tokio::process::Command::new(program);
        cmd.args(args.iter().map(|a| fill_placeholders(a, &n.fields)))
            .env("SLAWATCH_SUMMARY_LINE", &n.summary)
            .env("SLAWATCH_BODY", &n.body)
            .env("SLAWATCH_URGENCY", n.urgency.name())
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            // A group of its own: on a timeout the hook's children (a shell's background
            // jobs, a pipeline) are stopped with it, not left running.
            .process_group(0)
            .kill_on_drop(true);
        for (k, v) in &n.fields {
            cmd.env(format!("SLAWATCH_{}", k.to_uppercase()), v);
        }
        // Which alert events this notice tells of: a hook can log or deduplicate by them.
        let events: Vec<String> = n.events.iter().map(i64::to_string).collect();
        cmd.env("SLAWATCH_EVENTS", events.join(","));
        let child = cmd
            .spawn()
            .map_err(|e| format!("notify command {program} could not start: {e}"))?;
        let group = child.id();
        // Kept alive past a timeout, so the group is killed while its leader still
        // exists (then dropping it kills and reaps the leader).
        let mut waiting = std::pin::pin!(child.wait_with_output());
        match tokio::time::timeout(COMMAND_TIMEOUT, &mut waiting).await {
            Err(_) => {
                let unkilled = match group {
                    Some(g) => kill_group(g).await.err().unwrap_or_default(),
                    None => String::new(),
                };
                Err(format!(
                    "notify command {program} did not finish within {} s (stopped{unkilled})",
                    COMMAND_TIMEOUT.as_secs()
                ))
            }
            Ok(Err(e)) => Err(format!("notify command {program}: {e}")),
            Ok(Ok(out)) if out.status.success() => Ok(()),
            Ok(Ok(out)) => Err(format!(
                "notify command {program} failed ({}): {}",
                out.status,
                slawatch_core::text::inert(String::from_utf8_lossy(&out.stderr).trim(), 200)
            )),
        }
    }

    /// Sends `n` by every configured method; the desktop falls back to the terminal.
    pub async fn deliver(&mut self, n: &Notice, now: i64) -> Delivery {
        let mut d = Delivery::default();
        if self.cfg.desktop {
            let retry = self.desktop_off.as_ref().is_none_or(|(_, at)| now >= *at);
            if retry {
                let result = match no_bus() {
                    Some(why) => Err(why),
                    None => self.desktop(n).await,
                };
                match result {
                    Ok(()) => {
                        d.desktop = true;
                        self.desktop_off = None;
                    }
                    Err(why) => {
                        if self.desktop_off.as_ref().is_none_or(|(w, _)| *w != why) {
                            d.problems.push(format!(
                                "desktop notifications are off: {why} — alerts go to the terminal"
                            ));
                        }
                        self.desktop_off = Some((why, now + DESKTOP_RETRY_SECS));
                    }
                }
            }
        }
        if !d.desktop {
            // Over ssh, or with no notification server: the user's own terminal.
            let method = match self.cfg.terminal {
                TerminalNotify::Off if self.cfg.desktop => TerminalNotify::Bell,
                m => m,
            };
            d.terminal = self.terminal(method, n);
        }
        if !self.cfg.command.is_empty() {
            match self.command(n).await {
                Ok(()) => d.command = true,
                Err(e) => d.problems.push(e),
            }
        }
        d
    }
}

/// Kills process group `pgid` (the hook and everything it started). `kill(1)` rather
/// than `libc::kill`: the crate forbids `unsafe`. The hook itself is also killed when
/// its handle is dropped; this reaches the rest of its group.
async fn kill_group(pgid: u32) -> Result<(), String> {
    let status = tokio::process::Command::new("kill")
        .args(["-s", "KILL", "--", &format!("-{pgid}")])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .await;
    match status {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!(
            "; its process group {pgid} could not be killed: kill {s}"
        )),
        Err(e) => Err(format!("; its process group {pgid} could not be killed: {e}")),
    }
}

/// `{name}` or `{safe:name}` of a hook field.
fn is_field(name: &str) -> bool {
    HOOK_FIELDS.contains(&name.strip_prefix(SAFE_FIELD_PREFIX).unwrap_or(name))
}

/// `template` with each `{name}` replaced by its field, in one pass from left to right:
/// a value is never read again, so job text that itself holds `{summary}` arrives as
/// typed. A placeholder this notice has no field for (a summary of several jobs has no
/// single `{job}`) becomes empty; any other brace is kept.
fn fill_placeholders(template: &str, fields: &[(&'static str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if is_field(name) => {
                let (bare, safe) = match name.strip_prefix(SAFE_FIELD_PREFIX) {
                    Some(bare) => (bare, true),
                    None => (name, false),
                };
                if let Some((_, v)) = fields.iter().find(|(k, _)| *k == bare) {
                    if safe {
                        out.push_str(&safe_field_value(v));
                    } else {
                        out.push_str(v);
                    }
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_once_and_never_from_job_text() {
        let fields = vec![
            ("job", "7".to_owned()),
            ("customer", "{summary} {kind}".to_owned()),
            ("summary", "real summary".to_owned()),
            ("kind", "breach".to_owned()),
        ];
        assert_eq!(
            fill_placeholders("{customer}|{summary}|{kind}|#{job}", &fields),
            "{summary} {kind}|real summary|breach|#7"
        );
        // No field for it in this notice: empty. Not a placeholder: kept as written.
        assert_eq!(fill_placeholders("{tech}-{json}-{-{", &fields), "-{json}-{-{");
        assert_eq!(fill_placeholders("no braces", &fields), "no braces");
        // The safe form: never an option or an `@file`; a leading `'` is doubled.
        let fields = vec![("summary", "@/etc/secret".to_owned()), ("tech", "-rf".to_owned())];
        assert_eq!(
            fill_placeholders("{safe:summary} {safe:tech} {safe:job} {safe:nope}", &fields),
            "'@/etc/secret '-rf  {safe:nope}"
        );
    }

    fn notice(summary: &str, body: &str) -> Notice {
        Notice {
            kind: "breach",
            job: Some(7),
            event: None,
            level: 0,
            late: false,
            summary: summary.to_owned(),
            body: body.to_owned(),
            urgency: NoticeUrgency::Critical,
            rank: 1000,
            fields: vec![("job", "7".to_owned())],
            events: vec![1],
        }
    }

    #[test]
    fn markup_in_job_text_is_escaped() {
        assert_eq!(
            escape_markup("<b>Acme & Co</b> \"x\""),
            "&lt;b&gt;Acme &amp; Co&lt;/b&gt; &quot;x&quot;"
        );
    }

    #[test]
    fn terminal_sequences_carry_the_summary_and_cannot_be_broken_out_of() {
        let n = notice("BREACH · #7 Acme; Co", "pump\u{7}\u{1b}]0;evil\nsecond line");
        assert_eq!(
            terminal_sequence(TerminalNotify::Osc9, &n).as_deref(),
            Some("\x1b]9;BREACH · #7 Acme, Co: pump]0,evil\x07")
        );
        assert_eq!(
            terminal_sequence(TerminalNotify::Osc777, &n).as_deref(),
            Some("\x1b]777;notify;BREACH · #7 Acme, Co;pump]0,evil\x07")
        );
        assert_eq!(
            terminal_sequence(TerminalNotify::Bell, &n).as_deref(),
            Some("\x07")
        );
        assert_eq!(terminal_sequence(TerminalNotify::Off, &n), None);
    }
}
