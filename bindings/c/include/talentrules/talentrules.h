/*
 * talentrules C API: load a rule pack once, then check applicant profiles against it.
 * JSON in, JSON out. Usable from C99 and C++, and from any language with a C FFI
 * (see docs/EMBEDDING.md for Java, Go, PHP and Python).
 *
 *     tr_ruleset* rules = NULL;
 *     tr_error* err = NULL;
 *     if (tr_ruleset_load("rules/liangping", &rules, &err) != TR_OK) {
 *         fprintf(stderr, "%s:%u:%u: %s: %s\n", err->file, err->line, err->column,
 *                 err->code, err->message);
 *         tr_error_free(err);
 *         return 1;
 *     }
 *     char* report = NULL;
 *     if (tr_ruleset_check(rules, profile, strlen(profile), "{\"as_of\":\"2025-07-01\"}",
 *                          &report, &err) == TR_OK) {
 *         puts(report);
 *         tr_string_free(report);
 *     } else {
 *         tr_error_free(err);
 *     }
 *     tr_ruleset_free(rules);
 *
 * Errors. Every function that can fail returns a tr_status (TR_OK = 0) and, when
 * `error` is not NULL, stores a tr_error describing the failure (or NULL on success).
 * No C++ exception, abort or exit crosses this boundary: the library catches
 * everything, including running out of memory (TR_E_OUT_OF_MEMORY).
 *
 * Ownership. Every pointer the library returns through an out-parameter is owned by
 * the caller and freed with the matching function, exactly once:
 *   tr_ruleset*  -> tr_ruleset_free
 *   char*        -> tr_string_free   (reports, lint and measures JSON; UTF-8, NUL-terminated)
 *   tr_error*    -> tr_error_free    (its strings belong to it: do not free them)
 * All free functions accept NULL. Never pass these pointers to free(). Strings the
 * caller passes in are only read during the call; the library keeps no reference.
 * On failure every out-parameter is set to NULL.
 *
 * Thread-safety. A tr_ruleset is immutable once loaded: any number of threads may call
 * tr_ruleset_check, tr_ruleset_lint and tr_ruleset_measures on the same ruleset at the
 * same time, without locking. tr_ruleset_free must not run concurrently with any other
 * call on that ruleset (free it after the last check returns). Reports, errors and
 * strings are plain memory owned by whoever received them. The library has no global
 * mutable state; tr_version is constant.
 */
#ifndef TALENTRULES_TALENTRULES_H
#define TALENTRULES_TALENTRULES_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  define TALENTRULES_C_API
#elif defined(__GNUC__)
#  define TALENTRULES_C_API __attribute__((visibility("default")))
#else
#  define TALENTRULES_C_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Result of every call that can fail. The numbers are stable. */
typedef enum tr_status {
    TR_OK = 0,
    TR_E_INVALID_ARGUMENT = 1, /* a required pointer was NULL */
    TR_E_LOAD = 2,             /* the rule pack has errors (code TR1xxx-TR4xxx) or cannot be read */
    TR_E_PROFILE = 3,          /* the profile is not JSON or does not fit the schema (code TR5xxx) */
    TR_E_OPTIONS = 4,          /* bad options JSON, as_of, lang or an unknown measure id */
    TR_E_OUT_OF_MEMORY = 5,
    TR_E_INTERNAL = 6          /* a bug in talentrules; the message says what */
} tr_status;

/* Why a call failed. Read-only; free with tr_error_free. */
typedef struct tr_error {
    tr_status status;    /* never TR_OK */
    const char* code;    /* stable code: the first error diagnostic's ("TR5001"), or, when
                            there is none, the status in words: "invalid_argument", "load",
                            "profile", "options", "out_of_memory", "internal" */
    const char* message; /* English, one sentence */
    const char* file;    /* pack file the error is in; "" when unknown or for a profile */
    uint32_t line;       /* 1-based; 0 when unknown */
    uint32_t column;     /* 1-based (code points in a pack file, bytes in a profile); 0 when unknown */
    const char* details; /* JSON array of every diagnostic (as tr_ruleset_lint), or NULL */
} tr_error;

/* A loaded, checked and compiled rule pack. Opaque; immutable; see Thread-safety. */
typedef struct tr_ruleset tr_ruleset;

/* The engine's version, e.g. "0.1.0". Static storage: do not free. */
TALENTRULES_C_API const char* tr_version(void);

/* Loads the rule pack in the folder `directory` (every *.yaml outside tests/).
 * On success *out is a new ruleset. On TR_E_LOAD the error locates the first error in
 * the pack (file, line, column, code) and `details` lists all of them. */
TALENTRULES_C_API tr_status tr_ruleset_load(const char* directory, tr_ruleset** out, tr_error** error);

/* Decides every measure (or those in options.measures) for one applicant.
 *
 * `profile_json` is `len` bytes of UTF-8 JSON (need not be NUL-terminated): an object
 * of facts as declared by the pack's schema. `options_json` is NULL or a
 * NUL-terminated JSON object with any of
 *   "as_of":    "YYYY-MM-DD"  evaluation date (default: today, UTC)
 *   "measures": ["id", ...]   only these measures (default: all)
 *   "lang":     "zh" | "en"   also render the caseworker's text into the report's
 *                             "text" member, in that language (default: no text)
 *   "messages": "zh" | "en"   language of error messages (default: lang, else zh)
 *   "explain":  true | false  include each decision's conditions and what would
 *                             change an ineligible one (default: true)
 *   "strict":   true | false  make no assumptions for absent facts (default: false)
 * Unknown keys are an error.
 *
 * On success *report_json is the report (docs/REPORT.md). A malformed profile is
 * TR_E_PROFILE with code TR5004 and the line and column of the fault; a field that is
 * not in the schema, of the wrong type or outside its category is TR5001-TR5003. The
 * error names the first problem; its `details` lists every problem of the profile, each
 * with the JSON pointer of the value ("pointer": "/home_purchase/date") and its line and
 * column in the profile text. */
TALENTRULES_C_API tr_status tr_ruleset_check(const tr_ruleset* ruleset, const char* profile_json, size_t len,
                                             const char* options_json, char** report_json, tr_error** error);

/* The warnings found when the pack was loaded, as a JSON array of
 * {"severity","code","message","file","line","column"} (empty: "[]"). Errors never
 * appear here: a pack with errors does not load (see tr_error.details). */
TALENTRULES_C_API tr_status tr_ruleset_lint(const tr_ruleset* ruleset, char** diagnostics_json, tr_error** error);

/* The pack's measures as a JSON array of
 * {"id","title":{"zh","en"},"kind","clause":{"section","text"},"effective":{"from","to"},"unit"}. */
TALENTRULES_C_API tr_status tr_ruleset_measures(const tr_ruleset* ruleset, char** measures_json, tr_error** error);

/* Frees a ruleset from tr_ruleset_load. NULL is ignored. */
TALENTRULES_C_API void tr_ruleset_free(tr_ruleset* ruleset);

/* Frees a string returned by this library. NULL is ignored. */
TALENTRULES_C_API void tr_string_free(char* string);

/* Frees an error returned by this library, with its strings. NULL is ignored. */
TALENTRULES_C_API void tr_error_free(tr_error* error);

#ifdef __cplusplus
}
#endif

#endif /* TALENTRULES_TALENTRULES_H */
