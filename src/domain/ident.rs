//! Resident ID (GB 11643) and phone validation, normalisation and masking.

use super::text::normalize;
use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn code(self) -> &'static str {
        match self {
            Gender::Male => "M",
            Gender::Female => "F",
        }
    }
    pub fn from_code(s: &str) -> Option<Gender> {
        match s {
            "M" | "男" | "m" => Some(Gender::Male),
            "F" | "女" | "f" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// Why a resident ID was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    Length(usize),
    Characters,
    Region,
    BirthDate,
    FutureBirth,
    CheckDigit { expected: char, found: char },
}

/// A valid resident ID with what follows from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentId {
    pub number: String,
    pub birth_date: NaiveDate,
    pub gender: Gender,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

/// The check character for the first 17 digits.
pub fn check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(CHECK[(sum % 11) as usize] as char)
}

/// Normalises (full-width, lower-case x, spaces) and validates an 18-char ID.
pub fn parse_resident_id(input: &str, today: NaiveDate) -> Result<ResidentId, IdError> {
    let s: String = normalize(input)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let n = s.chars().count();
    if n != 18 {
        return Err(IdError::Length(n));
    }
    // Only ASCII from here on, so byte positions are character positions.
    if !s.is_ascii() {
        return Err(IdError::Characters);
    }
    let (body, last) = s.split_at(17);
    if !body.bytes().all(|b| b.is_ascii_digit())
        || !last.bytes().all(|b| b.is_ascii_digit() || b == b'X')
    {
        return Err(IdError::Characters);
    }
    // Province codes run 11–82; the first digit of a region is never 0 or 9.
    let prov: u32 = body[..2].parse().map_err(|_| IdError::Region)?;
    if !(11..=82).contains(&prov) {
        return Err(IdError::Region);
    }
    let y: i32 = body[6..10].parse().map_err(|_| IdError::BirthDate)?;
    let m: u32 = body[10..12].parse().map_err(|_| IdError::BirthDate)?;
    let d: u32 = body[12..14].parse().map_err(|_| IdError::BirthDate)?;
    let birth = NaiveDate::from_ymd_opt(y, m, d)
        .filter(|_| y >= 1880)
        .ok_or(IdError::BirthDate)?;
    if birth > today {
        return Err(IdError::FutureBirth);
    }
    let expected = check_char(body).ok_or(IdError::Characters)?;
    let found = last.chars().next().unwrap_or(' ');
    if expected != found {
        return Err(IdError::CheckDigit { expected, found });
    }
    let seq = body.as_bytes()[16] - b'0';
    let gender = if seq % 2 == 1 {
        Gender::Male
    } else {
        Gender::Female
    };
    Ok(ResidentId {
        number: s,
        birth_date: birth,
        gender,
    })
}

/// Builds a valid ID from a region, a birth date and a sequence (0–999).
pub fn make_resident_id(region: &str, birth: NaiveDate, seq: u32) -> String {
    let body = format!(
        "{region}{:04}{:02}{:02}{:03}",
        birth.year(),
        birth.month(),
        birth.day(),
        seq % 1000
    );
    let c = check_char(&body).unwrap_or('0');
    format!("{body}{c}")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    Malformed,
}

/// Kind of a valid phone number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneKind {
    Mobile,
    Landline,
}

/// Normalises a mobile: spaces, dashes and a +86/0086 prefix removed, then
/// `^1[3-9]\d{9}$`.
pub fn parse_mobile(input: &str) -> Result<String, PhoneError> {
    let s = strip_phone(input);
    if s.is_empty() {
        return Err(PhoneError::Empty);
    }
    let s = s
        .strip_prefix("+86")
        .or_else(|| s.strip_prefix("0086"))
        .unwrap_or(&s)
        .to_string();
    let b = s.as_bytes();
    if b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit)
    {
        Ok(s)
    } else {
        Err(PhoneError::Malformed)
    }
}

/// A mobile or a landline (`0394-8123456`, `03948123456`, `8123456`).
pub fn parse_phone(input: &str) -> Result<(String, PhoneKind), PhoneError> {
    match parse_mobile(input) {
        Ok(m) => return Ok((m, PhoneKind::Mobile)),
        Err(PhoneError::Empty) => return Err(PhoneError::Empty),
        Err(PhoneError::Malformed) => {}
    }
    let s = normalize(input);
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let parts: Vec<&str> = s.split('-').collect();
    let ok = match parts.as_slice() {
        [area, local] => {
            area.starts_with('0')
                && (3..=4).contains(&area.len())
                && area.bytes().all(|b| b.is_ascii_digit())
                && (7..=8).contains(&local.len())
                && local.bytes().all(|b| b.is_ascii_digit())
        }
        [all] => {
            all.bytes().all(|b| b.is_ascii_digit())
                && ((all.starts_with('0') && (10..=12).contains(&all.len()))
                    || (!all.starts_with('0') && (7..=8).contains(&all.len())))
        }
        _ => false,
    };
    if ok {
        Ok((s, PhoneKind::Landline))
    } else {
        Err(PhoneError::Malformed)
    }
}

