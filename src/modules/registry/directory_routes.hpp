#pragma once
#include "http/router.hpp"
#include "modules/registry/directory.hpp"
#include "modules/registry/imports.hpp"

namespace huying::registry {

void add_directory_routes(http::Router& router, Directory& directory, Imports& imports);

}  // namespace huying::registry
