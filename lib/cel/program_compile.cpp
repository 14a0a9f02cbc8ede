// Compiles a parsed/checked expression into the closure tree of eval_nodes.hpp: constant
// folding, and the specialised nodes of the shapes rule conditions use most, chosen
// through the fast_ops.hpp table.

#include <fmt/format.h>

#include "cel/eval_nodes.hpp"
#include "cel/eval_nodes_ext.hpp"
#include "cel/fast_ops.hpp"
#include "cel/resolve.hpp"

namespace talentrules::cel::detail {

namespace {

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
            n->optional = e.optional_indices;
            for (const auto& a : e.args) n->elements.push_back(compile(a));
            return n;
        }
        case ExprKind::map: {
            auto n = std::make_unique<MapNode>();
            n->optional = e.optional_indices;
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
        const std::optional<FastOp> fast = find_fast_op(fn, e.args.size());
        if (fast == FastOp::logical_and || fast == FastOp::logical_or) {
            return std::make_unique<AndOrNode>(compile(e.args[0]), compile(e.args[1]),
                                               fast == FastOp::logical_and);
        }
        if (fast == FastOp::not_strictly_false) {
            return std::make_unique<NotStrictlyFalseNode>(compile(e.args[0]));
        }
        if (fast == FastOp::conditional) {
            return std::make_unique<ConditionalNode>(compile(e.args[0]), compile(e.args[1]),
                                                     compile(e.args[2]));
        }
        // The checker marks ordered-category comparisons; other operators order by >=, as before.
        if (const Reference* r = ref(e); r && r->ordered_enum && e.args.size() == 2) {
            auto cmp = std::make_unique<EnumCompareNode>();
            cmp->enum_type = r->ordered_enum;
            cmp->op_name = fn;
            cmp->op = find_fast_op(fn).value_or(FastOp::greater_equals);
            cmp->left = compile(e.args[0]);
            cmp->right = compile(e.args[1]);
            return cmp;
        }
        if (e.member_call && e.args.size() == 2 && (fn == "or" || fn == "orValue")) {
            auto n = std::make_unique<OptionalOrNode>();
            n->or_value = fn == "orValue";
            n->receiver = compile(e.args[0]);
            n->alternative = compile(e.args[1]);
            n->general = build_general_call(e);
            return n;
        }
        return build_general_call(e);
    }

    NodePtr build_general_call(const Expr& e) {
        const std::string& fn = e.name;
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
        const std::optional<FastOp> call_op = find_fast_op(e.name, 2);
        if (!call_op) return n;
        if (call_op == FastOp::in) {
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
        static constexpr std::array<FastOp, 6> ops = {FastOp::equals, FastOp::not_equals, FastOp::less,
                                                      FastOp::less_equals, FastOp::greater, FastOp::greater_equals};
        // Mirror image of each operator for `n OP x`.
        static const std::array<int, 6> mirrored = {0, 1, 4, 5, 2, 3};
        for (int i = 0; i < 6; ++i) {
            if (*call_op != ops[static_cast<std::size_t>(i)]) continue;
            for (int side = 0; side < 2; ++side) {
                const Value* c = n->args[static_cast<std::size_t>(1 - side)]->constant();
                if (!c || !c->is_int() || n->args[static_cast<std::size_t>(side)]->constant()) continue;
                auto fast = std::make_unique<IntCompareNode>();
                fast->constant = c->as_int();
                fast->op = side == 0 ? i : mirrored[static_cast<std::size_t>(i)];
                fast->call = ops[static_cast<std::size_t>(i)];
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
        if (auto fast = build_transform(c, range)) return fast;
        auto n = std::make_unique<ComprehensionNode>();
        n->range = std::move(range);
        n->init = compile(c.accu_init);
        n->accu_slot = push_local(c.accu_var);
        n->iter_slot = push_local(c.iter_var);
        if (!c.iter_var2.empty()) n->iter_slot2 = push_local(c.iter_var2);
        n->condition = compile(c.loop_condition);
        n->step = compile(c.loop_step);
        locals_.pop_back();
        if (!c.iter_var2.empty()) locals_.pop_back();
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
            if (add.kind == ExprKind::call && find_fast_op(add.name, add.args.size()) == FastOp::add &&
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
            if (step.kind != ExprKind::call || find_fast_op(step.name, step.args.size()) != FastOp::conditional)
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

    // transformList/transformMap/transformMapEntry as expanded by macros_ext.cpp:
    // step = [filter ? ] insert [ : @result], insert = @result + [v] | @map_insert(@result, k, v)
    // | @map_merge(@result, v).
    NodePtr build_transform(const Comprehension& c, NodePtr& range) {
        TransformNode::Shape shape;
        switch (c.macro) {
        case Macro::transform_list: shape = TransformNode::Shape::list; break;
        case Macro::transform_map: shape = TransformNode::Shape::map; break;
        case Macro::transform_map_entry: shape = TransformNode::Shape::map_entry; break;
        default: return nullptr;
        }
        const Expr* predicate = nullptr;
        const Expr* insert = &c.loop_step;
        if (insert->kind == ExprKind::call && find_fast_op(insert->name, insert->args.size()) == FastOp::conditional) {
            predicate = &insert->args[0];
            insert = &insert->args[1];
        }
        if (insert->kind != ExprKind::call || insert->args.empty()) return nullptr;
        const Expr* value = &insert->args.back();
        if (shape == TransformNode::Shape::list) {
            if (value->kind != ExprKind::list || value->args.size() != 1) return nullptr;
            value = &value->args[0];
        }
        auto n = std::make_unique<TransformNode>();
        n->shape = shape;
        n->range = std::move(range);
        push_local(c.accu_var);
        n->iter_slot = push_local(c.iter_var);
        n->iter_slot2 = push_local(c.iter_var2);
        if (predicate) n->predicate = compile(*predicate);
        n->value = compile(*value);
        locals_.resize(locals_.size() - 3);
        return n;
    }

    // Evaluates a node whose inputs are all constants once, at compile time.
    NodePtr fold(NodePtr n, const Expr& e) {
        if (n->constant()) return n;
        bool foldable = false;
        switch (e.kind) {
        case ExprKind::call:
            foldable = find_fast_op(e.name) != FastOp::not_strictly_false && all_constant(*n);
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

CompiledTree compile_tree(const Expr& root, const Env& env, const CheckedExpr* checked,
                          const CompileOptions& options) {
    Compiler compiler(env, checked, options);
    CompiledTree tree;
    tree.root = compiler.compile(root);
    tree.locals = compiler.max_locals();
    return tree;
}

}  // namespace talentrules::cel::detail
