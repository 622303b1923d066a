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

/// The name without its level's suffix: `锦华家园社区` → `锦华家园`,
/// `陈州回族街道` → `陈州回族`; as typed at counters.
fn short_name(name: &str) -> &str {
    ["社区", "街道", "办事处"]
        .iter()
        .find_map(|s| name.strip_suffix(s).filter(|r| !r.is_empty()))
        .unwrap_or(name)
}

fn names(n: &Node, typed: &str) -> bool {
    n.name == typed || short_name(&n.name) == typed
}

/// How a node is written unambiguously: `锦华家园社区/第一片区`.
pub fn qualified(all: &[Node], n: &Node) -> String {
    match n.parent_id.and_then(|p| all.iter().find(|x| x.id == p)) {
        Some(p) if n.level != NodeLevel::District => format!("{}/{}", p.name, n.name),
        _ => n.name.clone(),
    }
}

/// The nodes `q` names: by name (with or without 社区/街道), or as
/// parent and name with a space, a slash or nothing between
/// (`锦华家园 第一片区`, `锦华家园社区/第一片区`, `锦华家园社区第一片区`).
fn named<'a>(all: &'a [Node], q: &str) -> Vec<&'a Node> {
    let exact: Vec<&Node> = all.iter().filter(|n| names(n, q)).collect();
    if !exact.is_empty() {
        return exact;
    }
    if let Some((left, right)) = q.rsplit_once(['/', ' ']) {
        let (left, right) = (left.trim(), right.trim());
        if left.is_empty() || right.is_empty() {
            return named(all, if left.is_empty() { right } else { left });
        }
        let parents: Vec<i64> = named(all, left).iter().map(|p| p.id).collect();
        return all
            .iter()
            .filter(|n| n.parent_id.is_some_and(|p| parents.contains(&p)) && names(n, right))
            .collect();
    }
    let mut out: Vec<&Node> = Vec::new();
    for p in all {
        for prefix in [p.name.as_str(), short_name(&p.name)] {
            if let Some(rest) = q.strip_prefix(prefix).filter(|r| !r.is_empty()) {
                for n in all {
                    if n.parent_id == Some(p.id) && names(n, rest) && !out.contains(&n) {
                        out.push(n);
                    }
                }
            }
        }
    }
    out
}

/// One grid node (district, subdistrict, community or area) from a name as
/// typed, for `export report --node` and the screens' filters. A name many
/// nodes share (55 areas are called 第一片区) is refused with each
/// candidate written so that it resolves (`锦华家园社区/第一片区`); a name
/// found nowhere gets the closest one. A part of one node's name alone
/// (`联盟`) is that node.
pub fn resolve(conn: &Connection, typed: &str) -> Result<Node> {
    use super::{Error, Field};
    let q = crate::domain::text::normalize(typed)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if q.is_empty() {
        return Err(Error::Empty(Field::Node));
    }
    let all = {
        let mut st =
            conn.prepare_cached(&format!("{SELECT} WHERE level <> 'building' ORDER BY id"))?;
        st.query_map([], row)?
            .collect::<rusqlite::Result<Vec<_>>>()?
    };
    let mut found = named(&all, &q);
    if found.is_empty() {
        found = all.iter().filter(|n| n.name.contains(&q)).collect();
    }
    if found.is_empty() {
        found = all
            .iter()
            .filter(|n| qualified(&all, n).contains(&q))
            .collect();
    }
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => {
            let mut spellings: Vec<String> = Vec::new();
            for n in &all {
                spellings.push(n.name.clone());
                let qn = qualified(&all, n);
                spellings.push(qn.replace('/', ""));
                spellings.push(qn);
            }
            Err(Error::NotFound {
                what: Field::Node,
                query: typed.trim().to_string(),
                closest: crate::domain::text::closest(&q, spellings.iter().map(String::as_str))
                    .map(str::to_string),
            })
        }
        many => {
            let mut candidates: Vec<String> = many.iter().map(|n| qualified(&all, n)).collect();
            candidates.sort();
            candidates.dedup();
            Err(Error::Ambiguous {
                what: Field::Node,
                query: typed.trim().to_string(),
                candidates,
            })
        }
    }
}

