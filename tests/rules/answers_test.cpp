// Answers a caseworker can act on: stated assumptions (schema `absent`, strict requests),
// measures that do not apply, the next questions, what would change a "no", sample marks
// on amounts, excluded decisions, a pack out of effect said once, English without
// untranslated Chinese.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <algorithm>
#include <sstream>

#include "talentrules/rules/request.hpp"
#include "talentrules/rules/ruleset.hpp"

using namespace talentrules;
using namespace talentrules::rules;

namespace {

const char* pack_yaml = R"(pack:
  id: answers
  title: {zh: 测试, en: Test}
  effective: {from: 2021-01-01, to: 2025-12-31}
categories:
  - {name: degree, ordered: true, values: [无, 本科, 硕士, 博士]}
  - {name: honor, values: [甲奖, 乙奖, 丙奖]}
  - {name: city, values: [东区, 西区, 南区]}
schema:
  - {name: birth_date, type: date, label: {zh: 出生日期, en: Date of birth}, fixed: true}
  - name: degree
    type: degree
    label: {zh: 学历, en: Degree}
    absent: {value: 无, title: {zh: 未填写视为无学历, en: "Not given, so no degree"}}
  - {name: insured_months, type: int, min: 0, max: 600, label: {zh: 社保月数, en: Months insured}}
  - {name: honors, type: list(honor), label: {zh: 荣誉, en: Honours}}
  - {name: city, type: city, label: {zh: 城区, en: District}}
  - {name: nickname, type: string, label: {zh: 昵称, en: Nickname}}
  - {name: owns_home, type: bool, label: {zh: 有自有住房, en: Owns a home}}
  - name: business
    type: object
    label: {zh: 创业情况, en: Business}
    absent: {value: {}, title: {zh: 未填写视为无创业项目, en: "Not given, so no business"}}
    fields:
      - {name: registered, type: bool, label: {zh: 已登记, en: Registered},
         absent: {value: false, title: {zh: 未填写视为未登记, en: "Not given, so not registered"}}}
      - {name: employees, type: int, label: {zh: 雇员数, en: Employees}}
parameters:
  - {name: grant, title: {zh: 补贴, en: Grant}, value: 1000, sample: true, unit: 元}
  - {name: min_months, value: 6}
measures:
  - id: grant
    title: {zh: 补贴, en: Grant}
    requires:
      - {id: degree, title: {zh: 硕士及以上, en: "Master's or above"}, when: "applicant.degree >= '硕士'"}
      - {id: insured, title: {zh: 社保满6个月, en: Six months insured}, when: "applicant.insured_months >= params.min_months"}
      - {id: young, title: {zh: 40周岁以下, en: Under 40}, when: "age_on(applicant.birth_date, as_of) <= 40"}
      - {id: named, title: {zh: 昵称为张三, en: Nickname is Zhang San}, when: "applicant.nickname == '张三'"}
    amount: {value: "params.grant", unit: 元/月, months: "12"}
  - id: startup
    title: {zh: 创业补贴, en: Start-up grant}
    applies_to: {title: {zh: 已登记创业者, en: Registered founders}, when: "applicant.business.registered"}
    requires:
      - {id: staff, title: {zh: 雇员3人以上, en: Three or more employees}, when: "applicant.business.employees >= 3"}
    amount: "500"
  - id: housing
    title: {zh: 住房补贴, en: Housing grant}
    requires:
      - {id: no_home, title: {zh: 无自有住房, en: Owns no home}, when: "!applicant.owns_home"}
      - {id: honoured, title: {zh: 获甲奖或乙奖, en: Holds award A or B}, when: "'甲奖' in applicant.honors || '乙奖' in applicant.honors"}
      - {id: east, title: {zh: 在东区, en: In the east district}, when: "applicant.city == '东区'"}
    amount: "800"
    services: [{name: 看房服务}]
exclusions:
  - {id: one_grant, title: {zh: 不重复享受, en: Not both}, measures: [grant, housing]}
)";

std::shared_ptr<const RuleSet> pack() {
    static auto loaded = RuleSet::load_texts({{"pack.yaml", pack_yaml}});
    REQUIRE_MESSAGE(loaded.ok(), render(loaded.diagnostics));
    return loaded.ruleset;
}

Report report_of(std::string_view profile, std::string as_of = "2025-07-01", bool strict = false) {
    auto p = pack()->parse_profile(profile);
    REQUIRE_MESSAGE(p.ok(), render(p.diagnostics));
    EvaluateOptions o;
    o.as_of = std::move(as_of);
    o.strict = strict;
    return pack()->evaluate(*p.profile, o);
}

const Decision& decision(const Report& r, std::string_view id) {
    for (const auto& d : r.decisions) {
        if (d.measure == id) return d;
    }
    FAIL("no decision " << id);
    throw 0;
}

