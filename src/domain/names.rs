//! Search keys for personal names: full pinyin and initials, stored when a
//! name is first written, each with a rank saying how well that reading
//! fits a name. The pinyin crate reads one character at a time, knows no
//! surnames and lists every dictionary reading of a character (邓 has
//! "shan", 叶 "xie"), so the readings kept follow these rules:
//!
//! 1. The first character, when it is a surname read differently from the
//!    character's common reading ([`SURNAMES`]: 单 shan, 曾 zeng, 解 xie,
//!    …), gives its surname reading: rank [`Rank::Surname`].
//! 2. Every character gives its common reading (the crate's first, or the
//!    first of [`NAME_READINGS`] for a character read otherwise in names,
//!    长 chang): rank [`Rank::Common`] when every character is read so.
//! 3. A character listed in [`NAME_READINGS`] also gives the other reading
//!    people use in names (乐 yue, 朝 zhao): rank [`Rank::Rare`].
//!
//! No other reading is indexed. A spelling takes the best rank of the
//! readings that make it; a spelling with a rare reading is rare.

use pinyin::ToPinyin;

/// How well a spelling fits the name; lower is better. Stored with each
/// key, so search ranks by it without reading the names again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rank {
    /// The surname read as a surname (单 shan), the rest by their common
    /// reading.
    Surname = 0,
    /// Every character by its common reading (单 dan).
    Common = 1,
    /// Some character by a rarer reading used in names (乐 yue).
    Rare = 2,
}

impl Rank {
    pub fn code(self) -> i64 {
        self as i64
    }
}

/// Surnames read differently from the character's common reading.
pub const SURNAMES: &[(char, &str)] = &[
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
    ('蔚', "yu"),
    ('折', "she"),
    ('召', "shao"),
    ('洗', "xian"),
    ('宓', "fu"),
    ('薄', "bo"),
];

/// Characters read in names otherwise than, or besides, the crate's first
/// reading: the common reading in a name first, then the rarer one.
pub const NAME_READINGS: &[(char, &[&str])] = &[
    ('长', &["chang", "zhang"]),
    ('乐', &["le", "yue"]),
    ('行', &["xing", "hang"]),
    ('重', &["zhong", "chong"]),
    ('朝', &["chao", "zhao"]),
    ('都', &["du", "dou"]),
    ('柏', &["bai", "bo"]),
    ('茜', &["qian", "xi"]),
    ('晟', &["sheng", "cheng"]),
    ('莘', &["shen", "xin"]),
    ('蔓', &["man", "wan"]),
    ('藏', &["zang", "cang"]),
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
    /// Every stored spelling (full and initials of each reading) with its
    /// rank, best rank first; each spelling once, at its best rank.
    pub keys: Vec<(String, Rank)>,
}

/// The readings of one character, best first, each with its rank.
fn readings(c: char, first: bool) -> Vec<(String, Rank)> {
    let mut out: Vec<(String, Rank)> = Vec::new();
    if first && let Some((_, r)) = SURNAMES.iter().find(|(s, _)| *s == c) {
        out.push(((*r).to_string(), Rank::Surname));
    }
    let mut add = |s: String, rank: Rank| {
        if !out.iter().any(|(o, _)| *o == s) {
            out.push((s, rank));
        }
    };
    if let Some((_, list)) = NAME_READINGS.iter().find(|(n, _)| *n == c) {
        for (i, r) in list.iter().enumerate() {
            add(
                (*r).to_string(),
                if i == 0 { Rank::Common } else { Rank::Rare },
            );
        }
    } else if let Some(p) = c.to_pinyin() {
        // ü is typed as v on every Chinese keyboard (lü → lv).
        add(p.plain().replace('ü', "v"), Rank::Common);
    } else if c.is_ascii_alphanumeric() {
        add(c.to_ascii_lowercase().to_string(), Rank::Common);
    }
    out
}

