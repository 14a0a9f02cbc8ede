// string.format(list) and strings.quote(string), as cel-go's ext.Strings defines them.
// format's verbs: %s (any value), %d (integers; NaN and infinities by name), %f and %e
// (numbers, precision `%.3f`, default 6), %b %o (integers; %b also bool), %x %X
// (integers, strings and bytes as hex). `%%` is a percent sign. The output is checked
// against max_string_bytes while it grows, so a huge result stops early.

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "cel/functions/families.hpp"
#include "cel/functions/strings_ext.hpp"
#include "talentrules/cel/time.hpp"

namespace talentrules::cel {
namespace {

struct Overflow {};  // thrown when the output passes the limit; caught in format()

class Out {
public:
    explicit Out(const BuildLimits& limits) : limits_(limits) {}
    void append(std::string_view s) {
        if (text_.size() + s.size() > limits_.max_string_bytes) throw Overflow{};
        text_.append(s);
    }
    std::string take() { return std::move(text_); }

private:
    BuildLimits limits_;
    std::string text_;
};

// Go's strconv.FormatFloat(d, 'f', -1, 64): the shortest digits that round-trip, in
// positional notation (never an exponent): 56.8, 100000000000000000000, 0.0000001.
std::string shortest_fixed(double d) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view sci(buf, static_cast<std::size_t>(r.ptr - buf));
    std::string out;
    if (sci.front() == '-') {
        out += '-';
        sci.remove_prefix(1);
    }
    const auto e = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, e)) if (c != '.') digits += c;
    int point = std::atoi(std::string(sci.substr(e + 1)).c_str()) + 1;  // digits before the point
    const int n = static_cast<int>(digits.size());
    if (point <= 0) {
        out += "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
    } else if (point >= n) {
        out += digits + std::string(static_cast<std::size_t>(point - n), '0');
    } else {
        out += digits.substr(0, static_cast<std::size_t>(point)) + "." + digits.substr(static_cast<std::size_t>(point));
    }
    return out;
}

std::string special_double(double d) {
    if (std::isnan(d)) return "NaN";
    return d > 0 ? "Infinity" : "-Infinity";
}

