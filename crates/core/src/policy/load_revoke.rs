//! `revoke_window` and `revoke`: how long one's own event may be taken back, and the
//! roles that may take back anyone's, at any time.

use std::collections::BTreeMap;

use toml::de::DeTable;

use super::load::Cx;
use super::load_alerts::role_refs;
use crate::time::duration::parse_secs;

/// Default `revoke_window`: long enough to notice a slip, short enough that an old
/// record is not quietly rewritten by whoever made it.
pub const DEFAULT_WINDOW: i64 = 15 * 60;
/// The longest window allowed.
const MAX_WINDOW: i64 = 7 * 86_400;

pub fn revoke(
    cx: &mut Cx<'_>,
    root: &DeTable<'_>,
    roles: &BTreeMap<String, Vec<String>>,
) -> (i64, Vec<String>) {
    let window = root.get("revoke_window").map_or(DEFAULT_WINDOW, |v| {
        let Some(s) = cx.string(v, "revoke_window") else {
            return DEFAULT_WINDOW;
        };
        match parse_secs(&s) {
            Ok(secs) if (0..=MAX_WINDOW).contains(&secs) => secs,
            Ok(_) => {
                cx.err(
                    v.span(),
                    format!("revoke_window `{s}` is longer than 7 days"),
                    "one's own slip is noticed within minutes; write e.g. \"15m\"",
                );
                DEFAULT_WINDOW
            }
            Err(e) => {
                cx.err(v.span(), format!("revoke_window: {e}"), "write e.g. \"15m\"");
                DEFAULT_WINDOW
            }
        }
    });
    let known: Vec<String> = roles.keys().cloned().collect();
    let who = root
        .get("revoke")
        .map(|v| role_refs(cx, v, "revoke", &known, !roles.is_empty()))
        .unwrap_or_default();
    (window, who)
}
