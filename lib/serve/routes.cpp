#include "routes.hpp"

#include <nlohmann/json.hpp>

namespace talentrules::serve {
namespace {

const QueryParam as_of{"as_of", "date", "Evaluation date YYYY-MM-DD (default: today, UTC); also picks the pack version"};
const QueryParam lang{"lang", "string", "zh (default) or en: the report's language and the error messages'"};
const QueryParam measures{"measures", "list", "Only these measure ids, comma-separated"};
const QueryParam explain{"explain", "boolean", "false: the brief report, without conditions and what would change a no"};
const QueryParam strict{"strict", "boolean", "true: make no assumptions for facts the profile leaves out"};
const QueryParam ranking{"ranking", "string", "Ranking id (default: the pack's first)"};

const std::vector<Route> table = {
    {"POST", "/v1/check", "Decide every measure for one applicant (the body is the profile, as `talentrules check` reads it)",
     {as_of, lang, measures, explain, strict}, "application/json", "application/json", {400, 413, 415, 422, 503},
     handle_check},
    {"POST", "/v1/batch", "Decide many applicants: JSON Lines in, one report or error record per line out, in order",
     {as_of, lang, explain, strict}, "application/x-ndjson", "application/x-ndjson", {400, 413, 415, 503},
     handle_batch},
    {"POST", "/v1/allocate", "Rank the applicants eligible for a ranking's measure and assign a pool of units",
     {as_of, lang, ranking}, "application/json", "application/json", {400, 413, 415, 422, 503}, handle_allocate},
    {"GET", "/v1/measures", "The measures of the pack version in effect: id, title, kind, clause, period, unit",
     {as_of, lang}, "", "application/json", {400, 503}, handle_measures},
    {"GET", "/v1/measures/{id}", "One measure: clause, conditions, amount, services and the parameters it reads",
     {as_of, lang}, "", "application/json", {400, 404, 503}, handle_measure},
    {"GET", "/v1/schema/profile", "JSON Schema of an applicant profile", {as_of, lang}, "", "application/json",
     {400, 503}, handle_profile_schema},
    {"GET", "/v1/schema/report", "JSON Schema of a report", {as_of, lang}, "", "application/json", {400, 503},
     handle_report_schema},
    {"GET", "/v1/packs", "The loaded pack versions: effective periods and content hashes", {lang}, "",
     "application/json", {503}, handle_packs},
    {"POST", "/v1/admin/reload", "Load the packs anew and swap them in if they load clean (loopback peers only)",
     {lang}, "", "application/json", {403, 422}, handle_reload},
    {"GET", "/health", "Alive", {}, "", "application/json", {}, handle_health},
    {"GET", "/ready", "Packs loaded and connections accepted", {}, "", "application/json", {503}, handle_ready},
    {"GET", "/metrics", "Prometheus text format: requests, latency, decisions, reloads, pack versions", {}, "",
     "text/plain; version=0.0.4", {}, handle_metrics},
    {"GET", "/openapi.json", "This document", {}, "", "application/json", {}, handle_openapi},
    {"GET", "/", "The caseworker's page (docs/zh/WORKBENCH.md), built into the program", {}, "",
     "text/html; charset=utf-8", {}, handle_index},
    {"GET", "/static/{name}", "The page's scripts and style sheets", {}, "",
     "text/javascript; charset=utf-8, text/css; charset=utf-8", {404}, handle_static},
};

// Splits "/a/b" into {"a","b"}; "//a" gives an empty first segment, which no route has.
std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    if (path.starts_with('/')) path.remove_prefix(1);
    while (!path.empty()) {
        const auto end = path.find('/');
        out.push_back(path.substr(0, end));
        if (end == std::string_view::npos) break;
        path.remove_prefix(end + 1);
        if (path.empty()) out.emplace_back();
    }
    return out;
}

bool path_matches(std::string_view pattern, std::string_view path, std::vector<std::string>& args) {
    if (path.empty() || path.front() != '/' || (path.size() > 1 && path.back() == '/')) return false;
    const auto p = segments(pattern);
    const auto s = segments(path);
    if (p.size() != s.size()) return false;
    std::vector<std::string> found;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (s[i].empty()) return false;
        if (p[i].starts_with('{')) found.emplace_back(s[i]);
        else if (p[i] != s[i]) return false;
    }
    args = std::move(found);
    return true;
}

std::string status_text(int status) {
    switch (status) {
        case 400: return "The request is malformed: bad JSON, a bad query parameter or option";
        case 403: return "Refused: only loopback peers may ask this";
        case 404: return "No such resource";
        case 413: return "The body is over the service's limit";
        case 415: return "The body's Content-Type is not the one this route reads";
        case 422: return "The body is well-formed but does not fit the pack (every problem listed)";
        case 503: return "Not ready, or the decision could not be recorded";
        default: return "Error";
    }
}

}  // namespace

