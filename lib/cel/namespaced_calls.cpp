// Namespaced functions (`math.greatest`, `base64.decode`, `optional.of`): the parser sees
// a receiver-style call on the name `math`; this pass turns it into the global call when
// the Env declares one and the name is not a local or a variable (see resolve.hpp).

#include <algorithm>

#include "cel/resolve.hpp"

namespace talentrules::cel::detail {
namespace {

class Rewriter {
public:
    explicit Rewriter(const Env& env) : env_(env) {}

    void visit(Expr& e) {
        if (e.kind == ExprKind::call && e.member_call && !e.args.empty()) rewrite(e);
        for (auto& a : e.args) visit(a);
        if (!e.comprehension) return;
        Comprehension& c = *e.comprehension;
        visit(c.iter_range);
        visit(c.accu_init);
        // The variables are in scope in the rest (an over-approximation for the result,
        // which only sees the accumulator: harmless, a local named like a namespace stays a
        // receiver).
        const std::size_t mark = locals_.size();
        locals_.push_back(c.accu_var);
        locals_.push_back(c.iter_var);
        if (!c.iter_var2.empty()) locals_.push_back(c.iter_var2);
        visit(c.loop_condition);
        visit(c.loop_step);
        visit(c.result);
        locals_.resize(mark);
    }

private:
    void rewrite(Expr& e) {
        std::string root;
        auto target = qualified_name(e.args[0], &root);
        if (!target) return;
        if (!root.empty() && root.front() == '.') {
            root.erase(0, 1);
            target->erase(0, 1);
        } else if (std::find(locals_.begin(), locals_.end(), root) != locals_.end()) {
            return;
        }
        if (resolve_variable(e.args[0], env_, locals_)) return;
        std::string full = *target + "." + e.name;
        bool global = false;
        for (const Overload* o : env_.functions().find(full)) global |= !o->member;
        if (!global) return;
        e.name = std::move(full);
        e.member_call = false;
        e.args.erase(e.args.begin());
    }

    const Env& env_;
    std::vector<std::string> locals_;
};

}  // namespace

void resolve_namespaced_calls(Expr& root, const Env& env) {
    Rewriter r(env);
    r.visit(root);
}

}  // namespace talentrules::cel::detail
