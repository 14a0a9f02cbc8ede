// Compiles a parsed/checked expression into a closure tree and evaluates it.
// Error and unknown values follow cel-spec: strict calls return the merged unknowns of
// their arguments, else the first error; &&, || and ?: absorb them where the other
// operand decides.

#include "talentrules/cel/program.hpp"

#include <fmt/format.h>

#include <array>

#include "cel/eval_nodes.hpp"
#include "cel/resolve.hpp"
#include "talentrules/cel/parser.hpp"

namespace talentrules::cel {

using detail::Frame;
using detail::Node;
using detail::NodePtr;

namespace detail {
Value cost_exceeded(const Frame& frame) {
    return Value::error(
        fmt::format("evaluation cost limit exceeded ({} units)", frame.limits.max_cost));
}
}  // namespace detail

namespace {

// --- Activation helpers -------------------------------------------------------------

// Of several argument values, the one a strict call must return instead of calling:
// merged unknowns first (a missing fact may still decide), else the first error.
const Value* exceptional_of(std::span<const Value> args, Value& merged) {
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
        if (v.is_map()) {
            const Value* found = v.as_map().find(field);
            if (test_only) return Value(found != nullptr);
            if (found) return *found;
            return Value::error(fmt::format("no such key: '{}'", field.as_string()));
        }
        return Value::error(fmt::format("type '{}' does not support field selection",
                                        v.type().name));
    }
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
};

struct NotStrictlyFalseNode final : Node {
    NodePtr operand;
    explicit NotStrictlyFalseNode(NodePtr o) : operand(std::move(o)) {}
    Value eval(Frame& f) const override {
        Value v = operand->eval(f);
        if (v.is_bool()) return v;
        return Value(true);
    }
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

