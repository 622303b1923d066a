//! The household import never moves or renames a person by accident: a row
//! whose ID is registered at another household or under another name is a
//! conflict and the file is refused, unless the run says `--move` or
//! `--rename`; then the change is logged, and a household its head left gets
//! a new head by the relation rules or is tagged 无户主.

mod common;

use common::{bin, run, stderr, stdout};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn conn(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(db).unwrap()
}

fn count(db: &Path, sql: &str) -> i64 {
    conn(db).query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every row of the tables an import writes, as text.
fn rows(db: &Path) -> Vec<String> {
    let c = conn(db);
    let mut out = Vec::new();
    for t in [
        "grid_node",
        "household",
        "resident",
        "person_name",
        "name_key",
        "event",
    ] {
        let mut st = c.prepare(&format!("SELECT * FROM {t} ORDER BY 1")).unwrap();
        let n = st.column_count();
        let mut q = st.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect();
            out.push(format!("{t}|{}", cells.join("|")));
        }
    }
    out
}

/// A registered person: resident id, name, ID number, household id and the
/// household's label as the register has it (community name, building-unit-room).
struct Person {
    id: i64,
    name: String,
    number: String,
    household: i64,
    community: String,
    building: String,
    unit: String,
    room: String,
}

impl Person {
    fn at(&self) -> String {
        format!(
            "{} {}-{}-{}",
            self.community, self.building, self.unit, self.room
        )
    }
    fn masked(&self) -> String {
        format!("{}********{}", &self.number[..6], &self.number[14..])
    }
}

/// The first resident matching `filter` (SQL over `r`, the resident), with
/// where they live, read straight from the tables.
fn person(db: &Path, filter: &str) -> Person {
    conn(db)
        .query_row(
            &format!(
                "SELECT r.id, r.name, r.id_number, h.id, c.name, b.num, h.unit, h.room
                   FROM resident r JOIN household h ON h.id = r.household_id
                   JOIN grid_node b ON b.id = h.building_id
                   JOIN grid_node a ON a.id = b.parent_id
                   JOIN grid_node c ON c.id = CASE WHEN a.level = 'area' THEN a.parent_id ELSE a.id END
                  WHERE r.voided_at IS NULL AND r.id_number IS NOT NULL AND {filter}
                  ORDER BY r.id LIMIT 1"
            ),
            [],
            |r| {
                Ok(Person {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    number: r.get(2)?,
                    household: r.get(3)?,
                    community: r.get(4)?,
                    building: r.get(5)?,
                    unit: r.get(6)?,
                    room: r.get(7)?,
                })
            },
        )
        .unwrap()
}

fn write_csv(dir: &Path, name: &str, lines: &[String]) -> PathBuf {
    let f = dir.join(name);
    let mut text = "社区,地址,姓名,身份证号,与户主关系\n".to_string();
    for l in lines {
        text.push_str(l);
        text.push('\n');
    }
    std::fs::write(&f, text).unwrap();
    f
}

fn import(db: &Path, file: &Path, flags: &[&str]) -> std::process::Output {
    let mut args = vec!["import", "households", file.to_str().unwrap()];
    args.extend_from_slice(flags);
    run(db, &args)
}

/// The resident ids a search finds.
fn found(db: &Path, q: &str) -> Vec<i64> {
    let o = run(db, &["find", q, "--json"]);
    let text = stdout(&o);
    if text.trim().is_empty() {
        return Vec::new();
    }
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .filter(|h| h["kind"] == "resident")
        .map(|h| h["id"].as_i64().unwrap())
        .collect()
}

/// A head of household with a spouse at home, and a new address for him.
fn head_with_spouse(db: &Path) -> Person {
    person(
        db,
        "r.relation = '02' AND EXISTS (SELECT 1 FROM resident s WHERE s.household_id = r.household_id AND s.relation = '1' AND s.voided_at IS NULL)",
    )
}

