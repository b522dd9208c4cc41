#include "modules/opinions/store.hpp"

#include <soci/soci.h>

#include "db/query.hpp"
#include "db/row.hpp"

namespace huying::opinions::store {

namespace {

using db::get_int64;
using db::get_optional_int64;
using db::get_optional_string;
using db::get_string;


constexpr const char* columns =
    "SELECT o.id, o.tracking_code, o.congress_id, o.station_id, o.mandate_id, o.deputy_person_id, "
    "o.reception_id, COALESCE(st.name, ''), COALESCE(p.name, ''), o.channel, o.category, o.title, "
    "o.content, o.citizen_name, o.citizen_mobile, o.mobile_last4, o.location, o.publish, o.state, "
    "o.reject_reason, o.guidance, o.unit_id, COALESCE(un.name, ''), o.referral_due, o.unit_reply, "
    "o.unit_replied_at_ms, o.reply, o.replied_at_ms, o.replied_on, o.suggestion_id, o.rating, "
    "o.rating_comment, o.rated_at_ms, o.reopened, o.accept_due, o.due_date, o.received_at_ms, "
    "o.first_response_at_ms, o.updated_at_ms, o.created_by, o.version "
    "FROM opinions o LEFT JOIN stations st ON st.id = o.station_id "
    "LEFT JOIN persons p ON p.id = o.deputy_person_id LEFT JOIN units un ON un.id = o.unit_id ";

Opinion opinion_from(const soci::row& r) {
  Opinion o;
  o.id = get_int64(r, 0);
  o.tracking_code = get_string(r, 1);
  o.congress_id = get_int64(r, 2);
  o.station_id = get_optional_int64(r, 3);
  o.mandate_id = get_optional_int64(r, 4);
  o.deputy_person_id = get_optional_int64(r, 5);
  o.reception_id = get_optional_int64(r, 6);
  o.station_name = get_string(r, 7);
  o.deputy_name = get_string(r, 8);
  o.channel = get_string(r, 9);
  o.category = get_string(r, 10);
  o.title = get_string(r, 11);
  o.content = get_string(r, 12);
  o.citizen_name = get_string(r, 13);
  o.citizen_mobile = get_string(r, 14);
  o.mobile_last4 = get_string(r, 15);
  o.location = get_string(r, 16);
  o.publish = get_int64(r, 17) != 0;
  o.state = get_string(r, 18);
  o.reject_reason = get_string(r, 19);
  o.guidance = get_string(r, 20);
  o.unit_id = get_optional_int64(r, 21);
  o.unit_name = get_string(r, 22);
  o.referral_due = get_optional_string(r, 23);
  o.unit_reply = get_optional_string(r, 24);
  o.unit_replied_at_ms = get_optional_int64(r, 25);
  o.reply = get_optional_string(r, 26);
  o.replied_at_ms = get_optional_int64(r, 27);
  o.replied_on = get_optional_string(r, 28);
  o.suggestion_id = get_optional_int64(r, 29);
  o.rating = get_optional_string(r, 30);
  o.rating_comment = get_string(r, 31);
  o.rated_at_ms = get_optional_int64(r, 32);
  o.reopened = get_int64(r, 33) != 0;
  o.accept_due = get_string(r, 34);
  o.due_date = get_optional_string(r, 35);
  o.received_at_ms = get_int64(r, 36);
  o.first_response_at_ms = get_optional_int64(r, 37);
  o.updated_at_ms = get_int64(r, 38);
  o.created_by = get_string(r, 39);
  o.version = get_int64(r, 40);
  return o;
}

std::optional<Opinion> first(db::Query q, soci::session& s) {
  for (const auto& r : q.rows(s)) return opinion_from(r);
  return std::nullopt;
}

void where(db::Query& q, const ListQuery& f) {
  q.text("WHERE ");
  if (f.box == "station") q.text("o.station_id IN ").values(f.station_ids);
  else if (f.box == "mine") q.text("o.deputy_person_id = ").value(f.person_id.value_or(0));
  else if (f.box == "unit") q.text("o.unit_id IN ").values(f.unit_ids);
  else if (f.box == "published") q.text("o.publish = 1 AND o.state IN ('answered_on_spot', 'replied', 'closed')");
  else if (f.all_congresses) q.text("1 = 1");
  else q.text("o.congress_id IN ").values(f.congress_ids);
  if (f.state) q.text(" AND o.state = ").value(*f.state);
  if (f.channel) q.text(" AND o.channel = ").value(*f.channel);
  if (f.category) q.text(" AND o.category = ").value(*f.category);
  if (f.station_id) q.text(" AND o.station_id = ").value(*f.station_id);
  if (f.reception_id) q.text(" AND o.reception_id = ").value(*f.reception_id);
  if (f.due == "overdue") q.text(" AND o.due_date < ").value(f.today);
  if (f.due == "due_soon") q.text(" AND o.due_date >= ").value(f.today).text(" AND o.due_date <= ").value(f.soon_until);
  if (f.q) {
    std::string like;
    for (char c : *f.q)
      if (c != '%' && c != '_' && c != '\\') like += c;
    q.text(" AND o.title LIKE ").value("%" + like + "%");
  }
}

}  // namespace

std::int64_t insert(soci::session& tx, const Opinion& o) {
  db::Query q(
      "INSERT INTO opinions (tracking_code, congress_id, station_id, mandate_id, deputy_person_id, "
      "reception_id, channel, category, title, content, citizen_name, citizen_mobile, mobile_last4, "
      "location, publish, state, accept_due, due_date, received_at_ms, updated_at_ms, created_by) VALUES (");
  q.value(o.tracking_code).text(", ").value(o.congress_id).text(", ");
  q.value_or_null(o.station_id).text(", ");
  q.value_or_null(o.mandate_id).text(", ");
  q.value_or_null(o.deputy_person_id).text(", ");
  q.value_or_null(o.reception_id).text(", ").value(o.channel).text(", ").value(o.category).text(", ")
      .value(o.title).text(", ").value(o.content).text(", ").value(o.citizen_name).text(", ")
      .value(o.citizen_mobile).text(", ").value(o.mobile_last4).text(", ").value(o.location).text(", ")
      .value(o.publish ? 1 : 0).text(", ").value(o.state).text(", ").value(o.accept_due).text(", ");
  q.value_or_null(o.due_date).text(", ").value(o.received_at_ms).text(", ").value(o.updated_at_ms).text(", ")
      .value(o.created_by).text(") RETURNING id");
  for (const auto& r : q.rows(tx)) return get_int64(r, 0);
  return 0;
}

bool save(soci::session& tx, const Opinion& o, std::int64_t expected_version) {
  db::Query q("UPDATE opinions SET state = ");
  q.value(o.state).text(", reject_reason = ").value(o.reject_reason).text(", guidance = ").value(o.guidance)
      .text(", unit_id = ");
  q.value_or_null(o.unit_id).text(", referral_due = ");
  q.value_or_null(o.referral_due).text(", unit_reply = ");
  q.value_or_null(o.unit_reply).text(", unit_replied_at_ms = ");
  q.value_or_null(o.unit_replied_at_ms).text(", reply = ");
  q.value_or_null(o.reply).text(", replied_at_ms = ");
  q.value_or_null(o.replied_at_ms).text(", replied_on = ");
  q.value_or_null(o.replied_on).text(", suggestion_id = ");
  q.value_or_null(o.suggestion_id).text(", rating = ");
  q.value_or_null(o.rating).text(", rating_comment = ").value(o.rating_comment).text(", rated_at_ms = ");
  q.value_or_null(o.rated_at_ms).text(", reopened = ").value(o.reopened ? 1 : 0).text(", due_date = ");
  q.value_or_null(o.due_date).text(", first_response_at_ms = ");
  q.value_or_null(o.first_response_at_ms).text(", updated_at_ms = ").value(o.updated_at_ms)
      .text(", version = ").value(expected_version + 1)
      .text(" WHERE id = ").value(o.id).text(" AND version = ").value(expected_version);
  return q.execute(tx) == 1;
}

std::optional<Opinion> find(soci::session& s, std::int64_t id) {
  db::Query q(std::string(columns) + "WHERE o.id = ");
  q.value(id);
  return first(std::move(q), s);
}

std::optional<Opinion> find_by_code(soci::session& s, const std::string& code) {
  db::Query q(std::string(columns) + "WHERE o.tracking_code = ");
  q.value(code);
  return first(std::move(q), s);
}

std::optional<Opinion> find_for_tracking(soci::session& s, const std::string& code) {
  db::Query q(
      "SELECT o.id, o.congress_id, o.state, o.title, o.content, o.category, o.received_at_ms, "
      "COALESCE(st.name, ''), COALESCE(p.name, ''), o.guidance, o.reply, o.replied_at_ms, o.unit_id, "
      "COALESCE(un.name, ''), o.rating, o.rating_comment, o.rated_at_ms, o.mobile_last4 "
      "FROM opinions o LEFT JOIN stations st ON st.id = o.station_id "
      "LEFT JOIN persons p ON p.id = o.deputy_person_id LEFT JOIN units un ON un.id = o.unit_id "
      "WHERE o.tracking_code = ");
  q.value(code);
  for (const auto& r : q.rows(s)) {
    Opinion o;
    o.tracking_code = code;
    o.id = get_int64(r, 0);
    o.congress_id = get_int64(r, 1);
    o.state = get_string(r, 2);
    o.title = get_string(r, 3);
    o.content = get_string(r, 4);
    o.category = get_string(r, 5);
    o.received_at_ms = get_int64(r, 6);
    o.station_name = get_string(r, 7);
    o.deputy_name = get_string(r, 8);
    o.guidance = get_string(r, 9);
    o.reply = get_optional_string(r, 10);
    o.replied_at_ms = get_optional_int64(r, 11);
    o.unit_id = get_optional_int64(r, 12);
    o.unit_name = get_string(r, 13);
    o.rating = get_optional_string(r, 14);
    o.rating_comment = get_string(r, 15);
    o.rated_at_ms = get_optional_int64(r, 16);
    o.mobile_last4 = get_string(r, 17);
    return o;
  }
  return std::nullopt;
}

std::optional<Opinion> find_by_suggestion(soci::session& s, std::int64_t suggestion_id) {
  db::Query q(std::string(columns) + "WHERE o.suggestion_id = ");
  q.value(suggestion_id);
  return first(std::move(q), s);
}

bool code_taken(soci::session& s, const std::string& code) {
  db::Query q("SELECT (SELECT COUNT(*) FROM opinions WHERE tracking_code = ");
  q.value(code).text(") + (SELECT COUNT(*) FROM opinion_intake WHERE tracking_code = ").value(code).text(")");
  return q.count(s) > 0;
}

std::vector<Opinion> list(soci::session& s, const ListQuery& f) {
  db::Query q(columns);
  where(q, f);
  if (f.sort == "due_date")
    q.text(" ORDER BY CASE WHEN o.due_date IS NULL THEN 1 ELSE 0 END, o.due_date, o.id");
  else if (f.sort == "updated")
    q.text(" ORDER BY o.updated_at_ms DESC, o.id DESC");
  else
    q.text(" ORDER BY o.received_at_ms DESC, o.id DESC");
  q.text(" LIMIT ").value(f.limit).text(" OFFSET ").value(f.offset);
  std::vector<Opinion> out;
  for (const auto& r : q.rows(s)) out.push_back(opinion_from(r));
  return out;
}

std::int64_t count(soci::session& s, const ListQuery& f) {
  db::Query q("SELECT COUNT(*) FROM opinions o ");
  where(q, f);
  return q.count(s);
}

void insert_event(soci::session& tx, std::int64_t opinion_id, const Event& e) {
  db::Query(
      "INSERT INTO opinion_events (opinion_id, at_ms, actor, actor_name, role, action, state, note, "
      "public_note) VALUES (")
      .value(opinion_id).text(", ").value(e.at_ms).text(", ").value(e.actor).text(", ").value(e.actor_name)
      .text(", ").value(e.role).text(", ").value(e.action).text(", ").value(e.state).text(", ").value(e.note)
      .text(", ").value(e.public_note).text(")")
      .execute(tx);
}

std::vector<Event> events(soci::session& s, std::int64_t opinion_id) {
  db::Query q("SELECT at_ms, actor, actor_name, role, action, state, note, public_note FROM opinion_events "
              "WHERE opinion_id = ");
  q.value(opinion_id).text(" ORDER BY id");
  std::vector<Event> out;
  for (const auto& r : q.rows(s))
    out.push_back({get_int64(r, 0), get_string(r, 1), get_string(r, 2), get_string(r, 3), get_string(r, 4),
                   get_string(r, 5), get_string(r, 6), get_string(r, 7)});
  return out;
}

std::vector<Event> public_steps(soci::session& s, std::int64_t opinion_id) {
  db::Query q("SELECT at_ms, state, public_note FROM opinion_events WHERE opinion_id = ");
  q.value(opinion_id).text(" ORDER BY id");
  std::vector<Event> out;
  for (const auto& r : q.rows(s)) {
    Event e;
    e.at_ms = get_int64(r, 0);
    e.state = get_string(r, 1);
    e.public_note = get_string(r, 2);
    out.push_back(std::move(e));
  }
  return out;
}

std::optional<Place> station(soci::session& s, std::int64_t id) {
  db::Query q("SELECT id, congress_id, name, active, region_code, reception_schedule, address FROM stations WHERE id = ");
  q.value(id);
  for (const auto& r : q.rows(s))
    return Place{get_int64(r, 0), get_int64(r, 1), get_string(r, 2), get_int64(r, 3) != 0,
                 get_string(r, 4), get_string(r, 5), get_string(r, 6)};
  return std::nullopt;
}

std::optional<Place> unit(soci::session& s, std::int64_t id) {
  db::Query q("SELECT id, congress_id, name, active, region_code FROM units WHERE id = ");
  q.value(id);
  for (const auto& r : q.rows(s))
    return Place{get_int64(r, 0), get_int64(r, 1), get_string(r, 2), get_int64(r, 3) != 0, get_string(r, 4), "", ""};
  return std::nullopt;
}

std::optional<DeputyInfo> deputy(soci::session& s, std::int64_t mandate_id) {
  db::Query q("SELECT m.id, m.person_id, m.congress_id, p.name, m.status, "
              "(SELECT MIN(sd.station_id) FROM station_deputies sd WHERE sd.mandate_id = m.id) "
              "FROM mandates m JOIN persons p ON p.id = m.person_id WHERE m.id = ");
  q.value(mandate_id);
  for (const auto& r : q.rows(s))
    return DeputyInfo{get_int64(r, 0), get_int64(r, 1), get_int64(r, 2), get_string(r, 3), get_string(r, 4),
                      get_optional_int64(r, 5)};
  return std::nullopt;
}

std::optional<std::int64_t> person_of_user(soci::session& s, std::int64_t user_id) {
  db::Query q("SELECT person_id FROM users WHERE id = ");
  q.value(user_id);
  for (const auto& r : q.rows(s)) return get_optional_int64(r, 0);
  return std::nullopt;
}

std::string display_name(soci::session& s, std::int64_t user_id) {
  db::Query q("SELECT display_name FROM users WHERE id = ");
  q.value(user_id);
  for (const auto& r : q.rows(s)) return get_string(r, 0);
  return "";
}

std::int64_t insert_reception(soci::session& tx, const Reception& r, const std::string& created_by,
                              std::int64_t now_ms) {
  db::Query q("INSERT INTO receptions (station_id, reception_date, people_received, note, created_by, "
              "created_at_ms) VALUES (");
  q.value(r.station_id).text(", ").value(r.date).text(", ").value(r.people_received).text(", ")
      .value(r.note).text(", ").value(created_by).text(", ").value(now_ms).text(") RETURNING id");
  std::int64_t id = 0;
  for (const auto& row : q.rows(tx)) id = get_int64(row, 0);
  for (const auto& [mandate_id, name] : r.attendees)
    db::Query("INSERT INTO reception_attendees (reception_id, mandate_id) VALUES (")
        .value(id).text(", ").value(mandate_id).text(")")
        .execute(tx);
  return id;
}

namespace {
constexpr const char* reception_columns =
    "SELECT r.id, r.station_id, r.reception_date, r.people_received, r.note, "
    "(SELECT COUNT(*) FROM opinions o WHERE o.reception_id = r.id) FROM receptions r WHERE ";

void load_attendees(soci::session& s, Reception& r) {
  db::Query q("SELECT a.mandate_id, p.name FROM reception_attendees a JOIN mandates m ON m.id = a.mandate_id "
              "JOIN persons p ON p.id = m.person_id WHERE a.reception_id = ");
  q.value(r.id).text(" ORDER BY a.mandate_id");
  for (const auto& row : q.rows(s)) r.attendees.emplace_back(get_int64(row, 0), get_string(row, 1));
}

Reception reception_from(const soci::row& r) {
  Reception out;
  out.id = get_int64(r, 0);
  out.station_id = get_int64(r, 1);
  out.date = get_string(r, 2);
  out.people_received = get_int64(r, 3);
  out.note = get_string(r, 4);
  out.opinion_count = get_int64(r, 5);
  return out;
}
}  // namespace

std::vector<Reception> receptions(soci::session& s, std::int64_t station_id, std::int64_t limit,
                                  std::int64_t offset) {
  db::Query q(std::string(reception_columns) + "r.station_id = ");
  q.value(station_id).text(" ORDER BY r.reception_date DESC, r.id DESC LIMIT ").value(limit).text(" OFFSET ").value(offset);
  std::vector<Reception> out;
  for (const auto& r : q.rows(s)) out.push_back(reception_from(r));
  for (auto& r : out) load_attendees(s, r);
  return out;
}

std::int64_t count_receptions(soci::session& s, std::int64_t station_id) {
  db::Query q("SELECT COUNT(*) FROM receptions WHERE station_id = ");
  q.value(station_id);
  return q.count(s);
}

std::optional<Reception> reception(soci::session& s, std::int64_t id) {
  db::Query q(std::string(reception_columns) + "r.id = ");
  q.value(id);
  std::optional<Reception> out;
  for (const auto& r : q.rows(s)) out = reception_from(r);
  if (out) load_attendees(s, *out);
  return out;
}

std::vector<std::pair<std::int64_t, std::string>> rota(soci::session& s, std::int64_t station_id) {
  db::Query q("SELECT m.id, p.name FROM station_deputies sd JOIN mandates m ON m.id = sd.mandate_id "
              "JOIN persons p ON p.id = m.person_id WHERE m.status = 'serving' AND sd.station_id = ");
  q.value(station_id).text(" ORDER BY m.id");
  std::vector<std::pair<std::int64_t, std::string>> out;
  for (const auto& r : q.rows(s)) out.emplace_back(get_int64(r, 0), get_string(r, 1));
  return out;
}

std::vector<Place> stations_of_person(soci::session& s, std::int64_t person_id) {
  db::Query q("SELECT DISTINCT st.id, st.congress_id, st.name, st.active, st.region_code, st.reception_schedule, "
              "st.address FROM station_deputies sd JOIN mandates m ON m.id = sd.mandate_id "
              "JOIN stations st ON st.id = sd.station_id WHERE m.status = 'serving' AND m.person_id = ");
  q.value(person_id).text(" ORDER BY st.id");
  std::vector<Place> out;
  for (const auto& r : q.rows(s))
    out.push_back({get_int64(r, 0), get_int64(r, 1), get_string(r, 2), get_int64(r, 3) != 0, get_string(r, 4),
                   get_string(r, 5), get_string(r, 6)});
  return out;
}

std::vector<Place> stations_with_schedule(soci::session& s) {
  db::Query q("SELECT id, congress_id, name, active, region_code, reception_schedule, address FROM stations "
              "WHERE active = 1 AND reception_schedule <> '' ORDER BY id");
  std::vector<Place> out;
  for (const auto& r : q.rows(s))
    out.push_back({get_int64(r, 0), get_int64(r, 1), get_string(r, 2), get_int64(r, 3) != 0, get_string(r, 4),
                   get_string(r, 5), get_string(r, 6)});
  return out;
}

void enqueue(soci::session& tx, const Delivery& d) {
  db::Query q("INSERT INTO message_deliveries (opinion_id, recipient, text, state, next_attempt_at_ms, "
              "created_at_ms) VALUES (");
  q.value_or_null(d.opinion_id).text(", ").value(d.recipient).text(", ").value(d.text).text(", 'pending', ")
      .value(d.next_attempt_at_ms).text(", ").value(d.created_at_ms).text(")");
  q.execute(tx);
}

namespace {
constexpr const char* delivery_columns =
    "SELECT id, opinion_id, recipient, text, state, attempts, next_attempt_at_ms, last_error, created_at_ms, "
    "sent_at_ms FROM message_deliveries ";

Delivery delivery_from(const soci::row& r) {
  return {get_int64(r, 0), get_optional_int64(r, 1), get_string(r, 2), get_string(r, 3), get_string(r, 4),
          get_int64(r, 5), get_int64(r, 6), get_string(r, 7), get_int64(r, 8), get_optional_int64(r, 9)};
}
}  // namespace

std::vector<Delivery> claim_due(soci::session& tx, std::int64_t now_ms, std::int64_t claim_until_ms,
                                std::int64_t limit) {
  db::Query q(std::string(delivery_columns) + "WHERE state = 'pending' AND next_attempt_at_ms <= ");
  q.value(now_ms).text(" AND claimed_until_ms <= ").value(now_ms).text(" ORDER BY next_attempt_at_ms, id LIMIT ").value(limit);
  std::vector<Delivery> candidates, claimed;
  for (const auto& r : q.rows(tx)) candidates.push_back(delivery_from(r));
  for (auto& d : candidates)
    if (db::Query("UPDATE message_deliveries SET claimed_until_ms = ")
            .value(claim_until_ms).text(" WHERE id = ").value(d.id)
            .text(" AND state = 'pending' AND claimed_until_ms <= ").value(now_ms)
            .execute(tx) == 1)
      claimed.push_back(std::move(d));
  return claimed;
}

bool any_due(soci::session& s, std::int64_t now_ms) {
  db::Query q("SELECT COUNT(*) FROM (SELECT 1 FROM message_deliveries WHERE state = 'pending' AND next_attempt_at_ms <= ");
  q.value(now_ms).text(" AND claimed_until_ms <= ").value(now_ms).text(" LIMIT 1) due");
  return q.count(s) > 0;
}

void finish(soci::session& tx, const Delivery& d) {
  db::Query q("UPDATE message_deliveries SET state = ");
  q.value(d.state).text(", attempts = ").value(d.attempts).text(", next_attempt_at_ms = ").value(d.next_attempt_at_ms)
      .text(", claimed_until_ms = 0, last_error = ").value(d.last_error).text(", sent_at_ms = ");
  q.value_or_null(d.sent_at_ms).text(" WHERE id = ").value(d.id);
  q.execute(tx);
}

std::vector<Delivery> deliveries(soci::session& s, std::optional<std::string> state, std::int64_t limit,
                                 std::int64_t offset) {
  db::Query q(std::string(delivery_columns) + "WHERE 1 = 1");
  if (state) q.text(" AND state = ").value(*state);
  q.text(" ORDER BY id DESC LIMIT ").value(limit).text(" OFFSET ").value(offset);
  std::vector<Delivery> out;
  for (const auto& r : q.rows(s)) out.push_back(delivery_from(r));
  return out;
}

std::int64_t count_deliveries(soci::session& s, std::optional<std::string> state) {
  db::Query q("SELECT COUNT(*) FROM message_deliveries WHERE 1 = 1");
  if (state) q.text(" AND state = ").value(*state);
  return q.count(s);
}

Stats stats(soci::session& s, std::int64_t congress_id, std::int64_t from_ms, std::int64_t to_ms,
            const std::string& today) {
  Stats out;
  auto scoped = [&](std::string sql) {
    db::Query q(std::move(sql));
    q.text(" WHERE o.congress_id = ").value(congress_id).text(" AND o.received_at_ms >= ").value(from_ms)
        .text(" AND o.received_at_ms < ").value(to_ms);
    return q;
  };
  auto grouped = [&](const char* column, std::map<std::string, std::int64_t>& into) {
    auto q = scoped(std::string("SELECT ") + column + ", COUNT(*) FROM opinions o");
    q.text(" GROUP BY ").text(column);
    for (const auto& r : q.rows(s)) {
      auto key = get_optional_string(r, 0);
      if (key) into[*key] = get_int64(r, 1);
    }
  };
  out.total = scoped("SELECT COUNT(*) FROM opinions o").count(s);
  grouped("o.channel", out.by_channel);
  grouped("o.category", out.by_category);
  grouped("o.state", out.by_state);
  grouped("o.rating", out.by_rating);
  {
    auto q = scoped("SELECT st.region_code, COUNT(*) FROM opinions o JOIN stations st ON st.id = o.station_id");
    q.text(" GROUP BY st.region_code ORDER BY COUNT(*) DESC, st.region_code");
    for (const auto& r : q.rows(s)) out.by_region.emplace_back(get_string(r, 0), get_int64(r, 1));
  }
  {
    // The overdue cut-off comes before the WHERE that scoped() appends, so this one is built whole.
    db::Query h("SELECT st.id, st.name, COUNT(*), SUM(CASE WHEN o.due_date IS NOT NULL AND o.due_date < ");
    h.value(today).text(" THEN 1 ELSE 0 END) FROM opinions o JOIN stations st ON st.id = o.station_id")
        .text(" WHERE o.congress_id = ").value(congress_id).text(" AND o.received_at_ms >= ").value(from_ms)
        .text(" AND o.received_at_ms < ").value(to_ms)
        .text(" GROUP BY st.id, st.name ORDER BY COUNT(*) DESC, st.id LIMIT 20");
    for (const auto& r : h.rows(s))
      out.by_station.push_back({get_int64(r, 0), get_string(r, 1), get_int64(r, 2), get_int64(r, 3)});
  }
  {
    auto responded = scoped("SELECT COUNT(*) FROM opinions o");
    responded.text(" AND o.first_response_at_ms IS NOT NULL");
    std::int64_t n = responded.count(s);
    if (n > 0) {
      auto q = scoped("SELECT o.first_response_at_ms - o.received_at_ms FROM opinions o");
      q.text(" AND o.first_response_at_ms IS NOT NULL ORDER BY o.first_response_at_ms - o.received_at_ms LIMIT 1 OFFSET ")
          .value(n / 2);
      for (const auto& r : q.rows(s)) out.median_first_response_hours = double(get_int64(r, 0)) / 3'600'000.0;
    }
  }
  {
    auto q = scoped("SELECT COUNT(*) FROM opinions o");
    q.text(" AND o.referral_due IS NOT NULL AND o.replied_on IS NOT NULL");
    out.replied_referrals = q.count(s);
    auto in_time = scoped("SELECT COUNT(*) FROM opinions o");
    in_time.text(" AND o.referral_due IS NOT NULL AND o.replied_on IS NOT NULL AND o.replied_on <= o.referral_due");
    out.replied_in_time = in_time.count(s);
  }
  return out;
}

std::vector<Due> open_referrals(soci::session& s, const std::string& until) {
  db::Query q("SELECT id, congress_id, station_id, unit_id, referral_due, title FROM opinions "
              "WHERE state = 'referred' AND unit_reply IS NULL AND referral_due <= ");
  q.value(until).text(" ORDER BY id");
  std::vector<Due> out;
  for (const auto& r : q.rows(s))
    out.push_back({get_int64(r, 0), get_int64(r, 1), get_optional_int64(r, 2), get_optional_int64(r, 3),
                   get_string(r, 4), get_string(r, 5)});
  return out;
}

void intake_add(soci::session& tx, const std::string& code, const std::string& submission,
                std::int64_t received_at_ms) {
  db::Query("INSERT INTO opinion_intake (tracking_code, submission, received_at_ms) VALUES (")
      .value(code).text(", ").value(submission).text(", ").value(received_at_ms).text(")")
      .execute(tx);
}

namespace {
constexpr const char* intake_columns =
    "SELECT id, tracking_code, submission, received_at_ms, attempts, last_error FROM opinion_intake ";
Queued queued_from(const soci::row& r) {
  return {get_int64(r, 0), get_string(r, 1), get_string(r, 2), get_int64(r, 3), get_int64(r, 4), get_string(r, 5)};
}
}  // namespace

std::vector<Queued> intake_batch(soci::session& s, std::int64_t after_id, std::int64_t max_attempts,
                                 std::int64_t limit) {
  db::Query q(std::string(intake_columns) + "WHERE id > ");
  q.value(after_id).text(" AND attempts < ").value(max_attempts).text(" ORDER BY id LIMIT ").value(limit);
  std::vector<Queued> out;
  for (const auto& r : q.rows(s)) out.push_back(queued_from(r));
  return out;
}

std::optional<Queued> intake_find(soci::session& s, const std::string& code) {
  db::Query q(std::string(intake_columns) + "WHERE tracking_code = ");
  q.value(code);
  for (const auto& r : q.rows(s)) return queued_from(r);
  return std::nullopt;
}

bool intake_remove(soci::session& tx, std::int64_t id) {
  return db::Query("DELETE FROM opinion_intake WHERE id = ").value(id).execute(tx) == 1;
}

void intake_failed(soci::session& tx, std::int64_t id, const std::string& error) {
  db::Query("UPDATE opinion_intake SET attempts = attempts + 1, last_error = ")
      .value(error.substr(0, 1000)).text(" WHERE id = ").value(id).execute(tx);
}

std::int64_t intake_count(soci::session& s) {
  return db::Query("SELECT COUNT(*) FROM opinion_intake").count(s);
}

std::vector<Queued> intake_page(soci::session& s, std::int64_t limit, std::int64_t offset) {
  db::Query q(std::string(intake_columns) + "ORDER BY id LIMIT ");
  q.value(limit).text(" OFFSET ").value(offset);
  std::vector<Queued> out;
  for (const auto& r : q.rows(s)) out.push_back(queued_from(r));
  return out;
}

}  // namespace huying::opinions::store
