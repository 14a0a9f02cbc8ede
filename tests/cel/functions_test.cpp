// The standard library, tested through the registry: find the overload by name and
// argument kinds (as the runtime dispatches), check its deduced signature, call impl.
// Cases mirror the cel-spec conformance data (tests/simple/testdata) where they apply.

#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cel/functions/families.hpp"
#include "cel/time_util.hpp"
#include "talentrules/cel/ast.hpp"
#include "talentrules/cel/function.hpp"
#include "test_support.hpp"

using namespace talentrules::cel;
using namespace talentrules::cel::test_support;

namespace {

const FunctionRegistry& stdlib() {
    static const FunctionRegistry registry = [] {
        FunctionRegistry r;
        register_standard_library(r);
        return r;
    }();
    return registry;
}

const Overload* resolve(std::string_view name, bool member, const std::vector<Value>& args) {
    const Overload* found = nullptr;
    for (const Overload* o : stdlib().find(name)) {
        if (o->member != member || o->params.size() != args.size()) continue;
        bool ok = true;
        for (std::size_t i = 0; i < args.size(); ++i)
            ok = ok && value_matches(o->params[i], args[i]);
        if (!ok) continue;
        REQUIRE_MESSAGE(found == nullptr, "ambiguous overloads for " << std::string(name));
        found = o;
    }
    return found;
}

/// Global call `name(args...)`; "no such overload" error when nothing matches.
Value call(std::string_view name, std::vector<Value> args) {
    const Overload* o = resolve(name, false, args);
    if (o == nullptr) return Value::error("no such overload: " + std::string(name));
    return o->impl(args);
}

/// Member call `args[0].name(args[1..])`.
Value mcall(std::string_view name, std::vector<Value> args) {
    const Overload* o = resolve(name, true, args);
    if (o == nullptr) return Value::error("no such overload: ." + std::string(name));
    return o->impl(args);
}

std::string show(const Value& v) { return v.to_cel(); }

const Overload* by_id(std::string_view id) {
    for (const Overload& o : stdlib().all())
        if (o.id() == id) return &o;
    return nullptr;
}

}  // namespace

TEST_CASE("stdlib: signatures") {
    struct Sig {
        const char* id;
        const char* result;
    };
    const Sig sigs[] = {
        {"_+_(int, int)", "int"},
        {"_+_(uint, uint)", "uint"},
        {"_+_(double, double)", "double"},
        {"_+_(string, string)", "string"},
        {"_+_(bytes, bytes)", "bytes"},
        {"_+_(list(A), list(A))", "list(A)"},
        {"_+_(google.protobuf.Timestamp, google.protobuf.Duration)", "google.protobuf.Timestamp"},
        {"_+_(google.protobuf.Duration, google.protobuf.Timestamp)", "google.protobuf.Timestamp"},
        {"_+_(google.protobuf.Duration, google.protobuf.Duration)", "google.protobuf.Duration"},
        {"_-_(google.protobuf.Timestamp, google.protobuf.Timestamp)", "google.protobuf.Duration"},
        {"_-_(google.protobuf.Timestamp, google.protobuf.Duration)", "google.protobuf.Timestamp"},
        {"_%_(uint, uint)", "uint"},
        {"-_(int)", "int"},
        {"-_(double)", "double"},
        {"!_(bool)", "bool"},
        {"_<_(int, uint)", "bool"},
        {"_>=_(double, int)", "bool"},
        {"_<=_(google.protobuf.Duration, google.protobuf.Duration)", "bool"},
        {"_==_(A, A)", "bool"},
        {"_!=_(A, A)", "bool"},
        {"@in(A, list(A))", "bool"},
        {"@in(A, map(A, B))", "bool"},
        {"_[_](list(A), int)", "A"},
        {"_[_](list(A), uint)", "A"},
        {"_[_](map(A, B), A)", "B"},
        {"size(string)", "int"},
        {"string.size()", "int"},
        {"bytes.size()", "int"},
        {"list(dyn).size()", "int"},
        {"size(map(dyn, dyn))", "int"},
        {"string.contains(string)", "bool"},
        {"string.startsWith(string)", "bool"},
        {"string.endsWith(string)", "bool"},
        {"matches(string, string)", "bool"},
        {"string.matches(string)", "bool"},
        {"int(double)", "int"},
        {"int(google.protobuf.Timestamp)", "int"},
        {"uint(int)", "uint"},
        {"double(string)", "double"},
        {"string(bytes)", "string"},
        {"string(google.protobuf.Duration)", "string"},
        {"bytes(string)", "bytes"},
        {"bool(string)", "bool"},
        {"timestamp(string)", "google.protobuf.Timestamp"},
        {"timestamp(int)", "google.protobuf.Timestamp"},
        {"duration(string)", "google.protobuf.Duration"},
        {"dyn(A)", "dyn"},
        {"type(A)", "type(A)"},
        {"google.protobuf.Timestamp.getFullYear()", "int"},
        {"google.protobuf.Timestamp.getHours(string)", "int"},
        {"google.protobuf.Duration.getMilliseconds()", "int"},
    };
    for (const Sig& s : sigs) {
        const Overload* o = by_id(s.id);
        REQUIRE_MESSAGE(o != nullptr, s.id);
        CHECK_MESSAGE(o->result.to_string() == s.result, s.id);
        CHECK_MESSAGE(!o->doc.empty(), s.id);
    }
    CHECK(by_id("-_(uint)") == nullptr);
    CHECK(by_id("_%_(double, double)") == nullptr);
    CHECK(by_id("_<_(list(dyn), list(dyn))") == nullptr);

    // Ids are unique (no two overloads with one signature).
    std::set<std::string> ids;
    for (const Overload& o : stdlib().all()) CHECK_MESSAGE(ids.insert(o.id()).second, o.id());
}

