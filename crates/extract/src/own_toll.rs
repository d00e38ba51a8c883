//! Whether the figure chosen as an event's toll is the incident's own, for
//! the watch's sake.
//!
//! Choosing the toll is `casualty` and `build`'s business, and what they
//! choose is measured against the annotated articles. `build` reads one
//! answer of this module in its choice: a running total gives way to any
//! other figure of the event (a recalled toll does not: it is often the
//! toll of the recalled event itself, told as an event of its own). Beyond
//! that, it only marks a chosen figure that is not one incident's toll
//! (the evidence rule ends with `(running total)`, `(recalled toll)` or
//! `(battle total)`), so
//! that the watch does not raise a mass-casualty warning or add to a surge
//! in deaths on a campaign's running total or on a toll an anniversary
//! piece recalls. The cues are read in the figure's sentence only, and only
//! where news writing makes them unambiguous:
//!
//! * a running total: a war or campaign opened by منذ ("منذ بدء العملية",
//!   "منذ 19 أبريل": a date a week back or more) anywhere before the figure
//!   in its sentence or in the clause after it, unless a comparison opens
//!   it ("الأعنف منذ"); a stretch of time ("خلال الساعات الـ48 الأخيرة",
//!   "طوال أيام", "في أسابيع من") before the figure or in the clause after
//!   it, a stretch that names a campaign ("خلال التصعيد الأخير") or
//!   counts its days ("ستة أسابيع", "بـ6 أيام", "في يومين"); a total
//!   ("الحصيلة الإجمالية"), a toll named after a campaign ("حصيلة قتلى
//!   العملية العسكرية"; منذ تكثيف or تصعيد opens one too), a figure over many fronts ("في جبهات متفرقة")
//!   or a report's statistic ("جراء هذه الجرائم والانتهاكات"), "since then"
//!   in its clause ("مذاك", "منذ ذلك الحين"), the
//!   dead of a war as a whole ("وقتل في النزاع السوري أكثر من 200 صحفي"),
//!   or the other side's dead given as the counterpart ("في المقابل") of
//!   a running total in the sentence before;
//! * a battle total (`(battle total)`): a sentence that joins fighting on
//!   the ground to strikes or shelling ("في مواجهات وغارات"), spreads the
//!   figure over many places or fronts ("في مناطق متفرقة", "مدن وبلدات"),
//!   or counts strikes over a stretch of hours ("غارات … خلال الساعات
//!   الـ24 الماضية"): a front's battle or a day's raids, not one attack;
//! * a recalled toll: an anniversary ("ذكرى مقتل 25 شخصا") just before
//!   it, a sentence of background ("يذكر أن"), or a date or a year in its
//!   sentence more than a month before the article (not one after منذ,
//!   which opens a period).
//!
//! A headline's figure has no sentence of cues around it ("مصرع 250 من
//! منطقة واحدة"): it is read as the body tells it when the body gives the
//! same figure again (`as_the_body_tells`).

use rasd_text::item::stems;

use crate::annotate::Doc;
use crate::casualty::Fact;
use crate::lists::{List, stem_in};

/// Why a figure is not an incident's own toll.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NotOwn {
    /// It counts over a period or a campaign.
    RunningTotal,
    /// It is the toll of an earlier event the article recalls.
    Recalled,
    /// It is a battle report's or a day's tally over many attacks.
    BattleTotal,
}

/// Words after the figure read for a stretch of time ("قتل 60 خلال
/// الساعات الـ48 الأخيرة"): a clause, not the rest of a long sentence.
const AFTER: usize = 12;
/// Words after a stretch-of-time word within which its period noun stands.
const NOUN_WITHIN: usize = 3;
/// Days back a date after منذ must lie to open a campaign: a battle "since
/// Wednesday" is one episode, told with its toll; a week or more back, the
/// figure is a campaign's.
const SINCE_DAYS: i64 = 7;
/// Words before the figure within which an anniversary word recalls it
/// ("ذكرى مقتل 25 شخصا"); further off, the anniversary is the occasion of
/// the news ("في يوم إحياء ذكرى النكبة، وبعد يوم من مقتل 60").
const MEMORIAL_WITHIN: usize = 4;

fn is(doc: &Doc<'_>, i: usize, l: List) -> bool {
    doc.items.get(i).is_some_and(|it| stem_in(l, it.norm))
}

