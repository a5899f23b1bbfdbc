//! The dashboard's state. Changed only by `update`; drawn only by `view`.

use std::collections::{HashMap, HashSet};

use crate::intake::mail::held::{HeldState, HeldView};
use std::sync::Arc;

use super::overlay::Overlay;
use super::prefs::Prefs;
use super::reports::ReportState;
use slawatch_core::alerts::{Due, Reminder, reminders};
use slawatch_core::board::{Board, Entry, TechRow, Totals, closed_at, tech_table};
use slawatch_core::job::{EventRow, Job};
use slawatch_core::policy::Policy;
use slawatch_core::report::forecast::Forecast;

pub use super::tabs::{QuickFilter, Tab};

/// How a status message reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

/// The alert beside the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastAlert {
    pub critical: bool,
    pub text: String,
    pub job: Option<i64>,
    /// About an escalation (or a reminder of one): an acknowledgement answers it.
    pub escalation: bool,
}

impl LastAlert {
    /// `job` (fresh from the store) answers the alert: resolved or cancelled, or the
    /// escalation it announced acknowledged.
    #[must_use]
    pub fn answered_by(&self, job: &Job) -> bool {
        self.job == Some(job.id)
            && (!job.status.is_tracked() || (self.escalation && job.acked_level >= job.escalation_level))
    }
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
    /// The open jobs judged at `now`.
    pub board: Board,
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
    /// Escalations view: only the unacknowledged ones.
    pub unacked_only: bool,
    /// Escalations view: only this level of the chain.
    pub level_only: Option<i64>,
    pub overlay: Overlay,
    pub status: Option<(Level, String)>,
    /// The selected job's events, once loaded.
    pub timeline: Option<(i64, Vec<EventRow>)>,
    pub quit: bool,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// No colours (`NO_COLOR`): symbols and bold carry the meaning.
    pub plain: bool,
    /// Per technician (`None`: unassigned), counted for the technicians view.
    /// The technicians view: one row per technician (the unassigned work first), and
    /// the row the cursor is on. Its jobs are `rows`; the most urgent one is selected.
    pub techs: Vec<TechRow>,
    pub tech_cursor: usize,
    /// The store's active technicians: the free ones have no open job to show them by.
    pub known_techs: Vec<String>,
    /// The forecast's business seconds of work queued per technician (`None` before
    /// its first run).
    pub queued: Option<HashMap<String, i64>>,
    /// Rows flashing for a fresh alert, until when.
    pub flash: HashMap<i64, i64>,
    /// The latest alert for this user, shown beside the status until its job is dealt with.
    pub last_alert: Option<LastAlert>,
    /// The Reports view.
    pub report: ReportState,
    /// Jobs the forecast expects to breach a clock: the worst such clock of each.
    pub forecast: HashMap<i64, Forecast>,
    /// The user's settings (config.toml) and this session's sort and last search.
    pub prefs: Prefs,
    /// The held mail, oldest first, as the store last had it (the Mail view).
    pub held: Vec<HeldView>,
    /// How many mails are held in all (`held` lists the oldest of them).
    pub held_total: usize,
    /// The Mail view's row under the cursor.
    pub mail_cursor: usize,
    /// Closed jobs a customer replied to by mail since (flagged until reopened).
    pub replied: HashSet<i64>,
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
            board: Board::default(),
            rows: Vec::new(),
            tab: Tab::Queue,
            selected: None,
            offset: 0,
            page: 20,
            filter: String::new(),
            editing_filter: false,
            quick: None,
            unacked_only: false,
            level_only: None,
            overlay: Overlay::None,
            status: None,
            timeline: None,
            quit: false,
            size: (120, 40),
            plain: false,
            techs: Vec::new(),
            tech_cursor: 0,
            known_techs: Vec::new(),
            queued: None,
            flash: HashMap::new(),
            last_alert: None,
            report: ReportState::default(),
            forecast: HashMap::new(),
            prefs: Prefs::default(),
            held: Vec::new(),
            held_total: 0,
            mail_cursor: 0,
            replied: HashSet::new(),
        }
    }

    /// Takes in fresh rows from the store: open jobs are (re)judged, resolved ones leave.
    pub fn absorb(&mut self, rows: Vec<Job>) {
        self.board
            .absorb(rows, &self.policy, self.now, slawatch_store::cores());
        self.refresh_rows();
    }

    /// Takes in jobs already judged (start-up reads and judges in parallel).
    #[allow(clippy::vec_box)] // see `judge_all`
    pub fn absorb_judged(&mut self, entries: Vec<Box<Entry>>) {
        self.board.absorb_judged(entries);
        self.refresh_rows();
    }

    /// Judges again every job whose urgency changes by `now`, and those on screen.
    /// Also called at the same `now` when other rows come on screen (scrolling, a
    /// tab), so no row shows a countdown judged before it scrolled away.
    pub fn tick(&mut self, now: i64) {
        self.now = now;
        let visible: Vec<i64> = self
            .rows
            .iter()
            .skip(self.offset)
            .take(self.page + 1)
            .copied()
            .chain(self.selected)
            .collect();
        let changed = self.board.tick(&self.policy, now, &visible);
        // Business time left runs at different speeds on different calendars (one
        // closed for the night, one 24x7), so rows on screen may pass each other: the
        // list is sorted again when they did, and when a filter on urgency may now
        // show other rows.
        let filtered = changed && matches!(self.quick, Some(QuickFilter::Breached | QuickFilter::Warning));
        // The technicians table counts what just changed too.
        let techs = changed && self.tab == Tab::Technicians;
        if filtered || techs || !self.on_screen_in_order() {
            self.refresh_rows();
        }
    }

    /// The queue's rows on screen are still in the order of what they show.
    fn on_screen_in_order(&self) -> bool {
        if !matches!(self.tab, Tab::Queue | Tab::Reports) {
            return true;
        }
        let on_screen = self
            .rows
            .iter()
            .skip(self.offset)
            .take(self.page + 1)
            .filter_map(|id| self.board.jobs.get(id).map(AsRef::as_ref));
        super::sort::in_order(on_screen, self.prefs.sort)
    }

    /// The alert engine's work for this tick: the crossings of the jobs judged since
    /// the last call (with their tiers), and the reminders due for this user.
    pub fn alert_work(&mut self) -> (Vec<(Due, String)>, Vec<Reminder>) {
        let dues = self.board.take_crossings();
        let reminders = reminders(
            &self.policy,
            &self.user,
            self.board.jobs.values().map(|e| &e.row),
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
        self.board.rejudge_all(&self.policy, self.now);
        self.refresh_rows();
    }

    fn matches(&self, e: &Entry) -> bool {
        // The quick filters judge open clocks; the closed jobs have none running.
        let quick = if self.tab == Tab::Closed { None } else { self.quick };
        let ok = match quick {
            None => true,
            Some(QuickFilter::Breached) => e.breached(),
            Some(QuickFilter::Warning) => e.at_risk(),
            Some(QuickFilter::Mine) => e
                .row
                .technician
                .as_deref()
                .is_some_and(|t| slawatch_core::job::identity::same(t, &self.user)),
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
        super::search::matches(&e.row, &f)
    }

    /// Recomputes the rows of the current view, keeping the selection on its job.
    pub fn refresh_rows(&mut self) {
        // Where the selection was, for when its job leaves the view (resolved, filtered).
        let was_at = self.cursor();
        let tech = if self.tab == Tab::Technicians {
            self.refresh_techs()
        } else {
            None
        };
        let source = if self.tab == Tab::Closed {
            &self.board.closed.jobs
        } else {
            &self.board.jobs
        };
        // The technicians view lists the jobs of the technician under the cursor (its
        // filter picked the technicians); the others, the jobs the filters keep.
        let of_tech = |e: &Entry| match (&tech, e.row.technician.as_deref()) {
            (Some(None), None) => true,
            (Some(Some(t)), Some(r)) => slawatch_core::job::identity::same(t, r),
            _ => false,
        };
        let mut list: Vec<&Entry> = source
            .values()
            .map(AsRef::as_ref)
            .filter(|e| {
                if self.tab == Tab::Technicians {
                    of_tech(e)
                } else {
                    self.matches(e)
                }
            })
            .collect();
        match self.tab {
            Tab::Escalations => {
                list.retain(|e| {
                    e.row.escalation_level > 0
                        && (!self.unacked_only || e.unacked())
                        && self.level_only.is_none_or(|l| e.row.escalation_level == l)
                });
                // Waiting for someone first, the highest level first (a level-2 job
                // is not buried under level 1), the longest waiting first.
                list.sort_by_key(|e| {
                    (
                        !e.unacked(),
                        std::cmp::Reverse(e.row.escalation_level),
                        e.row.escalated_at.unwrap_or(i64::MAX),
                        e.row.id,
                    )
                });
            }
            // Most urgent first.
            Tab::Technicians => list.sort_by_cached_key(|e| e.due()),
            Tab::Queue | Tab::Reports => super::sort::order(&mut list, self.prefs.sort),
            // The latest closed first.
            // The Mail view lists held mail, not jobs.
            Tab::Mail => list.clear(),
            Tab::Closed => {
                list.sort_by_key(|e| (std::cmp::Reverse(closed_at(&e.row)), std::cmp::Reverse(e.row.id)))
            }
        }
        self.rows = list.iter().map(|e| e.row.id).collect();
        if self.tab == Tab::Technicians {
            // The technician's most urgent job: what a move hands on.
            self.selected = self.rows.first().copied();
        }
        if self.selected.is_none_or(|s| !self.rows.contains(&s)) {
            let keep = was_at.min(self.rows.len().saturating_sub(1));
            self.selected = self.rows.get(keep).copied();
        }
        self.scroll_into_view();
    }

    /// The technicians table again, the cursor kept on its technician (by name; on the
    /// same position when they left); the name under the cursor (`Some(None)`: the
    /// unassigned work), `None` when the table is empty. The text filter keeps the
    /// technicians whose name holds it.
    fn refresh_techs(&mut self) -> Option<Option<String>> {
        let was = self.techs.get(self.tech_cursor).map(|t| t.name.clone());
        let mut techs = tech_table(&self.board, &self.known_techs, self.queued.as_ref());
        let f = self.filter.trim().to_lowercase();
        if !f.is_empty() {
            techs.retain(|t| {
                t.name
                    .as_deref()
                    .unwrap_or("unassigned")
                    .to_lowercase()
                    .contains(&f)
            });
        }
        if let Some(i) = was.and_then(|w| techs.iter().position(|t| t.name == w)) {
            self.tech_cursor = i;
        }
        self.tech_cursor = self.tech_cursor.min(techs.len().saturating_sub(1));
        self.techs = techs;
        self.techs.get(self.tech_cursor).map(|t| t.name.clone())
    }

    /// The first row of the technicians table on screen: the cursor's row stays in view.
    #[must_use]
    pub fn first_tech_shown(&self) -> usize {
        self.tech_cursor.saturating_sub(self.page.max(1) - 1)
    }

    /// Moves the technicians view's cursor to row `i` (clamped).
    pub fn select_tech(&mut self, i: usize) {
        self.tech_cursor = i.min(self.techs.len().saturating_sub(1));
        self.refresh_rows();
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
        self.selected.and_then(|id| self.entry(id))
    }

    /// Job `id`, open or recently closed.
    #[must_use]
    pub fn entry(&self, id: i64) -> Option<&Entry> {
        self.board
            .jobs
            .get(&id)
            .or_else(|| self.board.closed.jobs.get(&id))
            .map(AsRef::as_ref)
    }

    /// Takes in the held mail fresh from the store, the cursor kept in range.
    pub fn absorb_mail(&mut self, state: HeldState) {
        self.held = state.held;
        self.held_total = state.total.max(self.held.len());
        self.mail_cursor = self.mail_cursor.min(self.held.len().saturating_sub(1));
        self.replied = state.replied.into_iter().collect();
    }

    /// The held mail under the Mail view's cursor.
    #[must_use]
    pub fn held_selected(&self) -> Option<&HeldView> {
        self.held.get(self.mail_cursor)
    }

    pub fn info(&mut self, msg: impl Into<String>) {
        self.status = Some((Level::Info, msg.into()));
    }

    pub fn error(&mut self, msg: impl Into<String>) {
        self.status = Some((Level::Error, msg.into()));
    }

    /// Totals for the header.
    #[must_use]
    pub fn totals(&self) -> Totals {
        self.board.totals()
    }
}
