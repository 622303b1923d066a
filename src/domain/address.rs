//! Addresses in the grid as people write them: building-unit-room as
//! `3-2-501`, `3-2-501室`, `3#2-501`, `3栋2-501`, `3号楼2单元501`,
//! `3幢2单元501室`, full-width digits allowed, with a community and an area
//! in front or not (`锦华家园 第一片区 3-2-501`); and resident groups by
//! name and house number (`高庄 第三居民小组 12号`, `3组12号`).

use super::text::normalize;
use std::fmt;

/// A parsed address. Unit and room may be missing for a partial address
/// (`3号楼`, `3-2`), which then matches every household below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// Community or area name typed before the numbers, if any.
    pub place: Option<String>,
    pub building: String,
    pub unit: Option<String>,
    pub room: Option<String>,
    /// A resident group (居民小组): `building` is the group's number and
    /// `room` the house number, in whichever unit the household sits.
    pub group: bool,
}

impl Address {
    pub fn is_complete(&self) -> bool {
        self.room.is_some() && (self.unit.is_some() || self.group)
    }

    /// The words of the place typed in front (`锦华家园`, `第一片区`).
    pub fn place_words(&self) -> Vec<String> {
        self.place
            .as_deref()
            .unwrap_or("")
            .split(|c: char| c.is_whitespace() || c == ',' || c == '，' || c == '、')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.place {
            write!(f, "{p} ")?;
        }
        if self.group {
            write!(f, "第{}居民小组", self.building)?;
            if let Some(r) = &self.room {
                write!(f, " {r}号")?;
            }
            return Ok(());
        }
        write!(f, "{}", self.building)?;
        if let Some(u) = &self.unit {
            write!(f, "-{u}")?;
            if let Some(r) = &self.room {
                write!(f, "-{r}")?;
            }
        }
        Ok(())
    }
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Strips leading zeros from a numeric part ("05" → "5") but keeps "0".
fn canon(part: &str) -> String {
    let p = part.to_ascii_uppercase();
    if p.chars().all(|c| c.is_ascii_digit()) {
        let t = p.trim_start_matches('0');
        if t.is_empty() { "0".into() } else { t.into() }
    } else {
        p
    }
}

/// Parses an address. Returns `None` when the text is not an address
/// (a name, a phone number, …), so search can try other kinds.
pub fn parse(input: &str) -> Option<Address> {
    let s = normalize(input);
    if s.is_empty() {
        return None;
    }
    if let Some(a) = parse_group(&s) {
        return Some(a);
    }
    // A place name may stand in front; try each point where an ASCII
    // alphanumeric run begins as the start of the numbers.
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let begins =
            c.is_ascii_alphanumeric() && (k == 0 || !chars[k - 1].1.is_ascii_alphanumeric());
        if !begins {
            continue;
        }
        let (place, rest) = s.split_at(i);
        let place = place.trim().trim_end_matches(['，', ',', ' ']).trim();
        // A place is a name: it has Chinese in it and does not end in a dash.
        if !place.is_empty() && (!place.chars().any(super::text::is_han) || place.ends_with('-')) {
            continue;
        }
        let place = if place.is_empty() {
            None
        } else {
            Some(place.to_string())
        };
        if let Some(a) = parse_numbers(place, rest.trim()) {
            return Some(a);
        }
    }
    None
}

/// The value of a number written in Chinese (`三`, `十二`, `二十`) or in
/// digits, up to 999.
fn chinese_number(s: &str) -> Option<u32> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok().filter(|n| *n < 1000);
    }
    let digit = |c: char| "〇一二三四五六七八九".chars().position(|d| d == c);
    let (mut total, mut cur, mut any) = (0u32, None::<u32>, false);
    for c in s.chars() {
        any = true;
        if c == '两' {
            cur = Some(2);
        } else if let Some(d) = digit(c) {
            cur = Some(d as u32);
        } else if c == '十' || c == '百' {
            let m = if c == '十' { 10 } else { 100 };
            total += cur.unwrap_or(1) * m;
            cur = None;
        } else {
            return None;
        }
    }
    (any).then(|| total + cur.unwrap_or(0))
}

/// A resident group and house number: `高庄 第三居民小组 12号`,
/// `第3居民小组12号`, `三组 12`, or the group alone (`第三居民小组`).
fn parse_group(s: &str) -> Option<Address> {
    let (at, marker) = ["居民小组", "小组", "组"]
        .iter()
        .find_map(|m| s.find(m).map(|i| (i, *m)))?;
    let before = &s[..at];
    let after = s[at + marker.len()..].trim();
    // The group's number, right before the marker, maybe after 第.
    let num_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || "〇一二三四五六七八九十百两".contains(*c))
        .last()
        .map(|(i, _)| i)?;
    let number = chinese_number(&before[num_start..])?;
    let place = before[..num_start].trim_end();
    let place = place.strip_suffix('第').unwrap_or(place).trim_end();
    let place = place.trim_end_matches([',', '，']).trim();
    let room = if after.is_empty() {
        None
    } else {
        let r = after
            .strip_suffix('号')
            .or_else(|| after.strip_suffix('户'))
            .unwrap_or(after)
            .trim();
        if r.is_empty() || !r.chars().all(is_token_char) {
            return None;
        }
        Some(canon(r))
    };
    Some(Address {
        place: (!place.is_empty()).then(|| place.to_string()),
        building: number.to_string(),
        unit: None,
        room,
        group: true,
    })
}

