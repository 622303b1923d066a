//! The request categories as a file a supervisor edits: exported as TOML
//! in the seed's own format, imported back — added, renamed, limits,
//! materials and departments changed, taken out of use (`active = false`).
//! A category is never deleted: old requests keep theirs.

use super::event::{NewEvent, append};
use super::{Error, Result, Store};
use crate::domain::lifecycle::Permission;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

/// The file: `[[category]]` tables, as in `db/seed/categories.toml`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryFile {
    pub category: Vec<CategoryEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryEntry {
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    pub zh: String,
    pub en: String,
    /// A shorter English name for the request lists at 80 columns, in
    /// whole words (`medical claim`); the full name everywhere else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_short: Option<String>,
    pub limit_days: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<String>,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// The longest time limit a category may have, in working days.
pub const MAX_LIMIT_DAYS: u32 = 365;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CategorySummary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// One refused entry: its position in the file (1-based; 0 = the file
/// itself), its code, the field and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryProblem {
    pub entry: usize,
    pub code: String,
    pub field: &'static str,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not TOML, or not the categories' shape: the line, the parser's words.
    Toml {
        line: usize,
        message: String,
    },
    /// A code must be lowercase a-z, 0-9 and `_`, parts joined by `.`.
    BadCode,
    Twice,
    OwnParent,
    NoParent(String),
    Text(crate::domain::text::FreeTextError),
    LimitTooHigh(u32),
}

