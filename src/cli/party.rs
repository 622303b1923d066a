//! Party members and volunteers from the command line: `griddesk member`,
//! `activity`, `claim`, `team`, `points`, `letter` and `unit`. Every
//! check (who may see a member, who may edit points) is in the store;
//! every change an event with the operator.

use super::{CliResult, Ctx, Failure};
use crate::domain::calendar::parse_date;
use crate::i18n::Lang;
use crate::store::claim::Claimant;
use crate::store::party::{Letter, Member, MemberEdit, MemberFilter, NewActivity, NewMember};
use crate::store::team::{HelpKind, NewHelp};
use crate::store::{self, Error, Field, Store};
use chrono::NaiveDate;
use unicode_width::UnicodeWidthStr;

/// A date flag: `--date 2026-11-27` (also 2026/11/27, 2026年11月27日).
pub fn date_arg(
    flag: &str,
    s: Option<&str>,
    default: NaiveDate,
    l: Lang,
) -> Result<NaiveDate, Failure> {
    match s {
        None => Ok(default),
        Some(s) => parse_date(s).ok_or_else(|| {
            Failure::usage(match l {
                Lang::Zh => format!("{flag} {s}：日期应为 YYYY-MM-DD，如 2026-11-27"),
                Lang::En => format!("{flag} {s}: a date is YYYY-MM-DD, e.g. 2026-11-27"),
            })
        }),
    }
}

fn hours_arg(s: &str, l: Lang) -> Result<f64, Failure> {
    let t = crate::domain::text::normalize(s);
    match t.trim().parse::<f64>() {
        Ok(h) if h.is_finite() && (0.0..=24.0).contains(&h) => Ok(h),
        _ => Err(Failure::usage(match l {
            Lang::Zh => format!("--hours {s}：时长应为 0 到 24 之间的小时数，如 2 或 1.5"),
            Lang::En => format!("--hours {s}: hours are a number from 0 to 24, e.g. 2 or 1.5"),
        })),
    }
}

fn community(ctx: &Ctx, store: &Store, typed: &str) -> Result<i64, Failure> {
    let n = store
        .read(|c| {
            let n = store::grid::resolve(c, typed)?;
            store::party::check_community(c, n.id)?;
            Ok(n)
        })
        .map_err(|e| ctx.fail(e))?;
    Ok(n.id)
}

fn resident(ctx: &Ctx, store: &Store, id_number: &str) -> Result<i64, Failure> {
    let today = store.now().date_naive();
    let id = crate::domain::ident::parse_resident_id(id_number, today)
        .map_err(|e| ctx.fail(Error::BadId(e)))?;
    store
        .read(|c| store::household::resident_by_id_number(c, &id.number))
        .map_err(|e| ctx.fail(e))?
        .map(|r| r.id)
        .ok_or_else(|| {
            ctx.fail(Error::NotFound {
                what: Field::Resident,
                query: crate::domain::ident::mask_id(&id.number),
                closest: None,
            })
        })
}

fn json_out(v: &serde_json::Value) -> CliResult {
    println!(
        "{}",
        serde_json::to_string_pretty(v).map_err(|e| Failure::runtime(e.to_string()))?
    );
    Ok(())
}

fn member_json(m: &Member, phone: Option<&str>) -> serde_json::Value {
    serde_json::json!({"id": m.id, "name": m.name, "workplace": m.workplace, "party_org": m.party_org,
        "branch": m.branch, "community": m.community, "reported_on": m.reported_on.to_string(),
        "phone": phone.map(str::to_string).unwrap_or_else(|| m.masked_phone()),
        "left_on": m.left_on.map(|d| d.to_string()), "left_reason": m.left_reason,
        "resident": m.resident_id.is_some()})
}

/// What `member add` takes.
pub struct MemberArgs<'a> {
    pub name: &'a str,
    pub community: &'a str,
    pub workplace: Option<&'a str>,
    pub party_org: Option<&'a str>,
    pub branch: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub reported: Option<&'a str>,
    pub resident: Option<&'a str>,
}

