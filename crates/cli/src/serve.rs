//! `rasd serve`: the API and the web UI.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::db::DbArg;

/// Arguments of `rasd serve`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArg,
    /// Port (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on. The default keeps the server to this machine.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Bearer token that `POST /api/documents` must carry; without one the
    /// server is read-only.
    #[arg(long, env = "RASD_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Allow cross-origin requests from this origin (repeatable); CORS is
    /// off otherwise.
    #[arg(long)]
    pub cors: Vec<String>,
    /// Largest request body, in megabytes.
    #[arg(long, default_value_t = 16)]
    pub max_body_mb: usize,
    /// Warning rules (TOML over the shipped defaults).
    #[arg(long)]
    pub alerts_config: Option<PathBuf>,
}

/// Runs the server until Ctrl-C.
pub fn run(args: Args) -> Result<()> {
    let mut opts = rasd_server::Options::new(&args.db.db);
    opts.token = args.token.clone();
    opts.cors = args.cors.clone();
    opts.max_body = args.max_body_mb.max(1) << 20;
    if let Some(p) = &args.alerts_config {
        let text = std::fs::read_to_string(p).with_context(|| p.display().to_string())?;
        opts.alerts = rasd_watch::Config::parse(&p.display().to_string(), &text)?;
    }
    let addr = SocketAddr::new(args.host, args.port);
    let writable = opts.token.is_some();
    let db = args.db.db.display().to_string();
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
