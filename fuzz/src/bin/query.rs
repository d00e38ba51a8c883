//! The API's query parsing: the first line of the input is a path, the
//! rest a query string, read as every GET handler reads its parameters
//! (without a database). An answer is a value or a 400, never a panic.

use rasd_server::openapi::ENDPOINTS;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let text = rasd_fuzz::text(data);
        let (head, raw) = text.split_once('\n').unwrap_or((&text, ""));
        // The path picks an endpoint by index, so that every one is reached.
        let which = head.bytes().map(usize::from).sum::<usize>() % ENDPOINTS.len();
        let path = ENDPOINTS[which].path;
        let raw = (!raw.is_empty()).then_some(raw);
        if let Err(e) = rasd_server::check_query(path, raw) {
            assert_eq!(e.status, 400, "{path}?{raw:?}: {e}");
        }
    });
}
