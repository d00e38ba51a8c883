-- rasd's PostgreSQL schema, version 3: the indexes of the SQLite schema 8
-- (crates/store/src/sqlite.rs, STATS_MIGRATION). Statistics over every
-- year of an archive read an incident's day, country, type, toll and
-- reports and its groups' names; these indexes hold them, so PostgreSQL
-- can answer from the indexes alone, as it can the articles of a country's
-- reports that a search within a country reads. The entity index of
-- mentions, which no query reads, goes: every stored article paid a dozen
-- inserts into it.
DROP INDEX mentions_entity;
DROP INDEX incidents_history;
CREATE INDEX incidents_history ON incidents(history, day) INCLUDE (country, type, killed, injured, reports);
CREATE INDEX incidents_country_stats ON incidents(country, history, day) INCLUDE (type, killed, injured, reports);
DROP INDEX incident_groups_incident;
CREATE INDEX incident_groups_incident ON incident_groups(incident_id, pos) INCLUDE (group_key, name);
DROP INDEX events_country_day;
CREATE INDEX events_country_day ON events(country, day, id) INCLUDE (history, aggregate, doc_id);
