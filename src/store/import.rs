//! Household register import (台账): what Excel and WPS save — UTF-8 with or
//! without BOM, GBK/GB18030, UTF-16 with BOM; comma or tab separated;
//! headers in Chinese or English in any order. Every row is validated first;
//! any bad row and nothing is written. A clean file goes in one transaction;
//! importing it again changes nothing.

use super::event::{NewEvent, append};
use super::grid::{self, NewNode, NodeLevel};
use super::household::{self, NewHousehold, NewResident};
use super::table::{Columns, Record, Source};
use super::{Result, Store, fmt_time};
use crate::domain::address;
use crate::domain::ident::{self, Gender, IdError};
use crate::domain::relation;
use crate::domain::text::{closest, normalize};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

/// The columns the register knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    Community,
    Area,
    Building,
    Unit,
    Room,
    Address,
    Name,
    IdNumber,
    Phone,
    Relation,
    Tags,
    Note,
}

impl Col {
    pub const ALL: [Col; 12] = [
        Col::Community,
        Col::Area,
        Col::Building,
        Col::Unit,
        Col::Room,
        Col::Address,
        Col::Name,
        Col::IdNumber,
        Col::Phone,
        Col::Relation,
        Col::Tags,
        Col::Note,
    ];
    pub fn zh(self) -> &'static str {
        self.names()[0]
    }
    pub fn en(self) -> &'static str {
        self.names()[1]
    }
    /// Chinese name, English name, then other spellings seen in ledgers.
    fn names(self) -> &'static [&'static str] {
        match self {
            Col::Community => &["社区", "community", "所属社区", "社区名称"],
            Col::Area => &["片区", "area", "网格", "所属片区"],
            Col::Building => &["楼栋", "building", "楼号", "楼", "栋", "居民小组", "小组"],
            Col::Unit => &["单元", "unit", "单元号"],
            Col::Room => &["室", "room", "房号", "门牌号", "户号", "室号"],
            Col::Address => &["地址", "address", "住址", "详细地址"],
            Col::Name => &["姓名", "name"],
            Col::IdNumber => &[
                "身份证号",
                "id_number",
                "身份证",
                "身份证号码",
                "公民身份号码",
                "证件号码",
            ],
            Col::Phone => &[
                "电话",
                "phone",
                "手机",
                "手机号",
                "手机号码",
                "联系电话",
                "mobile",
            ],
            Col::Relation => &["与户主关系", "relation", "关系", "与户主关系代码"],
            Col::Tags => &["标签", "tags", "人员类别"],
            Col::Note => &["备注", "note"],
        }
    }
    fn parse(header: &str) -> Option<Col> {
        let h = normalize(header)
            .trim_matches(['*', ' ', '"'])
            .to_lowercase();
        Col::ALL
            .into_iter()
            .find(|c| c.names().iter().any(|n| n.to_lowercase() == h))
    }
}

/// Why a line was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    Missing,
    Id(IdError),
    Phone,
    Address(String),
    UnknownCommunity {
        name: String,
        closest: Option<String>,
    },
    Relation(String),
    DuplicateId {
        first_line: usize,
    },
    TooLong,
    Columns {
        found: usize,
        expected: usize,
    },
    /// The header lacks a required column.
    NoColumn,
    Encoding,
    /// The ID is registered to a person at another household or under
    /// another name, and the run did not allow the move or the rename.
    Conflict(Conflict),
    /// An ID or phone Excel has turned into a number, as it shows it
    /// (`4.11602E+17`): refused, never guessed back.
    ExcelNumber(String),
}

/// A row that would move or rename a registered person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The ID, masked.
    pub id: String,
    /// Where the person is registered: `锦华家园社区 1-1-101`.
    pub at: String,
    /// The name they are registered under.
    pub name: String,
    /// The name the row gives, when it differs.
    pub new_name: Option<String>,
    /// The row would move them, and `--move` was not given.
    pub moves: bool,
    /// The row would rename them, and `--rename` was not given.
    pub renames: bool,
}

/// What a run may do beyond adding and updating.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Count and roll back.
    pub dry_run: bool,
    /// A row may move a person registered at another household (`--move`).
    pub allow_move: bool,
    /// A row may change a registered person's name (`--rename`).
    pub allow_rename: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// 1-based, the header being line 1.
    pub line: usize,
    pub column: Option<Col>,
    pub reason: Reason,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub rows: usize,
    pub households_added: usize,
    pub households_updated: usize,
    pub households_unchanged: usize,
    pub residents_added: usize,
    pub residents_updated: usize,
    pub residents_unchanged: usize,
    /// Moved from another household (`--move`); not counted as updated.
    pub residents_moved: usize,
    /// Renamed (`--rename`); not counted as updated.
    pub residents_renamed: usize,
    /// Households whose head moved out and who got a new head by the
    /// relation rules.
    pub new_heads: usize,
    /// Households whose head moved out with no one to succeed them: tagged
    /// [`relation::HEADLESS_TAG`].
    pub headless: usize,
    pub areas_created: usize,
    pub buildings_created: usize,
    pub ignored_columns: Vec<String>,
    pub encoding: String,
}

