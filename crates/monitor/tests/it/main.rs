//! The monitor against a feed server on loopback, on a fake clock.

mod server;

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rasd_core::Doc;
use rasd_monitor::{
    Alert, Clock, Config, FakeClock, HttpConfig, Kind, Monitor, Sink, SinkError, Source, State,
    WebhookConfig,
};
use server::{Reply, Server, article, rss};

/// Sunday 6 December 2026, noon.
const START_MS: u64 = 1_796_558_400_000;

/// A sink that keeps what it is given, storing an address once as the
/// database does, and raises a warning for each article telling of a
/// massacre.
#[derive(Clone, Default)]
struct TestSink {
    docs: Arc<Mutex<Vec<Doc>>>,
    /// How many times each address reached the sink.
    calls: Arc<Mutex<Vec<String>>>,
    /// Fails the next store after keeping the articles, as a process
    /// killed between the database's commit and the state's would.
    crash_after_store: Arc<AtomicBool>,
    /// Keeps no articles, only counts them (for long runs).
    count_only: bool,
    n_stored: Arc<Mutex<usize>>,
}

impl Sink for TestSink {
    fn store(&mut self, docs: Vec<Doc>) -> Result<usize, SinkError> {
        let mut kept = self.docs.lock().unwrap();
        let mut calls = self.calls.lock().unwrap();
        let mut n = 0;
        for d in docs {
            let key = d.url.clone().unwrap_or_else(|| d.id.clone());
            calls.push(key.clone());
            *self.n_stored.lock().unwrap() += 1;
            if self.count_only {
                continue;
            }
            if !kept.iter().any(|k| k.url.as_ref().unwrap_or(&k.id) == &key) {
                kept.push(d);
                n += 1;
            }
        }
        if self.crash_after_store.swap(false, Ordering::SeqCst) {
            return Err("killed".into());
        }
        Ok(n)
    }

    fn warnings(&mut self) -> Result<Vec<Alert>, SinkError> {
        Ok(self
            .docs
            .lock()
            .unwrap()
            .iter()
            .filter(|d| d.text.contains("مجزرة"))
            .map(|d| Alert {
                key: format!("mass_casualty:{}", d.id),
                line: format!("mass casualty: {}", d.title.clone().unwrap_or_default()),
                body: serde_json::json!({"kind": "mass_casualty", "article": d.id}).to_string(),
            })
            .collect())
    }
}

impl TestSink {
    fn urls(&self) -> Vec<String> {
        self.docs.lock().unwrap().iter().map(|d| d.url.clone().unwrap_or_default()).collect()
    }

    fn texts(&self) -> Vec<String> {
        self.docs.lock().unwrap().iter().map(|d| d.text.clone()).collect()
    }
}

/// The client's settings in tests: generous timeouts, as CI machines are
/// busy; the slow server's test shortens its own.
fn http() -> HttpConfig {
    HttpConfig {
        user_agent: "rasd-monitor/test (+mailto:desk@example.invalid)".into(),
        timeout: Duration::from_secs(10),
        max_body_bytes: 1 << 20,
        max_redirects: 5,
        host_delay: Duration::from_secs(1),
        backoff_base: Duration::from_secs(60),
        backoff_max: Duration::from_secs(3600),
        robots: true,
    }
}

fn feed_source(server: &Server, name: &str, path: &str) -> Source {
    Source {
        name: name.into(),
        kind: Kind::Feed { url: server.url(path) },
        interval: Duration::from_secs(60),
        outlet: Some("وكالة الاختبار".into()),
        country: Some("SY".into()),
    }
}

struct Harness {
    dir: tempfile::TempDir,
    clock: Arc<FakeClock>,
    sink: TestSink,
    log: Arc<Mutex<Vec<String>>>,
}

impl Harness {
    fn new() -> Harness {
        Harness {
            dir: tempfile::tempdir().unwrap(),
            clock: Arc::new(FakeClock::new(START_MS)),
            sink: TestSink::default(),
            log: Arc::default(),
        }
    }

    fn monitor(&self, sources: Vec<Source>, webhook: Option<WebhookConfig>) -> Monitor<TestSink> {
        self.monitor_with(sources, webhook, http())
    }

