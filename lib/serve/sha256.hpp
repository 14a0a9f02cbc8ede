#pragma once
// SHA-256 (FIPS 180-4) for the decision log's hash chain. Boost 1.74 offers only SHA-1
// (uuids::detail), which the receipts use; a chain meant to show tampering uses the
// stronger hash. Written from the standard, ~70 lines, rather than adding OpenSSL.

#include <string>
#include <string_view>

namespace talentrules::serve {

/// The lowercase hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace talentrules::serve
