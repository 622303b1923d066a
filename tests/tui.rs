//! The screens without a terminal: `update` on key input, the effects run
//! against a `small` demo database, frames drawn on an 80×24 TestBackend.

mod common;

use chrono::TimeZone;
use griddesk::domain::calendar::tz;
use griddesk::i18n::Lang;
use griddesk::store::{Store, staff};
use griddesk::tui::action::Act;
use griddesk::tui::app::{App, Input, Modal, Screen};
use griddesk::tui::effects::Runner;
use griddesk::tui::keymap::Keymap;
use griddesk::tui::{drain, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::Path;
use tempfile::TempDir;

struct Ui {
    _dir: TempDir,
    store: Store,
    app: App,
    keys: usize,
    size: (u16, u16),
}

/// Render tests the csvlens way: a builder over the `small` demo database,
/// then `step_and_draw` — one input, its effects run, one frame drawn on a
/// TestBackend — and assertions on the frame's lines.
struct UiBuilder {
    lang: Lang,
    size: (u16, u16),
}

impl UiBuilder {
    fn lang(mut self, l: Lang) -> Self {
        self.lang = l;
        self
    }
    fn size(mut self, w: u16, h: u16) -> Self {
        self.size = (w, h);
        self
    }
    fn build(self) -> Ui {
        let mut ui = Ui::new(self.lang);
        ui.size = self.size;
        ui.press(Input::Resize(self.size.0, self.size.1));
        ui
    }
}

fn key(code: KeyCode) -> Input {
    Input::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Input {
    Input::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

impl Ui {
    fn builder() -> UiBuilder {
        UiBuilder {
            lang: Lang::Zh,
            size: (80, 24),
        }
    }

    /// One input, its effects, one frame: the frame's lines.
    fn step_and_draw(&mut self, i: Input) -> Vec<String> {
        self.press(i);
        let (w, h) = self.size;
        self.screen(w, h).0.lines().map(str::to_string).collect()
    }

    fn new(lang: Lang) -> Ui {
        let dir = TempDir::new().unwrap();
        let path = common::small_db(dir.path());
        let mut store = Store::open(&path).unwrap();
        store.set_now(Some(tz().with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap()));
        let op = staff::by_login(store.conn(), &griddesk::cli::config::os_login())
            .unwrap()
            .unwrap();
        store.start_shift(op.id).unwrap();
        let mut app = App::new(lang, Keymap::default_map(), Some(op));
        let mut ui = Ui {
            _dir: dir,
            store,
            app: App::new(lang, Keymap::default_map(), None),
            keys: 0,
            size: (80, 24),
        };
        let first = app.start();
        ui.app = app;
        ui.run(first);
        ui
    }

    fn run(&mut self, effects: Vec<griddesk::tui::app::Effect>) {
        let op = self.app.operator.as_ref().map(|o| o.id);
        let mut r = Runner {
            store: &mut self.store,
            lang: self.app.lang,
            operator: op,
        };
        drain(&mut self.app, &mut r, effects);
    }

    fn press(&mut self, i: Input) {
        self.keys += 1;
        let e = self.app.handle(i);
        self.run(e);
    }

    fn typed(&mut self, s: &str) {
        for c in s.chars() {
            self.press(key(KeyCode::Char(c)));
        }
    }

    /// The frame as lines, plus the cursor when one is shown.
    fn screen(&self, w: u16, h: u16) -> (String, Option<(u16, u16)>) {
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        let mut cursor = None;
        term.draw(|f| {
            view::draw(f, &self.app);
        })
        .unwrap();
        let buf = term.backend().buffer().clone();
        let mut out = String::new();
        for y in 0..h {
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..w {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let s = buf[(x, y)].symbol();
                line.push_str(s);
                skip = unicode_width::UnicodeWidthStr::width(s).saturating_sub(1);
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        if self.app.focused_field_shown() {
            let p = term.get_cursor_position().unwrap();
            cursor = Some((p.x, p.y));
        }
        (out, cursor)
    }
}

/// From Today, by keys only: the register screen, the address, the first
/// household found, the most used category, save (and save anyway when
/// likely duplicates are shown). The request saved is the walk-in of that
/// household, in that category, under the ticket on the receipt. The number
/// of keys is printed (`cargo test --test tui walk_in -- --nocapture`).
#[test]
fn a_walk_in_registered_by_keys_from_today_is_saved_as_chosen() {
    let mut ui = Ui::new(Lang::Zh);
    assert_eq!(ui.app.screen, Screen::Today);
    // What the script should end with, found without the screens: the
    // first household the search gives for the address, and the category
    // most used in the last 90 days (errands are not walk-ins).
    let household = ui
        .store
        .search("1-1-101", 50)
        .unwrap()
        .into_iter()
        .find_map(|h| h.household_id)
        .expect("a household at 1-1-101");
    let since = griddesk::store::fmt_time(ui.store.now() - chrono::Duration::days(90));
    let mut st = ui
        .store
        .conn()
        .prepare("SELECT category_code, count(*) AS n FROM request WHERE registered_at >= ?1 AND category_code <> 'errand' GROUP BY category_code ORDER BY n DESC LIMIT 2")
        .unwrap();
    let top: Vec<(String, i64)> = st
        .query_map([&since], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    drop(st);
    assert!(top[0].1 > top[1].1, "one most used category: {top:?}");
    let category = top[0].0.clone();
    let requests = |ui: &Ui| -> i64 {
        ui.store
            .conn()
            .query_row("SELECT count(*) FROM request", [], |r| r.get(0))
            .unwrap()
    };
    let before = requests(&ui);

    ui.press(key(KeyCode::F(2)));
    ui.typed("1-1-101");
    ui.press(key(KeyCode::Enter)); // the first household found
    if ui.app.register.household.is_none() {
        // The demo has 1-1-101 in several communities: the first Enter
        // says so, the second takes the one under the cursor.
        ui.press(key(KeyCode::Enter));
    }
    ui.press(key(KeyCode::Enter)); // the most used category
    ui.press(ctrl('s')); // save: likely duplicates are checked first
    if !matches!(ui.app.modal, Some(Modal::Receipt { .. })) {
        assert!(
            ui.app
                .register
                .duplicates
                .as_ref()
                .is_some_and(|d| !d.is_empty()),
            "{:?}",
            ui.app.status
        );
        ui.press(ctrl('s')); // save anyway
    }
    let Some(Modal::Receipt {
        ticket,
        wide,
        narrow,
    }) = &ui.app.modal
    else {
        panic!("no receipt: {:?}", ui.app.status)
    };
    eprintln!("walk-in registered from Today in {} keys", ui.keys);
    assert_eq!(requests(&ui), before + 1, "one request saved");
    let newest: i64 = ui
        .store
        .conn()
        .query_row("SELECT max(id) FROM request", [], |r| r.get(0))
        .unwrap();
    let r = ui.store.request(newest).unwrap();
    assert_eq!(&r.ticket, ticket, "the receipt's ticket is the saved one");
    assert!(r.ticket.starts_with("20261127-"), "{}", r.ticket);
    assert_eq!(r.household_id, Some(household));
    assert!(r.household.as_deref().unwrap().ends_with("1-1-101"));
    assert_eq!(r.category, category);
    assert_eq!(r.channel, griddesk::domain::lifecycle::Channel::WalkIn);
    assert_eq!(r.registered_by, ui.app.operator.as_ref().map(|o| o.id));
    assert!(wide.contains(ticket.as_str()) && narrow.contains(ticket.as_str()));
    for line in narrow.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 32, "{line}");
    }
    for line in wide.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 80, "{line}");
    }
}

#[test]
fn esc_never_throws_a_form_away_without_asking() {
    let mut ui = Ui::new(Lang::En);
    ui.press(key(KeyCode::F(2)));
    ui.typed("1-1-101");
    ui.press(key(KeyCode::Esc));
    assert!(matches!(ui.app.modal, Some(Modal::Confirm { .. })));
    ui.press(key(KeyCode::Esc)); // no, keep it
    assert!(ui.app.modal.is_none());
    assert_eq!(ui.app.register.query.text(), "1-1-101");
    // Leaving by F-key keeps the form too.
    ui.press(key(KeyCode::F(1)));
    ui.press(key(KeyCode::F(2)));
    assert_eq!(ui.app.register.query.text(), "1-1-101");
    // Quit asks as well.
    ui.press(key(KeyCode::F(10)));
    assert!(matches!(ui.app.modal, Some(Modal::Confirm { .. })));
    assert!(!ui.app.quit);
    ui.press(key(KeyCode::Enter));
    assert!(ui.app.quit);
}

/// Discarding the form with Esc clears it and stays on Register: the
/// address typed next goes into the empty form, not to the screen keys of
/// Today (`1`, `2` …). Esc on the empty form then goes to Today.
#[test]
fn a_form_discarded_with_esc_starts_again_on_register() {
    let mut ui = Ui::new(Lang::Zh);
    ui.press(key(KeyCode::F(2)));
    ui.typed("1-1-101");
    ui.press(key(KeyCode::Esc));
    assert!(matches!(ui.app.modal, Some(Modal::Confirm { .. })));
    ui.press(key(KeyCode::Enter)); // yes, discard
    assert!(ui.app.modal.is_none());
    assert_eq!(ui.app.screen, Screen::Register);
    assert_eq!(ui.app.register.query.text(), "");
    let status = format!("{:?}", ui.app.status);
    assert!(status.contains("再按 Esc 回到今日"), "{status}");
    ui.typed("2-1-101");
    assert_eq!(ui.app.screen, Screen::Register);
    assert_eq!(ui.app.register.query.text(), "2-1-101");
    ui.press(key(KeyCode::Esc));
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Esc)); // the empty form: back to Today
    assert_eq!(ui.app.screen, Screen::Today);
}

/// On Register as on Lookup, an address in several communities is not
/// taken quietly: the first Enter says how many there are, Enter then
/// takes the one under the cursor. An address that matches nothing says
/// so, naming what was typed.
#[test]
fn register_asks_which_of_several_households_at_one_address() {
    let mut ui = Ui::new(Lang::Zh);
    let hits: Vec<i64> = ui
        .store
        .search("1-1-101", 50)
        .unwrap()
        .into_iter()
        .filter(|h| h.exact && h.kind == griddesk::store::search::HitKind::Household)
        .filter_map(|h| h.household_id)
        .collect();
    assert!(
        hits.len() > 1,
        "the demo has 1-1-101 in several communities"
    );
    ui.press(key(KeyCode::F(2)));
    ui.typed("1-1-101");
    ui.press(key(KeyCode::Enter));
    assert_eq!(ui.app.register.household, None, "not taken quietly");
    let status = format!("{:?}", ui.app.status);
    assert!(
        status.contains(&format!("这个地址有 {} 户", hits.len())) && status.contains("选用"),
        "{status}"
    );
    ui.press(key(KeyCode::Down));
    ui.press(key(KeyCode::Enter));
    let chosen = ui.app.register.hits[1].household_id;
    assert_eq!(ui.app.register.household.as_ref().map(|h| h.0), chosen);
    assert_eq!(chosen, Some(hits[1]));

    // Nothing found: said in the list and on Enter, with what was typed.
    ui.press(key(KeyCode::Esc));
    ui.press(key(KeyCode::Enter)); // discard
    ui.typed("9-9-909");
    let (frame, _) = ui.screen(80, 24);
    assert!(frame.contains("没有找到"), "{frame}");
    ui.press(key(KeyCode::Enter));
    let status = format!("{:?}", ui.app.status);
    assert!(status.contains("没有找到“9-9-909”"), "{status}");
}

#[test]
fn a_paste_with_newlines_does_not_submit_and_ime_commits_search_once() {
    let mut ui = Ui::new(Lang::Zh);
    ui.press(key(KeyCode::F(3)));
    ui.press(Input::Paste("1-1-\n101".into()));
    assert_eq!(ui.app.lookup.query.text(), "1-1- 101");
    assert!(ui.app.lookup.file.is_none());
    // Full-width digits stay in the box as typed; the search reads them as
    // digits (the hits below are 1-1-101).
    ui.app.lookup.query.clear();
    let effects: Vec<_> = "１-１-１０１"
        .chars()
        .flat_map(|c| ui.app.handle(key(KeyCode::Char(c))))
        .collect();
    assert_eq!(ui.app.lookup.query.text(), "１-１-１０１");
    let searches = effects
        .iter()
        .filter(|e| matches!(e, griddesk::tui::app::Effect::Search { .. }))
        .count();
    assert_eq!(searches, 7, "one per key before draining");
    // The batch is drained as the event loop drains what queued at once:
    // the store answers one search, the newest.
    let answered = ui.app.searches_answered;
    ui.run(effects);
    assert_eq!(ui.app.searches_answered - answered, 1, "searched once");
    assert!(!ui.app.lookup.hits.is_empty());
    assert!(
        ui.app
            .lookup
            .hits
            .iter()
            .all(|h| h.label.contains("1-1-101")),
        "{:?}",
        ui.app
            .lookup
            .hits
            .iter()
            .map(|h| &h.label)
            .collect::<Vec<_>>()
    );
}

#[test]
fn the_requests_screen_moves_a_request_through_its_life() {
    let mut ui = Ui::new(Lang::En);
    // Register one to work on.
    ui.press(key(KeyCode::F(2)));
    ui.typed("2-1-101");
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Enter));
    ui.press(ctrl('s'));
    if !matches!(ui.app.modal, Some(Modal::Receipt { .. })) {
        ui.press(ctrl('s'));
    }
    let Some(Modal::Receipt { ticket, .. }) = ui.app.modal.clone() else {
        panic!()
    };
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::F(3)));
    ui.typed(&ticket);
    ui.press(key(KeyCode::Enter));
    assert_eq!(ui.app.screen, Screen::Requests);
    assert_eq!(ui.app.queue.detail.as_ref().unwrap().request.ticket, ticket);
    // Assign to the first staff member in the list, start, resolve.
    ui.press(key(KeyCode::Char('a')));
    ui.press(key(KeyCode::Enter));
    let d = ui.app.queue.detail.as_ref().unwrap();
    assert_eq!(
        d.request.status,
        griddesk::domain::lifecycle::Status::Assigned,
        "{:?}",
        ui.app.status
    );
    ui.press(key(KeyCode::Char('s')));
    assert_eq!(
        ui.app.queue.detail.as_ref().unwrap().request.status,
        griddesk::domain::lifecycle::Status::InProgress
    );
    ui.press(key(KeyCode::Char('w')));
    ui.typed("waiting for papers");
    ui.press(key(KeyCode::Enter));
    assert_eq!(
        ui.app.queue.detail.as_ref().unwrap().request.status,
        griddesk::domain::lifecycle::Status::Waiting
    );
    ui.press(key(KeyCode::Char('w')));
    ui.press(key(KeyCode::Char('d')));
    ui.typed("done");
    ui.press(key(KeyCode::Enter));
    assert_eq!(
        ui.app.queue.detail.as_ref().unwrap().request.status,
        griddesk::domain::lifecycle::Status::Resolved
    );
    // A refused move is a message, not a crash — and it comes before any
    // reason is asked for.
    ui.press(key(KeyCode::Char('e')));
    assert!(ui.app.modal.is_none(), "{:?}", ui.app.modal);
    assert!(
        ui.app
            .status
            .as_ref()
            .is_some_and(|(m, err)| *err && m.contains("escalat")),
        "{:?}",
        ui.app.status
    );
    let kinds: Vec<String> = ui
        .app
        .queue
        .detail
        .as_ref()
        .unwrap()
        .timeline
        .iter()
        .map(|e| e.kind.clone())
        .collect();
    assert_eq!(
        kinds,
        ["created", "assign", "start", "wait", "resume", "resolve"]
    );
}

#[test]
fn vim_chords_and_the_help_come_from_the_keymap() {
    let km = Keymap::preset("vim").unwrap().unwrap();
    let mut app = App::new(
        Lang::En,
        km,
        Some(griddesk::store::staff::Staff {
            id: 1,
            login: "x".into(),
            name: "X".into(),
            role: griddesk::domain::lifecycle::Role::Counter,
            node_id: None,
            active: true,
        }),
    );
    app.screen = Screen::Requests;
    app.queue.items = Vec::new();
    let e = app.handle(key(KeyCode::Char('g')));
    assert!(e.is_empty());
    assert_eq!(app.pending.len(), 1);
    app.handle(key(KeyCode::Char('g')));
    assert!(app.pending.is_empty());
    let e = app.handle(key(KeyCode::Char('Z')));
    assert!(e.is_empty() && !app.quit);
    app.handle(key(KeyCode::Char('Z')));
    assert!(app.quit);
    let help = app.keymap.help(griddesk::tui::keymap::Section::Requests);
    let top = help.iter().find(|(a, _)| *a == Act::Top).unwrap();
    assert!(top.1.contains(&"g g".to_string()));
}

fn snapshot(ui: &Ui, name: &str) {
    let (text, cursor) = ui.screen(80, 24);
    insta::assert_snapshot!(name, format!("{text}cursor: {cursor:?}"));
}

#[test]
fn every_screen_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let tag = if lang == Lang::Zh { "zh" } else { "en" };
        let mut ui = Ui::new(lang);
        snapshot(&ui, &format!("{tag}_today"));
        ui.press(key(KeyCode::F(2)));
        ui.typed("1-1-10");
        snapshot(&ui, &format!("{tag}_register"));
        ui.press(key(KeyCode::F(3)));
        ui.press(Input::Paste("锦华家园 1-1-101".into()));
        snapshot(&ui, &format!("{tag}_lookup"));
        ui.press(key(KeyCode::Enter));
        snapshot(&ui, &format!("{tag}_household_file"));
        ui.press(key(KeyCode::F(4)));
        snapshot(&ui, &format!("{tag}_requests"));
        ui.press(key(KeyCode::Enter));
        snapshot(&ui, &format!("{tag}_request_detail"));
        ui.press(key(KeyCode::F(5)));
        snapshot(&ui, &format!("{tag}_handover"));
        ui.press(key(KeyCode::F(6)));
        snapshot(&ui, &format!("{tag}_reports"));
        ui.press(key(KeyCode::F(7)));
        snapshot(&ui, &format!("{tag}_help"));
        let (small, _) = ui.screen(60, 20);
        assert!(small.contains("80×24"), "{small}");
    }
}

#[test]
fn the_cursor_sits_at_the_visual_end_of_cjk_text() {
    let mut ui = Ui::new(Lang::Zh);
    ui.press(key(KeyCode::F(3)));
    let (_, c0) = ui.screen(80, 24);
    ui.press(Input::Paste("张三".into()));
    let (_, c1) = ui.screen(80, 24);
    let (c0, c1) = (c0.unwrap(), c1.unwrap());
    assert_eq!(c1.0, c0.0 + 4, "two CJK characters are four cells");
    assert_eq!(c1.1, c0.1);
    ui.press(key(KeyCode::Left));
    let (_, c2) = ui.screen(80, 24);
    assert_eq!(c2.unwrap().0, c0.0 + 2);
}

#[test]
fn without_colour_the_selection_still_shows() {
    let mut ui = Ui::new(Lang::En);
    ui.app.color = false;
    ui.press(key(KeyCode::F(4)));
    let (text, _) = ui.screen(80, 24);
    assert!(text.lines().any(|l| l.starts_with("│> ")), "{text}");
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| view::draw(f, &ui.app)).unwrap();
    let buf = term.backend().buffer();
    let styled = (0..80).any(|x| {
        buf[(x, 2)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    });
    assert!(styled, "the selected row is reversed");
    let any_colour = (0..24).flat_map(|y| (0..80).map(move |x| (x, y))).any(|p| {
        buf[p].fg != ratatui::style::Color::Reset || buf[p].bg != ratatui::style::Color::Reset
    });
    assert!(!any_colour, "NO_COLOR means no colour");
}

#[test]
fn ascii_borders_draw_no_box_characters() {
    let mut ui = Ui::new(Lang::En);
    ui.app.ascii = true;
    ui.press(key(KeyCode::F(4)));
    let (text, _) = ui.screen(80, 24);
    assert!(
        !text.contains('─') && !text.contains('│') && !text.contains('┌'),
        "{text}"
    );
    assert!(text.contains("+-"));
}

#[test]
fn revealing_ids_in_the_household_file_is_logged() {
    let mut ui = Ui::new(Lang::En);
    ui.press(key(KeyCode::F(3)));
    ui.press(Input::Paste("锦华家园 1-1-101".into()));
    ui.press(key(KeyCode::Enter));
    let (masked, _) = ui.screen(80, 24);
    assert!(masked.contains("411602********"), "{masked}");
    let before: i64 = ui
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM event WHERE kind = 'reveal' AND entity = 'resident'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    ui.press(key(KeyCode::Char('i')));
    let (shown, _) = ui.screen(80, 24);
    assert!(!shown.contains("411602********"), "{shown}");
    let members = ui.app.lookup.file.as_ref().unwrap().members.len() as i64;
    let after: i64 = ui
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM event WHERE kind = 'reveal' AND entity = 'resident'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(after, before + members);
    // Leaving the file masks them again.
    ui.press(key(KeyCode::Esc));
    assert!(ui.app.lookup.revealed.is_empty());
}

#[test]
fn a_change_at_another_counter_reloads_and_keeps_the_typing() {
    let mut ui = Ui::new(Lang::En);
    ui.press(key(KeyCode::F(4)));
    // The first open request in progress.
    let (id, other) = {
        let (r, _) = ui
            .app
            .queue
            .items
            .iter()
            .find(|(r, _)| r.status == griddesk::domain::lifecycle::Status::InProgress)
            .cloned()
            .unwrap();
        (
            r.id,
            staff::by_login(ui.store.conn(), "counter002")
                .unwrap()
                .unwrap()
                .id,
        )
    };
    let sel = ui
        .app
        .queue
        .items
        .iter()
        .position(|(r, _)| r.id == id)
        .unwrap();
    ui.app.queue.sel = sel;
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Char('d')));
    ui.typed("已修好");
    // Meanwhile another counter hands it on.
    ui.store.assign(other, id, other, None).unwrap();
    ui.press(key(KeyCode::Enter));
    assert!(
        ui.app
            .status
            .as_ref()
            .is_some_and(|(m, e)| *e && m.contains("another counter")),
        "{:?}",
        ui.app.status
    );
    match &ui.app.modal {
        Some(Modal::Prompt { field, .. }) => assert_eq!(field.text(), "已修好"),
        other => panic!("the prompt is offered back: {other:?}"),
    }
    // Submitting again works on the reloaded record.
    ui.press(key(KeyCode::Enter));
    assert_eq!(
        ui.app.queue.detail.as_ref().unwrap().request.status,
        griddesk::domain::lifecycle::Status::Resolved,
        "{:?}",
        ui.app.status
    );
}

#[test]
fn a_draft_round_trips() {
    let mut ui = Ui::new(Lang::Zh);
    ui.press(key(KeyCode::F(2)));
    ui.typed("1-1-101");
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Enter));
    let d = griddesk::tui::draft::Draft::of(&ui.app.register, Path::new("x.db")).unwrap();
    let back = d.restore(&ui.app.categories);
    assert_eq!(back.household, ui.app.register.household);
    assert_eq!(back.description.text(), ui.app.register.description.text());
    assert_eq!(
        back.category.map(|c| c.code),
        ui.app.register.category.as_ref().map(|c| c.code.clone())
    );
    assert!(
        griddesk::tui::draft::Draft::of(
            &griddesk::tui::app::RegisterForm::new(),
            Path::new("x.db")
        )
        .is_none()
    );
}

#[test]
fn problems_found_on_a_visit_come_in_as_visit_requests() {
    let mut ui = Ui::new(Lang::En);
    ui.press(key(KeyCode::F(3)));
    ui.press(Input::Paste("锦华家园 1-1-101".into()));
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Char('v')));
    ui.typed("lamp broken in the stairwell");
    ui.press(key(KeyCode::Enter));
    assert_eq!(
        ui.app.lookup.file.as_ref().unwrap().visits[0].2,
        "lamp broken in the stairwell"
    );
    ui.press(key(KeyCode::Char('n')));
    assert_eq!(ui.app.screen, Screen::Register);
    ui.press(key(KeyCode::Enter)); // category
    ui.press(ctrl('s'));
    if !matches!(ui.app.modal, Some(Modal::Receipt { .. })) {
        ui.press(ctrl('s'));
    }
    let Some(Modal::Receipt { ticket, .. }) = ui.app.modal.clone() else {
        panic!("{:?}", ui.app.status)
    };
    assert_eq!(
        ui.store.request_by_ticket(&ticket).unwrap().channel,
        griddesk::domain::lifecycle::Channel::Visit
    );
}

#[test]
fn a_busy_database_retries_visibly_and_keeps_the_form() {
    let mut ui = Ui::new(Lang::En);
    ui.store
        .set_busy_timeout(std::time::Duration::from_millis(50))
        .unwrap();
    ui.press(key(KeyCode::F(2)));
    ui.typed("1-1-101");
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Enter));
    // Another counter holds the write lock.
    let other = rusqlite::Connection::open(ui.store.path()).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    ui.press(ctrl('s'));
    if ui
        .app
        .register
        .duplicates
        .as_ref()
        .is_some_and(|d| !d.is_empty())
    {
        ui.press(ctrl('s'));
    }
    assert!(ui.app.retry.is_some(), "{:?}", ui.app.status);
    assert!(
        ui.app
            .status
            .as_ref()
            .is_some_and(|(m, _)| m.contains("busy, retrying (1)")),
        "{:?}",
        ui.app.status
    );
    assert!(ui.app.register.household.is_some(), "the form is kept");
    let (screen, _) = ui.screen(80, 24);
    assert!(screen.contains("busy, retrying"), "{screen}");
    // The lock goes; the timer's retry registers it.
    other.execute_batch("COMMIT").unwrap();
    let again: Vec<_> = ui.app.retry.take().into_iter().collect();
    ui.run(again);
    assert!(
        matches!(ui.app.modal, Some(Modal::Receipt { .. })),
        "{:?}",
        ui.app.status
    );
    assert_eq!(ui.app.busy_tries, 0);
}

#[test]
fn a_database_busy_for_long_gives_the_typing_back() {
    let mut ui = Ui::new(Lang::En);
    ui.store
        .set_busy_timeout(std::time::Duration::from_millis(20))
        .unwrap();
    ui.press(key(KeyCode::F(4)));
    let id = ui
        .app
        .queue
        .items
        .iter()
        .find(|(r, _)| r.status == griddesk::domain::lifecycle::Status::InProgress)
        .map(|(r, _)| r.id)
        .unwrap();
    ui.app.queue.sel = ui
        .app
        .queue
        .items
        .iter()
        .position(|(r, _)| r.id == id)
        .unwrap();
    ui.press(key(KeyCode::Enter));
    let other = rusqlite::Connection::open(ui.store.path()).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    ui.press(key(KeyCode::Char('n')));
    ui.typed("call back at 3pm");
    ui.press(key(KeyCode::Enter));
    for _ in 0..griddesk::tui::MAX_BUSY_TRIES {
        let again: Vec<_> = ui.app.retry.take().into_iter().collect();
        assert!(!again.is_empty());
        ui.run(again);
    }
    assert!(ui.app.retry.is_none());
    match &ui.app.modal {
        Some(Modal::Prompt { field, .. }) => assert_eq!(field.text(), "call back at 3pm"),
        other => panic!("{other:?} / {:?}", ui.app.status),
    }
    other.execute_batch("COMMIT").unwrap();
    ui.press(key(KeyCode::Enter));
    assert!(
        ui.app
            .status
            .as_ref()
            .is_some_and(|(m, e)| !e && m.contains("note added")),
        "{:?}",
        ui.app.status
    );
}