    Value dispatch(std::span<const Value> values) const {
        Value merged;
        if (const Value* ex = exceptional_of(values, merged)) return *ex;
        for (const Overload* o : overloads) {
            if (matches(*o, values)) return o->impl(values);
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
            return bounded(f, dispatch(std::span<const Value>(values.data(), n)));
        }
        std::vector<Value> values;
        values.reserve(n);
        for (const auto& a : args) values.push_back(a->eval(f));
        return bounded(f, dispatch(values));
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
};

// `<`, `<=`, `>`, `>=` on an ordered category: by position in its declared values.
struct EnumCompareNode final : Node {
    const EnumType* enum_type;
    std::string op_name;
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
        if (op_name == op::less) return Value(a < b);
        if (op_name == op::less_equals) return Value(a <= b);
        if (op_name == op::greater) return Value(a > b);
        return Value(a >= b);
    }
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
};

// `x OP n` (or `n OP x`) with an int constant n and OP one of == != < <= > >=.
struct IntCompareNode final : Node {
    NodePtr operand;
    std::int64_t constant = 0;
    int op = 0;  // 0 ==, 1 !=, 2 <, 3 <=, 4 >, 5 >= (operand on the left)
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
};

struct ListNode final : Node {
    std::vector<NodePtr> elements;
    Value eval(Frame& f) const override {
        List items;
        items.reserve(elements.size());
        for (const auto& e : elements) items.push_back(e->eval(f));
        Value merged;
        if (const Value* ex = exceptional_of(items, merged)) return *ex;
        return Value::list(std::move(items));
    }
};

struct MapNode final : Node {
    std::vector<NodePtr> entries;  // key, value, key, value...
    Value eval(Frame& f) const override {
        std::vector<Value> flat;
        flat.reserve(entries.size());
        for (const auto& e : entries) flat.push_back(e->eval(f));
        Value merged;
        if (const Value* ex = exceptional_of(flat, merged)) return *ex;
        std::vector<Map::Entry> pairs;
        pairs.reserve(flat.size() / 2);
        for (std::size_t i = 0; i + 1 < flat.size(); i += 2) {
            pairs.emplace_back(std::move(flat[i]), std::move(flat[i + 1]));
        }
        std::string error;
        auto m = Map::make(std::move(pairs), &error);
        if (!m) return Value::error(error);
        return Value::map(std::move(*m));
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

// cel-spec's general comprehension (all, exists, exists_one, and hand-built ones).
struct ComprehensionNode final : Node {
    NodePtr range, init, condition, step, result;
    std::uint32_t iter_slot = 0, accu_slot = 0;
    Value eval(Frame& f) const override {
        Value r = range->eval(f);
        if (r.is_exceptional()) return r;
        Value& accu = f.locals[accu_slot];
        accu = init->eval(f);
        Value status = for_each_item(r, f, [&](const Value& item) {
            f.locals[iter_slot] = item;
            Value c = condition->eval(f);
            if (c.is_bool() && !c.as_bool()) return false;
            accu = step->eval(f);
            return true;
        });
        if (status.is_error()) return status;
        return result->eval(f);
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
};

// --- Compiler -----------------------------------------------------------------------

class Compiler {
public:
    Compiler(const Env& env, const CheckedExpr* checked, const CompileOptions& options)
        : env_(env), checked_(checked), options_(options) {}

    NodePtr compile(const Expr& e) {
        NodePtr n = build(e);
        n->id = e.id;
        if (options_.fold_constants) n = fold(std::move(n), e);
        n->id = e.id;
        return n;
    }

    std::uint32_t max_locals() const { return max_locals_; }

private:
    const Reference* ref(const Expr& e) const {
        if (!checked_) return nullptr;
        return &checked_->references[static_cast<std::size_t>(e.id)];
    }

    NodePtr build(const Expr& e) {
        switch (e.kind) {
        case ExprKind::constant: return std::make_unique<ConstNode>(constant_value(e.constant));
        case ExprKind::ident:
        case ExprKind::select: return build_name(e);
        case ExprKind::call: return build_call(e);
        case ExprKind::list: {
            auto n = std::make_unique<ListNode>();
            for (const auto& a : e.args) n->elements.push_back(compile(a));
            return n;
        }
        case ExprKind::map: {
            auto n = std::make_unique<MapNode>();
            for (const auto& a : e.args) n->entries.push_back(compile(a));
            return n;
        }
        case ExprKind::comprehension: return build_comprehension(e);
        }
        return std::make_unique<ErrorNode>("unsupported expression");
    }

    static Value constant_value(const Constant& c) {
        switch (c.index()) {
        case 0: return Value();
        case 1: return Value(std::get<bool>(c));
        case 2: return Value(std::get<std::int64_t>(c));
        case 3: return Value(std::get<std::uint64_t>(c));
        case 4: return Value(std::get<double>(c));
        case 5: return Value::string(std::get<std::string>(c));
        default: return Value::bytes(std::get<BytesConstant>(c).data);
        }
    }

    std::optional<std::uint32_t> find_local(const std::string& name) const {
        if (!name.empty() && name.front() == '.') return std::nullopt;
        for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
            if (it->first == name) return it->second;
        }
        return std::nullopt;
    }

    std::vector<std::string> local_names() const {
        std::vector<std::string> out;
        for (const auto& [n, slot] : locals_) out.push_back(n);
        return out;
    }

    NodePtr build_name(const Expr& e) {
        if (e.kind == ExprKind::ident) {
            if (auto slot = find_local(e.name)) return std::make_unique<LocalNode>(*slot);
        }
        if (e.test_only) {
            const Variable* v = nullptr;
            if (const Reference* r = ref(e)) v = r->variable;
            else v = detail::resolve_presence(e, env_, local_names());
            if (v) return std::make_unique<PresenceNode>(v->slot);
        }
        if (!e.test_only) {
            const Variable* v = nullptr;
            std::string_view type_constant;
            if (const Reference* r = ref(e)) {
                v = r->variable;
                type_constant = r->type_constant;
            } else {
                v = detail::resolve_variable(e, env_, local_names());
                std::string root;
                if (!v && detail::qualified_name(e, &root) && !find_local(root)) {
                    if (auto t = detail::resolve_type_name(e)) type_constant = t->name;
                }
            }
            if (v) return std::make_unique<VariableNode>(v->slot, v->name);
            if (!type_constant.empty()) {
                if (auto t = detail::resolve_type_name(e)) return std::make_unique<ConstNode>(Value(*t));
            }
        }
        if (e.kind == ExprKind::ident) {
            return std::make_unique<ErrorNode>(fmt::format("undeclared reference to '{}'", e.name));
        }
        return std::make_unique<SelectNode>(compile(e.args[0]), e.name, e.test_only);
    }

    NodePtr build_call(const Expr& e) {
        const std::string& fn = e.name;
        if ((fn == op::logical_and || fn == op::logical_or) && e.args.size() == 2) {
            return std::make_unique<AndOrNode>(compile(e.args[0]), compile(e.args[1]),
                                               fn == op::logical_and);
        }
        if (fn == op::not_strictly_false && e.args.size() == 1) {
            return std::make_unique<NotStrictlyFalseNode>(compile(e.args[0]));
        }
        if (fn == op::conditional && e.args.size() == 3) {
            return std::make_unique<ConditionalNode>(compile(e.args[0]), compile(e.args[1]),
                                                     compile(e.args[2]));
        }
        if (const Reference* r = ref(e); r && r->ordered_enum && e.args.size() == 2) {
            auto cmp = std::make_unique<EnumCompareNode>();
            cmp->enum_type = r->ordered_enum;
            cmp->op_name = fn;
            cmp->left = compile(e.args[0]);
            cmp->right = compile(e.args[1]);
            return cmp;
        }
        auto n = std::make_unique<CallNode>();
        n->name = fn;
        for (const auto& a : e.args) n->args.push_back(compile(a));
        if (const Reference* r = ref(e); r && !r->overloads.empty()) {
            n->overloads = r->overloads;
        } else {
            for (const Overload* o : env_.functions().find(fn)) {
                if (o->member == e.member_call && o->params.size() == e.args.size()) {
                    n->overloads.push_back(o);
                }
            }
        }
        if (n->overloads.empty() && !env_.functions().contains(fn)) {
            return std::make_unique<ErrorNode>(fmt::format("unknown function: {}", fn));
        }
        return specialize(e, std::move(n));
    }

    // Wraps a general call in a fast path when its shape allows one (see InStringsNode,
    // IntCompareNode). Each fast node keeps a general node for other runtime types;
    // the general node's arguments are compiled again for it, since nodes are not shared.
    NodePtr specialize(const Expr& e, std::unique_ptr<CallNode> n) {
        if (!options_.fold_constants || n->args.size() != 2 || e.member_call) return n;
        const std::string& fn = e.name;
        if (fn == op::in) {
            const Value* list = n->args[1]->constant();
            if (!list || !list->is_list() || list->as_list().size() > 16 || n->args[0]->constant()) return n;
            std::vector<std::string> strings;
            for (const auto& item : list->as_list()) {
                if (!item.is_string()) return n;
                strings.emplace_back(item.as_string());
            }
            auto fast = std::make_unique<InStringsNode>();
            fast->strings = std::move(strings);
            fast->operand = compile(e.args[0]);
            fast->general = std::move(n);
            return fast;
        }
        static const std::array<const char*, 6> ops = {op::equals, op::not_equals, op::less,
                                                       op::less_equals, op::greater, op::greater_equals};
        // Mirror image of each operator for `n OP x`.
        static const std::array<int, 6> mirrored = {0, 1, 4, 5, 2, 3};
        for (int i = 0; i < 6; ++i) {
            if (fn != ops[static_cast<std::size_t>(i)]) continue;
            for (int side = 0; side < 2; ++side) {
                const Value* c = n->args[static_cast<std::size_t>(1 - side)]->constant();
                if (!c || !c->is_int() || n->args[static_cast<std::size_t>(side)]->constant()) continue;
                auto fast = std::make_unique<IntCompareNode>();
                fast->constant = c->as_int();
                fast->op = side == 0 ? i : mirrored[static_cast<std::size_t>(i)];
                fast->operand = compile(e.args[static_cast<std::size_t>(side)]);
                fast->general = std::move(n);
                return fast;
            }
        }
        return n;
    }

    std::uint32_t push_local(const std::string& name) {
        auto slot = static_cast<std::uint32_t>(locals_.size());
        locals_.emplace_back(name, slot);
        max_locals_ = std::max(max_locals_, slot + 1);
        return slot;
    }

    NodePtr build_comprehension(const Expr& e) {
        const Comprehension& c = *e.comprehension;
        NodePtr range = compile(c.iter_range);
        if (auto fast = build_map_filter(c, range)) return fast;
        auto n = std::make_unique<ComprehensionNode>();
        n->range = std::move(range);
        n->init = compile(c.accu_init);
        n->accu_slot = push_local(c.accu_var);
        n->iter_slot = push_local(c.iter_var);
        n->condition = compile(c.loop_condition);
        n->step = compile(c.loop_step);
        locals_.pop_back();
        n->result = compile(c.result);
        locals_.pop_back();
        return n;
    }

    // Recognises the parser's expansion of map/filter (see ast.hpp) and compiles the
    // predicate and transform directly; other shapes take the general path.
    NodePtr build_map_filter(const Comprehension& c, NodePtr& range) {
        const Expr* predicate = nullptr;
        const Expr* transform = nullptr;
        const Expr& step = c.loop_step;
        auto appended = [&](const Expr& add) -> const Expr* {
            // `@result + [x]`
            if (add.kind == ExprKind::call && add.name == op::add && add.args.size() == 2 &&
                add.args[1].kind == ExprKind::list && add.args[1].args.size() == 1) {
                return &add.args[1].args[0];
            }
            return nullptr;
        };
        switch (c.macro) {
        case Macro::map:
            transform = appended(step);
            if (!transform) return nullptr;
            break;
        case Macro::filter:
        case Macro::map_filter:
            if (step.kind != ExprKind::call || step.name != op::conditional || step.args.size() != 3)
                return nullptr;
            predicate = &step.args[0];
            transform = appended(step.args[1]);
            if (!transform) return nullptr;
            if (c.macro == Macro::filter) transform = nullptr;
            break;
        default: return nullptr;
        }
        auto n = std::make_unique<MapFilterNode>();
        n->range = std::move(range);
        // The accumulator slot is reserved so nested slots line up with the general form.
        push_local(c.accu_var);
        n->iter_slot = push_local(c.iter_var);
        if (predicate) n->predicate = compile(*predicate);
        if (transform) n->transform = compile(*transform);
        locals_.pop_back();
        locals_.pop_back();
        return n;
    }

    // Evaluates a node whose inputs are all constants once, at compile time.
    NodePtr fold(NodePtr n, const Expr& e) {
        if (n->constant()) return n;
        bool foldable = false;
        switch (e.kind) {
        case ExprKind::call:
            foldable = e.name != op::not_strictly_false && all_constant(*n);
            break;
        case ExprKind::list:
        case ExprKind::map: foldable = all_constant(*n); break;
        default: break;
        }
        if (!foldable) return n;
        EvalLimits limits;
        Activation empty(std::shared_ptr<const Env>{});
        Frame frame{empty, nullptr, limits};
        Value v = n->eval(frame);
        if (v.is_unknown()) return n;
        return std::make_unique<ConstNode>(std::move(v));
    }

    static bool children_constant(const std::vector<NodePtr>& children) {
        for (const auto& c : children) {
            if (!c->constant()) return false;
        }
        return true;
    }

    static bool all_constant(const Node& n) {
        if (auto* c = dynamic_cast<const CallNode*>(&n)) return children_constant(c->args);
        if (auto* l = dynamic_cast<const ListNode*>(&n)) return children_constant(l->elements);
        if (auto* m = dynamic_cast<const MapNode*>(&n)) return children_constant(m->entries);
        if (auto* c = dynamic_cast<const EnumCompareNode*>(&n)) return c->left->constant() && c->right->constant();
        if (auto* a = dynamic_cast<const AndOrNode*>(&n)) return a->left->constant() && a->right->constant();
        if (auto* c = dynamic_cast<const ConditionalNode*>(&n)) {
            return c->cond->constant() && c->then_->constant() && c->else_->constant();
        }
        return false;
    }

    const Env& env_;
    const CheckedExpr* checked_;
    const CompileOptions& options_;
    std::vector<std::pair<std::string, std::uint32_t>> locals_;
    std::uint32_t max_locals_ = 0;
};

}  // namespace

// --- Activation ---------------------------------------------------------------------

Activation::Activation(std::shared_ptr<const Env> env) : env_(std::move(env)) {
    const std::size_t n = env_ ? env_->variables().size() : 0;
    slots_.resize(n);
    bound_.assign(n, 0);
}

bool Activation::set(std::string_view name, Value value) {
    if (!env_) return false;
    const Variable* v = env_->find_variable(name);
    if (!v) return false;
    set(v->slot, std::move(value));
    return true;
}

Value Activation::lookup(std::uint32_t slot) const {
    if (bound_[slot]) return slots_[slot];
    if (resolver_) {
        if (auto v = resolver_->resolve(slot)) return std::move(*v);
    }
    const std::string& name = env_->variables()[slot].name;
    if (missing_unknown_) return Value::unknown({name});
    return Value::error(fmt::format("no such attribute: {}", name));
}

void Activation::clear() {
    for (auto& s : slots_) s = Value();
    std::fill(bound_.begin(), bound_.end(), 0);
}

// --- Program ------------------------------------------------------------------------

struct Program::Impl {
    NodePtr root;
    std::uint32_t locals = 0;
};

Program::Program() : impl_(std::make_unique<Impl>()) {}
Program::~Program() = default;

CompileResult Program::compile(CheckedExpr checked, std::shared_ptr<const Env> env,
                               const CompileOptions& options) {
    std::unique_ptr<Program> p(new Program());
    p->env_ = env;
    p->result_type_ = checked.result_type();
    Impl& impl = *p->impl_;
    Compiler compiler(*env, &checked, options);
    impl.root = compiler.compile(checked.parsed.root);
    impl.locals = compiler.max_locals();
    p->source_ = std::move(checked.parsed);
    CompileResult result;
    result.program = std::move(p);
    return result;
}

CompileResult Program::compile_unchecked(ParsedExpr parsed, std::shared_ptr<const Env> env,
                                         const CompileOptions& options) {
    std::unique_ptr<Program> p(new Program());
    p->env_ = env;
    p->result_type_ = Type::dyn();
    Impl& impl = *p->impl_;
    Compiler compiler(*env, nullptr, options);
    impl.root = compiler.compile(parsed.root);
    impl.locals = compiler.max_locals();
    p->source_ = std::move(parsed);
    CompileResult result;
    result.program = std::move(p);
    return result;
}

bool Program::is_constant() const { return impl_->root->constant() != nullptr; }

Value Program::evaluate(const Activation& activation, const EvalLimits& limits) const {
    constexpr std::uint32_t inline_locals = 8;
    if (impl_->locals <= inline_locals) {
        std::array<Value, inline_locals> locals;
        Frame frame{activation, locals.data(), limits};
        return impl_->root->eval(frame);
    }
    std::vector<Value> locals(impl_->locals);
    Frame frame{activation, locals.data(), limits};
    return impl_->root->eval(frame);
}

CompileResult compile(std::string_view text, std::shared_ptr<const Env> env) {
    CompileResult result;
    auto parsed = parse(text);
    if (!parsed.ok()) {
        result.diagnostics = std::move(parsed.diagnostics);
        return result;
    }
    auto checked = check(std::move(*parsed.expr), *env);
    if (!checked.ok()) {
        result.diagnostics = std::move(checked.diagnostics);
        return result;
    }
    result = Program::compile(std::move(*checked.expr), std::move(env));
    for (auto& d : checked.diagnostics) result.diagnostics.push_back(std::move(d));
    return result;
}

}  // namespace talentrules::cel
