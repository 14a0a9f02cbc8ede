// Lowering of the X3 attribute tree to cel::Expr (see lower.hpp).

#include "cel/lower.hpp"

#include "diagnostics/catalogue.hpp"

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

/// Thrown inside the lowering, caught by lower().
struct Failure {
    LowerError error;
};

[[noreturn]] void fail(const char* code, const char* key, std::initializer_list<diagnostics::Arg> args,
                       Range range) {
    Diagnostic d = diagnostics::make_diagnostic(code, key, args, {}, {}, range);
    throw Failure{LowerError{std::move(d.code), std::move(d.message), range, std::move(d.template_key),
                             std::move(d.args)}};
}

constexpr std::array<std::string_view, 17> reserved_words = {
    "as",     "break",   "const",     "continue", "else",   "for",
    "function", "if",    "import",    "let",      "loop",   "package",
    "namespace", "return", "var",     "void",     "while",
};

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_hex_prefixed(std::string_view t) {
    return t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X');
}

bool is_uint_text(std::string_view t) { return !t.empty() && (t.back() == 'u' || t.back() == 'U'); }

bool is_number_text(std::string_view t) {
    return !t.empty() && ((t[0] >= '0' && t[0] <= '9') || t[0] == '.');
}

bool is_double_text(std::string_view t) {
    return is_number_text(t) && !is_hex_prefixed(t) && !is_uint_text(t) &&
           t.find_first_of(".eE") != std::string_view::npos;
}

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

