// Generated references (docs/DIAGNOSTICS.md, docs/FUNCTIONS.md), Markdown links, and the
// diagnostics catalogue against the codes the source uses.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "cel/functions/reference.hpp"
#include "diagnostics/catalogue.hpp"
#include "rules/compile/functions.hpp"
#include "talentrules/cel/parser.hpp"

namespace fs = std::filesystem;
using namespace talentrules;

namespace {

const fs::path source_dir{TALENTRULES_SOURCE_DIR};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Compares a generated file with the checked-in one; with TALENTRULES_UPDATE_DOCS=1 set,
// rewrites it instead.
void check_generated(const std::string& relative, const std::string& generated) {
    const fs::path path = source_dir / relative;
    const char* update = std::getenv("TALENTRULES_UPDATE_DOCS");
    if (update != nullptr && std::string(update) == "1") {
        std::ofstream(path, std::ios::binary) << generated;
        MESSAGE(relative << " rewritten");
        return;
    }
    const std::string current = slurp(path);
    if (current != generated) {
        FAIL_CHECK(relative << " is out of date. Regenerate it with\n"
                            << "  TALENTRULES_UPDATE_DOCS=1 build/debug/tests/talentrules_tests -tc='docs*'\n"
                            << "and commit the result.");
    }
}

std::vector<fs::path> source_files() {
    std::vector<fs::path> out;
    for (const char* dir : {"lib", "cli", "bindings"}) {
        for (const auto& e : fs::recursive_directory_iterator(source_dir / dir)) {
            if (!e.is_regular_file()) continue;
            const auto ext = e.path().extension();
            if (ext == ".cpp" || ext == ".hpp" || ext == ".h" || ext == ".c" || ext == ".py" || ext == ".pyi") {
                out.push_back(e.path());
            }
        }
    }
    return out;
}

// Lines of `text` that build or rewrite a Diagnostic by hand instead of through the
// catalogue: a Diagnostic declared empty or braced, a severity-first aggregate, an
// assignment to code/message/template_key/args, or a rendered "error[TR...]" written
// out. `other_types` names objects of the file whose such members are not a
// Diagnostic's (embed::Failure's code and message).
std::vector<std::string> hand_built_diagnostics(const std::string& text, const std::set<std::string>& other_types) {
    static const std::regex built(
        R"re(\bDiagnostic\s+\w+\s*(;|\{|=\s*\{)|\bDiagnostic\s*[({]|\{\s*Severity::\w+\s*,\s*"|error\[TR[0-9])re");
    static const std::regex assigned(R"re(\b(\w+)\s*(\.|->)\s*(code|message|template_key|args)\s*(=[^=]|\+=))re");
    std::vector<std::string> out;
    std::istringstream lines(text);
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
        std::smatch m;
        const bool hand = std::regex_search(line, built) ||
                          (std::regex_search(line, m, assigned) && !other_types.contains(m[1].str()));
        if (hand) out.push_back(std::to_string(number) + ": " + line);
    }
    return out;
}

}  // namespace

TEST_CASE("docs: DIAGNOSTICS.md is generated from the catalogue") {
    check_generated("docs/DIAGNOSTICS.md", diagnostics::markdown());
}

TEST_CASE("docs: FUNCTIONS.md is generated from the function registries") {
    cel::FunctionRegistry standard;
    cel::register_standard_library(standard);
    cel::FunctionRegistry pack;
    rules::register_rule_functions(pack);
    check_generated("docs/FUNCTIONS.md", cel::functions_markdown(standard, pack));
}

TEST_CASE("docs: relative Markdown links point at existing files") {
    std::vector<fs::path> docs{source_dir / "README.md"};
    for (const auto& e : fs::directory_iterator(source_dir / "docs")) {
        if (e.path().extension() == ".md") docs.push_back(e.path());
    }
    const std::regex link(R"(\[[^\]]*\]\(([^)\s]+)\))");
    const std::regex fenced("```[^`]*```");
    const std::regex inline_code("``[^`]+``|`[^`\n]+`");
    for (const auto& doc : docs) {
        // Code is not Markdown: `_[_](list(A), int)` is no link.
        std::string text = std::regex_replace(slurp(doc), fenced, "");
        text = std::regex_replace(text, inline_code, "");
        for (std::sregex_iterator it(text.begin(), text.end(), link), end; it != end; ++it) {
            std::string target = (*it)[1].str();
            if (target.find("://") != std::string::npos || target.starts_with("mailto:") || target.starts_with('#')) {
                continue;
            }
            target = target.substr(0, target.find('#'));
            const fs::path resolved = doc.parent_path() / target;
            CHECK_MESSAGE(fs::exists(resolved), doc.filename().string() << " links to missing " << target);
        }
    }
}

