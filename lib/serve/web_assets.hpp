#pragma once
// The caseworker's page (web/, docs/zh/WORKBENCH.md), built into the program by
// cmake/embed_web.cmake: nothing is read from disk at run time.

#include <cstddef>
#include <span>
#include <string_view>

namespace talentrules::serve {

struct WebAsset {
    std::string_view path;          ///< relative to web/: "index.html", "app.js"
    std::string_view content_type;  ///< from the extension, fixed at build time
    const unsigned char* data;
    std::size_t size;
};

std::span<const WebAsset> web_assets();

}  // namespace talentrules::serve
