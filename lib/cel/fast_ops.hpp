#pragma once
// The one table of the operators and functions the fast paths understand: the general
// compiler's specialised nodes (lib/cel/program_compile.cpp) and the value plan's typed
// nodes (lib/rules/value_plan/build.cpp). Both look names up here and switch on FastOp;
// neither compares names itself. A language change starts with an entry here, and
// tests/cel/fast_ops_test.cpp fails when a path's behaviour disagrees with its entry.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace talentrules::cel {

enum class FastOp : std::uint8_t {
    logical_and,
    logical_or,
    logical_not,
    not_strictly_false,
    conditional,
    negate,
    equals,
    not_equals,
    less,
    less_equals,
    greater,
    greater_equals,
    in,
    index,
    add,
    subtract,
    multiply,
    divide,
    modulo,
    min,
    max,
    dyn,
    int_conversion,
};

struct FastOpInfo {
    FastOp op;
    std::string_view name;   ///< the CEL overload or operator name (cel::op::…, or the function)
    std::uint8_t arity;      ///< the argument count both paths expect
    std::string_view program;     ///< the general compiler's specialised node; empty: a general call
    std::string_view value_plan;  ///< the value plan's typed node(s); empty: the plan declines it
    std::string_view why;         ///< when a path lacks it: why that is fine
};

/// Every entry, in FastOp order.
std::span<const FastOpInfo> fast_ops();
const FastOpInfo& fast_op_info(FastOp op);
/// The entry named `name`, whatever the argument count.
std::optional<FastOp> find_fast_op(std::string_view name);
/// The entry for a call `name` with `arity` arguments; nullopt for any other call.
std::optional<FastOp> find_fast_op(std::string_view name, std::size_t arity);

}  // namespace talentrules::cel
