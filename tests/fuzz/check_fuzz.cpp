// libFuzzer target: a whole `talentrules check` and `batch` line against the Liangping
// pack: profile (JSON) -> validation -> every measure decided -> JSON and text reports
// in both languages; and the same bytes as a batch line (one record, never a crash).
//
//   cmake --preset fuzz && cmake --build --preset fuzz --target check_fuzz
//   build/fuzz/tests/fuzz/check_fuzz -dict=tests/fuzz/profile.dict \
//       -max_total_time=60 tests/fuzz/corpus/check

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "talentrules/rules/batch.hpp"
#include "talentrules/rules/ruleset.hpp"

namespace rules = talentrules::rules;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto loaded = rules::RuleSet::load(TALENTRULES_SOURCE_DIR "/rules/liangping");
    if (!loaded.ok()) std::abort();
    const auto& rs = *loaded.ruleset;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto p = rs.parse_profile(text, "p.json");
    if (p.ok()) {
        for (const char* as_of : {"2025-07-01", "2021-01-01"}) {
            rules::EvaluateOptions eo;
            eo.as_of = as_of;
            const auto report = rs.evaluate(*p.profile, eo);
            if (report.decisions.empty()) std::abort();  // every measure gets a decision
            (void)rules::to_json(report);
            (void)rules::to_json(report, false);
            (void)rules::to_text(report, "zh");
            (void)rules::to_text(report, "en", false);
        }
    }
    rules::BatchOptions bo;
    bo.as_of = "2025-07-01";
    bool is_error = false;
    const std::string line = rules::batch_line(rs, bo, text, 1, &is_error);
    if (line.empty() || line.find('\n') != std::string::npos) std::abort();  // exactly one record
    if (is_error != !p.ok() && text.find('\n') == std::string_view::npos &&
        (text.empty() || text.back() != '\r')) {
        std::abort();  // batch and check agree on what is a bad profile
    }
    return 0;
}
