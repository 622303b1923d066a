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
}
