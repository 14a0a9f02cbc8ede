/* C99 test of the C API: c_api_test RULES_DIR PROFILE_JSON
 * Loads the pack, checks a good profile, malformed and invalid ones, bad options and
 * NULL arguments, checks from several threads at once, and frees everything. */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "talentrules/talentrules.h"

static int failures = 0;

#define EXPECT(cond)                                                          \
    do {                                                                      \
        if (!(cond)) {                                                        \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
            ++failures;                                                       \
        }                                                                     \
    } while (0)

static char* read_file(const char* path, size_t* len) {
    FILE* f = fopen(path, "rb");
    char* text;
    long size;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    text = malloc((size_t)size + 1);
    if (text && fread(text, 1, (size_t)size, f) != (size_t)size) {
        free(text);
        text = NULL;
    }
    fclose(f);
    if (text) {
        text[size] = '\0';
        *len = (size_t)size;
    }
    return text;
}

static const char* options = "{\"as_of\":\"2025-07-01\"}";

/* Checks `profile` expecting failure with `status` and diagnostic `code`. */
static void expect_failure(const tr_ruleset* rules, const char* profile, const char* opts, tr_status status,
                           const char* code) {
    char* report = (char*)"untouched";
    tr_error* err = NULL;
    tr_status st = tr_ruleset_check(rules, profile, profile ? strlen(profile) : 0, opts, &report, &err);
    EXPECT(st == status);
    EXPECT(report == NULL);
    EXPECT(err != NULL);
    if (err) {
        EXPECT(err->status == status);
        EXPECT(err->message != NULL && err->message[0] != '\0');
        EXPECT(err->file != NULL);
        if (code) {
            if (strcmp(err->code, code) != 0) fprintf(stderr, "  code %s, expected %s\n", err->code, code);
            EXPECT(strcmp(err->code, code) == 0);
        }
    }
    tr_error_free(err);
    tr_string_free(report);
}

struct worker {
    const tr_ruleset* rules;
    const char* profile;
    size_t len;
    const char* expected;
    int mismatches;
};

static void* check_many(void* arg) {
    struct worker* w = arg;
    int i;
    for (i = 0; i < 25; ++i) {
        char* report = NULL;
        if (tr_ruleset_check(w->rules, w->profile, w->len, options, &report, NULL) != TR_OK ||
            strcmp(report, w->expected) != 0) {
            ++w->mismatches;
        }
        tr_string_free(report);
    }
    return NULL;
}

