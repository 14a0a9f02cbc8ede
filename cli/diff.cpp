// `talentrules diff [--rules OLD_DIR --rules NEW_DIR | OLD_DIR NEW_DIR] CASES... [--as-of DATE] [--format text|json|html]
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
#include "talentrules/rules/diff.hpp"

namespace talentrules::cli {
namespace {

struct DiffCliOptions {
    std::vector<std::string> rules;  ///< --rules OLD --rules NEW
    std::vector<std::string> args;   ///< [OLD NEW] CASES...: the packs come first unless --rules names them
    std::string as_of;
    std::string format = "text";
    std::string out;
    std::string lang;  ///< --lang; empty: the report and messages in zh
    unsigned threads = 0;
    std::size_t max_applicants = 200;
};

int run_diff(const DiffCliOptions& o) {
    std::vector<std::string> packs = o.rules, case_paths = o.args;
    if (!packs.empty() && packs.size() != 2) {
        fmt::print(stderr, "error: give --rules twice: the current pack, then the changed one\n");
        return exit_bad_input;
    }
    if (packs.empty()) {  // the positional form: OLD NEW CASES...
        if (case_paths.size() < 3) {
            fmt::print(stderr, "error: diff needs two rule packs (--rules OLD --rules NEW) and at least one case\n");
            return exit_bad_input;
        }
        packs.assign(case_paths.begin(), case_paths.begin() + 2);
        case_paths.erase(case_paths.begin(), case_paths.begin() + 2);
    }
    const Lang lang = message_lang(o.lang);
    auto before = load_pack(packs[0], false, lang);
    auto after = load_pack(packs[1], false, lang);
    if (!before || !after) return exit_bad_input;
    rules::Request request;
    request.as_of = o.as_of;
    if (!o.lang.empty()) request.language = o.lang;
    if (!valid_request(*before, request, lang)) return exit_bad_input;

    auto cases = rules::read_diff_cases(*before, case_paths);
    print_diagnostics(cases.diagnostics, nullptr, lang);
    if (has_errors(cases.diagnostics)) return exit_bad_input;
    if (cases.cases.empty()) {
        fmt::print(stderr, "error: no cases found in the given files and folders\n");
        return exit_bad_input;
    }

    rules::DiffOptions options;
    options.as_of = o.as_of;
    options.threads = o.threads;
    options.lang = request.language;
    const auto report = rules::diff_packs(*before, *after, cases.cases, options);

    std::string text;
    if (o.format == "json") text = rules::diff_to_json(report);
    else if (o.format == "html") text = rules::diff_to_html(report, request.language, o.max_applicants);
    else text = rules::diff_to_text(report, request.language, o.max_applicants);
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
    cmd->add_option("--rules", o->rules, "The current, then the changed rule pack folder (give it twice)")
        ->expected(1)
        ->allow_extra_args(false)  // one folder per --rules; what follows is a case
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd->add_option("cases", o->args,
                    "Rule test files, profiles (.json/.yaml), .jsonl files, or folders of them; without "
                    "--rules, the current and the changed pack folders come first")
        ->required();
    cmd->add_option("--as-of", o->as_of, "Evaluation date for cases without one (default: today)");
    cmd->add_option("--format", o->format, "text, json or html")->check(CLI::IsMember({"text", "json", "html"}));
    cmd->add_option("--out", o->out, "Write the report to this file (default: stdout)");
    add_lang_option(cmd, o->lang, "Language of the decision texts and of error messages (default zh)");
    cmd->add_option("--threads", o->threads, "Evaluating threads (default: all cores)")->check(CLI::Range(0u, 1024u));
    cmd->add_option("--max-applicants", o->max_applicants,
                    "Changed applicants shown in text and html (0 = all; json lists all)")
        ->capture_default_str();
    cmd->callback([o, &run] { run = [o] { return run_diff(*o); }; });
}

}  // namespace talentrules::cli
