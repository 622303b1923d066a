//! One query string finds households, residents and requests. The query is
//! classified by its shape (ticket, ID, phone, address, pinyin, Chinese
//! name) and each kind is answered by an index: exact matches first, then
//! partial ones, each stage limited.

use super::household::{HOUSEHOLD_SELECT, Household, household_row};
use super::request::{REQUEST_SELECT, normalize_ticket, request_row};
use super::{Result, Store};
use crate::domain::address;
use crate::domain::ident::{self, mask_id, mask_phone};
use crate::domain::text::{is_han, normalize};
use rusqlite::{Connection, StatementStatus, params};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Household,
    Resident,
    Request,
}

/// What in the record matched the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Matched {
    Ticket,
    IdNumber,
    Mobile,
    Address,
    Name,
    Pinyin,
    Initials,
    IdTail,
    PhoneTail,
    NamePart,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    pub kind: HitKind,
    pub id: i64,
    /// What a list shows: names, address, ticket; IDs and phones masked.
    pub label: String,
    /// A second line: masked ID and phone, or the request's category and status.
    pub detail: String,
    pub household_id: Option<i64>,
    pub matched: Matched,
    /// True when the whole field equals the query.
    pub exact: bool,
}

/// What kind of text the query looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryShape {
    Ticket(String),
    IdNumber(String),
    Mobile(String),
    /// 4 digits: a phone's or an ID's last four.
    Tail4(String),
    /// 6 digits (or 5 and X): an ID's last six.
    Tail6(String),
    Address(address::Address),
    Pinyin(String),
    Name(String),
    /// A landline with its area code, digits only (`03948123456`).
    Landline(String),
    Nothing,
}

pub fn classify(q: &str) -> QueryShape {
    let q = normalize(q).replace(['ü', 'Ü'], "v");
    let compact: String = q.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return QueryShape::Nothing;
    }
    if let Some(t) = normalize_ticket(&compact) {
        return QueryShape::Ticket(t);
    }
    let upper = compact.to_ascii_uppercase();
    let id_like = |s: &str, n: usize| {
        s.len() == n
            && s.bytes()
                .enumerate()
                .all(|(i, b)| b.is_ascii_digit() || (i == n - 1 && b == b'X'))
    };
    if id_like(&upper, 18) {
        return QueryShape::IdNumber(upper);
    }
    if let Ok(m) = ident::parse_mobile(&compact) {
        return QueryShape::Mobile(m);
    }
    if compact.len() == 4 && id_like(&upper, 4) {
        return QueryShape::Tail4(upper);
    }
    if id_like(&upper, 6) {
        return QueryShape::Tail6(upper);
    }
    if let Ok((p, ident::PhoneKind::Landline)) = ident::parse_phone(&compact)
        && p.starts_with('0')
    {
        return QueryShape::Landline(p.replace('-', ""));
    }
    if let Some(a) = address::parse(&q) {
        return QueryShape::Address(a);
    }
    if compact.bytes().all(|b| b.is_ascii_alphabetic()) {
        return QueryShape::Pinyin(compact.to_ascii_lowercase());
    }
    let han: String = compact
        .chars()
        .filter(|c| is_han(*c) || c.is_alphanumeric())
        .collect();
    if compact.chars().any(is_han) && !han.is_empty() {
        return QueryShape::Name(han);
    }
    QueryShape::Nothing
}

/// Collects hits without repeating a record.
struct Hits {
    v: Vec<Hit>,
    limit: usize,
    /// Rows stepped through by full scans: 0 when every lookup used an index.
    scans: i32,
}

impl Hits {
    fn full(&self) -> bool {
        self.v.len() >= self.limit
    }
    fn push(&mut self, h: Hit) {
        if !self.full() && !self.v.iter().any(|x| x.kind == h.kind && x.id == h.id) {
            self.v.push(h);
        }
    }
}

