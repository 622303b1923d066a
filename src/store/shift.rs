//! The shift (班次) writes: start, end with the handover note, accept.
//! Their read models (current shift, handover) are in `views`.

use super::event::{NewEvent, append};
use super::staff::{self, Staff};
use super::views::{Shift, current_shift, hall_of};
use super::{Error, Field, Result, Store, fmt_time};
use rusqlite::params;

impl Store {
    /// Starts a shift for the operator unless one is open.
    pub fn start_shift(&mut self, staff_id: i64) -> Result<Shift> {
        let now = self.now();
        // Usually the shift is open: a read says so without taking the
        // write lock (which another counter may hold for a while).
        if let Some(s) = current_shift(&self.conn, staff_id)? {
            return Ok(s);
        }
        let tx = self.conn.transaction()?;
        if let Some(s) = current_shift(&tx, staff_id)? {
            return Ok(s);
        }
        let hall = hall_of(&tx, staff_id)?;
        tx.execute(
            "INSERT INTO shift(staff_id, started_at, node_id) VALUES (?1, ?2, ?3)",
            params![staff_id, fmt_time(now), hall],
        )?;
        let id = tx.last_insert_rowid();
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(staff_id),
                entity: "shift",
                entity_id: id,
                kind: "shift_start",
                ..Default::default()
            },
        )?;
        let s = current_shift(&tx, staff_id)?.ok_or(Error::NotFound {
            what: Field::Staff,
            query: staff_id.to_string(),
            closest: None,
        })?;
        tx.commit()?;
        Ok(s)
    }

    /// Ends the operator's shift with the handover note.
    pub fn end_shift(&mut self, staff_id: i64, note: &str) -> Result<()> {
        let note = super::optional_text(note, Field::Note)?;
        let note = note.as_str();
        let now = self.now();
        let tx = self.conn.transaction()?;
        let s = current_shift(&tx, staff_id)?.ok_or(Error::NoOpenShift)?;
        tx.execute(
            "UPDATE shift SET ended_at = ?1, note = ?2 WHERE id = ?3",
            params![fmt_time(now), note, s.id],
        )?;
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(staff_id),
                entity: "shift",
                entity_id: s.id,
                kind: "shift_end",
                note: Some(note),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The incoming staff accepts a handover (logged).
    pub fn accept_shift(&mut self, staff_id: i64, shift_id: i64) -> Result<()> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let n = tx.execute(
            "UPDATE shift SET accepted_by = ?1, accepted_at = ?2 WHERE id = ?3 AND accepted_by IS NULL AND ended_at IS NOT NULL",
            params![staff_id, fmt_time(now), shift_id],
        )?;
        if n == 0 {
            return Err(Error::Conflict);
        }
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(staff_id),
                entity: "shift",
                entity_id: shift_id,
                kind: "shift_accept",
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The OS login shared by several staff picked who sits at the counter:
    /// logged with that login, so the record says who worked under it.
    pub fn choose_operator(&mut self, staff_id: i64, os_login: &str) -> Result<Staff> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let s = staff::by_id(&tx, staff_id)?;
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(staff_id),
                entity: "staff",
                entity_id: staff_id,
                kind: "operator_chosen",
                note: Some(os_login),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(s)
    }
}
