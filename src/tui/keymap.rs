//! Keymaps: the embedded default, the vim preset, and the user's file on
//! top, key by key. A broken user file is reported with the file and the
//! key, and the defaults stay in force.

use super::action::Act;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub const DEFAULT: &str = include_str!("../../keymaps/default.toml");
pub const VIM: &str = include_str!("../../keymaps/vim.toml");
pub const PRESETS: &[(&str, &str)] = &[("default", DEFAULT), ("vim", VIM)];

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Global,
    Today,
    Register,
    Lookup,
    Requests,
    Handover,
    Reports,
    Chart,
    Admin,
    Decisions,
    Party,
}

impl Section {
    pub const ALL: [Section; 11] = [
        Section::Global,
        Section::Today,
        Section::Register,
        Section::Lookup,
        Section::Requests,
        Section::Handover,
        Section::Reports,
        Section::Chart,
        Section::Admin,
        Section::Decisions,
        Section::Party,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Section::Global => "global",
            Section::Today => "today",
            Section::Register => "register",
            Section::Lookup => "lookup",
            Section::Requests => "requests",
            Section::Handover => "handover",
            Section::Reports => "reports",
            Section::Chart => "chart",
            Section::Admin => "admin",
            Section::Decisions => "decisions",
            Section::Party => "party",
        }
    }
    fn parse(s: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|x| x.name() == s)
    }
}

/// One key press, normalised: a character carries its own case, so Shift
/// is dropped from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
}

/// `KeyCode` with an order, for stable listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyCodeOrd {
    F(u8),
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Insert,
}

impl Key {
    pub fn from_event(e: &KeyEvent) -> Option<Key> {
        let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
        let code = match e.code {
            KeyCode::F(n) => KeyCodeOrd::F(n),
            KeyCode::Char(c) => KeyCodeOrd::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            KeyCode::Enter => KeyCodeOrd::Enter,
            KeyCode::Esc => KeyCodeOrd::Esc,
            KeyCode::Tab if e.modifiers.contains(KeyModifiers::SHIFT) => KeyCodeOrd::BackTab,
            KeyCode::Tab => KeyCodeOrd::Tab,
            KeyCode::BackTab => KeyCodeOrd::BackTab,
            KeyCode::Backspace => KeyCodeOrd::Backspace,
            KeyCode::Delete => KeyCodeOrd::Delete,
            KeyCode::Up => KeyCodeOrd::Up,
            KeyCode::Down => KeyCodeOrd::Down,
            KeyCode::Left => KeyCodeOrd::Left,
            KeyCode::Right => KeyCodeOrd::Right,
            KeyCode::PageUp => KeyCodeOrd::PageUp,
            KeyCode::PageDown => KeyCodeOrd::PageDown,
            KeyCode::Home => KeyCodeOrd::Home,
            KeyCode::End => KeyCodeOrd::End,
            KeyCode::Insert => KeyCodeOrd::Insert,
            _ => return None,
        };
        Some(Key { code, ctrl })
    }

    /// `F1`, `Ctrl+s`, `Enter`, `a`, `Space`, `?`.
    pub fn parse(s: &str) -> Option<Key> {
        let (ctrl, rest) = match s.split_once('+') {
            Some((m, r)) if m.eq_ignore_ascii_case("ctrl") && !r.is_empty() => (true, r),
            _ => (false, s),
        };
        let code = match rest {
            "Enter" | "enter" | "Return" => KeyCodeOrd::Enter,
            "Esc" | "esc" | "Escape" => KeyCodeOrd::Esc,
            "Tab" | "tab" => KeyCodeOrd::Tab,
            "BackTab" | "Shift+Tab" => KeyCodeOrd::BackTab,
            "Backspace" => KeyCodeOrd::Backspace,
            "Delete" | "Del" => KeyCodeOrd::Delete,
            "Up" => KeyCodeOrd::Up,
            "Down" => KeyCodeOrd::Down,
            "Left" => KeyCodeOrd::Left,
            "Right" => KeyCodeOrd::Right,
            "PageUp" => KeyCodeOrd::PageUp,
            "PageDown" => KeyCodeOrd::PageDown,
            "Home" => KeyCodeOrd::Home,
            "End" => KeyCodeOrd::End,
            "Insert" => KeyCodeOrd::Insert,
            "Space" | "space" => KeyCodeOrd::Char(' '),
            f if f.len() >= 2
                && f.starts_with(['F', 'f'])
                && f[1..].bytes().all(|b| b.is_ascii_digit()) =>
            {
                let n: u8 = f[1..].parse().ok()?;
                if !(1..=12).contains(&n) {
                    return None;
                }
                KeyCodeOrd::F(n)
            }
            c if c.chars().count() == 1 => {
                let ch = c.chars().next()?;
                KeyCodeOrd::Char(if ctrl { ch.to_ascii_lowercase() } else { ch })
            }
            _ => return None,
        };
        // Ctrl+i is Tab and Ctrl+m is Enter in a terminal: refuse them.
        if ctrl && matches!(code, KeyCodeOrd::Char('i' | 'm' | '[')) {
            return None;
        }
        Some(Key { code, ctrl })
    }

