//! Which candidate is which gold event: the matching rules of the eval
//! contract (`../shared/eval/README.md`), so that a training label means
//! what the score means.
//!
//! Two events can be one incident when their countries agree, their
//! places agree (when both name one) and their dates are compatible; among
//! those, the most alike pairs are taken first, each event at most once.

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

/// Words that name the kind of organisation, not the organisation.
const ORG_WORDS: &[&str] = &[
    "تنظيم",
    "حركه",
    "جماعه",
    "ميليشيا",
    "ميليشيات",
    "مليشيا",
    "مسلحو",
    "مسلحي",
    "عناصر",
    "the",
    "group",
    "militants",
    "militant",
];

/// Folds a name for comparison: case, diacritics, Arabic letter variants,
/// punctuation, the article "ال" and Latin "al-".
pub fn fold(s: &str) -> String {
    let s: String = s.nfkc().collect::<String>().to_lowercase();
    let mut t = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => {}
            'أ' | 'إ' | 'آ' | 'ٱ' => t.push('ا'),
            'ى' => t.push('ي'),
            'ة' => t.push('ه'),
            'ؤ' => t.push('و'),
            'ئ' => t.push('ي'),
            '_' => t.push(' '),
            c if c.is_alphanumeric() || c.is_whitespace() => t.push(c),
            _ => t.push(' '),
        }
    }
    let mut out: Vec<String> = Vec::new();
    for w in t.split_whitespace() {
        if ORG_WORDS.contains(&w) {
            continue;
        }
        let w = match w.strip_prefix("ال") {
            Some(rest) if w.chars().count() > 4 => rest,
            _ => w,
        };
        if matches!(w, "al" | "el" | "ad" | "as" | "ash" | "an" | "ar") {
            continue;
        }
        out.push(w.to_string());
    }
    out.join(" ")
}

fn names(e: &Value, keys: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for k in keys {
        match e.get(*k) {
            Some(Value::Array(a)) => {
                out.extend(a.iter().filter_map(|v| v.as_str()).map(fold));
            }
            Some(Value::String(s)) if !s.is_empty() => out.push(fold(s)),
            _ => {}
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Whether a predicted event's place agrees with a gold event's.
pub fn place_match(p: &Value, g: &Value) -> bool {
    let gn = names(g, &["place", "place_ar", "place_alt"]);
    let pn = names(p, &["place", "place_ar", "place_alt", "place_en"]);
    pn.iter().any(|n| gn.contains(n))
}

fn date_parts(d: Option<&Value>) -> Option<Vec<String>> {
    let d = d?.as_str()?;
    let mut parts = Vec::new();
    let mut rest = d;
    for (i, len) in [4usize, 2, 2].iter().enumerate() {
        if i > 0 {
            match rest.strip_prefix('-') {
                Some(r) => rest = r,
                None => break,
            }
        }
        let Some(p) = rest.get(..*len).filter(|p| p.chars().all(|c| c.is_ascii_digit())) else {
            break;
        };
        parts.push(p.to_string());
        rest = &rest[*len..];
    }
    (!parts.is_empty()).then_some(parts)
}

/// Whether two dates can be the same day at the coarser precision (none
/// when either is missing).
pub fn date_compatible(p: Option<&Value>, g: Option<&Value>) -> Option<bool> {
    let (a, b) = (date_parts(p)?, date_parts(g)?);
    let n = a.len().min(b.len());
    Some(a[..n] == b[..n])
}

fn family(t: &str) -> &'static str {
    match t {
        "suicide_bombing" | "bombing" => "explosive",
        "air_strike" | "shelling" => "remote",
        "kidnapping" => "kidnapping",
        "armed_assault" | "attack" | "assassination" | "armed_clash" => "assault",
        _ => "",
    }
}

/// A count's value (`{"value": n}` or a bare number).
pub fn count_value(c: Option<&Value>) -> Option<i64> {
    match c? {
        Value::Object(o) => o.get("value")?.as_i64(),
        Value::Number(n) => n.as_i64(),
        _ => None,
    }
}

fn str_of<'v>(e: &'v Value, k: &str) -> Option<&'v str> {
    e.get(k).and_then(|v| v.as_str()).filter(|s| !s.is_empty())
}

/// How alike two events are, or none when they cannot be one incident.
pub fn similarity(p: &Value, g: &Value) -> Option<f64> {
    let (pc, gc) = (str_of(p, "country"), str_of(g, "country"));
    if let (Some(a), Some(b)) = (pc, gc)
        && a.to_uppercase() != b.to_uppercase()
    {
        return None;
    }
    let pm = place_match(p, g);
    if str_of(g, "place").is_some() && str_of(p, "place").is_some() && !pm {
        return None;
    }
    let dc = date_compatible(p.get("date"), g.get("date"));
    if dc == Some(false) {
        return None;
    }
    let mut s = 2.0 * f64::from(u8::from(pm)) + f64::from(u8::from(pc.is_some() && gc.is_some()));
    let (pt, gt) = (str_of(p, "type").unwrap_or(""), str_of(g, "type").unwrap_or(""));
    if pt == gt {
        s += 1.0;
    } else if family(pt) == family(gt) {
        s += 0.5;
    }
    if dc == Some(true) {
        s += 1.0;
    }
    let kv = count_value(g.get("killed"));
    if kv.is_some() && count_value(p.get("killed")) == kv {
        s += 1.0;
    }
    Some(s)
}

