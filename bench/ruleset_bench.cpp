// Rule-pack benchmarks: loading and compiling the Liangping pack, and evaluating one
// applicant against all measures or against one. The one-measure case is run on the
// small test pack and on the Liangping pack: its cost should follow what the measure
// reads, not how big the pack is.

#include <benchmark/benchmark.h>
#include <malloc.h>

#include <fstream>
#include <sstream>

#include "talentrules/rules/ruleset.hpp"

namespace {

using namespace talentrules;

const std::string source_dir = TALENTRULES_SOURCE_DIR;

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::shared_ptr<const rules::RuleSet> load(const std::string& dir) {
    auto r = rules::RuleSet::load(source_dir + "/" + dir);
    if (!r.ok()) throw std::runtime_error(render(r.diagnostics));
    return r.ruleset;
}

void BM_LoadLiangpingPack(benchmark::State& state) {
    for (auto _ : state) {
        auto r = rules::RuleSet::load(source_dir + "/rules/liangping");
        benchmark::DoNotOptimize(r.ruleset);
    }
    // What a loaded pack keeps: heap in use (glibc's count) with it held, minus without.
    const auto before = mallinfo2().uordblks;
    auto held = rules::RuleSet::load(source_dir + "/rules/liangping");
    state.counters["pack_heap_KiB"] = double(mallinfo2().uordblks - before) / 1024.0;
}
BENCHMARK(BM_LoadLiangpingPack)->Unit(benchmark::kMillisecond);

void evaluate(benchmark::State& state, const std::string& dir, const std::string& profile_json,
              std::vector<std::string> measures, bool explain, bool would_change = false) {
    auto rs = load(dir);
    auto p = rs->parse_profile(profile_json);
    if (!p.ok()) throw std::runtime_error(render(p.diagnostics));
    rules::EvaluateOptions o;
    o.as_of = "2025-07-01";
    o.measures = std::move(measures);
    o.explain = explain;
    o.would_change = would_change;
    std::size_t questions = 0, changes = 0;
    for (auto _ : state) {
        auto report = rs->evaluate(*p.profile, o);
        questions = report.questions.size();
        changes = 0;
        for (const auto& d : report.decisions) changes += d.would_change.size();
        benchmark::DoNotOptimize(report);
    }
    state.counters["questions"] = double(questions);
    state.counters["changes"] = double(changes);
}

void BM_LiangpingAllMeasures(benchmark::State& state) {
    evaluate(state, "rules/liangping", read(source_dir + "/examples/applicants/P01.json"), {}, state.range(0) != 0);
}
BENCHMARK(BM_LiangpingAllMeasures)->Arg(0)->Arg(1)->ArgName("explain")->Unit(benchmark::kMicrosecond);

// The cost of the answers beyond the decisions: questions come from the decisions' missing
// facts (no evaluation); what would change a "no" re-evaluates failed conditions. Over the
// example applicants, which reach every outcome.
void BM_LiangpingAnswers(benchmark::State& state) {
    const char* profiles[] = {"P01", "P04", "X05-missing-insurance", "X21-skill-not-yet"};
    const std::string name = profiles[state.range(1)];
    evaluate(state, "rules/liangping", read(source_dir + "/examples/applicants/" + name + ".json"), {}, true,
             state.range(0) != 0);
    state.SetLabel(name);
}
BENCHMARK(BM_LiangpingAnswers)
    ->ArgsProduct({{0, 1}, {0, 1, 2, 3}})
    ->ArgNames({"would_change", "profile"})
    ->Unit(benchmark::kMicrosecond);

void BM_LiangpingOneMeasure(benchmark::State& state) {
    evaluate(state, "rules/liangping", read(source_dir + "/examples/applicants/P01.json"), {"M17-science-envoy"}, false);
}
BENCHMARK(BM_LiangpingOneMeasure)->Unit(benchmark::kMicrosecond);

void BM_MiniPackOneMeasure(benchmark::State& state) {
    evaluate(state, "tests/rules/packs/good/mini",
             R"({"birth_date":"1990-01-01","highest_degree":"硕士","honors":[],"insured_months":5,"owns_home":false})",
             {"loan"}, false);
}
BENCHMARK(BM_MiniPackOneMeasure)->Unit(benchmark::kMicrosecond);

void BM_ParseProfile(benchmark::State& state) {
    auto rs = load("rules/liangping");
    const std::string text = read(source_dir + "/examples/applicants/P01.json");
    for (auto _ : state) {
        auto p = rs->parse_profile(text);
        benchmark::DoNotOptimize(p);
    }
}
BENCHMARK(BM_ParseProfile)->Unit(benchmark::kMicrosecond);

}  // namespace
