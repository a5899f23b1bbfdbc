//! Reading jobs to import from CSV (with a header row) or JSON lines. Pure: text in,
//! rows out, each row either a job or the reason it cannot be one.

use chrono_tz::Tz;

use slawatch_core::job::NewJob;
use slawatch_core::policy::did_you_mean;
use slawatch_core::time::instant::parse_instant;

/// The input's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
}

const COLUMNS: &[&str] = &[
    "customer",
    "priority",
    "type",
    "asset",
    "site",
    "contract",
    "summary",
    "technician",
    "tech",
    "at",
    "created_at",
];

/// The field a column or key fills: `tech` and `technician` are one field, as are `at`
/// and `created_at`.
fn field_of(key: &str) -> &str {
    match key {
        "tech" => "technician",
        "created_at" => "at",
        other => other,
    }
}

/// Why a field given twice is refused: one of the values would be dropped unseen.
fn twice(first: &str, second: &str) -> String {
    if first == second {
        format!("the field `{first}` is given twice — keep one of them")
    } else {
        format!("the fields `{first}` and `{second}` are the same field — keep one of them")
    }
}

/// A row: its line number, and the job or why not.
pub type Row = (usize, Result<NewJob, String>);

fn field(job: &mut NewJob, key: &str, value: &str, tz: &Tz) -> Result<(), String> {
    let v = value.trim();
    let opt = || (!v.is_empty()).then(|| v.to_owned());
    match key {
        "customer" => job.customer = v.to_owned(),
        "priority" => job.priority = v.to_owned(),
        "summary" => job.summary = v.to_owned(),
        "type" => job.job_type = opt(),
        "asset" => job.asset = opt(),
        "site" => job.site = opt(),
        "contract" => job.contract = opt(),
        "technician" | "tech" => job.technician = opt(),
        "at" | "created_at" => {
            if !v.is_empty() {
                job.at = Some(parse_instant(v, tz).map_err(|e| format!("{key}: {e}"))?);
            }
        }
        other => {
            let hint = did_you_mean(other, COLUMNS.iter().copied()).map_or_else(
                || format!("known: {}", COLUMNS.join(", ")),
                |s| format!("did you mean `{s}`?"),
            );
            return Err(format!("unknown field `{other}` — {hint}"));
        }
    }
    Ok(())
}

fn required(job: &NewJob) -> Result<(), String> {
    for (name, v) in [
        ("customer", &job.customer),
        ("priority", &job.priority),
        ("summary", &job.summary),
    ] {
        if v.trim().is_empty() {
            return Err(format!("`{name}` is empty"));
        }
    }
    slawatch_core::job::limits::job(job)
}

/// Parses the whole input. A broken header (or unreadable file shape) is an `Err`;
/// a broken row is an `Err` in its own row.
///
/// # Errors
/// The header names an unknown column or lacks a required one.
pub fn parse_rows(text: &str, format: Format, tz: &Tz) -> Result<Vec<Row>, String> {
    Ok(rows(text, format, tz)?.collect())
}

/// [`parse_rows`], one row at a time: an import parses on the thread that prepares the
/// rows while the store is written, instead of all of them first. The header is read
/// and checked before this returns.
///
/// # Errors
/// As [`parse_rows`].
pub fn rows<'a>(
    text: &'a str,
    format: Format,
    tz: &'a Tz,
) -> Result<Box<dyn Iterator<Item = Row> + Send + 'a>, String> {
    Ok(match format {
        Format::Csv => Box::new(csv_rows(text, tz)?),
        Format::JsonLines => Box::new(json_rows(text, tz)),
    })
}

/// The line a CSV record starts on. The reader stamps a record with where it began looking,
/// before it skips blank lines, so without this a row after a blank line was reported on the
/// blank line.
fn start_line(text: &str, pos: &csv::Position) -> usize {
    let from = usize::try_from(pos.byte()).map_or(text.len(), |b| b.min(text.len()));
    let skipped = text.as_bytes()[from..]
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .filter(|b| **b == b'\n')
        .count();
    usize::try_from(pos.line()).map_or(usize::MAX, |l| l.saturating_add(skipped))
}

