// Rule packs end to end: loading, static checks (one bad pack per diagnostic code, with
// its position), profile validation, decisions, thread safety.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <atomic>

#include "talentrules/rules/ruleset.hpp"
#include "talentrules/rules/testing.hpp"

using namespace talentrules;
using namespace talentrules::rules;
namespace fs = std::filesystem;

namespace {

const std::string packs = std::string(TALENTRULES_SOURCE_DIR) + "/tests/rules/packs";

std::shared_ptr<const RuleSet> mini() {
    static auto loaded = RuleSet::load(packs + "/good/mini");
    REQUIRE_MESSAGE(loaded.ok(), render(loaded.diagnostics));
    return loaded.ruleset;
}

Decision decide(std::string_view profile_json, std::string measure, std::string as_of = "2025-07-01") {
    auto p = mini()->parse_profile(profile_json);
    REQUIRE_MESSAGE(p.ok(), render(p.diagnostics));
    EvaluateOptions o;
    o.as_of = as_of;
    o.measures = {measure};
    auto report = mini()->evaluate(*p.profile, o);
    REQUIRE(report.decisions.size() == 1);
    return report.decisions[0];
}

}  // namespace

TEST_CASE("the mini pack's own rule tests pass") {
    auto run = run_tests(*mini(), {});
    for (const auto& f : run.failures) MESSAGE(f.test->name << ": " << f.measure << " " << f.message << "\n" << f.explanation);
    CHECK(run.diagnostics.empty());
    CHECK(run.failed == 0);
    CHECK(run.passed == 8);
    CHECK(run.coverage.items > 0);
}

TEST_CASE("a missing fact that cannot change the outcome is not asked for") {
    // Owns a home: ineligible whatever the degree (which decides the tier) is.
    auto d = decide(R"({"birth_date":"1990-01-01","honors":[],"insured_months":5,"owns_home":true})", "rent");
    CHECK(d.outcome == Outcome::ineligible);
    CHECK(d.missing.empty());
    CHECK(d.failed == std::vector<std::string>{"no_home"});
}

TEST_CASE("undetermined decisions name exactly the missing facts") {
    auto d = decide(R"({"honors":[],"insured_months":5,"owns_home":false})", "rent");
    CHECK(d.outcome == Outcome::undetermined);
    // The tier row `degree >= 硕士 && age <= 40` needs both: either could decide it.
    CHECK(d.missing == std::vector<std::string>{"birth_date", "highest_degree"});
}

TEST_CASE("ages are 周岁 on the as-of date, inclusive, one day apart") {
    auto adult = [](const std::string& birth) {
        return decide(R"({"birth_date":")" + birth + R"("})", "loan", "2025-07-01").outcome;
    };
    CHECK(adult("2007-07-01") == Outcome::eligible);    // 18 today
    CHECK(adult("2007-07-02") == Outcome::ineligible);  // 18 tomorrow
}

TEST_CASE("dated parameters follow the as-of date") {
    const auto profile = R"({"birth_date":"1990-01-01"})";
    CHECK(decide(profile, "loan", "2024-05-11").amount == 200000);
    CHECK(decide(profile, "loan", "2024-05-12").amount == 300000);
    CHECK(decide(profile, "loan", "2021-06-01").outcome == Outcome::ineligible);  // measure not yet in effect
}

TEST_CASE("profiles are validated against the schema") {
    auto code_of = [](std::string_view json) {
        auto r = mini()->parse_profile(json, "p.json");
        REQUIRE(!r.ok());
        return r.diagnostics.at(0).code;
    };
    CHECK(code_of(R"({"salary": 1})") == "TR5001");
    CHECK(code_of(R"({"insured_months": "five"})") == "TR5002");
    CHECK(code_of(R"({"highest_degree": "硕仕"})") == "TR5003");
    CHECK(code_of(R"({"birth_date": "2023-02-30"})") == "TR5002");
    CHECK(code_of(R"({"purchase": {"price": 1}})") == "TR5001");
    CHECK(code_of(R"([1, 2])") == "TR5004");
    CHECK(code_of(R"({"birth_date": )") == "TR5004");
    CHECK(code_of(R"({"insured_months": 1e400})") == "TR5004");
}

