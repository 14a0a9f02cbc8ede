// The standard library's conversions (int(), uint(), double(), string(), bytes(), bool(),
// dyn(), type(), timestamp(), duration()), tested through the registry.

#include "functions_support.hpp"

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
