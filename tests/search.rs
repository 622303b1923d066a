//! Search as a clerk expects it, on a register of fixed names written
//! through the store: the ranking of pinyin and initials, the same order
//! on the screens and in `find` whatever the limit, every written form of
//! an address and of a resident group, landlines in every written form.

mod common;

use chrono::TimeZone;
use griddesk::domain::calendar::tz;
use griddesk::store::grid::{self, NewNode, NodeLevel};
use griddesk::store::household::{self, NewHousehold, ResidentInput};
use griddesk::store::search::{HitKind, search_with_scans};
use griddesk::store::trust::Record;
use griddesk::store::{Mode, OpenOptions, Store};
use std::path::PathBuf;
use tempfile::TempDir;

struct Register {
    _dir: TempDir,
    supervisor: i64,
    path: PathBuf,
    store: Store,
    /// 锦华家园社区 第一片区 3-2-501, phone 0394-8940009.
    jinhua: i64,
    /// 高庄社区 第一片区 3-2-501, phone 010-62751234.
    gaozhuang: i64,
    /// 高庄社区 第3居民小组, house 12, phone 8940009 (local number only).
    group: i64,
    /// 锦华家园社区 第一片区 3-1-101, no phone.
    other: i64,
}

/// The fixed list: (household, name, how many residents bear it there).
/// Bearers are spread over households so that the address order shows.
const NAMES: &[(&str, &str, usize)] = &[
    ("jinhua", "单雄信", 1),
    ("gaozhuang", "单雄信", 1),
    ("other", "单田芳", 1),
    ("jinhua", "邓林", 1),
    ("other", "邓佳", 1),
    ("other", "尚小云", 2),
    ("jinhua", "山丹丹", 1),
    ("jinhua", "谢东", 1),
    ("jinhua", "谢娜", 1),
    ("gaozhuang", "谢娜", 1),
    ("other", "谢娜", 1),
    ("group", "解放", 1),
    ("jinhua", "叶萍", 1),
    ("jinhua", "曾东新", 1),
    ("other", "曾东新华", 1),
    ("jinhua", "张东旭", 1),
    ("gaozhuang", "张东旭", 1),
    ("other", "周德兴", 1),
    ("jinhua", "王长林", 1),
    ("other", "王志龙", 1),
    ("gaozhuang", "张伟", 3),
    ("jinhua", "张伟", 1),
    ("other", "张卫", 2),
    ("group", "张薇", 1),
    ("jinhua", "张维", 1),
    ("gaozhuang", "张炜", 1),
    ("jinhua", "张玮", 1),
];

