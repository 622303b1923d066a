//! Keystroke fuzzing: random keys, CJK and full-width text, pastes and
//! resizes against the real store. No panic; the cursor stays inside the
//! frame; the database's constraints hold afterwards.

mod common;

use chrono::TimeZone;
use griddesk::domain::calendar::tz;
use griddesk::i18n::Lang;
use griddesk::store::{Store, staff};
use griddesk::tui::app::{App, Input};
use griddesk::tui::effects::Runner;
use griddesk::tui::keymap::Keymap;
use griddesk::tui::{drain, view};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::cell::RefCell;

fn input() -> impl Strategy<Value = Input> {
    let k = |c: KeyCode| Input::Key(KeyEvent::new(c, KeyModifiers::NONE));
    prop_oneof![
        4 => prop::sample::select(vec!['1', '-', '0', 'a', 'z', 's', 'w', 'e', 'd', 'f', 'n', 'v', '/', '?', ' ', '张', '三', '锦', '３', 'Ｘ', 'x', 'p', 'm', 'h', 'o', 'c', 'r', 't'])
            .prop_map(move |c| k(KeyCode::Char(c))),
        3 => prop::sample::select(vec![
            KeyCode::Enter, KeyCode::Esc, KeyCode::Tab, KeyCode::BackTab, KeyCode::Up, KeyCode::Down, KeyCode::Left, KeyCode::Right,
            KeyCode::Backspace, KeyCode::Delete, KeyCode::PageDown, KeyCode::Home, KeyCode::End,
            KeyCode::F(1), KeyCode::F(2), KeyCode::F(3), KeyCode::F(4), KeyCode::F(5), KeyCode::F(6), KeyCode::F(7), KeyCode::F(8),
        ]).prop_map(k),
        1 => Just(Input::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL))),
        1 => "[张三丰１２３a-z\n\t -]{0,12}".prop_map(Input::Paste),
        1 => (40u16..140, 10u16..50).prop_map(|(w, h)| Input::Resize(w, h)),
    ]
}

thread_local! {
    static DB: RefCell<Option<(tempfile::TempDir, std::path::PathBuf)>> = const { RefCell::new(None) };
}

fn db() -> std::path::PathBuf {
    DB.with(|d| {
        let mut d = d.borrow_mut();
        if d.is_none() {
            let dir = tempfile::TempDir::new().unwrap();
            // Random keys print receipts and details (`p`): the copies go to
            // the data directory, which must be the test's, not the user's.
            // SAFETY: this binary has one test, and nothing else in it reads
            // or writes the environment while it is set, once, here.
            for (k, v) in common::home_vars(&dir.path().join("home")) {
                unsafe { std::env::set_var(k, v) };
            }
            let p = common::small_db(dir.path());
            *d = Some((dir, p));
        }
        d.as_ref().unwrap().1.clone()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn random_input_never_panics_and_keeps_the_cursor_inside(inputs in prop::collection::vec(input(), 1..60), lang in prop::bool::ANY) {
        let path = db();
        let mut store = Store::open(&path).unwrap();
        store.set_now(Some(tz().with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap()));
        let op = staff::by_login(store.conn(), &griddesk::cli::config::os_login()).unwrap().unwrap();
        let lang = if lang { Lang::Zh } else { Lang::En };
        let mut app = App::new(lang, Keymap::default_map(), Some(op.clone()));
        let mut size = (80u16, 24u16);
        {
            let mut r = Runner { store: &mut store, lang, operator: Some(op.id) };
            let first = app.start();
            drain(&mut app, &mut r, first);
        }
        for i in inputs {
            if let Input::Resize(w, h) = i {
                size = (w, h);
            }
            let e = app.handle(i);
            let mut r = Runner { store: &mut store, lang, operator: Some(op.id) };
            drain(&mut app, &mut r, e);
            app.quit = false;
            let mut term = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
            term.draw(|f| view::draw(f, &app)).unwrap();
            if app.focused_field_shown() && size.0 >= view::MIN_W && size.1 >= view::MIN_H {
                let p = term.get_cursor_position().unwrap();
                prop_assert!(p.x < size.0 && p.y < size.1, "cursor {p:?} outside {size:?}");
            }
        }
        let r = store.check().unwrap();
        prop_assert!(r.ok(), "{r:?}");
        let data = griddesk::cli::config::data_dir();
        prop_assert!(data.starts_with(std::env::temp_dir()), "{}", data.display());
    }
}
