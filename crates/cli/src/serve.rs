//! `rasd serve`: the API and the web UI.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::db::DEFAULT_DB;

/// Arguments of `rasd serve`.
#[derive(clap::Args)]
pub struct Args {
    /// The database, made by `rasd ingest` (it must exist): a file (its
    /// search index is the folder of the same name with `.search` added) or
    /// a PostgreSQL URL, postgres://USER@HOST:PORT/DB.
    #[arg(long, default_value = DEFAULT_DB, env = "RASD_DB")]
    pub db: PathBuf,
    /// The search index's folder (default: beside an SQLite file; for
    /// PostgreSQL, one per URL under ~/.local/share/rasd/index).
    #[arg(long, env = "RASD_INDEX")]
    pub index: Option<PathBuf>,
    /// Port (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on. The default keeps the server to this machine.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Bearer token that `POST /api/documents` must carry; without one (or
    /// with an empty one) the server is read-only.
    #[arg(long, env = "RASD_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// A file of named tokens, one `NAME TOKEN` a line (`#` starts a
    /// comment): each person's own, so that the desk records who
    /// acknowledged, acted on or dismissed each warning. `--token` is
    /// named `token`.
    #[arg(long, env = "RASD_TOKENS")]
    pub tokens: Option<PathBuf>,
    /// Allow cross-origin requests from this origin (repeatable); CORS is
    /// off otherwise.
    #[arg(long)]
    pub cors: Vec<String>,
    /// Largest request body, in megabytes.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub max_body_mb: u16,
    /// Connections served at once; more wait to be accepted.
    #[arg(long, default_value_t = 512, value_parser = clap::value_parser!(u32).range(1..=65_536))]
    pub max_connections: u32,
    /// Seconds a client has to send a request's headers, and then its body.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=3600))]
    pub read_timeout: u16,
    /// Warning rules (TOML over the shipped defaults).
    #[arg(long)]
    pub alerts_config: Option<PathBuf>,
    /// The status file `rasd monitor --status-json FILE` writes, served at
    /// /api/sources.
    #[arg(long)]
    pub sources_status: Option<PathBuf>,
}

/// Runs the server until Ctrl-C.
pub fn run(args: Args) -> Result<()> {
    let mut opts = rasd_server::Options::new(&args.db);
    opts.index = args.index.clone();
    // An empty token (RASD_TOKEN= set to nothing) is no token.
    opts.token = args.token.clone().filter(|t| !t.trim().is_empty());
    if let Some(p) = &args.tokens {
        let text = std::fs::read_to_string(p).with_context(|| p.display().to_string())?;
        opts.tokens = parse_tokens(&p.display().to_string(), &text)?;
    }
    opts.cors = args.cors.clone();
    opts.sources_status = args.sources_status.clone();
    opts.max_body = usize::from(args.max_body_mb) << 20;
    opts.max_connections = args.max_connections as usize;
    opts.read_timeout = std::time::Duration::from_secs(args.read_timeout.into());
    if let Some(p) = &args.alerts_config {
        let text = std::fs::read_to_string(p).with_context(|| p.display().to_string())?;
        opts.alerts = rasd_watch::Config::parse(&p.display().to_string(), &text)?;
    }
    let addr = SocketAddr::new(args.host, args.port);
    let writable = opts.token.is_some() || !opts.tokens.is_empty();
    let db = rasd_store::display_name(&args.db.to_string_lossy());
    let runtime = tokio::runtime::Runtime::new().context("starting the server runtime")?;
    runtime.block_on(rasd_server::serve(opts, addr, |bound| {
        use std::io::Write;
        let mut out = std::io::stdout();
        let _ = writeln!(
            out,
            "rasd: serving {db} on http://{bound}/ ({})",
            if writable { "read-write with the token" } else { "read-only" }
        );
        let _ = out.flush();
    }))?;
    Ok(())
}

/// Reads a tokens file: `NAME TOKEN` a line, blank lines and `#` comments
/// skipped. Names and tokens are each given once; a token is at least 16
/// characters, so that none is guessed.
pub fn parse_tokens(file: &str, text: &str) -> Result<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = format!("{file}:{}", n + 1);
        let mut parts = line.split_whitespace();
        let (Some(name), Some(token), None) = (parts.next(), parts.next(), parts.next()) else {
            anyhow::bail!(
                "{at}: expected `NAME TOKEN` (two words), found {} words",
                line.split_whitespace().count()
            );
        };
        if token.chars().count() < 16 {
            anyhow::bail!("{at}: the token of {name:?} is shorter than 16 characters");
        }
        if name == rasd_store::desk::RULES {
            anyhow::bail!("{at}: {name:?} is the rules' name in the desk's trail; choose another");
        }
        if out.iter().any(|(n, _)| n == name) {
            anyhow::bail!("{at}: {name:?} is named twice");
        }
        if out.iter().any(|(_, t)| t == token) {
            anyhow::bail!("{at}: the token of {name:?} is another name's too");
        }
        out.push((name.to_string(), token.to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn token_files_are_checked_line_by_line() {
        let ok =
            super::parse_tokens("t", "# desk\namal 0123456789abcdef\n\nomar  fedcba9876543210x\n")
                .unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[1], ("omar".to_string(), "fedcba9876543210x".to_string()));
        for (text, want) in [
            ("amal", "t:1: expected `NAME TOKEN`"),
            ("amal short", "shorter than 16"),
            ("rasd 0123456789abcdef", "the rules' name"),
            ("a 0123456789abcdef\na 0123456789abcdeX", "t:2: \"a\" is named twice"),
            ("a 0123456789abcdef\nb 0123456789abcdef", "another name's"),
        ] {
            let e = super::parse_tokens("t", text).unwrap_err().to_string();
            assert!(e.contains(want), "{text:?}: {e}");
        }
    }
}
