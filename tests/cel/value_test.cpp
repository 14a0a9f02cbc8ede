// Value model: equality, ordering, maps, rendering; static types; time helpers.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "cel/time_util.hpp"
#include "talentrules/cel/function.hpp"
#include "talentrules/cel/type.hpp"
#include "talentrules/cel/value.hpp"
#include "test_support.hpp"

using namespace talentrules::cel;
using namespace talentrules::cel::test_support;

namespace {

bool eq(const Value& a, const Value& b) {
    Value r = cel_equals(a, b);
    REQUIRE(r.is_bool());
    return r.as_bool();
}

std::optional<std::partial_ordering> cmp(const Value& a, const Value& b) {
    return cel_compare(a, b);
}

}  // namespace

TEST_CASE("value: kinds and types") {
    CHECK(Value().is_null());
    CHECK(Value(nullptr).type() == types::null_type);
    CHECK(Value(true).type() == types::bool_type);
    CHECK(I(1).type() == types::int_type);
    CHECK(U(1).type() == types::uint_type);
    CHECK(D(1).type() == types::double_type);
    CHECK(S("a").type() == types::string_type);
    CHECK(B("a").type() == types::bytes_type);
    CHECK(L({}).type() == types::list_type);
    CHECK(Value::empty_map().type() == types::map_type);
    CHECK(TS("2009-02-13T23:31:30Z").type().name == "google.protobuf.Timestamp");
    CHECK(DUR("1s").type().name == "google.protobuf.Duration");
    CHECK(Value(types::int_type).type() == types::type_type);
    CHECK(Value::error("x").type().name.empty());
    CHECK(Value::error("x").is_exceptional());
    CHECK(Value::unknown({"a"}).is_exceptional());
    CHECK(sizeof(Value) <= 24);
}

TEST_CASE("value: heterogeneous numeric equality") {
    CHECK(eq(I(1), U(1)));
    CHECK(eq(I(1), D(1.0)));
    CHECK(eq(U(1), D(1.0)));
    CHECK(eq(D(1.0), I(1)));
    CHECK_FALSE(eq(I(2), U(1)));
    CHECK_FALSE(eq(I(-1), U(uint_max)));
    CHECK_FALSE(eq(D(nan_v), D(nan_v)));
    CHECK_FALSE(eq(U(1), D(nan_v)));
    CHECK(eq(D(0.0), D(-0.0)));
    CHECK(eq(I(0), D(-0.0)));
    // At 2^63 / 2^64 the integer is rounded to double (the conformance suite's rule).
    CHECK(eq(I(int_max), D(9223372036854775808.0)));
    CHECK(eq(I(int_max - 511), D(9223372036854775808.0)));
    CHECK_FALSE(eq(I(int_max - 512 - 1024), D(9223372036854775808.0)));
    CHECK(eq(I(int_min), D(-9223372036854775808.0)));
    CHECK(eq(U(uint_max), D(18446744073709551616.0)));
    CHECK_FALSE(eq(U(uint_max), D(18446744073709555712.0)));
    CHECK(eq(I(9007199254740992), D(9007199254740992.0)));
    CHECK_FALSE(eq(I(9007199254740993), D(9007199254740992.0)));
    CHECK_FALSE(eq(D(1.5), I(1)));
}

TEST_CASE("value: equality of other types") {
    CHECK(eq(Value(), Value()));
    CHECK_FALSE(eq(Value(false), Value()));
    CHECK_FALSE(eq(I(1), Value()));
    CHECK_FALSE(eq(S(""), Value()));
    CHECK_FALSE(eq(S("1"), I(1)));
    CHECK(eq(S("ίσος"), S("ίσος")));
    CHECK_FALSE(eq(S("Am\xC3\xA9lie"), S("Ame\xCC\x81lie")));
    CHECK(eq(B("\xC3\xBF"), B("\xC3\xBF")));
    CHECK_FALSE(eq(B("a"), S("a")));
    CHECK(eq(Value(types::int_type), Value(types::int_type)));
    CHECK_FALSE(eq(Value(types::int_type), Value(types::uint_type)));
    CHECK(eq(TS("2009-02-13T23:31:30Z"), TS("2009-02-13T23:31:30Z")));
    CHECK_FALSE(eq(TS("2009-02-13T23:31:29Z"), TS("2009-02-13T23:31:30Z")));
    CHECK(eq(DUR("1h"), DUR("3600s")));
    CHECK_FALSE(eq(DUR("60s"), DUR("3600s")));
    CHECK_FALSE(eq(DUR("0s"), Value()));
}

