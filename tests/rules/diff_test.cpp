// Pack diffs: mini → mini_v2 (rent for tier B raised 500 → 600, rent's insurance condition
// tightened 3 → 5 months, the purchase cap raised 100000 → 120000, loans referred from
// age 60) over the mini pack's own tests plus two JSONL profiles, with exact counts.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "talentrules/rules/diff.hpp"

using namespace talentrules;
using namespace talentrules::rules;
namespace fs = std::filesystem;

namespace {

const std::string packs = std::string(TALENTRULES_SOURCE_DIR) + "/tests/rules/packs/good";

std::shared_ptr<const RuleSet> load(const std::string& name) {
    auto loaded = RuleSet::load(packs + "/" + name);
    REQUIRE_MESSAGE(loaded.ok(), render(loaded.diagnostics));
    return loaded.ruleset;
}

// A scratch file removed at the end of the test.
struct TempFile {
    fs::path path;
    TempFile(const std::string& name, const std::string& text)
        : path(fs::temp_directory_path() / fs::path("talentrules_diff_test_" + std::to_string(::getpid()) + "_" + name)) {
        std::ofstream(path, std::ios::binary) << text;
    }
    ~TempFile() {
        std::error_code ec;
        fs::remove(path, ec);
    }
};

const MeasureDiff& measure(const DiffReport& r, const std::string& id) {
    for (const auto& m : r.measures) {
        if (m.id == id) return m;
    }
    FAIL("no measure " << id);
    throw 0;
}

const char* const jsonl =
    // J1: insured 4 months: rent eligible under v1, not yet under v2 (needs 5).
    R"({"applicant_id":"J1","birth_date":"1990-01-01","highest_degree":"硕士","honors":[],"insured_months":4,"owns_home":false})"
    "\n\n"
    // J2: a 110万 purchase: 100000 (capped) under v1, 110000 under v2; rent stays excluded.
    R"({"applicant_id":"J2","birth_date":"1990-01-01","highest_degree":"博士","honors":[],"insured_months":12,"owns_home":false,"purchase":{"price_wan":110}})"
    "\n";

}  // namespace

TEST_CASE("diff mini → mini_v2 over the mini tests and a JSONL file") {
    auto v1 = load("mini");
    auto v2 = load("mini_v2");
    TempFile extra("cases.jsonl", jsonl);
    auto cases = read_diff_cases(*v1, {packs + "/mini/tests", extra.path.string()});
    REQUIRE_MESSAGE(cases.diagnostics.empty(), render(cases.diagnostics));
    REQUIRE(cases.cases.size() == 10);  // 3 + 5 tests, 2 JSONL lines (the blank one skipped)
    CHECK(cases.cases[0].name == "loan cap before the 2024 change");
    CHECK(cases.cases[0].as_of == "2024-05-11");
    CHECK(cases.cases[9].source == extra.path.string() + ":3");

    DiffOptions o;
    o.as_of = "2025-07-01";
    o.threads = 3;
    const DiffReport r = diff_packs(*v1, *v2, cases.cases, o);
    CHECK(r.cases == 10);
    CHECK(r.compared == 10);
    CHECK(r.rejected.empty());
    CHECK(r.changed_cases == 5);
    CHECK(r.applicants.size() == 6);  // plus one with details only

    const auto& rent = measure(r, "rent");
    CHECK(rent.compared == 10);
    CHECK(rent.changed == 2);
    CHECK(rent.amount_up == 1);          // 硕士 renting, insured 5: 500 → 600 a month
    CHECK(rent.became_ineligible == 1);  // J1
    CHECK(rent.details == 1);            // insured 1 month: check again 2025-11-01, not 2025-09-01
    CHECK(rent.delta() == 36 * 100 - 36 * 500);
    REQUIRE(rent.transitions.size() == 1);
    CHECK(rent.transitions[0].from == "eligible");
    CHECK(rent.transitions[0].to == "ineligible");
    CHECK(rent.transitions[0].count == 1);

    const auto& purchase = measure(r, "purchase");
    CHECK(purchase.changed == 2);
    CHECK(purchase.amount_up == 2);
    CHECK(purchase.delta() == 20000 + 10000);
    CHECK(purchase.transitions.empty());

    const auto& loan = measure(r, "loan");
    CHECK(loan.changed == 1);
    CHECK(loan.newly_referred == 1);  // the 院士, aged 75
    CHECK(loan.delta() == -300000);

    const auto& old = measure(r, "old");
    CHECK(old.changed == 0);
    CHECK(old.details == 0);

    CHECK(r.money_delta() == 3600 - 18000 + 30000 - 300000);

    // The changed applicants, in case order, with both decisions' texts.
    const auto& first = r.applicants[0];
    CHECK(first.name == "purchase beats rent in the exclusion");
    REQUIRE(first.changes.size() == 1);
    CHECK(first.changes[0].measure == "purchase");
    CHECK(first.changes[0].change == Change::amount_up);
    CHECK(first.changes[0].money_delta == 20000);
    CHECK(first.changes[0].before->amount == 100000);
    CHECK(first.changes[0].after->amount == 120000);
    CHECK(first.changes[0].before_text.find("100000") != std::string::npos);
    CHECK(first.changes[0].after_text.find("120000") != std::string::npos);
    const auto& j1 = r.applicants[4];
    CHECK(j1.name == "J1");
    CHECK(j1.as_of == "2025-07-01");
    REQUIRE(j1.changes.size() == 1);
    CHECK(j1.changes[0].change == Change::became_ineligible);
    CHECK(j1.changes[0].after->not_yet);
    CHECK(j1.changes[0].after->recheck_on == "2025-08-01");

    // JSON: the documented structure.
    auto j = nlohmann::json::parse(diff_to_json(r));
    CHECK(j["cases"] == 10);
    CHECK(j["changed_cases"] == 5);
    CHECK(j["money_delta"] == -284400);
    CHECK(j["old"]["version"] == "0.1.0");
    CHECK(j["new"]["version"] == "0.2.0");
    CHECK(j["measures"][0]["measure"] == "rent");
    CHECK(j["measures"][0]["became_ineligible"] == 1);
    CHECK(j["measures"][0]["delta"] == -14400);
    CHECK(j["applicants"].size() == 6);
    CHECK(j["applicants"][4]["changes"][0]["change"] == "became_ineligible");
    CHECK(j["applicants"][4]["changes"][0]["before"]["outcome"] == "eligible");
    CHECK(j["applicants"][4]["changes"][0]["after"]["outcome"] == "ineligible");

    const std::string text = diff_to_text(r);
    CHECK(text.find("-284400 元") != std::string::npos);
    CHECK(text.find("eligible → ineligible 1") != std::string::npos);
}

