// Typed nodes from the checked CEL of each output definition (then folded and grouped).
// What the plan does not cover throws Unsupported, and the plan is not fast.

#include <fmt/format.h>

#include <functional>

#include "cel/fast_ops.hpp"
#include "rules/value_plan/plan.hpp"
#include "talentrules/json.hpp"

namespace talentrules::rules {

using namespace value_plan;
using Impl = ValuePlan::Impl;

namespace {

using cel::ExprKind;

using cel::FastOp;

// Names are looked up in the shared table (cel/fast_ops.hpp), never compared here.
std::optional<FastOp> fast_op_of(const Expr& e) {
    if (e.kind != ExprKind::call) return std::nullopt;
    return cel::find_fast_op(e.name, e.args.size());
}
bool is_call(const Expr& e, FastOp op) { return fast_op_of(e) == op; }

template <template <typename> class N, typename... Extra>
NodePtr ordered(FastOp op, Extra&&... extra) {
    auto make = [&]<typename Op>(Op) -> NodePtr { return std::make_unique<N<Op>>(std::forward<Extra>(extra)...); };
    switch (op) {
    case FastOp::less: return make(std::less<>{});
    case FastOp::less_equals: return make(std::less_equal<>{});
    case FastOp::greater: return make(std::greater<>{});
    default: return make(std::greater_equal<>{});
    }
}

bool plain_kind(const cel::Type& t) {
    return t.kind == cel::TypeKind::int_ || t.kind == cel::TypeKind::bool_ || t.kind == cel::TypeKind::string ||
           t.is_dyn();
}

FastOp mirrored(FastOp op) {
    switch (op) {
    case FastOp::less: return FastOp::greater;
    case FastOp::less_equals: return FastOp::greater_equals;
    case FastOp::greater: return FastOp::less;
    default: return FastOp::less_equals;
    }
}

}  // namespace

void Impl::build() {
    try {
        definition_bodies.reserve(max_definitions);  // DefinitionRef points into it
        layout();
        for (const auto& name : names) {
            auto it = rs.definition_by_name.find(name);
            if (it == rs.definition_by_name.end()) {
                throw Unsupported{fmt::format("'{}' is not a definition (measure amounts take the general path)",
                                              name)};
            }
            outputs.push_back(definition(it->second));
            output_memo.push_back(memo_of_definition.at(it->second));
            column_prefix.push_back(",");
            append_json_string(column_prefix.back(), name);
            column_prefix.back() += ':';
        }
        fold_all();
        group_outputs();
        schedule_codes();
    } catch (const Unsupported& u) {
        why_not = u.why.empty() ? "unsupported" : u.why;
        outputs.clear();
    }
}

NodePtr Impl::definition(std::size_t index) {
    auto found = memo_of_definition.find(index);
    if (found == memo_of_definition.end()) {
        if (definition_bodies.size() == max_definitions) throw Unsupported{"more than 64 definitions"};
        const auto memo = static_cast<std::uint32_t>(definition_bodies.size());
        definition_bodies.emplace_back();  // reserve the index; bodies may refer to others
        palettes.emplace_back();
        definition_refs.emplace_back();
        const CompiledDefinition& d = rs.definitions[index];
        NodePtr body;
        if (d.value) {
            body = expression(*d.value);
        } else {
            auto table = std::make_unique<Table>();
            table->memo = memo;
            for (const auto& row : d.rows) {
                table->rows.emplace_back(row.when ? expression(*row.when) : nullptr, expression(row.then));
            }
            body = std::move(table);
        }
        definition_bodies[memo] = std::move(body);
        definition_refs[memo] = std::make_unique<DefinitionRef>(memo, &definition_bodies[memo]);
        fold_order.push_back(memo);  // after the definitions it uses
        found = memo_of_definition.emplace(index, memo).first;
    }
    return std::make_unique<DefinitionRef>(found->second, &definition_bodies[found->second]);
}

NodePtr Impl::expression(const CompiledExpr& e) {
    if (!e.checked) throw Unsupported{"an expression without type information"};
    const cel::CheckedExpr* saved = checked_;
    checked_ = e.checked.get();
    NodePtr n = compile(checked_->parsed.root);
    checked_ = saved;
    return n;
}

[[noreturn]] void Impl::unsupported(const Expr& e, std::string_view what) const {
    const auto& r = checked_->parsed.ranges[static_cast<std::size_t>(e.id)];
    throw Unsupported{fmt::format("{} in `{}`", what, checked_->parsed.source.substr(r.begin, r.end - r.begin))};
}

const cel::Variable* Impl::variable(const Expr& e) const {
    if (e.kind != ExprKind::ident && e.kind != ExprKind::select) return nullptr;
    return ref(e).variable;
}

// The row slot of a fact variable, marked as needed; nullopt for other variables.
std::optional<std::uint32_t> Impl::fact_slot(const Expr& e) {
    const cel::Variable* v = variable(e);
    if (!v || rs.slot_owner[v->slot].first != SlotKind::fact) return std::nullopt;
    auto it = slot_of_variable.find(v->slot);
    if (it == slot_of_variable.end()) unsupported(e, "a fact inside an object");
    needed |= std::uint64_t{1} << it->second;
    return it->second;
}

// The value of a parameter variable on the plan's date, or nullptr.
const cel::Value* Impl::parameter(const Expr& e) const {
    const cel::Variable* v = variable(e);
    if (!v || rs.slot_owner[v->slot].first != SlotKind::parameter) return nullptr;
    const CompiledParameter& p = rs.parameters[rs.slot_owner[v->slot].second];
    for (const auto& [period, value] : p.versions) {
        if (period.contains(as_of)) return &value;
    }
    unsupported(e, "a parameter with no value on the date");
}

Cell Impl::constant_cell(const cel::Value& v, const Expr& at) {
    if (v.is_bool()) return boolean(v.as_bool());
    if (v.is_int()) return {v.as_int(), k_int};
    if (v.is_string()) return {intern(std::string(v.as_string())), k_str};
    unsupported(at, fmt::format("a {} value", v.type().name));
}

NodePtr Impl::compile(const Expr& e) {
    switch (e.kind) {
    case ExprKind::constant: {
        if (const bool* b = std::get_if<bool>(&e.constant)) return std::make_unique<Const>(boolean(*b));
        if (const auto* i = std::get_if<std::int64_t>(&e.constant)) return std::make_unique<Const>(Cell{*i, k_int});
        if (const auto* s = std::get_if<std::string>(&e.constant)) {
            return std::make_unique<Const>(Cell{intern(*s), k_str});
        }
        unsupported(e, "a constant of this type");
    }
    case ExprKind::ident:
    case ExprKind::select: return variable_node(e);
    case ExprKind::call: return call(e);
    case ExprKind::comprehension: return comprehension(e);
    default: unsupported(e, "a list or map built at run time");
    }
}

NodePtr Impl::variable_node(const Expr& e) {
    const cel::Variable* v = variable(e);
    if (!v || e.test_only) unsupported(e, "this selection");
    const auto [kind, index] = rs.slot_owner[v->slot];
    switch (kind) {
    case SlotKind::fact: {
        const std::uint32_t slot = *fact_slot(e);
        switch (facts[slot].kind) {
        case FactKind::integer: return std::make_unique<FactRead>(slot, facts[slot].column, k_int);
        case FactKind::boolean: return std::make_unique<FactRead>(slot, facts[slot].column, k_bool);
        case FactKind::category:
            return std::make_unique<CategoryRead>(slot, facts[slot].column, &categories[facts[slot].category].ids);
        default: unsupported(e, "a fact of this type used as a value");
        }
    }
    case SlotKind::parameter: return std::make_unique<Const>(constant_cell(*parameter(e), e));
    case SlotKind::definition: return definition(index);
    case SlotKind::as_of: unsupported(e, "the as-of date");
    }
    unsupported(e, "this variable");
}

NodePtr Impl::call(const Expr& e) {
    const std::string& n = e.name;
    const auto& a = e.args;
    const std::optional<FastOp> op = fast_op_of(e);
    if (!op) unsupported(e, fmt::format("the function '{}'", n));
    switch (*op) {
    case FastOp::logical_and:
    case FastOp::logical_or: {
        const bool is_and = op == FastOp::logical_and;
        std::vector<NodePtr> parts;
        std::function<void(const Expr&)> flatten = [&](const Expr& x) {
            if (is_call(x, *op)) {
                flatten(x.args[0]);
                flatten(x.args[1]);
            } else {
                parts.push_back(compile(x));
            }
        };
        flatten(e);
        if (is_and) {
            auto node = std::make_unique<Logic<true>>();
            node->parts = std::move(parts);
            return node;
        }
        auto node = std::make_unique<Logic<false>>();
        node->parts = std::move(parts);
        return node;
    }
    case FastOp::logical_not: {
        if (auto slot = fact_slot(a[0]); slot && facts[*slot].kind == FactKind::boolean) {
            return std::make_unique<FactNot>(*slot, facts[*slot].column);
        }
        auto node = std::make_unique<Not>();
        node->a = compile(a[0]);
        return node;
    }
    case FastOp::negate: {
        if (type(e).kind != cel::TypeKind::int_) break;
        auto node = std::make_unique<Negate>();
        node->a = compile(a[0]);
        return node;
    }
    case FastOp::conditional: {
        auto node = std::make_unique<Conditional>();
        node->cond = compile(a[0]);
        node->then = compile(a[1]);
        node->otherwise = compile(a[2]);
        return node;
    }
    case FastOp::equals:
    case FastOp::not_equals: return equality(e, op == FastOp::equals);
    case FastOp::less:
    case FastOp::less_equals:
    case FastOp::greater:
    case FastOp::greater_equals: return comparison(e, *op);
    case FastOp::in: return membership(e);
    case FastOp::index: return lookup(e);
    case FastOp::dyn:
    case FastOp::int_conversion:
        if (e.member_call) break;
        if (op == FastOp::int_conversion && type(a[0]).kind != cel::TypeKind::int_) unsupported(e, "a conversion");
        return compile(a[0]);
    case FastOp::add:
    case FastOp::subtract:
    case FastOp::multiply:
    case FastOp::divide:
    case FastOp::modulo:
    case FastOp::min:
    case FastOp::max: {
        if (e.member_call) break;
        if (type(a[0]).kind != cel::TypeKind::int_ || type(a[1]).kind != cel::TypeKind::int_) {
            unsupported(e, "arithmetic on other than int");
        }
        static constexpr std::pair<FastOp, Arith> arithmetic[] = {
            {FastOp::add, Arith::add}, {FastOp::subtract, Arith::sub}, {FastOp::multiply, Arith::mul},
            {FastOp::divide, Arith::div}, {FastOp::modulo, Arith::mod}, {FastOp::min, Arith::min},
            {FastOp::max, Arith::max}};
        auto node = std::make_unique<Arithmetic>();
        for (const auto& [fast, kind] : arithmetic) {
            if (fast == *op) node->op = kind;
        }
        node->a = compile(a[0]);
        node->b = compile(a[1]);
        return node;
    }
    case FastOp::not_strictly_false: break;  // only in the macros, compiled whole (comprehension)
    }
    unsupported(e, fmt::format("the function '{}'", n));
}

NodePtr Impl::equality(const Expr& e, bool equal) {
    const Expr& x = e.args[0];
    const Expr& y = e.args[1];
    if (!plain_kind(type(x)) || !plain_kind(type(y))) unsupported(e, "equality of these types");
    // Strings are interned, categories and plain ones alike: equal text is an equal id.
    // A fact against a constant of the same kind: one node.
    for (int side = 0; side < 2; ++side) {
        const Expr& f = side ? y : x;
        const Expr& k = side ? x : y;
        auto slot = fact_slot(f);
        if (!slot || k.kind != ExprKind::constant) continue;
        const FactKind fk = facts[*slot].kind;
        std::optional<std::int64_t> c;
        if (fk == FactKind::integer) {
            if (const auto* i = std::get_if<std::int64_t>(&k.constant)) c = *i;
        } else if (fk == FactKind::boolean) {
            if (const bool* b = std::get_if<bool>(&k.constant)) c = *b ? 1 : 0;
        } else if (fk == FactKind::category) {
            if (const auto* s = std::get_if<std::string>(&k.constant)) {
                c = position_in(facts[*slot].category, intern(*s));
            }
        }
        if (!c) continue;
        if (equal) return std::make_unique<FactCompareConst<std::equal_to<>>>(*slot, facts[*slot].column, *c);
        return std::make_unique<FactCompareConst<std::not_equal_to<>>>(*slot, facts[*slot].column, *c);
    }
    if (equal) {
        auto node = std::make_unique<Equality<true>>();
        node->a = compile(x);
        node->b = compile(y);
        return node;
    }
    auto node = std::make_unique<Equality<false>>();
    node->a = compile(x);
    node->b = compile(y);
    return node;
}

NodePtr Impl::comparison(const Expr& e, FastOp op) {
    const Expr& x = e.args[0];
    const Expr& y = e.args[1];
    if (const cel::EnumType* en = ref(e).ordered_enum) {
        std::vector<std::int16_t> rank(strings.size(), -1);
        for (std::size_t i = 0; i < en->values.size(); ++i) {
            rank[static_cast<std::size_t>(intern(en->values[i]))] = static_cast<std::int16_t>(i);
        }
        rank.resize(strings.size(), -1);
        NodePtr a = compile(x), b = compile(y);
        return ordered<RankCompare>(op, std::move(a), std::move(b), std::move(rank));
    }
    return int_comparison(e, op, x, y);
}

// `x OP y` on ints. A fact against a constant is one node (and foldable); a conditional
// operand is distributed, `age <= (doctor ? 50 : 40)` becoming
// `doctor ? age <= 50 : age <= 40`, so the fact meets constants only.
NodePtr Impl::int_comparison(const Expr& e, FastOp op, const Expr& x, const Expr& y) {
    if (type(x).kind != cel::TypeKind::int_ || type(y).kind != cel::TypeKind::int_) {
        unsupported(e, "ordering of other than int or an ordered category");
    }
    for (int side = 0; side < 2; ++side) {
        const Expr& c = side ? x : y;
        if (!is_call(c, FastOp::conditional)) continue;
        auto node = std::make_unique<Conditional>();
        node->cond = compile(c.args[0]);
        node->then = side ? int_comparison(e, op, c.args[1], y) : int_comparison(e, op, x, c.args[1]);
        node->otherwise = side ? int_comparison(e, op, c.args[2], y) : int_comparison(e, op, x, c.args[2]);
        return node;
    }
    if (auto slot = fact_slot(x); slot && y.kind == ExprKind::constant) {
        return ordered<FactCompareConst>(op, *slot, facts[*slot].column, std::get<std::int64_t>(y.constant));
    }
    if (auto slot = fact_slot(y); slot && x.kind == ExprKind::constant) {
        return ordered<FactCompareConst>(mirrored(op), *slot, facts[*slot].column, std::get<std::int64_t>(x.constant));
    }
    NodePtr a = compile(x), b = compile(y);
    return ordered<Compare>(op, std::move(a), std::move(b));
}

// The members of a constant list literal or a parameter list/map's keys, as cells.
std::optional<std::vector<Cell>> Impl::constant_members(const Expr& e) {
    std::vector<Cell> out;
    if (e.kind == ExprKind::list) {
        for (const auto& item : e.args) {
            if (item.kind != ExprKind::constant) return std::nullopt;
            if (const auto* s = std::get_if<std::string>(&item.constant)) out.push_back({intern(*s), k_str});
            else if (const auto* i = std::get_if<std::int64_t>(&item.constant)) out.push_back({*i, k_int});
            else if (const bool* b = std::get_if<bool>(&item.constant)) out.push_back(boolean(*b));
            else return std::nullopt;
        }
        return out;
    }
    if (const cel::Value* p = parameter(e)) {
        if (p->is_list()) {
            for (const auto& item : p->as_list()) out.push_back(constant_cell(item, e));
            return out;
        }
        if (p->is_map()) {
            for (const auto& [k, v] : p->as_map().entries()) out.push_back(constant_cell(k, e));
            return out;
        }
    }
    return std::nullopt;
}

NodePtr Impl::membership(const Expr& e) {
    const Expr& x = e.args[0];
    const Expr& y = e.args[1];
    // 'value' in applicant.list_of_categories
    if (auto slot = fact_slot(y)) {
        const FastFact& f = facts[*slot];
        const auto* s = x.kind == ExprKind::constant ? std::get_if<std::string>(&x.constant) : nullptr;
        if (f.kind != FactKind::category_list || !s) unsupported(e, "membership in a list fact");
        return std::make_unique<ListAny>(*slot, f.column, position_mask(f.category, {intern(*s)}));
    }
    auto members = constant_members(y);
    if (!members) unsupported(e, "membership in a list built at run time");
    const cel::TypeKind xk = type(x).kind;
    if (xk != cel::TypeKind::string && xk != cel::TypeKind::int_) unsupported(e, "membership of this type");
    const std::uint8_t kind = xk == cel::TypeKind::string ? k_str : k_int;
    std::vector<std::int64_t> values;
    for (const Cell& m : *members) {
        if (m.kind == kind) values.push_back(m.v);  // other kinds never equal the value
    }
    std::sort(values.begin(), values.end());
    if (auto slot = fact_slot(x); slot && facts[*slot].kind == FactKind::category) {
        return std::make_unique<CategoryIn>(*slot, facts[*slot].column, position_mask(facts[*slot].category, values));
    }
    auto node = std::make_unique<InSet>();
    node->value = compile(x);
    node->members = std::move(values);
    return node;
}

NodePtr Impl::lookup(const Expr& e) {
    const cel::Value* p = parameter(e.args[0]);
    if (!p || !p->is_map()) unsupported(e, "indexing other than a parameter map");
    if (type(e.args[1]).kind != cel::TypeKind::string) unsupported(e, "a map key that is not a string");
    std::vector<std::pair<std::int64_t, Cell>> entries;
    for (const auto& [k, v] : p->as_map().entries()) {
        if (!k.is_string()) unsupported(e, "a map with keys that are not strings");
        entries.emplace_back(intern(std::string(k.as_string())), constant_cell(v, e));
    }
    auto node = std::make_unique<MapLookup>();
    node->key = compile(e.args[1]);
    node->table.assign(strings.size(), fail_cell);
    for (const auto& [k, v] : entries) node->table[static_cast<std::size_t>(k)] = v;
    return node;
}

// Where a string id stands in a category's values; -1 if it is not one of them.
std::int64_t Impl::position_in(std::size_t category, std::int64_t id) const {
    const auto& ids = categories[category].ids;
    const auto it = std::find(ids.begin(), ids.end(), id);
    return it == ids.end() ? -1 : it - ids.begin();
}

std::uint64_t Impl::position_mask(std::size_t category, const std::vector<std::int64_t>& ids) const {
    std::uint64_t mask = 0;
    const auto& values = categories[category].ids;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (std::find(ids.begin(), ids.end(), values[i]) != ids.end()) mask |= std::uint64_t{1} << i;
    }
    return mask;
}

