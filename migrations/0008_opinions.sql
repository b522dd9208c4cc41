-- Citizens' opinions (群众意见) at liaison stations and to deputies, reception days (接待日)
-- and the outbound messages that tell citizens what became of their opinion.

CREATE TABLE receptions (
  id {{pk}},
  station_id BIGINT NOT NULL REFERENCES stations (id),
  reception_date TEXT NOT NULL,
  people_received BIGINT NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX receptions_by_station ON receptions (station_id, reception_date);

CREATE TABLE reception_attendees (
  reception_id BIGINT NOT NULL REFERENCES receptions (id),
  mandate_id BIGINT NOT NULL REFERENCES mandates (id),
  PRIMARY KEY (reception_id, mandate_id)
);

CREATE TABLE opinions (
  id {{pk}},
  tracking_code TEXT NOT NULL UNIQUE,  -- 10 characters, random; shown as XXXX-XXXX-XX
  congress_id BIGINT NOT NULL REFERENCES congresses (id),
  station_id BIGINT REFERENCES stations (id),
  mandate_id BIGINT REFERENCES mandates (id),
  deputy_person_id BIGINT REFERENCES persons (id),
  reception_id BIGINT REFERENCES receptions (id),
  channel TEXT NOT NULL CHECK (channel IN ('online', 'qr', 'reception', 'phone', 'letter', 'hotline')),
  category TEXT NOT NULL,
  title TEXT NOT NULL,
  content TEXT NOT NULL,
  citizen_name TEXT NOT NULL,
  citizen_mobile TEXT NOT NULL,
  mobile_last4 TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  publish SMALLINT NOT NULL DEFAULT 0,
  state TEXT NOT NULL CHECK (state IN ('received', 'accepted', 'rejected', 'answered_on_spot',
                                       'referred', 'escalated', 'replied', 'closed')),
  reject_reason TEXT NOT NULL DEFAULT '',
  guidance TEXT NOT NULL DEFAULT '',
  unit_id BIGINT REFERENCES units (id),
  referral_due TEXT,
  unit_reply TEXT,
  unit_replied_at_ms BIGINT,
  reply TEXT,            -- what the citizen reads: the on-the-spot answer or the reply
  replied_at_ms BIGINT,
  replied_on TEXT,
  suggestion_id BIGINT REFERENCES suggestions (id),
  rating TEXT,
  rating_comment TEXT NOT NULL DEFAULT '',
  rated_at_ms BIGINT,
  reopened SMALLINT NOT NULL DEFAULT 0,
  accept_due TEXT NOT NULL,
  due_date TEXT,         -- the nearest open deadline, for due filters and boards
  received_at_ms BIGINT NOT NULL,
  first_response_at_ms BIGINT,
  updated_at_ms BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
-- Boards list a box newest change first; statistics count a congress's year by receipt.
CREATE INDEX opinions_by_station ON opinions (station_id, updated_at_ms, id);
CREATE INDEX opinions_by_deputy ON opinions (deputy_person_id, updated_at_ms, id);
CREATE INDEX opinions_by_unit ON opinions (unit_id, updated_at_ms, id);
CREATE INDEX opinions_by_congress ON opinions (congress_id, updated_at_ms, id);
CREATE INDEX opinions_by_received ON opinions (congress_id, received_at_ms);
CREATE INDEX opinions_by_due ON opinions (congress_id, due_date);
CREATE INDEX opinions_by_reception ON opinions (reception_id);
CREATE INDEX opinions_by_suggestion ON opinions (suggestion_id);

CREATE TABLE opinion_events (
  id {{pk}},
  opinion_id BIGINT NOT NULL REFERENCES opinions (id),
  at_ms BIGINT NOT NULL,
  actor TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  state TEXT NOT NULL,     -- the state after the step, for the citizen's status page
  note TEXT NOT NULL DEFAULT '',
  public_note TEXT NOT NULL DEFAULT ''  -- what the citizen may read of it
);
CREATE INDEX opinion_events_by_opinion ON opinion_events (opinion_id, id);

-- The suggestion an opinion was escalated into knows where it came from.
ALTER TABLE suggestions ADD COLUMN source_opinion_id BIGINT;

-- Messages to citizens (SMS in real deployments), sent after the change commits by a
-- worker that claims them here, so that several nodes never send one twice at once.
CREATE TABLE message_deliveries (
  id {{pk}},
  opinion_id BIGINT REFERENCES opinions (id),
  recipient TEXT NOT NULL,
  text TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
  attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at_ms BIGINT NOT NULL,
  claimed_until_ms BIGINT NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  created_at_ms BIGINT NOT NULL,
  sent_at_ms BIGINT
);
CREATE INDEX message_deliveries_due ON message_deliveries (state, next_attempt_at_ms);
