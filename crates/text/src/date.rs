//! Dates: absolute (both month-name sets, numeric, Hijri), relative
//! (أمس، الأسبوع الماضي، في يناير الماضي), weekdays, holidays and ranges,
//! each resolved against a reference date into a [`DateValue`].

use std::sync::OnceLock;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use rasd_core::Span;
use rustc_hash::FxHashSet;
use serde::{Serialize, Serializer};

use crate::hijri;
use crate::item::{Item, stems, without_conj};
use crate::number::{self, NumberKind};
use crate::segment::TokenKind;

/// How precisely a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// One day (or a span of days).
    Day,
    /// A week.
    Week,
    /// A month.
    Month,
    /// A year.
    Year,
}

/// A resolved date: a first and last day (inclusive) and a precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DateValue {
    /// The first day.
    #[serde(serialize_with = "ser_date")]
    pub start: Date,
    /// The last day (inclusive).
    #[serde(serialize_with = "ser_date")]
    pub end: Date,
    /// How precise the expression was.
    pub precision: Precision,
}

fn ser_date<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

impl DateValue {
    /// One day.
    pub fn day(d: Date) -> DateValue {
        DateValue { start: d, end: d, precision: Precision::Day }
    }

    /// A whole Gregorian month.
    pub fn month(year: i16, month: i8) -> Option<DateValue> {
        let start = Date::new(year, month, 1).ok()?;
        Some(DateValue { start, end: start.last_of_month(), precision: Precision::Month })
    }

    /// A whole year.
    pub fn year(year: i16) -> Option<DateValue> {
        let start = Date::new(year, 1, 1).ok()?;
        Some(DateValue { start, end: start.last_of_year(), precision: Precision::Year })
    }

    /// The ISO week (Monday to Sunday) holding `d`.
    pub fn week_of(d: Date) -> DateValue {
        let start = d - (d.weekday().to_monday_zero_offset() as i64).days();
        DateValue { start, end: start + 6.days(), precision: Precision::Week }
    }

    /// The value in the output contract's form: `YYYY-MM-DD`, `YYYY-MM` or
    /// `YYYY`, never claiming more precision than the expression had. A span
    /// of days inside one month is given as that month.
    pub fn iso(&self) -> String {
        let same_month =
            self.start.year() == self.end.year() && self.start.month() == self.end.month();
        match self.precision {
            Precision::Day if self.start == self.end => self.start.to_string(),
            Precision::Year => format!("{:04}", self.start.year()),
            _ if same_month => format!("{:04}-{:02}", self.start.year(), self.start.month()),
            _ if self.start.year() == self.end.year() => format!("{:04}", self.start.year()),
            _ => self.start.to_string(),
        }
    }
}

/// What sort of expression a date mention is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateKind {
    /// A calendar date, month or year written out.
    Absolute,
    /// A Hijri date.
    Hijri,
    /// Relative to the reference: أمس، الشهر الماضي، قبل ثلاثة أيام.
    Relative,
    /// A weekday, resolved to a nearby date.
    Weekday,
    /// A holiday (عيد الفطر، عاشوراء).
    Holiday,
    /// A range between two dates.
    Range,
}

/// A date found in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DateMention {
    /// The expression in the original text.
    pub span: Span,
    /// Its resolved value.
    pub value: DateValue,
    /// What sort of expression it was.
    pub kind: DateKind,
}

/// Which way an expression without a direction (a weekday, a month without
/// a year) is resolved.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Prefer {
    /// News: the latest such day on or before the reference.
    #[default]
    Past,
    /// Schedules (Duckling's convention): the next such day after it.
    Future,
}

/// The reference that relative expressions are resolved against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resolver {
    /// The reference day (usually the publication date).
    pub today: Date,
    /// Which way undirected expressions go.
    pub prefer: Prefer,
}

