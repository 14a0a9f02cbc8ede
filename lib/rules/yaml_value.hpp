#pragma once
// YAML data (profiles, inline test profiles, units files) as CEL values, typed the way
// JSON would type them: plain true/false, integers and decimals are typed; quoted
// scalars and everything else are strings. One conversion for every YAML data input.

#include <yaml-cpp/yaml.h>

#include <optional>

#include "talentrules/cel/value.hpp"

namespace talentrules::rules::detail {

/// nullopt when nesting exceeds 64 levels or a mapping repeats a key.
std::optional<cel::Value> yaml_to_value(const YAML::Node& node, int depth = 0);

}  // namespace talentrules::rules::detail
