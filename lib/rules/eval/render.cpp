// Shared pieces of the report renderings (see render.hpp).

#include "rules/eval/render.hpp"

#include <fmt/format.h>

#include "rules/compile/functions.hpp"
#include "talentrules/json.hpp"
#include "text/words.hpp"

namespace talentrules::rules::detail {
namespace {

using cel::Value;

// A value in an explanation is cut at this many bytes: lists and maps share their parts,
// so a small value can print as gigabytes (`[l, l]` nested 40 times).
constexpr std::size_t max_shown_bytes = 64u << 10;

bool is_date(const Value& v) {
    return v.is_timestamp() && v.as_timestamp().seconds % 86400 == 0 && v.as_timestamp().nanos == 0;
}

void show_into(std::string& out, const Value& v, std::string_view lang, std::size_t limit) {
    if (out.size() > limit) return;
    if (is_date(v)) {
        out += format_date(v.as_timestamp());
    } else if (v.is_string()) {
        out += v.as_string().substr(0, limit - out.size() + 1);
    } else if (v.is_unknown()) {
        out += text::words(lang).report.not_given;
    } else if (v.is_error()) {
        out += "error: " + v.error_message();
    } else if (v.is_list()) {
        out += '[';
        bool first = true;
        for (const auto& i : v.as_list()) {
            if (out.size() > limit) break;
            if (!first) out += ", ";
            first = false;
            show_into(out, i, lang, limit);
        }
        out += ']';
    } else if (v.is_map()) {
        out += value_to_json(v, limit - out.size() + 1);
    } else if (v.is_double()) {
        out += fmt::format("{}", v.as_double());  // 3 rather than CEL's 3.0: a caseworker reads it
    } else {
        out += v.to_cel();
    }
}

}  // namespace

std::string show(const Value& v, std::string_view lang) {
    std::string out;
    show_into(out, v, lang, max_shown_bytes);
    if (out.size() > max_shown_bytes) {
        out.resize(max_shown_bytes);
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();  // whole UTF-8
        if (!out.empty()) out.pop_back();
        out += "…";
    }
    return out;
}

void json_value(std::string& out, const Value& v) {
    if (is_date(v)) {
        append_json_string(out, format_date(v.as_timestamp()));
    } else if (v.is_unknown()) {
        out += "null";
    } else {
        out += value_to_json(v, max_shown_bytes);
    }
}

std::string change_sentence(const Counterfactual& c, std::string_view lang) {
    const auto& w = text::words(lang).report;
    const std::string& label = c.label.in(lang);
    std::string values;
    for (const auto& v : c.values) values += (values.empty() ? "" : w.list_separator) + show(v, lang);
    const std::string now = show(c.current, lang);
    std::string out;
    switch (c.kind) {
    case Counterfactual::Kind::set: out = fmt::format(fmt::runtime(w.change_set), label, values, now); break;
    case Counterfactual::Kind::one_of: out = fmt::format(fmt::runtime(w.change_one_of), label, values, now); break;
    case Counterfactual::Kind::at_least: out = fmt::format(fmt::runtime(w.change_at_least), label, values, now); break;
    case Counterfactual::Kind::at_most: out = fmt::format(fmt::runtime(w.change_at_most), label, values, now); break;
    case Counterfactual::Kind::on_or_after: out = fmt::format(fmt::runtime(w.change_on_or_after), label, values, now); break;
    case Counterfactual::Kind::on_or_before: out = fmt::format(fmt::runtime(w.change_on_or_before), label, values, now); break;
    case Counterfactual::Kind::add: out = fmt::format(fmt::runtime(w.change_add), label, values, now); break;
    case Counterfactual::Kind::fixed: out = fmt::format(fmt::runtime(w.change_fixed), label, c.condition_title.in(lang)); break;
    }
    // How far a whole number is from where it must be ("还差 4").
    if ((c.kind == Counterfactual::Kind::at_least || c.kind == Counterfactual::Kind::at_most) && c.current.is_int() &&
        !c.values.empty() && c.values.front().is_int()) {
        const std::int64_t gap = c.values.front().as_int() - c.current.as_int();
        out += fmt::format(fmt::runtime(w.change_short), gap < 0 ? -gap : gap);
    }
    // Time may still meet a condition on a fixed fact ("满24个月"): say when.
    if (c.recheck_on) out += fmt::format(fmt::runtime(w.change_recheck), *c.recheck_on);
    return out;
}

std::string amount_text(const Decision& d, std::string_view lang) {
    if (!d.amount) return {};
    const auto& w = text::words(lang).report;
    const bool en = lang == "en";
    std::string out = fmt::format("{} {}", *d.amount, text::unit_in(d.unit, lang));
    if (d.months) out += fmt::format(" × {} {}", *d.months, w.months);
    if (!d.sample_parameters.empty()) out += fmt::format(fmt::runtime(en ? " ({})" : "（{}）"), w.sample);
    return out;
}

}  // namespace talentrules::rules::detail
