// `talentrules lint [--rules DIR | DIR] [--samples]`: every static check of a pack; exits 1 on errors.

#include <fmt/format.h>

#include "commands.hpp"
#include "common.hpp"

namespace talentrules::cli {
namespace {

int run_lint(const std::string& dir, bool samples) {
    auto loaded = rules::RuleSet::load(dir);
    print_diagnostics(loaded.diagnostics, loaded.ok() ? &loaded.ruleset->pack() : nullptr);
    std::size_t errors = 0, warnings = 0;
    for (const auto& d : loaded.diagnostics) (d.severity == Severity::error ? errors : warnings)++;
    if (loaded.ok()) {
        const auto& p = loaded.ruleset->pack();
        fmt::print("{}: {} measures, {} definitions, {} parameters, {} facts\n", p.info.id, p.measures.size(),
                   p.definitions.size(), p.parameters.size(), p.schema.size());
        if (samples) {
            fmt::print("Sample values (not stated by the policy text):\n");
            for (const auto& par : p.parameters) {
                if (par.sample) fmt::print("  {}  {}  ({})\n", par.name, par.title.zh, par.source);
            }
        }
    }
    fmt::print("{} error(s), {} warning(s)\n", errors, warnings);
    return errors ? exit_failed : exit_ok;
}

}  // namespace

void add_lint_command(CLI::App& app, Runner& run) {
    auto dir = std::make_shared<std::string>();
    auto rules_dir = std::make_shared<std::string>();
    auto samples = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand("lint", "Check a rule pack: syntax, types, names, graph, warnings");
    auto* positional = cmd->add_option("dir", *dir, "Rule pack folder (the older form of --rules)");
    cmd->add_option("--rules", *rules_dir, "Rule pack folder ($TALENTRULES_RULES, else rules/liangping)")
        ->excludes(positional);
    cmd->add_flag("--samples", *samples, "List the parameters marked as sample values");
    cmd->callback([dir, rules_dir, samples, &run] {
        run = [dir, rules_dir, samples] { return run_lint(pack_dir(*dir, *rules_dir), *samples); };
    });
}

}  // namespace talentrules::cli
