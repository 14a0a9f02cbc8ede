// Ordering operators _<_ _<=_ _>_ _>=_: same-type overloads for bool, int, uint, double,
// string, bytes, timestamp and duration, plus cel-spec's cross-type numeric overloads
// (int/uint/double in every pairing), all exact (no precision loss). NaN compares false.

#include <compare>

#include "cel/functions/families.hpp"
#include "talentrules/cel/ast.hpp"

namespace talentrules::cel {

namespace {

using Predicate = bool (*)(std::partial_ordering);

void add_comparison(FunctionRegistry& r, const char* name, Predicate pred, const Type& a,
                    const Type& b) {
    Overload o;
    o.name = name;
    o.params = {a, b};
    o.result = Type::boolean();
    o.impl = [pred](std::span<const Value> args) -> Value {
        auto ord = cel_compare(args[0], args[1]);
        if (!ord) {
            return Value::error("no such overload: " + std::string(args[0].type().name) +
                                " and " + std::string(args[1].type().name) +
                                " are not comparable");
        }
        return Value(pred(*ord));
    };
    o.doc = "ordering of " + a.to_string() + " and " + b.to_string();
    r.add(std::move(o));
}

void add_operator(FunctionRegistry& r, const char* name, Predicate pred) {
    const Type same[] = {Type::boolean(), Type::int64(),  Type::uint64(),    Type::dbl(),
                         Type::string(),  Type::bytes(), Type::timestamp(), Type::duration()};
    for (const Type& t : same) add_comparison(r, name, pred, t, t);
    const Type numbers[] = {Type::int64(), Type::uint64(), Type::dbl()};
    for (const Type& a : numbers)
        for (const Type& b : numbers)
            if (a.kind != b.kind) add_comparison(r, name, pred, a, b);
}

}  // namespace

void register_comparison(FunctionRegistry& registry) {
    add_operator(registry, op::less, [](std::partial_ordering o) { return o < 0; });
    add_operator(registry, op::less_equals, [](std::partial_ordering o) { return o <= 0; });
    add_operator(registry, op::greater, [](std::partial_ordering o) { return o > 0; });
    add_operator(registry, op::greater_equals, [](std::partial_ordering o) { return o >= 0; });
}

}  // namespace talentrules::cel
