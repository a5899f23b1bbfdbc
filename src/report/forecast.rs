//! The breach forecast: when each open job will likely be done, from history.
