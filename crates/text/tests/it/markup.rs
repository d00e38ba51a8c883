//! Marked-up cases: each line is a sentence in the style of the news with
//! its numbers and dates in brackets. The helper strips the markup, runs the
//! analysis and renders the findings back as markup, so a failure shows the
//! whole sentence as it was read.
//!
//! `[N value qualifier|text]` marks a number, `[D iso|text]` a date.

use rasd_text::date::Prefer;
use rasd_text::{Analysis, Config};

fn strip(marked: &str) -> String {
    let mut out = String::new();
    let mut rest = marked;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find(']').expect("unclosed [") + open;
        let inner = &rest[open + 1..close];
        let text = inner.split_once('|').expect("no | in markup").1;
        out.push_str(text);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn render(text: &str, a: &Analysis, numbers: bool, dates: bool) -> String {
    let mut marks: Vec<(u32, u32, String)> = Vec::new();
    if numbers {
        for n in &a.numbers {
            let v = n.value.map(|v| v.to_string()).unwrap_or_else(|| "-".into());
            marks.push((n.span.start, n.span.end, format!("N {v} {}", n.qualifier.as_str())));
        }
    }
    if dates {
        for d in &a.dates {
            marks.push((d.span.start, d.span.end, format!("D {}", d.value.iso())));
        }
    }
    marks.sort();
    let mut out = String::new();
    let mut at = 0usize;
    for (s, e, label) in marks {
        let (s, e) = (s as usize, e as usize);
        if s < at {
            continue;
        }
        out.push_str(&text[at..s]);
        out.push_str(&format!("[{label}|{}]", &text[s..e]));
        at = e;
    }
    out.push_str(&text[at..]);
    out
}

fn check(cases: &str, numbers: bool, dates: bool, reference: jiff::civil::Date) {
    let mut failures = Vec::new();
    for marked in cases.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("//")) {
        let text = strip(marked);
        let a = Analysis::new(&text, &Config { reference: Some(reference), prefer: Prefer::Past });
        let got = render(&text, &a, numbers, dates);
        if got != marked {
            failures.push(format!("want {marked}\n got {got}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn casualty_counts() {
    check(
        "
        قتل [N 17 at_least|ما لا يقل عن 17] شخصا في الهجوم
        أسفر الانفجار عن مقتل [N 130 more_than|أكثر من 130] شخصا
        لقي [N 60 about|نحو 60] مدنيا حتفهم
        قتل [N 7 exact|سبعة] جنود وأصيب [N 12 exact|اثنا عشر] آخرون
        ارتفع عدد القتلى إلى [N 128 exact|128] قتيلا
        ارتفعت الحصيلة إلى [N 128 exact|١٢٨] قتيلا
        قتل [N 25 exact|خمسة وعشرون] شخصا بينهم [N 9 exact|تسعة] صحفيين
        سقط [N 300 exact|ثلاثمائة] مسلح
        قتل [N 38 at_least|38 شخصا على الأقل] في العاصمة
        جرح [N - vague|عشرات] المدنيين
        قتل [N 2 exact|جنديان] وأصيب [N 2 exact|شرطيان]
        عثر على [N 2 exact|الضابطين] مقتولين
        وقتل [N 200 more_than|أكثر من مائتي] مدني
        نزح [N 1200 exact|1,200] شخص و[N 3500 exact|ثلاثة آلاف وخمسمائة] آخرون
        بلغ عدد الضحايا [N 125 exact|مئة وخمسة وعشرين] ضحية
        قتل [N 40 up_to|ما يصل إلى 40] شخصا
        قتل [N 20 about|قرابة عشرين] مسلحا و[N 100 about|زهاء مئة] مدني
        ",
        true,
        false,
        jiff::civil::date(2018, 5, 6),
    );
}

#[test]
fn dates_against_publication() {
    // Published Sunday 6 May 2018.
    check(
        "
        وقع الهجوم [D 2018-05-06|الأحد] في كابول
        وقع الهجوم [D 2018-05-05|أمس] في كابول
        وقع الهجوم [D 2018-05-04|أول أمس] في كابول
        وقع هجوم ثان [D 2018-05-06|اليوم] في نفس المدينة
        وقع الهجوم [D 2018-05-03|مساء الخميس] في كابول
        وقع الهجوم [D 2018-05-03|الخميس الماضي] في كابول
        وقع الهجوم [D 2018-04-26|الخميس قبل الماضي] في كابول
        شهدت المدينة [D 2018-04|الشهر الماضي] هجمات عدة
        قتل المئات [D 2017|العام الماضي] في البلاد
        وقع التفجير في [D 2018-01|يناير الماضي]
        وقع التفجير في [D 2018-01-22|22 كانون الثاني/يناير الماضي]
        وقع التفجير [D 2011-08-14|14 رمضان 1432 هـ]
        وقع التفجير [D 2015-07-20|الاثنين 20 يوليو 2015]
        وقعت الهجمات [D 2015|عام 2015]
        أعلن الجيش [D 2022|سنة 2022] عن خطة
        وقع الهجوم [D 2024-03-25|25/3/2024] قرب الحدود
        وقع الهجوم [D 2018-05-03|قبل ثلاثة أيام] قرب الحدود
        وقع التفجير الأول [D 2015|قبل 3 أعوام] في المدينة
        اعتقل المشتبه به في [D 2018-04|أبريل الماضي] في كراتشي
        ",
        false,
        true,
        jiff::civil::date(2018, 5, 6),
    );
}

#[test]
fn a_relative_day_followed_by_its_weekday_takes_the_weekday() {
    // Published Sunday 6 May 2018, but written on Saturday or Friday: the
    // weekday says which day the writer meant.
    check(
        "
        وقع الهجوم [D 2018-05-05|اليوم السبت] في كابول
        وقع الهجوم [D 2018-05-04|أمس الجمعة] في كابول
        وقع الهجوم [D 2018-05-04|مساء أمس الجمعة] في كابول
        وقع الهجوم [D 2018-05-06|فجر اليوم الأحد] في كابول
        وقع الهجوم [D 2018-05-07|اليوم الاثنين] في كابول
        وقع الهجوم [D 2018-05-05|أمس] [D 2018-05-01|الثلاثاء] في كابول
        ",
        false,
        true,
        jiff::civil::date(2018, 5, 6),
    );
}

#[test]
fn dates_that_are_not_dates() {
    check(
        "
        قتل أحد الجنود في الهجوم
        مارس المسلحون ضغوطا على السكان
        قال أبو محمد إن الهجوم فشل
        وقع الانفجار بعد أسبوعين من تفجير مماثل
        وقع الهجوم قبل أيام في المدينة
        ثالث هجوم في المدينة خلال أقل من أسبوعين
        هجوم ثالث على المدينة بأقل من أسبوعين
        عاش الإنسان في الكهف قبل 40000 عام
        دفنت المدينة قبل 100000 يوم
        وقع انقلاب آخر في نفس اليوم بعد سنوات
        وسقطت المدينة في ذات اليوم بعد حصار طويل
        وفي مثل هذا اليوم اغتيل رئيس الوزراء
        ",
        false,
        true,
        jiff::civil::date(2018, 5, 6),
    );
}

#[test]
fn a_year_named_after_a_day_a_night_of_two_days_and_a_market() {
    // Published Wednesday 20 June 2018. A day or month with no year of its
    // own takes the year named right after it ("العام الماضي") or the year
    // written out last ("من العام نفسه", in the same or an earlier sentence);
    // a night told by two days is of the first; a Christmas market is no day.
    check(
        "
        وقع هجوم بسكين على جسر في المدينة في [D 2017-03-22|22 مارس العام الماضي]
        انفجرت عبوة في محطة للقطارات [D 2017-09-15|يوم 15 سبتمبر/أيلول من العام الماضي]
        اغتيل ضابط في [D 2016-07|يوليو 2016] ثم قتل صحفي في [D 2016-11|نوفمبر من العام نفسه]
        قتل مسلحون خمسة جنود [D 2018-06-14|ليل الخميس-الجمعة] في موقع حدودي
        قصفت الطائرات القرية [D 2018-06-19|ليلة الثلاثاء إلى الأربعاء] وقتل ثلاثة
        دهس سائق شاحنة المارة في سوق لعيد الميلاد وسط المدينة
        ",
        false,
        true,
        jiff::civil::date(2018, 6, 20),
    );
    // The year told in an earlier sentence.
    check(
        "
        اغتيل ضابط في العاصمة في [D 2015-02|فبراير 2015]. وخطف مسلحون عشرين عاملا في [D 2015-04|أبريل من العام ذاته]
        ",
        false,
        true,
        jiff::civil::date(2018, 6, 20),
    );
}