TEST_CASE("stdlib: int arithmetic") {
    CHECK(show(call("_+_", {I(40), I(2)})) == "42");
    CHECK(show(call("_+_", {I(42), I(-7)})) == "35");
    CHECK(show(call("_-_", {I(42), I(-22)})) == "64");
    CHECK(show(call("_*_", {I(-30), I(-2)})) == "60");
    CHECK(show(call("_/_", {I(-20), I(2)})) == "-10");
    CHECK(show(call("_/_", {I(-80), I(-2)})) == "40");
    CHECK(show(call("_%_", {I(47), I(5)})) == "2");
    CHECK(show(call("_%_", {I(43), I(-5)})) == "3");
    CHECK(show(call("_%_", {I(-42), I(-5)})) == "-2");
    CHECK(show(call("_%_", {I(-3), I(5)})) == "-3");
    CHECK(show(call("-_", {I(42)})) == "-42");
    CHECK(show(call("-_", {I(0)})) == "0");
    CHECK(show(call("_/_", {I(7), I(-2)})) == "-3");

    Value e = call("_%_", {I(34), I(0)});
    REQUIRE(e.is_error());
    CHECK(e.error_message() == "modulus by zero");
    e = call("_/_", {I(15), I(0)});
    REQUIRE(e.is_error());
    CHECK(e.error_message() == "division by zero");

    CHECK(call("_-_", {I(int_min), I(1)}).is_error());
    CHECK(call("_+_", {I(int_min), I(-1)}).is_error());
    CHECK(call("_-_", {I(1), I(-int_max)}).is_error());
    CHECK(call("_+_", {I(int_max), I(1)}).is_error());
    CHECK(call("-_", {I(int_min)}).is_error());
    CHECK(call("_/_", {I(int_min), I(-1)}).is_error());
    CHECK(call("_%_", {I(int_min), I(-1)}).is_error());
    CHECK(call("_*_", {I(5000000000), I(5000000000)}).is_error());
    CHECK(call("_*_", {I(-5000000000), I(5000000000)}).is_error());
    CHECK(show(call("_-_", {I(-int_max), I(1)})) == std::to_string(int_min));
    // No overloads: -uint, -bool, mixed types.
    CHECK(resolve("-_", false, {U(42)}) == nullptr);
    CHECK(resolve("-_", false, {Value(false)}) == nullptr);
    CHECK(resolve("_+_", false, {I(1), U(1)}) == nullptr);
    CHECK(resolve("_%_", false, {D(47.5), D(5.5)}) == nullptr);
}

TEST_CASE("stdlib: uint arithmetic") {
    CHECK(show(call("_-_", {U(42), U(12)})) == "30u");
    CHECK(show(call("_*_", {U(40), U(2)})) == "80u");
    CHECK(show(call("_/_", {U(60), U(2)})) == "30u");
    CHECK(show(call("_+_", {U(0), U(17)})) == "17u");
    CHECK(show(call("_%_", {U(47), U(5)})) == "2u");
    CHECK(show(call("_*_", {U(15), U(0)})) == "0u");
    CHECK(call("_%_", {U(34), U(0)}).error_message() == "modulus by zero");
    CHECK(call("_/_", {U(15), U(0)}).error_message() == "division by zero");
    CHECK(call("_+_", {U(uint_max), U(1)}).is_error());
    CHECK(call("_-_", {U(0), U(1)}).is_error());
    CHECK(call("_*_", {U(5000000000), U(5000000000)}).is_error());
    CHECK(show(call("_+_", {U(uint_max - 1), U(1)})) == std::to_string(uint_max) + "u");
}

TEST_CASE("stdlib: double arithmetic") {
    CHECK(show(call("_+_", {D(4.25), D(15.25)})) == "19.5");
    CHECK(show(call("_-_", {D(-4.875), D(-0.125)})) == "-4.75");
    CHECK(show(call("_*_", {D(40.75), D(-2.25)})) == "-91.6875");
    CHECK(show(call("_/_", {D(-8.875), D(-0.0625)})) == "142.0");
    CHECK(show(call("-_", {D(-1.25)})) == "1.25");
    CHECK(call("_/_", {D(15.75), D(0.0)}).identical(D(inf_v)));
    CHECK(call("_*_", {D(2.0), D(8.988466e+307)}).identical(D(inf_v)));
    CHECK(call("_/_", {D(std::numeric_limits<double>::denorm_min()), D(2.0)}).identical(D(0.0)));
    CHECK(std::isnan(call("_/_", {D(0.0), D(0.0)}).as_double()));
}

TEST_CASE("stdlib: string, bytes and list concatenation") {
    CHECK(show(call("_+_", {S("he"), S("llo")})) == "\"hello\"");
    CHECK(show(call("_+_", {S(""), S("")})) == "\"\"");
    CHECK(call("_+_", {call("_+_", {S("a"), S("\xC3\xBF")}), S("\xF0\x9F\x90\xB1")})
              .as_string() == "a\xC3\xBF\xF0\x9F\x90\xB1");
    CHECK(call("_+_", {B(""), B("\xFFoo")}).as_bytes().data == "\xFFoo");
    CHECK(call("_+_", {B("zxy"), B("")}).as_bytes().data == "zxy");
    CHECK(show(call("_+_", {L({I(2)}), L({I(2)})})) == "[2, 2]");
    CHECK(show(call("_+_", {L({}), L({})})) == "[]");
    CHECK(show(call("_+_", {L({I(1), I(2)}), L({})})) == "[1, 2]");
    CHECK(show(call("_+_", {L({}), L({S("x")})})) == "[\"x\"]");
    CHECK(call("_==_", {call("_+_", {L({I(0), I(1), I(2)}), L({I(3), I(4), I(5)})}),
                        L({I(0), I(1), I(2), I(3), I(4), I(5)})})
              .as_bool());
}

