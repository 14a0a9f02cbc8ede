// `talentrules lint [--rules DIR | DIR] [--samples] [--lang zh|en]`: every static check of a pack; exits 1 on errors.

#include <fmt/format.h>

#include "commands.hpp"
#include "common.hpp"

namespace talentrules::cli {
namespace {

int run_lint(const std::string& dir, bool samples, const std::string& lang) {
    auto loaded = rules::RuleSet::load(dir);
    print_diagnostics(loaded.diagnostics, loaded.ok() ? &loaded.ruleset->pack() : nullptr, message_lang(lang));
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
            fmt::print("Sample process items (proposals, with their real analog):\n");
            for (const auto& m : p.measures) {
                if (!m.process) continue;
                const auto& pr = *m.process;
                const std::pair<const char*, const rules::ProcessItem*> items[] = {
                    {"department", pr.department ? &*pr.department : nullptr},
                    {"documents", pr.documents ? &*pr.documents : nullptr},
                    {"window", pr.window ? &*pr.window : nullptr},
                    {"payment", pr.payment ? &*pr.payment : nullptr},
                    {"clawback", pr.clawback ? &*pr.clawback : nullptr}};
                for (const auto& [key, item] : items) {
                    if (item && item->basis == rules::Basis::sample) {
                        fmt::print("  {} process.{}  ({})\n", m.id, key, item->analog);
                    }
                }
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
    auto lang = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("lint", "Check a rule pack: syntax, types, names, graph, warnings");
    auto* positional = cmd->add_option("dir", *dir, "Rule pack folder (the older form of --rules)");
    cmd->add_option("--rules", *rules_dir, "Rule pack folder ($TALENTRULES_RULES, else rules/liangping)")
        ->excludes(positional);
    cmd->add_flag("--samples", *samples, "List the parameters and process items marked as sample values");
    add_lang_option(cmd, *lang, "Language of the diagnostics (default zh)");
    cmd->callback([dir, rules_dir, samples, lang, &run] {
        run = [dir, rules_dir, samples, lang] { return run_lint(pack_dir(*dir, *rules_dir), *samples, *lang); };
    });
}

}  // namespace talentrules::cli
