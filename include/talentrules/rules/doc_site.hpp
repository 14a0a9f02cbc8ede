#pragma once
/// A rule pack's documentation site (`talentrules doc`) and its dependency graph
/// (`talentrules graph`): static HTML in Chinese with English beside it, generated from
/// the loaded pack and its tests. Nothing on the pages is fetched from the network.
/// Thread-safe: free functions over immutable inputs.

#include <cstddef>
#include <string>
#include <vector>

#include "talentrules/diagnostic.hpp"
#include "talentrules/rules/ruleset.hpp"

namespace talentrules::rules {

struct GraphOptions {
    /// Only this measure: what it reads (through definitions), and the rankings of it with
    /// what they read. Empty: the whole pack. Must be a measure id of the pack.
    std::string measure;
    std::string lang = "zh";  ///< node titles: zh | en (the id is always shown)
    /// When set, each node links to its page in the documentation site, relative to a page
    /// one folder below the site root (`measures/M01.html` → `../measures/M02.html`).
    bool site_links = false;
};

/// The pack's dependency graph in Graphviz dot: parameters, facts, definitions, measures
/// and rankings, with arrows from what is read to what reads it, and from each measure to
/// its rankings. Node labels carry the title in `lang` and the id.
std::string graph_dot(const Pack& pack, const GraphOptions& options = {});

/// SVG of a dot graph, drawn by Graphviz's `dot` program (run as a child process). Empty
/// with `error` set when it cannot be run or fails.
std::string dot_to_svg(const std::string& dot, std::string& error);

struct DocSiteOptions {
    std::string out_dir;  ///< created if absent; files the site writes are replaced
    std::string as_of;    ///< the date shown for "current" parameter values; empty = today
    bool graphs = true;   ///< per-measure graphs (needs Graphviz `dot`); without it, none
};

struct DocSiteResult {
    std::size_t pages = 0;           ///< HTML pages written
    std::size_t tests = 0, failed = 0;
    std::vector<std::string> files;  ///< written, relative to out_dir
    /// Problems writing (TR5501) or drawing graphs (TR5502, a warning: the pages are
    /// written without graphs); the pack's test-file problems as run_tests reports them.
    Diagnostics diagnostics;
    bool ok() const;
};

/// Writes the site for `ruleset`'s pack into options.out_dir: index.html, a page per
/// measure, parameter, definition and fact, search.json with search-index.js (the same
/// index, loadable from file:// where fetch() is refused), style.css and search.js. The
/// pack's own tests (its tests/ folder) are run and each measure page lists them with
/// their outcome.
DocSiteResult write_doc_site(const RuleSet& ruleset, const DocSiteOptions& options);

}  // namespace talentrules::rules
