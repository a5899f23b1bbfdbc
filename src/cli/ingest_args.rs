//! Arguments of `slawatch ingest …`: where mail comes from.

use clap::Args;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("password").required(true).args(["password_file", "password_env"])))]
pub struct ImapArgs {
    /// The IMAP server's name or address.
    #[arg(long)]
    pub host: String,
    /// Its port [default: 993 with TLS, 143 with STARTTLS or plain]
    #[arg(long)]
    pub port: Option<u16>,
    /// The login name.
    #[arg(long)]
    pub user: String,
    /// A file whose first line is the password (never give it on the command line).
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    /// The name of an environment variable holding the password.
    #[arg(long, value_name = "VAR")]
    pub password_env: Option<String>,
    /// The mailbox to read.
    #[arg(long, default_value = "INBOX")]
    pub mailbox: String,
    /// tls: implicit TLS (993, the default); starttls: plain IMAP upgraded before the
    /// login (143); both verified against --ca or the system's CAs. plain: no TLS, only
    /// to a loopback host (127.0.0.1, ::1, localhost).
    #[arg(long, value_enum, conflicts_with_all = ["tls", "plain"])]
    pub security: Option<ImapSecurity>,
    /// Short for --security tls.
    #[arg(long, conflicts_with = "plain")]
    pub tls: bool,
    /// Short for --security plain.
    #[arg(long)]
    pub plain: bool,
    /// A PEM file with the CA(s) that signed the server's certificate.
    #[arg(long, value_name = "FILE")]
    pub ca: Option<PathBuf>,
    /// Keep watching: IDLE when the server offers it, else poll; reconnect when it goes away.
    #[arg(long)]
    pub follow: bool,
    /// With --follow, the longest wait between two looks (e.g. 30s, 2m).
    #[arg(long, default_value = "30s", value_parser = parse_interval)]
    pub poll: Duration,
    /// Move each taken message to this mailbox instead of only flagging it \Seen.
    #[arg(long, value_name = "FOLDER")]
    pub move_to: Option<String>,
    /// A larger message is not fetched: left unseen and reported (e.g. 10MB, 512KB).
    #[arg(long, default_value = "10MB", value_parser = parse_size)]
    pub max_size: u64,
    /// One JSON line per message (as `ingest maildir --json`, with its mailbox and UID).
    #[arg(long)]
    pub json: bool,
    /// Write each message into this Maildir (new/) instead of making a job: the source
    /// tested on its own, and a way to hand a mailbox to another tool.
    #[arg(long, value_name = "DIR", hide = true)]
    pub to_maildir: Option<PathBuf>,
}

/// `--security`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImapSecurity {
    Tls,
    Starttls,
    Plain,
}

fn parse_interval(s: &str) -> Result<Duration, String> {
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = num
        .parse()
        .map_err(|_| format!("{s:?}: expected a number of seconds or minutes, e.g. 30s or 2m"))?;
    let secs = match unit {
        "" | "s" => n,
        "m" => n.saturating_mul(60),
        _ => return Err(format!("{s:?}: the unit must be s or m, e.g. 30s or 2m")),
    };
    if secs == 0 {
        return Err("the interval must be at least 1s".to_string());
    }
    Ok(Duration::from_secs(secs))
}

fn parse_size(s: &str) -> Result<u64, String> {
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = num
        .parse()
        .map_err(|_| format!("{s:?}: expected a size such as 10MB, 512KB or 1000000"))?;
    let mult = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "KB" | "K" => 1024,
        "MB" | "M" => 1024 * 1024,
        "GB" | "G" => 1024 * 1024 * 1024,
        _ => return Err(format!("{s:?}: the unit must be B, KB, MB or GB")),
    };
    Ok(n.saturating_mul(mult))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_and_sizes_parse() {
        assert_eq!(parse_interval("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_interval("2m"), Ok(Duration::from_secs(120)));
        assert!(parse_interval("0s").is_err());
        assert!(parse_interval("3h").is_err());
        assert_eq!(parse_size("10MB"), Ok(10 * 1024 * 1024));
        assert_eq!(parse_size("512"), Ok(512));
        assert!(parse_size("ten").is_err());
    }
}
