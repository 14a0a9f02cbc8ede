// Lowering of the X3 attribute tree to cel::Expr (see lower.hpp).

#include "cel/lower.hpp"

#include "cel/lower_failure.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <limits>
#include <memory>
#include <system_error>
#include <utility>

#include <boost/variant/get.hpp>

namespace talentrules::cel::detail {
namespace {

namespace x3 = boost::spirit::x3;
using syntax::BinOp;

constexpr std::array<std::string_view, 17> reserved_words = {
    "as",     "break",   "const",     "continue", "else",   "for",
    "function", "if",    "import",    "let",      "loop",   "package",
    "namespace", "return", "var",     "void",     "while",
};

struct BinOpInfo {
    const char* name;
    int precedence;
};

BinOpInfo info(BinOp op) {
    switch (op) {
        case BinOp::logical_or: return {op::logical_or, 1};
        case BinOp::logical_and: return {op::logical_and, 2};
        case BinOp::less: return {op::less, 3};
        case BinOp::less_equals: return {op::less_equals, 3};
        case BinOp::greater: return {op::greater, 3};
        case BinOp::greater_equals: return {op::greater_equals, 3};
        case BinOp::equals: return {op::equals, 3};
        case BinOp::not_equals: return {op::not_equals, 3};
        case BinOp::in: return {op::in, 3};
        case BinOp::add: return {op::add, 4};
        case BinOp::subtract: return {op::subtract, 4};
        case BinOp::multiply: return {op::multiply, 5};
        case BinOp::divide: return {op::divide, 5};
        case BinOp::modulo: return {op::modulo, 5};
    }
    return {"", 0};
}

class Lowerer {
public:
    Lowerer(std::string_view text, const ParseOptions& options, ParsedExpr& out)
        : text_(text), options_(options), out_(out) {}

    struct Lowered {
        Expr expr;
        int depth = 1;
    };

    Lowered expression(const syntax::Expression& e) {
        if (e.rest.empty()) return chain(e.head);
        // head ? t0 : e0 ? t1 : e1 ...  ==  head ? t0 : (e0 ? t1 : (... : e_last))
        std::vector<Lowered> conditions;
        std::vector<Lowered> thens;
        conditions.push_back(chain(e.head));
        Lowered acc;
        for (std::size_t i = 0; i < e.rest.size(); ++i) {
            thens.push_back(chain(e.rest[i].then_branch));
            if (i + 1 < e.rest.size()) {
                conditions.push_back(chain(e.rest[i].else_branch));
            } else {
                acc = chain(e.rest[i].else_branch);
            }
        }
        for (std::size_t i = e.rest.size(); i-- > 0;) {
            const Range r{range(conditions[i]).begin, range(acc).end};
            std::vector<Lowered> args;
            args.push_back(std::move(conditions[i]));
            args.push_back(std::move(thens[i]));
            args.push_back(std::move(acc));
            acc = call(op::conditional, std::move(args), r);
        }
        return acc;
    }

private:
    static Range range_of(const syntax::Tagged& t) { return Range{t.begin, t.end}; }

    std::string_view text_of(const syntax::Tagged& t) const {
        return text_.substr(t.begin, t.end - t.begin);
    }

    Range range(const Lowered& l) const { return out_.ranges[static_cast<std::size_t>(l.expr.id)]; }

    void check_depth(int depth, Range r) const {
        if (depth > options_.max_tree_depth) {
            fail("TR1003", "tree", {options_.max_tree_depth}, r);
        }
    }

    Expr node(ExprKind kind, Range r) { return new_node(out_, kind, r); }

    Lowered leaf(ExprKind kind, Range r) { return {node(kind, r), 1}; }

    Lowered constant(Constant c, Range r) {
        Lowered l = leaf(ExprKind::constant, r);
        l.expr.constant = std::move(c);
        return l;
    }