    fn monitor_with(
        &self,
        sources: Vec<Source>,
        webhook: Option<WebhookConfig>,
        http: HttpConfig,
    ) -> Monitor<TestSink> {
        let config = Config { sources, http, webhook };
        let state = State::open(&self.dir.path().join("rasd.db.monitor")).unwrap();
        let log = self.log.clone();
        Monitor::new(
            config,
            state,
            self.sink.clone(),
            self.clock.clone(),
            Box::new(move |l| log.lock().unwrap().push(l.to_string())),
        )
        .unwrap()
    }

    fn log_has(&self, needle: &str) -> bool {
        self.log.lock().unwrap().iter().any(|l| l.contains(needle))
    }
}

const P1: &str =
    "قالت مصادر محلية إن قصفا مدفعيا استهدف بلدة في ريف المحافظة صباح اليوم وأدى إلى مقتل شخصين.";
const P2: &str = "أعلنت السلطات أن اشتباكات اندلعت بين قوات الأمن ومسلحين قرب الحدود مساء أمس.";
const P3: &str = "أفاد شهود بأن عبوة ناسفة انفجرت على طريق رئيسي دون أن تسفر عن إصابات.";

#[test]
fn new_items_stored_once_and_304_costs_nothing() {
    let server = Server::start();
    server.page("/a/1", &article("قصف على بلدة", P1));
    server.page("/a/2", &article("اشتباكات قرب الحدود", P2));
    server.feed("/feed", &rss(&server, &[("/a/1", "قصف", "ملخص"), ("/a/2", "اشتباكات", "ملخص")]));
    let h = Harness::new();
    let mut m = h.monitor(vec![feed_source(&server, "wire", "/feed")], None);
    let r = m.round(false).unwrap();
    assert_eq!(r.stored, 2);
    assert_eq!(m.status()[0].items_new, 2);
    assert_eq!(m.status()[0].last_status, Some(200));
    // Not due yet: nothing asked.
    assert_eq!(m.round(false).unwrap().polled, 0);
    h.clock.advance(Duration::from_secs(61));
    let r = m.round(false).unwrap();
    assert_eq!((r.polled, r.stored), (1, 0));
    assert_eq!(server.statuses("/feed"), vec![200, 304]);
    assert_eq!(m.status()[0].last_status, Some(304));
    // The feed gains an item: only its page is fetched.
    server.page("/a/3", &article("انفجار عبوة", P3));
    server.feed(
        "/feed",
        &rss(
            &server,
            &[("/a/1", "قصف", "ملخص"), ("/a/2", "اشتباكات", "ملخص"), ("/a/3", "انفجار", "ملخص")],
        ),
    );
    h.clock.advance(Duration::from_secs(61));
    assert_eq!(m.round(false).unwrap().stored, 1);
    assert_eq!((server.hits("/a/1"), server.hits("/a/2"), server.hits("/a/3")), (1, 1, 1));
    let calls = h.sink.calls.lock().unwrap().clone();
    let unique: HashSet<&String> = calls.iter().collect();
    assert_eq!((calls.len(), unique.len()), (3, 3), "{calls:?}");
    assert!(h.sink.texts().iter().any(|t| t.contains("عبوة ناسفة")));
    assert!(
        h.sink.docs.lock().unwrap().iter().all(|d| d.source.as_deref() == Some("وكالة الاختبار"))
    );
    // robots.txt is read once per host, not per request.
    assert_eq!(server.hits("/robots.txt"), 1);
}

#[test]
fn retry_after_is_honoured() {
    let server = Server::start();
    server.set("/feed", Reply::Status(429, Some(600)));
    let h = Harness::new();
    let mut m = h.monitor(vec![feed_source(&server, "wire", "/feed")], None);
    m.round(false).unwrap();
    assert_eq!(m.status()[0].last_status, Some(429));
    // A restart keeps the wait and the error.
    drop(m);
    let mut m = h.monitor(vec![feed_source(&server, "wire", "/feed")], None);
    assert_eq!(m.status()[0].failures, 1);
    assert!(m.status()[0].last_error.as_deref().unwrap().contains("HTTP 429"));
    // Ten minutes asked for: polls every 30 s for 9 minutes ask nothing.
    for _ in 0..18 {
        h.clock.advance(Duration::from_secs(30));
        m.round(false).unwrap();
    }
    assert_eq!(server.hits("/feed"), 1);
    server.feed("/feed", &rss(&server, &[]));
    h.clock.advance(Duration::from_secs(120));
    m.round(false).unwrap();
    assert_eq!(server.hits("/feed"), 2);
    assert_eq!(m.status()[0].failures, 0);
}

