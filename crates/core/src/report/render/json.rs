//! The JSON report: the report's own fields, with every instant as RFC 3339 in the
//! display zone (as `list --json`, `show --json` and `export` write them) and every
//! duration as whole seconds. Written straight from the report, not through a
//! `serde_json::Value` of it (which took five times the report's memory).

use chrono_tz::Tz;
use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::{Correction, Evidence};
use crate::report::{Breach, Report};
use crate::time::instant::rfc3339;

/// `report` and `evidence` as one pretty JSON document.
pub(super) fn render(r: &Report, ev: &Evidence, tz: &Tz) -> String {
    let doc = Doc {
        report: Zoned(r, tz),
        evidence: Zoned(ev, tz),
    };
    crate::text::json_safe(serde_json::to_string_pretty(&doc).unwrap_or_default()) + "\n"
}

/// The report alone as JSON, as `render` writes it under `report` (the dashboard's
/// Reports tab and the command agree on it).
#[must_use]
pub fn report_json(r: &Report, tz: &Tz) -> String {
    serde_json::to_string(&Zoned(r, tz)).unwrap_or_default()
}

#[derive(serde::Serialize)]
struct Doc<'a> {
    report: Zoned<'a, Report>,
    evidence: Zoned<'a, Evidence>,
}

/// A part of the report with the zone its instants are written in.
struct Zoned<'a, T>(&'a T, &'a Tz);

/// Items of a list, each with the zone.
struct ZonedList<'a, T>(&'a [T], &'a Tz);

impl<'a, T> Serialize for ZonedList<'a, T>
where
    Zoned<'a, T>: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|x| Zoned(x, self.1)))
    }
}

impl Serialize for Zoned<'_, Report> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Every field named: one added to Report must be written here too.
        let Report {
            from,
            to,
            judged_at,
            zone,
            by,
            jobs,
            groups,
            total,
            breaches,
            credits,
            weekly,
            daily_breaches,
            policy_hashes,
            unjudged,
            cancelled,
        } = self.0;
        let tz = self.1;
        let mut m = s.serialize_struct("Report", 15)?;
        m.serialize_field("from", &rfc3339(*from, tz))?;
        m.serialize_field("to", &rfc3339(*to, tz))?;
        m.serialize_field("judged_at", &rfc3339(*judged_at, tz))?;
        m.serialize_field("zone", zone)?;
        m.serialize_field("by", by)?;
        m.serialize_field("jobs", jobs)?;
        m.serialize_field("groups", groups)?;
        m.serialize_field("total", total)?;
        m.serialize_field("breaches", &ZonedList(breaches, tz))?;
        m.serialize_field("credits", credits)?;
        m.serialize_field("weekly", weekly)?;
        m.serialize_field("daily_breaches", daily_breaches)?;
        m.serialize_field("policy_hashes", policy_hashes)?;
        m.serialize_field("unjudged", unjudged)?;
        m.serialize_field("cancelled", cancelled)?;
        m.end()
    }
}

impl Serialize for Zoned<'_, Breach> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Every field named: one added to Breach must be written here too.
        let Breach {
            job,
            customer,
            contract,
            priority,
            tier,
            clock,
            state,
            logged,
            deadline,
            target,
            actual,
            overrun,
            technician,
            paused,
        } = self.0;
        let tz = self.1;
        let mut m = s.serialize_struct("Breach", 14)?;
        m.serialize_field("job", job)?;
        m.serialize_field("customer", customer)?;
        m.serialize_field("contract", contract)?;
        m.serialize_field("priority", priority)?;
        m.serialize_field("tier", tier)?;
        m.serialize_field("clock", clock)?;
        m.serialize_field("state", state)?;
        m.serialize_field("logged", &rfc3339(*logged, tz))?;
        m.serialize_field("deadline", &deadline.map(|t| rfc3339(t, tz)))?;
        m.serialize_field("target", target)?;
        m.serialize_field("actual", actual)?;
        m.serialize_field("overrun", overrun)?;
        m.serialize_field("technician", technician)?;
        m.serialize_field("paused", paused)?;
        m.end()
    }
}

impl Serialize for Zoned<'_, Evidence> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Every field named: one added to Evidence must be written here too.
        let Evidence {
            chain_ok,
            chain,
            chain_head,
            generated_at,
            filters,
            corrections,
        } = self.0;
        let tz = self.1;
        let mut m = s.serialize_struct("Evidence", 6)?;
        m.serialize_field("chain_ok", chain_ok)?;
        m.serialize_field("chain", chain)?;
        m.serialize_field("chain_head", chain_head)?;
        m.serialize_field("generated_at", &rfc3339(*generated_at, tz))?;
        m.serialize_field("filters", filters)?;
        m.serialize_field("corrections", &ZonedList(corrections, tz))?;
        m.end()
    }
}

impl Serialize for Zoned<'_, Correction> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Every field named: one added to Correction must be written here too.
        let Correction {
            job,
            event,
            kind,
            by,
            at,
            revoked_in,
            revoked_by,
            revoked_at,
            reason,
        } = self.0;
        let tz = self.1;
        let mut m = s.serialize_struct("Correction", 9)?;
        m.serialize_field("job", job)?;
        m.serialize_field("event", event)?;
        m.serialize_field("kind", kind)?;
        m.serialize_field("by", by)?;
        m.serialize_field("at", &rfc3339(*at, tz))?;
        m.serialize_field("revoked_in", revoked_in)?;
        m.serialize_field("revoked_by", revoked_by)?;
        m.serialize_field("revoked_at", &rfc3339(*revoked_at, tz))?;
        m.serialize_field("reason", reason)?;
        m.end()
    }
}
