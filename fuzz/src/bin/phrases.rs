//! The whole-phrase parsers of numbers, ordinals and dates, on each line
//! of the input, against a fixed reference day both ways.

use rasd_text::analyze::{parse_date, parse_numeral, parse_ordinal};
use rasd_text::date::Prefer;

fn main() {
    let today = jiff::civil::date(2018, 5, 6);
    afl::fuzz!(|data: &[u8]| {
        let text = rasd_fuzz::text(data);
        for phrase in text.lines().take(16) {
            let _ = parse_numeral(phrase);
            let _ = parse_ordinal(phrase);
            let _ = parse_date(phrase, today, Prefer::Past);
            let _ = parse_date(phrase, today, Prefer::Future);
        }
    });
}