#[test]
fn browsing_goes_community_area_building_unit_room() {
    let mut ui = Ui::new(Lang::Zh);
    ui.press(key(KeyCode::F(3)));
    ui.press(key(KeyCode::Tab));
    assert!(ui.app.lookup.browsing);
    // District → subdistrict → community → area → building.
    for _ in 0..5 {
        assert!(!ui.app.lookup.nodes.is_empty(), "{:?}", ui.app.lookup.path);
        ui.press(key(KeyCode::Enter));
    }
    // A building opens its chart; Esc comes back to its units here.
    assert_eq!(ui.app.screen, Screen::Chart, "a building opens its chart");
    ui.press(key(KeyCode::Esc));
    assert_eq!(ui.app.screen, Screen::Lookup);
    assert_eq!(ui.app.lookup.path.len(), 5);
    assert_eq!(
        ui.app.lookup.path[4].level,
        griddesk::store::grid::NodeLevel::Building
    );
    let rows = ui.app.lookup.browse_rows();
    assert!(
        rows.iter()
            .all(|r| matches!(r, griddesk::tui::app::BrowseRow::Unit(_))),
        "units first"
    );
    ui.press(key(KeyCode::Enter));
    let rows = ui.app.lookup.browse_rows();
    assert!(
        !rows.is_empty()
            && rows
                .iter()
                .all(|r| matches!(r, griddesk::tui::app::BrowseRow::Household(h) if h.unit == "1"))
    );
    let (screen, _) = ui.screen(80, 24);
    assert!(screen.contains("1单元"), "{screen}");
    ui.press(key(KeyCode::Enter));
    assert!(
        ui.app.lookup.file.is_some(),
        "a room opens the household file"
    );
    ui.press(key(KeyCode::Esc));
    ui.press(key(KeyCode::Esc));
    assert!(
        matches!(
            ui.app.lookup.browse_rows().first(),
            Some(griddesk::tui::app::BrowseRow::Unit(_))
        ),
        "Esc goes back up to the units"
    );
}

fn request_count(ui: &Ui) -> i64 {
    ui.store
        .conn()
        .query_row("SELECT count(*) FROM request", [], |r| r.get(0))
        .unwrap()
}

/// A paste whose newlines arrive as Enter keys (a terminal without
/// bracketed paste) types into the description and never saves it.
#[test]
fn enter_inside_the_description_never_saves() {
    let mut ui = Ui::new(Lang::Zh);
    let before = request_count(&ui);
    ui.press(key(KeyCode::F(2)));
    ui.typed("1-1-101");
    ui.press(key(KeyCode::Enter)); // the household
    ui.press(key(KeyCode::Enter)); // the category
    ui.app.register.focus = griddesk::tui::app::RegFocus::Description;
    ui.app.register.description.clear();
    ui.typed("楼道灯坏了");
    ui.press(key(KeyCode::Enter));
    ui.typed("三楼");
    ui.press(key(KeyCode::Enter));
    assert_eq!(
        request_count(&ui),
        before,
        "nothing saved: {:?}",
        ui.app.status
    );
    assert!(ui.app.modal.is_none(), "{:?}", ui.app.modal);
    assert!(ui.app.register.duplicates.is_none(), "not even checked");
    // The line breaks are spaces: the lines stay apart, nothing is lost.
    assert_eq!(ui.app.register.description.text(), "楼道灯坏了 三楼 ");
    // The save key saves it, once.
    ui.press(ctrl('s'));
    if !matches!(ui.app.modal, Some(Modal::Receipt { .. })) {
        ui.press(ctrl('s'));
    }
    assert!(matches!(ui.app.modal, Some(Modal::Receipt { .. })));
    assert_eq!(request_count(&ui), before + 1);
}

/// Two save keys in one batch of input (a double press, or a paste) while
/// the likely duplicates are shown: one request, not two.
#[test]
fn a_second_save_while_one_is_with_the_store_is_ignored() {
    let mut ui = Ui::new(Lang::En);
    let register_one = |ui: &mut Ui| {
        ui.press(key(KeyCode::F(2)));
        ui.typed("1-1-101");
        ui.press(key(KeyCode::Enter));
        ui.press(key(KeyCode::Enter));
        ui.press(ctrl('s'));
    };
    register_one(&mut ui);
    if !matches!(ui.app.modal, Some(Modal::Receipt { .. })) {
        ui.press(ctrl('s'));
    }
    ui.press(key(KeyCode::Enter)); // close the receipt
    // The same household and category again: the first is a likely duplicate.
    register_one(&mut ui);
    assert!(
        ui.app
            .register
            .duplicates
            .as_ref()
            .is_some_and(|d| !d.is_empty()),
        "{:?}",
        ui.app.status
    );
    let before = request_count(&ui);
    let mut effects = ui.app.handle(ctrl('s'));
    effects.extend(ui.app.handle(ctrl('s')));
    ui.run(effects);
    assert!(matches!(ui.app.modal, Some(Modal::Receipt { .. })));
    assert_eq!(request_count(&ui), before + 1, "registered once");
}

/// After a problem found on a visit is registered, the next walk-in is a
/// walk-in again: the channel belonged to that one form.
#[test]
fn the_channel_of_a_visit_does_not_stick_to_the_next_form() {
    let mut ui = Ui::new(Lang::En);
    ui.press(key(KeyCode::F(3)));
    ui.press(Input::Paste("锦华家园 1-1-101".into()));
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Char('v')));
    ui.typed("lamp broken");
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Char('n')));
    ui.press(key(KeyCode::Enter));
    ui.press(ctrl('s'));
    if !matches!(ui.app.modal, Some(Modal::Receipt { .. })) {
        ui.press(ctrl('s'));
    }
    let Some(Modal::Receipt { ticket: first, .. }) = ui.app.modal.clone() else {
        panic!("{:?}", ui.app.status)
    };
    ui.press(key(KeyCode::Enter));
    // A walk-in at the counter, on the form that comes next.
    ui.press(key(KeyCode::F(2)));
    ui.typed("2-1-101");
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Enter));
    ui.press(ctrl('s'));
    if !matches!(ui.app.modal, Some(Modal::Receipt { .. })) {
        ui.press(ctrl('s'));
    }
    let Some(Modal::Receipt { ticket: second, .. }) = ui.app.modal.clone() else {
        panic!("{:?}", ui.app.status)
    };
    use griddesk::domain::lifecycle::Channel;
    assert_eq!(
        ui.store.request_by_ticket(&first).unwrap().channel,
        Channel::Visit
    );
    assert_eq!(
        ui.store.request_by_ticket(&second).unwrap().channel,
        Channel::WalkIn
    );
}

/// The frame drawn over Chinese text: every cell the screens leave
/// unpainted holds half of a wide character, starting at odd columns, so
/// every popup edge (at even columns) has one straddling it.
fn over_cjk(ui: &Ui) -> (ratatui::buffer::Buffer, String) {
    let (w, h) = (80u16, 24u16);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| {
        let text: Vec<ratatui::text::Line> = (0..h)
            .map(|_| ratatui::text::Line::from(format!(" {}", "今日到期上次连接中断".repeat(4))))
            .collect();
        f.render_widget(ratatui::widgets::Paragraph::new(text), f.area());
        view::draw(f, &ui.app);
    })
    .unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let s = buf[(x, y)].symbol();
            out.push_str(s);
            skip = unicode_width::UnicodeWidthStr::width(s).saturating_sub(1);
        }
        out.push('\n');
    }
    (buf, out)
}

/// What the terminal shows at display column `x` of row `y`: the cell, or
/// nothing when a wide character to its left covers it.
fn shown(buf: &ratatui::buffer::Buffer, x: u16, y: u16) -> Option<String> {
    let mut skip = 0;
    for cx in 0..buf.area.width {
        let s = buf[(cx, y)].symbol();
        if skip > 0 {
            skip -= 1;
            if cx == x {
                return None;
            }
            continue;
        }
        if cx == x {
            return Some(s.to_string());
        }
        skip = unicode_width::UnicodeWidthStr::width(s).saturating_sub(1);
    }
    None
}

/// The popup's left edge, at column `x`, from its top corner (on the row
/// with its title) down to its bottom corner, each row showing its glyph.
fn left_edge_shown(
    buf: &ratatui::buffer::Buffer,
    text: &str,
    title: &str,
    x: u16,
) -> Result<(), String> {
    let top = text
        .lines()
        .position(|l| l.contains(title))
        .ok_or(format!("no {title}"))? as u16;
    for y in top..buf.area.height {
        let want = if y == top { "┌" } else { "│" };
        match shown(buf, x, y) {
            Some(s) if s == "└" && y > top => return Ok(()),
            Some(s) if s == want => {}
            other => return Err(format!("row {y}, column {x}: {other:?}, not {want}")),
        }
    }
    Err("no bottom corner".into())
}

/// Every popup — help, prompt, pick list, question, likely duplicates —
/// over Chinese text keeps its left border, and nothing under it shows
/// through its edges.
#[test]
fn popups_over_chinese_text_keep_their_borders() {
    let mut ui = Ui::new(Lang::Zh);
    let mut failed = Vec::new();
    let mut check = |ui: &Ui, what: &str, title: &str, x: u16| {
        let (buf, text) = over_cjk(ui);
        if let Err(e) = left_edge_shown(&buf, &text, title, x) {
            eprintln!("{what}: {e}\n{text}");
            failed.push(what.to_string());
        }
    };
    ui.press(key(KeyCode::F(7)));
    check(&ui, "help", "按键", 4);
    ui.press(key(KeyCode::Esc));

    ui.press(key(KeyCode::F(5)));
    ui.press(key(KeyCode::Char('e')));
    check(&ui, "prompt", "交班说明", 4);
    ui.press(key(KeyCode::Esc));

    ui.press(key(KeyCode::F(4)));
    let some_request = ui.app.queue.items[0].0.clone();
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Char('a')));
    // 改派 for a request someone has, 派遣给 for one nobody has.
    let title = if some_request.assignee_id.is_some() {
        "改派"
    } else {
        "派遣给"
    };
    check(&ui, "pick list", title, 6);
    ui.press(key(KeyCode::Esc));

    ui.press(key(KeyCode::F(2)));
    ui.typed("1-1-101");
    ui.press(key(KeyCode::Esc));
    check(&ui, "question", "请确认", 8);
    ui.press(key(KeyCode::Esc));

    ui.press(key(KeyCode::Enter)); // several at this address: said
    ui.press(key(KeyCode::Enter)); // the household under the cursor
    assert!(ui.app.register.household.is_some());
    ui.app.register.duplicates = Some(vec![some_request]);
    check(&ui, "likely duplicates", "可能重复", 0);
    assert!(failed.is_empty(), "left borders lost: {failed:?}");
}

/// Registers a walk-in at the first household at a given local time
/// (year, month, day, hour); the store's clock is put back after.
fn registered_at(ui: &mut Ui, at: (i32, u32, u32, u32), category: &str, text: &str) -> i64 {
    use griddesk::domain::lifecycle::Channel;
    use griddesk::store::request::NewRequest;
    let me = ui.app.operator.as_ref().unwrap().id;
    let hh: i64 = ui
        .store
        .conn()
        .query_row(
            "SELECT id FROM household WHERE voided_at IS NULL ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let saved = ui.store.now();
    ui.store.set_now(Some(
        tz().with_ymd_and_hms(at.0, at.1, at.2, at.3, 0, 0).unwrap(),
    ));
    let mut nr = NewRequest::new(Channel::WalkIn, category, text);
    nr.household_id = Some(hh);
    let id = ui.store.register(me, &nr).unwrap().id;
    ui.store.set_now(Some(saved));
    id
}

/// Today warns by the one rule (`Request::warning`): a waiting request's
/// clock is paused (no ‼ though past due), a request due within a working
/// day is yellow (!); and each list is most urgent first.
#[test]
fn today_warns_by_the_one_rule_most_urgent_first() {
    let mut ui = Ui::builder().lang(Lang::En).size(80, 24).build();
    let me = ui.app.operator.as_ref().unwrap().id;
    // Mine, in due order: long overdue but waiting; overdue; due today.
    let waiting = registered_at(&mut ui, (2026, 9, 28, 10), "repair", "楼道灯坏了");
    let overdue = registered_at(&mut ui, (2026, 10, 10, 10), "repair", "下水道堵了");
    let due_today = registered_at(&mut ui, (2026, 11, 27, 9), "consult", "问低保政策");
    for r in [waiting, overdue, due_today] {
        ui.store.assign(me, r, me, None).unwrap();
    }
    ui.store.start(me, waiting, None, None).unwrap();
    ui.store
        .wait(me, waiting, "papers from the resident", None)
        .unwrap();
    let lines = ui.step_and_draw(ctrl('r'));
    let mine: Vec<&String> = lines
        .iter()
        .skip_while(|l| !l.contains("my open items"))
        .skip(1)
        .take(3)
        .collect();
    let cal = ui.store.calendar().unwrap().clone();
    let now = ui.store.now();
    let mut shown = Vec::new();
    for line in &mine {
        let r = [waiting, overdue, due_today]
            .into_iter()
            .map(|i| ui.store.request(i).unwrap())
            .find(|r| line.contains(&r.ticket))
            .unwrap_or_else(|| panic!("{line}\n{}", lines.join("\n")));
        let w = r.warning(now, &cal);
        // The marker, then the warning's symbol, then the ticket.
        let symbol = line.chars().nth(3).unwrap().to_string();
        assert_eq!(symbol, w.symbol(), "{} in {line}", r.ticket);
        shown.push((r.id, w));
    }
    use griddesk::domain::warning::Warning;
    assert_eq!(
        shown,
        [
            (overdue, Warning::Overdue),
            (due_today, Warning::DueSoon),
            (waiting, Warning::None)
        ],
        "most urgent first\n{}",
        lines.join("\n")
    );
}

/// The Requests queue is most urgent first too: no red request below an
/// unflagged one.
#[test]
fn the_queue_is_most_urgent_first() {
    let mut ui = Ui::builder().lang(Lang::En).build();
    // A red (overdue) request and an unflagged one registered this morning.
    registered_at(&mut ui, (2026, 10, 10, 10), "repair", "下水道堵了");
    registered_at(&mut ui, (2026, 11, 27, 9), "repair", "路灯不亮");
    ui.press(key(KeyCode::F(4)));
    let rank = |w: griddesk::domain::warning::Warning| {
        if w.is_red() {
            2
        } else if w.is_yellow() {
            1
        } else {
            0
        }
    };
    let ranks: Vec<u8> = ui.app.queue.items.iter().map(|(_, w)| rank(*w)).collect();
    assert!(ranks.contains(&2) && ranks.contains(&0), "{ranks:?}");
    assert!(ranks.windows(2).all(|p| p[0] >= p[1]), "{ranks:?}");
    // And on the screen: the first rows carry the red mark.
    let lines = ui.step_and_draw(key(KeyCode::Home));
    assert!(lines[2].starts_with("│> ‼"), "{}", lines.join("\n"));
}

/// Every long text — help, reports, handover, a request's timeline, the
/// household file — reaches its end with End, stops there, and comes back
/// with Home: the same keys as the lists.
#[test]
fn long_texts_reach_their_end_with_the_same_keys() {
    use griddesk::printout;
    let mut ui = Ui::builder().lang(Lang::En).size(80, 24).build();
    let me = ui.app.operator.as_ref().unwrap().id;
    let shows = |frame: &[String], text: &str| frame.iter().any(|l| l.contains(text));
    // A text's line as the screen shows it: the start, before any cut.
    let start = |line: &str| -> String {
        let line = line.trim();
        if unicode_width::UnicodeWidthStr::width(line) <= 70 {
            line.to_string()
        } else {
            line.chars().take(24).collect()
        }
    };
    let mut failed = Vec::new();
    let mut check = |ui: &mut Ui, what: &str, last: String| {
        let fresh = ui.step_and_draw(key(KeyCode::Home));
        if shows(&fresh, &last) {
            failed.push(format!(
                "{what}: not longer than the screen: `{last}`\n{}",
                fresh.join("\n")
            ));
            return;
        }
        let end = ui.step_and_draw(key(KeyCode::End));
        if !shows(&end, &last) {
            failed.push(format!(
                "{what}: End does not reach `{last}`\n{}",
                end.join("\n")
            ));
            return;
        }
        if ui.step_and_draw(key(KeyCode::Down)) != end {
            failed.push(format!("{what}: Down passes the end"));
        }
        ui.press(key(KeyCode::PageUp));
        ui.press(key(KeyCode::PageDown));
        if ui.step_and_draw(key(KeyCode::PageDown)) != end {
            failed.push(format!("{what}: PageDown does not stop at the end"));
        }
        if ui.step_and_draw(key(KeyCode::Home)) != fresh {
            failed.push(format!("{what}: Home does not come back to the top"));
        }
    };

    // Help on the Requests screen: its last row.
    ui.press(key(KeyCode::F(4)));
    ui.press(key(KeyCode::F(7)));
    let items = ui.app.keymap.help(griddesk::tui::keymap::Section::Requests);
    let rows = items.len().div_ceil(2);
    let (a, keys) = &items[rows - 1];
    check(
        &mut ui,
        "help",
        format!("{:<12} {}", keys.join(" "), a.label(Lang::En)),
    );
    ui.press(key(KeyCode::Esc));

    // A request's timeline, thirty notes long.
    let id = ui.app.queue.items[0].0.id;
    for i in 0..30 {
        ui.store
            .note(
                me,
                id,
                griddesk::store::request::NoteKind::Note,
                &format!("call {i}"),
            )
            .unwrap();
    }
    ui.app.queue.sel = 0;
    ui.press(key(KeyCode::Enter));
    let d = ui.app.queue.detail.clone().unwrap();
    let text = printout::detail_text(&d, Lang::En, 78);
    check(
        &mut ui,
        "timeline",
        start(text.lines().rfind(|l| !l.trim().is_empty()).unwrap()),
    );

    // Reports, of a district with ten agents (the most it lists).
    ui.press(key(KeyCode::F(6)));
    let report = ui.app.reports.report.as_mut().unwrap();
    for i in report.errands_per_agent.len()..10 {
        report
            .errands_per_agent
            .push((format!("agent {i} (agent{i:03})"), 10 - i as i64));
    }
    let text = printout::report_text(ui.app.reports.report.as_ref().unwrap(), Lang::En);
    check(
        &mut ui,
        "reports",
        start(text.lines().rfind(|l| !l.trim().is_empty()).unwrap()),
    );

    // Handover, after a busy shift.
    let hid = ui.store.search("锦华家园 1-1-101", 5).unwrap()[0]
        .household_id
        .unwrap();
    for i in 0..25 {
        let mut nr = griddesk::store::request::NewRequest::new(
            griddesk::domain::lifecycle::Channel::WalkIn,
            "repair",
            &format!("tap {i}"),
        );
        nr.household_id = Some(hid);
        nr.again = true;
        ui.store.register(me, &nr).unwrap();
    }
    ui.press(key(KeyCode::F(5)));
    let text = printout::handover_text(ui.app.handover.handover.as_ref().unwrap(), Lang::En);
    check(
        &mut ui,
        "handover",
        start(text.lines().rfind(|l| !l.trim().is_empty()).unwrap()),
    );

    // The household file, after many visits.
    for i in 0..25 {
        ui.store
            .record_visit(me, hid, &format!("visit {i}"))
            .unwrap();
    }
    ui.press(key(KeyCode::F(3)));
    ui.press(Input::Paste("锦华家园 1-1-101".into()));
    ui.press(key(KeyCode::Enter));
    let file = ui.app.lookup.file.clone().unwrap();
    let text = griddesk::tui::screens::lookup::household_text(
        &file,
        Lang::En,
        &[],
        &ui.app.categories,
        None,
    );
    let last = text.lines.last().unwrap().to_string();
    check(&mut ui, "household file", start(&last));

    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// Words where codes were: the timeline's kinds (custody in and out apart,
/// and the new `step`), categories by name in the household file, the
/// kinds of search hits — in both languages.
#[test]
fn the_screens_say_words_not_codes() {
    for lang in [Lang::Zh, Lang::En] {
        let mut ui = Ui::builder().lang(lang).build();
        let me = ui.app.operator.as_ref().unwrap().id;
        let hid = ui.store.search("锦华家园 1-1-101", 5).unwrap()[0]
            .household_id
            .unwrap();
        let mut nr = griddesk::store::request::NewRequest::new(
            griddesk::domain::lifecycle::Channel::WalkIn,
            "errand.pension_cert",
            "养老资格认证",
        );
        nr.household_id = Some(hid);
        nr.again = true;
        let reg = ui.store.register(me, &nr).unwrap();
        ui.store.assign(me, reg.id, me, None).unwrap();
        ui.store.start(me, reg.id, None, None).unwrap();
        ui.store
            .note(
                me,
                reg.id,
                griddesk::store::request::NoteKind::Step,
                "送区民政局",
            )
            .unwrap();
        let c = ui.store.custody_in(me, reg.id, "户口本").unwrap();
        ui.store.custody_return(me, c).unwrap();

        // The timeline.
        ui.press(key(KeyCode::F(3)));
        ui.press(Input::Paste(reg.ticket.clone()));
        let hits = ui.step_and_draw(key(KeyCode::Down)).join("\n");
        let (request_word, household_word) = match lang {
            Lang::Zh => ("件", "户"),
            Lang::En => ("request", "household"),
        };
        assert!(hits.contains(&format!("> {request_word} ")), "{hits}");
        let frame = ui.step_and_draw(key(KeyCode::Enter)).join("\n");
        let timeline = frame
            .split_once(lang.pick("办理经过：", "timeline:"))
            .unwrap()
            .1
            .split('└')
            .next()
            .unwrap();
        let words = match lang {
            Lang::Zh => ["登记", "派遣", "开始办理", "办理步骤", "收材料", "还材料"],
            Lang::En => [
                "registered",
                "assigned",
                "started",
                "step",
                "original in",
                "handed back",
            ],
        };
        for w in words {
            assert!(timeline.contains(w), "{w}: {frame}");
        }
        for code in ["created", "assign ", "custody_", "start "] {
            assert!(!timeline.contains(code), "{code}: {frame}");
        }

        // The household file.
        ui.press(key(KeyCode::F(3)));
        ui.press(key(KeyCode::Esc));
        ui.press(Input::Paste("锦华家园 1-1-101".into()));
        let hits = ui.step_and_draw(key(KeyCode::Home)).join("\n");
        assert!(hits.contains(&format!("> {household_word} ")), "{hits}");
        let frame = ui.step_and_draw(key(KeyCode::Enter)).join("\n");
        let cat = ui
            .app
            .categories
            .iter()
            .find(|c| c.code == "errand.pension_cert")
            .unwrap();
        let line = frame
            .lines()
            .find(|l| l.contains(&reg.ticket))
            .unwrap_or_else(|| panic!("{frame}"));
        assert!(
            line.contains(lang.pick(&cat.name_zh, &cat.name_en)),
            "{line}"
        );
        assert!(!frame.contains("errand.pension_cert"), "{frame}");
    }
}

/// English labels that did not fit are whole: the footer of a request's
/// detail keeps its help key, the register form's search box its title.
#[test]
fn english_footers_and_titles_are_not_cut() {
    let mut ui = Ui::builder().lang(Lang::En).build();
    ui.press(key(KeyCode::F(4)));
    let frame = ui.step_and_draw(key(KeyCode::Enter));
    let footer = frame.last().unwrap();
    assert!(footer.ends_with("F7 help"), "{footer}");
    let frame = ui.step_and_draw(key(KeyCode::F(2)));
    assert!(
        frame[1].contains("household: address/name/phone/ID─"),
        "{}",
        frame[1]
    );
    for lang in [Lang::Zh, Lang::En] {
        ui.app.lang = lang;
        for s in ["F1", "F2", "F3", "F4", "F5", "F6"] {
            let n: u8 = s[1..].parse().unwrap();
            ui.press(key(KeyCode::F(n)));
            let frame = ui.step_and_draw(key(KeyCode::Enter));
            let footer = frame.last().unwrap();
            assert!(footer.contains("F7 "), "{s} {lang:?}: {footer}");
        }
    }
}

/// Request rows in English: the status whole (as wide as the widest status),
/// the due time whole; the household not cut below its 20 cells.
#[test]
fn request_rows_keep_their_status_and_due_time_whole() {
    for lang in [Lang::En, Lang::Zh] {
        let mut ui = Ui::builder().lang(lang).build();
        // Rows to look at: three overdue walk-ins.
        for (day, text) in [(8, "楼道灯坏了"), (9, "下水道堵了"), (10, "路面塌陷")] {
            registered_at(&mut ui, (2026, 10, day, 10), "repair", text);
        }
        for screen in [1u8, 4] {
            let frame = ui.step_and_draw(key(KeyCode::F(screen)));
            let items: Vec<griddesk::store::request::Request> = if screen == 4 {
                ui.app.queue.items.iter().map(|(r, _)| r.clone()).collect()
            } else {
                let td = ui.app.today.data.as_ref().unwrap();
                td.mine
                    .iter()
                    .chain(&td.overdue)
                    .chain(&td.due_today)
                    .cloned()
                    .collect()
            };
            let mut rows = 0;
            for r in &items {
                let Some(line) = frame.iter().find(|l| l.contains(&r.ticket)) else {
                    continue;
                };
                rows += 1;
                let status = griddesk::i18n::status(r.status, lang);
                assert!(line.contains(&format!(" {status} ")), "{status}: {line}");
                let due = griddesk::printout::short(r.due_at);
                assert!(line.contains(&due), "{due}: {line}");
                let household = r.household.clone().unwrap_or_default();
                let cut: String = household.chars().take(12).collect();
                assert!(line.contains(&cut), "{household}: {line}");
            }
            assert!(rows > 2, "{}", frame.join("\n"));
        }
    }
}

/// The operator's name is whole in the tab line: a Chinese name is
/// right-aligned by display width, not by characters.
#[test]
fn the_operator_badge_is_whole() {
    let name = {
        let ui = Ui::new(Lang::Zh);
        ui.app.operator.as_ref().unwrap().name.clone()
    };
    for (lang, w) in [(Lang::Zh, 80), (Lang::En, 120)] {
        let mut ui = Ui::builder().lang(lang).size(w, 24).build();
        let frame = ui.step_and_draw(key(KeyCode::F(1)));
        assert!(frame[0].ends_with(&name), "{lang:?} {w}: {}", frame[0]);
    }
}

/// Ctrl+U clears the field with the cursor; Ctrl+C says how to quit.
#[test]
fn ctrl_u_clears_a_field_and_ctrl_c_says_how_to_quit() {
    let mut ui = Ui::builder().lang(Lang::En).build();
    ui.press(key(KeyCode::F(3)));
    ui.typed("1-1-101");
    ui.press(ctrl('u'));
    assert_eq!(ui.app.lookup.query.text(), "");
    let frame = ui.step_and_draw(ctrl('c'));
    assert!(!ui.app.quit);
    let status = &frame[frame.len() - 2];
    assert!(status.contains("to quit, press F10"), "{status}");
}

/// The receipt stays up after printing: a second copy, or the other width.
#[test]
fn the_receipt_stays_up_after_printing() {
    let mut ui = Ui::builder().lang(Lang::En).build();
    ui.press(key(KeyCode::F(2)));
    ui.typed("2-1-101");
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Enter));
    ui.press(ctrl('s'));
    if !matches!(ui.app.modal, Some(Modal::Receipt { .. })) {
        ui.press(ctrl('s'));
    }
    assert!(matches!(ui.app.modal, Some(Modal::Receipt { .. })));
    // The effects are looked at, not run: printing here would reach the
    // machine's printer and data folder.
    for (k, width) in [('p', "-80"), (' ', "-32"), ('p', "-80")] {
        let effects = ui.app.handle(key(KeyCode::Char(k)));
        assert!(
            matches!(&effects[..], [griddesk::tui::app::Effect::Print { name, .. }] if name.ends_with(width)),
            "{k:?}: {effects:?}"
        );
        assert!(
            matches!(ui.app.modal, Some(Modal::Receipt { .. })),
            "closed after {k:?}"
        );
    }
    ui.press(key(KeyCode::Enter));
    assert!(ui.app.modal.is_none());
}

/// A request registered from the household file: back in the file, read
/// afresh, the new request listed; what was revealed there is masked again
/// on leaving it.
#[test]
fn registering_from_the_household_file_returns_to_it_fresh() {
    let mut ui = Ui::builder().lang(Lang::En).build();
    ui.press(key(KeyCode::F(3)));
    ui.press(Input::Paste("锦华家园 1-1-101".into()));
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Char('i')));
    assert!(!ui.app.lookup.revealed.is_empty());
    ui.press(key(KeyCode::Char('n')));
    assert!(ui.app.lookup.revealed.is_empty(), "masked on leaving");
    ui.press(key(KeyCode::Enter));
    ui.press(ctrl('s'));
    if !matches!(ui.app.modal, Some(Modal::Receipt { .. })) {
        ui.press(ctrl('s'));
    }
    let Some(Modal::Receipt { ticket, .. }) = ui.app.modal.clone() else {
        panic!("{:?}", ui.app.status)
    };
    ui.press(key(KeyCode::Enter));
    assert_eq!(ui.app.screen, Screen::Lookup);
    let frame = ui.step_and_draw(key(KeyCode::End)).join("\n");
    assert!(frame.contains(&ticket), "{frame}");
    // Revealed, then away by F-key and back: masked.
    ui.press(key(KeyCode::Char('i')));
    assert!(!ui.app.lookup.revealed.is_empty());
    ui.press(key(KeyCode::F(1)));
    ui.press(key(KeyCode::F(3)));
    assert!(ui.app.lookup.revealed.is_empty());
}

