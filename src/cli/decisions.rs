//! Community decisions and weekly reports from the command line:
//! `griddesk matter add|step|publish|restart|show|list|kinds|kind`,
//! `griddesk meeting add|settle|list`, `griddesk week`. Every rule is
//! checked in the store; bad input is one line naming the field, exit 2,
//! nothing written.

use super::{CliResult, Ctx, Failure};
use crate::domain::calendar::{parse_date, tz};
use crate::i18n::Lang;
use crate::store::matter::{self, NewMatter, Stage, Step, StepInput, StepOutcome};
use crate::store::meeting::{self, MeetingKind, NewMeeting};
use crate::store::week::{self, Week};
use crate::store::{Error, Field, Store};
use chrono::{Datelike, NaiveDate};

#[derive(clap::Subcommand)]
pub enum MatterWhat {
    /// A new matter, e.g. `griddesk matter add --community 锦华家园社区 --kind 拆迁改造 --title "3号楼加装电梯" --request 20261127-0001`
    Add {
        /// The community, e.g. 锦华家园社区
        #[arg(long)]
        community: String,
        /// One of the kinds (`griddesk matter kinds`), by code or name, e.g. demolition or 拆迁改造
        #[arg(long)]
        kind: String,
        /// What is to be decided, e.g. "3号楼加装电梯"
        #[arg(long)]
        title: String,
        /// A request it came from (repeatable), e.g. --request 20261127-0001
        #[arg(long = "request", value_name = "TICKET")]
        requests: Vec<String>,
    },
    /// Record the next deliberation, e.g. `griddesk matter step 12 review --date 2026-11-20 --present 31 --expected 40 --votes 25/4/2 --minutes "同意提交居民代表会议"`
    Step {
        /// The matter's number, e.g. 12
        id: i64,
        /// propose (提议), discuss (商议), review (审议) or decide (决议), or 1–4, e.g. review
        step: String,
        /// The meeting's date (default today), e.g. 2026-11-20
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// The meeting's name, e.g. "第三季度党员大会"
        #[arg(long, default_value = "")]
        meeting: String,
        /// How many attended, e.g. 31
        #[arg(long)]
        present: Option<u32>,
        /// How many should have attended, e.g. 40
        #[arg(long)]
        expected: Option<u32>,
        /// For/against/abstain (discuss, review, decide), e.g. 25/4/2
        #[arg(long, value_name = "F/A/B")]
        votes: Option<String>,
        /// A summary of the minutes; at decide, the decision, e.g. "同意加装电梯，费用按楼层分摊"
        #[arg(long, default_value = "")]
        minutes: String,
    },
    /// Post the decision, then the outcome, and print the notice (公示), e.g. `griddesk matter publish 12 --where "社区公示栏" --days 7`
    Publish {
        /// The matter's number, e.g. 12
        id: i64,
        /// The day it was posted (default today), e.g. 2026-11-23
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Where it is posted, e.g. "社区公示栏、3号楼单元门"
        #[arg(long = "where", value_name = "PLACE")]
        place: String,
        /// How many days it stays posted, 7 or more, e.g. 7
        #[arg(long)]
        days: u32,
        /// The outcome, for the second publication, e.g. "电梯已于11月完工验收"
        #[arg(long, default_value = "")]
        outcome: String,
    },
    /// Start a new round after a failed vote, e.g. `griddesk matter restart 12 --reason "方案修改后再议"`
    Restart {
        /// The matter's number, e.g. 12
        id: i64,
        /// Why it is taken up again, e.g. "方案修改后再议"
        #[arg(long)]
        reason: String,
    },
    /// A matter with its steps, e.g. `griddesk matter show 12 --notice`
    Show {
        /// The matter's number, e.g. 12
        id: i64,
        /// Print the notice of its last publication, e.g. --notice
        #[arg(long)]
        notice: bool,
        /// As JSON, e.g. --json
        #[arg(long)]
        json: bool,
    },
    /// Matters with their stage, overdue publications marked, e.g. `griddesk matter list --community 锦华家园社区`
    List {
        /// Only this community's, e.g. 锦华家园社区
        #[arg(long)]
        community: Option<String>,
        /// As JSON, e.g. --json
        #[arg(long)]
        json: bool,
    },
    /// The kinds of major matters, e.g. `griddesk matter kinds`
    Kinds,
    /// Rename a kind or take it out of use (supervisors), e.g. `griddesk matter kind housing --zh 保障房分配 --active false`
    Kind {
        /// The kind's code, e.g. housing
        code: String,
        /// Its Chinese name, e.g. 保障房分配
        #[arg(long)]
        zh: Option<String>,
        /// Its English name, e.g. "public housing"
        #[arg(long)]
        en: Option<String>,
        /// In use (true) or not (false), e.g. --active false
        #[arg(long)]
        active: Option<bool>,
    },
}

