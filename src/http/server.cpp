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

  // A request read off the connection: either routed, or refused before routing (431, 413,
  // malformed), in which case the answer is the refusal and the connection closes.
  struct Incoming {
    Request req;
    RouteMatch match;
    std::optional<Error> refusal;
    bool keep_alive = false;
  };

  // Coroutine arguments are references to locals of the caller: GCC 12 mishandles
  // temporaries inside co_await expressions, so none are passed.
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
      Incoming in;
      in.req.remote_address = remote;
      std::optional<InFlight> counted;
      if (!co_await read_request(stream, buffer, in, counted)) break;
      Handler innermost = [this, &in](Request& r) -> Response {
        if (in.refusal) throw *in.refusal;
        return dispatch(in.match, r, fallback_);
      };
      Response res = co_await asio::co_spawn(
          workers_, [&]() -> awaitable<Response> { co_return pipeline_(in.req, innermost); },
          use_awaitable);
      bool keep_alive = in.keep_alive && !in.refusal && !stopping_;
      bool written = co_await write(stream, in.req, res, keep_alive);
      if (written && in.refusal) co_await linger(stream);
      if (!written || !keep_alive) break;
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  // After refusing a request whose body (or headers) the client may still be sending,
  // read and drop what still comes for a short, bounded while: closing at once would reset
  // the connection and the client could lose the answer it has not read yet.
  awaitable<void> linger(beast::tcp_stream& stream) {
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    std::array<char, 16 * 1024> scratch;
    std::size_t dropped = 0;
    constexpr std::size_t max_dropped = 64 * 1024 * 1024;
    stream.expires_after(std::chrono::seconds(2));
    while (dropped < max_dropped) {
      auto [ec, n] = co_await stream.async_read_some(asio::buffer(scratch), as_tuple_awaitable);
      if (ec) break;
      dropped += n;
    }
  }

  // False when the connection closed, timed out or sent nothing answerable.
  awaitable<bool> read_request(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                               Incoming& in, std::optional<InFlight>& counted) {
    bhttp::request_parser<bhttp::empty_body> header_parser;
    header_parser.header_limit(static_cast<std::uint32_t>(options_.header_limit));
    header_parser.body_limit(boost::none);  // checked per route once the route is known
    stream.expires_after(options_.idle_timeout);
    auto [ec, n] =
        co_await bhttp::async_read_header(stream, buffer, header_parser, as_tuple_awaitable);
    if (ec) {
      in.req.method = "GET";
      in.req.route = "(refused)";
      if (ec == bhttp::error::header_limit) {
        in.refusal = Error(431, "header_too_large", "Request Header Fields Too Large",
                           "The request's headers exceed " +
                               std::to_string(options_.header_limit) + " bytes.");
        co_return true;
      }
      bool http_error = ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category();
      if (http_error && ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
        in.refusal = Error::bad_request("malformed_request", "The request is not valid HTTP/1.1.");
        co_return true;
      }
      co_return false;
    }
    counted.emplace(in_flight_);
    auto& head = header_parser.get();
    in.req.method = std::string(head.method_string());
    in.req.target = std::string(head.target());
    for (const auto& field : head)
      in.req.headers.emplace(std::string(field.name_string()), std::string(field.value()));
    in.keep_alive = head.keep_alive();
    if (!decode_target(in.req)) {
      in.req.route = "(refused)";
      in.refusal = Error::bad_request("malformed_target",
                                      "The request target is not a valid path and query.");
      co_return true;
    }
    in.match = router_.match(in.req.method, in.req.path);
    std::size_t limit = in.match.route && in.match.route->body_limit ? in.match.route->body_limit
                                                                     : options_.body_limit;
    auto too_large = [&] {
      in.req.route = "(refused)";
      in.refusal = Error(413, "body_too_large", "Content Too Large",
                         "The request body exceeds " + std::to_string(limit) + " bytes.");
    };
    if (auto length = header_parser.content_length(); length && *length > limit) {
      too_large();
      co_return true;
    }
    bhttp::request_parser<bhttp::string_body> parser(std::move(header_parser));
    parser.body_limit(limit);
    stream.expires_after(options_.read_timeout);
    std::tie(ec, n) = co_await bhttp::async_read(stream, buffer, parser, as_tuple_awaitable);
    if (ec == bhttp::error::body_limit) {
      too_large();
      co_return true;
    }
    if (ec) co_return false;
    in.req.body = parser.release().body();
    co_return true;
  }

  awaitable<bool> write(beast::tcp_stream& stream, const Request& req, Response& res,
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
