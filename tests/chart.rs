//! The building chart (楼盘表): its read model on the small demo and on
//! fixture buildings (a 33-floor tower of 3 units × 4 rooms, a resident
//! group), its text at 80 columns in both languages and in ASCII, and
//! `griddesk chart` with its exit codes and JSON.

mod common;

use chrono::{Duration, TimeZone};
use griddesk::chart_text::{Look, layout};
use griddesk::domain::calendar::{Time, tz};
use griddesk::domain::lifecycle::Channel;
use griddesk::domain::warning::Warning;
use griddesk::i18n::Lang;
use griddesk::store::Store;
use griddesk::store::chart::{Chart, Layout, Mark, Shape, chart, set_layout};
use griddesk::store::grid::{self, NewNode, NodeLevel};
use griddesk::store::household::{self, NewHousehold, ResidentInput};
use griddesk::store::request::NewRequest;
use std::path::{Path, PathBuf};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The fixture: the small demo with a tower and a resident group added.
struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    tower: i64,
    group: i64,
    now: Time,
}

fn at(d: (i32, u32, u32), h: u32) -> Time {
    tz().with_ymd_and_hms(d.0, d.1, d.2, h, 0, 0).unwrap()
}

/// Adds a household with its members (name, birth date `YYYY-MM-DD` or
/// "", relation, tags); returns its id.
fn household(
    store: &Store,
    now: Time,
    building: i64,
    unit: &str,
    room: &str,
    tags: &str,
    members: &[(&str, &str, &str, &str)],
) -> i64 {
    let c = store.conn();
    let id = household::add(
        c,
        now,
        None,
        &NewHousehold {
            building_id: building,
            unit,
            room,
            phone: Some("13812345678"),
            tags,
            note: "",
        },
    )
    .unwrap();
    for (name, birth, relation, tags) in members {
        let mut r = ResidentInput {
            name: name.to_string(),
            relation: relation.to_string(),
            tags: tags.to_string(),
            ..Default::default()
        }
        .validate(now.date_naive())
        .unwrap();
        r.birth_date = (!birth.is_empty())
            .then(|| chrono::NaiveDate::parse_from_str(birth, "%Y-%m-%d").unwrap());
        household::add_resident(c, now, None, id, &r).unwrap();
    }
    id
}

