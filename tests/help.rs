//! The command line's help in the user's language, its choices, shell
//! completions and the man page, as the real binary prints them.
//! (That every subcommand and argument has both languages and an example
//! is checked over the whole command tree in src/main.rs's tests.)

mod common;

use common::{bin, stderr, stdout};
use std::process::Output;
use tempfile::TempDir;

/// Help lines are kept whole on a pipe without COLUMNS.
fn with_lang(lang: &str, args: &[&str]) -> Output {
    bin()
        .env("LANG", lang)
        .env_remove("COLUMNS")
        .args(args)
        .output()
        .unwrap()
}

/// The headings clap prints in English, and their Chinese.
const EN_HEADINGS: [&str; 5] = ["Usage:", "Options:", "Commands:", "Print help", "[OPTIONS]"];
const ZH_HEADINGS: [&str; 5] = ["用法：", "选项：", "命令：", "显示帮助", "[选项]"];

fn assert_zh(text: &str) {
    for h in ZH_HEADINGS {
        assert!(text.contains(h), "{h:?} missing:\n{text}");
    }
    // Every Chinese heading ends with the full-width colon.
    for h in ["用法:", "选项:", "命令:", "参数:", "示例:"] {
        assert!(!text.contains(h), "{h:?} with an ASCII colon:\n{text}");
    }
    for h in EN_HEADINGS {
        assert!(!text.contains(h), "{h:?} in the Chinese help:\n{text}");
    }
    assert!(text.contains("受理一件诉求，打印受理编号"), "{text}");
    assert!(text.contains("示例："), "{text}");
}

