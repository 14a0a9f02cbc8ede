// The CEL extension libraries in a rule pack's expressions (docs/CEL.md): an optional
// field with a default and a two-variable comprehension check when the pack loads and
// decide measures like any other condition.

#include <doctest/doctest.h>

#include "talentrules/rules/ruleset.hpp"

using namespace talentrules;
using namespace talentrules::rules;

namespace {

const std::string pack = R"yaml(pack: {id: ext, title: extension libraries}
schema:
  - {name: age, type: int}
  - {name: honors, type: list(string)}
  - name: home
    type: object
    fields:
      - {name: price, type: number}
measures:
  - id: m
    title: m
    requires:
      - {id: cheap, title: cheap home or none, when: "applicant.home.?price.orValue(0.0) < 100.0"}
      - {id: first, title: the first honor is a prize, when: "applicant.honors.exists(i, h, i == 0 && h.lowerAscii().endsWith('prize'))"}
      - {id: adult, title: adult, when: "math.greatest(applicant.age, 0) >= 18"}
    amount: "size(applicant.honors.transformList(i, h, h.trim()).filter(h, h != ''))"
)yaml";

Outcome decide(const RuleSet& rs, const std::string& profile) {
    auto p = rs.parse_profile(profile);
    REQUIRE_MESSAGE(p.ok(), profile);
    EvaluateOptions eo;
    eo.as_of = "2025-07-01";
    eo.measures = {"m"};
    auto report = rs.evaluate(*p.profile, eo);
    REQUIRE(report.decisions.size() == 1);
    return report.decisions[0].outcome;
}

}  // namespace

TEST_CASE("extension functions, optionals and two-variable comprehensions in a pack") {
    auto loaded = RuleSet::load_texts({{"pack.yaml", pack}});
    REQUIRE_MESSAGE(loaded.ok(), render(loaded.diagnostics));
    const RuleSet& rs = *loaded.ruleset;
    CHECK(decide(rs, R"({"age": 30, "honors": ["Nobel PRIZE", " x "], "home": {"price": 50}})") ==
          Outcome::eligible);
    // No home: the optional field takes its default.
    CHECK(decide(rs, R"({"age": 30, "honors": ["Nobel PRIZE"], "home": {}})") == Outcome::eligible);
    CHECK(decide(rs, R"({"age": 30, "honors": ["x", "Nobel PRIZE"], "home": {"price": 50}})") ==
          Outcome::ineligible);
    CHECK(decide(rs, R"({"age": 30, "honors": ["prize"], "home": {"price": 500}})") == Outcome::ineligible);
}
