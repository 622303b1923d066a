//! Exports: requests (CSV or JSON), the report, Open311 GeoReport v2.
//! Rows are written as they are read, never gathered in memory.

use super::request::{REQUEST_SELECT, request_row};
use super::views::{self, Report};
use super::{Result, Store, Time, fmt_time};
use crate::domain::calendar::{WorkCalendar, tz};
use crate::domain::ident::mask_phone;
use crate::domain::lifecycle::Status;
use crate::i18n::Lang;
use chrono::{Duration, NaiveDate, TimeZone};
use rusqlite::{OptionalExtension, params};
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
    Md,
    /// An Excel workbook (.xlsx).
    Xlsx,
}

/// How a CSV export is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 behind a byte-order mark: what Excel needs to open it.
    #[default]
    Utf8Bom,
    /// GBK, for old WPS; a character GBK lacks is an error.
    Gbk,
    /// Plain UTF-8, for scripts.
    Utf8,
}

impl Encoding {
    pub const NAMES: [&'static str; 3] = ["utf-8-bom", "gbk", "utf-8"];
    pub fn parse(s: &str) -> Option<Encoding> {
        match s.trim().to_ascii_lowercase().as_str() {
            "utf-8-bom" | "utf8-bom" | "utf-8bom" => Some(Encoding::Utf8Bom),
            "gbk" | "gb18030" | "gb2312" => Some(Encoding::Gbk),
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            _ => None,
        }
    }
}

/// How a table export is written: the format, the CSV's encoding, and
/// headers and values in words of a language or as the stable codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub format: Format,
    pub encoding: Encoding,
    /// `None`: the stable codes (English column names, `closed`, `02`).
    pub words: Option<Lang>,
}

impl Style {
    /// The stable codes, as CSV in plain UTF-8: what scripts read.
    pub fn codes(format: Format) -> Style {
        Style {
            format,
            encoding: Encoding::Utf8,
            words: None,
        }
    }
    /// The header of a column: `(code, 中文, English)`.
    fn head(&self, c: &(&str, &str, &str)) -> String {
        match self.words {
            None => c.0.to_string(),
            Some(l) => l.pick(c.1, c.2).to_string(),
        }
    }
    /// A coded value in words, or its code.
    fn word(&self, code: &str, zh: &str, en: &str) -> String {
        match self.words {
            None => code.to_string(),
            Some(l) => l.pick(zh, en).to_string(),
        }
    }
}

/// What a column holds, for a workbook: text, an ID or phone (a text cell
/// in a text-formatted column, so Excel never makes a number of it), or a
/// number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Private,
    Number,
}

/// Writes one table (or a workbook of several sheets) as CSV in an
/// encoding or as .xlsx. CSV rows go out as they come; a workbook is
/// written at [`TableWriter::finish`].
pub struct TableWriter<'w> {
    out: &'w mut dyn Write,
    style: Style,
    book: Option<rust_xlsxwriter::Workbook>,
    sheets: usize,
    /// The header's names, for naming a cell GBK cannot hold.
    header: Vec<String>,
    kinds: Vec<Kind>,
    widths: Vec<usize>,
    /// Rows written to the current table, the header being 1.
    line: usize,
}

fn xlsx(e: rust_xlsxwriter::XlsxError) -> super::Error {
    super::Error::Io(e.to_string())
}

