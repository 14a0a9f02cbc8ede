// What would change a "no": for each failed condition of an ineligible decision, the
// nearest value of one fact that makes the condition hold. Found by trying values of that
// fact alone and evaluating the condition again — never read off the expression's text —
// so every change reported is one the rules confirm. A fact whose type gives no notion of
// "nearest" (text, objects, maps, lists of other than categories), or a condition that no
// single change turns, gets no change: saying nothing beats guessing.

#include <algorithm>
#include <cmath>

#include "rules/eval/evaluation.hpp"

namespace talentrules::rules {
namespace {

using cel::Value;
using detail::Evaluation;
using Kind = Counterfactual::Kind;

// Beyond these a search stops: no count of months, days or people a condition compares
// grows by a million, and a date moved by more than 200 years is not a change anyone can
// make. (A declared min/max narrows the search further.)
constexpr std::int64_t max_int_step = std::int64_t{1} << 20;
constexpr std::int64_t max_days = 200 * 366;
constexpr std::int64_t day = 86400;
// A condition turned by many facts (a tier reached by any of a dozen routes) lists the
// first few, in schema order, to keep the report readable.
constexpr std::size_t max_changes_per_condition = 6;
// Trials (evaluations of one condition) per decision: the Liangping pack needs a few
// hundred; a pack whose condition reads thousands of facts stops here instead of costing
// seconds, and lists what it found so far.
constexpr std::size_t max_trials_per_decision = 4096;

// Trials of one fact's values on an evaluation shared by all trials of a report; the
// fact's own value (or unknown) is put back afterwards.
class Trial {
public:
    Trial(Evaluation& ev, const CompiledExpr& condition, std::uint32_t slot, std::size_t& budget)
        : ev_(ev), condition_(condition), slot_(slot), original_(ev.fact(slot)), budget_(budget) {}
    ~Trial() { ev_.vary(slot_, original_); }
    Trial(const Trial&) = delete;
    Trial& operator=(const Trial&) = delete;

    Value current() const { return original_; }

