#pragma once
// Who is asking, as services see it: the authenticated principal (if any) and where the
// request came from, for authorization and the audit trail.
#include <string>

namespace huying {

struct Principal {
  std::string actor;  // "token:12"; empty when anonymous
  std::string role;   // "admin", ...
  bool authenticated() const { return !actor.empty(); }
};

struct Caller {
  Principal principal;
  std::string request_id;
  std::string client_address;
};

}  // namespace huying
