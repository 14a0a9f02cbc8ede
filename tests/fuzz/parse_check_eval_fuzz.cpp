// libFuzzer target: any byte string goes through parse -> check -> compile -> evaluate
// (and, when the checker rejects it, parse -> compile_unchecked -> evaluate), with
// evaluation limits small enough that every input finishes in milliseconds. Crashes,
// sanitizer reports, failed asserts and timeouts are bugs in the library: bad input
// must only ever produce diagnostics or error values.
//
//   cmake --preset fuzz && cmake --build --preset fuzz --target parse_check_eval_fuzz
//   build/fuzz/tests/fuzz/parse_check_eval_fuzz -dict=tests/fuzz/cel.dict \
//       -max_total_time=60 tests/fuzz/corpus/parse_check_eval

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "talentrules/cel/parser.hpp"
#include "talentrules/cel/program.hpp"
#include "talentrules/diagnostic.hpp"
#include "talentrules/json.hpp"

namespace cel = talentrules::cel;

namespace {

// One variable of each shape the checker and the runtime treat differently, plus `u`,
// declared but never bound, which evaluates to an unknown.
std::shared_ptr<const cel::Env> make_env() {
    return cel::EnvBuilder()
        .add_variable("x", cel::Type::int64())
        .add_variable("n", cel::Type::uint64())
        .add_variable("y", cel::Type::dbl())
        .add_variable("s", cel::Type::string())
        .add_variable("b", cel::Type::boolean())
        .add_variable("l", cel::Type::list(cel::Type::int64()))
        .add_variable("m", cel::Type::map(cel::Type::string(), cel::Type::dyn()))
        .add_variable("d", cel::Type::dyn())
        .add_variable("u", cel::Type::dyn())
        .add_variable("applicant.age", cel::Type::int64())
        .add_variable("applicant.degree", cel::Type::string())
        .build();
}

cel::Activation make_activation(const std::shared_ptr<const cel::Env>& env) {
    cel::Activation a(env);
    a.set("x", cel::Value(std::int64_t{-7}));
    a.set("n", cel::Value(std::uint64_t{42}));
    a.set("y", cel::Value(2.5));
    a.set("s", cel::Value::string("梁平 talent"));
    a.set("b", cel::Value(true));
    a.set("l", cel::Value::list({cel::Value(1), cel::Value(2), cel::Value(3)}));
    std::vector<cel::Map::Entry> entries;
    entries.emplace_back(cel::Value::string("k"), cel::Value(1));
    entries.emplace_back(cel::Value::string("list"), cel::Value::list({cel::Value::string("a")}));
    a.set("m", cel::Value::map(*cel::Map::make(std::move(entries))));
    a.set("d", cel::Value::string("dyn"));
    a.set("applicant.age", cel::Value(std::int64_t{35}));
    a.set("applicant.degree", cel::Value::string("硕士"));
    a.set_missing_unknown(true);
    return a;
}

void evaluate(const cel::CompileResult& compiled, const cel::Activation& activation,
              std::string_view text) {
    if (!compiled.ok()) {
        (void)talentrules::render(compiled.diagnostics, text);
        return;
    }
    cel::EvalLimits limits;
    limits.max_cost = 20'000;
    limits.max_collection_size = 1'000;
    limits.max_string_bytes = 1 << 16;
    const cel::Value result = compiled.program->evaluate(activation, limits);
    (void)result.to_cel();
    (void)talentrules::value_to_json(result);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Built once, immutable afterwards (Env and a bound Activation are read-only here).
    static const std::shared_ptr<const cel::Env> env = make_env();
    static const cel::Activation activation = make_activation(env);

    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = cel::parse(text);
    if (!parsed.ok()) {
        (void)talentrules::render(parsed.diagnostics, text);
        return 0;
    }
    auto checked = cel::check(std::move(*parsed.expr), *env);
    if (checked.ok()) {
        evaluate(cel::Program::compile(std::move(*checked.expr), env), activation, text);
        return 0;
    }
    (void)talentrules::render(checked.diagnostics, text);
    // Ill-typed, so run it dynamically instead: the checker took the tree, parse again.
    auto reparsed = cel::parse(text);
    if (reparsed.ok()) {
        evaluate(cel::Program::compile_unchecked(std::move(*reparsed.expr), env), activation,
                 text);
    }
    return 0;
}
