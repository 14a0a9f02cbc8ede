// cel-go's string extension (ext.Strings), except format and quote (string_format.cpp).
// Indices count Unicode code points, as size() does. Functions whose result can be much
// larger than their arguments (join, replace) check the size against the evaluation's
// max_string_bytes before building it; CallNode then charges the cost of what was built.

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

#include "cel/functions/families.hpp"
#include "cel/functions/strings_ext.hpp"

namespace talentrules::cel {
namespace {

using i64 = std::int64_t;

// Byte offset of every code point, plus the end: offsets[i] is where code point i starts.
std::vector<std::size_t> code_point_offsets(std::string_view s) {
    std::vector<std::size_t> out;
    out.reserve(s.size() + 1);
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(i);
    }
    out.push_back(s.size());
    return out;
}

i64 code_point_index(const std::vector<std::size_t>& offsets, std::size_t byte) {
    std::size_t lo = 0, hi = offsets.size() - 1;
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if (offsets[mid] < byte) lo = mid + 1; else hi = mid;
    }
    return static_cast<i64>(lo);
}

Error out_of_range(const char* fn, i64 index) {
    return Error{fmt::format("{}: index out of range: {}", fn, index)};
}

// `end` nullopt: to the end of the string.
Result<std::string> substring(std::string_view s, i64 begin, std::optional<i64> end_at) {
    const auto at = code_point_offsets(s);
    const auto n = static_cast<i64>(at.size()) - 1;
    const i64 end = end_at.value_or(n);
    if (begin < 0 || begin > n) return out_of_range("substring", begin);
    if (end < 0 || end > n) return out_of_range("substring", end);
    if (end < begin) return Error{fmt::format("substring: invalid range: {} > {}", begin, end)};
    const auto b = at[static_cast<std::size_t>(begin)];
    return std::string(s.substr(b, at[static_cast<std::size_t>(end)] - b));
}

// With an offset, as cel-spec's cases define it: an empty substring matches at the offset
// itself; otherwise the offset must index a code point of the string.
Result<i64> index_of(std::string_view s, std::string_view sub, std::optional<i64> offset) {
    if (sub.empty()) return offset.value_or(0);
    const auto at = code_point_offsets(s);
    const auto n = static_cast<i64>(at.size()) - 1;
    if (offset && (*offset < 0 || *offset >= n)) return out_of_range("indexOf", *offset);
    const auto found = s.find(sub, at[static_cast<std::size_t>(offset.value_or(0))]);
    if (found == std::string_view::npos) return i64{-1};
    return code_point_index(at, found);
}

// A match may start at code point `offset` at the latest (the end when absent).
Result<i64> last_index_of(std::string_view s, std::string_view sub, std::optional<i64> offset) {
    const auto at = code_point_offsets(s);
    const auto n = static_cast<i64>(at.size()) - 1;
    if (sub.empty()) return offset.value_or(n);
    if (offset && (*offset < 0 || *offset >= n)) return out_of_range("lastIndexOf", *offset);
    const auto found = s.rfind(sub, offset ? at[static_cast<std::size_t>(*offset)] : s.size());
    if (found == std::string_view::npos) return i64{-1};
    return code_point_index(at, found);
}

