// `talentrules check [--rules DIR] PROFILE [--as-of DATE] [--measure ID]... [--format text|json]
// [--lang zh|en]`: the caseworker's view of one applicant.

#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "rules/load/load_yaml.hpp"

namespace talentrules::cli {
namespace {

struct CheckOptions {
    std::string rules = default_rules_dir();
    std::string profile;
    std::string as_of;
    std::vector<std::string> measures;
    std::string format = "text";
    std::string lang = "zh";
    bool brief = false;
};

int run_check(const CheckOptions& o) {
    if (!o.as_of.empty() && !rules::detail::valid_date(o.as_of)) {
        fmt::print(stderr, "error: --as-of '{}' is not a valid date (YYYY-MM-DD)\n", o.as_of);
        return exit_bad_input;
    }
    auto ruleset = load_pack(o.rules);
    if (!ruleset) return exit_bad_input;
    for (const auto& id : o.measures) {
        bool found = false;
        for (const auto& m : ruleset->pack().measures) found |= m.id == id;
        if (!found) {
            fmt::print(stderr, "error: the pack has no measure '{}'\n", id);
            return exit_bad_input;
        }
    }
    auto profile = load_profile(*ruleset, o.profile);
    if (!profile) return exit_bad_input;
    rules::EvaluateOptions options;
    options.as_of = o.as_of;
    options.measures = o.measures;
    auto report = ruleset->evaluate(*profile, options);
    if (o.format == "json") {
        std::cout << rules::to_json(report, !o.brief) << "\n";
    } else {
        std::cout << rules::to_text(report, o.lang, !o.brief);
    }
    return exit_ok;
}

}  // namespace

void add_check_command(CLI::App& app, Runner& run) {
    auto o = std::make_shared<CheckOptions>();
    auto* cmd = app.add_subcommand("check", "Decide every measure for one applicant (the caseworker's view)");
    cmd->add_option("profile", o->profile, "Applicant profile (.json or .yaml)")->required();
    cmd->add_option("--rules", o->rules, "Rule pack folder")->capture_default_str();
    cmd->add_option("--as-of", o->as_of, "Evaluation date YYYY-MM-DD (default: today)");
    cmd->add_option("--measure", o->measures, "Only these measures (repeatable)");
    cmd->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
    cmd->add_option("--lang", o->lang, "zh or en")->check(CLI::IsMember({"zh", "en"}));
    cmd->add_flag("--brief", o->brief, "Only failed and deciding conditions");
    cmd->callback([o, &run] { run = [o] { return run_check(*o); }; });
}

}  // namespace talentrules::cli
