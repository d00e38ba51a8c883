-- The desk (crates/store/src/desk.rs): each warning the rules raised, under
-- the key a replay gives it again, and the trail of its states, whose last
-- row is its state. The trail is append-only and no warning is ever
-- deleted: triggers refuse it, as SQLite's do.
CREATE TABLE warnings (
    id BIGINT PRIMARY KEY,
    key TEXT COLLATE "C" NOT NULL UNIQUE,
    kind TEXT COLLATE "C" NOT NULL,
    severity TEXT COLLATE "C" NOT NULL,
    day TEXT COLLATE "C" NOT NULL,
    raised TEXT COLLATE "C" NOT NULL,
    country TEXT COLLATE "C",
    subject TEXT COLLATE "C" NOT NULL,
    message_en TEXT NOT NULL,
    message_ar TEXT NOT NULL,
    incidents TEXT NOT NULL,
    json TEXT NOT NULL,
    first_seen TEXT COLLATE "C" NOT NULL
);

CREATE TABLE warning_log (
    id BIGINT PRIMARY KEY,
    warning_id BIGINT NOT NULL REFERENCES warnings(id),
    at TEXT COLLATE "C" NOT NULL,
    who TEXT NOT NULL,
    from_state TEXT COLLATE "C",
    to_state TEXT COLLATE "C" NOT NULL,
    note TEXT
);
CREATE INDEX warning_log_warning ON warning_log(warning_id, id);

CREATE FUNCTION rasd_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0];
END
$$;
CREATE TRIGGER warning_log_no_update BEFORE UPDATE ON warning_log FOR EACH ROW
    EXECUTE FUNCTION rasd_refuse_change('warning_log is append-only: a state change is never updated');
CREATE TRIGGER warning_log_no_delete BEFORE DELETE ON warning_log FOR EACH ROW
    EXECUTE FUNCTION rasd_refuse_change('warning_log is append-only: a state change is never deleted');
CREATE TRIGGER warning_log_no_truncate BEFORE TRUNCATE ON warning_log FOR EACH STATEMENT
    EXECUTE FUNCTION rasd_refuse_change('warning_log is append-only: a state change is never deleted');
CREATE TRIGGER warnings_no_delete BEFORE DELETE ON warnings FOR EACH ROW
    EXECUTE FUNCTION rasd_refuse_change('warnings are never deleted');
CREATE TRIGGER warnings_no_truncate BEFORE TRUNCATE ON warnings FOR EACH STATEMENT
    EXECUTE FUNCTION rasd_refuse_change('warnings are never deleted');
