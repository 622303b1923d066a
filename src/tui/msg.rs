//! The messages between the terminal, the screens and the store: what comes
//! in (`Input`), what a screen asks the store to do (`Effect`, `Op`), and
//! what comes back (`Loaded`, `Done`). Plain data; nothing here acts.

use super::action::Act;
use super::keymap::Section;
use crate::domain::calendar::Time;
use crate::domain::lifecycle::{Level, Rating};
use crate::domain::warning::Warning;
use crate::i18n::{self, Lang};
use crate::store::grid::Node;
use crate::store::household::Household;
use crate::store::request::{Category, NewRequest, Registered, Request};
use crate::store::search::Hit;
use crate::store::staff::Staff;
use crate::store::views::{Handover, HouseholdFile, QueueFilter, Report, Shift, Today};
use ratatui::crossterm::event::KeyEvent;

/// The rooms of the house, in the order of the tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Today,
    Register,
    Lookup,
    Requests,
    Handover,
    Reports,
    /// The building chart (楼盘表), reached from Lookup; not a tab.
    Chart,
    Admin,
    /// 议事: matters, meetings, the leaders' week.
    Decisions,
    /// Party members and volunteers (党员志愿).
    Party,
}

impl Screen {
    pub const ALL: [Screen; 9] = [
        Screen::Today,
        Screen::Register,
        Screen::Lookup,
        Screen::Requests,
        Screen::Handover,
        Screen::Reports,
        Screen::Admin,
        Screen::Party,
        Screen::Decisions,
    ];
    pub fn section(self) -> Section {
        match self {
            Screen::Today => Section::Today,
            Screen::Register => Section::Register,
            Screen::Lookup => Section::Lookup,
            Screen::Requests => Section::Requests,
            Screen::Handover => Section::Handover,
            Screen::Reports => Section::Reports,
            Screen::Chart => Section::Chart,
            Screen::Admin => Section::Admin,
            Screen::Decisions => Section::Decisions,
            Screen::Party => Section::Party,
        }
    }
    pub fn act(self) -> Act {
        match self {
            Screen::Today => Act::Today,
            Screen::Register => Act::Register,
            Screen::Lookup => Act::Lookup,
            Screen::Requests => Act::Requests,
            Screen::Handover => Act::Handover,
            Screen::Reports => Act::Reports,
            Screen::Chart => Act::Lookup,
            Screen::Admin => Act::Admin,
            Screen::Decisions => Act::Decisions,
            Screen::Party => Act::Party,
        }
    }
}

/// What comes from the terminal. The clock comes with it: `Now` sets the
/// time the screens compare due dates with, so `update` never reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    Now(Time),
}

/// Where a search's hits go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchFor {
    Register,
    Lookup,
}

/// A change for the store to make.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Assign {
        id: i64,
        to: i64,
        version: i64,
        /// Given when the request is taken from another assignee (改派).
        reason: Option<String>,
    },
    Start {
        id: i64,
        version: i64,
    },
    Step {
        id: i64,
        text: String,
    },
    Note {
        id: i64,
        text: String,
    },
    Reply {
        id: i64,
        text: String,
    },
    Wait {
        id: i64,
        reason: String,
        version: i64,
    },
    Resume {
        id: i64,
        version: i64,
    },
    Escalate {
        id: i64,
        reason: String,
        version: i64,
    },
    Return {
        id: i64,
        reason: String,
        version: i64,
    },
    Resolve {
        id: i64,
        result: String,
        version: i64,
    },
    Rate {
        id: i64,
        rating: Rating,
        version: i64,
    },
    FollowUpFailed {
        id: i64,
        reason: String,
        version: i64,
    },
    Reopen {
        id: i64,
        reason: String,
        version: i64,
    },
    Cancel {
        id: i64,
        reason: String,
        version: i64,
    },
    CustodyIn {
        id: i64,
        item: String,
    },
    CustodyOut {
        custody_id: i64,
        request_id: i64,
    },
    Visit {
        household: i64,
        note: String,
    },
    EndShift {
        note: String,
    },
    Accept {
        shift: i64,
    },
}