impl<'w> TableWriter<'w> {
    pub fn new(out: &'w mut dyn Write, style: Style) -> Result<TableWriter<'w>> {
        let book = if style.format == Format::Xlsx {
            Some(rust_xlsxwriter::Workbook::new())
        } else {
            if style.encoding == Encoding::Utf8Bom {
                out.write_all(b"\xEF\xBB\xBF").map_err(io)?;
            }
            None
        };
        Ok(TableWriter {
            out,
            style,
            book,
            sheets: 0,
            header: Vec::new(),
            kinds: Vec::new(),
            widths: Vec::new(),
            line: 0,
        })
    }

    /// Starts a table: a new sheet named `name` in a workbook (the header
    /// row bold and frozen); the header line of a CSV.
    pub fn table(&mut self, name: &str, header: &[String], kinds: &[Kind]) -> Result<()> {
        self.fit()?;
        self.header = header.to_vec();
        self.kinds = kinds.to_vec();
        self.widths = vec![0; header.len()];
        self.line = 0;
        if let Some(book) = self.book.as_mut() {
            let ws = book.add_worksheet();
            ws.set_name(sheet_name(name)).map_err(xlsx)?;
            ws.set_freeze_panes(1, 0).map_err(xlsx)?;
            self.sheets += 1;
        }
        let bold = rust_xlsxwriter::Format::new().set_bold();
        self.put(header, Some(&bold))
    }

    pub fn row(&mut self, cells: &[String]) -> Result<()> {
        self.put(cells, None)
    }

    fn put(&mut self, cells: &[String], head: Option<&rust_xlsxwriter::Format>) -> Result<()> {
        self.line += 1;
        for (i, c) in cells.iter().enumerate() {
            if let Some(w) = self.widths.get_mut(i) {
                *w = (*w).max(unicode_width::UnicodeWidthStr::width(c.as_str()));
            }
        }
        let Some(book) = self.book.as_mut() else {
            let line = cells
                .iter()
                .map(|v| csv_field(v))
                .collect::<Vec<_>>()
                .join(",")
                + "\n";
            return match self.style.encoding {
                Encoding::Gbk => {
                    let (bytes, _, bad) = encoding_rs::GBK.encode(&line);
                    if bad {
                        return Err(self.not_in_gbk(cells));
                    }
                    self.out.write_all(&bytes).map_err(io)
                }
                _ => self.out.write_all(line.as_bytes()).map_err(io),
            };
        };
        let ws = book.worksheet_from_index(self.sheets - 1).map_err(xlsx)?;
        // Excel's built-in Text format (`@`).
        let text = rust_xlsxwriter::Format::new().set_num_format_index(49);
        let r = (self.line - 1) as u32;
        for (i, v) in cells.iter().enumerate() {
            let col = i as u16;
            let kind = self.kinds.get(i).copied().unwrap_or(Kind::Text);
            match (head, kind) {
                (Some(f), _) => ws.write_string_with_format(r, col, v, f),
                (None, Kind::Private) => ws.write_string_with_format(r, col, v, &text),
                (None, Kind::Number) if !v.is_empty() => match v.parse::<f64>() {
                    Ok(n) => ws.write_number(r, col, n),
                    Err(_) => ws.write_string(r, col, v),
                },
                (None, _) if v.is_empty() => Ok(&mut *ws),
                (None, _) => ws.write_string(r, col, v),
            }
            .map_err(xlsx)?;
        }
        Ok(())
    }

    /// The cell GBK cannot hold, by line and column.
    fn not_in_gbk(&self, cells: &[String]) -> super::Error {
        for (i, c) in cells.iter().enumerate() {
            if let Some(ch) = c.chars().find(|ch| {
                let mut b = [0u8; 4];
                encoding_rs::GBK.encode(ch.encode_utf8(&mut b)).2
            }) {
                return super::Error::NotInGbk {
                    line: self.line,
                    column: self.header.get(i).cloned().unwrap_or_default(),
                    ch,
                };
            }
        }
        super::Error::Io("GBK".into())
    }

    /// Sets the current sheet's column widths to its widest cell.
    fn fit(&mut self) -> Result<()> {
        if let (Some(book), true) = (self.book.as_mut(), self.sheets > 0) {
            let ws = book.worksheet_from_index(self.sheets - 1).map_err(xlsx)?;
            for (i, w) in self.widths.iter().enumerate() {
                ws.set_column_width(i as u16, (*w as f64 + 2.0).min(60.0))
                    .map_err(xlsx)?;
            }
        }
        Ok(())
    }

    /// Writes the workbook out, or flushes the CSV.
    pub fn finish(mut self) -> Result<()> {
        self.fit()?;
        if let Some(mut book) = self.book.take() {
            let bytes = book.save_to_buffer().map_err(xlsx)?;
            self.out.write_all(&bytes).map_err(io)?;
        }
        self.out.flush().map_err(io)
    }
}

/// A sheet's name as Excel allows it: at most 31 characters, none of
/// `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let n: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    if n.trim().is_empty() {
        "Sheet1".into()
    } else {
        n
    }
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

