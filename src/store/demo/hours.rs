//! The counter's opening hours over the demo's year, as one line of
//! seconds: position 0 is the opening of the year's first working day, and
//! each working day (Monday to Friday and make-up days, never a holiday)
//! adds its 08:30–17:30. Everything the demo does is placed on this line,
//! so nothing happens at night, on a weekend or on a holiday.

use crate::domain::calendar::{Time, WorkCalendar, tz};
use chrono::{Datelike, Duration, NaiveDate, TimeZone};

/// The counter opens at 08:30 and closes at 17:30.
const OPEN: (u32, u32) = (8, 30);
/// Seconds of one working day's opening hours.
pub(super) const DAY: i64 = 9 * 3600;
pub(super) const HOUR: i64 = 3600;
pub(super) const MINUTE: i64 = 60;

pub(super) struct Hours {
    days: Vec<NaiveDate>,
}

impl Hours {
    /// The working days from 1 January of the as-of year to the as-of day.
    /// When none has come yet (1 January 2025, 1–3 January 2026 are
    /// holidays), the whole previous year; `None` if that has none either.
    pub fn of_year(cal: &WorkCalendar, as_of: NaiveDate) -> Option<Hours> {
        let working = |from: NaiveDate, to: NaiveDate| -> Vec<NaiveDate> {
            from.iter_days()
                .take_while(|d| *d <= to)
                .filter(|d| cal.is_working(*d))
                .collect()
        };
        let jan1 = NaiveDate::from_ymd_opt(as_of.year(), 1, 1)?;
        let mut days = working(jan1, as_of);
        if days.is_empty() {
            let prev = NaiveDate::from_ymd_opt(as_of.year() - 1, 1, 1)?;
            days = working(prev, jan1 - Duration::days(1));
        }
        (!days.is_empty()).then_some(Hours { days })
    }

    /// Seconds of opening hours in the year.
    pub fn len(&self) -> i64 {
        self.days.len() as i64 * DAY
    }

    pub fn day_count(&self) -> usize {
        self.days.len()
    }

    /// The time at a position; the end of the line is the last day's close.
    pub fn at(&self, pos: i64) -> Time {
        let pos = pos.clamp(0, self.len());
        let i = ((pos / DAY) as usize).min(self.days.len() - 1);
        let offset = pos - i as i64 * DAY;
        let open = self.days[i]
            .and_hms_opt(OPEN.0, OPEN.1, 0)
            .expect("valid opening time");
        tz().from_local_datetime(&open)
            .single()
            .expect("fixed offset")
            + Duration::seconds(offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::DayKind;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_line_skips_nights_weekends_and_holidays() {
        let cal = WorkCalendar::new([
            (d(2026, 1, 1), DayKind::Holiday),
            (d(2026, 1, 2), DayKind::Holiday),
            (d(2026, 1, 3), DayKind::Holiday),
            (d(2026, 1, 4), DayKind::Workday),
        ]);
        let h = Hours::of_year(&cal, d(2026, 1, 6)).unwrap();
        // Sunday 4th (make-up day), Monday 5th, Tuesday 6th.
        assert_eq!(h.day_count(), 3);
        assert_eq!(h.at(0).to_string(), "2026-01-04 08:30:00 +08:00");
        assert_eq!(h.at(DAY - 1).to_string(), "2026-01-04 17:29:59 +08:00");
        assert_eq!(h.at(DAY).to_string(), "2026-01-05 08:30:00 +08:00");
        assert_eq!(h.at(h.len()).to_string(), "2026-01-06 17:30:00 +08:00");
        // Nothing yet in the year: the previous year.
        let h = Hours::of_year(&cal, d(2026, 1, 2)).unwrap();
        assert_eq!(h.at(0).date_naive(), d(2025, 1, 1));
        assert_eq!(h.at(h.len()).date_naive(), d(2025, 12, 31));
    }
}