/// A validated row.
#[derive(Debug, Clone)]
struct Row {
    community: i64,
    area: Option<String>,
    building: String,
    unit: String,
    room: String,
    resident: NewResident,
    /// The relation cell was empty: the first member of a new household is its head.
    relation_given: bool,
}

pub use super::table::{decode, sniff_delimiter};

/// Where each known column is in the file.
type Header = Columns<Col>;

fn header(head: &Record) -> std::result::Result<Header, Vec<LineError>> {
    let h = Columns::read(head, Col::parse);
    let cols = &h.cols;
    let mut errs = Vec::new();
    for need in [Col::Community, Col::Name] {
        if !cols.contains_key(&need) {
            errs.push(LineError {
                line: 1,
                column: Some(need),
                reason: Reason::NoColumn,
            });
        }
    }
    if !cols.contains_key(&Col::Address) && !cols.contains_key(&Col::Building) {
        errs.push(LineError {
            line: 1,
            column: Some(Col::Address),
            reason: Reason::NoColumn,
        });
    }
    if errs.is_empty() { Ok(h) } else { Err(errs) }
}

/// The grid as the import needs it: communities by name, their areas and
/// buildings.
struct Grid {
    communities: HashMap<String, i64>,
    names: Vec<String>,
}

impl Grid {
    fn load(conn: &Connection) -> Result<Grid> {
        let mut communities = HashMap::new();
        let mut names = Vec::new();
        for n in grid::by_level(conn, NodeLevel::Community)? {
            communities.insert(n.name.clone(), n.id);
            // `锦华家园` finds `锦华家园社区` too.
            if let Some(short) = n.name.strip_suffix("社区") {
                communities.entry(short.to_string()).or_insert(n.id);
                names.push(short.to_string());
            }
            names.push(n.name);
        }
        Ok(Grid { communities, names })
    }
    fn community(&self, name: &str) -> std::result::Result<i64, Reason> {
        let n = normalize(name);
        self.communities
            .get(&n)
            .copied()
            .ok_or_else(|| Reason::UnknownCommunity {
                name: n.clone(),
                closest: closest(&n, self.names.iter().map(String::as_str)).map(str::to_string),
            })
    }
}

/// A cell as typed, without surrounding spaces, and without the `'`
/// that our own CSV exports put before a formula-like cell.
fn cell<'a>(rec: &'a Record, h: &Header, c: Col) -> &'a str {
    h.cell(rec, c)
}

fn validate_row(
    rec: &Record,
    line: usize,
    h: &Header,
    g: &Grid,
    today: NaiveDate,
    errs: &mut Vec<LineError>,
) -> Option<Row> {
    let before = errs.len();
    let mut err = |column: Option<Col>, reason: Reason| {
        errs.push(LineError {
            line,
            column,
            reason,
        })
    };
    if let Some(found) = h.overflow(rec) {
        err(
            None,
            Reason::Columns {
                found,
                expected: h.width,
            },
        );
    }
    let community = match cell(rec, h, Col::Community) {
        "" => {
            err(Some(Col::Community), Reason::Missing);
            None
        }
        c => match g.community(c) {
            Ok(id) => Some(id),
            Err(r) => {
                err(Some(Col::Community), r);
                None
            }
        },
    };
    let area = Some(normalize(cell(rec, h, Col::Area))).filter(|a| !a.is_empty());
    let addr = cell(rec, h, Col::Address);
    let (building, unit, room) = if !addr.is_empty() {
        match address::parse(addr) {
            Some(a) if a.room.is_some() => (
                a.building,
                a.unit.unwrap_or_else(|| "1".into()),
                a.room.unwrap_or_default(),
            ),
            _ => {
                err(Some(Col::Address), Reason::Address(addr.to_string()));
                (String::new(), String::new(), String::new())
            }
        }
    } else {
        let b = address::parse_building(cell(rec, h, Col::Building));
        let u = cell(rec, h, Col::Unit);
        let u = if u.is_empty() {
            Some("1".to_string())
        } else {
            address::parse_part(u)
        };
        let r = address::parse_part(cell(rec, h, Col::Room));
        if b.is_none() {
            let v = cell(rec, h, Col::Building);
            err(
                Some(Col::Building),
                if v.is_empty() {
                    Reason::Missing
                } else {
                    Reason::Address(v.to_string())
                },
            );
        }
        if u.is_none() {
            err(
                Some(Col::Unit),
                Reason::Address(cell(rec, h, Col::Unit).to_string()),
            );
        }
        if r.is_none() {
            let v = cell(rec, h, Col::Room);
            err(
                Some(Col::Room),
                if v.is_empty() {
                    Reason::Missing
                } else {
                    Reason::Address(v.to_string())
                },
            );
        }
        (
            b.unwrap_or_default(),
            u.unwrap_or_default(),
            r.unwrap_or_default(),
        )
    };
    let name: String = normalize(cell(rec, h, Col::Name))
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    if name.is_empty() {
        err(Some(Col::Name), Reason::Missing);
    } else if name.chars().count() > 40 {
        err(Some(Col::Name), Reason::TooLong);
    }
    let id = match cell(rec, h, Col::IdNumber) {
        "" => None,
        _ if h.excel_number(rec, Col::IdNumber).is_some() => {
            let shown = h.excel_number(rec, Col::IdNumber).unwrap_or_default();
            err(Some(Col::IdNumber), Reason::ExcelNumber(shown.to_string()));
            None
        }
        v => match ident::parse_resident_id(v, today) {
            Ok(id) => Some(id),
            Err(e) => {
                err(Some(Col::IdNumber), Reason::Id(e));
                None
            }
        },
    };
    let phone = match cell(rec, h, Col::Phone) {
        "" => None,
        _ if h.excel_number(rec, Col::Phone).is_some() => {
            let shown = h.excel_number(rec, Col::Phone).unwrap_or_default();
            err(Some(Col::Phone), Reason::ExcelNumber(shown.to_string()));
            None
        }
        v => match ident::parse_phone(v) {
            Ok((p, _)) => Some(p),
            Err(_) => {
                err(Some(Col::Phone), Reason::Phone);
                None
            }
        },
    };
    let rel_cell = cell(rec, h, Col::Relation);
    let rel = if rel_cell.is_empty() {
        Some("8")
    } else {
        let r = relation::parse(rel_cell);
        if r.is_none() {
            err(Some(Col::Relation), Reason::Relation(rel_cell.to_string()));
        }
        r
    };
    if errs.len() > before {
        return None;
    }
    Some(Row {
        community: community?,
        area,
        building,
        unit,
        room,
        relation_given: !rel_cell.is_empty(),
        resident: NewResident {
            name,
            gender: id.as_ref().map(|i| i.gender),
            birth_date: id.as_ref().map(|i| i.birth_date),
            id_number: id.map(|i| i.number),
            mobile: phone,
            relation: rel.unwrap_or("8").to_string(),
            tags: relation::split_tags(cell(rec, h, Col::Tags)),
            note: cell(rec, h, Col::Note).to_string(),
        },
    })
}

