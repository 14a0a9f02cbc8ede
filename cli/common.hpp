#pragma once
// Helpers the pack commands share: reading files, loading a pack with its diagnostics
// printed (with carets from the pack files), reading profiles.

#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "talentrules/input.hpp"
#include "talentrules/rules/request.hpp"
#include "talentrules/rules/ruleset.hpp"

namespace talentrules::cli {

/// Exit codes: 0 ok, 1 a check failed (ineligible tests, lint errors), 2 bad input.
inline constexpr int exit_ok = 0;
inline constexpr int exit_failed = 1;
inline constexpr int exit_bad_input = 2;

/// The output budget of one answer (`check`, `eval`) unless `--max-output-bytes` says
/// otherwise; over it the command prints TR6011 and nothing partial. Batch records have
/// theirs in rules::BatchOptions::max_record_bytes.
inline constexpr std::size_t default_output_bytes = 16u << 20;

/// The input's bytes through the library's bounded reader (talentrules/input.hpp): "-"
/// is standard input. On TR5301 (over `max_bytes`, checked while reading) or TR5302
/// prints the diagnostic in `lang` and returns nullopt.
std::optional<std::string> read_input_or_report(const std::string& path, std::size_t max_bytes, InputKind kind,
                                                Lang lang);

/// Prints diagnostics to stderr in `lang`, each with the offending line of its file.
void print_diagnostics(const Diagnostics& diagnostics, const rules::Pack* pack = nullptr, Lang lang = Lang::en);

/// Loads a pack; on errors prints them (in `lang`) and returns null. Warnings are
/// printed only when `show_warnings`.
std::shared_ptr<const rules::RuleSet> load_pack(const std::string& dir, bool show_warnings = false,
                                                Lang lang = Lang::en);

/// Reads and validates a profile file (.json, or .yaml/.yml); prints errors in `lang`.
std::optional<rules::Profile> load_profile(const rules::RuleSet& ruleset, const std::string& path,
                                           Lang lang = Lang::en);

/// Prints the request's problems (TR6xxx) and returns false if it has any: every command
/// judges its options through the library, so they read the same in every front end.
bool valid_request(const rules::RuleSet& ruleset, const rules::Request& request, Lang lang = Lang::en);

/// Adds `--lang zh|en` (the library's languages) to a command. `what` says what it
/// translates and what is printed without it; `target` stays empty when not given.
CLI::Option* add_lang_option(CLI::App* cmd, std::string& target, const std::string& what);

/// Adds `--format` over the library's output formats (rules::output_formats()).
CLI::Option* add_format_option(CLI::App* cmd, std::string& target);

/// The language of messages (diagnostics) for a `--lang` value: Chinese, the language of
/// the reports and of the people who read them, unless `en` is given.
Lang message_lang(const std::string& lang);

/// The pack folder of a command that takes it as `--rules DIR` and, as before, as a
/// positional DIR too: the one given, else default_rules_dir().
std::string pack_dir(const std::string& positional, const std::string& rules);

/// Where `--rules` points when not given: $TALENTRULES_RULES, else rules/liangping.
std::string default_rules_dir();

}  // namespace talentrules::cli
