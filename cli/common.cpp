#include "common.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace talentrules::cli {

std::optional<std::string> read_input_or_report(const std::string& path, std::size_t max_bytes, InputKind kind,
                                                Lang lang) {
    auto in = path == "-" ? read_input_fd(0, "<stdin>", max_bytes, kind) : read_input(path, max_bytes, kind);
    if (!in.ok()) {
        print_diagnostics({*in.error}, nullptr, lang);
        return std::nullopt;
    }
    return std::move(in.text);
}

namespace {

// The text of a file a diagnostic points into, to show its line: only a regular file
// (reading a FIFO or device again would block or consume it), bounded like a profile.
std::string source_text(const std::string& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return {};
    auto in = read_input(file, rules::ProfileLimits{}.max_bytes, InputKind::profile);
    return in.ok() ? std::move(in.text) : std::string();
}

}  // namespace

void print_diagnostics(const Diagnostics& diagnostics, const rules::Pack* pack, Lang lang) {
    std::map<std::string, std::string> texts;
    if (pack) {
        for (const auto& [name, text] : pack->files) texts[name] = text;
    }
    for (const auto& d : diagnostics) {
        std::string text;
        if (auto it = texts.find(d.file); it != texts.end()) {
            text = it->second;
        } else if (!d.file.empty() && d.position.line) {
            text = source_text(d.file);
        }
        std::cerr << render(d, text, lang);
    }
}

std::shared_ptr<const rules::RuleSet> load_pack(const std::string& dir, bool show_warnings, Lang lang) {
    auto loaded = rules::RuleSet::load(dir);
    Diagnostics shown;
    for (const auto& d : loaded.diagnostics) {
        if (d.severity == Severity::error || show_warnings) shown.push_back(d);
    }
    print_diagnostics(shown, loaded.ok() ? &loaded.ruleset->pack() : nullptr, lang);
    if (!loaded.ok()) {
        std::size_t errors = 0;
        for (const auto& d : loaded.diagnostics) errors += d.severity == Severity::error;
        fmt::print(stderr, "{}: the rule pack has {} error(s) and was not loaded\n", dir, errors);
    }
    return loaded.ruleset;
}

std::optional<rules::Profile> load_profile(const rules::RuleSet& ruleset, const std::string& path, Lang lang) {
    // Read no further than the limit: a huge file is refused without being held whole.
    const std::size_t limit = ruleset.profile_limits().max_bytes;
    auto text = read_input_or_report(path, limit, InputKind::profile, lang);
    if (!text) return std::nullopt;
    const bool yaml = path.ends_with(".yaml") || path.ends_with(".yml");
    auto result = ruleset.parse_profile(*text, path, yaml);
    if (!result.ok()) {
        print_diagnostics(result.diagnostics, nullptr, lang);
        return std::nullopt;
    }
    return std::move(result.profile);
}

bool valid_request(const rules::RuleSet& ruleset, const rules::Request& request, Lang lang) {
    const auto problems = rules::validate(ruleset, request);
    print_diagnostics(problems, nullptr, lang);
    return problems.empty();
}

CLI::Option* add_lang_option(CLI::App* cmd, std::string& target, const std::string& what) {
    const auto names = rules::language_names();
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : " or ") + n;
    return cmd->add_option("--lang", target, fmt::format("{}: {}", what, list))->check(CLI::IsMember(names));
}

CLI::Option* add_format_option(CLI::App* cmd, std::string& target) {
    std::string help;
    for (const auto& f : rules::output_formats()) help += fmt::format("{}{} ({})", help.empty() ? "" : ", ", f.name, f.description);
    return cmd->add_option("--format", target, help)->check(CLI::IsMember(rules::output_format_names()));
}

Lang message_lang(const std::string& lang) { return lang == "en" ? Lang::en : Lang::zh; }

std::string pack_dir(const std::string& positional, const std::string& rules) {
    if (!positional.empty()) return positional;
    return rules.empty() ? default_rules_dir() : rules;
}

std::string default_rules_dir() {
    if (const char* env = std::getenv("TALENTRULES_RULES"); env && *env) return env;
    return "rules/liangping";
}

}  // namespace talentrules::cli
