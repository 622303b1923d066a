//! Households (户) and residents (人). Names are indexed for search when
//! written: pinyin and initials of every reading, and the characters one a
//! token for the word index.

use super::event::created;
use super::{Error, Field, Result, Time, fmt_time};
use crate::domain::address::Address;
use crate::domain::ident::{self, Gender};
use crate::domain::names::{name_keys, spaced_chars};
use crate::domain::relation;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Household {
    pub id: i64,
    pub building_id: i64,
    pub unit: String,
    pub room: String,
    pub phone: Option<String>,
    pub tags: String,
    pub note: String,
    pub version: i64,
    pub building_num: String,
    pub area: String,
    pub community: String,
}

impl Household {
    /// `3-2-501`
    pub fn address(&self) -> String {
        format!("{}-{}-{}", self.building_num, self.unit, self.room)
    }
    /// `锦华家园 3-2-501`
    pub fn label(&self) -> String {
        format!("{} {}", self.community, self.address())
    }
}

/// Joins a household to its building, area and community. A building may
/// sit directly under a community.
pub(crate) const HOUSEHOLD_SELECT: &str =
    "SELECT h.id, h.building_id, h.unit, h.room, h.phone, h.tags, h.note, h.version,
        b.num,
        CASE WHEN a.level = 'area' THEN a.name ELSE '' END,
        CASE WHEN a.level = 'area' THEN c.name ELSE a.name END
   FROM household h
   JOIN grid_node b ON b.id = h.building_id
   LEFT JOIN grid_node a ON a.id = b.parent_id
   LEFT JOIN grid_node c ON c.id = a.parent_id";

