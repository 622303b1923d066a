//! The grid from the hall's own file (`griddesk import grid`) and back
//! (`griddesk export grid`): one row per building or resident group with
//! its subdistrict, community and area; a row with the building blank is
//! just the community (or its area). Same encodings and separators as the
//! household import. Every row is checked; any bad row and nothing is
//! written. Names are stored as typed; a rename is only ever explicit
//! (`--rename OLD=NEW`), and a community or building that the file puts
//! somewhere else than the register has it is a bad line, never a move.

use super::event::{NewEvent, append, created};
use super::export::{Kind, Style, TableWriter};
use super::grid::{self, Node, NodeLevel};
use super::table::{Columns, Record, Source};
use super::{Error, Field, Result, Store, Time};
use crate::domain::address;
use crate::domain::lifecycle::{Role, RoleError};
use crate::domain::text::{FreeTextError, free_text, limits, normalize};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{HashMap, HashSet};
use std::io::Write;

/// The columns of a grid file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GridCol {
    Subdistrict,
    Community,
    Area,
    Building,
    Group,
    Leader,
    Units,
    Floors,
    RoomsPerFloor,
}

impl GridCol {
    pub const ALL: [GridCol; 9] = [
        GridCol::Subdistrict,
        GridCol::Community,
        GridCol::Area,
        GridCol::Building,
        GridCol::Group,
        GridCol::Leader,
        GridCol::Units,
        GridCol::Floors,
        GridCol::RoomsPerFloor,
    ];
    /// The columns `export grid` writes, in order.
    pub const EXPORTED: [GridCol; 8] = [
        GridCol::Subdistrict,
        GridCol::Community,
        GridCol::Area,
        GridCol::Building,
        GridCol::Leader,
        GridCol::Units,
        GridCol::Floors,
        GridCol::RoomsPerFloor,
    ];
    pub fn zh(self) -> &'static str {
        self.names()[0]
    }
    pub fn en(self) -> &'static str {
        self.names()[1]
    }
    fn names(self) -> &'static [&'static str] {
        match self {
            GridCol::Subdistrict => &["街道", "subdistrict", "街道办事处", "所属街道"],
            GridCol::Community => &["社区", "community", "所属社区", "社区名称"],
            GridCol::Area => &["片区", "area", "网格", "所属片区"],
            GridCol::Building => &["楼栋", "building", "楼号", "楼"],
            GridCol::Group => &["居民小组", "group", "小组"],
            GridCol::Leader => &["楼栋长", "leader", "楼长"],
            GridCol::Units => &["单元数", "units"],
            GridCol::Floors => &["层数", "floors"],
            GridCol::RoomsPerFloor => &["每层户数", "rooms_per_floor"],
        }
    }
    fn parse(header: &str) -> Option<GridCol> {
        let h = normalize(header)
            .trim_matches(['*', ' ', '"'])
            .to_lowercase();
        GridCol::ALL
            .into_iter()
            .find(|c| c.names().iter().any(|n| n.to_lowercase() == h))
    }
}

/// Why a line (or a `--rename`) was refused.
#[derive(Debug)]
pub enum GridReason {
    /// Required and empty.
    Missing,
    /// The header lacks a required column.
    NoColumn,
    Columns {
        found: usize,
        expected: usize,
    },
    /// Cannot be read (encoding or quotes).
    Encoding,
    /// A name that is too long or holds a control character.
    Text(FreeTextError),
    /// Not a building (`3`, `3号楼`, `3栋`) or a group (`第三居民小组`, `3组`).
    Building(String),
    /// Not a whole number from 1 to [`MAX_COUNT`].
    Count(String),
    /// Units, floors, rooms per floor and the leader belong to a building.
    OnlyForBuilding,
    /// The node is registered under another parent than the line says;
    /// a move is never made from a file.
    Elsewhere {
        name: String,
        registered_under: String,
        line_says: String,
    },
    /// Another kind of node has this name or number there.
    Clash {
        name: String,
        existing: String,
    },
    /// The same building or group as an earlier line.
    Twice {
        first_line: usize,
    },
    /// `init` has not been run: there is no district.
    NoDistrict,
    /// A `--rename` that is not `OLD=NEW`.
    RenameForm(String),
    /// A `--rename` whose old name does not name one node.
    RenameNode(String, Error),
}

