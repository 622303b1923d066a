//! The demo district, built from the source report's figures: 55
//! communities, 162 areas, 519 buildings or resident groups, about 30,000
//! households, a year of requests shaped like the report's totals, 162
//! errand agents. Deterministic for a seed and a reference date: the
//! generator uses its own small random number generator, never a crate's
//! whose sequence could change between versions.

use super::event::{NewEvent, append};
use super::grid::{self, NewNode, NodeLevel};
use super::staff::{self, NewStaff};
use super::{Error, Result, Store, fmt_time};
use crate::domain::calendar::{Time, WorkCalendar, tz};
use crate::domain::ident::make_resident_id;
use crate::domain::lifecycle::{Level, Role, Status};
use chrono::{Datelike, Duration, NaiveDate, TimeZone};
use rusqlite::{Connection, params};
use std::collections::{HashMap, HashSet};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Small,
    District,
    Large,
}

impl Scale {
    pub fn parse(s: &str) -> Option<Scale> {
        match s {
            "small" => Some(Scale::Small),
            "district" => Some(Scale::District),
            "large" => Some(Scale::Large),
            _ => None,
        }
    }
}

struct Plan {
    subdistricts: usize,
    communities: usize,
    areas: usize,
    buildings: usize,
    households: usize,
    /// Multiplies the report's yearly request counts.
    factor: f64,
    agents: usize,
}

fn plan(scale: Scale) -> Plan {
    match scale {
        Scale::Small => Plan {
            subdistricts: 1,
            communities: 3,
            areas: 6,
            buildings: 12,
            households: 500,
            factor: 500.0 / 30000.0,
            agents: 4,
        },
        Scale::District => Plan {
            subdistricts: 9,
            communities: 55,
            areas: 162,
            buildings: 519,
            households: 30000,
            factor: 1.0,
            agents: 162,
        },
        Scale::Large => Plan {
            subdistricts: 9,
            communities: 55,
            areas: 162,
            buildings: 5190,
            households: 300_000,
            factor: 100_000.0 / 11_905.0,
            agents: 400,
        },
    }
}

/// SplitMix64: small, fast, and the same sequence everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len() as u64) as usize]
    }
    /// Picks by weight.
    pub fn weighted<'a, T>(&mut self, v: &'a [(T, u32)]) -> &'a T {
        let total: u64 = v.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut x = self.below(total);
        for (t, w) in v {
            if x < u64::from(*w) {
                return t;
            }
            x -= u64::from(*w);
        }
        &v[v.len() - 1].0
    }
}

/// Surnames with weights close to their national frequency (per 10,000),
/// including the ones read differently as surnames.
const SURNAMES: &[(&str, u32)] = &[
    ("李", 790),
    ("王", 710),
    ("张", 710),
    ("刘", 540),
    ("陈", 460),
    ("杨", 310),
    ("赵", 230),
    ("黄", 220),
    ("周", 190),
    ("吴", 200),
    ("徐", 150),
    ("孙", 150),
    ("胡", 130),
    ("朱", 130),
    ("高", 110),
    ("林", 110),
    ("何", 120),
    ("郭", 120),
    ("马", 130),
    ("罗", 90),
    ("梁", 80),
    ("宋", 70),
    ("郑", 80),
    ("谢", 70),
    ("韩", 60),
    ("唐", 60),
    ("冯", 60),
    ("于", 40),
    ("董", 50),
    ("萧", 10),
    ("程", 40),
    ("曹", 50),
    ("袁", 40),
    ("邓", 60),
    ("许", 60),
    ("傅", 20),
    ("沈", 30),
    ("曾", 50),
    ("彭", 50),
    ("吕", 40),
    ("苏", 40),
    ("卢", 30),
    ("蒋", 40),
    ("蔡", 40),
    ("贾", 30),
    ("丁", 30),
    ("魏", 40),
    ("薛", 20),
    ("叶", 40),
    ("阎", 10),
    ("余", 40),
    ("潘", 40),
    ("杜", 40),
    ("戴", 20),
    ("夏", 20),
    ("钟", 30),
    ("汪", 30),
    ("田", 50),
    ("任", 30),
    ("姜", 30),
    ("范", 30),
    ("方", 20),
    ("石", 30),
    ("姚", 30),
    ("谭", 30),
    ("廖", 30),
    ("邹", 20),
    ("熊", 20),
    ("金", 30),
    ("陆", 30),
    ("郝", 20),
    ("孔", 20),
    ("白", 20),
    ("崔", 30),
    ("康", 20),
    ("毛", 20),
    ("邱", 20),
    ("秦", 20),
    ("江", 20),
    ("史", 20),
    ("顾", 20),
    ("侯", 20),
    ("邵", 20),
    ("孟", 20),
    ("龙", 20),
    ("万", 20),
    ("段", 20),
    ("雷", 20),
    ("钱", 20),
    ("汤", 20),
    ("尹", 20),
    ("黎", 20),
    ("易", 10),
    ("常", 20),
    ("武", 20),
    ("乔", 20),
    ("贺", 20),
    ("赖", 10),
    ("龚", 20),
    ("文", 10),
    ("单", 8),
    ("覃", 6),
    ("翟", 8),
    ("解", 4),
    ("仇", 4),
    ("查", 4),
    ("缪", 4),
    ("区", 2),
    ("朴", 2),
];

