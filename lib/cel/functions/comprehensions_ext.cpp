// The steps of transformMap and transformMapEntry (lib/cel/macros_ext.cpp) for the
// checker and the general comprehension; the compiler builds these macros in place
// (TransformNode), so the copies made here happen only on the unoptimised path.

#include <fmt/format.h>

#include "cel/functions/families.hpp"

namespace talentrules::cel {

void register_comprehensions_ext(FunctionRegistry& r) {
    const Type k = Type::param("K"), v = Type::param("V");
    Overload insert;
    insert.name = "@map_insert";
    insert.params = {Type::map(k, v), k, v};
    insert.result = Type::map(k, v);
    insert.impl = [](std::span<const Value> a) -> Value {
        std::vector<Map::Entry> entries = a[0].as_map().entries();
        entries.emplace_back(a[1], a[2]);
        std::string error;
        auto m = Map::make(std::move(entries), &error);
        if (!m) return Value::error(error);
        return Value::map(std::move(*m));
    };
    insert.doc = "transformMap's step: the map with one more entry (internal)";
    r.add(std::move(insert));
    Overload merge;
    merge.name = "@map_merge";
    merge.params = {Type::map(k, v), Type::map(k, v)};
    merge.result = Type::map(k, v);
    merge.impl = [](std::span<const Value> a) -> Value {
        std::vector<Map::Entry> entries = a[0].as_map().entries();
        for (const auto& e : a[1].as_map().entries()) entries.push_back(e);
        std::string error;
        auto m = Map::make(std::move(entries), &error);
        if (!m) return Value::error(error);
        return Value::map(std::move(*m));
    };
    merge.doc = "transformMapEntry's step: the union of two maps, a shared key an error (internal)";
    r.add(std::move(merge));
}

}  // namespace talentrules::cel
