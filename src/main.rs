//! griddesk: the command line → the TUI or one command.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use griddesk::cli::act::Action;
use griddesk::cli::{self, Ctx, Failure};
use griddesk::domain::lifecycle::Channel;
use griddesk::i18n::Lang;
use griddesk::store::demo::Scale;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "griddesk",
    version,
    about = "Counter terminal for community service halls / 社区党群服务站窗口终端"
)]
struct Cli {
    /// Database file, which must exist (only `init` and `demo` make one); else GRIDDESK_DB, then db_path in /etc/griddesk/config.toml, then the data directory; e.g. /srv/griddesk/hall.db
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Interface language (else lang in the config, then LANG/LC_ALL), e.g. --lang zh
    #[arg(long, global = true)]
    lang: Option<LangArg>,
    /// Open the demo district, made on first use, e.g. griddesk --demo
    #[arg(long)]
    demo: bool,
    /// Plain-ASCII borders, for terminals that draw box characters double-width, e.g. griddesk --ascii
    #[arg(long)]
    ascii: bool,
    #[command(subcommand)]
    cmd: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Make a demo database
    Demo {
        /// How big a district: small (tests), district (a real one's size) or large, e.g. --scale small
        #[arg(long, value_enum, default_value_t = ScaleArg::District)]
        scale: ScaleArg,
        /// The random seed: the same seed makes the same district, e.g. --seed 7
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The last day of the demo's year of requests (default: today), e.g. 2026-11-27
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
    },
    /// Look up households, residents and requests (and the party members
    /// the operator may see).
    ///
    /// Exit status, as grep's: 0 something found, 1 nothing matches (the
    /// message on stderr; `--json` prints `[]`), 2 an empty query, `--limit 0`
    /// or another usage error.
    Find {
        /// A name, pinyin, initials, address, phone, resident ID or ticket, e.g. 张三, zhangsan, zs, 3-2-501
        query: String,
        /// The hits as JSON, e.g. griddesk find 张 --json
        #[arg(long)]
        json: bool,
        /// At most this many hits (1 or more), e.g. --limit 5
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Register a request and print its ticket number
    Register {
        /// Address or household number, e.g. 锦华家园 3-2-501 or 锦华家园 3号楼2单元501
        #[arg(long, value_name = "ADDR-OR-ID")]
        household: Option<String>,
        /// The requester's 18-character resident ID, e.g. 411602199001011234
        #[arg(long, value_name = "ID")]
        resident: Option<String>,
        /// The category's code or name (see `griddesk categories`), e.g. errand.dibao, dibao or 低保申请
        #[arg(long)]
        category: String,
        /// What the resident asks, as they said it, e.g. "申请低保，家中两位老人"
        #[arg(long)]
        text: String,
        /// How the request came in (a Chinese name is taken too: 来访 来电 走访 上级交办), e.g. --channel phone
        #[arg(long, value_enum, ignore_case = true, default_value_t = ChannelArg::WalkIn)]
        channel: ChannelArg,
        /// Register even if the same request (household, category, text) was registered in the last 2 minutes, e.g. griddesk register … --again
        #[arg(long)]
        again: bool,
    },
    /// Show a request with its timeline
    Show {
        /// The ticket number, e.g. 20261127-0001
        ticket: String,
        /// The request and its timeline as JSON, e.g. griddesk show 20261127-0001 --json
        #[arg(long)]
        json: bool,
    },
    /// The request categories: list them, or export and import them (supervisors)
    Categories {
        #[command(subcommand)]
        what: Option<CategoriesWhat>,
    },
    /// Integrity and schema version
    Check {
        /// The result as JSON, e.g. griddesk check --json
        #[arg(long)]
        json: bool,
    },
    /// A consistent copy of a live database
    Backup {
        /// A new file, in a directory that exists; never overwritten, e.g. /mnt/usb/hall-20261127.db
        dest: PathBuf,
    },
    /// The keymap in force
    Keys,
    /// Bring in the household register or the working-day calendar
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Requests, the report, or Open311 GeoReport v2
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// The current or last shift's handover record
    Handover {
        /// Also send it to the printer (or the print folder), e.g. griddesk handover --print
        #[arg(long)]
        print: bool,
    },
    /// 派遣: give a request to a member of staff (login or name)
    Assign {
        #[command(flatten)]
        req: ReqArgs,
        /// The staff member's login or name, e.g. wangfang
        #[arg(long, value_name = "STAFF")]
        to: String,
    },
    /// 办理中: work on a request starts
    Start {
        #[command(flatten)]
        req: ReqArgs,
        /// A note for the timeline, e.g. --note "已电话联系"
        #[arg(long)]
        note: Option<String>,
    },
    /// Record a step of the handling (materials taken to the department, its answer)
    Step {
        #[command(flatten)]
        req: ReqArgs,
        /// What was done, e.g. "材料已送区人社局"
        text: String,
    },
    /// An internal note
    Note {
        #[command(flatten)]
        req: ReqArgs,
        /// The note, for staff only, e.g. "住户白天不在家"
        text: String,
    },
    /// A reply: what the resident is told
    Reply {
        #[command(flatten)]
        req: ReqArgs,
        /// What the resident is told, e.g. "请带户口本原件来窗口"
        text: String,
    },
    /// 挂起: waiting for the resident or a department; the due clock stops
    Wait {
        #[command(flatten)]
        req: ReqArgs,
        /// Who or what is awaited, e.g. --reason "等居民补交材料"
        #[arg(long)]
        reason: String,
    },
    /// Back to work after waiting
    Resume {
        #[command(flatten)]
        req: ReqArgs,
        /// A note for the timeline, e.g. --note "材料已补齐"
        #[arg(long)]
        note: Option<String>,
    },
    /// 上报: one level up the ladder, with a reason
    Escalate {
        #[command(flatten)]
        req: ReqArgs,
        /// Why it goes up, e.g. --reason "涉及多个部门，社区无法协调"
        #[arg(long)]
        reason: String,
    },
    /// 回退: one level down, with a reason
    Return {
        #[command(flatten)]
        req: ReqArgs,
        /// Why it goes back down, e.g. --reason "属社区职责，请社区办理"
        #[arg(long)]
        reason: String,
    },
    /// 办结: record the result
    Resolve {
        #[command(flatten)]
        req: ReqArgs,
        /// What was done and the outcome, e.g. --result "已办理低保，下月发放"
        #[arg(long)]
        result: String,
    },
    /// 回访: close with a rating, or reopen when the matter is not settled
    FollowUp {
        #[command(flatten)]
        req: ReqArgs,
        /// 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意 (a code or a name), e.g. --rating 5
        #[arg(long, value_enum, ignore_case = true)]
        rating: Option<RatingArg>,
        /// Not settled: reopens the request with this reason, e.g. --failed "问题没有解决"
        #[arg(long, value_name = "REASON")]
        failed: Option<String>,
    },
    /// Reopen a resolved request (a closed one: supervisors only)
    Reopen {
        #[command(flatten)]
        req: ReqArgs,
        /// Why it is opened again, e.g. --reason "居民反映问题复发"
        #[arg(long)]
        reason: String,
    },
    /// 撤销: cancel an open request, with a reason
    Cancel {
        #[command(flatten)]
        req: ReqArgs,
        /// Why it is cancelled, e.g. --reason "居民撤回申请"
        #[arg(long)]
        reason: String,
    },
    /// A new hall's database: the district, and you as its first supervisor
    Init {
        /// The district's name, e.g. 川汇区
        #[arg(long)]
        district: String,
        /// Its 6-digit administrative code, e.g. 411602
        #[arg(long)]
        code: Option<String>,
        /// Your name as staff see it (default: your login), e.g. 王芳
        #[arg(long)]
        name: Option<String>,
    },
    /// Staff: list, add, edit, disable, enable (supervisors only, logged)
    Staff {
        #[command(subcommand)]
        what: StaffWhat,
    },
    /// The grid one node at a time: add an area or a building, rename with a reason (supervisors)
    Grid {
        #[command(subcommand)]
        what: GridWhat,
    },
    /// The custody ledger of residents' originals
    Custody {
        #[command(subcommand)]
        what: CustodyWhat,
    },
    /// 入户走访: record a household visit
    Visit {
        /// The household's address or number, e.g. 锦华家园 3-2-501 or 锦华家园 3号楼2单元501
        address: String,
        /// What was seen or said, e.g. --note "老人身体尚可"
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 班次: end your shift, or accept the last one
    Shift {
        #[command(subcommand)]
        what: ShiftWhat,
    },
    /// 今日: your open items, and what is overdue, due today and registered today in your hall
    Today {
        /// The lists as JSON, e.g. griddesk today --json
        #[arg(long)]
        json: bool,
    },
    /// 楼盘表: a building's rooms, units across and floors down, with who
    /// lives there, their marks, warnings and days since the last visit.
    ///
    /// Exit status: 0 the chart; 2 an unknown building (the closest is
    /// named) or one that several match (the candidates are listed).
    Chart {
        /// The building or resident group, e.g. 锦华家园 3号楼, 锦华家园社区 3栋, 锦华家园 第一片区 3号楼, 高庄 第三居民小组
        building: String,
        /// The chart as JSON (no phones, no IDs), e.g. griddesk chart "锦华家园 3号楼" --json
        #[arg(long)]
        json: bool,
        /// Plain-ASCII symbols, for terminals that draw ★ ▲ ‼ double-width, e.g. griddesk chart "锦华家园 3号楼" --ascii
        #[arg(long)]
        ascii: bool,
    },
    /// The shell's completion script, to standard output
    Completions {
        /// The shell, e.g. bash
        #[arg(value_enum)]
        shell: ShellArg,
    },
    /// The manual page (roff), to standard output
    Man,
    /// 党员: party members reporting to their community (staff of that community and supervisors)
    Member {
        #[command(subcommand)]
        what: MemberWhat,
    },
    /// 活动: a community's activity, and who took part in it
    Activity {
        #[command(subcommand)]
        what: ActivityWhat,
    },
    /// 认领: a member, team or unit claims a micro-wish (or a unit a repair
    /// project); or withdraw, deliver, thank
    Claim {
        /// The ticket number, e.g. 20261127-0001
        ticket: String,
        /// A party member's name, e.g. 张伟 (or 张伟 区住建局, #12)
        #[arg(long, value_name = "NAME")]
        member: Option<String>,
        /// A volunteer team's name, e.g. 锦华家园志愿服务队
        #[arg(long, value_name = "NAME")]
        team: Option<String>,
        /// A unit's name, e.g. 区住建局
        #[arg(long, value_name = "NAME")]
        unit: Option<String>,
        /// The date the unit promises the project done by, e.g. 2026-12-31
        #[arg(long, value_name = "YYYY-MM-DD")]
        promised: Option<String>,
        /// Withdraw the claim with this reason, e.g. "党员外出学习"; the wish is free again
        #[arg(long, value_name = "REASON")]
        withdraw: Option<String>,
        /// Delivered: the request is resolved with this result, e.g. "书包已送到"
        #[arg(long, value_name = "RESULT")]
        delivered: Option<String>,
        /// The resident's thanks, e.g. "孩子很喜欢，谢谢"
        #[arg(long, value_name = "TEXT")]
        thanks: Option<String>,
    },
    /// 志愿服务队: teams, their members, the help they give, 金拐杖 pairs
    #[command(disable_help_subcommand = true)]
    Team {
        #[command(subcommand)]
        what: TeamWhat,
    },
    /// 积分: a member's points ledger; corrections; the points per kind
    Points {
        /// A party member's name, e.g. 张伟 (or #12)
        member: Option<String>,
        /// List the points per kind of activity, e.g. griddesk points --kinds
        #[arg(long)]
        kinds: bool,
        /// Set a kind's points (supervisors), e.g. volunteer=3
        #[arg(long, value_name = "KIND=N")]
        set: Option<String>,
        /// A correction: a new entry of N points (e.g. -2), with --reason (supervisors)
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        correct: Option<i64>,
        /// Why the correction, e.g. "重复登记"
        #[arg(long)]
        reason: Option<String>,
        /// The ledger entry corrected, e.g. 17
        #[arg(long, value_name = "ENTRY")]
        of: Option<i64>,
        /// Print the ledger as JSON, e.g. griddesk points 张伟 --json
        #[arg(long)]
        json: bool,
    },
    /// 双向反馈: the feedback letter to a member's workplace for a period
    Letter {
        /// A party member's name, e.g. 张伟 (or #12)
        member: String,
        /// First day, e.g. 2026-01-01
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        /// Last day, e.g. 2026-06-30
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        /// Also send it to the printer (or the print folder), e.g. griddesk letter 张伟 --from 2026-01-01 --to 2026-06-30 --print
        #[arg(long)]
        print: bool,
    },
    /// 单位: a unit and its party organisation (workplaces, units claiming projects)
    Unit {
        #[command(subcommand)]
        what: UnitWhat,
    },
    /// 四议两公开: community matters, step by step, and their notices (公示)
    Matter {
        #[command(subcommand)]
        what: cli::decisions::MatterWhat,
    },
    /// Consultation (协商议事会) and monthly joint meetings (联席会议)
    Meeting {
        #[command(subcommand)]
        what: cli::decisions::MeetingWhat,
    },
    /// 楼栋长周报: a building leader's week from the records, and its confirmation
    Week(cli::decisions::WeekArgs),
}

/// The interface languages.
#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

impl LangArg {
    fn as_str(self) -> &'static str {
        match self {
            LangArg::Zh => "zh",
            LangArg::En => "en",
        }
    }
}

/// The demo's sizes (`Scale`).
#[derive(Clone, Copy, ValueEnum)]
enum ScaleArg {
    Small,
    District,
    Large,
}

impl ScaleArg {
    fn as_str(self) -> &'static str {
        match self {
            ScaleArg::Small => "small",
            ScaleArg::District => "district",
            ScaleArg::Large => "large",
        }
    }
}