    Lowered ident(std::string name, Range r) {
        Lowered l = leaf(ExprKind::ident, r);
        l.expr.name = std::move(name);
        return l;
    }

    /// A node of `kind` whose args are `args`.
    Lowered with_args(ExprKind kind, std::vector<Lowered> args, Range r) {
        int depth = 0;
        for (const auto& a : args) depth = std::max(depth, a.depth);
        check_depth(depth + 1, r);
        Lowered l{node(kind, r), depth + 1};
        l.expr.args.reserve(args.size());
        for (auto& a : args) l.expr.args.push_back(std::move(a.expr));
        return l;
    }

    Lowered call(std::string name, std::vector<Lowered> args, Range r, bool member_call = false) {
        Lowered l = with_args(ExprKind::call, std::move(args), r);
        l.expr.name = std::move(name);
        l.expr.member_call = member_call;
        return l;
    }

    Lowered call(std::string name, Lowered a, Range r) {
        std::vector<Lowered> args;
        args.push_back(std::move(a));
        return call(std::move(name), std::move(args), r);
    }

    Lowered call(std::string name, Lowered a, Lowered b, Range r) {
        std::vector<Lowered> args;
        args.push_back(std::move(a));
        args.push_back(std::move(b));
        return call(std::move(name), std::move(args), r);
    }

    Lowered call(std::string name, Lowered a, Lowered b, Lowered c, Range r) {
        std::vector<Lowered> args;
        args.push_back(std::move(a));
        args.push_back(std::move(b));
        args.push_back(std::move(c));
        return call(std::move(name), std::move(args), r);
    }

    Lowered chain(const syntax::Chain& c) {
        if (c.rest.empty()) return unary(c.first);
        // Operator precedence over the flat chain (all binary operators are
        // left-associative), with explicit stacks.
        std::vector<Lowered> operands;
        std::vector<BinOp> ops;
        operands.push_back(unary(c.first));
        auto reduce = [&] {
            Lowered rhs = std::move(operands.back());
            operands.pop_back();
            Lowered lhs = std::move(operands.back());
            operands.pop_back();
            const BinOp o = ops.back();
            ops.pop_back();
            const Range r{range(lhs).begin, range(rhs).end};
            operands.push_back(call(info(o).name, std::move(lhs), std::move(rhs), r));
        };
        for (const auto& tail : c.rest) {
            const int p = info(tail.op).precedence;
            while (!ops.empty() && info(ops.back()).precedence >= p) reduce();
            ops.push_back(tail.op);
            operands.push_back(unary(tail.rhs));
        }
        while (!ops.empty()) reduce();
        return std::move(operands.back());
    }

    static const syntax::Literal* literal_of(const syntax::Primary& p) {
        return boost::get<syntax::Literal>(&p.get());
    }

    Lowered unary(const syntax::Unary& u) {
        const auto& ops = u.ops;
        const syntax::Literal* lit = literal_of(u.member.primary);
        // A '-' directly before an int or double literal is the literal's sign.
        const bool fold =
            !ops.empty() && ops.back().op == '-' && lit != nullptr && is_signable_literal(text_of(*lit));
        const std::size_t n = ops.size() - (fold ? 1 : 0);
        for (std::size_t i = 1; i < n; ++i) {
            if (ops[i].op != ops[0].op) {
                fail("TR1001", "mixed_unary", {std::string(1, ops[i].op), std::string(1, ops[0].op)},
                     range_of(ops[i]));
            }
        }
        std::optional<std::uint32_t> sign;
        if (fold) sign = range_of(ops.back()).begin;
        Lowered cur = member(u.member, sign);
        const std::uint32_t end = range_of(u.member).end;
        for (std::size_t i = n; i-- > 0;) {
            const Range r{range_of(ops[i]).begin, end};
            cur = call(ops[i].op == '!' ? op::logical_not : op::negate, std::move(cur), r);
        }
        return cur;
    }

