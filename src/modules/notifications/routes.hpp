#pragma once
#include "http/router.hpp"
#include "modules/notifications/service.hpp"

namespace huying::notifications {
void add_routes(http::Router& router, Service& service);
}