#[test]
fn a_row_that_would_move_a_registered_person_is_refused_and_nothing_changes() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let p = head_with_spouse(&db);
    // The issue's case: the same person at 30号楼 1-110.
    let f = write_csv(
        dir.path(),
        "move.csv",
        &[
            "锦华家园,3-2-1801,曾国藩,411602195603123014,户主".to_string(),
            format!("{},30-1-110,{},{},户主", p.community, p.name, p.number),
            // A bad line besides: both are listed at once.
            "锦华家园,3-2-1802,李四,12345,户主".to_string(),
        ],
    );
    let bytes = std::fs::read(&db).unwrap();
    let before = rows(&db);

    for flags in [&[][..], &["--dry-run"][..], &["--rename"][..]] {
        let o = import(&db, &f, flags);
        assert_eq!(o.status.code(), Some(2), "{flags:?}: {}", stderr(&o));
        let err = stderr(&o);
        let expected = format!(
            "line 3, id_number: {} is registered at {} as {}: this line would move them to another household; to move, give --move",
            p.masked(),
            p.at(),
            p.name
        );
        assert!(err.contains(&expected), "{flags:?}: {err}");
        assert!(!err.contains(&p.number), "the ID is masked: {err}");
        assert!(!err.contains("line 2"), "line 2 is a new person: {err}");
        assert!(err.contains("line 4, id_number:"), "{err}");
        assert!(err.contains("2 problems; nothing imported"), "{err}");
        assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    }
    // In Chinese too.
    let o = bin()
        .env("LANG", "zh_CN.UTF-8")
        .arg("--db")
        .arg(&db)
        .args(["import", "households", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let expected = format!(
        "第3行 身份证号：{} 已登记在{}，姓名{}：本行会把此人迁到另一户；确需迁户，请加 --move",
        p.masked(),
        p.at(),
        p.name
    );
    assert!(stderr(&o).contains(&expected), "{}", stderr(&o));

    assert_eq!(rows(&db), before, "row for row unchanged");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        bytes,
        "byte for byte unchanged"
    );
}

