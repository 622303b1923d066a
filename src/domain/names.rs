//! Search keys for personal names: full pinyin and initials, stored when a
//! resident is written. The pinyin crate reads one character at a time and
//! knows no surnames, so a surname table gives the surname reading first,
//! and every reading of a many-reading character is kept (capped).

use pinyin::{ToPinyin, ToPinyinMulti};

/// Surnames read differently from the character's common reading.
const SURNAMES: &[(char, &str)] = &[
    ('曾', "zeng"),
    ('单', "shan"),
    ('解', "xie"),
    ('仇', "qiu"),
    ('区', "ou"),
    ('查', "zha"),
    ('朴', "piao"),
    ('覃', "qin"),
    ('翟', "zhai"),
    ('缪', "miao"),
    ('盖', "ge"),
    ('乐', "yue"),
    ('员', "yun"),
    ('种', "chong"),
    ('秘', "bi"),
    ('繁', "po"),
    ('尉', "yu"),
    ('折', "she"),
    ('召', "shao"),
    ('华', "hua"),
    ('任', "ren"),
    ('沈', "shen"),
    ('郇', "huan"),
    ('厍', "she"),
];

/// At most this many spellings of one name are stored.
pub const MAX_VARIANTS: usize = 16;

/// The search keys of one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameKeys {
    /// Full pinyin of the most likely reading, no spaces: `zengguofan`.
    pub pinyin: String,
    /// Initials of the most likely reading: `zgf`.
    pub initials: String,
    /// Every stored spelling (full and initials of each reading), deduplicated.
    pub keys: Vec<String>,
}

fn readings(c: char, first: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if first && let Some((_, r)) = SURNAMES.iter().find(|(s, _)| *s == c) {
        out.push((*r).to_string());
    }
    if let Some(multi) = c.to_pinyin_multi() {
        for p in multi {
            // ü is typed as v on every Chinese keyboard (lü → lv).
            let s = p.plain().replace('ü', "v");
            if !out.contains(&s) {
                out.push(s);
            }
        }
    } else if let Some(p) = c.to_pinyin() {
        out.push(p.plain().replace('ü', "v"));
    }
    if out.is_empty() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase().to_string());
        } else {
            return Vec::new();
        }
    }
    // Keep the few most common readings of each character.
    out.truncate(3);
    out
}

pub fn name_keys(name: &str) -> NameKeys {
    let mut syllables: Vec<Vec<String>> = Vec::new();
    for c in name.chars() {
        let r = readings(c, syllables.is_empty());
        if !r.is_empty() {
            syllables.push(r);
        }
    }
    // Cartesian product of readings, most likely first, capped.
    let mut combos: Vec<Vec<&str>> = vec![Vec::new()];
    for options in &syllables {
        let mut next = Vec::new();
        for base in &combos {
            for o in options {
                if next.len() >= MAX_VARIANTS {
                    break;
                }
                let mut v = base.clone();
                v.push(o.as_str());
                next.push(v);
            }
        }
        combos = next;
    }
    let full = |v: &Vec<&str>| v.concat();
    let init = |v: &Vec<&str>| {
        v.iter()
            .filter_map(|s| s.chars().next())
            .collect::<String>()
    };
    let pinyin = combos.first().map(full).unwrap_or_default();
    let initials = combos.first().map(init).unwrap_or_default();
    let mut keys: Vec<String> = Vec::new();
    for v in &combos {
        for k in [full(v), init(v)] {
            if !k.is_empty() && !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    NameKeys {
        pinyin,
        initials,
        keys,
    }
}

/// The name's characters separated by spaces (`张 三 丰`), so a word index
/// finds a name by any one, two or three consecutive characters.
pub fn spaced_chars(name: &str) -> String {
    let mut s = String::with_capacity(name.len() * 2);
    for c in name
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '·' && *c != '•')
    {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push(c);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_names() {
        let k = name_keys("张三丰");
        assert_eq!(k.pinyin, "zhangsanfeng");
        assert_eq!(k.initials, "zsf");
        assert!(k.keys.contains(&"zsf".to_string()));
    }

    #[test]
    fn surnames_with_their_own_reading_come_first() {
        for (name, full, init) in [
            ("曾国藩", "zengguofan", "zgf"),
            ("单田芳", "shantianfang", "stf"),
            ("解缙", "xiejin", "xj"),
            ("仇英", "qiuying", "qy"),
            ("区小玲", "ouxiaoling", "oxl"),
            ("查良镛", "zhaliangyong", "zly"),
            ("朴树", "piaoshu", "ps"),
            ("覃斌", "qinbin", "qb"),
            ("翟志刚", "zhaizhigang", "zzg"),
            ("缪斯", "miaosi", "ms"),
        ] {
            let k = name_keys(name);
            assert_eq!(k.pinyin, full, "{name}");
            assert_eq!(k.initials, init, "{name}");
        }
    }

    #[test]
    fn other_readings_are_kept_too() {
        // 曾 is also read ceng; 单 also dan; someone may type either.
        assert!(name_keys("曾国藩").keys.contains(&"cengguofan".to_string()));
        assert!(name_keys("单田芳").keys.contains(&"dtf".to_string()));
    }

    #[test]
    fn u_umlaut_is_typed_as_v() {
        let k = name_keys("吕女");
        assert_eq!(k.pinyin, "lvnv");
        assert!(k.keys.iter().all(|k| k.is_ascii()));
    }

    #[test]
    fn variants_are_capped() {
        let k = name_keys("行行行行行行");
        assert!(k.keys.len() <= 2 * MAX_VARIANTS);
    }

    #[test]
    fn spaced() {
        assert_eq!(spaced_chars("张三丰"), "张 三 丰");
        assert_eq!(spaced_chars("阿依·买买提"), "阿 依 买 买 提");
    }
}