/// How a request came in (`Channel`): the code, or its Chinese or English name.
#[derive(Clone, Copy, ValueEnum)]
enum ChannelArg {
    #[value(alias = "来访")]
    WalkIn,
    #[value(alias = "来电")]
    Phone,
    #[value(alias = "走访")]
    Visit,
    #[value(alias = "上级交办")]
    Referred,
}

impl ChannelArg {
    fn as_str(self) -> &'static str {
        match self {
            ChannelArg::WalkIn => "walk-in",
            ChannelArg::Phone => "phone",
            ChannelArg::Visit => "visit",
            ChannelArg::Referred => "referred",
        }
    }
}

/// A follow-up's rating (`Rating`): the score, or its Chinese or English name.
#[derive(Clone, Copy, ValueEnum)]
enum RatingArg {
    #[value(name = "5", alias = "非常满意", alias = "very satisfied")]
    VerySatisfied,
    #[value(name = "4", alias = "满意", alias = "satisfied")]
    Satisfied,
    #[value(name = "3", alias = "基本满意", alias = "fairly satisfied")]
    FairlySatisfied,
    #[value(name = "2", alias = "不满意", alias = "dissatisfied")]
    Dissatisfied,
    #[value(name = "1", alias = "非常不满意", alias = "very dissatisfied")]
    VeryDissatisfied,
}

