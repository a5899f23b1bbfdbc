//! Token secrets: `slw_` and 32 bytes from the OS RNG in hex, shown once; the store
//! keeps only their SHA-256.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

/// What every token starts with: a scanner of leaked secrets can spot one.
pub const PREFIX: &str = "slw_";

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// A new secret.
///
/// # Errors
/// When the OS has no randomness to give (then no token is made).
pub fn generate() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| format!("the system's random number generator failed: {e}"))?;
    Ok(format!("{PREFIX}{}", hex(&bytes)))
}

/// The hash the store keeps for `secret`.
#[must_use]
pub fn hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_prefixed_long_and_differ() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert!(a.starts_with(PREFIX) && a.len() == PREFIX.len() + 64, "{a}");
        assert_ne!(a, b);
        assert_eq!(hash(&a).len(), 64);
        assert_ne!(hash(&a), hash(&b));
    }
}