TEST_CASE("value: list and map equality") {
    CHECK(eq(L({}), L({})));
    CHECK(eq(L({Value()}), L({Value()})));
    CHECK(eq(L({D(1), D(2), I(3)}), L({U(1), I(2), U(3)})));
    CHECK_FALSE(eq(L({I(1), I(2), I(3)}), L({I(1), I(3), I(2)})));
    CHECK_FALSE(eq(L({S("one")}), L({I(2), I(3)})));
    CHECK_FALSE(eq(L({I(1), S("dos"), I(3)}), L({I(1), I(2), I(4)})));
    CHECK(eq(L({L({})}), L({L({})})));
    Value nan_list = L({D(nan_v)});
    CHECK_FALSE(eq(nan_list, nan_list));  // the same list holding NaN is not equal to itself
    Value nan_map = M({{S("k"), D(nan_v)}});
    CHECK_FALSE(eq(nan_map, nan_map));

    CHECK(eq(Value::empty_map(), M({})));
    CHECK(eq(M({{S("k"), Value()}}), M({{S("k"), Value()}})));
    CHECK_FALSE(eq(M({{S("k"), I(1)}, {S("j"), I(2)}}), M({{S("k"), I(1)}, {S("j"), Value()}})));
    CHECK(eq(M({{I(1), D(1.0)}, {U(2), U(3)}}), M({{U(1), I(1)}, {I(2), D(3.0)}})));
    CHECK(eq(M({{S("k1"), S("v1")}, {S("k2"), S("v2")}}),
             M({{S("k2"), S("v2")}, {S("k1"), S("v1")}})));
    CHECK_FALSE(eq(M({{S("k"), S("v")}, {S("k1"), S("v1")}}), M({{S("k"), S("v")}})));
    CHECK_FALSE(eq(M({{S("k"), Value(true)}}), M({{S("k1"), Value(true)}})));
    CHECK_FALSE(eq(M({{I(1), S("a")}}), L({I(1)})));
}

TEST_CASE("value: equality with error and unknown") {
    Value err = Value::error("boom");
    Value unk = Value::unknown({"b", "a"});
    CHECK(cel_equals(err, I(1)).is_error());
    CHECK(cel_equals(I(1), err).is_error());
    CHECK(cel_equals(unk, I(1)).is_unknown());
    CHECK(cel_equals(err, unk).is_error());
    Value both = cel_equals(unk, Value::unknown({"c", "a"}));
    REQUIRE(both.is_unknown());
    CHECK(both.unknowns() == UnknownSet{"a", "b", "c"});
    CHECK_FALSE(err.equals(err));
    CHECK(merge_unknowns(Value::unknown({"x"}), Value::unknown({"x", "y"})).unknowns() ==
          UnknownSet{"x", "y"});
}

TEST_CASE("value: identical") {
    CHECK(I(1).identical(I(1)));
    CHECK_FALSE(I(1).identical(U(1)));
    CHECK_FALSE(I(1).identical(D(1)));
    CHECK(D(nan_v).identical(D(nan_v)));
    CHECK(D(-0.0).identical(D(0.0)));
    CHECK(L({I(1), S("a")}).identical(L({I(1), S("a")})));
    CHECK_FALSE(L({I(1)}).identical(L({U(1)})));
    CHECK(M({{S("a"), I(1)}, {I(2), D(nan_v)}}).identical(M({{I(2), D(nan_v)}, {S("a"), I(1)}})));
    CHECK_FALSE(M({{I(1), I(1)}}).identical(M({{U(1), I(1)}})));
    CHECK_FALSE(M({{I(1), I(1)}}).identical(M({{I(1), U(1)}})));
    CHECK(Value::error("a").identical(Value::error("a")));
    CHECK_FALSE(Value::error("a").identical(I(1)));
}

