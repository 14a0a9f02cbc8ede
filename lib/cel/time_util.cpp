#include "cel/time_util.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <limits>

namespace talentrules::cel {

namespace {

__extension__ typedef __int128 i128;

constexpr std::int64_t nanos_per_second = 1'000'000'000;
constexpr std::int64_t seconds_per_day = 86'400;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// Reads exactly `n` decimal digits at `pos`.
bool read_fixed(std::string_view s, std::size_t& pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        char c = s[pos + i];
        if (!is_digit(c)) return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    pos += n;
    return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

std::optional<Duration> duration_from_nanos(i128 total) {
    if (total < static_cast<i128>(std::numeric_limits<std::int64_t>::min()) ||
        total > static_cast<i128>(std::numeric_limits<std::int64_t>::max()))
        return std::nullopt;
    auto n = static_cast<std::int64_t>(total);
    return Duration{n / nanos_per_second, static_cast<std::int32_t>(n % nanos_per_second)};
}

i128 total_nanos(Duration d) {
    return static_cast<i128>(d.seconds) * nanos_per_second + d.nanos;
}

/// Appends ".fffffffff" with trailing zeros trimmed (nothing when nanos == 0).
void append_fraction(std::string& out, std::int64_t nanos) {
    if (nanos == 0) return;
    char buf[16];
    std::snprintf(buf, sizeof buf, ".%09lld", static_cast<long long>(nanos));
    std::string_view f(buf);
    while (f.back() == '0') f.remove_suffix(1);
    out += f;
}

/// "[+-]H{1,2}:MM" -> seconds east of UTC.
std::optional<std::int64_t> parse_fixed_offset(std::string_view tz) {
    std::size_t pos = 0;
    bool neg = false;
    if (pos < tz.size() && (tz[pos] == '+' || tz[pos] == '-')) {
        neg = tz[pos] == '-';
        ++pos;
    }
    std::size_t colon = tz.find(':', pos);
    if (colon == std::string_view::npos) return std::nullopt;
    std::size_t hour_digits = colon - pos;
    if (hour_digits < 1 || hour_digits > 2) return std::nullopt;
    int hours = 0, minutes = 0;
    if (!read_fixed(tz, pos, hour_digits, hours)) return std::nullopt;
    ++pos;  // ':'
    if (!read_fixed(tz, pos, 2, minutes) || pos != tz.size()) return std::nullopt;
    if (hours > 23 || minutes > 59) return std::nullopt;
    std::int64_t offset = hours * 3600 + minutes * 60;
    return neg ? -offset : offset;
}

}  // namespace

bool timestamp_in_range(Timestamp t) {
    return t.seconds >= min_timestamp_seconds && t.seconds <= max_timestamp_seconds &&
           t.nanos >= 0 && t.nanos < nanos_per_second;
}

bool duration_in_range(Duration d) {
    if (d.nanos <= -nanos_per_second || d.nanos >= nanos_per_second) return false;
    if ((d.seconds > 0 && d.nanos < 0) || (d.seconds < 0 && d.nanos > 0)) return false;
    i128 total = total_nanos(d);
    return total >= static_cast<i128>(std::numeric_limits<std::int64_t>::min()) &&
           total <= static_cast<i128>(std::numeric_limits<std::int64_t>::max());
}

std::optional<Timestamp> make_timestamp(std::int64_t seconds, std::int64_t nanos) {
    i128 s = static_cast<i128>(seconds) + floor_div(nanos, nanos_per_second);
    std::int64_t n = nanos - floor_div(nanos, nanos_per_second) * nanos_per_second;
    if (s < min_timestamp_seconds || s > max_timestamp_seconds) return std::nullopt;
    return Timestamp{static_cast<std::int64_t>(s), static_cast<std::int32_t>(n)};
}

std::optional<Duration> make_duration(std::int64_t seconds, std::int64_t nanos) {
    return duration_from_nanos(static_cast<i128>(seconds) * nanos_per_second + nanos);
}

std::optional<Timestamp> add_duration(Timestamp t, Duration d) {
    i128 s = static_cast<i128>(t.seconds) + d.seconds;
    std::int64_t n = static_cast<std::int64_t>(t.nanos) + d.nanos;
    s += floor_div(n, nanos_per_second);
    n -= floor_div(n, nanos_per_second) * nanos_per_second;
    if (s < min_timestamp_seconds || s > max_timestamp_seconds) return std::nullopt;
    return Timestamp{static_cast<std::int64_t>(s), static_cast<std::int32_t>(n)};
}

std::optional<Timestamp> subtract_duration(Timestamp t, Duration d) {
    i128 s = static_cast<i128>(t.seconds) - d.seconds;
    std::int64_t n = static_cast<std::int64_t>(t.nanos) - d.nanos;
    s += floor_div(n, nanos_per_second);
    n -= floor_div(n, nanos_per_second) * nanos_per_second;
    if (s < min_timestamp_seconds || s > max_timestamp_seconds) return std::nullopt;
    return Timestamp{static_cast<std::int64_t>(s), static_cast<std::int32_t>(n)};
}

std::optional<Duration> subtract_timestamps(Timestamp a, Timestamp b) {
    i128 total = (static_cast<i128>(a.seconds) - b.seconds) * nanos_per_second +
                 (static_cast<i128>(a.nanos) - b.nanos);
    return duration_from_nanos(total);
}

std::optional<Duration> add_durations(Duration a, Duration b) {
    return duration_from_nanos(total_nanos(a) + total_nanos(b));
}

std::optional<Duration> subtract_durations(Duration a, Duration b) {
    return duration_from_nanos(total_nanos(a) - total_nanos(b));
}

std::optional<Duration> negate_duration(Duration d) {
    return duration_from_nanos(-total_nanos(d));
}

CivilTime to_civil(Timestamp t, std::int64_t utc_offset_seconds) {
    std::int64_t local = t.seconds + utc_offset_seconds;
    std::int64_t days = floor_div(local, seconds_per_day);
    std::int64_t sod = local - days * seconds_per_day;
    date::sys_days day{date::days{days}};
    date::year_month_day ymd{day};
    CivilTime c;
    c.year = static_cast<int>(ymd.year());
    c.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    c.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
    c.hour = static_cast<int>(sod / 3600);
    c.minute = static_cast<int>((sod / 60) % 60);
    c.second = static_cast<int>(sod % 60);
    c.nanos = t.nanos;
    c.day_of_week = static_cast<int>(date::weekday{day}.c_encoding());
    c.day_of_year =
        static_cast<int>((day - date::sys_days{ymd.year() / date::January / 1}).count());
    return c;
}

std::optional<Timestamp> parse_timestamp(std::string_view s) {
    std::size_t pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!read_fixed(s, pos, 4, year) || !expect(s, pos, '-') || !read_fixed(s, pos, 2, month) ||
        !expect(s, pos, '-') || !read_fixed(s, pos, 2, day))
        return std::nullopt;
    if (pos >= s.size() || (s[pos] != 'T' && s[pos] != 't')) return std::nullopt;
    ++pos;
    if (!read_fixed(s, pos, 2, hour) || !expect(s, pos, ':') || !read_fixed(s, pos, 2, minute) ||
        !expect(s, pos, ':') || !read_fixed(s, pos, 2, second))
        return std::nullopt;
    std::int64_t nanos = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        std::size_t digits = 0;
        while (pos < s.size() && is_digit(s[pos])) {
            if (digits < 9) nanos = nanos * 10 + (s[pos] - '0');
            ++digits;
            ++pos;
        }
        if (digits == 0) return std::nullopt;
        for (std::size_t i = digits; i < 9; ++i) nanos *= 10;
    }
    std::int64_t offset = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        bool neg = s[pos] == '-';
        ++pos;
        int oh = 0, om = 0;
        if (!read_fixed(s, pos, 2, oh) || !expect(s, pos, ':') || !read_fixed(s, pos, 2, om))
            return std::nullopt;
        if (oh > 23 || om > 59) return std::nullopt;
        offset = (oh * 3600 + om * 60) * (neg ? -1 : 1);
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
    date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                             date::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) return std::nullopt;
    std::int64_t days = date::sys_days{ymd}.time_since_epoch().count();
    std::int64_t secs = days * seconds_per_day + hour * 3600 + minute * 60 + second - offset;
    return make_timestamp(secs, nanos);
}