const RESIDENT_HIT: &str = "SELECT r.id, r.name, r.id_number, r.mobile, r.household_id,
        (CASE WHEN a.level = 'area' THEN c.name ELSE a.name END) || ' ' || b.num || '-' || h.unit || '-' || h.room
   FROM resident r
   JOIN household h ON h.id = r.household_id
   JOIN grid_node b ON b.id = h.building_id
   LEFT JOIN grid_node a ON a.id = b.parent_id
   LEFT JOIN grid_node c ON c.id = a.parent_id";

fn resident_hits(
    conn: &Connection,
    sql_where: &str,
    p: impl rusqlite::Params,
    matched: Matched,
    exact: bool,
    out: &mut Hits,
) -> Result<()> {
    if out.full() {
        return Ok(());
    }
    let mut st = conn.prepare_cached(&format!("{RESIDENT_HIT} {sql_where}"))?;
    let rows = st.query_map(p, |r| {
        let id_number: Option<String> = r.get(2)?;
        let mobile: Option<String> = r.get(3)?;
        let name: String = r.get(1)?;
        let addr: String = r.get(5)?;
        Ok(Hit {
            kind: HitKind::Resident,
            id: r.get(0)?,
            label: format!("{name}  {addr}"),
            detail: [
                id_number.as_deref().map(mask_id),
                mobile.as_deref().map(mask_phone),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("  "),
            household_id: Some(r.get(4)?),
            matched,
            exact,
        })
    })?;
    for h in rows {
        out.push(h?);
    }
    out.scans += st.reset_status(StatementStatus::FullscanStep);
    Ok(())
}

fn household_hit(conn: &Connection, h: Household, matched: Matched, exact: bool) -> Result<Hit> {
    let head = super::household::head_name(conn, h.id)?.unwrap_or_default();
    Ok(Hit {
        kind: HitKind::Household,
        id: h.id,
        label: format!("{}  {}", h.label(), head),
        detail: h.phone.as_deref().map(mask_phone).unwrap_or_default(),
        household_id: Some(h.id),
        matched,
        exact,
    })
}

fn household_hits(
    conn: &Connection,
    sql_where: &str,
    p: impl rusqlite::Params,
    matched: Matched,
    exact: bool,
    out: &mut Hits,
) -> Result<()> {
    if out.full() {
        return Ok(());
    }
    let mut st = conn.prepare_cached(&format!("{HOUSEHOLD_SELECT} {sql_where}"))?;
    let v = st
        .query_map(p, household_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    out.scans += st.reset_status(StatementStatus::FullscanStep);
    for h in v {
        out.push(household_hit(conn, h, matched, exact)?);
    }
    Ok(())
}

/// Quotes a phrase for FTS5: the characters one token each, in quotes.
fn fts_phrase(name: &str) -> String {
    let chars: Vec<String> = name
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '"')
        .map(String::from)
        .collect();
    format!("\"{}\"", chars.join(" "))
}

/// Searches everything; at most `limit` hits, best first.
pub fn search(conn: &Connection, query: &str, limit: usize) -> Result<Vec<Hit>> {
    Ok(search_with_scans(conn, query, limit)?.0)
}

/// The search, and how many rows its lookups stepped through by full scans
/// (0 when each used an index): a query that stops using its index is fast
/// on a test database and slow on a district's, so the tests hold it to 0.
pub fn search_with_scans(conn: &Connection, query: &str, limit: usize) -> Result<(Vec<Hit>, i32)> {
    let mut out = Hits {
        v: Vec::new(),
        limit: limit.max(1),
        scans: 0,
    };
    let lim = limit as i64;
    match classify(query) {
        QueryShape::Nothing => {}
        QueryShape::Ticket(t) => {
            let mut st = conn.prepare_cached(&format!("{REQUEST_SELECT} WHERE q.ticket = ?1"))?;
            let v = st
                .query_map(params![t], request_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            out.scans += st.reset_status(StatementStatus::FullscanStep);
            for r in v {
                let exact = r.ticket == t;
                out.push(Hit {
                    kind: HitKind::Request,
                    id: r.id,
                    label: format!("{}  {}", r.ticket, r.household.clone().unwrap_or_default()),
                    detail: format!("{} {}", r.category, r.status.code()),
                    household_id: r.household_id,
                    matched: Matched::Ticket,
                    exact,
                });
            }
        }
        QueryShape::IdNumber(n) => {
            resident_hits(
                conn,
                "WHERE r.id_number = ?1 AND r.voided_at IS NULL LIMIT ?2",
                params![n, lim],
                Matched::IdNumber,
                true,
                &mut out,
            )?;
        }
        QueryShape::Mobile(m) => {
            // One index serves the full number and its last four digits. The
            // range, not `=`: SQLite 3.40 (the sqlite3 tool of Debian 12)
            // propagates the constant into `substr(mobile, -4)` and then
            // scans; the bundled 3.54 does not, and the range reads the same
            // index in both.
            resident_hits(
                conn,
                "WHERE substr(r.mobile, -4) = substr(?1, -4) AND r.mobile >= ?1 AND r.mobile <= ?1 AND r.voided_at IS NULL LIMIT ?2",
                params![m, lim],
                Matched::Mobile,
                true,
                &mut out,
            )?;
            household_hits(
                conn,
                "WHERE substr(h.phone, -4) = substr(?1, -4) AND h.phone >= ?1 AND h.phone <= ?1 AND h.voided_at IS NULL LIMIT ?2",
                params![m, lim],
                Matched::Mobile,
                true,
                &mut out,
            )?;
        }
        QueryShape::Landline(n) => {
            // Stored as typed (`0394-8123456`, `0394 8123456`): found by the
            // last four through the phone index, then compared digit by digit.
            resident_hits(
                conn,
                "WHERE substr(r.mobile, -4) = substr(?1, -4) AND r.mobile IS NOT NULL AND replace(replace(r.mobile, '-', ''), ' ', '') = ?1 AND r.voided_at IS NULL LIMIT ?2",
                params![n, lim],
                Matched::Mobile,
                true,
                &mut out,
            )?;
            household_hits(
                conn,
                "WHERE substr(h.phone, -4) = substr(?1, -4) AND h.phone IS NOT NULL AND replace(replace(h.phone, '-', ''), ' ', '') = ?1 AND h.voided_at IS NULL LIMIT ?2",
                params![n, lim],
                Matched::Mobile,
                true,
                &mut out,
            )?;
        }
        QueryShape::Tail4(t) => {
            resident_hits(
                conn,
                "WHERE substr(r.mobile, -4) = ?1 AND r.mobile IS NOT NULL AND r.voided_at IS NULL LIMIT ?2",
                params![t, lim],
                Matched::PhoneTail,
                false,
                &mut out,
            )?;
            household_hits(
                conn,
                "WHERE substr(h.phone, -4) = ?1 AND h.phone IS NOT NULL AND h.voided_at IS NULL LIMIT ?2",
                params![t, lim],
                Matched::PhoneTail,
                false,
                &mut out,
            )?;
            resident_hits(
                conn,
                "WHERE substr(r.id_number, -4) = ?1 AND r.id_number IS NOT NULL AND r.voided_at IS NULL LIMIT ?2",
                params![t, lim],
                Matched::IdTail,
                false,
                &mut out,
            )?;
        }
        QueryShape::Tail6(t) => {
            resident_hits(
                conn,
                "WHERE substr(r.id_number, -4) = substr(?1, -4) AND substr(r.id_number, -6) = ?1 AND r.id_number IS NOT NULL AND r.voided_at IS NULL LIMIT ?2",
                params![t, lim],
                Matched::IdTail,
                false,
                &mut out,
            )?;
        }
        QueryShape::Address(a) => {
            let v = super::household::at_address(conn, &a, limit)?;
            let exact = a.is_complete();
            for h in v {
                out.push(household_hit(conn, h, Matched::Address, exact)?);
            }
        }
        QueryShape::Pinyin(p) => {
            let hi = format!("{p}{{");
            // Short queries without vowels are initials (`zs`), others pinyin.
            let matched = if p.len() <= 5 && !p.contains(['a', 'e', 'i', 'o', 'u', 'v']) {
                Matched::Initials
            } else {
                Matched::Pinyin
            };
            resident_hits(
                conn,
                "WHERE r.name IN (SELECT n.name FROM name_key k JOIN person_name n ON n.id = k.name_id WHERE k.key = ?1 LIMIT ?2)
                   AND r.voided_at IS NULL LIMIT ?2",
                params![p, lim],
                matched,
                true,
                &mut out,
            )?;
            resident_hits(
                conn,
                "WHERE r.name IN (SELECT DISTINCT n.name FROM name_key k JOIN person_name n ON n.id = k.name_id
                                   WHERE k.key > ?1 AND k.key < ?2 LIMIT ?3)
                   AND r.voided_at IS NULL LIMIT ?3",
                params![p, hi, lim],
                matched,
                false,
                &mut out,
            )?;
        }
        QueryShape::Name(n) => {
            resident_hits(
                conn,
                "WHERE r.name = ?1 AND r.voided_at IS NULL LIMIT ?2",
                params![n, lim],
                Matched::Name,
                true,
                &mut out,
            )?;
            // Prefix: the surname, or surname and first given character.
            let hi = format!("{n}\u{10FFFF}");
            resident_hits(
                conn,
                "WHERE r.name > ?1 AND r.name < ?2 AND r.voided_at IS NULL LIMIT ?3",
                params![n, hi, lim],
                Matched::NamePart,
                false,
                &mut out,
            )?;
            resident_hits(
                conn,
                "WHERE r.name IN (SELECT name FROM person_name
                                   WHERE id IN (SELECT rowid FROM name_fts WHERE name_fts MATCH ?1 LIMIT ?2))
                   AND r.voided_at IS NULL LIMIT ?2",
                params![fts_phrase(&n), lim * 2],
                Matched::NamePart,
                false,
                &mut out,
            )?;
        }
    }
    // Exact matches first, then by the kind of match; stable within a kind.
    out.v.sort_by_key(|h| (!h.exact, h.matched));
    Ok((out.v, out.scans))
}

