#include "rules/compile/hash.hpp"

#include <boost/uuid/detail/sha1.hpp>
#include <fmt/format.h>

namespace talentrules::rules::detail {

std::string sha1_hex(const std::vector<std::pair<std::string, std::string>>& parts) {
    boost::uuids::detail::sha1 h;
    for (const auto& [name, text] : parts) {
        h.process_bytes(name.data(), name.size());
        h.process_byte(0);
        h.process_bytes(text.data(), text.size());
        h.process_byte(0);
    }
    boost::uuids::detail::sha1::digest_type digest;
    h.get_digest(digest);
    std::string out;
    for (auto word : digest) out += fmt::format("{:08x}", word);
    return out;
}

}  // namespace talentrules::rules::detail
