// A YAML file holds one document: where a second one starts is found from the document
// markers, so that malformed input on which yaml-cpp's LoadAll never returns (found by the
// pack fuzzers) is an error or a pack, never a hang.

#include <doctest/doctest.h>

#include <string>

#include "rules/load/yaml_value.hpp"
#include "talentrules/rules/ruleset.hpp"

using talentrules::Position;
using talentrules::rules::detail::second_document_start;

TEST_CASE("a second YAML document is found at its marker, and only then") {
    CHECK_FALSE(second_document_start("a: 1\nb: 2\n"));
    CHECK_FALSE(second_document_start("---\na: 1\n"));
    CHECK_FALSE(second_document_start("# comment\n%YAML 1.2\n---\na: 1\n...\n# trailing comment\n"));
    CHECK_FALSE(second_document_start("a: |\n  ---\n  ...\n"));  // markers are not indented
    CHECK_FALSE(second_document_start("a: '---x'\n---x: 1\n"));  // `---x` is not a marker
    CHECK_FALSE(second_document_start(""));
    CHECK(second_document_start("a: 1\n---\nb: 2\n") == Position{3, 1});  // at its content
    CHECK(second_document_start("a: 1\n--- \n") == Position{2, 1});
    CHECK(second_document_start("a: 1\n...\nb: 2\n") == Position{3, 1});
    CHECK(second_document_start("--- a\n--- b\n") == Position{2, 1});
    CHECK(second_document_start("---\n---\n") == Position{2, 1});  // empty: at its marker
    CHECK(second_document_start("---\n...\n") == std::nullopt);
}

TEST_CASE("malformed pack text that made yaml-cpp's LoadAll spin ends in a diagnostic") {
    const char raw[] = "d:ae_gon( a, #itl,\0\x1f" "d: b}t\n,\0\x1f" "d: b";
    const std::string spin(raw, sizeof raw - 1);
    auto loaded = talentrules::rules::RuleSet::load_texts({{"pack.yaml", spin}});
    CHECK_FALSE(loaded.ruleset);
    CHECK_FALSE(loaded.diagnostics.empty());
}
