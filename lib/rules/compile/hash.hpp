#pragma once
// Content hashes for receipts: SHA-1 (Boost's) over named parts, as lowercase hex.

#include <string>
#include <utility>
#include <vector>

namespace talentrules::rules::detail {

std::string sha1_hex(const std::vector<std::pair<std::string, std::string>>& parts);

}  // namespace talentrules::rules::detail
