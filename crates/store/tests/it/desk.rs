//! The desk on both backends: warnings kept under their keys, states moved
//! in order by named people, an append-only trail, the same answers.

use rasd_store::{DeskState, DeskSync, DeskWarning, Store, StoreError};
use serde_json::{Value, json};

use crate::backends;

fn warning(key: &str, raised: &str, message: &str) -> DeskWarning {
    DeskWarning {
        key: key.into(),
        kind: key.split(':').next().unwrap_or("").into(),
        severity: "high".into(),
        day: "2019-04-19".into(),
        raised: raised.into(),
        country: Some("IQ".into()),
        subject: "Baghdad".into(),
        message_en: message.into(),
        message_ar: "تحذير".into(),
        incidents: vec![3, 4],
        json: json!({"id": key, "message_en": message}).to_string(),
    }
}

fn at(t: &str) -> jiff::Timestamp {
    t.parse().unwrap()
}

/// What went wrong, by kind, or the state reached.
fn outcome(r: &Result<rasd_store::DeskChange, StoreError>) -> String {
    match r {
        Ok(c) => c.to.as_str().to_string(),
        Err(StoreError::NotFound(_)) => "not found".into(),
        Err(StoreError::Conflict(_)) => "conflict".into(),
        Err(StoreError::Invalid(_)) => "invalid".into(),
        Err(e) => format!("other: {e}"),
    }
}

/// Everything the desk answers, for comparing backends.
fn answers(s: &dyn Store) -> Value {
    let all = s.desk(None, 100, 0).unwrap();
    let mut one = Vec::new();
    for e in &all {
        one.push(json!(s.desk_warning(e.id).unwrap()));
    }
    let counts: Vec<(String, u64)> =
        s.desk_counts().unwrap().into_iter().map(|(k, n)| (k.as_str().to_string(), n)).collect();
    json!({
        "all": all,
        "new": s.desk(Some(DeskState::New), 100, 0).unwrap(),
        "page": s.desk(None, 1, 1).unwrap(),
        "counts": counts,
        "one": one,
        "none": s.desk_warning(999).unwrap(),
    })
}

