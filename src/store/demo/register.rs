//! The demo district's register, as a hall would import it: the grid
//! (district → subdistricts → communities → areas → buildings or resident
//! groups), the staff, and the households with their residents. Written in
//! bulk inside one transaction; one `demo` event records the load.

use super::people::People;
use super::{Sizes, Summary};
use crate::domain::calendar::Time;
use crate::domain::lifecycle::Role;
use crate::store::event::{NewEvent, append};
use crate::store::grid::{self, NewNode, NodeLevel};
use crate::store::staff::{self, NewStaff};
use crate::store::{Result, fmt_time};
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, params};

/// Community names: the report's own first, then others of the city.
const COMMUNITIES: &[&str] = &[
    "锦华家园社区",
    "高庄社区",
    "联盟新城社区",
    "兴业社区",
    "贾鲁家园社区",
    "建设家园社区",
    "华耀城安置A区",
    "七一路社区",
    "荷花路社区",
    "交通路社区",
    "八一路社区",
    "五一路社区",
    "新民街社区",
    "太昊路社区",
    "汉阳路社区",
    "工农路社区",
    "人和社区",
    "小桥社区",
    "搬口社区",
    "陈州社区",
    "关帝庙社区",
    "北关社区",
    "南关社区",
    "东关社区",
    "西关社区",
    "大庆路社区",
    "中州社区",
    "莲花社区",
    "富民路社区",
    "文昌社区",
    "建业社区",
    "滨河社区",
    "沙颍社区",
    "颍河社区",
    "护城河社区",
    "振兴社区",
    "光明社区",
    "幸福社区",
    "和谐社区",
    "鸿福社区",
    "金海社区",
    "阳光社区",
    "桃花社区",
    "长安社区",
    "解放路社区",
    "新华社区",
    "育新社区",
    "民主路社区",
    "公园社区",
    "铁路社区",
    "鹿鸣社区",
    "康居社区",
    "庆丰社区",
    "永安社区",
    "春晖社区",
];

/// Resettlement areas are organised in resident groups (居民小组).
const RESETTLEMENT: &[&str] = &["华耀城安置A区", "贾鲁家园社区", "建设家园社区", "兴业社区"];

const SUBDISTRICTS: &[&str] = &[
    "陈州回族街道",
    "七一路街道",
    "荷花路街道",
    "人和街道",
    "小桥街道",
    "城北街道",
    "城南街道",
    "搬口街道",
    "华耀城街道",
];

const ORDINALS: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// A household's first member, who comes to the counter for it.
pub(super) struct Head {
    pub id: i64,
    pub name: String,
    pub mobile: Option<String>,
}

