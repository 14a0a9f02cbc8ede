#pragma once
// Gives profile diagnostics the line and column of what their pointer names: the value,
// or the key of an unknown field (TR5001), whose value may be fine. Run only when there
// are diagnostics, so a valid profile pays nothing for positions.

#include <string_view>

#include <yaml-cpp/yaml.h>

#include "talentrules/diagnostic.hpp"

namespace talentrules::rules::profile {

/// For `text`, a JSON document already parsed without error.
void locate_in_json(std::string_view text, Diagnostics& diagnostics);

/// For the YAML document `root` read from `text`.
void locate_in_yaml(std::string_view text, const YAML::Node& root, Diagnostics& diagnostics);

}  // namespace talentrules::rules::profile