/// `griddesk member add NAME --community C [--workplace W] …`
pub fn member_add(ctx: &Ctx, a: &MemberArgs<'_>) -> CliResult {
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let today = store.now().date_naive();
    let reported_on = date_arg("--reported", a.reported, today, ctx.lang)?;
    let community_id = community(ctx, &store, a.community)?;
    let resident_id = a.resident.map(|r| resident(ctx, &store, r)).transpose()?;
    let id = store
        .add_member(
            op.id,
            &NewMember {
                name: a.name.to_string(),
                resident_id,
                workplace: a.workplace.map(str::to_string),
                party_org: a.party_org.map(str::to_string),
                branch: a.branch.unwrap_or_default().to_string(),
                community_id,
                reported_on,
                phone: a.phone.map(str::to_string),
            },
        )
        .map_err(|e| ctx.fail(e))?;
    println!("#{id}\t{}", a.name.trim());
    store.close();
    Ok(())
}

/// What `member edit` changes.
pub struct EditArgs<'a> {
    pub member: &'a str,
    pub name: Option<&'a str>,
    pub community: Option<&'a str>,
    pub workplace: Option<&'a str>,
    pub party_org: Option<&'a str>,
    pub branch: Option<&'a str>,
    pub phone: Option<&'a str>,
}

/// `griddesk member edit MEMBER [--name …] [--workplace …] …`
pub fn member_edit(ctx: &Ctx, a: &EditArgs<'_>) -> CliResult {
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let m = store
        .find_member(op.id, a.member)
        .map_err(|e| ctx.fail(e))?;
    let community_id = a.community.map(|c| community(ctx, &store, c)).transpose()?;
    let e = MemberEdit {
        name: a.name.map(str::to_string),
        workplace: a.workplace.map(str::to_string),
        party_org: a.party_org.map(str::to_string),
        branch: a.branch.map(str::to_string),
        community_id,
        phone: a.phone.map(|p| Some(p.to_string())),
        resident_id: None,
    };
    let after = store
        .edit_member(op.id, m.id, &e)
        .map_err(|e| ctx.fail(e))?;
    println!("#{}\t{}", after.id, after.name);
    store.close();
    Ok(())
}

/// `griddesk member leave MEMBER --reason R [--date D]`
pub fn member_leave(ctx: &Ctx, member: &str, date: Option<&str>, reason: &str) -> CliResult {
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let today = store.now().date_naive();
    let day = date_arg("--date", date, today, ctx.lang)?;
    let m = store.find_member(op.id, member).map_err(|e| ctx.fail(e))?;
    store
        .member_leaves(op.id, m.id, day, reason)
        .map_err(|e| ctx.fail(e))?;
    println!("#{}\t{}\t{day}", m.id, m.name);
    store.close();
    Ok(())
}

/// `griddesk member show MEMBER [--reveal] [--json]`
pub fn member_show(ctx: &Ctx, member: &str, reveal: bool, json: bool) -> CliResult {
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let m = store.find_member(op.id, member).map_err(|e| ctx.fail(e))?;
    let phone = if reveal {
        store
            .reveal_member_phone(op.id, m.id)
            .map_err(|e| ctx.fail(e))?
    } else {
        None
    };
    let (_, points) = store.points(op.id, m.id).map_err(|e| ctx.fail(e))?;
    let l = ctx.lang;
    if json {
        let mut v = member_json(&m, phone.as_deref());
        v["points"] = points.into();
        return json_out(&v);
    }
    let row = |k: &str, v: &str| println!("{}\t{v}", k);
    row(l.pick("姓名", "name"), &m.name);
    row(l.pick("社区", "community"), &m.community);
    row(
        l.pick("工作单位", "workplace"),
        m.workplace.as_deref().unwrap_or("-"),
    );
    row(
        l.pick("单位党组织", "party organisation"),
        m.party_org
            .as_deref()
            .filter(|s| !s.is_empty())
            .unwrap_or("-"),
    );
    row(
        l.pick("党支部", "branch"),
        if m.branch.is_empty() { "-" } else { &m.branch },
    );
    row(
        l.pick("报到日期", "reported on"),
        &m.reported_on.to_string(),
    );
    row(
        l.pick("电话", "phone"),
        &phone.unwrap_or_else(|| m.masked_phone()),
    );
    row(l.pick("积分", "points"), &points.to_string());
    if let Some(d) = m.left_on {
        row(
            l.pick("已离开", "left"),
            &format!("{d} {}", m.left_reason.as_deref().unwrap_or("")),
        );
    }
    store.close();
    Ok(())
}