std::span<const Route> routes() { return table; }

RouteMatch match_route(std::string_view method, std::string_view path) {
    RouteMatch m;
    for (const auto& r : table) {
        std::vector<std::string> args;
        if (!path_matches(r.path, path, args)) continue;
        // HEAD is GET without the body (the server drops it).
        if (r.method == method || (method == "HEAD" && r.method == "GET")) {
            m.route = &r;
            m.path_params = std::move(args);
            return m;
        }
        m.allowed.emplace_back(r.method);
    }
    return m;
}

std::string openapi_json() {
    using nlohmann::ordered_json;
    ordered_json doc;
    doc["openapi"] = "3.1.0";
    doc["info"] = {{"title", "talentrules service"},
                   {"version", "1"},
                   {"description", "Policy decisions over the loaded rule packs (docs/SERVICE.md). Every error is "
                                   "{\"error\":{\"code\",\"message\",\"diagnostics\"}}."}};
    ordered_json error_schema = {
        {"type", "object"},
        {"required", {"error"}},
        {"properties",
         {{"error",
           {{"type", "object"},
            {"required", {"code", "message", "diagnostics"}},
            {"properties",
             {{"code", {{"type", "string"}, {"pattern", "^TR[0-9]{4}$"}}},
              {"message", {{"type", "string"}}},
              {"diagnostics",
               {{"type", "array"},
                {"items",
                 {{"type", "object"},
                  {"properties",
                   {{"severity", {{"type", "string"}}},
                    {"code", {{"type", "string"}}},
                    {"message", {{"type", "string"}}},
                    {"file", {{"type", "string"}}},
                    {"line", {{"type", "integer"}}},
                    {"column", {{"type", "integer"}}},
                    {"pointer", {{"type", "string"}}}}}}}}}}}}}}}};
    doc["components"]["schemas"]["Error"] = error_schema;
    ordered_json paths = ordered_json::object();
    for (const auto& r : table) {
        ordered_json op;
        op["summary"] = r.summary;
        std::string id;
        for (char c : std::string(r.method) + std::string(r.path)) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) id += c;
            else if (!id.empty() && id.back() != '_') id += '_';
        }
        op["operationId"] = id;
        ordered_json params = ordered_json::array();
        for (auto seg : segments(r.path)) {
            if (!seg.starts_with('{')) continue;
            params.push_back({{"name", std::string(seg.substr(1, seg.size() - 2))},
                              {"in", "path"},
                              {"required", true},
                              {"schema", {{"type", "string"}}}});
        }
        for (const auto& q : r.query) {
            ordered_json schema;
            if (q.type == "boolean") schema = {{"type", "boolean"}};
            else if (q.type == "date") schema = {{"type", "string"}, {"format", "date"}};
            else schema = {{"type", "string"}};
            params.push_back({{"name", std::string(q.name)},
                              {"in", "query"},
                              {"required", false},
                              {"description", std::string(q.description)},
                              {"schema", schema}});
        }
        if (!params.empty()) op["parameters"] = params;
        if (!r.request_type.empty()) {
            op["requestBody"] = {{"required", true},
                                 {"content", {{std::string(r.request_type), {{"schema", {{"type", "string"}}}}}}}};
            if (r.request_type == "application/json") {
                op["requestBody"]["content"]["application/json"]["schema"] = {{"type", "object"}};
            }
        }
        ordered_json responses;
        // response_type may list several media types, ", "-separated (the page's static files).
        ordered_json content = ordered_json::object();
        for (std::string_view rest = r.response_type; !rest.empty();) {
            const auto comma = rest.find(", ");
            content[std::string(rest.substr(0, comma))] = {{"schema", ordered_json::object()}};
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 2);
        }
        responses["200"] = {{"description", "OK"}, {"content", content}};
        for (int s : r.statuses) {
            responses[std::to_string(s)] = {
                {"description", status_text(s)},
                {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
        }
        op["responses"] = responses;
        std::string method(r.method);
        for (auto& c : method) c = static_cast<char>(c - 'A' + 'a');
        paths[std::string(r.path)][method] = op;
    }
    doc["paths"] = paths;
    return doc.dump(2) + "\n";
}

HttpResponse handle_openapi(Service&, const HttpRequest&, const std::vector<std::string>&) {
    // Built once: the table is fixed at compile time.
    static const std::string body = openapi_json();
    return {200, "application/json", body, {}};
}

}  // namespace talentrules::serve
