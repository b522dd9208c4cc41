-- Deputies' suggestions (建议) from draft to closure, their handling by units, the in-app
-- inbox and uploaded files. Deadlines are civil dates ('YYYY-MM-DD') in the congress's
-- time zone; instants are UTC epoch milliseconds.

-- A deputy's account acts through the mandates of its person.
ALTER TABLE users ADD COLUMN person_id BIGINT REFERENCES persons (id);
CREATE INDEX users_by_person ON users (person_id);

-- Per-congress handling rules (deadlines, categories, answer classes) as one JSON document;
-- absent keys take Henan's defaults (docs/suggestions.md).
CREATE TABLE suggestion_settings (
  congress_id BIGINT PRIMARY KEY REFERENCES congresses (id),
  settings TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  updated_at_ms BIGINT NOT NULL
);

CREATE TABLE suggestions (
  id {{pk}},
  congress_id BIGINT NOT NULL REFERENCES congresses (id),
  year BIGINT NOT NULL,
  number BIGINT,  -- given at registration, unique per congress and year
  title TEXT NOT NULL,
  content TEXT NOT NULL,
  category TEXT NOT NULL,
  period TEXT NOT NULL CHECK (period IN ('session', 'recess')),
  session_id BIGINT REFERENCES congress_sessions (id),
  publication TEXT NOT NULL CHECK (publication IN ('full', 'title_only', 'none')),
  proposed_unit_id BIGINT REFERENCES units (id),
  lead_mandate_id BIGINT NOT NULL REFERENCES mandates (id),
  lead_person_id BIGINT NOT NULL REFERENCES persons (id),
  state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'registered', 'assigned', 'answered',
                                       'closed', 'returned', 'not_accepted', 'withdrawn',
                                       'rehandling')),
  handling_mode TEXT CHECK (handling_mode IN ('lead', 'separate')),
  merge_group BIGINT,  -- 并案: the id of the first item of a merged group
  round BIGINT NOT NULL DEFAULT 1,
  return_reason TEXT NOT NULL DEFAULT '',
  not_accepted_reason TEXT NOT NULL DEFAULT '',
  not_accepted_note TEXT NOT NULL DEFAULT '',
  assign_due TEXT,
  evaluation_due TEXT,
  rehandling_due TEXT,
  due_date TEXT,  -- the nearest open deadline of the current step, for due filters and sorting
  assessment_flag SMALLINT NOT NULL DEFAULT 0,
  close_reason TEXT NOT NULL DEFAULT '',
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  submitted_at_ms BIGINT,
  registered_at_ms BIGINT,
  assigned_at_ms BIGINT,
  closed_at_ms BIGINT,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (congress_id, year, number)
);
CREATE INDEX suggestions_by_congress ON suggestions (congress_id, state, updated_at_ms);
CREATE INDEX suggestions_by_lead ON suggestions (lead_person_id, updated_at_ms);
CREATE INDEX suggestions_by_evaluation_due ON suggestions (state, evaluation_due);
CREATE INDEX suggestions_by_due_date ON suggestions (congress_id, due_date);

-- The last number given per congress and year; registration increments it under a row lock.
CREATE TABLE suggestion_numbers (
  congress_id BIGINT NOT NULL REFERENCES congresses (id),
  year BIGINT NOT NULL,
  last_number BIGINT NOT NULL,
  PRIMARY KEY (congress_id, year)
);

CREATE TABLE suggestion_cosigners (
  suggestion_id BIGINT NOT NULL REFERENCES suggestions (id),
  mandate_id BIGINT NOT NULL REFERENCES mandates (id),
  person_id BIGINT NOT NULL REFERENCES persons (id),
  state TEXT NOT NULL CHECK (state IN ('invited', 'confirmed', 'declined')),
  invited_at_ms BIGINT NOT NULL,
  responded_at_ms BIGINT,
  PRIMARY KEY (suggestion_id, mandate_id)
);
CREATE INDEX suggestion_cosigners_by_person ON suggestion_cosigners (person_id);