std::vector<std::string> assumed_facts(const Report& r) {
    std::vector<std::string> out;
    for (const auto& a : r.assumptions) out.push_back(a.fact);
    return out;
}

const Counterfactual* change_of(const Decision& d, std::string_view condition, std::string_view fact) {
    for (const auto& c : d.would_change) {
        if (c.condition == condition && c.fact == fact) return &c;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("an absent fact with a declared meaning is assumed, listed, and not assumed when strict") {
    const std::string profile = R"({"birth_date":"1990-01-01","insured_months":8,"nickname":"张三"})";
    auto r = report_of(profile);
    CHECK(assumed_facts(r) == std::vector<std::string>{"degree", "business", "business.registered"});
    CHECK(r.assumptions.front().title.zh == "未填写视为无学历");
    CHECK(decision(r, "grant").outcome == Outcome::ineligible);  // 无 < 硕士
    CHECK(decision(r, "startup").outcome == Outcome::not_applicable);

    auto strict = report_of(profile, "2025-07-01", true);
    CHECK(strict.strict);
    CHECK(strict.assumptions.empty());
    CHECK(decision(strict, "grant").outcome == Outcome::undetermined);
    CHECK(decision(strict, "grant").missing == std::vector<std::string>{"degree"});
    CHECK(decision(strict, "startup").outcome == Outcome::undetermined);

    // null is absent: the same assumption.
    auto with_null = report_of(R"({"birth_date":"1990-01-01","insured_months":8,"nickname":"张三","degree":null})");
    CHECK(assumed_facts(with_null) == assumed_facts(r));
    // A given object's missing field takes its own declared meaning.
    auto empty_business = report_of(R"({"business":{}})");
    CHECK(decision(empty_business, "startup").outcome == Outcome::not_applicable);
}

TEST_CASE("a measure that does not apply is not_applicable, counted apart, and never asked about") {
    auto r = report_of(R"({"business":{"registered":false}})");
    const auto& d = decision(r, "startup");
    CHECK(d.outcome == Outcome::not_applicable);
    CHECK(d.missing.empty());
    const std::string json = to_json(r);
    CHECK(json.find(R"("not_applicable":1)") != std::string::npos);
    for (const auto& q : r.questions) CHECK(q.fact != "business.employees");

    auto founder = report_of(R"({"business":{"registered":true}})");
    CHECK(decision(founder, "startup").outcome == Outcome::undetermined);
    CHECK(decision(founder, "startup").missing == std::vector<std::string>{"business.employees"});
}

TEST_CASE("the next questions: one list, the fact deciding the most undetermined measures first") {
    auto r = report_of(R"({"birth_date":"1990-01-01","degree":"硕士","nickname":"张三"})", "2025-07-01", true);
    REQUIRE(!r.questions.empty());
    // owns_home decides housing; insured_months grant; business.registered startup:
    // one each, so schema order decides.
    std::vector<std::string> asked;
    for (const auto& q : r.questions) asked.push_back(q.fact);
    CHECK(asked.front() == "insured_months");
    const auto& first = r.questions.front();
    CHECK(first.label.zh == "社保月数");
    CHECK(first.type == "int");
    CHECK(first.min == 0);
    CHECK(first.max == 600);
    CHECK(first.measures == std::vector<std::string>{"grant"});
    for (const auto& q : r.questions) {
        if (q.fact == "city") CHECK(q.values == std::vector<std::string>{"东区", "西区", "南区"});
    }
}

TEST_CASE("a fact that cannot change any outcome is never asked for") {
    // Owns a home: housing is ineligible whatever the honours and district are; degree
    // 本科 fails grant whatever the insurance is.
    auto r = report_of(R"({"birth_date":"1990-01-01","degree":"本科","owns_home":true})");
    CHECK(decision(r, "housing").outcome == Outcome::ineligible);
    CHECK(decision(r, "grant").outcome == Outcome::ineligible);
    for (const auto& q : r.questions) {
        CHECK(q.fact != "honors");
        CHECK(q.fact != "city");
        CHECK(q.fact != "insured_months");
        CHECK(q.fact != "nickname");
    }
    CHECK(r.questions.empty());
}

TEST_CASE("what would change a no: the nearest change of one fact, verified, or the news it cannot change") {
    auto r = report_of(R"({"birth_date":"1980-01-01","degree":"本科","insured_months":4,"nickname":"李四",
                          "owns_home":false,"honors":["丙奖"],"city":"西区"})");
    const auto& grant = decision(r, "grant");
    REQUIRE(grant.outcome == Outcome::ineligible);
    const auto* insured = change_of(grant, "insured", "insured_months");
    REQUIRE(insured);
    CHECK(insured->kind == Counterfactual::Kind::at_least);
    CHECK(insured->values.front().as_int() == 6);
    CHECK(insured->current.as_int() == 4);
    const auto* degree = change_of(grant, "degree", "degree");
    REQUIRE(degree);
    CHECK(degree->kind == Counterfactual::Kind::set);  // the nearest rank that works
    CHECK(degree->values.front().as_string() == "硕士");
    const auto* age = change_of(grant, "young", "birth_date");
    REQUIRE(age);
    CHECK(age->kind == Counterfactual::Kind::fixed);
    // A text compared with a constant has no "nearest" value: nothing is guessed.
    CHECK(change_of(grant, "named", "nickname") == nullptr);

    const auto& housing = decision(r, "housing");
    const auto* honour = change_of(housing, "honoured", "honors");
    REQUIRE(honour);
    CHECK(honour->kind == Counterfactual::Kind::add);
    CHECK(honour->values.size() == 2);  // 甲奖 or 乙奖; 丙奖 is held and does not help
    const auto* city = change_of(housing, "east", "city");
    REQUIRE(city);
    CHECK(city->kind == Counterfactual::Kind::set);
    CHECK(city->values.front().as_string() == "东区");

    const std::string zh = to_text(r, "zh");
    CHECK(zh.find("社保月数达到 6（当前 4），还差 2") != std::string::npos);
    CHECK(zh.find("出生日期无法改变：不满足“40周岁以下”") != std::string::npos);
    const std::string en = to_text(r, "en");
    CHECK(en.find("Months insured at least 6 (now 4), 2 short") != std::string::npos);
    CHECK(to_json(r).find(R"("kind":"at_least","current":4,"values":[6])") != std::string::npos);

    // would_change=false searches nothing.
    auto p = pack()->parse_profile(R"({"degree":"本科","insured_months":4})");
    EvaluateOptions brief;
    brief.as_of = "2025-07-01";
    brief.would_change = false;
    for (const auto& d : pack()->evaluate(*p.profile, brief).decisions) CHECK(d.would_change.empty());
}

TEST_CASE("amounts resting on sample parameters are marked; an excluded decision loses its amount, not its services") {
    auto r = report_of(R"({"birth_date":"1990-01-01","degree":"博士","insured_months":12,"nickname":"张三",
                          "owns_home":false,"honors":["甲奖"],"city":"东区"})");
    const auto& grant = decision(r, "grant");
    REQUIRE(grant.outcome == Outcome::eligible);  // 1000 × 12 beats 800
    CHECK(grant.sample_parameters == std::vector<std::string>{"grant"});
    // 不重复享受 takes the money, not the route: housing keeps its service (process_test.cpp
    // has the money-only case).
    const auto& housing = decision(r, "housing");
    CHECK(housing.outcome == Outcome::eligible);
    CHECK(housing.excluded_by == "grant");
    CHECK(!housing.amount);
    CHECK(housing.services == std::vector<std::string>{"看房服务"});
    CHECK(housing.sample_parameters.empty());
    const std::string json = to_json(r);
    CHECK(json.find(R"("amount":1000,"unit":"元/月","months":12,"sample":true,"sample_parameters":["grant"])") !=
          std::string::npos);
    CHECK(to_text(r, "zh").find("1000 元/月 × 12 个月（示例值）") != std::string::npos);
    CHECK(to_text(r, "en").find("1000 yuan/month × 12 months (sample value)") != std::string::npos);
}

