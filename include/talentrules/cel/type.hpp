#pragma once
/// Static CEL types for the checker: primitives, list(T), map(K, V), type(T), optional(T),
/// dyn (anything), and type parameters (A, B) in overload signatures.
/// Thread-safe: plain values.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace talentrules::cel {

enum class TypeKind : std::uint8_t {
    dyn, null_, bool_, int_, uint_, double_, string, bytes, list, map, timestamp,
    duration, type, optional, error, param
};

struct Type {
    TypeKind kind = TypeKind::dyn;
    std::vector<Type> params;  ///< list: [elem]; map: [key, value]; type: [of] (optional)
    std::string name;          ///< param: its name ("A")

    static Type dyn() { return {}; }
    static Type null() { return {TypeKind::null_, {}, {}}; }
    static Type boolean() { return {TypeKind::bool_, {}, {}}; }
    static Type int64() { return {TypeKind::int_, {}, {}}; }
    static Type uint64() { return {TypeKind::uint_, {}, {}}; }
    static Type dbl() { return {TypeKind::double_, {}, {}}; }
    static Type string() { return {TypeKind::string, {}, {}}; }
    static Type bytes() { return {TypeKind::bytes, {}, {}}; }
    static Type timestamp() { return {TypeKind::timestamp, {}, {}}; }
    static Type duration() { return {TypeKind::duration, {}, {}}; }
    static Type error() { return {TypeKind::error, {}, {}}; }
    static Type list(Type elem) { return {TypeKind::list, {std::move(elem)}, {}}; }
    static Type map(Type key, Type value) {
        return {TypeKind::map, {std::move(key), std::move(value)}, {}};
    }
    /// The type of a type value; `of` is dyn when unknown.
    static Type type(Type of = dyn()) { return {TypeKind::type, {std::move(of)}, {}}; }
    static Type optional(Type of) { return {TypeKind::optional, {std::move(of)}, {}}; }
    static Type param(std::string name) { return {TypeKind::param, {}, std::move(name)}; }

    bool is_dyn() const { return kind == TypeKind::dyn; }
    const Type& elem() const { return params[0]; }
    const Type& key() const { return params[0]; }
    const Type& value() const { return params[1]; }

    /// cel-spec spelling: int, list(int), map(string, dyn), google.protobuf.Timestamp.
    std::string to_string() const;
    /// Parses that spelling (also accepts `timestamp`, `duration`, `null`). nullopt if bad.
    static std::optional<Type> parse(std::string_view text);

    friend bool operator==(const Type&, const Type&) = default;
};

}  // namespace talentrules::cel