fn operator(store: &Store) -> i64 {
    griddesk::store::staff::by_login(store.conn(), &griddesk::cli::config::os_login())
        .unwrap()
        .unwrap()
        .id
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = common::small_db(dir.path());
    let mut store = Store::open(&path).unwrap();
    let op = operator(&store);
    // A request due in 7 working days, assigned at once: yellow two hours
    // before it is due. The chart is read then.
    store.set_now(Some(at((2026, 11, 16), 10)));
    let t0 = store.now();
    let c = store.conn();
    let area = grid::resolve(c, "锦华家园 第一片区").unwrap();
    let tower = grid::add(
        c,
        t0,
        None,
        &NewNode {
            parent_id: Some(area.id),
            level: NodeLevel::Building,
            name: "8号楼",
            num: Some("8"),
            is_group: false,
        },
    )
    .unwrap();
    set_layout(
        c,
        t0,
        None,
        tower,
        Layout {
            units: Some(3),
            floors: Some(33),
            rooms_per_floor: Some(4),
        },
    )
    .unwrap();
    // 1-3301: the head is a party member; his wife is 86 and has no tag.
    let top = household(
        &store,
        t0,
        tower,
        "1",
        "3301",
        "",
        &[
            ("张建国", "1960-03-01", "02", "党员"),
            ("李秀英", "1940-05-05", "1", ""),
        ],
    );
    // 2-501: a compound surname, minimum income on the household.
    let h501 = household(
        &store,
        t0,
        tower,
        "2",
        "501",
        "低保",
        &[("欧阳娜娜", "1985-01-01", "02", "")],
    );
    // 3-1004: disabled; an overdue request (red).
    let h1004 = household(
        &store,
        t0,
        tower,
        "3",
        "1004",
        "",
        &[("王五", "1970-01-01", "02", "残疾")],
    );
    // 1-101: a yellow request.
    let h101 = household(
        &store,
        t0,
        tower,
        "1",
        "101",
        "",
        &[("赵六", "1990-01-01", "02", "")],
    );
    // A basement room has no place in the numbering.
    household(
        &store,
        t0,
        tower,
        "1",
        "B01",
        "",
        &[("钱七", "1980-01-01", "02", "")],
    );
    let mut yellow = NewRequest::new(Channel::WalkIn, "property", "楼道灯不亮");
    yellow.household_id = Some(h101);
    yellow.assignee_id = Some(op);
    let reg = store.register(op, &yellow).unwrap();
    let now = reg.due_at - Duration::hours(2);

    store.set_now(Some(now - Duration::days(60)));
    let mut red = NewRequest::new(Channel::WalkIn, "repair", "水管漏水");
    red.household_id = Some(h1004);
    store.register(op, &red).unwrap();
    // A fresh request of the same household has no warning: the worst counts.
    store.set_now(Some(now - Duration::hours(1)));
    let mut fresh = NewRequest::new(Channel::WalkIn, "opinion", "建议增加座椅");
    fresh.household_id = Some(h1004);
    store.register(op, &fresh).unwrap();
    store.set_now(Some(now - Duration::days(60)));
    // A closed matter leaves no warning: 2-501's request is cancelled.
    let mut done = NewRequest::new(Channel::WalkIn, "repair", "门锁坏了");
    done.household_id = Some(h501);
    let d = store.register(op, &done).unwrap();
    store.cancel(op, d.id, "居民已自行修好", None).unwrap();

    // Visits: 3 days ago at the top, 120 days ago at 2-501.
    store.set_now(Some(now - Duration::days(3)));
    store.record_visit(op, top, "").unwrap();
    store.set_now(Some(now - Duration::days(120)));
    store.record_visit(op, h501, "").unwrap();
    store.set_now(Some(now - Duration::days(200)));
    store.record_visit(op, h501, "").unwrap();

    // A resident group of 高庄: houses 3, 7 and 12.
    store.set_now(Some(t0));
    let c = store.conn();
    let garea = grid::resolve(c, "高庄 第一片区").unwrap();
    let group = grid::add(
        c,
        t0,
        None,
        &NewNode {
            parent_id: Some(garea.id),
            level: NodeLevel::Building,
            name: "第3居民小组",
            num: Some("3"),
            is_group: true,
        },
    )
    .unwrap();
    let h12 = household(
        &store,
        t0,
        group,
        "1",
        "12",
        "独居",
        &[("张桂兰", "1938-02-02", "02", "高龄")],
    );
    household(
        &store,
        t0,
        group,
        "1",
        "7",
        "",
        &[("孙立", "1975-06-06", "02", "")],
    );
    household(
        &store,
        t0,
        group,
        "1",
        "3",
        "",
        &[("周平", "1979-06-06", "02", "")],
    );
    store.set_now(Some(now - Duration::days(60)));
    let mut red = NewRequest::new(Channel::WalkIn, "repair", "屋顶漏雨");
    red.household_id = Some(h12);
    store.register(op, &red).unwrap();
    store.set_now(Some(now - Duration::days(120)));
    store.record_visit(op, h12, "").unwrap();
    store.close();
    Fixture {
        _dir: dir,
        path,
        tower,
        group,
        now,
    }
}

fn read_chart(path: &Path, id: i64, now: Time) -> Chart {
    let mut store = Store::open(path).unwrap();
    let cal = store.calendar().unwrap().clone();
    store.read(|c| chart(c, id, now, &cal)).unwrap()
}

