// Diffs that name their cause: mini → mini_v2 changes one parameter (rent_monthly) and
// three measures (rent's insurance months, purchase's cap, loan's new referral); each
// changed decision names the change that alone flips it.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "talentrules/rules/diff.hpp"

using namespace talentrules::rules;

namespace {

const std::string packs = std::string(TALENTRULES_SOURCE_DIR) + "/tests/rules/packs/good";

std::shared_ptr<const RuleSet> load(const std::string& name) {
    auto loaded = RuleSet::load(packs + "/" + name);
    REQUIRE(loaded.ok());
    return loaded.ruleset;
}

const DecisionChange* change_of(const DiffReport& r, const std::string& applicant, const std::string& measure) {
    for (const auto& a : r.applicants) {
        if (a.name != applicant && a.applicant_id != applicant) continue;
        for (const auto& c : a.changes) {
            if (c.measure == measure) return &c;
        }
    }
    return nullptr;
}

std::string fmt_money(std::int64_t v) { return (v > 0 ? "+" : "") + std::to_string(v); }

}  // namespace

TEST_CASE("pack_changes: each differing element once, with a line diff of its text") {
    auto v1 = load("mini");
    auto v2 = load("mini_v2");
    const auto changes = pack_changes(v1->pack(), v2->pack());
    std::vector<std::string> labels;
    for (const auto& c : changes) labels.push_back(c.label());
    CHECK(labels == std::vector<std::string>{"parameter rent_monthly", "measure loan", "measure purchase", "measure rent"});
    const auto& rent = changes.back();
    std::vector<std::string> removed, added;
    for (const auto& l : rent.lines) {
        if (l.op == '-') removed.push_back(l.text);
        if (l.op == '+') added.push_back(l.text);
    }
    CHECK(removed == std::vector<std::string>{"requires insured: applicant.insured_months >= 3",
                                              "requires insured recheck: add_months(as_of, 3 - applicant.insured_months)"});
    CHECK(added == std::vector<std::string>{"requires insured: applicant.insured_months >= 5",
                                            "requires insured recheck: add_months(as_of, 5 - applicant.insured_months)"});
    CHECK(pack_changes(v1->pack(), v1->pack()).empty());
}

TEST_CASE("diff: each changed decision names the change that alone flips it") {
    auto v1 = load("mini");
    auto v2 = load("mini_v2");
    // J1 is insured 4 months (rent's condition); J2 buys for 110万 (purchase's cap).
    const std::vector<DiffCase> cases = {
        {"J1", "inline", "", R"({"applicant_id":"J1","birth_date":"1990-01-01","highest_degree":"硕士","honors":[],"insured_months":4,"owns_home":false})", false},
        {"J2", "inline", "", R"({"applicant_id":"J2","birth_date":"1990-01-01","highest_degree":"博士","honors":[],"insured_months":12,"owns_home":false,"purchase":{"price_wan":110}})", false},
    };
    const auto r = diff_packs(*v1, *v2, cases, {.as_of = "2025-07-01", .threads = 2});
    const auto* j1 = change_of(r, "J1", "rent");
    REQUIRE(j1);
    CHECK(j1->causes == std::vector<std::string>{"measure rent"});
    const auto* j2 = change_of(r, "J2", "purchase");
    REQUIRE(j2);
    CHECK(j2->causes == std::vector<std::string>{"measure purchase"});

    const auto json = nlohmann::json::parse(diff_to_json(r));
    CHECK(json["pack_changes"].size() == 4);
    CHECK(json["pack_changes"][0]["name"] == "rent_monthly");
    CHECK(json["pack_changes"][0]["lines"][3]["op"] == "-");
    CHECK(json["pack_changes"][0]["lines"][3]["text"] == "… – …: {A: 800, B: 500}");
    bool found = false;
    for (const auto& a : json["applicants"]) {
        for (const auto& c : a["changes"]) {
            if (c["measure"] == "rent" && a["applicant_id"] == "J1") {
                CHECK(c["causes"] == nlohmann::json::array({"measure rent"}));
                found = true;
            }
        }
    }
    CHECK(found);
    const auto text = diff_to_text(r, "en");
    CHECK(text.find("Cause: measure rent") != std::string::npos);
    CHECK(text.find("    - requires insured: applicant.insured_months >= 3") != std::string::npos);
}

TEST_CASE("diff HTML: changed lines highlighted; counts and money totalled on rows of their own") {
    auto v1 = load("mini");
    auto v2 = load("mini_v2");
    auto cases = read_diff_cases(*v1, {packs + "/mini/tests"});
    const auto r = diff_packs(*v1, *v2, cases.cases, {.as_of = "2025-07-01"});
    const std::string html = diff_to_html(r, "en");
    CHECK(html.find("<span class=\"del\">- requires insured: applicant.insured_months &gt;= 3</span>") != std::string::npos);
    CHECK(html.find("<span class=\"ins\">+ requires insured: applicant.insured_months &gt;= 5</span>") != std::string::npos);
    const auto foot = html.substr(html.find("<tfoot>"), html.find("</tfoot>") - html.find("<tfoot>"));
    const auto money_row = foot.substr(foot.find("Total money change"));
    // The money row holds no count, and the counts row holds no money.
    CHECK(money_row.find(fmt_money(r.money_delta())) != std::string::npos);
    CHECK(foot.substr(0, foot.find("Total money change")).find(fmt_money(r.money_delta())) == std::string::npos);
    CHECK(html.find("href=\"#parameter-rent_monthly\"") != std::string::npos);
    CHECK(html.find("id=\"measure-rent\"") != std::string::npos);
}