TEST_CASE("each bad pack fails with its code at its position") {
    for (const auto& entry : fs::directory_iterator(packs + "/bad")) {
        std::ifstream in(entry.path() / "expected.txt");
        // "CODE LINE:COL [text the message must contain]"
        std::string code, where, text;
        in >> code >> where;
        std::getline(in >> std::ws, text);
        auto loaded = RuleSet::load(entry.path().string());
        INFO(entry.path().filename().string() << "\n" << render(loaded.diagnostics));
        CHECK(!loaded.ok());
        bool found = false;
        for (const auto& d : loaded.diagnostics) {
            const std::string at = std::to_string(d.position.line) + ":" + std::to_string(d.position.column);
            if (d.code == code && (where.empty() || where == at) && d.message.find(text) != std::string::npos) {
                found = true;
            }
        }
        CHECK(found);
    }
}

TEST_CASE("a cycle is reported with its whole path") {
    auto loaded = RuleSet::load(packs + "/bad/cycle");
    REQUIRE(!loaded.ok());
    CHECK(render(loaded.diagnostics).find("a -> b -> a") != std::string::npos);
}

TEST_CASE("one rule set serves many threads") {
    auto rs = mini();
    auto p = rs->parse_profile(R"({"birth_date":"1990-01-01","highest_degree":"硕士","honors":[],"insured_months":5,"owns_home":false})");
    REQUIRE(p.ok());
    EvaluateOptions o;
    o.as_of = "2025-07-01";
    const std::string expected = to_json(rs->evaluate(*p.profile, o));
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i) {
                if (to_json(rs->evaluate(*p.profile, o)) != expected) ++mismatches;
            }
        });
    }
    for (auto& th : threads) th.join();
    CHECK(mismatches == 0);
}

TEST_CASE("reports carry a receipt that reproduces the decision") {
    auto rs = mini();
    auto p = rs->parse_profile(R"({"birth_date":"1990-01-01"})");
    EvaluateOptions o;
    o.as_of = "2025-07-01";
    auto r = rs->evaluate(*p.profile, o);
    CHECK(r.receipt.as_of == "2025-07-01");
    CHECK(r.receipt.pack_hash.size() == 40);
    CHECK(r.receipt.profile_hash.size() == 40);
    CHECK(r.receipt.pack_id == "mini");
    const std::string json = to_json(r);
    CHECK(json.find("\"outcome\":\"eligible\"") != std::string::npos);
}

TEST_CASE("applicant_id may also be a schema fact (regression: it was counted twice)") {
    auto p = mini()->parse_profile(R"({"applicant_id":"P08","birth_date":"1990-01-01"})");
    REQUIRE_MESSAGE(p.ok(), render(p.diagnostics));
    CHECK(p.profile->applicant_id == "P08");
    CHECK(p.profile->canonical_json == R"({"applicant_id":"P08","birth_date":"1990-01-01"})");
}

namespace {

// A one-fact pack: `fact` is the schema entry (flow mapping), on line 3.
std::string pack_with_fact(const std::string& fact) {
    return "pack: {id: ranges, title: ranges}\n"
           "schema:\n"
           "  - " + fact + "\n";
}

}  // namespace

TEST_CASE("int facts may declare an inclusive range; values outside it are TR5002") {
    auto load = [](const std::string& fact) {
        auto loaded = RuleSet::load_texts({{"pack.yaml", pack_with_fact(fact)}});
        REQUIRE_MESSAGE(loaded.ok(), render(loaded.diagnostics));
        return loaded.ruleset;
    };
    auto message_of = [](const RuleSet& rs, std::string_view json) {
        auto r = rs.parse_profile(json, "p.json");
        REQUIRE(!r.ok());
        REQUIRE(r.diagnostics.size() == 1);
        CHECK(r.diagnostics[0].code == "TR5002");
        return r.diagnostics[0].message;
    };
    auto both = load("{name: years, type: int, min: 0, max: 200, label: 在区年限}");
    REQUIRE(both->pack().schema.at(0).min == 0);
    REQUIRE(both->pack().schema.at(0).max == 200);
    CHECK(both->parse_profile(R"({"years": 0})").ok());
    CHECK(both->parse_profile(R"({"years": 200})").ok());
    CHECK(both->parse_profile(R"({"years": 200.0})").ok());
    CHECK(message_of(*both, R"({"years": -1})") == "field 'years' must be a whole number from 0 to 200, not -1");
    CHECK(message_of(*both, R"({"years": 201})") == "field 'years' must be a whole number from 0 to 200, not 201");
    CHECK(message_of(*both, R"({"years": 250.0})") == "field 'years' must be a whole number from 0 to 200, not 250");
    CHECK(message_of(*both, R"({"years": "x"})") == "field 'years' must be a whole number, not \"x\"");

    auto low = load("{name: years, type: int, min: 0}");
    CHECK(low->parse_profile(R"({"years": 9223372036854775807})").ok());
    CHECK(message_of(*low, R"({"years": -1})") == "field 'years' must be a whole number of at least 0, not -1");

    auto high = load("{name: years, type: int, max: 200}");
    CHECK(high->parse_profile(R"({"years": -9223372036854775808})").ok());
    CHECK(message_of(*high, R"({"years": 250})") == "field 'years' must be a whole number of at most 200, not 250");

    // An object's int field may declare one too; the path names the field.
    auto nested = load("{name: home, type: object, fields: [{name: rooms, type: int, min: 1, max: 20}]}");
    CHECK(nested->parse_profile(R"({"home": {"rooms": 3}})").ok());
    CHECK(message_of(*nested, R"({"home": {"rooms": 0}})") ==
          "field 'home.rooms' must be a whole number from 1 to 20, not 0");

    // No range: anything in int64, as before.
    auto open = load("{name: years, type: int}");
    CHECK(!open->pack().schema.at(0).min);
    CHECK(open->parse_profile(R"({"years": -5})").ok());
}