/// One problem: `line` is 1-based (the header is line 1); 0 is the
/// command line (`--rename`) or the database.
#[derive(Debug)]
pub struct GridProblem {
    pub line: usize,
    pub column: Option<GridCol>,
    pub reason: GridReason,
}

/// The largest count of units, floors or rooms per floor a file may give.
pub const MAX_COUNT: u32 = 999;

/// Added, updated, unchanged at one level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct GridSummary {
    pub rows: usize,
    pub subdistricts: Counts,
    pub communities: Counts,
    pub areas: Counts,
    pub buildings: Counts,
    /// Leaders named by a login that is not staff (yet): (line, login).
    /// Left unset; importing the file again after the staff sets them.
    pub leaders_not_staff: Vec<(usize, String)>,
    pub ignored_columns: Vec<String>,
    pub encoding: String,
}

/// A building or group cell: its number, whether it is a group, and the
/// name it gets when new (a bare number is `3号楼` or `第3居民小组`;
/// anything else as typed). `named` is false for a bare number, whose
/// name then leaves an existing building's name alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildingCell {
    pub num: String,
    pub is_group: bool,
    pub name: String,
    pub named: bool,
}

/// A number written in Chinese up to 99 (`三`, `十二`, `二十`), or digits.
fn small_number(s: &str) -> Option<u32> {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c);
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [a] => digit(*a).map(|d| d as u32).or((*a == '十').then_some(10)),
        ['十', b] => digit(*b).map(|d| 10 + d as u32),
        [a, '十'] => digit(*a).map(|d| d as u32 * 10),
        [a, '十', b] => Some(digit(*a)? as u32 * 10 + digit(*b)? as u32),
        _ => None,
    }
    .filter(|n| *n > 0)
}

/// Parses a building or group cell; `group_column`: the cell is in the
/// 居民小组 column, where a bare number is a group.
pub fn parse_building_cell(typed: &str, group_column: bool) -> Option<BuildingCell> {
    let t = normalize(typed);
    let t = t.trim();
    let group_part = ["居民小组", "小组", "组"]
        .iter()
        .find_map(|s| t.strip_suffix(s))
        .map(|r| r.strip_prefix('第').unwrap_or(r));
    if let Some(n) = group_part.and_then(small_number) {
        return Some(BuildingCell {
            num: n.to_string(),
            is_group: true,
            name: typed.trim().to_string(),
            named: true,
        });
    }
    if group_column {
        let n = small_number(t.strip_prefix('第').unwrap_or(t))?;
        let bare = t.chars().all(|c| c.is_ascii_digit());
        return Some(BuildingCell {
            num: n.to_string(),
            is_group: true,
            name: if bare {
                format!("第{n}居民小组")
            } else {
                typed.trim().to_string()
            },
            named: !bare,
        });
    }
    let num = address::parse_building(t)?;
    let bare = t.chars().all(|c| c.is_ascii_alphanumeric());
    Some(BuildingCell {
        name: if bare {
            format!("{num}号楼")
        } else {
            typed.trim().to_string()
        },
        num,
        is_group: false,
        named: !bare,
    })
}

/// A count cell: blank is `None` (not given), else 1..=MAX_COUNT.
fn parse_count(typed: &str) -> std::result::Result<Option<u32>, ()> {
    let t = normalize(typed);
    let t = t.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<u32>() {
        Ok(n) if (1..=MAX_COUNT).contains(&n) => Ok(Some(n)),
        _ => Err(()),
    }
}

/// What the file says of a building besides where it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Chart {
    units: Option<u32>,
    floors: Option<u32>,
    rooms_per_floor: Option<u32>,
    leader: Option<i64>,
}

