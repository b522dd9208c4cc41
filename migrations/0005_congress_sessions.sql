-- Sessions of a congress term (第N次会议): suggestions are made during a session or in
-- recess between sessions.
CREATE TABLE congress_sessions (
  id {{pk}},
  congress_id BIGINT NOT NULL REFERENCES congresses (id),
  term_number BIGINT NOT NULL,
  number BIGINT NOT NULL CHECK (number > 0),
  start_date TEXT NOT NULL,
  end_date TEXT,
  UNIQUE (congress_id, term_number, number)
);
