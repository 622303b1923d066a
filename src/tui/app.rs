//! The app: what all screens share (language, operator, the lists of
//! categories and staff, the status line, the popup in front), which screen
//! shows, which field has the keys, and the dispatch of keys, answers and
//! store results to the screen they belong to. Each screen's state, update
//! and draw live in `screens/`; nothing here touches the terminal or the
//! database, and nothing reads the clock: time comes in as `Input::Now`.

use super::action::Act;
use super::ctx::{Ctx, RegisterFrom};
use super::field::TextField;
use super::keymap::{Key, Keymap, Lookup};
use super::modal::{self, ConfirmFor, Outcome, PickFor, PromptFor};
use super::screens::admin::AdminState;
use super::screens::chart::ChartState;
use super::screens::handover::HandoverState;
use super::screens::help::HelpState;
use super::screens::party::PartyState;
use super::screens::reports::ReportsState;
use super::screens::today::TodayState;
use crate::i18n::Lang;
use crate::store::request::Category;
use crate::store::staff::Staff;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub use super::modal::Modal;
pub use super::msg::{
    Detail, Done, Effect, ErrorKind, Input, Loaded, Op, Period, Screen, SearchFor, move_sel, t,
};
pub use super::screens::lookup::{BrowseRow, LookupState};
pub use super::screens::register::{RegFocus, RegisterForm};
pub use super::screens::requests::QueueState;

/// Attempts of a write that meets a busy database, each waiting the store's
/// busy timeout, before the screen gives up and offers the typing back.
pub const MAX_BUSY_TRIES: u8 = 5;

pub struct App {
    pub lang: Lang,
    pub keymap: Keymap,
    pub operator: Option<Staff>,
    pub screen: Screen,
    pub help: HelpState,
    pub size: (u16, u16),
    pub status: Option<(String, bool)>,
    pub modal: Option<Modal>,
    pub categories: Vec<Category>,
    pub staff: Vec<Staff>,
    pub today: TodayState,
    pub register: RegisterForm,
    pub lookup: LookupState,
    pub queue: QueueState,
    pub handover: HandoverState,
    pub reports: ReportsState,
    pub chart: ChartState,
    pub admin: AdminState,
    pub decisions: super::screens::decisions::DecisionsState,
    pub party: PartyState,
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
    /// The store's clock, as the last `Input::Now` gave it.
    pub now: crate::domain::calendar::Time,
    /// Searches the store answered: a batch of typed keys costs one.
    pub searches_answered: usize,
}

/// Runs one screen's function with the shared context, then makes the
/// moves it asked for (another screen, a fresh register form).
macro_rules! on {
    ($app:ident . $field:ident, |$st:ident, $cx:ident| $body:expr) => {{
        let mut $cx = Ctx {
            lang: $app.lang,
            categories: &$app.categories,
            staff: &$app.staff,
            status: &mut $app.status,
            modal: &mut $app.modal,
            screen: &mut $app.screen,
            goto: None,
            body: ($app.size.0, $app.size.1.saturating_sub(3)),
            register: None,
        };
        let $st = &mut $app.$field;
        let out: Vec<Effect> = $body;
        let (goto, register) = ($cx.goto, $cx.register);
        $app.follow(out, goto, register)
    }};
}

