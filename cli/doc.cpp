// `talentrules doc [--rules DIR] -o OUT [--as-of DATE] [--no-graphs]`: writes the pack's
// documentation site (static HTML, Chinese with English) into OUT.

#include <fmt/format.h>

#include "commands.hpp"
#include "common.hpp"
#include "talentrules/rules/doc_site.hpp"

namespace talentrules::cli {
namespace {

struct DocOptions {
    std::string rules;
    std::string out;
    std::string as_of;
    bool no_graphs = false;
    std::string lang;
};

int run_doc(const DocOptions& o) {
    const Lang lang = message_lang(o.lang);
    auto ruleset = load_pack(pack_dir("", o.rules), false, lang);
    if (!ruleset) return exit_bad_input;
    rules::Request request;
    request.as_of = o.as_of;
    if (!valid_request(*ruleset, request, lang)) return exit_bad_input;
    const auto site = rules::write_doc_site(*ruleset, {.out_dir = o.out, .as_of = o.as_of, .graphs = !o.no_graphs});
    print_diagnostics(site.diagnostics, nullptr, lang);
    if (!site.ok()) return exit_bad_input;
    fmt::print("{} pages written to {} ({} tests, {} failed)\n", site.pages, o.out, site.tests, site.failed);
    return exit_ok;
}

}  // namespace

void add_doc_command(CLI::App& app, Runner& run) {
    auto o = std::make_shared<DocOptions>();
    auto* cmd = app.add_subcommand("doc", "Write the pack's documentation site (static HTML)");
    cmd->add_option("--rules", o->rules, "Rule pack folder ($TALENTRULES_RULES, else rules/liangping)");
    cmd->add_option("-o,--out", o->out, "Folder to write the site into (created if absent)")->required();
    cmd->add_option("--as-of", o->as_of, "Date whose parameter values are marked current (default today)");
    cmd->add_flag("--no-graphs", o->no_graphs, "Leave out the dependency graphs (no Graphviz needed)");
    add_lang_option(cmd, o->lang, "Language of error messages (default zh)");
    cmd->callback([o, &run] { run = [o] { return run_doc(*o); }; });
}

}  // namespace talentrules::cli
