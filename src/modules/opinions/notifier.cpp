#include "modules/opinions/notifier.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/masking.hpp"

namespace huying::opinions {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

std::optional<std::string> LogNotifier::send(const OutboundMessage& m) {
  log::info("message to citizen", {{"delivery_id", m.delivery_id}, {"to", mask_mobile(m.to)}, {"text", m.text}});
  return std::nullopt;
}

WebhookNotifier::WebhookNotifier(std::string url, std::chrono::milliseconds timeout) : timeout_(timeout) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || parsed->scheme() != "http" || parsed->host().empty())
    throw Error(500, "invalid_config", "Invalid Configuration",
                "notifier_webhook_url must be an http:// URL (TLS ends at a local gateway or proxy).");
  host_ = parsed->host();
  port_ = parsed->has_port() ? std::string(parsed->port()) : "80";
  target_ = parsed->encoded_target().empty() ? "/" : std::string(parsed->encoded_target());
}

std::optional<std::string> WebhookNotifier::send(const OutboundMessage& m) {
  boost::json::object body{{"to", m.to}, {"text", m.text}, {"delivery_id", std::to_string(m.delivery_id)}};
  body["opinion_id"] = m.opinion_id ? boost::json::value(std::to_string(*m.opinion_id)) : nullptr;
  http::request<http::string_body> req{http::verb::post, target_, 11};
  req.set(http::field::host, host_);
  req.set(http::field::content_type, "application/json");
  req.set(http::field::user_agent, "huying-notifier");
  req.body() = boost::json::serialize(body);
  req.prepare_payload();

  // Asynchronous operations run on a private io_context for at most the timeout, so that a
  // gateway that never answers cannot hold the delivery worker.
  boost::asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  tcp::resolver resolver(ioc);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  std::optional<std::string> failure = "no answer within " + std::to_string(timeout_.count()) + " ms";
  stream.expires_after(timeout_);
  resolver.async_resolve(host_, port_, [&](beast::error_code ec, tcp::resolver::results_type results) {
    if (ec) {
      failure = "resolve: " + ec.message();
      return;
    }
    stream.async_connect(results, [&](beast::error_code ec, const tcp::endpoint&) {
      if (ec) {
        failure = "connect: " + ec.message();
        return;
      }
      http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
        if (ec) {
          failure = "write: " + ec.message();
          return;
        }
        http::async_read(stream, buffer, res, [&](beast::error_code ec, std::size_t) {
          if (ec) {
            failure = "read: " + ec.message();
            return;
          }
          unsigned status = res.result_int();
          if (status >= 200 && status < 300)
            failure.reset();
          else
            failure = "HTTP " + std::to_string(status);
        });
      });
    });
  });
  ioc.run_for(timeout_ + std::chrono::milliseconds(100));
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return failure;
}

std::unique_ptr<Notifier> make_notifier(const std::string& kind, const std::string& webhook_url) {
  if (kind == "webhook") {
    if (webhook_url.empty())
      throw Error(500, "invalid_config", "Invalid Configuration", "notifier = webhook needs notifier_webhook_url.");
    return std::make_unique<WebhookNotifier>(webhook_url, std::chrono::milliseconds(5000));
  }
  return std::make_unique<LogNotifier>();
}

}  // namespace huying::opinions
