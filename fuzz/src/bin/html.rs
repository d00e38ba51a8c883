//! The HTML reader: a page's article, date and id, or an error naming the
//! file.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let text = rasd_fuzz::text(data);
        if let Err(e) = rasd_input::parse_html("f.html", &text) {
            assert!(e.to_string().starts_with("f.html: "), "{e}");
        }
    });
}
