//! Overlays over the main view: help, explanations, confirmations, prompts, pickers
//! and the new-job form. Each consumes the keys while it is open.

use slawatch_core::job::{JobAction, NewJob};
use slawatch_core::policy::{JobKey, Policy};
use slawatch_core::sla::{JobInput, evaluate_job};
use slawatch_core::time::shown::human;

pub use super::form_names::KnownNames;

/// What a text prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextPurpose {
    Note,
    Ack,
    Escalate {
        level: i64,
    },
    Technician,
    PauseNote {
        reason: String,
    },
    /// The reason for taking back event `event`.
    Revoke {
        event: i64,
    },
    /// The reason for cancelling the job.
    Cancel,
}

/// What a picker chooses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickPurpose {
    PauseReason,
    Technician,
    Priority,
    EscalateLevel,
}

/// The open overlay.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    None,
    /// The key help, scrolled by `scroll` lines (small terminals).
    Help {
        scroll: u16,
    },
    Explain {
        job: i64,
        lines: Vec<String>,
    },
    /// The selected job's detail over the whole body.
    Detail,
    Confirm {
        job: i64,
        title: String,
        body: Vec<String>,
        action: JobAction,
    },
    Text {
        job: i64,
        title: String,
        hint: String,
        input: String,
        purpose: TextPurpose,
    },
    Pick {
        job: i64,
        title: String,
        items: Vec<(String, String)>,
        index: usize,
        purpose: PickPurpose,
    },
    NewJob(Box<NewJobForm>),
    /// The held mail under the Mail view's cursor, whole.
    MailDetail,
    /// The customer of held mail `held`, typed with completion and a did-you-mean.
    AssignMail {
        held: i64,
        input: String,
        hint: String,
    },
}

/// The fields of the new-job form, in order.
pub const FIELDS: [&str; 7] = [
    "customer",
    "priority",
    "type",
    "asset",
    "site",
    "technician",
    "summary",
];

/// The new-job form: what is typed, which field has focus, and what would happen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewJobForm {
    pub values: [String; 7],
    pub focus: usize,
    /// Problem per field, shown beside it.
    pub errors: [Option<String>; 7],
    /// The tier and deadlines the job would get, or why it cannot be logged.
    pub preview: Vec<String>,
    /// Whether saving would succeed.
    pub valid: bool,
    /// Fields typed in, and whether saving was tried: only then are problems shown.
    pub touched: [bool; 7],
    pub tried: bool,
    /// The store's names beside the policy's, for completion and the typo check.
    pub known: KnownNames,
    /// Per field, a value confirmed as new although close to a known name.
    pub confirmed: [Option<String>; 7],
    /// Per field, the value a did-you-mean was shown for on the last Enter.
    pub warned: [Option<String>; 7],
}

impl NewJobForm {
    /// The problem of field `i`, once it is worth showing.
    #[must_use]
    pub fn shown_error(&self, i: usize) -> Option<&str> {
        (self.touched[i] || self.tried)
            .then(|| self.errors[i].as_deref())
            .flatten()
    }

    /// The job as typed.
    #[must_use]
    pub fn job(&self) -> NewJob {
        let opt = |s: &String| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        NewJob {
            customer: self.values[0].trim().to_owned(),
            priority: self.values[1].trim().to_owned(),
            job_type: opt(&self.values[2]),
            asset: opt(&self.values[3]),
            site: opt(&self.values[4]),
            technician: opt(&self.values[5]),
            summary: self.values[6].trim().to_owned(),
            contract: None,
            at: None,
        }
    }

    /// Validates what is typed and previews the tier and deadlines at `now`.
    pub fn check(&mut self, policy: &Policy, now: i64) {
        self.errors = Default::default();
        self.preview.clear();
        let job = self.job();
        if job.customer.is_empty() {
            self.errors[0] = Some("required".to_owned());
        }
        if job.priority.is_empty() {
            self.errors[1] = Some("required".to_owned());
        } else if let Err(e) = policy.check_priority(&job.priority) {
            self.errors[1] = Some(e.to_string());
        }
        if job.summary.is_empty() {
            self.errors[6] = Some("required: say in a few words what is wrong".to_owned());
        }
        // The same limits as the command line and import (src/limits.rs).
        for (i, value) in self.values.iter().enumerate() {
            let max = if i == 6 {
                slawatch_core::job::limits::SUMMARY_MAX
            } else {
                slawatch_core::job::limits::NAME_MAX
            };
            if let Err(e) = slawatch_core::job::limits::check(&format!("the {}", FIELDS[i]), value, max) {
                self.errors[i] = Some(e);
            }
        }
        if self.errors[0].is_none() && self.errors[1].is_none() {
            let key = JobKey {
                customer: &job.customer,
                priority: &job.priority,
                job_type: job.job_type.as_deref(),
                asset: job.asset.as_deref(),
                contract: None,
                at: now,
            };
            match policy.match_job(&key) {
                Err(e) => self.errors[0] = Some(e.to_string()),
                Ok(m) => {
                    self.preview.push(m.describe());
                    let input = JobInput {
                        customer: &job.customer,
                        priority: &job.priority,
                        job_type: job.job_type.as_deref(),
                        asset: job.asset.as_deref(),
                        contract: None,
                        created_at: now,
                        events: &[],
                    };
                    if let Ok(sla) = evaluate_job(policy, &input, now) {
                        for c in &sla.clocks {
                            self.preview.push(format!(
                                "{:<8} {:<6} due {}",
                                c.kind.name(),
                                c.window.to_string(),
                                c.deadline
                                    .map_or_else(|| "—".to_owned(), |d| human(d, &policy.display_tz))
                            ));
                        }
                    }
                }
            }
        }
        self.check_names(policy);
        self.valid = self.errors.iter().all(Option::is_none);
    }
}
