#include "text/date.hpp"

#include <chrono>

namespace talentrules::text {
namespace {

struct Parts {
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
};

// The digits of "YYYY-MM-DD", whether or not they name a day.
std::optional<Parts> split_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int v[3] = {0, 0, 0};
    const std::size_t at[3] = {0, 5, 8}, len[3] = {4, 2, 2};
    for (int i = 0; i < 3; ++i) {
        for (std::size_t k = 0; k < len[i]; ++k) {
            const char c = s[at[i] + k];
            if (c < '0' || c > '9') return std::nullopt;  // no sign, no blanks (from_chars takes '-')
            v[i] = v[i] * 10 + (c - '0');
        }
    }
    return Parts{v[0], unsigned(v[1]), unsigned(v[2])};
}

std::optional<cel::Timestamp> to_timestamp(const Parts& p) {
    const std::chrono::year_month_day ymd{std::chrono::year{p.year}, std::chrono::month{p.month},
                                          std::chrono::day{p.day}};
    if (p.year < 1 || !ymd.ok()) return std::nullopt;
    const auto days = std::chrono::sys_days(ymd).time_since_epoch().count();
    return cel::Timestamp{static_cast<std::int64_t>(days) * 86'400, 0};
}

}  // namespace

std::optional<cel::Timestamp> parse_date(std::string_view s) {
    const auto parts = split_date(s);
    return parts ? to_timestamp(*parts) : std::nullopt;
}

bool valid_date(std::string_view text) { return parse_date(text).has_value(); }

DateForm classify_date(std::string_view text) {
    const auto parts = split_date(text);
    if (!parts) return DateForm::malformed;
    return to_timestamp(*parts) ? DateForm::valid : DateForm::nonexistent;
}

DateForm classify_datetime_date(std::string_view text) {
    if (text.size() <= 10 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')) return DateForm::malformed;
    const DateForm date = classify_date(text.substr(0, 10));
    return date == DateForm::nonexistent ? DateForm::nonexistent : DateForm::malformed;
}

}  // namespace talentrules::text
