// `talentrules check [--rules DIR] PROFILE [--as-of DATE] [--measure ID]... [--format text|json]
// [--lang zh|en] [--brief]`: the caseworker's view of one applicant. The options are a
// rules::Request; the library judges and renders it.

#include <iostream>

#include "commands.hpp"
#include "common.hpp"

namespace talentrules::cli {
namespace {

struct CheckOptions {
    std::string rules = default_rules_dir();
    std::string profile;
    rules::Request request;
    std::string lang;  ///< --lang; empty: the report and messages in zh
    bool brief = false;
};

int run_check(CheckOptions o) {
    const Lang lang = message_lang(o.lang);
    if (!o.lang.empty()) o.request.language = o.lang;
    auto ruleset = load_pack(o.rules, false, lang);
    if (!ruleset) return exit_bad_input;
    o.request.explain = !o.brief;
    if (!o.request.limits.max_output_bytes) o.request.limits.max_output_bytes = default_output_bytes;
    if (!valid_request(*ruleset, o.request, lang)) return exit_bad_input;
    auto profile = load_profile(*ruleset, o.profile, lang);
    if (!profile) return exit_bad_input;
    auto result = rules::check(*ruleset, *profile, o.request);
    print_diagnostics(result.diagnostics, nullptr, lang);
    if (!result.ok()) return exit_bad_input;
    std::cout << result.output;
    return exit_ok;
}

}  // namespace

void add_check_command(CLI::App& app, Runner& run) {
    auto o = std::make_shared<CheckOptions>();
    auto* cmd = app.add_subcommand("check", "Decide every measure for one applicant (the caseworker's view)");
    cmd->add_option("profile", o->profile, "Applicant profile (.json or .yaml)")->required();
    cmd->add_option("--rules", o->rules, "Rule pack folder ($TALENTRULES_RULES, else rules/liangping)");
    cmd->add_option("--as-of", o->request.as_of, "Evaluation date YYYY-MM-DD (default: today)");
    cmd->add_option("--measure", o->request.measures, "Only these measures");
    add_format_option(cmd, o->request.format);
    add_lang_option(cmd, o->lang, "Language of the report and of error messages (default zh)");
    cmd->add_flag("--brief", o->brief, "Only failed and deciding conditions");
    cmd->add_flag("--strict", o->request.strict,
                  "Make no assumptions: facts the profile leaves out stay unknown, even where the schema says what "
                  "their absence means");
    cmd->add_option("--max-output-bytes", o->request.limits.max_output_bytes,
                    "Output budget: a larger report is TR6011, never printed in part (default 16 MiB)");
    cmd->callback([o, &run] { run = [o] { return run_check(*o); }; });
}

}  // namespace talentrules::cli
