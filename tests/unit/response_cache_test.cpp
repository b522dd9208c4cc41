#include <gtest/gtest.h>

#include "http/response_cache.hpp"

using namespace huying;
using namespace huying::http;

namespace {

struct Fixture {
  ChangeCounter changes;
  std::string day = "2026-03-02";
  ResponseCache cache{{"/api/v1/public/", std::chrono::milliseconds(60'000), 100}, changes,
                      [this] { return day; }};
  Middleware mw = cache.middleware();
  int calls = 0;
  Response get(const std::string& target, Headers headers = {}) {
    Request req;
    req.method = "GET";
    req.target = target;
    req.path = target.substr(0, target.find('?'));
    req.headers = std::move(headers);
    return mw(req, [this](Request&) {
      ++calls;
      return Response::json(200, boost::json::value(calls));
    });
  }
};

}  // namespace

TEST(ResponseCache, RepeatedAnonymousGetsAreAnsweredOnce) {
  Fixture f;
  EXPECT_EQ(f.get("/api/v1/public/deputies?q=zw").body, "1");
  EXPECT_EQ(f.get("/api/v1/public/deputies?q=zw").body, "1");
  EXPECT_EQ(f.get("/api/v1/public/deputies?q=ln").body, "2");
  EXPECT_EQ(f.calls, 2);
}

TEST(ResponseCache, AChangeOrANewDayDropsTheAnswers) {
  Fixture f;
  f.get("/api/v1/public/stations/1");
  f.changes.bump();
  EXPECT_EQ(f.get("/api/v1/public/stations/1").body, "2");
  f.day = "2026-03-03";
  EXPECT_EQ(f.get("/api/v1/public/stations/1").body, "3");
}

TEST(ResponseCache, SignedInRequestsAndOtherPathsAreNeverCached) {
  Fixture f;
  Headers cookie;
  cookie.emplace("Cookie", "huying_session=x");
  f.get("/api/v1/public/deputies", cookie);
  f.get("/api/v1/public/deputies", cookie);
  f.get("/api/v1/users");
  f.get("/api/v1/users");
  EXPECT_EQ(f.calls, 4);
}
