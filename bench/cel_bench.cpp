// Micro-benchmarks of the CEL layer: compiling a typical rule condition, and evaluating
// compiled programs against a prepared Activation (the per-applicant cost of a rule).
//
//   cmake --preset release -DTALENTRULES_BENCH=ON && cmake --build --preset release --target cel_bench
//   build/release/bench/cel_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "talentrules/cel/program.hpp"

namespace cel = talentrules::cel;

namespace {

constexpr std::string_view condition = R"(applicant.degree in ["硕士", "博士"] && applicant.age <= 40)";

std::shared_ptr<const cel::Env> applicant_fields_env() {
    return cel::EnvBuilder()
        .add_variable("applicant.degree", cel::Type::string())
        .add_variable("applicant.age", cel::Type::int64())
        .build();
}

std::shared_ptr<const cel::Program> compile_or_die(std::string_view text,
                                                   const std::shared_ptr<const cel::Env>& env,
                                                   benchmark::State& state) {
    auto compiled = cel::compile(text, env);
    if (!compiled.ok()) {
        state.SkipWithError(talentrules::render(compiled.diagnostics, text).c_str());
        return nullptr;
    }
    return compiled.program;
}

// Runs `program` in a loop; checks once, outside the timing, that it gives `expected`.
void run_eval(benchmark::State& state, const cel::Program& program,
              const cel::Activation& activation, const cel::Value& expected) {
    const cel::Value first = program.evaluate(activation);
    if (!first.identical(expected)) {
        state.SkipWithError(("unexpected result " + first.to_cel()).c_str());
        return;
    }
    for (auto _ : state) {
        cel::Value v = program.evaluate(activation);
        benchmark::DoNotOptimize(v);
    }
    state.SetItemsProcessed(state.iterations());
}

// Parse + check + compile of the typical condition.
void BM_CompileCondition(benchmark::State& state) {
    auto env = applicant_fields_env();
    for (auto _ : state) {
        auto compiled = cel::compile(condition, env);
        if (!compiled.ok()) {
            state.SkipWithError(talentrules::render(compiled.diagnostics, condition).c_str());
            break;
        }
        benchmark::DoNotOptimize(compiled.program);
    }
}
BENCHMARK(BM_CompileCondition);

// The condition over two typed variables `applicant.degree` (string), `applicant.age` (int).
void BM_EvalCondition_Fields(benchmark::State& state) {
    auto env = applicant_fields_env();
    auto program = compile_or_die(condition, env, state);
    if (!program) return;
    cel::Activation activation(env);
    activation.set("applicant.degree", cel::Value::string("硕士"));
    activation.set("applicant.age", cel::Value(std::int64_t{35}));
    run_eval(state, *program, activation, cel::Value(true));
}
BENCHMARK(BM_EvalCondition_Fields);

// The same condition with `applicant` one map(string, dyn) variable (as a JSON profile).
void BM_EvalCondition_Map(benchmark::State& state) {
    auto env = cel::EnvBuilder()
                   .add_variable("applicant", cel::Type::map(cel::Type::string(), cel::Type::dyn()))
                   .build();
    auto program = compile_or_die(condition, env, state);
    if (!program) return;
    std::vector<cel::Map::Entry> entries;
    entries.emplace_back(cel::Value::string("name"), cel::Value::string("张三"));
    entries.emplace_back(cel::Value::string("degree"), cel::Value::string("硕士"));
    entries.emplace_back(cel::Value::string("age"), cel::Value(std::int64_t{35}));
    entries.emplace_back(cel::Value::string("years_in_district"), cel::Value(std::int64_t{6}));
    entries.emplace_back(cel::Value::string("industry"), cel::Value::string("医疗卫生"));
    cel::Activation activation(env);
    activation.set("applicant", cel::Value::map(*cel::Map::make(std::move(entries))));
    run_eval(state, *program, activation, cel::Value(true));
}
BENCHMARK(BM_EvalCondition_Map);

// Rebinding both facts, then evaluating: the per-applicant cost when profiles stream by.
void BM_BindAndEvalCondition(benchmark::State& state) {
    auto env = applicant_fields_env();
    auto program = compile_or_die(condition, env, state);
    if (!program) return;
    const cel::Value degree = cel::Value::string("博士");
    cel::Activation activation(env);
    std::int64_t age = 30;
    for (auto _ : state) {
        activation.clear();
        activation.set("applicant.degree", degree);
        activation.set("applicant.age", cel::Value(age));
        age = age == 45 ? 30 : age + 1;
        cel::Value v = program->evaluate(activation);
        benchmark::DoNotOptimize(v);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BindAndEvalCondition);

// Integer arithmetic and a comparison over one int variable.
void BM_EvalArithmetic(benchmark::State& state) {
    auto env = cel::EnvBuilder().add_variable("x", cel::Type::int64()).build();
    auto program = compile_or_die("(x + 3) * 2 - x / 7 % 5 > 100", env, state);
    if (!program) return;
    cel::Activation activation(env);
    activation.set("x", cel::Value(std::int64_t{123}));
    run_eval(state, *program, activation, cel::Value(true));
}
BENCHMARK(BM_EvalArithmetic);

// A string member function.
void BM_EvalStartsWith(benchmark::State& state) {
    auto env = cel::EnvBuilder().add_variable("s", cel::Type::string()).build();
    auto program = compile_or_die(R"(s.startsWith("重庆市梁平区"))", env, state);
    if (!program) return;
    cel::Activation activation(env);
    activation.set("s", cel::Value::string("重庆市梁平区双桂街道"));
    run_eval(state, *program, activation, cel::Value(true));
}
BENCHMARK(BM_EvalStartsWith);

// The map() macro over a 10-element list, then an index: a comprehension and a list build.
void BM_EvalMapMacro10(benchmark::State& state) {
    auto env = cel::EnvBuilder().add_variable("l", cel::Type::list(cel::Type::int64())).build();
    auto program = compile_or_die("l.map(i, i * 2)[9]", env, state);
    if (!program) return;
    cel::List items;
    for (std::int64_t i = 0; i < 10; ++i) items.emplace_back(i);
    cel::Activation activation(env);
    activation.set("l", cel::Value::list(std::move(items)));
    run_eval(state, *program, activation, cel::Value(std::int64_t{18}));
}
BENCHMARK(BM_EvalMapMacro10);

}  // namespace