/// What an import is doing, for the progress line on a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Checking rows; the count is rows read.
    Validate,
    /// Writing rows; the count is rows written.
    Write,
    /// Building the search indexes after a bulk load; the count is residents.
    Index,
}

/// Calls `progress(stage, count)` now and then, for large files on a terminal.
pub type Progress<'a> = &'a mut dyn FnMut(Stage, usize);

/// The indexes whose rows arrive in random order (names, IDs, phones). A bulk import into a database smaller than the file drops
/// them and builds each once at the end: one sort instead of millions of
/// scattered B-tree inserts. The indexes lookups during the import need
/// (household address, members of a household) stay.
const BULK_INDEXES: [&str; 5] = [
    "resident_name",
    "resident_id_number",
    "resident_id_tail",
    "resident_mobile",
    "household_phone",
];

/// The definitions of the dropped indexes, to build them again.
struct Dropped(Vec<String>);

impl Dropped {
    /// Drops the bulk indexes inside the import's transaction: a rollback
    /// (a dry run, an error) brings them back untouched.
    fn drop_all(conn: &Connection) -> Result<Dropped> {
        let mut sqls = Vec::new();
        for name in BULK_INDEXES {
            let sql: Option<String> = conn
                .query_row(
                    "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(sql) = sql {
                conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
                sqls.push(sql);
            }
        }
        Ok(Dropped(sqls))
    }

    fn rebuild(self, conn: &Connection) -> Result<()> {
        for sql in self.0 {
            conn.execute_batch(&sql)?;
        }
        Ok(())
    }
}

/// The first 17 digits decide the check character, so they identify an ID:
/// a u64 key keeps a million IDs in a few tens of MB.
fn id_key(number: &str) -> u64 {
    number.get(..17).and_then(|d| d.parse().ok()).unwrap_or(0)
}

/// Checks every row. Returns the problems of every bad line (empty = clean).
pub fn validate<'a>(
    conn: &Connection,
    src: impl Into<Source<'a>>,
    today: NaiveDate,
    opts: Options,
    progress: Progress<'_>,
) -> Result<(Vec<LineError>, usize, Vec<String>, String)> {
    let mut records = super::table::open(src).map_err(std::io::Error::from)?;
    let enc = std::mem::take(&mut records.encoding);
    let g = Grid::load(conn)?;
    let mut reg = Registered::load(conn)?;
    let head = match records.next() {
        Some(Ok(r)) => r,
        _ => {
            return Ok((
                vec![LineError {
                    line: 1,
                    column: Some(Col::Name),
                    reason: Reason::NoColumn,
                }],
                0,
                Vec::new(),
                enc,
            ));
        }
    };
    let h = match header(&head) {
        Ok(h) => h,
        Err(e) => return Ok((e, 0, Vec::new(), enc)),
    };
    let mut errs = Vec::new();
    let mut ids: HashMap<u64, u32> = HashMap::new();
    let mut rows = 0;
    for rec in records {
        let rec = match rec {
            Ok(r) => r,
            Err(line) => {
                errs.push(LineError {
                    line,
                    column: None,
                    reason: Reason::Encoding,
                });
                continue;
            }
        };
        let line = rec.line;
        if rec.blank() {
            continue;
        }
        rows += 1;
        if let Some(row) = validate_row(&rec, line, &h, &g, today, &mut errs)
            && let Some(n) = &row.resident.id_number
        {
            let key = id_key(n);
            if let Some(first) = ids.get(&key) {
                errs.push(LineError {
                    line,
                    column: Some(Col::IdNumber),
                    reason: Reason::DuplicateId {
                        first_line: *first as usize,
                    },
                });
            } else {
                ids.insert(key, line as u32);
            }
            if let Some(c) = reg.conflict(conn, &row, n, opts)? {
                errs.push(LineError {
                    line,
                    column: Some(Col::IdNumber),
                    reason: Reason::Conflict(c),
                });
            }
        }
        if rows % 50_000 == 0 {
            progress(Stage::Validate, rows);
        }
    }
    progress(Stage::Validate, rows);
    Ok((errs, rows, h.ignored, enc))
}