/// `2-501`, `2-501室`, `2`: a unit and maybe a room, after the building.
fn dashed_unit_room(tail: &str) -> Option<(String, Option<String>)> {
    let parts: Vec<&str> = tail.split('-').map(str::trim).collect();
    if parts.len() > 2 {
        return None;
    }
    let mut parts: Vec<String> = parts.into_iter().map(str::to_string).collect();
    let two = parts.len() == 2;
    if let Some(last) = parts.last_mut()
        && two
    {
        let t = last
            .strip_suffix('室')
            .or_else(|| last.strip_suffix('号'))
            .unwrap_or(last)
            .trim()
            .to_string();
        *last = t;
    }
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.chars().all(is_token_char))
    {
        return None;
    }
    Some((canon(&parts[0]), parts.get(1).map(|p| canon(p))))
}

fn parse_numbers(place: Option<String>, rest: &str) -> Option<Address> {
    let chars: Vec<char> = rest.chars().collect();
    let mut i = 0;
    let take_num = |i: &mut usize| -> String {
        let st = *i;
        while *i < chars.len() && is_token_char(chars[*i]) {
            *i += 1;
        }
        chars[st..*i].iter().collect()
    };
    let skip_ws = |i: &mut usize| {
        while *i < chars.len() && chars[*i].is_whitespace() {
            *i += 1;
        }
    };
    let eat = |i: &mut usize, words: &[&str]| -> bool {
        for w in words {
            let wc: Vec<char> = w.chars().collect();
            if chars.len() >= *i + wc.len() && chars[*i..*i + wc.len()] == wc[..] {
                *i += wc.len();
                return true;
            }
        }
        false
    };
    let building = take_num(&mut i);
    if building.is_empty() {
        return None;
    }
    let address = |unit: Option<String>, room: Option<String>| {
        Some(Address {
            place: place.clone(),
            building: canon(&building),
            unit,
            room,
            group: false,
        })
    };
    // 3号楼, 3栋, 3幢, 3#: the building marked as such.
    let marked = eat(&mut i, &["号楼", "号院", "栋", "幢", "号", "楼", "#"]);
    skip_ws(&mut i);
    if i == chars.len() {
        // A bare number is a building only when marked (`3号楼`); plain digits
        // are a phone tail, an ID tail or a room, not an address.
        return if marked { address(None, None) } else { None };
    }
    let tail: String = chars[i..].iter().collect();
    // 3-2-501, 3-2-501室, 3-2; and after a marked building 3栋2-501, 3#2-501.
    if let Some(t) = tail.strip_prefix('-').filter(|_| !marked) {
        let (unit, room) = dashed_unit_room(t)?;
        return address(Some(unit), room);
    }
    if !marked {
        return None;
    }
    if tail.contains('-') {
        let (unit, room) = dashed_unit_room(&tail)?;
        return address(Some(unit), room);
    }
    // 3号楼2单元501室, 3栋2单元501, 3号楼501 (no unit).
    let unit;
    let mut room = None;
    let n = take_num(&mut i);
    if n.is_empty() {
        return None;
    }
    if eat(&mut i, &["单元"]) {
        unit = Some(canon(&n));
        skip_ws(&mut i);
        if i < chars.len() {
            let r = take_num(&mut i);
            if r.is_empty() {
                return None;
            }
            eat(&mut i, &["室", "号"]);
            room = Some(canon(&r));
        }
    } else {
        // 3号楼501: a building without units; the room stands in unit 1.
        eat(&mut i, &["室", "号"]);
        unit = Some("1".into());
        room = Some(canon(&n));
    }
    skip_ws(&mut i);
    if i != chars.len() {
        return None;
    }
    address(unit, room)
}

/// Parses a building number as written in a CSV cell: `3`, `3号楼`, `3栋`.
pub fn parse_building(input: &str) -> Option<String> {
    let s = normalize(input);
    let s = s
        .trim_end_matches("号楼")
        .trim_end_matches(['栋', '幢', '号', '楼']);
    (!s.is_empty() && s.chars().all(is_token_char)).then(|| canon(s))
}