CREATE TABLE suggestion_assignments (
  id {{pk}},
  suggestion_id BIGINT NOT NULL REFERENCES suggestions (id),
  unit_id BIGINT NOT NULL REFERENCES units (id),
  role TEXT NOT NULL CHECK (role IN ('lead', 'co', 'separate')),
  state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'answered', 'reassigned')),
  assigned_on TEXT NOT NULL,
  reassign_until TEXT NOT NULL,
  view_due TEXT,
  answer_due TEXT,
  extended SMALLINT NOT NULL DEFAULT 0,
  view_text TEXT,
  view_at_ms BIGINT,
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX suggestion_assignments_by_suggestion ON suggestion_assignments (suggestion_id);
CREATE INDEX suggestion_assignments_by_unit ON suggestion_assignments (unit_id, state);
CREATE INDEX suggestion_assignments_by_due ON suggestion_assignments (state, answer_due);

CREATE TABLE suggestion_answers (
  id {{pk}},
  suggestion_id BIGINT NOT NULL REFERENCES suggestions (id),
  assignment_id BIGINT NOT NULL REFERENCES suggestion_assignments (id),
  round BIGINT NOT NULL,
  answer_class TEXT NOT NULL,
  text TEXT NOT NULL,
  plan TEXT NOT NULL DEFAULT '',
  plan_date TEXT,
  reasons TEXT NOT NULL DEFAULT '',
  signed_by TEXT NOT NULL,
  answered_on TEXT NOT NULL,
  attachment_id BIGINT,
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX suggestion_answers_by_suggestion ON suggestion_answers (suggestion_id);

CREATE TABLE suggestion_contacts (
  id {{pk}},
  suggestion_id BIGINT NOT NULL REFERENCES suggestions (id),
  assignment_id BIGINT NOT NULL REFERENCES suggestion_assignments (id),
  method TEXT NOT NULL CHECK (method IN ('face_to_face', 'phone', 'letter', 'online')),
  contact_date TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  recorded_by TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX suggestion_contacts_by_suggestion ON suggestion_contacts (suggestion_id);

-- A unit's request for reassignment or for more time, decided by staff.
CREATE TABLE suggestion_requests (
  id {{pk}},
  suggestion_id BIGINT NOT NULL REFERENCES suggestions (id),
  assignment_id BIGINT NOT NULL REFERENCES suggestion_assignments (id),
  kind TEXT NOT NULL CHECK (kind IN ('reassignment', 'extension')),
  reason TEXT NOT NULL,
  until_date TEXT,
  state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
  decide_due TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_at_ms BIGINT NOT NULL,
  decided_at_ms BIGINT
);
CREATE INDEX suggestion_requests_by_suggestion ON suggestion_requests (suggestion_id);
CREATE INDEX suggestion_requests_by_state ON suggestion_requests (state, decide_due);

CREATE TABLE suggestion_evaluations (
  suggestion_id BIGINT NOT NULL REFERENCES suggestions (id),
  round BIGINT NOT NULL,
  attitude TEXT NOT NULL,
  result TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  evaluated_on TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (suggestion_id, round)
);

-- The timeline: every transition, contact and request, with who did it in which role.
CREATE TABLE suggestion_events (
  id {{pk}},
  suggestion_id BIGINT NOT NULL REFERENCES suggestions (id),
  at_ms BIGINT NOT NULL,
  actor TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX suggestion_events_by_suggestion ON suggestion_events (suggestion_id, id);

CREATE TABLE attachments (
  id {{pk}},
  owner_type TEXT NOT NULL,
  owner_id BIGINT NOT NULL,
  purpose TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at_ms BIGINT NOT NULL
);
CREATE INDEX attachments_by_owner ON attachments (owner_type, owner_id);

-- The in-app inbox. An event notifies each user once: (user_id, event_key) is unique and
-- rows are inserted with ON CONFLICT DO NOTHING, on one node or many.
CREATE TABLE notifications (
  id {{pk}},
  user_id BIGINT NOT NULL REFERENCES users (id),
  event_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  read_at_ms BIGINT,
  UNIQUE (user_id, event_key)
);
CREATE INDEX notifications_by_user ON notifications (user_id, read_at_ms, id);
