//! robots.txt: the rules of the group that names us, else of `*`; the
//! longest matching `Allow` or `Disallow` path wins, `Allow` on a tie.

/// The rules that apply to one user agent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Robots {
    rules: Vec<(bool, String)>,
}

/// Whether `pattern` (with `*` and a final `$`) matches the start of `path`.
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = path.strip_prefix(first) else { return false };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() && anchored {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    !anchored || rest.is_empty() || (parts.is_empty() && rest.is_empty())
}

impl Robots {
    /// Reads a robots.txt for the agent whose product token is `agent`.
    pub fn parse(text: &str, agent: &str) -> Robots {
        let agent = agent.to_ascii_lowercase();
        let mut ours: Option<Vec<(bool, String)>> = None;
        let mut any: Option<Vec<(bool, String)>> = None;
        // The agents of the group being read, and whether its rules started.
        let mut group: Vec<String> = Vec::new();
        let mut in_rules = false;
        let mut current: Vec<(bool, String)> = Vec::new();
        let mut close = |group: &mut Vec<String>, current: &mut Vec<(bool, String)>| {
            for g in group.iter() {
                if g == "*" {
                    any.get_or_insert_with(Vec::new).extend(current.iter().cloned());
                } else if agent.starts_with(g.as_str()) {
                    ours.get_or_insert_with(Vec::new).extend(current.iter().cloned());
                }
            }
            group.clear();
            current.clear();
        };
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else { continue };
            let (key, value) = (key.trim().to_ascii_lowercase(), value.trim());
            match key.as_str() {
                "user-agent" => {
                    if in_rules {
                        close(&mut group, &mut current);
                        in_rules = false;
                    }
                    group.push(value.to_ascii_lowercase());
                }
                "allow" | "disallow" => {
                    in_rules = true;
                    if !value.is_empty() {
                        current.push((key == "allow", value.to_string()));
                    }
                }
                _ => {}
            }
        }
        close(&mut group, &mut current);
        Robots { rules: ours.or(any).unwrap_or_default() }
    }

    /// Whether a path (with its query) may be fetched.
    pub fn allows(&self, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if matches(pattern, path) {
                let len = pattern.len();
                if best.is_none_or(|(l, a)| len > l || (len == l && *allow && !a)) {
                    best = Some((len, *allow));
                }
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

#[cfg(test)]
mod tests {
    use super::Robots;

    #[test]
    fn groups_and_longest_match() {
        let r = Robots::parse(
            "User-agent: *\nDisallow: /\n\nUser-agent: rasd-monitor\nDisallow: /private/\nAllow: /private/news/\n",
            "rasd-monitor",
        );
        assert!(r.allows("/news/1"));
        assert!(!r.allows("/private/x"));
        assert!(r.allows("/private/news/2"));
        let other = Robots::parse("User-agent: *\nDisallow: /\n", "rasd-monitor");
        assert!(!other.allows("/news/1"));
        assert!(Robots::parse("", "rasd-monitor").allows("/"));
    }

    #[test]
    fn wildcards() {
        let r = Robots::parse("User-agent: *\nDisallow: /*.pdf$\nDisallow: /search*q=\n", "x");
        assert!(!r.allows("/files/a.pdf"));
        assert!(r.allows("/files/a.pdf.html"));
        assert!(!r.allows("/search?q=1"));
        assert!(r.allows("/news"));
    }
}
