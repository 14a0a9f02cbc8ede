#pragma once
// The pack's dependency graph: which parameters and definitions each definition,
// measure and ranking reads, with the position of each use. Private to lib/.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "talentrules/cel/ast.hpp"
#include "talentrules/diagnostic.hpp"
#include "talentrules/rules/pack.hpp"

namespace talentrules::rules::detail {

enum class NodeKind : std::uint8_t { parameter, definition, measure, ranking };

struct GraphNode {
    NodeKind kind;
    std::string name;
};

struct Use {
    std::size_t from, to;  ///< `from` uses `to`
    Location where;
};

class DependencyGraph {
public:
    /// The node of `kind` named `name`, added on first mention.
    std::size_t node_of(NodeKind kind, const std::string& name);
    /// Records what `e` (the parsed text of `source`, an expression of node `from`) reads:
    /// definitions by bare name and parameters as `params.x`; comprehension variables shadow.
    void add_uses(const cel::Expr& e, std::size_t from, const Expression& source);
    /// Whether anything other than itself uses the node.
    bool used(NodeKind kind, const std::string& name) const;
    /// Definition indexes (into `pack.definitions`), dependencies first; nullopt after
    /// reporting each cycle (TR4001) with its whole path and the position of every step.
    std::optional<std::vector<std::size_t>> definition_order(const Pack& pack, Diagnostics& diags) const;
    /// Graphviz dot, arrows from what is used to its user.
    std::string dot() const;

private:
    void collect(const cel::Expr& e, std::vector<std::string>& locals, std::size_t from, const Expression& source);
    void report_cycle(const std::vector<std::size_t>& cycle, const Pack& pack,
                      const std::map<std::string, std::size_t>& definition_index, Diagnostics& diags) const;

    std::vector<GraphNode> nodes_;
    std::map<std::pair<NodeKind, std::string>, std::size_t> node_index_;
    std::vector<Use> uses_;
};

}  // namespace talentrules::rules::detail
