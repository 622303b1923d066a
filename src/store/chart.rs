//! The building chart (楼盘表): one building's rooms, units across and
//! floors down, each room with the facts that matter at the door — who
//! lives there (the head's surname), the marks (独居, 高龄, 残疾, 低保,
//! 特困, 党员), the worst warning of its open requests and the days since
//! the last visit. A resident group (居民小组) has no units: its houses
//! are a list. Read in one transaction with a fixed number of queries,
//! whatever the size of the building.

use super::event::{NewEvent, append};
use super::grid::{Node, NodeLevel};
use super::{Error, Field, Result, Time, opt_time_col, time_col};
use crate::domain::calendar::WorkCalendar;
use crate::domain::lifecycle::Status;
use crate::domain::warning::{Clock, Warning, warning};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

/// At most this many households are read for one building; a larger one
/// says so (`Chart::cut`) instead of passing for whole.
pub const MAX_HOUSEHOLDS: usize = 5000;
/// Residents read for one building, at most.
const MAX_RESIDENTS: usize = 50_000;
/// Open requests read for one building, at most.
const MAX_OPEN: usize = 50_000;
/// An inferred building is at most this tall and this wide: a room typed
/// `9901` does not make 99 floors of empty cells, it is listed apart.
pub const MAX_INFERRED_FLOORS: u32 = 60;
pub const MAX_INFERRED_ROOMS: u32 = 20;
/// From this age on a resident is 高龄 even without the tag.
pub const ELDERLY_AGE: u32 = 80;

/// What matters at the door, in the order the chart ranks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// 独居
    LivesAlone,
    /// 高龄
    Elderly,
    /// 残疾
    Disabled,
    /// 特困
    ExtremeHardship,
    /// 低保
    MinimumIncome,
    /// 党员
    PartyMember,
}

impl Mark {
    pub const ALL: [Mark; 6] = [
        Mark::LivesAlone,
        Mark::Elderly,
        Mark::Disabled,
        Mark::ExtremeHardship,
        Mark::MinimumIncome,
        Mark::PartyMember,
    ];

    /// The tag that carries it, as the register writes it.
    pub fn tag(self) -> &'static str {
        match self {
            Mark::LivesAlone => "独居",
            Mark::Elderly => "高龄",
            Mark::Disabled => "残疾",
            Mark::ExtremeHardship => "特困",
            Mark::MinimumIncome => "低保",
            Mark::PartyMember => "党员",
        }
    }

    fn from_tag(t: &str) -> Option<Mark> {
        Mark::ALL.into_iter().find(|m| m.tag() == t)
    }
}

/// Where the floors and rooms per floor came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// The grid's `units`, `floors`, `rooms_per_floor`.
    Grid,
    /// Read off the households' rooms (`501` is floor 5, room 01).
    Inferred,
}

/// One household's facts, as the chart shows them. No phone, no ID.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Home {
    pub household_id: i64,
    /// The head's surname, or the first member's; `None`: no one registered.
    pub surname: Option<String>,
    pub marks: Vec<Mark>,
    /// The worst warning of the open requests (`Warning::None` if none).
    #[serde(serialize_with = "ser_warning")]
    pub warning: Warning,
    pub open_requests: usize,
    /// Whole days since the last visit; `None`: never visited.
    pub days_since_visit: Option<i64>,
}

fn ser_warning<S: serde::Serializer>(w: &Warning, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(w.code())
}