TEST_CASE("docs: every code and template the source uses is in the catalogue") {
    const std::regex code(R"(TR[0-9]{4})");
    // A code followed by a template key, as the catalogue's callers write them.
    const std::regex code_and_key(R"re("(TR[0-9]{4})",\s*"([a-z_0-9]+)")re");
    std::set<std::string> missing;
    for (const auto& f : source_files()) {
        const std::string text = slurp(f);
        if (f.parent_path().filename() == "diagnostics") continue;  // the catalogue itself
        for (std::sregex_iterator it(text.begin(), text.end(), code), end; it != end; ++it) {
            if (diagnostics::find(it->str()) == nullptr) missing.insert(it->str() + " in " + f.string());
        }
        const bool cpp = f.extension() == ".cpp" || f.extension() == ".hpp";
        if (!cpp) continue;
        for (std::sregex_iterator it(text.begin(), text.end(), code_and_key), end; it != end; ++it) {
            if (diagnostics::find_template((*it)[1].str(), (*it)[2].str()) == nullptr) {
                missing.insert((*it)[1].str() + " template '" + (*it)[2].str() + "' in " + f.string());
            }
        }
    }
    for (const auto& m : missing) FAIL_CHECK(m);
}

TEST_CASE("docs: catalogue entries are complete and their templates agree") {
    const std::regex code(R"(TR[1-7][0-9]{3})");
    std::set<std::string_view> codes;
    for (const auto& e : diagnostics::catalogue()) {
        INFO(e.code);
        CHECK(std::regex_match(std::string(e.code), code));
        CHECK(codes.insert(e.code).second);
        CHECK(!e.title_en.empty());
        CHECK(!e.title_zh.empty());
        CHECK(e.doc.size() > 40);
        CHECK(!e.templates.empty());
        std::set<std::string_view> keys;
        for (const auto& t : e.templates) {
            INFO(t.key);
            CHECK(keys.insert(t.key).second);
            CHECK(!t.zh.empty());
            // The Chinese text uses exactly the English text's arguments.
            const auto en = diagnostics::parameters(t);
            const diagnostics::Template zh_first{t.key, t.zh, t.zh};
            const auto zh = diagnostics::parameters(zh_first);
            CHECK(std::set<std::string_view>(en.begin(), en.end()) == std::set<std::string_view>(zh.begin(), zh.end()));
        }
    }
}

TEST_CASE("diagnostics: make_diagnostic renders English as before and keeps what Chinese needs") {
    const Diagnostic d = diagnostics::make_diagnostic("TR2001", "undeclared", {"salary"}, "a.yaml", {3, 7});
    CHECK(d.code == "TR2001");
    CHECK(d.severity == Severity::error);
    CHECK(d.message == "undeclared reference to 'salary'");
    CHECK(render(d) == "a.yaml:3:7: error[TR2001]: undeclared reference to 'salary'\n");
    CHECK(render(d, {}, Lang::zh) == "a.yaml:3:7: error[TR2001]: 名称 'salary' 未声明\n");

    const Diagnostic w = diagnostics::make_diagnostic("TR3101", "parameter", {"cap"});
    CHECK(w.severity == Severity::warning);
    const Diagnostic n = diagnostics::make_diagnostic("TR1002", "too_large", {120000, std::size_t{100000}});
    CHECK(n.message == "expression is too large (120000 bytes; the limit is 100000)");
    CHECK(message_in(n, Lang::zh) == "表达式过长（120000 字节，上限为 100000 字节）");
    const Diagnostic b = diagnostics::make_diagnostic("TR1001", "unexpected_brace", {});
    CHECK(b.message == "unexpected '{'");
    CHECK(message_in(b, Lang::zh) == "此处不能出现 '{'");

    // A diagnostic built by hand has no template: Chinese falls back to its message.
    Diagnostic hand;
    hand.code = "TR3003";
    hand.message = "something";
    CHECK(message_in(hand, Lang::zh) == "something");
}

