// Hostile and mistaken input (docs/RELIABILITY.md): each case ends in a specific
// diagnostic code, in bounded time and memory, never a crash, a hang or a silently wrong
// answer. A case that hung or exploded would never finish (ctest's timeout fails it).

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "rules/load/load_yaml.hpp"
#include "talentrules/cel/parser.hpp"
#include "talentrules/json.hpp"
#include "talentrules/rules/batch.hpp"
#include "talentrules/rules/ruleset.hpp"

using namespace talentrules;
using namespace talentrules::rules;
namespace fs = std::filesystem;

namespace {

const std::string base_pack = R"(pack: {id: hostile, title: hostile inputs}
categories:
  - {name: degree, ordered: true, values: [本科, 硕士, 博士]}
schema:
  - {name: age, type: int}
  - {name: salary, type: number}
  - {name: birth_date, type: date}
  - {name: degree, type: degree}
  - {name: honors, type: list(string)}
  - name: home
    type: object
    fields:
      - {name: price, type: number}
parameters:
  - {name: cap, value: 100}
definitions:
  - {name: adult, value: "applicant.age >= 18"}
measures:
  - id: m
    title: m
    requires:
      - {id: adult, title: adult, when: adult}
    amount: params.cap
)";

LoadResult load_text(const std::string& text, const LoadOptions& options = {}) {
    return RuleSet::load_texts({{"pack.yaml", text}}, options);
}

std::shared_ptr<const RuleSet> base() {
    static auto loaded = load_text(base_pack);
    REQUIRE_MESSAGE(loaded.ok(), render(loaded.diagnostics));
    return loaded.ruleset;
}

// The first error's code, with everything rendered for the failure message.
std::string first_code(const Diagnostics& diags) {
    for (const auto& d : diags) {
        if (d.severity == Severity::error) return d.code;
    }
    return "(no error)";
}

bool has_code(const Diagnostics& diags, std::string_view code, std::string_view text = {}) {
    for (const auto& d : diags) {
        if (d.code == code && (text.empty() || d.message.find(text) != std::string::npos)) return true;
    }
    return false;
}

Diagnostics load_errors(const std::string& text, const LoadOptions& options = {}) {
    auto r = load_text(text, options);
    CHECK_MESSAGE(!r.ok(), "the pack loaded");
    return r.diagnostics;
}

Diagnostics profile_errors(std::string_view text, bool yaml = false) {
    auto r = base()->parse_profile(text, yaml ? "p.yaml" : "p.json", yaml);
    CHECK_MESSAGE(!r.ok(), "the profile was accepted");
    return r.diagnostics;
}

// A scratch folder under the system temp directory, removed at the end of the test.
struct TempDir {
    fs::path path;
    TempDir() {
        static std::atomic<int> n{0};
        path = fs::temp_directory_path() / ("talentrules_hostile_" + std::to_string(::getpid()) + "_" +
                                            std::to_string(n++));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    void write(const std::string& name, const std::string& text) const {
        fs::create_directories((path / name).parent_path());
        std::ofstream(path / name, std::ios::binary) << text;
    }
};

std::string billion_laughs() {
    std::string y = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int i = 1; i <= 9; ++i) {
        y += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
        for (int k = 0; k < 10; ++k) y += std::string(k ? ", " : "") + "*a" + std::to_string(i - 1);
        y += "]\n";
    }
    return y;
}

}  // namespace

TEST_CASE("YAML alias bombs (billion laughs) are cut off by the value budget") {
    // 10^10 values once expanded; the walk stops at LoadOptions::max_yaml_nodes.
    std::string pack = base_pack + "parameters:\n  - name: bomb\n    value: *a9\n";
    pack = billion_laughs() + pack;
    auto diags = load_errors(pack);
    // The top-level keys a0..a9 are unknown; but the budget is hit first, before any reading.
    CHECK(has_code(diags, "TR3016", "more than 500000 YAML values"));

    // The same in a YAML profile: TR5005, not 10^10 allocations.
    auto p = profile_errors(billion_laughs() + "honors: *a9\n", true);
    CHECK(first_code(p) == "TR5005");
    CHECK(has_code(p, "TR5005", "more than 10000 values"));
}

