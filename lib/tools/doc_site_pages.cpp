// The documentation site's pages, one function per kind of element. Each section is
// written only when the element has something for it. A measure's `process` block (being
// added to the pack model) gets its own section here once Pack exposes it.

#include <fmt/format.h>

#include <algorithm>

#include "talentrules/rules/testing.hpp"
#include "tools/doc_site.hpp"

namespace talentrules::rules::doc {
namespace {

std::string period_text(const Period& p) {
    if (p.from.empty() && p.to.empty()) return "始终 <span class=\"en\">always</span>";
    return fmt::format("{} – {}", p.from.empty() ? "…" : html(p.from), p.to.empty() ? "…" : html(p.to));
}

std::string code(const Expression& e) { return e.empty() ? "" : fmt::format("<pre class=\"cel\">{}</pre>", html(e.text)); }

std::string heading(std::string_view zh, std::string_view en) {
    return fmt::format("<h2>{} <span class=\"en\">{}</span></h2>\n", zh, en);
}

std::string conditions_table(const Site& site, const std::vector<Condition>& list) {
    std::string out = "<table class=\"conditions\">\n<tr><th>条件 <span class=\"en\">condition</span></th>"
                      "<th>表达式 <span class=\"en\">expression</span></th><th>位置 <span class=\"en\">where</span></th></tr>\n";
    for (const auto& c : list) {
        out += fmt::format("<tr id=\"c-{}\"><td><b>{}</b><br>{}</td><td>{}{}</td><td class=\"loc\">{}</td></tr>\n",
                           html(file_name(c.id)), html(c.id), bilingual(c.title), code(c.when),
                           c.recheck.empty() ? "" : "复核时间 <span class=\"en\">check again on</span>" + code(c.recheck),
                           html(site.where(c.location)));
    }
    return out + "</table>\n";
}

std::string versions_table(const Site& site, const Parameter& p) {
    std::string out = "<table class=\"versions\">\n<tr><th>有效期 <span class=\"en\">period</span></th>"
                      "<th>值 <span class=\"en\">value</span></th><th>位置 <span class=\"en\">where</span></th></tr>\n";
    for (const auto& v : p.versions) {
        const bool current = !site.as_of.empty() && v.period.contains(site.as_of);
        out += fmt::format("<tr{}><td>{}{}</td><td><code>{}</code> {}</td><td class=\"loc\">{}</td></tr>\n",
                           current ? " class=\"current\"" : "", period_text(v.period),
                           current ? fmt::format(" <span class=\"tag\">{} 当前 <span class=\"en\">current</span></span>",
                                                 html(site.as_of))
                                   : "",
                           html(literal_text(v.value)), html(p.unit), html(site.where(v.location)));
    }
    return out + "</table>\n";
}

std::string sample_tag(bool sample) {
    return sample ? " <span class=\"sample\">示例值 <span class=\"en\">sample value: the plan states none</span></span>" : "";
}

// Nodes of `kind` among `set`, as a list of links; empty when there are none.
std::string node_list(const Site& site, const std::set<std::size_t>& set, Kind kind, std::string_view zh,
                      std::string_view en) {
    std::string items;
    for (const std::size_t n : set) {
        if (site.graph.nodes()[n].kind == kind) items += "<li>" + node_link(site, n) + "</li>\n";
    }
    return items.empty() ? "" : heading(zh, en) + "<ul>\n" + items + "</ul>\n";
}

std::string used_by(const Site& site, Kind kind, const std::string& name) {
    const std::size_t n = site.graph.find(kind, name);
    if (n == npos) return {};
    const auto readers = site.graph.reverse_closure(n);
    return node_list(site, readers, Kind::measure, "使用它的措施", "measures that read it") +
           node_list(site, readers, Kind::definition, "使用它的定义", "definitions that read it") +
           node_list(site, readers, Kind::ranking, "使用它的排名", "rankings that read it");
}

std::string tests_section(const Site& site, const std::string& measure) {
    std::string rows;
    std::size_t passed = 0, failed = 0;
    for (const auto& t : site.tests.cases) {
        for (const auto& e : t.expect) {
            if (e.measure != measure) continue;
            const auto fail = std::find_if(site.tests.failures.begin(), site.tests.failures.end(),
                                           [&](const TestFailure& f) { return f.test == &t && f.measure == measure; });
            const bool ok = fail == site.tests.failures.end();
            ++(ok ? passed : failed);
            std::string expected = e.outcome.value_or("");
            if (e.amount) expected += fmt::format(" · {}", *e.amount);
            if (e.excluded_by) expected += " · excluded_by " + *e.excluded_by;
            rows += fmt::format("<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"loc\">{}:{}</td></tr>\n",
                                ok ? "pass" : "fail", html(t.name), html(expected),
                                ok ? "✔ 通过 <span class=\"en\">passed</span>"
                                   : "✘ 失败 <span class=\"en\">failed</span>: " + html(fail->message),
                                html(t.file), t.position.line);
        }
    }
    if (rows.empty()) return heading("测试", "tests") + "<p class=\"warn\">没有测试检查这项措施 <span class=\"en\">no test checks this measure</span></p>\n";
    return heading("测试", "tests") +
           fmt::format("<p>{} 通过，{} 失败 <span class=\"en\">{} passed, {} failed</span></p>\n", passed, failed, passed,
                       failed) +
           "<table class=\"tests\">\n<tr><th>测试 <span class=\"en\">test</span></th><th>预期 <span class=\"en\">expected</span></th>"
           "<th>结果 <span class=\"en\">outcome</span></th><th>位置 <span class=\"en\">where</span></th></tr>\n" +
           rows + "</table>\n";
}

}  // namespace

std::string measure_page(const Site& site, const Measure& m) {
    const std::size_t n = site.graph.find(Kind::measure, m.id);
    std::string out = page_head(m.id + " " + m.title.zh, "../");
    out += fmt::format("<h1>{} {}</h1>\n", html(m.id), bilingual(m.title));
    out += fmt::format("<p class=\"meta\">{} · 有效期 <span class=\"en\">effective</span> {} · {}</p>\n",
                       html(to_string(m.kind)), period_text(m.effective), html(site.where(m.location)));
    if (!m.clause.text.empty() || !m.clause.section.empty()) {
        out += heading("政策依据", "clause");
        out += fmt::format("<blockquote><b>{}</b> {}</blockquote>\n", html(m.clause.section), html(m.clause.text));
    }
    if (m.applies_to) out += heading("适用对象", "applies to") + conditions_table(site, {*m.applies_to});
    if (!m.requires_.empty()) out += heading("条件", "requirements (all must hold)") + conditions_table(site, m.requires_);
    if (!m.refer.empty()) out += heading("转介条件", "referral conditions") + conditions_table(site, m.refer);
    if (!m.amount.empty() || !m.months.empty()) {
        out += heading("金额", "amount");
        if (!m.amount.empty()) out += fmt::format("<p>单位 <span class=\"en\">unit</span>: {}</p>{}", html(m.unit), code(m.amount));
        if (!m.months.empty()) out += "<p>月数 <span class=\"en\">months</span></p>" + code(m.months);
    }
    if (!m.services.empty()) {
        out += heading("服务", "services") + "<ul>\n";
        for (const auto& s : m.services) {
            out += fmt::format("<li><b>{}</b> {}{}</li>\n", html(s.name), bilingual(s.title), code(s.when));
        }
        out += "</ul>\n";
    }
    const auto reads = n == npos ? std::set<std::size_t>{} : site.graph.closure(n);
    std::string params;
    for (const std::size_t r : reads) {
        if (site.graph.nodes()[r].kind != Kind::parameter) continue;
        const auto& p = *std::find_if(site.pack.parameters.begin(), site.pack.parameters.end(),
                                      [&](const Parameter& x) { return x.name == site.graph.nodes()[r].name; });
        params += fmt::format("<h3>{}{}</h3>\n{}", node_link(site, r), sample_tag(p.sample), versions_table(site, p));
    }
    if (!params.empty()) out += heading("参数", "parameters it reads, with their dated history") + params;
    out += node_list(site, reads, Kind::definition, "定义", "definitions it reads");
    out += node_list(site, reads, Kind::fact, "事实", "facts it reads");
    std::string exclusions;
    for (const auto& x : site.pack.exclusions) {
        if (std::find(x.measures.begin(), x.measures.end(), m.id) == x.measures.end()) continue;
        std::string others;
        for (const auto& other : x.measures) {
            const std::size_t o = site.graph.find(Kind::measure, other);
            others += (others.empty() ? "" : "、") + (o == npos ? html(other) : node_link(site, o));
        }
        exclusions += fmt::format("<li><b>{}</b> {}: {} (保留 <span class=\"en\">keep</span> {}) <span class=\"loc\">{}</span></li>\n",
                                  html(x.id), bilingual(x.title), others, html(x.keep), html(site.where(x.location)));
    }
    if (!exclusions.empty()) out += heading("互斥", "exclusions") + "<ul>\n" + exclusions + "</ul>\n";
    if (n != npos) out += node_list(site, site.graph.readers(n), Kind::ranking, "排名", "rankings of this measure");
    out += tests_section(site, m.id);
    if (const auto it = site.svg.find(m.id); it != site.svg.end()) {
        out += heading("依赖图", "dependency graph") + "<div class=\"graph\">" + it->second + "</div>\n";
    }
    return out + page_tail("../");
}

std::string parameter_page(const Site& site, const Parameter& p) {
    std::string out = page_head(p.name + " " + p.title.zh, "../");
    out += fmt::format("<h1>{} {}{}</h1>\n", html(p.name), bilingual(p.title), sample_tag(p.sample));
    out += fmt::format("<p class=\"meta\">{}{}{} · {}</p>\n", p.unit.empty() ? "" : "单位 <span class=\"en\">unit</span>: " + html(p.unit),
                       p.type.empty() ? "" : " · 类型 <span class=\"en\">type</span>: " + html(p.type),
                       p.source.empty() ? "" : " · 来源 <span class=\"en\">source</span>: " + html(p.source),
                       html(site.where(p.location)));
    out += heading("取值历史", "dated history") + versions_table(site, p);
    return out + used_by(site, Kind::parameter, p.name) + page_tail("../");
}

std::string definition_page(const Site& site, const Definition& d) {
    std::string out = page_head(d.name + " " + d.title.zh, "../");
    out += fmt::format("<h1>{} {}</h1>\n<p class=\"meta\">{}{}</p>\n", html(d.name), bilingual(d.title),
                       d.type.empty() ? "" : "类型 <span class=\"en\">type</span>: " + html(d.type) + " · ",
                       html(site.where(d.location)));
    if (!d.value.empty()) out += heading("值", "value") + code(d.value);
    if (!d.table.empty()) {
        out += heading("取值表（首个匹配）", "table (first match)") +
               "<table>\n<tr><th>当 <span class=\"en\">when</span></th><th>则 <span class=\"en\">then</span></th><th></th></tr>\n";
        for (const auto& row : d.table) {
            out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                               row.when.empty() ? "否则 <span class=\"en\">otherwise</span>" : code(row.when), code(row.then),
                               bilingual(row.title));
        }
        out += "</table>\n";
    }
    if (const std::size_t n = site.graph.find(Kind::definition, d.name); n != npos) {
        const auto& reads = site.graph.reads(n);
        out += node_list(site, reads, Kind::parameter, "读取的参数", "parameters it reads");
        out += node_list(site, reads, Kind::definition, "读取的定义", "definitions it reads");
        out += node_list(site, reads, Kind::fact, "读取的事实", "facts it reads");
    }
    return out + used_by(site, Kind::definition, d.name) + page_tail("../");
}

