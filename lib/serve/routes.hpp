#pragma once
// The route table: the one list of what the service answers. The dispatcher matches
// requests against it and /openapi.json is generated from it, so the document and the
// server cannot disagree (tests/serve check both ways).

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "service.hpp"

namespace talentrules::serve {

struct QueryParam {
    std::string_view name;
    std::string_view type;  ///< "string" | "boolean" | "date" | "list" (comma-separated)
    std::string_view description;
};

struct Route {
    std::string_view method;
    std::string_view path;  ///< "/v1/measures/{id}": a {name} segment matches one segment
    std::string_view summary;
    std::vector<QueryParam> query;
    std::string_view request_type;   ///< media type of the body; empty = no body
    std::string_view response_type;  ///< media type of a 200 answer (several: ", "-separated)
    std::vector<int> statuses;       ///< the answers besides 200 it documents
    HttpResponse (*handler)(Service& service, const HttpRequest& request, const std::vector<std::string>& args);
};

std::span<const Route> routes();

struct RouteMatch {
    const Route* route = nullptr;      ///< null: no route for this method and path
    std::vector<std::string> path_params;  ///< the {name} segments, in order
    std::vector<std::string> allowed;  ///< methods the path has (non-empty: 405, not 404)
};

RouteMatch match_route(std::string_view method, std::string_view path);

/// The OpenAPI 3.1 document of routes(), pretty-printed JSON.
std::string openapi_json();

// The handlers (handlers_*.cpp).
HttpResponse handle_check(Service&, const HttpRequest&, const std::vector<std::string>&);
HttpResponse handle_batch(Service&, const HttpRequest&, const std::vector<std::string>&);
HttpResponse handle_allocate(Service&, const HttpRequest&, const std::vector<std::string>&);
HttpResponse handle_measures(Service&, const HttpRequest&, const std::vector<std::string>&);
HttpResponse handle_measure(Service&, const HttpRequest&, const std::vector<std::string>&);
HttpResponse handle_profile_schema(Service&, const HttpRequest&, const std::vector<std::string>&);
HttpResponse handle_report_schema(Service&, const HttpRequest&, const std::vector<std::string>&);
HttpResponse handle_packs(Service&, const HttpRequest&, const std::vector<std::string>&);
HttpResponse handle_reload(Service&, const HttpRequest&, const std::vector<std::string>&);
HttpResponse handle_health(Service&, const HttpRequest&, const std::vector<std::string>&);
HttpResponse handle_ready(Service&, const HttpRequest&, const std::vector<std::string>&);
HttpResponse handle_metrics(Service&, const HttpRequest&, const std::vector<std::string>&);
HttpResponse handle_openapi(Service&, const HttpRequest&, const std::vector<std::string>&);
HttpResponse handle_index(Service&, const HttpRequest&, const std::vector<std::string>&);
HttpResponse handle_static(Service&, const HttpRequest&, const std::vector<std::string>&);

}  // namespace talentrules::serve