/// What `member list` filters by.
pub struct ListArgs<'a> {
    pub community: Option<&'a str>,
    pub workplace: Option<&'a str>,
    pub active: Option<bool>,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub all: bool,
    pub json: bool,
}

/// `griddesk member list [--community C] [--workplace W] [--active|--inactive]`
pub fn member_list(ctx: &Ctx, a: &ListArgs<'_>) -> CliResult {
    let store = ctx.open_read()?;
    let op = ctx.operator(&store)?;
    let l = ctx.lang;
    let today = store.now().date_naive();
    let to = date_arg("--to", a.to, today, l)?;
    let jan1 = NaiveDate::from_ymd_opt(chrono::Datelike::year(&to), 1, 1).unwrap_or(to);
    let from = date_arg("--from", a.from, jan1, l)?;
    if from > to {
        return Err(Failure::usage(format!("--from {from} > --to {to}")));
    }
    let community_id = a.community.map(|c| community(ctx, &store, c)).transpose()?;
    let rows = store
        .members(
            op.id,
            &MemberFilter {
                community_id,
                workplace: a.workplace.map(str::to_string),
                active: a.active,
                period: Some((from, to)),
                all: a.all,
            },
        )
        .map_err(|e| ctx.fail(e))?;
    if a.json {
        let v: Vec<_> = rows
            .iter()
            .map(|x| {
                let mut j = member_json(&x.member, None);
                j["activities"] = x.activities.into();
                j
            })
            .collect();
        return json_out(&serde_json::Value::Array(v));
    }
    println!(
        "{}",
        l.pick(
            "编号\t姓名\t社区\t工作单位\t电话\t活动次数",
            "id\tname\tcommunity\tworkplace\tphone\tactivities"
        )
    );
    for x in &rows {
        let m = &x.member;
        println!(
            "#{}\t{}\t{}\t{}\t{}\t{}{}",
            m.id,
            m.name,
            m.community,
            m.workplace.as_deref().unwrap_or("-"),
            m.masked_phone(),
            x.activities,
            if m.left_on.is_some() {
                l.pick("\t（已离开）", "\t(left)")
            } else {
                ""
            }
        );
    }
    eprintln!(
        "{}",
        match l {
            Lang::Zh => format!(
                "共 {} 名党员（{from} 至 {to} 参加活动次数在末列）",
                rows.len()
            ),
            Lang::En => format!(
                "{} (the last column: activities from {from} to {to})",
                crate::i18n::count(rows.len() as u64, "member", "members")
            ),
        }
    );
    Ok(())
}

/// `griddesk activity add --community C --kind K --title T --hours H [--date D]`
pub fn activity_add(
    ctx: &Ctx,
    community_typed: &str,
    kind: &str,
    title: &str,
    hours: &str,
    date: Option<&str>,
) -> CliResult {
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let today = store.now().date_naive();
    let day = date_arg("--date", date, today, ctx.lang)?;
    let hours = hours_arg(hours, ctx.lang)?;
    let community_id = community(ctx, &store, community_typed)?;
    let id = store
        .add_activity(
            op.id,
            &NewActivity {
                day,
                community_id,
                kind: kind.to_string(),
                title: title.to_string(),
                hours,
            },
        )
        .map_err(|e| ctx.fail(e))?;
    println!("{id}");
    store.close();
    Ok(())
}

