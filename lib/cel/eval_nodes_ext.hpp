#pragma once
// Compiled forms of the extension macros that build a collection (transformList,
// transformMap, transformMapEntry): built in place, like MapFilterNode, instead of the
// quadratic copy of the general comprehension's step.

#include "cel/eval_nodes.hpp"

namespace talentrules::cel::detail {

struct TransformNode final : Node {
    enum class Shape : std::uint8_t { list, map, map_entry };
    Shape shape = Shape::list;
    NodePtr range, predicate, value;  // predicate may be null
    std::uint32_t iter_slot = 0, iter_slot2 = 0;

    Value eval(Frame& f) const override {
        Value r = range->eval(f);
        if (r.is_exceptional()) return r;
        List items;
        std::vector<Map::Entry> entries;
        Value failure;
        auto fail = [&](Value v) {
            failure = std::move(v);
            return false;
        };
        Value status = for_each_pair(r, f, [&](const Value& a, const Value& b) {
            f.locals[iter_slot] = a;
            f.locals[iter_slot2] = b;
            if (predicate) {
                Value p = predicate->eval(f);
                if (p.is_exceptional()) return fail(std::move(p));
                if (!p.is_bool()) {
                    return fail(Value::error(fmt::format("no such overload: _?_:_({}, ...)", p.type().name)));
                }
                if (!p.as_bool()) return true;
            }
            Value v = value->eval(f);
            if (v.is_exceptional()) return fail(std::move(v));
            if (items.size() + entries.size() >= f.limits.max_collection_size) {
                return fail(Value::error(fmt::format("collection larger than the limit of {} elements",
                                                     f.limits.max_collection_size)));
            }
            switch (shape) {
            case Shape::list: items.push_back(std::move(v)); break;
            case Shape::map: entries.emplace_back(a, std::move(v)); break;
            case Shape::map_entry:
                if (!v.is_map()) {
                    return fail(Value::error(fmt::format("transformMapEntry: expected a map, got '{}'",
                                                         v.type().name)));
                }
                for (const auto& e : v.as_map().entries()) entries.push_back(e);
                break;
            }
            return true;
        });
        if (status.is_error()) return status;
        if (!failure.is_null()) return failure;
        if (shape == Shape::list) return Value::list(std::move(items));
        std::string error;
        auto m = Map::make(std::move(entries), &error);
        if (!m) return Value::error(error);
        return Value::map(std::move(*m));
    }
    void children(std::vector<const Node*>& out) const override {
        out.push_back(range.get());
        if (predicate) out.push_back(predicate.get());
        out.push_back(value.get());
    }
};

// `o.or(p)` and `o.orValue(v)`: the argument is evaluated only when `o` is empty, as
// cel-go short-circuits them. A receiver that is not an optional takes the general call.
struct OptionalOrNode final : Node {
    NodePtr receiver, alternative;
    bool or_value = false;  // orValue: unwrap
    NodePtr general;        // the same call, dispatched by overload
    Value eval(Frame& f) const override {
        Value o = receiver->eval(f);
        if (!o.is_optional()) return general->eval(f);
        if (const Value* v = o.optional_value()) return or_value ? *v : o;
        return alternative->eval(f);
    }
    void children(std::vector<const Node*>& out) const override {
        out.insert(out.end(), {receiver.get(), alternative.get(), general.get()});
    }
};

}  // namespace talentrules::cel::detail
