// The pack graph behind `talentrules graph` and the documentation site: what each
// element reads, cut down to one measure, rankings joined to their measures.

#include "talentrules/rules/doc_site.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

using talentrules::rules::RuleSet;

constexpr const char* pack_yaml = R"yaml(pack: {id: p, title: {zh: 测试包, en: Test pack}}
schema:
  - {name: degree, type: string, label: {zh: 学历, en: Degree}}
  - {name: score, type: int, label: {zh: 评分, en: Score}}
  - {name: months, type: int, label: {zh: 社保月数, en: Months insured}}
parameters:
  - {name: grant, title: {zh: 补贴标准, en: Grant amount}, value: 1000, sample: true}
  - {name: min_months, title: {zh: 最短月数, en: Minimum months}, value: 6}
  - {name: unused, value: 1}
definitions:
  - {name: insured, title: {zh: 已参保, en: Insured}, value: "applicant.months >= params.min_months"}
  - {name: lone, value: "params.unused + 1"}
measures:
  - id: grant
    title: {zh: 补贴, en: Grant}
    requires:
      - {id: ok, title: {zh: 已参保, en: Insured}, when: "insured && [1].all(applicant, applicant > 0)"}
    amount: "params.grant"
  - id: other
    title: {zh: 其他, en: Other}
    requires:
      - {id: deg, title: {zh: 博士, en: Doctorate}, when: "applicant.degree == '博士'"}
rankings:
  - id: by_score
    measure: grant
    title: {zh: 按评分排序, en: By score}
    score:
      - {id: s, value: "applicant.score"}
)yaml";

std::shared_ptr<const RuleSet> pack() {
    static auto loaded = RuleSet::load_texts({{"pack.yaml", pack_yaml}});
    REQUIRE_MESSAGE(loaded.ok(), "the test pack loads");
    return loaded.ruleset;
}

}  // namespace

TEST_CASE("graph_dot: one measure shows what it reads through definitions, and its rankings") {
    using talentrules::rules::graph_dot;
    const auto dot = graph_dot(pack()->pack(), {.measure = "grant", .lang = "zh"});
    for (const char* shown : {"\\ngrant\\n(措施)", "\\ngrant\\n(参数)", "\\nmin_months\\n(参数)", "\\ninsured\\n(定义)",
                              "\\nmonths\\n(事实)", "\\nby_score\\n(排名)", "\\nscore\\n(事实)", "补贴标准"}) {
        CHECK_MESSAGE(dot.find(shown) != std::string::npos, shown);
    }
    // Not read by the measure or its ranking: another measure, its fact, an unused
    // parameter; a comprehension variable named like the facts' root is not a fact.
    for (const char* hidden : {"\\nother\\n", "\\ndegree\\n", "unused\\n(", "lone\\n("}) {
        CHECK_MESSAGE(dot.find(hidden) == std::string::npos, hidden);
    }
    CHECK(dot.find("label=\"排名\"") != std::string::npos);  // the measure → ranking arrow
    const auto en = graph_dot(pack()->pack(), {.measure = "grant", .lang = "en"});
    CHECK(en.find("Grant amount\\ngrant\\n(parameter)") != std::string::npos);
    CHECK(en.find("label=\"ranks\"") != std::string::npos);
}

TEST_CASE("graph_dot: the whole pack has every element") {
    const auto dot = talentrules::rules::graph_dot(pack()->pack());
    for (const char* shown : {"\\nother\\n", "\\ndegree\\n", "unused\\n(", "lone\\n(", "\\nby_score\\n"}) {
        CHECK_MESSAGE(dot.find(shown) != std::string::npos, shown);
    }
}

TEST_CASE("write_doc_site: a page per element, the search index names them all") {
    namespace fs = std::filesystem;
    const fs::path out = fs::temp_directory_path() / "talentrules_doc_site_test";
    fs::remove_all(out);
    const auto site = talentrules::rules::write_doc_site(*pack(), {.out_dir = out.string(), .as_of = "2025-07-01",
                                                                   .graphs = false});
    for (const auto& d : site.diagnostics) MESSAGE(d.code, " ", d.message);
    CHECK(site.ok());
    // index + 2 measures + 3 parameters + 2 definitions + 3 facts + 1 ranking
    CHECK(site.pages == 12);
    for (const char* file : {"index.html", "measures/grant.html", "parameters/min_months.html",
                             "definitions/insured.html", "facts/months.html", "rankings/by_score.html"}) {
        CHECK_MESSAGE(fs::is_regular_file(out / file), file);
    }
    std::ifstream f(out / "measures/grant.html");
    std::stringstream page;
    page << f.rdbuf();
    CHECK(page.str().find("示例值") != std::string::npos);            // grant is a sample value
    CHECK(page.str().find("../parameters/min_months.html") != std::string::npos);  // through `insured`
    CHECK(page.str().find("no test checks this measure") != std::string::npos);
    fs::remove_all(out);
}
