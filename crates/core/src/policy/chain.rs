//! The escalation chain as the levels the policy defines: a job can only reach one of
//! them, and a job found at a level the policy no longer defines (an older store, a
//! level removed from the file) is treated as being at the top, so its acknowledgement
//! still needs the top's role and its reminders still go out.

use super::{EscalationLevel, Policy};

impl Policy {
    /// The defined level `n`, if any.
    #[must_use]
    pub fn chain_level(&self, n: i64) -> Option<&EscalationLevel> {
        self.escalation.iter().find(|l| i64::from(l.level) == n)
    }

    /// The highest defined level.
    #[must_use]
    pub fn top_level(&self) -> Option<&EscalationLevel> {
        self.escalation.iter().max_by_key(|l| l.level)
    }

    /// The level whose roles and reminders apply to a job at level `n`: `n` itself, or
    /// the top of the chain when `n` is above every defined level or not defined.
    #[must_use]
    pub fn level_in_force(&self, n: i64) -> Option<&EscalationLevel> {
        if n <= 0 {
            return None;
        }
        self.chain_level(n).or_else(|| self.top_level())
    }

    /// The defined levels above `n`, lowest first: where a job at `n` can go.
    #[must_use]
    pub fn levels_above(&self, n: i64) -> Vec<&EscalationLevel> {
        let mut up: Vec<&EscalationLevel> = self
            .escalation
            .iter()
            .filter(|l| i64::from(l.level) > n)
            .collect();
        up.sort_by_key(|l| l.level);
        up
    }

    /// `2 (on-call manager)`, or `9 (not in the chain)`.
    #[must_use]
    pub fn level_label(&self, n: i64) -> String {
        match self.chain_level(n) {
            Some(l) => format!("{n} ({})", l.name),
            None => format!("{n} (not in the escalation chain)"),
        }
    }

    /// The chain in words: `1 (dispatch), 2 (on-call manager)`.
    #[must_use]
    pub fn chain_text(&self) -> String {
        let mut levels: Vec<&EscalationLevel> = self.escalation.iter().collect();
        levels.sort_by_key(|l| l.level);
        levels
            .iter()
            .map(|l| format!("{} ({})", l.level, l.name))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Where escalating a job at `current` to `asked` (the next level when `None`) goes.
    ///
    /// # Errors
    /// Why not: no chain, a level the policy does not define, not above the current
    /// one, or already at the top.
    pub fn escalation_target(&self, current: i64, asked: Option<i64>) -> Result<&EscalationLevel, String> {
        if self.escalation.is_empty() {
            return Err(
                "the policy defines no escalation chain — add [[escalation.levels]] to sla.toml (see sla.toml.example)"
                    .to_owned(),
            );
        }
        match asked {
            None => self.levels_above(current).first().copied().ok_or_else(|| {
                format!(
                    "it is already at level {}, the top of the escalation chain ({}) — there is no higher level to escalate to",
                    self.level_label(current),
                    self.chain_text()
                )
            }),
            Some(n) => {
                let Some(l) = self.chain_level(n) else {
                    return Err(format!(
                        "level {n} is not in the escalation chain — the policy defines {}",
                        self.chain_text()
                    ));
                };
                if n <= current {
                    let above = self.levels_above(current);
                    return Err(format!(
                        "it is already escalated to level {} — {}",
                        self.level_label(current),
                        match above.first() {
                            Some(next) => format!("escalate to a higher level ({})", self.level_label(i64::from(next.level))),
                            None => "that is the top of the escalation chain".to_owned(),
                        }
                    ));
                }
                Ok(l)
            }
        }
    }
}
