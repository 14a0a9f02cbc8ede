// `talentrules allocate --rules DIR APPLICANTS UNITS [--as-of DATE] [--ranking ID]
// [--format text|json] [--lang zh|en]`: ranks the applicants eligible for a ranking's
// measure and assigns the units; everyone gets a unit, a waitlist place or a reason.
// APPLICANTS is a folder of profile files, one profile file, or a .jsonl file.

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "common.hpp"
#include "talentrules/rules/allocation.hpp"

namespace talentrules::cli {
namespace {

namespace fs = std::filesystem;

struct AllocateOptions {
    std::string rules = default_rules_dir();
    std::string applicants;
    std::string units;
    std::string as_of;
    std::string ranking;
    std::string format = "text";
    std::string lang;  ///< --lang; empty: the list and messages in zh
};

// Reads every applicant; a bad one is reported and stops the run (an allocation must
// not silently leave someone out).
bool read_applicants(const rules::RuleSet& rs, const std::string& path,
                     std::vector<std::pair<std::string, rules::Profile>>& out, Lang lang) {
    std::error_code ec;
    std::vector<std::string> files;
    if (fs::is_directory(path, ec)) {
        for (const auto& e : fs::directory_iterator(path)) {
            const auto ext = e.path().extension();
            if (ext == ".json" || ext == ".yaml" || ext == ".yml") files.push_back(e.path().string());
        }
        std::sort(files.begin(), files.end());
    } else if (path.ends_with(".jsonl")) {
        auto text = read_input_or_report(path, InputLimits{}.case_file, InputKind::case_file, lang);
        if (!text) return false;
        std::istringstream in(*text);
        std::string line;
        std::size_t n = 0;
        bool ok = true;
        while (std::getline(in, line)) {
            ++n;
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            auto r = rs.parse_profile(line, fmt::format("{}:{}", path, n));
            if (!r.ok()) {
                print_diagnostics(r.diagnostics, nullptr, lang);
                ok = false;
                continue;
            }
            out.emplace_back(fmt::format("{}:{}", path, n), std::move(*r.profile));
        }
        return ok;
    } else {
        files.push_back(path);
    }
    bool ok = true;
    for (const auto& f : files) {
        auto p = load_profile(rs, f, lang);
        if (!p) {
            ok = false;
            continue;
        }
        if (p->applicant_id.empty()) p->applicant_id = fs::path(f).stem().string();
        out.emplace_back(f, std::move(*p));
    }
    return ok;
}

int run_allocate(const AllocateOptions& o) {
    const Lang lang = message_lang(o.lang);
    auto ruleset = load_pack(o.rules, false, lang);
    if (!ruleset) return exit_bad_input;
    rules::Request request;
    request.as_of = o.as_of;
    if (!o.lang.empty()) request.language = o.lang;
    request.format = o.format;
    if (!valid_request(*ruleset, request, lang)) return exit_bad_input;
    std::vector<std::pair<std::string, rules::Profile>> applicants;
    if (!read_applicants(*ruleset, o.applicants, applicants, lang)) return exit_bad_input;
    auto units_text = read_input_or_report(o.units, InputLimits{}.units, InputKind::units, lang);
    if (!units_text) return exit_bad_input;
    Diagnostics diags;
    const bool yaml = o.units.ends_with(".yaml") || o.units.ends_with(".yml");
    auto units = rules::parse_units(*units_text, yaml, diags, o.units);
    if (!units) {
        print_diagnostics(diags, nullptr, lang);
        return exit_bad_input;
    }
    auto allocation = rules::allocate(*ruleset, applicants, *units, o.ranking, rules::evaluate_options(request));
    if (!allocation.diagnostics.empty()) {
        print_diagnostics(allocation.diagnostics, nullptr, lang);
        return exit_bad_input;
    }
    if (o.format == "json") std::cout << rules::to_json(allocation) << "\n";
    else std::cout << rules::to_text(allocation, request.language);
    return exit_ok;
}

}  // namespace

void add_allocate_command(CLI::App& app, Runner& run) {
    auto o = std::make_shared<AllocateOptions>();
    auto* cmd = app.add_subcommand("allocate", "Rank applicants by a pack's ranking and assign a pool of units");
    cmd->add_option("applicants", o->applicants, "Folder of profiles, a profile, or a .jsonl file")->required();
    cmd->add_option("units", o->units, "Units file (JSON or YAML): {units: [{type, size, count, pool}]}")->required();
    cmd->add_option("--rules", o->rules, "Rule pack folder ($TALENTRULES_RULES, else rules/liangping)");
    cmd->add_option("--as-of", o->as_of, "Evaluation date YYYY-MM-DD (default: today)");
    cmd->add_option("--ranking", o->ranking, "Ranking id (default: the pack's first)");
    add_format_option(cmd, o->format);
    add_lang_option(cmd, o->lang, "Language of the list and of error messages (default zh)");
    cmd->callback([o, &run] { run = [o] { return run_allocate(*o); }; });
}

}  // namespace talentrules::cli