TEST_CASE("stdlib: timestamp and duration arithmetic") {
    CHECK(call("_==_", {call("_+_", {TS("2009-02-13T23:00:00Z"), DUR("240s")}),
                        TS("2009-02-13T23:04:00Z")})
              .as_bool());
    CHECK(show(call("_+_", {DUR("240s"), TS("2009-02-13T23:00:00Z")})) ==
          "timestamp(\"2009-02-13T23:04:00Z\")");
    CHECK(show(call("_+_", {DUR("600s"), DUR("50s")})) == "duration(\"650s\")");
    CHECK(show(call("_+_", {TS("0001-01-01T00:00:01.000000001Z"), DUR("-999999999ns")})) ==
          "timestamp(\"0001-01-01T00:00:00.000000002Z\")");
    CHECK(show(call("_+_", {TS("0001-01-01T00:00:01.999999999Z"), DUR("999999999ns")})) ==
          "timestamp(\"0001-01-01T00:00:02.999999998Z\")");
    CHECK(show(call("_-_", {TS("2009-02-13T23:10:00Z"), DUR("600s")})) ==
          "timestamp(\"2009-02-13T23:00:00Z\")");
    CHECK(show(call("_-_", {TS("2023-01-10T12:00:00Z"), TS("2023-01-10T00:00:00Z")})) ==
          "duration(\"43200s\")");
    CHECK(show(call("_-_", {TS("2023-01-10T00:00:00Z"), TS("2023-01-10T00:00:00.5Z")})) ==
          "duration(\"-0.5s\")");
    CHECK(show(call("_-_", {DUR("1m"), DUR("1s")})) == "duration(\"59s\")");
    CHECK(show(call("_-_", {DUR("1s"), DUR("1m")})) == "duration(\"-59s\")");

    // Range errors.
    CHECK(call("_+_", {TS("0001-01-01T00:00:00Z"), DUR("-1s")}).is_error());
    CHECK(call("_+_", {TS("9999-12-31T23:59:59Z"), DUR("1s")}).is_error());
    CHECK(call("_+_", {TS("9999-12-31T23:59:59.999999999Z"), DUR("1ns")}).is_error());
    CHECK(call("_+_", {TS("0001-01-01T00:00:00Z"), DUR("-1ns")}).is_error());
    CHECK(call("_-_", {TS("0001-01-01T00:00:00Z"), DUR("1ns")}).is_error());
    CHECK(call("_-_", {TS("9999-12-31T23:59:59Z"), TS("0001-01-01T00:00:00Z")}).is_error());
    CHECK(call("_+_", {DUR("5000000000s"), DUR("5000000000s")}).is_error());
    CHECK(call("_-_", {DUR("-5000000000s"), DUR("5000000000s")}).is_error());
    CHECK(call("duration", {S("320000000000s")}).is_error());
    CHECK(call("duration", {S("200000000000s")}).is_error());
}

TEST_CASE("stdlib: logic") {
    CHECK(show(call("!_", {Value(true)})) == "false");
    CHECK(show(call("!_", {Value(false)})) == "true");
    CHECK(resolve("!_", false, {I(0)}) == nullptr);
}

TEST_CASE("stdlib: comparisons") {
    struct Case {
        const char* op;
        Value a, b;
        bool expected;
    };
    const Case cases[] = {
        {"_<_", I(0), I(0), false},
        {"_<_", U(0), U(1), true},
        {"_<_", D(1.0), D(1.0000001), true},
        {"_<_", S("a"), S("b"), true},
        {"_<_", S("a"), S("AB"), false},
        {"_<_", S("f"), S("\xE1\xBA\xBF"), true},
        {"_<_", B("a"), B("b"), true},
        {"_<_", B("\xC3\xA1"), B("b"), false},
        {"_<_", Value(false), Value(true), true},
        {"_<_", I(1), U(2), true},
        {"_<_", U(1), I(2), true},
        {"_<_", U(1), D(2.0), true},
        {"_<_", D(1.0), I(2), true},
        {"_<_", I(1), U(1), false},
        {"_<_", I(1), D(1.0), false},
        {"_<_", D(1.0), U(1), false},
        {"_<_", I(1), U(9223372036854775808ull), true},
        {"_<_", I(-1), U(0), true},
        {"_<_", I(int_max), D(9223372036854777857.0), true},
        {"_<_", I(int_max), D(-9223372036854777857.0), false},
        {"_<_", I(int_min), D(-9223372036854775809.0), false},
        {"_<_", U(1), I(int_min), false},
        {"_<_", U(9223372036854775808ull), I(1), false},
        {"_<_", U(uint_max), D(-1.0), false},
        {"_<_", U(uint_max), D(18446744073709590000.0), true},
        {"_<_", D(18446744073709553665.0), U(uint_max), false},
        {"_<_", D(9223372036854775808.0), I(int_max), false},
        {"_<_", D(-9223372036854775809.0), I(int_min), false},
        {"_>_", I(42), I(-42), true},
        {"_>_", D(.99), D(9.9e-1), false},
        {"_>_", S("abc"), S("aBc"), true},
        {"_>_", S("\xCE\xB1"), S("omega"), true},
        {"_>_", B(""), B(" "), false},
        {"_>_", Value(true), Value(false), true},
        {"_>_", I(1), U(9223372036854775808ull), false},
        {"_>_", I(int_max), D(9223372036854775808.0), false},
        {"_>_", I(int_min), D(-9223372036854777857.0), true},
        {"_>_", U(9223372036854775807ull), D(-1.0), true},
        {"_>_", U(uint_max), D(18446744073709590000.0), false},
        {"_>_", D(18446744073709553665.0), U(uint_max), true},
        {"_<=_", I(1), I(1), true},
        {"_<=_", D(0.0), D(0.1e-31), true},
        {"_<=_", S("aBc"), S("abc"), true},
        {"_<=_", S("\xCE\xB1"), S("a"), false},
        {"_<=_", B(" "), B(""), false},
        {"_<=_", Value(true), Value(false), false},
        {"_<=_", I(int_max), D(9223372036854775808.0), true},
        {"_<=_", I(int_min), D(-9223372036854775809.0), true},
        {"_<=_", I(int_min), D(-9223372036854777857.0), false},
        {"_<=_", D(9223372036854775808.0), I(int_max), true},
        {"_>_", D(9223372036854775808.0), I(int_max), false},
        {"_<=_", D(-9223372036854775809.0), I(int_min), true},
        {"_>=_", I(999), I(999), true},
        {"_>=_", S(""), S("a"), false},
        {"_>=_", S("t"), S("\xCF\x84"), false},
        {"_>=_", B(" "), B(""), true},
        {"_>=_", I(int_max), D(9223372036854775808.0), true},
        {"_>=_", I(int_max), D(9223372036854777857.0), false},
        {"_>=_", I(int_min), D(-9223372036854775809.0), true},
        {"_>=_", D(18446744073709553665.0), U(uint_max), true},
        {"_>=_", D(-9223372036854775809.0), I(int_min), true},
        {"_<_", TS("2009-02-13T23:00:00Z"), TS("2009-02-13T23:00:01Z"), true},
        {"_<=_", TS("2009-02-13T23:00:00Z"), TS("2009-02-13T22:59:59Z"), false},
        {"_>=_", TS("2009-02-13T23:00:00Z"), TS("2009-02-13T23:00:00Z"), true},
        {"_>_", TS("2009-02-13T23:59:00Z"), TS("2009-02-13T23:00:00Z"), true},
        {"_<_", DUR("200s"), DUR("300s"), true},
        {"_<=_", DUR("300s"), DUR("200s"), false},
        {"_>=_", DUR("120s"), DUR("200s"), false},
        {"_>_", DUR("300s"), DUR("200s"), true},
        {"_<_", D(nan_v), D(1.0), false},
        {"_>_", D(nan_v), D(1.0), false},
        {"_<=_", D(nan_v), D(nan_v), false},
        {"_>=_", I(1), D(nan_v), false},
        {"_<_", U(1), D(nan_v), false},
    };
    for (const Case& c : cases) {
        Value r = call(c.op, {c.a, c.b});
        INFO(c.op, " ", c.a.to_cel(), " ", c.b.to_cel());
        REQUIRE(r.is_bool());
        CHECK(r.as_bool() == c.expected);
    }
    // No ordering: null, lists, maps, mixed kinds.
    for (const char* op : {"_<_", "_<=_", "_>_", "_>=_"}) {
        CHECK(resolve(op, false, {Value(), Value()}) == nullptr);
        CHECK(resolve(op, false, {L({I(0)}), L({I(1)})}) == nullptr);
        CHECK(resolve(op, false, {M({}), M({})}) == nullptr);
        CHECK(resolve(op, false, {S("foo"), I(1024)}) == nullptr);
        CHECK(resolve(op, false, {S("foo"), D(1.0)}) == nullptr);
        CHECK(resolve(op, false, {Value(true), I(1)}) == nullptr);
    }
}