fn register() -> Register {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("search.db");
    let mut store = Store::open_with(
        &path,
        OpenOptions {
            mode: Mode::Create,
            shared: false,
        },
    )
    .unwrap();
    store.set_now(Some(tz().with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap()));
    let init = store
        .init_district("川汇区", None, &griddesk::cli::config::os_login(), "管理员")
        .unwrap();
    let now = store.now();
    let c = store.conn();
    let node = |parent: i64, level: NodeLevel, name: &str, num: Option<&str>, group: bool| {
        grid::add(
            c,
            now,
            None,
            &NewNode {
                parent_id: Some(parent),
                level,
                name,
                num,
                is_group: group,
            },
        )
        .unwrap()
    };
    let district: i64 = c
        .query_row(
            "SELECT id FROM grid_node WHERE parent_id IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let sub = node(district, NodeLevel::Subdistrict, "七一路街道", None, false);
    let jh = node(sub, NodeLevel::Community, "锦华家园社区", None, false);
    let jh1 = node(jh, NodeLevel::Area, "第一片区", None, false);
    let jh2 = node(jh, NodeLevel::Area, "第二片区", None, false);
    let jh_b3 = node(jh1, NodeLevel::Building, "3号楼", Some("3"), false);
    node(jh2, NodeLevel::Building, "5号楼", Some("5"), false);
    let gz = node(sub, NodeLevel::Community, "高庄社区", None, false);
    let gz1 = node(gz, NodeLevel::Area, "第一片区", None, false);
    let gz_b3 = node(gz1, NodeLevel::Building, "3号楼", Some("3"), false);
    let gz_g3 = node(gz1, NodeLevel::Building, "第3居民小组", Some("3"), true);
    let hh = |building: i64, unit: &str, room: &str, phone: Option<&str>| {
        household::add(
            c,
            now,
            Some(init.supervisor_id),
            &NewHousehold {
                building_id: building,
                unit,
                room,
                phone,
                tags: "",
                note: "",
            },
        )
        .unwrap()
    };
    let jinhua = hh(jh_b3, "2", "501", Some("0394-8940009"));
    let gaozhuang = hh(gz_b3, "2", "501", Some("010-62751234"));
    let group = hh(gz_g3, "1", "12", Some("8940009"));
    let other = hh(jh_b3, "1", "101", None);
    for (at, name, n) in NAMES {
        let hid = match *at {
            "jinhua" => jinhua,
            "gaozhuang" => gaozhuang,
            "group" => group,
            _ => other,
        };
        for _ in 0..*n {
            let r = ResidentInput {
                name: (*name).into(),
                relation: "其他".into(),
                ..Default::default()
            }
            .validate(now.date_naive())
            .unwrap();
            household::add_resident(c, now, Some(init.supervisor_id), hid, &r).unwrap();
        }
    }
    // A mobile that ends in the same seven digits as the landline.
    let r = ResidentInput {
        name: "马手机".into(),
        mobile: "13948940009".into(),
        relation: "其他".into(),
        ..Default::default()
    }
    .validate(now.date_naive())
    .unwrap();
    household::add_resident(c, now, Some(init.supervisor_id), other, &r).unwrap();
    Register {
        _dir: dir,
        supervisor: init.supervisor_id,
        path,
        store,
        jinhua,
        gaozhuang,
        group,
        other,
    }
}

/// Hits as `name  community b-u-r`, in order.
fn found(r: &Register, q: &str, limit: usize) -> Vec<String> {
    r.store
        .search(q, limit)
        .unwrap()
        .into_iter()
        .map(|h| h.label)
        .collect()
}

/// Just the names, in order.
fn names(r: &Register, q: &str) -> Vec<String> {
    found(r, q, 50)
        .into_iter()
        .map(|l| l.split("  ").next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_surname_read_as_a_surname_comes_first_and_unused_readings_not_at_all() {
    let r = register();
    // 单 is shan as a surname: first; the common readings after (尚小云 is
    // borne by two, 山丹丹 by one); 邓 is never shan.
    assert_eq!(
        names(&r, "shan"),
        ["单雄信", "单雄信", "单田芳", "尚小云", "尚小云", "山丹丹"]
    );
    // 单雄信 twice: by address (锦华家园社区 before 高庄社区 in code order).
    assert_eq!(
        found(&r, "shan", 2),
        ["单雄信  锦华家园社区 3-2-501", "单雄信  高庄社区 3-2-501"]
    );
    // 解 read xie as a surname, then 谢 (谢娜 borne by three before 谢东);
    // 叶 is never xie.
    assert_eq!(names(&r, "xie"), ["解放", "谢娜", "谢娜", "谢娜", "谢东"]);
    // 曾 zeng: the exact initials with the surname reading, then the
    // longer names with it, then the common readings (two 张东旭 first).
    assert_eq!(
        names(&r, "zdx"),
        ["曾东新", "曾东新华", "张东旭", "张东旭", "周德兴"]
    );
    // The common reading of 单 (dan) still finds it, after nothing better.
    assert_eq!(names(&r, "dxx"), ["单雄信", "单雄信"]);
    assert!(names(&r, "dengl").iter().all(|n| n == "邓林"));
    assert!(names(&r, "sl").is_empty(), "邓林 is not shan lin");
}

#[test]
fn common_readings_before_rare_ones_and_commoner_names_first() {
    let r = register();
    // 长 in a name is chang; zhang is its rarer reading.
    assert_eq!(names(&r, "wcl"), ["王长林"]);
    assert_eq!(names(&r, "wzl"), ["王志龙", "王长林"]);
    // Exact before prefix, then how many bear the name, then pinyin order.
    let zw = names(&r, "zw");
    assert_eq!(zw[..4], ["张伟", "张伟", "张伟", "张伟"]);
    assert_eq!(zw[4..6], ["张卫", "张卫"]);
    assert_eq!(zw.len(), 10, "{zw:?}");
    // 张伟's four bearers by address: 锦华家园 before 高庄.
    let labels = found(&r, "zhangwei", 4);
    assert_eq!(labels[0], "张伟  锦华家园社区 3-2-501");
    assert!(labels[1..].iter().all(|l| l == "张伟  高庄社区 3-2-501"));
    // Characters: the exact name, then names starting with it by how many
    // bear them.
    let zhang = names(&r, "张");
    assert_eq!(zhang[..4], ["张伟", "张伟", "张伟", "张伟"]);
    assert_eq!(zhang[4..8], ["张东旭", "张东旭", "张卫", "张卫"]);
}

#[test]
fn the_first_hits_are_the_same_whatever_the_limit() {
    let r = register();
    for q in [
        "shan", "xie", "zdx", "zw", "z", "zhang", "张", "s", "x", "3-2-501",
    ] {
        let all = r.store.search(q, 50).unwrap();
        for n in [1, 2, 3, 5, 8] {
            let some = r.store.search(q, n).unwrap();
            let ids = |v: &[griddesk::store::search::Hit]| {
                v.iter().map(|h| (h.kind, h.id)).collect::<Vec<_>>()
            };
            assert_eq!(ids(&some), ids(&all[..n.min(all.len())]), "{q} limit {n}");
        }
    }
}

#[test]
fn find_lists_what_the_screens_list_in_the_same_order() {
    let r = register();
    for q in ["shan", "xie", "zdx", "zw", "张", "z"] {
        // The screens ask the store for 50.
        let screen: Vec<(String, i64)> = r
            .store
            .search(q, 50)
            .unwrap()
            .into_iter()
            .map(|h| (format!("{:?}", h.kind).to_lowercase(), h.id))
            .collect();
        for limit in ["5", "20", "50"] {
            let o = common::run(&r.path, &["find", q, "--json", "--limit", limit]);
            assert!(o.status.success(), "{q}: {}", common::stderr(&o));
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            let got: Vec<(String, i64)> = v
                .as_array()
                .unwrap()
                .iter()
                .map(|h| {
                    (
                        h["kind"].as_str().unwrap().to_string(),
                        h["id"].as_i64().unwrap(),
                    )
                })
                .collect();
            let n: usize = limit.parse().unwrap();
            assert_eq!(got, screen[..n.min(screen.len())], "{q} --limit {limit}");
        }
    }
}

fn households(r: &Register, q: &str) -> Vec<i64> {
    r.store
        .search(q, 50)
        .unwrap()
        .into_iter()
        .filter(|h| h.kind == HitKind::Household)
        .map(|h| h.id)
        .collect()
}

#[test]
fn every_written_form_of_an_address_finds_its_household() {
    let r = register();
    for q in [
        "锦华家园 3-2-501",
        "锦华家园 3-2-501室",
        "锦华家园 3#2-501",
        "锦华家园 3＃2－501",
        "锦华家园 3栋2-501",
        "锦华家园 3幢2单元501",
        "锦华家园 3号楼2单元501室",
        "锦华家园 第一片区 3-2-501",
        "锦华家园，第一片区 3栋2-501",
        "锦华家园第一片区3#2-501",
        "锦华家园社区 第一片区 3幢2单元501",
        "第一片区 锦华 3-2-501室",
    ] {
        let (hits, scans) = search_with_scans(r.store.conn(), q, 20).unwrap();
        let ids: Vec<i64> = hits.iter().map(|h| h.id).collect();
        assert_eq!(ids, [r.jinhua], "{q}");
        assert!(hits[0].exact, "{q}");
        assert_eq!(scans, 0, "{q}: a full scan");
    }
    // Without a place: both communities' 3-2-501, by community.
    for q in ["3-2-501室", "3#2-501", "3栋2-501", "3幢2单元501"] {
        assert_eq!(households(&r, q), [r.jinhua, r.gaozhuang], "{q}");
    }
    assert_eq!(households(&r, "高庄 3栋2-501"), [r.gaozhuang]);
    // A place that is not where the address is finds nothing.
    assert!(households(&r, "锦华家园 第二片区 3-2-501").is_empty());
    assert!(households(&r, "高庄 第二片区 3-2-501").is_empty());
    // A partial address lists the unit, in room order.
    assert_eq!(households(&r, "锦华家园 3栋"), [r.other, r.jinhua]);
}

#[test]
fn resident_groups_by_name_and_house_number() {
    let r = register();
    for q in [
        "高庄 第三居民小组 12号",
        "高庄第3居民小组12号",
        "高庄社区 第一片区 第三居民小组 12",
        "第三居民小组 12号",
        "三组12号",
    ] {
        let (hits, scans) = search_with_scans(r.store.conn(), q, 20).unwrap();
        let ids: Vec<i64> = hits.iter().map(|h| h.id).collect();
        assert_eq!(ids, [r.group], "{q}");
        assert!(hits[0].exact, "{q}");
        assert_eq!(scans, 0, "{q}: a full scan");
    }
    // The group alone lists its households; a house not there finds none,
    // and a building's 3-2-501 is not in group 3.
    assert_eq!(households(&r, "高庄 第三居民小组"), [r.group]);
    assert!(households(&r, "高庄 第三居民小组 13号").is_empty());
    assert!(households(&r, "锦华家园 第三居民小组 12号").is_empty());
    // Still reachable as building-unit-room.
    assert_eq!(households(&r, "高庄 3-1-12"), [r.group]);
}

#[test]
fn landlines_in_every_written_form() {
    let r = register();
    // Stored 0394-8940009 (jinhua) and 8940009 (the group's, local only);
    // a mobile 139 4894 0009 shares the last seven digits and is not one.
    for q in [
        "0394-8940009",
        "03948940009",
        "0394 8940009",
        "8940009",
        "894 0009",
    ] {
        let (hits, scans) = search_with_scans(r.store.conn(), q, 20).unwrap();
        let ids: Vec<(HitKind, i64)> = hits.iter().map(|h| (h.kind, h.id)).collect();
        assert_eq!(
            ids,
            [
                (HitKind::Household, r.jinhua),
                (HitKind::Household, r.group)
            ],
            "{q}: {hits:?}"
        );
        assert_eq!(scans, 0, "{q}: a full scan");
    }
    // Another area code is another number, unless stored as local only.
    let ids: Vec<i64> = r
        .store
        .search("0395-8940009", 20)
        .unwrap()
        .iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(ids, [r.group]);
    // Beijing: a 3-digit area code and an 8-digit local number.
    for q in ["010-62751234", "01062751234", "62751234", "6275 1234"] {
        assert_eq!(households(&r, q), [r.gaozhuang], "{q}");
    }
    // The last four still find phones and the mobile.
    let tail = r.store.search("0009", 20).unwrap();
    assert_eq!(tail.len(), 3, "{tail:?}");
}

#[test]
fn how_common_a_name_is_follows_voids() {
    let mut r = register();
    // 谢娜 (three) before 谢东 (one); void two 谢娜 and 谢东 comes first by
    // pinyin order (xiedong < xiena) as both have one bearer.
    let xiena: Vec<i64> = r
        .store
        .search("xiena", 50)
        .unwrap()
        .iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(xiena.len(), 3);
    for id in &xiena[..2] {
        r.store
            .void(r.supervisor, Record::Resident(*id), "重复登记")
            .unwrap();
    }
    assert_eq!(names(&r, "xie"), ["解放", "谢东", "谢娜"]);
    // A name nobody bears any more is not listed.
    r.store
        .void(r.supervisor, Record::Resident(xiena[2]), "重复登记")
        .unwrap();
    assert_eq!(names(&r, "xie"), ["解放", "谢东"]);
    let bearers: i64 = r
        .store
        .conn()
        .query_row(
            "SELECT bearers FROM person_name WHERE name = '谢娜'",
            [],
            |x| x.get(0),
        )
        .unwrap();
    assert_eq!(bearers, 0);
}

/// A version 2 file (every dictionary reading indexed, no ranks) is
/// upgraded when opened: 邓 is no longer shan, the ranks and counts are
/// there, and a name registered after still counts.
#[test]
fn a_version_2_database_gets_ranked_keys() {
    let dir = TempDir::new().unwrap();
    let p = dir.path().join("v2.db");
    {
        let c = rusqlite::Connection::open(&p).unwrap();
        c.execute_batch(include_str!("../db/migrations/0001_init.sql"))
            .unwrap();
        c.execute_batch(include_str!("../db/migrations/0002_name_index.sql"))
            .unwrap();
        c.execute_batch(&format!(
            "PRAGMA user_version = 2; PRAGMA application_id = {};
             INSERT INTO grid_node(id, parent_id, level, name, num) VALUES
               (1, NULL, 'district', '示范区', NULL), (2, 1, 'subdistrict', '东街道', NULL),
               (3, 2, 'community', '锦华家园社区', NULL), (4, 3, 'building', '3号楼', '3');
             INSERT INTO household(id, building_id, unit, room, created_at, updated_at)
               VALUES (1, 4, '2', '501', 't', 't');
             INSERT INTO resident(id, household_id, name, created_at, updated_at) VALUES
               (1, 1, '邓林', 't', 't'), (2, 1, '单田芳', 't', 't'), (3, 1, '单田芳', 't', 't'),
               (4, 1, '山丹', 't', 't');
             INSERT INTO person_name(id, name) VALUES (1, '邓林'), (2, '单田芳'), (3, '山丹');
             INSERT INTO name_key(key, name_id) VALUES
               ('denglin', 1), ('dl', 1), ('shanlin', 1), ('sl', 1),
               ('shantianfang', 2), ('stf', 2), ('dantianfang', 2), ('dtf', 2),
               ('shandan', 3), ('sd', 3);
             INSERT INTO name_fts(rowid, chars) VALUES (1, '邓 林'), (2, '单 田 芳'), (3, '山 丹');",
            griddesk::store::APPLICATION_ID
        ))
        .unwrap();
    }
    let mut s = Store::open(&p).unwrap();
    let version: i64 = s
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, griddesk::store::schema::LATEST);
    let names = |s: &Store, q: &str| -> Vec<String> {
        s.search(q, 20)
            .unwrap()
            .into_iter()
            .map(|h| h.label.split("  ").next().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&s, "shan"), ["单田芳", "单田芳", "山丹"]);
    assert!(names(&s, "sl").is_empty());
    assert_eq!(names(&s, "denglin"), ["邓林"]);
    assert_eq!(names(&s, "dtf"), ["单田芳", "单田芳"]);
    assert_eq!(names(&s, "林"), ["邓林"]);
    let ranks: Vec<(i64, String)> = {
        let mut st = s
            .conn()
            .prepare("SELECT rank, key FROM name_key WHERE name_id = 2 ORDER BY rank, key")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    assert_eq!(
        ranks,
        [
            (0, "shantianfang".to_string()),
            (0, "stf".into()),
            (1, "dantianfang".into()),
            (1, "dtf".into())
        ]
    );
    // A new 山丹 makes it as common as 单田芳; the surname reading still
    // comes first.
    s.set_now(Some(tz().with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap()));
    let now = s.now();
    for _ in 0..2 {
        let r = ResidentInput {
            name: "山丹".into(),
            relation: "其他".into(),
            ..Default::default()
        }
        .validate(now.date_naive())
        .unwrap();
        household::add_resident(s.conn(), now, None, 1, &r).unwrap();
    }
    assert_eq!(
        names(&s, "shan"),
        ["单田芳", "单田芳", "山丹", "山丹", "山丹"]
    );
    assert_eq!(names(&s, "sd"), ["山丹", "山丹", "山丹"]);
    let r = s.check().unwrap();
    assert!(r.ok(), "{r:?}");
}
