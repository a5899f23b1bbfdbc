//! `Slawatch-Signature: t=UNIX,v1=HEX`, HEX = HMAC-SHA256(secret, "{t}.{body}"): the
//! time inside the signed bytes lets a receiver refuse a replayed old delivery.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The hex HMAC-SHA256 of `"{t}.{body}"` under `secret`.
#[must_use]
pub fn hmac_hex(secret: &[u8], t: i64, body: &str) -> String {
    // HMAC takes a key of any length: this never fails.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(format!("{t}.").as_bytes());
    mac.update(body.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The header's value.
#[must_use]
pub fn header(secret: &[u8], t: i64, body: &str) -> String {
    format!("t={t},v1={}", hmac_hex(secret, t, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_rfc_4231_vector_shape() {
        // RFC 4231 case 2: key "Jefe", data "what do ya want for nothing?" — here split
        // as t = "what do ya want for nothing?" cannot be an integer, so check the
        // construction on our own bytes against a second computation instead.
        let a = hmac_hex(b"Jefe", 1, "x");
        let b = hmac_hex(b"Jefe", 1, "x");
        assert_eq!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(a, hmac_hex(b"Jefe", 2, "x"));
    }
}
