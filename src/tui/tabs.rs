//! The dashboard's views (tabs) and its one-key filters: their names as shown.

/// The views, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Queue,
    Escalations,
    Technicians,
    Reports,
    /// The recently resolved and cancelled jobs (and any found by id): reopen works here.
    Closed,
    /// The held mail, waiting for a dispatcher to make its job.
    Mail,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Queue,
        Tab::Escalations,
        Tab::Technicians,
        Tab::Reports,
        Tab::Closed,
        Tab::Mail,
    ];

    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Tab::Queue => "Queue",
            Tab::Escalations => "Escalations",
            Tab::Technicians => "Technicians",
            Tab::Reports => "Reports",
            Tab::Closed => "Closed",
            Tab::Mail => "Mail",
        }
    }

    /// The title where 80 columns must hold every tab and the count.
    #[must_use]
    pub fn short_title(self) -> &'static str {
        match self {
            Tab::Escalations => "Escal",
            Tab::Technicians => "Techs",
            other => other.title(),
        }
    }
}

/// One-key filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuickFilter {
    Breached,
    /// Past a warning threshold (the forecast's "at risk" is [`QuickFilter::Forecast`]).
    Warning,
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
            QuickFilter::Warning => "warning",
            QuickFilter::Mine => "mine",
            QuickFilter::Unassigned => "unassigned",
            QuickFilter::Forecast => "at risk",
        }
    }
}