/// What the year needs to know about the register.
pub(super) struct District {
    /// (id, name)
    pub communities: Vec<(i64, &'static str)>,
    /// (id, community index)
    pub areas: Vec<(i64, usize)>,
    /// (id, area index, community index)
    pub buildings: Vec<(i64, usize, usize)>,
    /// One counter clerk and one supervisor per community.
    pub counters: Vec<i64>,
    pub supervisors: Vec<i64>,
    /// One grid leader per area.
    pub leaders: Vec<i64>,
    /// Errand agents: (id, community index).
    pub agents: Vec<(i64, usize)>,
    /// (id, building index)
    pub households: Vec<(i64, usize)>,
    pub heads: Vec<Head>,
}

impl District {
    pub fn community_of(&self, household: usize) -> usize {
        self.buildings[self.households[household].1].2
    }
    pub fn area_of(&self, household: usize) -> usize {
        self.buildings[self.households[household].1].1
    }
}

/// Builds the register, every record stamped `at`.
pub(super) fn build(
    conn: &Connection,
    sizes: &Sizes,
    people: &mut People,
    at: Time,
    operator_login: Option<&str>,
    seed: u64,
    summary: &mut Summary,
) -> Result<District> {
    let mut d = grid(conn, sizes, at)?;
    staff(conn, &mut d, sizes, people, at, operator_login)?;
    summary.residents = households(conn, &mut d, sizes, people, at, seed)?;
    summary.communities = d.communities.len();
    summary.areas = d.areas.len();
    summary.buildings = d.buildings.len();
    summary.staff = 2 * d.communities.len()
        + d.leaders.len()
        + d.agents.len()
        + usize::from(operator_login.is_some());
    summary.households = d.households.len();
    Ok(d)
}

fn node(
    conn: &Connection,
    at: Time,
    parent: Option<i64>,
    level: NodeLevel,
    name: &str,
    num: Option<&str>,
    is_group: bool,
) -> Result<i64> {
    grid::add(
        conn,
        at,
        None,
        &NewNode {
            parent_id: parent,
            level,
            name,
            num,
            is_group,
        },
    )
}

/// 五级治理: the district, its subdistricts, communities, areas (片区) and
/// buildings (楼栋) — resident groups (居民小组) in resettlement areas.
fn grid(conn: &Connection, sizes: &Sizes, at: Time) -> Result<District> {
    let district = node(conn, at, None, NodeLevel::District, "川汇区", None, false)?;
    let mut subdistricts = Vec::new();
    for name in SUBDISTRICTS.iter().take(sizes.subdistricts) {
        subdistricts.push(node(
            conn,
            at,
            Some(district),
            NodeLevel::Subdistrict,
            name,
            None,
            false,
        )?);
    }
    let mut communities = Vec::new();
    for (i, name) in COMMUNITIES.iter().take(sizes.communities).enumerate() {
        let parent = subdistricts[i % subdistricts.len()];
        let id = node(
            conn,
            at,
            Some(parent),
            NodeLevel::Community,
            name,
            None,
            false,
        )?;
        communities.push((id, *name));
    }
    // Areas: spread over communities, every community at least one.
    let mut areas = Vec::new();
    for ci in 0..communities.len() {
        let n = sizes.areas / communities.len() + usize::from(ci < sizes.areas % communities.len());
        for k in 0..n.max(1) {
            let name = format!("第{}片区", ORDINALS.get(k).copied().unwrap_or("十"));
            let id = node(
                conn,
                at,
                Some(communities[ci].0),
                NodeLevel::Area,
                &name,
                None,
                false,
            )?;
            areas.push((id, ci));
        }
    }
    // Buildings: numbered through each community.
    let mut next_num = vec![1usize; communities.len()];
    let mut buildings = Vec::new();
    for (ai, &(area, ci)) in areas.iter().enumerate() {
        let n = sizes.buildings / areas.len() + usize::from(ai < sizes.buildings % areas.len());
        let group = RESETTLEMENT.contains(&communities[ci].1);
        for _ in 0..n.max(1) {
            let num = next_num[ci];
            next_num[ci] += 1;
            let name = if group {
                format!("第{num}居民小组")
            } else {
                format!("{num}号楼")
            };
            let id = node(
                conn,
                at,
                Some(area),
                NodeLevel::Building,
                &name,
                Some(&num.to_string()),
                group,
            )?;
            buildings.push((id, ai, ci));
        }
    }
    Ok(District {
        communities,
        areas,
        buildings,
        counters: Vec::new(),
        supervisors: Vec::new(),
        leaders: Vec::new(),
        agents: Vec::new(),
        households: Vec::new(),
        heads: Vec::new(),
    })
}

fn member(
    conn: &Connection,
    at: Time,
    login: &str,
    name: &str,
    role: Role,
    node_id: i64,
) -> Result<i64> {
    staff::add(
        conn,
        at,
        None,
        &NewStaff {
            login,
            name,
            role,
            node_id: Some(node_id),
        },
    )
}

/// A counter clerk and a supervisor per community, a grid leader per
/// area, the errand agents (代办员) spread over the communities.
fn staff(
    conn: &Connection,
    d: &mut District,
    sizes: &Sizes,
    people: &mut People,
    at: Time,
    operator_login: Option<&str>,
) -> Result<()> {
    for (ci, &(cid, _)) in d.communities.iter().enumerate() {
        let male = people.rng.chance(0.4);
        let n = people.anyone(male);
        let login = format!("counter{:03}", ci + 1);
        d.counters
            .push(member(conn, at, &login, &n, Role::Counter, cid)?);
        let n = people.anyone(true);
        let login = format!("super{:03}", ci + 1);
        d.supervisors
            .push(member(conn, at, &login, &n, Role::Supervisor, cid)?);
    }
    for (ai, &(aid, _)) in d.areas.iter().enumerate() {
        let male = people.rng.chance(0.5);
        let n = people.anyone(male);
        let login = format!("leader{:03}", ai + 1);
        d.leaders
            .push(member(conn, at, &login, &n, Role::GridLeader, aid)?);
    }
    for k in 0..sizes.agents {
        let male = people.rng.chance(0.5);
        let n = people.anyone(male);
        let ci = k % d.communities.len();
        let login = format!("agent{:03}", k + 1);
        let id = member(conn, at, &login, &n, Role::Agent, d.communities[ci].0)?;
        d.agents.push((id, ci));
    }
    if let Some(login) = operator_login {
        // The district's own supervisor: sees the whole district.
        let district: i64 = conn.query_row(
            "SELECT id FROM grid_node WHERE parent_id IS NULL",
            [],
            |r| r.get(0),
        )?;
        member(conn, at, login, "演示值班员", Role::Supervisor, district)?;
    }
    Ok(())
}

/// The households, building by building, with residents of plausible
/// make-up, ages and tags.
fn households(
    conn: &Connection,
    d: &mut District,
    sizes: &Sizes,
    people: &mut People,
    at: Time,
    seed: u64,
) -> Result<usize> {
    let per_building = sizes.households / d.buildings.len();
    let extra = sizes.households % d.buildings.len();
    let t = fmt_time(at);
    let year = people.today().year();
    let mut ins_h = conn.prepare("INSERT INTO household(building_id, unit, room, phone, tags, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)")?;
    let mut ins_r = conn.prepare(
        "INSERT INTO resident(household_id, name, gender, birth_date, id_number, mobile, relation, tags, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?;
    let mut residents = 0usize;
    let g = people;
    for bi in 0..d.buildings.len() {
        let bid = d.buildings[bi].0;
        let count = per_building + usize::from(bi < extra);
        let units = g.rng.range(2, 4) as usize;
        let per_floor = 2usize;
        for k in 0..count {
            let unit = k % units + 1;
            let slot = k / units;
            let floor = slot / per_floor + 1;
            let room = floor * 100 + slot % per_floor + 1;
            // Household make-up.
            let size =
                *g.rng
                    .weighted(&[(1usize, 10), (2, 22), (3, 22), (4, 22), (5, 14), (6, 10)]);
            let head_age = g.rng.range(28, 88) as i32;
            let head_male = g.rng.chance(0.7);
            let surname = g.surname();
            let mut members: Vec<(String, bool, NaiveDate, &str)> = Vec::new();
            let head_name = g.name(surname, head_male);
            let head_birth = g.birth(year - head_age);
            members.push((head_name, head_male, head_birth, "02"));
            if size >= 2 {
                let n = g.anyone(!head_male);
                let dy = g.rng.range(-4, 4) as i32;
                let b = g.birth(year - head_age + dy);
                members.push((n, !head_male, b, "1"));
            }
            for _ in 2..size {
                let r = g.rng.below(10);
                let male = g.rng.chance(0.5);
                let n = g.name(surname, male);
                if r < 7 && head_age >= 40 {
                    let dy = g.rng.range(22, 34) as i32;
                    let b = g.birth(year - head_age + dy);
                    members.push((n, male, b, if male { "2" } else { "3" }));
                } else if r < 9 && head_age <= 60 {
                    let dy = g.rng.range(22, 30) as i32;
                    let b = g.birth(year - head_age - dy);
                    members.push((n, male, b, "5"));
                } else {
                    let dy = g.rng.range(1, 16) as i32;
                    let b = g.birth(year - dy);
                    members.push((n, male, b, "4"));
                }
            }
            let ages: Vec<i32> = members.iter().map(|m| year - m.2.year()).collect();
            let mut htags: Vec<&str> = Vec::new();
            if size == 1 && ages[0] >= 60 {
                htags.push("独居");
            }
            if size == 2 && ages.iter().all(|a| *a >= 60) {
                htags.push("空巢");
            }
            let poor = g.rng.chance(0.03);
            let extreme = !poor && g.rng.chance(0.004);
            if poor {
                htags.push("低保");
            }
            if extreme {
                htags.push("特困");
            }
            let mut first_mobile: Option<String> = None;
            let mut member_rows = Vec::new();
            for (i, (name, male, birth, rel)) in members.iter().enumerate() {
                let age = ages[i];
                let mobile = if (18..75).contains(&age) && g.rng.chance(0.9)
                    || age >= 75 && g.rng.chance(0.4)
                {
                    Some(g.mobile())
                } else {
                    None
                };
                if first_mobile.is_none() {
                    first_mobile.clone_from(&mobile);
                }
                let mut tags: Vec<&str> = Vec::new();
                if age >= 80 {
                    tags.push("高龄");
                }
                if i == 0 {
                    tags.extend(htags.iter().copied());
                }
                if age >= 18 && g.rng.chance(0.06) {
                    tags.push("党员");
                }
                if *male && age >= 25 && g.rng.chance(0.03) {
                    tags.push("退役军人");
                }
                if g.rng.chance(0.02) {
                    tags.push("残疾");
                }
                let id = g.resident_id(*birth, *male);
                member_rows.push((
                    name.clone(),
                    *male,
                    *birth,
                    id,
                    mobile,
                    *rel,
                    tags.join(";"),
                ));
            }
            let phone = if g.rng.chance(0.2) {
                Some(format!("0394-8{:06}", g.rng.below(1_000_000)))
            } else {
                first_mobile
            };
            ins_h.execute(params![
                bid,
                unit.to_string(),
                room.to_string(),
                phone,
                htags.join(";"),
                t
            ])?;
            let hid = conn.last_insert_rowid();
            d.households.push((hid, bi));
            let mut head = None;
            for (name, male, birth, id, mobile, rel, tags) in member_rows {
                ins_r.execute(params![
                    hid,
                    name,
                    if male { "M" } else { "F" },
                    birth.format("%Y-%m-%d").to_string(),
                    id,
                    mobile,
                    rel,
                    tags,
                    t
                ])?;
                let rid = conn.last_insert_rowid();
                crate::store::household::index_name(conn, &name)?;
                residents += 1;
                if head.is_none() {
                    head = Some(Head {
                        id: rid,
                        name,
                        mobile,
                    });
                }
            }
            d.heads.push(head.expect("every household has a head"));
        }
    }
    // One entry for the whole load rather than one per record.
    append(
        conn,
        at,
        &NewEvent {
            entity: "database",
            entity_id: 0,
            kind: "demo",
            note: Some(&format!(
                "demo {} households, {residents} residents, seed {seed}",
                d.households.len(),
            )),
            ..Default::default()
        },
    )?;
    Ok(residents)
}
