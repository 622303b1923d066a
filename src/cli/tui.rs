//! `griddesk [--db PATH]` and `griddesk --demo`: the screens. Also
//! `griddesk keys`, the keymap in force.

use super::{CliResult, Ctx, Failure, config};
use crate::i18n::{Msg, tr};
use crate::store::staff;
use crate::tui::keymap::Keymap;
use crate::tui::{self, UiOptions};
use std::io::IsTerminal;

/// The locale must be UTF-8, or Chinese turns to garbage. Says what to set.
pub fn check_locale(_ctx: &Ctx) -> CliResult {
    let v = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_default();
    let low = v.to_ascii_lowercase();
    if std::env::var_os("GRIDDESK_ANY_LOCALE").is_none()
        && !(low.contains("utf-8") || low.contains("utf8"))
    {
        let shown = if v.is_empty() {
            "LANG unset".to_string()
        } else {
            v.chars()
                .map(|c| if c.is_ascii_graphic() { c } else { '?' })
                .collect()
        };
        // In ASCII whatever the language: this terminal cannot show UTF-8
        // Chinese, and its own encoding is not known.
        return Err(Failure::usage(tr(
            &Msg::NonUtf8Locale(shown),
            crate::i18n::Lang::En,
        )));
    }
    Ok(())
}

pub fn run(ctx: &Ctx, ascii: bool) -> CliResult {
    check_locale(ctx)?;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Failure::usage(ctx.lang.pick(
            "griddesk 的界面需要在终端中运行；脚本请用子命令（griddesk --help）",
            "the screens need a terminal; scripts use the subcommands (griddesk --help)",
        )));
    }
    let mut store = ctx.open()?;
    let login = config::os_login();
    let operator = store
        .read(|c| staff::by_login(c, &login))
        .map_err(|e| ctx.fail(e))?
        .filter(|s| s.active);
    tui::run(&mut store, ctx.lang, operator, UiOptions::from_env(ascii))
        .map_err(|e| Failure::runtime(e.to_string()))?;
    store.close();
    Ok(())
}

/// `griddesk keys`: every binding in force, and any problem in the user file.
pub fn keys(ctx: &Ctx) -> CliResult {
    let (km, problems) = Keymap::load();
    let l = ctx.lang;
    println!(
        "# {} ({})",
        l.pick("按键", "keymap"),
        if problems.is_empty() {
            km.name.clone()
        } else {
            "default".into()
        }
    );
    for (section, binds) in km.listing() {
        println!("[{}]", section.name());
        for (k, a) in binds {
            println!("  {:<12} {:<14} {}", k, a.name(), a.label(l));
        }
    }
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("griddesk: keymap: {p}");
        }
        return Err(Failure::usage(l.pick(
            "按键配置有误，已用默认按键",
            "keymap problems; the defaults are in force",
        )));
    }
    Ok(())
}

/// `griddesk handover [--print]`: the current or last shift's handover.
pub fn handover(ctx: &Ctx, print: bool) -> CliResult {
    let store = ctx.open_read()?;
    let now = store.now();
    let login = config::os_login();
    let me = store
        .read(|c| staff::by_login(c, &login))
        .map_err(|e| ctx.fail(e))?;
    let text = store
        .read(|c| {
            // The shift just ended (waiting to be accepted) comes first:
            // `handover --print` after `shift end` prints that one.
            let shift = match &me {
                Some(s) => crate::store::views::handover_shift(c, s.id)?,
                None => crate::store::views::last_shift(c, None)?,
            };
            match shift {
                Some(s) => Ok(Some(crate::printout::handover_text(
                    &crate::store::views::handover(c, &s, now)?,
                    ctx.lang,
                ))),
                None => Ok(None),
            }
        })
        .map_err(|e| ctx.fail(e))?;
    let Some(text) = text else {
        println!("{}", ctx.lang.pick("还没有班次", "no shift yet"));
        return Ok(());
    };
    print!("{text}");
    if print {
        eprintln!("{}", crate::printout::print("handover", &text, ctx.lang));
    }
    Ok(())
}
