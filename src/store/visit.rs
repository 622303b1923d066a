//! The visit (入户走访) write. The visits a household had are read with
//! its file (`views::household_file`).

use super::event::{NewEvent, append};
use super::{Field, Result, Store, fmt_time};
use rusqlite::params;

impl Store {
    /// 入户走访: records a visit; returns its id.
    pub fn record_visit(&mut self, staff_id: i64, household_id: i64, note: &str) -> Result<i64> {
        let note = super::optional_text(note, Field::Note)?;
        let note = note.as_str();
        let now = self.now();
        let tx = self.conn.transaction()?;
        super::household::get(&tx, household_id)?;
        tx.execute(
            "INSERT INTO visit(household_id, staff_id, at, note) VALUES (?1, ?2, ?3, ?4)",
            params![household_id, staff_id, fmt_time(now), note],
        )?;
        let id = tx.last_insert_rowid();
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(staff_id),
                entity: "visit",
                entity_id: id,
                kind: "created",
                note: Some(note),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(id)
    }
}
