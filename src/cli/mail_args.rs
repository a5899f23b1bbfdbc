//! `ingest …` and `mail …`: clap definitions.

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum IngestCmd {
    /// One RFC 822 message from FILE or standard input (an MTA's pipe, fetchmail's mda,
    /// procmail, .forward): exit 0 when taken (created, attached, duplicate, held or
    /// ignored), 2 when it is not a mail, 1 when the store failed (the MTA retries).
    Mail {
        /// The message file [default: standard input].
        file: Option<PathBuf>,
        /// Say what became of it as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Mail from an IMAP mailbox: each unseen message is flagged \Seen (or moved) only
    /// after it was taken.
    Imap(Box<super::ingest_args::ImapArgs>),
    /// Every message in DIR/new, each moved to DIR/cur once its job is committed.
    Maildir {
        /// The Maildir (with new/ and cur/).
        dir: PathBuf,
        /// Keep watching DIR/new (every 2 s) until interrupted.
        #[arg(long)]
        follow: bool,
        /// One JSON line per message.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum MailCmd {
    /// The mail held for a dispatcher (unknown senders, foreign replies, too large).
    Held {
        /// Also those already assigned.
        #[arg(long)]
        all: bool,
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Make the job of a held mail for CUSTOMER, its clock at the mail's receipt.
    Assign {
        /// The held mail: its number in `mail held` or its Message-ID.
        msg: String,
        /// The customer whose job it is.
        #[arg(long, value_name = "NAME")]
        customer: String,
        /// Print the job made as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The ingest log: every mail taken and what became of it.
    Log {
        /// The newest N lines.
        #[arg(long, default_value_t = 50, value_name = "N")]
        limit: i64,
        /// Print the lines as JSON.
        #[arg(long)]
        json: bool,
    },
    /// What the outbox holds (the customers' acknowledgements), newest first.
    Outbox {
        #[command(subcommand)]
        action: Option<OutboxCmd>,
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum OutboxCmd {
    /// Make a waiting or given-up message due now and send what is due at once.
    #[command(group(clap::ArgGroup::new("which").required(true).args(["id", "all"])))]
    Retry {
        /// The message: its ID in `mail outbox`.
        id: Option<i64>,
        /// Every message not sent yet.
        #[arg(long)]
        all: bool,
    },
}