TEST_CASE("a long string repeated through aliases is cut off by the text budget") {
    const std::string big(1u << 20, 'x');
    std::string refs;
    for (int i = 0; i < 100; ++i) refs += i ? ", *s" : "*s";
    auto diags = load_errors("s: &s \"" + big + "\"\nt: [" + refs + "]\n" + base_pack);
    CHECK(has_code(diags, "TR3016", "more than 67108864 bytes of text"));
    auto p = profile_errors("s: &s \"" + big + "\"\nhonors: [" + refs + "]\n", true);
    CHECK(has_code(p, "TR5005", "more than 16777216 bytes of text"));
}

TEST_CASE("a YAML anchor that contains its own alias is rejected, not followed forever") {
    auto diags = load_errors(base_pack + "  - {name: loop, value: &x [1, *x]}\n");
    CHECK(has_code(diags, "TR3016", "nested deeper than 64 levels"));
    auto p = profile_errors("honors: &x [a, *x]\n", true);
    CHECK(has_code(p, "TR5005", "nested deeper than 32 levels"));
}

TEST_CASE("deeply nested YAML and JSON end in an error, not a stack overflow") {
    // Past yaml-cpp's own parser limit and past ours.
    for (std::size_t depth : {100u, 5'000u, 200'000u}) {
        INFO("depth " << depth);
        const std::string nested = std::string(depth, '[') + std::string(depth, ']');
        auto diags = load_errors(base_pack + "  - {name: deep, value: " + nested + "}\n");
        CHECK(has_code(diags, "TR3016", "nested deeper than"));
        auto p = profile_errors("honors: " + nested + "\n", true);
        CHECK(has_code(p, "TR5005", "nested deeper than"));
        auto j = profile_errors(R"({"honors": )" + nested + "}");
        CHECK(has_code(j, "TR5005", "nested deeper than 32 levels"));
    }
    // Block mappings nest too.
    std::string block = "parameters:\n  - name: deep\n    value:\n";
    for (int i = 0; i < 100; ++i) block += std::string(6 + 2 * i, ' ') + "k" + std::to_string(i) + ":\n";
    CHECK(has_code(load_errors(base_pack + block.substr(std::string("parameters:\n").size())), "TR3016"));
}

TEST_CASE("100 MB strings: rejected by size before anything is parsed") {
    const std::string huge(100u << 20, 'a');
    // A profile.
    auto p = profile_errors(R"({"honors": [")" + huge + R"("]})");
    CHECK(has_code(p, "TR5005", "more than the limit of 16777216"));
    // An expression.
    auto e = cel::parse(huge);
    CHECK(first_code(e.diagnostics) == "TR1002");
    // A pack file on disk: never read whole (TR3015 at the limit).
    TempDir dir;
    dir.write("pack.yaml", base_pack);
    {
        std::ofstream out(dir.path / "big.yaml", std::ios::binary);
        out << "parameters:\n  - {name: big, value: '";
        out.write(huge.data(), static_cast<std::streamsize>(huge.size()));
        out << "'}\n";
    }
    auto loaded = RuleSet::load(dir.path.string());
    CHECK(!loaded.ok());
    CHECK(has_code(loaded.diagnostics, "TR3015", "larger than the limit of 16777216 bytes"));
    // A batch line: an error record in its place, the next line still decided.
    std::istringstream in("{\"age\": 30, \"honors\": [\"" + huge + "\"]}\n{\"age\": 30}\n");
    std::ostringstream out;
    BatchOptions o;
    o.as_of = "2025-07-01";
    auto stats = run_batch(*base(), o, in, out);
    CHECK(stats.lines == 2);
    CHECK(stats.errors == 1);
    std::istringstream lines(out.str());
    std::string first, second;
    std::getline(lines, first);
    std::getline(lines, second);
    CHECK(first == R"({"line":1,"error":"line longer than 16777216 bytes"})");
    CHECK(nlohmann::json::parse(second)["decisions"][0]["outcome"] == "eligible");
}

