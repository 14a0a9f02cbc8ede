#pragma once
// Each command registers itself on the CLI11 app and sets the function that runs it.
// The runner returns the process exit code.

#include <CLI/CLI.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "talentrules/rules/ruleset.hpp"

namespace talentrules::cli {

using Runner = std::function<int()>;

/// Who a command is for: `talentrules --help` lists the commands under these headings.
inline constexpr const char* group_caseworker = "Caseworker";
inline constexpr const char* group_policy = "Policy staff";
inline constexpr const char* group_developer = "Developer";
inline constexpr const char* group_operations = "Operations";

void add_eval_command(CLI::App& app, Runner& run);
void add_conformance_command(CLI::App& app, Runner& run);
void add_functions_command(CLI::App& app, Runner& run);
void add_check_command(CLI::App& app, Runner& run);
void add_lint_command(CLI::App& app, Runner& run);
void add_graph_command(CLI::App& app, Runner& run);
void add_doc_command(CLI::App& app, Runner& run);
void add_test_command(CLI::App& app, Runner& run);
void add_batch_command(CLI::App& app, Runner& run);
void add_diff_command(CLI::App& app, Runner& run);
void add_allocate_command(CLI::App& app, Runner& run);
void add_schema_command(CLI::App& app, Runner& run);
void add_serve_command(CLI::App& app, Runner& run);
void add_log_command(CLI::App& app, Runner& run);
/// `test --mutate`: runs the pack's mutants, prints the survivors and the score; false when
/// the score is below `min_percent` (negative: no minimum).
bool mutation_check(const talentrules::rules::RuleSet& ruleset, const std::vector<std::string>& test_paths,
                    const std::vector<std::string>& allow_outside, double min_percent, std::size_t max_mutants);
/// `test --watch`: blocks until a file is written, created, moved or removed under one of
/// `roots` (recursively); false when nothing can be watched.
bool wait_for_change(const std::vector<std::string>& roots);
/// The hidden `help-markdown`: docs/CLI.md's reference, generated from the definitions
/// above (call last, after every other command is added).
void add_help_markdown_command(CLI::App& app, Runner& run);

}  // namespace talentrules::cli
