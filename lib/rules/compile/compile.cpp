// Pack -> compiled RuleSet: declares facts, parameters and definitions as CEL variables,
// orders definitions by their dependency graph (Boost.Graph; a cycle is an error naming
// its whole path), type-checks every expression against the schema and compiles it.

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <set>

#include "cel/resolve.hpp"
#include "rules/compile/functions.hpp"
#include "rules/compile/hash.hpp"
#include "rules/compile/ruleset_impl.hpp"
#include "talentrules/cel/checker.hpp"
#include "talentrules/cel/parser.hpp"

namespace talentrules::rules {
namespace {

using cel::Type;

bool is_identifier(std::string_view s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// Graph vertices: parameters, definitions, measures, rankings.
struct GraphNode {
    std::string kind;  // parameter | definition | measure | ranking
    std::string name;
};

struct Use {
    std::size_t from, to;  // `from` uses `to`
    Location where;
};

class PackCompiler {
public:
    PackCompiler(RuleSet::Impl& impl, Diagnostics& diags) : impl_(impl), pack_(impl.pack), diags_(diags) {}

    void run() {
        check_unique_names();
        declare_variables();
        parse_all();
        build_graph();
        if (has_errors(diags_)) return;
        if (!order_definitions()) return;
        compile_definitions();
        compile_measures();
        compile_rankings();
        compile_exclusions();
        compile_parameters();
        warn_unused();
        impl_.graph_dot = dot();
    }

private:
    // --- diagnostics -------------------------------------------------------------

    void error(const Location& at, std::string code, std::string message,
               Severity severity = Severity::error) {
        Diagnostic d;
        d.severity = severity;
        d.code = std::move(code);
        d.message = std::move(message);
        d.file = at.file;
        d.position = at.position;
        diags_.push_back(std::move(d));
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
        d.message = fmt::format("{} (in {}: `{}`)", d.message, context, e.text);
        diags_.push_back(std::move(d));
    }

    // --- names -------------------------------------------------------------------

    void check_unique_names() {
        std::map<std::string, Location> seen;
        auto unique = [&](const std::string& kind, const std::string& name, const Location& at) {
            auto key = kind + ":" + name;
            auto [it, fresh] = seen.emplace(key, at);
            if (!fresh) {
                error(at, "TR3005", fmt::format("{} '{}' is declared again (first at {}:{})", kind, name,
                                                it->second.file, it->second.position.line));
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
                error(d.location, "TR3011",
                      fmt::format("'{}' cannot name a definition (use letters, digits and _; not a reserved name)",
                                  d.name));
            }
        }
        for (const auto& p : pack_.parameters) {
            if (!is_identifier(p.name)) {
                error(p.location, "TR3011", fmt::format("'{}' cannot name a parameter (letters, digits, _)", p.name));
            }
        }
    }

    // --- types -------------------------------------------------------------------

    std::optional<Type> fact_type(const std::string& spelled, const Location& at) {
        static const std::map<std::string, Type> simple = {
            {"bool", Type::boolean()}, {"int", Type::int64()},       {"number", Type::dbl()},
            {"string", Type::string()}, {"date", Type::timestamp()}, {"datetime", Type::timestamp()},
            {"object", Type::map(Type::string(), Type::dyn())}};
        if (auto it = simple.find(spelled); it != simple.end()) return it->second;
        for (const auto& c : pack_.categories) {
            if (c.name == spelled) return cel::EnumType{c.name, c.values, c.ordered}.type();
        }
        auto inner = [&](std::string_view prefix) -> std::optional<std::string> {
            if (spelled.size() > prefix.size() + 1 && spelled.starts_with(prefix) && spelled.back() == ')') {
                return spelled.substr(prefix.size(), spelled.size() - prefix.size() - 1);
            }
            return std::nullopt;
        };
        if (auto elem = inner("list(")) {
            if (auto t = fact_type(*elem, at)) return Type::list(*t);
            return std::nullopt;
        }
        if (auto elem = inner("map(")) {
            if (auto t = fact_type(*elem, at)) return Type::map(Type::string(), *t);
            return std::nullopt;
        }
        error(at, "TR3007", fmt::format("unknown type '{}' (bool, int, number, string, date, datetime, object, "
                                        "list(T), map(T) or a category name)", spelled));
        return std::nullopt;
    }

    static Type literal_type(const Literal& l) {
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

    static cel::Value literal_value(const Literal& l, const std::string& declared) {
        switch (l.kind) {
        case Literal::Kind::null_: return cel::Value();
        case Literal::Kind::boolean: return cel::Value(l.boolean);
        case Literal::Kind::integer: return cel::Value(l.integer);
        case Literal::Kind::number: return cel::Value(l.number);
        case Literal::Kind::string:
            if (declared == "date") {
                if (auto t = parse_date(l.string)) return cel::Value(*t);
            }
            return cel::Value::string(l.string);
        case Literal::Kind::list: {
            cel::List items;
            for (const auto& i : l.items) items.push_back(literal_value(i, declared));
            return cel::Value::list(std::move(items));
        }
        case Literal::Kind::map: {
            std::vector<cel::Map::Entry> entries;
            for (const auto& [k, v] : l.map) entries.emplace_back(cel::Value::string(k), literal_value(v, declared));
            auto m = cel::Map::make(std::move(entries));
            return m ? cel::Value::map(std::move(*m)) : cel::Value::error("duplicate key");
        }
        }
        return cel::Value();
    }

    // --- variables ---------------------------------------------------------------

    void add_fact(cel::EnvBuilder& b, const Fact& f, const std::string& prefix) {
        const std::string path = prefix.empty() ? f.name : prefix + "." + f.name;
        auto type = fact_type(f.type, f.location);
        if (!type) return;
        const std::string var = "applicant." + path;
        b.add_variable(var, *type);
        pending_facts_.push_back({path, &f, var, *type});
        for (const auto& sub : f.fields) add_fact(b, sub, path);
    }

    void declare_variables() {
        cel::EnvBuilder b;
        register_rule_functions(b.functions());
        for (const auto& c : pack_.categories) {
            if (c.values.empty()) error(c.location, "TR3003", fmt::format("category '{}' has no values", c.name));
            b.add_enum(cel::EnumType{c.name, c.values, c.ordered});
        }
        b.add_variable("as_of", Type::timestamp());
        for (const auto& f : pack_.schema) add_fact(b, f, "");
        for (const auto& p : pack_.parameters) {
            Type t = Type::dyn();
            if (!p.versions.empty()) t = literal_type(p.versions.front().value);
            if (p.type == "date") t = Type::timestamp();
            b.add_variable("params." + p.name, t);
        }
        for (const auto& d : pack_.definitions) {
            Type t = Type::dyn();
            if (!d.type.empty()) {
                if (auto declared = fact_type(d.type, d.location)) t = *declared;
            }
            b.add_variable(d.name, t);
        }
        env_ = b.build_mutable();
        impl_.as_of_slot = env_->find_variable("as_of")->slot;
        impl_.slot_owner.assign(env_->variables().size(), {SlotKind::as_of, 0});
        for (auto& pf : pending_facts_) {
            const auto slot = env_->find_variable(pf.var)->slot;
            impl_.fact_by_path[pf.path] = impl_.facts.size();
            impl_.slot_owner[slot] = {SlotKind::fact, impl_.facts.size()};
            impl_.facts.push_back({pf.path, pf.fact, slot, pf.type});
        }
        for (const auto& p : pack_.parameters) {
            CompiledParameter cp;
            cp.source = &p;
            cp.slot = env_->find_variable("params." + p.name)->slot;
            impl_.slot_owner[cp.slot] = {SlotKind::parameter, impl_.parameters.size()};
            impl_.parameters.push_back(std::move(cp));
        }
        for (const auto& d : pack_.definitions) {
            CompiledDefinition cd;
            cd.source = &d;
            cd.slot = env_->find_variable(d.name)->slot;
            impl_.slot_owner[cd.slot] = {SlotKind::definition, impl_.definitions.size()};
            impl_.definition_by_name.emplace(d.name, impl_.definitions.size());
            impl_.definitions.push_back(std::move(cd));
        }
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
            f(d.value, "definition " + d.name, node_of("definition", d.name));
            for (const auto& row : d.table) {
                f(row.when, "definition " + d.name, node_of("definition", d.name));
                f(row.then, "definition " + d.name, node_of("definition", d.name));
            }
        }
        for (const auto& m : pack_.measures) {
            const auto n = node_of("measure", m.id);
            for (const auto& c : m.requires_) {
                f(c.when, "measure " + m.id + " condition " + c.id, n);
                f(c.recheck, "measure " + m.id + " condition " + c.id, n);
            }
            for (const auto& c : m.refer) f(c.when, "measure " + m.id + " refer " + c.id, n);
            f(m.amount, "measure " + m.id + " amount", n);
            f(m.months, "measure " + m.id + " months", n);
            for (const auto& s : m.services) f(s.when, "measure " + m.id + " service " + s.name, n);
        }
        for (const auto& r : pack_.rankings) {
            const auto n = node_of("ranking", r.id);
            for (const auto& p : r.score) f(p.value, "ranking " + r.id + " score " + p.id, n);
            f(r.tie_break, "ranking " + r.id + " tie_break", n);
            f(r.pool, "ranking " + r.id + " pool", n);
        }
    }

    void parse_all() {
        for (const auto& p : pack_.parameters) node_of("parameter", p.name);
        for (const auto& d : pack_.definitions) node_of("definition", d.name);
        for (const auto& m : pack_.measures) node_of("measure", m.id);
        for (const auto& r : pack_.rankings) node_of("ranking", r.id);
        for_each_expression([&](const Expression& e, const std::string& ctx, std::size_t) { parse_one(e, ctx); });
    }

    std::size_t node_of(const std::string& kind, const std::string& name) {
        const auto key = kind + ":" + name;
        if (auto it = node_index_.find(key); it != node_index_.end()) return it->second;
        node_index_[key] = nodes_.size();
        nodes_.push_back({kind, name});
        return nodes_.size() - 1;
    }

    // Names an expression refers to: definitions (bare) and parameters (params.x).
    void collect_uses(const cel::Expr& e, std::vector<std::string>& locals, std::size_t from, const Expression& src) {
        using cel::ExprKind;
        if (e.kind == ExprKind::ident || e.kind == ExprKind::select) {
            std::string root;
            if (auto q = cel::detail::qualified_name(e, &root)) {
                if (std::find(locals.begin(), locals.end(), root) == locals.end()) {
                    if (q->starts_with("params.")) {
                        auto rest = q->substr(7);
                        auto name = rest.substr(0, rest.find('.'));
                        if (auto it = node_index_.find("parameter:" + name); it != node_index_.end()) {
                            uses_.push_back({from, it->second, src.location});
                        }
                    } else if (auto it = node_index_.find("definition:" + root); it != node_index_.end()) {
                        uses_.push_back({from, it->second, src.location});
                    }
                    return;
                }
            }
        }
        if (e.kind == ExprKind::comprehension) {
            const auto& c = *e.comprehension;
            collect_uses(c.iter_range, locals, from, src);
            collect_uses(c.accu_init, locals, from, src);
            locals.push_back(c.iter_var);
            locals.push_back(c.accu_var);
            collect_uses(c.loop_condition, locals, from, src);
            collect_uses(c.loop_step, locals, from, src);
            collect_uses(c.result, locals, from, src);
            locals.pop_back();
            locals.pop_back();
            return;
        }
        for (const auto& a : e.args) collect_uses(a, locals, from, src);
    }

    void build_graph() {
        for_each_expression([&](const Expression& e, const std::string&, std::size_t from) {
            auto it = parsed_.find(&e);
            if (it == parsed_.end()) return;
            std::vector<std::string> locals;
            collect_uses(it->second.root, locals, from, e);
        });
    }

    // Topological order of definitions; a cycle is reported with its whole path.
    bool order_definitions() {
        using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
        Graph g(nodes_.size());
        for (const auto& u : uses_) {
            if (u.from != u.to || nodes_[u.from].kind == "definition") boost::add_edge(u.from, u.to, g);
        }
        struct CycleFinder : boost::default_dfs_visitor {
            std::vector<std::size_t>* stack;
            std::vector<std::vector<std::size_t>>* cycles;
            void discover_vertex(Graph::vertex_descriptor v, const Graph&) { stack->push_back(v); }
            void finish_vertex(Graph::vertex_descriptor, const Graph&) { stack->pop_back(); }
            void back_edge(Graph::edge_descriptor e, const Graph& g) {
                const auto to = boost::target(e, g);
                auto it = std::find(stack->begin(), stack->end(), to);
                std::vector<std::size_t> cycle(it, stack->end());
                cycle.push_back(to);
                cycles->push_back(std::move(cycle));
            }
        };
        std::vector<std::size_t> stack;
        std::vector<std::vector<std::size_t>> cycles;
        CycleFinder finder;
        finder.stack = &stack;
        finder.cycles = &cycles;
        boost::depth_first_search(g, boost::visitor(finder));
        for (const auto& cycle : cycles) report_cycle(cycle);
        if (!cycles.empty()) return false;

        std::vector<Graph::vertex_descriptor> order;
        boost::topological_sort(g, std::back_inserter(order));  // dependencies first
        for (auto v : order) {
            if (nodes_[v].kind == "definition") {
                definition_order_.push_back(impl_.definition_by_name.at(nodes_[v].name));
            }
        }
        return true;
    }

    void report_cycle(const std::vector<std::size_t>& cycle) {
        std::string path;
        for (std::size_t i = 0; i < cycle.size(); ++i) path += (i ? " -> " : "") + nodes_[cycle[i]].name;
        const auto& first = pack_.definitions[impl_.definition_by_name.at(nodes_[cycle[0]].name)];
        std::string steps;
        for (std::size_t i = 0; i + 1 < cycle.size(); ++i) {
            for (const auto& u : uses_) {
                if (u.from == cycle[i] && u.to == cycle[i + 1]) {
                    steps += fmt::format("; {} uses {} at {}:{}:{}", nodes_[cycle[i]].name, nodes_[cycle[i + 1]].name,
                                         u.where.file, u.where.position.line, u.where.position.column);
                    break;
                }
            }
        }
        error(first.location, "TR4001", fmt::format("definitions depend on each other in a cycle: {}{}", path, steps));
    }

    // --- checking and compiling --------------------------------------------------------

    std::optional<CompiledExpr> compile_expr(const Expression& e, std::string_view context,
                                             const std::function<bool(const Type&)>& accepts,
                                             std::string_view expected, Type* type_out = nullptr) {
        if (e.empty()) return std::nullopt;
        auto it = parsed_.find(&e);
        if (it == parsed_.end()) return std::nullopt;
        cel::ParsedExpr copy;
        copy.source = it->second.source;
        copy.ranges = it->second.ranges;
        copy.root = clone(it->second.root);
        auto checked = cel::check(std::move(copy), *env_);
        for (auto& d : checked.diagnostics) relocate(std::move(d), e, context);
        if (!checked.ok()) return std::nullopt;
        const Type result = checked.expr->result_type();
        if (!accepts(result)) {
            Diagnostic d;
            d.code = "TR3013";
            d.message = fmt::format("{} must be {}, but this expression is {}", context, expected, result.to_string());
            d.position = {1, 1};
            relocate(std::move(d), e, context);
            return std::nullopt;
        }
        if (type_out) *type_out = result;
        CompiledExpr out;
        out.source = &e;
        std::set<std::uint32_t> reads;
        for (const auto& ref : checked.expr->references) {
            if (ref.variable) reads.insert(ref.variable->slot);
        }
        out.reads.assign(reads.begin(), reads.end());
        // The typed tree stays for the value plan's slot compiler (value_plan.cpp).
        auto kept = std::make_shared<cel::CheckedExpr>();
        kept->parsed.source = checked.expr->parsed.source;
        kept->parsed.ranges = checked.expr->parsed.ranges;
        kept->parsed.root = clone(checked.expr->parsed.root);
        kept->types = checked.expr->types;
        kept->references = checked.expr->references;
        out.checked = std::move(kept);
        auto compiled = cel::Program::compile(std::move(*checked.expr), env_);
        if (!compiled.ok()) return std::nullopt;
        out.program = compiled.program;
        return out;
    }

    static cel::Expr clone(const cel::Expr& e) {
        cel::Expr c;
        c.id = e.id;
        c.kind = e.kind;
        c.constant = e.constant;
        c.name = e.name;
        c.member_call = e.member_call;
        c.test_only = e.test_only;
        for (const auto& a : e.args) c.args.push_back(clone(a));
        if (e.comprehension) {
            auto k = std::make_unique<cel::Comprehension>();
            k->macro = e.comprehension->macro;
            k->iter_var = e.comprehension->iter_var;
            k->accu_var = e.comprehension->accu_var;
            k->iter_range = clone(e.comprehension->iter_range);
            k->accu_init = clone(e.comprehension->accu_init);
            k->loop_condition = clone(e.comprehension->loop_condition);
            k->loop_step = clone(e.comprehension->loop_step);
            k->result = clone(e.comprehension->result);
            c.comprehension = std::move(k);
        }
        return c;
    }

    static bool is(const Type& t, cel::TypeKind k) { return t.is_dyn() || t.kind == k; }
    static bool any(const Type&) { return true; }

    std::optional<CompiledCondition> compile_condition(const Condition& c, const std::string& ctx) {
        CompiledCondition out;
        out.source = &c;
        auto when = compile_expr(c.when, ctx, [](const Type& t) { return is(t, cel::TypeKind::bool_); }, "bool");
        if (!when) return std::nullopt;
        out.when = std::move(*when);
        if (!c.recheck.empty()) {
            out.recheck = compile_expr(c.recheck, ctx + " recheck",
                                       [](const Type& t) { return is(t, cel::TypeKind::timestamp); }, "a timestamp (date)");
        }
        warn_constant(out.when, ctx);
        return out;
    }

    void warn_constant(const CompiledExpr& e, const std::string& ctx) {
        if (e.program && e.program->is_constant()) {
            error(e.source->location, "TR3102",
                  fmt::format("{} is constant ({}) after folding: `{}`", ctx,
                              e.program->evaluate(cel::Activation(env_)).to_cel(), e.source->text),
                  Severity::warning);
        }
    }

    void compile_definitions() {
        for (auto index : definition_order_) {
            auto& cd = impl_.definitions[index];
            const Definition& d = *cd.source;
            const std::string ctx = "definition " + d.name;
            Type result = Type::dyn();
            if (!d.value.empty()) {
                cd.value = compile_expr(d.value, ctx, any, "any", &result);
            } else {
                std::optional<Type> joined;
                for (const auto& row : d.table) {
                    CompiledRow r;
                    if (!row.when.empty()) {
                        r.when = compile_expr(row.when, ctx, [](const Type& t) { return is(t, cel::TypeKind::bool_); },
                                              "bool");
                        if (!r.when) continue;
                    }
                    Type t;
                    auto then = compile_expr(row.then, ctx, any, "any", &t);
                    if (!then) continue;
                    check_category_literal(d, row.then);
                    r.then = std::move(*then);
                    joined = joined ? (*joined == t ? t : Type::dyn()) : t;
                    cd.rows.push_back(std::move(r));
                }
                if (!d.table.empty() && !d.table.back().when.empty()) {
                    error(d.location, "TR3004",
                          fmt::format("the table of definition '{}' must end with an 'otherwise' row", d.name));
                }
                result = joined.value_or(Type::dyn());
            }
            if (d.type.empty()) {
                env_->set_variable_type(cd.slot, result);
            } else if (!d.value.empty()) {
                check_category_literal(d, d.value);
            }
        }
    }

    // A definition declared with a category type: its literal results must be values of it.
    void check_category_literal(const Definition& d, const Expression& e) {
        if (d.type.empty()) return;
        const cel::EnumType* en = env_->find_enum(d.type);
        if (!en) return;
        auto it = parsed_.find(&e);
        if (it == parsed_.end()) return;
        std::function<void(const cel::Expr&)> visit = [&](const cel::Expr& x) {
            if (x.kind == cel::ExprKind::constant) {
                if (const auto* s = std::get_if<std::string>(&x.constant); s && en->rank(*s) < 0) {
                    Diagnostic diag;
                    diag.code = "TR2006";
                    diag.message = fmt::format("'{}' is not a value of category '{}'", *s, en->name);
                    diag.position = position_of(e.text, it->second.ranges[static_cast<std::size_t>(x.id)].begin);
                    relocate(std::move(diag), e, "definition " + d.name);
                }
            } else if (x.kind == cel::ExprKind::call && x.name == cel::op::conditional && x.args.size() == 3) {
                visit(x.args[1]);
                visit(x.args[2]);
            }
        };
        visit(it->second.root);
    }

    void compile_measures() {
        for (std::size_t i = 0; i < pack_.measures.size(); ++i) {
            const Measure& m = pack_.measures[i];
            CompiledMeasure cm;
            cm.source = &m;
            cm.effective = m.effective;
            if (cm.effective.from.empty()) cm.effective.from = pack_.info.effective.from;
            if (cm.effective.to.empty()) cm.effective.to = pack_.info.effective.to;
            for (const auto& c : m.requires_) {
                if (auto cc = compile_condition(c, "measure " + m.id + " condition " + c.id)) cm.requires_.push_back(std::move(*cc));
            }
            for (const auto& c : m.refer) {
                if (auto cc = compile_condition(c, "measure " + m.id + " refer " + c.id)) cm.refer.push_back(std::move(*cc));
            }
            auto integer = [](const Type& t) { return is(t, cel::TypeKind::int_); };
            cm.amount = compile_expr(m.amount, "measure " + m.id + " amount", integer, "an int (integer yuan)");
            cm.months = compile_expr(m.months, "measure " + m.id + " months", integer, "an int");
            for (const auto& s : m.services) {
                CompiledService cs;
                cs.source = &s;
                cs.when = compile_expr(s.when, "measure " + m.id + " service " + s.name,
                                       [](const Type& t) { return is(t, cel::TypeKind::bool_); }, "bool");
                cm.services.push_back(std::move(cs));
            }
            impl_.measure_by_id.emplace(m.id, impl_.measures.size());
            impl_.measures.push_back(std::move(cm));
        }
    }

    void compile_rankings() {
        for (const auto& r : pack_.rankings) {
            CompiledRanking cr;
            cr.source = &r;
            auto it = impl_.measure_by_id.find(r.measure);
            if (it == impl_.measure_by_id.end()) {
                error(r.location, "TR3009", fmt::format("ranking '{}' names unknown measure '{}'", r.id, r.measure));
                continue;
            }
            cr.measure = it->second;
            for (const auto& p : r.score) {
                auto v = compile_expr(p.value, "ranking " + r.id + " score " + p.id,
                                      [](const Type& t) { return is(t, cel::TypeKind::int_); }, "an int");
                if (v) cr.parts.push_back({&p, std::move(*v)});
            }
            cr.tie_break = compile_expr(r.tie_break, "ranking " + r.id + " tie_break", any, "any");
            cr.pool = compile_expr(r.pool, "ranking " + r.id + " pool",
                                   [](const Type& t) { return is(t, cel::TypeKind::string); }, "a string");
            impl_.rankings.push_back(std::move(cr));
        }
    }

    void compile_exclusions() {
        std::map<std::string, const Exclusion*> keep_of;
        for (const auto& x : pack_.exclusions) {
            ExclusionGroup g;
            g.source = &x;
            if (x.measures.size() < 2) {
                error(x.location, "TR3011", fmt::format("exclusion '{}' needs at least two measures", x.id));
            }
            for (const auto& id : x.measures) {
                auto it = impl_.measure_by_id.find(id);
                if (it == impl_.measure_by_id.end()) {
                    error(x.location, "TR3009", fmt::format("exclusion '{}' names unknown measure '{}'", x.id, id));
                    continue;
                }
                if (auto prev = keep_of.find(id); prev != keep_of.end() && prev->second->keep != x.keep) {
                    error(x.location, "TR3010",
                          fmt::format("measure '{}' is in exclusion '{}' (keep: {}) and '{}' (keep: {}): the rules "
                                      "conflict", id, prev->second->id, prev->second->keep, x.id, x.keep));
                }
                keep_of.emplace(id, &x);
                g.measures.push_back(it->second);
            }
            impl_.exclusions.push_back(std::move(g));
        }
    }

    void compile_parameters() {
        for (auto& cp : impl_.parameters) {
            const Parameter& p = *cp.source;
            std::vector<const ParameterVersion*> versions;
            for (const auto& v : p.versions) versions.push_back(&v);
            for (std::size_t a = 0; a < versions.size(); ++a) {
                for (std::size_t b = a + 1; b < versions.size(); ++b) {
                    const Period& x = versions[a]->period;
                    const Period& y = versions[b]->period;
                    const bool disjoint = (!x.to.empty() && !y.from.empty() && x.to < y.from) ||
                                          (!y.to.empty() && !x.from.empty() && y.to < x.from);
                    if (!disjoint) {
                        error(versions[b]->location, "TR3008",
                              fmt::format("parameter '{}': this version's period overlaps the one at line {}", p.name,
                                          versions[a]->location.position.line));
                    }
                }
            }
            const Type declared = env_->variables()[cp.slot].type;
            for (const auto* v : versions) {
                if (!(literal_type(v->value) == declared) && p.type.empty()) {
                    error(v->location, "TR3013",
                          fmt::format("parameter '{}': every version must have the same type ({}), this one is {}",
                                      p.name, declared.to_string(), literal_type(v->value).to_string()));
                }
                cp.versions.emplace_back(v->period, literal_value(v->value, p.type));
            }
        }
    }

    // From the dependency graph's edges (what the text refers to), so a parameter read by
    // an expression that failed to check is not also reported as unused.
    bool used(const std::string& kind, const std::string& name) const {
        const auto it = node_index_.find(kind + ":" + name);
        if (it == node_index_.end()) return false;
        return std::any_of(uses_.begin(), uses_.end(), [&](const Use& u) { return u.to == it->second && u.from != u.to; });
    }

    void warn_unused() {
        for (const auto& cp : impl_.parameters) {
            if (!used("parameter", cp.source->name)) {
                error(cp.source->location, "TR3101", fmt::format("parameter '{}' is not used", cp.source->name),
                      Severity::warning);
            }
        }
        for (const auto& cd : impl_.definitions) {
            if (!used("definition", cd.source->name)) {
                error(cd.source->location, "TR3101", fmt::format("definition '{}' is not used", cd.source->name),
                      Severity::warning);
            }
        }
    }

    std::string dot() const {
        std::string out = "digraph pack {\n  rankdir=LR;\n  node [fontname=\"sans-serif\"];\n";
        static const std::map<std::string, std::string> shape = {
            {"parameter", "note"}, {"definition", "ellipse"}, {"measure", "box"}, {"ranking", "hexagon"}};
        for (std::size_t i = 0; i < nodes_.size(); ++i) {
            out += fmt::format("  n{} [label=\"{}\\n({})\", shape={}];\n", i, nodes_[i].name, nodes_[i].kind,
                               shape.at(nodes_[i].kind));
        }
        std::set<std::pair<std::size_t, std::size_t>> edges;
        for (const auto& u : uses_) edges.emplace(u.from, u.to);
        for (const auto& [a, b] : edges) out += fmt::format("  n{} -> n{};\n", b, a);
        out += "}\n";
        return out;
    }

    struct PendingFact {
        std::string path;
        const Fact* fact;
        std::string var;
        Type type;
    };

    RuleSet::Impl& impl_;
    const Pack& pack_;
    Diagnostics& diags_;
    std::shared_ptr<cel::Env> env_;
    std::vector<PendingFact> pending_facts_;
    std::map<const Expression*, cel::ParsedExpr> parsed_;
    std::vector<GraphNode> nodes_;
    std::map<std::string, std::size_t> node_index_;
    std::vector<Use> uses_;
    std::vector<std::size_t> definition_order_;

public:
    std::shared_ptr<cel::Env> env() const { return env_; }
};

}  // namespace

std::unique_ptr<RuleSet::Impl> compile_pack(Pack pack, Diagnostics& diags) {
    auto impl = std::make_unique<RuleSet::Impl>();
    impl->pack = std::move(pack);
    impl->content_hash = detail::pack_content_hash(impl->pack.directory, impl->pack.files);
    PackCompiler compiler(*impl, diags);
    compiler.run();
    impl->env = compiler.env();
    return impl;
}

}  // namespace talentrules::rules