TEST_CASE("stdlib: equality") {
    CHECK(call("_==_", {I(1), U(1)}).as_bool());
    CHECK(call("_==_", {I(1), D(1.0)}).as_bool());
    CHECK_FALSE(call("_==_", {I(2), D(1.0)}).as_bool());
    CHECK_FALSE(call("_==_", {D(nan_v), D(nan_v)}).as_bool());
    CHECK(call("_!=_", {D(nan_v), D(nan_v)}).as_bool());
    CHECK(call("_!=_", {I(1), D(nan_v)}).as_bool());
    CHECK_FALSE(call("_!=_", {U(2), I(2)}).as_bool());
    CHECK(call("_!=_", {I(24), D(24.1)}).as_bool());
    CHECK(call("_==_", {Value(), Value()}).as_bool());
    CHECK_FALSE(call("_==_", {Value(false), Value()}).as_bool());
    CHECK_FALSE(call("_==_", {DUR("0s"), Value()}).as_bool());
    CHECK_FALSE(call("_==_", {S("a"), S("\xC3\xA0")}).as_bool());
    CHECK(call("_==_", {L({D(1), D(2), I(3)}), L({U(1), I(2), U(3)})}).as_bool());
    CHECK_FALSE(call("_!=_", {M({{S("a"), S("b")}, {S("c"), S("d")}}),
                              M({{S("c"), S("d")}, {S("a"), S("b")}})})
                    .as_bool());
    CHECK(call("_==_", {Value(types::bool_type), Value(types::bool_type)}).as_bool());
    CHECK_FALSE(call("_==_", {Value(types::int_type), Value(types::uint_type)}).as_bool());
    CHECK(call("_==_", {TS("2009-02-13T23:31:30Z"), TS("2009-02-13T23:31:30Z")}).as_bool());
    CHECK_FALSE(call("_!=_", {DUR("604800s"), DUR("168h")}).as_bool());
}

TEST_CASE("stdlib: membership") {
    CHECK_FALSE(call("@in", {I(7), L({})}).as_bool());
    CHECK(call("@in", {U(4), L({U(4)})}).as_bool());
    CHECK(call("@in", {S("alpha"), L({S("alpha"), S("beta")})}).as_bool());
    CHECK(call("@in", {D(3.0), L({I(5), I(4), I(3)})}).as_bool());
    CHECK(call("@in", {U(3), L({I(5), I(4), I(3)})}).as_bool());
    CHECK(call("@in", {I(3), L({D(5), D(4), D(3)})}).as_bool());
    CHECK(call("@in", {U(3), L({D(3)})}).as_bool());
    CHECK(call("@in", {I(3), L({U(3)})}).as_bool());
    CHECK(call("@in", {D(3.0), L({U(3)})}).as_bool());
    CHECK_FALSE(call("@in", {S("hawaiian"), L({S("meat"), S("veggie")})}).as_bool());
    CHECK(call("@in", {S("elem"), L({I(1), S("elem"), I(2)})}).as_bool());

    CHECK(call("@in", {Value(true), M({{Value(true), I(1)}})}).as_bool());
    CHECK(call("@in", {S("key"), M({{I(3), D(3.0)}, {S("key"), U(2)}})}).as_bool());
    CHECK_FALSE(call("@in", {S("key"), M({{U(1), S("str")}, {I(2), B("bytes")}})}).as_bool());
    CHECK(call("@in", {D(3.0), M({{I(1), I(1)}, {I(2), I(2)}, {U(3), I(3)}})}).as_bool());
    CHECK(call("@in", {U(2), M({{U(1), I(1)}, {I(2), I(2)}})}).as_bool());
    CHECK(call("@in", {I(1), M({{U(1), I(1)}, {I(2), I(2)}})}).as_bool());
    CHECK_FALSE(call("@in", {D(3.1), M({{I(1), I(1)}, {U(3), I(3)}})}).as_bool());
    CHECK_FALSE(call("@in", {B("x"), M({{I(1), I(1)}})}).as_bool());
}