    Lowered member(const syntax::Member& m, std::optional<std::uint32_t> sign) {
        const Range mr = range_of(m);
        const std::uint32_t begin = sign ? *sign : mr.begin;
        for (std::size_t k = 0; k < m.postfix.size(); ++k) {
            if (const auto* msg = boost::get<syntax::MessageOp>(&m.postfix[k].get())) {
                const Range r{begin, range_of(*msg).end};
                bool qualified_name = false;
                if (const auto* id = boost::get<syntax::IdentPrimary>(&m.primary.get())) {
                    qualified_name = !id->args;
                    for (std::size_t j = 0; j < k && qualified_name; ++j) {
                        const auto* s = boost::get<syntax::SelectOp>(&m.postfix[j].get());
                        qualified_name = s != nullptr && !s->args;
                    }
                }
                if (qualified_name) fail("TR1001", "message_construction", {}, r);
                const Range brace = range_of(*msg);
                fail("TR1001", "unexpected_brace", {}, Range{brace.begin, brace.begin + 1});
            }
        }
        Lowered cur = primary(m.primary, sign);
        for (const auto& p : m.postfix) {
            if (const auto* s = boost::get<syntax::SelectOp>(&p.get())) {
                const Range r{begin, range_of(*s).end};
                const bool quoted_name = !s->name.empty() && s->name.front() == '`';
                if (quoted_name && s->args) {
                    const Range sr = range_of(*s);
                    fail("TR1001", "quoted_function", {}, Range{sr.begin, sr.end});
                }
                if (s->optional) {
                    // `.?name`: an optional select, lowered to _?._(operand, "name")
                    if (s->args) fail("TR1001", "grammar", {"a call cannot follow '.?'"}, range_of(*s));
                    Lowered field = constant(quoted_name ? s->name.substr(1, s->name.size() - 2) : s->name,
                                             range_of(*s));
                    cur = call(op::optional_select, std::move(cur), std::move(field), r);
                } else if (s->args) {
                    cur = member_call(std::move(cur), s->name, *s->args, r);
                } else {
                    std::vector<Lowered> args;
                    args.push_back(std::move(cur));
                    cur = with_args(ExprKind::select, std::move(args), r);
                    cur.expr.name = quoted_name ? s->name.substr(1, s->name.size() - 2) : s->name;
                }
            } else if (const auto* ix = boost::get<syntax::IndexOp>(&p.get())) {
                const Range r{begin, range_of(*ix).end};
                Lowered index = expression(ix->index.get());
                cur = call(ix->optional ? op::optional_index : op::index, std::move(cur), std::move(index), r);
            }
        }
        return cur;
    }

    void check_not_reserved(const std::string& name, Range r) const {
        if (is_reserved_word(name)) {
            // Point at the word itself (the range may start at a leading '.').
            const auto at = text_.find(name, r.begin);
            if (at != std::string_view::npos && at < r.end) {
                r = Range{static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + name.size())};
            }
            fail("TR1006", "reserved", {quoted(name)}, r);
        }
    }