/// The heads of a state force's name: "Israeli army", "Israeli air force"
/// and "Israeli forces" are one actor for scoring, the state's forces.
const STATE_FORCE_HEADS: &[&str] = &[
    "army",
    "armed forces",
    "forces",
    "military",
    "security forces",
    "police",
    "air force",
    "navy",
    "troops",
    "special forces",
    "government forces",
    "regime forces",
];

/// The names a perpetrator is matched by, folded, with "state:<adjective>"
/// for a state's force, as the contract's scorer reads them.
fn perp_keys(p: &Value) -> Vec<String> {
    let mut keys = names(p, &["name", "name_ar", "name_en", "aliases"]);
    let name = str_of(p, "name").or_else(|| str_of(p, "name_en")).unwrap_or("");
    let folded = fold(name);
    if let Some((adj, head)) = folded.split_once(' ')
        && !adj.is_empty()
        && adj.chars().all(|c| c.is_alphanumeric())
        && STATE_FORCE_HEADS.contains(&head)
    {
        keys.push(format!("state:{adj}"));
    }
    keys
}

/// Whether a predicted perpetrator is one of a gold event's, by the
/// contract's name matching.
pub fn perp_matches(p: &Value, g: &Value) -> bool {
    let keys = perp_keys(p);
    g.get("perpetrators").and_then(Value::as_array).is_some_and(|gold| {
        gold.iter().any(|gp| {
            // A gold author written as a bare name is read as its name.
            let named = gp.as_str().map(|s| serde_json::json!({ "name": s }));
            perp_keys(named.as_ref().unwrap_or(gp)).iter().any(|k| keys.contains(k))
        })
    })
}

/// The pairs (prediction, gold) taken by the contract's matching: the most
/// alike first, each at most once, none below 1.5.
pub fn matching(preds: &[Value], golds: &[Value]) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, p) in preds.iter().enumerate() {
        for (j, g) in golds.iter().enumerate() {
            if let Some(s) = similarity(p, g).filter(|s| *s >= 1.5) {
                pairs.push((s, i, j));
            }
        }
    }
    // A stable sort keeps equal scores in the order the contract's does.
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut used_p, mut used_g, mut out) = (Vec::new(), Vec::new(), Vec::new());
    for (_, i, j) in pairs {
        if used_p.contains(&i) || used_g.contains(&j) {
            continue;
        }
        used_p.push(i);
        used_g.push(j);
        out.push((i, j));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_states_forces_are_one_author_and_groups_match_by_any_form() {
        let g = json!({"perpetrators": [
            {"name": "Israeli army", "aliases": ["الجيش الإسرائيلي"]},
            {"name": "Islamic State", "aliases": ["داعش"]}
        ]});
        assert!(perp_matches(&json!({"name": "Israeli air force"}), &g));
        assert!(perp_matches(&json!({"name": "ISIS", "aliases": ["تنظيم داعش"]}), &g));
        assert!(!perp_matches(&json!({"name": "Syrian army"}), &g));
        assert!(!perp_matches(&json!({"name": "Hamas"}), &json!({"perpetrators": []})));
        assert!(perp_matches(&json!({"name": "Houthis"}), &json!({"perpetrators": ["Houthis"]})));
    }

    #[test]
    fn names_fold_like_the_contract() {
        assert_eq!(fold("تنظيم الدولة الإسلامية"), "دوله اسلاميه");
        assert_eq!(fold("Al-Shabaab"), "shabaab");
        assert_eq!(fold("بِغْدَادُ"), "بغداد");
    }

    #[test]
    fn events_match_on_country_place_and_date() {
        let g = json!({"type": "bombing", "country": "IQ", "place": "Baghdad", "date": "2018-05",
                       "killed": {"value": 7}});
        let same = json!({"type": "suicide_bombing", "country": "IQ", "place_ar": "بغداد",
                          "place": "Baghdad", "date": "2018-05-03", "killed": {"value": 7}});
        let other_place = json!({"type": "bombing", "country": "IQ", "place": "Mosul"});
        let other_day = json!({"type": "bombing", "country": "IQ", "date": "2018-06-01"});
        assert_eq!(similarity(&same, &g), Some(2.0 + 1.0 + 0.5 + 1.0 + 1.0));
        assert_eq!(similarity(&other_place, &g), None);
        assert_eq!(similarity(&other_day, &g), None);
        let preds = vec![other_place, same];
        assert_eq!(matching(&preds, &[g]), vec![(1, 0)]);
    }
}