TEST_CASE("value: numeric ordering is exact across types") {
    using PO = std::partial_ordering;
    CHECK(cmp(I(1), U(2)) == PO::less);
    CHECK(cmp(U(1), I(2)) == PO::less);
    CHECK(cmp(I(1), U(1)) == PO::equivalent);
    CHECK(cmp(I(-1), U(0)) == PO::less);
    CHECK(cmp(I(1), U(9223372036854775808ull)) == PO::less);
    CHECK(cmp(U(9223372036854775808ull), I(1)) == PO::greater);
    CHECK(cmp(U(1), I(int_min)) == PO::greater);
    // int vs lossy doubles
    CHECK(cmp(I(int_max), D(9223372036854777857.0)) == PO::less);
    CHECK(cmp(I(int_max), D(-9223372036854777857.0)) == PO::greater);
    CHECK(cmp(I(int_max), D(9223372036854775808.0)) == PO::equivalent);
    CHECK(cmp(I(int_max - 4096), D(9223372036854775808.0)) == PO::less);
    CHECK(cmp(I(int_max - 4094), D(9223372036854771712.0)) == PO::greater);
    CHECK(cmp(I(int_max - 4095), D(9223372036854771712.0)) == PO::equivalent);
    CHECK(cmp(I(int_min), D(-9223372036854775809.0)) == PO::equivalent);  // rounds to -2^63
    CHECK(cmp(I(int_min), D(-9223372036854777857.0)) == PO::greater);
    CHECK(cmp(D(9223372036854775808.0), I(int_max)) == PO::equivalent);
    CHECK(cmp(U(uint_max), D(18446744073709551616.0)) == PO::equivalent);
    CHECK(cmp(U(uint_max - 4096), D(18446744073709551616.0)) == PO::less);
    CHECK(cmp(D(-9223372036854775809.0), I(int_min)) == PO::equivalent);
    CHECK(cmp(I(1), D(1.5)) == PO::less);
    CHECK(cmp(I(-1), D(-1.5)) == PO::greater);
    CHECK(cmp(I(2), D(1.5)) == PO::greater);
    // uint vs doubles
    CHECK(cmp(U(uint_max), D(-1.0)) == PO::greater);
    CHECK(cmp(U(uint_max), D(18446744073709590000.0)) == PO::less);
    CHECK(cmp(D(18446744073709553665.0), U(uint_max)) == PO::greater);
    CHECK(cmp(U(9223372036854775807ull), D(-1.0)) == PO::greater);
    CHECK(cmp(U(0), D(-0.0)) == PO::equivalent);
    CHECK(cmp(U(0), D(-0.5)) == PO::greater);
    CHECK(cmp(U(1), D(1.0)) == PO::equivalent);
    CHECK(cmp(U(1), D(2.0)) == PO::less);
    // doubles
    CHECK(cmp(D(1.0), D(1.0000001)) == PO::less);
    CHECK(cmp(D(nan_v), D(1)) == PO::unordered);
    CHECK(cmp(I(1), D(nan_v)) == PO::unordered);
    CHECK(cmp(U(1), D(nan_v)) == PO::unordered);
    CHECK(cmp(I(int_max), D(inf_v)) == PO::less);
    CHECK(cmp(I(int_min), D(-inf_v)) == PO::greater);
}