std::string fact_page(const Site& site, const Fact& f) {
    std::string out = page_head(f.name + " " + f.label.zh, "../");
    out += fmt::format("<h1>{} {}</h1>\n<p class=\"meta\">类型 <span class=\"en\">type</span>: <code>{}</code>{}{} · {}</p>\n",
                       html(f.name), bilingual(f.label), html(f.type),
                       f.min || f.max ? fmt::format(" · 范围 <span class=\"en\">range</span> {}–{}",
                                                    f.min ? std::to_string(*f.min) : "", f.max ? std::to_string(*f.max) : "")
                                      : "",
                       f.fixed ? " · 不可更改 <span class=\"en\">fixed</span>" : "", html(site.where(f.location)));
    if (f.absent) {
        out += heading("缺省时", "when absent") +
               fmt::format("<p>{} → <code>{}</code></p>\n", bilingual(f.absent->title), html(literal_text(f.absent->value)));
    }
    if (!f.fields.empty()) {
        out += heading("字段", "fields") + "<table>\n";
        for (const auto& field : f.fields) {
            out += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td><code>{}</code></td></tr>\n", html(field.name),
                               bilingual(field.label), html(field.type));
        }
        out += "</table>\n";
    }
    return out + used_by(site, Kind::fact, f.name) + page_tail("../");
}

std::string ranking_page(const Site& site, const Ranking& r) {
    std::string out = page_head(r.id + " " + r.title.zh, "../");
    out += fmt::format("<h1>{} {}</h1>\n<p class=\"meta\">{}</p>\n", html(r.id), bilingual(r.title), html(site.where(r.location)));
    if (const std::size_t m = site.graph.find(Kind::measure, r.measure); m != npos) {
        out += heading("排名的措施", "the measure it ranks") + "<p>" + node_link(site, m) + "</p>\n";
    }
    out += heading("评分", "score") + "<table>\n";
    for (const auto& part : r.score) {
        out += fmt::format("<tr><td><b>{}</b> {}</td><td>{}</td></tr>\n", html(part.id), bilingual(part.title), code(part.value));
    }
    out += "</table>\n";
    if (!r.tie_break.empty()) out += heading("同分时", "tie break") + code(r.tie_break);
    if (!r.pool.empty()) out += heading("名额池", "pool") + code(r.pool);
    return out + page_tail("../");
}

}  // namespace talentrules::rules::doc
