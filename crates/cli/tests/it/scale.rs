//! `rasd publish` and `rasd worker` against real NATS servers started by
//! the tests (own ports, own store folders): several workers store what
//! one `rasd ingest` stores, and a cluster that loses a node while a
//! worker is killed loses nothing and stores nothing twice.
//!
//! The tests need `nats-server`, `../shared/bench` and, for the workers on
//! PostgreSQL, the server of `RASD_TEST_PG` (a schema of their own).
//! Without them they say so and pass, unless `RASD_REQUIRE_SERVICES` (for
//! the servers) or `RASD_REQUIRE_SHARED` (for the data) is set, as
//! `.ci/run` does. docs/scale-out.md describes them.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use rasd_store::{Database, Filter, Store};

use crate::postgres::schema_or_skip;
use crate::shared_or_skip;

/// The `nats-server` binary, or `None` with a note when it is absent.
fn nats_server_or_skip(test: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/usr/local/bin")])
        .map(|d| d.join("nats-server"))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var_os("RASD_REQUIRE_SERVICES").is_none(),
            "{test}: nats-server is not installed and RASD_REQUIRE_SERVICES is set"
        );
        let _ = writeln!(
            std::io::stderr(),
            "{test}: skipped: nats-server is not installed (CI and the project's machines have it)"
        );
    }
    found
}

/// A port nothing listens on now.
fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    l.local_addr().expect("bound").port()
}

/// One `nats-server` with JetStream, killed when dropped.
struct Node {
    bin: PathBuf,
    args: Vec<String>,
    port: u16,
    log: PathBuf,
    child: Option<Child>,
}

impl Node {
    /// Node `n` of a cluster whose nodes listen on `ports` (clients) and
    /// `routes` (cluster), or a single server when `routes` is empty.
    fn new(bin: &Path, dir: &Path, n: usize, ports: &[u16], routes: &[u16]) -> Node {
        let store = dir.join(format!("node{n}"));
        let mut args: Vec<String> = vec![
            "-js".into(),
            "-a".into(),
            "127.0.0.1".into(),
            "-p".into(),
            ports[n].to_string(),
            "-sd".into(),
            store.display().to_string(),
            "-n".into(),
            format!("rasd-test-{n}"),
        ];
        if !routes.is_empty() {
            let others: Vec<String> = routes
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != n)
                .map(|(_, p)| format!("nats://127.0.0.1:{p}"))
                .collect();
            args.extend([
                "--cluster_name".into(),
                "rasd-test".into(),
                "--cluster".into(),
                format!("nats://127.0.0.1:{}", routes[n]),
                "--routes".into(),
                others.join(","),
            ]);
        }
        let mut node = Node {
            bin: bin.to_path_buf(),
            args,
            port: ports[n],
            log: dir.join(format!("node{n}.log")),
            child: None,
        };
        node.start();
        node
    }

    fn start(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("server log");
        let child = Command::new(&self.bin)
            .args(&self.args)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("nats-server starts");
        self.child = Some(child);
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "nats-server did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills the server with SIGKILL, as a machine failing would.
    fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.kill();
    }
}

fn rasd() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rasd"));
    c.env_remove("RASD_DB").env_remove("RASD_NATS");
    c
}

fn run(args: &[&str]) -> Output {
    rasd().args(args).stdin(Stdio::null()).output().expect("rasd runs")
}

fn ok(o: &Output, what: &str) -> String {
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{what}: {}\n{out}", String::from_utf8_lossy(&o.stderr));
    out
}

/// A process of the test's, killed when dropped, so that a failing test
/// leaves no worker behind.
struct Running(Child);