TEST_CASE("a pack out of effect is said once, at the top") {
    auto r = report_of(R"({"degree":"博士"})", "2026-12-03");
    CHECK(!r.in_effect);
    CHECK(r.pack_effective.to == "2025-12-31");
    for (const auto& d : r.decisions) CHECK(d.failed == std::vector<std::string>{"not_in_effect"});
    const std::string text = to_text(r, "zh");
    std::size_t count = 0;
    for (auto at = text.find("2025-12-31"); at != std::string::npos; at = text.find("2025-12-31", at + 1)) ++count;
    CHECK(count == 1);
    CHECK(to_json(r).find(R"("pack_effective":{"from":"2021-01-01","to":"2025-12-31"},"in_effect":false)") !=
          std::string::npos);
}

TEST_CASE("an absent value must be of its fact's type") {
    auto loaded = RuleSet::load_texts({{"pack.yaml", R"(pack: {id: p, title: t}
categories: [{name: degree, values: [无, 硕士]}]
schema:
  - {name: degree, type: degree, absent: {value: none, title: 未填写}}
  - {name: months, type: int, min: 0, absent: {value: -1, title: 未填写}}
  - {name: when, type: date, absent: {value: 2025-02-30, title: 未填写}}
)"}});
    CHECK(!loaded.ok());
    std::vector<std::string> codes;
    for (const auto& d : loaded.diagnostics) codes.push_back(d.code + ":" + std::to_string(d.position.line));
    CHECK(codes == std::vector<std::string>{"TR3003:4", "TR3003:5", "TR3003:6"});
    auto no_value = RuleSet::load_texts({{"pack.yaml", "schema:\n  - {name: flag, type: bool, absent: {title: t}}\n"}});
    REQUIRE(!no_value.ok());
    CHECK(no_value.diagnostics.front().code == "TR3004");
}

TEST_CASE("English reports of the Liangping pack carry no untranslated Chinese labels or units") {
    // Chinese may remain only where it is data: the clause cited verbatim (its section and
    // 「text」), category values and what the profile itself says.
    const std::string dir = std::string(TALENTRULES_SOURCE_DIR);
    auto loaded = RuleSet::load(dir + "/rules/liangping");
    REQUIRE(loaded.ok());
    std::set<std::string> data;
    for (const auto& c : loaded.ruleset->pack().categories) data.insert(c.values.begin(), c.values.end());
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir + "/examples/applicants")) {
        std::ifstream in(entry.path());
        std::stringstream ss;
        ss << in.rdbuf();
        auto p = loaded.ruleset->parse_profile(ss.str());
        REQUIRE(p.ok());
        EvaluateOptions o;
        o.as_of = "2025-07-01";
        std::string text = to_text(loaded.ruleset->evaluate(*p.profile, o), "en");
        // Drop the verbatim clause quotes and every string the profile gives.
        for (auto open = text.find("「"); open != std::string::npos; open = text.find("「")) {
            const auto line_start = text.rfind('\n', open) + 1;
            text.erase(line_start, text.find('\n', open) - line_start);  // "Basis: 四、（五） 「…」"
        }
        for (const auto& [slot, value] : p.profile->facts) {
            if (value.is_string()) data.insert(std::string(value.as_string()));
            if (value.is_list()) {
                for (const auto& item : value.as_list()) {
                    if (item.is_string()) data.insert(std::string(item.as_string()));
                }
            }
        }
        // What a condition read (`(tier = D, rent_route = 博士或正高级)`) is data too.
        std::string kept;
        for (std::size_t start = 0; start < text.size();) {
            auto end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            std::string line = text.substr(start, end - start);
            if (line.starts_with("    ✓") || line.starts_with("    ✗") || line.starts_with("    ?") ||
                line.starts_with("    =") || line.starts_with("    !")) {
                if (auto reads = line.find("  ("); reads != std::string::npos) line.erase(reads);
            }
            kept += line + "\n";
            start = end + 1;
        }
        text = kept;
        std::vector<std::string> longest_first(data.begin(), data.end());
        std::sort(longest_first.begin(), longest_first.end(),
                  [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
        for (const auto& value : longest_first) {
            for (auto at = text.find(value); !value.empty() && at != std::string::npos; at = text.find(value)) {
                text.erase(at, value.size());
            }
        }
        std::string left;
        for (std::size_t i = 0; i < text.size();) {
            const unsigned char c = static_cast<unsigned char>(text[i]);
            const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            if (n == 3 && c >= 0xE4 && c <= 0xE9) left += text.substr(i, n);  // CJK unified ideographs
            i += n;
        }
        CHECK_MESSAGE(left.empty(), entry.path().filename().string() << ": " << left);
        ++files;
    }
    CHECK(files >= 30);
}

TEST_CASE("what would change a no is bounded: a condition reading hundreds of facts stops its search") {
    // No single fact can lift the sum past 10^12 within the search's reach, so every fact
    // would be searched in full (about 40 trials each) without the per-decision budget.
    std::string schema, sum;
    for (int i = 0; i < 300; ++i) {
        schema += fmt::format("  - {{name: f{}, type: int}}\n", i);
        sum += fmt::format("{}applicant.f{}", i ? " + " : "", i);
    }
    const std::string yaml = "pack: {id: wide, title: t}\nschema:\n" + schema +
                             "measures:\n  - id: m\n    title: t\n    requires:\n      - {id: big, title: t, when: \"" +
                             sum + " > 1000000000000\"}\n";
    auto loaded = RuleSet::load_texts({{"pack.yaml", yaml}});
    REQUIRE_MESSAGE(loaded.ok(), render(loaded.diagnostics));
    std::string profile = "{";
    for (int i = 0; i < 300; ++i) profile += fmt::format("{}\"f{}\":0", i ? "," : "", i);
    profile += "}";
    auto p = loaded.ruleset->parse_profile(profile);
    REQUIRE(p.ok());
    EvaluateOptions o;
    o.as_of = "2025-07-01";
    const auto report = loaded.ruleset->evaluate(*p.profile, o);
    REQUIRE(report.decisions.size() == 1);
    CHECK(report.decisions[0].outcome == Outcome::ineligible);
    CHECK(report.decisions[0].would_change.empty());
}
