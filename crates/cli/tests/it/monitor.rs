//! `rasd monitor` as a process against a feed server on loopback: killed
//! with SIGKILL mid-poll, it loses nothing and stores nothing twice; a
//! mass-casualty article gives exactly one signed webhook delivery.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Default)]
struct Site {
    pages: HashMap<String, String>,
    hits: HashMap<String, u64>,
    posts: Vec<(String, Vec<u8>)>,
    /// Each page waits this long before it answers.
    page_delay: Duration,
}

/// A small HTTP/1.1 server on a thread: GET answers from `pages` (404
/// otherwise), POST is recorded. One connection at a time is enough for
/// a client that sends one request at a time.
fn serve() -> (String, Arc<Mutex<Site>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let site = Arc::new(Mutex::new(Site::default()));
    let s = site.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let site = s.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().expect("a stream"));
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let mut parts = line.split_whitespace();
                    let (method, path) = (
                        parts.next().unwrap_or("").to_string(),
                        parts.next().unwrap_or("/").to_string(),
                    );
                    let mut headers = Vec::new();
                    let mut length = 0usize;
                    loop {
                        let mut h = String::new();
                        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                            break;
                        }
                        if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                            length = v.trim().parse().unwrap_or(0);
                        }
                        headers.push(h.trim().to_string());
                    }
                    let mut body = vec![0; length];
                    if reader.read_exact(&mut body).is_err() {
                        return;
                    }
                    let (status, reply, delay) = {
                        let mut g = site.lock().expect("the site");
                        *g.hits.entry(path.clone()).or_default() += 1;
                        if method == "POST" {
                            let sig = headers
                                .iter()
                                .find_map(|h| {
                                    h.to_ascii_lowercase()
                                        .starts_with("x-rasd-signature:")
                                        .then(|| h[17..].trim().to_string())
                                })
                                .unwrap_or_default();
                            g.posts.push((sig, body));
                            ("200 OK", String::new(), Duration::ZERO)
                        } else {
                            match g.pages.get(&path) {
                                Some(p) => {
                                    let d = if path.starts_with("/a/") {
                                        g.page_delay
                                    } else {
                                        Duration::ZERO
                                    };
                                    ("200 OK", p.clone(), d)
                                }
                                None => ("404 Not Found", String::new(), Duration::ZERO),
                            }
                        }
                    };
                    std::thread::sleep(delay);
                    let head = format!(
                        "HTTP/1.1 {status}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\n\r\n",
                        reply.len()
                    );
                    if stream.write_all(head.as_bytes()).is_err()
                        || stream.write_all(reply.as_bytes()).is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    (base, site)
}

const TOWNS: [&str; 6] = ["حلب", "إدلب", "درعا", "حمص", "الرقة", "دير الزور"];

fn page(n: usize) -> String {
    let town = TOWNS[n % TOWNS.len()];
    format!(
        "<html><head><meta charset=\"utf-8\"><meta property=\"article:published_time\" content=\"2026-11-{:02}T08:00:00Z\"></head><body><article><h1>قصف على ريف {town} (تقرير {n})</h1><p>قال مراسلون محليون إن قصفا استهدف قرية في ريف {town} صباح اليوم وأدى إلى إصابة {} مدنيين، في حادثة هي الرقم {n} هذا الشهر.</p></article></body></html>",
        1 + n % 28,
        2 + n % 5
    )
}

fn rss(base: &str, paths: &[String]) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>t</title>",
    );
    for p in paths {
        x.push_str(&format!("<item><title>خبر</title><link>{base}{p}</link></item>"));
    }
    x + "</channel></rss>"
}

fn sources_file(dir: &std::path::Path, base: &str) -> std::path::PathBuf {
    let path = dir.join("sources.toml");
    std::fs::write(
        &path,
        format!(
            "[http]\nhost_delay = \"0ms\"\ntimeout = \"5s\"\n\n[[source]]\nname = \"wire\"\nfeed = \"{base}/feed\"\ninterval = \"1s\"\noutlet = \"wire\"\n"
        ),
    )
    .expect("sources file written");
    path
}

fn monitor(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rasd"));
    c.arg("monitor").args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    c
}