    /// A plain character that a text field would take.
    pub fn is_text(&self) -> bool {
        !self.ctrl && matches!(self.code, KeyCodeOrd::Char(_))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl+")?;
        }
        match self.code {
            KeyCodeOrd::F(n) => write!(f, "F{n}"),
            KeyCodeOrd::Char(' ') => f.write_str("Space"),
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// A sequence of keys: one key, or a chord such as `g g`.
pub type Chord = Vec<Key>;

fn chord_text(c: &Chord) -> String {
    c.iter().map(Key::to_string).collect::<Vec<_>>().join(" ")
}

/// A problem in a keymap file, with the file and the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub section: String,
    pub key: String,
    pub what: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: [{}] {}: {}",
            self.file, self.section, self.key, self.what
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    pub name: String,
    map: BTreeMap<Section, BTreeMap<Chord, Act>>,
}

/// What a key press means, given the keys pressed before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Act(Act),
    /// The start of a chord: wait for the next key.
    Pending,
    None,
}

/// Actions that must keep a key, or staff could be locked in or out.
pub const ESSENTIAL: &[Act] = &[
    Act::Quit,
    Act::Help,
    Act::Today,
    Act::Register,
    Act::Lookup,
    Act::Requests,
    Act::Handover,
    Act::Reports,
    Act::Save,
    Act::Select,
    Act::Back,
    Act::Up,
    Act::Down,
];

fn apply(
    map: &mut BTreeMap<Section, BTreeMap<Chord, Act>>,
    file: &str,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            problems.push(Problem {
                file: file.into(),
                section: "-".into(),
                key: "-".into(),
                what: e.to_string().trim().replace('\n', " "),
            });
            return None;
        }
    };
    let mut preset = None;
    for (sec_name, value) in &table {
        if sec_name == "preset" {
            match value.as_str() {
                Some(p) if PRESETS.iter().any(|(n, _)| *n == p) => preset = Some(p.to_string()),
                _ => problems.push(Problem {
                    file: file.into(),
                    section: "-".into(),
                    key: "preset".into(),
                    what: format!(
                        "unknown preset (known: {})",
                        PRESETS.iter().map(|p| p.0).collect::<Vec<_>>().join(", ")
                    ),
                }),
            }
            continue;
        }
        let Some(section) = Section::parse(sec_name) else {
            problems.push(Problem {
                file: file.into(),
                section: sec_name.clone(),
                key: "-".into(),
                what: "unknown section".into(),
            });
            continue;
        };
        let Some(entries) = value.as_table() else {
            problems.push(Problem {
                file: file.into(),
                section: sec_name.clone(),
                key: "-".into(),
                what: "not a table of key = \"action\"".into(),
            });
            continue;
        };
        let target = map.entry(section).or_default();
        for (key_text, action) in entries {
            let chord: Option<Chord> = key_text.split_whitespace().map(Key::parse).collect();
            let chord = match chord {
                Some(c) if !c.is_empty() && c.len() <= 2 => c,
                _ => {
                    problems.push(Problem {
                        file: file.into(),
                        section: sec_name.clone(),
                        key: key_text.clone(),
                        what: "not a key this terminal can send".into(),
                    });
                    continue;
                }
            };
            match action.as_str() {
                Some("no_op") => {
                    target.remove(&chord);
                }
                Some(a) => match Act::from_name(a) {
                    Some(act) => {
                        target.insert(chord, act);
                    }
                    None => problems.push(Problem {
                        file: file.into(),
                        section: sec_name.clone(),
                        key: key_text.clone(),
                        what: format!("unknown action \"{a}\""),
                    }),
                },
                None => problems.push(Problem {
                    file: file.into(),
                    section: sec_name.clone(),
                    key: key_text.clone(),
                    what: "the action must be a string".into(),
                }),
            }
        }
    }
    preset
}