fn chart_of(conn: &Connection, id: i64) -> Result<Chart> {
    Ok(conn.query_row(
        "SELECT units, floors, rooms_per_floor, leader_id FROM grid_node WHERE id = ?1",
        [id],
        |r| {
            Ok(Chart {
                units: r.get(0)?,
                floors: r.get(1)?,
                rooms_per_floor: r.get(2)?,
                leader: r.get(3)?,
            })
        },
    )?)
}

fn node_json(n: &Node, c: &Chart) -> String {
    serde_json::json!({"parent_id": n.parent_id, "level": n.level.code(), "name": n.name,
        "num": n.num, "is_group": n.is_group, "units": c.units, "floors": c.floors,
        "rooms_per_floor": c.rooms_per_floor, "leader_id": c.leader})
    .to_string()
}

/// A name cell checked as typed text (one line, at most 50 characters).
fn name_cell(v: &str) -> std::result::Result<String, FreeTextError> {
    free_text(v, limits::NAME, false)
}

fn district(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM grid_node WHERE parent_id IS NULL ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

/// A name with its level's suffix taken off, for checking that a
/// `--rename` names its node in full rather than by a part.
fn bare_name(name: &str) -> &str {
    ["社区", "街道", "办事处"]
        .iter()
        .find_map(|s| name.strip_suffix(s).filter(|r| !r.is_empty()))
        .unwrap_or(name)
}

/// The node level's place in the summary.
fn counts(s: &mut GridSummary, level: NodeLevel) -> &mut Counts {
    match level {
        NodeLevel::Subdistrict | NodeLevel::District => &mut s.subdistricts,
        NodeLevel::Community => &mut s.communities,
        NodeLevel::Area => &mut s.areas,
        NodeLevel::Building => &mut s.buildings,
    }
}

/// The import's state while it walks the file.
struct Walk<'c> {
    conn: &'c Connection,
    now: Time,
    actor: i64,
    summary: GridSummary,
    /// Nodes the file named so far: counted once each.
    seen: HashSet<i64>,
    /// Nodes added or renamed by this run.
    changed: HashSet<i64>,
    /// Buildings by (community, number): the line that named them.
    buildings: HashMap<(i64, String), usize>,
}

impl Walk<'_> {
    fn add(
        &mut self,
        parent: i64,
        level: NodeLevel,
        b: Option<&BuildingCell>,
        name: &str,
        chart: &Chart,
    ) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO grid_node(parent_id, level, name, num, is_group, units, floors, rooms_per_floor, leader_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                parent,
                level.code(),
                name,
                b.map(|b| b.num.as_str()),
                b.is_some_and(|b| b.is_group),
                chart.units,
                chart.floors,
                chart.rooms_per_floor,
                chart.leader
            ])?;
        let id = self.conn.last_insert_rowid();
        let node = grid::get(self.conn, id)?.ok_or(Error::NotFound {
            what: Field::Node,
            query: name.to_string(),
            closest: None,
        })?;
        created(
            self.conn,
            self.now,
            Some(self.actor),
            "grid_node",
            id,
            node_json(&node, chart),
        )?;
        counts(&mut self.summary, level).added += 1;
        self.seen.insert(id);
        self.changed.insert(id);
        Ok(id)
    }

    /// Counts a node the file names as it stands, once.
    fn unchanged(&mut self, n: &Node) {
        if self.seen.insert(n.id) {
            counts(&mut self.summary, n.level).unchanged += 1;
        }
    }

    /// The child of `parent` named `name` at `level`, made if missing.
    fn child(
        &mut self,
        parent: &Node,
        level: NodeLevel,
        name: &str,
    ) -> std::result::Result<Node, GridReason> {
        let found = grid::child_named(self.conn, parent.id, name)
            .map_err(|e| GridReason::RenameNode(String::new(), e))?;
        match found {
            Some(n) if n.level == level => {
                self.unchanged(&n);
                Ok(n)
            }
            Some(n) => Err(GridReason::Clash {
                name: name.to_string(),
                existing: n.name,
            }),
            None => {
                let id = self
                    .add(parent.id, level, None, name, &Chart::default())
                    .map_err(|e| GridReason::RenameNode(String::new(), e))?;
                grid::get(self.conn, id)
                    .ok()
                    .flatten()
                    .ok_or(GridReason::Missing)
            }
        }
    }
}

