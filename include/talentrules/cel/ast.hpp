#pragma once
/// The parsed CEL expression tree: plain data, no Boost types.
///
/// Every node has an id (1, 2, 3, … in creation order) that indexes the source-range
/// table of its ParsedExpr, the checker's type table and the compiled program, so
/// errors and explanations point back at the text. Macros (has, all, exists,
/// exists_one, map, filter) are expanded by the parser into Select/Comprehension
/// nodes as cel-spec describes; the Comprehension remembers which macro made it.
/// Thread-safe: plain values (move-only).

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "talentrules/diagnostic.hpp"

namespace talentrules::cel {

using ExprId = std::int64_t;

struct NullConstant {
    friend bool operator==(const NullConstant&, const NullConstant&) = default;
};
struct BytesConstant {
    std::string data;
    friend bool operator==(const BytesConstant&, const BytesConstant&) = default;
};

/// A literal: null, bool, int, uint, double, string (UTF-8) or bytes.
using Constant = std::variant<NullConstant, bool, std::int64_t, std::uint64_t, double,
                              std::string, BytesConstant>;

enum class ExprKind : std::uint8_t {
    constant,       ///< `constant`
    ident,          ///< `name` (may start with '.' for a root-scoped name: `.y`)
    select,         ///< `args[0].name`; `test_only` for has(args[0].name)
    call,           ///< `name(args...)`, or `args[0].name(args[1..])` when `member_call`
    list,           ///< `[args...]`
    map,            ///< `{args[0]: args[1], args[2]: args[3], ...}`
    comprehension,  ///< `comprehension` (from a macro)
};

/// Which macro produced a comprehension; `none` for a hand-built one.
enum class Macro : std::uint8_t {
    none, all, exists, exists_one, map, map_filter, filter,
    bind,                                                     ///< cel.bind(var, init, body)
    all2, exists2, exists_one2,                               ///< all(k, v, p) ...
    transform_list, transform_map, transform_map_entry,       ///< two-variable transforms
    opt_map, opt_flat_map                                     ///< optional.optMap(v, e) ...
};

struct Comprehension;

struct Expr {
    ExprId id = 0;
    ExprKind kind = ExprKind::constant;
    Constant constant;
    std::string name;
    std::vector<Expr> args;
    bool member_call = false;
    bool test_only = false;
    /// list: indices of `?x` elements; map: indices of `?k: v` entries (entry i is args
    /// 2i, 2i+1). Such an element's value is an optional, left out when empty.
    std::vector<std::uint32_t> optional_indices;
    std::unique_ptr<Comprehension> comprehension;
};

/// cel-spec's comprehension:
///   accu = accu_init
///   for iter_var in iter_range:            (map: iterates keys; with iter_var2, the
///                                           index/key and iter_var2 the element/value)
///     if !loop_condition: break
///     accu = loop_step
///   return result
/// The parser's macros use accu_var "@result".
struct Comprehension {
    Macro macro = Macro::none;
    std::string iter_var;
    std::string iter_var2;  ///< two-variable forms: the value (iter_var is index or key)
    std::string accu_var;
    Expr iter_range;
    Expr accu_init;
    Expr loop_condition;
    Expr loop_step;
    Expr result;
};

/// A parse result: the tree, the source it came from, and each node's byte range.
struct ParsedExpr {
    Expr root;
    std::string source;
    std::vector<Range> ranges;  ///< indexed by ExprId; ranges[0] unused
    ExprId max_id() const { return static_cast<ExprId>(ranges.size()) - 1; }
};

/// Names of the operators as call names (cel-spec's internal names).
namespace op {
inline constexpr const char* conditional = "_?_:_";
inline constexpr const char* logical_and = "_&&_";
inline constexpr const char* logical_or = "_||_";
inline constexpr const char* logical_not = "!_";
inline constexpr const char* negate = "-_";
inline constexpr const char* equals = "_==_";
inline constexpr const char* not_equals = "_!=_";
inline constexpr const char* less = "_<_";
inline constexpr const char* less_equals = "_<=_";
inline constexpr const char* greater = "_>_";
inline constexpr const char* greater_equals = "_>=_";
inline constexpr const char* in = "@in";
inline constexpr const char* add = "_+_";
inline constexpr const char* subtract = "_-_";
inline constexpr const char* multiply = "_*_";
inline constexpr const char* divide = "_/_";
inline constexpr const char* modulo = "_%_";
inline constexpr const char* index = "_[_]";
/// `m.?f` (the field name is a string constant argument) and `l[?i]`: optional values.
inline constexpr const char* optional_select = "_?._";
inline constexpr const char* optional_index = "_[?_]";
/// Used by the all/exists macros' loop condition: true unless the value is `false`.
inline constexpr const char* not_strictly_false = "@not_strictly_false";
}  // namespace op

}  // namespace talentrules::cel