#[derive(clap::Subcommand)]
pub enum MeetingWhat {
    /// A meeting held, e.g. `griddesk meeting add --community 锦华家园社区 --kind joint --date 2026-11-05 --topic "11月联席会议" --chair 张书记 --attendees "物业公司、业委会、居民代表5人"`
    Add {
        /// The community, e.g. 锦华家园社区
        #[arg(long)]
        community: String,
        /// joint (联席会议) or consultation (协商议事会), e.g. joint
        #[arg(long)]
        kind: String,
        /// The day it was held (default today), e.g. 2026-11-05
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// What it was about, e.g. "11月联席会议"
        #[arg(long)]
        topic: String,
        /// Who chaired it, e.g. 张书记
        #[arg(long, default_value = "")]
        chair: String,
        /// Units, property company, owners' committee, representatives, e.g. "物业公司、业委会、居民代表5人"
        #[arg(long, default_value = "")]
        attendees: String,
    },
    /// An issue the meeting settled; a linked request is resolved with the decision, e.g. `griddesk meeting settle 7 --issue "小区停车难" --decision "划定夜间停车位40个" --request 20261127-0001`
    Settle {
        /// The meeting's number, e.g. 7
        id: i64,
        /// The issue, e.g. "小区停车难"
        #[arg(long)]
        issue: String,
        /// What the meeting decided, e.g. "划定夜间停车位40个"
        #[arg(long)]
        decision: String,
        /// A request it settles (in progress), e.g. 20261127-0001
        #[arg(long, value_name = "TICKET")]
        request: Option<String>,
    },
    /// A month's meetings and the communities without a joint meeting, e.g. `griddesk meeting list --month 2026-11`
    List {
        /// The month (default this one), e.g. 2026-11
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
        /// Only this community's, e.g. 锦华家园社区
        #[arg(long)]
        community: Option<String>,
    },
}

/// `griddesk week`: a leader's week, or every leader's by area.
#[derive(clap::Args)]
pub struct WeekArgs {
    /// The leader's login (default: yours, if you lead a building; else every leader), e.g. leader001
    #[arg(long, value_name = "LOGIN")]
    pub leader: Option<String>,
    /// The ISO week (default this one), e.g. 2026-W48
    #[arg(long, value_name = "YYYY-Www")]
    pub week: Option<String>,
    /// Only the leaders under this area, community or subdistrict, e.g. 锦华家园社区
    #[arg(long)]
    pub area: Option<String>,
    /// Confirm the leader's week (the leader, or a supervisor), e.g. --confirm
    #[arg(long)]
    pub confirm: bool,
    /// text (80 columns), csv or xlsx (a workbook: the leaders' sheet and whose week is not confirmed per area), e.g. --format xlsx --out 周报.xlsx
    #[arg(long, value_enum, default_value_t = WeekFormat::Text)]
    pub format: WeekFormat,
    #[command(flatten)]
    pub out: super::data::OutArgs,
}

/// `griddesk week --format`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekFormat {
    Text,
    Csv,
    Xlsx,
}

fn usage(l: Lang, what: Field, value: &str) -> Failure {
    Failure::store(
        Error::Invalid {
            what,
            value: value.to_string(),
        },
        l,
    )
}