pub fn name_keys(name: &str) -> NameKeys {
    let mut syllables: Vec<Vec<(String, Rank)>> = Vec::new();
    for c in name.chars() {
        let r = readings(c, syllables.is_empty());
        if !r.is_empty() {
            syllables.push(r);
        }
    }
    // Every combination of readings with its rank: a surname reading
    // counts only when nothing else in the spelling is rare.
    let mut combos: Vec<(Vec<&str>, Rank)> = vec![(Vec::new(), Rank::Common)];
    for (pos, options) in syllables.iter().enumerate() {
        let mut next = Vec::new();
        for (base, rank) in &combos {
            for (o, r) in options {
                let rank = match (pos, *r, *rank) {
                    (_, Rank::Rare, _) | (_, _, Rank::Rare) => Rank::Rare,
                    (0, r, _) => r,
                    (_, _, rank) => rank,
                };
                let mut v = base.clone();
                v.push(o.as_str());
                next.push((v, rank));
            }
        }
        // Best first, then capped: a long name of many-reading characters
        // keeps its likeliest spellings.
        next.sort_by_key(|(_, r)| *r);
        next.truncate(MAX_VARIANTS);
        combos = next;
    }
    let full = |v: &Vec<&str>| v.concat();
    let init = |v: &Vec<&str>| {
        v.iter()
            .filter_map(|s| s.chars().next())
            .collect::<String>()
    };
    let pinyin = combos.first().map(|(v, _)| full(v)).unwrap_or_default();
    let initials = combos.first().map(|(v, _)| init(v)).unwrap_or_default();
    let mut keys: Vec<(String, Rank)> = Vec::new();
    for (v, rank) in &combos {
        for k in [full(v), init(v)] {
            if !k.is_empty() && !keys.iter().any(|(x, _)| *x == k) {
                keys.push((k, *rank));
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

    fn rank_of(name: &str, key: &str) -> Option<Rank> {
        name_keys(name)
            .keys
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, r)| r)
    }

    #[test]
    fn common_names() {
        let k = name_keys("张三丰");
        assert_eq!(k.pinyin, "zhangsanfeng");
        assert_eq!(k.initials, "zsf");
        assert_eq!(rank_of("张三丰", "zsf"), Some(Rank::Common));
        assert_eq!(k.keys.len(), 2, "{:?}", k.keys);
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
            assert_eq!(rank_of(name, full), Some(Rank::Surname), "{name}");
            assert_eq!(rank_of(name, init), Some(Rank::Surname), "{name}");
        }
    }

    #[test]
    fn the_common_reading_of_a_surname_is_kept_below_it() {
        // 曾 is also read ceng; 单 also dan; someone may type either.
        assert_eq!(rank_of("曾国藩", "cengguofan"), Some(Rank::Common));
        assert_eq!(rank_of("单田芳", "dtf"), Some(Rank::Common));
        // A surname reading counts only for the first character.
        assert_eq!(rank_of("王单", "wangdan"), Some(Rank::Common));
        assert_eq!(rank_of("王单", "wangshan"), None);
    }

    #[test]
    fn readings_no_one_uses_in_a_name_are_not_indexed() {
        // The crate's heteronyms: 邓 shan, 叶 xie, 单 chan, 解 jie twice.
        assert_eq!(rank_of("邓林", "shanlin"), None);
        assert_eq!(rank_of("邓林", "sl"), None);
        assert_eq!(rank_of("邓林", "denglin"), Some(Rank::Common));
        assert_eq!(rank_of("叶萍", "xieping"), None);
        assert_eq!(rank_of("叶萍", "yeping"), Some(Rank::Common));
        assert_eq!(rank_of("单田芳", "chantianfang"), None);
        assert_eq!(rank_of("王芳", "wangfang"), Some(Rank::Common));
        assert_eq!(name_keys("王芳").keys.len(), 2);
    }

    #[test]
    fn name_readings_give_the_common_one_then_the_rare_one() {
        assert_eq!(name_keys("王长林").pinyin, "wangchanglin");
        assert_eq!(rank_of("王长林", "wangzhanglin"), Some(Rank::Rare));
        assert_eq!(rank_of("李乐", "lile"), Some(Rank::Common));
        assert_eq!(rank_of("李乐", "liyue"), Some(Rank::Rare));
        // 乐 as a surname is yue; its common reading le comes next.
        assert_eq!(rank_of("乐嘉", "yuejia"), Some(Rank::Surname));
        assert_eq!(rank_of("乐嘉", "lejia"), Some(Rank::Common));
        // A surname reading with a rare reading after it is rare.
        assert_eq!(rank_of("曾朝阳", "zengchaoyang"), Some(Rank::Surname));
        assert_eq!(rank_of("曾朝阳", "zengzhaoyang"), Some(Rank::Rare));
    }

    #[test]
    fn u_umlaut_is_typed_as_v() {
        let k = name_keys("吕女");
        assert_eq!(k.pinyin, "lvnv");
        assert!(k.keys.iter().all(|(k, _)| k.is_ascii()));
    }

    #[test]
    fn variants_are_capped_best_first() {
        let k = name_keys("乐长乐长乐长");
        assert!(k.keys.len() <= 2 * MAX_VARIANTS);
        assert_eq!(k.pinyin, "yuechangle changlechang".replace(' ', ""));
        assert!(k.keys.windows(2).all(|w| w[0].1 <= w[1].1), "{:?}", k.keys);
    }

    #[test]
    fn spaced() {
        assert_eq!(spaced_chars("张三丰"), "张 三 丰");
        assert_eq!(spaced_chars("阿依·买买提"), "阿 依 买 买 提");
    }
}
