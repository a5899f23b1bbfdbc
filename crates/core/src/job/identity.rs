//! Who acts. A user is one identity whatever the case of its letters (`ANNA` is anna:
//! the same roles, the same alert mark, the same "own action"), and `slawatch` is
//! reserved for what slawatch records by itself, so no person's action can pass for an
//! automatic one.

use crate::alerts::SYSTEM_ACTOR;

/// The form a user is compared and keyed by.
#[must_use]
pub fn key(user: &str) -> String {
    user.trim().to_lowercase()
}

/// Whether `a` and `b` name the same user.
#[must_use]
pub fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// A name a person may act under: not empty, not too long, not the system's.
///
/// # Errors
/// Why not, and what to use instead.
pub fn check(user: &str) -> Result<(), String> {
    super::limits::check(
        "the user name (--user, SLAWATCH_USER)",
        user,
        super::limits::NAME_MAX,
    )?;
    if user.trim().is_empty() {
        return Err("the user name is empty — pass --user NAME or set SLAWATCH_USER".to_owned());
    }
    if same(user, SYSTEM_ACTOR) {
        return Err(format!(
            "`{SYSTEM_ACTOR}` is reserved for what slawatch records by itself (alerts, automatic \
             escalations) — act under your own name (--user NAME or SLAWATCH_USER)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_is_not_identity_and_the_system_name_is_reserved() {
        assert!(same("ANNA", " anna"));
        assert!(!same("anna", "annab"));
        assert_eq!(key("Ömer"), "ömer");
        assert!(check("anna").is_ok());
        for n in ["slawatch", "SlaWatch", " slawatch "] {
            assert!(check(n).unwrap_err().contains("reserved"), "{n}");
        }
        assert!(check("   ").is_err());
    }
}
