//! The screens' state and `update`: key → action → new state, plus the
//! effects for the store to run. Nothing here touches the terminal or the
//! database; results come back as `Loaded` messages.

use super::action::Act;
use super::field::TextField;
use super::keymap::{Key, Keymap, Lookup, Section};
use crate::domain::lifecycle::{Channel, Rating, Status};
use crate::domain::warning::Warning;
use crate::i18n::Lang;
use crate::store::grid::Node;
use crate::store::household::Household;
use crate::store::request::{Category, NewRequest, Registered, Request};
use crate::store::search::{Hit, HitKind};
use crate::store::staff::Staff;
use crate::store::views::{Handover, HouseholdFile, QueueFilter, Report, Shift, Today};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Today,
    Register,
    Lookup,
    Requests,
    Handover,
    Reports,
}

impl Screen {
    pub const ALL: [Screen; 6] = [
        Screen::Today,
        Screen::Register,
        Screen::Lookup,
        Screen::Requests,
        Screen::Handover,
        Screen::Reports,
    ];
    pub fn section(self) -> Section {
        match self {
            Screen::Today => Section::Today,
            Screen::Register => Section::Register,
            Screen::Lookup => Section::Lookup,
            Screen::Requests => Section::Requests,
            Screen::Handover => Section::Handover,
            Screen::Reports => Section::Reports,
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
        }
    }
}

/// What comes from the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
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
    Search { target: SearchFor, query: String },
    LoadHouseholdFile(i64),
    LoadCategories,
    LoadStaff,
    CheckDuplicates { household: i64, category: String },
    Register(Box<NewRequest>),
    LoadQueue(QueueFilter),
    LoadDetail(i64),
    Apply(Op),
    LoadHandover,
    LoadReport { period: Period, node: Option<i64> },
    Browse(Option<i64>),
    FindNode(String),
    Print { name: String, text: String },
    ChooseOperator(i64),
    Reveal(Vec<i64>),
}

/// Store results, back to `update`.
#[derive(Debug, Clone)]
pub enum Loaded {
    Today(Box<Today>),
    Hits(SearchFor, String, Vec<Hit>),
    HouseholdFile(Box<HouseholdFile>),
    Categories(Vec<Category>),
    Staff(Vec<Staff>),
    Duplicates(Vec<Request>),
    Registered(Registered, Box<Request>),
    Queue(Vec<(Request, Warning)>),
    Detail(Box<Detail>),
    Done(String),
    Handover(Option<Box<Handover>>, Option<Shift>),
    Report(Box<Report>),
    Browse(Vec<Node>, Vec<Household>),
    Node(Option<Node>),
    Printed(String),
    Operator(Staff),
    /// Full IDs and phones of a household's members, after a logged reveal.
    Revealed(Vec<(i64, Option<String>, Option<String>)>),
    Error(String, ErrorKind),
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

/// Which part of the register form has the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegFocus {
    #[default]
    Household,
    Category,
    Description,
    Materials,
}

#[derive(Debug, Clone, Default)]
pub struct RegisterForm {
    pub focus: RegFocus,
    pub query: TextField,
    pub hits: Vec<Hit>,
    pub hit_sel: usize,
    pub household: Option<(i64, String)>,
    pub resident: Option<(i64, String)>,
    pub cat_sel: usize,
    pub category: Option<Category>,
    pub description: TextField,
    /// The description as prefilled, to know whether it was typed.
    pub prefilled: String,
    pub materials: Vec<(String, bool)>,
    pub mat_sel: usize,
    pub channel: Option<Channel>,
    /// Likely duplicates, shown before saving; Some once checked.
    pub duplicates: Option<Vec<Request>>,
}

impl RegisterForm {
    pub fn new() -> Self {
        RegisterForm {
            query: TextField::new(40),
            description: TextField::new(200),
            ..Default::default()
        }
    }
    /// Something typed or chosen that Esc would lose.
    pub fn is_dirty(&self) -> bool {
        self.household.is_some()
            || !self.query.is_empty()
            || (!self.description.is_empty() && self.description.text() != self.prefilled)
    }
}

#[derive(Debug, Clone, Default)]
pub struct LookupState {
    pub query: TextField,
    pub hits: Vec<Hit>,
    pub sel: usize,
    pub file: Option<Box<HouseholdFile>>,
    pub scroll: u16,
    pub browsing: bool,
    pub path: Vec<Node>,
    pub nodes: Vec<Node>,
    pub households: Vec<Household>,
    pub browse_sel: usize,
    /// The unit chosen inside a building while browsing.
    pub unit: Option<String>,
    /// Members whose ID and phone were revealed in this view (logged).
    pub revealed: Vec<(i64, Option<String>, Option<String>)>,
    /// A visit was recorded in this household file: problems registered
    /// from it come in with channel = visit.
    pub visited: bool,
}

/// One row of the browse list: community → area → building → unit → room.
#[derive(Debug, Clone, PartialEq)]
pub enum BrowseRow {
    Node(Node),
    Unit(String),
    Household(Household),
}

