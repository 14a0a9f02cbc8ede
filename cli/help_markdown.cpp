// `talentrules help-markdown` (hidden): the command reference of docs/CLI.md, generated
// from the CLI11 definitions so that the document cannot drift from the program
// (ctest cli_doc regenerates it and fails on any difference).

#include <fmt/format.h>

#include <cctype>
#include <string>

#include "commands.hpp"

namespace talentrules::cli {
namespace {

// Markdown table cells: a '|' would end the cell.
std::string cell(std::string text) {
    std::string out;
    for (char c : text) {
        if (c == '|') out += "\\|";
        else if (c == '\n') out += ' ';
        else out += c;
    }
    return out;
}

void print_command(const CLI::App& cmd) {
    fmt::print("### `talentrules {}`\n\n{}.\n\n", cmd.get_name(), cmd.get_description());
    fmt::print("| argument or option | value | meaning |\n|---|---|---|\n");
    for (const CLI::Option* opt : cmd.get_options()) {
        if (opt == cmd.get_help_ptr()) continue;
        const bool positional = !opt->nonpositional();
        std::string name = positional ? opt->get_name(true) : opt->get_name(false, true);
        for (auto& c : name) {
            if (positional) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        std::string notes;
        if (opt->get_required()) notes += " (required)";
        if (opt->get_items_expected_max() > 1 || opt->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll) {
            notes += positional ? " (one or more)" : " (repeatable)";
        }
        if (!opt->get_default_str().empty()) notes += fmt::format(" (default: {})", opt->get_default_str());
        fmt::print("| `{}`{} | {} | {} |\n", name, notes, cell(opt->get_type_name()), cell(opt->get_description()));
    }
    fmt::print("\n");
}

int run_help_markdown(const CLI::App& app) {
    std::string group;
    for (const CLI::App* cmd : app.get_subcommands([](const CLI::App* c) { return !c->get_group().empty(); })) {
        if (cmd->get_group() != group) {
            group = cmd->get_group();
            fmt::print("## {}\n\n", group);
        }
        print_command(*cmd);
    }
    return 0;
}

}  // namespace

void add_help_markdown_command(CLI::App& app, Runner& run) {
    auto* cmd = app.add_subcommand("help-markdown", "Print the command reference of docs/CLI.md");
    cmd->group("");  // hidden: for maintainers, not users
    cmd->callback([&app, &run] { run = [&app] { return run_help_markdown(app); }; });
}

}  // namespace talentrules::cli