/// Refusals come before the typing: escalating past the top, returning
/// below the lowest level, cancelling or stepping a closed request are
/// refused at the key, with no prompt.
#[test]
fn refusals_come_before_the_reason_is_typed() {
    use griddesk::domain::lifecycle::{Level, Status};
    let mut ui = Ui::builder().lang(Lang::En).build();
    let me = ui.app.operator.as_ref().unwrap().id;
    ui.press(key(KeyCode::F(4)));
    ui.press(key(KeyCode::Char('v'))); // mine
    ui.press(key(KeyCode::Char('v'))); // red
    ui.press(key(KeyCode::Char('v'))); // yellow
    ui.press(key(KeyCode::Char('v'))); // waiting
    ui.press(key(KeyCode::Char('v'))); // resolved
    ui.press(key(KeyCode::Char('v'))); // closed
    let closed = ui
        .app
        .queue
        .items
        .iter()
        .find(|(r, _)| r.status == Status::Closed)
        .map(|(r, _)| r.id)
        .expect("a closed request");
    ui.app.queue.sel = ui
        .app
        .queue
        .items
        .iter()
        .position(|(r, _)| r.id == closed)
        .unwrap();
    ui.press(key(KeyCode::Enter));
    for (k, words) in [
        ('c', "closed to cancelled"),
        ('s', "takes no handling steps"),
        ('x', "cannot be escalated or returned"),
    ] {
        let events = ui.store.timeline(closed).unwrap().len();
        ui.press(key(KeyCode::Char(k)));
        assert!(ui.app.modal.is_none(), "{k}: {:?}", ui.app.modal);
        assert!(
            ui.app
                .status
                .as_ref()
                .is_some_and(|(m, e)| *e && m.contains(words)),
            "{k}: {:?}",
            ui.app.status
        );
        assert_eq!(ui.store.timeline(closed).unwrap().len(), events);
    }
    // An open request brought down to the lowest level: return is refused
    // at the key.
    ui.press(key(KeyCode::Esc));
    ui.press(key(KeyCode::Char('v'))); // all
    ui.press(key(KeyCode::Char('v'))); // open
    let id = ui.app.queue.items[0].0.id;
    while ui.store.request(id).unwrap().level != Level::ALL[0] {
        ui.store.return_down(me, id, "handled below", None).unwrap();
    }
    ui.press(ctrl('r'));
    ui.app.queue.sel = ui
        .app
        .queue
        .items
        .iter()
        .position(|(r, _)| r.id == id)
        .unwrap();
    ui.press(key(KeyCode::Enter));
    assert_eq!(
        ui.app.queue.detail.as_ref().unwrap().request.level,
        Level::ALL[0]
    );
    ui.press(key(KeyCode::Char('x')));
    assert!(ui.app.modal.is_none(), "{:?}", ui.app.modal);
    assert!(
        ui.app
            .status
            .as_ref()
            .is_some_and(|(m, e)| *e && m.contains("lowest level")),
        "{:?}",
        ui.app.status
    );
}

/// After ending the shift, the handover shows the shift just ended with its
/// note; `a` on one's own shift says who accepts it.
#[test]
fn the_ended_shift_is_shown_and_accepted_by_the_next_clerk() {
    let mut ui = Ui::builder().lang(Lang::En).build();
    ui.press(key(KeyCode::F(5)));
    ui.press(key(KeyCode::Char('e')));
    ui.typed("keys in the drawer");
    let frame = ui.step_and_draw(key(KeyCode::Enter)).join("\n");
    assert!(frame.contains("keys in the drawer"), "{frame}");
    let h = ui.app.handover.handover.as_ref().unwrap();
    assert!(h.shift.ended_at.is_some(), "{:?}", h.shift);
    ui.press(key(KeyCode::Char('a')));
    assert!(
        ui.app
            .status
            .as_ref()
            .is_some_and(|(m, _)| m.contains("next clerk accepts it on their own login")),
        "{:?}",
        ui.app.status
    );
}

// ---- The building chart (楼盘表) on the screens ----

/// A household at `unit`-`room` of `building` with one member, the head.
fn chart_household(ui: &Ui, building: i64, unit: &str, room: &str, name: &str) -> i64 {
    use griddesk::store::household::{self, NewHousehold, ResidentInput};
    let now = ui.store.now();
    let c = ui.store.conn();
    let id = household::add(
        c,
        now,
        None,
        &NewHousehold {
            building_id: building,
            unit,
            room,
            phone: Some("13812345678"),
            tags: "",
            note: "",
        },
    )
    .unwrap();
    let r = ResidentInput {
        name: name.to_string(),
        relation: "02".to_string(),
        ..Default::default()
    }
    .validate(now.date_naive())
    .unwrap();
    household::add_resident(c, now, None, id, &r).unwrap();
    id
}

/// A building of 锦华家园 第一片区 with its layout set.
fn chart_building(ui: &Ui, name: &str, num: &str, layout: Option<(u32, u32, u32)>) -> i64 {
    use griddesk::store::grid::{self, NewNode, NodeLevel};
    let now = ui.store.now();
    let c = ui.store.conn();
    let area = grid::resolve(c, "锦华家园 第一片区").unwrap();
    let id = grid::add(
        c,
        now,
        None,
        &NewNode {
            parent_id: Some(area.id),
            level: NodeLevel::Building,
            name,
            num: Some(num),
            is_group: false,
        },
    )
    .unwrap();
    if let Some((units, floors, rooms)) = layout {
        griddesk::store::chart::set_layout(
            c,
            now,
            None,
            id,
            griddesk::store::chart::Layout {
                units: Some(units),
                floors: Some(floors),
                rooms_per_floor: Some(rooms),
            },
        )
        .unwrap();
    }
    id
}

const SURNAMES: [&str; 6] = ["张", "王", "李", "赵", "陈", "刘"];

/// 锦华家园 8号楼: 33 floors, 3 units × 4 rooms, a household in every room
/// (101…3304 in each unit), the head's surname by room.
fn tower(ui: &Ui) -> i64 {
    let b = chart_building(ui, "8号楼", "8", Some((3, 33, 4)));
    for unit in 1..=3 {
        for floor in 1..=33 {
            for room in 1..=4 {
                let name = format!("{}{unit}{floor}{room}", SURNAMES[(floor + room) % 6]);
                chart_household(
                    ui,
                    b,
                    &unit.to_string(),
                    &format!("{floor}{room:02}"),
                    &name,
                );
            }
        }
    }
    b
}

/// The frame with the real cursor where the last draw put it.
fn frame_and_cursor(ui: &Ui) -> (ratatui::buffer::Buffer, (u16, u16)) {
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| view::draw(f, &ui.app)).unwrap();
    let p = term.get_cursor_position().unwrap();
    (term.backend().buffer().clone(), (p.x, p.y))
}

/// Opens a building's chart the way a clerk does: F3, the building typed
/// (one paste), Enter on the building hit at the top of the results.
fn open_chart(ui: &mut Ui, typed: &str) {
    ui.press(key(KeyCode::F(3)));
    ui.press(Input::Paste(typed.into()));
    assert!(
        ui.app.lookup.building.is_some(),
        "{typed} names one building"
    );
    ui.press(key(KeyCode::Enter));
    assert_eq!(ui.app.screen, Screen::Chart);
}

fn chart_room(ui: &Ui) -> (String, String) {
    let c = ui.app.chart.cell().expect("a room under the cursor");
    (c.unit.clone(), c.room.clone())
}

#[test]
fn snapshots_of_a_tower_in_both_languages_scrolled_at_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let tag = if lang == Lang::Zh { "zh" } else { "en" };
        let mut ui = Ui::builder().lang(lang).size(80, 24).build();
        tower(&ui);
        open_chart(&mut ui, "锦华家园 8号楼");
        assert_eq!(
            chart_room(&ui),
            ("1".into(), "3301".into()),
            "top floor first"
        );
        snapshot(&ui, &format!("{tag}_chart_tower_top"));
        // PageDown twice and End reach the ground floor: the tower scrolls.
        ui.press(key(KeyCode::PageDown));
        ui.press(key(KeyCode::PageDown));
        ui.press(key(KeyCode::End));
        assert_eq!(chart_room(&ui), ("1".into(), "101".into()));
        let lines = ui.step_and_draw(key(KeyCode::Right));
        assert_eq!(chart_room(&ui), ("1".into(), "102".into()));
        assert!(
            lines.iter().any(|l| l.starts_with("│  1 ")),
            "the ground floor is on the screen: {lines:#?}"
        );
        assert!(
            !lines
                .iter()
                .any(|l| l.contains("33 陈") || l.contains("33 Chen")),
            "the top floor of units 1 and 2 scrolled away: {lines:#?}"
        );
        snapshot(&ui, &format!("{tag}_chart_tower_bottom"));
    }
}

/// 高庄 第一片区 第9居民小组: houses 3, 7 and 12, no units.
fn group(ui: &Ui) -> i64 {
    use griddesk::store::grid::{self, NewNode, NodeLevel};
    let now = ui.store.now();
    let c = ui.store.conn();
    let area = grid::resolve(c, "高庄 第一片区").unwrap();
    let g = grid::add(
        c,
        now,
        None,
        &NewNode {
            parent_id: Some(area.id),
            level: NodeLevel::Building,
            name: "第9居民小组",
            num: Some("9"),
            is_group: true,
        },
    )
    .unwrap();
    for (room, name) in [("12", "张桂兰"), ("7", "孙立"), ("3", "周平")] {
        chart_household(ui, g, "1", room, name);
    }
    g
}

#[test]
fn a_resident_group_is_a_list_of_houses_enter_opens_one() {
    for lang in [Lang::Zh, Lang::En] {
        let tag = if lang == Lang::Zh { "zh" } else { "en" };
        let mut ui = Ui::builder().lang(lang).build();
        group(&ui);
        open_chart(&mut ui, "高庄 第9居民小组");
        assert_eq!(chart_room(&ui).1, "3", "the first house first");
        ui.press(key(KeyCode::Down));
        ui.press(key(KeyCode::Down));
        assert_eq!(chart_room(&ui).1, "12");
        ui.press(key(KeyCode::Up));
        assert_eq!(chart_room(&ui).1, "7");
        snapshot(&ui, &format!("{tag}_chart_group"));
        ui.press(key(KeyCode::Enter));
        let file = ui.app.lookup.file.as_ref().expect("Enter opens the house");
        assert_eq!(file.household.room, "7");
        assert_eq!(file.members[0].name, "孙立");
    }
}

/// 锦华家园 9号楼: 2 units × 3 floors × 2 rooms, three lived in.
fn part_empty(ui: &Ui) -> i64 {
    let b = chart_building(ui, "9号楼", "9", Some((2, 3, 2)));
    chart_household(ui, b, "1", "301", "马一");
    chart_household(ui, b, "1", "102", "牛二");
    chart_household(ui, b, "2", "201", "杨三");
    b
}

#[test]
fn vacant_rooms_show_empty_and_enter_v_n_say_so() {
    for lang in [Lang::Zh, Lang::En] {
        let tag = if lang == Lang::Zh { "zh" } else { "en" };
        let mut ui = Ui::builder().lang(lang).build();
        part_empty(&ui);
        open_chart(&mut ui, "锦华家园 9号楼");
        // 1-302 is vacant.
        ui.press(key(KeyCode::Right));
        assert_eq!(chart_room(&ui), ("1".into(), "302".into()));
        assert!(ui.app.chart.cell().unwrap().home.is_none());
        let visits = |ui: &Ui| -> i64 {
            ui.store
                .conn()
                .query_row("SELECT count(*) FROM visit", [], |r| r.get(0))
                .unwrap()
        };
        let before = (visits(&ui), request_count(&ui));
        for k in ['v', 'n'] {
            ui.press(key(KeyCode::Char(k)));
            assert!(ui.app.modal.is_none(), "no prompt for a vacant room");
            assert_eq!(ui.app.screen, Screen::Chart, "{k} stays on the chart");
        }
        ui.press(key(KeyCode::Enter));
        assert_eq!(ui.app.screen, Screen::Chart);
        assert!(ui.app.lookup.file.is_none());
        assert_eq!((visits(&ui), request_count(&ui)), before, "nothing written");
        let (text, _) = ui.screen(80, 24);
        assert!(
            text.contains(if lang == Lang::Zh {
                "1-302 是空房"
            } else {
                "1-302 is vacant"
            }),
            "{text}"
        );
        assert!(text.contains(if lang == Lang::Zh { "空" } else { "vacant" }));
        snapshot(&ui, &format!("{tag}_chart_vacant"));
    }
}

#[test]
fn moving_on_the_chart_and_enter_opens_the_household_under_the_cursor() {
    let mut ui = Ui::builder().lang(Lang::Zh).build();
    tower(&ui);
    open_chart(&mut ui, "锦华家园 8号楼");
    // From 1-3301: down two floors, right three rooms, into unit 2 (the
    // unit beside it), then left back into unit 1's last room.
    for k in [KeyCode::Down, KeyCode::Down, KeyCode::Right, KeyCode::Right] {
        ui.press(key(k));
    }
    assert_eq!(chart_room(&ui), ("1".into(), "3103".into()));
    ui.press(key(KeyCode::Right));
    ui.press(key(KeyCode::Right));
    assert_eq!(
        chart_room(&ui),
        ("2".into(), "3101".into()),
        "into the next unit"
    );
    ui.press(key(KeyCode::Left));
    assert_eq!(chart_room(&ui), ("1".into(), "3104".into()));
    // Unit 3 stands in the band below at 80 columns; Right still reaches it.
    for _ in 0..5 {
        ui.press(key(KeyCode::Right));
    }
    assert_eq!(chart_room(&ui), ("3".into(), "3101".into()));
    let expected = ui
        .app
        .chart
        .cell()
        .unwrap()
        .home
        .as_ref()
        .unwrap()
        .household_id;
    ui.press(key(KeyCode::Enter));
    assert_eq!(ui.app.screen, Screen::Lookup);
    let file = ui
        .app
        .lookup
        .file
        .as_ref()
        .expect("Enter opens the household file");
    assert_eq!(file.household.id, expected);
    assert_eq!(
        (file.household.unit.as_str(), file.household.room.as_str()),
        ("3", "3101")
    );
    // Esc from that file goes back to the chart, cursor on the same room.
    ui.press(key(KeyCode::Esc));
    assert_eq!(ui.app.screen, Screen::Chart);
    assert_eq!(chart_room(&ui), ("3".into(), "3101".into()));
    // And Esc from the chart back to Lookup, where it was opened.
    ui.press(key(KeyCode::Esc));
    assert_eq!(ui.app.screen, Screen::Lookup);
    assert!(
        ui.app.lookup.building.is_some(),
        "the building hit is still there"
    );
}

/// The keys from Today to a room's household file through the chart at a
/// known building: F3, the building (one paste, as an IME commits it),
/// Enter on the building hit, arrows, Enter. Printed with
/// `cargo test --test tui keys_to_a_room -- --nocapture`.
#[test]
fn keys_to_a_room_through_the_chart_from_today() {
    let mut ui = Ui::builder().lang(Lang::Zh).build();
    tower(&ui);
    assert_eq!(ui.app.screen, Screen::Today);
    ui.keys = 0;
    ui.press(key(KeyCode::F(3)));
    ui.press(Input::Paste("锦华家园 8号楼".into()));
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Down));
    ui.press(key(KeyCode::Down));
    ui.press(key(KeyCode::Right));
    ui.press(key(KeyCode::Enter));
    println!("keys from Today to 8-1-3102's household file: {}", ui.keys);
    assert!(ui.keys <= 8, "{} keys", ui.keys);
    let file = ui.app.lookup.file.as_ref().expect("the household file");
    assert_eq!(file.household.label(), "锦华家园社区 8-1-3102");
    assert_eq!(
        file.members[0].name,
        format!("{}1{}{}", SURNAMES[(31 + 2) % 6], 31, 2)
    );
}

#[test]
fn b_in_a_household_file_opens_its_building_on_its_room() {
    let mut ui = Ui::builder().lang(Lang::Zh).build();
    tower(&ui);
    ui.press(key(KeyCode::F(3)));
    ui.press(Input::Paste("锦华家园 8-2-1703".into()));
    let hid = ui
        .app
        .lookup
        .hits
        .iter()
        .find(|h| h.label.contains("8-2-1703"))
        .and_then(|h| h.household_id)
        .expect("the household is found");
    ui.press(key(KeyCode::Enter));
    assert_eq!(
        ui.app.lookup.file.as_ref().map(|f| f.household.id),
        Some(hid)
    );
    ui.press(key(KeyCode::Char('b')));
    assert_eq!(ui.app.screen, Screen::Chart);
    assert_eq!(chart_room(&ui), ("2".into(), "1703".into()));
    let (text, cursor) = ui.screen(80, 24);
    let (_, y) = cursor.expect("the real cursor is on the room");
    let row = text.lines().nth(y as usize).unwrap();
    assert!(
        row.starts_with("│ 17 "),
        "the room's floor is in view: {row}"
    );
    ui.press(key(KeyCode::Esc));
    assert_eq!(ui.app.screen, Screen::Lookup);
    assert_eq!(
        ui.app.lookup.file.as_ref().map(|f| f.household.id),
        Some(hid),
        "Esc goes back to the household file"
    );
}

#[test]
fn v_n_and_jump_on_the_chart() {
    let mut ui = Ui::builder().lang(Lang::En).build();
    tower(&ui);
    open_chart(&mut ui, "锦华家园 8号楼");
    // `/` jumps: a room number alone stays in the unit; unit-room moves.
    ui.press(key(KeyCode::Char('/')));
    ui.typed("1502");
    ui.press(key(KeyCode::Enter));
    assert_eq!(chart_room(&ui), ("1".into(), "1502".into()));
    ui.press(key(KeyCode::Char('/')));
    ui.typed("3-704");
    ui.press(key(KeyCode::Enter));
    assert_eq!(chart_room(&ui), ("3".into(), "704".into()));
    // A room the building does not have: said, the typing kept.
    ui.press(key(KeyCode::Char('/')));
    ui.typed("4-9999");
    ui.press(key(KeyCode::Enter));
    assert_eq!(
        ui.app.chart.jump.as_ref().map(|f| f.text()),
        Some("4-9999".into())
    );
    let (text, cursor) = ui.screen(80, 24);
    assert!(
        text.contains("room: this building has no \"4-9999\""),
        "{text}"
    );
    assert!(cursor.is_some(), "the field has the cursor");
    ui.press(key(KeyCode::Esc));
    assert!(ui.app.chart.jump.is_none());
    assert_eq!(chart_room(&ui), ("3".into(), "704".into()));

    // `v`: the household file's prompt, the visit recorded for this room.
    let hid = ui
        .app
        .chart
        .cell()
        .unwrap()
        .home
        .as_ref()
        .unwrap()
        .household_id;
    let visits = |ui: &Ui| -> i64 {
        ui.store
            .conn()
            .query_row(
                "SELECT count(*) FROM visit WHERE household_id = ?1",
                [hid],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(visits(&ui), 0);
    ui.press(key(KeyCode::Char('v')));
    assert!(matches!(ui.app.modal, Some(Modal::Prompt { .. })));
    ui.press(Input::Paste("楼道堆放杂物".into()));
    ui.press(ctrl('s'));
    assert_eq!(visits(&ui), 1, "the visit is recorded for 3-704");
    assert_eq!(ui.app.screen, Screen::Chart);
    let days = ui
        .app
        .chart
        .cell()
        .unwrap()
        .home
        .as_ref()
        .unwrap()
        .days_since_visit;
    assert_eq!(days, Some(0), "the chart is read again");

    // `n`: the register form for this household, channel visit after `v`.
    ui.press(key(KeyCode::Char('n')));
    assert_eq!(ui.app.screen, Screen::Register);
    assert_eq!(
        ui.app.register.household,
        Some((hid, "锦华家园社区 8-3-704".to_string()))
    );
    assert_eq!(
        ui.app.register.channel,
        Some(griddesk::domain::lifecycle::Channel::Visit)
    );
}

/// The cell under the cursor, the marker before it and the real cursor on
/// it, in a frame drawn with the app's look.
fn cursor_shown(ui: &Ui) {
    let (buf, (x, y)) = frame_and_cursor(ui);
    let reversed = buf[(x, y)]
        .modifier
        .contains(ratatui::style::Modifier::REVERSED);
    if !ui.app.color {
        assert!(reversed, "the room is reversed at ({x},{y})");
        let any_colour = (0..24).flat_map(|y| (0..80).map(move |x| (x, y))).any(|p| {
            buf[p].fg != ratatui::style::Color::Reset || buf[p].bg != ratatui::style::Color::Reset
        });
        assert!(!any_colour, "NO_COLOR means no colour");
    }
    assert_eq!(
        buf[(x - 1, y)].symbol(),
        ">",
        "the marker is before the room"
    );
    let surname = buf[(x, y)].symbol().to_string();
    let home = ui.app.chart.cell().unwrap().home.as_ref().unwrap();
    assert_eq!(Some(surname), home.surname.clone());
}

#[test]
fn without_colour_and_in_ascii_the_chart_cursor_still_shows() {
    for (color, ascii) in [(false, false), (true, true), (false, true)] {
        let mut ui = Ui::builder().lang(Lang::Zh).build();
        ui.app.color = color;
        ui.app.ascii = ascii;
        tower(&ui);
        open_chart(&mut ui, "锦华家园 8号楼");
        cursor_shown(&ui);
        ui.press(key(KeyCode::Down));
        ui.press(key(KeyCode::Right));
        cursor_shown(&ui);
        ui.press(key(KeyCode::End));
        cursor_shown(&ui);
        let (text, _) = ui.screen(80, 24);
        if ascii {
            assert!(!text.contains('│'), "{text}");
        }
    }
}

#[test]
fn help_on_the_chart_lists_its_keys_from_the_keymap() {
    let mut ui = Ui::builder().lang(Lang::En).build();
    tower(&ui);
    open_chart(&mut ui, "锦华家园 8号楼");
    let lines = ui.step_and_draw(key(KeyCode::F(7)));
    let text = lines.join("\n");
    for want in ["left", "right", "go to room", "visit", "new request"] {
        assert!(text.contains(want), "{want}: {text}");
    }
}

// ---- The Admin screen (设置) ----

/// The Admin screen, for the supervisor the tests run as.
fn admin_ui(lang: Lang) -> Ui {
    let mut ui = Ui::builder().lang(lang).build();
    ui.press(key(KeyCode::F(9)));
    assert_eq!(ui.app.screen, Screen::Admin);
    ui
}

/// Clears a prompt that came filled in.
fn clear_field(ui: &mut Ui) {
    for _ in 0..40 {
        ui.press(key(KeyCode::Backspace));
    }
}

fn events(ui: &Ui, sql_where: &str, p: impl rusqlite::Params) -> i64 {
    ui.store
        .conn()
        .query_row(
            &format!("SELECT count(*) FROM event WHERE {sql_where}"),
            p,
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn the_admin_staff_part_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let tag = if lang == Lang::Zh { "zh" } else { "en" };
        let ui = admin_ui(lang);
        let (lines, cursor) = ui.screen(80, 24);
        // The operator's own record is listed with login, role and hall;
        // the login is the OS account's, named alike in the snapshot.
        let me = format!("{:<12}", griddesk::cli::config::os_login());
        assert!(lines.contains(&me), "{lines}");
        let lines = lines.replacen(&me, "operator    ", 1);
        insta::assert_snapshot!(
            format!("{tag}_admin_staff"),
            format!("{lines}cursor: {cursor:?}")
        );
    }
}

#[test]
fn a_supervisor_adds_a_staff_member_by_keys() {
    let mut ui = admin_ui(Lang::En);
    let op = ui.app.operator.clone().unwrap();
    let hall = griddesk::store::grid::resolve(ui.store.conn(), "锦华家园社区").unwrap();
    ui.press(key(KeyCode::Char('a')));
    ui.typed("wang.li");
    ui.press(key(KeyCode::Enter));
    ui.typed("王丽");
    ui.press(key(KeyCode::Enter));
    // Roles: counter first.
    ui.press(key(KeyCode::Enter));
    // The hall list narrows as the name is typed.
    ui.typed("锦华家园");
    let frame = ui.screen(80, 24).0;
    assert!(frame.contains("锦华家园社区"), "{frame}");
    assert!(!frame.contains("联盟社区"), "{frame}");
    ui.press(key(KeyCode::Enter));
    let s = staff::by_login(ui.store.conn(), "wang.li")
        .unwrap()
        .expect("the new staff member is in the database");
    assert_eq!(s.name, "王丽");
    assert_eq!(s.role, griddesk::domain::lifecycle::Role::Counter);
    assert_eq!(s.node_id, Some(hall.id));
    assert!(s.active);
    assert_eq!(
        events(
            &ui,
            "entity = 'staff' AND entity_id = ?1 AND staff_id = ?2",
            (s.id, op.id)
        ),
        1
    );
    let frame = ui.screen(80, 24).0;
    assert!(frame.contains("wang.li"), "{frame}");
    // The same login again: the store's refusal, and the typing offered back.
    ui.press(key(KeyCode::Char('a')));
    ui.typed("wang.li");
    ui.press(key(KeyCode::Enter));
    ui.typed("王丽");
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Enter));
    let (msg, err) = ui.app.status.clone().unwrap();
    assert!(err && msg.contains("wang.li"), "{msg}");
    match &ui.app.modal {
        Some(Modal::Prompt { field, .. }) => assert_eq!(field.text(), "wang.li"),
        m => panic!("the login prompt is offered back, not {m:?}"),
    }
}

#[test]
fn a_supervisor_changes_a_category_limit() {
    let mut ui = admin_ui(Lang::Zh);
    ui.press(key(KeyCode::Tab));
    ui.press(key(KeyCode::Down));
    let code = griddesk::store::categories::all(ui.store.conn()).unwrap()[1]
        .code
        .clone();
    let limit = |ui: &Ui| {
        griddesk::store::categories::all(ui.store.conn())
            .unwrap()
            .into_iter()
            .find(|c| c.code == code)
            .unwrap()
            .limit_days
    };
    assert_ne!(limit(&ui), 12);
    ui.press(key(KeyCode::Char('l')));
    clear_field(&mut ui);
    ui.typed("十二");
    ui.press(key(KeyCode::Enter));
    // Not a number: refused by name, the typing kept, nothing written.
    let (msg, err) = ui.app.status.clone().unwrap();
    assert!(
        err && msg.contains("办理时限") && msg.contains("十二"),
        "{msg}"
    );
    match &ui.app.modal {
        Some(Modal::Prompt { field, .. }) => assert_eq!(field.text(), "十二"),
        m => panic!("the prompt stays, not {m:?}"),
    }
    clear_field(&mut ui);
    ui.typed("12");
    ui.press(key(KeyCode::Enter));
    assert_eq!(limit(&ui), 12);
    assert_eq!(
        events(
            &ui,
            "entity = 'category' AND note = ?1 AND kind = 'update'",
            [&code]
        ),
        1
    );
    // Over the store's bound: the store's message, the typing back.
    ui.press(key(KeyCode::Char('l')));
    clear_field(&mut ui);
    ui.typed("400");
    ui.press(key(KeyCode::Enter));
    let (msg, err) = ui.app.status.clone().unwrap();
    assert!(err && msg.contains("400"), "{msg}");
    match &ui.app.modal {
        Some(Modal::Prompt { field, .. }) => assert_eq!(field.text(), "400"),
        m => panic!("the prompt is offered back, not {m:?}"),
    }
    assert_eq!(limit(&ui), 12);
}

