//! The demo's year of community decisions, meetings and weekly reports,
//! made after the year's requests through the same store calls as the
//! screens: a leader for every building or group, matters of all 11 kinds
//! at every stage (some stopped by a failed vote, some taken up again), a
//! joint meeting each month in each community, 50–59 issues settled at
//! consultation meetings (in the district), and the leaders' weeks, most
//! confirmed at the week's end.

use super::hours::{DAY, HOUR, Hours};
use super::people::People;
use super::register::District;
use crate::domain::calendar::tz;
use crate::domain::lifecycle::Role;
use crate::store::matter::{NewMatter, Step, StepInput};
use crate::store::meeting::{MeetingKind, NewMeeting};
use crate::store::staff::NewStaff;
use crate::store::week::Week;
use crate::store::{Result, Store};
use chrono::{Datelike, Duration, NaiveDate};

const TITLES: [&str; 11] = [
    "老旧小区改造方案",
    "低保申请评议",
    "公租房分配名单",
    "困难家庭临时救助",
    "小区健身广场建设",
    "社区公益金使用",
    "集体门面房出租",
    "选聘物业服务企业",
    "加装电梯使用维修资金",
    "修订居民公约",
    "小区停车位规划",
];

const KINDS: [&str; 11] = [
    "demolition",
    "low_income",
    "housing",
    "hardship",
    "public_works",
    "public_funds",
    "collective",
    "property",
    "maintenance_fund",
    "convention",
    "other",
];

const ISSUES: [(&str, &str); 8] = [
    ("小区停车难", "划定夜间临时停车位，物业负责管理"),
    ("楼道堆放杂物", "物业限期清理，居民代表监督"),
    ("夜间广场舞噪音", "约定晚九点前结束，音量限制"),
    ("二次供水水压不足", "物业联系水务公司检修加压泵"),
    ("电动车飞线充电", "增设集中充电桩两处"),
    ("小区监控损坏", "业委会动用公共收益维修"),
    ("垃圾分类投放点设置", "调整投放点位置，远离住户窗口"),
    ("绿地被占用种菜", "清理后恢复绿化，张贴告示"),
];

/// What the demo made of decisions and reports.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Made {
    pub matters: usize,
    pub meetings: usize,
    pub issues: usize,
    pub confirmed: usize,
}

fn deliberation(day: NaiveDate, step: Step, expected: u32, fail: Option<bool>) -> StepInput {
    // fail: Some(true) no quorum, Some(false) no majority.
    let present = match fail {
        Some(true) => expected / 2,
        _ => expected * 3 / 4 + 1,
    };
    let votes = step.votes().then(|| match fail {
        Some(false) => (present / 2, present / 2, present % 2),
        _ => (present - 2, 1, 1),
    });
    StepInput {
        day: Some(day),
        meeting: step.zh().to_string(),
        present: Some(present.min(expected)),
        expected: Some(expected),
        votes,
        minutes: match step {
            Step::Decide => "表决通过，按方案实施，结果张榜公布".to_string(),
            _ => "同意提交下一程序".to_string(),
        },
        ..Default::default()
    }
}

fn expected_at(step: Step) -> u32 {
    match step {
        Step::Propose => 7,
        Step::Discuss => 11,
        Step::Review => 48,
        _ => 35,
    }
}

