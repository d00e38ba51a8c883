//! The JSON Lines reader, line by line as `rasd ingest` reads a file: each
//! record is an article or an error naming the file and the line.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let text = rasd_fuzz::text(data);
        for (n, line) in text.lines().enumerate() {
            if let Err(e) = rasd_input::parse_json_line("f.jsonl", n + 1, line) {
                let at = format!("f.jsonl:{}: ", n + 1);
                assert!(e.to_string().starts_with(&at), "{e}");
            }
        }
    });
}
