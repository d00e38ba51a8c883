//! The text layer over a whole article: tokens, sentences, numbers,
//! dates and the dateline (`Analysis::new`), and the plain-text reader.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let text = rasd_fuzz::text(data);
        let Ok(doc) = rasd_input::parse_text("f.txt", &text) else { return };
        let a = rasd_text::Analysis::new(&doc.text, &rasd_text::Config::default());
        let on_boundary = |at: u32| doc.text.is_char_boundary(at as usize);
        for t in &a.tokens {
            assert!(on_boundary(t.span.start) && on_boundary(t.span.end), "{t:?}");
        }
        for n in &a.numbers {
            assert!(on_boundary(n.span.start) && on_boundary(n.span.end), "{n:?}");
        }
        for d in &a.dates {
            assert!(on_boundary(d.span.start) && on_boundary(d.span.end), "{d:?}");
        }
    });
}
