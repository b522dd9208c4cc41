#pragma once
#include "http/router.hpp"
#include "modules/calendar/service.hpp"

namespace huying::calendar {
void add_routes(http::Router& router, Service& service);
}
