// `talentrules graph [--rules DIR | DIR] [--format dot|svg] [--measure ID] [--lang zh|en]`: the
// pack's dependency graph, with titles, rankings drawn from their measures, or cut down to
// one measure. SVG is drawn by Graphviz's `dot` program (Debian package graphviz).

#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "talentrules/rules/doc_site.hpp"

namespace talentrules::cli {
namespace {

int run_graph(const std::string& dir, const std::string& format, const std::string& measure, const std::string& lang) {
    auto ruleset = load_pack(dir, false, message_lang(lang));
    if (!ruleset) return exit_bad_input;
    if (!measure.empty()) {
        rules::Request request;
        request.measures = {measure};
        if (!valid_request(*ruleset, request, message_lang(lang))) return exit_bad_input;
    }
    const std::string dot =
        rules::graph_dot(ruleset->pack(), {.measure = measure, .lang = lang.empty() ? "zh" : lang});
    if (format == "dot") {
        std::cout << dot;
        return exit_ok;
    }
    std::string error;
    const std::string svg = rules::dot_to_svg(dot, error);
    if (svg.empty()) {
        fmt::print(stderr, "error: {}\n", error);
        return exit_failed;
    }
    std::cout << svg;
    return exit_ok;
}

}  // namespace

void add_graph_command(CLI::App& app, Runner& run) {
    auto dir = std::make_shared<std::string>();
    auto rules_dir = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("dot");
    auto measure = std::make_shared<std::string>();
    auto lang = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("graph", "Print the pack's dependency graph (dot or svg)");
    auto* positional = cmd->add_option("dir", *dir, "Rule pack folder (the older form of --rules)");
    cmd->add_option("--rules", *rules_dir, "Rule pack folder ($TALENTRULES_RULES, else rules/liangping)")
        ->excludes(positional);
    cmd->add_option("--format", *format, "dot or svg")->check(CLI::IsMember({"dot", "svg"}));
    cmd->add_option("--measure", *measure,
                    "Only this measure: what it reads, through definitions, and its rankings");
    add_lang_option(cmd, *lang, "Language of node titles and error messages (default zh)");
    cmd->callback([dir, rules_dir, format, measure, lang, &run] {
        run = [dir, rules_dir, format, measure, lang] {
            return run_graph(pack_dir(*dir, *rules_dir), *format, *measure, *lang);
        };
    });
}

}  // namespace talentrules::cli