/// One room position of the chart, or one house of a group, or a room
/// outside the numbering.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Cell {
    /// The unit and room as the household has them (or as the grid numbers
    /// them, for a vacant room).
    pub unit: String,
    pub room: String,
    /// `None`: vacant (空).
    pub home: Option<Home>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Floor {
    pub floor: u32,
    /// Room 1, 2, … of the floor, left to right.
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unit {
    pub unit: String,
    /// Top floor first, as the building stands.
    pub floors: Vec<Floor>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Chart {
    pub building_id: i64,
    /// `3号楼`, `第3居民小组`
    pub building: String,
    pub num: String,
    pub community: String,
    /// The area (片区), empty when the building hangs under the community.
    pub area: String,
    pub is_group: bool,
    pub shape: Shape,
    pub floors: u32,
    pub rooms_per_floor: u32,
    /// Units across (empty for a resident group).
    pub units: Vec<Unit>,
    /// A resident group's houses, in number order.
    pub houses: Vec<Cell>,
    /// Households whose room has no place in the numbering (`B01`, `5`, a
    /// unit the grid does not have, a second household in one room).
    pub other: Vec<Cell>,
    /// Households of the building (live).
    pub households: usize,
    /// Only the first `MAX_HOUSEHOLDS` were read.
    pub cut: bool,
}

impl Chart {
    /// Rooms of the grid with no household.
    pub fn vacant(&self) -> usize {
        self.cells().filter(|c| c.home.is_none()).count()
    }

    /// Every room position, unit by unit, top floor first.
    pub fn cells(&self) -> impl Iterator<Item = &Cell> {
        self.units
            .iter()
            .flat_map(|u| u.floors.iter().flat_map(|f| f.cells.iter()))
    }

    /// Every household of the chart, wherever it stands.
    pub fn homes(&self) -> impl Iterator<Item = (&Cell, &Home)> {
        self.cells()
            .chain(self.houses.iter())
            .chain(self.other.iter())
            .filter_map(|c| c.home.as_ref().map(|h| (c, h)))
    }
}

/// What the grid file says of a building's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Layout {
    pub units: Option<u32>,
    pub floors: Option<u32>,
    pub rooms_per_floor: Option<u32>,
}

/// Sets a building's units, floors and rooms per floor (schema 3), with
/// an `update` event holding before and after.
pub fn set_layout(
    conn: &Connection,
    now: Time,
    actor: Option<i64>,
    building_id: i64,
    l: Layout,
) -> Result<()> {
    for v in [l.units, l.floors, l.rooms_per_floor].into_iter().flatten() {
        if v == 0 {
            return Err(Error::Invalid {
                what: Field::Building,
                value: v.to_string(),
            });
        }
    }
    let before = read_layout(conn, building_id)?;
    conn.prepare_cached(
        "UPDATE grid_node SET units = ?2, floors = ?3, rooms_per_floor = ?4
          WHERE id = ?1 AND level = 'building'",
    )?
    .execute(params![building_id, l.units, l.floors, l.rooms_per_floor])?;
    let json = |l: &Layout| serde_json::to_string(l).map_err(|e| Error::Io(e.to_string()));
    append(
        conn,
        now,
        &NewEvent {
            staff_id: actor,
            entity: "grid_node",
            entity_id: building_id,
            kind: "update",
            before: Some(json(&before)?),
            after: Some(json(&l)?),
            ..Default::default()
        },
    )?;
    Ok(())
}

fn read_layout(conn: &Connection, building_id: i64) -> Result<Layout> {
    conn.prepare_cached(
        "SELECT units, floors, rooms_per_floor FROM grid_node WHERE id = ?1 AND level = 'building'",
    )?
    .query_row([building_id], |r| {
        Ok(Layout {
            units: r.get(0)?,
            floors: r.get(1)?,
            rooms_per_floor: r.get(2)?,
        })
    })
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: Field::Building,
        query: building_id.to_string(),
        closest: None,
    })
}

/// The surname of a name: a two-character compound surname when the name
/// begins with one (欧阳, 司马, …), else the first character.
pub fn surname(name: &str) -> String {
    const COMPOUND: &[&str] = &[
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
        "司徒", "夏侯", "令狐", "澹台", "轩辕", "端木", "南宫", "西门", "百里", "呼延", "申屠",
    ];
    if let Some(c) = COMPOUND.iter().find(|c| name.starts_with(**c)) {
        return (*c).to_string();
    }
    name.chars().next().map(String::from).unwrap_or_default()
}

/// Floor and position of a room number: `501` → (5, 1), `1203` → (12, 3).
/// `None` for what is not such a number (`B01`, `5`, `500`).
pub fn floor_and_position(room: &str) -> Option<(u32, u32)> {
    if room.len() < 3 || room.len() > 6 || !room.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = room.parse().ok()?;
    let (floor, pos) = (n / 100, n % 100);
    (floor >= 1 && pos >= 1).then_some((floor, pos))
}

