#pragma once
// JSON writing shared by the rules layer's hand-written documents (report.cpp: the
// portal's report, docs/REPORT.md; diff_render.cpp: `talentrules diff --format json`,
// docs/POLICY_TOOLS.md). Each helper appends one JSON value to `out`, compact, in a fixed
// field order; strings go through talentrules::append_json_string. Private: not installed.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "talentrules/json.hpp"
#include "talentrules/rules/decision.hpp"
#include "talentrules/rules/pack.hpp"

namespace talentrules::rules::detail {

/// `{"zh":…,"en":…}`; `en` falls back to the Chinese text when empty.
inline void json_text(std::string& out, const Text& t) {
    out += "{\"zh\":";
    append_json_string(out, t.zh);
    out += ",\"en\":";
    append_json_string(out, t.en.empty() ? t.zh : t.en);
    out += '}';
}

/// A measure's legal basis: `{"section":…,"text":…}`.
inline void json_clause(std::string& out, const Clause& c) {
    out += "{\"section\":";
    append_json_string(out, c.section);
    out += ",\"text\":";
    append_json_string(out, c.text);
    out += '}';
}

/// An array of strings.
inline void json_strings(std::string& out, const std::vector<std::string>& items) {
    out += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        append_json_string(out, items[i]);
    }
    out += ']';
}

/// A string, or `null` when absent.
inline void json_optional(std::string& out, const std::optional<std::string>& s) {
    if (s) append_json_string(out, *s);
    else out += "null";
}

/// The members of a decision's result, `"outcome":…` to `"excluded_by":…`, without the
/// surrounding braces: the report's decision object and the diff's before/after both hold
/// exactly these, in this order.
inline void json_decision_result(std::string& out, const Decision& d) {
    out += "\"outcome\":";
    append_json_string(out, to_string(d.outcome));
    out += ",\"amount\":";
    out += d.amount ? std::to_string(*d.amount) : "null";
    out += ",\"unit\":";
    append_json_string(out, d.unit);
    out += ",\"months\":";
    out += d.months ? std::to_string(*d.months) : "null";
    out += ",\"sample\":";
    out += d.sample_parameters.empty() ? "false" : "true";
    out += ",\"sample_parameters\":";
    json_strings(out, d.sample_parameters);
    out += ",\"services\":";
    json_strings(out, d.services);
    out += ",\"service_titles\":[";
    for (std::size_t i = 0; i < d.service_titles.size(); ++i) {
        if (i) out += ',';
        json_text(out, d.service_titles[i]);
    }
    out += ']';
    out += ",\"failed\":";
    json_strings(out, d.failed);
    out += ",\"reasons\":";
    json_strings(out, d.reasons);
    out += ",\"missing\":";
    json_strings(out, d.missing);
    out += ",\"not_yet\":";
    out += d.not_yet ? "true" : "false";
    out += ",\"recheck_on\":";
    json_optional(out, d.recheck_on);
    out += ",\"excluded_by\":";
    json_optional(out, d.excluded_by);
}

}  // namespace talentrules::rules::detail
