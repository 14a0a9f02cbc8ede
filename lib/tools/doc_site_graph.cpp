// The pack's dependency graph for `talentrules graph` and the documentation site: built
// from the parsed Pack (public data), so it shows facts and rankings' measures too, with
// titles, and can be cut down to one measure.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

#include "text/escape.hpp"
#include "talentrules/cel/parser.hpp"
#include "talentrules/rules/doc_site.hpp"
#include "tools/doc_site.hpp"

namespace talentrules::rules::doc {
namespace {

// Collects what `e` reads; `locals` are the comprehension variables in scope.
void collect(const cel::Expr& e, std::vector<std::string>& locals, const std::function<void(Kind, const std::string&)>& on) {
    const auto local = [&](const std::string& n) { return std::find(locals.begin(), locals.end(), n) != locals.end(); };
    // Parameters are read as params.x, facts as applicant.x (an object's field through it).
    if (e.kind == cel::ExprKind::select && !e.args.empty() && e.args[0].kind == cel::ExprKind::ident &&
        (e.args[0].name == "params" || e.args[0].name == "applicant") && !local(e.args[0].name)) {
        on(e.args[0].name == "params" ? Kind::parameter : Kind::fact, e.name);
        return;
    }
    if (e.kind == cel::ExprKind::ident) {
        if (!local(e.name)) on(Kind::definition, e.name);
        return;
    }
    if (e.kind == cel::ExprKind::comprehension && e.comprehension) {
        const auto& c = *e.comprehension;
        collect(c.iter_range, locals, on);
        collect(c.accu_init, locals, on);
        const std::size_t before = locals.size();
        for (const auto* v : {&c.iter_var, &c.iter_var2, &c.accu_var}) {
            if (!v->empty()) locals.push_back(*v);
        }
        collect(c.loop_condition, locals, on);
        collect(c.loop_step, locals, on);
        collect(c.result, locals, on);
        locals.resize(before);
        return;
    }
    for (const auto& a : e.args) collect(a, locals, on);
}

}  // namespace

std::string_view folder(Kind kind) {
    constexpr std::string_view names[] = {"facts", "parameters", "definitions", "measures", "rankings"};
    return names[static_cast<std::size_t>(kind)];
}

std::string file_name(std::string_view name) {
    std::string out;
    for (const char ch : name) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '_' || c == '-' || (c == '.' && !out.empty())) {
            out += ch;
        } else {
            out += fmt::format("_{:02X}", c);
        }
    }
    return out.empty() ? "_" : out;
}

std::string html(std::string_view s) { return text::markup_escape(s); }

PackGraph::PackGraph(const Pack& pack) {
    for (const auto& f : pack.schema) add(Kind::fact, f.name, &f.label);
    for (const auto& p : pack.parameters) add(Kind::parameter, p.name, &p.title);
    for (const auto& d : pack.definitions) add(Kind::definition, d.name, &d.title);
    for (const auto& m : pack.measures) add(Kind::measure, m.id, &m.title);
    for (const auto& r : pack.rankings) add(Kind::ranking, r.id, &r.title);
    for (const auto& d : pack.definitions) {
        const std::size_t n = find(Kind::definition, d.name);
        add_reads(n, d.value);
        for (const auto& row : d.table) {
            add_reads(n, row.when);
            add_reads(n, row.then);
        }
    }
    for (const auto& m : pack.measures) {
        const std::size_t n = find(Kind::measure, m.id);
        if (m.applies_to) add_reads(n, m.applies_to->when);
        for (const auto* list : {&m.requires_, &m.refer}) {
            for (const auto& c : *list) {
                add_reads(n, c.when);
                add_reads(n, c.recheck);
            }
        }
        add_reads(n, m.amount);
        add_reads(n, m.months);
        for (const auto& s : m.services) add_reads(n, s.when);
    }
    for (const auto& r : pack.rankings) {
        const std::size_t n = find(Kind::ranking, r.id);
        for (const auto& part : r.score) add_reads(n, part.value);
        add_reads(n, r.tie_break);
        add_reads(n, r.pool);
        if (const std::size_t m = find(Kind::measure, r.measure); m != npos) {
            reads_[n].insert(m);
            readers_[m].insert(n);
        }
    }
}

std::size_t PackGraph::add(Kind kind, const std::string& name, const Text* title) {
    auto [it, fresh] = index_.emplace(std::pair{kind, name}, nodes_.size());
    if (!fresh) return it->second;  // a repeated name is the checker's TR3005; the first wins
    nodes_.push_back({kind, name, title});
    reads_.emplace_back();
    readers_.emplace_back();
    return it->second;
}

std::size_t PackGraph::find(Kind kind, std::string_view name) const {
    const auto it = index_.find(std::pair{kind, std::string(name)});
    return it == index_.end() ? npos : it->second;
}

void PackGraph::add_reads(std::size_t from, const Expression& e) {
    if (e.empty() || from == npos) return;
    auto parsed = cel::parse(e.text);
    if (!parsed.ok()) return;  // a pack that loaded has none; nothing to draw otherwise
    std::vector<std::string> locals;
    collect(parsed.expr->root, locals, [&](Kind kind, const std::string& name) {
        const std::size_t to = find(kind, name);
        if (to == npos || to == from) return;
        reads_[from].insert(to);
        readers_[to].insert(from);
    });
}

std::set<std::size_t> PackGraph::closure(std::size_t n) const {
    std::set<std::size_t> seen{n};
    std::vector<std::size_t> todo{n};
    while (!todo.empty()) {
        const std::size_t at = todo.back();
        todo.pop_back();
        for (const std::size_t r : reads_[at]) {
            // A ranking reads its measure; the measure's own inputs are not the ranking's.
            if (nodes_[at].kind == Kind::ranking && nodes_[r].kind == Kind::measure) {
                seen.insert(r);
                continue;
            }
            if (seen.insert(r).second) todo.push_back(r);
        }
    }
    return seen;
}