/// Work for the effect runner.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadToday,
    Search {
        target: SearchFor,
        query: String,
    },
    LoadHouseholdFile(i64),
    LoadCategories,
    LoadStaff,
    CheckDuplicates {
        household: i64,
        category: String,
    },
    Register(Box<NewRequest>),
    LoadQueue(QueueFilter),
    LoadDetail(i64),
    Apply(Op),
    LoadHandover,
    LoadReport {
        period: Period,
        node: Option<i64>,
    },
    Browse(Option<i64>),
    FindNode(String),
    /// A text to paper (and a copy to a file), named for the file.
    Print {
        name: String,
        text: String,
    },
    ChooseOperator(i64),
    Reveal(Vec<i64>),
    /// A building's chart, the cursor on this household's room if given.
    LoadChart {
        building: i64,
        focus: Option<i64>,
    },
    /// The building or resident group the typed text names, if exactly one.
    FindBuilding(String),
    /// The Admin screen's lists, with the grid below this node (none: the
    /// top).
    LoadAdmin(Option<i64>),
    /// A supervisor's change on the Admin screen.
    Admin(AdminOp),
    /// The queue again, with up to this many rows (paging on).
    LoadQueueUpTo(QueueFilter, usize),
    /// The handover again, with up to this many rows in each list.
    LoadHandoverUpTo(usize),
    /// A household's own phone in full (logged).
    RevealPhone(i64),
    /// A request opened from a household's file: Esc goes back to it.
    OpenRequestFrom {
        id: i64,
        household: i64,
    },
    /// Whom to offer for assigning a request (its community's staff first).
    LoadAssignees {
        id: i64,
        version: i64,
    },
    /// The Decisions screen's lists.
    LoadDecisions,
    /// One matter in full, and its latest notice (公示) if published.
    LoadMatter(i64),
    /// A change from the Decisions screen.
    Decision(DecisionOp),
    /// The party screen's lists (the members the operator may see).
    LoadParty,
    /// A party member registered at the counter.
    AddMember(NewMemberAsk),
    /// Attendance of an activity: the members who came.
    Attend {
        activity: i64,
        members: Vec<i64>,
    },
    /// The families a team helps.
    LoadFamilies {
        team: i64,
        name: String,
    },
    /// A change from the party screen: a claim, its withdrawal, delivery
    /// or thanks; a points correction.
    Party(PartyOp),
    /// A member's points ledger.
    LoadLedger {
        member: i64,
        name: String,
    },
    /// A member's feedback letter for a period.
    LoadLetter {
        member: i64,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    },
    /// A request claimed from its detail: the party lists read, then the
    /// party screen's choice of claimant opens.
    ClaimFrom(i64),
}

/// What a change did, for the screen to say in the user's language.
#[derive(Debug, Clone, PartialEq)]
pub enum Done {
    /// To whom.
    Assigned(String),
    /// 改派: to whom.
    Reassigned(String),
    Started,
    Stepped,
    Noted,
    Replied,
    Waiting,
    Resumed,
    Escalated(Level),
    Returned(Level),
    Resolved,
    /// Closed after a follow-up; a bad rating opens a correction (its ticket).
    Closed(Option<String>),
    NotSettled,
    Reopened,
    Cancelled,
    CustodyIn,
    CustodyOut,
    Visited,
    ShiftEnded,
    Accepted,
}

