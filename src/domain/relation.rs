//! Relation to the head of household, GB/T 4761 codes (major classes).

/// (code, 中文, English). `02` is the head (户主); `0` is accepted for it too.
pub const RELATIONS: &[(&str, &str, &str)] = &[
    ("02", "户主", "head"),
    ("1", "配偶", "spouse"),
    ("2", "子", "son"),
    ("3", "女", "daughter"),
    ("4", "孙辈", "grandchild"),
    ("5", "父母", "parent"),
    ("6", "祖父母", "grandparent"),
    ("7", "兄弟姐妹", "sibling"),
    ("8", "其他", "other relative"),
    ("99", "非亲属", "not related"),
];

/// Resident tags the product knows; others are kept as typed.
pub const TAGS: &[(&str, &str)] = &[
    ("独居", "lives alone"),
    ("空巢", "empty nest"),
    ("高龄", "very old"),
    ("残疾", "disabled"),
    ("低保", "minimum income"),
    ("特困", "extreme hardship"),
    ("党员", "party member"),
    ("退役军人", "veteran"),
];

/// Accepts a code (`02`, `0`, `1`, `20` → `2`), the Chinese or English name,
/// and common variants (本人, 儿子, 女儿, 妻, 夫).
pub fn parse(input: &str) -> Option<&'static str> {
    let s = super::text::normalize(input);
    let s = s.as_str();
    if s.is_empty() {
        return None;
    }
    let alias = match s {
        "0" | "01" | "本人" | "户主本人" => Some("02"),
        "妻" | "妻子" | "夫" | "丈夫" | "10" | "11" | "12" => Some("1"),
        "儿子" | "长子" | "次子" | "独子" => Some("2"),
        "女儿" | "长女" | "次女" | "独女" => Some("3"),
        "孙子" | "孙女" | "外孙" | "外孙女" => Some("4"),
        "父亲" | "母亲" | "父" | "母" => Some("5"),
        "祖父" | "祖母" | "外祖父" | "外祖母" => Some("6"),
        "兄" | "弟" | "姐" | "妹" | "哥哥" | "弟弟" | "姐姐" | "妹妹" => Some("7"),
        _ => None,
    };
    if alias.is_some() {
        return alias;
    }
    if let Some((c, _, _)) = RELATIONS
        .iter()
        .find(|(c, zh, en)| *c == s || *zh == s || en.eq_ignore_ascii_case(s))
    {
        return Some(c);
    }
    // Two-digit GB/T 4761 detail codes: the first digit is the class (20 → 2).
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) && s != "99" {
        let major = &s[..1];
        return RELATIONS
            .iter()
            .find(|(c, _, _)| *c == major)
            .map(|(c, _, _)| *c);
    }
    None
}

pub fn zh(code: &str) -> &'static str {
    RELATIONS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|r| r.1)
        .unwrap_or("其他")
}

pub fn en(code: &str) -> &'static str {
    RELATIONS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|r| r.2)
        .unwrap_or("other")
}

/// Splits a tag cell on `;` `；` `、` `,` `，` and spaces.
pub fn split_tags(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in s
        .split([';', '；', '、', ',', '，', ' '])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        if !out.iter().any(|o| o == t) {
            out.push(t.to_string());
        }
    }
    out
}

/// The household tag an import sets when the head moved out and no one in
/// the household can take over (see [`successor`]); the household file shows it.
pub const HEADLESS_TAG: &str = "无户主";

/// Whether a relation code is the head of household (`02`, or `0` as some
/// ledgers write it).
pub fn is_head(code: &str) -> bool {
    code == "02" || code == "0"
}

/// Who becomes head when the head has left: the spouse first; then an adult
/// child (son or daughter), the eldest first; then a parent, a grandparent;
/// then an adult sibling, an adult grandchild, another adult relative — the
/// eldest first within each. A child, a grandchild, a sibling or another
/// relative whose age is unknown or under 18 does not; someone not related
/// (`99`) never does. `members` are (relation code, birth date); the answer
/// is an index into it, or `None` when no one fits.
pub fn successor(
    members: &[(&str, Option<chrono::NaiveDate>)],
    today: chrono::NaiveDate,
) -> Option<usize> {
    let adult = |b: Option<chrono::NaiveDate>| {
        b.and_then(|b| today.years_since(b))
            .is_some_and(|years| years >= 18)
    };
    members
        .iter()
        .enumerate()
        .filter_map(|(i, (code, birth))| {
            let rank = match *code {
                "1" => 0,
                "2" | "3" if adult(*birth) => 1,
                "5" => 2,
                "6" => 3,
                "7" if adult(*birth) => 4,
                "4" if adult(*birth) => 5,
                "8" if adult(*birth) => 6,
                _ => return None,
            };
            // Eldest first; an unknown birth date after the known ones.
            Some(((rank, birth.is_none(), *birth), i))
        })
        .min()
        .map(|(_, i)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_names_and_variants() {
        assert_eq!(parse("户主"), Some("02"));
        assert_eq!(parse("0"), Some("02"));
        assert_eq!(parse("02"), Some("02"));
        assert_eq!(parse("配偶"), Some("1"));
        assert_eq!(parse("妻子"), Some("1"));
        assert_eq!(parse("女"), Some("3"));
        assert_eq!(parse("21"), Some("2"));
        assert_eq!(parse("99"), Some("99"));
        assert_eq!(parse("spouse"), Some("1"));
        assert_eq!(parse("邻居"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn tags_split_on_all_separators() {
        assert_eq!(
            split_tags("独居;高龄；党员、低保"),
            vec!["独居", "高龄", "党员", "低保"]
        );
        assert_eq!(split_tags(" 独居 ; 独居 "), vec!["独居"]);
    }

    fn d(s: &str) -> Option<chrono::NaiveDate> {
        Some(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    }

    #[test]
    fn the_spouse_then_the_eldest_adult_child_succeeds_the_head() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        // Spouse before children, whatever the ages.
        let m = [("2", d("1980-01-01")), ("1", None), ("3", d("1978-05-05"))];
        assert_eq!(successor(&m, today), Some(1));
        // No spouse: the eldest adult child, son or daughter.
        let m = [
            ("2", d("1990-01-01")),
            ("3", d("1985-05-05")),
            ("5", d("1950-01-01")),
        ];
        assert_eq!(successor(&m, today), Some(1));
        // Only minors and a parent: the parent.
        let m = [("2", d("2015-01-01")), ("5", d("1950-01-01"))];
        assert_eq!(successor(&m, today), Some(1));
        // 18 today counts; 18 tomorrow does not.
        assert_eq!(successor(&[("3", d("2008-11-27"))], today), Some(0));
        assert_eq!(successor(&[("3", d("2008-11-28"))], today), None);
        // A child of unknown age, a non-relative, nobody: no one fits.
        assert_eq!(
            successor(&[("2", None), ("99", d("1960-01-01"))], today),
            None
        );
        assert_eq!(successor(&[], today), None);
        // Grandparent before an adult sibling, sibling before grandchild and other.
        let m = [
            ("8", d("1940-01-01")),
            ("4", d("2000-01-01")),
            ("7", d("1970-01-01")),
            ("6", d("1930-01-01")),
        ];
        assert_eq!(successor(&m, today), Some(3));
        assert_eq!(successor(&m[..3], today), Some(2));
        assert_eq!(successor(&m[..2], today), Some(1));
    }
}
