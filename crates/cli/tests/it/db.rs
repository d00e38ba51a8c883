//! The database commands end to end: ingest, incidents, search, queries,
//! exports, and what happens when things go wrong.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::{rasd, stderr, stdout};

fn db_in(dir: &Path) -> String {
    dir.join("t.db").display().to_string()
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn ingest(db: &str, paths: &[&str]) -> std::process::Output {
    let mut args = vec!["ingest", "--db", db];
    args.extend(paths);
    rasd(&args, b"")
}

fn json(args: &[&str]) -> serde_json::Value {
    let o = rasd(args, b"");
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("JSON output")
}

fn ingested_examples() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    let o = ingest(&db, &[examples().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, db)
}

#[test]
fn the_number_of_threads_and_the_batch_size_change_nothing_stored() {
    let ex = examples();
    let input = ex.to_str().unwrap();
    let stored = |args: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let db = db_in(dir.path());
        let mut all = vec!["ingest", "--db", &db, "--timings"];
        all.extend(args);
        all.push(input);
        let o = rasd(&all, b"");
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains("timings (s): wall"), "{}", stderr(&o));
        let incidents = json(&["incidents", "--db", &db, "--include-history", "--format", "json"]);
        let events = json(&["events", "--db", &db, "--include-history", "--format", "json"]);
        (incidents, events)
    };
    let one = stored(&["--threads", "1"]);
    assert!(one.0.as_array().is_some_and(|a| !a.is_empty()), "{:?}", one.0);
    assert_eq!(stored(&["--threads", "3", "--batch", "1"]), one);
    assert_eq!(stored(&["--threads", "2", "--batch", "2"]), one);
}

#[test]
fn four_reports_of_one_bombing_become_one_incident_with_the_latest_toll() {
    let (_dir, db) = ingested_examples();
    let incidents = json(&["incidents", "--db", &db, "--format", "json"]);
    let all = incidents.as_array().unwrap();
    let jalalabad: Vec<&serde_json::Value> =
        all.iter().filter(|i| i["place"] == "Jalalabad" && i["date"] == "2018-05-06").collect();
    assert_eq!(jalalabad.len(), 1, "{incidents:#}");
    let j = jalalabad[0];
    assert_eq!(j["reports"], 4);
    assert_eq!(j["type"], "bombing");
    // The latest report giving a figure says 19; the first said 12.
    assert_eq!(j["killed"]["best"], 19);
    assert_eq!(j["killed"]["min"], 12);
    assert_eq!(j["killed"]["max"], 19);
    assert!(j["killed"]["rule"].as_str().unwrap().contains("2018-05-07T18:00"));
    assert_eq!(j["perpetrators"][0]["name"], "Islamic State");
    assert_eq!(j["perpetrators"][0]["status"], "claimed");
    assert_eq!(j["outlets"].as_array().unwrap().len(), 3);
    // The Kabul and Mogadishu attacks stay apart, and so does the April
    // bombing the Jalalabad article recalls.
    for (place, date) in
        [("Kabul", "2018-05-07"), ("Mogadishu", "2018-05-08"), ("Jalalabad", "2018-04-22")]
    {
        assert_eq!(
            all.iter().filter(|i| i["place"] == place && i["date"] == date).count(),
            1,
            "{place} {date}: {incidents:#}"
        );
    }
    // The incident page lists every report with its evidence.
    let id = j["id"].as_i64().unwrap().to_string();
    let page = rasd(&["incident", &id, "--db", &db], b"");
    let page = stdout(&page);
    assert!(page.contains("qanat-c-0507-9") && page.contains("wakala-a-0506-1"), "{page}");
    assert!(page.contains("«"), "evidence is quoted: {page}");
}