#[test]
fn a_supervisor_adds_a_holiday_and_it_is_logged() {
    let mut ui = admin_ui(Lang::En);
    let op = ui.app.operator.clone().unwrap();
    ui.press(key(KeyCode::Tab));
    ui.press(key(KeyCode::Tab));
    let day = chrono::NaiveDate::from_ymd_opt(2027, 10, 9).unwrap();
    let before = events(&ui, "entity = 'calendar' AND staff_id = ?1", [op.id]);
    ui.press(key(KeyCode::Char('a')));
    ui.typed("2027年10月9日");
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Down)); // a make-up working day
    ui.press(key(KeyCode::Enter));
    ui.typed("国庆调休上班");
    ui.press(key(KeyCode::Enter));
    let days = griddesk::store::calendar_listing(ui.store.conn(), day, day).unwrap();
    assert_eq!(
        days,
        vec![(
            day,
            griddesk::domain::calendar::DayKind::Workday,
            "国庆调休上班".to_string()
        )]
    );
    assert_eq!(
        events(&ui, "entity = 'calendar' AND staff_id = ?1", [op.id]),
        before + 1
    );
    let frame = ui.screen(80, 24).0;
    assert!(frame.contains("2027-10-09"), "{frame}");
}

/// Browses the grid part down to `id` and selects it.
fn select_node(ui: &mut Ui, id: i64) {
    while ui.app.admin.parent.is_some() {
        ui.press(key(KeyCode::Esc));
    }
    let path = griddesk::store::grid::path(ui.store.conn(), id).unwrap();
    let mut parent = None;
    for (k, n) in path.iter().enumerate() {
        // In the screen's order: by number, then name.
        let mut kids = griddesk::store::grid::children(ui.store.conn(), parent).unwrap();
        kids.sort_by_key(griddesk::tui::screens::admin::node_order);
        let at = kids.iter().position(|c| c.id == n.id).unwrap();
        ui.press(key(KeyCode::Home));
        for _ in 0..at {
            ui.press(key(KeyCode::Down));
        }
        if k + 1 < path.len() {
            ui.press(key(KeyCode::Enter));
        }
        parent = Some(n.id);
    }
}

#[test]
fn a_supervisor_adds_an_area_and_renames_it_with_a_reason() {
    use griddesk::store::grid;
    let mut ui = admin_ui(Lang::Zh);
    let op = ui.app.operator.clone().unwrap();
    for _ in 0..3 {
        ui.press(key(KeyCode::Tab));
    }
    let community = grid::resolve(ui.store.conn(), "锦华家园社区").unwrap();
    select_node(&mut ui, community.id);
    ui.press(key(KeyCode::Char('a')));
    ui.typed("第九片区");
    ui.press(key(KeyCode::Enter));
    let area = grid::child_named(ui.store.conn(), community.id, "第九片区")
        .unwrap()
        .expect("the area is added");
    assert_eq!(area.level, grid::NodeLevel::Area);
    // The same name again under the same community is refused.
    ui.press(key(KeyCode::Char('a')));
    ui.typed("第九片区");
    ui.press(key(KeyCode::Enter));
    assert!(ui.app.status.as_ref().unwrap().1);
    assert_eq!(
        grid::children(ui.store.conn(), Some(community.id))
            .unwrap()
            .iter()
            .filter(|n| n.name == "第九片区")
            .count(),
        1
    );
    ui.press(key(KeyCode::Esc));
    ui.press(key(KeyCode::Enter)); // discard the typing: yes
    select_node(&mut ui, area.id);
    ui.press(key(KeyCode::Char('r')));
    clear_field(&mut ui);
    ui.typed("振兴片区");
    ui.press(key(KeyCode::Enter));
    ui.typed("按街道文件更名");
    ui.press(key(KeyCode::Enter));
    assert_eq!(
        grid::get(ui.store.conn(), area.id).unwrap().unwrap().name,
        "振兴片区"
    );
    assert_eq!(
        events(
            &ui,
            "entity = 'grid_node' AND entity_id = ?1 AND kind = 'rename' AND reason = ?2 AND staff_id = ?3",
            (area.id, "按街道文件更名", op.id)
        ),
        1
    );
    let frame = ui.screen(80, 24).0;
    assert!(frame.contains("振兴片区"), "{frame}");
}

#[test]
fn a_counter_clerk_has_no_admin_screen() {
    let mut ui = Ui::builder().lang(Lang::En).build();
    let clerk = staff::active(ui.store.conn())
        .unwrap()
        .into_iter()
        .find(|s| s.role == griddesk::domain::lifecycle::Role::Counter)
        .unwrap();
    ui.app.operator = Some(clerk.clone());
    let tabs = ui.step_and_draw(key(KeyCode::F(1)))[0].clone();
    assert!(tabs.contains("F6") && !tabs.contains("F9"), "{tabs}");
    let frame = ui.step_and_draw(key(KeyCode::F(9))).join("\n");
    assert_eq!(ui.app.screen, Screen::Today);
    assert!(frame.contains("supervisors only"), "{frame}");
    // And the store refuses the clerk whatever the screen does.
    let community = griddesk::store::grid::resolve(ui.store.conn(), "锦华家园社区").unwrap();
    let r = ui.store.add_grid_node(
        clerk.id,
        community.id,
        griddesk::store::grid::NodeLevel::Area,
        "第九片区",
        None,
    );
    assert!(matches!(r, Err(griddesk::store::Error::Role(_))), "{r:?}");
}

#[test]
fn category_materials_department_and_use_are_set_from_the_screen() {
    use griddesk::store::categories;
    let mut ui = admin_ui(Lang::Zh);
    ui.press(key(KeyCode::Tab));
    let code = categories::all(ui.store.conn()).unwrap()[0].code.clone();
    let now = |ui: &Ui| {
        categories::all(ui.store.conn())
            .unwrap()
            .into_iter()
            .find(|c| c.code == code)
            .unwrap()
    };
    ui.press(key(KeyCode::Char('m')));
    clear_field(&mut ui);
    ui.typed("户口本原件，身份证, 一寸照片");
    ui.press(key(KeyCode::Enter));
    assert_eq!(now(&ui).materials, vec!["户口本原件", "身份证", "一寸照片"]);
    ui.press(key(KeyCode::Char('p')));
    clear_field(&mut ui);
    ui.typed("区民政局");
    ui.press(key(KeyCode::Enter));
    assert_eq!(now(&ui).department.as_deref(), Some("区民政局"));
    ui.press(key(KeyCode::Char('x')));
    assert!(!now(&ui).active, "taken out of use");
    let frame = ui.screen(80, 24).0;
    assert!(frame.contains("停用"), "{frame}");
    ui.press(key(KeyCode::Char('x')));
    assert!(now(&ui).active, "back in use");
    assert_eq!(events(&ui, "entity = 'category' AND note = ?1", [&code]), 4);
}

#[test]
fn the_last_supervisor_is_kept_and_the_screen_says_why() {
    use griddesk::domain::lifecycle::Role;
    let mut ui = admin_ui(Lang::En);
    let me = ui.app.operator.clone().unwrap();
    for s in staff::active(ui.store.conn()).unwrap() {
        if s.role == Role::Supervisor && s.id != me.id {
            ui.store
                .set_staff(me.id, s.id, Role::Supervisor, false)
                .unwrap();
        }
    }
    ui.press(Input::Key(KeyEvent::new(
        KeyCode::Char('r'),
        KeyModifiers::CONTROL,
    )));
    let row = ui
        .app
        .admin
        .data
        .staff
        .iter()
        .position(|(s, _, _)| s.id == me.id)
        .unwrap();
    ui.press(key(KeyCode::Home));
    for _ in 0..row {
        ui.press(key(KeyCode::Down));
    }
    ui.press(key(KeyCode::Char('r')));
    ui.press(key(KeyCode::Home)); // counter
    ui.press(key(KeyCode::Enter));
    let (msg, err) = ui.app.status.clone().unwrap();
    assert!(err && msg.contains(&me.login), "{msg}");
    assert_eq!(
        staff::by_id(ui.store.conn(), me.id).unwrap().role,
        Role::Supervisor
    );
    // Disabling is refused alike, after the confirm.
    ui.press(key(KeyCode::Char('d')));
    ui.press(key(KeyCode::Enter));
    let (msg, err) = ui.app.status.clone().unwrap();
    assert!(err && msg.contains(&me.login), "{msg}");
    assert!(staff::by_id(ui.store.conn(), me.id).unwrap().active);
}

#[test]
fn a_wider_terminal_shows_all_units_side_by_side_their_names_kept_in_view() {
    let mut ui = Ui::builder().lang(Lang::Zh).size(140, 30).build();
    tower(&ui);
    open_chart(&mut ui, "锦华家园 8号楼");
    let lines = ui.step_and_draw(key(KeyCode::End));
    assert_eq!(chart_room(&ui), ("1".into(), "101".into()));
    let names = lines
        .iter()
        .find(|l| l.contains("1单元"))
        .unwrap_or_else(|| panic!("the unit names stay at the top: {lines:#?}"));
    assert!(
        names.contains("2单元") && names.contains("3单元"),
        "{names}"
    );
    assert!(lines.iter().any(|l| l.starts_with("│  1>")), "{lines:#?}");
    assert!(
        !lines.iter().any(|l| l.starts_with("│ 33 ")),
        "scrolled: {lines:#?}"
    );
}

/// A count the store makes, independent of the screens' queries.
fn sql_count(ui: &Ui, sql: &str) -> usize {
    let n: i64 = ui
        .store
        .read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?))
        .unwrap();
    n as usize
}

/// The queue's title gives the true count and says when the list is cut
/// ("前 300 / 共 N"); moving down past the last row read reads on, and End
/// reaches the very last request of the view.
#[test]
fn the_queue_says_when_it_is_cut_and_pages_to_the_end() {
    let mut ui = Ui::builder().lang(Lang::Zh).build();
    // The "all" view of the hall holds more than one page.
    let all = sql_count(&ui, "SELECT count(*) FROM request");
    for i in all..340 {
        registered_at(
            &mut ui,
            (2026, 11, 20, 9),
            "repair",
            &format!("路灯不亮 {i}"),
        );
    }
    ui.press(key(KeyCode::F(4)));
    for _ in 0..7 {
        ui.press(key(KeyCode::Char('v')));
    }
    assert_eq!(ui.app.queue.filter.view, griddesk::store::views::View::All);
    // The operator works for the whole district: every request.
    let total = sql_count(&ui, "SELECT count(*) FROM request");
    assert_eq!(ui.app.queue.total, total);
    let lines = ui.step_and_draw(key(KeyCode::Home));
    assert!(total > 300, "{total}");
    assert_eq!(ui.app.queue.items.len(), 300);
    let head = format!("全部 (前 300 / 共 {total})");
    assert!(lines[1].contains(&head), "{head}\n{}", lines.join("\n"));
    // Down from the last row read goes on to the next.
    for _ in 0..299 {
        ui.press(key(KeyCode::Down));
    }
    assert_eq!(ui.app.queue.sel, 299);
    ui.press(key(KeyCode::Down));
    assert_eq!(ui.app.queue.sel, 300);
    assert!(ui.app.queue.items.len() > 300);
    // End: the last of them all, the title whole.
    let lines = ui.step_and_draw(key(KeyCode::End));
    assert_eq!(ui.app.queue.items.len(), total);
    assert_eq!(ui.app.queue.sel, total - 1);
    assert!(
        lines[1].contains(&format!("全部 ({total})")),
        "{}",
        lines.join("\n")
    );
}

/// The handover gives each list's true count and says when it is cut
/// ("已超期 (前 50 / 共 N)"); scrolling to the end reads on until every
/// overdue request is listed.
#[test]
fn the_handover_says_when_a_list_is_cut_and_reads_on_to_the_end() {
    let mut ui = Ui::builder().lang(Lang::Zh).build();
    let overdue = "SELECT count(*) FROM request WHERE status IN ('registered','assigned','in_progress') AND due_at < '2026-11-27 10:00'";
    for i in sql_count(&ui, overdue)..70 {
        registered_at(
            &mut ui,
            (2026, 10, 9, 9),
            "repair",
            &format!("下水道堵了 {i}"),
        );
    }
    let total = sql_count(&ui, overdue);
    assert!(total > 50, "{total}");
    let frame = ui.step_and_draw(key(KeyCode::F(5))).join("\n");
    let h = ui.app.handover.handover.as_ref().unwrap();
    assert_eq!(h.overdue_total as usize, total);
    assert_eq!(h.overdue.len(), 50);
    let head = format!("已超期 (前 50 / 共 {total})");
    let text = griddesk::printout::handover_text_all(h, Lang::Zh);
    assert!(text.contains(&head), "{head}\n{text}");
    assert!(!frame.contains("已超期 (50)"), "{frame}");
    // The paper copy says so too.
    let paper = griddesk::printout::handover_text(h, Lang::Zh);
    assert!(
        paper.contains(&format!("已超期 (前 15 / 共 {total})")),
        "{paper}"
    );
    // End reads them all: the list is whole, and its last row on screen.
    let frame = ui.step_and_draw(key(KeyCode::End)).join("\n");
    let h = ui.app.handover.handover.as_ref().unwrap();
    assert_eq!(h.overdue.len(), total);
    let text = griddesk::printout::handover_text_all(h, Lang::Zh);
    assert!(text.contains(&format!("已超期 ({total})")), "{text}");
    let last = text.lines().last().unwrap().trim();
    assert!(
        frame.contains(&last.chars().take(20).collect::<String>()),
        "{last}\n{frame}"
    );
}

/// The form set for a household, a category and a description, as if
/// chosen and typed.
fn form_for(ui: &mut Ui, household: i64, category: &str, text: &str) {
    ui.press(key(KeyCode::F(2)));
    let cat = ui
        .app
        .categories
        .iter()
        .find(|c| c.code == category)
        .cloned()
        .unwrap_or_else(|| panic!("{category}"));
    let f = &mut ui.app.register;
    f.household = Some((household, "1-1-101".into()));
    f.category = Some(cat);
    f.focus = griddesk::tui::screens::register::RegFocus::Description;
    ui.press(Input::Paste(text.into()));
}

/// The duplicates popup lists only the same category — for an errand the
/// same errand item, never a 医保报销 under a 养老资格认证 — and a repeat of a
/// form saved moments ago says so (刚刚登记), not only 【相同】.
#[test]
fn duplicates_are_the_same_errand_item_and_a_repeat_says_moments_ago() {
    let mut ui = Ui::builder().lang(Lang::Zh).build();
    let now = ui.store.now();
    ui.press(Input::Now(now));
    let medical = registered_at(
        &mut ui,
        (2026, 11, 20, 9),
        "errand.medical_claim",
        "医保报销",
    );
    let pension = registered_at(
        &mut ui,
        (2026, 11, 20, 9),
        "errand.pension_cert",
        "养老认证",
    );
    let hh = ui.store.request(pension).unwrap().household_id.unwrap();
    let (medical, pension) = (
        ui.store.request(medical).unwrap().ticket,
        ui.store.request(pension).unwrap().ticket,
    );
    form_for(&mut ui, hh, "errand.pension_cert", "养老资格认证");
    let frame = ui.step_and_draw(ctrl('s')).join("\n");
    let d = ui.app.register.duplicates.clone().unwrap();
    assert!(
        d.iter().all(|r| r.category == "errand.pension_cert"),
        "{d:?}"
    );
    assert!(frame.contains(&pension), "{frame}");
    assert!(!frame.contains(&medical), "{frame}");
    // Saved anyway; then the same form again, moments later.
    ui.press(ctrl('s'));
    let Some(Modal::Receipt { ticket, .. }) = ui.app.modal.clone() else {
        panic!("{:?}", ui.app.status)
    };
    ui.press(key(KeyCode::Enter));
    form_for(&mut ui, hh, "errand.pension_cert", "养老资格认证");
    let frame = ui.step_and_draw(ctrl('s'));
    let line = frame
        .iter()
        .find(|l| l.contains(&ticket))
        .unwrap_or_else(|| panic!("{}", frame.join("\n")));
    assert!(line.contains("【刚刚登记】"), "{line}");
    // The older one of another text is neither.
    let old = frame.iter().find(|l| l.contains(&pension)).unwrap();
    assert!(!old.contains("刚刚") && !old.contains("相同"), "{old}");
}

/// The receipt names the resident (here the head of the household: no
/// requester was chosen) and lists the originals received into custody.
#[test]
fn the_receipt_names_the_resident_and_lists_the_originals_received() {
    let mut ui = Ui::builder().lang(Lang::Zh).build();
    let any = registered_at(&mut ui, (2026, 11, 1, 9), "consult", "问政策");
    let hh = ui.store.request(any).unwrap().household_id.unwrap();
    let head = ui
        .store
        .read(|c| griddesk::store::household::head_name(c, hh))
        .unwrap()
        .expect("a head");
    form_for(&mut ui, hh, "errand.pension_cert", "代办养老资格认证");
    ui.app.register.materials = vec![("户口本".into(), true), ("身份证".into(), false)];
    ui.press(ctrl('s'));
    if !matches!(ui.app.modal, Some(Modal::Receipt { .. })) {
        ui.press(ctrl('s'));
    }
    let Some(Modal::Receipt { wide, narrow, .. }) = ui.app.modal.clone() else {
        panic!("{:?}", ui.app.status)
    };
    for text in [&wide, &narrow] {
        assert!(text.contains(&head), "{head}\n{text}");
        let flat: String = text.lines().collect();
        assert!(flat.contains("居民："), "{text}");
        let got = flat.split("收到原件（代管）：").nth(1).expect(text);
        assert!(got.starts_with(" 户口本"), "{text}");
        let got: String = got.chars().take_while(|c| *c != '-').collect();
        assert!(!got.contains("身份证"), "not received: {text}");
    }
}