TEST_CASE("value: ordering of strings, bytes, bools, time") {
    using PO = std::partial_ordering;
    CHECK(cmp(S("a"), S("b")) == PO::less);
    CHECK(cmp(S(""), S("a")) == PO::less);
    CHECK(cmp(S("abc"), S("abcd")) == PO::less);
    CHECK(cmp(S("a"), S("\xC3\xA1")) == PO::less);  // 'á'
    CHECK(cmp(S("a"), S("AB")) == PO::greater);
    CHECK(cmp(S("f"), S("\xE1\xBA\xBF")) == PO::less);
    CHECK(cmp(S("\xCE\xB1"), S("omega")) == PO::greater);  // 'α'
    CHECK(cmp(B("\xC3\xA1"), B("b")) == PO::greater);      // byte 0xC3 > 'b'
    CHECK(cmp(B(""), B(" ")) == PO::less);
    CHECK(cmp(B(std::string("\x00", 1)), B(" ")) == PO::less);
    CHECK(cmp(Value(false), Value(true)) == PO::less);
    CHECK(cmp(TS("2009-02-13T23:00:00Z"), TS("2009-02-13T22:59:59Z")) == PO::greater);
    CHECK(cmp(TS("2009-02-13T23:00:00.5Z"), TS("2009-02-13T23:00:00.25Z")) == PO::greater);
    CHECK(cmp(DUR("-1.5s"), DUR("-1s")) == PO::less);
    CHECK(cmp(DUR("-0.5s"), DUR("0.25s")) == PO::less);
    CHECK(cmp(DUR("200s"), DUR("200s")) == PO::equivalent);
    // no ordering
    CHECK_FALSE(cmp(S("foo"), I(1024)).has_value());
    CHECK_FALSE(cmp(Value(), Value()).has_value());
    CHECK_FALSE(cmp(L({I(0)}), L({I(1)})).has_value());
    CHECK_FALSE(cmp(M({}), M({})).has_value());
    CHECK_FALSE(cmp(Value(true), I(1)).has_value());
    CHECK_FALSE(cmp(TS("2009-02-13T23:00:00Z"), DUR("1s")).has_value());
}

TEST_CASE("map: make rejects bad and duplicate keys") {
    std::string error;
    CHECK_FALSE(Map::make({{D(3.3), D(15.15)}}, &error).has_value());
    CHECK(error.find("key type") != std::string::npos);
    CHECK_FALSE(Map::make({{Value(), Value(false)}}, &error).has_value());
    CHECK_FALSE(Map::make({{B("x"), I(1)}}).has_value());
    CHECK_FALSE(Map::make({{L({}), I(1)}}).has_value());
    CHECK_FALSE(Map::make({{Value(true), I(1)}, {Value(false), I(2)}, {Value(true), I(3)}},
                          &error)
                    .has_value());
    CHECK(error.find("repeated") != std::string::npos);
    CHECK_FALSE(Map::make({{I(0), I(1)}, {U(0), I(2)}}).has_value());
    CHECK_FALSE(Map::make({{S("a"), I(1)}, {S("a"), I(2)}}).has_value());
    CHECK(Map::make({{Value(true), I(1)}, {I(2), I(2)}, {U(5), I(3)}, {S("s"), I(4)}})
              .has_value());
    CHECK(Map::make({{I(1), I(1)}, {Value(true), I(2)}}).has_value());  // 1 and true differ

    // Large maps (hash index) detect duplicates too.
    std::vector<Map::Entry> entries;
    for (int i = 0; i < 50; ++i) entries.emplace_back(I(i), I(i));
    entries.emplace_back(U(17), I(0));
    CHECK_FALSE(Map::make(entries, &error).has_value());
    CHECK(error.find("17") != std::string::npos);
}

TEST_CASE("map: find matches numeric keys by value") {
    Value m = M({{U(1), D(1.0)}, {I(2), D(2.0)}, {U(3), D(3.0)}});
    const Map& map = m.as_map();
    REQUIRE(map.find(D(3.0)) != nullptr);
    CHECK(map.find(D(3.0))->identical(D(3.0)));
    CHECK(map.find(D(3.1)) == nullptr);
    CHECK(map.find(U(2))->identical(D(2.0)));
    CHECK(map.find(I(1))->identical(D(1.0)));
    CHECK(map.find(I(-1)) == nullptr);
    CHECK(map.find(B("")) == nullptr);
    CHECK(map.find(S("1")) == nullptr);
    CHECK(map.find(D(nan_v)) == nullptr);

    Value mixed = M({{Value(true), I(1)}, {I(2), I(2)}, {U(5), I(3)}});
    CHECK(mixed.as_map().find(Value(true))->identical(I(1)));
    CHECK(mixed.as_map().find(I(1)) == nullptr);
    CHECK(mixed.as_map().find(Value(false)) == nullptr);
}

