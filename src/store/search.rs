//! One query string finds households, residents and requests. The query is
//! classified by its shape (ticket, ID, phone, address, pinyin, Chinese
//! name) and each kind is answered by an index, in stages: exact matches
//! first, then partial ones. Every stage has a total order of its own, so
//! the first N hits are the same whatever the limit, and the screens (50)
//! and `find` (20, or `--limit`) show the same list.
//!
//! Residents found by pinyin or initials are ranked by the rank stored
//! with each spelling (the surname read as a surname, then each
//! character's common reading, then rarer readings; see
//! [`crate::domain::names`]); within a rank, exact spellings before
//! prefixes; then the names borne by more residents of the register; then
//! by address. Found by characters: the exact name, then names starting
//! with them, then names containing them, each by how common the name is,
//! then by address.

use super::household::{HOUSEHOLD_SELECT, Household, household_row};
use super::request::{REQUEST_SELECT, normalize_ticket, request_row};
use super::{Result, Store};
use crate::domain::address;
use crate::domain::ident::{self, mask_id, mask_phone};
use crate::domain::names::Rank;
use crate::domain::text::{is_han, normalize};
use rusqlite::{Connection, StatementStatus, params};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Household,
    Resident,
    Request,
    /// A party member (only for staff who may see them).
    Member,
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
    /// A party member's workplace.
    Workplace,
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
    /// A landline's 7 or 8 digit local number (`8123456`).
    LocalPhone(String),
    Nothing,
}

