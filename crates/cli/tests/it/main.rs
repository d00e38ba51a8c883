//! End-to-end tests of the `rasd` command.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn rasd(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rasd"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rasd runs");
    child.stdin.take().expect("piped").write_all(stdin).expect("stdin written");
    child.wait_with_output().expect("rasd finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 errors")
}

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("rasd-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("temp file written");
    path
}

const ARTICLE: &str = "الأحد 6 مايو 2018 / 23:10\n\nمقتل 17 شخصاً على الأقل بتفجير في خوست\n\nقتل ما لا يقل عن سبعة عشر شخصاً أمس في انفجار.";

#[test]
fn analyze_prints_a_table_with_the_dateline_and_findings() {
    let o = rasd(&["analyze"], ARTICLE.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("reference  2018-05-06"), "{out}");
    assert!(out.contains("2018-05-06 23:10"), "{out}");
    assert!(out.contains("at_least"), "{out}");
    assert!(out.contains("ب+تفجير"), "{out}");
    assert!(out.contains("2018-05-05"), "{out}");
}

#[test]
fn analyze_json_has_spans_into_the_original() {
    let o = rasd(&["analyze", "--json"], ARTICLE.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let numbers = v["numbers"].as_array().expect("numbers");
    let seventeen =
        numbers.iter().find(|n| n["text"] == "ما لا يقل عن سبعة عشر").expect("hedged number");
    assert_eq!(seventeen["value"], 17.0);
    assert_eq!(seventeen["qualifier"], "at_least");
    let (s, e) = (
        seventeen["span"]["start"].as_u64().unwrap() as usize,
        seventeen["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&ARTICLE[s..e], "ما لا يقل عن سبعة عشر");
    assert_eq!(v["dateline"]["date"], "2018-05-06");
}

#[test]
fn reference_flag_overrides_the_dateline() {
    let o = rasd(&["analyze", "--json", "--reference", "2020-01-10"], ARTICLE.as_bytes());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["reference"], "2020-01-10");
    assert!(v["dates"].as_array().unwrap().iter().any(|d| d["iso"] == "2020-01-09"));
}

#[test]
fn invalid_utf8_is_a_one_line_error_with_file_and_offset() {
    let path = temp_file("bad.txt", b"\xd9\x82\xd8\xaa\xd9\x84 \xff\xfe");
    let o = rasd(&["analyze", path.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("bad.txt") && err.contains("invalid UTF-8 at byte 7"), "{err}");
}

#[test]
fn binary_input_is_refused() {
    let path = temp_file("image.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    let o = rasd(&["analyze", path.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("image.bin") && err.contains("NUL byte at byte 8"), "{err}");
}

#[test]
fn missing_file_and_directory_are_clear_errors() {
    let o = rasd(&["analyze", "no-such-file.txt"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-file.txt"), "{}", stderr(&o));
    let o = rasd(&["analyze", "src"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is a directory"), "{}", stderr(&o));
}

#[test]
fn empty_input_gives_empty_findings() {
    let o = rasd(&["analyze", "--json", "--reference", "2018-05-06"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["sentences"].as_array().unwrap().len(), 0);
    assert_eq!(v["numbers"].as_array().unwrap().len(), 0);
}

#[test]
fn conformance_prints_the_pass_rates() {
    let o = rasd(&["conformance"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("numeral+ordinal"), "{out}");
    assert!(out.contains("558/558"), "{out}");
    assert!(out.contains("time: dates and days"), "{out}");
}

#[test]
fn the_shipped_example_analyses() {
    let o = rasd(&["analyze", "../../examples/jalalabad-market.txt"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("dateline   الأحد 6 مايو 2018"), "{}", stdout(&o));
}

fn shared() -> String {
    format!("{}/../../../shared", env!("CARGO_MANIFEST_DIR"))
}

/// Reads "NAME TYPE  P 0.840  R 0.843  F1 0.841" lines.
fn figure(out: &str, corpus: &str, ty: &str, which: &str) -> f64 {
    let line = out
        .lines()
        .find(|l| l.starts_with(corpus) && l.split_whitespace().any(|w| w == ty))
        .unwrap_or_else(|| panic!("no {corpus} {ty} line in:\n{out}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().position(|w| *w == which).expect("figure label");
    words[at + 1].parse().expect("a number")
}

#[test]
fn ner_eval_meets_the_targets() {
    let o = rasd(&["ner-eval", "--shared", &shared()], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(figure(&out, "ANERcorp", "LOC", "F1") >= 0.80, "{out}");
    assert!(figure(&out, "ANERcorp", "ORG", "P") >= 0.80, "{out}");
    let rate = |label: &str| -> f64 {
        let line = out
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no {label} in:\n{out}"));
        line.rsplit(' ').next().expect("rate").parse().expect("a number")
    };
    assert!(rate("gold places recognised") >= 0.95, "{out}");
    assert!(rate("gold perpetrators recognised") >= 0.95, "{out}");
}

#[test]
fn analyze_shows_places_groups_and_people() {
    let text = "قال المتحدث باسم طالبان ذبيح الله مجاهد إن مقاتلي الحركة هاجموا مواقع في ولاية فراه غربي أفغانستان.";
    let o = rasd(&["analyze", "--json", "--reference", "2018-05-16"], text.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let entities = v["entities"].as_array().expect("entities");
    let farah = entities.iter().find(|e| e["text"] == "فراه").expect("Farah found");
    assert_eq!(farah["country"], "AF");
    assert_eq!(farah["kind"], "place");
    assert!(farah["coordinates"][0].as_f64().is_some());
    assert!(entities.iter().any(|e| e["name"] == "Taliban" && e["id"] == "group:taliban"));
    assert_eq!(v["people"][0]["name"], "ذبيح الله مجاهد");
}