/// The register as validation sees it: who bears an ID, and where.
struct Registered {
    /// No live resident has an ID (a hall's first ledger): nothing to look up.
    empty: bool,
    /// Building ids by community and number; `None`: the import would make it.
    buildings: HashMap<(i64, String), Option<i64>>,
}

impl Registered {
    fn load(conn: &Connection) -> Result<Registered> {
        let any: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM resident WHERE id_number IS NOT NULL AND voided_at IS NULL)",
            [],
            |r| r.get(0),
        )?;
        Ok(Registered {
            empty: !any,
            buildings: HashMap::new(),
        })
    }

    /// Whether a row bearing the ID `number` would move or rename the person
    /// registered with it in a way the run does not allow.
    fn conflict(
        &mut self,
        conn: &Connection,
        row: &Row,
        number: &str,
        opts: Options,
    ) -> Result<Option<Conflict>> {
        if self.empty || (opts.allow_move && opts.allow_rename) {
            return Ok(None);
        }
        // Two lookups, not a join: SQLite compiles the join afresh for each
        // ID bound (the partial ID index), which tripled the check's time.
        let found: Option<(String, i64)> = conn
            .prepare_cached(
                "SELECT name, household_id FROM resident WHERE id_number = ?1 AND voided_at IS NULL",
            )?
            .query_row([number], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((name, household_id)) = found else {
            return Ok(None);
        };
        let (building_id, unit, room): (i64, String, String) = conn
            .prepare_cached("SELECT building_id, unit, room FROM household WHERE id = ?1")?
            .query_row([household_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let key = (row.community, row.building.clone());
        let building = match self.buildings.get(&key) {
            Some(b) => *b,
            None => {
                let b = grid::building_under(conn, row.community, &row.building)?.map(|n| n.id);
                self.buildings.insert(key, b);
                b
            }
        };
        let same_home = building == Some(building_id) && unit == row.unit && room == row.room;
        conflict_of(
            conn,
            number,
            household_id,
            name.clone(),
            &row.resident.name,
            !opts.allow_move && !same_home,
            !opts.allow_rename && name != row.resident.name,
        )
    }
}

/// The conflict of a row with the person registered under its ID, when the
/// row would move or rename them without leave.
fn conflict_of(
    conn: &Connection,
    number: &str,
    household_id: i64,
    name: String,
    new_name: &str,
    moves: bool,
    renames: bool,
) -> Result<Option<Conflict>> {
    if !moves && !renames {
        return Ok(None);
    }
    Ok(Some(Conflict {
        id: ident::mask_id(number),
        at: household_label(conn, household_id)?,
        new_name: (name != new_name).then(|| new_name.to_string()),
        name,
        moves,
        renames,
    }))
}

/// `锦华家园社区 1-1-101`, for a household voided or not.
fn household_label(conn: &Connection, id: i64) -> Result<String> {
    let h = conn
        .prepare_cached(&format!("{} WHERE h.id = ?1", household::HOUSEHOLD_SELECT))?
        .query_row([id], household::household_row)?;
    Ok(h.label())
}

/// A household as an import has seen it.
struct Seen {
    /// Added by this import.
    added: bool,
    /// Changed by this import.
    changed: bool,
    has_phone: bool,
}

/// Creates what the rows need in the grid and caches ids.
struct GridWriter {
    areas: HashMap<(i64, String), i64>,
    buildings: HashMap<(i64, String), i64>,
}

impl GridWriter {
    fn new() -> Self {
        GridWriter {
            areas: HashMap::new(),
            buildings: HashMap::new(),
        }
    }

    fn area(
        &mut self,
        conn: &Connection,
        now: super::Time,
        actor: Option<i64>,
        community: i64,
        name: &str,
        s: &mut Summary,
    ) -> Result<i64> {
        if let Some(id) = self.areas.get(&(community, name.to_string())) {
            return Ok(*id);
        }
        let id = match grid::child_named(conn, community, name)? {
            Some(n) => n.id,
            None => {
                s.areas_created += 1;
                grid::add(
                    conn,
                    now,
                    actor,
                    &NewNode {
                        parent_id: Some(community),
                        level: NodeLevel::Area,
                        name,
                        num: None,
                        is_group: false,
                    },
                )?
            }
        };
        self.areas.insert((community, name.to_string()), id);
        Ok(id)
    }

    fn building(
        &mut self,
        conn: &Connection,
        now: super::Time,
        actor: Option<i64>,
        row: &Row,
        s: &mut Summary,
    ) -> Result<i64> {
        // Building numbers are unique within a community: look there first,
        // whatever area the file names.
        if let Some(id) = self.buildings.get(&(row.community, row.building.clone())) {
            return Ok(*id);
        }
        let id = match grid::building_under(conn, row.community, &row.building)? {
            Some(n) => n.id,
            None => {
                // A new building goes under the named area (made if new), or
                // straight under the community.
                let parent = match &row.area {
                    Some(a) => self.area(conn, now, actor, row.community, a, s)?,
                    None => row.community,
                };
                s.buildings_created += 1;
                let name = format!("{}号楼", row.building);
                grid::add(
                    conn,
                    now,
                    actor,
                    &NewNode {
                        parent_id: Some(parent),
                        level: NodeLevel::Building,
                        name: &name,
                        num: Some(&row.building),
                        is_group: false,
                    },
                )?
            }
        };
        self.buildings
            .insert((row.community, row.building.clone()), id);
        Ok(id)
    }
}

/// A household whose head left (`why`, for the log): if it has no head
/// now, it gets one by the relation rules ([`relation::successor`]), or is
/// tagged [`relation::HEADLESS_TAG`] when no one fits. Each change is an event.
fn succeed(
    conn: &Connection,
    now: super::Time,
    actor: Option<i64>,
    household_id: i64,
    why: &str,
    s: &mut Summary,
) -> Result<()> {
    let members = household::members(conn, household_id)?;
    if members.iter().any(|m| relation::is_head(&m.relation)) {
        return Ok(());
    }
    let today = now.date_naive();
    // Birth dates are written by the program as YYYY-MM-DD; one that is not
    // counts as unknown, which only keeps its bearer from being chosen.
    let candidates: Vec<(&str, Option<NaiveDate>)> = members
        .iter()
        .map(|m| {
            let birth = m
                .birth_date
                .as_deref()
                .and_then(|b| NaiveDate::parse_from_str(b, "%Y-%m-%d").ok());
            (m.relation.as_str(), birth)
        })
        .collect();
    let t = fmt_time(now);
    match relation::successor(&candidates, today) {
        Some(i) => {
            let m = &members[i];
            conn.prepare_cached(
                "UPDATE resident SET relation = '02', updated_at = ?1, version = version + 1 WHERE id = ?2",
            )?
            .execute(params![t, m.id])?;
            append(
                conn,
                now,
                &NewEvent {
                    staff_id: actor,
                    entity: "resident",
                    entity_id: m.id,
                    kind: "update",
                    note: Some(why),
                    before: Some(serde_json::json!({"relation": m.relation}).to_string()),
                    after: Some(serde_json::json!({"relation": "02"}).to_string()),
                    ..Default::default()
                },
            )?;
            s.new_heads += 1;
        }
        None => {
            let old: String = conn.query_row(
                "SELECT tags FROM household WHERE id = ?1",
                [household_id],
                |r| r.get(0),
            )?;
            // The tags as they were, the flag added after them.
            if !relation::split_tags(&old)
                .iter()
                .any(|x| x == relation::HEADLESS_TAG)
            {
                let new = if old.trim().is_empty() {
                    relation::HEADLESS_TAG.to_string()
                } else {
                    format!("{old};{}", relation::HEADLESS_TAG)
                };
                conn.prepare_cached(
                    "UPDATE household SET tags = ?1, updated_at = ?2, version = version + 1 WHERE id = ?3",
                )?
                .execute(params![new, t, household_id])?;
                append(
                    conn,
                    now,
                    &NewEvent {
                        staff_id: actor,
                        entity: "household",
                        entity_id: household_id,
                        kind: "update",
                        note: Some(why),
                        before: Some(serde_json::json!({"tags": old}).to_string()),
                        after: Some(serde_json::json!({"tags": new}).to_string()),
                        ..Default::default()
                    },
                )?;
            }
            s.headless += 1;
        }
    }
    Ok(())
}

fn masked_json(r: &NewResident) -> String {
    serde_json::json!({"name": r.name, "relation": r.relation, "id_number": r.id_number.as_deref().map(ident::mask_id),
                       "mobile": r.mobile.as_deref().map(ident::mask_phone), "tags": r.tags.join(";"), "note": r.note})
    .to_string()
}

impl Store {
    /// Validates, then imports in one transaction. With `dry_run` the
    /// transaction is rolled back: the summary says what would change. A
    /// row that would move or rename a registered person is refused.
    pub fn import_households<'a>(
        &mut self,
        path: impl Into<Source<'a>>,
        actor: i64,
        dry_run: bool,
        progress: Progress<'_>,
    ) -> Result<std::result::Result<Summary, Vec<LineError>>> {
        let opts = Options {
            dry_run,
            ..Options::default()
        };
        self.import_households_with(path, actor, opts, progress)
    }

    /// An import that may also move people between households or rename
    /// them, as `opts` allows. Supervisors only; every record it writes is
    /// logged as `actor`'s.
    pub fn import_households_with<'a>(
        &mut self,
        path: impl Into<Source<'a>>,
        actor: i64,
        opts: Options,
        progress: Progress<'_>,
    ) -> Result<std::result::Result<Summary, Vec<LineError>>> {
        self.require(actor, crate::domain::lifecycle::Permission::ImportRegister)?;
        let actor = Some(actor);
        // A larger page cache (64 MB) so the lookups of the check and the
        // index pages of the writing are not spilled and re-read; the sorter
        // that builds indexes spills to temporary files beyond it instead of
        // growing in memory.
        self.conn
            .execute_batch("PRAGMA cache_size = -65536; PRAGMA temp_store = FILE;")?;
        let out = self.check_then_write(path.into(), actor, opts, progress);
        let restored = self
            .conn
            .execute_batch("PRAGMA cache_size = -2000; PRAGMA temp_store = MEMORY;");
        let s = out?;
        restored?;
        Ok(s)
    }

    fn check_then_write(
        &mut self,
        path: Source<'_>,
        actor: Option<i64>,
        opts: Options,
        progress: Progress<'_>,
    ) -> Result<std::result::Result<Summary, Vec<LineError>>> {
        let now = self.now();
        let today = now.date_naive();
        // The check reads the register in one read transaction: one lock
        // for all its lookups, not one per row. Deferred, so counters keep
        // writing meanwhile (the connection's default is IMMEDIATE).
        let read = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Deferred)?;
        let (errs, rows, ignored, enc) = validate(&read, path, today, opts, progress)?;
        read.commit()?;
        if !errs.is_empty() {
            return Ok(Err(errs));
        }
        let s = Summary {
            rows,
            ignored_columns: ignored,
            encoding: enc,
            ..Default::default()
        };
        self.write_rows(path, actor, opts, progress, s)
    }

    /// The writing half of an import, on validated rows, in one transaction.
    /// A move or rename without leave that validation did not see (the
    /// register changed in between) rolls everything back.
    fn write_rows(
        &mut self,
        path: Source<'_>,
        actor: Option<i64>,
        opts: Options,
        progress: Progress<'_>,
        mut s: Summary,
    ) -> Result<std::result::Result<Summary, Vec<LineError>>> {
        let now = self.now();
        let today = now.date_naive();
        let rows = s.rows;
        let g = Grid::load(&self.conn)?;
        let mut records = super::table::open(path).map_err(std::io::Error::from)?;
        let tx = self.conn.transaction()?;
        // A file larger than the register: bulk mode. IDs already in the
        // database are looked up in memory, as their index is dropped.
        let existing: i64 = tx.query_row("SELECT count(*) FROM resident", [], |r| r.get(0))?;
        let bulk = (rows as i64 > existing)
            .then(|| Dropped::drop_all(&tx))
            .transpose()?;
        let known_ids: Option<HashMap<u64, i64>> = match bulk {
            Some(_) => {
                let mut m = HashMap::with_capacity(existing as usize);
                let mut st = tx.prepare(
                    "SELECT id_number, id FROM resident WHERE id_number IS NOT NULL AND voided_at IS NULL",
                )?;
                let mut q = st.query([])?;
                while let Some(r) = q.next()? {
                    let number: String = r.get(0)?;
                    m.insert(id_key(&number), r.get(1)?);
                }
                Some(m)
            }
            None => None,
        };
        let h = records
            .next()
            .and_then(|r| r.ok())
            .and_then(|head| header(&head).ok())
            .ok_or_else(|| super::Error::Invalid {
                what: super::Field::Address,
                value: path.path.display().to_string(),
            })?;
        let mut gw = GridWriter::new();
        // Per household touched: what the import did to it, and whether it
        // has a phone. The rows of a household usually follow each other:
        // the last address is looked up once.
        let mut touched: HashMap<i64, Seen> = HashMap::new();
        let mut last: Option<(i64, String, String, i64)> = None;
        // Names indexed by this import: a repeated name costs nothing.
        let mut names: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut ignore = Vec::new();
        let mut conflicts = Vec::new();
        // Households whose head moved out, and why: each must end with a
        // head, or be flagged.
        let mut left_by_head: std::collections::BTreeMap<i64, String> = Default::default();
        let t = fmt_time(now);
        // Rows written so far, for the progress shown.
        let mut i = 0usize;
        for rec in records {
            let rec = rec.map_err(|line| super::Error::Io(format!("line {line}")))?;
            if rec.blank() {
                continue;
            }
            i += 1;
            let Some(row) = validate_row(&rec, rec.line, &h, &g, today, &mut ignore) else {
                continue;
            };
            let bid = gw.building(&tx, now, actor, &row, &mut s)?;
            let is_head = row.resident.relation == "02" || !row.relation_given;
            let hid = match &last {
                Some((b, u, r, id)) if *b == bid && *u == row.unit && *r == row.room => *id,
                _ => {
                    let existing: Option<(i64, bool)> = tx
                        .prepare_cached(
                            "SELECT id, phone IS NOT NULL FROM household
                              WHERE building_id = ?1 AND unit = ?2 AND room = ?3 AND voided_at IS NULL",
                        )?
                        .query_row(params![bid, row.unit, row.room], |r| {
                            Ok((r.get(0)?, r.get(1)?))
                        })
                        .optional()?;
                    let id = match existing {
                        Some((id, has_phone)) => {
                            touched.entry(id).or_insert(Seen {
                                added: false,
                                changed: false,
                                has_phone,
                            });
                            id
                        }
                        None => {
                            let phone = row.resident.mobile.as_deref().filter(|_| is_head);
                            let id = household::add(
                                &tx,
                                now,
                                actor,
                                &NewHousehold {
                                    building_id: bid,
                                    unit: &row.unit,
                                    room: &row.room,
                                    phone,
                                    tags: "",
                                    note: "",
                                },
                            )?;
                            touched.insert(
                                id,
                                Seen {
                                    added: true,
                                    changed: false,
                                    has_phone: phone.is_some(),
                                },
                            );
                            id
                        }
                    };
                    last = Some((bid, row.unit.clone(), row.room.clone(), id));
                    id
                }
            };
            let new_household = touched.get(&hid).is_some_and(|h| h.added);
            // The resident: by ID, else by name in the household.
            let mut r = row.resident.clone();
            let found: Option<household::Resident> = match (&r.id_number, &known_ids) {
                (Some(n), Some(known)) => match known.get(&id_key(n)) {
                    Some(id) => Some(household::resident(&tx, *id)?),
                    None => None,
                },
                (Some(n), None) => household::resident_by_id_number(&tx, n)?,
                (None, _) => tx
                    .prepare_cached(&format!("{} WHERE r.household_id = ?1 AND r.name = ?2 AND r.voided_at IS NULL LIMIT 1", household::RESIDENT_SELECT))?
                    .query_row(params![hid, r.name], household::resident_row)
                    .optional()?,
            };
            let mut household_changed = false;
            match found {
                None => {
                    if !row.relation_given {
                        let members: i64 = tx.query_row("SELECT count(*) FROM resident WHERE household_id = ?1 AND voided_at IS NULL", [hid], |x| x.get(0))?;
                        r.relation = if members == 0 {
                            "02".into()
                        } else {
                            "8".into()
                        };
                    }
                    // Validation proved the ID is new to the file; the lookup above, to the database.
                    household::insert_resident(&tx, now, actor, hid, &r)?;
                    if !names.contains(&r.name) {
                        household::index_name(&tx, &r.name)?;
                        names.insert(r.name.clone());
                    }
                    s.residents_added += 1;
                    household_changed = !new_household;
                }
                Some(old) => {
                    let moved = old.household_id != hid;
                    let renamed = old.name != r.name;
                    let (moves, renames) =
                        (moved && !opts.allow_move, renamed && !opts.allow_rename);
                    if moves || renames {
                        let number = old.id_number.as_deref().unwrap_or_default();
                        if let Some(c) = conflict_of(
                            &tx,
                            number,
                            old.household_id,
                            old.name.clone(),
                            &r.name,
                            moves,
                            renames,
                        )? {
                            conflicts.push(LineError {
                                line: rec.line,
                                column: Some(Col::IdNumber),
                                reason: Reason::Conflict(c),
                            });
                        }
                        continue;
                    }
                    let relation = if row.relation_given {
                        r.relation.clone()
                    } else if moved {
                        // A relation to the old head means nothing in the new household.
                        let members: i64 = tx.query_row("SELECT count(*) FROM resident WHERE household_id = ?1 AND voided_at IS NULL", [hid], |x| x.get(0))?;
                        if members == 0 { "02" } else { "8" }.to_string()
                    } else {
                        old.relation.clone()
                    };
                    let tags = if r.tags.is_empty() {
                        old.tags.clone()
                    } else {
                        r.tags.join(";")
                    };
                    let mobile = r.mobile.clone().or(old.mobile.clone());
                    let note = if r.note.is_empty() {
                        old.note.clone()
                    } else {
                        r.note.clone()
                    };
                    let others_same = old.mobile == mobile
                        && old.relation == relation
                        && old.tags == tags
                        && old.note == note;
                    if !moved && !renamed && others_same {
                        s.residents_unchanged += 1;
                    } else {
                        tx.prepare_cached(
                            "UPDATE resident SET household_id = ?1, name = ?2, mobile = ?3, relation = ?4, tags = ?5, note = ?6,
                                    updated_at = ?7, version = version + 1 WHERE id = ?8",
                        )?
                        .execute(params![hid, r.name, mobile, relation, tags, note, t, old.id])?;
                        if moved {
                            let from = serde_json::json!({"household_id": old.household_id, "household": household_label(&tx, old.household_id)?});
                            let to = serde_json::json!({"household_id": hid, "household": household_label(&tx, hid)?});
                            append(
                                &tx,
                                now,
                                &NewEvent {
                                    staff_id: actor,
                                    entity: "resident",
                                    entity_id: old.id,
                                    kind: "move",
                                    note: Some("import"),
                                    before: Some(from.to_string()),
                                    after: Some(to.to_string()),
                                    ..Default::default()
                                },
                            )?;
                            // The household left has changed (it lost a member).
                            match touched.entry(old.household_id) {
                                std::collections::hash_map::Entry::Occupied(mut e) => {
                                    e.get_mut().changed = true;
                                }
                                std::collections::hash_map::Entry::Vacant(e) => {
                                    let has_phone: bool = tx.query_row(
                                        "SELECT phone IS NOT NULL FROM household WHERE id = ?1",
                                        [old.household_id],
                                        |x| x.get(0),
                                    )?;
                                    e.insert(Seen {
                                        added: false,
                                        changed: true,
                                        has_phone,
                                    });
                                }
                            }
                            if relation::is_head(&old.relation) {
                                left_by_head.insert(
                                    old.household_id,
                                    format!("import: {} (head) moved out", old.name),
                                );
                            }
                            s.residents_moved += 1;
                        }
                        if renamed {
                            if !names.contains(&r.name) {
                                household::index_name(&tx, &r.name)?;
                                names.insert(r.name.clone());
                            }
                            append(
                                &tx,
                                now,
                                &NewEvent {
                                    staff_id: actor,
                                    entity: "resident",
                                    entity_id: old.id,
                                    kind: "rename",
                                    note: Some("import"),
                                    before: Some(serde_json::json!({"name": old.name}).to_string()),
                                    after: Some(serde_json::json!({"name": r.name}).to_string()),
                                    ..Default::default()
                                },
                            )?;
                            s.residents_renamed += 1;
                        }
                        if !others_same {
                            let before = NewResident {
                                name: old.name.clone(),
                                id_number: old.id_number.clone(),
                                gender: old.gender.as_deref().and_then(Gender::from_code),
                                birth_date: None,
                                mobile: old.mobile.clone(),
                                relation: old.relation.clone(),
                                tags: relation::split_tags(&old.tags),
                                note: old.note.clone(),
                            };
                            let after = NewResident {
                                mobile: mobile.clone(),
                                relation,
                                tags: relation::split_tags(&tags),
                                note,
                                ..r.clone()
                            };
                            append(
                                &tx,
                                now,
                                &NewEvent {
                                    staff_id: actor,
                                    entity: "resident",
                                    entity_id: old.id,
                                    kind: "update",
                                    note: Some("import"),
                                    before: Some(masked_json(&before)),
                                    after: Some(masked_json(&after)),
                                    ..Default::default()
                                },
                            )?;
                            if !moved && !renamed {
                                s.residents_updated += 1;
                            }
                        }
                        household_changed = true;
                    }
                }
            }
            // A household without a phone takes its head's.
            if let Some(seen) = touched.get_mut(&hid) {
                if is_head
                    && !seen.has_phone
                    && let Some(m) = &r.mobile
                {
                    tx.prepare_cached("UPDATE household SET phone = ?1, updated_at = ?2, version = version + 1 WHERE id = ?3")?.execute(params![m, t, hid])?;
                    append(
                        &tx,
                        now,
                        &NewEvent {
                            staff_id: actor,
                            entity: "household",
                            entity_id: hid,
                            kind: "update",
                            note: Some("import"),
                            after: Some(ident::mask_phone(m)),
                            ..Default::default()
                        },
                    )?;
                    seen.has_phone = true;
                    household_changed = !new_household;
                }
                seen.changed |= household_changed;
            }
            if i.is_multiple_of(50_000) {
                progress(Stage::Write, i);
            }
        }
        if !conflicts.is_empty() {
            tx.rollback()?;
            return Ok(Err(conflicts));
        }
        for (household_id, why) in &left_by_head {
            succeed(&tx, now, actor, *household_id, why, &mut s)?;
        }
        for seen in touched.values() {
            match (seen.added, seen.changed) {
                (true, _) => s.households_added += 1,
                (false, true) => s.households_updated += 1,
                (false, false) => s.households_unchanged += 1,
            }
        }
        if opts.dry_run {
            tx.rollback()?;
        } else {
            if let Some(dropped) = bulk {
                progress(Stage::Index, existing as usize + s.residents_added);
                dropped.rebuild(&tx)?;
            }
            append(
                &tx,
                now,
                &NewEvent {
                    staff_id: actor,
                    entity: "database",
                    entity_id: 0,
                    kind: "import",
                    note: Some(&format!("{} rows from {}", s.rows, path.path.display())),
                    ..Default::default()
                },
            )?;
            tx.commit()?;
        }
        Ok(Ok(s))
    }

    /// The working-day calendar from a CSV: date, holiday|workday, note.
    /// Holidays and make-up working days from a file. Supervisors only;
    /// logged.
    pub fn import_holidays<'a>(
        &mut self,
        path: impl Into<Source<'a>>,
        actor: i64,
    ) -> Result<std::result::Result<usize, Vec<(usize, String)>>> {
        self.require(actor, crate::domain::lifecycle::Permission::EditCalendar)?;
        let records = super::table::open(path).map_err(std::io::Error::from)?;
        let mut days = Vec::new();
        let mut errs = Vec::new();
        for (i, rec) in records.enumerate() {
            let rec = match rec {
                Ok(rec) => rec,
                Err(line) => {
                    errs.push((line, String::new()));
                    continue;
                }
            };
            let line = rec.line;
            let date = rec.get(0).unwrap_or("").trim();
            let kind = rec.get(1).unwrap_or("").trim();
            if i == 0 && crate::domain::calendar::parse_date(date).is_none() {
                continue; // a header
            }
            if date.is_empty() && kind.is_empty() {
                continue;
            }
            match (
                crate::domain::calendar::parse_date(date),
                crate::domain::calendar::DayKind::parse(kind),
            ) {
                (Some(d), Some(k)) => {
                    days.push((d, k, rec.get(2).unwrap_or("").trim().to_string()))
                }
                (None, _) => errs.push((line, date.to_string())),
                (_, None) => errs.push((line, kind.to_string())),
            }
        }
        if !errs.is_empty() {
            return Ok(Err(errs));
        }
        Ok(Ok(self.write_calendar_days(Some(actor), &days)?))
    }
}
