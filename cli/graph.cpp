// `talentrules graph [--rules DIR | DIR] [--format dot|svg]`: the pack's dependency graph. SVG is drawn by
// Graphviz's `dot` program (Debian package graphviz), run as a child process.

#include <fmt/format.h>

#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "common.hpp"

namespace talentrules::cli {
namespace {

int run_graph(const std::string& dir, const std::string& format, const std::string& lang) {
    auto ruleset = load_pack(dir, false, message_lang(lang));
    if (!ruleset) return exit_bad_input;
    const std::string dot = ruleset->graph_dot();
    if (format == "dot") {
        std::cout << dot;
        return exit_ok;
    }
    FILE* pipe = popen("dot -Tsvg", "w");
    if (!pipe) {
        fmt::print(stderr, "error: cannot run Graphviz 'dot' (install the graphviz package)\n");
        return exit_failed;
    }
    std::fwrite(dot.data(), 1, dot.size(), pipe);
    const int status = pclose(pipe);
    if (status != 0) {
        fmt::print(stderr, "error: Graphviz 'dot' failed (status {})\n", status);
        return exit_failed;
    }
    return exit_ok;
}

}  // namespace

void add_graph_command(CLI::App& app, Runner& run) {
    auto dir = std::make_shared<std::string>();
    auto rules_dir = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("dot");
    auto lang = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("graph", "Print the pack's dependency graph (dot or svg)");
    auto* positional = cmd->add_option("dir", *dir, "Rule pack folder (the older form of --rules)");
    cmd->add_option("--rules", *rules_dir, "Rule pack folder ($TALENTRULES_RULES, else rules/liangping)")
        ->excludes(positional);
    cmd->add_option("--format", *format, "dot or svg")->check(CLI::IsMember({"dot", "svg"}));
    add_lang_option(cmd, *lang, "Language of error messages (default zh)");
    cmd->callback([dir, rules_dir, format, lang, &run] {
        run = [dir, rules_dir, format, lang] { return run_graph(pack_dir(*dir, *rules_dir), *format, *lang); };
    });
}

}  // namespace talentrules::cli
