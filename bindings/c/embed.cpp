#include "embed.hpp"

#include "talentrules/fault.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <exception>
#include <new>

#include "talentrules/json.hpp"
#include "talentrules/rules/decision.hpp"
#include "talentrules/rules/request.hpp"

namespace talentrules::embed {
namespace {

// The failure for diagnostics that stopped a load or a profile: the first error
// locates it, `details` keeps them all (house rule: never stop at the first).
Failure from_diagnostics(Status status, const Diagnostics& diagnostics, std::string_view fallback,
                         Lang lang = Lang::en) {
    Failure f = failure(status, std::string(fallback));
    for (const auto& d : diagnostics) {
        if (d.severity != Severity::error) continue;
        f = failure(status, d, lang);
        break;
    }
    f.details = diagnostics_json(diagnostics, lang);
    return f;
}

// The engine's JSON parser (simdjson) reports no offset for a syntax error, so such a
// diagnostic points at 1:1. Re-parse the (rejected, so rare) text to find where it
// breaks, counted as every diagnostic is (position_of: code-point columns, so a
// caret lands under the right character after Chinese text).
void locate_json_syntax_error(std::string_view text, Diagnostics& diagnostics) {
    for (auto& d : diagnostics) {
        if (d.code != "TR5004" || !d.message.starts_with("invalid JSON") || d.position.line > 1 ||
            d.position.column > 1) {
            continue;
        }
        try {
            [[maybe_unused]] const auto parsed = nlohmann::json::parse(text.begin(), text.end());
        } catch (const nlohmann::json::parse_error& e) {
            const std::size_t offset = e.byte > 0 ? std::min<std::size_t>(e.byte - 1, text.size()) : 0;
            d.position = position_of(text, static_cast<std::uint32_t>(offset));
        } catch (const nlohmann::json::exception&) {
            // Not a syntax error after all (e.g. too deep): keep the engine's position.
        }
    }
}

}  // namespace

std::string_view to_string(Status status) {
    switch (status) {
    case Status::ok: return "ok";
    case Status::invalid_argument: return "invalid_argument";
    case Status::load: return "load";
    case Status::profile: return "profile";
    case Status::options: return "options";
    case Status::out_of_memory: return "out_of_memory";
    case Status::internal: return "internal";
    }
    return "internal";
}

Failure failure(Status status, std::string message) {
    Failure f;
    f.status = status;
    f.code = std::string(to_string(status));
    f.message = std::move(message);
    return f;
}

Failure failure(Status status, const Diagnostic& diagnostic, Lang lang) {
    Failure f = failure(status, message_in(diagnostic, lang));
    f.code = diagnostic.code;
    f.file = diagnostic.file;
    f.line = diagnostic.position.line;
    f.column = diagnostic.position.column;
    return f;
}

Failure current_exception_failure() {
    try {
        throw;
    } catch (const std::bad_alloc&) {
        return failure(Status::out_of_memory, "out of memory");
    } catch (const std::exception& e) {
        return failure(Status::internal, std::string("internal error: ") + e.what());
    } catch (...) {
        return failure(Status::internal, "internal error: unknown exception");
    }
}

std::optional<Failure> load(const std::string& directory, Loaded& out) {
    auto result = rules::RuleSet::load(directory);
    if (!result.ok()) {
        return from_diagnostics(Status::load, result.diagnostics, "the rule pack could not be loaded");
    }
    out.measures_json = rules::measures_json(*result.ruleset);
    out.ruleset = std::move(result.ruleset);
    out.diagnostics = std::move(result.diagnostics);
    return std::nullopt;
}

std::optional<Failure> parse_options(std::string_view json, CheckOptions& out) {
    const auto doc = nlohmann::json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return failure(Status::options, "options are not valid JSON");
    if (!doc.is_object()) return failure(Status::options, "options must be a JSON object");
    for (const auto& [key, value] : doc.items()) {
        if (key == "as_of" || key == "lang" || key == "messages") {
            if (value.is_null()) continue;
            if (!value.is_string()) return failure(Status::options, "option '" + key + "' must be a string");
            (key == "as_of" ? out.as_of : key == "lang" ? out.lang : out.messages) = value.get<std::string>();
        } else if (key == "explain" || key == "strict") {
            if (!value.is_boolean()) return failure(Status::options, "option '" + key + "' must be true or false");
            (key == "explain" ? out.explain : out.strict) = value.get<bool>();
        } else if (key == "measures") {
            if (value.is_null()) continue;
            if (!value.is_array()) return failure(Status::options, "option 'measures' must be a list of measure ids");
            for (const auto& id : value) {
                if (!id.is_string()) return failure(Status::options, "option 'measures' must be a list of measure ids");
                out.measures.push_back(id.get<std::string>());
            }
        } else {
            return failure(Status::options, "unknown option '" + key + "' (allowed: as_of, measures, lang, messages, explain, strict)");
        }
    }
    return std::nullopt;
}

namespace {

rules::Request request(const CheckOptions& options) {
    rules::Request r;
    r.as_of = options.as_of;
    r.measures = options.measures;
    if (!options.lang.empty()) r.language = options.lang;
    r.format = "json";
    r.explain = options.explain;
    r.would_change = options.explain;  // explain: false is the API's speed knob
    r.strict = options.strict;
    return r;
}

}  // namespace

std::optional<Failure> validate(const rules::RuleSet& ruleset, const CheckOptions& options) {
    // The library judges the options, so the C API, Python and the CLI say the same.
    auto problems = rules::validate(ruleset, request(options));
    if (!options.messages.empty() && options.messages != "zh" && options.messages != "en") {
        problems.push_back(catalogued_diagnostic("TR6003", "language", {options.messages}));
    }
    if (problems.empty()) return std::nullopt;
    const bool known_lang = options.lang.empty() || options.lang == "zh" || options.lang == "en";
    return from_diagnostics(Status::options, problems, "the options are not valid",
                            known_lang ? options.message_lang() : Lang::en);
}

std::optional<Failure> check(const rules::RuleSet& ruleset, std::string_view profile_json,
                             const CheckOptions& options, std::string& out) {
    fault_point("check");  // tests: no exception escapes the C API or Python
    auto profile = ruleset.parse_profile(profile_json);
    if (!profile.ok()) {
        if (options.profile_is_text) {
            locate_json_syntax_error(profile_json, profile.diagnostics);
        } else {
            for (auto& d : profile.diagnostics) d.position = {};
        }
        return from_diagnostics(Status::profile, profile.diagnostics, "the profile is not valid",
                                options.message_lang());
    }
    auto result = rules::check(ruleset, *profile.profile, request(options));
    if (!result.ok()) {
        return from_diagnostics(Status::options, result.diagnostics, "the options are not valid", options.message_lang());
    }
    out = std::move(result.output);
    if (!out.empty() && out.back() == '\n') out.pop_back();
    if (!options.lang.empty() && !out.empty() && out.back() == '}') {
        // The caseworker's text, last, so the report's own fields keep their order.
        out.pop_back();
        out += ",\"text\":";
        append_json_string(out, rules::to_text(*result.report, options.lang, options.explain));
        out += '}';
    }
    return std::nullopt;
}

Lang CheckOptions::message_lang() const {
    const std::string& chosen = messages.empty() ? lang : messages;
    return chosen == "en" ? Lang::en : Lang::zh;
}

std::string diagnostics_json(const Diagnostics& diagnostics, Lang lang) { return diagnostics_to_json(diagnostics, lang); }

}  // namespace talentrules::embed
