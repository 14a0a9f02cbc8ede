#pragma once
/// CEL values: null, bool, int, uint, double, string, bytes, list, map, timestamp,
/// duration, type, optional (a value or none), plus the two evaluation outcomes that are not data: error and
/// unknown (a fact the caller did not supply, for partial evaluation).
///
/// A Value is 24 bytes; heavy payloads (strings, lists, maps) are shared and immutable,
/// so copies are cheap and a Value can be shared between threads once built.

#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace talentrules::cel {

class Value;

/// Seconds since 1970-01-01T00:00:00Z and nanoseconds in [0, 1e9).
/// Valid range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
struct Timestamp {
    std::int64_t seconds = 0;
    std::int32_t nanos = 0;
    friend auto operator<=>(const Timestamp&, const Timestamp&) = default;
};

/// Seconds and nanoseconds, both with the same sign; |nanos| < 1e9.
/// Valid range: that of int64 nanoseconds (about ±292 years), as cel-spec's langdef says.
struct Duration {
    std::int64_t seconds = 0;
    std::int32_t nanos = 0;
    friend auto operator<=>(const Duration&, const Duration&) = default;
};

inline constexpr std::int64_t min_timestamp_seconds = -62135596800;  // 0001-01-01
inline constexpr std::int64_t max_timestamp_seconds = 253402300799;  // 9999-12-31T23:59:59

/// A CEL type used as a value (`type(1) == int`). Names are cel-spec's:
/// int uint double bool string bytes list map null_type type
/// google.protobuf.Timestamp google.protobuf.Duration optional_type.
struct TypeValue {
    std::string_view name;  ///< always points at static storage
    friend bool operator==(const TypeValue& a, const TypeValue& b) { return a.name == b.name; }
};

/// Bytes: a distinct type from string, same storage.
struct BytesView {
    std::string_view data;
};

using List = std::vector<Value>;

/// An immutable map. Keys are bool, int, uint or string; lookups treat numeric keys
/// of equal value as the same key (`{1: 'a'}[1u]` finds 'a'), as cel-spec requires.
class Map {
public:
    using Entry = std::pair<Value, Value>;
    Map() = default;
    /// Fails (returns nullopt and sets `error`) on a duplicate or invalid key.
    static std::optional<Map> make(std::vector<Entry> entries, std::string* error = nullptr);

    const Value* find(const Value& key) const;
    std::size_t size() const;  // defined below, once Value is complete (clang needs it)
    const std::vector<Entry>& entries() const { return entries_; }

private:
    std::vector<Entry> entries_;
    std::vector<std::uint32_t> index_;  ///< open-addressing hash index for larger maps
};

/// Attribute paths (e.g. "applicant.degree") whose values were not supplied.
using UnknownSet = std::vector<std::string>;

enum class Kind : std::uint8_t {
    null_, bool_, int_, uint_, double_, string, bytes, list, map, timestamp, duration,
    type, optional, error, unknown
};

/// Thread-safe once constructed (immutable, shared payloads are const).
class Value {
public:
    Value() = default;  ///< null
    Value(std::nullptr_t) {}
    Value(bool v) : data_(v) {}
    Value(std::int64_t v) : data_(v) {}
    Value(int v) : data_(static_cast<std::int64_t>(v)) {}
    Value(std::uint64_t v) : data_(v) {}
    Value(double v) : data_(v) {}
    Value(Timestamp v) : data_(v) {}
    Value(Duration v) : data_(v) {}
    Value(TypeValue v) : data_(v) {}

    static Value string(std::string s);
    static Value bytes(std::string b);
    static Value list(List items);
    static Value map(Map m);
    static Value error(std::string message);
    static Value unknown(UnknownSet attributes);
    /// optional.of(v) and optional.none() (cel-go's optional values).
    static Value optional_of(Value v);
    static Value optional_none();
    /// A shared empty list/map: no allocation.
    static Value empty_list();
    static Value empty_map();

    Kind kind() const { return static_cast<Kind>(data_.index()); }
    bool is_null() const { return kind() == Kind::null_; }
    bool is_bool() const { return kind() == Kind::bool_; }
    bool is_int() const { return kind() == Kind::int_; }
    bool is_uint() const { return kind() == Kind::uint_; }
    bool is_double() const { return kind() == Kind::double_; }
    bool is_string() const { return kind() == Kind::string; }
    bool is_bytes() const { return kind() == Kind::bytes; }
    bool is_list() const { return kind() == Kind::list; }
    bool is_map() const { return kind() == Kind::map; }
    bool is_timestamp() const { return kind() == Kind::timestamp; }
    bool is_duration() const { return kind() == Kind::duration; }
    bool is_type() const { return kind() == Kind::type; }
    bool is_optional() const { return kind() == Kind::optional; }
    bool is_error() const { return kind() == Kind::error; }
    bool is_unknown() const { return kind() == Kind::unknown; }
    /// Error or unknown: not a data value; strict functions pass it on.
    bool is_exceptional() const { return kind() >= Kind::error; }

