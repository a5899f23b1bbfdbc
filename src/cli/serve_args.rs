//! `token …` and `serve`: clap definitions.

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum TokenCmd {
    /// Make a token for the HTTP API; its secret is printed once and never stored.
    Create(TokenCreate),
    /// Every token: id, kind, name, customer, created, expires, revoked, last used
    /// (never the secret).
    List {
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Revoke a token: it is refused from then on.
    Revoke {
        /// The token's id (`token list`).
        id: i64,
    },
}

/// Who the token is for: `--user NAME` (the global option, given on the command line),
/// `--customer NAME`, or `--integration NAME --customer NAME`.
#[derive(Debug, Args)]
pub struct TokenCreate {
    /// Reads this customer's jobs only (alone), or the customer an integration logs
    /// jobs for (with --integration).
    #[arg(long, value_name = "NAME")]
    pub customer: Option<String>,
    /// A monitoring tool's name: it logs jobs for --customer.
    #[arg(long, value_name = "NAME", requires = "customer")]
    pub integration: Option<String>,
    /// The customer is a new one, though its name is close to a known one.
    #[arg(long)]
    pub new_customer: bool,
    /// It stops working after this long: `90d`, `12h`.
    #[arg(long, value_name = "DURATION")]
    pub expires: Option<String>,
    /// Print it as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0: any free port, printed at start).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7171")]
    pub listen: String,
    /// Allow listening beyond loopback without TLS (put a TLS proxy in front instead).
    #[arg(long)]
    pub allow_plain_http: bool,
}
