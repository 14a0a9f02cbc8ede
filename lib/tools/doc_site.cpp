// `talentrules doc`: writes the documentation site (index, a page per element, search
// index, style and script) and what every page shares (head, search box, links).

#include "talentrules/rules/doc_site.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "diagnostics/catalogue.hpp"
#include "talentrules/json.hpp"
#include "talentrules/rules/testing.hpp"
#include "tools/doc_site.hpp"

namespace talentrules::rules {
namespace doc {
namespace {

constexpr std::string_view style_css = R"(body{font-family:"Noto Sans CJK SC","Noto Sans",sans-serif;margin:0;color:#222;line-height:1.5}
header{background:#8b1a1a;color:#fff;padding:.5em 1em;display:flex;gap:1em;align-items:center;flex-wrap:wrap}
header a{color:#fff;text-decoration:none;font-weight:bold}
main{padding:1em 2em;max-width:72em}
.en{color:#667;font-size:.9em}
header .en{color:#f3d9d9}
.meta,.loc{color:#667;font-size:.85em}
pre.cel{background:#f6f6f6;padding:.3em .6em;margin:.2em 0;white-space:pre-wrap;font-size:.9em}
table{border-collapse:collapse;margin:.5em 0}
td,th{border:1px solid #ddd;padding:.3em .6em;vertical-align:top;text-align:left}
tr.current{background:#fff6d6}
tr.fail{background:#fde8e8}
tr.pass td:nth-child(3){color:#1a6b1a}
.tag{background:#ffe38a;border-radius:3px;padding:0 .3em;font-size:.85em}
.sample{background:#fbd3a6;border-radius:3px;padding:0 .3em;font-size:.7em;vertical-align:middle}
.warn{color:#8b1a1a}
blockquote{border-left:4px solid #c99;margin:.5em 0;padding:.3em 1em;background:#fbf5f5}
#search{position:relative}
#search input{padding:.3em;width:18em}
#results{position:absolute;background:#fff;color:#222;border:1px solid #ccc;list-style:none;margin:0;padding:0;width:32em;max-height:24em;overflow:auto;z-index:10}
#results:empty{display:none}
#results li{padding:.3em .6em;border-bottom:1px solid #eee}
#results a{color:#8b1a1a;font-weight:normal}
.graph svg{max-width:100%;height:auto}
)";

// Plain JS over the generated index (search-index.js sets TALENTRULES_INDEX): matches
// every word of the query against id, titles and kind, case-insensitively.
constexpr std::string_view search_js = R"((function () {
  var input = document.getElementById('q');
  var list = document.getElementById('results');
  var root = document.body.getAttribute('data-root') || '';
  var index = window.TALENTRULES_INDEX || [];
  function show() {
    var words = input.value.toLowerCase().split(/\s+/).filter(function (w) { return w; });
    list.textContent = '';
    if (!words.length) return;
    var shown = 0;
    for (var i = 0; i < index.length && shown < 30; i++) {
      var e = index[i];
      var hay = (e.id + ' ' + e.zh + ' ' + e.en + ' ' + e.kind + ' ' + e.text).toLowerCase();
      if (!words.every(function (w) { return hay.indexOf(w) >= 0; })) continue;
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = root + e.url;
      a.textContent = e.id + ' ' + e.zh + (e.en ? ' · ' + e.en : '');
      li.appendChild(a);
      li.appendChild(document.createTextNode(' (' + e.kind + ')'));
      list.appendChild(li);
      shown++;
    }
  }
  if (input) input.addEventListener('input', show);
})();
)";

std::string rel(const std::string& file, const std::string& dir) {
    std::error_code ec;
    const auto r = std::filesystem::relative(file, dir, ec);
    return ec || r.empty() || r.native().starts_with("..") ? file : r.generic_string();
}

void append_field(std::string& out, std::string_view key, std::string_view value, bool first = false) {
    if (!first) out += ',';
    append_json_string(out, key);
    out += ':';
    append_json_string(out, value);
}

}  // namespace

std::string Site::where(const Location& loc) const {
    return fmt::format("{}:{}", rel(loc.file, pack.directory), loc.position.line);
}

std::string page_head(std::string_view title, std::string_view root) {
    return fmt::format(
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n"
        "<link rel=\"stylesheet\" href=\"{}style.css\">\n</head>\n<body data-root=\"{}\">\n"
        "<header><a href=\"{}index.html\">规则包文档 <span class=\"en\">rule pack documentation</span></a>\n"
        "<div id=\"search\"><input id=\"q\" type=\"search\" placeholder=\"搜索 search\" aria-label=\"搜索 search\">"
        "<ul id=\"results\"></ul></div></header>\n<main>\n",
        html(title), root, root, root);
}

std::string page_tail(std::string_view root) {
    return fmt::format(
        "</main>\n<script src=\"{}search-index.js\"></script>\n<script src=\"{}search.js\"></script>\n</body>\n</html>\n",
        root, root);
}

std::string bilingual(const Text& t) {
    std::string out = html(t.zh);
    if (!t.en.empty() && t.en != t.zh) out += " <span class=\"en\" lang=\"en\">" + html(t.en) + "</span>";
    return out;
}

std::string node_link(const Site& site, std::size_t n) {
    const auto& node = site.graph.nodes()[n];
    return fmt::format("<a href=\"../{}/{}.html\">{}</a> {}", folder(node.kind), file_name(node.name), html(node.name),
                       node.title ? bilingual(*node.title) : "");
}

std::string literal_text(const Literal& v) {
    switch (v.kind) {
        case Literal::Kind::null_: return "null";
        case Literal::Kind::boolean: return v.boolean ? "true" : "false";
        case Literal::Kind::integer: return std::to_string(v.integer);
        case Literal::Kind::number: return fmt::format("{}", v.number);
        case Literal::Kind::string: return v.string;
        case Literal::Kind::list: {
            std::string out = "[";
            for (std::size_t i = 0; i < v.items.size(); ++i) out += (i ? ", " : "") + literal_text(v.items[i]);
            return out + "]";
        }
        case Literal::Kind::map: {
            std::string out = "{";
            for (std::size_t i = 0; i < v.map.size(); ++i) {
                out += (i ? ", " : "") + v.map[i].key + ": " + literal_text(v.map[i].value);
            }
            return out + "}";
        }
    }
    return {};
}

namespace {

std::string index_page(const Site& site, const TestRun& tests) {
    const Pack& pack = site.pack;
    std::string out = page_head(pack.info.title.zh, "");
    out += fmt::format("<h1>{}</h1>\n<p class=\"meta\">{} {} · 有效期 <span class=\"en\">effective</span> {} – {} · {}</p>\n",
                       bilingual(pack.info.title), html(pack.info.id), html(pack.info.version),
                       html(pack.info.effective.from), html(pack.info.effective.to), html(pack.info.source));
    out += fmt::format("<p>测试 <span class=\"en\">tests</span>: {} 通过 <span class=\"en\">passed</span>，{} 失败 "
                       "<span class=\"en\">failed</span>{} · 参数取值日期 <span class=\"en\">parameter values as of</span> {}</p>\n",
                       tests.passed, tests.failed,
                       tests.diagnostics.empty() ? "" : fmt::format("，{} 个错误 <span class=\"en\">errors</span>", tests.diagnostics.size()),
                       html(site.as_of));
    // One table per kind, each row linking to the element's page.
    const auto section = [&](Kind kind, std::string_view zh, std::string_view en) {
        std::string rows;
        for (std::size_t i = 0; i < site.graph.nodes().size(); ++i) {
            const auto& n = site.graph.nodes()[i];
            if (n.kind != kind) continue;
            rows += fmt::format("<tr><td><a href=\"{}/{}.html\">{}</a></td><td>{}</td></tr>\n", folder(kind),
                                file_name(n.name), html(n.name), n.title ? bilingual(*n.title) : "");
        }
        if (!rows.empty()) out += fmt::format("<h2>{} <span class=\"en\">{}</span></h2>\n<table>\n{}</table>\n", zh, en, rows);
    };
    section(Kind::measure, "措施", "measures");
    section(Kind::ranking, "排名", "rankings");
    section(Kind::parameter, "参数", "parameters");
    section(Kind::definition, "定义", "definitions");
    section(Kind::fact, "事实", "facts");
    return out + page_tail("");
}

// The search index: every page with its id, titles, kind and a little text to match.
std::string search_json(const Site& site) {
    constexpr std::string_view kind_zh[] = {"事实 fact", "参数 parameter", "定义 definition", "措施 measure", "排名 ranking"};
    std::string out = "[";
    for (std::size_t i = 0; i < site.graph.nodes().size(); ++i) {
        const auto& n = site.graph.nodes()[i];
        std::string text;
        if (n.kind == Kind::measure) {
            for (const auto& m : site.pack.measures) {
                if (m.id != n.name) continue;
                text = m.clause.section + " " + m.clause.text;
                for (const auto& c : m.requires_) text += " " + c.title.zh + " " + c.title.en;
            }
        }
        if (i) out += ",\n";
        out += '{';
        append_field(out, "id", n.name, true);
        append_field(out, "zh", n.title ? n.title->zh : "");
        append_field(out, "en", n.title ? n.title->en : "");
        append_field(out, "kind", kind_zh[static_cast<std::size_t>(n.kind)]);
        append_field(out, "url", fmt::format("{}/{}.html", folder(n.kind), file_name(n.name)));
        append_field(out, "text", text);
        out += '}';
    }
    return out + "]\n";
}

}  // namespace
}  // namespace doc

bool DocSiteResult::ok() const {
    return std::none_of(diagnostics.begin(), diagnostics.end(),
                        [](const Diagnostic& d) { return d.severity == Severity::error; });
}

DocSiteResult write_doc_site(const RuleSet& ruleset, const DocSiteOptions& options) {
    namespace fs = std::filesystem;
    using doc::Kind;
    DocSiteResult result;
    const Pack& pack = ruleset.pack();
    const doc::PackGraph graph(pack);
    // A pack loaded from texts has no folder, so no tests/ beside it (and "tests" would be
    // read from the working directory).
    const TestRun tests = pack.directory.empty() ? TestRun{} : run_tests(ruleset, {}, "zh");
    result.tests = tests.cases.size();
    result.failed = tests.failed;
    // A pack without tests is documented all the same: its pages say no test checks it.
    for (const auto& d : tests.diagnostics) {
        if (d.code != "TR3202") result.diagnostics.push_back(d);
    }
    doc::Site site{pack, graph, tests, options.as_of.empty() ? today() : options.as_of, {}};

    if (options.graphs) {
        for (const auto& m : pack.measures) {
            std::string error;
            std::string svg = dot_to_svg(graph_dot(pack, {.measure = m.id, .lang = "zh", .site_links = true}), error);
            if (svg.empty()) {
                result.diagnostics.push_back(diagnostics::make_diagnostic("TR5502", "dot", {error}));
                break;
            }
            // Inline: links inside resolve against the page; the XML prologue is not HTML.
            if (const auto at = svg.find("<svg"); at != std::string::npos) svg.erase(0, at);
            site.svg.emplace(m.id, std::move(svg));
        }
    }

    const fs::path out_dir(options.out_dir);
    const auto write = [&](const std::string& name, std::string_view text) {
        const fs::path path = out_dir / name;
        std::error_code ec;
        fs::create_directories(path.parent_path(), ec);
        std::ofstream f(path, std::ios::binary | std::ios::trunc);
        f.write(text.data(), static_cast<std::streamsize>(text.size()));
        f.close();
        if (ec || !f) {
            result.diagnostics.push_back(diagnostics::make_diagnostic("TR5501", "write", {path.string()}));
            return false;
        }
        result.files.push_back(name);
        if (name.ends_with(".html")) ++result.pages;
        return true;
    };
    const auto page = [&](Kind kind, const std::string& name, const std::string& text) {
        return write(fmt::format("{}/{}.html", doc::folder(kind), doc::file_name(name)), text);
    };
    if (!write("style.css", doc::style_css) || !write("search.js", doc::search_js)) return result;
    const std::string index = doc::search_json(site);
    write("search.json", index);
    write("search-index.js", "window.TALENTRULES_INDEX = " + index.substr(0, index.size() - 1) + ";\n");
    write("index.html", doc::index_page(site, tests));
    for (const auto& m : pack.measures) page(Kind::measure, m.id, doc::measure_page(site, m));
    for (const auto& p : pack.parameters) page(Kind::parameter, p.name, doc::parameter_page(site, p));
    for (const auto& d : pack.definitions) page(Kind::definition, d.name, doc::definition_page(site, d));
    for (const auto& f : pack.schema) page(Kind::fact, f.name, doc::fact_page(site, f));
    for (const auto& r : pack.rankings) page(Kind::ranking, r.id, doc::ranking_page(site, r));
    return result;
}

}  // namespace talentrules::rules
