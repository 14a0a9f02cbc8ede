#include "talentrules/cel/value.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>
#include <iterator>

#include "cel/time_util.hpp"

namespace talentrules::cel {

// ---------------------------------------------------------------------------------------
// Construction

Value Value::string(std::string s) {
    Value v;
    v.data_ = StringRef{std::make_shared<const std::string>(std::move(s))};
    return v;
}

Value Value::bytes(std::string b) {
    Value v;
    v.data_ = BytesRef{std::make_shared<const std::string>(std::move(b))};
    return v;
}

Value Value::list(List items) {
    if (items.empty()) return empty_list();
    Value v;
    v.data_ = ListRef{std::make_shared<const List>(std::move(items))};
    return v;
}

Value Value::map(Map m) {
    if (m.size() == 0) return empty_map();
    Value v;
    v.data_ = MapRef{std::make_shared<const Map>(std::move(m))};
    return v;
}

Value Value::error(std::string message) {
    Value v;
    v.data_ = ErrorRef{std::make_shared<const std::string>(std::move(message))};
    return v;
}

Value Value::unknown(UnknownSet attributes) {
    std::sort(attributes.begin(), attributes.end());
    attributes.erase(std::unique(attributes.begin(), attributes.end()), attributes.end());
    Value v;
    v.data_ = UnknownRef{std::make_shared<const UnknownSet>(std::move(attributes))};
    return v;
}

Value Value::optional_of(Value v) {
    Value out;
    out.data_ = OptionalRef{std::make_shared<const Value>(std::move(v))};
    return out;
}

Value Value::optional_none() {
    Value out;
    out.data_ = OptionalRef{};
    return out;
}

Value Value::empty_list() {
    static const std::shared_ptr<const List> empty = std::make_shared<const List>();
    Value v;
    v.data_ = ListRef{empty};
    return v;
}

Value Value::empty_map() {
    static const std::shared_ptr<const Map> empty = std::make_shared<const Map>();
    Value v;
    v.data_ = MapRef{empty};
    return v;
}

TypeValue Value::type() const {
    switch (kind()) {
        case Kind::null_: return types::null_type;
        case Kind::bool_: return types::bool_type;
        case Kind::int_: return types::int_type;
        case Kind::uint_: return types::uint_type;
        case Kind::double_: return types::double_type;
        case Kind::string: return types::string_type;
        case Kind::bytes: return types::bytes_type;
        case Kind::list: return types::list_type;
        case Kind::map: return types::map_type;
        case Kind::timestamp: return types::timestamp_type;
        case Kind::duration: return types::duration_type;
        case Kind::type: return types::type_type;
        case Kind::optional: return types::optional_type;
        case Kind::error:
        case Kind::unknown: break;
    }
    return TypeValue{};
}

// ---------------------------------------------------------------------------------------
// Numeric ordering across int, uint and double.
//
// Exact (no conversion through double) whenever the double lies inside the integer
// type's range. A double at or above 2^63 (int) / 2^64 (uint) is compared with the
// integer rounded to double, as the cel-spec conformance suite requires:
// `dyn(9223372036854775808.0) <= 9223372036854775807` is true there, and
// `dyn(9223372036854775807) >= 9223372036854775808.0` too. Map keys use the fully exact
// comparison (Exactness::keys) so that lookups agree with the hash index.

namespace {

using PO = std::partial_ordering;

constexpr double two_pow_63 = 9223372036854775808.0;
constexpr double two_pow_64 = 18446744073709551616.0;

enum class Exactness { values, keys };

bool is_numeric(Kind k) { return k == Kind::int_ || k == Kind::uint_ || k == Kind::double_; }

PO compare_int_uint(std::int64_t a, std::uint64_t b) {
    if (a < 0) return PO::less;
    return static_cast<std::uint64_t>(a) <=> b;
}

PO compare_int_double(std::int64_t a, double b, Exactness x) {
    if (std::isnan(b)) return PO::unordered;
    if (b >= two_pow_63) {
        if (x == Exactness::values && b == two_pow_63 && static_cast<double>(a) == two_pow_63)
            return PO::equivalent;
        return PO::less;
    }
    if (b < -two_pow_63) return PO::greater;
    double whole = std::trunc(b);  // in [-2^63, 2^63): exact as int64
    auto w = static_cast<std::int64_t>(whole);
    if (a != w) return a <=> w;
    double frac = b - whole;  // exact
    if (frac > 0) return PO::less;
    if (frac < 0) return PO::greater;
    return PO::equivalent;
}

PO compare_uint_double(std::uint64_t a, double b, Exactness x) {
    if (std::isnan(b)) return PO::unordered;
    if (b >= two_pow_64) {
        if (x == Exactness::values && b == two_pow_64 && static_cast<double>(a) == two_pow_64)
            return PO::equivalent;
        return PO::less;
    }
    if (b < 0) return PO::greater;  // -0.0 is not < 0 and compares as 0 below
    double whole = std::trunc(b);
    auto w = static_cast<std::uint64_t>(whole);
    if (a != w) return a <=> w;
    double frac = b - whole;
    if (frac > 0) return PO::less;
    return PO::equivalent;
}

PO reverse(PO o) {
    if (o == PO::less) return PO::greater;
    if (o == PO::greater) return PO::less;
    return o;
}

PO compare_numbers(const Value& a, const Value& b, Exactness x = Exactness::values) {
    switch (a.kind()) {
        case Kind::int_:
            switch (b.kind()) {
                case Kind::int_: return a.as_int() <=> b.as_int();
                case Kind::uint_: return compare_int_uint(a.as_int(), b.as_uint());
                default: return compare_int_double(a.as_int(), b.as_double(), x);
            }
        case Kind::uint_:
            switch (b.kind()) {
                case Kind::int_: return reverse(compare_int_uint(b.as_int(), a.as_uint()));
                case Kind::uint_: return a.as_uint() <=> b.as_uint();
                default: return compare_uint_double(a.as_uint(), b.as_double(), x);
            }
        default:
            switch (b.kind()) {
                case Kind::int_:
                    return reverse(compare_int_double(b.as_int(), a.as_double(), x));
                case Kind::uint_:
                    return reverse(compare_uint_double(b.as_uint(), a.as_double(), x));
                default: return a.as_double() <=> b.as_double();
            }
    }
}

PO compare_bytes(std::string_view a, std::string_view b) {
    std::size_t n = std::min(a.size(), b.size());
    int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
    if (c != 0) return c < 0 ? PO::less : PO::greater;
    return a.size() <=> b.size();
}

bool data_equal(const Value& a, const Value& b);

/// Map-key matching: numbers by value (int/uint keys, any numeric lookup), strings and
/// bools by value, nothing else.
bool key_equal(const Value& key, const Value& lookup) {
    Kind k = key.kind(), l = lookup.kind();
    if (is_numeric(k) && is_numeric(l))
        return compare_numbers(key, lookup, Exactness::keys) == PO::equivalent;
    if (k != l) return false;
    if (k == Kind::string) return key.as_string() == lookup.as_string();
    if (k == Kind::bool_) return key.as_bool() == lookup.as_bool();
    return false;
}

bool data_equal(const Value& a, const Value& b) {
    Kind ka = a.kind(), kb = b.kind();
    if (is_numeric(ka) && is_numeric(kb)) return compare_numbers(a, b) == PO::equivalent;
    if (ka != kb) return false;
    switch (ka) {
        case Kind::null_: return true;
        case Kind::bool_: return a.as_bool() == b.as_bool();
        case Kind::string: return a.as_string() == b.as_string();
        case Kind::bytes: return a.as_bytes().data == b.as_bytes().data;
        case Kind::timestamp: return a.as_timestamp() == b.as_timestamp();
        case Kind::duration: return a.as_duration() == b.as_duration();
        case Kind::type: return a.as_type() == b.as_type();
        case Kind::optional: {
            const Value* x = a.optional_value();
            const Value* y = b.optional_value();
            if (!x || !y) return x == y;
            return data_equal(*x, *y);
        }
        case Kind::list: {
            const List& x = a.as_list();
            const List& y = b.as_list();  // no identity shortcut: [NaN] != [NaN]
            if (x.size() != y.size()) return false;
            for (std::size_t i = 0; i < x.size(); ++i)
                if (!data_equal(x[i], y[i])) return false;
            return true;
        }
        case Kind::map: {
            const Map& x = a.as_map();
            const Map& y = b.as_map();
            if (x.size() != y.size()) return false;
            for (const auto& [k, v] : x.entries()) {
                const Value* other = y.find(k);
                if (other == nullptr || !data_equal(v, *other)) return false;
            }
            return true;
        }
        default: return false;  // error / unknown are never data-equal
    }
}

// --- Map hashing -----------------------------------------------------------------------

constexpr std::size_t index_threshold = 8;

std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/// A hash consistent with key_equal; nullopt when the value cannot equal any valid key.
std::optional<std::uint64_t> key_hash(const Value& v) {
    switch (v.kind()) {
        case Kind::bool_: return mix(0x5bd1e995ULL + (v.as_bool() ? 1 : 0)) ^ 0xb001;
        case Kind::int_: return mix(static_cast<std::uint64_t>(v.as_int()));
        case Kind::uint_: return mix(v.as_uint());
        case Kind::double_: {
            double d = v.as_double();
            if (!(d >= -two_pow_63 && d < two_pow_64) || std::trunc(d) != d) return std::nullopt;
            if (d < 0) return mix(static_cast<std::uint64_t>(static_cast<std::int64_t>(d)));
            return mix(static_cast<std::uint64_t>(d));
        }
        case Kind::string:
            return mix(std::hash<std::string_view>{}(v.as_string()) ^ 0x5717'0000'0000ULL);
        default: return std::nullopt;
    }
}

bool valid_key(const Value& v) {
    Kind k = v.kind();
    return k == Kind::bool_ || k == Kind::int_ || k == Kind::uint_ || k == Kind::string;
}

// --- Rendering -------------------------------------------------------------------------

void append_hex(std::string& out, unsigned char c) {
    static constexpr char digits[] = "0123456789abcdef";
    out += "\\x";
    out += digits[c >> 4];
    out += digits[c & 0xf];
}

void append_quoted(std::string& out, std::string_view s, bool bytes) {
    if (bytes) out += 'b';
    out += '"';
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '"': out += "\\\""; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20 || c == 0x7f || (bytes && c >= 0x80)) append_hex(out, c);
                else out += ch;
        }
    }
    out += '"';
}

