// Generated references (docs/DIAGNOSTICS.md, docs/FUNCTIONS.md), Markdown links, and the
// diagnostics catalogue against the codes the source uses.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
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
    const std::regex code(R"(TR[1-6][0-9]{3})");
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

TEST_CASE("diagnostics: a parse error renders in Chinese") {
    const auto r = cel::parse("1 + `if`");
    REQUIRE(!r.diagnostics.empty());
    const Diagnostic& d = r.diagnostics.front();
    CHECK(!d.template_key.empty());
    CHECK(message_in(d, Lang::zh) != d.message);
}