/// `griddesk activity attend ID --member NAME [--member NAME …]`: all or
/// nothing.
pub fn activity_attend(ctx: &Ctx, activity: i64, members: &[String]) -> CliResult {
    if members.is_empty() {
        return Err(ctx.fail(Error::Empty(Field::Member)));
    }
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let mut ids = Vec::with_capacity(members.len());
    for m in members {
        ids.push(store.find_member(op.id, m).map_err(|e| ctx.fail(e))?.id);
    }
    let n = store
        .attend(op.id, activity, &ids)
        .map_err(|e| ctx.fail(e))?;
    println!("{n}");
    store.close();
    Ok(())
}

/// What `claim` does.
pub struct ClaimArgs<'a> {
    pub ticket: &'a str,
    pub member: Option<&'a str>,
    pub team: Option<&'a str>,
    pub unit: Option<&'a str>,
    pub promised: Option<&'a str>,
    pub withdraw: Option<&'a str>,
    pub delivered: Option<&'a str>,
    pub thanks: Option<&'a str>,
}

/// `griddesk claim TICKET --member|--team|--unit NAME [--promised D]`,
/// or `--withdraw REASON`, `--delivered RESULT`, `--thanks TEXT`.
pub fn claim(ctx: &Ctx, a: &ClaimArgs<'_>) -> CliResult {
    let l = ctx.lang;
    let chosen = [
        a.member.is_some(),
        a.team.is_some(),
        a.unit.is_some(),
        a.withdraw.is_some(),
        a.delivered.is_some(),
        a.thanks.is_some(),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    if chosen != 1 {
        return Err(Failure::usage(l.pick(
            "claim：请且只请给出一项：--member、--team、--unit、--withdraw、--delivered 或 --thanks",
            "claim: give exactly one of --member, --team, --unit, --withdraw, --delivered, --thanks",
        )));
    }
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let r = store.request_by_ticket(a.ticket).map_err(|e| ctx.fail(e))?;
    let promised = match a.promised {
        Some(p) => Some(date_arg(
            "--promised",
            Some(p),
            r.registered_at.date_naive(),
            l,
        )?),
        None => None,
    };
    let who = if let Some(m) = a.member {
        Some(Claimant::Member(
            store.find_member(op.id, m).map_err(|e| ctx.fail(e))?.id,
        ))
    } else if let Some(t) = a.team {
        Some(Claimant::Team(
            store
                .read(|c| store::team::find_team(c, t))
                .map_err(|e| ctx.fail(e))?
                .id,
        ))
    } else if let Some(u) = a.unit {
        Some(Claimant::Unit(
            store
                .read(|c| store::party::find_unit(c, u))
                .map_err(|e| ctx.fail(e))?
                .id,
        ))
    } else {
        None
    };
    if let Some(who) = who {
        store
            .claim(op.id, r.id, who, promised)
            .map_err(|e| ctx.fail(e))?;
    } else if let Some(reason) = a.withdraw {
        store
            .withdraw_claim(op.id, r.id, reason)
            .map_err(|e| ctx.fail(e))?;
    } else if let Some(result) = a.delivered {
        store
            .deliver(op.id, r.id, result)
            .map_err(|e| ctx.fail(e))?;
    } else if let Some(t) = a.thanks {
        store.thank(op.id, r.id, t).map_err(|e| ctx.fail(e))?;
    }
    let now = store.request(r.id).map_err(|e| ctx.fail(e))?;
    let c = store
        .read(|c| store::claim::open_claim(c, r.id))
        .map_err(|e| ctx.fail(e))?;
    println!(
        "{}\t{}\t{}",
        now.ticket,
        crate::i18n::status(now.status, l),
        c.map(|c| c.by).unwrap_or_else(|| "-".into())
    );
    store.close();
    Ok(())
}

/// `griddesk team add NAME --community C --leader NAME`
pub fn team_add(ctx: &Ctx, name: &str, community_typed: &str, leader: &str) -> CliResult {
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let community_id = community(ctx, &store, community_typed)?;
    // The leader is a member when one by that name is seen; else anyone.
    let leader_member = store.find_member(op.id, leader).ok().map(|m| m.id);
    let today = store.now().date_naive();
    let id = store
        .add_team(op.id, name, community_id, leader, leader_member, today)
        .map_err(|e| ctx.fail(e))?;
    println!("{id}\t{}", name.trim());
    store.close();
    Ok(())
}

/// `griddesk team join TEAM --member NAME | --resident ID`
pub fn team_join(
    ctx: &Ctx,
    team: &str,
    member: Option<&str>,
    resident_id: Option<&str>,
) -> CliResult {
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let t = store
        .read(|c| store::team::find_team(c, team))
        .map_err(|e| ctx.fail(e))?;
    let (m, r) = match (member, resident_id) {
        (Some(m), None) => (
            Some(store.find_member(op.id, m).map_err(|e| ctx.fail(e))?.id),
            None,
        ),
        (None, Some(r)) => (None, Some(resident(ctx, &store, r)?)),
        _ => {
            return Err(Failure::usage(ctx.lang.pick(
                "team join：请给出 --member 或 --resident 之一",
                "team join: give one of --member, --resident",
            )));
        }
    };
    store
        .join_team(op.id, t.id, m, r)
        .map_err(|e| ctx.fail(e))?;
    println!("{}", t.name);
    store.close();
    Ok(())
}

/// What `team help` records.
pub struct HelpArgs<'a> {
    pub team: &'a str,
    pub household: &'a str,
    pub kind: &'a str,
    pub hours: &'a str,
    pub note: &'a str,
    pub job: Option<&'a str>,
    pub date: Option<&'a str>,
}