impl RatingArg {
    fn as_str(self) -> &'static str {
        match self {
            RatingArg::VerySatisfied => "5",
            RatingArg::Satisfied => "4",
            RatingArg::FairlySatisfied => "3",
            RatingArg::Dissatisfied => "2",
            RatingArg::VeryDissatisfied => "1",
        }
    }
}

/// A member's role (`Role`): the code, or its Chinese or English name.
#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    #[value(alias = "窗口")]
    Counter,
    #[value(alias = "代办员", alias = "errand agent")]
    Agent,
    #[value(name = "grid_leader", alias = "片区长/楼栋长", alias = "grid leader")]
    GridLeader,
    #[value(alias = "站长/主任")]
    Supervisor,
}

impl RoleArg {
    fn as_str(self) -> &'static str {
        match self {
            RoleArg::Counter => "counter",
            RoleArg::Agent => "agent",
            RoleArg::GridLeader => "grid_leader",
            RoleArg::Supervisor => "supervisor",
        }
    }
}

/// `export requests --format`.
#[derive(Clone, Copy, ValueEnum)]
enum RequestsFormat {
    Csv,
    Json,
    Xlsx,
}

impl RequestsFormat {
    fn as_str(self) -> &'static str {
        match self {
            RequestsFormat::Csv => "csv",
            RequestsFormat::Json => "json",
            RequestsFormat::Xlsx => "xlsx",
        }
    }
}

/// `export report --format`.
#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Md,
    Csv,
    Json,
    Xlsx,
}

impl ReportFormat {
    fn as_str(self) -> &'static str {
        match self {
            ReportFormat::Md => "md",
            ReportFormat::Csv => "csv",
            ReportFormat::Json => "json",
            ReportFormat::Xlsx => "xlsx",
        }
    }
}

/// `export grid --format` and `export households --format`: a table.
#[derive(Clone, Copy, ValueEnum)]
enum GridFormat {
    Csv,
    Xlsx,
}

impl GridFormat {
    fn as_str(self) -> &'static str {
        match self {
            GridFormat::Csv => "csv",
            GridFormat::Xlsx => "xlsx",
        }
    }
}

/// The shells `completions` writes for.
#[derive(Clone, Copy, ValueEnum)]
enum ShellArg {
    Bash,
    Zsh,
    Fish,
}

