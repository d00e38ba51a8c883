//! The RSS and Atom reader, on raw bytes (feeds declare their own
//! encoding), and format detection on the same bytes.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let _ = rasd_input::detect("f", data);
        if let Err(e) = rasd_input::parse_feed("f.xml", data) {
            assert!(e.to_string().starts_with("f.xml: "), "{e}");
        }
    });
}