// %s: strings and bytes as they are, numbers as string() gives them, lists and maps in
// brackets with their elements formatted the same way (map entries sorted by key text).
void append_plain(Out& out, const Value& v) {
    switch (v.kind()) {
    case Kind::null_: out.append("null"); return;
    case Kind::bool_: out.append(v.as_bool() ? "true" : "false"); return;
    case Kind::int_: out.append(fmt::format("{}", v.as_int())); return;
    case Kind::uint_: out.append(fmt::format("{}", v.as_uint())); return;
    case Kind::double_:
        out.append(std::isfinite(v.as_double()) ? shortest_fixed(v.as_double()) : special_double(v.as_double()));
        return;
    case Kind::string: out.append(v.as_string()); return;
    case Kind::bytes: out.append(v.as_bytes().data); return;
    case Kind::timestamp: out.append(format_timestamp(v.as_timestamp())); return;
    case Kind::duration: {
        // Seconds as a double, as cel-go prints them (1.5s, 6347s).
        const Duration d = v.as_duration();
        out.append(shortest_fixed(static_cast<double>(d.seconds) + static_cast<double>(d.nanos) / 1e9) + "s");
        return;
    }
    case Kind::type: out.append(v.as_type().name); return;
    case Kind::list: {
        out.append("[");
        bool first = true;
        for (const Value& e : v.as_list()) {
            if (!first) out.append(", ");
            first = false;
            append_plain(out, e);
        }
        out.append("]");
        return;
    }
    case Kind::map: {
        std::vector<std::pair<std::string, const Value*>> entries;
        for (const auto& [k, val] : v.as_map().entries()) {
            Out key(BuildLimits{});
            append_plain(key, k);
            entries.emplace_back(key.take(), &val);
        }
        std::sort(entries.begin(), entries.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        out.append("{");
        bool first = true;
        for (const auto& [k, val] : entries) {
            if (!first) out.append(", ");
            first = false;
            out.append(k);
            out.append(": ");
            append_plain(out, *val);
        }
        out.append("}");
        return;
    }
    default: out.append(v.to_cel()); return;
    }
}

std::string hex(std::string_view bytes, bool upper) {
    std::string out;
    for (unsigned char c : bytes) out += upper ? fmt::format("{:02X}", c) : fmt::format("{:02x}", c);
    return out;
}

// One verb applied to one argument; nullopt when the argument's type does not fit.
std::optional<std::string> apply(char verb, int precision, const Value& v, Out& out) {
    const bool upper = verb == 'X';
    switch (verb) {
    case 's': append_plain(out, v); return std::string();
    case 'd':
        if (v.is_int()) return fmt::format("{}", v.as_int());
        if (v.is_uint()) return fmt::format("{}", v.as_uint());
        if (v.is_double()) {
            return std::isfinite(v.as_double()) ? shortest_fixed(v.as_double()) : special_double(v.as_double());
        }
        return std::nullopt;
    case 'f': case 'e': {
        double d;
        if (v.is_double()) d = v.as_double();
        else if (v.is_int()) d = static_cast<double>(v.as_int());
        else if (v.is_uint()) d = static_cast<double>(v.as_uint());
        else return std::nullopt;
        if (!std::isfinite(d)) return special_double(d);
        const int p = precision < 0 ? 6 : precision;
        return verb == 'f' ? fmt::format("{:.{}f}", d, p) : fmt::format("{:.{}e}", d, p);
    }
    case 'b': case 'o': case 'x': case 'X': {
        if (v.is_bool() && verb == 'b') return std::string(v.as_bool() ? "1" : "0");
        if ((verb == 'x' || upper) && v.is_string()) return hex(v.as_string(), upper);
        if ((verb == 'x' || upper) && v.is_bytes()) return hex(v.as_bytes().data, upper);
        const char* spec = verb == 'b' ? "{:b}" : verb == 'o' ? "{:o}" : upper ? "{:X}" : "{:x}";
        if (v.is_uint()) return fmt::format(fmt::runtime(spec), v.as_uint());
        if (v.is_int()) {
            // Go prints a sign and the magnitude (-1e), not two's complement.
            const std::int64_t i = v.as_int();
            const std::uint64_t mag = i < 0 ? 0 - static_cast<std::uint64_t>(i) : static_cast<std::uint64_t>(i);
            return (i < 0 ? "-" : "") + fmt::format(fmt::runtime(spec), mag);
        }
        return std::nullopt;
    }
    default: return std::nullopt;
    }
}

Value format(std::string_view f, const List& args, const BuildLimits& limits) {
    Out out(limits);
    std::size_t next = 0;
    try {
        for (std::size_t i = 0; i < f.size(); ++i) {
            if (f[i] != '%') {
                const std::size_t end = std::min(f.find('%', i), f.size());
                out.append(f.substr(i, end - i));
                i = end - 1;
                continue;
            }
            if (++i >= f.size()) return Value::error("format: a lone '%' at the end");
            if (f[i] == '%') {
                out.append("%");
                continue;
            }
            int precision = -1;
            if (f[i] == '.') {
                precision = 0;
                const std::size_t first_digit = i + 1;
                while (++i < f.size() && f[i] >= '0' && f[i] <= '9') {
                    precision = precision * 10 + (f[i] - '0');
                    if (precision > 1000) return Value::error("format: precision too large");
                }
                if (i == first_digit) return Value::error("format: a precision without digits");
                if (i >= f.size()) return Value::error("format: a clause without a verb");
            }
            const char verb = f[i];
            if (std::string_view("sdfeboxX").find(verb) == std::string_view::npos) {
                return Value::error(fmt::format("format: unrecognized formatting clause '%{}'", verb));
            }
            if (next >= args.size()) {
                return Value::error(fmt::format("format: index {} out of range for {} arguments", next, args.size()));
            }
            const Value& v = args[next++];
            auto text = apply(verb, precision, v, out);
            if (!text) {
                return Value::error(fmt::format("format: '%{}' does not accept a value of type '{}'",
                                                verb, v.type().name));
            }
            out.append(*text);
        }
    } catch (const Overflow&) {
        return too_long(limits);
    }
    return Value::string(out.take());
}

std::string quote(std::string_view s) {
    std::string out = "\"";
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '\a': out += "\\a"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\v': out += "\\v"; break;
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        default:
            out += ch;
        }
    }
    return out + "\"";
}

}  // namespace

void register_string_format(FunctionRegistry& r) {
    r.add_limited("format", true, {Type::string(), Type::list(Type::dyn())}, Type::string(),
                  [](std::span<const Value> a, const BuildLimits& l) {
                      return format(a[0].as_string(), a[1].as_list(), l);
                  },
                  "printf-style formatting: %s %d %f %e %b %o %x %X, precision as %.3f, %% for %");
    r.add_global("strings.quote", [](std::string_view s) { return quote(s); },
                 "the string as a double-quoted CEL string literal with escapes");
}

}  // namespace talentrules::cel