/// Parses a unit (`2`, `2单元`) or a room (`501`, `501室`).
pub fn parse_part(input: &str) -> Option<String> {
    let s = normalize(input);
    let s = s.trim_end_matches("单元").trim_end_matches('室');
    (!s.is_empty() && s.chars().all(is_token_char)).then(|| canon(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(b: &str, u: Option<&str>, r: Option<&str>) -> Address {
        Address {
            place: None,
            building: b.into(),
            unit: u.map(Into::into),
            room: r.map(Into::into),
            group: false,
        }
    }

    #[test]
    fn all_written_forms_parse_to_the_same_address() {
        let want = a("3", Some("2"), Some("501"));
        for s in [
            "3-2-501",
            "3号楼2单元501",
            "3栋2单元501室",
            "３－２－５０１",
            "３号楼２单元５０１室",
            "3幢2单元501",
            " 3 - 2 - 501 ",
            "3-2-501室",
            "3-2-501号",
            "3#2-501",
            "3＃2－501",
            "3栋2-501",
            "3幢2-501室",
            "3号楼2-501",
            "3#2单元501",
        ] {
            assert_eq!(parse(s), Some(want.clone()), "{s}");
        }
    }

    #[test]
    fn partial_addresses() {
        assert_eq!(parse("3号楼"), Some(a("3", None, None)));
        assert_eq!(parse("3栋"), Some(a("3", None, None)));
        assert_eq!(parse("3-2"), Some(a("3", Some("2"), None)));
        assert_eq!(parse("3号楼2单元"), Some(a("3", Some("2"), None)));
        assert_eq!(parse("3号楼501"), Some(a("3", Some("1"), Some("501"))));
    }

    #[test]
    fn place_names_in_front() {
        let got = parse("锦华家园 3-2-501").unwrap();
        assert_eq!(got.place.as_deref(), Some("锦华家园"));
        assert_eq!(got.building, "3");
        let got = parse("高庄5号楼1单元302").unwrap();
        assert_eq!(got.place.as_deref(), Some("高庄"));
        assert_eq!(got.room.as_deref(), Some("302"));
        let got = parse("华耀城安置A区 5-1-302").unwrap();
        assert_eq!(got.place.as_deref(), Some("华耀城安置A区"));
        assert_eq!(got.building, "5");
    }

    #[test]
    fn a_community_and_an_area_in_front() {
        for s in [
            "锦华家园 第一片区 3-2-501",
            "锦华家园，第一片区 3栋2-501",
            "锦华家园第一片区3#2-501",
            "锦华家园社区 第一片区 3幢2单元501",
        ] {
            let got = parse(s).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(
                (
                    got.building.as_str(),
                    got.unit.as_deref(),
                    got.room.as_deref()
                ),
                ("3", Some("2"), Some("501")),
                "{s}"
            );
            let words = got.place_words();
            assert!(words.concat().contains("锦华家园"), "{s}: {words:?}");
            assert!(words.concat().contains("第一片区"), "{s}: {words:?}");
        }
        assert_eq!(
            parse("锦华家园 第一片区 3-2-501").unwrap().place_words(),
            ["锦华家园", "第一片区"]
        );
    }

    #[test]
    fn resident_groups_by_name_and_house_number() {
        let want = |place: Option<&str>, room: Option<&str>| Address {
            place: place.map(Into::into),
            building: "3".into(),
            unit: None,
            room: room.map(Into::into),
            group: true,
        };
        assert_eq!(
            parse("高庄 第三居民小组 12号"),
            Some(want(Some("高庄"), Some("12")))
        );
        assert_eq!(
            parse("高庄第3居民小组12号"),
            Some(want(Some("高庄"), Some("12")))
        );
        assert_eq!(parse("第三居民小组 12"), Some(want(None, Some("12"))));
        assert_eq!(parse("三组12号"), Some(want(None, Some("12"))));
        assert_eq!(parse("第三小组"), Some(want(None, None)));
        assert!(parse("高庄 第三居民小组 12号").unwrap().is_complete());
        assert!(!parse("第三居民小组").unwrap().is_complete());
        let g = parse("高庄 第十二居民小组 7号").unwrap();
        assert_eq!((g.building.as_str(), g.room.as_deref()), ("12", Some("7")));
        assert_eq!(parse("第二十一组").unwrap().building, "21");
        assert_eq!(
            parse("高庄 第三居民小组 12号").unwrap().to_string(),
            "高庄 第3居民小组 12号"
        );
    }

    #[test]
    fn leading_zeros_and_letters() {
        assert_eq!(parse("03-02-0501"), Some(a("3", Some("2"), Some("501"))));
        assert_eq!(parse("a-1-101"), Some(a("A", Some("1"), Some("101"))));
    }

    #[test]
    fn not_addresses() {
        for s in [
            "",
            "张三",
            "13812345678",
            "5678",
            "zhangsan",
            "3-2-501-7",
            "3--501",
            "3号楼2单元501室x",
            "3#2-501-1",
            "3栋2-",
            "3-2-室",
            "#2-501",
            "第居民小组",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    #[test]
    fn display_is_dashed() {
        assert_eq!(parse("3号楼2单元501").unwrap().to_string(), "3-2-501");
    }

    #[test]
    fn csv_cells() {
        assert_eq!(parse_building("3号楼").as_deref(), Some("3"));
        assert_eq!(parse_building("３栋").as_deref(), Some("3"));
        assert_eq!(parse_building("楼"), None);
        assert_eq!(parse_part("2单元").as_deref(), Some("2"));
        assert_eq!(parse_part("501室").as_deref(), Some("501"));
    }
}