TEST_CASE("map: large maps use the hash index") {
    std::vector<Map::Entry> entries;
    for (int i = 0; i < 1000; ++i) {
        if (i % 3 == 0) entries.emplace_back(I(i), I(i));
        else if (i % 3 == 1) entries.emplace_back(U(static_cast<std::uint64_t>(i)), I(i));
        else entries.emplace_back(S("k" + std::to_string(i)), I(i));
    }
    entries.emplace_back(I(-5), I(-5));
    entries.emplace_back(Value(true), I(7777));
    entries.emplace_back(I(int_min), I(1));
    entries.emplace_back(U(uint_max), I(2));
    Value m = M(std::move(entries));
    const Map& map = m.as_map();
    CHECK(map.size() == 1004);
    for (int i = 0; i < 1000; ++i) {
        const Value* v = nullptr;
        if (i % 3 == 2) {
            v = map.find(S("k" + std::to_string(i)));
        } else {
            // Any numeric spelling finds it.
            v = map.find(i % 2 == 0 ? U(static_cast<std::uint64_t>(i)) : I(i));
            REQUIRE(map.find(D(i)) != nullptr);
        }
        REQUIRE(v != nullptr);
        CHECK(v->as_int() == i);
    }
    CHECK(map.find(I(-5))->as_int() == -5);
    CHECK(map.find(D(-5.0))->as_int() == -5);
    CHECK(map.find(D(-5.5)) == nullptr);
    CHECK(map.find(Value(true))->as_int() == 7777);
    CHECK(map.find(Value(false)) == nullptr);
    CHECK(map.find(I(int_min))->as_int() == 1);
    CHECK(map.find(D(-9223372036854775808.0))->as_int() == 1);
    CHECK(map.find(U(uint_max))->as_int() == 2);
    CHECK(map.find(D(18446744073709551616.0)) == nullptr);
    CHECK(map.find(D(9223372036854775808.0)) == nullptr);  // keys match exactly
    CHECK(map.find(S("k0")) == nullptr);
    CHECK(map.find(I(1000)) == nullptr);
    CHECK(map.find(Value()) == nullptr);

    // Equality between an indexed and a small map with the same entries.
    std::vector<Map::Entry> a, b;
    for (int i = 0; i < 20; ++i) {
        a.emplace_back(I(i), S(std::to_string(i)));
        b.emplace_back(U(static_cast<std::uint64_t>(19 - i)), S(std::to_string(19 - i)));
    }
    CHECK(eq(M(a), M(b)));
}

TEST_CASE("value: to_cel renders CEL syntax") {
    CHECK(Value().to_cel() == "null");
    CHECK(Value(true).to_cel() == "true");
    CHECK(I(-42).to_cel() == "-42");
    CHECK(U(7).to_cel() == "7u");
    CHECK(D(1.0).to_cel() == "1.0");
    CHECK(D(1.5).to_cel() == "1.5");
    CHECK(D(-0.0).to_cel() == "-0.0");
    CHECK(D(1e30).to_cel() == "1e+30");
    CHECK(D(1e-7).to_cel() == "1e-07");
    CHECK(D(123456789.0).to_cel() == "123456789.0");
    CHECK(D(nan_v).to_cel() == "double(\"NaN\")");
    CHECK(D(-inf_v).to_cel() == "double(\"-Infinity\")");
    CHECK(S("a\"b\\c\nd\x01").to_cel() == "\"a\\\"b\\\\c\\nd\\x01\"");
    CHECK(S("\xC3\xBF").to_cel() == "\"\xC3\xBF\"");
    CHECK(B(std::string("\x00\xFFz", 3)).to_cel() == "b\"\\x00\\xffz\"");
    CHECK(L({I(1), S("a"), L({})}).to_cel() == "[1, \"a\", []]");
    CHECK(M({{S("k"), U(1)}, {I(2), Value()}}).to_cel() == "{\"k\": 1u, 2: null}");
    CHECK(TS("2009-02-13T23:31:30Z").to_cel() == "timestamp(\"2009-02-13T23:31:30Z\")");
    CHECK(DUR("1.5s").to_cel() == "duration(\"1.5s\")");
    CHECK(Value(types::timestamp_type).to_cel() == "google.protobuf.Timestamp");
    CHECK(Value::error("boom").to_cel() == "error: boom");
    CHECK(Value::unknown({"b", "a"}).to_cel() == "unknown: {a, b}");
}