fn strip_phone(input: &str) -> String {
    normalize(input)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '(' && *c != ')')
        .collect()
}

/// `411602********002X`: region kept, birth date and sequence hidden.
pub fn mask_id(id: &str) -> String {
    let n = id.chars().count();
    if n < 10 {
        return "*".repeat(n);
    }
    id.chars()
        .enumerate()
        .map(|(i, c)| if i >= 6 && i < n - 4 { '*' } else { c })
        .collect()
}

/// `138****5678` for mobiles; landlines keep the area code and last 2 digits.
pub fn mask_phone(p: &str) -> String {
    let n = p.chars().count();
    if n == 11 && p.starts_with('1') && p.is_ascii() {
        return format!("{}****{}", &p[..3], &p[7..]);
    }
    if n <= 4 {
        return "*".repeat(n);
    }
    let keep_front = p
        .chars()
        .position(|c| c == '-')
        .map(|i| i + 1)
        .unwrap_or(0)
        .min(n - 2);
    p.chars()
        .enumerate()
        .map(|(i, c)| if i >= keep_front && i < n - 2 { '*' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn the_reference_id_is_valid() {
        let id = parse_resident_id("11010519491231002X", today()).unwrap();
        assert_eq!(
            id.birth_date,
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
        assert_eq!(id.gender, Gender::Female);
    }

    #[test]
    fn lower_x_and_full_width_are_normalised() {
        assert_eq!(
            parse_resident_id("11010519491231002x", today())
                .unwrap()
                .number,
            "11010519491231002X"
        );
        assert_eq!(
            parse_resident_id("１１０１０５１９４９１２３１００２Ｘ", today())
                .unwrap()
                .number,
            "11010519491231002X"
        );
    }

    #[test]
    fn refusals_name_the_reason() {
        assert_eq!(
            parse_resident_id("1101051949123100", today()),
            Err(IdError::Length(16))
        );
        assert_eq!(
            parse_resident_id("11010519491231002Y", today()),
            Err(IdError::Characters)
        );
        assert_eq!(
            parse_resident_id("11010519491231002A", today()),
            Err(IdError::Characters)
        );
        assert_eq!(
            parse_resident_id("110105194902300021", today()),
            Err(IdError::BirthDate)
        );
        assert_eq!(
            parse_resident_id("000105194912310021", today()),
            Err(IdError::Region)
        );
        assert_eq!(
            parse_resident_id("11010519491231002 1", today()),
            Err(IdError::CheckDigit {
                expected: 'X',
                found: '1'
            })
        );
        let future = make_resident_id("411602", NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), 11);
        assert_eq!(
            parse_resident_id(&future, today()),
            Err(IdError::FutureBirth)
        );
    }

    #[test]
    fn made_ids_validate_with_their_gender() {
        let b = NaiveDate::from_ymd_opt(1960, 2, 29).unwrap();
        for seq in 0..200 {
            let id = make_resident_id("411602", b, seq);
            let p = parse_resident_id(&id, today()).unwrap();
            assert_eq!(p.birth_date, b);
            assert_eq!(p.gender == Gender::Male, seq % 2 == 1);
        }
    }

    #[test]
    fn non_ascii_of_the_right_length_is_refused_not_a_panic() {
        assert_eq!(
            parse_resident_id("一二三四五六七八九十一二三四五六七八", today()),
            Err(IdError::Characters)
        );
        assert_eq!(mask_phone("1二三四五六七八九十一"), "*********十一");
    }

    #[test]
    fn mobiles() {
        assert_eq!(parse_mobile("138 1234 5678").unwrap(), "13812345678");
        assert_eq!(parse_mobile("+86 13812345678").unwrap(), "13812345678");
        assert_eq!(
            parse_mobile("１３８１２３４５６７８").unwrap(),
            "13812345678"
        );
        assert_eq!(parse_mobile("12812345678"), Err(PhoneError::Malformed));
        assert_eq!(parse_mobile("1381234567"), Err(PhoneError::Malformed));
        assert_eq!(parse_mobile(" "), Err(PhoneError::Empty));
    }

    #[test]
    fn landlines() {
        assert_eq!(
            parse_phone("0394-8123456").unwrap(),
            ("0394-8123456".into(), PhoneKind::Landline)
        );
        assert_eq!(parse_phone("8123456").unwrap().1, PhoneKind::Landline);
        assert_eq!(parse_phone("13812345678").unwrap().1, PhoneKind::Mobile);
        assert!(parse_phone("12-34").is_err());
    }

    #[test]
    fn masking() {
        assert_eq!(mask_id("41160219491231002X"), "411602********002X");
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("0394-8123456"), "0394-*****56");
    }
}
