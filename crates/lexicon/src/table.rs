//! Reading the lexicon's TSV files: `#` comment lines, one header line,
//! tab-separated rows.

use crate::LexiconError;

/// A parsed TSV file.
pub(crate) struct Table<'a> {
    name: &'static str,
    header: Vec<&'a str>,
    pub(crate) rows: Vec<Row<'a>>,
}

/// One row, with its line number for error messages.
pub(crate) struct Row<'a> {
    pub(crate) line: usize,
    cols: Vec<&'a str>,
}

impl<'a> Table<'a> {
    pub(crate) fn parse(name: &'static str, src: &'a str) -> Result<Table<'a>, LexiconError> {
        let mut header = None;
        let mut rows = Vec::new();
        for (i, line) in src.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            match &header {
                None => header = Some(cols),
                Some(h) => {
                    if cols.len() != h.len() {
                        return Err(LexiconError::Data {
                            file: name,
                            line: i + 1,
                            message: format!("{} columns, expected {}", cols.len(), h.len()),
                        });
                    }
                    rows.push(Row { line: i + 1, cols });
                }
            }
        }
        let header = header.ok_or(LexiconError::Data {
            file: name,
            line: 0,
            message: "no header".into(),
        })?;
        Ok(Table { name, header, rows })
    }

    /// The column index of `col`.
    pub(crate) fn col(&self, col: &str) -> Result<usize, LexiconError> {
        self.header.iter().position(|h| *h == col).ok_or_else(|| LexiconError::Data {
            file: self.name,
            line: 0,
            message: format!("no column {col}"),
        })
    }

    pub(crate) fn error(&self, row: &Row<'_>, message: String) -> LexiconError {
        LexiconError::Data { file: self.name, line: row.line, message }
    }
}

impl<'a> Row<'a> {
    pub(crate) fn get(&self, col: usize) -> &'a str {
        self.cols[col].trim()
    }

    /// A `|`-separated list, empty entries dropped.
    pub(crate) fn list(&self, col: usize) -> impl Iterator<Item = &'a str> {
        self.cols[col].split('|').map(str::trim).filter(|s| !s.is_empty())
    }
}