pub fn classify(q: &str) -> QueryShape {
    let q = normalize(q).replace(['ü', 'Ü'], "v");
    let compact: String = q.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return QueryShape::Nothing;
    }
    // A number with its area code (0…); tickets begin with the year.
    if compact.starts_with('0')
        && let Ok((p, ident::PhoneKind::Landline)) = ident::parse_phone(&compact)
    {
        return QueryShape::Landline(p.replace('-', ""));
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
        && !p.starts_with('0')
    {
        return QueryShape::LocalPhone(p);
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

/// A prefix stage ranks at most this many spellings (or names), taken in
/// pinyin (or character) order: one or two letters, or a common surname,
/// match a large share of a district's names, and ranking them all would
/// read every one. The clerk narrows by typing on.
pub const PREFIX_CAP: i64 = 200;

/// Residents of one name in the register's order: by household as
/// registered (an imported register comes in building by building), then
/// by person. Sorting a common name's hundreds of bearers by address
/// joined every one of them to its household and grid nodes first — 5 ms
/// of a keystroke for 张伟 on the large demo; this order is read straight
/// off the name index.
const REGISTER_ORDER: &str = "ORDER BY r.household_id, r.id";

/// Names in the order their stage ranks them: `(person_name.id, name)`.
fn stage_names(
    conn: &Connection,
    sql: &str,
    p: impl rusqlite::Params,
    out: &mut Hits,
) -> Result<Vec<(i64, String)>> {
    let mut st = conn.prepare_cached(sql)?;
    let v = st
        .query_map(p, |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    out.scans += st.reset_status(StatementStatus::FullscanStep);
    Ok(v)
}

/// The residents bearing each name, name by name, until the list is full.
fn residents_of_names(
    conn: &Connection,
    names: Vec<(i64, String)>,
    seen: &mut std::collections::HashSet<i64>,
    matched: Matched,
    exact: bool,
    out: &mut Hits,
) -> Result<()> {
    for (id, name) in names {
        if out.full() {
            break;
        }
        if !seen.insert(id) {
            continue;
        }
        let left = (out.limit - out.v.len()) as i64;
        resident_hits(
            conn,
            &format!("WHERE r.name = ?1 AND r.voided_at IS NULL {REGISTER_ORDER} LIMIT ?2"),
            params![name, left],
            matched,
            exact,
            out,
        )?;
    }
    Ok(())
}

/// The local number of a landline with its area code: Beijing (010) and
/// the 02x cities have 3-digit area codes, every other city 4.
pub fn local_number(full: &str) -> Option<&str> {
    if !full.starts_with('0') {
        return None;
    }
    let area = if full.starts_with("01") || full.starts_with("02") {
        3
    } else {
        4
    };
    full.get(area..).filter(|l| (7..=8).contains(&l.len()))
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
                "WHERE substr(r.mobile, -4) = substr(?1, -4) AND r.mobile >= ?1 AND r.mobile <= ?1 AND r.voided_at IS NULL ORDER BY r.id LIMIT ?2",
                params![m, lim],
                Matched::Mobile,
                true,
                &mut out,
            )?;
            household_hits(
                conn,
                "WHERE substr(h.phone, -4) = substr(?1, -4) AND h.phone >= ?1 AND h.phone <= ?1 AND h.voided_at IS NULL ORDER BY h.id LIMIT ?2",
                params![m, lim],
                Matched::Mobile,
                true,
                &mut out,
            )?;
        }
        QueryShape::Landline(n) => {
            // Stored as typed (`0394-8123456`, `0394 8123456`, `8123456`):
            // found by the last four through the phone index, then compared
            // digit by digit, with the area code or as the local number.
            let local = local_number(&n).unwrap_or(&n).to_string();
            resident_hits(
                conn,
                "WHERE substr(r.mobile, -4) = substr(?1, -4) AND r.mobile IS NOT NULL
                   AND replace(replace(r.mobile, '-', ''), ' ', '') IN (?1, ?2)
                   AND r.voided_at IS NULL ORDER BY r.mobile, r.id LIMIT ?3",
                params![n, local, lim],
                Matched::Mobile,
                true,
                &mut out,
            )?;
            household_hits(
                conn,
                "WHERE substr(h.phone, -4) = substr(?1, -4) AND h.phone IS NOT NULL
                   AND replace(replace(h.phone, '-', ''), ' ', '') IN (?1, ?2)
                   AND h.voided_at IS NULL ORDER BY h.phone, h.id LIMIT ?3",
                params![n, local, lim],
                Matched::Mobile,
                true,
                &mut out,
            )?;
        }
        QueryShape::LocalPhone(n) => {
            // The local number alone, or after any area code.
            resident_hits(
                conn,
                "WHERE substr(r.mobile, -4) = substr(?1, -4) AND r.mobile IS NOT NULL
                   AND (replace(replace(r.mobile, '-', ''), ' ', '') = ?1
                        OR (substr(r.mobile, 1, 1) = '0'
                            AND substr(replace(replace(r.mobile, '-', ''), ' ', ''),
                                       CASE WHEN substr(r.mobile, 1, 2) IN ('01', '02') THEN 4 ELSE 5 END) = ?1))
                   AND r.voided_at IS NULL ORDER BY r.mobile, r.id LIMIT ?2",
                params![n, lim],
                Matched::Mobile,
                true,
                &mut out,
            )?;
            household_hits(
                conn,
                "WHERE substr(h.phone, -4) = substr(?1, -4) AND h.phone IS NOT NULL
                   AND (replace(replace(h.phone, '-', ''), ' ', '') = ?1
                        OR (substr(h.phone, 1, 1) = '0'
                            AND substr(replace(replace(h.phone, '-', ''), ' ', ''),
                                       CASE WHEN substr(h.phone, 1, 2) IN ('01', '02') THEN 4 ELSE 5 END) = ?1))
                   AND h.voided_at IS NULL ORDER BY h.phone, h.id LIMIT ?2",
                params![n, lim],
                Matched::Mobile,
                true,
                &mut out,
            )?;
        }
        QueryShape::Tail4(t) => {
            resident_hits(
                conn,
                "WHERE substr(r.mobile, -4) = ?1 AND r.mobile IS NOT NULL AND r.voided_at IS NULL ORDER BY r.mobile, r.id LIMIT ?2",
                params![t, lim],
                Matched::PhoneTail,
                false,
                &mut out,
            )?;
            household_hits(
                conn,
                "WHERE substr(h.phone, -4) = ?1 AND h.phone IS NOT NULL AND h.voided_at IS NULL ORDER BY h.phone, h.id LIMIT ?2",
                params![t, lim],
                Matched::PhoneTail,
                false,
                &mut out,
            )?;
            resident_hits(
                conn,
                "WHERE substr(r.id_number, -4) = ?1 AND r.id_number IS NOT NULL AND r.voided_at IS NULL ORDER BY substr(r.id_number, -6), r.id LIMIT ?2",
                params![t, lim],
                Matched::IdTail,
                false,
                &mut out,
            )?;
        }
        QueryShape::Tail6(t) => {
            resident_hits(
                conn,
                "WHERE substr(r.id_number, -4) = substr(?1, -4) AND substr(r.id_number, -6) = ?1 AND r.id_number IS NOT NULL AND r.voided_at IS NULL ORDER BY r.id LIMIT ?2",
                params![t, lim],
                Matched::IdTail,
                false,
                &mut out,
            )?;
        }
        QueryShape::Address(a) => {
            let (v, scans) = super::household::at_address_counted(conn, &a, limit)?;
            out.scans += scans;
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
            let mut seen = std::collections::HashSet::new();
            for rank in [Rank::Surname, Rank::Common, Rank::Rare] {
                if out.full() {
                    break;
                }
                // Each name once, a name seen earlier skipped: ask for as
                // many more as were seen.
                let want = (out.limit - out.v.len() + seen.len()) as i64;
                let names = stage_names(
                    conn,
                    "SELECT n.id, n.name FROM name_key k JOIN person_name n ON n.id = k.name_id
                      WHERE k.rank = ?1 AND k.key = ?2 AND n.bearers > 0
                      ORDER BY n.bearers DESC, n.name LIMIT ?3",
                    params![rank.code(), p, want],
                    &mut out,
                )?;
                residents_of_names(conn, names, &mut seen, matched, true, &mut out)?;
                if out.full() {
                    break;
                }
                let want = (out.limit - out.v.len() + seen.len()) as i64;
                let names = stage_names(
                    conn,
                    "SELECT n.id, n.name
                       FROM (SELECT name_id, min(key) AS key
                               FROM (SELECT name_id, key FROM name_key
                                      WHERE rank = ?1 AND key > ?2 AND key < ?3
                                      ORDER BY key LIMIT ?4)
                              GROUP BY name_id) k
                       JOIN person_name n ON n.id = k.name_id
                      WHERE n.bearers > 0
                      ORDER BY n.bearers DESC, k.key, n.name LIMIT ?5",
                    params![rank.code(), p, hi, PREFIX_CAP, want],
                    &mut out,
                )?;
                residents_of_names(conn, names, &mut seen, matched, false, &mut out)?;
            }
        }
        QueryShape::Name(n) => {
            let mut seen = std::collections::HashSet::new();
            let names = stage_names(
                conn,
                "SELECT id, name FROM person_name WHERE name = ?1 AND bearers > 0",
                params![n],
                &mut out,
            )?;
            residents_of_names(conn, names, &mut seen, Matched::Name, true, &mut out)?;
            // Prefix: the surname, or surname and first given character.
            let hi = format!("{n}\u{10FFFF}");
            if !out.full() {
                let want = (out.limit - out.v.len() + seen.len()) as i64;
                let names = stage_names(
                    conn,
                    "SELECT n.id, n.name
                       FROM (SELECT id FROM person_name WHERE name > ?1 AND name < ?2
                              ORDER BY name LIMIT ?3) p
                       JOIN person_name n ON n.id = p.id
                      WHERE n.bearers > 0
                      ORDER BY n.bearers DESC, n.name LIMIT ?4",
                    params![n, hi, PREFIX_CAP, want],
                    &mut out,
                )?;
                residents_of_names(conn, names, &mut seen, Matched::NamePart, false, &mut out)?;
            }
            if !out.full() {
                let want = (out.limit - out.v.len() + seen.len()) as i64;
                let names = stage_names(
                    conn,
                    "SELECT n.id, n.name
                       FROM (SELECT rowid AS id FROM name_fts WHERE name_fts MATCH ?1
                              ORDER BY rowid LIMIT ?2) f
                       JOIN person_name n ON n.id = f.id
                      WHERE n.bearers > 0
                      ORDER BY n.bearers DESC, n.name LIMIT ?3",
                    params![fts_phrase(&n), PREFIX_CAP, want],
                    &mut out,
                )?;
                residents_of_names(conn, names, &mut seen, Matched::NamePart, false, &mut out)?;
            }
        }
    }
    // Each stage above pushed its hits in its own order, best first.
    Ok((out.v, out.scans))
}