TEST_CASE("type: to_string and parse") {
    CHECK(Type::int64().to_string() == "int");
    CHECK(Type::list(Type::int64()).to_string() == "list(int)");
    CHECK(Type::map(Type::string(), Type::dyn()).to_string() == "map(string, dyn)");
    CHECK(Type::timestamp().to_string() == "google.protobuf.Timestamp");
    CHECK(Type::duration().to_string() == "google.protobuf.Duration");
    CHECK(Type::null().to_string() == "null_type");
    CHECK(Type::type().to_string() == "type");
    CHECK(Type::type(Type::int64()).to_string() == "type(int)");
    CHECK(Type::list(Type::param("A")).to_string() == "list(A)");

    const char* round_trip[] = {"int", "uint", "double", "bool", "string", "bytes", "dyn",
                                "null_type", "type", "list(int)", "map(string, dyn)",
                                "list(map(int, list(string)))", "google.protobuf.Timestamp",
                                "google.protobuf.Duration", "type(int)", "map(A, B)"};
    for (const char* text : round_trip) {
        auto t = Type::parse(text);
        REQUIRE_MESSAGE(t.has_value(), text);
        CHECK(t->to_string() == text);
    }
    CHECK(Type::parse("timestamp") == Type::timestamp());
    CHECK(Type::parse("duration") == Type::duration());
    CHECK(Type::parse("null") == Type::null());
    CHECK(Type::parse(" map( string ,string ) ") ==
          Type::map(Type::string(), Type::string()));
    CHECK(Type::parse("list") == Type::list(Type::dyn()));
    CHECK(Type::parse("map") == Type::map(Type::dyn(), Type::dyn()));
    CHECK_FALSE(Type::parse("").has_value());
    CHECK_FALSE(Type::parse("list(int").has_value());
    CHECK_FALSE(Type::parse("map(int)").has_value());
    CHECK_FALSE(Type::parse("int(int)").has_value());
    CHECK_FALSE(Type::parse("list(int) x").has_value());
    CHECK_FALSE(Type::parse("foo.Bar").has_value());
    CHECK_FALSE(Type::parse("list(,)").has_value());
}

TEST_CASE("function: registry, ids and value_matches") {
    FunctionRegistry reg;
    reg.add_member("startsWith", [](std::string_view s, std::string_view p) {
        return s.starts_with(p);
    });
    reg.add_global("f", [](std::int64_t a) { return a + 1; });
    reg.add_global("f", [](double a) { return a; });
    CHECK(reg.contains("f"));
    CHECK_FALSE(reg.contains("g"));
    REQUIRE(reg.find("f").size() == 2);
    CHECK(reg.find("startsWith")[0]->id() == "string.startsWith(string)");
    CHECK(reg.find("f")[0]->id() == "f(int)");
    CHECK(reg.find("f")[0]->result == Type::int64());
    // Same signature replaces.
    reg.add_global("f", [](std::int64_t a) { return a + 2; });
    REQUIRE(reg.find("f").size() == 2);
    std::vector<Value> args{I(1)};
    CHECK(reg.find("f")[0]->impl(args).as_int() == 3);

    CHECK(value_matches(Type::dyn(), Value()));
    CHECK(value_matches(Type::param("A"), I(1)));
    CHECK(value_matches(Type::int64(), I(1)));
    CHECK_FALSE(value_matches(Type::int64(), U(1)));
    CHECK(value_matches(Type::list(Type::int64()), L({S("x")})));
    CHECK_FALSE(value_matches(Type::list(Type::dyn()), M({})));
    CHECK(value_matches(Type::map(Type::dyn(), Type::dyn()), M({})));
    CHECK(value_matches(Type::null(), Value()));
    CHECK_FALSE(value_matches(Type::null(), I(0)));
    CHECK(value_matches(Type::type(), Value(types::int_type)));
    CHECK(value_matches(Type::timestamp(), TS("2000-01-01T00:00:00Z")));
    CHECK_FALSE(value_matches(Type::duration(), TS("2000-01-01T00:00:00Z")));
}