std::string format_timestamp(Timestamp t) {
    CivilTime c = to_civil(t);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d",
                  static_cast<long long>(c.year), c.month, c.day, c.hour, c.minute, c.second);
    std::string out(buf);
    append_fraction(out, t.nanos);
    out += 'Z';
    return out;
}

std::optional<Duration> parse_duration(std::string_view s) {
    bool neg = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s == "0") return Duration{};
    if (s.empty()) return std::nullopt;
    // Anything beyond 2^64 (whole units or nanoseconds in total) is out of range anyway;
    // the caps keep every intermediate product well inside 128 bits.
    i128 total = 0;
    const i128 cap = static_cast<i128>(1) << 64;
    while (!s.empty()) {
        if (!(s[0] == '.' || is_digit(s[0]))) return std::nullopt;
        // Integer part.
        i128 whole = 0;
        std::size_t int_digits = 0;
        while (!s.empty() && is_digit(s[0])) {
            whole = whole * 10 + (s[0] - '0');
            if (whole > cap) return std::nullopt;
            ++int_digits;
            s.remove_prefix(1);
        }
        // Fraction.
        i128 frac = 0;
        i128 frac_scale = 1;
        std::size_t frac_digits = 0;
        if (!s.empty() && s[0] == '.') {
            s.remove_prefix(1);
            while (!s.empty() && is_digit(s[0])) {
                if (frac_digits < 18) {  // further digits are below a nanosecond
                    frac = frac * 10 + (s[0] - '0');
                    frac_scale *= 10;
                }
                ++frac_digits;
                s.remove_prefix(1);
            }
        }
        if (int_digits == 0 && frac_digits == 0) return std::nullopt;
        // Unit.
        std::size_t u = 0;
        while (u < s.size() && s[u] != '.' && !is_digit(s[u])) ++u;
        std::string_view unit = s.substr(0, u);
        s.remove_prefix(u);
        std::int64_t scale = 0;
        if (unit == "ns") scale = 1;
        else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") scale = 1'000;
        else if (unit == "ms") scale = 1'000'000;
        else if (unit == "s") scale = nanos_per_second;
        else if (unit == "m") scale = 60 * nanos_per_second;
        else if (unit == "h") scale = 3600 * nanos_per_second;
        else return std::nullopt;
        total += whole * scale + frac * scale / frac_scale;
        if (total > cap) return std::nullopt;
    }
    return duration_from_nanos(neg ? -total : total);
}

