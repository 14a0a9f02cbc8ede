#pragma once
// One evaluation of a compiled pack for one profile: facts bound up front (an absent fact
// with a declared meaning as that value, unless strict); parameters and definitions
// resolved on first use (at most once each) through cel::Resolver. Other absent facts are
// CEL unknowns. Shared by evaluate.cpp and allocation.cpp; not thread-safe
// (one per evaluation).

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "rules/compile/functions.hpp"
#include "rules/compile/ruleset_impl.hpp"

namespace talentrules::rules::detail {

using cel::Value;

class Evaluation final : public cel::Resolver {
public:
    Evaluation(const RuleSet::Impl& impl, const Profile& profile, std::string as_of, cel::EvalLimits limits = {},
               bool assume = true)
        : impl_(impl), activation_(impl.env), as_of_(std::move(as_of)), limits_(limits) {
        const auto n = impl.env->variables().size();
        cache_.resize(n);
        busy_.assign(n, 0);
        activation_.set_missing_unknown(true);
        activation_.set_resolver(this);
        if (auto t = parse_date(as_of_)) activation_.set(impl.as_of_slot, Value(*t));
        for (const auto& [slot, value] : profile.facts) activation_.set(slot, value);
        if (assume) {
            for (std::size_t i = 0; i < impl.assumptions.size(); ++i) {
                const CompiledAssumption& a = impl.assumptions[i];
                if (activation_.get(a.slot)) continue;
                if (a.parent_slot && !activation_.get(*a.parent_slot)) continue;
                activation_.set(a.slot, a.value);
                assumed_.push_back(i);
            }
        }
    }

    /// Indexes into RuleSet::Impl::assumptions of those bound, in order.
    const std::vector<std::size_t>& assumed() const { return assumed_; }

    /// Binds fact `slot` to `value` and forgets the definitions computed so far that
    /// depend on it: a trial of another value of one fact (what would change a "no").
    void vary(std::uint32_t slot, Value value) {
        activation_.set(slot, std::move(value));
        for (const auto& d : impl_.definitions) {
            if (std::binary_search(d.deep_reads.begin(), d.deep_reads.end(), slot)) cache_[d.slot].reset();
        }
    }

    /// The fact's value as bound, or unknown when absent.
    Value fact(std::uint32_t slot) const { return activation_.lookup(slot); }

    std::optional<Value> resolve(std::uint32_t slot) override {
        const auto [kind, index] = impl_.slot_owner[slot];
        if (kind == SlotKind::fact || kind == SlotKind::as_of) return std::nullopt;
        if (cache_[slot]) return cache_[slot];
        if (busy_[slot]) return Value::error("definition depends on itself");  // prevented at load
        busy_[slot] = 1;
        Value v = kind == SlotKind::parameter ? parameter(impl_.parameters[index])
                                              : definition(impl_.definitions[index]);
        busy_[slot] = 0;
        cache_[slot] = v;
        return v;
    }

    Value run(const CompiledExpr& e) { return e.program->evaluate(activation_, limits_); }

    std::vector<std::pair<std::string, Value>> reads(const CompiledExpr& e) {
        std::vector<std::pair<std::string, Value>> out;
        for (auto slot : e.reads) {
            out.emplace_back(display_name(slot), activation_.lookup(slot));
        }
        return out;
    }

    std::string display_name(std::uint32_t slot) const {
        const std::string& name = impl_.env->variables()[slot].name;
        return name.starts_with("applicant.") ? name.substr(10) : name;
    }

    const std::string& as_of() const { return as_of_; }

private:
    Value parameter(const CompiledParameter& p) {
        for (const auto& [period, value] : p.versions) {
            if (period.contains(as_of_)) return value;
        }
        return Value::unknown({"params." + p.source->name});
    }

    Value definition(const CompiledDefinition& d) {
        if (d.value) return run(*d.value);
        for (const auto& row : d.rows) {
            if (!row.when) return run(row.then);
            Value w = run(*row.when);
            if (w.is_bool()) {
                if (w.as_bool()) return run(row.then);
                continue;
            }
            if (w.is_exceptional()) return w;  // an unknown row blocks the rows after it
            return Value::error(fmt::format("table row condition is {}, not bool", w.type().name));
        }
        return Value::error(fmt::format("no row of definition '{}' matched", d.source->name));
    }

    const RuleSet::Impl& impl_;
    cel::Activation activation_;
    std::string as_of_;
    cel::EvalLimits limits_;
    std::vector<std::optional<Value>> cache_;
    std::vector<std::uint8_t> busy_;
    std::vector<std::size_t> assumed_;
};

/// The decision of one measure.
Decision decide(Evaluation& ev, const CompiledMeasure& m, bool explain_on);

/// The payment schedule of eligible decision `d` (process.payment): its instalments with
/// their amounts and status on the evaluation date, or `payment_error`.
void schedule(Evaluation& ev, const CompiledMeasure& m, Decision& d);

/// The report's questions: the facts the decisions still miss, first-to-ask first.
std::vector<Question> questions_for(const RuleSet::Impl& impl, const std::vector<Decision>& decisions);

/// For an ineligible decision: the nearest change of one fact that makes each failed
/// condition hold, each verified by evaluating the condition with that value on `ev` (an
/// evaluation of the same profile, left as it was found).
std::vector<Counterfactual> changes_for(const RuleSet::Impl& impl, Evaluation& ev, const CompiledMeasure& m,
                                        const Decision& d);

}  // namespace talentrules::rules::detail