/// `griddesk team help TEAM --household ADDR --kind K --hours H [--job J]`
pub fn team_help(ctx: &Ctx, a: &HelpArgs<'_>) -> CliResult {
    let l = ctx.lang;
    let kind = HelpKind::parse(a.kind).ok_or_else(|| {
        Failure::usage(match l {
            Lang::Zh => format!(
                "--kind {}：应为 living（生活帮扶）、employment（就业帮扶）、elderly（助老）、study（助学）或 medical（医疗）",
                a.kind
            ),
            Lang::En => format!(
                "--kind {}: one of living, employment, elderly, study, medical",
                a.kind
            ),
        })
    })?;
    let hours = hours_arg(a.hours, l)?;
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let today = store.now().date_naive();
    let day = date_arg("--date", a.date, today, l)?;
    let t = store
        .read(|c| store::team::find_team(c, a.team))
        .map_err(|e| ctx.fail(e))?;
    let h = super::register::resolve_household(&store, a.household).map_err(|e| ctx.fail(e))?;
    let id = store
        .record_help(
            op.id,
            &NewHelp {
                team_id: t.id,
                household_id: h.id,
                day,
                kind,
                hours,
                note: a.note.to_string(),
                job: a.job.map(str::to_string),
            },
        )
        .map_err(|e| ctx.fail(e))?;
    println!("{id}\t{}\t{}", t.name, h.label());
    store.close();
    Ok(())
}

/// `griddesk team pair --helper NAME --household ADDR [--date D]` (金拐杖)
pub fn team_pair(ctx: &Ctx, helper: &str, household: &str, date: Option<&str>) -> CliResult {
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let today = store.now().date_naive();
    let day = date_arg("--date", date, today, ctx.lang)?;
    let h = super::register::resolve_household(&store, household).map_err(|e| ctx.fail(e))?;
    let member = store.find_member(op.id, helper).ok().map(|m| m.id);
    let id = store
        .add_pair(op.id, helper, member, h.id, day)
        .map_err(|e| ctx.fail(e))?;
    println!("{id}\t{}\t{}", helper.trim(), h.label());
    store.close();
    Ok(())
}