/// Every category, active or not, in seed order.
pub fn all(conn: &Connection) -> Result<Vec<CategoryEntry>> {
    let mut st = conn.prepare_cached(
        "SELECT code, parent_code, name_zh, name_en, limit_days, department, materials, active, short_en
           FROM category ORDER BY sort, code",
    )?;
    let rows = st
        .query_map([], |r| {
            let m: String = r.get(6)?;
            let materials: Vec<String> = serde_json::from_str(&m).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    6,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?;
            Ok(CategoryEntry {
                code: r.get(0)?,
                parent: r.get(1)?,
                zh: r.get(2)?,
                en: r.get(3)?,
                en_short: r.get(8)?,
                limit_days: r.get(4)?,
                department: r.get(5)?,
                materials,
                active: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The categories as TOML, ready to edit and import back.
pub fn export_toml(conn: &Connection) -> Result<String> {
    let file = CategoryFile {
        category: all(conn)?,
    };
    let body = toml::to_string(&file).map_err(|e| Error::Io(e.to_string()))?;
    Ok(format!(
        "# griddesk request categories. Edit and bring back with\n\
         # `griddesk categories import FILE`. A category is never deleted:\n\
         # set `active = false` to take it out of use. limit_days: working days\n\
         # (0 = same day, 即办件); materials: the originals to bring (一次性告知).\n\n{body}"
    ))
}

fn check_entries(
    entries: &[CategoryEntry],
    known: &[CategoryEntry],
) -> std::result::Result<(), Vec<EntryProblem>> {
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut p = |i: usize, code: &str, field: &'static str, problem: Problem| {
        problems.push(EntryProblem {
            entry: i + 1,
            code: code.to_string(),
            field,
            problem,
        })
    };
    let codes: std::collections::HashSet<&str> = entries
        .iter()
        .map(|e| e.code.as_str())
        .chain(known.iter().map(|k| k.code.as_str()))
        .collect();
    for (i, e) in entries.iter().enumerate() {
        let ok_code = !e.code.is_empty()
            && e.code.split('.').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            });
        if !ok_code {
            p(i, &e.code, "code", Problem::BadCode);
        }
        if !seen.insert(e.code.clone()) {
            p(i, &e.code, "code", Problem::Twice);
        }
        if let Some(parent) = &e.parent {
            if parent == &e.code {
                p(i, &e.code, "parent", Problem::OwnParent);
            } else if !codes.contains(parent.as_str()) {
                p(i, &e.code, "parent", Problem::NoParent(parent.clone()));
            }
        }
        for (field, text, limit) in [
            ("zh", &e.zh, crate::domain::text::limits::NAME),
            ("en", &e.en, crate::domain::text::limits::NAME),
        ] {
            if let Err(err) = crate::domain::text::free_text(text, limit, false) {
                p(i, &e.code, field, Problem::Text(err));
            }
        }
        if let Some(short) = &e.en_short
            && let Err(err) =
                crate::domain::text::free_text(short, crate::domain::text::limits::NAME, false)
        {
            p(i, &e.code, "en_short", Problem::Text(err));
        }
        if let Some(d) = &e.department
            && let Err(err) =
                crate::domain::text::free_text(d, crate::domain::text::limits::ITEM, false)
        {
            p(i, &e.code, "department", Problem::Text(err));
        }
        for m in &e.materials {
            if let Err(err) =
                crate::domain::text::free_text(m, crate::domain::text::limits::ITEM, false)
            {
                p(i, &e.code, "materials", Problem::Text(err));
            }
        }
        if e.limit_days > MAX_LIMIT_DAYS {
            p(
                i,
                &e.code,
                "limit_days",
                Problem::LimitTooHigh(e.limit_days),
            );
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// An entry with its texts as they will be stored (trimmed).
fn tidy(e: &CategoryEntry) -> CategoryEntry {
    CategoryEntry {
        code: e.code.clone(),
        parent: e.parent.clone(),
        zh: e.zh.trim().to_string(),
        en: e.en.trim().to_string(),
        en_short: e
            .en_short
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_string),
        limit_days: e.limit_days,
        department: e
            .department
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_string),
        materials: e.materials.iter().map(|m| m.trim().to_string()).collect(),
        active: e.active,
    }
}

impl Store {
    /// Brings in a category file: every entry checked first, then all of
    /// it in one transaction, each change an event with before and after.
    /// Categories the file leaves out are left as they are. Supervisors
    /// only. `Ok(Err(problems))` lists every refused entry; nothing is
    /// written then.
    pub fn import_categories(
        &mut self,
        actor: i64,
        text: &str,
    ) -> Result<std::result::Result<CategorySummary, Vec<EntryProblem>>> {
        self.require(actor, Permission::EditCategories)?;
        let file: CategoryFile = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                return Ok(Err(vec![EntryProblem {
                    entry: 0,
                    code: String::new(),
                    field: "toml",
                    problem: Problem::Toml {
                        line: e
                            .span()
                            .map(|r| text[..r.start.min(text.len())].matches('\n').count() + 1)
                            .unwrap_or(0),
                        message: e.message().trim().to_string(),
                    },
                }]));
            }
        };
        let now = self.now();
        let tx = self.conn.transaction()?;
        let known = all(&tx)?;
        if let Err(p) = check_entries(&file.category, &known) {
            return Ok(Err(p));
        }
        let mut sum = CategorySummary::default();
        let next_sort: i64 =
            tx.query_row("SELECT coalesce(max(sort), 0) + 1 FROM category", [], |r| {
                r.get(0)
            })?;
        for (i, e) in file.category.iter().map(tidy).enumerate() {
            let before = known.iter().find(|k| k.code == e.code);
            let json = |c: &CategoryEntry| serde_json::to_string(c).unwrap_or_default();
            let materials = serde_json::to_string(&e.materials).unwrap_or_else(|_| "[]".into());
            match before {
                Some(b) if *b == e => {
                    sum.unchanged += 1;
                    continue;
                }
                Some(_) => {
                    tx.execute(
                        "UPDATE category SET parent_code = ?2, name_zh = ?3, name_en = ?4, limit_days = ?5,
                                materials = ?6, department = ?7, active = ?8, short_en = ?9 WHERE code = ?1",
                        params![
                            e.code, e.parent, e.zh, e.en, e.limit_days, materials, e.department,
                            e.active, e.en_short
                        ],
                    )?;
                    sum.updated += 1;
                }
                None => {
                    tx.execute(
                        "INSERT INTO category(code, parent_code, name_zh, name_en, limit_days, materials, department, sort, active, short_en)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                        params![
                            e.code,
                            e.parent,
                            e.zh,
                            e.en,
                            e.limit_days,
                            materials,
                            e.department,
                            next_sort + i as i64,
                            e.active,
                            e.en_short
                        ],
                    )?;
                    sum.added += 1;
                }
            }
            append(
                &tx,
                now,
                &NewEvent {
                    staff_id: Some(actor),
                    entity: "category",
                    entity_id: 0,
                    kind: if before.is_some() {
                        "update"
                    } else {
                        "created"
                    },
                    note: Some(&e.code),
                    before: before.map(json),
                    after: Some(json(&e)),
                    ..Default::default()
                },
            )?;
        }
        tx.commit()?;
        Ok(Ok(sum))
    }
}