impl Done {
    /// What a change did, in the user's language.
    pub fn said(&self, l: Lang) -> String {
        let s = |zh: &str, en: &str| l.pick(zh, en).to_string();
        match self {
            Done::Assigned(to) => match l {
                Lang::Zh => format!("已派遣给 {to}"),
                Lang::En => format!("assigned to {to}"),
            },
            Done::Reassigned(to) => match l {
                Lang::Zh => format!("已改派给 {to}"),
                Lang::En => format!("reassigned to {to}"),
            },
            Done::Started => s("开始办理", "in progress"),
            Done::Stepped => s("已记录办理步骤", "step recorded"),
            Done::Noted => s("已加备注", "note added"),
            Done::Replied => s("已记录答复", "reply recorded"),
            Done::Waiting => s("已挂起，时限暂停", "waiting; the clock stops"),
            Done::Resumed => s("已恢复办理", "resumed"),
            Done::Escalated(lv) => {
                format!("{} {}", s("已上报至", "escalated to"), i18n::level(*lv, l))
            }
            Done::Returned(lv) => {
                format!("{} {}", s("已回退至", "returned to"), i18n::level(*lv, l))
            }
            Done::Resolved => s("已办结，待回访", "resolved; follow-up next"),
            Done::Closed(Some(ticket)) => format!(
                "{} {ticket}",
                s("已结案；差评已生成整改办件", "closed; correction opened")
            ),
            Done::Closed(None) => s("已结案", "closed"),
            Done::NotSettled => s("回访未解决，已重新办理", "not settled: reopened"),
            Done::Reopened => s("已重新办理", "reopened"),
            Done::Cancelled => s("已撤销", "cancelled"),
            Done::CustodyIn => s("已登记代管", "original checked in"),
            Done::CustodyOut => s("已交还居民", "handed back"),
            Done::Visited => s("已记录走访", "visit recorded"),
            Done::ShiftEnded => s("已交班，新班次开始", "shift ended; a new one started"),
            Done::Accepted => s("已接班", "handover accepted"),
        }
    }
}

/// Who the receipt names and the originals it lists as received.
#[derive(Debug, Clone, Default)]
pub struct ReceiptFor {
    /// The requester, or else the head of the household.
    pub resident: Option<String>,
    pub originals: Vec<String>,
}

/// Store results, back to `update`.
#[derive(Debug, Clone)]
pub enum Loaded {
    /// A matter's text and its latest notice, for the Decisions screen.
    Matter(i64, String, Option<String>),
    /// Today's lists, with each request's warning by the one rule.
    Today(Box<Today>, Vec<(i64, Warning)>),
    Hits(SearchFor, String, Vec<Hit>),
    HouseholdFile(Box<HouseholdFile>),
    Categories(Vec<Category>),
    Staff(Vec<Staff>),
    Duplicates(Vec<Request>),
    /// Saved: the receipt's facts with it (who came, originals received).
    Registered(Registered, Box<Request>, ReceiptFor),
    /// The rows read, and how many there are.
    Queue(Vec<(Request, Warning)>, usize),
    Detail(Box<Detail>),
    Done(Done),
    Handover(Option<Box<Handover>>, Option<Shift>),
    Report(Box<Report>),
    Browse(Vec<Node>, Vec<Household>),
    Node(Option<Node>),
    Printed(String),
    Operator(Staff),
    /// Full IDs and phones of a household's members, after a logged reveal.
    Revealed(Vec<(i64, Option<String>, Option<String>)>),
    /// A household's own phone, revealed.
    HouseholdPhone(i64, Option<String>),
    /// A request opened from this household's file.
    DetailFromFile(Box<Detail>, i64),
    /// Staff of the request's community, to offer first: (request, version, staff).
    /// Request, version, its community's staff, the community's name.
    Assignees(i64, i64, Vec<i64>, Option<String>),
    /// A building's chart, with the household to put the cursor on.
    Chart(Box<crate::store::chart::Chart>, Option<i64>),
    /// The building a lookup query names: the query, the building and
    /// its community.
    BuildingHit(String, Option<(Node, String)>),
    Error(String, ErrorKind),
    Admin(Box<AdminData>),
    AdminDone(AdminDone),
    Decisions(Box<DecisionsData>),
    /// What a Decisions change did, as a sentence.
    DecisionDone(String),
    Party(Box<PartyData>),
    /// A member registered: their name.
    MemberAdded(String),
    /// Attendance recorded: how many members newly.
    Attended(usize),
    /// A team's name and its families: (household, address, tags).
    Families(String, Vec<(i64, String, String)>),
    /// What a party screen change did, as a sentence.
    PartyDone(String),
    /// A member's ledger read: the member, name, entries, total.
    Ledger(i64, String, Vec<crate::store::party::PointsEntry>, i64),
    /// A member's feedback letter, as text of 80 columns.
    Letter(String, String),
    /// The party lists and the request claimed from its detail.
    ClaimFrom(Box<(PartyData, Request)>),
}

