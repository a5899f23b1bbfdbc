//! The dashboard's state. Changed only by `update`; drawn only by `view`.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

use super::entry::Entry;
use super::overlay::Overlay;
use super::reports::ReportState;
use crate::alerts::{Due, Reminder, reminders};
use crate::policy::Policy;
use crate::report::forecast::Forecast;
use crate::store::{EventRow, JobRow};

/// The views, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Queue,
    Escalations,
    Technicians,
    Reports,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Queue, Tab::Escalations, Tab::Technicians, Tab::Reports];

    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Tab::Queue => "Queue",
            Tab::Escalations => "Escalations",
            Tab::Technicians => "Technicians",
            Tab::Reports => "Reports",
        }
    }
}

/// One-key filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuickFilter {
    Breached,
    AtRisk,
    Mine,
    Unassigned,
    /// The forecast expects a clock to breach.
    Forecast,
}

impl QuickFilter {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            QuickFilter::Breached => "breached",
            QuickFilter::AtRisk => "at risk",
            QuickFilter::Mine => "mine",
            QuickFilter::Unassigned => "unassigned",
            QuickFilter::Forecast => "forecast late",
        }
    }
}

/// How a status message reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

/// What one job adds to the header totals.
fn contribution(e: &Entry) -> [usize; 5] {
    [
        1,
        usize::from(e.breached()),
        usize::from(e.at_risk()),
        usize::from(e.paused()),
        usize::from(e.unacked()),
    ]
}

/// Moves `totals` from one contribution of a job to another.
fn adjust(totals: &mut [usize; 5], before: [usize; 5], after: [usize; 5]) {
    for i in 0..5 {
        totals[i] = totals[i] + after[i] - before[i];
    }
}

