// Reports as JSON (the portal's contract, docs/REPORT.md; the caseworker's text is
// report_text.cpp). Written directly, field by field, in a fixed order.

#include <fmt/format.h>

#include "rules/compile/functions.hpp"
#include "rules/eval/json_write.hpp"
#include "talentrules/json.hpp"
#include "rules/eval/render.hpp"
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
using detail::json_value;

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

void json_change(std::string& out, const Counterfactual& c) {
    out += "{\"condition\":";
    append_json_string(out, c.condition);
    out += ",\"fact\":";
    append_json_string(out, c.fact);
    out += ",\"label\":";
    json_text(out, c.label);
    out += ",\"kind\":";
    append_json_string(out, to_string(c.kind));
    out += ",\"current\":";
    json_value(out, c.current);
    out += ",\"values\":[";
    for (std::size_t i = 0; i < c.values.size(); ++i) {
        if (i) out += ',';
        json_value(out, c.values[i]);
    }
    out += "],\"recheck_on\":";
    json_optional(out, c.recheck_on);
    out += ",\"text\":";
    json_text(out, {detail::change_sentence(c, "zh"), detail::change_sentence(c, "en")});
    out += '}';
}

void json_assumption(std::string& out, const Assumption& a) {
    out += "{\"fact\":";
    append_json_string(out, a.fact);
    out += ",\"label\":";
    json_text(out, a.label);
    out += ",\"value\":";
    json_value(out, a.value);
    out += ",\"title\":";
    json_text(out, a.title);
    out += '}';
}

void json_question(std::string& out, const Question& q) {
    out += "{\"fact\":";
    append_json_string(out, q.fact);
    out += ",\"label\":";
    json_text(out, q.label);
    out += ",\"type\":";
    append_json_string(out, q.type);
    out += ",\"values\":";
    json_strings(out, q.values);
    out += ",\"min\":";
    out += q.min ? std::to_string(*q.min) : "null";
    out += ",\"max\":";
    out += q.max ? std::to_string(*q.max) : "null";
    out += ",\"measures\":";
    json_strings(out, q.measures);
    out += fmt::format(",\"undetermined\":{}}}", q.undetermined);
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
    out += ",\"exclusion\":";
    if (d.excluded_by) {
        const auto& zh = text::words("zh").report;
        const auto& en = text::words("en").report;
        const bool route = d.outcome == Outcome::eligible;
        json_text(out, {fmt::format(fmt::runtime(route ? text::words("zh").process.excluded_route : zh.excluded),
                                    d.excluded_by_title.in("zh")),
                        fmt::format(fmt::runtime(route ? text::words("en").process.excluded_route : en.excluded),
                                    d.excluded_by_title.in("en"))});
    } else {
        out += "null";
    }
    out += ",\"process\":";
    detail::json_process(out, d, explain);
    out += ",\"errors\":";
    json_strings(out, d.errors);
    out += ",\"would_change\":[";
    for (std::size_t i = 0; i < d.would_change.size(); ++i) {
        if (i) out += ',';
        json_change(out, d.would_change[i]);
    }
    out += ']';
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

}  // namespace

void append_json(std::string& out, const Report& report, bool explain) {
    out += fmt::format("{{\"report_version\":{},\"receipt\":{{\"pack\":", report_version);
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
    out += ",\"pack_effective\":{\"from\":";
    json_optional(out, report.pack_effective.from.empty() ? std::nullopt : std::optional(report.pack_effective.from));
    out += ",\"to\":";
    json_optional(out, report.pack_effective.to.empty() ? std::nullopt : std::optional(report.pack_effective.to));
    out += fmt::format("}},\"in_effect\":{},\"strict\":{}", report.in_effect, report.strict);
    std::size_t counts[outcome_count] = {};
    for (const auto& d : report.decisions) ++counts[static_cast<std::size_t>(d.outcome)];
    out += ",\"summary\":{";
    for (std::size_t i = 0; i < outcome_count; ++i) {
        out += fmt::format("{}\"{}\":{}", i ? "," : "", to_string(static_cast<Outcome>(i)), counts[i]);
    }
    out += "},\"assumptions\":[";
    for (std::size_t i = 0; i < report.assumptions.size(); ++i) {
        if (i) out += ',';
        json_assumption(out, report.assumptions[i]);
    }
    out += "],\"questions\":[";
    for (std::size_t i = 0; i < report.questions.size(); ++i) {
        if (i) out += ',';
        json_question(out, report.questions[i]);
    }
    out += "],\"decisions\":[";
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

}  // namespace talentrules::rules
