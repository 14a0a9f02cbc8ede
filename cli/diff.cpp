// `talentrules diff OLD_DIR NEW_DIR CASES... [--as-of DATE] [--format text|json|html]
// [--out FILE] [--lang zh|en] [--threads N] [--max-applicants N]`: runs two versions of a
// pack on the same applicants and reports, per measure, the decisions that changed, in
// which direction and the change in money, then the changed applicants side by side.
// Exit 0 when the comparison ran (changes or not); 2 on bad input (a pack that does not
// load, an unreadable case file, a profile both packs reject).

#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "rules/load/load_yaml.hpp"
#include "talentrules/rules/diff.hpp"

namespace talentrules::cli {
namespace {

struct DiffCliOptions {
    std::string before;
    std::string after;
    std::vector<std::string> cases;
    std::string as_of;
    std::string format = "text";
    std::string out;
    std::string lang = "zh";
    unsigned threads = 0;
    std::size_t max_applicants = 200;
};

int run_diff(const DiffCliOptions& o) {
    if (!o.as_of.empty() && !rules::detail::valid_date(o.as_of)) {
        fmt::print(stderr, "error: --as-of '{}' is not a valid date (YYYY-MM-DD)\n", o.as_of);
        return exit_bad_input;
    }
    auto before = load_pack(o.before);
    auto after = load_pack(o.after);
    if (!before || !after) return exit_bad_input;

    auto cases = rules::read_diff_cases(*before, o.cases);
    print_diagnostics(cases.diagnostics);
    if (has_errors(cases.diagnostics)) return exit_bad_input;
    if (cases.cases.empty()) {
        fmt::print(stderr, "error: no cases found in the given files and folders\n");
        return exit_bad_input;
    }

    rules::DiffOptions options;
    options.as_of = o.as_of;
    options.threads = o.threads;
    options.lang = o.lang;
    const auto report = rules::diff_packs(*before, *after, cases.cases, options);

    std::string text;
    if (o.format == "json") text = rules::diff_to_json(report);
    else if (o.format == "html") text = rules::diff_to_html(report, o.lang, o.max_applicants);
    else text = rules::diff_to_text(report, o.lang, o.max_applicants);
    if (o.out.empty() || o.out == "-") {
        std::cout << text;
        std::cout.flush();
        if (!std::cout) return exit_failed;
    } else {
        std::ofstream file(o.out, std::ios::binary);
        file << text;
        file.close();
        if (!file) {
            fmt::print(stderr, "{}: error: cannot write the report\n", o.out);
            return exit_bad_input;
        }
    }

    std::size_t both = 0;
    for (const auto& r : report.rejected) {
        if (r.by == "both") {
            ++both;
            fmt::print(stderr, "{}: error: both packs reject the profile: {}\n", r.source,
                       r.messages.empty() ? "" : r.messages.front());
        }
    }
    fmt::print(stderr, "diff: {} cases, {} with changed decisions, money change {:+} 元\n", report.cases,
               report.changed_cases, report.money_delta());
    return both ? exit_bad_input : exit_ok;
}

}  // namespace

void add_diff_command(CLI::App& app, Runner& run) {
    auto o = std::make_shared<DiffCliOptions>();
    auto* cmd = app.add_subcommand("diff", "Compare two versions of a rule pack on the same applicants");
    cmd->add_option("old", o->before, "The current rule pack folder")->required();
    cmd->add_option("new", o->after, "The changed rule pack folder")->required();
    cmd->add_option("cases", o->cases,
                    "Rule test files, profiles (.json/.yaml), .jsonl files, or folders of them")
        ->required();
    cmd->add_option("--as-of", o->as_of, "Evaluation date for cases without one (default: today)");
    cmd->add_option("--format", o->format, "text, json or html")->check(CLI::IsMember({"text", "json", "html"}));
    cmd->add_option("--out", o->out, "Write the report to this file (default: stdout)");
    cmd->add_option("--lang", o->lang, "Language of the decision texts: zh or en")->check(CLI::IsMember({"zh", "en"}));
    cmd->add_option("--threads", o->threads, "Evaluating threads (default: all cores)")->check(CLI::Range(0u, 1024u));
    cmd->add_option("--max-applicants", o->max_applicants,
                    "Changed applicants shown in text and html (0 = all; json lists all)")
        ->capture_default_str();
    cmd->callback([o, &run] { run = [o] { return run_diff(*o); }; });
}

}  // namespace talentrules::cli
