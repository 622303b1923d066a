//! Every user-facing sentence, in Chinese and English. `Msg` lists them;
//! `tr` has one arm per message with both languages, so the compiler finds
//! a missing translation.

use crate::domain::ident::{IdError, PhoneError};
use crate::domain::lifecycle::{LadderError, Level, Role, Status};
use crate::store::{Error, Field};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    Zh,
    #[default]
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") || s == "c" || s == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// From `LC_ALL`, `LC_MESSAGES`, `LANG`: Chinese where it says `zh*`.
    pub fn from_env() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && !v.is_empty()
            {
                return if v.to_ascii_lowercase().starts_with("zh") {
                    Lang::Zh
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }

    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// An English count with its noun: `1 row`, `2 rows`, `0 rows`.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn status(s: Status, l: Lang) -> &'static str {
    l.pick(s.zh(), s.en())
}

pub fn level(s: Level, l: Lang) -> &'static str {
    l.pick(s.zh(), s.en())
}

pub fn role(r: Role, l: Lang) -> &'static str {
    l.pick(r.zh(), r.en())
}

pub fn field(f: Field, l: Lang) -> &'static str {
    let (zh, en) = match f {
        Field::Category => ("类别", "category"),
        Field::Description => ("诉求内容", "description"),
        Field::Household => ("住户", "household"),
        Field::Resident => ("居民", "resident"),
        Field::ResidentId => ("身份证号", "resident ID"),
        Field::Phone => ("电话", "phone"),
        Field::Name => ("姓名", "name"),
        Field::Address => ("地址", "address"),
        Field::Reason => ("原因", "reason"),
        Field::Result => ("办理结果", "result"),
        Field::Rating => ("评价", "rating"),
        Field::Staff => ("工作人员", "staff member"),
        Field::Item => ("材料", "item"),
        Field::Date => ("日期", "date"),
        Field::Ticket => ("受理编号", "ticket number"),
        Field::Note => ("备注", "note"),
        Field::Hall => ("所属服务站/中心", "hall"),
        Field::Node => ("社区/片区", "grid node"),
        Field::DistrictCode => ("区划代码（6位）", "district code (6 digits)"),
        Field::Building => ("楼栋/居民小组", "building or resident group"),
        Field::Member => ("党员", "party member"),
        Field::Unit => ("单位", "unit"),
        Field::Team => ("志愿服务队", "volunteer team"),
        Field::Activity => ("活动", "activity"),
        Field::Kind => ("类型", "kind"),
        Field::Hours => ("时长（小时）", "hours"),
        Field::Points => ("积分", "points"),
        Field::Branch => ("党支部", "party branch"),
        Field::Pair => ("金拐杖结对", "Golden Cane pair"),
        Field::Matter => ("议事事项", "matter"),
        Field::MatterKind => ("事项类别", "kind of matter"),
        Field::Title => ("事项名称", "title"),
        Field::Step => ("议事步骤", "step"),
        Field::Meeting => ("会议", "meeting"),
        Field::Attendance => ("出席人数（实到/应到）", "attendance (present/expected)"),
        Field::Votes => ("表决（同意/反对/弃权）", "votes (for/against/abstain)"),
        Field::Minutes => ("会议纪要/决议内容", "minutes or decision"),
        Field::Place => ("公示地点", "place posted"),
        Field::Days => ("公示天数", "days posted"),
        Field::Week => ("周次", "week"),
        Field::Leader => ("楼栋长/小组长", "building leader"),
        Field::Issue => ("议题", "issue"),
        Field::Attendees => ("参会单位和人员", "attendees"),
    };
    l.pick(zh, en)
}

pub fn id_error(e: &IdError, l: Lang) -> String {
    match (e, l) {
        (IdError::Length(n), Lang::Zh) => format!("身份证号应为18位，输入了{n}位"),
        (IdError::Length(n), Lang::En) => format!("a resident ID has 18 characters, this has {n}"),
        (IdError::Characters, Lang::Zh) => "身份证号只能是数字，最后一位可为X".into(),
        (IdError::Characters, Lang::En) => "a resident ID is digits, with X allowed last".into(),
        (IdError::Region, Lang::Zh) => "身份证号的地区码无效".into(),
        (IdError::Region, Lang::En) => "the ID's region code is not valid".into(),
        (IdError::BirthDate, Lang::Zh) => "身份证号中的出生日期无效".into(),
        (IdError::BirthDate, Lang::En) => "the ID's birth date is not a real date".into(),
        (IdError::FutureBirth, Lang::Zh) => "身份证号中的出生日期在今天之后".into(),
        (IdError::FutureBirth, Lang::En) => "the ID's birth date is in the future".into(),
        (IdError::CheckDigit { expected, found }, Lang::Zh) => {
            format!("身份证号校验位不符：应为{expected}，输入为{found}")
        }
        (IdError::CheckDigit { expected, found }, Lang::En) => {
            format!("the ID's check character is {found}, it should be {expected}")
        }
    }
}

pub fn phone_error(e: &PhoneError, l: Lang) -> String {
    match e {
        PhoneError::Empty => l.pick("电话为空", "the phone number is empty").into(),
        PhoneError::Malformed => l.pick("电话号码格式不对（手机11位，以1开头；座机如0394-8123456）", "not a phone number (a mobile has 11 digits starting with 1; a landline looks like 0394-8123456)").into(),
    }
}

