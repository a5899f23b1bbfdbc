//! Text from users and mails made inert for where it is shown: terminals, JSON read in
//! terminals, spreadsheets and HTML.

use std::fmt::Write as _;

/// Characters that reorder or hide text without showing anything: bidirectional
/// embeddings, overrides and isolates (`U+202E` turns `exe.txt` into `txt.exe`), the
/// Arabic letter mark, zero-width spaces and joiners, word joiners and invisible
/// operators, and the byte-order mark.
#[must_use]
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// Text from users made safe for a terminal: control characters (ESC, C0, C1, DEL)
/// become a visible `�`, line breaks and tabs a space, bidirectional overrides and
/// zero-width characters nothing, and long text is cut to `max` characters with `…`.
#[must_use]
pub fn inert(s: &str, max: usize) -> String {
    // Most text is short printable ASCII: nothing to replace, nothing to cut.
    if s.len() <= max && s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len().min(max * 4));
    let mut n = 0;
    for c in s.chars() {
        if n == max {
            out.pop();
            out.push('…');
            break;
        }
        match c {
            c if is_invisible(c) => continue,
            // Line and paragraph separators break lines in some terminals.
            '\n' | '\t' | '\r' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
        n += 1;
    }
    out
}

/// Multi-line text (error messages) made safe for a terminal: like [`inert`], but line
/// breaks stay and each line is cut to `max` characters.
#[must_use]
pub fn inert_lines(s: &str, max: usize) -> String {
    s.split('\n')
        .map(|l| inert(l, max))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether [`json_safe`] would escape anything in `json`.
#[must_use]
pub fn json_escapes(json: &str) -> bool {
    json.chars().any(json_unsafe)
}

fn json_unsafe(c: char) -> bool {
    c == '\u{7F}'
        || ('\u{80}'..='\u{9F}').contains(&c)
        || c == '\u{2028}'
        || c == '\u{2029}'
        || is_invisible(c)
}

/// Serialised JSON made safe for a terminal without losing anything: serde_json
/// escapes only C0 controls, so DEL, C1 controls (`U+009B` is a CSI in some terminals),
/// line separators and the invisible characters of [`is_invisible`] are written as
/// `\uXXXX` too. They can only occur inside JSON strings, where the escape means the
/// same character, so a reader gets the text exactly as stored.
#[must_use]
pub fn json_safe(json: String) -> String {
    if !json_escapes(&json) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if json_unsafe(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// A spreadsheet cell from user text: control characters become `�` (line breaks and
/// tabs stay, a CSV writer quotes them), invisible characters go, and text a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@` first, after the cleaning)
/// gets a leading `'`. Quoting for the CSV syntax is left to the writer.
#[must_use]
pub fn spreadsheet_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    for c in s.chars() {
        match c {
            '\r' => {}
            '\n' | '\t' => out.push(c),
            c if is_invisible(c) => {}
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    if out.starts_with(['=', '+', '-', '@', '\t']) {
        out.insert(0, '\'');
    }
    out
}

/// Text safe inside HTML or notification markup: `& < > " '` escaped.
#[must_use]
pub fn escape_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{inert, inert_lines, json_safe, spreadsheet_text};

    const EVIL: &str =
        "=cmd|'/c calc'!A1\u{1b}[2J\u{1b}]0;PWN\u{7}\u{9b}31m\u{202e}gpj.exe\u{200b}\u{7f}\r\nend";

    #[test]
    fn terminal_text_has_no_controls_and_no_invisible_characters() {
        let t = inert(EVIL, 1000);
        assert!(!t.chars().any(|c| c.is_control()), "{t:?}");
        assert_eq!(
            t,
            "=cmd|'/c calc'!A1\u{fffd}[2J\u{fffd}]0;PWN\u{fffd}\u{fffd}31mgpj.exe\u{fffd}  end"
        );
        assert_eq!(inert("abcdef", 4), "abc…");
        assert_eq!(inert_lines("a\u{1b}\nb", 10), "a\u{fffd}\nb");
    }

    #[test]
    fn json_keeps_the_text_but_escapes_what_a_terminal_would_act_on() {
        let raw = serde_json::json!({ "s": EVIL }).to_string();
        let safe = json_safe(raw);
        assert!(
            !safe.chars().any(|c| c.is_control() || super::is_invisible(c)),
            "{safe}"
        );
        assert!(safe.contains(r"\u009b31m\u202egpj.exe\u200b\u007f"), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["s"], EVIL);
    }

    #[test]
    fn spreadsheet_cells_are_inert_and_never_formulas() {
        assert_eq!(
            spreadsheet_text(EVIL),
            "'=cmd|'/c calc'!A1\u{fffd}[2J\u{fffd}]0;PWN\u{fffd}\u{fffd}31mgpj.exe\u{fffd}\nend"
        );
        // A formula hidden behind an invisible character is still caught.
        assert_eq!(spreadsheet_text("\u{200b}=1+1"), "'=1+1");
        assert_eq!(spreadsheet_text("-2"), "'-2");
        assert_eq!(spreadsheet_text("Pump"), "Pump");
    }
}
