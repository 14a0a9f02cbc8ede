#include "text/date.hpp"

#include <chrono>

namespace talentrules::text {

std::optional<cel::Timestamp> parse_date(std::string_view s) {
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
    const std::chrono::year_month_day ymd{std::chrono::year{v[0]}, std::chrono::month{unsigned(v[1])},
                                          std::chrono::day{unsigned(v[2])}};
    if (v[0] < 1 || !ymd.ok()) return std::nullopt;
    const auto days = std::chrono::sys_days(ymd).time_since_epoch().count();
    return cel::Timestamp{static_cast<std::int64_t>(days) * 86'400, 0};
}

bool valid_date(std::string_view text) { return parse_date(text).has_value(); }

}  // namespace talentrules::text
