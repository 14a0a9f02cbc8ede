// The caseworker's page: / and /static/{name}, from the files built into the program.

#include "routes.hpp"
#include "web_assets.hpp"

namespace talentrules::serve {
namespace {

// The page loads nothing from elsewhere and runs no inline script or style; framing and
// form posts to other sites are refused too.
constexpr std::string_view csp =
    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

HttpResponse asset_response(const WebAsset& a) {
    HttpResponse res{200, std::string(a.content_type),
                     std::string(reinterpret_cast<const char*>(a.data), a.size),
                     {{"Content-Security-Policy", std::string(csp)},
                      {"X-Content-Type-Options", "nosniff"},
                      {"Referrer-Policy", "no-referrer"},
                      // Files change only with the program: revalidate rather than keep stale ones.
                      {"Cache-Control", "no-cache"}}};
    return res;
}

const WebAsset* find_asset(std::string_view path) {
    for (const auto& a : web_assets()) {
        if (a.path == path) return &a;
    }
    return nullptr;
}

}  // namespace

HttpResponse handle_index(Service&, const HttpRequest& req, const std::vector<std::string>&) {
    const auto* a = find_asset("index.html");
    if (!a) return error_response(404, "TR7001", "not_found", {req.path}, request_lang(req));
    return asset_response(*a);
}

HttpResponse handle_static(Service&, const HttpRequest& req, const std::vector<std::string>& args) {
    // Only names in the built-in table: no path is ever joined onto a directory.
    const auto* a = args.empty() || args[0] == "index.html" ? nullptr : find_asset(args[0]);
    if (!a) return error_response(404, "TR7001", "not_found", {req.path}, request_lang(req));
    return asset_response(*a);
}

}  // namespace talentrules::serve
