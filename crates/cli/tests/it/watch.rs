//! `rasd trends` and `rasd alerts` end to end, on a history written for
//! the test: a group bombing Iraqi towns every week, then striking Spain
//! (a country the lexicon does not know it in: rasd's records are too
//! short to tell new ground otherwise), then a mass-casualty bombing.

use std::path::Path;

use crate::{rasd, stderr, stdout};

/// Articles written for rasd in the style of the news.
fn history(dir: &Path) -> String {
    let start = jiff::civil::date(2019, 1, 7);
    let towns = ["الموصل", "كركوك", "تكريت"];
    let mut lines = Vec::new();
    let mut push = |id: String, day: jiff::civil::Date, title: String, text: String| {
        lines.push(
            serde_json::json!({"id": id, "url": format!("https://news.example/{id}"), "source": "wakala",
                "published": format!("{day}T10:00:00+03:00"), "title": title, "text": text})
            .to_string(),
        );
    };
    for w in 0..14i64 {
        let day = start.checked_add(jiff::Span::new().days(7 * w)).unwrap();
        let town = towns[w as usize % 3];
        push(
            format!("w{w}"),
            day,
            format!("داعش يتبنى تفجيراً في {town}"),
            format!(
                "قتل 3 أشخاص وأصيب 5 آخرون أمس في انفجار عبوة ناسفة في سوق بمدينة {town}، وأعلن تنظيم داعش مسؤوليته عن التفجير في بيان حمل الرقم {w}."
            ),
        );
    }
    let tr = start.checked_add(jiff::Span::new().days(100)).unwrap();
    push("tr".into(), tr, "داعش يتبنى هجوماً في برشلونة".into(),
        "قتل 4 أشخاص أمس في هجوم مسلح على مقهى في مدينة برشلونة الإسبانية، وأعلن تنظيم داعش مسؤوليته عن الهجوم.".into());
    let big = start.checked_add(jiff::Span::new().days(102)).unwrap();
    push(
        "big".into(),
        big,
        "مقتل 80 شخصاً في تفجير انتحاري في بغداد".into(),
        "قتل 80 شخصاً على الأقل أمس في تفجير انتحاري استهدف سوقاً مزدحمة في بغداد، بحسب الشرطة."
            .into(),
    );
    let input = dir.join("history.jsonl");
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let db = dir.join("h.db").display().to_string();
    let o = rasd(&["ingest", "--db", &db, input.to_str().unwrap()], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("16 added"), "{}", stdout(&o));
    db
}

