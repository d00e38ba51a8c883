//! A feed server on loopback whose answers a test sets path by path, and
//! which counts what it is asked.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;

/// What one path answers.
#[derive(Clone)]
pub enum Reply {
    /// 200 with a body, a content type and an ETag honoured by 304s.
    Ok { body: Vec<u8>, content_type: String, etag: Option<String> },
    /// 200 with a body and a `Last-Modified`, 304 when asked
    /// `If-Modified-Since` that very date.
    Dated { body: Vec<u8>, content_type: String, last_modified: String },
    /// A bare status, with a `Retry-After` in seconds when given.
    Status(u16, Option<u64>),
    /// Waits, then answers 200 with the body.
    Slow(Duration, Vec<u8>),
    /// A redirect.
    Redirect(String),
    /// 200 with `n` bytes of text, streamed, with no length given.
    Huge(usize),
}

#[derive(Default)]
struct Inner {
    routes: HashMap<String, Reply>,
    hits: HashMap<String, u64>,
    statuses: Vec<(String, u16)>,
    posts: Vec<(HeaderMap, Vec<u8>)>,
    post_status: Vec<u16>,
}

/// The server; dropped with the test (its thread ends with the process).
#[derive(Clone)]
pub struct Server {
    inner: Arc<Mutex<Inner>>,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

async fn handle(
    State(inner): State<Arc<Mutex<Inner>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path_and_query().map_or("/".to_string(), |p| p.to_string());
    if method == Method::POST {
        let mut g = inner.lock().unwrap();
        g.posts.push((headers, body.to_vec()));
        let status = if g.post_status.is_empty() { 200 } else { g.post_status.remove(0) };
        return Response::builder().status(status).body(Body::empty()).unwrap();
    }
    let reply = {
        let mut g = inner.lock().unwrap();
        *g.hits.entry(path.clone()).or_default() += 1;
        g.routes.get(&path).cloned()
    };
    let resp = match reply {
        None => Response::builder().status(404).body(Body::from("not found")).unwrap(),
        Some(Reply::Ok { body, content_type, etag }) => {
            let inm = headers.get("if-none-match").and_then(|v| v.to_str().ok());
            match &etag {
                Some(e) if inm == Some(e.as_str()) => {
                    Response::builder().status(304).body(Body::empty()).unwrap()
                }
                _ => {
                    let mut b =
                        Response::builder().status(200).header("content-type", content_type);
                    if let Some(e) = etag {
                        b = b.header("etag", e);
                    }
                    b.body(Body::from(body)).unwrap()
                }
            }
        }
        Some(Reply::Dated { body, content_type, last_modified }) => {
            let ims = headers.get("if-modified-since").and_then(|v| v.to_str().ok());
            if ims == Some(last_modified.as_str()) {
                Response::builder().status(304).body(Body::empty()).unwrap()
            } else {
                Response::builder()
                    .status(200)
                    .header("content-type", content_type)
                    .header("last-modified", last_modified)
                    .body(Body::from(body))
                    .unwrap()
            }
        }
        Some(Reply::Status(s, retry)) => {
            let mut b = Response::builder().status(s);
            if let Some(r) = retry {
                b = b.header("retry-after", r.to_string());
            }
            b.body(Body::empty()).unwrap()
        }
        Some(Reply::Slow(d, body)) => {
            tokio::time::sleep(d).await;
            Response::builder().status(200).body(Body::from(body)).unwrap()
        }
        Some(Reply::Redirect(to)) => {
            Response::builder().status(302).header("location", to).body(Body::empty()).unwrap()
        }
        Some(Reply::Huge(n)) => {
            let chunk = Bytes::from(vec![b'a'; 64 * 1024]);
            let stream = futures_util::stream::iter(
                (0..n / chunk.len()).map(move |_| Ok::<_, std::io::Error>(chunk.clone())),
            );
            Response::builder()
                .status(200)
                .header("content-type", "text/html")
                .body(Body::from_stream(stream))
                .unwrap()
        }
    };
    inner.lock().unwrap().statuses.push((path, resp.status().as_u16()));
    resp
}

impl Server {
    /// Starts a server on a free loopback port.
    pub fn start() -> Server {
        let inner = Arc::new(Mutex::new(Inner::default()));
        let (tx, rx) = std::sync::mpsc::channel();
        let state = inner.clone();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(listener.local_addr().unwrap()).unwrap();
                let app = axum::Router::new().fallback(handle).with_state(state);
                axum::serve(listener, app).await.unwrap();
            });
        });
        let addr = rx.recv().unwrap();
        Server { inner, base: format!("http://{addr}") }
    }

    /// The full address of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sets what a path answers.
    pub fn set(&self, path: &str, reply: Reply) {
        self.inner.lock().unwrap().routes.insert(path.to_string(), reply);
    }

    /// Removes a path (it answers 404).
    pub fn remove(&self, path: &str) {
        self.inner.lock().unwrap().routes.remove(path);
    }

    /// Sets a UTF-8 HTML page.
    pub fn page(&self, path: &str, html: &str) {
        self.set(
            path,
            Reply::Ok {
                body: html.as_bytes().to_vec(),
                content_type: "text/html; charset=utf-8".into(),
                etag: None,
            },
        );
    }

    /// Sets an RSS feed with an ETag derived from its content.
    pub fn feed(&self, path: &str, xml: &str) {
        // FNV-1a of the content: a changed feed gets a new tag.
        let hash = xml.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let etag = format!("\"{hash:x}\"");
        self.set(
            path,
            Reply::Ok {
                body: xml.as_bytes().to_vec(),
                content_type: "application/rss+xml".into(),
                etag: Some(etag),
            },
        );
    }

    /// How many times a path was asked for.
    pub fn hits(&self, path: &str) -> u64 {
        self.inner.lock().unwrap().hits.get(path).copied().unwrap_or(0)
    }

    /// The statuses a path was answered with, in order.
    pub fn statuses(&self, path: &str) -> Vec<u16> {
        let g = self.inner.lock().unwrap();
        g.statuses.iter().filter(|(p, _)| p == path).map(|(_, s)| *s).collect()
    }

    /// The POSTs received: headers and body.
    pub fn posts(&self) -> Vec<(HeaderMap, Vec<u8>)> {
        self.inner.lock().unwrap().posts.clone()
    }

    /// The statuses the next POSTs get (200 after these).
    pub fn post_statuses(&self, s: &[u16]) {
        self.inner.lock().unwrap().post_status = s.to_vec();
    }
}

/// An RSS feed of items: (link path, title, description).
pub fn rss(server: &Server, items: &[(&str, &str, &str)]) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>أخبار</title>",
    );
    for (path, title, desc) in items.iter().rev() {
        x.push_str(&format!(
            "<item><title>{title}</title><link>{}</link><guid>{}</guid><pubDate>Sun, 06 Dec 2026 08:00:00 GMT</pubDate><description>{desc}</description></item>",
            server.url(path),
            server.url(path)
        ));
    }
    x.push_str("</channel></rss>");
    x
}

/// An article page.
pub fn article(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><nav>الرئيسية</nav><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    )
}
