// Reports as JSON (the portal's contract, docs/REPORT.md) and as the caseworker's text.
// JSON is written directly, field by field, in a fixed order.

#include <fmt/format.h>

#include "rules/compile/functions.hpp"
#include "rules/eval/json_write.hpp"
#include "talentrules/json.hpp"
#include "text/words.hpp"
#include "talentrules/rules/decision.hpp"

namespace talentrules::rules {
namespace {

using cel::Value;
using detail::json_decision_result;
using detail::json_optional;
using detail::json_strings;
using detail::json_clause;
using detail::json_text;

// A value in an explanation is cut at this many bytes: lists and maps share their parts,
// so a small value can print as gigabytes (`[l, l]` nested 40 times).
constexpr std::size_t max_shown_bytes = 64u << 10;

// Dates (timestamps at midnight UTC) read as dates; everything else as CEL would print.
void show_into(std::string& out, const Value& v, bool en, std::size_t limit) {
    if (out.size() > limit) return;
    if (v.is_timestamp() && v.as_timestamp().seconds % 86400 == 0 && v.as_timestamp().nanos == 0) {
        out += format_date(v.as_timestamp());
    } else if (v.is_string()) {
        out += v.as_string().substr(0, limit - out.size() + 1);
    } else if (v.is_unknown()) {
        out += text::words(en ? "en" : "zh").report.not_given;
    } else if (v.is_error()) {
        out += "error: " + v.error_message();
    } else if (v.is_list()) {
        out += '[';
        bool first = true;
        for (const auto& i : v.as_list()) {
            if (out.size() > limit) break;
            if (!first) out += ", ";
            first = false;
            show_into(out, i, en, limit);
        }
        out += ']';
    } else if (v.is_map()) {
        out += value_to_json(v, limit - out.size() + 1);
    } else {
        out += v.to_cel();
    }
}

std::string show(const Value& v, bool en) {
    std::string out;
    show_into(out, v, en, max_shown_bytes);
    if (out.size() > max_shown_bytes) {
        out.resize(max_shown_bytes);
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();  // whole UTF-8
        if (!out.empty()) out.pop_back();
        out += "…";
    }
    return out;
}

void json_value(std::string& out, const Value& v) {
    if (v.is_timestamp() && v.as_timestamp().seconds % 86400 == 0 && v.as_timestamp().nanos == 0) {
        append_json_string(out, format_date(v.as_timestamp()));
    } else if (v.is_unknown()) {
        out += "null";
    } else {
        out += value_to_json(v, max_shown_bytes);
    }
}

void json_condition(std::string& out, const ConditionResult& c) {
    out += "{\"kind\":";
    append_json_string(out, c.kind);
    out += ",\"id\":";
    append_json_string(out, c.id);
    out += ",\"title\":";
    json_text(out, c.title);
    out += ",\"expression\":";
    append_json_string(out, c.expression);
    out += ",\"value\":";
    if (c.value.is_unknown()) {
        out += "\"unknown\"";
    } else if (c.value.is_error()) {
        out += "{\"error\":";
        append_json_string(out, c.value.error_message());
        out += '}';
    } else {
        json_value(out, c.value);
    }
    out += ",\"reads\":[";
    for (std::size_t i = 0; i < c.reads.size(); ++i) {
        if (i) out += ',';
        out += "{\"name\":";
        append_json_string(out, c.reads[i].first);
        out += ",\"value\":";
        json_value(out, c.reads[i].second);
        if (c.reads[i].second.is_unknown()) out += ",\"missing\":true";
        out += '}';
    }
    out += "],\"recheck_on\":";
    json_optional(out, c.recheck_on);
    out += '}';
}

void json_decision(std::string& out, const Decision& d, bool explain) {
    out += "{\"measure\":";
    append_json_string(out, d.measure);
    out += ",\"title\":";
    json_text(out, d.title);
    out += ",\"kind\":";
    append_json_string(out, d.kind);
    out += ",\"clause\":";
    json_clause(out, d.clause);
    out += ',';
    json_decision_result(out, d);
    out += ",\"errors\":";
    json_strings(out, d.errors);
    if (explain) {
        out += ",\"explanation\":[";
        for (std::size_t i = 0; i < d.conditions.size(); ++i) {
            if (i) out += ',';
            json_condition(out, d.conditions[i]);
        }
        out += ']';
    }
    out += '}';
}

using Words = text::ReportWords;

std::string outcome_word(const Decision& d, const Words& w) {
    switch (d.outcome) {
    case Outcome::eligible: return w.eligible;
    case Outcome::ineligible: return d.not_yet ? w.not_yet : w.ineligible;
    case Outcome::refer: return w.refer;
    case Outcome::undetermined: return w.undetermined;
    }
    return {};
}

const char* mark(Outcome o) {
    switch (o) {
    case Outcome::eligible: return "✔";
    case Outcome::ineligible: return "✘";
    case Outcome::refer: return "→";
    case Outcome::undetermined: return "?";
    }
    return " ";
}

}  // namespace

std::string_view to_string(Outcome outcome) {
    switch (outcome) {
    case Outcome::eligible: return "eligible";
    case Outcome::ineligible: return "ineligible";
    case Outcome::refer: return "refer";
    case Outcome::undetermined: return "undetermined";
    }
    return "undetermined";
}

void append_json(std::string& out, const Report& report, bool explain) {
    out += "{\"receipt\":{\"pack\":";
    append_json_string(out, report.receipt.pack_id);
    out += ",\"pack_version\":";
    append_json_string(out, report.receipt.pack_version);
    out += ",\"pack_hash\":";
    append_json_string(out, report.receipt.pack_hash);
    out += ",\"engine\":";
    append_json_string(out, report.receipt.engine_version);
    out += ",\"as_of\":";
    append_json_string(out, report.receipt.as_of);
    out += ",\"profile_hash\":";
    append_json_string(out, report.receipt.profile_hash);
    out += "},\"applicant_id\":";
    append_json_string(out, report.applicant_id);
    std::size_t counts[4] = {0, 0, 0, 0};
    for (const auto& d : report.decisions) ++counts[static_cast<int>(d.outcome)];
    out += fmt::format(",\"summary\":{{\"eligible\":{},\"ineligible\":{},\"refer\":{},\"undetermined\":{}}}",
                       counts[0], counts[1], counts[2], counts[3]);
    out += ",\"decisions\":[";
    for (std::size_t i = 0; i < report.decisions.size(); ++i) {
        if (i) out += ',';
        json_decision(out, report.decisions[i], explain);
    }
    out += "]}";
}

std::string to_json(const Report& report, bool explain) {
    std::string out;
    append_json(out, report, explain);
    return out;
}

std::string to_text(const Report& report, std::string_view lang, bool explain) {
    const bool en = text::words(lang).en;
    const Words& w = text::words(lang).report;
    std::string out = fmt::format("{} {} · {} {}\n\n", w.applicant,
                                  report.applicant_id.empty() ? "-" : report.applicant_id, w.as_of, report.receipt.as_of);
    for (const auto& d : report.decisions) {
        out += fmt::format("{} {}  {} {}", mark(d.outcome), outcome_word(d, w), d.measure, d.title.in(lang));
        if (d.outcome == Outcome::eligible && d.amount) {
            out += fmt::format("{}{} {}", en ? ": " : "：", *d.amount, d.unit);
            if (d.months) out += fmt::format(" × {} {}", *d.months, w.months);
        }
        out += "\n";
        if (!d.clause.text.empty()) {
            out += fmt::format("    {}: {} 「{}」\n", w.basis, d.clause.section, d.clause.text);
        }
        if (!d.services.empty()) {
            std::string list;
            for (const auto& s : d.services) list += (list.empty() ? "" : en ? ", " : "、") + s;
            out += fmt::format("    {}: {}\n", w.services, list);
        }
        for (const auto& c : d.conditions) {
            const bool failed = c.value.is_bool() && !c.value.as_bool();
            const bool shown = explain || (failed && (c.kind == ConditionKind::requires_ || c.kind == ConditionKind::effective || c.kind == ConditionKind::exclusion)) ||
                               (c.kind == ConditionKind::refer && c.value.is_bool() && c.value.as_bool());
            if (!shown) continue;
            const char* sign = c.value.is_bool() ? (c.value.as_bool() ? "✓" : "✗")
                               : c.value.is_unknown() ? "?"
                               : c.value.is_error()   ? "!"
                                                      : "=";  // an amount or other value
            out += fmt::format("    {} {}", sign, c.title.in(lang));
            if (c.kind == ConditionKind::refer && c.value.is_bool() && c.value.as_bool()) out += fmt::format(" [{}]", c.id);
            if (!c.reads.empty()) {
                std::string reads;
                for (const auto& [name, value] : c.reads) {
                    reads += fmt::format("{}{} = {}", reads.empty() ? "" : ", ", name, show(value, en));
                }
                out += fmt::format("  ({})", reads);
            }
            if (c.recheck_on && !d.not_yet) out += fmt::format("  {} {}", w.recheck, *c.recheck_on);
            if (c.value.is_error()) out += fmt::format("  {}: {}", w.rule_error, c.value.error_message());
            out += "\n";
        }
        if (d.excluded_by) out += fmt::format("    {}: {}\n", w.excluded, *d.excluded_by);
        if (d.not_yet && d.recheck_on) out += fmt::format("    {}: {}\n", w.recheck, *d.recheck_on);
        if (!d.missing.empty()) {
            std::string list;
            for (std::size_t i = 0; i < d.missing.size(); ++i) {
                const auto& label = i < d.missing_labels.size() ? d.missing_labels[i].in(lang) : d.missing[i];
                list += fmt::format("{}{}({})", list.empty() ? "" : en ? ", " : "、", label, d.missing[i]);
            }
            out += fmt::format("    {}: {}\n", w.missing, list);
        }
        for (const auto& e : d.errors) out += fmt::format("    ! {}: {}\n", w.rule_error, e);
    }
    std::size_t counts[4] = {0, 0, 0, 0};
    for (const auto& d : report.decisions) ++counts[static_cast<int>(d.outcome)];
    out += fmt::format("\n{}: {} {}, {} {}, {} {}, {} {}\n", w.summary, w.eligible, counts[0], w.ineligible, counts[1],
                       w.refer, counts[2], w.undetermined, counts[3]);
    out += fmt::format("{}: {} {} · pack {} · engine {} · profile {}\n", w.receipt, report.receipt.pack_id,
                       report.receipt.pack_version, report.receipt.pack_hash.substr(0, 12), report.receipt.engine_version,
                       report.receipt.profile_hash.substr(0, 12));
    return out;
}

}  // namespace talentrules::rules
