// Judging and running a Request: the one place the front ends' options are checked, so a
// bad date or measure id reads the same from the CLI, the C API, Python or a service.

#include "talentrules/rules/request.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include "diagnostics/catalogue.hpp"
#include "rules/compile/functions.hpp"
#include "rules/eval/json_write.hpp"
#include "talentrules/json.hpp"
#include "talentrules/cel/env.hpp"
#include "diagnostics/catalogue.hpp"
#include "text/date.hpp"

namespace talentrules::rules {
namespace {

// The code points of UTF-8 text, so that a Chinese character counts as one edit.
std::u32string code_points(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        char32_t cp = n == 1 ? c : c & (0x3F >> (n - 1));
        for (std::size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(cp);
        i += n;
    }
    return out;
}

// Levenshtein distance over code points.
std::size_t edit_distance(std::u32string_view a, std::u32string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

void check_evaluation(const RuleSet& ruleset, const std::string& as_of, const std::vector<std::string>& measures,
                      Diagnostics& out) {
    if (!as_of.empty() && !text::valid_date(as_of)) {
        out.push_back(diagnostics::make_diagnostic("TR6001", "date", {as_of}));
    }
    const auto& pack = ruleset.pack();
    for (const auto& id : measures) {
        const bool known = std::any_of(pack.measures.begin(), pack.measures.end(),
                                       [&](const Measure& m) { return m.id == id; });
        if (known) continue;
        std::vector<std::string> ids;
        for (const auto& m : pack.measures) ids.push_back(m.id);
        if (auto hint = nearest(id, ids)) {
            out.push_back(diagnostics::make_diagnostic("TR6002", "unknown_hint", {pack.info.id, id, *hint}));
        } else {
            out.push_back(diagnostics::make_diagnostic("TR6002", "unknown", {pack.info.id, id}));
        }
    }
}

std::string render_text(const Report& report, const Request& request) {
    return to_text(report, request.language, request.explain);
}

std::string render_json(const Report& report, const Request& request) {
    return to_json(report, request.explain) + "\n";
}

// The one table of output formats (request.hpp, OutputFormat).
constexpr OutputFormat formats[] = {
    {"text", "for people, in --lang", render_text},
    {"json", "for programs, one JSON document", render_json},
};

constexpr std::string_view languages[] = {"zh", "en"};

// A request's limit: unset, or from 1 to the engine's (a request only tightens).
template <typename T>
void check_limit(const char* name, const std::optional<T>& value, T engine, Diagnostics& out) {
    if (!value) return;
    if (*value == 0) {
        out.push_back(diagnostics::make_diagnostic("TR6010", "zero", {name}));
    } else if (*value > engine) {
        out.push_back(diagnostics::make_diagnostic("TR6010", "looser", {name, *value, engine}));
    }
}

}  // namespace

std::span<const OutputFormat> output_formats() { return formats; }

const OutputFormat* find_output_format(std::string_view name) {
    for (const auto& f : formats) {
        if (f.name == name) return &f;
    }
    return nullptr;
}

std::vector<std::string> output_format_names() {
    std::vector<std::string> out;
    for (const auto& f : formats) out.emplace_back(f.name);
    return out;
}

std::vector<std::string> language_names() { return {std::begin(languages), std::end(languages)}; }

Lang lang_of(std::string_view language) { return language == "zh" ? Lang::zh : Lang::en; }

std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates) {
    const std::u32string typed = code_points(word);
    const std::size_t limit = std::max<std::size_t>(1, typed.size() / 3);
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    std::optional<std::string> prefix;
    std::size_t prefix_difference = std::numeric_limits<std::size_t>::max();
    for (const auto& c : candidates) {
        const std::u32string candidate = code_points(c);
        const std::size_t d = edit_distance(typed, candidate);
        if (d < best_distance) {  // the first of equally near candidates wins: stable hints
            best_distance = d;
            best = c;
        }
        // A word with something added or cut off (硕士研究生 for 硕士, price for price_wan)
        // is far by edits but plainly meant; a common start of one code point says too little.
        const auto& [shorter, longer] =
            std::minmax(typed, candidate, [](const auto& a, const auto& b) { return a.size() < b.size(); });
        if (shorter.size() >= 2 && shorter.size() < longer.size() && longer.starts_with(shorter) &&
            longer.size() - shorter.size() < prefix_difference) {
            prefix_difference = longer.size() - shorter.size();
            prefix = c;
        }
    }
    return best ? best : prefix;
}

Diagnostics validate(const RuleSet& ruleset, const EvaluateOptions& options) {
    Diagnostics out;
    check_evaluation(ruleset, options.as_of, options.measures, out);
    return out;
}

Diagnostics validate(const RuleSet& ruleset, const Request& request) {
    Diagnostics out;
    check_evaluation(ruleset, request.as_of, request.measures, out);
    if (std::find(std::begin(languages), std::end(languages), request.language) == std::end(languages)) {
        out.push_back(diagnostics::make_diagnostic("TR6003", "language", {request.language}));
    }
    if (!find_output_format(request.format)) {
        out.push_back(diagnostics::make_diagnostic("TR6004", "format", {request.format}));
    }
    // Output has no engine limit of its own: any budget of at least a byte tightens.
    check_limit<std::size_t>("max_output_bytes", request.limits.max_output_bytes, std::numeric_limits<std::size_t>::max(), out);
    const cel::EvalLimits engine;
    check_limit("max_cost", request.limits.max_cost, engine.max_cost, out);
    check_limit("max_collection_size", request.limits.max_collection_size, engine.max_collection_size, out);
    check_limit("max_string_bytes", request.limits.max_string_bytes, engine.max_string_bytes, out);
    return out;
}

EvaluateOptions evaluate_options(const Request& request) {
    EvaluateOptions options;
    options.as_of = request.as_of;
    options.measures = request.measures;
    options.explain = request.explain;
    options.would_change = request.would_change;
    options.strict = request.strict;
    if (request.limits.max_cost) options.limits.max_cost = *request.limits.max_cost;
    if (request.limits.max_collection_size) options.limits.max_collection_size = *request.limits.max_collection_size;
    if (request.limits.max_string_bytes) options.limits.max_string_bytes = *request.limits.max_string_bytes;
    return options;
}

CheckResult check(const RuleSet& ruleset, const Profile& profile, const Request& request) {
    CheckResult result;
    result.diagnostics = validate(ruleset, request);
    if (!result.diagnostics.empty()) return result;
    result.report = ruleset.evaluate(profile, evaluate_options(request));
    result.output = find_output_format(request.format)->render(*result.report, request);
    if (const auto budget = request.limits.max_output_bytes; budget && result.output.size() > *budget) {
        // Nothing partial: a cut report could be read as a whole one.
        result.diagnostics.push_back(
            diagnostics::make_diagnostic("TR6011", "over", {result.output.size(), *budget}));
        result.output.clear();
        result.report.reset();
    }
    return result;
}

std::string measures_json(const RuleSet& ruleset) {
    const auto& pack = ruleset.pack();
    std::string out = "[";
    for (const auto& m : pack.measures) {
        // Each end the measure leaves open is the pack's (as the compiler does).
        Period effective = m.effective;
        if (effective.from.empty()) effective.from = pack.info.effective.from;
        if (effective.to.empty()) effective.to = pack.info.effective.to;
        if (out.size() > 1) out += ',';
        out += "{\"id\":";
        append_json_string(out, m.id);
        out += ",\"title\":";
        detail::json_text(out, m.title);
        out += ",\"kind\":";
        append_json_string(out, m.kind);
        out += ",\"clause\":";
        detail::json_clause(out, m.clause);
        out += ",\"effective\":{\"from\":";
        append_json_string(out, effective.from);
        out += ",\"to\":";
        append_json_string(out, effective.to);
        out += "},\"unit\":";
        append_json_string(out, m.unit);
        out += '}';
    }
    return out + "]";
}

std::vector<FunctionInfo> rule_functions() {
    cel::EnvBuilder builder;
    register_rule_functions(builder.functions());
    const auto env = builder.build();
    // By name; a name's overloads in registration order (docs/FUNCTIONS.md's order).
    std::map<std::string, std::vector<FunctionInfo>> by_name;
    for (const auto& o : env->functions().all()) {
        by_name[o.name].push_back({o.name, o.id(), o.result.to_string(), o.doc});
    }
    std::vector<FunctionInfo> out;
    for (auto& [name, overloads] : by_name) {
        for (auto& f : overloads) out.push_back(std::move(f));
    }
    return out;
}

}  // namespace talentrules::rules
