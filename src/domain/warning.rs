//! Red and yellow warnings on open requests. Red: overdue, or no response
//! 24 h after registration. Yellow: due within one working day, or no
//! progress for 3 days, or a micro-wish no one has claimed for 10 working
//! days. A waiting request's clock is paused: no warning.

use super::calendar::{Time, WorkCalendar};
use super::lifecycle::Status;
use chrono::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Warning {
    None,
    /// Due within one working day.
    DueSoon,
    /// No progress for 3 days.
    Stale,
    /// Registered 24 h ago and still untouched.
    NoResponse,
    Overdue,
}

impl Warning {
    pub fn is_red(self) -> bool {
        matches!(self, Warning::Overdue | Warning::NoResponse)
    }
    pub fn is_yellow(self) -> bool {
        matches!(self, Warning::DueSoon | Warning::Stale)
    }
    /// A symbol, so the warning shows without colour too.
    pub fn symbol(self) -> &'static str {
        match self {
            Warning::None => " ",
            Warning::DueSoon | Warning::Stale => "!",
            Warning::NoResponse | Warning::Overdue => "‼",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Warning::None => "none",
            Warning::DueSoon => "due_soon",
            Warning::Stale => "stale",
            Warning::NoResponse => "no_response",
            Warning::Overdue => "overdue",
        }
    }
}

/// What the warning needs to know of a request.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub status: Status,
    pub registered_at: Time,
    pub due_at: Time,
    pub last_activity_at: Time,
    /// A micro-wish (微心愿) with no open claim.
    pub unclaimed_wish: bool,
}

/// A micro-wish unclaimed for this many working days is yellow.
pub const UNCLAIMED_WISH_WORKING_DAYS: i64 = 10;

pub fn warning(c: &Clock, now: Time, cal: &WorkCalendar) -> Warning {
    if !c.status.is_open() || c.status == Status::Waiting {
        return Warning::None;
    }
    if now > c.due_at {
        return Warning::Overdue;
    }
    // An unclaimed micro-wish waits for a claimant, not for a clerk: its
    // own clock is the 10 working days (due soon still shows).
    if c.unclaimed_wish && c.status == Status::Registered {
        if cal.working_seconds(now, c.due_at) <= 24 * 3600 {
            return Warning::DueSoon;
        }
        return if cal.working_seconds(c.registered_at, now)
            >= UNCLAIMED_WISH_WORKING_DAYS * working_day_seconds(cal, c.registered_at)
        {
            Warning::Stale
        } else {
            Warning::None
        };
    }
    if c.status == Status::Registered && now - c.registered_at >= Duration::hours(24) {
        return Warning::NoResponse;
    }
    if cal.working_seconds(now, c.due_at) <= 24 * 3600 {
        return Warning::DueSoon;
    }
    if now - c.last_activity_at >= Duration::days(3) {
        return Warning::Stale;
    }
    if c.unclaimed_wish
        && cal.working_seconds(c.registered_at, now)
            >= UNCLAIMED_WISH_WORKING_DAYS * working_day_seconds(cal, c.registered_at)
    {
        return Warning::Stale;
    }
    Warning::None
}

/// The length of one working day on the clock (the calendar counts the
/// working time between two instants).
fn working_day_seconds(cal: &WorkCalendar, at: Time) -> i64 {
    use chrono::TimeZone;
    let d = cal.next_working_on_or_after(at.date_naive());
    let Some(start) = super::calendar::tz()
        .from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
        .single()
    else {
        return 1;
    };
    cal.working_seconds(start, start + Duration::days(1)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::tz;
    use chrono::TimeZone;

    fn at(d: u32, h: u32) -> Time {
        tz().with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap()
    }

    fn clock(status: Status, reg: Time, due: Time, last: Time) -> Clock {
        Clock {
            status,
            registered_at: reg,
            due_at: due,
            last_activity_at: last,
            unclaimed_wish: false,
        }
    }

    #[test]
    fn overdue_is_red() {
        let c = clock(Status::InProgress, at(2, 9), at(9, 18), at(9, 10));
        let w = warning(&c, at(10, 9), &WorkCalendar::default());
        assert_eq!(w, Warning::Overdue);
        assert!(w.is_red());
    }

    #[test]
    fn untouched_for_a_day_is_red() {
        let c = clock(Status::Registered, at(2, 9), at(20, 18), at(2, 9));
        assert_eq!(
            warning(&c, at(3, 10), &WorkCalendar::default()),
            Warning::NoResponse
        );
        assert_eq!(
            warning(&c, at(2, 20), &WorkCalendar::default()),
            Warning::None
        );
    }

    #[test]
    fn due_within_a_working_day_is_yellow() {
        // Friday 10:00, due Monday 18:00: 14 h Friday + 18 h Monday > 24 h.
        let c = clock(Status::InProgress, at(20, 9), at(30, 18), at(27, 9));
        assert_eq!(
            warning(&c, at(27, 10), &WorkCalendar::default()),
            Warning::None
        );
        // Friday 20:00: 4 h + 18 h ≤ 24 h.
        assert_eq!(
            warning(&c, at(27, 20), &WorkCalendar::default()),
            Warning::DueSoon
        );
    }

    #[test]
    fn three_days_without_progress_is_yellow() {
        let c = clock(Status::Assigned, at(2, 9), at(30, 18), at(5, 9));
        assert_eq!(
            warning(&c, at(8, 10), &WorkCalendar::default()),
            Warning::Stale
        );
        assert!(Warning::Stale.is_yellow());
    }

    #[test]
    fn waiting_and_finished_requests_have_no_warning() {
        for s in [
            Status::Waiting,
            Status::Resolved,
            Status::Closed,
            Status::Cancelled,
        ] {
            let c = clock(s, at(2, 9), at(3, 18), at(2, 9));
            assert_eq!(
                warning(&c, at(20, 9), &WorkCalendar::default()),
                Warning::None,
                "{s}"
            );
        }
    }

    #[test]
    fn a_wish_unclaimed_for_ten_working_days_is_yellow() {
        // Registered Monday 2 November; touched the day before each look,
        // due in 60 days: the other rules stay quiet.
        let cal = WorkCalendar::default();
        let c = |unclaimed_wish, last: Time| Clock {
            status: Status::Assigned,
            registered_at: at(2, 9),
            due_at: at(2, 9) + Duration::days(60),
            last_activity_at: last,
            unclaimed_wish,
        };
        // Friday 13th: nine working days.
        assert_eq!(
            warning(&c(true, at(13, 8)), at(13, 10), &cal),
            Warning::None
        );
        // Monday 16th: ten.
        let w = warning(&c(true, at(16, 8)), at(16, 10), &cal);
        assert!(w.is_yellow(), "{w:?}");
        // Claimed (or not a wish): no warning.
        assert_eq!(
            warning(&c(false, at(16, 8)), at(16, 10), &cal),
            Warning::None
        );
        // Waiting: paused.
        let mut waiting = c(true, at(16, 8));
        waiting.status = Status::Waiting;
        assert_eq!(warning(&waiting, at(16, 10), &cal), Warning::None);
        // Registered and untouched: an unclaimed wish is not red after a
        // day nor yellow after three — it waits for a claim, ten working
        // days; a registered request of another kind is red after a day.
        let mut fresh = c(true, at(2, 9));
        fresh.status = Status::Registered;
        assert_eq!(warning(&fresh, at(6, 10), &cal), Warning::None);
        assert!(warning(&fresh, at(16, 10), &cal).is_yellow());
        fresh.unclaimed_wish = false;
        assert!(warning(&fresh, at(6, 10), &cal).is_red());
    }
}
