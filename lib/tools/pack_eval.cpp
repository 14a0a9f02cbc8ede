// evaluate_in_pack: the expression becomes one more definition of a copy of the pack,
// checked and compiled with the rest, and its value is read like any definition's.

#include "talentrules/rules/pack_eval.hpp"

#include <algorithm>

#include "rules/compile/ruleset_impl.hpp"

namespace talentrules::rules {

PackEvalResult evaluate_in_pack(const RuleSet& ruleset, std::string_view expression, std::string_view profile_text,
                                std::string_view profile_source, bool yaml, const EvaluateOptions& options) {
    PackEvalResult result;
    Pack pack = ruleset.pack();
    // A name no definition of the pack has.
    std::string name = "expression";
    const auto taken = [&](const std::string& n) {
        return std::any_of(pack.definitions.begin(), pack.definitions.end(), [&](const Definition& d) { return d.name == n; });
    };
    while (taken(name)) name += "_";
    Definition d;
    d.name = name;
    d.title = {"表达式", "expression"};
    d.value.text = std::string(expression);
    d.value.location = {"<expression>", {1, 1}};
    d.location = d.value.location;
    pack.definitions.push_back(std::move(d));
    Diagnostics diags;
    auto impl = compile_pack(std::move(pack), diags);
    // Only the expression's own problems: the rest of the pack loaded without errors, and
    // its warnings are lint's.
    for (auto& x : diags) {
        // TR3101: the expression, a definition nothing uses, is unused by design.
        if (x.file == "<expression>" && x.code != "TR3101") result.diagnostics.push_back(std::move(x));
    }
    if (has_errors(diags)) {
        if (result.diagnostics.empty()) result.diagnostics = std::move(diags);
        return result;
    }
    const RuleSet with(std::move(impl));
    auto profile = with.parse_profile(profile_text, profile_source, yaml);
    if (!profile.ok()) {
        result.diagnostics = std::move(profile.diagnostics);
        return result;
    }
    result.value = with.value_of(*profile.profile, name, options);
    return result;
}

}  // namespace talentrules::rules
