// Evaluation semantics through the public API: parse -> check -> compile -> evaluate.

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "talentrules/cel/parser.hpp"
#include "talentrules/cel/program.hpp"

using namespace talentrules;
using namespace talentrules::cel;

namespace {

std::shared_ptr<const Env> applicant_env() {
    return EnvBuilder()
        .add_variable("applicant.degree", Type::string())
        .add_variable("applicant.age", Type::int64())
        .add_variable("m", Type::map(Type::string(), Type::dyn()))
        .add_variable("xs", Type::list(Type::int64()))
        .build();
}

Value run(std::string_view text, const std::shared_ptr<const Env>& env, const Activation& act) {
    auto compiled = compile(text, env);
    REQUIRE_MESSAGE(compiled.ok(), render(compiled.diagnostics, text));
    return compiled.program->evaluate(act);
}

Value run(std::string_view text) {
    auto env = EnvBuilder().build();
    Activation act(env);
    return run(text, env, act);
}

}  // namespace

TEST_CASE("typical rule condition") {
    auto env = applicant_env();
    Activation act(env);
    act.set("applicant.degree", Value::string("硕士"));
    act.set("applicant.age", Value(std::int64_t{35}));
    CHECK(run(R"(applicant.degree in ["硕士", "博士"] && applicant.age <= 40)", env, act).identical(Value(true)));
    act.set("applicant.age", Value(std::int64_t{41}));
    CHECK(run(R"(applicant.degree in ["硕士", "博士"] && applicant.age <= 40)", env, act).identical(Value(false)));
}

TEST_CASE("logical operators absorb errors where the other side decides") {
    CHECK(run("false && (1 / 0 == 1)").identical(Value(false)));
    CHECK(run("(1 / 0 == 1) && false").identical(Value(false)));
    CHECK(run("true || (1 / 0 == 1)").identical(Value(true)));
    CHECK(run("(1 / 0 == 1) || true").identical(Value(true)));
    CHECK(run("(1 / 0 == 1) || false").is_error());
    CHECK(run("true ? 1 : 1 / 0").identical(Value(std::int64_t{1})));
}

TEST_CASE("runtime errors are values, not crashes") {
    CHECK(run("1 / 0").is_error());
    CHECK(run("9223372036854775807 + 1").is_error());
    CHECK(run("[1, 2][5]").is_error());
    CHECK(run("{'a': 1}['b']").is_error());
    CHECK(run("-9223372036854775808 / -1").is_error());
}

TEST_CASE("macros") {
    CHECK(run("[1, 2, 3].all(x, x > 0)").identical(Value(true)));
    CHECK(run("[1, 2, 3].exists(x, x == 2)").identical(Value(true)));
    CHECK(run("[1, 2, 3].exists_one(x, x > 1)").identical(Value(false)));
    CHECK(run("[1, 2, 3].map(x, x * 2) == [2, 4, 6]").identical(Value(true)));
    CHECK(run("[1, 2, 3].map(x, x > 1, x * 10) == [20, 30]").identical(Value(true)));
    CHECK(run("[1, 2, 3, 4].filter(x, x % 2 == 0) == [2, 4]").identical(Value(true)));
    CHECK(run("{'a': 1, 'b': 2}.all(k, k in ['a', 'b'])").identical(Value(true)));
    CHECK(run("[1, 2].exists(x, x / 0 == 1) ").is_error());
    CHECK(run("[0, 1].exists(x, 1 / x == 1)").identical(Value(true)));
    CHECK(run("has({'a': 1}.a) && !has({'a': 1}.b)").identical(Value(true)));
}

TEST_CASE("missing facts are unknowns when the activation says so") {
    auto env = applicant_env();
    Activation act(env);
    act.set_missing_unknown(true);
    act.set("applicant.age", Value(std::int64_t{50}));
    // The age already decides: the degree is not asked for.
    CHECK(run(R"(applicant.degree == "博士" && applicant.age <= 40)", env, act).identical(Value(false)));
    Value u = run(R"(applicant.degree == "博士" && applicant.age >= 40)", env, act);
    REQUIRE(u.is_unknown());
    CHECK(u.unknowns() == UnknownSet{"applicant.degree"});
}

TEST_CASE("unbound variables are errors without the unknown mode") {
    auto env = applicant_env();
    Activation act(env);
    CHECK(run("applicant.age > 1", env, act).is_error());
}

TEST_CASE("cost limit bounds exploding comprehensions") {
    auto env = EnvBuilder().build();
    Activation act(env);
    auto compiled = compile(
        "[1,2,3,4,5,6,7,8,9,10].map(a, [1,2,3,4,5,6,7,8,9,10].map(b, [1,2,3,4,5,6,7,8,9,10]"
        ".map(c, [1,2,3,4,5,6,7,8,9,10].map(d, [1,2,3,4,5,6,7,8,9,10].map(e, [1,2,3,4,5,6,7,8,9,10]"
        ".map(f, a + b + c + d + e + f))))))",
        env);
    REQUIRE(compiled.ok());
    EvalLimits limits;
    limits.max_cost = 10'000;
    Value v = compiled.program->evaluate(act, limits);
    REQUIRE(v.is_error());
    CHECK(v.error_message().find("cost") != std::string::npos);
}

TEST_CASE("constant subtrees are folded, variables are not") {
    auto env = applicant_env();
    Activation act(env);
    act.set("applicant.age", Value(std::int64_t{3}));
    CHECK(run("applicant.age + (2 * 3)", env, act).identical(Value(std::int64_t{9})));
}

TEST_CASE("a program is shared by threads") {
    auto env = applicant_env();
    auto compiled = compile(R"(applicant.degree in ["硕士", "博士"] && applicant.age <= 40)", env);
    REQUIRE(compiled.ok());
    auto program = compiled.program;
    std::vector<std::thread> threads;
    std::atomic<int> wrong{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            Activation act(env);
            for (int i = 0; i < 2000; ++i) {
                act.set("applicant.degree", Value::string(i % 2 ? "硕士" : "本科"));
                act.set("applicant.age", Value(std::int64_t{30 + t}));
                Value v = program->evaluate(act);
                if (!v.is_bool() || v.as_bool() != (i % 2 == 1)) ++wrong;
            }
        });
    }
    for (auto& th : threads) th.join();
    CHECK(wrong == 0);
}

TEST_CASE("has() on a declared qualified variable tests whether it is supplied") {
    auto env = applicant_env();
    Activation act(env);
    act.set_missing_unknown(true);
    act.set("applicant.age", Value(std::int64_t{30}));
    CHECK(run("has(applicant.age)", env, act).identical(Value(true)));
    CHECK(run("has(applicant.degree)", env, act).identical(Value(false)));
    CHECK(run("has(applicant.degree) && applicant.degree == 'x' ? 1 : 0", env, act).identical(Value(std::int64_t{0})));
}