/// The level a node added under a node of `parent` level may have: the
/// next one down, or a building (or resident group) straight under a
/// community.
fn may_hold(parent: NodeLevel, child: NodeLevel) -> bool {
    matches!(
        (parent, child),
        (NodeLevel::District, NodeLevel::Subdistrict)
            | (NodeLevel::Subdistrict, NodeLevel::Community)
            | (NodeLevel::Community, NodeLevel::Area)
            | (NodeLevel::Community, NodeLevel::Building)
            | (NodeLevel::Area, NodeLevel::Building)
    )
}

/// Refuses anyone but an active supervisor: the grid is theirs to set.
fn supervisor(conn: &Connection, actor: i64) -> Result<()> {
    use super::{Error, Field};
    use crate::domain::lifecycle::{Role, RoleError};
    let s = super::staff::by_id(conn, actor)?;
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

/// A name already used where `name` would go: a sibling's, or, for a
/// community, any community's in the district (rows find communities by
/// name).
fn name_taken(
    conn: &Connection,
    parent: i64,
    level: NodeLevel,
    name: &str,
    except: i64,
) -> Result<bool> {
    if child_named(conn, parent, name)?.is_some_and(|n| n.id != except) {
        return Ok(true);
    }
    Ok(level == NodeLevel::Community
        && by_level(conn, NodeLevel::Community)?
            .into_iter()
            .any(|n| n.name == name && n.id != except))
}

impl super::Store {
    /// Adds one node (an area under a community, a building under an area
    /// or a community, …) as typed, logged. Supervisors only. A name a
    /// sibling has (or a building number under the same parent) is
    /// refused; so is a level the parent cannot hold.
    pub fn add_grid_node(
        &mut self,
        actor: i64,
        parent: i64,
        level: NodeLevel,
        name: &str,
        num: Option<&str>,
    ) -> Result<i64> {
        use super::{Error, Field};
        supervisor(&self.conn, actor)?;
        let what = if level == NodeLevel::Building {
            Field::Building
        } else {
            Field::Node
        };
        let name = super::typed_text(name, what)?;
        let num = match num.map(str::trim) {
            Some("") => return Err(Error::Empty(Field::Building)),
            n => n,
        };
        let now = self.now();
        let tx = self.conn.transaction()?;
        let p = get(&tx, parent)?.ok_or(Error::NotFound {
            what: Field::Node,
            query: parent.to_string(),
            closest: None,
        })?;
        if !may_hold(p.level, level) {
            return Err(Error::Invalid {
                what: Field::Node,
                value: format!("{} / {}", p.name, name),
            });
        }
        if name_taken(&tx, parent, level, &name, 0)? {
            return Err(Error::Duplicate { what, value: name });
        }
        if let Some(n) = num
            && children(&tx, Some(parent))?
                .iter()
                .any(|c| c.num.as_deref() == Some(n))
        {
            return Err(Error::Duplicate {
                what: Field::Building,
                value: n.to_string(),
            });
        }
        let id = add(
            &tx,
            now,
            Some(actor),
            &NewNode {
                parent_id: Some(parent),
                level,
                name: &name,
                num,
                is_group: false,
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Renames one node, with the reason in the log. Supervisors only; a
    /// name a sibling has (or another community's) is refused.
    pub fn rename_grid_node(
        &mut self,
        actor: i64,
        node: i64,
        new_name: &str,
        reason: &str,
    ) -> Result<()> {
        use super::event::{NewEvent, append};
        use super::{Error, Field};
        supervisor(&self.conn, actor)?;
        let name = super::typed_text(new_name, Field::Node)?;
        let reason = super::typed_text(reason, Field::Reason)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let before = get(&tx, node)?.ok_or(Error::NotFound {
            what: Field::Node,
            query: node.to_string(),
            closest: None,
        })?;
        if before.name == name {
            return Ok(());
        }
        if let Some(p) = before.parent_id
            && name_taken(&tx, p, before.level, &name, node)?
        {
            return Err(Error::Duplicate {
                what: Field::Node,
                value: name,
            });
        }
        tx.execute(
            "UPDATE grid_node SET name = ?1 WHERE id = ?2",
            params![name, node],
        )?;
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "grid_node",
                entity_id: node,
                kind: "rename",
                reason: Some(&reason),
                note: Some(&before.name),
                before: Some(serde_json::json!({"name": before.name}).to_string()),
                after: Some(serde_json::json!({"name": name}).to_string()),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }
}