#[test]
fn with_move_the_person_moves_and_the_spouse_becomes_head() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let head = head_with_spouse(&db);
    let spouse = person(
        &db,
        &format!("r.household_id = {} AND r.relation = '1'", head.household),
    );
    // A child of the same household moves too (to a known household), so
    // the summary counts two.
    let child = person(
        &db,
        &format!(
            "r.household_id = {} AND r.relation IN ('2','3')",
            head.household
        ),
    );
    let other = person(&db, &format!("r.household_id <> {}", head.household));
    let f = write_csv(
        dir.path(),
        "move.csv",
        &[
            format!(
                "{},30-1-110,{},{},户主",
                head.community, head.name, head.number
            ),
            format!(
                "{},{}-{}-{},{},{},子",
                other.community, other.building, other.unit, other.room, child.name, child.number
            ),
        ],
    );
    let events_before = count(&db, "SELECT count(*) FROM event");

    let dry = import(&db, &f, &["--move", "--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert_eq!(count(&db, "SELECT count(*) FROM event"), events_before);

    let o = import(&db, &f, &["--move"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for text in [&dry, &o].map(stdout) {
        assert!(
            text.contains("households added/updated/unchanged +1 ~2 =0   residents added/updated/unchanged +0 ~0 =0"),
            "{text}"
        );
        assert!(
            text.contains("moved 2 residents, renamed 0 residents; 1 household lost its head and got a new one by relation"),
            "{text}"
        );
    }

    // Moved: the head lives at the new address, the child in the other household.
    let moved = person(&db, &format!("r.id = {}", head.id));
    assert_eq!(moved.at(), format!("{} 30-1-110", head.community));
    assert_eq!(
        person(&db, &format!("r.id = {}", child.id)).household,
        other.household
    );
    // Logged with from and to, ids and labels.
    let (before, after): (String, String) = conn(&db)
        .query_row(
            "SELECT before, after FROM event WHERE entity = 'resident' AND entity_id = ?1 AND kind = 'move'",
            [head.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let before: serde_json::Value = serde_json::from_str(&before).unwrap();
    let after: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(before["household_id"], head.household);
    assert_eq!(before["household"], head.at());
    assert_eq!(after["household_id"], moved.household);
    assert_eq!(after["household"], moved.at());
    assert_eq!(
        count(&db, "SELECT count(*) FROM event WHERE kind = 'move'"),
        2
    );
    // The household he left has the spouse as its head, logged.
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT count(*) FROM resident WHERE household_id = {} AND relation = '02' AND voided_at IS NULL",
                head.household
            )
        ),
        1
    );
    let rel: String = conn(&db)
        .query_row(
            "SELECT relation FROM resident WHERE id = ?1",
            [spouse.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rel, "02");
    let (b, a, note): (String, String, String) = conn(&db)
        .query_row(
            "SELECT before, after, note FROM event WHERE entity = 'resident' AND entity_id = ?1 ORDER BY id DESC LIMIT 1",
            [spouse.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (b.as_str(), a.as_str()),
        (r#"{"relation":"1"}"#, r#"{"relation":"02"}"#)
    );
    assert!(
        note.contains(&head.name) && note.contains("moved out"),
        "{note}"
    );
    let tags: String = conn(&db)
        .query_row(
            "SELECT tags FROM household WHERE id = ?1",
            [head.household],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!tags.contains("无户主"), "{tags}");
    assert!(run(&db, &["check"]).status.success());

    // The same file again changes nothing.
    let again = import(&db, &f, &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).contains("+0 ~0 =2   residents added/updated/unchanged +0 ~0 =2"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn a_head_no_one_can_succeed_leaves_the_household_tagged_headless() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    // 40-1-101: the head, a son born 2020 and a lodger (非亲属); 40-1-102: one person.
    let o = import(&db, &fixture("headless_before.csv"), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let h1 = person(&db, "r.name = '贺小宝'").household;
    let h2 = person(&db, "r.name = '郑立'").household;

    let o = import(&db, &fixture("headless_move.csv"), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("line 2,") && stderr(&o).contains("line 3,"),
        "{}",
        stderr(&o)
    );

    let o = import(&db, &fixture("headless_move.csv"), &["--move"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("moved 2 residents, renamed 0 residents; 2 households lost their head with no one to succeed (tagged 无户主)"),
        "{}",
        stdout(&o)
    );
    for h in [h1, h2] {
        assert_eq!(
            count(
                &db,
                &format!(
                    "SELECT count(*) FROM resident WHERE household_id = {h} AND relation = '02'"
                )
            ),
            0,
            "no one was made head"
        );
        // The household file shows the flag.
        let c = conn(&db);
        let file = griddesk::store::views::household_file(&c, h).unwrap();
        assert_eq!(file.household.tags, "无户主");
        let (before, after, note): (String, String, String) = c
            .query_row(
                "SELECT before, after, note FROM event WHERE entity = 'household' AND entity_id = ?1 ORDER BY id DESC LIMIT 1",
                [h],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(before, r#"{"tags":""}"#);
        assert_eq!(after, r#"{"tags":"无户主"}"#);
        assert!(note.contains("moved out"), "{note}");
    }
    // Chinese summary.
    let o = bin()
        .env("LANG", "zh_CN.UTF-8")
        .arg("--db")
        .arg(&db)
        .args([
            "import",
            "households",
            fixture("headless_move.csv").to_str().unwrap(),
            "--move",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("迁户 0 人，改名 0 人"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_row_that_would_rename_a_registered_person_is_refused_unless_rename() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let p = person(&db, "r.relation = '2'");
    let new = "欧阳娜娜";
    assert!(found(&db, "ouyangnana").is_empty());
    assert!(found(&db, &p.name).contains(&p.id));
    let f = write_csv(
        dir.path(),
        "rename.csv",
        &[format!(
            "{},{}-{}-{},{},{},",
            p.community, p.building, p.unit, p.room, new, p.number
        )],
    );
    let bytes = std::fs::read(&db).unwrap();
    let before = rows(&db);
    for flags in [&[][..], &["--move"][..]] {
        let o = import(&db, &f, flags);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let expected = format!(
            "line 2, id_number: {} is registered at {} as {}: this line would rename them {new}; to rename, give --rename",
            p.masked(),
            p.at(),
            p.name
        );
        assert!(stderr(&o).contains(&expected), "{}", stderr(&o));
    }
    assert_eq!(rows(&db), before);
    assert_eq!(std::fs::read(&db).unwrap(), bytes);

    let o = import(&db, &f, &["--rename"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("residents added/updated/unchanged +0 ~0 =0")
            && stdout(&o).contains("moved 0 residents, renamed 1 resident\n"),
        "{}",
        stdout(&o)
    );
    let (b, a): (String, String) = conn(&db)
        .query_row(
            "SELECT before, after FROM event WHERE entity = 'resident' AND entity_id = ?1 AND kind = 'rename'",
            [p.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(b, serde_json::json!({"name": p.name}).to_string());
    assert_eq!(a, serde_json::json!({"name": new}).to_string());
    // Found by the new name (characters, pinyin, initials), not by the old.
    assert_eq!(found(&db, new), vec![p.id]);
    assert_eq!(found(&db, "ouyangnana"), vec![p.id]);
    assert!(found(&db, "oynn").contains(&p.id));
    assert!(!found(&db, &p.name).contains(&p.id));
    assert_eq!(
        person(&db, &format!("r.id = {}", p.id)).household,
        p.household
    );
}

#[test]
fn a_move_and_a_rename_in_one_row_need_both_flags() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let p = person(&db, "r.relation <> '02'");
    let f = write_csv(
        dir.path(),
        "both.csv",
        &[format!(
            "{},30-1-110,欧阳娜娜,{},户主",
            p.community, p.number
        )],
    );
    let bytes = std::fs::read(&db).unwrap();
    let head = format!(
        "line 2, id_number: {} is registered at {} as {}: ",
        p.masked(),
        p.at(),
        p.name
    );
    for (flags, says) in [
        (
            &[][..],
            "this line would move them to another household and rename them 欧阳娜娜; to do both, give --move and --rename",
        ),
        (
            &["--move"][..],
            "this line would rename them 欧阳娜娜; to rename, give --rename",
        ),
        (
            &["--rename"][..],
            "this line would move them to another household; to move, give --move",
        ),
    ] {
        let o = import(&db, &f, flags);
        assert_eq!(o.status.code(), Some(2), "{flags:?}");
        assert!(
            stderr(&o).contains(&format!("{head}{says}")),
            "{flags:?}: {}",
            stderr(&o)
        );
    }
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    let o = import(&db, &f, &["--move", "--rename"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("moved 1 resident, renamed 1 resident"),
        "{}",
        stdout(&o)
    );
    let now = person(&db, &format!("r.id = {}", p.id));
    assert_eq!(now.name, "欧阳娜娜");
    assert_eq!(now.at(), format!("{} 30-1-110", p.community));
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT count(*) FROM event WHERE entity = 'resident' AND entity_id = {} AND kind IN ('move','rename')",
                p.id
            )
        ),
        2
    );
}

/// The register may change between the check of every row and the writing
/// (another counter moves the person meanwhile): the writing finds the
/// conflict all the same, and writes nothing.
#[test]
fn a_person_moved_elsewhere_during_the_check_is_still_a_conflict() {
    use griddesk::store::import::{Reason, Stage};
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let p = person(&db, "r.relation <> '02'");
    let elsewhere = person(&db, &format!("r.household_id <> {}", p.household));
    // The row says what the register says: no conflict when checked.
    let f = write_csv(
        dir.path(),
        "same.csv",
        &[format!(
            "{},{}-{}-{},{},{},",
            p.community, p.building, p.unit, p.room, p.name, p.number
        )],
    );
    let mut store = griddesk::store::Store::open(&db).unwrap();
    let mut before = None;
    let mut other_counter = |stage: Stage, _: usize| {
        if stage == Stage::Validate {
            conn(&db)
                .execute(
                    "UPDATE resident SET household_id = ?1 WHERE id = ?2",
                    [elsewhere.household, p.id],
                )
                .unwrap();
            before = Some(rows(&db));
        }
    };
    let me = common::supervisor(&store);
    let errs = store
        .import_households(&f, me, false, &mut other_counter)
        .unwrap()
        .unwrap_err();
    let before = before.expect("the check reported its end");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].line, 2);
    match &errs[0].reason {
        Reason::Conflict(c) => {
            assert_eq!(c.at, elsewhere.at());
            assert_eq!(c.id, p.masked());
            assert!(c.moves && !c.renames, "{c:?}");
        }
        r => panic!("{r:?}"),
    }
    drop(store);
    assert_eq!(rows(&db), before, "nothing written");
    assert_eq!(
        person(&db, &format!("r.id = {}", p.id)).household,
        elsewhere.household
    );
}
