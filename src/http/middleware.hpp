#pragma once
// Middleware: each wraps `next`. Handlers neither log, time, nor write error bodies.
#include <functional>
#include <vector>

#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace huying::http {

using Middleware = std::function<Response(Request&, const Handler& next)>;

// The first middleware is the outermost.
Pipeline chain(std::vector<Middleware> middleware);

// Takes X-Request-Id when it is a sane token, generates one otherwise; echoes it back.
Middleware request_id();
// One JSON access-log line and the metrics of every request.
Middleware access_log(Metrics& metrics);
// Turns every exception into problem+json; unexpected ones are logged with the request id
// and answered opaquely.
Middleware problem_details();

}  // namespace huying::http
