// Lowering of literals: strings and bytes with their escapes, numbers with their ranges
// (see lower.hpp).

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <system_error>

#include "cel/lower.hpp"
#include "cel/lower_failure.hpp"

namespace talentrules::cel::detail {
namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_hex_prefixed(std::string_view t) {
    return t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X');
}

bool is_uint_text(std::string_view t) { return !t.empty() && (t.back() == 'u' || t.back() == 'U'); }

bool is_double_text(std::string_view t) {
    return is_number_text(t) && !is_hex_prefixed(t) && !is_uint_text(t) &&
           t.find_first_of(".eE") != std::string_view::npos;
}

/// Decodes a string or bytes literal (text includes prefix and quotes).
Constant decode_string(std::string_view text, std::uint32_t offset) {
    std::size_t i = 0;
    bool raw = false;
    bool bytes = false;
    while (i < text.size() && text[i] != '"' && text[i] != '\'') {
        if (text[i] == 'r' || text[i] == 'R') raw = true;
        if (text[i] == 'b' || text[i] == 'B') bytes = true;
        ++i;
    }
    const char q = text[i];
    const bool triple = text.size() - i >= 6 && text[i + 1] == q && text[i + 2] == q;
    const std::size_t qlen = triple ? 3 : 1;
    const std::string_view body = text.substr(i + qlen, text.size() - i - 2 * qlen);
    const auto body_offset = static_cast<std::uint32_t>(offset + i + qlen);

    std::string out;
    if (raw) {
        out.assign(body);
    } else {
        out.reserve(body.size());
        std::size_t j = 0;
        while (j < body.size()) {
            const char c = body[j];
            if (c != '\\') {
                out += c;
                ++j;
                continue;
            }
            const std::size_t start = j;
            // `key` is a TR1005 template; all but one show the escape.
            auto bad = [&](std::size_t end, const char* key = "escape") {
                end = std::min(end, body.size());
                const Range r{static_cast<std::uint32_t>(body_offset + start),
                              static_cast<std::uint32_t>(body_offset + end)};
                if (std::string_view(key) == "escape_u_in_bytes") fail("TR1005", key, {}, r);
                fail("TR1005", key, {quoted(body.substr(start, end - start))}, r);
            };
            if (j + 1 >= body.size()) bad(j + 1);
            const char e = body[j + 1];
            j += 2;
            switch (e) {
                case 'a': out += '\a'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'v': out += '\v'; break;
                case '\\':
                case '?':
                case '"':
                case '\'':
                case '`': out += e; break;
                case 'x':
                case 'X':
                case 'u':
                case 'U': {
                    const std::size_t n = (e == 'x' || e == 'X') ? 2 : (e == 'u' ? 4 : 8);
                    std::uint32_t v = 0;
                    for (std::size_t k = 0; k < n; ++k) {
                        const int h = j + k < body.size() ? hex_value(body[j + k]) : -1;
                        if (h < 0) bad(j + k + 1);
                        v = v * 16 + static_cast<std::uint32_t>(h);
                    }
                    j += n;
                    if (e == 'x' || e == 'X') {
                        if (bytes) {
                            out += static_cast<char>(v);
                        } else {
                            append_utf8(out, v);
                        }
                        break;
                    }
                    if (e == 'U' && bytes) {
                        bad(j, "escape_u_in_bytes");
                    }
                    if (v >= 0xD800 && v <= 0xDFFF) {
                        bad(j, "escape_surrogate");
                    }
                    if (v > 0x10FFFF) {
                        bad(j, "escape_range");
                    }
                    append_utf8(out, v);
                    break;
                }
                case '0':
                case '1':
                case '2':
                case '3': {
                    std::uint32_t v = static_cast<std::uint32_t>(e - '0');
                    for (std::size_t k = 0; k < 2; ++k) {
                        const char o = j + k < body.size() ? body[j + k] : '\0';
                        if (o < '0' || o > '7') bad(j + k + 1);
                        v = v * 8 + static_cast<std::uint32_t>(o - '0');
                    }
                    j += 2;
                    if (bytes) {
                        out += static_cast<char>(v);
                    } else {
                        append_utf8(out, v);
                    }
                    break;
                }
                default: {
                    // Show the whole (possibly multi-byte) character after the backslash.
                    std::size_t end = j;
                    while (end < body.size() && (static_cast<unsigned char>(body[end]) & 0xC0) == 0x80) {
                        ++end;
                    }
                    bad(end);
                }
            }
        }
    }
    if (bytes) return BytesConstant{std::move(out)};
    return out;
}

}  // namespace