pub(crate) fn household_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Household> {
    Ok(Household {
        id: r.get(0)?,
        building_id: r.get(1)?,
        unit: r.get(2)?,
        room: r.get(3)?,
        phone: r.get(4)?,
        tags: r.get(5)?,
        note: r.get(6)?,
        version: r.get(7)?,
        building_num: r.get(8)?,
        area: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
        community: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<Household> {
    let mut st = conn.prepare_cached(&format!(
        "{HOUSEHOLD_SELECT} WHERE h.id = ?1 AND h.voided_at IS NULL"
    ))?;
    st.query_row([id], household_row)
        .optional()?
        .ok_or(Error::NotFound {
            what: Field::Household,
            query: id.to_string(),
            closest: None,
        })
}

/// Households at an address, in address order. Each word of the place, if
/// given, must be part of the name of the community or the area, or be the
/// area's name joined to part of the community's (`锦华家园第一片区`). A
/// resident group is found by its number and a house number in any unit.
pub fn at_address(conn: &Connection, a: &Address, limit: usize) -> Result<Vec<Household>> {
    Ok(at_address_counted(conn, a, limit)?.0)
}

/// `at_address`, and the rows its lookup stepped through by full scans.
pub(crate) fn at_address_counted(
    conn: &Connection,
    a: &Address,
    limit: usize,
) -> Result<(Vec<Household>, i32)> {
    let words = a.place_words();
    let words = (!words.is_empty())
        .then(|| serde_json::to_string(&words).map_err(|e| Error::Io(e.to_string())))
        .transpose()?;
    let mut st = conn.prepare_cached(&format!(
        "{HOUSEHOLD_SELECT}
          WHERE b.level = 'building' AND b.num = ?1
            AND (?2 IS NULL OR h.unit = ?2) AND (?3 IS NULL OR h.room = ?3)
            AND (?4 IS NULL OR NOT EXISTS (
                  SELECT 1 FROM json_each(?4) w
                   WHERE instr(coalesce(a.name, ''), w.value) = 0
                     AND instr(coalesce(c.name, ''), w.value) = 0
                     AND NOT (a.level = 'area' AND instr(w.value, a.name) > 0
                              AND instr(coalesce(c.name, ''), replace(w.value, a.name, '')) > 0)))
            AND (?6 = 0 OR b.is_group = 1)
            AND h.voided_at IS NULL
          ORDER BY c.name, a.name, CAST(h.unit AS INTEGER), h.unit, CAST(h.room AS INTEGER), h.room, h.id
          LIMIT ?5"
    ))?;
    let v = st
        .query_map(
            params![a.building, a.unit, a.room, words, limit as i64, a.group],
            household_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((v, st.reset_status(rusqlite::StatementStatus::FullscanStep)))
}

/// Households in one building, for browsing units and rooms.
pub fn in_building(conn: &Connection, building_id: i64) -> Result<Vec<Household>> {
    let mut st = conn.prepare_cached(&format!(
        "{HOUSEHOLD_SELECT} WHERE h.building_id = ?1 AND h.voided_at IS NULL
         ORDER BY CAST(h.unit AS INTEGER), h.unit, CAST(h.room AS INTEGER), h.room"
    ))?;
    let v = st
        .query_map([building_id], household_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

pub struct NewHousehold<'a> {
    pub building_id: i64,
    pub unit: &'a str,
    pub room: &'a str,
    pub phone: Option<&'a str>,
    pub tags: &'a str,
    pub note: &'a str,
}

pub fn add(conn: &Connection, now: Time, actor: Option<i64>, h: &NewHousehold<'_>) -> Result<i64> {
    let t = fmt_time(now);
    conn.prepare_cached(
        "INSERT INTO household(building_id, unit, room, phone, tags, note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?
    .execute(params![
        h.building_id,
        h.unit,
        h.room,
        h.phone,
        h.tags,
        h.note,
        t
    ])?;
    let id = conn.last_insert_rowid();
    let after = serde_json::json!({"building_id": h.building_id, "unit": h.unit, "room": h.room, "phone": h.phone, "tags": h.tags, "note": h.note});
    created(conn, now, actor, "household", id, after.to_string())?;
    Ok(id)
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Resident {
    pub id: i64,
    pub household_id: i64,
    pub name: String,
    pub gender: Option<String>,
    pub birth_date: Option<String>,
    pub id_number: Option<String>,
    pub mobile: Option<String>,
    pub relation: String,
    pub tags: String,
    pub note: String,
    pub version: i64,
}

impl Resident {
    pub fn masked_id(&self) -> String {
        self.id_number
            .as_deref()
            .map(ident::mask_id)
            .unwrap_or_default()
    }
    pub fn masked_mobile(&self) -> String {
        self.mobile
            .as_deref()
            .map(ident::mask_phone)
            .unwrap_or_default()
    }
}

pub(crate) const RESIDENT_SELECT: &str = "SELECT r.id, r.household_id, r.name, r.gender, r.birth_date, r.id_number, r.mobile, r.relation, r.tags, r.note, r.version FROM resident r";

pub(crate) fn resident_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Resident> {
    Ok(Resident {
        id: r.get(0)?,
        household_id: r.get(1)?,
        name: r.get(2)?,
        gender: r.get(3)?,
        birth_date: r.get(4)?,
        id_number: r.get(5)?,
        mobile: r.get(6)?,
        relation: r.get(7)?,
        tags: r.get(8)?,
        note: r.get(9)?,
        version: r.get(10)?,
    })
}

pub fn resident(conn: &Connection, id: i64) -> Result<Resident> {
    let mut st = conn.prepare_cached(&format!(
        "{RESIDENT_SELECT} WHERE r.id = ?1 AND r.voided_at IS NULL"
    ))?;
    st.query_row([id], resident_row)
        .optional()?
        .ok_or(Error::NotFound {
            what: Field::Resident,
            query: id.to_string(),
            closest: None,
        })
}

pub fn resident_by_id_number(conn: &Connection, number: &str) -> Result<Option<Resident>> {
    let mut st = conn.prepare_cached(&format!(
        "{RESIDENT_SELECT} WHERE r.id_number = ?1 AND r.voided_at IS NULL"
    ))?;
    Ok(st.query_row([number], resident_row).optional()?)
}

/// Members of a household, head first.
pub fn members(conn: &Connection, household_id: i64) -> Result<Vec<Resident>> {
    let mut st = conn.prepare_cached(&format!(
        "{RESIDENT_SELECT} WHERE r.household_id = ?1 AND r.voided_at IS NULL
         ORDER BY r.relation <> '02', CAST(r.relation AS INTEGER), r.birth_date"
    ))?;
    let v = st
        .query_map([household_id], resident_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// A resident as typed, before validation.
#[derive(Debug, Clone, Default)]
pub struct ResidentInput {
    pub name: String,
    pub id_number: String,
    pub mobile: String,
    pub relation: String,
    pub tags: String,
    pub note: String,
}

/// A validated resident, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewResident {
    pub name: String,
    pub id_number: Option<String>,
    pub gender: Option<Gender>,
    pub birth_date: Option<NaiveDate>,
    pub mobile: Option<String>,
    pub relation: String,
    pub tags: Vec<String>,
    pub note: String,
}

impl ResidentInput {
    /// Normalises and validates every field; the first problem is returned
    /// naming its field.
    pub fn validate(&self, today: NaiveDate) -> Result<NewResident> {
        let name: String = crate::domain::text::normalize(&self.name)
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        if name.is_empty() {
            return Err(Error::Empty(Field::Name));
        }
        if name.chars().count() > 40 {
            return Err(Error::Invalid {
                what: Field::Name,
                value: name,
            });
        }
        let (id_number, gender, birth_date) = if self.id_number.trim().is_empty() {
            (None, None, None)
        } else {
            let id = ident::parse_resident_id(&self.id_number, today).map_err(Error::BadId)?;
            (Some(id.number), Some(id.gender), Some(id.birth_date))
        };
        let mobile = if self.mobile.trim().is_empty() {
            None
        } else {
            Some(ident::parse_phone(&self.mobile).map_err(Error::BadPhone)?.0)
        };
        let relation = if self.relation.trim().is_empty() {
            "8".to_string()
        } else {
            relation::parse(&self.relation)
                .ok_or_else(|| Error::Invalid {
                    what: Field::Resident,
                    value: self.relation.clone(),
                })?
                .to_string()
        };
        Ok(NewResident {
            name,
            id_number,
            gender,
            birth_date,
            mobile,
            relation,
            tags: relation::split_tags(&self.tags),
            note: self.note.trim().to_string(),
        })
    }
}

/// Makes a name findable by every spelling, each with its rank, and by its
/// characters. A name is indexed once, whoever bears it: a known name costs
/// one lookup. The count of its bearers is kept by the resident table's
/// triggers, which may record the name before this is called.
pub(crate) fn index_name(conn: &Connection, name: &str) -> Result<()> {
    let id: Option<i64> = conn
        .prepare_cached(
            "INSERT INTO person_name(name, keyed) VALUES (?1, 1)
               ON CONFLICT(name) DO UPDATE SET keyed = 1 WHERE keyed = 0
             RETURNING id",
        )?
        .query_row([name], |r| r.get(0))
        .optional()?;
    let Some(id) = id else {
        return Ok(());
    };
    let mut st = conn
        .prepare_cached("INSERT OR IGNORE INTO name_key(rank, key, name_id) VALUES (?1, ?2, ?3)")?;
    for (k, rank) in &name_keys(name).keys {
        st.execute(params![rank.code(), k, id])?;
    }
    conn.prepare_cached("INSERT INTO name_fts(rowid, chars) VALUES (?1, ?2)")?
        .execute(params![id, spaced_chars(name)])?;
    Ok(())
}

pub fn add_resident(
    conn: &Connection,
    now: Time,
    actor: Option<i64>,
    household_id: i64,
    r: &NewResident,
) -> Result<i64> {
    if let Some(n) = &r.id_number
        && resident_by_id_number(conn, n)?.is_some()
    {
        return Err(Error::Duplicate {
            what: Field::ResidentId,
            value: ident::mask_id(n),
        });
    }
    let id = insert_resident(conn, now, actor, household_id, r)?;
    index_name(conn, &r.name)?;
    Ok(id)
}

/// Writes a resident known to be new (no live resident has the ID). The
/// caller makes sure the name is indexed.
pub(crate) fn insert_resident(
    conn: &Connection,
    now: Time,
    actor: Option<i64>,
    household_id: i64,
    r: &NewResident,
) -> Result<i64> {
    let t = fmt_time(now);
    conn.prepare_cached(
        "INSERT INTO resident(household_id, name, gender, birth_date, id_number, mobile,
                              relation, tags, note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    )?
    .execute(params![
        household_id,
        r.name,
        r.gender.map(Gender::code),
        r.birth_date.map(|d| d.format("%Y-%m-%d").to_string()),
        r.id_number,
        r.mobile,
        r.relation,
        r.tags.join(";"),
        r.note,
        t
    ])?;
    let id = conn.last_insert_rowid();
    // The log keeps the masked ID and phone: logs never carry personal data.
    #[derive(serde::Serialize)]
    struct Created<'a> {
        household_id: i64,
        name: &'a str,
        relation: &'a str,
        id_number: Option<String>,
        mobile: Option<String>,
        tags: String,
    }
    let after = serde_json::to_string(&Created {
        household_id,
        name: &r.name,
        relation: &r.relation,
        id_number: r.id_number.as_deref().map(ident::mask_id),
        mobile: r.mobile.as_deref().map(ident::mask_phone),
        tags: r.tags.join(";"),
    })
    .map_err(|e| Error::Io(e.to_string()))?;
    created(conn, now, actor, "resident", id, after)?;
    Ok(id)
}

/// The name of the head of household, or the first member.
pub fn head_name(conn: &Connection, household_id: i64) -> Result<Option<String>> {
    let mut st = conn.prepare_cached(
        "SELECT name FROM resident WHERE household_id = ?1 AND voided_at IS NULL
         ORDER BY relation <> '02', id LIMIT 1",
    )?;
    Ok(st.query_row([household_id], |r| r.get(0)).optional()?)
}

/// Resident IDs ending in `tail` (last 4), for "closest" suggestions.
pub fn id_numbers_ending(conn: &Connection, tail: &str, limit: usize) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached(
        "SELECT id_number FROM resident WHERE substr(id_number, -4) = ?1 AND id_number IS NOT NULL LIMIT ?2",
    )?;
    let v = st
        .query_map(rusqlite::params![tail, limit as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(v)
}