pub(crate) fn is_word(doc: &Doc<'_>, i: usize, w: &str) -> bool {
    doc.items.get(i).is_some_and(|it| stems(it.norm).any(|(_, s)| s == w))
}

/// The item range a figure's words cover.
fn items_of(doc: &Doc<'_>, f: &Fact, sentence_end: usize) -> (usize, usize) {
    let end = (f.at..sentence_end)
        .find(|&i| doc.items[i].span.start >= f.span.end)
        .unwrap_or(sentence_end);
    (f.at, end.max(f.at + 1).min(sentence_end))
}

/// A date starts at item `i`.
fn date_at(doc: &Doc<'_>, i: usize) -> Option<usize> {
    doc.date_items.iter().position(|(a, _)| *a == i)
}

/// منذ at item `i` opens a period: a campaign ("منذ بدء", "منذ أن بدأت
/// الحملة": a verb of starting after أن), a date at least
/// a week back ("منذ 19 أبريل"; "منذ مساء الأحد" is how one attack's
/// manhunt is told) or months and years ("منذ ثلاثة أشهر"); not a
/// comparison ("الأعنف منذ", "أعنف هجوم منذ").
pub(crate) fn opens_period(doc: &Doc<'_>, i: usize) -> bool {
    let compared = (i.saturating_sub(2)..i).any(|j| doc.compares(j));
    if !is_word(doc, i, "منذ") || compared {
        return false;
    }
    let days_back = |d: usize| {
        doc.analysis
            .reference
            .map_or(0, |r| (r - doc.analysis.dates[d].value.start).get_days() as i64)
    };
    is(doc, i + 1, List::StartWords)
        || (is_word(doc, i + 1, "ان") && is(doc, i + 2, List::StartWords))
        || date_at(doc, i + 1).is_some_and(|d| days_back(d) >= SINCE_DAYS)
        || (1..=2).any(|k| {
            is(doc, i + k, List::PeriodNouns)
                && !doc.items[i + k].norm.contains("ساع")
                && !doc.items[i + k].norm.contains("يوم")
                && !doc.items[i + k].norm.contains("ايام")
        })
}

/// منذ at item `i` opens a period ([`opens_period`]) or a campaign named
/// by its noun ("قضوا منذ التصعيد على المنطقة", "منذ الحملة"): a figure
/// told with it counts over the campaign. (The frames read "منذ" and a
/// noun as the earlier event a period runs from, and keep its day apart;
/// only the figure's reading takes the campaign here.)
fn opens_campaign(doc: &Doc<'_>, i: usize) -> bool {
    let compared = (i.saturating_sub(2)..i).any(|j| doc.compares(j));
    opens_period(doc, i)
        || (is_word(doc, i, "منذ") && !compared && is(doc, i + 1, List::CampaignNouns))
}

/// A stretch of time opens at item `i` ("خلال الفترة", "طوال أيام", "على
/// مدى ثلاثة أشهر").
/// Plain في opens one only right before a noun of many days, weeks,
/// months or years ("في أسابيع من الاشتباكات"): "في عام 1946" dates an
/// event and "في الساعات الأولى من الهجوم" is the attack's. Neither opens
/// one after a comparison ("أدمى الأيام في السنوات الأخيرة").
fn opens_stretch(doc: &Doc<'_>, i: usize, end: usize) -> bool {
    let period = |k: usize| is(doc, k, List::PeriodNouns);
    let compared = (i.saturating_sub(4)..i).any(|j| doc.compares(j));
    let campaign = |k: usize| is(doc, k, List::CampaignNouns);
    let over = is(doc, i, List::OverWords)
        && (i + 1..(i + 1 + NOUN_WITHIN).min(end)).any(|k| period(k) || campaign(k));
    let within = is_word(doc, i, "في")
        && i + 1 < end
        && period(i + 1)
        && !is(doc, i + 1, List::OnePeriod)
        && !doc.items[i + 1].norm.contains("ساع");
    !compared && (over || within)
}

/// "وقتل في النزاع السوري أكثر من 200 صحفي": في before a war as a whole
/// at item `i` counts the war's dead.
fn in_war(doc: &Doc<'_>, i: usize, end: usize) -> bool {
    is_word(doc, i, "في") && i + 1 < end && is(doc, i + 1, List::WarNouns)
}