#[test]
fn server_errors_back_off_exponentially() {
    let server = Server::start();
    server.set("/feed", Reply::Status(500, None));
    let h = Harness::new();
    let mut m = h.monitor(vec![feed_source(&server, "wire", "/feed")], None);
    // Two hours of rounds every 10 s: without backoff, 720 requests (120
    // at the source's interval); with it (60 s doubling, capped at an
    // hour, a quarter of jitter) 6 to 8.
    for _ in 0..720 {
        m.round(false).unwrap();
        h.clock.advance(Duration::from_secs(10));
    }
    let n = server.hits("/feed");
    assert!((6..=8).contains(&n), "{n} requests");
    assert!(m.status()[0].failures as u64 == n);
    assert!(m.status()[0].last_error.as_deref().unwrap().contains("HTTP 500"));
}

#[test]
fn slow_server_times_out() {
    let server = Server::start();
    server.set("/feed", Reply::Slow(Duration::from_secs(3), rss(&server, &[]).into_bytes()));
    let h = Harness::new();
    let quick = HttpConfig { timeout: Duration::from_millis(500), ..http() };
    let mut m = h.monitor_with(vec![feed_source(&server, "wire", "/feed")], None, quick);
    let t = std::time::Instant::now();
    m.round(false).unwrap();
    assert!(t.elapsed() < Duration::from_secs(2));
    assert!(m.status()[0].last_error.as_deref().unwrap().contains("timed out"));
}

#[test]
fn malformed_feed_redirect_loop_and_huge_body_fail_cleanly() {
    let server = Server::start();
    server.set(
        "/bad",
        Reply::Ok {
            body: b"<rss><channel><item><title>x</ti".to_vec(),
            content_type: "text/xml".into(),
            etag: None,
        },
    );
    server.set("/loop", Reply::Redirect("/loop".into()));
    server.set("/huge", Reply::Huge(100 << 20));
    let h = Harness::new();
    let mut m = h.monitor(
        vec![
            feed_source(&server, "bad", "/bad"),
            feed_source(&server, "loop", "/loop"),
            feed_source(&server, "huge", "/huge"),
        ],
        None,
    );
    let t = std::time::Instant::now();
    let r = m.round(false).unwrap();
    assert_eq!((r.polled, r.stored), (3, 0));
    let err = |i: usize| m.status()[i].last_error.clone().unwrap_or_default();
    assert!(err(0).contains("feed"), "{}", err(0));
    assert!(err(1).contains("redirects"), "{}", err(1));
    assert!(err(2).contains("over the limit"), "{}", err(2));
    assert_eq!(server.hits("/loop"), 6);
    // The 100 MB body was cut off, not read.
    assert!(t.elapsed() < Duration::from_secs(5));
}

#[test]
fn legacy_arabic_encodings_are_decoded() {
    let server = Server::start();
    let html = article("هجوم على حاجز", P2).replace("utf-8", "windows-1256");
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&html);
    server.set(
        "/a/1",
        Reply::Ok { body: bytes.into_owned(), content_type: "text/html".into(), etag: None },
    );
    let html = article("انفجار", P3).replace("utf-8", "x");
    let (bytes, _, _) = encoding_rs::ISO_8859_6.encode(&html);
    server.set(
        "/a/2",
        Reply::Ok {
            body: bytes.into_owned(),
            content_type: "text/html; charset=iso-8859-6".into(),
            etag: None,
        },
    );
    // A page claiming UTF-8 that is Arabic read as Latin-1 is refused.
    let html = article("خبر", P1);
    let (moji, _, _) = encoding_rs::WINDOWS_1252.decode(html.as_bytes());
    server.page("/a/3", &moji);
    server.feed(
        "/feed",
        &rss(&server, &[("/a/1", "هجوم", ""), ("/a/2", "انفجار", ""), ("/a/3", "خبر", "")]),
    );
    let h = Harness::new();
    let mut m = h.monitor(vec![feed_source(&server, "wire", "/feed")], None);
    m.round(false).unwrap();
    let texts = h.sink.texts();
    assert!(texts.iter().any(|t| t.contains("اشتباكات اندلعت بين قوات الأمن")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("عبوة ناسفة انفجرت")), "{texts:?}");
    assert!(texts.iter().all(|t| !t.contains('Ø') && !t.contains('\u{fffd}')), "{texts:?}");
    assert!(h.log_has("wrong charset"));
}

