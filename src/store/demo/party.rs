//! The demo's party members and volunteers, from the source report: 3,747
//! in-service party members reported to their communities and 3,218 took
//! part in activities; 3,700+ micro-wishes claimed; 256 projects claimed
//! by units (民生实事); 132 volunteer teams helped 1,550 families and
//! found work for 716 people; 80+ 金拐杖 pairs with empty-nest homes. At
//! other scales, in proportion. Everything through the same `Store` calls
//! as the screens and the command line, at opening hours.

use super::Sizes;
use super::hours::{DAY, HOUR, Hours, MINUTE};
use super::people::People;
use super::register::District;
use crate::store::claim::Claimant;
use crate::store::party::{NewActivity, NewMember};
use crate::store::team::{DIFFICULTY_TAGS, HelpKind, NewHelp};
use crate::store::{Result, Store, Time, parse_time};
use chrono::NaiveDate;
use std::collections::HashMap;

const UNITS: &[(&str, &str)] = &[
    ("区住建局", "区住建局机关党委"),
    ("区教育局", "区教育局党组"),
    ("区卫健委", "区卫健委机关党支部"),
    ("区城管局", "区城管局党组"),
    ("区民政局", "区民政局机关党支部"),
    ("区人社局", "区人社局机关党委"),
    ("区财政局", "区财政局党组"),
    ("区交通运输局", "区交通运输局党委"),
    ("区市场监管局", "区市场监管局党组"),
    ("区税务局", "区税务局党委"),
    ("区供电公司", "区供电公司党委"),
    ("区自来水公司", "区自来水公司党支部"),
    ("区人民医院", "区人民医院党委"),
    ("区第一中学", "区第一中学党总支"),
    ("区实验小学", "区实验小学党支部"),
    ("区农商银行", "区农商银行党委"),
    ("区法院", "区法院党组"),
    ("区检察院", "区检察院党组"),
    ("区公安分局", "区公安分局党委"),
    ("区文旅局", "区文旅局党支部"),
];

const ACTIVITIES: &[(&str, &str, f64)] = &[
    ("volunteer", "清理楼道杂物", 2.0),
    ("volunteer", "文明交通劝导", 2.0),
    ("theme_day", "主题党日：重温入党誓词", 2.0),
    ("meeting", "在职党员例会", 1.0),
    ("micro_wish", "微心愿集中认领", 1.5),
    ("help", "走访困难家庭", 2.0),
    ("opinion", "老旧小区改造意见征集", 1.5),
    ("volunteer", "垃圾分类宣传", 2.0),
];

const JOBS: &[&str] = &[
    "物业保洁员",
    "超市理货员",
    "小区保安",
    "快递分拣员",
    "餐馆帮厨",
    "家政服务员",
    "公益性岗位",
];

/// The figures at a scale: the source's times the scale's factor.
struct Counts {
    members: usize,
    active: usize,
    projects: usize,
    teams: usize,
    families: usize,
    jobs: usize,
    pairs: usize,
}

fn counts(sizes: &Sizes) -> Counts {
    let n = |x: f64| ((x * sizes.factor).round() as usize).max(1);
    Counts {
        members: n(3747.0),
        active: n(3218.0),
        projects: n(256.0),
        teams: n(132.0),
        families: n(1550.0),
        jobs: n(716.0),
        pairs: n(85.0),
    }
}

/// Day `i` of `n` spread over positions `[lo, hi)` of the year.
fn spread(i: usize, n: usize, lo: i64, hi: i64) -> i64 {
    lo + (hi - lo) * i as i64 / n.max(1) as i64
}