TEST_CASE("time_util: timestamps") {
    auto t = parse_timestamp("2009-02-13T23:31:30Z");
    REQUIRE(t);
    CHECK(t->seconds == 1234567890);
    CHECK(t->nanos == 0);
    CHECK(parse_timestamp("2009-02-13T23:31:30.123456789Z")->nanos == 123456789);
    CHECK(parse_timestamp("2009-02-13T23:31:30.5Z")->nanos == 500000000);
    CHECK(parse_timestamp("2023-08-26T12:39:00-07:00")->seconds ==
          parse_timestamp("2023-08-26T19:39:00Z")->seconds);
    CHECK(parse_timestamp("2023-08-26T12:39:00+05:30")->seconds ==
          parse_timestamp("2023-08-26T07:09:00Z")->seconds);
    CHECK(parse_timestamp("1970-01-01t00:00:00z")->seconds == 0);
    CHECK(parse_timestamp("0001-01-01T00:00:00Z")->seconds == min_timestamp_seconds);
    CHECK(parse_timestamp("9999-12-31T23:59:59.999999999Z")->seconds == max_timestamp_seconds);
    CHECK(parse_timestamp("1969-12-31T23:59:59.5Z")->seconds == -1);
    CHECK_FALSE(parse_timestamp("0000-01-01T00:00:00Z"));
    CHECK_FALSE(parse_timestamp("10000-01-01T00:00:00Z"));
    CHECK_FALSE(parse_timestamp("0001-01-01T00:00:00+00:01"));
    CHECK_FALSE(parse_timestamp("2009-02-30T00:00:00Z"));
    CHECK(parse_timestamp("2008-02-29T00:00:00Z"));
    CHECK_FALSE(parse_timestamp("2009-02-29T00:00:00Z"));
    CHECK_FALSE(parse_timestamp("2009-13-01T00:00:00Z"));
    CHECK_FALSE(parse_timestamp("2009-02-13T24:00:00Z"));
    CHECK_FALSE(parse_timestamp("2009-02-13T23:31:30"));
    CHECK_FALSE(parse_timestamp("2009-02-13 23:31:30Z"));
    CHECK_FALSE(parse_timestamp("2009-02-13T23:31:30.Z"));
    CHECK_FALSE(parse_timestamp("2009-02-13T23:31:30Zjunk"));
    CHECK_FALSE(parse_timestamp(""));

    CHECK(format_timestamp(*t) == "2009-02-13T23:31:30Z");
    CHECK(format_timestamp({-62135596800, 0}) == "0001-01-01T00:00:00Z");
    CHECK(format_timestamp({253402300799, 999999999}) == "9999-12-31T23:59:59.999999999Z");
    CHECK(format_timestamp({0, 500000000}) == "1970-01-01T00:00:00.5Z");
    CHECK(format_timestamp({-1, 0}) == "1969-12-31T23:59:59Z");

    CivilTime c = to_civil(*t);
    CHECK(c.year == 2009);
    CHECK(c.month == 2);
    CHECK(c.day == 13);
    CHECK(c.hour == 23);
    CHECK(c.day_of_week == 5);
    CHECK(c.day_of_year == 43);
    CHECK(to_civil(*t, 3600).day == 14);
    CHECK(to_civil({-62135596800, 0}).day_of_week == 1);  // 0001-01-01 was a Monday
}