/// `griddesk team visit PAIR [--date D] [--note N]`
pub fn team_visit(ctx: &Ctx, pair: i64, date: Option<&str>, note: &str) -> CliResult {
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let today = store.now().date_naive();
    let day = date_arg("--date", date, today, ctx.lang)?;
    let id = store
        .pair_visit(op.id, pair, day, note)
        .map_err(|e| ctx.fail(e))?;
    println!("{id}");
    store.close();
    Ok(())
}

/// `griddesk unit add NAME [--party-org ORG]`
pub fn unit_add(ctx: &Ctx, name: &str, party_org: &str) -> CliResult {
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let id = store
        .add_unit(op.id, name, party_org)
        .map_err(|e| ctx.fail(e))?;
    println!("{id}\t{}", name.trim());
    store.close();
    Ok(())
}

/// What `points` does.
pub struct PointsArgs<'a> {
    pub member: Option<&'a str>,
    pub kinds: bool,
    pub set: Option<&'a str>,
    pub correct: Option<i64>,
    pub reason: Option<&'a str>,
    pub of: Option<i64>,
    pub json: bool,
}

/// `griddesk points MEMBER` (the ledger), `points MEMBER --correct N
/// --reason R`, `points --kinds`, `points --set KIND=N` (supervisors).
pub fn points(ctx: &Ctx, a: &PointsArgs<'_>) -> CliResult {
    let l = ctx.lang;
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    if let Some(s) = a.set {
        let (k, n) = s
            .split_once('=')
            .and_then(|(k, n)| Some((k, n.trim().parse::<i64>().ok()?)))
            .ok_or_else(|| Failure::usage(format!("--set {s}: KIND=N, e.g. volunteer=3")))?;
        store.set_points(op.id, k, n).map_err(|e| ctx.fail(e))?;
    }
    if a.kinds || a.set.is_some() {
        for k in store
            .read(store::party::points_kinds)
            .map_err(|e| ctx.fail(e))?
        {
            println!(
                "{}\t{}\t{}",
                k.kind,
                l.pick(&k.name_zh, &k.name_en),
                k.points
            );
        }
        store.close();
        return Ok(());
    }
    let Some(member) = a.member else {
        return Err(ctx.fail(Error::Empty(Field::Member)));
    };
    let m = store.find_member(op.id, member).map_err(|e| ctx.fail(e))?;
    if let Some(n) = a.correct {
        let Some(reason) = a.reason else {
            return Err(ctx.fail(Error::Empty(Field::Reason)));
        };
        store
            .correct_points(op.id, m.id, n, reason, a.of)
            .map_err(|e| ctx.fail(e))?;
    }
    let (ledger, total) = store.points(op.id, m.id).map_err(|e| ctx.fail(e))?;
    if a.json {
        let v: Vec<_> = ledger
            .iter()
            .map(|e| {
                serde_json::json!({"id": e.id, "day": e.day.to_string(), "points": e.points,
                    "activity": e.activity_id, "reason": e.reason, "correction_of": e.correction_of})
            })
            .collect();
        return json_out(&serde_json::json!({"member": m.name, "total": total, "ledger": v}));
    }
    for e in &ledger {
        println!(
            "{}\t{}\t{:+}\t{}{}",
            e.id,
            e.day,
            e.points,
            e.what(),
            e.correction_of
                .map(|c| format!(" (→{c})"))
                .unwrap_or_default()
        );
    }
    println!("{}\t{total}", l.pick("合计", "total"));
    store.close();
    Ok(())
}