/// (articles, distinct URLs) in the database.
fn count(db: &std::path::Path) -> (i64, i64) {
    let conn = rusqlite::Connection::open(db).expect("the database opens");
    conn.query_row("SELECT count(*), count(DISTINCT url) FROM documents", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .expect("documents counted")
}

#[test]
fn kill_9_loses_nothing_and_stores_nothing_twice() {
    let (base, site) = serve();
    let paths: Vec<String> = (0..30).map(|n| format!("/a/{n}")).collect();
    {
        let mut g = site.lock().unwrap();
        for (n, p) in paths.iter().enumerate() {
            g.pages.insert(p.clone(), page(n));
        }
        g.pages.insert("/feed".into(), rss(&base, &paths));
        g.page_delay = Duration::from_millis(40);
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rasd.db");
    let sources = sources_file(dir.path(), &base);
    let args = ["--sources", sources.to_str().unwrap(), "--db", db.to_str().unwrap()];
    let mut child = monitor(&args).spawn().expect("rasd monitor starts");
    // Killed mid-poll, once more than a batch of pages was read.
    let t = Instant::now();
    while site.lock().unwrap().hits.keys().filter(|k| k.starts_with("/a/")).count() < 16 {
        assert!(t.elapsed() < Duration::from_secs(60), "the monitor read no pages");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().expect("SIGKILL sent");
    child.wait().unwrap();
    let (stored_at_kill, _) = count(&db);
    assert!(stored_at_kill >= 10, "{stored_at_kill} articles were committed before the kill");
    // Meanwhile five more arrive; a run after the kill reads the rest.
    let all: Vec<String> = (0..35).map(|n| format!("/a/{n}")).collect();
    {
        let mut g = site.lock().unwrap();
        for (n, p) in all.iter().enumerate().skip(30) {
            g.pages.insert(p.clone(), page(n));
        }
        g.pages.insert("/feed".into(), rss(&base, &all));
        g.page_delay = Duration::ZERO;
    }
    let out =
        monitor(&[&args[..], &["--once"]].concat()).output().expect("rasd monitor --once runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(count(&db), (35, 35));
    // Pages stored before the kill were not fetched again.
    let g = site.lock().unwrap();
    let refetched = all.iter().filter(|p| g.hits.get(*p).copied().unwrap_or(0) > 1).count() as i64;
    assert!(refetched <= 30 - stored_at_kill, "{refetched} pages fetched twice");
}

#[test]
fn a_mass_casualty_article_gives_one_signed_webhook_delivery() {
    let (base, site) = serve();
    let massacre = "<html><head><meta charset=\"utf-8\"><meta property=\"article:published_time\" content=\"2026-12-05T09:00:00Z\"></head><body><article><h1>مقتل 60 شخصا في تفجير انتحاري بسوق في بغداد</h1><p>بغداد - قتل 60 شخصا وأصيب أكثر من 100 آخرين في تفجير انتحاري استهدف سوقا شعبيا في حي الشعلة ببغداد صباح السبت، بحسب مصادر أمنية.</p></article></body></html>";
    {
        let mut g = site.lock().unwrap();
        g.pages.insert("/a/1".into(), page(1));
        g.pages.insert("/a/2".into(), massacre.to_string());
        g.pages.insert("/feed".into(), rss(&base, &["/a/1".into(), "/a/2".into()]));
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rasd.db");
    let sources = sources_file(dir.path(), &base);
    let hook = format!("{base}/hook");
    let status = dir.path().join("status.json");
    let args = [
        "--sources",
        sources.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--once",
        "--webhook",
        &hook,
        "--status-json",
        status.to_str().unwrap(),
    ];
    let run = || {
        let out = monitor(&args).env("RASD_WEBHOOK_SECRET", "desk-secret").output().expect("runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out
    };
    let out = run();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(err.contains("WARNING") && err.contains("mass_casualty"), "{err}");
    // Read again, with one more (quiet) article: no second delivery.
    {
        let mut g = site.lock().unwrap();
        g.pages.insert("/a/3".into(), page(3));
        g.pages.insert("/feed".into(), rss(&base, &["/a/1".into(), "/a/2".into(), "/a/3".into()]));
    }
    run();
    let g = site.lock().unwrap();
    assert_eq!(g.posts.len(), 1, "exactly one delivery");
    let (sig, body) = &g.posts[0];
    assert!(rasd_monitor::webhook::verify("desk-secret", body, sig), "signature {sig}");
    let v: serde_json::Value = serde_json::from_slice(body).unwrap();
    // One article alone: an unconfirmed lead, delivered as one.
    assert_eq!(v["warning"]["kind"], "mass_casualty_lead");
    assert_eq!(v["event"], "lead");
    assert_eq!(count(&db), (3, 3));
    // The status, as the terminal shows it and /api/sources will serve it.
    let st: serde_json::Value = serde_json::from_slice(&std::fs::read(&status).unwrap()).unwrap();
    let wire = &st["sources"][0];
    assert_eq!((wire["name"].as_str(), wire["last_status"].as_u64()), (Some("wire"), Some(200)));
    assert_eq!((wire["items_seen"].as_u64(), wire["items_new"].as_u64()), (Some(3), Some(1)));
    assert!(wire["last_error"].is_null());
}

#[test]
fn mistakes_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rasd.db");
    let db = db.to_str().unwrap();
    let o = monitor(&["--db", db]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("nothing to monitor: give --sources FILE or --feed URL")
    );
    let o = monitor(&[
        "--db",
        db,
        "--feed",
        "http://127.0.0.1:9/f",
        "--webhook",
        "http://127.0.0.1:9/h",
    ])
    .env_remove("RASD_WEBHOOK_SECRET")
    .output()
    .unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("set RASD_WEBHOOK_SECRET"), "{o:?}");
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[[source]]\nname = \"x\"\nlisting = \"http://127.0.0.1:9/\"\n").unwrap();
    let o = monitor(&["--db", db, "--sources", bad.to_str().unwrap()]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.toml: source \"x\": a listing needs a selector"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // An address the monitor cannot fetch is refused at once, not retried
    // for ever: given on the command line or in the sources file.
    for (flag, value, says) in [
        ("--feed", "255", "is not an address"),
        ("--feed", "ftp://example.org/feed.xml", "is not an http or https address"),
        ("--webhook", "hooks.example.org/x", "is not an address"),
    ] {
        let mut args = vec!["--db", db, "--once", flag, value];
        if flag == "--webhook" {
            args.extend(["--feed", "http://127.0.0.1:9/f"]);
        }
        let o = monitor(&args).env("RASD_WEBHOOK_SECRET", "s").output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{flag} {value}: {err}");
        assert!(err.contains(&format!("{flag}: ")) && err.contains(says), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    std::fs::write(&bad, "[[source]]\nname = \"x\"\nfeed = \"news/rss\"\n").unwrap();
    let o = monitor(&["--db", db, "--sources", bad.to_str().unwrap()]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("source \"x\": \"news/rss\" is not an address"), "{err}");
}

#[test]
fn a_warning_the_monitor_raises_waits_on_the_desk() {
    let (base, site) = serve();
    let massacre = "<html><head><meta charset=\"utf-8\"><meta property=\"article:published_time\" content=\"2026-12-05T09:00:00Z\"></head><body><article><h1>مقتل 70 شخصا في تفجير انتحاري بسوق في الموصل</h1><p>الموصل - قتل 70 شخصا وأصيب عشرات آخرون في تفجير انتحاري استهدف سوقا شعبيا في الموصل صباح السبت، بحسب مصادر أمنية.</p></article></body></html>";
    {
        let mut g = site.lock().unwrap();
        g.pages.insert("/a/1".into(), massacre.to_string());
        g.pages.insert("/feed".into(), rss(&base, &["/a/1".into()]));
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rasd.db");
    let sources = sources_file(dir.path(), &base);
    let out =
        monitor(&["--sources", sources.to_str().unwrap(), "--db", db.to_str().unwrap(), "--once"])
            .output()
            .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Recorded as the monitor raised it: new, by the rules, waiting.
    let o = crate::rasd(&["alerts", "--db", db.to_str().unwrap(), "--state", "new", "--json"], b"");
    assert!(o.status.success(), "{}", crate::stderr(&o));
    let desk: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let w = &desk[0];
    assert_eq!(
        (w["kind"].as_str(), w["state"].as_str(), w["by"].as_str()),
        (Some("mass_casualty_lead"), Some("new"), Some("rasd")),
        "{desk:#}"
    );
}
