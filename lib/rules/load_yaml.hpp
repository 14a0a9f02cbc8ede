#pragma once
// yaml-cpp -> Pack. Private to the library: no yaml-cpp type leaves lib/.

#include "talentrules/rules/pack.hpp"
#include "talentrules/rules/ruleset.hpp"

namespace talentrules::rules::detail {

/// Reads every pack file under `directory` (not under tests/). Structural problems are
/// diagnostics; the returned Pack holds what could be read.
Pack load_pack_files(const std::string& directory, const LoadOptions& options, Diagnostics& diags);

/// True if `date` is a valid calendar date written YYYY-MM-DD.
bool valid_date(std::string_view date);

}  // namespace talentrules::rules::detail