/// One sentence for any store error.
pub fn error(e: &Error, l: Lang) -> String {
    use Lang::*;
    match (e, l) {
        (Error::Busy, Zh) => "数据库正忙（其他窗口正在写入），请稍后重试".into(),
        (Error::Busy, En) => "the database is busy (another counter is writing); try again".into(),
        (Error::Conflict, Zh) => "该记录已被其他窗口修改，已重新载入".into(),
        (Error::Conflict, En) => "changed at another counter; reloaded".into(),
        (
            Error::NotFound {
                what,
                query,
                closest,
            },
            _,
        ) => {
            let base = match l {
                Zh => format!("找不到{}：{query}", field(*what, l)),
                En => format!("no {} matches \"{query}\"", field(*what, l)),
            };
            match closest {
                Some(c) => format!("{base}{}{c}", l.pick("；最接近的是 ", "; closest: ")),
                None => base,
            }
        }
        (
            Error::Ambiguous {
                what,
                query,
                candidates,
            },
            _,
        ) => {
            // A long list is cut: the first few show how to qualify.
            const SHOWN: usize = 8;
            let mut list = candidates
                .iter()
                .take(SHOWN)
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(l.pick("；", "; "));
            if candidates.len() > SHOWN {
                list += &match l {
                    Zh => format!("……（共{}个）", candidates.len()),
                    En => format!(" … ({} in all)", candidates.len()),
                };
            }
            match l {
                Zh => format!("“{query}”对应多个{}，请写得更具体：{list}", field(*what, l)),
                En => format!(
                    "\"{query}\" matches several {}s; be more specific: {list}",
                    field(*what, l)
                ),
            }
        }
        (Error::Empty(f), Zh) => format!("{}不能为空", field(*f, l)),
        (Error::Empty(f), En) => format!("the {} is empty", field(*f, l)),
        (Error::UnknownCategory { code, closest }, _) => {
            let base = match l {
                Zh => format!("没有这个类别：{code}"),
                En => format!("unknown category \"{code}\""),
            };
            match closest {
                Some(c) => format!("{base}{}{c}", l.pick("；是否要用 ", "; did you mean ")),
                None => format!(
                    "{base}{}",
                    l.pick(
                        "；可用 griddesk categories 查看全部类别",
                        "; `griddesk categories` lists them"
                    )
                ),
            }
        }
        (Error::BadId(e), _) => format!("{}: {}", field(Field::ResidentId, l), id_error(e, l)),
        (Error::BadPhone(e), _) => format!("{}: {}", field(Field::Phone, l), phone_error(e, l)),
        (Error::Invalid { what, value }, Zh) => format!("{}无效：{value}", field(*what, l)),
        (Error::Invalid { what, value }, En) => {
            format!("not a valid {}: \"{value}\"", field(*what, l))
        }
        (Error::Duplicate { what, value }, Zh) => format!("{}已存在：{value}", field(*what, l)),
        (Error::Duplicate { what, value }, En) => {
            format!("this {} exists already: {value}", field(*what, l))
        }
        (Error::TooLong { what, limit, len }, Zh) => {
            format!("{}最多 {limit} 个字，现有 {len} 个字", field(*what, l))
        }
        (Error::TooLong { what, limit, len }, En) => format!(
            "the {} may be at most {limit} characters; this has {len}",
            field(*what, l)
        ),
        (Error::ControlChar { what, at, code }, Zh) => format!(
            "{}第 {at} 个字符是控制字符（U+{code:04X}），请删去后再保存",
            field(*what, l)
        ),
        (Error::ControlChar { what, at, code }, En) => format!(
            "the {} has a control character (U+{code:04X}) at character {at}; remove it and save again",
            field(*what, l)
        ),
        (Error::Repeated { ticket, seconds }, Zh) => format!(
            "{seconds} 秒前已登记过同一诉求（{ticket}：同一住户、类别和内容）；确需再登记一次，请确认（命令行加 --again）"
        ),
        (Error::Repeated { ticket, seconds }, En) => format!(
            "the same request was registered {} ago as {ticket} (same household, category and description); confirm to register it again (--again on the command line)",
            count(seconds.unsigned_abs(), "second", "seconds")
        ),
        (
            Error::NotAtHousehold {
                resident,
                household,
                lives_at,
            },
            Zh,
        ) => {
            format!("居民 {resident} 不住在 {household}，登记在 {lives_at}；请只写其一，或改正住户")
        }
        (
            Error::NotAtHousehold {
                resident,
                household,
                lives_at,
            },
            En,
        ) => format!(
            "resident {resident} does not live at {household} but at {lives_at}; give one of the two, or correct the household"
        ),
        (Error::OtherCommunity(c), Zh) => {
            format!("{c}的党员信息只有本社区工作人员和站长/主任可以查看和登记")
        }
        (Error::OtherCommunity(c), En) => format!(
            "the party members of {c} are seen and registered by its own staff and supervisors only"
        ),
        (Error::Claimed { ticket, by }, Zh) => {
            format!("{ticket} 已由 {by} 认领；如需改由他人认领，请先撤回认领并说明原因")
        }
        (Error::Claimed { ticket, by }, En) => {
            format!("{ticket} is claimed by {by} already; withdraw that claim with a reason first")
        }
        (Error::NoOpenShift, Zh) => {
            "你没有未结束的班次，无法交班（griddesk shift start 或打开屏幕即开始一个班次）".to_string()
        }
        (Error::NoOpenShift, En) => {
            "you have no shift open to end (griddesk shift start, or opening the screens, starts one)"
                .to_string()
        }
        (Error::OwnAccount(login), Zh) => format!(
            "不能停用自己的账号（{login}）：停用后本登录立即无法操作；请由另一位站长/主任停用"
        ),
        (Error::OwnAccount(login), En) => format!(
            "you cannot disable your own account ({login}): this login would be locked out at once; another supervisor can"
        ),
        (Error::LastSupervisor(login), Zh) => format!(
            "{login} 是最后一位在职的站长/主任，不能停用或改为其他角色；请先添加另一位站长/主任"
        ),
        (Error::LastSupervisor(login), En) => format!(
            "{login} is the last active supervisor and can be neither disabled nor given another role; add another supervisor first"
        ),
        (Error::Transition(t), Zh) => {
            format!("不能从“{}”转为“{}”", status(t.from, l), status(t.to, l))
        }
        (Error::Transition(t), En) => format!(
            "a request cannot go from {} to {}",
            status(t.from, l),
            status(t.to, l)
        ),
        (Error::Ladder(e), _) => match (e, l) {
            (LadderError::NoHigher(lv), Zh) => {
                format!("已在最高层级（{}），不能再上报", level(*lv, l))
            }
            (LadderError::NoHigher(lv), En) => format!(
                "already at the top level ({}); cannot escalate",
                level(*lv, l)
            ),
            (LadderError::NoLower(lv), Zh) => {
                format!("已在最低层级（{}），不能再回退", level(*lv, l))
            }
            (LadderError::NoLower(lv), En) => format!(
                "already at the lowest level ({}); cannot return",
                level(*lv, l)
            ),
            (LadderError::ReasonRequired, Zh) => "上报和回退须填写原因".into(),
            (LadderError::ReasonRequired, En) => "escalating or returning needs a reason".into(),
            (LadderError::NotOpen(s), Zh) => format!("“{}”状态的办件不能上报或回退", status(*s, l)),
            (LadderError::NotOpen(s), En) => format!(
                "a {} request cannot be escalated or returned",
                status(*s, l)
            ),
        },
        (Error::Role(r), Zh) => format!(
            "此操作需要“{}”角色（当前为“{}”）",
            role(r.needs, l),
            role(r.has, l)
        ),
        (Error::Role(r), En) => format!(
            "this needs the {} role (you are {})",
            role(r.needs, l),
            role(r.has, l)
        ),
        (Error::NotOurs(p), Zh) => format!("{} 不是 griddesk 数据库，未做任何改动", p.display()),
        (Error::NotOurs(p), En) => {
            format!("{} is not a griddesk database; left untouched", p.display())
        }
        (Error::Newer { found, supported }, Zh) => {
            format!("数据库版本为 {found}，本程序只支持到 {supported}；请升级 griddesk。文件未改动")
        }
        (Error::Newer { found, supported }, En) => format!(
            "the database is schema version {found}, this griddesk knows up to {supported}; upgrade griddesk. Left untouched"
        ),
        (
            Error::Older {
                path,
                found,
                supported,
            },
            Zh,
        ) => format!(
            "{} 的数据库版本为 {found}，需要升级到 {supported}，但当前用户没有写权限；请由有写权限的用户运行一次 griddesk。文件未改动",
            path.display()
        ),
        (
            Error::Older {
                path,
                found,
                supported,
            },
            En,
        ) => format!(
            "{} is schema version {found} and needs upgrading to {supported}, which this user may not write; run griddesk once as a user who may. Left untouched",
            path.display()
        ),
        (Error::Corrupt(p), Zh) => format!("{} 已损坏；请从备份恢复（见 README）", p.display()),
        (Error::Corrupt(p), En) => format!(
            "{} is damaged; restore it from a backup (see the README)",
            p.display()
        ),
        (Error::ReadOnly(p), Zh) => format!("{} 只读，无法写入", p.display()),
        (Error::ReadOnly(p), En) => format!("{} is read-only; nothing can be written", p.display()),
        (Error::Missing(p), Zh) => format!(
            "{0} 处没有数据库；新站点用 `griddesk init --district 区名 --db {0}` 建立，演示用 `griddesk demo --db {0}`，或用 --db（或 GRIDDESK_DB、配置中的 db_path）指向本站的数据库。未创建任何文件",
            p.display()
        ),
        (Error::Missing(p), En) => format!(
            "no database at {0}; make a hall's with `griddesk init --district NAME --db {0}`, a demo with `griddesk demo --db {0}`, or point --db (or GRIDDESK_DB, db_path in the config) at the hall's database. Nothing was created",
            p.display()
        ),
        (Error::Exists(p), Zh) => format!("{} 已存在，不会覆盖", p.display()),
        (Error::Exists(p), En) => {
            format!("{} exists already; it will not be overwritten", p.display())
        }
        (Error::DiskFull, Zh) => "磁盘已满，未写入任何内容".into(),
        (Error::DiskFull, En) => "the disk is full; nothing was written".into(),
        (Error::Io(m), Zh) => format!("文件错误：{m}"),
        (Error::Io(m), En) => format!("file error: {m}"),
        (Error::Sql(_), Zh) => "数据库出错，未写入任何内容；请运行 griddesk check".into(),
        (Error::Sql(_), En) => "database error; nothing was written. Run `griddesk check`".into(),
        (Error::EmptyFile(p), Zh) => {
            format!(
                "{} 是空文件，不是 griddesk 数据库；未做任何改动",
                p.display()
            )
        }
        (Error::EmptyFile(p), En) => format!(
            "{} is empty, not a griddesk database; left untouched",
            p.display()
        ),
        (Error::IsDirectory(p), Zh) => format!("{} 是目录，不是文件", p.display()),
        (Error::IsDirectory(p), En) => format!("{} is a directory, not a file", p.display()),
        (Error::NoSuchDir(p), Zh) => format!("目录不存在：{}", p.display()),
        (Error::NoSuchDir(p), En) => format!("no such directory: {}", p.display()),
        (Error::StepOnClosed(s), _) => step_refused(*s, l),
        (Error::NotInGbk { line, column, ch }, Zh) => format!(
            "第{line}行 {column}：“{ch}”无法用 GBK 编码；请改用 --encoding utf-8-bom 或 --format xlsx"
        ),
        (Error::NotInGbk { line, column, ch }, En) => format!(
            "line {line}, {column}: \"{ch}\" cannot be written in GBK; use --encoding utf-8-bom or --format xlsx"
        ),
        (Error::Decision(e), _) => decision_error(e, l),
    }
}