const MALE: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "飞", "鑫",
    "波", "斌", "宇", "浩", "凯", "健", "俊", "帆", "旭", "宁", "龙", "林", "洋", "建", "国", "志",
    "文", "海", "东", "亮", "成", "振", "峰", "金", "德", "保", "永", "新", "春",
];
const FEMALE: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玲", "桂", "英", "兰", "萍", "红", "梅",
    "琳", "雪", "婷", "慧", "颖", "佳", "欣", "悦", "璐", "倩", "丹", "燕", "云", "莉", "月", "凤",
    "洁", "蕾", "晶", "琴", "荣", "珍", "花", "爱",
];

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

const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181",
    "182", "183", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199",
];

/// What the demo made, for the summary line.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Summary {
    pub communities: usize,
    pub areas: usize,
    pub buildings: usize,
    pub households: usize,
    pub residents: usize,
    pub staff: usize,
    pub requests: usize,
    pub events: usize,
    pub visits: usize,
}

pub struct Options {
    pub scale: Scale,
    pub seed: u64,
    /// The day the year of requests ends; its close is the demo's "now".
    pub as_of: NaiveDate,
    /// The OS login to map to a supervisor, so the creator can work at once.
    pub operator_login: Option<String>,
}

struct Person {
    id: i64,
    household: usize,
    name: String,
}

struct Gen {
    rng: Rng,
    now: Time,
    ids: HashSet<String>,
    summary: Summary,
}

impl Gen {
    fn mobile(&mut self) -> String {
        let p = *self.rng.pick(MOBILE_PREFIXES);
        format!("{p}{:08}", self.rng.below(100_000_000))
    }

    fn name(&mut self, surname: &str, male: bool) -> String {
        let pool = if male { MALE } else { FEMALE };
        let mut n = surname.to_string();
        let first: &&str = self.rng.pick(pool);
        n.push_str(first);
        if self.rng.chance(0.7) {
            let second: &&str = self.rng.pick(pool);
            n.push_str(second);
        }
        n
    }

    fn resident_id(&mut self, birth: NaiveDate, male: bool) -> String {
        loop {
            let mut seq = self.rng.below(1000) as u32;
            if (seq % 2 == 1) != male {
                seq = (seq + 1) % 1000;
            }
            let id = make_resident_id("411602", birth, seq);
            if self.ids.insert(id.clone()) {
                return id;
            }
        }
    }

    fn birth(&mut self, year: i32) -> NaiveDate {
        let y = year.clamp(1920, self.now.year());
        let day = self.rng.range(0, 364);
        let d = NaiveDate::from_ymd_opt(y, 1, 1).expect("valid") + Duration::days(day);
        d.min(self.now.date_naive() - Duration::days(1))
    }

    fn time_in_year(&mut self, min_age_days: i64, max_age_days: i64) -> Time {
        let days = self.rng.range(min_age_days, max_age_days);
        let d = self.now.date_naive() - Duration::days(days);
        // Working hours, mostly; the counter opens 8:30.
        let mins = self.rng.range(8 * 60 + 30, 17 * 60 + 30);
        tz().from_local_datetime(
            &d.and_hms_opt(
                (mins / 60) as u32,
                (mins % 60) as u32,
                self.rng.below(60) as u32,
            )
            .expect("valid"),
        )
        .single()
        .expect("fixed offset")
        .min(self.now)
    }
}