/// A unit as a number (`2`, `02`), for placing it in the grid.
fn unit_number(unit: &str) -> Option<u32> {
    (!unit.is_empty() && unit.len() <= 3 && unit.bytes().all(|b| b.is_ascii_digit()))
        .then(|| unit.parse().ok())
        .flatten()
        .filter(|n| *n >= 1)
}

/// Building, area and community of one building.
fn building_row(conn: &Connection, id: i64) -> Result<(Node, String, String, Layout)> {
    conn.prepare_cached(
        "SELECT b.id, b.parent_id, b.name, b.num, b.is_group, b.units, b.floors, b.rooms_per_floor,
                CASE WHEN a.level = 'area' THEN a.name ELSE '' END,
                CASE WHEN a.level = 'area' THEN ifnull(c.name, '') ELSE ifnull(a.name, '') END
           FROM grid_node b
           LEFT JOIN grid_node a ON a.id = b.parent_id
           LEFT JOIN grid_node c ON c.id = a.parent_id
          WHERE b.id = ?1 AND b.level = 'building'",
    )?
    .query_row([id], |r| {
        Ok((
            Node {
                id: r.get(0)?,
                parent_id: r.get(1)?,
                level: NodeLevel::Building,
                name: r.get(2)?,
                num: r.get(3)?,
                is_group: r.get(4)?,
            },
            r.get::<_, String>(8)?,
            r.get::<_, String>(9)?,
            Layout {
                units: r.get(5)?,
                floors: r.get(6)?,
                rooms_per_floor: r.get(7)?,
            },
        ))
    })
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: Field::Building,
        query: id.to_string(),
        closest: None,
    })
}

