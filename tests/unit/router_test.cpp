#include <gtest/gtest.h>

#include "core/error.hpp"
#include "http/router.hpp"

using namespace huying;
using namespace huying::http;

namespace {

Router sample_router() {
  Router r;
  auto ok = [](Request&) { return Response::json(200, nullptr); };
  r.add({"GET", "/api/v1/regions", ok});
  r.add({"POST", "/api/v1/regions", ok});
  r.add({"GET", "/api/v1/regions/{code}", ok});
  r.add({"PATCH", "/api/v1/regions/{code}", ok});
  r.add({"GET", "/api/v1/congresses/{id}/terms/{number}", ok});
  return r;
}

}  // namespace

TEST(Router, MatchesLiteralPathAndMethod) {
  auto m = sample_router().match("GET", "/api/v1/regions");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/regions");
  EXPECT_TRUE(m.params.empty());
}

TEST(Router, CapturesNamedParameters) {
  auto m = sample_router().match("GET", "/api/v1/congresses/7/terms/14");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("id"), "7");
  EXPECT_EQ(m.params.at("number"), "14");
}

TEST(Router, UnknownPathIsNotFoundNotMethodNotAllowed) {
  auto m = sample_router().match("GET", "/api/v1/nothing");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_FALSE(m.path_matched());
}

TEST(Router, ParameterDoesNotMatchEmptyOrExtraSegments) {
  auto router = sample_router();
  EXPECT_FALSE(router.match("GET", "/api/v1/regions/").route);
  EXPECT_FALSE(router.match("GET", "/api/v1/regions/410000/extra").path_matched());
}

TEST(Router, KnownPathWithWrongMethodListsAllowedMethods) {
  auto m = sample_router().match("DELETE", "/api/v1/regions/410000");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "HEAD", "PATCH"}));
}

TEST(Router, HeadIsAnsweredByTheGetRoute) {
  auto m = sample_router().match("HEAD", "/api/v1/regions/410000");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->method, "GET");
  EXPECT_EQ(m.params.at("code"), "410000");
}

TEST(Router, DispatchRaises405WithAllowHeader) {
  auto router = sample_router();
  Request req;
  req.method = "PUT";
  req.path = "/api/v1/regions";
  auto m = router.match(req.method, req.path);
  try {
    dispatch(m, req, [](Request&) -> Response { ADD_FAILURE() << "fallback called"; return {}; });
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 405);
    ASSERT_EQ(e.headers().size(), 1u);
    EXPECT_EQ(e.headers()[0].first, "Allow");
    EXPECT_EQ(e.headers()[0].second, "GET, HEAD, POST");
  }
}

TEST(Router, RefusesDuplicateRoutes) {
  Router r = sample_router();
  EXPECT_THROW(r.add({"GET", "/api/v1/regions", [](Request&) { return Response{}; }}),
               std::invalid_argument);
}