#[test]
fn ingesting_again_changes_nothing_and_a_changed_article_is_updated() {
    let (dir, db) = ingested_examples();
    let before = json(&["export", "--db", &db, "--format", "json"]);
    let o = ingest(&db, &[examples().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("0 added, 0 updated, 7 unchanged"), "{}", stdout(&o));
    assert_eq!(json(&["export", "--db", &db, "--format", "json"]), before);

    // The same URL with a corrected text replaces the article's events.
    let line = std::fs::read_to_string(examples().join("reports.jsonl")).unwrap();
    let first = line.lines().next().unwrap().replace("قُتل 12 شخصاً", "قُتل 14 شخصاً");
    // The same text under another URL is a duplicate, not a new article.
    let mut copy: serde_json::Value = serde_json::from_str(line.lines().nth(4).unwrap()).unwrap();
    copy["url"] = "https://mirror.example/copy".into();
    copy["id"] = "mirror-1".into();
    let f = dir.path().join("fix.jsonl");
    std::fs::write(&f, format!("{first}\n{copy}\n")).unwrap();
    let o = ingest(&db, &[f.to_str().unwrap()]);
    assert!(stdout(&o).contains("0 added, 1 updated, 0 unchanged, 1 duplicates"), "{}", stdout(&o));
    let docs = json(&["events", "--db", &db, "--format", "json", "--place", "Jalalabad"]);
    let from_a: Vec<&serde_json::Value> = docs
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["doc"]["ext_id"] == "wakala-a-0506-1")
        .collect();
    assert_eq!(from_a.len(), 1);
    assert_eq!(from_a[0]["event"]["killed"]["value"], 14);
    let incidents = json(&["incidents", "--db", &db, "--format", "json", "--place", "Jalalabad"]);
    let j = incidents.as_array().unwrap().iter().find(|i| i["date"] == "2018-05-06").unwrap();
    assert_eq!((j["reports"].as_i64(), j["killed"]["min"].as_i64()), (Some(4), Some(14)));
}

#[test]
fn filters_narrow_events_incidents_and_stats() {
    let (_dir, db) = ingested_examples();
    let n = |args: &[&str]| json(args).as_array().unwrap().len();
    assert_eq!(n(&["events", "--db", &db, "--format", "json", "--country", "SO"]), 1);
    assert_eq!(
        n(&["events", "--db", &db, "--format", "json", "--country", "af", "--type", "bombing"]),
        4
    );
    assert_eq!(n(&["events", "--db", &db, "--format", "json", "--min-killed", "19"]), 3);
    assert_eq!(n(&["events", "--db", &db, "--format", "json", "--since", "2018-05-07"]), 2);
    assert_eq!(n(&["events", "--db", &db, "--format", "json", "--until", "2018-04"]), 1);
    // Group names in Arabic go through the lexicon.
    assert_eq!(n(&["incidents", "--db", &db, "--format", "json", "--group", "داعش"]), 1);
    assert_eq!(n(&["incidents", "--db", &db, "--format", "json", "--group", "al-Shabaab"]), 1);
    assert_eq!(n(&["incidents", "--db", &db, "--format", "json", "--place", "جلال آباد"]), 2);
    let stats =
        json(&["stats", "--db", &db, "--format", "json", "--country", "AF", "--by", "type"]);
    let bombing = stats["type"].as_array().unwrap().iter().find(|r| r["key"] == "bombing").unwrap();
    assert_eq!((bombing["incidents"].as_i64(), bombing["killed"].as_i64()), (Some(1), Some(19)));
    assert_eq!(bombing["reports"], 4);
    let csv = stdout(&rasd(&["events", "--db", &db, "--format", "csv", "--country", "SO"], b""));
    assert!(csv.starts_with("event,incident,date,country"), "{csv}");
    assert_eq!(csv.lines().count(), 2);
    let bad = rasd(&["events", "--db", &db, "--type", "riot"], b"");
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("unknown event type \"riot\""), "{}", stderr(&bad));
    let bad = rasd(&["events", "--db", &db, "--since", "May"], b"");
    assert!(!bad.status.success());
}

#[test]
fn search_finds_arabic_words_in_any_form_with_filters_and_highlights() {
    let (_dir, db) = ingested_examples();
    let hits = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["search", "--db", db.as_str(), "--json"];
        a.extend(args);
        json(&a)["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["doc"]["ext_id"].as_str().unwrap().to_string())
            .collect()
    };
    // كابول finds بكابول.
    assert_eq!(hits(&["كابول"]), ["sahifa-b-0507-7"]);
    // التفجير finds تفجير and the article about it; every word must occur.
    let found = hits(&["التفجير جلال"]);
    assert!(found.contains(&"sahifa-b-0507-4".to_string()), "{found:?}");
    assert!(!found.contains(&"wakala-a-0508-2".to_string()));
    // Filters restrict to articles with a matching event.
    assert_eq!(hits(&["انفجار", "--country", "SO"]), ["wakala-a-0508-2"]);
    assert!(hits(&["انفجار", "--country", "SO", "--since", "2018-06"]).is_empty());
    let r = json(&["search", "--db", &db, "--json", "مقديشو"]);
    let s = &r["results"][0]["snippet"];
    let text = s["text"].as_str().unwrap();
    let [a, b] = [s["highlights"][0][0].as_u64().unwrap(), s["highlights"][0][1].as_u64().unwrap()];
    assert_eq!(&text[a as usize..b as usize], "مقديشو");
    let empty = rasd(&["search", "--db", &db, "،،"], b"");
    assert_eq!(empty.status.code(), Some(2));
    assert!(stderr(&empty).contains("no words"), "{}", stderr(&empty));
}

