//! Bytes to text: the charset from the header, a byte-order mark, a
//! `<meta charset>` or an XML declaration; UTF-8 when nothing says.
//! Text that does not decode cleanly is refused rather than stored as
//! mojibake.

use encoding_rs::{Encoding, UTF_8};

/// The label after `charset=` in a `Content-Type`, or in a `<meta>` tag's
/// content.
fn charset_param(s: &str) -> Option<&str> {
    let lower_at = s.to_ascii_lowercase().find("charset=")?;
    let rest = &s[lower_at + 8..];
    let rest = rest.trim_start_matches(['"', '\'']);
    let end =
        rest.find(|c: char| c == '"' || c == '\'' || c == ';' || c.is_whitespace() || c == '>');
    Some(&rest[..end.unwrap_or(rest.len())])
}

/// The encoding a document declares in its first kilobyte: `<meta
/// charset>`, `<meta http-equiv … content="…charset=…">` or `<?xml …
/// encoding="…"?>`.
fn declared(head: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&head[..head.len().min(1024)]).to_ascii_lowercase();
    if let Some(at) = head.find("<?xml")
        && let Some(end) = head[at..].find("?>")
        && let Some(e) = head[at..at + end].find("encoding=")
    {
        let v = head[at + e + 9..at + end].trim_start_matches(['"', '\'']);
        let v = &v[..v.find(['"', '\'']).unwrap_or(v.len())];
        return Encoding::for_label(v.as_bytes());
    }
    let mut rest = head.as_str();
    while let Some(at) = rest.find("<meta") {
        let tag = &rest[at..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        if let Some(label) = charset_param(tag) {
            return Encoding::for_label(label.as_bytes());
        }
        rest = &rest[at + 5..];
    }
    None
}

/// Why bytes were refused.
#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes are not valid in the encoding they claim.
    Invalid(&'static str),
    /// The text reads as Arabic decoded with the wrong charset.
    Mojibake,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Invalid(enc) => write!(f, "bytes invalid in {enc}; not stored"),
            DecodeError::Mojibake => {
                write!(f, "text looks like Arabic read with the wrong charset; not stored")
            }
        }
    }
}

/// Decodes a body: a byte-order mark wins, then the header's charset, then
/// what the document declares, then UTF-8. A server that names the wrong
/// charset in its header is common (a site moved to UTF-8 headers while
/// its pages stayed windows-1256), so when the named charset does not
/// decode the bytes cleanly, the next candidate is tried; when none does,
/// the body is refused.
pub fn decode(content_type: Option<&str>, bytes: &[u8]) -> Result<String, DecodeError> {
    if let Some((bom, _)) = Encoding::for_bom(bytes) {
        return clean(bom, bytes);
    }
    let from_header =
        content_type.and_then(charset_param).and_then(|l| Encoding::for_label(l.as_bytes()));
    let mut candidates: Vec<&'static Encoding> = Vec::with_capacity(3);
    for e in [from_header, declared(bytes), Some(UTF_8)].into_iter().flatten() {
        if !candidates.contains(&e) {
            candidates.push(e);
        }
    }
    let mut first_error = None;
    for enc in candidates {
        match clean(enc, bytes) {
            Ok(text) => return Ok(text),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or(DecodeError::Invalid("UTF-8")))
}

/// The bytes in one encoding, when they decode without an error and do
/// not read as mojibake.
fn clean(enc: &'static Encoding, bytes: &[u8]) -> Result<String, DecodeError> {
    let (text, used, had_errors) = enc.decode(bytes);
    if had_errors {
        return Err(DecodeError::Invalid(used.name()));
    }
    if looks_like_mojibake(&text) {
        return Err(DecodeError::Mojibake);
    }
    Ok(text.into_owned())
}

/// Whether text holds Arabic UTF-8 read as a one-byte charset: Arabic
/// letters in UTF-8 start with 0xD8–0xDB, which Latin-1 and windows-1252
/// show as `Ø`, `Ù`, `Ú`, `Û`, each followed by another high character.
pub fn looks_like_mojibake(text: &str) -> bool {
    let mut n = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, 'Ø' | 'Ù' | 'Ú' | 'Û')
            && chars
                .peek()
                .is_some_and(|d| ('\u{80}'..='\u{FF}').contains(d) || *d == 'Å' || *d == '§')
        {
            n += 1;
            if n >= 8 {
                return true;
            }
        }
    }
    false
}

/// A feed decoded to UTF-8 with its XML declaration saying so, for a
/// parser that reads the declaration itself.
pub fn as_utf8_xml(text: &str) -> String {
    let t = text.trim_start_matches('\u{feff}');
    if t.starts_with("<?xml")
        && let Some(end) = t.find("?>")
    {
        return format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>{}", &t[end + 2..]);
    }
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1256_from_meta() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256
            .encode("<html><head><meta charset=\"windows-1256\"></head><p>قصف على المدينة</p>");
        let text = decode(None, &bytes).unwrap();
        assert!(text.contains("قصف على المدينة"));
    }

    #[test]
    fn iso_8859_6_from_header() {
        let (bytes, _, _) = encoding_rs::ISO_8859_6.encode("انفجار في السوق");
        let text = decode(Some("text/html; charset=ISO-8859-6"), &bytes).unwrap();
        assert_eq!(text, "انفجار في السوق");
    }

    #[test]
    fn mojibake_refused() {
        let utf8 = "مقتل عشرة أشخاص في انفجار سيارة مفخخة".as_bytes();
        let (latin, _, _) = encoding_rs::WINDOWS_1252.decode(utf8);
        assert_eq!(decode(None, latin.as_bytes()), Err(DecodeError::Mojibake));
        assert!(decode(Some("text/html; charset=utf-8"), utf8).is_ok());
    }

    #[test]
    fn a_wrong_header_gives_way_to_the_meta() {
        let html = "<html><head><meta charset=\"windows-1256\"></head><p>اغتيال مسؤول محلي</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(html);
        let text = decode(Some("text/html; charset=utf-8"), &bytes).unwrap();
        assert!(text.contains("اغتيال مسؤول محلي"));
    }

    #[test]
    fn invalid_utf8_refused() {
        assert!(matches!(decode(None, b"abc \xff\xfe def"), Err(DecodeError::Invalid(_))));
    }

    #[test]
    fn xml_declaration_rewritten() {
        let t = as_utf8_xml("<?xml version=\"1.0\" encoding=\"windows-1256\"?><rss/>");
        assert_eq!(t, "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss/>");
    }
}
