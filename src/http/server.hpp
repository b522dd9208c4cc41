#pragma once
// The HTTP/1.1 server (Boost.Beast, C++20 coroutines). Beast stays inside server.cpp: the
// rest of the code sees only Request and Response.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "http/message.hpp"
#include "http/router.hpp"

namespace huying::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port
  int io_threads = 1;          // parse and write
  int worker_threads = 2;      // run handlers (database calls block)
  std::size_t header_limit = 16 * 1024;
  std::size_t body_limit = 1024 * 1024;  // routes may raise it (uploads)
  std::chrono::milliseconds read_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};  // keep-alive wait for the next request
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds shutdown_grace{10'000};
};

// Wraps the innermost handler with the middleware chain; the server calls it for every
// request, and also for requests it refuses itself (431, 413, 400), with an innermost
// handler that throws the corresponding Error, so that every answer gets the same request
// id, log line, metrics and problem+json body.
using Pipeline = std::function<Response(Request&, const Handler& innermost)>;

class Server {
 public:
  Server(ServerOptions options, const Router& router, Pipeline pipeline, Handler fallback);
  ~Server();

  // Binds and listens; returns the port (useful with port 0).
  unsigned short listen();
  // Serves until SIGINT/SIGTERM (or stop()), then stops accepting, lets in-flight requests
  // finish within the grace period, and returns.
  void run();
  void stop();
  int in_flight() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace huying::http
