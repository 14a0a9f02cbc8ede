// Timestamp accessors (getFullYear, getMonth, getDayOfYear, getDayOfMonth, getDate,
// getDayOfWeek, getHours, getMinutes, getSeconds, getMilliseconds), each in UTC or in a
// time zone given as a string ("UTC", IANA name, "+05:30"); duration accessors
// (getHours, getMinutes, getSeconds: totals, truncated; getMilliseconds: the millisecond
// part of the fraction, as cel-spec says).

#include "cel/functions/families.hpp"
#include "cel/time_util.hpp"

namespace talentrules::cel {

namespace {

using i64 = std::int64_t;
using Field = i64 (*)(const CivilTime&);

struct Accessor {
    const char* name;
    Field field;
    const char* doc;
};

const Accessor timestamp_accessors[] = {
    {"getFullYear", [](const CivilTime& c) -> i64 { return c.year; }, "the year"},
    {"getMonth", [](const CivilTime& c) -> i64 { return c.month - 1; },
     "the month, 0-based (0 = January)"},
    {"getDayOfYear", [](const CivilTime& c) -> i64 { return c.day_of_year; },
     "the day of the year, 0-based"},
    {"getDayOfMonth", [](const CivilTime& c) -> i64 { return c.day - 1; },
     "the day of the month, 0-based"},
    {"getDate", [](const CivilTime& c) -> i64 { return c.day; },
     "the day of the month, 1-based"},
    {"getDayOfWeek", [](const CivilTime& c) -> i64 { return c.day_of_week; },
     "the day of the week, 0 = Sunday"},
    {"getHours", [](const CivilTime& c) -> i64 { return c.hour; }, "the hour (0-23)"},
    {"getMinutes", [](const CivilTime& c) -> i64 { return c.minute; }, "the minute (0-59)"},
    {"getSeconds", [](const CivilTime& c) -> i64 { return c.second; }, "the second (0-59)"},
    {"getMilliseconds", [](const CivilTime& c) -> i64 { return c.nanos / 1'000'000; },
     "the millisecond within the second (0-999)"},
};

}  // namespace

void register_time(FunctionRegistry& r) {
    for (const Accessor& a : timestamp_accessors) {
        const Field field = a.field;
        r.add_member(a.name, [field](Timestamp t) { return field(to_civil(t)); },
                     std::string(a.doc) + " of a timestamp, in UTC");
        r.add_member(a.name, [field](Timestamp t, std::string_view tz) -> Result<i64> {
            std::string error;
            auto offset = zone_offset(tz, t, &error);
            if (!offset) return Error{std::move(error)};
            return field(to_civil(t, *offset));
        }, std::string(a.doc) + " of a timestamp, in a time zone (\"UTC\", IANA, \"+05:30\")");
    }
    r.add_member("getHours", [](Duration d) -> i64 { return d.seconds / 3600; },
                 "whole hours in a duration");
    r.add_member("getMinutes", [](Duration d) -> i64 { return d.seconds / 60; },
                 "whole minutes in a duration");
    r.add_member("getSeconds", [](Duration d) -> i64 { return d.seconds; },
                 "whole seconds in a duration");
    r.add_member("getMilliseconds", [](Duration d) -> i64 { return d.nanos / 1'000'000; },
                 "the milliseconds part of a duration's fraction of a second");
}

}  // namespace talentrules::cel