// Go's strings.SplitN: n == 0 gives no pieces, n < 0 all of them; an empty separator
// splits into code points.
Value split(std::string_view s, std::string_view sep, i64 n, const BuildLimits& limits) {
    List out;
    if (n == 0) return Value::list(std::move(out));
    auto room = [&] { return n < 0 || static_cast<i64>(out.size()) < n - 1; };
    std::size_t pos = 0;
    if (sep.empty()) {
        const auto at = code_point_offsets(s);
        for (std::size_t i = 0; i + 1 < at.size(); ++i) {
            if (!room()) {
                out.push_back(Value::string(std::string(s.substr(at[i]))));
                return Value::list(std::move(out));
            }
            if (out.size() >= limits.max_collection_size) {
                return Value::error(fmt::format("list longer than {} elements", limits.max_collection_size));
            }
            out.push_back(Value::string(std::string(s.substr(at[i], at[i + 1] - at[i]))));
        }
        return Value::list(std::move(out));
    }
    while (room()) {
        const auto found = s.find(sep, pos);
        if (found == std::string_view::npos) break;
        if (out.size() >= limits.max_collection_size) {
            return Value::error(fmt::format("list longer than {} elements", limits.max_collection_size));
        }
        out.push_back(Value::string(std::string(s.substr(pos, found - pos))));
        pos = found + sep.size();
    }
    out.push_back(Value::string(std::string(s.substr(pos))));
    return Value::list(std::move(out));
}

// Go's strings.Replace: at most n replacements (all when n < 0); an empty `from` matches
// before every code point and at the end.
Value replace(std::string_view s, std::string_view from, std::string_view to, i64 n,
              const BuildLimits& limits) {
    std::vector<std::size_t> matches;
    if (from.empty()) {
        for (std::size_t b : code_point_offsets(s)) matches.push_back(b);
    } else {
        for (auto at = s.find(from); at != std::string_view::npos; at = s.find(from, at + from.size()))
            matches.push_back(at);
    }
    if (n >= 0 && matches.size() > static_cast<std::size_t>(n)) matches.resize(static_cast<std::size_t>(n));
    // Refuse before building: the result's size is known from the count.
    const std::size_t size = s.size() - matches.size() * from.size() + matches.size() * to.size();
    if (size > limits.max_string_bytes) return too_long(limits);
    std::string out;
    out.reserve(size);
    std::size_t pos = 0;
    for (std::size_t m : matches) {
        out.append(s.substr(pos, m - pos)).append(to);
        pos = m + from.size();
    }
    out.append(s.substr(pos));
    return Value::string(std::move(out));
}

Value join(const List& items, std::string_view sep, const BuildLimits& limits) {
    std::size_t size = 0;
    for (const Value& v : items) {
        if (!v.is_string()) {
            return Value::error(fmt::format("join: list element of type '{}' is not a string",
                                            v.type().name));
        }
        size += v.as_string().size() + sep.size();
        if (size > limits.max_string_bytes + sep.size()) return too_long(limits);
    }
    std::string out;
    out.reserve(size);
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out.append(sep);
        out.append(items[i].as_string());
    }
    return Value::string(std::move(out));
}

// Go's unicode.IsSpace, which strings.TrimSpace uses.
bool is_space(char32_t c) {
    switch (c) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000: return true;
    default: return c >= 0x2000 && c <= 0x200A;
    }
}

char32_t decode_at(std::string_view s, std::size_t b, std::size_t e) {
    auto u = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const std::size_t len = e - b;
    if (len == 1) return u(b);
    char32_t c = u(b) & (0x7F >> len);
    for (std::size_t i = b + 1; i < e; ++i) c = (c << 6) | (u(i) & 0x3F);
    return c;
}

std::string trim(std::string_view s) {
    const auto at = code_point_offsets(s);
    std::size_t first = 0, last = at.size() - 1;
    while (first < last && is_space(decode_at(s, at[first], at[first + 1]))) ++first;
    while (last > first && is_space(decode_at(s, at[last - 1], at[last]))) --last;
    return std::string(s.substr(at[first], at[last] - at[first]));
}

std::string reverse(std::string_view s) {
    const auto at = code_point_offsets(s);
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = at.size() - 1; i-- > 0;) out.append(s.substr(at[i], at[i + 1] - at[i]));
    return out;
}

