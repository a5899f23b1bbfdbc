//! The transport under the IMAP session: implicit TLS (rustls, ring) by default, plain
//! TCP only to a loopback address.

use imap::extensions::idle::SetReadTimeout;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use std::io::{Read, Write};
use std::net::{IpAddr, TcpStream, ToSocketAddrs};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use super::{ImapError, Security};

/// Debian's bundle of the system's trusted CAs, used when no `--ca` is given.
const SYSTEM_CA_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";
/// A connect that takes longer than this is a server that is not there.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Plain TCP or TLS over TCP, one type so the session and IDLE need no generics.
pub enum Stream {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ClientConnection, TcpStream>>),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(s) => s.flush(),
        }
    }
}

impl SetReadTimeout for Stream {
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> imap::Result<()> {
        let tcp = match self {
            Stream::Plain(s) => s,
            Stream::Tls(s) => &mut s.sock,
        };
        tcp.set_read_timeout(timeout)?;
        Ok(())
    }
}

/// Plain IMAP sends the password in the clear: only to this machine. Decided on the
/// name as given (no DNS), so a name that merely resolves to 127.0.0.1 is not trusted.
pub fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The refusal of plain IMAP to another machine, before any connection is made.
pub fn check_security(host: &str, security: Security) -> Result<(), ImapError> {
    if security == Security::Plain && !is_loopback(host) {
        return Err(ImapError::Refused(format!(
            "refusing plain IMAP to {host}: the password would cross the network unencrypted; \
             plain is allowed only to a loopback host (127.0.0.1, ::1, localhost). \
             Drop --plain to use TLS (port 993)"
        )));
    }
    Ok(())
}

fn tls_config(ca: Option<&Path>) -> Result<rustls::ClientConfig, ImapError> {
    let path = ca.unwrap_or(Path::new(SYSTEM_CA_BUNDLE));
    let mut roots = rustls::RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(path).map_err(|e| {
        ImapError::Refused(format!(
            "cannot read the CA file {}: {e}; pass --ca FILE (PEM) with the CA that signed the server's certificate",
            path.display()
        ))
    })?;
    for cert in certs {
        let cert = cert.map_err(|e| {
            ImapError::Refused(format!("{}: not a PEM certificate file: {e}", path.display()))
        })?;
        roots
            .add(cert)
            .map_err(|e| ImapError::Refused(format!("{}: a certificate was refused: {e}", path.display())))?;
    }
    if roots.is_empty() {
        return Err(ImapError::Refused(format!(
            "{}: no certificate in it; pass --ca FILE (PEM)",
            path.display()
        )));
    }
    // ring, not aws-lc-rs: no cmake or C toolchain beyond cc, a lean build. Its missing
    // post-quantum key exchange is the deprecation; classical TLS 1.2/1.3 is what IMAP
    // servers speak today.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ImapError::Connect(format!("TLS set-up: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

/// Opens the TCP connection (and the TLS session on top): no IMAP yet.
pub fn open(host: &str, port: u16, security: Security, ca: Option<&Path>) -> Result<Stream, ImapError> {
    check_security(host, security)?;
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addrs = (bare, port)
        .to_socket_addrs()
        .map_err(|e| ImapError::Connect(format!("cannot resolve {host}:{port}: {e}")))?;
    let mut last = None;
    let mut tcp = None;
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) {
            Ok(s) => {
                tcp = Some(s);
                break;
            }
            Err(e) => last = Some(e),
        }
    }
    let tcp = tcp.ok_or_else(|| {
        ImapError::Connect(format!(
            "cannot connect to {host}:{port}: {}",
            last.map_or_else(|| "no address".to_string(), |e| e.to_string())
        ))
    })?;
    // Many small commands back and forth: Nagle would add 40 ms to each.
    let _ = tcp.set_nodelay(true);
    match security {
        Security::Plain => Ok(Stream::Plain(tcp)),
        Security::StartTls => {
            let mut tcp = tcp;
            starttls(&mut tcp, host, port)?;
            let config = tls_config(ca)?;
            let name = ServerName::try_from(bare.to_string())
                .map_err(|e| ImapError::Refused(format!("{host}: not a valid TLS server name: {e}")))?;
            let mut conn = rustls::ClientConnection::new(Arc::new(config), name)
                .map_err(|e| ImapError::Connect(format!("TLS to {host}:{port}: {e}")))?;
            // The handshake now, so an untrusted certificate is named as such.
            let _ = tcp.set_read_timeout(Some(CONNECT_TIMEOUT));
            while conn.is_handshaking() {
                conn.complete_io(&mut tcp).map_err(|e| {
                    ImapError::Refused(format!(
                        "TLS after STARTTLS with {host}:{port} failed: {e}; if the server's certificate is signed by a private CA, pass --ca FILE (PEM) with it"
                    ))
                })?;
            }
            let _ = tcp.set_read_timeout(None);
            Ok(Stream::Tls(Box::new(rustls::StreamOwned::new(conn, tcp))))
        }
        Security::Tls => {
            let config = tls_config(ca)?;
            let name = ServerName::try_from(bare.to_string())
                .map_err(|e| ImapError::Refused(format!("{host}: not a valid TLS server name: {e}")))?;
            let conn = rustls::ClientConnection::new(Arc::new(config), name)
                .map_err(|e| ImapError::Connect(format!("TLS to {host}:{port}: {e}")))?;
            Ok(Stream::Tls(Box::new(rustls::StreamOwned::new(conn, tcp))))
        }
    }
}