impl Store {
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>> {
        self.read(|c| search(c, query, limit))
    }

    /// The search the Lookup and Register screens run: at most
    /// [`SCREEN_LIMIT`] hits, except that a complete address
    /// (building-unit-room) lists every household at it — the same room in
    /// every community is a bounded set, and none of them may be out of
    /// reach.
    pub fn search_screen(&self, query: &str) -> Result<Vec<Hit>> {
        let limit = match classify(query) {
            QueryShape::Address(a) if a.is_complete() => i64::MAX as usize,
            _ => SCREEN_LIMIT,
        };
        self.search(query, limit)
    }
}

/// Hits the Lookup and Register screens read for a query.
pub const SCREEN_LIMIT: usize = 50;

/// Party members the staff member `actor` may see (their community's, or
/// all for a supervisor) found by name, pinyin or initials, phone (whole or
/// its last four) or workplace: the whole name or phone first, then by
/// name. A member who left is not found.
pub fn members(conn: &Connection, actor: i64, query: &str, limit: usize) -> Result<Vec<Hit>> {
    let q = normalize(query);
    let q = q.trim();
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let shape = classify(q);
    // Who may see which members is settled once, in the query: a clerk
    // reads their own community's members only, not every member's name
    // spellings on each keystroke.
    let who = super::party::active_staff(conn, actor)?;
    let only: Option<i64> = if who.role == crate::domain::lifecycle::Role::Supervisor {
        None
    } else {
        match super::party::staff_community(conn, &who)? {
            Some(c) => Some(c),
            None => return Ok(Vec::new()),
        }
    };
    type Row = (
        i64,
        String,
        String,
        Option<String>,
        Option<String>,
        i64,
        Option<i64>,
        Option<i64>,
    );
    let row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<Row> {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
        ))
    };
    let lower = q.to_lowercase().replace('ü', "v");
    // A spelling is looked up in the members' keys by its index: the whole
    // pinyin (0) or initials (1) typed, else a spelling it begins (2).
    let rows: Vec<Row> = if let QueryShape::Pinyin(_) = &shape {
        let upper = format!("{lower}\u{10ffff}");
        conn.prepare_cached(
            "SELECT m.id, m.name, g.name, u.name, m.phone, m.community_id, r.household_id, k.how
               FROM (SELECT member_id,
                            min(CASE WHEN kind = 0 AND key = ?1 THEN 0
                                     WHEN kind = 1 AND key = ?1 THEN 1 ELSE 2 END) AS how
                       FROM member_key
                      WHERE key >= ?1 AND key < ?2 AND (kind = 2 OR key = ?1)
                      GROUP BY member_id) k
               JOIN party_member m ON m.id = k.member_id
               JOIN grid_node g ON g.id = m.community_id
               LEFT JOIN party_unit u ON u.id = m.unit_id
               LEFT JOIN resident r ON r.id = m.resident_id
              WHERE m.left_on IS NULL AND (?3 IS NULL OR m.community_id = ?3)
              ORDER BY m.name, m.id",
        )?
        .query_map(rusqlite::params![lower, upper, only], row)?
        .collect::<rusqlite::Result<_>>()?
    } else {
        conn.prepare_cached(
            "SELECT m.id, m.name, g.name, u.name, m.phone, m.community_id, r.household_id, NULL
               FROM party_member m
               JOIN grid_node g ON g.id = m.community_id
               LEFT JOIN party_unit u ON u.id = m.unit_id
               LEFT JOIN resident r ON r.id = m.resident_id
              WHERE m.left_on IS NULL AND (?1 IS NULL OR m.community_id = ?1)
              ORDER BY m.name, m.id",
        )?
        .query_map([only], row)?
        .collect::<rusqlite::Result<_>>()?
    };
    let mut found: Vec<(bool, Hit)> = Vec::new();
    for (id, name, community, workplace, phone, _community, household_id, how) in rows {
        let digits: String = phone
            .as_deref()
            .unwrap_or_default()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let matched = match &shape {
            QueryShape::Mobile(m) if !digits.is_empty() && digits == *m => {
                Some((Matched::Mobile, true))
            }
            QueryShape::Tail4(t) if digits.len() > 4 && digits.ends_with(t.as_str()) => {
                Some((Matched::PhoneTail, false))
            }
            QueryShape::Pinyin(_) => match how {
                Some(0) => Some((Matched::Pinyin, true)),
                Some(1) => Some((Matched::Initials, true)),
                Some(_) => Some((Matched::Pinyin, false)),
                None => None,
            },
            _ if name == q => Some((Matched::Name, true)),
            _ if q.chars().any(is_han) && name.contains(q) => Some((Matched::NamePart, false)),
            _ if workplace.as_deref().is_some_and(|w| w.contains(q)) => {
                Some((Matched::Workplace, false))
            }
            _ => None,
        };
        let Some((matched, exact)) = matched else {
            continue;
        };
        let phone = phone.as_deref().map(mask_phone).unwrap_or_default();
        found.push((
            exact,
            Hit {
                kind: HitKind::Member,
                id,
                label: name,
                detail: format!(
                    "{community} {} {phone}",
                    workplace.as_deref().unwrap_or("-")
                ),
                household_id,
                matched,
                exact,
            },
        ));
    }
    // Whole matches first; each group keeps the order by name.
    found.sort_by_key(|(exact, _)| !*exact);
    Ok(found
        .into_iter()
        .map(|(_, h)| h)
        .take(limit.max(1))
        .collect())
}