TEST_CASE("time_util: durations") {
    CHECK(parse_duration("1.5s") == Duration{1, 500000000});
    CHECK(parse_duration("1.500s") == Duration{1, 500000000});
    CHECK(parse_duration("-1.5s") == Duration{-1, -500000000});
    CHECK(parse_duration("1h2m3.5s") == Duration{3723, 500000000});
    CHECK(parse_duration("100ms") == Duration{0, 100000000});
    CHECK(parse_duration("10us") == Duration{0, 10000});
    CHECK(parse_duration("10\xC2\xB5s") == Duration{0, 10000});
    CHECK(parse_duration("5ns") == Duration{0, 5});
    CHECK(parse_duration("-999999999ns") == Duration{0, -999999999});
    CHECK(parse_duration("0") == Duration{});
    CHECK(parse_duration("-0") == Duration{});
    CHECK(parse_duration("0s") == Duration{});
    CHECK(parse_duration("-1.5h") == Duration{-5400, 0});
    CHECK(parse_duration(".5s") == Duration{0, 500000000});
    CHECK(parse_duration("1h34us") == Duration{3600, 34000});
    CHECK(parse_duration("+3s") == Duration{3, 0});
    CHECK(parse_duration("123.321456789s") == Duration{123, 321456789});
    CHECK(parse_duration("1000000s") == Duration{1000000, 0});
    CHECK(parse_duration("9223372036.854775807s") == Duration{9223372036, 854775807});
    CHECK(parse_duration("-9223372036.854775808s") == Duration{-9223372036, -854775808});
    CHECK_FALSE(parse_duration("9223372036.854775808s"));
    CHECK_FALSE(parse_duration("320000000000s"));
    CHECK_FALSE(parse_duration(""));
    CHECK_FALSE(parse_duration("-"));
    CHECK_FALSE(parse_duration("1"));
    CHECK_FALSE(parse_duration("1d"));
    CHECK_FALSE(parse_duration("s"));
    CHECK_FALSE(parse_duration("1.s.s"));
    CHECK_FALSE(parse_duration("1s "));
    CHECK_FALSE(parse_duration("99999999999999999999999999999999999999999h"));

    CHECK(format_duration({1, 500000000}) == "1.5s");
    CHECK(format_duration({1000000, 0}) == "1000000s");
    CHECK(format_duration({0, 0}) == "0s");
    CHECK(format_duration({0, -1000000}) == "-0.001s");
    CHECK(format_duration({-60, -1000000}) == "-60.001s");
    CHECK(format_duration({123, 321456789}) == "123.321456789s");

    CHECK(duration_in_range({9223372036, 854775807}));
    CHECK_FALSE(duration_in_range({9223372036, 854775808}));
    CHECK_FALSE(duration_in_range({1, -1}));
    CHECK_FALSE(negate_duration({-9223372036, -854775808}));
}

TEST_CASE("time_util: zones") {
    Timestamp t{1234567890, 0};  // 2009-02-13T23:31:30Z
    std::string error;
    CHECK(zone_offset("UTC", t) == 0);
    CHECK(zone_offset("+05:30", t) == 19800);
    CHECK(zone_offset("-08:00", t) == -28800);
    CHECK(zone_offset("02:00", t) == 7200);
    CHECK(zone_offset("-00:00", t) == 0);
    CHECK(zone_offset("-02:30", t) == -9000);
    CHECK(zone_offset("America/Los_Angeles", t) == -28800);
    CHECK(zone_offset("America/Los_Angeles", Timestamp{1246500000, 0}) == -25200);  // July
    CHECK(zone_offset("Asia/Kathmandu", t) == 20700);
    CHECK(zone_offset("US/Central", t) == -21600);
    CHECK_FALSE(zone_offset("Mars/Olympus_Mons", t, &error));
    CHECK(error.find("Mars/Olympus_Mons") != std::string::npos);
    CHECK_FALSE(zone_offset("+5:3", t));
    CHECK_FALSE(zone_offset("+25:00", t));
    CHECK_FALSE(zone_offset("", t));
}