#[test]
fn removed_or_failing_pages_fall_back_to_the_feed_text() {
    let server = Server::start();
    server.page("/a/1", &article("قصف", P1));
    server.set("/a/2", Reply::Status(500, None));
    // /a/3 is removed after its item appeared: 404.
    server.page("/a/3", &article("انفجار", P3));
    server.feed(
        "/feed",
        &rss(
            &server,
            &[("/a/1", "قصف", "ملخص أول"), ("/a/2", "اشتباكات", P2), ("/a/3", "انفجار", P3)],
        ),
    );
    server.remove("/a/3");
    let h = Harness::new();
    let mut m = h.monitor(vec![feed_source(&server, "wire", "/feed")], None);
    assert_eq!(m.round(false).unwrap().stored, 2);
    assert_eq!(server.statuses("/a/3"), vec![404]);
    // The failing page is tried again, and its item keeps the feed from
    // answering 304; at the third failure the feed's text is stored.
    for _ in 0..2 {
        h.clock.advance(Duration::from_secs(61));
        m.round(false).unwrap();
    }
    assert_eq!(server.hits("/a/2"), 3);
    assert!(!server.statuses("/feed").contains(&304));
    let texts = h.sink.texts();
    assert_eq!(texts.len(), 3);
    assert!(texts.iter().any(|t| t.contains("اشتباكات اندلعت")));
    h.clock.advance(Duration::from_secs(61));
    m.round(false).unwrap();
    assert_eq!(server.statuses("/feed").last(), Some(&304));
    assert_eq!(server.hits("/a/2"), 3);
}

#[test]
fn same_text_from_two_sources_is_stored_once() {
    let server = Server::start();
    server.page("/a/1", &article("قصف", P1));
    server.page("/b/1", &article("قصف", P1));
    server.feed("/fa", &rss(&server, &[("/a/1", "قصف", "")]));
    server.feed("/fb", &rss(&server, &[("/b/1", "قصف", "")]));
    let h = Harness::new();
    let mut m =
        h.monitor(vec![feed_source(&server, "a", "/fa"), feed_source(&server, "b", "/fb")], None);
    assert_eq!(m.round(false).unwrap().stored, 1);
    assert_eq!(h.sink.urls(), vec![server.url("/a/1")]);
    assert!(h.log_has("has the text of"));
}

#[test]
fn robots_txt_is_obeyed() {
    let server = Server::start();
    server.page("/robots.txt", "User-agent: *\nDisallow: /private/\n");
    server.page("/private/1", &article("قصف", P1));
    server.feed("/feed", &rss(&server, &[("/private/1", "قصف", P1)]));
    let h = Harness::new();
    let mut m = h.monitor(vec![feed_source(&server, "wire", "/feed")], None);
    assert_eq!(m.round(false).unwrap().stored, 1);
    assert_eq!(server.hits("/private/1"), 0);
}

#[test]
fn listing_pages_and_folders() {
    let server = Server::start();
    server.page("/a/1", &article("قصف", P1));
    server.page("/a/2", &article("اشتباكات", P2));
    server.page(
        "/list",
        "<html><body><ul class=\"news\"><li><a href=\"/a/1\">١</a></li><li><a href=\"a/2\">٢</a></li></ul><a href=\"/about\">من نحن</a></body></html>",
    );
    let h = Harness::new();
    let folder = h.dir.path().join("drop");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("one.txt"), P3).unwrap();
    let mut m = h.monitor(
        vec![
            Source {
                name: "list".into(),
                kind: Kind::Listing { url: server.url("/list"), selector: "ul.news a".into() },
                interval: Duration::from_secs(60),
                outlet: None,
                country: None,
            },
            Source {
                name: "drop".into(),
                kind: Kind::Folder { path: folder.clone() },
                interval: Duration::from_secs(60),
                outlet: None,
                country: None,
            },
        ],
        None,
    );
    assert_eq!(m.round(false).unwrap().stored, 3);
    assert_eq!(server.hits("/about"), 0);
    std::fs::write(folder.join("two.txt"), "انفجار في مستودع للذخيرة شرقي المدينة.").unwrap();
    h.clock.advance(Duration::from_secs(61));
    assert_eq!(m.round(false).unwrap().stored, 1);
    assert_eq!(h.sink.texts().len(), 4);
}

