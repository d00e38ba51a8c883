//! What an analyst meets in the first hour: filters that refuse what they
//! cannot match, history kept apart from news, statistics and trends that
//! agree, exports to the ACLED and GTD codebooks, one JSON switch, shell
//! completions and a manual page, quiet pipes.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::{rasd, stderr, stdout};

/// Articles written for these tests: an undated bombing, a 2009 attack
/// recalled in 2018, and an attack dated only by its month.
const FIXTURES: &str = r#"{"id":"u1","published":"2018-05-09T10:00:00+04:30","source":"wakala-x","text":"انفجار في قندهار\n\nقتل ثلاثة أشخاص في انفجار عبوة ناسفة استهدف سوقا شعبيا في مدينة قندهار، بحسب مسؤولين محليين."}
{"id":"h1","published":"2018-05-09T11:00:00+04:30","source":"wakala-x","text":"ذكرى الهجوم على هرات\n\nفي 12 آذار/مارس 2009 قتل ثلاثون شخصا في تفجير سيارة مفخخة استهدف سوق مدينة هرات غربي أفغانستان."}
{"id":"m1","published":"2018-05-10T09:00:00+04:30","source":"wakala-x","text":"حصيلة هجوم غزني\n\nقال مسؤولون إن مسلحين قتلوا ستة جنود في هجوم على حاجز للجيش في ولاية غزني في نيسان الماضي."}
"#;

fn database() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db").display().to_string();
    let fixtures = dir.path().join("fixtures.jsonl");
    std::fs::write(&fixtures, FIXTURES).unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let o =
        rasd(&["ingest", "--db", &db, examples.to_str().unwrap(), fixtures.to_str().unwrap()], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, db)
}

fn json(args: &[&str]) -> serde_json::Value {
    let o = rasd(args, b"");
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("JSON output")
}

#[test]
fn filters_refuse_what_they_cannot_match_and_name_the_nearest() {
    let (_dir, db) = database();
    // (filter, value, the error names) for values that match nothing.
    let cases = [
        ("--country", "XX", "country \"XX\" matches nothing known (nearest: "),
        ("--country", "Irak", "IQ Iraq"),
        ("--group", "nosuchgroup", "group \"nosuchgroup\" matches nothing known (nearest: "),
        ("--group", "Talibn", "Taliban"),
        ("--place", "Atlantis", "place \"Atlantis\" matches nothing known (nearest: "),
        ("--place", "Jalalabd", "Jalalabad"),
    ];
    for (flag, value, says) in cases {
        for command in ["incidents", "events", "stats", "trends", "export"] {
            let mut args = vec![command, "--db", &db, flag, value];
            if command == "export" {
                args.extend(["--format", "acled"]);
            }
            let o = rasd(&args, b"");
            assert_eq!(o.status.code(), Some(2), "{args:?}");
            let err = stderr(&o);
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.contains(says), "{args:?}: {err}");
        }
    }
    for (flag, value) in [("--country", "XX"), ("--group", "nosuchgroup")] {
        let o = rasd(&["alerts", "--db", &db, flag, value], b"");
        assert_eq!(o.status.code(), Some(2), "alerts {flag} {value}");
        assert!(stderr(&o).contains("matches nothing known"), "{}", stderr(&o));
    }
    // A country's name is as good as its code.
    let by_code = json(&["incidents", "--db", &db, "--format", "json", "--country", "AF"]);
    let by_name = json(&["incidents", "--db", &db, "--format", "json", "--country", "afghanistan"]);
    assert_eq!(by_code, by_name);
    assert!(!by_code.as_array().unwrap().is_empty());
}

#[test]
fn undated_incidents_come_last_however_sorted() {
    let (_dir, db) = database();
    for sort in ["newest", "oldest"] {
        let rows = json(&["incidents", "--db", &db, "--format", "json", "--sort", sort]);
        let dated: Vec<bool> =
            rows.as_array().unwrap().iter().map(|i| !i["date"].is_null()).collect();
        assert!(dated.contains(&false), "the fixtures have an undated bombing");
        let first_undated = dated.iter().position(|d| !d).unwrap();
        assert!(dated[first_undated..].iter().all(|d| !d), "{sort}: {dated:?}");
    }
}

