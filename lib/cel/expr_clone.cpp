#include "cel/expr_clone.hpp"

#include <memory>

namespace talentrules::cel::detail {

Expr clone(const Expr& e) {
    Expr c;
    c.id = e.id;
    c.kind = e.kind;
    c.constant = e.constant;
    c.name = e.name;
    c.member_call = e.member_call;
    c.test_only = e.test_only;
    c.optional_indices = e.optional_indices;
    for (const auto& a : e.args) c.args.push_back(clone(a));
    if (e.comprehension) {
        auto k = std::make_unique<Comprehension>();
        k->macro = e.comprehension->macro;
        k->iter_var = e.comprehension->iter_var;
        k->iter_var2 = e.comprehension->iter_var2;
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

}  // namespace talentrules::cel::detail