fn csv_rows<'a>(text: &'a str, tz: &'a Tz) -> Result<impl Iterator<Item = Row> + Send + 'a, String> {
    let mut rd = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = rd
        .headers()
        .map_err(|e| format!("line 1: cannot read the header row: {e}"))?;
    let at = headers.position().map_or(1, |p| start_line(text, p));
    let header: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
    if header.is_empty() {
        return Err(
            "line 1: the file is empty — start it with a header row such as `customer,priority,summary`"
                .to_owned(),
        );
    }
    for h in &header {
        if !COLUMNS.contains(&h.as_str()) {
            let hint = did_you_mean(h, COLUMNS.iter().copied()).map_or_else(
                || format!("known columns: {}", COLUMNS.join(", ")),
                |s| format!("did you mean `{s}`?"),
            );
            return Err(format!("line {at}: unknown column `{h}` — {hint}"));
        }
    }
    for (j, h) in header.iter().enumerate() {
        if let Some(i) = header[..j].iter().position(|e| field_of(e) == field_of(h)) {
            let first = &header[i];
            let what = if first == h {
                format!(
                    "the column `{h}` is given twice (columns {} and {})",
                    i + 1,
                    j + 1
                )
            } else {
                format!(
                    "the columns `{first}` ({}) and `{h}` ({}) are the same field",
                    i + 1,
                    j + 1
                )
            };
            return Err(format!("line {at}: {what} — keep one of them"));
        }
    }
    for need in ["customer", "priority", "summary"] {
        if !header.iter().any(|h| h == need) {
            return Err(format!("line {at}: the header has no `{need}` column — add it"));
        }
    }
    Ok(rd.into_records().map(move |rec| match rec {
        Err(e) => {
            let line = e.position().map_or(0, |p| start_line(text, p));
            (line, Err(format!("unreadable CSV row: {e}")))
        }
        Ok(r) => {
            let line = r.position().map_or(0, |p| start_line(text, p));
            let mut job = NewJob::default();
            let res = header
                .iter()
                .zip(r.iter())
                .try_for_each(|(k, v)| field(&mut job, k, v, tz))
                .and_then(|()| required(&job))
                .map(|()| job);
            (line, res)
        }
    }))
}

fn json_rows<'a>(text: &'a str, tz: &'a Tz) -> impl Iterator<Item = Row> + Send + 'a {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(move |(i, line)| {
            let res = serde_json::from_str::<Fields>(line)
                .map_err(|e| format!("not JSON: {e}"))
                .and_then(|Fields(obj)| {
                    let obj = obj.ok_or("each line must be a JSON object")?;
                    for (j, (k, _)) in obj.iter().enumerate() {
                        if let Some((first, _)) = obj[..j].iter().find(|(e, _)| field_of(e) == field_of(k)) {
                            return Err(twice(first, k));
                        }
                    }
                    let mut job = NewJob::default();
                    for (k, v) in &obj {
                        let s = match v {
                            serde_json::Value::Null => String::new(),
                            serde_json::Value::String(s) => s.clone(),
                            serde_json::Value::Number(n) => n.to_string(),
                            other => return Err(format!("`{k}` must be a string, found {other}")),
                        };
                        field(&mut job, k, &s, tz)?;
                    }
                    required(&job)?;
                    Ok(job)
                });
            (i + 1, res)
        })
}

/// A JSON line's keys and values in order, every one kept: a map keeps only the last
/// of a key given twice. `None` when the line is JSON but not an object.
struct Fields(Option<Vec<(String, serde_json::Value)>>);

struct FieldsVisitor;

