#pragma once
// The compiled form: a tree of closures, one node per AST node that survives constant
// folding. Nodes are immutable; per-evaluation state lives in Frame.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "cel/fast_ops.hpp"
#include "talentrules/cel/program.hpp"

namespace talentrules::cel::detail {

struct Frame {
    const Activation& activation;
    Value* locals;
    const EvalLimits& limits;
    std::uint64_t cost = 0;

    // Returns false once the cost budget is spent.
    bool charge(std::uint64_t units = 1) {
        cost += units;
        return cost <= limits.max_cost;
    }
};

struct Node {
    ExprId id = 0;
    virtual ~Node() = default;
    virtual Value eval(Frame& frame) const = 0;
    /// A constant node's value, for folding; nullptr otherwise.
    virtual const Value* constant() const { return nullptr; }
    /// The value without copying it, where the node can lend it (constants, bound
    /// variables); nullptr means "call eval".
    virtual const Value* borrow(Frame&) const { return nullptr; }
    /// The fast_ops.hpp entry this node specialises; nullopt for the general nodes.
    virtual std::optional<FastOp> fast_op() const { return std::nullopt; }
    /// Appends the sub-nodes (for inspecting the compiled form; never used to evaluate).
    virtual void children(std::vector<const Node*>&) const {}
};

using NodePtr = std::unique_ptr<Node>;

Value cost_exceeded(const Frame& frame);

// --- Activation helpers -------------------------------------------------------------

// Of several argument values, the one a strict call must return instead of calling:
// merged unknowns first (a missing fact may still decide), else the first error.
inline const Value* exceptional_of(std::span<const Value> args, Value& merged) {
    const Value* first_error = nullptr;
    bool have_unknown = false;
    for (const Value& v : args) {
        if (v.is_unknown()) {
            merged = have_unknown ? merge_unknowns(merged, v) : v;
            have_unknown = true;
        } else if (v.is_error() && !first_error) {
            first_error = &v;
        }
    }
    if (have_unknown) return &merged;
    return first_error;
}

// --- Nodes --------------------------------------------------------------------------

struct ConstNode final : Node {
    Value value;
    explicit ConstNode(Value v) : value(std::move(v)) {}
    Value eval(Frame&) const override { return value; }
    const Value* constant() const override { return &value; }
    const Value* borrow(Frame&) const override { return &value; }
};

struct VariableNode final : Node {
    std::uint32_t slot;
    std::string name;
    VariableNode(std::uint32_t s, std::string n) : slot(s), name(std::move(n)) {}
    Value eval(Frame& f) const override { return f.activation.lookup(slot); }
    const Value* borrow(Frame& f) const override { return f.activation.get(slot); }
};

// has(a.b) where "a.b" is a declared variable: is it supplied?
struct PresenceNode final : Node {
    std::uint32_t slot;
    explicit PresenceNode(std::uint32_t s) : slot(s) {}
    Value eval(Frame& f) const override {
        Value v = f.activation.lookup(slot);
        return Value(!v.is_unknown() && !v.is_error());
    }
};

struct LocalNode final : Node {
    std::uint32_t index;
    explicit LocalNode(std::uint32_t i) : index(i) {}
    Value eval(Frame& f) const override { return f.locals[index]; }
};

struct ErrorNode final : Node {
    std::string message;
    explicit ErrorNode(std::string m) : message(std::move(m)) {}
    Value eval(Frame&) const override { return Value::error(message); }
};

struct SelectNode final : Node {
    NodePtr operand;
    Value field;  // string
    bool test_only;
    SelectNode(NodePtr o, std::string f, bool t)
        : operand(std::move(o)), field(Value::string(std::move(f))), test_only(t) {}
    Value eval(Frame& f) const override {
        Value v = operand->eval(f);
        if (v.is_exceptional()) return v;
        if (v.is_optional()) return select_optional(v);
        if (v.is_map()) {
            const Value* found = v.as_map().find(field);
            if (test_only) return Value(found != nullptr);
            if (found) return *found;
            return Value::error(fmt::format("no such key: '{}'", field.as_string()));
        }
        return Value::error(fmt::format("type '{}' does not support field selection",
                                        v.type().name));
    }
    // Through an optional: an empty one or an absent field gives optional.none().
    Value select_optional(const Value& o) const {
        const Value* inner = o.optional_value();
        if (!inner) return test_only ? Value(false) : Value::optional_none();
        if (inner->is_map()) {
            const Value* found = inner->as_map().find(field);
            if (test_only) return Value(found != nullptr);
            return found ? Value::optional_of(*found) : Value::optional_none();
        }
        return Value::error(fmt::format("type '{}' does not support field selection",
                                        inner->type().name));
    }
    void children(std::vector<const Node*>& out) const override { out.push_back(operand.get()); }
};

struct AndOrNode final : Node {
    NodePtr left, right;
    bool is_and;  // and: false decides; or: true decides
    AndOrNode(NodePtr l, NodePtr r, bool a) : left(std::move(l)), right(std::move(r)), is_and(a) {}
    Value eval(Frame& f) const override {
        const bool decisive = !is_and;
        Value l = left->eval(f);
        if (l.is_bool() && l.as_bool() == decisive) return l;
        Value r = right->eval(f);
        if (r.is_bool() && r.as_bool() == decisive) return r;
        if (l.is_bool() && r.is_bool()) return r;
        if (l.is_unknown() && r.is_unknown()) return merge_unknowns(l, r);
        if (l.is_unknown()) return l;
        if (r.is_unknown()) return r;
        if (l.is_error()) return l;
        if (r.is_error()) return r;
        return Value::error(fmt::format("no such overload: {}({}, {})", is_and ? "_&&_" : "_||_",
                                        l.type().name, r.type().name));
    }
    std::optional<FastOp> fast_op() const override { return is_and ? FastOp::logical_and : FastOp::logical_or; }
    void children(std::vector<const Node*>& out) const override { out.insert(out.end(), {left.get(), right.get()}); }
};

struct NotStrictlyFalseNode final : Node {
    NodePtr operand;
    explicit NotStrictlyFalseNode(NodePtr o) : operand(std::move(o)) {}
    Value eval(Frame& f) const override {
        Value v = operand->eval(f);
        if (v.is_bool()) return v;
        return Value(true);
    }
    std::optional<FastOp> fast_op() const override { return FastOp::not_strictly_false; }
    void children(std::vector<const Node*>& out) const override { out.push_back(operand.get()); }
};

struct ConditionalNode final : Node {
    NodePtr cond, then_, else_;
    ConditionalNode(NodePtr c, NodePtr t, NodePtr e)
        : cond(std::move(c)), then_(std::move(t)), else_(std::move(e)) {}
    Value eval(Frame& f) const override {
        Value c = cond->eval(f);
        if (c.is_bool()) return c.as_bool() ? then_->eval(f) : else_->eval(f);
        if (c.is_exceptional()) return c;
        return Value::error(fmt::format("no such overload: _?_:_({}, ...)", c.type().name));
    }
    std::optional<FastOp> fast_op() const override { return FastOp::conditional; }
    void children(std::vector<const Node*>& out) const override {
        out.insert(out.end(), {cond.get(), then_.get(), else_.get()});
    }
};

struct CallNode final : Node {
    std::string name;
    std::vector<const Overload*> overloads;
    std::vector<NodePtr> args;

