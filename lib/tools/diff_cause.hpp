#pragma once
// What two versions of a pack write differently, element by element, and the old pack
// with one of those changes alone applied (to find which change flips a decision).
// Private to lib/.

#include <memory>

#include "talentrules/rules/diff.hpp"

namespace talentrules::rules::detail {

/// `before` with the element of `change` taken from `after` (added, replaced or removed),
/// compiled; null when that pack does not compile by itself (the change needs another).
std::shared_ptr<const RuleSet> with_change(const RuleSet& before, const RuleSet& after, const PackChange& change);

}  // namespace talentrules::rules::detail
