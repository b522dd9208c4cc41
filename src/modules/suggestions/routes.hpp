#pragma once
#include "http/router.hpp"
#include "modules/suggestions/service.hpp"

namespace huying::suggestions {
void add_routes(http::Router& router, Service& service);
}
