// A DiffReport as text (terminal), JSON (tools) and one self-contained HTML page
// (inline CSS and SVG; nothing is fetched, so it can be mailed or archived as is).

#include <fmt/format.h>

#include <algorithm>

#include "rules/eval/json_write.hpp"
#include "talentrules/json.hpp"
#include "talentrules/rules/diff.hpp"
#include "text/escape.hpp"
#include "text/words.hpp"

namespace talentrules::rules {
namespace {

using detail::json_decision_result;
using detail::json_strings;
using detail::json_text;

using Words = text::DiffWords;

const Words& words(std::string_view lang) { return text::words(lang).diff; }

std::string signed_money(std::int64_t v) { return v > 0 ? fmt::format("+{}", v) : fmt::format("{}", v); }

std::string causes_text(const DecisionChange& c, const Words& w) {
    if (c.causes.empty()) return w.no_single_cause;
    std::string out;
    for (const auto& cause : c.causes) out += (out.empty() ? "" : "; ") + cause;
    return out;
}

std::string pack_line(const PackSummary& p) {
    return fmt::format("{} {} ({}, {})", p.id, p.version, p.directory, p.hash.substr(0, 12));
}

std::size_t width(std::string_view s) {  // display columns: CJK characters count two
    std::size_t w = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        w += n >= 3 ? 2 : 1;
        i += n;
    }
    return w;
}

std::string pad(std::string s, std::size_t w, bool right = false) {
    const std::size_t have = width(s);
    if (have >= w) return s;
    return right ? std::string(w - have, ' ') + s : s + std::string(w - have, ' ');
}

std::string indent(std::string_view text, std::string_view by) {
    std::string out(by);
    for (std::size_t i = 0; i < text.size(); ++i) {
        out += text[i];
        if (text[i] == '\n' && i + 1 < text.size()) out += by;
    }
    if (!out.empty() && out.back() != '\n') out += '\n';
    return out;
}

void json_decision(std::string& out, const std::optional<Decision>& d) {
    if (!d) {
        out += "null";
        return;
    }
    out += '{';
    json_decision_result(out, *d);
    out += '}';
}

void json_pack(std::string& out, const PackSummary& p) {
    out += "{\"directory\":";
    append_json_string(out, p.directory);
    out += ",\"pack\":";
    append_json_string(out, p.id);
    out += ",\"version\":";
    append_json_string(out, p.version);
    out += ",\"hash\":";
    append_json_string(out, p.hash);
    out += '}';
}

// The bars of the chart: one stacked bar per measure with any change.
struct Segment {
    const char* color;
    std::size_t MeasureDiff::*count;
    const char* Words::*label;
};
const Segment segments[] = {
    {"#2e7d32", &MeasureDiff::became_eligible, &Words::to_eligible},
    {"#c62828", &MeasureDiff::became_ineligible, &Words::to_ineligible},
    {"#ef6c00", &MeasureDiff::newly_referred, &Words::to_refer},
    {"#757575", &MeasureDiff::newly_undetermined, &Words::to_undetermined},
    {"#90a4ae", &MeasureDiff::became_not_applicable, &Words::to_not_applicable},
    {"#1565c0", &MeasureDiff::amount_up, &Words::up},
    {"#6a1b9a", &MeasureDiff::amount_down, &Words::down},
    {"#000000", &MeasureDiff::removed, &Words::removed},
    {"#bdbdbd", &MeasureDiff::details, &Words::details},
};

std::string svg_chart(const DiffReport& r, const Words& w) {
    std::vector<const MeasureDiff*> rows;
    std::size_t most = 0;
    for (const auto& m : r.measures) {
        if (m.changed + m.details == 0) continue;
        rows.push_back(&m);
        most = std::max(most, m.changed + m.details);
    }
    const int label_w = 260, bar_w = 560, row_h = 24, top = 34;
    const int height = top + static_cast<int>(std::max<std::size_t>(rows.size(), 1)) * row_h + 10;
    std::string out = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
        "role=\"img\" aria-label=\"{}\">\n",
        label_w + bar_w + 80, height, label_w + bar_w + 80, height, text::markup_escape(w.chart));
    int x = 0;
    for (const auto& s : segments) {  // legend
        out += fmt::format("<rect x=\"{}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{}\"/>"
                           "<text x=\"{}\" y=\"17\" class=\"legend\">{}</text>\n",
                           x, s.color, x + 16, text::markup_escape(w.*s.label));
        x += 16 + static_cast<int>(width(w.*s.label)) * 7 + 14;
    }
    if (rows.empty()) {
        out += fmt::format("<text x=\"0\" y=\"{}\">{}</text>\n", top + 16, text::markup_escape(w.no_changes));
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const MeasureDiff& m = *rows[i];
        const int y = top + static_cast<int>(i) * row_h;
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>\n", label_w - 8,
                           y + 16, text::markup_escape(m.id));
        double at = label_w;
        for (const auto& s : segments) {
            const std::size_t n = m.*s.count;
            if (!n) continue;
            const double len = double(bar_w) * double(n) / double(most);
            out += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"><title>{} {}: {}</title></rect>\n",
                               at, y + 3, len, row_h - 6, s.color, text::markup_escape(m.id), text::markup_escape(w.*s.label), n);
            at += len;
        }
        out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"count\">{}</text>\n", at + 6, y + 16, m.changed + m.details);
    }
    out += "</svg>\n";
    return out;
}

