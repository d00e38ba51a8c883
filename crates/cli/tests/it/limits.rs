//! Inputs and options that used to lose articles, hang or panic: identity
//! without ids, re-ingests that flip, truncated and oversized inputs, and
//! every numeric option at its extremes.

use std::io::Write;
use std::path::Path;

use crate::{rasd, stderr, stdout};

fn json(args: &[&str]) -> serde_json::Value {
    let o = rasd(args, b"");
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("JSON output")
}

fn n_docs(db: &str) -> usize {
    let o = rasd(&["export", "--db", db, "--format", "jsonl"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o).lines().count()
}

const KABUL: &str =
    "كابول 6 مايو 2018\n\nقتل خمسة أشخاص في انفجار عبوة ناسفة في سوق بكابول صباح اليوم.";
const KANDAHAR: &str =
    "قندهار 7 مايو 2018\n\nأصيب ثلاثة جنود بجروح في هجوم مسلح على حاجز في قندهار مساء اليوم.";

/// Articles with no id and no URL are told apart by their text: the same
/// file name in two folders, two runs over standard input, and two HTML
/// pages called index.html are each two articles.
#[test]
fn articles_without_ids_never_overwrite_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for (sub, text) in [("d1", KABUL), ("d2", KANDAHAR)] {
        std::fs::create_dir_all(p.join(sub)).unwrap();
        std::fs::write(p.join(sub).join("a.txt"), text).unwrap();
        std::fs::write(
            p.join(sub).join("index.html"),
            format!(
                "<html><body><article><p>{}</p></article></body></html>",
                text.replace('\n', " ")
            ),
        )
        .unwrap();
    }
    let db = p.join("t.db").display().to_string();
    let o = rasd(
        &["ingest", "--db", &db, p.join("d1").to_str().unwrap(), p.join("d2").to_str().unwrap()],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("4 added, 0 updated"), "{}", stdout(&o));
    // Texts of their own (the same text again would be a duplicate).
    for text in [KABUL, KANDAHAR] {
        let line =
            serde_json::json!({ "text": format!("{text}\nوقال شاهد إن الشرطة طوقت المكان.") })
                .to_string();
        let o = rasd(&["ingest", "--db", &db, "-"], line.as_bytes());
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert_eq!(n_docs(&db), 6);
    // The same input again changes nothing, and incidents keep their ids.
    let before = json(&["incidents", "--db", &db, "--format", "json"]);
    let o = rasd(
        &["ingest", "--db", &db, p.join("d1").to_str().unwrap(), p.join("d2").to_str().unwrap()],
        b"",
    );
    assert!(stdout(&o).contains("0 added, 0 updated, 4 unchanged"), "{}", stdout(&o));
    assert_eq!(json(&["incidents", "--db", &db, "--format", "json"]), before);
}

/// A file holding one id twice with two texts (an article and its
/// correction) stores the later text once; ingesting the file again
/// updates nothing and renumbers no incident.
#[test]
fn an_id_given_twice_does_not_flip_on_every_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("twice.jsonl");
    let older = serde_json::json!({"id": "a-1", "published": "2018-05-06", "text": KABUL});
    let newer = serde_json::json!({"id": "a-1", "published": "2018-05-06",
        "text": KABUL.replace("خمسة", "سبعة")});
    let other = serde_json::json!({"id": "b-1", "published": "2018-05-07", "text": KANDAHAR});
    std::fs::write(&f, format!("{older}\n{other}\n{newer}\n")).unwrap();
    let db = dir.path().join("t.db").display().to_string();
    let o = rasd(&["ingest", "--db", &db, f.to_str().unwrap()], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let before = json(&["incidents", "--db", &db, "--format", "json"]);
    for _ in 0..2 {
        let o = rasd(&["ingest", "--db", &db, f.to_str().unwrap()], b"");
        assert!(stdout(&o).contains("0 added, 0 updated, 2 unchanged"), "{}", stdout(&o));
        assert!(stdout(&o).contains("1 older texts of corrected articles"), "{}", stdout(&o));
        assert_eq!(json(&["incidents", "--db", &db, "--format", "json"]), before);
    }
    let events = json(&["events", "--db", &db, "--format", "json", "--place", "Kabul"]);
    assert_eq!(events[0]["event"]["killed"]["value"], 7, "{events:#}");
}

/// `n` records of about 5 KB each.
fn records(n: usize) -> String {
    let filler = "\nوقال شاهد عيان إن المحال التجارية أغلقت أبوابها في المنطقة.".repeat(50);
    (0..n)
        .map(|k| {
            serde_json::json!({"id": format!("r-{k}"), "published": "2018-05-06",
                "text": format!("{KABUL} ({k}){filler}")})
            .to_string()
                + "\n"
        })
        .collect()
}

/// A gzip cut short keeps every complete record before the cut; the bad
/// file is reported, the other files of the run are stored, and the exit
/// code is 1.
#[test]
fn a_truncated_gzip_keeps_its_complete_records() {
    let dir = tempfile::tempdir().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(records(150).as_bytes()).unwrap();
    let bytes = gz.finish().unwrap();
    let cut = dir.path().join("cut.jsonl.gz");
    std::fs::write(&cut, &bytes[..bytes.len() * 3 / 4]).unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, KANDAHAR).unwrap();
    let db = dir.path().join("t.db").display().to_string();
    let o = rasd(&["ingest", "--db", &db, cut.to_str().unwrap(), good.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("cut.jsonl.gz:"), "{}", stderr(&o));
    assert!(stderr(&o).contains("the records before this line are kept"), "{}", stderr(&o));
    let stored = n_docs(&db);
    // Three quarters of the compressed bytes hold most of the records.
    assert!((75..150).contains(&(stored - 1)), "{stored}");
}

/// Input past `--max-input-mb` (a decompression bomb, an endless device)
/// is refused at the limit and the rest of the run is stored.
#[test]
fn oversized_and_binary_inputs_are_refused_at_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(records(400).as_bytes()).unwrap();
    let big = dir.path().join("big.jsonl.gz");
    std::fs::write(&big, gz.finish().unwrap()).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&vec![0u8; 4 << 20]).unwrap();
    let zeros = dir.path().join("zeros.txt.gz");
    std::fs::write(&zeros, gz.finish().unwrap()).unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, KANDAHAR).unwrap();
    let db = dir.path().join("t.db").display().to_string();
    let o = rasd(
        &[
            "ingest",
            "--db",
            &db,
            "--max-input-mb",
            "1",
            big.to_str().unwrap(),
            zeros.to_str().unwrap(),
            good.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("more than 1 MB (raise --max-input-mb to read it)"), "{e}");
    assert!(e.contains("zeros.txt.gz: binary data (NUL byte at byte 0)"), "{e}");
    // The records within the first megabyte and the good file are stored.
    let stored = n_docs(&db);
    assert!(stored > 100 && stored < 400, "{stored}");
}

