//! Excel and WPS in and out: workbooks (.xlsx written here with
//! rust_xlsxwriter) read by every import, `--sheet`, an ID or phone Excel
//! made a number refused, content over the file's name, CSV with a BOM in
//! each encoding; exports as .xlsx and as CSV in each encoding, in words
//! or codes, read back.

mod common;

use common::{row_counts, stderr, stdout};
use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};
use std::process::Output;
use tempfile::TempDir;

fn run(db: &Path, lang: &str, args: &[&str]) -> Output {
    common::bin()
        .arg("--db")
        .arg(db)
        .arg("--lang")
        .arg(lang)
        .args(args)
        .output()
        .expect("binary runs")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let o = run(db, "en", args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?}: {}{}",
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

fn counts(db: &Path) -> Vec<(String, i64)> {
    row_counts(&rusqlite::Connection::open(db).unwrap())
}

fn one(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// A new hall: `init`, the tests' login its first supervisor.
fn hall(dir: &Path) -> PathBuf {
    let db = dir.join("hall.db");
    ok(&db, &["init", "--district", "川汇区", "--code", "411602"]);
    db
}

const GRID: &[&[&str]] = &[
    &["街道", "社区", "片区", "楼栋", "单元数", "层数", "每层户数"],
    &[
        "陈州回族街道",
        "锦华家园社区",
        "第一片区",
        "1号楼",
        "3",
        "6",
        "2",
    ],
    &[
        "陈州回族街道",
        "锦华家园社区",
        "第二片区",
        "3栋",
        "",
        "",
        "",
    ],
    &[
        "小桥街道",
        "高庄社区",
        "第一片区",
        "第三居民小组",
        "",
        "",
        "",
    ],
];

const STAFF: &[&[&str]] = &[
    &["登录名", "姓名", "角色", "所属服务站", "电话"],
    &["daemon", "王芳", "窗口", "锦华家园社区", "13803940001"],
    &["bin", "赵敏", "窗口", "锦华家园社区", ""],
];

const HOUSEHOLDS: &[&[&str]] = &[
    &[
        "社区",
        "片区",
        "楼栋",
        "单元",
        "室",
        "姓名",
        "身份证号",
        "电话",
        "与户主关系",
    ],
    &[
        "锦华家园社区",
        "第一片区",
        "1",
        "1",
        "101",
        "张建国",
        "411602198001011238",
        "13903940011",
        "户主",
    ],
    &[
        "锦华家园社区",
        "第一片区",
        "1",
        "1",
        "101",
        "李秀英",
        "411602198503152241",
        "",
        "配偶",
    ],
    &[
        "高庄社区",
        "第一片区",
        "3",
        "",
        "12",
        "陈桂兰",
        "411602196005055511",
        "0394-8123456",
        "户主",
    ],
];

const HOLIDAYS: &[&[&str]] = &[
    &["日期", "类型", "说明"],
    &["2027-01-01", "假", "元旦"],
    &["2027-02-07", "班", "春节调休"],
];

/// Writes `rows` as text cells into a new sheet named `name`; the whole
/// numbers of the grid's counts as number cells, as Excel would.
fn sheet(book: &mut Workbook, name: &str, rows: &[&[&str]]) {
    let ws = book.add_worksheet();
    ws.set_name(name).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let counts = r > 0 && name.contains("网格") && c >= 4;
            match v.parse::<f64>() {
                Ok(n) if counts => ws.write_number(r as u32, c as u16, n).unwrap(),
                _ => ws.write_string(r as u32, c as u16, *v).unwrap(),
            };
        }
    }
}

fn book(path: &Path, sheets: &[(&str, &[&[&str]])]) {
    let mut b = Workbook::new();
    for (name, rows) in sheets {
        sheet(&mut b, name, rows);
    }
    b.save(path).unwrap();
}