/// Sentences of the command line and the screens.
#[derive(Debug, Clone)]
pub enum Msg {
    Registered {
        ticket: String,
        due: String,
    },
    DueAt(String),
    NoHits(String),
    DemoBuilding(String),
    DemoMade {
        path: String,
        secs: f64,
    },
    DemoSummary {
        communities: usize,
        areas: usize,
        buildings: usize,
        households: usize,
        residents: usize,
        staff: usize,
        requests: usize,
        visits: usize,
    },
    DemoOpening(String),
    BackupDone {
        path: String,
        bytes: u64,
    },
    CheckOk,
    CheckFailed,
    NoStaff(String),
    ConfigBroken(String),
    NeedHouseholdOrResident,
    Timeline,
    Custody,
    Returned,
    Held(String),
    Errand,
    Kinds,
    Household,
    Resident,
    Request,
    NonUtf8Locale(String),
    /// A file argument that is not there.
    NoSuchFile(String),
    /// `find` with nothing to look for.
    EmptyQuery,
    /// `find --limit 0`.
    ZeroLimit,
    /// `--from` after `--to`.
    DatesReversed {
        from: String,
        to: String,
    },
    /// The line of an import's summary on moves, renames and heads.
    ImportMoved {
        moved: usize,
        renamed: usize,
        new_heads: usize,
        headless: usize,
    },
}