std::set<std::size_t> PackGraph::reverse_closure(std::size_t n) const {
    std::set<std::size_t> seen;
    std::vector<std::size_t> todo{n};
    while (!todo.empty()) {
        const std::size_t at = todo.back();
        todo.pop_back();
        for (const std::size_t r : readers_[at]) {
            if (seen.insert(r).second && nodes_[r].kind == Kind::definition) todo.push_back(r);
        }
    }
    return seen;
}

}  // namespace talentrules::rules::doc

namespace talentrules::rules {

std::string graph_dot(const Pack& pack, const GraphOptions& options) {
    using doc::Kind;
    const doc::PackGraph g(pack);
    std::set<std::size_t> shown;
    if (options.measure.empty()) {
        for (std::size_t i = 0; i < g.nodes().size(); ++i) shown.insert(i);
    } else if (const std::size_t m = g.find(Kind::measure, options.measure); m != doc::npos) {
        shown = g.closure(m);
        for (const std::size_t r : g.readers(m)) {
            if (g.nodes()[r].kind != Kind::ranking) continue;
            const auto more = g.closure(r);
            shown.insert(more.begin(), more.end());
        }
    }
    // By Kind: the kind's name in the label, the node's shape and fill.
    constexpr std::string_view kind_zh[] = {"事实", "参数", "定义", "措施", "排名"};
    constexpr std::string_view kind_en[] = {"fact", "parameter", "definition", "measure", "ranking"};
    constexpr std::string_view shape[] = {"cds", "note", "ellipse", "box", "hexagon"};
    constexpr std::string_view fill[] = {"#eef6ee", "#fff7e0", "#eef2fb", "#fde8e8", "#f1e8fb"};
    const bool en = options.lang == "en";
    const auto quoted = [](std::string_view s) {
        std::string out;
        for (const char c : s) {
            if (c == '"' || c == '\\') out += '\\';
            out += c == '\n' ? ' ' : c;
        }
        return out;
    };
    std::string out = fmt::format(
        "digraph pack {{\n  rankdir=LR;\n  graph [fontname=\"Noto Sans CJK SC\", label=\"{}\", labelloc=t];\n"
        "  node [fontname=\"Noto Sans CJK SC\", style=filled];\n  edge [color=\"#777777\"];\n",
        quoted(options.measure.empty() ? pack.info.title.in(options.lang) : options.measure));
    for (const std::size_t i : shown) {
        const auto& n = g.nodes()[i];
        const auto k = static_cast<std::size_t>(n.kind);
        std::string title = n.title ? n.title->in(options.lang) : std::string();
        if (title.size() > 60) {  // a long title wraps the box out of shape: cut at a character
            std::size_t cut = 57;
            while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80) --cut;
            title = title.substr(0, cut) + "…";
        }
        std::string attrs;
        if (options.site_links) {
            attrs = fmt::format(", URL=\"../{}/{}.html\", target=\"_top\"", doc::folder(n.kind),
                                doc::file_name(n.name));
        }
        const bool focus = !options.measure.empty() && n.kind == Kind::measure && n.name == options.measure;
        out += fmt::format("  n{} [label=\"{}{}{}\\n({})\", shape={}, fillcolor=\"{}\"{}{}];\n", i, quoted(title),
                           title.empty() ? "" : "\\n", quoted(n.name), en ? kind_en[k] : kind_zh[k], shape[k], fill[k],
                           focus ? ", penwidth=2.5" : "", attrs);
    }
    for (const std::size_t i : shown) {
        for (const std::size_t r : g.reads(i)) {
            if (!shown.count(r)) continue;
            const bool ranks = g.nodes()[i].kind == Kind::ranking && g.nodes()[r].kind == Kind::measure;
            out += fmt::format("  n{} -> n{}{};\n", r, i,
                               ranks ? fmt::format(" [style=dashed, label=\"{}\"]", en ? "ranks" : "排名") : "");
        }
    }
    out += "}\n";
    return out;
}

std::string dot_to_svg(const std::string& dot, std::string& error) {
    namespace fs = std::filesystem;
    // dot reads a temporary file and writes another: no pipe to deadlock on either side.
    std::error_code ec;
    const fs::path dir = fs::temp_directory_path(ec);
    if (ec) {
        error = ec.message();
        return {};
    }
    const std::string stem = fmt::format("talentrules-graph-{}-{}", ::getpid(), static_cast<const void*>(&dot));
    const fs::path in = dir / (stem + ".dot"), out = dir / (stem + ".svg");
    {
        std::ofstream f(in, std::ios::binary);
        f << dot;
        if (!f) {
            error = "cannot write " + in.string();
            return {};
        }
    }
    const std::string command = fmt::format("dot -Tsvg -o '{}' '{}' 2>/dev/null", out.string(), in.string());
    const int status = std::system(command.c_str());
    fs::remove(in, ec);
    if (status != 0) {
        fs::remove(out, ec);
        error = status == -1 || (WIFEXITED(status) && WEXITSTATUS(status) == 127)
                    ? "cannot run Graphviz 'dot' (install the graphviz package)"
                    : fmt::format("Graphviz 'dot' failed (status {})", status);
        return {};
    }
    std::ifstream f(out, std::ios::binary);
    std::ostringstream text;
    text << f.rdbuf();
    fs::remove(out, ec);
    return text.str();
}

}  // namespace talentrules::rules