#[test]
fn stats_and_trends_count_the_same_incidents_for_the_same_filter() {
    let (_dir, db) = database();
    for filter in [&[][..], &["--country", "AF"][..], &["--include-history"][..]] {
        let mut stats = vec!["stats", "--db", &db, "--format", "json", "--by", "month"];
        stats.extend(filter);
        let by_month: std::collections::BTreeMap<String, u64> = json(&stats)["month"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["key"].as_str().unwrap().to_string(), r["incidents"].as_u64().unwrap()))
            .collect();
        // The UI's timeline is /api/trends by type and month: the same
        // function as `rasd trends`.
        let mut trends = vec![
            "trends", "--db", &db, "--format", "json", "--by", "type", "--period", "month",
            "--top", "0", "--since", "2000", "--until", "2030",
        ];
        trends.extend(filter);
        let t = json(&trends);
        let mut from_trends: std::collections::BTreeMap<String, u64> = Default::default();
        for s in t["series"].as_array().unwrap() {
            for (label, n) in
                t["labels"].as_array().unwrap().iter().zip(s["incidents"].as_array().unwrap())
            {
                if n.as_u64().unwrap() > 0 {
                    *from_trends.entry(label.as_str().unwrap().to_string()).or_default() +=
                        n.as_u64().unwrap();
                }
            }
        }
        assert_eq!(by_month, from_trends, "{filter:?}");
        // The month-dated Ghazni attack counts in April in both.
        assert!(by_month.contains_key("2018-04"), "{by_month:?}");
    }
}

#[test]
fn recalled_history_is_kept_apart_unless_asked_for_and_confidence_filters() {
    let (_dir, db) = database();
    let herat = |rows: &serde_json::Value| {
        rows.as_array().unwrap().iter().find(|i| i["date"] == "2009-03-12").cloned()
    };
    let news = json(&["incidents", "--db", &db, "--format", "json"]);
    assert!(herat(&news).is_none(), "the 2009 attack is history");
    let all = json(&["incidents", "--db", &db, "--format", "json", "--include-history"]);
    let old = herat(&all).expect("--include-history shows it");
    assert_eq!(old["history"], true);
    assert_eq!(all.as_array().unwrap().len(), news.as_array().unwrap().len() + 1);
    let events = json(&["events", "--db", &db, "--format", "json", "--include-history"]);
    let e = events.as_array().unwrap().iter().find(|e| e["event"]["date"] == "2009-03-12").unwrap();
    assert_eq!(e["event"]["history"], true);
    // Stats count news only unless asked.
    let total = |extra: &[&str]| {
        let mut a = vec!["stats", "--db", &db, "--format", "json", "--by", "country"];
        a.extend(extra);
        json(&a)["country"][0]["killed"].as_u64().unwrap()
    };
    assert_eq!(total(&["--include-history"]), total(&[]) + 30);
    // Every list takes a minimum confidence.
    for command in ["events", "incidents"] {
        let all = json(&[command, "--db", &db, "--format", "json"]);
        let sure = json(&[command, "--db", &db, "--format", "json", "--min-confidence", "0.85"]);
        let n = sure.as_array().unwrap().len();
        assert!(n > 0 && n < all.as_array().unwrap().len(), "{command}: {n}");
        for r in sure.as_array().unwrap() {
            let c = if command == "events" { &r["event"]["confidence"] } else { &r["confidence"] };
            assert!(c.as_f64().unwrap() >= 0.85, "{r}");
        }
    }
    let bad = rasd(&["events", "--db", &db, "--min-confidence", "2"], b"");
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("not a confidence from 0 to 1"), "{}", stderr(&bad));
}

#[test]
fn exports_carry_the_codebooks_codes_on_every_row() {
    let (_dir, db) = database();
    let export = |format: &str| {
        let o = rasd(&["export", "--db", &db, "--format", format], b"");
        assert!(o.status.success(), "{}", stderr(&o));
        o.stdout
    };
    let acled = export("acled");
    let mut r = csv::Reader::from_reader(&acled[..]);
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    assert!(!rows.is_empty());
    let col = |c: &str| head.iter().position(|h| h == c).unwrap();
    for row in &rows {
        let id = &row[col("event_id_cnty")];
        assert!(
            id[..3].chars().all(|c| c.is_ascii_uppercase()) && id[3..].parse::<u64>().is_ok(),
            "{id}"
        );
        assert!(row[col("iso")].parse::<u16>().is_ok(), "iso {:?}", &row[col("iso")]);
        assert!(!row[col("region")].is_empty());
        assert_eq!(row[col("event_date")].len(), 10);
        let i = &row[col("interaction")];
        assert!(i.len() == 2 && i.as_bytes()[0] <= i.as_bytes()[1] || i.ends_with('0'), "{i}");
        assert!(row[col("notes")].contains("Evidence ("), "{}", &row[col("notes")]);
    }
    // The market bombing of civilians targets civilians.
    let market = rows
        .iter()
        .find(|r| &r[col("location")] == "Jalalabad" && &r[col("event_date")] == "2018-05-06")
        .unwrap();
    assert_eq!(
        (&market[col("actor2")], &market[col("civilian_targeting")], &market[col("interaction")]),
        ("Civilians (Afghanistan)", "Civilian targeting", "27")
    );
    let gtd = export("gtd");
    let mut r = csv::Reader::from_reader(&gtd[..]);
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(head.len(), 135);
    let col = |c: &str| head.iter().position(|h| h == c).unwrap();
    for row in r.records().map(|r| r.unwrap()) {
        assert_eq!(row[col("eventid")].len(), 12, "{}", &row[col("eventid")]);
        assert_ne!(&row[col("iyear")], "0");
        assert!(row[col("country")].parse::<u16>().is_ok());
        assert!(row[col("attacktype1")].parse::<u8>().is_ok());
        assert!(row[col("targtype1")].parse::<u8>().is_ok());
        assert!(row[col("weaptype1")].parse::<u8>().is_ok());
    }
    let geo: serde_json::Value = serde_json::from_slice(&export("geojson")).unwrap();
    assert!(geo["features"].as_array().unwrap().iter().all(|f| f["geometry"]["type"] == "Point"));
}

