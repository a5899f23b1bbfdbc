//! What a key asks for, as one enum: the key tables in `keys.rs` map presses to these.

use super::tabs::{QuickFilter, Tab};

/// What a key asks for, before it is checked against the current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAction {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextTab,
    PrevTab,
    GoTab(Tab),
    Filter,
    ClearFilter,
    Quick(QuickFilter),
    Explain,
    /// The selected job's clocks and timeline over the whole body (the only way to see
    /// them where the terminal has no room for the detail pane).
    Detail,
    Help,
    Quit,
    New,
    Respond,
    Attend,
    Resolve,
    Reopen,
    PauseResume,
    Assign,
    Priority,
    Note,
    Escalate,
    Ack,
    /// Take back the user's own last action on the selected job.
    Undo,
    /// Cancel the selected job (a duplicate or a mistake).
    Cancel,
    /// Hand the selected job on to another technician, the freest offered first.
    Move,
    /// Escalations view: only the unacknowledged ones, or all.
    EscalationsUnacked,
    /// Escalations view: the next level to show alone (then all again).
    EscalationsLevel,
    /// Reports view: the previous (-1) or next (+1) range.
    ReportRange(isize),
    /// Reports view: the next grouping.
    ReportBy,
    /// Reports view: write the report shown to an HTML file.
    ReportExport,
    /// Reports view: compute again (new jobs, time passed).
    ReportRefresh,
    /// Copy the selected job's id to the clipboard (OSC 52).
    Copy,
    /// Queue: sort by the next column.
    SortNext,
    /// Queue: reverse the sort.
    SortReverse,
    /// The next job matching the last `/` text.
    SearchNext,
    /// The previous job matching the last `/` text.
    SearchPrev,
    /// Mail view: make the held mail's job for a customer.
    AssignMail,
}
