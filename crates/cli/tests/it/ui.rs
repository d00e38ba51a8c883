//! The web UI end to end in headless Chromium (tests/ui/e2e.mjs): load the
//! page, filter, open an incident, check its evidence, check that article
//! markup runs nothing and that no request leaves the machine.

use std::path::Path;
use std::process::Command;

#[test]
fn the_web_ui_works_in_a_browser() {
    if std::env::var_os("RASD_SKIP_UI").is_some() {
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let ui = repo.join("tests/ui");
    // Chromium and playwright-core, installed when missing.
    let setup = Command::new("bash").arg(ui.join("setup.sh")).status().expect("bash runs");
    assert!(
        setup.success(),
        "tests/ui/setup.sh could not install Chromium and playwright-core (set RASD_SKIP_UI=1 to skip this test)"
    );
    let shots = tempfile::tempdir().unwrap();
    let out = Command::new("node")
        .arg(ui.join("e2e.mjs"))
        .env("RASD_BIN", env!("CARGO_BIN_EXE_rasd"))
        .env("SCREENSHOTS", shots.path())
        .output()
        .expect("node runs");
    let log =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{log}");
    assert!(log.contains("ok - no script from an article runs"), "{log}");
    assert!(shots.path().join("incident.png").metadata().is_ok_and(|m| m.len() > 10_000));
}