/// `i` in the household file shows the household's own phone in full too,
/// logged like the members' reveal; leaving the file masks it again.
#[test]
fn i_reveals_the_households_own_phone_logged_and_masked_on_leaving() {
    let mut ui = Ui::builder().lang(Lang::En).build();
    let (hid, phone): (i64, String) = ui
        .store
        .read(|c| {
            Ok(c.query_row(
                "SELECT id, phone FROM household WHERE phone IS NOT NULL AND length(phone) >= 11 AND voided_at IS NULL ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    let label = ui
        .store
        .read(|c| griddesk::store::household::get(c, hid))
        .unwrap()
        .label();
    let reveals = |ui: &Ui| {
        let ids: Vec<i64> = ui
            .store
            .read(|c| {
                let mut st = c.prepare(
                    "SELECT entity_id FROM event WHERE kind = 'reveal' AND entity = 'household'",
                )?;
                let v = st
                    .query_map([], |r| r.get(0))?
                    .collect::<Result<Vec<i64>, _>>()?;
                Ok(v)
            })
            .unwrap();
        ids.iter().filter(|i| **i == hid).count()
    };
    ui.press(key(KeyCode::F(3)));
    ui.press(Input::Paste(label.clone()));
    let frame = ui.step_and_draw(key(KeyCode::Enter)).join("\n");
    assert_eq!(
        ui.app.lookup.file.as_ref().map(|f| f.household.id),
        Some(hid),
        "{frame}"
    );
    assert!(!frame.contains(&phone), "masked at first: {frame}");
    let frame = ui.step_and_draw(key(KeyCode::Char('i'))).join("\n");
    assert!(frame.contains(&phone), "{phone}\n{frame}");
    assert_eq!(reveals(&ui), 1);
    // Out and back in: masked again.
    ui.press(key(KeyCode::Esc));
    ui.press(Input::Paste(label));
    let frame = ui.step_and_draw(key(KeyCode::Enter)).join("\n");
    assert!(!frame.contains(&phone), "masked again: {frame}");
}

/// Assigning offers the request's community's staff first, and typing
/// narrows the list by pinyin initials, full pinyin or login; Enter assigns
/// the one under the cursor.
#[test]
fn the_assign_picker_filters_by_typing_with_the_community_first() {
    use griddesk::tui::modal::filtered_by;
    let mut ui = Ui::builder().lang(Lang::Zh).build();
    let id = registered_at(&mut ui, (2026, 11, 26, 9), "repair", "路灯不亮");
    ui.press(key(KeyCode::F(4)));
    let at = ui
        .app
        .queue
        .items
        .iter()
        .position(|(r, _)| r.id == id)
        .unwrap();
    ui.app.queue.sel = at;
    ui.press(key(KeyCode::Char('a')));
    let (community, near) = ui
        .store
        .read(|c| griddesk::store::views::staff_near(c, id))
        .unwrap();
    assert!(
        !near.is_empty() && near.len() < ui.app.staff.len(),
        "{near:?}"
    );
    let Some(Modal::Filter {
        items, keys, title, ..
    }) = ui.app.modal.clone()
    else {
        panic!("{:?}", ui.app.modal)
    };
    // The title names the community whose staff come first, and how many.
    let community = community.expect("the request's community");
    assert!(
        title.contains(&format!("{community}的 {} 人在前", near.len())),
        "{title}"
    );
    assert_eq!(items.len(), ui.app.staff.len());
    let firsts: Vec<i64> = items.iter().take(near.len()).map(|x| x.1).collect();
    assert!(firsts.iter().all(|i| near.contains(i)), "community first");
    // Someone from elsewhere, found by the initials of their name.
    let far = ui
        .app
        .staff
        .iter()
        .rev()
        .find(|s| !near.contains(&s.id))
        .unwrap()
        .clone();
    let initials = griddesk::domain::names::name_keys(&far.name).initials;
    ui.typed(&initials);
    let shown = filtered_by(&items, &keys, &initials);
    assert!(shown.len() < items.len() / 2, "narrowed: {}", shown.len());
    let pos = shown
        .iter()
        .position(|x| x.1 == far.id)
        .expect("found by initials");
    let frame = ui.step_and_draw(key(KeyCode::Home)).join("\n");
    assert!(
        frame.contains(&format!("{} / {}", shown.len(), items.len())),
        "{frame}"
    );
    for _ in 0..pos {
        ui.press(key(KeyCode::Down));
    }
    ui.press(key(KeyCode::Enter));
    assert_eq!(
        ui.store.request(id).unwrap().assignee_id,
        Some(far.id),
        "{:?}",
        ui.app.status
    );
    // By full pinyin and by login too.
    let pinyin = griddesk::domain::names::name_keys(&far.name).pinyin;
    assert!(
        filtered_by(&items, &keys, &pinyin)
            .iter()
            .any(|x| x.1 == far.id)
    );
    assert!(
        filtered_by(&items, &keys, &far.login)
            .iter()
            .any(|x| x.1 == far.id)
    );
}

/// A request listed in the household file opens with Enter (a pick list
/// when there are several), and Esc on its detail comes back to the file.
#[test]
fn requests_in_the_household_file_open_and_esc_comes_back() {
    let mut ui = Ui::builder().lang(Lang::En).build();
    let a = registered_at(&mut ui, (2026, 11, 25, 9), "repair", "路灯不亮");
    let b = registered_at(&mut ui, (2026, 11, 26, 9), "consult", "问低保政策");
    let hh = ui.store.request(a).unwrap().household_id.unwrap();
    let label = ui
        .store
        .read(|c| griddesk::store::household::get(c, hh))
        .unwrap()
        .label();
    let ticket = ui.store.request(b).unwrap().ticket;
    ui.press(key(KeyCode::F(3)));
    ui.press(Input::Paste(label));
    ui.press(key(KeyCode::Enter));
    assert_eq!(
        ui.app.lookup.file.as_ref().map(|f| f.household.id),
        Some(hh)
    );
    ui.press(key(KeyCode::Enter));
    assert!(
        matches!(ui.app.modal, Some(Modal::Filter { .. })),
        "{:?}",
        ui.app.modal
    );
    ui.typed(&ticket);
    let frame = ui.step_and_draw(key(KeyCode::Enter)).join("\n");
    assert_eq!(ui.app.screen, Screen::Requests);
    assert_eq!(ui.app.queue.detail.as_ref().map(|d| d.request.id), Some(b));
    assert!(frame.contains(&ticket), "{frame}");
    let frame = ui.step_and_draw(key(KeyCode::Esc)).join("\n");
    assert_eq!(ui.app.screen, Screen::Lookup, "{frame}");
    assert_eq!(
        ui.app.lookup.file.as_ref().map(|f| f.household.id),
        Some(hh)
    );
    assert!(frame.contains("household file"), "{frame}");
    // From the queue, Esc on a detail still goes to the queue.
    ui.press(key(KeyCode::F(4)));
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Esc));
    assert_eq!(ui.app.screen, Screen::Requests);
    assert!(ui.app.queue.detail.is_none());
}

/// Characters in a frame that are neither ASCII nor wide (two cells
/// everywhere, as Chinese is): what `--ascii` exists to avoid.
fn not_ascii_nor_wide(ui: &Ui, w: u16, h: u16) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| view::draw(f, &ui.app)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut bad = Vec::new();
    for y in 0..h {
        for x in 0..w {
            for c in buf[(x, y)].symbol().chars() {
                let wide = c.width() == Some(2) && c.width_cjk() == Some(2);
                if !(c.is_ascii() || wide) {
                    bad.push(format!("{c} at {x},{y}"));
                }
            }
        }
    }
    bad
}

/// Under `--ascii` no screen, popup, chart or printout on screen draws ★ —
/// ▸ ‼ ✓ → · or any other character of ambiguous width: every cell is
/// ASCII or wide CJK, in both languages.
#[test]
fn ascii_draws_only_ascii_and_wide_cjk_on_every_screen() {
    for lang in [Lang::Zh, Lang::En] {
        let mut ui = Ui::builder().lang(lang).build();
        ui.app.ascii = true;
        let now = ui.store.now();
        ui.press(Input::Now(now));
        // Red and yellow requests, a closed and rated one.
        let me = ui.app.operator.as_ref().unwrap().id;
        let red = registered_at(&mut ui, (2026, 10, 10, 10), "repair", "下水道堵了");
        registered_at(&mut ui, (2026, 11, 27, 9), "consult", "问低保政策");
        ui.store.assign(me, red, me, None).unwrap();
        let mut failed = Vec::new();
        let mut check = |ui: &mut Ui, what: &str, i: Option<Input>| {
            if let Some(i) = i {
                ui.press(i);
            }
            let bad = not_ascii_nor_wide(ui, 80, 24);
            if !bad.is_empty() {
                let (text, _) = ui.screen(80, 24);
                failed.push(format!("{lang:?} {what}: {bad:?}\n{text}"));
            }
        };
        check(&mut ui, "today", Some(ctrl('r')));
        check(&mut ui, "register", Some(key(KeyCode::F(2))));
        ui.typed("1-1-101");
        check(&mut ui, "register hits", None);
        ui.press(key(KeyCode::Enter));
        check(&mut ui, "register category", None);
        ui.press(key(KeyCode::Enter));
        ui.typed("楼道灯不亮");
        check(&mut ui, "register save", Some(ctrl('s')));
        if !matches!(ui.app.modal, Some(Modal::Receipt { .. })) {
            ui.press(ctrl('s'));
        }
        check(&mut ui, "receipt", None);
        ui.press(key(KeyCode::Esc));
        check(&mut ui, "lookup", Some(key(KeyCode::F(3))));
        ui.press(Input::Paste("锦华家园 1-1-101".into()));
        check(&mut ui, "lookup hits", None);
        check(&mut ui, "household file", Some(key(KeyCode::Enter)));
        check(
            &mut ui,
            "household file revealed",
            Some(key(KeyCode::Char('i'))),
        );
        check(&mut ui, "chart", Some(key(KeyCode::Char('b'))));
        check(&mut ui, "chart help", Some(key(KeyCode::F(7))));
        ui.press(key(KeyCode::Esc));
        check(&mut ui, "requests", Some(key(KeyCode::F(4))));
        check(&mut ui, "request detail", Some(key(KeyCode::Enter)));
        check(&mut ui, "assign picker", Some(key(KeyCode::Char('a'))));
        ui.press(key(KeyCode::Esc));
        check(&mut ui, "reason prompt", Some(key(KeyCode::Char('n'))));
        ui.press(key(KeyCode::Esc));
        ui.press(key(KeyCode::Esc));
        check(&mut ui, "handover", Some(key(KeyCode::F(5))));
        check(&mut ui, "reports", Some(key(KeyCode::F(6))));
        check(&mut ui, "help", Some(key(KeyCode::F(7))));
        ui.press(key(KeyCode::Esc));
        check(&mut ui, "admin", Some(key(KeyCode::F(9))));
        let small = not_ascii_nor_wide(&ui, 60, 20);
        if !small.is_empty() {
            failed.push(format!("{lang:?} too small: {small:?}"));
        }
        assert!(failed.is_empty(), "{}", failed.join("\n\n"));
    }
}

/// The English screens at 80×24, each as it first shows: lines with a
/// cut (`~`), for a look.
fn en_cut_lines(ui: &mut Ui) -> Vec<String> {
    let mut out = Vec::new();
    let mut look = |ui: &mut Ui, what: &str, i: Option<Input>| {
        if let Some(i) = i {
            ui.press(i);
        }
        let (text, _) = ui.screen(80, 24);
        for l in text.lines().filter(|l| l.contains('~')) {
            out.push(format!("{what}: {l}"));
        }
    };
    look(ui, "today", Some(ctrl('r')));
    look(ui, "register", Some(key(KeyCode::F(2))));
    look(ui, "lookup", Some(key(KeyCode::F(3))));
    ui.press(Input::Paste("锦华家园 1-1-101".into()));
    look(ui, "household file", Some(key(KeyCode::Enter)));
    look(ui, "chart", Some(key(KeyCode::Char('b'))));
    look(ui, "requests", Some(key(KeyCode::F(4))));
    look(ui, "request detail", Some(key(KeyCode::Enter)));
    ui.press(key(KeyCode::Esc));
    look(ui, "handover", Some(key(KeyCode::F(5))));
    look(ui, "reports", Some(key(KeyCode::F(6))));
    look(ui, "help", Some(key(KeyCode::F(7))));
    ui.press(key(KeyCode::Esc));
    look(ui, "admin", Some(key(KeyCode::F(9))));
    out
}

/// No English label is cut at 80×24: the report's labels are padded to
/// the widest of them (`problems collected/handled/coordinating` whole),
/// and no screen shows a label ending in `~`.
#[test]
fn english_labels_are_whole_at_80x24() {
    let mut ui = Ui::builder().lang(Lang::En).build();
    ui.press(key(KeyCode::F(6)));
    let (text, _) = ui.screen(80, 24);
    assert!(
        text.contains("problems collected/handled/coordinating "),
        "{text}"
    );
    assert!(text.contains("disputes found/resolved/rate "), "{text}");
    // Rows of requests cut their data (a long category or address) to
    // keep the due time whole; labels are never cut.
    let mut ui = Ui::builder().lang(Lang::En).build();
    let cut: Vec<String> = en_cut_lines(&mut ui)
        .into_iter()
        .filter(|l| {
            // A request row ends with its due time, `MM-DD HH:MM`.
            let b: Vec<char> = l.trim_end_matches('│').chars().rev().take(11).collect();
            let due = b.len() == 11 && b[2] == ':' && b[5] == ' ' && b[8] == '-';
            !due
        })
        .collect();
    assert!(cut.is_empty(), "{}", cut.join("\n"));
}

/// A request found in Lookup reads in words of the language in force
/// (设施报修 已受理), not the store's codes (`repair registered`).
#[test]
fn request_hits_in_lookup_say_words_not_codes() {
    let mut ui = Ui::builder().lang(Lang::Zh).build();
    let id = registered_at(&mut ui, (2026, 11, 26, 9), "repair", "路灯不亮");
    let ticket = ui.store.request(id).unwrap().ticket;
    ui.press(key(KeyCode::F(3)));
    let frame = ui.step_and_draw(Input::Paste(ticket.clone())).join("\n");
    let line = frame
        .lines()
        .filter(|l| l.contains(&ticket))
        .nth(1)
        .unwrap_or_else(|| panic!("{frame}"));
    let repair = ui
        .app
        .categories
        .iter()
        .find(|c| c.code == "repair")
        .unwrap();
    let registered =
        griddesk::i18n::status(griddesk::domain::lifecycle::Status::Registered, Lang::Zh);
    assert!(
        line.contains(&repair.name_zh) && line.contains(registered),
        "{line}"
    );
    assert!(
        !line.contains("repair") && !line.contains("registered"),
        "{line}"
    );
}

/// The prefilled category name is followed by a separator, so what is
/// typed reads apart from it (设施报修：路灯不亮); saved with nothing typed,
/// the name alone is stored. A line break pasted as keys or as CR is a
/// space.
#[test]
fn the_prefill_is_set_apart_and_a_pasted_line_break_is_a_space() {
    let mut ui = Ui::builder().lang(Lang::Zh).build();
    ui.press(key(KeyCode::F(2)));
    ui.press(Input::Paste("锦华家园 1-1-101".into()));
    ui.press(key(KeyCode::Enter));
    let i = ui
        .app
        .categories
        .iter()
        .position(|c| c.code == "repair")
        .unwrap();
    ui.app.register.cat_sel = i;
    ui.press(key(KeyCode::Enter));
    ui.app.register.focus = griddesk::tui::app::RegFocus::Description;
    ui.typed("路灯不亮");
    assert_eq!(ui.app.register.description.text(), "设施报修：路灯不亮");
    ui.press(Input::Paste("\r第二行\r\n第三行".into()));
    assert_eq!(
        ui.app.register.description.text(),
        "设施报修：路灯不亮 第二行 第三行"
    );
    // Nothing typed: the name alone is saved.
    let mut ui = Ui::builder().lang(Lang::En).build();
    ui.press(key(KeyCode::F(2)));
    ui.press(Input::Paste("锦华家园 1-1-101".into()));
    ui.press(key(KeyCode::Enter));
    ui.app.register.cat_sel = i;
    ui.press(key(KeyCode::Enter));
    assert_eq!(ui.app.register.description.text(), "facility repair: ");
    ui.press(ctrl('s'));
    if !matches!(ui.app.modal, Some(Modal::Receipt { .. })) {
        ui.press(ctrl('s'));
    }
    let Some(Modal::Receipt { ticket, .. }) = ui.app.modal.clone() else {
        panic!("{:?}", ui.app.status)
    };
    let hit = ui.store.search(&ticket, 5).unwrap();
    let saved = ui.store.request(hit[0].id).unwrap();
    assert_eq!(saved.description, "facility repair");
}

/// Footers come from the keymap and keep what the tryout missed: both save
/// keys on Register, `b` and Enter in the household file, `Esc back` on the
/// English detail. The help's title says 按键说明 (no `— default`) and shows
/// that it scrolls. A detail with no requester has no empty label.
#[test]
fn footers_help_title_and_the_detail_say_what_is_there() {
    let mut ui = Ui::builder().lang(Lang::En).build();
    let id = registered_at(&mut ui, (2026, 11, 26, 9), "repair", "路灯不亮");
    let footer = |f: &[String]| f[23].clone();
    let f = ui.step_and_draw(key(KeyCode::F(2)));
    assert!(footer(&f).contains("F8/Ctrl+s save"), "{}", footer(&f));
    ui.press(key(KeyCode::F(3)));
    ui.press(Input::Paste("锦华家园 1-1-101".into()));
    let f = ui.step_and_draw(key(KeyCode::Enter));
    assert!(ui.app.lookup.file.is_some());
    assert!(
        footer(&f).contains("b ") && footer(&f).contains("Enter "),
        "{}",
        footer(&f)
    );
    ui.press(key(KeyCode::Esc));
    ui.press(key(KeyCode::F(4)));
    let at = ui
        .app
        .queue
        .items
        .iter()
        .position(|(r, _)| r.id == id)
        .unwrap();
    ui.app.queue.sel = at;
    let f = ui.step_and_draw(key(KeyCode::Enter));
    assert!(footer(&f).contains("Esc back"), "{}", footer(&f));
    assert!(footer(&f).contains("F7 help"), "{}", footer(&f));
    let text = f.join("\n");
    assert!(
        !text.contains("requester"),
        "no requester, no label: {text}"
    );
    // Help, in Chinese: its title, and that it scrolls.
    let mut ui = Ui::builder().lang(Lang::Zh).build();
    ui.press(key(KeyCode::F(4)));
    let f = ui.step_and_draw(key(KeyCode::F(7))).join("\n");
    assert!(f.contains("按键说明"), "{f}");
    assert!(!f.contains("default"), "{f}");
    assert!(f.contains("PgDn 更多"), "{f}");
    let f = ui.step_and_draw(key(KeyCode::End)).join("\n");
    assert!(!f.contains("PgDn 更多"), "at the end: {f}");
}

/// An address in several communities (`1-1-101`): the first Enter shows
/// that there are several and takes none; Enter then opens the one under
/// the cursor. (On Register the matches stay in view beside the form, each
/// with its community, and Enter takes the one under the cursor.)
#[test]
fn one_address_in_several_communities_is_chosen_not_taken_quietly() {
    let mut ui = Ui::builder().lang(Lang::Zh).build();
    ui.press(key(KeyCode::F(3)));
    ui.press(Input::Paste("1-1-101".into()));
    let hits = ui.app.lookup.hits.clone();
    assert!(hits.len() >= 3, "{hits:?}");
    let f = ui.step_and_draw(key(KeyCode::Enter));
    assert!(ui.app.lookup.file.is_none(), "nothing taken yet");
    assert!(f[22].contains("3 户"), "{}", f.join("\n"));
    ui.press(key(KeyCode::Down));
    ui.press(key(KeyCode::Enter));
    assert_eq!(
        ui.app.lookup.file.as_ref().map(|f| f.household.id),
        hits[1].household_id,
        "the one under the cursor"
    );
    // An address in one community is taken at once.
    let mut ui = Ui::builder().lang(Lang::Zh).build();
    ui.press(key(KeyCode::F(3)));
    ui.press(Input::Paste("锦华家园 1-1-101".into()));
    ui.press(key(KeyCode::Enter));
    assert!(ui.app.lookup.file.is_some());
}

/// The likely-duplicates popup spans the width (no pieces of the boxes
/// under it at its sides) and leaves the description being checked in
/// view below it.
#[test]
fn the_duplicates_popup_leaves_the_description_in_view() {
    let mut ui = Ui::builder().lang(Lang::Zh).build();
    let id = registered_at(&mut ui, (2026, 11, 20, 9), "repair", "楼道灯坏了");
    let hh = ui.store.request(id).unwrap().household_id.unwrap();
    form_for(&mut ui, hh, "repair", "三楼楼道灯不亮");
    let f = ui.step_and_draw(ctrl('s'));
    assert!(
        ui.app
            .register
            .duplicates
            .as_ref()
            .is_some_and(|d| !d.is_empty())
    );
    let text = f.join("\n");
    let top = f
        .iter()
        .position(|l| l.contains("可能重复"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(f[top].starts_with('┌') && f[top].ends_with('┐'), "{text}");
    let bottom = top + f[top..].iter().position(|l| l.starts_with('└')).unwrap();
    assert!(f[bottom].ends_with('┘'), "{text}");
    let desc = f
        .iter()
        .position(|l| l.contains("三楼楼道灯不亮"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(desc > bottom, "the description below the popup:\n{text}");
}

/// Admin polish: areas in number order (第一, 第二, 第三 — not the code
/// points' 第一, 第三, 第二); a prompt offering the old name is replaced by
/// typing, not appended to; after a rename the cursor stays on the renamed
/// node; disabling and enabling say different things; a category change
/// names the category, not its code.
#[test]
fn admin_sorts_by_number_replaces_offered_values_and_says_what_changed() {
    use griddesk::tui::screens::admin::number_in;
    assert_eq!(
        [
            "第一片区",
            "第三片区",
            "第二片区",
            "第十一居民小组",
            "第二十三组",
            "3号楼"
        ]
        .map(number_in),
        [Some(1), Some(3), Some(2), Some(11), Some(23), Some(3)]
    );
    let mut ui = admin_ui(Lang::Zh);
    for _ in 0..3 {
        ui.press(key(KeyCode::Tab));
    }
    let community = griddesk::store::grid::resolve(ui.store.conn(), "锦华家园社区").unwrap();
    select_node(&mut ui, community.id);
    // It has 第一片区 and 第二片区; 第三片区 added sorts after them.
    ui.press(key(KeyCode::Char('a')));
    ui.typed("第三片区");
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Enter));
    let names: Vec<String> = ui
        .app
        .admin
        .data
        .nodes
        .iter()
        .map(|n| n.name.clone())
        .collect();
    let nums: Vec<u32> = names.iter().filter_map(|n| number_in(n)).collect();
    assert!(names.contains(&"第三片区".to_string()), "{names:?}");
    assert!(
        nums.len() >= 3 && nums.windows(2).all(|w| w[0] <= w[1]),
        "{names:?}"
    );
    // Rename 第二片区: the prompt offers the old name, typing replaces it.
    let second = ui
        .app
        .admin
        .data
        .nodes
        .iter()
        .position(|n| n.name == "第二片区")
        .unwrap();
    let id = ui.app.admin.data.nodes[second].id;
    ui.press(key(KeyCode::Home));
    for _ in 0..second {
        ui.press(key(KeyCode::Down));
    }
    ui.press(key(KeyCode::Char('r')));
    match &ui.app.modal {
        Some(Modal::Prompt { field, .. }) => assert_eq!(field.text(), "第二片区"),
        m => panic!("{m:?}"),
    }
    ui.typed("振兴片区");
    match &ui.app.modal {
        Some(Modal::Prompt { field, .. }) => assert_eq!(field.text(), "振兴片区"),
        m => panic!("{m:?}"),
    }
    ui.press(key(KeyCode::Enter));
    ui.typed("按街道文件更名");
    ui.press(key(KeyCode::Enter));
    let at = ui.app.admin.sel[3];
    assert_eq!(
        ui.app.admin.data.nodes[at].id, id,
        "the cursor on the renamed node"
    );
    assert_eq!(ui.app.admin.data.nodes[at].name, "振兴片区");
    // Disable and enable a clerk: two different messages.
    let mut ui = admin_ui(Lang::En);
    let me = ui.app.operator.as_ref().unwrap().id;
    let i = ui
        .app
        .admin
        .data
        .staff
        .iter()
        .position(|(s, _, _)| s.id != me && s.active)
        .unwrap();
    for _ in 0..i {
        ui.press(key(KeyCode::Down));
    }
    let mut said = Vec::new();
    for _ in 0..2 {
        ui.press(key(KeyCode::Char('d')));
        if matches!(ui.app.modal, Some(Modal::Confirm { .. })) {
            ui.press(key(KeyCode::Enter));
        }
        said.push(ui.app.status.clone().unwrap().0);
    }
    assert!(
        said[0].contains("disabled") && said[1].contains("enabled again"),
        "{said:?}"
    );
    // A category change names the category.
    ui.press(key(KeyCode::Tab));
    // (The first, `errand`, is named as its code: the second is not.)
    let cat = ui.app.admin.data.categories[1].clone();
    assert_ne!(cat.en, cat.code);
    ui.press(key(KeyCode::Home));
    ui.press(key(KeyCode::Down));
    ui.press(key(KeyCode::Char('l')));
    ui.typed("9");
    ui.press(key(KeyCode::Enter));
    let (msg, err) = ui.app.status.clone().unwrap();
    assert!(
        !err && msg.contains(&cat.en) && !msg.contains(&cat.code),
        "{msg}"
    );
}

#[test]
fn the_decisions_screen_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let tag = if lang == Lang::Zh { "zh" } else { "en" };
        let mut ui = Ui::new(lang);
        ui.press(key(KeyCode::F(12)));
        assert_eq!(ui.app.screen, Screen::Decisions);
        snapshot(&ui, &format!("{tag}_decisions_matters"));
        ui.press(key(KeyCode::Char('v')));
        snapshot(&ui, &format!("{tag}_decisions_meetings"));
        ui.press(key(KeyCode::Char('v')));
        snapshot(&ui, &format!("{tag}_decisions_week"));
        for w in [80u16, 100] {
            let (text, _) = ui.screen(w, 24);
            for line in text.lines() {
                assert!(
                    unicode_width::UnicodeWidthStr::width(line) <= w as usize,
                    "{line}"
                );
            }
        }
    }
}

/// From Today by keys: `8` opens Decisions, the cursor goes to a matter
/// whose next step votes, `s` asks its fields one by one; the step is
/// recorded with what was typed, and the list shows the matter moved on.
#[test]
fn a_step_is_recorded_on_the_decisions_screen_by_keys() {
    use griddesk::store::matter::{self, Stage, Step};
    let mut ui = Ui::new(Lang::En);
    ui.press(key(KeyCode::Char('8')));
    assert_eq!(ui.app.screen, Screen::Decisions);
    let (idx, id, step) = {
        let d = ui.app.decisions.data.as_ref().expect("loaded");
        d.matters
            .iter()
            .enumerate()
            .find_map(|(i, (m, _))| match m.stage() {
                Stage::Next(s) if s.votes() => Some((i, m.id, s)),
                _ => None,
            })
            .expect("a matter whose next step votes")
    };
    for _ in 0..idx {
        ui.press(key(KeyCode::Down));
    }
    ui.press(key(KeyCode::Char('s')));
    assert!(matches!(ui.app.modal, Some(Modal::Prompt { .. })));
    ui.typed("2026-11-27");
    ui.press(key(KeyCode::Enter));
    ui.typed("31/40");
    ui.press(key(KeyCode::Enter));
    ui.typed("25/4/2");
    ui.press(key(KeyCode::Enter));
    ui.typed("agreed");
    let lines = ui.step_and_draw(key(KeyCode::Enter));
    assert!(ui.app.modal.is_none());
    let m = ui.store.read(|c| matter::get(c, id)).unwrap();
    let s = m.step(step).expect("the step is recorded");
    assert_eq!((s.present, s.expected), (Some(31), Some(40)));
    assert_eq!(s.votes, Some((25, 4, 2)));
    assert_eq!(s.minutes, "agreed");
    assert_eq!(s.day.to_string(), "2026-11-27");
    assert_eq!(
        m.stage(),
        Stage::Next(Step::from_n(step.n() as i64 + 1).unwrap())
    );
    let all = lines.join("\n");
    assert!(all.contains(&format!("recorded: {}", step.en())), "{all}");
    // The status names the matter, and the cursor stays on it wherever
    // its new stage put it in the list: the next key acts on it.
    assert!(all.contains(&format!("matter {id} — ")), "{all}");
    let d = ui.app.decisions.data.as_ref().unwrap();
    assert_eq!(d.matters[ui.app.decisions.sel].0.id, id, "cursor on {id}");
    // However the list is ordered when read again.
    let mut again = (**d).clone();
    again.matters.reverse();
    ui.app.decisions.loaded(again);
    let d = ui.app.decisions.data.as_ref().unwrap();
    assert_eq!(d.matters[ui.app.decisions.sel].0.id, id, "cursor on {id}");
    // A bad field is named, and nothing is recorded.
    let (idx2, id2) = {
        let d = ui.app.decisions.data.as_ref().unwrap();
        d.matters
            .iter()
            .enumerate()
            .find_map(|(i, (m, _))| match m.stage() {
                Stage::Next(s) if s.deliberates() => Some((i, m.id)),
                _ => None,
            })
            .unwrap()
    };
    ui.press(key(KeyCode::Home));
    for _ in 0..idx2 {
        ui.press(key(KeyCode::Down));
    }
    let before = ui.store.read(|c| matter::get(c, id2)).unwrap().steps.len();
    ui.press(key(KeyCode::Char('s')));
    ui.press(key(KeyCode::Enter));
    ui.typed("31 of 40");
    let lines = ui.step_and_draw(key(KeyCode::Enter));
    assert!(
        lines.join("\n").contains("attendance is present/expected"),
        "{lines:?}"
    );
    let after = ui.store.read(|c| matter::get(c, id2)).unwrap().steps.len();
    assert_eq!(before, after);
}

/// The operator moves to the first community's hall (the counter where
/// members report); the operator and that community.
fn at_a_community_hall(
    ui: &mut Ui,
) -> (griddesk::store::staff::Staff, griddesk::store::grid::Node) {
    let op = ui.app.operator.clone().unwrap();
    let community = griddesk::store::grid::by_level(
        ui.store.conn(),
        griddesk::store::grid::NodeLevel::Community,
    )
    .unwrap()
    .remove(0);
    ui.store
        .edit_staff(
            op.id,
            op.id,
            &griddesk::store::staff::StaffEdit {
                hall: Some(Some(community.id)),
                ..Default::default()
            },
        )
        .unwrap();
    (op, community)
}

/// From Today, by keys only: the party screen, add, name, the community
/// (the operator's, offered), phone, workplace. The member saved is the
/// one typed, in the operator's community, reported today, with its phone
/// and workplace; at most 25 keys
/// (`cargo test --test tui a_party_member -- --nocapture` prints them).
#[test]
fn a_party_member_registered_by_keys_from_today_is_saved() {
    let mut ui = Ui::new(Lang::Zh);
    assert_eq!(ui.app.screen, Screen::Today);
    let (op, community) = at_a_community_hall(&mut ui);
    let count = |ui: &Ui| -> i64 {
        ui.store
            .conn()
            .query_row("SELECT count(*) FROM party_member", [], |r| r.get(0))
            .unwrap()
    };
    let before = count(&ui);
    ui.keys = 0;
    ui.press(key(KeyCode::Char('7')));
    assert_eq!(ui.app.screen, Screen::Party);
    ui.press(key(KeyCode::Char('a')));
    ui.typed("欧阳文");
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Enter)); // the operator's community, offered
    ui.typed("13812345678");
    ui.press(key(KeyCode::Enter));
    ui.typed("区住建局");
    ui.press(key(KeyCode::Enter));
    eprintln!("party member registered from Today in {} keys", ui.keys);
    assert!(ui.keys <= 25, "{} keys", ui.keys);
    assert!(ui.app.modal.is_none(), "{:?}", ui.app.status);
    assert_eq!(count(&ui), before + 1, "one member saved");
    let (name, community_id, phone, reported, workplace): (String, i64, String, String, String) =
        ui.store
            .conn()
            .query_row(
                "SELECT m.name, m.community_id, m.phone, m.reported_on, u.name
               FROM party_member m JOIN party_unit u ON u.id = m.unit_id
              WHERE m.id = (SELECT max(id) FROM party_member)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
    assert_eq!(name, "欧阳文");
    assert_eq!(community_id, community.id);
    assert_eq!(phone, "13812345678");
    assert_eq!(reported, "2026-11-27");
    assert_eq!(workplace, "区住建局");
    // The list shows the new member with the phone masked.
    let (text, _) = ui.screen(80, 24);
    assert!(text.contains("欧阳文"), "{text}");
    assert!(!text.contains("13812345678"), "{text}");
    // Who registered it is in the audit trail.
    let by: i64 = ui
        .store
        .conn()
        .query_row(
            "SELECT staff_id FROM event WHERE entity = 'party_member' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(by, op.id);
}

/// A refused member (a phone that is not one) keeps the typing: the
/// prompts come back filled, and nothing is saved.
#[test]
fn a_refused_party_member_keeps_what_was_typed() {
    let mut ui = Ui::new(Lang::En);
    at_a_community_hall(&mut ui);
    let count = |ui: &Ui| -> i64 {
        ui.store
            .conn()
            .query_row("SELECT count(*) FROM party_member", [], |r| r.get(0))
            .unwrap()
    };
    let before = count(&ui);
    ui.press(key(KeyCode::F(11)));
    ui.press(key(KeyCode::Char('a')));
    ui.typed("Wen");
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Enter));
    ui.typed("12345");
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Enter));
    assert_eq!(count(&ui), before, "nothing saved");
    let (msg, err) = ui.app.status.clone().unwrap();
    assert!(err && msg.to_lowercase().contains("phone"), "{msg}");
    let Some(Modal::Prompt { field, .. }) = &ui.app.modal else {
        panic!("no prompt: {:?}", ui.app.modal)
    };
    assert_eq!(field.text(), "Wen");
    // Through the prompts again, the phone offered back, now corrected.
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Enter));
    let Some(Modal::Prompt { field, .. }) = &ui.app.modal else {
        panic!("no prompt")
    };
    assert_eq!(field.text(), "12345");
}

/// The party screen at 80×24 in both languages, each part; no symbol of
/// ambiguous width, and ASCII borders with `--ascii`.
#[test]
fn the_party_screen_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let tag = if lang == Lang::Zh { "zh" } else { "en" };
        let mut ui = Ui::new(lang);
        ui.app.color = false;
        // A wish no one has claimed, for the wishes' list.
        let op = ui.app.operator.as_ref().unwrap().id;
        ui.store
            .register(
                op,
                &griddesk::store::request::NewRequest::new(
                    griddesk::domain::lifecycle::Channel::WalkIn,
                    "micro_wish",
                    "想要一台收音机",
                ),
            )
            .unwrap();
        ui.press(key(KeyCode::F(11)));
        snapshot(&ui, &format!("{tag}_party_members"));
        let (text, _) = ui.screen(80, 24);
        // Box drawing aside (`--ascii` replaces it), no symbol whose
        // width depends on the terminal.
        for c in text
            .chars()
            .filter(|c| !('\u{2500}'..='\u{257f}').contains(c))
        {
            assert!(
                !matches!(unicode_width::UnicodeWidthChar::width_cjk(c), Some(2))
                    || unicode_width::UnicodeWidthChar::width(c) == Some(2),
                "ambiguous width: {c}"
            );
        }
        for _ in 0..3 {
            ui.press(key(KeyCode::Tab));
            let (text, _) = ui.screen(80, 24);
            assert!(text.lines().count() <= 24);
        }
        snapshot(&ui, &format!("{tag}_party_wishes"));
        ui.app.ascii = true;
        let (text, _) = ui.screen(80, 24);
        assert!(!text.contains('│') && !text.contains('─'), "{text}");
    }
}

