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
/// numbers of the grid's counts as number cells and the calendar's days as
/// date cells, as Excel would.
fn sheet(book: &mut Workbook, name: &str, rows: &[&[&str]]) {
    let ws = book.add_worksheet();
    ws.set_name(name).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let counts = r > 0 && name.contains("网格") && c >= 4;
            // The calendar's days as Excel dates, shown yyyy-mm-dd.
            let date = r > 0 && name == "日历" && c == 0;
            match v.parse::<f64>() {
                Ok(n) if counts => ws.write_number(r as u32, c as u16, n).unwrap(),
                _ if date => {
                    let d = rust_xlsxwriter::ExcelDateTime::parse_from_str(v).unwrap();
                    let f = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
                    ws.write_datetime_with_format(r as u32, c as u16, &d, &f)
                        .unwrap()
                }
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
    assert_eq!(
        one(
            &db,
            "SELECT count(*) FROM calendar_day WHERE day IN ('2027-01-01', '2027-02-07')"
        ),
        2,
        "date cells read as the days they show"
    );
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
    // A zip that is no workbook: said, exit 2.
    let broken = dir.path().join("坏.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not a workbook").unwrap();
    let o = run(
        &db,
        "zh",
        &["import", "households", broken.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("无法读取这个 Excel/WPS 文件"),
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

/// A sheet of a workbook as calamine reads it.
fn read_sheet(path: &Path, sheet: Option<&str>) -> (Vec<String>, calamine::Range<calamine::Data>) {
    use calamine::Reader;
    let mut b = calamine::open_workbook_auto(path).unwrap();
    let names = b.sheet_names();
    let name = sheet
        .map(str::to_string)
        .unwrap_or_else(|| names[0].clone());
    let r = b.worksheet_range(&name).unwrap();
    (names, r)
}

/// A part of an .xlsx (a zip of XML files).
fn xlsx_part(path: &Path, part: &str) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(part).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// A resident as the register holds them: name, ID, mobile, relation, household.
type Resident = (String, Option<String>, Option<String>, String, String);

fn residents(db: &Path) -> Vec<Resident> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c
        .prepare(
            "SELECT name, id_number, mobile, relation, household_id FROM resident
              WHERE voided_at IS NULL ORDER BY id",
        )
        .unwrap();
    st.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get::<_, i64>(4)?.to_string(),
        ))
    })
    .unwrap()
    .map(|r| r.unwrap())
    .collect()
}

#[test]
fn every_household_export_reads_back_unchanged() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let before = residents(&db);
    let n = before.len();
    let cases: &[(&str, &str, &[&str], &str)] = &[
        ("zh-bom.csv", "zh", &[], "UTF-8 (BOM)"),
        ("zh-gbk.csv", "zh", &["--encoding", "gbk"], "GBK/GB18030"),
        ("en-utf8.csv", "en", &["--encoding", "utf-8"], "UTF-8"),
        ("codes.csv", "zh", &["--codes"], "UTF-8 (BOM)"),
        ("zh.xlsx", "zh", &["--format", "xlsx"], "Excel (.xlsx) 住户"),
        (
            "en.xlsx",
            "en",
            &["--format", "xlsx"],
            "Excel (.xlsx) households",
        ),
    ];
    for (file, lang, args, how) in cases {
        let path = dir.path().join(file);
        let mut a: Vec<&str> = vec!["--lang", lang, "export", "households", "--unmasked"];
        a.extend(args.iter());
        a.extend(["--out", path.to_str().unwrap()]);
        let o = common::run(&db, &a);
        assert_eq!(o.status.code(), Some(0), "{file}: {}", stderr(&o));
        let out = ok(&db, &["import", "households", path.to_str().unwrap()]);
        assert!(out.contains(how), "{file}: {out}");
        assert!(
            out.contains(&format!("residents added/updated/unchanged +0 ~0 ={n}")),
            "{file}: {out}"
        );
        assert_eq!(residents(&db), before, "{file}");
    }
    // What each says: words in the user's language, or the codes.
    let text = |f: &str| std::fs::read(dir.path().join(f)).unwrap();
    let bom = text("zh-bom.csv");
    assert!(bom.starts_with(b"\xEF\xBB\xBF"));
    let bom = String::from_utf8(bom).unwrap();
    assert!(
        bom.contains("社区,片区,楼栋,单元,室,姓名,身份证号,电话,与户主关系"),
        "{bom:.200}"
    );
    assert!(bom.contains(",户主,") && !bom.contains(",02,"));
    let gbk_bytes = text("zh-gbk.csv");
    let (gbk, _, bad) = encoding_rs::GBK.decode(&gbk_bytes);
    assert!(!bad && gbk.starts_with("社区,片区"));
    let en = String::from_utf8(text("en-utf8.csv")).unwrap();
    assert!(en.starts_with("community,area,building,unit,room,name,id_number,phone,relation"));
    assert!(en.contains(",head,"));
    let codes = String::from_utf8(text("codes.csv")).unwrap();
    assert!(codes.starts_with("\u{feff}community,area,"), "{codes:.100}");
    assert!(codes.contains(",02,") && !codes.contains(",户主,"));
    // The workbook: IDs and phones are text cells in a text column.
    let xlsx = dir.path().join("zh.xlsx");
    let (sheets, r) = read_sheet(&xlsx, None);
    assert_eq!(sheets, ["住户"]);
    let head: Vec<String> = r
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let id = head.iter().position(|h| h == "身份证号").unwrap();
    let phone = head.iter().position(|h| h == "电话").unwrap();
    let mut ids = 0;
    for row in r.rows().skip(1) {
        for c in [id, phone] {
            match &row[c] {
                calamine::Data::String(_) => ids += 1,
                calamine::Data::Empty => {}
                other => panic!("an ID or phone cell as {other:?}"),
            }
        }
    }
    assert!(ids > n, "{ids} ID and phone cells");
    let sheet = xlsx_part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "the header row frozen: {sheet:.600}"
    );
    assert!(
        sheet.contains("<cols>") && sheet.contains("customWidth=\"1\""),
        "widths fitted"
    );
    let styles = xlsx_part(&xlsx, "xl/styles.xml");
    assert!(
        styles.contains(r#"numFmtId="49""#),
        "a text (@) format: {styles:.600}"
    );
}

