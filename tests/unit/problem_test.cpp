#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http/middleware.hpp"
#include "http/problem.hpp"

using namespace huying;
using namespace huying::http;

TEST(Problem, ValidationErrorListsPointersAndParameters) {
  Error e = Error::validation({{"/name", "", "Must not be empty."}, {"", "page_size", "Too big."}});
  Response r = problem_response(e, "req-1");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body["type"], "urn:huying:problem:validation_failed");
  EXPECT_EQ(body["status"], 422);
  EXPECT_EQ(body["instance"], "req-1");
  auto errors = body["errors"].as_array();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].as_object().at("pointer"), "/name");
  EXPECT_EQ(errors[1].as_object().at("parameter"), "page_size");
  EXPECT_FALSE(errors[1].as_object().contains("pointer"));
}

TEST(Problem, ErrorHeadersAreCopied) {
  Error e = Error::unauthorized("no");
  e.with_header("WWW-Authenticate", "Bearer");
  EXPECT_EQ(problem_response(e, "x").header("WWW-Authenticate"), "Bearer");
}

TEST(Problem, UnexpectedExceptionIsOpaque) {
  auto pipeline = chain({request_id(), problem_details()});
  Request req;
  req.method = "GET";
  req.path = "/x";
  Response r = pipeline(req, [](Request&) -> Response {
    throw std::runtime_error("no such table: regions_secret SELECT * FROM regions_secret");
  });
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("regions_secret"), std::string::npos);
  EXPECT_EQ(r.body.find("SELECT"), std::string::npos);
  auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body["instance"].as_string(), r.header("X-Request-Id").value());
}

TEST(Problem, RequestIdIsEchoedWhenSaneAndReplacedOtherwise) {
  auto pipeline = chain({request_id()});
  auto ok = [](Request&) { return Response::json(200, nullptr); };
  Request given;
  given.headers.emplace("x-request-id", "abc-123");
  EXPECT_EQ(pipeline(given, ok).header("X-Request-Id"), "abc-123");
  Request hostile;
  hostile.headers.emplace("X-Request-Id", "bad\r\nInjected: 1");
  auto id = pipeline(hostile, ok).header("X-Request-Id").value();
  EXPECT_EQ(id.size(), 24u);
  EXPECT_EQ(id.find('\n'), std::string::npos);
}