TEST_CASE("stdlib: indexing") {
    Value list = L({I(7), I(8), I(9)});
    CHECK(show(call("_[_]", {list, I(0)})) == "7");
    CHECK(show(call("_[_]", {list, U(2)})) == "9");
    CHECK(show(call("_[_]", {list, D(0.0)})) == "7");
    CHECK(show(call("_[_]", {list, D(-0.0)})) == "7");
    CHECK(call("_[_]", {list, I(3)}).is_error());
    CHECK(call("_[_]", {list, I(-1)}).is_error());
    CHECK(call("_[_]", {list, U(3)}).is_error());
    CHECK(call("_[_]", {list, D(1.5)}).is_error());
    CHECK(call("_[_]", {list, D(nan_v)}).is_error());
    CHECK(call("_[_]", {list, D(1e300)}).is_error());
    CHECK(call("_[_]", {list, S("")}).is_error());  // no overload
    CHECK(call("_[_]", {list, I(3)}).error_message().find("out of range") != std::string::npos);

    Value map = M({{U(1), D(1.0)}, {I(2), D(2.0)}, {U(3), D(3.0)}});
    CHECK(show(call("_[_]", {map, D(3.0)})) == "3.0");
    CHECK(show(call("_[_]", {map, U(2)})) == "2.0");
    CHECK(show(call("_[_]", {map, I(1)})) == "1.0");
    CHECK(call("_[_]", {map, D(3.1)}).is_error());
    Value missing = call("_[_]", {M({{I(0), I(1)}, {I(2), I(2)}, {I(5), I(3)}}), I(1)});
    REQUIRE(missing.is_error());
    CHECK(missing.error_message().find("no such key") != std::string::npos);
    CHECK(call("_[_]", {M({{I(0), I(1)}}), B("")}).is_error());
    CHECK(show(call("_[_]", {M({{Value(true), I(1)}, {I(2), I(2)}, {U(5), I(3)}}), Value(true)})) ==
          "1");
    CHECK(show(call("_[_]", {M({{S("name"), U(100)}}), S("name")})) == "100u");
    CHECK(show(call("_[_]", {M({{S("map"), M({{S("k"), S("v")}})}}), S("map")})) ==
          "{\"k\": \"v\"}");
}

TEST_CASE("stdlib: size") {
    CHECK(show(call("size", {S("")})) == "0");
    CHECK(show(call("size", {S("A")})) == "1");
    CHECK(show(call("size", {S("\xC3\xBF")})) == "1");
    CHECK(show(call("size", {S("\xCF\x80\xCE\xAD\xCE\xBD\xCF\x84\xCE\xB5")})) == "5");
    CHECK(show(call("size", {S("fiance\xCC\x81")})) == "7");
    CHECK(show(call("size", {B("")})) == "0");
    CHECK(show(call("size", {B("abc")})) == "3");
    CHECK(show(call("size", {B("\xF0\x9F\xA4\xAA")})) == "4");
    CHECK(show(call("size", {L({})})) == "0");
    CHECK(show(call("size", {L({I(1), I(2), I(3)})})) == "3");
    CHECK(show(call("size", {M({})})) == "0");
    CHECK(show(call("size", {M({{I(1), S("one")}, {I(2), S("two")}})})) == "2");
    CHECK(show(mcall("size", {S("hello")})) == "5");
    CHECK(show(mcall("size", {B("hello")})) == "5");
    CHECK(show(mcall("size", {L({S("a"), S("b")})})) == "2");
    CHECK(show(mcall("size", {M({{S("hello"), S("world")}})})) == "1");
    CHECK(resolve("size", false, {I(1)}) == nullptr);
}

TEST_CASE("stdlib: string functions") {
    CHECK(mcall("startsWith", {S("foobar"), S("foo")}).as_bool());
    CHECK_FALSE(mcall("startsWith", {S(""), S("foo")}).as_bool());
    CHECK(mcall("startsWith", {S("foobar"), S("")}).as_bool());
    CHECK(mcall("startsWith", {S("\xD0\xB7\xD0\xB0\xD0\xB2"), S("\xD0\xB7\xD0\xB0")}).as_bool());
    CHECK(mcall("endsWith", {S("foobar"), S("bar")}).as_bool());
    CHECK_FALSE(mcall("endsWith", {S("foobar"), S("foo")}).as_bool());
    CHECK_FALSE(mcall("endsWith", {S(""), S("foo")}).as_bool());
    CHECK(mcall("endsWith", {S(""), S("")}).as_bool());
    CHECK(mcall("endsWith", {S("fort\xC3\xA9"), S("t\xC3\xA9")}).as_bool());
    CHECK(mcall("contains", {S("hello"), S("he")}).as_bool());
    CHECK(mcall("contains", {S("hello"), S("")}).as_bool());
    CHECK(mcall("contains", {S("abababc"), S("ababc")}).as_bool());
    CHECK(mcall("contains", {S("Stra\xC3\x9F" "e"), S("a\xC3\x9F")}).as_bool());
    CHECK(mcall("contains", {S(""), S("")}).as_bool());
    CHECK_FALSE(mcall("contains", {S("foobar"), S("baz")}).as_bool());
    CHECK(resolve("contains", false, {S("a"), S("b")}) == nullptr);  // member only
}

TEST_CASE("stdlib: matches") {
    CHECK(mcall("matches", {S("hubba"), S("ubb")}).as_bool());
    CHECK_FALSE(mcall("matches", {S(""), S("foo|bar")}).as_bool());
    CHECK(mcall("matches", {S("cows"), S("")}).as_bool());
    CHECK(mcall("matches", {S("grey"), S("gr(a|e)y")}).as_bool());
    CHECK(mcall("matches", {S("banana"), S("ba(na)*")}).as_bool());
    CHECK(mcall("matches", {S("ma\xC3\xB1" "ana"), S("a+\xC3\xB1+a+")}).as_bool());
    CHECK(mcall("matches",
                {S("\xF0\x9F\x90\xB1\xF0\x9F\x98\x80\xF0\x9F\x98\x80"),
                 S("(a|\xF0\x9F\x98\x80){2}")})
              .as_bool());
    CHECK(call("matches", {S("foobar"), S("foo.*")}).as_bool());
    CHECK_FALSE(call("matches", {S("foobar"), S("^bar")}).as_bool());
    CHECK(call("matches", {S("\xC3\xBF"), S("^.$")}).as_bool());  // one code point
    Value bad = mcall("matches", {S("abc"), S("(")});
    REQUIRE(bad.is_error());
    CHECK(bad.error_message().find("invalid regular expression") != std::string::npos);
    CHECK(mcall("matches", {S("abc"), S("(")}).is_error());  // cached failure
    CHECK(call("matches", {S("abc"), S("[z-a]")}).is_error());
    std::string error;
    CHECK(compile_regex("a+", &error) != nullptr);
    CHECK(compile_regex("a+", &error) == compile_regex("a+", &error));  // cached
    CHECK(compile_regex("a(", &error) == nullptr);
    CHECK_FALSE(error.empty());

    // Many threads at once.
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([t, &ok] {
            for (int i = 0; i < 300; ++i) {
                std::string pat = "x" + std::to_string((i * 7 + t) % 50) + "y*";
                if (compile_regex(pat) != nullptr) ++ok;
            }
        });
    }
    for (auto& th : threads) th.join();
    CHECK(ok == 1200);
}