/// The cell of `unit` (1-based) and `room` as numbered, e.g. (1, "3301").
fn cell<'a>(ch: &'a Chart, unit: usize, room: &str) -> &'a griddesk::store::chart::Cell {
    let u = &ch.units[unit - 1];
    u.floors
        .iter()
        .flat_map(|f| f.cells.iter())
        .find(|c| c.room == room)
        .unwrap_or_else(|| panic!("no room {unit}-{room}"))
}

#[test]
fn a_tower_stands_top_floor_first_with_units_across_and_every_household_placed() {
    let f = fixture();
    let ch = read_chart(&f.path, f.tower, f.now);
    assert_eq!(ch.shape, Shape::Grid);
    assert_eq!((ch.floors, ch.rooms_per_floor), (33, 4));
    let units: Vec<&str> = ch.units.iter().map(|u| u.unit.as_str()).collect();
    assert_eq!(units, ["1", "2", "3"]);
    for u in &ch.units {
        let floors: Vec<u32> = u.floors.iter().map(|f| f.floor).collect();
        assert_eq!(
            floors,
            (1..=33).rev().collect::<Vec<_>>(),
            "top floor first"
        );
        for fl in &u.floors {
            let rooms: Vec<String> = fl.cells.iter().map(|c| c.room.clone()).collect();
            let want: Vec<String> = (1..=4).map(|p| format!("{}{:02}", fl.floor, p)).collect();
            assert_eq!(rooms, want, "rooms of floor {} left to right", fl.floor);
        }
    }
    // The head's surname; a compound one whole; no one hidden.
    let top = cell(&ch, 1, "3301");
    assert_eq!(ch.units[0].floors[0].cells[0], *top);
    assert_eq!(top.home.as_ref().unwrap().surname.as_deref(), Some("张"));
    let h501 = cell(&ch, 2, "501").home.as_ref().unwrap();
    assert_eq!(h501.surname.as_deref(), Some("欧阳"));
    assert_eq!(ch.households, 5);
    assert_eq!(ch.homes().count(), 5);
    assert_eq!(ch.other.len(), 1);
    assert_eq!(ch.other[0].room, "B01");
    assert_eq!(ch.vacant(), 33 * 3 * 4 - 4);
    assert!(cell(&ch, 3, "3304").home.is_none());
}

#[test]
fn marks_warnings_and_visits_of_each_room() {
    let f = fixture();
    let ch = read_chart(&f.path, f.tower, f.now);
    let home = |u, r| cell(&ch, u, r).home.clone().unwrap();
    // 党员 from the head's tag, 高龄 from the wife's birth date (86, no tag).
    assert_eq!(home(1, "3301").marks, [Mark::Elderly, Mark::PartyMember]);
    assert_eq!(home(2, "501").marks, [Mark::MinimumIncome]);
    assert_eq!(home(3, "1004").marks, [Mark::Disabled]);
    assert_eq!(home(1, "101").marks, []);
    // The one warning rule: overdue red, due within a working day yellow,
    // a cancelled request nothing.
    assert_eq!(home(3, "1004").warning, Warning::Overdue);
    assert_eq!(home(3, "1004").open_requests, 2);
    assert_eq!(home(1, "101").warning, Warning::DueSoon);
    assert_eq!(home(2, "501").warning, Warning::None);
    assert_eq!(home(2, "501").open_requests, 0);
    // The last visit counts: 3 days, 120 days (not 200), never.
    assert_eq!(home(1, "3301").days_since_visit, Some(3));
    assert_eq!(home(2, "501").days_since_visit, Some(120));
    assert_eq!(home(3, "1004").days_since_visit, None);
}

fn zh80(ch: &Chart, ascii: bool) -> Vec<String> {
    layout(
        ch,
        80,
        Lang::Zh,
        Look {
            ascii,
            color: false,
        },
    )
    .lines
    .iter()
    .map(|l| l.text())
    .collect()
}

/// The grid row of a floor: its number first, then cells between unit
/// separators.
fn row(lines: &[String], floor: u32) -> &str {
    lines
        .iter()
        .find(|l| {
            l.split_whitespace().next() == Some(floor.to_string().as_str())
                && (l.contains('│') || l.contains('|'))
        })
        .unwrap_or_else(|| panic!("no row for floor {floor}:\n{}", lines.join("\n")))
}

