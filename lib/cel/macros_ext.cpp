// The extension macros, expanded after the lowering (lower.cpp does the core ones):
//   cel.bind(x, init, body)                 x = init, then body (a comprehension over [])
//   math.greatest(a, b, ...)                math.greatest([a, b, ...]) (also math.least)
//   e.all(i, v, p) exists existsOne         two-variable forms (index/key and value;
//                                           exists_one(i, v, p) is existsOne)
//   e.transformList(i, v, [filter,] t)      list of t
//   e.transformMap(k, v, [filter,] t)       map k -> t
//   e.transformMapEntry(k, v, [filter,] m)  union of the one-entry maps m
//   o.optMap(v, e) o.optFlatMap(v, e)       optional values
// The expansions are those of cel-go (ext/bindings.go, ext/comprehensions.go, ext/math.go).

#include <algorithm>
#include <utility>

#include "cel/lower.hpp"
#include "cel/lower_failure.hpp"

namespace talentrules::cel::detail {
namespace {

constexpr const char* accu_name = "@result";

class Expander {
public:
    explicit Expander(ParsedExpr& out) : out_(out) {}

    bool expanded() const { return expanded_; }

    void visit(Expr& e) {
        for (auto& a : e.args) visit(a);
        if (e.comprehension) {
            Comprehension& c = *e.comprehension;
            for (Expr* x : {&c.iter_range, &c.accu_init, &c.loop_condition, &c.loop_step, &c.result})
                visit(*x);
        }
        if (e.kind == ExprKind::call && e.member_call) expand(e);
    }

private:
    Range range(const Expr& e) const { return out_.ranges[static_cast<std::size_t>(e.id)]; }

    Expr node(ExprKind kind, Range r) { return new_node(out_, kind, r); }
    Expr constant(Constant c, Range r) {
        Expr e = node(ExprKind::constant, r);
        e.constant = std::move(c);
        return e;
    }
    Expr ident(std::string name, Range r) {
        Expr e = node(ExprKind::ident, r);
        e.name = std::move(name);
        return e;
    }
    Expr call(std::string name, std::vector<Expr> args, Range r) {
        Expr made = node(ExprKind::call, r);
        made.name = std::move(name);
        made.args.swap(args);
        return made;
    }
    template <class... A>
    Expr call_of(std::string name, Range r, A... args) {
        std::vector<Expr> v;
        (v.push_back(std::move(args)), ...);
        return call(std::move(name), std::move(v), r);
    }
    Expr list(std::vector<Expr> items, Range r) {
        Expr made = node(ExprKind::list, r);
        made.args.swap(items);
        return made;
    }

    static bool is_ident(const Expr& e, std::string_view name) {
        return e.kind == ExprKind::ident && e.name == name;
    }

    std::string variable(const Expr& e, const std::string& macro) {
        if (e.kind != ExprKind::ident || e.name.empty() || e.name.front() == '.') {
            fail("TR1007", "variable", {macro}, range(e));
        }
        return e.name;
    }

    void expand(Expr& e) {
        const std::string& n = e.name;
        const std::size_t argc = e.args.size() - 1;  // args[0] is the receiver
        const Range r = range(e);
        if (n == "bind" && argc == 3 && is_ident(e.args[0], "cel")) return bind(e, r);
        if ((n == "greatest" || n == "least") && argc >= 2 && is_ident(e.args[0], "math")) {
            std::vector<Expr> items(std::make_move_iterator(e.args.begin() + 1),
                                    std::make_move_iterator(e.args.end()));
            std::vector<Expr> one;
            one.push_back(list(std::move(items), r));
            e = call("math." + n, std::move(one), r);
            expanded_ = true;
            return;
        }
        Macro m = Macro::none;
        if (argc == 3 && n == "all") m = Macro::all2;
        if (argc == 3 && n == "exists") m = Macro::exists2;
        if (argc == 3 && (n == "existsOne" || n == "exists_one")) m = Macro::exists_one2;
        if ((argc == 3 || argc == 4) && n == "transformList") m = Macro::transform_list;
        if ((argc == 3 || argc == 4) && n == "transformMap") m = Macro::transform_map;
        if ((argc == 3 || argc == 4) && n == "transformMapEntry") m = Macro::transform_map_entry;
        if (m != Macro::none) return two_variable(e, m, r);
        if (argc == 2 && (n == "optMap" || n == "optFlatMap")) return optional_map(e, r);
    }

    void bind(Expr& e, Range r) {
        auto c = std::make_unique<Comprehension>();
        c->macro = Macro::bind;
        c->accu_var = variable(e.args[1], "cel.bind");
        c->iter_var = "#unused";
        c->iter_range = list({}, r);
        c->accu_init = std::move(e.args[2]);
        c->loop_condition = constant(false, r);
        c->loop_step = ident(c->accu_var, r);
        c->result = std::move(e.args[3]);
        finish(e, std::move(c), r);
    }

