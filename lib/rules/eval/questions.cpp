// The report's questions: one list, across all decisions, of the facts still to ask for.
// A fact is listed only when a decision names it as missing, and a decision names only
// facts its result still turns on (CEL's unknowns: `false && x` needs no x), so a fact
// that cannot change any outcome is never asked for.

#include <algorithm>
#include <map>

#include "rules/eval/evaluation.hpp"

namespace talentrules::rules {

std::vector<Question> detail::questions_for(const RuleSet::Impl& impl, const std::vector<Decision>& decisions) {
    struct Needed {
        std::vector<std::string> undetermined, other;
    };
    std::map<std::size_t, Needed> by_fact;  // by index in schema order: ties keep it
    for (const auto& d : decisions) {
        for (const auto& name : d.missing) {
            auto it = impl.fact_by_path.find(name);
            if (it == impl.fact_by_path.end()) continue;  // a parameter: the pack's gap, not a question
            auto& needed = by_fact[it->second];
            (d.outcome == Outcome::undetermined ? needed.undetermined : needed.other).push_back(d.measure);
        }
    }
    std::vector<Question> out;
    for (auto& [index, needed] : by_fact) {
        const FactSlot& fs = impl.facts[index];
        const Fact& fact = *fs.fact;
        Question q;
        q.fact = fs.path;
        q.label = fact.label;
        q.type = fact.type;
        const FactType& t = fact.parsed_type.kind == FactType::Kind::list ? fact.parsed_type.element.front()
                                                                          : fact.parsed_type;
        if (t.kind == FactType::Kind::category) {
            for (const auto& c : impl.pack.categories) {
                if (c.name == t.category) q.values = c.values;
            }
        }
        q.min = fact.min;
        q.max = fact.max;
        q.undetermined = needed.undetermined.size();
        q.measures = std::move(needed.undetermined);
        q.measures.insert(q.measures.end(), needed.other.begin(), needed.other.end());
        out.push_back(std::move(q));
    }
    // Most undetermined decisions first, ties in schema order; those that only complete
    // an eligible decision's services (none undetermined) come last.
    std::stable_sort(out.begin(), out.end(),
                     [](const Question& a, const Question& b) { return a.undetermined > b.undetermined; });
    return out;
}

}  // namespace talentrules::rules
