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
    let writable = opts.token.is_some();
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