    /// False once the decision's budget is spent: the search then finds nothing more.
    bool holds(Value v) {
        if (budget_ == 0) return false;
        --budget_;
        ev_.vary(slot_, std::move(v));
        const Value r = ev_.run(condition_);
        return r.is_bool() && r.as_bool();
    }

private:
    Evaluation& ev_;
    const CompiledExpr& condition_;
    std::uint32_t slot_;
    Value original_;
    std::size_t& budget_;
};

// The smallest step in one direction (+1 or -1) from `from` that makes `holds(from ±
// step)` true, searching by doubling then halving; the step or nullopt. `limit` bounds
// the step (the fact's declared range).
template <class Holds>
std::optional<std::int64_t> smallest_step(std::int64_t limit, Holds&& holds) {
    std::int64_t low = 0, high = 1;  // holds(low) is false (the current value)
    while (high <= limit && !holds(high)) {
        low = high;
        high *= 2;
    }
    if (high > limit) {
        if (low == limit || !holds(limit)) return std::nullopt;
        high = limit;
    }
    while (high - low > 1) {
        const std::int64_t mid = low + (high - low) / 2;
        (holds(mid) ? high : low) = mid;
    }
    return high;
}

std::optional<Counterfactual> numeric_change(Trial& trial, const Fact& fact, bool is_int) {
    const Value now = trial.current();
    if (is_int ? !now.is_int() : !now.is_double()) return std::nullopt;
    const double base = is_int ? static_cast<double>(now.as_int()) : now.as_double();
    auto value_at = [&](std::int64_t step) {
        return is_int ? Value(now.as_int() + step) : Value(base + static_cast<double>(step));
    };
    auto limit_of = [&](int direction) {
        std::int64_t limit = max_int_step;
        if (is_int && direction > 0 && fact.max) limit = std::min(limit, *fact.max - now.as_int());
        if (is_int && direction < 0 && fact.min) limit = std::min(limit, now.as_int() - *fact.min);
        return limit;
    };
    std::optional<std::int64_t> up, down;
    if (limit_of(1) > 0) up = smallest_step(limit_of(1), [&](std::int64_t s) { return trial.holds(value_at(s)); });
    if (limit_of(-1) > 0) down = smallest_step(limit_of(-1), [&](std::int64_t s) { return trial.holds(value_at(-s)); });
    if (!up && !down) return std::nullopt;
    const bool raise = up && (!down || *up <= *down);
    const std::int64_t step = raise ? *up : -*down;
    Counterfactual c;
    c.current = now;
    c.values.push_back(value_at(step));
    if (!is_int) {
        // A number's threshold may lie between whole steps: narrow to a hundredth, then
        // keep the value only if it holds (a rounded threshold might not).
        double lo = base + static_cast<double>(raise ? step - 1 : step + 1), hi = base + static_cast<double>(step);
        for (int i = 0; i < 20 && std::abs(hi - lo) > 0.005; ++i) {
            const double mid = (lo + hi) / 2;
            (trial.holds(Value(mid)) ? hi : lo) = mid;
        }
        const double rounded = raise ? std::ceil(hi * 100) / 100 : std::floor(hi * 100) / 100;
        if (trial.holds(Value(rounded))) c.values.front() = Value(rounded);
    }
    // "At least" claims every larger value holds too: check the next one, else say "set".
    const Value beyond = is_int ? Value(c.values.front().as_int() + (raise ? 1 : -1))
                                : Value(c.values.front().as_double() + (raise ? 1.0 : -1.0));
    c.kind = trial.holds(beyond) ? (raise ? Kind::at_least : Kind::at_most) : Kind::set;
    return c;
}

std::optional<Counterfactual> date_change(Trial& trial) {
    const Value now = trial.current();
    if (!now.is_timestamp()) return std::nullopt;
    const cel::Timestamp t = now.as_timestamp();
    auto value_at = [&](std::int64_t days) { return Value(cel::Timestamp{t.seconds + days * day, t.nanos}); };
    auto later = smallest_step(max_days, [&](std::int64_t s) { return trial.holds(value_at(s)); });
    auto earlier = smallest_step(max_days, [&](std::int64_t s) { return trial.holds(value_at(-s)); });
    if (!later && !earlier) return std::nullopt;
    const bool forward = later && (!earlier || *later <= *earlier);
    Counterfactual c;
    c.current = now;
    c.values.push_back(value_at(forward ? *later : -*earlier));
    c.kind = forward ? Kind::on_or_after : Kind::on_or_before;
    return c;
}

const Category* category_of(const RuleSet::Impl& impl, const FactType& type) {
    for (const auto& c : impl.pack.categories) {
        if (c.name == type.category) return &c;
    }
    return nullptr;
}

std::optional<Counterfactual> category_change(Trial& trial, const Category& category) {
    const Value now = trial.current();
    const auto& values = category.values;
    const auto at = now.is_string() ? std::find(values.begin(), values.end(), now.as_string()) : values.end();
    Counterfactual c;
    c.current = now;
    if (category.ordered && at != values.end()) {
        // The nearest rank that works, higher first at equal distance.
        const auto rank = static_cast<std::ptrdiff_t>(at - values.begin());
        const auto n = static_cast<std::ptrdiff_t>(values.size());
        for (std::ptrdiff_t distance = 1; distance < n; ++distance) {
            for (const std::ptrdiff_t r : {rank + distance, rank - distance}) {
                if (r < 0 || r >= n || !trial.holds(Value::string(values[static_cast<std::size_t>(r)]))) continue;
                c.kind = Kind::set;
                c.values.push_back(Value::string(values[static_cast<std::size_t>(r)]));
                return c;
            }
        }
        return std::nullopt;
    }
    for (const auto& v : values) {
        if (at != values.end() && v == *at) continue;
        if (trial.holds(Value::string(v))) c.values.push_back(Value::string(v));
    }
    if (c.values.empty()) return std::nullopt;
    c.kind = c.values.size() == 1 ? Kind::set : Kind::one_of;
    return c;
}

std::optional<Counterfactual> list_change(Trial& trial, const Category& category) {
    const Value now = trial.current();
    cel::List held;
    if (now.is_list()) held = now.as_list();
    else if (!now.is_unknown()) return std::nullopt;
    Counterfactual c;
    c.current = now;
    c.kind = Kind::add;
    for (const auto& v : category.values) {
        const Value item = Value::string(v);
        if (std::any_of(held.begin(), held.end(), [&](const Value& h) { return h.is_string() && h.as_string() == v; })) {
            continue;
        }
        cel::List more = held;
        more.push_back(item);
        if (trial.holds(Value::list(std::move(more)))) c.values.push_back(item);
    }
    if (c.values.empty()) return std::nullopt;
    return c;
}

std::optional<Counterfactual> bool_change(Trial& trial) {
    const Value now = trial.current();
    Counterfactual c;
    c.current = now;
    c.kind = Kind::set;
    for (const bool b : {true, false}) {
        if (now.is_bool() && now.as_bool() == b) continue;
        if (trial.holds(Value(b))) {
            c.values.push_back(Value(b));
            return c;
        }
    }
    return std::nullopt;
}

std::optional<Counterfactual> nearest_change(const RuleSet::Impl& impl, Trial& trial, const Fact& fact) {
    using FK = FactType::Kind;
    const FactType& type = fact.parsed_type;
    switch (type.kind) {
    case FK::bool_: return bool_change(trial);
    case FK::int_: return numeric_change(trial, fact, true);
    case FK::number: return numeric_change(trial, fact, false);
    case FK::date: return date_change(trial);
    case FK::category:
        if (const Category* c = category_of(impl, type)) return category_change(trial, *c);
        return std::nullopt;
    case FK::list:
        if (type.element.front().kind != FK::category) return std::nullopt;
        if (const Category* c = category_of(impl, type.element.front())) return list_change(trial, *c);
        return std::nullopt;
    default: return std::nullopt;  // text, date-times, objects, maps: no "nearest"
    }
}

}  // namespace

std::vector<Counterfactual> detail::changes_for(const RuleSet::Impl& impl, Evaluation& ev, const CompiledMeasure& m,
                                        const Decision& d) {
    std::vector<Counterfactual> out;
    std::size_t budget = max_trials_per_decision;
    for (const auto& c : m.requires_) {
        if (std::find(d.failed.begin(), d.failed.end(), c.source->id) == d.failed.end()) continue;
        std::optional<std::string> recheck_on;
        for (const auto& r : d.conditions) {
            if (r.id == c.source->id && r.kind == ConditionKind::requires_) recheck_on = r.recheck_on;
        }
        std::size_t found = 0;
        for (const auto slot : c.when.deep_reads) {
            if (found == max_changes_per_condition) break;
            const auto [kind, index] = impl.slot_owner[slot];
            if (kind != SlotKind::fact) continue;
            const FactSlot& fs = impl.facts[index];
            if (budget == 0) break;
            Trial trial(ev, c.when, slot, budget);
            auto change = nearest_change(impl, trial, *fs.fact);
            if (!change) continue;
            if (fs.fact->fixed) {
                change->kind = Kind::fixed;  // it does turn on this fact, which cannot change
                change->values.clear();
            }
            change->condition = c.source->id;
            change->condition_title = c.source->title;
            change->fact = fs.path;
            change->label = fs.fact->label;
            change->recheck_on = recheck_on;
            out.push_back(std::move(*change));
            ++found;
        }
    }
    return out;
}

}  // namespace talentrules::rules
