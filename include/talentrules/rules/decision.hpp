#pragma once
/// Decisions and reports: what a caseworker acts on and a portal displays. The JSON
/// form (docs/REPORT.md) is the portal's contract.
/// Thread-safe: plain values.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "talentrules/cel/value.hpp"
#include "talentrules/rules/pack.hpp"

namespace talentrules::rules {

/// `not_applicable`: the measure's `applies_to` is false (it is not for this applicant);
/// reported and counted apart from `ineligible`, never asked about.
enum class Outcome : std::uint8_t { eligible, ineligible, refer, undetermined, not_applicable };
inline constexpr std::size_t outcome_count = 5;

/// "eligible", "ineligible", "refer", "undetermined", "not_applicable".
std::string_view to_string(Outcome outcome);
/// The outcome spelled so; nullopt for any other text.
std::optional<Outcome> parse_outcome(std::string_view spelled);

/// What an evaluated condition is; enumerators are spelled as in reports.
enum class ConditionKind : std::uint8_t { requires_, refer, service, amount, effective, exclusion, applies_to };
/// "requires", "refer", "service", "amount", "effective", "exclusion", "applies_to".
std::string_view to_string(ConditionKind kind);

/// The nearest change of one fact that makes a failed condition hold, found by trying
/// values of that fact alone (never guessed from the expression's text), or the news that
/// the fact cannot change (`fixed` in the schema).
struct Counterfactual {
    enum class Kind : std::uint8_t {
        set,           ///< the fact set to `values[0]` (a yes/no, or the one value that works)
        one_of,        ///< the fact set to any of `values` (an unordered category)
        at_least,      ///< a number raised to `values[0]` or more
        at_most,       ///< a number lowered to `values[0]` or less
        on_or_after,   ///< a date moved to `values[0]` or later
        on_or_before,  ///< a date moved to `values[0]` or earlier
        add,           ///< a list given one of `values` more
        fixed,         ///< the condition turns on this fact, which cannot change
    };
    std::string condition;  ///< the failed condition's id
    Text condition_title;
    std::string fact;       ///< its path ("social_insurance_months")
    Text label;             ///< its label from the schema
    Kind kind = Kind::set;
    cel::Value current;     ///< unknown when the profile leaves it out
    std::vector<cel::Value> values;
    std::optional<std::string> recheck_on;  ///< the condition's own "check again on" date
};
/// "set", "one_of", "at_least", "at_most", "on_or_after", "on_or_before", "add", "fixed".
std::string_view to_string(Counterfactual::Kind kind);

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

/// Where an instalment stands on the evaluation date.
enum class InstalmentStatus : std::uint8_t {
    due,           ///< its date has passed and every re-check holds: pay it
    withheld,      ///< its date has passed and a re-check fails (`failed` names it)
    scheduled,     ///< its date is after the evaluation date: re-check then
    undetermined,  ///< a fact its date or re-checks need is unknown (`missing`)
};
/// "due", "withheld", "scheduled", "undetermined".
std::string_view to_string(InstalmentStatus status);

/// One instalment of an eligible decision's amount, evaluated on the as-of date. The
/// amounts of a decision's instalments sum exactly to its amount × months.
struct InstalmentResult {
    std::string id;
    Text title;
    std::int64_t amount = 0;           ///< integer yuan
    std::optional<std::int64_t> percent;  ///< the share, when given as a percent
    std::optional<std::string> due_on;    ///< YYYY-MM-DD; none when unknown
    bool at_decision = false;             ///< no due date of its own: due when decided
    InstalmentStatus status = InstalmentStatus::undetermined;
    /// The re-check conditions (ids and titles): checked now when due, "to be re-checked
    /// on `due_on`" when scheduled.
    std::vector<std::pair<std::string, Text>> recheck;
    std::vector<std::string> failed;   ///< re-checks that fail (withheld)
    std::vector<std::string> missing;  ///< facts still needed (undetermined)
    /// The sample parameters its amount or date rests on (the decision's amount's and its
    /// own share's): non-empty = a sample value, and outputs say so.
    std::vector<std::string> sample_parameters;
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
    /// The sample parameters (values the policy text does not state) the amount rests
    /// on; non-empty = the amount is a sample value and every output says so.
    std::vector<std::string> sample_parameters;
    std::vector<std::string> services;  ///< names (identifiers)
    std::vector<Text> service_titles;   ///< their titles, same order
    std::vector<std::string> failed;  ///< ids of failed `requires` conditions
    std::vector<std::string> reasons; ///< refer codes
    std::vector<std::string> missing; ///< facts ("birth_date") and parameters needed
    std::vector<Text> missing_labels; ///< their labels from the schema, same order
    bool not_yet = false;
    std::optional<std::string> recheck_on;
    /// The measure that keeps the amount of an exclusion group (不重复享受) this one is in.
    /// The exclusion takes the money, not a route: a decision with services stays eligible
    /// for them (no amount); one granting only money is ineligible.
    std::optional<std::string> excluded_by;
    Text excluded_by_title;  ///< the kept measure's title, for the sentence reports show
    std::vector<std::string> errors;  ///< rule evaluation errors (a bug in the rules)
    std::vector<ConditionResult> conditions;
    /// For an ineligible decision (explained): what would make each failed condition hold.
    std::vector<Counterfactual> would_change;
    /// The measure's process (department, documents, window, payment, clawback) as the
    /// pack describes it; none when it does not, or for ineligible and not-applicable
    /// decisions (nothing to apply for).
    std::shared_ptr<const Process> process;
    /// The payment schedule of an eligible decision with an amount (`process.payment`).
    std::vector<InstalmentResult> instalments;
    /// Why the schedule could not be computed (shares that do not add up): a rule bug.
    std::optional<std::string> payment_error;
};

/// An absent fact read as its declared meaning (schema `absent:`).
struct Assumption {
    std::string fact;  ///< path
    Text label;        ///< the fact's label
    cel::Value value;  ///< the value assumed
    Text title;        ///< the assumption as a sentence
};

/// A fact still to ask the applicant for: the report's questions come first-to-ask first
/// (the one needed by the most undetermined decisions; ties in schema order).
struct Question {
    std::string fact;  ///< path
    Text label;
    std::string type;                 ///< as the schema writes it ("date", "degree", "list(honor)")
    std::vector<std::string> values;  ///< the allowed values of a category (or of a list's items)
    std::optional<std::int64_t> min, max;
    std::vector<std::string> measures;  ///< the decisions it would help decide, undetermined first
    std::size_t undetermined = 0;       ///< how many of those are undetermined
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

/// The JSON report's `report_version`: raised when a field changes meaning or goes away
/// (adding a field does not raise it). docs/REPORT.md has the history.
inline constexpr int report_version = 3;

struct Report {
    Receipt receipt;
    std::string applicant_id;
    /// The pack's own effective period and whether as_of is in it: outside it every
    /// decision is `not_in_effect`, and reports say so once.
    Period pack_effective;
    bool in_effect = true;
    bool strict = false;                  ///< no assumptions were made (a strict request)
    std::vector<Assumption> assumptions;  ///< those the decided measures depend on, schema order
    std::vector<Question> questions;      ///< what to ask next
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
