//! Latin letters for place names no gazetteer holds: each row is an Arabic
//! name as news writes it and the name rasd gives it in English outputs.
//! The names are rasd's own examples of village and district names.

use rasd_lexicon::romanize;

const CASES: &str = "\
الحنيني	al-Hanini
مقبنة	Maqbanah
زبيد	Zabid
دوما	Duma
صرواح	Sarwah
الحميدية	al-Hamidiyah
كفر نبل	Kafr Nabl
أم الرصاص	Umm al-Rasas
بيت لاهيا	Bayt Lahiya
دير الزور	Dayr al-Zur
الشيخ مسكين	al-Shaykh Maskin
الحديدة	al-Hadidah
القُبيطة	al-Qabitah
سوق الخميس	Suq al-Khamis
اليرموك	al-Yarmuk
أورم	Urm
";

#[test]
fn unknown_place_names_read_in_latin_letters() {
    let mut wrong = Vec::new();
    for line in CASES.lines() {
        let (ar, want) = line.split_once('\t').unwrap();
        let got = romanize(ar);
        if got != want {
            wrong.push(format!("{ar}: want {want}, got {got}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_romanised_name_has_no_arabic_letter_left() {
    for name in ["الحنيني", "مؤتة", "الإمام", "آل حسين", "عزّان", "ئيلا", "بئر علي", "القرية 7"]
    {
        let got = romanize(name);
        assert!(!got.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)), "{name} -> {got}");
        assert!(!got.is_empty(), "{name}");
    }
}
