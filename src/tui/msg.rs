//! The messages between the terminal, the screens and the store: what comes
//! in (`Input`), what a screen asks the store to do (`Effect`, `Op`), and
//! what comes back (`Loaded`, `Done`). Plain data; nothing here acts.

use super::action::Act;
use super::keymap::Section;
use crate::domain::calendar::Time;
use crate::domain::lifecycle::{Level, Rating};
use crate::domain::warning::Warning;
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
    Admin,
}

impl Screen {
    pub const ALL: [Screen; 7] = [
        Screen::Today,
        Screen::Register,
        Screen::Lookup,
        Screen::Requests,
        Screen::Handover,
        Screen::Reports,
        Screen::Admin,
    ];
    pub fn section(self) -> Section {
        match self {
            Screen::Today => Section::Today,
            Screen::Register => Section::Register,
            Screen::Lookup => Section::Lookup,
            Screen::Requests => Section::Requests,
            Screen::Handover => Section::Handover,
            Screen::Reports => Section::Reports,
            Screen::Admin => Section::Admin,
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
            Screen::Admin => Act::Admin,
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
    /// The Admin screen's lists, with the grid below this node (none: the
    /// top).
    LoadAdmin(Option<i64>),
    /// A supervisor's change on the Admin screen.
    Admin(AdminOp),
}

/// What a change did, for the screen to say in the user's language.
#[derive(Debug, Clone, PartialEq)]
pub enum Done {
    Assigned,
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

/// Store results, back to `update`.
#[derive(Debug, Clone)]
pub enum Loaded {
    /// Today's lists, with each request's warning by the one rule.
    Today(Box<Today>, Vec<(i64, Warning)>),
    Hits(SearchFor, String, Vec<Hit>),
    HouseholdFile(Box<HouseholdFile>),
    Categories(Vec<Category>),
    Staff(Vec<Staff>),
    Duplicates(Vec<Request>),
    Registered(Registered, Box<Request>),
    Queue(Vec<(Request, Warning)>),
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
    Error(String, ErrorKind),
    Admin(Box<AdminData>),
    AdminDone(AdminDone),
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
}