const GREGORIAN_MONTHS: &[(&str, i8)] = &[
    ("يناير", 1),
    ("فبراير", 2),
    ("فبرير", 2),
    ("مارس", 3),
    ("ابريل", 4),
    ("افريل", 4),
    ("مايو", 5),
    ("ماي", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("جوان", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("جويلية", 7),
    ("اغسطس", 8),
    ("اوت", 8),
    ("سبتمبر", 9),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    ("جانفي", 1),
    ("فيفري", 2),
    ("شباط", 2),
    ("اذار", 3),
    ("نيسان", 4),
    ("ايار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("اب", 8),
    ("ايلول", 9),
];

/// Two-word month names: Levantine كانون/تشرين.
const TWO_WORD_MONTHS: &[(&str, &str, i8)] = &[
    ("كانون", "الثاني", 1),
    ("تشرين", "الاول", 10),
    ("تشرين", "الثاني", 11),
    ("كانون", "الاول", 12),
];

const HIJRI_MONTHS: &[(&str, u8)] =
    &[("محرم", 1), ("صفر", 2), ("رجب", 7), ("شعبان", 8), ("رمضان", 9), ("شوال", 10)];

const HIJRI_TWO_WORD: &[(&str, &[&str], u8)] = &[
    ("ربيع", &["الاول"], 3),
    ("ربيع", &["الثاني", "الاخر"], 4),
    ("جمادى", &["الاولى", "الاول"], 5),
    ("جمادى", &["الاخرة", "الثانية", "الاخر", "الثاني"], 6),
    ("ذو", &["القعدة"], 11),
    ("ذي", &["القعدة"], 11),
    ("ذو", &["الحجة"], 12),
    ("ذي", &["الحجة"], 12),
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("الاحد", Weekday::Sunday),
    ("الاثنين", Weekday::Monday),
    ("الاتنين", Weekday::Monday),
    ("الثلاثاء", Weekday::Tuesday),
    ("الثلاثا", Weekday::Tuesday),
    ("الاربعاء", Weekday::Wednesday),
    ("الاربعا", Weekday::Wednesday),
    ("الخميس", Weekday::Thursday),
    ("الجمعة", Weekday::Friday),
    ("الجمعه", Weekday::Friday),
    ("السبت", Weekday::Saturday),
];

/// Weekday names without the article, valid after يوم/كل/آخر or an ordinal.
const BARE_WEEKDAYS: &[(&str, Weekday)] = &[
    ("احد", Weekday::Sunday),
    ("اثنين", Weekday::Monday),
    ("ثلاثاء", Weekday::Tuesday),
    ("ثلاثا", Weekday::Tuesday),
    ("اربعاء", Weekday::Wednesday),
    ("اربعا", Weekday::Wednesday),
    ("خميس", Weekday::Thursday),
    ("جمعة", Weekday::Friday),
    ("جمعه", Weekday::Friday),
    ("سبت", Weekday::Saturday),
];

const PAST: &[&str] = &[
    "الماضي",
    "الماضية",
    "الماض",
    "المنصرم",
    "المنصرمة",
    "الفائت",
    "الفائتة",
    "السابق",
    "السابقة",
];
const NEXT: &[&str] =
    &["المقبل", "المقبلة", "القادم", "القادمة", "التالي", "التالية", "الجاي", "الجاية"];
const CURRENT: &[&str] = &["الجاري", "الجارية", "الحالي", "الحالية"];

/// Parts of the day that may stand before a day expression
/// ("مساء الخميس", "فجر اليوم").
const DAY_PARTS: &[&str] = &[
    "صباح",
    "مساء",
    "ظهر",
    "عصر",
    "فجر",
    "ليل",
    "ليلة",
    "ظهيرة",
    "صبيحة",
    "مساء",
    "عشية",
    "ضحى",
    "منتصف",
    "وقت",
    "باكرا",
];

/// Days named relative to the reference.
const RELATIVE_DAYS: &[(&[&str], i64)] = &[
    (&["اليوم", "الذي", "بعد", "الغد"], 2),
    (&["اليوم", "الي", "بعد", "بكرة"], 2),
    (&["اليوم", "القبل", "البارحة"], -2),
    (&["اليوم", "الي", "قبل", "امبارح"], -2),
    (&["اول", "من", "امس"], -2),
    (&["اول", "امس"], -2),
    (&["امس", "الاول"], -2),
    (&["يوم", "قبل", "امس"], -2),
    (&["قبل", "امس"], -2),
    (&["يوم", "بعد", "غد"], 2),
    (&["بعد", "غد"], 2),
    (&["بعد", "الغد"], 2),
    (&["يوم", "غد"], 1),
    (&["يوم", "امس"], -1),
    (&["الليلة", "الماضية"], -1),
    (&["ليلة", "امس"], -1),
    (&["اليوم", "الماضي"], -1),
    (&["اليوم", "السابق"], -1),
    (&["اليوم", "المنصرم"], -1),
    (&["في", "هذا", "اليوم"], 0),
    (&["هذا", "اليوم"], 0),
    (&["اليوم"], 0),
    (&["امس"], -1),
    (&["البارحة"], -1),
    (&["غدا"], 1),
    (&["الغد"], 1),
    (&["بكرة"], 1),
    (&["بكره"], 1),
    (&["بكرا"], 1),
    (&["الليلة"], 0),
];

#[derive(Clone, Copy)]
/// How a holiday's date is found.
enum H {
    Hijri(u8, u8),
    Fixed(i8, i8),
    Easter,
}
/// Holidays by their Arabic names.
const HOLIDAYS: &[(&[&str], H)] = &[
    (&["عيد", "الفطر"], H::Hijri(10, 1)),
    (&["عيد", "الاضحى"], H::Hijri(12, 10)),
    (&["راس", "السنة", "الهجرية"], H::Hijri(1, 1)),
    (&["عاشوراء"], H::Hijri(1, 10)),
    (&["يوم", "عاشوراء"], H::Hijri(1, 10)),
    (&["المولد", "النبوي", "الشريف"], H::Hijri(3, 12)),
    (&["المولد", "النبوي"], H::Hijri(3, 12)),
    (&["عيد", "المولد"], H::Hijri(3, 12)),
    (&["ذكرى", "الاسراء", "والمعراج"], H::Hijri(7, 27)),
    (&["الاسراء", "والمعراج"], H::Hijri(7, 27)),
    (&["يوم", "عرفة"], H::Hijri(12, 9)),
    (&["يوم", "عرفه"], H::Hijri(12, 9)),
    (&["وقفة", "عرفة"], H::Hijri(12, 9)),
    (&["بداية", "شهر", "رمضان"], H::Hijri(9, 1)),
    (&["بداية", "رمضان"], H::Hijri(9, 1)),
    (&["اول", "رمضان"], H::Hijri(9, 1)),
    (&["غرة", "رمضان"], H::Hijri(9, 1)),
    (&["عيد", "الميلاد", "المجيد"], H::Fixed(12, 25)),
    (&["عيد", "الميلاد"], H::Fixed(12, 25)),
    (&["كريسماس"], H::Fixed(12, 25)),
    (&["الكريسماس"], H::Fixed(12, 25)),
    (&["راس", "السنة", "الميلادية"], H::Fixed(1, 1)),
    (&["عيد", "العمال"], H::Fixed(5, 1)),
    (&["يوم", "العمال"], H::Fixed(5, 1)),
    (&["عيد", "الفصح"], H::Easter),
    (&["عيد", "فصح"], H::Easter),
];

/// Which part of a month an expression names.
#[derive(Clone, Copy)]
enum MonthPart {
    Start,
    Early,
    Middle,
    Late,
    End,
}

/// A month reference before its year is known.
#[derive(Clone, Copy, Debug)]
enum Month {
    Gregorian(i8),
    Hijri(u8),
}

/// Words (match form, after a proclitic) that can open a date expression
/// other than the lexicon tables': relative periods, counting words,
/// prepositions of ranges and durations.
const OTHER_OPENERS: &[&str] = &[
    "يوم",
    "اليوم",
    "هذا",
    "هذه",
    "كل",
    "بين",
    "من",
    "قبل",
    "منذ",
    "بعد",
    "عام",
    "سنة",
    "العام",
    "السنة",
    "شهر",
    "الشهر",
    "الاسبوع",
    "مطلع",
    "بداية",
    "بدايه",
    "اوائل",
    "منتصف",
    "نص",
    "نصف",
    "اواسط",
    "اواخر",
    "نهاية",
    "نهايه",
    "اخر",
    "اول",
    "ثاني",
    "ثان",
    "ثالث",
    "رابع",
    "خامس",
    "الاول",
    "الثاني",
    "الثالث",
    "الرابع",
    "الخامس",
    "الاخير",
];

/// Every word that can open a date: a cheap test run before the rules, so
/// that most words of a sentence cost one hash lookup.
fn openers() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut s: FxHashSet<&'static str> = FxHashSet::default();
        s.extend(GREGORIAN_MONTHS.iter().map(|(w, _)| *w));
        s.extend(TWO_WORD_MONTHS.iter().map(|(w, _, _)| *w));
        s.extend(HIJRI_MONTHS.iter().map(|(w, _)| *w));
        s.extend(HIJRI_TWO_WORD.iter().map(|(w, _, _)| *w));
        s.extend(WEEKDAYS.iter().map(|(w, _)| *w));
        s.extend(BARE_WEEKDAYS.iter().map(|(w, _)| *w));
        s.extend(DAY_PARTS.iter().copied());
        s.extend(RELATIVE_DAYS.iter().map(|(ws, _)| ws[0]));
        s.extend(HOLIDAYS.iter().map(|(ws, _)| ws[0]));
        s.extend(OTHER_OPENERS.iter().copied());
        s
    })
}

fn may_open_date(it: &Item<'_>) -> bool {
    match it.kind {
        TokenKind::Number => true,
        TokenKind::Word => {
            let set = openers();
            stems(it.norm).any(|(_, s)| set.contains(s) || number::is_ordinal_word(s))
        }
        _ => false,
    }
}

