//! One reader for every file a hall brings in (households, grid, staff,
//! holidays): a CSV as Excel or WPS saves it — UTF-8 with or without BOM,
//! GBK/GB18030, UTF-16 with BOM; comma or tab separated — or a workbook
//! (.xlsx, .xls, .ods), told apart by its first bytes, not its name. A
//! workbook is read from its first sheet, or the one asked for; every cell
//! as the text it shows. A cell Excel holds as a number is marked, so an
//! ID or a phone it has turned into one is refused rather than guessed
//! back.

use calamine::{Data, Reader};
use std::collections::HashMap;
use std::hash::Hash;
use std::io::Read;
use std::path::Path;

/// A file to read, and the sheet of a workbook (`--sheet`; the first when
/// `None`).
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub path: &'a Path,
    pub sheet: Option<&'a str>,
}

impl<'a, P: AsRef<Path> + ?Sized> From<&'a P> for Source<'a> {
    fn from(p: &'a P) -> Self {
        Source {
            path: p.as_ref(),
            sheet: None,
        }
    }
}

impl<'a> Source<'a> {
    pub fn new(path: &'a Path, sheet: Option<&'a str>) -> Self {
        Source { path, sheet }
    }
}

/// Why a file cannot be read as a table at all.
#[derive(Debug)]
pub enum TableError {
    Io(std::io::Error),
    /// `--sheet` names no sheet of the workbook.
    NoSheet {
        asked: String,
        sheets: Vec<String>,
    },
    /// A workbook with no sheet.
    NoSheets,
    /// Looks like a workbook (zip or OLE) but is not one calamine reads.
    Unreadable(String),
    /// `--sheet` given for a CSV file.
    SheetOfCsv(String),
}

impl From<std::io::Error> for TableError {
    fn from(e: std::io::Error) -> Self {
        TableError::Io(e)
    }
}

impl From<TableError> for std::io::Error {
    fn from(e: TableError) -> Self {
        match e {
            TableError::Io(e) => e,
            other => std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                crate::i18n::table_error(&other, crate::i18n::Lang::En),
            ),
        }
    }
}

/// One line of the file: its cells as text, and which were numbers in a
/// workbook.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// 1-based: the line of a CSV, the row of a sheet.
    pub line: usize,
    pub cells: csv::StringRecord,
    /// Indexes of cells a workbook holds as numbers (not dates).
    numbers: Vec<usize>,
}

impl Record {
    pub fn get(&self, i: usize) -> Option<&str> {
        self.cells.get(i)
    }
    pub fn len(&self) -> usize {
        self.cells.len()
    }
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
    /// Every cell blank.
    pub fn blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
    /// The cell as Excel shows it, when Excel has made a number of it: a
    /// number cell, or text in Excel's scientific notation (`4.11602E+17`,
    /// what a CSV saved after that holds). For columns of digits that are
    /// not numbers: IDs, phones.
    pub fn excel_number(&self, i: usize) -> Option<&str> {
        let v = self.cells.get(i)?.trim();
        if v.is_empty() {
            return None;
        }
        if self.numbers.contains(&i) || scientific(v) {
            Some(v)
        } else {
            None
        }
    }
}

/// `4.11602E+17`, `1.38123E+10`, `4E+17`: how Excel shows a long number.
fn scientific(v: &str) -> bool {
    let Some((m, e)) = v.split_once(['E', 'e']) else {
        return false;
    };
    let e = e.strip_prefix('+').unwrap_or(e);
    let mut parts = m.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next().unwrap_or("0");
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && !frac.is_empty()
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !e.is_empty()
        && e.bytes().all(|b| b.is_ascii_digit())
}

/// The lines of a file, header first.
pub struct Table {
    /// How it was read: `UTF-8 (BOM)`, `GBK/GB18030`, `Excel (.xlsx) Sheet1`,
    /// `OpenDocument (.ods) 住户`.
    pub encoding: String,
    rows: Box<dyn Iterator<Item = std::result::Result<Record, usize>>>,
}

impl Iterator for Table {
    /// A line, or the number of a line that cannot be read (encoding or
    /// quotes).
    type Item = std::result::Result<Record, usize>;
    fn next(&mut self) -> Option<Self::Item> {
        self.rows.next()
    }
}

/// What a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Csv,
    /// A zip: .xlsx or .ods.
    Zip,
    /// An OLE compound file: .xls.
    Ole,
}

fn kind(path: &Path) -> std::io::Result<Kind> {
    let mut head = [0u8; 8];
    let mut f = std::fs::File::open(path)?;
    let n = read_full(&mut f, &mut head)?;
    Ok(if head[..n].starts_with(b"PK\x03\x04") {
        Kind::Zip
    } else if n == 8 && head == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
        Kind::Ole
    } else {
        Kind::Csv
    })
}

