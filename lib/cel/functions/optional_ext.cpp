// Optional values (cel-go's optional types): optional.of, optional.none,
// optional.ofNonZeroValue, hasValue, value, orValue, or, and the optional forms of
// selection and indexing: `m.?k` (_?._), `l[?i]` / `m[?k]` (_[?_]), and `o.f` / `o[k]` on
// an optional `o`, which give optional.none() when `o` is empty or the entry is absent.

#include <fmt/format.h>

#include "cel/functions/families.hpp"
#include "talentrules/cel/ast.hpp"

namespace talentrules::cel {
namespace {

Type A() { return Type::param("A"); }
Type K() { return Type::param("K"); }
Type V() { return Type::param("V"); }
Type opt(Type t) { return Type::optional(std::move(t)); }

void add(FunctionRegistry& r, const char* name, bool member, std::vector<Type> params, Type result,
         FunctionImpl impl, std::string doc) {
    Overload o;
    o.name = name;
    o.member = member;
    o.params = std::move(params);
    o.result = std::move(result);
    o.impl = std::move(impl);
    o.doc = std::move(doc);
    r.add(std::move(o));
}

// The zero value of each type, for ofNonZeroValue.
bool is_zero(const Value& v) {
    switch (v.kind()) {
    case Kind::null_: return true;
    case Kind::bool_: return !v.as_bool();
    case Kind::int_: return v.as_int() == 0;
    case Kind::uint_: return v.as_uint() == 0;
    case Kind::double_: return v.as_double() == 0;
    case Kind::string: return v.as_string().empty();
    case Kind::bytes: return v.as_bytes().data.empty();
    case Kind::list: return v.as_list().empty();
    case Kind::map: return v.as_map().size() == 0;
    case Kind::timestamp: return v.as_timestamp() == Timestamp{};
    case Kind::duration: return v.as_duration() == Duration{};
    case Kind::optional: return v.optional_value() == nullptr;
    default: return false;
    }
}

// `container[key]` as an optional: none when the key or index is absent.
Value optional_index(const Value& container, const Value& key) {
    if (container.is_map()) {
        const Value* found = container.as_map().find(key);
        return found ? Value::optional_of(*found) : Value::optional_none();
    }
    if (container.is_list()) {
        std::int64_t i = 0;
        if (key.is_int()) {
            i = key.as_int();
        } else if (key.is_uint() && key.as_uint() <= static_cast<std::uint64_t>(INT64_MAX)) {
            i = static_cast<std::int64_t>(key.as_uint());
        } else if (key.is_double() && key.as_double() == static_cast<double>(static_cast<std::int64_t>(key.as_double()))) {
            i = static_cast<std::int64_t>(key.as_double());
        } else {
            return Value::error(fmt::format("no such overload: _[?_](list, {})", key.type().name));
        }
        const List& l = container.as_list();
        if (i < 0 || i >= static_cast<std::int64_t>(l.size())) return Value::optional_none();
        return Value::optional_of(l[static_cast<std::size_t>(i)]);
    }
    return Value::error(fmt::format("no such overload: _[?_]({}, {})", container.type().name,
                                    key.type().name));
}

// The same through an optional container: none stays none.
Value chained_index(const Value& o, const Value& key) {
    const Value* inner = o.optional_value();
    if (!inner) return Value::optional_none();
    return optional_index(*inner, key);
}

void register_constructors(FunctionRegistry& r) {
    add(r, "optional.of", false, {A()}, opt(A()),
        [](std::span<const Value> a) { return Value::optional_of(a[0]); }, "an optional holding the value");
    add(r, "optional.none", false, {}, opt(Type::dyn()),
        [](std::span<const Value>) { return Value::optional_none(); }, "the empty optional");
    add(r, "optional.ofNonZeroValue", false, {A()}, opt(A()),
        [](std::span<const Value> a) { return is_zero(a[0]) ? Value::optional_none() : Value::optional_of(a[0]); },
        "an optional holding the value, empty for its type's zero value (0, '', [], {}, false, null)");
}

void register_accessors(FunctionRegistry& r) {
    add(r, "hasValue", true, {opt(A())}, Type::boolean(),
        [](std::span<const Value> a) { return Value(a[0].optional_value() != nullptr); },
        "true unless the optional is empty");
    add(r, "value", true, {opt(A())}, A(), [](std::span<const Value> a) {
        const Value* v = a[0].optional_value();
        return v ? *v : Value::error("optional.none() dereference");
    }, "the value held; an empty optional is an error");
    add(r, "orValue", true, {opt(A()), A()}, A(), [](std::span<const Value> a) {
        const Value* v = a[0].optional_value();
        return v ? *v : a[1];
    }, "the value held, else the argument");
    add(r, "or", true, {opt(A()), opt(A())}, opt(A()), [](std::span<const Value> a) {
        return a[0].optional_value() ? a[0] : a[1];
    }, "the optional if it holds a value, else the argument");
}

void register_selection(FunctionRegistry& r) {
    add(r, "_?._", false, {Type::map(K(), V()), Type::string()}, opt(V()),
        [](std::span<const Value> a) { return optional_index(a[0], a[1]); },
        "m.?f: the field as an optional, empty when absent");
    add(r, "_?._", false, {opt(A()), Type::string()}, opt(Type::dyn()),
        [](std::span<const Value> a) { return chained_index(a[0], a[1]); },
        "o.?f on an optional (map): empty when o is empty or f absent");
    add(r, "_[?_]", false, {Type::list(A()), Type::int64()}, opt(A()),
        [](std::span<const Value> a) { return optional_index(a[0], a[1]); },
        "l[?i]: the element as an optional, empty when out of range");
    add(r, "_[?_]", false, {Type::map(K(), V()), K()}, opt(V()),
        [](std::span<const Value> a) { return optional_index(a[0], a[1]); },
        "m[?k]: the value as an optional, empty when absent");
    // One overload for lists and maps: at run time both are just "an optional".
    for (const char* name : {"_[?_]", op::index}) {
        add(r, name, false, {opt(A()), Type::dyn()}, opt(Type::dyn()),
            [](std::span<const Value> a) { return chained_index(a[0], a[1]); },
            "indexing an optional list or map: empty when it is empty, the index out of range "
            "or the key absent");
    }
}

// optional.unwrap(l) and l.unwrapOpt(): the values of the non-empty optionals of a list.
void register_unwrap(FunctionRegistry& r) {
    const auto unwrap = [](std::span<const Value> a) -> Value {
        List out;
        for (const Value& v : a[0].as_list()) {
            if (!v.is_optional()) {
                return Value::error(fmt::format("optional.unwrap: a list element of type '{}' is not an optional",
                                                v.type().name));
            }
            if (const Value* inner = v.optional_value()) out.push_back(*inner);
        }
        return Value::list(std::move(out));
    };
    add(r, "optional.unwrap", false, {Type::list(opt(A()))}, Type::list(A()), unwrap,
        "the values of a list's non-empty optionals");
    add(r, "unwrapOpt", true, {Type::list(opt(A()))}, Type::list(A()), unwrap,
        "the values of a list's non-empty optionals");
}

}  // namespace

void register_optional_ext(FunctionRegistry& r) {
    register_constructors(r);
    register_accessors(r);
    register_selection(r);
    register_unwrap(r);
}

}  // namespace talentrules::cel