/// The chart of one building (or resident group) at `now`. Call inside
/// `Store::read`: six statements, however many rooms — the building,
/// the households and their count, their members, their open requests,
/// their last visits.
pub fn chart(conn: &Connection, building_id: i64, now: Time, cal: &WorkCalendar) -> Result<Chart> {
    let (node, area, community, layout) = building_row(conn, building_id)?;
    let households: usize = conn
        .prepare_cached(
            "SELECT count(*) FROM household WHERE building_id = ?1 AND voided_at IS NULL",
        )?
        .query_row([building_id], |r| r.get::<_, i64>(0))? as usize;

    // Households, in address order.
    struct Row {
        id: i64,
        unit: String,
        room: String,
        tags: String,
    }
    let rows: Vec<Row> = conn
        .prepare_cached(
            "SELECT id, unit, room, tags FROM household
              WHERE building_id = ?1 AND voided_at IS NULL
              ORDER BY CAST(unit AS INTEGER), unit, CAST(room AS INTEGER), room, id
              LIMIT ?2",
        )?
        .query_map(params![building_id, MAX_HOUSEHOLDS as i64], |r| {
            Ok(Row {
                id: r.get(0)?,
                unit: r.get(1)?,
                room: r.get(2)?,
                tags: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    // Members: the head first, then in the order they were registered.
    let mut homes: HashMap<i64, Home> = rows
        .iter()
        .map(|h| {
            let mut marks: Vec<Mark> = crate::domain::relation::split_tags(&h.tags)
                .iter()
                .filter_map(|t| Mark::from_tag(t))
                .collect();
            marks.sort();
            marks.dedup();
            (
                h.id,
                Home {
                    household_id: h.id,
                    surname: None,
                    marks,
                    warning: Warning::None,
                    open_requests: 0,
                    days_since_visit: None,
                },
            )
        })
        .collect();
    let today = now.date_naive();
    {
        let mut st = conn.prepare_cached(
            "SELECT r.household_id, r.name, r.birth_date, r.tags
               FROM household h JOIN resident r ON r.household_id = h.id
              WHERE h.building_id = ?1 AND h.voided_at IS NULL AND r.voided_at IS NULL
              ORDER BY r.household_id, r.relation NOT IN ('02', '0'), r.id
              LIMIT ?2",
        )?;
        let mut q = st.query(params![building_id, MAX_RESIDENTS as i64])?;
        while let Some(r) = q.next()? {
            let hid: i64 = r.get(0)?;
            let Some(home) = homes.get_mut(&hid) else {
                continue;
            };
            let name: String = r.get(1)?;
            if home.surname.is_none() {
                home.surname = Some(surname(&name));
            }
            let tags: String = r.get(3)?;
            for m in crate::domain::relation::split_tags(&tags)
                .iter()
                .filter_map(|t| Mark::from_tag(t))
            {
                home.marks.push(m);
            }
            // 高龄 from the birth date too: a register whose tags were
            // never kept up still shows who is 80 or over.
            let birth: Option<String> = r.get(2)?;
            if let Some(b) = birth
                .as_deref()
                .and_then(crate::domain::calendar::parse_date)
                && today.years_since(b).is_some_and(|y| y >= ELDERLY_AGE)
            {
                home.marks.push(Mark::Elderly);
            }
        }
    }
    for h in homes.values_mut() {
        h.marks.sort();
        h.marks.dedup();
    }

    // Open requests: the worst warning by the one rule.
    {
        let mut st = conn.prepare_cached(
            "SELECT q.household_id, q.status, q.registered_at, q.due_at, q.last_activity_at,
                    (q.category_code = 'micro_wish' AND NOT EXISTS
                      (SELECT 1 FROM claim k WHERE k.request_id = q.id AND k.withdrawn_at IS NULL))
               FROM household h JOIN request q ON q.household_id = h.id
              WHERE h.building_id = ?1 AND h.voided_at IS NULL
                AND q.status IN ('registered', 'assigned', 'in_progress', 'waiting')
              LIMIT ?2",
        )?;
        let mut q = st.query(params![building_id, MAX_OPEN as i64])?;
        while let Some(r) = q.next()? {
            let hid: i64 = r.get(0)?;
            let Some(home) = homes.get_mut(&hid) else {
                continue;
            };
            let status: String = r.get(1)?;
            let Some(status) = Status::parse(&status) else {
                continue;
            };
            let clock = Clock {
                status,
                registered_at: time_col(r, 2)?,
                due_at: time_col(r, 3)?,
                last_activity_at: time_col(r, 4)?,
                unclaimed_wish: r.get(5)?,
            };
            home.open_requests += 1;
            home.warning = home.warning.max(warning(&clock, now, cal));
        }
    }

    // Last visits.
    {
        let mut st = conn.prepare_cached(
            "SELECT v.household_id, max(v.at)
               FROM household h JOIN visit v ON v.household_id = h.id
              WHERE h.building_id = ?1 AND h.voided_at IS NULL
              GROUP BY v.household_id
              LIMIT ?2",
        )?;
        let mut q = st.query(params![building_id, MAX_HOUSEHOLDS as i64])?;
        while let Some(r) = q.next()? {
            let hid: i64 = r.get(0)?;
            if let (Some(home), Some(at)) = (homes.get_mut(&hid), opt_time_col(r, 1)?) {
                home.days_since_visit = Some((today - at.date_naive()).num_days().max(0));
            }
        }
    }

    let mut chart = Chart {
        building_id,
        building: node.name.clone(),
        num: node.num.clone().unwrap_or_default(),
        community,
        area,
        is_group: node.is_group,
        shape: Shape::Inferred,
        floors: 0,
        rooms_per_floor: 0,
        units: Vec::new(),
        houses: Vec::new(),
        other: Vec::new(),
        households,
        cut: households > rows.len(),
    };
    let cell = |h: &Row, homes: &mut HashMap<i64, Home>| Cell {
        unit: h.unit.clone(),
        room: h.room.clone(),
        home: homes.remove(&h.id),
    };

    if node.is_group {
        let mut houses: Vec<Cell> = rows.iter().map(|h| cell(h, &mut homes)).collect();
        houses.sort_by_key(house_order);
        chart.houses = houses;
        return Ok(chart);
    }

    // The shape: the grid's when it gives all three, else read off the rooms.
    // (unit, floor, position) of each household, when its numbers say.
    type Spot = (u32, u32, u32);
    let placed: Vec<Option<Spot>> = rows
        .iter()
        .map(|h| {
            unit_number(&h.unit)
                .zip(floor_and_position(&h.room))
                .map(|(u, (f, p))| (u, f, p))
        })
        .collect();
    let (unit_names, floors, per_floor): (Vec<String>, u32, u32) =
        match (layout.units, layout.floors, layout.rooms_per_floor) {
            (Some(u), Some(f), Some(r)) => {
                chart.shape = Shape::Grid;
                ((1..=u).map(|n| n.to_string()).collect(), f, r)
            }
            _ => {
                let fits = |&(_, f, p): &Spot| f <= MAX_INFERRED_FLOORS && p <= MAX_INFERRED_ROOMS;
                let mut units: Vec<u32> = placed
                    .iter()
                    .filter_map(|a| a.filter(fits).map(|a| a.0))
                    .collect();
                units.sort_unstable();
                units.dedup();
                let floors = placed
                    .iter()
                    .filter_map(|a| a.filter(fits).map(|a| a.1))
                    .max()
                    .unwrap_or(0);
                let per = placed
                    .iter()
                    .filter_map(|a| a.filter(fits).map(|a| a.2))
                    .max()
                    .unwrap_or(0);
                (
                    units.iter().map(u32::to_string).collect(),
                    layout.floors.unwrap_or(floors).max(floors),
                    layout.rooms_per_floor.unwrap_or(per).max(per),
                )
            }
        };
    chart.floors = floors;
    chart.rooms_per_floor = per_floor;
    let unit_count = unit_names.len();
    // slots[unit][floor-1][pos-1]
    let mut slots: Vec<Vec<Vec<Option<Cell>>>> =
        vec![vec![vec![None; per_floor as usize]; floors as usize]; unit_count];
    let unit_index = |u: u32| unit_names.iter().position(|n| *n == u.to_string());
    for (i, at) in placed.into_iter().enumerate() {
        let h = &rows[i];
        let slot = at.and_then(|(u, f, p)| {
            let ui = unit_index(u)?;
            (f <= floors && p <= per_floor).then_some((ui, f as usize - 1, p as usize - 1))
        });
        match slot {
            Some((ui, fi, pi)) if slots[ui][fi][pi].is_none() => {
                slots[ui][fi][pi] = Some(cell(h, &mut homes));
            }
            // Outside the numbering, or a second household in one room.
            _ => chart.other.push(cell(h, &mut homes)),
        }
    }
    chart.units = slots
        .into_iter()
        .zip(unit_names)
        .map(|(floors_of, unit)| {
            let mut fl: Vec<Floor> = floors_of
                .into_iter()
                .enumerate()
                .map(|(fi, cells)| Floor {
                    floor: fi as u32 + 1,
                    cells: cells
                        .into_iter()
                        .enumerate()
                        .map(|(pi, c)| {
                            c.unwrap_or_else(|| Cell {
                                unit: unit.clone(),
                                room: format!("{}{:02}", fi + 1, pi + 1),
                                home: None,
                            })
                        })
                        .collect(),
                })
                .collect();
            fl.reverse();
            Unit { unit, floors: fl }
        })
        .collect();
    Ok(chart)
}

/// Houses of a group and rooms outside the numbering sort by number.
fn house_order(c: &Cell) -> (u64, String, u64, String) {
    let num = |s: &str| -> u64 {
        let d: String = s.chars().take_while(char::is_ascii_digit).collect();
        d.parse().unwrap_or(u64::MAX)
    };
    (num(&c.unit), c.unit.clone(), num(&c.room), c.room.clone())
}

/// One building or resident group from what a person types: `锦华家园
/// 3号楼`, `锦华家园社区 3栋`, `锦华家园 第一片区 3号楼`, an address in
/// it (`锦华家园 3-2-501`), `高庄 第三居民小组`, `第3居民小组`. Several
/// matches are refused with each candidate written so that it resolves;
/// none gets the closest building.
pub fn resolve_building(conn: &Connection, typed: &str) -> Result<Node> {
    let q = crate::domain::text::normalize(typed)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if q.is_empty() {
        return Err(Error::Empty(Field::Building));
    }
    struct B {
        node: Node,
        area: String,
        community: String,
    }
    let all: Vec<B> = conn
        .prepare_cached(
            "SELECT b.id, b.parent_id, b.name, b.num, b.is_group,
                    CASE WHEN a.level = 'area' THEN a.name ELSE '' END,
                    CASE WHEN a.level = 'area' THEN ifnull(c.name, '') ELSE ifnull(a.name, '') END
               FROM grid_node b
               LEFT JOIN grid_node a ON a.id = b.parent_id
               LEFT JOIN grid_node c ON c.id = a.parent_id
              WHERE b.level = 'building' AND b.active = 1
              ORDER BY b.id LIMIT 200000",
        )?
        .query_map([], |r| {
            Ok(B {
                node: Node {
                    id: r.get(0)?,
                    parent_id: r.get(1)?,
                    level: NodeLevel::Building,
                    name: r.get(2)?,
                    num: r.get(3)?,
                    is_group: r.get(4)?,
                },
                area: r.get(5)?,
                community: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    // What names the building, and the place written before it.
    let (place, wanted) = split_building(&q);
    // Each word of the place names the community or the area, or both
    // written as one (`锦华家园社区第一片区`).
    let place_fits = |b: &B| {
        place.split_whitespace().all(|p| {
            let names = |n: &str| !n.is_empty() && (n == p || short_name(n) == p || n.contains(p));
            names(&b.community)
                || names(&b.area)
                || format!("{}{}", b.community, b.area) == p
                || format!("{}{}", short_name(&b.community), b.area) == p
        })
    };
    let found: Vec<&B> = all
        .iter()
        .filter(|b| match &wanted {
            Wanted::Number { num, group } => {
                b.node.num.as_deref() == Some(num.as_str())
                    && group.is_none_or(|g| g == b.node.is_group)
            }
            Wanted::Name(n) => b.node.name == *n,
        })
        .filter(|b| place_fits(b))
        .collect();
    let spelled = |b: &B, with_area: bool| -> String {
        let c = short_name(&b.community);
        if with_area && !b.area.is_empty() {
            format!("{c} {} {}", b.area, b.node.name)
        } else {
            format!("{c} {}", b.node.name)
        }
    };
    match found.as_slice() {
        [one] => Ok(one.node.clone()),
        [] => {
            let spellings: Vec<String> = all.iter().map(|b| spelled(b, false)).collect();
            Err(Error::NotFound {
                what: Field::Building,
                query: typed.trim().to_string(),
                closest: crate::domain::text::closest(&q, spellings.iter().map(String::as_str))
                    .map(str::to_string),
            })
        }
        many => {
            let mut candidates: Vec<String> = many
                .iter()
                .map(|b| {
                    let short = spelled(b, false);
                    let twice = many.iter().filter(|o| spelled(o, false) == short).count() > 1;
                    spelled(b, twice)
                })
                .collect();
            candidates.sort();
            candidates.dedup();
            Err(Error::Ambiguous {
                what: Field::Building,
                query: typed.trim().to_string(),
                candidates,
            })
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Wanted {
    /// A building or group number: `group` says which, `None` either.
    Number { num: String, group: Option<bool> },
    /// A building's name as the grid has it.
    Name(String),
}

/// Splits `锦华家园 3号楼` into the place and what names the building.
fn split_building(q: &str) -> (String, Wanted) {
    if let Some((place, num)) = group_number(q) {
        return (
            place,
            Wanted::Number {
                num,
                group: Some(true),
            },
        );
    }
    if let Some(a) = crate::domain::address::parse(q) {
        return (
            a.place.unwrap_or_default(),
            Wanted::Number {
                num: a.building,
                group: Some(false),
            },
        );
    }
    // `锦华家园 3`: a place, then a bare number or letter.
    if let Some((place, last)) = q.rsplit_once(' ')
        && !last.is_empty()
        && last.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return (
            place.to_string(),
            Wanted::Number {
                num: last.trim_start_matches('0').to_ascii_uppercase(),
                group: None,
            },
        );
    }
    match q.rsplit_once(' ') {
        Some((place, name)) => (place.to_string(), Wanted::Name(name.to_string())),
        None => (String::new(), Wanted::Name(q.to_string())),
    }
}

/// The name without its level's suffix: `锦华家园社区` → `锦华家园`.
fn short_name(name: &str) -> &str {
    ["社区", "街道", "办事处"]
        .iter()
        .find_map(|s| name.strip_suffix(s).filter(|r| !r.is_empty()))
        .unwrap_or(name)
}

/// `高庄 第三居民小组` → (`高庄`, `3`); `第3居民小组`, `三组`.
fn group_number(q: &str) -> Option<(String, String)> {
    let head = ["居民小组", "小组", "组"]
        .iter()
        .find_map(|m| q.strip_suffix(m))?;
    let head = head.trim_end();
    // The number: the trailing digits or Chinese numerals, maybe after 第.
    let digits_at = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || "零一二三四五六七八九十".contains(*c))
        .last()
        .map(|(i, _)| i)?;
    let (before, number) = head.split_at(digits_at);
    let n = if number.bytes().all(|b| b.is_ascii_digit()) {
        number.parse::<u32>().ok()?
    } else {
        chinese_number(number)?
    };
    let place = before.strip_suffix('第').unwrap_or(before).trim();
    Some((place.to_string(), n.to_string()))
}

/// 一 … 九十九.
fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c);
    let cs: Vec<char> = s.chars().collect();
    let n = match cs.as_slice() {
        [d] if *d != '十' => digit(*d)? as u32,
        ['十'] => 10,
        ['十', u] => 10 + digit(*u)? as u32,
        [t, '十'] => digit(*t)? as u32 * 10,
        [t, '十', u] => digit(*t)? as u32 * 10 + digit(*u)? as u32,
        _ => return None,
    };
    (n > 0).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rooms_give_their_floor_and_position() {
        assert_eq!(floor_and_position("501"), Some((5, 1)));
        assert_eq!(floor_and_position("1001"), Some((10, 1)));
        assert_eq!(floor_and_position("3304"), Some((33, 4)));
        assert_eq!(floor_and_position("500"), None);
        assert_eq!(floor_and_position("5"), None);
        assert_eq!(floor_and_position("B01"), None);
        assert_eq!(floor_and_position("12"), None);
    }

    #[test]
    fn surnames_single_and_compound() {
        assert_eq!(surname("张伟"), "张");
        assert_eq!(surname("欧阳娜娜"), "欧阳");
        assert_eq!(surname(""), "");
    }

    #[test]
    fn group_names_with_digits_or_chinese_numerals() {
        assert_eq!(
            group_number("高庄 第三居民小组"),
            Some(("高庄".into(), "3".into()))
        );
        assert_eq!(group_number("第3居民小组"), Some(("".into(), "3".into())));
        assert_eq!(group_number("第十二小组"), Some(("".into(), "12".into())));
        assert_eq!(group_number("二十一组"), Some(("".into(), "21".into())));
        assert_eq!(group_number("3号楼"), None);
        assert_eq!(chinese_number("九十九"), Some(99));
        assert_eq!(chinese_number("零"), None);
    }

    #[test]
    fn the_building_is_split_from_its_place() {
        let num = |n: &str| Wanted::Number {
            num: n.into(),
            group: Some(false),
        };
        assert_eq!(
            split_building("锦华家园 3号楼"),
            ("锦华家园".into(), num("3"))
        );
        assert_eq!(
            split_building("锦华家园社区 3栋"),
            ("锦华家园社区".into(), num("3"))
        );
        assert_eq!(
            split_building("锦华家园 3-2-501"),
            ("锦华家园".into(), num("3"))
        );
        assert_eq!(
            split_building("锦华家园 3"),
            (
                "锦华家园".into(),
                Wanted::Number {
                    num: "3".into(),
                    group: None
                }
            )
        );
    }
}
