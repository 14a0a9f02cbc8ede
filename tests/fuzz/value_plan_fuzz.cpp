// libFuzzer target: the value plan (`batch --values`' typed path) against the general path.
// The first byte picks a pack, the rest is a profile line. Whenever the plan takes the line,
// its record must be byte-identical to batch_line's; a line it declines is the general
// path's to answer. What this searches for: a line the plan should have declined (a
// duplicate key, a value out of range or of another type, an escape, trailing bytes) but
// answered, or a table that answers differently from the expression it replaced.
//
//   cmake --preset fuzz && cmake --build --preset fuzz --target value_plan_fuzz
//   build/fuzz/tests/fuzz/value_plan_fuzz -dict=tests/fuzz/value_plan.dict \
//       -max_total_time=60 tests/fuzz/corpus/value_plan

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "talentrules/rules/batch.hpp"
#include "talentrules/rules/ruleset.hpp"
#include "talentrules/rules/value_plan.hpp"

namespace rules = talentrules::rules;

namespace {

struct Case {
    std::shared_ptr<const rules::RuleSet> ruleset;
    rules::BatchOptions options;
    std::shared_ptr<const rules::ValuePlan> plan;
};

Case make(const char* dir, std::vector<std::string> values) {
    auto loaded = rules::RuleSet::load(std::string(TALENTRULES_SOURCE_DIR) + dir);
    if (!loaded.ok()) std::abort();
    Case c;
    c.ruleset = loaded.ruleset;
    c.options.as_of = "2025-07-01";
    c.options.values = std::move(values);
    c.plan = rules::ValuePlan::compile(*c.ruleset, c.options.values, c.options.as_of);
    if (!c.plan->fast()) std::abort();
    return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::vector<Case> cases = {
        make("/bench/workload", {"tier", "settle_subsidy", "apartment_eligible", "apartment_score",
                                 "medical_green_channel", "rent_subsidy"}),
        make("/tests/rules/packs/good/typed-shapes", {"flags", "level", "score", "uses", "zcmp", "zraw", "wcap", "sum"}),
    };
    if (size == 0) return 0;
    const Case& c = cases[data[0] % cases.size()];
    const std::string_view line(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::string fast;
    if (c.plan->append_record(line, fast)) {
        if (fast != rules::batch_line(*c.ruleset, c.options, line, 1)) std::abort();
    } else if (!fast.empty()) {
        std::abort();  // a declined line appends nothing
    }
    return 0;
}