TEST_CASE("diagnostics: front ends and context additions keep the English text") {
    // cli/common.cpp's oversized profile, as the CLI printed it before the catalogue.
    const Diagnostic big = catalogued_diagnostic("TR5005", "larger_than", {"10"}, "p.json");
    CHECK(render(big) == "p.json: error[TR5005]: the profile is larger than the limit of 10 bytes\n");
    CHECK(message_in(big, Lang::zh) == "档案大小超过上限 10 字节");

    Diagnostic d = diagnostics::make_diagnostic("TR3101", "parameter", {"cap"});
    diagnostics::add_context(d, "test 'a': ", " (in x)");
    CHECK(d.message == "test 'a': parameter 'cap' is not used (in x)");
    CHECK(d.severity == Severity::warning);
}

TEST_CASE("diagnostics: a parse error renders in Chinese") {
    const auto r = cel::parse("1 + `if`");
    REQUIRE(!r.diagnostics.empty());
    const Diagnostic& d = r.diagnostics.front();
    CHECK(!d.template_key.empty());
    CHECK(message_in(d, Lang::zh) != d.message);
}

TEST_CASE("diagnostics: only the catalogue builds a Diagnostic") {
    // The scan itself: each way of building one by hand is seen, other structs are not.
    for (const char* bad : {"    Diagnostic d;", "    Diagnostic d{};", "return Diagnostic{Severity::error};",
                            "    d.code = \"TR3001\";", "    diag.message = fmt::format(\"{} x\", y);",
                            "    d.message += \" (in x)\";", "    d->template_key = \"k\";",
                            "    out.push_back({Severity::error, \"TR3001\"});",
                            "    fmt::print(stderr, \"{}: error[TR5005]: too large\\n\", path);"}) {
        CHECK_MESSAGE(hand_built_diagnostics(bad, {}).size() == 1, bad);
    }
    for (const char* fine : {"    Diagnostic d = diagnostics::make_diagnostic(\"TR2001\", \"undeclared\", {name});",
                             "    if (d.code == \"TR5004\") return;", "    facts[slot].code = bit_field(3);",
                             "    for (const Diagnostic& d : diagnostics) {", "    f.code = d.code;"}) {
        CHECK_MESSAGE(hand_built_diagnostics(fine, {"f"}).empty(), fine);
    }

    // Objects that are not Diagnostics, by file.
    const std::map<std::string, std::set<std::string>> other_types{
        {"bindings/c/c_api.cpp", {"e"}},               // tr_error
        {"bindings/c/embed.cpp", {"f"}},               // embed::Failure
        {"bindings/python/module.cpp", {"self"}},      // the Python exception class's source
        {"lib/json/value_json.cpp", {"out"}},          // JsonError
        {"lib/rules/load/yaml_value.cpp", {"error"}},  // YamlValueError
    };
    std::vector<std::string> found;
    for (const auto& f : source_files()) {
        const auto relative = fs::relative(f, source_dir).generic_string();
        if (relative.starts_with("lib/diagnostics/")) continue;  // the one place that builds them
        if (f.extension() != ".cpp" && f.extension() != ".hpp" && f.extension() != ".c" && f.extension() != ".h") {
            continue;
        }
        const auto it = other_types.find(relative);
        for (const auto& line : hand_built_diagnostics(slurp(f), it == other_types.end() ? std::set<std::string>{}
                                                                                        : it->second)) {
            found.push_back(relative + ":" + line);
        }
    }
    for (const auto& line : found) {
        FAIL_CHECK(line << "\n  builds a Diagnostic by hand: use diagnostics::make_diagnostic (lib/) or "
                           "catalogued_diagnostic (cli/, bindings/) and add the message to lib/diagnostics/entries_*.cpp");
    }
}