fn date_or_today(ctx: &Ctx, store: &Store, s: Option<&str>) -> Result<NaiveDate, Failure> {
    match s {
        Some(s) => parse_date(s).ok_or_else(|| usage(ctx.lang, Field::Date, s)),
        None => Ok(store.now().with_timezone(&tz()).date_naive()),
    }
}

fn community(ctx: &Ctx, store: &Store, typed: &str) -> Result<i64, Failure> {
    let n = store
        .read(|c| crate::store::grid::resolve(c, typed))
        .map_err(|e| ctx.fail(e))?;
    store
        .read(|c| matter::community(c, n.id))
        .map_err(|e| ctx.fail(e))?;
    Ok(n.id)
}

fn request_id(ctx: &Ctx, store: &Store, ticket: &str) -> Result<i64, Failure> {
    store
        .read(|c| crate::store::request::by_ticket(c, ticket))
        .map(|r| r.id)
        .map_err(|e| ctx.fail(e))
}

/// `7/2/1` → for, against, abstain.
pub fn parse_votes(s: &str) -> Option<(u32, u32, u32)> {
    let t = crate::domain::text::normalize(s);
    let v: Vec<u32> = t
        .split(['/', ',', ' '])
        .filter(|x| !x.is_empty())
        .map(|x| x.trim().parse().ok())
        .collect::<Option<Vec<_>>>()?;
    match v[..] {
        [a, b, c] => Some((a, b, c)),
        _ => None,
    }
}

/// What a step recorded on matter `id` came to: carried (a vote), simply
/// recorded (a step without a vote), or stopped with the reason.
pub fn outcome_line(id: i64, o: StepOutcome, l: Lang) -> String {
    let head = match l {
        Lang::Zh => format!("事项 {id} — "),
        Lang::En => format!("matter {id} — "),
    };
    head + &match (o, l) {
        (StepOutcome::Passed(s), Lang::Zh) if s.votes() => {
            format!("已记录：{}（表决通过）", s.zh())
        }
        (StepOutcome::Passed(s), Lang::En) if s.votes() => {
            format!("recorded: {} (carried)", s.en())
        }
        (StepOutcome::Passed(s), Lang::Zh) => format!("已记录：{}", s.zh()),
        (StepOutcome::Passed(s), Lang::En) => format!("recorded: {}", s.en()),
        (StepOutcome::Stopped(s, r), Lang::Zh) => {
            format!(
                "已记录：{}；{}。本事项中止，可开始新一轮",
                s.zh(),
                r.text(l)
            )
        }
        (StepOutcome::Stopped(s, r), Lang::En) => format!(
            "recorded: {}; {}. The matter stops here; a new round may start",
            s.en(),
            r.text(l)
        ),
    }
}