    bool matches(const Overload& o, std::span<const Value> values) const {
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (!value_matches(o.params[i], values[i])) return false;
        }
        return true;
    }

    Value dispatch(const Frame& f, std::span<const Value> values) const {
        Value merged;
        if (const Value* ex = exceptional_of(values, merged)) return *ex;
        for (const Overload* o : overloads) {
            if (!matches(*o, values)) continue;
            if (o->limited) {
                return o->limited(values, BuildLimits{f.limits.max_string_bytes,
                                                      f.limits.max_collection_size});
            }
            return o->impl(values);
        }
        std::string types;
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i) types += ", ";
            types += values[i].type().name;
        }
        return Value::error(fmt::format("no such overload: {}({})", name, types));
    }

    Value eval(Frame& f) const override {
        if (!f.charge()) return detail::cost_exceeded(f);
        const std::size_t n = args.size();
        if (n <= 4) {
            std::array<Value, 4> values;
            for (std::size_t i = 0; i < n; ++i) values[i] = args[i]->eval(f);
            return bounded(f, dispatch(f, std::span<const Value>(values.data(), n)));
        }
        std::vector<Value> values;
        values.reserve(n);
        for (const auto& a : args) values.push_back(a->eval(f));
        return bounded(f, dispatch(f, values));
    }

    // A string, bytes or list a function built counts against the limits: its size
    // against max_string_bytes / max_collection_size, and the work of building it
    // (a unit per element, per 64 bytes) against max_cost.
    static Value bounded(Frame& f, Value v) {
        std::size_t units = 0;
        if (v.is_string() || v.is_bytes()) {
            const std::size_t bytes = v.is_string() ? v.as_string().size() : v.as_bytes().data.size();
            if (bytes > f.limits.max_string_bytes) {
                return Value::error(fmt::format("string longer than {} bytes", f.limits.max_string_bytes));
            }
            units = bytes / 64;
        } else if (v.is_list()) {
            if (v.as_list().size() > f.limits.max_collection_size) {
                return Value::error(fmt::format("list longer than {} elements", f.limits.max_collection_size));
            }
            units = v.as_list().size();
        }
        if (units && !f.charge(units)) return detail::cost_exceeded(f);
        return v;
    }

    void children(std::vector<const Node*>& out) const override {
        for (const auto& a : args) out.push_back(a.get());
    }
};