/// Opens a file as a table: a workbook by its first bytes, else a CSV.
pub fn open<'a>(src: impl Into<Source<'a>>) -> std::result::Result<Table, TableError> {
    let src = src.into();
    match kind(src.path)? {
        Kind::Csv => {
            if let Some(s) = src.sheet {
                return Err(TableError::SheetOfCsv(s.to_string()));
            }
            let (rdr, enc) = csv_reader(src.path)?;
            let rows = rdr.into_records().enumerate().map(|(i, r)| match r {
                Ok(cells) => Ok(Record {
                    line: i + 1,
                    cells,
                    numbers: Vec::new(),
                }),
                Err(_) => Err(i + 1),
            });
            Ok(Table {
                encoding: enc.to_string(),
                rows: Box::new(rows),
            })
        }
        k => workbook(src, k),
    }
}

/// The sheets of a workbook, in order; empty for a CSV.
pub fn sheets(path: &Path) -> std::result::Result<Vec<String>, TableError> {
    match kind(path)? {
        Kind::Csv => Ok(Vec::new()),
        k => Ok(book(path, k)?.0.sheet_names()),
    }
}

type Book = calamine::Sheets<std::io::Cursor<Vec<u8>>>;

fn book(path: &Path, k: Kind) -> std::result::Result<(Book, &'static str), TableError> {
    let bytes = std::fs::read(path)?;
    let cur = std::io::Cursor::new(bytes);
    let bad = |e: &dyn std::fmt::Display| TableError::Unreadable(e.to_string());
    match k {
        Kind::Ole => calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(cur)
            .map(|b| (calamine::Sheets::Xls(b), "Excel (.xls)"))
            .map_err(|e| bad(&e)),
        _ => match calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(cur.clone()) {
            Ok(b) => Ok((calamine::Sheets::Xlsx(b), "Excel (.xlsx)")),
            Err(xe) => calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(cur)
                .map(|b| (calamine::Sheets::Ods(b), "OpenDocument (.ods)"))
                .map_err(|_| bad(&xe)),
        },
    }
}

fn workbook(src: Source<'_>, k: Kind) -> std::result::Result<Table, TableError> {
    let (mut book, ext) = book(src.path, k)?;
    let names = book.sheet_names();
    let name = match src.sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .or_else(|| names.iter().find(|n| n.trim() == s.trim()))
            .cloned()
            .ok_or_else(|| TableError::NoSheet {
                asked: s.to_string(),
                sheets: names.clone(),
            })?,
        None => names.first().cloned().ok_or(TableError::NoSheets)?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| TableError::Unreadable(e.to_string()))?;
    let first = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let lead = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    let mut rows = Vec::with_capacity(range.height());
    for (i, row) in range.rows().enumerate() {
        let mut cells = Vec::with_capacity(lead + row.len());
        let mut numbers = Vec::new();
        cells.resize(lead, String::new());
        for (j, d) in row.iter().enumerate() {
            if matches!(d, Data::Int(_) | Data::Float(_)) {
                numbers.push(lead + j);
            }
            cells.push(shown(d));
        }
        while cells.last().is_some_and(|c| c.is_empty()) {
            cells.pop();
        }
        rows.push(Ok(Record {
            line: first + i + 1,
            cells: csv::StringRecord::from(cells),
            numbers,
        }));
    }
    Ok(Table {
        encoding: format!("{ext} {name}"),
        rows: Box::new(rows.into_iter()),
    })
}

/// A cell as Excel shows it in the General format: whole numbers up to 11
/// digits as they are, longer ones in scientific notation with 6
/// significant digits (`4.11602E+17`), dates as `YYYY-MM-DD`.
pub fn shown(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => general(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => {
            let (y, m, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            if dt.is_datetime() && (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else if dt.is_datetime() {
                format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}")
            } else {
                general(dt.as_f64())
            }
        }
        Data::DateTimeIso(s) => s.strip_suffix("T00:00:00").unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

fn general(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    let a = f.abs();
    if a != 0.0 && !(1e-9..1e11).contains(&a) {
        // Excel: 6 significant digits, trailing zeros dropped.
        let s = format!("{f:.5E}");
        let (m, e) = s.split_once('E').unwrap_or((&s, "0"));
        let m = if m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.')
        } else {
            m
        };
        let (sign, digits) = match e.strip_prefix('-') {
            Some(d) => ('-', d),
            None => ('+', e),
        };
        return format!("{m}E{sign}{digits:0>2}");
    }
    if f.fract() == 0.0 {
        return format!("{f:.0}");
    }
    // Up to 10 significant digits, as the General format shows.
    let digits = 10 - (a.log10().floor() as i32 + 1).max(0);
    let s = format!("{f:.*}", digits.clamp(0, 10) as usize);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Where each known column is in a file's header.
#[derive(Debug, Clone)]
pub struct Columns<C> {
    pub cols: HashMap<C, usize>,
    /// How many cells the header has.
    pub width: usize,
    /// Headers no column is known by, as written.
    pub ignored: Vec<String>,
}

impl<C: Copy + Eq + Hash> Columns<C> {
    /// Reads a header: the first column a name is found in counts.
    pub fn read(head: &Record, parse: impl Fn(&str) -> Option<C>) -> Self {
        let mut cols = HashMap::new();
        let mut ignored = Vec::new();
        for (i, h) in head.cells.iter().enumerate() {
            match parse(h) {
                Some(c) => {
                    cols.entry(c).or_insert(i);
                }
                None if h.trim().is_empty() => {}
                None => ignored.push(h.trim().to_string()),
            }
        }
        Columns {
            cols,
            width: head.len(),
            ignored,
        }
    }

    /// The required columns the header lacks, in the order asked.
    pub fn missing(&self, need: &[C]) -> Vec<C> {
        need.iter()
            .copied()
            .filter(|c| !self.cols.contains_key(c))
            .collect()
    }

    pub fn has(&self, c: C) -> bool {
        self.cols.contains_key(&c)
    }

    /// A cell as typed, without surrounding spaces and without the guard
    /// our own CSV exports put before a formula-like cell; "" when the
    /// column is absent.
    pub fn cell<'r>(&self, rec: &'r Record, c: C) -> &'r str {
        self.cols
            .get(&c)
            .and_then(|i| rec.get(*i))
            .map(str::trim)
            .map(unguard_cell)
            .unwrap_or("")
    }

    /// The cell as Excel shows it when Excel has made a number of it.
    pub fn excel_number<'r>(&self, rec: &'r Record, c: C) -> Option<&'r str> {
        self.cols.get(&c).and_then(|i| rec.excel_number(*i))
    }

    /// How many cells the line has, when it has filled cells beyond the
    /// header's.
    pub fn overflow(&self, rec: &Record) -> Option<usize> {
        (rec.len() > self.width
            && rec
                .cells
                .iter()
                .skip(self.width)
                .any(|c| !c.trim().is_empty()))
        .then_some(rec.len())
    }
}

