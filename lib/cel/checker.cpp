// Type inference and overload resolution over the parsed tree. Types flow bottom-up;
// `dyn` matches anything, so undeclared-type data (dyn variables, JSON profiles) checks
// while concrete misuse (`1 + "a"`, `size(1)`) is rejected with its position.

#include "talentrules/cel/checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "diagnostics/catalogue.hpp"
#include "cel/resolve.hpp"

namespace talentrules::cel {
namespace {

using Bindings = std::map<std::string, Type>;

Type substitute(const Type& t, const Bindings& b) {
    if (t.kind == TypeKind::param) {
        auto it = b.find(t.name);
        return it == b.end() ? Type::dyn() : it->second;
    }
    Type out = t;
    for (auto& p : out.params) p = substitute(p, b);
    return out;
}

bool is_dyn_like(const Type& t) {
    return t.kind == TypeKind::dyn || t.kind == TypeKind::error;
}

// Can a value of type `arg` be passed where `param` is declared? Binds type params.
bool assignable(const Type& param, const Type& arg, Bindings& b) {
    if (param.kind == TypeKind::param) {
        auto it = b.find(param.name);
        if (it == b.end()) {
            b.emplace(param.name, arg);
            return true;
        }
        if (is_dyn_like(it->second)) {
            it->second = arg;
            return true;
        }
        Bindings inner = b;
        if (assignable(it->second, arg, inner)) return true;
        // null joins with nothing but itself; dyn-typed bound params widen.
        return false;
    }
    if (is_dyn_like(param) || is_dyn_like(arg)) return true;
    if (param.kind != arg.kind) return false;
    if (param.kind == TypeKind::type) return true;
    for (std::size_t i = 0; i < param.params.size() && i < arg.params.size(); ++i) {
        if (!assignable(param.params[i], arg.params[i], b)) return false;
    }
    return true;
}

// The common type of two expressions' types (list elements, conditional branches).
std::optional<Type> join(const Type& a, const Type& b) {
    if (a == b) return a;
    if (is_dyn_like(a) || is_dyn_like(b)) return Type::dyn();
    if (a.kind == b.kind && a.params.size() == b.params.size()) {
        Type out = a;
        for (std::size_t i = 0; i < a.params.size(); ++i) {
            auto j = join(a.params[i], b.params[i]);
            if (!j) return std::nullopt;
            out.params[i] = *j;
        }
        return out;
    }
    return std::nullopt;
}

class Checker {
public:
    Checker(ParsedExpr& parsed, const Env& env) : parsed_(parsed), env_(env) {
        auto n = static_cast<std::size_t>(parsed.max_id()) + 1;
        types_.assign(n, Type::dyn());
        refs_.assign(n, Reference{});
    }

    CheckResult run() {
        visit(parsed_.root);
        CheckResult result;
        result.diagnostics = std::move(diags_);
        if (!has_errors(result.diagnostics)) {
            result.expr = CheckedExpr{std::move(parsed_), std::move(types_), std::move(refs_)};
        }
        return result;
    }

private:
    const Type& set(const Expr& e, Type t) {
        auto& slot = types_[static_cast<std::size_t>(e.id)];
        slot = std::move(t);
        return slot;
    }

    void error(const Expr& e, const char* code, const char* key, std::initializer_list<diagnostics::Arg> args) {
        Diagnostic d = diagnostics::make_diagnostic(code, key, args);
        if (static_cast<std::size_t>(e.id) < parsed_.ranges.size()) {
            d.range = parsed_.ranges[static_cast<std::size_t>(e.id)];
            d.position = position_of(parsed_.source, d.range.begin);
        }
        diags_.push_back(std::move(d));
    }

    const Type& visit(const Expr& e) {
        switch (e.kind) {
        case ExprKind::constant: return set(e, constant_type(e.constant));
        case ExprKind::ident: return visit_ident(e);
        case ExprKind::select: return visit_select(e);
        case ExprKind::call: return visit_call(e);
        case ExprKind::list: return visit_list(e);
        case ExprKind::map: return visit_map(e);
        case ExprKind::comprehension: return visit_comprehension(e);
        }
        return set(e, Type::error());
    }

    static Type constant_type(const Constant& c) {
        switch (c.index()) {
        case 0: return Type::null();
        case 1: return Type::boolean();
        case 2: return Type::int64();
        case 3: return Type::uint64();
        case 4: return Type::dbl();
        case 5: return Type::string();
        default: return Type::bytes();
        }
    }