#[test]
fn help_is_chinese_under_a_chinese_locale() {
    let o = with_lang("zh_CN.UTF-8", &["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert_zh(&stdout(&o));
}

#[test]
fn help_is_chinese_with_lang_zh_whatever_the_locale() {
    for args in [
        &["--lang", "zh", "--help"][..],
        &["--lang=zh", "-h"][..],
        &["--lang", "zh", "help"][..],
    ] {
        let o = with_lang("C", args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert_zh(&stdout(&o));
    }
}

#[test]
fn help_is_english_under_c_and_with_lang_en() {
    for (lang, args) in [
        ("C", &["--help"][..]),
        ("zh_CN.UTF-8", &["--lang", "en", "--help"][..]),
    ] {
        let o = with_lang(lang, args);
        assert_eq!(o.status.code(), Some(0), "{lang} {args:?}");
        let text = stdout(&o);
        for h in EN_HEADINGS {
            assert!(text.contains(h), "{h:?} missing:\n{text}");
        }
        assert!(text.contains("Register a request"), "{text}");
        assert!(text.contains("Examples:"), "{text}");
        assert!(!text.contains("受理一件诉求"), "{text}");
    }
}

#[test]
fn the_configs_language_is_taken_when_no_flag_is_given() {
    let dir = TempDir::new().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "lang = \"zh\"\n").unwrap();
    let o = bin()
        .env("GRIDDESK_CONFIG", &cfg)
        .env("LANG", "C")
        .arg("--help")
        .output()
        .unwrap();
    assert_zh(&stdout(&o));
    let o = bin()
        .env("GRIDDESK_CONFIG", &cfg)
        .args(["--lang", "en", "--help"])
        .output()
        .unwrap();
    assert!(stdout(&o).contains("Usage:"), "{}", stdout(&o));
}

/// A subcommand's page, by `SUB --help` and by `help SUB`: its own
/// arguments described with an example, its choices listed, in each
/// language.
#[test]
fn a_subcommands_help_describes_its_arguments_and_lists_the_choices() {
    for args in [
        &["export", "requests", "--help"][..],
        &["help", "export", "requests"][..],
    ] {
        let zh = stdout(&with_lang("zh_CN.UTF-8", args));
        assert!(zh.contains("用法：griddesk export requests"), "{zh}");
        assert!(zh.contains("受理日期起，如 --from 2026-01-01"), "{zh}");
        assert!(zh.contains("可选：csv、json、xlsx；默认：csv"), "{zh}");
        assert!(
            zh.contains("griddesk export requests --from 2026-01-01"),
            "{zh}"
        );
        let en = stdout(&with_lang("C", args));
        assert!(
            en.contains("First day registered, e.g. --from 2026-01-01"),
            "{en}"
        );
        assert!(en.contains("[possible values: csv, json, xlsx]"), "{en}");
    }
    let zh = stdout(&with_lang("zh_CN.UTF-8", &["register", "--help"]));
    assert!(
        zh.contains("地址或户号，如 锦华家园 3-2-501"),
        "the household's description: {zh}"
    );
    assert!(zh.contains("可选：walk-in、phone、visit、referred"), "{zh}");
    let zh = stdout(&with_lang("zh_CN.UTF-8", &["find", "--help"]));
    assert!(
        zh.contains("参数：") && !zh.contains("参数:"),
        "positionals under their heading: {zh}"
    );
    assert!(!zh.contains("Arguments:"), "{zh}");
}

#[test]
fn a_value_not_among_the_choices_exits_2_listing_them() {
    for (args, want) in [
        (
            &["export", "requests", "--format", "pdf"][..],
            "--format pdf: one of csv, json, xlsx",
        ),
        (
            &["export", "report", "--format", "pdf"][..],
            "--format pdf: one of md, csv, json, xlsx",
        ),
        (
            &["export", "grid", "--format", "json"][..],
            "--format json: one of csv, xlsx",
        ),
        (
            &["demo", "--scale", "huge"][..],
            "--scale huge: one of small, district, large",
        ),
        (
            &[
                "register",
                "--category",
                "x",
                "--text",
                "y",
                "--channel",
                "fax",
            ][..],
            "--channel fax: one of walk-in, phone, visit, referred",
        ),
    ] {
        let o = with_lang("C", args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    }
    let o = with_lang("zh_CN.UTF-8", &["export", "requests", "--format", "pdf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--format pdf：应为 csv、json、xlsx 之一"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn usage_errors_are_in_the_users_language_and_exit_2() {
    let o = with_lang("zh_CN.UTF-8", &["find", "x", "--limitt", "3"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("没有这个选项：--limitt（是不是 --limit？）"),
        "{err}"
    );
    assert!(err.contains("用法：griddesk find"), "{err}");
    assert!(!err.contains("Usage:"), "{err}");
    let o = with_lang("zh_CN.UTF-8", &["find"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("缺少必需的参数：<QUERY>"),
        "{}",
        stderr(&o)
    );
    let o = with_lang("C", &["find", "x", "--limitt", "3"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Usage:"), "{}", stderr(&o));
    // A command's help asked for is not an error.
    let o = with_lang("C", &["staff", "--help"]);
    assert_eq!(o.status.code(), Some(0));
}

/// The names a completion script must offer.
const SUBCOMMANDS: [&str; 6] = [
    "find",
    "register",
    "export",
    "follow-up",
    "completions",
    "man",
];

#[test]
fn bash_completions_define_the_completion_function() {
    let o = with_lang("C", &["completions", "bash"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let script = stdout(&o);
    assert!(script.contains("_griddesk() {"), "{script}");
    assert!(script.contains("complete -F _griddesk"), "{script}");
    for s in SUBCOMMANDS {
        assert!(script.contains(s), "{s} missing");
    }
    // Every export format is offered after --format.
    assert!(script.contains("csv json xlsx"), "requests' formats");
    match std::process::Command::new("bash")
        .arg("-n")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        Ok(mut child) => {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(script.as_bytes())
                .unwrap();
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "bash -n: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Err(_) => eprintln!("SKIPPED: bash -n (no bash on this machine)"),
    }
}

#[test]
fn zsh_and_fish_completions_name_the_subcommands_in_the_users_language() {
    for shell in ["zsh", "fish"] {
        let o = with_lang("C", &["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        for s in SUBCOMMANDS {
            assert!(script.contains(s), "{shell}: {s} missing");
        }
        assert!(script.contains("Register a request"), "{shell}");
        let zh = stdout(&with_lang("zh_CN.UTF-8", &["completions", shell]));
        assert!(zh.contains("受理一件诉求"), "{shell}: {zh}");
    }
    assert!(stdout(&with_lang("C", &["completions", "zsh"])).starts_with("#compdef griddesk"));
    let o = with_lang("C", &["completions", "powershell"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("one of bash, zsh, fish"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_man_page_is_roff_naming_the_subcommands() {
    let o = with_lang("C", &["man"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = stdout(&o);
    // clap_mangen opens with two lines defining \*(Aq; then the title.
    let first_macro = page
        .lines()
        .find(|l| !l.starts_with(".ie") && !l.starts_with(".el"))
        .unwrap_or("");
    assert!(first_macro.starts_with(".TH griddesk 1"), "{page}");
    assert!(page.contains(".SH NAME"), "{page}");
    for s in SUBCOMMANDS {
        // roff escapes every dash.
        let name = format!("griddesk-{s}").replace('-', "\\-");
        assert!(page.contains(&name), "{name} missing:\n{page}");
    }
    let zh = stdout(&with_lang("zh_CN.UTF-8", &["man"]));
    assert!(zh.contains("社区党群服务站窗口终端"), "{zh}");
    assert!(zh.contains("受理一件诉求"), "{zh}");
}

/// Completions and the man page need no database and no config.
#[test]
fn completions_and_man_work_without_a_database() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("none.db");
    for args in [&["completions", "bash"][..], &["man"][..]] {
        let o = bin().arg("--db").arg(&missing).args(args).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(!missing.exists());
    }
}

/// At 80 columns every help page, in both languages, fits: no line wider
/// than 80 display columns (a Chinese character counts two).
#[test]
fn every_help_page_fits_80_columns_in_both_languages() {
    use unicode_width::UnicodeWidthStr;
    let mut paths: Vec<&str> = griddesk::cli::help_zh::EXAMPLES
        .lines()
        .filter_map(|l| l.split_once('|').map(|(p, _)| p))
        .collect();
    paths.dedup();
    assert!(paths.len() > 50, "{paths:?}");
    let mut pages = 0;
    for lang in ["zh", "en"] {
        for path in &paths {
            let mut args = vec!["--lang", lang];
            if *path != "." {
                args.extend(path.split(' '));
            }
            args.push("--help");
            let o = bin().env("COLUMNS", "80").args(&args).output().unwrap();
            assert_eq!(o.status.code(), Some(0), "{args:?}");
            let page = stdout(&o);
            for line in page.lines() {
                assert!(
                    line.width() <= 80,
                    "{args:?}: {} wide: {line}",
                    line.width()
                );
            }
            pages += 1;
        }
    }
    assert!(pages > 100);
    // Cut, not lost: the Chinese description of --household is all there.
    let o = bin()
        .env("COLUMNS", "80")
        .args(["--lang", "zh", "register", "--help"])
        .output()
        .unwrap();
    let joined: String = stdout(&o).split_whitespace().collect();
    assert!(
        joined.contains("地址或户号，如锦华家园3-2-501或锦华家园3号楼2单元501"),
        "{joined}"
    );
}
