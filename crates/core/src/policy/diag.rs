//! Policy problems with their place in the file: `FILE:LINE:COL: what — how to fix`.

use std::fmt;
use std::ops::Range;

use serde_spanned::Spanned;
use toml::de::DeTable;

/// One problem found in a policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Byte offset in the file, for ordering.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// What is wrong, quoting the bad value.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// Every problem found in one policy file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct PolicyErrors {
    /// The file as the user named it.
    pub file: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for PolicyErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:{}:{}: {}", self.file, d.line, d.col, d.message)?;
            if !d.hint.is_empty() {
                write!(f, " — {}", d.hint)?;
            }
        }
        Ok(())
    }
}

/// Collects diagnostics against one source text.
pub struct Diags<'s> {
    src: &'s str,
    pub list: Vec<Diagnostic>,
}

impl<'s> Diags<'s> {
    pub fn new(src: &'s str) -> Self {
        Self {
            src,
            list: Vec::new(),
        }
    }

    pub fn push(&mut self, span: Range<usize>, message: impl Into<String>, hint: impl Into<String>) {
        let offset = span.start.min(self.src.len());
        let (line, col) = line_col(self.src, offset);
        self.list.push(Diagnostic {
            offset,
            line,
            col,
            message: message.into(),
            hint: hint.into(),
        });
    }

    /// Parses `src` as TOML as far as it goes, each syntax error pushed at its place;
    /// the table read (what parsed), for the checks that follow.
    pub fn parse_toml(&mut self) -> Spanned<DeTable<'s>> {
        let (root, syntax) = DeTable::parse_recoverable(self.src);
        for e in &syntax {
            let msg = e
                .message()
                .lines()
                .next()
                .unwrap_or("invalid TOML")
                .trim()
                .to_owned();
            self.push(
                e.span().unwrap_or(0..0),
                format!("TOML syntax: {msg}"),
                "fix the syntax at this place",
            );
        }
        root
    }

    pub fn finish(mut self, file: &str) -> Option<PolicyErrors> {
        if self.list.is_empty() {
            return None;
        }
        self.list.sort_by_key(|d| d.offset);
        self.list.dedup();
        Some(PolicyErrors {
            file: file.to_owned(),
            diagnostics: self.list,
        })
    }
}

/// 1-based line and character column of a byte offset.
#[must_use]
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let mut off = offset.min(src.len());
    while !src.is_char_boundary(off) {
        off -= 1;
    }
    let before = &src[..off];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, src[line_start..off].chars().count() + 1)
}

/// `did you mean `x`?` for the closest of `candidates`, if one is close.
#[must_use]
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src = "a = 1\nbé = \"x\"\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 6), (2, 1));
        assert_eq!(line_col(src, src.find('=').map_or(0, |_| 10)), (2, 4));
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("timezon", ["timezone", "holidays"]),
            Some("timezone")
        );
        assert_eq!(
            did_you_mean("respnd", ["respond", "attend", "resolve"]),
            Some("respond")
        );
        assert_eq!(did_you_mean("zzz", ["timezone"]), None);
    }
}