TEST_CASE("stdlib: int conversions") {
    CHECK(show(call("int", {I(1)})) == "1");
    CHECK(show(call("int", {U(42)})) == "42");
    CHECK(show(call("int", {U(9223372036854775807ull)})) == "9223372036854775807");
    CHECK(call("int", {U(uint_max)}).is_error());
    CHECK(show(call("int", {D(-123.456)})) == "-123");
    CHECK(show(call("int", {D(1.9)})) == "1");
    CHECK(show(call("int", {D(-7.9)})) == "-7");
    CHECK(show(call("int", {D(-3.5)})) == "-3");
    CHECK(show(call("int", {D(36028797018963968.0)})) == "36028797018963968");
    CHECK(show(call("int", {call("double", {I(36028797018963969)})})) == "36028797018963968");
    CHECK(call("int", {D(9223372036854775807.0)}).is_error());
    CHECK(call("int", {D(-9223372036854775808.0)}).is_error());
    CHECK(call("int", {D(1e99)}).is_error());
    CHECK(call("int", {D(18446744073709551615.0)}).is_error());
    CHECK(call("int", {D(nan_v)}).is_error());
    CHECK(call("int", {D(inf_v)}).is_error());
    CHECK(show(call("int", {D(-9223372036854774784.0)})) == "-9223372036854774784");
    CHECK(show(call("int", {S("987")})) == "987");
    CHECK(show(call("int", {S("-987")})) == "-987");
    CHECK(show(call("int", {S("+5")})) == "5");
    CHECK(show(call("int", {S("-9223372036854775808")})) == "-9223372036854775808");
    CHECK(call("int", {S("9223372036854775808")}).is_error());
    CHECK(call("int", {S("1.5")}).is_error());
    CHECK(call("int", {S("")}).is_error());
    CHECK(call("int", {S(" 1")}).is_error());
    CHECK(call("int", {S("0x10")}).is_error());
    CHECK(call("int", {S("-")}).is_error());
    CHECK(show(call("int", {TS("2004-09-16T23:59:59Z")})) == "1095379199");
    CHECK(show(call("int", {TS("2009-02-13T23:31:30Z")})) == "1234567890");
    CHECK(show(call("int", {TS("1969-12-31T23:59:59.5Z")})) == "-1");
}

TEST_CASE("stdlib: uint conversions") {
    CHECK(show(call("uint", {U(1)})) == "1u");
    CHECK(show(call("uint", {I(1729)})) == "1729u");
    CHECK(call("uint", {I(-1)}).is_error());
    CHECK(show(call("uint", {D(3.14159265)})) == "3u");
    CHECK(show(call("uint", {D(25.5)})) == "25u");
    CHECK(show(call("uint", {D(36028797018963968.0)})) == "36028797018963968u");
    CHECK(show(call("uint", {D(-0.0)})) == "0u");
    CHECK(call("uint", {D(6.022e23)}).is_error());
    CHECK(call("uint", {D(18446744073709551616.0)}).is_error());
    CHECK(call("uint", {D(-1.0)}).is_error());
    CHECK(call("uint", {D(nan_v)}).is_error());
    CHECK(show(call("uint", {S("18446744073709551615")})) == "18446744073709551615u");
    CHECK(call("uint", {S("18446744073709551616")}).is_error());
    CHECK(call("uint", {S("-1")}).is_error());
    CHECK(call("uint", {S("1u")}).is_error());
}

TEST_CASE("stdlib: double conversions") {
    CHECK(show(call("double", {I(0)})) == "0.0");
    CHECK(call("double", {I(1000000000000)}).identical(D(1e12)));
    CHECK(call("double", {I(-1000000000000000)}).identical(D(-1e15)));
    CHECK(show(call("double", {I(-9007199254740992)})) == "-9007199254740992.0");
    CHECK(call("double", {I(int_max)}).as_double() == 9.223372036854776e+18);
    CHECK(show(call("double", {U(0)})) == "0.0");
    CHECK(call("double", {U(uint_max)}).as_double() == 18446744073709551616.0);
    CHECK(show(call("double", {D(5.5)})) == "5.5");
    CHECK(show(call("double", {S("0")})) == "0.0");
    CHECK(call("double", {S("-0.0")}).identical(D(-0.0)));
    CHECK(std::signbit(call("double", {S("-0.0")}).as_double()));
    CHECK(show(call("double", {S("123")})) == "123.0");
    CHECK(call("double", {S("-987.654")}).as_double() == -987.654);
    CHECK(call("double", {S("6.02214e23")}).as_double() == 6.02214e+23);
    CHECK(call("double", {S("1.38e-23")}).as_double() == 1.38e-23);
    CHECK(call("double", {S("-84.32e7")}).as_double() == -843200000.0);
    CHECK(call("double", {S("-5.43e-21")}).as_double() == -5.43e-21);
    CHECK(call("double", {S("+1.5")}).as_double() == 1.5);
    CHECK(call("double", {S(".5")}).as_double() == 0.5);
    CHECK(call("double", {S("Infinity")}).identical(D(inf_v)));
    CHECK(call("double", {S("-inf")}).identical(D(-inf_v)));
    CHECK(std::isnan(call("double", {S("NaN")}).as_double()));
    CHECK(call("double", {S("1e-400")}).identical(D(0.0)));
    CHECK(call("double", {S("1e400")}).is_error());
    CHECK(call("double", {S("")}).is_error());
    CHECK(call("double", {S("abc")}).is_error());
    CHECK(call("double", {S("1.5 ")}).is_error());
    CHECK(call("double", {S(" 1.5")}).is_error());
    CHECK(call("double", {S("--1")}).is_error());
    CHECK(call("double", {S("+-1")}).is_error());
}