#[test]
fn exports_load_as_csv_geojson_and_the_eval_contract() {
    let (_dir, db) = ingested_examples();
    let out = |fmt: &str| {
        let o = rasd(&["export", "--db", &db, "--format", fmt], b"");
        assert!(o.status.success(), "{}", stderr(&o));
        o.stdout
    };
    let acled = out("acled");
    let mut r = csv::Reader::from_reader(&acled[..]);
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    for c in [
        "event_id_cnty",
        "event_date",
        "sub_event_type",
        "actor1",
        "admin1",
        "latitude",
        "fatalities",
        "notes",
    ] {
        assert!(head.contains(&c.to_string()), "{c}");
    }
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    let col = |c: &str| head.iter().position(|h| h == c).unwrap();
    let j = rows
        .iter()
        .find(|r| &r[col("location")] == "Jalalabad" && &r[col("event_date")] == "2018-05-06")
        .unwrap();
    assert_eq!(&j[col("fatalities")], "19");
    assert_eq!(&j[col("sub_event_type")], "Remote explosive/landmine/IED");
    assert_eq!(&j[col("country")], "Afghanistan");
    assert_eq!(&j[col("actor1")], "Islamic State");

    let gtd = out("gtd");
    let mut r = csv::Reader::from_reader(&gtd[..]);
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let col = |c: &str| head.iter().position(|h| h == c).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    let j = rows.iter().find(|r| &r[col("city")] == "Jalalabad" && &r[col("iday")] == "6").unwrap();
    assert_eq!(
        (&j[col("gname")], &j[col("claimed")], &j[col("nkill")]),
        ("Islamic State", "1", "19")
    );

    let geo: serde_json::Value = serde_json::from_slice(&out("geojson")).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    let f = geo["features"].as_array().unwrap();
    assert!(f.iter().all(|f| f["geometry"]["type"] == "Point"));

    // One line per article, events carrying their incident.
    let lines = String::from_utf8(out("jsonl")).unwrap();
    assert_eq!(lines.lines().count(), 7);
    let ids: Vec<String> = lines
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["id"].as_str().unwrap().contains("0507"))
        .filter_map(|v| v["events"][0]["incident"].as_str().map(str::to_string))
        .collect();
    assert_eq!(ids.len(), 3);
    assert_eq!(ids[0], ids[1], "both 7 May Jalalabad reports share the incident");
}