int main(int argc, char** argv) {
    tr_ruleset* rules = NULL;
    tr_error* err = NULL;
    char* report = NULL;
    char* json = NULL;
    char* profile;
    char* padded;
    size_t len = 0;
    int i;

    if (argc != 3) {
        fprintf(stderr, "usage: c_api_test RULES_DIR PROFILE_JSON\n");
        return 2;
    }
    profile = read_file(argv[2], &len);
    if (!profile) {
        fprintf(stderr, "cannot read %s\n", argv[2]);
        return 2;
    }

    EXPECT(tr_version() != NULL && strlen(tr_version()) > 0);

    /* Under TALENTRULES_FAULT=check (ctest c_api_fault) the library throws bad_alloc
       inside tr_ruleset_check: it must come back as TR_E_OUT_OF_MEMORY, not abort. */
    if (getenv("TALENTRULES_FAULT") && strcmp(getenv("TALENTRULES_FAULT"), "check") == 0) {
        EXPECT(tr_ruleset_load(argv[1], &rules, &err) == TR_OK);
        EXPECT(tr_ruleset_check(rules, profile, len, "{\"as_of\": \"2025-07-01\"}", &report, &err) ==
               TR_E_OUT_OF_MEMORY);
        EXPECT(report == NULL && err != NULL && err->status == TR_E_OUT_OF_MEMORY);
        tr_error_free(err);
        tr_ruleset_free(rules);
        free(profile);
        if (failures == 0) printf("c_api_fault: ok\n");
        return failures == 0 ? 0 : 1;
    }

    /* Loading: a missing folder and NULL arguments fail with an error, never a crash. */
    EXPECT(tr_ruleset_load("/nonexistent/talentrules-pack", &rules, &err) == TR_E_LOAD);
    EXPECT(rules == NULL);
    EXPECT(err != NULL && err->status == TR_E_LOAD && strlen(err->code) > 0);
    tr_error_free(err);
    err = NULL;
    EXPECT(tr_ruleset_load(NULL, &rules, &err) == TR_E_INVALID_ARGUMENT);
    EXPECT(err != NULL && strcmp(err->code, "invalid_argument") == 0);
    tr_error_free(err);
    EXPECT(tr_ruleset_load(argv[1], NULL, NULL) == TR_E_INVALID_ARGUMENT);

    err = NULL;
    if (tr_ruleset_load(argv[1], &rules, &err) != TR_OK) {
        fprintf(stderr, "load %s failed: %s:%u:%u: %s: %s\n", argv[1], err->file, (unsigned)err->line,
                (unsigned)err->column, err->code, err->message);
        tr_error_free(err);
        free(profile);
        return 1;
    }
    EXPECT(err == NULL);

    /* Lint and measures. */
    EXPECT(tr_ruleset_lint(rules, &json, &err) == TR_OK);
    EXPECT(json != NULL && json[0] == '[');
    tr_string_free(json);
    json = NULL;
    EXPECT(tr_ruleset_measures(rules, &json, &err) == TR_OK);
    EXPECT(json != NULL && strstr(json, "\"id\":\"") != NULL && strstr(json, "\"clause\":{") != NULL);
    tr_string_free(json);

    /* P01: a full report with explanations. */
    EXPECT(tr_ruleset_check(rules, profile, len, options, &report, &err) == TR_OK);
    EXPECT(err == NULL);
    EXPECT(report != NULL);
    if (report) {
        EXPECT(strstr(report, "\"applicant_id\":\"P01\"") != NULL);
        EXPECT(strstr(report, "\"as_of\":\"2025-07-01\"") != NULL);
        EXPECT(strstr(report, "\"outcome\":\"eligible\"") != NULL);
        EXPECT(strstr(report, "\"explanation\":[") != NULL);
        /* No caseworker's text without lang: the report ends with the decisions. */
        EXPECT(strlen(report) > 2 && strcmp(report + strlen(report) - 2, "]}") == 0);
    }

    /* The profile need not be NUL-terminated: only `len` bytes are read. */
    padded = malloc(len + 16);
    if (padded) {
        char* again = NULL;
        memcpy(padded, profile, len);
        memcpy(padded + len, "}}garbage[[[", 12);
        EXPECT(tr_ruleset_check(rules, padded, len, options, &again, NULL) == TR_OK);
        EXPECT(again != NULL && report != NULL && strcmp(again, report) == 0);
        tr_string_free(again);
        free(padded);
    }

    /* Options: explain off, English text, a subset of measures; NULL = defaults. */
    json = NULL;
    EXPECT(tr_ruleset_check(rules, profile, len, "{\"as_of\":\"2025-07-01\",\"explain\":false,\"lang\":\"en\"}",
                            &json, NULL) == TR_OK);
    EXPECT(json != NULL && strstr(json, "\"explanation\"") == NULL && strstr(json, ",\"text\":\"Applicant P01") != NULL);
    tr_string_free(json);
    json = NULL;
    EXPECT(tr_ruleset_check(rules, profile, len, NULL, &json, NULL) == TR_OK);
    tr_string_free(json);

    /* Bad profiles: a malformed one is TR5004 with a position. */
    err = NULL;
    json = NULL;
    {
        const char* broken = "{\"applicant_id\": \"X\",\n  \"birth_date\": }";
        EXPECT(tr_ruleset_check(rules, broken, strlen(broken), options, &json, &err) == TR_E_PROFILE);
    }
    EXPECT(json == NULL);
    EXPECT(err != NULL && strcmp(err->code, "TR5004") == 0 && err->line == 2 && err->column > 0);
    EXPECT(err != NULL && err->details != NULL && err->details[0] == '[');
    tr_error_free(err);
    expect_failure(rules, "{\"applicant_id\":\"P01\",", options, TR_E_PROFILE, "TR5004");
    expect_failure(rules, "", options, TR_E_PROFILE, "TR5004");
    expect_failure(rules, "[1, 2]", options, TR_E_PROFILE, "TR5004");
    expect_failure(rules, "{\"no_such_fact\": 1}", options, TR_E_PROFILE, "TR5001");
    expect_failure(rules, "{\"birth_date\": 1992}", options, TR_E_PROFILE, "TR5002");
    expect_failure(rules, "{\"birth_date\": \"2023-02-30\"}", options, TR_E_PROFILE, NULL);
    expect_failure(rules, "{\"highest_degree\": \"院士\"}", options, TR_E_PROFILE, "TR5003");

    /* Every problem at once in `details`, each with its pointer and place; messages in
       Chinese unless "messages" (or "lang") says "en". */
    {
        const char* many = "{\"highest_degre\": \"硕士\",\n \"home_purchase\": {\"date\": \"2025-02-30\"},\n \"honors\": [1]}";
        err = NULL;
        EXPECT(tr_ruleset_check(rules, many, strlen(many), options, &json, &err) == TR_E_PROFILE);
        EXPECT(err != NULL && strcmp(err->code, "TR5001") == 0 && err->line == 1 && err->column == 2);
        EXPECT(err != NULL && strstr(err->message, "您是否想输入 'highest_degree'") != NULL);
        EXPECT(err != NULL && err->details != NULL &&
               strstr(err->details, "\"line\":2,\"column\":28,\"pointer\":\"/home_purchase/date\"") != NULL &&
               strstr(err->details, "\"pointer\":\"/honors/0\"") != NULL &&
               strstr(err->details, "不是日历上存在的日期") != NULL);
        tr_error_free(err);
        err = NULL;
        EXPECT(tr_ruleset_check(rules, many, strlen(many), "{\"as_of\":\"2025-07-01\",\"messages\":\"en\"}", &json,
                                &err) == TR_E_PROFILE);
        EXPECT(err != NULL && strstr(err->message, "(did you mean 'highest_degree'?)") != NULL);
        EXPECT(err != NULL && err->details != NULL && strstr(err->details, "2025-02-30 is not a day of the calendar") != NULL);
        tr_error_free(err);
        expect_failure(rules, profile, "{\"messages\":\"fr\"}", TR_E_OPTIONS, "TR6003");
        /* A misspelt measure id is suggested (TR6002), as in the CLI and Python. */
        err = NULL;
        EXPECT(tr_ruleset_check(rules, profile, strlen(profile), "{\"measures\":[\"M01-teir\"],\"messages\":\"en\"}",
                                &json, &err) == TR_E_OPTIONS);
        EXPECT(err != NULL && strcmp(err->code, "TR6002") == 0 && strstr(err->message, "did you mean 'M01-tier'?") != NULL);
        tr_error_free(err);
    }

    /* Bad options. */
    /* Options the library judges carry its TR6xxx code (docs/API.md); malformed JSON
       options have none, so their code is the status's name. */
    expect_failure(rules, profile, "{\"as_of\":\"2025-02-30\"}", TR_E_OPTIONS, "TR6001");
    expect_failure(rules, profile, "{\"as_of\":20250701}", TR_E_OPTIONS, "options");
    expect_failure(rules, profile, "{\"asof\":\"2025-07-01\"}", TR_E_OPTIONS, "options");
    expect_failure(rules, profile, "{\"measures\":[\"no-such-measure\"]}", TR_E_OPTIONS, "TR6002");
    expect_failure(rules, profile, "{\"lang\":\"fr\"}", TR_E_OPTIONS, "TR6003");
    expect_failure(rules, profile, "not json", TR_E_OPTIONS, "options");
    expect_failure(rules, profile, "[]", TR_E_OPTIONS, "options");

    /* NULL arguments. */
    expect_failure(NULL, profile, options, TR_E_INVALID_ARGUMENT, "invalid_argument");
    EXPECT(tr_ruleset_check(rules, NULL, 5, options, &json, NULL) == TR_E_INVALID_ARGUMENT);
    EXPECT(tr_ruleset_check(rules, profile, len, options, NULL, NULL) == TR_E_INVALID_ARGUMENT);
    EXPECT(tr_ruleset_lint(NULL, &json, NULL) == TR_E_INVALID_ARGUMENT && json == NULL);
    EXPECT(tr_ruleset_measures(rules, NULL, NULL) == TR_E_INVALID_ARGUMENT);

    /* One ruleset, four threads, same answers. */
    if (report) {
        pthread_t threads[4];
        struct worker workers[4];
        int started = 0;
        for (i = 0; i < 4; ++i) {
            workers[i].rules = rules;
            workers[i].profile = profile;
            workers[i].len = len;
            workers[i].expected = report;
            workers[i].mismatches = 0;
            if (pthread_create(&threads[i], NULL, check_many, &workers[i]) == 0) ++started;
            else break;
        }
        EXPECT(started == 4);
        for (i = 0; i < started; ++i) {
            pthread_join(threads[i], NULL);
            EXPECT(workers[i].mismatches == 0);
        }
    }

    tr_string_free(report);
    tr_ruleset_free(rules);
    tr_ruleset_free(NULL);
    tr_string_free(NULL);
    tr_error_free(NULL);
    free(profile);

    if (failures) {
        fprintf(stderr, "c_api_test: %d failure(s)\n", failures);
        return 1;
    }
    printf("c_api_test: all checks passed (talentrules %s)\n", tr_version());
    return 0;
}