/// The feedback letter as text, at most `width` display columns a line.
pub fn letter_text(x: &Letter, l: Lang, width: usize) -> String {
    use crate::printout::fit;
    let m = &x.member;
    let mut out = Vec::new();
    let title = l.pick(
        "在职党员进社区服务情况反馈函（双向反馈）",
        "Community service of an in-service party member: feedback to the workplace",
    );
    out.push(title.to_string());
    out.push("=".repeat(title.width().min(width)));
    let to_whom = match l {
        Lang::Zh => format!(
            "致：{} {}",
            m.workplace.as_deref().unwrap_or("-"),
            m.party_org.as_deref().unwrap_or("")
        ),
        Lang::En => format!(
            "To: {} {}",
            m.workplace.as_deref().unwrap_or("-"),
            m.party_org.as_deref().unwrap_or("")
        ),
    };
    out.push(to_whom.trim_end().to_string());
    out.push(match l {
        Lang::Zh => format!(
            "党员：{}　报到社区：{}　报到日期：{}",
            m.name, m.community, m.reported_on
        ),
        Lang::En => format!(
            "Member: {}  community: {}  reported on {}",
            m.name, m.community, m.reported_on
        ),
    });
    out.push(match l {
        Lang::Zh => format!("期间：{} 至 {}", x.from, x.to),
        Lang::En => format!("Period: {} to {}", x.from, x.to),
    });
    out.push(String::new());
    out.push(match l {
        Lang::Zh => format!(
            "参加活动 {} 次，服务时长 {:.1} 小时，获得积分 {}，认领并实现微心愿 {} 个。",
            x.activities.len(),
            x.hours,
            x.points,
            x.wishes.len()
        ),
        Lang::En => {
            let n = |k: usize, one: &str, many: &str| {
                format!("{k} {}", if k == 1 { one } else { many })
            };
            format!(
                "{}, {:.1} hours of service, {} points, {} fulfilled.",
                n(x.activities.len(), "activity", "activities"),
                x.hours,
                x.points,
                n(x.wishes.len(), "micro-wish", "micro-wishes")
            )
        }
    });
    out.push(String::new());
    out.push(l.pick("活动", "Activities").to_string());
    for (d, zh, en, title, h) in &x.activities {
        let head = format!(
            "  {d}  {}  {h:>4.1}h  ",
            crate::printout::pad(l.pick(zh, en), 20)
        );
        let room = width.saturating_sub(head.width());
        out.push(format!("{head}{}", fit(title, room)));
    }
    if x.activities.is_empty() {
        out.push(format!("  {}", l.pick("（无）", "(none)")));
    }
    out.push(String::new());
    out.push(l.pick("实现的微心愿", "Micro-wishes fulfilled").to_string());
    for (ticket, desc, d) in &x.wishes {
        let head = format!("  {d}  {ticket}  ");
        let room = width.saturating_sub(head.width());
        out.push(format!("{head}{}", fit(desc, room)));
    }
    if x.wishes.is_empty() {
        out.push(format!("  {}", l.pick("（无）", "(none)")));
    }
    out.push(String::new());
    out.push(
        l.pick(
            "社区党组织（盖章）：                      日期：",
            "Community party organisation (seal):          Date:",
        )
        .to_string(),
    );
    out.into_iter()
        .map(|s| fit(&s, width))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// `griddesk letter MEMBER --from D --to D [--print]`
pub fn letter(ctx: &Ctx, member: &str, from: &str, to: &str, print: bool) -> CliResult {
    let l = ctx.lang;
    let today = chrono::Local::now().date_naive();
    let from = date_arg("--from", Some(from), today, l)?;
    let to = date_arg("--to", Some(to), today, l)?;
    let store = ctx.open_read()?;
    let op = ctx.operator(&store)?;
    let m = store.find_member(op.id, member).map_err(|e| ctx.fail(e))?;
    let x = store
        .letter(op.id, m.id, from, to)
        .map_err(|e| ctx.fail(e))?;
    let text = letter_text(&x, l, 80);
    print!("{text}");
    if print {
        eprintln!(
            "{}",
            crate::printout::print(&format!("letter-{}-{from}-{to}", m.id), &text, l)
        );
    }
    Ok(())
}
