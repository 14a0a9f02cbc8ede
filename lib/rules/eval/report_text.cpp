// The caseworker's reading of a report (`talentrules check`, text): what was assumed,
// each decision with its basis and what would change a "no", then what to ask next.

#include <fmt/format.h>

#include "rules/eval/render.hpp"
#include "talentrules/rules/decision.hpp"
#include "text/escape.hpp"
#include "text/words.hpp"

namespace talentrules::rules {
namespace {

using Words = text::ReportWords;

std::string outcome_word(const Decision& d, const Words& w) {
    switch (d.outcome) {
    case Outcome::eligible: return w.eligible;
    case Outcome::ineligible: return d.not_yet ? w.not_yet : w.ineligible;
    case Outcome::refer: return w.refer;
    case Outcome::undetermined: return w.undetermined;
    case Outcome::not_applicable: return w.not_applicable;
    }
    return {};
}

const char* mark(Outcome o) {
    switch (o) {
    case Outcome::eligible: return "✔";
    case Outcome::ineligible: return "✘";
    case Outcome::refer: return "→";
    case Outcome::undetermined: return "?";
    case Outcome::not_applicable: return "–";
    }
    return " ";
}

std::string joined(const std::vector<std::string>& items, const Words& w) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : w.list_separator) + i;
    return out;
}

bool shown(const ConditionResult& c, bool explain) {
    if (explain) return true;
    const bool failed = c.value.is_bool() && !c.value.as_bool();
    const bool held = c.value.is_bool() && c.value.as_bool();
    switch (c.kind) {
    case ConditionKind::requires_:
    case ConditionKind::effective:
    case ConditionKind::exclusion:
    case ConditionKind::applies_to: return failed;
    case ConditionKind::refer: return held;
    default: return false;
    }
}

void decision_text(std::string& out, const Report& report, const Decision& d, std::string_view lang, bool explain) {
    const auto& w = text::words(lang).report;
    out += fmt::format("{} {}  {} {}", mark(d.outcome), outcome_word(d, w), d.measure, d.title.in(lang));
    if (d.outcome == Outcome::eligible && d.amount) out += w.colon + detail::amount_text(d, lang);
    out += "\n";
    // Outside the pack's period the one notice at the top says it all.
    if (!report.in_effect && d.failed.size() == 1 && d.failed.front() == "not_in_effect") return;
    if (!d.clause.text.empty()) out += fmt::format("    {}{}{} 「{}」\n", w.basis, w.colon, d.clause.section, d.clause.text);
    if (!d.services.empty()) {
        std::vector<std::string> titles;
        for (std::size_t i = 0; i < d.services.size(); ++i) {
            titles.push_back(i < d.service_titles.size() ? d.service_titles[i].in(lang) : d.services[i]);
        }
        out += fmt::format("    {}{}{}\n", w.services, w.colon, joined(titles, w));
    }
    for (const auto& c : d.conditions) {
        if (!shown(c, explain)) continue;
        const char* sign = c.value.is_bool() ? (c.value.as_bool() ? "✓" : "✗")
                           : c.value.is_unknown() ? "?"
                           : c.value.is_error()   ? "!"
                                                  : "=";  // an amount or other value
        out += fmt::format("    {} {}", sign, c.title.in(lang));
        if (c.kind == ConditionKind::refer && c.value.is_bool() && c.value.as_bool()) out += fmt::format(" [{}]", c.id);
        if (!c.reads.empty()) {
            std::string reads;
            for (const auto& [name, value] : c.reads) {
                reads += fmt::format("{}{} = {}", reads.empty() ? "" : ", ", name, text::escape_controls(detail::show(value, lang)));
            }
            out += fmt::format("  ({})", reads);
        }
        if (c.recheck_on && !d.not_yet) out += fmt::format("  {} {}", w.recheck, *c.recheck_on);
        if (c.value.is_error()) out += fmt::format("  {}{}{}", w.rule_error, w.colon, text::escape_controls(c.value.error_message()));
        out += "\n";
    }
    if (!d.would_change.empty()) {
        out += fmt::format("    {}{}\n", w.would_change, w.colon);
        for (const auto& c : d.would_change) out += fmt::format("      · {}\n", detail::change_sentence(c, lang));
    }
    if (d.excluded_by) {
        const char* sentence = d.outcome == Outcome::eligible ? text::words(lang).process.excluded_route : w.excluded;
        out += fmt::format("    {}\n", fmt::format(fmt::runtime(sentence), d.excluded_by_title.in(lang)));
    }
    if (d.not_yet && d.recheck_on) out += fmt::format("    {}{}{}\n", w.recheck, w.colon, *d.recheck_on);
    if (!d.missing.empty()) {
        std::vector<std::string> items;
        for (std::size_t i = 0; i < d.missing.size(); ++i) {
            const auto& label = i < d.missing_labels.size() ? d.missing_labels[i].in(lang) : d.missing[i];
            items.push_back(fmt::format("{}({})", label, d.missing[i]));
        }
        out += fmt::format("    {}{}{}\n", w.missing, w.colon, joined(items, w));
    }
    detail::process_text(out, d, lang, explain);
    for (const auto& e : d.errors) out += fmt::format("    ! {}{}{}\n", w.rule_error, w.colon, text::escape_controls(e));
}

}  // namespace

