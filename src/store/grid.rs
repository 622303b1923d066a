//! The grid: district → subdistrict → community → area → building.

use super::event::created;
use super::{Result, Time};
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeLevel {
    District,
    Subdistrict,
    Community,
    Area,
    Building,
}

impl NodeLevel {
    pub fn code(self) -> &'static str {
        match self {
            NodeLevel::District => "district",
            NodeLevel::Subdistrict => "subdistrict",
            NodeLevel::Community => "community",
            NodeLevel::Area => "area",
            NodeLevel::Building => "building",
        }
    }
    pub fn parse(s: &str) -> Option<NodeLevel> {
        [
            NodeLevel::District,
            NodeLevel::Subdistrict,
            NodeLevel::Community,
            NodeLevel::Area,
            NodeLevel::Building,
        ]
        .into_iter()
        .find(|l| l.code() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Node {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub level: NodeLevel,
    pub name: String,
    pub num: Option<String>,
    pub is_group: bool,
}

const SELECT: &str = "SELECT id, parent_id, level, name, num, is_group FROM grid_node";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Node> {
    let level: String = r.get(2)?;
    Ok(Node {
        id: r.get(0)?,
        parent_id: r.get(1)?,
        level: NodeLevel::parse(&level).unwrap_or(NodeLevel::Building),
        name: r.get(3)?,
        num: r.get(4)?,
        is_group: r.get(5)?,
    })
}

pub struct NewNode<'a> {
    pub parent_id: Option<i64>,
    pub level: NodeLevel,
    pub name: &'a str,
    pub num: Option<&'a str>,
    pub is_group: bool,
}

pub fn add(conn: &Connection, now: Time, actor: Option<i64>, n: &NewNode<'_>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO grid_node(parent_id, level, name, num, is_group) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        n.parent_id,
        n.level.code(),
        n.name,
        n.num,
        n.is_group
    ])?;
    let id = conn.last_insert_rowid();
    let after = serde_json::json!({"parent_id": n.parent_id, "level": n.level.code(), "name": n.name, "num": n.num}).to_string();
    created(conn, now, actor, "grid_node", id, after)?;
    Ok(id)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<Node>> {
    let mut st = conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?;
    Ok(st.query_row([id], row).optional()?)
}

pub fn children(conn: &Connection, parent: Option<i64>) -> Result<Vec<Node>> {
    let mut st = conn.prepare_cached(&format!(
        "{SELECT} WHERE parent_id IS ?1 AND active = 1
         ORDER BY CASE WHEN num GLOB '[0-9]*' THEN CAST(num AS INTEGER) END, num, name"
    ))?;
    let v = st
        .query_map([parent], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

pub fn child_named(conn: &Connection, parent: i64, name: &str) -> Result<Option<Node>> {
    let mut st = conn.prepare_cached(&format!("{SELECT} WHERE parent_id = ?1 AND name = ?2"))?;
    Ok(st.query_row(params![parent, name], row).optional()?)
}

/// The building numbered `num` under `parent` (an area or community).
pub fn building_under(conn: &Connection, parent: i64, num: &str) -> Result<Option<Node>> {
    let mut st = conn.prepare_cached(&format!(
        "{SELECT} WHERE level = 'building' AND num = ?2 AND (parent_id = ?1 OR parent_id IN (SELECT id FROM grid_node WHERE parent_id = ?1))
         ORDER BY id LIMIT 1"
    ))?;
    Ok(st.query_row(params![parent, num], row).optional()?)
}

/// Communities and areas whose name equals or contains `name`.
pub fn places_named(conn: &Connection, name: &str) -> Result<Vec<Node>> {
    let mut st = conn.prepare_cached(&format!(
        "{SELECT} WHERE level IN ('community','area','subdistrict') AND (name = ?1 OR instr(name, ?1) > 0)
         ORDER BY name <> ?1, length(name) LIMIT 50"
    ))?;
    let v = st
        .query_map([name], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

pub fn by_level(conn: &Connection, level: NodeLevel) -> Result<Vec<Node>> {
    let mut st = conn.prepare_cached(&format!("{SELECT} WHERE level = ?1 ORDER BY id"))?;
    let v = st
        .query_map([level.code()], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// The chain from the district down to `id`.
pub fn path(conn: &Connection, id: i64) -> Result<Vec<Node>> {
    let mut out = Vec::new();
    let mut cur = Some(id);
    while let Some(i) = cur {
        match get(conn, i)? {
            Some(n) => {
                cur = n.parent_id;
                out.push(n);
            }
            None => break,
        }
        if out.len() > 8 {
            break;
        }
    }
    out.reverse();
    Ok(out)
}

/// The community above a node (or the node itself).
pub fn community_of(conn: &Connection, id: i64) -> Result<Option<Node>> {
    Ok(path(conn, id)?
        .into_iter()
        .find(|n| n.level == NodeLevel::Community))
}