#[test]
fn the_tower_at_80_columns_fits_in_both_languages_top_floor_first() {
    let f = fixture();
    let ch = read_chart(&f.path, f.tower, f.now);
    for lang in [Lang::Zh, Lang::En] {
        for ascii in [false, true] {
            let text = layout(
                &ch,
                80,
                lang,
                Look {
                    ascii,
                    color: false,
                },
            );
            for l in &text.lines {
                assert!(l.width() <= 80, "{} cells: {}", l.width(), l.text());
                assert_eq!(l.width(), l.text().width());
            }
        }
    }
    let lines = zh80(&ch, false);
    let pos = |floor| lines.iter().position(|l| l == row(&lines, floor)).unwrap();
    assert!(pos(33) < pos(32) && pos(2) < pos(1), "{}", lines.join("\n"));
    // Top floor: 张 with his marks, recently visited; then vacant rooms.
    let top = row(&lines, 33);
    assert!(top.starts_with("33 张▲"), "{top}");
    assert_eq!(top.matches('空').count(), 11, "{top}");
    // Floor 10, unit 3 room 4: red. Floor 5, unit 2: 欧阳 cut to 欧, 120 days.
    assert!(row(&lines, 10).ends_with("王◆‼?"), "{}", row(&lines, 10));
    assert!(row(&lines, 5).contains("欧□ ▓"), "{}", row(&lines, 5));
    assert!(
        row(&lines, 1).starts_with(" 1 赵 !? 空"),
        "{}",
        row(&lines, 1)
    );
    // The room outside the numbering is listed, not lost.
    assert!(
        lines.iter().any(|l| l.starts_with("1-B01 钱")),
        "{}",
        lines.join("\n")
    );
    // Every room of the grid has its place on the text.
    let text = layout(&ch, 80, Lang::Zh, Look::default());
    assert_eq!(text.places.len(), 33 * 3 * 4 + 1);
}

#[test]
fn the_legend_is_in_the_users_language_and_ascii_has_no_ambiguous_symbols() {
    let f = fixture();
    let ch = read_chart(&f.path, f.tower, f.now);
    let all = |lang, ascii| {
        layout(
            &ch,
            80,
            lang,
            Look {
                ascii,
                color: false,
            },
        )
        .lines
        .iter()
        .map(|l| l.text())
        .collect::<Vec<_>>()
        .join("\n")
    };
    let zh = all(Lang::Zh, false);
    for w in [
        "图例",
        "空 无住户",
        "● 独居",
        "▲ 高龄",
        "◆ 残疾",
        "□ 低保",
        "■ 特困",
        "★ 党员",
        "‼ 超期",
        "从未走访",
    ] {
        assert!(zh.contains(w), "{w} missing:\n{zh}");
    }
    assert!(!zh.contains("Legend"));
    let en = all(Lang::En, false);
    for w in [
        "Legend",
        "-- vacant",
        "● lives alone",
        "▲ 80+",
        "★ party member",
        "‼ overdue",
        "never visited",
    ] {
        assert!(en.contains(w), "{w} missing:\n{en}");
    }
    assert!(!en.contains("图例") && !en.contains('空'));
    for (lang, text) in [
        (Lang::Zh, all(Lang::Zh, true)),
        (Lang::En, all(Lang::En, true)),
    ] {
        for c in text.chars() {
            // ASCII, or a character every terminal draws two cells wide
            // (the Chinese of names and words); never one of ambiguous width.
            let ok = c.is_ascii() || (c.width() == Some(2) && c.width_cjk() == Some(2));
            assert!(ok, "{lang:?}: {c:?} in ascii mode:\n{text}");
        }
        assert!(text.contains("* "), "the red symbol in ASCII:\n{text}");
    }
    // In English and ASCII only the place's and the residents' names are
    // not ASCII: the legend and the symbols are.
    let en_ascii = all(Lang::En, true);
    let names: String = format!("{}{}{}", ch.community, ch.area, ch.building)
        + &ch
            .homes()
            .filter_map(|(_, h)| h.surname.clone())
            .collect::<String>();
    let strays: String = en_ascii
        .chars()
        .filter(|c| !c.is_ascii() && !names.contains(*c))
        .collect();
    assert!(strays.is_empty(), "{strays}:\n{en_ascii}");
    let legend = &en_ascii[en_ascii.find("Legend").unwrap()..];
    assert!(legend.is_ascii(), "{legend}");
}