    Lowered primary(const syntax::Primary& p, std::optional<std::uint32_t> sign) {
        const auto& v = p.get();
        if (const auto* lit = boost::get<syntax::Literal>(&v)) {
            Range r = range_of(*lit);
            if (sign) r.begin = *sign;
            const std::string_view literal = text_of(*lit);
            DecodedLiteral d = decode_literal(literal, lit->begin, sign.has_value());
            if (d.error) {
                // Number range errors cover the folded sign too.
                if (sign && is_number_text(literal)) d.error->range.begin = *sign;
                throw Failure{std::move(*d.error)};
            }
            return constant(std::move(d.value), r);
        }
        if (const auto* id = boost::get<syntax::IdentPrimary>(&v)) {
            const Range r = range_of(*id);
            check_not_reserved(id->name, r);
            std::string name = id->leading_dot ? "." + id->name : id->name;
            if (id->args) return global_call(std::move(name), *id->args, r);
            return ident(std::move(name), r);
        }
        if (const auto* paren = boost::get<x3::forward_ast<syntax::Expression>>(&v)) {
            return expression(paren->get());
        }
        if (const auto* list = boost::get<syntax::ListLiteral>(&v)) {
            std::vector<Lowered> elements;
            std::vector<std::uint32_t> optional;
            elements.reserve(list->elements.size());
            for (const auto& e : list->elements) {
                if (e.optional) optional.push_back(static_cast<std::uint32_t>(elements.size()));
                elements.push_back(expression(e.value.get()));
            }
            Lowered l = with_args(ExprKind::list, std::move(elements), range_of(*list));
            l.expr.optional_indices = std::move(optional);
            return l;
        }
        if (const auto* map = boost::get<syntax::MapLiteral>(&v)) {
            std::vector<Lowered> entries;
            std::vector<std::uint32_t> optional;
            entries.reserve(map->entries.size() * 2);
            for (const auto& e : map->entries) {
                if (e.optional) optional.push_back(static_cast<std::uint32_t>(entries.size() / 2));
                entries.push_back(expression(e.key.get()));
                entries.push_back(expression(e.value.get()));
            }
            Lowered l = with_args(ExprKind::map, std::move(entries), range_of(*map));
            l.expr.optional_indices = std::move(optional);
            return l;
        }
        fail("TR1001", "unsupported", {}, Range{});
    }

    std::vector<Lowered> lower_all(const syntax::ExprList& list, std::size_t from = 0) {
        std::vector<Lowered> out;
        out.reserve(list.size());
        for (std::size_t i = from; i < list.size(); ++i) out.push_back(expression(list[i]));
        return out;
    }

    Lowered global_call(std::string name, const syntax::ExprList& args, Range r) {
        if (options_.enable_macros && name == "has" && args.size() == 1) {
            Lowered arg = expression(args[0]);
            if (arg.expr.kind != ExprKind::select || arg.expr.test_only) {
                fail("TR1007", "has_argument", {}, range(arg));
            }
            arg.expr.test_only = true;
            out_.ranges[static_cast<std::size_t>(arg.expr.id)] = r;
            return arg;
        }
        return call(std::move(name), lower_all(args), r);
    }

    Lowered member_call(Lowered target, const std::string& name, const syntax::ExprList& args,
                        Range r) {
        if (options_.enable_macros) {
            Macro m = Macro::none;
            const std::size_t n = args.size();
            if (name == "all" && n == 2) m = Macro::all;
            if (name == "exists" && n == 2) m = Macro::exists;
            if (name == "exists_one" && n == 2) m = Macro::exists_one;
            if (name == "map" && n == 2) m = Macro::map;
            if (name == "map" && n == 3) m = Macro::map_filter;
            if (name == "filter" && n == 2) m = Macro::filter;
            if (m != Macro::none) return comprehension(m, name, std::move(target), args, r);
        }
        std::vector<Lowered> all;
        all.reserve(args.size() + 1);
        all.push_back(std::move(target));
        for (auto& a : lower_all(args)) all.push_back(std::move(a));
        return call(name, std::move(all), r, /*member_call=*/true);
    }

    /// The iteration variable of a macro: a plain identifier (possibly parenthesized).
    std::string iteration_variable(const syntax::Expression& arg, const std::string& macro) {
        const syntax::Expression* cur = &arg;
        for (;;) {
            if (!cur->rest.empty() || !cur->head.rest.empty()) break;
            const auto& u = cur->head.first;
            if (!u.ops.empty() || !u.member.postfix.empty()) break;
            const auto& pv = u.member.primary.get();
            if (const auto* id = boost::get<syntax::IdentPrimary>(&pv)) {
                if (id->leading_dot || id->args) break;
                check_not_reserved(id->name, range_of(*id));
                return id->name;
            }
            if (const auto* f = boost::get<x3::forward_ast<syntax::Expression>>(&pv)) {
                cur = &f->get();
                continue;
            }
            break;
        }
        fail("TR1007", "variable", {macro}, range_of(arg));
    }