/// What kind of failure, so the screen can keep what was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Changed at another counter: reload and offer the typing back.
    Conflict,
    /// Another counter held the write lock past the wait.
    Busy,
    Other,
}

/// The request detail: the store's read model.
pub type Detail = crate::store::views::RequestFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    #[default]
    Year,
    Month,
    Days30,
}

impl Period {
    pub fn next(self) -> Period {
        match self {
            Period::Year => Period::Month,
            Period::Month => Period::Days30,
            Period::Days30 => Period::Year,
        }
    }
}

/// Rows read for each Today list; a full list is shown as `50+`.
pub const TODAY_LIMIT: usize = 50;
/// Rows of the queue read at a time; more are read as the cursor reaches the end.
pub const QUEUE_PAGE: usize = 300;

/// Moves a selection within `n` rows.
pub fn move_sel(sel: usize, n: usize, a: Act, page: usize) -> usize {
    if n == 0 {
        return 0;
    }
    match a {
        Act::Up => sel.saturating_sub(1),
        Act::Down => (sel + 1).min(n - 1),
        Act::PageUp => sel.saturating_sub(page),
        Act::PageDown => (sel + page).min(n - 1),
        Act::Top => 0,
        Act::Bottom => n - 1,
        _ => sel.min(n - 1),
    }
}

pub fn t(l: crate::i18n::Lang, zh: &str, en: &str) -> String {
    l.pick(zh, en).to_string()
}

/// A supervisor's change from the Admin screen: each one store call, the
/// same the command line makes.
#[derive(Debug, Clone, PartialEq)]
pub enum AdminOp {
    AddStaff {
        login: String,
        name: String,
        role: crate::domain::lifecycle::Role,
        hall: Option<i64>,
    },
    StaffRole {
        id: i64,
        role: crate::domain::lifecycle::Role,
    },
    StaffHall {
        id: i64,
        hall: i64,
    },
    StaffActive {
        id: i64,
        active: bool,
    },
    /// The category as it is to be (through the category import).
    Category(Box<crate::store::categories::CategoryEntry>),
    Day {
        day: chrono::NaiveDate,
        kind: crate::domain::calendar::DayKind,
        note: String,
    },
    AddNode {
        parent: i64,
        level: crate::store::grid::NodeLevel,
        name: String,
        num: Option<String>,
    },
    RenameNode {
        node: i64,
        name: String,
        reason: String,
    },
}

/// What the Admin screen shows, read at once.
#[derive(Debug, Clone, Default)]
pub struct AdminData {
    pub staff: Vec<crate::store::staff::StaffLine>,
    pub categories: Vec<crate::store::categories::CategoryEntry>,
    pub days: Vec<(chrono::NaiveDate, crate::domain::calendar::DayKind, String)>,
    /// The nodes a staff member may belong to, by their written name.
    pub halls: Vec<(String, i64)>,
    /// The grid under the browsed node, and the path down to it.
    pub nodes: Vec<Node>,
    pub path: Vec<Node>,
}

/// What an Admin change did, for the screen to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminDone {
    StaffAdded(String),
    StaffChanged(String),
    CategoryChanged(String),
    DaySet(chrono::NaiveDate),
    NodeAdded(String),
    NodeRenamed(String),
    /// A staff member's account disabled / enabled again (their login).
    StaffDisabled(String),
    StaffEnabled(String),
}

/// A change from the Decisions screen: each one store call.
#[derive(Debug, Clone, PartialEq)]
pub enum DecisionOp {
    Step {
        matter: i64,
        step: crate::store::matter::Step,
        input: Box<crate::store::matter::StepInput>,
    },
    ConfirmWeek {
        leader: i64,
    },
    /// A meeting held: the community as typed, resolved as the command
    /// line resolves it.
    AddMeeting {
        community: String,
        kind: crate::store::meeting::MeetingKind,
        day: Option<chrono::NaiveDate>,
        topic: String,
        attendees: String,
    },
    /// An issue settled at a meeting; the request's ticket as typed.
    Settle {
        meeting: i64,
        issue: String,
        decision: String,
        ticket: Option<String>,
    },
    /// A stopped matter taken up again as a new round.
    NewRound {
        matter: i64,
        reason: String,
    },
    /// A kind of matter renamed, or taken out of use (or back).
    EditKind {
        code: String,
        zh: Option<String>,
        en: Option<String>,
        active: Option<bool>,
    },
}

