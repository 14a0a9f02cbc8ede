#pragma once
// A value written in the pack for a fact (its `absent: value`) as a profile's value of
// that fact would be: dates as timestamps, categories as their strings, an object's
// fields checked against its declared fields. One reading for the check (which reports a
// wrong value) and the compile stage (which keeps the value). Private to lib/.

#include <optional>
#include <string>

#include "talentrules/cel/value.hpp"
#include "talentrules/rules/pack.hpp"

namespace talentrules::rules::detail {

/// `literal` as a value of `fact` (of type `type`: the fact's, or a list or map element's);
/// nullopt when it is not one, with `why` naming what was expected.
std::optional<cel::Value> fact_value(const Pack& pack, const Fact& fact, const FactType& type, const Literal& literal,
                                     std::string* why);

}  // namespace talentrules::rules::detail