/// A total over many incidents ("الحصيلة الإجمالية") at item `i`, or a
/// figure counted over many fronts ("في جبهات متفرقة") or by a report of
/// violations ("جراء هذه الجرائم والانتهاكات"). ("حتى الآن", so far, is not
/// one: a single attack's toll is told so as often as a campaign's.)
fn total_at(doc: &Doc<'_>, i: usize) -> bool {
    is(doc, i, List::TotalWords) || is(doc, i, List::ManyFronts)
}

/// A toll named after a campaign at item `i` ("حصيلة قتلى العملية العسكرية
/// في المحافظة إلى 162", "حصيلة ضحايا الحملة"): the campaign's toll, not
/// one attack's. A suicide "عملية" is one attack, so the operation must be
/// a military one; "حصيلة قتلى الهجوم" stays the attack's.
fn campaign_toll(doc: &Doc<'_>, i: usize, end: usize) -> bool {
    let military = |k: usize| {
        k + 1 < end && doc.items[k].norm.contains("عملي") && doc.items[k + 1].norm.contains("عسكري")
    };
    doc.items[i].norm.contains("حصيل")
        && (i + 1..(i + 1 + NOUN_WITHIN).min(end))
            .any(|k| is(doc, k, List::CampaignNouns) || military(k))
}

/// A count of days, weeks, months or years at item `i` ("ستة أسابيع",
/// "بـ6 أيام", "4 سنوات"): a figure in its clause counts over them. Not
/// "قبل يومين" (two days ago: the attack's own day), nor "بعد يومين من
/// الهجوم"; "بعد ستة أسابيع" (of protests) is a period. Hours are one
/// battle's or one bombardment's as often as not, and stay the attack's.
fn counted_period(doc: &Doc<'_>, i: usize) -> bool {
    let Some(&(_, end)) = doc.number_items.iter().find(|(a, _)| *a == i) else { return false };
    if end >= doc.items.len() || !is(doc, end, List::PeriodNouns) || is(doc, end, List::OnePeriod) {
        return false;
    }
    let noun = doc.items[end].norm;
    if noun.contains("ساع") {
        return false;
    }
    let days = noun.contains("يوم") || noun.contains("ايام");
    let ago = i > 0 && is_word(doc, i - 1, "قبل");
    let after = i > 0 && is_word(doc, i - 1, "بعد");
    !(ago || (after && days))
}

/// Words before the hours of a stretch within which خلال stands ("خلال
/// الساعات الـ24 الماضية", "خلال 24 ساعة").
const HOURS_WITHIN: usize = 3;

/// The figure's sentence (`items`) tells a battle report or a day's tally
/// over many attacks, not one attack's toll:
///
/// * it joins fighting on the ground to strikes or shelling ("قتل 70
///   عنصرا في مواجهات وغارات للتحالف"): two kinds of violence, a front's
///   battle, with one side's dead counted by the other;
/// * it spreads the figure over many places or fronts ("في مناطق متفرقة",
///   "على مدن وبلدات الغوطة", "في جبهات"), whatever the violence;
/// * it gives the dead of the battles ("قتلوا خلال المعارك", "بمعارك
///   جنوبي المدينة"), a battle's toll; or a front's
///   ("في جبهة الساحل", not a group's name, "جبهة النصرة");
/// * it counts strikes or shelling over a stretch of hours ("في غارات …
///   خلال الساعات الـ24 الماضية"): a day of raids, not one.
fn battle_total(doc: &Doc<'_>, items: std::ops::Range<usize>) -> bool {
    let any = |l: List| items.clone().any(|i| is(doc, i, l));
    let joined = any(List::GroundFighting) && any(List::StrikesShelling);
    let spread = items.clone().any(|i| {
        let place = is(doc, i, List::PlaceNouns);
        let front =
            is_word(doc, i, "جبهة") && i + 1 < items.end && !is(doc, i + 1, List::FrontNames);
        front
            || is(doc, i, List::ManyFronts)
            || is_word(doc, i, "انحاء")
            || (place
                && (is(doc, i + 1, List::SpreadWords)
                    || (i > items.start && is(doc, i - 1, List::SpreadWords))
                    || (i + 1 < items.end && is(doc, i + 1, List::PlaceNouns))))
    });
    let hours = items.clone().any(|i| {
        doc.items[i].norm.contains("ساع")
            && (i.saturating_sub(HOURS_WITHIN).max(items.start)..i).any(|j| is_word(doc, j, "خلال"))
    });
    // "قتلوا خلال المعارك", "بمعارك": the dead of the battles, a battle's
    // toll. Battles only: "في اشتباكات طائفية" and "في مواجهات" (with
    // protesters at a border) tell one day's killings as often.
    let in_fighting = items.clone().any(|i| {
        stems(doc.items[i].norm).any(|(_, w)| w == "معارك" || w == "المعارك")
            && (doc.items[i].norm.starts_with('ب')
                || (i > items.start && (is_word(doc, i - 1, "خلال") || is_word(doc, i - 1, "في"))))
    });
    joined || spread || in_fighting || (hours && any(List::StrikesShelling))
}