impl Store {
    /// Refuses anyone but an active supervisor: the grid is theirs to set.
    fn require_supervisor(&self, actor: i64) -> Result<()> {
        let s = super::staff::by_id(&self.conn, actor)?;
        if !s.active {
            return Err(Error::NotFound {
                what: Field::Staff,
                query: s.login,
                closest: None,
            });
        }
        if s.role != Role::Supervisor {
            return Err(Error::Role(RoleError {
                needs: Role::Supervisor,
                has: s.role,
            }));
        }
        Ok(())
    }

    /// Imports the grid file at `path` under the district `init` made.
    /// Supervisors only; every node added, renamed or changed is an event.
    /// `renames` are `OLD=NEW` (the old name as the node resolution takes
    /// it), done before the rows are read. `Ok(Err(problems))`: nothing was
    /// written. A dry run checks and counts, and writes nothing.
    pub fn import_grid<'a>(
        &mut self,
        actor: i64,
        path: impl Into<Source<'a>>,
        renames: &[String],
        dry_run: bool,
    ) -> Result<std::result::Result<GridSummary, Vec<GridProblem>>> {
        self.require_supervisor(actor)?;
        let now = self.now();
        let mut records = super::table::open(path).map_err(std::io::Error::from)?;
        let enc = std::mem::take(&mut records.encoding);
        let tx = self.conn.transaction()?;
        let mut problems: Vec<GridProblem> = Vec::new();
        let mut w = Walk {
            conn: &tx,
            now,
            actor,
            summary: GridSummary {
                encoding: enc,
                ..Default::default()
            },
            seen: HashSet::new(),
            changed: HashSet::new(),
            buildings: HashMap::new(),
        };
        let Some(district_id) = district(&tx)? else {
            return Ok(Err(vec![GridProblem {
                line: 0,
                column: None,
                reason: GridReason::NoDistrict,
            }]));
        };
        let district = grid::get(&tx, district_id)?.ok_or(Error::NotFound {
            what: Field::Node,
            query: district_id.to_string(),
            closest: None,
        })?;
        for spec in renames {
            if let Err(reason) = rename(&mut w, spec)? {
                problems.push(GridProblem {
                    line: 0,
                    column: None,
                    reason,
                });
            }
        }
        let head = match records.next() {
            Some(Ok(r)) => r,
            _ => Record::default(),
        };
        let cols = Columns::read(&head, GridCol::parse);
        w.summary.ignored_columns = cols.ignored.clone();
        for need in cols.missing(&[GridCol::Subdistrict, GridCol::Community]) {
            problems.push(GridProblem {
                line: 1,
                column: Some(need),
                reason: GridReason::NoColumn,
            });
        }
        if problems.iter().any(|p| p.line == 1) {
            return Ok(Err(problems));
        }
        for rec in records {
            let rec = match rec {
                Ok(r) => r,
                Err(line) => {
                    problems.push(GridProblem {
                        line,
                        column: None,
                        reason: GridReason::Encoding,
                    });
                    continue;
                }
            };
            if rec.blank() {
                continue;
            }
            w.summary.rows += 1;
            row(&mut w, &district, &rec, rec.line, &cols, &mut problems)?;
        }
        if !problems.is_empty() {
            return Ok(Err(problems));
        }
        let summary = w.summary;
        if !dry_run {
            tx.commit()?;
        }
        Ok(Ok(summary))
    }

    /// Writes the grid in the import's format: one row per building or
    /// group, and one per community or area with none under it. `zh`:
    /// Chinese headers, else English. A UTF-8 BOM first, for Excel.
    pub fn export_grid(&self, out: &mut dyn Write, style: Style) -> Result<usize> {
        let mut st = self.conn.prepare(
            "SELECT g.id, g.parent_id, g.level, g.name, g.num, g.is_group,
                    g.units, g.floors, g.rooms_per_floor, s.login
               FROM grid_node g LEFT JOIN staff s ON s.id = g.leader_id
              WHERE g.active = 1
              ORDER BY g.id",
        )?;
        struct N {
            id: i64,
            parent: Option<i64>,
            level: NodeLevel,
            name: String,
            num: Option<String>,
            counts: [Option<u32>; 3],
            leader: Option<String>,
        }
        let nodes: Vec<N> = st
            .query_map([], |r| {
                let level: String = r.get(2)?;
                Ok(N {
                    id: r.get(0)?,
                    parent: r.get(1)?,
                    level: NodeLevel::parse(&level).unwrap_or(NodeLevel::Building),
                    name: r.get(3)?,
                    num: r.get(4)?,
                    counts: [r.get(6)?, r.get(7)?, r.get(8)?],
                    leader: r.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let kids = |p: i64, level: NodeLevel| -> Vec<&N> {
            let mut v: Vec<&N> = nodes
                .iter()
                .filter(|n| n.parent == Some(p) && n.level == level)
                .collect();
            if level == NodeLevel::Building {
                v.sort_by_key(|n| {
                    let num = n.num.clone().unwrap_or_default();
                    (num.parse::<u64>().unwrap_or(u64::MAX), num, n.id)
                });
            }
            v
        };
        let mut table = TableWriter::new(out, style)?;
        let head: Vec<String> = GridCol::EXPORTED
            .iter()
            .map(|c| match style.words {
                Some(crate::i18n::Lang::Zh) => c.zh().to_string(),
                _ => c.en().to_string(),
            })
            .collect();
        let kinds: Vec<Kind> = GridCol::EXPORTED
            .iter()
            .map(|c| match c {
                GridCol::Units | GridCol::Floors | GridCol::RoomsPerFloor => Kind::Number,
                _ => Kind::Text,
            })
            .collect();
        let sheet = style.words.map_or("grid", |l| l.pick("网格", "grid"));
        table.table(sheet, &head, &kinds)?;
        let mut rows = 0;
        let mut line = |out: &mut TableWriter<'_>, cells: [&str; 4], b: Option<&N>| -> Result<()> {
            let mut v: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
            v.push(b.and_then(|b| b.leader.clone()).unwrap_or_default());
            for k in 0..3 {
                v.push(
                    b.and_then(|b| b.counts[k])
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                );
            }
            out.row(&v)?;
            rows += 1;
            Ok(())
        };
        let out = &mut table;
        for d in nodes.iter().filter(|n| n.parent.is_none()) {
            for s in kids(d.id, NodeLevel::Subdistrict) {
                for c in kids(s.id, NodeLevel::Community) {
                    let direct = kids(c.id, NodeLevel::Building);
                    let areas = kids(c.id, NodeLevel::Area);
                    if direct.is_empty() && areas.is_empty() {
                        line(out, [&s.name, &c.name, "", ""], None)?;
                    }
                    for b in direct {
                        line(out, [&s.name, &c.name, "", &b.name], Some(b))?;
                    }
                    for a in areas {
                        let bs = kids(a.id, NodeLevel::Building);
                        if bs.is_empty() {
                            line(out, [&s.name, &c.name, &a.name, ""], None)?;
                        }
                        for b in bs {
                            line(out, [&s.name, &c.name, &a.name, &b.name], Some(b))?;
                        }
                    }
                }
            }
        }
        table.finish()?;
        Ok(rows)
    }
}

/// One `--rename OLD=NEW`: the node OLD names (in full, or qualified by
/// its parent) gets the name NEW, logged. `Ok(Err)`: refused.
fn rename(w: &mut Walk<'_>, spec: &str) -> Result<std::result::Result<(), GridReason>> {
    let Some((old, new)) = spec.split_once('=') else {
        return Ok(Err(GridReason::RenameForm(spec.to_string())));
    };
    let (old, new) = (old.trim(), new.trim());
    if old.is_empty() || new.is_empty() {
        return Ok(Err(GridReason::RenameForm(spec.to_string())));
    }
    let new = match name_cell(new) {
        Ok(n) => n,
        Err(e) => return Ok(Err(GridReason::Text(e))),
    };
    let node = match grid::resolve(w.conn, old) {
        Ok(n) => n,
        Err(e @ (Error::NotFound { .. } | Error::Ambiguous { .. } | Error::Empty(_))) => {
            return Ok(Err(GridReason::RenameNode(old.to_string(), e)));
        }
        Err(e) => return Err(e),
    };
    // The resolution also takes a part of a name; a rename takes the
    // whole name (with or without 社区/街道), never a similar one.
    let last = normalize(old);
    let last = last
        .rsplit(['/', ' '])
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    if node.name != last && bare_name(&node.name) != last {
        return Ok(Err(GridReason::RenameNode(
            old.to_string(),
            Error::NotFound {
                what: Field::Node,
                query: old.to_string(),
                closest: Some(grid::qualified(&[], &node).to_string()),
            },
        )));
    }
    if node.name == new {
        w.unchanged(&node);
        return Ok(Ok(()));
    }
    // Names are unique among siblings, and a community's across the
    // district (rows find communities by name).
    let taken = match node.parent_id {
        Some(p) => grid::child_named(w.conn, p, &new)?,
        None => None,
    };
    let taken = match (taken, node.level) {
        (None, NodeLevel::Community) => grid::by_level(w.conn, NodeLevel::Community)?
            .into_iter()
            .find(|n| n.name == new),
        (t, _) => t,
    };
    if let Some(other) = taken {
        return Ok(Err(GridReason::Clash {
            name: new,
            existing: other.name,
        }));
    }
    let chart = chart_of(w.conn, node.id)?;
    w.conn.execute(
        "UPDATE grid_node SET name = ?1 WHERE id = ?2",
        params![new, node.id],
    )?;
    let after = Node {
        name: new.clone(),
        ..node.clone()
    };
    append(
        w.conn,
        w.now,
        &NewEvent {
            staff_id: Some(w.actor),
            entity: "grid_node",
            entity_id: node.id,
            kind: "rename",
            note: Some(&node.name),
            before: Some(node_json(&node, &chart)),
            after: Some(node_json(&after, &chart)),
            ..Default::default()
        },
    )?;
    if w.seen.insert(node.id) {
        counts(&mut w.summary, node.level).updated += 1;
    }
    w.changed.insert(node.id);
    Ok(Ok(()))
}

/// The path of a node for a message: `东风街道/锦华家园社区`.
fn where_is(conn: &Connection, id: i64) -> Result<String> {
    Ok(grid::path(conn, id)?
        .into_iter()
        .filter(|n| n.level != NodeLevel::District)
        .map(|n| n.name)
        .collect::<Vec<_>>()
        .join("/"))
}

/// Checks one row, then makes or updates what it names.
fn row(
    w: &mut Walk<'_>,
    district: &Node,
    rec: &Record,
    line: usize,
    cols: &Columns<GridCol>,
    problems: &mut Vec<GridProblem>,
) -> Result<()> {
    let mut errs: Vec<(Option<GridCol>, GridReason)> = Vec::new();
    if let Some(found) = cols.overflow(rec) {
        errs.push((
            None,
            GridReason::Columns {
                found,
                expected: cols.width,
            },
        ));
    }
    let name = |c: GridCol, required: bool, errs: &mut Vec<(Option<GridCol>, GridReason)>| {
        let v = cols.cell(rec, c);
        if v.is_empty() {
            if required {
                errs.push((Some(c), GridReason::Missing));
            }
            return None;
        }
        match name_cell(v) {
            Ok(n) => Some(n),
            Err(e) => {
                errs.push((Some(c), GridReason::Text(e)));
                None
            }
        }
    };
    let sub = name(GridCol::Subdistrict, true, &mut errs);
    let community = name(GridCol::Community, true, &mut errs);
    let area = name(GridCol::Area, false, &mut errs);
    let (bcol, bcell) = match (
        cols.cell(rec, GridCol::Building),
        cols.cell(rec, GridCol::Group),
    ) {
        ("", "") => (GridCol::Building, ""),
        ("", g) => (GridCol::Group, g),
        (b, _) => (GridCol::Building, b),
    };
    let building = if bcell.is_empty() {
        None
    } else {
        let b = parse_building_cell(bcell, bcol == GridCol::Group);
        if b.is_none() {
            errs.push((Some(bcol), GridReason::Building(bcell.to_string())));
        }
        b
    };
    let mut chart = Chart::default();
    for (c, slot) in [
        (GridCol::Units, &mut chart.units),
        (GridCol::Floors, &mut chart.floors),
        (GridCol::RoomsPerFloor, &mut chart.rooms_per_floor),
    ] {
        let v = cols.cell(rec, c);
        match parse_count(v) {
            Ok(n) => *slot = n,
            Err(()) => errs.push((Some(c), GridReason::Count(v.to_string()))),
        }
    }
    let leader = cols.cell(rec, GridCol::Leader);
    if bcell.is_empty() {
        for (c, given) in [
            (GridCol::Leader, !leader.is_empty()),
            (GridCol::Units, chart.units.is_some()),
            (GridCol::Floors, chart.floors.is_some()),
            (GridCol::RoomsPerFloor, chart.rooms_per_floor.is_some()),
        ] {
            if given {
                errs.push((Some(c), GridReason::OnlyForBuilding));
            }
        }
    }
    if !errs.is_empty() {
        problems.extend(errs.into_iter().map(|(column, reason)| GridProblem {
            line,
            column,
            reason,
        }));
        return Ok(());
    }
    let (Some(sub), Some(community)) = (sub, community) else {
        return Ok(());
    };
    let mut fail = |column: GridCol, reason: GridReason| {
        problems.push(GridProblem {
            line,
            column: Some(column),
            reason,
        });
        Ok(())
    };
    // The subdistrict, under the district.
    let sub = match w.child(district, NodeLevel::Subdistrict, &sub) {
        Ok(n) => n,
        Err(GridReason::RenameNode(_, e)) => return Err(e),
        Err(r) => return fail(GridCol::Subdistrict, r),
    };
    // The community: under this subdistrict, or a bad line if the register
    // has it under another one.
    let c = match grid::child_named(w.conn, sub.id, &community)? {
        Some(n) if n.level == NodeLevel::Community => {
            w.unchanged(&n);
            n
        }
        Some(n) => {
            return fail(
                GridCol::Community,
                GridReason::Clash {
                    name: community,
                    existing: n.name,
                },
            );
        }
        None => {
            let elsewhere = grid::by_level(w.conn, NodeLevel::Community)?
                .into_iter()
                .find(|n| n.name == community);
            if let Some(n) = elsewhere {
                let parent = n.parent_id.unwrap_or(n.id);
                return fail(
                    GridCol::Subdistrict,
                    GridReason::Elsewhere {
                        name: community,
                        registered_under: where_is(w.conn, parent)?,
                        line_says: sub.name,
                    },
                );
            }
            match w.child(&sub, NodeLevel::Community, &community) {
                Ok(n) => n,
                Err(GridReason::RenameNode(_, e)) => return Err(e),
                Err(r) => return fail(GridCol::Community, r),
            }
        }
    };
    let parent = match &area {
        Some(a) => match w.child(&c, NodeLevel::Area, a) {
            Ok(n) => n,
            Err(GridReason::RenameNode(_, e)) => return Err(e),
            Err(r) => return fail(GridCol::Area, r),
        },
        None => c.clone(),
    };
    let Some(b) = building else { return Ok(()) };
    if let Some(first) = w.buildings.get(&(c.id, b.num.clone())) {
        return fail(bcol, GridReason::Twice { first_line: *first });
    }
    w.buildings.insert((c.id, b.num.clone()), line);
    chart.leader = if leader.is_empty() {
        None
    } else {
        match super::staff::by_login(w.conn, leader)? {
            Some(s) => Some(s.id),
            None => {
                w.summary.leaders_not_staff.push((line, leader.to_string()));
                None
            }
        }
    };
    match grid::building_under(w.conn, c.id, &b.num)? {
        None => {
            if let Some(other) = grid::child_named(w.conn, parent.id, &b.name)? {
                return fail(
                    bcol,
                    GridReason::Clash {
                        name: b.name.clone(),
                        existing: other.name,
                    },
                );
            }
            w.add(parent.id, NodeLevel::Building, Some(&b), &b.name, &chart)?;
        }
        Some(n) => {
            if n.is_group != b.is_group {
                return fail(
                    bcol,
                    GridReason::Clash {
                        name: b.name.clone(),
                        existing: n.name,
                    },
                );
            }
            if n.parent_id != Some(parent.id) {
                return fail(
                    if area.is_some() { GridCol::Area } else { bcol },
                    GridReason::Elsewhere {
                        name: n.name.clone(),
                        registered_under: where_is(w.conn, n.parent_id.unwrap_or(n.id))?,
                        line_says: where_is(w.conn, parent.id)?,
                    },
                );
            }
            let old = chart_of(w.conn, n.id)?;
            // A blank cell leaves what the register has.
            let new = Chart {
                units: chart.units.or(old.units),
                floors: chart.floors.or(old.floors),
                rooms_per_floor: chart.rooms_per_floor.or(old.rooms_per_floor),
                leader: chart.leader.or(old.leader),
            };
            let new_name = if b.named {
                b.name.clone()
            } else {
                n.name.clone()
            };
            if new == old && new_name == n.name {
                w.unchanged(&n);
                return Ok(());
            }
            w.conn.execute(
                "UPDATE grid_node SET name = ?1, units = ?2, floors = ?3, rooms_per_floor = ?4, leader_id = ?5
                  WHERE id = ?6",
                params![new_name, new.units, new.floors, new.rooms_per_floor, new.leader, n.id],
            )?;
            let after = Node {
                name: new_name,
                ..n.clone()
            };
            append(
                w.conn,
                w.now,
                &NewEvent {
                    staff_id: Some(w.actor),
                    entity: "grid_node",
                    entity_id: n.id,
                    kind: "update",
                    note: Some(&n.name),
                    before: Some(node_json(&n, &old)),
                    after: Some(node_json(&after, &new)),
                    ..Default::default()
                },
            )?;
            if w.seen.insert(n.id) {
                w.summary.buildings.updated += 1;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(num: &str, group: bool, name: &str, named: bool) -> Option<BuildingCell> {
        Some(BuildingCell {
            num: num.into(),
            is_group: group,
            name: name.into(),
            named,
        })
    }

    #[test]
    fn building_and_group_cells() {
        assert_eq!(
            parse_building_cell("3", false),
            b("3", false, "3号楼", false)
        );
        assert_eq!(
            parse_building_cell("3号楼", false),
            b("3", false, "3号楼", true)
        );
        assert_eq!(
            parse_building_cell("3栋", false),
            b("3", false, "3栋", true)
        );
        assert_eq!(
            parse_building_cell("０３", false),
            b("3", false, "3号楼", false)
        );
        assert_eq!(
            parse_building_cell("第三居民小组", false),
            b("3", true, "第三居民小组", true)
        );
        assert_eq!(
            parse_building_cell("第3居民小组", false),
            b("3", true, "第3居民小组", true)
        );
        assert_eq!(parse_building_cell("3组", false), b("3", true, "3组", true));
        assert_eq!(
            parse_building_cell("第十二居民小组", false),
            b("12", true, "第十二居民小组", true)
        );
        assert_eq!(
            parse_building_cell("3", true),
            b("3", true, "第3居民小组", false)
        );
        assert_eq!(
            parse_building_cell("二十三", true),
            b("23", true, "二十三", true)
        );
        assert_eq!(parse_building_cell("三号院东", false), None);
        assert_eq!(parse_building_cell("第零组", false), None);
        assert_eq!(parse_building_cell("x y", true), None);
    }

    #[test]
    fn counts_are_whole_numbers_in_range() {
        assert_eq!(parse_count(""), Ok(None));
        assert_eq!(parse_count("６"), Ok(Some(6)));
        assert_eq!(parse_count("0"), Err(()));
        assert_eq!(parse_count("-2"), Err(()));
        assert_eq!(parse_count("2.5"), Err(()));
        assert_eq!(parse_count("1000"), Err(()));
    }
}
