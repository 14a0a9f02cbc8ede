#pragma once
// yaml-cpp -> Pack. Private to the library: no yaml-cpp type leaves lib/.

#include "talentrules/rules/pack.hpp"
#include "talentrules/rules/ruleset.hpp"
#include "text/utf8.hpp"

namespace talentrules::rules::detail {

/// Reads every pack file under `directory` (not under tests/). Structural problems are
/// diagnostics; the returned Pack holds what could be read.
Pack load_pack_files(const std::string& directory, const LoadOptions& options, Diagnostics& diags);

/// The same from file texts held in memory (name, YAML text), as if they were the
/// files of one folder, in the given order. For fuzzing, tests and embedders.
Pack load_pack_texts(const std::vector<std::pair<std::string, std::string>>& files, const LoadOptions& options,
                     Diagnostics& diags);

using text::first_invalid_utf8;  // callers here say detail::first_invalid_utf8

/// True if `date` is a valid calendar date written YYYY-MM-DD.
bool valid_date(std::string_view date);

}  // namespace talentrules::rules::detail
