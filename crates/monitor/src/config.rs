//! The sources file: what to read, how often, and how politely.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use crate::MonitorError;

/// What a source is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An RSS or Atom feed: each item's link is an article.
    Feed {
        /// The feed's address.
        url: String,
    },
    /// A listing page: the links its `selector` picks are articles.
    Listing {
        /// The page's address.
        url: String,
        /// A CSS selector for the article links (`a` elements, or elements
        /// holding them).
        selector: String,
    },
    /// A folder: each new file in it (HTML, feed, JSON Lines or text) is
    /// read once.
    Folder {
        /// The folder.
        path: PathBuf,
    },
}

/// One source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// A short name, unique in the file; state is kept under it.
    pub name: String,
    /// What to read.
    pub kind: Kind,
    /// How long between two polls.
    pub interval: Duration,
    /// The outlet the articles are from, given to each article.
    pub outlet: Option<String>,
    /// The country the outlet mostly covers (ISO code); kept with the
    /// source's status.
    pub country: Option<String>,
}

impl Source {
    /// A feed followed from the command line, named after its address.
    pub fn feed(url: &str, interval: Duration) -> Source {
        Source {
            name: url.to_string(),
            kind: Kind::Feed { url: url.to_string() },
            interval,
            outlet: None,
            country: None,
        }
    }
}

/// How the HTTP client behaves.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpConfig {
    /// Sent as `User-Agent`; it names rasd and how to reach whoever runs it.
    pub user_agent: String,
    /// The most time one request may take, connection to last byte.
    pub timeout: Duration,
    /// The largest body read; a larger one is cut off and refused.
    pub max_body_bytes: u64,
    /// The most redirects followed for one request.
    pub max_redirects: usize,
    /// The least time between two requests to one host.
    pub host_delay: Duration,
    /// The first wait after a failure; each further failure doubles it.
    pub backoff_base: Duration,
    /// The longest wait after failures (and the longest `Retry-After`
    /// honoured).
    pub backoff_max: Duration,
    /// Whether robots.txt is read and obeyed.
    pub robots: bool,
}

impl Default for HttpConfig {
    fn default() -> HttpConfig {
        HttpConfig {
            user_agent: format!(
                "rasd-monitor/{} (+https://example.invalid/rasd)",
                env!("CARGO_PKG_VERSION")
            ),
            timeout: Duration::from_secs(30),
            max_body_bytes: 10 << 20,
            max_redirects: 5,
            host_delay: Duration::from_secs(2),
            backoff_base: Duration::from_secs(60),
            backoff_max: Duration::from_secs(6 * 3600),
            robots: true,
        }
    }
}

/// Where new warnings are posted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookConfig {
    /// The address a JSON body is POSTed to.
    pub url: String,
    /// The key of the HMAC-SHA256 signature sent in `X-Rasd-Signature`.
    pub secret: String,
}