// `<`, `<=`, `>`, `>=` on an ordered category: by position in its declared values.
struct EnumCompareNode final : Node {
    const EnumType* enum_type;
    std::string op_name;  // for messages
    FastOp op = FastOp::greater_equals;
    NodePtr left, right;
    Value eval(Frame& f) const override {
        Value l = left->eval(f);
        Value r = right->eval(f);
        std::array<Value, 2> both{l, r};
        Value merged;
        if (const Value* ex = exceptional_of(both, merged)) return *ex;
        if (!l.is_string() || !r.is_string()) {
            return Value::error(fmt::format("no such overload: {}({}, {})", op_name,
                                            l.type().name, r.type().name));
        }
        const int a = enum_type->rank(l.as_string());
        const int b = enum_type->rank(r.as_string());
        if (a < 0 || b < 0) {
            return Value::error(fmt::format("'{}' is not a value of category '{}'",
                                            a < 0 ? l.as_string() : r.as_string(), enum_type->name));
        }
        switch (op) {
        case FastOp::less: return Value(a < b);
        case FastOp::less_equals: return Value(a <= b);
        case FastOp::greater: return Value(a > b);
        default: return Value(a >= b);
        }
    }
    std::optional<FastOp> fast_op() const override { return op; }
    void children(std::vector<const Node*>& out) const override { out.insert(out.end(), {left.get(), right.get()}); }
};

// Fast paths for the shapes rule conditions use most. Each handles the common runtime
// type without copying values or dispatching, and hands anything else to the general
// call it was compiled from, so results are identical.

// `x in ["a", "b", ...]` with a constant list of strings.
struct InStringsNode final : Node {
    NodePtr operand;
    std::vector<std::string> strings;
    NodePtr general;
    Value eval(Frame& f) const override {
        const Value* v = operand->borrow(f);
        if (v && v->is_string()) {
            const std::string_view s = v->as_string();
            for (const auto& candidate : strings) {
                if (candidate == s) return Value(true);
            }
            return Value(false);
        }
        return general->eval(f);
    }
    std::optional<FastOp> fast_op() const override { return FastOp::in; }
    void children(std::vector<const Node*>& out) const override { out.insert(out.end(), {operand.get(), general.get()}); }
};

