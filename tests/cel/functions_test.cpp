// The standard library, tested through the registry: find the overload by name and
// argument kinds (as the runtime dispatches), check its deduced signature, call impl.
// Cases mirror the cel-spec conformance data (tests/simple/testdata) where they apply.
// Conversions: functions_conversions_test.cpp; time: functions_time_test.cpp.

#include "functions_support.hpp"

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
