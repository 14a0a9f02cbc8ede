#pragma once
// Content hashes for receipts: SHA-1 (Boost's) over named parts, as lowercase hex.

#include <string>
#include <utility>
#include <vector>

namespace talentrules::rules::detail {

std::string sha1_hex(const std::vector<std::pair<std::string, std::string>>& parts);

/// A pack's identity by content: its files' bytes and their paths relative to `root`
/// ('/'-separated), sorted by path, each length-prefixed so no two packs frame alike.
/// The same pack hashes alike wherever it is installed and however `root` is spelt.
/// `files` hold paths as the loader read them (under `root`, or relative when `root`
/// is empty, as for packs held in memory).
std::string pack_content_hash(const std::string& root, const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace talentrules::rules::detail