// `x OP n` (or `n OP x`) with an int constant n and OP one of == != < <= > >=.
struct IntCompareNode final : Node {
    NodePtr operand;
    std::int64_t constant = 0;
    int op = 0;  // 0 ==, 1 !=, 2 <, 3 <=, 4 >, 5 >= (operand on the left)
    FastOp call = FastOp::equals;  // the operator as written
    NodePtr general;
    Value eval(Frame& f) const override {
        const Value* v = operand->borrow(f);
        if (v && v->is_int()) {
            const std::int64_t x = v->as_int();
            switch (op) {
            case 0: return Value(x == constant);
            case 1: return Value(x != constant);
            case 2: return Value(x < constant);
            case 3: return Value(x <= constant);
            case 4: return Value(x > constant);
            default: return Value(x >= constant);
            }
        }
        return general->eval(f);
    }
    std::optional<FastOp> fast_op() const override { return call; }
    void children(std::vector<const Node*>& out) const override { out.insert(out.end(), {operand.get(), general.get()}); }
};

// `[?x]` and `{?k: v}`: the optional's value, or nothing when it is empty (nullopt).
inline std::optional<Value> optional_entry(const Value& v, Value& failure) {
    if (!v.is_optional()) {
        failure = Value::error(fmt::format("an optional entry needs an optional value, not '{}'",
                                           v.type().name));
        return std::nullopt;
    }
    if (const Value* inner = v.optional_value()) return *inner;
    return std::nullopt;
}

struct ListNode final : Node {
    std::vector<NodePtr> elements;
    std::vector<std::uint32_t> optional;  // indices of `?x` elements
    Value eval(Frame& f) const override {
        List items;
        items.reserve(elements.size());
        for (const auto& e : elements) items.push_back(e->eval(f));
        Value merged;
        if (const Value* ex = exceptional_of(items, merged)) return *ex;
        if (optional.empty()) return Value::list(std::move(items));
        List kept;
        Value failure;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (std::find(optional.begin(), optional.end(), i) == optional.end()) {
                kept.push_back(std::move(items[i]));
            } else if (auto v = optional_entry(items[i], failure)) {
                kept.push_back(std::move(*v));
            } else if (failure.is_error()) {
                return failure;
            }
        }
        return Value::list(std::move(kept));
    }
    void children(std::vector<const Node*>& out) const override {
        for (const auto& e : elements) out.push_back(e.get());
    }
};

struct MapNode final : Node {
    std::vector<NodePtr> entries;  // key, value, key, value...
    std::vector<std::uint32_t> optional;  // indices (by entry) of `?k: v` entries
    Value eval(Frame& f) const override {
        std::vector<Value> flat;
        flat.reserve(entries.size());
        for (const auto& e : entries) flat.push_back(e->eval(f));
        Value merged;
        if (const Value* ex = exceptional_of(flat, merged)) return *ex;
        std::vector<Map::Entry> pairs;
        pairs.reserve(flat.size() / 2);
        Value failure;
        for (std::size_t i = 0; i + 1 < flat.size(); i += 2) {
            if (std::find(optional.begin(), optional.end(), i / 2) == optional.end()) {
                pairs.emplace_back(std::move(flat[i]), std::move(flat[i + 1]));
            } else if (auto v = optional_entry(flat[i + 1], failure)) {
                pairs.emplace_back(std::move(flat[i]), std::move(*v));
            } else if (failure.is_error()) {
                return failure;
            }
        }
        std::string error;
        auto m = Map::make(std::move(pairs), &error);
        if (!m) return Value::error(error);
        return Value::map(std::move(*m));
    }
    void children(std::vector<const Node*>& out) const override {
        for (const auto& e : entries) out.push_back(e.get());
    }
};

// Iterates a list's elements or a map's keys, calling `body(value)` until it returns false.
template <class Body>
Value for_each_item(const Value& range, Frame& f, Body&& body) {
    if (range.is_list()) {
        for (const Value& v : range.as_list()) {
            if (!f.charge()) return detail::cost_exceeded(f);
            if (!body(v)) break;
        }
        return Value(true);
    }
    if (range.is_map()) {
        for (const auto& [k, v] : range.as_map().entries()) {
            if (!f.charge()) return detail::cost_exceeded(f);
            if (!body(k)) break;
        }
        return Value(true);
    }
    return Value::error(fmt::format("expression of type '{}' cannot be iterated",
                                    range.type().name));
}

