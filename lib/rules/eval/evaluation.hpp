#pragma once
// One evaluation of a compiled pack for one profile: facts bound up front; parameters and
// definitions resolved on first use (at most once each) through cel::Resolver. Absent
// facts are CEL unknowns. Shared by evaluate.cpp and allocation.cpp; not thread-safe
// (one per evaluation).

#include <fmt/format.h>

#include <optional>
#include <string>
#include <vector>

#include "rules/compile/functions.hpp"
#include "rules/compile/ruleset_impl.hpp"

namespace talentrules::rules::detail {

using cel::Value;

class Evaluation final : public cel::Resolver {
public:
    Evaluation(const RuleSet::Impl& impl, const Profile& profile, std::string as_of, cel::EvalLimits limits = {})
        : impl_(impl), activation_(impl.env), as_of_(std::move(as_of)), limits_(limits) {
        const auto n = impl.env->variables().size();
        cache_.resize(n);
        busy_.assign(n, 0);
        activation_.set_missing_unknown(true);
        activation_.set_resolver(this);
        if (auto t = parse_date(as_of_)) activation_.set(impl.as_of_slot, Value(*t));
        for (const auto& [slot, value] : profile.facts) activation_.set(slot, value);
    }

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
};

/// The decision of one measure.
Decision decide(Evaluation& ev, const CompiledMeasure& m, bool explain_on);

}  // namespace talentrules::rules::detail