pub fn tr(m: &Msg, l: Lang) -> String {
    use Lang::*;
    match (m, l) {
        (Msg::Registered { ticket, due }, Zh) => format!("已受理，编号 {ticket}，办理时限 {due}"),
        (Msg::Registered { ticket, due }, En) => format!("registered {ticket}, due {due}"),
        (Msg::DueAt(d), Zh) => format!("时限 {d}"),
        (Msg::DueAt(d), En) => format!("due {d}"),
        (Msg::NoHits(q), Zh) => format!("没有找到“{q}”"),
        (Msg::NoHits(q), En) => format!("nothing matches \"{q}\""),
        (Msg::DemoBuilding(p), Zh) => format!("正在生成演示数据库 {p} …"),
        (Msg::DemoBuilding(p), En) => format!("making the demo database {p} …"),
        (Msg::DemoMade { path, secs }, Zh) => {
            format!("演示数据库已生成：{path}（用时 {secs:.1} 秒）")
        }
        (Msg::DemoMade { path, secs }, En) => format!("demo database made: {path} ({secs:.1} s)"),
        (
            Msg::DemoSummary {
                communities,
                areas,
                buildings,
                households,
                residents,
                staff,
                requests,
                visits,
            },
            Zh,
        ) => format!(
            "社区 {communities}，片区 {areas}，楼栋/小组 {buildings}，住户 {households}，居民 {residents}，工作人员 {staff}，办件 {requests}，走访 {visits}"
        ),
        (
            Msg::DemoSummary {
                communities,
                areas,
                buildings,
                households,
                residents,
                staff,
                requests,
                visits,
            },
            En,
        ) => [
            count(*communities as u64, "community", "communities"),
            count(*areas as u64, "area", "areas"),
            count(*buildings as u64, "building/group", "buildings/groups"),
            count(*households as u64, "household", "households"),
            count(*residents as u64, "resident", "residents"),
            format!("{staff} staff"),
            count(*requests as u64, "request", "requests"),
            count(*visits as u64, "visit", "visits"),
        ]
        .join(", "),
        (Msg::DemoOpening(p), Zh) => format!("演示数据库：{p}"),
        (Msg::DemoOpening(p), En) => format!("demo database: {p}"),
        (Msg::BackupDone { path, bytes }, Zh) => {
            format!("备份完成：{path}（{bytes} 字节），已通过校验")
        }
        (Msg::BackupDone { path, bytes }, En) => {
            format!(
                "backup written: {path} ({}), checked",
                count(*bytes, "byte", "bytes")
            )
        }
        (Msg::CheckOk, Zh) => "数据库完好".into(),
        (Msg::CheckOk, En) => "database ok".into(),
        (Msg::CheckFailed, Zh) => "数据库检查发现问题".into(),
        (Msg::CheckFailed, En) => "the database check found problems".into(),
        (Msg::NoStaff(login), Zh) => {
            format!("系统用户 {login} 没有对应的在岗工作人员记录；请站长添加")
        }
        (Msg::NoStaff(login), En) => {
            format!("the OS user {login} has no active staff record; ask a supervisor to add one")
        }
        (Msg::ConfigBroken(e), Zh) => format!("配置文件有误，{e}"),
        (Msg::ConfigBroken(e), En) => format!("the config file is broken: {e}"),
        (Msg::NeedHouseholdOrResident, Zh) => "请用 --household 或 --resident 指明住户".into(),
        (Msg::NeedHouseholdOrResident, En) => {
            "name the household with --household or --resident".into()
        }
        (Msg::Timeline, Zh) => "办理经过".into(),
        (Msg::Timeline, En) => "timeline".into(),
        (Msg::Custody, Zh) => "代管材料".into(),
        (Msg::Custody, En) => "materials in custody".into(),
        (Msg::Returned, Zh) => "已交还".into(),
        (Msg::Returned, En) => "handed back".into(),
        (Msg::Held(who), Zh) => format!("由{who}保管"),
        (Msg::Held(who), En) => format!("held by {who}"),
        (Msg::Errand, Zh) => "代办".into(),
        (Msg::Errand, En) => "errand".into(),
        (Msg::Kinds, Zh) => "类型".into(),
        (Msg::Kinds, En) => "kind".into(),
        (Msg::Household, Zh) => "住户".into(),
        (Msg::Household, En) => "household".into(),
        (Msg::Resident, Zh) => "居民".into(),
        (Msg::Resident, En) => "resident".into(),
        (Msg::Request, Zh) => "办件".into(),
        (Msg::Request, En) => "request".into(),
        (Msg::NonUtf8Locale(v), Zh) => format!(
            "终端字符集不是 UTF-8（{v}）；请设置 LANG=zh_CN.UTF-8，并把 PuTTY/Xshell 的编码设为 UTF-8"
        ),
        (Msg::NonUtf8Locale(v), En) => format!(
            "the terminal is not set to UTF-8 ({v}); set LANG=zh_CN.UTF-8 (or LANG=C.UTF-8) and the PuTTY/Xshell character set to UTF-8"
        ),
        (Msg::NoSuchFile(p), Zh) => format!("{p}：文件不存在"),
        (Msg::NoSuchFile(p), En) => format!("{p}: no such file"),
        (Msg::EmptyQuery, Zh) => {
            "QUERY 为空：请输入要查找的姓名、地址、电话、身份证号或受理编号".into()
        }
        (Msg::EmptyQuery, En) => {
            "QUERY is empty: give a name, address, phone, resident ID or ticket to look for".into()
        }
        (Msg::ZeroLimit, Zh) => "--limit 0：至少为 1".into(),
        (Msg::ZeroLimit, En) => "--limit 0: the limit is at least 1".into(),
        (Msg::DatesReversed { from, to }, Zh) => {
            format!("--from {from} 晚于 --to {to}：开始日期不能晚于结束日期")
        }
        (Msg::DatesReversed { from, to }, En) => {
            format!("--from {from} is after --to {to}: the range starts on or before its end")
        }
        (
            Msg::ImportMoved {
                moved,
                renamed,
                new_heads,
                headless,
            },
            Zh,
        ) => {
            let mut s = format!("迁户 {moved} 人，改名 {renamed} 人");
            if *new_heads > 0 {
                s += &format!("；{new_heads} 户的户主迁出，已按关系另立户主");
            }
            if *headless > 0 {
                s += &format!("；{headless} 户的户主迁出且无人可任户主，已标记“无户主”");
            }
            s
        }
        (
            Msg::ImportMoved {
                moved,
                renamed,
                new_heads,
                headless,
            },
            En,
        ) => {
            let mut s = format!(
                "moved {}, renamed {}",
                count(*moved as u64, "resident", "residents"),
                count(*renamed as u64, "resident", "residents")
            );
            if *new_heads > 0 {
                s += &format!(
                    "; {} lost {} head and got a new one by relation",
                    count(*new_heads as u64, "household", "households"),
                    if *new_heads == 1 { "its" } else { "their" }
                );
            }
            if *headless > 0 {
                s += &format!(
                    "; {} lost {} head with no one to succeed (tagged 无户主)",
                    count(*headless as u64, "household", "households"),
                    if *headless == 1 { "its" } else { "their" }
                );
            }
            s
        }
    }
}

/// The progress line of an import on a terminal.
pub fn import_progress(stage: crate::store::import::Stage, n: usize, l: Lang) -> String {
    use crate::store::import::Stage;
    match (stage, l) {
        (Stage::Validate, Lang::Zh) => format!("检查中：已读 {n} 行"),
        (Stage::Validate, Lang::En) => format!("checking: {} read", count(n as u64, "row", "rows")),
        (Stage::Write, Lang::Zh) => format!("导入中：已写 {n} 行"),
        (Stage::Write, Lang::En) => {
            format!("importing: {} written", count(n as u64, "row", "rows"))
        }
        (Stage::Index, Lang::Zh) => format!("建立检索索引：{n} 位居民"),
        (Stage::Index, Lang::En) => format!(
            "building the search indexes: {}",
            count(n as u64, "resident", "residents")
        ),
    }
}

