//! Every shipped keymap parses and validates; each broken fixture is
//! reported with the file and the key, and the defaults stay in force.

use griddesk::tui::action::Act;
use griddesk::tui::keymap::{Key, Keymap, Lookup, Section};
use std::path::Path;

fn load(name: &str) -> (Keymap, Vec<String>) {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/keymaps")
        .join(name);
    let text = std::fs::read_to_string(&p).unwrap();
    let (km, problems) = Keymap::with_user_file(&p, &text);
    (km, problems.iter().map(|p| p.to_string()).collect())
}

#[test]
fn every_file_in_keymaps_parses_and_validates() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("keymaps");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        let (_, problems) = Keymap::with_user_file(&p, &text);
        assert!(problems.is_empty(), "{}: {problems:?}", p.display());
        n += 1;
    }
    assert!(n >= 2, "the default and at least one preset");
}

fn expect(name: &str, key: &str, what: &str) {
    let (km, problems) = load(name);
    assert!(
        problems
            .iter()
            .any(|p| p.contains(name) && p.contains(key) && p.contains(what)),
        "{name}: {problems:?}"
    );
    assert_eq!(
        km,
        Keymap::default_map(),
        "{name}: the defaults stay in force"
    );
}

#[test]
fn broken_keymaps_are_reported_with_file_and_key() {
    expect("unknown_action.toml", "a", "unknown action \"asign\"");
    expect("used_twice.toml", "Enter", "used twice on this screen");
    expect(
        "shadowed.toml",
        "q q",
        "shadowed: the single key q is bound too",
    );
    expect("essential_missing.toml", "-", "\"quit\" has no key");
    expect(
        "bad_key.toml",
        "Hyper+x",
        "not a key this terminal can send",
    );
    expect("unknown_section.toml", "reqests", "unknown section");
    expect("not_toml.toml", "-", "");
}

#[test]
fn a_good_user_file_overrides_key_by_key_on_its_preset() {
    let (km, problems) = load("good_override.toml");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        km.lookup(Section::Requests, &[], Key::parse("y").unwrap()),
        Lookup::Act(Act::Assign)
    );
    assert_eq!(
        km.lookup(Section::Requests, &[], Key::parse("a").unwrap()),
        Lookup::Act(Act::Assign)
    );
    assert_eq!(
        km.lookup(Section::Today, &[], Key::parse("j").unwrap()),
        Lookup::Act(Act::Down)
    );
}