pub fn matter(ctx: &Ctx, what: MatterWhat) -> CliResult {
    let l = ctx.lang;
    match what {
        MatterWhat::Add {
            community: c,
            kind,
            title,
            requests,
        } => {
            let mut store = ctx.open()?;
            let op = ctx.operator(&store)?;
            let cid = community(ctx, &store, &c)?;
            let reqs = requests
                .iter()
                .map(|t| request_id(ctx, &store, t))
                .collect::<Result<Vec<_>, _>>()?;
            let id = store
                .add_matter(
                    op.id,
                    &NewMatter {
                        community: cid,
                        kind: &kind,
                        title: &title,
                        requests: reqs,
                    },
                )
                .map_err(|e| ctx.fail(e))?;
            println!("{id}");
            eprintln!(
                "{}",
                match l {
                    Lang::Zh => format!("已建立议事事项 {id}；下一步：党支部提议"),
                    Lang::En => format!("matter {id} added; next: the branch proposes"),
                }
            );
            store.close();
            Ok(())
        }
        MatterWhat::Step {
            id,
            step,
            date,
            meeting,
            present,
            expected,
            votes,
            minutes,
        } => {
            let st = Step::parse(&step)
                .filter(|s| s.deliberates())
                .ok_or_else(|| usage(l, Field::Step, &step))?;
            let votes = match votes.as_deref() {
                Some(v) => Some(parse_votes(v).ok_or_else(|| usage(l, Field::Votes, v))?),
                None => None,
            };
            let mut store = ctx.open()?;
            let op = ctx.operator(&store)?;
            let day = date_or_today(ctx, &store, date.as_deref())?;
            let input = StepInput {
                day: Some(day),
                meeting,
                present,
                expected,
                votes,
                minutes,
                ..Default::default()
            };
            let o = store
                .record_step(op.id, id, st, &input)
                .map_err(|e| ctx.fail(e))?;
            println!("{}", outcome_line(id, o, l));
            store.close();
            Ok(())
        }
        MatterWhat::Publish {
            id,
            date,
            place,
            days,
            outcome,
        } => {
            let mut store = ctx.open()?;
            let op = ctx.operator(&store)?;
            let day = date_or_today(ctx, &store, date.as_deref())?;
            let m = store
                .read(|c| matter::get(c, id))
                .map_err(|e| ctx.fail(e))?;
            // The publication due next; any other stage is refused by the
            // store with the step that is due.
            let st = match m.stage() {
                Stage::Next(Step::PostDecision) => Step::PostDecision,
                Stage::Next(Step::PostOutcome) => Step::PostOutcome,
                _ if m.step(Step::PostDecision).is_some() => Step::PostOutcome,
                _ => Step::PostDecision,
            };
            let input = StepInput {
                day: Some(day),
                minutes: outcome,
                posted_where: place,
                posted_days: Some(days),
                ..Default::default()
            };
            let o = store
                .record_step(op.id, id, st, &input)
                .map_err(|e| ctx.fail(e))?;
            eprintln!("{}", outcome_line(id, o, l));
            let m = store
                .read(|c| matter::get(c, id))
                .map_err(|e| ctx.fail(e))?;
            if let Some(n) = matter::notice(&m, st, l) {
                print!("{n}");
            }
            store.close();
            Ok(())
        }
        MatterWhat::Restart { id, reason } => {
            let mut store = ctx.open()?;
            let op = ctx.operator(&store)?;
            let round = store
                .new_round(op.id, id, &reason)
                .map_err(|e| ctx.fail(e))?;
            println!(
                "{}",
                match l {
                    Lang::Zh => format!("事项 {id} 开始第 {round} 轮，下一步：党支部提议"),
                    Lang::En => format!("matter {id}: round {round}; next: the branch proposes"),
                }
            );
            store.close();
            Ok(())
        }
        MatterWhat::Show { id, notice, json } => {
            let mut store = ctx.open_read()?;
            let m = store
                .read(|c| matter::get(c, id))
                .map_err(|e| ctx.fail(e))?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&m)
                        .map_err(|e| Failure::runtime(e.to_string()))?
                );
                return Ok(());
            }
            if notice {
                let last = [Step::PostOutcome, Step::PostDecision]
                    .into_iter()
                    .find_map(|s| matter::notice(&m, s, l));
                return match last {
                    Some(n) => {
                        print!("{n}");
                        Ok(())
                    }
                    None => Err(Failure::usage(match l {
                        Lang::Zh => format!("事项 {id} 尚未公开，没有公示"),
                        Lang::En => format!("matter {id} has no publication yet, so no notice"),
                    })),
                };
            }
            let now = store.now();
            let cal = store.calendar().map_err(|e| ctx.fail(e))?.clone();
            print!("{}", show_text(&m, now, &cal, l));
            Ok(())
        }
        MatterWhat::List { community: c, json } => {
            let mut store = ctx.open_read()?;
            let cid = match c.as_deref() {
                Some(c) => Some(community(ctx, &store, c)?),
                None => None,
            };
            let all = store
                .read(|conn| matter::list(conn, cid))
                .map_err(|e| ctx.fail(e))?;
            let now = store.now();
            let cal = store.calendar().map_err(|e| ctx.fail(e))?.clone();
            if json {
                let v: Vec<_> = all
                    .iter()
                    .map(|m| {
                        serde_json::json!({"id": m.id, "community": m.community, "kind": m.kind,
                            "title": m.title, "round": m.round,
                            "stage": matter::stage_name(m.stage(), Lang::En),
                            "overdue": m.overdue(now, &cal)})
                    })
                    .collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(&v)
                        .map_err(|e| Failure::runtime(e.to_string()))?
                );
                return Ok(());
            }
            let kind_w = kind_width(all.iter().map(|m| (m, m.overdue(now, &cal))), l, 80);
            let mut legend: Vec<String> = Vec::new();
            for m in &all {
                println!("{}", list_line(m, m.overdue(now, &cal), l, kind_w, 80));
                if let Some(k) = kind_legend(m, l, kind_w)
                    && !legend.contains(&k)
                {
                    legend.push(k);
                }
            }
            // The short labels shown, explained, one a line.
            if !legend.is_empty() {
                legend.sort();
                println!("{}", l.pick("类别：", "kinds:"));
                for k in legend {
                    for line in matter::wrap(&format!("  {k}"), 80) {
                        println!("{line}");
                    }
                }
            }
            let late = all.iter().filter(|m| m.overdue(now, &cal)).count();
            eprintln!(
                "{}",
                match l {
                    Lang::Zh => format!("共 {} 件，公开逾期 {late} 件", all.len()),
                    Lang::En => format!("{} matters, {late} publications overdue", all.len()),
                }
            );
            Ok(())
        }
        MatterWhat::Kinds => {
            let store = ctx.open_read()?;
            let ks = store.read(matter::kinds).map_err(|e| ctx.fail(e))?;
            for k in ks {
                println!(
                    "{}\t{}\t{}{}",
                    k.code,
                    k.zh,
                    k.en,
                    if k.active {
                        ""
                    } else {
                        l.pick("\t（停用）", "\t(not in use)")
                    }
                );
            }
            Ok(())
        }
        MatterWhat::Kind {
            code,
            zh,
            en,
            active,
        } => {
            let mut store = ctx.open()?;
            let op = ctx.operator(&store)?;
            store
                .set_matter_kind(op.id, &code, zh.as_deref(), en.as_deref(), active)
                .map_err(|e| ctx.fail(e))?;
            store.close();
            Ok(())
        }
    }
}