#[test]
fn a_workbook_goes_through_every_import() {
    let dir = TempDir::new().unwrap();
    let db = hall(dir.path());
    // The grid alone in its workbook: the first sheet is read.
    let grid = dir.path().join("网格.xlsx");
    book(&grid, &[("网格", GRID)]);
    let out = ok(&db, &["import", "grid", grid.to_str().unwrap()]);
    assert!(
        out.contains("imported: 3 rows (Excel (.xlsx) 网格)")
            && out.contains("communities: 2 added")
            && out.contains("buildings and groups: 3 added"),
        "{out}"
    );
    assert_eq!(
        one(&db, "SELECT floors FROM grid_node WHERE name = '1号楼'"),
        6,
        "a count Excel holds as a number is read as the number shown"
    );
    // The rest in one workbook, a notes sheet first: each by --sheet.
    let all = dir.path().join("台账.xlsx");
    book(
        &all,
        &[
            ("说明", &[&["本工作簿由服务站整理"]]),
            ("人员", STAFF),
            ("住户", HOUSEHOLDS),
            ("日历", HOLIDAYS),
        ],
    );
    let f = all.to_str().unwrap();
    let out = ok(&db, &["import", "staff", f, "--sheet", "人员"]);
    assert!(out.contains("staff: 2 added"), "{out}");
    let out = ok(&db, &["import", "households", f, "--sheet", "住户"]);
    assert!(
        out.contains("+2 ~0 =0") && out.contains("+3 ~0 =0"),
        "{out}"
    );
    assert_eq!(
        one(
            &db,
            "SELECT count(*) FROM resident WHERE id_number = '411602198001011238' AND name = '张建国'"
        ),
        1
    );
    let out = ok(&db, &["import", "holidays", f, "--sheet", "日历"]);
    assert!(out.contains("calendar days imported: 2"), "{out}");
    // Again: nothing changes.
    let out = ok(&db, &["import", "households", f, "--sheet", "住户"]);
    assert!(
        out.contains("+0 ~0 =2") && out.contains("+0 ~0 =3"),
        "{out}"
    );
    let out = ok(&db, &["import", "staff", f, "--sheet", "人员"]);
    assert!(
        out.contains("staff: 0 added, 0 updated, 2 unchanged"),
        "{out}"
    );
}

