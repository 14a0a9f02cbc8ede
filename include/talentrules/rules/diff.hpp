#pragma once
/// Comparing two versions of a rule pack on the same applicants: which decisions change,
/// in which direction, and what the change costs.
///
///     auto cases = rules::read_diff_cases(*old_rules, {"rules/liangping/tests", "examples/applicants"});
///     auto diff = rules::diff_packs(*old_rules, *new_rules, cases.cases, {.as_of = "2025-07-01"});
///     std::cout << rules::diff_to_text(diff);
///
/// A decision *changes* when its outcome changes, or when it stays eligible with another
/// amount or number of months. Other differences (another failed condition, other
/// missing facts, other services) are *details*: counted and listed, but not changes.
/// Money is the amount × months (1 when not set) of eligible decisions in measures whose
/// unit is empty or starts with 元; amounts in other units (晚, %) are not money.
///
/// Errors: unreadable or malformed case files are Diagnostics from read_diff_cases
/// (TR5203 file, TR5204 line of a .jsonl); a profile the schema of one or both packs
/// rejects is listed in DiffReport::rejected, never silently dropped.
/// Thread-safe: free functions over immutable inputs; diff_packs starts and joins its own
/// threads.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "talentrules/diagnostic.hpp"
#include "talentrules/rules/decision.hpp"
#include "talentrules/rules/ruleset.hpp"

