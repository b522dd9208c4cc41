-- Public submissions wait here between the citizen's receipt and their place in opinions:
-- one appended row each keeps the durable commit the citizen waits for small, and the
-- intake worker moves the rows into opinions (with every index, the timeline, the audit
-- row, the message and the notices) right after (docs/opinions.md, "Intake").
CREATE TABLE opinion_intake (
  id {{pk}},
  tracking_code TEXT NOT NULL UNIQUE,
  submission TEXT NOT NULL,         -- the checked opinion, as JSON
  received_at_ms BIGINT NOT NULL,
  attempts BIGINT NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);
