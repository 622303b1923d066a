//! Exports: requests (CSV or JSON), the report, Open311 GeoReport v2.
//! Rows are written as they are read, never gathered in memory.

use super::request::{REQUEST_SELECT, request_row};
use super::views::{self, Report};
use super::{Result, Store, Time, fmt_time};
use crate::domain::calendar::{WorkCalendar, tz};
use crate::domain::ident::mask_phone;
use crate::domain::lifecycle::Status;
use chrono::{Duration, NaiveDate, TimeZone};
use rusqlite::{OptionalExtension, params};
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
    Md,
}

fn bounds(from: Option<NaiveDate>, to: Option<NaiveDate>) -> (String, String) {
    let start = |d: NaiveDate| {
        tz().from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
            .single()
            .expect("fixed offset")
    };
    let a = from
        .map(|d| fmt_time(start(d)))
        .unwrap_or_else(|| "0000".into());
    let b = to
        .map(|d| fmt_time(start(d) + Duration::days(1)))
        .unwrap_or_else(|| "9999".into());
    (a, b)
}

fn io(e: std::io::Error) -> super::Error {
    super::Error::Io(e.to_string())
}

/// One CSV cell, safe to open in Excel or WPS: a cell that begins with
/// `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula
/// there, so it is written behind a `'` (OWASP's advice on CSV injection;
/// the household import takes that `'` off again); control characters are
/// written as escapes; the cell is quoted when it needs it.
pub fn csv_field(s: &str) -> String {
    let s = crate::domain::text::printable(s, true);
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        s
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.into_owned()
    }
}

/// Undoes `csv_field`'s guard on a cell read back from a CSV: `'=x` is
/// `=x`. Only before the characters the guard is for, so a name typed
/// with an apostrophe stays as typed.
pub fn unguard_cell(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => s,
    }
}

pub const REQUEST_COLUMNS: &[&str] = &[
    "ticket",
    "channel",
    "category",
    "household",
    "requester",
    "requester_phone",
    "description",
    "level",
    "status",
    "assignee",
    "registered_at",
    "due_at",
    "warning",
    "resolved_at",
    "closed_at",
    "rating",
    "result",
];

/// How personal data leaves in an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disclosure {
    /// IDs and phones masked: anyone may export.
    Masked,
    /// In full: the acting staff member must be a supervisor, and the
    /// export is logged as theirs.
    Unmasked { actor: i64 },
}

impl Store {
    /// Checks and logs an unmasked export; says whether to unmask.
    fn disclose(&mut self, d: Disclosure, what: &str) -> Result<bool> {
        let Disclosure::Unmasked { actor } = d else {
            return Ok(false);
        };
        let who = self.require(actor, crate::domain::lifecycle::Permission::ExportUnmasked)?;
        let now = self.now();
        super::event::append(
            &self.conn,
            now,
            &super::event::NewEvent {
                staff_id: Some(who.id),
                entity: "database",
                entity_id: 0,
                kind: "export_unmasked",
                note: Some(what),
                ..Default::default()
            },
        )?;
        Ok(true)
    }

    /// One row per request registered in the range. Phones are masked
    /// unless a supervisor asks otherwise (checked and logged here).
    pub fn export_requests(
        &mut self,
        out: &mut dyn Write,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        fmt: Format,
        disclosure: Disclosure,
    ) -> Result<usize> {
        let what = format!(
            "requests {} — {}",
            from.map(|d| d.to_string()).unwrap_or_default(),
            to.map(|d| d.to_string()).unwrap_or_default()
        );
        let unmasked = self.disclose(disclosure, &what)?;
        let (a, b) = bounds(from, to);
        let now = self.now();
        let cal: WorkCalendar = self.calendar()?.clone();
        let mut st = self.conn.prepare(&format!("{REQUEST_SELECT} WHERE q.registered_at >= ?1 AND q.registered_at < ?2 ORDER BY q.registered_at"))?;
        let mut rows = st.query(params![a, b])?;
        let mut n = 0;
        if fmt == Format::Csv {
            writeln!(out, "{}", REQUEST_COLUMNS.join(",")).map_err(io)?;
        } else {
            write!(out, "[").map_err(io)?;
        }
        while let Some(row) = rows.next()? {
            let r = request_row(row)?;
            let w = r.warning(now, &cal);
            let phone = r.requester_phone.as_deref().map(|p| {
                if unmasked {
                    p.to_string()
                } else {
                    mask_phone(p)
                }
            });
            let t = |x: Option<Time>| x.map(fmt_time).unwrap_or_default();
            let values = [
                r.ticket.clone(),
                r.channel.code().to_string(),
                r.category.clone(),
                r.household.clone().unwrap_or_default(),
                r.requester_name.clone().unwrap_or_default(),
                phone.unwrap_or_default(),
                r.description.clone(),
                r.level.code().to_string(),
                r.status.code().to_string(),
                r.assignee.clone().unwrap_or_default(),
                fmt_time(r.registered_at),
                fmt_time(r.due_at),
                w.code().to_string(),
                t(r.resolved_at),
                t(r.closed_at),
                r.rating.map(|x| x.to_string()).unwrap_or_default(),
                r.result.clone().unwrap_or_default(),
            ];
            match fmt {
                Format::Csv => writeln!(
                    out,
                    "{}",
                    values
                        .iter()
                        .map(|v| csv_field(v))
                        .collect::<Vec<_>>()
                        .join(",")
                )
                .map_err(io)?,
                _ => {
                    let obj: serde_json::Map<String, serde_json::Value> = REQUEST_COLUMNS
                        .iter()
                        .zip(values.iter())
                        .map(|(k, v)| {
                            let val = if *k == "rating" {
                                v.parse::<u8>()
                                    .map(serde_json::Value::from)
                                    .unwrap_or(serde_json::Value::Null)
                            } else {
                                serde_json::Value::from(v.as_str())
                            };
                            (k.to_string(), val)
                        })
                        .collect();
                    write!(
                        out,
                        "{}\n{}",
                        if n == 0 { "" } else { "," },
                        serde_json::Value::Object(obj)
                    )
                    .map_err(io)?;
                }
            }
            n += 1;
        }
        if fmt != Format::Csv {
            writeln!(out, "]").map_err(io)?;
        }
        Ok(n)
    }