#[test]
fn wider_terminals_show_room_numbers_and_days() {
    let f = fixture();
    let ch = read_chart(&f.path, f.tower, f.now);
    let text = |w| {
        layout(&ch, w, Lang::Zh, Look::default())
            .lines
            .iter()
            .map(|l| l.text())
            .collect::<Vec<_>>()
    };
    let narrow = text(80);
    let wide = text(240);
    assert!(!row(&narrow, 33).contains("3301"));
    let top = row(&wide, 33);
    assert!(top.contains("3301 张  ▲★    3"), "{top}");
    assert!(
        row(&wide, 5).contains("501 欧阳□   120"),
        "{}",
        row(&wide, 5)
    );
    assert!(wide.iter().all(|l| l.width() <= 240));
    // A terminal narrower than the three units: units go in bands, each
    // line still fits.
    let tight = text(40);
    assert!(
        tight.iter().all(|l| l.width() <= 40),
        "{}",
        tight.join("\n")
    );
    assert!(tight.iter().any(|l| l.trim_start().starts_with("3单元")));
    assert_eq!(tight.iter().filter(|l| l.contains('张')).count(), 1);
    assert!(tight.iter().any(|l| l.starts_with("1-B01 钱")));
}

#[test]
fn a_resident_group_is_a_list_of_house_numbers() {
    let f = fixture();
    let ch = read_chart(&f.path, f.group, f.now);
    assert!(ch.is_group);
    assert!(ch.units.is_empty());
    let houses: Vec<&str> = ch.houses.iter().map(|c| c.room.as_str()).collect();
    assert_eq!(houses, ["3", "7", "12"]);
    let zh = zh80(&ch, false);
    assert!(
        zh.iter().any(|l| l == "12号 张 独居 高龄 ‼ 120天"),
        "{}",
        zh.join("\n")
    );
    assert!(zh.iter().any(|l| l == "3号 周 未走访"), "{}", zh.join("\n"));
    let en: Vec<String> = layout(
        &ch,
        80,
        Lang::En,
        Look {
            ascii: true,
            color: false,
        },
    )
    .lines
    .iter()
    .map(|l| l.text())
    .collect();
    assert!(
        en.iter().any(|l| l == "No. 12 张 lives alone 80+ * 120 d"),
        "{}",
        en.join("\n")
    );
}

#[test]
fn every_household_of_a_demo_building_is_on_its_chart_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::small_db(dir.path());
    let store = Store::open(&path).unwrap();
    let buildings = grid::by_level(store.conn(), NodeLevel::Building).unwrap();
    let now = at((2026, 11, 27), 12);
    for b in &buildings {
        let ch = read_chart(&path, b.id, now);
        let want: Vec<i64> = household::in_building(store.conn(), b.id)
            .unwrap()
            .iter()
            .map(|h| h.id)
            .collect();
        let mut got: Vec<i64> = ch.homes().map(|(_, h)| h.household_id).collect();
        got.sort_unstable();
        let mut want_sorted = want.clone();
        want_sorted.sort_unstable();
        assert_eq!(got, want_sorted, "{}", b.name);
        assert_eq!(ch.shape, Shape::Inferred);
        // Each household sits at its own room: unit and room as stored.
        for (c, h) in ch.homes() {
            let hh = household::get(store.conn(), h.household_id).unwrap();
            assert_eq!(
                (c.unit.as_str(), c.room.as_str()),
                (hh.unit.as_str(), hh.room.as_str())
            );
        }
        for l in layout(&ch, 80, Lang::Zh, Look::default()).lines {
            assert!(l.width() <= 80, "{}", l.text());
        }
    }
}