impl Store {
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>> {
        self.read(|c| search(c, query, limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert!(matches!(classify("20261127-0001"), QueryShape::Ticket(t) if t == "20261127-0001"));
        assert!(matches!(classify("202611270001"), QueryShape::Ticket(_)));
        assert!(
            matches!(classify("41160219491231002x"), QueryShape::IdNumber(n) if n.ends_with('X'))
        );
        assert!(matches!(classify("138 1234 5678"), QueryShape::Mobile(_)));
        assert!(matches!(classify("5678"), QueryShape::Tail4(_)));
        assert!(matches!(classify("0394-8123456"), QueryShape::Landline(n) if n == "03948123456"));
        assert!(
            matches!(classify("０３９４ ８１２３４５６"), QueryShape::Landline(n) if n == "03948123456")
        );
        assert!(matches!(classify("002X"), QueryShape::Tail4(_)));
        assert!(matches!(classify("31002X"), QueryShape::Tail6(_)));
        assert!(matches!(classify("3-2-501"), QueryShape::Address(_)));
        assert!(matches!(classify("3号楼"), QueryShape::Address(_)));
        assert!(matches!(classify("ZhangSan"), QueryShape::Pinyin(p) if p == "zhangsan"));
        assert!(matches!(classify("张"), QueryShape::Name(_)));
        assert!(matches!(classify("  "), QueryShape::Nothing));
        assert!(matches!(classify("!!"), QueryShape::Nothing));
    }

    #[test]
    fn fts_phrase_quotes_each_char() {
        assert_eq!(fts_phrase("张伟"), "\"张 伟\"");
        assert_eq!(fts_phrase("a\"b"), "\"a b\"");
    }
}
