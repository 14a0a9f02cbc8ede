// The standard library's timestamp and duration arithmetic and accessors, tested
// through the registry.

#include "functions_support.hpp"

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