TEST_CASE("invalid UTF-8 is an error with its position") {
    for (std::string bad : {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xe4\xb8", "\xf4\x90\x80\x80"}) {
        INFO("bytes " << nlohmann::json(std::vector<unsigned char>(bad.begin(), bad.end())).dump());
        // In a title (line 1, column 37) and in an expression.
        auto diags = load_errors("pack: {id: hostile, title: \"hostile " + bad + "\"}\n" +
                                 base_pack.substr(base_pack.find('\n') + 1));
        REQUIRE(has_code(diags, "TR3017"));
        CHECK(diags.at(0).position.line == 1);
        CHECK(diags.at(0).position.column == 37);
        CHECK(has_code(load_errors(base_pack + "  - {name: u, value: \"'" + bad + "'\"}\n"), "TR3017"));
        // Profiles: JSON (simdjson validates) and YAML.
        CHECK(has_code(profile_errors("{\"degree\": \"" + bad + "\"}"), "TR5004", "UTF-8"));
        CHECK(has_code(profile_errors("age: 30\ndegree: \"" + bad + "\"\n", true), "TR5004", "not valid UTF-8"));
        CHECK(profile_errors("age: 30\ndegree: \"" + bad + "\"\n", true).at(0).position.line == 2);
        // A CEL expression.
        CHECK(first_code(cel::parse("'" + bad + "' == 'a'").diagnostics) == "TR1004");
    }
    // Valid UTF-8 that YAML decoding turns invalid (found by profile_fuzz: a NUL byte
    // made yaml-cpp emit a lone 0x85; escapes can name lone surrogates).
    auto nul = profile_errors(std::string("applicant_id: a\0Nb\n", 19), true);
    CHECK(has_code(nul, "TR5004", "not valid UTF-8 once YAML escapes are decoded"));
    CHECK(has_code(profile_errors("degree: \"\\ud800\"\n", true), "TR5004", "invalid unicode"));
    CHECK(has_code(load_errors(base_pack + "  - {name: u, value: \"\\ud800\"}\n"), "TR3001", "invalid unicode"));
    // JSON escapes: a lone surrogate is rejected, never passed on as invalid UTF-8.
    auto lone = base()->parse_profile(R"({"honors": ["\ud800"]})");
    if (lone.ok()) {
        CHECK(detail::first_invalid_utf8(lone.profile->canonical_json) == std::string_view::npos);
    }
    CHECK(detail::first_invalid_utf8("梁平 ok") == std::string_view::npos);
    CHECK(detail::first_invalid_utf8("ab\xe6\xa2") == 2);
}

TEST_CASE("duplicate keys are errors, never first-one-wins") {
    auto diags = load_errors("pack: {id: a, title: t, id: b}\n" + base_pack.substr(base_pack.find('\n') + 1));
    REQUIRE(has_code(diags, "TR3005", "key 'id' appears twice in this mapping (first at 1:8)"));
    CHECK(diags.at(0).position.line == 1);
    CHECK(diags.at(0).position.column == 25);
    // Two top-level `measures:` keys would silently drop the first list.
    CHECK(has_code(load_errors(base_pack + "measures: []\n"), "TR3005", "key 'measures' appears twice"));
    CHECK(has_code(profile_errors(R"({"age": 30, "age": 31})"), "TR5004", "repeated map key"));
    CHECK(has_code(profile_errors("age: 30\nage: 31\n", true), "TR5004", "repeated map key"));
    CHECK(has_code(profile_errors(R"({"home": {"price": 1, "price": 2}})"), "TR5004", "repeated map key"));
}

TEST_CASE("NaN, Infinity and 2^63 in numeric facts") {
    CHECK(first_code(profile_errors(R"({"salary": NaN})")) == "TR5004");
    CHECK(first_code(profile_errors(R"({"salary": Infinity})")) == "TR5004");
    CHECK(first_code(profile_errors(R"({"salary": -Infinity})")) == "TR5004");
    CHECK(has_code(profile_errors(R"({"salary": 1e400})"), "TR5004"));
    CHECK(has_code(profile_errors(R"({"age": 9223372036854775808})"), "TR5004", "outside the int64 range"));
    CHECK(has_code(profile_errors(R"({"age": 18446744073709551616})"), "TR5004"));
    CHECK(has_code(profile_errors(R"({"age": -9223372036854775809})"), "TR5004"));
    CHECK(has_code(profile_errors(R"({"salary": "NaN"})"), "TR5002", "must be a number"));
    CHECK(has_code(profile_errors(R"({"age": 1e300})"), "TR5002", "whole number"));
    // A number fact beyond 2^53 would change value as a double: refused, not rounded.
    CHECK(has_code(profile_errors(R"({"salary": 9007199254740993})"), "TR5002", "2^53"));
    CHECK(base()->parse_profile(R"({"salary": 9007199254740992, "age": 9223372036854775807})").ok());
    // YAML spellings.
    for (const char* v : {".nan", ".NaN", ".inf", "-.inf", "nan", "inf", "Infinity"}) {
        INFO(v);
        CHECK(has_code(profile_errors(std::string("salary: ") + v + "\n", true), "TR5002", "must be a number"));
    }
    CHECK(has_code(profile_errors("age: 9223372036854775808\n", true), "TR5004", "outside the int64 range"));
    CHECK(has_code(profile_errors("salary: 1e999\n", true), "TR5004", "outside the range of a double"));
    // And in a pack's parameter values.
    auto pack_with = [](const std::string& v) {
        std::string text = base_pack;
        text.replace(text.find("{name: cap, value: 100}"), 23, "{name: cap, value: " + v + "}");
        return text;
    };
    CHECK(has_code(load_errors(pack_with("9223372036854775808")), "TR3003", "outside the 64-bit range"));
    CHECK(has_code(load_errors(pack_with("-1e999")), "TR3003", "outside the range of a double"));
    // `nan` is text, not a number: the amount is no longer an integer, a load error.
    CHECK(!load_text(pack_with("nan")).ok());
}

TEST_CASE("impossible dates are rejected everywhere") {
    for (const char* d : {"2023-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "0000-01-01", "2024-1-01"}) {
        INFO(d);
        CHECK(has_code(profile_errors(std::string(R"({"birth_date": ")") + d + "\"}"), "TR5002", "date"));
        CHECK(has_code(load_errors(base_pack + "    effective: {from: " + d + "}\n"), "TR3006"));
        BatchOptions o;
        o.as_of = d;
        CHECK(first_code(check_batch_options(*base(), o)) == "TR6001");
    }
    CHECK(base()->parse_profile(R"({"birth_date": "2024-02-29"})").ok());
    // In an expression: the constant is an error, found when the pack loads.
    auto r = load_text(base_pack + "  - id: d\n    title: d\n    requires:\n"
                                   "      - {id: x, title: x, when: \"as_of > date('2023-02-30')\"}\n");
    if (r.ok()) {
        // Not folded at load: then evaluating it must give an error, never a wrong date.
        auto p = r.ruleset->parse_profile(R"({"age": 30})");
        REQUIRE(p.ok());
        EvaluateOptions eo;
        eo.as_of = "2025-07-01";
        eo.measures = {"d"};
        auto report = r.ruleset->evaluate(*p.profile, eo);
        REQUIRE(report.decisions.size() == 1);
        CHECK(report.decisions[0].outcome == Outcome::undetermined);
        CHECK(!report.decisions[0].errors.empty());
    }
}

TEST_CASE("symbolic-link loops in a pack folder") {
    TempDir dir;
    dir.write("pack.yaml", base_pack);
    SUBCASE("a file linked to itself") {
        fs::create_symlink("loop.yaml", dir.path / "loop.yaml");
        auto r = RuleSet::load(dir.path.string());
        CHECK(!r.ok());
        CHECK(has_code(r.diagnostics, "TR3014", "symbolic links"));
    }
    SUBCASE("a link to the pack folder itself") {
        fs::create_directory_symlink(".", dir.path / "self");
        auto r = RuleSet::load(dir.path.string());
        CHECK(!r.ok());
        CHECK(has_code(r.diagnostics, "TR3014", "symbolic link loop"));
    }
    SUBCASE("a link from a subfolder back to its parent") {
        fs::create_directories(dir.path / "measures");
        fs::create_directory_symlink("..", dir.path / "measures" / "up");
        auto r = RuleSet::load(dir.path.string());
        CHECK(!r.ok());
        CHECK(has_code(r.diagnostics, "TR3014", "symbolic link loop"));
    }
    SUBCASE("a dangling link named like a pack file") {
        fs::create_symlink("nowhere.yaml", dir.path / "gone.yaml");
        auto r = RuleSet::load(dir.path.string());
        CHECK(!r.ok());
        CHECK(has_code(r.diagnostics, "TR3014", "cannot read"));
    }
    SUBCASE("a linked folder outside the pack is refused, not read") {
        TempDir other;
        other.write("extra.yaml", "parameters:\n  - {name: extra, value: 1}\n");
        fs::create_directory_symlink(other.path, dir.path / "more");
        auto r = RuleSet::load(dir.path.string());
        CHECK(!r.ok());
        CHECK(has_code(r.diagnostics, "TR3303", "leads out of the pack folder"));
    }
}

TEST_CASE("dependency cycles between definitions are TR4001 with the whole path") {
    auto self = load_errors(base_pack.substr(0, base_pack.find("definitions:")) +
                            "definitions:\n  - {name: adult, value: \"adult || applicant.age >= 18\"}\n" +
                            base_pack.substr(base_pack.find("measures:")));
    CHECK(has_code(self, "TR4001", "adult -> adult"));
    auto three = load_errors(base_pack.substr(0, base_pack.find("definitions:")) +
                             "definitions:\n"
                             "  - {name: adult, value: \"x && applicant.age >= 18\"}\n"
                             "  - {name: x, value: \"y\"}\n"
                             "  - {name: y, value: \"adult\"}\n" +
                             base_pack.substr(base_pack.find("measures:")));
    CHECK(has_code(three, "TR4001", "-> adult"));
}

TEST_CASE("expressions whose evaluation cost explodes end in an error value") {
    // 100^3 iterations over a fact (not foldable): the cost limit stops it, and the
    // decision says undetermined with the error, never eligible or ineligible.
    std::string list = "[";
    for (int i = 0; i < 100; ++i) list += (i ? "," : "") + std::to_string(i);
    list += "]";
    const std::string when = list + ".all(a, " + list + ".all(b, " + list + ".all(c, a + b + c + applicant.age >= 0)))";
    auto r = load_text(base_pack + "  - id: slow\n    title: slow\n    requires:\n      - {id: x, title: x, when: \"" +
                       when + "\"}\n");
    REQUIRE_MESSAGE(r.ok(), render(r.diagnostics));
    auto p = r.ruleset->parse_profile(R"({"age": 30})");
    REQUIRE(p.ok());
    EvaluateOptions eo;
    eo.as_of = "2025-07-01";
    eo.measures = {"slow"};
    auto report = r.ruleset->evaluate(*p.profile, eo);
    REQUIRE(report.decisions.size() == 1);
    CHECK(report.decisions[0].outcome == Outcome::undetermined);
    REQUIRE(!report.decisions[0].errors.empty());
    CHECK(report.decisions[0].errors[0].find("cost") != std::string::npos);

    // A value whose parts are shared prints within a budget: 2^40 elements, one error.
    cel::Value l = cel::Value::list({cel::Value(1)});
    for (int i = 0; i < 40; ++i) l = cel::Value::list({l, l});
    CHECK(value_to_json(l, 1 << 20) == R"({"error":"value larger than 1048576 bytes"})");
    CHECK(value_to_json(cel::Value::list({cel::Value(1), cel::Value(2)}), 5) == "[1,2]");
    CHECK(value_to_json(cel::Value::list({cel::Value(1), cel::Value(2)}), 4) ==
          R"({"error":"value larger than 4 bytes"})");
}

// Skipped until the evaluator enforces EvalLimits::max_string_bytes and the size of the
// lists it builds (lib/cel/program.cpp), and explanations render values within a byte
// budget (lib/rules/eval/report.cpp, value_to_json(v, max_bytes)): today the string case runs
// out of memory and the nested-list case renders 2^40 elements. See docs/RELIABILITY.md.
TEST_CASE("values that double through definitions stay bounded") {
    EvaluateOptions eo;
    eo.as_of = "2025-07-01";
    // Doubling through definitions: each is cheap, the values grow 2^n. Strings and
    // lists are capped (max_string_bytes, max_collection_size), so this ends too.
    std::string defs = "  - {name: s0, value: \"string(applicant.age) + '0123456789'\"}\n";
    for (int i = 1; i <= 40; ++i) {
        defs += "  - {name: s" + std::to_string(i) + ", value: \"s" + std::to_string(i - 1) + " + s" +
                std::to_string(i - 1) + "\"}\n";
    }
    std::string text = base_pack;
    text.insert(text.find("measures:"), defs);
    text += "  - id: big\n    title: big\n    requires:\n      - {id: x, title: x, when: \"size(s40) > 0\"}\n";
    auto big = load_text(text);
    REQUIRE_MESSAGE(big.ok(), render(big.diagnostics));
    eo.measures = {"big"};
    auto report2 = big.ruleset->evaluate(*big.ruleset->parse_profile(R"({"age": 30})").profile, eo);
    REQUIRE(report2.decisions.size() == 1);
    CHECK(report2.decisions[0].outcome == Outcome::undetermined);
    CHECK(to_json(report2).size() < (64u << 20));

    // Nested lists share their parts, so evaluating is cheap; the explanation must not
    // expand them.
    defs = "  - {name: l0, value: \"[applicant.age]\"}\n";
    for (int i = 1; i <= 40; ++i) {
        defs += "  - {name: l" + std::to_string(i) + ", value: \"[l" + std::to_string(i - 1) + ", l" +
                std::to_string(i - 1) + "]\"}\n";
    }
    text = base_pack;
    text.insert(text.find("measures:"), defs);
    text += "  - id: big\n    title: big\n    requires:\n      - {id: x, title: x, when: \"size(l40) > 0\"}\n";
    auto lists = load_text(text);
    REQUIRE_MESSAGE(lists.ok(), render(lists.diagnostics));
    auto report3 = lists.ruleset->evaluate(*lists.ruleset->parse_profile(R"({"age": 30})").profile, eo);
    CHECK(to_json(report3).size() < (64u << 20));
    CHECK(to_text(report3, "en").size() < (64u << 20));
}

TEST_CASE("a profile with 100,000 fields is one clear error") {
    std::string json = "{";
    for (int i = 0; i < 100'000; ++i) json += (i ? ",\"f" : "\"f") + std::to_string(i) + "\":1";
    json += "}";
    auto p = profile_errors(json);
    CHECK(p.size() == 1);
    CHECK(has_code(p, "TR5005", "more than 10000 values"));
    // The same as a value (the C and Python bindings' path).
    std::vector<cel::Map::Entry> entries;
    for (int i = 0; i < 100'000; ++i) entries.emplace_back(cel::Value::string("f" + std::to_string(i)), cel::Value(1));
    auto v = base()->profile_from_value(cel::Value::map(*cel::Map::make(std::move(entries))));
    CHECK(!v.ok());
    CHECK(v.diagnostics.size() == 1);
    CHECK(has_code(v.diagnostics, "TR5005", "100000 fields"));
    // A list fact with 100,000 items.
    std::string honors = R"({"honors": [)";
    for (int i = 0; i < 100'000; ++i) honors += i ? ",\"h\"" : "\"h\"";
    honors += "]}";
    CHECK(has_code(profile_errors(honors), "TR5005"));
    // Many unknown fields under the limit: the first max_errors are reported, then one
    // line saying the rest was not checked.
    std::string many = "{";
    for (int i = 0; i < 5'000; ++i) many += (i ? ",\"x" : "\"x") + std::to_string(i) + "\":1";
    many += "}";
    auto m = profile_errors(many);
    CHECK(m.size() == 51);
    CHECK(m.back().code == "TR5005");
    CHECK(m.back().message.find("more than 50 errors") != std::string::npos);
}

TEST_CASE("pack limits are configurable and reported") {
    LoadOptions o;
    o.max_pack_bytes = 100;
    CHECK(has_code(load_errors(base_pack, o), "TR3015", "larger than the limit of 100 bytes"));
    o = {};
    o.max_yaml_nodes = 20;
    CHECK(has_code(load_errors(base_pack, o), "TR3016", "more than 20 YAML values"));
    o = {};
    o.max_yaml_depth = 2;
    CHECK(has_code(load_errors(base_pack, o), "TR3016", "nested deeper than 2 levels"));
    o = {};
    o.max_files = 2;
    CHECK(has_code(RuleSet::load_texts({{"a.yaml", ""}, {"b.yaml", ""}, {"c.yaml", base_pack}}, o).diagnostics,
                   "TR3015", "more than 2 pack files"));
    // Profile limits travel with the rule set.
    o = {};
    o.profile.max_bytes = 10;
    auto small = load_text(base_pack, o);
    REQUIRE(small.ok());
    CHECK(small.ruleset->profile_limits().max_bytes == 10);
    CHECK(has_code(small.ruleset->parse_profile(R"({"age": 30})").diagnostics, "TR5005", "limit of 10"));
    // Non-scalar keys.
    CHECK(has_code(load_errors(base_pack + "? [a, b]\n: 1\n"), "TR3003", "mapping key"));
}

TEST_CASE("a batch of mixed good and bad lines gives exactly one record per line") {
    std::vector<std::string> input = {
        R"({"age": 30})",
        "",
        "{not json",
        "[1, 2]",
        R"({"age": 9223372036854775808})",
        "{\"degree\": \"\xff\"}",
        R"({"age": 30, "age": 31})",
        R"({"salary": NaN})",
        R"({"birth_date": "2023-02-30"})",
        std::string(300, '['),
        R"({"unknown": 1})",
        "\r",
        R"({"age": 17})",
    };
    std::string text;
    for (const auto& l : input) text += l + "\n";
    text += R"({"age": 40})";  // no final newline: still a line
    std::istringstream in(text);
    std::ostringstream out;
    BatchOptions o;
    o.as_of = "2025-07-01";
    o.threads = 3;
    o.chunk_lines = 2;
    auto stats = run_batch(*base(), o, in, out);
    CHECK(stats.lines == input.size() + 1);
    std::istringstream lines(out.str());
    std::size_t n = 0, errors = 0;
    for (std::string line; std::getline(lines, line); ++n) {
        INFO("line " << n + 1 << ": " << line);
        auto j = nlohmann::json::parse(line);
        if (j.contains("error")) {
            ++errors;
            CHECK(j["line"] == n + 1);
        } else {
            CHECK(j.contains("decisions"));
        }
    }
    CHECK(n == input.size() + 1);
    CHECK(errors == 11);
    CHECK(stats.errors == 11);
    CHECK(stats.decisions == 3);
}

TEST_CASE("an interrupted batch writes complete records for every line it read") {
    std::string text;
    for (int i = 0; i < 20'000; ++i) text += R"({"age": )" + std::to_string(i % 90) + "}\n";
    text += R"({"age": 3)";  // a partial last line: dropped when interrupted
    std::istringstream in(text);
    std::ostringstream out;
    std::atomic<bool> stop{false};
    BatchOptions o;
    o.as_of = "2025-07-01";
    o.threads = 2;
    o.stop = &stop;
    std::uint64_t written = 0;
    auto stats = run_batch(*base(), o, in, out, [&](const BatchProgress& p) {
        written = p.lines;
        stop = true;  // as a SIGINT handler would, after the first chunk
    });
    CHECK(stats.interrupted);
    CHECK(stats.lines >= written);
    CHECK(stats.lines < 20'000);
    const std::string s = out.str();
    REQUIRE(!s.empty());
    CHECK(s.back() == '\n');
    std::istringstream lines(s);
    std::uint64_t n = 0;
    for (std::string line; std::getline(lines, line); ++n) {
        auto j = nlohmann::json::parse(line);
        CHECK(j.contains("decisions"));
    }
    CHECK(n == stats.lines);
    CHECK(stats.decisions == stats.lines);

    // Set before the run: nothing is read, nothing written, and the run still returns.
    std::istringstream in2(text);
    std::ostringstream out2;
    auto stats2 = run_batch(*base(), o, in2, out2);
    CHECK(stats2.interrupted);
    CHECK(stats2.lines == 0);
    CHECK(out2.str().empty());
}
