// Program and Activation: compile (program_compile.cpp builds the tree of eval_nodes.hpp)
// and evaluate. Error and unknown values follow cel-spec: strict calls return the merged unknowns of
// their arguments, else the first error; &&, || and ?: absorb them where the other
// operand decides.

#include "talentrules/cel/program.hpp"

#include <fmt/format.h>

#include <array>

#include "cel/eval_nodes.hpp"
#include "cel/resolve.hpp"
#include "talentrules/cel/parser.hpp"

namespace talentrules::cel {

using detail::Frame;
using detail::Node;
using detail::NodePtr;

namespace detail {
Value cost_exceeded(const Frame& frame) {
    return Value::error(
        fmt::format("evaluation cost limit exceeded ({} units)", frame.limits.max_cost));
}
}  // namespace detail

// --- Activation ---------------------------------------------------------------------

Activation::Activation(std::shared_ptr<const Env> env) : env_(std::move(env)) {
    const std::size_t n = env_ ? env_->variables().size() : 0;
    slots_.resize(n);
    bound_.assign(n, 0);
}

bool Activation::set(std::string_view name, Value value) {
    if (!env_) return false;
    const Variable* v = env_->find_variable(name);
    if (!v) return false;
    set(v->slot, std::move(value));
    return true;
}

Value Activation::lookup(std::uint32_t slot) const {
    if (bound_[slot]) return slots_[slot];
    if (resolver_) {
        if (auto v = resolver_->resolve(slot)) return std::move(*v);
    }
    const std::string& name = env_->variables()[slot].name;
    if (missing_unknown_) return Value::unknown({name});
    return Value::error(fmt::format("no such attribute: {}", name));
}

void Activation::clear() {
    for (auto& s : slots_) s = Value();
    std::fill(bound_.begin(), bound_.end(), 0);
}

// --- Program ------------------------------------------------------------------------

Program::Program() : impl_(std::make_unique<Impl>()) {}
Program::~Program() = default;

CompileResult Program::compile(CheckedExpr checked, std::shared_ptr<const Env> env,
                               const CompileOptions& options) {
    std::unique_ptr<Program> p(new Program());
    p->env_ = env;
    p->result_type_ = checked.result_type();
    auto tree = detail::compile_tree(checked.parsed.root, *env, &checked, options);
    p->impl_->root = std::move(tree.root);
    p->impl_->locals = tree.locals;
    p->source_ = std::move(checked.parsed);
    CompileResult result;
    result.program = std::move(p);
    return result;
}

CompileResult Program::compile_unchecked(ParsedExpr parsed, std::shared_ptr<const Env> env,
                                         const CompileOptions& options) {
    std::unique_ptr<Program> p(new Program());
    p->env_ = env;
    p->result_type_ = Type::dyn();
    detail::resolve_namespaced_calls(parsed.root, *env);
    auto tree = detail::compile_tree(parsed.root, *env, nullptr, options);
    p->impl_->root = std::move(tree.root);
    p->impl_->locals = tree.locals;
    p->source_ = std::move(parsed);
    CompileResult result;
    result.program = std::move(p);
    return result;
}

bool Program::is_constant() const { return impl_->root->constant() != nullptr; }

Value Program::evaluate(const Activation& activation, const EvalLimits& limits) const {
    constexpr std::uint32_t inline_locals = 8;
    if (impl_->locals <= inline_locals) {
        std::array<Value, inline_locals> locals;
        Frame frame{activation, locals.data(), limits};
        return impl_->root->eval(frame);
    }
    std::vector<Value> locals(impl_->locals);
    Frame frame{activation, locals.data(), limits};
    return impl_->root->eval(frame);
}

CompileResult compile(std::string_view text, std::shared_ptr<const Env> env) {
    CompileResult result;
    auto parsed = parse(text);
    if (!parsed.ok()) {
        result.diagnostics = std::move(parsed.diagnostics);
        return result;
    }
    auto checked = check(std::move(*parsed.expr), *env);
    if (!checked.ok()) {
        result.diagnostics = std::move(checked.diagnostics);
        return result;
    }
    result = Program::compile(std::move(*checked.expr), std::move(env));
    for (auto& d : checked.diagnostics) result.diagnostics.push_back(std::move(d));
    return result;
}

}  // namespace talentrules::cel