/// One bad line of an import, in the user's language.
pub fn import_error(e: &crate::store::import::LineError, l: Lang) -> String {
    use crate::store::import::Reason;
    let col = e.column.map(|c| l.pick(c.zh(), c.en()).to_string());
    let reason = match (&e.reason, l) {
        (Reason::Missing, Lang::Zh) => "不能为空".to_string(),
        (Reason::Missing, Lang::En) => "is empty".to_string(),
        (Reason::Id(x), _) => id_error(x, l),
        (Reason::Phone, _) => phone_error(&crate::domain::ident::PhoneError::Malformed, l),
        (Reason::Address(v), Lang::Zh) => {
            format!("“{v}”不是有效的地址（如 3-2-501、3号楼2单元501）")
        }
        (Reason::Address(v), Lang::En) => {
            format!("\"{v}\" is not an address (3-2-501, 3号楼2单元501)")
        }
        (Reason::UnknownCommunity { name, closest }, _) => {
            let base = l.pick("没有这个社区：", "no such community: ").to_string() + name;
            match closest {
                Some(c) => format!("{base}{}{c}", l.pick("；最接近的是 ", "; closest: ")),
                None => base,
            }
        }
        (Reason::Relation(v), Lang::Zh) => {
            format!("“{v}”不是与户主关系（户主、配偶、子、女…或 GB/T 4761 代码）")
        }
        (Reason::Relation(v), Lang::En) => {
            format!("\"{v}\" is not a relation (户主, 配偶, 子, 女, … or a GB/T 4761 code)")
        }
        (Reason::DuplicateId { first_line }, Lang::Zh) => {
            format!("与第{first_line}行的身份证号重复")
        }
        (Reason::DuplicateId { first_line }, Lang::En) => {
            format!("the same ID as line {first_line}")
        }
        (Reason::TooLong, Lang::Zh) => "太长".to_string(),
        (Reason::TooLong, Lang::En) => "too long".to_string(),
        (Reason::Columns { found, expected }, Lang::Zh) => {
            format!("有{found}列，表头只有{expected}列")
        }
        (Reason::Columns { found, expected }, Lang::En) => {
            format!(
                "{}, the header has {expected}",
                count(*found as u64, "column", "columns")
            )
        }
        (Reason::NoColumn, Lang::Zh) => "表头缺少这一列".to_string(),
        (Reason::NoColumn, Lang::En) => "the header lacks this column".to_string(),
        (Reason::Encoding, Lang::Zh) => "无法读取这一行（编码或引号有误）".to_string(),
        (Reason::Encoding, Lang::En) => "cannot be read (encoding or quotes)".to_string(),
        (Reason::Conflict(c), _) => import_conflict(c, l),
        (Reason::ExcelNumber(shown), _) => excel_number(
            e.column == Some(crate::store::import::Col::IdNumber),
            shown,
            l,
        ),
    };
    match (col, l) {
        (Some(c), Lang::Zh) => format!("第{}行 {c}：{reason}", e.line),
        (Some(c), Lang::En) => format!("line {}, {c}: {reason}", e.line),
        (None, Lang::Zh) => format!("第{}行：{reason}", e.line),
        (None, Lang::En) => format!("line {}: {reason}", e.line),
    }
}

/// A row that would move or rename a registered person without leave.
fn import_conflict(c: &crate::store::import::Conflict, l: Lang) -> String {
    let new = c.new_name.as_deref().unwrap_or_default();
    match (l, c.moves, c.renames) {
        (Lang::Zh, m, r) => {
            let what = match (m, r) {
                (true, true) => format!(
                    "本行会把此人迁到另一户并改名为{new}；确需如此，请同时加 --move 和 --rename"
                ),
                (false, true) => format!("本行会把此人改名为{new}；确需改名，请加 --rename"),
                _ => "本行会把此人迁到另一户；确需迁户，请加 --move".to_string(),
            };
            format!("{} 已登记在{}，姓名{}：{what}", c.id, c.at, c.name)
        }
        (Lang::En, m, r) => {
            let what = match (m, r) {
                (true, true) => format!(
                    "this line would move them to another household and rename them {new}; to do both, give --move and --rename"
                ),
                (false, true) => {
                    format!("this line would rename them {new}; to rename, give --rename")
                }
                _ => "this line would move them to another household; to move, give --move"
                    .to_string(),
            };
            format!("{} is registered at {} as {}: {what}", c.id, c.at, c.name)
        }
    }
}

/// The “why” of a name cell refused as typed text.
fn free_text_error(e: &crate::domain::text::FreeTextError, l: Lang) -> String {
    use crate::domain::text::FreeTextError as T;
    match (e, l) {
        (T::Empty, Lang::Zh) => "不能为空".into(),
        (T::Empty, Lang::En) => "is empty".into(),
        (T::TooLong { limit, len }, Lang::Zh) => format!("最多 {limit} 个字，现有 {len}"),
        (T::TooLong { limit, len }, Lang::En) => {
            format!("at most {limit} characters, this has {len}")
        }
        (T::Control { at, code }, Lang::Zh) => format!("第 {at} 个字符是控制字符（U+{code:04X}）"),
        (T::Control { at, code }, Lang::En) => {
            format!("a control character (U+{code:04X}) at character {at}")
        }
    }
}

/// A line, its column and the reason, as every import writes them.
fn at_line(line: usize, col: Option<String>, reason: String, l: Lang) -> String {
    match (col, l) {
        (Some(c), Lang::Zh) => format!("第{line}行 {c}：{reason}"),
        (Some(c), Lang::En) => format!("line {line}, {c}: {reason}"),
        (None, Lang::Zh) => format!("第{line}行：{reason}"),
        (None, Lang::En) => format!("line {line}: {reason}"),
    }
}

