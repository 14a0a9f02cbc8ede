#pragma once
/// Decisions and reports: what a caseworker acts on and a portal displays. The JSON
/// form (docs/REPORT.md) is the portal's contract.
/// Thread-safe: plain values.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "talentrules/cel/value.hpp"
#include "talentrules/rules/pack.hpp"

namespace talentrules::rules {

enum class Outcome : std::uint8_t { eligible, ineligible, refer, undetermined };

/// "eligible", "ineligible", "refer", "undetermined".
std::string_view to_string(Outcome outcome);

/// What an evaluated condition is; enumerators are spelled as in reports.
enum class ConditionKind : std::uint8_t { requires_, refer, service, amount, effective, exclusion };
/// "requires", "refer", "service", "amount", "effective", "exclusion".
std::string_view to_string(ConditionKind kind);

/// One evaluated condition, for the explanation.
struct ConditionResult {
    ConditionKind kind = ConditionKind::requires_;
    std::string id;
    Text title;
    std::string expression;
    cel::Value value;  ///< bool, unknown (missing facts) or error
    /// Facts, parameters and definitions the expression read, with their values
    /// (unknown when absent).
    std::vector<std::pair<std::string, cel::Value>> reads;
    std::optional<std::string> recheck_on;  ///< YYYY-MM-DD, when a failed condition may hold
};

struct Decision {
    std::string measure;
    Text title;
    MeasureKind kind = MeasureKind::automatic;
    Clause clause;
    Outcome outcome = Outcome::undetermined;
    std::optional<std::int64_t> amount;  ///< integer yuan unless `unit` says otherwise
    std::string unit;
    std::optional<std::int64_t> months;
    std::vector<std::string> services;
    std::vector<std::string> failed;  ///< ids of failed `requires` conditions
    std::vector<std::string> reasons; ///< refer codes
    std::vector<std::string> missing; ///< facts ("birth_date") and parameters needed
    std::vector<Text> missing_labels; ///< their labels from the schema, same order
    bool not_yet = false;
    std::optional<std::string> recheck_on;
    std::optional<std::string> excluded_by;  ///< measure id kept instead of this one
    std::vector<std::string> errors;  ///< rule evaluation errors (a bug in the rules)
    std::vector<ConditionResult> conditions;
};

/// What a decision can be reproduced from on appeal.
struct Receipt {
    std::string pack_id;
    std::string pack_version;
    std::string pack_hash;     ///< SHA-1 over the pack's files: paths inside the pack and bytes
    std::string engine_version;
    std::string as_of;         ///< YYYY-MM-DD
    std::string profile_hash;  ///< SHA-1 of the profile's canonical JSON
};

struct Report {
    Receipt receipt;
    std::string applicant_id;
    std::vector<Decision> decisions;
};

/// The report as JSON (stable field order; see docs/REPORT.md). `explain` adds each
/// decision's conditions.
std::string to_json(const Report& report, bool explain = true);
/// The same, appended to `out` (batch writes many reports into one buffer).
void append_json(std::string& out, const Report& report, bool explain = true);

/// The caseworker's reading of a report, in "zh" (default) or "en".
std::string to_text(const Report& report, std::string_view lang = "zh", bool explain = true);

}  // namespace talentrules::rules

namespace talentrules {
/// A condition kind as a JSON string, beside json.hpp's string overload.
void append_json_string(std::string& out, rules::ConditionKind kind);
}  // namespace talentrules
