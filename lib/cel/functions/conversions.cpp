// Type conversions: int, uint, double, string, bytes, bool, timestamp, duration, dyn, type.
// Conversions out of the target's range are CEL errors (cel-spec "Overflow").

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "cel/functions/families.hpp"
#include "cel/time_util.hpp"
#include "text/utf8.hpp"

namespace talentrules::cel {

namespace {

using i64 = std::int64_t;
using u64 = std::uint64_t;

constexpr double two_pow_63 = 9223372036854775808.0;
constexpr double two_pow_64 = 18446744073709551616.0;

Error conversion_error(std::string_view target, std::string_view what) {
    return Error{"cannot convert " + std::string(what) + " to " + std::string(target)};
}

Error range_error(std::string_view target, std::string_view what) {
    return Error{"range error converting " + std::string(what) + " to " + std::string(target)};
}

std::string quoted(std::string_view s) { return Value::string(std::string(s)).to_cel(); }

/// Decimal digits only (after an optional sign handled by the caller).
bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

Result<i64> parse_int(std::string_view s) {
    std::string_view body = s;
    bool neg = false;
    if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
        neg = body[0] == '-';
        body.remove_prefix(1);
    }
    if (!all_digits(body)) return conversion_error("int", quoted(s));
    u64 magnitude = 0;
    auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), magnitude);
    (void)ptr;
    const u64 limit = neg ? u64{1} << 63 : (u64{1} << 63) - 1;
    if (ec != std::errc{} || magnitude > limit) return range_error("int", quoted(s));
    if (neg) return magnitude == (u64{1} << 63) ? std::numeric_limits<i64>::min()
                                                : -static_cast<i64>(magnitude);
    return static_cast<i64>(magnitude);
}

Result<u64> parse_uint(std::string_view s) {
    std::string_view body = s;  // no sign, as Go's ParseUint
    if (!all_digits(body)) return conversion_error("uint", quoted(s));
    u64 v = 0;
    auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), v);
    (void)ptr;
    if (ec != std::errc{}) return range_error("uint", quoted(s));
    return v;
}

Result<double> parse_double(std::string_view s) {
    std::string_view body = s;
    bool neg = false;
    if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
        neg = body[0] == '-';
        body.remove_prefix(1);
    }
    // from_chars takes no sign of its own beyond '-', and no leading whitespace.
    if (body.empty() || body[0] == '-' || body[0] == '+' ||
        std::isspace(static_cast<unsigned char>(body[0])))
        return conversion_error("double", quoted(s));
    for (char c : body)  // "nan(...)" payloads are not accepted
        if (c == '(') return conversion_error("double", quoted(s));
    double v = 0;
    const char* end = body.data() + body.size();
    auto [ptr, ec] = std::from_chars(body.data(), end, v, std::chars_format::general);
    if (ptr != end) return conversion_error("double", quoted(s));
    if (ec == std::errc::result_out_of_range) {
        // Underflow rounds to zero (as Go's ParseFloat); overflow is an error.
        std::string copy(body);
        double approx = std::strtod(copy.c_str(), nullptr);
        if (std::isinf(approx) || std::fabs(approx) >= 1.0)
            return range_error("double", quoted(s));
        v = approx;
    } else if (ec != std::errc{}) {
        return conversion_error("double", quoted(s));
    }
    return neg ? -v : v;
}

Result<bool> parse_bool(std::string_view s) {
    if (s == "1" || s == "t" || s == "T" || s == "true" || s == "TRUE" || s == "True") return true;
    if (s == "0" || s == "f" || s == "F" || s == "false" || s == "FALSE" || s == "False")
        return false;
    return conversion_error("bool", quoted(s));
}

Result<i64> double_to_int(double d) {
    // cel-spec: the open interval (minInt, maxInt); NaN and infinities are errors.
    if (!(d > -two_pow_63 && d < two_pow_63)) return range_error("int", format_double(d));
    return static_cast<i64>(d);
}

Result<u64> double_to_uint(double d) {
    // As cel-go and cel-cpp: negative doubles (even above -1) and 2^64 up are errors.
    if (!(d >= 0 && d < two_pow_64)) return range_error("uint", format_double(d));
    return static_cast<u64>(d);
}

void add_identity(FunctionRegistry& r, const char* name, Type t) {
    Overload o;
    o.name = name;
    o.params = {t};
    o.result = std::move(t);
    o.impl = [](std::span<const Value> args) { return args[0]; };
    o.doc = "identity";
    r.add(std::move(o));
}

}  // namespace


std::string format_double(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
    // Shortest round-trip digits in scientific form: "-4.5e-03".
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view sci(buf, static_cast<std::size_t>(res.ptr - buf));
    std::string out;
    if (!sci.empty() && sci[0] == '-') {
        out += '-';
        sci.remove_prefix(1);
    }
    std::size_t e = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, e))
        if (c != '.') digits += c;
    int exp = 0;
    std::string_view exp_text = sci.substr(e + 1);
    if (!exp_text.empty() && exp_text[0] == '+') exp_text.remove_prefix(1);
    std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exp);
    const int nd = static_cast<int>(digits.size());
    if (exp < -4 || exp >= 6) {
        out += digits[0];
        if (nd > 1) {
            out += '.';
            out.append(digits, 1);
        }
        out += 'e';
        out += exp < 0 ? '-' : '+';
        int a = exp < 0 ? -exp : exp;
        if (a < 10) out += '0';
        out += std::to_string(a);
        return out;
    }
    const int dp = exp + 1;  // digits before the decimal point
    if (dp <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-dp), '0');
        out += digits;
    } else if (dp >= nd) {
        out += digits;
        out.append(static_cast<std::size_t>(dp - nd), '0');
    } else {
        out.append(digits, 0, static_cast<std::size_t>(dp));
        out += '.';
        out.append(digits, static_cast<std::size_t>(dp));
    }
    return out;
}

