// Equality (_==_, _!=_), membership (@in) and indexing (_[_]) over lists and maps.
// Equality is cel-spec's heterogeneous runtime equality (cel_equals): `dyn(1) == 1u`.

#include <cmath>

#include "cel/functions/families.hpp"
#include "talentrules/cel/ast.hpp"

namespace talentrules::cel {

namespace {

Type A() { return Type::param("A"); }
Type B() { return Type::param("B"); }

Overload make(const char* name, std::vector<Type> params, Type result, FunctionImpl impl,
              std::string doc) {
    Overload o;
    o.name = name;
    o.params = std::move(params);
    o.result = std::move(result);
    o.impl = std::move(impl);
    o.doc = std::move(doc);
    return o;
}

Value list_at(const Value& list, std::int64_t index) {
    const List& l = list.as_list();
    if (index < 0 || static_cast<std::uint64_t>(index) >= l.size())
        return Value::error("index out of range: " + std::to_string(index));
    return l[static_cast<std::size_t>(index)];
}

}  // namespace

void register_equality_membership(FunctionRegistry& r) {
    r.add(make(op::equals, {A(), A()}, Type::boolean(),
               [](std::span<const Value> args) { return cel_equals(args[0], args[1]); },
               "equality (numbers compare by value across int, uint and double)"));
    r.add(make(op::not_equals, {A(), A()}, Type::boolean(),
               [](std::span<const Value> args) {
                   Value eq = cel_equals(args[0], args[1]);
                   return eq.is_bool() ? Value(!eq.as_bool()) : eq;
               },
               "inequality, the negation of equality"));

    r.add(make(op::in, {A(), Type::list(A())}, Type::boolean(),
               [](std::span<const Value> args) {
                   for (const Value& e : args[1].as_list())
                       if (args[0].equals(e)) return Value(true);
                   return Value(false);
               },
               "list membership (by CEL equality)"));
    r.add(make(op::in, {A(), Type::map(A(), B())}, Type::boolean(),
               [](std::span<const Value> args) {
                   return Value(args[1].as_map().find(args[0]) != nullptr);
               },
               "map key membership (numeric keys match by value)"));

    r.add(make(op::index, {Type::list(A()), Type::int64()}, A(),
               [](std::span<const Value> args) { return list_at(args[0], args[1].as_int()); },
               "list element at an index; out of range is an error"));
    r.add(make(op::index, {Type::list(A()), Type::uint64()}, A(),
               [](std::span<const Value> args) {
                   std::uint64_t i = args[1].as_uint();
                   if (i >= args[0].as_list().size())
                       return Value::error("index out of range: " + std::to_string(i));
                   return args[0].as_list()[static_cast<std::size_t>(i)];
               },
               "list element at an index; out of range is an error"));
    r.add(make(op::index, {Type::list(A()), Type::dbl()}, A(),
               [](std::span<const Value> args) {
                   double d = args[1].as_double();
                   if (!(std::trunc(d) == d) || d < -9223372036854775808.0 ||
                       d >= 9223372036854775808.0)
                       return Value::error("invalid list index: " + args[1].to_cel());
                   return list_at(args[0], static_cast<std::int64_t>(d));
               },
               "list element at an integral double index; other doubles are an error"));
    r.add(make(op::index, {Type::map(A(), B()), A()}, B(),
               [](std::span<const Value> args) {
                   if (const Value* v = args[0].as_map().find(args[1])) return *v;
                   return Value::error("no such key: " + args[1].to_cel());
               },
               "map value for a key; a missing key is an error"));
}

}  // namespace talentrules::cel
