#include "rules/compile/functions.hpp"
#include "text/date.hpp"

#include <fmt/format.h>

#include <chrono>

namespace talentrules::rules {
namespace {

using namespace std::chrono;
using cel::Error;
using cel::Result;
using cel::Timestamp;

constexpr std::int64_t seconds_per_day = 86400;

std::int64_t floor_days(std::int64_t seconds) {
    return seconds >= 0 ? seconds / seconds_per_day : -((-seconds + seconds_per_day - 1) / seconds_per_day);
}

year_month_day civil(Timestamp t) {
    return year_month_day{sys_days{std::chrono::days{floor_days(t.seconds)}}};
}

Result<Timestamp> from_civil(year_month_day ymd, std::int64_t time_of_day = 0, std::int32_t nanos = 0) {
    if (!ymd.ok()) return Error{"invalid date"};
    const auto days = sys_days{ymd}.time_since_epoch().count();
    const std::int64_t seconds = static_cast<std::int64_t>(days) * seconds_per_day + time_of_day;
    if (seconds < cel::min_timestamp_seconds || seconds > cel::max_timestamp_seconds) {
        return Error{"date out of range"};
    }
    return Timestamp{seconds, nanos};
}

std::int64_t time_of_day(Timestamp t) { return t.seconds - floor_days(t.seconds) * seconds_per_day; }

// Completed months from `a` to `b` (negative when b is before a).
std::int64_t completed_months(Timestamp a, Timestamp b) {
    if (b < a) return -completed_months(b, a);
    const auto x = civil(a), y = civil(b);
    std::int64_t months = (int(y.year()) - int(x.year())) * 12LL +
                          (static_cast<int>(unsigned(y.month())) - static_cast<int>(unsigned(x.month())));
    if (unsigned(y.day()) < unsigned(x.day())) --months;
    return months;
}

Result<Timestamp> plus_months(Timestamp t, std::int64_t n) {
    if (n > 120000 || n < -120000) return Error{"date out of range"};
    const auto x = civil(t);
    const std::int64_t total = int(x.year()) * 12LL + (unsigned(x.month()) - 1) + n;
    const std::int64_t y = total >= 0 ? total / 12 : (total - 11) / 12;
    if (y < 1 || y > 9999) return Error{"date out of range"};
    const auto yy = year{static_cast<int>(y)};
    const auto mm = month{static_cast<unsigned>(total - y * 12 + 1)};
    const auto last_day = year_month_day_last{yy / mm / last}.day();
    return from_civil(year_month_day{yy, mm, std::min(x.day(), last_day)}, time_of_day(t), t.nanos);
}

}  // namespace

std::optional<Timestamp> parse_date(std::string_view s) { return text::parse_date(s); }

std::string format_date(Timestamp t) {
    const auto d = civil(t);
    return fmt::format("{:04}-{:02}-{:02}", int(d.year()), unsigned(d.month()), unsigned(d.day()));
}

void register_rule_functions(cel::FunctionRegistry& reg) {
    reg.add_global("date", [](std::string_view s) -> Result<Timestamp> {
        if (auto t = parse_date(s)) return *t;
        return Error{fmt::format("'{}' is not a valid date (YYYY-MM-DD)", s)};
    }, "A calendar date 'YYYY-MM-DD' as a timestamp at 00:00 UTC");
    reg.add_global("age_on", [](Timestamp birth, Timestamp on) -> std::int64_t {
        return completed_months(birth, on) / 12;
    }, "Age in completed years (周岁) on a date");
    reg.add_global("months_between", [](Timestamp from, Timestamp to) -> std::int64_t {
        return completed_months(from, to);
    }, "Completed calendar months from the first date to the second (negative if earlier)");
    reg.add_global("years_between", [](Timestamp from, Timestamp to) -> std::int64_t {
        return completed_months(from, to) / 12;
    }, "Completed years from the first date to the second (negative if earlier)");
    reg.add_global("days_between", [](Timestamp from, Timestamp to) -> std::int64_t {
        return floor_days(to.seconds) - floor_days(from.seconds);
    }, "Calendar days from the first date to the second");
    reg.add_global("add_days", [](Timestamp t, std::int64_t n) -> Result<Timestamp> {
        if (n > 4'000'000 || n < -4'000'000) return Error{"date out of range"};
        const std::int64_t s = t.seconds + n * seconds_per_day;
        if (s < cel::min_timestamp_seconds || s > cel::max_timestamp_seconds) return Error{"date out of range"};
        return Timestamp{s, t.nanos};
    }, "The date n days later (earlier for negative n)");
    reg.add_global("add_months", [](Timestamp t, std::int64_t n) -> Result<Timestamp> {
        return plus_months(t, n);
    }, "The date n calendar months later; the day is clamped to the month's end");
    reg.add_global("add_years", [](Timestamp t, std::int64_t n) -> Result<Timestamp> {
        if (n > 10000 || n < -10000) return Error{"date out of range"};
        return plus_months(t, n * 12);
    }, "The date n years later; 29 February becomes 28 February in common years");
    // Caps and floors are everywhere in subsidy rules ("2 per year, at most 5 years").
    reg.add_global("min", [](std::int64_t a, std::int64_t b) -> std::int64_t { return a < b ? a : b; },
                   "The smaller of two integers");
    reg.add_global("max", [](std::int64_t a, std::int64_t b) -> std::int64_t { return a < b ? b : a; },
                   "The larger of two integers");
    reg.add_global("min", [](double a, double b) -> double { return a < b ? a : b; },
                   "The smaller of two numbers");
    reg.add_global("max", [](double a, double b) -> double { return a < b ? b : a; },
                   "The larger of two numbers");
}

}  // namespace talentrules::rules
