#pragma once
#include <cstdint>
#include <string>

namespace soci {
class session;
}

namespace huying::audit::store {

struct Row {
  std::int64_t at_ms;
  std::string actor, action, record_type, record_id, changes, request_id, client_address;
};

void insert(soci::session& tx, const Row& row);

}  // namespace huying::audit::store
