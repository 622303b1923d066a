//! Addresses in the grid: building-unit-room, written `3-2-501`,
//! `3号楼2单元501`, `3栋2单元501室`, with full-width digits allowed and an
//! optional community or area name in front (`锦华家园 3-2-501`).

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
}

impl Address {
    pub fn is_complete(&self) -> bool {
        self.unit.is_some() && self.room.is_some()
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.place {
            write!(f, "{p} ")?;
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

fn parse_numbers(place: Option<String>, rest: &str) -> Option<Address> {
    // Dashed form: 3-2-501, 3-2, 3－2－501 (normalised already).
    if rest.contains('-') {
        let parts: Vec<&str> = rest.split('-').map(str::trim).collect();
        if parts.len() > 3
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.chars().all(is_token_char))
        {
            return None;
        }
        return Some(Address {
            place,
            building: canon(parts[0]),
            unit: parts.get(1).map(|p| canon(p)),
            room: parts.get(2).map(|p| canon(p)),
        });
    }

    // Chinese form: 3号楼2单元501室, 3栋2单元501, 3幢, 3号楼 501 (no unit).
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
    let marked = eat(&mut i, &["号楼", "号院", "栋", "幢", "号", "楼"]);
    skip_ws(&mut i);
    if i == chars.len() {
        // A bare number is a building only when marked (`3号楼`); plain digits
        // are a phone tail, an ID tail or a room, not an address.
        return marked.then(|| Address {
            place,
            building: canon(&building),
            unit: None,
            room: None,
        });
    }
    if !marked {
        return None;
    }
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
    Some(Address {
        place,
        building: canon(&building),
        unit,
        room,
    })
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
