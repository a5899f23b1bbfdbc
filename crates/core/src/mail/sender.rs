//! The sender's customer: a contract's `mail` list.

use crate::policy::{Contract, Policy};

/// The bare address in a `From`-like value (`"Ann" <ann@x.example>` → `ann@x.example`),
/// lowercase; None without a plausible one. An address with a control character (a NUL,
/// an escape) is no address: it would be matched to a contract and shown as the sender.
#[must_use]
pub fn address_of(value: &str) -> Option<String> {
    let inner = match (value.rfind('<'), value.rfind('>')) {
        (Some(a), Some(b)) if a < b => &value[a + 1..b],
        _ => value,
    };
    let a = inner.trim().to_ascii_lowercase();
    let (local, domain) = a.split_once('@')?;
    let plain = !a.contains(|c: char| c.is_whitespace() || c.is_control());
    (!local.is_empty() && domain.contains('.') && plain).then_some(a)
}

/// The contract whose `mail` list names `address`: an exact address beats a domain, a
/// domain covers its subdomains, the longest domain wins.
#[must_use]
pub fn contract_for<'p>(policy: &'p Policy, address: &str) -> Option<&'p Contract> {
    let address = address.to_ascii_lowercase();
    let domain = address.split_once('@').map_or(address.as_str(), |(_, d)| d);
    let mut best: Option<(usize, &Contract)> = None;
    for c in &policy.contracts {
        for m in &c.mail {
            let score = if *m == address {
                usize::MAX
            } else if !m.contains('@') && (domain == m || domain.ends_with(&format!(".{m}"))) {
                m.len()
            } else {
                continue;
            };
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, c));
            }
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"display_timezone = "UTC"
[calendars.c]
timezone = "UTC"
always = true
[tiers.t]
calendar = "c"
respond = "1h"
[[contracts]]
id = "A"
customer = "Acme"
mail = ["acme.example"]
rules = [ { tier = "t" } ]
[[contracts]]
id = "H"
customer = "Holding"
mail = ["eu.acme.example", "boss@acme.example"]
rules = [ { tier = "t" } ]
"#;

    #[test]
    fn addresses_from_headers() {
        assert_eq!(
            address_of("\"Ann B\" <Ann@Acme.Example>").as_deref(),
            Some("ann@acme.example")
        );
        assert_eq!(
            address_of("ann@acme.example").as_deref(),
            Some("ann@acme.example")
        );
        assert_eq!(address_of("undisclosed-recipients:;"), None);
    }

    #[test]
    fn an_address_with_a_control_character_is_none() {
        assert_eq!(address_of("ann\0@acme.example"), None);
        assert_eq!(address_of("<ann@acme.example\u{1b}[2J>"), None);
        assert_eq!(address_of("ann@acme.example\u{9b}"), None);
    }

    #[test]
    fn exact_address_beats_domain_longest_domain_wins() {
        let p = crate::policy::parse_policy("t.toml", SRC).unwrap();
        let id = |a: &str| contract_for(&p, a).map(|c| c.id.clone());
        assert_eq!(id("ann@acme.example").as_deref(), Some("A"));
        assert_eq!(id("boss@acme.example").as_deref(), Some("H"));
        assert_eq!(id("ann@fr.acme.example").as_deref(), Some("A"));
        assert_eq!(id("ann@x.eu.acme.example").as_deref(), Some("H"));
        assert_eq!(id("ann@notacme.example"), None);
    }
}
