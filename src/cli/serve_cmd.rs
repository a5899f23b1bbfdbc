//! `slawatch serve`: the HTTP API on a local address.

use std::io::Write as _;
use std::net::{SocketAddr, ToSocketAddrs};

use super::args::Global;
use super::serve_args::ServeArgs;
use super::{CliResult, Failure, db_path};

pub(crate) fn serve(global: &Global, a: &ServeArgs) -> CliResult {
    // A name (`localhost:7171`) is resolved once, here: the first address it gives.
    let bad = |why: String| {
        Failure::BadInput(format!(
            "--listen {}: {why} — give ADDRESS:PORT, e.g. 127.0.0.1:7171 (port 0 for any free port)",
            slawatch_core::text::inert(&a.listen, 80)
        ))
    };
    let listen: SocketAddr = a
        .listen
        .trim()
        .to_socket_addrs()
        .map_err(|e| bad(e.to_string()))?
        .next()
        .ok_or_else(|| bad("the name has no address".to_owned()))?;
    if !listen.ip().is_loopback() {
        if !a.allow_plain_http {
            return Err(Failure::BadInput(format!(
                "--listen {listen}: beyond loopback, tokens and job data would cross the network in plain HTTP — put a TLS reverse proxy in front and listen on 127.0.0.1 (see the README), or pass --allow-plain-http if the network is yours"
            )));
        }
        crate::say!(
            "warning: serving plain HTTP on {listen}: tokens and job data cross the network unencrypted — put a TLS reverse proxy in front"
        );
    }
    let policy_file = super::policy_path(global.policy.as_deref())?;
    let policy = super::load_policy(&policy_file)?;
    let db = db_path(global)?;
    // A missing or damaged store is said now, not on the first request; the jobs the API
    // logs go out to the policy's webhooks like any other.
    let mut store = slawatch_store::Store::open_existing(&db)?;
    crate::serve::webhooks::sync_routes(&mut store, &policy)?;
    drop(store);
    crate::serve::run(
        crate::serve::Config {
            listen,
            db,
            policy,
            policy_file,
        },
        |addr| {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "listening on http://{addr}");
            let _ = out.flush();
        },
    )
    .map_err(Failure::Runtime)
}