/// The decisions, meetings and weekly reports of the demo's year.
pub(super) fn live(
    store: &mut Store,
    d: &District,
    hours: &Hours,
    people: &mut People,
) -> Result<Made> {
    let mut made = Made::default();
    let rng_len = hours.len();
    // Leaders of the buildings and groups, set at the year's opening.
    store.set_now(Some(hours.at(HOUR)));
    let mut leaders = Vec::with_capacity(d.buildings.len());
    for (bi, &(bid, _, ci)) in d.buildings.iter().enumerate() {
        let sup = d.supervisors[ci];
        let male = people.rng.chance(0.5);
        let name = people.anyone(male);
        let id = store.add_staff(
            sup,
            &NewStaff {
                login: &format!("bldg{:03}", bi + 1),
                name: &name,
                role: Role::GridLeader,
                node_id: Some(d.communities[ci].0),
            },
        )?;
        store.set_building_leader(sup, bid, Some(id))?;
        leaders.push(id);
    }

    // Matters: every kind at every stage, three to a community at least.
    let n = (d.communities.len() * 3).max(22);
    for i in 0..n {
        let ci = i % d.communities.len();
        let sup = d.supervisors[ci];
        let k = i % 11;
        // 0..=5: that many steps carried; 6: done; 7: stopped by a vote;
        // 8: stopped, then a new round proposed.
        let target = (i / 11 + k) % 9;
        let steps_needed = match target {
            0..=6 => target.min(6),
            _ => 4,
        } as i64;
        let span = (steps_needed + 2) * 8 * DAY;
        let start = people.rng.range(0, (rng_len - span).max(1));
        store.set_now(Some(hours.at(start)));
        let id = store.add_matter(
            sup,
            &NewMatter {
                community: d.communities[ci].0,
                kind: KINDS[k],
                title: TITLES[k],
                requests: vec![],
            },
        )?;
        made.matters += 1;
        let mut pos = start;
        let carried = match target {
            0..=5 => target,
            6 => 6,
            _ => 1 + (i % 3),
        };
        let mut record = |store: &mut Store, pos: &mut i64, step: Step, fail: Option<bool>| {
            *pos += people.rng.range(2, 8) * DAY;
            let at = hours.at(*pos);
            store.set_now(Some(at));
            let day = at.with_timezone(&tz()).date_naive();
            let input = if step.deliberates() {
                deliberation(day, step, expected_at(step), fail)
            } else {
                StepInput {
                    day: Some(day),
                    posted_where: "社区公示栏".to_string(),
                    posted_days: Some(7),
                    minutes: if step == Step::PostOutcome {
                        "已按决议实施完毕".to_string()
                    } else {
                        String::new()
                    },
                    ..Default::default()
                }
            };
            store.record_step(sup, id, step, &input).map(|_| ())
        };
        for step in Step::ALL.into_iter().take(carried) {
            record(store, &mut pos, step, None)?;
        }
        if target >= 7 {
            let step = Step::ALL[carried];
            let step = if step.votes() || step == Step::Propose {
                step
            } else {
                Step::Decide
            };
            record(store, &mut pos, step, Some(i % 2 == 0))?;
            if target == 8 {
                pos += DAY;
                store.set_now(Some(hours.at(pos)));
                store.new_round(sup, id, "修改方案后重新提议")?;
                record(store, &mut pos, Step::Propose, None)?;
            }
        }
    }

    // Meetings: the joint meeting of each month in each community, on its
    // first working Tuesday or later; consultation meetings settle issues.
    let first_day = hours.at(0).with_timezone(&tz()).date_naive();
    let last_day = hours.at(rng_len).with_timezone(&tz()).date_naive();
    let mut month = first_day.with_day(1).unwrap_or(first_day);
    let issues_wanted = ((50 + people.rng.below(10) as usize) * d.communities.len()).div_ceil(55);
    let months: Vec<NaiveDate> = std::iter::from_fn(|| {
        let m = month;
        month = crate::store::meeting::next_month(m);
        (m <= last_day).then_some(m)
    })
    .collect();
    for &m in &months {
        for (ci, &(cid, _)) in d.communities.iter().enumerate() {
            let sup = d.supervisors[ci];
            let mut day = (m + Duration::days(people.rng.range(3, 12))).max(first_day);
            if day > last_day {
                day = last_day;
            }
            if day.month() != m.month() {
                continue;
            }
            store.set_now(Some(hours.at(pos_of(hours, day))));
            store.add_meeting(
                sup,
                &NewMeeting {
                    community: cid,
                    kind: MeetingKind::Joint,
                    day,
                    topic: &format!("{}月联席会议", m.month()),
                    chair: "社区党组织书记",
                    attendees: "驻区单位党组织负责人、物业公司、业委会、居民代表",
                },
            )?;
            made.meetings += 1;
        }
    }
    let mut j = 0;
    while made.issues < issues_wanted {
        let ci = j % d.communities.len();
        j += 1;
        let sup = d.supervisors[ci];
        let at = hours.at(people.rng.range(0, rng_len - DAY));
        store.set_now(Some(at));
        let mid = store.add_meeting(
            sup,
            &NewMeeting {
                community: d.communities[ci].0,
                kind: MeetingKind::Consultation,
                day: at.with_timezone(&tz()).date_naive(),
                topic: "协商议事会",
                chair: "社区居委会主任",
                attendees: "居委会、驻区单位、物业公司、业委会、居民代表",
            },
        )?;
        made.meetings += 1;
        let k = (1 + people.rng.below(3) as usize).min(issues_wanted - made.issues);
        for _ in 0..k {
            let (issue, decision) = ISSUES[made.issues % ISSUES.len()];
            store.settle_issue(sup, mid, issue, decision, None)?;
            made.issues += 1;
        }
    }

    // The weeks: each leader confirms most of theirs at the week's close.
    let mut w = Week::of(first_day);
    while w.sunday() <= last_day {
        let friday = w.monday() + Duration::days(4);
        let at = hours.at(pos_of(hours, friday.max(first_day)) + 8 * HOUR);
        store.set_now(Some(at));
        // Each leader confirms their own week, the week's confirmations
        // kept together (the screen's confirmation, in one transaction).
        let mine: Vec<(i64, i64)> = leaders
            .iter()
            .filter(|_| people.rng.chance(0.9))
            .map(|&l| (l, l))
            .collect();
        store.confirm_weeks(&mine, w)?;
        made.confirmed += mine.len();
        w = w.next();
    }
    Ok(made)
}

/// The position of the opening of the first working day on or after `day`
/// (the year's last close when none).
fn pos_of(hours: &Hours, day: NaiveDate) -> i64 {
    let mut lo = 0;
    let mut hi = hours.day_count() as i64;
    while lo < hi {
        let mid = (lo + hi) / 2;
        if hours.at(mid * DAY).with_timezone(&tz()).date_naive() < day {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    (lo * DAY).min(hours.len() - DAY)
}
