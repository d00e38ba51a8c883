//! Each case is a sentence in the style of the news with its mentions in
//! brackets: ب`[P Kabul|كابول]` is a place named Kabul whose span starts
//! after the particle ب, `[G name|…]` a group, `[A name|…]` a state actor, `[D code|…]`
//! a country adjective.

use std::sync::OnceLock;

use rasd_lexicon::{Entity, Lexicon, MentionKind};
use rasd_text::{Analysis, Config};

pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::load().expect("the shipped data loads"))
}

fn strip(marked: &str) -> String {
    let mut out = String::new();
    let mut rest = marked;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find(']').expect("unclosed [") + open;
        out.push_str(rest[open + 1..close].split_once('|').expect("no |").1);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn render(text: &str) -> String {
    let lex = lexicon();
    let a = Analysis::new(text, &Config::default());
    let m = lex.find(text, &a);
    let mut out = String::new();
    let mut at = 0usize;
    for e in &m.entities {
        let s = e.span.start as usize;
        let end = e.span.end as usize;
        if s < at {
            continue;
        }
        let label = match (e.kind, e.entity()) {
            (MentionKind::Demonym, Entity::Demonym(d)) => {
                format!("D {}", lex.demonyms[d as usize].code)
            }
            (MentionKind::Place, ent) => format!("P {}", lex.name(ent)),
            (MentionKind::Group, ent) => format!("G {}", lex.name(ent)),
            (MentionKind::Actor, ent) => format!("A {}", lex.name(ent)),
            (_, ent) => format!("? {}", lex.name(ent)),
        };
        out.push_str(&text[at..s]);
        out.push_str(&format!("[{label}|{}]", &text[s..end]));
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

pub fn check(cases: &str) {
    let mut failures = Vec::new();
    for marked in cases.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let got = render(&strip(marked));
        if got != marked {
            failures.push(format!("want {marked}\n got {got}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn places_with_particles() {
    check(
        "
        وقع التفجير ب[P Kabul|كابول] صباح اليوم
        قتل ثلاثة ب[P Peshawar|بيشاور] شمال غرب [P Pakistan|باكستان]
        أعلنت السلطات في [P Mosul|الموصل] و[P Kirkuk|كركوك] حظر التجول
        وصل الوفد ل[P Mosul|لموصل] أمس
        وقع الهجوم في [P Moscow|موسكو]
        استهدف الهجوم مدينة [P Kerman|كرمان] [D IR|الإيرانية]
        زار الوزير [P Albania|ألبانيا] و[P Germany|ألمانيا]
        قتل جنود في ولاية [P Nangarhar|ننغرهار] شرقي [P Afghanistan|أفغانستان]
        ",
    );
}

#[test]
fn common_words_are_not_places() {
    check(
        "
        كان الهجوم عنيفا وقال بيان للحكومة إن الاتحاد يدين
        نشرت صور للضحايا على مواقع التواصل
        وصل الرئيس إلى [P Tyre|صور] في [P Lebanon|لبنان]
        ",
    );
}

#[test]
fn a_family_name_after_a_lineage_is_no_place() {
    // The family name after "بن/ابن/بنت" and the father's name is a
    // person's, even when a town bears it; the town named after a place cue
    // in the same sentence still is one.
    check(
        "
        ندد الشيخ عبدالرحمن بن عبدالله السند بالتفجير في [P Asir|عسير]
        قال أحمد بن علي السند إن الهجوم وقع في مدينة [P Kirkuk|كركوك]
        ",
    );
}

#[test]
fn groups_and_aliases() {
    check(
        "
        تبنى [G Islamic State|تنظيم داعش] الهجوم
        أعلن [G Islamic State Khorasan Province|داعش خراسان] مسؤوليته
        هاجم مسلحو [G Taliban|طالبان] القاعدة العسكرية
        قال إن [G al-Qaeda|تنظيم القاعدة] يعيد بناء صفوفه بعد أن خسرت [G al-Qaeda|القاعدة] قادتها
        تبنت [G Tehrik-i-Taliban Pakistan|حركة طالبان باكستان] التفجير
        اتهمت الحكومة [G Houthis|الحوثيين] بإطلاق الصواريخ
        هاجم [G al-Shabaab|حركة الشباب] القاعدة ثم انسحب مسلحو [G al-Shabaab|الشباب]
        قالت [G al-Shabaab|حركة الشباب] إن [G al-Shabaab|الشباب] سيواصلون القتال
        نظم الشباب مظاهرة في الجامعة
        ",
    );
}

#[test]
fn state_actors() {
    check(
        "
        قصف [A Russian air force|الطيران الروسي] مواقع المعارضة
        قال [A Afghan army|الجيش الأفغاني] إنه صد الهجوم
        اشتبكت [A Iraqi security forces|قوات الأمن العراقية] مع المسلحين
        شنت [A Saudi-led coalition|طائرات التحالف العربي] غارات
        ",
    );
}
