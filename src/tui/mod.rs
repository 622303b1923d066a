//! The terminal interface. `screens/` holds each screen's state, update and
//! draw; `modal` the popups; `msg` the messages; `app` the shared state and
//! the dispatch; `view` the frame; `effects` runs store work; this file owns
//! the terminal:
//! raw mode, the alternate screen and bracketed paste, always restored — on
//! exit, on error and on panic.

pub mod action;
pub mod app;
pub mod backend;
pub mod ctx;
pub mod draft;
pub mod effects;
pub mod field;
pub mod keymap;
pub mod modal;
pub mod msg;
pub mod screens;
pub mod view;
pub mod widgets;

use crate::i18n::Lang;
use crate::store::Store;
use crate::store::staff::Staff;
use app::App;
use msg::{Effect, Input};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::terminal::{
    self, BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen,
    LeaveAlternateScreen,
};
use ratatui::crossterm::{cursor, execute};
use std::io::{self, Write};
use std::time::Duration;

pub use app::MAX_BUSY_TRIES;
/// How long a write waits for another counter's lock, each try.
pub const BUSY_WAIT: Duration = Duration::from_secs(2);
const RETRY_AFTER: Duration = Duration::from_millis(500);

pub struct UiOptions {
    pub ascii: bool,
    pub color: bool,
}

impl UiOptions {
    /// `NO_COLOR` (any value) turns colours off; the selection still shows.
    pub fn from_env(ascii: bool) -> UiOptions {
        UiOptions {
            ascii: ascii || std::env::var_os("GRIDDESK_ASCII").is_some(),
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
}

fn restore() {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
}

/// Restores the terminal when dropped, whichever way the loop ends.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

fn setup() -> io::Result<Guard> {
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        prev(info);
    }));
    terminal::enable_raw_mode()?;
    let guard = Guard;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    Ok(guard)
}

/// Runs effects until none are left, feeding results back to the app.
pub fn drain(app: &mut App, runner: &mut effects::Runner<'_>, mut pending: Vec<Effect>) {
    // Only the newest search per box matters: an IME commit of several
    // characters arrives as several keys but searches once.
    app.handle(Input::Now(runner.store.now()));
    let mut guard = 0;
    while !pending.is_empty() && guard < 64 {
        guard += 1;
        let mut batch = std::mem::take(&mut pending);
        let mut seen = Vec::new();
        for i in (0..batch.len()).rev() {
            if let Effect::Search { target, .. } = &batch[i] {
                if seen.contains(target) {
                    batch.remove(i);
                } else {
                    seen.push(*target);
                }
            }
        }
        for e in batch {
            let again = e.clone();
            if let Some(loaded) = runner.run(e) {
                if app.retry_busy(&loaded, &again) {
                    continue;
                }
                pending.extend(app.loaded(loaded));
            }
        }
    }
    runner.operator = app.operator.as_ref().map(|s| s.id);
}

pub fn convert(ev: Event) -> Option<Input> {
    match ev {
        Event::Key(k) => Some(Input::Key(k)),
        Event::Paste(s) => Some(Input::Paste(s)),
        Event::Resize(w, h) => Some(Input::Resize(w, h)),
        _ => None,
    }
}