/// One CRLF-ended line from `tcp`, at most 8 KiB (a greeting or a status line).
fn line(tcp: &mut TcpStream) -> std::io::Result<String> {
    let mut out = Vec::new();
    let mut b = [0u8; 1];
    // Byte by byte: nothing past the line may be consumed before TLS starts.
    while out.len() < 8192 {
        if tcp.read(&mut b)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        out.push(b[0]);
        if out.ends_with(b"\r\n") {
            break;
        }
    }
    Ok(String::from_utf8_lossy(&out).trim_end().to_owned())
}

/// The greeting, then `STARTTLS` and its OK (RFC 3501 §6.2.1), on the plain connection.
fn starttls(tcp: &mut TcpStream, host: &str, port: u16) -> Result<(), ImapError> {
    let io = |e: std::io::Error| ImapError::Connect(format!("STARTTLS with {host}:{port}: {e}"));
    TcpStream::set_read_timeout(tcp, Some(CONNECT_TIMEOUT)).map_err(io)?;
    let greeting = line(tcp).map_err(io)?;
    if !greeting.starts_with("* OK") {
        return Err(ImapError::Connect(format!(
            "{host}:{port} greeted with `{greeting}` instead of `* OK`"
        )));
    }
    tcp.write_all(b"s1 STARTTLS\r\n").map_err(io)?;
    loop {
        let l = line(tcp).map_err(io)?;
        if let Some(answer) = l.strip_prefix("s1 ") {
            if answer.starts_with("OK") {
                return Ok(());
            }
            return Err(ImapError::Refused(format!(
                "{host}:{port} refused STARTTLS: `{answer}`; use --security tls (port 993) if it offers IMAPS"
            )));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_and_addresses_may_go_plain() {
        for h in ["localhost", "127.0.0.1", "127.3.4.5", "::1", "[::1]", "LOCALHOST"] {
            assert!(is_loopback(h), "{h}");
        }
        for h in [
            "192.0.2.1",
            "mail.example.com",
            "10.0.0.1",
            "localhost.example.com",
            "::2",
        ] {
            assert!(!is_loopback(h), "{h}");
            assert!(matches!(
                check_security(h, Security::Plain),
                Err(ImapError::Refused(_))
            ));
            assert!(check_security(h, Security::Tls).is_ok());
        }
    }
}
