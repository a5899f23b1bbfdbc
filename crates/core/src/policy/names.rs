//! Names typed by people (customers, technicians, job types) against the names already
//! known: the same name in another case, a probable typo of a known one, or a new one.
//! A typo must not pass silently: a customer misspelt gets no contract and so a lower
//! tier, a technician misspelt becomes a second person.

/// What a typed name is, against the known ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name<'a> {
    /// A known name, ignoring case and surrounding blanks: use its known spelling.
    Known(&'a str),
    /// Close to this known name but not it: probably a typo.
    Close(&'a str),
    /// Far from every known name.
    New,
}

/// How many edits (insert, delete, replace, swap of neighbours) still read as a typo
/// of a name this long: none for one or two characters, one up to four, else two.
fn allowed_edits(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=4 => 1,
        _ => 2,
    }
}

/// The digits of a name, in order: `Site 12` and `Site 13` are two sites, not a typo.
fn digits(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(char::is_ascii_digit)
}

/// Whether `typed` reads as a mistyped `known` (both already lower case): a few edits
/// apart, or the start of it (`acme` for `acme corp`) — unless both hold numbers and
/// the numbers differ.
fn close(typed: &str, known: &str) -> bool {
    if digits(typed).next().is_some() && digits(known).next().is_some() && !digits(typed).eq(digits(known)) {
        return false;
    }
    let n = typed.chars().count().min(known.chars().count());
    strsim::osa_distance(typed, known) <= allowed_edits(n)
        || (typed.chars().count() >= 3 && known.starts_with(typed))
}

/// Classifies `typed` against `known`.
#[must_use]
pub fn classify<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Name<'a> {
    let typed = typed.trim().to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for k in known {
        let lower = k.trim().to_lowercase();
        if lower == typed {
            return Name::Known(k);
        }
        if close(&typed, &lower) {
            let d = strsim::osa_distance(&typed, &lower);
            if best.is_none_or(|(b, _)| d < b) {
                best = Some((d, k));
            }
        }
    }
    best.map_or(Name::New, |(_, k)| Name::Close(k))
}

/// The known names `typed` completes to, ignoring case: those it starts first, then
/// those holding it, each once, the name itself left out.
#[must_use]
pub fn completions<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let typed = typed.trim().to_lowercase();
    let mut starts = Vec::new();
    let mut holds = Vec::new();
    for k in known {
        let lower = k.to_lowercase();
        if lower == typed || starts.contains(&k) || holds.contains(&k) {
            continue;
        }
        if lower.starts_with(&typed) {
            starts.push(k);
        } else if lower.contains(&typed) {
            holds.push(k);
        }
    }
    starts.extend(holds);
    starts
}

/// Adds `name` to `list` unless it holds it already in another case.
fn push_once<'a>(list: &mut Vec<&'a str>, name: &'a str) {
    if !list.iter().any(|n| n.eq_ignore_ascii_case(name)) {
        list.push(name);
    }
}

impl super::Policy {
    /// The customers the contracts name, each once.
    #[must_use]
    pub fn customers(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for c in &self.contracts {
            push_once(&mut out, &c.customer);
        }
        out
    }

    /// The job types the contracts' rules name, each once: the types that can change
    /// a tier (the policy keeps no other list of types).
    #[must_use]
    pub fn job_types(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for r in self.contracts.iter().flat_map(|c| &c.rules) {
            if let Some(t) = &r.job_type {
                push_once(&mut out, t);
            }
        }
        out
    }

    /// The people the roles name, each once: users who may also take jobs.
    #[must_use]
    pub fn people(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for u in self.roles.values().flatten() {
            push_once(&mut out, u);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{Name, classify, completions};

    const KNOWN: [&str; 4] = ["Acme Corp", "Globex", "Initech", "jan"];

    #[test]
    fn typos_are_close_cases_are_known_far_names_are_new() {
        assert_eq!(classify("Acme Crop", KNOWN), Name::Close("Acme Corp"));
        assert_eq!(classify("acme", KNOWN), Name::Close("Acme Corp"));
        assert_eq!(classify("jna", KNOWN), Name::Close("jan"));
        assert_eq!(classify(" GLOBEX ", KNOWN), Name::Known("Globex"));
        assert_eq!(classify("Wayne Enterprises", KNOWN), Name::New);
        assert_eq!(classify("Jo", KNOWN), Name::New);
        assert_eq!(classify("Initech2", KNOWN), Name::Close("Initech"));
        assert_eq!(classify("Site 13", ["Site 12"]), Name::New);
        assert_eq!(classify("Site12", ["Site 12"]), Name::Close("Site 12"));
    }

    #[test]
    fn completions_put_prefixes_first() {
        assert_eq!(completions("a", KNOWN), ["Acme Corp", "jan"]);
        assert_eq!(completions("C", KNOWN), ["Acme Corp", "Initech"]);
        assert_eq!(completions("glo", KNOWN), ["Globex"]);
        assert!(completions("globex", KNOWN).is_empty());
    }
}