/// Short English labels of the seeded kinds, for a list too narrow for
/// their names: `(code, the seeded name, label)`. A kind renamed since, or
/// added, keeps its name (cut to the column). Where a label is shown, a
/// legend says what it stands for.
const SHORT_KINDS: [(&str, &str, &str); 11] = [
    ("demolition", "demolition and renovation", "renewal"),
    ("low_income", "minimum-income aid", "min-inc."),
    ("housing", "allocation of public housing", "housing"),
    ("hardship", "hardship aid and subsidies", "hardship"),
    ("public_works", "public-benefit works", "pub.works"),
    ("public_funds", "use of public funds", "pub.funds"),
    ("collective", "collective assets", "assets"),
    ("property", "choosing the property company", "property"),
    ("maintenance_fund", "use of the maintenance fund", "repairs"),
    ("convention", "the residents' convention", "charter"),
    ("other", "other major matters", "other"),
];

/// A kind's short label, when it has one (English, the seeded name).
fn short_kind(m: &matter::Matter, l: Lang) -> Option<&'static str> {
    if l != Lang::En {
        return None;
    }
    SHORT_KINDS
        .iter()
        .find(|(code, name, _)| *code == m.kind && *name == m.kind_en)
        .map(|(_, _, short)| *short)
}

/// The kind as a list of `kind_w` columns shows it: its name when the
/// names fit, else its short label (explained by [`kind_legend`]).
pub fn kind_label(m: &matter::Matter, l: Lang, kind_w: usize) -> &str {
    use unicode_width::UnicodeWidthStr;
    let name = m.kind_name(l);
    if name.width() <= kind_w {
        return name;
    }
    short_kind(m, l).unwrap_or(name)
}

