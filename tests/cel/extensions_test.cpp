// The extension libraries (docs/CEL.md): functions that build strings are bounded by
// EvalLimits before they build (join, replace, format, split), and the extension syntax
// (optional values, two-variable comprehensions, cel.bind) goes through check, compile
// and evaluate. Semantics in depth are the cel-spec cases (ctest conformance_ext).

#include <doctest/doctest.h>

#include <string>

#include "talentrules/cel/program.hpp"

using namespace talentrules::cel;

namespace {

Value run(const std::string& text, const EvalLimits& limits = {}) {
    auto env = EnvBuilder().build();
    auto compiled = compile(text, env);
    REQUIRE_MESSAGE(compiled.ok(), text);
    Activation act(env);
    return compiled.program->evaluate(act, limits);
}

// A string variable, so nothing is folded at compile time with the default limits.
Value run_with(const std::string& text, const std::string& s, const EvalLimits& limits) {
    EnvBuilder b;
    b.add_variable("s", Type::string());
    auto env = b.build();
    auto compiled = compile(text, env);
    REQUIRE_MESSAGE(compiled.ok(), text);
    Activation act(env);
    act.set("s", Value::string(s));
    return compiled.program->evaluate(act, limits);
}

bool refused_as_too_long(const Value& v) {
    return v.is_error() && v.error_message().find("longer than") != std::string::npos;
}

}  // namespace

TEST_CASE("string builders refuse a result over max_string_bytes before building it") {
    EvalLimits limits;
    limits.max_string_bytes = 1000;
    const std::string kb(600, 'x');
    CHECK(refused_as_too_long(run_with("[s, s].join()", kb, limits)));
    CHECK(refused_as_too_long(run_with("[s, s].join('-')", kb, limits)));
    CHECK(refused_as_too_long(run_with("s.replace('x', 'yy')", kb, limits)));
    CHECK(refused_as_too_long(run_with("s.replace('', 'y')", kb, limits)));
    CHECK(refused_as_too_long(run_with("'%s%s'.format([s, s])", kb, limits)));
    CHECK(refused_as_too_long(run_with("'%s'.format([[s, s]])", kb, limits)));
    // Within the limit they build as usual.
    CHECK(run_with("[s, s].join().size()", std::string(400, 'x'), limits).identical(Value(std::int64_t{800})));
    CHECK(run_with("s.replace('x', 'yy', 2).size()", kb, limits).identical(Value(std::int64_t{602})));
}

TEST_CASE("string builders are charged by what they build") {
    EvalLimits limits;
    limits.max_cost = 100;
    // 64 KiB built: about 1,000 units, far over a budget of 100.
    const Value v = run_with("[s, s].join()", std::string(32 * 1024, 'x'), limits);
    REQUIRE(v.is_error());
    CHECK(v.error_message().find("cost") != std::string::npos);
    // split is bounded by max_collection_size.
    EvalLimits few;
    few.max_collection_size = 10;
    CHECK(run_with("s.split('')", std::string(100, 'x'), few).is_error());
    CHECK(run_with("s.split(',')", std::string(100, ','), few).is_error());
}

TEST_CASE("optional values check, compile and evaluate") {
    CHECK(run("{'a': 1}.?a.orValue(0) + {'a': 1}.?b.orValue(10)").identical(Value(std::int64_t{11})));
    CHECK(run("[1, 2][?5].hasValue()").identical(Value(false)));
    CHECK(run("[?optional.none(), ?optional.of(3)]").identical(Value::list({Value(std::int64_t{3})})));
    CHECK(run("optional.of(2).optMap(x, x * 3).value()").identical(Value(std::int64_t{6})));
    CHECK(run("type(optional.none()) == optional_type").identical(Value(true)));
    CHECK(run("optional.none().value()").is_error());
}

TEST_CASE("two-variable comprehensions and cel.bind") {
    CHECK(run("[10, 20].all(i, v, v == (i + 1) * 10)").identical(Value(true)));
    CHECK(run("{'a': 1, 'b': 2}.existsOne(k, v, k == 'b' && v == 2)").identical(Value(true)));
    CHECK(run("[1, 2, 3].transformList(i, v, v > 1, i)").identical(
        Value::list({Value(std::int64_t{1}), Value(std::int64_t{2})})));
    CHECK(run("{'a': 1}.transformMap(k, v, v + 1)['a']").identical(Value(std::int64_t{2})));
    CHECK(run("{'a': 1}.transformMapEntry(k, v, {v: k})[1]").identical(Value::string("a")));
    CHECK(run("cel.bind(x, 'ab', x + x)").identical(Value::string("abab")));
    // transformList builds its list in place: a long range stays within the cost budget.
    CHECK(run("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(a, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).map(l, "
              "l.transformList(i, v, v * i)).size()")
              .identical(Value(std::int64_t{10})));
}

TEST_CASE("math and base64 are namespaced functions; a variable of that name still wins") {
    CHECK(run("math.greatest(1, 2.5, 2u)").identical(Value(2.5)));
    CHECK(run("math.least([3, -1, 2])").identical(Value(std::int64_t{-1})));
    CHECK(run("base64.decode(base64.encode(b'hi')) == b'hi'").identical(Value(true)));
    EnvBuilder b;
    b.add_variable("math", Type::map(Type::string(), Type::dyn()));
    auto env = b.build();
    auto compiled = compile("math.abs", env);
    REQUIRE(compiled.ok());
}

TEST_CASE("base64 decodes padded and unpadded text, and refuses the rest") {
    CHECK(run("base64.decode('aGk=') == b'hi' && base64.decode('aGk') == b'hi'").identical(Value(true)));
    CHECK(run("base64.encode(b'') == '' && base64.decode('') == b''").identical(Value(true)));
    CHECK(run("base64.decode('a')").is_error());
    CHECK(run("base64.decode('aGk==')").is_error());
    CHECK(run("base64.decode('aG!k')").is_error());
    CHECK(run("[optional.of(1), optional.none()].unwrapOpt() == [1]").identical(Value(true)));
}