impl Store {
    /// Party members found by the one search box, for `actor`.
    pub fn search_members(&self, actor: i64, query: &str, limit: usize) -> Result<Vec<Hit>> {
        self.read(|c| members(c, actor, query, limit))
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
        assert!(matches!(classify("8940009"), QueryShape::LocalPhone(n) if n == "8940009"));
        assert!(matches!(classify("6275 1234"), QueryShape::LocalPhone(n) if n == "62751234"));
        // 4-digit area code and 8-digit local number: 12 digits, not a ticket.
        assert!(matches!(classify("039489400091"), QueryShape::Landline(_)));
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
    fn local_numbers_after_3_or_4_digit_area_codes() {
        assert_eq!(local_number("03948940009"), Some("8940009"));
        assert_eq!(local_number("01062751234"), Some("62751234"));
        assert_eq!(local_number("02112345678"), Some("12345678"));
        assert_eq!(local_number("8940009"), None);
        assert_eq!(local_number("039489"), None);
    }

    /// The member search as it was before the keys: every visible
    /// member read and spelled. The keyed search must find the same.
    fn members_by_scan(conn: &Connection, only: Option<i64>, query: &str) -> Vec<Hit> {
        let q = normalize(query);
        let q = q.trim();
        let shape = classify(q);
        let mut st = conn
            .prepare(
                "SELECT m.id, m.name, g.name, u.name, m.phone, r.household_id
                   FROM party_member m
                   JOIN grid_node g ON g.id = m.community_id
                   LEFT JOIN party_unit u ON u.id = m.unit_id
                   LEFT JOIN resident r ON r.id = m.resident_id
                  WHERE m.left_on IS NULL AND (?1 IS NULL OR m.community_id = ?1)
                  ORDER BY m.name, m.id",
            )
            .unwrap();
        type Row = (
            i64,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<i64>,
        );
        let rows: Vec<Row> = st
            .query_map([only], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let lower = q.to_lowercase().replace('ü', "v");
        let mut found: Vec<(bool, Hit)> = Vec::new();
        for (id, name, community, workplace, phone, household_id) in rows {
            let digits: String = phone
                .as_deref()
                .unwrap_or_default()
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            let matched = match &shape {
                QueryShape::Mobile(m) if !digits.is_empty() && digits == *m => {
                    Some((Matched::Mobile, true))
                }
                QueryShape::Tail4(t) if digits.len() > 4 && digits.ends_with(t.as_str()) => {
                    Some((Matched::PhoneTail, false))
                }
                QueryShape::Pinyin(_) => {
                    let keys = crate::domain::names::name_keys(&name);
                    let k = keys.keys.iter().map(|(k, _)| k.as_str());
                    if keys.pinyin == lower {
                        Some((Matched::Pinyin, true))
                    } else if keys.initials == lower {
                        Some((Matched::Initials, true))
                    } else if k.clone().any(|k| k == lower || k.starts_with(&lower)) {
                        Some((Matched::Pinyin, false))
                    } else {
                        None
                    }
                }
                _ if name == q => Some((Matched::Name, true)),
                _ if q.chars().any(is_han) && name.contains(q) => Some((Matched::NamePart, false)),
                _ if workplace.as_deref().is_some_and(|w| w.contains(q)) => {
                    Some((Matched::Workplace, false))
                }
                _ => None,
            };
            let Some((matched, exact)) = matched else {
                continue;
            };
            let phone = phone.as_deref().map(mask_phone).unwrap_or_default();
            found.push((
                exact,
                Hit {
                    kind: HitKind::Member,
                    id,
                    label: name,
                    detail: format!(
                        "{community} {} {phone}",
                        workplace.as_deref().unwrap_or("-")
                    ),
                    household_id,
                    matched,
                    exact,
                },
            ));
        }
        found.sort_by_key(|(exact, _)| !*exact);
        found.into_iter().map(|(_, h)| h).collect()
    }

    fn key(h: &Hit) -> (i64, String, String, Option<i64>, String, bool) {
        (
            h.id,
            h.label.clone(),
            h.detail.clone(),
            h.household_id,
            format!("{:?}", h.matched),
            h.exact,
        )
    }

    /// On a demo database, for a supervisor (every member) and a clerk of
    /// one community: the keyed member search finds exactly what the full
    /// scan found, in the same order, for names, pinyin (whole, initials,
    /// a prefix), phones (whole, last four), workplaces — after members
    /// are registered and renamed too (their keys kept up to date).
    #[test]
    fn the_keyed_member_search_finds_what_the_full_scan_found() {
        use crate::store::demo::{Options, Scale, generate};
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("small.db");
        generate(
            &path,
            &Options {
                scale: Scale::Small,
                seed: 7,
                as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
                operator_login: None,
            },
        )
        .unwrap();
        let mut store = crate::store::Store::open(&path).unwrap();
        // A supervisor, and a clerk of a community with members.
        let (sup, clerk, community): (i64, i64, i64) = store
            .read(|c| {
                let sup = c.query_row(
                    "SELECT id FROM staff WHERE role = 'supervisor' AND active = 1 LIMIT 1",
                    [],
                    |r| r.get(0),
                )?;
                let ids: Vec<i64> = c
                    .prepare("SELECT id FROM staff WHERE role <> 'supervisor' AND active = 1")?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for id in ids {
                    let st = crate::store::staff::by_id(c, id)?;
                    if let Some(community) = crate::store::party::staff_community(c, &st)? {
                        let n: i64 = c.query_row(
                            "SELECT count(*) FROM party_member WHERE community_id = ?1",
                            [community],
                            |r| r.get(0),
                        )?;
                        if n > 0 {
                            return Ok((sup, id, community));
                        }
                    }
                }
                panic!("no clerk of a community with members")
            })
            .unwrap();
        // A member renamed, one registered: their keys follow.
        let first: i64 = store
            .read(|c| Ok(c.query_row("SELECT min(id) FROM party_member", [], |r| r.get(0))?))
            .unwrap();
        store
            .edit_member(
                sup,
                first,
                &crate::store::party::MemberEdit {
                    name: Some("欧阳明月".into()),
                    ..Default::default()
                },
            )
            .unwrap();
        store
            .add_member(
                sup,
                &crate::store::party::NewMember {
                    name: "单雄信".into(),
                    community_id: community,
                    phone: Some("13912345678".into()),
                    workplace: Some("区园林局".into()),
                    reported_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
                    ..Default::default()
                },
            )
            .unwrap();
        let c = store.conn();
        let people: Vec<(String, Option<String>, Option<String>)> = c
            .prepare(
                "SELECT m.name, m.phone, u.name FROM party_member m
                   LEFT JOIN party_unit u ON u.id = m.unit_id
                  WHERE m.left_on IS NULL AND m.id % 7 = 0 OR m.id = ?1 OR m.name = '单雄信'",
            )
            .unwrap()
            .query_map([first], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(people.len() > 5, "{}", people.len());
        let mut queries = vec![
            "zhangsan".to_string(),
            "ouyang".into(),
            "oy".into(),
            "shan".into(),
        ];
        for (name, phone, workplace) in &people {
            let k = crate::domain::names::name_keys(name);
            queries.push(name.clone());
            queries.push(name.chars().take(1).collect());
            queries.push(k.pinyin.clone());
            queries.push(k.initials.clone());
            queries.push(k.pinyin.chars().take(3).collect());
            queries.push(k.pinyin.to_uppercase());
            if let Some(p) = phone {
                queries.push(p.clone());
                queries.push(p[p.len().saturating_sub(4)..].to_string());
            }
            if let Some(w) = workplace {
                queries.push(w.clone());
            }
        }
        let mut hits = 0;
        for q in &queries {
            for (actor, only) in [(sup, None), (clerk, Some(community))] {
                let scan = members_by_scan(c, only, q);
                let keyed = members(c, actor, q, usize::MAX).unwrap();
                assert_eq!(
                    keyed.iter().map(key).collect::<Vec<_>>(),
                    scan.iter().map(key).collect::<Vec<_>>(),
                    "query {q:?}, community {only:?}"
                );
                hits += scan.len();
            }
        }
        assert!(hits > queries.len(), "the queries find members: {hits}");
    }

    #[test]
    fn fts_phrase_quotes_each_char() {
        assert_eq!(fts_phrase("张伟"), "\"张 伟\"");
        assert_eq!(fts_phrase("a\"b"), "\"a b\"");
    }
}