const char* const css = R"(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 24px; color: #212121; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; }
.meta { color: #555; margin: 2px 0; }
table.summary { border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.summary th, table.summary td { border: 1px solid #ddd; padding: 3px 8px; }
table.summary th { background: #f5f5f5; font-weight: 600; word-break: keep-all; }
.scroll { overflow-x: auto; }
table.summary td:first-child { white-space: nowrap; }
table.summary td.n { text-align: right; } table.summary tr.zero td { color: #9e9e9e; }
table.summary tfoot td { font-weight: 600; background: #fafafa; }
.pos { color: #2e7d32; } .neg { color: #c62828; }
svg.chart text { font-size: 12px; fill: #333; } svg.chart .legend { font-size: 11px; }
section.applicant { border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; margin: 12px 0; }
section.applicant h3 { margin: 0; font-size: 15px; }
.change h4 { margin: 10px 0 4px; font-size: 14px; }
.tag { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; color: #fff; background: #757575; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; }
.pair pre { margin: 0; padding: 6px 8px; background: #fafafa; border: 1px solid #eee; white-space: pre-wrap; font-size: 12px; }
.pair .side { font-weight: 600; font-size: 12px; color: #555; }
pre.linediff { margin: 0; padding: 6px 8px; background: #fafafa; border: 1px solid #eee; white-space: pre-wrap; font-size: 12px; }
pre.linediff span { display: block; } pre.linediff .same { color: #777; }
pre.linediff .del { background: #fde2e2; color: #8b1a1a; } pre.linediff .ins { background: #e1f5e1; color: #1b5e20; }
p.cause { margin: 2px 0 6px; font-size: 13px; }
)";

const char* tag_color(Change c) {
    for (const auto& s : segments) {
        if ((c == Change::became_eligible && s.count == &MeasureDiff::became_eligible) ||
            (c == Change::became_ineligible && s.count == &MeasureDiff::became_ineligible) ||
            (c == Change::newly_referred && s.count == &MeasureDiff::newly_referred) ||
            (c == Change::newly_undetermined && s.count == &MeasureDiff::newly_undetermined) ||
            (c == Change::became_not_applicable && s.count == &MeasureDiff::became_not_applicable) ||
            (c == Change::amount_up && s.count == &MeasureDiff::amount_up) ||
            (c == Change::amount_down && s.count == &MeasureDiff::amount_down) ||
            (c == Change::measure_removed && s.count == &MeasureDiff::removed)) {
            return s.color;
        }
    }
    return "#9e9e9e";
}

std::string change_label(Change c, const Words& w) {
    switch (c) {
    case Change::became_eligible: return w.to_eligible;
    case Change::became_ineligible: return w.to_ineligible;
    case Change::newly_referred: return w.to_refer;
    case Change::newly_undetermined: return w.to_undetermined;
    case Change::became_not_applicable: return w.to_not_applicable;
    case Change::amount_up: return w.up;
    case Change::amount_down: return w.down;
    case Change::measure_removed: return w.removed;
    case Change::details: return w.details;
    case Change::none: break;
    }
    return "";
}

std::string by_word(const std::string& by, const Words& w) {
    if (by == "old") return w.old_pack;
    if (by == "new") return w.new_pack;
    return w.both_packs;
}

std::string money_cell(const MeasureDiff& m) {
    if (!m.money) return m.total_after == m.total_before ? "—" : fmt::format("({} {})", signed_money(m.delta()), m.unit);
    return signed_money(m.delta());
}

}  // namespace

std::string diff_to_text(const DiffReport& r, std::string_view lang, std::size_t max_applicants) {
    const Words& w = words(lang);
    std::string out = fmt::format("{}: {} → {}\n", w.title, pack_line(r.before), pack_line(r.after));
    out += fmt::format(fmt::runtime(w.case_line), r.cases, r.compared, r.changed_cases, r.rejected.size(), r.default_as_of);
    out += "\n\n";
    std::size_t id_w = width(w.measure);
    for (const auto& m : r.measures) {
        if (m.changed + m.details || !m.in_old || !m.in_new) id_w = std::max(id_w, width(m.id));
    }
    const std::vector<const char*> heads = {w.compared, w.changed, w.to_eligible, w.to_ineligible, w.to_refer,
                                            w.to_undetermined, w.to_not_applicable, w.up, w.down, w.details, w.money};
    out += pad(w.measure, id_w);
    for (const char* h : heads) out += "  " + pad(h, std::max<std::size_t>(width(h), 6), true);
    out += '\n';
    std::size_t unchanged = 0;
    for (const auto& m : r.measures) {
        if (m.changed + m.details == 0 && m.in_old && m.in_new) {
            ++unchanged;
            continue;
        }
        const std::vector<std::string> cells = {
            std::to_string(m.compared), std::to_string(m.changed), std::to_string(m.became_eligible),
            std::to_string(m.became_ineligible), std::to_string(m.newly_referred), std::to_string(m.newly_undetermined),
            std::to_string(m.became_not_applicable), std::to_string(m.amount_up), std::to_string(m.amount_down), std::to_string(m.details), money_cell(m)};
        out += pad(m.id, id_w);
        for (std::size_t i = 0; i < heads.size(); ++i) {
            out += "  " + pad(cells[i], std::max<std::size_t>(width(heads[i]), 6), true);
        }
        if (!m.in_old) out += std::string("  ") + w.new_measure;
        if (!m.in_new) out += std::string("  ") + w.removed_measure;
        out += '\n';
    }
    if (unchanged) out += fmt::format(fmt::runtime(w.unchanged), unchanged) + "\n";
    out += fmt::format("{}: {} 元\n", w.total_money, signed_money(r.money_delta()));
    if (!r.pack_changes.empty()) {
        out += fmt::format("\n{} ({}):\n", w.pack_changes, r.pack_changes.size());
        for (const auto& c : r.pack_changes) {
            out += fmt::format("  {} ({} → {})\n", c.label(), c.before_at.empty() ? "—" : c.before_at,
                               c.after_at.empty() ? "—" : c.after_at);
            for (const auto& line : c.lines) {
                if (line.op != ' ') out += fmt::format("    {} {}\n", line.op, line.text);
            }
        }
    }
    bool any_transition = false;
    for (const auto& m : r.measures) {
        if (m.transitions.empty()) continue;
        if (!any_transition) out += fmt::format("\n{}:\n", w.transitions);
        any_transition = true;
        std::string list;
        for (const auto& t : m.transitions) list += fmt::format("{}{} → {} {}", list.empty() ? "" : ", ", t.from, t.to, t.count);
        out += fmt::format("  {}: {}\n", m.id, list);
    }
    if (!r.rejected.empty()) {
        out += fmt::format("\n{} ({}):\n", w.rejected, r.rejected.size());
        for (const auto& x : r.rejected) {
            out += fmt::format("  {} ({}): {}\n", text::escape_controls(x.name), text::escape_controls(x.source),
                               fmt::format(fmt::runtime(w.rejected_by), by_word(x.by, w)));
            for (const auto& msg : x.messages) out += fmt::format("      {}\n", text::escape_controls(msg));
        }
    }
    if (r.applicants.empty()) {
        out += fmt::format("\n{}.\n", w.no_changes);
        return out;
    }
    out += fmt::format("\n{} ({}):\n", w.applicants, r.applicants.size());
    std::size_t shown = 0;
    for (const auto& a : r.applicants) {
        if (max_applicants && shown == max_applicants) {
            out += "\n" + fmt::format(fmt::runtime(w.more), r.applicants.size() - shown) + "\n";
            break;
        }
        ++shown;
        out += fmt::format("\n== {}  ({}, {} {})\n", text::escape_controls(a.name), text::escape_controls(a.source), w.as_of,
                           text::escape_controls(a.as_of));
        for (const auto& c : a.changes) {
            out += fmt::format("-- {}: {}", c.measure, change_label(c.change, w));
            if (c.money_delta) out += fmt::format(" ({} 元)", signed_money(c.money_delta));
            if (c.change != Change::details) out += fmt::format("\n   {}: {}", w.cause, causes_text(c, w));
            out += fmt::format("\n   {}:\n", w.before);
            out += indent(c.before ? c.before_text : w.absent, "     ");
            out += fmt::format("   {}:\n", w.after);
            out += indent(c.after ? c.after_text : w.absent, "     ");
        }
    }
    return out;
}

std::string diff_to_json(const DiffReport& r) {
    std::string out = "{\"old\":";
    json_pack(out, r.before);
    out += ",\"new\":";
    json_pack(out, r.after);
    out += ",\"as_of\":";
    append_json_string(out, r.default_as_of);
    out += fmt::format(",\"cases\":{},\"compared\":{},\"changed_cases\":{},\"money_delta\":{}", r.cases, r.compared,
                       r.changed_cases, r.money_delta());
    out += ",\"measures\":[";
    for (std::size_t i = 0; i < r.measures.size(); ++i) {
        const auto& m = r.measures[i];
        if (i) out += ',';
        out += "{\"measure\":";
        append_json_string(out, m.id);
        out += ",\"title\":";
        json_text(out, m.title);
        out += ",\"unit\":";
        append_json_string(out, m.unit);
        out += fmt::format(
            ",\"in_old\":{},\"in_new\":{},\"money\":{},\"compared\":{},\"changed\":{},\"details\":{},"
            "\"became_eligible\":{},\"became_ineligible\":{},\"newly_referred\":{},\"newly_undetermined\":{},"
            "\"became_not_applicable\":{},\"amount_up\":{},\"amount_down\":{},\"removed\":{},\"total_before\":{},\"total_after\":{},\"delta\":{}",
            m.in_old, m.in_new, m.money, m.compared, m.changed, m.details, m.became_eligible, m.became_ineligible,
            m.newly_referred, m.newly_undetermined, m.became_not_applicable, m.amount_up, m.amount_down, m.removed,
            m.total_before,
            m.total_after, m.delta());
        out += ",\"transitions\":[";
        for (std::size_t k = 0; k < m.transitions.size(); ++k) {
            if (k) out += ',';
            out += "{\"from\":";
            append_json_string(out, m.transitions[k].from);
            out += ",\"to\":";
            append_json_string(out, m.transitions[k].to);
            out += fmt::format(",\"count\":{}}}", m.transitions[k].count);
        }
        out += "]}";
    }
    out += "],\"rejected\":[";
    for (std::size_t i = 0; i < r.rejected.size(); ++i) {
        const auto& x = r.rejected[i];
        if (i) out += ',';
        out += "{\"case\":";
        append_json_string(out, x.name);
        out += ",\"source\":";
        append_json_string(out, x.source);
        out += ",\"by\":";
        append_json_string(out, x.by);
        out += ",\"errors\":";
        json_strings(out, x.messages);
        out += '}';
    }
    out += "],\"applicants\":[";
    for (std::size_t i = 0; i < r.applicants.size(); ++i) {
        const auto& a = r.applicants[i];
        if (i) out += ',';
        out += "{\"case\":";
        append_json_string(out, a.name);
        out += ",\"source\":";
        append_json_string(out, a.source);
        out += ",\"applicant_id\":";
        append_json_string(out, a.applicant_id);
        out += ",\"as_of\":";
        append_json_string(out, a.as_of);
        out += ",\"changes\":[";
        for (std::size_t k = 0; k < a.changes.size(); ++k) {
            const auto& c = a.changes[k];
            if (k) out += ',';
            out += "{\"measure\":";
            append_json_string(out, c.measure);
            out += ",\"change\":";
            append_json_string(out, to_string(c.change));
            out += fmt::format(",\"money_delta\":{},\"before\":", c.money_delta);
            json_decision(out, c.before);
            out += ",\"after\":";
            json_decision(out, c.after);
            out += ",\"before_text\":";
            append_json_string(out, c.before_text);
            out += ",\"after_text\":";
            append_json_string(out, c.after_text);
            out += ",\"causes\":";
            json_strings(out, c.causes);
            out += '}';
        }
        out += "]}";
    }
    out += "],\"pack_changes\":[";
    for (std::size_t k = 0; k < r.pack_changes.size(); ++k) {
        const auto& c = r.pack_changes[k];
        if (k) out += ',';
        out += "{\"kind\":";
        append_json_string(out, c.kind);
        out += ",\"name\":";
        append_json_string(out, c.name);
        out += ",\"before_at\":";
        append_json_string(out, c.before_at);
        out += ",\"after_at\":";
        append_json_string(out, c.after_at);
        out += ",\"lines\":[";
        for (std::size_t i = 0; i < c.lines.size(); ++i) {
            out += i ? ",{\"op\":" : "{\"op\":";
            append_json_string(out, std::string(1, c.lines[i].op));
            out += ",\"text\":";
            append_json_string(out, c.lines[i].text);
            out += '}';
        }
        out += "]}";
    }
    out += "]}\n";
    return out;
}

std::string diff_to_html(const DiffReport& r, std::string_view lang, std::size_t max_applicants) {
    const Words& w = words(lang);
    std::string out = fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
                                  "<title>{}: {} → {}</title>\n<style>{}</style>\n</head>\n<body>\n",
                                  lang == "en" ? "en" : "zh", text::markup_escape(w.title), text::markup_escape(r.before.id + " " + r.before.version),
                                  text::markup_escape(r.after.id + " " + r.after.version), css);
    out += fmt::format("<h1>{}</h1>\n", text::markup_escape(w.title));
    out += fmt::format("<p class=\"meta\">{}: {}</p>\n<p class=\"meta\">{}: {}</p>\n", text::markup_escape(w.before),
                       text::markup_escape(pack_line(r.before)), text::markup_escape(w.after), text::markup_escape(pack_line(r.after)));
    out += "<p class=\"meta\">" +
           text::markup_escape(fmt::format(fmt::runtime(w.case_line), r.cases, r.compared, r.changed_cases, r.rejected.size(),
                                   r.default_as_of)) +
           "</p>\n";

    out += "<h2>" + text::markup_escape(w.summary) + "</h2>\n<div class=\"scroll\"><table class=\"summary\">\n<thead><tr>";
    for (const char* h : {w.measure, w.name, w.compared, w.changed, w.to_eligible, w.to_ineligible, w.to_refer,
                          w.to_undetermined, w.to_not_applicable, w.up, w.down, w.removed, w.details, w.money}) {
        out += "<th>" + text::markup_escape(h) + "</th>";
    }
    out += "</tr></thead>\n<tbody>\n";
    std::size_t totals[11] = {};
    for (const auto& m : r.measures) {
        const std::size_t cells[11] = {m.compared,       m.changed,   m.became_eligible, m.became_ineligible,
                                       m.newly_referred, m.newly_undetermined, m.became_not_applicable,
                                       m.amount_up,      m.amount_down, m.removed, m.details};
        out += fmt::format("<tr{}><td>{}</td><td>{}</td>", m.changed + m.details ? "" : " class=\"zero\"",
                           text::markup_escape(m.id), text::markup_escape(m.title.in(lang)));
        for (std::size_t i = 0; i < 11; ++i) {
            out += fmt::format("<td class=\"n\">{}</td>", cells[i]);
            totals[i] += cells[i];
        }
        const char* cls = m.delta() > 0 ? "n pos" : m.delta() < 0 ? "n neg" : "n";
        out += fmt::format("<td class=\"{}\">{}</td></tr>\n", cls, text::markup_escape(money_cell(m)));
    }
    // Counts and money are totalled on rows of their own: a count is not money.
    out += "</tbody>\n<tfoot><tr><td colspan=\"2\">" + text::markup_escape(w.total_decisions) + "</td>";
    out += "<td></td>";  // decisions compared per measure do not add up to anything useful
    for (std::size_t i = 1; i < 11; ++i) out += fmt::format("<td class=\"n\">{}</td>", totals[i]);
    out += "<td></td></tr>\n<tr><td colspan=\"2\">" + text::markup_escape(w.total_money) + "</td><td colspan=\"11\"></td>";
    out += fmt::format("<td class=\"n\">{}</td></tr></tfoot>\n</table></div>\n", signed_money(r.money_delta()));

    if (!r.pack_changes.empty()) {
        out += fmt::format("<h2>{} ({})</h2>\n", text::markup_escape(w.pack_changes), r.pack_changes.size());
        for (const auto& c : r.pack_changes) {
            out += fmt::format("<div class=\"pack-change\" id=\"{}\"><h4>{} <span class=\"meta\">{} → {}</span></h4><pre class=\"linediff\">",
                               text::markup_escape(c.kind + "-" + c.name), text::markup_escape(c.label()),
                               text::markup_escape(c.before_at.empty() ? "—" : c.before_at),
                               text::markup_escape(c.after_at.empty() ? "—" : c.after_at));
            for (const auto& line : c.lines) {
                const char* cls = line.op == '+' ? "ins" : line.op == '-' ? "del" : "same";
                out += fmt::format("<span class=\"{}\">{} {}</span>", cls, line.op, text::markup_escape(line.text));
            }
            out += "</pre></div>\n";
        }
    }

    out += "<h2>" + text::markup_escape(w.chart) + "</h2>\n" + svg_chart(r, w);

    if (!r.rejected.empty()) {
        out += fmt::format("<h2>{} ({})</h2>\n<ul>\n", text::markup_escape(w.rejected), r.rejected.size());
        for (const auto& x : r.rejected) {
            out += fmt::format("<li><b>{}</b> ({}) — {}", text::markup_escape(x.name), text::markup_escape(x.source),
                               text::markup_escape(fmt::format(fmt::runtime(w.rejected_by), by_word(x.by, w))));
            for (const auto& msg : x.messages) out += "<br>" + text::markup_escape(msg);
            out += "</li>\n";
        }
        out += "</ul>\n";
    }

    out += fmt::format("<h2>{} ({})</h2>\n", text::markup_escape(w.applicants), r.applicants.size());
    if (r.applicants.empty()) out += "<p>" + text::markup_escape(w.no_changes) + "</p>\n";
    std::size_t shown = 0;
    for (const auto& a : r.applicants) {
        if (max_applicants && shown == max_applicants) {
            out += "<p>" + text::markup_escape(fmt::format(fmt::runtime(w.more), r.applicants.size() - shown)) + "</p>\n";
            break;
        }
        ++shown;
        out += fmt::format("<section class=\"applicant\">\n<h3>{}</h3>\n<p class=\"meta\">{} · {} {}</p>\n",
                           text::markup_escape(a.name), text::markup_escape(a.source), text::markup_escape(w.as_of), text::markup_escape(a.as_of));
        for (const auto& c : a.changes) {
            out += fmt::format("<div class=\"change\"><h4>{} <span class=\"tag\" style=\"background:{}\">{}</span>",
                               text::markup_escape(c.measure), tag_color(c.change), text::markup_escape(change_label(c.change, w)));
            if (c.money_delta) out += fmt::format(" {} 元", signed_money(c.money_delta));
            out += "</h4>\n";
            if (c.change != Change::details) {
                out += fmt::format("<p class=\"cause\">{}: ", text::markup_escape(w.cause));
                if (c.causes.empty()) out += text::markup_escape(w.no_single_cause);
                for (std::size_t k = 0; k < c.causes.size(); ++k) {
                    const auto sp = c.causes[k].find(' ');
                    out += fmt::format("{}<a href=\"#{}\">{}</a>", k ? "; " : "",
                                       text::markup_escape(c.causes[k].substr(0, sp) + "-" + c.causes[k].substr(sp + 1)),
                                       text::markup_escape(c.causes[k]));
                }
                out += "</p>\n";
            }
            out += "<div class=\"pair\">";
            out += fmt::format("<div><div class=\"side\">{}</div><pre>{}</pre></div>", text::markup_escape(w.before),
                               text::markup_escape(c.before ? c.before_text : w.absent));
            out += fmt::format("<div><div class=\"side\">{}</div><pre>{}</pre></div>", text::markup_escape(w.after),
                               text::markup_escape(c.after ? c.after_text : w.absent));
            out += "</div></div>\n";
        }
        out += "</section>\n";
    }
    out += "</body>\n</html>\n";
    return out;
}

}  // namespace talentrules::rules
