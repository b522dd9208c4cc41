#include "modules/suggestions/store.hpp"

#include <soci/soci.h>

#include <map>

#include "db/query.hpp"
#include "db/row.hpp"

namespace huying::suggestions::store {

namespace {

using db::get_int64;
using db::get_optional_int64;
using db::get_optional_string;
using db::get_string;

// Appends a bound value, or NULL when there is none.

constexpr const char* core_columns =
    "SELECT s.id, s.congress_id, s.year, s.number, s.title, s.content, s.category, s.period, "
    "s.session_id, s.publication, s.proposed_unit_id, COALESCE(u.name, ''), s.lead_mandate_id, "
    "s.lead_person_id, p.name, s.state, s.handling_mode, s.merge_group, s.round, s.return_reason, "
    "s.not_accepted_reason, s.not_accepted_note, s.assign_due, s.evaluation_due, s.rehandling_due, "
    "s.due_date, s.assessment_flag, s.close_reason, s.created_at_ms, s.updated_at_ms, "
    "s.submitted_at_ms, s.registered_at_ms, s.assigned_at_ms, s.closed_at_ms, s.version, "
    "s.source_opinion_id FROM suggestions s JOIN persons p ON p.id = s.lead_person_id "
    "LEFT JOIN units u ON u.id = s.proposed_unit_id ";

Suggestion suggestion_from(const soci::row& r) {
  Suggestion s;
  s.id = get_int64(r, 0);
  s.congress_id = get_int64(r, 1);
  s.year = get_int64(r, 2);
  s.number = get_optional_int64(r, 3);
  s.title = get_string(r, 4);
  s.content = get_string(r, 5);
  s.category = get_string(r, 6);
  s.period = get_string(r, 7);
  s.session_id = get_optional_int64(r, 8);
  s.publication = get_string(r, 9);
  s.proposed_unit_id = get_optional_int64(r, 10);
  s.proposed_unit_name = get_string(r, 11);
  s.lead = {get_int64(r, 12), get_int64(r, 13), get_string(r, 14)};
  s.state = get_string(r, 15);
  s.handling_mode = get_optional_string(r, 16);
  s.merge_group = get_optional_int64(r, 17);
  s.round = get_int64(r, 18);
  s.return_reason = get_string(r, 19);
  s.not_accepted_reason = get_string(r, 20);
  s.not_accepted_note = get_string(r, 21);
  s.assign_due = get_optional_string(r, 22);
  s.evaluation_due = get_optional_string(r, 23);
  s.rehandling_due = get_optional_string(r, 24);
  s.due_date = get_optional_string(r, 25);
  s.assessment_flag = get_int64(r, 26) != 0;
  s.close_reason = get_string(r, 27);
  s.created_at_ms = get_int64(r, 28);
  s.updated_at_ms = get_int64(r, 29);
  s.submitted_at_ms = get_optional_int64(r, 30);
  s.registered_at_ms = get_optional_int64(r, 31);
  s.assigned_at_ms = get_optional_int64(r, 32);
  s.closed_at_ms = get_optional_int64(r, 33);
  s.version = get_int64(r, 34);
  s.source_opinion_id = get_optional_int64(r, 35);
  return s;
}

constexpr const char* assignment_columns =
    "SELECT a.id, a.unit_id, un.name, a.role, a.state, a.assigned_on, a.reassign_until, a.view_due, "
    "a.answer_due, a.extended, a.view_text, a.view_at_ms, a.suggestion_id "
    "FROM suggestion_assignments a JOIN units un ON un.id = a.unit_id WHERE a.suggestion_id IN ";

Assignment assignment_from(const soci::row& r) {
  return {get_int64(r, 0),           get_int64(r, 1),           get_string(r, 2),
          get_string(r, 3),          get_string(r, 4),          get_string(r, 5),
          get_string(r, 6),          get_optional_string(r, 7), get_optional_string(r, 8),
          get_int64(r, 9) != 0,      get_optional_string(r, 10), get_optional_int64(r, 11)};
}

constexpr const char* cosigner_columns =
    "SELECT c.mandate_id, c.person_id, p.name, c.state, c.suggestion_id FROM suggestion_cosigners c "
    "JOIN persons p ON p.id = c.person_id WHERE c.suggestion_id IN ";

constexpr const char* request_columns =
    "SELECT r.id, r.assignment_id, un.name, r.kind, r.reason, r.until_date, r.state, r.decide_due, "
    "r.note, r.decided_at_ms, r.suggestion_id FROM suggestion_requests r "
    "JOIN suggestion_assignments a ON a.id = r.assignment_id JOIN units un ON un.id = a.unit_id "
    "WHERE r.suggestion_id IN ";

HandlingRequest request_from(const soci::row& r) {
  return {get_int64(r, 0),  get_int64(r, 1),           get_string(r, 2), get_string(r, 3),
          get_string(r, 4), get_optional_string(r, 5), get_string(r, 6), get_string(r, 7),
          get_string(r, 8), get_optional_int64(r, 9)};
}

void where(db::Query& q, const ListQuery& f) {
  q.text("WHERE ");
  if (f.box == "mine") {
    q.text("s.lead_person_id = ").value(f.person_id.value_or(0));
  } else if (f.box == "cosigning") {
    q.text("EXISTS (SELECT 1 FROM suggestion_cosigners c WHERE c.suggestion_id = s.id AND c.person_id = ")
        .value(f.person_id.value_or(0))
        .text(" AND c.state IN ('invited', 'confirmed'))");
  } else if (f.box == "unit") {
    q.text("EXISTS (SELECT 1 FROM suggestion_assignments a WHERE a.suggestion_id = s.id AND a.unit_id IN ")
        .values(f.unit_ids)
        .text(" AND a.state <> 'reassigned')");
  } else {
    q.text("s.state <> 'draft'");
    if (!f.all_congresses) q.text(" AND s.congress_id IN ").values(f.congress_ids);
  }
  if (f.state) q.text(" AND s.state = ").value(*f.state);
  if (f.category) q.text(" AND s.category = ").value(*f.category);
  if (f.congress_id) q.text(" AND s.congress_id = ").value(*f.congress_id);
  if (f.unit_id)
    q.text(" AND EXISTS (SELECT 1 FROM suggestion_assignments a2 WHERE a2.suggestion_id = s.id AND a2.unit_id = ")
        .value(*f.unit_id)
        .text(" AND a2.state <> 'reassigned')");
  if (f.due == "overdue") q.text(" AND s.due_date < ").value(f.today);
  if (f.due == "due_soon")
    q.text(" AND s.due_date >= ").value(f.today).text(" AND s.due_date <= ").value(f.soon_until);
  if (f.q) {
    std::string like;
    for (char c : *f.q)
      if (c != '%' && c != '_' && c != '\\') like += c;
    q.text(" AND (s.title LIKE ").value("%" + like + "%").text(" OR p.name LIKE ").value("%" + like + "%").text(")");
  }
}

std::vector<std::int64_t> ids_of(const std::vector<Suggestion>& items) {
  std::vector<std::int64_t> ids;
  for (const auto& i : items) ids.push_back(i.id);
  return ids;
}

std::optional<std::int64_t> first_int(db::Query q, soci::session& s) {
  for (const auto& r : q.rows(s)) return get_optional_int64(r, 0);
  return std::nullopt;
}

}  // namespace

std::int64_t insert(soci::session& tx, const Suggestion& s) {
  db::Query q(
      "INSERT INTO suggestions (congress_id, year, title, content, category, period, session_id, "
      "publication, proposed_unit_id, lead_mandate_id, lead_person_id, state, created_at_ms, "
      "updated_at_ms, source_opinion_id) VALUES (");
  q.value(s.congress_id).text(", ").value(s.year).text(", ").value(s.title).text(", ")
      .value(s.content).text(", ").value(s.category).text(", ").value(s.period).text(", ");
  q.value_or_null(s.session_id).text(", ").value(s.publication).text(", ");
  q.value_or_null(s.proposed_unit_id).text(", ").value(s.lead.mandate_id).text(", ").value(s.lead.person_id)
      .text(", ").value(s.state).text(", ").value(s.created_at_ms).text(", ").value(s.updated_at_ms).text(", ");
  q.value_or_null(s.source_opinion_id).text(")");
  q.execute(tx);
  db::Query last("SELECT MAX(id) FROM suggestions WHERE lead_person_id = ");
  last.value(s.lead.person_id).text(" AND created_at_ms = ").value(s.created_at_ms);
  return first_int(last, tx).value_or(0);
}

bool save(soci::session& tx, const Suggestion& s, std::int64_t expected_version) {
  db::Query q("UPDATE suggestions SET number = ");
  q.value_or_null(s.number).text(", year = ").value(s.year).text(", title = ").value(s.title)
      .text(", content = ").value(s.content).text(", category = ").value(s.category)
      .text(", period = ").value(s.period).text(", session_id = ");
  q.value_or_null(s.session_id).text(", publication = ").value(s.publication).text(", proposed_unit_id = ");
  q.value_or_null(s.proposed_unit_id).text(", state = ").value(s.state).text(", handling_mode = ");
  q.value_or_null(s.handling_mode).text(", merge_group = ");
  q.value_or_null(s.merge_group).text(", round = ").value(s.round).text(", return_reason = ")
      .value(s.return_reason).text(", not_accepted_reason = ").value(s.not_accepted_reason)
      .text(", not_accepted_note = ").value(s.not_accepted_note).text(", assign_due = ");
  q.value_or_null(s.assign_due).text(", evaluation_due = ");
  q.value_or_null(s.evaluation_due).text(", rehandling_due = ");
  q.value_or_null(s.rehandling_due).text(", due_date = ");
  q.value_or_null(s.due_date).text(", assessment_flag = ").value(s.assessment_flag ? 1 : 0)
      .text(", close_reason = ").value(s.close_reason).text(", updated_at_ms = ").value(s.updated_at_ms)
      .text(", submitted_at_ms = ");
  q.value_or_null(s.submitted_at_ms).text(", registered_at_ms = ");
  q.value_or_null(s.registered_at_ms).text(", assigned_at_ms = ");
  q.value_or_null(s.assigned_at_ms).text(", closed_at_ms = ");
  q.value_or_null(s.closed_at_ms).text(", version = ").value(expected_version + 1)
      .text(" WHERE id = ").value(s.id).text(" AND version = ").value(expected_version);
  return q.execute(tx) == 1;
}

std::optional<Suggestion> find(soci::session& s, std::int64_t id) {
  db::Query q(std::string(core_columns) + "WHERE s.id = ");
  q.value(id);
  for (const auto& r : q.rows(s)) return suggestion_from(r);
  return std::nullopt;
}

void load_list_details(soci::session& s, std::vector<Suggestion>& items) {
  if (items.empty()) return;
  std::map<std::int64_t, Suggestion*> by_id;
  for (auto& i : items) by_id[i.id] = &i;
  auto ids = ids_of(items);
  {
    db::Query q(cosigner_columns);
    q.values(ids).text(" ORDER BY c.invited_at_ms, c.mandate_id");
    for (const auto& r : q.rows(s))
      by_id[get_int64(r, 4)]->cosigners.push_back(
          {get_int64(r, 0), get_int64(r, 1), get_string(r, 2), get_string(r, 3)});
  }
  {
    db::Query q(assignment_columns);
    q.values(ids).text(" ORDER BY a.id");
    for (const auto& r : q.rows(s)) by_id[get_int64(r, 12)]->assignments.push_back(assignment_from(r));
  }
  {
    db::Query q(request_columns);
    q.values(ids).text(" ORDER BY r.id");
    for (const auto& r : q.rows(s)) by_id[get_int64(r, 10)]->requests.push_back(request_from(r));
  }
  {
    db::Query q(
        "SELECT a.id, a.assignment_id, sa.unit_id, un.name, a.round, a.answer_class, a.text, a.plan, "
        "a.plan_date, a.reasons, a.signed_by, a.answered_on, a.attachment_id, a.suggestion_id FROM suggestion_answers a "
        "JOIN suggestion_assignments sa ON sa.id = a.assignment_id JOIN units un ON un.id = sa.unit_id "
        "WHERE a.suggestion_id IN ");
    q.values(ids).text(" ORDER BY a.id");
    for (const auto& r : q.rows(s))
      by_id[get_int64(r, 13)]->answers.push_back({get_int64(r, 0), get_int64(r, 1), get_int64(r, 2), get_string(r, 3),
                              get_int64(r, 4), get_string(r, 5), get_string(r, 6), get_string(r, 7),
                              get_optional_string(r, 8), get_string(r, 9), get_string(r, 10),
                              get_string(r, 11), get_optional_int64(r, 12)});
  }
  {
    db::Query q(
        "SELECT round, attitude, result, comment, evaluated_on, suggestion_id FROM suggestion_evaluations "
        "WHERE suggestion_id IN ");
    q.values(ids).text(" ORDER BY round");
    for (const auto& r : q.rows(s))
      by_id[get_int64(r, 5)]->evaluations.push_back(
          {get_int64(r, 0), get_string(r, 1), get_string(r, 2), get_string(r, 3), get_string(r, 4)});
  }
}

void load_details(soci::session& s, Suggestion& item) {
  std::vector<Suggestion> one{std::move(item)};
  load_list_details(s, one);
  item = std::move(one.front());
  {
    db::Query q(
        "SELECT c.id, c.assignment_id, un.name, c.method, c.contact_date, c.note, c.recorded_by "
        "FROM suggestion_contacts c JOIN suggestion_assignments sa ON sa.id = c.assignment_id "
        "JOIN units un ON un.id = sa.unit_id WHERE c.suggestion_id = ");
    q.value(item.id).text(" ORDER BY c.id");
    for (const auto& r : q.rows(s))
      item.contacts.push_back({get_int64(r, 0), get_int64(r, 1), get_string(r, 2), get_string(r, 3),
                               get_string(r, 4), get_string(r, 5), get_string(r, 6)});
  }
  if (item.merge_group) {
    db::Query q("SELECT id, number, title FROM suggestions WHERE merge_group = ");
    q.value(*item.merge_group).text(" AND id <> ").value(item.id).text(" ORDER BY id");
    for (const auto& r : q.rows(s))
      item.merged_with.push_back({get_int64(r, 0), get_optional_int64(r, 1), get_string(r, 2)});
  }
}

std::vector<Suggestion> list(soci::session& s, const ListQuery& f) {
  db::Query q(core_columns);
  where(q, f);
  if (f.sort == "due_date")
    q.text(" ORDER BY CASE WHEN s.due_date IS NULL THEN 1 ELSE 0 END, s.due_date, s.id");
  else if (f.sort == "number")
    q.text(" ORDER BY s.year DESC, CASE WHEN s.number IS NULL THEN 1 ELSE 0 END, s.number, s.id");
  else
    q.text(" ORDER BY s.updated_at_ms DESC, s.id DESC");
  q.text(" LIMIT ").value(f.limit).text(" OFFSET ").value(f.offset);
  std::vector<Suggestion> out;
  for (const auto& r : q.rows(s)) out.push_back(suggestion_from(r));
  load_list_details(s, out);
  return out;
}

std::int64_t count(soci::session& s, const ListQuery& f) {
  db::Query q("SELECT COUNT(*) FROM suggestions s JOIN persons p ON p.id = s.lead_person_id ");
  where(q, f);
  return q.count(s);
}

void put_cosigner(soci::session& tx, std::int64_t suggestion_id, const Cosigner& c, std::int64_t now_ms) {
  remove_cosigner(tx, suggestion_id, c.mandate_id);
  db::Query("INSERT INTO suggestion_cosigners (suggestion_id, mandate_id, person_id, state, invited_at_ms) VALUES (")
      .value(suggestion_id).text(", ").value(c.mandate_id).text(", ").value(c.person_id).text(", ")
      .value(c.state).text(", ").value(now_ms).text(")")
      .execute(tx);
}

void remove_cosigner(soci::session& tx, std::int64_t suggestion_id, std::int64_t mandate_id) {
  db::Query("DELETE FROM suggestion_cosigners WHERE suggestion_id = ")
      .value(suggestion_id).text(" AND mandate_id = ").value(mandate_id)
      .execute(tx);
}

void set_cosigner_state(soci::session& tx, std::int64_t suggestion_id, std::int64_t mandate_id,
                        const std::string& state, std::int64_t now_ms) {
  db::Query("UPDATE suggestion_cosigners SET state = ")
      .value(state).text(", responded_at_ms = ").value(now_ms)
      .text(" WHERE suggestion_id = ").value(suggestion_id).text(" AND mandate_id = ").value(mandate_id)
      .execute(tx);
}

std::int64_t insert_assignment(soci::session& tx, std::int64_t suggestion_id, const Assignment& a,
                               std::int64_t now_ms) {
  db::Query q(
      "INSERT INTO suggestion_assignments (suggestion_id, unit_id, role, state, assigned_on, "
      "reassign_until, view_due, answer_due, extended, created_at_ms) VALUES (");
  q.value(suggestion_id).text(", ").value(a.unit_id).text(", ").value(a.role).text(", ").value(a.state)
      .text(", ").value(a.assigned_on).text(", ").value(a.reassign_until).text(", ");
  q.value_or_null(a.view_due).text(", ");
  q.value_or_null(a.answer_due).text(", ").value(a.extended ? 1 : 0).text(", ").value(now_ms).text(")");
  q.execute(tx);
  db::Query last("SELECT MAX(id) FROM suggestion_assignments WHERE suggestion_id = ");
  last.value(suggestion_id).text(" AND unit_id = ").value(a.unit_id);
  return first_int(last, tx).value_or(0);
}

void update_assignment(soci::session& tx, const Assignment& a) {
  db::Query q("UPDATE suggestion_assignments SET state = ");
  q.value(a.state).text(", answer_due = ");
  q.value_or_null(a.answer_due).text(", view_due = ");
  q.value_or_null(a.view_due).text(", extended = ").value(a.extended ? 1 : 0).text(", view_text = ");
  q.value_or_null(a.view_text).text(", view_at_ms = ");
  q.value_or_null(a.view_at_ms).text(" WHERE id = ").value(a.id);
  q.execute(tx);
}

void insert_answer(soci::session& tx, std::int64_t suggestion_id, const Answer& a, std::int64_t now_ms) {
  db::Query q(
      "INSERT INTO suggestion_answers (suggestion_id, assignment_id, round, answer_class, text, plan, "
      "plan_date, reasons, signed_by, answered_on, attachment_id, created_at_ms) VALUES (");
  q.value(suggestion_id).text(", ").value(a.assignment_id).text(", ").value(a.round).text(", ")
      .value(a.answer_class).text(", ").value(a.text).text(", ").value(a.plan).text(", ");
  q.value_or_null(a.plan_date).text(", ").value(a.reasons).text(", ").value(a.signed_by).text(", ")
      .value(a.answered_on).text(", ");
  q.value_or_null(a.attachment_id).text(", ").value(now_ms).text(")");
  q.execute(tx);
}

void insert_contact(soci::session& tx, std::int64_t suggestion_id, const Contact& c, std::int64_t now_ms) {
  db::Query(
      "INSERT INTO suggestion_contacts (suggestion_id, assignment_id, method, contact_date, note, "
      "recorded_by, created_at_ms) VALUES (")
      .value(suggestion_id).text(", ").value(c.assignment_id).text(", ").value(c.method).text(", ")
      .value(c.date).text(", ").value(c.note).text(", ").value(c.recorded_by).text(", ").value(now_ms)
      .text(")")
      .execute(tx);
}

void insert_request(soci::session& tx, std::int64_t suggestion_id, const HandlingRequest& r,
                    std::int64_t now_ms) {
  db::Query q(
      "INSERT INTO suggestion_requests (suggestion_id, assignment_id, kind, reason, until_date, state, "
      "decide_due, created_at_ms) VALUES (");
  q.value(suggestion_id).text(", ").value(r.assignment_id).text(", ").value(r.kind).text(", ")
      .value(r.reason).text(", ");
  q.value_or_null(r.until).text(", ").value(r.state).text(", ").value(r.decide_due).text(", ").value(now_ms).text(")");
  q.execute(tx);
}

void update_request(soci::session& tx, const HandlingRequest& r) {
  db::Query q("UPDATE suggestion_requests SET state = ");
  q.value(r.state).text(", note = ").value(r.note).text(", decided_at_ms = ");
  q.value_or_null(r.decided_at_ms).text(" WHERE id = ").value(r.id);
  q.execute(tx);
}

void insert_evaluation(soci::session& tx, std::int64_t suggestion_id, const Evaluation& e,
                       std::int64_t now_ms) {
  db::Query(
      "INSERT INTO suggestion_evaluations (suggestion_id, round, attitude, result, comment, "
      "evaluated_on, created_at_ms) VALUES (")
      .value(suggestion_id).text(", ").value(e.round).text(", ").value(e.attitude).text(", ")
      .value(e.result).text(", ").value(e.comment).text(", ").value(e.evaluated_on).text(", ")
      .value(now_ms).text(")")
      .execute(tx);
}

void insert_event(soci::session& tx, std::int64_t suggestion_id, const Event& e) {
  db::Query(
      "INSERT INTO suggestion_events (suggestion_id, at_ms, actor, actor_name, role, action, note) VALUES (")
      .value(suggestion_id).text(", ").value(e.at_ms).text(", ").value(e.actor).text(", ")
      .value(e.actor_name).text(", ").value(e.role).text(", ").value(e.action).text(", ").value(e.note)
      .text(")")
      .execute(tx);
}

std::vector<Event> events(soci::session& s, std::int64_t suggestion_id) {
  db::Query q("SELECT at_ms, actor, actor_name, role, action, note FROM suggestion_events WHERE suggestion_id = ");
  q.value(suggestion_id).text(" ORDER BY id");
  std::vector<Event> out;
  for (const auto& r : q.rows(s))
    out.push_back({get_int64(r, 0), get_string(r, 1), get_string(r, 2), get_string(r, 3),
                   get_string(r, 4), get_string(r, 5)});
  return out;
}

std::int64_t next_number(soci::session& tx, std::int64_t congress_id, std::int64_t year) {
  db::Query("INSERT INTO suggestion_numbers (congress_id, year, last_number) VALUES (")
      .value(congress_id).text(", ").value(year).text(", 0) ON CONFLICT (congress_id, year) DO NOTHING")
      .execute(tx);
  // The update takes the row lock on PostgreSQL, so that concurrent registrations queue.
  db::Query("UPDATE suggestion_numbers SET last_number = last_number + 1 WHERE congress_id = ")
      .value(congress_id).text(" AND year = ").value(year)
      .execute(tx);
  db::Query q("SELECT last_number FROM suggestion_numbers WHERE congress_id = ");
  q.value(congress_id).text(" AND year = ").value(year);
  return first_int(q, tx).value_or(0);
}

std::optional<MandateInfo> find_mandate(soci::session& s, std::int64_t mandate_id) {
  db::Query q("SELECT m.id, m.person_id, p.name, m.congress_id, m.status FROM mandates m "
              "JOIN persons p ON p.id = m.person_id WHERE m.id = ");
  q.value(mandate_id);
  for (const auto& r : q.rows(s))
    return MandateInfo{{get_int64(r, 0), get_int64(r, 1), get_string(r, 2)}, get_int64(r, 3), get_string(r, 4)};
  return std::nullopt;
}

std::optional<Deputy> serving_mandate(soci::session& s, std::int64_t person_id, std::int64_t congress_id) {
  db::Query q("SELECT m.id, m.person_id, p.name FROM mandates m JOIN persons p ON p.id = m.person_id "
              "WHERE m.person_id = ");
  q.value(person_id).text(" AND m.congress_id = ").value(congress_id)
      .text(" AND m.status = 'serving' ORDER BY m.term_number DESC LIMIT 1");
  for (const auto& r : q.rows(s)) return Deputy{get_int64(r, 0), get_int64(r, 1), get_string(r, 2)};
  return std::nullopt;
}

std::vector<MandateOfPerson> serving_mandates(soci::session& s, std::int64_t person_id) {
  db::Query q("SELECT m.id, m.congress_id, m.term_number, c.name FROM mandates m "
              "JOIN congresses c ON c.id = m.congress_id WHERE m.person_id = ");
  q.value(person_id).text(" AND m.status = 'serving' ORDER BY m.congress_id, m.term_number");
  std::vector<MandateOfPerson> out;
  for (const auto& r : q.rows(s))
    out.push_back({get_int64(r, 0), get_int64(r, 1), get_int64(r, 2), get_string(r, 3)});
  return out;
}

std::optional<std::int64_t> person_of_user(soci::session& s, std::int64_t user_id) {
  db::Query q("SELECT person_id FROM users WHERE id = ");
  q.value(user_id);
  return first_int(q, s);
}

std::string display_name(soci::session& s, std::int64_t user_id) {
  db::Query q("SELECT display_name FROM users WHERE id = ");
  q.value(user_id);
  for (const auto& r : q.rows(s)) return get_string(r, 0);
  return "";
}

std::optional<UnitInfo> find_unit(soci::session& s, std::int64_t id) {
  db::Query q("SELECT id, congress_id, name, active FROM units WHERE id = ");
  q.value(id);
  for (const auto& r : q.rows(s))
    return UnitInfo{get_int64(r, 0), get_int64(r, 1), get_string(r, 2), get_int64(r, 3) != 0};
  return std::nullopt;
}

std::optional<std::string> congress_time_zone(soci::session& s, std::int64_t congress_id) {
  db::Query q("SELECT time_zone FROM congresses WHERE id = ");
  q.value(congress_id);
  for (const auto& r : q.rows(s)) return get_string(r, 0);
  return std::nullopt;
}

std::optional<std::int64_t> congress_of_scope(soci::session& s, const std::string& scope_type, std::int64_t id) {
  // Table names come from this choice only, never from input.
  if (scope_type != "unit" && scope_type != "station") return std::nullopt;
  db::Query q(scope_type == "unit" ? "SELECT congress_id FROM units WHERE id = " : "SELECT congress_id FROM stations WHERE id = ");
  q.value(id);
  return first_int(q, s);
}

bool session_of_congress(soci::session& s, std::int64_t session_id, std::int64_t congress_id) {
  db::Query q("SELECT COUNT(*) FROM congress_sessions WHERE id = ");
  q.value(session_id).text(" AND congress_id = ").value(congress_id);
  return q.count(s) > 0;
}

StoredSettings settings(soci::session& s, std::int64_t congress_id) {
  db::Query q("SELECT settings, version FROM suggestion_settings WHERE congress_id = ");
  q.value(congress_id);
  for (const auto& r : q.rows(s)) return {get_string(r, 0), get_int64(r, 1)};
  return {};
}

bool save_settings(soci::session& tx, std::int64_t congress_id, const std::string& json,
                   std::int64_t expected_version, std::int64_t now_ms) {
  if (settings(tx, congress_id).version == 0) {
    // Henan's defaults are version 1 of every congress's settings; the first save is 2.
    if (expected_version != 1) return false;
    db::Query("INSERT INTO suggestion_settings (congress_id, settings, version, updated_at_ms) VALUES (")
        .value(congress_id).text(", ").value(json).text(", 2, ").value(now_ms).text(")")
        .execute(tx);
    return true;
  }
  return db::Query("UPDATE suggestion_settings SET settings = ")
             .value(json).text(", version = version + 1, updated_at_ms = ").value(now_ms)
             .text(" WHERE congress_id = ").value(congress_id).text(" AND version = ").value(expected_version)
             .execute(tx) == 1;
}

std::vector<Due> answered_before(soci::session& s, const std::string& latest_due) {
  db::Query q("SELECT id, congress_id, version, id, 0, evaluation_due, title FROM suggestions "
              "WHERE state = 'answered' AND evaluation_due < ");
  q.value(latest_due).text(" ORDER BY id");
  std::vector<Due> out;
  for (const auto& r : q.rows(s))
    out.push_back({get_int64(r, 0), get_int64(r, 1), get_int64(r, 2), get_int64(r, 3), get_int64(r, 4),
                   get_string(r, 5), get_string(r, 6)});
  return out;
}

namespace {
std::vector<Due> dues(soci::session& s, db::Query q) {
  std::vector<Due> out;
  for (const auto& r : q.rows(s))
    out.push_back({get_int64(r, 0), get_int64(r, 1), get_int64(r, 2), get_int64(r, 3), get_int64(r, 4),
                   get_string(r, 5), get_string(r, 6)});
  return out;
}
}  // namespace

std::vector<Due> open_answer_deadlines(soci::session& s, const std::string& until) {
  db::Query q("SELECT s.id, s.congress_id, s.version, a.id, a.unit_id, a.answer_due, s.title "
              "FROM suggestion_assignments a JOIN suggestions s ON s.id = a.suggestion_id "
              "WHERE a.state IN ('pending', 'accepted') AND a.role <> 'co' AND a.answer_due <= ");
  q.value(until).text(" AND s.state IN ('assigned', 'rehandling') ORDER BY a.id");
  return dues(s, std::move(q));
}

std::vector<Due> open_assign_deadlines(soci::session& s, const std::string& until) {
  db::Query q("SELECT id, congress_id, version, id, 0, assign_due, title FROM suggestions "
              "WHERE state = 'registered' AND assign_due <= ");
  q.value(until).text(" ORDER BY id");
  return dues(s, std::move(q));
}

std::vector<Due> open_request_deadlines(soci::session& s, const std::string& until) {
  db::Query q("SELECT s.id, s.congress_id, s.version, r.id, 0, r.decide_due, s.title "
              "FROM suggestion_requests r JOIN suggestions s ON s.id = r.suggestion_id "
              "WHERE r.state = 'pending' AND r.decide_due <= ");
  q.value(until).text(" ORDER BY r.id");
  return dues(s, std::move(q));
}

}  // namespace huying::suggestions::store
