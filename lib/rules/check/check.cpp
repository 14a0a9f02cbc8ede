// Pack -> checked pack: unique names, fact and parameter types, every expression parsed
// and type-checked (definitions in dependency order, so a definition without a declared
// type takes its expression's), references between elements, cycles.

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <set>

#include "cel/expr_clone.hpp"
#include "diagnostics/catalogue.hpp"
#include "rules/check/checked_pack.hpp"
#include "rules/check/graph.hpp"
#include "rules/compile/fact_value.hpp"
#include "rules/compile/functions.hpp"
#include "talentrules/cel/parser.hpp"

namespace talentrules::rules::detail {
namespace {

using cel::Type;

bool is_identifier(std::string_view s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

bool is(const Type& t, cel::TypeKind k) { return t.is_dyn() || t.kind == k; }
bool any(const Type&) { return true; }
bool boolean(const Type& t) { return is(t, cel::TypeKind::bool_); }
bool integer(const Type& t) { return is(t, cel::TypeKind::int_); }

class PackChecker {
public:
    PackChecker(const Pack& pack, Diagnostics& diags) : pack_(pack), diags_(diags) {}

    std::optional<CheckedPack> run() {
        check_unique_names();
        declare_variables();
        parse_all();
        build_graph();
        if (has_errors(diags_)) return std::nullopt;
        auto order = graph_.definition_order(pack_, diags_);
        if (!order) return std::nullopt;
        out_.definition_order = std::move(*order);
        check_definitions();
        check_measures();
        check_rankings();
        check_exclusions();
        check_parameters();
        warn_unused();
        out_.graph_dot = graph_.dot();
        return std::move(out_);
    }

private:
    // --- diagnostics -------------------------------------------------------------

    // The severity is the code's (TR3101 is a warning).
    void error(const Location& at, std::string_view code, std::string_view key,
               std::initializer_list<diagnostics::Arg> args) {
        diags_.push_back(diagnostics::make_diagnostic(code, key, args, at.file, at.position));
    }

    // Moves a diagnostic positioned within an expression's text to the YAML file.
    void relocate(Diagnostic d, const Expression& e, std::string_view context) {
        d.file = e.location.file;
        const Position p = d.position;
        if (p.line <= 1) {
            d.position.line = e.location.position.line;
            d.position.column = e.location.position.column + (e.quoted ? 1 : 0) + (p.column ? p.column - 1 : 0);
        } else {
            d.position.line = e.location.position.line + p.line - 1 + (e.quoted ? 0 : 1);
        }
        d.range = {};
        diagnostics::add_context(d, {}, fmt::format(" (in {}: `{}`)", context, e.text));
        diags_.push_back(std::move(d));
    }

    // --- names -------------------------------------------------------------------

    void check_unique_names() {
        std::map<std::string, Location> seen;
        auto unique = [&](const std::string& kind, const std::string& name, const Location& at) {
            auto key = kind + ":" + name;
            auto [it, fresh] = seen.emplace(key, at);
            if (!fresh) {
                error(at, "TR3005", "declared_again", {kind, name, it->second.file, it->second.position.line});
            }
        };
        for (const auto& c : pack_.categories) unique("category", c.name, c.location);
        for (const auto& f : pack_.schema) unique("fact", f.name, f.location);
        for (const auto& p : pack_.parameters) unique("parameter", p.name, p.location);
        for (const auto& m : pack_.measures) unique("measure", m.id, m.location);
        for (const auto& x : pack_.exclusions) unique("exclusion", x.id, x.location);
        for (const auto& r : pack_.rankings) unique("ranking", r.id, r.location);
        static const std::set<std::string> reserved = {"applicant", "params", "as_of", "true", "false",
                                                       "null", "in", "int", "uint", "double", "string",
                                                       "bool", "bytes", "list", "map", "type", "dyn"};
        for (const auto& d : pack_.definitions) {
            unique("definition", d.name, d.location);
            if (!is_identifier(d.name) || reserved.count(d.name)) {
                error(d.location, "TR3011", "definition_name", {d.name});
            }
        }
        for (const auto& p : pack_.parameters) {
            if (!is_identifier(p.name)) {
                error(p.location, "TR3011", "parameter_name", {p.name});
            }
        }
    }

    // --- types and variables -----------------------------------------------------------

    std::optional<Type> fact_type(const FactType& t, const Location& at) {
        using Kind = FactType::Kind;
        switch (t.kind) {
        case Kind::bool_: return Type::boolean();
        case Kind::int_: return Type::int64();
        case Kind::number: return Type::dbl();
        case Kind::string: return Type::string();
        case Kind::date:
        case Kind::datetime: return Type::timestamp();
        case Kind::object: return Type::map(Type::string(), Type::dyn());
        case Kind::list:
            if (auto e = fact_type(t.element.front(), at)) return Type::list(*e);
            return std::nullopt;
        case Kind::map:
            if (auto e = fact_type(t.element.front(), at)) return Type::map(Type::string(), *e);
            return std::nullopt;
        case Kind::category: break;
        }
        for (const auto& c : pack_.categories) {
            if (c.name == t.category) return cel::EnumType{c.name, c.values, c.ordered}.type();
        }
        error(at, "TR3007", "unknown_type", {t.category});
        return std::nullopt;
    }

    void add_fact(cel::EnvBuilder& b, const Fact& f, const std::string& prefix) {
        const std::string path = prefix.empty() ? f.name : prefix + "." + f.name;
        auto type = fact_type(f.parsed_type, f.location);
        if (!type) return;
        const std::string var = "applicant." + path;
        b.add_variable(var, *type);
        out_.facts.push_back({path, &f, var, *type});
        if (f.absent) {
            std::string expected;
            if (!fact_value(pack_, f, f.parsed_type, f.absent->value, &expected)) {
                error(f.absent->location, "TR3003", "absent_value", {path, expected});
            }
        }
        for (const auto& sub : f.fields) add_fact(b, sub, path);
    }

    void declare_variables() {
        cel::EnvBuilder b;
        register_rule_functions(b.functions());
        for (const auto& c : pack_.categories) {
            if (c.values.empty()) error(c.location, "TR3003", "category_empty", {c.name});
            b.add_enum(cel::EnumType{c.name, c.values, c.ordered});
        }
        b.add_variable("as_of", Type::timestamp());
        for (const auto& f : pack_.schema) add_fact(b, f, "");
        for (const auto& p : pack_.parameters) {
            Type t = Type::dyn();
            if (!p.versions.empty()) t = literal_type(p.versions.front().value);
            if (p.parsed_type) {
                // Resolved like a fact's type, so an unknown one is TR3007 at the parameter.
                const auto declared = fact_type(*p.parsed_type, p.location);
                if (declared && p.parsed_type->kind == FactType::Kind::date) t = *declared;
            }
            b.add_variable("params." + p.name, t);
        }
        for (const auto& d : pack_.definitions) {
            Type t = Type::dyn();
            if (d.parsed_type) {
                if (auto declared = fact_type(*d.parsed_type, d.location)) t = *declared;
            }
            b.add_variable(d.name, t);
        }
        env_ = b.build_mutable();
        out_.env = env_;
    }

    // --- parsing and dependencies ----------------------------------------------------

    void parse_one(const Expression& e, std::string_view context) {
        if (e.empty() || parsed_.count(&e)) return;
        cel::ParseOptions options;
        options.file = e.location.file;
        auto r = cel::parse(e.text, options);
        for (auto& d : r.diagnostics) relocate(std::move(d), e, context);
        if (r.ok()) parsed_.emplace(&e, std::move(*r.expr));
    }

    template <class F>
    void for_each_expression(F&& f) {
        for (const auto& d : pack_.definitions) {
            const auto n = graph_.node_of(NodeKind::definition, d.name);
            f(d.value, "definition " + d.name, n);
            for (const auto& row : d.table) {
                f(row.when, "definition " + d.name, n);
                f(row.then, "definition " + d.name, n);
            }
        }
        for (const auto& m : pack_.measures) {
            const auto n = graph_.node_of(NodeKind::measure, m.id);
            if (m.applies_to) f(m.applies_to->when, "measure " + m.id + " applies_to", n);
            for (const auto& c : m.requires_) {
                f(c.when, "measure " + m.id + " condition " + c.id, n);
                f(c.recheck, "measure " + m.id + " condition " + c.id, n);
            }
            for (const auto& c : m.refer) f(c.when, "measure " + m.id + " refer " + c.id, n);
            f(m.amount, "measure " + m.id + " amount", n);
            f(m.months, "measure " + m.id + " months", n);
            for (const auto& s : m.services) f(s.when, "measure " + m.id + " service " + s.name, n);
            if (!m.process || !m.process->payment) continue;
            for (const auto& i : m.process->payment->instalments) {
                const std::string ctx = "measure " + m.id + " instalment " + i.id;
                f(i.share, ctx + " share", n);
                f(i.amount, ctx + " amount", n);
                f(i.due, ctx + " due", n);
                for (const auto& c : i.recheck) f(c.when, ctx + " recheck " + c.id, n);
            }
        }
        for (const auto& r : pack_.rankings) {
            const auto n = graph_.node_of(NodeKind::ranking, r.id);
            for (const auto& p : r.score) f(p.value, "ranking " + r.id + " score " + p.id, n);
            f(r.tie_break, "ranking " + r.id + " tie_break", n);
            f(r.pool, "ranking " + r.id + " pool", n);
        }
    }

    void parse_all() {
        for (const auto& p : pack_.parameters) graph_.node_of(NodeKind::parameter, p.name);
        for (const auto& d : pack_.definitions) graph_.node_of(NodeKind::definition, d.name);
        for (const auto& m : pack_.measures) graph_.node_of(NodeKind::measure, m.id);
        for (const auto& r : pack_.rankings) graph_.node_of(NodeKind::ranking, r.id);
        for_each_expression([&](const Expression& e, const std::string& ctx, std::size_t) { parse_one(e, ctx); });
    }

    void build_graph() {
        for_each_expression([&](const Expression& e, const std::string&, std::size_t from) {
            if (auto it = parsed_.find(&e); it != parsed_.end()) graph_.add_uses(it->second.root, from, e);
        });
    }

    // --- expressions ---------------------------------------------------------------

    // Type-checks `e` (if present and parsed); keeps it when its type is what `accepts`.
    bool check_expr(const Expression& e, std::string_view context, const std::function<bool(const Type&)>& accepts,
                    std::string_view expected, Type* type_out = nullptr) {
        if (e.empty()) return false;
        auto it = parsed_.find(&e);
        if (it == parsed_.end()) return false;
        cel::ParsedExpr copy;
        copy.source = it->second.source;
        copy.ranges = it->second.ranges;
        copy.root = cel::detail::clone(it->second.root);
        auto checked = cel::check(std::move(copy), *env_);
        for (auto& d : checked.diagnostics) relocate(std::move(d), e, context);
        if (!checked.ok()) return false;
        const Type result = checked.expr->result_type();
        if (!accepts(result)) {
            relocate(diagnostics::make_diagnostic("TR3013", "expression", {context, expected, result.to_string()},
                                                  {}, {1, 1}),
                     e, context);
            return false;
        }
        if (type_out) *type_out = result;
        out_.expressions.insert_or_assign(&e, std::move(*checked.expr));
        return true;
    }

    void check_definitions() {
        for (auto index : out_.definition_order) {
            const Definition& d = pack_.definitions[index];
            const std::string ctx = "definition " + d.name;
            Type result = Type::dyn();
            if (!d.value.empty()) {
                check_expr(d.value, ctx, any, "any", &result);
            } else {
                std::optional<Type> joined;
                for (const auto& row : d.table) {
                    if (!row.when.empty() && !check_expr(row.when, ctx, boolean, "bool")) continue;
                    Type t;
                    if (!check_expr(row.then, ctx, any, "any", &t)) continue;
                    check_category_literal(d, row.then);
                    joined = joined ? (*joined == t ? t : Type::dyn()) : t;
                }
                if (!d.table.empty() && !d.table.back().when.empty()) {
                    error(d.location, "TR3004", "table_otherwise", {d.name});
                }
                result = joined.value_or(Type::dyn());
            }
            if (!d.parsed_type) {
                env_->set_variable_type(env_->find_variable(d.name)->slot, result);
            } else if (!d.value.empty()) {
                check_category_literal(d, d.value);
            }
        }
    }

    // A definition declared with a category type: its literal results must be values of it.
    void check_category_literal(const Definition& d, const Expression& e) {
        if (!d.parsed_type || d.parsed_type->kind != FactType::Kind::category) return;
        const cel::EnumType* en = env_->find_enum(d.parsed_type->category);
        if (!en) return;
        auto it = parsed_.find(&e);
        if (it == parsed_.end()) return;
        std::function<void(const cel::Expr&)> visit = [&](const cel::Expr& x) {
            if (x.kind == cel::ExprKind::constant) {
                if (const auto* s = std::get_if<std::string>(&x.constant); s && en->rank(*s) < 0) {
                    relocate(diagnostics::make_diagnostic(
                                 "TR2006", "not_value_short", {*s, en->name}, {},
                                 position_of(e.text, it->second.ranges[static_cast<std::size_t>(x.id)].begin)),
                             e, "definition " + d.name);
                }
            } else if (x.kind == cel::ExprKind::call && x.name == cel::op::conditional && x.args.size() == 3) {
                visit(x.args[1]);
                visit(x.args[2]);
            }
        };
        visit(it->second.root);
    }

    void check_condition(const Condition& c, const std::string& ctx) {
        if (!check_expr(c.when, ctx, boolean, "bool")) return;
        if (!c.recheck.empty()) {
            check_expr(c.recheck, ctx + " recheck", [](const Type& t) { return is(t, cel::TypeKind::timestamp); },
                       "a timestamp (date)");
        }
    }

    void check_measures() {
        for (const auto& m : pack_.measures) {
            if (m.applies_to) check_condition(*m.applies_to, "measure " + m.id + " applies_to");
            for (const auto& c : m.requires_) check_condition(c, "measure " + m.id + " condition " + c.id);
            for (const auto& c : m.refer) check_condition(c, "measure " + m.id + " refer " + c.id);
            check_expr(m.amount, "measure " + m.id + " amount", integer, "an int (integer yuan)");
            check_expr(m.months, "measure " + m.id + " months", integer, "an int");
            for (const auto& s : m.services) {
                check_expr(s.when, "measure " + m.id + " service " + s.name, boolean, "bool");
            }
            if (m.process && m.process->payment) check_instalments(m);
        }
    }

    // A share is a percent and an amount yuan (ints), a due date a date, a re-check a bool.
    void check_instalments(const Measure& m) {
        for (const auto& i : m.process->payment->instalments) {
            const std::string ctx = "measure " + m.id + " instalment " + i.id;
            check_expr(i.share, ctx + " share", integer, "an int (percent)");
            check_expr(i.amount, ctx + " amount", integer, "an int (integer yuan)");
            check_expr(i.due, ctx + " due", [](const Type& t) { return is(t, cel::TypeKind::timestamp); },
                       "a timestamp (date)");
            for (const auto& c : i.recheck) check_condition(c, ctx + " recheck " + c.id);
        }
    }

    const Measure* find_measure(const std::string& id) const {
        for (const auto& m : pack_.measures) {
            if (m.id == id) return &m;
        }
        return nullptr;
    }

    void check_rankings() {
        for (const auto& r : pack_.rankings) {
            if (!find_measure(r.measure)) {
                error(r.location, "TR3009", "ranking", {r.id, r.measure});
                continue;
            }
            for (const auto& p : r.score) check_expr(p.value, "ranking " + r.id + " score " + p.id, integer, "an int");
            check_expr(r.tie_break, "ranking " + r.id + " tie_break", any, "any");
            check_expr(r.pool, "ranking " + r.id + " pool", [](const Type& t) { return is(t, cel::TypeKind::string); },
                       "a string");
        }
    }

    void check_exclusions() {
        std::map<std::string, const Exclusion*> keep_of;
        for (const auto& x : pack_.exclusions) {
            if (x.measures.size() < 2) {
                error(x.location, "TR3011", "exclusion_size", {x.id});
            }
            for (const auto& id : x.measures) {
                if (!find_measure(id)) {
                    error(x.location, "TR3009", "exclusion", {x.id, id});
                    continue;
                }
                if (auto prev = keep_of.find(id); prev != keep_of.end() && prev->second->keep != x.keep) {
                    error(x.location, "TR3010", "conflict", {id, prev->second->id, prev->second->keep, x.id, x.keep});
                }
                keep_of.emplace(id, &x);
            }
        }
    }

    void check_parameters() {
        for (const auto& p : pack_.parameters) {
            for (std::size_t a = 0; a < p.versions.size(); ++a) {
                for (std::size_t b = a + 1; b < p.versions.size(); ++b) {
                    const Period& x = p.versions[a].period;
                    const Period& y = p.versions[b].period;
                    const bool disjoint = (!x.to.empty() && !y.from.empty() && x.to < y.from) ||
                                          (!y.to.empty() && !x.from.empty() && y.to < x.from);
                    if (!disjoint) {
                        error(p.versions[b].location, "TR3008", "overlap",
                              {p.name, p.versions[a].location.position.line});
                    }
                }
            }
            if (p.parsed_type) continue;
            const Type declared = env_->find_variable("params." + p.name)->type;
            for (const auto& v : p.versions) {
                if (!(literal_type(v.value) == declared)) {
                    error(v.location, "TR3013", "version",
                          {p.name, declared.to_string(), literal_type(v.value).to_string()});
                }
            }
        }
    }

    // From the dependency graph's edges (what the text refers to), so a parameter read by
    // an expression that failed to check is not also reported as unused.
    void warn_unused() {
        for (const auto& p : pack_.parameters) {
            if (!graph_.used(NodeKind::parameter, p.name)) {
                error(p.location, "TR3101", "parameter", {p.name});
            }
        }
        for (const auto& d : pack_.definitions) {
            if (!graph_.used(NodeKind::definition, d.name)) {
                error(d.location, "TR3101", "definition", {d.name});
            }
        }
    }

    const Pack& pack_;
    Diagnostics& diags_;
    std::shared_ptr<cel::Env> env_;
    std::map<const Expression*, cel::ParsedExpr> parsed_;
    DependencyGraph graph_;
    CheckedPack out_;
};

}  // namespace

Type literal_type(const Literal& l) {
    switch (l.kind) {
    case Literal::Kind::null_: return Type::null();
    case Literal::Kind::boolean: return Type::boolean();
    case Literal::Kind::integer: return Type::int64();
    case Literal::Kind::number: return Type::dbl();
    case Literal::Kind::string: return Type::string();
    case Literal::Kind::list: {
        std::optional<Type> elem;
        for (const auto& i : l.items) {
            Type t = literal_type(i);
            if (!elem) elem = t;
            else if (!(*elem == t)) elem = Type::dyn();
        }
        return Type::list(elem.value_or(Type::dyn()));
    }
    case Literal::Kind::map: {
        std::optional<Type> value;
        for (const auto& [k, v] : l.map) {
            Type t = literal_type(v);
            if (!value) value = t;
            else if (!(*value == t)) value = Type::dyn();
        }
        return Type::map(Type::string(), value.value_or(Type::dyn()));
    }
    }
    return Type::dyn();
}

std::optional<CheckedPack> check_pack(const Pack& pack, Diagnostics& diags) { return PackChecker(pack, diags).run(); }

}  // namespace talentrules::rules::detail
