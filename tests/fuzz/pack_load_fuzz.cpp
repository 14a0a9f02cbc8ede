// libFuzzer target: the input is one YAML pack file, loaded through the same path as a
// folder (RuleSet::load_texts): YAML parse, the alias/depth/duplicate-key walk, the
// document reader, checking and compiling every expression. A pack that loads is then
// evaluated once against a small profile. Bad packs must only ever give diagnostics.
//
//   cmake --preset fuzz && cmake --build --preset fuzz --target pack_load_fuzz
//   build/fuzz/tests/fuzz/pack_load_fuzz -dict=tests/fuzz/pack_load.dict \
//       -max_total_time=60 tests/fuzz/corpus/pack_load

#include <cstddef>
#include <cstdint>
#include <string>

#include "talentrules/diagnostic.hpp"
#include "talentrules/rules/ruleset.hpp"

namespace rules = talentrules::rules;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rules::LoadOptions options;
    options.max_pack_bytes = 1 << 20;
    options.max_yaml_nodes = 50'000;  // keeps every input in milliseconds
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto loaded = rules::RuleSet::load_texts({{"pack.yaml", text}}, options);
    (void)talentrules::render(loaded.diagnostics, text);
    if (!loaded.ok()) return 0;
    const auto& rs = *loaded.ruleset;
    (void)rs.graph_dot();
    for (const char* profile : {"{}", R"({"birth_date": "1990-02-28", "highest_degree": "硕士", "age": 30})"}) {
        auto p = rs.parse_profile(profile);
        if (!p.ok()) continue;
        rules::EvaluateOptions eo;
        eo.as_of = "2025-07-01";
        const auto report = rs.evaluate(*p.profile, eo);
        (void)rules::to_json(report);
        (void)rules::to_text(report, "en");
    }
    return 0;
}
