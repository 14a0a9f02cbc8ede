// The field tables: did-you-mean suggestions, the loader's use of them, and the
// generated field reference in docs/RULES.md.

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "rules/load/fields.hpp"
#include "talentrules/rules/ruleset.hpp"

using namespace talentrules;
using namespace talentrules::rules;
using namespace talentrules::rules::detail;

TEST_CASE("the element table is in enum order and names unique fields") {
    std::size_t i = 0;
    for (const auto& spec : element_specs()) {
        CHECK(static_cast<std::size_t>(spec.element) == i++);
        CHECK(&element_spec(spec.element) == &spec);
        for (std::size_t a = 0; a < spec.fields.size(); ++a) {
            for (std::size_t b = a + 1; b < spec.fields.size(); ++b) CHECK(spec.fields[a].name != spec.fields[b].name);
        }
    }
}

TEST_CASE("a misspelt key suggests the closest field of its element") {
    CHECK(closest_field(Element::measure, "requirse") == "requires");  // a swap counts once
    CHECK(closest_field(Element::measure, "servces") == "services");
    CHECK(closest_field(Element::service, "wen") == "when");
    CHECK(closest_field(Element::fact, "nmae") == "name");
    CHECK(closest_field(Element::measure, "amount_text").empty());  // too far from anything
    CHECK(closest_field(Element::period, "at").empty());          // short keys never guess
    CHECK(closest_field(Element::ranking, "tiebreak") == "tie_break");
}

TEST_CASE("the loader reports an unknown key with TR3002, its position and a suggestion") {
    auto loaded = RuleSet::load_texts({{"pack.yaml", "pack: {id: p, title: p}\n"
                                                     "measures:\n"
                                                     "  - id: m\n"
                                                     "    title: m\n"
                                                     "    services:\n"
                                                     "      - {name: s, wehn: 'true'}\n"}});
    REQUIRE(loaded.diagnostics.size() == 1);
    const auto& d = loaded.diagnostics[0];
    CHECK(d.code == "TR3002");
    CHECK(d.position.line == 6);
    CHECK(d.position.column == 19);
    CHECK(d.message.find("did you mean 'when'?") != std::string::npos);

    // A missing required key is TR3004, from the same table.
    auto missing = RuleSet::load_texts({{"pack.yaml", "pack: {title: p}\n"}});
    REQUIRE(!missing.diagnostics.empty());
    CHECK(missing.diagnostics[0].code == "TR3004");
    CHECK(missing.diagnostics[0].message == "pack needs 'id'");
}

TEST_CASE("docs/RULES.md field reference matches the field table") {
    const std::string path = std::string(TALENTRULES_SOURCE_DIR) + "/docs/RULES.md";
    std::string doc;
    {
        std::ifstream in(path, std::ios::binary);
        REQUIRE(in);
        std::ostringstream s;
        s << in.rdbuf();
        doc = s.str();
    }
    const std::string begin = "<!-- fields:begin -->\n", end = "<!-- fields:end -->";
    const auto b = doc.find(begin);
    const auto e = doc.find(end);
    REQUIRE_MESSAGE(b != std::string::npos, "docs/RULES.md lacks the marker " << begin);
    REQUIRE_MESSAGE(e != std::string::npos, "docs/RULES.md lacks the marker " << end);
    REQUIRE(b < e);
    const std::size_t from = b + begin.size();
    const std::string current = doc.substr(from, e - from);
    const std::string generated = fields_markdown();
    const char* update = std::getenv("TALENTRULES_UPDATE_DOCS");
    if (update && std::string(update) == "1" && current != generated) {
        doc.replace(from, e - from, generated);
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << doc;
        MESSAGE("rewrote the field reference in " << path);
        return;
    }
    CHECK_MESSAGE(current == generated,
                  "docs/RULES.md's field reference differs from lib/rules/load/fields.cpp; regenerate it with "
                  "TALENTRULES_UPDATE_DOCS=1 build/debug/tests/talentrules_tests -tc='docs/RULES.md*' and commit the "
                  "result");
}
