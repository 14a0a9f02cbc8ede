#pragma once
// Profile validation against the pack's schema: one pass over the profile as a CEL value
// that reports every problem at once, each naming its value by JSON pointer. Where the
// values are in a text (JSON, YAML) locate.hpp then gives each pointer its position.

#include <string>

#include "rules/compile/ruleset_impl.hpp"
#include "talentrules/rules/ruleset.hpp"

namespace talentrules::rules::profile {

/// The profile of `object` (a map of facts), or every problem with it (TR5001–TR5005),
/// each with its pointer and without a position.
ProfileResult validate(const RuleSet::Impl& impl, const ProfileLimits& limits, const cel::Value& object,
                       std::string source);

}  // namespace talentrules::rules::profile