/// The interactive session. Returns when the operator quits.
pub fn run(
    store: &mut Store,
    lang: Lang,
    operator: Option<Staff>,
    opts: UiOptions,
) -> anyhow::Result<()> {
    let (keymap, problems) = keymap::Keymap::load();
    let mut app = App::new(lang, keymap, operator.clone());
    app.ascii = opts.ascii;
    app.color = opts.color;
    if !problems.is_empty() {
        // Reported with the file and the key; the defaults stay in force.
        for p in &problems {
            eprintln!("griddesk: keymap: {p}");
        }
        app.error(format!(
            "{} {}",
            lang.pick(
                "按键配置有误，已用默认按键：",
                "keymap problems, defaults in force:"
            ),
            problems[0]
        ));
    }
    // For the start-up benchmark: leave once the first frame is on the
    // screen ("1"), or once the frame with the start-up loads is ("loaded").
    let bench_exit = std::env::var("GRIDDESK_EXIT_AFTER_FIRST_FRAME").ok();
    let _guard = setup()?;
    let mut term = Terminal::new(backend::Thin::new(io::stdout()))?;
    // Cleared without `Terminal::clear`, which first asks the terminal
    // where its cursor is and waits for the answer: a round trip (2.7 ms
    // in tmux, a network round trip over ssh) before the first frame.
    term.backend_mut()
        .clear_region(ratatui::backend::ClearType::All)?;
    let size = term.size()?;
    app.size = (size.width, size.height);
    app.handle(Input::Now(store.now()));
    // The first frame goes out before any database work: the Today screen
    // with its lists "loading…". The shift start (a write, and its fsync
    // when no shift is open) and the start-up queries follow at once, and
    // the next frame shows their result.
    draw(&mut term, &app)?;
    if bench_exit.as_deref().is_some_and(|v| v != "loaded") {
        return Ok(());
    }
    if let Some(op) = &operator {
        store.start_shift(op.id)?;
    }
    store.set_busy_timeout(BUSY_WAIT)?;
    let mut runner = effects::Runner {
        store,
        lang,
        operator: operator.map(|o| o.id),
    };
    let first = app.start();
    drain(&mut app, &mut runner, first);
    // A form left by a dropped connection is offered back.
    let draft_path = draft::path(&crate::cli::config::os_login());
    let db_path = runner.store.path().to_path_buf();
    let offered = if app.operator.is_some() {
        draft::load(&draft_path, &db_path)
    } else {
        None
    };
    if let Some(d) = offered.clone() {
        app.modal = Some(modal::Modal::Confirm {
            text: lang
                .pick(
                    "上次连接中断时有未保存的登记表，是否恢复？",
                    "A register form was left unsaved when the last session dropped. Restore it?",
                )
                .to_string(),
            purpose: modal::ConfirmFor::RestoreDraft(Box::new(d)),
        });
    }
    // What is on disk now; declining the offer clears it on the next input.
    let mut last_draft: Option<draft::Draft> = offered;
    let mut tuned = false;
    loop {
        draw(&mut term, &app)?;
        if app.quit || bench_exit.is_some() {
            break;
        }
        if !tuned {
            // Once the screen is complete: the planner's statistics, as
            // SQLite advises for a long-lived connection. Only a speed-up:
            // a failure (another counter holding the lock) changes nothing.
            tuned = true;
            let _ = runner.store.optimize_long_lived();
        }
        // Redraw on input only: wait for an event, then take all that
        // queued. A pending retry is the one timer.
        let mut effects = Vec::new();
        if app.retry.is_some() && !event::poll(RETRY_AFTER)? {
            let again = app.retry.take().into_iter().collect();
            drain(&mut app, &mut runner, again);
            continue;
        }
        let first = event::read()?;
        let mut batch = vec![first];
        while event::poll(Duration::ZERO)? {
            batch.push(event::read()?);
        }
        for ev in batch {
            if let Some(i) = convert(ev) {
                effects.extend(app.handle(i));
            }
        }
        drain(&mut app, &mut runner, effects);
        // Keep the form on disk while it holds something: SIGHUP kills
        // the process with no chance to save.
        let now = draft::Draft::of(&app.register, &db_path);
        let offering = matches!(
            app.modal,
            Some(modal::Modal::Confirm {
                purpose: modal::ConfirmFor::RestoreDraft(_),
                ..
            })
        );
        if now != last_draft && !offering {
            draft::save(&draft_path, now.as_ref());
            last_draft = now;
        }
    }
    drop(term);
    draft::save(
        &draft_path,
        draft::Draft::of(&app.register, &db_path).as_ref(),
    );
    Ok(())
}

fn draw<B: Backend + Write>(term: &mut Terminal<B>, app: &App) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    execute!(term.backend_mut(), BeginSynchronizedUpdate)?;
    term.draw(|f| view::draw(f, app))?;
    execute!(term.backend_mut(), EndSynchronizedUpdate)?;
    Ok(())
}
