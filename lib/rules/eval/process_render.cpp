// A decision's process (department, documents, window, payment schedule, clawback) in
// both renderings of a report: JSON (docs/REPORT.md) and the caseworker's text. Every
// sample item carries its mark in both.

#include <fmt/format.h>

#include <algorithm>

#include "rules/eval/json_write.hpp"
#include "rules/eval/render.hpp"
#include "text/words.hpp"

namespace talentrules::rules::detail {
namespace {

void json_texts(std::string& out, const std::vector<Text>& items) {
    out += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        json_text(out, items[i]);
    }
    out += ']';
}

// `"basis":…,"sample":…,"source":…,"analog":…` and the item's own members.
void json_item(std::string& out, const ProcessItem& p, const char* items_key) {
    out += "{\"basis\":";
    append_json_string(out, to_string(p.basis));
    out += ",\"sample\":";
    out += p.basis == Basis::sample ? "true" : "false";
    out += ",\"source\":";
    json_optional(out, p.source.empty() ? std::nullopt : std::optional(p.source));
    out += ",\"analog\":";
    json_optional(out, p.analog.empty() ? std::nullopt : std::optional(p.analog));
    if (!p.title.zh.empty()) {
        out += ",\"title\":";
        json_text(out, p.title);
    }
    if (items_key) {
        out += fmt::format(",\"{}\":", items_key);
        json_texts(out, p.items);
    }
}

void json_instalment(std::string& out, const InstalmentResult& r) {
    out += "{\"id\":";
    append_json_string(out, r.id);
    out += ",\"title\":";
    json_text(out, r.title);
    out += fmt::format(",\"amount\":{},\"percent\":", r.amount);
    out += r.percent ? std::to_string(*r.percent) : "null";
    out += ",\"sample\":";
    out += r.sample_parameters.empty() ? "false" : "true";
    out += ",\"sample_parameters\":";
    json_strings(out, r.sample_parameters);
    out += ",\"due_on\":";
    json_optional(out, r.due_on);
    out += fmt::format(",\"at_decision\":{},\"status\":", r.at_decision);
    append_json_string(out, to_string(r.status));
    out += ",\"recheck\":[";
    for (std::size_t i = 0; i < r.recheck.size(); ++i) {
        if (i) out += ',';
        out += "{\"id\":";
        append_json_string(out, r.recheck[i].first);
        out += ",\"title\":";
        json_text(out, r.recheck[i].second);
        out += '}';
    }
    out += "],\"failed\":";
    json_strings(out, r.failed);
    out += ",\"missing\":";
    json_strings(out, r.missing);
    out += '}';
}

std::string sample_mark(const ProcessItem& p, std::string_view lang) {
    if (p.basis != Basis::sample) return {};
    return fmt::format(fmt::runtime(lang == "en" ? " ({})" : "（{}）"), text::words(lang).process.sample);
}

std::string titles(const std::vector<std::pair<std::string, Text>>& items, const std::vector<std::string>& only,
                   std::string_view lang) {
    std::string out;
    const auto& sep = text::words(lang).report.list_separator;
    for (const auto& [id, title] : items) {
        if (!only.empty() && std::find(only.begin(), only.end(), id) == only.end()) continue;
        out += (out.empty() ? "" : sep) + title.in(lang);
    }
    return out;
}

std::string instalment_line(const InstalmentResult& r, std::string_view lang) {
    const auto& w = text::words(lang).process;
    const auto& rw = text::words(lang).report;
    const bool en = lang == "en";
    std::string line = fmt::format("{} {} {} {}", r.title.in(lang), r.at_decision ? w.at_decision : r.due_on.value_or("?"),
                                   r.amount, text::unit_in("元", lang));
    if (r.percent) line += fmt::format(fmt::runtime(en ? " ({}%)" : "（{}%）"), *r.percent);
    if (!r.sample_parameters.empty()) line += fmt::format(fmt::runtime(en ? " ({})" : "（{}）"), rw.sample);
    const char* status = r.status == InstalmentStatus::due         ? w.due
                         : r.status == InstalmentStatus::withheld  ? w.withheld
                         : r.status == InstalmentStatus::scheduled ? w.scheduled
                                                                   : w.undetermined;
    line += fmt::format(" {}", status);
    std::string detail;
    switch (r.status) {
    case InstalmentStatus::due:
        if (!r.recheck.empty()) detail = fmt::format(fmt::runtime(w.rechecked), titles(r.recheck, {}, lang));
        break;
    case InstalmentStatus::withheld:
        detail = fmt::format(fmt::runtime(w.failed), titles(r.recheck, r.failed, lang));
        break;
    case InstalmentStatus::scheduled:
        if (!r.recheck.empty()) detail = fmt::format(fmt::runtime(w.recheck_on), r.due_on.value_or("?"), titles(r.recheck, {}, lang));
        break;
    case InstalmentStatus::undetermined: {
        std::string names;
        for (const auto& m : r.missing) names += (names.empty() ? "" : rw.list_separator) + m;
        if (!names.empty()) detail = fmt::format(fmt::runtime(w.missing), names);
        break;
    }
    }
    return detail.empty() ? line : line + " — " + detail;
}

}  // namespace

