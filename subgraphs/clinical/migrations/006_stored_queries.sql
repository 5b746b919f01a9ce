-- Stored AQL queries, by qualified name ([namespace::]name) and semantic version.
CREATE TABLE stored_queries (
  name text NOT NULL,
  version text NOT NULL,
  major integer NOT NULL,
  minor integer NOT NULL,
  patch integer NOT NULL,
  query text NOT NULL,
  saved_at timestamptz NOT NULL,
  saved_by text NOT NULL,
  PRIMARY KEY (name, version)
);
CREATE INDEX stored_queries_latest ON stored_queries (name, major DESC, minor DESC, patch DESC);
