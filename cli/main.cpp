// talentrules: the command-line front end. One file per command; this file wires them.

#include <cstdio>
#include <exception>

#include "commands.hpp"
#include "talentrules/version.hpp"

int main(int argc, char** argv) {
    CLI::App app{"talentrules: a policy rules engine over CEL expressions"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("talentrules ") + talentrules::version);
    talentrules::cli::Runner run;
    talentrules::cli::add_eval_command(app, run);
    talentrules::cli::add_conformance_command(app, run);
    talentrules::cli::add_functions_command(app, run);
    talentrules::cli::add_check_command(app, run);
    talentrules::cli::add_lint_command(app, run);
    talentrules::cli::add_graph_command(app, run);
    talentrules::cli::add_test_command(app, run);
    talentrules::cli::add_batch_command(app, run);
    talentrules::cli::add_diff_command(app, run);
    talentrules::cli::add_allocate_command(app, run);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    try {
        return run ? run() : 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "talentrules: internal error: %s\n", e.what());
        return 70;
    }
}
