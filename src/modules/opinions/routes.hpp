#pragma once
#include "http/router.hpp"
#include "modules/opinions/service.hpp"

namespace huying::opinions {
void add_routes(http::Router& router, Service& service);
}
