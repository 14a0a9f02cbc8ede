// Evaluating a compiled pack for one profile. Facts are bound up front; parameters and
// definitions are resolved on first use (at most once each) through cel::Resolver.
// Absent facts are CEL unknowns, so a decision names exactly the facts it still needs.

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <stdexcept>

#include "cel/time_util.hpp"
#include "rules/compile/functions.hpp"
#include "rules/compile/hash.hpp"
#include "rules/eval/evaluation.hpp"
#include "rules/compile/ruleset_impl.hpp"
#include "talentrules/rules/request.hpp"
#include "talentrules/version.hpp"

namespace talentrules::rules {
namespace {

using cel::Value;
using detail::Evaluation;

void add_missing(const Value& v, std::set<std::string>& missing) {
    if (!v.is_unknown()) return;
    for (const auto& a : v.unknowns()) missing.insert(a.starts_with("applicant.") ? a.substr(10) : a);
}

ConditionResult explain(Evaluation& ev, const CompiledExpr& e, ConditionKind kind, std::string id, Text title,
                        const Value& value, bool with_reads) {
    ConditionResult r;
    r.kind = kind;
    r.id = std::move(id);
    r.title = std::move(title);
    r.expression = e.source ? e.source->text : "";
    r.value = value;
    if (with_reads) r.reads = ev.reads(e);
    return r;
}

}  // namespace

Decision detail::decide(Evaluation& ev, const CompiledMeasure& m, bool explain_on) {
    const Measure& src = *m.source;
    Decision d;
    d.measure = src.id;
    d.title = src.title;
    d.kind = src.kind;
    d.clause = src.clause;
    d.unit = src.unit;
    if (!m.effective.contains(ev.as_of())) {
        d.outcome = Outcome::ineligible;
        d.failed.push_back("not_in_effect");
        ConditionResult r;
        r.kind = ConditionKind::effective;
        r.id = "not_in_effect";
        r.title = {fmt::format("措施有效期为 {} 至 {}", m.effective.from.empty() ? "…" : m.effective.from,
                               m.effective.to.empty() ? "…" : m.effective.to),
                   fmt::format("The measure is in effect from {} to {}", m.effective.from.empty() ? "…" : m.effective.from,
                               m.effective.to.empty() ? "…" : m.effective.to)};
        r.value = Value(false);
        d.conditions.push_back(std::move(r));
        return d;
    }

    std::set<std::string> missing;
    bool any_false = false, any_unknown = false;
    if (m.applies_to) {
        const auto& c = *m.applies_to;
        Value v = ev.run(c.when);
        d.conditions.push_back(explain(ev, c.when, ConditionKind::applies_to, c.source->id, c.source->title, v, explain_on));
        if (v.is_bool() && !v.as_bool()) {
            d.outcome = Outcome::not_applicable;
            return d;
        }
        // Unknown: the requirements may still fail (ineligible either way); otherwise the
        // decision waits for these facts too.
        if (v.is_unknown()) {
            any_unknown = true;
            add_missing(v, missing);
        } else if (!v.is_bool()) {
            any_unknown = true;
            d.errors.push_back(v.is_error() ? "applies_to: " + v.error_message() : "applies_to: condition is not bool");
        }
    }
    std::vector<std::string> recheck_dates;
    bool all_failed_recheckable = true;
    for (const auto& c : m.requires_) {
        Value v = ev.run(c.when);
        if (v.is_bool() && !v.as_bool()) {
            any_false = true;
            d.failed.push_back(c.source->id);
            std::optional<std::string> recheck;
            if (c.recheck) {
                Value r = ev.run(*c.recheck);
                if (r.is_timestamp()) {
                    auto date = format_date(r.as_timestamp());
                    if (date > ev.as_of()) recheck = date;
                }
            }
            if (recheck) recheck_dates.push_back(*recheck);
            else all_failed_recheckable = false;
            auto cr = explain(ev, c.when, ConditionKind::requires_, c.source->id, c.source->title, v, explain_on);
            cr.recheck_on = recheck;
            d.conditions.push_back(std::move(cr));
            continue;
        }
        if (v.is_unknown()) {
            any_unknown = true;
            add_missing(v, missing);
        } else if (v.is_error()) {
            any_unknown = true;
            d.errors.push_back(fmt::format("{}: {}", c.source->id, v.error_message()));
        } else if (!v.is_bool()) {
            any_unknown = true;
            d.errors.push_back(fmt::format("{}: condition is {}, not bool", c.source->id, v.type().name));
        }
        d.conditions.push_back(explain(ev, c.when, ConditionKind::requires_, c.source->id, c.source->title, v, explain_on));
    }

    if (any_false) {
        d.outcome = Outcome::ineligible;
        if (all_failed_recheckable && !recheck_dates.empty()) {
            d.not_yet = true;
            d.recheck_on = *std::max_element(recheck_dates.begin(), recheck_dates.end());
        }
        return d;
    }

    bool refer_unknown = false;
    for (const auto& c : m.refer) {
        Value v = ev.run(c.when);
        if (v.is_bool() && v.as_bool()) d.reasons.push_back(c.source->id);
        else if (v.is_unknown()) { refer_unknown = true; add_missing(v, missing); }
        else if (v.is_error()) { refer_unknown = true; d.errors.push_back(fmt::format("{}: {}", c.source->id, v.error_message())); }
        d.conditions.push_back(explain(ev, c.when, ConditionKind::refer, c.source->id, c.source->title, v, explain_on));
    }

    auto finish_undetermined = [&] {
        d.outcome = Outcome::undetermined;
        d.missing.assign(missing.begin(), missing.end());
        d.reasons.clear();
        return d;
    };
    if (any_unknown) return finish_undetermined();
    if (!d.reasons.empty()) {
        d.outcome = Outcome::refer;
        return d;
    }
    if (refer_unknown) return finish_undetermined();

    if (m.amount) {
        Value a = ev.run(*m.amount);
        d.conditions.push_back(explain(ev, *m.amount, ConditionKind::amount, "amount", {"金额", "Amount"}, a, explain_on));
        if (a.is_int()) {
            d.amount = a.as_int();
            d.sample_parameters = m.sample_parameters;
        } else if (a.is_unknown()) { add_missing(a, missing); return finish_undetermined(); }
        else { d.errors.push_back(a.is_error() ? "amount: " + a.error_message() : "amount is not an int"); return finish_undetermined(); }
    }
    if (m.months) {
        Value a = ev.run(*m.months);
        if (a.is_int()) d.months = a.as_int();
        else if (a.is_unknown()) { add_missing(a, missing); return finish_undetermined(); }
        else { d.errors.push_back(a.is_error() ? "months: " + a.error_message() : "months is not an int"); return finish_undetermined(); }
    }
    for (const auto& s : m.services) {
        if (!s.when) {
            d.services.push_back(s.source->name);
            d.service_titles.push_back(s.source->title);
            continue;
        }
        Value v = ev.run(*s.when);
        d.conditions.push_back(explain(ev, *s.when, ConditionKind::service, s.source->name, s.source->title, v, explain_on));
        if (v.is_bool() && v.as_bool()) {
            d.services.push_back(s.source->name);
            d.service_titles.push_back(s.source->title);
        }
        else if (v.is_unknown()) add_missing(v, missing);
    }
    d.outcome = Outcome::eligible;
    d.missing.assign(missing.begin(), missing.end());
    return d;
}

namespace {

// The total an eligible decision is worth, to keep the highest of an exclusion group.
std::int64_t worth(const Decision& d) {
    const std::int64_t amount = d.amount.value_or(0);
    const std::int64_t months = d.months.value_or(1);
    return amount * months;
}

void apply_exclusions(const RuleSet::Impl& impl, std::vector<Decision>& decisions,
                      const std::vector<std::ptrdiff_t>& position) {
    for (const auto& g : impl.exclusions) {
        std::vector<Decision*> eligible;
        for (auto index : g.measures) {
            auto at = position[index];
            // A decision whose money another group already took (kept for its route) has
            // none to keep or lose here.
            if (at >= 0 && decisions[static_cast<std::size_t>(at)].outcome == Outcome::eligible &&
                !decisions[static_cast<std::size_t>(at)].excluded_by) {
                eligible.push_back(&decisions[static_cast<std::size_t>(at)]);
            }
        }
        if (eligible.size() < 2) continue;
        Decision* kept = eligible.front();
        if (g.source->keep == "highest_amount") {
            for (auto* d : eligible) {
                if (worth(*d) > worth(*kept)) kept = d;
            }
        }
        for (auto* d : eligible) {
            if (d == kept) continue;
            // 不重复享受 takes the money, not a route: the amount goes, and a decision that
            // grants services (a recruitment channel, a card) stays eligible for them; one
            // that grants only money is ineligible. Either way it names the measure kept.
            d->excluded_by = kept->measure;
            d->excluded_by_title = kept->title;
            d->amount.reset();
            d->months.reset();
            d->sample_parameters.clear();
            ConditionResult r;
            r.kind = ConditionKind::exclusion;
            r.id = g.source->id;
            r.title = g.source->title;
            r.value = Value(false);
            d->conditions.push_back(std::move(r));
            if (d->services.empty()) {
                d->outcome = Outcome::ineligible;
                d->failed.push_back("excluded");
            }
        }
    }
}

Text label_of(const RuleSet::Impl& impl, const std::string& name) {
    if (auto it = impl.fact_by_path.find(name); it != impl.fact_by_path.end()) {
        const Text& t = impl.facts[it->second].fact->label;
        if (!t.zh.empty()) return t;
    }
    if (name.starts_with("params.")) {
        for (const auto& p : impl.parameters) {
            if ("params." + p.source->name == name && !p.source->title.zh.empty()) return p.source->title;
        }
    }
    return {name, name};
}

// Invalid options are a caller's bug once rules::validate exists: refuse them loudly
// instead of reading a bad date or an unknown measure as "nothing to decide".
void require_valid(const RuleSet& ruleset, const EvaluateOptions& options) {
    if (auto problems = validate(ruleset, options); !problems.empty()) {
        throw std::invalid_argument(problems.front().code + ": " + problems.front().message);
    }
}

}  // namespace

std::string today() {
    const auto now = std::chrono::system_clock::now();
    const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(now)};
    return fmt::format("{:04}-{:02}-{:02}", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
}

Report RuleSet::evaluate(const Profile& profile, const EvaluateOptions& options) const {
    require_valid(*this, options);
    const Impl& impl = *impl_;
    Report report;
    report.applicant_id = profile.applicant_id;
    report.receipt.pack_id = impl.pack.info.id;
    report.receipt.pack_version = impl.pack.info.version;
    report.receipt.pack_hash = impl.content_hash;
    report.receipt.engine_version = version;
    report.receipt.as_of = options.as_of.empty() ? today() : options.as_of;
    {
        std::vector<std::pair<std::string, std::string>> parts{{"profile", profile.canonical_json}};
        report.receipt.profile_hash = detail::sha1_hex(parts);
    }
    report.pack_effective = impl.pack.info.effective;
    report.in_effect = impl.pack.info.effective.contains(report.receipt.as_of);
    report.strict = options.strict;
    Evaluation ev(impl, profile, report.receipt.as_of, options.limits, !options.strict);
    std::vector<std::ptrdiff_t> position(impl.measures.size(), -1);
    std::vector<std::uint8_t> read(impl.slot_owner.size(), 0);  // by slot: facts the decided measures read
    for (std::size_t i = 0; i < impl.measures.size(); ++i) {
        const auto& m = impl.measures[i];
        if (!options.measures.empty() &&
            std::find(options.measures.begin(), options.measures.end(), m.source->id) == options.measures.end()) {
            continue;
        }
        position[i] = static_cast<std::ptrdiff_t>(report.decisions.size());
        report.decisions.push_back(detail::decide(ev, m, options.explain));
        // A measure out of its period read nothing, so assumed nothing.
        const auto& failed = report.decisions.back().failed;
        if (failed.size() != 1 || failed.front() != "not_in_effect") {
            for (auto slot : m.facts_read) read[slot] = 1;
        }
    }
    apply_exclusions(impl, report.decisions, position);
    for (auto& d : report.decisions) {
        for (const auto& name : d.missing) d.missing_labels.push_back(label_of(impl, name));
    }
    // The process of what may still be applied for, and the payment of what is granted.
    for (std::size_t i = 0; i < impl.measures.size(); ++i) {
        if (position[i] < 0) continue;
        Decision& d = report.decisions[static_cast<std::size_t>(position[i])];
        if (d.outcome == Outcome::ineligible || d.outcome == Outcome::not_applicable) continue;
        d.process = impl.measures[i].source->process;
        if (d.outcome != Outcome::eligible) continue;
        detail::schedule(ev, impl.measures[i], d);
        for (std::size_t k = 0; k < d.instalments.size(); ++k) {
            const auto& ci = impl.measures[i].instalments[k];
            for (auto slot : ci.facts_read) read[slot] = 1;
            if (!d.instalments[k].due_on || d.instalments[k].status == InstalmentStatus::scheduled) continue;
            for (auto slot : ci.recheck_facts_read) read[slot] = 1;
        }
    }
    for (auto index : ev.assumed()) {
        const CompiledAssumption& a = impl.assumptions[index];
        if (std::none_of(a.covers.begin(), a.covers.end(), [&](std::uint32_t slot) { return read[slot] != 0; })) continue;
        const FactSlot& fs = impl.facts[a.fact];
        report.assumptions.push_back({fs.path, fs.fact->label, a.value, fs.fact->absent->title});
    }
    report.questions = detail::questions_for(impl, report.decisions);
    if (options.would_change) {
        for (std::size_t i = 0; i < impl.measures.size(); ++i) {
            if (position[i] < 0) continue;
            Decision& d = report.decisions[static_cast<std::size_t>(position[i])];
            if (d.outcome == Outcome::ineligible && !d.excluded_by) d.would_change = detail::changes_for(impl, ev, impl.measures[i], d);
        }
    }
    return report;
}

std::vector<cel::Value> RuleSet::values_of(const Profile& profile, const std::vector<std::string>& names,
                                           const EvaluateOptions& options) const {
    require_valid(*this, options);
    const Impl& impl = *impl_;
    Evaluation ev(impl, profile, options.as_of.empty() ? today() : options.as_of, options.limits, !options.strict);
    // The named measures and, transitively, every measure sharing an exclusion group with
    // one of them: exclusions decide amounts as in reports.
    std::vector<bool> wanted(impl.measures.size(), false);
    for (const auto& name : names) {
        if (auto it = impl.measure_by_id.find(name); it != impl.measure_by_id.end()) wanted[it->second] = true;
    }
    for (bool grew = true; grew;) {
        grew = false;
        for (const auto& group : impl.exclusions) {
            const bool touches = std::any_of(group.measures.begin(), group.measures.end(),
                                             [&](std::size_t m) { return wanted[m]; });
            for (const std::size_t m : group.measures) {
                if (touches && !wanted[m]) wanted[m] = grew = true;
            }
        }
    }
    std::vector<Decision> decisions;
    std::vector<std::ptrdiff_t> position(impl.measures.size(), -1);
    for (std::size_t i = 0; i < impl.measures.size(); ++i) {
        if (!wanted[i]) continue;
        position[i] = static_cast<std::ptrdiff_t>(decisions.size());
        decisions.push_back(detail::decide(ev, impl.measures[i], false));
    }
    apply_exclusions(impl, decisions, position);

    std::vector<cel::Value> out;
    out.reserve(names.size());
    for (const auto& name : names) {
        if (auto it = impl.definition_by_name.find(name); it != impl.definition_by_name.end()) {
            out.push_back(*ev.resolve(impl.definitions[it->second].slot));
        } else if (auto m = impl.measure_by_id.find(name); m != impl.measure_by_id.end()) {
            const Decision& d = decisions[static_cast<std::size_t>(position[m->second])];
            out.push_back(d.outcome == Outcome::eligible && d.amount ? cel::Value(*d.amount) : cel::Value());
        } else {
            out.push_back(cel::Value::error(fmt::format("no definition or measure named '{}'", name)));
        }
    }
    return out;
}

cel::Value RuleSet::value_of(const Profile& profile, std::string_view name, const EvaluateOptions& options) const {
    return values_of(profile, {std::string(name)}, options).front();
}

}  // namespace talentrules::rules
