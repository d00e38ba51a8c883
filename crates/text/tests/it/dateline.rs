//! Datelines: which first lines give the publication day, one case a line.

use rasd_text::{Analysis, Config};

/// (the article's opening, the day its dateline gives or "-" for none).
const CASES: &[(&str, &str)] = &[
    ("الإثنين 25 مارس 2024 / 11:52\n\nانفجار في السوق", "2024-03-25"),
    ("بغداد (رويترز) - الخميس 14 آذار/مارس 2019\n\nقتل خمسة أشخاص.", "2019-03-14"),
    ("بغداد - 14 آذار/مارس 2019 (رويترز)\n\nقتل خمسة أشخاص.", "2019-03-14"),
    (
        "كابول (أ ف ب) - 2 أيار/مايو 2018 - قال مسؤولون إن انفجارا هز وسط المدينة صباح اليوم وأوقع عددا من الضحايا بين المارة.",
        "2018-05-02",
    ),
    (
        "القاهرة، الأحد 6 مايو 2018 (د ب أ) -- أعلنت وزارة الداخلية مقتل ثلاثة مسلحين في تبادل لإطلاق النار مع قوات الأمن في شمال سيناء.",
        "2018-05-06",
    ),
    ("دبي، الإمارات العربية المتحدة (CNN) -- السبت 10 نوفمبر 2018\n\nنص الخبر.", "2018-11-10"),
    ("مقديشو / 3 يناير 2019 / شينخوا\n\nقتل جنديان.", "2019-01-03"),
    // A sentence that names a date later on is no dateline.
    (
        "قال مسؤولون في وزارة الدفاع إن الهجوم الذي وقع في الرابع عشر من مارس 2019 أسفر عن مقتل جنديين.",
        "-",
    ),
    // A date without a year gives no day.
    ("بغداد (رويترز) - الخميس 14 آذار\n\nقتل خمسة أشخاص.", "-"),
    // Nothing but words before the date, with no separator: a sentence.
    (
        "أعلنت الشرطة اليوم مقتل خمسة أشخاص في انفجار وقع 14 مارس 2019 في سوق شعبي بالمدينة القديمة.",
        "-",
    ),
];

#[test]
fn datelines_with_agencies_and_weekdays_give_the_day() {
    let mut failed = Vec::new();
    for (text, want) in CASES {
        let a = Analysis::new(text, &Config::default());
        let got = a.dateline.map(|d| d.date.to_string()).unwrap_or_else(|| "-".into());
        if got != *want {
            failed.push(format!("{text:?}: got {got}, want {want}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
