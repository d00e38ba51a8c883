//! The desk from the command line: `rasd alerts --state new` lists the
//! warnings in a state (after bringing the desk up to date), and `rasd
//! alerts ack|act|dismiss ID --by NAME --note …` moves one on.

use std::io::Write;

use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use rasd_store::{DeskEntry, DeskState, Store};

use crate::db::DbArg;

/// A state to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StateArg {
    /// Raised and not yet acknowledged.
    New,
    /// Acknowledged, not yet acted on or dismissed.
    Acknowledged,
    /// Acted on.
    Acted,
    /// Dismissed.
    Dismissed,
    /// Every state.
    All,
}

impl StateArg {
    fn state(self) -> Option<DeskState> {
        match self {
            StateArg::New => Some(DeskState::New),
            StateArg::Acknowledged => Some(DeskState::Acknowledged),
            StateArg::Acted => Some(DeskState::Acted),
            StateArg::Dismissed => Some(DeskState::Dismissed),
            StateArg::All => None,
        }
    }
}

/// What to do with one warning on the desk.
#[derive(clap::Subcommand)]
pub enum Action {
    /// Acknowledge a new warning: someone is dealing with it.
    Ack(Move),
    /// Record that an acknowledged warning was acted on.
    Act(Move),
    /// Dismiss an acknowledged warning: it needs nothing.
    Dismiss(Move),
    /// Show one warning on the desk with its whole trail of states.
    Show {
        #[command(flatten)]
        db: DbArg,
        /// The warning's id on the desk (`rasd alerts --state all` lists them).
        id: i64,
    },
}

/// A change of state.
#[derive(clap::Args)]
pub struct Move {
    #[command(flatten)]
    pub db: DbArg,
    /// The warning's id on the desk (`rasd alerts --state new` lists them).
    pub id: i64,
    /// Who is doing it, as the trail will name them (default: $RASD_USER,
    /// else $USER).
    #[arg(long)]
    pub by: Option<String>,
    /// Why, or what was done.
    #[arg(long)]
    pub note: Option<String>,
}

/// Runs `rasd alerts ack|act|dismiss|show`.
pub fn run(action: Action, out: &mut dyn Write) -> Result<()> {
    let (m, to) = match action {
        Action::Show { db, id } => return show(&db, id, out),
        Action::Ack(m) => (m, DeskState::Acknowledged),
        Action::Act(m) => (m, DeskState::Acted),
        Action::Dismiss(m) => (m, DeskState::Dismissed),
    };
    let who = match m.by.clone().or_else(|| std::env::var("RASD_USER").ok()) {
        Some(w) => w,
        None => match std::env::var("USER") {
            Ok(w) => w,
            Err(_) => bail!("who is doing this? give --by NAME (or set RASD_USER)"),
        },
    };
    let mut db = crate::db::open_existing(&m.db)?;
    let c = db
        .store
        .set_warning_state(m.id, to, &who, m.note.as_deref(), jiff::Timestamp::now())
        .with_context(|| m.db.name())?;
    writeln!(
        out,
        "warning {}: {} → {} by {} at {}",
        c.warning,
        c.from.map_or("-", DeskState::as_str),
        c.to,
        c.by,
        c.at
    )?;
    Ok(())
}

fn show(db: &DbArg, id: i64, out: &mut dyn Write) -> Result<()> {
    let d = crate::db::open_existing(db)?;
    let Some((e, _, trail)) = d.store.desk_warning(id)? else {
        bail!("{}: no warning {id} on the desk (`rasd alerts --state all` lists them)", db.name());
    };
    line(&e, jiff::Timestamp::now(), out)?;
    for c in trail {
        writeln!(
            out,
            "  {}  {:<12} → {:<12} {}{}",
            c.at,
            c.from.map_or("-", DeskState::as_str),
            c.to.as_str(),
            c.by,
            c.note.map(|n| format!(": {n}")).unwrap_or_default()
        )?;
    }
    Ok(())
}

/// A wait as a person reads it: "3 d 4 h", "25 min".
pub fn wait(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        3600..86_400 => format!("{} h {} min", s / 3600, s % 3600 / 60),
        _ => format!("{} d {} h", s / 86_400, s % 86_400 / 3600),
    }
}

fn waited(e: &DeskEntry, now: jiff::Timestamp) -> i64 {
    e.since.parse::<jiff::Timestamp>().map_or(0, |t| now.as_second() - t.as_second())
}

fn line(e: &DeskEntry, now: jiff::Timestamp, out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "#{:<4} {:<12} for {:<10} (since {}, {})  {} {:<8} {:<15} {}",
        e.id,
        e.state.as_str(),
        wait(waited(e, now)),
        e.since,
        e.by,
        e.raised,
        e.severity,
        e.kind,
        e.message_en
    )?;
    Ok(())
}

/// Lists the desk's warnings in one state, longest waiting first, as a
/// table, JSON or CSV.
pub fn list(
    store: &dyn Store,
    state: StateArg,
    kinds: &[String],
    format: crate::watch::AlertFormat,
    out: &mut dyn Write,
) -> Result<()> {
    use crate::watch::AlertFormat;
    let mut all = Vec::new();
    // Every page: a desk is not meant to hold thousands, but it may.
    loop {
        let page = store.desk(state.state(), 1000, all.len())?;
        let n = page.len();
        all.extend(page);
        if n < 1000 {
            break;
        }
    }
    all.retain(|e| kinds.is_empty() || kinds.contains(&e.kind));
    let now = jiff::Timestamp::now();
    match format {
        AlertFormat::Json => {
            let v: Vec<serde_json::Value> = all
                .iter()
                .map(|e| {
                    let mut v = serde_json::json!(e);
                    v["waited_s"] = serde_json::json!(waited(e, now));
                    v
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &v)?;
            writeln!(out)?;
        }
        AlertFormat::Csv => {
            let mut c = rasd_store::export::csv_writer(out);
            c.write_record([
                "id",
                "state",
                "since",
                "by",
                "note",
                "waited_s",
                "raised",
                "kind",
                "severity",
                "country",
                "message_en",
                "message_ar",
                "key",
            ])?;
            for e in &all {
                c.write_record([
                    e.id.to_string().as_str(),
                    e.state.as_str(),
                    &e.since,
                    &e.by,
                    e.note.as_deref().unwrap_or(""),
                    &waited(e, now).to_string(),
                    &e.raised,
                    &e.kind,
                    &e.severity,
                    e.country.as_deref().unwrap_or(""),
                    &e.message_en,
                    &e.message_ar,
                    &e.key,
                ])?;
            }
            c.flush()?;
        }
        AlertFormat::Table | AlertFormat::Atom => {
            if format == AlertFormat::Atom {
                bail!(
                    "--state lists the desk as a table, JSON or CSV; --format atom is the warnings' feed"
                );
            }
            for e in &all {
                line(e, now, out)?;
                writeln!(out, "{:<6}{}", "", e.message_ar)?;
            }
            let name = state.to_possible_value().map(|v| v.get_name().to_string());
            writeln!(out, "({} warnings {})", all.len(), name.unwrap_or_default())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn waits_read_as_people_say_them() {
        for (s, want) in [
            (-5, "0 s"),
            (59, "59 s"),
            (600, "10 min"),
            (3_900, "1 h 5 min"),
            (2 * 86_400 + 7_300, "2 d 2 h"),
        ] {
            assert_eq!(super::wait(s), want);
        }
    }
}
