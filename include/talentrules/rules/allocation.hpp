#pragma once
/// Ranked allocation from a limited pool (人才公寓配租, 绿色通道 quotas): the pack's
/// `rankings` score each applicant eligible for the ranking's measure; applicants take
/// units in rank order (score high to low, then tie_break ascending, then applicant
/// id), each from the units of its own pool; the rest are waitlisted in the same order.
/// Deterministic: the same inputs give the same allocation.
/// Thread-safe: free functions over immutable inputs.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "talentrules/diagnostic.hpp"
#include "talentrules/rules/ruleset.hpp"

namespace talentrules::rules {

/// Vacant units of one kind. `pool` empty = open to every pool.
struct UnitGroup {
    std::string type;  ///< e.g. "一室一厅", or "博士" for a quota
    std::int64_t size = 0;  ///< m², informational
    std::int64_t count = 0;
    std::string pool;
};

struct ScorePartResult {
    std::string id;
    Text title;
    std::optional<std::int64_t> points;  ///< none when the part could not be computed
};

struct Placement {
    std::string applicant_id;
    std::string source;  ///< where the profile came from
    Outcome outcome = Outcome::undetermined;  ///< of the ranking's measure
    std::int64_t score = 0;
    std::vector<ScorePartResult> parts;
    std::string pool;
    std::optional<std::size_t> rank;             ///< 1-based among the ranked
    std::optional<std::string> unit;             ///< "一室一厅 #2 (45 m²)"
    std::optional<std::size_t> waitlist;         ///< 1-based position
    std::vector<std::string> reasons;            ///< why not ranked: failed conditions, missing facts
};

struct Allocation {
    std::string ranking;
    std::string as_of;
    std::vector<Placement> placements;  ///< ranked first (by rank), then the others by applicant id
    std::size_t units_total = 0, units_allocated = 0;
    Diagnostics diagnostics;
};

/// Reads a units file: JSON or YAML `{"units": [{"type", "size", "count", "pool"}]}`.
std::optional<std::vector<UnitGroup>> parse_units(std::string_view text, bool yaml, Diagnostics& diags,
                                                  std::string_view source = {});

/// Ranks and assigns. `ranking` empty = the pack's first ranking.
Allocation allocate(const RuleSet& ruleset, const std::vector<std::pair<std::string, Profile>>& applicants,
                    const std::vector<UnitGroup>& units, std::string_view ranking, const EvaluateOptions& options);

std::string to_json(const Allocation& allocation);
std::string to_text(const Allocation& allocation, std::string_view lang = "zh");

}  // namespace talentrules::rules