#[test]
fn a_missing_or_foreign_or_corrupt_database_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.db");
    let o = rasd(&["events", "--db", missing.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no such database"), "{}", stderr(&o));
    assert!(!missing.exists(), "a query never creates a database");

    let junk = dir.path().join("junk.db");
    std::fs::write(
        &junk,
        "this is a text file, not a database, but long enough to have a header".repeat(20),
    )
    .unwrap();
    let o = rasd(&["events", "--db", junk.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("not a rasd database") && e.lines().count() == 1, "{e}");

    let other = dir.path().join("other.db");
    let c = rusqlite::Connection::open(&other).unwrap();
    c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    drop(c);
    let o = ingest(other.to_str().unwrap(), &[examples().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("another program"), "{}", stderr(&o));
}

#[test]
fn a_locked_database_is_reported_and_left_intact() {
    let (_dir, db) = ingested_examples();
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let o = ingest(&db, &[examples().join("reports.jsonl").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("locked by another process"), "{}", stderr(&o));
    c.execute_batch("ROLLBACK").unwrap();
    drop(c);
    let events = json(&["events", "--db", &db, "--format", "json"]);
    assert_eq!(events.as_array().unwrap().len(), 8);
}

/// Many distinct articles written from the examples, for runs long enough
/// to interrupt.
fn many_articles(dir: &Path, n: usize) -> PathBuf {
    let lines: Vec<String> = std::fs::read_to_string(examples().join("reports.jsonl"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let mut out = String::new();
    for k in 0..n {
        let mut v: serde_json::Value = serde_json::from_str(&lines[k % lines.len()]).unwrap();
        v["id"] = format!("copy-{k}").into();
        v["url"] = format!("https://copies.example/{k}").into();
        // Each copy a day later, so that they stay separate incidents.
        let day =
            jiff::civil::date(2018, 1, 1).checked_add(jiff::Span::new().days(k as i64)).unwrap();
        v["published"] = format!("{day}T12:00:00+04:30").into();
        v["text"] = format!("{} (نسخة {k})", v["text"].as_str().unwrap()).into();
        out.push_str(&v.to_string());
        out.push('\n');
    }
    let path = dir.join("many.jsonl");
    std::fs::write(&path, out).unwrap();
    path
}

#[test]
fn killing_ingest_at_any_moment_loses_nothing_and_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = many_articles(dir.path(), 1500);
    let input = input.to_str().unwrap();
    let clean = dir.path().join("clean.db").display().to_string();
    let started = std::time::Instant::now();
    let o = rasd(&["ingest", "--db", &clean, "--batch", "20", "--threads", "1", input], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    // The kills fall at fractions of an uninterrupted run's time, so that
    // they land mid-run on a fast machine as on a slow one (fixed waits
    // outlasted the whole ingest of a release build).
    let full = started.elapsed();

    let killed = dir.path().join("killed.db").display().to_string();
    let bin = env!("CARGO_BIN_EXE_rasd");
    let mut interrupted = 0;
    for wait in [full / 5, full / 2, full * 4 / 5] {
        let mut child = Command::new(bin)
            .args(["ingest", "--db", &killed, "--batch", "20", "--threads", "1", input])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(wait);
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
    }
    assert!(interrupted > 0, "no run was interrupted; make the input larger");
    let o = rasd(&["ingest", "--db", &killed, input], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let export = |db: &str, fmt: &str| {
        let o = rasd(&["export", "--db", db, "--format", fmt], b"");
        assert!(o.status.success(), "{}", stderr(&o));
        o.stdout
    };
    assert_eq!(export(&killed, "jsonl"), export(&clean, "jsonl"));
    assert_eq!(export(&killed, "json"), export(&clean, "json"));
    // The search index caught up too.
    let count = |db: &str| json(&["search", "--db", db, "--json", "نسخة"])["total"].as_u64();
    assert_eq!(count(&killed), Some(1500));
    assert_eq!(count(&clean), Some(1500));
}

#[test]
fn a_full_disk_stops_ingest_with_a_message_and_keeps_what_was_committed() {
    let dir = tempfile::tempdir().unwrap();
    let input = many_articles(dir.path(), 1200);
    let db = db_in(dir.path());
    let o = rasd(
        &["ingest", "--db", &db, "--batch", "50", "--max-size-mb", "1", input.to_str().unwrap()],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("full") && e.contains("kept"), "{e}");
    let kept = json(&["events", "--db", &db, "--format", "json"]).as_array().unwrap().len();
    assert!(kept > 0 && kept < 1200, "{kept}");
    // Without the limit the rest goes in.
    let o = rasd(&["ingest", "--db", &db, input.to_str().unwrap()], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(": 1200 articles, 1000 events"), "{}", stdout(&o));
}

#[test]
fn unreadable_inputs_are_skipped_and_the_rest_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy(examples().join("reports.jsonl"), inputs.join("a.jsonl")).unwrap();
    std::fs::write(inputs.join("b.txt"), b"\xff\xfe broken").unwrap();
    std::fs::write(inputs.join("c.jsonl"), "{\"id\": 1, \"text\": \"\u{627}\"}\n{broken\n")
        .unwrap();
    let db = db_in(dir.path());
    let o = ingest(&db, &[inputs.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("b.txt: invalid UTF-8 at byte 0"), "{e}");
    assert!(e.contains("c.jsonl:2: not a JSON record"), "{e}");
    assert!(stdout(&o).contains("7 added"), "{}", stdout(&o));
}

#[test]
fn the_database_links_the_dev_set_reports_into_incidents() {
    let Some(shared) = crate::shared_or_skip(
        "the_database_links_the_dev_set_reports_into_incidents",
        "eval/dev.jsonl",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    let dev = format!("{shared}/eval/dev.jsonl");
    let o = ingest(&db, &[&dev]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = rasd(&["export", "--db", &db, "--format", "jsonl"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let s = crate::score(&o.stdout);
    assert!(s["dedup_f1"] >= 0.90, "{s:?}");
    // Storing and linking loses nothing the extractor found.
    let x = rasd(&["extract", "--format", "jsonl", &dev], b"");
    assert_eq!(s["event_f1"], crate::score(&x.stdout)["event_f1"]);
}
