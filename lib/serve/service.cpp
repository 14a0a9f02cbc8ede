// Dispatch: route lookup, query and media-type checks common to every route, and the
// boundary that turns any exception into a logged 503 (never a 500, never a crash).

#include <cstdio>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>

#include "routes.hpp"
#include "talentrules/json.hpp"
#include "talentrules/rules/request.hpp"

namespace talentrules::serve {
namespace {

// The media types a route accepts for its body: its own, and the spellings clients use
// for the same thing.
bool accepts(std::string_view route_type, std::string_view given) {
    if (given.empty() || given == route_type) return true;
    if (route_type == "application/x-ndjson") {
        return given == "application/jsonl" || given == "application/json-lines" || given == "application/x-jsonlines";
    }
    return false;
}

}  // namespace

Service::Service(ServeOptions o) : options(std::move(o)), packs(options.rules) {}

std::string Service::reload() {
    std::string errors = packs.reload();
    metrics.reload(errors.empty());
    if (errors.empty()) {
        auto snap = packs.current();
        std::string names;
        for (const auto& v : snap->versions) {
            names += fmt::format("{}{} {} ({})", names.empty() ? "" : ", ", v->pack().info.id, v->pack().info.version,
                                 v->content_hash().substr(0, 12));
        }
        log_line("serve: packs loaded: " + names);
    } else {
        log_line("serve: reload failed; the loaded packs stay in use:\n" + errors);
    }
    return errors;
}

Lang request_lang(const HttpRequest& request) {
    for (const auto& [k, v] : request.query) {
        if (k == "lang") return v == "en" ? Lang::en : Lang::zh;
    }
    return Lang::zh;
}

HttpResponse error_response(int status, std::string_view code, std::string_view key, std::vector<std::string> args,
                            Lang lang, const Diagnostics& diagnostics) {
    const Diagnostic d = catalogued_diagnostic(code, key, std::move(args));
    std::string body = "{\"error\":{\"code\":";
    append_json_string(body, d.code);
    body += ",\"message\":";
    append_json_string(body, message_in(d, lang));
    body += ",\"diagnostics\":";
    body += diagnostics_to_json(diagnostics, lang);
    body += "}}\n";
    return {status, "application/json", std::move(body), {}};
}

std::string query_value(const HttpRequest& request, std::string_view name, std::string fallback) {
    for (const auto& [k, v] : request.query) {
        if (k == name) return v;
    }
    return fallback;
}

void log_line(std::string_view text) {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    std::fwrite(text.data(), 1, text.size(), stderr);
    if (!text.ends_with('\n')) std::fputc('\n', stderr);
    std::fflush(stderr);
}

std::optional<HttpResponse> Service::refuse(const HttpRequest& request) const {
    const Lang lang = request_lang(request);
    const RouteMatch m = match_route(request.method, request.path);
    if (!m.route) {
        if (m.allowed.empty()) return error_response(404, "TR7001", "not_found", {request.path}, lang);
        std::string allowed;
        for (const auto& a : m.allowed) allowed += (allowed.empty() ? "" : ", ") + a;
        auto r = error_response(405, "TR7002", "method", {request.method, request.path, allowed}, lang);
        r.headers.emplace_back("Allow", allowed);
        return r;
    }
    const Route& route = *m.route;
    std::vector<std::string> known;
    for (const auto& q : route.query) known.emplace_back(q.name);
    std::vector<std::string_view> seen;
    for (const auto& [name, value] : request.query) {
        const QueryParam* param = nullptr;
        for (const auto& q : route.query) {
            if (q.name == name) param = &q;
        }
        if (!param) {
            if (auto hint = rules::nearest(name, known)) {
                return error_response(400, "TR7008", "unknown_hint", {name, *hint}, lang);
            }
            std::string list;
            for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
            return error_response(400, "TR7008", "unknown", {name, list.empty() ? "-" : list}, lang);
        }
        for (auto s : seen) {
            if (s == name) return error_response(400, "TR7008", "repeated", {name}, lang);
        }
        seen.push_back(name);
        if (param->type == "boolean" && value != "true" && value != "false") {
            return error_response(400, "TR7008", "boolean", {name, value}, lang);
        }
    }
    if (!route.request_type.empty() && !accepts(route.request_type, request.content_type)) {
        return error_response(415, "TR7004", "media", {request.content_type, std::string(route.request_type)}, lang);
    }
    return std::nullopt;
}

HttpResponse Service::handle(const HttpRequest& request) noexcept {
    const Lang lang = request_lang(request);
    try {
        if (auto refused = refuse(request)) return std::move(*refused);
        const RouteMatch m = match_route(request.method, request.path);
        const Route& route = *m.route;
        if (options.test_faults && request.test_fault == "throw") throw std::runtime_error("injected fault (X-Test-Fault)");
        auto res = route.handler(*this, request, m.path_params);
        res.route = route.path;
        return res;
    } catch (const std::exception& e) {
        log_line(fmt::format("serve: internal error in request {}: {}", request.request_id, e.what()));
    } catch (...) {
        log_line(fmt::format("serve: internal error in request {}", request.request_id));
    }
    try {
        return error_response(503, "TR7011", "internal", {request.request_id}, lang);
    } catch (...) {
        return {503, "application/json", "{\"error\":{\"code\":\"TR7011\",\"message\":\"internal error\",\"diagnostics\":[]}}\n", {}};
    }
}

}  // namespace talentrules::serve