    /// Open311 GeoReport v2 service requests, as one JSON array.
    pub fn export_open311(
        &mut self,
        out: &mut dyn Write,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<usize> {
        let (a, b) = bounds(from, to);
        let cats: std::collections::HashMap<String, (String, Option<String>)> =
            super::request::categories(&self.conn)?
                .into_iter()
                .map(|c| (c.code.clone(), (c.name_zh.clone(), c.department.clone())))
                .collect();
        let mut st = self.conn.prepare(&format!(
            "{REQUEST_SELECT} WHERE q.registered_at >= ?1 AND q.registered_at < ?2 ORDER BY q.registered_at"
        ))?;
        let mut notes = self.conn.prepare(
            "SELECT coalesce(note, reason) FROM event WHERE request_id = ?1 AND kind IN ('reply','resolve','cancel','follow_up','reopen') ORDER BY id DESC LIMIT 1",
        )?;
        let mut rows = st.query(params![a, b])?;
        let mut n = 0;
        write!(out, "[").map_err(io)?;
        while let Some(row) = rows.next()? {
            let r = request_row(row)?;
            let closed = matches!(
                r.status,
                Status::Resolved | Status::Closed | Status::Cancelled
            );
            let status_notes: Option<String> =
                notes.query_row([r.id], |x| x.get(0)).optional()?.flatten();
            let (service_name, dept) = cats
                .get(&r.category)
                .cloned()
                .unwrap_or((r.category.clone(), None));
            let agency = dept.unwrap_or_else(|| {
                format!(
                    "{} {}",
                    r.level.zh(),
                    r.assignee.clone().unwrap_or_default()
                )
                .trim()
                .to_string()
            });
            let v = serde_json::json!({
                "service_request_id": r.ticket,
                "status": if closed { "closed" } else { "open" },
                "status_notes": status_notes,
                "service_name": service_name,
                "service_code": r.category,
                "description": r.description,
                "agency_responsible": agency,
                "service_notice": serde_json::Value::Null,
                "requested_datetime": fmt_time(r.registered_at),
                "updated_datetime": fmt_time(r.last_activity_at),
                "expected_datetime": fmt_time(r.due_at),
                "address": r.household,
                "address_id": r.household_id.map(|h| h.to_string()),
                "zipcode": serde_json::Value::Null,
                "lat": serde_json::Value::Null,
                "long": serde_json::Value::Null,
                "media_url": serde_json::Value::Null,
            });
            write!(out, "{}\n{v}", if n == 0 { "" } else { "," }).map_err(io)?;
            n += 1;
        }
        writeln!(out, "]").map_err(io)?;
        Ok(n)
    }

    /// The report for a node and each of its children.
    pub fn report_with_children(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        node: Option<i64>,
    ) -> Result<(Report, Vec<Report>)> {
        let now = self.now();
        // One snapshot: the node and its children add up.
        self.read(|c| {
            let whole = views::report(c, from, to, node, now)?;
            let parent = match node {
                Some(n) => Some(n),
                None => super::grid::children(c, None)?.first().map(|n| n.id),
            };
            let mut kids = Vec::new();
            for ch in super::grid::children(c, parent)? {
                kids.push(views::report(c, from, to, Some(ch.id), now)?);
            }
            Ok((whole, kids))
        })
    }
}

/// The report as Markdown or CSV.
pub fn write_report(
    out: &mut dyn Write,
    whole: &Report,
    kids: &[Report],
    fmt: Format,
) -> std::io::Result<()> {
    let cols = [
        "node",
        "households_visited",
        "visits",
        "problems_collected",
        "problems_handled",
        "problems_coordinating",
        "disputes_found",
        "disputes_resolved",
        "dispute_rate",
        "errands_handled",
        "micro_wishes",
        "micro_wishes_done",
        "requests",
        "overdue_open",
        "rating_5",
        "rating_4",
        "rating_3",
        "rating_2",
        "rating_1",
        "matters",
        "matters_decided",
        "matters_published",
        "meetings",
        "meeting_issues_settled",
        "weekly_reports_confirmed",
        "weekly_reports_expected",
    ];
    let vals = |r: &Report| -> Vec<String> {
        let rating = |k: i64| {
            r.ratings
                .iter()
                .find(|(s, _)| *s == k)
                .map(|x| x.1)
                .unwrap_or(0)
                .to_string()
        };
        vec![
            r.node.clone(),
            r.households_visited.to_string(),
            r.visits.to_string(),
            r.problems_collected.to_string(),
            r.problems_handled.to_string(),
            r.problems_coordinating.to_string(),
            r.disputes_found.to_string(),
            r.disputes_resolved.to_string(),
            // No disputes found: no rate. Markdown shows "—"; CSV leaves the
            // cell empty, so a spreadsheet reads no number rather than 0.
            match (r.dispute_rate(), fmt) {
                (Some(x), _) => format!("{x:.1}"),
                (None, Format::Csv) => String::new(),
                (None, _) => "—".to_string(),
            },
            r.errands_handled.to_string(),
            r.micro_wishes.to_string(),
            r.micro_wishes_done.to_string(),
            r.requests.to_string(),
            r.overdue_open.to_string(),
            rating(5),
            rating(4),
            rating(3),
            rating(2),
            rating(1),
            r.matters.to_string(),
            r.matters_decided.to_string(),
            r.matters_published.to_string(),
            r.meetings.to_string(),
            r.meeting_issues_settled.to_string(),
            r.weekly_reports_confirmed.to_string(),
            r.weekly_reports_expected.to_string(),
        ]
    };
    match fmt {
        Format::Csv => {
            writeln!(out, "{}", cols.join(","))?;
            for r in std::iter::once(whole).chain(kids) {
                writeln!(
                    out,
                    "{}",
                    vals(r)
                        .iter()
                        .map(|v| csv_field(v))
                        .collect::<Vec<_>>()
                        .join(",")
                )?;
            }
        }
        _ => {
            writeln!(out, "# {} {} — {}\n", whole.node, whole.from, whole.to)?;
            writeln!(out, "| indicator 指标 | value |\n| --- | --- |")?;
            let v = vals(whole);
            for (k, x) in cols.iter().zip(v.iter()).skip(1) {
                writeln!(out, "| {k} | {x} |")?;
            }
            writeln!(
                out,
                "\n## errands per agent 代办员\n\n| agent | handled |\n| --- | --- |"
            )?;
            for (who, n) in &whole.errands_per_agent {
                writeln!(out, "| {who} | {n} |")?;
            }
            if !kids.is_empty() {
                writeln!(
                    out,
                    "\n## by node\n\n| {} |\n|{}",
                    cols.join(" | "),
                    " --- |".repeat(cols.len())
                )?;
                for r in kids {
                    writeln!(out, "| {} |", vals(r).join(" | "))?;
                }
            }
        }
    }
    Ok(())
}

impl Store {
    /// Households and residents in the import's own format (Chinese
    /// headers), so a ledger can go out and come back. IDs and phones are
    /// masked unless a supervisor asks otherwise (checked and logged here).
    pub fn export_households(
        &mut self,
        out: &mut dyn Write,
        disclosure: Disclosure,
    ) -> Result<usize> {
        let unmasked = self.disclose(disclosure, "households")?;
        let mut st = self.conn.prepare(
            "SELECT CASE WHEN a.level = 'area' THEN c.name ELSE a.name END, CASE WHEN a.level = 'area' THEN a.name ELSE '' END,
                    b.num, h.unit, h.room, r.name, r.id_number, r.mobile, r.relation, r.tags, r.note
               FROM resident r JOIN household h ON h.id = r.household_id JOIN grid_node b ON b.id = h.building_id
               LEFT JOIN grid_node a ON a.id = b.parent_id LEFT JOIN grid_node c ON c.id = a.parent_id
              WHERE r.voided_at IS NULL AND h.voided_at IS NULL ORDER BY h.id, r.relation <> '02', r.id",
        )?;
        writeln!(
            out,
            "社区,片区,楼栋,单元,室,姓名,身份证号,电话,与户主关系,标签,备注"
        )
        .map_err(io)?;
        let mut rows = st.query([])?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            let id: Option<String> = r.get(6)?;
            let mobile: Option<String> = r.get(7)?;
            let id = id
                .map(|x| {
                    if unmasked {
                        x
                    } else {
                        crate::domain::ident::mask_id(&x)
                    }
                })
                .unwrap_or_default();
            let mobile = mobile
                .map(|x| if unmasked { x } else { mask_phone(&x) })
                .unwrap_or_default();
            let cells: Vec<String> = vec![
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                id,
                mobile,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
            ];
            writeln!(
                out,
                "{}",
                cells
                    .iter()
                    .map(|c| csv_field(c))
                    .collect::<Vec<_>>()
                    .join(",")
            )
            .map_err(io)?;
            n += 1;
        }
        Ok(n)
    }
}
