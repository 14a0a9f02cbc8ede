#include "rules/compile/hash.hpp"

#include <boost/uuid/detail/sha1.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace talentrules::rules::detail {
namespace {

std::string hex(boost::uuids::detail::sha1& h) {
    boost::uuids::detail::sha1::digest_type digest;
    h.get_digest(digest);
    std::string out;
    for (auto word : digest) out += fmt::format("{:08x}", word);
    return out;
}

// "<length>:<bytes>": a prefix-free frame, whatever bytes (NUL included) a part holds.
void frame(boost::uuids::detail::sha1& h, std::string_view bytes) {
    const auto length = fmt::format("{}:", bytes.size());
    h.process_bytes(length.data(), length.size());
    h.process_bytes(bytes.data(), bytes.size());
}

}  // namespace

std::string sha1_hex(const std::vector<std::pair<std::string, std::string>>& parts) {
    boost::uuids::detail::sha1 h;
    for (const auto& [name, text] : parts) {
        h.process_bytes(name.data(), name.size());
        h.process_byte(0);
        h.process_bytes(text.data(), text.size());
        h.process_byte(0);
    }
    return hex(h);
}

std::string pack_content_hash(const std::string& root, const std::vector<std::pair<std::string, std::string>>& files) {
    namespace fs = std::filesystem;
    const fs::path base = fs::path(root).lexically_normal();
    std::vector<std::pair<std::string, const std::string*>> relative;
    relative.reserve(files.size());
    for (const auto& [name, text] : files) {
        const fs::path path = fs::path(name).lexically_normal();
        const fs::path rel = root.empty() ? path : path.lexically_relative(base);
        relative.emplace_back(rel.generic_string(), &text);
    }
    std::sort(relative.begin(), relative.end());
    boost::uuids::detail::sha1 h;
    frame(h, "talentrules pack v1");
    frame(h, std::to_string(relative.size()));
    for (const auto& [path, text] : relative) {
        frame(h, path);
        frame(h, *text);
    }
    return hex(h);
}

}  // namespace talentrules::rules::detail
