#include "core/policy.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace huying::policy {

namespace {

bool in_congress(const Grant& g, const Scope& s) {
  return g.scope_type == "congress" && s.congress_id && g.scope_id == s.congress_id;
}

bool is_congress_reader(const Grant& g) {
  return g.role == roles::staff || g.role == roles::leader || g.role == roles::committee_member;
}

// The verdict of one grant; the most permissive grant of a principal wins.
Verdict judge(const Grant& g, Action action, const Scope& s) {
  if (g.role == roles::admin) return Verdict::allow;
  bool staff_here = g.role == roles::staff && in_congress(g, s);
  switch (action) {
    case Action::user_view:
    case Action::user_contact:
      return is_congress_reader(g) && in_congress(g, s) ? Verdict::allow : Verdict::hide;
    case Action::user_manage:
      if (staff_here) return Verdict::allow;
      return is_congress_reader(g) && in_congress(g, s) ? Verdict::forbid : Verdict::hide;
    case Action::user_edit_self:
      return Verdict::hide;  // decided by ownership below
    case Action::unit_view:
      // Deputies propose handling units for their suggestions: unit names are theirs to read.
      if ((is_congress_reader(g) || g.role == roles::deputy) && in_congress(g, s)) return Verdict::allow;
      if ((g.role == roles::unit_handler || g.role == roles::unit_head) &&
          g.scope_type == "unit" && s.unit_id && g.scope_id == s.unit_id)
        return Verdict::allow;
      return Verdict::hide;
    case Action::unit_manage:
      if (staff_here) return Verdict::allow;
      if (is_congress_reader(g) && in_congress(g, s)) return Verdict::forbid;
      if (g.scope_type == "unit" && s.unit_id && g.scope_id == s.unit_id) return Verdict::forbid;
      return Verdict::hide;
    case Action::station_view:
      if (is_congress_reader(g) && in_congress(g, s)) return Verdict::allow;
      if (g.role == roles::station_keeper && g.scope_type == "station" && s.station_id &&
          g.scope_id == s.station_id)
        return Verdict::allow;
      return Verdict::hide;
    case Action::station_manage:
      if (staff_here) return Verdict::allow;
      if (is_congress_reader(g) && in_congress(g, s)) return Verdict::forbid;
      if (g.scope_type == "station" && s.station_id && g.scope_id == s.station_id)
        return Verdict::forbid;
      return Verdict::hide;
    case Action::audit_view:
      return staff_here ? Verdict::allow : Verdict::hide;
    case Action::congress_read:
      return is_congress_reader(g) && in_congress(g, s) ? Verdict::allow : Verdict::hide;
    case Action::suggestion_manage:
    case Action::opinion_handle:
      if (staff_here) return Verdict::allow;
      return is_congress_reader(g) && in_congress(g, s) ? Verdict::forbid : Verdict::hide;
    case Action::token_manage:
    case Action::region_manage:
    case Action::platform_manage:
      return Verdict::forbid;  // administrators only; the record is not secret
  }
  return Verdict::hide;
}

int rank(Verdict v) { return v == Verdict::allow ? 2 : v == Verdict::forbid ? 1 : 0; }

}  // namespace

Decision decide(const Principal& p, Action action, const Scope& s) {
  Decision best;
  for (const auto& g : p.grants) {
    Verdict v = judge(g, action, s);
    if (rank(v) > rank(best.verdict)) best = {v, g.label()};
  }
  bool own = p.user_id && s.owner_user_id && *p.user_id == *s.owner_user_id;
  if (own && best.verdict != Verdict::allow) {
    // Everyone sees and edits their own account, but does not manage it.
    if (action == Action::user_view || action == Action::user_edit_self ||
        action == Action::user_contact)
      return {Verdict::allow, "self"};
    if (action == Action::user_manage) return {Verdict::forbid, "self"};
  }
  return best;
}

void require_authenticated(const Principal& p) {
  if (p.authenticated()) return;
  bool expired = p.anonymous_reason == "session_expired";
  Error e(401, expired ? "session_expired" : "unauthenticated", "Unauthorized",
          expired ? "Your session has expired. Sign in again."
                  : "Sign in or send a bearer token to do this.");
  e.with_header("WWW-Authenticate", "Bearer");
  throw e;
}

std::string enforce(const Principal& p, Action action, const Scope& record,
                    const std::string& record_description) {
  require_authenticated(p);
  Decision d = decide(p, action, record);
  if (d.verdict == Verdict::hide) throw Error::not_found("There is no " + record_description + ".");
  if (d.verdict == Verdict::forbid) throw Error::forbidden("Your role may not do this.");
  return d.grant;
}

ListScope list_scope(const Principal& p, Action view_action) {
  require_authenticated(p);
  ListScope scope;
  scope.user_id = view_action == Action::user_view ? p.user_id : std::nullopt;
  for (const auto& g : p.grants) {
    if (g.role == roles::admin) {
      scope.all = true;
      continue;
    }
    if (!g.scope_id) continue;
    bool reader = view_action == Action::audit_view ? g.role == roles::staff
                  : view_action == Action::unit_view  ? is_congress_reader(g) || g.role == roles::deputy
                                                      : is_congress_reader(g);
    if (g.scope_type == "congress" && reader) scope.congress_ids.push_back(*g.scope_id);
    if (view_action == Action::unit_view && g.scope_type == "unit")
      scope.unit_ids.push_back(*g.scope_id);
    if (view_action == Action::station_view && g.scope_type == "station")
      scope.station_ids.push_back(*g.scope_id);
  }
  return scope;
}

bool is_role(std::string_view role) {
  for (auto r : {roles::admin, roles::staff, roles::leader, roles::committee_member, roles::deputy,
                 roles::unit_handler, roles::unit_head, roles::station_keeper})
    if (r == role) return true;
  return false;
}

std::string scope_type_of(std::string_view role) {
  if (role == roles::admin) return "global";
  if (role == roles::unit_handler || role == roles::unit_head) return "unit";
  if (role == roles::station_keeper) return "station";
  return "congress";
}

}  // namespace huying::policy
