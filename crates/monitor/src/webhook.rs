//! Webhook deliveries: a JSON POST signed with HMAC-SHA256.

use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The header that carries the signature: `sha256=` and the hex HMAC of
/// the body under the shared secret.
pub const SIGNATURE_HEADER: &str = "X-Rasd-Signature";
/// The header that carries the delivery's key, the same on every retry, so
/// that a receiver can drop a repeat.
pub const DELIVERY_HEADER: &str = "X-Rasd-Delivery";

/// The signature header's value for `body`.
pub fn sign(secret: &str, body: &[u8]) -> String {
    // HMAC takes a key of any length.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key");
    mac.update(body);
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// Whether `signature` (a header value) is the right one for `body`,
/// compared in constant time.
pub fn verify(secret: &str, body: &[u8], signature: &str) -> bool {
    let Some(hex) = signature.strip_prefix("sha256=") else { return false };
    let Some(bytes) = (0..hex.len())
        .step_by(2)
        .map(|i| hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect::<Option<Vec<u8>>>()
    else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key");
    mac.update(body);
    mac.verify_slice(&bytes).is_ok()
}

/// How long to wait before the next attempt after `attempts` failures:
/// 30 s doubling up to 6 h, with a quarter either way of jitter.
pub fn retry_delay(attempts: u32) -> Duration {
    let base = 30_000u64.saturating_mul(1 << attempts.min(10)).min(6 * 3600 * 1000);
    Duration::from_millis(crate::jitter(base))
}

/// Posts one body; any 2xx is delivered.
pub fn post(
    client: &reqwest::blocking::Client,
    url: &str,
    secret: &str,
    key: &str,
    body: &str,
) -> Result<(), String> {
    let resp = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(SIGNATURE_HEADER, sign(secret, body.as_bytes()))
        .header(DELIVERY_HEADER, key)
        .body(body.to_string())
        .send()
        .map_err(|e| if e.is_timeout() { "timed out".to_string() } else { format!("{e}") })?;
    if resp.status().is_success() {
        Ok(())
    } else {
        Err(format!("HTTP {}", resp.status().as_u16()))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sign_and_verify() {
        // RFC 4231 test case 2.
        let s = super::sign("Jefe", b"what do ya want for nothing?");
        assert_eq!(s, "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assert!(super::verify("Jefe", b"what do ya want for nothing?", &s));
        assert!(!super::verify("Jefe", b"what do ya want for nothing!", &s));
        assert!(!super::verify("Jefe", b"x", "sha256=zz"));
    }
}
