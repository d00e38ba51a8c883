//! Reading input files with errors that say what and where.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result, bail};

/// Largest input read in one piece. Spans are `u32`, so a document must stay
/// under 4 GiB; anything near that is not an article.
const MAX_BYTES: u64 = 1 << 31;

/// Reads a UTF-8 text file, or standard input for `-` or no path.
///
/// Invalid UTF-8 and binary data (a NUL byte) are errors that name the file
/// and the byte offset.
pub fn read_text(path: Option<&Path>) -> Result<(String, String)> {
    let (name, bytes) = match path {
        None => read_stdin()?,
        Some(p) if p.as_os_str() == "-" => read_stdin()?,
        Some(p) => {
            let name = p.display().to_string();
            let meta = std::fs::metadata(p).with_context(|| format!("{name}: cannot read"))?;
            if meta.is_dir() {
                bail!("{name}: is a directory");
            }
            if meta.len() > MAX_BYTES {
                bail!("{name}: too large ({} bytes; the limit is {MAX_BYTES})", meta.len());
            }
            let bytes = std::fs::read(p).with_context(|| format!("{name}: cannot read"))?;
            (name, bytes)
        }
    };
    let text = decode(&name, bytes)?;
    Ok((name, text))
}

fn read_stdin() -> Result<(String, Vec<u8>)> {
    let mut bytes = Vec::new();
    std::io::stdin().take(MAX_BYTES + 1).read_to_end(&mut bytes).context("<stdin>: cannot read")?;
    if bytes.len() as u64 > MAX_BYTES {
        bail!("<stdin>: too large (over {MAX_BYTES} bytes)");
    }
    Ok(("<stdin>".to_string(), bytes))
}

/// Checks that `bytes` are UTF-8 text: no NUL byte, valid encoding. A
/// leading byte-order mark is dropped.
pub fn decode(name: &str, mut bytes: Vec<u8>) -> Result<String> {
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        bail!("{name}: binary data (NUL byte at byte {at}), not text");
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        anyhow::anyhow!("{name}: invalid UTF-8 at byte {at}")
    })
}