/// Decodes a string or bytes literal (text includes prefix and quotes).
Constant decode_string(std::string_view text, std::uint32_t offset) {
    std::size_t i = 0;
    bool raw = false;
    bool bytes = false;
    while (i < text.size() && text[i] != '"' && text[i] != '\'') {
        if (text[i] == 'r' || text[i] == 'R') raw = true;
        if (text[i] == 'b' || text[i] == 'B') bytes = true;
        ++i;
    }
    const char q = text[i];
    const bool triple = text.size() - i >= 6 && text[i + 1] == q && text[i + 2] == q;
    const std::size_t qlen = triple ? 3 : 1;
    const std::string_view body = text.substr(i + qlen, text.size() - i - 2 * qlen);
    const auto body_offset = static_cast<std::uint32_t>(offset + i + qlen);

    std::string out;
    if (raw) {
        out.assign(body);
    } else {
        out.reserve(body.size());
        std::size_t j = 0;
        while (j < body.size()) {
            const char c = body[j];
            if (c != '\\') {
                out += c;
                ++j;
                continue;
            }
            const std::size_t start = j;
            // `key` is a TR1005 template; all but one show the escape.
            auto bad = [&](std::size_t end, const char* key = "escape") {
                end = std::min(end, body.size());
                const Range r{static_cast<std::uint32_t>(body_offset + start),
                              static_cast<std::uint32_t>(body_offset + end)};
                if (std::string_view(key) == "escape_u_in_bytes") fail("TR1005", key, {}, r);
                fail("TR1005", key, {quoted(body.substr(start, end - start))}, r);
            };
            if (j + 1 >= body.size()) bad(j + 1);
            const char e = body[j + 1];
            j += 2;
            switch (e) {
                case 'a': out += '\a'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'v': out += '\v'; break;
                case '\\':
                case '?':
                case '"':
                case '\'':
                case '`': out += e; break;
                case 'x':
                case 'X':
                case 'u':
                case 'U': {
                    const std::size_t n = (e == 'x' || e == 'X') ? 2 : (e == 'u' ? 4 : 8);
                    std::uint32_t v = 0;
                    for (std::size_t k = 0; k < n; ++k) {
                        const int h = j + k < body.size() ? hex_value(body[j + k]) : -1;
                        if (h < 0) bad(j + k + 1);
                        v = v * 16 + static_cast<std::uint32_t>(h);
                    }
                    j += n;
                    if (e == 'x' || e == 'X') {
                        if (bytes) {
                            out += static_cast<char>(v);
                        } else {
                            append_utf8(out, v);
                        }
                        break;
                    }
                    if (e == 'U' && bytes) {
                        bad(j, "escape_u_in_bytes");
                    }
                    if (v >= 0xD800 && v <= 0xDFFF) {
                        bad(j, "escape_surrogate");
                    }
                    if (v > 0x10FFFF) {
                        bad(j, "escape_range");
                    }
                    append_utf8(out, v);
                    break;
                }
                case '0':
                case '1':
                case '2':
                case '3': {
                    std::uint32_t v = static_cast<std::uint32_t>(e - '0');
                    for (std::size_t k = 0; k < 2; ++k) {
                        const char o = j + k < body.size() ? body[j + k] : '\0';
                        if (o < '0' || o > '7') bad(j + k + 1);
                        v = v * 8 + static_cast<std::uint32_t>(o - '0');
                    }
                    j += 2;
                    if (bytes) {
                        out += static_cast<char>(v);
                    } else {
                        append_utf8(out, v);
                    }
                    break;
                }
                default: {
                    // Show the whole (possibly multi-byte) character after the backslash.
                    std::size_t end = j;
                    while (end < body.size() && (static_cast<unsigned char>(body[end]) & 0xC0) == 0x80) {
                        ++end;
                    }
                    bad(end);
                }
            }
        }
    }
    if (bytes) return BytesConstant{std::move(out)};
    return out;
}

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

    Expr node(ExprKind kind, Range r) {
        Expr e;
        e.id = static_cast<ExprId>(out_.ranges.size());
        e.kind = kind;
        out_.ranges.push_back(r);
        return e;
    }

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
                if (s->args) {
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
                cur = call(op::index, std::move(cur), std::move(index), r);
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
            elements.reserve(list->elements.size());
            for (const auto& e : list->elements) elements.push_back(expression(e));
            return with_args(ExprKind::list, std::move(elements), range_of(*list));
        }
        if (const auto* map = boost::get<syntax::MapLiteral>(&v)) {
            std::vector<Lowered> entries;
            entries.reserve(map->entries.size() * 2);
            for (const auto& e : map->entries) {
                entries.push_back(expression(e.key.get()));
                entries.push_back(expression(e.value.get()));
            }
            return with_args(ExprKind::map, std::move(entries), range_of(*map));
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
            case Macro::none: break;
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

bool is_signable_literal(std::string_view literal) {
    return is_number_text(literal) && !is_uint_text(literal);
}

DecodedLiteral decode_literal(std::string_view t, std::uint32_t offset, bool negative) {
    DecodedLiteral out;
    const Range whole{offset, static_cast<std::uint32_t>(offset + t.size())};
    try {
        if (t == "true") {
            out.value = true;
        } else if (t == "false") {
            out.value = false;
        } else if (t == "null") {
            out.value = NullConstant{};
        } else if (!is_number_text(t)) {
            out.value = decode_string(t, offset);
        } else if (is_double_text(t)) {
            std::string s = negative ? "-" + std::string(t) : std::string(t);
            double d = 0;
            const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
            if (ec == std::errc::result_out_of_range) {
                // Overflow is an error; underflow is (signed) zero, as in strtod/Go.
                // Decimal exponent estimate: integer digits (sans leading zeros) + exponent.
                const auto e = t.find_first_of("eE");
                const std::string_view mantissa = t.substr(0, e);
                long exp10 = 0;
                if (e != std::string_view::npos) {
                    std::string_view ex = t.substr(e + 1);
                    if (!ex.empty() && ex[0] == '+') ex.remove_prefix(1);
                    long v = 0;
                    const auto r = std::from_chars(ex.data(), ex.data() + ex.size(), v);
                    exp10 = r.ec == std::errc{} ? v : (ex.starts_with("-") ? -100000 : 100000);
                }
                const auto dot = mantissa.find('.');
                const std::string_view int_part = mantissa.substr(0, dot);
                const auto first_nonzero = int_part.find_first_not_of('0');
                const long int_digits = first_nonzero == std::string_view::npos
                                            ? 0
                                            : static_cast<long>(int_part.size() - first_nonzero);
                if (int_digits + exp10 > 0) {
                    fail("TR1005", "double_range", {quoted(t)}, whole);
                }
                d = negative ? -0.0 : 0.0;
            } else if (ec != std::errc{} || ptr != s.data() + s.size()) {
                fail("TR1005", "double_invalid", {quoted(t)}, whole);
            }
            out.value = d;
        } else {
            const bool is_uint = is_uint_text(t);
            std::string_view digits = is_uint ? t.substr(0, t.size() - 1) : t;
            int base = 10;
            if (is_hex_prefixed(digits)) {
                base = 16;
                digits.remove_prefix(2);
            }
            std::uint64_t magnitude = 0;
            const auto [ptr, ec] =
                std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
            const bool overflow = ec == std::errc::result_out_of_range;
            if (!overflow && (ec != std::errc{} || ptr != digits.data() + digits.size())) {
                fail("TR1005", "number_invalid", {quoted(t)}, whole);
            }
            const std::string shown = (negative ? "-" : "") + std::string(t);
            if (is_uint) {
                if (overflow) {
                    fail("TR1005", "uint_range", {quoted(shown)}, whole);
                }
                out.value = magnitude;
            } else {
                constexpr std::uint64_t max_positive = std::numeric_limits<std::int64_t>::max();
                if (overflow || magnitude > max_positive + (negative ? 1 : 0)) {
                    fail("TR1005", "int_range", {quoted(shown)}, whole);
                }
                if (negative) {
                    out.value = magnitude == max_positive + 1
                                    ? std::numeric_limits<std::int64_t>::min()
                                    : -static_cast<std::int64_t>(magnitude);
                } else {
                    out.value = static_cast<std::int64_t>(magnitude);
                }
            }
        }
    } catch (Failure& f) {
        out.error = std::move(f.error);
    }
    return out;
}

std::optional<LowerError> lower(const syntax::Expression& ast, std::string_view text,
                                const ParseOptions& options, ParsedExpr& out) {
    out.source.assign(text);
    out.ranges.assign(1, Range{});
    try {
        Lowerer lowerer(text, options, out);
        out.root = lowerer.expression(ast).expr;
    } catch (Failure& f) {
        return std::move(f.error);
    }
    return std::nullopt;
}

}  // namespace talentrules::cel::detail