/// What the Decisions screen shows, read at once.
#[derive(Debug, Clone, Default)]
pub struct DecisionsData {
    /// Matters by stage (pending publications first), with their overdue mark.
    pub matters: Vec<(crate::store::matter::Matter, bool)>,
    pub month: String,
    pub meetings: Vec<crate::store::meeting::Meeting>,
    pub without_joint: Vec<String>,
    pub week: String,
    /// The operator's week if they lead a building; else every leader's.
    pub week_lines: Vec<crate::store::week::WeekLine>,
    /// The operator leads a building: their week can be confirmed here.
    pub own_week: Option<i64>,
    /// The kinds of matters, in use or not (supervisors edit them).
    pub kinds: Vec<crate::store::matter::MatterKind>,
}

/// What the party screen shows, read at once: the members the operator
/// may see (the store decides), this year's activities, the teams, the
/// unclaimed micro-wishes oldest first.
#[derive(Debug, Clone, Default)]
pub struct PartyData {
    pub members: Vec<crate::store::party::MemberLine>,
    pub activities: Vec<crate::store::party::Activity>,
    pub teams: Vec<crate::store::team::Team>,
    pub wishes: Vec<(Request, Warning)>,
    /// The operator's community, the new member's default.
    pub community: Option<String>,
    /// Micro-wishes with an open claim not yet closed, newest claim first.
    pub claimed: Vec<(Request, crate::store::claim::Claim)>,
    /// The units that may claim.
    pub units: Vec<crate::store::party::Unit>,
    /// The store's day when read: a letter's period ends here by default.
    pub today: chrono::NaiveDate,
    /// The 金拐杖 pairs in force.
    pub pairs: Vec<crate::store::team::Pair>,
    /// Each unit with its projects claimed, done, overdue.
    pub unit_lines: Vec<crate::store::claim::UnitLine>,
    /// Open repair matters no unit has claimed, oldest first.
    pub open_projects: Vec<Request>,
    /// Every unit's projects: the unit, the request, its claim.
    pub projects: Vec<(i64, Request, crate::store::claim::Claim)>,
}

/// A change from the party screen: each one store call, the same the
/// command line makes.
#[derive(Debug, Clone, PartialEq)]
pub enum PartyOp {
    Claim {
        request: i64,
        who: crate::store::claim::Claimant,
    },
    Withdraw {
        request: i64,
        reason: String,
    },
    Deliver {
        request: i64,
        result: String,
    },
    Thanks {
        request: i64,
        text: String,
    },
    CorrectPoints {
        member: i64,
        points: i64,
        reason: String,
    },
    /// An activity: the community and kind as typed (the store finds them).
    AddActivity {
        day: chrono::NaiveDate,
        community: String,
        kind: String,
        title: String,
        hours: f64,
    },
    AddTeam {
        name: String,
        community: String,
        leader: String,
    },
    Join {
        team: i64,
        member: i64,
    },
    Help {
        team: i64,
        /// 0: a family the team has not helped yet, found by `address`.
        household: i64,
        address: String,
        day: chrono::NaiveDate,
        kind: crate::store::team::HelpKind,
        hours: f64,
        note: String,
        job: Option<String>,
    },
    /// A 金拐杖 pair: the helper (a member when one by that name is seen).
    Pair {
        household: i64,
        helper: String,
        since: chrono::NaiveDate,
    },
    Visit {
        pair: i64,
        day: chrono::NaiveDate,
        note: String,
    },
    /// A unit's project (民生实事): a repair matter claimed by a unit with
    /// the date it promises.
    ClaimProject {
        request: i64,
        unit: i64,
        promised: chrono::NaiveDate,
    },
    /// A unit (单位) with its party organisation.
    AddUnit {
        name: String,
        party_org: String,
    },
}

/// A member as typed at the counter: the community by its name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewMemberAsk {
    pub name: String,
    pub community: String,
    pub phone: String,
    pub workplace: String,
}