/// "أكثر من 1500 مقاتل لقوا حتفهم منذ بدء الهجوم. ووثق المرصد في المقابل
/// مقتل أكثر من 400 عنصر": a figure given as the counterpart ("في المقابل",
/// "بالمقابل") of a running total in the sentence before counts over the
/// same period, the other side's dead of the campaign.
fn answers_a_running_total(doc: &Doc<'_>, si: usize, before: std::ops::Range<usize>) -> bool {
    let counterpart =
        before.clone().any(|i| is_word(doc, i, "المقابل") || is_word(doc, i, "مقابل"));
    let Some(prev) = si.checked_sub(1).and_then(|p| doc.sentences.get(p)) else { return false };
    counterpart
        && prev.numbers.iter().any(|&n| {
            let (a, end) = doc.number_items[n];
            // A figure of people: not a year, nor the date or the days a
            // period is told with ("منذ 2011", "منذ 20 يوما").
            let since = a > 0 && is_word(doc, a - 1, "منذ");
            let of_people = !(since || is(doc, end, List::PeriodNouns));
            let value = doc.analysis.numbers[n]
                .value
                .filter(|v| *v >= 1.0 && v.fract() == 0.0 && !(1900.0..2100.0).contains(v))
                .filter(|_| of_people);
            value.is_some_and(|v| {
                let f = Fact {
                    side: crate::casualty::Side::Killed,
                    value: Some(v as u32),
                    qualifier: rasd_core::CountQualifier::Exact,
                    at: a,
                    span: doc.analysis.numbers[n].span,
                    update: false,
                    subset: false,
                    attackers: false,
                    with_attackers: false,
                    propaganda: false,
                    earlier: false,
                    rule: "",
                };
                reading(doc, &f) == Some(NotOwn::RunningTotal)
            })
        })
}

/// How the figure `f` reads: a running total by the period words just
/// before it ([`crate::casualty::running_total`]), else as [`not_own`] says.
pub(crate) fn reading(doc: &Doc<'_>, f: &Fact) -> Option<NotOwn> {
    if crate::casualty::running_total(doc, f) {
        Some(NotOwn::RunningTotal)
    } else {
        not_own(doc, f)
    }
}

