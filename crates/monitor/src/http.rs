//! A polite HTTP client: one request at a time, a minimum delay per host,
//! robots.txt obeyed, conditional requests, a body size limit, bounded
//! redirects, and the server's `Retry-After` honoured.

use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{
    CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
    RETRY_AFTER,
};

use crate::clock::Clock;
use crate::config::HttpConfig;
use crate::decode::decode;
use crate::robots::Robots;

/// How long a robots.txt is trusted before it is read again.
const ROBOTS_TTL_MS: u64 = 24 * 3600 * 1000;
/// How long an unreachable robots.txt keeps its host closed (RFC 9309:
/// a server error means "disallow everything" for now).
const ROBOTS_RETRY_MS: u64 = 10 * 60 * 1000;
/// The longest wait for a host's turn that a request sleeps through;
/// past it the request fails with the time to come back.
const MAX_BLOCKING_WAIT_MS: u64 = 60_000;
/// Hosts remembered before the least recently used half is forgotten.
const MAX_HOSTS: usize = 4096;

/// Validators of an earlier response, sent to ask "has it changed?".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` it gave.
    pub etag: Option<String>,
    /// The `Last-Modified` it gave.
    pub last_modified: Option<String>,
}

/// A response read to the end and decoded.
#[derive(Debug)]
pub struct Page {
    /// The HTTP status (200, or 304 with an empty text).
    pub status: u16,
    /// The address after redirects.
    pub url: String,
    /// The body as text (empty on 304).
    pub text: String,
    /// Its validators, for the next request.
    pub validators: Validators,
}

impl Page {
    /// Whether the server said nothing changed.
    pub fn not_modified(&self) -> bool {
        self.status == 304
    }
}

/// Why a fetch failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    /// The address.
    pub url: String,
    /// The HTTP status, when the server answered.
    pub status: Option<u16>,
    /// What went wrong.
    pub message: String,
    /// How long the server asked us to wait (429, 503).
    pub retry_after: Option<Duration>,
}

impl FetchError {
    fn new(url: &str, status: Option<u16>, message: impl Into<String>) -> FetchError {
        FetchError { url: url.to_string(), status, message: message.into(), retry_after: None }
    }

    /// Whether trying again later cannot help: the page is gone, refused,
    /// or not text rasd can read.
    pub fn is_permanent(&self) -> bool {
        matches!(self.status, Some(400..=428 | 430..=499)) && self.status != Some(408)
    }
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.url, self.message)
    }
}

#[derive(Default)]
struct Host {
    /// No request to the host before this time.
    next_ok_ms: u64,
    /// Its robots.txt rules and when they were read.
    robots: Option<(Result<Robots, String>, u64)>,
    last_used_ms: u64,
}

/// The client. Requests go one at a time (it is `&mut`), each host waits
/// `host_delay` between two of them.
pub struct Fetcher {
    client: reqwest::blocking::Client,
    config: HttpConfig,
    clock: Arc<dyn Clock>,
    hosts: HashMap<String, Host>,
    agent_token: String,
    /// Requests sent, robots.txt included.
    pub requests: u64,
}

/// The `Retry-After` header as a wait: seconds, or an HTTP date.
fn retry_after(h: &reqwest::header::HeaderMap, now_ms: u64) -> Option<Duration> {
    let v = h.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate_ms(v)?;
    Some(Duration::from_millis(at.saturating_sub(now_ms)))
}

/// Reads an IMF-fixdate (`Sun, 06 Dec 2026 12:00:00 GMT`) as ms since the
/// epoch.
fn httpdate_ms(s: &str) -> Option<u64> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_, d, mon, y, hms, _] = parts.as_slice() else { return None };
    let months =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let m = months.iter().position(|x| x == mon)? as i64 + 1;
    let (d, y): (i64, i64) = (d.parse().ok()?, y.parse().ok()?);
    let t: Vec<i64> = hms.split(':').filter_map(|x| x.parse().ok()).collect();
    let [hh, mm, ss] = t.as_slice() else { return None };
    // Days from civil (Howard Hinnant's algorithm).
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + hh * 3600 + mm * 60 + ss;
    u64::try_from(secs).ok().map(|s| s * 1000)
}

