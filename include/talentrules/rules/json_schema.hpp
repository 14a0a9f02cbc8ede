#pragma once
/// JSON Schema (draft 2020-12) documents for one pack: what a profile may hold and what a
/// report holds. Both are generated from the pack and from the engine's own spelling
/// tables, so they follow the pack and the report writer instead of drifting from them.
/// `talentrules schema --profile|--report` prints them; docs/REPORT.md describes them.
/// Thread-safe: pure functions of the RuleSet.

#include <string>

#include "talentrules/rules/ruleset.hpp"

namespace talentrules::rules {

/// The schema of the pack's profiles: every fact with its type, range, allowed values,
/// titles (zh as `title`, en as `description`), what its absence means (`x-absent`,
/// `default`) and whether it can change (`x-fixed`); `null` means absent; no other
/// fields. Pretty-printed JSON.
std::string profile_json_schema(const RuleSet& ruleset);

/// The schema of the pack's reports (`report_version` 2, docs/REPORT.md): every field,
/// the outcome, kind and change spellings, the pack's measure ids and facts.
/// Pretty-printed JSON.
std::string report_json_schema(const RuleSet& ruleset);

}  // namespace talentrules::rules