    const Type* find_local(const std::string& name) const {
        if (!name.empty() && name.front() == '.') return nullptr;
        for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
            if (it->first == name) return &it->second;
        }
        return nullptr;
    }

    std::vector<std::string> local_names() const {
        std::vector<std::string> out;
        for (const auto& [n, t] : locals_) out.push_back(n);
        return out;
    }

    // A chain naming a declared variable or a type; true if resolved.
    bool resolve_name(const Expr& e) {
        if (const Variable* v = detail::resolve_variable(e, env_, local_names())) {
            refs_[static_cast<std::size_t>(e.id)].variable = v;
            set(e, v->type);
            return true;
        }
        std::string root;
        auto name = detail::qualified_name(e, &root);
        if (name && !find_local(root)) {
            if (auto t = detail::resolve_type_name(e)) {
                refs_[static_cast<std::size_t>(e.id)].type_constant = t->name;
                set(e, Type::type());
                return true;
            }
        }
        return false;
    }

    const Type& visit_ident(const Expr& e) {
        if (const Type* t = find_local(e.name)) return set(e, *t);
        if (resolve_name(e)) return types_[static_cast<std::size_t>(e.id)];
        error(e, "TR2001", "undeclared", {e.name});
        return set(e, Type::error());
    }

    // Does some prefix of an ident/select chain name a local, variable or type?
    bool chain_resolves(const Expr& e) {
        if (e.kind == ExprKind::ident) {
            return find_local(e.name) || detail::resolve_variable(e, env_, local_names()) ||
                   detail::resolve_type_name(e);
        }
        if (e.kind == ExprKind::select && !e.test_only) {
            return detail::resolve_variable(e, env_, local_names()) || chain_resolves(e.args[0]);
        }
        return true;
    }

    const Type& visit_select(const Expr& e) {
        if (!e.test_only && resolve_name(e)) return types_[static_cast<std::size_t>(e.id)];
        if (e.test_only) {
            if (const Variable* v = detail::resolve_presence(e, env_, local_names())) {
                refs_[static_cast<std::size_t>(e.id)].variable = v;
                return set(e, Type::boolean());
            }
        }
        if (auto name = detail::qualified_name(e); name && !e.test_only && !chain_resolves(e)) {
            error(e, "TR2001", "undeclared", {*name});
            return set(e, Type::error());
        }
        const Type& operand = visit(e.args[0]);
        if (operand.kind == TypeKind::optional) {
            // Selecting through an optional gives an optional (empty stays empty).
            if (e.test_only) return set(e, Type::boolean());
            const Type& inner = operand.params[0];
            if (is_dyn_like(inner)) return set(e, Type::optional(Type::dyn()));
            if (inner.kind == TypeKind::map) return set(e, Type::optional(inner.value()));
            error(e, "TR2005", "no_field", {operand.to_string(), e.name});
            return set(e, Type::error());
        }
        if (e.test_only) {
            if (!is_dyn_like(operand) && operand.kind != TypeKind::map) {
                error(e, "TR2005", "has_operand", {operand.to_string()});
            }
            return set(e, Type::boolean());
        }
        if (is_dyn_like(operand)) return set(e, Type::dyn());
        if (operand.kind == TypeKind::map) {
            if (!is_dyn_like(operand.key()) && operand.key().kind != TypeKind::string) {
                error(e, "TR2005", "map_key_type", {e.name, operand.key().to_string()});
                return set(e, Type::error());
            }
            return set(e, operand.value());
        }
        error(e, "TR2005", "no_field", {operand.to_string(), e.name});
        return set(e, Type::error());
    }

    // The type an entry contributes: an optional entry's value type (`?x` with x optional).
    Type entry_type(const Expr& e, const std::vector<std::uint32_t>& optional, std::size_t i, Type t) {
        if (std::find(optional.begin(), optional.end(), i) == optional.end()) return t;
        if (t.kind == TypeKind::optional) return t.params[0];
        if (!is_dyn_like(t)) error(e, "TR2004", "optional_entry", {t.to_string()});
        return Type::dyn();
    }

    const Type& visit_list(const Expr& e) {
        std::optional<Type> elem;
        for (std::size_t i = 0; i < e.args.size(); ++i) {
            const Expr& a = e.args[i];
            const Type t = entry_type(a, e.optional_indices, i, visit(a));
            if (!elem) {
                elem = t;
            } else if (auto j = join(*elem, t)) {
                elem = *j;
            } else {
                elem = Type::dyn();  // heterogeneous list literals are list(dyn)
            }
        }
        return set(e, Type::list(elem.value_or(Type::dyn())));
    }

