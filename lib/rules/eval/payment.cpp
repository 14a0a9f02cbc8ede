// The payment schedule of an eligible decision: its amount split into instalments, each
// with its due date and status on the evaluation date (process.payment, docs/RULES.md).
// Integer yuan throughout: shares round down and the yuan lost go to the last share, so
// the instalments always sum exactly to the decided amount.

#include <fmt/format.h>

#include <set>

#include "rules/eval/evaluation.hpp"

namespace talentrules::rules::detail {
namespace {

void add_unknowns(const Value& v, std::set<std::string>& missing) {
    for (const auto& a : v.unknowns()) missing.insert(a.starts_with("applicant.") ? a.substr(10) : a);
}

// An instalment's share or fixed amount; an error message when it is not an int.
std::optional<std::string> part_of(Evaluation& ev, const CompiledInstalment& i, std::int64_t& value) {
    const CompiledExpr& e = i.share ? *i.share : *i.amount;
    const Value v = ev.run(e);
    if (v.is_int()) {
        value = v.as_int();
        return std::nullopt;
    }
    const char* what = i.share ? "share" : "amount";
    if (v.is_unknown()) {
        std::set<std::string> missing;
        add_unknowns(v, missing);
        std::string names;
        for (const auto& m : missing) names += (names.empty() ? "" : ", ") + m;
        return fmt::format("instalment {}: {} needs {}", i.source->id, what, names);
    }
    return fmt::format("instalment {}: {} is {}", i.source->id, what,
                       v.is_error() ? v.error_message() : std::string(v.type().name));
}

// The yuan of each instalment, or an error when the parts do not make up `total`.
std::optional<std::string> split(Evaluation& ev, const CompiledMeasure& m, std::int64_t total,
                                 std::vector<InstalmentResult>& out) {
    std::int64_t fixed = 0, percent = 0;
    std::ptrdiff_t last_share = -1;
    for (const auto& i : m.instalments) {
        std::int64_t v = 0;
        if (auto error = part_of(ev, i, v)) return error;
        InstalmentResult r;
        r.id = i.source->id;
        r.title = i.source->title;
        if (i.share) {
            if (v < 0 || v > 100) return fmt::format("instalment {}: share {} is not a percent", r.id, v);
            r.percent = v;
            percent += v;
            last_share = static_cast<std::ptrdiff_t>(out.size());
        } else {
            if (v < 0) return fmt::format("instalment {}: amount {} is negative", r.id, v);
            r.amount = v;
            fixed += v;
            if (fixed > total) return fmt::format("the fixed instalments ({} 元) exceed the amount ({} 元)", fixed, total);
        }
        out.push_back(std::move(r));
    }
    const std::int64_t rest = total - fixed;
    if (last_share < 0) {
        if (rest != 0) return fmt::format("the fixed instalments sum to {} 元, not the amount {} 元", fixed, total);
        return std::nullopt;
    }
    if (percent != 100) return fmt::format("the shares sum to {}%, not 100%", percent);
    std::int64_t shared = 0;
    for (auto& r : out) {
        if (!r.percent) continue;
        // rest ≤ the amount and percent ≤ 100: no overflow for any amount below 9.2e16 yuan.
        r.amount = rest / 100 * *r.percent + rest % 100 * *r.percent / 100;
        shared += r.amount;
    }
    out[static_cast<std::size_t>(last_share)].amount += rest - shared;
    return std::nullopt;
}

// Where one instalment stands on the evaluation date.
void status_of(Evaluation& ev, const CompiledInstalment& i, InstalmentResult& r, std::vector<std::string>& errors) {
    for (const auto& c : i.recheck) r.recheck.emplace_back(c.source->id, c.source->title);
    std::set<std::string> missing;
    if (i.due) {
        const Value v = ev.run(*i.due);
        if (v.is_timestamp()) {
            r.due_on = format_date(v.as_timestamp());
        } else {
            if (v.is_unknown()) add_unknowns(v, missing);
            else errors.push_back(fmt::format("instalment {} due: {}", r.id, v.is_error() ? v.error_message() : "not a date"));
            r.status = InstalmentStatus::undetermined;
            r.missing.assign(missing.begin(), missing.end());
            return;
        }
    } else {
        r.at_decision = true;
        r.due_on = ev.as_of();
    }
    if (*r.due_on > ev.as_of()) {
        r.status = InstalmentStatus::scheduled;
        return;
    }
    bool unknown = false;
    for (const auto& c : i.recheck) {
        const Value v = ev.run(c.when);
        if (v.is_bool()) {
            if (!v.as_bool()) r.failed.push_back(c.source->id);
        } else {
            unknown = true;
            if (v.is_unknown()) add_unknowns(v, missing);
            else errors.push_back(fmt::format("instalment {} recheck {}: {}", r.id, c.source->id,
                                              v.is_error() ? v.error_message() : "not bool"));
        }
    }
    // A failed re-check withholds the instalment whatever the unknown ones would say.
    if (!r.failed.empty()) r.status = InstalmentStatus::withheld;
    else if (unknown) r.status = InstalmentStatus::undetermined;
    else r.status = InstalmentStatus::due;
    if (r.status == InstalmentStatus::undetermined) r.missing.assign(missing.begin(), missing.end());
}

}  // namespace

void schedule(Evaluation& ev, const CompiledMeasure& m, Decision& d) {
    if (m.instalments.empty() || !d.amount) return;
    std::int64_t total = *d.amount;
    if (d.months && __builtin_mul_overflow(*d.amount, *d.months, &total)) {
        d.payment_error = "amount × months overflows";
        return;
    }
    std::vector<InstalmentResult> out;
    if (auto error = split(ev, m, total, out)) {
        d.payment_error = std::move(*error);
        return;
    }
    for (std::size_t k = 0; k < out.size(); ++k) {
        const CompiledInstalment& i = m.instalments[k];
        InstalmentResult& r = out[k];
        std::set<std::string> samples(d.sample_parameters.begin(), d.sample_parameters.end());
        samples.insert(i.sample_parameters.begin(), i.sample_parameters.end());
        r.sample_parameters.assign(samples.begin(), samples.end());
        status_of(ev, i, r, d.errors);
    }
    d.instalments = std::move(out);
}

}  // namespace talentrules::rules::detail
