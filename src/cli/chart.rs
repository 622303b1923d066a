//! `griddesk chart BUILDING [--json] [--ascii]`: the building chart (楼盘表)
//! as text, for a phone over SSH; the same layout as the screen's.

use super::{CliResult, Ctx, Failure};
use crate::chart_text::{Look, layout};
use crate::store::chart::{chart, resolve_building};
use std::io::{IsTerminal, Write};

/// The width to draw at: `COLUMNS`, else the terminal's, else 80.
fn width() -> usize {
    if let Some(w) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|w| *w > 0)
    {
        return w;
    }
    if std::io::stdout().is_terminal()
        && let Ok((w, _)) = ratatui::crossterm::terminal::size()
        && w > 0
    {
        return w as usize;
    }
    80
}

/// Exit 0 with the chart; 2 when the building is unknown (the closest
/// named) or several match (the candidates listed).
pub fn run(ctx: &Ctx, building: &str, json: bool, ascii: bool) -> CliResult {
    let mut store = ctx.open_read()?;
    let now = store.now();
    let cal = store.calendar().map_err(|e| ctx.fail(e))?.clone();
    let c = store
        .read(|conn| {
            let node = resolve_building(conn, building)?;
            chart(conn, node.id, now, &cal)
        })
        .map_err(|e| ctx.fail(e))?;
    let mut out = std::io::stdout().lock();
    if json {
        let s = serde_json::to_string_pretty(&c).map_err(|e| Failure::runtime(e.to_string()))?;
        let _ = writeln!(out, "{s}");
        return Ok(());
    }
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let text = layout(&c, width(), ctx.lang, Look { ascii, color });
    let _ = out.write_all(if color { text.ansi() } else { text.plain() }.as_bytes());
    Ok(())
}
