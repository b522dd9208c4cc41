#pragma once
#include "http/router.hpp"
#include "modules/accounts/service.hpp"

namespace huying::accounts {

void add_routes(http::Router& router, Service& service);

}  // namespace huying::accounts
