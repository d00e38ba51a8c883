-- rasd's PostgreSQL schema, version 4: the totals statistics read, kept as
-- incidents are written, as SQLite's schema 9 keeps them
-- (crates/store/src/sqlite.rs, TOTALS_MIGRATION; rows::total_periods
-- says which queries they answer). One row per period ('all', a month
-- 'YYYY-MM', or '' without a day), history flag, country ('' for none),
-- type and, where by_group is 1, group name ('' for none), with the
-- incidents, killed, injured and reports summed, so that statistics over
-- every year read as many rows in an archive's tenth year as in its
-- first. Periods compare in byte order ('' < 'YYYY-MM' < 'all').
CREATE TABLE stat_totals (
    by_group SMALLINT NOT NULL,
    period TEXT COLLATE "C" NOT NULL,
    history BOOLEAN NOT NULL,
    country TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    grp TEXT COLLATE "C" NOT NULL,
    n BIGINT NOT NULL,
    killed BIGINT NOT NULL,
    injured BIGINT NOT NULL,
    reports BIGINT NOT NULL,
    PRIMARY KEY (by_group, period, history, country, type, grp)
);
-- A filter on countries reads their rows of the period, not every
-- country's of every year.
CREATE INDEX stat_totals_country ON stat_totals(by_group, country, period)
    INCLUDE (history, type, grp, n, killed, injured, reports);
INSERT INTO stat_totals (by_group, period, history, country, type, grp, n, killed, injured, reports)
SELECT x.by_group, p.period, t.history, coalesce(t.country, ''), t.type, x.grp,
       count(*), sum(coalesce(t.killed, 0)), sum(coalesce(t.injured, 0)), sum(t.reports)
FROM incidents t
JOIN (SELECT id, 0 AS by_group, '' AS grp FROM incidents
      UNION ALL
      SELECT i.id, 1, coalesce(g.name, '') FROM incidents i LEFT JOIN incident_groups g ON g.incident_id = i.id) x
  ON x.id = t.id
JOIN (SELECT id, 'all' AS period FROM incidents
      UNION ALL
      SELECT id, substr(coalesce(day, ''), 1, 7) FROM incidents) p
  ON p.id = t.id
GROUP BY 1, 2, 3, 4, 5, 6;