/// Every numeric option at its extremes: a value outside its range is a
/// one-line error and exit code 2, never a panic (101).
#[test]
fn every_numeric_option_at_its_extremes_is_an_error_or_works() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db").display().to_string();
    let f = dir.path().join("a.txt");
    std::fs::write(&f, KABUL).unwrap();
    let o = rasd(&["ingest", "--db", &db, f.to_str().unwrap()], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let file = f.to_str().unwrap();
    let options: &[(&[&str], &str)] = &[
        (&["ingest", "--db", &db, file], "--batch"),
        (&["ingest", "--db", &db, file], "--threads"),
        (&["ingest", "--db", &db, file], "--max-size-mb"),
        (&["ingest", "--db", &db, file], "--max-input-mb"),
        (&["extract", file], "--max-input-mb"),
        (&["events", "--db", &db], "--limit"),
        (&["events", "--db", &db], "--offset"),
        (&["incidents", "--db", &db], "--min-killed"),
        (&["stats", "--db", &db], "--limit"),
        (&["search", "كابول", "--db", &db], "--limit"),
        (&["export", "--db", &db, "--format", "json"], "--offset"),
        (&["trends", "--db", &db], "--top"),
        (&["alerts", "--db", &db], "--days"),
        (&["serve", "--db", &db, "--help"], "--max-body-mb"),
    ];
    let values = ["0", "1", "-1", "3650", "99999999", "18446744073709551616", "1e9", "abc", ""];
    for (base, option) in options {
        for v in values {
            let mut args = base.to_vec();
            args.extend([option, v]);
            let o = rasd(&args, b"");
            let code = o.status.code();
            assert!(matches!(code, Some(0..=2)), "{args:?}: {code:?} {}", stderr(&o));
            assert!(!stderr(&o).contains("panicked"), "{args:?}: {}", stderr(&o));
            if code == Some(2) {
                let first = stderr(&o).lines().next().unwrap_or("").to_string();
                assert!(
                    first.starts_with("error:") || first.starts_with("rasd:"),
                    "{args:?}: {first}"
                );
            }
        }
    }
    // The values of the issue that crashed or hung.
    let o = rasd(&["alerts", "--db", &db, "--days", "99999999"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("99999999 is not in 1..=3650"), "{}", stderr(&o));
}

/// `serve --help` says what `serve` does with a missing database.
#[test]
fn serve_help_says_the_database_must_exist() {
    let o = rasd(&["serve", "--help"], b"");
    let help = stdout(&o);
    assert!(help.contains("it must exist"), "{help}");
    assert!(!help.contains("created when absent"), "{help}");
    let o = rasd(&["serve", "--db", Path::new("/nonexistent/x.db").to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no such database"), "{}", stderr(&o));
}

/// Another process writing the search index does not fail an ingest: the
/// articles are stored, the run succeeds and says the index catches up,
/// a search meanwhile reads what the index already holds,
/// and the next command that opens the index brings it up to date.
#[test]
fn a_busy_index_never_fails_an_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db").display().to_string();
    let first = dir.path().join("first.txt");
    std::fs::write(&first, KABUL).unwrap();
    let o = rasd(&["ingest", "--db", &db, first.to_str().unwrap()], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let index = tantivy::Index::open_in_dir(format!("{db}.search")).unwrap();
    let writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    let second = dir.path().join("second.txt");
    std::fs::write(&second, KANDAHAR).unwrap();
    let o = rasd(&["ingest", "--db", &db, second.to_str().unwrap()], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("catches up later"), "{}", stderr(&o));
    assert_eq!(n_docs(&db), 2);
    // A search meanwhile reads what the index holds, not an error: the
    // ingest of the first article committed it, the second waits.
    let meanwhile = json(&["search", "كابول", "--db", &db, "--json"]);
    assert_eq!(meanwhile["total"], 1, "{meanwhile}");
    let meanwhile = json(&["search", "قندهار", "--db", &db, "--json"]);
    assert_eq!(meanwhile["total"], 0, "{meanwhile}");
    drop(writer);
    let found = json(&["search", "قندهار", "--db", &db, "--json"]);
    assert_eq!(found["total"], 1, "{found}");
}