/// Opens a file as UTF-8 text, whatever Excel or WPS saved it as.
pub fn decode(path: &Path) -> std::io::Result<(Box<dyn Read>, &'static str)> {
    let mut head = vec![0u8; 1 << 16];
    let mut f = std::fs::File::open(path)?;
    let n = read_full(&mut f, &mut head)?;
    head.truncate(n);
    let (enc, name) = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        (encoding_rs::UTF_8, "UTF-8 (BOM)")
    } else if head.starts_with(&[0xFF, 0xFE]) {
        (encoding_rs::UTF_16LE, "UTF-16LE")
    } else if head.starts_with(&[0xFE, 0xFF]) {
        (encoding_rs::UTF_16BE, "UTF-16BE")
    } else {
        match std::str::from_utf8(&head) {
            Ok(_) => (encoding_rs::UTF_8, "UTF-8"),
            // A multi-byte character cut at the end of the sample is fine.
            Err(e) if e.error_len().is_none() => (encoding_rs::UTF_8, "UTF-8"),
            Err(_) => (encoding_rs::GB18030, "GBK/GB18030"),
        }
    };
    let f = std::fs::File::open(path)?;
    let r = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(Some(enc))
        .bom_sniffing(true)
        .strip_bom(true)
        .build(f);
    Ok((Box::new(r), name))
}

fn read_full(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Tab or comma, by which appears more in the header line.
pub fn sniff_delimiter(path: &Path) -> std::io::Result<u8> {
    let (mut r, _) = decode(path)?;
    let mut buf = vec![0u8; 8192];
    let n = read_full(&mut r, &mut buf)?;
    let text = String::from_utf8_lossy(&buf[..n]);
    let first = text.lines().next().unwrap_or("");
    Ok(
        if first.matches('\t').count() > first.matches(',').count() {
            b'\t'
        } else {
            b','
        },
    )
}

fn csv_reader(path: &Path) -> std::io::Result<(csv::Reader<Box<dyn Read>>, &'static str)> {
    let delim = sniff_delimiter(path)?;
    let (r, enc) = decode(path)?;
    Ok((
        csv::ReaderBuilder::new()
            .delimiter(delim)
            .flexible(true)
            .has_headers(false)
            .from_reader(r),
        enc,
    ))
}

/// Undoes the CSV writer's guard (`export::csv_field`) on a cell read back from a CSV: `'=x` is
/// `=x`. Only before the characters the guard is for, so a name typed
/// with an apostrophe stays as typed.
pub fn unguard_cell(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_general_format() {
        assert_eq!(general(411602199001011234.0), "4.11602E+17");
        assert_eq!(general(13812345678.0), "13812345678");
        assert_eq!(general(138123456789.0), "1.38123E+11");
        assert_eq!(general(3948940009.0), "3948940009");
        assert_eq!(general(4.0e17), "4E+17");
        assert_eq!(general(3.5), "3.5");
        assert_eq!(general(12.0), "12");
    }

    #[test]
    fn scientific_text() {
        assert!(scientific("4.11602E+17"));
        assert!(scientific("4E+17"));
        assert!(scientific("1.38123e10"));
        assert!(!scientific("41160219491231002X"));
        assert!(!scientific("E+17"));
        assert!(!scientific("3-2-501"));
    }
}