TEST_CASE("diff: the same pack twice changes nothing; one thread = many") {
    auto v1 = load("mini");
    auto v2 = load("mini_v2");
    auto cases = read_diff_cases(*v1, {packs + "/mini/tests"});
    DiffOptions o;
    o.as_of = "2025-07-01";
    auto same = diff_packs(*v1, *v1, cases.cases, o);
    CHECK(same.changed_cases == 0);
    CHECK(same.applicants.empty());
    CHECK(same.money_delta() == 0);
    o.threads = 1;
    const auto one = diff_to_json(diff_packs(*v1, *v2, cases.cases, o));
    o.threads = 4;
    CHECK(one == diff_to_json(diff_packs(*v1, *v2, cases.cases, o)));
}

TEST_CASE("diff HTML is one self-contained document with the summary table and a chart") {
    auto v1 = load("mini");
    auto v2 = load("mini_v2");
    auto cases = read_diff_cases(*v1, {packs + "/mini/tests"});
    const auto r = diff_packs(*v1, *v2, cases.cases, {.as_of = "2025-07-01"});
    const std::string html = diff_to_html(r, "zh");
    auto count = [&](const std::string& s) {
        std::size_t n = 0;
        for (auto at = html.find(s); at != std::string::npos; at = html.find(s, at + 1)) ++n;
        return n;
    };
    CHECK(html.starts_with("<!DOCTYPE html>"));
    CHECK(count("<html") == 1);
    CHECK(count("</html>") == 1);
    CHECK(count("<table class=\"summary\">") == 1);
    CHECK(count("<svg") == 1);
    CHECK(count("</svg>") == 1);
    CHECK(count("<style>") == 1);
    CHECK(count("<script") == 0);
    CHECK(count("<link") == 0);
    CHECK(count("src=") == 0);
    CHECK(count("url(") == 0);
    CHECK(count("<td>rent</td>") == 1);
    CHECK(count("<section class=\"applicant\">") == r.applicants.size());
    // Texts are escaped: no raw '<' from a decision text can open a tag.
    CHECK(html.find("<pre>") != std::string::npos);
}

TEST_CASE("diff: bad case files are diagnostics; rejected profiles are listed") {
    auto v1 = load("mini");
    auto v2 = load("mini_v2");
    TempFile bad("bad.jsonl", "{\"applicant_id\":\"A\"}\n{oops\n");
    auto cases = read_diff_cases(*v1, {bad.path.string(), packs + "/no/such/folder"});
    REQUIRE(cases.diagnostics.size() == 2);
    CHECK(cases.diagnostics[0].code == "TR5204");
    CHECK(cases.diagnostics[0].position.line == 2);
    CHECK(cases.diagnostics[1].code == "TR5203");
    CHECK(cases.cases.size() == 1);

    std::vector<DiffCase> odd = {{"", "inline", "", R"({"applicant_id":"X","shoe_size":42})", false},
                                 {"yaml one", "inline.yaml", "", "applicant_id: Y\nbirth_date: 1990-01-01\n", true}};
    auto r = diff_packs(*v1, *v2, odd, {.as_of = "2025-07-01"});
    CHECK(r.compared == 1);
    REQUIRE(r.rejected.size() == 1);
    CHECK(r.rejected[0].by == "both");
    CHECK(r.rejected[0].name == "X");
}