std::string format_duration(Duration d) {
    std::string out;
    if (d.seconds < 0 || d.nanos < 0) out += '-';
    // |seconds| fits: |INT64_MIN| is never a duration's seconds (range is ±9.2e9 s).
    std::uint64_t secs = d.seconds < 0 ? static_cast<std::uint64_t>(-(d.seconds + 1)) + 1
                                       : static_cast<std::uint64_t>(d.seconds);
    out += std::to_string(secs);
    append_fraction(out, d.nanos < 0 ? -static_cast<std::int64_t>(d.nanos) : d.nanos);
    out += 's';
    return out;
}

std::optional<std::int64_t> zone_offset(std::string_view tz, Timestamp at, std::string* error) {
    if (tz == "UTC" || tz == "Z") return 0;
    if (tz.find(':') != std::string_view::npos) {
        if (auto off = parse_fixed_offset(tz)) return off;
        if (error) *error = "invalid time zone offset '" + std::string(tz) + "'";
        return std::nullopt;
    }
    try {
        const date::time_zone* zone = date::locate_zone(std::string(tz));
        auto info = zone->get_info(date::sys_seconds{std::chrono::seconds{at.seconds}});
        return static_cast<std::int64_t>(info.offset.count());
    } catch (const std::exception&) {
        if (error) *error = "unknown time zone '" + std::string(tz) + "'";
        return std::nullopt;
    }
}

}  // namespace talentrules::cel
