// talentrules: the command-line front end. One file per command; this file wires them,
// groups them by who uses them, and maps every usage error to exit code 2.

#include <algorithm>
#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "common.hpp"
#include "talentrules/fault.hpp"
#include "talentrules/version.hpp"

namespace {

int run_main(int argc, char** argv) {
    namespace cli = talentrules::cli;
    CLI::App app{"talentrules: a policy rules engine over CEL expressions", "talentrules"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("talentrules ") + talentrules::version);
    cli::Runner run;
    // Help lists the groups in the order their first command is added.
    const std::pair<void (*)(CLI::App&, cli::Runner&), const char*> commands[] = {
        {cli::add_check_command, cli::group_caseworker},
        {cli::add_lint_command, cli::group_policy},
        {cli::add_test_command, cli::group_policy},
        {cli::add_diff_command, cli::group_policy},
        {cli::add_graph_command, cli::group_policy},
        {cli::add_doc_command, cli::group_policy},
        {cli::add_batch_command, cli::group_policy},
        {cli::add_allocate_command, cli::group_policy},
        {cli::add_eval_command, cli::group_developer},
        {cli::add_functions_command, cli::group_developer},
        {cli::add_conformance_command, cli::group_developer},
        {cli::add_schema_command, cli::group_developer},
        {cli::add_serve_command, cli::group_operations},
        {cli::add_log_command, cli::group_operations},
    };
    for (const auto& [add, group] : commands) {
        add(app, run);
        app.get_subcommands([](CLI::App*) { return true; }).back()->group(group);
    }
    cli::add_help_markdown_command(app, run);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // CLI11 calls a misspelt command "A subcommand is required"; name it instead.
        std::vector<std::string> names;
        for (const CLI::App* c : std::as_const(app).get_subcommands([](const CLI::App*) { return true; })) {
            names.push_back(c->get_name());
        }
        if (argc > 1 && argv[1][0] != '-' && std::find(names.begin(), names.end(), argv[1]) == names.end()) {
            std::string hint;
            if (auto near = talentrules::rules::nearest(argv[1], names)) hint = " (did you mean '" + *near + "'?)";
            std::fprintf(stderr, "error: unknown command '%s'%s\nRun with --help for the commands.\n", argv[1],
                         hint.c_str());
            return cli::exit_bad_input;
        }
        // --help and --version are "errors" with code 0; every other one is a usage error,
        // which docs/CLI.md promises is exit 2 (CLI11's own codes, 105, 106, 109…, are not).
        const int code = app.exit(e);
        return code == 0 ? cli::exit_ok : cli::exit_bad_input;
    }
    talentrules::fault_point("cli");
    return run ? run() : 0;
}

}  // namespace

// No exception leaves main (an uncaught one aborts with SIGABRT): out of memory and any
// other failure, in parsing the options or in a command, end in a message and exit 70.
int main(int argc, char** argv) {
    try {
        return run_main(argc, argv);
    } catch (const std::bad_alloc&) {
        std::fputs("talentrules: error: out of memory\n", stderr);
        return 70;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "talentrules: internal error: %s\n", e.what());
        return 70;
    } catch (...) {
        std::fputs("talentrules: internal error: unknown exception\n", stderr);
        return 70;
    }
}
