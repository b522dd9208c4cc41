#include <gtest/gtest.h>

#include "http/static_files.hpp"

using namespace huying::http;

TEST(StaticFiles, TraversalAndEncodedFormsAreUnsafe) {
  for (const char* path : {"/../etc/passwd", "/assets/../../x", "/a/./b", "//etc/passwd",
                           "/%2e%2e/x", "/a%2F..%2Fb", "/a\\..\\b", "/%2E%2e/x", "/a/%00"})
    EXPECT_TRUE(is_unsafe_path(path)) << path;
}

TEST(StaticFiles, OrdinaryPathsAreSafe) {
  for (const char* path : {"/", "/index.html", "/assets/index-3f9a.js", "/app/registry/regions",
                           "/app/"})
    EXPECT_FALSE(is_unsafe_path(path)) << path;
}

TEST(StaticFiles, MimeTypes) {
  EXPECT_EQ(mime_type(".js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type(".HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(mime_type(".unknown"), "application/octet-stream");
}