fn ok(args: &[&str]) -> String {
    let o = rasd(args, b"");
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

#[test]
fn alerts_replay_the_history_and_show_the_incidents_behind_each_warning() {
    let dir = tempfile::tempdir().unwrap();
    let db = history(dir.path());
    let all: serde_json::Value = serde_json::from_str(&ok(&[
        "alerts", "--db", &db, "--since", "2019-01", "--format", "json",
    ]))
    .unwrap();
    let kinds: Vec<&str> =
        all.as_array().unwrap().iter().map(|w| w["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["new_ground", "mass_casualty_lead"], "{all:#}");
    let ground = &all[0];
    assert_eq!(ground["country"], "ES");
    assert_eq!(ground["day"], "2019-04-17");
    assert!(ground["message_ar"].as_str().unwrap().contains("إسبانيا"), "{}", ground["message_ar"]);
    // The records start in January: not the year the rule looks back.
    assert!(ground["message_en"].as_str().unwrap().contains("in rasd's records since 2019-01-07"));
    assert_eq!(ground["severity"], "medium");
    // One outlet alone gives the 80 killed: an unconfirmed lead, not a
    // warning.
    assert_eq!(all[1]["confirmed"], false, "{:#}", all[1]);
    assert_eq!(all[1]["severity"], "low", "{:#}", all[1]);
    assert!(all[1]["message_en"].as_str().unwrap().contains("Unconfirmed lead"));
    assert_eq!(all[1]["states"].as_array().unwrap().len(), 1);
    let report = &ground["incidents"][0]["reports"][0];
    assert_eq!(report["doc"]["url"], "https://news.example/tr");
    assert!(!report["event"]["evidence"].as_array().unwrap().is_empty());
    // No look-ahead: stopping the replay the day before shows nothing.
    let early = ok(&["alerts", "--db", &db, "--since", "2019-01", "--until", "2019-04-16"]);
    assert!(early.contains("(0 warnings)"), "{early}");
    // Without --since: the last 14 days of the data, as it stands.
    let now = ok(&["alerts", "--db", &db]);
    assert!(now.contains("new_ground") && now.contains("(1 warnings)"), "{now}");
    // The lead is listed apart, after the warnings.
    let (warned, leads) = now.split_once("Unconfirmed leads").expect("a section of leads");
    assert!(!warned.contains("mass_casualty"), "{now}");
    assert!(
        leads.contains("mass_casualty_lead") && leads.contains("(1 unconfirmed leads)"),
        "{now}"
    );
    // Filters on the output.
    let only = ok(&[
        "alerts",
        "--db",
        &db,
        "--since",
        "2019-01",
        "--kind",
        "mass_casualty_lead",
        "--format",
        "csv",
    ]);
    assert!(only.starts_with("id,day,kind,severity"), "{only}");
    assert_eq!(only.lines().count(), 2);
}

#[test]
fn alerts_are_an_atom_feed_and_rules_come_from_a_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = history(dir.path());
    let feed_file = dir.path().join("alerts.atom");
    let feed = ok(&[
        "alerts",
        "--db",
        &db,
        "--since",
        "2019-01",
        "--format",
        "atom",
        "--atom",
        feed_file.to_str().unwrap(),
    ]);
    assert!(
        feed.starts_with("<?xml") && feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">")
    );
    assert_eq!(feed.matches("<entry>").count(), 2);
    assert_eq!(std::fs::read_to_string(&feed_file).unwrap().matches("<entry>").count(), 2);

    let strict = dir.path().join("strict.toml");
    std::fs::write(&strict, "[mass_casualty]\nkilled = 100\n").unwrap();
    let out =
        ok(&["alerts", "--db", &db, "--since", "2019-01", "--config", strict.to_str().unwrap()]);
    assert!(out.contains("(1 warnings)") && !out.contains("mass_casualty"), "{out}");
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[surge]\nsubjects = [\"planet\"]\n").unwrap();
    let o = rasd(&["alerts", "--db", &db, "--config", bad.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.toml: unknown surge subject"), "{}", stderr(&o));
    assert!(ok(&["alerts", "--print-config"]).contains("[new_ground]"));
}

#[test]
fn trends_are_a_table_with_sparklines_csv_json_and_a_picture() {
    let dir = tempfile::tempdir().unwrap();
    let db = history(dir.path());
    let table = ok(&["trends", "--db", &db, "--by", "group", "--period", "month"]);
    assert!(table.contains("Islamic State / داعش"), "{table}");
    assert!(table.chars().any(|c| ('▁'..='█').contains(&c)), "{table}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["trends", "--db", &db, "--by", "country", "--format", "json"]))
            .unwrap();
    assert_eq!(json["labels"][0], "2018-12");
    let iraq = json["series"].as_array().unwrap().iter().find(|s| s["key"] == "IQ").unwrap();
    assert_eq!(
        iraq["incidents"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).sum::<u64>(),
        15
    );
    let csv = ok(&[
        "trends",
        "--db",
        &db,
        "--by",
        "type",
        "--period",
        "week",
        "--format",
        "csv",
        "--country",
        "IQ",
    ]);
    assert!(csv.starts_with("key,name,name_ar,period,start,incidents,killed"), "{csv}");
    assert!(csv.contains("2019-W02"));

    let svg = dir.path().join("t.svg");
    ok(&["trends", "--db", &db, "--by", "country", "--plot", svg.to_str().unwrap()]);
    let svg = std::fs::read_to_string(&svg).unwrap();
    assert!(svg.contains("<svg") && svg.contains("العراق") && svg.contains("incidents / الحوادث"));
    assert!(svg.contains("warning / تحذير"), "the new-ground warning is marked");
    let png = dir.path().join("t.png");
    ok(&["trends", "--db", &db, "--by", "country", "--plot", png.to_str().unwrap()]);
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    let o =
        rasd(&["trends", "--db", &db, "--plot", dir.path().join("t.gif").to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("must end in .svg or .png"), "{}", stderr(&o));
}

#[test]
fn the_desk_lists_waiting_warnings_and_keeps_who_moved_them_across_relinks() {
    let dir = tempfile::tempdir().unwrap();
    let db = history(dir.path());
    let new = ok(&["alerts", "--db", &db, "--state", "new"]);
    assert!(new.contains("(2 warnings new)"), "{new}");
    assert!(new.contains("new_ground") && new.contains("mass_casualty"), "{new}");
    // The first recorded is listed first: it has waited longest.
    let listed: serde_json::Value =
        serde_json::from_str(&ok(&["alerts", "--db", &db, "--state", "new", "--json"])).unwrap();
    let ids: Vec<i64> =
        listed.as_array().unwrap().iter().map(|w| w["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [1, 2]);
    assert!(listed[0]["waited_s"].as_i64().is_some());
    let mass =
        listed.as_array().unwrap().iter().find(|w| w["kind"] == "mass_casualty_lead").unwrap();
    let mass_id = mass["id"].as_i64().unwrap().to_string();
    assert!(mass["key"].as_str().unwrap().starts_with("mass_casualty_lead:report-"), "{mass}");

    // (args, succeeds, what the output says), in order.
    let steps: &[(&[&str], bool, &str)] = &[
        (&["act", "1", "--by", "amal"], false, "is new and cannot become acted"),
        (
            &["ack", "1", "--by", "amal", "--note", "called the office"],
            true,
            "new → acknowledged by amal",
        ),
        (&["ack", "1", "--by", "omar"], false, "already acknowledged"),
        (&["dismiss", "9", "--by", "omar"], false, "no warning 9 on the desk"),
        (
            &["act", "1", "--by", "omar", "--note", "field team told"],
            true,
            "acknowledged → acted by omar",
        ),
        (&["ack", &mass_id, "--by", ""], false, "must be named"),
    ];
    for (args, succeeds, says) in steps {
        let mut all = vec!["alerts"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--db", &db]);
        let o = rasd(&all, b"");
        assert_eq!(o.status.success(), *succeeds, "{all:?}: {}", stderr(&o));
        let text = if *succeeds { stdout(&o) } else { stderr(&o) };
        assert!(text.contains(says), "{all:?}: {text}");
        if !succeeds {
            assert_eq!(text.trim().lines().count(), 1, "one line: {text}");
        }
    }
    let before = ok(&["alerts", "show", "1", "--db", &db]);
    // Re-running the rules and relinking keep every record and state.
    ok(&["relink", "--db", &db]);
    let again = ok(&["alerts", "--db", &db, "--state", "all", "--format", "csv"]);
    assert_eq!(again.lines().count(), 3, "{again}");
    // The trail (every line after the first, whose wait moves on).
    let trail = |t: &str| t.lines().skip(1).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(trail(&ok(&["alerts", "show", "1", "--db", &db])), trail(&before));
    assert_eq!(trail(&before).len(), 3, "{before}");
    assert!(before.contains("acted") && before.contains("amal: called the office"), "{before}");
    let waiting = ok(&["alerts", "--db", &db, "--state", "new"]);
    assert!(
        waiting.contains("(1 warnings new)") && waiting.contains(&format!("#{mass_id}")),
        "{waiting}"
    );
}
