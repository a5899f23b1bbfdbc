//! Text that many jobs repeat (the policy's hash, the windows text, who logged the job):
//! one reference-counted copy shared by every row read in the same pass, instead of a
//! string each. The dashboard holds 100,000 open rows for hours, and these values take a
//! handful of distinct forms across all of them.

use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// An immutable string, cheap to clone, that reads as `&str`.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shared(Arc<str>);

impl Shared {
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Shared {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Shared {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Shared {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Shared {
    fn from(s: &str) -> Self {
        Self(Arc::from(s))
    }
}

impl From<String> for Shared {
    fn from(s: String) -> Self {
        Self(Arc::from(s))
    }
}

impl PartialEq<str> for Shared {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Shared {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Shared {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

/// As a string's: `differences` and test failures print the value, not the wrapper.
impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl serde::Serialize for Shared {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Hands out one [`Shared`] per distinct text seen, for one pass (a query's rows). It
/// keeps what it has seen up to [`Interner::KEPT`] texts; past that, a new text gets a
/// copy of its own, so a column that is not repeated after all costs no more than a
/// string per row did.
#[derive(Debug, Default)]
pub struct Interner {
    seen: HashSet<Shared>,
}

impl Interner {
    pub const KEPT: usize = 4096;

    /// The shared copy of `text`, made on its first sight.
    pub fn get(&mut self, text: &str) -> Shared {
        if let Some(s) = self.seen.get(text) {
            return s.clone();
        }
        let s = Shared::from(text);
        if self.seen.len() < Self::KEPT {
            self.seen.insert(s.clone());
        }
        s
    }

    /// Sets `dst` to `text`, keeping `dst` when it already says that (a scan reusing
    /// one row over many jobs then neither hashes nor allocates).
    pub fn put(&mut self, dst: &mut Shared, text: &str) {
        if **dst != *text {
            *dst = self.get(text);
        }
    }

    /// How many distinct texts it holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_share_one_copy_and_read_back_the_same() {
        let mut names = Interner::default();
        let a = names.get("respond=4h resolve=3bd");
        let b = names.get(&String::from("respond=4h resolve=3bd"));
        assert!(Arc::ptr_eq(&a.0, &b.0), "one allocation for equal texts");
        assert_eq!(a, b);
        assert_eq!(a.as_str(), "respond=4h resolve=3bd");
        assert_eq!(a, "respond=4h resolve=3bd");
        assert_eq!(a, String::from("respond=4h resolve=3bd"));
        let c = names.get("respond=1h");
        assert_ne!(a, c);
        assert_eq!(names.len(), 2);
        assert_eq!(Shared::default(), "");
        assert_eq!(Shared::from(String::from("x")), Shared::from("x"));
    }

    #[test]
    fn it_prints_and_serialises_as_the_string_it_holds() {
        let s = Shared::from("a \"b\"");
        assert_eq!(format!("{s:?}"), format!("{:?}", "a \"b\""));
        assert_eq!(s.to_string(), "a \"b\"");
        assert_eq!(
            serde_json::to_string(&s).expect("serialises"),
            serde_json::to_string("a \"b\"").expect("serialises")
        );
    }

    #[test]
    fn past_its_limit_it_copies_instead_of_keeping() {
        let mut names = Interner::default();
        for i in 0..Interner::KEPT + 10 {
            assert_eq!(names.get(&i.to_string()), i.to_string());
        }
        assert_eq!(names.len(), Interner::KEPT);
        let a = names.get("new");
        let b = names.get("new");
        assert_eq!(a, b);
        assert!(!Arc::ptr_eq(&a.0, &b.0));
        assert!(Arc::ptr_eq(&names.get("1").0, &names.get("1").0));
    }

    #[test]
    fn put_keeps_the_value_it_already_has() {
        let mut names = Interner::default();
        let mut dst = names.get("h1");
        let before = dst.clone();
        names.put(&mut dst, "h1");
        assert!(Arc::ptr_eq(&before.0, &dst.0));
        names.put(&mut dst, "h2");
        assert_eq!(dst, "h2");
        assert_eq!(names.len(), 2);
    }
}
