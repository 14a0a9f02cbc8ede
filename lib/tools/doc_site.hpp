#pragma once
// What the documentation site and `talentrules graph` share: the pack's elements and who
// reads whom, found by parsing every expression of the pack (comprehension variables
// shadow). Private to lib/.

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "talentrules/rules/pack.hpp"

namespace talentrules::rules::doc {

enum class Kind : std::uint8_t { fact, parameter, definition, measure, ranking };

struct Node {
    Kind kind;
    std::string name;  ///< a fact's path ("home_purchase.price_wan"), else its id or name
    const Text* title = nullptr;
};

/// Nodes and arrows "reader reads read" (a ranking also "reads" its measure).
class PackGraph {
public:
    explicit PackGraph(const Pack& pack);
    const std::vector<Node>& nodes() const { return nodes_; }
    /// Node index of (kind, name); npos when the pack has no such element.
    std::size_t find(Kind kind, std::string_view name) const;
    /// What node `n` reads directly.
    const std::set<std::size_t>& reads(std::size_t n) const { return reads_[n]; }
    /// What reads node `n` directly.
    const std::set<std::size_t>& readers(std::size_t n) const { return readers_[n]; }
    /// `n` and everything it reads, through any number of definitions.
    std::set<std::size_t> closure(std::size_t n) const;
    /// Everything that reads `n`, directly or through definitions.
    std::set<std::size_t> reverse_closure(std::size_t n) const;

private:
    std::size_t add(Kind kind, const std::string& name, const Text* title);
    void add_reads(std::size_t from, const Expression& e);

    std::vector<Node> nodes_;
    std::map<std::pair<Kind, std::string>, std::size_t, std::less<>> index_;
    std::vector<std::set<std::size_t>> reads_, readers_;
    std::vector<std::string> fact_roots_;  ///< top-level fact names, for matching reads
};

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

/// "measures", "parameters", … : the site folder of a kind.
std::string_view folder(Kind kind);
/// A name as a file name: [A-Za-z0-9_.-] kept, any other byte as _XX (hex).
std::string file_name(std::string_view name);
/// Text safe inside HTML text and attribute values.
std::string html(std::string_view s);

}  // namespace talentrules::rules::doc

namespace talentrules::rules {
struct TestRun;
}

namespace talentrules::rules::doc {

/// What every page of one site is written from.
struct Site {
    const Pack& pack;
    const PackGraph& graph;
    const TestRun& tests;
    std::string as_of;
    std::map<std::string, std::string> svg;  ///< measure id → inline SVG (none without Graphviz)
    /// `loc` as "file:line", the file relative to the pack folder.
    std::string where(const Location& loc) const;
};

/// The page's opening (with the search box) and end; `root` leads back to the site root.
std::string page_head(std::string_view title, std::string_view root);
std::string page_tail(std::string_view root);
/// Chinese, then English (when the pack gives it) in a muted span.
std::string bilingual(const Text& t);
/// A link to the page of node `n` from a page one folder below the root.
std::string node_link(const Site& site, std::size_t n);
/// A parameter value as written (lists and maps inline).
std::string literal_text(const Literal& v);

std::string measure_page(const Site& site, const Measure& m);
std::string parameter_page(const Site& site, const Parameter& p);
std::string definition_page(const Site& site, const Definition& d);
std::string fact_page(const Site& site, const Fact& f);
std::string ranking_page(const Site& site, const Ranking& r);

}  // namespace talentrules::rules::doc
