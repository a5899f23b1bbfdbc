//! What slawatch serves to the systems around the desk: webhooks out.

pub mod webhooks;
