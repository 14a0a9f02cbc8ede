#include "cel/fast_ops.hpp"

#include <array>

#include "talentrules/cel/ast.hpp"

namespace talentrules::cel {

namespace {

constexpr std::string_view general_call = "not specialised: the general call dispatches it by overload";
constexpr std::string_view arithmetic_why =
    "not specialised: the general call dispatches it by overload (map/filter only "
    "recognise the `@result + [x]` of their expansion)";

constexpr std::array<FastOpInfo, 23> table = {{
    {FastOp::logical_and, op::logical_and, 2, "AndOrNode", "Logic<true>", {}},
    {FastOp::logical_or, op::logical_or, 2, "AndOrNode", "Logic<false>", {}},
    {FastOp::logical_not, op::logical_not, 1, {}, "Not, FactNot",
     general_call},
    {FastOp::not_strictly_false, op::not_strictly_false, 1, "NotStrictlyFalseNode",
     "ListAll, ListAny (the all/exists macro compiled whole)", {}},
    {FastOp::conditional, op::conditional, 3, "ConditionalNode", "Conditional", {}},
    {FastOp::negate, op::negate, 1, {}, "Negate",
     general_call},
    {FastOp::equals, op::equals, 2, "IntCompareNode", "Equality, FactCompareConst", {}},
    {FastOp::not_equals, op::not_equals, 2, "IntCompareNode", "Equality, FactCompareConst", {}},
    {FastOp::less, op::less, 2, "IntCompareNode, EnumCompareNode", "Compare, RankCompare, FactCompareConst", {}},
    {FastOp::less_equals, op::less_equals, 2, "IntCompareNode, EnumCompareNode",
     "Compare, RankCompare, FactCompareConst", {}},
    {FastOp::greater, op::greater, 2, "IntCompareNode, EnumCompareNode",
     "Compare, RankCompare, FactCompareConst", {}},
    {FastOp::greater_equals, op::greater_equals, 2, "IntCompareNode, EnumCompareNode",
     "Compare, RankCompare, FactCompareConst", {}},
    {FastOp::in, op::in, 2, "InStringsNode", "InSet, CategoryIn, ListAny", {}},
    {FastOp::index, op::index, 2, {}, "MapLookup",
     general_call},
    {FastOp::add, op::add, 2, {}, "Arithmetic", arithmetic_why},
    {FastOp::subtract, op::subtract, 2, {}, "Arithmetic", arithmetic_why},
    {FastOp::multiply, op::multiply, 2, {}, "Arithmetic", arithmetic_why},
    {FastOp::divide, op::divide, 2, {}, "Arithmetic", arithmetic_why},
    {FastOp::modulo, op::modulo, 2, {}, "Arithmetic", arithmetic_why},
    {FastOp::min, "min", 2, {}, "Arithmetic", arithmetic_why},
    {FastOp::max, "max", 2, {}, "Arithmetic", arithmetic_why},
    {FastOp::dyn, "dyn", 1, {}, "the operand itself", general_call},
    {FastOp::int_conversion, "int", 1, {}, "the operand itself, when already an int",
     general_call},
}};

constexpr bool in_enum_order() {
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (static_cast<std::size_t>(table[i].op) != i) return false;
    }
    return true;
}
static_assert(in_enum_order(), "fast_op_info indexes the table by FastOp");

}  // namespace

std::span<const FastOpInfo> fast_ops() { return table; }

const FastOpInfo& fast_op_info(FastOp op) { return table[static_cast<std::size_t>(op)]; }

std::optional<FastOp> find_fast_op(std::string_view name) {
    for (const FastOpInfo& info : table) {
        if (info.name == name) return info.op;
    }
    return std::nullopt;
}

std::optional<FastOp> find_fast_op(std::string_view name, std::size_t arity) {
    const auto op = find_fast_op(name);
    if (op && fast_op_info(*op).arity == arity) return op;
    return std::nullopt;
}

}  // namespace talentrules::cel