TEST_CASE("stdlib: string conversions") {
    CHECK(show(call("string", {S("hello")})) == "\"hello\"");
    CHECK(show(call("string", {I(123)})) == "\"123\"");
    CHECK(show(call("string", {I(-123)})) == "\"-123\"");
    CHECK(show(call("string", {U(9876)})) == "\"9876\"");
    CHECK(show(call("string", {D(123.456)})) == "\"123.456\"");
    CHECK(show(call("string", {D(-4.5e-3)})) == "\"-0.0045\"");
    CHECK(show(call("string", {D(3.14)})) == "\"3.14\"");
    CHECK(show(call("string", {D(1.5)})) == "\"1.5\"");
    CHECK(show(call("string", {D(1.0)})) == "\"1\"");
    CHECK(show(call("string", {D(-0.0)})) == "\"-0\"");
    CHECK(show(call("string", {D(1e30)})) == "\"1e+30\"");
    CHECK(show(call("string", {D(1e6)})) == "\"1e+06\"");
    CHECK(show(call("string", {D(123456.0)})) == "\"123456\"");
    CHECK(show(call("string", {D(0.0001)})) == "\"0.0001\"");
    CHECK(show(call("string", {D(0.00001)})) == "\"1e-05\"");
    CHECK(show(call("string", {D(1.2345678e-7)})) == "\"1.2345678e-07\"");
    CHECK(show(call("string", {D(1e100)})) == "\"1e+100\"");
    CHECK(show(call("string", {D(nan_v)})) == "\"NaN\"");
    CHECK(show(call("string", {D(inf_v)})) == "\"+Inf\"");
    CHECK(show(call("string", {D(-inf_v)})) == "\"-Inf\"");
    CHECK(show(call("string", {B("abc")})) == "\"abc\"");
    CHECK(call("string", {B("\xC3\xBF")}).as_string() == "\xC3\xBF");
    CHECK(call("string", {B("\xF0\x9F\xA4\xAA")}).as_string() == "\xF0\x9F\xA4\xAA");
    CHECK(call("string", {B("\xFF")}).is_error());
    CHECK(call("string", {B("\xC0\x80")}).is_error());          // overlong
    CHECK(call("string", {B("\xED\xA0\x80")}).is_error());      // surrogate
    CHECK(call("string", {B("\xF4\x90\x80\x80")}).is_error());  // > U+10FFFF
    CHECK(call("string", {B("\xE2\x82")}).is_error());          // truncated
    CHECK(show(call("string", {Value(true)})) == "\"true\"");
    CHECK(show(call("string", {Value(false)})) == "\"false\"");
    CHECK(show(call("string", {TS("2009-02-13T23:31:30Z")})) == "\"2009-02-13T23:31:30Z\"");
    CHECK(show(call("string", {TS("9999-12-31T23:59:59.999999999Z")})) ==
          "\"9999-12-31T23:59:59.999999999Z\"");
    CHECK(show(call("string", {DUR("1000000s")})) == "\"1000000s\"");
    CHECK(show(call("string", {DUR("1m1ms")})) == "\"60.001s\"");
    CHECK(show(call("string", {DUR("-1.5s")})) == "\"-1.5s\"");
    CHECK(resolve("string", false, {L({})}) == nullptr);
}

TEST_CASE("stdlib: bytes, bool, dyn, type conversions") {
    CHECK(call("bytes", {S("")}).as_bytes().data.empty());
    CHECK(call("bytes", {S("abc")}).as_bytes().data == "abc");
    CHECK(call("bytes", {S("\xC3\xBF")}).as_bytes().data == "\xC3\xBF");
    CHECK_FALSE(call("_==_", {call("bytes", {S("\xC3\xBF")}), B("\xFF")}).as_bool());
    CHECK(call("bytes", {B("abc")}).as_bytes().data == "abc");

    for (const char* t : {"1", "t", "T", "true", "TRUE", "True"})
        CHECK_MESSAGE(show(call("bool", {S(t)})) == "true", t);
    for (const char* f : {"0", "f", "F", "false", "FALSE", "False"})
        CHECK_MESSAGE(show(call("bool", {S(f)})) == "false", f);
    CHECK(call("bool", {S("TrUe")}).is_error());
    CHECK(call("bool", {S("FaLsE")}).is_error());
    CHECK(call("bool", {S("")}).is_error());
    CHECK(show(call("bool", {Value(true)})) == "true");

    CHECK(show(call("dyn", {I(1)})) == "1");
    CHECK(show(call("type", {call("dyn", {L({I(1), S("one")})})})) == "list");
    CHECK(show(call("type", {I(0)})) == "int");
    CHECK(show(call("type", {U(64)})) == "uint");
    CHECK(show(call("type", {D(3.14)})) == "double");
    CHECK(show(call("type", {Value()})) == "null_type");
    CHECK(show(call("type", {S("foo")})) == "string");
    CHECK(show(call("type", {B("\xFF")})) == "bytes");
    CHECK(show(call("type", {M({})})) == "map");
    CHECK(show(call("type", {Value(true)})) == "bool");
    CHECK(show(call("type", {Value(types::int_type)})) == "type");
    CHECK(show(call("type", {call("type", {I(7)})})) == "type");
    CHECK(show(call("type", {TS("2009-02-13T23:31:30Z")})) == "google.protobuf.Timestamp");
    CHECK(show(call("type", {DUR("1s")})) == "google.protobuf.Duration");
    CHECK(call("_==_", {call("type", {I(7)}), call("type", {U(7)})}).as_bool() == false);
    CHECK(call("_==_", {call("type", {D(0.0)}), call("type", {D(-0.0)})}).as_bool());
}

TEST_CASE("stdlib: timestamp and duration conversions") {
    CHECK(show(call("timestamp", {S("2009-02-13T23:31:30Z")})) ==
          "timestamp(\"2009-02-13T23:31:30Z\")");
    CHECK(show(call("timestamp", {S("2023-08-26T12:39:00-07:00")})) ==
          "timestamp(\"2023-08-26T19:39:00Z\")");
    CHECK(call("timestamp", {S("0000-01-01T00:00:00Z")}).is_error());
    CHECK(call("timestamp", {S("10000-01-01T00:00:00Z")}).is_error());
    CHECK(call("timestamp", {S("not a time")}).is_error());
    CHECK(show(call("timestamp", {I(1234567890)})) == "timestamp(\"2009-02-13T23:31:30Z\")");
    CHECK(show(call("timestamp", {I(0)})) == "timestamp(\"1970-01-01T00:00:00Z\")");
    CHECK(call("timestamp", {I(253402300800)}).is_error());
    CHECK(call("timestamp", {I(-62135596801)}).is_error());
    CHECK(show(call("timestamp", {I(253402300799)})) == "timestamp(\"9999-12-31T23:59:59Z\")");
    CHECK(show(call("timestamp", {TS("2009-02-13T23:31:30Z")})) ==
          "timestamp(\"2009-02-13T23:31:30Z\")");

    CHECK(show(call("duration", {S("100s")})) == "duration(\"100s\")");
    CHECK(show(call("duration", {S("1h30m")})) == "duration(\"5400s\")");
    CHECK(show(call("duration", {S("0")})) == "duration(\"0s\")");
    CHECK(show(call("duration", {S("-1.5h")})) == "duration(\"-5400s\")");
    CHECK(show(call("duration", {S("-23.4s")})) == "duration(\"-23.4s\")");
    CHECK(show(call("duration", {S("1h34us")})) == "duration(\"3600.000034s\")");
    CHECK(show(call("duration", {S("5ns")})) == "duration(\"0.000000005s\")");
    CHECK(call("duration", {S("1d")}).is_error());
    CHECK(call("duration", {S("")}).is_error());
    CHECK(call("_==_", {call("duration", {DUR("100s")}), DUR("100s")}).as_bool());
}

