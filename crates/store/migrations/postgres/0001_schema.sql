-- rasd's PostgreSQL schema, version 1: the tables of the SQLite schema 6
-- (crates/store/src/sqlite.rs), with the types PostgreSQL has. Text that
-- is compared or ordered is in the "C" collation, so that ordering is by
-- bytes, as in SQLite, whatever the database's locale. Ids are given by
-- rasd (one more than the largest, as SQLite does) under the write lock,
-- so the same articles get the same ids on both backends.

CREATE TABLE documents (
    id BIGINT PRIMARY KEY,
    key TEXT COLLATE "C" NOT NULL UNIQUE,
    ext_id TEXT COLLATE "C" NOT NULL,
    url TEXT COLLATE "C",
    source TEXT COLLATE "C",
    published TEXT COLLATE "C",
    pub_day TEXT COLLATE "C",
    title TEXT COLLATE "C",
    text TEXT NOT NULL,
    hash TEXT COLLATE "C" NOT NULL,
    seq BIGINT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_hash ON documents(hash);
CREATE INDEX documents_seq ON documents(seq);
CREATE INDEX documents_day_source ON documents(pub_day, source);

-- `pos` keeps the order the extractor gave, which SQLite keeps as rowid
-- order.
CREATE TABLE mentions (
    doc_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    pos BIGINT NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    entity TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    surface TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions(doc_id);
CREATE INDEX mentions_entity ON mentions(entity);

CREATE TABLE incidents (
    id BIGINT PRIMARY KEY,
    type TEXT COLLATE "C" NOT NULL,
    day TEXT COLLATE "C",
    country TEXT COLLATE "C",
    place TEXT COLLATE "C",
    place_ar TEXT COLLATE "C",
    place_id TEXT COLLATE "C",
    admin1 TEXT COLLATE "C",
    killed BIGINT,
    injured BIGINT,
    reports BIGINT NOT NULL,
    win_lo TEXT COLLATE "C",
    win_hi TEXT COLLATE "C",
    summary TEXT NOT NULL,
    history BOOLEAN NOT NULL DEFAULT FALSE,
    confidence DOUBLE PRECISION NOT NULL DEFAULT 0,
    date TEXT COLLATE "C",
    win_tier BIGINT
);
CREATE INDEX incidents_day ON incidents(day);
CREATE INDEX incidents_history ON incidents(history, day);
CREATE INDEX incidents_tier_window ON incidents(country, win_tier, win_lo);

CREATE TABLE incident_groups (
    incident_id BIGINT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    pos BIGINT NOT NULL,
    group_key TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL
);
CREATE INDEX incident_groups_incident ON incident_groups(incident_id);
CREATE INDEX incident_groups_key ON incident_groups(group_key);

CREATE TABLE events (
    id BIGINT PRIMARY KEY,
    doc_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord BIGINT NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    date TEXT COLLATE "C",
    day TEXT COLLATE "C",
    country TEXT COLLATE "C",
    place TEXT COLLATE "C",
    place_ar TEXT COLLATE "C",
    place_id TEXT COLLATE "C",
    admin1 TEXT COLLATE "C",
    killed BIGINT,
    injured BIGINT,
    aggregate BOOLEAN NOT NULL,
    incident_id BIGINT REFERENCES incidents(id),
    json TEXT NOT NULL,
    main BOOLEAN NOT NULL DEFAULT FALSE,
    history BOOLEAN NOT NULL DEFAULT FALSE,
    confidence DOUBLE PRECISION NOT NULL DEFAULT 0
);
CREATE INDEX events_doc ON events(doc_id);
CREATE INDEX events_incident ON events(incident_id);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_country_day ON events(country, day);
CREATE INDEX events_history ON events(history, day);

CREATE TABLE event_groups (
    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    pos BIGINT NOT NULL,
    group_key TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL
);
CREATE INDEX event_groups_event ON event_groups(event_id);
CREATE INDEX event_groups_key ON event_groups(group_key);

CREATE TABLE superseded (
    key TEXT COLLATE "C" NOT NULL,
    hash TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (key, hash)
);

CREATE TABLE vocabulary (
    kind TEXT COLLATE "C" NOT NULL,
    value TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (kind, value, name)
);

-- How many write transactions have committed: a writer whose cache of
-- incidents was filled before another's commit empties it.
CREATE TABLE rasd_writes (n BIGINT NOT NULL);
INSERT INTO rasd_writes VALUES (0);