// The positions of a category for which a predicate over the iteration variable holds:
// `h in [...]`, `h == '…'`, `h != '…'`, `!p`, `p && q`, `p || q`.
std::uint64_t Impl::predicate_mask(const Expr& p, const std::string& var, std::size_t category) {
    const std::uint64_t all = categories[category].ids.size() == 64
                                  ? ~std::uint64_t{0}
                                  : (std::uint64_t{1} << categories[category].ids.size()) - 1;
    auto is_var = [&](const Expr& x) { return x.kind == ExprKind::ident && x.name == var; };
    if (is_call(p, FastOp::logical_not)) return all & ~predicate_mask(p.args[0], var, category);
    if (is_call(p, FastOp::logical_and)) {
        return predicate_mask(p.args[0], var, category) & predicate_mask(p.args[1], var, category);
    }
    if (is_call(p, FastOp::logical_or)) {
        return predicate_mask(p.args[0], var, category) | predicate_mask(p.args[1], var, category);
    }
    if (is_call(p, FastOp::equals) || is_call(p, FastOp::not_equals)) {
        const Expr* k = is_var(p.args[0]) ? &p.args[1] : is_var(p.args[1]) ? &p.args[0] : nullptr;
        const auto* s = k && k->kind == ExprKind::constant ? std::get_if<std::string>(&k->constant) : nullptr;
        if (!s) unsupported(p, "this condition on list elements");
        const std::uint64_t m = position_mask(category, {intern(*s)});
        return is_call(p, FastOp::equals) ? m : all & ~m;
    }
    if (is_call(p, FastOp::in) && is_var(p.args[0])) {
        auto members = constant_members(p.args[1]);
        if (!members) unsupported(p, "this condition on list elements");
        std::vector<std::int64_t> ids;
        for (const Cell& c : *members) {
            if (c.kind == k_str) ids.push_back(c.v);
        }
        return position_mask(category, ids);
    }
    unsupported(p, "this condition on list elements");
}

NodePtr Impl::comprehension(const Expr& e) {
    const cel::Comprehension& c = *e.comprehension;
    if (c.macro != cel::Macro::exists && c.macro != cel::Macro::all) unsupported(e, "this macro");
    auto slot = fact_slot(c.iter_range);
    if (!slot || facts[*slot].kind != FactKind::category_list) unsupported(e, "a macro over other than a list fact");
    // The macros' loop step is `@result || body` (exists) or `@result && body` (all).
    if (c.loop_step.kind != ExprKind::call || c.loop_step.args.size() != 2) unsupported(e, "this macro");
    const std::uint64_t mask = predicate_mask(c.loop_step.args[1], c.iter_var, facts[*slot].category);
    if (c.macro == cel::Macro::exists) return std::make_unique<ListAny>(*slot, facts[*slot].column, mask);
    return std::make_unique<ListAll>(*slot, facts[*slot].column, mask);
}

}  // namespace talentrules::rules