/// Makes a demo database at `path`. It is built under a temporary name and
/// renamed into place at the end, so a half-made file never appears.
pub fn generate(path: &Path, opts: &Options) -> Result<Summary> {
    if path.exists() {
        return Err(Error::Exists(path.to_path_buf()));
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".building");
    let tmp = std::path::PathBuf::from(tmp);
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = tmp.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(std::path::PathBuf::from(p));
    }
    let summary = {
        let mut store = Store::open(&tmp)?;
        let c = store.conn_mut();
        c.execute_batch(
            "PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; PRAGMA cache_size = -200000;",
        )?;
        let tx = c.transaction()?;
        let s = fill(&tx, opts)?;
        tx.commit()?;
        c.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; ANALYZE;")?;
        store.close();
        s
    };
    std::fs::rename(&tmp, path)?;
    Ok(summary)
}

fn fill(conn: &Connection, opts: &Options) -> Result<Summary> {
    let p = plan(opts.scale);
    let now = tz()
        .from_local_datetime(&opts.as_of.and_hms_opt(17, 0, 0).expect("valid"))
        .single()
        .expect("fixed offset");
    let mut g = Gen {
        rng: Rng::new(opts.seed),
        now,
        ids: HashSet::new(),
        summary: Summary::default(),
    };

    // The grid.
    let district = grid::add(
        conn,
        now,
        None,
        &NewNode {
            parent_id: None,
            level: NodeLevel::District,
            name: "川汇区",
            num: None,
            is_group: false,
        },
    )?;
    let mut subdistricts = Vec::new();
    for name in SUBDISTRICTS.iter().take(p.subdistricts) {
        subdistricts.push(grid::add(
            conn,
            now,
            None,
            &NewNode {
                parent_id: Some(district),
                level: NodeLevel::Subdistrict,
                name,
                num: None,
                is_group: false,
            },
        )?);
    }
    let mut communities = Vec::new();
    for (i, name) in COMMUNITIES.iter().take(p.communities).enumerate() {
        let parent = subdistricts[i % subdistricts.len()];
        communities.push((
            grid::add(
                conn,
                now,
                None,
                &NewNode {
                    parent_id: Some(parent),
                    level: NodeLevel::Community,
                    name,
                    num: None,
                    is_group: false,
                },
            )?,
            *name,
        ));
    }
    // Areas: spread over communities, every community at least one.
    let mut areas: Vec<(i64, usize)> = Vec::new(); // (id, community index)
    for ci in 0..communities.len() {
        let n = p.areas / communities.len() + usize::from(ci < p.areas % communities.len());
        for k in 0..n.max(1) {
            let name = format!("第{}片区", ORDINALS.get(k).copied().unwrap_or("十"));
            areas.push((
                grid::add(
                    conn,
                    now,
                    None,
                    &NewNode {
                        parent_id: Some(communities[ci].0),
                        level: NodeLevel::Area,
                        name: &name,
                        num: None,
                        is_group: false,
                    },
                )?,
                ci,
            ));
        }
    }
    // Buildings: numbered through each community.
    let mut next_num = vec![1usize; communities.len()];
    let mut buildings: Vec<(i64, usize, usize)> = Vec::new(); // (id, area index, community index)
    for ai in 0..areas.len() {
        let ci = areas[ai].1;
        let n = p.buildings / areas.len() + usize::from(ai < p.buildings % areas.len());
        let group = RESETTLEMENT.contains(&communities[ci].1);
        for _ in 0..n.max(1) {
            let num = next_num[ci];
            next_num[ci] += 1;
            let name = if group {
                format!("第{num}居民小组")
            } else {
                format!("{num}号楼")
            };
            let id = grid::add(
                conn,
                now,
                None,
                &NewNode {
                    parent_id: Some(areas[ai].0),
                    level: NodeLevel::Building,
                    name: &name,
                    num: Some(&num.to_string()),
                    is_group: group,
                },
            )?;
            buildings.push((id, ai, ci));
        }
    }
    g.summary.communities = communities.len();
    g.summary.areas = areas.len();
    g.summary.buildings = buildings.len();

    // Staff: a counter clerk and a supervisor per community, a grid leader
    // per area, the errand agents.
    let mut counters = Vec::new();
    let mut leaders = Vec::new();
    let mut agents = Vec::new();
    for (ci, (cid, _)) in communities.iter().enumerate() {
        let s = *g.rng.weighted(SURNAMES);
        let male = g.rng.chance(0.4);
        let n = g.name(s, male);
        counters.push(staff::add(
            conn,
            now,
            None,
            &NewStaff {
                login: &format!("counter{:03}", ci + 1),
                name: &n,
                role: Role::Counter,
                node_id: Some(*cid),
            },
        )?);
        let s = *g.rng.weighted(SURNAMES);
        let n = g.name(s, true);
        staff::add(
            conn,
            now,
            None,
            &NewStaff {
                login: &format!("super{:03}", ci + 1),
                name: &n,
                role: Role::Supervisor,
                node_id: Some(*cid),
            },
        )?;
    }
    for (ai, (aid, _)) in areas.iter().enumerate() {
        let s = *g.rng.weighted(SURNAMES);
        let male = g.rng.chance(0.5);
        let n = g.name(s, male);
        leaders.push(staff::add(
            conn,
            now,
            None,
            &NewStaff {
                login: &format!("leader{:03}", ai + 1),
                name: &n,
                role: Role::GridLeader,
                node_id: Some(*aid),
            },
        )?);
    }
    for k in 0..p.agents {
        let s = *g.rng.weighted(SURNAMES);
        let male = g.rng.chance(0.5);
        let n = g.name(s, male);
        let ci = k % communities.len();
        agents.push((
            staff::add(
                conn,
                now,
                None,
                &NewStaff {
                    login: &format!("agent{:03}", k + 1),
                    name: &n,
                    role: Role::Agent,
                    node_id: Some(communities[ci].0),
                },
            )?,
            ci,
        ));
    }
    if let Some(login) = &opts.operator_login {
        staff::add(
            conn,
            now,
            None,
            &NewStaff {
                login,
                name: "演示值班员",
                role: Role::Supervisor,
                // The district's supervisor: sees the whole district.
                node_id: Some(district),
            },
        )?;
    }
    g.summary.staff =
        2 * communities.len() + areas.len() + p.agents + usize::from(opts.operator_login.is_some());

    // Households and residents.
    let mut households: Vec<(i64, usize)> = Vec::with_capacity(p.households); // (id, building index)
    let mut people: Vec<Person> = Vec::with_capacity(p.households * 4);
    let per_building = p.households / buildings.len();
    let extra = p.households % buildings.len();
    let t = fmt_time(now);
    let mut ins_h = conn.prepare("INSERT INTO household(building_id, unit, room, phone, tags, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)")?;
    let mut ins_r = conn.prepare(
        "INSERT INTO resident(household_id, name, gender, birth_date, id_number, mobile, relation, tags, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?;
    let year = now.year();
    for (bi, &(bid, _, _)) in buildings.iter().enumerate() {
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
            let surname = *g.rng.weighted(SURNAMES);
            let mut members: Vec<(String, bool, NaiveDate, &str)> = Vec::new();
            let head_name = g.name(surname, head_male);
            let head_birth = g.birth(year - head_age);
            members.push((head_name, head_male, head_birth, "02"));
            if size >= 2 {
                let sp_surname = *g.rng.weighted(SURNAMES);
                let n = g.name(sp_surname, !head_male);
                let dy = g.rng.range(-4, 4) as i32;
                let b = g.birth(year - head_age + dy);
                members.push((n, !head_male, b, "1"));
            }
            for _ in 2..size {
                let r = g.rng.below(10);
                if r < 7 && head_age >= 40 {
                    let male = g.rng.chance(0.5);
                    let n = g.name(surname, male);
                    let dy = g.rng.range(22, 34) as i32;
                    let b = g.birth(year - head_age + dy);
                    members.push((n, male, b, if male { "2" } else { "3" }));
                } else if r < 9 && head_age <= 60 {
                    let male = g.rng.chance(0.5);
                    let n = g.name(surname, male);
                    let dy = g.rng.range(22, 30) as i32;
                    let b = g.birth(year - head_age - dy);
                    members.push((n, male, b, "5"));
                } else {
                    let male = g.rng.chance(0.5);
                    let n = g.name(surname, male);
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
            let hi = households.len();
            households.push((hid, bi));
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
                super::household::index_name(conn, &name)?;
                people.push(Person {
                    id: rid,
                    household: hi,
                    name,
                });
            }
        }
    }
    drop((ins_h, ins_r));
    g.summary.households = households.len();
    g.summary.residents = people.len();
    // One entry for the whole load rather than one per record.
    append(
        conn,
        now,
        &NewEvent {
            entity: "database",
            entity_id: 0,
            kind: "demo",
            note: Some(&format!(
                "demo {} households, {} residents, seed {}",
                households.len(),
                people.len(),
                opts.seed
            )),
            ..Default::default()
        },
    )?;

    // People by household, for requesters.
    let mut first_person = vec![usize::MAX; households.len()];
    for (i, p) in people.iter().enumerate().rev() {
        first_person[p.household] = i;
    }

    // Visits (入户走访): 8,300 households a year at district scale.
    let visit_count = (8300.0 * p.factor).round() as usize;
    let mut visits: Vec<(usize, Time, i64)> = Vec::with_capacity(visit_count);
    {
        let mut ins_v = conn.prepare(
            "INSERT INTO visit(household_id, staff_id, at, note) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let notes = [
            "了解家庭近况",
            "走访独居老人",
            "宣传政策",
            "核对人口信息",
            "听取意见建议",
            "节日慰问",
        ];
        for _ in 0..visit_count {
            let hi = g.rng.below(households.len() as u64) as usize;
            let (hid, bi) = households[hi];
            let leader = leaders[buildings[bi].1];
            let at = g.time_in_year(0, 364);
            let note = *g.rng.pick(&notes);
            ins_v.execute(params![hid, leader, fmt_time(at), note])?;
            visits.push((hi, at, leader));
        }
    }
    g.summary.visits = visits.len();

    // Requests: the report's yearly totals times the scale factor.
    let f = p.factor;
    let n = |x: f64| (x * f).round() as usize;
    let cal = WorkCalendar::default();
    let mut specs: Vec<Spec> = Vec::new();
    let errand_items: &[(&str, u32)] = &[
        ("errand.pension_cert", 30),
        ("errand.medical_claim", 20),
        ("errand.dibao", 10),
        ("errand.disability_card", 8),
        ("errand.elderly_allowance", 15),
        ("errand.residence_permit", 7),
        ("errand.certificate", 10),
    ];
    for _ in 0..n(6500.0) {
        let cat = *g.rng.weighted(errand_items);
        specs.push(Spec {
            cat,
            channel: "walk-in",
            handled: None,
            kind: Kind::Errand,
        });
    }
    // Visit problems: 796 collected, 733 handled, 63 being coordinated.
    let (vp, vh) = (n(796.0), n(733.0));
    for i in 0..vp {
        let cat = *g.rng.weighted(&[
            ("repair", 35),
            ("property", 25),
            ("safety", 10),
            ("assistance", 15),
            ("opinion", 15),
        ]);
        specs.push(Spec {
            cat,
            channel: "visit",
            handled: Some(i < vh),
            kind: Kind::Visit,
        });
    }
    // Disputes: 203 found, 195 resolved.
    let (dp, dh) = (n(203.0), n(195.0));
    for i in 0..dp {
        let ch = *g.rng.weighted(&[("walk-in", 60), ("phone", 40)]);
        specs.push(Spec {
            cat: "dispute",
            channel: ch,
            handled: Some(i < dh),
            kind: Kind::Dispute,
        });
    }
    for _ in 0..n(3700.0) {
        let ch = *g.rng.weighted(&[("walk-in", 50), ("referred", 50)]);
        specs.push(Spec {
            cat: "micro_wish",
            channel: ch,
            handled: None,
            kind: Kind::Wish,
        });
    }
    for (cat, count) in [
        ("repair", 256.0),
        ("consult", 300.0),
        ("opinion", 100.0),
        ("property", 30.0),
        ("safety", 20.0),
        ("assistance", 50.0),
    ] {
        for _ in 0..n(count) {
            let ch = *g.rng.weighted(&[("walk-in", 60), ("phone", 40)]);
            specs.push(Spec {
                cat,
                channel: ch,
                handled: None,
                kind: Kind::Other,
            });
        }
    }
    let limits: HashMap<String, u32> = super::request::categories(conn)?
        .into_iter()
        .map(|c| (c.code, c.limit_days))
        .collect();

    // Decide times and fates first, then number tickets in time order.
    let mut planned: Vec<Planned> = Vec::with_capacity(specs.len());
    for s in specs {
        let limit = limits.get(s.cat).copied().unwrap_or(10);
        let (reg, handled) = match s.handled {
            Some(true) => (g.time_in_year(25, 364), true),
            Some(false) => (g.time_in_year(0, 60), false),
            None => {
                let t = g.time_in_year(0, 364);
                let age_days = (now - t).num_days();
                let done = age_days > i64::from(limit) * 7 / 5 + 5 && g.rng.chance(0.997)
                    || age_days > 3 && g.rng.chance(0.3);
                (t, done)
            }
        };
        let (hi, reg) = if s.kind == Kind::Visit && !visits.is_empty() {
            let v = visits[g.rng.below(visits.len() as u64) as usize];
            (
                v.0,
                if handled {
                    v.1.min(now - Duration::days(25))
                } else {
                    v.1.max(now - Duration::days(60))
                },
            )
        } else {
            (g.rng.below(households.len() as u64) as usize, reg)
        };
        planned.push(Planned {
            spec: s,
            reg,
            handled,
            household: hi,
            limit,
        });
    }
    planned.sort_by_key(|p| p.reg);

    let mut ins_q = conn.prepare(
        "INSERT INTO request(ticket, channel, category_code, household_id, resident_id, requester_name, description, node_id, level,
                             assignee_id, status, registered_at, registered_by, due_at, waiting_since, last_activity_at,
                             resolved_at, result, closed_at, rating, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
    )?;
    let mut ins_e = conn.prepare(
        "INSERT INTO event(at, staff_id, entity, entity_id, request_id, kind, from_status, to_status, from_level, to_level, reason, note)
         VALUES (?1, ?2, 'request', ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut ins_err = conn.prepare("INSERT INTO errand(request_id, service_item, department, promised_date, agent_id) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    let mut ins_c = conn.prepare("INSERT INTO custody(request_id, item, holder_id, checked_in_at, checked_in_by, returned_at, returned_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
    let categories: HashMap<String, super::request::Category> = super::request::categories(conn)?
        .into_iter()
        .map(|c| (c.code.clone(), c))
        .collect();
    let mut day = String::new();
    let mut seq = 0u32;
    let mut events = 0usize;
    for pl in &planned {
        let d = pl.reg.format("%Y%m%d").to_string();
        if d != day {
            if !day.is_empty() {
                conn.execute(
                    "INSERT INTO ticket_counter(day, last) VALUES (?1, ?2)",
                    params![day, seq],
                )?;
            }
            day = d;
            seq = 0;
        }
        seq += 1;
        let ticket = format!("{day}-{seq:04}");
        let (hid, bi) = households[pl.household];
        let (_, ai, ci) = buildings[bi];
        let person = &people[first_person[pl.household]];
        let counter = counters[ci];
        let assignee = match pl.spec.kind {
            Kind::Errand | Kind::Wish => {
                let local: Vec<i64> = agents
                    .iter()
                    .filter(|(_, c)| *c == ci)
                    .map(|(a, _)| *a)
                    .collect();
                if local.is_empty() {
                    agents[g.rng.below(agents.len() as u64) as usize].0
                } else {
                    *g.rng.pick(&local)
                }
            }
            Kind::Dispute | Kind::Visit => leaders[ai],
            Kind::Other => counter,
        };
        let level = match pl.spec.kind {
            Kind::Visit => *g.rng.weighted(&[
                (Level::Building, 40),
                (Level::Area, 30),
                (Level::Community, 25),
                (Level::Subdistrict, 5),
            ]),
            Kind::Dispute => *g.rng.weighted(&[
                (Level::Area, 60),
                (Level::Community, 30),
                (Level::Subdistrict, 8),
                (Level::District, 2),
            ]),
            _ => Level::Community,
        };
        let start_level = match pl.spec.kind {
            Kind::Visit => Level::Building,
            Kind::Dispute => Level::Area,
            _ => Level::Community,
        };
        let due = cal.due(pl.reg, pl.limit);
        let desc = describe(&mut g.rng, pl.spec.cat, &categories, &person.name);
        let registrar = if pl.spec.kind == Kind::Visit {
            assignee
        } else {
            counter
        };
        // The timeline.
        let mut tl: Vec<Step> = Vec::new();
        tl.push((
            pl.reg,
            registrar,
            "created",
            None,
            Some(Status::Registered),
            None,
            Some(start_level),
            None,
            Some(desc.clone()),
        ));
        let mut t = pl.reg + Duration::minutes(g.rng.range(5, 240));
        let mut status = Status::Registered;
        let mut resolved_at = None;
        let mut closed_at = None;
        let mut result = None;
        let mut rating = None;
        let mut waiting_since = None;
        let mut due_at = due;
        let stage = if pl.handled { 9 } else { g.rng.range(0, 3) };
        let stale_open = !pl.handled && g.rng.chance(0.15);
        if stage >= 1 && t < now {
            tl.push((
                t,
                counter,
                "assign",
                Some(status),
                Some(Status::Assigned),
                None,
                None,
                None,
                None,
            ));
            status = Status::Assigned;
            t += Duration::minutes(g.rng.range(30, if stale_open { 8000 } else { 2000 }));
        }
        if stage >= 2 && t < now {
            tl.push((
                t,
                assignee,
                "start",
                Some(status),
                Some(Status::InProgress),
                None,
                None,
                None,
                None,
            ));
            status = Status::InProgress;
            t += Duration::minutes(g.rng.range(60, 3000));
        }
        let mut lv = start_level;
        while lv < level && t < now {
            let next = Level::ALL[Level::ALL.iter().position(|l| *l == lv).unwrap_or(0) + 1];
            let reason = *g.rng.pick(&[
                "需上级协调",
                "涉及多个部门",
                "本级无法解决",
                "当事人不接受调解",
            ]);
            tl.push((
                t,
                assignee,
                "escalate",
                None,
                None,
                Some(lv),
                Some(next),
                Some(reason.to_string()),
                None,
            ));
            lv = next;
            t += Duration::minutes(g.rng.range(60, 2000));
        }
        if status == Status::InProgress && g.rng.chance(0.12) && t < now {
            let reason = *g
                .rng
                .pick(&["等待居民补交材料", "等待部门答复", "等待现场勘查"]);
            tl.push((
                t,
                assignee,
                "wait",
                Some(Status::InProgress),
                Some(Status::Waiting),
                None,
                None,
                Some(reason.to_string()),
                None,
            ));
            let paused = t;
            t += Duration::minutes(g.rng.range(600, 6000));
            if pl.handled || t < now && g.rng.chance(0.5) {
                due_at = cal.resume_due(due_at, paused, t.min(now));
                tl.push((
                    t.min(now),
                    assignee,
                    "resume",
                    Some(Status::Waiting),
                    Some(Status::InProgress),
                    None,
                    None,
                    None,
                    None,
                ));
                t += Duration::minutes(g.rng.range(60, 2000));
            } else {
                status = Status::Waiting;
                waiting_since = Some(paused);
            }
        }
        if pl.handled {
            if g.rng.chance(0.015) {
                let reason = *g.rng.pick(&["居民撤回诉求", "重复登记", "已自行解决"]);
                tl.push((
                    t.min(now),
                    counter,
                    "cancel",
                    Some(status),
                    Some(Status::Cancelled),
                    None,
                    None,
                    Some(reason.to_string()),
                    None,
                ));
                status = Status::Cancelled;
                closed_at = Some(t.min(now));
            } else {
                // Most are done before the due time; a few run late.
                let done = if g.rng.chance(0.95) {
                    t.min(due_at - Duration::minutes(g.rng.range(10, 600)))
                        .max(pl.reg + Duration::minutes(30))
                } else {
                    due_at + Duration::hours(g.rng.range(2, 72))
                };
                let done = done.min(now);
                let res = result_text(&mut g.rng, pl.spec.cat);
                tl.push((
                    done,
                    assignee,
                    "resolve",
                    Some(status),
                    Some(Status::Resolved),
                    None,
                    None,
                    None,
                    Some(res.clone()),
                ));
                status = Status::Resolved;
                resolved_at = Some(done);
                result = Some(res);
                let follow = done + Duration::hours(g.rng.range(4, 96));
                if follow < now && (now - done).num_days() > 2 {
                    let r = *g.rng.weighted(&[(5u8, 70), (4, 22), (3, 6), (2, 2)]);
                    let label =
                        ["", "非常不满意", "不满意", "基本满意", "满意", "非常满意"][r as usize];
                    tl.push((
                        follow,
                        counter,
                        "follow_up",
                        Some(Status::Resolved),
                        Some(Status::Closed),
                        None,
                        None,
                        None,
                        Some(label.to_string()),
                    ));
                    status = Status::Closed;
                    closed_at = Some(follow);
                    rating = Some(r);
                }
            }
        }
        let last = tl.last().map(|e| e.0).unwrap_or(pl.reg);
        let assignee_id = if tl.iter().any(|e| e.2 == "assign") {
            Some(assignee)
        } else {
            None
        };
        ins_q.execute(params![
            ticket,
            pl.spec.channel,
            pl.spec.cat,
            hid,
            person.id,
            person.name,
            desc,
            buildings[bi].0,
            lv.code(),
            assignee_id,
            status.code(),
            fmt_time(pl.reg),
            registrar,
            fmt_time(due_at),
            waiting_since.map(fmt_time),
            fmt_time(last),
            resolved_at.map(fmt_time),
            result,
            closed_at.map(fmt_time),
            rating,
            tl.len() as i64
        ])?;
        let qid = conn.last_insert_rowid();
        for e in &tl {
            ins_e.execute(params![
                fmt_time(e.0),
                e.1,
                qid,
                e.2,
                e.3.map(Status::code),
                e.4.map(Status::code),
                e.5.map(Level::code),
                e.6.map(Level::code),
                e.7,
                e.8
            ])?;
        }
        events += tl.len();
        if pl.spec.kind == Kind::Errand {
            let cat = &categories[pl.spec.cat];
            ins_err.execute(params![
                qid,
                cat.code,
                cat.department,
                due.format("%Y-%m-%d").to_string(),
                assignee_id
            ])?;
            for m in &cat.materials {
                // Originals only: certificates and cards, not photocopies.
                if m.contains("照片") || m.contains("申请书") {
                    continue;
                }
                let back = if status.is_open() {
                    None
                } else {
                    resolved_at.or(closed_at)
                };
                ins_c.execute(params![
                    qid,
                    m,
                    if back.is_some() { None } else { Some(assignee) },
                    fmt_time(pl.reg),
                    registrar,
                    back.map(fmt_time),
                    back.map(|_| assignee)
                ])?;
            }
        }
    }
    if !day.is_empty() {
        conn.execute(
            "INSERT INTO ticket_counter(day, last) VALUES (?1, ?2)",
            params![day, seq],
        )?;
    }
    g.summary.requests = planned.len();
    g.summary.events = events;
    Ok(g.summary)
}

/// One timeline entry: at, staff, kind, from/to status, from/to level,
/// reason, note.
type Step = (
    Time,
    i64,
    &'static str,
    Option<Status>,
    Option<Status>,
    Option<Level>,
    Option<Level>,
    Option<String>,
    Option<String>,
);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Errand,
    Visit,
    Dispute,
    Wish,
    Other,
}

struct Spec {
    cat: &'static str,
    channel: &'static str,
    handled: Option<bool>,
    kind: Kind,
}

struct Planned {
    spec: Spec,
    reg: Time,
    handled: bool,
    household: usize,
    limit: u32,
}

fn describe(
    rng: &mut Rng,
    cat: &str,
    cats: &HashMap<String, super::request::Category>,
    who: &str,
) -> String {
    let pick = |rng: &mut Rng, v: &[&str]| v[rng.below(v.len() as u64) as usize].to_string();
    match cat {
        "dispute" => pick(
            rng,
            &[
                "楼上漏水影响楼下，双方协商未果",
                "邻里噪音纠纷",
                "停车位占用纠纷",
                "宠物扰民引发争执",
                "相邻墙体开裂责任争议",
                "家庭赡养纠纷",
            ],
        ),
        "micro_wish" => pick(
            rng,
            &[
                "留守儿童希望有一个新书包",
                "独居老人希望有人陪同就医",
                "希望得到一台助听器",
                "孩子希望有一套课外读物",
                "老人希望修好家里的电视",
            ],
        ),
        "repair" => pick(
            rng,
            &[
                "门前小巷路面破损，需硬化",
                "楼前路灯不亮",
                "下水道堵塞返水",
                "单元门禁损坏",
                "楼道灯损坏",
            ],
        ),
        "property" => pick(
            rng,
            &[
                "电梯经常故障",
                "小区垃圾清运不及时",
                "物业费收费标准争议",
                "绿化带被占用种菜",
            ],
        ),
        "safety" => pick(
            rng,
            &[
                "楼道堆放杂物存在消防隐患",
                "电动车楼道内充电",
                "夜间有陌生人徘徊",
            ],
        ),
        "assistance" => pick(
            rng,
            &[
                "家庭成员重病，申请临时救助",
                "失业在家，希望介绍工作",
                "空巢老人需要日常照料",
            ],
        ),
        "opinion" => pick(
            rng,
            &[
                "建议增设健身器材",
                "建议延长服务站开放时间",
                "建议增加社区图书室藏书",
            ],
        ),
        "consult" => pick(
            rng,
            &[
                "咨询医保缴费政策",
                "咨询高龄津贴申领条件",
                "咨询低保申请条件",
                "咨询居住证办理流程",
            ],
        ),
        c => {
            let name = cats.get(c).map(|x| x.name_zh.clone()).unwrap_or_default();
            format!("{who}申请代办{name}")
        }
    }
}

fn result_text(rng: &mut Rng, cat: &str) -> String {
    let v: &[&str] = match cat {
        "dispute" => &["经调解双方达成一致", "已调解，签订协议", "经协调双方和解"],
        "micro_wish" => &["已由在职党员认领并送达", "心愿已实现，居民签收"],
        "repair" => &["已修复", "已安排施工并完工", "已疏通"],
        "consult" => &["已当场答复", "已一次性告知所需材料"],
        _ => &[
            "已办结，材料已交还居民",
            "已办理完毕并告知居民",
            "已协调解决",
        ],
    };
    v[rng.below(v.len() as u64) as usize].to_string()
}