/// Statements SQLite starts while `f` runs on `conn` (sqlite3_trace_v2).
fn statements<T>(conn: &rusqlite::Connection, f: impl FnOnce() -> T) -> (T, usize) {
    use rusqlite::ffi;
    use std::os::raw::{c_int, c_uint, c_void};
    unsafe extern "C" fn count(
        _: c_uint,
        ctx: *mut c_void,
        _: *mut c_void,
        _: *mut c_void,
    ) -> c_int {
        // SAFETY: ctx is the counter below, alive while tracing is on.
        unsafe { *(ctx as *mut usize) += 1 };
        0
    }
    let mut n: usize = 0;
    // SAFETY: the handle is this connection's, used on this thread only;
    // tracing is switched off before the counter goes out of scope.
    unsafe {
        let db = conn.handle();
        ffi::sqlite3_trace_v2(
            db,
            ffi::SQLITE_TRACE_STMT as c_uint,
            Some(count),
            &mut n as *mut usize as *mut c_void,
        );
        let out = f();
        ffi::sqlite3_trace_v2(db, 0, None, std::ptr::null_mut());
        (out, n)
    }
}

#[test]
fn a_chart_costs_the_same_few_statements_however_many_rooms_are_lived_in() {
    let f = fixture();
    let mut store = Store::open(&f.path).unwrap();
    let cal = store.calendar().unwrap().clone();
    let count = |store: &Store| {
        store
            .read(|c| {
                let (ch, n) = statements(c, || chart(c, f.tower, f.now, &cal));
                Ok((ch?, n))
            })
            .unwrap()
    };
    let (before, few) = count(&store);
    assert_eq!(before.homes().count(), 5);
    // Fill 120 more rooms, each with two members, a visit and a request.
    let op = operator(&store);
    store.set_now(Some(f.now - Duration::days(10)));
    let t = store.now();
    let mut ids = Vec::new();
    store.conn().execute_batch("BEGIN IMMEDIATE").unwrap();
    for floor in 2..=21 {
        for unit in ["1", "2", "3"] {
            for pos in [2, 3] {
                let room = format!("{floor}{pos:02}");
                let members = [
                    ("刘一", "1950-01-01", "02", ""),
                    ("刘二", "1952-01-01", "1", ""),
                ];
                ids.push(household(&store, t, f.tower, unit, &room, "", &members));
            }
        }
    }
    store.conn().execute_batch("COMMIT").unwrap();
    for id in &ids {
        store.record_visit(op, *id, "").unwrap();
        let mut r = NewRequest::new(Channel::WalkIn, "opinion", &format!("意见 {id}"));
        r.household_id = Some(*id);
        store.register(op, &r).unwrap();
    }
    let (after, many) = count(&store);
    assert_eq!(after.homes().count(), 5 + ids.len());
    assert_eq!(
        few,
        many,
        "statements with 5 households vs {}",
        5 + ids.len()
    );
    assert!(few <= 8, "{few} statements");
    eprintln!(
        "chart statements: {few} with 5 households, {many} with {}",
        5 + ids.len()
    );
}