impl std::ops::Deref for Running {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for Running {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A worker process, with its output to a file.
fn worker(url: &str, db: &str, log: &Path, extra: &[&str]) -> Running {
    let log = std::fs::File::create(log).expect("worker log");
    Running(
        rasd()
            .args(["worker", "--nats", url, "--db"])
            .arg(db)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("rasd worker runs"),
    )
}

/// Waits for a process to end well; `log` is shown when it does not.
fn wait(child: &mut Child, what: &str, log: &Path, patience: Duration) {
    let started = Instant::now();
    let log = || std::fs::read_to_string(log).unwrap_or_default();
    loop {
        if let Some(status) = child.try_wait().expect("waiting") {
            assert!(status.success(), "{what} ended with {status}:\n{}", log());
            return;
        }
        if started.elapsed() > patience {
            let _ = child.kill();
            panic!("{what} still running after {patience:?}:\n{}", log());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The news articles (international and Middle East sections, where
/// outlets report the same attacks) of the 2018 bench file published on
/// the days `from` to `to`, as JSON Lines in the file's order (which is
/// not the order of publication).
///
/// A URL read again with another text is left out after its first text:
/// which text a URL keeps is the one stored last, and workers store in
/// the order their batches commit (docs/scale-out.md, "Corrections").
fn sample(shared: &str, from: &str, to: &str, to_file: &Path) -> usize {
    let file = std::fs::File::open(format!("{shared}/bench/ant-2018.jsonl.gz")).expect("bench");
    let lines = std::io::BufReader::new(flate2::read::GzDecoder::new(file)).lines();
    let (mut out, mut n) = (String::new(), 0);
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for l in lines {
        let l = l.expect("a line of the bench file");
        let v: serde_json::Value = serde_json::from_str(&l).expect("a JSON line");
        let id = v["id"].as_str().unwrap_or("");
        let day = v["published"].as_str().and_then(|p| p.get(..10)).unwrap_or("");
        let key = v["url"].as_str().unwrap_or(id).to_string();
        let text = v["text"].as_str().unwrap_or("").to_string();
        if (id.contains("News") || id.contains("middleEast"))
            && (from..=to).contains(&day)
            && texts.entry(key).or_insert_with(|| text.clone()) == &text
        {
            out.push_str(&l);
            out.push('\n');
            n += 1;
        }
    }
    std::fs::write(to_file, out).expect("sample written");
    n
}

/// A database as comparable values, free of the ids that depend on the
/// order of arrival: each article by its key and content hash, each event
/// by its article's key and its JSON, each incident by its reports and its
/// summary. Lists, not sets, so that anything stored twice shows.
#[derive(Debug, PartialEq)]
struct Snapshot {
    articles: Vec<String>,
    events: Vec<String>,
    incidents: Vec<String>,
}

fn snapshot(db: &str, index: &Path) -> Snapshot {
    let db = Database::open_existing_url(db, Some(index)).expect("database opens");
    let store: &dyn Store = db.store.as_ref();
    let (mut articles, mut events) = (Vec::new(), Vec::new());
    let mut members: BTreeMap<String, Vec<String>> = BTreeMap::new();
    store
        .for_each_document(&mut |d| {
            let doc = rasd_core::Doc {
                title: d.info.title.clone(),
                text: d.text.clone(),
                ..Default::default()
            };
            let key = d.info.url.clone().unwrap_or(d.info.ext_id.clone());
            let hash = rasd_store::content_hash(&doc);
            articles.push(format!("{key} {hash} with {} mentions", d.mentions.len()));
            for (ord, e) in d.events.into_iter().enumerate() {
                let incident = e.incident.clone();
                let e = rasd_core::Event { incident: None, ..e };
                let line = format!("{key} #{ord} {}", serde_json::to_string(&e).expect("JSON"));
                if let Some(i) = incident {
                    members.entry(i).or_default().push(line.clone());
                }
                events.push(line);
            }
            true
        })
        .expect("documents read");
    let all = Filter { include_history: true, limit: None, ..Filter::default() };
    let mut incidents = Vec::new();
    for mut i in store.incidents(&all).expect("incidents read") {
        let mut reports = members.remove(&i.id.to_string()).unwrap_or_default();
        assert!(!reports.is_empty(), "incident {} has no reports", i.id);
        reports.sort();
        i.id = 0;
        incidents.push(format!("{} {reports:?}", serde_json::to_string(&i).expect("JSON")));
    }
    assert!(members.is_empty(), "events of incidents not listed: {members:?}");
    articles.sort();
    events.sort();
    incidents.sort();
    Snapshot { articles, events, incidents }
}

/// Asserts two snapshots are equal, showing the first differences.
fn same(got: &Snapshot, want: &Snapshot, what: &str) {
    for (name, g, w) in [
        ("articles", &got.articles, &want.articles),
        ("events", &got.events, &want.events),
        ("incidents", &got.incidents, &want.incidents),
    ] {
        if g != w {
            let only_g: Vec<&String> = g.iter().filter(|x| !w.contains(x)).take(3).collect();
            let only_w: Vec<&String> = w.iter().filter(|x| !g.contains(x)).take(3).collect();
            panic!(
                "{what}: {name} differ ({} against {}); only in the workers' database: {only_g:#?}; only in the reference: {only_w:#?}",
                g.len(),
                w.len()
            );
        }
    }
}

/// The reference: one `rasd ingest` of the sample, then `rasd relink`,
/// which links in publication order whatever the order of the file.
fn reference(dir: &Path, sample: &Path) -> Snapshot {
    let db = dir.join("reference.db");
    let (db_s, sample_s) = (db.to_str().expect("UTF-8"), sample.to_str().expect("UTF-8"));
    ok(&run(&["ingest", "--db", db_s, sample_s]), "rasd ingest");
    ok(&run(&["relink", "--db", db_s]), "rasd relink");
    snapshot(db_s, &dir.join("reference.db.search"))
}

/// Four workers over the database `db` (an SQLite file or a PostgreSQL
/// schema) store and link what one `rasd ingest` does.
fn four_workers(test: &str, db: &str, dir: &Path, bin: &Path, shared: &str) {
    let port = free_port();
    let node = Node::new(bin, dir, 0, &[port], &[]);
    let url = node.url();
    let input = dir.join("sample.jsonl");
    let n = sample(shared, "2018-05-01", "2018-05-04", &input);
    assert!(n > 300, "{n} articles in the sample");
    let input_s = input.to_str().expect("UTF-8");

    let first = ok(&run(&["publish", "--nats", &url, input_s]), "rasd publish");
    assert!(first.contains(&format!("{n} articles read")), "{first}");
    // The same file again: every article is already on the stream.
    let again = ok(&run(&["publish", "--nats", &url, input_s]), "rasd publish again");
    assert!(again.contains(": 0 published"), "{again}");

    let index = dir.join("index");
    let index_s = index.to_str().expect("UTF-8");
    // Worker 0 does not stop on a drained stream, so the TERM below always
    // finds it running: with `--once` it could drain the stream and exit
    // before a slow poll saw 64 articles stored, and the test flaked.
    let mut workers: Vec<Running> = (0..4)
        .map(|n| {
            let log = dir.join(format!("worker{n}.log"));
            let mut opts = vec!["--index", index_s, "--batch", "16", "--threads", "1"];
            if n > 0 {
                opts.push("--once");
            }
            worker(&url, db, &log, &opts)
        })
        .collect();
    // One worker is asked to stop mid-run: it stores and acknowledges
    // the batch under way and ends well; the others take the rest.
    let started = Instant::now();
    while stored(db, &index) < 64 && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let term = Command::new("kill").args(["-TERM", &workers[0].id().to_string()]).status();
    assert!(term.expect("kill runs").success());
    // Ten minutes each: a loaded machine (CI's two cores with other
    // builds) once outlasted five. (Polling the database for progress
    // instead would open it while the workers hold it: SQLite's lock.)
    for (n, w) in workers.iter_mut().enumerate() {
        let log = dir.join(format!("worker{n}.log"));
        wait(w, &format!("worker {n}"), &log, Duration::from_secs(600));
    }
    let stopped = std::fs::read_to_string(dir.join("worker0.log")).expect("log");
    assert!(stopped.contains("stopping after the batch under way"), "{stopped}");
    same(&snapshot(db, &index), &reference(dir, &input), test);
}

#[test]
fn four_workers_on_sqlite_store_and_link_what_one_ingest_does() {
    const TEST: &str = "four_workers_on_sqlite_store_and_link_what_one_ingest_does";
    let Some(bin) = nats_server_or_skip(TEST) else { return };
    let Some(shared) = shared_or_skip(TEST, "bench/ant-2018.jsonl.gz") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("workers.db");
    four_workers(TEST, db.to_str().expect("UTF-8"), dir.path(), &bin, &shared);
}

#[test]
fn four_workers_on_postgres_store_and_link_what_one_ingest_does() {
    const TEST: &str = "four_workers_on_postgres_store_and_link_what_one_ingest_does";
    let Some(bin) = nats_server_or_skip(TEST) else { return };
    let Some(shared) = shared_or_skip(TEST, "bench/ant-2018.jsonl.gz") else { return };
    let Some(schema) = schema_or_skip("scale_four") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    four_workers(TEST, &schema.url, dir.path(), &bin, &shared);
}

/// What a worker killed after its commit and before its acknowledgements
/// leaves: every article of the batch delivered again. Stored already, they
/// change nothing: the worker counts them unchanged and the database is
/// the same, incidents included.
#[test]
fn articles_delivered_again_after_their_commit_change_nothing() {
    const TEST: &str = "articles_delivered_again_after_their_commit_change_nothing";
    let Some(bin) = nats_server_or_skip(TEST) else { return };
    let Some(shared) = shared_or_skip(TEST, "bench/ant-2018.jsonl.gz") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let node = Node::new(&bin, dir.path(), 0, &[free_port()], &[]);
    let input = dir.path().join("sample.jsonl");
    let n = sample(&shared, "2018-05-02", "2018-05-02", &input);
    let before = reference(dir.path(), &input);
    let db = dir.path().join("reference.db");
    let (db_s, input_s) = (db.to_str().expect("UTF-8"), input.to_str().expect("UTF-8"));
    ok(&run(&["publish", "--nats", &node.url(), input_s]), "rasd publish");
    let out = ok(&run(&["worker", "--nats", &node.url(), "--db", db_s, "--once"]), "rasd worker");
    let taken = before.articles.len();
    assert!(n >= taken && taken > 50, "{n} lines, {taken} articles");
    assert!(out.contains(&format!("{taken} articles taken")), "{out}");
    assert!(out.contains(&format!("0 added, 0 updated, {taken} unchanged")), "{out}");
    same(&snapshot(db_s, &dir.path().join("reference.db.search")), &before, TEST);
}

/// A worker that goes on past a drain relinks, at the next one, only the
/// days stored since (here earlier days than the first batch's), and ends
/// with the incidents of one ingest of everything.
#[test]
fn a_worker_relinks_the_days_stored_since_its_last_relink() {
    const TEST: &str = "a_worker_relinks_the_days_stored_since_its_last_relink";
    let Some(bin) = nats_server_or_skip(TEST) else { return };
    let Some(shared) = shared_or_skip(TEST, "bench/ant-2018.jsonl.gz") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let node = Node::new(&bin, dir.path(), 0, &[free_port()], &[]);
    let (later, earlier) = (dir.path().join("later.jsonl"), dir.path().join("earlier.jsonl"));
    sample(&shared, "2018-05-03", "2018-05-04", &later);
    sample(&shared, "2018-05-01", "2018-05-02", &earlier);
    let all = dir.path().join("all.jsonl");
    let text = [&later, &earlier].map(|p| std::fs::read_to_string(p).expect("sample")).concat();
    std::fs::write(&all, text).expect("both samples");
    let publish = |p: &Path| {
        let p = p.to_str().expect("UTF-8");
        ok(&run(&["publish", "--nats", &node.url(), p]), "rasd publish")
    };
    publish(&later);
    let db = dir.path().join("workers.db");
    let log = dir.path().join("worker.log");
    let mut w = worker(&node.url(), db.to_str().expect("UTF-8"), &log, &["--idle-exit", "5"]);
    let started = Instant::now();
    while !std::fs::read_to_string(&log).unwrap_or_default().contains("relinked") {
        assert!(started.elapsed() < Duration::from_secs(120), "the worker never relinked");
        std::thread::sleep(Duration::from_millis(50));
    }
    publish(&earlier);
    wait(&mut w, "rasd worker", &log, Duration::from_secs(120));
    let out = std::fs::read_to_string(&log).expect("log");
    assert!(out.contains("relinked every article"), "{out}");
    assert!(out.contains("relinked the articles published from 2018-05-01 on"), "{out}");
    let got = snapshot(db.to_str().expect("UTF-8"), &db.with_extension("db.search"));
    same(&got, &reference(dir.path(), &all), TEST);
}

/// Articles stored so far (0 while the database does not exist yet).
fn stored(db: &str, index: &Path) -> u64 {
    Database::open_existing_url(db, Some(index))
        .and_then(|d| d.store.totals())
        .map(|t| t.documents)
        .unwrap_or(0)
}

#[test]
fn a_cluster_losing_a_node_and_a_worker_loses_nothing_and_stores_nothing_twice() {
    const TEST: &str =
        "a_cluster_losing_a_node_and_a_worker_loses_nothing_and_stores_nothing_twice";
    let Some(bin) = nats_server_or_skip(TEST) else { return };
    let Some(shared) = shared_or_skip(TEST, "bench/ant-2018.jsonl.gz") else { return };
    let Some(schema) = schema_or_skip("scale_fault") else { return };
    let db = schema.url.as_str();
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let ports: Vec<u16> = (0..3).map(|_| free_port()).collect();
    let routes: Vec<u16> = (0..3).map(|_| free_port()).collect();
    let mut nodes: Vec<Node> =
        (0..3).map(|n| Node::new(&bin, dir.path(), n, &ports, &routes)).collect();
    let urls: Vec<String> = nodes.iter().map(Node::url).collect();
    let urls = urls.join(",");
    let input = dir.path().join("sample.jsonl");
    let n = sample(&shared, "2018-05-01", "2018-05-14", &input);
    assert!(n > 1500, "{n} articles in the sample");
    let log = |what: &str| {
        let _ =
            writeln!(std::io::stderr(), "{TEST}: {:.1} s: {what}", started.elapsed().as_secs_f64());
    };

    // The cluster elects its JetStream leader: the stream (three copies)
    // can be created once it has.
    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, "").expect("empty file");
    let stream = ["--nats", &urls, "--replicas", "3"];
    loop {
        let o = rasd().arg("publish").args(stream).arg(&empty).output().expect("rasd runs");
        if o.status.success() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the cluster never took the stream: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    log("stream created on the cluster");

    let index = dir.path().join("index");
    let index_s = index.to_str().expect("UTF-8");
    let opts = [
        "--index",
        index_s,
        "--replicas",
        "3",
        "--ack-wait",
        "5",
        "--idle-exit",
        "6",
        "--batch",
        "32",
    ];
    let spawn = |k: usize, round: usize| {
        worker(&urls, db, &dir.path().join(format!("worker{k}-{round}.log")), &opts)
    };
    let mut workers = [spawn(0, 0), spawn(1, 0)];
    // The first half is published now, the second while a node is down.
    let text = std::fs::read_to_string(&input).expect("sample");
    let lines: Vec<&str> = text.lines().collect();
    let halves = [dir.path().join("first.jsonl"), dir.path().join("second.jsonl")];
    std::fs::write(&halves[0], lines[..n / 2].join("\n")).expect("first half");
    std::fs::write(&halves[1], lines[n / 2..].join("\n")).expect("second half");
    let publish = |k: usize| {
        let log = std::fs::File::create(dir.path().join(format!("publish{k}.log"))).expect("log");
        Running(
            rasd()
                .arg("publish")
                .args(stream)
                .arg(&halves[k])
                .stdout(log.try_clone().expect("log"))
                .stderr(log)
                .spawn()
                .expect("rasd publish runs"),
        )
    };
    let mut first = publish(0);
    wait(&mut first, "rasd publish", &dir.path().join("publish0.log"), Duration::from_secs(60));

    // Mid-run: a quarter of the articles stored.
    while stored(db, &index) < n as u64 / 5 {
        assert!(started.elapsed() < Duration::from_secs(150), "the workers store nothing");
        std::thread::sleep(Duration::from_millis(100));
    }
    log(&format!("{} articles stored; killing NATS node 1 and worker 0", stored(db, &index)));
    nodes[1].kill();
    workers[0].kill().expect("worker killed");
    workers[0].wait().expect("worker reaped");
    let mut second = publish(1);
    wait(&mut second, "rasd publish", &dir.path().join("publish1.log"), Duration::from_secs(150));
    log("second half published with node 1 down");
    // The workers go on with two nodes of three for a while.
    std::thread::sleep(Duration::from_secs(3));
    nodes[1].start();
    workers[0] = spawn(0, 1);
    log("node 1 and worker 0 restarted");
    for k in 0..2 {
        let published = std::fs::read_to_string(dir.path().join(format!("publish{k}.log")));
        log(published.expect("log").trim());
    }
    for (k, w) in workers.iter_mut().enumerate() {
        let log = dir.path().join(format!("worker{k}-{}.log", usize::from(k == 0)));
        wait(w, &format!("worker {k}"), &log, Duration::from_secs(150));
    }
    log("stream drained, workers stopped");
    for name in ["worker0-0", "worker0-1", "worker1-0"] {
        let out = std::fs::read_to_string(dir.path().join(format!("{name}.log")));
        log(&format!("{name}: {}", out.unwrap_or_default().trim()));
    }
    let got = snapshot(db, &index);
    let want = reference(dir.path(), &input);
    log(&format!(
        "{} articles, {} events, {} incidents; reference built",
        got.articles.len(),
        got.events.len(),
        got.incidents.len()
    ));
    same(&got, &want, TEST);
}
