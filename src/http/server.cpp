#include "http/server.hpp"

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <atomic>
#include <thread>

#include "core/error.hpp"
#include "core/log.hpp"

namespace huying::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
constexpr auto as_tuple_awaitable = asio::as_tuple(asio::use_awaitable);

namespace {

// Fills path and query from the request target; false when the target is not a valid
// origin-form URL.
bool decode_target(Request& req) {
  auto parsed = boost::urls::parse_origin_form(req.target);
  if (!parsed) return false;
  req.path = parsed->path();
  if (req.path.empty()) req.path = "/";
  for (auto param : parsed->params()) req.query.emplace_back(param.key, param.value);
  return true;
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, const Router& router, Pipeline pipeline, Handler fallback)
      : options_(std::move(options)),
        router_(router),
        pipeline_(std::move(pipeline)),
        fallback_(std::move(fallback)),
        workers_(std::max(1, options_.worker_threads)),
        acceptor_(ioc_),
        signals_(ioc_, SIGINT, SIGTERM) {}

  unsigned short listen() {
    tcp::endpoint endpoint(asio::ip::make_address(options_.host), options_.port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
    return acceptor_.local_endpoint().port();
  }

  void run() {
    asio::co_spawn(ioc_, accept_loop(), asio::detached);
    signals_.async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) begin_shutdown();
    });
    std::vector<std::thread> threads;
    for (int i = 1; i < std::max(1, options_.io_threads); ++i)
      threads.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : threads) t.join();
    workers_.join();
  }

  void stop() {
    asio::post(ioc_, [this] { begin_shutdown(); });
  }

  int in_flight() const { return in_flight_.load(); }

 private:
  // Stops accepting, waits for in-flight requests (bounded by the grace period), then
  // stops the event loop, which closes idle keep-alive connections.
  void begin_shutdown() {
    if (stopping_.exchange(true)) return;
    log::info("shutdown", {{"in_flight", in_flight_.load()}});
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    signals_.cancel(ignored);
    asio::co_spawn(ioc_, drain(), asio::detached);
  }

  awaitable<void> drain() {
    auto deadline = std::chrono::steady_clock::now() + options_.shutdown_grace;
    asio::steady_timer timer(ioc_);
    while (in_flight_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      timer.expires_after(std::chrono::milliseconds(10));
      co_await timer.async_wait(as_tuple_awaitable);
    }
    if (in_flight_.load() > 0)
      log::warn("shutdown_grace_expired", {{"in_flight", in_flight_.load()}});
    ioc_.stop();
  }

  awaitable<void> accept_loop() {
    while (!stopping_) {
      auto [ec, socket] = co_await acceptor_.async_accept(as_tuple_awaitable);
      if (ec) {
        if (stopping_ || ec == asio::error::operation_aborted) co_return;
        continue;  // a failed accept (e.g. out of descriptors) must not end the loop
      }
      auto executor = asio::make_strand(ioc_);
      asio::co_spawn(executor, session(std::move(socket)), asio::detached);
    }
  }

  // Counts a request as in flight from its complete header to its written response.
  struct InFlight {
    explicit InFlight(std::atomic<int>& n) : n_(n) { ++n_; }
    ~InFlight() { --n_; }
    std::atomic<int>& n_;
  };

  awaitable<void> session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    std::string remote;
    {
      boost::system::error_code ec;
      auto endpoint = stream.socket().remote_endpoint(ec);
      if (!ec) remote = endpoint.address().to_string();
    }
    // Bounded: requests pipelined behind the current one wait in this buffer (at most its
    // size) and in the kernel; one request per connection is handled at a time.
    beast::flat_buffer buffer(options_.header_limit + 64 * 1024);
    for (;;) {
      bhttp::request_parser<bhttp::empty_body> header_parser;
      header_parser.header_limit(static_cast<std::uint32_t>(options_.header_limit));
      header_parser.body_limit(boost::none);  // checked per route once the route is known
      stream.expires_after(options_.idle_timeout);
      auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, header_parser,
                                                       as_tuple_awaitable);
      if (ec) {
        if (ec == bhttp::error::header_limit)
          co_await refuse(stream, remote,
                          Error(431, "header_too_large", "Request Header Fields Too Large",
                                "The request's headers exceed " +
                                    std::to_string(options_.header_limit) + " bytes."));
        else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
                 ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message)
          co_await refuse(stream, remote,
                          Error::bad_request("malformed_request",
                                             "The request is not valid HTTP/1.1."));
        co_return;  // closed, timed out, or refused: the connection ends here
      }
      InFlight counted(in_flight_);
      auto& head = header_parser.get();
      Request req;
      req.method = std::string(head.method_string());
      req.target = std::string(head.target());
      req.remote_address = remote;
      for (const auto& field : head)
        req.headers.emplace(std::string(field.name_string()), std::string(field.value()));
      bool keep_alive = head.keep_alive();

      if (!decode_target(req)) {
        co_await refuse(stream, remote,
                        Error::bad_request("malformed_target", "The request target is not a "
                                                               "valid path and query."),
                        std::move(req));
        co_return;
      }
      RouteMatch match = router_.match(req.method, req.path);
      std::size_t limit = match.route && match.route->body_limit ? match.route->body_limit
                                                                 : options_.body_limit;
      Error too_large(413, "body_too_large", "Content Too Large",
                      "The request body exceeds " + std::to_string(limit) + " bytes.");
      if (auto length = header_parser.content_length(); length && *length > limit) {
        co_await refuse(stream, remote, too_large, std::move(req));
        co_return;
      }
      bhttp::request_parser<bhttp::string_body> parser(std::move(header_parser));
      parser.body_limit(limit);
      stream.expires_after(options_.read_timeout);
      std::tie(ec, n) = co_await bhttp::async_read(stream, buffer, parser, as_tuple_awaitable);
      if (ec == bhttp::error::body_limit) {
        co_await refuse(stream, remote, too_large, std::move(req));
        co_return;
      }
      if (ec) co_return;
      req.body = parser.release().body();

      Handler innermost = [this, &match](Request& r) { return dispatch(match, r, fallback_); };
      Response res = co_await asio::co_spawn(
          workers_, [&]() -> awaitable<Response> { co_return pipeline_(req, innermost); },
          use_awaitable);
      keep_alive = keep_alive && !stopping_;
      if (!co_await write(stream, req, std::move(res), keep_alive) || !keep_alive) break;
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  // Answers a request the server refuses before routing, then the connection closes.
  awaitable<void> refuse(beast::tcp_stream& stream, const std::string& remote, Error error,
                         Request req = {}) {
    req.remote_address = remote;
    if (req.method.empty()) req.method = "GET";
    req.route = "(refused)";
    Handler thrower = [&error](Request&) -> Response { throw error; };
    Response res = co_await asio::co_spawn(
        workers_, [&]() -> awaitable<Response> { co_return pipeline_(req, thrower); },
        use_awaitable);
    co_await write(stream, req, std::move(res), false);
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  awaitable<bool> write(beast::tcp_stream& stream, const Request& req, Response res,
                        bool keep_alive) {
    bhttp::response<bhttp::string_body> out;
    out.version(11);
    out.result(static_cast<unsigned>(res.status));
    for (auto& [name, value] : res.headers) out.insert(name, value);
    out.keep_alive(keep_alive);
    bool no_body = req.method == "HEAD" || res.omit_body || res.status == 304 ||
                   res.status == 204;
    if (res.status != 304 && res.status != 204) out.content_length(res.body.size());
    if (!no_body) out.body() = std::move(res.body);
    stream.expires_after(options_.write_timeout);
    auto [ec, n] = co_await bhttp::async_write(stream, out, as_tuple_awaitable);
    co_return !ec;
  }

  ServerOptions options_;
  const Router& router_;
  Pipeline pipeline_;
  Handler fallback_;
  asio::io_context ioc_;
  asio::thread_pool workers_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> in_flight_{0};
};

Server::Server(ServerOptions options, const Router& router, Pipeline pipeline, Handler fallback)
    : impl_(std::make_unique<Impl>(std::move(options), router, std::move(pipeline),
                                   std::move(fallback))) {}
Server::~Server() = default;
unsigned short Server::listen() { return impl_->listen(); }
void Server::run() { impl_->run(); }
void Server::stop() { impl_->stop(); }
int Server::in_flight() const { return impl_->in_flight(); }

}  // namespace huying::http