/// Judges many jobs, on all cores when there are enough to be worth it (start-up with
/// tens of thousands of open jobs). Boxed, so that moving them into the map moves pointers.
#[allow(clippy::vec_box)]
fn judge_all(rows: Vec<JobRow>, policy: &Policy, now: i64) -> Vec<Box<Entry>> {
    let threads = crate::store::cores();
    if threads < 2 || rows.len() < 4_000 {
        return rows
            .into_iter()
            .map(|r| Box::new(Entry::judge(r, policy, now)))
            .collect();
    }
    let per = rows.len().div_ceil(threads);
    let mut parts = Vec::with_capacity(threads);
    let mut rest = rows;
    while rest.len() > per {
        let tail = rest.split_off(per);
        parts.push(rest);
        rest = tail;
    }
    parts.push(rest);
    std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| {
                s.spawn(move || {
                    part.into_iter()
                        .map(|r| Box::new(Entry::judge(r, policy, now)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// The dashboard.
#[derive(Debug)]
pub struct App {
    pub policy: Arc<Policy>,
    /// The policy file's problems while an edit is invalid (the old policy stays).
    pub policy_error: Option<String>,
    pub user: String,
    pub store_label: String,
    pub now: i64,
    /// Open jobs by id.
    /// Boxed: the map moves pointers, not whole jobs, as it grows.
    pub jobs: HashMap<i64, Box<Entry>>,
    /// The ids shown in the current view, in order.
    pub rows: Vec<i64>,
    pub tab: Tab,
    pub selected: Option<i64>,
    /// First row shown (scrolling).
    pub offset: usize,
    /// Rows that fit the list (set from the terminal size).
    pub page: usize,
    pub filter: String,
    pub editing_filter: bool,
    pub quick: Option<QuickFilter>,
    pub overlay: Overlay,
    pub status: Option<(Level, String)>,
    /// The selected job's events, once loaded.
    pub timeline: Option<(i64, Vec<EventRow>)>,
    pub quit: bool,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// No colours (`NO_COLOR`): symbols and bold carry the meaning.
    pub plain: bool,
    /// Per technician (`None`: unassigned): open, breached, at risk.
    pub tech_load: HashMap<Option<String>, [usize; 3]>,
    /// Header totals, counted when jobs change (see [`App::totals`]).
    totals: [usize; 5],
    /// When each job's judgement next changes, soonest first (may hold stale entries).
    schedule: BinaryHeap<Reverse<(i64, i64)>>,
    /// Jobs judged since the alert engine last looked (their crossings may be new).
    rejudged: Vec<i64>,
    /// Rows flashing for a fresh alert, until when.
    pub flash: HashMap<i64, i64>,
    /// The latest alert for this user (critical?, summary), shown beside the status.
    pub last_alert: Option<(bool, String)>,
    /// The Reports view.
    pub report: ReportState,
    /// Jobs the forecast expects to breach a clock: the worst such clock of each.
    pub forecast: HashMap<i64, Forecast>,
}

/// How long a row flashes after an alert.
pub const FLASH_SECS: i64 = 8;

/// A flash lasting until `until` is on at `now`: at most `FLASH_SECS` ahead, so a clock
/// set back (by hours, even) does not leave a row lit all that time.
fn flashing_at(until: i64, now: i64) -> bool {
    until > now && until - FLASH_SECS <= now
}

impl App {
    #[must_use]
    pub fn new(policy: Arc<Policy>, user: &str, store_label: &str, now: i64) -> Self {
        Self {
            policy,
            policy_error: None,
            user: user.to_owned(),
            store_label: store_label.to_owned(),
            now,
            jobs: HashMap::new(),
            rows: Vec::new(),
            tab: Tab::Queue,
            selected: None,
            offset: 0,
            page: 20,
            filter: String::new(),
            editing_filter: false,
            quick: None,
            overlay: Overlay::None,
            status: None,
            timeline: None,
            quit: false,
            size: (120, 40),
            plain: false,
            tech_load: HashMap::new(),
            totals: [0; 5],
            schedule: BinaryHeap::new(),
            rejudged: Vec::new(),
            flash: HashMap::new(),
            last_alert: None,
            report: ReportState::default(),
            forecast: HashMap::new(),
        }
    }

    /// Takes in fresh rows from the store: open jobs are (re)judged, resolved ones leave.
    pub fn absorb(&mut self, rows: Vec<JobRow>) {
        let (resolved, open): (Vec<JobRow>, Vec<JobRow>) =
            rows.into_iter().partition(|r| r.status == "resolved");
        for row in resolved {
            self.jobs.remove(&row.id);
        }
        for e in judge_all(open, &self.policy, self.now) {
            self.schedule.push(Reverse((e.next_change, e.row.id)));
            self.rejudged.push(e.row.id);
            self.jobs.insert(e.row.id, e);
        }
        self.refresh_rows();
    }

    /// Takes in jobs already judged (start-up reads and judges in parallel).
    #[allow(clippy::vec_box)] // see `judge_all`
    pub fn absorb_judged(&mut self, entries: Vec<Box<Entry>>) {
        // Room up front: growing the map would move every (large) entry again.
        self.jobs.reserve(entries.len());
        self.schedule.reserve(entries.len());
        self.rejudged.reserve(entries.len());
        for e in entries {
            self.schedule.push(Reverse((e.next_change, e.row.id)));
            self.rejudged.push(e.row.id);
            self.jobs.insert(e.row.id, e);
        }
        self.refresh_rows();
    }

    /// Judges again every job whose urgency changes by `now`, and those on screen.
    pub fn tick(&mut self, now: i64) {
        self.now = now;
        let visible: Vec<i64> = self
            .rows
            .iter()
            .skip(self.offset)
            .take(self.page + 1)
            .copied()
            .collect();
        let mut changed = false;
        // Only the jobs due for a change, from the schedule; entries made stale by a
        // later judgement (another instant) are dropped on the way.
        while let Some(&Reverse((at, id))) = self.schedule.peek() {
            if at > now {
                break;
            }
            self.schedule.pop();
            if let Some(e) = self.jobs.get_mut(&id)
                && e.next_change == at
            {
                let before = contribution(e);
                e.rejudge(&self.policy, now);
                adjust(&mut self.totals, before, contribution(e));
                self.schedule.push(Reverse((e.next_change, id)));
                self.rejudged.push(id);
                changed = true;
            }
        }
        for id in visible.into_iter().chain(self.selected) {
            if let Some(e) = self.jobs.get_mut(&id)
                && e.judged_at != now
            {
                let (before, next, crossed) = (contribution(e), e.next_change, e.crossed.len());
                e.rejudge(&self.policy, now);
                adjust(&mut self.totals, before, contribution(e));
                if e.next_change != next {
                    self.schedule.push(Reverse((e.next_change, id)));
                }
                if e.crossed.len() != crossed {
                    self.rejudged.push(id);
                }
            }
        }
        // Deadlines do not move with time, so the order stands; only a filter on
        // urgency can change which rows show.
        if changed && matches!(self.quick, Some(QuickFilter::Breached | QuickFilter::AtRisk)) {
            self.refresh_rows();
        } else if changed && self.tab == Tab::Technicians {
            self.count_tech_load();
        }
    }

    /// The alert engine's work for this tick: the crossings of the jobs judged since
    /// the last call (with their tiers), and the reminders due for this user.
    pub fn alert_work(&mut self) -> (Vec<(Due, String)>, Vec<Reminder>) {
        let mut dues = Vec::new();
        for id in self.rejudged.drain(..) {
            if let Some(e) = self.jobs.get(&id) {
                dues.extend(e.crossed.iter().map(|d| (*d, e.tier.clone())));
            }
        }
        let reminders = reminders(
            &self.policy,
            &self.user,
            self.jobs.values().map(|e| &e.row),
            self.now,
        );
        let now = self.now;
        self.flash.retain(|_, until| flashing_at(*until, now));
        (dues, reminders)
    }

    /// The row of `job` is flashing for a fresh alert now.
    #[must_use]
    pub fn flashing(&self, job: i64) -> bool {
        self.flash
            .get(&job)
            .is_some_and(|until| flashing_at(*until, self.now))
    }

    /// Judges every job again (the policy changed).
    pub fn rejudge_all(&mut self) {
        self.schedule.clear();
        self.rejudged.clear();
        for e in self.jobs.values_mut() {
            e.rejudge(&self.policy, self.now);
            self.schedule.push(Reverse((e.next_change, e.row.id)));
            self.rejudged.push(e.row.id);
        }
        self.refresh_rows();
    }

    fn matches(&self, e: &Entry) -> bool {
        let ok = match self.quick {
            None => true,
            Some(QuickFilter::Breached) => e.breached(),
            Some(QuickFilter::AtRisk) => e.at_risk(),
            Some(QuickFilter::Mine) => e
                .row
                .technician
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case(&self.user)),
            Some(QuickFilter::Unassigned) => e.row.technician.is_none(),
            Some(QuickFilter::Forecast) => self.forecast.contains_key(&e.row.id),
        };
        if !ok {
            return false;
        }
        let f = self.filter.trim().to_lowercase();
        if f.is_empty() {
            return true;
        }
        let r = &e.row;
        r.id.to_string() == f.trim_start_matches('#')
            || r.customer.to_lowercase().contains(&f)
            || r.summary.to_lowercase().contains(&f)
            || r.technician
                .as_deref()
                .is_some_and(|t| t.to_lowercase().contains(&f))
            || r.asset.as_deref().is_some_and(|t| t.to_lowercase().contains(&f))
    }

    /// Recomputes the rows of the current view, keeping the selection on its job.
    pub fn refresh_rows(&mut self) {
        // Where the selection was, for when its job leaves the view (resolved, filtered).
        let was_at = self.cursor();
        self.count_totals();
        let mut list: Vec<&Entry> = self
            .jobs
            .values()
            .map(AsRef::as_ref)
            .filter(|e| self.matches(e))
            .collect();
        match self.tab {
            Tab::Escalations => {
                list.retain(|e| e.row.escalation_level > 0);
                list.sort_by_key(|e| (!e.unacked(), e.row.escalated_at.unwrap_or(i64::MAX), e.row.id));
            }
            Tab::Technicians => list.sort_by(|a, b| {
                let ta = a.row.technician.as_deref().map(str::to_lowercase);
                let tb = b.row.technician.as_deref().map(str::to_lowercase);
                // Unassigned jobs at the bottom.
                (ta.is_none(), ta, a.due()).cmp(&(tb.is_none(), tb, b.due()))
            }),
            // Keys first, then one sort of small tuples: comparing the (large, scattered)
            // jobs themselves is the slow part with 100,000 of them.
            Tab::Queue | Tab::Reports => list.sort_by_cached_key(|e| e.due()),
        }
        self.rows = list.iter().map(|e| e.row.id).collect();
        if self.tab == Tab::Technicians {
            self.count_tech_load();
        }
        if self.selected.is_none_or(|s| !self.rows.contains(&s)) {
            let keep = was_at.min(self.rows.len().saturating_sub(1));
            self.selected = self.rows.get(keep).copied();
        }
        self.scroll_into_view();
    }

    /// Open, breached and at-risk jobs per technician, for the technicians view.
    fn count_tech_load(&mut self) {
        let mut load: HashMap<Option<String>, [usize; 3]> = HashMap::new();
        for e in self.jobs.values() {
            let l = load.entry(e.row.technician.clone()).or_default();
            l[0] += 1;
            l[1] += usize::from(e.breached());
            l[2] += usize::from(e.at_risk());
        }
        self.tech_load = load;
    }

    /// Position of the selection in `rows`.
    #[must_use]
    pub fn cursor(&self) -> usize {
        self.selected
            .and_then(|s| self.rows.iter().position(|r| *r == s))
            .unwrap_or(0)
    }

    pub fn select_index(&mut self, i: usize) {
        if self.rows.is_empty() {
            self.selected = None;
            return;
        }
        let i = i.min(self.rows.len() - 1);
        self.selected = Some(self.rows[i]);
        self.scroll_into_view();
    }

    fn scroll_into_view(&mut self) {
        let c = self.cursor();
        let page = self.page.max(1);
        if c < self.offset {
            self.offset = c;
        } else if c >= self.offset + page {
            self.offset = c + 1 - page;
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(page));
    }

    #[must_use]
    pub fn selected_entry(&self) -> Option<&Entry> {
        self.selected.and_then(|id| self.jobs.get(&id)).map(AsRef::as_ref)
    }

    pub fn info(&mut self, msg: impl Into<String>) {
        self.status = Some((Level::Info, msg.into()));
    }

    pub fn error(&mut self, msg: impl Into<String>) {
        self.status = Some((Level::Error, msg.into()));
    }

    /// Totals for the header: open, breached, at risk, paused, unacknowledged escalations.
    #[must_use]
    pub fn totals(&self) -> [usize; 5] {
        self.totals
    }

    /// Counts the totals again (after jobs were judged or changed), so drawing a frame
    /// does not walk every job.
    fn count_totals(&mut self) {
        let mut t = [0; 5];
        for e in self.jobs.values() {
            adjust(&mut t, [0; 5], contribution(e));
        }
        self.totals = t;
    }
}
