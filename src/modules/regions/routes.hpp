#pragma once
#include "http/router.hpp"
#include "modules/regions/service.hpp"

namespace huying::regions {

void add_routes(http::Router& router, Service& service);

}  // namespace huying::regions