/// Why the figure `f` is not its incident's own toll, if it is not.
pub(crate) fn not_own(doc: &Doc<'_>, f: &Fact) -> Option<NotOwn> {
    let si = doc.sentences.partition_point(|s| s.end <= f.at);
    let s = doc.sentences.get(si)?;
    let (a, b) = items_of(doc, f, s.end);
    // The figure's clause: to the next stop, or comma, except a comma
    // right before a stretch of time or a period ("مقتل 500 عنصر، خلال
    // الستة الأيام الماضية", "قتل 300 شخص، منذ أن بدأت الحملة").
    let after_end = (b..s.end.min(b + AFTER))
        .find(|&i| match doc.items[i].norm {
            "." | ";" => true,
            "," => !is(doc, i + 1, List::OverWords) && !opens_campaign(doc, i + 1),
            _ => false,
        })
        .unwrap_or(s.end.min(b + AFTER));
    let before = s.start..a;
    let after = b..after_end;
    let running = before.clone().any(|i| {
        opens_campaign(doc, i)
            || total_at(doc, i)
            || is(doc, i, List::StatisticWords)
            || counted_period(doc, i)
            || campaign_toll(doc, i, s.end)
    }) || before.clone().chain(after.clone()).any(|i| opens_stretch(doc, i, s.end))
        || (s.start..b).any(|i| in_war(doc, i, s.end))
        || after
            .clone()
            .any(|i| total_at(doc, i) || opens_campaign(doc, i) || counted_period(doc, i))
        || before.clone().chain(after.clone()).any(|i| is(doc, i, List::SinceThen));
    if running || answers_a_running_total(doc, si, before.clone()) {
        return Some(NotOwn::RunningTotal);
    }
    if battle_total(doc, s.start..s.end) {
        return Some(NotOwn::BattleTotal);
    }
    if (a.saturating_sub(MEMORIAL_WITHIN).max(s.start)..a).any(|i| is(doc, i, List::Memorial)) {
        return Some(NotOwn::Recalled);
    }
    // "يذكر أن …", "تجدر الإشارة إلى أن …": the sentence recalls background.
    if (s.start..(s.start + 2).min(s.end)).any(|i| is(doc, i, List::RecallOpeners)) {
        return Some(NotOwn::Recalled);
    }
    let reference = doc.analysis.reference?;
    // A year before the article's, written as a number the date reader
    // left alone ("في صيف 1988").
    let past_year = s.numbers.iter().any(|&n| {
        let (na, _) = doc.number_items[n];
        let after_since = (na.saturating_sub(2)..na).any(|i| is_word(doc, i, "منذ"));
        let core = doc.analysis.numbers[n].core;
        let digits = doc.text.get(core.start as usize..core.end as usize).unwrap_or("");
        let year = doc.analysis.numbers[n].value.filter(|v| v.fract() == 0.0).map(|v| v as i64);
        na != a
            && !after_since
            && digits.len() == 4
            && digits.bytes().all(|c| c.is_ascii_digit())
            && year.is_some_and(|y| (1900..i64::from(reference.year())).contains(&y))
    });
    if past_year {
        return Some(NotOwn::Recalled);
    }
    let old = s.dates.iter().any(|&d| {
        let (da, _) = doc.date_items[d];
        let after_since = (da.saturating_sub(2)..da).any(|i| is_word(doc, i, "منذ"));
        let last = doc.analysis.dates[d].value.end;
        !after_since && (reference - last).get_days() as i64 > crate::RECENT_DAYS
    });
    old.then_some(NotOwn::Recalled)
}

/// The words an evidence rule ends with for each reason.
pub(crate) fn marker(n: NotOwn) -> &'static str {
    match n {
        NotOwn::RunningTotal => rasd_core::RUNNING_TOTAL,
        NotOwn::Recalled => rasd_core::RECALLED_TOLL,
        NotOwn::BattleTotal => rasd_core::BATTLE_TOTAL,
    }
}

/// Least figure a headline takes its reading from the body for: a small
/// number repeats by chance ("3 قتلى", "3 أيام") as often as by telling.
const HEADLINE_FIGURE_FROM: f64 = 20.0;

/// A headline's figure read as the body tells it. A headline is terse
/// ("مصرع 250 من منطقة واحدة"): what its figure counts, over days of
/// fighting on many fronts or since a war began, the body says when it
/// gives the same figure again ("لقوا مصرعهم خلال الأيام الماضية في
/// المعارك"). When every body sentence that gives the figure marks it a
/// running or a battle total, so is the headline's; one plain telling in
/// the body keeps it the incident's own.
pub(crate) fn as_the_body_tells(doc: &Doc<'_>, f: &Fact) -> Option<NotOwn> {
    let si = doc.sentences.partition_point(|s| s.end <= f.at);
    let value = f64::from(f.value?);
    if !doc.sentences.get(si)?.in_title || value < HEADLINE_FIGURE_FROM {
        return None;
    }
    let mut total = None;
    for s in doc.sentences.iter().filter(|s| !s.in_title && !s.link_line) {
        for &n in &s.numbers {
            if doc.analysis.numbers[n].value != Some(value) {
                continue;
            }
            let (a, end) = doc.number_items[n];
            // "250 يوما": a count of days, not of people.
            if end < doc.items.len() && is(doc, end, List::PeriodNouns) {
                continue;
            }
            let at = Fact { at: a, span: doc.analysis.numbers[n].span, ..f.clone() };
            match reading(doc, &at) {
                Some(r @ (NotOwn::RunningTotal | NotOwn::BattleTotal)) => total = total.or(Some(r)),
                _ => return None,
            }
        }
    }
    total
}