/// The request export's columns: (code, 中文, English).
pub const REQUEST_HEADS: &[(&str, &str, &str)] = &[
    ("ticket", "编号", "ticket"),
    ("channel", "渠道", "channel"),
    ("category", "类别", "category"),
    ("household", "住户", "household"),
    ("requester", "诉求人", "requester"),
    ("requester_phone", "诉求人电话", "requester phone"),
    ("description", "诉求内容", "description"),
    ("level", "办理层级", "level"),
    ("status", "状态", "status"),
    ("assignee", "承办人", "assignee"),
    ("registered_at", "登记时间", "registered at"),
    ("due_at", "办理时限", "due at"),
    ("warning", "预警", "warning"),
    ("resolved_at", "办结时间", "resolved at"),
    ("closed_at", "结案时间", "closed at"),
    ("rating", "评价", "rating"),
    ("result", "办理结果", "result"),
];

/// A warning in words: (中文, English).
fn warning_words(w: crate::domain::warning::Warning) -> (&'static str, &'static str) {
    use crate::domain::warning::Warning as W;
    match w {
        W::None => ("", ""),
        W::DueSoon => ("临近时限", "due soon"),
        W::Stale => ("三天无进展", "no progress"),
        W::NoResponse => ("超时未响应", "no response"),
        W::Overdue => ("已逾期", "overdue"),
    }
}

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
        self.export_requests_styled(out, from, to, Style::codes(fmt), disclosure)
    }

    /// The same, as CSV in an encoding or as .xlsx, in words or codes.
    pub fn export_requests_styled(
        &mut self,
        out: &mut dyn Write,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        style: Style,
        disclosure: Disclosure,
    ) -> Result<usize> {
        let fmt = style.format;
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
        let cats: std::collections::HashMap<String, (String, String)> =
            super::request::categories(&self.conn)?
                .into_iter()
                .map(|c| (c.code, (c.name_zh, c.name_en)))
                .collect();
        let mut rows = st.query(params![a, b])?;
        let mut n = 0;
        let (mut table, mut json) = if fmt == Format::Json {
            write!(out, "[").map_err(io)?;
            (None, Some(out))
        } else {
            let mut t = TableWriter::new(out, style)?;
            let head: Vec<String> = REQUEST_HEADS.iter().map(|c| style.head(c)).collect();
            let kinds: Vec<Kind> = REQUEST_HEADS
                .iter()
                .map(|c| match c.0 {
                    "requester_phone" => Kind::Private,
                    "rating" => Kind::Number,
                    _ => Kind::Text,
                })
                .collect();
            t.table(
                style
                    .words
                    .map_or("requests", |l| l.pick("诉求", "requests")),
                &head,
                &kinds,
            )?;
            (Some(t), None)
        };
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
            let st = if table.is_some() {
                style
            } else {
                Style::codes(fmt)
            };
            let (cat_zh, cat_en) = cats
                .get(&r.category)
                .map(|(z, e)| (z.as_str(), e.as_str()))
                .unwrap_or((&r.category, &r.category));
            let (w_zh, w_en) = warning_words(w);
            let values = [
                r.ticket.clone(),
                st.word(r.channel.code(), r.channel.zh(), r.channel.en()),
                st.word(&r.category, cat_zh, cat_en),
                r.household.clone().unwrap_or_default(),
                r.requester_name.clone().unwrap_or_default(),
                phone.unwrap_or_default(),
                r.description.clone(),
                st.word(r.level.code(), r.level.zh(), r.level.en()),
                st.word(r.status.code(), r.status.zh(), r.status.en()),
                r.assignee.clone().unwrap_or_default(),
                fmt_time(r.registered_at),
                fmt_time(r.due_at),
                st.word(w.code(), w_zh, w_en),
                t(r.resolved_at),
                t(r.closed_at),
                r.rating.map(|x| x.to_string()).unwrap_or_default(),
                r.result.clone().unwrap_or_default(),
            ];
            match (table.as_mut(), json.as_mut()) {
                (Some(t), _) => t.row(&values)?,
                (None, None) => {}
                (None, Some(out)) => {
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
        match (table, json) {
            (Some(t), _) => t.finish()?,
            (None, Some(out)) => writeln!(out, "]").map_err(io)?,
            (None, None) => {}
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

    /// The report for a node (default: the district) and for every node
    /// below it down to the areas, level by level: the node's own level
    /// first. One snapshot, so the levels add up.
    pub fn report_by_level(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        node: Option<i64>,
    ) -> Result<Vec<(super::grid::NodeLevel, Vec<Report>)>> {
        use super::grid::NodeLevel as L;
        let now = self.now();
        self.read(|c| {
            let top = match node {
                Some(n) => super::grid::get(c, n)?,
                None => super::grid::children(c, None)?.into_iter().next(),
            };
            let Some(top) = top else {
                return Ok(vec![(
                    L::District,
                    vec![views::report(c, from, to, None, now)?],
                )]);
            };
            let mut levels = vec![(
                top.level,
                vec![views::report(c, from, to, Some(top.id), now)?],
            )];
            let mut nodes = vec![top];
            loop {
                let mut next = Vec::new();
                for n in &nodes {
                    next.extend(
                        super::grid::children(c, Some(n.id))?
                            .into_iter()
                            .filter(|k| k.level != L::Building),
                    );
                }
                if next.is_empty() {
                    break;
                }
                // Areas sit under communities; a level's sheet holds one level.
                let mut by: Vec<(L, Vec<Report>)> = Vec::new();
                for k in &next {
                    let r = views::report(c, from, to, Some(k.id), now)?;
                    match by.iter_mut().find(|(l, _)| *l == k.level) {
                        Some((_, v)) => v.push(r),
                        None => by.push((k.level, vec![r])),
                    }
                }
                for (l, mut v) in by {
                    match levels.iter_mut().find(|(x, _)| *x == l) {
                        Some((_, have)) => have.append(&mut v),
                        None => levels.push((l, v)),
                    }
                }
                nodes = next;
            }
            Ok(levels)
        })
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

/// The report's columns: (code, 中文, English).
pub const REPORT_HEADS: &[(&str, &str, &str)] = &[
    ("node", "区域", "area of the grid"),
    ("households_visited", "走访户数", "households visited"),
    ("visits", "走访次数", "visits"),
    ("problems_collected", "收集问题", "problems collected"),
    ("problems_handled", "解决问题", "problems handled"),
    (
        "problems_coordinating",
        "协调中问题",
        "problems being coordinated",
    ),
    ("disputes_found", "排查矛盾纠纷", "disputes found"),
    ("disputes_resolved", "化解矛盾纠纷", "disputes resolved"),
    ("dispute_rate", "化解率（%）", "dispute resolution rate (%)"),
    ("errands_handled", "代办事项", "errands handled"),
    ("micro_wishes", "微心愿", "micro-wishes"),
    ("micro_wishes_done", "微心愿已实现", "micro-wishes done"),
    ("requests", "诉求总数", "requests"),
    ("overdue_open", "逾期未办", "overdue and open"),
    ("rating_5", "非常满意", "very satisfied"),
    ("rating_4", "满意", "satisfied"),
    ("rating_3", "基本满意", "fairly satisfied"),
    ("rating_2", "不满意", "dissatisfied"),
    ("rating_1", "非常不满意", "very dissatisfied"),
    (
        "party_members_reported",
        "在职党员报到",
        "party members reported",
    ),
    (
        "party_members_active",
        "参加活动党员",
        "party members active",
    ),
    (
        "party_member_rate",
        "党员参与率（%）",
        "party members active (%)",
    ),
    ("micro_wishes_claimed", "微心愿认领", "micro-wishes claimed"),
    (
        "unit_projects_claimed",
        "单位认领实事",
        "unit projects claimed",
    ),
    ("unit_projects_done", "单位实事完成", "unit projects done"),
    ("volunteer_teams", "志愿服务队", "volunteer teams"),
    ("families_helped", "帮扶困难家庭", "families helped"),
    ("jobs_found", "帮助就业（人次）", "jobs found"),
    ("elderly_pairs", "金拐杖结对", "elderly pairs"),
    ("matters", "议事事项", "matters"),
    ("matters_decided", "已决议事项", "matters decided"),
    ("matters_published", "已公开事项", "matters published"),
    ("meetings", "议事会议", "meetings"),
    (
        "meeting_issues_settled",
        "会议议定事项",
        "meeting issues settled",
    ),
    (
        "weekly_reports_confirmed",
        "已确认周报",
        "weekly reports confirmed",
    ),
    (
        "weekly_reports_expected",
        "应报周报",
        "weekly reports expected",
    ),
];

/// One node's figures, in the order of [`REPORT_HEADS`]. No dispute
/// found: no rate — "—" in Markdown, an empty cell elsewhere, so a
/// spreadsheet reads no number rather than 0.
fn report_values(r: &Report, md: bool) -> Vec<String> {
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
        match (r.dispute_rate(), md) {
            (Some(x), _) => format!("{x:.1}"),
            (None, false) => String::new(),
            (None, true) => "—".to_string(),
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
        r.party_members_reported.to_string(),
        r.party_members_active.to_string(),
        match (r.party_member_rate(), md) {
            (Some(x), _) => format!("{x:.1}"),
            (None, false) => String::new(),
            (None, true) => "—".to_string(),
        },
        r.micro_wishes_claimed.to_string(),
        r.unit_projects_claimed.to_string(),
        r.unit_projects_done.to_string(),
        r.volunteer_teams.to_string(),
        r.families_helped.to_string(),
        r.jobs_found.to_string(),
        r.elderly_pairs.to_string(),
        r.matters.to_string(),
        r.matters_decided.to_string(),
        r.matters_published.to_string(),
        r.meetings.to_string(),
        r.meeting_issues_settled.to_string(),
        r.weekly_reports_confirmed.to_string(),
        r.weekly_reports_expected.to_string(),
    ]
}

fn report_kinds() -> Vec<Kind> {
    REPORT_HEADS
        .iter()
        .map(|c| {
            if c.0 == "node" {
                Kind::Text
            } else {
                Kind::Number
            }
        })
        .collect()
}

/// The report as Markdown (stable codes) or CSV (codes, or words with
/// `Style::words`).
pub fn write_report(
    out: &mut dyn Write,
    whole: &Report,
    kids: &[Report],
    fmt: Format,
) -> std::io::Result<()> {
    let style = Style::codes(fmt);
    if fmt == Format::Md {
        return write_report_md(out, whole, kids);
    }
    if fmt == Format::Json {
        return write_report_json(out, whole);
    }
    write_report_styled(out, whole, kids, style)
        .map_err(|e| std::io::Error::other(format!("{e:?}")))
}

/// The report as CSV in an encoding, in words or codes: the node, then
/// one row per node below it.
pub fn write_report_styled(
    out: &mut dyn Write,
    whole: &Report,
    kids: &[Report],
    style: Style,
) -> Result<()> {
    let mut t = TableWriter::new(out, style)?;
    let head: Vec<String> = REPORT_HEADS.iter().map(|c| style.head(c)).collect();
    t.table(&whole.node, &head, &report_kinds())?;
    for r in std::iter::once(whole).chain(kids) {
        t.row(&report_values(r, false))?;
    }
    t.finish()
}

/// The report as a workbook: a sheet per level of the grid, the node
/// asked for on the first, then every node below it level by level.
pub fn write_report_book(
    out: &mut dyn Write,
    levels: &[(super::grid::NodeLevel, Vec<Report>)],
    style: Style,
) -> Result<()> {
    use super::grid::NodeLevel as L;
    let mut t = TableWriter::new(out, style)?;
    let head: Vec<String> = REPORT_HEADS.iter().map(|c| style.head(c)).collect();
    for (level, reports) in levels {
        let (zh, en) = match level {
            L::District => ("区", "district"),
            L::Subdistrict => ("街道", "subdistricts"),
            L::Community => ("社区", "communities"),
            L::Area => ("片区", "areas"),
            L::Building => ("楼栋", "buildings"),
        };
        let name = style.word(level.code(), zh, en);
        t.table(&name, &head, &report_kinds())?;
        for r in reports {
            t.row(&report_values(r, false))?;
        }
    }
    t.finish()
}

/// The report as one JSON object of indicator code → value: counts and
/// rates as numbers, a rate over nothing as null.
fn write_report_json(out: &mut dyn Write, whole: &Report) -> std::io::Result<()> {
    let mut m = serde_json::Map::new();
    m.insert("from".into(), whole.from.clone().into());
    m.insert("to".into(), whole.to.clone().into());
    for (k, v) in REPORT_HEADS
        .iter()
        .map(|c| c.0)
        .zip(report_values(whole, false))
    {
        let value = if k == "node" {
            serde_json::Value::String(v)
        } else if v.is_empty() {
            serde_json::Value::Null
        } else if let Ok(n) = v.parse::<i64>() {
            n.into()
        } else if let Ok(x) = v.parse::<f64>() {
            x.into()
        } else {
            serde_json::Value::String(v)
        };
        m.insert(k.to_string(), value);
    }
    writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(&serde_json::Value::Object(m))
            .map_err(std::io::Error::other)?
    )
}

fn write_report_md(out: &mut dyn Write, whole: &Report, kids: &[Report]) -> std::io::Result<()> {
    let cols: Vec<&str> = REPORT_HEADS.iter().map(|c| c.0).collect();
    let vals = |r: &Report| report_values(r, true);
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
        let style = Style {
            words: Some(Lang::Zh),
            ..Style::codes(Format::Csv)
        };
        self.export_households_styled(out, style, disclosure)
    }

    /// The same as CSV in an encoding or as .xlsx: headers in the words of
    /// a language (the import reads both) or the English codes; the
    /// relation as a word (户主) or its GB/T 4761 code (02).
    pub fn export_households_styled(
        &mut self,
        out: &mut dyn Write,
        style: Style,
        disclosure: Disclosure,
    ) -> Result<usize> {
        use super::import::Col;
        let unmasked = self.disclose(disclosure, "households")?;
        let mut st = self.conn.prepare(
            "SELECT CASE WHEN a.level = 'area' THEN c.name ELSE a.name END, CASE WHEN a.level = 'area' THEN a.name ELSE '' END,
                    b.num, h.unit, h.room, r.name, r.id_number, r.mobile, r.relation, r.tags, r.note
               FROM resident r JOIN household h ON h.id = r.household_id JOIN grid_node b ON b.id = h.building_id
               LEFT JOIN grid_node a ON a.id = b.parent_id LEFT JOIN grid_node c ON c.id = a.parent_id
              WHERE r.voided_at IS NULL AND h.voided_at IS NULL ORDER BY h.id, r.relation <> '02', r.id",
        )?;
        // Every column the import reads but the address, which the
        // building, unit and room columns hold.
        let cols: Vec<Col> = Col::ALL
            .into_iter()
            .filter(|c| *c != Col::Address)
            .collect();
        let head: Vec<String> = cols
            .iter()
            .map(|c| style.head(&(c.en(), c.zh(), c.en())))
            .collect();
        let kinds: Vec<Kind> = cols
            .iter()
            .map(|c| match c {
                Col::IdNumber | Col::Phone => Kind::Private,
                _ => Kind::Text,
            })
            .collect();
        let mut table = TableWriter::new(out, style)?;
        table.table(
            style
                .words
                .map_or("households", |l| l.pick("住户", "households")),
            &head,
            &kinds,
        )?;
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
            let relation: String = r.get(8)?;
            let cells: Vec<String> = vec![
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                id,
                mobile,
                style.word(
                    &relation,
                    crate::domain::relation::zh(&relation),
                    crate::domain::relation::en(&relation),
                ),
                r.get(9)?,
                r.get(10)?,
            ];
            table.row(&cells)?;
            n += 1;
        }
        table.finish()?;
        Ok(n)
    }
}
