-- The registry: persons and their mandates (代表资格) in congresses and terms, delegations,
-- standing-committee members' contacts, liaison stations with places and reception days,
-- handling units, and registry imports. Public and private fields of persons live apart.
CREATE TABLE persons (
  id {{pk}},
  name TEXT NOT NULL,
  name_pinyin TEXT NOT NULL,    -- "zhangwei": ICU Han-Latin, ASCII, no spaces
  name_initials TEXT NOT NULL,  -- "zw"
  gender TEXT NOT NULL CHECK (gender IN ('male', 'female')),
  birth_year BIGINT,
  ethnicity TEXT NOT NULL DEFAULT '',
  party TEXT NOT NULL DEFAULT '',
  occupation TEXT NOT NULL DEFAULT '',  -- occupation and title as published
  photo_url TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
CREATE INDEX persons_by_pinyin ON persons (name_pinyin);
CREATE INDEX persons_by_initials ON persons (name_initials);
CREATE INDEX persons_by_name ON persons (name);

-- Never in a public response; masked in staff lists unless the role needs it.
CREATE TABLE person_private (
  person_id BIGINT PRIMARY KEY REFERENCES persons (id),
  id_number TEXT NOT NULL DEFAULT '',
  mobile TEXT NOT NULL DEFAULT '',
  home_address TEXT NOT NULL DEFAULT '',
  birth_date TEXT NOT NULL DEFAULT ''
);
CREATE INDEX person_private_by_id_number ON person_private (id_number);

CREATE TABLE delegations (
  id {{pk}},
  congress_id BIGINT NOT NULL REFERENCES congresses (id),
  term_number BIGINT NOT NULL,
  name TEXT NOT NULL,
  UNIQUE (congress_id, term_number, name)
);

CREATE TABLE mandates (
  id {{pk}},
  person_id BIGINT NOT NULL REFERENCES persons (id),
  congress_id BIGINT NOT NULL REFERENCES congresses (id),
  term_number BIGINT NOT NULL,
  level TEXT NOT NULL,        -- the congress's level, kept here for filtering
  region_code TEXT NOT NULL,  -- where the deputy was elected, for region filters
  delegation_id BIGINT REFERENCES delegations (id),
  deputy_group TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('serving', 'resigned', 'terminated', 'recalled')),
  start_date TEXT NOT NULL,
  end_date TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  UNIQUE (person_id, congress_id, term_number)
);
CREATE INDEX mandates_by_region ON mandates (region_code, level);
CREATE INDEX mandates_by_congress ON mandates (congress_id, term_number);
CREATE INDEX mandates_by_person ON mandates (person_id);
CREATE INDEX mandates_by_delegation ON mandates (delegation_id);

-- The first of the "two contacts": a standing-committee member keeps contact with deputies.
CREATE TABLE committee_contacts (
  member_mandate_id BIGINT NOT NULL REFERENCES mandates (id),
  mandate_id BIGINT NOT NULL REFERENCES mandates (id),
  PRIMARY KEY (member_mandate_id, mandate_id)
);

ALTER TABLE stations ADD COLUMN kind TEXT NOT NULL DEFAULT 'station';
ALTER TABLE stations ADD COLUMN region_code TEXT NOT NULL DEFAULT '';
ALTER TABLE stations ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE stations ADD COLUMN latitude DOUBLE PRECISION;
ALTER TABLE stations ADD COLUMN longitude DOUBLE PRECISION;
ALTER TABLE stations ADD COLUMN grid_cell BIGINT;  -- core/geo: 0.1° cells for nearest-station search
ALTER TABLE stations ADD COLUMN opening_hours TEXT NOT NULL DEFAULT '';
ALTER TABLE stations ADD COLUMN reception_schedule TEXT NOT NULL DEFAULT '';  -- core/schedule
ALTER TABLE stations ADD COLUMN phone TEXT NOT NULL DEFAULT '';
CREATE INDEX stations_by_region ON stations (region_code);
CREATE INDEX stations_by_cell ON stations (grid_cell);

CREATE TABLE station_deputies (
  station_id BIGINT NOT NULL REFERENCES stations (id),
  mandate_id BIGINT NOT NULL REFERENCES mandates (id),
  PRIMARY KEY (station_id, mandate_id)
);
CREATE INDEX station_deputies_by_mandate ON station_deputies (mandate_id);

ALTER TABLE units ADD COLUMN kind TEXT NOT NULL DEFAULT 'government';
ALTER TABLE units ADD COLUMN region_code TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN parent_id BIGINT;
ALTER TABLE units ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';

CREATE TABLE imports (
  id {{pk}},
  kind TEXT NOT NULL,
  dry_run SMALLINT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed')),
  total_rows BIGINT NOT NULL DEFAULT 0,
  processed_rows BIGINT NOT NULL DEFAULT 0,
  imported_rows BIGINT NOT NULL DEFAULT 0,
  errors TEXT NOT NULL DEFAULT '[]',
  encoding TEXT NOT NULL DEFAULT '',
  congress_id BIGINT,
  created_by TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  finished_at_ms BIGINT
);
