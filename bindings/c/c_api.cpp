// The C API (talentrules.h): a thin layer over embed.hpp that turns every outcome,
// including any exception, into a tr_status and a tr_error. Nothing is thrown past
// these functions: each body runs inside guard(), and guard() itself cannot throw.

#include "talentrules/talentrules.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "embed.hpp"
#include "talentrules/version.hpp"

namespace embed = talentrules::embed;

struct tr_ruleset {
    embed::Loaded loaded;
};

namespace {

// Returned when not even an error can be allocated. Constant (handed out through a
// const_cast, as tr_error is read-only for callers) and never freed: tr_error_free knows it.
const tr_error out_of_memory = {TR_E_OUT_OF_MEMORY, "out_of_memory", "out of memory", "", 0, 0, nullptr};

tr_error* out_of_memory_error() noexcept { return const_cast<tr_error*>(&out_of_memory); }

char* copy_string(const std::string& s) noexcept {
    auto* p = static_cast<char*>(std::malloc(s.size() + 1));
    if (p) std::memcpy(p, s.c_str(), s.size() + 1);
    return p;
}

tr_error* make_error(const embed::Failure& f) noexcept {
    auto* e = static_cast<tr_error*>(std::calloc(1, sizeof(tr_error)));
    if (!e) return out_of_memory_error();
    e->status = static_cast<tr_status>(f.status);
    e->line = f.line;
    e->column = f.column;
    char* code = copy_string(f.code);
    char* message = copy_string(f.message);
    char* file = copy_string(f.file);
    char* details = f.details.empty() ? nullptr : copy_string(f.details);
    if (!code || !message || !file || (!f.details.empty() && !details)) {
        std::free(code);
        std::free(message);
        std::free(file);
        std::free(details);
        std::free(e);
        return out_of_memory_error();
    }
    e->code = code;
    e->message = message;
    e->file = file;
    e->details = details;
    return e;
}

tr_status fail(tr_error** error, const embed::Failure& f) noexcept {
    if (error) *error = make_error(f);
    return static_cast<tr_status>(f.status);
}

tr_status fail_current_exception(tr_error** error) noexcept {
    try {
        return fail(error, embed::current_exception_failure());
    } catch (...) {  // building the failure ran out of memory
        if (error) *error = out_of_memory_error();
        return TR_E_OUT_OF_MEMORY;
    }
}

// Runs `body` (which returns std::optional<Failure>) with every exception caught.
template <class Body>
tr_status guard(tr_error** error, Body&& body) noexcept {
    if (error) *error = nullptr;
    try {
        if (auto f = body()) return fail(error, *f);
        return TR_OK;
    } catch (...) {
        return fail_current_exception(error);
    }
}

// Hands a string to the caller as malloc'd memory (freed by tr_string_free).
std::optional<embed::Failure> give(const std::string& s, char** out) {
    *out = copy_string(s);
    if (!*out) throw std::bad_alloc();
    return std::nullopt;
}

embed::Failure null_argument(const char* name) {
    return embed::failure(embed::Status::invalid_argument, std::string(name) + " must not be NULL");
}

}  // namespace

extern "C" {

const char* tr_version(void) { return talentrules::version; }

tr_status tr_ruleset_load(const char* directory, tr_ruleset** out, tr_error** error) {
    if (out) *out = nullptr;
    return guard(error, [&]() -> std::optional<embed::Failure> {
        if (!directory) return null_argument("directory");
        if (!out) return null_argument("out");
        auto ruleset = std::make_unique<tr_ruleset>();
        if (auto f = embed::load(directory, ruleset->loaded)) return f;
        *out = ruleset.release();
        return std::nullopt;
    });
}

tr_status tr_ruleset_check(const tr_ruleset* ruleset, const char* profile_json, size_t len,
                           const char* options_json, char** report_json, tr_error** error) {
    if (report_json) *report_json = nullptr;
    return guard(error, [&]() -> std::optional<embed::Failure> {
        if (!ruleset) return null_argument("ruleset");
        if (!profile_json && len != 0) return null_argument("profile_json");
        if (!report_json) return null_argument("report_json");
        embed::CheckOptions options;
        if (options_json) {
            if (auto f = embed::parse_options(options_json, options)) return f;
        }
        const auto& rules = *ruleset->loaded.ruleset;
        if (auto f = embed::validate(rules, options)) return f;
        std::string report;
        const std::string_view profile = profile_json ? std::string_view(profile_json, len) : std::string_view();
        if (auto f = embed::check(rules, profile, options, report)) return f;
        return give(report, report_json);
    });
}

tr_status tr_ruleset_lint(const tr_ruleset* ruleset, char** diagnostics_json, tr_error** error) {
    if (diagnostics_json) *diagnostics_json = nullptr;
    return guard(error, [&]() -> std::optional<embed::Failure> {
        if (!ruleset) return null_argument("ruleset");
        if (!diagnostics_json) return null_argument("diagnostics_json");
        return give(embed::diagnostics_json(ruleset->loaded.diagnostics), diagnostics_json);
    });
}

tr_status tr_ruleset_measures(const tr_ruleset* ruleset, char** measures_json, tr_error** error) {
    if (measures_json) *measures_json = nullptr;
    return guard(error, [&]() -> std::optional<embed::Failure> {
        if (!ruleset) return null_argument("ruleset");
        if (!measures_json) return null_argument("measures_json");
        return give(ruleset->loaded.measures_json, measures_json);
    });
}

void tr_ruleset_free(tr_ruleset* ruleset) { delete ruleset; }

void tr_string_free(char* string) { std::free(string); }

void tr_error_free(tr_error* error) {
    if (!error || error == &out_of_memory) return;
    std::free(const_cast<char*>(error->code));
    std::free(const_cast<char*>(error->message));
    std::free(const_cast<char*>(error->file));
    std::free(const_cast<char*>(error->details));
    std::free(error);
}

}  // extern "C"
