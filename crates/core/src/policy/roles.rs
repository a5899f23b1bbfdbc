//! Who may do what: acknowledging and escalating are limited to the roles the policy
//! names, so a refusal can say which role is needed and who holds it.

use super::Policy;

impl Policy {
    /// Whether `user` holds one of `roles` (always true without a `[roles]` table, or when
    /// `roles` is empty).
    #[must_use]
    pub fn user_has_role(&self, user: &str, roles: &[String]) -> bool {
        self.roles.is_empty()
            || roles.is_empty()
            || roles
                .iter()
                .filter_map(|r| self.roles.get(r))
                .any(|people| people.iter().any(|p| crate::job::identity::same(p, user)))
    }

    /// Whether `user` may acknowledge an escalation at `level`: the level's `ack` roles,
    /// else its `notify` roles; a level the chain does not define is the top's. Anyone
    /// without `[roles]`; with roles but no chain, only someone holding a role.
    ///
    /// # Errors
    /// The refusal: the role needed, the roles the user has, and who could do it.
    pub fn may_acknowledge(&self, user: &str, level: i64) -> Result<(), String> {
        let Some(l) = self.level_in_force(level) else {
            let all: Vec<String> = self.roles.keys().cloned().collect();
            if self.user_has_role(user, &all) {
                return Ok(());
            }
            return Err(self.refusal(user, &format!("acknowledging a level-{level} escalation"), &all));
        };
        let needed = if l.ack.is_empty() { &l.notify } else { &l.ack };
        if self.user_has_role(user, needed) {
            return Ok(());
        }
        Err(self.refusal(
            user,
            &format!("acknowledging a level-{level} escalation ({})", l.name),
            needed,
        ))
    }

    /// Whether `user` may escalate a job to `level`: the level's `escalate` roles, else
    /// anyone holding a role of the chain (a dispatcher raises a job to the on-call
    /// manager, a technician without a role may not); anyone without `[roles]` or without
    /// an escalation chain.
    ///
    /// # Errors
    /// The refusal: the role needed, the roles the user has, and who could do it.
    pub fn may_escalate(&self, user: &str, level: i64) -> Result<(), String> {
        let own = self.escalation.iter().find(|l| i64::from(l.level) == level);
        let needed: Vec<String> = match own {
            Some(l) if !l.escalate.is_empty() => l.escalate.clone(),
            _ => {
                let mut roles: Vec<String> = Vec::new();
                for l in &self.escalation {
                    for r in l.notify.iter().chain(&l.ack) {
                        if !roles.contains(r) {
                            roles.push(r.clone());
                        }
                    }
                }
                roles
            }
        };
        if self.user_has_role(user, &needed) {
            return Ok(());
        }
        let what = match own {
            Some(l) => format!("escalating to level {} ({})", l.level, l.name),
            None => format!("escalating to level {level}"),
        };
        Err(self.refusal(user, &what, &needed))
    }

    /// "`doing` needs the role …; `user` has …: ask …, or add `user` to that role".
    fn refusal(&self, user: &str, doing: &str, needed: &[String]) -> String {
        let has: Vec<&str> = self
            .roles
            .iter()
            .filter(|(_, people)| people.iter().any(|p| crate::job::identity::same(p, user)))
            .map(|(r, _)| r.as_str())
            .collect();
        let could: Vec<&str> = needed
            .iter()
            .filter_map(|r| self.roles.get(r))
            .flatten()
            .map(String::as_str)
            .collect();
        format!(
            "{doing} needs the role {}; {user} has {} — ask {}, or add {user} to that role under [roles]",
            needed.join(" or "),
            if has.is_empty() {
                "no role".to_owned()
            } else {
                format!("only {}", has.join(", "))
            },
            if could.is_empty() {
                "an administrator".to_owned()
            } else {
                could.join(" or ")
            },
        )
    }
}