// Iterates a list's (index, element) or a map's (key, value) pairs, for the two-variable
// comprehensions, calling `body(first, second)` until it returns false.
template <class Body>
Value for_each_pair(const Value& range, Frame& f, Body&& body) {
    if (range.is_list()) {
        std::int64_t i = 0;
        for (const Value& v : range.as_list()) {
            if (!f.charge()) return detail::cost_exceeded(f);
            if (!body(Value(i++), v)) break;
        }
        return Value(true);
    }
    if (range.is_map()) {
        for (const auto& [k, v] : range.as_map().entries()) {
            if (!f.charge()) return detail::cost_exceeded(f);
            if (!body(k, v)) break;
        }
        return Value(true);
    }
    return Value::error(fmt::format("expression of type '{}' cannot be iterated",
                                    range.type().name));
}

// cel-spec's general comprehension (all, exists, exists_one, and hand-built ones).
struct ComprehensionNode final : Node {
    NodePtr range, init, condition, step, result;
    std::uint32_t iter_slot = 0, accu_slot = 0;
    std::optional<std::uint32_t> iter_slot2;  // two-variable forms
    Value eval(Frame& f) const override {
        Value r = range->eval(f);
        if (r.is_exceptional()) return r;
        Value& accu = f.locals[accu_slot];
        accu = init->eval(f);
        auto iteration = [&] {
            Value c = condition->eval(f);
            if (c.is_bool() && !c.as_bool()) return false;
            accu = step->eval(f);
            return true;
        };
        if (iter_slot2) {
            Value status = for_each_pair(r, f, [&](const Value& a, const Value& b) {
                f.locals[iter_slot] = a;
                f.locals[*iter_slot2] = b;
                return iteration();
            });
            if (status.is_error()) return status;
            return result->eval(f);
        }
        Value status = for_each_item(r, f, [&](const Value& item) {
            f.locals[iter_slot] = item;
            return iteration();
        });
        if (status.is_error()) return status;
        return result->eval(f);
    }
    void children(std::vector<const Node*>& out) const override {
        out.insert(out.end(), {range.get(), init.get(), condition.get(), step.get(), result.get()});
    }
};

// map / filter / map-with-filter macros: appends in place instead of the quadratic
// `@result + [x]` of the general form; same results and error behaviour.
struct MapFilterNode final : Node {
    NodePtr range, predicate, transform;  // predicate or transform may be null
    std::uint32_t iter_slot = 0;
    Value eval(Frame& f) const override {
        Value r = range->eval(f);
        if (r.is_exceptional()) return r;
        List out;
        Value failure;
        bool failed = false;
        Value status = for_each_item(r, f, [&](const Value& item) {
            f.locals[iter_slot] = item;
            if (predicate) {
                Value p = predicate->eval(f);
                if (p.is_exceptional()) {
                    failure = p; failed = true;
                    return false;
                }
                if (!p.is_bool()) {
                    failure = Value::error(fmt::format("no such overload: _?_:_({}, ...)",
                                                       p.type().name));
                    failed = true;
                    return false;
                }
                if (!p.as_bool()) return true;
            }
            Value v = transform ? transform->eval(f) : item;
            if (v.is_exceptional()) {
                failure = v; failed = true;
                return false;
            }
            if (out.size() >= f.limits.max_collection_size) {
                failure = Value::error(fmt::format("list larger than the limit of {} elements",
                                                   f.limits.max_collection_size));
                failed = true;
                return false;
            }
            out.push_back(std::move(v));
            return true;
        });
        if (status.is_error()) return status;
        if (failed) return failure;
        return Value::list(std::move(out));
    }
    void children(std::vector<const Node*>& out) const override {
        out.push_back(range.get());
        if (predicate) out.push_back(predicate.get());
        if (transform) out.push_back(transform.get());
    }
};

struct CompiledTree {
    NodePtr root;
    std::uint32_t locals = 0;  // slots for comprehension variables
};

/// Compiles `root` (program_compile.cpp); `checked` is null for unchecked expressions.
CompiledTree compile_tree(const Expr& root, const Env& env, const CheckedExpr* checked,
                          const CompileOptions& options);

}  // namespace talentrules::cel::detail

namespace talentrules::cel {

struct Program::Impl {
    detail::NodePtr root;
    std::uint32_t locals = 0;
};

}  // namespace talentrules::cel::detail