std::string to_text(const Report& report, std::string_view lang, bool explain) {
    const Words& w = text::words(lang).report;
    std::string out = fmt::format("{} {} · {} {}\n\n", w.applicant,
                                  report.applicant_id.empty() ? "-" : text::escape_controls(report.applicant_id), w.as_of, report.receipt.as_of);
    if (!report.in_effect) {
        out += "⚠ " + fmt::format(fmt::runtime(w.out_of_effect), report.pack_effective.from.empty() ? "…" : report.pack_effective.from,
                                  report.pack_effective.to.empty() ? "…" : report.pack_effective.to, report.receipt.as_of) +
               "\n\n";
    }
    if (report.strict) out += fmt::format("{}\n\n", w.strict);
    if (!report.assumptions.empty()) {
        out += fmt::format("{}{}\n", w.assumptions, w.colon);
        for (const auto& a : report.assumptions) {
            out += fmt::format("    · {}({}){}{}\n", a.label.in(lang), a.fact, w.colon, a.title.in(lang));
        }
        out += "\n";
    }
    for (const auto& d : report.decisions) decision_text(out, report, d, lang, explain);
    if (!report.questions.empty()) {
        out += fmt::format("\n{}{}\n", w.questions, w.colon);
        std::size_t n = 0;
        for (const auto& q : report.questions) {
            const std::size_t others = q.measures.size() - q.undetermined;
            std::string why = q.undetermined ? fmt::format(fmt::runtime(w.decides), q.undetermined)
                                             : fmt::format(fmt::runtime(w.completes), others);
            std::vector<std::string> measures(q.measures.begin(), q.measures.end());
            out += fmt::format("  {}. {}({}){}{} — {}\n", ++n, q.label.in(lang), q.fact, w.colon, why, joined(measures, w));
        }
    }
    std::size_t counts[outcome_count] = {};
    for (const auto& d : report.decisions) ++counts[static_cast<std::size_t>(d.outcome)];
    out += fmt::format("\n{}{}{} {}, {} {}, {} {}, {} {}, {} {}\n", w.summary, w.colon, w.eligible, counts[0], w.ineligible,
                       counts[1], w.refer, counts[2], w.undetermined, counts[3], w.not_applicable, counts[4]);
    out += fmt::format("{}{}{} {} · pack {} · engine {} · profile {}\n", w.receipt, w.colon, report.receipt.pack_id,
                       report.receipt.pack_version, report.receipt.pack_hash.substr(0, 12), report.receipt.engine_version,
                       report.receipt.profile_hash.substr(0, 12));
    return out;
}

}  // namespace talentrules::rules
