// Dependency graph (Boost.Graph): topological order of definitions and cycles with
// their whole path.

#include "rules/check/graph.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "cel/resolve.hpp"
#include "diagnostics/catalogue.hpp"

namespace talentrules::rules::detail {

std::size_t DependencyGraph::node_of(NodeKind kind, const std::string& name) {
    auto key = std::pair{kind, name};
    if (auto it = node_index_.find(key); it != node_index_.end()) return it->second;
    node_index_.emplace(std::move(key), nodes_.size());
    nodes_.push_back({kind, name});
    return nodes_.size() - 1;
}

void DependencyGraph::add_uses(const cel::Expr& e, std::size_t from, const Expression& source) {
    std::vector<std::string> locals;
    collect(e, locals, from, source);
}

void DependencyGraph::collect(const cel::Expr& e, std::vector<std::string>& locals, std::size_t from,
                              const Expression& src) {
    using cel::ExprKind;
    if (e.kind == ExprKind::ident || e.kind == ExprKind::select) {
        std::string root;
        if (auto q = cel::detail::qualified_name(e, &root)) {
            if (std::find(locals.begin(), locals.end(), root) == locals.end()) {
                if (q->starts_with("params.")) {
                    auto rest = q->substr(7);
                    auto name = rest.substr(0, rest.find('.'));
                    if (auto it = node_index_.find({NodeKind::parameter, name}); it != node_index_.end()) {
                        uses_.push_back({from, it->second, src.location});
                    }
                } else if (auto it = node_index_.find({NodeKind::definition, root}); it != node_index_.end()) {
                    uses_.push_back({from, it->second, src.location});
                }
                return;
            }
        }
    }
    if (e.kind == ExprKind::comprehension) {
        const auto& c = *e.comprehension;
        collect(c.iter_range, locals, from, src);
        collect(c.accu_init, locals, from, src);
        locals.push_back(c.iter_var);
        locals.push_back(c.accu_var);
        collect(c.loop_condition, locals, from, src);
        collect(c.loop_step, locals, from, src);
        collect(c.result, locals, from, src);
        locals.pop_back();
        locals.pop_back();
        return;
    }
    for (const auto& a : e.args) collect(a, locals, from, src);
}

bool DependencyGraph::used(NodeKind kind, const std::string& name) const {
    const auto it = node_index_.find({kind, name});
    if (it == node_index_.end()) return false;
    return std::any_of(uses_.begin(), uses_.end(), [&](const Use& u) { return u.to == it->second && u.from != u.to; });
}

std::optional<std::vector<std::size_t>> DependencyGraph::definition_order(const Pack& pack, Diagnostics& diags) const {
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
    Graph g(nodes_.size());
    for (const auto& u : uses_) {
        if (u.from != u.to || nodes_[u.from].kind == NodeKind::definition) boost::add_edge(u.from, u.to, g);
    }
    struct CycleFinder : boost::default_dfs_visitor {
        std::vector<std::size_t>* stack;
        std::vector<std::vector<std::size_t>>* cycles;
        void discover_vertex(Graph::vertex_descriptor v, const Graph&) { stack->push_back(v); }
        void finish_vertex(Graph::vertex_descriptor, const Graph&) { stack->pop_back(); }
        void back_edge(Graph::edge_descriptor e, const Graph& g) {
            const auto to = boost::target(e, g);
            auto it = std::find(stack->begin(), stack->end(), to);
            std::vector<std::size_t> cycle(it, stack->end());
            cycle.push_back(to);
            cycles->push_back(std::move(cycle));
        }
    };
    std::vector<std::size_t> stack;
    std::vector<std::vector<std::size_t>> cycles;
    CycleFinder finder;
    finder.stack = &stack;
    finder.cycles = &cycles;
    boost::depth_first_search(g, boost::visitor(finder));

    // First declaration wins, as for every other lookup by name (a repeat is TR3005).
    std::map<std::string, std::size_t> definition_index;
    for (std::size_t i = 0; i < pack.definitions.size(); ++i) definition_index.emplace(pack.definitions[i].name, i);
    for (const auto& cycle : cycles) report_cycle(cycle, pack, definition_index, diags);
    if (!cycles.empty()) return std::nullopt;

    std::vector<Graph::vertex_descriptor> order;
    boost::topological_sort(g, std::back_inserter(order));  // dependencies first
    std::vector<std::size_t> out;
    for (auto v : order) {
        if (nodes_[v].kind == NodeKind::definition) out.push_back(definition_index.at(nodes_[v].name));
    }
    return out;
}

void DependencyGraph::report_cycle(const std::vector<std::size_t>& cycle, const Pack& pack,
                                   const std::map<std::string, std::size_t>& definition_index,
                                   Diagnostics& diags) const {
    std::string path;
    for (std::size_t i = 0; i < cycle.size(); ++i) path += (i ? " -> " : "") + nodes_[cycle[i]].name;
    const auto& first = pack.definitions[definition_index.at(nodes_[cycle[0]].name)];
    std::string steps;
    for (std::size_t i = 0; i + 1 < cycle.size(); ++i) {
        for (const auto& u : uses_) {
            if (u.from == cycle[i] && u.to == cycle[i + 1]) {
                steps += fmt::format("; {} uses {} at {}:{}:{}", nodes_[cycle[i]].name, nodes_[cycle[i + 1]].name,
                                     u.where.file, u.where.position.line, u.where.position.column);
                break;
            }
        }
    }
    diags.push_back(diagnostics::make_diagnostic("TR4001", "cycle", {path, steps}, first.location.file,
                                                 first.location.position));
}

std::string DependencyGraph::dot() const {
    std::string out = "digraph pack {\n  rankdir=LR;\n  node [fontname=\"sans-serif\"];\n";
    // By NodeKind: the label's kind and the node's shape.
    constexpr std::string_view kind_name[] = {"parameter", "definition", "measure", "ranking"};
    constexpr std::string_view shape[] = {"note", "ellipse", "box", "hexagon"};
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        const auto k = static_cast<std::size_t>(nodes_[i].kind);
        out += fmt::format("  n{} [label=\"{}\\n({})\", shape={}];\n", i, nodes_[i].name, kind_name[k], shape[k]);
    }
    std::set<std::pair<std::size_t, std::size_t>> edges;
    for (const auto& u : uses_) edges.emplace(u.from, u.to);
    for (const auto& [a, b] : edges) out += fmt::format("  n{} -> n{};\n", b, a);
    out += "}\n";
    return out;
}

}  // namespace talentrules::rules::detail