bool is_signable_literal(std::string_view literal) {
    return is_number_text(literal) && !is_uint_text(literal);
}

DecodedLiteral decode_literal(std::string_view t, std::uint32_t offset, bool negative) {
    DecodedLiteral out;
    const Range whole{offset, static_cast<std::uint32_t>(offset + t.size())};
    try {
        if (t == "true") {
            out.value = true;
        } else if (t == "false") {
            out.value = false;
        } else if (t == "null") {
            out.value = NullConstant{};
        } else if (!is_number_text(t)) {
            out.value = decode_string(t, offset);
        } else if (is_double_text(t)) {
            std::string s = negative ? "-" + std::string(t) : std::string(t);
            double d = 0;
            const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
            if (ec == std::errc::result_out_of_range) {
                // Overflow is an error; underflow is (signed) zero, as in strtod/Go.
                // Decimal exponent estimate: integer digits (sans leading zeros) + exponent.
                const auto e = t.find_first_of("eE");
                const std::string_view mantissa = t.substr(0, e);
                long exp10 = 0;
                if (e != std::string_view::npos) {
                    std::string_view ex = t.substr(e + 1);
                    if (!ex.empty() && ex[0] == '+') ex.remove_prefix(1);
                    long v = 0;
                    const auto r = std::from_chars(ex.data(), ex.data() + ex.size(), v);
                    exp10 = r.ec == std::errc{} ? v : (ex.starts_with("-") ? -100000 : 100000);
                }
                const auto dot = mantissa.find('.');
                const std::string_view int_part = mantissa.substr(0, dot);
                const auto first_nonzero = int_part.find_first_not_of('0');
                const long int_digits = first_nonzero == std::string_view::npos
                                            ? 0
                                            : static_cast<long>(int_part.size() - first_nonzero);
                if (int_digits + exp10 > 0) {
                    fail("TR1005", "double_range", {quoted(t)}, whole);
                }
                d = negative ? -0.0 : 0.0;
            } else if (ec != std::errc{} || ptr != s.data() + s.size()) {
                fail("TR1005", "double_invalid", {quoted(t)}, whole);
            }
            out.value = d;
        } else {
            const bool is_uint = is_uint_text(t);
            std::string_view digits = is_uint ? t.substr(0, t.size() - 1) : t;
            int base = 10;
            if (is_hex_prefixed(digits)) {
                base = 16;
                digits.remove_prefix(2);
            }
            std::uint64_t magnitude = 0;
            const auto [ptr, ec] =
                std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
            const bool overflow = ec == std::errc::result_out_of_range;
            if (!overflow && (ec != std::errc{} || ptr != digits.data() + digits.size())) {
                fail("TR1005", "number_invalid", {quoted(t)}, whole);
            }
            const std::string shown = (negative ? "-" : "") + std::string(t);
            if (is_uint) {
                if (overflow) {
                    fail("TR1005", "uint_range", {quoted(shown)}, whole);
                }
                out.value = magnitude;
            } else {
                constexpr std::uint64_t max_positive = std::numeric_limits<std::int64_t>::max();
                if (overflow || magnitude > max_positive + (negative ? 1 : 0)) {
                    fail("TR1005", "int_range", {quoted(shown)}, whole);
                }
                if (negative) {
                    out.value = magnitude == max_positive + 1
                                    ? std::numeric_limits<std::int64_t>::min()
                                    : -static_cast<std::int64_t>(magnitude);
                } else {
                    out.value = static_cast<std::int64_t>(magnitude);
                }
            }
        }
    } catch (Failure& f) {
        out.error = std::move(f.error);
    }
    return out;
}

}  // namespace talentrules::cel::detail