pub(super) fn live(
    store: &mut Store,
    d: &District,
    sizes: &Sizes,
    hours: &Hours,
    people: &mut People,
) -> Result<()> {
    let c = counts(sizes);
    let ncom = d.communities.len();
    let year = hours.len();
    let boss = d.supervisors[0];
    let day_of = |pos: i64| hours.at(pos).date_naive();
    // Units, registered at the year's opening.
    store.set_now(Some(hours.at(MINUTE)));
    let mut units = Vec::new();
    for (name, org) in UNITS {
        units.push(store.add_unit(boss, name, org)?);
    }
    // Members reported over the year's first third, community by community;
    // residents tagged 党员 first, then members living elsewhere.
    let mut residents: Vec<Vec<(i64, String, Option<String>)>> = vec![Vec::new(); ncom];
    {
        let hh: HashMap<i64, usize> = d
            .households
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (*id, d.community_of(i)))
            .collect();
        let rows = store.read(|c| {
            let mut st = c.prepare(
                "SELECT id, household_id, name, mobile FROM resident
                  WHERE tags LIKE '%党员%' AND voided_at IS NULL ORDER BY id",
            )?;
            let v = st
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(v)
        })?;
        for (id, h, name, mobile) in rows {
            if let Some(&ci) = hh.get(&h) {
                residents[ci].push((id, name, mobile));
            }
        }
    }
    let first_third = year / 3;
    let mut members: Vec<(i64, usize, Time)> = Vec::with_capacity(c.members);
    let mut taken = vec![0usize; ncom];
    for i in 0..c.members {
        let ci = i % ncom;
        let pos = spread(i, c.members, 0, first_third) + 10 * MINUTE;
        store.set_now(Some(hours.at(pos)));
        let (name, resident_id, phone) = match residents[ci].get(taken[ci]) {
            Some((id, name, mobile)) if people.rng.chance(0.5) => {
                taken[ci] += 1;
                (name.clone(), Some(*id), mobile.clone())
            }
            _ => {
                let male = people.rng.chance(0.55);
                (people.anyone(male), None, Some(people.mobile()))
            }
        };
        let (unit, _) = UNITS[people.rng.below(UNITS.len() as u64) as usize];
        let branch = format!("第{}党支部", ["一", "二", "三", "四"][i % 4]);
        let id = store.add_member(
            d.supervisors[ci],
            &NewMember {
                name,
                resident_id,
                workplace: Some(unit.to_string()),
                party_org: None,
                branch,
                community_id: d.communities[ci].0,
                reported_on: day_of(pos),
                phone,
            },
        )?;
        members.push((id, ci, hours.at(pos)));
    }
    // Activities over the rest of the year: each community's, about two a
    // month; the active members take part in one to four of their own
    // community's.
    let per_community = ((hours.day_count() as i64 * 2 / 3) / 10).max(4) as usize;
    let mut activities: Vec<Vec<(i64, Vec<i64>)>> = vec![Vec::new(); ncom];
    for (ci, list) in activities.iter_mut().enumerate() {
        for k in 0..per_community {
            let pos = spread(k, per_community, first_third + DAY, year - DAY)
                + 9 * HOUR / 2
                + (ci as i64 % 8) * MINUTE;
            store.set_now(Some(hours.at(pos)));
            let (kind, title, h) = ACTIVITIES[(k + ci) % ACTIVITIES.len()];
            let id = store.add_activity(
                d.supervisors[ci],
                &NewActivity {
                    day: day_of(pos),
                    community_id: d.communities[ci].0,
                    kind: kind.to_string(),
                    title: title.to_string(),
                    hours: h,
                },
            )?;
            list.push((id, Vec::new()));
        }
    }
    let mut order: Vec<usize> = (0..members.len()).collect();
    people.rng.shuffle(&mut order);
    for &i in order.iter().take(c.active) {
        let (id, ci, _) = members[i];
        let n = 1 + people.rng.below(4) as usize;
        let list = &mut activities[ci];
        for _ in 0..n {
            let k = people.rng.below(list.len() as u64) as usize;
            if !list[k].1.contains(&id) {
                list[k].1.push(id);
            }
        }
    }
    for (ci, list) in activities.iter().enumerate() {
        for (id, who) in list {
            if who.is_empty() {
                continue;
            }
            store.attend(d.supervisors[ci], *id, who)?;
        }
    }
    // Volunteer teams: one in each community first, then round again; a
    // member leads, three to eight members join.
    let mut teams: Vec<Vec<(i64, Time)>> = vec![Vec::new(); ncom];
    let by_community: Vec<Vec<i64>> = (0..ncom)
        .map(|ci| members.iter().filter(|m| m.1 == ci).map(|m| m.0).collect())
        .collect();
    for t in 0..c.teams {
        let ci = t % ncom;
        let pos = first_third + spread(t, c.teams, 0, DAY * 10) + 11 * HOUR / 2;
        store.set_now(Some(hours.at(pos)));
        let mine = &by_community[ci];
        let leader = mine[people.rng.below(mine.len() as u64) as usize];
        let leader_name = store.member(d.supervisors[ci], leader)?.name;
        let name = format!("{}第{}志愿服务队", d.communities[ci].1, teams[ci].len() + 1);
        let id = store.add_team(
            d.supervisors[ci],
            &name,
            d.communities[ci].0,
            &leader_name,
            Some(leader),
            day_of(pos),
        )?;
        store.join_team(d.supervisors[ci], id, Some(leader), None)?;
        let extra = 2 + people.rng.below(6) as usize;
        for _ in 0..extra {
            let m = mine[people.rng.below(mine.len() as u64) as usize];
            // A member drawn twice joins once.
            match store.join_team(d.supervisors[ci], id, Some(m), None) {
                Ok(_) | Err(crate::store::Error::Duplicate { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        teams[ci].push((id, hours.at(pos)));
    }
    // Families in difficulty, helped by a team of their community; the
    // first `jobs` of them found work (就业帮扶).
    let tagged = store.read(|c| {
        let mut st = c.prepare(
            "SELECT h.id, h.tags || ';' || coalesce((SELECT group_concat(r.tags, ';') FROM resident r
                     WHERE r.household_id = h.id AND r.voided_at IS NULL), '')
               FROM household h WHERE h.voided_at IS NULL ORDER BY h.id",
        )?;
        let v = st
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    })?;
    let index: HashMap<i64, usize> = d
        .households
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let mut poor: Vec<(i64, usize)> = Vec::new();
    let mut nests: Vec<i64> = Vec::new();
    for (id, tags) in &tagged {
        let t: Vec<&str> = tags.split(';').map(str::trim).collect();
        let Some(&i) = index.get(id) else { continue };
        if DIFFICULTY_TAGS.iter().any(|x| t.contains(x)) {
            poor.push((*id, d.community_of(i)));
        }
        if t.contains(&"空巢") {
            nests.push(*id);
        }
    }
    people.rng.shuffle(&mut poor);
    let kinds = [
        HelpKind::Living,
        HelpKind::Elderly,
        HelpKind::Study,
        HelpKind::Medical,
    ];
    let mut helped = 0;
    for (fi, (h, ci)) in poor.iter().enumerate() {
        if helped >= c.families {
            break;
        }
        if teams[*ci].is_empty() {
            continue;
        }
        let team = teams[*ci][fi % teams[*ci].len()].0;
        let n = 1 + people.rng.below(3) as usize;
        for k in 0..n {
            let pos = spread(helped, c.families, first_third + DAY * 12, year - DAY)
                + (k as i64) * DAY * 5
                + 14 * HOUR / 2;
            store.set_now(Some(hours.at(pos)));
            let (kind, job) = if k == 0 && helped < c.jobs {
                (
                    HelpKind::Employment,
                    Some(JOBS[people.rng.below(JOBS.len() as u64) as usize].to_string()),
                )
            } else {
                (kinds[people.rng.below(kinds.len() as u64) as usize], None)
            };
            store.record_help(
                d.supervisors[*ci],
                &NewHelp {
                    team_id: team,
                    household_id: *h,
                    day: day_of(pos),
                    kind,
                    hours: 2.0,
                    note: String::new(),
                    job,
                },
            )?;
        }
        helped += 1;
    }
    // 金拐杖 pairs: a member of the community and an empty-nest home,
    // visited every few weeks.
    people.rng.shuffle(&mut nests);
    for (pi, h) in nests.iter().take(c.pairs).enumerate() {
        let ci = d.community_of(index[h]);
        let mine = &by_community[ci];
        let helper = mine[people.rng.below(mine.len() as u64) as usize];
        let name = store.member(d.supervisors[ci], helper)?.name;
        let pos = first_third + spread(pi, c.pairs, 0, DAY * 20) + 15 * HOUR / 2;
        store.set_now(Some(hours.at(pos)));
        let p = store.add_pair(d.supervisors[ci], &name, Some(helper), *h, day_of(pos))?;
        let mut at = pos + DAY * 10;
        while at < year - DAY {
            store.set_now(Some(hours.at(at)));
            store.pair_visit(d.supervisors[ci], p, day_of(at), "上门探望")?;
            at += DAY * 15;
        }
    }
    claims(store, d, &c, &members, &teams, &units, people)?;
    Ok(())
}

/// Every micro-wish not cancelled is claimed, at its last event's time:
/// by a member of its community (seven in ten), a team or a unit;
/// `projects` repair matters are claimed by units, promising a date three
/// weeks on.
fn claims(
    store: &mut Store,
    d: &District,
    c: &Counts,
    members: &[(i64, usize, Time)],
    teams: &[Vec<(i64, Time)>],
    units: &[i64],
    people: &mut People,
) -> Result<()> {
    let community: HashMap<i64, usize> = d
        .communities
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let rows = store.read(|c| {
        let mut st = c.prepare(
            "WITH RECURSIVE up(start, id, parent_id, level) AS (
                 SELECT q.id, g.id, g.parent_id, g.level FROM request q JOIN grid_node g ON g.id = q.node_id
                  WHERE q.category_code IN ('micro_wish', 'repair') AND q.status <> 'cancelled'
                 UNION ALL SELECT up.start, g.id, g.parent_id, g.level FROM grid_node g JOIN up ON g.id = up.parent_id)
             SELECT q.id, q.category_code, (SELECT max(e.at) FROM event e WHERE e.request_id = q.id), up.id
               FROM request q JOIN up ON up.start = q.id AND up.level = 'community'
              ORDER BY q.registered_at, q.id",
        )?;
        let v = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    })?;
    // Each community's members in the order they reported.
    let mut by_community: Vec<Vec<(i64, Time)>> = vec![Vec::new(); d.communities.len()];
    for m in members {
        by_community[m.1].push((m.0, m.2));
    }
    let mut projects = 0;
    for (id, cat, at, node) in rows {
        let Some(&ci) = community.get(&node) else {
            continue;
        };
        let Some(t) = parse_time(&at) else { continue };
        // A claim is written after the request's last event, so each
        // request's history runs forward; a wish already delivered records
        // who fulfilled it.
        let when = t;
        store.set_now(Some(when));
        if cat == "repair" {
            if projects >= c.projects {
                continue;
            }
            let unit = units[people.rng.below(units.len() as u64) as usize];
            let promised: NaiveDate = when.date_naive() + chrono::Duration::days(21);
            store.claim(d.supervisors[ci], id, Claimant::Unit(unit), Some(promised))?;
            projects += 1;
            continue;
        }
        let roll = people.rng.below(10);
        // Only members reported and teams formed by then.
        let reported = &by_community[ci];
        let reported = &reported[..reported.partition_point(|m| m.1 <= when)];
        let formed: Vec<i64> = teams[ci]
            .iter()
            .filter(|t| t.1 <= when)
            .map(|t| t.0)
            .collect();
        let who = if roll < 7 && !reported.is_empty() {
            Claimant::Member(reported[people.rng.below(reported.len() as u64) as usize].0)
        } else if roll < 9 && !formed.is_empty() {
            Claimant::Team(formed[people.rng.below(formed.len() as u64) as usize])
        } else {
            Claimant::Unit(units[people.rng.below(units.len() as u64) as usize])
        };
        store.claim(d.supervisors[ci], id, who, None)?;
    }
    Ok(())
}