/// What a short label stands for: `renewal = demolition and renovation`;
/// `None` when the list shows the name itself.
pub fn kind_legend(m: &matter::Matter, l: Lang, kind_w: usize) -> Option<String> {
    let label = kind_label(m, l, kind_w);
    (label != m.kind_name(l)).then(|| format!("{label} = {}", m.kind_name(l)))
}

/// The kind column's width for `matters` (each with its overdue flag) on
/// lines of `width` columns: their widest kind name in `l` when that leaves
/// room for the widest stage and overdue mark beside a short title; else
/// the widest of the short labels in force, or what room there is.
pub fn kind_width<'a>(
    matters: impl IntoIterator<Item = (&'a matter::Matter, bool)>,
    l: Lang,
    width: usize,
) -> usize {
    use unicode_width::UnicodeWidthStr;
    let (mut kind, mut short, mut tail) = (0, 0, 0);
    for (m, overdue) in matters {
        kind = kind.max(m.kind_name(l).width());
        short = short.max(short_kind(m, l).unwrap_or(m.kind_name(l)).width());
        let mark = if overdue { overdue_mark(l).width() } else { 0 };
        tail = tail.max(matter::stage_name(m.stage(), l).width() + mark);
    }
    let room = width.saturating_sub(LIST_HEAD + 2 + MIN_TITLE + tail);
    if kind <= room { kind } else { short.min(room) }
}

/// Columns of the number and the community, with their spaces.
const LIST_HEAD: usize = 18;
/// The fewest columns a title is given (seven Chinese characters).
const MIN_TITLE: usize = 14;

fn overdue_mark(l: Lang) -> &'static str {
    l.pick(" 逾期", " OVERDUE")
}

/// One matter on one line of at most `width` columns: number, community,
/// kind (`kind_w` columns when the line has room for it), title, and the
/// stage with the overdue mark at the end. The title gives way first, then
/// the kind; the overdue mark is never cut.
pub fn list_line(
    m: &matter::Matter,
    overdue: bool,
    l: Lang,
    kind_w: usize,
    width: usize,
) -> String {
    use crate::printout::{fit, pad};
    use unicode_width::UnicodeWidthStr;
    let stage = matter::stage_name(m.stage(), l);
    let mark = if overdue { overdue_mark(l) } else { "" };
    let head = format!("{:>4} {} ", m.id, pad(&m.community, 12));
    let room = width.saturating_sub(head.width() + mark.width());
    let stage = fit(&stage, room.saturating_sub(2 + MIN_TITLE).max(room / 2));
    // Left for the kind and the title, each followed by one space.
    let rest = room.saturating_sub(stage.width() + 2);
    let kind_w = kind_w.min(rest.saturating_sub(MIN_TITLE));
    let title_w = rest.saturating_sub(kind_w);
    format!(
        "{head}{} {} {stage}{mark}",
        pad(kind_label(m, l, kind_w), kind_w),
        pad(&m.title, title_w),
    )
}

