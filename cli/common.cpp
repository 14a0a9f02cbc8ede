#include "common.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace talentrules::cli {

std::optional<std::string> read_file(const std::string& path, std::size_t max_bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string out;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        out.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (out.size() > max_bytes) break;
    }
    if (in.bad()) return std::nullopt;
    return out;
}

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
            if (auto t = read_file(d.file)) text = *t;
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
    auto text = read_file(path, limit);
    if (!text) {
        fmt::print(stderr, "{}: error: cannot read the profile\n", path);
        return std::nullopt;
    }
    if (text->size() > limit) {
        print_diagnostics({catalogued_diagnostic("TR5005", "larger_than", {std::to_string(limit)}, path)}, nullptr, lang);
        return std::nullopt;
    }
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