TEST_CASE("stdlib: timestamp accessors") {
    Value t = TS("2009-02-13T23:31:30Z");
    CHECK(show(mcall("getDate", {t})) == "13");
    CHECK(show(mcall("getDayOfMonth", {t})) == "12");
    CHECK(show(mcall("getDayOfWeek", {t})) == "5");
    CHECK(show(mcall("getDayOfYear", {t})) == "43");
    CHECK(show(mcall("getFullYear", {t})) == "2009");
    CHECK(show(mcall("getMonth", {t})) == "1");
    CHECK(show(mcall("getHours", {t})) == "23");
    CHECK(show(mcall("getMinutes", {t})) == "31");
    CHECK(show(mcall("getSeconds", {t})) == "30");
    CHECK(show(mcall("getMilliseconds", {TS("2009-02-13T23:31:20.123456789Z")})) == "123");

    CHECK(show(mcall("getDate", {t, S("Australia/Sydney")})) == "14");
    CHECK(show(mcall("getDayOfMonth", {t, S("US/Central")})) == "12");
    CHECK(show(mcall("getDayOfMonth", {t, S("+11:00")})) == "13");
    Value early = TS("2009-02-13T02:00:00Z");
    CHECK(show(mcall("getDayOfMonth", {early, S("-02:30")})) == "11");
    CHECK(show(mcall("getDayOfMonth", {early, S("America/St_Johns")})) == "11");
    CHECK(show(mcall("getDayOfWeek", {t, S("UTC")})) == "5");
    CHECK(show(mcall("getDayOfYear", {t, S("US/Central")})) == "43");
    CHECK(show(mcall("getFullYear", {t, S("-09:30")})) == "2009");
    CHECK(show(mcall("getHours", {t, S("02:00")})) == "1");
    CHECK(show(mcall("getMinutes", {t, S("Asia/Kathmandu")})) == "16");
    CHECK(show(mcall("getMonth", {t, S("UTC")})) == "1");
    CHECK(show(mcall("getSeconds", {t, S("-00:00")})) == "30");
    CHECK(show(mcall("getMilliseconds", {TS("2009-02-13T23:31:20.5Z"), S("+05:30")})) == "500");

    // cel-spec examples.
    Value xmas = TS("2023-12-25T00:00:00Z");
    CHECK(show(mcall("getDate", {xmas, S("America/Los_Angeles")})) == "24");
    CHECK(show(mcall("getDayOfMonth", {xmas, S("America/Los_Angeles")})) == "23");
    CHECK(show(mcall("getDayOfWeek", {TS("2023-12-25T12:00:00Z")})) == "1");
    CHECK(show(mcall("getDayOfYear", {TS("2023-12-25T12:00:00Z")})) == "358");
    CHECK(show(mcall("getMonth", {TS("2023-12-25T12:00:00Z")})) == "11");
    CHECK(show(mcall("getFullYear", {TS("2024-01-01T01:00:00Z"), S("-05:00")})) == "2023");
    CHECK(show(mcall("getDayOfYear", {TS("2024-12-31T12:00:00Z")})) == "365");  // leap year
    CHECK(show(mcall("getHours", {TS("2023-08-26T12:00:00Z"), S("Asia/Shanghai")})) == "20");

    Value bad = mcall("getHours", {t, S("Nowhere/Special")});
    REQUIRE(bad.is_error());
    CHECK(bad.error_message().find("Nowhere/Special") != std::string::npos);
    CHECK(mcall("getHours", {t, S("+99:00")}).is_error());
    CHECK(resolve("getHours", false, {t}) == nullptr);  // member only
}

TEST_CASE("stdlib: duration accessors") {
    CHECK(show(mcall("getMilliseconds", {DUR("123.321456789s")})) == "321");
    CHECK(show(mcall("getMinutes", {DUR("3730s")})) == "62");
    CHECK(show(mcall("getSeconds", {DUR("3730s")})) == "3730");
    CHECK(show(mcall("getHours", {DUR("3730s")})) == "1");
    CHECK(show(mcall("getHours", {DUR("3h")})) == "3");
    CHECK(show(mcall("getMinutes", {DUR("1h30m")})) == "90");
    CHECK(show(mcall("getSeconds", {DUR("1m30s")})) == "90");
    CHECK(show(mcall("getMilliseconds", {DUR("1.234s")})) == "234");
    CHECK(show(mcall("getHours", {DUR("-5400s")})) == "-1");
    CHECK(show(mcall("getMilliseconds", {DUR("-1.5s")})) == "-500");
}

TEST_CASE("stdlib: overload resolution is unambiguous") {
    // For each name and style, no two non-generic overloads accept the same argument kinds.
    const auto& all = stdlib().all();
    for (std::size_t i = 0; i < all.size(); ++i) {
        for (std::size_t j = i + 1; j < all.size(); ++j) {
            const Overload& a = all[i];
            const Overload& b = all[j];
            if (a.name != b.name || a.member != b.member || a.params.size() != b.params.size())
                continue;
            bool overlap = true;
            for (std::size_t k = 0; k < a.params.size(); ++k) {
                const Type& x = a.params[k];
                const Type& y = b.params[k];
                bool any = x.is_dyn() || y.is_dyn() || x.kind == TypeKind::param ||
                           y.kind == TypeKind::param;
                if (!any && x.kind != y.kind) overlap = false;
            }
            CHECK_MESSAGE(!overlap, a.id() << " overlaps " << b.id());
        }
    }
}
