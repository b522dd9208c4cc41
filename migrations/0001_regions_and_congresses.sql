-- Administrative regions (行政区划, GB/T 2260 codes; 9 digits for townships) and the
-- congresses (人民代表大会) of those regions with their terms (届).
CREATE TABLE regions (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('province', 'city', 'county', 'township')),
  parent_code TEXT REFERENCES regions (code),
  version BIGINT NOT NULL DEFAULT 1,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
CREATE INDEX regions_by_parent ON regions (parent_code, code);

CREATE TABLE congresses (
  id {{pk}},
  region_code TEXT NOT NULL REFERENCES regions (code),
  level TEXT NOT NULL CHECK (level IN ('national', 'provincial', 'city', 'county', 'township')),
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai',
  UNIQUE (region_code, level)
);

CREATE TABLE congress_terms (
  id {{pk}},
  congress_id BIGINT NOT NULL REFERENCES congresses (id),
  number BIGINT NOT NULL CHECK (number > 0),
  start_date TEXT NOT NULL,
  end_date TEXT,
  UNIQUE (congress_id, number)
);
