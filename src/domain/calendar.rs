//! The working-day clock: which days count, due times in working days, and
//! the pause while a request waits on the resident or a department.
//!
//! Times are China Standard Time (UTC+8, no daylight saving). Working days
//! are Monday to Friday unless the calendar says otherwise: a holiday
//! (节假日) removes a weekday, a make-up working day (调休上班) adds a weekend day.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Weekday};
use std::collections::HashMap;

pub type Time = DateTime<FixedOffset>;

/// The hall's time zone.
pub fn tz() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// Due times fall at the close of the working day.
pub const CLOSE: (u32, u32) = (18, 0);

/// Bound on day-by-day walks, so a calendar with no working days cannot hang.
const MAX_DAYS: i64 = 3660;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    Holiday,
    Workday,
}

impl DayKind {
    pub fn code(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }
    /// Accepts the codes and the words halls write in their calendars.
    pub fn parse(s: &str) -> Option<DayKind> {
        match s.trim().to_lowercase().as_str() {
            "holiday" | "假" | "休" | "节假日" | "放假" | "休息" => Some(DayKind::Holiday),
            "workday" | "班" | "上班" | "调休上班" | "补班" | "工作日" => {
                Some(DayKind::Workday)
            }
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    overrides: HashMap<NaiveDate, DayKind>,
}

impl WorkCalendar {
    pub fn new(overrides: impl IntoIterator<Item = (NaiveDate, DayKind)>) -> Self {
        WorkCalendar {
            overrides: overrides.into_iter().collect(),
        }
    }

    pub fn is_working(&self, d: NaiveDate) -> bool {
        match self.overrides.get(&d) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    fn close_of(&self, d: NaiveDate) -> Time {
        let t = NaiveTime::from_hms_opt(CLOSE.0, CLOSE.1, 0).expect("valid close time");
        tz().from_local_datetime(&d.and_time(t))
            .single()
            .expect("fixed offsets are unambiguous")
    }

    /// The next working day on or after `d`.
    pub fn next_working_on_or_after(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d;
        for _ in 0..MAX_DAYS {
            if self.is_working(day) {
                return day;
            }
            day = day.succ_opt().unwrap_or(day);
        }
        d
    }

    /// Due time for a limit of `days` working days from `start`: 0 means the
    /// close of the same working day (即办件); N means the close of the Nth
    /// working day after it. A start after closing or on a day off counts
    /// from the next working day.
    pub fn due(&self, start: Time, days: u32) -> Time {
        let local = start.with_timezone(&tz());
        let mut day = local.date_naive();
        if !self.is_working(day) || local > self.close_of(day) {
            day = self.next_working_on_or_after(day.succ_opt().unwrap_or(day));
        }
        let mut left = days;
        let mut steps = 0;
        while left > 0 && steps < MAX_DAYS {
            day = day.succ_opt().unwrap_or(day);
            if self.is_working(day) {
                left -= 1;
            }
            steps += 1;
        }
        self.close_of(day)
    }

    /// Seconds of working days (whole days, midnight to midnight) between
    /// `a` and `b`; 0 when `b <= a`.
    pub fn working_seconds(&self, a: Time, b: Time) -> i64 {
        if b <= a {
            return 0;
        }
        let (a, b) = (a.with_timezone(&tz()), b.with_timezone(&tz()));
        let mut total = 0;
        let mut day = a.date_naive();
        let last = b.date_naive();
        let mut steps = 0;
        while day <= last && steps < MAX_DAYS {
            if self.is_working(day) {
                let start = tz()
                    .from_local_datetime(&day.and_time(NaiveTime::MIN))
                    .single()
                    .expect("fixed offset");
                let end = start + Duration::days(1);
                let s = start.max(a);
                let e = end.min(b);
                if e > s {
                    total += (e - s).num_seconds();
                }
            }
            day = day.succ_opt().unwrap_or(day);
            steps += 1;
        }
        total
    }

    /// The time reached after `secs` seconds of working days from `t`.
    pub fn add_working_seconds(&self, t: Time, secs: i64) -> Time {
        let mut t = t.with_timezone(&tz());
        let mut left = secs;
        let mut steps = 0;
        while left > 0 && steps < MAX_DAYS {
            let day = t.date_naive();
            let next_midnight = tz()
                .from_local_datetime(&day.succ_opt().unwrap_or(day).and_time(NaiveTime::MIN))
                .single()
                .expect("fixed offset");
            if self.is_working(day) {
                let avail = (next_midnight - t).num_seconds();
                if left <= avail {
                    return t + Duration::seconds(left);
                }
                left -= avail;
            }
            t = next_midnight;
            steps += 1;
        }
        t
    }

    /// The due time after a wait from `paused` to `resumed`: the working time
    /// that was left at the pause is counted again from the resumption. A
    /// request already overdue at the pause stays overdue by the same amount.
    pub fn resume_due(&self, due: Time, paused: Time, resumed: Time) -> Time {
        if due > paused {
            let left = self.working_seconds(paused, due);
            self.add_working_seconds(resumed, left)
        } else {
            resumed - (paused - due)
        }
    }
}

/// Parses `YYYY-MM-DD`, also with `/` or `.` separators and full-width digits.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = super::text::normalize(s)
        .replace(['/', '.', '年', '月'], "-")
        .replace('日', "");
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn at(y: i32, m: u32, day: u32, h: u32, min: u32) -> Time {
        tz().with_ymd_and_hms(y, m, day, h, min, 0).unwrap()
    }

    #[test]
    fn weekends_and_overrides() {
        let cal = WorkCalendar::new([
            (d(2026, 10, 1), DayKind::Holiday),
            (d(2026, 10, 10), DayKind::Workday),
        ]);
        assert!(cal.is_working(d(2026, 11, 27))); // Friday
        assert!(!cal.is_working(d(2026, 11, 28))); // Saturday
        assert!(!cal.is_working(d(2026, 10, 1))); // Thursday, holiday
        assert!(cal.is_working(d(2026, 10, 10))); // Saturday, make-up day
    }

    #[test]
    fn same_day_items_are_due_at_close() {
        let cal = WorkCalendar::default();
        assert_eq!(cal.due(at(2026, 11, 27, 9, 30), 0), at(2026, 11, 27, 18, 0));
        // After closing on Friday: the next working day, Monday.
        assert_eq!(cal.due(at(2026, 11, 27, 19, 0), 0), at(2026, 11, 30, 18, 0));
        // Registered on Saturday.
        assert_eq!(cal.due(at(2026, 11, 28, 10, 0), 0), at(2026, 11, 30, 18, 0));
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let cal = WorkCalendar::default();
        // Friday + 1 working day = Monday.
        assert_eq!(cal.due(at(2026, 11, 27, 10, 0), 1), at(2026, 11, 30, 18, 0));
        // Monday + 5 = next Monday.
        assert_eq!(cal.due(at(2026, 11, 30, 10, 0), 5), at(2026, 12, 7, 18, 0));
        let cal = WorkCalendar::new([
            (d(2026, 12, 1), DayKind::Holiday),
            (d(2026, 12, 5), DayKind::Workday),
        ]);
        // Monday + 4 with Tuesday off and Saturday on = Saturday.
        assert_eq!(cal.due(at(2026, 11, 30, 10, 0), 4), at(2026, 12, 5, 18, 0));
        assert_eq!(
            WorkCalendar::default().due(at(2026, 11, 30, 10, 0), 4),
            at(2026, 12, 4, 18, 0)
        );
        // 15 working days, the correction limit.
        let cal = WorkCalendar::default();
        assert_eq!(
            cal.due(at(2026, 11, 27, 10, 0), 15),
            at(2026, 12, 18, 18, 0)
        );
    }

    #[test]
    fn working_seconds_ignore_days_off() {
        let cal = WorkCalendar::default();
        // Friday 12:00 to Monday 12:00: 12 h Friday + 12 h Monday.
        assert_eq!(
            cal.working_seconds(at(2026, 11, 27, 12, 0), at(2026, 11, 30, 12, 0)),
            24 * 3600
        );
        assert_eq!(
            cal.working_seconds(at(2026, 11, 30, 12, 0), at(2026, 11, 27, 12, 0)),
            0
        );
    }

    #[test]
    fn waiting_pauses_the_clock() {
        let cal = WorkCalendar::default();
        let due = at(2026, 11, 27, 18, 0); // Friday close
        // Paused Friday 10:00 with 8 h left; resumed Tuesday 09:00 → due Tuesday 17:00.
        let new_due = cal.resume_due(due, at(2026, 11, 27, 10, 0), at(2026, 12, 1, 9, 0));
        assert_eq!(new_due, at(2026, 12, 1, 17, 0));
        // Paused an hour after it was due: still an hour overdue on resumption.
        let new_due = cal.resume_due(due, at(2026, 11, 27, 19, 0), at(2026, 12, 1, 9, 0));
        assert_eq!(new_due, at(2026, 12, 1, 8, 0));
    }

    #[test]
    fn a_calendar_without_working_days_does_not_hang() {
        let all_off = (0..4000).map(|i| (d(2026, 1, 1) + Duration::days(i), DayKind::Holiday));
        let cal = WorkCalendar::new(all_off);
        let _ = cal.due(at(2026, 11, 27, 10, 0), 5);
        let _ = cal.add_working_seconds(at(2026, 11, 27, 10, 0), 100);
    }

    #[test]
    fn dates_in_several_spellings() {
        assert_eq!(parse_date("2026-10-01"), Some(d(2026, 10, 1)));
        assert_eq!(parse_date("2026/10/1"), Some(d(2026, 10, 1)));
        assert_eq!(parse_date("2026年10月1日"), Some(d(2026, 10, 1)));
        assert_eq!(parse_date("２０２６-１０-０１"), Some(d(2026, 10, 1)));
        assert_eq!(parse_date("2026-02-30"), None);
    }
}