void json_process(std::string& out, const Decision& d, bool with_documents) {
    if (!d.process) {
        out += "null";
        return;
    }
    const Process& p = *d.process;
    out += "{\"department\":";
    if (p.department) {
        json_item(out, *p.department, "steps");
        out += '}';
    } else {
        out += "null";
    }
    if (with_documents) {
        out += ",\"documents\":";
        if (p.documents) {
            json_item(out, *p.documents, "items");
            out += '}';
        } else {
            out += "null";
        }
    }
    out += ",\"window\":";
    if (p.window) {
        json_item(out, *p.window, nullptr);
        out += ",\"months\":[";
        for (std::size_t i = 0; i < p.window->months.size(); ++i) out += fmt::format("{}{}", i ? "," : "", p.window->months[i]);
        out += "]}";
    } else {
        out += "null";
    }
    out += ",\"payment\":";
    if (p.payment) {
        json_item(out, *p.payment, nullptr);
        out += ",\"instalments\":[";
        for (std::size_t i = 0; i < d.instalments.size(); ++i) {
            if (i) out += ',';
            json_instalment(out, d.instalments[i]);
        }
        out += "],\"error\":";
        json_optional(out, d.payment_error);
        out += '}';
    } else {
        out += "null";
    }
    out += ",\"clawback\":";
    if (p.clawback) {
        json_item(out, *p.clawback, nullptr);
        out += '}';
    } else {
        out += "null";
    }
    out += '}';
}

void process_text(std::string& out, const Decision& d, std::string_view lang, bool with_documents) {
    if (!d.process) return;
    const Process& p = *d.process;
    const auto& w = text::words(lang).process;
    const auto& rw = text::words(lang).report;
    auto line = [&](const char* heading, const ProcessItem& item, const std::string& body) {
        out += fmt::format("    {}{}{}{}\n", heading, rw.colon, body, sample_mark(item, lang));
    };
    if (p.department) {
        std::string body = p.department->title.in(lang);
        if (with_documents && !p.department->items.empty()) {
            std::string steps;
            for (const auto& s : p.department->items) steps += (steps.empty() ? "" : " → ") + s.in(lang);
            body += fmt::format(fmt::runtime(lang == "en" ? " ({})" : "（{}）"), steps);
        }
        line(w.department, *p.department, body);
    }
    if (with_documents && p.documents) {
        std::string items;
        for (const auto& s : p.documents->items) items += (items.empty() ? "" : rw.list_separator) + s.in(lang);
        line(w.documents, *p.documents, items);
    }
    if (p.window) {
        std::string body = p.window->title.in(lang);
        if (!p.window->months.empty()) {
            std::string months;
            for (auto m : p.window->months) months += fmt::format("{}{}", months.empty() ? "" : rw.list_separator, m);
            body += fmt::format(fmt::runtime(lang == "en" ? " ({})" : "（{}）"), fmt::format(fmt::runtime(w.months), months));
        }
        line(w.window, *p.window, body);
    }
    if (p.payment) {
        line(w.payment, *p.payment, p.payment->title.in(lang));
        for (const auto& r : d.instalments) out += fmt::format("      · {}\n", instalment_line(r, lang));
        if (d.payment_error) out += fmt::format("      ! {}{}{}\n", rw.rule_error, rw.colon, *d.payment_error);
    }
    if (p.clawback) line(w.clawback, *p.clawback, p.clawback->title.in(lang));
}

}  // namespace talentrules::rules::detail