/// One problem of a grid import (`griddesk import grid`).
pub fn grid_problem(p: &crate::store::grid_import::GridProblem, l: Lang) -> String {
    use crate::store::grid_import::{GridReason as R, MAX_COUNT};
    let reason = match (&p.reason, l) {
        (R::Missing, Lang::Zh) => "不能为空".to_string(),
        (R::Missing, Lang::En) => "is empty".to_string(),
        (R::NoColumn, Lang::Zh) => "表头缺少这一列".to_string(),
        (R::NoColumn, Lang::En) => "the header lacks this column".to_string(),
        (R::Columns { found, expected }, Lang::Zh) => format!("有{found}列，表头只有{expected}列"),
        (R::Columns { found, expected }, Lang::En) => format!(
            "{}, the header has {expected}",
            count(*found as u64, "column", "columns")
        ),
        (R::Encoding, Lang::Zh) => "无法读取这一行（编码或引号有误）".to_string(),
        (R::Encoding, Lang::En) => "cannot be read (encoding or quotes)".to_string(),
        (R::Text(e), _) => free_text_error(e, l),
        (R::Building(v), Lang::Zh) => {
            format!("“{v}”不是楼栋（3、3号楼、3栋）或居民小组（第三居民小组、3组）")
        }
        (R::Building(v), Lang::En) => format!(
            "\"{v}\" is not a building (3, 3号楼, 3栋) or a resident group (第三居民小组, 3组)"
        ),
        (R::Count(v), Lang::Zh) => format!("“{v}”不是 1 到 {MAX_COUNT} 之间的整数"),
        (R::Count(v), Lang::En) => format!("\"{v}\" is not a whole number from 1 to {MAX_COUNT}"),
        (R::OnlyForBuilding, Lang::Zh) => "只用于楼栋或居民小组，本行没有楼栋".to_string(),
        (R::OnlyForBuilding, Lang::En) => {
            "belongs to a building or group, and this line has none".to_string()
        }
        (
            R::Elsewhere {
                name,
                registered_under,
                line_says,
            },
            Lang::Zh,
        ) => format!(
            "{name} 已登记在 {registered_under} 下，本行写的是 {line_says}；导入不会迁移它，请核对文件"
        ),
        (
            R::Elsewhere {
                name,
                registered_under,
                line_says,
            },
            Lang::En,
        ) => format!(
            "{name} is registered under {registered_under}, this line says {line_says}; an import never moves it: check the file"
        ),
        (R::Clash { name, existing }, Lang::Zh) => {
            format!("{name} 与已有的 {existing} 冲突（重名或同号）")
        }
        (R::Clash { name, existing }, Lang::En) => {
            format!(
                "{name} clashes with {existing} (another kind of node with that name or number)"
            )
        }
        (R::Twice { first_line }, Lang::Zh) => format!("与第{first_line}行是同一个楼栋"),
        (R::Twice { first_line }, Lang::En) => format!("the same building as line {first_line}"),
        (R::NoDistrict, Lang::Zh) => {
            "数据库里还没有区：先运行 griddesk init --district 区名".to_string()
        }
        (R::NoDistrict, Lang::En) => {
            "the database has no district yet: run griddesk init --district NAME first".to_string()
        }
        (R::RenameForm(v), Lang::Zh) => format!("--rename {v}：应写成 旧名=新名"),
        (R::RenameForm(v), Lang::En) => format!("--rename {v}: write it OLD=NEW"),
        (R::RenameNode(old, e), _) => format!("--rename {old}: {}", error(e, l)),
    };
    if p.line == 0 {
        // A problem of the command line: a `--rename` says so itself.
        return match &p.reason {
            R::Clash { .. } | R::Text(_) => format!("--rename: {reason}"),
            _ => reason,
        };
    }
    let col = p.column.map(|c| l.pick(c.zh(), c.en()).to_string());
    at_line(p.line, col, reason, l)
}

/// A leader (楼栋长) the grid file names who is not staff yet.
pub fn leader_not_staff(line: usize, login: &str, l: Lang) -> String {
    match l {
        Lang::Zh => {
            format!("第{line}行：楼栋长 {login} 还不是工作人员：导入人员后再导入一次本文件即可设置")
        }
        Lang::En => format!(
            "line {line}: leader {login} is not staff yet: import the staff file, then this file again to set it"
        ),
    }
}

/// One problem of a staff import (`griddesk import staff`).
pub fn staff_problem(p: &crate::store::staff_import::StaffProblem, l: Lang) -> String {
    use crate::store::staff_import::StaffReason as R;
    let reason = match (&p.reason, l) {
        (R::Missing, Lang::Zh) => "不能为空".to_string(),
        (R::Missing, Lang::En) => "is empty".to_string(),
        (R::NoColumn, Lang::Zh) => "表头缺少这一列".to_string(),
        (R::NoColumn, Lang::En) => "the header lacks this column".to_string(),
        (R::Columns { found, expected }, Lang::Zh) => format!("有{found}列，表头只有{expected}列"),
        (R::Columns { found, expected }, Lang::En) => format!(
            "{}, the header has {expected}",
            count(*found as u64, "column", "columns")
        ),
        (R::Encoding, Lang::Zh) => "无法读取这一行（编码或引号有误）".to_string(),
        (R::Encoding, Lang::En) => "cannot be read (encoding or quotes)".to_string(),
        (R::Login(v), Lang::Zh) => format!("“{v}”不是登录名（一个词，不含空格）"),
        (R::Login(v), Lang::En) => format!("\"{v}\" is not a login (one word, no spaces)"),
        (R::Role(v), Lang::Zh) => format!(
            "“{v}”不是角色：counter（窗口）、agent（代办员）、grid_leader（片区长/楼栋长）或 supervisor（站长/主任）"
        ),
        (R::Role(v), Lang::En) => {
            format!("\"{v}\" is not a role: counter, agent, grid_leader or supervisor")
        }
        (R::Twice { first_line }, Lang::Zh) => format!("与第{first_line}行的登录名重复"),
        (R::Twice { first_line }, Lang::En) => format!("the same login as line {first_line}"),
        (R::Store(e), _) => error(e, l),
        (R::ExcelNumber(shown), _) => excel_number(false, shown, l),
    };
    let col = p.column.map(|c| l.pick(c.zh(), c.en()).to_string());
    at_line(p.line, col, reason, l)
}

/// The kinds of entry in a request's timeline, (code, Chinese, English).
pub const EVENT_KINDS: &[(&str, &str, &str)] = &[
    ("created", "登记", "registered"),
    ("assign", "派遣", "assigned"),
    ("start", "开始办理", "started"),
    ("step", "办理步骤", "step"),
    ("note", "内部备注", "note"),
    ("reply", "答复居民", "reply"),
    ("wait", "挂起", "waiting"),
    ("resume", "恢复办理", "resumed"),
    ("escalate", "上报", "escalated"),
    ("return", "回退", "returned"),
    ("resolve", "办结", "resolved"),
    ("follow_up", "回访", "follow-up"),
    ("reopen", "重办", "reopened"),
    ("cancel", "撤销", "cancelled"),
    ("custody_in", "收材料", "original in"),
    ("custody_out", "还材料", "handed back"),
    ("correction", "整改", "correction"),
    ("update", "修改", "changed"),
    ("void", "作废", "voided"),
    ("reassign", "改派", "reassigned"),
    ("claim", "认领", "claimed"),
    ("claim_withdraw", "撤回认领", "claim withdrawn"),
    ("thanks", "居民致谢", "thanks"),
    ("settle", "会议议定", "settled"),
    ("round", "重新提议", "new round"),
    ("attend", "参加活动", "attended"),
    ("points_correction", "积分更正", "points corrected"),
    ("join", "加入", "joined"),
    ("leave", "退出", "left"),
    ("family", "帮扶家庭", "family"),
    ("reveal", "查看完整信息", "revealed"),
];

