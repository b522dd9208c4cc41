#pragma once
#include "http/router.hpp"
#include "modules/registry/service.hpp"

namespace huying::registry {

void add_routes(http::Router& router, Service& service);

}  // namespace huying::registry