fn run(db: &Path, args: &[&str]) -> std::process::Output {
    common::bin()
        .arg("--db")
        .arg(db)
        .args(args)
        .env("COLUMNS", "80")
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

#[test]
fn the_chart_command_prints_resolves_and_refuses_with_exit_codes() {
    let f = fixture();
    // Found: the same text as the layout, every line within 80 columns.
    let o = run(&f.path, &["--lang", "zh", "chart", "锦华家园 8号楼"]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let out = common::stdout(&o);
    assert!(out.starts_with("锦华家园社区 第一片区 8号楼\n"), "{out}");
    assert!(out.lines().all(|l| l.width() <= 80), "{out}");
    assert!(!out.contains('\x1b'), "no colour into a pipe");
    assert!(out.lines().any(|l| l.starts_with("33 张▲")), "{out}");
    // The other spellings reach the same building.
    for typed in [
        "锦华家园社区 8栋",
        "锦华家园 第一片区 8号楼",
        "锦华家园 8-1-3301",
    ] {
        let o = run(&f.path, &["--lang", "zh", "chart", typed]);
        assert_eq!(o.status.code(), Some(0), "{typed}: {}", common::stderr(&o));
        assert_eq!(common::stdout(&o), out, "{typed}");
    }
    // A group by its name in words.
    let o = run(&f.path, &["--lang", "zh", "chart", "高庄 第三居民小组"]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    assert!(common::stdout(&o).contains("12号 张 独居 高龄"));
    // Several 3号楼: exit 2, the candidates written so each resolves.
    let o = run(&f.path, &["--lang", "zh", "chart", "3号楼"]);
    assert_eq!(o.status.code(), Some(2));
    let err = common::stderr(&o);
    for c in ["锦华家园 3号楼", "高庄 3号楼", "联盟新城 3号楼"] {
        assert!(err.contains(c), "{c} missing: {err}");
        let again = run(&f.path, &["chart", c]);
        assert_eq!(
            again.status.code(),
            Some(0),
            "{c}: {}",
            common::stderr(&again)
        );
    }
    assert!(common::stdout(&o).is_empty());
    // Unknown: exit 2 with the closest.
    let o = run(&f.path, &["--lang", "en", "chart", "锦华家园 9号楼"]);
    assert_eq!(o.status.code(), Some(2));
    let err = common::stderr(&o);
    assert!(
        err.contains("closest: 锦华家园 8号楼") || err.contains("closest: 锦华家园 1号楼"),
        "{err}"
    );
    // ASCII through the subcommand's flag and the global one alike.
    for args in [
        vec!["chart", "锦华家园 8号楼", "--ascii"],
        vec!["--ascii", "chart", "锦华家园 8号楼"],
    ] {
        let o = run(&f.path, &args);
        assert_eq!(o.status.code(), Some(0));
        let out = common::stdout(&o);
        assert!(
            !out.contains('‼') && !out.contains('▲') && out.contains('|'),
            "{out}"
        );
    }
}

#[test]
fn the_chart_as_json_has_no_phone_and_no_id() {
    let f = fixture();
    let o = run(&f.path, &["chart", "锦华家园 8号楼", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let out = common::stdout(&o);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["floors"], 33);
    assert_eq!(v["units"][0]["floors"][0]["floor"], 33);
    assert_eq!(
        v["units"][0]["floors"][0]["cells"][0]["home"]["surname"],
        "张"
    );
    assert_eq!(v["other"][0]["room"], "B01");
    // Every fixture household has phone 13812345678; none is printed.
    assert!(
        !out.contains("13812345678") && !out.contains("5678"),
        "{out}"
    );
    // Nor any ID or mobile of a demo building's residents.
    let o = run(&f.path, &["chart", "锦华家园 3号楼", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let out = common::stdout(&o);
    let store = Store::open(&f.path).unwrap();
    let node = store
        .read(|c| griddesk::store::chart::resolve_building(c, "锦华家园 3号楼"))
        .unwrap();
    let mut checked = 0;
    for h in household::in_building(store.conn(), node.id).unwrap() {
        if let Some(p) = &h.phone {
            assert!(!out.contains(p.as_str()), "{p}");
            checked += 1;
        }
        for r in household::members(store.conn(), h.id).unwrap() {
            for secret in [r.id_number.as_deref(), r.mobile.as_deref()]
                .into_iter()
                .flatten()
            {
                assert!(!out.contains(secret), "{secret} in the JSON");
                checked += 1;
            }
            assert!(
                !out.contains(&r.name),
                "full names stay in the household file"
            );
        }
    }
    assert!(checked > 50, "{checked}");
}