/// A timeline entry's kind in the user's language; a kind not known here
/// is shown as stored.
pub fn event_kind(code: &str, l: Lang) -> &str {
    EVENT_KINDS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(code, |(_, zh, en)| l.pick(zh, en))
}

/// A step (办理步骤) is written on an open request only.
pub fn step_refused(s: Status, l: Lang) -> String {
    match l {
        Lang::Zh => format!(
            "“{}”状态的办件不能记录办理步骤；如需继续办理，请先重办",
            status(s, l)
        ),
        Lang::En => format!(
            "a {} request takes no handling steps; reopen it first to go on",
            status(s, l)
        ),
    }
}

/// Sentences of the building chart screen.
#[derive(Debug, Clone)]
pub enum ChartSay {
    /// The box's title: the chart of this building.
    Title(String),
    /// Enter, `v` or `n` on a room with no household.
    Vacant(String),
    /// `/` with a room the chart does not have.
    NoSuchRoom(String),
    /// `/` with nothing typed.
    RoomEmpty,
    /// The jump field's label.
    JumpLabel,
    /// The building hit at the top of Lookup's results.
    BuildingHit(String),
    /// While the chart is read.
    Loading,
}

pub fn chart_say(m: &ChartSay, l: Lang) -> String {
    use Lang::*;
    match (m, l) {
        (ChartSay::Title(b), Zh) => format!("楼盘表 {b}"),
        (ChartSay::Title(b), En) => format!("building chart {b}"),
        (ChartSay::Vacant(r), Zh) => format!("{r} 是空房：没有登记住户"),
        (ChartSay::Vacant(r), En) => format!("{r} is vacant: no household registered"),
        (ChartSay::NoSuchRoom(r), Zh) => {
            format!("房号：本楼没有“{r}”（可输入 1-501 或 501）")
        }
        (ChartSay::NoSuchRoom(r), En) => {
            format!("room: this building has no \"{r}\" (type 1-501 or 501)")
        }
        (ChartSay::RoomEmpty, Zh) => "房号：请输入房号，如 1-501 或 501".into(),
        (ChartSay::RoomEmpty, En) => "room: type a room, e.g. 1-501 or 501".into(),
        (ChartSay::JumpLabel, Zh) => "跳到房号（单元-房号，如 1-501；Enter 跳转，Esc 取消）".into(),
        (ChartSay::JumpLabel, En) => {
            "go to room (unit-room, e.g. 1-501; Enter goes, Esc cancels)".into()
        }
        (ChartSay::BuildingHit(b), Zh) => format!("楼盘表 {b}"),
        (ChartSay::BuildingHit(b), En) => format!("building chart {b}"),
        (ChartSay::Loading, Zh) => "正在读取楼盘表…".into(),
        (ChartSay::Loading, En) => "reading the building chart…".into(),
    }
}

/// The command line's refusals and headings that clap would otherwise
/// print in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageSay {
    /// A value not among the choices, with the choices.
    Choice {
        arg: String,
        value: String,
        valid: Vec<String>,
    },
    UnknownArg {
        arg: String,
        try_this: Option<String>,
    },
    UnknownCommand {
        name: String,
        try_this: Option<String>,
    },
    /// Required arguments not given.
    Missing(Vec<String>),
    MissingCommand,
    /// A value of the wrong kind (a number expected).
    BadValue {
        arg: String,
        value: String,
    },
    Conflict {
        arg: String,
        other: Vec<String>,
    },
    /// Anything else clap refuses: its kind of error.
    Other(String),
    UsageLine(String),
    MoreHelp,
    /// The heading of a help page's examples.
    Examples,
}

pub fn usage_say(m: &UsageSay, l: Lang) -> String {
    use Lang::*;
    match (m, l) {
        (UsageSay::Choice { arg, value, valid }, Zh) if value.is_empty() => {
            format!("{arg}：需要一个值，应为 {} 之一", valid.join("、"))
        }
        (UsageSay::Choice { arg, value, valid }, En) if value.is_empty() => {
            format!("{arg}: a value is needed, one of {}", valid.join(", "))
        }
        (UsageSay::Choice { arg, value, valid }, Zh) => {
            format!("{arg} {value}：应为 {} 之一", valid.join("、"))
        }
        (UsageSay::Choice { arg, value, valid }, En) => {
            format!("{arg} {value}: one of {}", valid.join(", "))
        }
        (UsageSay::UnknownArg { arg, try_this }, Zh) => match try_this {
            Some(t) => format!("没有这个选项：{arg}（是不是 {t}？）"),
            None => format!("没有这个选项：{arg}"),
        },
        (UsageSay::UnknownArg { arg, try_this }, En) => match try_this {
            Some(t) => format!("no such option: {arg} (did you mean {t}?)"),
            None => format!("no such option: {arg}"),
        },
        (UsageSay::UnknownCommand { name, try_this }, Zh) => match try_this {
            Some(t) => format!("没有这个子命令：{name}（是不是 {t}？）"),
            None => format!("没有这个子命令：{name}"),
        },
        (UsageSay::UnknownCommand { name, try_this }, En) => match try_this {
            Some(t) => format!("no such subcommand: {name} (did you mean {t}?)"),
            None => format!("no such subcommand: {name}"),
        },
        (UsageSay::Missing(args), Zh) => format!("缺少必需的参数：{}", args.join("、")),
        (UsageSay::Missing(args), En) => {
            format!("required arguments missing: {}", args.join(", "))
        }
        (UsageSay::MissingCommand, Zh) => "缺少子命令".into(),
        (UsageSay::MissingCommand, En) => "a subcommand is needed".into(),
        (UsageSay::BadValue { arg, value }, Zh) => format!("{arg} {value}：值的格式不对"),
        (UsageSay::BadValue { arg, value }, En) => format!("{arg} {value}: not a valid value"),
        (UsageSay::Conflict { arg, other }, Zh) => {
            format!("{arg} 不能与 {} 同时使用", other.join("、"))
        }
        (UsageSay::Conflict { arg, other }, En) => {
            format!("{arg} cannot be used with {}", other.join(", "))
        }
        (UsageSay::Other(kind), Zh) => format!("命令行有误（{kind}）"),
        (UsageSay::Other(kind), En) => format!("the command line is wrong ({kind})"),
        (UsageSay::UsageLine(u), Zh) => format!("用法：{u}"),
        (UsageSay::UsageLine(u), En) => format!("Usage: {u}"),
        (UsageSay::MoreHelp, Zh) => "更多信息请加 --help".into(),
        (UsageSay::MoreHelp, En) => "For more information, try --help".into(),
        (UsageSay::Examples, Zh) => "示例：".into(),
        (UsageSay::Examples, En) => "Examples:".into(),
    }
}

