#pragma once
// The OpenAPI 3.1 document (docs/openapi.yaml, embedded at build time), served as JSON.
#include <boost/json/value.hpp>

#include <string>

namespace huying {

const std::string& openapi_yaml();
// Plain scalars become booleans, null or numbers where YAML 1.2's core schema says so;
// quoted scalars stay strings.
boost::json::value yaml_to_json(const std::string& yaml);

}  // namespace huying
