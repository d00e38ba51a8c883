//! Every option of every command with extreme and arbitrary values, run on
//! the real binary: the answer is a result (exit 0), a partial one (1) or
//! a one-line error (2), never a panic (101) or a signal.
//!
//! The commands and their options are read from the binary's own `--help`,
//! so an option added later is driven too without touching this file.
//! `cargo test` runs a few dozen cases (each spawns a process);
//! `tools/fuzz.sh` runs more through `RASD_FUZZ_CASES`.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;

/// One value-taking argument of a command: an option (`--limit`) or a
/// positional (`<ID>`), with clap's name for its value.
#[derive(Clone, Debug)]
struct Arg {
    /// `--limit`, or empty for a positional.
    flag: String,
    /// The value's name in the help (`LIMIT`, `PATHS`).
    value: String,
    /// Given in the usage line without brackets.
    required: bool,
}

#[derive(Clone, Debug)]
struct Sub {
    name: String,
    args: Vec<Arg>,
}

fn help(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_rasd")).args(args).output().expect("rasd runs");
    assert!(o.status.success(), "{args:?}");
    String::from_utf8(o.stdout).expect("UTF-8 help")
}

/// The lines of a section of clap's help (`Commands:`, `Options:`), up to
/// the next heading (long help puts blank lines between entries).
fn section<'a>(text: &'a str, title: &str) -> Vec<&'a str> {
    text.lines()
        .skip_while(|l| *l != title)
        .skip(1)
        .take_while(|l| l.is_empty() || l.starts_with(' '))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Every command but `help`, with its value-taking options and positionals.
fn commands() -> Vec<Sub> {
    let top = help(&["--help"]);
    let mut subs = Vec::new();
    // A command's line is indented by two spaces; its description may go
    // on over more deeply indented lines.
    for line in section(&top, "Commands:").into_iter().filter(|l| !l.starts_with("   ")) {
        let name = line.split_whitespace().next().expect("a command name");
        if name == "help" {
            continue;
        }
        let text = help(&[name, "--help"]);
        let usage = text.lines().find(|l| l.starts_with("Usage:")).unwrap_or("");
        let mut args = Vec::new();
        for l in section(&text, "Arguments:") {
            let v = l.split_whitespace().next().unwrap_or("");
            if !v.starts_with(['<', '[']) {
                continue;
            }
            let value = v.trim_matches(|c| "<>[].".contains(c)).to_string();
            args.push(Arg { flag: String::new(), value, required: v.starts_with('<') });
        }
        for l in section(&text, "Options:") {
            // "  -o, --output <OUTPUT>  Where…" or "      --json  The same…"
            let words: Vec<&str> = l.split_whitespace().collect();
            if !words.first().is_some_and(|w| w.starts_with('-')) {
                continue;
            }
            let Some(i) = words.iter().take(2).position(|w| w.starts_with("--")) else { continue };
            let flag = words[i].trim_end_matches(',').to_string();
            let Some(v) = words.get(i + 1).filter(|v| v.starts_with('<')) else { continue };
            let value = v.trim_matches(|c| "<>[].".contains(c)).to_string();
            let required = usage.contains(&format!("{flag} <"));
            args.push(Arg { flag, value, required });
        }
        subs.push(Sub { name: name.to_string(), args });
    }
    subs
}

/// Ordinary values for the arguments a command needs besides the one under
/// test; `files` holds a small database, an article and a gold file.
fn ordinary(sub: &str, a: &Arg, files: &Path) -> OsString {
    let f = |name: &str| files.join(name).into_os_string();
    match (sub, a.flag.as_str(), a.value.as_str()) {
        (_, "--db", _) => f("t.db"),
        ("train", "", _) => f("gold.jsonl"),
        ("analyze", "", _) => f("a.txt"),
        ("bench", "", _) | ("ingest" | "extract" | "publish", "", _) => f("a.jsonl"),
        // No server listens there: the run ends with a one-line error,
        // whatever else it is given, and never touches a real stream.
        (_, "--nats", _) => NO_NATS.into(),
        ("search", "", _) => "كابول".into(),
        ("incident", "", _) => "1".into(),
        ("completions", "", _) => "bash".into(),
        (_, "--format", _) => "json".into(),
        _ => "1".into(),
    }
}

