// Expressions in a pack's context: categories order string literals, definitions and
// parameters resolve, the profile's facts are read; errors point into the expression.

#include "talentrules/rules/pack_eval.hpp"

#include <doctest/doctest.h>

using namespace talentrules::rules;

namespace {

std::shared_ptr<const RuleSet> pack() {
    static auto loaded = RuleSet::load_texts({{"pack.yaml", R"yaml(pack: {id: p, title: t}
categories:
  - {name: degree, ordered: true, values: [本科, 硕士, 博士]}
  - {name: colour, values: [红, 绿]}
schema:
  - {name: degree, type: degree, label: {zh: 学历, en: Degree}}
parameters:
  - {name: limit, value: 40}
definitions:
  - {name: doubled, value: "params.limit * 2"}
)yaml"}});
    REQUIRE(loaded.ok());
    return loaded.ruleset;
}

std::string eval(const std::string& expr, const std::string& profile = "{}") {
    const auto r = evaluate_in_pack(*pack(), expr, profile, "p.json", false, {.as_of = "2025-07-01"});
    if (!r.ok()) return "error " + r.diagnostics.front().code;
    return r.value.to_cel();
}

}  // namespace

TEST_CASE("evaluate_in_pack: the pack's categories, definitions, parameters and facts") {
    CHECK(eval(R"("博士" >= "硕士")") == "true");
    CHECK(eval(R"("本科" > "硕士")") == "false");
    CHECK(eval(R"("a" < "b")") == "true");  // in no category: compared as strings
    CHECK(eval("doubled + params.limit") == "120");
    CHECK(eval(R"(applicant.degree >= "硕士")", R"({"degree":"博士"})") == "true");
    CHECK(eval("nosuch > 1") == "error TR2001");
    CHECK(eval("1 +") == "error TR1001");
    CHECK(eval("1", R"({"shoe_size":42})").starts_with("error TR5"));
}