/// A matter in full, as `griddesk matter show` prints it and the
/// Decisions screen shows it.
pub fn show_text(
    m: &matter::Matter,
    now: crate::domain::calendar::Time,
    cal: &crate::domain::calendar::WorkCalendar,
    l: Lang,
) -> String {
    let mut out = String::new();
    out += &format!(
        "{} {} · {} · {}\n",
        l.pick("事项", "matter"),
        m.id,
        m.community,
        m.kind_name(l)
    );
    out += &format!("{}\n", m.title);
    if !m.requests.is_empty() {
        out += &format!(
            "{}{}\n",
            l.pick("来源诉求：", "from: "),
            m.requests.join(", ")
        );
    }
    if m.round > 1 {
        out += &format!("{} {}\n", l.pick("第几轮：", "round"), m.round);
    }
    for s in &m.steps {
        let mut line = format!("{} {}", s.day, s.step.name(l));
        if let (Some(p), Some(e)) = (s.present, s.expected) {
            line += &match l {
                Lang::Zh => format!("  实到 {p}/应到 {e}"),
                Lang::En => format!("  {p}/{e} present"),
            };
        }
        if let Some((f, a, b)) = s.votes {
            line += &match l {
                Lang::Zh => format!("  同意 {f} 反对 {a} 弃权 {b}"),
                Lang::En => format!("  {f} for, {a} against, {b} abstain"),
            };
        }
        if let (Some(w), Some(d)) = (&s.posted_where, s.posted_days) {
            line += &match l {
                Lang::Zh => format!("  {w}，{d} 天"),
                Lang::En => format!("  {w}, {d} days"),
            };
        }
        if let Some(r) = s.stop_reason() {
            line += &format!("  {}", r.text(l));
        }
        for w in matter::wrap(&line, 80) {
            out += &w;
            out.push('\n');
        }
        if !s.minutes.is_empty() {
            for w in matter::wrap(&s.minutes, 76) {
                out += &format!("    {w}\n");
            }
        }
    }
    let mut stage = matter::stage_name(m.stage(), l);
    if let Some(d) = m.publication_due(cal) {
        stage += &match l {
            Lang::Zh => format!("（应于 {} 前公开）", d.format("%Y-%m-%d")),
            Lang::En => format!(" (due by {})", d.format("%Y-%m-%d")),
        };
        if now > d {
            stage += l.pick(" 已逾期", " OVERDUE");
        }
    }
    out += &format!("{}{stage}\n", l.pick("状态：", "stage: "));
    out
}

pub fn meeting(ctx: &Ctx, what: MeetingWhat) -> CliResult {
    let l = ctx.lang;
    match what {
        MeetingWhat::Add {
            community: c,
            kind,
            date,
            topic,
            chair,
            attendees,
        } => {
            let k = MeetingKind::parse(&kind).ok_or_else(|| usage(l, Field::Meeting, &kind))?;
            let mut store = ctx.open()?;
            let day = date_or_today(ctx, &store, date.as_deref())?;
            let op = ctx.operator(&store)?;
            let cid = community(ctx, &store, &c)?;
            let id = store
                .add_meeting(
                    op.id,
                    &NewMeeting {
                        community: cid,
                        kind: k,
                        day,
                        topic: &topic,
                        chair: &chair,
                        attendees: &attendees,
                    },
                )
                .map_err(|e| ctx.fail(e))?;
            println!("{id}");
            store.close();
            Ok(())
        }
        MeetingWhat::Settle {
            id,
            issue,
            decision,
            request,
        } => {
            let mut store = ctx.open()?;
            let op = ctx.operator(&store)?;
            let rid = match request.as_deref() {
                Some(t) => Some(request_id(ctx, &store, t)?),
                None => None,
            };
            store
                .settle_issue(op.id, id, &issue, &decision, rid)
                .map_err(|e| ctx.fail(e))?;
            eprintln!(
                "{}",
                match (l, &request) {
                    (Lang::Zh, Some(t)) => format!("已记录议定事项；诉求 {t} 已按会议决定办结"),
                    (Lang::Zh, None) => "已记录议定事项".to_string(),
                    (Lang::En, Some(t)) => {
                        format!("issue settled; request {t} resolved with the decision")
                    }
                    (Lang::En, None) => "issue settled".to_string(),
                }
            );
            store.close();
            Ok(())
        }
        MeetingWhat::List {
            month,
            community: c,
        } => {
            let store = ctx.open_read()?;
            let first = match month.as_deref() {
                Some(m) => parse_date(&format!("{m}-01"))
                    .filter(|d| d.day() == 1)
                    .ok_or_else(|| usage(l, Field::Date, m))?,
                None => {
                    let t = store.now().with_timezone(&tz()).date_naive();
                    t.with_day(1).unwrap_or(t)
                }
            };
            let cid = match c.as_deref() {
                Some(c) => Some(community(ctx, &store, c)?),
                None => None,
            };
            let ms = store
                .read(|conn| meeting::month(conn, first, cid))
                .map_err(|e| ctx.fail(e))?;
            for m in &ms {
                let k = MeetingKind::parse(&m.kind).map(|k| k.name(l)).unwrap_or("");
                println!("{} {} {} {} {}", m.id, m.day, m.community, k, m.topic);
                for (i, d, t) in &m.issues {
                    println!(
                        "    {i} → {d}{}",
                        t.as_deref().map(|t| format!(" ({t})")).unwrap_or_default()
                    );
                }
            }
            if cid.is_none() {
                let none = store
                    .read(|conn| meeting::without_joint(conn, first))
                    .map_err(|e| ctx.fail(e))?;
                if !none.is_empty() {
                    println!(
                        "{}{}",
                        l.pick("本月未开联席会议：", "no joint meeting this month: "),
                        none.join(l.pick("、", ", "))
                    );
                }
            }
            Ok(())
        }
    }
}

