// libFuzzer target: profile parsing and validation against the Liangping pack's schema.
// The first byte chooses the syntax (even: JSON, odd: YAML); the rest is the profile.
// Malformed, oversized, deeply nested or non-UTF-8 profiles must end in TR5xxx
// diagnostics; accepted ones must serialise back to JSON that parses again.
//
//   cmake --preset fuzz && cmake --build --preset fuzz --target profile_fuzz
//   build/fuzz/tests/fuzz/profile_fuzz -dict=tests/fuzz/profile.dict \
//       -max_total_time=60 tests/fuzz/corpus/profile

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "talentrules/diagnostic.hpp"
#include "talentrules/json.hpp"
#include "talentrules/rules/ruleset.hpp"

namespace rules = talentrules::rules;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto loaded = rules::RuleSet::load(TALENTRULES_SOURCE_DIR "/rules/liangping");
    if (!loaded.ok()) std::abort();  // the pack itself must load
    if (size == 0) return 0;
    const bool yaml = data[0] & 1;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    auto p = loaded.ruleset->parse_profile(text, yaml ? "p.yaml" : "p.json", yaml);
    (void)talentrules::render(p.diagnostics, text);
    if (p.ok()) {
        // The canonical form is JSON the parser takes back.
        if (!talentrules::value_from_json(p.profile->canonical_json)) std::abort();
    }
    // The plain JSON reader on its own, with its default limits.
    talentrules::JsonError error;
    if (auto v = talentrules::value_from_json(text, &error)) (void)talentrules::value_to_json(*v);
    return 0;
}