#[test]
fn an_agency_dateline_dates_the_article_in_extract_and_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("baghdad.txt");
    std::fs::write(
        &file,
        "بغداد (رويترز) - الخميس 14 آذار/مارس 2019\n\nقتل خمسة أشخاص وأصيب عشرة آخرون اليوم في انفجار سيارة مفخخة قرب سوق شعبي في حي الكرادة وسط العاصمة العراقية.",
    )
    .unwrap();
    let o = rasd(&["extract", "--format", "jsonl", file.to_str().unwrap()], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["published"], "2019-03-14");
    assert_eq!(v["events"][0]["date"], "2019-03-14");
    let db = dir.path().join("t.db").display().to_string();
    assert!(rasd(&["ingest", "--db", &db, file.to_str().unwrap()], b"").status.success());
    let events = json(&["events", "--db", &db, "--format", "json"]);
    assert_eq!(events[0]["doc"]["published"], "2019-03-14");
    assert_eq!(events[0]["event"]["date"], "2019-03-14");
}

#[test]
fn json_is_format_json_everywhere_and_json_is_its_alias() {
    let (_dir, db) = database();
    for args in [
        &["events", "--db", &db][..],
        &["incidents", "--db", &db],
        &["stats", "--db", &db],
        &["incident", "1", "--db", &db],
        &["search", "انفجار", "--db", &db],
        &["trends", "--db", &db],
        &["alerts", "--db", &db],
    ] {
        let long = json(&[args, &["--format", "json"]].concat());
        let short = json(&[args, &["--json"]].concat());
        assert_eq!(long, short, "{args:?}");
    }
    let a = json(&["analyze", "--format", "json", "--reference", "2018-05-06"]);
    assert!(a["sentences"].is_array());
}

#[test]
fn completions_and_a_manual_page_come_from_the_command_line_definition() {
    for (shell, mark) in
        [("bash", "_rasd()"), ("zsh", "#compdef rasd"), ("fish", "complete -c rasd")]
    {
        let o = rasd(&["completions", shell], b"");
        assert!(o.status.success(), "{}", stderr(&o));
        let script = stdout(&o);
        assert!(script.contains(mark), "{shell}");
        assert!(script.contains("include-history"), "{shell}: every option is there");
    }
    let o = rasd(&["man"], b"");
    assert!(o.status.success());
    let page = stdout(&o);
    assert!(page.contains(".TH rasd 1") && page.contains(".TH rasd-export 1"), "{page}");
    assert!(page.contains("min\\-confidence"), "options are documented");
}

#[test]
fn an_empty_folder_is_an_error_not_silence() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    for command in ["extract", "ingest"] {
        let mut args = vec![command, dir.path().to_str().unwrap()];
        let db = elsewhere.path().join("t.db").display().to_string();
        if command == "ingest" {
            args.extend(["--db", &db]);
        }
        let o = rasd(&args, b"");
        assert_eq!(o.status.code(), Some(2), "{command}");
        assert!(stderr(&o).contains("no files in this folder"), "{}", stderr(&o));
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // Enough output to fill the pipe many times over.
    let text = "قتل خمسة أشخاص في انفجار في كابول أمس. ".repeat(4000);
    for args in [&["analyze", "--json", "--reference", "2018-05-06"][..], &["completions", "fish"]]
    {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rasd"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let text = text.clone();
        let feeder = std::thread::spawn(move || {
            let _ = stdin.write_all(text.as_bytes());
        });
        let mut head = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut head).unwrap();
        // The reader goes away, as `| head` does.
        let o = child.wait_with_output().unwrap();
        feeder.join().unwrap();
        assert!(o.status.success(), "{args:?}: {:?}", o.status);
        assert_eq!(stderr(&o), "", "{args:?}");
    }
}

#[test]
fn trends_plot_says_what_it_drew() {
    let (dir, db) = database();
    let png = dir.path().join("trend.png");
    let o = rasd(&["trends", "--db", &db, "--plot", png.to_str().unwrap()], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("drew ") && err.contains("trend.png"), "{err}");
    assert!(png.exists());
}

#[test]
fn alerts_say_why_there_are_none() {
    let (_dir, db) = database();
    let o = rasd(&["alerts", "--db", &db], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("the rules raise warnings only after 45 days"), "{}", stderr(&o));
}
