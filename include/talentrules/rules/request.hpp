#pragma once
/// One request to a RuleSet, the same for every front end (the CLI, the C API, the
/// Python module, a service): which day, which measures, and how to render the answer.
/// Front ends fill it from what the user typed and let the library judge it, so every
/// front end reports the same problem with the same code and message.
///
///     rules::Request request{.as_of = "2025-07-01", .measures = {"talent_card"}, .language = "en"};
///     auto result = rules::check(*ruleset, profile, request);
///     if (!result.ok()) { std::cerr << render(result.diagnostics); return 2; }
///     std::cout << result.output;
///
/// Errors: problems with a request are TR6xxx Diagnostics, all collected (docs/API.md):
///   TR6001 as_of is not an existing date written YYYY-MM-DD
///   TR6002 a measure id the pack does not have (with the nearest id as a suggestion)
///   TR6003 a language other than zh or en
///   TR6004 a format other than text or json
///   TR6010 a limit of 0, or looser than the engine's (a request may only tighten)
///   TR6011 (from check) the rendered output is over the request's byte budget
/// Thread-safe: plain values and free functions over an immutable RuleSet.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "talentrules/diagnostic.hpp"
#include "talentrules/rules/decision.hpp"
#include "talentrules/rules/ruleset.hpp"

namespace talentrules::rules {

/// A request's own bounds, each unset = the engine's (docs/LIMITS.md). A request may only
/// tighten: a value of 0 or above the engine's is TR6010.
struct RequestLimits {
    std::optional<std::size_t> max_output_bytes;     ///< the rendered output; over it: TR6011
    std::optional<std::uint64_t> max_cost;           ///< cel::EvalLimits::max_cost, per expression
    std::optional<std::size_t> max_collection_size;  ///< cel::EvalLimits::max_collection_size
    std::optional<std::size_t> max_string_bytes;     ///< cel::EvalLimits::max_string_bytes
};

struct Request {
    std::string as_of;                  ///< YYYY-MM-DD; empty = today (UTC)
    std::vector<std::string> measures;  ///< ids of the pack's measures; empty = all
    std::string language = "zh";        ///< zh | en: the language of the text output
    std::string format = "text";        ///< text (the caseworker's reading) | json (docs/REPORT.md)
    bool explain = true;                ///< false = brief (--brief): without each decision's conditions
    bool would_change = true;           ///< what would change each "no" (EvaluateOptions::would_change)
    bool strict = false;                ///< make no assumptions for absent facts (--strict)
    RequestLimits limits;
};

/// One output format a Request may ask for: its name, a line for help texts, and how it
/// renders a report. This table is the one list of formats: request validation, check()
/// and the front ends' option checks and help all read it, so a new format is one row
/// (and its renderer) in lib/rules/request.cpp.
struct OutputFormat {
    std::string_view name;
    std::string_view description;
    std::string (*render)(const Report& report, const Request& request);
};

/// Every output format, in the order help lists them ("text" first: the default).
std::span<const OutputFormat> output_formats();

/// The format called `name`, or null.
const OutputFormat* find_output_format(std::string_view name);

/// The formats' names, for option checks ("text", "json").
std::vector<std::string> output_format_names();

/// The languages a Request may ask for ("zh", "en"), for option checks.
std::vector<std::string> language_names();

/// The Lang of a language name a request accepts ("zh" → Lang::zh; anything else en).
Lang lang_of(std::string_view language);

/// Every problem with `request` for `ruleset` (TR6001–TR6004); empty when it can run.
Diagnostics validate(const RuleSet& ruleset, const Request& request);

/// The evaluation part alone (as_of, measures: TR6001, TR6002). RuleSet::evaluate,
/// values_of and value_of refuse options with such a problem (see there).
Diagnostics validate(const RuleSet& ruleset, const EvaluateOptions& options);

/// The EvaluateOptions a request asks for.
EvaluateOptions evaluate_options(const Request& request);

struct CheckResult {
    std::optional<Report> report;  ///< absent when the request is invalid
    std::string output;            ///< the report rendered as the request asks; JSON ends in '\n'
    Diagnostics diagnostics;       ///< TR6xxx
    bool ok() const { return report.has_value(); }
};

/// Validates the request, evaluates the profile and renders the report. Never throws for
/// a bad request: its problems are in `diagnostics`.
CheckResult check(const RuleSet& ruleset, const Profile& profile, const Request& request);

/// The pack's measures for a front end's menu, as JSON:
/// [{"id","title":{zh,en},"kind","clause":{section,text},"effective":{from,to},"unit"}, …];
/// an end of `effective` the measure leaves open is the pack's.
std::string measures_json(const RuleSet& ruleset);

/// The candidate closest to `word` by edit distance in code points, when close enough to
/// be a likely typo (at most a third of the word's length, at least 1); else the nearest
/// in length of the candidates that start with `word` or that `word` starts with, the
/// shorter having two or more code points (硕士研究生 -> 硕士, price -> price_wan);
/// nullopt otherwise. The one "did you mean" of every front end: measure ids, commands,
/// profile fields and category values.
std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates);

/// The functions a rule expression may call (CEL's standard library and the rule
/// functions such as date() and age_on()), as the engine registers them: for listings
/// such as `talentrules functions`.
struct FunctionInfo {
    std::string name;
    std::string signature;  ///< the overload id, e.g. "age_on(timestamp, timestamp)"
    std::string result;     ///< the result type
    std::string doc;
};
std::vector<FunctionInfo> rule_functions();

}  // namespace talentrules::rules
