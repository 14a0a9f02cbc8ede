#pragma once
/// What the C API and the Python binding share: options, JSON for reports,
/// diagnostics and measures, and one error type for everything that can go wrong at
/// the boundary. Private to bindings/: never installed.
/// Thread-safe: free functions over immutable RuleSets; no shared state.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "talentrules/diagnostic.hpp"
#include "talentrules/rules/ruleset.hpp"

namespace talentrules::embed {

/// Mirrors tr_status in talentrules.h (same numbers).
enum class Status : int {
    ok = 0,
    invalid_argument = 1,  ///< a null pointer or impossible argument
    load = 2,              ///< the rule pack has errors
    profile = 3,           ///< the profile is not valid JSON or does not fit the schema
    options = 4,           ///< bad options: as_of, measures, lang, explain
    out_of_memory = 5,
    internal = 6,          ///< a bug: an exception escaped the library
};

/// "invalid_argument", "load", …: the code of a failure that has no diagnostic.
std::string_view to_string(Status status);

/// Why a call failed. `code` is the first error diagnostic's code (TR3xxx, TR5xxx)
/// when there is one, else to_string(status).
struct Failure {
    Status status = Status::internal;
    std::string code;
    std::string message;
    std::string file;          ///< empty when unknown
    std::uint32_t line = 0;    ///< 1-based; 0 when unknown
    std::uint32_t column = 0;
    std::string details;       ///< JSON array of every diagnostic, or empty
};

Failure failure(Status status, std::string message);

/// The failure for one diagnostic (its code, message in `lang` and place; no details).
Failure failure(Status status, const Diagnostic& diagnostic, Lang lang = Lang::en);

/// The failure for the exception being handled; call only inside a catch block.
/// May itself throw std::bad_alloc.
Failure current_exception_failure();

/// A loaded pack with the warnings found while loading it (for lint).
struct Loaded {
    std::shared_ptr<const rules::RuleSet> ruleset;
    Diagnostics diagnostics;
    std::string measures_json;  ///< computed once: the pack never changes
};

std::optional<Failure> load(const std::string& directory, Loaded& out);

struct CheckOptions {
    std::string as_of;                  ///< YYYY-MM-DD; empty = today (UTC)
    std::vector<std::string> measures;  ///< empty = all
    std::string lang;                   ///< "", "zh" or "en": adds "text" to the report
    std::string messages;               ///< "", "zh" or "en": language of error messages
    bool explain = true;
    bool strict = false;  ///< no assumptions for absent facts (docs/RULES.md, `absent`)
    /// False for a profile that was a program's value (a Python dict) serialised to JSON:
    /// its diagnostics keep their pointers but no line and column, which would name
    /// places in a text the caller never saw.
    bool profile_is_text = true;

    /// The language of error messages: `messages`, else `lang`, else Chinese (as the
    /// reports and the CLI).
    Lang message_lang() const;
};

/// Parses {"as_of":…, "measures":[…], "lang":…, "messages":…, "explain":…, "strict":…}; unknown keys are errors.
std::optional<Failure> parse_options(std::string_view json, CheckOptions& out);

/// Checks the date, the language and that every measure id is in the pack, as
/// rules::validate does (the failure's code is the TR6xxx diagnostic's).
std::optional<Failure> validate(const rules::RuleSet& ruleset, const CheckOptions& options);

/// Parses the profile (JSON text), evaluates it and writes the report JSON to `out`.
/// Bad options fail as in validate().
std::optional<Failure> check(const rules::RuleSet& ruleset, std::string_view profile_json,
                             const CheckOptions& options, std::string& out);

/// [{"severity","code","message","file","line","column","pointer"}, …], messages in `lang`.
std::string diagnostics_json(const Diagnostics& diagnostics, Lang lang = Lang::en);

}  // namespace talentrules::embed