/// Why a file cannot be read as a table (a sheet not found, a workbook
/// calamine cannot read).
pub fn table_error(e: &crate::store::table::TableError, l: Lang) -> String {
    use crate::store::table::TableError as T;
    match (e, l) {
        (T::Io(e), _) => e.to_string(),
        (T::NoSheet { asked, sheets }, Lang::Zh) => {
            format!(
                "没有名为“{asked}”的工作表；本文件的工作表：{}",
                sheets.join("、")
            )
        }
        (T::NoSheet { asked, sheets }, Lang::En) => {
            format!(
                "no sheet named \"{asked}\"; the sheets are: {}",
                sheets.join(", ")
            )
        }
        (T::NoSheets, Lang::Zh) => "这个工作簿没有工作表".into(),
        (T::NoSheets, Lang::En) => "the workbook has no sheet".into(),
        (T::Unreadable(why), Lang::Zh) => format!("无法读取这个 Excel/WPS 文件（{why}）"),
        (T::Unreadable(why), Lang::En) => format!("cannot read this Excel/WPS file ({why})"),
        (T::SheetOfCsv(s), Lang::Zh) => {
            format!("--sheet {s}：这是 CSV 文件，没有工作表")
        }
        (T::SheetOfCsv(s), Lang::En) => format!("--sheet {s}: a CSV file has no sheets"),
    }
}

/// An ID or phone Excel has turned into a number: refused with advice.
/// `id`: the ID column, else a phone.
pub fn excel_number(id: bool, shown: &str, l: Lang) -> String {
    match (id, l) {
        (true, Lang::Zh) => {
            format!("Excel 把身份证号存成了数字（{shown}），请把该列设为文本格式后重新输入")
        }
        (false, Lang::Zh) => {
            format!("Excel 把电话存成了数字（{shown}），请把该列设为文本格式后重新输入")
        }
        (true, Lang::En) => format!(
            "Excel turned this ID into a number ({shown}): format the column as Text and type it again"
        ),
        (false, Lang::En) => format!(
            "Excel turned this phone number into a number ({shown}): format the column as Text and type it again"
        ),
    }
}

/// The rules of community decisions, meetings and weekly reports.
pub fn decision_error(e: &crate::store::matter::DecisionError, l: Lang) -> String {
    use crate::store::matter::DecisionError as D;
    use Lang::*;
    match (e, l) {
        (D::OutOfOrder { next, asked }, Zh) => format!(
            "步骤不能跳过：下一步应为“{}”，不能先记录“{}”",
            next.zh(),
            asked.zh()
        ),
        (D::OutOfOrder { next, asked }, En) => format!(
            "steps go in order: the next is \"{}\", not \"{}\"",
            next.en(),
            asked.en()
        ),
        (D::AlreadyRecorded(s), Zh) => format!("“{}”本轮已记录，不能重复记录", s.zh()),
        (D::AlreadyRecorded(s), En) => {
            format!("\"{}\" is recorded already in this round", s.en())
        }
        (D::Stopped(s), Zh) => format!(
            "本事项在“{}”表决未通过，已中止；如需再议，请先开始新一轮（griddesk matter restart）",
            s.zh()
        ),
        (D::Stopped(s), En) => format!(
            "this matter stopped at \"{}\" (the vote failed); start a new round first (griddesk matter restart)",
            s.en()
        ),
        (D::Finished, Zh) => "本事项六个步骤均已完成".into(),
        (D::Finished, En) => "all six steps of this matter are recorded".into(),
        (D::NotStopped, Zh) => "只有表决未通过而中止的事项才能开始新一轮".into(),
        (D::NotStopped, En) => "a new round starts only after a failed vote".into(),
        (D::Attendance { present, expected }, Zh) => format!(
            "{}：实到 {present} 人，应到 {expected} 人；应到须大于 0，实到不能多于应到",
            field(Field::Attendance, l)
        ),
        (D::Attendance { present, expected }, En) => format!(
            "{}: {present} present of {expected} expected; more than none must be expected, and no more present than expected",
            field(Field::Attendance, l)
        ),
        (D::Votes { total, present }, Zh) => format!(
            "{}：票数合计 {total}，多于实到人数 {present}",
            field(Field::Votes, l)
        ),
        (D::Votes { total, present }, En) => format!(
            "{}: {total} votes in all, more than the {present} present",
            field(Field::Votes, l)
        ),
        (D::NotForStep { what, step }, Zh) => {
            format!("“{}”不记录{}", step.zh(), field(*what, l))
        }
        (D::NotForStep { what, step }, En) => {
            format!("\"{}\" records no {}", step.en(), field(*what, l))
        }
        (D::PostedDays(d), Zh) => {
            format!("{}：至少公示 7 天，输入了 {d} 天", field(Field::Days, l))
        }
        (D::PostedDays(d), En) => format!(
            "{}: a notice stays posted at least 7 days, not {d}",
            field(Field::Days, l)
        ),
        (D::Before { day, previous }, Zh) => format!(
            "{}：{day} 早于上一步骤的日期 {previous}",
            field(Field::Date, l)
        ),
        (D::Before { day, previous }, En) => format!(
            "{}: {day} is before the previous step's {previous}",
            field(Field::Date, l)
        ),
        (D::Future(d), Zh) => format!("{}：{d} 在今天之后", field(Field::Date, l)),
        (D::Future(d), En) => format!("{}: {d} is after today", field(Field::Date, l)),
        (D::FutureWeek(w), Zh) => format!("{}：{w} 尚未开始", field(Field::Week, l)),
        (D::FutureWeek(w), En) => format!("{}: {w} has not begun", field(Field::Week, l)),
        (D::NotLeader(who), Zh) => format!("{who} 不是任何楼栋或居民小组的楼栋长/小组长"),
        (D::NotLeader(who), En) => format!("{who} leads no building or resident group"),
        (D::NotYourWeek(who), Zh) => {
            format!("只有楼栋长本人（或站长/主任）可以确认 {who} 的周报")
        }
        (D::NotYourWeek(who), En) => {
            format!("only {who} (or a supervisor) can confirm {who}'s week")
        }
        (D::MeetingAhead(d), Zh) => format!("会议日期 {d} 尚未到，不能记录议定事项"),
        (D::MeetingAhead(d), En) => {
            format!("the meeting of {d} has not been held; nothing can be settled at it yet")
        }
    }
}