impl Keymap {
    fn from_text(name: &str, files: &[(&str, &str)]) -> Result<Keymap, Vec<Problem>> {
        let mut map = BTreeMap::new();
        let mut problems = Vec::new();
        for (file, text) in files {
            apply(&mut map, file, text, &mut problems);
        }
        let km = Keymap {
            name: name.into(),
            map,
        };
        problems.extend(km.validate(files.last().map(|f| f.0).unwrap_or("-")));
        if problems.is_empty() {
            Ok(km)
        } else {
            Err(problems)
        }
    }

    /// The embedded default.
    pub fn default_map() -> Keymap {
        Keymap::from_text("default", &[("keymaps/default.toml", DEFAULT)])
            .expect("the embedded default keymap is valid (tested)")
    }

    pub fn preset(name: &str) -> Option<Result<Keymap, Vec<Problem>>> {
        let text = PRESETS.iter().find(|(n, _)| *n == name)?.1;
        if name == "default" {
            return Some(Ok(Keymap::default_map()));
        }
        Some(Keymap::from_text(
            name,
            &[
                ("keymaps/default.toml", DEFAULT),
                (&format!("keymaps/{name}.toml"), text),
            ],
        ))
    }

    /// The default (or the preset the user file names) with the user's keys
    /// on top. On any problem, the problems and the default keymap.
    pub fn with_user_file(path: &Path, text: &str) -> (Keymap, Vec<Problem>) {
        let file = path.display().to_string();
        let mut probe = BTreeMap::new();
        let mut problems = Vec::new();
        let preset = apply(&mut probe, &file, text, &mut problems);
        if !problems.is_empty() {
            return (Keymap::default_map(), problems);
        }
        let mut files: Vec<(String, &str)> = vec![("keymaps/default.toml".into(), DEFAULT)];
        if let Some(p) = &preset
            && p != "default"
        {
            let t = PRESETS
                .iter()
                .find(|(n, _)| n == p)
                .map(|x| x.1)
                .unwrap_or("");
            files.push((format!("keymaps/{p}.toml"), t));
        }
        files.push((file, text));
        let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), *b)).collect();
        match Keymap::from_text("user", &refs) {
            Ok(k) => (k, Vec::new()),
            Err(p) => (Keymap::default_map(), p),
        }
    }

    /// The user's keymap file, if any: `~/.config/griddesk/keymap.toml`.
    pub fn user_path() -> PathBuf {
        use etcetera::BaseStrategy;
        if let Some(p) = std::env::var_os("GRIDDESK_KEYMAP") {
            return PathBuf::from(p);
        }
        match etcetera::choose_base_strategy() {
            Ok(s) => s.config_dir().join("griddesk").join("keymap.toml"),
            Err(_) => PathBuf::from(".griddesk-keymap.toml"),
        }
    }

    /// Loads the keymap in force: the user file if present and valid.
    pub fn load() -> (Keymap, Vec<Problem>) {
        let p = Keymap::user_path();
        match std::fs::read_to_string(&p) {
            Ok(t) => Keymap::with_user_file(&p, &t),
            Err(_) => (Keymap::default_map(), Vec::new()),
        }
    }

    /// The bindings in force on a screen: global plus the screen's.
    pub fn screen(&self, s: Section) -> Vec<(Chord, Act)> {
        let mut v: Vec<(Chord, Act)> = Vec::new();
        for sec in [Section::Global, s] {
            if let Some(m) = self.map.get(&sec) {
                for (c, a) in m {
                    v.push((c.clone(), *a));
                }
            }
            if s == Section::Global {
                break;
            }
        }
        v
    }

    fn validate(&self, file: &str) -> Vec<Problem> {
        let mut out = Vec::new();
        let global = self.map.get(&Section::Global).cloned().unwrap_or_default();
        for s in Section::ALL {
            let own = self.map.get(&s).cloned().unwrap_or_default();
            if s != Section::Global {
                for (c, a) in &own {
                    if let Some(g) = global.get(c)
                        && g != a
                    {
                        out.push(Problem {
                            file: file.into(),
                            section: s.name().into(),
                            key: chord_text(c),
                            what: format!(
                                "used twice on this screen: \"{}\" here and \"{}\" in [global]",
                                a.name(),
                                g.name()
                            ),
                        });
                    }
                }
            }
            let all: Vec<(Chord, Act)> = self.screen(s);
            for (c, _) in all.iter().filter(|(c, _)| c.len() > 1) {
                if all.iter().any(|(d, _)| d.len() == 1 && d[0] == c[0]) {
                    out.push(Problem {
                        file: file.into(),
                        section: s.name().into(),
                        key: chord_text(c),
                        what: format!("shadowed: the single key {} is bound too", c[0]),
                    });
                }
            }
        }
        for a in ESSENTIAL {
            if !global.values().any(|x| x == a) {
                out.push(Problem {
                    file: file.into(),
                    section: "global".into(),
                    key: "-".into(),
                    what: format!("\"{}\" has no key", a.name()),
                });
            }
        }
        out.sort_by(|a, b| (&a.section, &a.key, &a.what).cmp(&(&b.section, &b.key, &b.what)));
        out.dedup();
        out
    }

    pub fn lookup(&self, s: Section, pending: &[Key], key: Key) -> Lookup {
        let mut chord: Chord = pending.to_vec();
        chord.push(key);
        let mut prefix = false;
        for (c, a) in self.screen(s) {
            if c == chord {
                return Lookup::Act(a);
            }
            if c.len() > chord.len() && c[..chord.len()] == chord[..] {
                prefix = true;
            }
        }
        if prefix {
            Lookup::Pending
        } else {
            Lookup::None
        }
    }

    /// Keys for an action on a screen, as shown in help and the footer.
    pub fn keys_for(&self, s: Section, a: Act) -> Vec<String> {
        let mut v: Vec<(Chord, Act)> = self
            .screen(s)
            .into_iter()
            .filter(|(_, x)| *x == a)
            .collect();
        // F-keys and Ctrl keys first: they work in every field.
        v.sort_by_key(|(c, _)| {
            (
                !matches!(c[0].code, KeyCodeOrd::F(_)),
                !c[0].ctrl,
                c.clone(),
            )
        });
        v.iter().map(|(c, _)| chord_text(c)).collect()
    }

    /// The screen's bindings grouped by action, in action order.
    pub fn help(&self, s: Section) -> Vec<(Act, Vec<String>)> {
        let mut acts: Vec<Act> = self.screen(s).into_iter().map(|(_, a)| a).collect();
        acts.sort();
        acts.dedup();
        acts.into_iter().map(|a| (a, self.keys_for(s, a))).collect()
    }

    /// Every section, for `griddesk keys`.
    pub fn listing(&self) -> Vec<(Section, Vec<(String, Act)>)> {
        self.map
            .iter()
            .map(|(s, m)| (*s, m.iter().map(|(c, a)| (chord_text(c), *a)).collect()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_keymap_parses_and_validates() {
        let d = Keymap::default_map();
        assert_eq!(
            d.lookup(Section::Requests, &[], Key::parse("a").unwrap()),
            Lookup::Act(Act::Assign)
        );
        assert_eq!(
            d.lookup(Section::Today, &[], Key::parse("F4").unwrap()),
            Lookup::Act(Act::Requests)
        );
        for (name, _) in PRESETS {
            Keymap::preset(name)
                .unwrap()
                .unwrap_or_else(|p| panic!("{name}: {p:?}"));
        }
        let vim = Keymap::preset("vim").unwrap().unwrap();
        let g = Key::parse("g").unwrap();
        assert_eq!(vim.lookup(Section::Requests, &[], g), Lookup::Pending);
        assert_eq!(
            vim.lookup(Section::Requests, &[g], g),
            Lookup::Act(Act::Top)
        );
        assert_eq!(
            vim.lookup(Section::Requests, &[], Key::parse("H").unwrap()),
            Lookup::Act(Act::CustodyOut)
        );
    }

    #[test]
    fn keys_parse_and_print() {
        for k in [
            "F1", "Ctrl+s", "Enter", "a", "G", "?", "Space", "BackTab", "PageDown",
        ] {
            assert_eq!(Key::parse(k).unwrap().to_string(), k);
        }
        assert!(Key::parse("Ctrl+i").is_none());
        assert!(Key::parse("F13").is_none());
        assert!(Key::parse("Hyper+x").is_none());
    }
}