/// A NATS address where nothing listens. `publish` and `worker` always get
/// it (an arbitrary value such as `0` would reach a server on this machine).
const NO_NATS: &str = "nats://127.0.0.1:9";

/// Values at the edges of every type an option may take: numbers, dates,
/// lists, paths, text; and arbitrary text, and bytes that are not UTF-8.
fn value() -> impl Strategy<Value = OsString> {
    let edges = prop::sample::select(vec![
        "0",
        "1",
        "-1",
        "-0",
        "2",
        "255",
        "65536",
        "4294967296",
        "9223372036854775807",
        "-9223372036854775809",
        "18446744073709551616",
        "99999999999999999999999999",
        "1e308",
        "1e-320",
        "NaN",
        "inf",
        "-inf",
        "0.5",
        "1.5",
        "0x10",
        "",
        " ",
        "\t",
        "\n",
        "0000-00-00",
        "0001-01-01",
        "9999-12-31",
        "2018-02-30",
        "2018-13",
        "2018",
        "1899",
        "2101",
        "-2018",
        "2018-1-1",
        "٢٠١٨-٠٥-٠٦",
        "2018-05-06T25:61:00Z",
        "a,,b",
        ",",
        "AF,AF",
        "group,group",
        "كابول",
        "الدولة الإسلامية",
        ".",
        "..",
        "nonexistent",
        "t.db",
        "--",
        "-",
        "=",
        "%s%n",
        "'; DROP TABLE documents; --",
    ])
    .prop_map(OsString::from);
    prop_oneof![
        6 => edges,
        2 => "\\PC{0,40}".prop_map(OsString::from),
        1 => "[0-9]{1,30}".prop_map(OsString::from),
        1 => prop::collection::vec(any::<u8>(), 0..24).prop_map(OsString::from_vec),
        1 => (1usize..20_000).prop_map(|n| OsString::from("٣".repeat(n))),
    ]
}

/// A value as the program gets it: never a path outside the run's own
/// folder (every run has a scratch folder as its working directory, and a
/// `/` could name any file of the machine), and no NUL byte (an argument
/// cannot hold one).
fn confined(v: OsString) -> OsString {
    let bytes: Vec<u8> =
        v.into_vec().into_iter().map(|b| if b == b'/' || b == 0 { b'_' } else { b }).collect();
    let v = OsString::from_vec(bytes);
    if v == "." || v == ".." { OsString::from("x") } else { v }
}

