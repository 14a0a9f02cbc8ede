// What POST /v1/check does without HTTP: parse the profile text, rules::check (decide and
// render the JSON report). bench/serve/bench.py compares the service's latency with it,
// measured in the same run.

#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "talentrules/rules/request.hpp"
#include "talentrules/rules/ruleset.hpp"

namespace {

using namespace talentrules;

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void BM_InProcessCheck(benchmark::State& state) {
    const std::string source = TALENTRULES_SOURCE_DIR;
    auto loaded = rules::RuleSet::load(source + "/rules/liangping");
    if (!loaded.ok()) throw std::runtime_error(render(loaded.diagnostics));
    const char* env = std::getenv("TALENTRULES_PROFILE");
    const std::string text = read(env ? env : source + "/examples/applicants/P01.json");
    rules::Request request{.as_of = "2025-07-01", .format = "json"};
    request.explain = state.range(0) != 0;
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto profile = loaded.ruleset->parse_profile(text, "body");
        if (!profile.ok()) throw std::runtime_error(render(profile.diagnostics));
        auto result = rules::check(*loaded.ruleset, *profile.profile, request);
        bytes = result.output.size();
        benchmark::DoNotOptimize(result);
    }
    state.counters["report_bytes"] = double(bytes);
}
BENCHMARK(BM_InProcessCheck)->Arg(0)->Arg(1)->ArgName("explain")->Unit(benchmark::kMicrosecond);

}  // namespace