#[derive(Subcommand)]
enum MemberWhat {
    /// Register a member reporting to a community (报到登记)
    Add {
        /// The member's name, e.g. 张伟
        name: String,
        /// The community reported to, e.g. 锦华家园社区
        #[arg(long)]
        community: String,
        /// The workplace unit, e.g. 区住建局
        #[arg(long)]
        workplace: Option<String>,
        /// The workplace's party organisation, e.g. 区住建局机关党委
        #[arg(long)]
        party_org: Option<String>,
        /// The member's party branch, e.g. 第一党支部
        #[arg(long)]
        branch: Option<String>,
        /// A mobile or landline, e.g. 13812345678
        #[arg(long)]
        phone: Option<String>,
        /// The day reported (default: today), e.g. 2026-03-05
        #[arg(long, value_name = "YYYY-MM-DD")]
        reported: Option<String>,
        /// The member's resident ID when they live in the district, e.g. 411602199001011234
        #[arg(long, value_name = "ID")]
        resident: Option<String>,
    },
    /// Change a member's record (logged with before and after)
    Edit {
        /// The member: name, name and workplace, or #id, e.g. 张伟
        member: String,
        /// The new name, e.g. 张伟
        #[arg(long)]
        name: Option<String>,
        /// The community, e.g. 锦华家园社区
        #[arg(long)]
        community: Option<String>,
        /// The workplace unit, e.g. 区住建局
        #[arg(long)]
        workplace: Option<String>,
        /// The workplace's party organisation, e.g. 区住建局机关党委
        #[arg(long)]
        party_org: Option<String>,
        /// The party branch, e.g. 第一党支部
        #[arg(long)]
        branch: Option<String>,
        /// A mobile or landline, e.g. 13812345678
        #[arg(long)]
        phone: Option<String>,
    },
    /// A member leaves the community's roll, with a reason (the record stays)
    Leave {
        /// The member, e.g. 张伟
        member: String,
        /// Why, e.g. "工作调动"
        #[arg(long)]
        reason: String,
        /// The day (default: today), e.g. 2026-11-30
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// A member's record and points (phone masked)
    Show {
        /// The member, e.g. 张伟
        member: String,
        /// The phone in full (logged), e.g. griddesk member show 张伟 --reveal
        #[arg(long)]
        reveal: bool,
        /// Print the member as JSON, e.g. griddesk member show 张伟 --json
        #[arg(long)]
        json: bool,
    },
    /// Members of your community (supervisors: any), with their activities
    List {
        /// A community, e.g. 锦华家园社区
        #[arg(long)]
        community: Option<String>,
        /// Part of the workplace's name, e.g. 住建
        #[arg(long)]
        workplace: Option<String>,
        /// Only members who took part in an activity in the period, e.g. griddesk member list --active
        #[arg(long, conflicts_with = "inactive")]
        active: bool,
        /// Only members who took part in none, e.g. griddesk member list --inactive
        #[arg(long)]
        inactive: bool,
        /// First day of the period (default: 1 January), e.g. 2026-01-01
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        /// Last day of the period (default: today), e.g. 2026-11-30
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        /// Include members who left, e.g. griddesk member list --all
        #[arg(long)]
        all: bool,
        /// Print the list as JSON, e.g. griddesk member list --json
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ActivityWhat {
    /// Record an activity; prints its number
    Add {
        /// The community, e.g. 锦华家园社区
        #[arg(long)]
        community: String,
        /// volunteer (志愿服务), theme_day (主题党日), meeting (例会), micro_wish (微心愿), help (帮扶), opinion (意见征集), e.g. --kind volunteer
        #[arg(long)]
        kind: String,
        /// What it was, e.g. "清理楼道杂物"
        #[arg(long)]
        title: String,
        /// Hours, e.g. 2 or 1.5
        #[arg(long)]
        hours: String,
        /// The day (default: today), e.g. 2026-11-28
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// Take attendance: each member gets the kind's points
    Attend {
        /// The activity's number, e.g. 12
        activity: i64,
        /// A member who took part, e.g. 张伟; repeatable
        #[arg(long, value_name = "NAME")]
        member: Vec<String>,
    },
}

#[derive(Subcommand)]
enum TeamWhat {
    /// A new volunteer team
    Add {
        /// The team's name, e.g. 锦华家园志愿服务队
        name: String,
        /// Its community, e.g. 锦华家园社区
        #[arg(long)]
        community: String,
        /// The leader's name (a member's, or anyone's), e.g. 张伟
        #[arg(long)]
        leader: String,
    },
    /// A party member or a resident joins a team
    Join {
        /// The team, e.g. 锦华家园志愿服务队
        team: String,
        /// A party member's name, e.g. 张伟
        #[arg(long, value_name = "NAME")]
        member: Option<String>,
        /// A resident's ID number, e.g. 411602199001011234
        #[arg(long, value_name = "ID")]
        resident: Option<String>,
    },
    /// A help the team gave a family in difficulty (低保, 特困, 残疾, 空巢, 独居)
    Help {
        /// The team, e.g. 锦华家园志愿服务队
        team: String,
        /// The family's address or household number, e.g. 3-2-501
        #[arg(long, value_name = "ADDR-OR-ID")]
        household: String,
        /// living (生活帮扶), employment (就业帮扶), elderly (助老), study (助学), medical (医疗)
        #[arg(long)]
        kind: String,
        /// Hours, e.g. 2
        #[arg(long)]
        hours: String,
        /// What was done, e.g. "代购米面油"
        #[arg(long, default_value = "")]
        note: String,
        /// The job found (employment only), e.g. "物业保洁员"
        #[arg(long)]
        job: Option<String>,
        /// The day (default: today), e.g. 2026-11-28
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// 金拐杖: pair a helper with an empty-nest (空巢) household
    Pair {
        /// The helper's name (a member's, or anyone's), e.g. 张伟
        #[arg(long)]
        helper: String,
        /// The household's address or number, e.g. 3-2-501
        #[arg(long, value_name = "ADDR-OR-ID")]
        household: String,
        /// Since (default: today), e.g. 2026-03-01
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// A visit a 金拐杖 helper made
    Visit {
        /// The pair's number, e.g. 3
        pair: i64,
        /// The day (default: today), e.g. 2026-11-28
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// e.g. "陪老人就医"
        #[arg(long, default_value = "")]
        note: String,
    },
}

#[derive(Subcommand)]
enum UnitWhat {
    /// Register a unit, or set a known unit's party organisation
    Add {
        /// The unit's name, e.g. 区住建局
        name: String,
        /// Its party organisation, e.g. 区住建局机关党委
        #[arg(long, default_value = "")]
        party_org: String,
    },
}

/// What every action on a request takes.
#[derive(clap::Args)]
struct ReqArgs {
    /// The ticket number, e.g. 20261127-0001
    ticket: String,
    /// Refuse if the request changed since this version (shown as vN), e.g. --seen-version 3
    #[arg(long, value_name = "N")]
    seen_version: Option<i64>,
    /// Print the request as JSON, e.g. griddesk start 20261127-0001 --json
    #[arg(long)]
    json: bool,
}

/// A staff record's fields, as `staff add` and `staff edit` take them.
#[derive(clap::Args)]
struct StaffFields {
    /// The OS login the member works under, e.g. wangfang
    login: String,
    /// The name colleagues and residents see, e.g. 王芳
    #[arg(long)]
    name: Option<String>,
    /// counter (窗口), agent (代办员), grid_leader (片区长/楼栋长) or supervisor (站长/主任), e.g. --role agent
    #[arg(long, value_enum, ignore_case = true)]
    role: Option<RoleArg>,
    /// The hall: a community (its service station) or a subdistrict (its centre), e.g. 锦华家园社区
    #[arg(long)]
    hall: Option<String>,
    /// A mobile or landline, e.g. 13812345678
    #[arg(long)]
    phone: Option<String>,
}

#[derive(Subcommand)]
enum StaffWhat {
    /// The staff, by hall
    List {
        /// Include disabled members, e.g. griddesk staff list --all
        #[arg(long)]
        all: bool,
        /// The list as JSON, e.g. griddesk staff list --json
        #[arg(long)]
        json: bool,
    },
    /// Add a member of staff
    Add {
        #[command(flatten)]
        f: StaffFields,
    },
    /// Change a member's name, role, hall or phone
    Edit {
        #[command(flatten)]
        f: StaffFields,
    },
    /// Disable a member (kept, with their history)
    Disable {
        /// The member's login, e.g. wangfang
        login: String,
    },
    /// Enable a disabled member again
    Enable {
        /// The member's login, e.g. wangfang
        login: String,
    },
}

#[derive(Subcommand)]
enum CategoriesWhat {
    /// Write every category (active or not) as TOML, to FILE or standard output
    Export {
        /// A new TOML file (default: standard output), e.g. categories.toml
        file: Option<PathBuf>,
    },
    /// Add, rename, change limits, materials, departments or take out of use (active = false)
    Import {
        /// The TOML file, as `categories export` writes it, e.g. categories.toml
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum GridWhat {
    /// Add an area under a community, or a building under an area or community
    Add {
        /// Where it goes, e.g. 锦华家园社区 or 锦华家园 第一片区
        #[arg(long, value_name = "NODE")]
        under: String,
        /// The new area's name, e.g. 第三片区
        #[arg(long)]
        area: Option<String>,
        /// The new building's number, e.g. 12 or 12号楼
        #[arg(long)]
        building: Option<String>,
    },
    /// Rename a node, with the reason in the log
    Rename {
        /// The node as typed, e.g. 锦华家园 第一片区
        node: String,
        /// The new name, e.g. 第一网格
        #[arg(long)]
        to: String,
        /// Why, for the log, e.g. --reason "街道统一更名"
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand)]
enum CustodyWhat {
    /// Take an original into custody (held by you)
    In {
        #[command(flatten)]
        req: ReqArgs,
        /// The original, e.g. 户口本
        item: String,
    },
    /// Hand an original back to the resident
    Out {
        #[command(flatten)]
        req: ReqArgs,
        /// The original, as it was taken in, e.g. 户口本
        item: String,
    },
}

#[derive(Subcommand)]
enum ShiftWhat {
    /// End your shift with the handover note
    End {
        /// The handover note for the next shift, e.g. --note "3-2-501 明天来取材料"
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Accept the last ended shift, on your own login
    Accept,
    /// Start your shift at your hall (the screens start one when they open)
    Start,
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Households and residents from a CSV (UTF-8, UTF-8 with BOM, GBK; comma or tab) or an Excel/WPS workbook (.xlsx, .xls, .ods)
    Households {
        /// The register file, e.g. 户籍.csv
        file: PathBuf,
        /// Check and count, write nothing, e.g. griddesk import households 户籍.csv --dry-run
        #[arg(long)]
        dry_run: bool,
        /// Move a person whose ID is registered at another household to the row's (logged), e.g. --move
        #[arg(long = "move")]
        move_: bool,
        /// Change the name of a person whose ID is registered under another name (logged), e.g. --rename
        #[arg(long)]
        rename: bool,
        /// A workbook's sheet by name (default: the first), e.g. --sheet 住户
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
    },
    /// Holidays and make-up working days: date,holiday|workday[,note]
    Holidays {
        /// The calendar file, e.g. holidays-2027.csv
        file: PathBuf,
        /// A workbook's sheet by name (default: the first), e.g. --sheet 日历
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
    },
    /// The grid: 街道,社区,片区,楼栋 (or 居民小组),楼栋长,单元数,层数,每层户数 (supervisors; logged)
    Grid {
        /// The grid file, e.g. 网格.csv
        file: PathBuf,
        /// Check and count, write nothing, e.g. griddesk import grid 网格.csv --dry-run
        #[arg(long)]
        dry_run: bool,
        /// Rename a node first: OLD=NEW (OLD as `export report --node` takes it); repeatable, e.g. --rename "锦华家园 第一片区=第一网格"
        #[arg(long, value_name = "OLD=NEW")]
        rename: Vec<String>,
        /// A workbook's sheet by name (default: the first), e.g. --sheet 网格
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
    },
    /// Staff: 登录名,姓名,角色,所属服务站,电话 — added or updated (supervisors; logged)
    Staff {
        /// The staff file, e.g. 工作人员.csv
        file: PathBuf,
        /// Check and count, write nothing, e.g. griddesk import staff 工作人员.csv --dry-run
        #[arg(long)]
        dry_run: bool,
        /// A workbook's sheet by name (default: the first), e.g. --sheet 人员
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
    },
}

#[derive(Subcommand)]
enum ExportWhat {
    /// Households and residents in the import's format
    Households {
        /// IDs and phones in full (supervisors only; logged), e.g. griddesk export households --unmasked
        #[arg(long)]
        unmasked: bool,
        /// csv or xlsx, e.g. --format xlsx --out 住户.xlsx
        #[arg(long, value_enum, default_value_t = GridFormat::Csv)]
        format: GridFormat,
        #[command(flatten)]
        out: cli::data::OutArgs,
    },
    /// One row per request
    Requests {
        /// First day registered, e.g. --from 2026-01-01
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        /// Last day registered, e.g. --to 2026-11-30
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        /// The file format, e.g. --format json
        #[arg(long, value_enum, default_value_t = RequestsFormat::Csv)]
        format: RequestsFormat,
        /// Phones in full (supervisors only; logged), e.g. --unmasked
        #[arg(long)]
        unmasked: bool,
        #[command(flatten)]
        out: cli::data::OutArgs,
    },
    /// The report's indicators for a grid node and each node below it.
    ///
    /// A rate over nothing (no dispute found) has no value: "—" in md, an
    /// empty cell in csv.
    Report {
        /// First day (default: 1 January of --to's year); not after --to, e.g. 2026-01-01
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        /// Last day (default: today), e.g. 2026-11-30
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        /// A community, area or subdistrict: 第一片区 if only one has that
        /// name, else e.g. 锦华家园 第一片区, 锦华家园社区/第一片区 or 锦华家园社区第一片区
        #[arg(long, value_name = "NAME")]
        node: Option<String>,
        /// md (a table to read), csv (a spreadsheet), json (one object of indicator code → value) or xlsx (a sheet per grid level), e.g. --format csv
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        #[command(flatten)]
        out: cli::data::OutArgs,
    },
    /// Open311 GeoReport v2 service requests (JSON)
    Open311 {
        /// First day registered, e.g. --from 2026-01-01
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        /// Last day registered, e.g. --to 2026-11-30
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
    },
    /// The grid in the import's format (CSV with a BOM; headers in the interface language)
    Grid {
        /// The file format, e.g. --format xlsx
        #[arg(long, value_enum, default_value_t = GridFormat::Csv)]
        format: GridFormat,
        #[command(flatten)]
        out: cli::data::OutArgs,
    },
}

fn run(cli: Cli) -> Result<(), Failure> {
    // Completions and the man page need no database, nor a config that reads.
    let lang = || cli::help_zh::lang_in_force(cli.lang.map(LangArg::as_str));
    match cli.cmd {
        Some(Cmd::Completions { shell }) => return completions(shell, lang()),
        Some(Cmd::Man) => return man(lang()),
        _ => {}
    }
    let ctx = Ctx::new(cli.db.as_deref(), cli.lang.map(LangArg::as_str))?;
    match cli.cmd {
        None => {
            let path = if cli.demo {
                cli::demo::ensure(&ctx)?
            } else {
                ctx.db.clone()
            };
            let ctx = Ctx { db: path, ..ctx };
            cli::tui::run(&ctx, cli.ascii)
        }
        Some(Cmd::Demo { scale, seed, as_of }) => {
            let scale = Scale::parse(scale.as_str())
                .ok_or_else(|| Failure::usage(format!("--scale {}", scale.as_str())))?;
            let as_of = match as_of {
                Some(s) => Some(
                    griddesk::domain::calendar::parse_date(&s)
                        .ok_or_else(|| Failure::usage(format!("--as-of {s}: YYYY-MM-DD")))?,
                ),
                None => None,
            };
            cli::demo::make(&ctx, &ctx.db, scale, seed, as_of)
        }
        Some(Cmd::Find { query, json, limit }) => cli::find::run(&ctx, &query, json, limit),
        Some(Cmd::Register {
            household,
            resident,
            category,
            text,
            channel,
            again,
        }) => {
            let channel = Channel::parse(channel.as_str())
                .ok_or_else(|| Failure::usage(format!("--channel {}", channel.as_str())))?;
            cli::register::run(
                &ctx,
                &cli::register::Args {
                    household: household.as_deref(),
                    resident: resident.as_deref(),
                    category: &category,
                    text: &text,
                    channel,
                    again,
                },
            )
        }
        Some(Cmd::Show { ticket, json }) => cli::show::run(&ctx, &ticket, json),
        Some(Cmd::Categories { what: None }) => cli::show::categories(&ctx),
        Some(Cmd::Categories {
            what: Some(CategoriesWhat::Export { file }),
        }) => cli::admin::categories_export(&ctx, file.as_deref()),
        Some(Cmd::Categories {
            what: Some(CategoriesWhat::Import { file }),
        }) => cli::admin::categories_import(&ctx, &file),
        Some(Cmd::Check { json }) => cli::check::check(&ctx, json),
        Some(Cmd::Backup { dest }) => cli::check::backup(&ctx, &dest),
        Some(Cmd::Keys) => cli::tui::keys(&ctx),
        Some(Cmd::Import {
            what:
                ImportWhat::Households {
                    file,
                    dry_run,
                    move_,
                    rename,
                    sheet,
                },
        }) => cli::data::import_households(
            &ctx,
            &file,
            sheet.as_deref(),
            griddesk::store::import::Options {
                dry_run,
                allow_move: move_,
                allow_rename: rename,
            },
        ),
        Some(Cmd::Import {
            what: ImportWhat::Holidays { file, sheet },
        }) => cli::data::import_holidays(&ctx, &file, sheet.as_deref()),
        Some(Cmd::Export {
            what:
                ExportWhat::Requests {
                    from,
                    to,
                    format,
                    unmasked,
                    out,
                },
        }) => cli::data::export_requests(
            &ctx,
            from.as_deref(),
            to.as_deref(),
            format.as_str(),
            unmasked,
            &out,
        ),
        Some(Cmd::Export {
            what:
                ExportWhat::Report {
                    from,
                    to,
                    node,
                    format,
                    out,
                },
        }) => cli::data::export_report(
            &ctx,
            from.as_deref(),
            to.as_deref(),
            node.as_deref(),
            format.as_str(),
            &out,
        ),
        Some(Cmd::Export {
            what:
                ExportWhat::Households {
                    unmasked,
                    format,
                    out,
                },
        }) => cli::data::export_households(&ctx, unmasked, format.as_str(), &out),
        Some(Cmd::Export {
            what: ExportWhat::Open311 { from, to },
        }) => cli::data::export_open311(&ctx, from.as_deref(), to.as_deref()),
        Some(Cmd::Handover { print }) => cli::tui::handover(&ctx, print),
        Some(Cmd::Import {
            what:
                ImportWhat::Grid {
                    file,
                    dry_run,
                    rename,
                    sheet,
                },
        }) => cli::data::import_grid(&ctx, &file, sheet.as_deref(), &rename, dry_run),
        Some(Cmd::Import {
            what:
                ImportWhat::Staff {
                    file,
                    dry_run,
                    sheet,
                },
        }) => cli::data::import_staff(&ctx, &file, sheet.as_deref(), dry_run),
        Some(Cmd::Export {
            what: ExportWhat::Grid { format, out },
        }) => cli::data::export_grid(&ctx, format.as_str(), &out),
        Some(Cmd::Init {
            district,
            code,
            name,
        }) => cli::admin::init(&ctx, &district, code.as_deref(), name.as_deref()),
        Some(Cmd::Staff { what }) => staff(&ctx, what),
        Some(Cmd::Grid {
            what:
                GridWhat::Add {
                    under,
                    area,
                    building,
                },
        }) => cli::admin::grid_add(&ctx, &under, area.as_deref(), building.as_deref()),
        Some(Cmd::Grid {
            what: GridWhat::Rename { node, to, reason },
        }) => cli::admin::grid_rename(&ctx, &node, &to, &reason),
        Some(Cmd::Visit { address, note }) => cli::act::visit(&ctx, &address, &note),
        Some(Cmd::Shift {
            what: ShiftWhat::End { note },
        }) => cli::act::shift_end(&ctx, &note),
        Some(Cmd::Shift {
            what: ShiftWhat::Accept,
        }) => cli::act::shift_accept(&ctx),
        Some(Cmd::Shift {
            what: ShiftWhat::Start,
        }) => cli::admin::shift_start(&ctx),
        Some(Cmd::Today { json }) => cli::admin::today(&ctx, json),
        Some(Cmd::Chart {
            building,
            json,
            ascii,
        }) => cli::chart::run(&ctx, &building, json, ascii || cli.ascii),
        Some(Cmd::Member { what }) => member(&ctx, what),
        Some(Cmd::Activity {
            what:
                ActivityWhat::Add {
                    community,
                    kind,
                    title,
                    hours,
                    date,
                },
        }) => cli::party::activity_add(&ctx, &community, &kind, &title, &hours, date.as_deref()),
        Some(Cmd::Activity {
            what: ActivityWhat::Attend { activity, member },
        }) => cli::party::activity_attend(&ctx, activity, &member),
        Some(Cmd::Claim {
            ticket,
            member,
            team,
            unit,
            promised,
            withdraw,
            delivered,
            thanks,
        }) => cli::party::claim(
            &ctx,
            &cli::party::ClaimArgs {
                ticket: &ticket,
                member: member.as_deref(),
                team: team.as_deref(),
                unit: unit.as_deref(),
                promised: promised.as_deref(),
                withdraw: withdraw.as_deref(),
                delivered: delivered.as_deref(),
                thanks: thanks.as_deref(),
            },
        ),
        Some(Cmd::Team { what }) => team(&ctx, what),
        Some(Cmd::Points {
            member,
            kinds,
            set,
            correct,
            reason,
            of,
            json,
        }) => cli::party::points(
            &ctx,
            &cli::party::PointsArgs {
                member: member.as_deref(),
                kinds,
                set: set.as_deref(),
                correct,
                reason: reason.as_deref(),
                of,
                json,
            },
        ),
        Some(Cmd::Letter {
            member,
            from,
            to,
            print,
        }) => cli::party::letter(&ctx, &member, &from, &to, print),
        Some(Cmd::Unit {
            what: UnitWhat::Add { name, party_org },
        }) => cli::party::unit_add(&ctx, &name, &party_org),
        Some(Cmd::Matter { what }) => cli::decisions::matter(&ctx, what),
        Some(Cmd::Meeting { what }) => cli::decisions::meeting(&ctx, what),
        Some(Cmd::Week(a)) => cli::decisions::week(&ctx, &a),
        Some(cmd) => {
            let Some((req, action)) = request_action(cmd) else {
                return Err(Failure::usage("griddesk --help"));
            };
            let common = cli::act::Common {
                ticket: &req.ticket,
                seen_version: req.seen_version,
                json: req.json,
            };
            cli::act::run(&ctx, &common, action)
        }
    }
}

fn staff(ctx: &Ctx, what: StaffWhat) -> Result<(), Failure> {
    fn args(f: &StaffFields) -> cli::admin::StaffArgs<'_> {
        cli::admin::StaffArgs {
            login: &f.login,
            name: f.name.as_deref(),
            role: f.role.map(RoleArg::as_str),
            hall: f.hall.as_deref(),
            phone: f.phone.as_deref(),
        }
    }
    let only = |login: &str| StaffFields {
        login: login.to_string(),
        name: None,
        role: None,
        hall: None,
        phone: None,
    };
    match what {
        StaffWhat::List { all, json } => cli::admin::list(ctx, all, json),
        StaffWhat::Add { f } => cli::admin::add(ctx, &args(&f)),
        StaffWhat::Edit { f } => cli::admin::edit(ctx, &args(&f), None),
        StaffWhat::Disable { login } => cli::admin::edit(ctx, &args(&only(&login)), Some(false)),
        StaffWhat::Enable { login } => cli::admin::edit(ctx, &args(&only(&login)), Some(true)),
    }
}

fn member(ctx: &Ctx, what: MemberWhat) -> Result<(), Failure> {
    match what {
        MemberWhat::Add {
            name,
            community,
            workplace,
            party_org,
            branch,
            phone,
            reported,
            resident,
        } => cli::party::member_add(
            ctx,
            &cli::party::MemberArgs {
                name: &name,
                community: &community,
                workplace: workplace.as_deref(),
                party_org: party_org.as_deref(),
                branch: branch.as_deref(),
                phone: phone.as_deref(),
                reported: reported.as_deref(),
                resident: resident.as_deref(),
            },
        ),
        MemberWhat::Edit {
            member,
            name,
            community,
            workplace,
            party_org,
            branch,
            phone,
        } => cli::party::member_edit(
            ctx,
            &cli::party::EditArgs {
                member: &member,
                name: name.as_deref(),
                community: community.as_deref(),
                workplace: workplace.as_deref(),
                party_org: party_org.as_deref(),
                branch: branch.as_deref(),
                phone: phone.as_deref(),
            },
        ),
        MemberWhat::Leave {
            member,
            reason,
            date,
        } => cli::party::member_leave(ctx, &member, date.as_deref(), &reason),
        MemberWhat::Show {
            member,
            reveal,
            json,
        } => cli::party::member_show(ctx, &member, reveal, json),
        MemberWhat::List {
            community,
            workplace,
            active,
            inactive,
            from,
            to,
            all,
            json,
        } => cli::party::member_list(
            ctx,
            &cli::party::ListArgs {
                community: community.as_deref(),
                workplace: workplace.as_deref(),
                active: if active {
                    Some(true)
                } else if inactive {
                    Some(false)
                } else {
                    None
                },
                from: from.as_deref(),
                to: to.as_deref(),
                all,
                json,
            },
        ),
    }
}

fn team(ctx: &Ctx, what: TeamWhat) -> Result<(), Failure> {
    match what {
        TeamWhat::Add {
            name,
            community,
            leader,
        } => cli::party::team_add(ctx, &name, &community, &leader),
        TeamWhat::Join {
            team,
            member,
            resident,
        } => cli::party::team_join(ctx, &team, member.as_deref(), resident.as_deref()),
        TeamWhat::Help {
            team,
            household,
            kind,
            hours,
            note,
            job,
            date,
        } => cli::party::team_help(
            ctx,
            &cli::party::HelpArgs {
                team: &team,
                household: &household,
                kind: &kind,
                hours: &hours,
                note: &note,
                job: job.as_deref(),
                date: date.as_deref(),
            },
        ),
        TeamWhat::Pair {
            helper,
            household,
            date,
        } => cli::party::team_pair(ctx, &helper, &household, date.as_deref()),
        TeamWhat::Visit { pair, date, note } => {
            cli::party::team_visit(ctx, pair, date.as_deref(), &note)
        }
    }
}

/// The request actions: which ticket, and what to do with it.
fn request_action(cmd: Cmd) -> Option<(ReqArgs, Action)> {
    Some(match cmd {
        Cmd::Assign { req, to } => (req, Action::Assign { to }),
        Cmd::Start { req, note } => (req, Action::Start { note }),
        Cmd::Step { req, text } => (req, Action::Step { text }),
        Cmd::Note { req, text } => (req, Action::Note { text }),
        Cmd::Reply { req, text } => (req, Action::Reply { text }),
        Cmd::Wait { req, reason } => (req, Action::Wait { reason }),
        Cmd::Resume { req, note } => (req, Action::Resume { note }),
        Cmd::Escalate { req, reason } => (req, Action::Escalate { reason }),
        Cmd::Return { req, reason } => (req, Action::Return { reason }),
        Cmd::Resolve { req, result } => (req, Action::Resolve { result }),
        Cmd::FollowUp {
            req,
            rating,
            failed,
        } => (
            req,
            Action::FollowUp {
                rating: rating.map(|r| r.as_str().to_string()),
                failed,
            },
        ),
        Cmd::Reopen { req, reason } => (req, Action::Reopen { reason }),
        Cmd::Cancel { req, reason } => (req, Action::Cancel { reason }),
        Cmd::Custody {
            what: CustodyWhat::In { req, item },
        } => (req, Action::CustodyIn { item }),
        Cmd::Custody {
            what: CustodyWhat::Out { req, item },
        } => (req, Action::CustodyOut { item }),
        _ => return None,
    })
}

fn main() -> ExitCode {
    // `griddesk find … | head` must end quietly when the reader goes away,
    // as other command-line tools do: Rust ignores SIGPIPE by default and
    // printing would then panic.
    #[cfg(unix)]
    // SAFETY: called first thing, before any thread exists; SIG_DFL is a
    // valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // A command line that parses costs no more than it did; help, the
    // version and a usage error are parsed again by the command with its
    // help in the user's language, which says them.
    let matches = match Cli::command().try_get_matches_from(&args) {
        Ok(m) => m,
        Err(_) => {
            let lang = cli::help_zh::lang_of(&args);
            match command(lang).try_get_matches_from(&args) {
                Ok(m) => m,
                Err(e) => return ExitCode::from(cli::help_zh::clap_error(&e, lang)),
            }
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => {
            let lang = cli::help_zh::lang_of(&args);
            return ExitCode::from(cli::help_zh::clap_error(&e, lang));
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("griddesk: {}", f.msg);
            ExitCode::from(f.code)
        }
    }
}

/// The command line as clap sees it, its help in `lang`.
fn command(lang: Lang) -> clap::Command {
    cli::help_zh::localize(Cli::command(), lang)
}

/// `griddesk completions SHELL`: the script on standard output.
fn completions(shell: ShellArg, lang: Lang) -> Result<(), Failure> {
    use clap_complete::Shell;
    let shell = match shell {
        ShellArg::Bash => Shell::Bash,
        ShellArg::Zsh => Shell::Zsh,
        ShellArg::Fish => Shell::Fish,
    };
    let mut cmd = command(lang);
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "griddesk", &mut out);
    write_out(&out)
}

/// `griddesk man`: the manual page (roff) on standard output.
fn man(lang: Lang) -> Result<(), Failure> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command(lang))
        .render(&mut out)
        .map_err(|e| Failure::runtime(e.to_string()))?;
    write_out(&out)
}

fn write_out(bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    let mut w = std::io::stdout().lock();
    w.write_all(bytes)
        .and_then(|()| w.flush())
        .map_err(|e| Failure::runtime(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use griddesk::cli::help_zh;

    /// clap's own `help` subcommand, and `-h`/`-V`: translated by the
    /// table's `*` lines, described in English by clap.
    fn builtin(id: &str) -> bool {
        id == "help" || id == "version"
    }

    fn child(path: &str, name: &str) -> String {
        if path == "." {
            name.to_string()
        } else {
            format!("{path} {name}")
        }
    }

    fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<(String, Option<String>)>) {
        out.push((path.to_string(), None));
        for a in cmd.get_arguments() {
            out.push((path.to_string(), Some(a.get_id().to_string())));
        }
        for s in cmd.get_subcommands() {
            if s.get_name() != "help" {
                walk(s, &child(path, s.get_name()), out);
            }
        }
    }

    fn tree() -> (clap::Command, Vec<(String, Option<String>)>) {
        let mut cmd = Cli::command();
        cmd.build();
        let mut all = Vec::new();
        walk(&cmd, ".", &mut all);
        (cmd, all)
    }

    fn find<'a>(cmd: &'a clap::Command, path: &str) -> &'a clap::Command {
        if path == "." {
            return cmd;
        }
        path.split(' ').fold(cmd, |c, name| {
            c.find_subcommand(name).expect("a subcommand on the path")
        })
    }

    /// A subcommand added without help in both languages, or without an
    /// example, fails here.
    #[test]
    fn every_subcommand_and_argument_has_help_in_both_languages_with_an_example() {
        let (cmd, all) = tree();
        assert!(all.len() > 150, "the walk saw the tree: {}", all.len());
        let mut missing = Vec::new();
        for (path, id) in &all {
            let c = find(&cmd, path);
            match id {
                None => {
                    if c.get_about()
                        .is_none_or(|a| a.to_string().trim().is_empty())
                    {
                        missing.push(format!("{path}: no English description"));
                    }
                    if help_zh::zh(path, "-").is_none() {
                        missing.push(format!("{path}: no Chinese description"));
                    }
                    if help_zh::examples(path).is_empty() {
                        missing.push(format!("{path}: no example"));
                    }
                }
                Some(id) => {
                    let a = c
                        .get_arguments()
                        .find(|a| a.get_id() == id.as_str())
                        .expect("the argument");
                    let en = a.get_help().map(ToString::to_string).unwrap_or_default();
                    if !builtin(id) && !en.contains("e.g.") {
                        missing.push(format!(
                            "{path} {id}: no English text with an example (e.g.)"
                        ));
                    }
                    match help_zh::zh(path, id) {
                        Some(zh) if zh.contains('如') => {}
                        _ => missing
                            .push(format!("{path} {id}: no Chinese text with an example (如)")),
                    }
                }
            }
        }
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }

    /// Every line of the Chinese table and of the examples names a
    /// subcommand and an argument that exist: a renamed one is caught.
    #[test]
    fn every_chinese_line_and_example_names_something_that_exists() {
        let (_, all) = tree();
        let ids: std::collections::HashSet<&str> =
            all.iter().filter_map(|(_, id)| id.as_deref()).collect();
        let mut stale = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for line in help_zh::ZH.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let f: Vec<&str> = line.splitn(3, '|').collect();
            assert_eq!(f.len(), 3, "{line}");
            assert!(seen.insert((f[0], f[1])), "a second line for {line}");
            let known = match (f[0], f[1]) {
                ("*", "help" | "version" | "subcommand") => true,
                ("*", id) => ids.contains(id),
                (p, "-") => all.iter().any(|(q, i)| q == p && i.is_none()),
                (p, id) => all.iter().any(|(q, i)| q == p && i.as_deref() == Some(id)),
            };
            if !known {
                stale.push(line);
            }
        }
        for line in help_zh::EXAMPLES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            let f: Vec<&str> = line.splitn(2, '|').collect();
            let is_command =
                |f: &[&str]| f[1].starts_with("griddesk ") || f[1].contains(" griddesk ");
            let is_path = |f: &[&str]| all.iter().any(|(q, i)| q == f[0] && i.is_none());
            if f.len() != 2 || !is_command(&f) || !is_path(&f) {
                stale.push(line);
            }
        }
        assert!(stale.is_empty(), "{}", stale.join("\n"));
    }

    /// Every fixed set of choices is checked by clap, which lists them.
    #[test]
    fn fixed_choices_are_listed_by_clap() {
        let (cmd, _) = tree();
        let values = |path: &str, id: &str| -> Vec<String> {
            find(&cmd, path)
                .get_arguments()
                .find(|a| a.get_id() == id)
                .expect("the argument")
                .get_possible_values()
                .iter()
                .map(|v| v.get_name().to_string())
                .collect()
        };
        assert_eq!(values("export requests", "format"), ["csv", "json", "xlsx"]);
        assert_eq!(
            values("export report", "format"),
            ["md", "csv", "json", "xlsx"]
        );
        assert_eq!(values("export grid", "format"), ["csv", "xlsx"]);
        assert_eq!(values("demo", "scale"), ["small", "district", "large"]);
        assert_eq!(
            values("register", "channel"),
            ["walk-in", "phone", "visit", "referred"]
        );
        assert_eq!(
            values("staff add", "role"),
            ["counter", "agent", "grid_leader", "supervisor"]
        );
        assert_eq!(values("follow-up", "rating"), ["5", "4", "3", "2", "1"]);
        assert_eq!(values(".", "lang"), ["zh", "en"]);
        assert_eq!(values("completions", "shell"), ["bash", "zsh", "fish"]);
    }

    /// The choices' codes are the ones the store's parsers take, and each
    /// Chinese or English name an alias reaches the same one.
    #[test]
    fn choices_map_to_what_the_domain_parses() {
        use griddesk::domain::lifecycle::{Rating, Role};
        for c in ChannelArg::value_variants() {
            assert!(Channel::parse(c.as_str()).is_some(), "{}", c.as_str());
        }
        for r in RoleArg::value_variants() {
            assert!(Role::parse(r.as_str()).is_some(), "{}", r.as_str());
        }
        for r in RatingArg::value_variants() {
            assert!(Rating::parse(r.as_str()).is_some(), "{}", r.as_str());
        }
        for s in ScaleArg::value_variants() {
            assert!(Scale::parse(s.as_str()).is_some(), "{}", s.as_str());
        }
        for &role in Role::ALL {
            for name in [role.code(), role.zh(), role.en()] {
                let got = RoleArg::from_str(name, true).expect(name);
                assert_eq!(Role::parse(got.as_str()), Some(role), "{name}");
            }
        }
        for &rating in Rating::ALL {
            for name in [rating.code(), rating.zh(), rating.en()] {
                let got = RatingArg::from_str(name, true).expect(name);
                assert_eq!(Rating::parse(got.as_str()), Some(rating), "{name}");
            }
        }
        for &channel in Channel::ALL {
            for name in [channel.code(), channel.zh(), channel.en()] {
                let got = ChannelArg::from_str(name, true).expect(name);
                assert_eq!(Channel::parse(got.as_str()), Some(channel), "{name}");
            }
        }
    }
}