impl App {
    pub fn new(lang: Lang, keymap: Keymap, operator: Option<Staff>) -> App {
        App {
            lang,
            keymap,
            operator,
            screen: Screen::Today,
            help: HelpState::default(),
            size: (80, 24),
            status: None,
            modal: None,
            categories: Vec::new(),
            staff: Vec::new(),
            today: TodayState::default(),
            register: RegisterForm::new(),
            lookup: LookupState::new(),
            queue: QueueState::default(),
            handover: HandoverState::default(),
            reports: ReportsState::default(),
            chart: ChartState::default(),
            admin: AdminState::default(),
            decisions: Default::default(),
            party: PartyState::default(),
            pending: Vec::new(),
            last_prompt: None,
            retry: None,
            busy_tries: 0,
            quit: false,
            ascii: false,
            color: true,
            now: chrono::DateTime::UNIX_EPOCH.with_timezone(&crate::domain::calendar::tz()),
            searches_answered: 0,
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

    /// The operator is a supervisor: the Admin screen is theirs.
    pub fn is_supervisor(&self) -> bool {
        self.operator
            .as_ref()
            .is_some_and(|o| o.role == crate::domain::lifecycle::Role::Supervisor)
    }

    pub fn info(&mut self, s: String) {
        self.status = Some((s, false));
    }

    pub fn error(&mut self, s: String) {
        self.status = Some((s, true));
    }

    /// The keymap section in force: the receipt's keys are the register
    /// screen's wherever it shows (a form from a household file returns there).
    pub fn section(&self) -> super::keymap::Section {
        match self.modal {
            Some(Modal::Receipt { .. }) => Screen::Register.section(),
            _ => self.screen.section(),
        }
    }

    /// The request selected on Today.
    pub fn today_selected(&self) -> Option<i64> {
        self.today.selected()
    }

    /// The text field that has the cursor, if any.
    pub fn focused_field(&mut self) -> Option<&mut TextField> {
        if self.help.open {
            return None;
        }
        if let Some(m) = &mut self.modal {
            return match m {
                Modal::Prompt { field, .. } | Modal::Filter { field, .. } => Some(field),
                _ => None,
            };
        }
        self.operator.as_ref()?;
        match self.screen {
            Screen::Register => self.register.field(),
            Screen::Lookup => self.lookup.field(),
            Screen::Chart => self.chart.field(),
            Screen::Party => self.party.field(),
            _ => None,
        }
    }

    /// True when a text field has the cursor (so the real cursor is shown).
    pub fn focused_field_shown(&self) -> bool {
        if self.help.open {
            return false;
        }
        if let Some(m) = &self.modal {
            return matches!(m, Modal::Prompt { .. } | Modal::Filter { .. });
        }
        if self.operator.is_none() {
            return false;
        }
        match self.screen {
            Screen::Register => self.register.field_shown(),
            Screen::Lookup => self.lookup.typing(),
            // The real cursor stands on the room under the chart's cursor.
            Screen::Chart => self.chart.typing() || self.chart.cell().is_some(),
            Screen::Party => self.party.typing(),
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
            Input::Now(now) => {
                self.now = now;
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
                    // Ctrl+U clears the field, as in a shell.
                    KeyCode::Char('u') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                        f.clear();
                        true
                    }
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
        let section = self.section();
        let ctrl_c =
            Some(key) == Key::from_event(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        match self.keymap.lookup(section, &self.pending, key) {
            // Ctrl+C does not quit (a slip would lose the form): say what does.
            Lookup::None if ctrl_c => {
                self.pending.clear();
                let keys = self.keymap.keys_for(section, Act::Quit).join(" / ");
                self.info(format!(
                    "{} {keys}",
                    t(self.lang, "退出请按", "to quit, press")
                ));
                Vec::new()
            }
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
        if let Some(m) = &mut self.modal {
            // The list narrowed: the cursor goes back to its best match,
            // at the top (the request's community's staff come first).
            if let Modal::Filter { sel, .. } = m {
                *sel = 0;
            }
            return Vec::new();
        }
        match self.screen {
            Screen::Register => self.register.after_typing(),
            Screen::Lookup => self.lookup.after_typing(),
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
        if self.screen == Screen::Lookup && s != Screen::Lookup {
            // Leaving the household file masks what was revealed in it.
            self.lookup.mask();
        }
        if s == Screen::Requests {
            self.queue.back_to = None;
        }
        self.screen = s;
        self.help.open = false;
        match s {
            Screen::Today => vec![Effect::LoadToday],
            Screen::Register | Screen::Lookup | Screen::Chart => Vec::new(),
            Screen::Requests => self.queue.load(),
            Screen::Handover => vec![Effect::LoadHandover],
            Screen::Reports => self.reports.load(),
            Screen::Admin => self.admin.load(),
            Screen::Decisions => self.decisions.load(),
            Screen::Party => self.party.load(),
        }
    }

    /// The moves a screen asked for, after its update.
    fn follow(
        &mut self,
        mut effects: Vec<Effect>,
        goto: Option<Screen>,
        register: Option<RegisterFrom>,
    ) -> Vec<Effect> {
        if let Some(r) = register {
            // Leaving the household file masks what was revealed in it.
            self.lookup.mask();
            self.register = RegisterForm::new();
            self.register.channel = r.channel;
            self.register.from_file = Some(r.household.0);
            self.register.household = Some(r.household);
            self.register.focus = RegFocus::Category;
            self.screen = Screen::Register;
        }
        if let Some(s) = goto {
            effects.extend(self.goto(s));
        }
        effects
    }

    /// One action.
    pub fn update(&mut self, a: Act) -> Vec<Effect> {
        self.status = None;
        if let Some(m) = self.modal.take() {
            return self.modal_action(m, a);
        }
        if self.help.open {
            let body = (self.size.0, self.size.1.saturating_sub(3));
            if self.help.key(a, &self.keymap, self.screen.section(), body) {
                return Vec::new();
            }
            if matches!(a, Act::Back | Act::Help | Act::Select) {
                self.help.open = false;
                return Vec::new();
            }
            if a == Act::Quit {
                self.help.open = false;
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
                self.help = HelpState {
                    open: true,
                    ..Default::default()
                };
                Vec::new()
            }
            Act::Today => self.goto(Screen::Today),
            Act::Register => self.goto(Screen::Register),
            Act::Lookup => self.goto(Screen::Lookup),
            Act::Requests => self.goto(Screen::Requests),
            Act::Handover => self.goto(Screen::Handover),
            Act::Reports => self.goto(Screen::Reports),
            Act::Admin if !self.is_supervisor() => {
                self.error(t(
                    self.lang,
                    "设置仅限站长/主任使用",
                    "the Admin screen is for supervisors only",
                ));
                Vec::new()
            }
            Act::Admin => self.goto(Screen::Admin),
            Act::Decisions => self.goto(Screen::Decisions),
            Act::Party => self.goto(Screen::Party),
            _ => match self.screen {
                Screen::Today => on!(self.today, |s, cx| s.action(&mut cx, a)),
                Screen::Register => on!(self.register, |s, cx| s.action(&mut cx, a)),
                Screen::Lookup => on!(self.lookup, |s, cx| s.action(&mut cx, a)),
                Screen::Requests => on!(self.queue, |s, cx| s.action(&mut cx, a)),
                Screen::Handover => on!(self.handover, |s, cx| s.action(&mut cx, a)),
                Screen::Reports => on!(self.reports, |s, cx| s.action(&mut cx, a)),
                Screen::Chart => on!(self.chart, |s, cx| s.action(&mut cx, a)),
                Screen::Admin => on!(self.admin, |s, cx| s.action(&mut cx, a)),
                Screen::Decisions => on!(self.decisions, |s, cx| s.action(&mut cx, a)),
                Screen::Party => {
                    let out = on!(self.party, |s, cx| s.action(&mut cx, a));
                    // A request opened from the party screen's lists: Esc
                    // on its detail comes back here.
                    if self.screen == Screen::Requests {
                        self.queue.back_to = Some(Screen::Party);
                    }
                    out
                }
            },
        }
    }

    fn modal_action(&mut self, m: Modal, a: Act) -> Vec<Effect> {
        match modal::update(m, a, self.lang) {
            Outcome::Open(m) => {
                self.modal = Some(m);
                Vec::new()
            }
            Outcome::Closed => Vec::new(),
            Outcome::Empty(m, msg) => {
                self.error(msg);
                self.modal = Some(m);
                Vec::new()
            }
            Outcome::Answered(purpose, text, back) => {
                self.last_prompt = Some(back);
                self.answered(purpose, text)
            }
            Outcome::Picked(PickFor::Operator, id) => vec![Effect::ChooseOperator(id)],
            Outcome::Picked(PickFor::Admin(p), v) => {
                on!(self.admin, |s, cx| s.picked(&mut cx, p, v))
            }
            Outcome::Picked(PickFor::Party(p), v) => {
                on!(self.party, |s, cx| s.picked(&mut cx, p, v))
            }
            Outcome::Picked(purpose, value) => {
                on!(self.queue, |s, cx| s.picked(&mut cx, purpose, value))
            }
            Outcome::Confirmed(c) => match c {
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
                // Discarded with Esc, the form starts again where it was:
                // what the clerk types next is an address, not screen keys.
                // Opened from a household file, it goes back there.
                ConfirmFor::DiscardRegister(next) => {
                    let from_file = self.register.from_file;
                    self.register = RegisterForm::new();
                    match (next, from_file) {
                        (Some(s), _) => self.goto(s),
                        (None, Some(h)) => {
                            self.screen = Screen::Lookup;
                            vec![Effect::LoadHouseholdFile(h)]
                        }
                        (None, None) => {
                            self.info(t(
                                self.lang,
                                "登记表已清空，可重新登记；再按 Esc 回到今日",
                                "the form is cleared for a new one; Esc again goes to Today",
                            ));
                            Vec::new()
                        }
                    }
                }
                ConfirmFor::DiscardPrompt(_) => Vec::new(),
                ConfirmFor::StaffActive(id, active) => {
                    vec![Effect::Admin(super::msg::AdminOp::StaffActive {
                        id,
                        active,
                    })]
                }
                ConfirmFor::Cancel(id, version, reason) => vec![Effect::Apply(Op::Cancel {
                    id,
                    reason,
                    version,
                })],
            },
            Outcome::Declined(c) => {
                if let ConfirmFor::RestoreDraft(_) = c {
                    self.info(t(self.lang, "已放弃上次的草稿", "the draft was dropped"));
                }
                Vec::new()
            }
            Outcome::Effects(e) => e,
            Outcome::Print(m, e) => {
                self.modal = Some(m);
                vec![e]
            }
            Outcome::Quit => {
                self.quit = true;
                Vec::new()
            }
        }
    }

    /// A prompt's answer, to the screen that asked.
    fn answered(&mut self, purpose: PromptFor, text: String) -> Vec<Effect> {
        match purpose {
            PromptFor::Op(act, id, v) => {
                on!(self.queue, |s, cx| s.op_answered(&mut cx, act, id, v, text))
            }
            PromptFor::Reassign(id, version, to) => vec![Effect::Apply(Op::Assign {
                id,
                to,
                version,
                reason: Some(text),
            })],
            PromptFor::ResolveFailed(id, version) => vec![Effect::Apply(Op::FollowUpFailed {
                id,
                reason: text,
                version,
            })],
            PromptFor::Visit(h) if self.screen == Screen::Chart => {
                self.chart.visit_answered(h, text)
            }
            PromptFor::Visit(h) => self.lookup.visit_answered(h, text),
            PromptFor::EndShift => vec![Effect::Apply(Op::EndShift { note: text })],
            PromptFor::QueueFilter => on!(self.queue, |s, cx| s.filter_answered(&mut cx, text)),
            PromptFor::ReportNode => self.reports.answered(text),
            PromptFor::Admin(ask) => on!(self.admin, |s, cx| s.answered(&mut cx, ask, text)),
            PromptFor::Decision(ask) => {
                on!(self.decisions, |s, cx| s.answered(&mut cx, ask, text))
            }
            PromptFor::Party(ask) => on!(self.party, |s, cx| s.answered(&mut cx, ask, text)),
        }
    }

    /// A write met a busy database: another counter holds the lock. Say so
    /// and try again soon (the loop's one timer), a few times, before the
    /// typing is given back. True when the result is held for a retry.
    pub fn retry_busy(&mut self, loaded: &Loaded, again: &Effect) -> bool {
        if matches!(loaded, Loaded::Error(_, ErrorKind::Busy)) && self.busy_tries < MAX_BUSY_TRIES {
            self.busy_tries += 1;
            self.retry = Some(again.clone());
            let n = self.busy_tries;
            self.info(
                self.lang
                    .pick(
                        &format!("数据库正忙，正在重试（第{n}次）…"),
                        &format!("busy, retrying ({n})…"),
                    )
                    .to_string(),
            );
            return true;
        }
        if !matches!(again, Effect::Search { .. }) {
            self.busy_tries = 0;
        }
        false
    }

    /// A store result, to the screen it belongs to.
    pub fn loaded(&mut self, r: Loaded) -> Vec<Effect> {
        let l = self.lang;
        match r {
            Loaded::Today(td, warnings) => self.today.loaded(td, warnings),
            Loaded::Hits(target, query, hits) => {
                self.searches_answered += 1;
                match target {
                    SearchFor::Register => self.register.hits(&query, hits),
                    SearchFor::Lookup => self.lookup.hits(&query, hits),
                }
            }
            Loaded::HouseholdFile(f) => {
                let from_chart = self.screen == Screen::Chart;
                let out = on!(self.lookup, |s, cx| {
                    s.file_loaded(&mut cx, f);
                    Vec::new()
                });
                if from_chart {
                    self.lookup.from_chart = true;
                }
                return out;
            }
            Loaded::Chart(c, focus) => {
                return on!(self.chart, |s, cx| {
                    s.loaded(&mut cx, c, focus);
                    Vec::new()
                });
            }
            Loaded::BuildingHit(query, found) => self.lookup.building_hit(&query, found),
            Loaded::Categories(c) => self.categories = c,
            Loaded::Staff(s) => {
                if self.operator.is_none() {
                    let all: Vec<&crate::store::staff::Staff> = s.iter().collect();
                    self.modal = Some(modal::staff_filter(
                        t(l, "谁在窗口值班？", "Who is at the counter?"),
                        &all,
                        l,
                        PickFor::Operator,
                    ));
                }
                self.staff = s;
            }
            Loaded::Duplicates(d) => {
                return on!(self.register, |s, cx| s.duplicates_loaded(&mut cx, d));
            }
            Loaded::Registered(reg, req, rf) => {
                return on!(self.register, |s, cx| s.registered(&mut cx, reg, req, rf));
            }
            Loaded::Queue(items, total) => self.queue.queue_loaded(items, total),
            Loaded::Detail(d) => {
                return on!(self.queue, |s, cx| {
                    s.detail_loaded(&mut cx, d);
                    Vec::new()
                });
            }
            Loaded::Done(done) => {
                self.last_prompt = None;
                self.info(done.said(l));
                // The screen in front shows the record changed: read it again.
                return match self.screen {
                    Screen::Requests => self.queue.load(),
                    Screen::Lookup => self.lookup.reload(),
                    Screen::Chart => self.chart.reload(),
                    Screen::Handover => vec![Effect::LoadHandover],
                    _ => Vec::new(),
                };
            }
            Loaded::Handover(h, acc) => self.handover.loaded(h, acc),
            Loaded::Admin(d) => self.admin.loaded(*d),
            Loaded::Party(d) => self.party.loaded(*d),
            Loaded::MemberAdded(name) => {
                return on!(self.party, |s, cx| s.added(&mut cx, name));
            }
            Loaded::Attended(n) => {
                return on!(self.party, |s, cx| s.attended(&mut cx, n));
            }
            Loaded::Families(name, list) => self.party.families_loaded(name, list),
            Loaded::PartyDone(said) => {
                self.last_prompt = None;
                return on!(self.party, |s, cx| s.done(&mut cx, said));
            }
            Loaded::Ledger(member, name, entries, total) => {
                self.party.ledger_loaded(member, name, entries, total)
            }
            Loaded::Letter(name, text) => self.party.letter_loaded(name, text),
            Loaded::ClaimFrom(b) => {
                let (d, r) = *b;
                self.party.loaded(d);
                return on!(self.party, |s, cx| s.claim_request(&mut cx, &r));
            }
            Loaded::AdminDone(d) => {
                self.last_prompt = None;
                return on!(self.admin, |s, cx| s.done(&mut cx, d));
            }
            Loaded::Report(r) => self.reports.report = Some(r),
            Loaded::Decisions(d) => self.decisions.loaded(*d),
            Loaded::Matter(id, text, notice) => self.decisions.shown(id, text, notice),
            Loaded::DecisionDone(said) => {
                self.last_prompt = None;
                self.decisions.done();
                self.info(said);
                return self.decisions.load();
            }
            Loaded::Browse(nodes, households) => self.lookup.browsed(nodes, households),
            Loaded::Node(n) => {
                return match self.screen {
                    Screen::Reports => on!(self.reports, |s, cx| s.node_found(&mut cx, n)),
                    _ => on!(self.queue, |s, cx| s.node_found(&mut cx, n)),
                };
            }
            Loaded::Printed(where_) => self.info(where_),
            Loaded::Operator(s) => {
                self.operator = Some(s);
                self.modal = None;
                return vec![Effect::LoadToday];
            }
            Loaded::HouseholdPhone(h, phone) => self.lookup.phone_revealed(h, phone),
            Loaded::DetailFromFile(d, household) => {
                self.lookup.mask();
                return on!(self.queue, |s, cx| {
                    s.detail_loaded(&mut cx, d);
                    s.from_file = Some(household);
                    Vec::new()
                });
            }
            Loaded::Assignees(id, v, near, community) => {
                return on!(self.queue, |s, cx| {
                    s.assignees(&mut cx, id, v, &near, community.as_deref());
                    Vec::new()
                });
            }
            Loaded::Revealed(v) => {
                return on!(self.lookup, |s, cx| {
                    s.revealed(&mut cx, v);
                    Vec::new()
                });
            }
            Loaded::Error(e, kind) => {
                let e = if kind == ErrorKind::Busy {
                    t(
                        l,
                        "数据库正忙（其他窗口在写入），已保留输入，请稍后再按一次",
                        "busy (another counter is writing): your typing is kept, try again in a moment",
                    )
                } else {
                    e
                };
                self.error(e);
                // A save that failed can be made again.
                self.register.saving = false;
                // A claim from a request's detail offers back its typing.
                if self.screen == Screen::Requests && self.party.claiming() {
                    on!(self.party, |s, cx| {
                        s.refused(&mut cx);
                        Vec::new()
                    });
                    return Vec::new();
                }
                // A refused member offers back what was typed.
                if self.screen == Screen::Party {
                    on!(self.party, |s, cx| {
                        s.refused(&mut cx);
                        Vec::new()
                    });
                    return Vec::new();
                }
                // A refused Admin change offers back what was typed.
                if self.screen == Screen::Admin {
                    self.last_prompt = None;
                    on!(self.admin, |s, cx| {
                        s.refused(&mut cx);
                        Vec::new()
                    });
                    return Vec::new();
                }
                // A refused meeting, issue or new round offers back what
                // was typed.
                if self.screen == Screen::Decisions && self.decisions.form.is_some() {
                    self.last_prompt = None;
                    on!(self.decisions, |s, cx| {
                        s.refused(&mut cx);
                        Vec::new()
                    });
                    return Vec::new();
                }
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