/// Finds every date in a run of items (usually one sentence).
pub fn find_dates(items: &[Item<'_>], r: &Resolver) -> Vec<DateMention> {
    find_dates_after(items, r, &mut None)
}

/// [`find_dates`] in a run that follows others: `year_told` is the year
/// last written out before it ("في يونيو 2017 … وفي مارس من العام نفسه"),
/// which it reads and updates.
pub fn find_dates_after(
    items: &[Item<'_>],
    r: &Resolver,
    year_told: &mut Option<i16>,
) -> Vec<DateMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        if !may_open_date(&items[i]) {
            i += 1;
            continue;
        }
        match date_at(items, i, r) {
            Some((mut end, mut value, kind)) => {
                let written_year = has_year_number(&items[i..end]);
                if kind == DateKind::Absolute && !written_year {
                    if let Some((e, v)) = year_named_after(items, end, r, *year_told)
                        .and_then(|(e, y)| Some((e, in_year(value, y)?)))
                    {
                        end = e;
                        value = v;
                    }
                } else if written_year && matches!(kind, DateKind::Absolute | DateKind::Range) {
                    *year_told = Some(value.end.year());
                }
                out.push(DateMention {
                    span: items[i].span.cover(items[end - 1].span),
                    value,
                    kind,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

type Found = (usize, DateValue, DateKind);

/// True when the items hold a year written in digits (a Gregorian year).
fn has_year_number(items: &[Item<'_>]) -> bool {
    items.iter().any(|x| {
        x.kind == TokenKind::Number
            && x.norm.len() == 4
            && x.norm.parse::<u16>().is_ok_and(|y| (1900..=2100).contains(&y))
    })
}

/// "22 مارس العام الماضي", "في يونيو من السنة الماضية": a day or month
/// without a year, followed by the year it is of; "من العام نفسه", "من ذات
/// العام": the year written out last (`told`). The end of the phrase and the year.
fn year_named_after(
    items: &[Item<'_>],
    at: usize,
    r: &Resolver,
    told: Option<i16>,
) -> Option<(usize, i16)> {
    let j = opt(items, opt_punct(items, at), &["من", "في"]);
    let year_word = |k: usize| is_word(items, k, &["العام", "السنة", "السنه"]);
    if year_word(j) {
        if word(items, j + 1).is_some_and(|w| PAST.contains(&w)) {
            return Some((j + 2, r.today.year() - 1));
        }
        if is_word(items, j + 1, &["نفسه", "نفسها", "ذاته", "ذاتها"]) {
            return Some((j + 2, told?));
        }
    }
    if is_word(items, j, &["نفس", "ذات", "ذلك", "تلك"]) && year_word(j + 1) {
        return Some((j + 2, told?));
    }
    None
}

/// The same day or month in year `y`.
fn in_year(v: DateValue, y: i16) -> Option<DateValue> {
    match v.precision {
        Precision::Day if v.start == v.end => {
            Date::new(y, v.start.month(), v.start.day()).ok().map(DateValue::day)
        }
        Precision::Month => DateValue::month(y, v.start.month()),
        _ => None,
    }
}

fn date_at(items: &[Item<'_>], i: usize, r: &Resolver) -> Option<Found> {
    let it = items[i];
    if it.kind == TokenKind::Punct {
        return None;
    }
    let candidates = [
        range_at(items, i, r),
        day_part_at(items, i, r),
        nth_weekday_at(items, i, r),
        period_of_month_at(items, i, r),
        explicit_at(items, i, r),
        numeric_at(items, i, r),
        month_part_at(items, i, r),
        month_year_at(items, i, r),
        year_at(items, i, r),
        relative_day_at(items, i, r),
        ago_at(items, i, r),
        relative_period_at(items, i, r),
        weekday_at(items, i, r),
        holiday_at(items, i, r),
    ];
    // "هجمات 11 سبتمبر": the attacks of 2001, whatever the reference.
    if let Some(found) = named_attack_date(items, i) {
        return Some(found);
    }
    // The longest reading wins; among equals, the first rule.
    candidates.into_iter().flatten().fold(None, |best: Option<Found>, c| match best {
        Some(b) if b.0 >= c.0 => Some(b),
        _ => Some(c),
    })
}

/// Attacks known by their date alone: "11 سبتمبر" after هجمات/أحداث is
/// 11 September 2001.
fn named_attack_date(items: &[Item<'_>], i: usize) -> Option<Found> {
    let named = i > 0
        && stems(word(items, i - 1)?)
            .any(|(_, w)| matches!(w, "هجمات" | "احداث" | "اعتداءات" | "هجوم"));
    let day = items.get(i).filter(|x| x.kind == TokenKind::Number && x.norm == "11")?;
    let _ = day;
    if named && stems(word(items, i + 1)?).any(|(_, w)| w == "سبتمبر" || w == "ايلول") {
        let end = alt_month(items, i + 2, 9);
        return Some((end, DateValue::day(jiff::civil::date(2001, 9, 11)), DateKind::Absolute));
    }
    None
}

fn word<'a>(items: &[Item<'a>], i: usize) -> Option<&'a str> {
    items.get(i).filter(|x| x.kind == TokenKind::Word).map(|x| x.norm)
}

fn is_word(items: &[Item<'_>], i: usize, ws: &[&str]) -> bool {
    word(items, i).is_some_and(|w| ws.contains(&w))
}

/// Skips one optional word from `ws` at `i`.
fn opt(items: &[Item<'_>], i: usize, ws: &[&str]) -> usize {
    if is_word(items, i, ws) { i + 1 } else { i }
}

/// Skips an optional comma or slash at `i`.
fn opt_punct(items: &[Item<'_>], i: usize) -> usize {
    match items.get(i) {
        Some(x) if x.kind == TokenKind::Punct && matches!(x.norm, "," | "/" | "-") => i + 1,
        _ => i,
    }
}

pub(crate) fn weekday_word(w: &str) -> Option<Weekday> {
    stems(w).find_map(|(_, s)| WEEKDAYS.iter().find(|(n, _)| *n == s).map(|(_, d)| *d))
}

fn bare_weekday(w: &str) -> Option<Weekday> {
    BARE_WEEKDAYS.iter().find(|(n, _)| *n == w).map(|(_, d)| *d).or_else(|| weekday_word(w))
}

/// A month name (either set, Hijri, or "شهر N") at `i`.
fn month_at(items: &[Item<'_>], i: usize) -> Option<(usize, Month)> {
    let w = word(items, i)?;
    // "شهر 3", "شهر ثلاثة", "الشهر التاسع".
    if let Some((_, s)) = stems(w).find(|(_, s)| *s == "شهر" || *s == "الشهر") {
        if let Some(m) = month_name_at(items, i + 1) {
            return Some(m);
        }
        let n = items.get(i + 1)?;
        let (end, v) = if n.kind == TokenKind::Number {
            (i + 2, number::parse_digits(n.norm)?)
        } else {
            let nums = number::find_numbers(&items[i + 1..(i + 4).min(items.len())]);
            let m = nums.first().filter(|m| m.span.start == n.span.start)?;
            if s == "الشهر" && m.kind != NumberKind::Ordinal {
                return None;
            }
            let end = items.iter().position(|x| x.span.end == m.span.end)? + 1;
            (end, m.value?)
        };
        if v.fract() == 0.0 && (1.0..=12.0).contains(&v) {
            return Some((end, Month::Gregorian(v as i8)));
        }
        return None;
    }
    month_name_at(items, i)
}

fn month_name_at(items: &[Item<'_>], i: usize) -> Option<(usize, Month)> {
    let w = word(items, i)?;
    for (_, s) in stems(w) {
        if let Some((_, m)) = GREGORIAN_MONTHS.iter().find(|(n, _)| *n == s) {
            let end = i + 1;
            return Some((alt_month(items, end, *m), Month::Gregorian(*m)));
        }
        if let Some((_, second, m)) =
            TWO_WORD_MONTHS.iter().find(|(a, b, _)| *a == s && is_word(items, i + 1, &[b]))
        {
            let _ = second;
            let end = i + 2;
            return Some((alt_month(items, end, *m), Month::Gregorian(*m)));
        }
        if let Some((_, m)) = HIJRI_MONTHS.iter().find(|(n, _)| *n == s) {
            return Some((i + 1, Month::Hijri(*m)));
        }
        if let Some((_, _, m)) =
            HIJRI_TWO_WORD.iter().find(|(a, bs, _)| *a == s && is_word(items, i + 1, bs))
        {
            return Some((i + 2, Month::Hijri(*m)));
        }
    }
    None
}

/// After a month name, the same month in the other set: "كانون الثاني/يناير",
/// "تموز (يوليو)".
fn alt_month(items: &[Item<'_>], end: usize, m: i8) -> usize {
    let mut j = end;
    let open = items
        .get(j)
        .is_some_and(|x| x.kind == TokenKind::Punct && matches!(x.norm, "/" | "(" | "-"));
    if open {
        j += 1;
    }
    if let Some((e, Month::Gregorian(m2))) = month_name_at_plain(items, j)
        && m2 == m
        && (open || e > j)
    {
        let mut e = e;
        if items.get(e).is_some_and(|x| x.kind == TokenKind::Punct && x.norm == ")") {
            e += 1;
        }
        if open {
            return e;
        }
    }
    end
}

fn month_name_at_plain(items: &[Item<'_>], i: usize) -> Option<(usize, Month)> {
    let w = word(items, i)?;
    if let Some((_, m)) = GREGORIAN_MONTHS.iter().find(|(n, _)| *n == w) {
        return Some((i + 1, Month::Gregorian(*m)));
    }
    TWO_WORD_MONTHS
        .iter()
        .find(|(a, b, _)| *a == w && is_word(items, i + 1, &[b]))
        .map(|(_, _, m)| (i + 2, Month::Gregorian(*m)))
}

/// A day of the month at `i`: digits 1–31 or an ordinal (الأول، الثالث عشر).
fn day_at(items: &[Item<'_>], i: usize) -> Option<(usize, u8)> {
    let it = items.get(i)?;
    if it.kind == TokenKind::Number {
        let v = number::parse_digits(it.norm)?;
        if v.fract() == 0.0 && (1.0..=31.0).contains(&v) && !it.norm.contains('.') {
            return Some((i + 1, v as u8));
        }
        return None;
    }
    let nums = number::find_numbers(&items[i..(i + 4).min(items.len())]);
    let m =
        nums.first().filter(|m| m.span.start == it.span.start && m.kind == NumberKind::Ordinal)?;
    let v = m.value?;
    if !(1.0..=31.0).contains(&v) {
        return None;
    }
    let end = i + items[i..].iter().position(|x| x.span.end == m.span.end)? + 1;
    Some((end, v as u8))
}

/// A year at `i`: four digits, with optional era marker after it. Returns
/// the year and whether it was marked Hijri.
fn year_num_at(items: &[Item<'_>], i: usize) -> Option<(usize, i32, Option<bool>)> {
    let it = items.get(i)?;
    if it.kind != TokenKind::Number
        || it.norm.len() != 4
        || !it.norm.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let y: i32 = it.norm.parse().ok()?;
    if !(1000..=2200).contains(&y) {
        return None;
    }
    let (end, hijri) = era_marker(items, i + 1);
    Some((end, y, hijri))
}

/// "هـ" / "ه" / "هجري" (Hijri) or "م" / "ميلادي" / "للميلاد" (Gregorian).
fn era_marker(items: &[Item<'_>], i: usize) -> (usize, Option<bool>) {
    match word(items, i) {
        Some("ه" | "هـ" | "هجري" | "هجرية" | "للهجرة") => {
            let mut e = i + 1;
            if items.get(e).is_some_and(|x| x.norm == ".") {
                e += 1;
            }
            (e, Some(true))
        }
        Some("م" | "ميلادي" | "ميلادية" | "للميلاد") => (i + 1, Some(false)),
        _ => (i, None),
    }
}

/// "عام 2015", "سنة 2022", "لعام 2014", "من عام", "في سنة".
fn year_phrase_at(items: &[Item<'_>], i: usize) -> Option<(usize, i32, Option<bool>)> {
    let mut j = opt(items, i, &["من", "في"]);
    let w = word(items, j);
    if w.is_some_and(|w| stems(w).any(|(_, s)| matches!(s, "عام" | "سنة" | "العام" | "السنة")))
    {
        j += 1;
    }
    year_num_at(items, j)
}

fn hijri_date(y: i32, m: u8, d: u8) -> Option<DateValue> {
    hijri::to_gregorian(y, m, d).map(DateValue::day)
}

fn gregorian_date(y: i32, m: i8, d: u8) -> Option<DateValue> {
    Date::new(i16::try_from(y).ok()?, m, i8::try_from(d).ok()?).ok().map(DateValue::day)
}

/// The year for a month and day given without one.
fn infer_year(r: &Resolver, m: i8, d: u8) -> Option<DateValue> {
    let y = i32::from(r.today.year());
    let candidates = [y - 1, y, y + 1];
    let mut dates = candidates.iter().filter_map(|y| gregorian_date(*y, m, d));
    match r.prefer {
        Prefer::Past => dates.rfind(|v| v.start <= r.today),
        // Duckling's convention: this month or a later one.
        Prefer::Future => dates.into_iter().find(|v| v.start >= r.today.first_of_month()),
    }
}

fn infer_hijri(r: &Resolver, m: u8, d: u8) -> Option<DateValue> {
    let (hy, _, _) = hijri::from_gregorian(r.today)?;
    let mut dates = [hy - 1, hy, hy + 1].into_iter().filter_map(|y| hijri_date(y, m, d));
    match r.prefer {
        Prefer::Past => dates.rfind(|v| v.start <= r.today),
        Prefer::Future => dates.into_iter().find(|v| v.start >= r.today),
    }
}

/// [weekday [،] [الموافق]] [يوم] day [من] [شهر] month [[،] [عام] year [era]]
fn explicit_at(items: &[Item<'_>], i: usize, r: &Resolver) -> Option<Found> {
    let mut j = i;
    if weekday_word(word(items, j).unwrap_or("")).is_some()
        || (is_word(items, j, &["يوم"]) && word(items, j + 1).and_then(bare_weekday).is_some())
    {
        j = if is_word(items, j, &["يوم"]) { j + 2 } else { j + 1 };
        j = opt_punct(items, j);
        j = opt(items, j, &["الموافق"]);
    }
    j = opt(items, j, &["اليوم", "يوم"]);
    let (after_day, d) = day_at(items, j)?;
    let day_is_ordinal = items[j].kind == TokenKind::Word;
    let after_day = if day_is_ordinal { opt(items, after_day, &["يوم"]) } else { after_day };
    let mut k = opt(items, after_day, &["من"]);
    // "السبت السادس عشر": an ordinal day after a weekday, in the reference month.
    if j > i && day_is_ordinal && k == after_day && month_at(items, k).is_none() {
        let v = gregorian_date(i32::from(r.today.year()), r.today.month(), d)?;
        return Some((after_day, v, DateKind::Absolute));
    }
    let (after_month, month) = month_at(items, k).or_else(|| {
        // "الثلاثاء التاسع عشر من هذا الشهر".
        if is_word(items, k, &["هذا"]) && is_word(items, k + 1, &["الشهر"]) {
            Some((k + 2, Month::Gregorian(r.today.month())))
        } else {
            None
        }
    })?;
    k = after_month;
    let year_at_k = {
        let p = opt_punct(items, k);
        year_phrase_at(items, p)
    };
    match (month, year_at_k) {
        (Month::Gregorian(m), Some((end, y, hijri))) if hijri != Some(true) => {
            Some((end, gregorian_date(y, m, d)?, DateKind::Absolute))
        }
        (Month::Hijri(m), Some((end, y, _))) => Some((end, hijri_date(y, m, d)?, DateKind::Hijri)),
        (Month::Gregorian(m), _) => {
            // "السبت 21/09" style is numeric; here the month was a name.
            let v = if is_word(items, k, &["الماضي"]) {
                k += 1;
                let y = i32::from(r.today.year());
                gregorian_date(y, m, d)
                    .filter(|v| v.start < r.today)
                    .or_else(|| gregorian_date(y - 1, m, d))?
            } else {
                infer_year(r, m, d)?
            };
            Some((k, v, DateKind::Absolute))
        }
        (Month::Hijri(m), None) => {
            let (end, _) = era_marker(items, k);
            Some((end, infer_hijri(r, m, d)?, DateKind::Hijri))
        }
    }
}

/// Numeric dates: 25/3/2024, 25-03-2024, 2024-03-25, 25.3.2024, 21/09,
/// 2/2013, and Hijri 14-09-1432 هـ.
fn numeric_at(items: &[Item<'_>], i: usize, r: &Resolver) -> Option<Found> {
    let mut j = i;
    let mut had_weekday = false;
    if weekday_word(word(items, j).unwrap_or("")).is_some() {
        j = opt_punct(items, j + 1);
        had_weekday = true;
    } else if is_word(items, j, &["يوم"]) && word(items, j + 1).and_then(bare_weekday).is_some()
    {
        j = opt_punct(items, j + 2);
        had_weekday = true;
    }
    let first = items.get(j)?;
    if first.kind != TokenKind::Number {
        return None;
    }
    // One token with dots: 25.3.2024.
    let parts: Vec<u32>;
    let end;
    if first.norm.matches('.').count() == 2 {
        parts = first.norm.split('.').map(|p| p.parse().ok()).collect::<Option<Vec<u32>>>()?;
        end = j + 1;
    } else {
        let sep = items
            .get(j + 1)
            .filter(|x| x.kind == TokenKind::Punct && matches!(x.norm, "/" | "-"))?;
        let mut ps = vec![first.norm.parse::<u32>().ok()?];
        let mut k = j + 1;
        while ps.len() < 3 {
            match (items.get(k), items.get(k + 1)) {
                (Some(s), Some(n)) if s.norm == sep.norm && n.kind == TokenKind::Number => {
                    ps.push(n.norm.parse().ok()?);
                    k += 2;
                }
                _ => break,
            }
        }
        if ps.len() < 2 {
            return None;
        }
        parts = ps;
        end = k;
    }
    let (end, era) = era_marker(items, end);
    let (y, m, d) = match parts.as_slice() {
        [y, m, d] if *y >= 1000 => (*y as i32, *m, *d),
        [d, m, y] if *y >= 1000 => (*y as i32, *m, *d),
        [d, m]
            if (had_weekday || date_context(items, i) || (i == 0 && end == items.len()))
                && *d <= 31
                && *m <= 12 =>
        {
            let v = infer_year(r, *m as i8, *d as u8)?;
            return Some((end, v, DateKind::Absolute));
        }
        [m, y] if *y >= 1900 && *y <= 2200 && (1..=12).contains(m) && parts.len() == 2 => {
            let v = DateValue::month(*y as i16, *m as i8)?;
            return Some((end, v, DateKind::Absolute));
        }
        _ => return None,
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    if era == Some(true) {
        return Some((end, hijri_date(y, m as u8, d as u8)?, DateKind::Hijri));
    }
    Some((end, gregorian_date(y, m as i8, d as u8)?, DateKind::Absolute))
}

/// True when the word before `i` introduces a date ("في 21/09", "بتاريخ").
fn date_context(items: &[Item<'_>], i: usize) -> bool {
    i > 0 && is_word(items, i - 1, &["في", "بتاريخ", "يوم", "منذ", "حتى", "تاريخ"])
}

/// [شهر] month [،] year, or a month alone where the context shows it is a
/// date ("في يناير الماضي", "خلال مارس", "مارس الجاري").
fn month_year_at(items: &[Item<'_>], i: usize, r: &Resolver) -> Option<Found> {
    let (after, month) = month_at(items, i)?;
    let p = opt_punct(items, after);
    if let Some((end, y, hijri)) = year_phrase_at(items, p) {
        return match month {
            Month::Gregorian(m) if hijri != Some(true) => {
                Some((end, DateValue::month(y as i16, m)?, DateKind::Absolute))
            }
            Month::Hijri(m) => {
                let (s, e) = if hijri == Some(true) || y < 1600 {
                    hijri::month_range(y, m)?
                } else {
                    // "رمضان 2019": the Hijri month that begins in that Gregorian year.
                    let (hy, _, _) = hijri::from_gregorian(Date::new(y as i16, 1, 1).ok()?)?;
                    [hy, hy + 1]
                        .into_iter()
                        .filter_map(|hy| hijri::month_range(hy, m))
                        .find(|(s, _)| i32::from(s.year()) == y)?
                };
                Some((
                    end,
                    DateValue { start: s, end: e, precision: Precision::Month },
                    DateKind::Hijri,
                ))
            }
            _ => None,
        };
    }
    // "يوليو 13" (Duckling's order).
    if let (Month::Gregorian(m), Some((end, d))) = (month, day_at(items, after))
        && !is_word(items, end, &["الى", "حتى"])
        && items.get(end).is_none_or(|x| x.norm != "-")
    {
        return Some((end, infer_year(r, m, d)?, DateKind::Absolute));
    }
    let named_month =
        word(items, i).is_some_and(|w| !stems(w).any(|(_, s)| s == "شهر" || s == "الشهر"));
    let context_before = i > 0
        && word(items, i - 1).is_some_and(|w| {
            stems(w).any(|(_, w)| {
                matches!(
                    w,
                    "في" | "خلال"
                        | "منذ"
                        | "مطلع"
                        | "اواخر"
                        | "اوائل"
                        | "منتصف"
                        | "حتى"
                        | "نهاية"
                        | "بداية"
                        | "شهر"
                )
            })
        });
    let stem_prefix =
        word(items, i).is_some_and(|w| stems(w).nth(1).is_some_and(|(_, s)| month_name_plain(s)));
    let (end, v) = match (month, word(items, after)) {
        (Month::Gregorian(m), Some(w)) if PAST.contains(&w) => {
            let y = r.today.year();
            let mut v = DateValue::month(y, m)?;
            if v.start >= r.today.first_of_month() {
                v = DateValue::month(y - 1, m)?;
            }
            (after + 1, v)
        }
        (Month::Gregorian(m), Some(w)) if NEXT.contains(&w) => {
            let y = r.today.year();
            let mut v = DateValue::month(y, m)?;
            if v.start <= r.today.first_of_month() {
                v = DateValue::month(y + 1, m)?;
            }
            (after + 1, v)
        }
        (Month::Gregorian(m), Some(w)) if CURRENT.contains(&w) => {
            (after + 1, DateValue::month(r.today.year(), m)?)
        }
        (Month::Gregorian(m), _) if context_before || stem_prefix || !named_month => {
            let this = DateValue::month(r.today.year(), m)?;
            let v = match r.prefer {
                Prefer::Past if this.start > r.today => DateValue::month(r.today.year() - 1, m)?,
                Prefer::Future if this.end < r.today => DateValue::month(r.today.year() + 1, m)?,
                _ => this,
            };
            (after, v)
        }
        (Month::Hijri(m), _) if context_before || !named_month => {
            let (hy, _, _) = hijri::from_gregorian(r.today)?;
            let pick = |y: i32| hijri::month_range(y, m);
            let (s, e) = match r.prefer {
                Prefer::Past => {
                    [hy, hy - 1].into_iter().filter_map(pick).find(|(s, _)| *s <= r.today)?
                }
                Prefer::Future => {
                    [hy, hy + 1].into_iter().filter_map(pick).find(|(_, e)| *e >= r.today)?
                }
            };
            (after, DateValue { start: s, end: e, precision: Precision::Month })
        }
        _ => return None,
    };
    let kind = if matches!(month, Month::Hijri(_)) { DateKind::Hijri } else { DateKind::Absolute };
    Some((end, v, kind))
}

/// The number of a Gregorian month written as one word, in any spelling
/// the date reader knows ("سبتمبر", "أيلول", "إبريل").
pub fn month_number(word: &str) -> Option<i8> {
    let w = crate::normalize::normalize(word, crate::normalize::Profile::Match);
    GREGORIAN_MONTHS.iter().find(|(n, _)| *n == w).map(|(_, m)| *m)
}

fn month_name_plain(w: &str) -> bool {
    GREGORIAN_MONTHS.iter().any(|(n, _)| *n == w)
}

/// "عام 2015", "سنة 2022", "العام الماضي", "هذا العام", a bare year after
/// في/منذ/حتى.
fn year_at(items: &[Item<'_>], i: usize, r: &Resolver) -> Option<Found> {
    let w = word(items, i);
    let year_word = |w: &str| stems(w).any(|(_, s)| matches!(s, "عام" | "سنة" | "العام" | "السنة"));
    if w.is_some_and(year_word) {
        if let Some((end, y, hijri)) = year_num_at(items, i + 1) {
            return year_value(end, y, hijri);
        }
        let base = r.today.year();
        let def = w.is_some_and(|w| stems(w).any(|(_, s)| s == "العام" || s == "السنة"));
        if def {
            if is_word(items, i + 1, PAST) {
                return Some((i + 2, DateValue::year(base - 1)?, DateKind::Relative));
            }
            if is_word(items, i + 1, NEXT) {
                return Some((i + 2, DateValue::year(base + 1)?, DateKind::Relative));
            }
            if is_word(items, i + 1, CURRENT) {
                return Some((i + 2, DateValue::year(base)?, DateKind::Relative));
            }
        }
        return None;
    }
    // "هذا العام", "هذه السنة".
    if is_word(items, i, &["هذا", "هذه"]) && is_word(items, i + 1, &["العام", "السنة"])
    {
        return Some((i + 2, DateValue::year(r.today.year())?, DateKind::Relative));
    }
    // A bare year needs a preposition before it and no counted noun after.
    let it = items.get(i)?;
    if it.kind == TokenKind::Number
        && i > 0
        && is_word(items, i - 1, &["في", "منذ", "حتى", "قبل", "بعد", "خلال", "مطلع", "نهاية"])
    {
        let (end, y, hijri) = year_num_at(items, i)?;
        if (1900..=2100).contains(&y)
            && items.get(end).is_none_or(|n| {
                n.kind != TokenKind::Word || hijri.is_some() || is_function_word(n.norm)
            })
        {
            return year_value(end, y, hijri);
        }
    }
    // A year standing alone (a phrase, not a sentence).
    if it.kind == TokenKind::Number && i == 0 && items.len() <= 2 {
        let (end, y, hijri) = year_num_at(items, i)?;
        if end == items.len() {
            return year_value(end, y, hijri);
        }
    }
    None
}

fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "و" | "في"
            | "من"
            | "على"
            | "الى"
            | "عندما"
            | "حين"
            | "حيث"
            | "بعد"
            | "قبل"
            | "ثم"
            | "او"
    ) || w.starts_with('و')
}

fn year_value(end: usize, y: i32, hijri: Option<bool>) -> Option<Found> {
    if hijri == Some(true) {
        let (s, _) = hijri::month_range(y, 1)?;
        let (_, e) = hijri::month_range(y, 12)?;
        return Some((
            end,
            DateValue { start: s, end: e, precision: Precision::Year },
            DateKind::Hijri,
        ));
    }
    Some((end, DateValue::year(i16::try_from(y).ok()?)?, DateKind::Absolute))
}

/// Days named relative to the reference: اليوم، أمس، أول أمس، غدا…
fn relative_day_at(items: &[Item<'_>], i: usize, r: &Resolver) -> Option<Found> {
    let first: Vec<&str> = stems(word(items, i)?).map(|(_, s)| s).collect();
    for (words, delta) in RELATIVE_DAYS.iter().filter(|(ws, _)| first.contains(&ws[0])) {
        let ok = words.iter().enumerate().skip(1).all(|(k, w)| is_word(items, i + k, &[w]));
        if ok {
            let end = i + words.len();
            // "اليوم الثالث من": an ordinal day, not today.
            if *words == ["اليوم"] && is_word(items, end, &["الاول", "الاخير"]) {
                return None;
            }
            // "في نفس اليوم من عام 1980", "في ذات اليوم", "في مثل هذا
            // اليوم": the day of another date told nearby (the same day,
            // this day in an earlier year), not today.
            let same_at = |k: usize| {
                stems(word(items, k).unwrap_or("")).any(|(_, w)| matches!(w, "نفس" | "ذات" | "مثل"))
            };
            let same = (i > 0 && same_at(i - 1))
                || (i > 1 && is_word(items, i - 1, &["هذا"]) && same_at(i - 2));
            if same && matches!(words.first(), Some(&"اليوم" | &"هذا")) {
                return None;
            }
            let day = r.today + delta.days();
            return Some(named_weekday_after(items, end, day).unwrap_or((
                end,
                DateValue::day(day),
                DateKind::Relative,
            )));
        }
    }
    None
}

/// "اليوم السبت", "أمس الخميس": a relative day followed by its weekday. The
/// weekday is what the writer saw; the relative word counts from when they
/// wrote, which may be the day before the publication date (an article put
/// online after midnight, or the next morning; or a day after it, when the
/// time stamp is in a zone behind the writer's). The nearest such day, up
/// to three days before or one after, wins (the earlier on a tie); a
/// weekday further off is no part of the expression.
fn named_weekday_after(items: &[Item<'_>], at: usize, day: Date) -> Option<Found> {
    let k = opt_punct(items, at);
    let wd = weekday_word(word(items, k)?)?;
    let mut best: Option<Date> = None;
    for off in [0i64, -1, 1, -2, -3] {
        let d = day + off.days();
        if d.weekday() == wd {
            best = Some(d);
            break;
        }
    }
    Some((k + 1, DateValue::day(best?), DateKind::Weekday))
}

/// "مساء الخميس", "فجر اليوم", "صباح أمس", "ليل السبت": the day part is kept
/// in the span, the date is the day's.
fn day_part_at(items: &[Item<'_>], i: usize, r: &Resolver) -> Option<Found> {
    let w = word(items, i)?;
    if !stems(w).any(|(_, s)| DAY_PARTS.contains(&s)) {
        return None;
    }
    let j = i + 1;
    let inner = [
        relative_day_at(items, j, r),
        weekday_at(items, j, r),
        explicit_at(items, j, r),
        numeric_at(items, j, r),
    ];
    let (end, v, kind) = inner.into_iter().flatten().max_by_key(|f| f.0)?;
    // "ليلة الخميس" is the night before Thursday only in some usage; news
    // means Thursday night, so the date stays.
    let night = stems(w).any(|(_, s)| matches!(s, "ليل" | "ليلة"));
    if night && matches!(kind, DateKind::Weekday | DateKind::Relative) {
        return Some((night_to_next_day(items, end).unwrap_or(end), v, kind));
    }
    Some((end, v, kind))
}

/// "ليل الخميس-الجمعة", "ليل الأربعاء إلى الخميس": a night told by the
/// day it began and the day it ended is of the first day; the end of the
/// second day's word, when there is one.
fn night_to_next_day(items: &[Item<'_>], at: usize) -> Option<usize> {
    let k = match items.get(at)? {
        x if x.kind == TokenKind::Punct && matches!(x.norm, "-" | "–" | "/") => at + 1,
        _ if is_word(items, at, &["الى", "على"]) => at + 1,
        _ => return None,
    };
    weekday_word(word(items, k)?).map(|_| k + 1)
}

/// [يوم] weekday [الماضي|المقبل|من الأسبوع الماضي…].
fn weekday_at(items: &[Item<'_>], i: usize, r: &Resolver) -> Option<Found> {
    let mut j = i;
    let mut this = false;
    if is_word(items, j, &["هذا", "يوم", "كل"]) {
        this = is_word(items, j, &["هذا"]);
        j += 1;
    }
    let w = word(items, j)?;
    let day = if j > i {
        bare_weekday(w)
    } else {
        // "احد الاسبوع الماضي": a bare weekday names a day of a named week.
        weekday_word(w)
            .or_else(|| bare_weekday(w).filter(|_| week_ref_at(items, j + 1, r).is_some()))
    }?;
    j += 1;
    let today = r.today;
    let back = |strict: bool| {
        let mut d = today;
        while d.weekday() != day || (strict && d == today) {
            d -= 1.day();
        }
        d
    };
    let fwd = |strict: bool| {
        let mut d = today;
        while d.weekday() != day || (strict && d == today) {
            d += 1.day();
        }
        d
    };
    // "الاحد من الاسبوع الماضي", "احد الاسبوع الماضي", "الاثنين من هذا الاسبوع".
    let k = opt(items, j, &["من"]);
    if let Some((end, week)) = week_ref_at(items, k, r) {
        let off = i64::from(day.to_monday_zero_offset());
        return Some((end, DateValue::day(week.start + off.days()), DateKind::Weekday));
    }
    // "السبت قبل الماضي": the one a week before the last.
    if is_word(items, j, &["قبل"]) && is_word(items, j + 1, PAST) {
        return Some((j + 2, DateValue::day(back(true) - 7.days()), DateKind::Weekday));
    }
    if is_word(items, j, PAST) {
        return Some((j + 1, DateValue::day(back(true)), DateKind::Weekday));
    }
    if is_word(items, j, NEXT) {
        return Some((j + 1, DateValue::day(fwd(true)), DateKind::Weekday));
    }
    let d = match r.prefer {
        Prefer::Past if !this => back(false),
        _ => fwd(true),
    };
    Some((j, DateValue::day(d), DateKind::Weekday))
}

/// "الأسبوع الماضي", "هذا الأسبوع", "الأسبوع المقبل".
fn week_ref_at(items: &[Item<'_>], i: usize, r: &Resolver) -> Option<(usize, DateValue)> {
    let this_week = DateValue::week_of(r.today);
    if is_word(items, i, &["هذا"]) && is_word(items, i + 1, &["الاسبوع"]) {
        return Some((i + 2, this_week));
    }
    let w = word(items, i)?;
    if !stems(w).any(|(_, s)| s == "الاسبوع") {
        return None;
    }
    if is_word(items, i + 1, PAST) {
        return Some((i + 2, DateValue::week_of(r.today - 7.days())));
    }
    if is_word(items, i + 1, NEXT) {
        return Some((i + 2, DateValue::week_of(r.today + 7.days())));
    }
    if is_word(items, i + 1, CURRENT) {
        return Some((i + 2, this_week));
    }
    None
}

/// "الأسبوع الماضي", "الشهر الماضي", "الشهر الجاري".
fn relative_period_at(items: &[Item<'_>], i: usize, r: &Resolver) -> Option<Found> {
    if let Some((end, v)) = week_ref_at(items, i, r) {
        return Some((end, v, DateKind::Relative));
    }
    let month = |d: Date| DateValue::month(d.year(), d.month());
    if is_word(items, i, &["هذا"]) && is_word(items, i + 1, &["الشهر"]) {
        return Some((i + 2, month(r.today)?, DateKind::Relative));
    }
    let w = word(items, i)?;
    if stems(w).any(|(_, s)| s == "الشهر") {
        let first = r.today.first_of_month();
        if is_word(items, i + 1, PAST) {
            return Some((i + 2, month(first - 1.day())?, DateKind::Relative));
        }
        if is_word(items, i + 1, NEXT) {
            return Some((i + 2, month(first.last_of_month() + 1.day())?, DateKind::Relative));
        }
        if is_word(items, i + 1, CURRENT) {
            return Some((i + 2, month(r.today)?, DateKind::Relative));
        }
    }
    None
}

/// "قبل ثلاثة أيام", "منذ أسبوعين", "قبل شهر", "بعد 3 أيام".
fn ago_at(items: &[Item<'_>], i: usize, r: &Resolver) -> Option<Found> {
    let w = word(items, i)?;
    let sign: i64 =
        match stems(w).map(|(_, s)| s).find(|s| matches!(*s, "قبل" | "منذ" | "بعد" | "من"))?
        {
            "بعد" => 1,
            _ => -1,
        };
    // "أقل من أسبوعين", "أكثر من شهر": a length of time, not a date.
    if i > 0
        && stems(w).any(|(_, s)| s == "من")
        && word(items, i - 1)
            .is_some_and(|p| stems(p).any(|(_, p)| matches!(p, "اقل" | "اكثر" | "ازيد" | "خلال")))
    {
        return None;
    }
    let j = i + 1;
    let (n, unit, end) = if let Some((u, dual)) = word(items, j).and_then(time_unit) {
        // "قبل أيام", "منذ أسابيع": a few, not a count; no day can be named.
        if word(items, j).is_some_and(|w| {
            matches!(w, "ايام" | "اسابيع" | "اشهر" | "شهور" | "اعوام" | "سنوات" | "سنين")
        }) {
            return None;
        }
        (if dual { 2 } else { 1 }, u, j + 1)
    } else {
        let nums = number::find_numbers(&items[j..(j + 6).min(items.len())]);
        let m = nums
            .first()
            .filter(|m| m.span.start == items[j].span.start && m.kind == NumberKind::Cardinal)?;
        let v = m.value?;
        let k = j + items[j..].iter().position(|x| x.span.end == m.span.end)? + 1;
        let (u, _) = word(items, k).and_then(time_unit)?;
        (v as i64, u, k + 1)
    };
    // "بعد أسبوعين من التفجير": counted from another event, not from the
    // reference.
    if word(items, end).is_some_and(|w| matches!(w, "من" | "على")) {
        return None;
    }
    // "قبل 40 ألف عام" is no date of news: an amount past any calendar
    // rasd reads is no relative date (and would overflow the arithmetic).
    if n > MAX_RELATIVE_AMOUNT {
        return None;
    }
    let d = r.today;
    let v = match unit {
        Precision::Day => DateValue::day(d.checked_add((sign * n).days()).ok()?),
        // "قبل أسبوع" is seven days; "قبل أسبوعين" names a week, not a day.
        Precision::Week if n == 1 => DateValue::day(d.checked_add((sign * 7).days()).ok()?),
        Precision::Week => DateValue::week_of(d.checked_add((sign * n * 7).days()).ok()?),
        Precision::Month => {
            let m = d.first_of_month().checked_add((sign * n).months()).ok()?;
            DateValue::month(m.year(), m.month())?
        }
        Precision::Year => DateValue::year(d.year().checked_add(i16::try_from(sign * n).ok()?)?)?,
    };
    Some((end, v, DateKind::Relative))
}

/// The largest amount of a unit a relative date may count ("قبل 3000 عام"
/// still reads; ten thousand years or days of anything is no news date).
const MAX_RELATIVE_AMOUNT: i64 = 9_999;

/// A unit of time and whether the word is its dual.
fn time_unit(w: &str) -> Option<(Precision, bool)> {
    Some(match w {
        "يوم" | "ايام" | "يوما" => (Precision::Day, false),
        "يومين" | "يومان" => (Precision::Day, true),
        "اسبوع" | "اسابيع" | "اسبوعا" => (Precision::Week, false),
        "اسبوعين" | "اسبوعان" => (Precision::Week, true),
        "شهر" | "اشهر" | "شهور" | "شهرا" => (Precision::Month, false),
        "شهرين" | "شهران" => (Precision::Month, true),
        "عام" | "اعوام" | "سنة" | "سنوات" | "سنين" | "عاما" => {
            (Precision::Year, false)
        }
        "عامين" | "عامان" | "سنتين" | "سنتان" => (Precision::Year, true),
        _ => return None,
    })
}

/// "مطلع/أوائل/منتصف/أواخر/نهاية" + a month expression.
fn month_part_at(items: &[Item<'_>], i: usize, r: &Resolver) -> Option<Found> {
    let w = word(items, i)?;
    let part = match stems(w).map(|(_, s)| s).find(|s| {
        matches!(
            *s,
            "مطلع"
                | "بداية"
                | "بدايه"
                | "اوائل"
                | "منتصف"
                | "نص"
                | "نصف"
                | "اواسط"
                | "اواخر"
                | "نهاية"
                | "نهايه"
                | "اخر"
        )
    })? {
        "مطلع" | "بداية" | "بدايه" => MonthPart::Start,
        "اوائل" => MonthPart::Early,
        "منتصف" | "نص" | "نصف" | "اواسط" => MonthPart::Middle,
        "اواخر" => MonthPart::Late,
        _ => MonthPart::End,
    };
    let j = i + 1;
    let inner = [month_year_at(items, j, r), relative_period_at(items, j, r)];
    let (end, v, kind) = inner
        .into_iter()
        .flatten()
        .filter(|f| f.1.precision == Precision::Month)
        .max_by_key(|f| f.0)?;
    if matches!(part, MonthPart::End) && w == "اخر" {
        // "آخر مارس" is rare; "آخر" mostly means "latest".
        return None;
    }
    let (s, e) = (v.start, v.end);
    let day = |n: i8| s.with().day(n).build().ok();
    let (start, stop) = match part {
        MonthPart::Start => (s, s),
        MonthPart::Early => (s, day(10)?),
        MonthPart::Middle => (day(15)?, day(15)?),
        MonthPart::Late => (day(21)?, e),
        MonthPart::End => (e, e),
    };
    Some((end, DateValue { start, end: stop, precision: Precision::Month }, kind))
}

/// "آخر اثنين من شهر آذار", "ثالث ثلاثاء في أيلول 2014", "الاثنين الاخير من".
fn nth_weekday_at(items: &[Item<'_>], i: usize, r: &Resolver) -> Option<Found> {
    let w = word(items, i)?;
    let (n, day, mut j): (i32, Weekday, usize) = if let Some(n) = nth_word(w) {
        let mut j = i + 1;
        j = opt(items, j, &["يوم"]);
        let day = bare_weekday(word(items, j)?)?;
        (n, day, j + 1)
    } else {
        let day = weekday_word(w)?;
        let n = nth_word(word(items, i + 1)?)?;
        // "الأحد الثالث من مارس" is the 3rd when that day is a Sunday.
        if explicit_at(items, i, r).is_some_and(|(_, v, _)| v.start.weekday() == day) {
            return None;
        }
        (n, day, i + 2)
    };
    if !stems(word(items, j)?).any(|(_, s)| matches!(s, "من" | "في")) {
        // "بايلول": the preposition is attached to the month.
        month_at(items, j)?;
    } else {
        j += 1;
    }
    let (end, v) = month_value_at(items, j, r)?;
    let d = if n > 0 {
        let mut d = v.start;
        while d.weekday() != day {
            d += 1.day();
        }
        d + ((n - 1) as i64 * 7).days()
    } else {
        let mut d = v.end;
        while d.weekday() != day {
            d -= 1.day();
        }
        d
    };
    Some((end, DateValue::day(d), DateKind::Absolute))
}

/// A month expression at `i` (with its year, if written after it), as a
/// month-precision value.
fn month_value_at(items: &[Item<'_>], i: usize, r: &Resolver) -> Option<(usize, DateValue)> {
    let (end, v, _) = [month_year_at(items, i, r), relative_period_at(items, i, r)]
        .into_iter()
        .flatten()
        .chain(
            std::iter::once_with(|| {
                month_at(items, i).and_then(|(e, m)| match m {
                    Month::Gregorian(m) => {
                        DateValue::month(r.today.year(), m).map(|v| (e, v, DateKind::Absolute))
                    }
                    Month::Hijri(_) => None,
                })
            })
            .flatten(),
        )
        .filter(|f| f.1.precision == Precision::Month)
        .max_by_key(|f| f.0)?;
    match year_after(items, end, r) {
        Some((e, y)) => Some((e, DateValue::month(y, v.start.month())?)),
        None => Some((end, v)),
    }
}

/// "أول أسبوع من أكتوبر 2014", "الأسبوع الأخير في سبتمبر", "آخر يوم بشهر
/// عشرة": a week or day counted within a month. Weeks run Monday to Sunday
/// and count only when they lie wholly in the month.
fn period_of_month_at(items: &[Item<'_>], i: usize, r: &Resolver) -> Option<Found> {
    let (n, week, j) = match (word(items, i)?, word(items, i + 1)) {
        (a, Some(b)) if nth_word(a).is_some() && matches!(b, "اسبوع" | "يوم") => {
            (nth_word(a)?, b == "اسبوع", i + 2)
        }
        ("الاسبوع" | "اليوم", Some(b)) if nth_word(b).is_some() => {
            (nth_word(b)?, word(items, i)? == "الاسبوع", i + 2)
        }
        _ => return None,
    };
    let j = opt(items, j, &["من", "في"]);
    let (end, m) = month_value_at(items, j, r)?;
    let v = if week {
        let first_monday = {
            let mut d = m.start;
            while d.weekday() != Weekday::Monday {
                d += 1.day();
            }
            d
        };
        let start = if n > 0 {
            first_monday + ((n - 1) as i64 * 7).days()
        } else {
            let mut d = m.end - 6.days();
            while d.weekday() != Weekday::Monday {
                d -= 1.day();
            }
            d
        };
        DateValue { start, end: start + 6.days(), precision: Precision::Week }
    } else if n > 0 {
        DateValue::day(m.start + ((n - 1) as i64).days())
    } else {
        DateValue::day(m.end)
    };
    Some((end, v, DateKind::Absolute))
}

fn year_after(items: &[Item<'_>], i: usize, r: &Resolver) -> Option<(usize, i16)> {
    let j = opt(items, i, &["من", "في"]);
    if let Some((e, y, _)) = year_phrase_at(items, j) {
        return Some((e, y as i16));
    }
    if let Some((e, v, _)) = year_at(items, j, r)
        && v.precision == Precision::Year
    {
        return Some((e, v.start.year()));
    }
    None
}

fn nth_word(w: &str) -> Option<i32> {
    Some(match w {
        "اول" | "الاول" | "الاولى" => 1,
        "ثاني" | "ثان" | "الثاني" | "الثانية" => 2,
        "ثالث" | "الثالث" | "الثالثة" => 3,
        "رابع" | "الرابع" | "الرابعة" => 4,
        "خامس" | "الخامس" | "الخامسة" => 5,
        "اخر" | "الاخير" | "الاخيرة" => -1,
        _ => return None,
    })
}

/// Holidays, resolved to the occurrence nearest the reference on the
/// preferred side, or in the year given.
fn holiday_at(items: &[Item<'_>], i: usize, r: &Resolver) -> Option<Found> {
    // "سوق لعيد الميلاد", "أسواق عيد الميلاد": a Christmas market, not a day.
    if i > 0
        && word(items, i - 1).is_some_and(|w| {
            stems(w).any(|(_, s)| matches!(s, "سوق" | "سوقا" | "السوق" | "اسواق" | "الاسواق"))
        })
    {
        return None;
    }
    let (words, h) = HOLIDAYS.iter().find(|(ws, _)| {
        ws.iter().enumerate().all(|(k, w)| {
            word(items, i + k)
                .is_some_and(|x| if k == 0 { stems(x).any(|(_, s)| s == *w) } else { x == *w })
        })
    })?;
    let mut end = i + words.len();
    let year = year_num_at(items, end).map(|(e, y, _)| {
        end = e;
        y
    });
    let in_year = |gy: i32| -> Vec<Date> {
        match *h {
            H::Fixed(m, d) => Date::new(gy as i16, m, d).ok().into_iter().collect(),
            H::Easter => easter(gy).into_iter().collect(),
            H::Hijri(m, d) => {
                // A Hijri date falls once or twice in a Gregorian year.
                let (hy, _, _) =
                    hijri::from_gregorian(Date::new(gy as i16, 1, 1).ok().unwrap_or(r.today))
                        .unwrap_or((1400, 1, 1));
                [hy, hy + 1]
                    .into_iter()
                    .filter_map(|y| hijri::to_gregorian(y, m, d))
                    .filter(|g| i32::from(g.year()) == gy)
                    .collect()
            }
        }
    };
    let d = match year {
        Some(y) => *in_year(y).first()?,
        None => {
            let y = i32::from(r.today.year());
            let all: Vec<Date> = (y - 1..=y + 1).flat_map(in_year).collect();
            match r.prefer {
                Prefer::Past => *all.iter().rfind(|d| **d <= r.today)?,
                Prefer::Future => *all.iter().find(|d| **d >= r.today)?,
            }
        }
    };
    Some((end, DateValue::day(d), DateKind::Holiday))
}

/// Easter Sunday (Gregorian computus).
fn easter(y: i32) -> Option<Date> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(y as i16, month as i8, day as i8).ok()
}

/// Ranges: "من 13 إلى 15 تموز", "13-15 يوليو", "يوليو 13-15", "بين الجمعة
/// والاثنين", "من 1-8 شهر أيلول".
fn range_at(items: &[Item<'_>], i: usize, r: &Resolver) -> Option<Found> {
    let mut j = i;
    let between = is_word(items, j, &["بين"]);
    if between || is_word(items, j, &["من"]) {
        j += 1;
    }
    // Month first: "يوليو 13-15", "اغسطس 27 الى 29".
    if let Some((after_m, Month::Gregorian(m))) = month_name_at(items, j) {
        let (e1, d1) = day_at(items, after_m)?;
        let k = range_sep(items, e1, between)?;
        let (e2, d2) = day_at(items, k)?;
        let a = infer_year(r, m, d1)?;
        let b = gregorian_date(i32::from(a.start.year()), m, d2)?;
        return range_value(e2, a, b);
    }
    // Days first, month after the second: "13 الى 15 تموز", "1-8 شهر أيلول".
    if let Some((e1, d1)) = day_at(items, j)
        && let Some(k) = range_sep(items, e1, between)
        && let Some((e2, d2)) = day_at(items, k)
    {
        let k2 = opt(items, e2, &["من"]);
        let (e3, month) = month_at(items, k2)?;
        if let Month::Gregorian(m) = month {
            let p = opt_punct(items, e3);
            let (end, b) = match year_phrase_at(items, p) {
                Some((e, y, _)) => (e, gregorian_date(y, m, d2)?),
                None => (e3, infer_year(r, m, d2)?),
            };
            let a = gregorian_date(i32::from(b.start.year()), m, d1)?;
            return range_value(end, a, b);
        }
        return None;
    }
    // Two full expressions: "من 13 تموز الى 15 تموز", "بين غدا و الجمعة".
    if j == i {
        return None;
    }
    let (e1, a, _) = date_at_simple(items, j, r)?;
    if let Some(k) = range_sep(items, e1, between) {
        let (e2, b, _) = date_at_simple(items, k, r)?;
        return range_value(e2, a, b);
    }
    // "بين غدا والجمعة": the و of the second date is attached to it.
    let conj = word(items, e1).and_then(without_conj)?;
    if !between {
        return None;
    }
    let mut tail: Vec<Item<'_>> = items[e1..].to_vec();
    tail[0].norm = conj;
    let (e2, b, _) = date_at_simple(&tail, 0, r)?;
    range_value(e1 + e2, a, b)
}

fn date_at_simple(items: &[Item<'_>], i: usize, r: &Resolver) -> Option<Found> {
    [explicit_at(items, i, r), relative_day_at(items, i, r), weekday_at(items, i, r)]
        .into_iter()
        .flatten()
        .max_by_key(|f| f.0)
}

fn range_sep(items: &[Item<'_>], i: usize, between: bool) -> Option<usize> {
    let it = items.get(i)?;
    if it.kind == TokenKind::Punct && it.norm == "-" {
        return Some(i + 1);
    }
    if between {
        if it.is("و") {
            return Some(i + 1);
        }
        return None;
    }
    if it.is_any(&["الى", "حتى", "لغاية", "ولغاية", "وحتى"]) {
        return Some(i + 1);
    }
    None
}

fn range_value(end: usize, a: DateValue, b: DateValue) -> Option<Found> {
    if b.end < a.start {
        return None;
    }
    Some((
        end,
        DateValue { start: a.start, end: b.end, precision: Precision::Day },
        DateKind::Range,
    ))
}
