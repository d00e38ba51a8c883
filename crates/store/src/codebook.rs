//! The ACLED and GTD codebooks as data (`data/codebooks/`, sources in its
//! `PROVENANCE.txt`): the columns of each export in order, the codes they
//! use and the names those codes stand for, and each country's ISO, ACLED
//! and GTD codes. The exports read their codes from here, and their tests
//! check every row they write against the same tables.

use std::sync::LazyLock;

const ACLED: &str = include_str!("../../../data/codebooks/acled.tsv");
const GTD: &str = include_str!("../../../data/codebooks/gtd.tsv");
const COUNTRIES: &str = include_str!("../../../data/codebooks/countries.tsv");

/// One codebook: rows of (kind, code, value).
#[derive(Debug)]
pub struct Codebook {
    rows: Vec<(&'static str, &'static str, &'static str)>,
}

/// The data rows of a shipped table (comments and the header line left out).
fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect())
}

fn parse(text: &'static str) -> Codebook {
    Codebook {
        rows: rows(text)
            .map(|f| match f.as_slice() {
                [kind, code, value] => (*kind, *code, *value),
                // The tables ship with the binary; a test reads each one.
                _ => panic!("a codebook row has three columns: {f:?}"),
            })
            .collect(),
    }
}

static ACLED_BOOK: LazyLock<Codebook> = LazyLock::new(|| parse(ACLED));
static GTD_BOOK: LazyLock<Codebook> = LazyLock::new(|| parse(GTD));

/// ACLED's codebook.
pub fn acled() -> &'static Codebook {
    &ACLED_BOOK
}

/// The GTD's codebook.
pub fn gtd() -> &'static Codebook {
    &GTD_BOOK
}

impl Codebook {
    /// The export's columns, in order.
    pub fn columns(&self) -> Vec<&'static str> {
        self.rows.iter().filter(|r| r.0 == "column").map(|r| r.2).collect()
    }

    /// The name a code of a kind stands for (`("region", "11")` → `Middle East`).
    pub fn name(&self, kind: &str, code: &str) -> Option<&'static str> {
        self.rows.iter().find(|r| r.0 == kind && r.1 == code).map(|r| r.2)
    }

    /// Whether a (kind, code, value) row is in the codebook.
    pub fn has(&self, kind: &str, code: &str, value: &str) -> bool {
        self.rows.iter().any(|r| r.0 == kind && r.1 == code && r.2 == value)
    }

    /// Every value of a kind.
    pub fn values(&self, kind: &str) -> Vec<&'static str> {
        self.rows.iter().filter(|r| r.0 == kind).map(|r| r.2).collect()
    }
}

/// A country's codes in ISO 3166, ACLED and the GTD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 (rasd's country code).
    pub code: &'static str,
    /// ISO 3166-1 alpha-3 (ACLED's `event_id_cnty` prefix).
    pub iso3: &'static str,
    /// ISO 3166-1 numeric (ACLED's `iso`), when ISO assigns one.
    pub iso_numeric: Option<u16>,
    /// ACLED's region number.
    pub acled_region: Option<u8>,
    /// The GTD's region code.
    pub gtd_region: Option<u8>,
    /// The GTD's country code, when its codebook lists the country.
    pub gtd_country: Option<u16>,
    /// The GTD's name for it.
    pub gtd_country_txt: &'static str,
    /// rasd's English name.
    pub name: &'static str,
}

static COUNTRY_ROWS: LazyLock<Vec<Country>> = LazyLock::new(|| {
    rows(COUNTRIES)
        .map(|f| match f.as_slice() {
            [code, iso3, num, ar, gr, gc, gtxt, name] => Country {
                code,
                iso3,
                iso_numeric: num.parse().ok(),
                acled_region: ar.parse().ok(),
                gtd_region: gr.parse().ok(),
                gtd_country: gc.parse().ok(),
                gtd_country_txt: gtxt,
                name,
            },
            // The table ships with the binary; a test reads it.
            _ => panic!("a country row has eight columns: {f:?}"),
        })
        .collect()
});

/// Every country with its codes.
pub fn countries() -> &'static [Country] {
    &COUNTRY_ROWS
}

/// A country by its ISO alpha-2 code.
pub fn country(code: &str) -> Option<&'static Country> {
    COUNTRY_ROWS.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_read_whole() {
        assert_eq!(acled().columns().len(), 31);
        assert_eq!(gtd().columns().len(), 135);
        assert_eq!(acled().name("region", "11"), Some("Middle East"));
        assert_eq!(gtd().name("attacktype", "3"), Some("Bombing/Explosion"));
        let iq = country("IQ").unwrap();
        assert_eq!(
            (iq.iso3, iq.iso_numeric, iq.acled_region, iq.gtd_country, iq.gtd_region),
            ("IRQ", Some(368), Some(11), Some(95), Some(10))
        );
        // Every country has both regions, and each names a region of its codebook.
        for c in countries() {
            let a = c.acled_region.map(|r| r.to_string()).unwrap_or_default();
            let g = c.gtd_region.map(|r| r.to_string()).unwrap_or_default();
            assert!(acled().name("region", &a).is_some(), "{c:?}");
            assert!(gtd().name("region", &g).is_some(), "{c:?}");
        }
    }
}