    void two_variable(Expr& e, Macro m, Range r) {
        auto c = std::make_unique<Comprehension>();
        c->macro = m;
        c->iter_var = variable(e.args[1], e.name);
        c->iter_var2 = variable(e.args[2], e.name);
        if (c->iter_var == c->iter_var2) fail("TR1007", "variable", {e.name}, range(e.args[2]));
        c->accu_var = accu_name;
        c->iter_range = std::move(e.args[0]);
        auto accu = [&] { return ident(accu_name, r); };
        Expr& body = e.args[3];
        switch (m) {
        case Macro::all2:
            c->accu_init = constant(true, r);
            c->loop_condition = call_of(op::not_strictly_false, r, accu());
            c->loop_step = call_of(op::logical_and, r, accu(), std::move(body));
            c->result = accu();
            break;
        case Macro::exists2:
            c->accu_init = constant(false, r);
            c->loop_condition = call_of(op::not_strictly_false, r, call_of(op::logical_not, r, accu()));
            c->loop_step = call_of(op::logical_or, r, accu(), std::move(body));
            c->result = accu();
            break;
        case Macro::exists_one2:
            c->accu_init = constant(std::int64_t{0}, r);
            c->loop_condition = constant(true, r);
            c->loop_step = call_of(op::conditional, r, std::move(body),
                                   call_of(op::add, r, accu(), constant(std::int64_t{1}, r)), accu());
            c->result = call_of(op::equals, r, accu(), constant(std::int64_t{1}, r));
            break;
        default: {
            // transforms: [filter,] value; the step inserts (see register_comprehensions_ext)
            const bool filtered = e.args.size() == 5;
            Expr value = std::move(e.args.back());
            Expr insert;
            if (m == Macro::transform_list) {
                std::vector<Expr> one;
                one.push_back(std::move(value));
                c->accu_init = list({}, r);
                insert = call_of(op::add, r, accu(), list(std::move(one), r));
            } else {
                c->accu_init = node(ExprKind::map, r);
                insert = m == Macro::transform_map
                             ? call_of("@map_insert", r, accu(), ident(c->iter_var, r), std::move(value))
                             : call_of("@map_merge", r, accu(), std::move(value));
            }
            c->loop_condition = constant(true, r);
            c->loop_step = filtered ? call_of(op::conditional, r, std::move(body), std::move(insert), accu())
                                    : std::move(insert);
            c->result = accu();
        }
        }
        finish(e, std::move(c), r);
    }

    // o.optMap(v, e): o.hasValue() ? optional.of(cel.bind(v, o.value(), e)) : optional.none()
    // o.optFlatMap(v, e): the same without optional.of (e is itself an optional).
    void optional_map(Expr& e, Range r) {
        const bool flat = e.name == "optFlatMap";
        const std::string var = variable(e.args[1], e.name);
        // The receiver is evaluated once: bound to a hidden variable first.
        const std::string hidden = "@opt";
        auto member = [&](const char* fn) {
            Expr m = call_of(fn, r, ident(hidden, r));
            m.member_call = true;
            return m;
        };
        auto inner = std::make_unique<Comprehension>();
        inner->macro = Macro::bind;
        inner->accu_var = var;
        inner->iter_var = "#unused";
        inner->iter_range = list({}, r);
        inner->accu_init = member("value");
        inner->loop_condition = constant(false, r);
        inner->loop_step = ident(var, r);
        inner->result = std::move(e.args[2]);
        Expr bound = node(ExprKind::comprehension, r);
        bound.comprehension = std::move(inner);
        Expr some = flat ? std::move(bound) : call_of("optional.of", r, std::move(bound));
        auto outer = std::make_unique<Comprehension>();
        outer->macro = flat ? Macro::opt_flat_map : Macro::opt_map;
        outer->accu_var = hidden;
        outer->iter_var = "#unused";
        outer->iter_range = list({}, r);
        outer->accu_init = std::move(e.args[0]);
        outer->loop_condition = constant(false, r);
        outer->loop_step = ident(hidden, r);
        outer->result = call_of(op::conditional, r, member("hasValue"), std::move(some),
                                call_of("optional.none", r));
        finish(e, std::move(outer), r);
    }

    void finish(Expr& e, std::unique_ptr<Comprehension> c, Range r) {
        expanded_ = true;
        Expr out = node(ExprKind::comprehension, r);
        out.comprehension = std::move(c);
        e = std::move(out);
    }

    ParsedExpr& out_;
    bool expanded_ = false;
};

// Ids 1..N again, children before parents as the lowering numbers them: an expansion
// drops nodes (the receiver `cel`, the variable names) and adds others.
void renumber(Expr& e, const std::vector<Range>& old, std::vector<Range>& ranges) {
    for (auto& a : e.args) renumber(a, old, ranges);
    if (e.comprehension) {
        Comprehension& c = *e.comprehension;
        for (Expr* x : {&c.iter_range, &c.accu_init, &c.loop_condition, &c.loop_step, &c.result})
            renumber(*x, old, ranges);
    }
    ranges.push_back(old[static_cast<std::size_t>(e.id)]);
    e.id = static_cast<ExprId>(ranges.size() - 1);
}

}  // namespace

void expand_ext_macros(ParsedExpr& out) {
    Expander x(out);
    x.visit(out.root);
    if (!x.expanded()) return;
    std::vector<Range> ranges(1, Range{});
    renumber(out.root, out.ranges, ranges);
    out.ranges = std::move(ranges);
}

}  // namespace talentrules::cel::detail
