#include "rules/profile/pointer.hpp"

namespace talentrules::rules::profile {

std::string child_pointer(std::string_view pointer, std::string_view token) {
    std::string out(pointer);
    out += '/';
    for (char c : token) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

std::vector<std::string> pointer_tokens(std::string_view pointer) {
    std::vector<std::string> tokens;
    for (char c : pointer) {
        if (c == '/') {
            tokens.emplace_back();
        } else if (!tokens.empty()) {
            tokens.back() += c;
        }
    }
    // Unescape ~1 before ~0 (RFC 6901 §4), so "~01" reads as "~1", not "/".
    for (auto& t : tokens) {
        for (std::size_t at = 0; (at = t.find("~1", at)) != std::string::npos; ++at) t.replace(at, 2, "/");
        for (std::size_t at = 0; (at = t.find("~0", at)) != std::string::npos; ++at) t.replace(at, 2, "~");
    }
    return tokens;
}

}  // namespace talentrules::rules::profile