impl<'de> serde::de::Visitor<'de> for FieldsVisitor {
    type Value = Fields;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let mut out = Vec::new();
        while let Some(kv) = map.next_entry()? {
            out.push(kv);
        }
        Ok(Fields(Some(out)))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Fields, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Fields(None))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Fields, E> {
        Ok(Fields(None))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Fields, E> {
        Ok(Fields(None))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Fields, E> {
        Ok(Fields(None))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Fields, E> {
        Ok(Fields(None))
    }

    fn visit_str<E>(self, _: &str) -> Result<Fields, E> {
        Ok(Fields(None))
    }

    fn visit_unit<E>(self) -> Result<Fields, E> {
        Ok(Fields(None))
    }
}

impl<'de> serde::Deserialize<'de> for Fields {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FieldsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bad_rows_keeps_good_ones() {
        let text = "customer,priority,summary,at\nAcme Corp,P1,Pump down,2026-11-20T10:00:00Z\n,P2,No customer,\nGlobex,P2,\"Quoted, comma\",nonsense\n";
        let rows = parse_rows(text, Format::Csv, &chrono_tz::UTC).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].0, 2);
        assert!(rows[0].1.as_ref().is_ok_and(|j| j.at == Some(1_795_168_800)));
        assert_eq!(rows[1].0, 3);
        assert!(
            rows[1]
                .1
                .as_ref()
                .is_err_and(|e| e.contains("`customer` is empty"))
        );
        assert_eq!(rows[2].0, 4);
        assert!(
            rows[2]
                .1
                .as_ref()
                .is_err_and(|e| e.contains("`nonsense` is not a time"))
        );
    }

    /// Found by fuzzing: a row after a blank line was reported on the blank line.
    #[test]
    fn csv_rows_name_their_own_line_after_blank_lines() {
        let text = "customer,priority,summary\n\nAcme Corp,P1,ok\r\n\r\n\r\n,P2,no customer\nGlobex,P3\n";
        let rows = parse_rows(text, Format::Csv, &chrono_tz::UTC).unwrap();
        let lines: Vec<usize> = rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [3, 6, 7]);
        assert!(
            rows[1]
                .1
                .as_ref()
                .is_err_and(|e| e.contains("`customer` is empty"))
        );
        assert!(
            rows[2]
                .1
                .as_ref()
                .is_err_and(|e| e.contains("unreadable CSV row"))
        );
    }

    #[test]
    fn csv_header_problems_stop_everything() {
        let e = parse_rows("custmer,priority,summary\n", Format::Csv, &chrono_tz::UTC).unwrap_err();
        assert!(e.contains("did you mean `customer`?"), "{e}");
        let e = parse_rows("customer,priority\n", Format::Csv, &chrono_tz::UTC).unwrap_err();
        assert!(e.contains("no `summary` column"), "{e}");
        // Blank lines before the header are skipped; the message names the header's own line.
        let e = parse_rows("\n\r\n\ncustmer,priority,summary\n", Format::Csv, &chrono_tz::UTC).unwrap_err();
        assert!(e.starts_with("line 4: unknown column `custmer`"), "{e}");
        for empty in ["", "\n\r\n\n"] {
            let e = parse_rows(empty, Format::Csv, &chrono_tz::UTC).unwrap_err();
            assert!(e.starts_with("line 1: the file is empty"), "{e}");
        }
    }

    #[test]
    fn duplicate_fields_are_refused() {
        let e = parse_rows(
            "customer,priority,summary,Customer\n",
            Format::Csv,
            &chrono_tz::UTC,
        )
        .unwrap_err();
        assert!(
            e.contains("the column `customer` is given twice (columns 1 and 4)"),
            "{e}"
        );
        let text = "{\"customer\":\"A\",\"priority\":\"P1\",\"summary\":\"x\",\"tech\":\"a\",\"technician\":\"b\"}\n[1]\n";
        let rows = parse_rows(text, Format::JsonLines, &chrono_tz::UTC).unwrap();
        assert!(
            rows[0]
                .1
                .as_ref()
                .is_err_and(|e| e.contains("`tech` and `technician`"))
        );
        assert!(
            rows[1]
                .1
                .as_ref()
                .is_err_and(|e| e.contains("must be a JSON object"))
        );
    }

    #[test]
    fn json_lines() {
        let text = "{\"customer\":\"Acme Corp\",\"priority\":\"P1\",\"summary\":\"x\"}\n\nnot json\n{\"customer\":\"A\",\"priority\":\"P1\",\"summary\":\"y\",\"colour\":\"red\"}\n";
        let rows = parse_rows(text, Format::JsonLines, &chrono_tz::UTC).unwrap();
        assert_eq!(rows.len(), 3);
        assert!(rows[0].1.is_ok());
        assert_eq!(rows[1].0, 3);
        assert!(rows[1].1.is_err());
        assert!(
            rows[2]
                .1
                .as_ref()
                .is_err_and(|e| e.contains("unknown field `colour`"))
        );
    }
}