    Lowered comprehension(Macro m, const std::string& name, Lowered iter_range,
                          const syntax::ExprList& args, Range r) {
        std::string var = iteration_variable(args[0], name);
        std::vector<Lowered> body = lower_all(args, 1);
        const std::string accu_name = "@result";
        auto accu = [&] { return ident(accu_name, r); };
        auto list_of = [&](Lowered element) {
            std::vector<Lowered> elements;
            elements.push_back(std::move(element));
            return with_args(ExprKind::list, std::move(elements), r);
        };
        Lowered init;
        Lowered condition;
        Lowered step;
        Lowered result;
        switch (m) {
            case Macro::all:
                init = constant(true, r);
                condition = call(op::not_strictly_false, accu(), r);
                step = call(op::logical_and, accu(), std::move(body[0]), r);
                result = accu();
                break;
            case Macro::exists:
                init = constant(false, r);
                condition = call(op::not_strictly_false, call(op::logical_not, accu(), r), r);
                step = call(op::logical_or, accu(), std::move(body[0]), r);
                result = accu();
                break;
            case Macro::exists_one:
                init = constant(std::int64_t{0}, r);
                condition = constant(true, r);
                step = call(op::conditional, std::move(body[0]),
                            call(op::add, accu(), constant(std::int64_t{1}, r), r), accu(), r);
                result = call(op::equals, accu(), constant(std::int64_t{1}, r), r);
                break;
            case Macro::map:
                init = with_args(ExprKind::list, {}, r);
                condition = constant(true, r);
                step = call(op::add, accu(), list_of(std::move(body[0])), r);
                result = accu();
                break;
            case Macro::map_filter:
                init = with_args(ExprKind::list, {}, r);
                condition = constant(true, r);
                step = call(op::conditional, std::move(body[0]),
                            call(op::add, accu(), list_of(std::move(body[1])), r), accu(), r);
                result = accu();
                break;
            case Macro::filter:
                init = with_args(ExprKind::list, {}, r);
                condition = constant(true, r);
                step = call(op::conditional, std::move(body[0]),
                            call(op::add, accu(), list_of(ident(var, r)), r), accu(), r);
                result = accu();
                break;
            default: break;  // none; the extension macros are macros_ext.cpp's
        }
        const int depth = 1 + std::max({iter_range.depth, init.depth, condition.depth, step.depth,
                                        result.depth});
        check_depth(depth, r);
        Lowered l{node(ExprKind::comprehension, r), depth};
        auto c = std::make_unique<Comprehension>();
        c->macro = m;
        c->iter_var = std::move(var);
        c->accu_var = accu_name;
        c->iter_range = std::move(iter_range.expr);
        c->accu_init = std::move(init.expr);
        c->loop_condition = std::move(condition.expr);
        c->loop_step = std::move(step.expr);
        c->result = std::move(result.expr);
        l.expr.comprehension = std::move(c);
        return l;
    }

    std::string_view text_;
    const ParseOptions& options_;
    ParsedExpr& out_;
};

}  // namespace

bool is_reserved_word(std::string_view word) {
    return std::find(reserved_words.begin(), reserved_words.end(), word) != reserved_words.end();
}

std::optional<LowerError> lower(const syntax::Expression& ast, std::string_view text,
                                const ParseOptions& options, ParsedExpr& out) {
    out.source.assign(text);
    out.ranges.assign(1, Range{});
    try {
        Lowerer lowerer(text, options, out);
        out.root = lowerer.expression(ast).expr;
        if (options.enable_macros) expand_ext_macros(out);
    } catch (Failure& f) {
        return std::move(f.error);
    }
    return std::nullopt;
}

}  // namespace talentrules::cel::detail
