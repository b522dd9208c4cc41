#pragma once
#include "http/router.hpp"
#include "modules/audit/service.hpp"

namespace huying::audit {

void add_routes(http::Router& router, Service& service);

}  // namespace huying::audit
