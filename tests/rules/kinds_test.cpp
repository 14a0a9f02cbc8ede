// Kinds and fact types: parsed once on load, one spelling each way.

#include <doctest/doctest.h>

#include "talentrules/json.hpp"
#include "talentrules/rules/decision.hpp"
#include "talentrules/rules/ruleset.hpp"

using namespace talentrules;
using namespace talentrules::rules;

TEST_CASE("measure kinds read and write one spelling") {
    for (auto kind : {MeasureKind::automatic, MeasureKind::referral, MeasureKind::service, MeasureKind::ranked}) {
        CHECK(parse_measure_kind(to_string(kind)) == kind);
    }
    CHECK(to_string(MeasureKind::referral) == "referral");
    CHECK(!parse_measure_kind("Automatic").has_value());
    std::string json;
    append_json_string(json, MeasureKind::ranked);
    CHECK(json == "\"ranked\"");
}

TEST_CASE("condition kinds are spelled as in reports") {
    CHECK(to_string(ConditionKind::requires_) == "requires");
    CHECK(to_string(ConditionKind::refer) == "refer");
    CHECK(to_string(ConditionKind::service) == "service");
    CHECK(to_string(ConditionKind::amount) == "amount");
    CHECK(to_string(ConditionKind::effective) == "effective");
    CHECK(to_string(ConditionKind::exclusion) == "exclusion");
}

TEST_CASE("fact types parse into a base kind, an element and a category name") {
    CHECK(FactType::parse("int").kind == FactType::Kind::int_);
    CHECK(FactType::parse("datetime").kind == FactType::Kind::datetime);
    const auto nested = FactType::parse("list(map(degree))");
    REQUIRE(nested.kind == FactType::Kind::list);
    REQUIRE(nested.element.size() == 1);
    REQUIRE(nested.element[0].kind == FactType::Kind::map);
    CHECK(nested.element[0].element.at(0).kind == FactType::Kind::category);
    CHECK(nested.element[0].element.at(0).category == "degree");
    // Not a list: a (probably unknown) category the check reports as TR3007.
    CHECK(FactType::parse("list()").kind == FactType::Kind::category);
    CHECK(FactType::parse("list()").category == "list()");
}

TEST_CASE("the loader parses a measure's kind and rejects an unknown one") {
    auto ok = RuleSet::load_texts({{"pack.yaml", "pack: {id: p, title: p}\n"
                                                 "measures:\n"
                                                 "  - {id: a, title: a}\n"
                                                 "  - {id: b, title: b, kind: referral}\n"}});
    REQUIRE_MESSAGE(ok.ok(), render(ok.diagnostics));
    CHECK(ok.ruleset->pack().measures.at(0).kind == MeasureKind::automatic);
    CHECK(ok.ruleset->pack().measures.at(1).kind == MeasureKind::referral);
    auto profile = ok.ruleset->parse_profile("{}");
    REQUIRE(profile.ok());
    const auto report = ok.ruleset->evaluate(*profile.profile, {});
    CHECK(to_json(report).find("\"kind\":\"referral\"") != std::string::npos);

    auto bad = RuleSet::load_texts({{"pack.yaml", "pack: {id: p, title: p}\n"
                                                  "measures:\n"
                                                  "  - {id: a, title: a, kind: sometimes}\n"}});
    REQUIRE(!bad.ok());
    CHECK(bad.diagnostics.at(0).code == "TR3011");
    CHECK(bad.diagnostics.at(0).position.line == 3);
}

TEST_CASE("a parameter declared `type: date` is a timestamp, checked and evaluated") {
    auto ok = RuleSet::load_texts({{"pack.yaml", "pack: {id: p, title: p}\n"
                                                 "parameters:\n"
                                                 "  - {name: start, type: date, value: '2025-01-01'}\n"
                                                 "measures:\n"
                                                 "  - id: a\n"
                                                 "    title: a\n"
                                                 "    requires:\n"
                                                 "      - {id: started, title: s, when: 'params.start <= as_of'}\n"}});
    // As a string, `params.start <= as_of` would not type-check.
    REQUIRE_MESSAGE(ok.ok(), render(ok.diagnostics));
    auto profile = ok.ruleset->parse_profile("{}");
    REQUIRE(profile.ok());
    EvaluateOptions early, late;
    early.as_of = "2024-12-31";
    late.as_of = "2025-01-01";
    CHECK(ok.ruleset->evaluate(*profile.profile, early).decisions.at(0).outcome == Outcome::ineligible);
    CHECK(ok.ruleset->evaluate(*profile.profile, late).decisions.at(0).outcome == Outcome::eligible);
}

TEST_CASE("an unknown declared parameter or definition type is TR3007 at its element") {
    auto bad = RuleSet::load_texts({{"pack.yaml", "pack: {id: p, title: p}\n"
                                                  "parameters:\n"
                                                  "  - {name: start, type: dat, value: '2025-01-01'}\n"
                                                  "definitions:\n"
                                                  "  - {name: d, type: strin, value: \"'x'\"}\n"}});
    REQUIRE(!bad.ok());
    REQUIRE(bad.diagnostics.size() == 2);
    CHECK(bad.diagnostics[0].code == "TR3007");
    CHECK(bad.diagnostics[0].position.line == 3);
    CHECK(bad.diagnostics[0].message.find("'dat'") != std::string::npos);
    CHECK(bad.diagnostics[1].code == "TR3007");
    CHECK(bad.diagnostics[1].position.line == 5);
}