#[test]
fn nothing_lost_or_doubled_when_killed_between_store_and_state() {
    let server = Server::start();
    server.page("/a/1", &article("قصف", P1));
    server.page("/a/2", &article("اشتباكات", P2));
    server.feed("/feed", &rss(&server, &[("/a/1", "قصف", ""), ("/a/2", "اشتباكات", "")]));
    let h = Harness::new();
    h.sink.crash_after_store.store(true, Ordering::SeqCst);
    {
        let mut m = h.monitor(vec![feed_source(&server, "wire", "/feed")], None);
        m.round(false).unwrap();
    }
    // A new monitor on the same state: the items are read again (the
    // state was not committed), and the store keeps each once.
    server.page("/a/3", &article("انفجار", P3));
    server.feed("/feed", &rss(&server, &[("/a/1", "ق", ""), ("/a/2", "ا", ""), ("/a/3", "ا", "")]));
    let mut m = h.monitor(vec![feed_source(&server, "wire", "/feed")], None);
    h.clock.advance(Duration::from_secs(3600));
    m.round(false).unwrap();
    assert_eq!(h.sink.docs.lock().unwrap().len(), 3);
    h.clock.advance(Duration::from_secs(3600));
    m.round(false).unwrap();
    assert_eq!(h.sink.calls.lock().unwrap().len(), 5, "only the uncommitted two were read again");
}

#[test]
fn a_new_warning_is_delivered_once_signed_and_retried() {
    let server = Server::start();
    server.page("/a/1", &article("قصف", P1));
    server.feed("/feed", &rss(&server, &[("/a/1", "قصف", "")]));
    let h = Harness::new();
    let hook = WebhookConfig { url: server.url("/hook"), secret: "s3cret".into() };
    let mut m = h.monitor(vec![feed_source(&server, "wire", "/feed")], Some(hook.clone()));
    m.round(false).unwrap();
    assert!(server.posts().is_empty());
    // A massacre: the first delivery fails, the retry goes through.
    server.post_statuses(&[500]);
    server.page(
        "/a/2",
        &article("مجزرة في السوق", "ارتكبت مجزرة في سوق المدينة راح ضحيتها ستون شخصا."),
    );
    server.feed("/feed", &rss(&server, &[("/a/1", "قصف", ""), ("/a/2", "مجزرة", "")]));
    h.clock.advance(Duration::from_secs(61));
    let r = m.round(false).unwrap();
    assert_eq!((r.warnings, r.delivered), (1, 0));
    assert_eq!(m.state().n_outbox().unwrap(), 1);
    assert!(h.log_has("WARNING mass casualty"));
    // A restart does not lose the delivery waiting in the outbox.
    drop(m);
    let mut m = h.monitor(vec![feed_source(&server, "wire", "/feed")], Some(hook));
    for _ in 0..10 {
        h.clock.advance(Duration::from_secs(61));
        m.round(false).unwrap();
    }
    let posts = server.posts();
    assert_eq!(posts.len(), 2, "one failure, one delivery");
    let (headers, body) = &posts[1];
    let sig = headers.get("x-rasd-signature").unwrap().to_str().unwrap();
    assert!(rasd_monitor::webhook::verify("s3cret", body, sig));
    assert!(!rasd_monitor::webhook::verify("other", body, sig));
    let v: serde_json::Value = serde_json::from_slice(body).unwrap();
    assert_eq!(v["kind"], "mass_casualty");
    assert_eq!(m.state().n_outbox().unwrap(), 0);
}

/// The resident memory of this process, in kB.
fn rss_kb() -> u64 {
    let s = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = s.split_whitespace().nth(1).and_then(|p| p.parse().ok()).unwrap_or(0);
    pages * 4
}

/// Set in the child process that measures memory alone.
const MEMORY_CHILD: &str = "RASD_MONITOR_MEMORY_CHILD";