#[test]
fn warnings_keep_their_states_and_trail_on_both_backends() {
    let mut seen = Vec::new();
    for b in backends::both("desk_states") {
        let mut s = b.open();
        let ws = [
            warning("mass_casualty:report-7:IQ:2019-04-19", "2019-04-19", "80 killed"),
            warning("new_ground:group:is:ES:2019-04-17", "2019-04-17", "new ground"),
        ];
        let done = s.sync_warnings(&ws, at("2026-12-06T10:00:00Z")).unwrap();
        assert_eq!(done, DeskSync { added: 2, ..DeskSync::default() }, "{}", b.name);
        // The same warnings again: nothing to write.
        assert_eq!(s.sync_warnings(&ws, at("2026-12-06T10:05:00Z")).unwrap(), DeskSync::default());
        let new = s.desk(Some(DeskState::New), 50, 0).unwrap();
        assert_eq!(new.len(), 2);
        assert_eq!((new[0].id, new[0].since.as_str()), (1, "2026-12-06T10:00:00Z"));
        assert_eq!(new[0].by, "rasd");

        // (warning, to, who, note, outcome), in order.
        let steps: &[(i64, &str, &str, Option<&str>, &str)] = &[
            (1, "acted", "amal", None, "conflict"),
            (1, "acknowledged", "amal", Some("calling the office"), "acknowledged"),
            (1, "acknowledged", "omar", None, "conflict"),
            (1, "new", "omar", None, "conflict"),
            (1, "dismissed", "", None, "invalid"),
            (1, "dismissed", "rasd", None, "invalid"),
            (1, "acted", "omar", Some("sent to the field team"), "acted"),
            (1, "dismissed", "omar", None, "conflict"),
            (2, "acknowledged", "amal", None, "acknowledged"),
            (2, "dismissed", "amal", Some("a duplicate"), "dismissed"),
            (9, "acknowledged", "amal", None, "not found"),
        ];
        for (n, (id, to, who, note, want)) in steps.iter().enumerate() {
            let to: DeskState = to.parse().unwrap();
            let t = at(&format!("2026-12-06T11:{n:02}:00Z"));
            let got = s.set_warning_state(*id, to, who, *note, t);
            assert_eq!(outcome(&got), *want, "{} step {n}: {got:?}", b.name);
            if let Err(e) = got {
                assert!(!e.to_string().contains('\n'), "one line: {e}");
            }
        }
        let (entry, _, trail) = s.desk_warning(1).unwrap().unwrap();
        assert_eq!((entry.state, entry.by.as_str()), (DeskState::Acted, "omar"));
        let moves: Vec<(Option<DeskState>, DeskState, &str)> =
            trail.iter().map(|c| (c.from, c.to, c.by.as_str())).collect();
        assert_eq!(
            moves,
            [
                (None, DeskState::New, "rasd"),
                (Some(DeskState::New), DeskState::Acknowledged, "amal"),
                (Some(DeskState::Acknowledged), DeskState::Acted, "omar"),
            ]
        );

        // A quieter update keeps the state; raised again, a dismissed
        // warning is back to new, the rules named in the trail.
        let mut again = ws.clone();
        again[0] = warning("mass_casualty:report-7:IQ:2019-04-19", "2019-04-19", "85 killed");
        again[1].raised = "2019-04-25".into();
        let done = s.sync_warnings(&again, at("2026-12-06T12:00:00Z")).unwrap();
        assert_eq!(done, DeskSync { reopened: 1, updated: 1, ..DeskSync::default() });
        let (e1, json1, _) = s.desk_warning(1).unwrap().unwrap();
        assert_eq!((e1.state, e1.message_en.as_str()), (DeskState::Acted, "85 killed"));
        assert_eq!(json1["message_en"], "85 killed");
        let (e2, _, trail2) = s.desk_warning(2).unwrap().unwrap();
        assert_eq!((e2.state, e2.since.as_str()), (DeskState::New, "2026-12-06T12:00:00Z"));
        assert_eq!(trail2.last().unwrap().note.as_deref(), Some("raised again on 2019-04-25"));
        // A warning a later replay no longer raises stays.
        s.sync_warnings(&[], at("2026-12-06T13:00:00Z")).unwrap();
        assert_eq!(s.desk(None, 50, 0).unwrap().len(), 2);
        seen.push((b.name, answers(s.as_ref())));
    }
    if let [(_, a), (_, b)] = &seen[..] {
        assert_eq!(a, b, "SQLite and PostgreSQL answer alike");
    }
}

#[test]
fn the_trail_cannot_be_rewritten() {
    for b in backends::both("desk_append_only") {
        let mut s = b.open();
        s.sync_warnings(
            &[warning("new_actor:x:-:2019-01-01", "2019-01-01", "x")],
            at("2026-01-01T00:00:00Z"),
        )
        .unwrap();
        let attempts = [
            "UPDATE warning_log SET to_state = 'dismissed'",
            "DELETE FROM warning_log",
            "DELETE FROM warnings",
        ];
        for sql in attempts {
            let refused = if b.name == "postgres" {
                let mut c = postgres::Client::connect(&b.url, postgres::NoTls).unwrap();
                c.batch_execute(sql).map_err(|e| {
                    e.as_db_error().map_or_else(|| e.to_string(), |d| d.message().to_string())
                })
            } else {
                let c = rusqlite::Connection::open(&b.url).unwrap();
                c.execute_batch(sql).map_err(|e| e.to_string())
            };
            let e = refused.expect_err(sql);
            assert!(e.contains("never"), "{}: {sql}: {e}", b.name);
        }
        let (e, _, trail) = s.desk_warning(1).unwrap().unwrap();
        assert_eq!((e.state, trail.len()), (DeskState::New, 1));
    }
}