void register_searching(FunctionRegistry& r) {
    r.add_member("charAt", [](std::string_view s, i64 i) -> Result<std::string> {
        const auto at = code_point_offsets(s);
        if (i < 0 || i >= static_cast<i64>(at.size())) return out_of_range("charAt", i);
        if (i == static_cast<i64>(at.size()) - 1) return std::string();
        const auto k = static_cast<std::size_t>(i);
        return std::string(s.substr(at[k], at[k + 1] - at[k]));
    }, "the code point at an index as a string; the string's size gives \"\"");
    r.add_member("indexOf", [](std::string_view s, std::string_view sub) { return index_of(s, sub, std::nullopt); },
                 "code point index of the first occurrence, or -1");
    r.add_member("indexOf", [](std::string_view s, std::string_view sub, i64 from) {
        return index_of(s, sub, from);
    }, "code point index of the first occurrence at or after an index, or -1");
    r.add_member("lastIndexOf", [](std::string_view s, std::string_view sub) {
        return last_index_of(s, sub, std::nullopt);
    }, "code point index of the last occurrence, or -1");
    r.add_member("lastIndexOf", [](std::string_view s, std::string_view sub, i64 from) {
        return last_index_of(s, sub, from);
    }, "code point index of the last occurrence at or before an index, or -1");
    r.add_member("substring", [](std::string_view s, i64 b) { return substring(s, b, std::nullopt); },
                 "the code points from an index to the end");
    r.add_member("substring", [](std::string_view s, i64 b, i64 e) { return substring(s, b, e); },
                 "the code points in [begin, end)");
}

void register_building(FunctionRegistry& r) {
    const Type str = Type::string();
    const Type strings = Type::list(Type::string());
    r.add_member("lowerAscii", [](std::string_view s) {
        std::string out(s);
        for (char& c : out) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return out;
    }, "ASCII letters to lower case; other characters unchanged");
    r.add_member("upperAscii", [](std::string_view s) {
        std::string out(s);
        for (char& c : out) if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        return out;
    }, "ASCII letters to upper case; other characters unchanged");
    r.add_member("trim", [](std::string_view s) { return trim(s); },
                 "without leading and trailing Unicode white space");
    r.add_member("reverse", [](std::string_view s) { return reverse(s); }, "the code points in reverse order");
    r.add_limited("replace", true, {str, str, str}, str, [](std::span<const Value> a, const BuildLimits& l) {
        return replace(a[0].as_string(), a[1].as_string(), a[2].as_string(), -1, l);
    }, "every occurrence replaced");
    r.add_limited("replace", true, {str, str, str, Type::int64()}, str,
                  [](std::span<const Value> a, const BuildLimits& l) {
        return replace(a[0].as_string(), a[1].as_string(), a[2].as_string(), a[3].as_int(), l);
    }, "the first n occurrences replaced (all when n < 0)");
    r.add_limited("split", true, {str, str}, strings, [](std::span<const Value> a, const BuildLimits& l) {
        return split(a[0].as_string(), a[1].as_string(), -1, l);
    }, "the pieces between separators (code points for an empty separator)");
    r.add_limited("split", true, {str, str, Type::int64()}, strings,
                  [](std::span<const Value> a, const BuildLimits& l) {
        return split(a[0].as_string(), a[1].as_string(), a[2].as_int(), l);
    }, "at most n pieces, the last one the rest (none when n == 0, all when n < 0)");
    r.add_limited("join", true, {strings}, str, [](std::span<const Value> a, const BuildLimits& l) {
        return join(a[0].as_list(), {}, l);
    }, "the strings of a list concatenated");
    r.add_limited("join", true, {strings, str}, str, [](std::span<const Value> a, const BuildLimits& l) {
        return join(a[0].as_list(), a[1].as_string(), l);
    }, "the strings of a list joined by a separator");
}

}  // namespace

Value too_long(const BuildLimits& limits) {
    return Value::error(fmt::format("string longer than {} bytes", limits.max_string_bytes));
}

void register_strings_ext(FunctionRegistry& r) {
    register_searching(r);
    register_building(r);
    register_string_format(r);
}

}  // namespace talentrules::cel