impl LookupState {
    /// The rows the browse list shows now.
    pub fn browse_rows(&self) -> Vec<BrowseRow> {
        if !self.nodes.is_empty() {
            return self.nodes.iter().cloned().map(BrowseRow::Node).collect();
        }
        let mut units: Vec<String> = Vec::new();
        for h in &self.households {
            if !units.contains(&h.unit) {
                units.push(h.unit.clone());
            }
        }
        match &self.unit {
            None if units.len() > 1 => units.into_iter().map(BrowseRow::Unit).collect(),
            unit => self
                .households
                .iter()
                .filter(|h| unit.as_ref().is_none_or(|u| &h.unit == u))
                .cloned()
                .map(BrowseRow::Household)
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct QueueState {
    pub filter: QueueFilter,
    pub filter_text: String,
    pub items: Vec<(Request, Warning)>,
    pub sel: usize,
    pub detail: Option<Box<Detail>>,
    pub scroll: u16,
}

/// What a text prompt's answer is for.
#[derive(Debug, Clone, PartialEq)]
pub enum PromptFor {
    Op(Act, i64, i64),
    Visit(i64),
    EndShift,
    QueueFilter,
    ReportNode,
    ResolveFailed(i64, i64),
}

/// What a pick list's choice is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickFor {
    Operator,
    Assign(i64, i64),
    Rating(i64, i64),
    CustodyOut(i64),
}

/// What a yes/no question is for.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfirmFor {
    Quit,
    DiscardRegister(Option<Screen>),
    DiscardPrompt(Box<Modal>),
    Cancel(i64, i64, String),
    RestoreDraft(Box<super::draft::Draft>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    Prompt {
        title: String,
        field: TextField,
        purpose: PromptFor,
    },
    Pick {
        title: String,
        items: Vec<(String, i64)>,
        sel: usize,
        purpose: PickFor,
    },
    Confirm {
        text: String,
        purpose: ConfirmFor,
    },
    Receipt {
        ticket: String,
        wide: String,
        narrow: String,
    },
}

pub struct App {
    pub lang: Lang,
    pub keymap: Keymap,
    pub operator: Option<Staff>,
    pub screen: Screen,
    pub help: bool,
    pub size: (u16, u16),
    pub status: Option<(String, bool)>,
    pub modal: Option<Modal>,
    pub today: Option<Box<Today>>,
    pub today_sel: usize,
    pub register: RegisterForm,
    pub categories: Vec<Category>,
    pub staff: Vec<Staff>,
    pub lookup: LookupState,
    pub queue: QueueState,
    pub handover: Option<Box<Handover>>,
    pub to_accept: Option<Shift>,
    pub handover_scroll: u16,
    pub report: Option<Box<Report>>,
    pub period: Period,
    pub report_node: Option<Node>,
    pub pending: Vec<Key>,
    /// The last prompt submitted, offered back if the change fails.
    pub last_prompt: Option<Modal>,
    /// A write that met a busy database, to try again shortly.
    pub retry: Option<Effect>,
    pub busy_tries: u8,
    pub quit: bool,
    /// Plain-ASCII borders for terminals that draw box glyphs double-width.
    pub ascii: bool,
    pub color: bool,
    /// The store's clock, refreshed with every batch of input.
    pub now: crate::domain::calendar::Time,
}

pub fn t(l: Lang, zh: &str, en: &str) -> String {
    l.pick(zh, en).to_string()
}

impl App {
    pub fn new(lang: Lang, keymap: Keymap, operator: Option<Staff>) -> App {
        App {
            lang,
            keymap,
            operator,
            screen: Screen::Today,
            help: false,
            size: (80, 24),
            status: None,
            modal: None,
            today: None,
            today_sel: 0,
            register: RegisterForm::new(),
            categories: Vec::new(),
            staff: Vec::new(),
            lookup: LookupState {
                query: TextField::new(40),
                ..Default::default()
            },
            queue: QueueState::default(),
            handover: None,
            to_accept: None,
            handover_scroll: 0,
            report: None,
            period: Period::default(),
            report_node: None,
            pending: Vec::new(),
            last_prompt: None,
            retry: None,
            busy_tries: 0,
            quit: false,
            ascii: false,
            color: true,
            now: chrono::Utc::now().with_timezone(&crate::domain::calendar::tz()),
        }
    }

    /// The first effects: what the Today screen and the forms need.
    pub fn start(&mut self) -> Vec<Effect> {
        let mut v = vec![Effect::LoadCategories, Effect::LoadStaff];
        if self.operator.is_some() {
            v.push(Effect::LoadToday);
        }
        v
    }

    pub fn info(&mut self, s: String) {
        self.status = Some((s, false));
    }

    pub fn error(&mut self, s: String) {
        self.status = Some((s, true));
    }

    /// The text field that has the cursor, if any.
    pub fn focused_field(&mut self) -> Option<&mut TextField> {
        if self.help {
            return None;
        }
        if let Some(m) = &mut self.modal {
            return match m {
                Modal::Prompt { field, .. } => Some(field),
                _ => None,
            };
        }
        self.operator.as_ref()?;
        match self.screen {
            Screen::Register => match self.register.focus {
                RegFocus::Household => Some(&mut self.register.query),
                RegFocus::Description => Some(&mut self.register.description),
                _ => None,
            },
            Screen::Lookup if self.lookup.file.is_none() && !self.lookup.browsing => {
                Some(&mut self.lookup.query)
            }
            _ => None,
        }
    }

    /// True when a text field has the cursor (so the real cursor is shown).
    pub fn focused_field_shown(&self) -> bool {
        if self.help {
            return false;
        }
        if let Some(m) = &self.modal {
            return matches!(m, Modal::Prompt { .. });
        }
        if self.operator.is_none() {
            return false;
        }
        match self.screen {
            Screen::Register => matches!(
                self.register.focus,
                RegFocus::Household | RegFocus::Description
            ),
            Screen::Lookup => self.lookup.file.is_none() && !self.lookup.browsing,
            _ => false,
        }
    }

    /// One terminal input. Text goes to the focused field first; other keys
    /// go through the keymap.
    pub fn handle(&mut self, input: Input) -> Vec<Effect> {
        match input {
            Input::Resize(w, h) => {
                self.size = (w, h);
                Vec::new()
            }
            Input::Paste(s) => {
                if let Some(f) = self.focused_field() {
                    f.paste(&s);
                    return self.after_typing();
                }
                Vec::new()
            }
            Input::Key(k) => {
                if k.kind != KeyEventKind::Press {
                    return Vec::new();
                }
                self.key(k)
            }
        }
    }

    fn key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let Some(key) = Key::from_event(&k) else {
            return Vec::new();
        };
        let has_field = self.focused_field().is_some();
        if has_field && self.pending.is_empty() {
            let plain = !k
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
            let edited = {
                let f = self.focused_field().expect("checked");
                match k.code {
                    KeyCode::Char(c) if plain => {
                        f.insert(c);
                        true
                    }
                    KeyCode::Backspace => {
                        f.backspace();
                        true
                    }
                    KeyCode::Delete => {
                        f.delete();
                        true
                    }
                    KeyCode::Left => {
                        f.left();
                        false
                    }
                    KeyCode::Right => {
                        f.right();
                        false
                    }
                    KeyCode::Home => {
                        f.home();
                        false
                    }
                    KeyCode::End => {
                        f.end();
                        false
                    }
                    _ => return self.keymap_key(key),
                }
            };
            return if edited {
                self.after_typing()
            } else {
                Vec::new()
            };
        }
        self.keymap_key(key)
    }

    fn keymap_key(&mut self, key: Key) -> Vec<Effect> {
        let section = self.screen.section();
        match self.keymap.lookup(section, &self.pending, key) {
            Lookup::Act(a) => {
                self.pending.clear();
                self.update(a)
            }
            Lookup::Pending => {
                self.pending.push(key);
                Vec::new()
            }
            Lookup::None => {
                self.pending.clear();
                Vec::new()
            }
        }
    }

    /// A field changed: searches follow the text (one search per batch of
    /// input, so an IME commit of several characters searches once).
    fn after_typing(&mut self) -> Vec<Effect> {
        if self.modal.is_some() {
            return Vec::new();
        }
        match (self.screen, self.register.focus) {
            (Screen::Register, RegFocus::Household) => {
                let q = self.register.query.text();
                vec![Effect::Search {
                    target: SearchFor::Register,
                    query: q,
                }]
            }
            (Screen::Lookup, _) => vec![Effect::Search {
                target: SearchFor::Lookup,
                query: self.lookup.query.text(),
            }],
            _ => Vec::new(),
        }
    }

    fn goto(&mut self, s: Screen) -> Vec<Effect> {
        if self.screen == Screen::Register && s != Screen::Register && self.register.is_dirty() {
            // Leaving keeps the form as it is; nothing is lost.
            self.info(t(
                self.lang,
                "登记表未保存，按 F2 可回到登记",
                "the register form is kept; F2 returns to it",
            ));
        }
        self.screen = s;
        self.help = false;
        match s {
            Screen::Today => vec![Effect::LoadToday],
            Screen::Register => Vec::new(),
            Screen::Lookup => Vec::new(),
            Screen::Requests => match &self.queue.detail {
                Some(d) => vec![Effect::LoadDetail(d.request.id)],
                None => vec![Effect::LoadQueue(self.queue.filter.clone())],
            },
            Screen::Handover => vec![Effect::LoadHandover],
            Screen::Reports => vec![Effect::LoadReport {
                period: self.period,
                node: self.report_node.as_ref().map(|n| n.id),
            }],
        }
    }

    fn prompt(&mut self, zh: &str, en: &str, purpose: PromptFor) -> Vec<Effect> {
        self.modal = Some(Modal::Prompt {
            title: t(self.lang, zh, en),
            field: TextField::new(200),
            purpose,
        });
        Vec::new()
    }

    /// The request the Requests screen acts on: the open detail, or the
    /// selected row.
    fn current_request(&self) -> Option<&Request> {
        if let Some(d) = &self.queue.detail {
            return Some(&d.request);
        }
        self.queue.items.get(self.queue.sel).map(|(r, _)| r)
    }

    /// One action.
    pub fn update(&mut self, a: Act) -> Vec<Effect> {
        self.status = None;
        if let Some(m) = self.modal.take() {
            return self.modal_action(m, a);
        }
        if self.help {
            if matches!(a, Act::Back | Act::Help | Act::Select) {
                self.help = false;
                return Vec::new();
            }
            if a == Act::Quit {
                self.help = false;
            } else {
                return Vec::new();
            }
        }
        if self.operator.is_none() {
            if a == Act::Quit {
                self.quit = true;
            }
            return Vec::new();
        }
        match a {
            Act::Quit => {
                if self.register.is_dirty() {
                    self.modal = Some(Modal::Confirm {
                        text: t(
                            self.lang,
                            "登记表尚未保存，确定退出？",
                            "The register form is not saved. Quit anyway?",
                        ),
                        purpose: ConfirmFor::Quit,
                    });
                } else {
                    self.quit = true;
                }
                Vec::new()
            }
            Act::Help => {
                self.help = true;
                Vec::new()
            }
            Act::Today => self.goto(Screen::Today),
            Act::Register => self.goto(Screen::Register),
            Act::Lookup => self.goto(Screen::Lookup),
            Act::Requests => self.goto(Screen::Requests),
            Act::Handover => self.goto(Screen::Handover),
            Act::Reports => self.goto(Screen::Reports),
            _ => match self.screen {
                Screen::Today => self.today_action(a),
                Screen::Register => self.register_action(a),
                Screen::Lookup => self.lookup_action(a),
                Screen::Requests => self.requests_action(a),
                Screen::Handover => self.handover_action(a),
                Screen::Reports => self.reports_action(a),
            },
        }
    }

    fn today_rows(&self) -> Vec<&Request> {
        let mut v: Vec<&Request> = Vec::new();
        if let Some(td) = &self.today {
            for r in td
                .mine
                .iter()
                .chain(&td.overdue)
                .chain(&td.due_today)
                .chain(&td.registered_today)
            {
                if !v.iter().any(|x| x.id == r.id) {
                    v.push(r);
                }
            }
        }
        v
    }

    pub fn today_selected(&self) -> Option<i64> {
        self.today_rows().get(self.today_sel).map(|r| r.id)
    }

    fn today_action(&mut self, a: Act) -> Vec<Effect> {
        let n = self.today_rows().len();
        match a {
            Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                self.today_sel = move_sel(self.today_sel, n, a, 10);
                Vec::new()
            }
            Act::Select => match self.today_selected() {
                Some(id) => {
                    self.screen = Screen::Requests;
                    vec![Effect::LoadDetail(id)]
                }
                None => Vec::new(),
            },
            Act::Reload => vec![Effect::LoadToday],
            _ => Vec::new(),
        }
    }