void append_double(std::string& out, double d) {
    if (std::isnan(d)) {
        out += "double(\"NaN\")";
        return;
    }
    if (std::isinf(d)) {
        out += d > 0 ? "double(\"Infinity\")" : "double(\"-Infinity\")";
        return;
    }
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, d);
    std::string_view s(buf, static_cast<std::size_t>(res.ptr - buf));
    out += s;
    if (s.find_first_of(".e") == std::string_view::npos) out += ".0";
}

void render(std::string& out, const Value& v) {
    switch (v.kind()) {
        case Kind::null_: out += "null"; break;
        case Kind::bool_: out += v.as_bool() ? "true" : "false"; break;
        case Kind::int_: out += std::to_string(v.as_int()); break;
        case Kind::uint_:
            out += std::to_string(v.as_uint());
            out += 'u';
            break;
        case Kind::double_: append_double(out, v.as_double()); break;
        case Kind::string: append_quoted(out, v.as_string(), false); break;
        case Kind::bytes: append_quoted(out, v.as_bytes().data, true); break;
        case Kind::list: {
            out += '[';
            bool first = true;
            for (const Value& e : v.as_list()) {
                if (!first) out += ", ";
                first = false;
                render(out, e);
            }
            out += ']';
            break;
        }
        case Kind::map: {
            out += '{';
            bool first = true;
            for (const auto& [k, e] : v.as_map().entries()) {
                if (!first) out += ", ";
                first = false;
                render(out, k);
                out += ": ";
                render(out, e);
            }
            out += '}';
            break;
        }
        case Kind::timestamp:
            out += "timestamp(\"";
            out += format_timestamp(v.as_timestamp());
            out += "\")";
            break;
        case Kind::duration:
            out += "duration(\"";
            out += format_duration(v.as_duration());
            out += "\")";
            break;
        case Kind::type: out += v.as_type().name; break;
        case Kind::optional:
            if (const Value* inner = v.optional_value()) {
                out += "optional.of(";
                render(out, *inner);
                out += ")";
            } else {
                out += "optional.none()";
            }
            break;
        case Kind::error:
            out += "error: ";
            out += v.error_message();
            break;
        case Kind::unknown: {
            out += "unknown: {";
            bool first = true;
            for (const auto& a : v.unknowns()) {
                if (!first) out += ", ";
                first = false;
                out += a;
            }
            out += '}';
            break;
        }
    }
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Map

std::optional<Map> Map::make(std::vector<Entry> entries, std::string* error) {
    for (const auto& e : entries) {
        if (!valid_key(e.first)) {
            if (error) {
                TypeValue t = e.first.type();
                *error = "unsupported map key type: " +
                         std::string(t.name.empty() ? std::string_view("error") : t.name);
            }
            return std::nullopt;
        }
    }
    Map m;
    m.entries_ = std::move(entries);
    const std::size_t n = m.entries_.size();
    auto duplicate = [&](const Value& key) {
        if (error) *error = "repeated map key: " + key.to_cel();
        return std::nullopt;
    };
    if (n <= index_threshold) {
        for (std::size_t i = 1; i < n; ++i)
            for (std::size_t j = 0; j < i; ++j)
                if (key_equal(m.entries_[j].first, m.entries_[i].first))
                    return duplicate(m.entries_[i].first);
        return m;
    }
    std::size_t capacity = 16;
    while (capacity < 2 * n) capacity <<= 1;
    m.index_.assign(capacity, 0);
    const std::size_t mask = capacity - 1;
    for (std::size_t i = 0; i < n; ++i) {
        const Value& key = m.entries_[i].first;
        std::size_t slot = static_cast<std::size_t>(*key_hash(key)) & mask;
        while (m.index_[slot] != 0) {
            if (key_equal(m.entries_[m.index_[slot] - 1].first, key)) return duplicate(key);
            slot = (slot + 1) & mask;
        }
        m.index_[slot] = static_cast<std::uint32_t>(i + 1);
    }
    return m;
}

const Value* Map::find(const Value& key) const {
    if (index_.empty()) {
        for (const auto& e : entries_)
            if (key_equal(e.first, key)) return &e.second;
        return nullptr;
    }
    auto h = key_hash(key);
    if (!h) return nullptr;
    const std::size_t mask = index_.size() - 1;
    std::size_t slot = static_cast<std::size_t>(*h) & mask;
    while (index_[slot] != 0) {
        const Entry& e = entries_[index_[slot] - 1];
        if (key_equal(e.first, key)) return &e.second;
        slot = (slot + 1) & mask;
    }
    return nullptr;
}

// ---------------------------------------------------------------------------------------
// Equality, ordering

Value cel_equals(const Value& a, const Value& b) {
    if (a.is_unknown() && b.is_unknown()) return merge_unknowns(a, b);
    if (a.is_exceptional()) return a;
    if (b.is_exceptional()) return b;
    return Value(data_equal(a, b));
}

bool Value::equals(const Value& other) const {
    if (is_exceptional() || other.is_exceptional()) return false;
    return data_equal(*this, other);
}

bool Value::identical(const Value& other) const {
    if (kind() != other.kind()) return false;
    switch (kind()) {
        case Kind::double_: {
            double x = as_double(), y = other.as_double();
            return (std::isnan(x) && std::isnan(y)) || x == y;
        }
        case Kind::list: {
            const List& x = as_list();
            const List& y = other.as_list();
            if (x.size() != y.size()) return false;
            for (std::size_t i = 0; i < x.size(); ++i)
                if (!x[i].identical(y[i])) return false;
            return true;
        }
        case Kind::map: {
            const Map& x = as_map();
            const Map& y = other.as_map();
            if (x.size() != y.size()) return false;
            const auto& ye = y.entries();
            for (const auto& [k, v] : x.entries()) {
                const Value* found = y.find(k);
                if (found == nullptr) return false;
                // The entry holding `found`: its key must have the same type too.
                auto it = std::find_if(ye.begin(), ye.end(),
                                       [&](const Map::Entry& e) { return &e.second == found; });
                if (it == ye.end() || !it->first.identical(k) || !found->identical(v))
                    return false;
            }
            return true;
        }
        case Kind::error: return error_message() == other.error_message();
        case Kind::unknown: return unknowns() == other.unknowns();
        default: return data_equal(*this, other);
    }
}

std::optional<std::partial_ordering> cel_compare(const Value& a, const Value& b) {
    Kind ka = a.kind(), kb = b.kind();
    if (is_numeric(ka) && is_numeric(kb)) return compare_numbers(a, b);
    if (ka != kb) return std::nullopt;
    switch (ka) {
        case Kind::bool_: return a.as_bool() <=> b.as_bool();
        case Kind::string: return compare_bytes(a.as_string(), b.as_string());
        case Kind::bytes: return compare_bytes(a.as_bytes().data, b.as_bytes().data);
        case Kind::timestamp: return a.as_timestamp() <=> b.as_timestamp();
        case Kind::duration: return a.as_duration() <=> b.as_duration();
        default: return std::nullopt;
    }
}

Value merge_unknowns(const Value& a, const Value& b) {
    UnknownSet merged;
    const UnknownSet& x = a.unknowns();
    const UnknownSet& y = b.unknowns();
    merged.reserve(x.size() + y.size());
    std::set_union(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(merged));
    return Value::unknown(std::move(merged));
}

std::string Value::to_cel() const {
    std::string out;
    render(out, *this);
    return out;
}

}  // namespace talentrules::cel
