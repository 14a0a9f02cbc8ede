// The generated JSON Schemas (rules/json_schema.hpp) are well-formed JSON, spell what the
// engine spells, and follow the pack's schema. tests/cli/json_schema_test.py validates
// real outputs against them with python3-jsonschema.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "talentrules/json.hpp"
#include "talentrules/rules/decision.hpp"
#include "talentrules/rules/json_schema.hpp"
#include "talentrules/rules/ruleset.hpp"

using namespace talentrules;
using namespace talentrules::rules;
using nlohmann::json;

namespace {

std::shared_ptr<const RuleSet> liangping() {
    static auto loaded = RuleSet::load(std::string(TALENTRULES_SOURCE_DIR) + "/rules/liangping");
    REQUIRE(loaded.ok());
    return loaded.ruleset;
}

// Parsed by the project's own reader (it rejects what the portal's parser would), then
// by nlohmann for inspection.
json parse(const std::string& text) {
    JsonError error;
    REQUIRE_MESSAGE(value_from_json(text, &error).has_value(), error.message << " at " << error.line << ":" << error.column);
    return json::parse(text);
}

}  // namespace

TEST_CASE("the profile schema describes every fact of the pack") {
    const auto ruleset = liangping();
    const json s = parse(profile_json_schema(*ruleset));
    CHECK(s["$schema"] == "https://json-schema.org/draft/2020-12/schema");
    CHECK(s["additionalProperties"] == false);
    const json& props = s["properties"];
    for (const auto& fact : ruleset->pack().schema) {
        INFO(fact.name);
        REQUIRE(props.contains(fact.name));
        const json& p = props[fact.name];
        CHECK(p["title"] == fact.label.zh);
        CHECK(p.contains("x-absent") == static_cast<bool>(fact.absent));
        CHECK(p.value("x-fixed", false) == fact.fixed);
    }
    // null means absent; a category is its values.
    CHECK(props["highest_degree"]["enum"].back().is_null());
    CHECK(props["highest_degree"]["enum"].front() == "高中及以下");
    CHECK(props["birth_date"]["format"] == "date");
    CHECK(props["home_purchase"]["properties"]["date"]["format"] == "date");
    CHECK(props["home_purchase"]["additionalProperties"] == false);
    CHECK(props["honors"]["items"]["enum"].size() > 0);
    CHECK(props["honor_dates"]["additionalProperties"]["format"] == "date");
    CHECK(props["skill_level"]["x-absent"]["value"] == "无");
    CHECK(props["id"]["type"] == json::array({"string", "integer"}));
    // applicant_id is also a fact (a string): the value must be both, so never null.
    CHECK(props["applicant_id"]["allOf"][0]["type"] == json::array({"string", "integer"}));
}

TEST_CASE("the profile schema carries an int fact's range, and list items are never null") {
    auto loaded = RuleSet::load_texts({{"pack.yaml", "pack: {id: p, title: p, version: '1'}\n"
                                                     "schema:\n"
                                                     "  - {name: age, type: int, min: 16, max: 70, label: {zh: 年龄}}\n"
                                                     "  - {name: ages, type: list(int), label: {zh: 子女年龄}}\n"
                                                     "measures:\n"
                                                     "  - id: m\n"
                                                     "    title: m\n"
                                                     "    requires:\n"
                                                     "      - {id: r, title: r, when: 'applicant.age >= 18 && size(applicant.ages) >= 0'}\n"}});
    REQUIRE(loaded.ok());
    const json s = parse(profile_json_schema(*loaded.ruleset));
    CHECK(s["properties"]["age"]["minimum"] == 16);
    CHECK(s["properties"]["age"]["maximum"] == 70);
    CHECK_FALSE(s["properties"]["age"].contains("description"));  // no English label
    CHECK_FALSE(s["properties"]["ages"]["items"].contains("minimum"));
    CHECK(s["properties"]["ages"]["items"]["type"] == "integer");  // list items are never null
    const json r = parse(report_json_schema(*loaded.ruleset));
    CHECK(r["properties"]["decisions"]["items"]["properties"]["measure"]["enum"] == json::array({"m"}));
}

TEST_CASE("the report schema spells what the report writer spells") {
    const auto ruleset = liangping();
    const json s = parse(report_json_schema(*ruleset));
    CHECK(s["properties"]["report_version"]["const"] == report_version);
    const json& decision = s["properties"]["decisions"]["items"];
    const json& outcomes = decision["properties"]["outcome"]["enum"];
    REQUIRE(outcomes.size() == outcome_count);
    for (const auto& o : outcomes) CHECK(parse_outcome(o.get<std::string>()).has_value());
    const json& summary = s["properties"]["summary"];
    CHECK(summary["required"] == outcomes);
    for (const auto& k : decision["properties"]["kind"]["enum"]) CHECK(parse_measure_kind(k.get<std::string>()));
    CHECK(decision["properties"]["kind"]["enum"].size() == 4);
    CHECK(decision["properties"]["measure"]["enum"].size() == ruleset->pack().measures.size());
    const json& condition_kinds = decision["properties"]["explanation"]["items"]["properties"]["kind"]["enum"];
    CHECK(condition_kinds.front() == "requires");
    CHECK(condition_kinds.back() == std::string(to_string(ConditionKind::applies_to)));
    const json& change_kinds = decision["properties"]["would_change"]["items"]["properties"]["kind"]["enum"];
    CHECK(change_kinds.size() == 8);
    CHECK(change_kinds.back() == "fixed");
    // --brief leaves the explanation out; every other member is always written.
    const json& required = decision["required"];
    CHECK(std::find(required.begin(), required.end(), "explanation") == required.end());
    CHECK(std::find(required.begin(), required.end(), "would_change") != required.end());
    CHECK(std::find(required.begin(), required.end(), "process") != required.end());
    // The process: a nullable object whose items say their basis; --brief leaves the
    // documents out; instalment statuses are the writer's spellings.
    const json& process = decision["properties"]["process"]["anyOf"][0];
    const json& process_required = process["required"];
    CHECK(std::find(process_required.begin(), process_required.end(), "documents") == process_required.end());
    CHECK(std::find(process_required.begin(), process_required.end(), "payment") != process_required.end());
    const json& payment = process["properties"]["payment"]["anyOf"][0];
    CHECK(payment["properties"]["basis"]["enum"] == json::array({"real", "sample"}));
    const json& statuses = payment["properties"]["instalments"]["items"]["properties"]["status"]["enum"];
    REQUIRE(statuses.size() == 4);
    for (std::size_t i = 0; i < statuses.size(); ++i) {
        CHECK(statuses[i] == std::string(to_string(static_cast<InstalmentStatus>(i))));
    }
    CHECK(process["properties"]["window"]["anyOf"][0]["properties"]["months"]["items"]["maximum"] == 12);
}