impl Fetcher {
    /// A client with these manners, on this clock.
    pub fn new(config: HttpConfig, clock: Arc<dyn Clock>) -> Result<Fetcher, String> {
        let client = reqwest::blocking::Client::builder()
            .user_agent(config.user_agent.clone())
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::limited(config.max_redirects))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        let agent_token =
            config.user_agent.split('/').next().unwrap_or("rasd-monitor").trim().to_string();
        Ok(Fetcher { client, config, clock, hosts: HashMap::new(), agent_token, requests: 0 })
    }

    /// Waits until the host may be asked again, then marks it used.
    fn wait_turn(&mut self, host: &str) {
        let now = self.clock.now_ms();
        if self.hosts.len() >= MAX_HOSTS && !self.hosts.contains_key(host) {
            let mut used: Vec<u64> = self.hosts.values().map(|h| h.last_used_ms).collect();
            used.sort_unstable();
            let cut = used[used.len() / 2];
            self.hosts.retain(|_, h| h.last_used_ms > cut);
        }
        let h = self.hosts.entry(host.to_string()).or_default();
        if h.next_ok_ms > now {
            let wait = Duration::from_millis(h.next_ok_ms - now);
            self.clock.sleep(wait);
        }
        let now = self.clock.now_ms();
        let h = self.hosts.entry(host.to_string()).or_default();
        h.last_used_ms = now;
        h.next_ok_ms = now + self.config.host_delay.as_millis() as u64;
    }

    /// Whether robots.txt lets us fetch `url`; reads it when it is stale.
    /// A robots.txt that cannot be read (no answer, a server error) closes
    /// the host for a while, as RFC 9309 asks, with the reason as the error.
    fn robots_allow(&mut self, url: &reqwest::Url) -> Result<(), FetchError> {
        if !self.config.robots {
            return Ok(());
        }
        let origin = url.origin().ascii_serialization();
        let now = self.clock.now_ms();
        let fresh = self
            .hosts
            .get(&origin)
            .and_then(|h| h.robots.as_ref())
            .filter(|(_, at)| *at > now)
            .map(|(r, _)| r.clone());
        let robots = match fresh {
            Some(r) => r,
            None => {
                let robots_url = format!("{origin}/robots.txt");
                let (rules, until) =
                    match self.raw_get(&origin, &robots_url, &Validators::default()) {
                        Ok((200..=299, text, _)) => {
                            (Ok(Robots::parse(&text, &self.agent_token)), now + ROBOTS_TTL_MS)
                        }
                        // No robots.txt (or one refused to us): nothing is
                        // forbidden.
                        Ok((400..=499, _, _)) => (Ok(Robots::default()), now + ROBOTS_TTL_MS),
                        Ok((status, _, _)) => (
                            Err(format!(
                                "robots.txt answered HTTP {status}; host left alone for now"
                            )),
                            now + ROBOTS_RETRY_MS,
                        ),
                        // One that answered but cannot be read (too big, not
                        // text) forbids nothing.
                        Err(e) if e.status.is_some() => {
                            (Ok(Robots::default()), now + ROBOTS_TTL_MS)
                        }
                        Err(e) => {
                            (Err(format!("robots.txt: {}", e.message)), now + ROBOTS_RETRY_MS)
                        }
                    };
                self.hosts.entry(origin.clone()).or_default().robots = Some((rules.clone(), until));
                rules
            }
        };
        let robots = robots.map_err(|m| FetchError::new(url.as_str(), None, m))?;
        let path = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        };
        if robots.allows(&path) {
            Ok(())
        } else {
            Err(FetchError::new(url.as_str(), Some(403), "robots.txt forbids it"))
        }
    }

    /// One request: status, decoded body (empty unless 2xx), headers.
    fn raw_get(
        &mut self,
        origin: &str,
        url: &str,
        validators: &Validators,
    ) -> Result<(u16, String, (reqwest::header::HeaderMap, String)), FetchError> {
        self.wait_turn(origin);
        self.requests += 1;
        let mut req = self.client.get(url);
        if let Some(e) = &validators.etag {
            req = req.header(IF_NONE_MATCH, e);
        }
        if let Some(l) = &validators.last_modified {
            req = req.header(IF_MODIFIED_SINCE, l);
        }
        let mut resp = req.send().map_err(|e| {
            let what = if e.is_timeout() {
                "timed out".to_string()
            } else if e.is_redirect() {
                format!("more than {} redirects", self.config.max_redirects)
            } else if e.is_connect() {
                "cannot connect".to_string()
            } else {
                format!("request failed: {e}")
            };
            FetchError::new(url, None, what)
        })?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let final_url = resp.url().to_string();
        if !status.is_success() {
            return Ok((status.as_u16(), String::new(), (headers, final_url)));
        }
        let limit = self.config.max_body_bytes;
        let declared = headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let too_big = || {
            FetchError::new(
                url,
                Some(status.as_u16()),
                format!("body over the limit of {} bytes; not read", limit),
            )
        };
        if declared.is_some_and(|n| n > limit) {
            return Err(too_big());
        }
        let mut body = Vec::new();
        (&mut resp).take(limit + 1).read_to_end(&mut body).map_err(|e| {
            FetchError::new(url, Some(status.as_u16()), format!("reading the body: {e}"))
        })?;
        if body.len() as u64 > limit {
            return Err(too_big());
        }
        let ct = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
        let text = decode(ct, &body)
            .map_err(|e| FetchError::new(url, Some(status.as_u16()), e.to_string()))?;
        Ok((status.as_u16(), text, (headers, final_url)))
    }

    /// Fetches `url`, asking only for a change when `validators` are given.
    pub fn get(&mut self, url: &str, validators: &Validators) -> Result<Page, FetchError> {
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| FetchError::new(url, None, format!("not an address: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(FetchError::new(url, None, "only http and https are read"));
        }
        self.robots_allow(&parsed)?;
        let origin = parsed.origin().ascii_serialization();
        // A host that asked us to wait (429, 503) is not waited for here
        // longer than a minute: the caller comes back when it is due.
        let now = self.clock.now_ms();
        if let Some(h) = self.hosts.get(&origin)
            && h.next_ok_ms > now + MAX_BLOCKING_WAIT_MS
        {
            let mut e = FetchError::new(
                url,
                None,
                format!("the host asked us to wait until {}", crate::clock::rfc3339(h.next_ok_ms)),
            );
            e.retry_after = Some(Duration::from_millis(h.next_ok_ms - now));
            return Err(e);
        }
        let (status, text, (headers, final_url)) = self.raw_get(&origin, url, validators)?;
        let header = |name| {
            headers
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(String::from)
        };
        let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if code == StatusCode::NOT_MODIFIED {
            return Ok(Page { status, url: final_url, text, validators: validators.clone() });
        }
        if !code.is_success() {
            let mut e = FetchError::new(url, Some(status), format!("HTTP {status}"));
            if matches!(status, 429 | 503) {
                let now = self.clock.now_ms();
                let wait = retry_after(&headers, now)
                    .unwrap_or(self.config.backoff_base)
                    .min(self.config.backoff_max);
                e.retry_after = Some(wait);
                // The whole host is asked to wait, not only this address.
                let h = self.hosts.entry(origin).or_default();
                h.next_ok_ms = h.next_ok_ms.max(now + wait.as_millis() as u64);
            }
            return Err(e);
        }
        let validators = Validators { etag: header(ETAG), last_modified: header(LAST_MODIFIED) };
        Ok(Page { status, url: final_url, text, validators })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn http_dates() {
        assert_eq!(super::httpdate_ms("Thu, 01 Jan 1970 00:00:10 GMT"), Some(10_000));
        assert_eq!(super::httpdate_ms("Sun, 06 Dec 2026 12:00:00 GMT"), Some(1_796_558_400_000));
        assert_eq!(super::httpdate_ms("soon"), None);
    }
}
