#pragma once
// The checked stage between the parsed pack (pack.hpp) and the compiled one
// (ruleset_impl.hpp): names are unique, types resolved, every expression parsed and
// type-checked against the pack's variables, definitions ordered by their dependencies.
// Private to lib/.

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "talentrules/cel/checker.hpp"
#include "talentrules/cel/env.hpp"
#include "talentrules/diagnostic.hpp"
#include "talentrules/rules/pack.hpp"

namespace talentrules::rules::detail {

/// A schema fact (or an object's field) declared as the variable `applicant.<path>`.
struct CheckedFact {
    std::string path;  ///< "birth_date", "home_purchase.price_wan"
    const Fact* fact = nullptr;
    std::string variable;
    cel::Type type;
};

/// Refers into the Pack it was checked from, which must outlive it and stay in place.
struct CheckedPack {
    /// Every fact, parameter and definition as a variable (a definition without a
    /// declared type has the type of its expression); the rule functions registered.
    std::shared_ptr<cel::Env> env;
    std::vector<CheckedFact> facts;  ///< schema order, an object's fields after it
    /// Each expression that checked with the type its place needs. An expression
    /// missing here had an error (reported).
    std::map<const Expression*, cel::CheckedExpr> expressions;
    /// Indexes into Pack::definitions, dependencies first.
    std::vector<std::size_t> definition_order;
    std::string graph_dot;
};

/// Checks `pack`: unique names (TR3005, TR3011), types (TR3007), expressions (TR1xxx,
/// TR2xxx, TR3013), category literals, parameter periods (TR3008), references to
/// measures (TR3009, TR3010), cycles (TR4001), unused names (TR3101, a warning). Every
/// problem is a diagnostic. nullopt when the pack cannot be ordered (a cycle, or a name
/// or parse error before the graph); otherwise what checked, even if some did not.
std::optional<CheckedPack> check_pack(const Pack& pack, Diagnostics& diags);

/// The type of a parameter value as written: a list or map of mixed types holds dyn.
cel::Type literal_type(const Literal& literal);

}  // namespace talentrules::rules::detail
