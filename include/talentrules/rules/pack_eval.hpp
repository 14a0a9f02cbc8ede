#pragma once
/// One expression evaluated in a pack's context (`talentrules eval --rules DIR`): with the
/// pack's categories (so `"博士" >= "硕士"` follows the degree order), definitions,
/// parameters (`params.x` as of the date) and, given a profile, its facts (`applicant.x`).
/// Thread-safe: free function over immutable inputs.

#include <string_view>

#include "talentrules/cel/value.hpp"
#include "talentrules/diagnostic.hpp"
#include "talentrules/rules/ruleset.hpp"

namespace talentrules::rules {

struct PackEvalResult {
    cel::Value value;         ///< unknown/error values as the pack's evaluation gives them
    Diagnostics diagnostics;  ///< the expression's parse and type errors (file "<expression>")
    bool ok() const { return !has_errors(diagnostics); }
};

/// Evaluates `expression` as if it were one more definition of the pack, for the profile
/// in `profile_text` (JSON, or YAML if `yaml`; its errors are TR5xxx diagnostics naming
/// `profile_source`) as of options.as_of. Invalid options throw as in evaluate().
PackEvalResult evaluate_in_pack(const RuleSet& ruleset, std::string_view expression,
                                std::string_view profile_text = "{}", std::string_view profile_source = {},
                                bool yaml = false, const EvaluateOptions& options = {});

}  // namespace talentrules::rules