    const Type& visit_map(const Expr& e) {
        std::optional<Type> key, value;
        for (std::size_t i = 0; i + 1 < e.args.size(); i += 2) {
            const Type k = visit(e.args[i]);
            const Type v = entry_type(e.args[i + 1], e.optional_indices, i / 2, visit(e.args[i + 1]));
            switch (k.kind) {
            case TypeKind::dyn: case TypeKind::error: case TypeKind::bool_: case TypeKind::int_:
            case TypeKind::uint_: case TypeKind::string: break;
            default:
                error(e.args[i], "TR2004", "map_key", {k.to_string()});
            }
            key = key ? join(*key, k).value_or(Type::dyn()) : k;
            value = value ? join(*value, v).value_or(Type::dyn()) : v;
        }
        return set(e, Type::map(key.value_or(Type::dyn()), value.value_or(Type::dyn())));
    }

    const Type& visit_comprehension(const Expr& e) {
        const Comprehension& c = *e.comprehension;
        const Type range = visit(c.iter_range);
        Type iter = Type::dyn();
        Type iter2 = Type::dyn();  // two-variable forms: (index, element) or (key, value)
        const bool two = !c.iter_var2.empty();
        if (range.kind == TypeKind::list) {
            iter = two ? Type::int64() : range.elem();
            iter2 = range.elem();
        } else if (range.kind == TypeKind::map) {
            iter = range.key();
            iter2 = range.value();
        } else if (!is_dyn_like(range)) {
            error(c.iter_range, "TR2004", "comprehension_range", {range.to_string()});
        }
        Type accu = visit(c.accu_init);
        // An empty list accumulator is refined by what the step appends.
        locals_.emplace_back(c.accu_var, accu);
        const std::size_t accu_at = locals_.size() - 1;
        locals_.emplace_back(c.iter_var, iter);
        if (two) locals_.emplace_back(c.iter_var2, iter2);
        expect_bool(c.loop_condition, visit(c.loop_condition));
        Type step = visit(c.loop_step);
        if (auto j = join(accu, step)) {
            locals_[accu_at].second = *j;
        }
        locals_.resize(accu_at + 1);
        const Type result = visit(c.result);
        locals_.pop_back();
        return set(e, result);
    }

    void expect_bool(const Expr& e, const Type& t) {
        if (!is_dyn_like(t) && t.kind != TypeKind::bool_) {
            error(e, "TR2004", "expected_bool", {t.to_string()});
        }
    }

    std::string describe_args(const std::vector<Type>& args) const {
        std::string s = "(";
        for (std::size_t i = 0; i < args.size(); ++i) {
            if (i) s += ", ";
            s += args[i].to_string();
        }
        return s + ")";
    }

    const Type& visit_call(const Expr& e) {
        const std::string& fn = e.name;
        if (fn == op::logical_and || fn == op::logical_or) {
            for (const auto& a : e.args) {
                const Type& t = visit(a);
                if (!is_dyn_like(t) && t.kind != TypeKind::bool_) {
                    error(a, "TR2002", "no_overload", {fn == op::logical_and ? "&&" : "||", t.to_string()});
                }
            }
            return set(e, Type::boolean());
        }
        if (fn == op::not_strictly_false) {
            visit(e.args[0]);
            return set(e, Type::boolean());
        }
        if (fn == op::conditional && e.args.size() == 3) {
            expect_bool(e.args[0], visit(e.args[0]));
            const Type a = visit(e.args[1]);
            const Type b = visit(e.args[2]);
            if (auto j = join(a, b)) return set(e, *j);
            if (a.kind == TypeKind::null_ || b.kind == TypeKind::null_) return set(e, Type::dyn());
            error(e, "TR2004", "branches", {a.to_string(), b.to_string()});
            return set(e, Type::error());
        }

        std::vector<Type> args;
        args.reserve(e.args.size());
        for (const auto& a : e.args) args.push_back(visit(a));

        auto candidates = env_.functions().find(fn);
        if (candidates.empty()) {
            error(e, "TR2003", "undeclared", {fn});
            return set(e, Type::error());
        }
        bool any_error_arg = false;
        for (const auto& a : args) any_error_arg |= a.kind == TypeKind::error;

        Reference& ref = refs_[static_cast<std::size_t>(e.id)];
        std::optional<Type> result;
        bool mixed_results = false;
        for (const Overload* o : candidates) {
            if (o->member != e.member_call || o->params.size() != args.size()) continue;
            Bindings b;
            bool ok = true;
            for (std::size_t i = 0; ok && i < args.size(); ++i) ok = assignable(o->params[i], args[i], b);
            if (!ok) continue;
            ref.overloads.push_back(o);
            Type r = substitute(o->result, b);
            if (!result) {
                result = r;
            } else if (auto j = join(*result, r)) {
                result = *j;
            } else {
                mixed_results = true;
            }
        }
        check_enum_use(e, args, ref);
        if (ref.overloads.empty()) {
            if (!any_error_arg) {
                std::string shown = e.member_call && !args.empty()
                    ? fmt::format("{}.{}", args[0].to_string(), fn)
                    : fn;
                error(e, "TR2002", "no_overload", {display_name(fn), describe_args(args)});
                (void)shown;
            }
            return set(e, Type::error());
        }
        return set(e, mixed_results ? Type::dyn() : *result);
    }

