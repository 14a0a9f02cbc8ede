// Logical NOT (!_). `&&`, `||` and `?:` are not functions: the evaluator handles them,
// since they absorb errors and unknowns.

#include "cel/functions/families.hpp"
#include "talentrules/cel/ast.hpp"

namespace talentrules::cel {

void register_logic(FunctionRegistry& r) {
    r.add_global(op::logical_not, [](bool b) { return !b; }, "logical negation");
}

}  // namespace talentrules::cel