#[test]
fn requests_and_the_report_in_words_or_codes() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let zh = stdout(&common::run(&db, &["--lang", "zh", "export", "requests"]));
    let mut lines = zh.lines();
    let head = lines.next().unwrap();
    assert!(
        head.starts_with("\u{feff}编号,渠道,类别,住户,诉求人,诉求人电话,诉求内容,办理层级,状态"),
        "{head}"
    );
    assert!(
        zh.contains(",结案,") && zh.contains(",来访,") && zh.contains(",矛盾纠纷,"),
        "{zh:.400}"
    );
    assert!(!zh.contains(",closed,") && !zh.contains(",dispute"));
    let codes = stdout(&common::run(
        &db,
        &["--lang", "zh", "export", "requests", "--codes"],
    ));
    assert!(
        codes.starts_with("\u{feff}ticket,channel,category,household"),
        "{codes:.100}"
    );
    assert!(codes.contains(",closed,") && !codes.contains(",结案,"));
    assert_eq!(zh.lines().count(), codes.lines().count());
    // JSON stays codes whatever the language.
    let json = stdout(&common::run(
        &db,
        &["--lang", "zh", "export", "requests", "--format", "json"],
    ));
    assert!(json.contains(r#""status":"closed""#), "{json:.300}");

    // The report as a workbook: a sheet per grid level, numbers as numbers.
    let book = dir.path().join("报表.xlsx");
    let o = common::run(
        &db,
        &[
            "--lang",
            "zh",
            "export",
            "report",
            "--format",
            "xlsx",
            "--out",
            book.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (sheets, r) = read_sheet(&book, None);
    assert_eq!(sheets, ["区", "街道", "社区", "片区"]);
    assert_eq!(
        r.get((0, 1)),
        Some(&calamine::Data::String("走访户数".into()))
    );
    assert!(
        matches!(r.get((1, 1)), Some(calamine::Data::Float(_))),
        "{:?}",
        r.get((1, 1))
    );
    let (_, areas) = read_sheet(&book, Some("片区"));
    let n_areas = one(
        &db,
        "SELECT count(*) FROM grid_node WHERE level = 'area' AND active = 1",
    );
    assert_eq!(
        areas.height() as i64,
        n_areas + 1,
        "every area, under its header"
    );
    // The district's households visited is the sum of its subdistricts'.
    let (_, subs) = read_sheet(&book, Some("街道"));
    use calamine::DataType;
    let sum: f64 = subs.rows().skip(1).map(|r| r[1].as_f64().unwrap()).sum();
    assert_eq!(r.get((1, 1)).and_then(|d| d.as_f64()), Some(sum));
    // Never over a file that exists.
    let again = common::run(
        &db,
        &[
            "export",
            "report",
            "--format",
            "xlsx",
            "--out",
            book.to_str().unwrap(),
        ],
    );
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
}

#[test]
fn the_grid_export_reads_back_from_csv_and_xlsx() {
    let dir = TempDir::new().unwrap();
    let db = hall_with_grid(dir.path());
    for (file, lang, args) in [
        ("网格.csv", "zh", &[][..]),
        ("grid.csv", "en", &["--encoding", "gbk"][..]),
        ("网格.xlsx", "zh", &["--format", "xlsx"][..]),
    ] {
        let path = dir.path().join(file);
        let mut a = vec!["--lang", lang, "export", "grid"];
        a.extend(args.iter());
        a.extend(["--out", path.to_str().unwrap()]);
        let o = common::run(&db, &a);
        assert_eq!(o.status.code(), Some(0), "{file}: {}", stderr(&o));
        let out = ok(&db, &["import", "grid", path.to_str().unwrap()]);
        assert!(
            out.contains("communities: 0 added, 0 updated, 2 unchanged")
                && out.contains("buildings and groups: 0 added, 0 updated, 3 unchanged"),
            "{file}: {out}"
        );
    }
    let (_, r) = read_sheet(&dir.path().join("网格.xlsx"), None);
    assert_eq!(r.get((0, 0)), Some(&calamine::Data::String("街道".into())));
}

#[test]
fn a_character_gbk_lacks_is_an_error_naming_line_and_column() {
    let dir = TempDir::new().unwrap();
    let db = hall_with_grid(dir.path());
    let csv = dir.path().join("住户.csv");
    std::fs::write(
        &csv,
        "社区,楼栋,室,姓名\n锦华家园社区,1,101,张三\n锦华家园社区,1,102,王𠮷\n",
    )
    .unwrap();
    ok(&db, &["import", "households", csv.to_str().unwrap()]);
    let out = dir.path().join("gbk.csv");
    let o = common::run(
        &db,
        &[
            "--lang",
            "zh",
            "export",
            "households",
            "--encoding",
            "gbk",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("第3行 姓名：“𠮷”无法用 GBK 编码"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists(), "no half file");
    assert!(
        std::fs::read_dir(dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".part")),
        "nothing left behind"
    );
    // UTF-8 and the workbook keep it.
    let o = common::run(&db, &["export", "households"]);
    assert!(stdout(&o).contains("王𠮷"));
}

/// A minimal OpenDocument spreadsheet (what LibreOffice and WPS save as
/// .ods): one sheet, each cell a string, or a float where `floats` says.
fn ods(path: &Path, sheet: &str, rows: &[&[&str]], floats: &[(usize, usize)]) {
    use std::io::Write;
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let mut body = String::new();
    for (r, row) in rows.iter().enumerate() {
        body.push_str("<table:table-row>");
        for (c, v) in row.iter().enumerate() {
            if floats.contains(&(r, c)) {
                let n: f64 = v.parse().unwrap();
                body.push_str(&format!(
                    r#"<table:table-cell office:value-type="float" office:value="{v}"><text:p>{n:E}</text:p></table:table-cell>"#
                ));
            } else {
                body.push_str(&format!(
                    r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                    esc(v)
                ));
            }
        }
        body.push_str("</table:table-row>");
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{sheet}">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content.as_str()),
    ] {
        z.start_file(name, stored).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

#[test]
fn an_ods_is_read_and_its_number_ids_refused() {
    let dir = TempDir::new().unwrap();
    let db = hall_with_grid(dir.path());
    let bad = dir.path().join("住户.ods");
    ods(&bad, "住户", HOUSEHOLDS, &[(2, 6)]);
    let before = counts(&db);
    let o = run(&db, "en", &["import", "households", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("line 3, id_number: Excel turned this ID into a number"),
        "{}",
        stderr(&o)
    );
    assert_eq!(counts(&db), before, "nothing written");
    let good = dir.path().join("住户2.ods");
    ods(&good, "住户", HOUSEHOLDS, &[]);
    let out = ok(&db, &["import", "households", good.to_str().unwrap()]);
    assert!(
        out.contains("OpenDocument (.ods) 住户") && out.contains("+3 ~0 =0"),
        "{out}"
    );
}

#[test]
fn a_workbook_goes_to_a_file_not_to_a_terminal() {
    if !common::have("script", "--version") {
        common::skip(
            "a_workbook_goes_to_a_file_not_to_a_terminal",
            "no script(1)",
        );
        return;
    }
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    // Standard output a terminal (script's pseudo-terminal): refused, exit 2.
    let home = common::private_home();
    let line = format!(
        "{}GRIDDESK_CONFIG=/nonexistent LANG=C.UTF-8 '{}' --db '{}' export requests --format xlsx",
        common::shell_env(&home),
        env!("CARGO_BIN_EXE_griddesk"),
        db.display()
    );
    let o = std::process::Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("--format xlsx writes a workbook: name the file with --out FILE.xlsx"),
        "{}",
        stdout(&o)
    );
    // Redirected: the workbook itself.
    let o = common::run(&db, &["export", "requests", "--format", "xlsx"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.starts_with(b"PK\x03\x04"), "a zip: an .xlsx");
}
