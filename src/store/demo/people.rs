//! The people of the demo: names by real surname frequencies, resident
//! IDs with the district's area code and valid check digits, well-formed
//! mobiles, all from one small random number generator.

use crate::domain::ident::make_resident_id;
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::HashSet;

/// SplitMix64: small, fast, and the same sequence everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len() as u64) as usize]
    }
    /// Fisher-Yates.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            v.swap(i, j);
        }
    }
    /// Picks by weight.
    pub fn weighted<'a, T>(&mut self, v: &'a [(T, u32)]) -> &'a T {
        let total: u64 = v.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut x = self.below(total);
        for (t, w) in v {
            if x < u64::from(*w) {
                return t;
            }
            x -= u64::from(*w);
        }
        &v[v.len() - 1].0
    }
}

/// Surnames with weights close to their national frequency (per 10,000),
/// including the ones read differently as surnames.
pub(super) const SURNAMES: &[(&str, u32)] = &[
    ("李", 790),
    ("王", 710),
    ("张", 710),
    ("刘", 540),
    ("陈", 460),
    ("杨", 310),
    ("赵", 230),
    ("黄", 220),
    ("周", 190),
    ("吴", 200),
    ("徐", 150),
    ("孙", 150),
    ("胡", 130),
    ("朱", 130),
    ("高", 110),
    ("林", 110),
    ("何", 120),
    ("郭", 120),
    ("马", 130),
    ("罗", 90),
    ("梁", 80),
    ("宋", 70),
    ("郑", 80),
    ("谢", 70),
    ("韩", 60),
    ("唐", 60),
    ("冯", 60),
    ("于", 40),
    ("董", 50),
    ("萧", 10),
    ("程", 40),
    ("曹", 50),
    ("袁", 40),
    ("邓", 60),
    ("许", 60),
    ("傅", 20),
    ("沈", 30),
    ("曾", 50),
    ("彭", 50),
    ("吕", 40),
    ("苏", 40),
    ("卢", 30),
    ("蒋", 40),
    ("蔡", 40),
    ("贾", 30),
    ("丁", 30),
    ("魏", 40),
    ("薛", 20),
    ("叶", 40),
    ("阎", 10),
    ("余", 40),
    ("潘", 40),
    ("杜", 40),
    ("戴", 20),
    ("夏", 20),
    ("钟", 30),
    ("汪", 30),
    ("田", 50),
    ("任", 30),
    ("姜", 30),
    ("范", 30),
    ("方", 20),
    ("石", 30),
    ("姚", 30),
    ("谭", 30),
    ("廖", 30),
    ("邹", 20),
    ("熊", 20),
    ("金", 30),
    ("陆", 30),
    ("郝", 20),
    ("孔", 20),
    ("白", 20),
    ("崔", 30),
    ("康", 20),
    ("毛", 20),
    ("邱", 20),
    ("秦", 20),
    ("江", 20),
    ("史", 20),
    ("顾", 20),
    ("侯", 20),
    ("邵", 20),
    ("孟", 20),
    ("龙", 20),
    ("万", 20),
    ("段", 20),
    ("雷", 20),
    ("钱", 20),
    ("汤", 20),
    ("尹", 20),
    ("黎", 20),
    ("易", 10),
    ("常", 20),
    ("武", 20),
    ("乔", 20),
    ("贺", 20),
    ("赖", 10),
    ("龚", 20),
    ("文", 10),
    ("单", 8),
    ("覃", 6),
    ("翟", 8),
    ("解", 4),
    ("仇", 4),
    ("查", 4),
    ("缪", 4),
    ("区", 2),
    ("朴", 2),
];

pub(super) const MALE: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "飞", "鑫",
    "波", "斌", "宇", "浩", "凯", "健", "俊", "帆", "旭", "宁", "龙", "林", "洋", "建", "国", "志",
    "文", "海", "东", "亮", "成", "振", "峰", "金", "德", "保", "永", "新", "春",
];
pub(super) const FEMALE: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玲", "桂", "英", "兰", "萍", "红", "梅",
    "琳", "雪", "婷", "慧", "颖", "佳", "欣", "悦", "璐", "倩", "丹", "燕", "云", "莉", "月", "凤",
    "洁", "蕾", "晶", "琴", "荣", "珍", "花", "爱",
];

pub(super) const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181",
    "182", "183", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199",
];

/// Makes names, birth dates, IDs and phones; an ID is never given twice.
pub(super) struct People {
    pub rng: Rng,
    /// Nobody is born after this day.
    today: NaiveDate,
    ids: HashSet<String>,
}

impl People {
    pub fn new(seed: u64, today: NaiveDate) -> People {
        People {
            rng: Rng::new(seed),
            today,
            ids: HashSet::new(),
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    pub fn mobile(&mut self) -> String {
        let p = *self.rng.pick(MOBILE_PREFIXES);
        format!("{p}{:08}", self.rng.below(100_000_000))
    }

    pub fn surname(&mut self) -> &'static str {
        let &s = self.rng.weighted(SURNAMES);
        s
    }

    pub fn name(&mut self, surname: &str, male: bool) -> String {
        let pool = if male { MALE } else { FEMALE };
        let mut n = surname.to_string();
        let first: &&str = self.rng.pick(pool);
        n.push_str(first);
        if self.rng.chance(0.7) {
            let second: &&str = self.rng.pick(pool);
            n.push_str(second);
        }
        n
    }

    /// A name of a random surname.
    pub fn anyone(&mut self, male: bool) -> String {
        let s = self.surname();
        self.name(s, male)
    }

    pub fn resident_id(&mut self, birth: NaiveDate, male: bool) -> String {
        loop {
            let mut seq = self.rng.below(1000) as u32;
            if (seq % 2 == 1) != male {
                seq = (seq + 1) % 1000;
            }
            let id = make_resident_id("411602", birth, seq);
            if self.ids.insert(id.clone()) {
                return id;
            }
        }
    }

    /// A birth date in `year`, never after yesterday.
    pub fn birth(&mut self, year: i32) -> NaiveDate {
        let y = year.clamp(1920, self.today.year());
        let day = self.rng.range(0, 364);
        let d = NaiveDate::from_ymd_opt(y, 1, 1).expect("valid") + Duration::days(day);
        d.min(self.today - Duration::days(1))
    }
}