/// The household file shows the helps the household received from the
/// volunteer teams and its micro-wishes, with who claimed each.
#[test]
fn the_household_file_shows_helps_received_and_micro_wishes() {
    let mut ui = Ui::new(Lang::Zh);
    // A household of the demo with helps and a wish, found without the
    // screens.
    let (hid, team, ticket): (i64, String, String) = ui
        .store
        .conn()
        .query_row(
            "SELECT h.household_id, t.name, q.ticket
               FROM help h JOIN team t ON t.id = h.team_id
               JOIN request q ON q.household_id = h.household_id AND q.category_code = 'micro_wish'
              ORDER BY h.household_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let label = griddesk::store::household::get(ui.store.conn(), hid)
        .unwrap()
        .label();
    ui.press(key(KeyCode::F(3)));
    ui.press(Input::Paste(label.clone()));
    ui.press(key(KeyCode::Enter));
    assert_eq!(
        ui.app.lookup.file.as_ref().map(|f| f.household.id),
        Some(hid),
        "{label}"
    );
    let file = ui.app.lookup.file.clone().unwrap();
    let text: String = griddesk::tui::screens::lookup::household_text(
        &file,
        Lang::Zh,
        &[],
        &ui.app.categories,
        None,
    )
    .lines
    .iter()
    .map(|l| format!("{l}\n"))
    .collect();
    assert!(text.contains("受到的帮扶"), "{text}");
    assert!(text.contains(&team), "{text}");
    assert!(text.contains("微心愿"), "{text}");
    let (_, wishes) = text.split_once("\n微心愿\n").expect("the wishes' heading");
    let wish = wishes
        .lines()
        .find(|l| l.contains(&ticket))
        .expect("the wish's line");
    assert!(wish.contains("认领") || wish.contains("待认领"), "{wish}");
    // On the screen, tall enough to show the whole file.
    let (shown, _) = ui.screen(80, 60);
    assert!(
        shown.contains("受到的帮扶") && shown.contains(&team),
        "{shown}"
    );
}

/// Lookup's one search box lists party members too, labelled with a word
/// in the language in force, the phone masked.
#[test]
fn lookup_finds_party_members_with_a_word_label() {
    for (lang, word) in [(Lang::Zh, "党员"), (Lang::En, "member")] {
        let mut ui = Ui::new(lang);
        let (name, phone): (String, String) = ui
            .store
            .conn()
            .query_row(
                "SELECT name, phone FROM party_member
                  WHERE left_on IS NULL AND phone IS NOT NULL ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        ui.press(key(KeyCode::F(3)));
        ui.press(Input::Paste(phone.clone()));
        let (text, _) = ui.screen(80, 24);
        let line = text
            .lines()
            .find(|l| l.contains(&name) && l.contains(word))
            .unwrap_or_else(|| panic!("{word} {name}: {text}"));
        assert!(!line.contains(&phone), "{line}");
    }
}

/// Attendance at the counter: Enter on an activity, type to narrow the
/// members of its community, Tab to the list, Space ticks, Ctrl+S saves.
/// The member ticked is recorded, with the kind's points; Esc with ticks
/// not saved asks before discarding.
#[test]
fn attendance_is_taken_from_a_filtered_list() {
    let mut ui = Ui::new(Lang::Zh);
    let (op, community) = at_a_community_hall(&mut ui);
    let activity = ui
        .store
        .add_activity(
            op.id,
            &griddesk::store::party::NewActivity {
                day: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
                community_id: community.id,
                kind: "volunteer".into(),
                title: "清理楼道杂物".into(),
                hours: 2.0,
            },
        )
        .unwrap();
    let (member, name): (i64, String) = ui
        .store
        .conn()
        .query_row(
            "SELECT id, name FROM party_member WHERE community_id = ?1 AND left_on IS NULL
              ORDER BY id LIMIT 1",
            [community.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let came = |ui: &Ui| -> i64 {
        ui.store
            .conn()
            .query_row(
                "SELECT count(*) FROM attendance WHERE activity_id = ?1",
                [activity],
                |r| r.get(0),
            )
            .unwrap()
    };
    ui.press(key(KeyCode::Char('7')));
    ui.press(key(KeyCode::Tab)); // Activities, newest first
    ui.press(key(KeyCode::Enter));
    assert!(ui.app.party.attend.is_some(), "{:?}", ui.app.status);
    assert!(ui.app.focused_field_shown(), "the filter has the cursor");
    ui.press(Input::Paste(name.clone()));
    let (text, _) = ui.screen(80, 24);
    assert!(text.contains(&format!("[ ] {name}")), "{text}");
    ui.press(key(KeyCode::Tab)); // to the list
    ui.press(key(KeyCode::Char(' '))); // tick
    let (text, _) = ui.screen(80, 24);
    assert!(text.contains(&format!("[x] {name}")), "{text}");
    // Esc with a tick: asks first, nothing lost.
    ui.press(key(KeyCode::Esc)); // from the list to the filter
    ui.press(key(KeyCode::Esc));
    assert!(ui.app.party.attend.is_some(), "kept after one Esc");
    assert_eq!(came(&ui), 0);
    ui.press(ctrl('s'));
    assert!(ui.app.party.attend.is_none(), "{:?}", ui.app.status);
    assert_eq!(came(&ui), 1, "{:?}", ui.app.status);
    let who: i64 = ui
        .store
        .conn()
        .query_row(
            "SELECT member_id FROM attendance WHERE activity_id = ?1",
            [activity],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(who, member);
}

/// Enter on a team lists the families it helps, with their difficulty
/// tags; Enter on one opens its household file.
#[test]
fn a_teams_families_open_from_the_party_screen() {
    let mut ui = Ui::new(Lang::Zh);
    ui.press(key(KeyCode::F(11)));
    ui.press(key(KeyCode::Tab));
    ui.press(key(KeyCode::Tab)); // Teams
    let team = ui.app.party.data.teams[0].clone();
    let first: i64 = ui
        .store
        .conn()
        .query_row(
            "SELECT household_id FROM team_family WHERE team_id = ?1 ORDER BY since, household_id LIMIT 1",
            [team.id],
            |r| r.get(0),
        )
        .unwrap();
    let address = griddesk::store::household::get(ui.store.conn(), first)
        .unwrap()
        .label();
    ui.press(key(KeyCode::Enter));
    let (text, _) = ui.screen(80, 24);
    assert!(text.contains("帮扶的家庭"), "{text}");
    assert!(text.contains(&address), "{address}: {text}");
    ui.press(key(KeyCode::Enter));
    assert_eq!(ui.app.screen, Screen::Lookup);
    assert_eq!(
        ui.app.lookup.file.as_ref().map(|f| f.household.id),
        Some(first)
    );
}

/// Adds communities with a building 1 and a household at 1-101 until
/// `1-1-101` names `want` households; returns their ids, in no order.
fn households_at_1_1_101(ui: &mut Ui, want: usize) -> Vec<i64> {
    use griddesk::store::grid::{self, NewNode, NodeLevel};
    use griddesk::store::household::{self, NewHousehold};
    let now = ui.store.now();
    let c = ui.store.conn();
    let parent = grid::by_level(c, NodeLevel::Community).unwrap()[0].parent_id;
    let mut ids: Vec<i64> = ui
        .store
        .search("1-1-101", 10_000)
        .unwrap()
        .iter()
        .map(|h| h.id)
        .collect();
    let mut n = 0;
    while ids.len() < want {
        n += 1;
        let name = format!("试点{n}社区");
        let community = grid::add(
            c,
            now,
            None,
            &NewNode {
                parent_id: parent,
                level: NodeLevel::Community,
                name: &name,
                num: None,
                is_group: false,
            },
        )
        .unwrap();
        let building = grid::add(
            c,
            now,
            None,
            &NewNode {
                parent_id: Some(community),
                level: NodeLevel::Building,
                name: "1号楼",
                num: Some("1"),
                is_group: false,
            },
        )
        .unwrap();
        let h = NewHousehold {
            building_id: building,
            unit: "1",
            room: "101",
            phone: None,
            tags: "",
            note: "",
        };
        ids.push(household::add(c, now, None, &h).unwrap());
    }
    ids
}

/// A bare address in more than 50 communities: Lookup and Register list
/// every household at it, the count is the true one, and the last is
/// reached with the keys.
#[test]
fn every_household_at_a_bare_address_is_listed() {
    let mut ui = Ui::new(Lang::Zh);
    let ids = households_at_1_1_101(&mut ui, 55);
    let n = ids.len();
    assert!(n > 50, "{n}");
    ui.press(key(KeyCode::F(3)));
    ui.typed("1-1-101");
    let mut shown: Vec<i64> = ui.app.lookup.hits.iter().map(|h| h.id).collect();
    shown.sort();
    let mut want = ids.clone();
    want.sort();
    assert_eq!(shown, want);
    let (text, _) = ui.screen(80, 24);
    assert!(text.contains(&format!("结果 ({n})")), "{text}");
    ui.press(key(KeyCode::Enter));
    let (text, _) = ui.screen(80, 24);
    assert!(text.contains(&format!("这个地址有 {n} 户")), "{text}");
    // The last one is reached and opened.
    for _ in 0..n {
        ui.press(key(KeyCode::Down));
    }
    let last = ui.app.lookup.hits.last().unwrap().id;
    ui.press(key(KeyCode::Enter));
    assert_eq!(ui.app.lookup.file.as_ref().unwrap().household.id, last);

    // Register finds them all too.
    let mut ui = Ui::new(Lang::En);
    let n = households_at_1_1_101(&mut ui, 55).len();
    ui.press(key(KeyCode::F(2)));
    ui.typed("1-1-101");
    assert_eq!(ui.app.register.hits.len(), n);
    // The English status line is whole at 80 columns.
    ui.press(key(KeyCode::F(3)));
    ui.typed("1-1-101");
    ui.press(key(KeyCode::Enter));
    let (text, _) = ui.screen(80, 24);
    assert!(
        text.contains(&format!(
            "{n} households here (several communities): pick one, Enter opens it"
        )),
        "{text}"
    );
}

/// `i` in the household file reveals IDs and phones (logged); a second `i`
/// masks them again, and is not logged as a reveal.
#[test]
fn a_second_i_masks_the_household_file_again() {
    let mut ui = Ui::new(Lang::En);
    ui.press(key(KeyCode::F(3)));
    ui.press(Input::Paste("锦华家园 1-1-101".into()));
    ui.press(key(KeyCode::Enter));
    let reveals = |ui: &Ui| -> i64 {
        ui.store
            .conn()
            .query_row(
                "SELECT count(*) FROM event WHERE kind = 'reveal'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let before = reveals(&ui);
    ui.press(key(KeyCode::Char('i')));
    let (shown, _) = ui.screen(80, 24);
    assert!(!shown.contains("411602********"), "{shown}");
    let after_reveal = reveals(&ui);
    assert!(after_reveal > before);
    ui.press(key(KeyCode::Char('i')));
    let (masked, _) = ui.screen(80, 24);
    assert!(masked.contains("411602********"), "{masked}");
    assert!(masked.contains("masked again"), "{masked}");
    assert!(ui.app.lookup.revealed.is_empty());
    assert_eq!(reveals(&ui), after_reveal);
    // And a third reveals again, logged again.
    ui.press(key(KeyCode::Char('i')));
    let (shown, _) = ui.screen(80, 24);
    assert!(!shown.contains("411602********"), "{shown}");
    assert!(reveals(&ui) > after_reveal);
}

/// Handover: "open, by assignee" gives the true number of open requests,
/// says when the ten rows shown are not all, and names the unassigned row.
#[test]
fn handover_counts_the_open_requests_by_assignee() {
    use griddesk::domain::lifecycle::Role;
    use griddesk::store::staff::NewStaff;
    let mut ui = Ui::new(Lang::Zh);
    let me = ui.app.operator.clone().unwrap();
    let now = ui.store.now();
    // Twelve more assignees with one open request each, and two requests
    // nobody has yet.
    for i in 0..12 {
        let login = format!("clerk{i}");
        let name = format!("新同事{i}");
        let id = griddesk::store::staff::add(
            ui.store.conn(),
            now,
            None,
            &NewStaff {
                login: &login,
                name: &name,
                role: Role::Counter,
                node_id: me.node_id,
            },
        )
        .unwrap();
        let r = registered_at(
            &mut ui,
            (2026, 11, 27, 9),
            "consult",
            &format!("问政策第{i}条"),
        );
        ui.store.assign(me.id, r, id, None).unwrap();
    }
    registered_at(&mut ui, (2026, 11, 27, 9), "consult", "问低保政策");
    registered_at(&mut ui, (2026, 11, 27, 9), "consult", "问医保政策");
    let open: i64 = ui
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM request
              WHERE status IN ('registered','assigned','in_progress','waiting')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let unassigned: i64 = ui
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM request WHERE assignee_id IS NULL
                AND status IN ('registered','assigned','in_progress','waiting')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(unassigned >= 2);
    ui.press(key(KeyCode::F(5)));
    let (text, _) = ui.screen(80, 60);
    let lines: Vec<&str> = text.lines().collect();
    let head = lines
        .iter()
        .position(|l| l.contains("在办（按承办人）"))
        .expect(&text);
    let rows: Vec<&str> = lines[head + 1..]
        .iter()
        .take_while(|l| l.starts_with("│  ") || l.starts_with("|  "))
        .copied()
        .collect();
    assert_eq!(rows.len(), 11, "{text}");
    let shown: i64 = rows[..10]
        .iter()
        .map(|l| {
            l.trim_matches(['│', '|', ' '])
                .rsplit(' ')
                .next()
                .unwrap()
                .parse::<i64>()
                .unwrap()
        })
        .sum();
    assert!(
        lines[head].contains(&format!("(前 {shown} / 共 {open})")),
        "{text}"
    );
    assert!(
        rows.iter()
            .any(|l| l.contains("未派") && l.contains(&format!(" {unassigned}"))),
        "{text}"
    );
    assert!(
        rows[10].contains(&format!("其余 {} 件", open - shown)),
        "{text}"
    );
}

/// The Meetings and Week parts of Decisions scroll with the list keys at
/// 80×24: Down moves one line, End shows the part's last line (the last
/// community of the week, the issues settled last), Home the first again.
#[test]
fn the_decisions_meetings_and_week_scroll_with_the_list_keys() {
    for lang in [Lang::Zh, Lang::En] {
        let mut ui = Ui::new(lang);
        // Twenty more meetings this month: more lines than the box.
        let me = ui.app.operator.as_ref().unwrap().id;
        let c = griddesk::store::grid::by_level(
            ui.store.conn(),
            griddesk::store::grid::NodeLevel::Community,
        )
        .unwrap()[0]
            .id;
        for i in 1..=20 {
            let topic = format!("议题{i:02}");
            ui.store
                .add_meeting(
                    me,
                    &griddesk::store::meeting::NewMeeting {
                        community: c,
                        kind: griddesk::store::meeting::MeetingKind::Consultation,
                        day: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                        topic: &topic,
                        chair: "主持人",
                        attendees: "居民代表",
                    },
                )
                .unwrap();
        }
        ui.press(key(KeyCode::F(12)));
        assert_eq!(ui.app.screen, Screen::Decisions);
        for part in ["meetings", "week"] {
            ui.press(key(KeyCode::Char('v')));
            let first = ui.screen(80, 24).0;
            let top = |s: &str| s.lines().nth(2).unwrap_or("").to_string();
            ui.press(key(KeyCode::End));
            let end = ui.screen(80, 24).0;
            assert_ne!(top(&first), top(&end), "{part}: End did not scroll\n{end}");
            if part == "week" {
                // The last community, cut off at first, shows at the end.
                let d = ui.app.decisions.data.as_ref().unwrap();
                let last = &d.week_lines.last().unwrap().leader.community;
                assert!(!first.contains(last.as_str()), "{first}");
                assert!(end.contains(last.as_str()), "{end}");
            }
            ui.press(key(KeyCode::Home));
            assert_eq!(ui.screen(80, 24).0, first, "{part}: Home");
            ui.press(key(KeyCode::Down));
            let down = ui.screen(80, 24).0;
            assert_eq!(
                top(&down),
                first.lines().nth(3).unwrap_or("").to_string(),
                "{part}: Down moves one line"
            );
            ui.press(key(KeyCode::PageDown));
            assert_ne!(ui.screen(80, 24).0, down, "{part}: PageDown");
            ui.press(key(KeyCode::PageUp));
            ui.press(key(KeyCode::Up));
            assert_eq!(ui.screen(80, 24).0, first, "{part}: PageUp, Up");
        }
    }
}

/// The matters part at 80×24: each overdue row shows its mark whole, and
/// in zh (where the widest kind fits) every row shows its kind whole.
#[test]
fn the_decisions_matters_keep_the_overdue_mark_and_kinds_whole() {
    for lang in [Lang::Zh, Lang::En] {
        let mut ui = Ui::new(lang);
        ui.press(key(KeyCode::F(12)));
        let text = ui.screen(80, 24).0;
        let d = ui.app.decisions.data.as_ref().unwrap();
        let mark = if lang == Lang::Zh {
            " 逾期│"
        } else {
            " OVERDUE│"
        };
        let mut seen = 0;
        for (m, overdue) in &d.matters {
            let Some(line) = text
                .lines()
                .find(|s| s.contains(&format!(" {} {} ", m.id, m.community)))
            else {
                continue;
            };
            seen += 1;
            assert_eq!(line.ends_with(mark), *overdue, "{line}");
            if lang == Lang::Zh {
                assert!(line.contains(m.kind_name(lang)), "{line}");
            }
        }
        assert!(seen >= 10, "{text}");
    }
}

/// In English at 80 columns the request rows take the categories' short
/// names, whole (`medical claim`), rather than cutting the full ones
/// (`medical insura~`); where the full names fit, they are shown.
#[test]
fn english_request_rows_show_categories_whole() {
    let mut ui = Ui::new(Lang::En);
    ui.press(key(KeyCode::F(4)));
    let (narrow, _) = ui.screen(80, 24);
    let rows: Vec<&str> = narrow.lines().filter(|l| l.contains(" 2026")).collect();
    assert!(rows.len() >= 5, "{narrow}");
    for r in &rows {
        assert!(!r.contains('~'), "a cut in {r:?}\n{narrow}");
    }
    assert!(narrow.contains("medical claim "), "{narrow}");
    assert!(narrow.contains("pension check "), "{narrow}");
    assert!(!narrow.contains("medical insurance claim"), "{narrow}");
    let (wide, _) = ui.screen(130, 24);
    assert!(wide.contains("medical insurance claim "), "{wide}");
    assert!(wide.contains("pension eligibility check "), "{wide}");
    for r in wide.lines().filter(|l| l.contains(" 2026")) {
        assert!(!r.contains('~'), "a cut in {r:?}\n{wide}");
    }
    // Today's lists share the rule.
    ui.press(key(KeyCode::F(1)));
    let (today, _) = ui.screen(80, 24);
    assert!(today.contains("medical claim "), "{today}");
    assert!(!today.contains("insura~"), "{today}");
}

/// 改派: assigning a request someone already has says who has it, asks
/// why it moves (naming both), and the timeline keeps the reason; choosing
/// the same person again changes nothing. The status line says to whom.
#[test]
fn reassigning_says_from_whom_and_asks_why() {
    let mut ui = Ui::builder().lang(Lang::Zh).build();
    let id = registered_at(&mut ui, (2026, 11, 26, 9), "repair", "楼道灯坏了");
    let staff: Vec<(i64, String)> = ui
        .app
        .staff
        .iter()
        .take(2)
        .map(|s| (s.id, s.name.clone()))
        .collect();
    let me = ui.app.operator.as_ref().unwrap().id;
    ui.store.assign(me, id, staff[0].0, None).unwrap();
    ui.press(key(KeyCode::F(4)));
    ui.press(ctrl('r'));
    let at = ui
        .app
        .queue
        .items
        .iter()
        .position(|(r, _)| r.id == id)
        .unwrap();
    ui.app.queue.sel = at;
    let events = |ui: &Ui| -> i64 {
        ui.store
            .conn()
            .query_row(
                "SELECT count(*) FROM event WHERE entity = 'request' AND entity_id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap()
    };
    let before = events(&ui);
    let pick = |ui: &mut Ui, who: i64| {
        ui.press(key(KeyCode::Char('a')));
        let Some(Modal::Filter { items, title, .. }) = ui.app.modal.clone() else {
            panic!("{:?}", ui.app.modal)
        };
        assert!(
            title.contains(&format!("改派（现由 {} 承办）", staff[0].1)),
            "{title}"
        );
        let pos = items.iter().position(|x| x.1 == who).unwrap();
        for _ in 0..pos {
            ui.press(key(KeyCode::Down));
        }
        ui.press(key(KeyCode::Enter));
    };
    // The same person: refused, nothing written.
    pick(&mut ui, staff[0].0);
    assert!(ui.app.modal.is_none());
    assert!(format!("{:?}", ui.app.status).contains("未改派"));
    assert_eq!(events(&ui), before);
    // Another: the reason first, naming both.
    pick(&mut ui, staff[1].0);
    let Some(Modal::Prompt { title, .. }) = ui.app.modal.clone() else {
        panic!("{:?}", ui.app.modal)
    };
    assert!(
        title.contains(&format!("由 {} 改派给 {}", staff[0].1, staff[1].1)),
        "{title}"
    );
    ui.typed("原承办人休假");
    ui.press(key(KeyCode::Enter));
    assert_eq!(ui.store.request(id).unwrap().assignee_id, Some(staff[1].0));
    let status = format!("{:?}", ui.app.status);
    assert!(
        status.contains(&format!("已改派给 {}", staff[1].1)),
        "{status}"
    );
    let (kind, reason, note): (String, Option<String>, Option<String>) = ui
        .store
        .conn()
        .query_row(
            "SELECT kind, reason, note FROM event WHERE entity = 'request' AND entity_id = ?1 ORDER BY id DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(kind, "reassign");
    assert_eq!(reason.as_deref(), Some("原承办人休假"));
    assert_eq!(
        note.as_deref(),
        Some(format!("{} → {}", staff[0].1, staff[1].1).as_str())
    );
    // The timeline says 改派, naming both, with the reason.
    ui.press(key(KeyCode::Enter));
    let (detail, _) = ui.screen(80, 24);
    ui.press(key(KeyCode::End));
    let (end, _) = ui.screen(80, 24);
    let text = format!("{detail}\n{end}");
    assert!(
        text.contains("改派") && text.contains("(原承办人休假)"),
        "{text}"
    );
}

/// A member of the list who is found by their full pinyin alone: (id,
/// name, pinyin).
fn member_by_unique_pinyin(ui: &Ui) -> (i64, String, String) {
    let members: Vec<_> = ui
        .app
        .party
        .data
        .members
        .iter()
        .filter(|m| m.member.left_on.is_none())
        .map(|m| m.member.clone())
        .collect();
    let keys: Vec<String> = members
        .iter()
        .map(|m| {
            let k = griddesk::domain::names::name_keys(&m.name);
            let mut w = vec![k.pinyin, k.initials];
            w.extend(k.keys.into_iter().map(|(x, _)| x));
            w.join(" ")
        })
        .collect();
    members
        .iter()
        .map(|m| (m, griddesk::domain::names::name_keys(&m.name).pinyin))
        .find(|(m, py)| {
            py.len() > 4
                && members
                    .iter()
                    .zip(&keys)
                    .filter(|(o, k)| o.name.contains(py.as_str()) || k.contains(py.as_str()))
                    .count()
                    == 1
                && m.workplace.is_some()
        })
        .map(|(m, py)| (m.id, m.name.clone(), py))
        .expect("a member with a pinyin of their own")
}

fn a_new_wish(ui: &mut Ui, text: &str) -> i64 {
    let op = ui.app.operator.as_ref().unwrap().id;
    ui.store
        .register(
            op,
            &griddesk::store::request::NewRequest::new(
                griddesk::domain::lifecycle::Channel::WalkIn,
                "micro_wish",
                text,
            ),
        )
        .unwrap()
        .id
}

/// On the unclaimed wishes: c, a member (the first choice), typed by
/// pinyin, Enter. The claim is the member's, its event the operator's;
/// the wish leaves the unclaimed list at once and the status line names
/// who claimed it. On the claimed wishes: y records the thanks, d the
/// delivery (the request resolved); withdrawing a delivered wish, or an
/// unclaimed one, is refused before any typing.
#[test]
fn a_wish_is_claimed_thanked_and_delivered_by_keys() {
    let mut ui = Ui::new(Lang::Zh);
    let (op, _) = at_a_community_hall(&mut ui);
    a_new_wish(&mut ui, "想要一台收音机");
    ui.press(key(KeyCode::Char('7')));
    for _ in 0..3 {
        ui.press(key(KeyCode::Tab));
    }
    let wish = ui.app.party.data.wishes[0].0.clone();
    let (member, name, pinyin) = member_by_unique_pinyin(&ui);
    // Withdrawing an unclaimed wish: refused, nothing to type.
    ui.press(key(KeyCode::Char('w')));
    assert!(ui.app.modal.is_none(), "{:?}", ui.app.modal);
    let (msg, err) = ui.app.status.clone().unwrap();
    assert!(err && msg.contains("还没有人认领"), "{msg}");
    ui.press(key(KeyCode::Char('c')));
    assert!(matches!(ui.app.modal, Some(Modal::Pick { .. })));
    ui.press(key(KeyCode::Enter)); // a party member
    ui.typed(&pinyin);
    ui.press(key(KeyCode::Enter));
    assert!(ui.app.modal.is_none(), "{:?}", ui.app.status);
    let claimed: (String, i64, i64) = ui
        .store
        .conn()
        .query_row(
            "SELECT by_kind, member_id, staff_id FROM claim
              WHERE request_id = ?1 AND withdrawn_at IS NULL",
            [wish.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(claimed, ("member".to_string(), member, op.id));
    assert_eq!(
        events(
            &ui,
            "kind = 'claim' AND request_id = ?1 AND staff_id = ?2",
            [wish.id, op.id]
        ),
        1
    );
    assert!(
        !ui.app
            .party
            .data
            .wishes
            .iter()
            .any(|(r, _)| r.id == wish.id),
        "left the unclaimed list"
    );
    let (msg, err) = ui.app.status.clone().unwrap();
    assert!(
        !err && msg.contains(&name) && msg.contains(&wish.ticket),
        "{msg}"
    );
    // The claimed wishes, newest claim first.
    ui.press(key(KeyCode::Tab));
    assert_eq!(ui.app.party.data.claimed[0].0.id, wish.id);
    let (text, _) = ui.screen(80, 24);
    assert!(
        text.contains(&wish.ticket) && text.contains(&name),
        "{text}"
    );
    ui.press(key(KeyCode::Char('y')));
    ui.typed("谢谢小区的党员");
    ui.press(key(KeyCode::Enter));
    assert_eq!(
        events(&ui, "kind = 'thanks' AND request_id = ?1", [wish.id]),
        1,
        "{:?}",
        ui.app.status
    );
    ui.press(key(KeyCode::Char('d')));
    ui.typed("送来一台收音机");
    ui.press(key(KeyCode::Enter));
    let status: String = ui
        .store
        .conn()
        .query_row("SELECT status FROM request WHERE id = ?1", [wish.id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(status, "resolved", "{:?}", ui.app.status);
    let (msg, _) = ui.app.status.clone().unwrap();
    assert!(msg.contains("送达") && msg.contains(&name), "{msg}");
    // Delivered: no withdrawal, refused before the reason is typed.
    let at = ui
        .app
        .party
        .data
        .claimed
        .iter()
        .position(|(r, _)| r.id == wish.id)
        .expect("still listed until closed");
    ui.press(key(KeyCode::Home));
    for _ in 0..at {
        ui.press(key(KeyCode::Down));
    }
    ui.press(key(KeyCode::Char('w')));
    assert!(ui.app.modal.is_none());
    assert!(ui.app.status.as_ref().unwrap().1);
}

/// A team claims by picker, then the claim is withdrawn with a reason:
/// logged with the reason, and the wish is back among the unclaimed. A
/// refused withdrawal (a reason of control characters) keeps the typing.
#[test]
fn a_teams_claim_is_withdrawn_with_a_reason_and_the_wish_comes_back() {
    let mut ui = Ui::new(Lang::En);
    let (op, _) = at_a_community_hall(&mut ui);
    a_new_wish(&mut ui, "a pair of reading glasses");
    ui.press(key(KeyCode::F(11)));
    for _ in 0..3 {
        ui.press(key(KeyCode::Tab));
    }
    let wish = ui.app.party.data.wishes[0].0.clone();
    let team = ui.app.party.data.teams[0].clone();
    ui.press(key(KeyCode::Char('c')));
    ui.press(key(KeyCode::Down)); // a volunteer team
    ui.press(key(KeyCode::Enter));
    ui.press(Input::Paste(team.name.clone()));
    ui.press(key(KeyCode::Enter));
    let by: Option<i64> = ui
        .store
        .conn()
        .query_row(
            "SELECT team_id FROM claim WHERE request_id = ?1 AND withdrawn_at IS NULL",
            [wish.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(by, Some(team.id), "{:?}", ui.app.status);
    assert!(ui.app.status.as_ref().unwrap().0.contains(&team.name));
    ui.press(key(KeyCode::Tab)); // claimed, newest first
    assert_eq!(ui.app.party.data.claimed[0].0.id, wish.id);
    ui.press(key(KeyCode::Char('w')));
    assert!(matches!(ui.app.modal, Some(Modal::Prompt { .. })));
    ui.typed("the team cannot find them");
    ui.press(key(KeyCode::Enter));
    let (at, reason): (Option<String>, Option<String>) = ui
        .store
        .conn()
        .query_row(
            "SELECT withdrawn_at, withdraw_reason FROM claim WHERE request_id = ?1",
            [wish.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(at.is_some(), "{:?}", ui.app.status);
    assert_eq!(reason.as_deref(), Some("the team cannot find them"));
    assert_eq!(
        events(
            &ui,
            "kind = 'claim_withdraw' AND request_id = ?1 AND staff_id = ?2",
            [wish.id, op.id]
        ),
        1
    );
    assert!(
        ui.app
            .party
            .data
            .wishes
            .iter()
            .any(|(r, _)| r.id == wish.id)
    );
    assert!(
        !ui.app
            .party
            .data
            .claimed
            .iter()
            .any(|(r, _)| r.id == wish.id)
    );
}

/// The claimed wishes and the claimant picker at 80×24 in both
/// languages, no symbol of ambiguous width.
#[test]
fn the_party_claims_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let tag = if lang == Lang::Zh { "zh" } else { "en" };
        let mut ui = Ui::new(lang);
        ui.app.color = false;
        at_a_community_hall(&mut ui);
        let id = a_new_wish(&mut ui, "想要一台收音机");
        a_new_wish(&mut ui, "想要一副老花镜");
        let op = ui.app.operator.as_ref().unwrap().id;
        let team = griddesk::store::team::teams(ui.store.conn(), None).unwrap()[0].id;
        ui.store
            .claim(op, id, griddesk::store::claim::Claimant::Team(team), None)
            .unwrap();
        ui.press(key(KeyCode::F(11)));
        for _ in 0..4 {
            ui.press(key(KeyCode::Tab));
        }
        snapshot(&ui, &format!("{tag}_party_claimed"));
        ui.press(key(KeyCode::BackTab));
        ui.press(key(KeyCode::Char('c')));
        ui.press(key(KeyCode::Enter));
        snapshot(&ui, &format!("{tag}_party_claim_member"));
        let (text, _) = ui.screen(80, 24);
        for c in text
            .chars()
            .filter(|c| !('\u{2500}'..='\u{257f}').contains(c))
        {
            assert!(
                !matches!(unicode_width::UnicodeWidthChar::width_cjk(c), Some(2))
                    || unicode_width::UnicodeWidthChar::width(c) == Some(2),
                "ambiguous width: {c}"
            );
        }
    }
}

/// From the members list: s opens the member's points ledger (each entry,
/// its reason, the total); a supervisor adds a correction with a reason
/// (a new entry, logged; the total follows); points that are not a number
/// are refused, the typing kept, nothing written.
#[test]
fn a_members_points_are_shown_and_corrected_with_a_reason() {
    let mut ui = Ui::new(Lang::Zh);
    let (op, _) = at_a_community_hall(&mut ui);
    ui.press(key(KeyCode::Char('7')));
    let m = ui.app.party.members()[0].member.clone();
    let sum = |ui: &Ui| -> (i64, i64) {
        ui.store
            .conn()
            .query_row(
                "SELECT coalesce(sum(points), 0), count(*) FROM points_entry WHERE member_id = ?1",
                [m.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    let (total, n) = sum(&ui);
    assert!(n > 0, "the demo gives the first member points");
    ui.press(key(KeyCode::Char('s')));
    let lg = ui.app.party.ledger.clone().expect("the ledger");
    assert_eq!(
        (lg.member, lg.total, lg.entries.len() as i64),
        (m.id, total, n)
    );
    let (text, _) = ui.screen(80, 24);
    assert!(text.contains(&format!("合计 {total}")), "{text}");
    let last = lg.entries.last().unwrap();
    // What each entry is for, in words: the activity's title.
    assert!(text.contains(last.what()), "{}: {text}", last.what());
    assert!(!text.contains("activity "), "{text}");
    // Not a number: refused before the reason, the typing kept.
    ui.press(key(KeyCode::Char('a')));
    ui.typed("两分");
    ui.press(key(KeyCode::Enter));
    let Some(Modal::Prompt { field, .. }) = &ui.app.modal else {
        panic!("no prompt: {:?}", ui.app.modal)
    };
    assert_eq!(field.text(), "两分");
    assert!(ui.app.status.as_ref().unwrap().1);
    assert_eq!(sum(&ui), (total, n));
    clear_field(&mut ui);
    ui.typed("+2");
    ui.press(key(KeyCode::Enter));
    ui.typed("补记十月的义诊");
    ui.press(key(KeyCode::Enter));
    assert_eq!(sum(&ui), (total + 2, n + 1), "{:?}", ui.app.status);
    let (reason, by): (String, i64) = ui
        .store
        .conn()
        .query_row(
            "SELECT reason, staff_id FROM points_entry WHERE member_id = ?1 ORDER BY id DESC LIMIT 1",
            [m.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((reason.as_str(), by), ("补记十月的义诊", op.id));
    assert_eq!(
        events(
            &ui,
            "kind = 'points_correction' AND entity_id = ?1 AND staff_id = ?2",
            [m.id, op.id]
        ),
        1
    );
    assert_eq!(ui.app.party.ledger.as_ref().unwrap().total, total + 2);
    // The letter from the ledger comes in front of it; Esc goes back.
    ui.press(key(KeyCode::Char('l')));
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Enter));
    let (text, _) = ui.screen(80, 24);
    assert!(
        text.contains("双向反馈函") && text.contains("p 打印"),
        "{text}"
    );
    ui.press(key(KeyCode::Esc));
    assert!(ui.app.party.letter.is_none());
    let (text, _) = ui.screen(80, 24);
    assert!(text.contains(&format!("合计 {}", total + 2)), "{text}");
    ui.press(key(KeyCode::Esc));
    assert!(ui.app.party.ledger.is_none());
}

/// l on a member: the period offered is this year so far (from, then to,
/// both accepted with Enter); the letter shown is the printout's text,
/// scrolls, and p prints it through the printout path.
#[test]
fn a_members_feedback_letter_is_shown_and_printed() {
    let mut ui = Ui::new(Lang::En);
    let (op, _) = at_a_community_hall(&mut ui);
    ui.press(key(KeyCode::F(11)));
    let m = ui.app.party.members()[0].member.clone();
    ui.press(key(KeyCode::Char('l')));
    let Some(Modal::Prompt { field, .. }) = &ui.app.modal else {
        panic!("no prompt")
    };
    assert_eq!(field.text(), "2026-01-01");
    ui.press(key(KeyCode::Enter));
    let Some(Modal::Prompt { field, .. }) = &ui.app.modal else {
        panic!("no prompt")
    };
    assert_eq!(field.text(), "2026-11-27");
    // A date that is not one: said, the typing kept.
    clear_field(&mut ui);
    ui.typed("2026-13-01");
    ui.press(key(KeyCode::Enter));
    assert!(ui.app.status.as_ref().unwrap().0.contains("2026-13-01"));
    clear_field(&mut ui);
    ui.typed("2026-11-27");
    ui.press(key(KeyCode::Enter));
    let (name, text, _) = ui.app.party.letter.clone().expect("the letter");
    let d = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let want = griddesk::cli::party::letter_text(
        &ui.store
            .letter(op.id, m.id, d("2026-01-01"), d("2026-11-27"))
            .unwrap(),
        Lang::En,
        80,
    );
    assert_eq!(text, want);
    let (shown, _) = ui.screen(80, 24);
    assert!(
        shown.contains("Feedback letter") && shown.contains(&m.name),
        "{shown}"
    );
    ui.press(key(KeyCode::PageDown));
    assert!(ui.app.party.letter.as_ref().unwrap().2 > 0, "scrolled");
    // The effect is looked at, not run (that would reach the printer).
    let effects = ui.app.handle(key(KeyCode::Char('p')));
    assert!(
        matches!(&effects[..], [griddesk::tui::app::Effect::Print { name: n, text: t }]
            if *n == name && *t == want),
        "{effects:?}"
    );
    ui.press(key(KeyCode::Esc));
    assert!(ui.app.party.letter.is_none());
}

/// A member's ledger and letter at 80×24 in both languages; the letter's
/// lines whole (it is made for 80 columns, the popup shows 76: cut, not
/// wrapped, and nothing of ambiguous width).
#[test]
fn the_points_and_letter_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let tag = if lang == Lang::Zh { "zh" } else { "en" };
        let mut ui = Ui::new(lang);
        ui.app.color = false;
        at_a_community_hall(&mut ui);
        ui.press(key(KeyCode::F(11)));
        ui.press(key(KeyCode::Char('s')));
        snapshot(&ui, &format!("{tag}_party_points"));
        ui.press(key(KeyCode::Esc));
        ui.press(key(KeyCode::Char('l')));
        ui.press(key(KeyCode::Enter));
        ui.press(key(KeyCode::Enter));
        snapshot(&ui, &format!("{tag}_party_letter"));
        let (text, _) = ui.screen(80, 24);
        assert!(text.lines().count() <= 24);
        ui.app.ascii = true;
        let (text, _) = ui.screen(80, 24);
        assert!(!text.contains('│') && !text.contains('─'), "{text}");
    }
}

/// a on the activities: date (today), community (the operator's) and kind
/// (volunteer) offered, the title and hours typed. Hours that are not a
/// number are refused with the typing kept and nothing written; the
/// activity saved is the one typed, its event the operator's.
#[test]
fn an_activity_is_recorded_from_the_party_screen() {
    let mut ui = Ui::new(Lang::Zh);
    let (op, community) = at_a_community_hall(&mut ui);
    let count = |ui: &Ui| sql_count(ui, "SELECT count(*) FROM activity");
    let before = count(&ui);
    ui.press(key(KeyCode::Char('7')));
    ui.press(key(KeyCode::Tab));
    ui.press(key(KeyCode::Char('a')));
    ui.press(key(KeyCode::Enter)); // today
    ui.press(key(KeyCode::Enter)); // the operator's community
    ui.press(key(KeyCode::Enter)); // 志愿服务
    ui.typed("清理楼道杂物");
    ui.press(key(KeyCode::Enter));
    ui.typed("两小时");
    ui.press(key(KeyCode::Enter));
    let Some(Modal::Prompt { field, .. }) = &ui.app.modal else {
        panic!("no prompt: {:?}", ui.app.modal)
    };
    assert_eq!(field.text(), "两小时");
    assert!(ui.app.status.as_ref().unwrap().0.contains("时长"));
    assert_eq!(count(&ui), before);
    clear_field(&mut ui);
    ui.typed("1.5");
    ui.press(key(KeyCode::Enter));
    assert!(ui.app.modal.is_none(), "{:?}", ui.app.status);
    assert_eq!(count(&ui), before + 1, "{:?}", ui.app.status);
    let saved: (String, i64, String, String, f64, i64) = ui
        .store
        .conn()
        .query_row(
            "SELECT day, community_id, kind, title, hours, id FROM activity ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .unwrap();
    assert_eq!(
        (&saved.0[..], saved.1, &saved.2[..], &saved.3[..], saved.4),
        ("2026-11-27", community.id, "volunteer", "清理楼道杂物", 1.5)
    );
    assert_eq!(
        events(
            &ui,
            "entity = 'activity' AND entity_id = ?1 AND staff_id = ?2",
            [saved.5, op.id]
        ),
        1
    );
    assert!(ui.app.party.data.activities.iter().any(|a| a.id == saved.5));
}

/// a on the teams sets up a team (name, the community offered, leader);
/// m adds a member to a team through a picker narrowed by typing.
#[test]
fn a_team_is_set_up_and_a_member_joins_it_from_the_party_screen() {
    let mut ui = Ui::new(Lang::Zh);
    let (op, community) = at_a_community_hall(&mut ui);
    ui.press(key(KeyCode::Char('7')));
    ui.press(key(KeyCode::Tab));
    ui.press(key(KeyCode::Tab));
    ui.press(key(KeyCode::Char('a')));
    ui.typed("楼道清洁志愿队");
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Enter));
    ui.typed("王建国");
    ui.press(key(KeyCode::Enter));
    let (id, cid, leader): (i64, i64, String) = ui
        .store
        .conn()
        .query_row(
            "SELECT id, community_id, leader FROM team WHERE name = '楼道清洁志愿队'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap_or_else(|e| panic!("{e}: {:?}", ui.app.status));
    assert_eq!((cid, leader.as_str()), (community.id, "王建国"));
    assert_eq!(
        events(
            &ui,
            "entity = 'team' AND entity_id = ?1 AND staff_id = ?2",
            [id, op.id]
        ),
        1
    );
    let at = ui
        .app
        .party
        .data
        .teams
        .iter()
        .position(|t| t.id == id)
        .expect("listed");
    ui.press(key(KeyCode::Home));
    for _ in 0..at {
        ui.press(key(KeyCode::Down));
    }
    let (member, name, pinyin) = member_by_unique_pinyin(&ui);
    ui.press(key(KeyCode::Char('m')));
    ui.typed(&pinyin);
    ui.press(key(KeyCode::Enter));
    let joined: i64 = ui
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM team_member WHERE team_id = ?1 AND member_id = ?2",
            [id, member],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(joined, 1, "{:?}", ui.app.status);
    assert!(ui.app.status.as_ref().unwrap().0.contains(&name));
    assert_eq!(
        events(
            &ui,
            "entity = 'team' AND entity_id = ?1 AND kind = 'join'",
            [id]
        ),
        1
    );
}

/// In a team's families: h records a help (date, kind, hours, note, and
/// the job found for 就业帮扶); e pairs a 金拐杖 helper with an empty-nest
/// household; v records a visit of that pair. A kind that is not one is
/// refused, the typing kept.
#[test]
fn helps_pairs_and_visits_are_recorded_from_a_teams_families() {
    let mut ui = Ui::new(Lang::Zh);
    let (op, _) = at_a_community_hall(&mut ui);
    ui.press(key(KeyCode::Char('7')));
    ui.press(key(KeyCode::Tab));
    ui.press(key(KeyCode::Tab));
    // A team with an empty-nest family not yet paired.
    let teams = ui.app.party.data.teams.clone();
    let mut found = None;
    for (ti, t) in teams.iter().enumerate() {
        let fams = griddesk::store::team::families(ui.store.conn(), t.id).unwrap();
        for (fi, (h, _, tags)) in fams.iter().enumerate() {
            let paired = sql_count(
                &ui,
                &format!(
                    "SELECT count(*) FROM elderly_pair WHERE household_id = {h} AND ended_on IS NULL"
                ),
            );
            if tags.contains("空巢") && paired == 0 && found.is_none() {
                found = Some((ti, t.id, fi, *h));
            }
        }
    }
    let (ti, team, fi, household) = found.expect("an empty-nest family not paired");
    ui.press(key(KeyCode::Home));
    for _ in 0..ti {
        ui.press(key(KeyCode::Down));
    }
    ui.press(key(KeyCode::Enter));
    for _ in 0..fi {
        ui.press(key(KeyCode::Down));
    }
    assert_eq!(ui.app.party.families.as_ref().unwrap().2, fi);
    // A help: employment, with the job found.
    ui.press(key(KeyCode::Char('h')));
    ui.press(key(KeyCode::Enter)); // today
    clear_field(&mut ui);
    ui.typed("找工作");
    ui.press(key(KeyCode::Enter));
    let Some(Modal::Prompt { field, .. }) = &ui.app.modal else {
        panic!("no prompt")
    };
    assert_eq!(field.text(), "找工作");
    clear_field(&mut ui);
    ui.typed("就业帮扶");
    ui.press(key(KeyCode::Enter));
    ui.typed("3");
    ui.press(key(KeyCode::Enter));
    ui.typed("介绍到社区超市");
    ui.press(key(KeyCode::Enter));
    ui.typed("超市理货员");
    ui.press(key(KeyCode::Enter));
    let help: (String, String, f64, String, Option<String>, i64) = ui
        .store
        .conn()
        .query_row(
            "SELECT day, kind, hours, note, job, staff_id FROM help
              WHERE team_id = ?1 AND household_id = ?2 ORDER BY id DESC LIMIT 1",
            [team, household],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        help,
        (
            "2026-11-27".to_string(),
            "employment".to_string(),
            3.0,
            "介绍到社区超市".to_string(),
            Some("超市理货员".to_string()),
            op.id
        ),
        "{:?}",
        ui.app.status
    );
    // No pair yet: a visit is refused before any typing.
    ui.press(key(KeyCode::Char('v')));
    assert!(ui.app.modal.is_none());
    assert!(ui.app.status.as_ref().unwrap().1);
    ui.press(key(KeyCode::Char('e')));
    ui.typed("刘晓梅");
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Enter)); // since today
    let pair: i64 = ui
        .store
        .conn()
        .query_row(
            "SELECT id FROM elderly_pair WHERE household_id = ?1 AND helper = '刘晓梅' AND ended_on IS NULL",
            [household],
            |r| r.get(0),
        )
        .unwrap_or_else(|e| panic!("{e}: {:?}", ui.app.status));
    ui.press(key(KeyCode::Char('v')));
    ui.press(key(KeyCode::Enter)); // today
    ui.typed("老人身体尚好");
    ui.press(key(KeyCode::Enter));
    let visit: (String, String, i64) = ui
        .store
        .conn()
        .query_row(
            "SELECT day, note, staff_id FROM pair_visit WHERE pair_id = ?1",
            [pair],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap_or_else(|e| panic!("{e}: {:?}", ui.app.status));
    assert_eq!(
        visit,
        ("2026-11-27".to_string(), "老人身体尚好".to_string(), op.id)
    );
}

/// A counter clerk's points correction from the ledger is refused by the
/// store (supervisors only): the message names the permission, nothing is
/// written, and the prompts come back with what was typed.
#[test]
fn a_clerks_points_correction_is_refused_by_the_store() {
    let mut ui = Ui::new(Lang::En);
    let (op, community) = at_a_community_hall(&mut ui);
    let clerk = ui
        .store
        .add_staff(
            op.id,
            &griddesk::store::staff::NewStaff {
                login: "clerk_points",
                name: "clerk_points",
                role: griddesk::domain::lifecycle::Role::Counter,
                node_id: Some(community.id),
            },
        )
        .unwrap();
    ui.app.operator = Some(griddesk::store::staff::by_id(ui.store.conn(), clerk).unwrap());
    ui.press(key(KeyCode::F(11)));
    let m = ui.app.party.members()[0].member.clone();
    let entries = |ui: &Ui| {
        sql_count(
            ui,
            &format!(
                "SELECT count(*) FROM points_entry WHERE member_id = {}",
                m.id
            ),
        )
    };
    let before = entries(&ui);
    ui.press(key(KeyCode::Char('s')));
    assert!(ui.app.party.ledger.is_some(), "the clerk sees the ledger");
    ui.press(key(KeyCode::Char('a')));
    ui.typed("+2");
    ui.press(key(KeyCode::Enter));
    ui.typed("extra help");
    ui.press(key(KeyCode::Enter));
    assert_eq!(entries(&ui), before);
    let (msg, err) = ui.app.status.clone().unwrap();
    assert!(err && msg.contains("supervisor"), "{msg}");
    let Some(Modal::Prompt { field, .. }) = &ui.app.modal else {
        panic!("no prompt: {:?}", ui.app.modal)
    };
    assert_eq!(field.text(), "extra help", "{msg}");
}

/// A unit claims a wish: the third choice, then the unit typed.
#[test]
fn a_unit_claims_a_wish_from_the_party_screen() {
    let mut ui = Ui::new(Lang::Zh);
    at_a_community_hall(&mut ui);
    a_new_wish(&mut ui, "想要一副老花镜");
    ui.press(key(KeyCode::Char('7')));
    for _ in 0..3 {
        ui.press(key(KeyCode::Tab));
    }
    let wish = ui.app.party.data.wishes[0].0.clone();
    let unit = ui.app.party.data.units[0].clone();
    ui.press(key(KeyCode::Char('c')));
    ui.press(key(KeyCode::Down));
    ui.press(key(KeyCode::Down));
    ui.press(key(KeyCode::Enter));
    ui.press(Input::Paste(unit.name.clone()));
    ui.press(key(KeyCode::Enter));
    let (kind, by): (String, Option<i64>) = ui
        .store
        .conn()
        .query_row(
            "SELECT by_kind, unit_id FROM claim WHERE request_id = ?1 AND withdrawn_at IS NULL",
            [wish.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap_or_else(|e| panic!("{e}: {:?}", ui.app.status));
    assert_eq!((kind.as_str(), by), ("unit", Some(unit.id)));
    let (msg, _) = ui.app.status.clone().unwrap();
    assert!(msg.contains("单位") && msg.contains(&unit.name), "{msg}");
}

/// On Decisions by keys: `a` on the Meetings part records a meeting
/// (kind, community, date, title, attendees), `d` settles an issue at it
/// and resolves the linked request with the decision, `r` on a stopped
/// matter starts a new round; each through the store, with its event. A
/// meeting refused (an unknown community) writes nothing and asks again
/// with what was typed.
#[test]
fn meetings_issues_and_new_rounds_are_recorded_on_the_decisions_screen() {
    use griddesk::store::matter::{self, Stage, Step};
    let mut ui = Ui::new(Lang::En);
    let me = ui.app.operator.as_ref().unwrap().id;
    let community = griddesk::store::grid::by_level(
        ui.store.conn(),
        griddesk::store::grid::NodeLevel::Community,
    )
    .unwrap()[0]
        .clone();
    let count =
        |ui: &Ui, sql: &str| -> i64 { ui.store.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    ui.press(key(KeyCode::Char('8')));
    ui.press(key(KeyCode::Char('v')));
    assert!(ui.app.decisions.footer().contains(&Act::AdminAdd));

    // Refused: nothing written, asked again from the kind with what was typed.
    let meetings = count(&ui, "SELECT count(*) FROM meeting");
    ui.press(key(KeyCode::Char('a')));
    ui.typed("2");
    ui.press(key(KeyCode::Enter));
    ui.typed("No Such Community");
    ui.press(key(KeyCode::Enter));
    ui.typed("2026-11-20");
    ui.press(key(KeyCode::Enter));
    ui.typed("second joint meeting");
    ui.press(key(KeyCode::Enter));
    ui.typed("property company, owners' committee");
    ui.press(key(KeyCode::Enter));
    assert_eq!(count(&ui, "SELECT count(*) FROM meeting"), meetings);
    match &ui.app.modal {
        Some(Modal::Prompt { field, title, .. }) => {
            assert_eq!(field.text(), "2", "{title}");
            assert!(title.contains("kind"), "{title}");
        }
        other => panic!("asked again: {other:?}"),
    }
    // The kind is kept; the community typed again, the rest offered back.
    ui.press(key(KeyCode::Enter));
    for _ in 0.."No Such Community".len() {
        ui.press(key(KeyCode::Backspace));
    }
    ui.typed(&community.name);
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Enter));
    assert!(ui.app.modal.is_none(), "{:?}", ui.app.modal);
    let (id, kind, day, topic, attendees, by): (i64, String, String, String, String, i64) = ui
        .store
        .conn()
        .query_row(
            "SELECT m.id, m.kind, m.day, m.topic, m.attendees, e.staff_id FROM meeting m
               JOIN event e ON e.entity = 'meeting' AND e.entity_id = m.id
              WHERE m.community_id = ?1 ORDER BY m.id DESC LIMIT 1",
            [community.id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        (
            kind.as_str(),
            day.as_str(),
            topic.as_str(),
            attendees.as_str(),
            by
        ),
        (
            "joint",
            "2026-11-20",
            "second joint meeting",
            "property company, owners' committee",
            me
        )
    );
    assert_eq!(count(&ui, "SELECT count(*) FROM meeting"), meetings + 1);
    let (text, _) = ui.screen(80, 24);
    assert!(text.contains(&format!("#{id} ")), "{text}");

    // Settle an issue at it, resolving a request in progress.
    let (rid, ticket): (i64, String) = ui
        .store
        .conn()
        .query_row(
            "SELECT id, ticket FROM request WHERE status = 'in_progress' ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    ui.press(key(KeyCode::Char('d')));
    match &ui.app.modal {
        Some(Modal::Prompt { field, .. }) => {
            for _ in 0..field.text().chars().count() {
                ui.press(key(KeyCode::Backspace));
            }
        }
        other => panic!("the meeting asked: {other:?}"),
    }
    ui.typed(&id.to_string());
    ui.press(key(KeyCode::Enter));
    ui.typed("parking at night");
    ui.press(key(KeyCode::Enter));
    ui.typed("40 night spaces marked");
    ui.press(key(KeyCode::Enter));
    ui.typed(&ticket);
    let lines = ui.step_and_draw(key(KeyCode::Enter));
    assert!(ui.app.modal.is_none(), "{:?}", ui.app.modal);
    let (status, issue, by): (String, String, i64) = ui
        .store
        .conn()
        .query_row(
            "SELECT q.status, i.issue, i.settled_by FROM meeting_issue i JOIN request q ON q.id = i.request_id
              WHERE i.meeting_id = ?1 AND q.id = ?2",
            [id, rid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (status.as_str(), issue.as_str(), by),
        ("resolved", "parking at night", me)
    );
    assert!(lines.join("\n").contains("issue settled"), "{lines:?}");

    // A new round for a stopped matter (Meetings → Week → Kinds → Matters).
    ui.press(key(KeyCode::Char('v')));
    ui.press(key(KeyCode::Char('v')));
    ui.press(key(KeyCode::Char('v')));
    let (idx, mid, round) = {
        let d = ui.app.decisions.data.as_ref().unwrap();
        d.matters
            .iter()
            .enumerate()
            .find_map(|(i, (m, _))| {
                matches!(m.stage(), Stage::Stopped(..)).then_some((i, m.id, m.round))
            })
            .expect("a stopped matter")
    };
    for _ in 0..idx {
        ui.press(key(KeyCode::Down));
    }
    ui.press(key(KeyCode::Char('r')));
    ui.typed("plan revised");
    ui.press(key(KeyCode::Enter));
    let m = ui.store.read(|c| matter::get(c, mid)).unwrap();
    assert_eq!(m.round, round + 1);
    assert_eq!(m.stage(), Stage::Next(Step::Propose));
    // A matter not stopped is refused by name, nothing written.
    ui.press(key(KeyCode::Home));
    let first = ui.app.decisions.data.as_ref().unwrap().matters[0].0.clone();
    if !matches!(first.stage(), Stage::Stopped(..)) {
        ui.press(key(KeyCode::Char('r')));
        assert!(ui.app.modal.is_none());
        let m = ui.store.read(|c| matter::get(c, first.id)).unwrap();
        assert_eq!(m.round, first.round);
    }
}

/// English kinds at 80×24: none is cut (`~`); each row shows its kind's
/// short label and, as the cursor reaches it, the legend line says what
/// the label stands for — the kind's whole name. zh keeps the names.
#[test]
fn english_matter_kinds_are_short_labels_a_legend_explains() {
    let mut ui = Ui::new(Lang::En);
    ui.press(key(KeyCode::F(12)));
    let n = ui.app.decisions.data.as_ref().unwrap().matters.len();
    assert!(n > 10);
    for i in 0..n {
        if i > 0 {
            ui.press(key(KeyCode::Down));
        }
        let text = ui.screen(80, 24).0;
        let (m, _) = ui.app.decisions.data.as_ref().unwrap().matters[i].clone();
        let row = text
            .lines()
            .find(|s| s.contains(&format!("> {:>4} {}", m.id, m.community)))
            .unwrap_or_else(|| panic!("the selected row: {text}"));
        assert!(!row.contains('~'), "{row}");
        let legend = text
            .lines()
            .find_map(|s| s.strip_prefix("│kind: "))
            .unwrap_or_else(|| panic!("a legend line: {text}"));
        let legend = legend.trim_end_matches('│').trim_end();
        let (label, name) = legend
            .split_once(" = ")
            .unwrap_or_else(|| panic!("{legend}"));
        assert_eq!(name, m.kind_en, "{legend}");
        assert!(label.len() < name.len(), "{legend}");
        assert!(row.contains(&format!(" {label} ")), "{row} / {legend}");
    }
    // In Chinese the names fit whole, and no legend is needed.
    let mut ui = Ui::new(Lang::Zh);
    ui.press(key(KeyCode::F(12)));
    let text = ui.screen(80, 24).0;
    assert!(!text.contains("类别："), "{text}");
}

/// The Kinds part of Decisions (`v` three times): a supervisor renames a
/// kind (Enter: its Chinese and English names, offered as they are) and
/// takes it out of use (`u`) and back, each through the store with the
/// actor in the event; zh and en at 80×24.
#[test]
fn a_supervisor_edits_the_kinds_of_matters_on_the_decisions_screen() {
    use griddesk::store::matter;
    let mut ui = Ui::new(Lang::En);
    let me = ui.app.operator.as_ref().unwrap().id;
    ui.press(key(KeyCode::F(12)));
    for _ in 0..3 {
        ui.press(key(KeyCode::Char('v')));
    }
    let kinds = ui.app.decisions.data.as_ref().unwrap().kinds.clone();
    assert_eq!(kinds.len(), 11);
    let text = ui.screen(80, 24).0;
    for k in &kinds {
        // The names, in the language in force first; no codes.
        let en: String = k.en.chars().take(20).collect();
        assert!(
            text.contains(&format!("  {en}")) || text.contains(&format!("> {en}")),
            "{text}"
        );
        if k.code.contains('_') {
            assert!(!text.contains(&k.code), "{text}");
        }
    }
    ui.press(key(KeyCode::Down));
    let k = &kinds[1];
    ui.press(key(KeyCode::Enter));
    match &ui.app.modal {
        Some(Modal::Prompt { field, .. }) => {
            assert_eq!(field.text(), k.zh);
            assert!(field.selected, "the old name offered selected");
        }
        other => panic!("the Chinese name asked: {other:?}"),
    }
    ui.press(key(KeyCode::Enter));
    // Typing replaces the offered old name: it is not added to it.
    ui.typed("subsistence aid");
    ui.press(key(KeyCode::Enter));
    assert!(ui.app.modal.is_none(), "{:?}", ui.app.modal);
    let now = ui.store.read(|c| matter::kind(c, &k.code)).unwrap();
    assert_eq!(
        (now.zh.as_str(), now.en.as_str()),
        (k.zh.as_str(), "subsistence aid")
    );
    ui.press(key(KeyCode::Char('u')));
    assert!(!ui.store.read(|c| matter::kind(c, &k.code)).unwrap().active);
    let text = ui.screen(80, 24).0;
    assert!(
        text.lines()
            .any(|r| r.contains("subsistence aid ") && r.contains(" OUT OF USE")),
        "{text}"
    );
    ui.press(key(KeyCode::Char('u')));
    assert!(ui.store.read(|c| matter::kind(c, &k.code)).unwrap().active);
    let events: i64 = ui
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM event WHERE entity = 'matter_kind' AND note = ?1 AND staff_id = ?2",
            rusqlite::params![k.code, me],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(events, 3);
    snapshot(&ui, "en_decisions_kinds");
    let mut zh = Ui::new(Lang::Zh);
    zh.press(key(KeyCode::F(12)));
    for _ in 0..3 {
        zh.press(key(KeyCode::Char('v')));
    }
    snapshot(&zh, "zh_decisions_kinds");
    let (text, _) = zh.screen(80, 24);
    for line in text.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 80, "{line}");
    }
}

/// A meeting begun and left with Esc does not take the next step's
/// answers: the step is recorded as typed.
#[test]
fn a_meeting_left_with_esc_does_not_take_a_steps_answers() {
    use griddesk::store::matter::{self, Stage};
    let mut ui = Ui::new(Lang::En);
    ui.press(key(KeyCode::F(12)));
    ui.press(key(KeyCode::Char('v')));
    ui.press(key(KeyCode::Char('a')));
    assert!(matches!(ui.app.modal, Some(Modal::Prompt { .. })));
    ui.press(key(KeyCode::Esc));
    assert!(ui.app.modal.is_none(), "{:?}", ui.app.modal);
    for _ in 0..3 {
        ui.press(key(KeyCode::Char('v')));
    }
    let (idx, id, step) = {
        let d = ui.app.decisions.data.as_ref().unwrap();
        d.matters
            .iter()
            .enumerate()
            .find_map(|(i, (m, _))| match m.stage() {
                Stage::Next(s) if s.votes() => Some((i, m.id, s)),
                _ => None,
            })
            .unwrap()
    };
    for _ in 0..idx {
        ui.press(key(KeyCode::Down));
    }
    ui.press(key(KeyCode::Char('s')));
    for typed in ["2026-11-27", "31/40", "25/4/2", "agreed"] {
        ui.typed(typed);
        ui.press(key(KeyCode::Enter));
    }
    assert!(ui.app.modal.is_none(), "{:?}", ui.app.modal);
    let m = ui.store.read(|c| matter::get(c, id)).unwrap();
    assert_eq!(m.step(step).expect("recorded").votes, Some((25, 4, 2)));
}

/// Typing in a pick list narrows it and puts the cursor back on the first
/// match: a cursor left low in the long list would otherwise stand on
/// someone from another community, and Enter would take them.
#[test]
fn typing_in_a_pick_list_puts_the_cursor_on_the_first_match() {
    let mut ui = Ui::builder().lang(Lang::Zh).build();
    let id = registered_at(&mut ui, (2026, 11, 26, 9), "repair", "路灯不亮");
    ui.press(key(KeyCode::F(4)));
    let at = ui
        .app
        .queue
        .items
        .iter()
        .position(|(r, _)| r.id == id)
        .unwrap();
    ui.app.queue.sel = at;
    ui.press(key(KeyCode::Char('a')));
    for _ in 0..6 {
        ui.press(key(KeyCode::Down));
    }
    let sel = |ui: &Ui| match &ui.app.modal {
        Some(Modal::Filter { sel, .. }) => *sel,
        m => panic!("{m:?}"),
    };
    assert_eq!(sel(&ui), 6);
    let first = ui.app.staff[0].name.clone();
    let initials = griddesk::domain::names::name_keys(&first).initials;
    ui.typed(&initials[..1]);
    assert_eq!(sel(&ui), 0, "back on the first match");
}

/// A household too long for its column keeps its address whole: the
/// community's name is cut, not the room number.
#[test]
fn a_long_household_keeps_its_room_in_the_request_rows() {
    use griddesk::tui::widgets::household_cell;
    use unicode_width::UnicodeWidthStr;
    let cell = household_cell("建设家园社区 10-1-501", 18);
    assert_eq!(cell.width(), 18, "{cell:?}");
    assert!(cell.ends_with(" 10-1-501"), "{cell:?}");
    assert!(cell.starts_with("建设家园"), "{cell:?}");
    // One that fits is padded, not cut.
    let fits = household_cell("高庄社区 2-4-201", 20);
    assert_eq!(fits, "高庄社区 2-4-201    ");
}

/// The text of the prompt in front, if one is.
fn prompt_text(ui: &Ui) -> Option<String> {
    match &ui.app.modal {
        Some(Modal::Prompt { field, .. }) => Some(field.text().to_string()),
        _ => None,
    }
}

fn a_new_repair(ui: &mut Ui, text: &str) -> griddesk::store::request::Registered {
    let op = ui.app.operator.as_ref().unwrap().id;
    ui.store
        .register(
            op,
            &griddesk::store::request::NewRequest::new(
                griddesk::domain::lifecycle::Channel::WalkIn,
                "repair",
                text,
            ),
        )
        .unwrap()
}

/// On the Units part: c, the repair narrowed by its ticket, the unit by
/// its name, a promised date. A date that is not one is refused with the
/// typing kept and nothing written; a good one saves the unit's claim
/// with its date (the same store call as `griddesk claim --unit`), and
/// the unit's line counts the project.
#[test]
fn a_unit_takes_on_a_repair_project_from_the_party_screen() {
    let mut ui = Ui::new(Lang::Zh);
    at_a_community_hall(&mut ui);
    a_new_repair(&mut ui, "路灯不亮");
    let r = a_new_repair(&mut ui, "小巷路面坑洼需要铺平");
    ui.press(key(KeyCode::Char('7')));
    for _ in 0..5 {
        ui.press(key(KeyCode::Tab));
    }
    assert_eq!(
        ui.app.party.part,
        griddesk::tui::screens::party::Part::Units
    );
    let unit = ui.app.party.data.units[0].clone();
    let before = ui
        .app
        .party
        .data
        .unit_lines
        .iter()
        .find(|u| u.unit.id == unit.id)
        .unwrap()
        .claimed;
    ui.press(key(KeyCode::Char('c')));
    ui.press(Input::Paste(r.ticket.clone()));
    ui.press(key(KeyCode::Enter));
    ui.press(Input::Paste(unit.name.clone()));
    ui.press(key(KeyCode::Enter));
    ui.typed("2026-12-32");
    ui.press(key(KeyCode::Enter));
    let claims = |ui: &Ui| -> i64 {
        ui.store
            .conn()
            .query_row(
                "SELECT count(*) FROM claim WHERE request_id = ?1",
                [r.id],
                |x| x.get(0),
            )
            .unwrap()
    };
    assert_eq!(claims(&ui), 0, "a bad date writes nothing");
    let (msg, _) = ui.app.status.clone().unwrap();
    assert!(
        msg.contains("承诺办结日期") && msg.contains("2026-12-32"),
        "{msg}"
    );
    let kept = prompt_text(&ui).expect("the prompt offered back");
    assert_eq!(kept, "2026-12-32");
    // A date already past: refused by the store, the typing kept.
    for _ in 0..10 {
        ui.press(key(KeyCode::Backspace));
    }
    ui.typed("2026-11-01");
    ui.press(key(KeyCode::Enter));
    assert_eq!(claims(&ui), 0, "a past date writes nothing");
    assert_eq!(prompt_text(&ui).as_deref(), Some("2026-11-01"));
    for _ in 0..10 {
        ui.press(key(KeyCode::Backspace));
    }
    ui.typed("2026-12-15");
    ui.press(key(KeyCode::Enter));
    let (kind, by, promised): (String, Option<i64>, Option<String>) = ui
        .store
        .conn()
        .query_row(
            "SELECT by_kind, unit_id, promised_date FROM claim WHERE request_id = ?1 AND withdrawn_at IS NULL",
            [r.id],
            |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?)),
        )
        .unwrap_or_else(|e| panic!("{e}: {:?}", ui.app.status));
    assert_eq!(
        (kind.as_str(), by, promised.as_deref()),
        ("unit", Some(unit.id), Some("2026-12-15"))
    );
    let line = ui
        .app
        .party
        .data
        .unit_lines
        .iter()
        .find(|u| u.unit.id == unit.id)
        .unwrap()
        .clone();
    assert_eq!((line.claimed, line.overdue), (before + 1, 0));
    assert!(
        !ui.app.party.data.open_projects.iter().any(|x| x.id == r.id),
        "a claimed repair leaves the list to take on"
    );
}

/// The foreground colour of the first cell of the first line holding
/// `needle` on an 80×24 frame.
fn fg_of(ui: &Ui, needle: &str) -> Option<ratatui::style::Color> {
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| view::draw(f, &ui.app)).unwrap();
    let buf = term.backend().buffer().clone();
    let (text, _) = ui.screen(80, 24);
    let y = text.lines().position(|l| l.contains(needle))? as u16;
    (0..80)
        .map(|x| &buf[(x, y)])
        .find(|c| c.symbol() != " " && c.symbol() != "|" && c.symbol() != "│")
        .and_then(|c| c.style().fg)
}

/// A unit's project past its promised date and still open is overdue:
/// the unit's line counts it, in red and with the word (not colour
/// alone); Enter shows the unit's projects, the late one marked alike, a
/// done one not; Enter on a project opens its request. Both languages,
/// 80×24, no colour.
#[test]
fn a_units_overdue_project_is_marked_in_red_and_in_words() {
    for lang in [Lang::Zh, Lang::En] {
        let tag = if lang == Lang::Zh { "zh" } else { "en" };
        let mut ui = Ui::new(lang);
        at_a_community_hall(&mut ui);
        let op = ui.app.operator.as_ref().unwrap().id;
        // Not the first: the selected row is drawn in the selection's style.
        let unit = griddesk::store::party::units(ui.store.conn()).unwrap()[1].clone();
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let count = |ui: &Ui| {
            let l = griddesk::store::claim::unit_lines(ui.store.conn(), day(4))
                .unwrap()
                .into_iter()
                .find(|u| u.unit.id == unit.id)
                .unwrap();
            (l.claimed, l.done, l.overdue)
        };
        let before = count(&ui);
        let late = a_new_repair(&mut ui, "路灯不亮");
        let done = a_new_repair(&mut ui, "下水道堵塞");
        use griddesk::store::claim::Claimant;
        ui.store
            .claim(op, late.id, Claimant::Unit(unit.id), Some(day(1)))
            .unwrap();
        ui.store
            .claim(op, done.id, Claimant::Unit(unit.id), Some(day(2)))
            .unwrap();
        ui.store.deliver(op, done.id, "已疏通").unwrap();
        ui.store
            .set_now(Some(tz().with_ymd_and_hms(2026, 12, 4, 10, 0, 0).unwrap()));
        ui.press(key(KeyCode::F(11)));
        for _ in 0..5 {
            ui.press(key(KeyCode::Tab));
        }
        let line = ui
            .app
            .party
            .data
            .unit_lines
            .iter()
            .find(|u| u.unit.id == unit.id)
            .unwrap()
            .clone();
        assert_eq!(
            (line.claimed, line.done, line.overdue),
            (before.0 + 2, before.1 + 1, before.2 + 1)
        );
        let word = if lang == Lang::Zh {
            "逾期"
        } else {
            "overdue"
        };
        let (text, _) = ui.screen(80, 24);
        let row = text
            .lines()
            .find(|l| l.contains(&unit.name))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(row.contains(&format!("{} {word}", before.2 + 1)), "{row}");
        assert_eq!(
            fg_of(&ui, &unit.name),
            Some(ratatui::style::Color::Red),
            "{text}"
        );
        // Enter: the unit's projects, the late one marked.
        let i = ui
            .app
            .party
            .data
            .unit_lines
            .iter()
            .position(|u| u.unit.id == unit.id)
            .unwrap();
        for _ in 0..i {
            ui.press(key(KeyCode::Down));
        }
        ui.press(key(KeyCode::Enter));
        let (text, _) = ui.screen(80, 24);
        let mark = if lang == Lang::Zh {
            "逾期"
        } else {
            "OVERDUE"
        };
        let late_row = text.lines().find(|l| l.contains(&late.ticket)).unwrap();
        let done_row = text.lines().find(|l| l.contains(&done.ticket)).unwrap();
        assert!(late_row.contains(mark), "{late_row}");
        assert!(!done_row.contains(mark), "{done_row}");
        assert_eq!(fg_of(&ui, &late.ticket), Some(ratatui::style::Color::Red));
        assert_ne!(fg_of(&ui, &done.ticket), Some(ratatui::style::Color::Red));
        ui.app.color = false;
        snapshot(&ui, &format!("{tag}_party_unit_projects"));
        ui.press(key(KeyCode::Esc));
        snapshot(&ui, &format!("{tag}_party_units"));
        ui.app.color = true;
        // Enter on a project opens its request.
        ui.press(key(KeyCode::Enter));
        let shown = ui.app.party.shown_projects();
        let first = shown[0].1.id;
        ui.press(key(KeyCode::Enter));
        assert_eq!(ui.app.screen, Screen::Requests);
        assert_eq!(
            ui.app.queue.detail.as_ref().map(|d| d.request.id),
            Some(first)
        );
    }
}

/// On the Units part, `a` registers a unit: its name, then its party
/// organisation; saved as typed through the store call of `griddesk unit
/// add`, logged with the operator, listed at once.
#[test]
fn a_unit_is_registered_from_the_party_screen() {
    let mut ui = Ui::new(Lang::En);
    let (op, _) = at_a_community_hall(&mut ui);
    ui.press(key(KeyCode::F(11)));
    for _ in 0..5 {
        ui.press(key(KeyCode::Tab));
    }
    ui.press(key(KeyCode::Char('a')));
    ui.press(Input::Paste("区园林局".into()));
    ui.press(key(KeyCode::Enter));
    ui.press(Input::Paste("区园林局党支部".into()));
    ui.press(key(KeyCode::Enter));
    let (id, org): (i64, String) = ui
        .store
        .conn()
        .query_row(
            "SELECT id, party_org FROM party_unit WHERE name = '区园林局'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap_or_else(|e| panic!("{e}: {:?}", ui.app.status));
    assert_eq!(org, "区园林局党支部");
    let by: i64 = ui
        .store
        .conn()
        .query_row(
            "SELECT staff_id FROM event WHERE entity = 'party_unit' AND entity_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(by, op.id);
    assert!(
        ui.app
            .party
            .data
            .unit_lines
            .iter()
            .any(|u| u.unit.name == "区园林局")
    );
}

/// In a micro-wish's detail on the Requests screen, `l` (the keymap's
/// claim) opens the party screen's choice: a member, typed by pinyin,
/// Enter. The claim is saved with the operator, the detail stays and is
/// read again with the claim in its timeline. A second `l` is refused
/// before any choice; so is `l` on a request that is neither a wish nor
/// a repair.
#[test]
fn a_wish_is_claimed_from_its_request_detail() {
    let mut ui = Ui::new(Lang::Zh);
    let (op, _) = at_a_community_hall(&mut ui);
    let id = a_new_wish(&mut ui, "想要一台收音机");
    ui.press(key(KeyCode::Char('7')));
    let (member, _, pinyin) = member_by_unique_pinyin(&ui);
    for _ in 0..3 {
        ui.press(key(KeyCode::Tab));
    }
    let i = ui
        .app
        .party
        .data
        .wishes
        .iter()
        .position(|(r, _)| r.id == id)
        .unwrap();
    for _ in 0..i {
        ui.press(key(KeyCode::Down));
    }
    ui.press(key(KeyCode::Enter));
    assert_eq!(ui.app.screen, Screen::Requests);
    assert_eq!(ui.app.queue.detail.as_ref().map(|d| d.request.id), Some(id));
    ui.press(key(KeyCode::Char('l')));
    assert!(
        matches!(ui.app.modal, Some(Modal::Pick { .. })),
        "{:?}",
        ui.app.status
    );
    ui.press(key(KeyCode::Enter)); // a party member
    ui.typed(&pinyin);
    ui.press(key(KeyCode::Enter));
    assert!(ui.app.modal.is_none(), "{:?}", ui.app.status);
    let claimed: (String, i64, i64) = ui
        .store
        .conn()
        .query_row(
            "SELECT by_kind, member_id, staff_id FROM claim
              WHERE request_id = ?1 AND withdrawn_at IS NULL",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap_or_else(|e| panic!("{e}: {:?}", ui.app.status));
    assert_eq!(claimed, ("member".to_string(), member, op.id));
    assert_eq!(ui.app.screen, Screen::Requests);
    let d = ui.app.queue.detail.as_ref().unwrap();
    assert_eq!(d.request.id, id);
    assert!(
        d.timeline.iter().any(|e| e.kind == "claim"),
        "the detail is read again with the claim"
    );
    // Claimed already: refused, nothing to choose.
    ui.press(key(KeyCode::Char('l')));
    assert!(ui.app.modal.is_none());
    let (msg, err) = ui.app.status.clone().unwrap();
    assert!(err && msg.contains("已由"), "{msg}");
    // Neither a wish nor a repair.
    let other = ui
        .store
        .register(
            op.id,
            &griddesk::store::request::NewRequest::new(
                griddesk::domain::lifecycle::Channel::WalkIn,
                "consult",
                "咨询低保政策",
            ),
        )
        .unwrap();
    ui.run(vec![griddesk::tui::app::Effect::LoadDetail(other.id)]);
    ui.press(key(KeyCode::Char('l')));
    assert!(ui.app.modal.is_none());
    let (msg, err) = ui.app.status.clone().unwrap();
    assert!(err && msg.contains("不能认领"), "{msg}");
}

/// In a repair's detail, `l` has a unit take it on: the unit narrowed by
/// its name, the promised date; a date already past is refused by the
/// store with the typing offered back, nothing written; then saved.
#[test]
fn a_repair_is_taken_on_by_a_unit_from_its_request_detail() {
    let mut ui = Ui::new(Lang::En);
    at_a_community_hall(&mut ui);
    let r = a_new_repair(&mut ui, "小巷路面坑洼需要铺平");
    let unit = griddesk::store::party::units(ui.store.conn()).unwrap()[2].clone();
    ui.press(key(KeyCode::F(4)));
    ui.run(vec![griddesk::tui::app::Effect::LoadDetail(r.id)]);
    assert_eq!(ui.app.screen, Screen::Requests);
    ui.press(key(KeyCode::Char('l')));
    ui.press(Input::Paste(unit.name.clone()));
    ui.press(key(KeyCode::Enter));
    ui.typed("2026-11-20");
    ui.press(key(KeyCode::Enter));
    let claims = |ui: &Ui| -> i64 {
        ui.store
            .conn()
            .query_row(
                "SELECT count(*) FROM claim WHERE request_id = ?1",
                [r.id],
                |x| x.get(0),
            )
            .unwrap()
    };
    assert_eq!(claims(&ui), 0);
    let (msg, err) = ui.app.status.clone().unwrap();
    assert!(err, "{msg}");
    assert_eq!(prompt_text(&ui).as_deref(), Some("2026-11-20"));
    for _ in 0..10 {
        ui.press(key(KeyCode::Backspace));
    }
    ui.typed("2026-12-20");
    ui.press(key(KeyCode::Enter));
    let (by, promised): (i64, String) = ui
        .store
        .conn()
        .query_row(
            "SELECT unit_id, promised_date FROM claim WHERE request_id = ?1 AND withdrawn_at IS NULL",
            [r.id],
            |x| Ok((x.get(0)?, x.get(1)?)),
        )
        .unwrap_or_else(|e| panic!("{e}: {:?}", ui.app.status));
    assert_eq!((by, promised.as_str()), (unit.id, "2026-12-20"));
    assert_eq!(ui.app.screen, Screen::Requests);
    // Taken on already: refused before any choice, naming the unit.
    ui.press(key(KeyCode::Char('l')));
    assert!(ui.app.modal.is_none(), "{:?}", ui.app.modal);
    let (msg, err) = ui.app.status.clone().unwrap();
    assert!(err && msg.contains(&unit.name), "{msg}");
}

/// A team set up on the screen has no family yet: its first help asks
/// the family's address (last, after the help's own fields) and records
/// the help there; the family then shows in the team's list.
#[test]
fn a_new_teams_first_help_is_recorded_at_an_address() {
    let mut ui = Ui::new(Lang::Zh);
    let (op, community) = at_a_community_hall(&mut ui);
    // A family in difficulty (the teams help those) in the community.
    let (household, label): (i64, String) = {
        let ids: Vec<i64> = ui
            .store
            .conn()
            .prepare(
                "SELECT h.id FROM household h JOIN grid_node b ON b.id = h.building_id
                   JOIN grid_node a ON a.id = b.parent_id
                  WHERE (a.parent_id = ?1 OR a.id = ?1) AND h.voided_at IS NULL ORDER BY h.id",
            )
            .unwrap()
            .query_map([community.id], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let id = *ids
            .iter()
            .find(|h| {
                !griddesk::store::team::difficulty_tags(ui.store.conn(), **h)
                    .unwrap()
                    .is_empty()
            })
            .expect("a family in difficulty");
        let h = ui
            .store
            .read(|c| griddesk::store::household::get(c, id))
            .unwrap();
        (id, h.label())
    };
    ui.press(key(KeyCode::Char('7')));
    ui.press(key(KeyCode::Tab));
    ui.press(key(KeyCode::Tab));
    ui.press(key(KeyCode::Char('a')));
    ui.typed("新建帮扶队");
    ui.press(key(KeyCode::Enter));
    ui.press(key(KeyCode::Enter));
    ui.typed("李明");
    ui.press(key(KeyCode::Enter));
    let team: i64 = ui
        .store
        .conn()
        .query_row(
            "SELECT id FROM team WHERE name = '新建帮扶队'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let at = ui
        .app
        .party
        .data
        .teams
        .iter()
        .position(|t| t.id == team)
        .expect("listed");
    ui.press(key(KeyCode::Home));
    for _ in 0..at {
        ui.press(key(KeyCode::Down));
    }
    ui.press(key(KeyCode::Enter));
    assert!(ui.app.party.families.as_ref().unwrap().1.is_empty());
    ui.press(key(KeyCode::Char('h')));
    ui.press(key(KeyCode::Enter)); // today
    ui.press(key(KeyCode::Enter)); // 生活帮扶
    ui.typed("2");
    ui.press(key(KeyCode::Enter));
    ui.typed("送米面油");
    ui.press(key(KeyCode::Enter));
    let Some(Modal::Prompt { title, .. }) = &ui.app.modal else {
        panic!("the address asked: {:?}", ui.app.modal)
    };
    assert!(title.contains("地址"), "{title}");
    ui.typed(&label);
    ui.press(key(KeyCode::Enter));
    // The family shows in the team's list at once.
    let fams = &ui.app.party.families.as_ref().expect("still open").1;
    assert_eq!(
        fams.iter().map(|f| f.0).collect::<Vec<_>>(),
        vec![household]
    );
    let (kind, staff): (String, i64) = ui
        .store
        .conn()
        .query_row(
            "SELECT kind, staff_id FROM help WHERE team_id = ?1 AND household_id = ?2",
            [team, household],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap_or_else(|e| panic!("{e}: {:?}", ui.app.status));
    assert_eq!((kind.as_str(), staff), ("living", op.id));
}

/// A wish opened from the party screen's list comes back there with Esc,
/// not to the Requests queue; F4 then Esc stays in the queue as ever.
#[test]
fn a_wish_opened_from_the_party_screen_comes_back_there() {
    let mut ui = Ui::new(Lang::Zh);
    ui.press(key(KeyCode::Char('7')));
    for _ in 0..3 {
        ui.press(key(KeyCode::Tab));
    }
    if ui.app.party.data.wishes.is_empty() {
        // None unclaimed: a claimed one opens the same way.
        ui.press(key(KeyCode::Tab));
        assert!(!ui.app.party.data.claimed.is_empty(), "the demo has wishes");
    }
    ui.press(key(KeyCode::Enter));
    assert_eq!(ui.app.screen, Screen::Requests);
    assert!(ui.app.queue.detail.is_some());
    ui.press(key(KeyCode::Esc));
    assert_eq!(ui.app.screen, Screen::Party);
    // Opened from the queue itself, the detail goes back to the queue.
    ui.press(key(KeyCode::F(4)));
    ui.press(key(KeyCode::Enter));
    assert!(ui.app.queue.detail.is_some());
    ui.press(key(KeyCode::Esc));
    assert_eq!(ui.app.screen, Screen::Requests);
    assert!(ui.app.queue.detail.is_none());
}

/// The party screen's Activities and Teams columns are as wide as what
/// they hold: a team's name or an activity's title is not cut while the
/// row has room, and activities say their community.
#[test]
fn party_lists_use_the_row_before_cutting() {
    use unicode_width::UnicodeWidthStr;
    for lang in [Lang::Zh, Lang::En] {
        let mut ui = Ui::new(lang);
        ui.press(key(KeyCode::Char('7')));
        ui.press(key(KeyCode::Tab));
        let (acts, _) = ui.screen(80, 24);
        let a = ui.app.party.data.activities[0].clone();
        assert!(acts.contains(&a.community), "{acts}");
        ui.press(key(KeyCode::Tab));
        let (teams, _) = ui.screen(80, 24);
        for t in ui.app.party.data.teams.iter().take(10) {
            if t.name.width() <= 30 {
                assert!(teams.contains(&t.name), "{}: {teams}", t.name);
            }
        }
        for line in teams.lines().chain(acts.lines()) {
            assert!(line.width() <= 80, "{line}");
        }
    }
}

/// Claiming a wish offers the wish's own community's members first.
#[test]
fn a_wishs_claim_offers_its_communitys_members_first() {
    let mut ui = Ui::new(Lang::Zh);
    let id = registered_at(&mut ui, (2026, 11, 26, 9), "micro_wish", "想要一台收音机");
    ui.press(key(KeyCode::Char('7')));
    for _ in 0..3 {
        ui.press(key(KeyCode::Tab));
    }
    let at = ui
        .app
        .party
        .data
        .wishes
        .iter()
        .position(|(r, _)| r.id == id)
        .expect("the new wish listed");
    for _ in 0..at {
        ui.press(key(KeyCode::Down));
    }
    let wish = ui.app.party.data.wishes[at].0.clone();
    let home = wish
        .household
        .as_deref()
        .and_then(|h| h.split(' ').next())
        .unwrap()
        .to_string();
    ui.press(key(KeyCode::Char('c')));
    ui.press(key(KeyCode::Enter)); // a party member
    let Some(Modal::Filter { items, .. }) = ui.app.modal.clone() else {
        panic!("{:?}", ui.app.modal)
    };
    let near = items.iter().filter(|(l, _)| l.contains(&home)).count();
    assert!(near > 0 && near < items.len(), "{near} of {}", items.len());
    assert!(
        items[..near].iter().all(|(l, _)| l.contains(&home)),
        "{home} first: {:?}",
        &items[..near.min(5)]
    );
}

/// Enter on a matter shows it in full (its steps, why it stopped), Esc
/// goes back to the list; `p` prints its notice once one is published,
/// else the matter as shown.
#[test]
fn a_matter_opens_in_full_and_prints_its_notice() {
    use griddesk::store::matter::Stage;
    let mut ui = Ui::new(Lang::Zh);
    ui.press(key(KeyCode::Char('8')));
    let (idx, id) = {
        let d = ui.app.decisions.data.as_ref().expect("loaded");
        d.matters
            .iter()
            .enumerate()
            .find_map(|(i, (m, _))| matches!(m.stage(), Stage::Stopped(..)).then_some((i, m.id)))
            .expect("a stopped matter in the demo")
    };
    for _ in 0..idx {
        ui.press(key(KeyCode::Down));
    }
    ui.press(key(KeyCode::Enter));
    let mv = ui.app.decisions.matter.clone().expect("the matter shown");
    assert_eq!(mv.id, id);
    let (screen, _) = ui.screen(80, 24);
    assert!(screen.contains(&format!("事项 {id}")), "{screen}");
    let m = ui
        .store
        .read(|c| griddesk::store::matter::get(c, id))
        .unwrap();
    assert!(screen.contains(&m.title), "{screen}");
    // The footer offers printing it.
    assert!(
        screen.lines().last().unwrap().contains("p 打印"),
        "{screen}"
    );
    ui.press(key(KeyCode::Esc));
    assert!(ui.app.decisions.matter.is_none());
    assert_eq!(ui.app.screen, Screen::Decisions);
}