TEST_CASE("a bad int range fails to load with TR3003 at its position") {
    // The fact is on line 3 and starts at column 5; an error about a bound is at its value.
    auto error_of = [](const std::string& fact) {
        auto loaded = RuleSet::load_texts({{"pack.yaml", pack_with_fact(fact)}});
        REQUIRE(!loaded.ok());
        for (const auto& d : loaded.diagnostics) {
            if (d.severity == Severity::error) return d;
        }
        FAIL("no error");
        return Diagnostic{};
    };
    auto check = [&](const std::string& fact, const std::string& message, std::uint32_t column) {
        INFO(fact);
        const auto d = error_of(fact);
        CHECK(d.code == "TR3003");
        CHECK(d.message == message);
        CHECK(d.position.line == 3);
        CHECK(d.position.column == column);
    };
    check("{name: x, type: int, min: abc}", "fact 'x' min must be a whole number", 31);
    check("{name: x, type: int, max: 1.5}", "fact 'x' max must be a whole number", 31);
    check("{name: x, type: int, min: '5'}", "fact 'x' min must be a whole number", 31);
    check("{name: x, type: bool, min: 0}", "only an int fact has 'min'", 32);
    check("{name: x, type: string, max: 9}", "only an int fact has 'max'", 34);
    check("{name: x, type: number, min: 0}", "only an int fact has 'min'", 34);
    check("{name: x, type: list(int), min: 0}", "only an int fact has 'min'", 37);
    check("{name: x, type: int, min: 5, max: 1}", "fact 'x' has min 5 greater than max 1", 5);
    // A bad bound inside an object's fields is found there.
    const auto d = error_of("{name: o, type: object, fields: [{name: f, type: date, max: 1}]}");
    CHECK(d.code == "TR3003");
    CHECK(d.message == "only an int fact has 'max'");
    CHECK(d.position.line == 3);
    CHECK(d.position.column == 65);
    // min == max is a one-value range, not an error.
    CHECK(RuleSet::load_texts({{"pack.yaml", pack_with_fact("{name: x, type: int, min: 3, max: 3}")}}).ok());
}

TEST_CASE("rule test files: unknown keys come from the field table, with did-you-mean") {
    const auto dir = std::filesystem::temp_directory_path() / "talentrules_test_keys";
    std::filesystem::create_directories(dir);
    const auto file = (dir / "t.yaml").string();
    std::ofstream(file) << "tests:\n"
                           "  - nmae: x\n"
                           "    profile: {}\n"
                           "    zzz: 1\n"
                           "    expect:\n"
                           "      any: {outcom: eligible, qqqq: 1}\n";
    auto run = run_tests(*mini(), {file});
    std::filesystem::remove_all(dir);
    REQUIRE(run.diagnostics.size() == 4);
    CHECK(run.diagnostics[0].code == "TR3201");
    CHECK(run.diagnostics[0].message ==
          "unknown key 'nmae' in a test: did you mean 'name'? (allowed: name, as_of, profile, expect)");
    CHECK(run.diagnostics[0].position.line == 2);
    CHECK(run.diagnostics[1].message == "unknown key 'zzz' in a test (allowed: name, as_of, profile, expect)");
    CHECK(run.diagnostics[2].message == "unknown expectation 'outcom': did you mean 'outcome'?");
    CHECK(run.diagnostics[3].message == "unknown expectation 'qqqq'");
}
