// Downloading an attachment: only for those who may see the record it belongs to.
#include "modules/attachments/routes.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/policy.hpp"
#include "http/json_body.hpp"

namespace huying::attachments {

void add_routes(http::Router& router, db::Database& db, const Service& service, MaySee may_see) {
  router.add({"GET", "/api/v1/attachments/{id}",
              [&db, &service, may_see](http::Request& req) {
                auto caller = req.caller();
                policy::require_authenticated(caller.principal);
                std::optional<Attachment> found;
                {
                  auto lease = db.read();
                  found = service.find(*lease, http::path_id(req, "id", "such attachment"));
                }
                if (!found) throw Error::not_found("There is no such attachment.");
                try {
                  may_see(caller, found->owner_type, found->owner_id);
                } catch (const Error& e) {
                  // Whether the record exists is none of the business of one who may not see it.
                  if (e.status() == 404) throw Error::not_found("There is no such attachment.");
                  throw;
                }
                http::Response res;
                res.body = service.read(*found);
                res.set_header("Content-Type", found->content_type);
                // RFC 6266: an ASCII fallback and the UTF-8 name.
                std::string encoded;
                for (unsigned char c : found->filename) {
                  if (std::isalnum(c) || c == '.' || c == '-' || c == '_') encoded += static_cast<char>(c);
                  else encoded += fmt::format("%{:02X}", c);
                }
                res.set_header("Content-Disposition", "attachment; filename=\"attachment-" +
                                                          std::to_string(found->id) + "\"; filename*=UTF-8''" + encoded);
                res.set_header("X-Content-Type-Options", "nosniff");
                res.set_header("Cache-Control", "private, no-store");
                return res;
              },
              0, "Download an attachment (those who may see the record it belongs to)"});
}

}  // namespace huying::attachments