pub fn week(ctx: &Ctx, a: &WeekArgs) -> CliResult {
    let l = ctx.lang;
    let mut store = if a.confirm {
        ctx.open()?
    } else {
        ctx.open_read()?
    };
    let wk = match a.week.as_deref() {
        Some(w) => Week::parse(w).ok_or_else(|| usage(l, Field::Week, w))?,
        None => Week::of(store.now().with_timezone(&tz()).date_naive()),
    };
    // A destination that cannot be written is refused before the week is
    // confirmed, so nothing is written half-way.
    if let Some(path) = a.out.out.as_ref().filter(|p| p.exists()) {
        return Err(ctx.fail(Error::Exists(path.clone())));
    }
    if a.format == WeekFormat::Xlsx
        && a.out.out.is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        return Err(Failure::usage(l.pick(
            "--format xlsx 写出的是 Excel 工作簿：请用 --out 文件名.xlsx 指定文件",
            "--format xlsx writes a workbook: name the file with --out FILE.xlsx",
        )));
    }
    let op = ctx.operator(&store)?;
    let leader = match a.leader.as_deref() {
        Some(login) => {
            let s = store
                .read(|c| crate::store::staff::find(c, login))
                .map_err(|e| ctx.fail(e))?;
            Some(
                store
                    .read(|c| week::leader(c, s.id))
                    .map_err(|e| ctx.fail(e))?,
            )
        }
        None => store.read(|c| week::leader(c, op.id)).ok(),
    };
    if a.confirm {
        let Some(ld) = &leader else {
            return Err(ctx.fail(Error::Decision(matter::DecisionError::NotLeader(
                op.login.clone(),
            ))));
        };
        store
            .confirm_week(op.id, ld.id, wk)
            .map_err(|e| ctx.fail(e))?;
        eprintln!(
            "{}",
            match l {
                Lang::Zh => format!("已确认 {} 的周报 {}", ld.name, wk.label()),
                Lang::En => format!("{}'s week {} confirmed", ld.login, wk.label()),
            }
        );
    }
    let leaders = match (leader, a.area.as_deref()) {
        (Some(ld), _) => vec![ld],
        (None, area) => {
            let node = match area {
                Some(t) => Some(
                    store
                        .read(|c| crate::store::grid::resolve(c, t))
                        .map_err(|e| ctx.fail(e))?
                        .id,
                ),
                None => None,
            };
            store
                .read(|c| week::leaders(c, node))
                .map_err(|e| ctx.fail(e))?
        }
    };
    let lines = store
        .read(|c| week::sheet(c, leaders, wk))
        .map_err(|e| ctx.fail(e))?;
    let format = match a.format {
        WeekFormat::Text => None,
        WeekFormat::Csv => Some(crate::store::export::Format::Csv),
        WeekFormat::Xlsx => Some(crate::store::export::Format::Xlsx),
    };
    let done = match format {
        None => {
            let text = week::text(&lines, wk, l);
            super::data::output(ctx, &a.out, crate::store::export::Format::Csv, |w| {
                w.write_all(text.as_bytes())
                    .map_err(|e| Error::Io(e.to_string()))
            })
        }
        Some(f) => {
            let style = a.out.style(ctx, f);
            super::data::output(ctx, &a.out, f, |w| week::write(w, &lines, style))
        }
    };
    store.close();
    done
}