void register_conversions(FunctionRegistry& r) {
    // int
    add_identity(r, "int", Type::int64());
    r.add_global("int", [](u64 v) -> Result<i64> {
        if (v > static_cast<u64>(std::numeric_limits<i64>::max()))
            return range_error("int", std::to_string(v) + "u");
        return static_cast<i64>(v);
    }, "uint to int; out of range is an error");
    r.add_global("int", [](double d) { return double_to_int(d); },
                 "double to int, truncating toward zero; out of range, NaN, Inf are errors");
    r.add_global("int", [](std::string_view s) { return parse_int(s); },
                 "decimal string to int");
    r.add_global("int", [](Timestamp t) { return t.seconds; },
                 "seconds since the Unix epoch");

    // uint
    add_identity(r, "uint", Type::uint64());
    r.add_global("uint", [](i64 v) -> Result<u64> {
        if (v < 0) return range_error("uint", std::to_string(v));
        return static_cast<u64>(v);
    }, "int to uint; negative is an error");
    r.add_global("uint", [](double d) { return double_to_uint(d); },
                 "double to uint, truncating toward zero; out of range, NaN, Inf are errors");
    r.add_global("uint", [](std::string_view s) { return parse_uint(s); },
                 "decimal string to uint");

    // double
    add_identity(r, "double", Type::dbl());
    r.add_global("double", [](i64 v) { return static_cast<double>(v); }, "int to double");
    r.add_global("double", [](u64 v) { return static_cast<double>(v); }, "uint to double");
    r.add_global("double", [](std::string_view s) { return parse_double(s); },
                 "string to double");

    // string
    add_identity(r, "string", Type::string());
    r.add_global("string", [](i64 v) { return std::to_string(v); }, "int in base 10");
    r.add_global("string", [](u64 v) { return std::to_string(v); }, "uint in base 10");
    r.add_global("string", [](double d) { return format_double(d); },
                 "double, shortest form (\"1.5\", \"1e+30\")");
    r.add_global("string", [](BytesView b) -> Result<std::string> {
        if (text::first_invalid_utf8(b.data) != std::string_view::npos) return Error{"invalid UTF-8 in bytes converted to string"};
        return std::string(b.data);
    }, "UTF-8 bytes to string; invalid UTF-8 is an error");
    r.add_global("string", [](bool b) { return std::string(b ? "true" : "false"); },
                 "\"true\" or \"false\"");
    r.add_global("string", [](Timestamp t) { return format_timestamp(t); },
                 "RFC 3339 in UTC");
    r.add_global("string", [](Duration d) { return format_duration(d); },
                 "seconds with a fraction and an 's' suffix");

    // bytes
    add_identity(r, "bytes", Type::bytes());
    r.add_global("bytes", [](std::string_view s) { return Bytes{std::string(s)}; },
                 "the UTF-8 encoding of a string");

    // bool
    add_identity(r, "bool", Type::boolean());
    r.add_global("bool", [](std::string_view s) { return parse_bool(s); },
                 "\"true\"/\"false\" (also TRUE, True, t, 1, ...) to bool");

    // timestamp
    add_identity(r, "timestamp", Type::timestamp());
    r.add_global("timestamp", [](std::string_view s) -> Result<Timestamp> {
        if (auto t = parse_timestamp(s)) return *t;
        return Error{"cannot convert " + quoted(s) +
                     " to timestamp (RFC 3339, 0001-01-01 to 9999-12-31)"};
    }, "RFC 3339 string to timestamp");
    r.add_global("timestamp", [](i64 seconds) -> Result<Timestamp> {
        if (auto t = make_timestamp(seconds)) return *t;
        return Error{"timestamp out of range: " + std::to_string(seconds)};
    }, "seconds since the Unix epoch to timestamp");

    // duration
    add_identity(r, "duration", Type::duration());
    r.add_global("duration", [](std::string_view s) -> Result<Duration> {
        if (auto d = parse_duration(s)) return *d;
        return Error{"cannot convert " + quoted(s) + " to duration"};
    }, "duration string (\"1h2m3.5s\", \"-1.5s\", \"100ms\") to duration");

    // dyn, type
    {
        Overload o;
        o.name = "dyn";
        o.params = {Type::param("A")};
        o.result = Type::dyn();
        o.impl = [](std::span<const Value> args) { return args[0]; };
        o.doc = "the value, typed dyn for the checker";
        r.add(std::move(o));
    }
    {
        Overload o;
        o.name = "type";
        o.params = {Type::param("A")};
        o.result = Type::type(Type::param("A"));
        o.impl = [](std::span<const Value> args) { return Value(args[0].type()); };
        o.doc = "the type of a value";
        r.add(std::move(o));
    }
}

}  // namespace talentrules::cel