    // Accessors: precondition, the value is of that kind.
    bool as_bool() const { return std::get<bool>(data_); }
    std::int64_t as_int() const { return std::get<std::int64_t>(data_); }
    std::uint64_t as_uint() const { return std::get<std::uint64_t>(data_); }
    double as_double() const { return std::get<double>(data_); }
    std::string_view as_string() const { return *std::get<StringRef>(data_).p; }
    BytesView as_bytes() const { return {*std::get<BytesRef>(data_).p}; }
    const List& as_list() const { return *std::get<ListRef>(data_).p; }
    const Map& as_map() const { return *std::get<MapRef>(data_).p; }
    Timestamp as_timestamp() const { return std::get<Timestamp>(data_); }
    Duration as_duration() const { return std::get<Duration>(data_); }
    TypeValue as_type() const { return std::get<TypeValue>(data_); }
    /// An optional's value; nullptr for optional.none().
    const Value* optional_value() const { return std::get<OptionalRef>(data_).p.get(); }
    const std::string& error_message() const { return *std::get<ErrorRef>(data_).p; }
    const UnknownSet& unknowns() const { return *std::get<UnknownRef>(data_).p; }

    /// The CEL type of this value (`type(v)`); error/unknown have none (empty name).
    TypeValue type() const;

    /// CEL equality (heterogeneous numbers compare by value; lists in order; maps
    /// regardless of order; NaN != NaN). Returns error/unknown if either side is one
    /// (the first), else a bool Value.
    friend Value cel_equals(const Value& a, const Value& b);
    /// Same, as a plain bool for two data values (false if either is error/unknown).
    bool equals(const Value& other) const;
    /// Strict identity used by tests: equal with the same type (1 != 1u here), NaN
    /// matches NaN, -0.0 matches 0.0.
    bool identical(const Value& other) const;

    /// Debug/CLI rendering in CEL syntax: 1, 1u, 1.0, "s", b"..", [..], {..: ..},
    /// timestamp("..."), duration("..s"), int (types), error: msg, unknown: {..}.
    std::string to_cel() const;

private:
    struct StringRef { std::shared_ptr<const std::string> p; };
    struct BytesRef { std::shared_ptr<const std::string> p; };
    struct ListRef { std::shared_ptr<const List> p; };
    struct MapRef { std::shared_ptr<const Map> p; };
    struct OptionalRef { std::shared_ptr<const Value> p; };
    struct ErrorRef { std::shared_ptr<const std::string> p; };
    struct UnknownRef { std::shared_ptr<const UnknownSet> p; };
    // The order matches Kind.
    std::variant<std::monostate, bool, std::int64_t, std::uint64_t, double, StringRef,
                 BytesRef, ListRef, MapRef, Timestamp, Duration, TypeValue, OptionalRef, ErrorRef,
                 UnknownRef>
        data_;
};

inline std::size_t Map::size() const { return entries_.size(); }

/// CEL ordering for `<` and friends over numbers (heterogeneous), strings, bytes,
/// bools, timestamps and durations. nullopt when the pair has no ordering
/// (different non-numeric types, or NaN involved: then every comparison is false).
std::optional<std::partial_ordering> cel_compare(const Value& a, const Value& b);

/// Merges unknown sets (sorted, unique). Both must be unknown.
Value merge_unknowns(const Value& a, const Value& b);

/// Names of the CEL types as type values.
namespace types {
inline constexpr TypeValue null_type{"null_type"};
inline constexpr TypeValue bool_type{"bool"};
inline constexpr TypeValue int_type{"int"};
inline constexpr TypeValue uint_type{"uint"};
inline constexpr TypeValue double_type{"double"};
inline constexpr TypeValue string_type{"string"};
inline constexpr TypeValue bytes_type{"bytes"};
inline constexpr TypeValue list_type{"list"};
inline constexpr TypeValue map_type{"map"};
inline constexpr TypeValue timestamp_type{"google.protobuf.Timestamp"};
inline constexpr TypeValue duration_type{"google.protobuf.Duration"};
inline constexpr TypeValue type_type{"type"};
inline constexpr TypeValue optional_type{"optional_type"};
}  // namespace types

}  // namespace talentrules::cel