    fn pick_category(&mut self, i: usize) {
        let Some(c) = self.categories.get(i).cloned() else {
            return;
        };
        let name = self.lang.pick(&c.name_zh, &c.name_en).to_string();
        if self.register.description.is_empty()
            || self.register.description.text() == self.register.prefilled
        {
            self.register.description.set(&name);
            self.register.prefilled = name;
        }
        self.register.materials = c.materials.iter().map(|m| (m.clone(), false)).collect();
        self.register.mat_sel = 0;
        self.register.category = Some(c);
        self.register.duplicates = None;
    }

    fn register_action(&mut self, a: Act) -> Vec<Effect> {
        let f = &mut self.register;
        match (a, f.focus) {
            (
                Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom,
                RegFocus::Household,
            ) => {
                f.hit_sel = move_sel(f.hit_sel, f.hits.len(), a, 5);
                Vec::new()
            }
            (
                Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom,
                RegFocus::Category,
            ) => {
                f.cat_sel = move_sel(f.cat_sel, self.categories.len(), a, 8);
                Vec::new()
            }
            (Act::Up | Act::Down | Act::Top | Act::Bottom, RegFocus::Materials) => {
                f.mat_sel = move_sel(f.mat_sel, f.materials.len(), a, 5);
                Vec::new()
            }
            (Act::Select, RegFocus::Household) => {
                if let Some(h) = f.hits.get(f.hit_sel).cloned() {
                    if let Some(hid) = h.household_id {
                        f.household = Some((hid, h.label.clone()));
                        f.resident = (h.kind == HitKind::Resident).then(|| {
                            (
                                h.id,
                                h.label.split_whitespace().next().unwrap_or("").to_string(),
                            )
                        });
                        f.focus = RegFocus::Category;
                        f.duplicates = None;
                    }
                } else {
                    self.error(t(
                        self.lang,
                        "请先输入地址、姓名或电话找到住户",
                        "find the household first: address, name or phone",
                    ));
                }
                Vec::new()
            }
            (Act::Select, RegFocus::Category) => {
                let i = f.cat_sel;
                self.pick_category(i);
                self.register.focus = if self.register.materials.is_empty() {
                    RegFocus::Description
                } else {
                    RegFocus::Materials
                };
                Vec::new()
            }
            (Act::Toggle | Act::Select, RegFocus::Materials) => {
                if let Some(m) = f.materials.get_mut(f.mat_sel) {
                    m.1 = !m.1;
                }
                Vec::new()
            }
            (Act::Select, RegFocus::Description) => self.register_action(Act::Save),
            (Act::NextField, _) => {
                f.focus = match f.focus {
                    RegFocus::Household => RegFocus::Category,
                    RegFocus::Category => RegFocus::Description,
                    RegFocus::Description if !f.materials.is_empty() => RegFocus::Materials,
                    _ => RegFocus::Household,
                };
                Vec::new()
            }
            (Act::PrevField, _) => {
                f.focus = match f.focus {
                    RegFocus::Household if !f.materials.is_empty() => RegFocus::Materials,
                    RegFocus::Household => RegFocus::Description,
                    RegFocus::Category => RegFocus::Household,
                    RegFocus::Description => RegFocus::Category,
                    RegFocus::Materials => RegFocus::Description,
                };
                Vec::new()
            }
            (Act::Save, _) => self.save_register(),
            (Act::Back, _) => {
                if f.duplicates.as_ref().is_some_and(|d| !d.is_empty()) {
                    f.duplicates = None;
                    return Vec::new();
                }
                if f.is_dirty() {
                    self.modal = Some(Modal::Confirm {
                        text: t(
                            self.lang,
                            "放弃这张登记表？已填内容将清除",
                            "Discard this register form? What was typed is lost",
                        ),
                        purpose: ConfirmFor::DiscardRegister(None),
                    });
                } else {
                    return self.goto(Screen::Today);
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn save_register(&mut self) -> Vec<Effect> {
        let l = self.lang;
        let f = &mut self.register;
        let Some((hid, _)) = f.household.clone() else {
            f.focus = RegFocus::Household;
            self.error(t(
                l,
                "住户：请先选定住户",
                "household: choose the household first",
            ));
            return Vec::new();
        };
        if f.category.is_none() {
            let i = f.cat_sel;
            self.pick_category(i);
        }
        let f = &mut self.register;
        let Some(cat) = f.category.clone() else {
            f.focus = RegFocus::Category;
            self.error(t(l, "类别：请选择类别", "category: choose one"));
            return Vec::new();
        };
        if f.description.is_empty() {
            f.focus = RegFocus::Description;
            self.error(t(l, "诉求内容不能为空", "description: it is empty"));
            return Vec::new();
        }
        match &f.duplicates {
            None => vec![Effect::CheckDuplicates {
                household: hid,
                category: cat.code.clone(),
            }],
            Some(_) => {
                let mut nr = NewRequest::new(
                    f.channel.unwrap_or(Channel::WalkIn),
                    &cat.code,
                    &f.description.text(),
                );
                nr.household_id = Some(hid);
                // Saving again over the list of likely duplicates is the
                // clerk's yes to registering a repeat.
                nr.again = f.duplicates.as_ref().is_some_and(|d| !d.is_empty());
                if let Some((rid, name)) = &f.resident {
                    nr.resident_id = Some(*rid);
                    nr.requester_name = Some(name.clone());
                }
                nr.materials = f
                    .materials
                    .iter()
                    .filter(|m| m.1)
                    .map(|m| m.0.clone())
                    .collect();
                vec![Effect::Register(Box::new(nr))]
            }
        }
    }

    fn lookup_action(&mut self, a: Act) -> Vec<Effect> {
        let l = &mut self.lookup;
        if l.file.is_some() {
            let hid = l.file.as_ref().map(|f| f.household.id).unwrap_or(0);
            return match a {
                Act::Back => {
                    l.file = None;
                    l.revealed.clear();
                    l.visited = false;
                    Vec::new()
                }
                Act::Up => {
                    l.scroll = l.scroll.saturating_sub(1);
                    Vec::new()
                }
                Act::Down => {
                    l.scroll = l.scroll.saturating_add(1);
                    Vec::new()
                }
                Act::PageUp => {
                    l.scroll = l.scroll.saturating_sub(10);
                    Vec::new()
                }
                Act::PageDown => {
                    l.scroll = l.scroll.saturating_add(10);
                    Vec::new()
                }
                Act::Visit => self.prompt(
                    "入户走访记录（情况与发现的问题）",
                    "visit note (what was found)",
                    PromptFor::Visit(hid),
                ),
                Act::NewRequest => {
                    let label = l
                        .file
                        .as_ref()
                        .map(|f| f.household.label())
                        .unwrap_or_default();
                    let visited = l.visited;
                    self.register = RegisterForm::new();
                    self.register.channel = visited.then_some(Channel::Visit);
                    self.register.household = Some((hid, label));
                    self.register.focus = RegFocus::Category;
                    self.screen = Screen::Register;
                    Vec::new()
                }
                Act::Reload => vec![Effect::LoadHouseholdFile(hid)],
                Act::Reveal => vec![Effect::Reveal(
                    l.file
                        .as_ref()
                        .map(|f| f.members.iter().map(|m| m.id).collect())
                        .unwrap_or_default(),
                )],
                _ => Vec::new(),
            };
        }
        if l.browsing {
            let rows = l.browse_rows();
            return match a {
                Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                    l.browse_sel = move_sel(l.browse_sel, rows.len(), a, 10);
                    Vec::new()
                }
                Act::Select => match rows.get(l.browse_sel).cloned() {
                    Some(BrowseRow::Node(node)) => {
                        l.path.push(node.clone());
                        l.browse_sel = 0;
                        l.unit = None;
                        vec![Effect::Browse(Some(node.id))]
                    }
                    Some(BrowseRow::Unit(u)) => {
                        l.unit = Some(u);
                        l.browse_sel = 0;
                        Vec::new()
                    }
                    Some(BrowseRow::Household(h)) => vec![Effect::LoadHouseholdFile(h.id)],
                    None => Vec::new(),
                },
                Act::Back => {
                    if l.unit.take().is_some() {
                        l.browse_sel = 0;
                        Vec::new()
                    } else if l.path.pop().is_some() {
                        l.browse_sel = 0;
                        vec![Effect::Browse(l.path.last().map(|n| n.id))]
                    } else {
                        l.browsing = false;
                        Vec::new()
                    }
                }
                Act::NextField | Act::PrevField | Act::Browse => {
                    l.browsing = false;
                    Vec::new()
                }
                _ => Vec::new(),
            };
        }
        match a {
            Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                l.sel = move_sel(l.sel, l.hits.len(), a, 10);
                Vec::new()
            }
            Act::Select => match l.hits.get(l.sel) {
                Some(h) if h.kind == HitKind::Request => {
                    self.screen = Screen::Requests;
                    vec![Effect::LoadDetail(h.id)]
                }
                Some(h) => h
                    .household_id
                    .map(|id| vec![Effect::LoadHouseholdFile(id)])
                    .unwrap_or_default(),
                None => Vec::new(),
            },
            Act::NextField | Act::PrevField | Act::Browse => {
                l.browsing = true;
                if l.nodes.is_empty() && l.households.is_empty() {
                    return vec![Effect::Browse(l.path.last().map(|n| n.id))];
                }
                Vec::new()
            }
            Act::Back => {
                if !l.query.is_empty() {
                    l.query.clear();
                    l.hits.clear();
                    Vec::new()
                } else {
                    self.goto(Screen::Today)
                }
            }
            _ => Vec::new(),
        }
    }

    fn requests_action(&mut self, a: Act) -> Vec<Effect> {
        let l = self.lang;
        // Movement and opening.
        if self.queue.detail.is_none() {
            match a {
                Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                    self.queue.sel = move_sel(self.queue.sel, self.queue.items.len(), a, 10);
                    return Vec::new();
                }
                Act::Select => {
                    return self
                        .current_request()
                        .map(|r| vec![Effect::LoadDetail(r.id)])
                        .unwrap_or_default();
                }
                Act::View => {
                    self.queue.filter.view = self.queue.filter.view.next();
                    self.queue.sel = 0;
                    return vec![Effect::LoadQueue(self.queue.filter.clone())];
                }
                Act::Filter => {
                    return self.prompt(
                        "筛选：类别、层级、社区/片区名或承办人（空=清除）",
                        "filter: category, level, community/area or staff name (empty clears)",
                        PromptFor::QueueFilter,
                    );
                }
                Act::Reload => return vec![Effect::LoadQueue(self.queue.filter.clone())],
                Act::Back => return self.goto(Screen::Today),
                _ => {}
            }
        } else {
            match a {
                Act::Back => {
                    self.queue.detail = None;
                    self.queue.scroll = 0;
                    return vec![Effect::LoadQueue(self.queue.filter.clone())];
                }
                Act::Up => {
                    self.queue.scroll = self.queue.scroll.saturating_sub(1);
                    return Vec::new();
                }
                Act::Down => {
                    self.queue.scroll = self.queue.scroll.saturating_add(1);
                    return Vec::new();
                }
                Act::PageUp => {
                    self.queue.scroll = self.queue.scroll.saturating_sub(10);
                    return Vec::new();
                }
                Act::PageDown => {
                    self.queue.scroll = self.queue.scroll.saturating_add(10);
                    return Vec::new();
                }
                Act::Reload => {
                    return self
                        .current_request()
                        .map(|r| vec![Effect::LoadDetail(r.id)])
                        .unwrap_or_default();
                }
                _ => {}
            }
        }
        let Some(r) = self.current_request().cloned() else {
            return Vec::new();
        };
        let (id, v) = (r.id, r.version);
        match a {
            Act::Assign => {
                let items: Vec<(String, i64)> = self
                    .staff
                    .iter()
                    .map(|s| {
                        (
                            format!("{} ({}) {}", s.name, s.login, crate::i18n::role(s.role, l)),
                            s.id,
                        )
                    })
                    .collect();
                self.modal = Some(Modal::Pick {
                    title: t(l, "派遣给", "assign to"),
                    items,
                    sel: 0,
                    purpose: PickFor::Assign(id, v),
                });
                Vec::new()
            }
            Act::Note => self.prompt("内部备注", "internal note", PromptFor::Op(Act::Note, id, v)),
            Act::Reply => self.prompt(
                "答复居民的内容",
                "reply to the resident",
                PromptFor::Op(Act::Reply, id, v),
            ),
            Act::Step => {
                if r.status == Status::Assigned {
                    vec![Effect::Apply(Op::Start { id, version: v })]
                } else {
                    self.prompt(
                        "办理步骤（如：材料已送区民政局）",
                        "handling step (e.g. papers taken to the department)",
                        PromptFor::Op(Act::Step, id, v),
                    )
                }
            }
            Act::Wait => {
                if r.status == Status::Waiting {
                    vec![Effect::Apply(Op::Resume { id, version: v })]
                } else {
                    self.prompt(
                        "挂起原因（等待居民或部门；时限暂停）",
                        "why it waits (resident or department; the clock stops)",
                        PromptFor::Op(Act::Wait, id, v),
                    )
                }
            }
            Act::Escalate => self.prompt(
                "上报原因",
                "why escalate",
                PromptFor::Op(Act::Escalate, id, v),
            ),
            Act::Return => self.prompt(
                "回退原因",
                "why return it down",
                PromptFor::Op(Act::Return, id, v),
            ),
            Act::Resolve => {
                self.prompt("办理结果", "the result", PromptFor::Op(Act::Resolve, id, v))
            }
            Act::Reopen => self.prompt("重办原因", "why reopen", PromptFor::Op(Act::Reopen, id, v)),
            Act::Cancel => self.prompt("撤销原因", "why cancel", PromptFor::Op(Act::Cancel, id, v)),
            Act::CustodyIn => self.prompt(
                "收到的原件（如：户口本）",
                "original received (e.g. household register)",
                PromptFor::Op(Act::CustodyIn, id, v),
            ),
            Act::FollowUp => {
                let mut items: Vec<(String, i64)> = Rating::ALL
                    .iter()
                    .map(|r| (l.pick(r.zh(), r.en()).to_string(), i64::from(r.score())))
                    .collect();
                items.push((t(l, "未解决，重新办理", "not settled: reopen"), 0));
                self.modal = Some(Modal::Pick {
                    title: t(l, "回访结果", "follow-up result"),
                    items,
                    sel: 0,
                    purpose: PickFor::Rating(id, v),
                });
                Vec::new()
            }
            Act::CustodyOut => {
                let held: Vec<(String, i64)> = self
                    .queue
                    .detail
                    .as_ref()
                    .map(|d| {
                        d.custody
                            .iter()
                            .filter(|c| c.returned_at.is_none())
                            .map(|c| {
                                (
                                    format!(
                                        "{} ({})",
                                        c.item,
                                        c.holder.clone().unwrap_or_default()
                                    ),
                                    c.id,
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                if held.is_empty() {
                    self.info(t(l, "没有代管中的材料", "no originals held"));
                    return Vec::new();
                }
                self.modal = Some(Modal::Pick {
                    title: t(l, "交还哪一件", "hand back which"),
                    items: held,
                    sel: 0,
                    purpose: PickFor::CustodyOut(id),
                });
                Vec::new()
            }
            Act::Print => {
                let text = self
                    .queue
                    .detail
                    .as_ref()
                    .map(|d| super::view::detail_text(d, l, 80))
                    .unwrap_or_default();
                vec![Effect::Print {
                    name: format!("{}-detail", r.ticket),
                    text,
                }]
            }
            _ => Vec::new(),
        }
    }

    fn handover_action(&mut self, a: Act) -> Vec<Effect> {
        match a {
            Act::EndShift => self.prompt(
                "交班说明（留给接班人）",
                "handover note for the next shift",
                PromptFor::EndShift,
            ),
            Act::Accept => match &self.to_accept {
                Some(s) => vec![Effect::Apply(Op::Accept { shift: s.id })],
                None => {
                    self.info(t(
                        self.lang,
                        "没有待接的班",
                        "no handover waiting to be accepted",
                    ));
                    Vec::new()
                }
            },
            Act::Print => match &self.handover {
                Some(h) => vec![Effect::Print {
                    name: format!("handover-{}", h.shift.id),
                    text: super::view::handover_text(h, self.lang),
                }],
                None => Vec::new(),
            },
            Act::Up => {
                self.handover_scroll = self.handover_scroll.saturating_sub(1);
                Vec::new()
            }
            Act::Down => {
                self.handover_scroll = self.handover_scroll.saturating_add(1);
                Vec::new()
            }
            Act::Reload => vec![Effect::LoadHandover],
            Act::Back => self.goto(Screen::Today),
            _ => Vec::new(),
        }
    }

    fn reports_action(&mut self, a: Act) -> Vec<Effect> {
        match a {
            Act::Period => {
                self.period = self.period.next();
                vec![Effect::LoadReport {
                    period: self.period,
                    node: self.report_node.as_ref().map(|n| n.id),
                }]
            }
            Act::Filter => self.prompt(
                "统计范围：社区、片区或街道名（空=全区）",
                "area of the report: community, area or subdistrict (empty = district)",
                PromptFor::ReportNode,
            ),
            Act::Reload => vec![Effect::LoadReport {
                period: self.period,
                node: self.report_node.as_ref().map(|n| n.id),
            }],
            Act::Back => self.goto(Screen::Today),
            _ => Vec::new(),
        }
    }

    fn modal_action(&mut self, m: Modal, a: Act) -> Vec<Effect> {
        let l = self.lang;
        match m {
            Modal::Prompt {
                title,
                field,
                purpose,
            } => match a {
                Act::Select | Act::Save => {
                    let text = field.text().trim().to_string();
                    let optional = matches!(
                        purpose,
                        PromptFor::QueueFilter
                            | PromptFor::ReportNode
                            | PromptFor::EndShift
                            | PromptFor::Visit(_)
                    );
                    if text.is_empty() && !optional {
                        self.error(format!("{title}: {}", t(l, "不能为空", "it is empty")));
                        self.modal = Some(Modal::Prompt {
                            title,
                            field,
                            purpose,
                        });
                        return Vec::new();
                    }
                    self.last_prompt = Some(Modal::Prompt {
                        title,
                        field,
                        purpose: purpose.clone(),
                    });
                    self.prompt_done(purpose, text)
                }
                Act::Back => {
                    if field.is_empty() {
                        Vec::new()
                    } else {
                        let back = Box::new(Modal::Prompt {
                            title,
                            field,
                            purpose,
                        });
                        self.modal = Some(Modal::Confirm {
                            text: t(l, "放弃已输入的内容？", "Discard what was typed?"),
                            purpose: ConfirmFor::DiscardPrompt(back),
                        });
                        Vec::new()
                    }
                }
                Act::Quit => {
                    self.modal = Some(Modal::Prompt {
                        title,
                        field,
                        purpose,
                    });
                    self.modal = Some(Modal::Confirm {
                        text: t(
                            l,
                            "有未提交的输入，确定退出？",
                            "Something typed is not submitted. Quit anyway?",
                        ),
                        purpose: ConfirmFor::Quit,
                    });
                    Vec::new()
                }
                _ => {
                    self.modal = Some(Modal::Prompt {
                        title,
                        field,
                        purpose,
                    });
                    Vec::new()
                }
            },
            Modal::Pick {
                title,
                items,
                mut sel,
                purpose,
            } => match a {
                Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                    sel = move_sel(sel, items.len(), a, 10);
                    self.modal = Some(Modal::Pick {
                        title,
                        items,
                        sel,
                        purpose,
                    });
                    Vec::new()
                }
                Act::Select | Act::Save => {
                    let Some((_, value)) = items.get(sel).cloned() else {
                        return Vec::new();
                    };
                    match purpose {
                        PickFor::Operator => vec![Effect::ChooseOperator(value)],
                        PickFor::Assign(id, v) => vec![Effect::Apply(Op::Assign {
                            id,
                            to: value,
                            version: v,
                        })],
                        PickFor::CustodyOut(rid) => vec![Effect::Apply(Op::CustodyOut {
                            custody_id: value,
                            request_id: rid,
                        })],
                        PickFor::Rating(id, v) => {
                            match Rating::ALL.iter().find(|r| i64::from(r.score()) == value) {
                                Some(r) => vec![Effect::Apply(Op::Rate {
                                    id,
                                    rating: *r,
                                    version: v,
                                })],
                                None => self.prompt(
                                    "未解决的原因",
                                    "why it is not settled",
                                    PromptFor::ResolveFailed(id, v),
                                ),
                            }
                        }
                    }
                }
                Act::Back if purpose != PickFor::Operator => Vec::new(),
                Act::Quit => {
                    self.quit = true;
                    Vec::new()
                }
                _ => {
                    self.modal = Some(Modal::Pick {
                        title,
                        items,
                        sel,
                        purpose,
                    });
                    Vec::new()
                }
            },
            Modal::Confirm { text, purpose } => match a {
                Act::Select | Act::Save => match purpose {
                    ConfirmFor::Quit => {
                        // Quitting on purpose discards the form (and its draft).
                        self.register = RegisterForm::new();
                        self.quit = true;
                        Vec::new()
                    }
                    ConfirmFor::RestoreDraft(d) => {
                        self.register = d.restore(&self.categories);
                        self.screen = Screen::Register;
                        Vec::new()
                    }
                    ConfirmFor::DiscardRegister(next) => {
                        self.register = RegisterForm::new();
                        self.goto(next.unwrap_or(Screen::Today))
                    }
                    ConfirmFor::DiscardPrompt(_) => Vec::new(),
                    ConfirmFor::Cancel(id, v, reason) => vec![Effect::Apply(Op::Cancel {
                        id,
                        reason,
                        version: v,
                    })],
                },
                Act::Back => {
                    match purpose {
                        ConfirmFor::DiscardPrompt(back) => self.modal = Some(*back),
                        ConfirmFor::RestoreDraft(_) => {
                            self.info(t(self.lang, "已放弃上次的草稿", "the draft was dropped"))
                        }
                        _ => {}
                    }
                    Vec::new()
                }
                _ => {
                    self.modal = Some(Modal::Confirm { text, purpose });
                    Vec::new()
                }
            },
            Modal::Receipt {
                ticket,
                wide,
                narrow,
            } => match a {
                Act::Print => vec![Effect::Print {
                    name: format!("{ticket}-80"),
                    text: wide,
                }],
                Act::Toggle => vec![Effect::Print {
                    name: format!("{ticket}-32"),
                    text: narrow,
                }],
                Act::Select | Act::Back | Act::Save => Vec::new(),
                _ => {
                    self.modal = Some(Modal::Receipt {
                        ticket,
                        wide,
                        narrow,
                    });
                    Vec::new()
                }
            },
        }
    }

    fn prompt_done(&mut self, purpose: PromptFor, text: String) -> Vec<Effect> {
        match purpose {
            PromptFor::Op(act, id, v) => {
                // After a reload the record has a newer version than the prompt saw.
                let v = self
                    .queue
                    .detail
                    .as_ref()
                    .filter(|d| d.request.id == id)
                    .map(|d| d.request.version)
                    .unwrap_or(v);
                let op = match act {
                    Act::Note => Op::Note { id, text },
                    Act::Reply => Op::Reply { id, text },
                    Act::Step => Op::Step { id, text },
                    Act::Wait => Op::Wait {
                        id,
                        reason: text,
                        version: v,
                    },
                    Act::Escalate => Op::Escalate {
                        id,
                        reason: text,
                        version: v,
                    },
                    Act::Return => Op::Return {
                        id,
                        reason: text,
                        version: v,
                    },
                    Act::Resolve => Op::Resolve {
                        id,
                        result: text,
                        version: v,
                    },
                    Act::Reopen => Op::Reopen {
                        id,
                        reason: text,
                        version: v,
                    },
                    Act::CustodyIn => Op::CustodyIn { id, item: text },
                    Act::Cancel => {
                        self.modal = Some(Modal::Confirm {
                            text: t(self.lang, "确定撤销该办件？", "Cancel this request?"),
                            purpose: ConfirmFor::Cancel(id, v, text),
                        });
                        return Vec::new();
                    }
                    _ => return Vec::new(),
                };
                vec![Effect::Apply(op)]
            }
            PromptFor::ResolveFailed(id, v) => vec![Effect::Apply(Op::FollowUpFailed {
                id,
                reason: text,
                version: v,
            })],
            PromptFor::Visit(h) => {
                self.lookup.visited = true;
                vec![Effect::Apply(Op::Visit {
                    household: h,
                    note: text,
                })]
            }
            PromptFor::EndShift => vec![Effect::Apply(Op::EndShift { note: text })],
            PromptFor::QueueFilter => {
                self.queue.filter_text = text.clone();
                let mut f = QueueFilter {
                    view: self.queue.filter.view,
                    ..Default::default()
                };
                let mut node_words = Vec::new();
                for w in text.split_whitespace() {
                    if let Some(c) = self.categories.iter().find(|c| {
                        c.code == w || c.name_zh == w || c.name_en.eq_ignore_ascii_case(w)
                    }) {
                        f.category = Some(c.code.clone());
                    } else if let Some(lv) = crate::domain::lifecycle::Level::parse(w) {
                        f.level = Some(lv);
                    } else if let Some(s) = self.staff.iter().find(|s| s.name == w || s.login == w)
                    {
                        f.assignee = Some(s.id);
                    } else {
                        node_words.push(w.to_string());
                    }
                }
                self.queue.filter = f;
                self.queue.sel = 0;
                if node_words.is_empty() {
                    vec![Effect::LoadQueue(self.queue.filter.clone())]
                } else {
                    vec![Effect::FindNode(node_words.join(""))]
                }
            }
            PromptFor::ReportNode => {
                if text.is_empty() {
                    self.report_node = None;
                    return vec![Effect::LoadReport {
                        period: self.period,
                        node: None,
                    }];
                }
                vec![Effect::FindNode(text)]
            }
        }
    }

    /// A store result.
    pub fn loaded(&mut self, r: Loaded) -> Vec<Effect> {
        let l = self.lang;
        match r {
            Loaded::Today(td) => {
                self.today = Some(td);
                let n = self.today_rows().len();
                self.today_sel = self.today_sel.min(n.saturating_sub(1));
            }
            Loaded::Hits(target, query, hits) => match target {
                SearchFor::Register if query == self.register.query.text() => {
                    self.register.hits = hits
                        .into_iter()
                        .filter(|h| h.household_id.is_some())
                        .collect();
                    self.register.hit_sel = 0;
                }
                SearchFor::Lookup if query == self.lookup.query.text() => {
                    self.lookup.hits = hits;
                    self.lookup.sel = 0;
                }
                _ => {}
            },
            Loaded::HouseholdFile(f) => {
                if self.lookup.file.as_ref().map(|x| x.household.id) != Some(f.household.id) {
                    self.lookup.revealed.clear();
                    self.lookup.visited = false;
                }
                self.lookup.file = Some(f);
                self.lookup.scroll = 0;
                self.screen = Screen::Lookup;
            }
            Loaded::Categories(c) => self.categories = c,
            Loaded::Staff(s) => {
                if self.operator.is_none() {
                    let items = s
                        .iter()
                        .map(|x| {
                            (
                                format!(
                                    "{} ({}) {}",
                                    x.name,
                                    x.login,
                                    crate::i18n::role(x.role, l)
                                ),
                                x.id,
                            )
                        })
                        .collect();
                    self.modal = Some(Modal::Pick {
                        title: t(l, "谁在窗口值班？", "Who is at the counter?"),
                        items,
                        sel: 0,
                        purpose: PickFor::Operator,
                    });
                }
                self.staff = s;
            }
            Loaded::Duplicates(d) => {
                let empty = d.is_empty();
                self.register.duplicates = Some(d);
                if empty {
                    return self.save_register();
                }
                self.info(t(
                    l,
                    "发现可能重复的办件；再按保存键仍要登记，Esc 返回修改",
                    "possible duplicates below; save again to register anyway, Esc to go back",
                ));
            }
            Loaded::Registered(reg, req) => {
                let cat = self
                    .categories
                    .iter()
                    .find(|c| c.code == req.category)
                    .cloned();
                let wide = super::view::receipt(&req, cat.as_ref(), &reg, l, 80);
                let narrow = super::view::receipt(&req, cat.as_ref(), &reg, l, 32);
                self.modal = Some(Modal::Receipt {
                    ticket: reg.ticket.clone(),
                    wide,
                    narrow,
                });
                let channel = self.register.channel;
                self.register = RegisterForm::new();
                self.register.channel = channel;
                self.info(format!("{} {}", t(l, "已受理", "registered"), reg.ticket));
            }
            Loaded::Queue(items) => {
                self.queue.items = items;
                self.queue.sel = self.queue.sel.min(self.queue.items.len().saturating_sub(1));
            }
            Loaded::Detail(d) => {
                self.queue.detail = Some(d);
                self.screen = Screen::Requests;
            }
            Loaded::Done(msg) => {
                self.last_prompt = None;
                self.info(msg);
                return match self.screen {
                    Screen::Requests => match &self.queue.detail {
                        Some(d) => vec![Effect::LoadDetail(d.request.id)],
                        None => vec![Effect::LoadQueue(self.queue.filter.clone())],
                    },
                    Screen::Lookup => self
                        .lookup
                        .file
                        .as_ref()
                        .map(|f| vec![Effect::LoadHouseholdFile(f.household.id)])
                        .unwrap_or_default(),
                    Screen::Handover => vec![Effect::LoadHandover],
                    _ => Vec::new(),
                };
            }
            Loaded::Handover(h, acc) => {
                self.handover = h;
                self.to_accept = acc;
            }
            Loaded::Report(r) => self.report = Some(r),
            Loaded::Browse(nodes, households) => {
                self.lookup.nodes = nodes;
                self.lookup.households = households;
                self.lookup.browsing = true;
            }
            Loaded::Node(n) => match self.screen {
                Screen::Reports => match n {
                    Some(n) => {
                        let id = n.id;
                        self.report_node = Some(n);
                        return vec![Effect::LoadReport {
                            period: self.period,
                            node: Some(id),
                        }];
                    }
                    None => self.error(t(l, "找不到这个社区/片区", "no such community or area")),
                },
                _ => match n {
                    Some(n) => {
                        self.queue.filter.node = Some(n.id);
                        return vec![Effect::LoadQueue(self.queue.filter.clone())];
                    }
                    None => self.error(t(
                        l,
                        "筛选：找不到这个社区/片区",
                        "filter: no such community or area",
                    )),
                },
            },
            Loaded::Printed(where_) => self.info(where_),
            Loaded::Operator(s) => {
                self.operator = Some(s);
                self.modal = None;
                return vec![Effect::LoadToday];
            }
            Loaded::Revealed(v) => {
                self.lookup.revealed = v;
                self.info(t(
                    l,
                    "已显示完整证件号和电话（已记录）",
                    "full IDs and phones shown (logged)",
                ));
            }
            Loaded::Error(e, kind) => {
                self.error(e);
                if kind != ErrorKind::Other
                    && let Some(p) = self.last_prompt.take()
                {
                    // What was typed comes back; the record is read again.
                    self.modal = Some(p);
                    if let Some(d) = &self.queue.detail {
                        return vec![Effect::LoadDetail(d.request.id)];
                    }
                }
            }
        }
        Vec::new()
    }
}

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
