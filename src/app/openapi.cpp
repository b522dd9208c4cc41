#include "app/openapi.hpp"

#include <yaml-cpp/yaml.h>

#include <boost/json.hpp>

#include <charconv>
#include <regex>

namespace huying {

namespace {

boost::json::value scalar(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() == "!") return boost::json::value(text);  // quoted: always a string
  if (text == "true") return true;
  if (text == "false") return false;
  if (text == "null" || text == "~" || text.empty()) return nullptr;
  static const std::regex integer(R"(^-?(0|[1-9][0-9]*)$)");
  static const std::regex number(R"(^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$)");
  if (std::regex_match(text, integer)) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec == std::errc{}) return n;
  }
  if (std::regex_match(text, number)) return std::stod(text);
  return boost::json::value(text);
}

boost::json::value convert(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      boost::json::object object;
      for (const auto& item : node) object[item.first.Scalar()] = convert(item.second);
      return object;
    }
    case YAML::NodeType::Sequence: {
      boost::json::array array;
      for (const auto& item : node) array.push_back(convert(item));
      return array;
    }
    case YAML::NodeType::Scalar:
      return scalar(node);
    default:
      return nullptr;
  }
}

}  // namespace

boost::json::value yaml_to_json(const std::string& yaml) { return convert(YAML::Load(yaml)); }

}  // namespace huying
