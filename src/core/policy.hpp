#pragma once
// Authorization in one place: may this principal take this action on this record? Pure
// logic: services ask it with the record's scope and act on the answer; handlers never
// decide. Out-of-scope records are hidden (404); in-scope but forbidden actions are 403.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/caller.hpp"

namespace huying::policy {

enum class Action {
  user_view,       // see an account
  user_edit_self,  // change one's own display name and mobile
  user_manage,     // create, disable, grant roles, reset passwords, revoke sessions
  user_contact,    // read an account's unmasked mobile number (audited)
  unit_view,
  unit_manage,
  station_view,
  station_manage,
  audit_view,
  token_manage,
  region_manage,
  platform_manage,    // the working-day calendar and the deadline sweep (administrators)
  congress_read,      // see a congress's suggestions and boards (staff, leaders, committee members)
  suggestion_manage,  // review, register, assign, decide requests; edit handling settings (staff)
  opinion_handle,     // handle any citizen's opinion of the congress (staff)
};

// What a record belongs to; unset fields do not apply.
struct Scope {
  std::optional<std::int64_t> congress_id;
  std::optional<std::int64_t> unit_id;
  std::optional<std::int64_t> station_id;
  std::optional<std::int64_t> owner_user_id;  // the account itself, for user records
};

enum class Verdict { allow, forbid, hide };

struct Decision {
  Verdict verdict = Verdict::hide;
  std::string grant;  // the grant that allowed it ("staff@congress:3"), for the audit trail
  bool allowed() const { return verdict == Verdict::allow; }
};

Decision decide(const Principal& principal, Action action, const Scope& record);

// Throws 401, saying whether a session expired, when the principal is anonymous.
void require_authenticated(const Principal& principal);

// Throws 401 (anonymous), 404 (hide) or 403 (forbid); returns the grant used.
std::string enforce(const Principal& principal, Action action, const Scope& record,
                    const std::string& record_description);

// What a list may contain, to be turned into SQL by a store.
struct ListScope {
  bool all = false;
  std::vector<std::int64_t> congress_ids;
  std::vector<std::int64_t> unit_ids;
  std::vector<std::int64_t> station_ids;
  std::optional<std::int64_t> user_id;  // one's own account
  bool nothing() const {
    return !all && congress_ids.empty() && unit_ids.empty() && station_ids.empty() && !user_id;
  }
};

// Throws 401 when anonymous.
ListScope list_scope(const Principal& principal, Action view_action);

// Role names the API accepts, and the scope type each needs.
bool is_role(std::string_view role);
std::string scope_type_of(std::string_view role);

}  // namespace huying::policy