/// Everything a sources file says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// The sources, in file order.
    pub sources: Vec<Source>,
    /// The client's manners.
    pub http: HttpConfig,
    /// The webhook, if any.
    pub webhook: Option<WebhookConfig>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    http: HttpFile,
    webhook: Option<WebhookFile>,
    #[serde(default)]
    source: Vec<SourceFile>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct HttpFile {
    contact: Option<String>,
    timeout: Option<String>,
    max_body_mb: Option<u64>,
    max_redirects: Option<usize>,
    host_delay: Option<String>,
    backoff_base: Option<String>,
    backoff_max: Option<String>,
    robots: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WebhookFile {
    url: String,
    secret: Option<String>,
    secret_env: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceFile {
    name: String,
    feed: Option<String>,
    listing: Option<String>,
    selector: Option<String>,
    folder: Option<PathBuf>,
    interval: Option<String>,
    outlet: Option<String>,
    country: Option<String>,
}

/// The interval of a source that gives none.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(15 * 60);

/// Reads a duration: a number and a unit (`500ms`, `30s`, `15m`, `2h`,
/// `1d`); a bare number is seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (n, unit) = s.split_at(split);
    let n: u64 = n.parse().map_err(|_| format!("{s:?} is not a duration (e.g. 30s, 15m, 2h)"))?;
    let ms = match unit.trim() {
        "ms" => n,
        "" | "s" => n.saturating_mul(1000),
        "m" | "min" => n.saturating_mul(60_000),
        "h" => n.saturating_mul(3_600_000),
        "d" => n.saturating_mul(86_400_000),
        u => return Err(format!("{s:?}: unknown unit {u:?} (ms, s, m, h, d)")),
    };
    Ok(Duration::from_millis(ms))
}

/// Checks that `url` is an address the monitor can fetch: http or https,
/// with a host. The message says what is wrong with it, to be prefixed
/// with where it was given.
pub fn check_url(url: &str) -> Result<(), String> {
    let parsed =
        reqwest::Url::parse(url).map_err(|e| format!("{url:?} is not an address ({e})"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!("{url:?} is not an http or https address"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(format!("{url:?} names no host"));
    }
    Ok(())
}

impl Config {
    /// Parses a sources file; `name` is for messages. Secrets named by
    /// `secret_env` are read from the environment here.
    pub fn parse(name: &str, text: &str) -> Result<Config, MonitorError> {
        let bad = |m: String| MonitorError::Config(format!("{name}: {m}"));
        let file: File = toml::from_str(text).map_err(|e| bad(e.message().to_string()))?;
        let dur = |key: &str, v: &Option<String>, default: Duration| -> Result<_, MonitorError> {
            match v {
                None => Ok(default),
                Some(s) => parse_duration(s).map_err(|e| bad(format!("{key}: {e}"))),
            }
        };
        let d = HttpConfig::default();
        let h = &file.http;
        let http = HttpConfig {
            user_agent: match &h.contact {
                Some(c) => format!("rasd-monitor/{} (+{c})", env!("CARGO_PKG_VERSION")),
                None => d.user_agent.clone(),
            },
            timeout: dur("http.timeout", &h.timeout, d.timeout)?,
            max_body_bytes: h.max_body_mb.map_or(d.max_body_bytes, |mb| mb << 20),
            max_redirects: h.max_redirects.unwrap_or(d.max_redirects),
            host_delay: dur("http.host_delay", &h.host_delay, d.host_delay)?,
            backoff_base: dur("http.backoff_base", &h.backoff_base, d.backoff_base)?,
            backoff_max: dur("http.backoff_max", &h.backoff_max, d.backoff_max)?,
            robots: h.robots.unwrap_or(true),
        };
        let webhook = match file.webhook {
            None => None,
            Some(w) => {
                let secret = match (w.secret, w.secret_env) {
                    (Some(s), None) => s,
                    (None, Some(var)) => std::env::var(&var).map_err(|_| {
                        bad(format!("webhook.secret_env: ${var} is not set in the environment"))
                    })?,
                    _ => return Err(bad("webhook: give one of secret, secret_env".into())),
                };
                check_url(&w.url).map_err(|m| bad(format!("webhook: {m}")))?;
                Some(WebhookConfig { url: w.url, secret })
            }
        };
        let mut sources = Vec::with_capacity(file.source.len());
        for s in file.source {
            let at = |m: &str| bad(format!("source {:?}: {m}", s.name));
            if s.name.trim().is_empty() {
                return Err(bad("a source has an empty name".into()));
            }
            if sources.iter().any(|o: &Source| o.name == s.name) {
                return Err(at("two sources have this name"));
            }
            let kind = match (s.feed, s.listing, s.folder) {
                (Some(url), None, None) => Kind::Feed { url },
                (None, Some(url), None) => Kind::Listing {
                    url,
                    selector: s.selector.ok_or_else(|| at("a listing needs a selector"))?,
                },
                (None, None, Some(path)) => Kind::Folder { path },
                _ => return Err(at("give exactly one of feed, listing, folder")),
            };
            if let Kind::Feed { url } | Kind::Listing { url, .. } = &kind {
                check_url(url).map_err(|m| at(&m))?;
            }
            if let Kind::Listing { selector, .. } = &kind {
                scraper::Selector::parse(selector)
                    .map_err(|e| at(&format!("selector {selector:?}: {e}")))?;
            }
            let interval =
                dur(&format!("source {:?}: interval", s.name), &s.interval, DEFAULT_INTERVAL)?;
            if interval.is_zero() {
                return Err(at("interval must be above zero"));
            }
            sources.push(Source {
                name: s.name,
                kind,
                interval,
                outlet: s.outlet,
                country: s.country,
            });
        }
        Ok(Config { sources, http, webhook })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_file_reads() {
        let text = include_str!("../../../examples/sources.toml")
            .replace("secret_env = \"RASD_WEBHOOK_SECRET\"", "secret = \"x\"");
        let c = Config::parse("examples/sources.toml", &text).unwrap();
        assert_eq!(c.sources.len(), 3);
        assert_eq!(c.http.host_delay, Duration::from_secs(2));
        assert!(c.http.user_agent.contains("mailto:desk@example.org"));
        assert!(
            matches!(&c.sources[1].kind, Kind::Listing { selector, .. } if selector == "div.latest h3 a")
        );
        assert_eq!(c.webhook.unwrap().secret, "x");
    }

    #[test]
    fn errors_say_where() {
        let e = Config::parse("s.toml", "[[source]]\nname = \"a\"\n").unwrap_err().to_string();
        assert_eq!(e, "s.toml: source \"a\": give exactly one of feed, listing, folder");
        let e = Config::parse(
            "s.toml",
            "[[source]]\nname = \"a\"\nfeed = \"https://example.org/rss\"\ninterval = \"5 weeks\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("s.toml: source \"a\": interval:"), "{e}");
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
    }
}
