//! `griddesk check` and `griddesk backup DEST`.

use super::{CliResult, Ctx, Failure};
use crate::i18n::{Msg, tr};
use std::path::Path;

pub fn check(ctx: &Ctx, json: bool) -> CliResult {
    let store = ctx.open_read()?;
    let r = store.check().map_err(|e| ctx.fail(e))?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&r).map_err(|e| Failure::runtime(e.to_string()))?
        );
    } else {
        println!("schema {} / {}", r.schema_version, r.supported_version);
        println!("integrity_check: {}", r.integrity.join("; "));
        println!(
            "foreign_key_check: {}",
            if r.foreign_key_errors.is_empty() {
                "ok".to_string()
            } else {
                crate::i18n::count(r.foreign_key_errors.len() as u64, "row", "rows")
            }
        );
        println!(
            "households {}  residents {}  requests {}  events {}",
            r.households, r.residents, r.requests, r.events
        );
    }
    if r.ok() {
        println!("{}", tr(&Msg::CheckOk, ctx.lang));
        Ok(())
    } else {
        Err(Failure::runtime(tr(&Msg::CheckFailed, ctx.lang)))
    }
}

pub fn backup(ctx: &Ctx, dest: &Path) -> CliResult {
    ctx.output_file(dest)?;
    let store = ctx.open_read()?;
    let bytes = store.backup(dest).map_err(|e| ctx.fail(e))?;
    println!(
        "{}",
        tr(
            &Msg::BackupDone {
                path: dest.display().to_string(),
                bytes
            },
            ctx.lang
        )
    );
    Ok(())
}
