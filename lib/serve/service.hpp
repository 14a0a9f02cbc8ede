#pragma once
// The service's state shared by every connection, and the request and response the
// handlers see (no HTTP library type crosses into the handlers).

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "decision_log.hpp"
#include "metrics.hpp"
#include "packs.hpp"
#include "serve.hpp"
#include "talentrules/diagnostic.hpp"

namespace talentrules::serve {

struct HttpRequest {
    std::string method;
    std::string path;                            ///< decoded target without the query
    std::vector<std::pair<std::string, std::string>> query;  ///< decoded, in order
    std::string body;
    std::string content_type;  ///< the media type, lowercased, without parameters
    std::string request_id;
    std::string test_fault;    ///< X-Test-Fault, honoured only with ServeOptions::test_faults
    bool loopback = false;     ///< the peer is 127.0.0.0/8 or ::1
};

struct HttpResponse {
    HttpResponse() = default;
    HttpResponse(int s, std::string type, std::string text,
                 std::vector<std::pair<std::string, std::string>> extra = {})
        : status(s), content_type(std::move(type)), body(std::move(text)), headers(std::move(extra)) {}

    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string_view route;  ///< the route's path template, for metrics; empty = none matched
};

class Service {
public:
    explicit Service(ServeOptions options);

    /// The answer to one request; never throws (an exception is logged and answered 503).
    HttpResponse handle(const HttpRequest& request) noexcept;
    /// The refusal of a request before its body is read (no route, method, a bad query
    /// parameter, the wrong media type), or nullopt: what handle() checks first.
    std::optional<HttpResponse> refuse(const HttpRequest& request) const;
    /// Reloads the packs (SIGHUP, POST /v1/admin/reload): the errors, empty on success.
    std::string reload();

    const ServeOptions options;
    PackStore packs;
    Metrics metrics;
    std::unique_ptr<DecisionLog> log;
    std::atomic<std::size_t> connections{0};
    std::atomic<bool> draining{false};
};

/// The language of a request's messages: its `lang` query parameter, else Chinese.
Lang request_lang(const HttpRequest& request);

/// The one error shape: {"error":{"code","message","diagnostics":[…]}}, the message of
/// catalogue entry `code`/`key` in `lang`, the diagnostics (every one) as
/// diagnostics_to_json writes them.
HttpResponse error_response(int status, std::string_view code, std::string_view key, std::vector<std::string> args,
                            Lang lang, const Diagnostics& diagnostics = {});

/// The value of query parameter `name`, or `fallback` when absent.
std::string query_value(const HttpRequest& request, std::string_view name, std::string fallback = {});

/// Writes one line to stderr (operators' messages: reloads, internal errors).
void log_line(std::string_view text);

}  // namespace talentrules::serve
