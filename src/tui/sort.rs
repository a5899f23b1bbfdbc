//! The queue's order: business time left (`board::queue_key`) unless the user sorts by
//! another column (`s`, `S`). Ties always keep the business-time-left order.

use std::cmp::Ordering;

use slawatch_core::board::Entry;

/// The queue's columns, in their default order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueueColumn {
    /// The state symbol.
    State,
    Due,
    Clock,
    Job,
    Customer,
    Priority,
    Tier,
    Tech,
    Status,
    Age,
}

impl QueueColumn {
    pub const ALL: [QueueColumn; 10] = [
        QueueColumn::State,
        QueueColumn::Due,
        QueueColumn::Clock,
        QueueColumn::Job,
        QueueColumn::Customer,
        QueueColumn::Priority,
        QueueColumn::Tier,
        QueueColumn::Tech,
        QueueColumn::Status,
        QueueColumn::Age,
    ];

    /// The name in config.toml and in messages.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            QueueColumn::State => "state",
            QueueColumn::Due => "due",
            QueueColumn::Clock => "clock",
            QueueColumn::Job => "job",
            QueueColumn::Customer => "customer",
            QueueColumn::Priority => "priority",
            QueueColumn::Tier => "tier",
            QueueColumn::Tech => "tech",
            QueueColumn::Status => "status",
            QueueColumn::Age => "age",
        }
    }

    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Its place in [`Self::ALL`] (and in the list's cells).
    #[must_use]
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}

/// A chosen order: `reverse` is ▼.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: QueueColumn,
    pub reverse: bool,
}

impl Sort {
    /// ▲ or ▼.
    #[must_use]
    pub fn arrow(self) -> &'static str {
        if self.reverse { "▼" } else { "▲" }
    }
}

/// What `e` is sorted on in `column`: a number, then a text (empty ones last).
fn key(e: &Entry, column: QueueColumn) -> (i64, String) {
    let r = &e.row;
    let text = |s: &str| (0, s.to_lowercase());
    match column {
        QueueColumn::State => (e.urgency() as i64, String::new()),
        // The tie-break is the business time left itself.
        QueueColumn::Due => (0, String::new()),
        QueueColumn::Clock => text(e.urgent_clock().map_or("~", |c| c.kind.name())),
        QueueColumn::Job => (r.id, String::new()),
        QueueColumn::Customer => text(&r.customer),
        QueueColumn::Priority => text(&r.priority),
        QueueColumn::Tier => text(e.tier()),
        QueueColumn::Tech => r.technician.as_deref().map_or((1, String::new()), text),
        QueueColumn::Status => text(r.status.name()),
        // Youngest first, as the AGE column reads upwards.
        QueueColumn::Age => (-r.created_at, String::new()),
    }
}

fn compare(
    a: &((i64, String), (i64, i64, i64)),
    b: &((i64, String), (i64, i64, i64)),
    reverse: bool,
) -> Ordering {
    let o = a.0.cmp(&b.0);
    if reverse { o.reverse() } else { o }.then(a.1.cmp(&b.1))
}

/// Puts `list` in the queue's order.
pub fn order(list: &mut Vec<&Entry>, sort: Option<Sort>) {
    let Some(s) = sort else {
        // Keys first, then one sort of small tuples: comparing the (large, scattered)
        // jobs themselves is the slow part with 100,000 of them.
        list.sort_by_cached_key(|e| e.due());
        return;
    };
    let mut keyed: Vec<_> = list.drain(..).map(|e| ((key(e, s.column), e.due()), e)).collect();
    keyed.sort_by(|a, b| compare(&a.0, &b.0, s.reverse));
    list.extend(keyed.into_iter().map(|(_, e)| e));
}

/// Whether `entries` (those on screen, in list order) are still in the queue's order.
pub fn in_order<'a>(entries: impl Iterator<Item = &'a Entry>, sort: Option<Sort>) -> bool {
    let column = sort.map_or(QueueColumn::Due, |s| s.column);
    let reverse = sort.is_some_and(|s| s.reverse);
    let keys: Vec<_> = entries.map(|e| (key(e, column), e.due())).collect();
    keys.windows(2)
        .all(|w| compare(&w[0], &w[1], reverse) != Ordering::Greater)
}

/// The sort after `sort`: the default (business time left, the DUE column), then each
/// other shown column in turn, then the default again.
#[must_use]
pub fn next(sort: Option<Sort>, columns: &[QueueColumn]) -> Option<Sort> {
    let cycle: Vec<QueueColumn> = columns
        .iter()
        .copied()
        .filter(|c| *c != QueueColumn::Due)
        .collect();
    let at = sort.and_then(|s| cycle.iter().position(|c| *c == s.column));
    let next = match at {
        None => cycle.first(),
        Some(i) => cycle.get(i + 1),
    };
    next.map(|column| Sort {
        column: *column,
        reverse: false,
    })
}