#[test]
fn memory_stays_flat_over_thousands_of_polls() {
    // Measured in a process of its own: the other tests running beside it
    // in this one would move its resident size.
    if std::env::var_os(MEMORY_CHILD).is_none() {
        let name = "memory_stays_flat_over_thousands_of_polls";
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", name, "--test-threads=1"])
            .env(MEMORY_CHILD, "1")
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success() && all.contains("1 passed"), "{all}");
        return;
    }
    let server = Server::start();
    let h =
        Harness { sink: TestSink { count_only: true, ..TestSink::default() }, ..Harness::new() };
    let mut m = h.monitor(vec![feed_source(&server, "wire", "/feed")], None);
    let mut run = |from: usize, to: usize| {
        for i in from..to {
            // A new item every tenth poll; 304s between.
            if i % 10 == 0 {
                let path = format!("/a/{i}");
                server.page(&path, &article("خبر", &format!("{P1} {i}")));
                let items: Vec<(String, String)> = (i.saturating_sub(200)..=i)
                    .step_by(10)
                    .map(|k| (format!("/a/{k}"), "خبر".to_string()))
                    .collect();
                let items: Vec<(&str, &str, &str)> =
                    items.iter().map(|(p, t)| (p.as_str(), t.as_str(), "")).collect();
                server.feed("/feed", &rss(&server, &items));
            }
            h.clock.advance(Duration::from_secs(61));
            m.round(false).unwrap();
        }
    };
    run(0, 500);
    let before = rss_kb();
    run(500, 2000);
    let after = rss_kb();
    assert_eq!(*h.sink.n_stored.lock().unwrap(), 200);
    assert!(after < before + 16 * 1024, "memory grew from {before} kB to {after} kB");
}

#[test]
fn a_page_asking_to_wait_an_hour_does_not_hold_the_poll() {
    let server = Server::start();
    server.set("/a/1", Reply::Status(429, Some(3600)));
    server.page("/a/2", &article("اشتباكات", P2));
    server.feed("/feed", &rss(&server, &[("/a/1", "قصف", ""), ("/a/2", "اشتباكات", "")]));
    let h = Harness::new();
    let mut m = h.monitor(vec![feed_source(&server, "wire", "/feed")], None);
    m.round(false).unwrap();
    // The poll did not sleep through the hour, and the host was not asked
    // again within it.
    assert!(h.clock.now_ms() - START_MS < 120_000);
    assert_eq!(server.hits("/a/2"), 0);
    assert!(h.log_has("asked us to wait"));
    // An hour on, both are read.
    h.clock.advance(Duration::from_secs(3601));
    server.page("/a/1", &article("قصف", P1));
    m.round(false).unwrap();
    assert_eq!(h.sink.texts().len(), 2);
}

#[test]
fn a_file_still_being_written_waits_for_the_next_poll() {
    let h = Harness {
        clock: Arc::new(FakeClock::new(rasd_monitor::SystemClock.now_ms())),
        ..Harness::new()
    };
    let folder = h.dir.path().join("drop");
    std::fs::create_dir(&folder).unwrap();
    let file = folder.join("partial.txt");
    std::fs::write(&file, P1).unwrap();
    // Half a second after the file was last written, by the file system's
    // own time (its coarse clock may lag or lead the one the harness read
    // when it started, by more than the test takes on a loaded machine).
    let written = std::fs::metadata(&file)
        .and_then(|m| m.modified())
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let now = h.clock.now_ms();
    assert!(written + 500 >= now, "the harness's clock started after the file was written");
    h.clock.advance(Duration::from_millis(written + 500 - now));
    let source = Source {
        name: "drop".into(),
        kind: Kind::Folder { path: folder },
        interval: Duration::from_secs(60),
        outlet: None,
        country: None,
    };
    let mut m = h.monitor(vec![source], None);
    assert_eq!(m.round(false).unwrap().stored, 0);
    h.clock.advance(Duration::from_secs(61));
    assert_eq!(m.round(false).unwrap().stored, 1);
}

#[test]
fn a_windows_1256_feed_with_last_modified() {
    let server = Server::start();
    // No pages: the items' own text is stored.
    let xml = rss(&server, &[("/gone/1", "اشتباكات", P2), ("/gone/2", "انفجار", P3)])
        .replace("encoding=\"utf-8\"", "encoding=\"windows-1256\"");
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&xml);
    let date = "Sun, 06 Dec 2026 11:00:00 GMT".to_string();
    let dated = |body: Vec<u8>| Reply::Dated {
        body,
        content_type: "application/rss+xml".into(),
        last_modified: date.clone(),
    };
    server.set("/feed", dated(bytes.into_owned()));
    let h = Harness::new();
    let mut m = h.monitor(vec![feed_source(&server, "wire", "/feed")], None);
    assert_eq!(m.round(false).unwrap().stored, 2);
    let texts = h.sink.texts();
    assert!(texts.iter().any(|t| t.contains("اشتباكات اندلعت بين قوات الأمن")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("عبوة ناسفة")), "{texts:?}");
    h.clock.advance(Duration::from_secs(61));
    m.round(false).unwrap();
    assert_eq!(server.statuses("/feed"), vec![200, 304]);
}
