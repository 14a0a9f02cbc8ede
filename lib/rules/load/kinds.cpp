// The one spelling of each kind (YAML in, JSON and docs out) and the parse of fact types.

#include <array>
#include <utility>

#include "talentrules/json.hpp"
#include "talentrules/rules/decision.hpp"
#include "talentrules/rules/pack.hpp"

namespace talentrules::rules {
namespace {

constexpr std::array<std::pair<std::string_view, MeasureKind>, 4> measure_kinds = {{
    {"automatic", MeasureKind::automatic},
    {"referral", MeasureKind::referral},
    {"service", MeasureKind::service},
    {"ranked", MeasureKind::ranked},
}};

constexpr std::array<std::string_view, 7> condition_kinds = {"requires",  "refer",     "service",   "amount",
                                                             "effective", "exclusion", "applies_to"};

constexpr std::array<std::string_view, outcome_count> outcomes = {"eligible", "ineligible", "refer", "undetermined",
                                                                  "not_applicable"};

constexpr std::array<std::string_view, 8> change_kinds = {"set",         "one_of",       "at_least", "at_most",
                                                          "on_or_after", "on_or_before", "add",      "fixed"};

constexpr std::array<std::string_view, 2> bases = {"real", "sample"};

constexpr std::array<std::string_view, 4> instalment_statuses = {"due", "withheld", "scheduled", "undetermined"};

constexpr std::array<std::pair<std::string_view, FactType::Kind>, 7> base_types = {{
    {"bool", FactType::Kind::bool_},
    {"int", FactType::Kind::int_},
    {"number", FactType::Kind::number},
    {"string", FactType::Kind::string},
    {"date", FactType::Kind::date},
    {"datetime", FactType::Kind::datetime},
    {"object", FactType::Kind::object},
}};

}  // namespace

std::string_view to_string(MeasureKind kind) { return measure_kinds[static_cast<std::size_t>(kind)].first; }

std::optional<MeasureKind> parse_measure_kind(std::string_view spelled) {
    for (const auto& [name, kind] : measure_kinds) {
        if (name == spelled) return kind;
    }
    return std::nullopt;
}

std::string_view to_string(ConditionKind kind) { return condition_kinds[static_cast<std::size_t>(kind)]; }

std::string_view to_string(Outcome outcome) { return outcomes[static_cast<std::size_t>(outcome)]; }

std::optional<Outcome> parse_outcome(std::string_view spelled) {
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        if (outcomes[i] == spelled) return static_cast<Outcome>(i);
    }
    return std::nullopt;
}

std::string_view to_string(Counterfactual::Kind kind) { return change_kinds[static_cast<std::size_t>(kind)]; }

std::string_view to_string(Basis basis) { return bases[static_cast<std::size_t>(basis)]; }

std::string_view to_string(InstalmentStatus status) {
    return instalment_statuses[static_cast<std::size_t>(status)];
}

FactType FactType::parse(std::string_view spelled) {
    FactType t;
    for (const auto& [name, kind] : base_types) {
        if (name == spelled) {
            t.kind = kind;
            return t;
        }
    }
    for (const auto& [prefix, kind] : {std::pair{std::string_view("list("), Kind::list}, {"map(", Kind::map}}) {
        if (spelled.size() > prefix.size() + 1 && spelled.starts_with(prefix) && spelled.back() == ')') {
            t.kind = kind;
            t.element.push_back(parse(spelled.substr(prefix.size(), spelled.size() - prefix.size() - 1)));
            return t;
        }
    }
    t.kind = Kind::category;
    t.category = std::string(spelled);
    return t;
}

}  // namespace talentrules::rules

namespace talentrules {

void append_json_string(std::string& out, rules::MeasureKind kind) { append_json_string(out, rules::to_string(kind)); }
void append_json_string(std::string& out, rules::ConditionKind kind) {
    append_json_string(out, rules::to_string(kind));
}

}  // namespace talentrules
