#pragma once
// The compiled form: a tree of closures, one node per AST node that survives constant
// folding. Nodes are immutable; per-evaluation state lives in Frame.

#include <cstdint>
#include <memory>
#include <vector>

#include "talentrules/cel/program.hpp"

namespace talentrules::cel::detail {

struct Frame {
    const Activation& activation;
    Value* locals;
    const EvalLimits& limits;
    std::uint64_t cost = 0;

    // Returns false once the cost budget is spent.
    bool charge(std::uint64_t units = 1) {
        cost += units;
        return cost <= limits.max_cost;
    }
};

struct Node {
    ExprId id = 0;
    virtual ~Node() = default;
    virtual Value eval(Frame& frame) const = 0;
    /// A constant node's value, for folding; nullptr otherwise.
    virtual const Value* constant() const { return nullptr; }
    /// The value without copying it, where the node can lend it (constants, bound
    /// variables); nullptr means "call eval".
    virtual const Value* borrow(Frame&) const { return nullptr; }
};

using NodePtr = std::unique_ptr<Node>;

Value cost_exceeded(const Frame& frame);

}  // namespace talentrules::cel::detail
