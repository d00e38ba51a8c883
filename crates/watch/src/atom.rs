//! Warnings as an Atom feed (RFC 4287), newest first.

use crate::Warning;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The feed. `link` is where an incident's page is, when a server runs
/// (`{id}` is replaced by the incident id); `updated` is the feed's time.
pub fn feed(warnings: &[Warning], link: Option<&str>, updated: &str) -> String {
    let mut ws: Vec<&Warning> = warnings.iter().collect();
    // An entry's time is the last day it was raised (a warning raised
    // again, a toll past a higher threshold, comes back to the top).
    ws.sort_by(|a, b| (b.last_raised(), &b.id).cmp(&(a.last_raised(), &a.id)));
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str("  <title>rasd warnings</title>\n");
    out.push_str("  <id>urn:rasd:alerts</id>\n");
    out.push_str(&format!("  <updated>{}</updated>\n", escape(updated)));
    out.push_str("  <author><name>rasd</name></author>\n");
    for w in ws {
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <id>urn:rasd:warning:{}</id>\n", escape(&w.id)));
        out.push_str(&format!(
            "    <title>[{}] {}: {}</title>\n",
            w.severity.as_str(),
            w.kind.as_str().replace('_', " "),
            escape(&w.subject.name)
        ));
        out.push_str(&format!("    <updated>{}T00:00:00Z</updated>\n", escape(w.last_raised())));
        out.push_str(&format!(
            "    <category term=\"{}\"/>\n    <category term=\"{}\"/>\n",
            w.kind.as_str(),
            w.severity.as_str()
        ));
        if let (Some(link), Some(first)) = (link, w.incidents.first()) {
            out.push_str(&format!(
                "    <link rel=\"alternate\" href=\"{}\"/>\n",
                escape(&link.replace("{id}", &first.to_string()))
            ));
        }
        out.push_str(&format!(
            "    <summary>{}</summary>\n",
            escape(&format!(
                "{} — {}{}",
                w.message_en,
                w.message_ar,
                w.gap_note().map(|n| format!(" {n}")).unwrap_or_default()
            ))
        ));
        let incidents: Vec<String> = w.incidents.iter().map(|i| i.to_string()).collect();
        out.push_str(&format!(
            "    <content type=\"text\">{}</content>\n",
            escape(&format!(
                "{}\n{}\nIncidents: {}",
                w.message_en,
                w.message_ar,
                incidents.join(", ")
            ))
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}
