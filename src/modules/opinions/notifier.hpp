#pragma once
// Messages to citizens (SMS in real deployments) leave through a Notifier. The default only
// logs; the webhook posts each message to a gateway over HTTP. Retries, backoff and the
// delivery log belong to the caller (opinions::Service::deliver_due), so that a Notifier
// makes one attempt and says how it went.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace huying::opinions {

struct OutboundMessage {
  std::int64_t delivery_id = 0;
  std::optional<std::int64_t> opinion_id;
  std::string to;  // the citizen's mobile number, in full: the gateway needs it
  std::string text;
};

class Notifier {
 public:
  virtual ~Notifier() = default;
  // Empty when delivered; otherwise why not (kept in the delivery log).
  virtual std::optional<std::string> send(const OutboundMessage& message) = 0;
};

class LogNotifier final : public Notifier {
 public:
  std::optional<std::string> send(const OutboundMessage& message) override;
};

// POSTs {"to","text","opinion_id","delivery_id"} as JSON to an http:// URL; a 2xx answer
// within the timeout is a delivery.
class WebhookNotifier final : public Notifier {
 public:
  WebhookNotifier(std::string url, std::chrono::milliseconds timeout);
  std::optional<std::string> send(const OutboundMessage& message) override;

 private:
  std::string host_, port_, target_;
  std::chrono::milliseconds timeout_;
};

// "log" or "webhook" (with its URL); throws huying::Error naming what is wrong.
std::unique_ptr<Notifier> make_notifier(const std::string& kind, const std::string& webhook_url);

}  // namespace huying::opinions