    static bool is_ordering(const std::string& fn) {
        return fn == op::less || fn == op::less_equals || fn == op::greater ||
               fn == op::greater_equals;
    }

    // A string literal compared with an enum-typed value must be one of its values.
    void check_enum_literal(const Expr& literal, const EnumType& en) {
        if (literal.kind != ExprKind::constant) return;
        const auto* s = std::get_if<std::string>(&literal.constant);
        if (!s || en.rank(*s) >= 0) return;
        std::string allowed;
        for (const auto& v : en.values) allowed += (allowed.empty() ? "" : ", ") + v;
        error(literal, "TR2006", "not_value", {*s, en.name, allowed});
    }

    void check_enum_use(const Expr& e, const std::vector<Type>& args, Reference& ref) {
        const std::string& fn = e.name;
        if (args.size() != 2) return;
        if (fn == op::equals || fn == op::not_equals || is_ordering(fn)) {
            for (int i = 0; i < 2; ++i) {
                const EnumType* en = env_.find_enum(args[static_cast<std::size_t>(i)]);
                if (!en) continue;
                check_enum_literal(e.args[static_cast<std::size_t>(1 - i)], *en);
                if (is_ordering(fn)) {
                    if (en->ordered) {
                        ref.ordered_enum = en;
                    } else {
                        error(e, "TR2006", "not_ordered", {en->name});
                    }
                }
            }
            // Two string literals: ordered by the one ordered enum that has both, if any.
            const auto* a = std::get_if<std::string>(&e.args[0].constant);
            const auto* b = std::get_if<std::string>(&e.args[1].constant);
            if (is_ordering(fn) && !ref.ordered_enum && e.args[0].kind == ExprKind::constant &&
                e.args[1].kind == ExprKind::constant && a && b) {
                ref.ordered_enum = env_.ordered_enum_of(*a, *b);
            }
        } else if (fn == op::in) {
            if (const EnumType* en = env_.find_enum(args[0]); en && e.args[1].kind == ExprKind::list) {
                for (const auto& item : e.args[1].args) check_enum_literal(item, *en);
            }
            if (args[1].kind == TypeKind::list || args[1].kind == TypeKind::map) {
                if (const EnumType* en = env_.find_enum(args[1].params[0])) {
                    check_enum_literal(e.args[0], *en);
                }
            }
        }
    }

    static std::string display_name(const std::string& fn) {
        if (fn.size() > 2 && fn.front() == '_' && fn.back() == '_') {
            std::string s = fn.substr(1, fn.size() - 2);
            if (s == "[_") return "_[_]";
            return s.front() == '_' ? s.substr(1) : s;
        }
        if (fn == op::logical_not) return "!";
        if (fn == op::negate) return "-";
        if (fn == op::in) return "in";
        return fn;
    }

    ParsedExpr& parsed_;
    const Env& env_;
    std::vector<Type> types_;
    std::vector<Reference> refs_;
    std::vector<std::pair<std::string, Type>> locals_;
    Diagnostics diags_;
};

}  // namespace

CheckResult check(ParsedExpr parsed, const Env& env) {
    detail::resolve_namespaced_calls(parsed.root, env);
    Checker checker(parsed, env);
    return checker.run();
}

}  // namespace talentrules::cel