/// Runs `rasd` in `cwd`; `serve` (which runs until stopped) is stopped
/// once it has been up for a while, which counts as success.
fn run(args: &[OsString], cwd: &Path) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rasd"))
        .args(args)
        .current_dir(cwd)
        .env_remove("RASD_DB")
        .env_remove("RASD_TOKEN")
        .env("RASD_NATS", NO_NATS)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rasd runs");
    // Read as it comes: an error echoing a long value fills a pipe.
    let mut pipe = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut err = Vec::new();
        let _ = std::io::Read::read_to_end(&mut pipe, &mut err);
        String::from_utf8_lossy(&err).into_owned()
    });
    let serving = args.first().is_some_and(|a| a == "serve");
    let patience = Duration::from_secs(if serving { 4 } else { 120 });
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("waiting for rasd") {
            return (status.code(), reader.join().expect("stderr read"));
        }
        if started.elapsed() > patience {
            child.kill().expect("rasd stopped");
            child.wait().expect("rasd stopped");
            let err = reader.join().expect("stderr read");
            assert!(serving, "{args:?} still running after {patience:?}: {err}");
            return (Some(0), err);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

const TEXT: &str = "كابول 6 مايو 2018\n\nقتل خمسة أشخاص أمس في انفجار عبوة ناسفة في سوق بكابول، وقال مسؤول إن هجوماً آخر وقع قبل ثلاثة أيام.";
const ARTICLE: &str = "{\"id\":\"k1\",\"published\":\"2018-05-06\",\"text\":\"كابول 6 مايو 2018\\n\\nقتل خمسة أشخاص أمس في انفجار عبوة ناسفة في سوق بكابول، وقال مسؤول إن هجوماً آخر وقع قبل ثلاثة أيام.\"}\n";

/// The files the runs share, in a folder of their own: a database holding
/// one article, the article, and a gold file for `train`.
fn fixtures(dir: &Path) {
    std::fs::write(dir.join("a.jsonl"), ARTICLE).unwrap();
    std::fs::write(dir.join("a.txt"), TEXT).unwrap();
    let gold = ARTICLE.replace("\"}\n", "\",\"events\":[]}\n");
    std::fs::write(dir.join("gold.jsonl"), format!("{gold}{}", gold.replace("k1", "k2"))).unwrap();
    let db = dir.join("t.db");
    let (code, err) = run(&["ingest".into(), "--db".into(), db.into(), "a.jsonl".into()], dir);
    assert_eq!(code, Some(0), "{err}");
}

fn cases() -> u32 {
    std::env::var("RASD_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(32)
}

#[test]
fn any_option_value_is_a_result_or_a_one_line_error() {
    let subs = commands();
    let targets: Vec<(usize, usize)> = subs
        .iter()
        .enumerate()
        .flat_map(|(s, sub)| (0..sub.args.len()).map(move |a| (s, a)))
        .collect();
    // The help lists what the test relies on: if these go, the parsing of
    // the help has broken, not rasd.
    assert!(subs.len() >= 15, "{subs:?}");
    assert!(targets.len() >= 120, "{}", targets.len());
    let files = tempfile::tempdir().unwrap();
    fixtures(files.path());
    let config =
        ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() };
    proptest!(config, |(which in 0..targets.len(), v in value())| {
        let (s, a) = targets[which];
        let sub = &subs[s];
        let scratch = tempfile::tempdir().unwrap();
        let mut args: Vec<OsString> = vec![sub.name.clone().into()];
        for (i, other) in sub.args.iter().enumerate() {
            let given = if i == a && other.flag == "--nats" {
                NO_NATS.into()
            } else if i == a {
                confined(v.clone())
            } else if other.required
                || other.flag.is_empty()
                || (sub.name == "serve" && other.flag == "--port")
            {
                match other.flag.as_str() {
                    "--port" => "0".into(),
                    _ => ordinary(&sub.name, other, files.path()),
                }
            } else {
                continue;
            };
            if !other.flag.is_empty() {
                args.push(other.flag.clone().into());
            }
            args.push(given);
        }
        // Commands that read a database get the shared one unless the
        // database is the value under test.
        if sub.args.iter().any(|o| o.flag == "--db") && sub.args[a].flag != "--db" {
            args.extend(["--db".into(), files.path().join("t.db").into_os_string()]);
        }
        let (code, err) = run(&args, scratch.path());
        prop_assert!(matches!(code, Some(0..=2)), "{args:?}: exit {code:?}\n{err}");
        prop_assert!(!err.contains("panicked"), "{args:?}: {err}");
        if code == Some(2) {
            let last = err.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("");
            prop_assert!(
                err.starts_with("error:") || last.starts_with("rasd: error:"),
                "{args:?}: the error is not one line of its own:\n{err}"
            );
        }
    });
}

/// Found by the property above: an error quoting a value that holds a
/// line break is still one line, the break shown escaped.
#[test]
fn an_error_quoting_a_line_break_is_one_line() {
    let scratch = tempfile::tempdir().unwrap();
    let args: Vec<OsString> =
        ["export", "--db", "a\nb", "--format", "json"].map(OsString::from).to_vec();
    let (code, err) = run(&args, scratch.path());
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("a\\nb"), "{err}");
}