namespace talentrules::rules {

/// One applicant to run through both packs.
struct DiffCase {
    std::string name;          ///< the test's name, else the applicant id, else the source
    std::string source;        ///< file, or file:line for a .jsonl line or a test
    std::string as_of;         ///< the test's date; empty = DiffOptions::as_of
    std::string profile_text;  ///< JSON, or YAML when `yaml`
    bool yaml = false;
};

struct DiffCases {
    std::vector<DiffCase> cases;
    Diagnostics diagnostics;
};

/// Reads cases from rule test files (YAML with a `tests:` list; `ruleset` reads them via
/// run_tests, whose profile paths are relative to the test file), profile files (.json,
/// .yaml, .yml), .jsonl files (one JSON profile per line; blank lines skipped) and
/// folders of these (recursively, in name order).
DiffCases read_diff_cases(const RuleSet& ruleset, const std::vector<std::string>& paths);

struct DiffOptions {
    std::string as_of;      ///< for cases without a date; empty = today (UTC)
    unsigned threads = 0;   ///< 0 = std::thread::hardware_concurrency()
    std::string lang = "zh";  ///< language of the decision texts
};

/// How one decision differs between the packs.
enum class Change : std::uint8_t {
    none,
    became_eligible,     ///< outcome changed to eligible (or the measure is new and eligible)
    became_ineligible,   ///< outcome changed to ineligible
    newly_referred,      ///< outcome changed to refer
    newly_undetermined,  ///< outcome changed to undetermined
    became_not_applicable,  ///< outcome changed to not_applicable
    amount_up,           ///< eligible in both; amount × months went up
    amount_down,         ///< eligible in both; amount × months went down
    measure_removed,     ///< the new pack has no such measure
    details,             ///< same outcome and amount; reasons, missing facts or services differ
};

/// "became_eligible", "amount_up", … (as in the JSON form).
std::string_view to_string(Change change);

/// One line of a textual diff: ' ' the same in both, '-' only old, '+' only new.
struct DiffLine {
    char op = ' ';
    std::string text;
};

/// An element of the pack that the two versions write differently: a parameter (its dated
/// values), definition, measure (conditions, amount …), exclusion, ranking, category or
/// fact, as canonical text one part a line, with the line diff of the two.
struct PackChange {
    std::string kind;  ///< parameter | definition | measure | exclusion | ranking | category | fact
    std::string name;
    std::string before_at, after_at;  ///< file:line; empty where the element is absent
    std::vector<DiffLine> lines;
    /// "parameter settling_in_amount": how decisions name it in DecisionChange::causes.
    std::string label() const { return kind + " " + name; }
};

struct DecisionChange {
    std::string measure;
    Change change = Change::none;
    std::optional<Decision> before;  ///< absent when the old pack has no such measure
    std::optional<Decision> after;   ///< absent when the new pack has no such measure
    std::int64_t money_delta = 0;    ///< new − old money (0 when the unit is not money)
    std::string before_text;         ///< to_text of the single old decision (with explanation)
    std::string after_text;
    /// The pack changes (PackChange::label) that alone, applied to the old pack, change
    /// this decision the same way (the same Change): each is tried by itself on the
    /// applicant. Empty for details-only changes, and when no single change does
    /// (several act together).
    std::vector<std::string> causes;
};

struct ApplicantDiff {
    std::string name;
    std::string source;
    std::string applicant_id;
    std::string as_of;
    std::vector<DecisionChange> changes;  ///< changed and details-only decisions, in measure order
};

struct MeasureDiff {
    std::string id;
    Text title;
    std::string unit;
    bool in_old = false, in_new = false;
    bool money = false;          ///< the unit is yuan: counted in the total
    std::size_t compared = 0;    ///< decisions compared (cases both packs accepted)
    std::size_t changed = 0;     ///< outcome or amount changed
    std::size_t details = 0;     ///< only details changed
    std::size_t became_eligible = 0, became_ineligible = 0, newly_referred = 0, newly_undetermined = 0,
                became_not_applicable = 0;
    std::size_t amount_up = 0, amount_down = 0, removed = 0;
    /// Outcome transitions old → new with their counts ("absent" for a missing measure),
    /// sorted by from, then to.
    struct Transition {
        std::string from, to;
        std::size_t count = 0;
    };
    std::vector<Transition> transitions;
    std::int64_t total_before = 0;  ///< sum of amount × months over eligible old decisions
    std::int64_t total_after = 0;
    std::int64_t delta() const { return total_after - total_before; }
};

struct PackSummary {
    std::string directory, id, version, hash;
};

struct Rejection {
    std::string name, source;
    std::string by;  ///< "old", "new" or "both"
    std::vector<std::string> messages;
};

struct DiffReport {
    PackSummary before, after;
    std::string default_as_of;
    std::size_t cases = 0;          ///< cases read
    std::size_t compared = 0;       ///< cases both packs accepted
    std::size_t changed_cases = 0;  ///< with at least one changed decision
    std::vector<MeasureDiff> measures;  ///< old pack's order, then measures only in the new one
    std::vector<ApplicantDiff> applicants;  ///< cases with changes or details, in case order
    std::vector<Rejection> rejected;
    /// What the new pack writes differently, in the order kind, then name.
    std::vector<PackChange> pack_changes;
    std::int64_t money_delta() const;
};

/// What the new pack writes differently from the old (DiffReport::pack_changes).
std::vector<PackChange> pack_changes(const Pack& before, const Pack& after);

/// Runs both packs on every case and compares the decisions; names each changed
/// decision's causes among pack_changes(before, after).
DiffReport diff_packs(const RuleSet& before, const RuleSet& after, const std::vector<DiffCase>& cases,
                      const DiffOptions& options = {});

/// Plain text for a terminal: the per-measure summary, then up to `max_applicants`
/// changed applicants (0 = all) with both decisions one after the other.
std::string diff_to_text(const DiffReport& report, std::string_view lang = "zh", std::size_t max_applicants = 0);

/// JSON (structure in docs/POLICY_TOOLS.md); lists every applicant.
std::string diff_to_json(const DiffReport& report);

/// One self-contained HTML page (inline CSS and SVG, nothing fetched): summary table, a
/// bar chart of changes per measure, then changed applicants with both decisions side by
/// side (up to `max_applicants`; 0 = all).
std::string diff_to_html(const DiffReport& report, std::string_view lang = "zh", std::size_t max_applicants = 0);

}  // namespace talentrules::rules