#[test]
fn an_unknown_sheet_is_refused_with_the_sheets() {
    let dir = TempDir::new().unwrap();
    let db = hall(dir.path());
    let all = dir.path().join("台账.xlsx");
    book(&all, &[("说明", &[&["x"]]), ("住户", HOUSEHOLDS)]);
    let before = counts(&db);
    for what in ["households", "grid", "staff", "holidays"] {
        let o = run(
            &db,
            "zh",
            &["import", what, all.to_str().unwrap(), "--sheet", "人口"],
        );
        assert_eq!(o.status.code(), Some(2), "{what}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("没有名为“人口”的工作表；本文件的工作表：说明、住户"),
            "{what}: {}",
            stderr(&o)
        );
    }
    // A CSV has no sheets.
    let csv = dir.path().join("a.csv");
    std::fs::write(&csv, "日期,类型\n2027-01-01,假\n").unwrap();
    let o = run(
        &db,
        "en",
        &["import", "holidays", csv.to_str().unwrap(), "--sheet", "x"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("a CSV file has no sheets"),
        "{}",
        stderr(&o)
    );
    assert_eq!(counts(&db), before);
}

/// The hall with its grid, ready for households.
fn hall_with_grid(dir: &Path) -> PathBuf {
    let db = hall(dir);
    let grid = dir.join("grid.xlsx");
    book(&grid, &[("网格", GRID)]);
    ok(&db, &["import", "grid", grid.to_str().unwrap()]);
    db
}

#[test]
fn an_id_or_phone_excel_made_a_number_is_refused_not_guessed() {
    let dir = TempDir::new().unwrap();
    let db = hall_with_grid(dir.path());
    // As Excel keeps a column it has turned into numbers.
    let path = dir.path().join("住户.xlsx");
    let mut b = Workbook::new();
    let ws = b.add_worksheet();
    for (c, h) in HOUSEHOLDS[0].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in HOUSEHOLDS[1..].iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let r = r as u32 + 1;
            match (c, r) {
                (6, 2) => ws.write_number(r, c as u16, 411602198503152241.0).unwrap(),
                (7, 1) => ws.write_number(r, c as u16, 13903940011.0).unwrap(),
                _ => ws.write_string(r, c as u16, *v).unwrap(),
            };
        }
    }
    b.save(&path).unwrap();
    let before = counts(&db);
    let o = run(&db, "zh", &["import", "households", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(
            "第3行 身份证号：Excel 把身份证号存成了数字（4.11602E+17），请把该列设为文本格式后重新输入"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "第2行 电话：Excel 把电话存成了数字（13903940011），请把该列设为文本格式后重新输入"
        ),
        "{err}"
    );
    assert_eq!(counts(&db), before, "nothing written");
    // The CSV Excel saves from such a sheet: the same advice, in English.
    let csv = dir.path().join("住户.csv");
    std::fs::write(
        &csv,
        "社区,楼栋,室,姓名,身份证号\n锦华家园社区,1,102,王五,4.11602E+17\n",
    )
    .unwrap();
    let o = run(&db, "en", &["import", "households", csv.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "line 2, id_number: Excel turned this ID into a number (4.11602E+17): format the column as Text and type it again"
        ),
        "{}",
        stderr(&o)
    );
    // A staff phone likewise.
    let staff = dir.path().join("人员.xlsx");
    let mut b = Workbook::new();
    let ws = b.add_worksheet();
    for (c, h) in STAFF[0].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in STAFF[1].iter().enumerate() {
        if c == 4 {
            ws.write_number(1, 4, 13803940001.0).unwrap();
        } else {
            ws.write_string(1, c as u16, *v).unwrap();
        }
    }
    b.save(&staff).unwrap();
    let o = run(&db, "en", &["import", "staff", staff.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "line 2, phone: Excel turned this phone number into a number (13803940001): format the column as Text and type it again"
        ),
        "{}",
        stderr(&o)
    );
    assert_eq!(counts(&db), before, "nothing written");
}

#[test]
fn a_workbook_named_csv_is_read_as_a_workbook() {
    let dir = TempDir::new().unwrap();
    let db = hall_with_grid(dir.path());
    let path = dir.path().join("住户.csv");
    book(&path, &[("住户", HOUSEHOLDS)]);
    let out = ok(&db, &["import", "households", path.to_str().unwrap()]);
    assert!(
        out.contains("Excel (.xlsx) 住户") && out.contains("+3 ~0 =0"),
        "{out}"
    );
}

/// The household sample as text, for each encoding.
fn households_csv() -> String {
    HOUSEHOLDS
        .iter()
        .map(|r| r.join(","))
        .collect::<Vec<_>>()
        .join("\r\n")
        + "\r\n"
}

#[test]
fn a_csv_with_a_bom_in_each_encoding_and_gbk() {
    let text = households_csv();
    let utf16 = |le: bool| -> Vec<u8> {
        let mut v = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in text.encode_utf16() {
            v.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        v
    };
    let mut bom8 = vec![0xEF, 0xBB, 0xBF];
    bom8.extend(text.as_bytes());
    let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    for (name, bytes, how) in [
        ("utf8bom", bom8, "UTF-8 (BOM)"),
        ("utf16le", utf16(true), "UTF-16LE"),
        ("utf16be", utf16(false), "UTF-16BE"),
        ("gbk", gbk.into_owned(), "GBK/GB18030"),
    ] {
        let dir = TempDir::new().unwrap();
        let db = hall_with_grid(dir.path());
        let path = dir.path().join(format!("{name}.csv"));
        std::fs::write(&path, bytes).unwrap();
        let out = ok(&db, &["import", "households", path.to_str().unwrap()]);
        assert!(
            out.contains(how) && out.contains("+3 ~0 =0"),
            "{name}: {out}"
        );
        assert_eq!(
            one(
                &db,
                "SELECT count(*) FROM resident WHERE name IN ('张建国', '李秀英', '陈桂兰')"
            ),
            3,
            "{name}"
        );
    }
}
